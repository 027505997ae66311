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
 * report: keys, findings and the SC_SPF score (README "SPF", written in
 * /tmp/mxdoc/spf.md).
 */
#include <string.h>

#include "mxprobe/check.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/out.h"
#include "mxprobe/score.h"
#include "mxprobe/spf.h"

/* lookup tags: which machine in bit 16, its own tag below */
#define TAG_EVAL	0x10000u
#define TAG_MASK	0xffffu

/* spf_error: code, domain, ": " and the term */
#define ERR_TEXT_MAX	(32 + MX_NAME_MAX + 2 + MX_SPF_TERM_SHOW + 4)

static struct {
	struct spf_walk	 w;
	struct spf_eval	 e;
	int		 eval;		/* --spf-ip given */
	int		 bad_ip;	/* ... and spf.c refused it */
	/* audit_lookup said no */
	int		 walk_limit, eval_limit;
	char		 ip[IPADDR_TEXT_MAX];
} S;

static char	 scratch[MX_TXT_MAX];

static void on_lookup(struct audit *, const struct dns_query *, unsigned,
    mx_ms);

/* Starts every lookup the machines hand out now. */
static void
pump(struct audit *a)
{
	struct spf_query q;

	while (spf_walk_next(&S.w, &q))
		if (audit_lookup(a, q.name, q.type, on_lookup, q.tag) < 0) {
			S.walk_limit = 1;
			spf_walk_end(&S.w, q.tag, SPF_DNS_ERROR);
		}
	if (!S.eval)
		return;
	while (spf_eval_next(&S.e, &q))
		if (audit_lookup(a, q.name, q.type, on_lookup,
		    TAG_EVAL | q.tag) < 0) {
			S.eval_limit = 1;
			spf_eval_end(&S.e, q.tag, SPF_DNS_ERROR);
		}
}

static void
feed_rr(int eval, unsigned tag, uint16_t type, const void *d, size_t n,
    int truncated)
{
	if (eval)
		spf_eval_rr(&S.e, tag, type, d, n, truncated);
	else
		spf_walk_rr(&S.w, tag, type, d, n, truncated);
}

static void
feed_end(int eval, unsigned tag, enum spf_dns o)
{
	if (eval)
		spf_eval_end(&S.e, tag, o);
	else
		spf_walk_end(&S.w, tag, o);
}

/* q's answer, record by record, then its end. */
static void
feed(const struct dns_query *q, int eval, unsigned tag)
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
		feed_end(eval, tag, SPF_DNS_ERROR);
		return;
	}
	if (ans.kind != DNSMSG_ANS_DATA) {
		feed_end(eval, tag, ans.kind == DNSMSG_ANS_NXDOMAIN ?
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
			if (dnsmsg_rr_txt(&rr, scratch, sizeof scratch, &tx) ==
			    MX_OK)
				feed_rr(eval, tag, rr.type, scratch, tx.len,
				    tx.truncated);
			break;
		case DNSMSG_T_A:
			if (dnsmsg_rr_a(&rr, ip) == MX_OK)
				feed_rr(eval, tag, rr.type, ip, 4, 0);
			break;
		case DNSMSG_T_AAAA:
			if (dnsmsg_rr_aaaa(&rr, ip) == MX_OK)
				feed_rr(eval, tag, rr.type, ip, 16, 0);
			break;
		case DNSMSG_T_MX:
			if (dnsmsg_rr_mx(&rr, &mx) == MX_OK)
				feed_rr(eval, tag, rr.type, mx.exchange,
				    strlen(mx.exchange), 0);
			break;
		case DNSMSG_T_PTR:
			if (dnsmsg_rr_name(&rr, name) == MX_OK)
				feed_rr(eval, tag, rr.type, name,
				    strlen(name), 0);
			break;
		default:
			break;
		}
	}
	feed_end(eval, tag, SPF_DNS_OK);
}

static void
on_lookup(struct audit *a, const struct dns_query *q, unsigned tag,
    mx_ms now)
{
	(void)now;
	feed(q, (tag & TAG_EVAL) != 0, tag & TAG_MASK);
	pump(a);
}

static void
spf_start(struct audit *a, mx_ms now)
{
	unsigned char	 ip[16];
	char		 sender[MX_NAME_MAX + 12];
	int		 fam;

	(void)now;
	memset(&S, 0, sizeof S);
	spf_walk_start(&S.w, a->cfg.name);
	if (a->cfg.spf_ip != NULL) {
		S.eval = 1;
		if (spf_ip_parse(a->cfg.spf_ip, strlen(a->cfg.spf_ip), &fam,
		    ip) < 0) {
			S.bad_ip = 1;
			S.eval = 0;
		} else {
			ipaddr_ntop(fam, ip, S.ip, sizeof S.ip);
			memcpy(sender, "postmaster@", 11);
			memcpy(sender + 11, a->cfg.name,
			    strlen(a->cfg.name) + 1);
			spf_eval_start(&S.e, fam, ip, a->cfg.name, sender,
			    a->cfg.name);
		}
	}
	pump(a);
}

