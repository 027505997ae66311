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
 * The packing is byte-pair encoding (Gage 1994): replace the most
 * frequent pair of adjacent bytes by a free byte value, and again, until
 * no free byte is left or no pair repeats enough to pay for its 2 bytes
 * of table.  It needs nothing of the texts but that they are ASCII, and
 * its reader is a loop and a stack of FIX_PACK_DEPTH + 1 bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxprobe/err.h"
#include "mxprobe/finding.h"
#include "mxprobe/fix.h"
#include "mxprobe/limits.h"
#include "fix_int.h"

/* Room for every entry: parts, separators, and slack for the checks. */
#define PACK_ENTRY_MAX	(FIX__PARTS * MX_FIX_TEXT_MAX)

static const char	*text[FIX_PACK_ENTRIES][FIX__PARTS];
static const char	*label[FIX_PACK_ENTRIES];	/* for messages */
static int		 seen[FIX_PACK_ENTRIES];
/* Each entry as symbols (fix_int.h): bytes first, then with rules. */
static unsigned short	 buf[FIX_PACK_ENTRIES][PACK_ENTRY_MAX];
static size_t		 len[FIX_PACK_ENTRIES];
static unsigned short	 rule[FIX_PACK_RULES_MAX][2];
static unsigned char	 depth[256 + FIX_PACK_RULES_MAX];
/* The pair counts of one round: open addressing, a round's own stamp. */
#define PACK_HASH	(1u << 17)
static struct {
	unsigned	 key, round;
	unsigned long	 n;
}			 hash[PACK_HASH];
/* The encoded entries. */
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
	unsigned p, last = 0;
	size_t n, l;

	if (!seen[i] || text[i][FIX_MEANING] == NULL ||
	    text[i][FIX_MEANING][0] == 0 || text[i][FIX_WHAT] == NULL ||
	    text[i][FIX_WHAT][0] == 0) {
		fprintf(stderr, "textpack: %s%s: %s\n", partial ?
		    "warning: " : "", label[i], !seen[i] ?
		    "no entry in fix.def" : "empty meaning or what in fix.def");
		missing++;
	}
	for (p = 0; p < FIX__PARTS; p++)
		if (text[i][p] != NULL && text[i][p][0] != 0)
			last = p + 1;
	for (p = 0, l = 0; p < last; p++) {
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
		if (p > 0)
			buf[i][l++] = FIX_PACK_SEP;
		for (s = (const unsigned char *)(text[i][p] ? text[i][p] :
		    ""); *s; s++)
			buf[i][l++] = *s;
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
	unsigned i, a, b, key, h, top = 0;
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
#define PACK_MIN_USES	3
static unsigned
pack(void)
{
	unsigned n, key, a, b;
	unsigned long best;

	for (n = 0; n < FIX_PACK_RULES_MAX; n++) {
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
 * Numbers the rules by how often the texts name them, most first, so
 * that one-byte codes go to those; then picks how many code bytes lead a
 * two-byte code (the fewest bytes of text in all), and encodes.  Returns
 * fix_pack_narrow; the rules are renumbered in place.
 */
static unsigned long	 uses[FIX_PACK_RULES_MAX];
static unsigned		 order[FIX_PACK_RULES_MAX], renum[FIX_PACK_RULES_MAX];

static int
by_uses(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;

	if (uses[a] != uses[b])
		return uses[a] > uses[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

static unsigned
encode(unsigned nrules)
{
	static unsigned short r2[FIX_PACK_RULES_MAX][2];
	unsigned i, r, w, narrow, wide, used = 0, best_narrow = 0;
	unsigned long bytes, best = (unsigned long)-1;
	size_t k;

	for (i = 0; i < nrules; i++) {
		uses[i] = 0;
		order[i] = i;
	}
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		for (k = 0; k < len[i]; k++)
			if (buf[i][k] >= 256)
				uses[buf[i][k] - 256]++;
	qsort(order, nrules, sizeof(order[0]), by_uses);
	for (i = 0; i < nrules; i++) {
		renum[order[i]] = i;
		if (uses[order[i]] > 0)
			used = i + 1;
	}
	for (i = 0; i < nrules; i++)
		for (k = 0; k < 2; k++)
			r2[renum[i]][k] = rule[i][k] >= 256 ?
			    (unsigned short)(256 + renum[rule[i][k] - 256]) :
			    rule[i][k];
	memcpy(rule, r2, sizeof(r2));
	for (wide = 0; wide < FIX_PACK_CODES; wide++) {
		narrow = FIX_PACK_CODES - wide;
		if (narrow + wide * 256 < used)
			continue;
		for (i = 0, bytes = 0; i < used; i++)
			bytes += uses[order[i]] * (i < narrow ? 1 : 2);
		if (bytes < best) {
			best = bytes;
			best_narrow = narrow;
		}
	}
	narrow = best_narrow;
	for (i = 0; i < FIX_PACK_ENTRIES; i++)
		for (k = 0, olen[i] = 0; k < len[i]; k++) {
			if (buf[i][k] < 256) {
				out[i][olen[i]++] = (unsigned char)buf[i][k];
				continue;
			}
			r = renum[buf[i][k] - 256];
			if (r < narrow) {
				out[i][olen[i]++] = FIX_PACK_BYTE(r);
				continue;
			}
			w = r - narrow;
			out[i][olen[i]++] = FIX_PACK_BYTE(narrow + w / 256);
			out[i][olen[i]++] = (unsigned char)(w % 256);
		}
	return narrow;
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
	unsigned i, n, p, narrow, maxd = 0;
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
	narrow = encode(n);
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
	    "packed %zu + %u rules (%u\n * bytes) + %u offsets (%zu bytes), "
	    "rules nested %u deep at most,\n * %u one-byte codes.\n */\n",
	    raw, packed, n, 3 * n, FIX_PACK_ENTRIES + 1,
	    (FIX_PACK_ENTRIES + 1) * sizeof(unsigned short), maxd, narrow);
	printf("#include \"fix_int.h\"\n\n");
	printf("const unsigned char fix_pack_narrow = %u;\n\n", narrow);
	printf("const unsigned char fix_pack_rule[][3] = {\n");
	for (i = 0; i < n; i++)
		printf("\t{ 0x%02x, 0x%02x, 0x%02x },%s", rule[i][0] & 0xff,
		    (rule[i][0] >> 8 & 0x0f) | (rule[i][1] & 0x0f) << 4,
		    rule[i][1] >> 4, i % 3 == 2 || i + 1 == n ? "\n" : "");
	if (n == 0)
		printf("\t{ 0, 0, 0 }\n");
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
