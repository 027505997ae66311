/*
 * test_chk_dane.c -- the dane check's judgement (chk_dane.c) on an audit
 * filled by hand: canned TLSA answers go to the check's own lookup
 * callbacks, a recorded chain stands for the probe, and the typed
 * results, findings, score item, policies and printed keys (rep_dane.c)
 * are checked.  No network, no root.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bearssl.h>

#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/rpt.h"
#include "mxprobe/score.h"

/* 2030-01-01T00:00:00Z */
#define NOW	1893456000

static struct audit a;
static struct report_opts ro;
static struct dns_query q;
static unsigned char msg[2048];
static struct out w;
static char got[8192];

/* The "certificate" the probes present: DANE-EE 3 0 x pins its bytes. */
static const unsigned char leaf[] = "not a certificate, only its bytes";
static unsigned char leaf_sha256[32];

/*
 * A reply to (qname, qtype) with rcode and the AD bit, answering n
 * records of qtype with rdata rd[i] (rdlen[i] bytes), into q.
 */
static void
reply(const char *qname, uint16_t qtype, unsigned rcode, int ad,
    unsigned n, const unsigned char *const *rd, const size_t *rdlen)
{
	int len;
	size_t l;
	unsigned i;

	memset(&q, 0, sizeof q);
	len = dnsmsg_query(msg, sizeof msg, 0, qname, qtype, 0);
	l = len < 0 ? 0 : (size_t)len;
	msg[2] |= 0x80;				/* QR */
	msg[3] = (unsigned char)(0x80 | (ad ? 0x20 : 0) | rcode);
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
	q.hdr.ad = ad;
	q.hdr.rcode = rcode;
	q.answered_by = -1;
}

/* A query that ended in error e (no reply kept). */
static void
failed(const char *qname, uint16_t qtype, enum mx_err e)
{
	memset(&q, 0, sizeof q);
	q.err = e;
	strcpy(q.qname, qname);
	q.qtype = qtype;
	q.answered_by = -1;
}

/* Hands q to the newest lookup the checks queued. */
static void
answer_last(void)
{
	const struct audit_lookup_rec *l = &a.lk[a.nlk - 1];

	l->fn(l->cc, &a, &q, l->tag, 0);
}

/* One record "u s m" + data into buf; its length. */
static size_t
tlsa_rd(unsigned char *buf, unsigned u, unsigned s, unsigned m,
    const unsigned char *data, size_t dlen)
{
	buf[0] = (unsigned char)u;
	buf[1] = (unsigned char)s;
	buf[2] = (unsigned char)m;
	memcpy(buf + 3, data, dlen);
	return 3 + dlen;
}

/*
 * A fresh audit of example.test with nmx MX mx1.example.test ... and
 * naddr addresses each, probe k presenting leaf over TLS; every DNS answer
 * signed.  Starts the dane check.
 */
static void
setup(unsigned nmx, unsigned naddr)
{
	unsigned i, j, k = 0;
	struct probe *p;

	memset(&a, 0, sizeof a);
	strcpy(a.cfg.name, "example.test");
	a.cfg.port = 25;
	a.mx_ad = 1;
	a.nmx = nmx;
	a.dane.vtable = &chk_dane_class;
	score_reset(&a.score);
	rpt_reset(&a.rpt);
	for (i = 0; i < nmx; i++) {
		snprintf(a.mx[i].name, sizeof a.mx[i].name,
		    "mx%u.example.test", i + 1);
		a.mx[i].addr_ad = 1;
		a.mx[i].naddr = naddr;
		verdict_reset(&a.mx[i].vd);
		for (j = 0; j < naddr; j++, k++) {
			a.mx[i].addr[j].family = AF_INET;
			snprintf(a.mx[i].addr[j].text,
			    sizeof a.mx[i].addr[j].text, "192.0.2.%u", k + 1);
			a.mx[i].addr[j].probe = (int)k;
			p = &a.probes[k];
			p->connected = 1;
			p->tls_started = 1;
			p->tls.done = 1;
			p->tls.chain.n = p->tls.chain.kept = 1;
			p->tls.chain.len[0] = sizeof leaf;
			memcpy(p->tls.chain.arena, leaf, sizeof leaf);
		}
	}
	a.nprobes = k;
	verdict_reset(&a.vd);
	memset(&ro, 0, sizeof ro);
	ro.now = NOW;
	chk_dane_class.start(&a.dane.vtable, &a, 0);
}

