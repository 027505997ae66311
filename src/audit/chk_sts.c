/*
 * chk_sts.c -- MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) in the domain
 * audit (check.h).
 *
 * IMPLEMENTATION NOTES
 *
 * start: four lookups at once: TXT _mta-sts.D, TXT _smtp._tls.D, and A
 * and/or AAAA of mta-sts.D (per -4/-6).  When the STS TXT and the
 * address answers are all in (whichever comes last) and the TXT holds
 * exactly one valid record (RFC 8461 3.1) and the policy host has an
 * address, the policy fetch (https.h) starts: GET /.well-known/
 * mta-sts.txt on port 443 of the first address, SNI and Host mta-sts.D.
 * A connect that fails moves to the next address, as a sender would;
 * any later failure ends the fetch.  When it ends, the HTTP verdict
 * (https_sts_verdict: 200, text/plain, no redirect, at most 64 KB) is
 * taken and the body parsed (sts_policy_parse).  The fetch is one more
 * connection beside the probes: it is not counted against -P.
 *
 * The verdict on the policy (judge_policy) is made once, at the first
 * judge hook, since strict PKIX (RFC 8461 3.3) needs the bundle and the
 * judgement's clock (a->ro): https_pkix of the fetch's recorded chain
 * against mta-sts.D.  In the order a sender meets them:
 *   TXT: none -> absent; v=STSv1 only as a later field, several records,
 *        a bad one -> invalid (sts-policy-invalid: RFC 8461 says senders
 *        then have no policy; the owner meant one, so invalid it is);
 *   policy host: no address, connect, TLS -> sts-policy-fetch-error;
 *        certificate -> sts-webpki-invalid; HTTP -> sts-policy-fetch-error;
 *        body -> sts-policy-invalid;
 *   else valid.
 * A DNS answer we did not get (timeout, SERVFAIL of the TXT) or a limit
 * makes the verdict unknown, never absent.
 *
 * Per MX (judge_mx), when the policy is valid and its mode is not none,
 * as a sender that implements MTA-STS only judges it, whether or not DANE
 * also governs the MX (RFC 8461 2 lets a sender of both prefer DANE: that
 * is a separate fact, with_dane): the MX name must match an mx pattern
 * (else validation-failure, detail mx-not-in-policy), and every address
 * whose probe reached STARTTLS is judged as a sender would:
 * STARTTLS offered (starttls-not-supported), the handshake done
 * (validation-failure), the chain trusted by the bundle
 * (certificate-not-trusted), the leaf naming the MX
 * (certificate-host-mismatch), every certificate of the path within its
 * dates at the judgement's clock (certificate-expired; not yet valid is a
 * validation-failure).  The first failing check names the result (RFC
 * 8460 4.3).  An address whose probe never got that far (connect failed,
 * greeting refused) is not judged: the audit reports it already.
 *
 * Everything lives in the audit's struct chk_sts (a->sts, chk_sts.h): the
 * judge hooks leave typed results there, findings in the verdicts, the
 * score items in a->score and the "sts" policy in a->rpt; rep_sts.c
 * prints them.
 */
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "mxprobe/points.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/https.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/loop.h"
#include "mxprobe/rpt.h"
#include "mxprobe/score.h"
#include "mxprobe/sts.h"
#include "mxprobe/tlsrpt.h"
#include "mxprobe/x509.h"

/* The fetcher must be able to hand us every body the parser reads. */
_Static_assert(MX_HTTP_BODY_MAX <= MX_STS_POLICY_MAX,
    "a fetched policy fits the parser's bound");
/* "_mta-sts." + domain must fit a name for the lookup (else: limit). */
_Static_assert(MX_NAME_MAX >= 64, "names too short for the policy names");

#define STS_PATH	"/.well-known/mta-sts.txt"
#define STS_PORT	443

#define CTX(cc)	CHECK_CTX(struct chk_sts, cc)

enum { TAG_STS_TXT, TAG_RPT_TXT, TAG_HOST_A, TAG_HOST_AAAA };

/* dst = a + b if it fits a name; 0, else -1. */
static int
join(char *dst, const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la + lb > MX_NAME_MAX)
		return -1;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb + 1);
	return 0;
}

