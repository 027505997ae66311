/*
 * chk_dnsbl.c -- DNS blacklists (RFC 5782) in the domain audit (check.h).
 *
 * IMPLEMENTATION NOTES
 *
 * start: the zones (--dnsbl, else DNSBL_DEFAULT_ZONES; "none": off) and
 * --ip, whose lookups start at once.  addrs_known: every address of the
 * MX that is not a repeat of an earlier MX's (audit_addr.shared) is
 * looked up in every zone at once, while the probes run.  An A answer is
 * read by dnsbl_answer (dnsbl.h: only 127.0.0.0/8 but 127.0.0.1 lists;
 * 127.255.255.252-255 is the list refusing our resolver; anything else a
 * resolver rewriting NXDOMAIN); a listing gets one more lookup, the TXT
 * of the same name, for its reason.
 *
 * judge_mx: per address, listed / ok / unknown and the zones that list
 * it.  judge: the domain verdict listed / ok / unknown / off, and every
 * lookup's own (rep_dnsbl.c prints one numbered entry per listing or
 * failed lookup).  A refusal, a bad answer or a failed lookup is an
 * error of that entry and makes the layer unknown (score item not set),
 * never a listing; its finding is informational, since the answer
 * depends on the resolver mxprobe runs behind, not on the domain
 * (policy/README.md, DNS blacklists).
 */
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "mxprobe/points.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsbl.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/score.h"

enum { K_A = 1, K_TXT };
#define TAG(k, i)	((unsigned)(k) << 16 | (unsigned)(i))
#define CTX(cc)	CHECK_CTX(struct chk_dnsbl, cc)

static void on_lookup(const struct check_class **, struct audit *,
    const struct dns_query *, unsigned, mx_ms);

/* Queues one check of the address per zone. */
static void
add(struct chk_dnsbl *ctx, struct audit *a, int family,
    const unsigned char *ip, int mx, int addr)
{
	unsigned	 k;

	for (k = 0; k < ctx->z.n; k++) {
		struct chk_dnsbl_check *c;
		char		 qname[MX_NAME_MAX + 1];

		if (ctx->n == MX_DNSBL_CHECKS_MAX) {
			ctx->limit = 1;
			return;
		}
		c = &ctx->c[ctx->n];
		memset(c, 0, sizeof *c);
		c->family = family;
		memcpy(c->ip, ip, family == AF_INET ? 4 : 16);
		ipaddr_ntop(family, ip, c->text, sizeof c->text);
		c->mx = mx;
		c->addr = addr;
		c->zone = k;
		if (dnsbl_query_name(qname, family, ip, ctx->z.zone[k]) < 0 ||
		    audit_lookup(a, &ctx->vtable, qname, DNSMSG_T_A,
		    on_lookup, TAG(K_A, ctx->n)) < 0) {
			ctx->limit = 1;
			return;
		}
		c->wait = 1;
		ctx->n++;
	}
}

static void
dnsbl_start(const struct check_class **cc, struct audit *a, mx_ms now)
{
	struct chk_dnsbl *ctx = CTX(cc);
	unsigned char	 ip[16];

	(void)now;
	/* not the checks: each is cleared when used (untouched is free) */
	ctx->zones_bad = ctx->limit = 0;
	ctx->n = 0;
	if (dnsbl_zones_parse(&ctx->z, a->cfg.dnsbl_zones) < 0) {
		ctx->zones_bad = 1;
		return;
	}
	if (a->cfg.check_ip == NULL)
		return;
	if (inet_pton(AF_INET, a->cfg.check_ip, ip) == 1)
		add(ctx, a, AF_INET, ip, CHK_DNSBL_SRC_IP, 0);
	else if (inet_pton(AF_INET6, a->cfg.check_ip, ip) == 1)
		add(ctx, a, AF_INET6, ip, CHK_DNSBL_SRC_IP, 0);
}

static void
dnsbl_addrs_known(const struct check_class **cc, struct audit *a,
    unsigned i, mx_ms now)
{
	const struct audit_mx	*m = &a->mx[i];
	unsigned		 j;

	(void)now;
	for (j = 0; j < m->naddr; j++)
		if (!m->addr[j].shared)
			add(CTX(cc), a, m->addr[j].family, m->addr[j].ip,
			    (int)i, (int)j);
}

/* The first TXT string set of the answer, cut to fit. */
static void
reason_read(const struct dns_query *q, struct chk_dnsbl_check *c)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_txt	 tx;

	if (q->err != MX_OK || dnsmsg_answer(q->msg, q->len, q->qname,
	    DNSMSG_T_TXT, &ans) != MX_OK || ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1)
		if (rr.section == DNSMSG_SEC_ANSWER &&
		    rr.type == DNSMSG_T_TXT &&
		    dnsmsg_name_eq(rr.name, ans.owner) &&
		    dnsmsg_rr_txt(&rr, c->reason, sizeof c->reason, &tx) ==
		    MX_OK) {
			c->reason_len = tx.len;
			c->reason_truncated = tx.truncated;
			return;
		}
}

