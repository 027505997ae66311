/*
 * test_dmarc.c -- DMARC records (RFC 7489 6.3/6.4, RFC 9989 4.7): every
 * tag rule and reason, the effective policy and its points, the DNS tree
 * walk (RFC 9989 4.10, its own examples), which record applies
 * (4.10.1/4.10.2), and the names of report authorisation (RFC 7489 7.1).
 */
#include <string.h>

#include "mxprobe/dmarc.h"
#include "t.h"

static const char *
why(const char *s, struct dmarc_rec *r)
{
	int	 rc = dmarc_parse(s, strlen(s), r);

	if ((rc == 0) != (r->err == NULL))
		return "RC-MISMATCH";
	return r->err ? r->err : "ok";
}

static int
uri_is(const struct dmarc_uri *u, const char *text, const char *host)
{
	return u->len == strlen(text) && memcmp(u->p, text, u->len) == 0 &&
	    (host == NULL ? u->host == NULL : (u->host_len == strlen(host) &&
	    memcmp(u->host, host, u->host_len) == 0));
}

static void
test_is_record(void)
{
	T_OK(dmarc_is_record("v=DMARC1; p=none", 16), "is: plain");
	T_OK(dmarc_is_record("  V = DMARC1;p=none", 19), "is: spaces, V");
	T_OK(dmarc_is_record("v=DMARC1", 8), "is: v alone");
	T_OK(dmarc_is_record("v=DMARC1 p=reject", 17),
	    "is: missing ';' still meant as DMARC");
	T_OK(!dmarc_is_record("v=dmarc1; p=none", 16), "is not: dmarc1");
	T_OK(!dmarc_is_record("v=spf1 -all", 11), "is not: spf");
	T_OK(!dmarc_is_record("p=none; v=DMARC1", 16), "is not: v second");
	T_OK(!dmarc_is_record("v=DMARC", 7), "is not: short");
	T_OK(!dmarc_is_record("", 0), "is not: empty");
	T_OK(!dmarc_is_record("google-site-verification=x", 26),
	    "is not: other TXT");
}

