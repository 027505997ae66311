/*
 * loop.h -- one poll() loop over at most MX_SLOTS_MAX tasks.
 *
 * Before each wait the loop copies fd/events of live tasks into its
 * pollfd[] and waits until the earliest deadline; after it, it calls on_io
 * for tasks with revents and on_timeout for tasks whose deadline passed.
 * It knows nothing of SMTP, TLS or DNS.  The caller owns the struct loop;
 * whoever adds a task names the loop it goes to, so several audits (or
 * any other owners of tasks) can share one loop.
 */
#ifndef MXPROBE_LOOP_H
#define MXPROBE_LOOP_H

#include <poll.h>
#include "mxprobe/limits.h"
#include "mxprobe/task.h"

struct loop {
	struct task	*slot[MX_SLOTS_MAX];
	struct pollfd	 pfd[MX_SLOTS_MAX];
	unsigned	 nlive;
};

/* Forgets every task. */
void loop_init(struct loop *l);
/* Adds t (not copied; it must outlive the run).  -1 if all slots are used. */
int loop_add(struct loop *l, struct task *t);
/* Tasks still live. */
unsigned loop_live(const struct loop *l);
/* Free slots: loop_add succeeds that many times. */
unsigned loop_room(const struct loop *l);
/*
 * Runs until every task is done.  clock is the time source (mx_clock_ms
 * normally).  Returns 0, or -1 if poll() failed for another reason than
 * EINTR.
 */
int loop_run(struct loop *l, mx_ms (*clock)(void));

#endif
