/*
 * audit.c -- the domain audit's scheduler (see audit.h).
 *
 * IMPLEMENTATION NOTES
 * Work items, each started by audit_pump() when a resource is free:
 *   W_MX     MX of the domain (RFC 5321 5.1).  NOERROR without MX: the
 *            implicit MX, the domain itself.  "0 ." alone: null MX (RFC
 *            7505), the domain accepts no mail; beside other MX it is an
 *            error and ignored.  Targets are de-duplicated (lowest
 *            preference kept) and sorted by preference, then name.
 *   W_A/W_AAAA  addresses of one MX (per -4/-6).  A CNAME on the way is a
 *            finding (RFC 2181 10.3); an address literal as target is one
 *            too and is not looked up.  When both answers are in, each
 *            address gets a probe (one per distinct address: the same
 *            address under two MX shares one probe, so no address ever has
 *            two connections) and a PTR lookup.
 *   W_PTR    the address's PTR; its first name goes to W_FWD.
 *   W_FWD    the PTR name's A or AAAA: forward-confirmed reverse DNS when
 *            the address is among them.
 *   W_PROBE  the SMTP/TLS probe; at most cfg.max_conns at once.
 *   W_SCAN   the TLS scan (--tls-scan) of an address whose probe reached
 *            TLS, queued when that probe ends: so an address never has
 *            two connections at once.  It counts as one connection of
 *            cfg.max_conns for its whole life (its connections are
 *            sequential).
 * DNS items wait for one of MX_DNS_QUERIES_MAX query slots.  Every done
 * callback pumps, so the critical path is MX -> address -> probe.
 * The answers are read in answers.c; the judgement is made afterwards
 * from the facts kept in the pools (audit_judge.c).
 */
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/ipaddr.h"
#include "audit_int.h"

/* + 1: chk_sts.c's policy fetch, the one task a check adds to the loop */
_Static_assert(MX_SLOTS_MAX >= MX_DNS_QUERIES_MAX + MX_PROBES_MAX + 1,
    "the loop must hold every query, probe and fetch of an audit at once");

/* query slots the checks' lookups leave to the audit's own queries */
#define LOOKUP_RESERVE	4
_Static_assert(MX_DNS_QUERIES_MAX > LOOKUP_RESERVE, "lookups need a slot");

/* see audit_int.h */
void
audit_enqueue(struct audit *a, unsigned kind, unsigned mx, unsigned addr)
{
	/* AUDIT_WORK_MAX bounds what the audit can queue: cannot overflow */
	if (a->nqueue < AUDIT_WORK_MAX) {
		a->queue[a->nqueue].kind = (unsigned char)kind;
		a->queue[a->nqueue].mx = (unsigned char)mx;
		a->queue[a->nqueue].addr = (unsigned char)addr;
		a->queue[a->nqueue].lk = 0;
		a->nqueue++;
	}
}

/* see audit.h */
int
audit_lookup(struct audit *a, const struct check_class **cc,
    const char *name, uint16_t qtype, audit_lookup_fn fn, unsigned tag)
{
	struct audit_lookup_rec *l;

	if (a->nlk == MX_LOOKUPS_MAX || strlen(name) > MX_NAME_MAX)
		return -1;
	l = &a->lk[a->nlk];
	strcpy(l->name, name);
	l->qtype = qtype;
	l->fn = fn;
	l->tag = tag;
	l->cc = cc;
	audit_enqueue(a, W_LOOKUP, 0, 0);
	a->queue[a->nqueue - 1].lk = (unsigned short)a->nlk++;
	return 0;
}

/*
 * Names are printed and compared in lower case: unbound, for one, echoes
 * the question's case into answer names it compresses against it.
 */
void
audit_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* see audit_int.h */
void
audit_queue_addr_lookups(struct audit *a, unsigned i)
{
	a->mx[i].lookups = 0;
	a->mx[i].addr_ad = 1;
	if (a->cfg.fam != 6) {
		audit_enqueue(a, W_A, i, 0);
		a->mx[i].lookups++;
	}
	if (a->cfg.fam != 4) {
		audit_enqueue(a, W_AAAA, i, 0);
		a->mx[i].lookups++;
	}
}