static void
test_parse(void)
{
	struct dmarc_rec r;

	T_EQ_STR(why("v=DMARC1; p=reject; rua=mailto:dmarc@example.com; "
	    "ruf=mailto:f@example.com; fo=1; adkim=s; aspf=s; pct=100", &r),
	    "ok", "real-world reject");
	T_OK(r.p == DMARC_P_REJECT && r.sp == DMARC_P_UNSET &&
	    r.pct == 100 && r.adkim == 's' && r.aspf == 's' &&
	    r.psd == 'u' && !r.testing, "... fields");
	T_OK(r.rua.n == 1 && r.rua.total == 1 &&
	    uri_is(&r.rua.u[0], "mailto:dmarc@example.com", "example.com") &&
	    r.rua.u[0].mailto, "... rua");
	T_OK(r.ruf.n == 1 && uri_is(&r.ruf.u[0], "mailto:f@example.com",
	    "example.com"), "... ruf");
	T_EQ_STR(why("v=DMARC1; p=none", &r), "ok", "minimal");
	T_OK(r.p == DMARC_P_NONE && r.pct == 100 && r.adkim == 'r' &&
	    r.aspf == 'r' && r.rua.n == 0, "... defaults");
	T_EQ_STR(why("V = DMARC1 ; P = Quarantine ; SP = REJECT ; PCT = 25 ;",
	    &r), "ok", "names and keywords without case, spaces");
	T_OK(r.p == DMARC_P_QUARANTINE && r.sp == DMARC_P_REJECT &&
	    r.pct == 25, "... read");
	T_EQ_STR(why("v=DMARC1; p=none; foo=bar; x_1=; rua=mailto:a@b.example",
	    &r), "ok", "unknown tags ignored");
	T_EQ_STR(why("v=DMARC1;p=reject;np=quarantine;psd=n;t=y", &r), "ok",
	    "RFC 9989 tags");
	T_OK(r.np == DMARC_P_QUARANTINE && r.psd == 'n' && r.testing,
	    "... np, psd, t read");
	T_EQ_STR(why("v=DMARC1; p=none; t=n; psd=Y", &r), "ok", "t=n, psd=Y");
	T_OK(!r.testing && r.psd == 'y', "... read");
	T_EQ_STR(why("v=DMARC1; p=none; fo=0:1:d:s; rf=afrf:iodef; ri=86400",
	    &r), "ok", "fo, rf, ri");
	T_EQ_STR(why("v=DMARC1; p=none; pct=0", &r), "ok", "pct=0");
	T_EQ_STR(why("v=DMARC1; p=none; pct=007", &r), "ok", "pct=007");
	T_EQ_INT(r.pct, 7, "... 7");

	/* every reason */
	T_EQ_STR(why("v=DMARC1; p=reject; =x", &r), "syntax", "syntax");
	T_EQ_STR(why("v=DMARC1 p=reject", &r), "bad-v",
	    "missing ';' after v");
	T_EQ_STR(why("p=reject; v=DMARC1", &r), "bad-v", "v second");
	T_EQ_STR(why(";v=DMARC1; p=reject", &r), "bad-v",
	    "an empty spec before v (fuzzer)");
	T_EQ_STR(why("v=dmarc1; p=reject", &r), "bad-v", "DMARC1 case");
	T_EQ_STR(why("", &r), "bad-v", "empty");
	T_EQ_STR(why("v=DMARC1; p=none; p=reject", &r), "duplicate-tag",
	    "p twice");
	T_EQ_STR(why("v=DMARC1; p=none; RUA=mailto:a@b.c; rua=mailto:a@b.c",
	    &r), "duplicate-tag", "rua twice, other case");
	T_EQ_STR(why("v=DMARC1; v=DMARC1; p=none", &r), "duplicate-tag",
	    "v twice");
	T_EQ_STR(why("v=DMARC1", &r), "no-p", "no p");
	T_EQ_STR(why("v=DMARC1; sp=reject; rua=mailto:a@b.example", &r),
	    "no-p", "sp but no p");
	T_EQ_INT(r.sp, DMARC_P_REJECT, "... sp still read");
	T_EQ_STR(why("v=DMARC1; p=block", &r), "bad-p", "p=block");
	T_EQ_STR(why("v=DMARC1; p=", &r), "bad-p", "p empty");
	T_EQ_STR(why("v=DMARC1; p=none; sp=no", &r), "bad-sp", "sp=no");
	T_EQ_STR(why("v=DMARC1; p=none; np=x", &r), "bad-np", "np=x");
	T_EQ_STR(why("v=DMARC1; p=none; pct=101", &r), "bad-pct", "pct 101");
	T_EQ_STR(why("v=DMARC1; p=none; pct=-1", &r), "bad-pct", "pct -1");
	T_EQ_STR(why("v=DMARC1; p=none; pct=50%", &r), "bad-pct", "pct 50%");
	T_EQ_STR(why("v=DMARC1; p=none; pct=", &r), "bad-pct", "pct empty");
	T_EQ_STR(why("v=DMARC1; p=none; pct=99999999999999999999", &r),
	    "bad-pct", "pct huge");
	T_EQ_STR(why("v=DMARC1; p=none; adkim=strict", &r), "bad-adkim",
	    "adkim=strict");
	T_EQ_STR(why("v=DMARC1; p=none; aspf=x", &r), "bad-aspf", "aspf=x");
	T_EQ_STR(why("v=DMARC1; p=none; fo=2", &r), "bad-fo", "fo=2");
	T_EQ_STR(why("v=DMARC1; p=none; fo=0::1", &r), "bad-fo", "fo empty");
	T_EQ_STR(why("v=DMARC1; p=none; rf=af rf", &r), "bad-rf", "rf space");
	T_EQ_STR(why("v=DMARC1; p=none; ri=1h", &r), "bad-ri", "ri=1h");
	T_EQ_STR(why("v=DMARC1; p=none; ri=4294967296", &r), "bad-ri",
	    "ri over 32 bits");
	T_EQ_STR(why("v=DMARC1; p=none; ri=4294967295", &r), "ok",
	    "ri 2^32-1");
	T_EQ_STR(why("v=DMARC1; p=none; psd=x", &r), "bad-psd", "psd=x");
	T_EQ_STR(why("v=DMARC1; p=none; t=yes", &r), "bad-t", "t=yes");
	/* first error kept, later tags read */
	T_EQ_STR(why("v=DMARC1; p=reject; pct=200; adkim=x; sp=none", &r),
	    "bad-pct", "first error told");
	T_OK(r.p == DMARC_P_REJECT && r.sp == DMARC_P_NONE,
	    "... later tags still read");
}

