/*
 * tls.c -- one TLS client session on BearSSL; owns no socket (see tls.h).
 *
 * IMPLEMENTATION NOTES
 *
 * States (enum tls_st), derived from br_ssl_engine_current_state():
 *   TLS_HANDSHAKE  from tls_start() until the engine first offers SENDAPP or
 *                  RECVAPP (RFC 5246 7.3: both Finished messages done);
 *   TLS_READY      application data flows (SMTP over TLS, RFC 3207 4.2);
 *   TLS_CLOSED     BR_SSL_CLOSED: last_error() says why (0 = clean).
 * The caller moves bytes (BearSSL's four buffer/ack pairs, tools/sslio.c
 * run_until without the blocking): SENDREC first (TLS_WANT_WRITE), then
 * RECVREC (TLS_WANT_READ).  Every call that can move the engine ends in
 * observe(), which records the handshake facts the first time the engine
 * is in application-data mode and the error the first time it is closed,
 * so a close that follows completion in the next record is never mistaken
 * for a failed handshake.  BearSSL reads one record per recvrec_ack, so
 * completion and closure cannot both happen within a single call.
 *
 * Certificates: struct tls_rec replaces BearSSL's X.509 engine.  It keeps
 * each presented certificate's DER (a prefix of the chain, bounded by
 * MX_CHAIN_MAX and MX_CHAIN_ARENA; the rest is counted, `truncated` set)
 * and decodes the leaf with br_x509_decoder to hand its key to the engine
 * with KEYX|SIGN usages (RFC 5246 7.4.2: the suite decides which one is
 * used).  end_chain() accepts any chain whose leaf key decoded, so expired,
 * self-signed and untrusted servers still tell their version and suite;
 * ca_verify() judges the chain offline.  br_x509_minimal's get_pkey
 * returns NULL on every error but NOT_TRUSTED, hence no minimal engine
 * here.
 *
 * STARTTLS injection (RFC 3207 5, posttls-finger): the first byte the
 * server sends after "220 ready" must start a TLS record (content type
 * 0x14-0x17, RFC 5246 6.2.1).  Anything else sets s->plaintext and ends
 * the session at once (br_err BR_ERR_UNKNOWN_TYPE) without parsing it.
 * EOF and injection close the session on our side (s->closed), since
 * br_ssl_engine_fail() is not public API; every call checks s->closed.
 *
 * Memory: the whole session is the caller's struct (one
 * BR_SSL_BUFSIZE_MONO buffer: SMTP is lock-step, so half-duplex costs
 * nothing).  No heap, no clock, no I/O.
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/tls.h"

_Static_assert(sizeof(struct tls_sess) <= TLS_SESS_SIZE_MAX,
    "struct tls_sess outgrew TLS_SESS_SIZE_MAX (tls.h)");

/*
 * Every suite BearSSL 0.6 implements, in br_ssl_client_init_full's order
 * (forward secrecy, then AEAD, then AES-128 first); 3DES last.  Each needs
 * primitives configured in tls_start(): keep both together (a suite whose
 * primitive is missing crashes BearSSL; an unknown id fails its reset).
 */
static const uint16_t suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CCM,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDH_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDH_RSA_WITH_AES_256_CBC_SHA,
	BR_TLS_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_RSA_WITH_AES_128_CCM,
	BR_TLS_RSA_WITH_AES_256_CCM,
	BR_TLS_RSA_WITH_AES_128_CCM_8,
	BR_TLS_RSA_WITH_AES_256_CCM_8,
	BR_TLS_RSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_RSA_WITH_AES_256_CBC_SHA256,
	BR_TLS_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_RSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
	BR_TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA,
	BR_TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA,
	BR_TLS_RSA_WITH_3DES_EDE_CBC_SHA
};

/* ---- the recording X.509 class ---------------------------------------- */

static void
rec_start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct tls_rec *r = (struct tls_rec *)(void *)ctx;
	struct tls_chain *c = r->chain;

	(void)server_name;	/* names are matched offline (x509.h) */
	c->n = 0;
	c->kept = 0;
	c->truncated = 0;
	r->keep = 0;
	r->cur = 0;
	r->leaf_ok = 0;
	br_x509_decoder_init(&r->dec, NULL, NULL);
}

