/*
 * tlsscan.c -- the TLS scan of one address (see tlsscan.h).
 *
 * IMPLEMENTATION NOTES
 * States: GAP (MX_TLSSCAN_GAP_MS, no socket) -> CONNECT -> SMTP (greeting,
 * EHLO, STARTTLS through smtp.c; skipped on implicit TLS) -> HELLO (our
 * ClientHello out, the answer through hello.c) -> GAP ... -> DONE.
 * Connect and SMTP failures (refused, 421, no STARTTLS, a step timeout)
 * end the scan: the server is gone or does not want us, and retrying is
 * impolite.  A HELLO that times out or gets no TLS only loses that answer.
 * The run's deadline ends the scan wherever it is (error `deadline`).
 *
 * The connections (engine/README.md; RFC 8446 4.1.2, RFC 5246 7.4.1.2).
 * Every hello but SSL 3.0's carries extended_master_secret and
 * renegotiation_info; "TLS 1.2" means legacy_version TLS 1.2 and no
 * supported_versions.  Counts are of hello.c's table (141 suites).
 *   basic (at most 6):
 *   1 V13      TLS 1.3 only: the 5 TLS 1.3 suites, an x25519 key share.
 *   2 ORDER_A  TLS 1.2, BearSSL's 18 ECDHE suites; the main probe's suite
 *              s0 (if it is one of them) moved last, else strongest first.
 *   3 ORDER_B  without s0 only: the same 18, reversed.
 *     CRIT     with s0 only: the 37 NULL, EXPORT and anonymous suites.
 *   4 LEGACY   TLS 1.1 at most: the 40 suites older than TLS 1.2 but the
 *              critical ones.
 *   5 WEAK     TLS 1.2: the 17 RC4, single-DES and 3DES ones; without
 *              CRIT, the 37 critical ones too, first.
 *   6 RSA      TLS 1.2: the 18 static-RSA suites with strong ciphers.
 *   full adds:
 *     SSL3     SSL 3.0 record and hello, no extensions: the 45 RSA and
 *              DHE suites older than TLS 1.2 (unless LEGACY settled 3.0).
 *     TLS10    TLS 1.0 at most, LEGACY's suites (unless settled).
 *     DHE      TLS 1.2, the 35 non-anonymous DHE suites.
 *     ENUM13   (TLS 1.3 servers) the TLS 1.3 suites not yet seen, once
 *              per accepted suite, until the server refuses.
 *     ENUM12   TLS 1.2, the table's other 136 suites not yet seen, the
 *              same way: |accepted| + 1 connections, capped by
 *              MX_TLSSCAN_CONNS_MAX (tls_suites_truncated).
 * Why: the server's cipher preference needs two answers to one set of
 * suites in two orders; the main probe already gave one (BearSSL offers
 * those 18 with s0 its pick), so ORDER_A with s0 last is the second, and
 * the connection saved asks for the critical suites alone.  A server
 * picks the highest version it has up to the one offered, so one LEGACY
 * answer settles TLS 1.1 and, when it says 1.0 or refuses, TLS 1.0 too.
 * Removing each accepted suite and asking again enumerates a server in
 * |accepted| + 1 connections, not one per known suite (~140).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "mxprobe/tlsscan.h"
#include "mxprobe/net.h"
#include "mxprobe/tls.h"

_Static_assert(sizeof(struct tlsscan) <= TLSSCAN_SIZE_MAX,
    "struct tlsscan outgrew TLSSCAN_SIZE_MAX (tlsscan.h)");

/* BearSSL's ECDHE suites, in its client's order (tls.c). */
static const uint16_t order_set[] = {
	0xcca9, 0xcca8, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xc0ac, 0xc0ad,
	0xc0ae, 0xc0af, 0xc023, 0xc027, 0xc024, 0xc028, 0xc009, 0xc013,
	0xc00a, 0xc014
};
#define ORDER_N	(sizeof order_set / sizeof order_set[0])

/* A key exchange (HELLO_KX_*) as one bit of a set. */
#define KXBIT(kx)	(1u << ((kx) >> 8))
#define KX_12		(KXBIT(HELLO_KX_RSA) | KXBIT(HELLO_KX_DHE) | \
			 KXBIT(HELLO_KX_ECDHE) | KXBIT(HELLO_KX_STATIC))

