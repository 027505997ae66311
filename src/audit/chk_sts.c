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
 * The verdict on the policy (judge) is made once, at the first report
 * hook, since strict PKIX (RFC 8461 3.3) needs the bundle and the report
 * clock: https_pkix of the fetch's recorded chain against mta-sts.D.  In
 * the order a sender meets them:
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
 * Per MX (report_mx), when the policy is valid and its mode is not none
 * and DANE does not govern the MX (RFC 8461 2): the MX name must match an
 * mx pattern (else validation-failure, detail mx-not-in-policy), and every
 * address whose probe reached STARTTLS is judged as a sender would:
 * STARTTLS offered (starttls-not-supported), the handshake done
 * (validation-failure), the chain trusted by the bundle
 * (certificate-not-trusted), the leaf naming the MX
 * (certificate-host-mismatch), every certificate of the path within its
 * dates at the report clock (certificate-expired; not yet valid is a
 * validation-failure).  The first failing check names the result (RFC
 * 8460 4.3).  An address whose probe never got that far (connect failed,
 * greeting refused) is not judged: the audit reports it already.
 */
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "mxprobe/check.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/https.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/loop.h"
#include "mxprobe/out.h"
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

enum { TAG_STS_TXT, TAG_RPT_TXT, TAG_HOST_A, TAG_HOST_AAAA };

/* The verdict on the domain's policy. */
enum sts_v { V_UNKNOWN, V_ABSENT, V_INVALID, V_VALID };

/* What one TXT lookup found. */
struct txt_seen {
	int		 wait;		/* answer still awaited */
	enum mx_err	 err;		/* no usable answer (not NXDOMAIN) */
	unsigned	 records;	/* TXT starting with the version */
	int		 misplaced;	/* a TXT with the version later */
	int		 truncated;	/* the first record was cut */
	size_t		 len;
	char		 text[MX_TXT_MAX];	/* the first record */
};

static struct {
	int		 active;	/* start ran, its lookups queued */
	int		 limit;		/* a lookup could not be queued */
	char		 domain[MX_NAME_MAX + 1];
	char		 host[MX_NAME_MAX + 1];	/* mta-sts.D */
	struct txt_seen	 sts, rpt;
	struct sts_txt	 txt;		/* the STS record's verdict */
	struct tlsrpt	 tr;		/* points into rpt.text */
	/* the policy host */
	int		 host_wait;	/* address answers awaited */
	enum mx_err	 host_err;	/* first failed address lookup */
	int		 host_nx;	/* NXDOMAIN */
	unsigned	 naddr;
	int		 addr_truncated;
	struct sockaddr_storage addr[MX_ADDRS_PER_MX];
	socklen_t	 addrlen[MX_ADDRS_PER_MX];
	char		 addr_text[MX_ADDRS_PER_MX][INET6_ADDRSTRLEN];
	/* the fetch: 0 not started, 1 running, 2 ended */
	int		 fetch_state;
	unsigned	 fetch_addr;	/* index of the address used */
	enum mx_err	 fetch_err;	/* https_sts_verdict */
	int		 pol_ok;	/* 1 parsed, -1 invalid, 0 not read */
	struct sts_policy pol;
	/* the verdict (judge) */
	int		 judged;
	enum sts_v	 v;
	const char	*rfc_err;	/* RFC 8460 result type of invalid */
	const char	*detail;	/* what exactly */
	int		 pkix_ran;
	struct https_pkix pkix;
	int		 rpt_h;		/* rpt.h entry, -1: none */
	/* per-MX results, for the domain verdict and the score */
	unsigned	 mx_ok, mx_fail, mx_unknown;
} S;

static struct https		 fetch;		/* ~117 KB of .bss */
static struct ca_store		 policy_ca;	/* anchors for the fetch */
static struct x509_facts	 cf;		/* one certificate at a time */
static char			 scratch[MX_TXT_MAX];

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

static void on_lookup(struct audit *, const struct dns_query *, unsigned,
    mx_ms);

