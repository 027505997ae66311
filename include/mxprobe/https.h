/*
 * https.h -- one HTTPS GET from one address, as a task on the poll loop:
 * the MTA-STS policy fetch (RFC 8461 3.3).
 *
 * connect (net.h) -> TLS handshake (tls.h: the chain is recorded, trust
 * is not judged, so the handshake completes for any certificate) -> the
 * request (http.h) -> the response, parsed as it arrives, until complete
 * -> close_notify and close.  Redirects are never followed.  Every wait has
 * a deadline: each step (connect, handshake, request+response) gets
 * cfg.step_ms from its start, and nothing waits past cfg.deadline.  The
 * engine never reads a clock and never prints; it owns its socket.
 *
 * Usage (the caller allocates; the struct is ~117 KB: keep it static and
 * never copy or move it once started -- BearSSL points into it):
 *
 *	static struct https f;
 *	struct https_cfg c = { 0 };
 *	memcpy(&c.addr, sa, salen); c.addrlen = salen;	   port included
 *	strcpy(c.host, "mta-sts.example.com");		   SNI, Host, name
 *	strcpy(c.path, "/.well-known/mta-sts.txt");
 *	c.step_ms = 10000; c.deadline = now + 30000;
 *	getrandom(c.seed, sizeof c.seed, 0);
 *	c.done = fetched; c.done_arg = ctx;
 *	https_start(&f, &c, now);
 *	loop_add(&f.t);
 *	... in fetched(): https_error(&f), then https_sts_verdict(&f) for
 *	the HTTP side and https_pkix(&f, ...) for the certificate side.
 *
 * Results (valid when done is called, and after):
 *	https_error(f)     MX_OK, or what ended the fetch (table below)
 *	f->tls.done        the handshake completed; then f->tls.version
 *	                   (tls_version_str), f->tls.suite, f->tls.chain
 *	f->resp            the response (http.h): status, version, ctype,
 *	                   has_clen/clen, framing, location, body/body_len,
 *	                   complete
 *	f->sys_errno       errno of the syscall that failed, 0 if none
 *	f->elapsed_ms      from start to done
 * Errors of https_error():
 *	connect-refused, network-unreachable, connect-failed, connect-timeout
 *	timeout-tls           the handshake did not finish in its step
 *	tls-handshake-failed  it failed (f->tls.br_err: tls_br_err_name),
 *	                      also when the peer's first byte is not TLS
 *	                      (f->tls.plaintext)
 *	tls-failed            TLS failed after the handshake (bad record, alert)
 *	timeout-http          the request or the whole response did not pass
 *	                      in its step (a server that never answers, or
 *	                      drips)
 *	io-error, connection-closed   socket errors (reset: connection-closed)
 *	http-*                the parser's error (http.h), or http-truncated:
 *	                      the connection ended before the response did
 *	                      (RFC 9112 9.8: a close-delimited body needs a
 *	                      close_notify)
 *	limit                 host or path too long or not acceptable for the
 *	                      request (http_request)
 */
#ifndef MXPROBE_HTTPS_H
#define MXPROBE_HTTPS_H

#include <stdint.h>
#include <sys/socket.h>
#include "mxprobe/limits.h"
#include "mxprobe/task.h"
#include "mxprobe/tls.h"
#include "mxprobe/http.h"
#include "mxprobe/ca.h"
#include "mxprobe/x509.h"

struct https;

struct https_cfg {
	struct sockaddr_storage	 addr;			/* port included */
	socklen_t		 addrlen;
	char			 host[MX_NAME_MAX + 1];	/* SNI, Host, name */
	char			 path[MX_HTTP_PATH_MAX + 1];	/* "/..." */
	mx_ms			 step_ms;	/* each step's own deadline */
	mx_ms			 deadline;	/* absolute, the whole fetch */
	unsigned char		 seed[32];	/* TLS entropy (getrandom) */
	/* optional: every state change ("connect" -> "tls") */
	void			(*trace)(void *arg, const char *from,
				    const char *to);
	void			*trace_arg;
	/*
	 * Called exactly once when the fetch ends, as the last thing the
	 * engine does with f (the task then returns TASK_DONE and f is not
	 * touched again: the callback may read everything, even restart f).
	 * https_start() never calls it: a failure at start is reported at
	 * the first on_timeout, at once.  NULL: nobody waits.
	 */
	void			(*done)(struct https *f, void *arg, mx_ms now);
	void			*done_arg;
};

enum https_st {
	HTTPS_S_CONNECT,	/* connect() in progress */
	HTTPS_S_TLS,		/* handshake */
	HTTPS_S_HTTP,		/* request out, response in */
	HTTPS_S_CLOSE,		/* response complete: close_notify out */
	HTTPS_S_DONE,
	HTTPS_S__COUNT
};

