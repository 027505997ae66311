/*
 * audit.c -- the domain audit (see audit.h).
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
 * The report is built afterwards from the facts kept in the pools.
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/audit.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/loop.h"
#include "mxprobe/ca.h"
#include "mxprobe/out.h"
#include "mxprobe/check.h"
#include "mxprobe/score.h"
#include "mxprobe/rpt.h"

/* + 1: chk_sts.c's policy fetch, the one task a check adds to the loop */
_Static_assert(MX_SLOTS_MAX >= MX_DNS_QUERIES_MAX + MX_PROBES_MAX + 1,
    "the loop must hold every query, probe and fetch of an audit at once");

enum work_kind { W_MX, W_A, W_AAAA, W_PTR, W_FWD, W_PROBE, W_SCAN,
	W_LOOKUP };

struct work {
	unsigned char	 kind, mx, addr;
	unsigned short	 lk;		/* W_LOOKUP: index into lk[] */
};

/* a check's lookup (audit_lookup): what to ask and whom to tell */
struct lookup {
	char		 name[MX_NAME_MAX + 1];
	uint16_t	 qtype;
	unsigned	 tag;
	audit_lookup_fn	 fn;
};

/* every item an audit can ever queue: one MX query, then per MX two
 * address queries and per address a PTR, a forward query, a probe and a
 * scan */
#define WORK_MAX	(1 + MX_MX_MAX * (2 + 4 * MX_ADDRS_PER_MX) + \
			 MX_LOOKUPS_MAX)

/*
 * The policy checks of a domain audit (check.h), in report order: the
 * transport policies first, then authentication, then reputation.
 */
static const struct audit_check *const checks[] = {
	&chk_sts,
	&chk_dane,
	&chk_spf,
	&chk_auth,
	&chk_dnsbl,
	NULL
};

/* query slots the checks' lookups leave to the audit's own queries */
#define LOOKUP_RESERVE	4
_Static_assert(MX_DNS_QUERIES_MAX > LOOKUP_RESERVE, "lookups need a slot");

static struct lookup	 lk[MX_LOOKUPS_MAX];
static unsigned		 nlk;

static struct dns_query	 dq[MX_DNS_QUERIES_MAX];
static struct work	 dq_work[MX_DNS_QUERIES_MAX];
static int		 dq_busy[MX_DNS_QUERIES_MAX];
static struct probe	 probes[MX_PROBES_MAX];
/* --injection-test, one per active probe; audit_port25 borrows two */
static struct probe	 inject[MX_INJECT_SLOTS];
static int		 inject_busy[MX_INJECT_SLOTS];
static int		 port25_ran;
/* --tls-scan: one per probe, by the same index; scan_ran says which ran */
static struct tlsscan	 scans[MX_PROBES_MAX];
static int		 scan_ran[MX_PROBES_MAX];
static struct work	 probe_work[MX_PROBES_MAX];
static struct ca_verdict verdicts[MX_PROBES_MAX];
static int		 verdict_ok[MX_PROBES_MAX];
static struct ca_store	 cas;
static struct work	 queue[WORK_MAX];
static unsigned		 nqueue;

static void
enqueue(unsigned kind, unsigned mx, unsigned addr)
{
	/* WORK_MAX bounds what the audit can queue: cannot overflow */
	if (nqueue < WORK_MAX) {
		queue[nqueue].kind = (unsigned char)kind;
		queue[nqueue].mx = (unsigned char)mx;
		queue[nqueue].addr = (unsigned char)addr;
		queue[nqueue].lk = 0;
		nqueue++;
	}
}

/* Calls hook h of every check (a NULL hook is skipped). */
#define EACH_CHECK(h, ...) do {						\
	unsigned ci_;							\
	for (ci_ = 0; checks[ci_] != NULL; ci_++)			\
		if (checks[ci_]->h != NULL)				\
			checks[ci_]->h(__VA_ARGS__);			\
} while (0)

/* see audit.h */
int
audit_lookup(struct audit *a, const char *name, uint16_t qtype,
    audit_lookup_fn fn, unsigned tag)
{
	struct lookup *l;

	if (nlk == MX_LOOKUPS_MAX || strlen(name) > MX_NAME_MAX)
		return -1;
	l = &lk[nlk];
	strcpy(l->name, name);
	l->qtype = qtype;
	l->fn = fn;
	l->tag = tag;
	enqueue(W_LOOKUP, 0, 0);
	queue[nqueue - 1].lk = (unsigned short)nlk++;
	(void)a;
	return 0;
}

/*
 * Names are printed and compared in lower case: unbound, for one, echoes
 * the question's case into answer names it compresses against it.
 */
static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void
queue_lookups(struct audit *a, unsigned i)
{
	a->mx[i].lookups = 0;
	a->mx[i].addr_ad = 1;
	if (a->cfg.fam != 6) {
		enqueue(W_A, i, 0);
		a->mx[i].lookups++;
	}
	if (a->cfg.fam != 4) {
		enqueue(W_AAAA, i, 0);
		a->mx[i].lookups++;
	}
}

