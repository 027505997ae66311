/*
 * x509.c -- certificate facts from DER (see x509.h; the RFC 6125 name
 * matcher is x509name.c).
 *
 * IMPLEMENTATION NOTES
 *
 * The walk follows RFC 5280 4.1 top-down with one struct rd per element:
 *
 *   Certificate  SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 *   TBS          SEQUENCE { [0] version OPTIONAL (absent in v1), serial,
 *                  signature, issuer, validity, subject, spki,
 *                  [1] issuerUID, [2] subjectUID, [3] extensions }
 *
 * Each element goes through der_tlv(): one tag byte (a high tag number is
 * only skipped: no field we read has one), a definite length of at most
 * four bytes (0x80, indefinite, is BER and refused), never more than what
 * remains in the enclosing element.  A child cursor is closed by der_end(),
 * which passes its error up and refuses bytes left unread, so each element
 * must be consumed exactly.  Errors stick (struct rd), so the walk reads on
 * and checks once; a length past the end is MX_E_SHORT, everything else
 * malformed is MX_E_SYNTAX.  Nesting is fixed by the grammar: no recursion.
 *
 * Names (RFC 4514 2, the way "openssl x509 -nameopt RFC2253" prints them):
 * the RDNs of the DER in reverse, so the most specific (CN) comes first;
 * inside a multi-valued RDN the values are reversed too (OpenSSL keeps one
 * flat list), joined with '+'.  DER cannot be read backwards, so a first
 * pass checks the whole Name and keeps the offsets of the last DN_KEEP
 * values; the second renders them last to first and stops at the first
 * RDN that does not fit (x509_facts.*_truncated).  Known types print by
 * OpenSSL's short name, others as a dotted OID with the value as '#' and
 * the hex of its DER (RFC 4514 2.4), as do values that are not strings.
 * String values: T61 is read as Latin-1 (as OpenSSL does), BMP and
 * Universal are decoded; every byte of the UTF-8 that is not printable
 * ASCII is written "\XX" (RFC 4514 2.4), which keeps the text ASCII and
 * equal to OpenSSL's; ',' '+' '"' '\' '<' '>' ';', a leading '#' or space
 * and a trailing space get a backslash (RFC 4514 2.4).
 *
 * Times (RFC 5280 4.1.2.5): UTCTime YYMMDDHHMMSSZ, YY >= 50 is 19YY;
 * GeneralizedTime YYYYMMDDHHMMSSZ (a fraction of a second is skipped).
 * Converted by date.c's calendar arithmetic: libc's is not heap-free.
 */
#include <string.h>
#include <bearssl_hash.h>
#include "mxprobe/x509.h"
#include "mxprobe/cur.h"
#include "mxprobe/date.h"
#include "mxprobe/der.h"
#include "mxprobe/err.h"

#define DER_BOOL	0x01
#define DER_OCTETS	0x04
#define DER_UTC		0x17
#define DER_GENTIME	0x18
#define DER_CTX(n)	(0x80 | (n))	/* [n] IMPLICIT, primitive */
#define DER_CTXC(n)	(0xa0 | (n))	/* [n], constructed */

/*
 * Values of a Name kept for rendering.  Each takes at least three bytes of
 * text ("C=" and a separator), so more than this can never be shown.
 */
#define DN_KEEP		(MX_DN_TEXT_MAX / 3 + 1)

struct txt {
	char	*buf;
	size_t	 cap, len;	/* buf[len] is NUL; len < cap */
	int	 over;		/* a write did not fit: rest dropped */
};

struct oid_name {
	const char	*der;		/* content octets of the OID */
	size_t		 len;
	const char	*name;
};

#define OID(s)		(s), sizeof(s) - 1

