/*
 * cur.c -- the bounded reading cursor (see cur.h).
 */
#include "mxprobe/cur.h"

/* see cur.h */
void
rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->err = MX_OK;
}

/* see cur.h */
int
rd_fail(struct rd *r, enum mx_err e)
{
	if (r->err == MX_OK)
		r->err = e;
	return -1;
}

/* see cur.h */
size_t
rd_left(const struct rd *r)
{
	return r->err ? 0 : r->len - r->off;
}

/* see cur.h */
int
rd_bytes(struct rd *r, size_t n, const unsigned char **p)
{
	if (r->err || r->len - r->off < n)
		return rd_fail(r, MX_E_SHORT);
	if (p)
		*p = r->p + r->off;
	r->off += n;
	return 0;
}

/* see cur.h */
int
rd_u8(struct rd *r, uint8_t *v)
{
	const unsigned char *p;

	if (rd_bytes(r, 1, &p))
		return -1;
	*v = p[0];
	return 0;
}

/* see cur.h */
int
rd_u16(struct rd *r, uint16_t *v)
{
	const unsigned char *p;

	if (rd_bytes(r, 2, &p))
		return -1;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

/* see cur.h */
int
rd_u32(struct rd *r, uint32_t *v)
{
	const unsigned char *p;

	if (rd_bytes(r, 4, &p))
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return 0;
}

/* see cur.h */
int
rd_sub(struct rd *r, size_t n, struct rd *child)
{
	const unsigned char *p;

	if (rd_bytes(r, n, &p)) {
		rd_init(child, r->p, 0);
		child->err = r->err;
		return -1;
	}
	rd_init(child, p, n);
	return 0;
}

/* see cur.h */
int
cur_decimal(const char *p, size_t n, size_t maxd, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > maxd || maxd > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}