/* see audit.h */
void
audit_start(struct audit *a, const struct audit_cfg *cfg, mx_ms now)
{
	memset(a, 0, sizeof *a);
	a->cfg = *cfg;
	if (a->cfg.max_conns == 0)
		a->cfg.max_conns = MX_CONNS_DEFAULT;
	if (cfg->injection_test && a->cfg.max_conns > MX_INJECT_SLOTS)
		a->cfg.max_conns = MX_INJECT_SLOTS;
	memset(inject_busy, 0, sizeof inject_busy);
	memset(scan_ran, 0, sizeof scan_ran);
	port25_ran = 0;
	a->answered_by = -1;
	br_hmac_drbg_init(&a->rng, &br_sha256_vtable, cfg->seed,
	    sizeof cfg->seed);
	memset(dq_busy, 0, sizeof dq_busy);
	memset(verdict_ok, 0, sizeof verdict_ok);
	nqueue = 0;
	nlk = 0;
	score_reset();
	rpt_reset();
	if (cfg->host_mode) {
		a->nmx = 1;
		strcpy(a->mx[0].name, cfg->name);
		queue_lookups(a, 0);
		return;
	}
	enqueue(W_MX, 0, 0);
	EACH_CHECK(start, a, now);
}

/* The reverse-lookup name of an address (RFC 1035 3.5, RFC 3596 2.5). */
static void
reverse_name(const struct audit_addr *ad, char *out)
{
	static const char hx[] = "0123456789abcdef";
	char *p = out;
	int i;

	if (ad->family == AF_INET) {
		for (i = 3; i >= 0; i--) {
			unsigned v = ad->ip[i];
			if (v >= 100)
				*p++ = (char)('0' + v / 100);
			if (v >= 10)
				*p++ = (char)('0' + v / 10 % 10);
			*p++ = (char)('0' + v % 10);
			*p++ = '.';
		}
		strcpy(p, "in-addr.arpa");
		return;
	}
	for (i = 15; i >= 0; i--) {
		*p++ = hx[ad->ip[i] & 15];
		*p++ = '.';
		*p++ = hx[ad->ip[i] >> 4];
		*p++ = '.';
	}
	strcpy(p, "ip6.arpa");
}

static void on_dns(struct dns_query *, void *, mx_ms);
static void on_probe(struct probe *, void *, mx_ms);

static int
start_query(struct audit *a, const struct work *w, mx_ms now)
{
	char name[MX_NAME_MAX + 1];
	const char *qname = name;
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	uint16_t qtype, id;
	unsigned i;

	for (i = 0; i < MX_DNS_QUERIES_MAX && dq_busy[i]; i++)
		;
	if (i == MX_DNS_QUERIES_MAX)
		return -1;
	switch (w->kind) {
	case W_LOOKUP:
		qname = lk[w->lk].name;
		qtype = lk[w->lk].qtype;
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
		reverse_name(ad, name);
		qtype = DNSMSG_T_PTR;
		break;
	default:	/* W_FWD */
		qname = ad->ptr;
		qtype = ad->family == AF_INET ? DNSMSG_T_A : DNSMSG_T_AAAA;
		break;
	}
	br_hmac_drbg_generate(&a->rng, &id, sizeof id);
	dq_busy[i] = 1;
	dq_work[i] = *w;
	dnsq_start(&dq[i], a->cfg.dns, qname, qtype, id, now, a->cfg.deadline,
	    on_dns, a);
	/* cannot fail: the loop holds every query and probe (assert above) */
	(void)loop_add(&dq[i].t);
	return 0;
}

static int
start_probe(struct audit *a, const struct work *w, mx_ms now)
{
	const struct audit_mx *m = &a->mx[w->mx];
	const struct audit_addr *ad = &m->addr[w->addr];
	struct probe_cfg pc;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&pc.addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&pc.addr;
	unsigned i;

	if (a->active >= a->cfg.max_conns)
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
	if (a->cfg.injection_test) {
		/* active < max_conns <= MX_INJECT_SLOTS: one is free */
		for (i = 0; inject_busy[i]; i++)
			;
		inject_busy[i] = 1;
		pc.inject = &inject[i];
	}
	a->active++;
	probe_work[ad->probe] = *w;
	probe_start(&probes[ad->probe], &pc, now);
	(void)loop_add(&probes[ad->probe].t);
	return 0;
}

static void on_scan(struct tlsscan *, void *, mx_ms);