static void on_lookup(const struct check_class **, struct audit *,
    const struct dns_query *, unsigned, mx_ms);

static void
ask(struct chk_sts *ctx, struct audit *a, const char *prefix,
    uint16_t qtype, unsigned tag, int *wait)
{
	char	 name[MX_NAME_MAX + 1];

	if (join(name, prefix, ctx->domain) < 0 ||
	    audit_lookup(a, &ctx->vtable, name, qtype, on_lookup, tag) < 0) {
		ctx->limit = 1;
		return;
	}
	(*wait)++;
}

static void
sts_start(const struct check_class **cc, struct audit *a, mx_ms now)
{
	struct chk_sts	*ctx = CTX(cc);

	(void)now;
	/* the fetch, its anchors, the scratch: their users reset them */
	memset(&ctx->active, 0, offsetof(struct chk_sts, fetch) -
	    offsetof(struct chk_sts, active));
	ctx->rpt_h = -1;
	strcpy(ctx->domain, a->cfg.name);
	if (join(ctx->host, "mta-sts.", ctx->domain) < 0)
		ctx->limit = 1;
	ask(ctx, a, "_mta-sts.", DNSMSG_T_TXT, TAG_STS_TXT, &ctx->sts.wait);
	ask(ctx, a, "_smtp._tls.", DNSMSG_T_TXT, TAG_RPT_TXT, &ctx->rpt.wait);
	if (a->cfg.fam != 6)
		ask(ctx, a, "mta-sts.", DNSMSG_T_A, TAG_HOST_A,
		    &ctx->host_wait);
	if (a->cfg.fam != 4)
		ask(ctx, a, "mta-sts.", DNSMSG_T_AAAA, TAG_HOST_AAAA,
		    &ctx->host_wait);
	ctx->active = 1;
}

/*
 * The TXT records of q that start with version (counted), the first one
 * kept; misplaced if one holds it only later.  scratch: MX_TXT_MAX bytes.
 */
static void
txt_read(const struct dns_query *q, const char *version,
    struct chk_sts_txt *t, char *scratch)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_txt	 tx;
	enum mx_err		 e = q->err;

	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_TXT, &ans);
	if (e == MX_OK && ans.kind == DNSMSG_ANS_RCODE)
		e = MX_E_DNS_RCODE;
	if (e != MX_OK) {
		t->err = e;
		return;
	}
	if (ans.kind != DNSMSG_ANS_DATA)
		return;		/* NXDOMAIN, NODATA: no record */
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER ||
		    rr.type != DNSMSG_T_TXT ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    dnsmsg_rr_txt(&rr, scratch, MX_TXT_MAX, &tx) != MX_OK)
			continue;
		switch (sts_txt_version(scratch, tx.len, version)) {
		case 1:
			if (t->records++ == 0) {
				memcpy(t->text, scratch, tx.len);
				t->len = tx.len;
				t->truncated = tx.truncated;
			}
			break;
		case 2:
			t->misplaced = 1;
			break;
		}
	}
}

