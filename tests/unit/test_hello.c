/*
 * test_hello.c -- ClientHello builder and answer parser (hello.h).
 *
 * Builder: every byte of the structure (record and message headers,
 * lengths, suites, each extension by type and exact content, padding),
 * for TLS 1.3-only, 1.2, 1.1, SSL 3.0 hellos, and the bounds.
 * Parser: the captured answers of tests/fuzz/corpus/hello (openssl
 * s_server and Postfix, read from the repository root as make check runs
 * us) with the facts each must give; each fed whole, cut at every length
 * (no answer before its end, no error), split in two at every point and
 * byte by byte (same facts); then hand-made answers for every error and
 * corner: records and messages split and merged, HRR, alerts, bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "mxprobe/hello.h"

#define CORPUS	"tests/fuzz/corpus/hello/"

static unsigned char rnd[64];

/* ---- a ClientHello walker -------------------------------------------- */

struct ch {
	unsigned	 rec_version, legacy, nsuites;
	uint16_t	 suites[MX_HELLO_SUITES_MAX];
	size_t		 msg_len;	/* message, header included */
	unsigned	 next;		/* extensions found */
	uint16_t	 type[32];
	const unsigned char *data[32];
	size_t		 len[32];
	int		 ext_block;	/* extensions present */
	int		 ok;		/* lengths add up exactly */
};

static unsigned
g16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void
walk(const unsigned char *b, size_t n, struct ch *c)
{
	size_t off, end, el;
	unsigned i;

	memset(c, 0, sizeof *c);
	if (n < 9 || b[0] != 22 || g16(b + 3) != n - 5 || b[5] != 1 ||
	    ((size_t)b[6] << 16 | g16(b + 7)) != n - 9)
		return;
	c->rec_version = g16(b + 1);
	c->msg_len = n - 5;
	c->legacy = g16(b + 9);
	/* the random, then no session id */
	if (memcmp(b + 11, rnd, 32) != 0 || b[43] != 0)
		return;
	c->nsuites = g16(b + 44) / 2;
	for (i = 0; i < c->nsuites; i++)
		c->suites[i] = (uint16_t)g16(b + 46 + 2 * i);
	off = 46 + 2 * c->nsuites;
	if (off + 2 > n || b[off] != 1 || b[off + 1] != 0)
		return;
	off += 2;
	if (off == n) {
		c->ok = 1;
		return;
	}
	c->ext_block = 1;
	if (off + 2 > n || g16(b + off) != n - off - 2)
		return;
	for (off += 2; off < n && c->next < 32; off += 4 + el) {
		if (off + 4 > n)
			return;
		el = g16(b + off + 2);
		if (off + 4 + el > n)
			return;
		c->type[c->next] = (uint16_t)g16(b + off);
		c->data[c->next] = b + off + 4;
		c->len[c->next++] = el;
	}
	c->ok = off == n;
}

/* Index of extension type t, -1 if absent. */
static int
ext(const struct ch *c, unsigned t)
{
	unsigned i;

	for (i = 0; i < c->next; i++)
		if (c->type[i] == t)
			return (int)i;
	return -1;
}

static int
ext_is(const struct ch *c, unsigned t, const char *bytes, size_t n)
{
	int i = ext(c, t);

	return i >= 0 && c->len[i] == n && memcmp(c->data[i], bytes, n) == 0;
}