static void
on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now)
{
	struct chk_dnsbl_check *c = &CTX(cc)->c[tag & 0xffff];
	enum mx_err	 e;

	(void)now;
	if (tag >> 16 == K_TXT) {
		c->txt_wait = 0;
		reason_read(q, c);
		return;
	}
	c->wait = 0;
	e = q->err;
	if (e == MX_OK)
		e = dnsbl_answer(q->msg, q->len, q->qname, &c->ans);
	if (e != MX_OK) {
		c->err = e;
		return;
	}
	if (c->ans.res == DNSBL_LISTED &&
	    audit_lookup(a, cc, q->qname, DNSMSG_T_TXT, on_lookup,
	    TAG(K_TXT, tag & 0xffff)) == 0)
		c->txt_wait = 1;
}

/* ---- judge ----------------------------------------------------------- */

static enum chk_dnsbl_v
check_verdict(const struct chk_dnsbl_check *c)
{
	if (c->wait || c->err != MX_OK || c->ans.res == DNSBL_REFUSED ||
	    c->ans.res == DNSBL_BAD_ANSWER)
		return CHK_DNSBL_V_UNKNOWN;
	return c->ans.res == DNSBL_LISTED ? CHK_DNSBL_V_LISTED :
	    CHK_DNSBL_V_OK;
}

/* Every address of MX i over every zone (a shared one: its first's). */
static void
dnsbl_judge_mx(const struct check_class **cc, struct audit *a, unsigned i,
    struct verdict *vd)
{
	struct chk_dnsbl	*ctx = CTX(cc);
	const struct audit_mx	*m = &a->mx[i];
	unsigned		 j, k, zones, seen;
	int			 sm, sa;
	enum chk_dnsbl_v	 v, cv;

	(void)vd;
	for (j = 0; j < m->naddr; j++) {
		ctx->addr_v[i][j] = CHK_DNSBL_V_NONE;
		if (ctx->zones_bad || ctx->z.n == 0)
			continue;
		sm = (int)i;
		sa = (int)j;
		if (m->addr[j].shared) {
			sm = m->addr[j].orig_mx;
			sa = m->addr[j].orig_addr;
		}
		v = CHK_DNSBL_V_OK;
		zones = seen = 0;
		for (k = 0; k < ctx->n; k++) {
			const struct chk_dnsbl_check *c = &ctx->c[k];

			if (c->mx != sm || c->addr != sa)
				continue;
			seen++;
			cv = check_verdict(c);
			if (cv == CHK_DNSBL_V_LISTED) {
				zones |= 1u << c->zone;
				v = CHK_DNSBL_V_LISTED;
			} else if (cv == CHK_DNSBL_V_UNKNOWN &&
			    v == CHK_DNSBL_V_OK)
				v = CHK_DNSBL_V_UNKNOWN;
		}
		if (seen < ctx->z.n && v == CHK_DNSBL_V_OK)
			v = CHK_DNSBL_V_UNKNOWN;	/* a check was cut */
		ctx->addr_v[i][j] = (unsigned char)v;
		ctx->addr_zones[i][j] = (unsigned char)zones;
	}
}

static void
dnsbl_judge(const struct check_class **cc, struct audit *a,
    struct verdict *vd)
{
	struct chk_dnsbl *ctx = CTX(cc);
	unsigned	 k, unknown = 0, refused = 0, bad = 0, failed = 0;

	ctx->listed = 0;
	if (ctx->zones_bad) {
		ctx->res = CHK_DNSBL_R_BAD_ZONES;
		verdict_add(vd, F_DNSBL_UNKNOWN);
		return;
	}
	ctx->res = CHK_DNSBL_R_OFF;
	if (ctx->z.n == 0 || (ctx->n == 0 && !ctx->limit))
		return;
	for (k = 0; k < ctx->n; k++) {
		struct chk_dnsbl_check *c = &ctx->c[k];

		c->v = (unsigned char)check_verdict(c);
		if (c->v == CHK_DNSBL_V_LISTED)
			ctx->listed++;
		if (c->v != CHK_DNSBL_V_UNKNOWN)
			continue;
		unknown++;
		if (c->wait) {
			c->err = MX_E_DNS_TIMEOUT;
			failed++;
		} else if (c->err != MX_OK)
			failed++;
		else if (c->ans.res == DNSBL_REFUSED)
			refused++;
		else
			bad++;
	}
	ctx->res = ctx->listed ? CHK_DNSBL_R_LISTED : unknown || ctx->limit ?
	    CHK_DNSBL_R_UNKNOWN : CHK_DNSBL_R_OK;
	if (ctx->listed)
		verdict_add(vd, F_DNSBL_LISTED);
	if (refused)
		verdict_add(vd, F_DNSBL_REFUSED);
	if (bad)
		verdict_add(vd, F_DNSBL_BAD_ANSWER);
	if (failed)
		verdict_add(vd, F_DNSBL_UNKNOWN);
	if (ctx->limit)
		verdict_add(vd, F_DNSBL_TRUNCATED);
	/* the ladder: audit/README.md "Score" */
	if (ctx->listed)
		score_set(&a->score, SC_DNSBL, SP_DNSBL_LISTED);
	else if (!unknown && !ctx->limit)
		score_set(&a->score, SC_DNSBL, SP_DNSBL_CLEAN);
}

const struct check_class chk_dnsbl_class = {
	.context_size = sizeof(struct chk_dnsbl),
	.name = "dnsbl",
	.start = dnsbl_start,
	.addrs_known = dnsbl_addrs_known,
	.judge_mx = dnsbl_judge_mx,
	.judge = dnsbl_judge,
};
