/*
 * test_chk_auth.c -- the auth check's judgement (chk_auth.c: DMARC, DKIM,
 * BIMI) on an audit filled by hand: canned TXT answers go to the check's
 * own lookup callbacks, and the typed results, findings, score items and
 * printed keys (rep_auth.c) are checked.  No network, no root.
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

/* An Ed25519 key (32 zero bytes) and a 1024-bit RSA one. */
#define ED_KEY	"v=DKIM1; k=ed25519; p=" \
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define RSA1024	"v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDdwGXM/" \
		"WOOkYThX98MEno7Wz2bsglMrSKN41MLpKPdufLPiJ0dFwiEAhQNFNh3mTxC" \
		"wLpg3J8mL/lgJ1u2ir/vM1btOBzS1S19Kgh/aI1Yfcd79512f7oDlxitJ6H" \
		"WvE74QktYdeRmAaJcVxUhzOeAIvEJxmErZ5y4xOGJgxEu3wIDAQAB"

static struct audit a;
static struct dns_query q;
static unsigned char msg[4096];
static unsigned char answered[MX_LOOKUPS_MAX];
static struct out w;
static char got[16384];

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

/* Hands q to every lookup of its name not answered yet; how many. */
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

/* The TXT of name is the record t (NULL: none, NOERROR). */
static unsigned
txt(const char *name, const char *t)
{
	txt_reply(name, 0, t != NULL, &t);
	return answer();
}

/* name does not exist. */
static unsigned
nx(const char *name)
{
	txt_reply(name, 3, 0, NULL);
	return answer();
}

/* Every lookup not answered yet: NXDOMAIN. */
static void
nx_rest(void)
{
	unsigned i;

	for (i = 0; i < a.nlk; i++)
		if (!answered[i])
			nx(a.lk[i].name);
}

/* A fresh audit of example.test (-s sels if not NULL), started. */
static void
setup(const char *sels)
{
	memset(&a, 0, sizeof a);
	memset(answered, 0, sizeof answered);
	strcpy(a.cfg.name, "example.test");
	a.cfg.dkim_selectors = sels;
	a.auth.vtable = &chk_auth_class;
	score_reset(&a.score);
	verdict_reset(&a.vd);
	chk_auth_class.start(&a.auth.vtable, &a, 0);
}

/* The judgement, then the keys into got. */
static void
judge(void)
{
	int fd[2];
	ssize_t n;
	size_t len = 0;

	chk_auth_class.judge(&a.auth.vtable, &a, &a.vd);
	got[0] = 0;
	if (pipe(fd) < 0)
		return;
	out_begin(&w, OUT_KV, fd[1]);
	rep_auth.domain(&w, &a);
	(void)out_end(&w);
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(fd[0]);
}

/* The findings= text of the domain's verdict. */
static const char *
findings(void)
{
	static char buf[1024];

	verdict_text(&a.vd, buf, sizeof buf);
	return buf;
}

static void
all_good(void)
{
	setup(NULL);
	/* DMARC walk (2), _domainkey, the built-in selectors, BIMI */
	T_EQ_INT(a.nlk, 2 + 1 + 9 + 1, "good: every lookup at once");
	T_EQ_INT(txt("_dmarc.example.test", "v=DMARC1; p=reject; "
	    "rua=mailto:d@example.test"), 1, "good: _dmarc asked");
	T_EQ_INT(nx("_dmarc.test"), 1, "good: the parent asked");
	T_EQ_INT(txt("_domainkey.example.test", NULL), 1,
	    "good: _domainkey asked");
	T_EQ_INT(txt("k1._domainkey.example.test", ED_KEY), 1,
	    "good: a built-in selector asked");
	T_EQ_INT(txt("default._bimi.example.test", "v=BIMI1; "
	    "l=https://example.test/logo.svg"), 1, "good: BIMI asked");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.dmarc, CHK_AUTH_R_VALID, "good: dmarc valid");
	T_EQ_INT(a.auth.dmarc_policy, DMARC_P_REJECT, "good: reject");
	T_EQ_INT(a.auth.dkim, DKIM_V_PRESENT, "good: dkim present");
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_VALID, "good: bimi ok");
	T_EQ_STR(findings(), "", "good: no finding");
	T_EQ_INT(score_get(&a.score, SC_DMARC), 100, "good: SC_DMARC");
	T_EQ_INT(score_get(&a.score, SC_DKIM), 100, "good: SC_DKIM");
	T_EQ_INT(score_get(&a.score, SC_BIMI), 100, "good: SC_BIMI");
	T_EQ_STR(got,
	    "dmarc=reject\n"
	    "dmarc_record='v=DMARC1; p=reject; rua=mailto:d@example.test'\n"
	    "dmarc_found_at=_dmarc.example.test\n"
	    "dmarc_pct=100\n"
	    "dmarc_rua=mailto:d@example.test\n"
	    "dkim=present\n"
	    "dkim_domainkey=exists\n"
	    "dkim_selectors=k1\n"
	    "dkim_1_selector=k1\n"
	    "dkim_1_key_type=ed25519\n"
	    "dkim_1_bits=256\n"
	    "dkim_1_revoked=no\n"
	    "dkim_1_testing=no\n"
	    "bimi=ok\n"
	    "bimi_record='v=BIMI1; l=https://example.test/logo.svg'\n"
	    "bimi_logo=https://example.test/logo.svg\n", "good: keys");
}

