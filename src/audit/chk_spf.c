/*
 * chk_spf.c -- SPF in the domain audit (check.h): the policy walk, and
 * with --spf-ip the evaluation of one address.
 *
 * IMPLEMENTATION NOTES
 *
 * start: the walk (spf.h) asks for the TXT of the domain; every answer
 * is fed back to it and pump() starts whatever it hands out next (the
 * records of one level of includes together, at most
 * MX_SPF_WALK_INFLIGHT at once), until it is done.  With --spf-ip,
 * check_host(ADDR, DOMAIN, postmaster@DOMAIN) runs beside it, one lookup
 * at a time, with DOMAIN as the HELO name (%{h}).  A lookup the audit
 * refuses (MX_LOOKUPS_MAX) is fed to its machine as a DNS error and
 * makes the verdict a limit: unknown, never a guess.
 *
 * Answers reach the machines as spf.h wants them: the records of the
 * query's type owned by the end of the CNAME chain (dnsmsg_answer), TXT
 * strings joined (truncated when over MX_TXT_MAX - 1), MX exchanges and
 * PTR targets as dnsmsg text; NXDOMAIN and NODATA as themselves; any
 * error (timeout, SERVFAIL, a malformed reply) as a DNS error.
 *
 * judge: the verdict, its findings and the SC_SPF score (audit/README.md "Score");
 * rep_spf.c prints the keys from what it leaves in the context.
 */
#include <stddef.h>
#include <string.h>

#include "mxprobe/points.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/score.h"
#include "mxprobe/spf.h"

/* lookup tags: which machine in bit 16, its own tag below */
#define TAG_EVAL	0x10000u
#define TAG_MASK	0xffffu

#define CTX(cc)	CHECK_CTX(struct chk_spf, cc)

static void on_lookup(const struct check_class **, struct audit *,
    const struct dns_query *, unsigned, mx_ms);

/* Starts every lookup the machines hand out now. */
static void
pump(struct chk_spf *ctx, struct audit *a)
{
	struct spf_query q;

	while (spf_walk_next(&ctx->w, &q))
		if (audit_lookup(a, &ctx->vtable, q.name, q.type, on_lookup,
		    q.tag) < 0) {
			ctx->walk_limit = 1;
			spf_walk_end(&ctx->w, q.tag, SPF_DNS_ERROR);
		}
	if (!ctx->eval)
		return;
	while (spf_eval_next(&ctx->e, &q))
		if (audit_lookup(a, &ctx->vtable, q.name, q.type, on_lookup,
		    TAG_EVAL | q.tag) < 0) {
			ctx->eval_limit = 1;
			spf_eval_end(&ctx->e, q.tag, SPF_DNS_ERROR);
		}
}

/* Hands one record to the machine of tag (TAG_EVAL: the evaluation). */
static void
feed_rr(struct chk_spf *ctx, unsigned tag, uint16_t type, const void *d,
    size_t n, int truncated)
{
	if (tag & TAG_EVAL)
		spf_eval_rr(&ctx->e, tag & TAG_MASK, type, d, n, truncated);
	else
		spf_walk_rr(&ctx->w, tag, type, d, n, truncated);
}

static void
feed_end(struct chk_spf *ctx, unsigned tag, enum spf_dns o)
{
	if (tag & TAG_EVAL)
		spf_eval_end(&ctx->e, tag & TAG_MASK, o);
	else
		spf_walk_end(&ctx->w, tag, o);
}

/* q's answer, record by record, then its end. */
static void
feed(struct chk_spf *ctx, const struct dns_query *q, unsigned tag)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_txt	 tx;
	struct dnsmsg_mx	 mx;
	unsigned char		 ip[16];
	char			 name[MX_NAME_MAX + 1];
	enum mx_err		 e = q->err;

	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, q->qtype, &ans);
	if (e != MX_OK || ans.kind == DNSMSG_ANS_RCODE) {
		feed_end(ctx, tag, SPF_DNS_ERROR);
		return;
	}
	if (ans.kind != DNSMSG_ANS_DATA) {
		feed_end(ctx, tag, ans.kind == DNSMSG_ANS_NXDOMAIN ?
		    SPF_DNS_NXDOMAIN : SPF_DNS_NODATA);
		return;
	}
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER || rr.type != q->qtype ||
		    rr.class != DNSMSG_C_IN || !dnsmsg_name_eq(rr.name,
		    ans.owner))
			continue;
		switch (rr.type) {
		case DNSMSG_T_TXT:
			if (dnsmsg_rr_txt(&rr, ctx->scratch,
			    sizeof ctx->scratch, &tx) == MX_OK)
				feed_rr(ctx, tag, rr.type, ctx->scratch,
				    tx.len, tx.truncated);
			break;
		case DNSMSG_T_A:
			if (dnsmsg_rr_a(&rr, ip) == MX_OK)
				feed_rr(ctx, tag, rr.type, ip, 4, 0);
			break;
		case DNSMSG_T_AAAA:
			if (dnsmsg_rr_aaaa(&rr, ip) == MX_OK)
				feed_rr(ctx, tag, rr.type, ip, 16, 0);
			break;
		case DNSMSG_T_MX:
			if (dnsmsg_rr_mx(&rr, &mx) == MX_OK)
				feed_rr(ctx, tag, rr.type, mx.exchange,
				    strlen(mx.exchange), 0);
			break;
		case DNSMSG_T_PTR:
			if (dnsmsg_rr_name(&rr, name) == MX_OK)
				feed_rr(ctx, tag, rr.type, name,
				    strlen(name), 0);
			break;
		default:
			break;
		}
	}
	feed_end(ctx, tag, SPF_DNS_OK);
}