static void
host_read(struct chk_sts *ctx, const struct dns_query *q)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	unsigned char		 ip[16];
	int			 v6 = q->qtype == DNSMSG_T_AAAA;
	enum mx_err		 e = q->err;

	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, q->qtype, &ans);
	if (e == MX_OK && ans.kind == DNSMSG_ANS_RCODE)
		e = MX_E_DNS_RCODE;
	if (e != MX_OK) {
		if (ctx->host_err == MX_OK)
			ctx->host_err = e;
		return;
	}
	if (ans.kind == DNSMSG_ANS_NXDOMAIN)
		ctx->host_nx = 1;
	if (ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		struct sockaddr_in	*a4;
		struct sockaddr_in6	*a6;
		unsigned		 k = ctx->naddr;

		if (rr.section != DNSMSG_SEC_ANSWER || rr.type != q->qtype ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    (v6 ? dnsmsg_rr_aaaa(&rr, ip) : dnsmsg_rr_a(&rr, ip)) !=
		    MX_OK)
			continue;
		if (k == MX_ADDRS_PER_MX) {
			ctx->addr_truncated = 1;
			break;
		}
		memset(&ctx->addr[k], 0, sizeof ctx->addr[k]);
		if (v6) {
			a6 = (struct sockaddr_in6 *)&ctx->addr[k];
			a6->sin6_family = AF_INET6;
			a6->sin6_port = htons(STS_PORT);
			memcpy(&a6->sin6_addr, ip, 16);
			ctx->addrlen[k] = sizeof *a6;
		} else {
			a4 = (struct sockaddr_in *)&ctx->addr[k];
			a4->sin_family = AF_INET;
			a4->sin_port = htons(STS_PORT);
			memcpy(&a4->sin_addr, ip, 4);
			ctx->addrlen[k] = sizeof *a4;
		}
		ipaddr_ntop(v6 ? AF_INET6 : AF_INET, ip, ctx->addr_text[k],
		    sizeof ctx->addr_text[k]);
		ctx->naddr++;
	}
}

static void on_fetched(struct https *, void *, mx_ms);

static void
fetch_start(struct chk_sts *ctx, struct audit *a, unsigned k, mx_ms now)
{
	struct https_cfg	 c;

	memset(&c, 0, sizeof c);
	memcpy(&c.addr, &ctx->addr[k], ctx->addrlen[k]);
	c.addrlen = ctx->addrlen[k];
	strcpy(c.host, ctx->host);
	strcpy(c.path, STS_PATH);
	c.step_ms = a->cfg.step_ms;
	c.deadline = a->cfg.deadline;
	br_hmac_drbg_generate(&a->rng, c.seed, sizeof c.seed);
	c.trace = a->cfg.trace;
	c.trace_arg = a->cfg.trace_arg;
	c.done = on_fetched;
	c.done_arg = a;
	ctx->fetch_addr = k;
	https_start(&ctx->fetch, &c, now);
	if (loop_add(a->loop, &ctx->fetch.t) < 0) {
		ctx->fetch_state = 2;
		ctx->fetch_err = MX_E_LIMIT;
		return;
	}
	ctx->fetch_state = 1;
}

static int
connect_failed(enum mx_err e)
{
	return e == MX_E_CONNECT_REFUSED || e == MX_E_CONNECT_TIMEOUT ||
	    e == MX_E_NET_UNREACH || e == MX_E_CONNECT;
}

static void
on_fetched(struct https *f, void *arg, mx_ms now)
{
	struct audit	*a = arg;
	struct chk_sts	*ctx = &a->sts;

	if (connect_failed(https_error(f)) &&
	    ctx->fetch_addr + 1 < ctx->naddr) {
		fetch_start(ctx, a, ctx->fetch_addr + 1, now);
		return;
	}
	ctx->fetch_state = 2;
	ctx->fetch_err = https_sts_verdict(f);
	if (ctx->fetch_err == MX_OK)
		ctx->pol_ok = sts_policy_parse(&ctx->pol, f->resp.body,
		    f->resp.body_len) == 0 ? 1 : -1;
}

/* Starts the fetch once everything it depends on is known. */
static void
maybe_fetch(struct chk_sts *ctx, struct audit *a, mx_ms now)
{
	if (ctx->sts.wait || ctx->host_wait || ctx->fetch_state != 0 ||
	    ctx->sts.err != MX_OK || ctx->sts.records != 1 ||
	    ctx->sts.truncated || ctx->txt.error != NULL || ctx->naddr == 0)
		return;
	fetch_start(ctx, a, 0, now);
}

static void
on_lookup(const struct check_class **cc, struct audit *a,
    const struct dns_query *q, unsigned tag, mx_ms now)
{
	struct chk_sts	*ctx = CTX(cc);

	switch (tag) {
	case TAG_STS_TXT:
		txt_read(q, "v=STSv1", &ctx->sts, ctx->scratch);
		if (ctx->sts.records > 0 && !ctx->sts.truncated)
			(void)sts_txt_parse(&ctx->txt, ctx->sts.text,
			    ctx->sts.len);
		ctx->sts.wait--;
		break;
	case TAG_RPT_TXT:
		txt_read(q, "v=TLSRPTv1", &ctx->rpt, ctx->scratch);
		ctx->rpt.wait--;
		break;
	default:
		host_read(ctx, q);
		ctx->host_wait--;
		break;
	}
	maybe_fetch(ctx, a, now);
}