/* The TLSA lookup of MX i is asked (addrs_known) and answered with rd. */
static void
tlsa_answer(unsigned i, int ad, unsigned n, const unsigned char *const *rd,
    const size_t *rdlen)
{
	char qn[MX_NAME_MAX + 16];

	chk_dane_class.addrs_known(&a.dane.vtable, &a, i, 0);
	snprintf(qn, sizeof qn, "_25._tcp.%s", a.mx[i].name);
	T_OK(a.nlk > 0 && strcmp(a.lk[a.nlk - 1].name, qn) == 0 &&
	    a.lk[a.nlk - 1].qtype == DNSMSG_T_TLSA, "TLSA asked at _25._tcp");
	reply(qn, DNSMSG_T_TLSA, 0, ad, n, rd, rdlen);
	answer_last();
}

/* Every MX, then the domain. */
static void
judge(void)
{
	unsigned i;

	a.ro = &ro;
	for (i = 0; i < a.nmx; i++)
		chk_dane_class.judge_mx(&a.dane.vtable, &a, i, &a.mx[i].vd);
	chk_dane_class.judge(&a.dane.vtable, &a, &a.vd);
}

/* The keys of MX i (prefix mxI_) and of the domain, into got. */
static void
print(void)
{
	char pfx[16];
	int fd[2];
	ssize_t n;
	size_t len = 0;
	unsigned i;

	got[0] = 0;
	if (pipe(fd) < 0)
		return;
	out_begin(&w, OUT_KV, fd[1]);
	for (i = 0; i < a.nmx; i++) {
		snprintf(pfx, sizeof pfx, "mx%u_", i + 1);
		out_prefix(&w, pfx);
		rep_dane.mx(&w, &a, i, pfx);
	}
	out_prefix(&w, "");
	rep_dane.domain(&w, &a);
	(void)out_end(&w);
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(fd[0]);
}

static void
dane_ok(void)
{
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(1, 1);
	rdl[0] = tlsa_rd(rd, 3, 0, 1, leaf_sha256, 32);
	tlsa_answer(0, 1, 1, rdp, rdl);
	T_OK(chk_dane_applies(&a, 0), "ok: DANE governs the MX");
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_OK, "ok: mx result ok");
	T_EQ_INT(a.dane.mx[0].match, 1, "ok: record 1 matched");
	T_EQ_INT(a.dane.mx[0].addr[0].res, CHK_DANE_R_OK, "ok: address ok");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_NO_ROLLOVER),
	    "ok: one key is no rollover");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_OK, "ok: status ok");
	T_EQ_INT(a.dane.res, CHK_DANE_R_OK, "ok: domain ok");
	T_EQ_INT(score_get(&a.score, SC_DANE), 80, "ok: SC_DANE 80");
	T_EQ_INT(rpt_count(&a.rpt), 1, "ok: one tlsa policy");
	print();
	T_EQ_STR(got,
	    "mx1_dane_dnssec=yes\n"
	    "mx1_dane_records=1/1\n"
	    "mx1_dane_a1=ok\n"
	    "mx1_dane_a1_match='3 0 1'\n"
	    "mx1_dane_match='3 0 1'\n"
	    "mx1_dane_match_index=1\n"
	    "mx1_dane_rollover=no\n"
	    "mx1_dane=ok\n"
	    "dane=ok\n"
	    "dane_mx=1\n", "ok: keys");
}

