/*
 * tlsrpt.c -- the TLS-RPT record (see tlsrpt.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core over the caller's text; the URIs kept point into it.
 *
 * Grammar (RFC 8460 3):
 *   tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field)
 *                      [field-delim]
 *   field-delim      = *WSP ";" *WSP
 *   tlsrpt-field     = tlsrpt-rua / tlsrpt-extension    ; rua required
 *   tlsrpt-version   = %s"v=TLSRPTv1"
 *   tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
 *   tlsrpt-uri       = URI  ; commas, exclamation points and semicolons
 *                           ; MUST be encoded
 *   extensions as in RFC 8461 3.1
 * The fields are read by sts_field_next (sts.h), rua raw; its value is
 * cut at each ',' and each piece, WSP trimmed, must be one URI of the two
 * schemes RFC 8460 3 allows ("mailto" and "https").  The literal '!' rule
 * means DMARC's "!10m" size limit is not part of TLS-RPT: such a URI is
 * tlsrpt-bad-uri.  Two rua fields are grammatical but leave it unclear
 * where reports go: tlsrpt-dup-rua.
 *
 * "Plausible" URIs, RFC 3986 characters only (no space, no '#', '%' only
 * before two hex digits):
 *   mailto:LOCAL@DOMAIN[?hfields]     RFC 6068 2: LOCAL of unreserved,
 *        sub-delims but ",;!", and %XX (an '@' in it must be %40, so
 *        exactly one literal '@'); DOMAIN of LDH labels, two at least
 *   https://HOST[:PORT][/PATH][?QUERY]   RFC 3986 3.2-3.4, RFC 9110 4.2.2;
 *        HOST as DOMAIN above (no userinfo, no IP literal: a report
 *        endpoint that has no name cannot have a WebPKI certificate)
 */
#include <string.h>

#include "mxprobe/ascii.h"
#include "mxprobe/tlsrpt.h"
#include "mxprobe/sts.h"

static int
is_hex(unsigned char c)
{
	return ascii_is_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* unreserved and sub-delims, but the ',' '!' ';' RFC 8460 3 excludes. */
static int
is_uchar(unsigned char c)
{
	return ascii_is_alpha(c) || ascii_is_digit(c) || (c != '\0' &&
	    strchr("-._~$&'()*+=", c) != NULL);
}

/*
 * Bytes of URI text at p[i..n) made of uchar, %XX and the characters of
 * extra; stops at the first other byte.  -1 on a '%' without two hex
 * digits.
 */
static long
uri_run(const char *p, size_t n, size_t i, const char *extra)
{
	size_t	 start = i;

	while (i < n) {
		unsigned char	 c = (unsigned char)p[i];

		if (c == '%') {
			if (n - i < 3 || !is_hex((unsigned char)p[i + 1]) ||
			    !is_hex((unsigned char)p[i + 2]))
				return -1;
			i += 3;
		} else if (is_uchar(c) || (c != '\0' && strchr(extra, c)))
			i++;
		else
			break;
	}
	return (long)(i - start);
}

/*
 * A host name of 2+ LDH labels at p[i..): its length, 0 if none.  A last
 * label of digits only is an IPv4 address, not a name (RFC 1123 2.1).
 */
static size_t
host_len(const char *p, size_t n, size_t i)
{
	size_t	 start = i, lab = 0, labels = 1;
	int	 digits = 1;

	for (; i < n; i++) {
		unsigned char	 c = (unsigned char)p[i];

		if (c == '.') {
			if (lab == 0 || p[i - 1] == '-')
				return 0;
			lab = 0;
			labels++;
			digits = 1;
		} else if (ascii_is_alpha(c) || ascii_is_digit(c) || c == '-') {
			if ((c == '-' && lab == 0) || ++lab > 63)
				return 0;
			digits &= ascii_is_digit(c);
		} else
			break;
	}
	if (lab == 0 || digits || p[i - 1] == '-' || labels < 2 ||
	    i - start > 253)
		return 0;
	return i - start;
}

static int
prefix_nocase(const char *p, size_t n, const char *s)
{
	size_t	 i, k = strlen(s);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		unsigned char	 c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)s[i])
			return 0;
	}
	return 1;
}