/* The scan of an address whose probe ended (same index as the probe). */
static int
start_scan(struct audit *a, const struct work *w, mx_ms now)
{
	int pi = a->mx[w->mx].addr[w->addr].probe;
	const struct probe *p = &probes[pi];
	struct tlsscan_cfg sc;

	if (a->active >= a->cfg.max_conns)
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
	scan_ran[pi] = 1;
	tlsscan_start(&scans[pi], &sc, now);
	(void)loop_add(&scans[pi].t);
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
			busy += dq_busy[i] && dq_work[i].kind == W_LOOKUP;
		i = 0;
		while (i < nqueue) {
			if ((queue[i].kind == W_LOOKUP) != pass)
				started = 0;
			else if (queue[i].kind == W_PROBE)
				started = start_probe(a, &queue[i], now) == 0;
			else if (queue[i].kind == W_SCAN)
				started = start_scan(a, &queue[i], now) == 0;
			else if (pass && busy + LOOKUP_RESERVE >=
			    MX_DNS_QUERIES_MAX)
				started = 0;
			else {
				started = start_query(a, &queue[i], now) == 0;
				busy += started && pass;
			}
			if (!started) {
				i++;
				continue;
			}
			memmove(&queue[i], &queue[i + 1],
			    (nqueue - i - 1) * sizeof queue[0]);
			nqueue--;
		}
	}
}

static void
on_probe(struct probe *p, void *arg, mx_ms now)
{
	struct audit *a = arg;

	if (p->cfg.inject != NULL)
		inject_busy[p->cfg.inject - inject] = 0;
	/* the scan follows a probe that reached TLS (port25's do not) */
	if (a->cfg.tls_scan != TLSSCAN_OFF && p->tls_started &&
	    p >= probes && p < probes + MX_PROBES_MAX)
		enqueue(W_SCAN, probe_work[p - probes].mx,
		    probe_work[p - probes].addr);
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

/* The scan of probe pi, NULL if none ran. */
static const struct tlsscan *
scan_of(int pi)
{
	return scan_ran[pi] ? &scans[pi] : NULL;
}

/* ---- answers ----------------------------------------------------------- */

static int
mx_cmp(const struct audit_mx *x, const struct audit_mx *y)
{
	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

static void
on_mx(struct audit *a, const struct dns_query *q)
{
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	struct dnsmsg_mx mx;
	struct audit_mx tmp;
	unsigned char ip[16];
	unsigned i, j;
	enum mx_err e;

	a->answered_by = q->answered_by;
	if (q->err != MX_OK) {
		a->mx_err = q->err;
		return;
	}
	a->mx_ad = q->hdr.ad;
	a->mx_rcode = (int)q->hdr.rcode;
	e = dnsmsg_answer(q->msg, q->len, a->cfg.name, DNSMSG_T_MX, &ans);
	if (e != MX_OK) {
		a->mx_err = e;
		return;
	}
	switch (ans.kind) {
	case DNSMSG_ANS_NXDOMAIN:
		a->nxdomain = 1;
		return;
	case DNSMSG_ANS_RCODE:
		a->mx_err = MX_E_DNS_RCODE;
		return;
	case DNSMSG_ANS_NODATA:
		a->implicit_mx = 1;
		a->nmx = 1;
		strcpy(a->mx[0].name, a->cfg.name);
		queue_lookups(a, 0);
		return;
	case DNSMSG_ANS_DATA:
		break;
	}
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER || rr.type != DNSMSG_T_MX ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    dnsmsg_rr_mx(&rr, &mx) != MX_OK)
			continue;
		if (strcmp(mx.exchange, ".") == 0) {
			a->null_mx = 1;
			continue;
		}
		for (i = 0; i < a->nmx; i++)
			if (dnsmsg_name_eq(a->mx[i].name, mx.exchange))
				break;
		if (i < a->nmx) {
			if (mx.pref < a->mx[i].pref)
				a->mx[i].pref = mx.pref;
			continue;
		}
		memset(&tmp, 0, sizeof tmp);
		strcpy(tmp.name, mx.exchange);
		lower(tmp.name);
		tmp.pref = mx.pref;
		if (a->nmx == MX_MX_MAX) {
			/* keep the MX_MX_MAX most preferred, whatever the order */
			a->mx_truncated = 1;
			for (i = j = 0; i < a->nmx; i++)
				if (mx_cmp(&a->mx[i], &a->mx[j]) > 0)
					j = i;
			if (mx_cmp(&tmp, &a->mx[j]) < 0)
				a->mx[j] = tmp;
			continue;
		}
		a->mx[a->nmx++] = tmp;
	}
	if (a->null_mx && a->nmx > 0)
		a->null_mx_mixed = 1;
	/* insertion sort: at most MX_MX_MAX entries */
	for (i = 1; i < a->nmx; i++) {
		tmp = a->mx[i];
		for (j = i; j > 0 && mx_cmp(&a->mx[j - 1], &tmp) > 0; j--)
			a->mx[j] = a->mx[j - 1];
		a->mx[j] = tmp;
	}
	for (i = 0; i < a->nmx; i++) {
		if (inet_pton(AF_INET, a->mx[i].name, ip) == 1 ||
		    inet_pton(AF_INET6, a->mx[i].name, ip) == 1) {
			/* a sender looks it up as a name and finds nothing */
			a->mx[i].ip_literal = 1;
			continue;
		}
		queue_lookups(a, i);
	}
}