static void
test_builder(void)
{
	static const uint16_t two[] = { 0xc02f, 0x009c };
	static const uint16_t s13[] = { 0x1301, 0x1302, 0x1303 };
	uint16_t many[MX_HELLO_SUITES_MAX + 1];
	unsigned char b[MX_HELLO_REC_MAX];
	char longname[MX_NAME_MAX + 2];
	struct hello_spec s;
	struct ch c;
	size_t n, i;
	int bad = 0, i13;

	memset(&s, 0, sizeof s);
	s.max = HELLO_TLS12;
	s.suites = two;
	s.nsuites = 2;
	s.flags = HELLO_F_EMS;
	s.sni = "mx.example.org";
	s.rnd = rnd;
	n = hello_build(&s, b, sizeof b);
	walk(b, n, &c);
	T_OK(c.ok, "TLS 1.2 hello: record, message, extension lengths add up");
	T_EQ_INT(c.rec_version, 0x0301, "record layer says TLS 1.0");
	T_EQ_INT(c.legacy, 0x0303, "legacy_version TLS 1.2");
	T_OK(c.nsuites == 2 && c.suites[0] == 0xc02f && c.suites[1] == 0x009c,
	    "suites as given, in order");
	T_OK(ext_is(&c, 0x0000, "\x00\x11\x00\x00\x0e" "mx.example.org", 19),
	    "server_name: one host_name");
	T_OK(ext_is(&c, 0x000a, "\x00\x08\x00\x1d\x00\x17\x00\x18\x00\x19", 10),
	    "supported_groups: x25519, P-256, P-384, P-521 (no FFDHE in 1.2)");
	T_OK(ext_is(&c, 0x000b, "\x01\x00", 2),
	    "ec_point_formats uncompressed");
	i = (size_t)ext(&c, 0x000d);
	T_OK(ext(&c, 0x000d) >= 0 && c.len[i] == 34 && g16(c.data[i]) == 32 &&
	    g16(c.data[i] + 2) == 0x0403 && g16(c.data[i] + 32) == 0x0201,
	    "signature_algorithms: 16, ECDSA-SHA256 first, RSA-SHA1 last");
	T_OK(ext_is(&c, 0xff01, "\x00", 1), "renegotiation_info empty");
	T_OK(ext_is(&c, 0x0017, "", 0), "extended_master_secret");
	T_OK(ext(&c, 0x002b) < 0 && ext(&c, 0x0033) < 0 && ext(&c, 0x0023) < 0,
	    "no supported_versions, key_share or session_ticket");
	T_OK(ext(&c, 0x0015) < 0 && c.msg_len < 256, "small: no padding");

	s.flags = 0;
	s.sni = NULL;
	n = hello_build(&s, b, sizeof b);
	walk(b, n, &c);
	T_OK(c.ok && ext(&c, 0x0000) < 0 && ext(&c, 0x0017) < 0,
	    "no SNI for NULL, no EMS unless asked");
	s.sni = "";
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(c.ok && ext(&c, 0x0000) < 0, "no SNI for \"\"");

	s.max = HELLO_TLS13;
	s.suites = s13;
	s.nsuites = 3;
	s.sni = "mx.example.org";
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(c.ok && c.legacy == 0x0303, "TLS 1.3 hello: legacy_version 1.2");
	T_OK(ext_is(&c, 0x002b, "\x02\x03\x04", 3),
	    "supported_versions: TLS 1.3 only");
	i13 = ext(&c, 0x0033);
	T_OK(i13 >= 0 && c.len[i13] == 38 && g16(c.data[i13]) == 36 &&
	    g16(c.data[i13] + 2) == 0x001d && g16(c.data[i13] + 4) == 32 &&
	    memcmp(c.data[i13] + 6, rnd + 32, 32) == 0,
	    "key_share: x25519, the second 32 random bytes");
	T_OK(ext_is(&c, 0x000a, "\x00\x10\x00\x1d\x00\x17\x00\x18\x00\x19"
	    "\x00\x1e\x01\x00\x01\x01\x01\x02", 18),
	    "supported_groups adds x448 and ffdhe2048/3072/4096");
	T_OK(ext(&c, 0x000d) >= 0, "signature_algorithms in TLS 1.3");

	s.max = HELLO_TLS11;
	s.suites = two;
	s.nsuites = 1;
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(c.ok && c.legacy == 0x0302 && c.rec_version == 0x0301,
	    "TLS 1.1 hello: legacy_version 1.1, record 1.0");
	T_OK(ext(&c, 0x000d) < 0 && ext(&c, 0x002b) < 0,
	    "no signature_algorithms below TLS 1.2 (RFC 5246 7.4.1.4.1)");

	s.max = HELLO_SSL30;
	s.flags = HELLO_F_NOEXT;
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(c.ok && !c.ext_block && c.legacy == 0x0300 &&
	    c.rec_version == 0x0300,
	    "SSL 3.0 hello: 3.0 everywhere, no extensions");

	/* RFC 7685: never 256..511 bytes; padding makes exactly 512 */
	for (i = 0; i < MX_HELLO_SUITES_MAX + 1; i++)
		many[i] = (uint16_t)(0x0100 + i);
	s.max = HELLO_TLS12;
	s.suites = many;
	s.flags = HELLO_F_EMS;
	for (i = 1; i <= MX_HELLO_SUITES_MAX; i++) {
		s.nsuites = i;
		n = hello_build(&s, b, sizeof b);
		walk(b, n, &c);
		if (!c.ok || (c.msg_len >= 256 && c.msg_len < 512) ||
		    (ext(&c, 0x0015) >= 0 && (c.msg_len != 512 ||
		    ext(&c, 0x0015) != (int)c.next - 1)) || c.nsuites != i)
			bad++;
	}
	T_EQ_INT(bad, 0,
	    "1..160 suites: padding, when present, last and to 512");
	s.nsuites = 100;
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(ext(&c, 0x0015) >= 0, "a 256-511 byte hello is padded");

	s.nsuites = 0;
	T_EQ_INT(hello_build(&s, b, sizeof b), 0, "no suite: 0");
	s.nsuites = MX_HELLO_SUITES_MAX + 1;
	T_EQ_INT(hello_build(&s, b, sizeof b), 0, "too many suites: 0");
	s.nsuites = MX_HELLO_SUITES_MAX;
	T_OK(hello_build(&s, b, sizeof b) > 0,
	    "MX_HELLO_SUITES_MAX suites fit");
	T_EQ_INT(hello_build(&s, b, sizeof b - 1), 0,
	    "cap below MX_HELLO_REC_MAX: 0");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	s.sni = longname;
	T_EQ_INT(hello_build(&s, b, sizeof b), 0, "SNI over 255: 0");
	longname[MX_NAME_MAX] = 0;
	walk(b, hello_build(&s, b, sizeof b), &c);
	T_OK(c.ok && ext(&c, 0x0000) >= 0 &&
	    c.len[ext(&c, 0x0000)] == 5 + MX_NAME_MAX,
	    "255-byte SNI with 160 suites and every extension fits");
}