struct https {
	struct task		 t;		/* first member */
	struct https_cfg	 cfg;
	enum https_st		 st;
	enum mx_err		 err;		/* sticky: first error wins */
	int			 sys_errno;	/* saved after the syscall */
	int			 connected;
	int			 tls_started;	/* f->tls is a session */
	int			 req_sent;	/* the whole request is out */
	mx_ms			 started, elapsed_ms;
	mx_ms			 step_deadline;	/* of the current step */
	size_t			 rlen;		/* request bytes */
	char			 req[MX_HTTP_REQ_MAX];
	struct http_resp	 resp;
	struct tls_sess		 tls;
	/* https_pkix's scratch: the leaf's facts, or one path element's */
	struct x509_facts	 fx;
};

/*
 * Bound on the slot (x86_64 ~121 KB): the TLS session (TLS_SESS_SIZE_MAX),
 * the response with its body, line and the request, and the certificate
 * facts https_pkix works in.  https.c asserts it.
 */
#define HTTPS_SIZE_MAX	(TLS_SESS_SIZE_MAX + MX_HTTP_BODY_MAX + \
	MX_HTTP_LINE_MAX + MX_HTTP_CTYPE_MAX + MX_HTTP_LOCATION_MAX + \
	2 * MX_HTTP_REQ_MAX + 1024 + sizeof(struct x509_facts))

/*
 * Starts the fetch at now: builds the request, creates a non-blocking
 * socket and begins connect().  The task is ready for loop_add()
 * afterwards (it may already be finished, e.g. socket() failed or the
 * request did not build: still add it, its on_timeout comes at once and
 * calls done).  Resets every field, so a slot is reused by starting it
 * again.
 */
void https_start(struct https *f, const struct https_cfg *cfg, mx_ms now);
/* The error that ended the fetch, MX_OK if none (see the table above). */
enum mx_err https_error(const struct https *f);
/*
 * The MTA-STS verdict of the fetch (RFC 8461 3.3): https_error() if any,
 * else http_sts_verdict(&f->resp): MX_OK means status 200, text/plain,
 * a complete body of at most MX_HTTP_BODY_MAX bytes in f->resp.body.
 * The certificate is judged separately (https_pkix).
 */
enum mx_err https_sts_verdict(const struct https *f);
/* "connect", "tls", "http", "close", "done". */
const char *https_state_str(enum https_st s);

/* What made the policy host's certificate fail strict PKIX (RFC 8461 3.3). */
enum https_pkix_fail {
	HTTPS_PKIX_OK,
	HTTPS_PKIX_NO_CHAIN,		/* no handshake, or no certificate
					   kept (ca.chain_truncated) */
	HTTPS_PKIX_UNREADABLE,		/* the leaf does not parse */
	HTTPS_PKIX_NOT_TRUSTED,		/* no path to an anchor of the bundle */
	HTTPS_PKIX_NAME_MISMATCH,	/* leaf does not name cfg.host */
	HTTPS_PKIX_EXPIRED,		/* a certificate of the path expired */
	HTTPS_PKIX_NOT_YET_VALID,	/* one of them is not valid yet */
	HTTPS_PKIX__COUNT
};

struct https_pkix {
	int			 ok;		/* all checks passed */
	enum https_pkix_fail	 fail;		/* first, in the order above */
	/* every check on its own (several can fail at once) */
	int			 trusted, name_match, expired, not_yet_valid;
	int64_t			 not_after;	/* of the leaf, unix seconds */
	struct ca_verdict	 ca;		/* ca_verify's own verdict */
};

/*
 * Strict PKIX verdict of a finished fetch's certificate, as RFC 8461 3.3
 * asks of the policy host: the recorded chain is validated against the CA
 * bundle at ca_path (ca_load into *cs, the caller's memory; then
 * ca_verify: dates aside), the leaf must name cfg.host (x509_host_match,
 * RFC 6125), and every certificate of the validated path must be valid at
 * now_unix (seconds; the -now clock).  v->fail is the first failure in
 * the order of enum https_pkix_fail, and https_pkix_str() gives the word
 * to report as the detail of sts-webpki-invalid: "not-trusted",
 * "name-mismatch", "expired", "not-yet-valid" (also "no-chain",
 * "unreadable").  Returns 0 with *v filled, or -1 with *sys_errno set if
 * the bundle cannot be read (*v then says not-trusted).  The certificate
 * facts go to f->fx (f's own scratch, so fetches do not share any), and
 * ca_verify takes ~6 KB of stack.
 */
int https_pkix(struct https *f, struct ca_store *cs,
    const char *ca_path, int64_t now_unix, struct https_pkix *v,
    int *sys_errno);
/* "ok", "no-chain", "unreadable", "not-trusted", "name-mismatch", ... */
const char *https_pkix_str(enum https_pkix_fail f);

#endif