static const char *const st_name[TS_S__COUNT] = {
	[TS_S_GAP] = "scan-gap", [TS_S_CONNECT] = "scan-connect",
	[TS_S_SMTP] = "scan-smtp", [TS_S_HELLO] = "scan-hello",
	[TS_S_DONE] = "scan-done",
};

static const char *const level_name[] = { "off", "basic", "full" };

/* see tlsscan.h */
const char *
tlsscan_level_str(enum tlsscan_level l)
{
	return (unsigned)l <= TLSSCAN_FULL ? level_name[l] : "off";
}

/* see tlsscan.h */
int
tlsscan_level_parse(const char *s)
{
	int i;

	for (i = 0; i <= TLSSCAN_FULL; i++)
		if (strcmp(s, level_name[i]) == 0)
			return i;
	return -1;
}

static enum task_rc ts_on_io(struct task *, short, mx_ms);
static enum task_rc ts_on_timeout(struct task *, mx_ms);

static const struct task_class ts_class = {
	"tlsscan", ts_on_io, ts_on_timeout
};

static void
set_st(struct tlsscan *s, enum tlsscan_st st)
{
	if (s->cfg.trace)
		s->cfg.trace(s->cfg.trace_arg, st_name[s->st], st_name[st]);
	s->st = st;
}

static mx_ms
min_ms(mx_ms a, mx_ms b)
{
	return a < b ? a : b;
}

/* ---- verdicts (also steer the plan) ---------------------------------- */

/* Tri-state answers. */
#define UNK	TLSSCAN_UNK
#define NO	TLSSCAN_NO
#define YES	TLSSCAN_YES

/* Highest version each kind offers. */
static uint16_t
kind_max(enum tlsscan_kind k)
{
	switch (k) {
	case TS_K_V13:
	case TS_K_ENUM13:
		return HELLO_TLS13;
	case TS_K_LEGACY:
		return HELLO_TLS11;
	case TS_K_TLS10:
		return HELLO_TLS10;
	case TS_K_SSL3:
		return HELLO_SSL30;
	default:
		return HELLO_TLS12;
	}
}

/* A kind whose refusal is about its versions (its suites are broad). */
static int
version_kind(enum tlsscan_kind k)
{
	return k == TS_K_V13 || k == TS_K_LEGACY || k == TS_K_TLS10 ||
	    k == TS_K_SSL3;
}

/*
 * Version v (HELLO_SSL30..HELLO_TLS13): yes if some answer (or the main
 * probe) used it; no if an answer to a hello offering up to M used a
 * lower one (a server picks its highest up to M), or a version hello
 * offering v was refused (a TLS 1.3-only hello offers 1.3 alone).
 */
static int
ver_state(const struct tlsscan *s, uint16_t v)
{
	const struct tlsscan_ans *a;
	int st = UNK, k;
	uint16_t m;

	if (s->cfg.main_version == v)
		return YES;
	if (s->cfg.main_version && s->cfg.main_version < v && v <= HELLO_TLS12)
		st = NO;
	for (k = 0; k < TS_K__COUNT; k++) {
		a = &s->ans[k];
		m = kind_max((enum tlsscan_kind)k);
		if (a->st == TS_A_OK && a->version == v)
			return YES;
		if (v <= m && ((a->st == TS_A_OK && a->version < v) ||
		    (a->st == TS_A_REFUSED &&
		    version_kind((enum tlsscan_kind)k) &&
		    (m < HELLO_TLS13 || v == HELLO_TLS13))))
			st = NO;
	}
	return st;
}

static int
s0_usable(const struct tlsscan *s)
{
	unsigned i;

	for (i = 0; i < ORDER_N; i++)
		if (s->cfg.main_suite == order_set[i])
			return s->cfg.main_suite != 0;
	return 0;
}

/* Classes of every accepted suite (the main probe's included), OR'ed. */
static unsigned
seen_classes(const struct tlsscan *s, unsigned *kx)
{
	unsigned c, all = hello_suite_class(s->cfg.main_suite), i;

	*kx = KXBIT(all & HELLO_KX_MASK);
	for (i = 0; i < TS_K__COUNT + s->nsuites; i++) {
		if (i < TS_K__COUNT && s->ans[i].st != TS_A_OK)
			continue;
		c = hello_suite_class(i < TS_K__COUNT ? s->ans[i].suite :
		    s->suites[i - TS_K__COUNT]);
		all |= c;
		/* anonymous DH is no "DHE accepted" (its own, smaller group) */
		if (!(c & HELLO_C_ANON))
			*kx |= KXBIT(c & HELLO_KX_MASK);
	}
	return all;
}