static void
rec_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct tls_rec *r = (struct tls_rec *)(void *)ctx;
	struct tls_chain *c = r->chain;
	size_t used;

	used = c->kept ? c->off[c->kept - 1] + c->len[c->kept - 1] : 0;
	r->cur = 0;
	/* Keep a prefix only: once one is dropped, later ones are too. */
	r->keep = !c->truncated && c->n < MX_CHAIN_MAX &&
	    length <= sizeof c->arena - used;
	if (r->keep) {
		c->off[c->kept] = used;
		c->len[c->kept] = 0;
	} else
		c->truncated = 1;
	c->n++;
}

static void
rec_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	struct tls_rec *r = (struct tls_rec *)(void *)ctx;
	struct tls_chain *c = r->chain;

	if (r->keep) {
		/* BearSSL never exceeds the announced length; check anyway. */
		if (len > sizeof c->arena - c->off[c->kept] - r->cur) {
			r->keep = 0;
			c->truncated = 1;
		} else
			memcpy(c->arena + c->off[c->kept] + r->cur, buf, len);
	}
	r->cur += len;
	if (c->n == 1)
		br_x509_decoder_push(&r->dec, buf, len);
}

/* Copies the decoder's key into key_buf (the decoder is reused). */
static int
rec_copy_key(struct tls_rec *r, const br_x509_pkey *k)
{
	r->pkey.key_type = k->key_type;
	switch (k->key_type) {
	case BR_KEYTYPE_RSA:
		if (k->key.rsa.nlen + k->key.rsa.elen > sizeof r->key_buf)
			return -1;
		memcpy(r->key_buf, k->key.rsa.n, k->key.rsa.nlen);
		memcpy(r->key_buf + k->key.rsa.nlen, k->key.rsa.e,
		    k->key.rsa.elen);
		r->pkey.key.rsa.n = r->key_buf;
		r->pkey.key.rsa.nlen = k->key.rsa.nlen;
		r->pkey.key.rsa.e = r->key_buf + k->key.rsa.nlen;
		r->pkey.key.rsa.elen = k->key.rsa.elen;
		return 0;
	case BR_KEYTYPE_EC:
		if (k->key.ec.qlen > sizeof r->key_buf)
			return -1;
		memcpy(r->key_buf, k->key.ec.q, k->key.ec.qlen);
		r->pkey.key.ec.curve = k->key.ec.curve;
		r->pkey.key.ec.q = r->key_buf;
		r->pkey.key.ec.qlen = k->key.ec.qlen;
		return 0;
	default:
		return -1;
	}
}

static void
rec_end_cert(const br_x509_class **ctx)
{
	struct tls_rec *r = (struct tls_rec *)(void *)ctx;
	struct tls_chain *c = r->chain;
	const br_x509_pkey *k;

	if (r->keep) {
		c->len[c->kept] = r->cur;
		c->kept++;
		r->keep = 0;
	}
	if (c->n == 1) {
		k = br_x509_decoder_get_pkey(&r->dec);
		r->leaf_ok = k != NULL && rec_copy_key(r, k) == 0;
	}
}

static unsigned
rec_end_chain(const br_x509_class **ctx)
{
	struct tls_rec *r = (struct tls_rec *)(void *)ctx;
	int e;

	if (r->chain->n == 0)
		return BR_ERR_X509_EMPTY_CHAIN;
	if (r->leaf_ok)
		return 0;
	e = br_x509_decoder_last_error(&r->dec);
	return e ? (unsigned)e : BR_ERR_X509_UNSUPPORTED;
}

static const br_x509_pkey *
rec_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	const struct tls_rec *r = (const struct tls_rec *)(const void *)ctx;

	if (!r->leaf_ok)
		return NULL;
	if (usages != NULL)
		*usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
	return &r->pkey;
}

static const br_x509_class rec_vtable = {
	sizeof(struct tls_rec),
	rec_start_chain,
	rec_start_cert,
	rec_append,
	rec_end_cert,
	rec_end_chain,
	rec_get_pkey
};

