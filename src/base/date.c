/*
 * date.c -- proleptic Gregorian calendar in integers (see date.h).
 *
 * IMPLEMENTATION NOTES
 * The civil <-> day conversions shift the year to start on March 1st, so
 * the leap day is the last day of a "year" and month lengths follow the
 * 153-days-per-5-months pattern; a 400-year era is exactly 146097 days, so
 * after splitting off whole eras everything is non-negative arithmetic.
 * (The usual public-domain derivation, written out again here.)
 * 719468 is the day number of 1970-01-01 counted from 0000-03-01.
 */
#include "mxprobe/date.h"

#define DAY		86400
#define ERA_DAYS	146097		/* days in 400 Gregorian years */
#define EPOCH_MAR1	719468		/* 0000-03-01 .. 1970-01-01 */
/* the instants of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define T_MIN		(-(int64_t)DATE_BEARSSL_EPOCH * DAY)
#define T_MAX		((int64_t)2932896 * DAY + DAY - 1)

/* a / b rounded towards minus infinity, b > 0 */
static int64_t
fdiv(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static int
leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static unsigned
mdays(int64_t y, unsigned m)
{
	static const unsigned char n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* see date.h */
int64_t
date_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t	 era, yoe, doy, mp;

	if (m <= 2)
		y--;			/* Jan, Feb end the previous year */
	era = fdiv(y, 400);
	yoe = y - era * 400;		/* 0..399 */
	mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9;	/* March = 0 */
	doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
	return era * ERA_DAYS + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	    EPOCH_MAR1;
}

/* see date.h */
void
date_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t	 z, era, doe, yoe, doy, mp;

	z = days + EPOCH_MAR1;
	era = fdiv(z, ERA_DAYS);
	doe = z - era * ERA_DAYS;	/* 0..146096 */
	/* 1460, 36524, 146096: the days before each missing leap day */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (yoe * 365 + yoe / 4 - yoe / 100);	/* 0..365 */
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = era * 400 + yoe + (*m <= 2);
}

/* see date.h */
int
date_to_unix(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
    unsigned s, int64_t *out)
{
	if (y < 0 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays(y, mo) || h > 23 || mi > 59 || s > 60)
		return -1;
	*out = date_days_from_civil(y, mo, d) * DAY +
	    (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)s;
	return 0;
}

static int64_t
clamp(int64_t t)
{
	return t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
}

/* Writes v as n digits (v < 10^n) at p. */
static void
digits(char *p, unsigned long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* see date.h */
size_t
date_iso(int64_t unix_sec, char *buf, size_t cap)
{
	char		 t[21];
	int64_t		 days, secs, y;
	unsigned	 m, d;
	size_t		 i;

	unix_sec = clamp(unix_sec);
	days = fdiv(unix_sec, DAY);
	secs = unix_sec - days * DAY;
	date_civil_from_days(days, &y, &m, &d);
	digits(t, (unsigned long)y, 4);
	t[4] = '-';
	digits(t + 5, m, 2);
	t[7] = '-';
	digits(t + 8, d, 2);
	t[10] = 'T';
	digits(t + 11, (unsigned long)(secs / 3600), 2);
	t[13] = ':';
	digits(t + 14, (unsigned long)(secs / 60 % 60), 2);
	t[16] = ':';
	digits(t + 17, (unsigned long)(secs % 60), 2);
	t[19] = 'Z';
	t[20] = '\0';
	if (cap > 0) {
		for (i = 0; i < cap - 1 && i < 20; i++)
			buf[i] = t[i];
		buf[i] = '\0';
	}
	return 20;
}

/* Reads exactly n digits at *s; -1 if one is not a digit. */
static int
num(const char **s, int n, unsigned *v)
{
	*v = 0;
	while (n-- > 0) {
		if (**s < '0' || **s > '9')
			return -1;
		*v = *v * 10 + (unsigned)(*(*s)++ - '0');
	}
	return 0;
}

/* see date.h */
int
date_parse(const char *s, int64_t *out)
{
	unsigned	 y, mo, d, h, mi, sec;
	int64_t		 t;
	int		 neg, n;

	if (s == NULL)
		return -1;
	if (*s == '@') {
		s++;
		neg = *s == '-';
		s += neg;
		/* 12 digits cover year 9999 and cannot overflow */
		for (t = 0, n = 0; *s >= '0' && *s <= '9' && n < 12; n++)
			t = t * 10 + (*s++ - '0');
		if (n == 0 || *s != '\0')
			return -1;
		t = neg ? -t : t;
		if (t != clamp(t))
			return -1;
		*out = t;
		return 0;
	}
	h = mi = sec = 0;
	if (num(&s, 4, &y) || *s++ != '-' || num(&s, 2, &mo) ||
	    *s++ != '-' || num(&s, 2, &d))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (num(&s, 2, &h) || *s++ != ':' || num(&s, 2, &mi) ||
		    *s++ != ':' || num(&s, 2, &sec))
			return -1;
		if (*s == 'Z' || *s == 'z')
			s++;
	}
	if (*s != '\0' || date_to_unix(y, mo, d, h, mi, sec, &t) == -1)
		return -1;
	/* 9999-12-31T23:59:60Z folds past the last instant */
	if (t != clamp(t))
		return -1;
	*out = t;
	return 0;
}

/* see date.h */
void
date_to_bearssl(int64_t unix_sec, uint32_t *days, uint32_t *secs)
{
	int64_t	 dd;

	unix_sec = clamp(unix_sec);
	dd = fdiv(unix_sec, DAY);
	*days = (uint32_t)(dd + DATE_BEARSSL_EPOCH);
	*secs = (uint32_t)(unix_sec - dd * DAY);
}
