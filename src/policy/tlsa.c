/*
 * tlsa.c -- DANE TLSA matching for SMTP (see tlsa.h).
 *
 * IMPLEMENTATION NOTES
 *
 * tlsa_verify() is four passes, no state machine:
 *   1. usability of each record (RFC 7672 3.1; RFC 6698 2.1.1-2.1.3 for
 *      the registries; a digest is as long as its hash's output);
 *   2. facts of each kept chain certificate (x509_parse: SPKI, names,
 *      dates; one static facts scratch reused), the leaf's name check
 *      against the reference identifiers (RFC 7672 3.2.2, wildcards as
 *      RFC 6125 through x509_host_match), and the path from the leaf up
 *      by issuer/subject DER equality (BearSSL's own notion of a name
 *      match, as in ca.c), each certificate used once;
 *   3. each usable record: DANE-EE(3) against chain[0] only (RFC 7672
 *      3.1.1); DANE-TA(2) against chain[1..], and for each certificate it
 *      matches, the path prefix up to the certificate that certificate
 *      issued goes through br_x509_minimal with the match as the only
 *      trust anchor (RFC 7672 3.1.2, RFC 7671 5.2); then the dates at now
 *      and the leaf's name.  Without a match, "2 0 0" and "2 1 0"
 *      records anchor with their own data;
 *   4. the verdict and rollover readiness.
 *
 * br_x509_minimal checks dates against one instant and stops at the first
 * problem; to tell a bad path from bad dates, the path is validated at its
 * latest notBefore (as ca_verify does, "dates aside") and the dates are
 * then checked at now from x509_parse's facts.  If even that instant fails
 * on dates, no instant can make the path valid: certificate-expired.
 *
 * Scratch (x509 facts, X.509 decoder, chain facts: ~5 KB) is static, so
 * the function is not reentrant, which suits the single-threaded audit.
 */
#include <stddef.h>
#include <string.h>
#include <bearssl.h>
#include "mxprobe/cur.h"
#include "mxprobe/date.h"
#include "mxprobe/der.h"
#include "mxprobe/tlsa.h"
#include "mxprobe/x509.h"

/* One trust anchor to try: a name and a key, and its dates if a cert. */
struct anchor {
	const unsigned char	*dn;
	size_t			 dnlen;
	br_x509_pkey		 pk;
	const struct tlsa_cinfo	*cert;		/* NULL: a bare key */
};

static const char *const use_str[TLSA_U__COUNT] = {
	[TLSA_USABLE] = "usable",
	[TLSA_U_PKIX] = "usage-pkix-unusable",
	[TLSA_U_USAGE] = "usage-unknown",
	[TLSA_U_SELECTOR] = "selector-unknown",
	[TLSA_U_MTYPE] = "mtype-unknown",
	[TLSA_U_LENGTH] = "data-length",
};

static const char *const fail_str[TLSA_F__COUNT] = {
	[TLSA_F_NONE] = NULL,
	[TLSA_F_INVALID] = "tlsa-invalid",
	[TLSA_F_VALIDATION] = "validation-failure",
	[TLSA_F_HOST] = "certificate-host-mismatch",
	[TLSA_F_EXPIRED] = "certificate-expired",
};

/* see tlsa.h */
const char *
tlsa_use_str(enum tlsa_use u)
{
	return (unsigned)u < TLSA_U__COUNT ? use_str[u] : "unknown";
}

/* see tlsa.h */
const char *
tlsa_fail_str(enum tlsa_fail f)
{
	return (unsigned)f < TLSA_F__COUNT ? fail_str[f] : NULL;
}