/* ---- verdict --------------------------------------------------------- */

static void
verdict(struct chk_sts *ctx, enum chk_sts_v v, const char *rfc_err,
    const char *detail)
{
	ctx->v = v;
	ctx->rfc_err = rfc_err;
	ctx->detail = detail;
}

/* key + val as one policy string of the sts entry. */
static void
rpt_line(struct chk_sts *ctx, struct rpt *r, const char *key,
    const char *val)
{
	char	 line[16 + MX_NAME_MAX];

	strcpy(line, key);
	strcat(line, val);
	rpt_string(r, ctx->rpt_h, line);
}

/* The policy lines as a TLS-RPT report shows them (RFC 8460 4.4). */
static void
rpt_policy_strings(struct chk_sts *ctx, struct rpt *r)
{
	char		 num[12];
	unsigned	 i, k;
	uint32_t	 v;

	rpt_string(r, ctx->rpt_h, "version: STSv1");
	rpt_line(ctx, r, "mode: ", sts_mode_str(ctx->pol.mode));
	k = ctx->pol.nmx < MX_STS_MX_MAX ? ctx->pol.nmx : MX_STS_MX_MAX;
	for (i = 0; i < k; i++) {
		rpt_line(ctx, r, "mx: ", ctx->pol.mx[i]);
		rpt_mx_host(r, ctx->rpt_h, ctx->pol.mx[i]);
	}
	v = ctx->pol.max_age;
	i = sizeof num - 1;
	num[i] = '\0';
	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	rpt_line(ctx, r, "max_age: ", num + i);
}

/* The verdict on the policy, once (the first judge hook makes it). */
static void
judge_policy(struct chk_sts *ctx, struct audit *a)
{
	const struct report_opts *o = a->ro;
	int	 se;

	if (ctx->judged)
		return;
	ctx->judged = 1;
	if (!ctx->active || ctx->limit) {
		verdict(ctx, CHK_STS_V_UNKNOWN, NULL, "limit");
		return;
	}
	if (ctx->sts.err != MX_OK || ctx->sts.wait) {
		verdict(ctx, CHK_STS_V_UNKNOWN, NULL, ctx->sts.wait ?
		    "dns-timeout" : mx_err_str(ctx->sts.err));
		return;
	}
	if (ctx->sts.records == 0) {
		if (ctx->sts.misplaced)
			verdict(ctx, CHK_STS_V_INVALID, "sts-policy-invalid",
			    "sts-txt-version-not-first");
		else
			verdict(ctx, CHK_STS_V_ABSENT, NULL, NULL);
		return;
	}
	if (ctx->sts.records > 1) {
		verdict(ctx, CHK_STS_V_INVALID, "sts-policy-invalid",
		    "sts-txt-multiple");
		goto entry;
	}
	if (ctx->sts.truncated) {
		verdict(ctx, CHK_STS_V_UNKNOWN, NULL, "sts-txt-truncated");
		return;
	}
	if (ctx->txt.error != NULL) {
		verdict(ctx, CHK_STS_V_INVALID, "sts-policy-invalid",
		    ctx->txt.error);
		goto entry;
	}
	if (ctx->naddr == 0) {
		if (ctx->host_wait || ctx->host_err == MX_E_DNS_TIMEOUT ||
		    ctx->host_err == MX_E_DEADLINE)
			verdict(ctx, CHK_STS_V_UNKNOWN, NULL, "dns-timeout");
		else
			verdict(ctx, CHK_STS_V_INVALID,
			    "sts-policy-fetch-error",
			    ctx->host_nx ? mx_err_str(MX_E_DNS_NXDOMAIN) :
			    ctx->host_err != MX_OK ?
			    mx_err_str(ctx->host_err) :
			    mx_err_str(MX_E_NO_ADDRESS));
		goto entry;
	}
	if (ctx->fetch_state != 2) {
		verdict(ctx, CHK_STS_V_UNKNOWN, NULL, "fetch-not-finished");
		return;
	}
	if (ctx->fetch_err == MX_E_LIMIT) {
		verdict(ctx, CHK_STS_V_UNKNOWN, NULL,
		    mx_err_str(ctx->fetch_err));
		return;
	}
	if (ctx->fetch.tls_started && ctx->fetch.tls.done) {
		if (https_pkix(&ctx->fetch, &ctx->policy_ca, o->ca_file,
		    o->now, &ctx->pkix, &se) < 0) {
			verdict(ctx, CHK_STS_V_UNKNOWN, NULL, "ca-unreadable");
			return;
		}
		ctx->pkix_ran = 1;
		if (!ctx->pkix.ok) {
			verdict(ctx, CHK_STS_V_INVALID, "sts-webpki-invalid",
			    https_pkix_str(ctx->pkix.fail));
			goto entry;
		}
	}
	if (ctx->fetch_err != MX_OK) {
		verdict(ctx, CHK_STS_V_INVALID, "sts-policy-fetch-error",
		    mx_err_str(ctx->fetch_err));
		goto entry;
	}
	if (ctx->pol_ok != 1) {
		verdict(ctx, CHK_STS_V_INVALID, "sts-policy-invalid",
		    ctx->pol.error);
		goto entry;
	}
	verdict(ctx, CHK_STS_V_VALID, NULL, NULL);
entry:
	ctx->rpt_h = rpt_policy(&a->rpt, "sts", ctx->domain);
	if (ctx->v == CHK_STS_V_VALID && ctx->rpt_h >= 0)
		rpt_policy_strings(ctx, &a->rpt);
}