/* see audit.h */
void
audit_start(struct audit *a, const struct audit_cfg *cfg, struct loop *l,
    mx_ms now)
{
	/*
	 * Only the small head of the context: the pools after it are
	 * megabytes, initialised slot by slot as they are used, so an
	 * audit costs only the pages it touches.
	 */
	memset(a, 0, offsetof(struct audit, mx));
	a->cfg = *cfg;
	a->loop = l;
	if (a->cfg.max_conns == 0)
		a->cfg.max_conns = MX_CONNS_DEFAULT;
	if (cfg->injection_test && a->cfg.max_conns > MX_INJECT_SLOTS)
		a->cfg.max_conns = MX_INJECT_SLOTS;
	a->answered_by = -1;
	br_hmac_drbg_init(&a->rng, &br_sha256_vtable, cfg->seed,
	    sizeof cfg->seed);
	a->sts.vtable = &chk_sts_class;
	a->dane.vtable = &chk_dane_class;
	a->spf.vtable = &chk_spf_class;
	a->auth.vtable = &chk_auth_class;
	a->dnsbl.vtable = &chk_dnsbl_class;
	/* report order: transport policies, authentication, reputation */
	a->chk[0] = &a->sts.vtable;
	a->chk[1] = &a->dane.vtable;
	a->chk[2] = &a->spf.vtable;
	a->chk[3] = &a->auth.vtable;
	a->chk[4] = &a->dnsbl.vtable;
	a->ro = NULL;
	a->nqueue = a->nlk = 0;
	memset(a->dq_busy, 0, sizeof a->dq_busy);
	memset(a->scan_ran, 0, sizeof a->scan_ran);
	memset(a->inject_busy, 0, sizeof a->inject_busy);
	memset(a->verdict_ok, 0, sizeof a->verdict_ok);
	a->port25_ran = 0;
	score_reset(&a->score);
	rpt_reset(&a->rpt);
	if (cfg->host_mode) {
		a->nmx = 1;
		memset(&a->mx[0], 0, sizeof a->mx[0]);
		strcpy(a->mx[0].name, cfg->name);
		audit_queue_addr_lookups(a, 0);
		return;
	}
	audit_enqueue(a, W_MX, 0, 0);
	EACH_CHECK(a, start, a, now);
}

static void on_dns(struct dns_query *, void *, mx_ms);
static void on_probe(struct probe *, void *, mx_ms);

static int
start_query(struct audit *a, const struct audit_work *w, mx_ms now)
{
	char name[MX_NAME_MAX + 1];
	const char *qname = name;
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	uint16_t qtype, id;
	unsigned i;

	for (i = 0; i < MX_DNS_QUERIES_MAX && a->dq_busy[i]; i++)
		;
	if (i == MX_DNS_QUERIES_MAX)
		return -1;
	switch (w->kind) {
	case W_LOOKUP:
		qname = a->lk[w->lk].name;
		qtype = a->lk[w->lk].qtype;
		break;
	case W_MX:
		qname = a->cfg.name;
		qtype = DNSMSG_T_MX;
		break;
	case W_A:
	case W_AAAA:
		qname = a->mx[w->mx].name;
		qtype = w->kind == W_A ? DNSMSG_T_A : DNSMSG_T_AAAA;
		break;
	case W_PTR:
		(void)ipaddr_reverse_name(ad->family, ad->ip, name);
		qtype = DNSMSG_T_PTR;
		break;
	default:	/* W_FWD */
		qname = ad->ptr;
		qtype = ad->family == AF_INET ? DNSMSG_T_A : DNSMSG_T_AAAA;
		break;
	}
	/* a loop shared with other audits may be full: wait for a slot */
	if (loop_room(a->loop) == 0)
		return -1;
	br_hmac_drbg_generate(&a->rng, &id, sizeof id);
	a->dq_busy[i] = 1;
	a->dq_work[i] = *w;
	dnsq_start(&a->dq[i], a->cfg.dns, qname, qtype, id, now,
	    a->cfg.deadline, on_dns, a);
	(void)loop_add(a->loop, &a->dq[i].t);	/* room checked above */
	return 0;
}

