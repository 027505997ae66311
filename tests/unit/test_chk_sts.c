/*
 * test_chk_sts.c -- the MTA-STS and TLS-RPT check's judgement (chk_sts.c)
 * on an audit filled by hand: canned TXT and A answers go to the check's
 * own lookup callbacks, the policy fetch is ended by hand with a canned
 * response (no connection is made to completion), and a certificate made
 * with openssl at test time stands for the probe's chain.  Checks the
 * typed results, findings and their severity, the score items and the
 * printed keys (rep_sts.c).  No network, no root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bearssl.h>

#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/loop.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/rpt.h"
#include "mxprobe/score.h"

static struct audit a;
static struct loop lp;
static struct report_opts ro;
static struct dns_query q;
static unsigned char msg[4096];
static struct out w;
static char got[8192];
static char dir[] = "/tmp/mxprobe-chksts-XXXXXX";
static unsigned char cert[4096];	/* DER, names mx1.example.test */
static size_t cert_len;

static const char policy_enforce[] =
    "version: STSv1\nmode: enforce\nmx: mx1.example.test\n"
    "max_age: 604800\n";
static const char policy_testing[] =
    "version: STSv1\nmode: testing\nmx: mx1.example.test\n"
    "max_age: 604800\n";

/*
 * A reply to (qname, qtype) with rcode, answering n records of qtype with
 * rdata rd[i] (rdlen[i] bytes), into q.
 */
static void
reply(const char *qname, uint16_t qtype, unsigned rcode, unsigned n,
    const unsigned char *const *rd, const size_t *rdlen)
{
	int len;
	size_t l;
	unsigned i;

	memset(&q, 0, sizeof q);
	len = dnsmsg_query(msg, sizeof msg, 0, qname, qtype, 0);
	l = len < 0 ? 0 : (size_t)len;
	msg[2] |= 0x80;				/* QR */
	msg[3] = (unsigned char)(0x80 | rcode);
	msg[7] = (unsigned char)n;		/* ANCOUNT */
	for (i = 0; i < n; i++) {
		msg[l++] = 0xc0;		/* the question's name */
		msg[l++] = 0x0c;
		msg[l++] = (unsigned char)(qtype >> 8);
		msg[l++] = (unsigned char)qtype;
		msg[l++] = 0;
		msg[l++] = 1;			/* IN */
		memcpy(msg + l, "\0\0\x0e\x10", 4);	/* TTL */
		l += 4;
		msg[l++] = (unsigned char)(rdlen[i] >> 8);
		msg[l++] = (unsigned char)rdlen[i];
		memcpy(msg + l, rd[i], rdlen[i]);
		l += rdlen[i];
	}
	q.err = MX_OK;
	q.msg = msg;
	q.len = l;
	strcpy(q.qname, qname);
	q.qtype = qtype;
	q.hdr.rcode = rcode;
	q.answered_by = -1;
}

/* Hands q to the lookup the checks queued for q's name and type. */
static void
deliver(void)
{
	const struct audit_lookup_rec *l;
	unsigned k;

	for (k = 0; k < a.nlk; k++) {
		l = &a.lk[k];
		if (l->qtype == q.qtype && strcmp(l->name, q.qname) == 0) {
			l->fn(l->cc, &a, &q, l->tag, 0);
			return;
		}
	}
	printf("# no lookup of %s\n", q.qname);
	T_OK(0, "the lookup was asked");
}

/* TXT answer at name: n records (NULL: NXDOMAIN). */
static void
txt(const char *name, unsigned n, const char *const *recs)
{
	unsigned char rd[4][256];
	const unsigned char *rdp[4];
	size_t rdl[4], l;
	unsigned i;

	for (i = 0; i < n && i < 4; i++) {
		l = strlen(recs[i]);
		rd[i][0] = (unsigned char)l;
		memcpy(rd[i] + 1, recs[i], l);
		rdp[i] = rd[i];
		rdl[i] = l + 1;
	}
	reply(name, DNSMSG_T_TXT, recs == NULL ? DNSMSG_R_NXDOMAIN : 0, n,
	    rdp, rdl);
	deliver();
}