static int
same_addr(const struct audit_addr *x, const struct audit_addr *y)
{
	return x->family == y->family &&
	    memcmp(x->ip, y->ip, x->family == AF_INET ? 4 : 16) == 0;
}

/* All addresses of MX i are known: give each a probe and a PTR lookup. */
static void
addresses_known(struct audit *a, unsigned i)
{
	struct audit_mx *m = &a->mx[i];
	struct audit_addr tmp;
	unsigned j, k, l;

	/* IPv4 first, then IPv6, each in answer order: a stable report */
	for (j = 1; j < m->naddr; j++) {
		tmp = m->addr[j];
		for (k = j; k > 0 && tmp.family == AF_INET &&
		    m->addr[k - 1].family == AF_INET6; k--)
			m->addr[k] = m->addr[k - 1];
		m->addr[k] = tmp;
	}
	for (j = 0; j < m->naddr; j++) {
		struct audit_addr *ad = &m->addr[j];

		ad->fcrdns = -1;
		ipaddr_ntop(ad->family, ad->ip, ad->text, sizeof ad->text);
		/*
		 * Every MX whose addresses came in before, whatever its
		 * preference: answers arrive in any order, and an address
		 * must never get two connections.
		 */
		for (k = 0; k < a->nmx && !ad->shared; k++)
			for (l = 0; k != i && a->mx[k].addrs_done &&
			    l < a->mx[k].naddr; l++)
				if (same_addr(&a->mx[k].addr[l], ad) &&
				    !a->mx[k].addr[l].shared) {
					ad->shared = 1;
					ad->probe = a->mx[k].addr[l].probe;
					ad->orig_mx = (int)k;
					ad->orig_addr = (int)l;
					break;
				}
		if (ad->shared)
			continue;
		ad->probe = (int)a->nprobes++;
		enqueue(W_PROBE, i, j);
		enqueue(W_PTR, i, j);
	}
	m->addrs_done = 1;
}

static void
on_addr(struct audit *a, const struct dns_query *q, unsigned i, mx_ms now)
{
	struct audit_mx *m = &a->mx[i];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	struct audit_addr *ad;
	int v6 = q->qtype == DNSMSG_T_AAAA;
	enum mx_err e;

	m->lookups--;
	if (a->answered_by < 0)
		a->answered_by = q->answered_by;
	if (q->err != MX_OK || !q->hdr.ad)
		m->addr_ad = 0;
	if (q->err != MX_OK) {
		if (m->dns_err == MX_OK)
			m->dns_err = q->err;
	} else if ((e = dnsmsg_answer(q->msg, q->len, m->name, q->qtype,
	    &ans)) != MX_OK) {
		if (m->dns_err == MX_OK)
			m->dns_err = e;
	} else {
		if (ans.cnames > 0)
			m->cname = 1;
		if (ans.kind == DNSMSG_ANS_NXDOMAIN)
			m->nxdomain = 1;
		else if (ans.kind == DNSMSG_ANS_RCODE && m->dns_err == MX_OK)
			m->dns_err = MX_E_DNS_RCODE;
		dnsmsg_iter_init(&it, q->msg, q->len);
		while (ans.kind == DNSMSG_ANS_DATA &&
		    dnsmsg_rr_next(&it, &rr) == 1) {
			if (rr.section != DNSMSG_SEC_ANSWER ||
			    rr.type != q->qtype ||
			    !dnsmsg_name_eq(rr.name, ans.owner))
				continue;
			if (m->naddr == MX_ADDRS_PER_MX) {
				m->addr_truncated = 1;
				break;
			}
			ad = &m->addr[m->naddr];
			memset(ad, 0, sizeof *ad);
			ad->family = v6 ? AF_INET6 : AF_INET;
			if ((v6 ? dnsmsg_rr_aaaa(&rr, ad->ip) :
			    dnsmsg_rr_a(&rr, ad->ip)) == MX_OK)
				m->naddr++;
		}
	}
	if (m->lookups == 0) {
		addresses_known(a, i);
		if (!a->cfg.host_mode)
			EACH_CHECK(addrs_known, a, i, now);
	}
}

