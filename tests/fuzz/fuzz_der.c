/*
 * fuzz_der.c -- the DER reader on arbitrary bytes.
 *
 * Walks every element, descending into each, lenient and strict: a
 * child never reaches past its parent, a strict read never succeeds
 * where the lenient one fails, and the whole element is tag, length and
 * value.
 */
#include <stddef.h>
#include <stdint.h>

#include "mxprobe/der.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(struct rd *r, int depth)
{
	struct rd v, s, sv;
	const unsigned char *tlv;
	size_t tl;
	unsigned tag;

	while (rd_left(r) > 0) {
		s = *r;
		if (der_tlv(r, &tag, &v, &tlv, &tl) != 0) {
			tag = (unsigned)der_peek(&s);
			if (der_get_strict(&s, tag, &sv) == 0)
				__builtin_trap();
			return;
		}
		if (v.p + v.len > tlv + tl || tlv < r->p ||
		    tlv + tl > r->p + r->len || v.off != 0)
			__builtin_trap();
		if (depth < 8 && (tag & 0x20))
			walk(&v, depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r;

	rd_init(&r, data, size);
	walk(&r, 0);
	return 0;
}