/* The lookup of name/qtype ended in error e. */
static void
failed(const char *name, uint16_t qtype, enum mx_err e)
{
	memset(&q, 0, sizeof q);
	q.err = e;
	strcpy(q.qname, name);
	q.qtype = qtype;
	q.answered_by = -1;
	deliver();
}

/* The policy host has 127.0.0.1 (the fetch starts once all is in). */
static void
host_a(void)
{
	static const unsigned char lo[4] = { 127, 0, 0, 1 };
	const unsigned char *rdp[1] = { lo };
	size_t rdl[1] = { 4 };

	reply("mta-sts.example.test", DNSMSG_T_A, 0, 1, rdp, rdl);
	deliver();
}

/*
 * Ends the running policy fetch as if the server had answered 200
 * text/plain with body (its socket is closed unused).
 */
static void
fetched(const char *body)
{
	struct https *f = &a.sts.fetch;

	T_EQ_INT(a.sts.fetch_state, 1, "the policy fetch started");
	if (f->t.fd >= 0)
		close(f->t.fd);
	f->t.fd = -1;
	f->err = MX_OK;
	f->tls_started = 0;
	f->resp.err = MX_OK;
	f->resp.complete = 1;
	f->resp.status = 200;
	f->resp.has_ctype = 1;
	strcpy(f->resp.ctype, "text/plain");
	f->resp.body_len = strlen(body);
	memcpy(f->resp.body, body, f->resp.body_len);
	f->cfg.done(f, f->cfg.done_arg, 0);
}

/*
 * A fresh audit of example.test, IPv4 only, with one MX named mxname
 * whose one address presents cert over TLS, trusted by the bundle; the
 * sts check is started (its lookups queued).
 */
static void
setup(const char *mxname)
{
	static const unsigned char seed[32];
	struct probe *p;

	memset(&a, 0, sizeof a);
	loop_init(&lp);
	strcpy(a.cfg.name, "example.test");
	a.cfg.port = 25;
	a.cfg.fam = 4;
	a.cfg.step_ms = 1000;
	a.cfg.deadline = 10000;
	a.loop = &lp;
	br_hmac_drbg_init(&a.rng, &br_sha256_vtable, seed, sizeof seed);
	a.nmx = 1;
	strcpy(a.mx[0].name, mxname);
	a.mx[0].naddr = 1;
	a.mx[0].addr[0].family = AF_INET;
	strcpy(a.mx[0].addr[0].text, "192.0.2.1");
	a.mx[0].addr[0].probe = 0;
	p = &a.probes[0];
	p->connected = 1;
	p->tls_started = 1;
	p->tls.done = 1;
	p->tls.chain.n = p->tls.chain.kept = 1;
	p->tls.chain.len[0] = cert_len;
	memcpy(p->tls.chain.arena, cert, cert_len);
	a.verdicts[0].trusted = 1;
	a.verdicts[0].reason = "ok";
	a.verdict_ok[0] = 1;
	a.nprobes = 1;
	a.sts.vtable = &chk_sts_class;
	a.dane.vtable = &chk_dane_class;
	score_reset(&a.score);
	rpt_reset(&a.rpt);
	verdict_reset(&a.mx[0].vd);
	verdict_reset(&a.vd);
	memset(&ro, 0, sizeof ro);
	ro.now = (int64_t)time(NULL);
	chk_sts_class.start(&a.sts.vtable, &a, 0);
}

static const char *const sts_rec[] = { "v=STSv1; id=20260101" };
static const char *const rpt_rec[] = {
	"v=TLSRPTv1; rua=mailto:tls@example.test"
};