static void
test_uris(void)
{
	struct dmarc_rec r;

	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x.example , "
	    "mailto:b@rep.other.example!10m,mailto:c@Y.Example.!5", &r), "ok",
	    "three URIs, sizes, spaces");
	T_OK(r.rua.n == 3 && r.rua.total == 3, "... three");
	T_OK(uri_is(&r.rua.u[1], "mailto:b@rep.other.example!10m",
	    "rep.other.example"), "... size kept in text, not in host");
	T_OK(uri_is(&r.rua.u[2], "mailto:c@Y.Example.!5", "Y.Example"),
	    "... trailing dot off the host");
	T_EQ_STR(why("v=DMARC1; p=none; rua=MAILTO:a@x.example?subject=r",
	    &r), "ok", "MAILTO with headers");
	T_OK(r.rua.u[0].mailto && uri_is(&r.rua.u[0],
	    "MAILTO:a@x.example?subject=r", "x.example"), "... host before ?");
	T_EQ_STR(why("v=DMARC1; p=none; rua=https://rep.example/dmarc", &r),
	    "ok", "an https URI is a URI");
	T_OK(!r.rua.u[0].mailto && r.rua.u[0].host == NULL,
	    "... not mailto, no host");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:\"a b\"@x.example", &r),
	    "bad-rua", "space in URI");
	T_EQ_STR(why("v=DMARC1; p=none; rua=a@x.example", &r), "bad-rua",
	    "no scheme");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:", &r), "bad-rua",
	    "nothing after mailto:");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:x.example", &r), "bad-rua",
	    "mailto without @");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:@x.example", &r),
	    "bad-rua", "mailto without local part");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@", &r), "bad-rua",
	    "mailto without domain");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x..example", &r),
	    "bad-rua", "mailto with empty label");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x.example,", &r),
	    "bad-rua", "trailing comma");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x.example!", &r),
	    "bad-rua", "! without size");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x.example!10x", &r),
	    "bad-rua", "bad size unit");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@x.example!10k!1", &r),
	    "bad-rua", "two sizes");
	T_EQ_STR(why("v=DMARC1; p=none; ruf=mailto:a@x.ex\x01mple", &r),
	    "bad-ruf", "control byte in ruf");
	T_EQ_STR(why("v=DMARC1; p=none; rua=1mailto:a@x.example", &r),
	    "bad-rua", "scheme must start with a letter");
	T_EQ_STR(why("v=DMARC1; p=none; rua=mailto:a@b.example,mailto:b@b."
	    "example,mailto:c@b.example,mailto:d@b.example,mailto:e@b.example,"
	    "mailto:f@b.example,mailto:g@b.example,mailto:h@b.example,"
	    "mailto:i@b.example,mailto:j@b.example", &r), "ok", "ten URIs");
	T_OK(r.rua.n == MX_DMARC_URIS_MAX && r.rua.total == 10,
	    "... kept to the cap, counted");
}

static void
test_policy(void)
{
	struct dmarc_rec r;

	why("v=DMARC1; p=reject", &r);
	T_EQ_INT(dmarc_effective(&r, 0), DMARC_P_REJECT, "p for the domain");
	T_EQ_INT(dmarc_effective(&r, 1), DMARC_P_REJECT, "p for a sub, no sp");
	T_EQ_INT(dmarc_points(&r, 0), 100, "reject: 100");
	why("v=DMARC1; p=reject; sp=none", &r);
	T_EQ_INT(dmarc_effective(&r, 0), DMARC_P_REJECT, "sp not for the org");
	T_EQ_INT(dmarc_effective(&r, 1), DMARC_P_NONE, "sp for a sub");
	T_EQ_INT(dmarc_points(&r, 1), 30, "... none: 30");
	why("v=DMARC1; p=quarantine", &r);
	T_EQ_INT(dmarc_points(&r, 0), 80, "quarantine: 80");
	why("v=DMARC1; p=none; pct=10", &r);
	T_EQ_INT(dmarc_points(&r, 0), 30, "none: 30 whatever pct");
	why("v=DMARC1; p=reject; pct=50", &r);
	T_EQ_INT(dmarc_points(&r, 0), 90, "reject pct 50: 90");
	why("v=DMARC1; p=reject; pct=0", &r);
	T_EQ_INT(dmarc_points(&r, 0), 80, "reject pct 0: quarantine's 80");
	why("v=DMARC1; p=quarantine; pct=20", &r);
	T_EQ_INT(dmarc_points(&r, 0), 40, "quarantine pct 20: 40");
	why("v=DMARC1; p=reject; t=y", &r);
	T_EQ_INT(dmarc_points(&r, 0), 80, "reject t=y: as quarantine");
	why("v=DMARC1; p=quarantine; t=y", &r);
	T_EQ_INT(dmarc_points(&r, 0), 30, "quarantine t=y: as none");
	why("v=DMARC1; p=bogus", &r);
	T_EQ_INT(dmarc_points(&r, 0), 10, "invalid: 10");
	T_EQ_INT(dmarc_effective(&r, 0), DMARC_P_UNSET, "... no policy");
	T_EQ_STR(dmarc_policy_str(DMARC_P_QUARANTINE), "quarantine", "str");
	T_EQ_STR(dmarc_policy_str(DMARC_P_UNSET), "", "str unset");
	T_EQ_STR(dmarc_policy_str((enum dmarc_policy)9), "", "str range");
}

