/*
 * test_tlsrpt.c -- the TLS-RPT record (RFC 8460 3): what is a record, the
 * field grammar, rua lists, every URI rule (accepted and refused), the
 * cap on URIs kept, and every invalid reason.
 *
 * Real-world shapes: the RFC 8460 3.1 examples and records as published
 * by large providers (one mailto, mailto plus https, reporting services
 * with +tags and hex local parts).
 */
#include <string.h>

#include "mxprobe/tlsrpt.h"
#include "t.h"

#define S(s)	(s), (sizeof(s) - 1)

static struct tlsrpt	 r;

static const char *
err(const char *s, size_t n)
{
	if (tlsrpt_parse(&r, s, n) == 0)
		return r.error == NULL ? "ok" : "ok-with-error";
	return r.error ? r.error : "fail-without-error";
}

#define REC(s, want, name)	T_EQ_STR(err(S(s)), (want), (name))

/* "ok" if rua=uri alone is valid, else the reason. */
static const char *
uri(const char *u)
{
	static char	 buf[1024];
	size_t		 n = strlen(u);

	memcpy(buf, "v=TLSRPTv1; rua=", 16);
	memcpy(buf + 16, u, n);
	return err(buf, 16 + n);
}

#define URI_OK(u, name)		T_EQ_STR(uri(u), "ok", (name))
#define URI_BAD(u, name)	T_EQ_STR(uri(u), "tlsrpt-bad-uri", (name))

static void
test_is_record(void)
{
	T_OK(tlsrpt_is_record(S("v=TLSRPTv1; rua=mailto:a@example.com")),
	    "record");
	T_OK(tlsrpt_is_record(S("v=TLSRPTv1;rua=x")), "no space");
	T_OK(tlsrpt_is_record(S("v=TLSRPTv1")), "version alone");
	T_OK(tlsrpt_is_record(S("v=TLSRPTv1 ; rua=x")), "version then WSP");
	T_OK(!tlsrpt_is_record(S("v=TLSRPTv10; rua=x")), "v=TLSRPTv10");
	T_OK(!tlsrpt_is_record(S("v=tlsrptv1; rua=x")), "case matters");
	T_OK(!tlsrpt_is_record(S("rua=x; v=TLSRPTv1")), "version not first");
	T_OK(!tlsrpt_is_record(S("v=STSv1; id=1")), "MTA-STS is not");
	T_OK(!tlsrpt_is_record(S("")), "empty");
	T_OK(!tlsrpt_is_record(NULL, 0), "NULL");
}

static void
test_valid(void)
{
	REC("v=TLSRPTv1; rua=mailto:reports@example.com", "ok",
	    "RFC 8460 example, mailto");
	T_EQ_INT(r.nrua, 1, "one URI");
	T_EQ_INT(r.uri[0].scheme, TLSRPT_MAILTO, "mailto");
	T_EQ_INT(r.uri[0].len, strlen("mailto:reports@example.com"),
	    "its length");
	T_EQ_INT(r.rua_len, strlen("mailto:reports@example.com"),
	    "rua value");
	REC("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt", "ok",
	    "RFC 8460 example, https");
	T_EQ_INT(r.uri[0].scheme, TLSRPT_HTTPS, "https");
	REC("v=TLSRPTv1;rua=mailto:tls-reports@example.net,"
	    "https://tlsrpt.example.net:8443/report?d=example.net", "ok",
	    "mailto and https");
	T_EQ_INT(r.nrua, 2, "two URIs");
	T_EQ_INT(r.uri[1].scheme, TLSRPT_HTTPS, "second is https");
	T_OK(memcmp(r.uri[1].p, "https://tlsrpt", 14) == 0,
	    "second points into the text");
	REC("v=TLSRPTv1; rua=mailto:a@example.com , \tmailto:b@example.org ;",
	    "ok", "WSP around ',' and ';', trailing ';'");
	T_EQ_INT(r.nrua, 2, "two URIs");
	T_EQ_INT(r.uri[0].len, strlen("mailto:a@example.com"),
	    "first without WSP");
	T_EQ_INT(r.uri[1].len, strlen("mailto:b@example.org"),
	    "second without WSP");
	REC("v=TLSRPTv1; x-ext.1=abc; rua=mailto:a@example.com; z=1", "ok",
	    "extensions around rua");
	REC("v=TLSRPTv1 ;rua=mailto:a@example.com", "ok", "WSP before ';'");
	REC("v=TLSRPTv1; rua=MAILTO:a@EXAMPLE.com", "ok",
	    "scheme case-insensitive");
}

