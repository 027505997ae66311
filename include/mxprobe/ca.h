/*
 * ca.h -- trust: the CA bundle and the offline validation of a chain.
 *
 * Lazy anchors: the bundle is streamed (MX_CA_READ_CHUNK at a time, never
 * loaded whole); only the certificates whose subject equals an issuer named
 * in the recorded chain get a full decode into trust anchors.  This is what
 * keeps a probe far cheaper than decoding 144 certificates through
 * BearSSL's interpreted PEM and X.509 decoders (~400 M instructions).
 */
#ifndef MXPROBE_CA_H
#define MXPROBE_CA_H

#include <stdint.h>
#include <bearssl.h>
#include "mxprobe/limits.h"
#include "mxprobe/tls.h"
#include "mxprobe/pem.h"

struct ca_store {
	unsigned		 count;		/* certificates in the bundle */
	unsigned		 skipped;	/* unreadable blocks */
	unsigned		 nta;
	int			 truncated;	/* an anchor did not fit */
	br_x509_trust_anchor	 ta[MX_TA_MAX];	/* DN and key point into arena */
	size_t			 used;
	unsigned char		 arena[MX_TA_ARENA];
	/* added after the first contract */
	unsigned		 matched;	/* subject = a chain issuer */
	unsigned		 bad_anchor;	/* of those, undecodable */
	/* ca_load's scratch: the PEM reader, one read, the X.509 decoder */
	struct {
		struct pem_rd		 pem;
		unsigned char		 buf[MX_CA_READ_CHUNK];
		br_x509_decoder_context	 dec;
	}			 scratch;
};

/*
 * Bound on struct ca_store: the arena plus MX_TA_MAX anchors of at most
 * 64 B each (LP64), the counters and ca_load's scratch.  ca.c asserts it.
 */
#define CA_STORE_SIZE_MAX	(MX_TA_ARENA + MX_TA_MAX * 64 + 64 + \
	sizeof(((struct ca_store *)0)->scratch))

/*
 * Streams the bundle at path (open/read, MX_CA_READ_CHUNK at a time, into
 * cs->scratch, so two stores load independently): counts certificates and, when chain is
 * not NULL, keeps as anchors those whose subject DN equals, byte for byte
 * (BearSSL compares DN hashes of the same bytes), the issuer DN of a kept
 * chain certificate.  Only those go through br_x509_decoder; the others
 * cost a base64 decode and a short DER walk.  An anchor that does not fit
 * MX_TA_MAX / MX_TA_ARENA sets cs->truncated.  Resets *cs first.  Returns
 * 0, or -1 with *sys_errno set (open or read failed; cs->count then says
 * how far it got).
 */
int ca_load(struct ca_store *cs, const char *path,
    const struct tls_chain *chain, int *sys_errno);

struct ca_verdict {
	int		 trusted;	/* chain leads to an anchor, dates aside */
	int		 br_err;	/* BearSSL's code when not trusted */
	const char	*reason;	/* readable word: "ok", "not-trusted", ... */
	/* added after the first contract */
	int		 chain_truncated;	/* recorded chain was cut */
	int		 ca_truncated;		/* an anchor did not fit */
	uint32_t	 days, seconds;		/* instant used (BearSSL) */
	/* chain diagnosis */
	int		 order_wrong;	/* issuer of N isn't subject of N+1 */
	int		 reordered;	/* path below validated instead */
	int		 incomplete;	/* leaf's issuer: in neither */
	unsigned	 npath;
	unsigned char	 path[MX_CHAIN_MAX];	/* chain indexes */
};

/*
 * Runs BearSSL's X.509 validator (br_x509_minimal) over the recorded chain
 * with the loaded anchors and no name check.  BearSSL wants the chain in
 * order (each certificate issued by the next, RFC 5246 7.4.2) and builds
 * no path; when the presented order breaks that anywhere (order_wrong),
 * the path is built here instead -- from the leaf, each next element the
 * first unused chain certificate whose subject equals the current issuer
 * (DER bytes), until a self-issued one or none -- and that copy is
 * validated (reordered; certificates off the path are left out).  path[0
 * .. npath) lists the chain indexes validated, in order.  incomplete: the
 * leaf is not self-issued and its issuer is the subject of no other chain
 * certificate and of no loaded anchor (a sender must fetch the missing
 * intermediate itself; most MTAs do not; never set when the chain or
 * the anchors were truncated).  Dates are set aside as the contract says
 * (cert_trusted vs cert_expired): validation happens at the latest
 * notBefore of the certificates validated, the one instant where all can
 * be valid.
 * Reasons beyond ca_reason_str(br_err): "empty-chain" (nothing recorded),
 * "chain-truncated" / "ca-truncated" (not trusted and a limit was hit, so
 * the verdict may be the limit's fault; br_err still says what BearSSL
 * found).  Uses ~3.2 KB of stack (br_x509_minimal_context) plus BearSSL's
 * RSA verification (~2.2 KB).
 */
void ca_verify(const struct ca_store *cs, const struct tls_chain *chain,
    struct ca_verdict *v);

/*
 * Readable word for a BearSSL X.509 error ("expired", "bad-signature"...):
 * kebab-case of the BR_ERR_X509_* name; "ok" for 0; "error" for codes
 * that are not X.509 ones.  Never NULL; characters [a-z-].
 */
const char *ca_reason_str(int br_err);

#endif
