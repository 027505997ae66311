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
 * report_mx: per address, mxN_dnsbl_aM = listed / ok / unknown and the
 * zones that list it (mxN_dnsbl_aM_zones).  report: the domain verdict
 * dnsbl = listed / ok / unknown / off, and one numbered entry
 * (dnsbl_N_*) per listing or failed lookup.  A refusal, a bad answer or
 * a failed lookup is an error of that entry and makes the layer unknown
 * (score item not set), never a listing; its finding is informational,
 * since the answer depends on the resolver mxprobe runs behind, not on
 * the domain (README "DNS blacklists", doc /tmp/mxdoc/auth.md).
 */
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "mxprobe/check.h"
#include "mxprobe/dnsbl.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/out.h"
#include "mxprobe/score.h"

enum { K_A = 1, K_TXT };
#define TAG(k, i)	((unsigned)(k) << 16 | (unsigned)(i))
/* the source of a check that is --ip, not an MX address */
#define SRC_IP		(-1)

struct check {
	int		 family;
	unsigned char	 ip[16];
	char		 text[IPADDR_TEXT_MAX];
	int		 mx, addr;	/* of the address, or SRC_IP */
	unsigned	 zone;
	int		 wait, txt_wait;
	enum mx_err	 err;		/* the A lookup failed */
	struct dnsbl_answer ans;
	size_t		 reason_len;
	int		 reason_truncated;
	char		 reason[MX_DNSBL_REASON_MAX];
};

static struct {
	struct dnsbl_zones	 z;
	int			 zones_bad;	/* the core refused --dnsbl */
	int			 limit;		/* a lookup or a check cut */
	unsigned		 n;
	struct check		 c[MX_DNSBL_CHECKS_MAX];
} S;

static void on_lookup(struct audit *, const struct dns_query *, unsigned,
    mx_ms);

/* Queues one check of the address per zone. */
static void
add(struct audit *a, int family, const unsigned char *ip, int mx, int addr)
{
	unsigned	 k;

	for (k = 0; k < S.z.n; k++) {
		struct check	*c;
		char		 qname[MX_NAME_MAX + 1];

		if (S.n == MX_DNSBL_CHECKS_MAX) {
			S.limit = 1;
			return;
		}
		c = &S.c[S.n];
		memset(c, 0, sizeof *c);
		c->family = family;
		memcpy(c->ip, ip, family == AF_INET ? 4 : 16);
		ipaddr_ntop(family, ip, c->text, sizeof c->text);
		c->mx = mx;
		c->addr = addr;
		c->zone = k;
		if (dnsbl_query_name(qname, family, ip, S.z.zone[k]) < 0 ||
		    audit_lookup(a, qname, DNSMSG_T_A, on_lookup,
		    TAG(K_A, S.n)) < 0) {
			S.limit = 1;
			return;
		}
		c->wait = 1;
		S.n++;
	}
}

static void
dnsbl_start(struct audit *a, mx_ms now)
{
	unsigned char	 ip[16];

	(void)now;
	/* not the checks: each is cleared when used (untouched .bss is free) */
	S.zones_bad = S.limit = 0;
	S.n = 0;
	if (dnsbl_zones_parse(&S.z, a->cfg.dnsbl_zones) < 0) {
		S.zones_bad = 1;
		return;
	}
	if (a->cfg.check_ip == NULL)
		return;
	if (inet_pton(AF_INET, a->cfg.check_ip, ip) == 1)
		add(a, AF_INET, ip, SRC_IP, 0);
	else if (inet_pton(AF_INET6, a->cfg.check_ip, ip) == 1)
		add(a, AF_INET6, ip, SRC_IP, 0);
}

static void
dnsbl_addrs_known(struct audit *a, unsigned i, mx_ms now)
{
	const struct audit_mx	*m = &a->mx[i];
	unsigned		 j;

	(void)now;
	for (j = 0; j < m->naddr; j++)
		if (!m->addr[j].shared)
			add(a, m->addr[j].family, m->addr[j].ip, (int)i,
			    (int)j);
}