static void
test_uris(void)
{
	URI_OK("mailto:tlsrpt+tag@example.com", "plus tag");
	URI_OK("mailto:a.b-c_d~e@sub.example.co.uk", "dots and signs");
	URI_OK("mailto:4f2c7d@rua.reporting-service.example", "hex local");
	URI_OK("mailto:a%40b@example.com", "%40 in the local part");
	URI_OK("mailto:a@example.com?subject=TLS%20report", "hfields");
	URI_OK("mailto:a@xn--bcher-kva.example", "A-label domain");
	URI_OK("https://example.com", "https host only");
	URI_OK("https://example.com/", "https root path");
	URI_OK("https://example.com:443/a/b", "port 443 and a path");
	URI_OK("HTTPS://Example.COM/Path_1/~x/%7Ey", "https case, %XX");
	URI_OK("https://example.com:1/", "port 1");
	URI_OK("https://example.com:65535", "port 65535");
	URI_OK("https://example.com/a?b=c&d=e:f@g/h?i", "query");

	URI_BAD("mailto:a@example.com!10m", "DMARC size suffix (RFC 8460 3)");
	URI_BAD("mailto:a!b@example.com", "'!' in the local part");
	URI_BAD("mailto:example.com", "mailto without '@'");
	URI_BAD("mailto:@example.com", "empty local part");
	URI_BAD("mailto:a@b@example.com", "two '@'");
	URI_BAD("mailto:a@", "empty domain");
	URI_BAD("mailto:a@localhost", "one-label domain");
	URI_BAD("mailto:a@example..com", "empty label");
	URI_BAD("mailto:a@-x.example.com", "label starts '-'");
	URI_BAD("mailto:a@x-.example.com", "label ends '-'");
	URI_BAD("mailto:a@example.com.", "trailing dot");
	URI_BAD("mailto:a@[192.0.2.1]", "address literal");
	URI_BAD("mailto:a b@example.com", "space in local part");
	URI_BAD("mailto:a%4@example.com", "bad %-escape");
	URI_BAD("mailto:a%zz@example.com", "non-hex %-escape");
	URI_BAD("mailto:a\"b@example.com", "quote");
	URI_BAD("mailto:\xc3\xa9@example.com", "UTF-8 local part");
	URI_BAD("mailto:a@example.com#x", "fragment");
	URI_BAD("mailto", "bare scheme");
	URI_BAD("mailto:", "empty mailto");
	URI_BAD("http://example.com/report", "http is not https");
	URI_BAD("https:example.com", "https without //");
	URI_BAD("https://", "https without host");
	URI_BAD("https://user@example.com/", "userinfo");
	URI_BAD("https://192.0.2.1/", "IPv4 address host");
	URI_BAD("mailto:a@192.0.2.1", "IPv4 address domain");
	URI_BAD("https://[2001:db8::1]/", "IPv6 literal");
	URI_BAD("https://example.com:0/", "port 0");
	URI_BAD("https://example.com:65536/", "port 65536");
	URI_BAD("https://example.com:123456/", "six-digit port");
	URI_BAD("https://example.com:/", "empty port");
	URI_BAD("https://example.com/a b", "space in path");
	URI_BAD("https://example.com/a#frag", "fragment");
	URI_BAD("https://example.com/%", "lone '%'");
	URI_BAD("https://example.com/a!b", "'!' in path");
	URI_BAD("a@example.com", "no scheme");
	URI_BAD("ftp://example.com/", "ftp");
	URI_BAD("mailto:a@example.com=", "'=' after the domain");
}

