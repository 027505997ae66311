/*
 * loop.h -- one poll() loop over at most MX_SLOTS_MAX tasks.
 *
 * Before each wait the loop copies fd/events of live tasks into a static
 * pollfd[] and waits until the earliest deadline; after it, it calls on_io
 * for tasks with revents and on_timeout for tasks whose deadline passed.
 * It knows nothing of SMTP, TLS or DNS.
 */
#ifndef MXPROBE_LOOP_H
#define MXPROBE_LOOP_H

#include "mxprobe/task.h"

/* Forgets every task. */
void loop_reset(void);
/* Adds t (not copied; it must outlive the run).  -1 if all slots are used. */
int loop_add(struct task *t);
/* Tasks still live. */
unsigned loop_live(void);
/*
 * Runs until every task is done.  clock is the time source (mx_clock_ms
 * normally).  Returns 0, or -1 if poll() failed for another reason than
 * EINTR.
 */
int loop_run(mx_ms (*clock)(void));

#endif
