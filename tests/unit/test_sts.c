/*
 * test_sts.c -- MTA-STS texts: the TXT record (RFC 8461 3.1), the policy
 * file (3.2) with both line endings, its bounds and every invalid reason,
 * and mx patterns (4.1) at their edges.
 *
 * Real-world shapes: the TXT and policy layouts below are those of the
 * RFC 8461 examples and of policies as large providers publish them
 * (enforce, several mx lines, max_age 604800 or 86400, CRLF or LF, with
 * or without a final line end).
 */
#include <string.h>

#include "mxprobe/sts.h"
#include "t.h"

#define S(s)	(s), (sizeof(s) - 1)

/* ---- TXT ------------------------------------------------------------- */

static const char *
txt_err(const char *s, size_t n)
{
	static struct sts_txt	 r;

	if (sts_txt_parse(&r, s, n) == 0)
		return r.error == NULL ? "ok" : "ok-with-error";
	return r.error ? r.error : "fail-without-error";
}

#define TXT(s, want, name)	T_EQ_STR(txt_err(S(s)), (want), (name))

static void
test_txt_record(void)
{
	T_OK(sts_txt_is_record(S("v=STSv1; id=20160831085700Z;")),
	    "RFC example is a record");
	T_OK(sts_txt_is_record(S("v=STSv1")), "bare version is a record");
	T_OK(sts_txt_is_record(S("v=STSv1;")), "version and ';'");
	T_OK(sts_txt_is_record(S("v=STSv1 ;id=1")), "version then WSP");
	T_OK(sts_txt_is_record(S("v=STSv1\t;id=1")), "version then tab");
	T_OK(!sts_txt_is_record(S("v=STSv10; id=1")), "v=STSv10 is not");
	T_OK(!sts_txt_is_record(S("v=stsv1; id=1")), "case matters");
	T_OK(!sts_txt_is_record(S(" v=STSv1; id=1")), "leading space");
	T_OK(!sts_txt_is_record(S("v=spf1 -all")), "SPF is not");
	T_OK(!sts_txt_is_record(S("")), "empty is not");
	T_OK(!sts_txt_is_record(S("v=STSv")), "short prefix is not");
	T_OK(!sts_txt_is_record(NULL, 0), "NULL is not");
	T_EQ_INT(sts_txt_version(S("id=1; v=STSv1"), "v=STSv1"), 2,
	    "version later: 2");
	T_EQ_INT(sts_txt_version(S("id=1 v=STSv1;"), "v=STSv1"), 2,
	    "version later after WSP: 2");
	T_EQ_INT(sts_txt_version(S("xv=STSv1"), "v=STSv1"), 0,
	    "inside a name: 0");
	T_EQ_INT(sts_txt_version(S("id=v=STSv1x"), "v=STSv1"), 0,
	    "followed by a letter: 0");
	T_EQ_INT(sts_txt_version(S("v=TLSRPTv1;rua=x"), "v=TLSRPTv1"), 1,
	    "other version string: 1");
}

