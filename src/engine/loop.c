/*
 * loop.c -- the poll() loop (see loop.h).
 *
 * IMPLEMENTATION NOTES
 * Tasks live in a fixed array of pointers; a finished task's slot is
 * cleared and reused.  Each round: copy fd/events of live tasks into
 * pollfd[] (fd -1 is ignored by poll, so pure waits cost nothing), wait
 * until the earliest deadline, then dispatch on_io for ready tasks and
 * on_timeout for overdue ones.  POLLERR/POLLHUP/POLLNVAL become
 * POLLIN|POLLOUT so the task's own read or write reports the error.
 */
#include <errno.h>
#include <poll.h>
#include "mxprobe/limits.h"
#include "mxprobe/loop.h"

static struct task	*slot[MX_SLOTS_MAX];
static struct pollfd	 pfd[MX_SLOTS_MAX];
static unsigned		 nlive;

/* see loop.h */
void
loop_reset(void)
{
	unsigned i;

	for (i = 0; i < MX_SLOTS_MAX; i++)
		slot[i] = 0;
	nlive = 0;
}

/* see loop.h */
int
loop_add(struct task *t)
{
	unsigned i;

	for (i = 0; i < MX_SLOTS_MAX; i++)
		if (slot[i] == 0) {
			slot[i] = t;
			nlive++;
			return 0;
		}
	return -1;
}

/* see loop.h */
unsigned
loop_live(void)
{
	return nlive;
}

static void
finish(unsigned i)
{
	slot[i] = 0;
	nlive--;
}

/* see loop.h */
int
loop_run(mx_ms (*clock)(void))
{
	unsigned i;
	mx_ms now, next;
	int timeout, n;
	short re;

	while (nlive > 0) {
		now = clock();
		next = MX_MS_NEVER;
		for (i = 0; i < MX_SLOTS_MAX; i++) {
			pfd[i].fd = -1;
			pfd[i].events = 0;
			pfd[i].revents = 0;
			if (slot[i] == 0)
				continue;
			if (slot[i]->fd >= 0 && slot[i]->events) {
				pfd[i].fd = slot[i]->fd;
				pfd[i].events = slot[i]->events;
			}
			if (slot[i]->deadline < next)
				next = slot[i]->deadline;
		}
		if (next == MX_MS_NEVER)
			timeout = -1;
		else if (next <= now)
			timeout = 0;
		else if (next - now > 0x7fffffff)
			timeout = 0x7fffffff;
		else
			timeout = (int)(next - now);
		n = poll(pfd, MX_SLOTS_MAX, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		now = clock();
		for (i = 0; i < MX_SLOTS_MAX; i++) {
			if (slot[i] == 0)
				continue;
			re = pfd[i].revents;
			if (re & (POLLERR | POLLHUP | POLLNVAL))
				re |= POLLIN | POLLOUT;
			re &= slot[i]->events | POLLIN | POLLOUT;
			if (pfd[i].fd >= 0 && re &&
			    slot[i]->cls->on_io(slot[i], re, now) == TASK_DONE) {
				finish(i);
				continue;
			}
			/*
			 * Checked after I/O too: a server dripping one byte
			 * per poll must not keep a task alive past its deadline.
			 */
			if (slot[i]->deadline <= now &&
			    slot[i]->cls->on_timeout(slot[i], now) == TASK_DONE)
				finish(i);
		}
	}
	return 0;
}