/* The first TXT string set of the answer, cut to fit. */
static void
reason_read(const struct dns_query *q, struct check *c)
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
on_lookup(struct audit *a, const struct dns_query *q, unsigned tag,
    mx_ms now)
{
	struct check	*c = &S.c[tag & 0xffff];
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
	    audit_lookup(a, q->qname, DNSMSG_T_TXT, on_lookup,
	    TAG(K_TXT, tag & 0xffff)) == 0)
		c->txt_wait = 1;
}

/* ---- report ---------------------------------------------------------- */

enum verdict { V_OK, V_LISTED, V_UNKNOWN };

static enum verdict
check_verdict(const struct check *c)
{
	if (c->wait || c->err != MX_OK || c->ans.res == DNSBL_REFUSED ||
	    c->ans.res == DNSBL_BAD_ANSWER)
		return V_UNKNOWN;
	return c->ans.res == DNSBL_LISTED ? V_LISTED : V_OK;
}

static void
dnsbl_report_mx(struct audit *a, const struct report_opts *o, unsigned i,
    struct report_verdict *vd)
{
	const struct audit_mx	*m = &a->mx[i];
	char			 key[MX_KEY_MAX], list[MX_DNSBL_ZONES_MAX *
				     (MX_DNSBL_ZONE_LEN + 1)];
	unsigned		 j, k;
	size_t			 n, l;

	(void)o;
	(void)vd;
	if (S.zones_bad || S.z.n == 0)
		return;
	for (j = 0; j < m->naddr; j++) {
		int		 sm = (int)i, sa = (int)j, seen = 0;
		enum verdict	 v = V_OK;

		if (m->addr[j].shared) {
			sm = m->addr[j].orig_mx;
			sa = m->addr[j].orig_addr;
		}
		n = 0;
		for (k = 0; k < S.n; k++) {
			const struct check *c = &S.c[k];
			enum verdict cv;

			if (c->mx != sm || c->addr != sa)
				continue;
			seen++;
			cv = check_verdict(c);
			if (cv == V_LISTED) {
				l = strlen(S.z.zone[c->zone]);
				if (n)
					list[n++] = ',';
				memcpy(list + n, S.z.zone[c->zone], l);
				n += l;
				v = V_LISTED;
			} else if (cv == V_UNKNOWN && v == V_OK)
				v = V_UNKNOWN;
		}
		if ((unsigned)seen < S.z.n && v == V_OK)
			v = V_UNKNOWN;		/* a check was cut */
		/* "dnsbl_aM": M <= MX_ADDRS_PER_MX, one digit */
		memcpy(key, "dnsbl_a0", 9);
		key[7] = (char)('1' + j);
		out_kvs(key, v == V_LISTED ? "listed" : v == V_OK ? "ok" :
		    "unknown");
		if (n) {
			memcpy(key + 8, "_zones", 7);
			out_kv(key, list, n);
		}
	}
}

static void
dnsbl_report(struct audit *a, const struct report_opts *o,
    struct report_verdict *vd)
{
	char		 key[MX_KEY_MAX], pfx[16];
	char		 codes[MX_DNSBL_CODES_MAX * IPADDR_TEXT_MAX];
	char		 zones[MX_DNSBL_ZONES_MAX * (MX_DNSBL_ZONE_LEN + 1)];
	unsigned	 k, e, listed = 0, unknown = 0, refused = 0, bad = 0;
	unsigned	 failed = 0;
	size_t		 n = 0, l, pl;