/* ---- captured answers ------------------------------------------------ */

struct want {
	const char	*file;
	int		 rc, sh, hrr;
	unsigned	 version, suite, group;
	int		 ems, shd;
	unsigned	 dh_bits;
	int		 alert_level;
	unsigned	 alert, ncert;
};

static const struct want wants[] = {
	{ "openssl_tls13", 1, 1, 0, 0x0304, 0x1301, 0x001d, 0, 0, 0, 0, 0, 0 },
	{ "openssl_tls13_chacha", 1, 1, 0, 0x0304, 0x1303, 0x001d, 0, 0, 0, 0,
	    0, 0 },
	{ "openssl_tls13_frag512", 1, 1, 0, 0x0304, 0x1302, 0x001d, 0, 0, 0, 0,
	    0, 0 },
	{ "openssl_hrr_secp256r1", 1, 1, 1, 0x0304, 0x1301, 0x0017, 0, 0, 0, 0,
	    0, 0 },
	{ "openssl_hrr_secp384r1", 1, 1, 1, 0x0304, 0x1301, 0x0018, 0, 0, 0, 0,
	    0, 0 },
	{ "openssl_tls12only_alert70", 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 70, 0 },
	{ "openssl_tls12_rsa", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1, 0, 0, 0,
	    2 },
	{ "openssl_tls12_ecdsa", 1, 1, 0, 0x0303, 0xcca9, 0x001d, 1, 1, 0, 0, 0,
	    2 },
	{ "openssl_tls12_frag512", 1, 1, 0, 0x0303, 0xc02f, 0x001d, 1, 1, 0, 0,
	    0, 2 },
	{ "openssl_tls12_dhe2048", 1, 1, 0, 0x0303, 0x009e, 0, 1, 1, 2048, 0, 0,
	    2 },
	{ "openssl_tls12_dhe1024", 1, 1, 0, 0x0303, 0x0033, 0, 1, 1, 1024, 0, 0,
	    2 },
	{ "openssl_tls12_aecdh_anon", 1, 1, 0, 0x0303, 0xc018, 0x001d, 1, 1, 0,
	    0, 0, 0 },
	{ "openssl_tls12_ecdhe_null", 1, 1, 0, 0x0303, 0xc010, 0x001d, 1, 1, 0,
	    0, 0, 2 },
	{ "openssl_tls12_serverpref", 1, 1, 0, 0x0303, 0xc030, 0x001d, 1, 1, 0,
	    0, 0, 2 },
	{ "openssl_tls12_alert40", 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 40, 0 },
	{ "openssl_tls11", 1, 1, 0, 0x0302, 0xc013, 0x001d, 1, 1, 0, 0, 0, 2 },
	{ "openssl_tls11_alert80", 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 80, 0 },
	{ "openssl_tls10", 1, 1, 0, 0x0301, 0xc013, 0x001d, 1, 1, 0, 0, 0, 2 },
	{ "openssl_tls11_answers_tls10", 1, 1, 0, 0x0301, 0xc013, 0x001d, 1, 1,
	    0, 0, 0, 2 },
	{ "postfix_tls13", 1, 1, 0, 0x0304, 0x1301, 0x001d, 0, 0, 0, 0, 0, 0 },
	{ "postfix_tls12", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1, 0, 0, 0, 2 },
	{ "postfix_tls12_anon", 1, 1, 0, 0x0303, 0xc018, 0x001d, 1, 1, 0, 0, 0,
	    0 },
	{ "postfix_tls11", 1, 1, 0, 0x0302, 0xc013, 0x001d, 1, 1, 0, 0, 0, 2 },
	{ "synth_tls12_one_record", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1, 0,
	    0, 0, 2 },
	{ "synth_tls12_1byte_records", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1,
	    0, 0, 0, 2 },
	{ "synth_tls12_chunks7", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1, 0, 0,
	    0, 2 },
	{ "synth_warning_then_tls12", 1, 1, 0, 0x0303, 0xcca8, 0x001d, 1, 1, 0,
	    1, 112, 2 },
	{ "synth_ssl3", 1, 1, 0, 0x0300, 0x000a, 0, 0, 1, 0, 0, 0, 0 },
	{ "synth_truncated", 0, 1, 0, 0x0303, 0xcca8, 0, 1, 0, 0, 0, 0, 0 },
	{ "synth_smtp_text", -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static unsigned char file[70000], arena[32768];
static struct hello_parse p, q;

static int
same(const struct hello_res *a, const struct hello_res *b)
{
	return a->sh == b->sh && a->hrr == b->hrr && a->version == b->version &&
	    a->suite == b->suite && a->group == b->group && a->ems == b->ems &&
	    a->dh_bits == b->dh_bits && a->shd == b->shd &&
	    a->cert_len == b->cert_len && a->alert == b->alert &&
	    a->alert_level == b->alert_level;
}

static void
test_captured(void)
{
	const struct want *w;
	struct hello_certs c;
	char path[256], name[160];
	size_t n, i, end;
	uint16_t max;
	FILE *f;
	int rc, bad;

	for (w = wants; w < wants + sizeof wants / sizeof wants[0]; w++) {
		snprintf(path, sizeof path, CORPUS "%s", w->file);
		f = fopen(path, "rb");
		n = f ? fread(file, 1, sizeof file, f) : 0;
		if (f)
			fclose(f);
		snprintf(name, sizeof name, "%s: read", w->file);
		if (!T_OK(n > 2, name))
			continue;
		max = (uint16_t)(HELLO_SSL30 + file[0] % 5);
		n -= 2;
		hello_parse_init(&p, max, arena, sizeof arena);
		rc = hello_feed(&p, file + 2, n);
		snprintf(name, sizeof name, "%s: rc %d sh %d hrr %d %04x %04x "
		    "group %04x ems %d shd %d dh %u alert %d/%u", w->file,
		    w->rc, w->sh, w->hrr, w->version, w->suite, w->group,
		    w->ems, w->shd, w->dh_bits, w->alert_level, w->alert);
		T_OK(rc == w->rc && p.r.sh == w->sh && p.r.hrr == w->hrr &&
		    p.r.version == w->version && p.r.suite == w->suite &&
		    p.r.group == w->group && p.r.ems == w->ems &&
		    p.r.shd == w->shd && p.r.dh_bits == w->dh_bits &&
		    p.r.alert_level == w->alert_level && p.r.alert == w->alert,
		    name);
		snprintf(name, sizeof name, "%s: %u certificates", w->file,
		    w->ncert);
		c.n = 0;
		if (p.r.cert_kept)
			(void)hello_cert_list(arena, p.r.cert_len, &c);
		T_EQ_INT(c.n, w->ncert, name);
		if (w->rc < 0)
			continue;
		/* where the answer ends: byte by byte */
		hello_parse_init(&q, max, NULL, 0);
		for (end = 0; end < n && hello_feed(&q, file + 2 + end, 1) == 0;
		    end++)
			;
		snprintf(name, sizeof name, "%s: byte by byte, same facts",
		    w->file);
		T_OK(same(&p.r, &q.r) && q.err == MX_OK, name);
		bad = 0;
		for (i = 0; i < n && i <= end; i++) {
			hello_parse_init(&q, max, NULL, 0);
			rc = hello_feed(&q, file + 2, i);
			if (rc != (i > end ? 1 : 0) || q.err != MX_OK)
				bad++;
		}
		snprintf(name, sizeof name, "%s: cut at every length: more "
		    "needed, no error", w->file);
		T_EQ_INT(bad, 0, name);
		bad = 0;
		for (i = 1; i < n && i <= end + 1; i++) {
			hello_parse_init(&q, max, NULL, 0);
			if (hello_feed(&q, file + 2, i) == 0)
				(void)hello_feed(&q, file + 2 + i, n - i);
			if (!same(&p.r, &q.r) || q.err != p.err)
				bad++;
		}
		snprintf(name, sizeof name, "%s: split in two anywhere, same "
		    "facts", w->file);
		T_EQ_INT(bad, 0, name);
	}
}

/* ---- hand-made answers ----------------------------------------------- */

static unsigned char in[100000];
static size_t inl;

static void
raw(const void *b, size_t n)
{
	memcpy(in + inl, b, n);
	inl += n;
}

/* One record of type t around b[0..n). */
static void
rec(unsigned t, const void *b, size_t n)
{
	unsigned char h[5] = { (unsigned char)t, 3, 3, (unsigned char)(n >> 8),
	    (unsigned char)n };

	raw(h, 5);
	raw(b, n);
}

/* A handshake message into m (returns its length). */
static size_t
msg(unsigned char *m, unsigned type, const void *body, size_t n)
{
	m[0] = (unsigned char)type;
	m[1] = (unsigned char)(n >> 16);
	m[2] = (unsigned char)(n >> 8);
	m[3] = (unsigned char)n;
	memcpy(m + 4, body, n);
	return 4 + n;
}

static const unsigned char hrr_rnd[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c
};

/* A ServerHello body: version, random (NULL: zeros), suite, extensions. */
static size_t
sh_body(unsigned char *b, unsigned v, const unsigned char *r, unsigned suite,
    const void *ext, size_t elen)
{
	size_t n = 0;

	b[n++] = (unsigned char)(v >> 8);
	b[n++] = (unsigned char)v;
	if (r)
		memcpy(b + n, r, 32);
	else
		memset(b + n, 0x11, 32);
	n += 32;
	b[n++] = 0;				/* session id */
	b[n++] = (unsigned char)(suite >> 8);
	b[n++] = (unsigned char)suite;
	b[n++] = 0;				/* compression */
	if (ext) {
		b[n++] = (unsigned char)(elen >> 8);
		b[n++] = (unsigned char)elen;
		memcpy(b + n, ext, elen);
		n += elen;
	}
	return n;
}

/* Parses in[0..inl) for a hello offering up to max. */
static int
run(uint16_t max)
{
	hello_parse_init(&p, max, arena, sizeof arena);
	return hello_feed(&p, in, inl);
}

static void
test_made(void)
{
	unsigned char b[4096], m[8192], big[40000];
	struct hello_certs c;
	size_t n, k, i;
	int rc;

	/* SH (TLS 1.2, EMS), Certificate, SKE (P-384), SHD: one record */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc030, "\x00\x17\x00\x00\xff\x01\x00\x01"
	    "\x00", 9);
	k = msg(m, 2, b, n);
	k += msg(m + k, 11, "\x00\x00\x09\x00\x00\x02\xaa\xbb\x00\x00\x01\xcc",
	    12);
	k += msg(m + k, 12, "\x03\x00\x18\x41", 4);
	k += msg(m + k, 14, "", 0);
	rec(22, m, k);
	T_EQ_INT(run(HELLO_TLS12), 1, "four messages in one record: complete");
	T_OK(p.r.sh && p.r.suite == 0xc030 && p.r.ems && p.r.group == 0x0018 &&
	    p.r.shd && p.r.cert_kept && p.r.cert_len == 12,
	    "... ServerHello, EMS, P-384 from the ServerKeyExchange");
	T_OK(hello_cert_list(arena, p.r.cert_len, &c) == 0 && c.n == 2 &&
	    c.off[0] == 6 && c.len[0] == 2 && c.off[1] == 11 && c.len[1] == 1,
	    "... its two certificates walked");
	/* the same message stream in records of 3 bytes */
	inl = 0;
	for (i = 0; i < k; i += 3)
		rec(22, m + i, k - i < 3 ? k - i : 3);
	T_EQ_INT(run(HELLO_TLS12), 1, "messages across 3-byte records");
	T_OK(p.r.suite == 0xc030 && p.r.group == 0x0018 && p.r.cert_len == 12,
	    "... same facts");
	/* an arena too small: measured, not kept */
	hello_parse_init(&p, HELLO_TLS12, arena, 11);
	T_OK(hello_feed(&p, in, inl) == 1 && !p.r.cert_kept &&
	    p.r.cert_len == 12, "Certificate over the arena: measured only");

	/* HelloRequest before ServerHello is ignored */
	inl = 0;
	k = msg(m, 0, "", 0);
	k += msg(m + k, 2, b, n);
	k += msg(m + k, 14, "", 0);
	rec(22, m, k);
	T_EQ_INT(run(HELLO_TLS12), 1, "HelloRequest first: ignored");

	/* TLS 1.3 ServerHello ends the answer; later bytes are not read */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0x1302, "\x00\x2b\x00\x02\x03\x04\x00\x33"
	    "\x00\x06\x00\x1d\x00\x02\xab\xcd", 16);
	k = msg(m, 2, b, n);
	rec(22, m, k);
	raw("garbage", 7);
	T_EQ_INT(run(HELLO_TLS13), 1, "TLS 1.3 ServerHello: done, rest unread");
	T_OK(p.r.version == 0x0304 && p.r.legacy_version == 0x0303 &&
	    p.r.suite == 0x1302 && p.r.group == 0x001d && !p.r.hrr,
	    "... version from supported_versions, group from key_share");
	T_EQ_INT(run(HELLO_TLS12), -1,
	    "supported_versions in answer to a 1.2 hello: error");
	T_EQ_INT(p.err, MX_E_TLS_BAD_ANSWER, "... tls-bad-answer");

	/* HelloRetryRequest */
	inl = 0;
	n = sh_body(b, 0x0303, hrr_rnd, 0x1301, "\x00\x2b\x00\x02\x03\x04\x00"
	    "\x33\x00\x02\x00\x17", 12);
	rec(22, m, msg(m, 2, b, n));
	T_OK(run(HELLO_TLS13) == 1 && p.r.hrr && p.r.group == 0x0017 &&
	    p.r.version == 0x0304, "HRR: TLS 1.3, the group it asks for");
	inl = 0;
	n = sh_body(b, 0x0303, hrr_rnd, 0x1301, "\x00\x33\x00\x02\x00\x17", 6);
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS13), -1, "HRR without supported_versions: error");

	/* versions */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, NULL, 0);
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS11), -1, "TLS 1.2 answer to a 1.1 hello: error");
	T_EQ_INT(run(HELLO_TLS13), 0,
	    "TLS 1.2 answer to a 1.3 hello: taken, waits for ServerHelloDone");
	T_OK(p.r.sh && p.r.version == 0x0303, "... version 1.2");
	inl = 0;
	n = sh_body(b, 0x0203, NULL, 0xc02f, NULL, 0);
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS12), -1, "version 2.3: error");

	/* malformed ServerHellos */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, "\x00\x17\x00\x00", 4);
	b[n++] = 0;
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS12), -1, "ServerHello with a trailing byte");
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, "\x00\x17\x00\x05", 4);
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS12), -1, "extension longer than its block");
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, NULL, 0);
	b[34] = 33;
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS12), -1, "session id of 33 bytes");
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, NULL, 0);
	b[n - 1] = 1;
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS12), -1, "compression we did not offer");
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0x1301, "\x00\x2b\x00\x03\x03\x04\x00", 7);
	rec(22, m, msg(m, 2, b, n));
	T_EQ_INT(run(HELLO_TLS13), -1, "supported_versions of 3 bytes");

	/* order */
	inl = 0;
	rec(22, m, msg(m, 11, "\x00\x00\x00", 3));
	T_EQ_INT(run(HELLO_TLS12), -1, "Certificate before ServerHello");
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, NULL, 0);
	k = msg(m, 2, b, n);
	k += msg(m + k, 2, b, n);
	rec(22, m, k);
	T_EQ_INT(run(HELLO_TLS12), -1, "two ServerHellos");
	inl = 0;
	k = msg(m, 2, b, n);
	k += msg(m + k, 14, "x", 1);
	rec(22, m, k);
	T_EQ_INT(run(HELLO_TLS12), -1, "ServerHelloDone with a body");

	/* records */
	inl = 0;
	raw("220 mx ESMTP\r\n", 14);
	T_EQ_INT(run(HELLO_TLS12), -1, "SMTP text: error at the first byte");
	T_EQ_INT(p.err, MX_E_TLS_BAD_ANSWER, "... tls-bad-answer");
	T_EQ_INT(p.total, 1, "... after one byte");
	inl = 0;
	raw("\x16\x02\x00\x00\x01", 5);
	T_EQ_INT(run(HELLO_TLS12), -1, "record version 2: error");
	inl = 0;
	raw("\x16\x03\x03\x00\x00", 5);
	T_EQ_INT(run(HELLO_TLS12), -1, "empty handshake record: error");
	inl = 0;
	raw("\x17\x03\x03\x00\x01\x00", 6);
	T_EQ_INT(run(HELLO_TLS12), -1, "application data first: error");
	inl = 0;
	raw("\x16\x03\x03\x48\x01", 5);
	T_EQ_INT(run(HELLO_TLS12), -1, "record over 2^14 + 2048: error");
	inl = 0;
	rec(22, "\x02\x00\x08\x01", 4);
	T_EQ_INT(run(HELLO_TLS12), -1,
	    "ServerHello over MX_HELLO_MSG_MAX: error at its header");
	T_EQ_INT(p.err, MX_E_LIMIT, "... limit");

	/* alerts */
	inl = 0;
	rec(21, "\x02\x28", 2);
	T_OK(run(HELLO_TLS12) == 1 && !p.r.sh && p.r.alert_level == 2 &&
	    p.r.alert == 40, "fatal handshake_failure: done, no ServerHello");
	inl = 0;
	rec(21, "\x01\x00", 2);
	T_OK(run(HELLO_TLS12) == 1 && p.r.alert_level == 1 && p.r.alert == 0,
	    "close_notify: done");
	inl = 0;
	rec(21, "\x01", 1);
	rec(21, "\x70", 1);
	T_OK(run(HELLO_TLS12) == 0 && p.r.alert_level == 1 && p.r.alert == 112,
	    "warning split over two records: recorded, not done");
	inl = 0;
	rec(21, "\x03\x28", 2);
	T_EQ_INT(run(HELLO_TLS12), -1, "alert level 3: error");
	inl = 0;
	rec(20, "\x01", 1);
	T_EQ_INT(run(HELLO_TLS12), 0, "ChangeCipherSpec: skipped");

	/* DHE: the prime's size, leading zero bytes ignored */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0x009e, NULL, 0);
	k = msg(m, 2, b, n);
	memset(big, 0, 4 + 2048 / 8);
	big[0] = 0x01;
	big[1] = 0x01;				/* p: 257 bytes */
	big[3] = 0x7f;			/* 0x00 0x7f ...: 2047 bits */
	k += msg(m + k, 12, big, 2 + 257 + 4);
	k += msg(m + k, 14, "", 0);
	rec(22, m, k);
	T_OK(run(HELLO_TLS12) == 1 && p.r.dh_bits == 255 * 8 + 7 && p.r.ske,
	    "DHE prime 0x00 0x7f...: 2047 bits");
	/* the unknown suite: no ServerKeyExchange facts */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xfefe, NULL, 0);
	k = msg(m, 2, b, n);
	k += msg(m + k, 12, "\x03\x00\x17", 3);
	k += msg(m + k, 14, "", 0);
	rec(22, m, k);
	T_OK(run(HELLO_TLS12) == 1 && p.r.ske && p.r.group == 0,
	    "unknown suite: ServerKeyExchange seen, not read");

	/* bounds: a Certificate of 0xffffff bytes never fits the total */
	inl = 0;
	n = sh_body(b, 0x0303, NULL, 0xc02f, NULL, 0);
	rec(22, m, msg(m, 2, b, n));
	raw("\x16\x03\x03\x40\x00\x0b\xff\xff\xff", 9);
	memset(big, 0, sizeof big);
	for (i = 0; i < 5; i++) {
		raw(big, i == 0 ? 0x4000 - 4 : 0);
		if (i > 0)
			rec(22, big, 0x4000);
	}
	hello_parse_init(&p, HELLO_TLS12, arena, sizeof arena);
	rc = hello_feed(&p, in, inl);
	T_OK(rc == -1 && p.err == MX_E_LIMIT && p.total == MX_HELLO_TOTAL_MAX,
	    "endless Certificate: limit at MX_HELLO_TOTAL_MAX bytes");
	T_OK(hello_feed(&p, in, 1) == -1, "errors stick");

	/* hello_cert_list */
	T_OK(hello_cert_list((const unsigned char *)"\x00\x00\x00", 3, &c) ==
	    0 && c.n == 0, "empty certificate list");
	T_OK(hello_cert_list((const unsigned char *)"\x00\x00\x04\x00\x00"
	    "\x01\xaa", 7, &c) == 0 && c.n == 1 && c.off[0] == 6 &&
	    c.len[0] == 1, "one certificate of one byte");
	T_EQ_INT(hello_cert_list((const unsigned char *)"\x00\x00\x05\x00\x00"
	    "\x01\xaa", 7, &c), -1, "list length past the message");
	T_EQ_INT(hello_cert_list((const unsigned char *)"\x00\x00\x04\x00\x00"
	    "\x02\xaa", 7, &c), -1, "certificate length past the list");
	T_EQ_INT(hello_cert_list((const unsigned char *)"\x00\x00\x03\x00\x00"
	    "\x00", 6, &c), -1, "a certificate of 0 bytes");
	T_EQ_INT(hello_cert_list((const unsigned char *)"\x00\x00", 2, &c), -1,
	    "shorter than the list length");
	k = 3;
	for (i = 0; i < MX_CHAIN_MAX + 2; i++) {
		memcpy(big + k, "\x00\x00\x01\x55", 4);
		k += 4;
	}
	big[0] = 0;
	big[1] = (unsigned char)((k - 3) >> 8);
	big[2] = (unsigned char)(k - 3);
	T_OK(hello_cert_list(big, k, &c) == 0 && c.n == MX_CHAIN_MAX + 2 &&
	    c.off[MX_CHAIN_MAX - 1] == 3 + 4 * (MX_CHAIN_MAX - 1) + 3,
	    "more than MX_CHAIN_MAX: all counted, the first kept");
}

