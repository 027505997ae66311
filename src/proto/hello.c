/*
 * hello.c -- raw ClientHellos and the server's answer (see hello.h).
 *
 * IMPLEMENTATION NOTES
 * Builder (RFC 5246 7.4.1.2, RFC 8446 4.1.2): one record, one message.
 * Extensions that never change are constant byte strings; lengths are
 * patched once what they cover is written.  A TLS 1.3-only hello
 * says TLS 1.2 in legacy_version and {1.3} in supported_versions (4.2.1);
 * its one key_share is x25519 with 32 random bytes (RFC 7748 5: every
 * 32-byte string is a u-coordinate).  FFDHE groups are offered only in the
 * TLS 1.3 hello: in TLS 1.2 they would make an RFC 7919 server pick its
 * group from them, hiding the DH parameters older senders get.
 * signature_algorithms only when offering TLS 1.2 or more (RFC 5246
 * 7.4.1.4.1: never with an older maximum).  Padding (RFC 7685) takes a
 * hello of 256-511 bytes to 512, the range some F5 devices hang on.
 *
 * Parser: a byte stream in, facts out; nothing is buffered beyond one
 * record header, one handshake header and the first MX_HELLO_MSG_MAX
 * bytes of a message.  Layers:
 *   records   type 20-23, major version 3, length 1..2^14+2048 (RFC 5246
 *             6.2.3); the first byte decides whether the peer speaks TLS
 *             at all (SMTP text starts with a digit).
 *   handshake messages of up to 2^24-1 bytes reassembled across records;
 *             several may share a record (RFC 5246 6.2.1).  The first must
 *             be ServerHello; HelloRequest is ignored anywhere.
 *   alerts    two bytes; a fatal one or close_notify ends the answer, a
 *             warning (unrecognized_name before ServerHello) does not.
 * ServerHello: a HelloRetryRequest is a ServerHello whose random is
 * SHA-256("HelloRetryRequest") (RFC 8446 4.1.3); supported_versions gives
 * the real version (4.2.1) and is only valid in answer to a 1.3 hello;
 * extensions must fill the message exactly.  TLS 1.3 and HRR end the
 * answer there (the rest is encrypted).  TLS <= 1.2 goes on: Certificate
 * (copied whole into the caller's arena if it fits, else only measured),
 * ServerKeyExchange (RFC 8422 5.4 curve, RFC 5246 7.4.3 DH prime), and
 * ServerHelloDone ends it.
 */
#include <string.h>
#include "mxprobe/hello.h"
#include "mxprobe/cur.h"
#include "mxprobe/tls.h"

_Static_assert(MX_HELLO_MSG_MAX >= 512, "a ServerHello must fit");
/* headers, version, random, session id, suites, compression, extensions */
_Static_assert(MX_HELLO_REC_MAX >= 9 + 2 + 32 + 1 + 2 +
    2 * MX_HELLO_SUITES_MAX + 2 + 2 + 9 + MX_NAME_MAX + 22 + 11 + 38 + 4 +
    17 + 32 && MX_HELLO_REC_MAX >= 5 + 512,
    "MX_HELLO_REC_MAX: every suite and extension must fit");

/* ---- suites ---------------------------------------------------------- */

#define T13	HELLO_KX_13
#define E	HELLO_KX_ECDHE
#define D	HELLO_KX_DHE
#define R	HELLO_KX_RSA
#define S	HELLO_KX_STATIC
#define T2	HELLO_C_TLS12
#define AN	HELLO_C_ANON
#define NUL	HELLO_C_NULL
#define EXP	HELLO_C_EXPORT
#define DES	HELLO_C_DES
#define RC4	HELLO_C_RC4
#define TDES	HELLO_C_3DES