static void
test_walk(void)
{
	struct dmarc_walk w;
	char		 q[MX_NAME_MAX + 1], big[300];
	const char	*d;

	T_EQ_INT(dmarc_walk("example.com", &w), 0, "walk example.com");
	T_OK(w.n == 2 && strcmp(w.dom[0], "example.com") == 0 &&
	    strcmp(w.dom[1], "com") == 0, "... itself, then com");
	T_EQ_INT(dmarc_walk("a.mail.example.com", &w), 0, "walk 4 labels");
	T_OK(w.n == 4 && strcmp(w.dom[1], "mail.example.com") == 0 &&
	    strcmp(w.dom[3], "com") == 0, "... every parent");
	/* RFC 9989 4.10's example: eight queries */
	d = "a.b.c.d.e.f.g.h.i.j.mail.example.com";
	T_EQ_INT(dmarc_walk(d, &w), 0, "walk 13 labels");
	T_OK(w.n == 8 && strcmp(w.dom[0], d) == 0 &&
	    strcmp(w.dom[1], "g.h.i.j.mail.example.com") == 0 &&
	    strcmp(w.dom[2], "h.i.j.mail.example.com") == 0 &&
	    strcmp(w.dom[7], "com") == 0, "... RFC 9989 4.10 example");
	/* RFC 9989 5.1.8's example */
	d = "mail.a.b.c.d.e.f.g.example.com";
	dmarc_walk(d, &w);
	T_OK(w.n == 8 && strcmp(w.dom[1], "c.d.e.f.g.example.com") == 0,
	    "... RFC 9989 5.1.8 example");
	d = "a.b.c.d.e.f.g.h";	/* eight labels: no jump */
	dmarc_walk(d, &w);
	T_OK(w.n == 8 && strcmp(w.dom[1], "b.c.d.e.f.g.h") == 0 &&
	    strcmp(w.dom[7], "h") == 0, "eight labels: parent by parent");
	d = "z.a.b.c.d.e.f.g.h";	/* nine: jump to seven */
	dmarc_walk(d, &w);
	T_OK(w.n == 8 && strcmp(w.dom[1], "b.c.d.e.f.g.h") == 0,
	    "nine labels: jump to the last seven");
	T_EQ_INT(dmarc_walk("test", &w), 0, "one label");
	T_EQ_INT(w.n, 1, "... one query");
	T_EQ_INT(dmarc_walk("example.com.", &w), 0, "trailing dot");
	T_EQ_INT(w.n, 2, "... two");
	T_EQ_INT(dmarc_walk("", &w), -1, "empty");
	T_EQ_INT(dmarc_walk(".", &w), -1, "root");
	T_EQ_INT(dmarc_walk("a..b", &w), -1, "empty label");
	T_EQ_INT(dmarc_walk(".a.b", &w), -1, "leading dot");
	T_EQ_INT(dmarc_qname(q, "example.com."), 0, "qname");
	T_EQ_STR(q, "_dmarc.example.com", "... _dmarc.example.com");
	memset(big, 'a', sizeof(big));
	big[MX_QNAME_TEXT_MAX - 7] = '\0';
	T_EQ_INT(dmarc_qname(q, big), 0, "qname of 246: fits 253 (255 wire)");
	big[MX_QNAME_TEXT_MAX - 7] = 'a';
	big[MX_QNAME_TEXT_MAX - 6] = '\0';
	T_EQ_INT(dmarc_qname(q, big), -1, "qname of 247: too long");
	T_EQ_STR(q, "", "... out empty");
}