static void
on_ptr(struct audit *a, const struct dns_query *q, const struct work *w)
{
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	enum mx_err e = q->err;

	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_PTR, &ans);
	if (e != MX_OK) {
		ad->ptr_err = e;
		return;
	}
	if (ans.kind != DNSMSG_ANS_DATA) {
		ad->fcrdns = 0;		/* no PTR: nothing to confirm */
		return;
	}
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1)
		if (rr.section == DNSMSG_SEC_ANSWER &&
		    rr.type == DNSMSG_T_PTR &&
		    dnsmsg_name_eq(rr.name, ans.owner) &&
		    dnsmsg_rr_name(&rr, ad->ptr) == MX_OK) {
			lower(ad->ptr);
			ad->ptr_found = 1;
			enqueue(W_FWD, w->mx, w->addr);
			return;
		}
	ad->fcrdns = 0;
}

static void
on_fwd(struct audit *a, const struct dns_query *q, const struct work *w)
{
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	unsigned char ip[16];
	size_t n = ad->family == AF_INET ? 4 : 16;

	if (q->err != MX_OK || dnsmsg_answer(q->msg, q->len, q->qname,
	    q->qtype, &ans) != MX_OK)
		return;			/* fcrdns stays unknown */
	ad->fcrdns = 0;
	if (ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1)
		if (rr.section == DNSMSG_SEC_ANSWER && rr.type == q->qtype &&
		    dnsmsg_name_eq(rr.name, ans.owner) &&
		    (n == 4 ? dnsmsg_rr_a(&rr, ip) :
		    dnsmsg_rr_aaaa(&rr, ip)) == MX_OK &&
		    memcmp(ip, ad->ip, n) == 0)
			ad->fcrdns = 1;
}

static void
on_dns(struct dns_query *q, void *arg, mx_ms now)
{
	struct audit *a = arg;
	unsigned i = (unsigned)(q - dq);
	struct work w = dq_work[i];

	switch (w.kind) {
	case W_LOOKUP:
		lk[w.lk].fn(a, q, lk[w.lk].tag, now);
		break;
	case W_MX:
		on_mx(a, q);
		EACH_CHECK(mx_known, a, now);
		break;
	case W_A:
	case W_AAAA:
		on_addr(a, q, w.mx, now);
		break;
	case W_PTR:
		on_ptr(a, q, &w);
		break;
	case W_FWD:
		on_fwd(a, q, &w);
		break;
	}
	/* the engine touches q no more once done() returns (dnseng.h) */
	dq_busy[i] = 0;
	audit_pump(a, now);
}

/* ---- report -------------------------------------------------------------- */

/* Trust of every probe's chain, one streaming pass of the bundle each. */
static void
verify_all(struct audit *a, const char *ca_file)
{
	unsigned i;
	int se;

	for (i = 0; i < a->nprobes; i++) {
		const struct tls_chain *ch = &probes[i].tls.chain;

		if (!probes[i].tls_started || ch->kept == 0)
			continue;
		if (ca_load(&cas, ca_file, ch, &se) < 0)
			continue;
		ca_verify(&cas, ch, &verdicts[i]);
		verdict_ok[i] = 1;
	}
	if (a->nprobes == 0 || cas.count == 0)
		(void)ca_load(&cas, ca_file, NULL, &se);
}

static const struct ca_verdict *
verdict_of(int pi)
{
	return verdict_ok[pi] ? &verdicts[pi] : NULL;
}

static enum report_status
close_status(const struct report_verdict *vd)
{
	if (vd->limit && vd->worst < ST_CRITICAL)
		return ST_UNKNOWN;
	return (enum report_status)vd->worst;
}

/*
 * Severity of one probe (and its TLS scan if scan is set), from the same
 * code that prints it.
 */
static enum report_status
probe_status(const struct report_opts *o, int pi, int scan)
{
	struct report_verdict vd;

	memset(&vd, 0, sizeof vd);
	out_mute(1);
	report_probe(o, &probes[pi], &cas, verdict_of(pi), &vd);
	if (scan)
		tlsscan_report(scan_of(pi), &vd);
	out_mute(0);
	return close_status(&vd);
}

/* A probe that reached the SMTP dialogue: what a sender would use. */
static int
worked(int pi)
{
	return probes[pi].smtp.greeting_code != 0 || probes[pi].tls.done;
}

static void
merge(struct report_verdict *into, enum report_status s)
{
	if (s == ST_UNKNOWN)
		into->limit = 1;
	else if ((int)s > into->worst)
		into->worst = (int)s;
}

/* Sets the output prefix to head + n + "_" ("mx1_", "mx1_a2_"). */
static void
set_prefix(char *buf, const char *head, unsigned n)
{
	size_t l = strlen(head);

	memcpy(buf, head, l);
	/* n <= MX_MX_MAX or MX_ADDRS_PER_MX: two digits at most */
	if (n >= 10)
		buf[l++] = (char)('0' + n / 10 % 10);
	buf[l++] = (char)('0' + n % 10);
	buf[l++] = '_';
	buf[l] = 0;
	out_prefix(buf);
}