static void
test_txt_parse(void)
{
	struct sts_txt	 r;

	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; id=20160831085700Z;")), 0,
	    "RFC example valid");
	T_EQ_STR(r.id, "20160831085700Z", "its id");
	T_OK(r.error == NULL, "no error");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1;id=abc")), 0, "no spaces");
	T_EQ_STR(r.id, "abc", "id abc");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1 ;\tid=X1 ; ")), 0,
	    "WSP around ';', trailing delimiter");
	T_EQ_STR(r.id, "X1", "id X1");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; id=0123456789abcdef"
	    "0123456789ABCDEF")), 0, "32-char id");
	T_EQ_INT(strlen(r.id), 32, "kept whole");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; ext-1.x_y=a:b/c<>?; id=1;"
	    " 9z=~")), 0, "extensions before and after id");
	T_EQ_INT(r.nfields, 3, "three fields");
	T_EQ_STR(r.id, "1", "id 1");

	TXT("v=STSv1; id=0123456789abcdef0123456789ABCDEFx",
	    "sts-txt-bad-id", "33-char id");
	TXT("v=STSv1; id=", "sts-txt-bad-id", "empty id");
	TXT("v=STSv1; id=abc-def", "sts-txt-bad-id", "'-' in id");
	TXT("v=STSv1; id=abc def", "sts-txt-bad-id", "space in id");
	TXT("v=STSv1; id=abc=", "sts-txt-bad-id", "'=' in id");
	TXT("v=STSv1; id=\xc3\xa9t\xc3\xa9", "sts-txt-bad-id", "UTF-8 id");
	TXT("v=STSv1; id=a; id=b", "sts-txt-dup-id", "two ids");
	TXT("v=STSv1", "sts-txt-no-id", "version alone");
	TXT("v=STSv1;", "sts-txt-no-id", "version and ';'");
	TXT("v=STSv1; x=1", "sts-txt-no-id", "extension, no id");
	TXT("v=STSv1; ID=abc", "sts-txt-no-id", "ID is not id (case)");
	TXT("id=abc; v=STSv1", "sts-txt-version-not-first", "version last");
	TXT("v=spf1 -all", "sts-txt-not-record", "SPF");
	TXT("", "sts-txt-not-record", "empty");
	TXT("v=STSv1 id=abc", "sts-txt-syntax", "no ';' after version");
	TXT("v=STSv1;; id=abc", "sts-txt-syntax", "empty field");
	TXT("v=STSv1; id = abc", "sts-txt-syntax", "space before '='");
	TXT("v=STSv1; id=abc; x= 1", "sts-txt-syntax", "space after '='");
	TXT("v=STSv1; id=abc; x=", "sts-txt-syntax", "empty ext value");
	TXT("v=STSv1; id=abc; -x=1", "sts-txt-syntax", "name starts '-'");
	TXT("v=STSv1; id=abc; a23456789012345678901234567890123=1",
	    "sts-txt-syntax", "33-char name");
	TXT("v=STSv1; id=abc; x=1 2", "sts-txt-syntax", "space in value");
	TXT("v=STSv1; id=abc;\r\n x=1", "sts-txt-syntax", "no folding");
	TXT("v=STSv1; id=abc; x=\x80", "sts-txt-syntax", "high byte value");
	TXT("v=STSv1; id=abc; x=a\0b", "sts-txt-syntax", "NUL in value");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; id=abc; junk")), -1,
	    "junk field");
	T_EQ_INT(r.err_off, 21, "error offset at its end");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; id=abc; a23456789012345678"
	    "901234567890123=1")), -1, "long name");
	T_EQ_INT(r.err_off, 17 + 32, "error at the 33rd name byte");
	T_EQ_INT(sts_txt_parse(&r, S("v=STSv1; id=ab-c")), -1, "bad id");
	T_EQ_INT(r.err_off, 14, "error at the bad id byte");
}

static void
test_field_next(void)
{
	struct tag	 f;
	size_t		 off;
	static const char	 rec[] = "v=TLSRPTv1; rua=mailto:a@b.c , "
	    "https://x.y/z ;x=1";

	off = 10;
	T_EQ_INT(sts_field_next(S(rec), &off, "rua", &f), 1, "raw field");
	T_OK(tag_is(&f, "rua"), "its name");
	T_EQ_INT(f.value_len, strlen("mailto:a@b.c , https://x.y/z"),
	    "raw value up to ';', trailing WSP cut");
	T_EQ_INT(sts_field_next(S(rec), &off, "rua", &f), 1, "next field");
	T_OK(tag_is(&f, "x") && tag_value_is(&f, "1"), "x=1");
	T_EQ_INT(sts_field_next(S(rec), &off, "rua", &f), 0, "end");
	T_EQ_INT(sts_field_next(S(rec), &off, "rua", &f), 0, "end sticks");
	off = 10;
	T_EQ_INT(sts_field_next(S(rec), &off, NULL, &f), 1,
	    "without raw: the ext grammar");
	T_EQ_INT(f.value_len, strlen("mailto:a@b.c"), "value to the space");
	T_EQ_INT(sts_field_next(S(rec), &off, NULL, &f), -1, "then ','");
	T_EQ_INT(off, 29, "error offset at ','");
	off = 10;
	T_EQ_INT(sts_field_next(S("v=TLSRPTv1;Rua=x y"), &off, "rua", &f),
	    1, "raw is case-sensitive: Rua read as an extension");
	T_EQ_INT(f.value_len, 1, "to the space");
	T_EQ_INT(sts_field_next(S("v=TLSRPTv1;Rua=x y"), &off, "rua", &f),
	    -1, "then the space is an error");
}

