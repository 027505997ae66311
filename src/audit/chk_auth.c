/*
 * chk_auth.c -- DMARC, DKIM and BIMI in the domain audit (check.h).
 *
 * IMPLEMENTATION NOTES
 *
 * start: every lookup at once, so the whole check costs one round trip
 * (two when a DMARC record names report destinations elsewhere):
 *   DMARC  TXT _dmarc.<name> for every name of the RFC 9989 tree walk
 *          (dmarc_walk: the domain, then its parents, at most 8)
 *   DKIM   TXT _domainkey.D (RFC 8020 presence) and TXT ctx->_domainkey.D
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
 * judge: DMARC from the picked record (effective policy: sp when
 * inherited from a parent, else p); DKIM from dkim_verdict over the
 * selectors found and _domainkey (absent only when -s named selectors:
 * with the built-in list alone, not-found, informational); BIMI from its
 * record and
 * bimi_dmarc_ok over the DMARC verdict.  A lookup that never answered,
 * or a limit, makes a verdict unknown, never absent.  Findings and the
 * score ladders: audit/README.md "Score"; rep_auth.c prints the keys
 * from what the judgement leaves in the context.
 */
#include <stddef.h>
#include <string.h>

#include "mxprobe/points.h"
#include "mxprobe/audit.h"
#include "mxprobe/bimi.h"
#include "mxprobe/dkim.h"
#include "mxprobe/dmarc.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/score.h"

/* lookup tags: kind in the high byte, index in the low one */
enum { K_WALK = 1, K_AUTH, K_DK, K_SEL, K_BIMI };
#define TAG(k, i)	((unsigned)(k) << 8 | (unsigned)(i))

#define CTX(cc)	CHECK_CTX(struct chk_auth, cc)

static void on_lookup(const struct check_class **, struct audit *,
    const struct dns_query *, unsigned, mx_ms);

/* Queues TXT name for tag; 0, else -1 (the audit's lookup cap). */
static int
ask(struct chk_auth *ctx, struct audit *a, const char *name, unsigned tag,
    struct chk_auth_txt *t)
{
	t->err = MX_OK;
	t->records = 0;
	if (audit_lookup(a, &ctx->vtable, name, DNSMSG_T_TXT, on_lookup,
	    tag) < 0)
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
auth_start(const struct check_class **cc, struct audit *a, mx_ms now)
{
	struct chk_auth	*ctx = CTX(cc);
	char		 name[MX_NAME_MAX + 1];
	unsigned	 i;

	(void)now;
	memset(ctx->domain, 0, offsetof(struct chk_auth, step_text) -
	    offsetof(struct chk_auth, domain));
	ctx->pick = -3;
	for (i = 0; i < MX_DMARC_WALK_MAX; i++)
		ctx->step[i].text = ctx->step_text[i];
	ctx->bimi.text = ctx->bimi_text;
	strcpy(ctx->domain, a->cfg.name);
	/* DMARC: the whole walk at once */
	if (dmarc_walk(ctx->domain, &ctx->w) < 0)
		ctx->walk_limit = 1;
	for (i = 0; i < ctx->w.n; i++) {
		if (dmarc_qname(name, ctx->w.dom[i]) < 0 ||
		    ask(ctx, a, name, TAG(K_WALK, i), &ctx->step[i]) < 0) {
			ctx->walk_limit = 1;
			continue;
		}
		ctx->walk_wait++;
	}
	/* DKIM: -s first, then the built-in list */
	dkim_selectors_init(&ctx->sels);
	if (a->cfg.dkim_selectors != NULL &&
	    dkim_selectors_add(&ctx->sels, a->cfg.dkim_selectors) < 0)
		ctx->sels_bad = 1;
	dkim_selectors_add(&ctx->sels, DKIM_DEFAULT_SELECTORS);
	if (join(name, "", "_domainkey.", ctx->domain) < 0 ||
	    ask(ctx, a, name, TAG(K_DK, 0), &ctx->dk) < 0) {
		ctx->dk.err = MX_E_LIMIT;
		ctx->dkim_limit = 1;
	}
	for (i = 0; i < ctx->sels.n; i++)
		if (join(name, ctx->sels.name[i], "._domainkey.",
		    ctx->domain) < 0 ||
		    ask(ctx, a, name, TAG(K_SEL, i), &ctx->sel[i]) < 0)
			ctx->dkim_limit = 1;
	/* BIMI */
	if (join(name, "", "default._bimi.", ctx->domain) < 0 ||
	    ask(ctx, a, name, TAG(K_BIMI, 0), &ctx->bimi) < 0)
		ctx->bimi_limit = 1;
}

/*
 * Reads the TXT records of q's answer into t: counts those is_rec says
 * are records (every one if is_rec is NULL) and keeps the first's text.
 */
static void
txt_read(struct chk_auth *ctx, const struct dns_query *q,
    int (*is_rec)(const char *, size_t), struct chk_auth_txt *t)
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
		    dnsmsg_rr_txt(&rr, ctx->scratch, sizeof ctx->scratch,
		    &tx) != MX_OK)
			continue;
		if (is_rec != NULL && !is_rec(ctx->scratch, tx.len))
			continue;
		if (t->records++ == 0) {
			char	*keep = t->text ? t->text : ctx->first;

			memcpy(keep, ctx->scratch, tx.len);
			keep[tx.len] = '\0';
			t->len = tx.len;
			t->truncated = tx.truncated;
		}
	}
}