/* The suite enumeration of full ran to the server's refusal. */
static int
enum_complete(const struct tlsscan *s)
{
	return s->ans[TS_K_ENUM12].st == TS_A_REFUSED && !s->suites_truncated;
}

static int
refused(const struct tlsscan *s, enum tlsscan_kind k)
{
	return s->ans[k].st == TS_A_REFUSED;
}

/* ---- the plan -------------------------------------------------------- */

static int
wanted(const struct tlsscan *s, enum tlsscan_kind k)
{
	int full = s->cfg.level == TLSSCAN_FULL;

	switch (k) {
	case TS_K_ORDER_B:
		return !s0_usable(s);
	case TS_K_CRIT:
		return s0_usable(s);
	case TS_K_SSL3:
		return full && ver_state(s, HELLO_SSL30) == UNK;
	case TS_K_TLS10:
		return full && ver_state(s, HELLO_TLS10) == UNK;
	case TS_K_ENUM13:
		return full && ver_state(s, HELLO_TLS13) == YES;
	case TS_K_DHE:
	case TS_K_ENUM12:
		return full;
	default:
		return 1;
	}
}

static int
found(const struct tlsscan *s, uint16_t id)
{
	unsigned i;

	for (i = 0; i < s->nsuites; i++)
		if (s->suites[i] == id)
			return 1;
	return 0;
}


/*
 * What each kind takes from hello.c's table (ORDER_A/B: order_set): the
 * suites of a key exchange in kx, with a class bit of need (0: any) and
 * none of reject.  The table lists the critical suites before 3DES, RC4
 * and DES, so WEAK without CRIT offers them first.
 */
static const struct {
	unsigned char	 kx, need, reject;
} filt[TS_K__COUNT] = {
	[TS_K_V13] = { KXBIT(HELLO_KX_13), 0, 0 },
	[TS_K_CRIT] = { KX_12, HELLO_C_CRIT, 0 },
	[TS_K_LEGACY] = { KX_12, 0, HELLO_C_TLS12 | HELLO_C_CRIT },
	[TS_K_WEAK] = { KX_12, HELLO_C_WEAK, 0 },
	[TS_K_RSA] = { KXBIT(HELLO_KX_RSA), 0, HELLO_C_WEAK },
	[TS_K_SSL3] = { KXBIT(HELLO_KX_RSA) | KXBIT(HELLO_KX_DHE), 0,
	    HELLO_C_TLS12 },
	[TS_K_TLS10] = { KX_12, 0, HELLO_C_TLS12 | HELLO_C_CRIT },
	[TS_K_DHE] = { KXBIT(HELLO_KX_DHE), 0, HELLO_C_ANON },
	[TS_K_ENUM13] = { KXBIT(HELLO_KX_13), 0, 0 },
	[TS_K_ENUM12] = { KX_12, 0, 0 },
};

/*
 * The suites of kind k into out (MX_HELLO_SUITES_MAX), its version and
 * flags into sp; returns how many (0: nothing left to offer).
 */
static size_t
offer(const struct tlsscan *s, enum tlsscan_kind k, uint16_t *out,
    struct hello_spec *sp)
{
	const struct hello_suite *t;
	size_t nt, i, n = 0;
	unsigned c, rej = filt[k].reject;

	sp->max = kind_max(k);
	sp->flags = k == TS_K_SSL3 ? HELLO_F_NOEXT : HELLO_F_EMS;
	if (k == TS_K_ORDER_A || k == TS_K_ORDER_B) {
		for (i = 0; i < ORDER_N; i++) {
			uint16_t id = order_set[k == TS_K_ORDER_B ?
			    ORDER_N - 1 - i : i];

			if (id != s->cfg.main_suite)
				out[n++] = id;
		}
		if (n < ORDER_N)
			out[n++] = s->cfg.main_suite;	/* s0 last */
		return n;
	}
	if (k == TS_K_WEAK && s0_usable(s))
		rej |= HELLO_C_CRIT;		/* CRIT asked for those */
	t = hello_suite_table(&nt);
	for (i = 0; i < nt; i++) {
		c = t[i].cls;
		if ((filt[k].kx & KXBIT(c & HELLO_KX_MASK)) && !(c & rej) &&
		    (!filt[k].need || (c & filt[k].need)) &&
		    !found(s, t[i].id))
			out[n++] = t[i].id;
	}
	return n;
}