static void
ask(struct audit *a, const char *prefix, uint16_t qtype, unsigned tag,
    int *wait)
{
	char	 name[MX_NAME_MAX + 1];

	if (join(name, prefix, S.domain) < 0 ||
	    audit_lookup(a, name, qtype, on_lookup, tag) < 0) {
		S.limit = 1;
		return;
	}
	(*wait)++;
}

static void
sts_start(struct audit *a, mx_ms now)
{
	(void)now;
	memset(&S, 0, sizeof S);
	S.rpt_h = -1;
	strcpy(S.domain, a->cfg.name);
	if (join(S.host, "mta-sts.", S.domain) < 0)
		S.limit = 1;
	ask(a, "_mta-sts.", DNSMSG_T_TXT, TAG_STS_TXT, &S.sts.wait);
	ask(a, "_smtp._tls.", DNSMSG_T_TXT, TAG_RPT_TXT, &S.rpt.wait);
	if (a->cfg.fam != 6)
		ask(a, "mta-sts.", DNSMSG_T_A, TAG_HOST_A, &S.host_wait);
	if (a->cfg.fam != 4)
		ask(a, "mta-sts.", DNSMSG_T_AAAA, TAG_HOST_AAAA, &S.host_wait);
	S.active = 1;
}

/*
 * The TXT records of q that start with version (counted), the first one
 * kept; misplaced if one holds it only later.
 */
static void
txt_read(const struct dns_query *q, const char *version, struct txt_seen *t)
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
		    dnsmsg_rr_txt(&rr, scratch, sizeof scratch, &tx) != MX_OK)
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
host_read(struct audit *a, const struct dns_query *q)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	unsigned char		 ip[16];
	int			 v6 = q->qtype == DNSMSG_T_AAAA;
	enum mx_err		 e = q->err;

	(void)a;
	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, q->qtype, &ans);
	if (e == MX_OK && ans.kind == DNSMSG_ANS_RCODE)
		e = MX_E_DNS_RCODE;
	if (e != MX_OK) {
		if (S.host_err == MX_OK)
			S.host_err = e;
		return;
	}
	if (ans.kind == DNSMSG_ANS_NXDOMAIN)
		S.host_nx = 1;
	if (ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		struct sockaddr_in	*a4;
		struct sockaddr_in6	*a6;
		unsigned		 k = S.naddr;

		if (rr.section != DNSMSG_SEC_ANSWER || rr.type != q->qtype ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    (v6 ? dnsmsg_rr_aaaa(&rr, ip) : dnsmsg_rr_a(&rr, ip)) !=
		    MX_OK)
			continue;
		if (k == MX_ADDRS_PER_MX) {
			S.addr_truncated = 1;
			break;
		}
		memset(&S.addr[k], 0, sizeof S.addr[k]);
		if (v6) {
			a6 = (struct sockaddr_in6 *)&S.addr[k];
			a6->sin6_family = AF_INET6;
			a6->sin6_port = htons(STS_PORT);
			memcpy(&a6->sin6_addr, ip, 16);
			S.addrlen[k] = sizeof *a6;
		} else {
			a4 = (struct sockaddr_in *)&S.addr[k];
			a4->sin_family = AF_INET;
			a4->sin_port = htons(STS_PORT);
			memcpy(&a4->sin_addr, ip, 4);
			S.addrlen[k] = sizeof *a4;
		}
		ipaddr_ntop(v6 ? AF_INET6 : AF_INET, ip, S.addr_text[k],
		    sizeof S.addr_text[k]);
		S.naddr++;
	}
}

static void on_fetched(struct https *, void *, mx_ms);

