/*
 * chk_dane.c -- DANE for SMTP in the domain audit (RFC 7672; check.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Lookups, per MX i, once its addresses are known (addrs_known; never for
 * an address literal or a target that does not exist):
 *   L_CHAIN  only for an MX name that is a CNAME: its A record, to learn
 *            the end of the chain and whether the chain is secure
 *            (RFC 7672 2.2.3);
 *   L_TLSA   TLSA of _<port>._tcp.<base>, base the expanded name when the
 *            chain is secure, else the MX name itself;
 *   L_TLSA2  only when L_TLSA asked at an expanded name and found no
 *            records there: TLSA of _<port>._tcp.<MX name> (2.2.3's
 *            fallback to the initial name).
 * TLSA is looked up even when the MX RRset is insecure: records published
 * where no sender can use them make dane=insecure, their absence
 * dane=absent (CONTRACT.md).
 *
 * Whether DANE governs MX i (RFC 7672 2.2): the MX RRset was validated
 * (a->mx_ad), the MX host's addresses too (a->mx[i].addr_ad, 2.2.2), and
 * the TLSA answer has AD=1 and holds records, usable or not.  Then, at
 * report time, every address's recorded chain goes through tlsa_verify()
 * (tlsa.h) with the reference identifiers of 3.2.2 (the TLSA base domain,
 * and the MX name when a CNAME made them differ).  A DANE sender defers
 * what it cannot authenticate and requires TLS even with only unusable
 * records (2.2, 3.1), so an address that did not reach TLS fails too.
 *
 * State is static (the audit is a singleton), reset at start.
 */
#include <string.h>
#include "mxprobe/check.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/out.h"
#include "mxprobe/rpt.h"
#include "mxprobe/score.h"
#include "mxprobe/tlsa.h"

enum { L_CHAIN, L_TLSA, L_TLSA2 };
enum dstate { DS_IDLE, DS_WAIT, DS_DONE, DS_FAIL, DS_LIMIT };

/* What DANE says of one MX at report time. */
enum dres { R_NONE, R_INSECURE, R_OK, R_FAIL, R_UNUSABLE, R_UNKNOWN };

struct dmx {
	enum dstate		 st;
	enum mx_err		 err;		/* DS_FAIL: the lookup's */
	int			 ad;		/* AD of the TLSA answer */
	int			 loopback;	/* answered by a loopback resolver */
	int			 chain_ad;	/* L_CHAIN answer had AD */
	char			 expanded[MX_NAME_MAX + 1];	/* "" none */
	char			 base[MX_NAME_MAX + 1];	/* TLSA base domain */
	unsigned		 seen, usable;	/* all records, kept or not */
	unsigned		 n;		/* kept in rec[] */
	int			 truncated;
	struct dnsmsg_tlsa	 rec[MX_TLSA_MAX];	/* data in tdata[i] */
	size_t			 used;		/* bytes of tdata[i] */
};

static struct dmx	 dm[MX_MX_MAX];		/* ~0.8 KB each, reset */
/*
 * The records' data, per MX; never cleared (used says what is valid), so
 * only the pages an audit writes cost memory.
 */
static unsigned char	 tdata[MX_MX_MAX][MX_TLSA_DATA_MAX];
static const struct audit *cur;		/* the audit of this run */
static enum dres	 res[MX_MX_MAX];	/* set by report_mx */
static int		 rollover_ok[MX_MX_MAX];

/* "_25._tcp." + name into buf; -1 if too long for a DNS name. */
static int
tlsa_qname(char *buf, unsigned port, const char *name)
{
	char num[8];
	size_t l = 0, nl = strlen(name);
	unsigned p = port;

	do
		num[l++] = (char)('0' + p % 10);
	while ((p /= 10) > 0 && l < 5);
	if (1 + l + 6 + nl > MX_NAME_MAX)
		return -1;
	*buf++ = '_';
	while (l > 0)
		*buf++ = num[--l];
	memcpy(buf, "._tcp.", 6);
	memcpy(buf + 6, name, nl + 1);
	return 0;
}

static void on_lookup(struct audit *a, const struct dns_query *q,
    unsigned tag, mx_ms now);

