/*
 * https.c -- one HTTPS GET as a task on the poll loop (see https.h).
 *
 * IMPLEMENTATION NOTES
 * States (enum https_st), each with its own step deadline (cfg.step_ms
 * from its entry) under the fetch's absolute cfg.deadline; reaching
 * either counts as a timeout of the current step:
 *   CONNECT  non-blocking connect() (net.h); POLLOUT, then SO_ERROR says
 *            how it went.  -> TLS, or DONE with connect-*.
 *   TLS      BearSSL records moved between the socket and the session
 *            (tls.h: the chain is recorded, never judged here).  When the
 *            handshake completes the request (http.h) is queued as one
 *            application record.  -> HTTP, or DONE with tls-handshake-
 *            failed / timeout-tls.
 *   HTTP     the request goes out, the response comes in: every decrypted
 *            byte goes to http_resp_feed().  Complete -> CLOSE.  The
 *            connection ending first: close_notify received is a clean
 *            end (a close-delimited body is then complete), a bare TCP
 *            EOF is not (RFC 9112 9.8): http_resp_eof() decides.
 *   CLOSE    our close_notify goes out (RFC 8446 6.1 / 5246 7.2.1), and
 *            the socket is closed without waiting for the server's: the
 *            response is already whole.
 *   DONE     socket closed, facts final, done() called once.
 * One read per readiness report (the socket may be dry); decrypted data is
 * always drained before the session's state is looked at, so bytes that
 * came with the close are never lost.  A parser error ends the fetch at
 * once (no close_notify: the peer is broken or hostile).
 * The certificate verdict (https_pkix) runs afterwards on the recorded
 * chain: ca.h for trust (dates aside), x509.h for the name (RFC 6125) and
 * for the dates of every certificate of the validated path (RFC 5280
 * 4.1.2.5: both ends inclusive).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include "mxprobe/https.h"
#include "mxprobe/net.h"
#include "mxprobe/tlsio.h"
#include "mxprobe/x509.h"

_Static_assert(sizeof(struct https) <= HTTPS_SIZE_MAX,
    "struct https outgrew HTTPS_SIZE_MAX (https.h)");

static const char *const st_str[HTTPS_S__COUNT] = {
	[HTTPS_S_CONNECT]	= "connect",
	[HTTPS_S_TLS]		= "tls",
	[HTTPS_S_HTTP]		= "http",
	[HTTPS_S_CLOSE]		= "close",
	[HTTPS_S_DONE]		= "done",
};
_Static_assert(sizeof st_str / sizeof st_str[0] == HTTPS_S__COUNT,
    "https state names");

static const char *const pkix_str[HTTPS_PKIX__COUNT] = {
	[HTTPS_PKIX_OK]			= "ok",
	[HTTPS_PKIX_NO_CHAIN]		= "no-chain",
	[HTTPS_PKIX_UNREADABLE]		= "unreadable",
	[HTTPS_PKIX_NOT_TRUSTED]	= "not-trusted",
	[HTTPS_PKIX_NAME_MISMATCH]	= "name-mismatch",
	[HTTPS_PKIX_EXPIRED]		= "expired",
	[HTTPS_PKIX_NOT_YET_VALID]	= "not-yet-valid",
};
_Static_assert(sizeof pkix_str / sizeof pkix_str[0] == HTTPS_PKIX__COUNT,
    "pkix verdict names");

/* see https.h */
const char *
https_state_str(enum https_st s)
{
	return (unsigned)s < HTTPS_S__COUNT ? st_str[s] : "?";
}

/* see https.h */
const char *
https_pkix_str(enum https_pkix_fail f)
{
	return (unsigned)f < HTTPS_PKIX__COUNT ? pkix_str[f] : "?";
}

static enum task_rc https_on_io(struct task *, short, mx_ms);
static enum task_rc https_on_timeout(struct task *, mx_ms);

static const struct task_class https_class = {
	"https", https_on_io, https_on_timeout
};

static void
fail(struct https *f, enum mx_err e)
{
	if (f->err == MX_OK)
		f->err = e;
}

static void
set_st(struct https *f, enum https_st st, mx_ms now)
{
	if (f->cfg.trace)
		f->cfg.trace(f->cfg.trace_arg, https_state_str(f->st),
		    https_state_str(st));
	f->st = st;
	f->step_deadline = now + f->cfg.step_ms;
}

static mx_ms
min_ms(mx_ms a, mx_ms b)
{
	return a < b ? a : b;
}

static enum task_rc
finish(struct https *f, mx_ms now)
{
	if (f->t.fd >= 0)
		close(f->t.fd);
	f->t.fd = -1;
	f->t.events = 0;
	f->t.deadline = MX_MS_NEVER;
	f->elapsed_ms = now - f->started;
	set_st(f, HTTPS_S_DONE, now);
	if (f->cfg.done)
		f->cfg.done(f, f->cfg.done_arg, now);
	return TASK_DONE;
}