/* Attribute types, by OpenSSL's short names (what -nameopt RFC2253 shows). */
static const struct oid_name attr_names[] = {
	{ OID("\x55\x04\x03"), "CN" },
	{ OID("\x55\x04\x04"), "SN" },
	{ OID("\x55\x04\x05"), "serialNumber" },
	{ OID("\x55\x04\x06"), "C" },
	{ OID("\x55\x04\x07"), "L" },
	{ OID("\x55\x04\x08"), "ST" },
	{ OID("\x55\x04\x09"), "street" },
	{ OID("\x55\x04\x0a"), "O" },
	{ OID("\x55\x04\x0b"), "OU" },
	{ OID("\x55\x04\x0c"), "title" },
	{ OID("\x55\x04\x0d"), "description" },
	{ OID("\x55\x04\x0f"), "businessCategory" },
	{ OID("\x55\x04\x11"), "postalCode" },
	{ OID("\x55\x04\x29"), "name" },
	{ OID("\x55\x04\x2a"), "GN" },
	{ OID("\x55\x04\x2b"), "initials" },
	{ OID("\x55\x04\x2c"), "generationQualifier" },
	{ OID("\x55\x04\x2e"), "dnQualifier" },
	{ OID("\x55\x04\x41"), "pseudonym" },
	{ OID("\x55\x04\x61"), "organizationIdentifier" },
	{ OID("\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x01"),
	    "UID" },
	{ OID("\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19"),
	    "DC" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01"),
	    "emailAddress" },
	/* EV certificates (CA/B Forum EV Guidelines 9.2.4) */
	{ OID("\x2b\x06\x01\x04\x01\x82\x37\x3c\x02\x01\x01"),
	    "jurisdictionL" },
	{ OID("\x2b\x06\x01\x04\x01\x82\x37\x3c\x02\x01\x02"),
	    "jurisdictionST" },
	{ OID("\x2b\x06\x01\x04\x01\x82\x37\x3c\x02\x01\x03"),
	    "jurisdictionC" },
};

/* Signature algorithms, by the names "openssl x509 -text" prints. */
static const struct oid_name sig_names[] = {
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x02"),
	    "md2WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x04"),
	    "md5WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05"),
	    "sha1WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a"),
	    "rsassaPss" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b"),
	    "sha256WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c"),
	    "sha384WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d"),
	    "sha512WithRSAEncryption" },
	{ OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0e"),
	    "sha224WithRSAEncryption" },
	{ OID("\x2a\x86\x48\xce\x3d\x04\x01"), "ecdsa-with-SHA1" },
	{ OID("\x2a\x86\x48\xce\x3d\x04\x03\x01"),
	    "ecdsa-with-SHA224" },
	{ OID("\x2a\x86\x48\xce\x3d\x04\x03\x02"),
	    "ecdsa-with-SHA256" },
	{ OID("\x2a\x86\x48\xce\x3d\x04\x03\x03"),
	    "ecdsa-with-SHA384" },
	{ OID("\x2a\x86\x48\xce\x3d\x04\x03\x04"),
	    "ecdsa-with-SHA512" },
	{ OID("\x2b\x65\x70"), "ED25519" },
	{ OID("\x2b\x65\x71"), "ED448" },
	{ OID("\x2a\x86\x48\xce\x38\x04\x03"), "dsaWithSHA1" },
	{ OID("\x60\x86\x48\x01\x65\x03\x04\x03\x01"),
	    "dsa_with_SHA224" },
	{ OID("\x60\x86\x48\x01\x65\x03\x04\x03\x02"),
	    "dsa_with_SHA256" },
};

/* Named curves; the number is the field size in bits (key_bits). */
static const struct curve {
	struct oid_name	 oid;
	unsigned	 bits;
} curves[] = {
	{ { OID("\x2a\x86\x48\xce\x3d\x03\x01\x07"), "P-256" },
	    256 },
	{ { OID("\x2b\x81\x04\x00\x22"), "P-384" }, 384 },
	{ { OID("\x2b\x81\x04\x00\x23"), "P-521" }, 521 },
	{ { OID("\x2b\x81\x04\x00\x21"), "P-224" }, 224 },
	{ { OID("\x2a\x86\x48\xce\x3d\x03\x01\x01"), "P-192" },
	    192 },
	{ { OID("\x2b\x81\x04\x00\x0a"), "secp256k1" }, 256 },
	{ { OID("\x2b\x24\x03\x03\x02\x08\x01\x01\x07"),
	    "brainpoolP256r1" }, 256 },
	{ { OID("\x2b\x24\x03\x03\x02\x08\x01\x01\x0b"),
	    "brainpoolP384r1" }, 384 },
	{ { OID("\x2b\x24\x03\x03\x02\x08\x01\x01\x0d"),
	    "brainpoolP512r1" }, 512 },
};