/* A published policy and report address; the fetch returns body. */
static void
published(const char *body)
{
	txt("_mta-sts.example.test", 1, sts_rec);
	txt("_smtp._tls.example.test", 1, rpt_rec);
	host_a();
	fetched(body);
}

static void
judge(void)
{
	a.ro = &ro;
	chk_sts_class.judge_mx(&a.sts.vtable, &a, 0, &a.mx[0].vd);
	chk_sts_class.judge(&a.sts.vtable, &a, &a.vd);
}

/* The keys of the MX (prefix mx1_) and of the domain, into got. */
static void
print(void)
{
	int fd[2];
	ssize_t n;
	size_t len = 0;

	got[0] = 0;
	if (pipe(fd) < 0)
		return;
	out_begin(&w, OUT_KV, fd[1]);
	out_prefix(&w, "mx1_");
	rep_sts.mx(&w, &a, 0, "mx1_");
	out_prefix(&w, "");
	rep_sts.domain(&w, &a);
	(void)out_end(&w);
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(fd[0]);
}

static void
sts_ok(void)
{
	setup("mx1.example.test");
	published(policy_enforce);
	judge();
	T_EQ_INT(a.sts.v, CHK_STS_V_VALID, "ok: policy valid");
	T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_OK, "ok: the MX passes");
	T_EQ_INT(a.sts.mta_sts, CHK_STS_R_OK, "ok: domain ok");
	T_EQ_INT(a.mx[0].vd.n + a.vd.n, 0, "ok: no finding");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), 100, "ok: SC_MTA_STS 100");
	T_EQ_INT(score_get(&a.score, SC_TLSRPT), 100, "ok: SC_TLSRPT 100");
	T_EQ_INT(rpt_count(&a.rpt), 1, "ok: one sts policy");
	print();
	T_EQ_STR(got,
	    "mx1_sts=ok\n"
	    "mta_sts=ok\n"
	    "mta_sts_mode=enforce\n"
	    "mta_sts_id=20260101\n"
	    "mta_sts_addr=127.0.0.1\n"
	    "mta_sts_http_status=200\n"
	    "mta_sts_max_age=604800\n"
	    "mta_sts_mx=mx1.example.test\n"
	    "tlsrpt=ok\n"
	    "tlsrpt_rua=mailto:tls@example.test\n"
	    "tlsrpt_rua_count=1\n", "ok: keys");
}

static void
sts_mx_not_in_policy(int testing)
{
	setup("mx2.example.test");
	published(testing ? policy_testing : policy_enforce);
	judge();
	T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_FAIL, "not in policy: fail");
	T_EQ_STR(a.sts.mx[0].detail, "mx-not-in-policy",
	    "not in policy: detail");
	T_OK(verdict_has(&a.mx[0].vd, F_MTA_STS_MX_FAIL),
	    "not in policy: mta-sts-mx-fail");
	T_EQ_INT(verdict_status(&a.mx[0].vd), testing ? ST_WARNING :
	    ST_CRITICAL, testing ? "testing mode: warning" :
	    "enforce mode: critical");
	T_EQ_INT(a.sts.mta_sts, CHK_STS_R_FAIL, "not in policy: domain fail");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), testing ? 60 : 30,
	    "not in policy: SC_MTA_STS");
	print();
	T_OK(strstr(got, "mx1_sts=fail\nmx1_sts_error=validation-failure\n"
	    "mx1_sts_detail=mx-not-in-policy\nmta_sts=fail\n") == got,
	    "not in policy: keys (no DANE: no mx1_sts_with_dane)");
}

/* A string a test compares, NULL shown as such. */
#define NN(s)	((s) != NULL ? (s) : "(null)")

/* The first failure-details item of the sts entry, or NULL. */
static const struct rpt_item *
sts_failure(void)
{
	unsigned k;

	for (k = 0; k < a.rpt.nitem; k++)
		if (a.rpt.item[k].kind == RPT_FAIL &&
		    (int)a.rpt.item[k].pol == a.sts.rpt_h)
			return &a.rpt.item[k];
	return NULL;
}