/* ---- policy ---------------------------------------------------------- */

static struct sts_policy	 pol;

static const char *
pol_err(const char *s, size_t n)
{
	if (sts_policy_parse(&pol, s, n) == 0)
		return pol.error == NULL ? "ok" : "ok-with-error";
	return pol.error ? pol.error : "fail-without-error";
}

#define POL(s, want, name)	T_EQ_STR(pol_err(S(s)), (want), (name))

static void
test_policy_ok(void)
{
	static const char	 crlf[] = "version: STSv1\r\nmode: enforce\r\n"
	    "mx: mail.example.com\r\nmx: *.example.net\r\n"
	    "mx: backupmx.example.com\r\nmax_age: 604800\r\n";
	static const char	 lf[] = "version: STSv1\nmode: testing\n"
	    "mx: mx1.example.org\nmax_age: 86400\n";

	POL(crlf, "ok", "RFC 8461 example, CRLF");
	T_EQ_INT(pol.mode, STS_MODE_ENFORCE, "mode enforce");
	T_EQ_INT(pol.max_age, 604800, "max_age");
	T_EQ_INT(pol.max_age_short, 0, "a week is not short");
	T_EQ_INT(pol.nmx, 3, "three mx");
	T_EQ_STR(pol.mx[0], "mail.example.com", "mx 1");
	T_EQ_STR(pol.mx[1], "*.example.net", "mx 2");
	T_EQ_STR(pol.mx[2], "backupmx.example.com", "mx 3");
	T_EQ_INT(pol.mx_truncated, 0, "not truncated");
	T_EQ_INT(pol.lines, 6, "six lines");
	POL(lf, "ok", "LF line ends");
	T_EQ_INT(pol.mode, STS_MODE_TESTING, "mode testing");
	T_EQ_INT(pol.max_age, 86400, "max_age a day");
	T_EQ_INT(pol.max_age_short, 0, "a day is not short");
	POL("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 3600",
	    "ok", "no final line end");
	T_EQ_INT(pol.max_age_short, 1, "an hour is short");
	T_EQ_INT(pol.max_age, 3600, "last line read whole");
	POL("version: STSv1\r\nmode: enforce\nmx: a.example\r\nmax_age: 60",
	    "ok", "mixed CRLF and LF");
	POL("version:STSv1\nmode:none\nmax_age:0\n", "ok",
	    "mode none, no mx, no space after ':', max_age 0");
	T_EQ_INT(pol.mode, STS_MODE_NONE, "mode none");
	T_EQ_INT(pol.max_age, 0, "max_age 0");
	T_EQ_INT(pol.nmx, 0, "no mx");
	POL("version: STSv1\nmode: none\nmx: a.example\nmax_age: 1\n", "ok",
	    "mode none with mx");
	POL("version: STSv1 \t\nmode:\tenforce  \nmx:  a.example \n"
	    "max_age: 31557600\t\n", "ok", "WSP after ':' and at line ends");
	T_EQ_STR(pol.mx[0], "a.example", "mx without WSP");
	T_EQ_INT(pol.max_age, 31557600, "max_age at its bound");
	POL("max_age: 0000086400\nmx: a.example\nmode: enforce\n"
	    "version: STSv1\n", "ok", "any order, 10 digits");
	T_EQ_INT(pol.max_age, 86400, "leading zeros");
	POL("version: STSv1\nmode: enforce\nfoo: bar baz \xc3\xa9\n"
	    "x-1.y_z: 1\nmx: a.example\nmax_age: 86400\n", "ok",
	    "unknown keys ignored");
	T_EQ_INT(pol.unknown, 2, "two unknown");
	POL("version: STSv1\n\nmode: enforce\r\n\r\nmx: a.example\n"
	    "max_age: 86400\n\n\n", "ok", "empty lines skipped");
	POL("version: STSv1\nmode: enforce\nmx: mx.example.com.\n"
	    "mx: *.example.org.\nmax_age: 86400\n", "ok", "trailing dots");
	POL("version: STSv1\nmode: enforce\nmx: 1-2.3com.example\n"
	    "mx: xn--bcher-kva.example\nmax_age: 86400\n", "ok",
	    "digits, hyphens, A-labels");
	POL("version: STSv1\nmode: enforce\nmx: localhost\nmax_age: 86400\n",
	    "ok", "one-label mx");
}

