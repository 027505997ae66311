/*
 * test_date.c -- calendar maths against an independent day-by-day walk,
 * known dates, libc's timegm, and the formats --now accepts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* timegm */
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mxprobe/date.h"
#include "t.h"

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
month_len(int64_t y, unsigned m)
{
	static const unsigned	 n[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/*
 * Walks every day from -10^6 to 10^6 (years ~-768 to ~4707) and checks
 * both conversions against a plain "next day" rule.
 */
static void
test_walk(void)
{
	int64_t		 z, y, wy, bad_inv, bad_fwd;
	unsigned	 m, d, wm, wd;

	date_civil_from_days(-1000000, &wy, &wm, &wd);
	bad_inv = bad_fwd = 0;
	for (z = -1000000; z <= 1000000; z++) {
		date_civil_from_days(z, &y, &m, &d);
		if (y != wy || m != wm || d != wd)
			bad_inv++;
		if (date_days_from_civil(wy, wm, wd) != z)
			bad_fwd++;
		if (++wd > month_len(wy, wm)) {
			wd = 1;
			if (++wm > 12) {
				wm = 1;
				wy++;
			}
		}
	}
	T_EQ_INT(bad_inv, 0, "civil_from_days follows the calendar, "
	    "-1e6..1e6 days");
	T_EQ_INT(bad_fwd, 0, "days_from_civil inverts it, -1e6..1e6 days");
}

/* Sampled round trips out to the documented edge, |days| <= 10^14. */
static void
test_wide(void)
{
	static const int64_t	 s[] = { 0, 1, -1, 146096, 146097, -146097,
	    -146098, 123456789, -987654321, 100000000000LL,
	    -100000000000LL, 99999999999999LL, -99999999999999LL,
	    100000000000000LL, -100000000000000LL };
	int64_t			 y;
	unsigned		 m, d, i, bad;

	bad = 0;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		date_civil_from_days(s[i], &y, &m, &d);
		if (m < 1 || m > 12 || d < 1 || d > month_len(y, m) ||
		    date_days_from_civil(y, m, d) != s[i]) {
			printf("# round trip fails at %lld\n",
			    (long long)s[i]);
			bad++;
		}
	}
	T_EQ_INT(bad, 0, "round trips sampled out to +-1e14 days");
}

static void
test_known(void)
{
	int64_t	 t;

	T_EQ_INT(date_days_from_civil(1970, 1, 1), 0, "1970-01-01 is day 0");
	T_EQ_INT(date_days_from_civil(2000, 2, 29), 11016,
	    "2000-02-29 is day 11016");
	T_EQ_INT(date_days_from_civil(2100, 3, 1), 47541,
	    "2100-03-01 is day 47541");
	T_EQ_INT(date_days_from_civil(1600, 2, 29), -135081,
	    "1600-02-29 is day -135081");
	T_EQ_INT(date_days_from_civil(9999, 12, 31), 2932896,
	    "9999-12-31 is day 2932896");
	T_EQ_INT(date_days_from_civil(0, 1, 1), -719528,
	    "0000-01-01 is day -719528");
	T_OK(date_to_unix(2038, 1, 19, 3, 14, 8, &t) == 0 &&
	    t == 2147483648LL, "2038-01-19T03:14:08Z is 2^31");
	T_OK(date_to_unix(2000, 2, 29, 0, 0, 0, &t) == 0,
	    "2000-02-29 exists (400-year leap)");
	T_OK(date_to_unix(2100, 2, 29, 0, 0, 0, &t) == -1,
	    "2100-02-29 does not (100-year rule)");
	T_OK(date_to_unix(1900, 2, 29, 0, 0, 0, &t) == -1,
	    "1900-02-29 does not");
	T_OK(date_to_unix(2016, 12, 31, 23, 59, 60, &t) == 0 &&
	    t == 1483228800, "leap second folds into the next day");
	T_OK(date_to_unix(10000, 1, 1, 0, 0, 0, &t) == -1,
	    "year 10000 rejected");
	T_OK(date_to_unix(-1, 12, 31, 0, 0, 0, &t) == -1,
	    "year -1 rejected");
	T_OK(date_to_unix(2026, 4, 31, 0, 0, 0, &t) == -1,
	    "April 31st rejected");
	T_OK(date_to_unix(2026, 1, 1, 24, 0, 0, &t) == -1,
	    "hour 24 rejected");
	T_OK(date_to_unix(2026, 1, 1, 0, 60, 0, &t) == -1,
	    "minute 60 rejected");
	T_OK(date_to_unix(2026, 1, 1, 0, 0, 61, &t) == -1,
	    "second 61 rejected");
	T_OK(date_to_unix(2026, 0, 1, 0, 0, 0, &t) == -1,
	    "month 0 rejected");
}

/* date_to_unix agrees with glibc's timegm, hour by hour-ish, 1900-9999. */
static void
test_timegm(void)
{
	struct tm	 tm;
	int64_t		 t, u, bad, n;
	time_t		 tt;

	bad = n = 0;
	for (t = -2208988800LL; t < 253402300799LL; t += 3599 * 97 + 13) {
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (date_to_unix(tm.tm_year + 1900LL, (unsigned)tm.tm_mon + 1,
		    (unsigned)tm.tm_mday, (unsigned)tm.tm_hour,
		    (unsigned)tm.tm_min, (unsigned)tm.tm_sec, &u) == -1 ||
		    u != t || (int64_t)timegm(&tm) != t)
			bad++;
		n++;
	}
	printf("# %lld instants compared with gmtime_r/timegm\n",
	    (long long)n);
	T_EQ_INT(bad, 0, "date_to_unix agrees with libc, 1900-9999");
}

struct pcase {
	const char	*in;
	int		 rc;
	int64_t		 want;
};

static const struct pcase pcases[] = {
	{ "2026-01-01", 0, 1767225600 },
	{ "2026-11-28T22:36:12Z", 0, 1795905372 },
	{ "2026-11-28T22:36:12", 0, 1795905372 },
	{ "2026-11-28 22:36:12", 0, 1795905372 },
	{ "2026-11-28 22:36:12Z", 0, 1795905372 },
	{ "2026-11-28t22:36:12z", 0, 1795905372 },
	{ "2038-01-19T03:14:08Z", 0, 2147483648LL },
	{ "2000-02-29", 0, 951782400 },
	{ "2016-12-31T23:59:60Z", 0, 1483228800 },
	{ "0000-01-01", 0, -62167219200LL },
	{ "9999-12-31T23:59:59Z", 0, 253402300799LL },
	{ "@0", 0, 0 },
	{ "@1795905372", 0, 1795905372 },
	{ "@-1", 0, -1 },
	{ "@253402300799", 0, 253402300799LL },
	{ "@-62167219200", 0, -62167219200LL },
	{ "@000000000001", 0, 1 },
	{ "2026-02-30", -1, 0 },
	{ "2026-02-29", -1, 0 },
	{ "2026-13-01", -1, 0 },
	{ "2026-00-10", -1, 0 },
	{ "2026-01-00", -1, 0 },
	{ "2026-01-32", -1, 0 },
	{ "garbage", -1, 0 },
	{ "", -1, 0 },
	{ "2026-01-01x", -1, 0 },
	{ "2026-01-01T00:00:00Zx", -1, 0 },
	{ "2026-01-01T00:00:00ZZ", -1, 0 },
	{ "2026-01-01 ", -1, 0 },
	{ " 2026-01-01", -1, 0 },
	{ "2026-1-01", -1, 0 },
	{ "26-01-01", -1, 0 },
	{ "+2026-01-01", -1, 0 },
	{ "12026-01-01", -1, 0 },
	{ "2026-01-01T", -1, 0 },
	{ "2026-01-01T12:00", -1, 0 },
	{ "2026-01-01T12:00:00.5Z", -1, 0 },
	{ "2026-01-01T12:00:00+01:00", -1, 0 },
	{ "2026-01-01T24:00:00Z", -1, 0 },
	{ "2026-01-01T23:60:00Z", -1, 0 },
	{ "2026-01-01T23:59:61Z", -1, 0 },
	{ "9999-12-31T23:59:60Z", -1, 0 },
	{ "2026/01/01", -1, 0 },
	{ "@", -1, 0 },
	{ "@-", -1, 0 },
	{ "@+5", -1, 0 },
	{ "@12a", -1, 0 },
	{ "@ 12", -1, 0 },
	{ "@1234567890123", -1, 0 },
	{ "@253402300800", -1, 0 },
	{ "@-62167219201", -1, 0 },
	{ "@99999999999999999999999", -1, 0 },
};

static void
test_parse(void)
{
	char		 name[128];
	int64_t		 t;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		t = 4242;
		rc = date_parse(pcases[i].in, &t);
		snprintf(name, sizeof(name), "date_parse \"%s\" %s",
		    pcases[i].in, pcases[i].rc == 0 ? "accepted" : "rejected");
		if (pcases[i].rc == 0)
			T_OK(rc == 0 && t == pcases[i].want, name);
		else
			T_OK(rc == -1 && t == 4242, name);
	}
	T_EQ_INT(date_parse(NULL, &t), -1, "date_parse NULL rejected");
}