/*
 * DANE governs the MX (DNSSEC, TLSA seen).  A sender that implements
 * both may prefer DANE (RFC 8461 2), but most senders implement MTA-STS
 * only: mxN_sts, mta_sts, the finding and the score judge the policy as
 * they do; mxN_sts_with_dane says what a sender of both does.
 */
static void
sts_dane(int match)
{
	const struct rpt_item *f;

	setup(match ? "mx1.example.test" : "mx2.example.test");
	a.mx_ad = 1;
	a.mx[0].addr_ad = 1;
	a.dane.mx[0].st = CHK_DANE_S_DONE;
	a.dane.mx[0].ad = 1;
	a.dane.mx[0].seen = 1;
	published(policy_enforce);
	judge();
	T_OK(chk_dane_applies(&a, 0), "dane: DANE governs the MX");
	T_EQ_STR(NN(a.sts.mx[0].with_dane), "dane",
	    "dane: a sender of both uses DANE");
	if (match) {
		T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_OK,
		    "dane, MX in the policy: ok as MTA-STS alone judges");
		T_EQ_INT(a.sts.mta_sts, CHK_STS_R_OK, "dane, match: domain ok");
		T_EQ_INT(a.mx[0].vd.n, 0, "dane, match: no finding");
		T_EQ_INT(score_get(&a.score, SC_MTA_STS), 100,
		    "dane, match: SC_MTA_STS 100");
		print();
		T_OK(strstr(got, "mx1_sts=ok\nmx1_sts_with_dane=dane\n"
		    "mta_sts=ok\n") == got, "dane, match: keys");
		return;
	}
	T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_FAIL,
	    "dane, MX not in the policy: fail as MTA-STS alone judges");
	T_EQ_STR(NN(a.sts.mx[0].error), "validation-failure",
	    "dane, mismatch: RFC 8460 result type");
	T_EQ_STR(NN(a.sts.mx[0].detail), "mx-not-in-policy",
	    "dane, mismatch: detail");
	T_OK(verdict_has(&a.mx[0].vd, F_MTA_STS_MX_FAIL),
	    "dane, mismatch: mta-sts-mx-fail");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_CRITICAL,
	    "dane, mismatch, enforce mode: critical");
	T_EQ_INT(a.sts.mta_sts, CHK_STS_R_FAIL, "dane, mismatch: domain fail");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), 30,
	    "dane, mismatch: SC_MTA_STS as an enforce failure");
	f = sts_failure();
	T_OK(f != NULL && strcmp(rpt_str(&a.rpt, f->s[0]),
	    "validation-failure") == 0 && strcmp(rpt_str(&a.rpt, f->s[1]),
	    "mx2.example.test") == 0 && strcmp(rpt_str(&a.rpt, f->s[3]),
	    "mx-not-in-policy") == 0,
	    "dane, mismatch: the sts policy's failure details name it");
	print();
	T_OK(strstr(got, "mx1_sts=fail\nmx1_sts_error=validation-failure\n"
	    "mx1_sts_detail=mx-not-in-policy\nmx1_sts_with_dane=dane\n"
	    "mta_sts=fail\n") == got, "dane, mismatch: keys");
}

static void
sts_invalid(void)
{
	static const char *const two[] = {
		"v=STSv1; id=1", "v=STSv1; id=2"
	};

	setup("mx1.example.test");
	txt("_mta-sts.example.test", 2, two);
	txt("_smtp._tls.example.test", 1, rpt_rec);
	host_a();
	T_EQ_INT(a.sts.fetch_state, 0, "invalid: no fetch");
	judge();
	T_EQ_INT(a.sts.v, CHK_STS_V_INVALID, "invalid: policy invalid");
	T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_NA, "invalid: the MX na");
	T_OK(verdict_has(&a.vd, F_MTA_STS_INVALID), "invalid: finding");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING, "invalid: warning");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), 0, "invalid: SC_MTA_STS 0");
	print();
	T_OK(strstr(got, "mx1_sts=na\nmta_sts=invalid\n") == got,
	    "invalid: status keys");
	T_OK(strstr(got, "mta_sts_error=sts-policy-invalid\n"
	    "mta_sts_detail=sts-txt-multiple\n") != NULL,
	    "invalid: error keys");
}

