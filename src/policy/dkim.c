/*
 * dkim.c -- DKIM key records, selectors and presence (see dkim.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core.  RFC 6376 3.6.1 (key record tags v, h, k, n, p, s, t; v
 * first; unknown tags ignored), 3.2 (tag names case-sensitive, a
 * duplicate tag invalidates the list), RFC 8301 3.2 (RSA keys under 1024
 * bits invalid, 1024 weak, 2048 wanted; rsa-sha1 invalid), RFC 8463 4
 * (ed25519: p= is the raw 32-byte key), RFC 8020 2 (NXDOMAIN means no
 * name below exists).
 *
 * A record is read in one pass over its tags: each known tag is judged
 * as it comes, the first problem is kept in err and reading goes on, so
 * ktype/revoked/testing describe the record even when it is invalid.
 * p= is decoded last (its meaning depends on k=, which may come after
 * it) into a stack buffer of MX_DKIM_KEY_MAX bytes, then walked as DER
 * with the project's cursor (cur.h): definite minimal lengths only, each
 * element through a sub-cursor, nothing after the key.
 */
#include <string.h>

#include "mxprobe/points.h"
#include "mxprobe/ascii.h"
#include "mxprobe/dkim.h"
#include "mxprobe/b64.h"
#include "mxprobe/cur.h"
#include "mxprobe/der.h"
#include "mxprobe/taglist.h"

/* rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 A.1) */
static const unsigned char oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
};

static const char *const ktype_str[] = {
	[DKIM_K_RSA] = "rsa", [DKIM_K_ED25519] = "ed25519",
	[DKIM_K_UNKNOWN] = "unknown",
};
static const char *const verdict_str[] = {
	[DKIM_V_ABSENT] = "absent", [DKIM_V_PRESENT] = "present",
	[DKIM_V_UNKNOWN] = "unknown",
};

/* ---- DER ------------------------------------------------------------ */

/* A positive, non-empty, minimal INTEGER; *bits its size (may be NULL). */
static int
der_posint(struct rd *r, unsigned *bits)
{
	struct rd	 v;
	const unsigned char *p;
	size_t		 n, i;
	unsigned	 b;

	if (der_get_strict(r, DER_INT, &v))
		return -1;
	n = v.len;
	p = v.p;
	if (n == 0 || (p[0] & 0x80) ||
	    (n > 1 && p[0] == 0 && !(p[1] & 0x80)))
		return rd_fail(r, MX_E_SYNTAX);
	for (i = 0; i < n && p[i] == 0; i++)
		;
	if (i == n)
		return rd_fail(r, MX_E_SYNTAX);	/* zero */
	for (b = 0; (p[i] >> b) != 0; b++)
		;
	if (bits)
		*bits = (unsigned)((n - i - 1) * 8) + b;
	return 0;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER },
 * the SEQUENCE's contents in seq */
static int
der_rsapub(struct rd *seq, unsigned *bits)
{
	if (der_posint(seq, bits) || der_posint(seq, NULL) ||
	    rd_left(seq) != 0)
		return -1;
	return 0;
}

/* see dkim.h */
int
dkim_rsa_bits(const unsigned char *der, size_t len, unsigned *bits)
{
	struct rd	 r, outer, alg, oid, key, pub;
	uint8_t		 unused;

	*bits = 0;
	rd_init(&r, der, len);
	if (der_get_strict(&r, DER_SEQ, &outer) || rd_left(&r) != 0 ||
	    rd_left(&outer) == 0)
		return -1;
	/* a bare RSAPublicKey starts with its INTEGER, an SPKI with the
	 * AlgorithmIdentifier SEQUENCE */
	if (outer.p[outer.off] == 0x02) {
		if (der_rsapub(&outer, bits)) {
			*bits = 0;
			return -1;
		}
		return 0;
	}
	if (der_get_strict(&outer, DER_SEQ, &alg) ||
	    der_get_strict(&alg, DER_OID, &oid))
		return -1;
	if (oid.len != sizeof(oid_rsa) ||
	    memcmp(oid.p, oid_rsa, sizeof(oid_rsa)) != 0) {
		/* another algorithm: well-formed DER up to its key? */
		if (der_get_strict(&outer, DER_BITS, &key) ||
		    rd_left(&outer) != 0)
			return -1;
		return -2;
	}
	/* parameters: NULL (RFC 8017 A.1), or absent as some encoders do */
	if (rd_left(&alg) != 0) {
		struct rd	 nul;

		if (der_get_strict(&alg, DER_NULL, &nul) || nul.len != 0 ||
		    rd_left(&alg) != 0)
			return -1;
	}
	if (der_get_strict(&outer, DER_BITS, &key) || rd_left(&outer) != 0 ||
	    rd_u8(&key, &unused) || unused != 0 ||
	    der_get_strict(&key, DER_SEQ, &pub) || rd_left(&key) != 0)
		return -1;
	if (der_rsapub(&pub, bits)) {
		*bits = 0;
		return -1;
	}
	return 0;
}

