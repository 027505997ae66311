/*
 * test_bimi.c -- BIMI assertion records (draft-brand-indicators-for-
 * message-identification 4.2): real-world shapes, declination, every
 * reason, and the DMARC enforcement BIMI requires.
 */
#include <string.h>

#include "mxprobe/bimi.h"
#include "t.h"

static const char *
why(const char *s, struct bimi_rec *r)
{
	int	 rc = bimi_parse(s, strlen(s), r);

	if ((rc == 0) != (r->err == NULL))
		return "RC-MISMATCH";
	return r->err ? r->err : "ok";
}

static int
val_is(const char *p, size_t n, const char *s)
{
	return p != NULL && n == strlen(s) && memcmp(p, s, n) == 0;
}

static void
test_parse(void)
{
	struct bimi_rec	 r;

	T_EQ_STR(why("v=BIMI1; l=https://images.example.com/logo.svg; "
	    "a=https://images.example.com/vmc.pem", &r), "ok", "logo and VMC");
	T_OK(val_is(r.l, r.l_len, "https://images.example.com/logo.svg") &&
	    val_is(r.a, r.a_len, "https://images.example.com/vmc.pem") &&
	    !r.declined, "... urls kept");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg;", &r), "ok",
	    "self-asserted, no a");
	T_OK(r.a == NULL, "... a absent");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; a=;", &r), "ok",
	    "empty a");
	T_EQ_STR(why("v=BIMI1; l=HTTPS://x.example/l.svg; avp=personal", &r),
	    "ok", "HTTPS scheme, avp");
	T_EQ_STR(why("v=BIMI1; l=; a=;", &r), "ok", "declination");
	T_OK(r.declined, "... declined");
	T_EQ_STR(why("v=BIMI1; l=", &r), "ok", "declination, short");
	T_OK(r.declined, "... declined");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; lps=x; foo=1", &r),
	    "ok", "unknown tags ignored");
	/* reasons */
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; =", &r), "syntax",
	    "syntax");
	T_EQ_STR(why("l=https://x.example/l.svg; v=BIMI1", &r), "bad-v",
	    "v second");
	T_EQ_STR(why("v=bimi1; l=https://x.example/l.svg", &r), "bad-v",
	    "bimi1 lower case");
	T_EQ_STR(why("v=BIMI2; l=https://x.example/l.svg", &r), "bad-v",
	    "BIMI2");
	T_EQ_STR(why("", &r), "bad-v", "empty");
	T_EQ_STR(why(" ;v=BIMI1; l=", &r), "bad-v", "empty spec before v");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; l=", &r),
	    "duplicate-tag", "l twice");
	T_EQ_STR(why("v=BIMI1", &r), "no-l", "no l");
	T_EQ_STR(why("v=BIMI1; a=https://x.example/v.pem", &r), "no-l",
	    "a without l");
	T_EQ_STR(why("v=BIMI1; l=; a=https://x.example/v.pem", &r), "empty-l",
	    "empty l, a given");
	T_EQ_STR(why("v=BIMI1; l=http://x.example/l.svg", &r), "l-not-https",
	    "http logo");
	T_EQ_STR(why("v=BIMI1; l=ftp://x.example/l.svg", &r), "l-not-https",
	    "ftp logo");
	T_EQ_STR(why("v=BIMI1; l=httpss://x.example/l.svg", &r),
	    "l-not-https", "httpss");
	T_EQ_STR(why("v=BIMI1; l=https:x.example/l.svg", &r), "bad-l",
	    "https: without //");
	T_EQ_STR(why("v=BIMI1; l=https:///l.svg", &r), "bad-l", "no host");
	T_EQ_STR(why("v=BIMI1; l=https://", &r), "bad-l", "nothing after //");
	T_EQ_STR(why("v=BIMI1; l=x.example/l.svg", &r), "bad-l", "no scheme");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/a.svg,https://y.example/"
	    "b.svg", &r), "bad-l", "two URLs");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/my logo.svg", &r), "bad-l",
	    "space in URL");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; a=http://x.example"
	    "/v.pem", &r), "a-not-https", "http evidence");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; a=https://", &r),
	    "bad-a", "empty evidence host");
	T_EQ_STR(why("v=BIMI1; l=https://x.example/l.svg; avp=logo", &r),
	    "bad-avp", "avp=logo");
	T_EQ_STR(why("v=BIMI1; l=http://x; a=http://y", &r), "l-not-https",
	    "first error told");
	T_OK(val_is(r.a, r.a_len, "http://y"), "... later tags read");
	T_OK(bimi_is_record("v=BIMI1; l=", 11), "is: record");
	T_OK(bimi_is_record(" v = BIMI1", 10), "is: spaces");
	T_OK(!bimi_is_record("v=DMARC1; p=none", 16), "is not: dmarc");
	T_OK(!bimi_is_record("v=BIMI", 6), "is not: short");
}

static void
test_dmarc(void)
{
	struct dmarc_rec d;
	static const struct {
		const char	*rec;
		int		 sub, ok;
		const char	*name;
	} c[] = {
		{ "v=DMARC1; p=reject", 0, 1, "reject" },
		{ "v=DMARC1; p=reject; pct=50", 0, 1, "reject pct 50" },
		{ "v=DMARC1; p=quarantine", 0, 1, "quarantine" },
		{ "v=DMARC1; p=quarantine; pct=100", 0, 1, "quarantine 100" },
		{ "v=DMARC1; p=quarantine; pct=99", 0, 0, "quarantine 99" },
		{ "v=DMARC1; p=none", 0, 0, "none" },
		{ "v=DMARC1; p=reject; sp=none", 0, 0,
		    "sp=none, even for the org" },
		{ "v=DMARC1; p=reject; sp=quarantine", 1, 1, "sub: sp=quar" },
		{ "v=DMARC1; p=none; sp=reject", 1, 0,
		    "sub: sp reject, but the org's p none" },
		{ "v=DMARC1; p=reject; sp=quarantine; pct=50", 0, 1,
		    "org: reject at 50, sp quarantine" },
		{ "v=DMARC1; p=reject; sp=quarantine; pct=50", 1, 0,
		    "sub: its sp quarantine at 50 is not enforcement" },
		{ "v=DMARC1; p=reject; t=y", 0, 0, "testing" },
		{ "v=DMARC1; p=reject; pct=x", 0, 0, "invalid record" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		dmarc_parse(c[i].rec, strlen(c[i].rec), &d);
		T_EQ_INT(bimi_dmarc_ok(&d, c[i].sub), c[i].ok, c[i].name);
	}
	T_EQ_INT(bimi_dmarc_ok(NULL, 0), 0, "no DMARC");
}

int
main(void)
{
	test_parse();
	test_dmarc();
	return T_DONE();
}
