/*
 * fix_int.h -- the packed form of the texts of fix.h, shared by their
 * reader (fix.c) and the tables toolchains/textpack.c generates at build
 * time (fixpack.c in the build directory), so that both agree on it.
 *
 * Every text is printable ASCII (0x20-0x7e, the generator refuses
 * anything else), which leaves the other byte values free.  An entry is
 * its parts in enum fix_part order, each but the last followed by
 * FIX_PACK_SEP, trailing empty parts left out, as a string of symbols:
 * a byte (below 256: a character or FIX_PACK_SEP) or a rule (256 + r),
 * which stands for the two symbols of fix_pack_rule[r], rules again or
 * bytes, nested at most FIX_PACK_DEPTH deep (byte-pair encoding with
 * more rules than one byte can name).  In fix_pack_text a character and
 * FIX_PACK_SEP are themselves; a code byte c (FIX_PACK_IS_CODE) names
 * rule FIX_PACK_IDX(c) when that is below fix_pack_narrow (the rules the
 * texts use most), and otherwise, with the byte after it, rule
 * fix_pack_narrow + (FIX_PACK_IDX(c) - fix_pack_narrow) * 256 + next.
 * A text is read by expanding its entry with a stack of FIX_PACK_DEPTH +
 * 1 symbols: no table to build, no heap.
 */
#ifndef MXPROBE_FIX_INT_H
#define MXPROBE_FIX_INT_H
#include "mxprobe/err.h"
#include "mxprobe/finding.h"

/*
 * Entries: F_0 .. F__COUNT - 1, then the errors MX_E_SHORT ..
 * MX_E__COUNT - 1 (MX_OK has none).
 */
#define FIX_PACK_ENTRIES	(F__COUNT + MX_E__COUNT - 1)
/* The byte that ends a part. */
#define FIX_PACK_SEP		0x00
/* Code bytes: 0x7f-0xff (indices 0-128), then 0x01-0x1f (129-159). */
#define FIX_PACK_CODES		160
#define FIX_PACK_IS_CODE(c)	((c) >= 0x7f || ((c) > 0 && (c) < 0x20))
#define FIX_PACK_IDX(c)		((c) >= 0x7f ? (c) - 0x7f : (c) + 128)
#define FIX_PACK_BYTE(i)	((i) < 129 ? (i) + 0x7f : (i) - 128)
/* Rules: a symbol is 12 bits, and the first 256 values are bytes. */
#define FIX_PACK_RULES_MAX	(4096 - 256)
/*
 * How deep rules nest: the reader's stack.  Deeper rules stand for long
 * strings built up pair by pair; the generator makes none deeper.
 */
#define FIX_PACK_DEPTH		32

/*
 * Rule r: symbols a and b in 3 bytes, a = [0] | ([1] & 0x0f) << 8,
 * b = [1] >> 4 | [2] << 4.
 */
extern const unsigned char	fix_pack_rule[][3];
/* Code indices below this name a rule alone; the others, with a byte. */
extern const unsigned char	fix_pack_narrow;
/* Entry i is fix_pack_text[fix_pack_off[i]] up to fix_pack_off[i + 1]. */
extern const unsigned short	fix_pack_off[FIX_PACK_ENTRIES + 1];
extern const unsigned char	fix_pack_text[];

#endif
