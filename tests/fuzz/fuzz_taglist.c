/*
 * fuzz_taglist.c -- the tag-list reader on arbitrary bytes.
 *
 * The input is read as one tag list.  Every tag handed out must lie inside
 * the input, in order, with a name that is ALPHA *(ALPHA / DIGIT / "_"), a
 * value without ';' that neither starts nor ends with whitespace, and the
 * comparisons must agree with the name and value.  An error must stick and
 * point inside the input; the end must stick.  The tags read are then
 * written back as "name=value;" and read again: the same tags must come
 * out (the reader keeps nothing it cannot read back).  The target traps on
 * any violation.
 *
 * Seeds (tests/fuzz/corpus/taglist/): real-world-shaped DMARC, DKIM (with
 * folded base64), BIMI, MTA-STS and TLS-RPT records; hostile ones (NUL and
 * high bytes, bad names, lone CR/LF, ';' runs, '=' runs).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/taglist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Tags of one input (offsets into it) and their rewritten form. */
#define FZ_TAGS		4096
#define FZ_TEXT		(2 * 65536)

static struct tag	 tags[FZ_TAGS];
static char		 text[FZ_TEXT];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
wsp(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static void
check_tag(const struct tag *t, const char *p, size_t len)
{
	char	 name[64];
	size_t	 i;

	check(t->name >= p && t->name_len >= 1 &&
	    t->name_len <= len - (size_t)(t->name - p));
	check(t->value >= t->name + t->name_len + 1 &&
	    t->value_len <= len - (size_t)(t->value - p));
	check(alpha((unsigned char)t->name[0]));
	for (i = 0; i < t->name_len; i++)
		check(alpha((unsigned char)t->name[i]) ||
		    (t->name[i] >= '0' && t->name[i] <= '9') ||
		    t->name[i] == '_');
	for (i = 0; i < t->value_len; i++)
		check(t->value[i] != ';');
	if (t->value_len > 0) {
		check(!wsp((unsigned char)t->value[0]));
		check(!wsp((unsigned char)t->value[t->value_len - 1]));
	}
	if (t->name_len < sizeof(name)) {
		memcpy(name, t->name, t->name_len);
		name[t->name_len] = '\0';
		check(tag_is(t, name));
		name[0] ^= 0x20;	/* the other case of a letter */
		check(tag_is(t, name));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data;
	struct taglist	 tl;
	struct tag	 t;
	size_t		 n = 0, k = 0, i, prev_end = 0;
	int		 rc;

	taglist_init(&tl, p, size);
	while ((rc = taglist_next(&tl, &t)) == 1) {
		check_tag(&t, p, size);
		check((size_t)(t.name - p) >= prev_end);
		prev_end = (size_t)(t.value - p) + t.value_len;
		if (n < FZ_TAGS)
			tags[n] = t;
		n++;
	}
	check(rc == 0 || rc == -1);
	if (rc == 0) {
		check(!tl.err);
		check(taglist_next(&tl, &t) == 0);
	} else {
		check(tl.err && tl.err_off <= size);
		check(tl.err_off >= prev_end);
		check(taglist_next(&tl, &t) == -1);
	}
	if (n > FZ_TAGS)
		return 0;
	for (i = 0; i < n; i++) {
		if (k + tags[i].name_len + tags[i].value_len + 2 > FZ_TEXT)
			return 0;
		memcpy(text + k, tags[i].name, tags[i].name_len);
		k += tags[i].name_len;
		text[k++] = '=';
		memcpy(text + k, tags[i].value, tags[i].value_len);
		k += tags[i].value_len;
		text[k++] = ';';
	}
	taglist_init(&tl, text, k);
	for (i = 0; (rc = taglist_next(&tl, &t)) == 1; i++) {
		check(i < n);
		check(t.name_len == tags[i].name_len &&
		    memcmp(t.name, tags[i].name, t.name_len) == 0);
		check(t.value_len == tags[i].value_len &&
		    memcmp(t.value, tags[i].value, t.value_len) == 0);
	}
	check(rc == 0 && i == n);
	return 0;
}
