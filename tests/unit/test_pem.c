/*
 * test_pem.c -- the streaming PEM reader: layouts, broken blocks, limits,
 * and the same DERs whatever the chunk boundaries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "mxprobe/pem.h"

#define NOUT	256

/* What one run of the reader produced. */
struct out {
	unsigned	 n;
	size_t		 len[NOUT];
	unsigned char	*der[NOUT];
	unsigned	 skipped, other;
};

static struct pem_rd rd;

static void
out_free(struct out *o)
{
	unsigned i;

	for (i = 0; i < o->n; i++)
		free(o->der[i]);
	memset(o, 0, sizeof *o);
}

/* Feeds txt in chunks whose sizes come from next_chunk(). */
static void
run(const char *txt, size_t len, size_t (*next_chunk)(size_t left, void *),
    void *arg, struct out *o)
{
	size_t off = 0, k, used, sub;

	memset(o, 0, sizeof *o);
	pem_init(&rd);
	while (off < len) {
		k = next_chunk(len - off, arg);
		if (k == 0 || k > len - off)
			k = len - off;
		sub = 0;
		while (sub < k && pem_feed(&rd, (const unsigned char *)txt +
		    off + sub, k - sub, &used)) {
			if (o->n < NOUT) {
				o->der[o->n] = malloc(rd.der_len);
				memcpy(o->der[o->n], rd.der, rd.der_len);
				o->len[o->n] = rd.der_len;
				o->n++;
			}
			sub += used;
		}
		off += k;
	}
	o->skipped = rd.skipped;
	o->other = rd.other;
}

static size_t
chunk_all(size_t left, void *arg)
{
	(void)arg;
	return left;
}

static size_t
chunk_fixed(size_t left, void *arg)
{
	(void)left;
	return *(size_t *)arg;
}

/* First chunk *arg bytes, then the rest. */
static size_t
chunk_split(size_t left, void *arg)
{
	size_t *k = arg, r;

	r = *k ? *k : left;
	*k = 0;
	return r;
}

static uint32_t lcg = 12345;

static uint32_t
rnd(void)
{
	lcg = lcg * 1103515245u + 12345u;
	return lcg >> 8;
}

static size_t
chunk_rand(size_t left, void *arg)
{
	(void)left;
	(void)arg;
	return 1 + rnd() % 700;
}

static int
same(const struct out *a, const struct out *b)
{
	unsigned i;

	if (a->n != b->n || a->skipped != b->skipped || a->other != b->other)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] ||
		    memcmp(a->der[i], b->der[i], a->len[i]) != 0)
			return 0;
	return 1;
}

/* ---- building PEM text ----------------------------------------------- */

static char text[1 << 16];
static size_t tlen;

static void
put(const char *s)
{
	size_t n = strlen(s);

	if (tlen + n < sizeof text) {
		memcpy(text + tlen, s, n);
		tlen += n;
	}
}