static void
all_absent(void)
{
	/* -s names a selector: no key under it is a finding */
	setup("sel1");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.dmarc, CHK_AUTH_R_ABSENT, "absent: dmarc");
	T_EQ_INT(a.auth.dkim, DKIM_V_ABSENT, "absent: dkim");
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_ABSENT, "absent: bimi");
	T_EQ_STR(findings(), "dmarc-absent,dkim-absent", "absent: findings");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING, "absent: warning");
	T_EQ_INT(score_get(&a.score, SC_DMARC), 0, "absent: SC_DMARC 0");
	T_EQ_INT(score_get(&a.score, SC_DKIM), 0, "absent: SC_DKIM 0");
	T_EQ_INT(score_get(&a.score, SC_BIMI), 0, "absent: SC_BIMI 0");
	T_EQ_STR(got,
	    "dmarc=absent\n"
	    "dkim=absent\n"
	    "dkim_domainkey=nxdomain\n"
	    "dkim_selectors=''\n"
	    "bimi=absent\n", "absent: keys");

	/* ... and stays one when DMARC is fine: a warning of its own */
	setup("sel1");
	txt("_dmarc.example.test", "v=DMARC1; p=reject");
	nx_rest();
	judge();
	T_EQ_STR(findings(), "dkim-absent", "-s, no key: dkim-absent");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING, "-s, no key: warning");

	/* a null MX domain sends no mail: no DKIM key is no problem */
	setup("sel1");
	a.null_mx = 1;
	txt("_dmarc.example.test", "v=DMARC1; p=reject");
	nx_rest();
	judge();
	T_EQ_STR(findings(), "dkim-absent", "null mx: dkim-absent");
	T_EQ_INT(verdict_status(&a.vd), ST_OK, "null mx: informational");
}

/*
 * No -s: only the built-in list was asked, and a domain may sign under
 * any other selector, so finding none of them proves nothing (many
 * servers answer NXDOMAIN for _domainkey although keys exist below it):
 * dkim=not-found, informational, the DKIM item not measured.
 */
static void
dkim_guessed(void)
{
	setup(NULL);
	txt("_dmarc.example.test", "v=DMARC1; p=reject");
	nx_rest();
	judge();
	T_EQ_STR(findings(), "dkim-not-found", "guessed: dkim-not-found");
	T_EQ_INT(verdict_status(&a.vd), ST_OK,
	    "guessed: informational, the status stays ok");
	T_EQ_INT(score_get(&a.score, SC_DKIM), -1,
	    "guessed: SC_DKIM not measured");
	T_OK(strstr(got, "dkim=not-found\n"
	    "dkim_domainkey=nxdomain\n"
	    "dkim_selectors=''\n") != NULL, "guessed: keys");

	/* with DMARC absent too, only DMARC makes the warning */
	setup(NULL);
	nx_rest();
	judge();
	T_EQ_STR(findings(), "dmarc-absent,dkim-not-found",
	    "guessed, no DMARC: findings");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING,
	    "guessed, no DMARC: warning (DMARC's)");

	/* a null MX domain: the same, informational */
	setup(NULL);
	a.null_mx = 1;
	txt("_dmarc.example.test", "v=DMARC1; p=reject");
	nx_rest();
	judge();
	T_EQ_STR(findings(), "dkim-not-found", "guessed, null mx: findings");
	T_EQ_INT(verdict_status(&a.vd), ST_OK, "guessed, null mx: ok");
}

