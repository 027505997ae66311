/*
 * ascii.h -- ASCII character classes and case-insensitive comparison for
 * the protocol and policy parsers (DNS names, HTTP, SMTP, SPF, DMARC,
 * MTA-STS, TLSRPT, DKIM tags, certificate names).
 *
 * ASCII only, never the locale: every grammar here (RFC 5234 ALPHA,
 * DIGIT, WSP) is ASCII, and <ctype.h> would answer by the locale.  The
 * classes are inline, as the copies they replace were.
 */
#ifndef MXPROBE_ASCII_H
#define MXPROBE_ASCII_H

#include <stddef.h>

static inline int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int
ascii_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
ascii_is_alnum(int c)
{
	return ascii_is_alpha(c) || ascii_is_digit(c);
}

/* RFC 5234 WSP: space or horizontal tab. */
static inline int
ascii_is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* a[0..n) and b[0..n) are equal, ASCII case-insensitively. */
int ascii_eq_nocase(const char *a, const char *b, size_t n);
/* p[0..n) equals the NUL-terminated s, ASCII case-insensitively. */
int ascii_eq_str(const char *p, size_t n, const char *s);

#endif
