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
	/* RFC 4514-ish text, most significant RDN last as in OpenSSL -nameopt RFC2253 */
	char		 subject[MX_DN_TEXT_MAX];
	char		 issuer[MX_DN_TEXT_MAX];
	char		 cn[MX_NAME_MAX + 1];	/* last CN of subject, "" if none */
	/* dNSName SANs, comma-joined; bytes outside [A-Za-z0-9.*_-] become '?' */
	char		 san[MX_SAN_TEXT_MAX];
	unsigned	 san_count;		/* dNSNames seen, kept or not */
	int		 san_truncated;
	int		 has_san_ext;		/* subjectAltName extension present */
	int64_t		 not_before, not_after;	/* unix seconds */
	enum x509_key	 key_type;
	unsigned	 key_bits;		/* RSA modulus / EC field bits */
	char		 key_curve[16];		/* "P-256", "P-384", "P-521", "" */
	char		 sig_alg[32];		/* e.g. "sha256WithRSAEncryption" */
	int		 is_ca;			/* basicConstraints cA TRUE */
	int		 self_issued;		/* subject DER == issuer DER */
	unsigned char	 sha256[32];		/* of the whole DER */
	/* raw DER pointers into the buffer given to x509_parse (its lifetime) */
	const unsigned char *subject_der, *issuer_der, *spki_der;
	size_t		 subject_der_len, issuer_der_len, spki_der_len;
};

/*
 * Parses one DER certificate der[0..len).  Returns 0 with *f filled, or -1
 * with *err set (MX_E_SHORT / MX_E_SYNTAX).  Unknown extensions, algorithms
 * and attribute types are reported by OID text, never an error.
 */
int x509_parse(const unsigned char *der, size_t len, struct x509_facts *f,
    int *err);

/*
 * RFC 6125 match of one presented identifier (a SAN dNSName or CN) against
 * a reference host name: case-insensitive, one trailing dot ignored on
 * either side, wildcard only as the whole left-most label ("*.example.org")
 * matching exactly one non-empty label, never a public-suffix-like "*.com"
 * (at least two labels after the wildcard), never matching an IP literal.
 * Returns 1 on match, 0 otherwise.
 */
int x509_name_match(const char *pattern, size_t plen, const char *host);

/*
 * Host name check of a certificate: against every SAN dNSName when the SAN
 * extension has any, else against the CN.  Returns 1 on match.
 */
int x509_host_match(const struct x509_facts *f, const char *host);

/* Name of a key type ("RSA", "EC", "Ed25519", ...). */
const char *x509_key_str(enum x509_key k);

#endif