static void
test_invalid(void)
{
	REC("v=TLSRPTv1", "tlsrpt-no-rua", "version alone");
	REC("v=TLSRPTv1;", "tlsrpt-no-rua", "version and ';'");
	REC("v=TLSRPTv1; ruf=mailto:a@example.com", "tlsrpt-no-rua",
	    "ruf is no rua");
	REC("v=TLSRPTv1; RUA=mailto:a@example.com", "tlsrpt-no-rua",
	    "RUA is no rua (case-sensitive)");
	REC("v=TLSRPTv1; rua=", "tlsrpt-empty-rua", "empty rua");
	REC("v=TLSRPTv1; rua= ;", "tlsrpt-empty-rua", "blank rua");
	REC("v=TLSRPTv1; rua=mailto:a@example.com,", "tlsrpt-empty-rua",
	    "trailing ','");
	REC("v=TLSRPTv1; rua=,mailto:a@example.com", "tlsrpt-empty-rua",
	    "leading ','");
	REC("v=TLSRPTv1; rua=mailto:a@example.com,,mailto:b@example.com",
	    "tlsrpt-empty-rua", "',,'");
	REC("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
	    "tlsrpt-dup-rua", "two rua fields");
	REC("rua=mailto:a@example.com; v=TLSRPTv1",
	    "tlsrpt-version-not-first", "version last");
	REC("v=spf1 -all", "tlsrpt-not-record", "SPF");
	REC("", "tlsrpt-not-record", "empty");
	REC("v=TLSRPTv1 rua=mailto:a@example.com", "tlsrpt-syntax",
	    "no ';' after version");
	REC("v=TLSRPTv1; rua = mailto:a@example.com", "tlsrpt-syntax",
	    "space before '='");
	REC("v=TLSRPTv1;; rua=mailto:a@example.com", "tlsrpt-syntax",
	    "empty field");
	REC("v=TLSRPTv1; rua=mailto:a@example.com; junk", "tlsrpt-syntax",
	    "junk field");
	REC("v=TLSRPTv1; rua=mailto:a@example.com;\r\n x=1",
	    "tlsrpt-syntax", "no folding");
	REC("v=TLSRPTv1; x=a b; rua=mailto:a@example.com", "tlsrpt-syntax",
	    "space in an extension value");

	T_EQ_STR(err(S("v=TLSRPTv1; rua=mailto:ok@example.com, "
	    "mailto:bad@example.com!5m ,https://x.example/")),
	    "tlsrpt-bad-uri", "second of three bad");
	T_EQ_INT(r.bad_len, strlen("mailto:bad@example.com!5m"),
	    "bad names the URI, WSP cut");
	T_OK(r.bad != NULL && memcmp(r.bad, "mailto:bad@", 11) == 0,
	    "bad points at it");
	T_EQ_INT(r.err_off, 39, "error offset at the URI");
	T_EQ_STR(err(S("v=TLSRPTv1; rua=mailto:a@example.com "
	    "mailto:b@example.com")), "tlsrpt-bad-uri",
	    "two URIs without ','");
	T_EQ_INT(r.bad_len, strlen("mailto:a@example.com mailto:b@example"
	    ".com"), "bad is the whole piece");
}

static void
test_cap(void)
{
	char	 buf[2048];
	size_t	 n;
	int	 i;

	memcpy(buf, "v=TLSRPTv1; rua=", 16);
	n = 16;
	for (i = 0; i < MX_TLSRPT_RUA_MAX + 3; i++) {
		memcpy(buf + n, "mailto:rN@example.com,", 22);
		buf[n + 8] = (char)('a' + i);
		n += 22;
	}
	n--;		/* last ',' */
	T_EQ_STR(err(buf, n), "ok", "many URIs valid");
	T_EQ_INT(r.nrua, MX_TLSRPT_RUA_MAX + 3, "all counted");
	T_EQ_INT(r.rua_truncated, 1, "truncated");
	T_OK(r.uri[MX_TLSRPT_RUA_MAX - 1].p[8] ==
	    'a' + MX_TLSRPT_RUA_MAX - 1, "last kept is the right one");
	memcpy(buf + n - 9, "!", 1);	/* the last one turns bad */
	T_EQ_STR(err(buf, n), "tlsrpt-bad-uri",
	    "a bad URI past the cap is still checked");
	n = 16;
	for (i = 0; i < MX_TLSRPT_RUA_MAX; i++) {
		memcpy(buf + n, "mailto:rN@example.com,", 22);
		n += 22;
	}
	n--;
	T_EQ_STR(err(buf, n), "ok", "exactly the cap");
	T_EQ_INT(r.rua_truncated, 0, "not truncated");
}

int
main(void)
{
	test_is_record();
	test_valid();
	test_uris();
	test_invalid();
	test_cap();
	return T_DONE();
}