static int
start_probe(struct audit *a, const struct audit_work *w, mx_ms now)
{
	const struct audit_mx *m = &a->mx[w->mx];
	const struct audit_addr *ad = &m->addr[w->addr];
	struct probe_cfg pc;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&pc.addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&pc.addr;
	unsigned i;

	/* the probe and, later, its injection test's connection */
	if (a->active >= a->cfg.max_conns ||
	    loop_room(a->loop) < (a->cfg.injection_test ? 2u : 1u))
		return -1;
	memset(&pc, 0, sizeof pc);
	strcpy(pc.host, m->name);
	if (ad->family == AF_INET) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)a->cfg.port);
		memcpy(&a4->sin_addr, ad->ip, 4);
		pc.addrlen = sizeof *a4;
	} else {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)a->cfg.port);
		memcpy(&a6->sin6_addr, ad->ip, 16);
		pc.addrlen = sizeof *a6;
	}
	pc.implicit_tls = a->cfg.implicit_tls;
	pc.ehlo_name = a->cfg.ehlo_name;
	pc.step_ms = a->cfg.step_ms;
	pc.deadline = a->cfg.deadline;
	br_hmac_drbg_generate(&a->rng, pc.seed, sizeof pc.seed);
	pc.trace = a->cfg.trace;
	pc.trace_arg = a->cfg.trace_arg;
	pc.done = on_probe;
	pc.done_arg = a;
	pc.loop = a->loop;
	if (a->cfg.injection_test) {
		/* active < max_conns <= MX_INJECT_SLOTS: one is free */
		for (i = 0; a->inject_busy[i]; i++)
			;
		a->inject_busy[i] = 1;
		pc.inject = &a->inject[i];
	}
	a->active++;
	a->probe_work[ad->probe] = *w;
	probe_start(&a->probes[ad->probe], &pc, now);
	(void)loop_add(a->loop, &a->probes[ad->probe].t);
	return 0;
}

static void on_scan(struct tlsscan *, void *, mx_ms);

/* The scan of an address whose probe ended (same index as the probe). */
static int
start_scan(struct audit *a, const struct audit_work *w, mx_ms now)
{
	int pi = a->mx[w->mx].addr[w->addr].probe;
	const struct probe *p = &a->probes[pi];
	struct tlsscan_cfg sc;

	if (a->active >= a->cfg.max_conns || loop_room(a->loop) == 0)
		return -1;
	memset(&sc, 0, sizeof sc);
	strcpy(sc.host, p->cfg.host);
	sc.addr = p->cfg.addr;
	sc.addrlen = p->cfg.addrlen;
	sc.implicit_tls = p->cfg.implicit_tls;
	sc.ehlo_name = p->cfg.ehlo_name;
	sc.level = a->cfg.tls_scan;
	sc.step_ms = p->cfg.step_ms;
	sc.deadline = p->cfg.deadline;
	br_hmac_drbg_generate(&a->rng, sc.seed, sizeof sc.seed);
	if (p->tls.done) {
		sc.main_version = (uint16_t)p->tls.version;
		sc.main_suite = p->tls.suite;
	}
	sc.trace = a->cfg.trace;
	sc.trace_arg = a->cfg.trace_arg;
	sc.done = on_scan;
	sc.done_arg = a;
	a->active++;
	a->scan_ran[pi] = 1;
	tlsscan_start(&a->scans[pi], &sc, now);
	(void)loop_add(a->loop, &a->scans[pi].t);
	return 0;
}

