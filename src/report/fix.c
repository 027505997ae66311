/*
 * fix.c -- the texts of fix.def and finding.def's meanings, read through
 * fix_text() (see fix.h) from the packed tables that toolchains/textpack.c
 * generates at build time (the format: fix_int.h).
 */
#include "mxprobe/fix.h"
#include "fix_int.h"

static const char *const part_name[FIX__PARTS] = {
	"meaning", "what", "any", "postfix", "exim", "opensmtpd", "dns",
};

/* Bit at of t, most significant first. */
static unsigned
fix_bit(const unsigned char *t, unsigned long at)
{
	return t[at >> 3] >> (7 - (at & 7)) & 1;
}

/*
 * The id of fix_pack_idbits bits at bit at of fix_pack_rule, from the 3
 * bytes that hold it (12 bits at most, 7 bits in: 19; the generator pads
 * the table with 2 bytes for the last id).
 */
static unsigned
fix_id(unsigned long at)
{
	const unsigned char *t = fix_pack_rule + (at >> 3);
	unsigned long v = (unsigned long)t[0] << 16 | t[1] << 8 | t[2];

	return (unsigned)(v >> (24 - (at & 7) - fix_pack_idbits)) &
	    ((1u << fix_pack_idbits) - 1);
}

/*
 * The next symbol id of an entry (canonical Huffman, fix_int.h) from bit
 * *at of fix_pack_text on; FIX_PACK_IDS_MAX at bit end, which the
 * generator's final separator keeps from happening.
 */
static unsigned
fix_next(unsigned long *at, unsigned long end)
{
	unsigned len, code = 0, first = 0, index = 0, count;

	for (len = 1; len <= FIX_PACK_HUFF_MAX && *at < end; len++) {
		code |= fix_bit(fix_pack_text, (*at)++);
		count = fix_pack_count[len];
		if (code - first < count)
			return index + (code - first);
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return FIX_PACK_IDS_MAX;
}

/* see fix.h */
size_t
fix_text(unsigned e, enum fix_part p, char *buf, size_t cap)
{
	unsigned short st[FIX_PACK_DEPTH + 1];
	unsigned long at, end, w = fix_pack_idbits;
	unsigned i, n, x, a, part = 0;
	size_t l = 0;

	if (cap == 0)
		return 0;
	buf[0] = 0;
	if ((unsigned)p >= FIX__PARTS)
		return 0;
	if (e < F__COUNT)
		i = e;
	else if (e > VERDICT_ERR && e - VERDICT_ERR < MX_E__COUNT)
		i = F__COUNT + (e - VERDICT_ERR) - 1;
	else
		return 0;
	at = 8ul * fix_pack_off[i];
	end = 8ul * fix_pack_off[i + 1];
	/* every symbol of the entry up to part p's separator, expanded */
	while (part <= (unsigned)p &&
	    (x = fix_next(&at, end)) < FIX_PACK_IDS_MAX) {
		n = 0;
		st[n++] = (unsigned short)x;
		while (n > 0) {
			x = st[--n];
			a = fix_id(2 * w * x);
			x = fix_id(2 * w * x + w);
			if (x != (1u << w) - 1) {
				/* the generator nests at most FIX_PACK_DEPTH */
				st[n++] = (unsigned short)x;
				st[n++] = (unsigned short)a;
			} else if (a == FIX_PACK_SEP) {
				if (++part > (unsigned)p)
					break;
			} else if (part == (unsigned)p && l + 1 < cap)
				buf[l++] = (char)a;
		}
	}
	buf[l] = 0;
	return l;
}

/* see fix.h */
const char *
fix_part_name(enum fix_part p)
{
	return (unsigned)p < FIX__PARTS ? part_name[p] : "";
}