static const struct oid_name oid_cn = { OID("\x55\x04\x03"), "CN" };
static const struct oid_name oid_san = { OID("\x55\x1d\x11"), "" };
static const struct oid_name oid_bc = { OID("\x55\x1d\x13"), "" };
static const struct oid_name oid_rsa = {
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"), "" };
static const struct oid_name oid_rsapss = {
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a"), "" };
static const struct oid_name oid_ec = {
	OID("\x2a\x86\x48\xce\x3d\x02\x01"), "" };
static const struct oid_name oid_dsa = {
	OID("\x2a\x86\x48\xce\x38\x04\x01"), "" };
static const struct oid_name oid_ed25519 = { OID("\x2b\x65\x70"), "" };
static const struct oid_name oid_ed448 = { OID("\x2b\x65\x71"), "" };

static const char hexdig[] = "0123456789ABCDEF";

/* ---- text ---------------------------------------------------------- */

static void
txt_init(struct txt *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	t->over = 0;
	buf[0] = '\0';
}

static void
txt_c(struct txt *t, int c)
{
	if (t->over || t->cap - t->len < 2) {
		t->over = 1;
		return;
	}
	t->buf[t->len++] = (char)c;
	t->buf[t->len] = '\0';
}

static void
txt_s(struct txt *t, const char *s)
{
	while (*s)
		txt_c(t, *s++);
}

static void
txt_hex(struct txt *t, unsigned b)
{
	txt_c(t, hexdig[b >> 4 & 15]);
	txt_c(t, hexdig[b & 15]);
}

/* Drops what was written after `len` (an element that did not fit). */
static void
txt_cut(struct txt *t, size_t len)
{
	t->len = len;
	t->buf[len] = '\0';
}

/*
 * Dotted form of an OID's content.  A sub-identifier over 64 bits (2.25
 * UUIDs) is written '?': this text is for people, not for matching.
 */
static void
txt_oid(struct txt *t, const unsigned char *p, size_t n)
{
	char dig[20];
	uint64_t v;
	size_t i, k;
	int first, big, arc;

	first = 1;
	for (i = 0; i < n; ) {
		v = 0;
		big = 0;
		do {
			if (v >> 57)
				big = 1;
			v = v << 7 | (p[i] & 0x7f);
		} while (p[i++] & 0x80 && i < n);
		if (first) {
			/* X.690 8.19.4: the first one packs two arcs */
			first = 0;
			if (big) {
				txt_s(t, "2.?");
				continue;
			}
			arc = v < 40 ? 0 : v < 80 ? 1 : 2;
			txt_c(t, '0' + arc);
			v -= 40 * arc;
		}
		txt_c(t, '.');
		if (big) {
			txt_c(t, '?');
			continue;
		}
		k = 0;
		do {
			dig[k++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (k)
			txt_c(t, dig[--k]);
	}
}

/* ---- DER ----------------------------------------------------------- */

/* An OBJECT IDENTIFIER: content not empty, last byte ends an arc. */
static int
der_oid(struct rd *r, struct rd *oid)
{
	if (der_get(r, DER_OID, oid))
		return -1;
	if (oid->len == 0 || oid->p[oid->len - 1] & 0x80) {
		rd_fail(r, MX_E_SYNTAX);
		oid->err = r->err;
		return -1;
	}
	return 0;
}

static int
oid_is(const struct rd *oid, const struct oid_name *o)
{
	return oid->len == o->len && memcmp(oid->p, o->der, o->len) == 0;
}

static const struct oid_name *
oid_find(const struct rd *oid, const struct oid_name *tab, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (oid_is(oid, &tab[i]))
			return &tab[i];
	return NULL;
}

/* Significant bits of a non-negative INTEGER's content. */
static unsigned
int_bits(const struct rd *v)
{
	size_t i;
	unsigned b, n;

	for (i = 0; i < v->len && v->p[i] == 0; i++)
		;
	if (i == v->len)
		return 0;
	for (n = 0, b = v->p[i]; b; b >>= 1)
		n++;
	/* RSA moduli top out near 16 kbit; clamp absurd lengths anyway */
	if (v->len - i > 0x1000000)
		return 0xffffffffu;
	return (unsigned)(v->len - i - 1) * 8 + n;
}

/* ---- time ---------------------------------------------------------- */

/* k decimal digits at s, or -1. */
static int
digits(const unsigned char *s, int k)
{
	int v;

	for (v = 0; k > 0; k--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* A Time (RFC 5280 4.1.2.5) to unix seconds. */
static int
der_time(struct rd *r, int64_t *out)
{
	struct rd v;
	const unsigned char *s;
	unsigned tag;
	size_t n, i;
	int y, mo, d, h, mi, sec;

	if (der_tlv(r, &tag, &v, NULL, NULL))
		return -1;
	s = v.p;
	n = v.len;
	if (tag == DER_UTC && n == 13) {
		/* RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, else 20YY */
		y = digits(s, 2);
		if (y >= 0)
			y += y >= 50 ? 1900 : 2000;
		s += 2;
	} else if (tag == DER_GENTIME && n >= 15) {
		y = digits(s, 4);
		s += 4;
		/* a fraction of a second (not DER, but seen) is skipped */
		if (n > 15 && (v.p[14] != '.' || n == 16))
			return rd_fail(r, MX_E_SYNTAX);
		for (i = 15; i + 1 < n; i++)
			if (v.p[i] < '0' || v.p[i] > '9')
				return rd_fail(r, MX_E_SYNTAX);
	} else {
		return rd_fail(r, MX_E_SYNTAX);
	}
	mo = digits(s, 2);
	d = digits(s + 2, 2);
	h = digits(s + 4, 2);
	mi = digits(s + 6, 2);
	sec = digits(s + 8, 2);
	/* digits() < 0 turns huge as unsigned: date_to_unix refuses it;
	 * a leap second (60) lands on the next minute, as POSIX time does */
	if (v.p[n - 1] != 'Z' || y < 1 ||
	    date_to_unix(y, (unsigned)mo, (unsigned)d, (unsigned)h,
	    (unsigned)mi, (unsigned)sec, out))
		return rd_fail(r, MX_E_SYNTAX);
	return 0;
}

/* ---- names --------------------------------------------------------- */

/* How a string type's bytes map to characters; 0: not a string. */
enum str_kind { STR_NONE, STR_BYTES, STR_LATIN1, STR_BMP, STR_UNIV };

static enum str_kind
str_kind(unsigned tag)
{
	switch (tag) {
	case 0x0c:	/* UTF8String */
	case 0x12:	/* NumericString */
	case 0x13:	/* PrintableString */
	case 0x15:	/* VideotexString */
	case 0x16:	/* IA5String */
	case 0x19:	/* GraphicString */
	case 0x1a:	/* VisibleString */
	case 0x1b:	/* GeneralString */
		return STR_BYTES;
	case 0x14:	/* TeletexString: Latin-1 in practice, as OpenSSL */
		return STR_LATIN1;
	case 0x1e:
		return STR_BMP;
	case 0x1c:
		return STR_UNIV;
	default:
		return STR_NONE;
	}
}

/* UTF-8 of code point c, each byte as "\XX" (RFC 4514 2.4 hexpair). */
static void
txt_utf8_esc(struct txt *t, uint32_t c)
{
	if (c < 0x800) {
		txt_c(t, '\\');
		txt_hex(t, 0xc0 | c >> 6);
	} else {
		if (c < 0x10000) {
			txt_c(t, '\\');
			txt_hex(t, 0xe0 | c >> 12);
		} else {
			txt_c(t, '\\');
			txt_hex(t, 0xf0 | c >> 18);
			txt_c(t, '\\');
			txt_hex(t, 0x80 | (c >> 12 & 0x3f));
		}
		txt_c(t, '\\');
		txt_hex(t, 0x80 | (c >> 6 & 0x3f));
	}
	txt_c(t, '\\');
	txt_hex(t, 0x80 | (c & 0x3f));
}

/*
 * The characters of a string value.  esc: RFC 4514 escaping, else plain
 * ASCII with every other character (and every undecodable unit) as '?'.
 */
static void
txt_str(struct txt *t, enum str_kind k, const unsigned char *p, size_t n,
    int esc)
{
	size_t i, u;
	uint32_t c;

	u = k == STR_BMP ? 2 : k == STR_UNIV ? 4 : 1;
	for (i = 0; i < n; i += u) {
		if (n - i < u) {
			txt_c(t, '?');
			break;
		}
		if (u == 2)
			c = (uint32_t)p[i] << 8 | p[i + 1];
		else if (u == 4)
			c = (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
			    (uint32_t)p[i + 2] << 8 | p[i + 3];
		else
			c = p[i];
		if (!esc) {
			txt_c(t, c >= 0x20 && c < 0x7f ? (int)c : '?');
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 &&
		    k == STR_BYTES)) {
			/* control bytes, and UTF-8 kept byte for byte */
			txt_c(t, '\\');
			txt_hex(t, c);
		} else if (c >= 0x80) {
			if ((c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
				txt_c(t, '?');
			else
				txt_utf8_esc(t, c);
		} else {
			/* c is not NUL here: strchr would match the end */
			if (strchr(",+\"\\<>;", (int)c) != NULL ||
			    (i == 0 && (c == '#' || c == ' ')) ||
			    (i + u >= n && c == ' '))
				txt_c(t, '\\');
			txt_c(t, (int)c);
		}
	}
}

/* One AttributeTypeAndValue at p (already checked) as "TYPE=value". */
static void
txt_atv(struct txt *t, const unsigned char *p, size_t n)
{
	struct rd r, atv, oid, val;
	const struct oid_name *o;
	const unsigned char *vp;
	enum str_kind k;
	unsigned tag;
	size_t vlen, i;

	rd_init(&r, p, n);
	der_get(&r, DER_SEQ, &atv);
	der_get(&atv, DER_OID, &oid);
	der_tlv(&atv, &tag, &val, &vp, &vlen);
	o = oid_find(&oid, attr_names, sizeof attr_names / sizeof *attr_names);
	k = str_kind(tag);
	if (o != NULL)
		txt_s(t, o->name);
	else
		txt_oid(t, oid.p, oid.len);
	txt_c(t, '=');
	if (o != NULL && k != STR_NONE) {
		txt_str(t, k, val.p, val.len, 1);
	} else {
		/* RFC 4514 2.4: '#' and the hex of the BER */
		txt_c(t, '#');
		for (i = 0; i < vlen; i++)
			txt_hex(t, vp[i]);
	}
}

/*
 * A CN value as ASCII into cn[cap], every other character '?'.  A value
 * that is not a string becomes "?", and a cut one ends in '?': neither
 * may ever match a host name.
 */
static void
txt_cn(char *cn, size_t cap, unsigned tag, const struct rd *v)
{
	struct txt t;

	txt_init(&t, cn, cap);
	if (str_kind(tag) == STR_NONE)
		txt_c(&t, '?');
	else
		txt_str(&t, str_kind(tag), v->p, v->len, 0);
	if (t.over)
		cn[t.len - 1] = '?';
}

/*
 * Reads a Name: its DER into *der, *derlen, its text into text[cap] (see
 * the notes at the top), *trunc set if RDNs were left out.  With cn, the
 * last CN value is written there as ASCII ('?' for anything else).
 */
static int
der_name(struct rd *r, char *text, size_t cap, int *trunc,
    const unsigned char **der, size_t *derlen, char *cn, size_t cncap)
{
	uint32_t keep[DN_KEEP];
	unsigned char first[DN_KEEP];
	struct rd name, rdn, atv, oid, val;
	struct txt t;
	size_t n, i, slot, commit;
	unsigned tag;

	txt_init(&t, text, cap);
	if (der_tlv(r, &tag, &name, der, derlen))
		return -1;
	if (tag != DER_SEQ)
		return rd_fail(r, MX_E_SYNTAX);
	if (cn != NULL)
		cn[0] = '\0';
	/* pass 1: check every RDN, keep where the last DN_KEEP values are */
	n = 0;
	while (rd_left(&name)) {
		der_get(&name, DER_SET, &rdn);
		/* RFC 5280: RDN is SET SIZE (1..MAX) */
		if (name.err == 0 && rd_left(&rdn) == 0)
			rd_fail(&name, MX_E_SYNTAX);
		i = 0;
		while (rd_left(&rdn)) {
			slot = n % DN_KEEP;
			/* offsets fit: a length has at most 4 bytes */
			keep[slot] = (uint32_t)(rdn.p + rdn.off - name.p);
			first[slot] = i++ == 0;
			der_get(&rdn, DER_SEQ, &atv);
			der_oid(&atv, &oid);
			der_tlv(&atv, &tag, &val, NULL, NULL);
			if (atv.err == 0 && cn != NULL && oid_is(&oid, &oid_cn))
				txt_cn(cn, cncap, tag, &val);
			der_end(&rdn, &atv);
			n++;
		}
		der_end(&name, &rdn);
	}
	if (der_end(r, &name))
		return -1;
	/* pass 2: most specific first, whole RDNs only */
	commit = 0;
	for (i = n; i-- > 0; ) {
		/* never true (see DN_KEEP), but the ring must not be overrun */
		if (n - i > DN_KEEP) {
			t.over = 1;
			break;
		}
		slot = i % DN_KEEP;
		if (t.len > 0)
			txt_c(&t, i + 1 < n && !first[(i + 1) % DN_KEEP] ?
			    '+' : ',');
		txt_atv(&t, name.p + keep[slot], name.len - keep[slot]);
		if (t.over)
			break;
		if (first[slot])
			commit = t.len;
	}
	if (t.over) {
		txt_cut(&t, commit);
		*trunc = 1;
	}
	return 0;
}

/* ---- certificate parts --------------------------------------------- */

static void
der_validity(struct rd *r, struct x509_facts *f)
{
	struct rd v;

	der_get(r, DER_SEQ, &v);
	der_time(&v, &f->not_before);
	der_time(&v, &f->not_after);
	der_end(r, &v);
}

/* AlgorithmIdentifier's name into buf (sig_names, else dotted OID). */
static void
der_alg_name(struct rd *r, char *buf, size_t cap)
{
	struct rd alg, oid, par;
	const struct oid_name *o;
	struct txt t;
	unsigned tag;

	der_get(r, DER_SEQ, &alg);
	der_oid(&alg, &oid);
	if (rd_left(&alg))
		der_tlv(&alg, &tag, &par, NULL, NULL);
	if (der_end(r, &alg))
		return;
	txt_init(&t, buf, cap);
	o = oid_find(&oid, sig_names, sizeof sig_names / sizeof *sig_names);
	if (o != NULL)
		txt_s(&t, o->name);
	else
		txt_oid(&t, oid.p, oid.len);
}

/* BIT STRING content of a key: no unused bits. */
static int
key_bits_ok(struct rd *key)
{
	uint8_t unused;

	if (rd_u8(key, &unused) == 0 && unused != 0)
		rd_fail(key, MX_E_SYNTAX);
	return key->err ? -1 : 0;
}

static void
der_spki(struct rd *r, struct x509_facts *f)
{
	struct rd spki, alg, oid, par, key, seq, n, e;
	const struct curve *c;
	unsigned tag, ptag;
	size_t i;

	if (der_tlv(r, &tag, &spki, &f->spki_der, &f->spki_der_len))
		return;
	if (tag != DER_SEQ) {
		rd_fail(r, MX_E_SYNTAX);
		return;
	}
	der_get(&spki, DER_SEQ, &alg);
	der_oid(&alg, &oid);
	ptag = 0;
	rd_init(&par, alg.p, 0);
	if (rd_left(&alg))
		der_tlv(&alg, &ptag, &par, NULL, NULL);
	der_end(&spki, &alg);
	der_get(&spki, DER_BITS, &key);
	if (der_end(r, &spki))
		return;
	if (oid_is(&oid, &oid_rsa) || oid_is(&oid, &oid_rsapss)) {
		/* RFC 8017 A.1.1: RSAPublicKey SEQUENCE { n, e } */
		f->key_type = X509_KEY_RSA;
		key_bits_ok(&key);
		der_get(&key, DER_SEQ, &seq);
		der_get(&seq, DER_INT, &n);
		der_get(&seq, DER_INT, &e);
		der_end(&key, &seq);
		f->key_bits = int_bits(&n);
	} else if (oid_is(&oid, &oid_ec)) {
		/* RFC 5480 2.1.1: namedCurve, else the point says the size */
		f->key_type = X509_KEY_EC;
		key_bits_ok(&key);
		for (i = 0; i < sizeof curves / sizeof *curves; i++) {
			c = &curves[i];
			if (ptag == DER_OID && oid_is(&par, &c->oid)) {
				memcpy(f->key_curve, c->oid.name,
				    strlen(c->oid.name) + 1);
				f->key_bits = c->bits;
			}
		}
		if (f->key_bits == 0 && rd_left(&key) > 1)
			f->key_bits = (unsigned)(key.p[key.off] == 4 ?
			    (rd_left(&key) - 1) / 2 : rd_left(&key) - 1) * 8;
		key.off = key.len;
	} else if (oid_is(&oid, &oid_ed25519)) {
		/* RFC 8410: the key is the 32- or 57-byte point */
		f->key_type = X509_KEY_ED25519;
		f->key_bits = 256;
		key.off = key.len;
	} else if (oid_is(&oid, &oid_ed448)) {
		f->key_type = X509_KEY_ED448;
		f->key_bits = 456;
		key.off = key.len;
	} else if (oid_is(&oid, &oid_dsa)) {
		/* RFC 3279 2.3.2: size of p in Dss-Parms { p, q, g } */
		f->key_type = X509_KEY_DSA;
		if (ptag == DER_SEQ && der_get(&par, DER_INT, &n) == 0)
			f->key_bits = int_bits(&n);
		key.off = key.len;
	} else {
		key.off = key.len;
	}
	der_end(r, &key);
}

/* A dNSName byte as kept: the LDH alphabet, '*', '_', else '?'. */
static int
san_byte(unsigned char b)
{
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
	    (b >= '0' && b <= '9') || b == '.' || b == '*' || b == '_' ||
	    b == '-')
		return b;
	return '?';
}

/* RFC 5280 4.2.1.6: GeneralNames; only dNSName [2] is kept. */
static void
der_san(struct rd *r, struct x509_facts *f)
{
	struct rd seq, gn;
	struct txt t;
	unsigned tag;
	size_t i, mark;

	f->has_san_ext = 1;
	txt_init(&t, f->san, sizeof f->san);
	der_get(r, DER_SEQ, &seq);
	while (rd_left(&seq)) {
		if (der_tlv(&seq, &tag, &gn, NULL, NULL))
			break;
		if ((tag & 0xc0) != 0x80) {
			rd_fail(&seq, MX_E_SYNTAX);
			break;
		}
		if (tag != DER_CTX(2))
			continue;
		f->san_count++;
		/* an empty name matches nothing: counted, not listed */
		if (f->san_truncated || gn.len == 0)
			continue;
		mark = t.len;
		if (t.len > 0)
			txt_c(&t, ',');
		for (i = 0; i < gn.len; i++)
			txt_c(&t, san_byte(gn.p[i]));
		if (t.over) {
			/* whole names only: later ones are counted, not kept */
			txt_cut(&t, mark);
			f->san_truncated = 1;
		}
	}
	der_end(r, &seq);
}

/* RFC 5280 4.2.1.9: BasicConstraints { cA BOOLEAN DEFAULT FALSE, ... } */
static void
der_bc(struct rd *r, struct x509_facts *f)
{
	struct rd seq, v;

	der_get(r, DER_SEQ, &seq);
	if (der_peek(&seq) == DER_BOOL) {
		der_get(&seq, DER_BOOL, &v);
		if (v.len != 1)
			rd_fail(&seq, MX_E_SYNTAX);
		else
			f->is_ca = v.p[0] != 0;
	}
	if (der_peek(&seq) == DER_INT)
		der_get(&seq, DER_INT, &v);
	der_end(r, &seq);
}

/*
 * RFC 5280 4.2: each extension at most once.  A second SAN or
 * basicConstraints is refused: readers that took the other one would see
 * another certificate.
 */
static void
der_extensions(struct rd *r, struct x509_facts *f)
{
	struct rd list, ext, oid, v;
	int bc_seen;

	bc_seen = 0;
	der_get(r, DER_SEQ, &list);
	while (rd_left(&list)) {
		der_get(&list, DER_SEQ, &ext);
		der_oid(&ext, &oid);
		if (der_peek(&ext) == DER_BOOL)
			der_get(&ext, DER_BOOL, &v);	/* critical */
		der_get(&ext, DER_OCTETS, &v);
		if (ext.err == 0) {
			if (oid_is(&oid, &oid_san)) {
				if (f->has_san_ext)
					rd_fail(&ext, MX_E_SYNTAX);
				der_san(&v, f);
				der_end(&ext, &v);
			} else if (oid_is(&oid, &oid_bc)) {
				if (bc_seen++)
					rd_fail(&ext, MX_E_SYNTAX);
				der_bc(&v, f);
				der_end(&ext, &v);
			}
		}
		der_end(&list, &ext);
	}
	der_end(r, &list);
}

static void
der_tbs(struct rd *r, struct x509_facts *f)
{
	struct rd v, x;
	unsigned tag, next;

	if (der_peek(r) == DER_CTXC(0)) {
		/* version [0] EXPLICIT; absent means v1 */
		der_get(r, DER_CTXC(0), &v);
		der_get(&v, DER_INT, &x);
		der_end(r, &v);
	}
	der_get(r, DER_INT, &x);		/* serialNumber */
	der_get(r, DER_SEQ, &x);		/* signature: same as outside */
	der_name(r, f->issuer, sizeof f->issuer, &f->issuer_truncated,
	    &f->issuer_der, &f->issuer_der_len, NULL, 0);
	der_validity(r, f);
	der_name(r, f->subject, sizeof f->subject, &f->subject_truncated,
	    &f->subject_der, &f->subject_der_len, f->cn, sizeof f->cn);
	der_spki(r, f);
	/* [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions, in order */
	next = 1;
	while (rd_left(r)) {
		if (der_tlv(r, &tag, &v, NULL, NULL))
			break;
		/* unique IDs are BIT STRINGs; BER allows them constructed */
		if ((tag & 0xdf) < DER_CTX(next) || (tag & 0xdf) > DER_CTX(3)) {
			rd_fail(r, MX_E_SYNTAX);
			break;
		}
		next = (tag & 0x1f) + 1;
		if (tag == DER_CTXC(3)) {
			der_extensions(&v, f);
			der_end(r, &v);
		} else if (tag == DER_CTX(3)) {
			rd_fail(r, MX_E_SYNTAX);
		}
	}
}

/* see x509.h */
int
x509_parse(const unsigned char *der, size_t len, struct x509_facts *f,
    int *err)
{
	br_sha256_context h;
	struct rd top, cert, tbs, sig;

	memset(f, 0, sizeof *f);
	rd_init(&top, der, len);
	der_get(&top, DER_SEQ, &cert);
	der_get(&cert, DER_SEQ, &tbs);
	der_tbs(&tbs, f);
	der_end(&cert, &tbs);
	der_alg_name(&cert, f->sig_alg, sizeof f->sig_alg);
	der_get(&cert, DER_BITS, &sig);
	sig.off = sig.len;
	der_end(&cert, &sig);
	der_end(&top, &cert);
	/* one certificate, nothing after it */
	if (top.err == 0 && top.off != top.len)
		rd_fail(&top, MX_E_SYNTAX);
	if (err != NULL)
		*err = top.err;
	if (top.err) {
		memset(f, 0, sizeof *f);
		return -1;
	}
	f->self_issued = f->subject_der_len == f->issuer_der_len &&
	    memcmp(f->subject_der, f->issuer_der, f->subject_der_len) == 0;
	br_sha256_init(&h);
	br_sha256_update(&h, der, len);
	br_sha256_out(&h, f->sha256);
	return 0;
}

/* see x509.h */
const char *
x509_key_str(enum x509_key k)
{
	switch (k) {
	case X509_KEY_RSA:
		return "RSA";
	case X509_KEY_EC:
		return "EC";
	case X509_KEY_ED25519:
		return "Ed25519";
	case X509_KEY_ED448:
		return "Ed448";
	case X509_KEY_DSA:
		return "DSA";
	default:
		return "unknown";
	}
}