/* ---- connections ----------------------------------------------------- */

static enum task_rc
finish(struct tlsscan *s, enum mx_err e, mx_ms now)
{
	if (s->err == MX_OK)
		s->err = e;
	if (s->t.fd >= 0)
		close(s->t.fd);
	s->t.fd = -1;
	s->t.events = 0;
	s->t.deadline = MX_MS_NEVER;
	set_st(s, TS_S_DONE);
	if (s->cfg.done)
		s->cfg.done(s, s->cfg.done_arg, now);
	return TASK_DONE;
}

/* Waits MX_TLSSCAN_GAP_MS, then the next connection (ts_on_timeout). */
static enum task_rc
gap(struct tlsscan *s, mx_ms now)
{
	if (s->t.fd >= 0)
		close(s->t.fd);
	s->t.fd = -1;
	s->t.events = 0;
	s->t.deadline = min_ms(now + MX_TLSSCAN_GAP_MS, s->cfg.deadline);
	set_st(s, TS_S_GAP);
	return TASK_WAIT;
}

/* see tlsscan.h */
void
tlsscan_start(struct tlsscan *s, const struct tlsscan_cfg *cfg, mx_ms now)
{
	memset(s, 0, sizeof *s);
	s->cfg = *cfg;
	s->t.cls = &ts_class;
	s->t.fd = -1;
	br_hmac_drbg_init(&s->rng, &br_sha256_vtable, cfg->seed,
	    sizeof cfg->seed);
	/* GAP first (TS_S_GAP is 0); off: DONE, on_timeout ends it at once */
	s->st = cfg->level == TLSSCAN_OFF ? TS_S_DONE : TS_S_GAP;
	s->t.deadline = s->st == TS_S_DONE ? now :
	    min_ms(now + MX_TLSSCAN_GAP_MS, cfg->deadline);
}

/* Builds the next connection's hello; 0, or -1 when the plan is over. */
static int
next_hello(struct tlsscan *s)
{
	uint16_t suites[MX_HELLO_SUITES_MAX];
	unsigned char rnd[64];
	char sni[MX_NAME_MAX + 1];
	unsigned char ip[16];
	struct hello_spec sp;
	size_t n, ns = 0;

	memset(&sp, 0, sizeof sp);
	for (; s->pi < TS_K__COUNT; s->pi++) {
		if (s->conns >= (s->cfg.level == TLSSCAN_FULL ?
		    MX_TLSSCAN_CONNS_MAX : 6)) {
			s->suites_truncated = s->pi >= TS_K_ENUM13;
			return -1;
		}
		if (wanted(s, (enum tlsscan_kind)s->pi) &&
		    (ns = offer(s, (enum tlsscan_kind)s->pi, suites, &sp)) > 0)
			break;
	}
	if (s->pi >= TS_K__COUNT)
		return -1;
	s->kind = (enum tlsscan_kind)s->pi;
	strcpy(sni, s->cfg.host);
	n = strlen(sni);
	if (n > 0 && sni[n - 1] == '.')
		sni[n - 1] = 0;
	sp.sni = inet_pton(AF_INET, sni, ip) == 1 ||
	    inet_pton(AF_INET6, sni, ip) == 1 ? NULL : sni;
	sp.suites = suites;
	sp.nsuites = ns;
	br_hmac_drbg_generate(&s->rng, rnd, sizeof rnd);
	sp.rnd = rnd;
	s->olen = hello_build(&sp, s->hello, sizeof s->hello);
	s->ooff = 0;
	hello_parse_init(&s->hp, sp.max, NULL, 0);
	return s->olen > 0 ? 0 : -1;
}

static enum task_rc
conn_start(struct tlsscan *s, mx_ms now)
{
	enum mx_err e;
	int fd;

	s->conns++;
	fd = net_tcp_start(&s->cfg.addr, s->cfg.addrlen, &e, &s->sys_errno);
	if (fd < 0)
		return finish(s, e, now);
	s->t.fd = fd;
	s->t.events = POLLOUT;
	s->step_deadline = now + s->cfg.step_ms;
	s->t.deadline = min_ms(s->step_deadline, s->cfg.deadline);
	set_st(s, TS_S_CONNECT);
	return TASK_WAIT;
}