static const struct hello_suite suite_tab[] = {
	/* TLS 1.3 (RFC 8446 B.4) */
	{ 0x1301, T13 }, { 0x1302, T13 }, { 0x1303, T13 }, { 0x1304, T13 },
	{ 0x1305, T13 },
	/* ECDHE: BearSSL's order first (CHACHA20, GCM, CCM, CBC) */
	{ 0xcca9, E|T2 }, { 0xcca8, E|T2 }, { 0xc02b, E|T2 }, { 0xc02f, E|T2 },
	{ 0xc02c, E|T2 }, { 0xc030, E|T2 }, { 0xc0ac, E|T2 }, { 0xc0ad, E|T2 },
	{ 0xc0ae, E|T2 }, { 0xc0af, E|T2 }, { 0xc023, E|T2 }, { 0xc027, E|T2 },
	{ 0xc024, E|T2 }, { 0xc028, E|T2 }, { 0xc009, E }, { 0xc013, E },
	{ 0xc00a, E }, { 0xc014, E },
	/* ECDHE ARIA-GCM, CAMELLIA (RFC 6209, 6367) */
	{ 0xc05c, E|T2 }, { 0xc05d, E|T2 }, { 0xc060, E|T2 }, { 0xc061, E|T2 },
	{ 0xc072, E|T2 }, { 0xc073, E|T2 }, { 0xc076, E|T2 }, { 0xc077, E|T2 },
	/* DHE */
	{ 0xccaa, D|T2 }, { 0x009e, D|T2 }, { 0x009f, D|T2 }, { 0x00a2, D|T2 },
	{ 0x00a3, D|T2 }, { 0xc09e, D|T2 }, { 0xc09f, D|T2 }, { 0xc0a2, D|T2 },
	{ 0xc0a3, D|T2 }, { 0xc052, D|T2 }, { 0xc053, D|T2 }, { 0x0067, D|T2 },
	{ 0x006b, D|T2 }, { 0x0040, D|T2 }, { 0x006a, D|T2 }, { 0x00be, D|T2 },
	{ 0x00c4, D|T2 }, { 0x0033, D }, { 0x0039, D }, { 0x0032, D },
	{ 0x0038, D }, { 0x0045, D }, { 0x0088, D }, { 0x0044, D },
	{ 0x0087, D }, { 0x009a, D },
	/* static RSA */
	{ 0x009c, R|T2 }, { 0x009d, R|T2 }, { 0xc09c, R|T2 }, { 0xc09d, R|T2 },
	{ 0xc0a0, R|T2 }, { 0xc0a1, R|T2 }, { 0xc050, R|T2 }, { 0xc051, R|T2 },
	{ 0x003c, R|T2 }, { 0x003d, R|T2 }, { 0x00ba, R|T2 }, { 0x00c0, R|T2 },
	{ 0x002f, R }, { 0x0035, R }, { 0x0041, R }, { 0x0084, R },
	{ 0x0096, R }, { 0x0007, R },
	/* static ECDH (BearSSL has them) */
	{ 0xc02d, S|T2 }, { 0xc031, S|T2 }, { 0xc02e, S|T2 }, { 0xc032, S|T2 },
	{ 0xc025, S|T2 }, { 0xc029, S|T2 }, { 0xc026, S|T2 }, { 0xc02a, S|T2 },
	{ 0xc004, S }, { 0xc00e, S }, { 0xc005, S }, { 0xc00f, S },
	/* NULL encryption */
	{ 0xc010, E|NUL }, { 0xc006, E|NUL }, { 0x003b, R|NUL|T2 },
	{ 0x0002, R|NUL }, { 0x0001, R|NUL }, { 0xc001, S|NUL },
	{ 0xc00b, S|NUL },
	/* export grade */
	{ 0x0014, D|EXP|DES }, { 0x0011, D|EXP|DES }, { 0x0063, D|EXP|DES },
	{ 0x0065, D|EXP|RC4 }, { 0x0062, R|EXP|DES }, { 0x0064, R|EXP|RC4 },
	{ 0x0008, R|EXP|DES }, { 0x0006, R|EXP }, { 0x0003, R|EXP|RC4 },
	/* anonymous */
	{ 0xc018, E|AN }, { 0xc019, E|AN }, { 0x00a6, D|AN|T2 },
	{ 0x00a7, D|AN|T2 }, { 0x006c, D|AN|T2 }, { 0x006d, D|AN|T2 },
	{ 0x00bf, D|AN|T2 }, { 0x00c5, D|AN|T2 }, { 0x0034, D|AN },
	{ 0x003a, D|AN }, { 0x0046, D|AN }, { 0x0089, D|AN }, { 0x009b, D|AN },
	{ 0xc017, E|AN|TDES }, { 0x001b, D|AN|TDES }, { 0xc016, E|AN|RC4 },
	{ 0x0018, D|AN|RC4 }, { 0x001a, D|AN|DES }, { 0xc015, E|AN|NUL },
	{ 0x0019, D|AN|EXP|DES }, { 0x0017, D|AN|EXP|RC4 },
	/* 3DES, RC4, single DES */
	{ 0xc012, E|TDES }, { 0xc008, E|TDES }, { 0x0016, D|TDES },
	{ 0x0013, D|TDES }, { 0x000a, R|TDES }, { 0xc003, S|TDES },
	{ 0xc00d, S|TDES },
	{ 0xc011, E|RC4 }, { 0xc007, E|RC4 }, { 0x0066, D|RC4 },
	{ 0x0005, R|RC4 }, { 0x0004, R|RC4 }, { 0xc002, S|RC4 },
	{ 0xc00c, S|RC4 },
	{ 0x0015, D|DES }, { 0x0012, D|DES }, { 0x0009, R|DES },
};
_Static_assert(sizeof suite_tab / sizeof suite_tab[0] <= MX_HELLO_SUITES_MAX,
    "the whole table must fit one hello");

