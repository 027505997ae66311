/*
 * pem.c -- streaming PEM certificate reader (see pem.h).
 *
 * IMPLEMENTATION NOTES
 *
 * RFC 7468 textual encoding, read leniently as OpenSSL writes and reads
 * it: a block is a "-----BEGIN label-----" line, base64 lines and an
 * "-----END label-----" line; anything outside blocks is ignored.
 *
 * Two variables describe the position:
 *   blk  PEM_B_OUT (between blocks), PEM_B_CERT (inside a certificate
 *        block: bytes are decoded), PEM_B_OTHER (inside another block:
 *        lines are skipped until an END line);
 *   st   PEM_S_LSTART (at the start of a line), PEM_S_MID (inside a
 *        line: skipped, or decoded in PEM_B_CERT), PEM_S_MARK (a line
 *        that began with '-': collected into line[] and judged at its
 *        end).
 * Transitions: '\n' -> LSTART; '-' at LSTART -> MARK; other bytes at
 * LSTART -> MID.  A complete MARK line may switch blk: BEGIN CERTIFICATE
 * -> CERT, BEGIN other -> OTHER, END -> OUT (a certificate is returned).
 * The END line of a certificate is also accepted the moment its last
 * dash arrives, so a bundle without a final newline loses nothing.
 *
 * A certificate block is dropped and counted in `skipped` when: a byte is
 * neither base64 nor blank, data follows '=' padding, the bits left over
 * do not make a byte, it decodes to more than MX_CERT_DER_MAX bytes or to
 * nothing, its END label differs, or a BEGIN line comes before its END.
 *
 * Cost: the body loop does one table look-up and a few operations per
 * byte; no copies besides the decoded DER.
 */
#include <string.h>
#include "mxprobe/pem.h"
#include "mxprobe/b64.h"

enum { PEM_S_LSTART, PEM_S_MID, PEM_S_MARK };
enum { PEM_B_OUT, PEM_B_CERT, PEM_B_OTHER };

#define BEGIN_PFX	"-----BEGIN "
#define END_PFX		"-----END "
#define DASHES		"-----"
#define END_CERT	"-----END CERTIFICATE-----"
#define END_X509	"-----END X509 CERTIFICATE-----"

/* see pem.h */
void
pem_init(struct pem_rd *p)
{
	p->st = PEM_S_LSTART;
	p->blk = PEM_B_OUT;
	p->llen = 0;
	p->acc = p->nacc = p->pad = 0;
	p->bad = 0;
	p->skipped = 0;
	p->other = 0;
	p->der_len = 0;
}

/* Appends n (1..3) bytes, the top ones of v; too big marks the block bad. */
static void
emit(struct pem_rd *p, unsigned v, unsigned n)
{
	if (p->bad)
		return;
	if (p->der_len > MX_CERT_DER_MAX - n) {
		p->bad = 1;
		return;
	}
	while (n-- > 0)
		p->der[p->der_len++] = (unsigned char)(v >> (8 * n));
}

static int
is_label(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

/* Enters a certificate block. */
static void
cert_begin(struct pem_rd *p)
{
	p->blk = PEM_B_CERT;
	p->der_len = 0;
	p->acc = p->nacc = p->pad = 0;
	p->bad = 0;
}

/* Leaves the certificate block; 1 if p->der holds a good certificate. */
static int
cert_end(struct pem_rd *p)
{
	p->blk = PEM_B_OUT;
	/* Missing '=' padding is tolerated; one leftover symbol is not. */
	if (p->nacc == 1)
		p->bad = 1;
	else if (p->nacc == 2)
		emit(p, p->acc >> 4, 1);
	else if (p->nacc == 3)
		emit(p, p->acc >> 2, 2);
	p->nacc = 0;
	if (p->bad || p->der_len == 0) {
		p->skipped++;
		return 0;
	}
	return 1;
}

/* Judges a complete line that began with '-'; 1 if a certificate ended. */
static int
marker_line(struct pem_rd *p)
{
	const char *l = p->line;
	size_t n = p->llen;
	const char *label;
	size_t lablen;

	if (n > sizeof p->line)
		n = 0;			/* too long to be a marker */
	while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' ||
	    l[n - 1] == '\r'))
		n--;
	if (n > 16 && memcmp(l, BEGIN_PFX, 11) == 0 &&
	    memcmp(l + n - 5, DASHES, 5) == 0) {
		label = l + 11;
		lablen = n - 16;
		if (p->blk == PEM_B_CERT)
			p->skipped++;	/* BEGIN before END */
		if (is_label(label, lablen, "CERTIFICATE") ||
		    is_label(label, lablen, "X509 CERTIFICATE"))
			cert_begin(p);
		else {
			p->blk = PEM_B_OTHER;
			p->other++;
		}
		return 0;
	}
	if (n > 14 && memcmp(l, END_PFX, 9) == 0 &&
	    memcmp(l + n - 5, DASHES, 5) == 0) {
		if (p->blk == PEM_B_CERT) {
			if (is_label(l, n, END_CERT) ||
			    is_label(l, n, END_X509))
				return cert_end(p);
			p->blk = PEM_B_OUT;
			p->skipped++;
			return 0;
		}
		p->blk = PEM_B_OUT;
		return 0;
	}
	if (p->blk == PEM_B_CERT)
		p->bad = 1;		/* a '-' line inside base64 */
	return 0;
}