static void
test_names(void)
{
	size_t n, i;
	const struct hello_suite *t = hello_suite_table(&n);
	int bad = 0;

	T_EQ_STR(hello_alert_name(40), "handshake_failure", "alert 40 name");
	T_EQ_STR(hello_alert_name(70), "protocol_version", "alert 70 name");
	T_OK(hello_alert_name(250) == NULL && hello_alert_name(1000) == NULL,
	    "unnamed alerts: NULL");
	T_EQ_STR(hello_version_str(HELLO_SSL30), "SSL3.0", "SSL3.0");
	T_EQ_STR(hello_version_str(HELLO_TLS13), "TLS1.3", "TLS1.3");
	T_EQ_STR(hello_version_str(0x0305), "unknown", "0x0305 unknown");
	T_EQ_STR(hello_suite13_name(0x1302), "TLS_AES_256_GCM_SHA384",
	    "0x1302 name");
	T_OK(hello_suite13_name(0x1306) == NULL && hello_suite13_name(0xc02f) ==
	    NULL, "no TLS 1.3 name for others");
	T_OK(n <= MX_HELLO_SUITES_MAX, "the table fits one hello");
	for (i = 0; i < n; i++)
		if (hello_suite_class(t[i].id) != t[i].cls || t[i].cls == 0 ||
		    (t[i].cls & HELLO_KX_MASK) == 0)
			bad++;
	T_EQ_INT(bad, 0, "every table entry has a key exchange, found by id");
	T_EQ_INT(hello_suite_class(0xfefe), 0, "unknown suite: class 0");
	T_OK(hello_suite_class(0x0018) == (HELLO_KX_DHE | HELLO_C_ANON |
	    HELLO_C_RC4), "DH_anon_WITH_RC4_128_MD5: DHE, anon, RC4");
	T_OK((hello_suite_class(0xc02f) & ~HELLO_KX_MASK) == HELLO_C_TLS12,
	    "ECDHE-RSA-AES128-GCM: strong, TLS 1.2 only");
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof rnd; i++)
		rnd[i] = (unsigned char)(i * 7 + 1);
	test_builder();
	test_captured();
	test_made();
	test_names();
	return T_DONE();
}