/* see hello.h */
const struct hello_suite *
hello_suite_table(size_t *n)
{
	*n = sizeof suite_tab / sizeof suite_tab[0];
	return suite_tab;
}

/* see hello.h */
unsigned
hello_suite_class(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof suite_tab / sizeof suite_tab[0]; i++)
		if (suite_tab[i].id == id)
			return suite_tab[i].cls;
	return 0;
}

/* see hello.h */
const char *
hello_version_str(uint16_t v)
{
	static const char *const name[] = { "SSL3.0", "TLS1.0", "TLS1.1",
	    "TLS1.2", "TLS1.3" };

	return v >= HELLO_SSL30 && v <= HELLO_TLS13 ? name[v - HELLO_SSL30] :
	    "unknown";
}

/* see hello.h */
const char *
hello_alert_name(unsigned desc)
{
	/* tls.c's table: "RECV_FATAL_ALERT_" + name, or the bare prefix */
	const char *s = desc < 256 ?
	    tls_br_err_name(BR_ERR_RECV_FATAL_ALERT + (int)desc) : NULL;

	return s != NULL && s[16] == '_' ? s + 17 : NULL;
}

/* see hello.h */
const char *
hello_suite13_name(uint16_t id)
{
	static const char *const name[] = { "TLS_AES_128_GCM_SHA256",
	    "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
	    "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256" };

	return id >= 0x1301 && id <= 0x1305 ? name[id - 0x1301] : NULL;
}

/* ---- builder --------------------------------------------------------- */

static unsigned char *
w16(unsigned char *p, size_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return p + 2;
}

static unsigned char *
put(unsigned char *p, const unsigned char *b, size_t n)
{
	memcpy(p, b, n);
	return p + n;
}

/*
 * Extensions that never change, encoded once.  supported_groups: x25519,
 * secp256r1, secp384r1, secp521r1; the TLS 1.3 hello adds x448 and
 * ffdhe2048/3072/4096 (see the notes).
 */
static const unsigned char x_groups12[] = { 0x00, 0x0a, 0x00, 0x0a, 0x00,
	0x08, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19 };
static const unsigned char x_groups13[] = { 0x00, 0x0a, 0x00, 0x12, 0x00,
	0x10, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x00, 0x1e,
	0x01, 0x00, 0x01, 0x01, 0x01, 0x02 };
/* ec_point_formats {uncompressed}, renegotiation_info (empty) */
static const unsigned char x_common[] = { 0x00, 0x0b, 0x00, 0x02, 0x01,
	0x00, 0xff, 0x01, 0x00, 0x01, 0x00 };
/* ECDSA, EdDSA, RSA-PSS, RSA PKCS#1; SHA-2 first, SHA-1 last */
static const unsigned char x_sigalgs[] = { 0x00, 0x0d, 0x00, 0x22, 0x00,
	0x20, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08,
	0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x08, 0x09, 0x08, 0x0a, 0x08,
	0x0b, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x02, 0x03, 0x02, 0x01 };
static const unsigned char x_ems[] = { 0x00, 0x17, 0x00, 0x00 };
/* supported_versions {1.3}, then key_share's head: x25519, 32 bytes */
static const unsigned char x_13[] = { 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03,
	0x04, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20 };

