/*
 * probe.c -- one probe of one server address (see probe.h).
 *
 * IMPLEMENTATION NOTES
 * States:
 *   CONNECT  non-blocking connect(); POLLOUT then SO_ERROR tells the result
 *            (refused, unreachable, timeout at the step deadline).
 *   PLAIN    SMTP in clear: server bytes go to smtp_feed(), its commands
 *            are written as they come.  SMTP_A_TLS switches to TLS.
 *   TLS      BearSSL records are moved between the socket and the engine;
 *            once the handshake is done, decrypted bytes go to smtp_feed()
 *            and its commands go to tls_app_write().  With implicit TLS
 *            (RFC 8314) the handshake comes first and the SMTP dialogue
 *            starts after it.
 *   DONE     socket closed, facts final.
 * Deadlines: the SMTP machine keeps its own per-step deadline; connect and
 * the implicit-TLS handshake keep p->step_deadline.  The task deadline is
 * the earlier of that and the probe's overall deadline, and reaching the
 * overall one counts as a timeout of the current step.
 * STARTTLS injection (posttls-finger, CVE-2011-0411): bytes after "220
 * ready" in the same read are caught by the SMTP machine; bytes that come
 * a little later reach the TLS engine first and are recognised there by
 * the first byte not being a TLS record type (tls.plaintext).
 * Injection test (cfg.inject): when the dialogue is over and STARTTLS was
 * advertised, finish() starts a second probe in *cfg.inject, in the
 * SMTP machine's injection mode, on its own connection (the first one is
 * closed by then, so -P still holds); its done callback copies the verdict
 * back and only then calls ours.  The silence it listens for ends at the
 * machine's own deadline; -t running out first leaves no verdict.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>
#include "mxprobe/probe.h"
#include "mxprobe/net.h"
#include "mxprobe/tlsio.h"
#include "mxprobe/loop.h"

static const char *const probe_st_str[PROBE_S__COUNT] = {
	[PROBE_S_CONNECT]	= "connect",
	[PROBE_S_PLAIN]		= "plain",
	[PROBE_S_TLS]		= "tls",
	[PROBE_S_DONE]		= "done",
};
_Static_assert(sizeof probe_st_str / sizeof probe_st_str[0] == PROBE_S__COUNT,
    "probe state names");

/* see probe.h */
const char *
probe_state_str(enum probe_st s)
{
	return (unsigned)s < PROBE_S__COUNT ? probe_st_str[s] : "?";
}

static enum task_rc probe_on_io(struct task *, short, mx_ms);
static enum task_rc probe_on_timeout(struct task *, mx_ms);

static const struct task_class probe_class = {
	"probe", probe_on_io, probe_on_timeout
};

static void
fail(struct probe *p, enum mx_err e)
{
	if (p->err == MX_OK)
		p->err = e;
}

static void
set_st(struct probe *p, enum probe_st st)
{
	if (p->cfg.trace)
		p->cfg.trace(p->cfg.trace_arg, probe_state_str(p->st),
		    probe_state_str(st));
	p->st = st;
}

/* The injection test ended: its verdict is ours, then we are done. */
static void
inject_done(struct probe *ip, void *arg, mx_ms now)
{
	struct probe *p = arg;

	p->inject_verdict = ip->smtp.inject_verdict;
	p->inject_err = probe_error(ip);
	if (p->cfg.done)
		p->cfg.done(p, p->cfg.done_arg, now);
}

/* Starts the injection test in *cfg.inject; 0, or -1 if it cannot run. */
static int
inject_start(struct probe *p, mx_ms now)
{
	struct probe_cfg c = p->cfg;
	struct probe *ip = c.inject;
	unsigned i;

	c.inject = NULL;
	c.injection_test = 1;
	c.done = inject_done;
	c.done_arg = p;
	/* a seed of its own: nothing of the first session repeats */
	for (i = 0; i < sizeof c.seed; i++)
		c.seed[i] ^= 0x5c;
	p->inject_ran = 1;
	probe_start(ip, &c, now);
	if (c.loop != NULL && loop_add(c.loop, &ip->t) == 0)
		return 0;
	if (ip->t.fd >= 0)
		close(ip->t.fd);
	p->inject_err = MX_E_LIMIT;
	return -1;
}

static enum task_rc
finish(struct probe *p, mx_ms now)
{
	if (p->t.fd >= 0)
		close(p->t.fd);
	p->t.fd = -1;
	p->t.events = 0;
	p->t.deadline = MX_MS_NEVER;
	set_st(p, PROBE_S_DONE);
	if (p->cfg.inject != NULL && !p->cfg.implicit_tls &&
	    (p->smtp.ext & SMTP_EXT_STARTTLS) && inject_start(p, now) == 0)
		return TASK_DONE;
	if (p->cfg.done)
		p->cfg.done(p, p->cfg.done_arg, now);
	return TASK_DONE;
}

static mx_ms
min_ms(mx_ms a, mx_ms b)
{
	return a < b ? a : b;
}

