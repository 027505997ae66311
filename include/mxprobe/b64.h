/*
 * b64.h -- the one base64 decoder (DKIM p=, PEM certificate bodies).
 *
 * RFC 4648 4 alphabet only (no URL-safe "-_").  A one-shot decoder for
 * values held whole, and the symbol table a streaming reader (pem.c)
 * walks itself.
 */
#ifndef MXPROBE_B64_H
#define MXPROBE_B64_H

#include <stddef.h>

/* b64_tab[c]: the value 0..63 of symbol c, or one of these classes. */
#define B64_BLANK	0x80	/* space, \t, \r, \v, \f */
#define B64_NL		0x81	/* \n */
#define B64_PAD		0x82	/* '=' */
#define B64_BAD		0xff	/* anything else */
extern const unsigned char b64_tab[256];

/*
 * Base64 ("=" padding only at the end) of in[0..inlen) into out[0..cap),
 * skipping space, tab, CR and LF anywhere (RFC 6376 3.6.1 allows folding
 * whitespace in p=).  Returns 0 with *outlen set, -1 for a byte outside
 * the alphabet, misplaced padding or a length that is not a multiple of
 * four, -2 if the result does not fit in cap.
 */
int b64_decode(const char *in, size_t inlen, unsigned char *out, size_t cap,
    size_t *outlen);

#endif