/* ---- per MX ---------------------------------------------------------- */

/* One session of result type (detail) for every address of MX m. */
static void
rpt_all(const struct chk_sts *ctx, struct rpt *r, const struct audit_mx *m,
    const char *type, const char *detail)
{
	unsigned	 j;

	for (j = 0; j < m->naddr && ctx->rpt_h >= 0; j++)
		rpt_session(r, ctx->rpt_h, m->name, m->addr[j].text, type,
		    detail);
}

/*
 * The result of one address: 1 ok, 0 not judged, -1 failed (*type).  cf:
 * scratch for one certificate's facts.
 */
static int
judge_addr(const struct probe *p, const struct ca_verdict *v,
    const char *mx, int64_t now, struct x509_facts *cf, const char **type,
    const char **detail)
{
	const struct tls_chain	*ch = &p->tls.chain;
	enum mx_err		 e = probe_error(p);
	unsigned		 k, i;

	*detail = NULL;
	if (!p->connected)
		return 0;
	if (!p->tls_started) {
		if (e != MX_E_NO_STARTTLS && e != MX_E_STARTTLS_REJECTED)
			return 0;	/* never reached STARTTLS */
		*type = "starttls-not-supported";
		*detail = mx_err_str(e);
		return -1;
	}
	if (!p->tls.done) {
		*type = "validation-failure";
		*detail = mx_err_str(e != MX_OK ? e : MX_E_TLS_HANDSHAKE);
		return -1;
	}
	if (v == NULL || ch->kept == 0)
		return 0;	/* no chain kept to judge */
	if (x509_parse(ch->arena + ch->off[0], ch->len[0], cf, NULL) < 0) {
		*type = "validation-failure";
		*detail = "cert-unreadable";
		return -1;
	}
	if (!v->trusted) {
		if (v->chain_truncated || v->ca_truncated)
			return 0;	/* the limit's fault, maybe */
		*type = "certificate-not-trusted";
		*detail = v->reason;
		return -1;
	}
	if (!x509_host_match(cf, mx)) {
		*type = "certificate-host-mismatch";
		return -1;
	}
	for (k = 0; k < v->npath || k == 0; k++) {
		i = v->npath ? v->path[k] : 0;
		if (i >= ch->kept || (k > 0 && x509_parse(ch->arena +
		    ch->off[i], ch->len[i], cf, NULL) < 0))
			continue;
		if (cf->not_after < now) {
			*type = "certificate-expired";
			*detail = k ? "chain-expired" : NULL;
			return -1;
		}
		if (cf->not_before > now) {
			*type = "validation-failure";
			*detail = k ? "chain-not-yet-valid" :
			    "cert-not-yet-valid";
			return -1;
		}
	}
	return 1;
}

