/*
 * ascii.c -- case-insensitive ASCII comparison (see ascii.h).
 */
#include "mxprobe/ascii.h"

/* see ascii.h */
int
ascii_eq_nocase(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) !=
		    ascii_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* see ascii.h */
int
ascii_eq_str(const char *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || ascii_lower((unsigned char)p[i]) !=
		    ascii_lower((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}