/* see audit.h */
void
audit_pump(struct audit *a, mx_ms now)
{
	unsigned i, pass, busy;
	int started;

	/*
	 * Two passes: the audit's own items (MX, addresses, PTR, probes)
	 * first, the checks' lookups (a dozen at the start, dozens of DNSBL
	 * queries later) after, and never in the last LOOKUP_RESERVE query
	 * slots: so the checks never push the critical path MX -> address
	 * -> probe back by a round trip.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (i = busy = 0; i < MX_DNS_QUERIES_MAX; i++)
			busy += a->dq_busy[i] && a->dq_work[i].kind == W_LOOKUP;
		i = 0;
		while (i < a->nqueue) {
			const struct audit_work *w = &a->queue[i];

			if ((w->kind == W_LOOKUP) != pass)
				started = 0;
			else if (w->kind == W_PROBE)
				started = start_probe(a, w, now) == 0;
			else if (w->kind == W_SCAN)
				started = start_scan(a, w, now) == 0;
			else if (pass && busy + LOOKUP_RESERVE >=
			    MX_DNS_QUERIES_MAX)
				started = 0;
			else {
				started = start_query(a, w, now) == 0;
				busy += started && pass;
			}
			if (!started) {
				i++;
				continue;
			}
			memmove(&a->queue[i], &a->queue[i + 1],
			    (a->nqueue - i - 1) * sizeof a->queue[0]);
			a->nqueue--;
		}
	}
}

static void
on_probe(struct probe *p, void *arg, mx_ms now)
{
	struct audit *a = arg;

	if (p->cfg.inject != NULL)
		a->inject_busy[p->cfg.inject - a->inject] = 0;
	/* the scan follows a probe that reached TLS (port25's do not) */
	if (a->cfg.tls_scan != TLSSCAN_OFF && p->tls_started &&
	    p >= a->probes && p < a->probes + MX_PROBES_MAX)
		audit_enqueue(a, W_SCAN, a->probe_work[p - a->probes].mx,
		    a->probe_work[p - a->probes].addr);
	a->active--;
	audit_pump(a, now);
}

static void
on_scan(struct tlsscan *s, void *arg, mx_ms now)
{
	struct audit *a = arg;

	(void)s;
	a->active--;
	audit_pump(a, now);
}

static void
on_dns(struct dns_query *q, void *arg, mx_ms now)
{
	struct audit *a = arg;
	unsigned i = (unsigned)(q - a->dq);
	struct audit_work w = a->dq_work[i];
	const struct audit_lookup_rec *l;

	switch (w.kind) {
	case W_LOOKUP:
		l = &a->lk[w.lk];
		l->fn(l->cc, a, q, l->tag, now);
		break;
	case W_MX:
		audit_on_mx(a, q);
		EACH_CHECK(a, mx_known, a, now);
		break;
	case W_A:
	case W_AAAA:
		if (audit_on_addr(a, q, w.mx) && !a->cfg.host_mode)
			EACH_CHECK(a, addrs_known, a, w.mx, now);
		break;
	case W_PTR:
		audit_on_ptr(a, q, &w);
		break;
	case W_FWD:
		audit_on_fwd(a, q, &w);
		break;
	}
	/* the engine touches q no more once done() returns (dnseng.h) */
	a->dq_busy[i] = 0;
	audit_pump(a, now);
}

/* see audit.h */
const struct probe *
audit_probe_of(const struct audit *a, unsigned mx, unsigned addr,
    const struct ca_verdict **v)
{
	const struct audit_addr *ad;

	if (mx >= a->nmx || addr >= a->mx[mx].naddr)
		return NULL;
	ad = &a->mx[mx].addr[addr];
	if (v != NULL)
		*v = a->verdict_ok[ad->probe] ? &a->verdicts[ad->probe] : NULL;
	return &a->probes[ad->probe];
}

/* see audit.h */
const struct ca_store *
audit_ca(const struct audit *a)
{
	return &a->cas;
}

/* see audit.h */
const struct tlsscan *
audit_scan_of(const struct audit *a, int pi)
{
	return a->scan_ran[pi] ? &a->scans[pi] : NULL;
}

/* see audit.h */
int
audit_probe_worked(const struct audit *a, int pi)
{
	return a->probes[pi].smtp.greeting_code != 0 ||
	    a->probes[pi].tls.done;
}