static void
test_iso(void)
{
	static const int64_t	 s[] = { 0, 1, -1, 951782400, 1795905372,
	    2147483648LL, -62167219200LL, 253402300799LL, 4102444800LL };
	char			 buf[32];
	int64_t			 t, u;
	size_t			 i, n, bad;

	n = date_iso(0, buf, sizeof(buf));
	T_OK(n == 20 && strcmp(buf, "1970-01-01T00:00:00Z") == 0,
	    "date_iso 0");
	date_iso(2147483648LL, buf, sizeof(buf));
	T_EQ_STR(buf, "2038-01-19T03:14:08Z", "date_iso 2^31");
	date_iso(-1, buf, sizeof(buf));
	T_EQ_STR(buf, "1969-12-31T23:59:59Z", "date_iso -1");
	date_iso(951868799, buf, sizeof(buf));
	T_EQ_STR(buf, "2000-02-29T23:59:59Z", "date_iso leap day");
	date_iso(INT64_MAX, buf, sizeof(buf));
	T_EQ_STR(buf, "9999-12-31T23:59:59Z", "date_iso clamps the future");
	date_iso(253402300800LL, buf, sizeof(buf));
	T_EQ_STR(buf, "9999-12-31T23:59:59Z", "date_iso clamps year 10000");
	date_iso(INT64_MIN, buf, sizeof(buf));
	T_EQ_STR(buf, "0000-01-01T00:00:00Z", "date_iso clamps the past");
	memset(buf, 'Z', sizeof(buf));
	n = date_iso(0, buf, 11);
	T_OK(n == 20 && strcmp(buf, "1970-01-01") == 0 && buf[11] == 'Z',
	    "date_iso cuts at cap like snprintf");
	n = date_iso(0, NULL, 0);
	T_EQ_INT(n, 20, "date_iso cap 0 writes nothing");

	bad = 0;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		date_iso(s[i], buf, sizeof(buf));
		if (date_parse(buf, &t) != 0 || t != s[i])
			bad++;
	}
	for (t = -62167219200LL; t < 253402300799LL; t += 86399 * 367 + 7) {
		date_iso(t, buf, sizeof(buf));
		if (date_parse(buf, &u) != 0 || u != t)
			bad++;
	}
	T_EQ_INT(bad, 0, "date_parse(date_iso(t)) == t, years 0000-9999");
}

