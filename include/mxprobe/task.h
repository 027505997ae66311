/*
 * task.h -- what the poll loop knows of a task: an fd, events, a deadline.
 *
 * A task is the first member of its owner (probe, DNS query, ...) and is
 * driven only through its class.  fd -1 means a pure wait on the deadline.
 */
#ifndef MXPROBE_TASK_H
#define MXPROBE_TASK_H

#include "mxprobe/clock.h"

enum task_rc {
	TASK_WAIT,		/* fd/events/deadline updated; call me again */
	TASK_DONE		/* finished; the loop forgets the task */
};

struct task;

struct task_class {
	const char	*name;
	/* revents has POLLERR/POLLHUP folded into POLLIN|POLLOUT */
	enum task_rc	(*on_io)(struct task *t, short revents, mx_ms now);
	enum task_rc	(*on_timeout)(struct task *t, mx_ms now);
};

struct task {
	const struct task_class	*cls;	/* first member */
	int			 fd;
	short			 events;
	mx_ms			 deadline;	/* absolute; MX_MS_NEVER for none */
};

#endif
