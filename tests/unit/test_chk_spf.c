/*
 * test_chk_spf.c -- the spf check's judgement (chk_spf.c) on an audit
 * filled by hand: canned TXT answers go to the check's own lookup
 * callbacks, and the typed results, findings, score item and printed
 * keys (rep_spf.c) are checked.  No network, no root.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/score.h"

static struct audit a;
static struct dns_query q;
static unsigned char msg[4096];
static unsigned char answered[MX_LOOKUPS_MAX];
static struct out w;
static char got[8192];

/*
 * A reply to (qname, TXT) with rcode holding the n strings txt[i] (one
 * character-string each, < 256 bytes), into q.
 */
static void
txt_reply(const char *qname, unsigned rcode, unsigned n,
    const char *const *txt)
{
	int len;
	size_t l, tl;
	unsigned i;

	memset(&q, 0, sizeof q);
	len = dnsmsg_query(msg, sizeof msg, 0, qname, DNSMSG_T_TXT, 0);
	l = len < 0 ? 0 : (size_t)len;
	msg[2] |= 0x80;				/* QR */
	msg[3] = (unsigned char)(0x80 | rcode);
	msg[7] = (unsigned char)n;		/* ANCOUNT */
	for (i = 0; i < n; i++) {
		tl = strlen(txt[i]);
		memcpy(msg + l, "\xc0\x0c\0\x10\0\x01\0\0\x0e\x10", 10);
		l += 10;
		msg[l++] = (unsigned char)((tl + 1) >> 8);
		msg[l++] = (unsigned char)(tl + 1);
		msg[l++] = (unsigned char)tl;
		memcpy(msg + l, txt[i], tl);
		l += tl;
	}
	q.err = MX_OK;
	q.msg = msg;
	q.len = l;
	strcpy(q.qname, qname);
	q.qtype = DNSMSG_T_TXT;
	q.hdr.rcode = rcode;
	q.answered_by = -1;
}

/* Hands q to every lookup of its name and type not answered yet. */
static unsigned
answer(void)
{
	unsigned i, n = 0;

	for (i = 0; i < a.nlk; i++) {
		const struct audit_lookup_rec *l = &a.lk[i];

		if (answered[i] || l->qtype != q.qtype ||
		    !dnsmsg_name_eq(l->name, q.qname))
			continue;
		answered[i] = 1;
		n++;
		l->fn(l->cc, &a, &q, l->tag, 0);
	}
	return n;
}

/* The TXT of name is the n records txt[]. */
static unsigned
txt(const char *name, unsigned n, const char *const *t)
{
	txt_reply(name, 0, n, t);
	return answer();
}

/* A fresh audit of example.test (--spf-ip ip if not NULL), started. */
static void
setup(const char *ip)
{
	memset(&a, 0, sizeof a);
	memset(answered, 0, sizeof answered);
	strcpy(a.cfg.name, "example.test");
	a.cfg.spf_ip = ip;
	a.spf.vtable = &chk_spf_class;
	score_reset(&a.score);
	verdict_reset(&a.vd);
	chk_spf_class.start(&a.spf.vtable, &a, 0);
}

/* The judgement, then the keys into got. */
static void
judge(void)
{
	int fd[2];
	ssize_t n;
	size_t len = 0;

	chk_spf_class.judge(&a.spf.vtable, &a, &a.vd);
	got[0] = 0;
	if (pipe(fd) < 0)
		return;
	out_begin(&w, OUT_KV, fd[1]);
	rep_spf.domain(&w, &a);
	(void)out_end(&w);
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(fd[0]);
}

static void
spf_ok(void)
{
	static const char *const r[] = { "v=spf1 ip4:192.0.2.0/24 -all" };

	setup(NULL);
	T_EQ_INT(a.nlk, 1, "ok: one lookup");
	T_EQ_INT(txt("example.test", 1, r), 1, "ok: the TXT asked");
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_OK, "ok: status");
	T_EQ_INT(a.vd.n, 0, "ok: no finding");
	T_EQ_INT(score_get(&a.score, SC_SPF), 100, "ok: -all is 100");
	T_EQ_STR(got,
	    "spf=ok\n"
	    "spf_record='v=spf1 ip4:192.0.2.0/24 -all'\n"
	    "spf_all=-all\n"
	    "spf_lookups=0\n"
	    "spf_void_lookups=0\n"
	    "spf_ptr=no\n", "ok: keys");
}

static void
spf_softfail(void)
{
	static const char *const r[] = { "v=spf1 ip6:2001:db8::/32 ~all" };

	setup(NULL);
	txt("example.test", 1, r);
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_OK, "softfail: ok");
	T_EQ_INT(score_get(&a.score, SC_SPF), 90, "softfail: ~all is 90");
	T_OK(strstr(got, "spf_all='~all'\n") != NULL, "softfail: spf_all");
}

static void
spf_pending(void)
{
	static const char *const r[] = { "v=spf1 mx ~all" };

	setup(NULL);
	txt("example.test", 1, r);
	/* mx: the walk counts its names (one MX lookup) */
	T_EQ_INT(a.nlk, 2, "pending: the mx target is asked");
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_TEMPERROR, "pending: unknown");
	T_OK(verdict_has(&a.vd, F_SPF_UNKNOWN), "pending: spf-unknown");
	T_EQ_INT(verdict_status(&a.vd), ST_UNKNOWN, "pending: status");
	T_EQ_INT(score_get(&a.score, SC_SPF), -1, "pending: no score");
	T_EQ_STR(got, "spf=unknown\nspf_error=dns-timeout\n",
	    "pending: keys of a walk that did not end");
}