	(void)a;
	(void)o;
	if (S.zones_bad) {
		out_kvs("dnsbl", "unknown");
		out_kvs("dnsbl_error", "bad-zones");
		report_finding(vd, ST_UNKNOWN, "dnsbl-unknown");
		return;
	}
	if (S.z.n == 0 || (S.n == 0 && !S.limit)) {
		out_kvs("dnsbl", "off");
		return;
	}
	for (k = 0; k < S.z.n; k++) {
		l = strlen(S.z.zone[k]);
		if (n)
			zones[n++] = ',';
		memcpy(zones + n, S.z.zone[k], l);
		n += l;
	}
	for (k = 0; k < S.n; k++)
		switch (check_verdict(&S.c[k])) {
		case V_LISTED:
			listed++;
			break;
		case V_UNKNOWN:
			unknown++;
			break;
		default:
			break;
		}
	out_kvs("dnsbl", listed ? "listed" : unknown || S.limit ? "unknown" :
	    "ok");
	out_kv("dnsbl_zones", zones, n);
	out_kvi("dnsbl_checked", S.n);
	out_kvi("dnsbl_listed", listed);
	if (S.limit)
		out_kvb("dnsbl_truncated", 1);
	for (k = 0, e = 0; k < S.n; k++) {
		const struct check *c = &S.c[k];
		enum verdict v = check_verdict(c);

		if (v == V_OK)
			continue;
		e++;
		/* "dnsbl_N_": N <= MX_DNSBL_CHECKS_MAX, three digits */
		memcpy(pfx, "dnsbl_", 6);
		pl = 6;
		if (e >= 100)
			pfx[pl++] = (char)('0' + e / 100);
		if (e >= 10)
			pfx[pl++] = (char)('0' + e / 10 % 10);
		pfx[pl++] = (char)('0' + e % 10);
		pfx[pl++] = '_';
#define KEY(s)	(memcpy(key, pfx, pl), strcpy(key + pl, (s)), key)
		out_kvs(KEY("addr"), c->text);
		if (c->mx == SRC_IP)
			out_kvs(KEY("source"), "ip");
		else {
			char	 src[16] = "mx00_a0";
			size_t	 s = 2;

			if (c->mx + 1 >= 10)
				src[s++] = (char)('0' + (c->mx + 1) / 10);
			src[s++] = (char)('0' + (c->mx + 1) % 10);
			src[s++] = '_';
			src[s++] = 'a';
			src[s++] = (char)('1' + c->addr);
			src[s] = '\0';
			out_kvs(KEY("source"), src);
		}
		out_kvs(KEY("zone"), S.z.zone[c->zone]);
		out_kvs(KEY("result"), v == V_LISTED ? "listed" : "error");
		if (c->ans.ncodes) {
			unsigned i;

			for (n = 0, i = 0; i < c->ans.ncodes; i++) {
				if (n)
					codes[n++] = ',';
				n += ipaddr_ntop(AF_INET, c->ans.code[i],
				    codes + n, sizeof codes - n);
			}
			out_kv(KEY("answer"), codes, n);
		}
		if (v == V_LISTED) {
			if (c->reason_len)
				out_kv(KEY("reason"), c->reason,
				    c->reason_len);
			if (c->reason_truncated)
				out_kvb(KEY("reason_truncated"), 1);
			continue;
		}
		if (c->wait)
			out_kvs(KEY("error"), mx_err_str(MX_E_DNS_TIMEOUT));
		else if (c->err != MX_OK)
			out_kvs(KEY("error"), mx_err_str(c->err));
		else
			out_kvs(KEY("error"), dnsbl_result_str(c->ans.res));
#undef KEY
		if (c->err == MX_OK && !c->wait) {
			if (c->ans.res == DNSBL_REFUSED)
				refused++;
			else
				bad++;
		} else
			failed++;
	}
	if (listed)
		report_finding(vd, ST_WARNING, "dnsbl-listed");
	if (refused)
		report_finding(vd, ST_OK, "dnsbl-refused");
	if (bad)
		report_finding(vd, ST_OK, "dnsbl-bad-answer");
	if (failed)
		report_finding(vd, ST_OK, "dnsbl-unknown");
	if (S.limit)
		report_finding(vd, ST_UNKNOWN, "dnsbl-truncated");
	/* the ladder: README "Score" (doc /tmp/mxdoc/auth.md) */
	if (listed)
		score_set(SC_DNSBL, 0);
	else if (!unknown && !S.limit)
		score_set(SC_DNSBL, 100);
}

const struct audit_check chk_dnsbl = {
	.start = dnsbl_start,
	.addrs_known = dnsbl_addrs_known,
	.report_mx = dnsbl_report_mx,
	.report = dnsbl_report,
};