static void
report_resolver(const struct audit *a)
{
	const struct dns_server *s;

	if (a->answered_by < 0 || (unsigned)a->answered_by >= a->cfg.dns->nsrv)
		return;
	s = &a->cfg.dns->srv[a->answered_by];
	out_kvs("resolver", s->text);
	out_kvb("resolver_loopback", s->loopback);
}

/*
 * Keys of one MX (or of -c's host), under the current prefix; returns its
 * status.  pfx is the MX's own prefix ("mx1_" or "").
 */
static enum report_status
report_mx(struct audit *a, const struct report_opts *base, unsigned i,
    const char *pfx)
{
	struct audit_mx *m = &a->mx[i];
	struct report_opts o = *base;
	struct report_verdict vd;
	char ap[MX_KEY_MAX], head[MX_KEY_MAX];
	unsigned j, chosen = 0;
	int found = 0, failed = 0;

	memset(&vd, 0, sizeof vd);
	o.host = m->name;
	for (j = 0; j < m->naddr && !found; j++)
		if (worked(m->addr[j].probe)) {
			chosen = j;
			found = 1;
		}
	out_prefix(pfx);
	report_target(m->name, a->cfg.port,
	    m->naddr ? m->addr[chosen].text : NULL, a->cfg.implicit_tls);
	if (a->cfg.host_mode) {
		report_resolver(a);
		report_env(base, &cas);
	} else
		out_kvi("pref", m->pref);
	if (m->cname)
		out_kvb("cname", 1);
	if (m->ip_literal)
		out_kvb("ip_literal", 1);
	out_kvi("addr_count", m->naddr);
	if (m->addr_truncated)
		out_kvb("addr_truncated", 1);
	for (j = 0; j < m->naddr; j++) {
		/* a shared address: its PTR facts live with the first entry */
		const struct audit_addr *ad = m->addr[j].shared ?
		    &a->mx[m->addr[j].orig_mx].addr[m->addr[j].orig_addr] :
		    &m->addr[j];
		const struct probe *p = &probes[ad->probe];
		enum report_status s = probe_status(&o, ad->probe, 0);
		enum mx_err e = probe_error(p);

		memcpy(head, pfx, strlen(pfx));
		strcpy(head + strlen(pfx), "a");
		set_prefix(ap, head, j + 1);
		out_kvs("addr", ad->text);
		/* the scan's findings count here, not for mx-address-failed */
		out_kvs("status", report_status_str(probe_status(&o,
		    ad->probe, 1)));
		if (e != MX_OK)
			out_kvs("error", mx_err_str(e));
		out_kvs("tls", p->tls_started && p->tls.done ? "ok" :
		    p->tls_started ? "fail" : "none");
		if (p->tls.done)
			out_kvs("tls_version", tls_version_str(p->tls.version));
		if (ad->ptr_found)
			out_kvs("ptr", ad->ptr);
		else if (ad->ptr_err != MX_OK)
			out_kvs("ptr_error", mx_err_str(ad->ptr_err));
		if (ad->fcrdns >= 0)
			out_kvb("fcrdns", ad->fcrdns);
		if (ad->ptr_found && p->smtp.banner_host[0])
			out_kvb("banner_is_ptr", dnsmsg_name_eq(
			    p->smtp.banner_host, ad->ptr));
		if (p->smtp.banner_host[0])
			out_kvb("banner_is_mx", dnsmsg_name_eq(
			    p->smtp.banner_host, m->name));
		if (ad->ptr_found && p->smtp.ehlo_host[0])
			out_kvb("ehlo_is_ptr", dnsmsg_name_eq(
			    p->smtp.ehlo_host, ad->ptr));
		if (p->smtp.ehlo_host[0])
			out_kvb("ehlo_is_mx", dnsmsg_name_eq(
			    p->smtp.ehlo_host, m->name));
		tlsscan_summary(scan_of(ad->probe));
		/* a sender falls back to another address: a warning only */
		if (found && j != chosen && s == ST_CRITICAL)
			failed = 1;
		if (s == ST_UNKNOWN)
			vd.limit = 1;
	}
	out_prefix(pfx);
	if (failed)
		report_finding(&vd, ST_WARNING, "mx-address-failed");
	if (m->cname)
		report_finding(&vd, ST_WARNING, "mx-cname");
	if (m->addr_truncated)
		report_finding(&vd, ST_UNKNOWN, "addr-truncated");
	if (m->naddr > 0) {
		report_probe(&o, &probes[m->addr[chosen].probe], &cas,
		    verdict_of(m->addr[chosen].probe), &vd);
		tlsscan_report(scan_of(m->addr[chosen].probe), &vd);
	} else {
		enum mx_err e = m->ip_literal ? MX_E_MX_IP_LITERAL :
		    m->nxdomain ? MX_E_DNS_NXDOMAIN :
		    m->dns_err != MX_OK ? m->dns_err : MX_E_NO_ADDRESS;

		out_kvs("error", mx_err_str(e));
		/* DNS that did not answer: we cannot tell; else undeliverable */
		report_finding(&vd, m->dns_err != MX_OK && !m->nxdomain &&
		    !m->ip_literal ? ST_UNKNOWN : ST_CRITICAL, mx_err_str(e));
	}
	if (!a->cfg.host_mode) {
		EACH_CHECK(report_mx, a, base, i, &vd);
		out_prefix(pfx);
	}
	return report_close(&vd);
}

