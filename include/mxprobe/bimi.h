/*
 * bimi.h -- BIMI assertion records (draft-brand-indicators-for-message-
 * identification, 4.2): "v=BIMI1; l=<logo URL>; a=<evidence URL>" at
 * default._bimi.<domain>, and the DMARC policy BIMI needs.  Pure: no I/O.
 *
 * Only the record is judged: fetching the SVG logo and validating the
 * Verified Mark Certificate behind a= are out of scope (they need an
 * HTTPS fetch of an image and a certificate profile mxprobe does not
 * carry).  Reasons a record is invalid (bimi_error):
 *	syntax          not a tag list
 *	bad-v           the first tag is not v=BIMI1 (exact case)
 *	duplicate-tag   a known tag (v, l, a, avp) twice
 *	no-l            no l= tag (an empty l= is fine: see declined)
 *	empty-l         an empty l= with a non-empty a=
 *	l-not-https, a-not-https   a URL whose scheme is not https
 *	bad-l, bad-a    not one URL: empty host, a byte outside 0x21-0x7e,
 *	                a comma (one URL only since draft 03)
 *	bad-avp         avp= neither brand nor personal
 * A record with l= and a= both empty is valid and "declined": the domain
 * asks not to show any indicator (4.2.1, declination to publish).
 */
#ifndef MXPROBE_BIMI_H
#define MXPROBE_BIMI_H

#include <stddef.h>
#include "mxprobe/dmarc.h"

struct bimi_rec {
	const char	*l, *a;		/* into the text; NULL when absent */
	size_t		 l_len, a_len;
	int		 declined;	/* l= and a= empty */
	const char	*err;		/* NULL: valid; else a reason above */
};

/*
 * 1 if txt[0..len) is meant as a BIMI record: after optional whitespace,
 * "v", "=" (whitespace around it allowed) and "BIMI1".
 */
int bimi_is_record(const char *txt, size_t len);

/*
 * Reads txt[0..len) into *r.  Returns 0 (valid, r->err NULL) or -1 with
 * r->err; every tag is read even after an error.  r points into txt.
 */
int bimi_parse(const char *txt, size_t len, struct bimi_rec *r);

/*
 * 1 if the DMARC record d (as found for the domain; at a parent, its
 * organizational domain, when subdomain) is at enforcement as BIMI
 * requires (draft 4.3, 7.1): valid, not in testing (t=y), p at
 * enforcement, sp not none, and for a subdomain its effective policy (sp
 * or p) at enforcement too.  At enforcement means reject (any pct: the
 * rest is quarantined, RFC 7489 6.6.4) or quarantine with pct=100.  0
 * otherwise, and for d NULL (no DMARC).
 */
int bimi_dmarc_ok(const struct dmarc_rec *d, int subdomain);

#endif