/* Queues the authorisation lookup of the destinations of l. */
static void
auth_queue(struct chk_auth *ctx, struct audit *a, const struct dmarc_uris *l,
    int ruf, const char *policy_dom)
{
	char		 name[MX_NAME_MAX + 1];
	unsigned	 i, k;

	for (i = 0; i < l->n; i++) {
		const struct dmarc_uri *u = &l->u[i];
		struct chk_auth_dest *au;

		if (!u->mailto || dmarc_same_org(policy_dom, u->host,
		    u->host_len))
			continue;
		for (k = 0; k < ctx->nauth; k++)
			if (strlen(ctx->auth[k].host) == u->host_len &&
			    memcmp(ctx->auth[k].host, u->host,
			    u->host_len) == 0 &&
			    ctx->auth[k].ruf == ruf)
				break;
		if (k < ctx->nauth)
			continue;
		if (ctx->nauth == CHK_AUTH_DEST_MAX) {
			ctx->auth_limit = 1;
			return;
		}
		au = &ctx->auth[ctx->nauth];
		memcpy(au->host, u->host, u->host_len);
		au->host[u->host_len] = '\0';
		au->ruf = ruf;
		au->t.err = MX_OK;
		if (dmarc_report_qname(name, policy_dom, u->host,
		    u->host_len) < 0 ||
		    ask(ctx, a, name, TAG(K_AUTH, ctx->nauth), &au->t) < 0)
			au->t.err = MX_E_LIMIT;
		ctx->nauth++;
	}
}

/* The walk is in: which record applies, then its destinations. */
static void
dmarc_settle(struct chk_auth *ctx, struct audit *a)
{
	struct dmarc_step	 st[MX_DMARC_WALK_MAX];
	unsigned		 i;
	int			 k;

	for (i = 0; i < ctx->w.n; i++) {
		struct chk_auth_txt *t = &ctx->step[i];

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
	ctx->pick = k = dmarc_pick(st, ctx->w.n);
	if (k < 0)
		return;
	dmarc_qname(ctx->found_at, ctx->w.dom[k]);
	if (st[k].found != DMARC_F_ONE || ctx->step[k].truncated)
		return;
	ctx->rec_ok = dmarc_parse(ctx->step[k].text, ctx->step[k].len,
	    &ctx->rec) == 0;
	if (!ctx->rec_ok)
		return;
	/* RFC 7489 7.1: a destination's record only has to be there */
	auth_queue(ctx, a, &ctx->rec.rua, 0, ctx->w.dom[k]);
	auth_queue(ctx, a, &ctx->rec.ruf, 1, ctx->w.dom[k]);
}

static void
on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now)
{
	struct chk_auth	*ctx = CTX(cc);
	unsigned	 i = tag & 0xff;

	(void)now;
	switch (tag >> 8) {
	case K_WALK:
		txt_read(ctx, q, dmarc_is_record, &ctx->step[i]);
		if (--ctx->walk_wait == 0 && !ctx->walk_limit)
			dmarc_settle(ctx, a);
		break;
	case K_AUTH:
		txt_read(ctx, q, dmarc_is_record, &ctx->auth[i].t);
		break;
	case K_DK:
		txt_read(ctx, q, NULL, &ctx->dk);
		break;
	case K_SEL:
		txt_read(ctx, q, NULL, &ctx->sel[i]);
		if (ctx->sel[i].records > 0)
			dkim_parse(ctx->first, ctx->sel[i].len, &ctx->key[i]);
		break;
	case K_BIMI:
		txt_read(ctx, q, bimi_is_record, &ctx->bimi);
		break;
	}
}


/* ---- judge ----------------------------------------------------------- */