static char *
put_u8(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* see tlsa.h */
void
tlsa_text(const struct dnsmsg_tlsa *t, char buf[TLSA_TEXT_MAX])
{
	char *p = buf;

	p = put_u8(p, t->usage);
	*p++ = ' ';
	p = put_u8(p, t->selector);
	*p++ = ' ';
	p = put_u8(p, t->mtype);
	*p = '\0';
}

/* see tlsa.h */
enum tlsa_use
tlsa_usable(const struct dnsmsg_tlsa *t)
{
	if (t->usage == TLSA_PKIX_TA || t->usage == TLSA_PKIX_EE)
		return TLSA_U_PKIX;
	if (t->usage > TLSA_DANE_EE)
		return TLSA_U_USAGE;
	if (t->selector > TLSA_SEL_SPKI)
		return TLSA_U_SELECTOR;
	switch (t->mtype) {
	case TLSA_MT_FULL:
		return t->dlen == 0 ? TLSA_U_LENGTH : TLSA_USABLE;
	case TLSA_MT_SHA256:
		return t->dlen == 32 ? TLSA_USABLE : TLSA_U_LENGTH;
	case TLSA_MT_SHA512:
		return t->dlen == 64 ? TLSA_USABLE : TLSA_U_LENGTH;
	default:
		return TLSA_U_MTYPE;
	}
}

/* 1 if t's data is the selected part of certificate c. */
static int
rec_match(const struct dnsmsg_tlsa *t, const struct tlsa_cinfo *c)
{
	br_sha256_context h256;
	br_sha512_context h512;
	unsigned char h[64];
	const unsigned char *p;
	size_t len;

	if (t->selector == TLSA_SEL_CERT) {
		p = c->der;
		len = c->len;
	} else if (c->ok) {
		p = c->spki;
		len = c->spki_len;
	} else
		return 0;	/* no SPKI of an unreadable certificate */
	switch (t->mtype) {
	case TLSA_MT_FULL:
		return t->dlen == len && memcmp(t->data, p, len) == 0;
	case TLSA_MT_SHA256:
		br_sha256_init(&h256);
		br_sha256_update(&h256, p, len);
		br_sha256_out(&h256, h);
		return t->dlen == 32 && memcmp(t->data, h, 32) == 0;
	case TLSA_MT_SHA512:
		br_sha512_init(&h512);
		br_sha512_update(&h512, p, len);
		br_sha512_out(&h512, h);
		return t->dlen == 64 && memcmp(t->data, h, 64) == 0;
	default:
		return 0;
	}
}

/* Parses der into *c (S->f is left holding its facts). */
static void
cinfo_fill(struct tlsa_scratch *S, struct tlsa_cinfo *c,
    const unsigned char *der, size_t len)
{
	memset(c, 0, sizeof *c);
	c->der = der;
	c->len = len;
	if (x509_parse(der, len, &S->f, NULL) != 0)
		return;
	c->ok = 1;
	c->spki = S->f.spki_der;
	c->spki_len = S->f.spki_der_len;
	c->subj = S->f.subject_der;
	c->subj_len = S->f.subject_der_len;
	c->iss = S->f.issuer_der;
	c->iss_len = S->f.issuer_der_len;
	c->nb = S->f.not_before;
	c->na = S->f.not_after;
}

static int
name_eq(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/*
 * The path from the leaf: each next element the first unused certificate
 * whose subject is the current one's issuer, until a self-issued one or
 * none.  Returns its length (>= 1); path[] holds chain indexes.
 */
static unsigned
build_path(struct tlsa_scratch *S, unsigned kept, unsigned char *path)
{
	unsigned char used[MX_CHAIN_MAX];
	unsigned np = 1, cur = 0, j;
	const struct tlsa_cinfo *c;

	memset(used, 0, sizeof used);
	used[0] = 1;
	path[0] = 0;
	for (;;) {
		c = &S->ci[cur];
		if (!c->ok || name_eq(c->iss, c->iss_len, c->subj, c->subj_len))
			break;
		for (j = 1; j < kept; j++)
			if (!used[j] && S->ci[j].ok && name_eq(c->iss,
			    c->iss_len, S->ci[j].subj, S->ci[j].subj_len))
				break;
		if (j >= kept)
			break;
		used[j] = 1;
		path[np++] = (unsigned char)j;
		cur = j;
	}
	return np;
}

/*
 * Validates chain certificates path[0..np) with a as the only anchor;
 * then dates at now (the path and a's certificate) and the leaf's name.
 * Returns TLSA_F_NONE when all hold.
 */
static enum tlsa_fail
try_anchor(struct tlsa_scratch *S, const struct tls_chain *ch,
    const unsigned char *path, unsigned np, const struct anchor *a,
    int name_ok, int64_t now, int *br_err)
{
	static const br_hash_class *const hashes[] = {
		&br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
		&br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
	};
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	br_x509_trust_anchor ta;
	const struct tlsa_cinfo *c;
	int64_t t = INT64_MIN;
	uint32_t days, secs;
	unsigned k, r;
	int id;

	for (k = 0; k < np; k++)
		if (S->ci[path[k]].ok && S->ci[path[k]].nb > t)
			t = S->ci[path[k]].nb;
	date_to_bearssl(t == INT64_MIN ? now : t, &days, &secs);

	memset(&ta, 0, sizeof ta);
	ta.dn.data = (unsigned char *)(uintptr_t)a->dn;
	ta.dn.len = a->dnlen;
	ta.flags = BR_X509_TA_CA;
	ta.pkey = a->pk;
	br_x509_minimal_init(&xc, &br_sha256_vtable, &ta, 1);
	/* the implementations of tls.c, so no second set is linked */
	br_x509_minimal_set_rsa(&xc, &br_rsa_i31_pkcs1_vrfy);
	br_x509_minimal_set_ecdsa(&xc, &tls_ec, &br_ecdsa_i31_vrfy_asn1);
	for (id = br_md5_ID; id <= br_sha512_ID; id++)
		br_x509_minimal_set_hash(&xc, id, hashes[id - 1]);
	br_x509_minimal_set_time(&xc, days, secs);
	(*vt)->start_chain(vt, NULL);
	for (k = 0; k < np; k++) {
		(*vt)->start_cert(vt, (uint32_t)ch->len[path[k]]);
		(*vt)->append(vt, ch->arena + ch->off[path[k]],
		    ch->len[path[k]]);
		(*vt)->end_cert(vt);
	}
	r = (*vt)->end_chain(vt);
	*br_err = (int)r;
	if (r == BR_ERR_X509_EXPIRED)
		return TLSA_F_EXPIRED;	/* no instant is valid for all */
	if (r != BR_ERR_OK)
		return TLSA_F_VALIDATION;
	for (k = 0; k <= np; k++) {
		c = k < np ? &S->ci[path[k]] : a->cert;
		if (c != NULL && (now < c->nb || now > c->na))
			return TLSA_F_EXPIRED;
	}
	return name_ok ? TLSA_F_NONE : TLSA_F_HOST;
}

/* How close an outcome came: lower is better. */
static int
rank(enum tlsa_fail f)
{
	switch (f) {
	case TLSA_F_NONE:
		return 0;
	case TLSA_F_HOST:
		return 1;
	case TLSA_F_EXPIRED:
		return 2;
	default:
		return 3;
	}
}

/* Keeps the better of the record's outcome so far and (f, br_err). */
static void
better(struct tlsa_rec_verdict *rv, int *tried, enum tlsa_fail f, int br_err)
{
	if (!*tried || rank(f) < rank(rv->fail)) {
		rv->fail = f;
		rv->br_err = f == TLSA_F_VALIDATION ||
		    f == TLSA_F_EXPIRED ? br_err : 0;
	}
	*tried = 1;
}

/* ---- a bare SubjectPublicKeyInfo ("2 1 0") ---------------------------- */

/* A positive INTEGER's magnitude, leading zeros stripped. */
static int
der_uint(struct rd *r, const unsigned char **p, size_t *len)
{
	struct rd v;

	if (der_get(r, DER_INT, &v) || rd_left(&v) == 0 || (v.p[v.off] & 0x80))
		return -1;
	while (rd_left(&v) > 1 && v.p[v.off] == 0)
		v.off++;
	*len = rd_left(&v);
	return rd_bytes(&v, *len, p);
}

static int
oid_is(const struct rd *o, const unsigned char *want, size_t len)
{
	return rd_left(o) == len && memcmp(o->p + o->off, want, len) == 0;
}

/*
 * Decodes an RSA or EC (P-256, P-384, P-521) SubjectPublicKeyInfo into
 * *pk, pointing into p.  0, or -1 if it is anything else.
 */
static int
spki_key(const unsigned char *p, size_t len, br_x509_pkey *pk)
{
	static const unsigned char rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7,
		0x0d, 0x01, 0x01, 0x01 };
	static const unsigned char ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d,
		0x02, 0x01 };
	static const unsigned char p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d,
		0x03, 0x01, 0x07 };
	static const unsigned char p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
	static const unsigned char p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };
	struct rd r, spki, alg, oid, par, bits, key;
	const unsigned char *n, *e;
	uint8_t unused;

	rd_init(&r, p, len);
	if (der_get(&r, DER_SEQ, &spki) || rd_left(&r) != 0 ||
	    der_get(&spki, DER_SEQ, &alg) || der_get(&alg, DER_OID, &oid) ||
	    der_get(&spki, DER_BITS, &bits) || rd_left(&spki) != 0 ||
	    rd_u8(&bits, &unused) || unused != 0)
		return -1;
	memset(pk, 0, sizeof *pk);
	if (oid_is(&oid, rsa, sizeof rsa)) {
		pk->key_type = BR_KEYTYPE_RSA;
		if (der_get(&bits, DER_SEQ, &key) ||
		    der_uint(&key, &n, &pk->key.rsa.nlen) ||
		    der_uint(&key, &e, &pk->key.rsa.elen) ||
		    rd_left(&key) != 0 || rd_left(&bits) != 0)
			return -1;
		/* BearSSL's key structs are not const; it never writes */
		pk->key.rsa.n = (unsigned char *)(uintptr_t)n;
		pk->key.rsa.e = (unsigned char *)(uintptr_t)e;
		return 0;
	}
	if (!oid_is(&oid, ec, sizeof ec) || der_get(&alg, DER_OID, &par))
		return -1;
	pk->key_type = BR_KEYTYPE_EC;
	if (oid_is(&par, p256, sizeof p256))
		pk->key.ec.curve = BR_EC_secp256r1;
	else if (oid_is(&par, p384, sizeof p384))
		pk->key.ec.curve = BR_EC_secp384r1;
	else if (oid_is(&par, p521, sizeof p521))
		pk->key.ec.curve = BR_EC_secp521r1;
	else
		return -1;
	pk->key.ec.qlen = rd_left(&bits);
	if (pk->key.ec.qlen == 0)
		return -1;
	pk->key.ec.q = (unsigned char *)(uintptr_t)(bits.p + bits.off);
	return 0;
}

