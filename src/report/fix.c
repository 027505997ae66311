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

/*
 * The next symbol id of an entry (canonical Huffman, fix_int.h), from bit
 * *bit of *s on; FIX_PACK_IDS_MAX past its end, which the generator's
 * final separators keep from happening.
 */
static unsigned
fix_next(const unsigned char **s, const unsigned char *end, unsigned *bit)
{
	unsigned len, code = 0, first = 0, index = 0, count;

	for (len = 1; len <= FIX_PACK_HUFF_MAX && *s < end; len++) {
		code |= **s >> (7 - *bit) & 1;
		if (++*bit == 8) {
			*bit = 0;
			(*s)++;
		}
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
	const unsigned char *s, *end, *r;
	unsigned i, n, x, a, bit = 0, part = 0;
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
	s = fix_pack_text + fix_pack_off[i];
	end = fix_pack_text + fix_pack_off[i + 1];
	/* every symbol of the entry up to part p's separator, expanded */
	while (part <= (unsigned)p &&
	    (x = fix_next(&s, end, &bit)) < FIX_PACK_IDS_MAX) {
		n = 0;
		st[n++] = (unsigned short)x;
		while (n > 0) {
			r = fix_pack_rule[st[--n]];
			a = r[0] | (r[1] & 0x0f) << 8;
			x = r[1] >> 4 | r[2] << 4;
			if (x != FIX_PACK_LIT) {
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
