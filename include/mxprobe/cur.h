/*
 * cur.h -- the one bounded reading cursor (DNS, DER, SMTP, policy text).
 *
 * Every read checks what remains (never `off + n > len`, which can wrap);
 * the first error sticks, so a parser chains reads and checks r->err once.
 */
#ifndef MXPROBE_CUR_H
#define MXPROBE_CUR_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/err.h"

struct rd {
	const unsigned char	*p;
	size_t			 len, off;
	enum mx_err		 err;
};

/* A cursor over p[0..len). */
void rd_init(struct rd *r, const void *p, size_t len);
/* Sets r->err to e unless an error is already set; returns -1. */
int rd_fail(struct rd *r, enum mx_err e);
/* Bytes left (0 once an error is set). */
size_t rd_left(const struct rd *r);
/* Reads one byte / big-endian 16 / 32 bits; -1 and MX_E_SHORT if short. */
int rd_u8(struct rd *r, uint8_t *v);
int rd_u16(struct rd *r, uint16_t *v);
int rd_u32(struct rd *r, uint32_t *v);
/* Points *p at the next n bytes and skips them (no copy). */
int rd_bytes(struct rd *r, size_t n, const unsigned char **p);
/* Child cursor over the next n bytes; the parent skips them. */
int rd_sub(struct rd *r, size_t n, struct rd *child);

/*
 * Policy text (MTA-STS max_age, DMARC pct/ri, SPF cidr lengths): p[0..n)
 * is a decimal of 1 to maxd digits (maxd <= 19) and nothing else, at most
 * max.  Summed in 64 bits, so ten digits are right on 32-bit targets
 * too.  0 and *v set, or -1 (*v untouched).
 */
int cur_decimal(const char *p, size_t n, size_t maxd, uint64_t max,
    uint64_t *v);

#endif
