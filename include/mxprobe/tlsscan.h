/*
 * tlsscan.h -- what a server's TLS accepts beyond what BearSSL can
 * negotiate: TLS 1.3, legacy versions, weak and static-RSA suites, DHE,
 * cipher preference, extended master secret.
 *
 * A scan is one task on the poll loop per address.  It makes its
 * connections one at a time, MX_TLSSCAN_GAP_MS apart, each with its own
 * deadlines inside the run's: TCP connect, then greeting, EHLO and
 * STARTTLS through the SMTP machine (smtp.h) -- or nothing on implicit
 * TLS -- then a raw ClientHello (hello.h) instead of a handshake, the
 * answer read up to ServerHelloDone (TLS 1.3: ServerHello), an alert or
 * EOF, and close.  No handshake is ever finished and no mail command is
 * sent.  What each connection offers is decided from the answers so far
 * and from the main probe's (tlsscan.c lists every connection).
 *
 * The scan never prints or judges: tlsscan_facts() sums its answers up
 * for the judgement (judge.h) and the report layer.
 * It is never copied or moved once started (the task is its first member).
 */
#ifndef MXPROBE_TLSSCAN_H
#define MXPROBE_TLSSCAN_H

#include <sys/socket.h>
#include <bearssl.h>
#include "mxprobe/task.h"
#include "mxprobe/smtp.h"
#include "mxprobe/hello.h"

enum tlsscan_level { TLSSCAN_OFF, TLSSCAN_BASIC, TLSSCAN_FULL };

/* The connections a scan can make, in the order it makes them. */
enum tlsscan_kind {
	TS_K_V13,	/* TLS 1.3 only */
	TS_K_ORDER_A,	/* TLS 1.2, BearSSL's ECDHE suites */
	TS_K_ORDER_B,	/* the same reversed (no main-probe suite) */
	TS_K_CRIT,	/* NULL, EXPORT and anonymous suites only */
	TS_K_LEGACY,	/* TLS 1.1 at most */
	TS_K_WEAK,	/* RC4, DES, 3DES (and CRIT's, if CRIT did not run) */
	TS_K_RSA,	/* static RSA key exchange only */
	TS_K_SSL3,	/* full: SSL 3.0 only */
	TS_K_TLS10,	/* full: TLS 1.0 at most */
	TS_K_DHE,	/* full: DHE only */
	TS_K_ENUM13,	/* full: TLS 1.3 suites not yet seen, repeated */
	TS_K_ENUM12,	/* full: every other suite not yet seen, repeated */
	TS_K__COUNT
};

/* Outcome of one connection (struct tlsscan_ans.st). */
#define TS_A_NONE	0	/* not made */
#define TS_A_OK		1	/* a ServerHello (or an HRR) */
#define TS_A_REFUSED	2	/* alert or EOF, no ServerHello */
#define TS_A_FAILED	3	/* timeout or an answer that is not TLS */

struct tlsscan_ans {
	unsigned char	 st;		/* TS_A_* */
	unsigned char	 hrr, ems;
	unsigned char	 alert;		/* fatal alert */
	uint16_t	 version, suite, group;
	unsigned	 dh_bits;
};

struct tlsscan;

struct tlsscan_cfg {
	char			 host[MX_NAME_MAX + 1];	/* SNI */
	struct sockaddr_storage	 addr;		/* port included */
	socklen_t		 addrlen;
	int			 implicit_tls;
	const char		*ehlo_name;
	enum tlsscan_level	 level;
	mx_ms			 step_ms;	/* each step's deadline */
	mx_ms			 deadline;	/* absolute, the run's */
	unsigned char		 seed[32];	/* randoms, key shares */
	/* what the main probe negotiated; 0 when its handshake failed */
	uint16_t		 main_version, main_suite;
	void			(*trace)(void *arg, const char *from,
				    const char *to);
	void			*trace_arg;
	/* called once at the end, as the last thing the scan does */
	void			(*done)(struct tlsscan *s, void *arg,
				    mx_ms now);
	void			*done_arg;
};

enum tlsscan_st {
	TS_S_GAP,	/* waiting before the next connection */
	TS_S_CONNECT,
	TS_S_SMTP,	/* greeting, EHLO, STARTTLS */
	TS_S_HELLO,	/* ClientHello sent, reading the answer */
	TS_S_DONE,
	TS_S__COUNT
};

struct tlsscan {
	struct task		 t;		/* first member */
	struct tlsscan_cfg	 cfg;
	enum tlsscan_st		 st;
	/* what stopped the scan early (connect, SMTP, deadline); sticky */
	enum mx_err		 err;
	int			 sys_errno;
	unsigned		 conns;		/* connections made */
	unsigned		 pi;		/* plan position */
	enum tlsscan_kind	 kind;		/* this connection's */
	mx_ms			 step_deadline;
	struct tlsscan_ans	 ans[TS_K__COUNT];	/* last of each */
	/* full: accepted suites in the order found, TLS 1.3 ones first */
	uint16_t		 suites[MX_TLSSCAN_SUITES_MAX];
	unsigned		 nsuites;
	int			 suites_truncated;
	br_hmac_drbg_context	 rng;
	/* the current connection */
	size_t			 ooff, olen;	/* hello: sent, all */
	size_t			 soff;		/* SMTP: sent */
	unsigned char		 hello[MX_HELLO_REC_MAX];
	struct smtp_client	 smtp;
	struct hello_parse	 hp;
};

/*
 * Bound on the scan slot (x86_64 ~9.7 KB, one per address in an audit):
 * the SMTP machine (5.3 KB), the answer parser (2.2 KB), one hello, the
 * suites found and ~1 KB of the rest.  tlsscan.c asserts it.
 */
#define TLSSCAN_SIZE_MAX	(sizeof(struct smtp_client) + \
	sizeof(struct hello_parse) + MX_HELLO_REC_MAX + \
	2 * MX_TLSSCAN_SUITES_MAX + 1024)

/*
 * Starts a scan at now: the first connection is made after
 * MX_TLSSCAN_GAP_MS.  cfg is copied.  The task is ready for loop_add()
 * (with level TLSSCAN_OFF it ends at once, having made no connection).
 */
void tlsscan_start(struct tlsscan *s, const struct tlsscan_cfg *cfg,
    mx_ms now);
/* A fact of the scan: not learnt, learnt false, learnt true. */
#define TLSSCAN_UNK	0
#define TLSSCAN_NO	1
#define TLSSCAN_YES	2

/* What the answers say, worked out once for the judgement and the keys. */
struct tlsscan_facts {
	unsigned char	 v[5];		/* SSL 3.0 .. TLS 1.3 accepted */
	/* static RSA key exchange, DHE, server cipher order, EMS */
	unsigned char	 t[4];
	unsigned	 weak;		/* HELLO_C_WEAK classes accepted */
	int		 weak_none;	/* every weak hello was refused */
	unsigned	 bits;		/* smallest DHE prime seen */
};
/* Sums up the answers of scan s (which ran: level not off) into f. */
void tlsscan_facts(const struct tlsscan *s, struct tlsscan_facts *f);
/* "off", "basic", "full"; -1 from tlsscan_level_parse for anything else. */
const char *tlsscan_level_str(enum tlsscan_level l);
int tlsscan_level_parse(const char *s);

#endif
