/*
 * chk_auth.c -- DMARC, DKIM and BIMI in the domain audit (check.h).
 *
 * IMPLEMENTATION NOTES
 *
 * start: every lookup at once, so the whole check costs one round trip
 * (two when a DMARC record names report destinations elsewhere):
 *   DMARC  TXT _dmarc.<name> for every name of the RFC 9989 tree walk
 *          (dmarc_walk: the domain, then its parents, at most 8)
 *   DKIM   TXT _domainkey.D (RFC 8020 presence) and TXT S._domainkey.D
 *          for every selector of -s, then the built-in list (dkim.h)
 *   BIMI   TXT default._bimi.D
 * When the last walk answer is in, dmarc_pick says which record applies
 * (own record; else psd=n, a psd=y's child or its own, else the one with
 * the fewest labels; a failed lookup before that is settled: unknown).
 * The record is parsed, and every mailto: rua/ruf destination outside
 * the domain where it was found (dmarc_same_org) gets one more lookup:
 * TXT <found>._report._dmarc.<dest> (RFC 7489 7.1), authorised when a
 * TXT there starts with v=DMARC1.
 *
 * Verdicts (report): DMARC from the picked record (effective policy: sp
 * when inherited from a parent, else p); DKIM from dkim_verdict over the
 * selectors found and _domainkey; BIMI from its record and
 * bimi_dmarc_ok over the DMARC verdict.  A lookup that never answered,
 * or a limit, makes a verdict unknown, never absent.  Keys, findings and
 * the score ladders: README "DMARC, DKIM, BIMI" (doc /tmp/mxdoc/auth.md).
 */
#include <string.h>

#include "mxprobe/bimi.h"
#include "mxprobe/check.h"
#include "mxprobe/dkim.h"
#include "mxprobe/dmarc.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/out.h"
#include "mxprobe/score.h"

/* lookup tags: kind in the high byte, index in the low one */
enum { K_WALK = 1, K_AUTH, K_DK, K_SEL, K_BIMI };
#define TAG(k, i)	((unsigned)(k) << 8 | (unsigned)(i))

/* external report destinations checked: every kept rua and ruf URI */
#define AUTH_MAX	(2 * MX_DMARC_URIS_MAX)

/* What one TXT lookup found. */
struct txt {
	int		 wait;		/* answer still awaited */
	enum mx_err	 err;		/* no usable answer (not NXDOMAIN) */
	enum dnsmsg_ans_kind kind;
	unsigned	 records;	/* TXT that are records of the kind */
	int		 truncated;	/* the first one did not fit */
	size_t		 len;		/* of the first one, in text */
	/* where the first is kept (MX_TXT_MAX bytes); NULL: in first[] */
	char		*text;
};

struct auth {
	char		 host[MX_NAME_MAX + 1];
	int		 ruf;		/* found in ruf (else rua) */
	struct txt	 t;
};

static struct {
	char			 domain[MX_NAME_MAX + 1];
	/* DMARC */
	struct dmarc_walk	 w;		/* into domain */
	int			 walk_limit;	/* a walk name did not fit */
	unsigned		 walk_wait;
	struct txt		 step[MX_DMARC_WALK_MAX];
	int			 pick;		/* -3 until the walk is in */
	struct dmarc_rec	 rec;		/* of step[pick] */
	int			 rec_ok;
	char			 found_at[MX_NAME_MAX + 1];
	unsigned		 nauth;
	int			 auth_limit;
	struct auth		 auth[AUTH_MAX];
	/* DKIM */
	struct dkim_selectors	 sels;
	int			 sels_bad;	/* -s the core refused */
	int			 dkim_limit;
	struct txt		 dk;		/* _domainkey */
	struct txt		 sel[MX_DKIM_SELECTORS_MAX];
	struct dkim_key		 key[MX_DKIM_SELECTORS_MAX];
	/* BIMI */
	int			 bimi_limit;
	struct txt		 bimi;
} S;

/*
 * Record texts kept until the report, outside S: S is cleared at start,
 * these are written only when a record comes (untouched .bss costs no
 * memory).  first[] holds the first record of a TXT whose text is not
 * kept (a DKIM key is judged in its callback).
 */