/* Queues the TLSA lookup of step (L_TLSA/L_TLSA2) at base for MX i. */
static void
ask_tlsa(struct audit *a, unsigned i, unsigned step, const char *base)
{
	struct dmx *d = &dm[i];
	char qn[MX_NAME_MAX + 1];

	if (base != d->base)
		strcpy(d->base, base);
	if (tlsa_qname(qn, a->cfg.port, base)) {
		d->st = DS_FAIL;
		d->err = MX_E_DNS_NAME;
		return;
	}
	if (audit_lookup(a, qn, DNSMSG_T_TLSA, on_lookup, i | step << 8)) {
		d->st = DS_LIMIT;
		return;
	}
	d->st = DS_WAIT;
}

static int
rec_cmp(const struct dnsmsg_tlsa *x, const struct dnsmsg_tlsa *y)
{
	size_t n = x->dlen < y->dlen ? x->dlen : y->dlen;
	int c;

	if (x->usage != y->usage)
		return x->usage < y->usage ? -1 : 1;
	if (x->selector != y->selector)
		return x->selector < y->selector ? -1 : 1;
	if (x->mtype != y->mtype)
		return x->mtype < y->mtype ? -1 : 1;
	if ((c = memcmp(x->data, y->data, n)) != 0)
		return c;
	return x->dlen < y->dlen ? -1 : x->dlen > y->dlen;
}

/*
 * The kept records in one canonical order (usage, selector, matching
 * type, data): resolvers rotate RRsets, and which record matched
 * (dane_match_index) must not change from one run to the next.
 * Insertion sort: at most MX_TLSA_MAX records.
 */
static void
sort_records(struct dmx *d)
{
	struct dnsmsg_tlsa t;
	unsigned i, j;

	for (i = 1; i < d->n; i++) {
		t = d->rec[i];
		for (j = i; j > 0 && rec_cmp(&d->rec[j - 1], &t) > 0; j--)
			d->rec[j] = d->rec[j - 1];
		d->rec[j] = t;
	}
}

/* Keeps the TLSA records of the answer q (checked: DATA) for MX i. */
static void
keep_records(unsigned i, const struct dns_query *q,
    const struct dnsmsg_answer *ans)
{
	struct dmx *d = &dm[i];
	unsigned char *data = tdata[i];

	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	struct dnsmsg_tlsa t;

	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER ||
		    rr.type != DNSMSG_T_TLSA ||
		    !dnsmsg_name_eq(rr.name, ans->owner) ||
		    dnsmsg_rr_tlsa(&rr, &t) != MX_OK)
			continue;
		d->seen++;
		if (tlsa_usable(&t) == TLSA_USABLE)
			d->usable++;
		if (d->n == MX_TLSA_MAX || t.dlen > MX_TLSA_DATA_MAX - d->used) {
			d->truncated = 1;
			continue;
		}
		memcpy(data + d->used, t.data, t.dlen);
		t.data = data + d->used;
		d->used += t.dlen;
		d->rec[d->n++] = t;
	}
	sort_records(d);
}

static void
on_lookup(struct audit *a, const struct dns_query *q, unsigned tag,
    mx_ms now)
{
	unsigned i = tag & 0xff, step = tag >> 8;
	struct dmx *d;
	struct dnsmsg_answer ans;
	enum mx_err e;

	(void)now;
	if (i >= MX_MX_MAX)
		return;
	d = &dm[i];
	if (step == L_CHAIN) {
		/* a failed chain lookup: the MX name is the only base */
		if (q->err == MX_OK && dnsmsg_answer(q->msg, q->len, q->qname,
		    DNSMSG_T_A, &ans) == MX_OK && ans.cnames > 0 &&
		    !dnsmsg_name_eq(ans.owner, a->mx[i].name)) {
			d->chain_ad = q->hdr.ad;
			strcpy(d->expanded, ans.owner);
		}
		ask_tlsa(a, i, L_TLSA, d->chain_ad && d->expanded[0] ?
		    d->expanded : a->mx[i].name);
		return;
	}
	if (q->err != MX_OK) {
		d->st = DS_FAIL;
		d->err = q->err;
		return;
	}
	d->ad = q->hdr.ad;
	d->loopback = q->answered_by >= 0 && q->conf != NULL &&
	    (unsigned)q->answered_by < q->conf->nsrv &&
	    q->conf->srv[q->answered_by].loopback;
	e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_TLSA, &ans);
	if (e != MX_OK) {
		d->st = DS_FAIL;
		d->err = e;
		return;
	}
	switch (ans.kind) {
	case DNSMSG_ANS_DATA:
		keep_records(i, q, &ans);
		break;
	case DNSMSG_ANS_RCODE:
		d->st = DS_FAIL;
		d->err = ans.rcode == DNSMSG_R_SERVFAIL ? MX_E_DNS_SERVFAIL :
		    MX_E_DNS_RCODE;
		return;
	default:
		if (step == L_TLSA && strcmp(d->base, a->mx[i].name) != 0) {
			ask_tlsa(a, i, L_TLSA2, a->mx[i].name);
			return;
		}
		break;
	}
	d->st = DS_DONE;
}