/* see hello.h */
size_t
hello_build(const struct hello_spec *s, unsigned char *out, size_t cap)
{
	unsigned char *p, *e;
	size_t n = s->sni ? strlen(s->sni) : 0, m, i;
	int t13 = s->max == HELLO_TLS13;

	if (s->nsuites == 0 || s->nsuites > MX_HELLO_SUITES_MAX ||
	    n > MX_NAME_MAX || cap < MX_HELLO_REC_MAX)
		return 0;
	/* record header, ClientHello header (lengths patched at the end) */
	out[0] = 22;
	w16(out + 1, s->max == HELLO_SSL30 ? HELLO_SSL30 : HELLO_TLS10);
	out[5] = 1;
	out[6] = 0;
	p = w16(out + 9, t13 ? HELLO_TLS12 : s->max);
	p = put(p, s->rnd, 32);
	*p++ = 0;				/* no session id */
	p = w16(p, 2 * s->nsuites);
	for (i = 0; i < s->nsuites; i++)
		p = w16(p, s->suites[i]);
	*p++ = 1;				/* compression: null only */
	*p++ = 0;
	if (!(s->flags & HELLO_F_NOEXT)) {
		e = p;
		p += 2;
		if (n > 0) {		/* server_name: one host_name */
			p = w16(w16(w16(p, 0), n + 5), n + 3);
			*p++ = 0;
			p = put(w16(p, n), (const unsigned char *)s->sni, n);
		}
		p = t13 ? put(p, x_groups13, sizeof x_groups13) :
		    put(p, x_groups12, sizeof x_groups12);
		p = put(p, x_common, sizeof x_common);
		if (s->max >= HELLO_TLS12)
			p = put(p, x_sigalgs, sizeof x_sigalgs);
		if (s->flags & HELLO_F_EMS)
			p = put(p, x_ems, sizeof x_ems);
		if (t13)
			p = put(put(p, x_13, sizeof x_13), s->rnd + 32, 32);
		/* the message so far, its header included */
		m = (size_t)(p - out) - 5;
		if (m >= 256 && m < 512) {
			m = 512 - m;
			m = m >= 5 ? m - 4 : 1;
			p = w16(w16(p, 0x0015), m);	/* padding */
			memset(p, 0, m);
			p += m;
		}
		w16(e, (size_t)(p - e) - 2);
	}
	w16(out + 7, (size_t)(p - out) - 9);
	w16(out + 3, (size_t)(p - out) - 5);
	return (size_t)(p - out);
}

/* ---- parser ---------------------------------------------------------- */

/* RFC 8446 4.1.3: the random of a HelloRetryRequest. */
static const unsigned char hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c
};

static int
bad(struct hello_parse *p, enum mx_err e)
{
	if (p->err == MX_OK)
		p->err = e;
	return -1;
}

/* see hello.h */
void
hello_parse_init(struct hello_parse *p, uint16_t max, unsigned char *arena,
    size_t cap)
{
	memset(p, 0, sizeof *p);
	p->max = max;
	p->arena = arena;
	p->acap = arena ? cap : 0;
}

