/*
 * hex.h -- the one lower-case hex writer (digests, TLSA data, nibbles of
 * reverse names, unknown code points).
 */
#ifndef MXPROBE_HEX_H
#define MXPROBE_HEX_H

#include <stddef.h>

/* "0123456789abcdef", for callers that write single nibbles. */
extern const char hex_digits[16];

/*
 * Lower-case hex of p[0..n) into dst[0..2n) and a NUL at dst[2n] (so dst
 * holds 2n + 1 bytes).  Returns dst + 2n, where the NUL is.
 */
char *hex_write(char *dst, const void *p, size_t n);

#endif