static void
test_policy_bad(void)
{
	POL("", "sts-policy-no-version", "empty body");
	POL("\n\n", "sts-policy-no-version", "only empty lines");
	POL("mode: enforce\nmx: a.example\nmax_age: 86400\n",
	    "sts-policy-no-version", "no version");
	POL("version: STSv1\nmx: a.example\nmax_age: 86400\n",
	    "sts-policy-no-mode", "no mode");
	POL("version: STSv1\nmode: enforce\nmx: a.example\n",
	    "sts-policy-no-max-age", "no max_age");
	POL("version: STSv1\nmode: enforce\nmax_age: 86400\n",
	    "sts-policy-no-mx", "enforce without mx");
	POL("version: STSv1\nmode: testing\nmax_age: 86400\n",
	    "sts-policy-no-mx", "testing without mx");
	POL("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n",
	    "sts-policy-bad-version", "STSv2");
	POL("version: stsv1\n", "sts-policy-bad-version", "case of STSv1");
	POL("version:\n", "sts-policy-bad-version", "empty version");
	POL("version: STSv1\nversion: STSv1\n", "sts-policy-dup-version",
	    "two versions");
	T_EQ_INT(pol.err_line, 2, "on line 2");
	POL("version: STSv1\nmode: Enforce\n", "sts-policy-bad-mode",
	    "Enforce");
	POL("version: STSv1\nmode: reject\n", "sts-policy-bad-mode",
	    "reject");
	POL("mode: enforce\nmode: testing\n", "sts-policy-dup-mode",
	    "two modes");
	POL("max_age: 31557601\n", "sts-policy-bad-max-age", "over the bound");
	POL("max_age: 99999999999\n", "sts-policy-bad-max-age", "11 digits");
	POL("max_age: -1\n", "sts-policy-bad-max-age", "negative");
	POL("max_age: 1e5\n", "sts-policy-bad-max-age", "not digits");
	POL("max_age: 86 400\n", "sts-policy-bad-max-age", "inner space");
	POL("max_age:\n", "sts-policy-bad-max-age", "empty");
	POL("max_age: 1\nmax_age: 1\n", "sts-policy-dup-max-age",
	    "two max_age");
	POL("mx: *\n", "sts-policy-bad-mx", "bare '*'");
	POL("mx: *.\n", "sts-policy-bad-mx", "'*.' alone");
	POL("mx: a.*.example\n", "sts-policy-bad-mx", "inner wildcard");
	POL("mx: *.*.example\n", "sts-policy-bad-mx", "two wildcards");
	POL("mx: mx*.example\n", "sts-policy-bad-mx", "partial wildcard");
	POL("mx: a..example\n", "sts-policy-bad-mx", "empty label");
	POL("mx: .example\n", "sts-policy-bad-mx", "leading dot");
	POL("mx: a.example..\n", "sts-policy-bad-mx", "two trailing dots");
	POL("mx: -a.example\n", "sts-policy-bad-mx", "leading hyphen");
	POL("mx: a-.example\n", "sts-policy-bad-mx", "trailing hyphen");
	POL("mx: a_b.example\n", "sts-policy-bad-mx", "underscore");
	POL("mx: a b.example\n", "sts-policy-bad-mx", "inner space");
	POL("mx: 192.0.2.1:25\n", "sts-policy-bad-mx", "address and port");
	POL("mx:\n", "sts-policy-bad-mx", "empty mx");
	POL("mx: " "a234567890123456789012345678901234567890123456789012345"
	    "678901234.example\n", "sts-policy-bad-mx", "64-char label");
	POL("version: STSv1\r\nmode enforce\r\n", "sts-policy-syntax",
	    "no ':'");
	T_EQ_INT(pol.err_line, 2, "on line 2");
	POL("version : STSv1\n", "sts-policy-syntax", "space before ':'");
	POL(" version: STSv1\n", "sts-policy-syntax", "leading space");
	POL("foo:\n", "sts-policy-syntax", "unknown key, empty value");
	POL("foo: a\tb\n", "sts-policy-syntax", "tab inside a value");
	POL("foo: a\rb\n", "sts-policy-syntax", "bare CR inside a line");
	POL("version: STSv1\r\r\n", "sts-policy-bad-version",
	    "CR CR LF: the CR is part of the value");
	POL("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\r",
	    "sts-policy-bad-max-age", "a last CR without LF is no line end");
	POL("version: STSv1\r", "sts-policy-bad-version",
	    "bare CR at the end of the body");
	POL("\xef\xbb\xbfversion: STSv1\n", "sts-policy-syntax",
	    "UTF-8 byte order mark");
	POL("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n"
	    "<html>\n", "sts-policy-syntax", "HTML after a valid policy");
	T_EQ_INT(pol.err_line, 5, "on line 5");
	POL("version: STSv1\0\n", "sts-policy-bad-version", "NUL in value");
	POL("fo\0o: x\n", "sts-policy-syntax", "NUL in key");
	POL("<!DOCTYPE html>\n<html><body>Not Found</body></html>\n",
	    "sts-policy-syntax", "an HTML error page");
	T_EQ_INT(pol.err_line, 1, "on line 1");
}

