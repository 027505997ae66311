/*
 * probe.h -- one probe of one SMTP server address: TCP connect, SMTP
 * dialogue, STARTTLS (or implicit TLS), EHLO inside TLS, QUIT.
 *
 * A probe is a task on the poll loop; it owns its socket and glues the
 * pure SMTP machine to the TLS session.  It never reads a clock (now comes
 * from the loop) and never prints: facts stay in the struct for report.c.
 * A probe is never copied or moved (BearSSL contexts point at themselves).
 */
#ifndef MXPROBE_PROBE_H
#define MXPROBE_PROBE_H

#include <sys/socket.h>
#include "mxprobe/task.h"
#include "mxprobe/smtp.h"
#include "mxprobe/tls.h"

struct probe;
struct loop;

struct probe_cfg {
	char			 host[MX_NAME_MAX + 1];	/* SNI and name checks */
	struct sockaddr_storage	 addr;			/* port included */
	socklen_t		 addrlen;
	int			 implicit_tls;
	const char		*ehlo_name;
	mx_ms			 step_ms;	/* each step's own deadline */
	mx_ms			 deadline;	/* absolute, the whole probe */
	unsigned char		 seed[32];	/* TLS entropy (getrandom) */
	void			(*trace)(void *arg, const char *from, const char *to);
	void			*trace_arg;
	/*
	 * Called once when the probe ends, as the last thing the probe does
	 * (the task then returns TASK_DONE); may start other tasks.  NULL:
	 * nobody waits.
	 */
	void			(*done)(struct probe *p, void *arg, mx_ms now);
	void			*done_arg;
	/*
	 * injection_test: this connection is the
	 * injection test (smtp.h).  inject: not NULL, the probe runs the
	 * injection test after its dialogue when STARTTLS was advertised, on a
	 * connection of its own held in *inject (the caller's memory, used
	 * for nothing else; same address, deadlines and trace), and calls
	 * done only once that has ended too.  connect_only: the probe ends as
	 * soon as TCP is up (a port check; p->connected says so).
	 */
	int			 injection_test;
	struct probe		*inject;
	int			 connect_only;
	/* the loop the injection test's connection is added to */
	struct loop		*loop;
};

enum probe_st {
	PROBE_S_CONNECT,	/* connect() in progress */
	PROBE_S_PLAIN,		/* SMTP in clear */
	PROBE_S_TLS,		/* TLS handshake or SMTP inside TLS */
	PROBE_S_DONE,
	PROBE_S__COUNT
};

struct probe {
	struct task		 t;		/* first member */
	struct probe_cfg	 cfg;
	enum probe_st		 st;
	enum mx_err		 err;		/* sticky: first error wins */
	int			 sys_errno;	/* saved right after the syscall */
	int			 connected;
	int			 tls_started;
	int			 smtp_started;
	int			 quitting;	/* QUIT queued: close once it is out */
	mx_ms			 step_deadline;	/* connect / implicit handshake */
	size_t			 ooff;		/* plaintext bytes of obuf sent */
	size_t			 olen;		/* plaintext bytes to send */
	struct smtp_client	 smtp;
	struct tls_sess		 tls;
	/* the injection test's connection, when cfg.inject ran it */
	int			 inject_ran;
	enum smtp_inj		 inject_verdict;
	enum mx_err		 inject_err;	/* why it is unknown */
};

/*
 * Starts the probe at now: creates a non-blocking socket and begins
 * connect().  The task is ready for loop_add() afterwards (it may already
 * be finished: p->st == PROBE_S_DONE, e.g. socket() failed; still add it,
 * the loop calls on_timeout at once and forgets it).
 */
void probe_start(struct probe *p, const struct probe_cfg *cfg, mx_ms now);
/* The error that ended the probe, MX_OK if none. */
enum mx_err probe_error(const struct probe *p);
/* "connect", "plain", "tls", "done". */
const char *probe_state_str(enum probe_st s);

#endif