/*
 * -j "policies" when neither DANE nor MTA-STS governs any MX: RFC 8460's
 * "no-policy-found" entry, one session per probed address (an
 * opportunistic sender's view: only a missing or failed TLS is a
 * failure).
 */
static void
no_policy_found(struct audit *a)
{
	unsigned i, j;
	int h;

	if (a->nmx == 0 || (h = rpt_policy("no-policy-found",
	    a->cfg.name)) < 0)
		return;
	for (i = 0; i < a->nmx; i++) {
		rpt_mx_host(h, a->mx[i].name);
		for (j = 0; j < a->mx[i].naddr; j++) {
			const struct probe *p = audit_probe_of(a, i, j, NULL);

			if (!worked(a->mx[i].addr[j].probe))
				continue;	/* no session: nothing to say */
			rpt_session(h, a->mx[i].name, a->mx[i].addr[j].text,
			    p->tls.done ? NULL : !p->tls_started ?
			    "starttls-not-supported" : "validation-failure",
			    p->tls.done ? NULL : mx_err_str(probe_error(p)));
		}
	}
}

/* 1 if the comma-joined findings of vd hold code. */
static int
has(const struct report_verdict *vd, const char *code)
{
	size_t l = strlen(code);
	const char *f = vd->findings, *e = f + vd->flen;

	while (f < e) {
		const char *c = memchr(f, ',', (size_t)(e - f));
		size_t n = c ? (size_t)(c - f) : (size_t)(e - f);

		if (n == l && memcmp(f, code, l) == 0)
			return 1;
		f += n + 1;
	}
	return 0;
}

static int
min_of(int x, int y)
{
	return x < y ? x : y;
}

/*
 * The transport and hygiene items of the score (README.md "Score"), per
 * MX from the address a sender would use, from the findings report.c and
 * tlsscan.c give it (the same rules that print them), averaged over MX.
 */
static void
score_transport(struct audit *a, const struct report_opts *base)
{
	unsigned i, j, n = 0, st = 0, ce = 0, ve = 0, hy = 0;

	for (i = 0; i < a->nmx; i++) {
		const struct audit_mx *m = &a->mx[i];
		const struct audit_addr *ad = NULL;
		struct report_opts o = *base;
		struct report_verdict vd;
		int pi, c = 100, v = 100, h = 100;

		if (m->ip_literal || m->naddr == 0) {
			n++;		/* a sender finds nothing: all zero */
			continue;
		}
		for (j = 0; j < m->naddr && ad == NULL; j++)
			if (worked(m->addr[j].probe))
				ad = &m->addr[j];
		if (ad == NULL)
			ad = &m->addr[0];
		if (ad->shared)
			ad = &a->mx[ad->orig_mx].addr[ad->orig_addr];
		pi = ad->probe;
		n++;
		memset(&vd, 0, sizeof vd);
		o.host = m->name;
		out_mute(1);
		report_probe(&o, &probes[pi], &cas, verdict_of(pi), &vd);
		tlsscan_report(scan_of(pi), &vd);
		out_mute(0);
		if (!probes[pi].tls.done) {
			c = v = 0;
		} else {
			st++;
			if (has(&vd, "cert-self-signed") ||
			    has(&vd, "cert-untrusted") ||
			    has(&vd, "cert-name-mismatch"))
				c = 40;
			if (has(&vd, "cert-weak-key") ||
			    has(&vd, "cert-weak-signature") ||
			    has(&vd, "chain-incomplete") ||
			    has(&vd, "chain-out-of-order") ||
			    has(&vd, "cert-expires-soon"))
				c = min_of(c, 70);
			if (has(&vd, "cert-expired") ||
			    has(&vd, "cert-not-yet-valid") ||
			    has(&vd, "cert-expires-critical") ||
			    has(&vd, "cert-unreadable"))
				c = 0;
			if (scan_of(pi) == NULL || has(&vd, "no-tls13"))
				v = 85;
			if (has(&vd, "tls-legacy-enabled"))
				v -= 35;
			if (has(&vd, "tls-weak-cipher") ||
			    has(&vd, "tls-weak-dh"))
				v -= 25;
			if (has(&vd, "tls-legacy-only") ||
			    has(&vd, "ssl3-enabled") ||
			    has(&vd, "tls-null-export"))
				v = 0;
		}
		if (m->cname)
			h -= 40;
		if (ad->fcrdns == 0)
			h -= 40;
		ce += (unsigned)c;
		ve += (unsigned)(v < 0 ? 0 : v);
		hy += (unsigned)h;
	}
	if (n == 0)
		return;		/* null MX or no MX answer: nothing to rate */
	score_set(SC_STARTTLS, (int)((st * 100 + n / 2) / n));
	score_set(SC_CERT, (int)((ce + n / 2) / n));
	score_set(SC_TLS_VERSION, (int)((ve + n / 2) / n));
	score_set(SC_MX_HYGIENE, (int)((hy + n / 2) / n));
}