static void
dane_start(struct audit *a, mx_ms now)
{
	(void)now;
	memset(dm, 0, sizeof dm);
	memset(res, 0, sizeof res);
	memset(rollover_ok, 0, sizeof rollover_ok);
	cur = a;
}

static void
dane_addrs_known(struct audit *a, unsigned i, mx_ms now)
{
	const struct audit_mx *m = &a->mx[i];

	(void)now;
	cur = a;
	if (i >= MX_MX_MAX || m->ip_literal || m->nxdomain ||
	    dm[i].st != DS_IDLE)
		return;
	if (m->cname) {
		if (audit_lookup(a, m->name, DNSMSG_T_A, on_lookup,
		    i | L_CHAIN << 8))
			dm[i].st = DS_LIMIT;
		else
			dm[i].st = DS_WAIT;
		return;
	}
	ask_tlsa(a, i, L_TLSA, m->name);
}

/* 1 when DANE governs MX i: see the notes at the top. */
static int
governs(const struct audit *a, unsigned i)
{
	const struct dmx *d = &dm[i];

	return a != NULL && i < a->nmx && i < MX_MX_MAX && a->mx_ad &&
	    a->mx[i].addr_ad && d->st == DS_DONE && d->ad && d->seen > 0;
}

/* see check.h */
int
chk_dane_applies(unsigned mx)
{
	return governs(cur, mx);
}