static void
fetch_start(struct audit *a, unsigned k, mx_ms now)
{
	struct https_cfg	 c;

	memset(&c, 0, sizeof c);
	memcpy(&c.addr, &S.addr[k], S.addrlen[k]);
	c.addrlen = S.addrlen[k];
	strcpy(c.host, S.host);
	strcpy(c.path, STS_PATH);
	c.step_ms = a->cfg.step_ms;
	c.deadline = a->cfg.deadline;
	br_hmac_drbg_generate(&a->rng, c.seed, sizeof c.seed);
	c.trace = a->cfg.trace;
	c.trace_arg = a->cfg.trace_arg;
	c.done = on_fetched;
	c.done_arg = a;
	S.fetch_addr = k;
	https_start(&fetch, &c, now);
	if (loop_add(&fetch.t) < 0) {
		S.fetch_state = 2;
		S.fetch_err = MX_E_LIMIT;
		return;
	}
	S.fetch_state = 1;
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

	if (connect_failed(https_error(f)) && S.fetch_addr + 1 < S.naddr) {
		fetch_start(a, S.fetch_addr + 1, now);
		return;
	}
	S.fetch_state = 2;
	S.fetch_err = https_sts_verdict(f);
	if (S.fetch_err == MX_OK)
		S.pol_ok = sts_policy_parse(&S.pol, f->resp.body,
		    f->resp.body_len) == 0 ? 1 : -1;
}

/* Starts the fetch once everything it depends on is known. */
static void
maybe_fetch(struct audit *a, mx_ms now)
{
	if (S.sts.wait || S.host_wait || S.fetch_state != 0 ||
	    S.sts.err != MX_OK || S.sts.records != 1 || S.sts.truncated ||
	    S.txt.error != NULL || S.naddr == 0)
		return;
	fetch_start(a, 0, now);
}

static void
on_lookup(struct audit *a, const struct dns_query *q, unsigned tag,
    mx_ms now)
{
	switch (tag) {
	case TAG_STS_TXT:
		txt_read(q, "v=STSv1", &S.sts);
		if (S.sts.records > 0 && !S.sts.truncated)
			(void)sts_txt_parse(&S.txt, S.sts.text, S.sts.len);
		S.sts.wait--;
		break;
	case TAG_RPT_TXT:
		txt_read(q, "v=TLSRPTv1", &S.rpt);
		S.rpt.wait--;
		break;
	default:
		host_read(a, q);
		S.host_wait--;
		break;
	}
	maybe_fetch(a, now);
}

/* ---- verdict --------------------------------------------------------- */

static void
verdict(enum sts_v v, const char *rfc_err, const char *detail)
{
	S.v = v;
	S.rfc_err = rfc_err;
	S.detail = detail;
}

/* The policy lines as a TLS-RPT report shows them (RFC 8460 4.4). */
static void
rpt_policy_strings(void)
{
	char		 line[16 + MX_NAME_MAX];
	char		 num[12];
	unsigned	 i, k;
	uint32_t	 v;

	rpt_string(S.rpt_h, "version: STSv1");
	strcpy(line, "mode: ");
	strcat(line, sts_mode_str(S.pol.mode));
	rpt_string(S.rpt_h, line);
	k = S.pol.nmx < MX_STS_MX_MAX ? S.pol.nmx : MX_STS_MX_MAX;
	for (i = 0; i < k; i++) {
		strcpy(line, "mx: ");
		strcat(line, S.pol.mx[i]);
		rpt_string(S.rpt_h, line);
		rpt_mx_host(S.rpt_h, S.pol.mx[i]);
	}
	v = S.pol.max_age;
	i = sizeof num - 1;
	num[i] = '\0';
	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	strcpy(line, "max_age: ");
	strcat(line, num + i);
	rpt_string(S.rpt_h, line);
}