/* One URI p[0..n); 0 if plausible (*scheme set), -1 if not. */
static int
uri_check(const char *p, size_t n, enum tlsrpt_scheme *scheme)
{
	size_t	 i, h;
	long	 k;
	unsigned long	 port;

	if (prefix_nocase(p, n, "mailto:")) {
		*scheme = TLSRPT_MAILTO;
		i = 7;
		if ((k = uri_run(p, n, i, "")) <= 0)
			return -1;
		i += (size_t)k;
		if (i >= n || p[i] != '@')
			return -1;
		i++;
	} else if (prefix_nocase(p, n, "https://")) {
		*scheme = TLSRPT_HTTPS;
		i = 8;
	} else
		return -1;
	if ((h = host_len(p, n, i)) == 0)
		return -1;
	i += h;
	if (*scheme == TLSRPT_HTTPS) {
		if (i < n && p[i] == ':') {
			port = 0;
			for (h = ++i; i < n &&
			    ascii_is_digit((unsigned char)p[i]) && i - h < 5;
			    i++)
				port = port * 10 + (unsigned long)(p[i] - '0');
			if (i == h || port == 0 || port > 65535)
				return -1;
		}
		if (i < n && p[i] == '/') {
			if ((k = uri_run(p, n, i, "/:@")) < 0)
				return -1;
			i += (size_t)k;
		}
	}
	if (i < n && p[i] == '?') {
		if ((k = uri_run(p, n, i, "/:@?")) < 0)
			return -1;
		i += (size_t)k;
	}
	return i == n ? 0 : -1;
}

static int
fail(struct tlsrpt *r, const char *why, size_t at)
{
	r->error = why;
	r->err_off = at;
	return -1;
}

/* The rua value v[0..n) at offset base of the text. */
static int
rua_read(struct tlsrpt *r, const char *v, size_t n, size_t base)
{
	enum tlsrpt_scheme	 sch;
	size_t			 i = 0, s, e;

	if (n == 0)
		return fail(r, "tlsrpt-empty-rua", base);
	for (;;) {
		for (s = i; s < n && ascii_is_wsp((unsigned char)v[s]); s++)
			;
		for (i = s; i < n && v[i] != ','; i++)
			;
		for (e = i; e > s && ascii_is_wsp((unsigned char)v[e - 1]); e--)
			;
		if (e == s)
			return fail(r, "tlsrpt-empty-rua", base + s);
		if (uri_check(v + s, e - s, &sch) < 0) {
			r->bad = v + s;
			r->bad_len = e - s;
			return fail(r, "tlsrpt-bad-uri", base + s);
		}
		if (r->nrua < MX_TLSRPT_RUA_MAX) {
			r->uri[r->nrua].p = v + s;
			r->uri[r->nrua].len = e - s;
			r->uri[r->nrua].scheme = sch;
		} else
			r->rua_truncated = 1;
		r->nrua++;
		if (i >= n)
			return 0;
		i++;		/* the ',' */
	}
}

/* see tlsrpt.h */
int
tlsrpt_is_record(const char *txt, size_t len)
{
	return sts_txt_version(txt, len, "v=TLSRPTv1") == 1;
}

/* see tlsrpt.h */
int
tlsrpt_parse(struct tlsrpt *r, const char *txt, size_t len)
{
	struct tag	 f;
	size_t		 off = 10;
	int		 rc;

	memset(r, 0, sizeof(*r));
	switch (sts_txt_version(txt, len, "v=TLSRPTv1")) {
	case 1:
		break;
	case 2:
		return fail(r, "tlsrpt-version-not-first", 0);
	default:
		return fail(r, "tlsrpt-not-record", 0);
	}
	while ((rc = sts_field_next(txt, len, &off, "rua", &f)) == 1) {
		if (!(f.name_len == 3 && memcmp(f.name, "rua", 3) == 0))
			continue;
		if (r->rua != NULL)
			return fail(r, "tlsrpt-dup-rua",
			    (size_t)(f.name - txt));
		r->rua = f.value;
		r->rua_len = f.value_len;
		if (rua_read(r, f.value, f.value_len,
		    (size_t)(f.value - txt)) < 0)
			return -1;
	}
	if (rc < 0)
		return fail(r, "tlsrpt-syntax", off);
	if (r->rua == NULL)
		return fail(r, "tlsrpt-no-rua", len);
	return 0;
}