/* ---- the record ----------------------------------------------------- */

/* tag name equal to s, case-sensitively (RFC 6376 3.2) */
static int
name_is(const struct tag *t, const char *s)
{
	return t->name_len == strlen(s) && memcmp(t->name, s, t->name_len) == 0;
}

/* value equal to s, case-sensitively */
static int
value_is(const char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/*
 * Calls back for each element of a colon-separated list (RFC 6376
 * 3.6.1 h=, s=, t=: elements with optional whitespace around them);
 * returns 1 if one equals want.
 */
static int
list_has(const char *p, size_t n, const char *want)
{
	size_t	 i = 0, s, e;

	while (i <= n) {
		s = i;
		while (i < n && p[i] != ':')
			i++;
		e = i;
		while (s < e && (p[s] == ' ' || p[s] == '\t' ||
		    p[s] == '\r' || p[s] == '\n'))
			s++;
		while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t' ||
		    p[e - 1] == '\r' || p[e - 1] == '\n'))
			e--;
		if (value_is(p + s, e - s, want))
			return 1;
		i++;
	}
	return 0;
}

static void
set_err(struct dkim_key *k, const char *why)
{
	if (k->err == NULL)
		k->err = why;
}

/* Judges the decoded p= against k=. */
static void
judge_key(struct dkim_key *k, const unsigned char *key, size_t n)
{
	int	 rc;

	switch (k->ktype) {
	case DKIM_K_ED25519:
		if (n != 32)
			set_err(k, "bad-ed25519-key");
		else
			k->bits = 256;
		break;
	case DKIM_K_RSA:
		rc = dkim_rsa_bits(key, n, &k->bits);
		if (rc == -2)
			set_err(k, "not-rsa-key");
		else if (rc < 0)
			set_err(k, "bad-key");
		else if (k->bits < 1024)
			set_err(k, "rsa-too-small");
		break;
	default:
		break;
	}
}

/* see dkim.h */
int
dkim_parse(const char *txt, size_t len, struct dkim_key *k)
{
	/* the tags known here, to find duplicates: v h k n p s t */
	static const char *const known[] = { "v", "h", "k", "n", "p", "s",
	    "t" };
	unsigned char	 key[MX_DKIM_KEY_MAX];
	struct taglist	 tl;
	struct tag	 t;
	const char	*p = NULL;
	size_t		 plen = 0, klen;
	unsigned	 seen = 0, ntags = 0, i;
	int		 rc;

	memset(k, 0, sizeof(*k));
	k->ktype = DKIM_K_RSA;
	taglist_init(&tl, txt, len);
	while ((rc = taglist_next(&tl, &t)) == 1) {
		ntags++;
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (name_is(&t, known[i]))
				break;
		if (i < sizeof(known) / sizeof(known[0])) {
			if (seen & 1u << i)
				set_err(k, "duplicate-tag");
			seen |= 1u << i;
		}
		if (name_is(&t, "v")) {
			if (ntags != 1 || !value_is(t.value, t.value_len,
			    "DKIM1"))
				set_err(k, "bad-v");
		} else if (name_is(&t, "k")) {
			if (value_is(t.value, t.value_len, "rsa"))
				k->ktype = DKIM_K_RSA;
			else if (value_is(t.value, t.value_len, "ed25519"))
				k->ktype = DKIM_K_ED25519;
			else {
				k->ktype = DKIM_K_UNKNOWN;
				set_err(k, "unknown-k");
			}
		} else if (name_is(&t, "h")) {
			if (!list_has(t.value, t.value_len, "sha256"))
				set_err(k, "sha1-only");
		} else if (name_is(&t, "s")) {
			if (!list_has(t.value, t.value_len, "*") &&
			    !list_has(t.value, t.value_len, "email"))
				set_err(k, "not-email");
		} else if (name_is(&t, "t")) {
			k->testing = list_has(t.value, t.value_len, "y");
			k->strict = list_has(t.value, t.value_len, "s");
		} else if (name_is(&t, "p")) {
			p = t.value;
			plen = t.value_len;
		}
	}
	if (rc < 0) {
		/* a broken list says nothing reliable */
		k->err = "syntax";
		return -1;
	}
	if (!(seen & 1u << 4))
		set_err(k, "no-p");
	else if (plen == 0)
		k->revoked = 1;
	else {
		rc = b64_decode(p, plen, key, sizeof(key), &klen);
		if (rc == -2)
			set_err(k, "key-too-long");
		else if (rc < 0)
			set_err(k, "bad-base64");
		else if (klen == 0)
			k->revoked = 1;		/* only whitespace */
		else
			judge_key(k, key, klen);
	}
	return k->err ? -1 : 0;
}