static void
judge(struct audit *a, const struct report_opts *o)
{
	int	 se;

	if (S.judged)
		return;
	S.judged = 1;
	(void)a;
	if (!S.active || S.limit) {
		verdict(V_UNKNOWN, NULL, "limit");
		return;
	}
	if (S.sts.err != MX_OK || S.sts.wait) {
		verdict(V_UNKNOWN, NULL, S.sts.wait ? "dns-timeout" :
		    mx_err_str(S.sts.err));
		return;
	}
	if (S.sts.records == 0) {
		if (S.sts.misplaced)
			verdict(V_INVALID, "sts-policy-invalid",
			    "sts-txt-version-not-first");
		else
			verdict(V_ABSENT, NULL, NULL);
		return;
	}
	if (S.sts.records > 1) {
		verdict(V_INVALID, "sts-policy-invalid", "sts-txt-multiple");
		goto entry;
	}
	if (S.sts.truncated) {
		verdict(V_UNKNOWN, NULL, "sts-txt-truncated");
		return;
	}
	if (S.txt.error != NULL) {
		verdict(V_INVALID, "sts-policy-invalid", S.txt.error);
		goto entry;
	}
	if (S.naddr == 0) {
		if (S.host_wait || S.host_err == MX_E_DNS_TIMEOUT ||
		    S.host_err == MX_E_DEADLINE)
			verdict(V_UNKNOWN, NULL, "dns-timeout");
		else
			verdict(V_INVALID, "sts-policy-fetch-error",
			    S.host_nx ? mx_err_str(MX_E_DNS_NXDOMAIN) :
			    S.host_err != MX_OK ? mx_err_str(S.host_err) :
			    mx_err_str(MX_E_NO_ADDRESS));
		goto entry;
	}
	if (S.fetch_state != 2) {
		verdict(V_UNKNOWN, NULL, "fetch-not-finished");
		return;
	}
	if (S.fetch_err == MX_E_LIMIT) {
		verdict(V_UNKNOWN, NULL, mx_err_str(S.fetch_err));
		return;
	}
	if (fetch.tls_started && fetch.tls.done) {
		if (https_pkix(&fetch, &policy_ca, o->ca_file, o->now,
		    &S.pkix, &se) < 0) {
			verdict(V_UNKNOWN, NULL, "ca-unreadable");
			return;
		}
		S.pkix_ran = 1;
		if (!S.pkix.ok) {
			verdict(V_INVALID, "sts-webpki-invalid",
			    https_pkix_str(S.pkix.fail));
			goto entry;
		}
	}
	if (S.fetch_err != MX_OK) {
		verdict(V_INVALID, "sts-policy-fetch-error",
		    mx_err_str(S.fetch_err));
		goto entry;
	}
	if (S.pol_ok != 1) {
		verdict(V_INVALID, "sts-policy-invalid", S.pol.error);
		goto entry;
	}
	verdict(V_VALID, NULL, NULL);
entry:
	S.rpt_h = rpt_policy("sts", S.domain);
	if (S.v == V_VALID && S.rpt_h >= 0)
		rpt_policy_strings();
}

/* ---- per MX ---------------------------------------------------------- */

/* The result of one address: 1 ok, 0 not judged, -1 failed (*type). */
static int
judge_addr(const struct probe *p, const struct ca_verdict *v,
    const char *mx, int64_t now, const char **type, const char **detail)
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
	if (x509_parse(ch->arena + ch->off[0], ch->len[0], &cf, NULL) < 0) {
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
	if (!x509_host_match(&cf, mx)) {
		*type = "certificate-host-mismatch";
		return -1;
	}
	for (k = 0; k < v->npath || k == 0; k++) {
		i = v->npath ? v->path[k] : 0;
		if (i >= ch->kept || (k > 0 && x509_parse(ch->arena +
		    ch->off[i], ch->len[i], &cf, NULL) < 0))
			continue;
		if (cf.not_after < now) {
			*type = "certificate-expired";
			*detail = k ? "chain-expired" : NULL;
			return -1;
		}
		if (cf.not_before > now) {
			*type = "validation-failure";
			*detail = k ? "chain-not-yet-valid" :
			    "cert-not-yet-valid";
			return -1;
		}
	}
	return 1;
}

static void
sts_report_mx(struct audit *a, const struct report_opts *o, unsigned i,
    struct report_verdict *vd)
{
	const struct audit_mx	*m = &a->mx[i];
	const struct ca_verdict	*v;
	const struct probe	*p;
	const char		*type, *detail, *ftype = NULL, *fdetail = NULL;
	const char		*faddr = NULL;
	unsigned		 j, ok = 0, bad = 0;
	int			 r;