/* Whether each external destination is authorised, and the findings. */
static void
judge_dests(struct chk_auth *ctx, struct verdict *vd)
{
	unsigned	 i, no = 0, unknown = 0;

	for (i = 0; i < ctx->nauth; i++) {
		struct chk_auth_dest *au = &ctx->auth[i];

		if (au->t.wait || au->t.err != MX_OK) {
			au->ok = CHK_AUTH_OK_UNKNOWN;
			unknown++;
		} else if (au->t.records > 0)
			au->ok = CHK_AUTH_OK_YES;
		else {
			au->ok = CHK_AUTH_OK_NO;
			no++;
		}
	}
	if (no)
		verdict_add(vd, F_DMARC_REPORT_UNAUTHORIZED);
	if (unknown || ctx->auth_limit)
		verdict_add(vd, F_DMARC_REPORT_AUTH_UNKNOWN);
}

static void
judge_dmarc(struct chk_auth *ctx, struct audit *a, struct verdict *vd)
{
	const struct chk_auth_txt *t;
	const char	*err = NULL;
	unsigned	 i;

	if (ctx->walk_limit || ctx->pick == -3 || ctx->pick == -2) {
		ctx->dmarc = CHK_AUTH_R_UNKNOWN;
		if (ctx->walk_limit)
			err = "limit";
		else
			for (i = 0; i < ctx->w.n && err == NULL; i++)
				if (ctx->step[i].wait)
					err = mx_err_str(MX_E_DNS_TIMEOUT);
				else if (ctx->step[i].err != MX_OK)
					err = mx_err_str(ctx->step[i].err);
		ctx->dmarc_err = err ? err : "dns-timeout";
		verdict_add(vd, F_DMARC_UNKNOWN);
		return;
	}
	if (ctx->pick == -1) {
		ctx->dmarc = CHK_AUTH_R_ABSENT;
		verdict_add(vd, F_DMARC_ABSENT);
		score_set(&a->score, SC_DMARC, SP_DMARC_ABSENT);
		return;
	}
	t = &ctx->step[ctx->pick];
	ctx->dmarc_sub = ctx->pick > 0;
	if (t->truncated) {
		ctx->dmarc = CHK_AUTH_R_UNKNOWN;
		ctx->dmarc_err = "limit";
		ctx->dmarc_trunc = 1;
		verdict_add(vd, F_DMARC_UNKNOWN);
		return;
	}
	if (t->records > 1)
		err = "multiple-records";
	else if (!ctx->rec_ok)
		err = ctx->rec.err;
	if (err != NULL) {
		ctx->dmarc = CHK_AUTH_R_INVALID;
		ctx->dmarc_err = err;
		verdict_add(vd, F_DMARC_INVALID);
		score_set(&a->score, SC_DMARC, SP_DMARC_INVALID);
		return;
	}
	ctx->dmarc = CHK_AUTH_R_VALID;
	ctx->dmarc_policy = dmarc_effective(&ctx->rec, ctx->dmarc_sub);
	judge_dests(ctx, vd);
	switch (ctx->dmarc_policy) {
	case DMARC_P_NONE:
		verdict_add(vd, F_DMARC_POLICY_NONE);
		break;
	default:
		if (ctx->rec.pct < 100)
			verdict_add(vd, F_DMARC_PCT_PARTIAL);
		if (ctx->rec.testing)
			verdict_add(vd, F_DMARC_TESTING);
		break;
	}
	score_set(&a->score, SC_DMARC, dmarc_points(&ctx->rec,
	    ctx->dmarc_sub));
}

/*
 * null_mx: the domain publishes "MX 0 ." alone (RFC 7505): it takes no
 * mail and, as a rule, sends none, so no DKIM key is no problem there.
 */