/*
 * Decodes base64 from buf[i..len) until the end of the line; returns the
 * index after the last byte used.  The state stays PEM_S_MID unless a
 * newline was consumed (then PEM_S_LSTART).  Whole quartets of base64
 * take a fast path (four look-ups, one test, three stores); every other
 * byte goes through the careful one.
 */
static size_t
body(struct pem_rd *p, const unsigned char *buf, size_t i, size_t len)
{
	unsigned acc = p->acc, nacc = p->nacc, v, a, b, c, d;
	size_t dl = p->der_len;
	int bad = p->bad;

	while (i < len) {
		while (nacc == 0 && p->pad == 0 && len - i >= 4) {
			a = b64_tab[buf[i]];
			b = b64_tab[buf[i + 1]];
			c = b64_tab[buf[i + 2]];
			d = b64_tab[buf[i + 3]];
			if ((a | b | c | d) & 0x80)
				break;		/* not four data symbols */
			v = a << 18 | b << 12 | c << 6 | d;
			if (!bad && dl <= MX_CERT_DER_MAX - 3) {
				p->der[dl] = (unsigned char)(v >> 16);
				p->der[dl + 1] = (unsigned char)(v >> 8);
				p->der[dl + 2] = (unsigned char)v;
				dl += 3;
			} else
				bad = 1;
			i += 4;
		}
		if (i >= len)
			break;
		v = b64_tab[buf[i++]];
		if (v < 64) {
			if (p->pad)
				bad = 1;
			acc = acc << 6 | v;
			if (++nacc == 4) {
				if (!bad && dl <= MX_CERT_DER_MAX - 3) {
					p->der[dl] = (unsigned char)(acc >> 16);
					p->der[dl + 1] = (unsigned char)(acc >> 8);
					p->der[dl + 2] = (unsigned char)acc;
					dl += 3;
				} else
					bad = 1;
				acc = nacc = 0;
			}
			continue;
		}
		if (v == B64_BLANK)
			continue;
		if (v == B64_NL) {
			p->st = PEM_S_LSTART;
			break;
		}
		p->der_len = dl;
		p->bad = bad;
		if (v == B64_PAD) {
			/* "xx==" ends with one byte, "xxx=" with two. */
			if (p->pad == 0 && nacc == 2) {
				emit(p, acc >> 4, 1);
				p->pad = 1;
			} else if (p->pad == 0 && nacc == 3) {
				emit(p, acc >> 2, 2);
				p->pad = 2;
			} else if (p->pad == 1)
				p->pad = 2;
			else
				p->bad = 1;
			acc = nacc = 0;
		} else
			p->bad = 1;	/* '-' inside a line, or not base64 */
		dl = p->der_len;
		bad = p->bad;
	}
	p->acc = acc;
	p->nacc = nacc;
	p->der_len = dl;
	p->bad = bad;
	return i;
}

/* see pem.h */
int
pem_feed(struct pem_rd *p, const unsigned char *buf, size_t len,
    size_t *used)
{
	const unsigned char *q;
	size_t i = 0;
	unsigned char c;

	while (i < len) {
		switch (p->st) {
		case PEM_S_LSTART:
			if (buf[i] == '-') {
				p->st = PEM_S_MARK;
				p->llen = 0;
			} else
				p->st = PEM_S_MID;
			break;
		case PEM_S_MID:
			if (p->blk == PEM_B_CERT) {
				i = body(p, buf, i, len);
				break;
			}
			q = memchr(buf + i, '\n', len - i);
			if (q == NULL) {
				i = len;
				break;
			}
			i = (size_t)(q - buf) + 1;
			p->st = PEM_S_LSTART;
			break;
		case PEM_S_MARK:
			c = buf[i++];
			if (c == '\n') {
				p->st = PEM_S_LSTART;
				if (marker_line(p)) {
					*used = i;
					return 1;
				}
				break;
			}
			if (p->llen < sizeof p->line)
				p->line[p->llen] = (char)c;
			if (p->llen <= sizeof p->line)
				p->llen++;	/* sizeof + 1: too long */
			if (c == '-' && p->blk == PEM_B_CERT &&
			    (is_label(p->line, p->llen, END_CERT) ||
			    is_label(p->line, p->llen, END_X509))) {
				p->st = PEM_S_MID;	/* rest of line */
				if (cert_end(p)) {
					*used = i;
					return 1;
				}
			}
			break;
		default:		/* cannot happen: resynchronise */
			p->st = PEM_S_LSTART;
			break;
		}
	}
	*used = len;
	return 0;
}
