/*
 * pem.h -- streaming PEM certificate reader (CA bundles); no I/O.
 *
 * Feed the file in chunks of any size; each "-----BEGIN CERTIFICATE-----"
 * (or "X509 CERTIFICATE") block comes out as DER.  Other PEM blocks (keys,
 * CRLs, "TRUSTED CERTIFICATE") and text between blocks are skipped.  CRLF,
 * blanks and tabs anywhere are tolerated; missing '=' padding is too.
 * Memory is fixed: one certificate of at most MX_CERT_DER_MAX.  Cost is a
 * table look-up per base64 byte (Debian's 215 KB bundle: ~3 M instructions,
 * against ~235 M for br_pem_decoder).
 */
#ifndef MXPROBE_PEM_H
#define MXPROBE_PEM_H

#include <stddef.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"

struct pem_rd {
	int		 st;		/* private: position in the line */
	char		 line[80];	/* private: current marker line */
	size_t		 llen;
	unsigned	 acc, nacc;	/* private: base64 accumulator */
	int		 bad;		/* current block is bad or too big */
	unsigned	 skipped;	/* certificate blocks skipped: bad base64 or over MX_CERT_DER_MAX */
	size_t		 der_len;
	unsigned char	 der[MX_CERT_DER_MAX];
	/* added after the first contract; private unless said otherwise */
	int		 blk;		/* outside, in a certificate, elsewhere */
	unsigned	 pad;		/* '=' seen in the current block */
	unsigned	 other;		/* public: non-certificate blocks seen */
};

/* Resets p: outside any block, counters zero. */
void pem_init(struct pem_rd *p);
/*
 * Feeds buf[0..len).  Returns 1 when a certificate is complete in
 * p->der[0..der_len) (*used bytes consumed; feed the rest again), 0 when
 * all bytes were consumed.  Never fails: broken blocks are counted in
 * p->skipped.  An unterminated block at the end of input is not returned;
 * a final "-----END CERTIFICATE-----" needs no newline after it.
 * p->der stays valid until the next call.
 */
int pem_feed(struct pem_rd *p, const unsigned char *buf, size_t len,
    size_t *used);

#endif