static char		 step_text[MX_DMARC_WALK_MAX][MX_TXT_MAX];
static char		 bimi_text[MX_TXT_MAX];
static char		 first[MX_TXT_MAX];
static char		 scratch[MX_TXT_MAX];

static void on_lookup(struct audit *, const struct dns_query *, unsigned,
    mx_ms);

/* Queues TXT name for tag; 0, else -1 (the audit's lookup cap). */
static int
ask(struct audit *a, const char *name, unsigned tag, struct txt *t)
{
	t->err = MX_OK;
	t->records = 0;
	if (audit_lookup(a, name, DNSMSG_T_TXT, on_lookup, tag) < 0)
		return -1;
	t->wait = 1;
	return 0;
}

/* dst = a + b + c if it fits a query name (253); 0, else -1. */
static int
join(char dst[MX_NAME_MAX + 1], const char *a, const char *b, const char *c)
{
	size_t	 la = strlen(a), lb = strlen(b), lc = strlen(c);

	if (la + lb + lc > MX_QNAME_TEXT_MAX)
		return -1;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb);
	memcpy(dst + la + lb, c, lc + 1);
	return 0;
}

static void
auth_start(struct audit *a, mx_ms now)
{
	char		 name[MX_NAME_MAX + 1];
	unsigned	 i;

	(void)now;
	memset(&S, 0, sizeof S);
	S.pick = -3;
	for (i = 0; i < MX_DMARC_WALK_MAX; i++)
		S.step[i].text = step_text[i];
	S.bimi.text = bimi_text;
	strcpy(S.domain, a->cfg.name);
	/* DMARC: the whole walk at once */
	if (dmarc_walk(S.domain, &S.w) < 0)
		S.walk_limit = 1;
	for (i = 0; i < S.w.n; i++) {
		if (dmarc_qname(name, S.w.dom[i]) < 0 ||
		    ask(a, name, TAG(K_WALK, i), &S.step[i]) < 0) {
			S.walk_limit = 1;
			continue;
		}
		S.walk_wait++;
	}
	/* DKIM: -s first, then the built-in list */
	dkim_selectors_init(&S.sels);
	if (a->cfg.dkim_selectors != NULL &&
	    dkim_selectors_add(&S.sels, a->cfg.dkim_selectors) < 0)
		S.sels_bad = 1;
	dkim_selectors_add(&S.sels, DKIM_DEFAULT_SELECTORS);
	if (join(name, "", "_domainkey.", S.domain) < 0 ||
	    ask(a, name, TAG(K_DK, 0), &S.dk) < 0) {
		S.dk.err = MX_E_LIMIT;
		S.dkim_limit = 1;
	}
	for (i = 0; i < S.sels.n; i++)
		if (join(name, S.sels.name[i], "._domainkey.", S.domain) < 0 ||
		    ask(a, name, TAG(K_SEL, i), &S.sel[i]) < 0)
			S.dkim_limit = 1;
	/* BIMI */
	if (join(name, "", "default._bimi.", S.domain) < 0 ||
	    ask(a, name, TAG(K_BIMI, 0), &S.bimi) < 0)
		S.bimi_limit = 1;
}

/*
 * Reads the TXT records of q's answer into t: counts those is_rec says
 * are records (every one if is_rec is NULL) and keeps the first's text.
 */
static void
txt_read(const struct dns_query *q, int (*is_rec)(const char *, size_t),
    struct txt *t)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_txt	 tx;
	enum mx_err		 e = q->err;

	t->wait = 0;
	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_TXT, &ans);
	if (e == MX_OK && ans.kind == DNSMSG_ANS_RCODE)
		e = MX_E_DNS_RCODE;
	if (e != MX_OK) {
		t->err = e;
		return;
	}
	t->kind = ans.kind;
	if (ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER ||
		    rr.type != DNSMSG_T_TXT ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    dnsmsg_rr_txt(&rr, scratch, sizeof scratch, &tx) != MX_OK)
			continue;
		if (is_rec != NULL && !is_rec(scratch, tx.len))
			continue;
		if (t->records++ == 0) {
			char	*keep = t->text ? t->text : first;

			memcpy(keep, scratch, tx.len);
			keep[tx.len] = '\0';
			t->len = tx.len;
			t->truncated = tx.truncated;
		}
	}
}