/* Decimal v then c at buf; returns the byte after c. */
static char *
put_uint(char *buf, unsigned v, char c)
{
	char t[12];
	unsigned l = 0;

	do
		t[l++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (l > 0)
		*buf++ = t[--l];
	*buf++ = c;
	return buf;
}

/* Hex of p[0..len) into buf (2 * len + 1 bytes). */
static void
hex(char *buf, const unsigned char *p, size_t len)
{
	static const char x[] = "0123456789abcdef";

	while (len-- > 0) {
		*buf++ = x[*p >> 4];
		*buf++ = x[*p++ & 15];
	}
	*buf = '\0';
}

/*
 * The record as RFC 8460 4.4's policy-string wants it ("3 1 1 <hex>");
 * data over 64 bytes (a whole certificate or key) is cut to its first 32
 * and "..." so one record cannot fill the report's arena.
 */
static void
rec_string(char *buf, const struct dnsmsg_tlsa *t)
{
	size_t l;

	tlsa_text(t, buf);
	l = strlen(buf);
	buf[l++] = ' ';
	hex(buf + l, t->data, t->dlen > 64 ? 32 : t->dlen);
	if (t->dlen > 64)
		strcat(buf, "...");
}

/* The key "dane_aJ" + tail (J from 1) of address j, into buf. */
static const char *
addr_key(char *buf, unsigned j, const char *tail)
{
	char *p = buf;

	memcpy(p, "dane_a", 6);
	p += 6;
	if (j + 1 >= 10)
		*p++ = (char)('0' + (j + 1) / 10 % 10);
	*p++ = (char)('0' + (j + 1) % 10);
	strcpy(p, tail);
	return buf;
}

/*
 * What a DANE sender meets at an address that did not finish a TLS
 * handshake: NULL when it never got that far (connect, greeting: no
 * DANE question, the transport keys say what happened), else the RFC
 * 8460 result type.
 */
static const char *
no_tls_result(const struct probe *p)
{
	switch (probe_error(p)) {
	case MX_E_NO_STARTTLS:
	case MX_E_STARTTLS_REJECTED:
	case MX_E_STARTTLS_INJECTION:
	case MX_E_TIMEOUT_STARTTLS:
		return "starttls-not-supported";
	case MX_E_TLS_HANDSHAKE:
	case MX_E_TLS:
	case MX_E_TIMEOUT_TLS:
		return "validation-failure";
	default:
		return p->tls_started ? "validation-failure" : NULL;
	}
}

/* The distinct reasons of the unusable records, comma-joined. */
static void
unusable_list(char *buf, size_t cap, const struct dmx *d)
{
	unsigned k;
	const char *w;
	size_t l = 0, wl;

	buf[0] = '\0';
	for (k = 0; k < d->n; k++) {
		if (tlsa_usable(&d->rec[k]) == TLSA_USABLE)
			continue;
		w = tlsa_use_str(tlsa_usable(&d->rec[k]));
		if (strstr(buf, w) != NULL)
			continue;
		wl = strlen(w);
		if (l + wl + 2 > cap)
			break;
		if (l > 0)
			buf[l++] = ',';
		memcpy(buf + l, w, wl + 1);
		l += wl;
	}
}

/* The keys and findings of an MX whose TLSA lookup failed (DS_FAIL). */
static void
report_lookup_failed(const struct audit *a, unsigned i,
    struct report_verdict *vd)
{
	const struct audit_mx *m = &a->mx[i];
	const struct dmx *d = &dm[i];
	unsigned j;
	int h;

	out_kvs("dane_lookup_error", mx_err_str(d->err));
	if (d->err != MX_E_DNS_SERVFAIL) {
		/* our resolver did not answer: we cannot tell */
		res[i] = R_UNKNOWN;
		out_kvs("dane", "unknown");
		report_finding(vd, ST_UNKNOWN, "dane-lookup-failed");
		return;
	}
	if (!a->mx_ad || !m->addr_ad) {
		/* no DANE sender asks there (RFC 7672 2.2.1, 2.2.2) */
		res[i] = R_INSECURE;
		out_kvs("dane", "insecure");
		return;
	}
	/* a validating resolver's SERVFAIL: bogus; a DANE sender defers */
	res[i] = R_FAIL;
	out_kvs("dane", "fail");
	out_kvs("dane_error", "dnssec-invalid");
	report_finding(vd, ST_CRITICAL, "dane-dnssec-invalid");
	h = rpt_policy("tlsa", a->cfg.name);
	rpt_mx_host(h, m->name);
	for (j = 0; j < m->naddr; j++)
		rpt_session(h, m->name, m->addr[j].text, "dnssec-invalid",
		    NULL);
}

/* What the addresses of one DANE MX gave. */
struct tally {
	unsigned	 nok, nfail, nreach;
	const char	*err;		/* the first failure's result type */
	int		 roll;		/* rollover, from the first chain */
	int		 ta_leaf, trunc_hit;
	int		 match;		/* 1-based record index, 0 none */
	char		 match_text[TLSA_TEXT_MAX];
};

/* Matches the records of MX i against every address's chain (rpt h). */
static void
judge_addresses(const struct audit *a, const struct report_opts *o,
    unsigned i, int h, struct tally *t)
{
	const struct audit_mx *m = &a->mx[i];
	const struct dmx *d = &dm[i];
	const struct probe *p;
	struct tlsa_verdict v;
	const char *names[2], *r;
	char k[MX_KEY_MAX];
	unsigned j, nn = 1;

	names[0] = d->base;
	if (strcmp(d->base, m->name) != 0)
		names[nn++] = m->name;	/* RFC 7672 3.2.2 */
	for (j = 0; j < m->naddr; j++) {
		if ((p = audit_probe_of(a, i, j, NULL)) == NULL)
			continue;
		r = NULL;
		if (!(p->tls_started && p->tls.done)) {
			if ((r = no_tls_result(p)) == NULL) {
				out_kvs(addr_key(k, j, ""), "unknown");
				continue;
			}
		} else {
			tlsa_verify(d->rec, d->n, &p->tls.chain, names, nn,
			    o->now, &v);
			if (t->nreach == 0)
				t->roll = v.rollover;
			t->ta_leaf |= v.ta_leaf;
			if (v.result == TLSA_OK && t->match == 0) {
				t->match = v.match + 1;
				memcpy(t->match_text, v.match_text,
				    sizeof t->match_text);
			}
			if (v.result == TLSA_OK) {
				out_kvs(addr_key(k, j, ""), "ok");
				out_kvs(addr_key(k, j, "_match"), v.match_text);
			} else if (v.result == TLSA_UNUSABLE &&
			    d->usable == 0) {
				/* TLS is all a DANE sender asks for here */
				out_kvs(addr_key(k, j, ""), "unusable");
			} else {
				/* also TLSA_NONE/NO_CHAIN: nothing kept */
				r = v.fail != TLSA_F_NONE ?
				    tlsa_fail_str(v.fail) : "validation-failure";
				if (d->truncated || v.chain_truncated)
					t->trunc_hit = 1;
				if (v.br_err != 0)
					out_kvi(addr_key(k, j, "_br_err"),
					    v.br_err);
			}
		}
		t->nreach++;
		if (r == NULL) {
			t->nok++;
			rpt_session(h, m->name, m->addr[j].text,
			    d->usable == 0 ? "tlsa-invalid" : NULL, NULL);
			continue;
		}
		t->nfail++;
		out_kvs(addr_key(k, j, ""), "fail");
		out_kvs(addr_key(k, j, "_error"), r);
		rpt_session(h, m->name, m->addr[j].text, r, NULL);
		if (t->err == NULL)
			t->err = r;
	}
	if (t->nreach == 0) {
		/* no chain to group by: rollover from the records alone */
		tlsa_verify(d->rec, d->n, NULL, names, nn, o->now, &v);
		t->roll = v.rollover;
	}
}

static void
dane_report_mx(struct audit *a, const struct report_opts *o, unsigned i,
    struct report_verdict *vd)
{
	const struct audit_mx *m = &a->mx[i];
	const struct dmx *d;
	struct tally t;
	char buf[160];
	unsigned j;
	int h;

	if (i >= MX_MX_MAX)
		return;
	d = &dm[i];
	res[i] = R_NONE;
	switch (d->st) {
	case DS_IDLE:
		out_kvs("dane", "none");
		return;
	case DS_WAIT:
	case DS_LIMIT:
		res[i] = R_UNKNOWN;
		out_kvs("dane", "unknown");
		report_finding(vd, ST_UNKNOWN, "dane-limit");
		return;
	case DS_FAIL:
		report_lookup_failed(a, i, vd);
		return;
	case DS_DONE:
		break;
	}

	if (strcmp(d->base, m->name) != 0)
		out_kvs("dane_base", d->base);
	out_kvb("dane_dnssec", d->ad);
	if (d->seen == 0) {
		out_kvs("dane", "none");
		return;
	}
	put_uint(put_uint(buf, d->usable, '/'), d->seen, '\0');
	out_kvs("dane_records", buf);
	if (d->truncated)
		out_kvb("dane_truncated", 1);
	unusable_list(buf, sizeof buf, d);
	if (buf[0])
		out_kvs("dane_unusable", buf);
	if (!governs(a, i)) {
		res[i] = R_INSECURE;
		out_kvs("dane", "insecure");
		out_kvs("dane_reason", !a->mx_ad ? "mx-unsigned" :
		    !m->addr_ad ? "addr-unsigned" : "tlsa-unsigned");
		/* senders ignore them (RFC 7672 2.2): a fact, not a fault */
		report_finding(vd, ST_OK, "dane-insecure");
		return;
	}

	/* DANE governs this MX */
	h = rpt_policy("tlsa", a->cfg.name);
	for (j = 0; j < d->n; j++) {
		rec_string(buf, &d->rec[j]);
		rpt_string(h, buf);
	}
	rpt_mx_host(h, m->name);
	memset(&t, 0, sizeof t);
	judge_addresses(a, o, i, h, &t);
	if (t.match > 0) {
		out_kvs("dane_match", t.match_text);
		out_kvi("dane_match_index", t.match);
	}
	if (d->usable > 0) {
		out_kvb("dane_rollover", t.roll);
		rollover_ok[i] = t.roll;
	}
	if (t.ta_leaf) {
		out_kvb("dane_ta_leaf", 1);
		report_finding(vd, ST_WARNING, "dane-ta-leaf");
	}
	if (t.nfail > 0 && t.trunc_hit && t.nok == 0) {
		/* a record or certificate we could not keep may match */
		res[i] = R_UNKNOWN;
		out_kvs("dane", "unknown");
		out_kvs("dane_error", t.err);
		report_finding(vd, ST_UNKNOWN, "dane-truncated");
		return;
	}
	if (d->usable == 0) {
		/* RFC 7672 2.2: TLS is required, authentication is not */
		res[i] = R_UNUSABLE;
		out_kvs("dane", "unusable");
		out_kvs("dane_error", t.nfail > 0 ? t.err : "tlsa-invalid");
		report_finding(vd, ST_WARNING, "dane-tlsa-unusable");
	} else if (t.nfail > 0) {
		res[i] = R_FAIL;
		out_kvs("dane", "fail");
		out_kvs("dane_error", t.err);
	} else if (t.nok == 0) {
		res[i] = R_UNKNOWN;
		out_kvs("dane", "unknown");
		return;
	} else {
		res[i] = R_OK;
		out_kvs("dane", "ok");
		if (!t.roll)
			report_finding(vd, ST_OK, "dane-no-rollover");
		return;
	}
	if (t.nfail > 0) {
		/* a sender tries the next address: critical when none is left */
		strcpy(buf, "dane-");
		strcat(buf, t.err);
		report_finding(vd, t.nok == 0 ? ST_CRITICAL : ST_WARNING, buf);
	}
}

static void
dane_report(struct audit *a, const struct report_opts *o,
    struct report_verdict *vd)
{
	unsigned i, n = 0, gov = 0, ok = 0, fail = 0, insec = 0, unk = 0;
	unsigned pts = 0, loop = 1;
	const char *dane;

	(void)o;
	for (i = 0; i < a->nmx && i < MX_MX_MAX; i++) {
		if (a->mx[i].ip_literal)
			continue;
		n++;
		switch (res[i]) {
		case R_OK:
			gov++;
			ok++;
			pts += rollover_ok[i] ? 100 : 80;
			break;
		case R_FAIL:
		case R_UNUSABLE:
			gov++;
			fail++;
			break;
		case R_INSECURE:
			insec++;
			break;
		case R_UNKNOWN:
			unk++;
			break;
		default:
			break;
		}
		if (governs(a, i) && !dm[i].loopback)
			loop = 0;
	}
	if (fail > 0)
		dane = "fail";
	else if (ok > 0)
		dane = "ok";
	else if (unk > 0)
		dane = "unknown";
	else if (insec > 0)
		dane = "insecure";
	else
		dane = "absent";
	out_kvs("dane", dane);
	if (insec > 0 && gov == 0 && unk == 0)
		out_kvs("dane_reason", a->mx_ad ? "tlsa-unsigned" :
		    "mx-unsigned");
	if (n > 0 && (gov > 0 || insec > 0))
		out_kvi("dane_mx", gov);
	if (gov > 0 && gov < n)
		report_finding(vd, ST_OK, "dane-partial");
	if (gov > 0 && !loop)
		report_finding(vd, ST_OK, "dane-ad-not-loopback");

	/* SC_DANE (README "DANE"): unset when the answer is unknown */
	if (fail > 0)
		score_set(SC_DANE, 0);
	else if (ok > 0 && n - unk > 0)
		score_set(SC_DANE, (int)((pts + (n - unk) / 2) / (n - unk)));
	else if (unk == 0)
		score_set(SC_DANE, 0);
}

const struct audit_check chk_dane = {
	.start = dane_start,
	.addrs_known = dane_addrs_known,
	.report_mx = dane_report_mx,
	.report = dane_report,
};