/* ---- one record ------------------------------------------------------- */

/* The key of certificate der, decoded into S->dec; -1 and *br_err if not. */
static int
cert_key(struct tlsa_scratch *S, const unsigned char *der, size_t len,
    br_x509_pkey *pk, int *br_err)
{
	const br_x509_pkey *k;

	br_x509_decoder_init(&S->dec, NULL, NULL);
	br_x509_decoder_push(&S->dec, der, len);
	k = br_x509_decoder_get_pkey(&S->dec);
	if (k == NULL) {
		*br_err = br_x509_decoder_last_error(&S->dec);
		return -1;
	}
	*pk = *k;		/* points into S->dec, which outlives its use */
	return 0;
}

/*
 * Anchor a (certificate c, named by its subject): validates the path
 * prefix up to the certificate c issued.
 */
static enum tlsa_fail
try_cert_anchor(struct tlsa_scratch *S, const struct tls_chain *ch,
    const unsigned char *path, unsigned np, const struct tlsa_cinfo *c,
    int name_ok, int64_t now, int *br_err)
{
	struct anchor a;
	unsigned d;

	*br_err = 0;
	if (!c->ok)
		return TLSA_F_VALIDATION;
	for (d = 0; d < np; d++)
		if (S->ci[path[d]].ok && name_eq(S->ci[path[d]].iss,
		    S->ci[path[d]].iss_len, c->subj, c->subj_len))
			break;
	if (d == np) {
		/* it issued nothing on the leaf's path */
		*br_err = BR_ERR_X509_NOT_TRUSTED;
		return TLSA_F_VALIDATION;
	}
	if (cert_key(S, c->der, c->len, &a.pk, br_err))
		return TLSA_F_VALIDATION;
	a.dn = c->subj;
	a.dnlen = c->subj_len;
	a.cert = c;
	return try_anchor(S, ch, path, d + 1, &a, name_ok, now, br_err);
}