/* Queues the authorisation lookup of the destinations of l. */
static void
auth_queue(struct audit *a, const struct dmarc_uris *l, int ruf,
    const char *policy_dom)
{
	char		 name[MX_NAME_MAX + 1];
	unsigned	 i, k;

	for (i = 0; i < l->n; i++) {
		const struct dmarc_uri *u = &l->u[i];
		struct auth *au;

		if (!u->mailto || dmarc_same_org(policy_dom, u->host,
		    u->host_len))
			continue;
		for (k = 0; k < S.nauth; k++)
			if (strlen(S.auth[k].host) == u->host_len &&
			    memcmp(S.auth[k].host, u->host, u->host_len) == 0 &&
			    S.auth[k].ruf == ruf)
				break;
		if (k < S.nauth)
			continue;
		if (S.nauth == AUTH_MAX) {
			S.auth_limit = 1;
			return;
		}
		au = &S.auth[S.nauth];
		memcpy(au->host, u->host, u->host_len);
		au->host[u->host_len] = '\0';
		au->ruf = ruf;
		au->t.err = MX_OK;
		if (dmarc_report_qname(name, policy_dom, u->host,
		    u->host_len) < 0 ||
		    ask(a, name, TAG(K_AUTH, S.nauth), &au->t) < 0)
			au->t.err = MX_E_LIMIT;
		S.nauth++;
	}
}

/* The walk is in: which record applies, then its destinations. */
static void
dmarc_settle(struct audit *a)
{
	struct dmarc_step	 st[MX_DMARC_WALK_MAX];
	unsigned		 i;
	int			 k;

	for (i = 0; i < S.w.n; i++) {
		struct txt *t = &S.step[i];

		st[i].psd = 'u';
		if (t->err != MX_OK || t->wait)
			st[i].found = DMARC_F_ERROR;
		else if (t->records == 0)
			st[i].found = DMARC_F_NONE;
		else if (t->records > 1)
			st[i].found = DMARC_F_MANY;
		else {
			struct dmarc_rec r;

			st[i].found = DMARC_F_ONE;
			dmarc_parse(t->text, t->len, &r);
			st[i].psd = r.psd;
		}
	}
	S.pick = k = dmarc_pick(st, S.w.n);
	if (k < 0)
		return;
	dmarc_qname(S.found_at, S.w.dom[k]);
	if (st[k].found != DMARC_F_ONE || S.step[k].truncated)
		return;
	S.rec_ok = dmarc_parse(S.step[k].text, S.step[k].len, &S.rec) == 0;
	if (!S.rec_ok)
		return;
	/* RFC 7489 7.1: a destination's record only has to be there */
	auth_queue(a, &S.rec.rua, 0, S.w.dom[k]);
	auth_queue(a, &S.rec.ruf, 1, S.w.dom[k]);
}

static void
on_lookup(struct audit *a, const struct dns_query *q, unsigned tag,
    mx_ms now)
{
	unsigned	 i = tag & 0xff;

	(void)now;
	switch (tag >> 8) {
	case K_WALK:
		txt_read(q, dmarc_is_record, &S.step[i]);
		if (--S.walk_wait == 0 && !S.walk_limit)
			dmarc_settle(a);
		break;
	case K_AUTH:
		txt_read(q, dmarc_is_record, &S.auth[i].t);
		break;
	case K_DK:
		txt_read(q, NULL, &S.dk);
		break;
	case K_SEL:
		txt_read(q, NULL, &S.sel[i]);
		if (S.sel[i].records > 0)
			dkim_parse(first, S.sel[i].len, &S.key[i]);
		break;
	case K_BIMI:
		txt_read(q, bimi_is_record, &S.bimi);
		break;
	}
}

/* ---- report ---------------------------------------------------------- */

