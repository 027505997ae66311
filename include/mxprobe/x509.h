/*
 * x509.h -- the facts people ask about a certificate, from its DER.
 *
 * A pure core over a byte buffer, on struct rd: definite lengths only, every
 * element read through a sub-cursor, nothing trusted.  It does not verify
 * signatures (BearSSL does that); it extracts what to report and match.
 */
#ifndef MXPROBE_X509_H
#define MXPROBE_X509_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/limits.h"

enum x509_key { X509_KEY_UNKNOWN, X509_KEY_RSA, X509_KEY_EC, X509_KEY_ED25519,
	X509_KEY_ED448, X509_KEY_DSA };

struct x509_facts {
	/*
	 * RFC 4514 text as "openssl x509 -nameopt RFC2253" prints it: most
	 * specific RDN first ("CN=mx.example,O=Org,C=DE"), values of one RDN
	 * joined by '+', OpenSSL's short names (CN C O OU L ST DC UID street
	 * emailAddress serialNumber jurisdictionC ...), other types as a
	 * dotted OID with '#' and the hex of the value's DER.  Only printable
	 * ASCII: other bytes of the value's UTF-8 are written "\XX" (T61 read
	 * as Latin-1, BMP and Universal decoded).  Cut before the first RDN
	 * that does not fit, and *_truncated set.
	 */
	char		 subject[MX_DN_TEXT_MAX];
	char		 issuer[MX_DN_TEXT_MAX];
	int		 subject_truncated, issuer_truncated;
	/*
	 * Last CN of subject, "" if none: printable ASCII, every other byte
	 * (or character of a BMP/Universal string) '?'.  A CN that is not a
	 * string reads "?"; one cut to fit ends in '?' (neither can match).
	 */
	char		 cn[MX_NAME_MAX + 1];
	/*
	 * dNSName SANs, comma-joined; bytes outside [A-Za-z0-9.*_-] become
	 * '?'.  Whole names only: after the first that does not fit, names
	 * are counted but not kept, and san_truncated is set.  Empty names
	 * are counted, not listed.
	 */
	char		 san[MX_SAN_TEXT_MAX];
	unsigned	 san_count;	/* dNSNames seen, kept or not */
	int		 san_truncated;
	int		 has_san_ext;	/* subjectAltName is there */
	int64_t		 not_before, not_after;	/* unix seconds */
	enum x509_key	 key_type;
	/*
	 * RSA: modulus bits; DSA: bits of p; EC: field bits of the named
	 * curve (521 for P-521), else of the point; Ed25519 256, Ed448 456.
	 */
	unsigned	 key_bits;
	/* "P-256", "P-384", "P-521", "secp256k1", "brainpoolP256r1"... or "" */
	char		 key_curve[16];
	/*
	 * As "openssl x509 -text" names it ("sha256WithRSAEncryption",
	 * "ecdsa-with-SHA256", "rsassaPss", "ED25519"), else the dotted OID
	 * (cut to fit).
	 */
	char		 sig_alg[32];
	int		 is_ca;		/* basicConstraints cA TRUE */
	int		 self_issued;	/* subject DER == issuer DER */
	unsigned char	 sha256[32];		/* of the whole DER */
	/* raw DER (tag and length included) inside x509_parse's buffer */
	const unsigned char *subject_der, *issuer_der, *spki_der;
	size_t		 subject_der_len, issuer_der_len, spki_der_len;
};

/*
 * Parses one DER certificate der[0..len), nothing after it.  Returns 0
 * with *f filled, or -1 with *f zeroed; *err (if err is not NULL) gets
 * MX_OK, MX_E_SHORT (an element runs past the end of what holds it) or
 * MX_E_SYNTAX (BER-only encodings such as indefinite lengths, a wrong
 * tag, bytes left over, a bad time, a second SAN or basicConstraints
 * extension).  Unknown extensions, algorithms and attribute types are
 * reported by OID text, never an error.  Does not allocate; uses about
 * 2.5 KB of stack (gcc -fstack-usage: 2.2 KB at -Os on x86_64).  *f
 * points into der: keep der alive while *f is used.
 */
int x509_parse(const unsigned char *der, size_t len, struct x509_facts *f,
    int *err);

/*
 * RFC 6125 match of one presented identifier (a SAN dNSName or CN) of plen
 * bytes against a reference host name (NUL-terminated): case-insensitive
 * (ASCII), one trailing dot ignored on either side, wildcard only as the
 * whole left-most label ("*.example.org") matching exactly one non-empty
 * label, never a public-suffix-like "*.com" (at least two labels after the
 * wildcard), never matching an IP literal.  Partial-label wildcards
 * ("f*.example.org") never match; a whole-label wildcard may match an
 * A-label ("xn--..."), which is compared as plain ASCII.  A pattern with
 * a NUL or a '?' (a byte x509_parse replaced) never matches; a host that
 * is not LDH labels (and '_'), or whose last label is numeric, neither.
 * Returns 1 on match, 0 otherwise.
 */
int x509_name_match(const char *pattern, size_t plen, const char *host);

/*
 * Host name check of a certificate: against every SAN dNSName when the SAN
 * extension has any (san_count > 0: RFC 6125 6.4.4, as OpenSSL), else
 * against the CN, so a SAN holding only IP addresses or e-mail leaves the
 * CN in use.  Names cut by san_truncated are not tried.  Returns 1 on
 * match.
 */
int x509_host_match(const struct x509_facts *f, const char *host);

/* Name of a key type ("RSA", "EC", "Ed25519", "Ed448", "DSA", "unknown"). */
const char *x509_key_str(enum x509_key k);

#endif
