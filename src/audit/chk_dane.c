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
 * dane=absent (the dane key's documented values).
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
 * Judgement (judge_mx, judge) leaves typed results in struct chk_dane
 * (chk_dane.h), findings in the verdicts, SC_DANE in a->score and the
 * "tlsa" policies in a->rpt; rep_dane.c prints the results.  The context
 * is the audit's (a->dane): nothing lives in a static.
 */
#include <stddef.h>
#include <string.h>
#include "mxprobe/points.h"
#include "mxprobe/hex.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/rpt.h"
#include "mxprobe/score.h"
#include "mxprobe/tlsa.h"

enum { L_CHAIN, L_TLSA, L_TLSA2 };

#define CTX(cc)	CHECK_CTX(struct chk_dane, cc)

/* The finding of a failure at an address, by enum chk_dane_fail. */
static const unsigned char fail_finding[CHK_DANE_F__COUNT] = {
	[CHK_DANE_F_TLSA_INVALID] = F_DANE_TLSA_INVALID,
	[CHK_DANE_F_VALIDATION] = F_DANE_VALIDATION_FAILURE,
	[CHK_DANE_F_HOST] = F_DANE_CERTIFICATE_HOST_MISMATCH,
	[CHK_DANE_F_EXPIRED] = F_DANE_CERTIFICATE_EXPIRED,
	[CHK_DANE_F_STARTTLS] = F_DANE_STARTTLS_NOT_SUPPORTED,
	[CHK_DANE_F_DNSSEC] = F_DANE_DNSSEC_INVALID,
};
_Static_assert(F__COUNT <= 256, "fail_finding holds findings in a byte");
_Static_assert((int)CHK_DANE_F_EXPIRED == (int)TLSA_F_EXPIRED &&
    (int)CHK_DANE_F_STARTTLS == (int)TLSA_F__COUNT,
    "chk_dane_fail begins with tlsa_fail");

/* see chk_dane.h */
const char *
chk_dane_fail_str(enum chk_dane_fail f)
{
	if (f == CHK_DANE_F_STARTTLS)
		return "starttls-not-supported";
	if (f == CHK_DANE_F_DNSSEC)
		return "dnssec-invalid";
	return tlsa_fail_str((enum tlsa_fail)f);
}

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

static void on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now);

