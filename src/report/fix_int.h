/*
 * fix_int.h -- the packed form of the texts of fix.h, shared by their
 * reader (fix.c) and the tables toolchains/textpack.c generates at build
 * time (fixpack.c in the build directory), so that both agree on it.
 *
 * An entry is its parts in enum fix_part order, each followed by
 * FIX_PACK_SEP, as a string of symbols; a symbol is a byte of the text
 * (printable ASCII, which the generator checks) or FIX_PACK_SEP, or a
 * rule that stands for two symbols (byte-pair encoding: the generator
 * replaces the most frequent pair of symbols by a new rule, again and
 * again).  fix_pack_rule holds every symbol by its id: the two ids a rule
 * stands for, or a byte and the all-ones id.  The entry's symbols are then
 * written as a canonical Huffman code, most significant bit first, one
 * entry starting on a byte: the symbols the texts use have the first
 * ids, in code order, so that a code's rank among the codes is the id
 * and fix_pack_count (codes per length) is the whole code table.
 * A text is read by decoding its entry up to the separator that ends its
 * part, expanding each rule with a stack of FIX_PACK_DEPTH + 1 ids: no
 * table to build, no heap.
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
/* Symbol ids: at most 12 bits (the generator's limit), past 4094 none. */
#define FIX_PACK_IDS_MAX	4095
/* The longest code, in bits. */
#define FIX_PACK_HUFF_MAX	16
/*
 * How deep rules nest: the reader's stack.  Deeper rules stand for long
 * strings built up pair by pair; the generator makes none deeper.
 */
#define FIX_PACK_DEPTH		32

/* Codes of each length in bits, [0] unused. */
extern const unsigned short	fix_pack_count[FIX_PACK_HUFF_MAX + 1];
/*
 * Symbol id i: ids a and b of fix_pack_idbits bits each, at bit 2 * i *
 * fix_pack_idbits of fix_pack_rule (most significant first); b all ones:
 * the byte a.  The width is the fewest bits that number every id; 2
 * bytes of padding follow the last.
 */
extern const unsigned char	fix_pack_idbits;
extern const unsigned char	fix_pack_rule[];
/* Entry i is fix_pack_text[fix_pack_off[i]] up to fix_pack_off[i + 1]. */
extern const unsigned short	fix_pack_off[FIX_PACK_ENTRIES + 1];
extern const unsigned char	fix_pack_text[];

#endif