/* ---- session ------------------------------------------------------------ */

static void
set_err(struct tls_sess *s, enum mx_err e)
{
	if (s->err == MX_OK)
		s->err = e;
}

/*
 * Ends the session for good with BearSSL code e.  The engine is not told
 * (br_ssl_engine_fail is not public API): s->closed gates every call.
 */
static void
close_with(struct tls_sess *s, int e)
{
	if (s->closed)
		return;
	s->closed = 1;
	s->br_err = e;
	if (!s->done)
		set_err(s, MX_E_TLS_HANDSHAKE);
	else if (e != BR_ERR_OK)
		set_err(s, MX_E_TLS);
}

/* Records facts on completion and the error on closure, once each. */
static void
observe(struct tls_sess *s)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	unsigned st;

	if (s->closed)
		return;
	st = br_ssl_engine_current_state(eng);
	if (st & BR_SSL_CLOSED) {
		close_with(s, br_ssl_engine_last_error(eng));
		return;
	}
	if (!s->done && (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP))) {
		s->done = 1;
		s->version = br_ssl_engine_get_version(eng);
		s->suite = eng->session.cipher_suite;
		s->curve = br_ssl_engine_get_ecdhe_curve(eng);
		s->secure_reneg = eng->reneg == 2;
	}
}

/* 1 if name is an IPv4 or IPv6 literal (RFC 6066 3: no SNI for those). */
static int
is_ip_literal(const char *name)
{
	unsigned char a[16];

	return strchr(name, ':') != NULL || inet_pton(AF_INET, name, a) == 1 ||
	    inet_pton(AF_INET6, name, a) == 1;
}

/*
 * The elliptic curves (see tls.h): X25519 by BearSSL's m31 code,
 * P-256/384/521 by its generic i31 code.  X25519 is in every handshake:
 * the m31 code does a probe's two scalar multiplications in 3.4 M
 * instructions instead of the i31 code's 11 M (callgrind), for about 1 KB
 * on 64-bit targets and 3.5 KB on MIPS.  br_ec_p256_m31 would add 8 KB for
 * P-256, which a probe meets only when the server prefers it.
 */
static const br_ec_impl *
ec_for(int curve)
{
	return curve == BR_EC_curve25519 ? &br_ec_c25519_m31 :
	    &br_ec_prime_i31;
}

static const unsigned char *
ec_generator(int curve, size_t *len)
{
	return ec_for(curve)->generator(curve, len);
}

static const unsigned char *
ec_order(int curve, size_t *len)
{
	return ec_for(curve)->order(curve, len);
}

static size_t
ec_xoff(int curve, size_t *len)
{
	return ec_for(curve)->xoff(curve, len);
}

static uint32_t
ec_mul(unsigned char *g, size_t glen, const unsigned char *x, size_t xlen,
    int curve)
{
	return ec_for(curve)->mul(g, glen, x, xlen, curve);
}

static size_t
ec_mulgen(unsigned char *r, const unsigned char *x, size_t xlen, int curve)
{
	return ec_for(curve)->mulgen(r, x, xlen, curve);
}

/* ECDSA only: never X25519, which has no muladd */
static uint32_t
ec_muladd(unsigned char *a, const unsigned char *b, size_t len,
    const unsigned char *x, size_t xlen, const unsigned char *y,
    size_t ylen, int curve)
{
	const br_ec_impl *e = ec_for(curve);

	return e->muladd ? e->muladd(a, b, len, x, xlen, y, ylen, curve) : 0;
}

