/*
 * date.h -- calendar arithmetic without libc's time-zone code.
 *
 * musl's gmtime_r/strftime pull in malloc (FIELD-NOTES), so civil dates are
 * computed here: proleptic Gregorian, UTC, 64-bit seconds since 1970.
 */
#ifndef MXPROBE_DATE_H
#define MXPROBE_DATE_H

#include <stdint.h>
#include <stddef.h>

/* Days since 1970-01-01 of a civil date (month 1-12, day 1-31). */
int64_t date_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of date_days_from_civil. */
void date_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/*
 * Unix seconds of Y-M-D h:m:s UTC; -1 if a field is out of range
 * (seconds 60 is accepted as a leap second and folded into the next minute).
 */
int date_to_unix(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
    unsigned s, int64_t *out);
/*
 * Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into buf (cap >= 21; years
 * outside 0..9999 are clamped).  Returns the length (20).
 */
size_t date_iso(int64_t unix_sec, char *buf, size_t cap);
/*
 * Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" (also with a space for T and
 * without Z) or "@SECONDS".  Returns 0 and sets *out, or -1.
 */
int date_parse(const char *s, int64_t *out);
/* BearSSL time (days since 0000-01-01, seconds in day) of unix seconds. */
void date_to_bearssl(int64_t unix_sec, uint32_t *days, uint32_t *secs);

#endif
