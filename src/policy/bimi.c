/*
 * bimi.c -- BIMI assertion records (see bimi.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core.  draft-brand-indicators-for-message-identification 4.2 (the
 * record: v first and "BIMI1", l and a one HTTPS URI each or empty, avp
 * brand/personal, unknown tags ignored), 4.2.1 (declination: l and a
 * empty), 4.3/7.1 (DMARC at enforcement is a prerequisite).  One pass over
 * the tags (taglist.h); the first problem is kept, reading goes on.
 */
#include <string.h>

#include "mxprobe/bimi.h"
#include "mxprobe/taglist.h"

/* see bimi.h */
int
bimi_is_record(const char *txt, size_t len)
{
	return taglist_is_version(txt, len, "BIMI1");
}

static void
set_err(struct bimi_rec *r, const char *why)
{
	if (r->err == NULL)
		r->err = why;
}

/*
 * One URL p[0..n) (n > 0): "https://" (scheme without case), a host of at
 * least one byte before any "/", "?" or "#", every byte 0x21-0x7e but ",".
 * Returns NULL or the reason (not_https or bad).
 */
static const char *
url_check(const char *p, size_t n, const char *not_https, const char *bad)
{
	static const char https[] = "https://";
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x21 || (unsigned char)p[i] > 0x7e ||
		    p[i] == ',')
			return bad;
	for (i = 0; i < n && p[i] != ':'; i++)
		;
	if (i == n)
		return bad;
	if (n < 8 || i != 5)
		return not_https;
	for (i = 0; i < 8; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != https[i])
			return i < 5 ? not_https : bad;
	}
	if (n == 8 || p[8] == '/' || p[8] == '?' || p[8] == '#')
		return bad;
	return NULL;
}

/* see bimi.h */
int
bimi_parse(const char *txt, size_t len, struct bimi_rec *r)
{
	static const char *const known[] = { "v", "l", "a", "avp" };
	struct taglist	 tl;
	struct tag	 t;
	const char	*why;
	unsigned	 seen = 0, ntags = 0;
	int		 rc;

	memset(r, 0, sizeof(*r));
	taglist_init(&tl, txt, len);
	while ((rc = taglist_next(&tl, &t)) == 1) {
		if (ntags++ == 0 && (!tag_is(&t, "v") || t.value_len != 5 ||
		    memcmp(t.value, "BIMI1", 5) != 0))
			set_err(r, "bad-v");
		if (tag_repeat(&t, known, sizeof(known) / sizeof(known[0]),
		    &seen))
			set_err(r, "duplicate-tag");
		if (tag_is(&t, "l")) {
			r->l = t.value;
			r->l_len = t.value_len;
			if (t.value_len > 0 && (why = url_check(t.value,
			    t.value_len, "l-not-https", "bad-l")) != NULL)
				set_err(r, why);
		} else if (tag_is(&t, "a")) {
			r->a = t.value;
			r->a_len = t.value_len;
			if (t.value_len > 0 && (why = url_check(t.value,
			    t.value_len, "a-not-https", "bad-a")) != NULL)
				set_err(r, why);
		} else if (tag_is(&t, "avp")) {
			if (!tag_value_is(&t, "brand") &&
			    !tag_value_is(&t, "personal"))
				set_err(r, "bad-avp");
		}
	}
	if (rc < 0) {
		r->err = "syntax";
		return -1;
	}
	/* v must open the text, not follow an empty spec (";v=...") */
	if (ntags == 0 || !bimi_is_record(txt, len))
		set_err(r, "bad-v");
	if (r->l == NULL)
		set_err(r, "no-l");
	else if (r->l_len == 0) {
		if (r->a_len > 0)
			set_err(r, "empty-l");
		else
			r->declined = 1;
	}
	return r->err ? -1 : 0;
}

/* reject (any pct: the rest is quarantined) or quarantine at pct=100 */
static int
enforcing(enum dmarc_policy p, unsigned pct)
{
	return p == DMARC_P_REJECT || (p == DMARC_P_QUARANTINE && pct == 100);
}

/* see bimi.h */
int
bimi_dmarc_ok(const struct dmarc_rec *d, int subdomain)
{
	if (d == NULL || d->err || d->testing || d->sp == DMARC_P_NONE)
		return 0;
	return enforcing(d->p, d->pct) &&
	    (!subdomain || enforcing(dmarc_effective(d, 1), d->pct));
}