/* see dkim.h */
int
dkim_points(const struct dkim_key *k)
{
	if (k->err)
		return SP_DKIM_INVALID;
	if (k->revoked || k->testing)
		return SP_DKIM_REVOKED;
	if (k->ktype == DKIM_K_ED25519 || k->bits >= 2048)
		return SP_DKIM_STRONG;
	return SP_DKIM_WEAK;
}

/* see dkim.h */
const char *
dkim_ktype_str(enum dkim_ktype t)
{
	return (unsigned)t <= DKIM_K_UNKNOWN ? ktype_str[t] : "unknown";
}

/* ---- selectors ------------------------------------------------------ */

static int
sel_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* 1 if p[0..n) is a selector (dkim.h) */
static int
sel_ok(const char *p, size_t n)
{
	size_t	 i, lab = 0;

	if (n == 0 || n > MX_DKIM_SELECTOR_LEN)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '.') {
			if (lab == 0)
				return 0;
			lab = 0;
		} else if (!sel_char((unsigned char)p[i]) || ++lab > 63)
			return 0;
	}
	return lab > 0;
}

/* see dkim.h */
void
dkim_selectors_init(struct dkim_selectors *s)
{
	s->n = 0;
	s->truncated = 0;
}

/* see dkim.h */
int
dkim_selectors_add(struct dkim_selectors *s, const char *spec)
{
	const char	*p, *comma;
	size_t		 n;
	unsigned	 i;

	/* check everything first: s stays unchanged on a usage error */
	for (p = spec;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (!sel_ok(p, n))
			return -1;
		if (comma == NULL)
			break;
	}
	for (p = spec;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		for (i = 0; i < s->n; i++)
			if (ascii_eq_nocase(p, s->name[i], n))
				break;
		if (i == s->n) {
			if (s->n == MX_DKIM_SELECTORS_MAX)
				s->truncated = 1;
			else {
				memcpy(s->name[s->n], p, n);
				s->name[s->n++][n] = '\0';
			}
		}
		if (comma == NULL)
			return 0;
	}
}

/* ---- presence ------------------------------------------------------- */

/* see dkim.h */
enum dkim_presence
dkim_domainkey(enum mx_err err, enum dnsmsg_ans_kind kind)
{
	if (err != MX_OK)
		return DKIM_DK_UNKNOWN;
	switch (kind) {
	case DNSMSG_ANS_NXDOMAIN:
		return DKIM_DK_NXDOMAIN;
	case DNSMSG_ANS_DATA:
	case DNSMSG_ANS_NODATA:
		return DKIM_DK_EXISTS;
	default:
		return DKIM_DK_UNKNOWN;
	}
}

/* see dkim.h */
enum dkim_verdict
dkim_verdict(enum dkim_presence dk, unsigned found)
{
	if (found > 0 || dk == DKIM_DK_EXISTS)
		return DKIM_V_PRESENT;
	return dk == DKIM_DK_NXDOMAIN ? DKIM_V_ABSENT : DKIM_V_UNKNOWN;
}

/* see dkim.h */
const char *
dkim_verdict_str(enum dkim_verdict v)
{
	return (unsigned)v <= DKIM_V_UNKNOWN ? verdict_str[v] : "unknown";
}