/* "code domain: term" of a problem, into buf (ERR_TEXT_MAX). */
static void
err_text(char *buf, const struct spf_problem *p, const char *code)
{
	size_t	 n, l;

	n = strlen(code);
	memcpy(buf, code, n);
	if (p->domain[0] != '\0') {
		buf[n++] = ' ';
		l = strlen(p->domain);
		memcpy(buf + n, p->domain, l);
		n += l;
	}
	if (p->term[0] != '\0') {
		memcpy(buf + n, ": ", 2);
		n += 2;
		l = strlen(p->term);
		memcpy(buf + n, p->term, l);
		n += l;
	}
	buf[n] = '\0';
}

static void
report_eval(void)
{
	char		 err[ERR_TEXT_MAX];
	const char	*res;

	if (S.bad_ip) {
		out_kvs("spf_result", "unknown");
		out_kvs("spf_result_error", "bad-address");
		return;
	}
	out_kvs("spf_ip", S.ip);
	res = S.e.done ? spf_result_str(S.e.result) : "temperror";
	out_kvs("spf_result", res);
	if (!S.e.done)
		out_kvs("spf_result_error", "dns-timeout");
	else if (S.e.result == SPF_TEMPERROR && S.eval_limit)
		out_kvs("spf_result_error", "limit");
	else if (S.e.result == SPF_PERMERROR ||
	    S.e.result == SPF_TEMPERROR) {
		err_text(err, &S.e.prob, spf_err_str(S.e.prob.code));
		out_kvs("spf_result_error", err);
	}
}

static void
spf_report(struct audit *a, const struct report_opts *o,
    struct report_verdict *vd)
{
	const struct spf_walk	*w = &S.w;
	char			 err[ERR_TEXT_MAX], all[5];
	enum spf_status		 st = w->status;
	int			 known;

	(void)a;
	(void)o;
	if (!w->done)
		st = SPF_ST_TEMPERROR;
	else if (st == SPF_ST_TEMPERROR && S.walk_limit)
		st = SPF_ST_LIMIT;
	switch (st) {
	case SPF_ST_ABSENT:
		out_kvs("spf", "absent");
		report_finding(vd, ST_WARNING, "spf-absent");
		score_set(SC_SPF, 0);
		break;
	case SPF_ST_TEMPERROR:
	case SPF_ST_LIMIT:
		out_kvs("spf", "unknown");
		if (!w->done)
			strcpy(err, "dns-timeout");
		else
			err_text(err, &w->prob, st == SPF_ST_LIMIT ? "limit" :
			    "dns-error");
		out_kvs("spf_error", err);
		report_finding(vd, ST_UNKNOWN, "spf-unknown");
		break;
	default:
		out_kvs("spf", spf_status_str(st));
		break;
	}
	known = w->done && st != SPF_ST_ABSENT && w->record_len > 0;
	if (known)
		out_kv("spf_record", w->record, w->record_len);
	if (w->done && st != SPF_ST_ABSENT && w->node[0].nspf > 1)
		out_kvi("spf_records", w->node[0].nspf);
	if (known) {
		if (w->all) {
			all[0] = w->all;
			memcpy(all + 1, "all", 4);
		} else
			strcpy(all, "none");
		out_kvs("spf_all", all);
		out_kvi("spf_lookups", w->lookups);
		out_kvi("spf_void_lookups", w->voids);
		out_kvb("spf_ptr", w->ptr);
		if (w->truncated)
			out_kvb("spf_walk_truncated", 1);
	}
	switch (st) {
	case SPF_ST_INVALID:
		err_text(err, &w->prob, spf_err_str(w->prob.code));
		out_kvs("spf_error", err);
		report_finding(vd, ST_WARNING, "spf-invalid");
		score_set(SC_SPF, 10);
		break;
	case SPF_ST_WEAK:
		out_kvs("spf_weak", spf_weak_str(w->weak));
		report_finding(vd, ST_WARNING, "spf-weak");
		score_set(SC_SPF, 30);
		break;
	case SPF_ST_OK:
		score_set(SC_SPF, w->all == '-' ? 100 : 90);
		break;
	default:
		break;
	}
	if (known && w->ptr)
		report_finding(vd, ST_OK, "spf-ptr");
	if (S.eval || S.bad_ip)
		report_eval();
}

const struct audit_check chk_spf = {
	.start = spf_start,
	.report = spf_report,
};