static void
sts_judge_mx(const struct check_class **cc, struct audit *a, unsigned i,
    struct verdict *vd)
{
	struct chk_sts		*ctx = CTX(cc);
	const struct audit_mx	*m = &a->mx[i];
	struct chk_sts_mx	*r;
	const struct ca_verdict	*v;
	const struct probe	*p;
	const char		*type, *detail;
	unsigned		 j, ok = 0, bad = 0;
	int			 k;

	judge_policy(ctx, a);
	if (i >= MX_MX_MAX)
		return;
	r = &ctx->mx[i];
	if (ctx->v == CHK_STS_V_INVALID) {
		r->res = CHK_STS_R_NA;
		rpt_all(ctx, &a->rpt, m, ctx->rfc_err, ctx->detail);
		return;
	}
	if (ctx->v != CHK_STS_V_VALID)
		return;
	if (ctx->pol.mode == STS_MODE_NONE) {
		r->res = CHK_STS_R_NA;
		return;
	}
	/*
	 * Judged as a sender that implements MTA-STS only (most of the
	 * largest do) whether or not DANE governs the MX: RFC 8461 2 lets a
	 * sender of both prefer DANE, it does not make the policy right.
	 */
	if (chk_dane_applies(a, i))
		r->with_dane = "dane";
	switch (sts_policy_match(&ctx->pol, m->name)) {
	case -1:
		ctx->mx_unknown++;
		r->res = CHK_STS_R_UNKNOWN;
		r->detail = "mx-patterns-truncated";
		verdict_add(vd, F_MTA_STS_MX_TRUNCATED);
		return;
	case 0:
		r->error = "validation-failure";
		r->detail = "mx-not-in-policy";
		bad = 1;
		rpt_all(ctx, &a->rpt, m, r->error, r->detail);
		break;
	default:
		for (j = 0; j < m->naddr; j++) {
			p = audit_probe_of(a, i, j, &v);
			if (p == NULL)
				continue;
			k = judge_addr(p, v, m->name, a->ro->now, &ctx->cf,
			    &type, &detail);
			if (k == 0)
				continue;
			if (ctx->rpt_h >= 0)
				rpt_session(&a->rpt, ctx->rpt_h, m->name,
				    m->addr[j].text, k > 0 ? NULL : type,
				    detail);
			if (k > 0) {
				ok++;
				continue;
			}
			if (bad++ == 0) {
				r->error = type;
				r->detail = detail;
				r->addr = m->addr[j].text;
			}
		}
	}
	if (bad) {
		ctx->mx_fail++;
		r->res = CHK_STS_R_FAIL;
		verdict_add_sev(vd, F_MTA_STS_MX_FAIL,
		    ctx->pol.mode == STS_MODE_ENFORCE ? ST_CRITICAL :
		    ST_WARNING);
	} else if (ok) {
		ctx->mx_ok++;
		r->res = CHK_STS_R_OK;
	} else {
		ctx->mx_unknown++;
		r->res = CHK_STS_R_UNKNOWN;
		r->detail = "no-tls-session";
	}
}

/* ---- domain ---------------------------------------------------------- */

static void
judge_domain_policy(struct chk_sts *ctx, struct audit *a,
    struct verdict *vd)
{
	int	 pts;