static void
dane_fail(void)
{
	static const unsigned char other[32] = { 1, 2, 3 };
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(1, 1);
	rdl[0] = tlsa_rd(rd, 3, 1, 1, other, 32);
	tlsa_answer(0, 1, 1, rdp, rdl);
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_FAIL, "fail: mx result fail");
	T_EQ_INT(a.dane.mx[0].fail, CHK_DANE_F_VALIDATION,
	    "fail: validation-failure");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_VALIDATION_FAILURE),
	    "fail: dane-validation-failure");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_CRITICAL,
	    "fail: critical with no address left");
	T_EQ_INT(a.dane.res, CHK_DANE_R_FAIL, "fail: domain fail");
	T_EQ_INT(score_get(&a.score, SC_DANE), 0, "fail: SC_DANE 0");
	print();
	T_OK(strstr(got, "mx1_dane_a1=fail\nmx1_dane_a1_error="
	    "validation-failure\n") != NULL, "fail: address keys");
	T_OK(strstr(got, "mx1_dane=fail\nmx1_dane_error=validation-failure\n")
	    != NULL, "fail: mx keys");
}

static void
dane_fail_one_address(void)
{
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(1, 2);
	/* the second address never gets TLS: no STARTTLS */
	a.probes[1].tls_started = 0;
	a.probes[1].tls.done = 0;
	a.probes[1].err = MX_E_NO_STARTTLS;
	rdl[0] = tlsa_rd(rd, 3, 0, 1, leaf_sha256, 32);
	tlsa_answer(0, 1, 1, rdp, rdl);
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_FAIL, "one of two: fail");
	T_EQ_INT(a.dane.mx[0].addr[1].fail, CHK_DANE_F_STARTTLS,
	    "one of two: starttls-not-supported");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_STARTTLS_NOT_SUPPORTED),
	    "one of two: dane-starttls-not-supported");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_WARNING,
	    "one of two: warning while an address works");
}

static void
dane_insecure(void)
{
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(1, 1);
	rdl[0] = tlsa_rd(rd, 3, 0, 1, leaf_sha256, 32);
	tlsa_answer(0, 0, 1, rdp, rdl);
	T_OK(!chk_dane_applies(&a, 0), "insecure: DANE does not govern");
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_INSECURE, "insecure: mx");
	T_EQ_INT(a.dane.mx[0].why, CHK_DANE_WHY_TLSA,
	    "insecure: tlsa-unsigned");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_INSECURE), "insecure: finding");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_OK, "insecure: status ok");
	T_EQ_INT(a.dane.res, CHK_DANE_R_INSECURE, "insecure: domain");
	T_EQ_INT(score_get(&a.score, SC_DANE), 0, "insecure: SC_DANE 0");
	T_EQ_INT(rpt_count(&a.rpt), 0, "insecure: no tlsa policy");
	print();
	T_EQ_STR(got,
	    "mx1_dane_dnssec=no\n"
	    "mx1_dane_records=1/1\n"
	    "mx1_dane=insecure\n"
	    "mx1_dane_reason=tlsa-unsigned\n"
	    "dane=insecure\n"
	    "dane_reason=tlsa-unsigned\n"
	    "dane_mx=0\n", "insecure: keys");
}

static void
dane_unusable(void)
{
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(1, 1);
	rdl[0] = tlsa_rd(rd, 1, 0, 1, leaf_sha256, 32);	/* PKIX-EE */
	tlsa_answer(0, 1, 1, rdp, rdl);
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_UNUSABLE, "unusable: mx");
	T_EQ_INT(a.dane.mx[0].fail, CHK_DANE_F_TLSA_INVALID,
	    "unusable: tlsa-invalid");
	T_EQ_INT(a.dane.mx[0].addr[0].res, CHK_DANE_R_UNUSABLE,
	    "unusable: TLS is enough at the address");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_TLSA_UNUSABLE),
	    "unusable: finding");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_WARNING,
	    "unusable: warning");
	T_EQ_INT(a.dane.res, CHK_DANE_R_FAIL, "unusable: domain fail");
	print();
	T_OK(strstr(got, "mx1_dane_unusable=usage-pkix-unusable\n") != NULL,
	    "unusable: reasons listed");
	T_OK(strstr(got, "mx1_dane=unusable\nmx1_dane_error=tlsa-invalid\n")
	    != NULL, "unusable: mx keys");
}

