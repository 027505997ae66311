/*
 * x509name.c -- RFC 6125 6.4 name matching of a certificate's names
 * against a host (see x509.h), apart from the DER walk in x509.c.
 *
 * Choice on RFC 6125 6.4.3 (wildcards and A-labels): a whole-label
 * wildcard may match an A-label ("*.example.org" matches
 * "xn--caf-dma.example.org"), as OpenSSL does; partial-label wildcards
 * ("f*.example.org"), the case 6.4.3 warns about, never match at all.
 */
#include <string.h>
#include "mxprobe/ascii.h"
#include "mxprobe/x509.h"

static int
eq_nocase(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && ascii_eq_nocase(a, b, alen);
}

/*
 * A reference host we can match: LDH labels (and '_', seen in real
 * names), none empty or over 63 bytes, 253 bytes in all, and not an IP
 * literal (RFC 6125 6.2.1: those only match iPAddress SANs).  A last
 * label of digits means IPv4: no top-level domain is numeric (RFC 3696
 * 2); ':' for IPv6 is not in the alphabet anyway.
 */
static int
host_ok(const char *h, size_t n)
{
	size_t i, label;
	int digits_only;
	unsigned char c;

	if (n == 0 || n > 253)
		return 0;
	label = 0;
	digits_only = 1;
	for (i = 0; i <= n; i++) {
		c = i < n ? (unsigned char)h[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63)
				return 0;
			if (i == n && digits_only)
				return 0;
			label = 0;
			digits_only = 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
		if (c < '0' || c > '9')
			digits_only = 0;
		label++;
	}
	return 1;
}

/* see x509.h */
int
x509_name_match(const char *pat, size_t plen, const char *host)
{
	const char *dot, *end;
	size_t hlen;

	if (pat == NULL || host == NULL)
		return 0;
	/* a NUL is a forged shorter name; '?' stood for a byte we dropped */
	if (memchr(pat, '\0', plen) != NULL || memchr(pat, '?', plen) != NULL)
		return 0;
	hlen = strlen(host);
	if (hlen > 0 && host[hlen - 1] == '.')
		hlen--;
	if (plen > 0 && pat[plen - 1] == '.')
		plen--;
	if (!host_ok(host, hlen))
		return 0;
	if (plen > 2 && pat[0] == '*' && pat[1] == '.') {
		/*
		 * '*' stands for exactly the host's first label (never
		 * empty: host_ok); what follows must have two labels or more.
		 */
		end = host + hlen;
		dot = memchr(host, '.', hlen);
		if (dot == NULL || memchr(dot + 1, '.', (size_t)(end - dot - 1))
		    == NULL)
			return 0;
		return eq_nocase(pat + 2, plen - 2, dot + 1,
		    (size_t)(end - dot - 1));
	}
	/* a '*' anywhere else stays literal, and no host_ok host has one */
	return eq_nocase(pat, plen, host, hlen);
}

/* see x509.h */
int
x509_host_match(const struct x509_facts *f, const char *host)
{
	const char *p, *c;

	if (f->san_count == 0)
		return x509_name_match(f->cn, strlen(f->cn), host);
	for (p = f->san; *p != '\0'; p = c + 1) {
		c = strchr(p, ',');
		if (c == NULL)
			return x509_name_match(p, strlen(p), host);
		if (x509_name_match(p, (size_t)(c - p), host))
			return 1;
	}
	return 0;
}