static void
test_policy_case_keys(void)
{
	/* keys are %s: "Version" is an unknown extension, so no version */
	POL("Version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n",
	    "sts-policy-no-version", "Version is not version");
	POL("version: STSv1\nMode: enforce\nmx: a.example\nmax_age: 1\n",
	    "sts-policy-no-mode", "Mode is not mode");
}

static void
test_policy_bounds(void)
{
	static char	 big[MX_STS_POLICY_MAX + 64];
	size_t		 n = 0;
	int		 i;

	/* MX_STS_MX_MAX + 4 mx lines: the rest counted, truncated set */
	n = 0;
	memcpy(big, "version: STSv1\nmode: enforce\nmax_age: 86400\n", 44);
	n = 44;
	for (i = 0; i < MX_STS_MX_MAX + 4; i++) {
		memcpy(big + n, "mx: mxNN.example\n", 17);
		big[n + 6] = (char)('0' + i / 10);
		big[n + 7] = (char)('0' + i % 10);
		n += 17;
	}
	T_EQ_INT(sts_policy_parse(&pol, big, n), 0, "many mx: valid");
	T_EQ_INT(pol.nmx, MX_STS_MX_MAX + 4, "all counted");
	T_EQ_INT(pol.mx_truncated, 1, "truncated");
	T_EQ_STR(pol.mx[MX_STS_MX_MAX - 1], MX_STS_MX_MAX == 16 ?
	    "mx15.example" : pol.mx[MX_STS_MX_MAX - 1], "last kept");
	T_EQ_INT(sts_policy_match(&pol, "mx00.example"), 1, "first matches");
	T_EQ_INT(sts_policy_match(&pol, "mx19.example"), -1,
	    "a dropped one: unknown");
	T_EQ_INT(sts_policy_match(&pol, "other.example"), -1,
	    "no match but truncated: unknown");

	/* exactly MX_STS_POLICY_MAX: padded with unknown-key lines */
	n = 0;
	memcpy(big, "version: STSv1\nmode: none\nmax_age: 86400\n", 41);
	n = 41;
	while (n + 10 <= MX_STS_POLICY_MAX) {
		memcpy(big + n, "x: 123456\n", 10);
		n += 10;
	}
	while (n < MX_STS_POLICY_MAX)
		big[n++] = '\n';
	T_EQ_INT(n, MX_STS_POLICY_MAX, "64 KB body");
	T_EQ_STR(pol_err(big, n), "ok", "64 KB policy is read");
	big[n++] = '\n';
	T_EQ_STR(pol_err(big, n), "sts-policy-too-long", "64 KB + 1");

	/* a 253-character pattern is the longest */
	memcpy(big, "version: STSv1\nmode: enforce\nmax_age: 1\nmx: *.", 46);
	n = 46;
	for (i = 0; i < 4; i++) {
		memset(big + n, 'a', 62);
		n += 62;
		big[n++] = '.';
	}
	n--;			/* 2 + 4 * 63 - 1 = 253 */
	T_EQ_STR(pol_err(big, n), "ok", "253-char pattern");
	T_EQ_INT(strlen(pol.mx[0]), 253, "kept whole");
	big[n++] = '.';
	T_EQ_STR(pol_err(big, n), "ok", "253 chars and a trailing dot");
	n--;
	big[n++] = 'a';
	T_EQ_STR(pol_err(big, n), "sts-policy-bad-mx", "254-char pattern");
}

