/*
 * textpack.c -- the build-time packer of the texts for people (fix.h):
 * reads finding.def and fix.def through their X-macros, checks them, and
 * writes to stdout the C tables of their packed form (src/report/fix_int.h
 * says what that form is) that src/report/fix.c reads.  A host program:
 * it runs on the build machine and is never linked into mxprobe.
 *
 * usage: textpack [-p] > fixpack.c
 * Exits 1, with one line on stderr naming the entry, when a finding or an
 * error has no entry (or an empty meaning or what), when an entry comes
 * twice, when a part is longer than MX_FIX_TEXT_MAX - 1 bytes or holds a
 * byte outside printable ASCII, or when the packed tables outgrow their
 * types.  -p (make FIX_PARTIAL=1) only warns of missing entries: for
 * building while fix.def is being written, never the default.
 *
 * The packing (fix_int.h) is byte-pair encoding (Gage 1994) with as many
 * rules as 12 bits number: replace the most frequent pair of adjacent
 * symbols by a new rule, again and again, while a pair repeats
 * PACK_MIN_USES times; then a canonical Huffman code of the symbols the
 * texts are left with.  Rules catch what repeats (names, parameters,
 * whole phrases), the code what is frequent; both need nothing of the
 * texts but that they are ASCII, and the reader is one loop, a stack of
 * FIX_PACK_DEPTH + 1 ids and no table to build.  An LZ77 coder packs a
 * little tighter but needs the text read so far as its window; here
 * every part is read alone, into a caller's buffer of one part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxprobe/err.h"
#include "mxprobe/finding.h"
#include "mxprobe/fix.h"
#include "mxprobe/limits.h"
#include "fix_int.h"

/* Rules: every symbol id but the 256 bytes'. */
#define PACK_RULES_MAX	(FIX_PACK_IDS_MAX - 256)
/* Room for every entry: parts, separators, and slack for the checks. */
#define PACK_ENTRY_MAX	(FIX__PARTS * MX_FIX_TEXT_MAX)

static const char	*text[FIX_PACK_ENTRIES][FIX__PARTS];
static const char	*label[FIX_PACK_ENTRIES];	/* for messages */
static int		 seen[FIX_PACK_ENTRIES];
/* Each entry as symbols (fix_int.h): bytes first, then with rules. */
static unsigned short	 buf[FIX_PACK_ENTRIES][PACK_ENTRY_MAX];
static size_t		 len[FIX_PACK_ENTRIES];
static unsigned short	 rule[PACK_RULES_MAX][2];
static unsigned char	 depth[256 + PACK_RULES_MAX];
/* Per symbol: uses in the texts, code length, id in fix_pack_rule. */
static unsigned long	 freq[256 + PACK_RULES_MAX];
static unsigned		 clen[256 + PACK_RULES_MAX];
static unsigned		 id[256 + PACK_RULES_MAX];
static unsigned		 byid[FIX_PACK_IDS_MAX];
static unsigned short	 hcount[FIX_PACK_HUFF_MAX + 1];
/* The pair counts of one round: open addressing, a round's own stamp. */
#define PACK_HASH	(1u << 17)
static struct {
	unsigned	 key, round;
	unsigned long	 n;
}			 hash[PACK_HASH];
/* The encoded entries (a code is at most FIX_PACK_HUFF_MAX bits). */
static unsigned char	 out[FIX_PACK_ENTRIES][2 * PACK_ENTRY_MAX];
static size_t		 olen[FIX_PACK_ENTRIES];
static int		 failed;
static unsigned		 missing;
/* The parts' names, in enum fix_part order, for messages. */
static const char *const part_name[FIX__PARTS] = {
	"meaning", "what", "any", "postfix", "exim", "opensmtpd", "dns",
};