	judge(a, o);
	if (S.v == V_INVALID) {
		out_kvs("sts", "na");
		for (j = 0; j < m->naddr && S.rpt_h >= 0; j++)
			rpt_session(S.rpt_h, m->name, m->addr[j].text,
			    S.rfc_err, S.detail);
		return;
	}
	if (S.v != V_VALID)
		return;
	if (S.pol.mode == STS_MODE_NONE || chk_dane_applies(i)) {
		out_kvs("sts", "na");
		if (S.pol.mode != STS_MODE_NONE)
			out_kvs("sts_detail", "dane");
		return;
	}
	switch (sts_policy_match(&S.pol, m->name)) {
	case -1:
		S.mx_unknown++;
		out_kvs("sts", "unknown");
		out_kvs("sts_detail", "mx-patterns-truncated");
		report_finding(vd, ST_UNKNOWN, "mta-sts-mx-truncated");
		return;
	case 0:
		ftype = "validation-failure";
		fdetail = "mx-not-in-policy";
		bad = 1;
		for (j = 0; j < m->naddr && S.rpt_h >= 0; j++)
			rpt_session(S.rpt_h, m->name, m->addr[j].text, ftype,
			    fdetail);
		break;
	default:
		for (j = 0; j < m->naddr; j++) {
			p = audit_probe_of(a, i, j, &v);
			if (p == NULL)
				continue;
			r = judge_addr(p, v, m->name, o->now, &type, &detail);
			if (r == 0)
				continue;
			if (S.rpt_h >= 0)
				rpt_session(S.rpt_h, m->name, m->addr[j].text,
				    r > 0 ? NULL : type, detail);
			if (r > 0) {
				ok++;
				continue;
			}
			if (bad++ == 0) {
				ftype = type;
				fdetail = detail;
				faddr = m->addr[j].text;
			}
		}
	}
	if (bad) {
		S.mx_fail++;
		out_kvs("sts", "fail");
		out_kvs("sts_error", ftype);
		if (fdetail != NULL)
			out_kvs("sts_detail", fdetail);
		if (faddr != NULL)
			out_kvs("sts_addr", faddr);
		report_finding(vd, S.pol.mode == STS_MODE_ENFORCE ?
		    ST_CRITICAL : ST_WARNING, "mta-sts-mx-fail");
	} else if (ok) {
		S.mx_ok++;
		out_kvs("sts", "ok");
	} else {
		S.mx_unknown++;
		out_kvs("sts", "unknown");
		out_kvs("sts_detail", "no-tls-session");
	}
}

/* ---- domain ---------------------------------------------------------- */