/* The answer to this connection's hello is in (or will never be). */
static enum task_rc
answered(struct tlsscan *s, int st, mx_ms now)
{
	struct tlsscan_ans *a = &s->ans[s->kind];
	const struct hello_res *r = &s->hp.r;

	/* a ServerHello followed by an alert or EOF still answered */
	if (r->sh)
		st = TS_A_OK;
	memset(a, 0, sizeof *a);
	a->st = (unsigned char)st;
	a->alert = r->alert_level == 2 ? (unsigned char)r->alert : 0;
	if (st == TS_A_OK) {
		a->version = r->version;
		a->suite = r->suite;
		a->group = r->group;
		a->hrr = (unsigned char)r->hrr;
		a->ems = (unsigned char)r->ems;
		a->dh_bits = r->dh_bits;
	}
	if (s->kind == TS_K_ENUM13 || s->kind == TS_K_ENUM12) {
		/* a suite seen twice (never offered twice): stop asking */
		if (st == TS_A_OK && !found(s, a->suite) &&
		    s->nsuites < MX_TLSSCAN_SUITES_MAX) {
			s->suites[s->nsuites++] = a->suite;
			return gap(s, now);		/* ask again */
		}
		if (st == TS_A_OK)
			s->suites_truncated = 1;
	}
	s->pi++;
	return gap(s, now);
}

/* Writes what is pending: the SMTP command, then the hello.  0 or -1. */
static int
flush(struct tlsscan *s)
{
	const unsigned char *p;
	size_t *off, len;
	ssize_t n;

	if (s->st == TS_S_SMTP) {
		p = (const unsigned char *)s->smtp.obuf;
		off = &s->soff;
		len = s->smtp.olen;
	} else {
		p = s->hello;
		off = &s->ooff;
		len = s->olen;
	}
	while (*off < len) {
		n = write(s->t.fd, p + *off, len - *off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			s->sys_errno = errno;
			return -1;
		}
		*off += (size_t)n;
	}
	s->t.events = POLLIN | (*off < len ? POLLOUT : 0);
	return 0;
}

static enum task_rc
to_hello(struct tlsscan *s, mx_ms now)
{
	set_st(s, TS_S_HELLO);
	s->step_deadline = now + s->cfg.step_ms;
	s->t.deadline = min_ms(s->step_deadline, s->cfg.deadline);
	if (flush(s) < 0)
		return answered(s, TS_A_REFUSED, now);
	return TASK_WAIT;
}

/* What the SMTP machine asked for. */
static enum task_rc
smtp_step(struct tlsscan *s, enum smtp_act act, mx_ms now)
{
	switch (act) {
	case SMTP_A_WAIT:
		break;
	case SMTP_A_SEND:
		s->soff = 0;
		if (flush(s) < 0)
			return finish(s, MX_E_IO, now);
		break;
	case SMTP_A_TLS:
		return to_hello(s, now);
	default:	/* refused politely or not: the scan ends here */
		return finish(s, s->smtp.err != MX_OK ? s->smtp.err :
		    MX_E_CLOSED, now);
	}
	s->t.deadline = min_ms(s->smtp.step_deadline, s->cfg.deadline);
	return TASK_WAIT;
}