/* DANE-TA record t (see tlsa.h); fills rv. */
static void
judge_ta(struct tlsa_scratch *S, const struct dnsmsg_tlsa *t,
    const struct tls_chain *ch, unsigned kept, const unsigned char *path,
    unsigned np, int name_ok, int64_t now, struct tlsa_rec_verdict *rv,
    int *ta_leaf)
{
	struct anchor a;
	enum tlsa_fail f;
	unsigned i, d;
	int tried = 0, e = 0, leaf;

	leaf = rec_match(t, &S->ci[0]);
	for (i = 1; i < kept && rv->fail != TLSA_F_NONE; i++) {
		if (!rec_match(t, &S->ci[i]))
			continue;
		if (rv->depth < 0)
			rv->depth = (int)i;
		f = try_cert_anchor(S, ch, path, np, &S->ci[i], name_ok, now,
		    &e);
		better(rv, &tried, f, e);
	}
	if (rv->depth < 0 && leaf) {
		/* a TA record pinning the leaf: not used (tlsa.h) */
		rv->depth = 0;
		*ta_leaf = 1;
	}
	if (rv->depth >= 0 || t->mtype != TLSA_MT_FULL)
		goto out;
	if (t->selector == TLSA_SEL_CERT) {
		/* the anchor certificate itself, not sent by the server */
		cinfo_fill(S, &S->rec, t->data, t->dlen);
		if (S->rec.ok) {
			f = try_cert_anchor(S, ch, path, np, &S->rec, name_ok,
			    now, &e);
			better(rv, &tried, f, e);
			rv->from_record = 1;
		}
	} else if (spki_key(t->data, t->dlen, &a.pk) == 0) {
		/* a bare key: the issuer of any certificate of the path */
		a.cert = NULL;
		rv->from_record = 1;
		for (d = 0; d < np && rv->fail != TLSA_F_NONE; d++) {
			if (!S->ci[path[d]].ok)
				break;
			a.dn = S->ci[path[d]].iss;
			a.dnlen = S->ci[path[d]].iss_len;
			f = try_anchor(S, ch, path, d + 1, &a, name_ok, now,
			    &e);
			better(rv, &tried, f, e);
		}
	}
out:
	if (!tried) {
		rv->fail = TLSA_F_NONE;
		rv->from_record = 0;
	} else
		rv->ok = rv->fail == TLSA_F_NONE;
}