static void
test_pick(void)
{
	struct dmarc_step s[8];

	memset(s, 0, sizeof(s));
	T_EQ_INT(dmarc_pick(s, 2), -1, "nothing anywhere: absent");
	T_EQ_INT(dmarc_pick(s, 0), -1, "no step: absent");
	s[0].found = DMARC_F_ONE;
	s[0].psd = 'u';
	s[1].found = DMARC_F_ERROR;
	T_EQ_INT(dmarc_pick(s, 2), 0, "own record: a failed parent is moot");
	s[0].found = DMARC_F_MANY;
	T_EQ_INT(dmarc_pick(s, 2), 0, "several own records: the domain's");
	s[0].found = DMARC_F_ERROR;
	T_EQ_INT(dmarc_pick(s, 2), -2, "own lookup failed: unknown");
	/* a.mail.example.com: records at mail.example.com and example.com */
	memset(s, 0, sizeof(s));
	s[1].found = s[2].found = DMARC_F_ONE;
	s[1].psd = s[2].psd = 'u';
	T_EQ_INT(dmarc_pick(s, 4), 2, "fewest labels: example.com");
	s[1].psd = 'n';
	T_EQ_INT(dmarc_pick(s, 4), 1, "psd=n: mail.example.com");
	s[1].psd = 'u';
	s[3].found = DMARC_F_ONE;
	s[3].psd = 'y';
	T_EQ_INT(dmarc_pick(s, 4), 2, "psd=y at com: the one below it");
	s[2].found = DMARC_F_NONE;
	T_EQ_INT(dmarc_pick(s, 4), 3, "psd=y, nothing right below: the PSD's");
	s[1].found = DMARC_F_NONE;
	s[2].found = DMARC_F_NONE;
	s[1].found = DMARC_F_ONE;
	s[1].psd = 'y';
	T_EQ_INT(dmarc_pick(s, 4), 1, "psd=y right above the domain: its own");
	/* errors */
	memset(s, 0, sizeof(s));
	s[1].found = DMARC_F_ERROR;
	s[2].found = DMARC_F_ONE;
	s[2].psd = 'u';
	T_EQ_INT(dmarc_pick(s, 4), -2, "a failed parent before a record");
	s[1].found = DMARC_F_ONE;
	s[1].psd = 'n';
	s[2].found = DMARC_F_ERROR;
	T_EQ_INT(dmarc_pick(s, 4), 1, "psd=n settles before the failure");
	s[1].psd = 'u';
	T_EQ_INT(dmarc_pick(s, 4), -2, "... without psd it does not");
	/* several records at a parent: discarded */
	memset(s, 0, sizeof(s));
	s[1].found = DMARC_F_MANY;
	T_EQ_INT(dmarc_pick(s, 2), -1, "several at the parent: none");
	s[2].found = DMARC_F_ONE;
	s[2].psd = 'u';
	T_EQ_INT(dmarc_pick(s, 3), 2, "... the next one up applies");
}

static void
test_report(void)
{
	char	 q[MX_NAME_MAX + 1], big[300];

	T_OK(dmarc_same_org("example.com", "example.com", 11), "same: equal");
	T_OK(dmarc_same_org("example.com", "Reports.EXAMPLE.com.", 20),
	    "same: below, case, dot");
	T_OK(dmarc_same_org("example.com.", "example.com", 11),
	    "same: org with dot");
	T_OK(!dmarc_same_org("example.com", "badexample.com", 14),
	    "other: suffix but not a label");
	T_OK(!dmarc_same_org("example.com", "example.net", 11), "other: net");
	T_OK(!dmarc_same_org("mail.example.com", "example.com", 11),
	    "other: the parent (no public suffix list)");
	T_OK(!dmarc_same_org("example.com", "com", 3), "other: shorter");
	T_OK(!dmarc_same_org("", "x", 1), "other: empty org");
	T_EQ_INT(dmarc_report_qname(q, "example.com", "rep.other.example.",
	    18), 0, "report name");
	T_EQ_STR(q, "example.com._report._dmarc.rep.other.example",
	    "... RFC 7489 7.1 shape");
	memset(big, 'a', sizeof(big));
	big[200] = '\0';
	T_EQ_INT(dmarc_report_qname(q, big, "x.example", 9), 0,
	    "200 + 16 + 9 fits");
	T_EQ_INT(dmarc_report_qname(q, big, big, 40), -1,
	    "200 + 16 + 40 does not");
	T_EQ_STR(q, "", "... out empty");
}

int
main(void)
{
	test_is_record();
	test_parse();
	test_uris();
	test_policy();
	test_walk();
	test_pick();
	test_report();
	return T_DONE();
}
