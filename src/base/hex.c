/*
 * hex.c -- the one lower-case hex writer (see hex.h).
 */
#include "mxprobe/hex.h"

/* see hex.h; no NUL: it is a table, not a string */
const char hex_digits[16] = "0123456789abcdef";

/* see hex.h */
char *
hex_write(char *dst, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0) {
		*dst++ = hex_digits[*b >> 4];
		*dst++ = hex_digits[*b++ & 15];
	}
	*dst = '\0';
	return dst;
}