/* see tls.h */
const br_ec_impl tls_ec = {
	(uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1 |
	    (uint32_t)1 << BR_EC_secp521r1 | (uint32_t)1 << BR_EC_curve25519,
	ec_generator, ec_order, ec_xoff, ec_mul, ec_mulgen, ec_muladd
};

/* see tls.h */
int
tls_start(struct tls_sess *s, const char *sni, const void *seed,
    size_t seedlen)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	char name[MX_NAME_MAX + 1];
	const char *use = NULL;
	size_t n;
	int id;
	static const br_hash_class *const hashes[] = {
		&br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
		&br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
	};

	s->err = MX_OK;
	s->br_err = 0;
	s->plaintext = 0;
	s->got_bytes = 0;
	s->done = 0;
	s->version = 0;
	s->suite = 0;
	s->curve = 0;
	s->secure_reneg = 0;
	s->closed = 0;
	s->closing = 0;
	s->chain.n = s->chain.kept = 0;
	s->chain.truncated = 0;

	if (sni != NULL && *sni != '\0' && !is_ip_literal(sni)) {
		n = strlen(sni);
		if (sni[n - 1] == '.')
			n--;		/* RFC 6066 3: no trailing dot */
		if (n > MX_NAME_MAX) {
			s->err = MX_E_LIMIT;
			return -1;
		}
		memcpy(name, sni, n);
		name[n] = '\0';
		if (n > 0)
			use = name;
	}

	br_ssl_client_zero(&s->cc);
	br_ssl_engine_set_versions(eng, BR_TLS10, BR_TLS12);
	br_ssl_engine_set_suites(eng, suites, sizeof suites / sizeof suites[0]);
	/*
	 * Implementations named, not BearSSL's "default" ones: those choose
	 * at run time (64-bit i62/ctmulq/ct64 code, else the portable one)
	 * and so link both, and they prefer constant-time AES, 3x the size
	 * of the table-based one.  A probe's session protects an EHLO and a
	 * QUIT: no secret a timing side channel could leak, while a router's
	 * flash wants the ~10 KB.  Every suite stays.
	 */
	br_ssl_client_set_rsapub(&s->cc, &br_rsa_i31_public);
	br_ssl_engine_set_rsavrfy(eng, &br_rsa_i31_pkcs1_vrfy);
	br_ssl_engine_set_ec(eng, &tls_ec);
	br_ssl_engine_set_ecdsa(eng, &br_ecdsa_i31_vrfy_asn1);
	for (id = br_md5_ID; id <= br_sha512_ID; id++)
		br_ssl_engine_set_hash(eng, id, hashes[id - 1]);
	br_ssl_engine_set_prf10(eng, &br_tls10_prf);
	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_cbc(eng, &br_sslrec_in_cbc_vtable,
	    &br_sslrec_out_cbc_vtable);
	br_ssl_engine_set_aes_cbc(eng, &br_aes_small_cbcenc_vtable,
	    &br_aes_small_cbcdec_vtable);
	br_ssl_engine_set_des_cbc(eng, &br_des_ct_cbcenc_vtable,
	    &br_des_ct_cbcdec_vtable);
	br_ssl_engine_set_gcm(eng, &br_sslrec_in_gcm_vtable,
	    &br_sslrec_out_gcm_vtable);
	br_ssl_engine_set_aes_ctr(eng, &br_aes_small_ctr_vtable);
	br_ssl_engine_set_ghash(eng, &br_ghash_ctmul);
	br_ssl_engine_set_ccm(eng, &br_sslrec_in_ccm_vtable,
	    &br_sslrec_out_ccm_vtable);
	br_ssl_engine_set_aes_ctrcbc(eng, &br_aes_small_ctrcbc_vtable);
	br_ssl_engine_set_chapol(eng, &br_sslrec_in_chapol_vtable,
	    &br_sslrec_out_chapol_vtable);
	br_ssl_engine_set_chacha20(eng, &br_chacha20_ct_run);
	br_ssl_engine_set_poly1305(eng, &br_poly1305_i15_run);

	s->rec.vtable = &rec_vtable;
	s->rec.chain = &s->chain;
	s->rec.keep = 0;
	s->rec.cur = 0;
	s->rec.leaf_ok = 0;
	br_ssl_engine_set_x509(eng, &s->rec.vtable);
	br_ssl_engine_set_buffer(eng, s->iobuf, sizeof s->iobuf, 0);
	if (seed != NULL && seedlen > 0)
		br_ssl_engine_inject_entropy(eng, seed, seedlen);

	if (!br_ssl_client_reset(&s->cc, use, 0)) {
		s->br_err = br_ssl_engine_last_error(eng);
		s->closed = 1;
		s->err = MX_E_TLS_HANDSHAKE;
		return -1;
	}
	return 0;
}

