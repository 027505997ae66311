/*
 * der.c -- the one DER element reader (see der.h).
 */
#include "mxprobe/der.h"

/* der_tlv, and with strict the shortest-length rule as well. */
static int
tlv_read(struct rd *r, int strict, unsigned *tag, struct rd *v,
    const unsigned char **tlv, size_t *tlvlen)
{
	size_t start, n;
	uint8_t t, b;
	int i, k;

	start = r->off;
	*tag = 0;
	if (rd_u8(r, &t))
		goto fail;
	if ((t & 0x1f) == 0x1f) {
		for (i = 0;; i++) {
			if (rd_u8(r, &b))
				goto fail;
			if (!(b & 0x80))
				break;
			if (i == 3)
				goto syntax;
		}
	}
	if (rd_u8(r, &b))
		goto fail;
	if (b < 0x80) {
		n = b;
	} else {
		k = b & 0x7f;
		if (k == 0 || k > 4)
			goto syntax;
		for (n = 0, i = k; i > 0; i--) {
			if (rd_u8(r, &b))
				goto fail;
			n = n << 8 | b;
		}
		/* shortest form: no leading zero byte, no long form < 0x80 */
		if (strict && (n < 0x80 || n >> 8 * (k - 1) == 0))
			goto syntax;
	}
	if (rd_sub(r, n, v))
		goto fail;
	*tag = t;
	if (tlv != NULL) {
		*tlv = r->p + start;
		*tlvlen = r->off - start;
	}
	return 0;
syntax:
	rd_fail(r, MX_E_SYNTAX);
fail:
	rd_init(v, r->p, 0);
	v->err = r->err;
	return -1;
}

/* see der.h */
int
der_tlv(struct rd *r, unsigned *tag, struct rd *v,
    const unsigned char **tlv, size_t *tlvlen)
{
	return tlv_read(r, 0, tag, v, tlv, tlvlen);
}

static int
get(struct rd *r, int strict, unsigned tag, struct rd *v)
{
	unsigned t;

	if (tlv_read(r, strict, &t, v, NULL, NULL))
		return -1;
	if (t != tag) {
		rd_fail(r, MX_E_SYNTAX);
		v->err = r->err;
		return -1;
	}
	return 0;
}

/* see der.h */
int
der_get(struct rd *r, unsigned tag, struct rd *v)
{
	return get(r, 0, tag, v);
}

/* see der.h */
int
der_get_strict(struct rd *r, unsigned tag, struct rd *v)
{
	return get(r, 1, tag, v);
}

/* see der.h */
int
der_peek(const struct rd *r)
{
	return rd_left(r) ? r->p[r->off] : -1;
}

/* see der.h */
int
der_end(struct rd *r, const struct rd *c)
{
	if (c->err)
		return rd_fail(r, c->err);
	if (c->off != c->len)
		return rd_fail(r, MX_E_SYNTAX);
	return r->err ? -1 : 0;
}