static void
spf_limit(void)
{
	memset(&a, 0, sizeof a);
	strcpy(a.cfg.name, "example.test");
	a.spf.vtable = &chk_spf_class;
	score_reset(&a.score);
	verdict_reset(&a.vd);
	a.nlk = MX_LOOKUPS_MAX;		/* the audit refuses every lookup */
	chk_spf_class.start(&a.spf.vtable, &a, 0);
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_LIMIT, "limit: status");
	T_OK(verdict_has(&a.vd, F_SPF_UNKNOWN), "limit: spf-unknown");
	T_EQ_STR(got, "spf=unknown\nspf_error='limit example.test'\n",
	    "limit: spf_error names the record");
}

static void
spf_absent(void)
{
	setup(NULL);
	txt_reply("example.test", 3, 0, NULL);
	answer();
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_ABSENT, "absent: status");
	T_OK(verdict_has(&a.vd, F_SPF_ABSENT), "absent: spf-absent");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING, "absent: warning");
	T_EQ_INT(score_get(&a.score, SC_SPF), 0, "absent: 0");
	T_EQ_STR(got, "spf=absent\n", "absent: keys");
}

static void
spf_weak(void)
{
	static const char *const r[] = { "v=spf1 ptr +all" };

	setup(NULL);
	txt("example.test", 1, r);
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_WEAK, "weak: status");
	T_EQ_INT(a.vd.n, 2, "weak: two findings");
	T_EQ_INT(a.vd.list[0], F_SPF_WEAK, "weak: spf-weak first");
	T_EQ_INT(a.vd.list[1], F_SPF_PTR, "weak: then spf-ptr");
	T_EQ_INT(score_get(&a.score, SC_SPF), 30, "weak: 30");
	T_EQ_STR(got,
	    "spf=weak\n"
	    "spf_record='v=spf1 ptr +all'\n"
	    "spf_all=+all\n"
	    "spf_lookups=1\n"
	    "spf_void_lookups=0\n"
	    "spf_ptr=yes\n"
	    "spf_weak=pass-all\n", "weak: keys");
}

static void
spf_invalid(void)
{
	static const char *const r[] = { "v=spf1 -all", "v=spf1 ~all" };

	setup(NULL);
	txt("example.test", 2, r);
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_INVALID, "invalid: status");
	T_OK(verdict_has(&a.vd, F_SPF_INVALID), "invalid: spf-invalid");
	T_EQ_INT(score_get(&a.score, SC_SPF), 10, "invalid: 10");
	T_OK(a.spf.err.code != NULL && strcmp(a.spf.err.code,
	    spf_err_str(SPF_E_SEVERAL)) == 0, "invalid: several records");
	T_OK(strncmp(got, "spf=invalid\nspf_records=2\nspf_error=", 36) == 0,
	    "invalid: spf, spf_records, spf_error");
}

static void
spf_servfail(void)
{
	setup(NULL);
	txt_reply("example.test", 2, 0, NULL);
	answer();
	judge();
	T_EQ_INT(a.spf.st, SPF_ST_TEMPERROR, "servfail: temperror");
	T_OK(verdict_has(&a.vd, F_SPF_UNKNOWN), "servfail: spf-unknown");
	T_EQ_INT(score_get(&a.score, SC_SPF), -1, "servfail: no score");
	T_OK(strncmp(got, "spf=unknown\nspf_error=", 22) == 0 &&
	    strstr(got, spf_err_str(SPF_E_DNS)) != NULL,
	    "servfail: spf_error names the DNS error");
}

static void
spf_eval(void)
{
	static const char *const r[] = { "v=spf1 ip4:192.0.2.0/24 -all" };

	setup("192.0.2.7");
	T_EQ_INT(a.nlk, 2, "eval: walk and check_host ask");
	T_EQ_INT(txt("example.test", 1, r), 2, "eval: both answered");
	judge();
	T_EQ_INT(a.spf.result, SPF_PASS, "eval: pass");
	T_OK(a.spf.result_err.code == NULL, "eval: no error");
	T_OK(strstr(got, "spf_ptr=no\nspf_ip=192.0.2.7\nspf_result=pass\n") !=
	    NULL && strstr(got, "spf_result_error") == NULL, "eval: keys");

	setup("192.0.2.7");
	judge();
	T_EQ_INT(a.spf.result, SPF_TEMPERROR, "eval timeout: temperror");
	T_OK(strstr(got, "spf_ip=192.0.2.7\nspf_result=temperror\n"
	    "spf_result_error=dns-timeout\n") != NULL, "eval timeout: keys");

	setup("not-an-address");
	txt("example.test", 1, r);
	judge();
	T_EQ_INT(a.spf.bad_ip, 1, "bad ip: refused");
	T_EQ_INT(a.nlk, 1, "bad ip: only the walk asks");
	T_OK(strstr(got, "spf_result=unknown\nspf_result_error=bad-address\n")
	    != NULL && strstr(got, "spf_ip=") == NULL, "bad ip: keys");
}

int
main(void)
{
	spf_ok();
	spf_softfail();
	spf_pending();
	spf_limit();
	spf_absent();
	spf_weak();
	spf_invalid();
	spf_servfail();
	spf_eval();
	return T_DONE();
}