static const char b64a[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of der at `cols` per line, each line ending in eol. */
static void
put_b64(const unsigned char *der, size_t len, int cols, const char *eol,
    int pad)
{
	char q[5];
	size_t i;
	int col = 0, k, j;
	uint32_t v;

	for (i = 0; i < len; i += 3) {
		k = len - i >= 3 ? 3 : (int)(len - i);
		v = (uint32_t)der[i] << 16;
		if (k > 1)
			v |= (uint32_t)der[i + 1] << 8;
		if (k > 2)
			v |= der[i + 2];
		for (j = 0; j < 4; j++)
			q[j] = b64a[(v >> (18 - 6 * j)) & 63];
		if (k < 3)
			q[3] = pad ? '=' : 0;
		if (k < 2)
			q[2] = pad ? '=' : 0;
		q[4] = 0;
		put(q);
		col += 4;
		if (col >= cols) {
			put(eol);
			col = 0;
		}
	}
	if (col)
		put(eol);
}

static void
put_cert(const unsigned char *der, size_t len, const char *eol)
{
	put("-----BEGIN CERTIFICATE-----");
	put(eol);
	put_b64(der, len, 64, eol, 1);
	put("-----END CERTIFICATE-----");
	put(eol);
}

static unsigned char blob[4][MX_CERT_DER_MAX + 8];
static const size_t blen[4] = { 700, 1201, 1502, 64 };

static void
make_blobs(void)
{
	unsigned i;
	size_t j;

	for (i = 0; i < 4; i++) {
		blob[i][0] = 0x30;
		for (j = 1; j < sizeof blob[i]; j++)
			blob[i][j] = (unsigned char)rnd();
	}
}

static int
is_blob(const struct out *o, unsigned i, unsigned b, size_t len)
{
	return i < o->n && o->len[i] == len &&
	    memcmp(o->der[i], blob[b], len) == 0;
}

/* ---- tests -------------------------------------------------------------- */

static void
t_basic(void)
{
	struct out o;

	tlen = 0;
	put_cert(blob[0], blen[0], "\n");
	put_cert(blob[1], blen[1], "\n");
	put_cert(blob[2], blen[2], "\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 3, "LF bundle: 3 certificates");
	T_OK(is_blob(&o, 0, 0, blen[0]) && is_blob(&o, 1, 1, blen[1]) &&
	    is_blob(&o, 2, 2, blen[2]), "LF bundle: DERs equal (lengths 0,1,2 mod 3)");
	T_EQ_INT(o.skipped, 0, "LF bundle: nothing skipped");
	out_free(&o);
}

static void
t_crlf_junk(void)
{
	struct out o;

	tlen = 0;
	put("# Debian-style comment\r\nBag Attributes\r\n    friendlyName: x\r\n");
	put("subject=/CN=Example\r\n\r\n");
	put("-----BEGIN CERTIFICATE-----  \r\n");
	put_b64(blob[0], blen[0], 76, " \r\n", 1);
	put("-----END CERTIFICATE-----\t\r\n");
	put("text -----BEGIN CERTIFICATE----- in the middle of a line\r\n");
	put("-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\r\n");
	put("-----END PRIVATE KEY-----\r\n");
	put("-----BEGIN TRUSTED CERTIFICATE-----\r\nMIIB\r\n");
	put("-----END TRUSTED CERTIFICATE-----\r\n");
	put("----- not a marker\r\n");
	put("-----BEGIN X509 CERTIFICATE-----\r\n");
	put_b64(blob[1], blen[1], 64, "\r\n", 1);
	put("-----END X509 CERTIFICATE-----\r\n");
	put("trailing junk without newline");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 2, "CRLF+junk: 2 certificates");
	T_OK(is_blob(&o, 0, 0, blen[0]) && is_blob(&o, 1, 1, blen[1]),
	    "CRLF+junk: DERs equal, X509 CERTIFICATE label accepted");
	T_EQ_INT(o.skipped, 0, "CRLF+junk: no certificate skipped");
	T_EQ_INT(o.other, 2, "CRLF+junk: private key and trusted cert blocks skipped");
	out_free(&o);
}

static void
t_bad(void)
{
	struct out o;
	size_t save;

	/* bad character */
	tlen = 0;
	put_cert(blob[0], blen[0], "\n");
	save = tlen;
	put_cert(blob[1], blen[1], "\n");
	text[save + 40] = '*';
	put_cert(blob[2], blen[2], "\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 2, "bad base64: the two good ones come out");
	T_OK(is_blob(&o, 0, 0, blen[0]) && is_blob(&o, 1, 2, blen[2]),
	    "bad base64: right ones");
	T_EQ_INT(o.skipped, 1, "bad base64: counted");
	out_free(&o);

	/* too big, and exactly the limit */
	tlen = 0;
	put_cert(blob[0], MX_CERT_DER_MAX + 1, "\n");
	put_cert(blob[1], MX_CERT_DER_MAX, "\n");
	put_cert(blob[2], MX_CERT_DER_MAX + 3, "\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 1, "size: MX_CERT_DER_MAX fits");
	T_OK(is_blob(&o, 0, 1, MX_CERT_DER_MAX), "size: DER at the limit intact");
	T_EQ_INT(o.skipped, 2, "size: over the limit skipped and counted");
	out_free(&o);

	/* padding: missing tolerated, data after it not, one leftover not */
	tlen = 0;
	put("-----BEGIN CERTIFICATE-----\n");
	put_b64(blob[0], 701, 64, "\n", 0);
	put("-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMII=AAAA\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMIIBA\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMA===\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMA=\n-----END CERTIFICATE-----\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 3, "padding: 3 good");
	T_OK(is_blob(&o, 0, 0, 701), "padding: unpadded block decodes");
	T_OK(o.n >= 3 && o.len[1] == 1 && o.der[1][0] == 0x30 &&
	    o.len[2] == 1 && o.der[2][0] == 0x30, "padding: MA== and MA= give 0x30");
	T_EQ_INT(o.skipped, 3, "padding: data after '=', leftover, '===' skipped");
	out_free(&o);

	/* structure: BEGIN inside, END mismatch, empty, '-' line inside */
	tlen = 0;
	put("-----BEGIN CERTIFICATE-----\nMIIB\n");
	put_cert(blob[3], blen[3], "\n");
	put("-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n");
	put("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMIIB\n--\nMIIB\n-----END CERTIFICATE-----\n");
	put("-----BEGIN CERTIFICATE-----\nMI-IB\n-----END CERTIFICATE-----\n");
	put_cert(blob[3], blen[3], "\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 2, "structure: only the 2 whole blocks");
	T_OK(is_blob(&o, 0, 3, blen[3]) && is_blob(&o, 1, 3, blen[3]),
	    "structure: right ones");
	T_EQ_INT(o.skipped, 5, "structure: unterminated, END mismatch, empty, "
	    "dash line, inner dash counted");
	out_free(&o);

	/* end of input */
	tlen = 0;
	put_cert(blob[3], blen[3], "\n");
	put("-----BEGIN CERTIFICATE-----\n");
	put_b64(blob[3], blen[3], 64, "\n", 1);
	put("-----END CERTIFICATE-----");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 2, "EOF: END without final newline still counts");
	out_free(&o);
	tlen = 0;
	put_cert(blob[3], blen[3], "\n");
	put("-----BEGIN CERTIFICATE-----\n");
	put_b64(blob[3], blen[3], 64, "\n", 1);
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 1, "EOF: unterminated block not returned");
	out_free(&o);

	/* a marker line longer than line[] */
	tlen = 0;
	put("-----BEGIN CERTIFICATE-----");
	put("                                                                 ");
	put("x\n");
	put_b64(blob[3], blen[3], 64, "\n", 1);
	put("-----END CERTIFICATE-----\n");
	run(text, tlen, chunk_all, NULL, &o);
	T_EQ_INT(o.n, 0, "long marker line is no marker");
	out_free(&o);
}

static void
t_splits(void)
{
	struct out ref, o;
	size_t k, one = 1;
	int ok = 1;
	unsigned i;

	tlen = 0;
	put("junk\r\n");
	put_cert(blob[0], 300, "\r\n");
	put("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
	put("-----BEGIN CERTIFICATE-----\n");
	put_b64(blob[1], 200, 64, "\n", 1);
	text[tlen - 10] = '!';
	put("-----END CERTIFICATE-----\n");
	put_cert(blob[3], blen[3], "\n");
	put("-----BEGIN CERTIFICATE-----\n");
	put_b64(blob[2], 100, 64, "\n", 0);
	put("-----END CERTIFICATE-----");
	run(text, tlen, chunk_all, NULL, &ref);
	T_EQ_INT(ref.n, 3, "split reference: 3 certificates");
	T_EQ_INT(ref.skipped, 1, "split reference: 1 skipped");

	run(text, tlen, chunk_fixed, &one, &o);
	T_OK(same(&ref, &o), "1 byte at a time: same DERs");
	out_free(&o);

	for (k = 1; k < tlen && ok; k++) {
		size_t arg = k;

		run(text, tlen, chunk_split, &arg, &o);
		if (!same(&ref, &o)) {
			ok = 0;
			printf("# split at %zu differs\n", k);
		}
		out_free(&o);
	}
	T_OK(ok, "split at every offset: same DERs");

	ok = 1;
	for (i = 0; i < 300 && ok; i++) {
		run(text, tlen, chunk_rand, NULL, &o);
		ok = same(&ref, &o);
		out_free(&o);
	}
	T_OK(ok, "300 random splittings: same DERs");
	out_free(&ref);
}

static void
t_system_bundle(void)
{
	static char big[1 << 20];
	const char *path = "/etc/ssl/certs/ca-certificates.crt";
	struct out a, b;
	size_t n, four = 4096;
	unsigned begins = 0, i, good = 0;
	char *p;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL) {
		printf("# skip: no %s\n", path);
		return;
	}
	n = fread(big, 1, sizeof big - 1, f);
	fclose(f);
	big[n] = 0;
	for (p = big; (p = strstr(p, "-----BEGIN CERTIFICATE-----")); p++)
		begins++;
	run(big, n, chunk_fixed, &four, &a);
	T_EQ_INT(a.n, begins, "system bundle: one DER per BEGIN CERTIFICATE");
	T_EQ_INT(a.skipped, 0, "system bundle: nothing skipped");
	for (i = 0; i < a.n; i++)
		if (a.len[i] > 4 && a.der[i][0] == 0x30 && a.der[i][1] == 0x82 &&
		    ((size_t)a.der[i][2] << 8 | a.der[i][3]) + 4 == a.len[i])
			good++;
	T_EQ_INT(good, a.n, "system bundle: every DER is one whole SEQUENCE");
	run(big, n, chunk_rand, NULL, &b);
	T_OK(same(&a, &b), "system bundle: random chunks give the same");
	printf("# %u certificates in %s\n", a.n, path);
	out_free(&a);
	out_free(&b);
}

int
main(void)
{
	make_blobs();
	t_basic();
	t_crlf_junk();
	t_bad();
	t_splits();
	t_system_bundle();
	return T_DONE();
}
