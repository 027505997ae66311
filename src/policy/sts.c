/*
 * sts.c -- MTA-STS texts: TXT record, policy file, mx patterns (see sts.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core over the caller's bytes; no state between calls.
 *
 * TXT record (RFC 8461 3.1):
 *   sts-text-record = sts-version 1*(sts-field-delim sts-field)
 *                     [sts-field-delim]
 *   sts-field-delim = *WSP ";" *WSP      sts-version = %s"v=STSv1"
 *   sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
 *   sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *   sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
 * This is not taglist.h's grammar (RFC 6376 3.2): names may hold '-' and
 * '.' and start with a digit, there is no folding and no WSP around '=',
 * names are case-sensitive.  So one small reader, sts_field_next, follows
 * this ABNF exactly; tlsrpt.c uses it too (RFC 8460 3 is the same shape).
 * The id field is read up to its ';' and judged whole, so "id=" + 33
 * characters, "id=a-b" or "id=" all say sts-txt-bad-id (the ABNF would
 * let the long one pass as an extension named "id", leaving no id: the
 * record is invalid either way, and bad-id is what its author needs to
 * hear).  Two id fields are grammatical but leave the policy's id
 * ambiguous: sts-txt-dup-id.
 *
 * Policy (RFC 8461 3.2):
 *   sts-policy-record = sts-policy-field *WSP
 *                       *(sts-policy-term sts-policy-field *WSP)
 *                       [sts-policy-term]
 *   field-delim = ":" *WSP     sts-policy-term = LF / CRLF
 *   version: %s"STSv1"; mode: %s"testing" / %s"enforce" / %s"none";
 *   max_age: 1*10(DIGIT) (at most 31557600); mx: ["*."] Domain;
 *   ext-name as above; ext-value = vchar [*(%x20 / vchar) vchar], vchar
 *   being %x21-7E or UTF-8 (bytes >= 0x80 taken as such, unchecked).
 * version, mode and max_age exactly once, mx at least once unless mode is
 * none.  Deviation (lenient, documented): empty lines are skipped, where
 * the ABNF has none; a policy ending in "\n\n" is common and every sender
 * we know reads it.  A bare CR is a control byte: sts-policy-syntax.  The
 * Domain of an mx pattern is RFC 5321's (LDH labels of 1-63, at most 253
 * characters, the wildcard's "*." included), one trailing dot allowed.
 *
 * mx matching (RFC 8461 4.1): case-insensitive; "*." stands for exactly
 * one left-most label.
 */
#include <string.h>

#include "mxprobe/ascii.h"
#include "mxprobe/cur.h"
#include "mxprobe/sts.h"

/* The RFC 8461 3.2 bound fits the field. */
_Static_assert(STS_MAX_AGE_LIMIT <= 0xffffffffu, "max_age fits uint32_t");
/* A pattern of at most 253 characters plus a trailing dot fits a slot. */
_Static_assert(MX_NAME_MAX >= 254, "mx pattern slot too small");

/* Longest name of an extension field: 1 + 31 (RFC 8461 3.1, 3.2). */
#define STS_NAME_MAX	32
/* Longest Domain in text form (RFC 1035: 255 octets on the wire). */
#define STS_DOMAIN_MAX	253

static int
is_namechar(unsigned char c)
{
	return ascii_is_alnum(c) || c == '_' || c == '-' || c == '.';
}

/* sts-ext-value: visible ASCII but '=' and ';'. */
static int
is_extchar(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '=' && c != ';';
}

