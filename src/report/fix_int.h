/*
 * fix_int.h -- the packed form of the texts of fix.h, shared by their
 * reader (fix.c) and the tables toolchains/textpack.c generates at build
 * time (fixpack.c in the build directory), so that both agree on it.
 *
 * Every text is printable ASCII (0x20-0x7e, the generator refuses
 * anything else), which leaves the other byte values free.  An entry is
 * its parts in enum fix_part order, each but the last followed by
 * FIX_PACK_SEP, trailing empty parts left out; then byte-pair encoding:
 * a code byte stands for the pair of bytes fix_pack_pair[FIX_PACK_IDX(c)],
 * each of them a literal, FIX_PACK_SEP or a code again, never nested
 * deeper than FIX_PACK_DEPTH.  A text is read by expanding its entry's
 * bytes with a stack of FIX_PACK_DEPTH + 1 bytes: no table to build, no
 * heap, and the codes are chosen over every text at once.
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
/*
 * How deep codes nest: the reader's stack.  Deeper pairs are rarely worth
 * having (they stand for long, rare strings); the generator skips them.
 */
#define FIX_PACK_DEPTH		24

/* The pair each code stands for: [FIX_PACK_IDX(code)][0, 1]. */
extern const unsigned char	fix_pack_pair[][2];
/* Entry i is fix_pack_text[fix_pack_off[i]] up to fix_pack_off[i + 1]. */
extern const unsigned short	fix_pack_off[FIX_PACK_ENTRIES + 1];
extern const unsigned char	fix_pack_text[];

#endif