static void
all_unknown(void)
{
	setup(NULL);
	judge();
	T_EQ_INT(a.auth.dmarc, CHK_AUTH_R_UNKNOWN, "unknown: dmarc");
	T_EQ_INT(a.auth.dkim, DKIM_V_UNKNOWN, "unknown: dkim");
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_UNKNOWN, "unknown: bimi");
	T_EQ_STR(findings(), "dmarc-unknown,dkim-unknown,bimi-unknown",
	    "unknown: findings");
	T_EQ_INT(verdict_status(&a.vd), ST_UNKNOWN, "unknown: status");
	T_EQ_INT(score_get(&a.score, SC_DMARC), -1, "unknown: no SC_DMARC");
	T_EQ_INT(score_get(&a.score, SC_DKIM), -1, "unknown: no SC_DKIM");
	T_EQ_INT(score_get(&a.score, SC_BIMI), -1, "unknown: no SC_BIMI");
	T_EQ_STR(got,
	    "dmarc=unknown\n"
	    "dmarc_error=dns-timeout\n"
	    "dkim=unknown\n"
	    "dkim_domainkey=unknown\n"
	    "dkim_selectors=''\n"
	    "bimi=unknown\n"
	    "bimi_error=dns-timeout\n", "unknown: keys");
}

static void
dmarc_invalid(void)
{
	setup(NULL);
	txt("_dmarc.example.test", "v=DMARC1; p=bogus");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.dmarc, CHK_AUTH_R_INVALID, "invalid: dmarc");
	T_OK(verdict_has(&a.vd, F_DMARC_INVALID), "invalid: dmarc-invalid");
	T_EQ_INT(score_get(&a.score, SC_DMARC), 10, "invalid: SC_DMARC 10");
	T_OK(strstr(got, "dmarc=invalid\n"
	    "dmarc_record='v=DMARC1; p=bogus'\n"
	    "dmarc_found_at=_dmarc.example.test\n"
	    "dmarc_error=bad-p\n"
	    "dkim=") == got, "invalid: keys, no policy details");
}

static void
dmarc_inherited(void)
{
	setup(NULL);
	txt("_dmarc.test", "v=DMARC1; p=reject; sp=none; pct=50");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.dmarc_sub, 1, "inherited: from the parent");
	T_EQ_INT(a.auth.dmarc_policy, DMARC_P_NONE, "inherited: sp=none");
	T_OK(verdict_has(&a.vd, F_DMARC_POLICY_NONE),
	    "inherited: dmarc-policy-none");
	T_OK(!verdict_has(&a.vd, F_DMARC_PCT_PARTIAL),
	    "inherited: no pct finding under p=none");
	T_OK(strstr(got, "dmarc=none\n") != NULL &&
	    strstr(got, "dmarc_found_at=_dmarc.test\ndmarc_inherited=yes\n"
	    "dmarc_pct=50\n") != NULL, "inherited: keys");
}

static void
dmarc_reports(void)
{
	setup(NULL);
	txt("_dmarc.example.test", "v=DMARC1; p=quarantine; t=y; "
	    "rua=mailto:a@ok.test,mailto:b@no.test; ruf=mailto:c@late.test");
	T_EQ_INT(txt("example.test._report._dmarc.ok.test", "v=DMARC1"), 0,
	    "reports: not asked before the walk is in");
	nx("_dmarc.test");
	T_EQ_INT(txt("example.test._report._dmarc.ok.test", "v=DMARC1"), 1,
	    "reports: ok.test asked");
	T_EQ_INT(nx("example.test._report._dmarc.no.test"), 1,
	    "reports: no.test asked");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.nauth, 3, "reports: three destinations");
	T_EQ_INT(a.auth.auth[0].ok, CHK_AUTH_OK_YES, "reports: ok.test yes");
	T_EQ_INT(a.auth.auth[1].ok, CHK_AUTH_OK_NO, "reports: no.test no");
	T_EQ_STR(findings(), "dmarc-report-unauthorized,dmarc-testing,"
	    "dkim-not-found",
	    "reports: findings in order");
	T_OK(strstr(got, "dmarc_testing=yes\n") != NULL &&
	    strstr(got, "dmarc_rua_authorized='ok.test:yes,no.test:no'\n"
	    "dmarc_ruf_authorized=late.test:no\n") != NULL,
	    "reports: authorisation keys");

	/* an answer that never came: unknown, informational */
	setup(NULL);
	txt("_dmarc.example.test", "v=DMARC1; p=reject; "
	    "rua=mailto:a@slow.test");
	nx("_dmarc.test");
	judge();
	T_EQ_INT(a.auth.auth[0].ok, CHK_AUTH_OK_UNKNOWN, "reports: unknown");
	T_OK(verdict_has(&a.vd, F_DMARC_REPORT_AUTH_UNKNOWN),
	    "reports: dmarc-report-auth-unknown");
	T_OK(strstr(got, "dmarc_rua_authorized=slow.test:unknown\n") != NULL,
	    "reports: unknown key");
}