/* see https.h */
enum mx_err
https_error(const struct https *f)
{
	return f->err;
}

/* see https.h */
enum mx_err
https_sts_verdict(const struct https *f)
{
	if (f->err != MX_OK)
		return f->err;
	return http_sts_verdict(&f->resp);
}

/* see https.h */
void
https_start(struct https *f, const struct https_cfg *cfg, mx_ms now)
{
	enum mx_err e;
	int fd;

	/* field by field: the body and the TLS buffer stay untouched */
	f->cfg = *cfg;
	f->t.cls = &https_class;
	f->t.fd = -1;
	f->t.events = 0;
	f->st = HTTPS_S_CONNECT;
	f->err = MX_OK;
	f->sys_errno = 0;
	f->connected = 0;
	f->tls_started = 0;
	f->req_sent = 0;
	f->started = now;
	f->elapsed_ms = 0;
	f->step_deadline = now + cfg->step_ms;
	f->t.deadline = min_ms(f->step_deadline, cfg->deadline);
	http_resp_init(&f->resp);
	/* what https.h says to read of the session, before any handshake */
	f->tls.done = 0;
	f->tls.err = MX_OK;
	f->tls.br_err = 0;
	f->tls.plaintext = 0;
	f->tls.version = 0;
	f->tls.suite = 0;
	f->tls.chain.n = f->tls.chain.kept = 0;
	f->tls.chain.truncated = 0;

	f->cfg.host[sizeof f->cfg.host - 1] = '\0';
	f->cfg.path[sizeof f->cfg.path - 1] = '\0';
	f->rlen = http_request(f->req, sizeof f->req, f->cfg.host,
	    f->cfg.path);
	if (f->rlen == 0) {
		fail(f, MX_E_LIMIT);
		f->t.deadline = now;	/* reported at the first on_timeout */
		return;
	}
	fd = net_tcp_start(&cfg->addr, cfg->addrlen, &e, &f->sys_errno);
	if (fd < 0) {
		fail(f, e);
		f->t.deadline = now;
		return;
	}
	f->t.fd = fd;
	f->t.events = POLLOUT;
}

static enum task_rc
rearm(struct https *f)
{
	size_t n;

	f->t.events = 0;
	if (f->st == HTTPS_S_CONNECT)
		f->t.events = POLLOUT;
	else {
		if (tls_out(&f->tls, &n) != NULL)
			f->t.events |= POLLOUT;
		if (f->st != HTTPS_S_CLOSE && tls_in(&f->tls, &n) != NULL)
			f->t.events |= POLLIN;
	}
	f->t.deadline = min_ms(f->step_deadline, f->cfg.deadline);
	return TASK_WAIT;
}

static enum task_rc
on_connected(struct https *f, mx_ms now)
{
	enum mx_err e = net_tcp_result(f->t.fd, &f->sys_errno);

	if (e != MX_OK) {
		fail(f, e);
		return finish(f, now);
	}
	f->connected = 1;
	if (tls_start(&f->tls, f->cfg.host, f->cfg.seed,
	    sizeof f->cfg.seed) < 0) {
		fail(f, f->tls.err != MX_OK ? f->tls.err : MX_E_TLS_HANDSHAKE);
		return finish(f, now);
	}
	f->tls_started = 1;
	set_st(f, HTTPS_S_TLS, now);
	return rearm(f);
}

/* The session ended (TLS_CLOSED) before the response was complete. */
static enum task_rc
on_closed(struct https *f, mx_ms now)
{
	if (!f->tls.done) {
		fail(f, f->tls.err != MX_OK ? f->tls.err : MX_E_TLS_HANDSHAKE);
		return finish(f, now);
	}
	if (f->tls.err == MX_OK)
		http_resp_eof(&f->resp, 1);		/* close_notify */
	else if (f->tls.br_err == BR_ERR_IO)
		http_resp_eof(&f->resp, 0);		/* bare TCP EOF */
	else
		fail(f, f->tls.err);			/* alert, bad record */
	if (f->resp.err != MX_OK)
		fail(f, f->resp.err);
	return finish(f, now);
}

/*
 * Moves records both ways until nothing more can be done without waiting;
 * feeds decrypted bytes to the parser.
 */