/* ServerHello / HelloRetryRequest in p->msg[0..hlen). */
static int
server_hello(struct hello_parse *p)
{
	struct hello_res t = p->r, *r = &t;	/* kept only if valid */
	struct rd c, x, e;
	const unsigned char *rnd;
	uint16_t type, v = 0, g;
	uint8_t n, comp;
	int sv = 0;

	rd_init(&c, p->msg, p->hlen);
	rd_u16(&c, &r->legacy_version);
	rd_bytes(&c, 32, &rnd);
	rd_u8(&c, &n);
	if (c.err || n > 32)
		return bad(p, MX_E_TLS_BAD_ANSWER);
	rd_bytes(&c, n, NULL);
	rd_u16(&c, &r->suite);
	rd_u8(&c, &comp);
	if (rd_left(&c) > 0) {
		rd_u16(&c, &type);
		rd_sub(&c, type, &x);
		while (rd_left(&x) > 0) {
			rd_u16(&x, &type);
			rd_u16(&x, &g);
			rd_sub(&x, g, &e);
			switch (type) {
			case 0x002b:		/* supported_versions */
				rd_u16(&e, &v);
				sv = 1;
				break;
			case 0x0033:		/* key_share */
				rd_u16(&e, &r->group);
				if (rd_left(&e) > 0) {
					rd_u16(&e, &g);
					rd_bytes(&e, g, NULL);
				}
				break;
			case 0x0017:		/* extended_master_secret */
				r->ems = 1;
				break;
			default:
				rd_bytes(&e, rd_left(&e), NULL);
				break;
			}
			if (e.err || rd_left(&e) != 0)
				return bad(p, MX_E_TLS_BAD_ANSWER);
		}
		if (x.err)
			return bad(p, MX_E_TLS_BAD_ANSWER);
	}
	if (c.err || rd_left(&c) != 0 || comp != 0 ||
	    (r->legacy_version >> 8) != 3)
		return bad(p, MX_E_TLS_BAD_ANSWER);
	r->hrr = memcmp(rnd, hrr_random, 32) == 0;
	r->version = sv ? v : r->legacy_version;
	/* supported_versions answers only our 1.3 hello, with 1.3 */
	if (sv && (p->max != HELLO_TLS13 || v != HELLO_TLS13))
		return bad(p, MX_E_TLS_BAD_ANSWER);
	if (r->version > p->max || (r->hrr && !sv))
		return bad(p, MX_E_TLS_BAD_ANSWER);
	r->sh = 1;
	p->r = t;
	if (r->hrr || r->version == HELLO_TLS13)
		p->done = 1;
	return 0;
}

/* ServerKeyExchange: the first bytes of it are in p->msg. */
static void
server_kx(struct hello_parse *p)
{
	size_t have = p->hlen < MX_HELLO_MSG_MAX ? p->hlen : MX_HELLO_MSG_MAX;
	unsigned kx = hello_suite_class(p->r.suite) & HELLO_KX_MASK;
	const unsigned char *q = p->msg;
	size_t plen, i;
	unsigned bits;
	unsigned char top;

	p->r.ske = 1;
	if (kx == HELLO_KX_ECDHE && have >= 3 && q[0] == 3) {
		/* curve_type named_curve, then its id */
		p->r.group = (uint16_t)(q[1] << 8 | q[2]);
	} else if (kx == HELLO_KX_DHE && have >= 3) {
		plen = (size_t)q[0] << 8 | q[1];
		/* leading zero bytes do not count; only kept bytes are seen */
		for (i = 2; i < have && i < 2 + plen && q[i] == 0; i++)
			;
		if (i >= have || i >= 2 + plen)
			return;
		for (bits = 8, top = q[i]; !(top & 0x80); bits--)
			top = (unsigned char)(top << 1);
		p->r.dh_bits = (unsigned)(2 + plen - i - 1) * 8 + bits;
	}
}

/* see hello.h */
int
hello_cert_list(const unsigned char *msg, size_t len, struct hello_certs *c)
{
	const unsigned char *h;
	struct rd r;
	size_t n;

	memset(c, 0, sizeof *c);
	if (len < 3 || ((size_t)msg[0] << 16 | (size_t)msg[1] << 8 | msg[2]) !=
	    len - 3)
		return -1;
	rd_init(&r, msg + 3, len - 3);
	while (rd_left(&r) > 0) {
		if (rd_bytes(&r, 3, &h) < 0)
			return -1;
		n = (size_t)h[0] << 16 | (size_t)h[1] << 8 | h[2];
		if (n == 0 || rd_bytes(&r, n, NULL) < 0)
			return -1;
		if (c->n < MX_CHAIN_MAX) {
			c->off[c->n] = 3 + r.off - n;
			c->len[c->n] = n;
		}
		c->n++;
	}
	return 0;
}

/* A whole handshake message is in (its first bytes in p->msg). */
static int
msg_done(struct hello_parse *p)
{
	struct hello_res *r = &p->r;
	unsigned type = p->hh[0];

	p->hhl = 0;
	switch (type) {
	case 0:					/* HelloRequest */
		return p->hlen == 0 ? 0 : bad(p, MX_E_TLS_BAD_ANSWER);
	case 2:
		return server_hello(p);
	case 11:
		r->cert_len = p->hlen;
		r->cert_kept = p->arena && p->hlen <= p->acap;
		return 0;
	case 12:
		server_kx(p);
		return 0;
	case 14:				/* ServerHelloDone */
		if (p->hlen != 0)
			return bad(p, MX_E_TLS_BAD_ANSWER);
		r->shd = 1;
		p->done = 1;
		return 0;
	default:	/* CertificateStatus, CertificateRequest, ... */
		return 0;
	}
}

