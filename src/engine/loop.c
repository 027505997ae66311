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
#include "mxprobe/limits.h"
#include "mxprobe/loop.h"

/* see loop.h */
void
loop_init(struct loop *l)
{
	unsigned i;

	for (i = 0; i < MX_SLOTS_MAX; i++)
		l->slot[i] = 0;
	l->nlive = 0;
}

/* see loop.h */
int
loop_add(struct loop *l, struct task *t)
{
	unsigned i;

	for (i = 0; i < MX_SLOTS_MAX; i++)
		if (l->slot[i] == 0) {
			l->slot[i] = t;
			l->nlive++;
			return 0;
		}
	return -1;
}

/* see loop.h */
unsigned
loop_live(const struct loop *l)
{
	return l->nlive;
}

/* see loop.h */
unsigned
loop_room(const struct loop *l)
{
	return MX_SLOTS_MAX - l->nlive;
}

static void
finish(struct loop *l, unsigned i)
{
	l->slot[i] = 0;
	l->nlive--;
}

/* see loop.h */
int
loop_run(struct loop *l, mx_ms (*clock)(void))
{
	unsigned i;
	mx_ms now, next;
	int timeout, n;
	short re;

	while (l->nlive > 0) {
		now = clock();
		next = MX_MS_NEVER;
		for (i = 0; i < MX_SLOTS_MAX; i++) {
			l->pfd[i].fd = -1;
			l->pfd[i].events = 0;
			l->pfd[i].revents = 0;
			if (l->slot[i] == 0)
				continue;
			if (l->slot[i]->fd >= 0 && l->slot[i]->events) {
				l->pfd[i].fd = l->slot[i]->fd;
				l->pfd[i].events = l->slot[i]->events;
			}
			if (l->slot[i]->deadline < next)
				next = l->slot[i]->deadline;
		}
		if (next == MX_MS_NEVER)
			timeout = -1;
		else if (next <= now)
			timeout = 0;
		else if (next - now > 0x7fffffff)
			timeout = 0x7fffffff;
		else
			timeout = (int)(next - now);
		n = poll(l->pfd, MX_SLOTS_MAX, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		now = clock();
		for (i = 0; i < MX_SLOTS_MAX; i++) {
			if (l->slot[i] == 0)
				continue;
			re = l->pfd[i].revents;
			if (re & (POLLERR | POLLHUP | POLLNVAL))
				re |= POLLIN | POLLOUT;
			re &= l->slot[i]->events | POLLIN | POLLOUT;
			if (l->pfd[i].fd >= 0 && re &&
			    l->slot[i]->cls->on_io(l->slot[i], re, now) == TASK_DONE) {
				finish(l, i);
				continue;
			}
			/*
			 * Checked after I/O too: a server dripping one byte
			 * per poll must not keep a task alive past its deadline.
			 */
			if (l->slot[i]->deadline <= now &&
			    l->slot[i]->cls->on_timeout(l->slot[i], now) == TASK_DONE)
				finish(l, i);
		}
	}
	return 0;
}
