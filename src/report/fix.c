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

/* see fix.h */
size_t
fix_text(unsigned e, enum fix_part p, char *buf, size_t cap)
{
	unsigned short st[FIX_PACK_DEPTH + 1];
	const unsigned char *s, *end, *r;
	unsigned i, n, x, part = 0;
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
	/* every symbol of the entry up to part p's end, expanded in order */
	while (s < end && part <= (unsigned)p) {
		x = *s++;
		if (FIX_PACK_IS_CODE(x)) {
			x = FIX_PACK_IDX(x);
			/* a wide code's second byte is in the entry */
			if (x >= fix_pack_narrow)
				x = fix_pack_narrow +
				    (x - fix_pack_narrow) * 256 + *s++;
			x += 256;
		}
		n = 0;
		st[n++] = (unsigned short)x;
		while (n > 0) {
			x = st[--n];
			if (x >= 256) {
				/* the generator nests at most FIX_PACK_DEPTH */
				r = fix_pack_rule[x - 256];
				st[n++] = (unsigned short)(r[1] >> 4 | r[2] << 4);
				st[n++] = (unsigned short)(r[0] |
				    (r[1] & 0x0f) << 8);
			} else if (x == FIX_PACK_SEP) {
				if (++part > (unsigned)p)
					break;
			} else if (part == (unsigned)p && l + 1 < cap)
				buf[l++] = (char)x;
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
