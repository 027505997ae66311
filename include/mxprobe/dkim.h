/*
 * dkim.h -- DKIM public key records (RFC 6376 3.6.1, RFC 8301, RFC 8463),
 * the selectors an audit probes, and what _domainkey.<domain> says about
 * selectors nobody told us (RFC 8020).  Pure: no I/O, no heap.
 *
 * A key record is "tag=value" pairs (taglist.h).  Tag names are
 * case-sensitive (RFC 6376 3.2), so "K=rsa" is an unknown tag, ignored.
 * Reasons a record is invalid (struct dkim_key's err, the check's
 * dkim_N_error):
 *	syntax          not a tag list
 *	duplicate-tag   a tag twice (RFC 6376 3.2: the whole list is invalid)
 *	bad-v           v= not first, or not "DKIM1"
 *	no-p            no p= tag
 *	unknown-k       k= neither rsa nor ed25519 (verifiers skip the key)
 *	not-email       s= lists neither "*" nor "email"
 *	sha1-only       h= lists no sha256 (RFC 8301: rsa-sha1 is invalid)
 *	bad-base64      p= is not base64
 *	key-too-long    p= decodes to more than MX_DKIM_KEY_MAX bytes
 *	bad-key         p= is not a DER RSA key (SubjectPublicKeyInfo or a
 *	                bare RSAPublicKey, both seen in the wild and taken by
 *	                OpenSSL-based verifiers)
 *	not-rsa-key     a SubjectPublicKeyInfo of another algorithm for k=rsa
 *	rsa-too-small   modulus under 1024 bits (RFC 8301 3.2: verifiers MUST
 *	                NOT consider such signatures valid)
 *	bad-ed25519-key k=ed25519 whose p= is not 32 bytes (RFC 8463 4: the
 *	                raw key, not a SubjectPublicKeyInfo)
 * An empty p= is a revoked key (RFC 6376 3.6.1): a valid record, revoked.
 */
#ifndef MXPROBE_DKIM_H
#define MXPROBE_DKIM_H

#include <stddef.h>
#include "mxprobe/err.h"
#include "mxprobe/limits.h"
#include "mxprobe/dnsmsg.h"

enum dkim_ktype { DKIM_K_RSA, DKIM_K_ED25519, DKIM_K_UNKNOWN };

struct dkim_key {
	enum dkim_ktype	 ktype;		/* k=, default rsa */
	/*
	 * RSA: modulus bits; Ed25519: 256; 0 when revoked or not read.
	 * RFC 8301 3.2: < 1024 invalid, 1024-2047 weak, >= 2048 good.
	 */
	unsigned	 bits;
	int		 revoked;	/* p= empty */
	int		 testing;	/* t= has y: "do not treat as signed" */
	int		 strict;	/* t= has s: i= must equal d= */
	const char	*err;		/* NULL: valid; else a reason above */
};

/*
 * Reads the key record txt[0..len) (the TXT strings joined) into *k.
 * Returns 0 for a valid record (k->err NULL; a revoked key is valid), -1
 * with k->err set.  Every tag is read even after an error, so the fields
 * say what could be read; the first error is kept.  No copy: nothing
 * points into txt afterwards.  ~1.6 KB of stack (the decoded key).
 */
int dkim_parse(const char *txt, size_t len, struct dkim_key *k);

/*
 * Modulus size of a DER RSA public key der[0..len): a SubjectPublicKeyInfo
 * with rsaEncryption (RFC 5280 4.1, RFC 8017 A.1.1) or a bare
 * RSAPublicKey, exactly (nothing after it), definite minimal lengths
 * only, positive non-empty modulus and exponent.  Returns 0 with *bits
 * (leading zero bytes not counted), -1 if it is not such DER, -2 for a
 * well-formed SubjectPublicKeyInfo of another algorithm.
 */
int dkim_rsa_bits(const unsigned char *der, size_t len, unsigned *bits);

/*
 * Points of one key for the score: 100 ed25519 or RSA >= 2048 bits, 60
 * RSA 1024-2047, 30 revoked or testing (t=y), 10 invalid.
 */
int dkim_points(const struct dkim_key *k);

/* "rsa", "ed25519", "unknown". */
const char *dkim_ktype_str(enum dkim_ktype t);

/* ---- selectors ------------------------------------------------------ */
/*
 * Probed in every audit, after those of -s (mxprobe.1, -s): "default"
 * (OpenDKIM/rspamd examples, cPanel), "selector1" and "selector2"
 * (Microsoft 365), "google" (Google Workspace), "k1" (Mailchimp and
 * Mandrill), "s1" and "s2" (SendGrid and many guides), "dkim" and "mail"
 * (common hand-made choices).  Short on purpose: each is one query, and
 * RFC 8020 (below) tells present from absent without guessing more.
 */
#define DKIM_DEFAULT_SELECTORS \
	"default,selector1,selector2,google,k1,s1,s2,dkim,mail"

struct dkim_selectors {
	unsigned	 n;
	int		 truncated;	/* more than MX_DKIM_SELECTORS_MAX */
	char		 name[MX_DKIM_SELECTORS_MAX][MX_DKIM_SELECTOR_LEN + 1];
};

/* Empties s. */
void dkim_selectors_init(struct dkim_selectors *s);
/*
 * Adds the comma-separated selectors of spec (-s, or
 * DKIM_DEFAULT_SELECTORS), skipping those already in s (compared
 * case-insensitively).  A selector is dot-separated labels of
 * [A-Za-z0-9_-], 1-63 bytes each, MX_DKIM_SELECTOR_LEN bytes at most.
 * Returns 0, or -1 (s unchanged) for an empty element or a bad name: a
 * usage error.  Selectors beyond MX_DKIM_SELECTORS_MAX are dropped and
 * s->truncated set (0 is still returned).
 */
int dkim_selectors_add(struct dkim_selectors *s, const char *spec);

/* ---- presence ------------------------------------------------------- */
/*
 * What the TXT query of _domainkey.<domain> says (RFC 8020: NXDOMAIN means
 * nothing exists below the name): NXDOMAIN, no key under any selector;
 * NODATA or data, some name below exists, i.e. keys under selectors we
 * did not guess (a wildcard could also make it exist);
 * unknown when the query failed (err != MX_OK) or gave another rcode.
 */
enum dkim_presence { DKIM_DK_UNKNOWN, DKIM_DK_NXDOMAIN, DKIM_DK_EXISTS };
enum dkim_presence dkim_domainkey(enum mx_err err, enum dnsmsg_ans_kind kind);

/*
 * The verdict of the audit: present when a selector gave a key record
 * (found > 0, valid or not) or _domainkey exists; absent when it is
 * NXDOMAIN and no selector was found; else unknown.
 */
enum dkim_verdict { DKIM_V_ABSENT, DKIM_V_PRESENT, DKIM_V_UNKNOWN };
enum dkim_verdict dkim_verdict(enum dkim_presence dk, unsigned found);
/* "absent", "present", "unknown". */
const char *dkim_verdict_str(enum dkim_verdict v);

#endif