/* ---- mx patterns ----------------------------------------------------- */

static void
test_mx_match(void)
{
	T_OK(sts_mx_match("mail.example.com", "mail.example.com"), "exact");
	T_OK(sts_mx_match("MAIL.Example.COM", "mail.example.com"),
	    "case-insensitive");
	T_OK(sts_mx_match("mail.example.com.", "mail.example.com"),
	    "pattern's trailing dot");
	T_OK(sts_mx_match("mail.example.com", "mail.example.com."),
	    "name's trailing dot");
	T_OK(sts_mx_match("mail.example.com.", "mail.example.com."),
	    "both trailing dots");
	T_OK(!sts_mx_match("mail.example.com", "mail.example.co"),
	    "shorter name");
	T_OK(!sts_mx_match("mail.example.com", "xmail.example.com"),
	    "longer name");
	T_OK(!sts_mx_match("mail.example.com", "mail.example.com.."),
	    "only one dot ignored");
	T_OK(sts_mx_match("*.example.com", "mx.example.com"), "wildcard");
	T_OK(sts_mx_match("*.EXAMPLE.com", "MX1.example.COM."),
	    "wildcard, case and dot");
	T_OK(sts_mx_match("*.example.com.", "mx.example.com"),
	    "wildcard with trailing dot");
	T_OK(!sts_mx_match("*.example.com", "example.com"),
	    "wildcard needs a label");
	T_OK(!sts_mx_match("*.example.com", ".example.com"),
	    "empty label is no label");
	T_OK(!sts_mx_match("*.example.com", "a.b.example.com"),
	    "wildcard is one label only");
	T_OK(!sts_mx_match("*.example.com", "mx.example.org"),
	    "other domain");
	T_OK(!sts_mx_match("*.example.com", "mxexample.com"),
	    "no dot after the label");
	T_OK(!sts_mx_match("*.example.com", "mx.xexample.com"),
	    "suffix is whole labels");
	T_OK(!sts_mx_match("*.", "mx."), "'*.' matches nothing");
	T_OK(!sts_mx_match("", ""), "empty pattern");
	T_OK(!sts_mx_match("a.example", ""), "empty name");
	T_OK(!sts_mx_match(".", "."), "root pattern");
	T_OK(!sts_mx_match("mx.example.com", "*.example.com"),
	    "a name is not a pattern");
}

static void
test_policy_match(void)
{
	static const char	 p[] = "version: STSv1\nmode: enforce\n"
	    "mx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n";

	T_EQ_STR(pol_err(S(p)), "ok", "policy");
	T_EQ_INT(sts_policy_match(&pol, "mail.example.com"), 1, "exact mx");
	T_EQ_INT(sts_policy_match(&pol, "mx2.example.net."), 1,
	    "wildcard mx");
	T_EQ_INT(sts_policy_match(&pol, "mx.example.com"), 0, "missing mx");
	T_EQ_INT(sts_policy_match(&pol, "a.b.example.net"), 0,
	    "two labels under the wildcard");
	T_EQ_STR(sts_mode_str(STS_MODE_ENFORCE), "enforce", "enforce");
	T_EQ_STR(sts_mode_str(STS_MODE_TESTING), "testing", "testing");
	T_EQ_STR(sts_mode_str(STS_MODE_NONE), "none", "none");
	T_EQ_STR(sts_mode_str(STS_MODE_UNSET), "unset", "unset");
}

int
main(void)
{
	test_txt_record();
	test_txt_parse();
	test_field_next();
	test_policy_ok();
	test_policy_bad();
	test_policy_case_keys();
	test_policy_bounds();
	test_mx_match();
	test_policy_match();
	return T_DONE();
}