static void
sts_unknown(void)
{
	setup("mx1.example.test");
	failed("_mta-sts.example.test", DNSMSG_T_TXT, MX_E_DNS_SERVFAIL);
	txt("_smtp._tls.example.test", 0, NULL);
	host_a();
	judge();
	T_EQ_INT(a.sts.v, CHK_STS_V_UNKNOWN, "unknown: policy unknown");
	T_EQ_INT(a.sts.mx[0].res, CHK_STS_R_NONE, "unknown: no MX key");
	T_OK(verdict_has(&a.vd, F_MTA_STS_UNKNOWN), "unknown: finding");
	T_EQ_INT(verdict_status(&a.vd), ST_UNKNOWN, "unknown: status");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), -1,
	    "unknown: SC_MTA_STS not known");
	T_EQ_INT(a.sts.tlsrpt, CHK_STS_RPT_ABSENT, "unknown: tlsrpt absent");
	T_EQ_INT(score_get(&a.score, SC_TLSRPT), 0, "unknown: SC_TLSRPT 0");
	print();
	T_OK(strstr(got, "mta_sts=unknown\nmta_sts_detail=") == got &&
	    strstr(got, mx_err_str(MX_E_DNS_SERVFAIL)) != NULL &&
	    strstr(got, "tlsrpt=absent\n") != NULL, "unknown: keys");
}

static void
sts_absent(void)
{
	static const char *const bad_rpt[] = {
		"v=TLSRPTv1; rua=ftp://x.example.test"
	};

	setup("mx1.example.test");
	txt("_mta-sts.example.test", 0, NULL);
	txt("_smtp._tls.example.test", 1, bad_rpt);
	host_a();
	judge();
	T_EQ_INT(a.sts.v, CHK_STS_V_ABSENT, "absent: no policy");
	T_EQ_INT(score_get(&a.score, SC_MTA_STS), 0, "absent: SC_MTA_STS 0");
	T_EQ_INT(a.sts.tlsrpt, CHK_STS_RPT_INVALID, "bad rua: tlsrpt invalid");
	T_OK(verdict_has(&a.vd, F_TLSRPT_INVALID), "bad rua: finding");
	print();
	T_EQ_STR(got,
	    "mta_sts=absent\n"
	    "tlsrpt=invalid\n"
	    "tlsrpt_error=tlsrpt-bad-uri\n"
	    "tlsrpt_error_uri=ftp://x.example.test\n", "absent: keys");
}

/* A certificate for mx1.example.test, made with openssl; 0 if none. */
static int
make_cert(void)
{
	char cmd[512], path[128];
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return 0;
	snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey ec "
	    "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem "
	    "-subj /CN=mx1.example.test "
	    "-addext subjectAltName=DNS:mx1.example.test -days 3650 "
	    "-outform DER -out c.der 2>/dev/null", dir);
	if (system(cmd) != 0)
		return 0;
	snprintf(path, sizeof path, "%s/c.der", dir);
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	cert_len = fread(cert, 1, sizeof cert, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	(void)system(cmd);
	return cert_len > 0;
}

int
main(void)
{
	if (!T_OK(make_cert(), "openssl made the MX certificate"))
		return T_DONE();
	sts_ok();
	sts_mx_not_in_policy(0);
	sts_mx_not_in_policy(1);
	sts_dane(0);
	sts_dane(1);
	sts_invalid();
	sts_unknown();
	sts_absent();
	return T_DONE();
}