/* see tls.h */
enum tls_st
tls_state(struct tls_sess *s)
{
	observe(s);
	if (s->closed)
		return TLS_CLOSED;
	return s->done ? TLS_READY : TLS_HANDSHAKE;
}

/* see tls.h */
unsigned
tls_want(struct tls_sess *s)
{
	unsigned st, w = 0;

	observe(s);
	if (s->closed)
		return 0;
	st = br_ssl_engine_current_state(&s->cc.eng);
	if (st & BR_SSL_SENDREC)
		w |= TLS_WANT_WRITE;
	if (st & BR_SSL_RECVREC)
		w |= TLS_WANT_READ;
	return w;
}

/* see tls.h */
const unsigned char *
tls_out(struct tls_sess *s, size_t *len)
{
	if (s->closed) {
		*len = 0;
		return NULL;
	}
	return br_ssl_engine_sendrec_buf(&s->cc.eng, len);
}

/* see tls.h */
void
tls_out_ack(struct tls_sess *s, size_t n)
{
	if (s->closed || n == 0)
		return;
	br_ssl_engine_sendrec_ack(&s->cc.eng, n);
	observe(s);
}

/* see tls.h */
unsigned char *
tls_in(struct tls_sess *s, size_t *cap)
{
	if (s->closed) {
		*cap = 0;
		return NULL;
	}
	return br_ssl_engine_recvrec_buf(&s->cc.eng, cap);
}

/* see tls.h */
void
tls_in_ack(struct tls_sess *s, size_t n)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	const unsigned char *p;
	size_t cap;

	if (s->closed || n == 0)
		return;
	if (!s->got_bytes) {
		s->got_bytes = 1;
		/* Same pointer tls_in() gave: nothing was acked since. */
		p = br_ssl_engine_recvrec_buf(eng, &cap);
		if (p != NULL && (p[0] < 0x14 || p[0] > 0x17)) {
			s->plaintext = 1;
			close_with(s, BR_ERR_UNKNOWN_TYPE);
			return;
		}
	}
	br_ssl_engine_recvrec_ack(eng, n);
	observe(s);
}

/* see tls.h */
void
tls_in_eof(struct tls_sess *s)
{
	br_ssl_engine_context *eng = &s->cc.eng;

	observe(s);
	if (s->closed)
		return;
	if (s->done && (s->closing || eng->shutdown_recv))
		close_with(s, BR_ERR_OK);	/* an orderly end */
	else
		close_with(s, BR_ERR_IO);
}

/* see tls.h */
int
tls_app_write(struct tls_sess *s, const void *p, size_t len)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	const unsigned char *src = p;
	unsigned char *buf;
	size_t avail, k;

	observe(s);
	if (s->closed || !s->done)
		return -1;
	while (len > 0) {
		buf = br_ssl_engine_sendapp_buf(eng, &avail);
		if (buf == NULL)
			return -1;
		k = len < avail ? len : avail;
		memcpy(buf, src, k);
		br_ssl_engine_sendapp_ack(eng, k);
		src += k;
		len -= k;
		/* A full buffer makes a record; mono mode sends it first. */
		br_ssl_engine_flush(eng, 0);
	}
	observe(s);
	return 0;
}

/* see tls.h */
size_t
tls_app_read(struct tls_sess *s, unsigned char *buf, size_t cap)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	unsigned char *src;
	size_t got = 0, avail, k;

	/* Data decrypted before an EOF we noted is still handed out. */
	while (got < cap) {
		src = br_ssl_engine_recvapp_buf(eng, &avail);
		if (src == NULL)
			break;
		k = cap - got < avail ? cap - got : avail;
		memcpy(buf + got, src, k);
		br_ssl_engine_recvapp_ack(eng, k);
		got += k;
	}
	observe(s);
	return got;
}

/* see tls.h */
void
tls_close(struct tls_sess *s)
{
	if (s->closed)
		return;
	s->closing = 1;
	br_ssl_engine_close(&s->cc.eng);
	observe(s);
}