static enum task_rc
ts_on_io(struct task *t, short re, mx_ms now)
{
	struct tlsscan *s = (struct tlsscan *)t;
	unsigned char buf[4096];
	ssize_t n;
	enum mx_err ce;

	switch (s->st) {
	case TS_S_CONNECT:
		if ((ce = net_tcp_result(t->fd, &s->sys_errno)) != MX_OK)
			return finish(s, ce, now);
		if (s->cfg.implicit_tls)
			return to_hello(s, now);
		set_st(s, TS_S_SMTP);
		smtp_init(&s->smtp, s->cfg.ehlo_name, 0, s->cfg.step_ms);
		smtp_start(&s->smtp, now);
		t->events = POLLIN;
		t->deadline = min_ms(s->smtp.step_deadline, s->cfg.deadline);
		return TASK_WAIT;
	case TS_S_SMTP:
	case TS_S_HELLO:
		if ((re & POLLOUT) && flush(s) < 0)
			return s->st == TS_S_SMTP ? finish(s, MX_E_IO, now) :
			    answered(s, TS_A_REFUSED, now);
		if (!(re & POLLIN))
			return TASK_WAIT;
		n = read(t->fd, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			return TASK_WAIT;
		if (s->st == TS_S_SMTP) {
			/* a refusal stated before the close is the reason */
			if (n <= 0)
				return finish(s, s->smtp.err != MX_OK ?
				    s->smtp.err : n < 0 ? MX_E_IO : MX_E_CLOSED,
				    now);
			return smtp_step(s, smtp_feed(&s->smtp, buf,
			    (size_t)n, now), now);
		}
		/* EOF or reset before a ServerHello: that hello is refused */
		if (n <= 0)
			return answered(s, TS_A_REFUSED, now);
		switch (hello_feed(&s->hp, buf, (size_t)n)) {
		case 1:
			return answered(s, s->hp.r.alert_level == 2 ||
			    !s->hp.r.sh ? TS_A_REFUSED : TS_A_OK, now);
		case -1:
			return answered(s, TS_A_FAILED, now);
		}
		return TASK_WAIT;
	default:
		return finish(s, MX_E_INTERNAL, now);
	}
}

static enum task_rc
ts_on_timeout(struct task *t, mx_ms now)
{
	struct tlsscan *s = (struct tlsscan *)t;

	if (now < t->deadline)
		return TASK_WAIT;
	if (s->st == TS_S_DONE)
		return finish(s, MX_OK, now);
	/* nothing left to ask: the deadline stopped nothing */
	if (s->st == TS_S_GAP && next_hello(s) < 0)
		return finish(s, MX_OK, now);
	if (now >= s->cfg.deadline)
		return finish(s, MX_E_DEADLINE, now);
	switch (s->st) {
	case TS_S_GAP:
		return conn_start(s, now);
	case TS_S_CONNECT:
		return finish(s, MX_E_CONNECT_TIMEOUT, now);
	case TS_S_SMTP:
		(void)smtp_timeout(&s->smtp);
		return finish(s, s->smtp.err, now);
	default:	/* TS_S_HELLO: silence is no answer */
		return answered(s, TS_A_FAILED, now);
	}
}

/* ---- facts ----------------------------------------------------------- */

/* see tlsscan.h */
void
tlsscan_facts(const struct tlsscan *s, struct tlsscan_facts *f)
{
	const struct tlsscan_ans *a = &s->ans[TS_K_ORDER_A], *b;
	int done = enum_complete(s), k;
	unsigned kx;

	memset(f, 0, sizeof *f);
	for (k = 0; k < 5; k++)
		f->v[k] = (unsigned char)ver_state(s,
		    (uint16_t)(HELLO_SSL30 + k));
	f->weak = seen_classes(s, &kx) & HELLO_C_WEAK;
	f->weak_none = done || (refused(s, TS_K_WEAK) &&
	    (refused(s, TS_K_CRIT) || !s0_usable(s)));
	f->t[0] = kx & KXBIT(HELLO_KX_RSA) ? YES :
	    refused(s, TS_K_RSA) || done ? NO : UNK;
	f->t[1] = kx & KXBIT(HELLO_KX_DHE) ? YES :
	    refused(s, TS_K_DHE) || done ? NO : UNK;
	/* the same suites in two orders: the same answer is the server's */
	b = s0_usable(s) ? NULL : &s->ans[TS_K_ORDER_B];
	if (a->st == TS_A_OK && (b == NULL || b->st == TS_A_OK))
		f->t[2] = a->suite == (b ? b->suite : s->cfg.main_suite) ?
		    YES : NO;
	for (k = 0; k < TS_K__COUNT; k++) {
		a = &s->ans[k];
		if (a->st != TS_A_OK)
			continue;
		if (f->t[3] == UNK && a->version <= HELLO_TLS12 &&
		    k != TS_K_SSL3)
			f->t[3] = a->ems ? YES : NO;
		if (a->dh_bits && (f->bits == 0 || a->dh_bits < f->bits) &&
		    !(hello_suite_class(a->suite) & HELLO_C_ANON))
			f->bits = a->dh_bits;
	}
}