static void
on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now)
{
	(void)now;
	feed(CTX(cc), q, tag);
	pump(CTX(cc), a);
}

static void
spf_start(const struct check_class **cc, struct audit *a, mx_ms now)
{
	struct chk_spf	*ctx = CTX(cc);
	unsigned char	 ip[16];
	char		 sender[MX_NAME_MAX + 12];
	int		 fam;

	(void)now;
	/* not scratch: it is written before it is read */
	memset(&ctx->w, 0, offsetof(struct chk_spf, scratch) -
	    offsetof(struct chk_spf, w));
	spf_walk_start(&ctx->w, a->cfg.name);
	if (a->cfg.spf_ip != NULL) {
		ctx->eval = 1;
		if (spf_ip_parse(a->cfg.spf_ip, strlen(a->cfg.spf_ip), &fam,
		    ip) < 0) {
			ctx->bad_ip = 1;
			ctx->eval = 0;
		} else {
			ipaddr_ntop(fam, ip, ctx->ip, sizeof ctx->ip);
			memcpy(sender, "postmaster@", 11);
			memcpy(sender + 11, a->cfg.name,
			    strlen(a->cfg.name) + 1);
			spf_eval_start(&ctx->e, fam, ip, a->cfg.name, sender,
			    a->cfg.name);
		}
	}
	pump(ctx, a);
}

static void
set_err(struct chk_spf_err *err, const char *code,
    const struct spf_problem *prob)
{
	err->code = code;
	err->prob = prob;
}

/* spf_result and spf_result_error of --spf-ip. */
static void
judge_eval(struct chk_spf *ctx)
{
	const struct spf_eval *e = &ctx->e;

	if (ctx->bad_ip) {
		set_err(&ctx->result_err, "bad-address", NULL);
		return;
	}
	ctx->result = e->done ? e->result : SPF_TEMPERROR;
	if (!e->done)
		set_err(&ctx->result_err, "dns-timeout", NULL);
	else if (e->result == SPF_TEMPERROR && ctx->eval_limit)
		set_err(&ctx->result_err, "limit", NULL);
	else if (e->result == SPF_PERMERROR || e->result == SPF_TEMPERROR)
		set_err(&ctx->result_err, spf_err_str(e->prob.code), &e->prob);
}

static void
spf_judge(const struct check_class **cc, struct audit *a,
    struct verdict *vd)
{
	struct chk_spf		*ctx = CTX(cc);
	const struct spf_walk	*w = &ctx->w;
	enum spf_status		 st = w->status;

	if (!w->done)
		st = SPF_ST_TEMPERROR;
	else if (st == SPF_ST_TEMPERROR && ctx->walk_limit)
		st = SPF_ST_LIMIT;
	ctx->st = st;
	switch (st) {
	case SPF_ST_ABSENT:
		verdict_add(vd, F_SPF_ABSENT);
		score_set(&a->score, SC_SPF, SP_SPF_ABSENT);
		break;
	case SPF_ST_TEMPERROR:
	case SPF_ST_LIMIT:
		if (!w->done)
			set_err(&ctx->err, "dns-timeout", NULL);
		else
			set_err(&ctx->err, st == SPF_ST_LIMIT ? "limit" :
			    "dns-error", &w->prob);
		verdict_add(vd, F_SPF_UNKNOWN);
		break;
	case SPF_ST_INVALID:
		set_err(&ctx->err, spf_err_str(w->prob.code), &w->prob);
		verdict_add(vd, F_SPF_INVALID);
		score_set(&a->score, SC_SPF, SP_SPF_INVALID);
		break;
	case SPF_ST_WEAK:
		verdict_add(vd, F_SPF_WEAK);
		score_set(&a->score, SC_SPF, SP_SPF_WEAK);
		break;
	case SPF_ST_OK:
		score_set(&a->score, SC_SPF, w->all == '-' ?
		    SP_SPF_FAIL_ALL : SP_SPF_SOFTFAIL_ALL);
		break;
	default:
		break;
	}
	ctx->known = w->done && st != SPF_ST_ABSENT && w->record_len > 0;
	ctx->nspf = w->done && st != SPF_ST_ABSENT ? (int)w->node[0].nspf : 0;
	if (ctx->known && w->ptr)
		verdict_add(vd, F_SPF_PTR);
	if (ctx->eval || ctx->bad_ip)
		judge_eval(ctx);
}

const struct check_class chk_spf_class = {
	.context_size = sizeof(struct chk_spf),
	.name = "spf",
	.start = spf_start,
	.judge = spf_judge,
};