static void
judge_dkim(struct chk_auth *ctx, struct audit *a, struct verdict *vd,
    int null_mx)
{
	unsigned		 i, found = 0;
	int			 best = -1, weak = 0, bad = 0, trunc = 0, p;
	enum dkim_presence	 dk;

	/* selectors not asked (a limit) cannot change an RFC 8020 answer */
	dk = ctx->dk.wait ? DKIM_DK_UNKNOWN : dkim_domainkey(ctx->dk.err,
	    ctx->dk.kind);
	for (i = 0; i < ctx->sels.n; i++) {
		const struct dkim_key *k = &ctx->key[i];

		if (ctx->sel[i].records == 0)
			continue;
		found++;
		if (ctx->sel[i].truncated) {
			trunc = 1;
			continue;
		}
		if (k->err)
			bad = 1;
		else if (!k->revoked && k->ktype == DKIM_K_RSA &&
		    k->bits < 2048)
			weak = 1;
		p = dkim_points(k);
		if (p > best)
			best = p;
	}
	ctx->dkim_dk = dk;
	ctx->dkim = dkim_verdict(dk, found);
	ctx->dkim_unknown_sel = ctx->dkim == DKIM_V_PRESENT && found == 0;
	switch (ctx->dkim) {
	case DKIM_V_ABSENT:
		/*
		 * Guessed selectors only: nothing found under a short list
		 * is no evidence (real domains sign under names of their
		 * own, and servers that answer NXDOMAIN for the empty
		 * _domainkey are common), so it neither warns nor scores.
		 */
		if (a->cfg.dkim_selectors == NULL) {
			ctx->dkim_not_found = 1;
			verdict_add(vd, F_DKIM_NOT_FOUND);
			return;
		}
		verdict_add_sev(vd, F_DKIM_ABSENT, null_mx ? ST_OK :
		    ST_WARNING);
		score_set(&a->score, SC_DKIM, SP_DKIM_ABSENT);
		return;
	case DKIM_V_UNKNOWN:
		verdict_add(vd, F_DKIM_UNKNOWN);
		return;
	default:
		break;
	}
	if (bad)
		verdict_add(vd, F_DKIM_INVALID);
	if (weak)
		verdict_add(vd, F_DKIM_WEAK_KEY);
	if (trunc)
		verdict_add(vd, F_DKIM_RECORD_TRUNCATED);
	/* present under selectors we did not guess: strength unknown */
	if (best >= 0)
		score_set(&a->score, SC_DKIM, best);
}

static void
judge_bimi(struct chk_auth *ctx, struct audit *a, struct verdict *vd)
{
	const struct chk_auth_txt *t = &ctx->bimi;
	struct bimi_rec	*r = &ctx->bimi_rec;
	const char	*err = NULL;
	int		 nenf;

	if (ctx->bimi_limit || t->wait || t->err != MX_OK) {
		ctx->bimi_res = CHK_AUTH_R_UNKNOWN;
		ctx->bimi_err = ctx->bimi_limit ? "limit" : t->wait ?
		    "dns-timeout" : mx_err_str(t->err);
		verdict_add(vd, F_BIMI_UNKNOWN);
		return;
	}
	if (t->records == 0) {
		ctx->bimi_res = CHK_AUTH_R_ABSENT;
		score_set(&a->score, SC_BIMI, SP_BIMI_NOT_OK);
		return;
	}
	if (t->truncated) {
		ctx->bimi_res = CHK_AUTH_R_UNKNOWN;
		ctx->bimi_err = "limit";
		verdict_add(vd, F_BIMI_UNKNOWN);
		return;
	}
	ctx->bimi_show_record = 1;
	if (t->records > 1)
		err = "multiple-records";
	else if (bimi_parse(t->text, t->len, r) < 0)
		err = r->err;
	if (err == NULL && r->declined) {
		ctx->bimi_res = CHK_AUTH_R_ABSENT;
		ctx->bimi_declined = 1;
		score_set(&a->score, SC_BIMI, SP_BIMI_NOT_OK);
		return;
	}
	if (err == NULL && (ctx->walk_limit || ctx->pick < -1 ||
	    (ctx->pick >= 0 && ctx->step[ctx->pick].truncated))) {
		/* BIMI hangs on a DMARC verdict we do not have */
		ctx->bimi_res = CHK_AUTH_R_UNKNOWN;
		ctx->bimi_err = "dmarc-unknown";
		verdict_add(vd, F_BIMI_UNKNOWN);
		return;
	}
	nenf = err == NULL && !(ctx->rec_ok && ctx->pick >= 0 &&
	    ctx->step[ctx->pick].records == 1 &&
	    bimi_dmarc_ok(&ctx->rec, ctx->pick > 0));
	if (nenf)
		err = "dmarc-not-enforced";
	ctx->bimi_res = err ? CHK_AUTH_R_INVALID : CHK_AUTH_R_VALID;
	ctx->bimi_show_logo = err == NULL || nenf;
	ctx->bimi_err = err;
	if (err != NULL) {
		verdict_add(vd, nenf ? F_BIMI_DMARC_NOT_ENFORCED :
		    F_BIMI_INVALID);
		score_set(&a->score, SC_BIMI, SP_BIMI_NOT_OK);
		return;
	}
	score_set(&a->score, SC_BIMI, SP_BIMI_OK);
}

static void
auth_judge(const struct check_class **cc, struct audit *a,
    struct verdict *vd)
{
	struct chk_auth	*ctx = CTX(cc);

	judge_dmarc(ctx, a, vd);
	judge_dkim(ctx, a, vd, a->null_mx && !a->null_mx_mixed);
	judge_bimi(ctx, a, vd);
}

const struct check_class chk_auth_class = {
	.context_size = sizeof(struct chk_auth),
	.name = "auth",
	.start = auth_start,
	.judge = auth_judge,
};