/* 1 if records a and b carry the same data the same way. */
static int
same_data(const struct dnsmsg_tlsa *a, const struct dnsmsg_tlsa *b)
{
	return a->selector == b->selector && a->mtype == b->mtype &&
	    a->dlen == b->dlen && (a->dlen == 0 ||
	    memcmp(a->data, b->data, a->dlen) == 0);
}

/* Rollover readiness (tlsa.h): two groups of usable records or more. */
static int
rollover(const struct dnsmsg_tlsa *recs, const struct tlsa_verdict *v)
{
	unsigned i, j, groups = 0;
	const struct tlsa_rec_verdict *a, *b;

	for (i = 0; i < v->n; i++) {
		a = &v->rec[i];
		if (a->use != TLSA_USABLE)
			continue;
		for (j = 0; j < i; j++) {
			b = &v->rec[j];
			if (b->use != TLSA_USABLE)
				continue;
			if (a->depth >= 0 ? a->depth == b->depth :
			    b->depth < 0 && same_data(&recs[i], &recs[j]))
				break;
		}
		if (j == i)
			groups++;
	}
	return groups >= 2;
}

/* see tlsa.h */
void
tlsa_verify(const struct dnsmsg_tlsa *recs, unsigned n,
    const struct tls_chain *chain, const char *const *names,
    unsigned nnames, int64_t now, struct tlsa_verdict *v)
{
	struct tlsa_scratch *S = &v->scratch;
	unsigned char path[MX_CHAIN_MAX];
	struct tlsa_rec_verdict *rv;
	unsigned i, np = 0, kept;
	int name_ok = 0, best = -1;

	/* not the scratch: pass 2 fills each entry before anything reads it */
	memset(v, 0, offsetof(struct tlsa_verdict, scratch));
	v->match = -1;
	v->match_depth = -1;
	if (n > MX_TLSA_MAX) {
		v->truncated = 1;
		n = MX_TLSA_MAX;
	}
	v->n = n;
	for (i = 0; i < n; i++) {
		rv = &v->rec[i];
		rv->use = tlsa_usable(&recs[i]);
		rv->depth = -1;
		rv->fail = TLSA_F_VALIDATION;	/* until something works */
		if (rv->use == TLSA_USABLE)
			v->usable++;
	}
	if (n == 0) {
		v->result = TLSA_NONE;
		return;
	}
	if (v->usable == 0) {
		for (i = 0; i < n; i++)
			v->rec[i].fail = TLSA_F_NONE;
		v->result = TLSA_UNUSABLE;
		v->fail = TLSA_F_INVALID;
		return;
	}
	kept = chain == NULL ? 0 : chain->kept;
	if (kept > MX_CHAIN_MAX)
		kept = MX_CHAIN_MAX;
	if (chain != NULL)
		v->chain_truncated = chain->truncated;
	if (kept == 0) {
		for (i = 0; i < n; i++)
			v->rec[i].fail = TLSA_F_NONE;
		v->result = TLSA_NO_CHAIN;
		v->rollover = rollover(recs, v);
		return;
	}

	/* pass 2: the leaf first, so S->f holds it for the name check */
	for (i = 0; i < kept; i++) {
		cinfo_fill(S, &S->ci[i], chain->arena + chain->off[i],
		    chain->len[i]);
		if (i == 0 && S->ci[0].ok) {
			unsigned k;

			for (k = 0; k < nnames && !name_ok; k++)
				name_ok = names[k] != NULL &&
				    x509_host_match(&S->f, names[k]);
		}
	}
	np = build_path(S, kept, path);

	/* pass 3 */
	for (i = 0; i < n; i++) {
		rv = &v->rec[i];
		if (rv->use != TLSA_USABLE) {
			rv->fail = TLSA_F_NONE;
			continue;
		}
		if (recs[i].usage == TLSA_DANE_EE) {
			rv->fail = TLSA_F_NONE;
			if (rec_match(&recs[i], &S->ci[0])) {
				rv->depth = 0;
				rv->ok = 1;
			}
		} else
			judge_ta(S, &recs[i], chain, kept, path, np, name_ok,
			    now, rv, &v->ta_leaf);
	}

	/* pass 4: DANE-EE first (the narrower pin), then answer order */
	for (i = 0; i < n; i++) {
		rv = &v->rec[i];
		if (rv->ok && (v->match < 0 || (recs[i].usage == TLSA_DANE_EE &&
		    recs[v->match].usage != TLSA_DANE_EE))) {
			v->result = TLSA_OK;
			v->match = (int)i;
		}
		if (rv->use == TLSA_USABLE && rv->fail != TLSA_F_NONE &&
		    (best < 0 || rank(rv->fail) < rank(v->rec[best].fail)))
			best = (int)i;
	}
	if (v->match >= 0) {
		rv = &v->rec[v->match];
		tlsa_text(&recs[v->match], v->match_text);
		v->match_depth = rv->from_record ? -1 : rv->depth;
	}
	if (v->result != TLSA_OK) {
		v->result = TLSA_FAIL;
		v->fail = best < 0 ? TLSA_F_VALIDATION : v->rec[best].fail;
		v->br_err = best < 0 ? 0 : v->rec[best].br_err;
	}
	v->rollover = rollover(recs, v);
}