/* Comma-joins the URIs of l as written. */
static void
out_uris(const char *key, const struct dmarc_uris *l)
{
	char		 buf[MX_TXT_MAX];
	size_t		 n = 0;
	unsigned	 i;

	for (i = 0; i < l->n; i++) {
		if (n + l->u[i].len + 1 >= sizeof buf)
			break;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, l->u[i].p, l->u[i].len);
		n += l->u[i].len;
	}
	out_kv(key, buf, n);
}

/*
 * "host:yes,host:no,host:unknown" for the external destinations of one
 * tag; returns how many are not authorised (no), *unknown the others.
 */
static unsigned
out_auth(const char *key, int ruf, unsigned *unknown)
{
	char		 buf[AUTH_MAX * (MX_NAME_MAX + 10)];
	size_t		 n = 0, l;
	unsigned	 i, no = 0;
	const char	*v;

	for (i = 0; i < S.nauth; i++) {
		const struct auth *au = &S.auth[i];

		if (au->ruf != ruf)
			continue;
		if (au->t.wait || au->t.err != MX_OK) {
			v = "unknown";
			(*unknown)++;
		} else if (au->t.records > 0)
			v = "yes";
		else {
			v = "no";
			no++;
		}
		l = strlen(au->host);
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, au->host, l);
		n += l;
		buf[n++] = ':';
		memcpy(buf + n, v, strlen(v));
		n += strlen(v);
	}
	if (n)
		out_kv(key, buf, n);
	return no;
}

static void
report_dmarc(struct report_verdict *vd)
{
	const struct txt *t;
	const char	*err = NULL;
	unsigned	 i, no, unknown = 0;
	int		 sub, pts;

	if (S.walk_limit || S.pick == -3 || S.pick == -2) {
		out_kvs("dmarc", "unknown");
		if (S.walk_limit)
			err = "limit";
		else
			for (i = 0; i < S.w.n && err == NULL; i++)
				if (S.step[i].wait)
					err = mx_err_str(MX_E_DNS_TIMEOUT);
				else if (S.step[i].err != MX_OK)
					err = mx_err_str(S.step[i].err);
		out_kvs("dmarc_error", err ? err : "dns-timeout");
		report_finding(vd, ST_UNKNOWN, "dmarc-unknown");
		return;
	}
	if (S.pick == -1) {
		out_kvs("dmarc", "absent");
		report_finding(vd, ST_WARNING, "dmarc-absent");
		score_set(SC_DMARC, 0);
		return;
	}
	t = &S.step[S.pick];
	sub = S.pick > 0;
	if (t->truncated) {
		out_kvs("dmarc", "unknown");
		out_kvs("dmarc_error", "limit");
		out_kvb("dmarc_record_truncated", 1);
		report_finding(vd, ST_UNKNOWN, "dmarc-unknown");
		return;
	}
	if (t->records > 1)
		err = "multiple-records";
	else if (!S.rec_ok)
		err = S.rec.err;
	out_kvs("dmarc", err ? "invalid" : dmarc_policy_str(
	    dmarc_effective(&S.rec, sub)));
	out_kv("dmarc_record", t->text, t->len);
	out_kvs("dmarc_found_at", S.found_at);
	if (sub)
		out_kvb("dmarc_inherited", 1);
	if (err != NULL) {
		out_kvs("dmarc_error", err);
		report_finding(vd, ST_WARNING, "dmarc-invalid");
		score_set(SC_DMARC, 10);
		return;
	}
	out_kvi("dmarc_pct", S.rec.pct);
	if (S.rec.testing)
		out_kvb("dmarc_testing", 1);
	if (S.rec.rua.total) {
		out_uris("dmarc_rua", &S.rec.rua);
		if (S.rec.rua.total > S.rec.rua.n)
			out_kvb("dmarc_rua_truncated", 1);
	}
	if (S.rec.ruf.total) {
		out_uris("dmarc_ruf", &S.rec.ruf);
		if (S.rec.ruf.total > S.rec.ruf.n)
			out_kvb("dmarc_ruf_truncated", 1);
	}
	no = out_auth("dmarc_rua_authorized", 0, &unknown);
	no += out_auth("dmarc_ruf_authorized", 1, &unknown);
	if (S.auth_limit)
		out_kvb("dmarc_authorized_truncated", 1);
	if (no)
		report_finding(vd, ST_WARNING, "dmarc-report-unauthorized");
	if (unknown || S.auth_limit)
		report_finding(vd, ST_OK, "dmarc-report-auth-unknown");
	switch (dmarc_effective(&S.rec, sub)) {
	case DMARC_P_NONE:
		report_finding(vd, ST_OK, "dmarc-policy-none");
		break;
	default:
		if (S.rec.pct < 100)
			report_finding(vd, ST_OK, "dmarc-pct-partial");
		if (S.rec.testing)
			report_finding(vd, ST_OK, "dmarc-testing");
		break;
	}
	pts = dmarc_points(&S.rec, sub);
	score_set(SC_DMARC, pts);
}