static void
dane_lookup_failed(void)
{
	setup(1, 1);
	chk_dane_class.addrs_known(&a.dane.vtable, &a, 0, 0);
	failed(a.lk[a.nlk - 1].name, DNSMSG_T_TLSA, MX_E_DNS_TIMEOUT);
	answer_last();
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_UNKNOWN, "timeout: unknown");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_LOOKUP_FAILED),
	    "timeout: dane-lookup-failed");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_UNKNOWN,
	    "timeout: status unknown");
	T_EQ_INT(a.dane.res, CHK_DANE_R_UNKNOWN, "timeout: domain unknown");
	T_EQ_INT(score_get(&a.score, SC_DANE), -1,
	    "timeout: SC_DANE not known");
	print();
	T_EQ_STR(got,
	    "mx1_dane_lookup_error=dns-timeout\n"
	    "mx1_dane=unknown\n"
	    "dane=unknown\n", "timeout: keys");
}

static void
dane_bogus(void)
{
	setup(1, 1);
	chk_dane_class.addrs_known(&a.dane.vtable, &a, 0, 0);
	failed(a.lk[a.nlk - 1].name, DNSMSG_T_TLSA, MX_E_DNS_SERVFAIL);
	answer_last();
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_FAIL, "servfail: fail");
	T_EQ_INT(a.dane.mx[0].fail, CHK_DANE_F_DNSSEC, "servfail: bogus");
	T_OK(verdict_has(&a.mx[0].vd, F_DANE_DNSSEC_INVALID),
	    "servfail: dane-dnssec-invalid");
	T_EQ_INT(verdict_status(&a.mx[0].vd), ST_CRITICAL,
	    "servfail: critical");
	print();
	T_OK(strstr(got, "mx1_dane=fail\nmx1_dane_error=dnssec-invalid\n") !=
	    NULL, "servfail: keys");
}

static void
dane_absent(void)
{
	setup(2, 1);
	tlsa_answer(0, 1, 0, NULL, NULL);
	tlsa_answer(1, 1, 0, NULL, NULL);
	judge();
	T_EQ_INT(a.dane.mx[0].res, CHK_DANE_R_NONE, "none: mx1 none");
	T_EQ_INT(a.dane.res, CHK_DANE_R_ABSENT, "none: domain absent");
	T_EQ_INT(a.vd.n + a.mx[0].vd.n, 0, "none: no finding");
	T_EQ_INT(score_get(&a.score, SC_DANE), 0, "none: SC_DANE 0");
	print();
	T_EQ_STR(got,
	    "mx1_dane_dnssec=yes\n"
	    "mx1_dane=none\n"
	    "mx2_dane_dnssec=yes\n"
	    "mx2_dane=none\n"
	    "dane=absent\n", "none: keys");
}

static void
dane_partial(void)
{
	unsigned char rd[64];
	const unsigned char *rdp[1] = { rd };
	size_t rdl[1];

	setup(2, 1);
	rdl[0] = tlsa_rd(rd, 3, 0, 1, leaf_sha256, 32);
	tlsa_answer(0, 1, 1, rdp, rdl);
	tlsa_answer(1, 1, 0, NULL, NULL);
	judge();
	T_OK(verdict_has(&a.vd, F_DANE_PARTIAL), "partial: dane-partial");
	T_OK(verdict_has(&a.vd, F_DANE_AD_NOT_LOOPBACK),
	    "partial: the AD bit came from afar");
	T_EQ_INT(a.dane.nmx, 1, "partial: one MX governed");
	T_EQ_INT(score_get(&a.score, SC_DANE), 40,
	    "partial: SC_DANE over both MX");
}

int
main(void)
{
	br_sha256_context h;

	br_sha256_init(&h);
	br_sha256_update(&h, leaf, sizeof leaf);
	br_sha256_out(&h, leaf_sha256);
	dane_ok();
	dane_fail();
	dane_fail_one_address();
	dane_insecure();
	dane_unusable();
	dane_lookup_failed();
	dane_bogus();
	dane_absent();
	dane_partial();
	return T_DONE();
}