/* see probe.h */
enum mx_err
probe_error(const struct probe *p)
{
	/* the SMTP machine's error came first whenever it has one */
	return p->smtp.err != MX_OK ? p->smtp.err : p->err;
}

/* see probe.h */
void
probe_start(struct probe *p, const struct probe_cfg *cfg, mx_ms now)
{
	enum mx_err e;
	int fd;

	memset(p, 0, sizeof *p);
	p->cfg = *cfg;
	p->t.cls = &probe_class;
	p->t.fd = -1;
	p->st = PROBE_S_CONNECT;
	smtp_init(&p->smtp, cfg->ehlo_name, cfg->implicit_tls, cfg->step_ms);
	p->smtp.trace = cfg->trace;
	p->smtp.trace_arg = cfg->trace_arg;
	p->smtp.inject_test = cfg->injection_test;
	p->step_deadline = now + cfg->step_ms;
	p->t.deadline = min_ms(p->step_deadline, cfg->deadline);

	fd = net_tcp_start(&cfg->addr, cfg->addrlen, &e, &p->sys_errno);
	if (fd < 0) {
		/* reported at the first on_timeout, now */
		fail(p, e);
		p->t.deadline = now;
		return;
	}
	p->t.fd = fd;
	p->t.events = POLLOUT;
}

/*
 * Writes the pending plaintext command.  Returns 0 (all sent or would
 * block), -1 on error.
 */
static int
plain_flush(struct probe *p)
{
	ssize_t n;

	while (p->ooff < p->olen) {
		n = write(p->t.fd, p->smtp.obuf + p->ooff, p->olen - p->ooff);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			p->sys_errno = errno;
			fail(p, MX_E_IO);
			return -1;
		}
		p->ooff += (size_t)n;
	}
	return 0;
}

/*
 * Acts on what the SMTP machine asked for.  Returns TASK_DONE when the
 * probe is over.
 */
static enum task_rc
smtp_act(struct probe *p, enum smtp_act a, mx_ms now)
{
	switch (a) {
	case SMTP_A_WAIT:
		return TASK_WAIT;
	case SMTP_A_SEND:
		/*
		 * QUIT is sent and the connection closed without waiting for
		 * 221, as Postfix does (smtp_skip_quit_response): the answer
		 * tells nothing and costs a round trip.
		 */
		p->quitting = p->smtp.st == SMTP_S_QUIT;
		if (p->st == PROBE_S_TLS) {
			if (tls_app_write(&p->tls, p->smtp.obuf, p->smtp.olen) < 0) {
				fail(p, MX_E_TLS);
				return finish(p, now);
			}
			if (p->quitting)
				tls_close(&p->tls);	/* close_notify after QUIT */
			return TASK_WAIT;
		}
		p->ooff = 0;
		p->olen = p->smtp.olen;
		if (plain_flush(p) < 0 || (p->quitting && p->ooff == p->olen))
			return finish(p, now);
		return TASK_WAIT;
	case SMTP_A_TLS:
		if (tls_start(&p->tls, p->cfg.host, p->cfg.seed,
		    sizeof p->cfg.seed) < 0) {
			fail(p, p->tls.err ? p->tls.err : MX_E_TLS_HANDSHAKE);
			return finish(p, now);
		}
		p->tls_started = 1;
		set_st(p, PROBE_S_TLS);
		return TASK_WAIT;
	case SMTP_A_DONE:
		if (p->st == PROBE_S_TLS)
			tls_close(&p->tls);
		return finish(p, now);
	case SMTP_A_FAIL:
	default:
		return finish(p, now);
	}
}

/* Updates events and deadline for the next wait. */
static enum task_rc
rearm(struct probe *p)
{
	size_t n;
	mx_ms step;

	switch (p->st) {
	case PROBE_S_PLAIN:
		p->t.events = POLLIN | (p->ooff < p->olen ? POLLOUT : 0);
		step = p->smtp.step_deadline;
		break;
	case PROBE_S_TLS:
		p->t.events = 0;
		if (tls_out(&p->tls, &n) != NULL)
			p->t.events |= POLLOUT;
		if (tls_in(&p->tls, &n) != NULL)
			p->t.events |= POLLIN;
		step = p->smtp_started ? p->smtp.step_deadline :
		    p->step_deadline;
		break;
	default:
		step = p->step_deadline;
		break;
	}
	p->t.deadline = min_ms(step, p->cfg.deadline);
	return TASK_WAIT;
}

static enum task_rc
on_connected(struct probe *p, mx_ms now)
{
	enum mx_err e = net_tcp_result(p->t.fd, &p->sys_errno);

	if (e != MX_OK) {
		fail(p, e);
		return finish(p, now);
	}
	p->connected = 1;
	if (p->cfg.connect_only)
		return finish(p, now);
	if (p->cfg.implicit_tls) {
		if (tls_start(&p->tls, p->cfg.host, p->cfg.seed,
		    sizeof p->cfg.seed) < 0) {
			fail(p, p->tls.err ? p->tls.err : MX_E_TLS_HANDSHAKE);
			return finish(p, now);
		}
		p->tls_started = 1;
		p->step_deadline = now + p->cfg.step_ms;
		set_st(p, PROBE_S_TLS);
		return rearm(p);
	}
	set_st(p, PROBE_S_PLAIN);
	smtp_start(&p->smtp, now);
	p->smtp_started = 1;
	return rearm(p);
}