/*
 * null_mx: the domain publishes "MX 0 ." alone (RFC 7505): it takes no
 * mail and, as a rule, sends none, so no DKIM key is no problem there.
 */
static void
report_dkim(struct report_verdict *vd, int null_mx)
{
	char			 list[MX_DKIM_SELECTORS_MAX *
				     (MX_DKIM_SELECTOR_LEN + 1)];
	char			 key[MX_KEY_MAX];
	size_t			 n = 0, l, pl;
	unsigned		 i, found = 0;
	int			 best = -1, weak = 0, bad = 0, trunc = 0;
	enum dkim_presence	 dk;
	enum dkim_verdict	 v;

	/* selectors not asked (a limit) cannot change an RFC 8020 answer */
	dk = S.dk.wait ? DKIM_DK_UNKNOWN : dkim_domainkey(S.dk.err, S.dk.kind);
	for (i = 0; i < S.sels.n; i++) {
		if (S.sel[i].records == 0)
			continue;
		found++;
		l = strlen(S.sels.name[i]);
		if (n)
			list[n++] = ',';
		memcpy(list + n, S.sels.name[i], l);
		n += l;
	}
	v = dkim_verdict(dk, found);
	out_kvs("dkim", dkim_verdict_str(v));
	out_kvs("dkim_domainkey", dk == DKIM_DK_NXDOMAIN ? "nxdomain" :
	    dk == DKIM_DK_EXISTS ? "exists" : "unknown");
	out_kv("dkim_selectors", list, n);
	if (S.sels.truncated)
		out_kvb("dkim_selectors_truncated", 1);
	if (S.sels_bad || S.dkim_limit)
		out_kvs("dkim_error", S.sels_bad ? "bad-selectors" : "limit");
	for (i = 0, found = 0; i < S.sels.n; i++) {
		const struct dkim_key *k = &S.key[i];
		char	 pfx[16];
		int	 p;

		if (S.sel[i].records == 0)
			continue;
		found++;
		/* "dkim_N_": N <= MX_DKIM_SELECTORS_MAX, two digits */
		memcpy(pfx, "dkim_", 5);
		pl = 5;
		if (found >= 10)
			pfx[pl++] = (char)('0' + found / 10);
		pfx[pl++] = (char)('0' + found % 10);
		pfx[pl++] = '_';
#define KEY(s)	(memcpy(key, pfx, pl), strcpy(key + pl, (s)), key)
		out_kvs(KEY("selector"), S.sels.name[i]);
		if (S.sel[i].records > 1)
			out_kvi(KEY("records"), S.sel[i].records);
		if (S.sel[i].truncated) {
			out_kvb(KEY("record_truncated"), 1);
			out_kvs(KEY("error"), "limit");
			trunc = 1;
			continue;
		}
		out_kvs(KEY("key_type"), dkim_ktype_str(k->ktype));
		if (k->bits)
			out_kvi(KEY("bits"), k->bits);
		out_kvb(KEY("revoked"), k->revoked);
		out_kvb(KEY("testing"), k->testing);
		if (k->err) {
			out_kvs(KEY("error"), k->err);
			bad = 1;
		} else if (!k->revoked && k->ktype == DKIM_K_RSA &&
		    k->bits < 2048)
			weak = 1;
#undef KEY
		p = dkim_points(k);
		if (p > best)
			best = p;
	}
	if (v == DKIM_V_PRESENT && found == 0)
		out_kvb("dkim_unknown_selector", 1);
	switch (v) {
	case DKIM_V_ABSENT:
		report_finding(vd, null_mx ? ST_OK : ST_WARNING, "dkim-absent");
		score_set(SC_DKIM, 0);
		return;
	case DKIM_V_UNKNOWN:
		report_finding(vd, ST_UNKNOWN, "dkim-unknown");
		return;
	default:
		break;
	}
	if (bad)
		report_finding(vd, ST_WARNING, "dkim-invalid");
	if (weak)
		report_finding(vd, ST_WARNING, "dkim-weak-key");
	if (trunc)
		report_finding(vd, ST_UNKNOWN, "dkim-record-truncated");
	/* present under selectors we did not guess: strength unknown */
	if (best >= 0)
		score_set(SC_DKIM, best);
}

