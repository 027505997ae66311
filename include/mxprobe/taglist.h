/*
 * taglist.h -- the "tag=value; tag=value" lists of DNS policy records.
 *
 * One reader for every record of that shape: DKIM keys (RFC 6376 3.2
 * tag-list), DMARC (RFC 7489 6.4), BIMI, MTA-STS TXT (RFC 8461 3.1) and
 * TLS-RPT (RFC 8460 3).  Pure: no I/O, no copy; values point into the
 * caller's text.
 *
 * Grammar accepted (RFC 6376 3.2, the loosest of those RFCs):
 *   tag-list  = tag-spec *( ";" tag-spec ) [ ";" ]
 *   tag-spec  = [WSP] tag-name [WSP] "=" [WSP] tag-value [WSP]
 *   tag-name  = ALPHA *( ALPHA / DIGIT / "_" )
 *   tag-value = any bytes but ";" , trailing whitespace removed
 * WSP is space or tab; CR LF followed by WSP (folding) counts as WSP.
 * Empty specs between semicolons ("a=1;;b=2") are skipped.  Records whose
 * RFC is stricter (MTA-STS: no folding) check that themselves.
 */
#ifndef MXPROBE_TAGLIST_H
#define MXPROBE_TAGLIST_H

#include <stddef.h>

struct taglist {
	const char	*p;
	size_t		 len, off;
	int		 err;		/* sticky: a syntax error was seen */
	size_t		 err_off;	/* where (offset into p) */
};

struct tag {
	const char	*name, *value;
	size_t		 name_len, value_len;
};

/* A reader over p[0..len). */
void taglist_init(struct taglist *tl, const char *p, size_t len);
/*
 * The next tag: 1 and *t set; 0 at the end; -1 on a syntax error (no
 * tag-name, no "=", a bad character in the name), with tl->err and
 * tl->err_off set (it stays -1 afterwards).
 */
int taglist_next(struct taglist *tl, struct tag *t);
/* 1 if t's name is name (ASCII case-insensitive unless the RFC says
 * otherwise: callers of case-sensitive records compare themselves). */
int tag_is(const struct tag *t, const char *name);
/* 1 if t's value is exactly v (case-insensitive). */
int tag_value_is(const struct tag *t, const char *v);
/*
 * Duplicate tags (RFC 6376 3.2, RFC 7489 6.3 and BIMI's draft make the
 * record invalid): if t's name is known[i] (as tag_is compares, n <= 32),
 * marks bit i in *seen and returns 1 if it was already set.  0 for a
 * first sight or a tag not in known.
 */
int tag_repeat(const struct tag *t, const char *const *known, size_t n,
    unsigned *seen);
/*
 * 1 if txt[0..len) starts like a record of this version: optional WSP,
 * "v" or "V", WSP, "=", WSP, then version exactly (case-sensitive) --
 * how DMARC and BIMI tell their records among a name's TXT strings.
 */
int taglist_is_version(const char *txt, size_t len, const char *version);

#endif
