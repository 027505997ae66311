/*
 * tlsrpt.h -- the TLS-RPT record at _smtp._tls.<domain> (RFC 8460 3):
 * where senders send their daily reports on TLS to this domain's MX.
 *
 * Pure: no I/O; the URIs kept point into the caller's text.
 *
 *   v=TLSRPTv1; rua=<uri>[,<uri>...][; ext=value...]
 *
 * Invalid records get one stable reason string (API, mxprobe.1):
 *   tlsrpt-not-record         does not start with "v=TLSRPTv1"
 *   tlsrpt-version-not-first  ... but has v=TLSRPTv1 as a later field
 *   tlsrpt-syntax             not version *(";" name=value) [";"]
 *   tlsrpt-no-rua             no rua field
 *   tlsrpt-dup-rua            two rua fields
 *   tlsrpt-empty-rua          rua= with no URI (or an empty one: ",,")
 *   tlsrpt-bad-uri            a URI that is neither mailto:addr@domain nor
 *                             https://host[:port][/path]; bad/bad_len
 *                             name it
 */
#ifndef MXPROBE_TLSRPT_H
#define MXPROBE_TLSRPT_H

#include <stddef.h>
#include "mxprobe/limits.h"

enum tlsrpt_scheme {
	TLSRPT_MAILTO,
	TLSRPT_HTTPS
};

struct tlsrpt_uri {
	const char		*p;	/* into the caller's text */
	size_t			 len;
	enum tlsrpt_scheme	 scheme;
};

struct tlsrpt {
	const char	*error;		/* NULL: valid; else a reason above */
	size_t		 err_off;	/* where in the text */
	const char	*bad;		/* tlsrpt-bad-uri: the URI */
	size_t		 bad_len;
	unsigned	 nrua;		/* URIs in rua (all checked) */
	int		 rua_truncated;	/* nrua > MX_TLSRPT_RUA_MAX */
	const char	*rua;		/* the rua value as written */
	size_t		 rua_len;
	struct tlsrpt_uri uri[MX_TLSRPT_RUA_MAX];	/* the first ones */
};

/*
 * 1 if txt[0..len) is a TLS-RPT record: it starts with "v=TLSRPTv1"
 * (case-sensitive) followed by ';', WSP or the end.  Senders ignore every
 * other TXT at the name; the caller counts the records (exactly one must
 * exist).
 */
int tlsrpt_is_record(const char *txt, size_t len);

/*
 * Parses one TXT string (joined from its character-strings).  Returns 0
 * if valid, else -1 with r->error and r->err_off (and r->bad for
 * tlsrpt-bad-uri).  The grammar is RFC 8460 3's: fields as in sts.h
 * (sts_field_next), rua = URI *(*WSP "," *WSP URI).  Each URI is checked:
 *   mailto:local@domain   one '@' (RFC 6068: a literal '@' in the local
 *                         part would be %40), a non-empty local part of
 *                         URI characters, a domain of LDH labels with at
 *                         least one dot; "?hfields" allowed after it
 *   https://host[:port][/path][?query]   host as above, port 1-65535
 * Schemes are case-insensitive.  '!' and ',' must be percent-encoded
 * (RFC 8460 3): a DMARC-style "!10m" size suffix is tlsrpt-bad-uri, and
 * so is any other scheme.
 */
int tlsrpt_parse(struct tlsrpt *r, const char *txt, size_t len);

#endif