	switch (ctx->v) {
	case CHK_STS_V_UNKNOWN:
		verdict_add(vd, F_MTA_STS_UNKNOWN);
		return;
	case CHK_STS_V_ABSENT:
		score_set(&a->score, SC_MTA_STS, SP_STS_ABSENT);
		return;
	case CHK_STS_V_INVALID:
		break;
	case CHK_STS_V_VALID:
		ctx->mta_sts = ctx->pol.mode == STS_MODE_NONE ? CHK_STS_R_OK :
		    ctx->mx_fail ? CHK_STS_R_FAIL : ctx->mx_unknown ?
		    CHK_STS_R_UNKNOWN : CHK_STS_R_OK;
		break;
	}
	if (ctx->txt.error == NULL && ctx->txt.id[0])
		ctx->id = ctx->txt.id;
	if (ctx->fetch_state == 2) {
		ctx->fetched = 1;
		ctx->http_status = ctx->fetch.resp.status;
	}
	if (ctx->v == CHK_STS_V_INVALID) {
		if (ctx->pol_ok == -1)
			ctx->error_line = ctx->pol.err_line;
		if (ctx->fetch.resp.has_location &&
		    ctx->fetch_err == MX_E_HTTP_REDIRECT)
			ctx->location = ctx->fetch.resp.location;
		verdict_add(vd, F_MTA_STS_INVALID);
		score_set(&a->score, SC_MTA_STS, SP_STS_ABSENT);
		return;
	}
	if (ctx->pol.max_age_short)
		verdict_add(vd, F_MTA_STS_MAX_AGE_SHORT);
	/* the ladder: audit/README.md "Score" */
	if (ctx->pol.mode == STS_MODE_NONE)
		pts = SP_STS_NONE;
	else if (ctx->pol.mode == STS_MODE_TESTING)
		pts = SP_STS_TESTING;
	else if (ctx->mx_fail)
		pts = SP_STS_ENFORCE_FAIL;
	else if (ctx->mx_unknown)
		return;		/* cannot tell: unknown item */
	else
		pts = ctx->pol.max_age_short ? SP_STS_ENFORCE_SHORT :
		    SP_STS_ENFORCE;
	score_set(&a->score, SC_MTA_STS, pts);
}

static void
judge_tlsrpt(struct chk_sts *ctx, struct audit *a, struct verdict *vd)
{
	const char	*why = NULL;

	if (ctx->limit || ctx->rpt.wait || ctx->rpt.err != MX_OK ||
	    (ctx->rpt.records == 1 && ctx->rpt.truncated)) {
		ctx->tlsrpt = CHK_STS_RPT_UNKNOWN;
		ctx->rpt_why = ctx->limit ? "limit" : ctx->rpt.wait ?
		    "dns-timeout" : ctx->rpt.err != MX_OK ?
		    mx_err_str(ctx->rpt.err) : "tlsrpt-txt-truncated";
		verdict_add(vd, F_TLSRPT_UNKNOWN);
		return;
	}
	if (ctx->rpt.records == 0 && !ctx->rpt.misplaced) {
		ctx->tlsrpt = CHK_STS_RPT_ABSENT;
		score_set(&a->score, SC_TLSRPT, SP_TLSRPT_NOT_OK);
		return;
	}
	if (ctx->rpt.records == 0)
		why = "tlsrpt-version-not-first";
	else if (ctx->rpt.records > 1)
		why = "tlsrpt-multiple";
	else if (tlsrpt_parse(&ctx->tr, ctx->rpt.text, ctx->rpt.len) < 0)
		why = ctx->tr.error;
	if (why != NULL) {
		ctx->tlsrpt = CHK_STS_RPT_INVALID;
		ctx->rpt_why = why;
		verdict_add(vd, F_TLSRPT_INVALID);
		score_set(&a->score, SC_TLSRPT, SP_TLSRPT_NOT_OK);
		return;
	}
	ctx->tlsrpt = CHK_STS_RPT_OK;
	score_set(&a->score, SC_TLSRPT, SP_TLSRPT_OK);
}

static void
sts_judge(const struct check_class **cc, struct audit *a,
    struct verdict *vd)
{
	struct chk_sts	*ctx = CTX(cc);

	judge_policy(ctx, a);
	judge_domain_policy(ctx, a, vd);
	judge_tlsrpt(ctx, a, vd);
}

const struct check_class chk_sts_class = {
	.context_size = sizeof(struct chk_sts),
	.name = "sts",
	.start = sts_start,
	.judge_mx = sts_judge_mx,
	.judge = sts_judge,
};