static enum task_rc
plain_io(struct probe *p, short re, mx_ms now)
{
	unsigned char buf[2048];
	ssize_t n;
	enum task_rc rc;

	if ((re & POLLOUT) && p->ooff < p->olen && (plain_flush(p) < 0 ||
	    (p->quitting && p->ooff == p->olen)))
		return finish(p, now);
	if (!(re & POLLIN))
		return rearm(p);
	n = read(p->t.fd, buf, sizeof buf);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return rearm(p);
		p->sys_errno = errno;
		fail(p, errno == ECONNRESET ? MX_E_CLOSED : MX_E_IO);
		return finish(p, now);
	}
	if (n == 0)
		rc = smtp_act(p, smtp_eof(&p->smtp), now);
	else
		rc = smtp_act(p, smtp_feed(&p->smtp, buf, (size_t)n, now), now);
	if (rc == TASK_DONE)
		return rc;
	return rearm(p);
}

/*
 * Moves TLS records both ways until nothing more can be done without
 * waiting, feeding decrypted bytes to the SMTP machine.
 */
static enum task_rc
tls_io(struct probe *p, short re, mx_ms now)
{
	unsigned char app[2048];
	size_t len, got;
	int n, progress;
	enum task_rc rc;

	do {
		n = tlsio_write(&p->tls, p->t.fd, &p->err, &p->sys_errno);
		if (n < 0)
			return finish(p, now);
		progress = n;
		if (p->quitting && tls_out(&p->tls, &len) == NULL)
			return finish(p, now);	/* QUIT and close_notify are out */
		if (tlsio_read(&p->tls, p->t.fd, &re, &p->err, &p->sys_errno))
			progress = 1;
		if (p->tls.plaintext && !p->tls.done) {
			p->smtp.injection = 1;
			fail(p, MX_E_STARTTLS_INJECTION);
			return finish(p, now);
		}
		switch (tls_state(&p->tls)) {
		case TLS_CLOSED:
			if (p->tls.err != MX_OK) {
				fail(p, p->tls.err);
				return finish(p, now);
			}
			return smtp_act(p, smtp_eof(&p->smtp), now);
		case TLS_HANDSHAKE:
			break;
		case TLS_READY:
			if (!p->smtp.ehlo_tls_done && p->smtp.st == SMTP_S_TLS) {
				rc = smtp_act(p, smtp_tls_done(&p->smtp, now), now);
				if (rc == TASK_DONE)
					return rc;
				progress = 1;
			} else if (!p->smtp_started) {
				/* implicit TLS: the greeting comes inside TLS */
				smtp_start(&p->smtp, now);
				p->smtp_started = 1;
				progress = 1;
			}
			while ((got = tls_app_read(&p->tls, app, sizeof app)) > 0) {
				rc = smtp_act(p, smtp_feed(&p->smtp, app, got,
				    now), now);
				if (rc == TASK_DONE)
					return rc;
				progress = 1;
			}
			break;
		}
	} while (progress);
	return rearm(p);
}

static enum task_rc
probe_on_io(struct task *t, short re, mx_ms now)
{
	struct probe *p = (struct probe *)t;

	switch (p->st) {
	case PROBE_S_CONNECT:
		return on_connected(p, now);
	case PROBE_S_PLAIN:
		return plain_io(p, re, now);
	case PROBE_S_TLS:
		return tls_io(p, re, now);
	default:
		fail(p, MX_E_INTERNAL);
		return finish(p, now);
	}
}

static enum task_rc
probe_on_timeout(struct task *t, mx_ms now)
{
	struct probe *p = (struct probe *)t;
	enum task_rc rc;

	if (now < p->t.deadline)
		return TASK_WAIT;
	switch (p->st) {
	case PROBE_S_CONNECT:
		/* socket()/connect() failed at start: the error is set */
		fail(p, MX_E_CONNECT_TIMEOUT);
		return finish(p, now);
	case PROBE_S_TLS:
		if (!p->smtp_started) {
			fail(p, MX_E_TIMEOUT_TLS);
			return finish(p, now);
		}
		/* FALLTHROUGH */
	case PROBE_S_PLAIN:
		if (p->smtp.st == SMTP_S_INJECT_WAIT &&
		    now < p->smtp.step_deadline) {
			/* -t ended the wait early: silence proves nothing */
			fail(p, MX_E_TIMEOUT_EHLO_TLS);
			return finish(p, now);
		}
		/* the injection wait goes on to QUIT; anything else ends */
		rc = smtp_act(p, smtp_timeout(&p->smtp), now);
		return rc == TASK_DONE ? rc : rearm(p);
	default:
		return finish(p, now);
	}
}
