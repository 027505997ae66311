/*
 * taglist.c -- "tag=value; tag=value" lists (see taglist.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core: a cursor over the caller's text, no copy, no state beyond
 * struct taglist.  One call of taglist_next reads one tag-spec:
 *
 *   skip WSP; at ";" or the end: empty spec, skipped (";;", "; ;", a
 *   trailing ";", an empty or blank list);
 *   tag-name: ALPHA *(ALPHA / DIGIT / "_")        else error at that byte
 *   skip WSP; "="                                 else error at that byte
 *   skip WSP; value up to ";" or the end, trailing WSP cut; skip ";".
 *
 * WSP (RFC 6376 2.8 FWS, RFC 5234 WSP) is a space or a tab, and CR LF
 * followed by a space or a tab (a folded line) counts as WSP too.  A CR or
 * LF that does not start a fold is an ordinary byte: outside a value it is
 * an error, inside one it is kept (callers judge values).  Whitespace runs
 * are recognised going forward only, so "a=x\r\n" keeps its CR LF (no fold
 * follows) while "a=x\r\n b" is the value "x\r\n b".
 *
 * The first error sticks (tl->err, tl->err_off) and every later call
 * returns -1, as with struct rd: a caller reads tags in a loop and looks
 * at the result once.
 */
#include <string.h>
#include "mxprobe/ascii.h"
#include "mxprobe/taglist.h"

/* Bytes of the whitespace unit at p[i] (0: none): SP, HT, CR LF WSP. */
static size_t
ws_len(const char *p, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (p[i] == ' ' || p[i] == '\t')
		return 1;
	if (p[i] == '\r' && len - i >= 3 && p[i + 1] == '\n' &&
	    (p[i + 2] == ' ' || p[i + 2] == '\t'))
		return 3;
	return 0;
}

static size_t
skip_ws(const char *p, size_t len, size_t i)
{
	size_t	 k;

	while ((k = ws_len(p, len, i)) > 0)
		i += k;
	return i;
}

static int
is_namechar(unsigned char c)
{
	return ascii_is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

static int
fail(struct taglist *tl, size_t at)
{
	tl->err = 1;
	tl->err_off = at;
	tl->off = tl->len;
	return -1;
}

/* see taglist.h */
void
taglist_init(struct taglist *tl, const char *p, size_t len)
{
	tl->p = p;
	tl->len = p == NULL ? 0 : len;
	tl->off = 0;
	tl->err = 0;
	tl->err_off = 0;
}

/* see taglist.h */
int
taglist_next(struct taglist *tl, struct tag *t)
{
	const char	*p = tl->p;
	size_t		 len = tl->len, i = tl->off, start, last, k;

	if (tl->err)
		return -1;
	for (;;) {
		i = skip_ws(p, len, i);
		if (i >= len) {
			tl->off = len;
			return 0;
		}
		if (p[i] != ';')
			break;
		i++;		/* an empty spec */
	}
	if (!ascii_is_alpha((unsigned char)p[i]))
		return fail(tl, i);
	start = i;
	while (i < len && is_namechar((unsigned char)p[i]))
		i++;
	t->name = p + start;
	t->name_len = i - start;
	i = skip_ws(p, len, i);
	if (i >= len || p[i] != '=')
		return fail(tl, i);
	i = skip_ws(p, len, i + 1);
	start = last = i;
	while (i < len && p[i] != ';') {
		if ((k = ws_len(p, len, i)) > 0)
			i += k;
		else
			last = ++i;
	}
	t->value = p + start;
	t->value_len = last - start;
	tl->off = i < len ? i + 1 : len;
	return 1;
}

/* see taglist.h */
int
tag_is(const struct tag *t, const char *name)
{
	return ascii_eq_str(t->name, t->name_len, name);
}

/* see taglist.h */
int
tag_value_is(const struct tag *t, const char *v)
{
	return ascii_eq_str(t->value, t->value_len, v);
}

/* see taglist.h */
int
taglist_is_version(const char *txt, size_t len, const char *version)
{
	size_t i = 0, vl = strlen(version);

	while (i < len && (txt[i] == ' ' || txt[i] == '\t'))
		i++;
	if (i == len || (txt[i] != 'v' && txt[i] != 'V'))
		return 0;
	for (i++; i < len && (txt[i] == ' ' || txt[i] == '\t'); i++)
		;
	if (i == len || txt[i] != '=')
		return 0;
	for (i++; i < len && (txt[i] == ' ' || txt[i] == '\t'); i++)
		;
	return len - i >= vl && memcmp(txt + i, version, vl) == 0;
}

/* see taglist.h */
int
tag_repeat(const struct tag *t, const char *const *known, size_t n,
    unsigned *seen)
{
	size_t	 i;
	unsigned bit;

	for (i = 0; i < n; i++)
		if (tag_is(t, known[i])) {
			bit = 1u << i;
			if (*seen & bit)
				return 1;
			*seen |= bit;
			return 0;
		}
	return 0;
}
