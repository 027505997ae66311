/*
 * date.h -- calendar arithmetic without libc's time-zone code.
 *
 * musl's gmtime_r/strftime pull in malloc (the time-zone code), so civil
 * dates are computed here: proleptic Gregorian, UTC, 64-bit seconds since
 * 1970.
 */
#ifndef MXPROBE_DATE_H
#define MXPROBE_DATE_H

#include <stdint.h>
#include <stddef.h>

/*
 * Days since 1970-01-01 (negative before) of a civil date, month 1-12, day
 * 1-31, for |y| <= 10^12.  Not validated: day 0 is the day before day 1
 * and so on (date_to_unix validates).
 */
int64_t date_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of date_days_from_civil, for |days| <= 10^14. */
void date_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/*
 * Unix seconds of Y-M-D h:m:s UTC into *out and 0, or -1 if a field is
 * out of range: years 0-9999 (all X.509 can say), day within its month,
 * h < 24, mi < 60, s <= 60 (60 is a leap second, folded into the next
 * minute: 23:59:60 is 00:00:00 of the next day).
 */
int date_to_unix(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
    unsigned s, int64_t *out);
/*
 * Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into buf (cap >= 21; with less
 * it is cut and NUL-terminated if cap > 0, as snprintf).  Instants outside
 * 0000-01-01T00:00:00Z..9999-12-31T23:59:59Z are clamped to those ends.
 * Returns the length (20).
 */
size_t date_iso(int64_t unix_sec, char *buf, size_t cap);
/*
 * Parses "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DDTHH:MM:SSZ" (t or a space
 * for T, z or nothing for Z; always UTC, no fractions or offsets) or
 * "@SECONDS" (optional '-', at most 12 digits).  The whole string must
 * match and the instant must lie in years 0000-9999.  Returns 0 and sets
 * *out, or -1 and leaves *out alone.
 */
int date_parse(const char *s, int64_t *out);
/* BearSSL's day 0 is 0000-01-01: unix day 0 (1970-01-01) is its day 719528. */
#define DATE_BEARSSL_EPOCH	719528

/*
 * BearSSL time (days since 0000-01-01 = unix days + 719528, seconds in the
 * day) of unix seconds, for br_x509_minimal_set_time.  Clamped to years
 * 0000-9999 like date_iso.
 */
void date_to_bearssl(int64_t unix_sec, uint32_t *days, uint32_t *secs);

#endif
