/*
 * tlsa.h -- DANE for SMTP (RFC 6698, 7671, 7672): the TLSA records of one
 * MX against the chain one of its addresses presented; no I/O, no clock,
 * no heap.
 *
 * Caller's flow (chk_dane.c):
 *
 *	records of _25._tcp.<mx> from a DNSSEC-validated (AD=1) answer,
 *	decoded with dnsmsg_rr_tlsa() and kept by the caller;
 *	tlsa_verify(recs, n, &probe->tls.chain, names, 2, now, &v);
 *	v.result: TLSA_OK (v.match says which record), TLSA_FAIL (v.fail:
 *	the RFC 8460 result type), TLSA_UNUSABLE (TLS required, no
 *	authentication), TLSA_NONE, TLSA_NO_CHAIN.
 *
 * Usability (RFC 7672 3.1): usages 0 (PKIX-TA) and 1 (PKIX-EE) are
 * unusable for SMTP (3.1.3), as are unknown usages, selectors and matching
 * types, and digests of the wrong length (SHA-256: 32, SHA-512: 64) or an
 * empty "full" record.  A usable record counts even if it matches nothing.
 *
 * Matching: selector 0 is the certificate's DER, 1 its SubjectPublicKeyInfo
 * DER; matching type 0 the bytes themselves, 1 SHA-256, 2 SHA-512.
 *
 * DANE-EE (3): the leaf (chain[0]) matches; names, dates and the rest of
 * the chain are ignored (RFC 7672 3.1.1).
 *
 * DANE-TA (2): a certificate above the leaf (chain[1..]) matches; the path
 * from the leaf up to it (built by issuer/subject names, so the sending
 * order does not matter) verifies with that certificate's subject and key
 * as the one trust anchor (BearSSL's br_x509_minimal, intermediates must be
 * CAs); the leaf matches one of the reference identifiers (x509_host_match:
 * RFC 7672 3.2.2/3.2.3); and every certificate of the path, the anchor
 * included, is valid at now.  A TA record matching only the leaf is not
 * used (as OpenSSL, on which Postfix and Exim build: DANE-TA records are
 * consulted above depth 0 only; a leaf is pinned with 3 x x): ta_leaf says
 * so.  When no chain certificate matches, the record itself can be the
 * anchor (RFC 7671 5.2: the server may then omit it): "2 0 0" holds the
 * whole TA certificate, "2 1 0" its bare public key (RSA or EC P-256/384/
 * 521), which anchors any issuer name of the path.
 */
#ifndef MXPROBE_TLSA_H
#define MXPROBE_TLSA_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/dnsmsg.h"
#include "mxprobe/limits.h"
#include <bearssl.h>
#include "mxprobe/tls.h"
#include "mxprobe/x509.h"

/* Certificate usages, selectors, matching types (RFC 7218 names). */
#define TLSA_PKIX_TA		0
#define TLSA_PKIX_EE		1
#define TLSA_DANE_TA		2
#define TLSA_DANE_EE		3
#define TLSA_SEL_CERT		0
#define TLSA_SEL_SPKI		1
#define TLSA_MT_FULL		0
#define TLSA_MT_SHA256		1
#define TLSA_MT_SHA512		2

/* "3 1 1": three numbers of at most 3 digits, two spaces, the NUL. */
#define TLSA_TEXT_MAX		12

/* Whether one record is usable for SMTP, and why not. */
enum tlsa_use {
	TLSA_USABLE,		/* "usable" */
	TLSA_U_PKIX,		/* "usage-pkix-unusable": usage 0 or 1 */
	TLSA_U_USAGE,		/* "usage-unknown": usage > 3 */
	TLSA_U_SELECTOR,	/* "selector-unknown": selector > 1 */
	TLSA_U_MTYPE,		/* "mtype-unknown": matching type > 2 */
	TLSA_U_LENGTH,		/* "data-length": digest not 32/64, empty */
	TLSA_U__COUNT
};

/* The RFC 8460 (4.3) result type of a failure. */
enum tlsa_fail {
	TLSA_F_NONE,
	TLSA_F_INVALID,		/* "tlsa-invalid": no usable record */
	TLSA_F_VALIDATION,	/* "validation-failure" */
	TLSA_F_HOST,		/* "certificate-host-mismatch" (DANE-TA) */
	TLSA_F_EXPIRED,		/* "certificate-expired" (DANE-TA) */
	TLSA_F__COUNT
};

enum tlsa_result {
	TLSA_NONE,		/* no records: DANE does not apply */
	/*
	 * Records, none usable (RFC 7672 2.2, 3.1): a DANE sender still
	 * requires TLS, but does not authenticate the server (Postfix's
	 * "encrypt" level); fail is TLSA_F_INVALID.
	 */
	TLSA_UNUSABLE,
	TLSA_NO_CHAIN,		/* usable records, no chain to match */
	TLSA_OK,		/* a usable record authenticates the chain */
	TLSA_FAIL		/* usable records, none authenticates */
};