static void
entry(unsigned i, const char *name, const char *meaning, const char *what,
    const char *any, const char *pf, const char *ex, const char *sm,
    const char *dns)
{
	if (seen[i]) {
		fprintf(stderr, "textpack: fix.def: %s has two entries\n",
		    name);
		failed = 1;
		return;
	}
	seen[i] = 1;
	if (meaning != NULL)
		text[i][FIX_MEANING] = meaning;
	text[i][FIX_WHAT] = what;
	text[i][FIX_ANY] = any;
	text[i][FIX_POSTFIX] = pf;
	text[i][FIX_EXIM] = ex;
	text[i][FIX_SMTPD] = sm;
	text[i][FIX_DNS] = dns;
}

static void
collect(void)
{
	static char l[FIX_PACK_ENTRIES][80];
	unsigned e;

#define FINDING(name, code, sev, layer, meaning)	\
	text[F_##name][FIX_MEANING] = meaning;		\
	snprintf(l[F_##name], sizeof(l[0]), "finding %s (%s)", code, #name);
#include "mxprobe/finding.def"
#undef FINDING
	for (e = 1; e < MX_E__COUNT; e++)
		snprintf(l[F__COUNT + e - 1], sizeof(l[0]), "error %s",
		    mx_err_str((enum mx_err)e));
	for (e = 0; e < FIX_PACK_ENTRIES; e++)
		label[e] = l[e];
#define FIX(name, what, any, pf, ex, sm, dns)	\
	entry(F_##name, #name, NULL, what, any, pf, ex, sm, dns);
#define FIXE(name, meaning, what, any, pf, ex, sm, dns)	\
	entry(F__COUNT + MX_E_##name - 1, #name, meaning, what, any, pf, ex, \
	    sm, dns);
#include "mxprobe/fix.def"
#undef FIX
#undef FIXE
}

/* Checks entry i and lays its parts out in buf[i]. */
static void
check(unsigned i, int partial)
{
	const unsigned char *s;
	unsigned p;
	size_t n, l;

	if (!seen[i] || text[i][FIX_MEANING] == NULL ||
	    text[i][FIX_MEANING][0] == 0 || text[i][FIX_WHAT] == NULL ||
	    text[i][FIX_WHAT][0] == 0) {
		/* -p: the first few, the count says the rest */
		if (!partial || missing < 3)
			fprintf(stderr, "textpack: %s%s: %s\n", partial ?
			    "warning: " : "", label[i], !seen[i] ?
			    "no entry in fix.def" :
			    "empty meaning or what in fix.def");
		missing++;
	}
	for (p = 0, l = 0; p < FIX__PARTS; p++) {
		s = (const unsigned char *)(text[i][p] ? text[i][p] : "");
		n = strlen((const char *)s);
		if (n > MX_FIX_TEXT_MAX - 1) {
			fprintf(stderr, "textpack: %s: part %s is %zu bytes, "
			    "over MX_FIX_TEXT_MAX - 1 (%d)\n", label[i],
			    part_name[p], n, MX_FIX_TEXT_MAX - 1);
			failed = 1;
			return;
		}
		for (; *s; s++)
			if (*s < 0x20 || *s > 0x7e) {
				fprintf(stderr, "textpack: %s: part %s: byte "
				    "0x%02x is not printable ASCII\n",
				    label[i], part_name[p], *s);
				failed = 1;
				return;
			}
		for (s = (const unsigned char *)(text[i][p] ? text[i][p] :
		    ""); *s; s++)
			buf[i][l++] = *s;
		buf[i][l++] = FIX_PACK_SEP;
	}
	len[i] = l;
}

/*
 * Counts the pairs of every entry (pairs never span two entries, which
 * are read alone) and returns the most frequent one that nests no deeper
 * than FIX_PACK_DEPTH (the first in key order among equals, so that the
 * output depends on the texts only), in *best its count.  In a run "aaa"
 * the pair "aa" replaces once, so a pair of equal symbols that overlaps
 * the one just counted is not counted.
 */
static unsigned
count_pairs(unsigned round, unsigned long *best)
{
	unsigned i, a, b, key, h, top = 0, used = 0;
	size_t k;
	int skip;

	*best = 0;
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		for (k = 0, skip = 0; k + 1 < len[i]; k++) {
			if (skip) {
				skip = 0;
				continue;
			}
			a = buf[i][k];
			b = buf[i][k + 1];
			skip = a == b;
			if ((depth[a] > depth[b] ? depth[a] : depth[b]) >=
			    FIX_PACK_DEPTH)
				continue;
			key = a << 12 | b;
			for (h = (key * 2654435761u) >> 15; ;
			    h = (h + 1) & (PACK_HASH - 1))
				if (hash[h].round != round ||
				    hash[h].key == key)
					break;
			if (hash[h].round != round) {
				/* full: a pair less to choose from, no hang */
				if (used >= PACK_HASH / 4 * 3)
					continue;
				used++;
				hash[h].round = round;
				hash[h].key = key;
				hash[h].n = 0;
			}
			hash[h].n++;
			if (hash[h].n > *best || (hash[h].n == *best &&
			    key < top)) {
				*best = hash[h].n;
				top = key;
			}
		}
	return top;
}

static void
replace(unsigned a, unsigned b, unsigned short c)
{
	unsigned i;
	size_t k, o;

	for (i = 0; i < FIX_PACK_ENTRIES; i++) {
		for (k = 0, o = 0; k < len[i]; k++) {
			if (k + 1 < len[i] && buf[i][k] == a &&
			    buf[i][k + 1] == b) {
				buf[i][o++] = c;
				k++;
			} else
				buf[i][o++] = buf[i][k];
		}
		len[i] = o;
	}
}

/*
 * Makes the rules: the most frequent pair, again and again, while it
 * repeats PACK_MIN_USES times (fewer do not pay for 3 bytes of table).
 * Returns the number of rules.
 */
#ifndef PACK_MIN_USES
#define PACK_MIN_USES	3
#endif
static unsigned
pack(void)
{
	unsigned n, key, a, b;
	unsigned long best;

	for (n = 0; n < PACK_RULES_MAX; n++) {
		key = count_pairs(n + 1, &best);
		if (best < PACK_MIN_USES)
			break;
		a = key >> 12;
		b = key & 0xfff;
		rule[n][0] = (unsigned short)a;
		rule[n][1] = (unsigned short)b;
		depth[256 + n] = (unsigned char)(1 +
		    (depth[a] > depth[b] ? depth[a] : depth[b]));
		replace(a, b, (unsigned short)(256 + n));
	}
	return n;
}

/*
 * Huffman code lengths of the symbols the texts use (freq), at most
 * FIX_PACK_HUFF_MAX bits: the two-queue construction over the symbols
 * sorted by use; when a code comes out longer, the uses are halved (the
 * rare ones then weigh as much as the common ones' share) and it is
 * built again.
 */
static unsigned		 hsym[256 + PACK_RULES_MAX];
static unsigned long	 hw[2 * (256 + PACK_RULES_MAX)];
static unsigned		 hup[2 * (256 + PACK_RULES_MAX)];

static int
by_freq(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;

	if (freq[a] != freq[b])
		return freq[a] < freq[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void
lengths(unsigned nsym)
{
	unsigned long w[256 + PACK_RULES_MAX];
	unsigned n = 0, i, j, k, q1, q2, nn, d, max;

	for (i = 0; i < nsym; i++)
		if (freq[i] > 0)
			hsym[n++] = i;
	qsort(hsym, n, sizeof(hsym[0]), by_freq);
	for (i = 0; i < n; i++)
		w[i] = freq[hsym[i]];
	for (;;) {
		/* leaves 0..n-1 by weight, inner nodes n.. in order made */
		for (i = 0; i < n; i++)
			hw[i] = w[i];
		q1 = 0;
		q2 = nn = n;
		while ((n - q1) + (nn - q2) > 1) {
			hw[nn] = 0;
			for (k = 0; k < 2; k++) {
				if (q1 < n && (q2 == nn || hw[q1] <= hw[q2]))
					j = q1++;
				else
					j = q2++;
				hup[j] = nn;
				hw[nn] += hw[j];
			}
			nn++;
		}
		max = 0;
		for (i = 0; i < n; i++) {
			for (d = 0, j = i; j != nn - 1; j = hup[j])
				d++;
			clen[hsym[i]] = d > 0 ? d : 1;
			if (clen[hsym[i]] > max)
				max = clen[hsym[i]];
		}
		if (max <= FIX_PACK_HUFF_MAX)
			break;
		for (i = 0; i < n; i++)
			w[i] = w[i] / 2 + 1;
	}
}

/*
 * The ids of fix_pack_rule: the symbols the texts use in canonical code
 * order (by length, then symbol), so that a code's rank is its id; then
 * every other symbol some rule names.  Returns the number of ids, or 0
 * when they do not fit 12 bits.
 */
static int
by_code(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;

	if (clen[a] != clen[b])
		return clen[a] < clen[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

static unsigned
number(unsigned nrules)
{
	static unsigned char named[256 + PACK_RULES_MAX];
	unsigned nsym = 256 + nrules, n = 0, i, k;
	size_t j;

	memset(freq, 0, sizeof(freq));
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		for (j = 0; j < len[i]; j++)
			freq[buf[i][j]]++;
	lengths(nsym);
	for (i = 0; i < nsym; i++)
		if (freq[i] > 0)
			hsym[n++] = i;
	qsort(hsym, n, sizeof(hsym[0]), by_code);
	memset(hcount, 0, sizeof(hcount));
	for (i = 0; i < n; i++)
		hcount[clen[hsym[i]]]++;
	for (i = 0; i < nrules; i++)
		for (k = 0; k < 2; k++)
			named[rule[i][k]] = 1;
	for (i = 0; i < nsym; i++)
		if (freq[i] == 0 && named[i])
			hsym[n++] = i;
	if (n > FIX_PACK_IDS_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		id[hsym[i]] = i;
		byid[i] = hsym[i];
	}
	return n;
}

/* Appends the code of symbol x to entry i (bits most significant first). */
static unsigned long	 hcode[256 + PACK_RULES_MAX];
static unsigned		 obit[FIX_PACK_ENTRIES];

static void
put(unsigned i, unsigned x)
{
	unsigned b;

	for (b = clen[x]; b-- > 0; ) {
		if (obit[i] == 0)
			out[i][olen[i]++] = 0;
		if (hcode[x] >> b & 1)
			out[i][olen[i] - 1] |= (unsigned char)(0x80 >> obit[i]);
		obit[i] = (obit[i] + 1) & 7;
	}
}

static void
encode(unsigned nids)
{
	unsigned long code = 0;
	unsigned i, len0 = 0;
	size_t k;

	/* canonical: consecutive codes by id within a length */
	for (i = 0; i < nids && freq[byid[i]] > 0; i++) {
		while (len0 < clen[byid[i]]) {
			code <<= 1;
			len0++;
		}
		hcode[byid[i]] = code++;
	}
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		for (k = 0; k < len[i]; k++)
			put(i, buf[i][k]);
}

static void
bytes(const unsigned char *p, size_t n, const char *indent)
{
	size_t k;

	for (k = 0; k < n; k++)
		printf("%s0x%02x,%s", k % 12 == 0 ? indent : " ", p[k],
		    k % 12 == 11 || k + 1 == n ? "\n" : "");
}

int
main(int argc, char **argv)
{
	static unsigned char rbits[FIX_PACK_IDS_MAX * 3];
	unsigned long at;
	unsigned i, n, p, nids, x, a, b, k, w, maxd = 0;
	size_t raw = 0, packed = 0, off;
	int partial = argc > 1 && strcmp(argv[1], "-p") == 0;

	collect();
	for (i = 0; i < FIX_PACK_ENTRIES; i++) {
		check(i, partial);
		for (p = 0; p < FIX__PARTS; p++)
			raw += text[i][p] ? strlen(text[i][p]) : 0;
	}
	if (missing > 0)
		fprintf(stderr, "textpack: %u of %u entries missing or "
		    "incomplete in fix.def%s\n", missing, FIX_PACK_ENTRIES,
		    partial ? " (FIX_PARTIAL=1: packed anyway)" :
		    "; make FIX_PARTIAL=1 builds without them");
	if (failed || (missing > 0 && !partial))
		return 1;
	n = pack();
	nids = number(n);
	for (w = 8; w < 12 && (1u << w) - 1 < nids; w++)
		continue;
	if (nids == 0 || (1u << w) - 1 < nids) {
		fprintf(stderr, "textpack: more symbols than the 12 bits of "
		    "fix_pack_rule hold (fix_int.h)\n");
		return 1;
	}
	encode(nids);
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		packed += olen[i];
	if (packed > 0xffff) {
		fprintf(stderr, "textpack: %zu bytes packed: over the 16 bits "
		    "of fix_pack_off (fix_int.h)\n", packed);
		return 1;
	}
	for (i = 0; i < 256 + n; i++)
		if (depth[i] > maxd)
			maxd = depth[i];

	printf("/*\n * fixpack.c -- generated by toolchains/textpack.c from "
	    "finding.def and\n * fix.def: do not edit.  Texts %zu bytes; "
	    "packed %zu + %u symbols\n * (%u bytes, %u of them rules nested "
	    "%u deep at most) + %u offsets\n * (%zu bytes).\n */\n",
	    raw, packed, nids, (2 * w * nids + 7) / 8 + 2, n, maxd,
	    FIX_PACK_ENTRIES + 1,
	    (FIX_PACK_ENTRIES + 1) * sizeof(unsigned short));
	printf("#include \"fix_int.h\"\n\n");
	printf("const unsigned short fix_pack_count[FIX_PACK_HUFF_MAX + 1] = "
	    "{\n\t");
	for (i = 0; i <= FIX_PACK_HUFF_MAX; i++)
		printf("%u,%s", hcount[i], i == FIX_PACK_HUFF_MAX ? "\n" :
		    i % 12 == 11 ? "\n\t" : " ");
	printf("};\n\nconst unsigned char fix_pack_idbits = %u;\n\n", w);
	printf("const unsigned char fix_pack_rule[] = {\n");
	memset(rbits, 0, sizeof(rbits));
	for (i = 0, at = 0; i < nids; i++) {
		x = byid[i];
		a = x < 256 ? x : id[rule[x - 256][0]];
		b = x < 256 ? (1u << w) - 1 : id[rule[x - 256][1]];
		for (k = 2 * w; k-- > 0; at++)
			if (((unsigned long)a << w | b) >> k & 1)
				rbits[at >> 3] |= (unsigned char)(0x80 >> (at & 7));
	}
	/* 2 bytes more: the reader loads 3 bytes for an id (fix.c) */
	bytes(rbits, (at + 7) / 8 + 2, "\t");
	printf("};\n\nconst unsigned short fix_pack_off[FIX_PACK_ENTRIES + "
	    "1] = {\n");
	for (i = 0, off = 0; i <= FIX_PACK_ENTRIES; i++) {
		printf("%s%zu,%s", i % 10 == 0 ? "\t" : " ", off,
		    i % 10 == 9 || i == FIX_PACK_ENTRIES ? "\n" : "");
		if (i < FIX_PACK_ENTRIES)
			off += olen[i];
	}
	printf("};\n\nconst unsigned char fix_pack_text[] = {\n");
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		bytes(out[i], olen[i], "\t");
	if (packed == 0)
		printf("\t0\n");
	printf("};\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