static void
dkim_keys(void)
{
	setup("sel1,sel2");
	T_EQ_INT(a.nlk, 2 + 1 + 11 + 1, "dkim: -s first, then the list");
	T_EQ_STR(a.lk[3].name, "sel1._domainkey.example.test",
	    "dkim: sel1 first");
	txt("sel1._domainkey.example.test", RSA1024);
	txt("sel2._domainkey.example.test", "v=DKIM1; p=");
	txt("_dmarc.example.test", "v=DMARC1; p=none");
	txt("default._bimi.example.test", "v=BIMI1; "
	    "l=https://example.test/logo.svg");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.dkim, DKIM_V_PRESENT, "dkim: present");
	T_EQ_STR(findings(), "dmarc-policy-none,dkim-weak-key,"
	    "bimi-dmarc-not-enforced", "dkim: findings in order");
	T_EQ_INT(score_get(&a.score, SC_DKIM), 60, "dkim: best key 60");
	T_EQ_INT(score_get(&a.score, SC_BIMI), 0, "dkim: BIMI not shown");
	T_OK(strstr(got, "dkim=present\n"
	    "dkim_domainkey=nxdomain\n"
	    "dkim_selectors='sel1,sel2'\n"
	    "dkim_1_selector=sel1\n"
	    "dkim_1_key_type=rsa\n"
	    "dkim_1_bits=1024\n"
	    "dkim_1_revoked=no\n"
	    "dkim_1_testing=no\n"
	    "dkim_2_selector=sel2\n"
	    "dkim_2_key_type=rsa\n"
	    "dkim_2_revoked=yes\n"
	    "dkim_2_testing=no\n"
	    "bimi=invalid\n") != NULL, "dkim: keys");
	T_OK(strstr(got, "bimi_logo=https://example.test/logo.svg\n"
	    "bimi_error=dmarc-not-enforced\n") != NULL,
	    "dkim: bimi keys of a DMARC not enforced");

	setup("bad..sel");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.sels_bad, 1, "dkim: -s refused");
	T_OK(strstr(got, "dkim_error=bad-selectors\n") != NULL,
	    "dkim: dkim_error");
}

static void
bimi_cases(void)
{
	setup(NULL);
	txt("_dmarc.example.test", "v=DMARC1; p=reject");
	txt("default._bimi.example.test", "v=BIMI1; l=; a=");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_ABSENT, "declined: absent");
	T_OK(strstr(got, "bimi=absent\nbimi_declined=yes\n"
	    "bimi_record='v=BIMI1; l=; a='\n") != NULL, "declined: keys");

	setup(NULL);
	txt("default._bimi.example.test", "v=BIMI1; l=http://x.test/l.svg");
	nx_rest();
	judge();
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_INVALID, "bimi invalid");
	T_OK(verdict_has(&a.vd, F_BIMI_INVALID), "bimi invalid: finding");
	T_OK(strstr(got, "bimi_logo") == NULL, "bimi invalid: no logo");

	/* DMARC never answered: BIMI cannot be judged */
	setup(NULL);
	txt("default._bimi.example.test", "v=BIMI1; "
	    "l=https://example.test/logo.svg");
	judge();
	T_EQ_INT(a.auth.bimi_res, CHK_AUTH_R_UNKNOWN, "bimi: dmarc unknown");
	T_OK(strstr(got, "bimi=unknown\nbimi_error=dmarc-unknown\n"
	    "bimi_record=") != NULL, "bimi: dmarc unknown keys");
}

int
main(void)
{
	all_good();
	all_absent();
	dkim_guessed();
	all_unknown();
	dmarc_invalid();
	dmarc_inherited();
	dmarc_reports();
	dkim_keys();
	bimi_cases();
	return T_DONE();
}