/* What became of one record. */
struct tlsa_rec_verdict {
	enum tlsa_use	 use;
	/* chain index its data matched first (DANE-EE: 0 only), -1 none */
	int		 depth;
	/* the record authenticates the chain */
	int		 ok;
	/* DANE-TA that matched (or anchored) but did not authenticate */
	enum tlsa_fail	 fail;
	int		 br_err;	/* BearSSL's code of a validation-failure */
	/* the anchor was the record's own data (2 0 0, 2 1 0) */
	int		 from_record;
};

/* What tlsa_verify learns of one certificate; pointers into its DER. */
struct tlsa_cinfo {
	int			 ok;		/* x509_parse succeeded */
	const unsigned char	*der, *spki, *subj, *iss;
	size_t			 len, spki_len, subj_len, iss_len;
	int64_t			 nb, na;
};

/* tlsa_verify's working memory (~5.5 KB): private to tlsa.c. */
struct tlsa_scratch {
	struct x509_facts	 f;
	br_x509_decoder_context	 dec;
	struct tlsa_cinfo	 ci[MX_CHAIN_MAX];
	struct tlsa_cinfo	 rec;		/* a "2 0 0" record's data */
};

struct tlsa_verdict {
	enum tlsa_result result;
	enum tlsa_fail	 fail;		/* TLSA_UNUSABLE and TLSA_FAIL */
	int		 br_err;	/* BearSSL's code when fail says so */
	unsigned	 n;		/* records judged (at most MX_TLSA_MAX) */
	unsigned	 usable;
	int		 truncated;	/* n was over MX_TLSA_MAX: rest ignored */
	int		 match;		/* index of the record, -1 none */
	char		 match_text[TLSA_TEXT_MAX];	/* its "3 1 1" */
	int		 match_depth;	/* chain index it matched; -1 anchor */
	/*
	 * Rollover readiness: at least two usable records that stand for
	 * different keys.  Usable records are grouped by the chain certificate
	 * they match (so "3 1 1" and "3 0 1" of the same leaf are one), a
	 * record matching nothing by its own data (a published next key);
	 * ready when there are two groups or more.  Without a chain, records
	 * are grouped by data alone.
	 */
	int		 rollover;
	int		 chain_truncated;	/* a certificate was not kept */
	int		 ta_leaf;	/* a usable 2 x x matched the leaf only */
	struct tlsa_rec_verdict rec[MX_TLSA_MAX];
	/* last, and not cleared by tlsa_verify: written before it is read */
	struct tlsa_scratch	 scratch;
};

/*
 * Judges one record on its own.  Never fails.
 */
enum tlsa_use tlsa_usable(const struct dnsmsg_tlsa *t);

/*
 * Judges the TLSA RRset recs[0..n) against the chain the server presented
 * (leaf first, as sent; NULL or empty: TLSA_NO_CHAIN when a record is
 * usable) and fills *v (see the top of this file).  names[0..nnames) are
 * the reference identifiers a DANE-TA leaf must match (RFC 7672 3.2.2: the
 * TLSA base domain, and the MX name before CNAME expansion when it
 * differs); now is the time dates are judged at, unix seconds.  Records
 * past MX_TLSA_MAX are ignored and v->truncated is set.  When several
 * records authenticate the chain v->match is the first DANE-EE one in
 * recs order, else the first DANE-TA one (resolvers rotate RRsets, so
 * the usage decides before the order does);
 * when none does, v->fail is the best outcome of any DANE-TA attempt
 * (host-mismatch, then expired, then validation-failure) and otherwise
 * validation-failure.  Works in v->scratch (certificate facts, a
 * decoder), so verdicts are independent, and ~4 KB of stack
 * (br_x509_minimal).  Pointers in *v point into recs, chain or static
 * text; nothing is kept.
 */
void tlsa_verify(const struct dnsmsg_tlsa *recs, unsigned n,
    const struct tls_chain *chain, const char *const *names,
    unsigned nnames, int64_t now, struct tlsa_verdict *v);

/* "usable", "usage-pkix-unusable", ...; never NULL. */
const char *tlsa_use_str(enum tlsa_use u);
/* RFC 8460 result type ("validation-failure"), NULL for TLSA_F_NONE. */
const char *tlsa_fail_str(enum tlsa_fail f);
/* "3 1 1" of t into buf. */
void tlsa_text(const struct dnsmsg_tlsa *t, char buf[TLSA_TEXT_MAX]);

#endif