static void
test_bearssl(void)
{
	uint32_t	 d, s;

	date_to_bearssl(0, &d, &s);
	T_OK(d == 719528 && s == 0, "bearssl: 1970-01-01 is day 719528");
	/* 2026-11-28 is proleptic ordinal 740313 - 366 + 1 (year 0 is leap) */
	date_to_bearssl(1795905372, &d, &s);
	T_OK(d == 740313 && s == 22 * 3600 + 36 * 60 + 12,
	    "bearssl: 2026-11-28T22:36:12Z is day 740313, 81372 s");
	date_to_bearssl(-1, &d, &s);
	T_OK(d == 719527 && s == 86399, "bearssl: one second before 1970");
	date_to_bearssl(-62167219200LL, &d, &s);
	T_OK(d == 0 && s == 0, "bearssl: 0000-01-01 is day 0");
	date_to_bearssl(INT64_MIN, &d, &s);
	T_OK(d == 0 && s == 0, "bearssl: clamps the past to day 0");
	date_to_bearssl(INT64_MAX, &d, &s);
	T_OK(d == 3652424 && s == 86399, "bearssl: clamps to 9999-12-31");
}

int
main(void)
{
	test_walk();
	test_wide();
	test_known();
	test_timegm();
	test_parse();
	test_iso();
	test_bearssl();
	return T_DONE();
}