static void
report_policy(struct report_verdict *vd)
{
	char		 list[MX_STS_MX_MAX * (MX_NAME_MAX + 1)];
	size_t		 n = 0, l;
	unsigned	 i, k;
	int		 pts;

	switch (S.v) {
	case V_UNKNOWN:
		out_kvs("mta_sts", "unknown");
		if (S.detail != NULL)
			out_kvs("mta_sts_detail", S.detail);
		report_finding(vd, ST_UNKNOWN, "mta-sts-unknown");
		return;
	case V_ABSENT:
		out_kvs("mta_sts", "absent");
		score_set(SC_MTA_STS, 0);
		return;
	case V_INVALID:
		out_kvs("mta_sts", "invalid");
		break;
	case V_VALID:
		out_kvs("mta_sts", S.pol.mode == STS_MODE_NONE ? "ok" :
		    S.mx_fail ? "fail" : S.mx_unknown ? "unknown" : "ok");
		out_kvs("mta_sts_mode", sts_mode_str(S.pol.mode));
		break;
	}
	if (S.txt.error == NULL && S.txt.id[0])
		out_kvs("mta_sts_id", S.txt.id);
	if (S.fetch_state == 2) {
		out_kvs("mta_sts_addr", S.addr_text[S.fetch_addr]);
		if (fetch.resp.status)
			out_kvi("mta_sts_http_status", fetch.resp.status);
	}
	if (S.v == V_INVALID) {
		out_kvs("mta_sts_error", S.rfc_err);
		out_kvs("mta_sts_detail", S.detail);
		if (S.pol_ok == -1 && S.pol.err_line)
			out_kvi("mta_sts_error_line", S.pol.err_line);
		if (fetch.resp.has_location &&
		    S.fetch_err == MX_E_HTTP_REDIRECT)
			out_kvs("mta_sts_location", fetch.resp.location);
		report_finding(vd, ST_WARNING, "mta-sts-invalid");
		score_set(SC_MTA_STS, 0);
		return;
	}
	out_kvi("mta_sts_max_age", S.pol.max_age);
	if (S.pol.max_age_short) {
		out_kvb("mta_sts_max_age_short", 1);
		report_finding(vd, ST_OK, "mta-sts-max-age-short");
	}
	k = S.pol.nmx < MX_STS_MX_MAX ? S.pol.nmx : MX_STS_MX_MAX;
	for (i = 0; i < k; i++) {
		l = strlen(S.pol.mx[i]);
		if (n)
			list[n++] = ',';
		memcpy(list + n, S.pol.mx[i], l);
		n += l;
	}
	if (k)
		out_kv("mta_sts_mx", list, n);
	if (S.pol.mx_truncated)
		out_kvb("mta_sts_mx_truncated", 1);
	if (S.pol.unknown)
		out_kvi("mta_sts_unknown_keys", S.pol.unknown);
	/* the ladder: README "Score" (doc: /tmp/mxdoc/sts.md) */
	if (S.pol.mode == STS_MODE_NONE)
		pts = 20;
	else if (S.pol.mode == STS_MODE_TESTING)
		pts = 60;
	else if (S.mx_fail)
		pts = 30;
	else if (S.mx_unknown)
		return;		/* cannot tell: unknown item */
	else
		pts = S.pol.max_age_short ? 90 : 100;
	score_set(SC_MTA_STS, pts);
}

static void
report_tlsrpt(struct report_verdict *vd)
{
	const char	*why = NULL;

	if (S.limit || S.rpt.wait || S.rpt.err != MX_OK ||
	    (S.rpt.records == 1 && S.rpt.truncated)) {
		out_kvs("tlsrpt", "unknown");
		out_kvs("tlsrpt_detail", S.limit ? "limit" : S.rpt.wait ?
		    "dns-timeout" : S.rpt.err != MX_OK ?
		    mx_err_str(S.rpt.err) : "tlsrpt-txt-truncated");
		report_finding(vd, ST_UNKNOWN, "tlsrpt-unknown");
		return;
	}
	if (S.rpt.records == 0 && !S.rpt.misplaced) {
		out_kvs("tlsrpt", "absent");
		score_set(SC_TLSRPT, 0);
		return;
	}
	if (S.rpt.records == 0)
		why = "tlsrpt-version-not-first";
	else if (S.rpt.records > 1)
		why = "tlsrpt-multiple";
	else if (tlsrpt_parse(&S.tr, S.rpt.text, S.rpt.len) < 0)
		why = S.tr.error;
	if (why != NULL) {
		out_kvs("tlsrpt", "invalid");
		out_kvs("tlsrpt_error", why);
		if (S.tr.bad != NULL)
			out_kv("tlsrpt_error_uri", S.tr.bad, S.tr.bad_len);
		report_finding(vd, ST_WARNING, "tlsrpt-invalid");
		score_set(SC_TLSRPT, 0);
		return;
	}
	out_kvs("tlsrpt", "ok");
	out_kv("tlsrpt_rua", S.tr.rua, S.tr.rua_len);
	out_kvi("tlsrpt_rua_count", S.tr.nrua);
	if (S.tr.rua_truncated)
		out_kvb("tlsrpt_rua_truncated", 1);
	score_set(SC_TLSRPT, 100);
}

static void
sts_report(struct audit *a, const struct report_opts *o,
    struct report_verdict *vd)
{
	judge(a, o);
	report_policy(vd);
	report_tlsrpt(vd);
}

const struct audit_check chk_sts = {
	.start = sts_start,
	.report_mx = sts_report_mx,
	.report = sts_report,
};