/* p[0..n) is exactly the NUL-terminated s (case-sensitive). */
static int
eq_exact(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

/* A name: (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."); its end. */
static size_t
name_end(const char *p, size_t len, size_t i)
{
	size_t	 start = i;

	if (i >= len || !(ascii_is_alpha((unsigned char)p[i]) ||
	    ascii_is_digit((unsigned char)p[i])))
		return start;
	while (i < len && is_namechar((unsigned char)p[i]) &&
	    i - start < STS_NAME_MAX)
		i++;
	return i;
}

/* see sts.h */
int
sts_txt_version(const char *txt, size_t len, const char *version)
{
	size_t	 n = strlen(version), i;

	if (txt == NULL || n == 0)
		return 0;
	for (i = 0; i < len && len - i >= n; i++) {
		if (i > 0 && txt[i - 1] != ';' && !ascii_is_wsp((unsigned char)
		    txt[i - 1]))
			continue;
		if (memcmp(txt + i, version, n) != 0)
			continue;
		if (len - i == n || txt[i + n] == ';' ||
		    ascii_is_wsp((unsigned char)txt[i + n]))
			return i == 0 ? 1 : 2;
	}
	return 0;
}

/* see sts.h */
int
sts_txt_is_record(const char *txt, size_t len)
{
	return sts_txt_version(txt, len, "v=STSv1") == 1;
}

/* see sts.h */
int
sts_field_next(const char *p, size_t len, size_t *off, const char *raw,
    struct tag *f)
{
	size_t	 i = *off, start, vend;

	while (i < len && ascii_is_wsp((unsigned char)p[i]))
		i++;
	if (i >= len) {
		*off = len;
		return 0;
	}
	if (p[i] != ';') {
		*off = i;
		return -1;
	}
	i++;
	while (i < len && ascii_is_wsp((unsigned char)p[i]))
		i++;
	if (i >= len) {
		*off = len;
		return 0;
	}
	start = i;
	i = name_end(p, len, i);
	/* no name, a name over 32, or no '=' right after it */
	if (i == start || i >= len || p[i] != '=') {
		*off = i;
		return -1;
	}
	f->name = p + start;
	f->name_len = i - start;
	start = ++i;
	if (raw != NULL && eq_exact(f->name, f->name_len, raw)) {
		while (i < len && p[i] != ';')
			i++;
		vend = i;
		while (vend > start && ascii_is_wsp((unsigned char)p[vend - 1]))
			vend--;
	} else {
		while (i < len && is_extchar((unsigned char)p[i]))
			i++;
		if (i == start) {
			*off = i;
			return -1;
		}
		vend = i;
	}
	f->value = p + start;
	f->value_len = vend - start;
	*off = i;
	return 1;
}

static int
txt_fail(struct sts_txt *r, const char *why, size_t at)
{
	r->error = why;
	r->err_off = at;
	return -1;
}

/* see sts.h */
int
sts_txt_parse(struct sts_txt *r, const char *txt, size_t len)
{
	struct tag	 f;
	size_t		 off = 7, i;
	int		 rc, have_id = 0;

	memset(r, 0, sizeof(*r));
	switch (sts_txt_version(txt, len, "v=STSv1")) {
	case 1:
		break;
	case 2:
		return txt_fail(r, "sts-txt-version-not-first", 0);
	default:
		return txt_fail(r, "sts-txt-not-record", 0);
	}
	/* id read raw: whatever it holds up to ';' is judged as an id */
	while ((rc = sts_field_next(txt, len, &off, "id", &f)) == 1) {
		r->nfields++;
		if (!eq_exact(f.name, f.name_len, "id"))
			continue;
		if (have_id)
			return txt_fail(r, "sts-txt-dup-id",
			    (size_t)(f.name - txt));
		if (f.value_len == 0 || f.value_len > MX_STS_ID_MAX)
			return txt_fail(r, "sts-txt-bad-id",
			    (size_t)(f.value - txt));
		for (i = 0; i < f.value_len; i++)
			if (!ascii_is_alpha((unsigned char)f.value[i]) &&
			    !ascii_is_digit((unsigned char)f.value[i]))
				return txt_fail(r, "sts-txt-bad-id",
				    (size_t)(f.value - txt) + i);
		memcpy(r->id, f.value, f.value_len);
		r->id[f.value_len] = '\0';
		have_id = 1;
	}
	if (rc < 0)
		return txt_fail(r, "sts-txt-syntax", off);
	if (!have_id)
		return txt_fail(r, "sts-txt-no-id", len);
	return 0;
}

/* ---- policy ---------------------------------------------------------- */

static int
pol_fail(struct sts_policy *pol, const char *why)
{
	if (pol->error == NULL)
		pol->error = why;
	return -1;
}

/* ["*."] Domain, one trailing dot allowed (see the notes above). */
static int
mx_pattern_ok(const char *v, size_t n)
{
	size_t	 i, lab = 0;

	if (n > 0 && v[n - 1] == '.')
		n--;
	if (n == 0 || n > STS_DOMAIN_MAX)
		return 0;
	i = n >= 2 && v[0] == '*' && v[1] == '.' ? 2 : 0;
	if (i == n)
		return 0;
	for (; i < n; i++) {
		unsigned char	 c = (unsigned char)v[i];

		if (c == '.') {
			if (lab == 0 || v[i - 1] == '-')
				return 0;
			lab = 0;
			continue;
		}
		if (!ascii_is_alpha(c) && !ascii_is_digit(c) && c != '-')
			return 0;
		if (c == '-' && lab == 0)
			return 0;
		if (++lab > 63)
			return 0;
	}
	return lab > 0 && v[n - 1] != '-';
}

/* An ext-value: vchar [*(%x20 / vchar) vchar], WSP already trimmed. */
static int
ext_value_ok(const char *v, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)v[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

/* max_age = 1*10(DIGIT), at most STS_MAX_AGE_LIMIT. */
static int
max_age_read(const char *v, size_t n, uint32_t *out)
{
	uint64_t x;

	if (cur_decimal(v, n, 10, STS_MAX_AGE_LIMIT, &x) < 0)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

/* One non-empty line s[0..n), its terminator removed. */
static int
pol_line(struct sts_policy *pol, unsigned *seen, const char *s, size_t n)
{
	const char	*v;
	size_t		 kn, k, vn;

	kn = name_end(s, n, 0);
	if (kn == 0 || kn >= n || s[kn] != ':')
		return pol_fail(pol, "sts-policy-syntax");
	for (k = kn + 1; k < n && ascii_is_wsp((unsigned char)s[k]); k++)
		;
	v = s + k;
	vn = n - k;
	while (vn > 0 && ascii_is_wsp((unsigned char)v[vn - 1]))
		vn--;
	if (eq_exact(s, kn, "version")) {
		if (*seen & 1)
			return pol_fail(pol, "sts-policy-dup-version");
		*seen |= 1;
		if (!eq_exact(v, vn, "STSv1"))
			return pol_fail(pol, "sts-policy-bad-version");
	} else if (eq_exact(s, kn, "mode")) {
		if (*seen & 2)
			return pol_fail(pol, "sts-policy-dup-mode");
		*seen |= 2;
		if (eq_exact(v, vn, "enforce"))
			pol->mode = STS_MODE_ENFORCE;
		else if (eq_exact(v, vn, "testing"))
			pol->mode = STS_MODE_TESTING;
		else if (eq_exact(v, vn, "none"))
			pol->mode = STS_MODE_NONE;
		else
			return pol_fail(pol, "sts-policy-bad-mode");
	} else if (eq_exact(s, kn, "max_age")) {
		if (*seen & 4)
			return pol_fail(pol, "sts-policy-dup-max-age");
		*seen |= 4;
		if (max_age_read(v, vn, &pol->max_age) < 0)
			return pol_fail(pol, "sts-policy-bad-max-age");
		pol->max_age_short = pol->max_age < STS_MAX_AGE_SHORT;
	} else if (eq_exact(s, kn, "mx")) {
		if (!mx_pattern_ok(v, vn))
			return pol_fail(pol, "sts-policy-bad-mx");
		if (pol->nmx < MX_STS_MX_MAX) {
			memcpy(pol->mx[pol->nmx], v, vn);
			pol->mx[pol->nmx][vn] = '\0';
		} else
			pol->mx_truncated = 1;
		pol->nmx++;
	} else {
		if (!ext_value_ok(v, vn))
			return pol_fail(pol, "sts-policy-syntax");
		pol->unknown++;
	}
	return 0;
}

/* see sts.h */
int
sts_policy_parse(struct sts_policy *pol, const void *body, size_t len)
{
	const char	*p = body;
	size_t		 i = 0, j, e;
	unsigned	 seen = 0;

	memset(pol, 0, sizeof(*pol));
	if (len > MX_STS_POLICY_MAX)
		return pol_fail(pol, "sts-policy-too-long");
	while (i < len) {
		pol->lines++;
		for (j = i; j < len && p[j] != '\n'; j++)
			;
		e = j;
		/* CRLF ends a line; a CR without its LF is a control byte */
		if (j < len && e > i && p[e - 1] == '\r')
			e--;
		if (e > i && pol_line(pol, &seen, p + i, e - i) < 0) {
			pol->err_line = pol->lines;
			return -1;
		}
		i = j < len ? j + 1 : len;
	}
	if (!(seen & 1))
		return pol_fail(pol, "sts-policy-no-version");
	if (!(seen & 2))
		return pol_fail(pol, "sts-policy-no-mode");
	if (!(seen & 4))
		return pol_fail(pol, "sts-policy-no-max-age");
	if (pol->nmx == 0 && pol->mode != STS_MODE_NONE)
		return pol_fail(pol, "sts-policy-no-mx");
	return 0;
}

/* see sts.h */
const char *
sts_mode_str(enum sts_mode m)
{
	switch (m) {
	case STS_MODE_ENFORCE:
		return "enforce";
	case STS_MODE_TESTING:
		return "testing";
	case STS_MODE_NONE:
		return "none";
	default:
		return "unset";
	}
}

/* see sts.h */
int
sts_mx_match(const char *pattern, const char *mxname)
{
	size_t	 pl = strlen(pattern), nl = strlen(mxname), d;

	if (pl > 0 && pattern[pl - 1] == '.')
		pl--;
	if (nl > 0 && mxname[nl - 1] == '.')
		nl--;
	if (pl >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		if (pl == 2)
			return 0;
		for (d = 0; d < nl && mxname[d] != '.'; d++)
			;
		/* one non-empty label, then exactly the rest */
		if (d == 0 || d >= nl || nl - d - 1 != pl - 2)
			return 0;
		return ascii_eq_nocase(pattern + 2, mxname + d + 1, pl - 2);
	}
	return pl > 0 && pl == nl && ascii_eq_nocase(pattern, mxname, pl);
}

/* see sts.h */
int
sts_policy_match(const struct sts_policy *pol, const char *mxname)
{
	unsigned	 i, n = pol->nmx < MX_STS_MX_MAX ? pol->nmx :
			     MX_STS_MX_MAX;

	for (i = 0; i < n; i++)
		if (sts_mx_match(pol->mx[i], mxname))
			return 1;
	return pol->mx_truncated ? -1 : 0;
}