static void
report_bimi(struct report_verdict *vd)
{
	const struct txt *t = &S.bimi;
	struct bimi_rec	 r;
	const char	*err = NULL;
	int		 sub = S.pick > 0, dmarc_ok;

	memset(&r, 0, sizeof r);
	if (S.bimi_limit || t->wait || t->err != MX_OK) {
		out_kvs("bimi", "unknown");
		out_kvs("bimi_error", S.bimi_limit ? "limit" : t->wait ?
		    "dns-timeout" : mx_err_str(t->err));
		report_finding(vd, ST_OK, "bimi-unknown");
		return;
	}
	if (t->records == 0) {
		out_kvs("bimi", "absent");
		score_set(SC_BIMI, 0);
		return;
	}
	if (t->truncated) {
		out_kvs("bimi", "unknown");
		out_kvs("bimi_error", "limit");
		report_finding(vd, ST_OK, "bimi-unknown");
		return;
	}
	if (t->records > 1)
		err = "multiple-records";
	else if (bimi_parse(t->text, t->len, &r) < 0)
		err = r.err;
	if (err == NULL && r.declined) {
		out_kvs("bimi", "absent");
		out_kvb("bimi_declined", 1);
		out_kv("bimi_record", t->text, t->len);
		score_set(SC_BIMI, 0);
		return;
	}
	if (err == NULL && (S.walk_limit || S.pick < -1 ||
	    (S.pick >= 0 && S.step[S.pick].truncated))) {
		/* BIMI hangs on a DMARC verdict we do not have */
		out_kvs("bimi", "unknown");
		out_kvs("bimi_error", "dmarc-unknown");
		out_kv("bimi_record", t->text, t->len);
		report_finding(vd, ST_OK, "bimi-unknown");
		return;
	}
	dmarc_ok = S.rec_ok && S.pick >= 0 && S.step[S.pick].records == 1 &&
	    bimi_dmarc_ok(&S.rec, sub);
	if (err == NULL && !dmarc_ok)
		err = "dmarc-not-enforced";
	out_kvs("bimi", err ? "invalid" : "ok");
	out_kv("bimi_record", t->text, t->len);
	if (err == NULL || strcmp(err, "dmarc-not-enforced") == 0) {
		out_kv("bimi_logo", r.l, r.l_len);
		if (r.a_len)
			out_kv("bimi_authority", r.a, r.a_len);
	}
	if (err != NULL) {
		out_kvs("bimi_error", err);
		report_finding(vd, ST_WARNING, strcmp(err,
		    "dmarc-not-enforced") == 0 ? "bimi-dmarc-not-enforced" :
		    "bimi-invalid");
		score_set(SC_BIMI, 0);
		return;
	}
	score_set(SC_BIMI, 100);
}

static void
auth_report(struct audit *a, const struct report_opts *o,
    struct report_verdict *vd)
{
	(void)o;
	report_dmarc(vd);
	report_dkim(vd, a->null_mx && !a->null_mx_mixed);
	report_bimi(vd);
}

const struct audit_check chk_auth = {
	.start = auth_start,
	.report = auth_report,
};