/* Handshake record bytes. */
static int
hs_bytes(struct hello_parse *p, const unsigned char *b, size_t n)
{
	size_t k;

	while (n > 0 && !p->done && p->err == MX_OK) {
		if (p->hhl < 4) {
			p->hh[p->hhl++] = *b++;
			n--;
			if (p->hhl < 4)
				continue;
			p->hlen = (size_t)p->hh[1] << 16 |
			    (size_t)p->hh[2] << 8 | p->hh[3];
			p->hgot = 0;
			/* the first message is ServerHello, and only once */
			if ((p->hh[0] == 2) == (p->r.sh != 0) && p->hh[0] != 0)
				return bad(p, MX_E_TLS_BAD_ANSWER);
			if (p->hh[0] == 2 && p->hlen > MX_HELLO_MSG_MAX)
				return bad(p, MX_E_LIMIT);
			if (p->hlen == 0 && msg_done(p) < 0)
				return -1;
			continue;
		}
		k = p->hlen - p->hgot;
		if (k > n)
			k = n;
		if (p->hgot < MX_HELLO_MSG_MAX)
			memcpy(p->msg + p->hgot, b,
			    MX_HELLO_MSG_MAX - p->hgot < k ?
			    MX_HELLO_MSG_MAX - p->hgot : k);
		if (p->hh[0] == 11 && p->arena && p->hlen <= p->acap)
			memcpy(p->arena + p->hgot, b, k);
		p->hgot += k;
		b += k;
		n -= k;
		if (p->hgot == p->hlen && msg_done(p) < 0)
			return -1;
	}
	return 0;
}

/* see hello.h */
int
hello_feed(struct hello_parse *p, const unsigned char *buf, size_t len)
{
	size_t i = 0, n;
	unsigned type;

	while (i < len && !p->done && p->err == MX_OK) {
		if (p->total >= MX_HELLO_TOTAL_MAX)
			return bad(p, MX_E_LIMIT);
		if (p->rhl < 5) {
			p->rh[p->rhl++] = buf[i++];
			p->total++;
			/* content type 20-23, then major version 3 */
			if ((p->rhl == 1 && (buf[i - 1] < 20 ||
			    buf[i - 1] > 23)) ||
			    (p->rhl == 2 && buf[i - 1] != 3))
				return bad(p, MX_E_TLS_BAD_ANSWER);
			if (p->rhl == 5) {
				p->rleft = (size_t)p->rh[3] << 8 | p->rh[4];
				if (p->rleft == 0 || p->rleft > 16384 + 2048 ||
				    p->rh[0] == 23)
					return bad(p, MX_E_TLS_BAD_ANSWER);
			}
			continue;
		}
		n = len - i < p->rleft ? len - i : p->rleft;
		if (n > MX_HELLO_TOTAL_MAX - p->total)
			n = MX_HELLO_TOTAL_MAX - p->total;
		type = p->rh[0];
		if (type == 22) {
			if (hs_bytes(p, buf + i, n) < 0)
				return -1;
		} else if (type == 21) {
			size_t j;

			for (j = 0; j < n && !p->done; j++) {
				p->al[p->all++] = buf[i + j];
				if (p->all < 2)
					continue;
				p->all = 0;
				if (p->al[0] != 1 && p->al[0] != 2)
					return bad(p, MX_E_TLS_BAD_ANSWER);
				p->r.alert_level = p->al[0];
				p->r.alert = p->al[1];
				if (p->al[0] == 2 ||
				    p->al[1] == HELLO_A_CLOSE_NOTIFY)
					p->done = 1;
			}
		}
		/* 20: ChangeCipherSpec (1.3 middlebox compat.): skipped */
		i += n;
		p->total += n;
		p->rleft -= n;
		if (p->rleft == 0)
			p->rhl = 0;
	}
	if (p->err != MX_OK)
		return -1;
	return p->done ? 1 : 0;
}