/* Queues the TLSA lookup of step (L_TLSA/L_TLSA2) at base for MX i. */
static void
ask_tlsa(struct chk_dane *ctx, struct audit *a, unsigned i, unsigned step,
    const char *base)
{
	struct chk_dane_mx *d = &ctx->mx[i];
	char qn[MX_NAME_MAX + 1];

	if (base != d->base)
		strcpy(d->base, base);
	if (tlsa_qname(qn, a->cfg.port, base)) {
		d->st = CHK_DANE_S_FAIL;
		d->err = MX_E_DNS_NAME;
		return;
	}
	if (audit_lookup(a, &ctx->vtable, qn, DNSMSG_T_TLSA, on_lookup,
	    i | step << 8)) {
		d->st = CHK_DANE_S_LIMIT;
		return;
	}
	d->st = CHK_DANE_S_WAIT;
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
sort_records(struct chk_dane_mx *d)
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
keep_records(struct chk_dane *ctx, unsigned i, const struct dns_query *q,
    const struct dnsmsg_answer *ans)
{
	struct chk_dane_mx *d = &ctx->mx[i];
	unsigned char *data = ctx->tdata[i];

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
		if (d->n == MX_TLSA_MAX ||
		    t.dlen > MX_TLSA_DATA_MAX - d->used) {
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
on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now)
{
	struct chk_dane *ctx = CTX(cc);
	unsigned i = tag & 0xff, step = tag >> 8;
	struct chk_dane_mx *d;
	struct dnsmsg_answer ans;
	enum mx_err e;

	(void)now;
	if (i >= MX_MX_MAX)
		return;
	d = &ctx->mx[i];
	if (step == L_CHAIN) {
		/* a failed chain lookup: the MX name is the only base */
		if (q->err == MX_OK && dnsmsg_answer(q->msg, q->len, q->qname,
		    DNSMSG_T_A, &ans) == MX_OK && ans.cnames > 0 &&
		    !dnsmsg_name_eq(ans.owner, a->mx[i].name)) {
			d->chain_ad = q->hdr.ad;
			strcpy(d->expanded, ans.owner);
		}
		ask_tlsa(ctx, a, i, L_TLSA, d->chain_ad && d->expanded[0] ?
		    d->expanded : a->mx[i].name);
		return;
	}
	if (q->err != MX_OK) {
		d->st = CHK_DANE_S_FAIL;
		d->err = q->err;
		return;
	}
	d->ad = q->hdr.ad;
	d->loopback = q->answered_by >= 0 && q->conf != NULL &&
	    (unsigned)q->answered_by < q->conf->nsrv &&
	    q->conf->srv[q->answered_by].loopback;
	e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_TLSA, &ans);
	if (e != MX_OK) {
		d->st = CHK_DANE_S_FAIL;
		d->err = e;
		return;
	}
	switch (ans.kind) {
	case DNSMSG_ANS_DATA:
		keep_records(ctx, i, q, &ans);
		break;
	case DNSMSG_ANS_RCODE:
		d->st = CHK_DANE_S_FAIL;
		d->err = ans.rcode == DNSMSG_R_SERVFAIL ? MX_E_DNS_SERVFAIL :
		    MX_E_DNS_RCODE;
		return;
	default:
		if (step == L_TLSA && strcmp(d->base, a->mx[i].name) != 0) {
			ask_tlsa(ctx, a, i, L_TLSA2, a->mx[i].name);
			return;
		}
		break;
	}
	d->st = CHK_DANE_S_DONE;
}

static void
dane_start(const struct check_class **cc, struct audit *a, mx_ms now)
{
	struct chk_dane *ctx = CTX(cc);

	(void)a;
	(void)now;
	/* tdata stays as it is: used says what is valid */
	memset(ctx->mx, 0, offsetof(struct chk_dane, tdata) -
	    offsetof(struct chk_dane, mx));
}

static void
dane_addrs_known(const struct check_class **cc, struct audit *a,
    unsigned i, mx_ms now)
{
	struct chk_dane *ctx = CTX(cc);
	const struct audit_mx *m = &a->mx[i];

	(void)now;
	if (i >= MX_MX_MAX || m->ip_literal || m->nxdomain ||
	    ctx->mx[i].st != CHK_DANE_S_IDLE)
		return;
	if (m->cname) {
		if (audit_lookup(a, cc, m->name, DNSMSG_T_A, on_lookup,
		    i | L_CHAIN << 8))
			ctx->mx[i].st = CHK_DANE_S_LIMIT;
		else
			ctx->mx[i].st = CHK_DANE_S_WAIT;
		return;
	}
	ask_tlsa(ctx, a, i, L_TLSA, m->name);
}

/* see chk_dane.h: the notes at the top */
int
chk_dane_applies(const struct audit *a, unsigned i)
{
	const struct chk_dane_mx *d;

	if (a == NULL || i >= a->nmx || i >= MX_MX_MAX)
		return 0;
	d = &a->dane.mx[i];
	return a->mx_ad && a->mx[i].addr_ad && d->st == CHK_DANE_S_DONE &&
	    d->ad && d->seen > 0;
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
	(void)hex_write(buf + l, t->data, t->dlen > 64 ? 32 : t->dlen);
	if (t->dlen > 64)
		strcat(buf, "...");
}

/*
 * What a DANE sender meets at an address that did not finish a TLS
 * handshake: F_NONE when it never got that far (connect, greeting: no
 * DANE question, the transport keys say what happened), else the RFC
 * 8460 result type.
 */
static enum chk_dane_fail
no_tls_result(const struct probe *p)
{
	switch (probe_error(p)) {
	case MX_E_NO_STARTTLS:
	case MX_E_STARTTLS_REJECTED:
	case MX_E_STARTTLS_INJECTION:
	case MX_E_TIMEOUT_STARTTLS:
		return CHK_DANE_F_STARTTLS;
	case MX_E_TLS_HANDSHAKE:
	case MX_E_TLS:
	case MX_E_TIMEOUT_TLS:
		return CHK_DANE_F_VALIDATION;
	default:
		return p->tls_started ? CHK_DANE_F_VALIDATION :
		    CHK_DANE_F_NONE;
	}
}

/* The distinct reasons of the unusable records, in record order. */
static void
unusable_list(struct chk_dane_mx *d)
{
	unsigned k, j;
	enum tlsa_use u;

	for (k = 0; k < d->n; k++) {
		if ((u = tlsa_usable(&d->rec[k])) == TLSA_USABLE)
			continue;
		for (j = 0; j < d->nunusable && d->unusable[j] != u; j++)
			;
		if (j == d->nunusable)
			d->unusable[d->nunusable++] = (unsigned char)u;
	}
}

/* The verdict of an MX whose TLSA lookup failed (S_FAIL). */
static void
judge_lookup_failed(struct audit *a, unsigned i, struct verdict *vd)
{
	const struct audit_mx *m = &a->mx[i];
	struct chk_dane_mx *d = &a->dane.mx[i];
	unsigned j;
	int h;

	if (d->err != MX_E_DNS_SERVFAIL) {
		/* our resolver did not answer: we cannot tell */
		d->res = CHK_DANE_R_UNKNOWN;
		verdict_add(vd, F_DANE_LOOKUP_FAILED);
		return;
	}
	if (!a->mx_ad || !m->addr_ad) {
		/* no DANE sender asks there (RFC 7672 2.2.1, 2.2.2) */
		d->res = CHK_DANE_R_INSECURE;
		return;
	}
	/* a validating resolver's SERVFAIL: bogus; a DANE sender defers */
	d->res = CHK_DANE_R_FAIL;
	d->fail = CHK_DANE_F_DNSSEC;
	verdict_add(vd, F_DANE_DNSSEC_INVALID);
	h = rpt_policy(&a->rpt, "tlsa", a->cfg.name);
	rpt_mx_host(&a->rpt, h, m->name);
	for (j = 0; j < m->naddr; j++)
		rpt_session(&a->rpt, h, m->name, m->addr[j].text,
		    "dnssec-invalid", NULL);
}

/* What the addresses of one DANE MX gave. */
struct tally {
	unsigned	 nok, nfail, nreach;
	enum chk_dane_fail err;	/* the first failure's result type */
	int		 trunc_hit;
};

/* Matches the records of MX i against every address's chain (rpt h). */
static void
judge_addresses(struct audit *a, unsigned i, int h, struct tally *t)
{
	const struct audit_mx *m = &a->mx[i];
	struct chk_dane_mx *d = &a->dane.mx[i];
	struct chk_dane_addr *ad;
	const struct probe *p;
	struct tlsa_verdict v;
	const char *names[2];
	enum chk_dane_fail r;
	unsigned j, nn = 1;

	names[0] = d->base;
	if (d->alias)
		names[nn++] = m->name;	/* RFC 7672 3.2.2 */
	for (j = 0; j < m->naddr; j++) {
		if ((p = audit_probe_of(a, i, j, NULL)) == NULL)
			continue;
		ad = &d->addr[j];
		r = CHK_DANE_F_NONE;
		if (!(p->tls_started && p->tls.done)) {
			if ((r = no_tls_result(p)) == CHK_DANE_F_NONE) {
				ad->res = CHK_DANE_R_UNKNOWN;
				continue;
			}
		} else {
			tlsa_verify(d->rec, d->n, &p->tls.chain, names, nn,
			    a->ro->now, &v);
			if (t->nreach == 0)
				d->roll = v.rollover;
			d->ta_leaf |= v.ta_leaf;
			if (v.result == TLSA_OK && d->match == 0)
				d->match = v.match + 1;
			if (v.result == TLSA_OK) {
				ad->res = CHK_DANE_R_OK;
				ad->match = (unsigned char)v.match;
			} else if (v.result == TLSA_UNUSABLE &&
			    d->usable == 0) {
				/* TLS is all a DANE sender asks for here */
				ad->res = CHK_DANE_R_UNUSABLE;
			} else {
				/* also TLSA_NONE/NO_CHAIN: nothing kept */
				r = v.fail != TLSA_F_NONE ?
				    (enum chk_dane_fail)v.fail :
				    CHK_DANE_F_VALIDATION;
				if (d->truncated || v.chain_truncated)
					t->trunc_hit = 1;
				ad->br_err = v.br_err;
			}
		}
		t->nreach++;
		if (r == CHK_DANE_F_NONE) {
			t->nok++;
			rpt_session(&a->rpt, h, m->name, m->addr[j].text,
			    d->usable == 0 ? "tlsa-invalid" : NULL, NULL);
			continue;
		}
		t->nfail++;
		ad->res = CHK_DANE_R_FAIL;
		ad->fail = (unsigned char)r;
		rpt_session(&a->rpt, h, m->name, m->addr[j].text,
		    chk_dane_fail_str(r), NULL);
		if (t->err == CHK_DANE_F_NONE)
			t->err = r;
	}
	if (t->nreach == 0) {
		/* no chain to group by: rollover from the records alone */
		tlsa_verify(d->rec, d->n, NULL, names, nn, a->ro->now, &v);
		d->roll = v.rollover;
	}
}

static void
dane_judge_mx(const struct check_class **cc, struct audit *a, unsigned i,
    struct verdict *vd)
{
	struct chk_dane *ctx = CTX(cc);
	const struct audit_mx *m = &a->mx[i];
	struct chk_dane_mx *d;
	struct tally t;
	char buf[160];
	unsigned j;
	int h;

	if (i >= MX_MX_MAX)
		return;
	d = &ctx->mx[i];
	d->res = CHK_DANE_R_NONE;
	switch (d->st) {
	case CHK_DANE_S_IDLE:
		return;
	case CHK_DANE_S_WAIT:
	case CHK_DANE_S_LIMIT:
		d->res = CHK_DANE_R_UNKNOWN;
		verdict_add(vd, F_DANE_LIMIT);
		return;
	case CHK_DANE_S_FAIL:
		judge_lookup_failed(a, i, vd);
		return;
	case CHK_DANE_S_DONE:
		break;
	}

	d->alias = strcmp(d->base, m->name) != 0;
	if (d->seen == 0)
		return;
	unusable_list(d);
	if (!chk_dane_applies(a, i)) {
		d->res = CHK_DANE_R_INSECURE;
		d->why = !a->mx_ad ? CHK_DANE_WHY_MX :
		    !m->addr_ad ? CHK_DANE_WHY_ADDR : CHK_DANE_WHY_TLSA;
		/* senders ignore them (RFC 7672 2.2): a fact, not a fault */
		verdict_add(vd, F_DANE_INSECURE);
		return;
	}

	/* DANE governs this MX */
	d->governed = 1;
	h = rpt_policy(&a->rpt, "tlsa", a->cfg.name);
	for (j = 0; j < d->n; j++) {
		rec_string(buf, &d->rec[j]);
		rpt_string(&a->rpt, h, buf);
	}
	rpt_mx_host(&a->rpt, h, m->name);
	memset(&t, 0, sizeof t);
	judge_addresses(a, i, h, &t);
	if (d->ta_leaf)
		verdict_add(vd, F_DANE_TA_LEAF);
	if (t.nfail > 0 && t.trunc_hit && t.nok == 0) {
		/* a record or certificate we could not keep may match */
		d->res = CHK_DANE_R_UNKNOWN;
		d->fail = t.err;
		verdict_add(vd, F_DANE_TRUNCATED);
		return;
	}
	if (d->usable == 0) {
		/* RFC 7672 2.2: TLS is required, authentication is not */
		d->res = CHK_DANE_R_UNUSABLE;
		d->fail = t.nfail > 0 ? t.err : CHK_DANE_F_TLSA_INVALID;
		verdict_add(vd, F_DANE_TLSA_UNUSABLE);
	} else if (t.nfail > 0) {
		d->res = CHK_DANE_R_FAIL;
		d->fail = t.err;
	} else if (t.nok == 0) {
		d->res = CHK_DANE_R_UNKNOWN;
		return;
	} else {
		d->res = CHK_DANE_R_OK;
		if (!d->roll)
			verdict_add(vd, F_DANE_NO_ROLLOVER);
		return;
	}
	if (t.nfail > 0)
		/* a sender tries the next address: critical if none is left */
		verdict_add_sev(vd, (enum finding)fail_finding[t.err],
		    t.nok == 0 ? ST_CRITICAL : ST_WARNING);
}

static void
dane_judge(const struct check_class **cc, struct audit *a,
    struct verdict *vd)
{
	struct chk_dane *ctx = CTX(cc);
	unsigned i, n = 0, gov = 0, ok = 0, fail = 0, insec = 0, unk = 0;
	unsigned pts = 0, loop = 1;

	for (i = 0; i < a->nmx && i < MX_MX_MAX; i++) {
		if (a->mx[i].ip_literal)
			continue;
		n++;
		switch (ctx->mx[i].res) {
		case CHK_DANE_R_OK:
			gov++;
			ok++;
			pts += ctx->mx[i].roll ? SP_DANE_OK_ROLLOVER : SP_DANE_OK;
			break;
		case CHK_DANE_R_FAIL:
		case CHK_DANE_R_UNUSABLE:
			gov++;
			fail++;
			break;
		case CHK_DANE_R_INSECURE:
			insec++;
			break;
		case CHK_DANE_R_UNKNOWN:
			unk++;
			break;
		default:
			break;
		}
		if (chk_dane_applies(a, i) && !ctx->mx[i].loopback)
			loop = 0;
	}
	if (fail > 0)
		ctx->res = CHK_DANE_R_FAIL;
	else if (ok > 0)
		ctx->res = CHK_DANE_R_OK;
	else if (unk > 0)
		ctx->res = CHK_DANE_R_UNKNOWN;
	else if (insec > 0)
		ctx->res = CHK_DANE_R_INSECURE;
	else
		ctx->res = CHK_DANE_R_ABSENT;
	ctx->why = CHK_DANE_WHY_NONE;
	if (insec > 0 && gov == 0 && unk == 0)
		ctx->why = a->mx_ad ? CHK_DANE_WHY_TLSA : CHK_DANE_WHY_MX;
	ctx->nmx = n > 0 && (gov > 0 || insec > 0) ? (int)gov : -1;
	if (gov > 0 && gov < n)
		verdict_add(vd, F_DANE_PARTIAL);
	if (gov > 0 && !loop)
		verdict_add(vd, F_DANE_AD_NOT_LOOPBACK);

	/* SC_DANE (audit/README.md "Score"): unset when the answer is unknown */
	if (fail > 0)
		score_set(&a->score, SC_DANE, SP_DANE_NONE);
	else if (ok > 0 && n - unk > 0)
		score_set(&a->score, SC_DANE,
		    (int)((pts + (n - unk) / 2) / (n - unk)));
	else if (unk == 0)
		score_set(&a->score, SC_DANE, SP_DANE_NONE);
}

const struct check_class chk_dane_class = {
	.context_size = sizeof(struct chk_dane),
	.name = "dane",
	.start = dane_start,
	.addrs_known = dane_addrs_known,
	.judge_mx = dane_judge_mx,
	.judge = dane_judge,
};