/* see audit.h */
enum report_status
audit_report(struct audit *a, const struct report_opts *o)
{
	struct report_verdict vd;
	char pfx[MX_KEY_MAX];
	unsigned i;

	verify_all(a, o->ca_file);
	memset(&vd, 0, sizeof vd);
	if (a->cfg.host_mode) {
		/* -c NAME: the single-host keys, plus its addresses */
		return report_mx(a, o, 0, "");
	}
	out_kvs("domain", a->cfg.name);
	report_resolver(a);
	report_env(o, &cas);
	if (a->mx_err != MX_OK) {
		out_kvs("error", mx_err_str(a->mx_err));
		report_finding(&vd, ST_UNKNOWN, mx_err_str(a->mx_err));
		return report_close(&vd);
	}
	out_kvb("mx_dnssec", a->mx_ad);
	if (a->nxdomain) {
		out_kvi("mx_count", 0);
		out_kvs("error", mx_err_str(MX_E_DNS_NXDOMAIN));
		report_finding(&vd, ST_CRITICAL, "domain-nxdomain");
		return report_close(&vd);
	}
	out_kvb("null_mx", a->null_mx);
	out_kvb("implicit_mx", a->implicit_mx);
	out_kvi("mx_count", a->nmx);
	if (a->mx_truncated) {
		out_kvb("mx_truncated", 1);
		report_finding(&vd, ST_UNKNOWN, "mx-truncated");
	}
	if (a->null_mx_mixed)
		report_finding(&vd, ST_WARNING, "null-mx-mixed");
	else if (a->null_mx)
		report_finding(&vd, ST_OK, "null-mx");
	if (a->implicit_mx)
		report_finding(&vd, ST_OK, "implicit-mx");
	for (i = 0; i < a->nmx; i++) {
		set_prefix(pfx, "mx", i + 1);
		merge(&vd, report_mx(a, o, i, pfx));
	}
	out_prefix("");
	EACH_CHECK(report, a, o, &vd);
	out_prefix("");
	if (a->null_mx && !a->null_mx_mixed) {
		/*
		 * A null MX domain takes no mail (RFC 7505) and as a rule sends
		 * none: transport policies, DKIM and BIMI do not apply to it.
		 * What protects it is SPF -all and DMARC reject.
		 */
		score_unset(SC_DANE);
		score_unset(SC_MTA_STS);
		score_unset(SC_TLSRPT);
		score_unset(SC_DKIM);
		score_unset(SC_BIMI);
	}
	if (port25_ran && (inject[0].connected || inject[1].connected)) {
		/* 25 timed out everywhere, another port answers: it is us */
		out_kvs("port25_blocked", "likely");
		report_finding(&vd, ST_UNKNOWN, "port25-blocked");
	} else
		score_transport(a, o);
	score_report(&a->cfg.score, &vd);
	if (rpt_count() == 0)
		no_policy_found(a);
	rpt_emit();
	return report_close(&vd);
}

/* see audit.h */
int
audit_port25(struct audit *a, mx_ms now)
{
	static const unsigned short alt[2] = { 587, 465 };
	struct probe_cfg pc;
	unsigned i;

	if (a->cfg.host_mode || a->cfg.port != 25 || a->nprobes == 0)
		return 0;
	for (i = 0; i < a->nprobes; i++)
		if (probe_error(&probes[i]) != MX_E_CONNECT_TIMEOUT)
			return 0;
	for (i = 0; a->mx[i].naddr == 0; i++)
		;	/* nprobes > 0: some MX has an address */
	pc = probes[a->mx[i].addr[0].probe].cfg;
	pc.connect_only = 1;
	pc.inject = NULL;
	pc.done = NULL;
	pc.deadline = now + pc.step_ms;
	for (i = 0; i < 2; i++) {
		if (pc.addr.ss_family == AF_INET)
			((struct sockaddr_in *)&pc.addr)->sin_port =
			    htons(alt[i]);
		else
			((struct sockaddr_in6 *)&pc.addr)->sin6_port =
			    htons(alt[i]);
		probe_start(&inject[i], &pc, now);
		(void)loop_add(&inject[i].t);
	}
	port25_ran = 1;
	return 2;
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
		*v = verdict_of(ad->probe);
	return &probes[ad->probe];
}

/* see audit.h */
const struct ca_store *
audit_ca(void)
{
	return &cas;
}