static enum task_rc
tls_io(struct https *f, short re, mx_ms now)
{
	unsigned char app[2048];
	size_t len, got;
	int progress, rc;

	do {
		rc = tlsio_write(&f->tls, f->t.fd, &f->err, &f->sys_errno);
		if (rc < 0)
			return finish(f, now);
		progress = rc;
		if (f->st == HTTPS_S_HTTP && !f->req_sent &&
		    tls_out(&f->tls, &len) == NULL)
			f->req_sent = 1;
		if (f->st == HTTPS_S_CLOSE) {
			if (tls_out(&f->tls, &len) == NULL)
				return finish(f, now);
			break;		/* close_notify not all out yet */
		}
		if (tlsio_read(&f->tls, f->t.fd, &re, &f->err, &f->sys_errno))
			progress = 1;
		if (f->st == HTTPS_S_TLS && tls_state(&f->tls) == TLS_READY) {
			set_st(f, HTTPS_S_HTTP, now);
			if (tls_app_write(&f->tls, f->req, f->rlen) < 0) {
				fail(f, MX_E_TLS);
				return finish(f, now);
			}
			progress = 1;
		}
		/* decrypted bytes first: they may have come with the close */
		while (f->st == HTTPS_S_HTTP &&
		    (got = tls_app_read(&f->tls, app, sizeof app)) > 0) {
			progress = 1;
			if (http_resp_feed(&f->resp, app, got) != MX_OK) {
				fail(f, f->resp.err);
				return finish(f, now);
			}
			if (f->resp.complete) {
				tls_close(&f->tls);
				set_st(f, HTTPS_S_CLOSE, now);
			}
		}
		if (f->st != HTTPS_S_CLOSE &&
		    tls_state(&f->tls) == TLS_CLOSED)
			return on_closed(f, now);
	} while (progress);
	return rearm(f);
}

static enum task_rc
https_on_io(struct task *t, short re, mx_ms now)
{
	struct https *f = (struct https *)t;

	switch (f->st) {
	case HTTPS_S_CONNECT:
		return on_connected(f, now);
	case HTTPS_S_TLS:
	case HTTPS_S_HTTP:
	case HTTPS_S_CLOSE:
		return tls_io(f, re, now);
	default:
		fail(f, MX_E_INTERNAL);
		return finish(f, now);
	}
}

static enum task_rc
https_on_timeout(struct task *t, mx_ms now)
{
	struct https *f = (struct https *)t;

	if (now < f->t.deadline)
		return TASK_WAIT;
	switch (f->st) {
	case HTTPS_S_CONNECT:
		/* a failure at start has its error set already */
		fail(f, MX_E_CONNECT_TIMEOUT);
		break;
	case HTTPS_S_TLS:
		fail(f, MX_E_TIMEOUT_TLS);
		break;
	case HTTPS_S_HTTP:
		fail(f, MX_E_TIMEOUT_HTTP);
		break;
	case HTTPS_S_CLOSE:
		break;		/* the response is whole: no error */
	default:
		fail(f, MX_E_INTERNAL);
		break;
	}
	return finish(f, now);
}

/* RFC 5280 4.1.2.5: valid from notBefore to notAfter, both inclusive. */
static void
dates(struct https_pkix *v, const struct x509_facts *c, int64_t now)
{
	if (c->not_after < now)
		v->expired = 1;
	if (c->not_before > now)
		v->not_yet_valid = 1;
}

/* see https.h */
int
https_pkix(struct https *f, struct ca_store *cs, const char *ca_path,
    int64_t now_unix, struct https_pkix *v, int *sys_errno)
{
	const struct tls_chain *ch = &f->tls.chain;
	unsigned k, i;
	int rc = 0, perr;

	memset(v, 0, sizeof *v);
	*sys_errno = 0;
	if (!f->tls_started || !f->tls.done || ch->kept == 0) {
		v->fail = HTTPS_PKIX_NO_CHAIN;
		v->ca.reason = "empty-chain";
		/* a leaf too big for MX_CHAIN_ARENA: a limit, not a verdict */
		v->ca.chain_truncated = f->tls_started && ch->truncated;
		return 0;
	}
	if (ca_load(cs, ca_path, ch, sys_errno) < 0)
		rc = -1;	/* judged on what was read: not trusted */
	ca_verify(cs, ch, &v->ca);
	v->trusted = v->ca.trusted && rc == 0;

	if (x509_parse(ch->arena + ch->off[0], ch->len[0], &f->fx,
	    &perr) < 0) {
		v->fail = HTTPS_PKIX_UNREADABLE;
		return rc;
	}
	v->not_after = f->fx.not_after;
	v->name_match = x509_host_match(&f->fx, f->cfg.host);
	dates(v, &f->fx, now_unix);
	/* the rest of the validated path (path[0] is the leaf) */
	for (k = 0; k < v->ca.npath; k++) {
		i = v->ca.path[k];
		if (i == 0 || i >= ch->kept || x509_parse(ch->arena +
		    ch->off[i], ch->len[i], &f->fx, &perr) < 0)
			continue;	/* BearSSL judged it already */
		dates(v, &f->fx, now_unix);
	}
	if (!v->trusted)
		v->fail = HTTPS_PKIX_NOT_TRUSTED;
	else if (!v->name_match)
		v->fail = HTTPS_PKIX_NAME_MISMATCH;
	else if (v->expired)
		v->fail = HTTPS_PKIX_EXPIRED;
	else if (v->not_yet_valid)
		v->fail = HTTPS_PKIX_NOT_YET_VALID;
	v->ok = v->fail == HTTPS_PKIX_OK;
	return rc;
}
