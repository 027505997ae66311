/*
 * ca.c -- the CA bundle (lazy anchors) and offline chain validation
 * (see ca.h).
 *
 * IMPLEMENTATION NOTES
 *
 * ca_load() is one pass over the bundle file, with no state machine of its
 * own: read(2) MX_CA_READ_CHUNK bytes -> pem_feed() (pem.c, hand-written
 * base64) -> for each certificate, a DER walk (RFC 5280 4.1: Certificate
 * -> tbsCertificate -> [0] version? -> serialNumber -> signature -> issuer
 * -> validity -> subject) yields the subject Name's bytes, compared with
 * memcmp to the issuer Names of the recorded chain.  Only an equal subject
 * is given to br_x509_decoder and becomes a br_x509_trust_anchor whose DN
 * and key bytes are copied into cs->arena.  This keeps BearSSL's
 * interpreted decoders (~1,000 instructions per PEM byte, callgrind) off
 * the 140-odd certificates that cannot matter.  BearSSL's validator
 * compares names by hashing their encoded bytes, so byte equality here is
 * exactly its notion of "same name": no anchor it could use is missed.
 *
 * ca_verify() is br_ssl_client_init_full's X.509 set-up (br_x509_minimal,
 * SHA-256 DN hashes, default RSA/ECDSA verifiers, MD5..SHA-512) run over
 * the recorded chain with no server name.  Dates are set aside by choosing
 * the validation instant: the latest notBefore of the chain (read by the
 * same DER walk; UTCTime years < 50 are 20xx, RFC 5280 4.1.2.5.1), the
 * earliest instant at which every certificate has started; if one has
 * also ended by then, no instant makes the chain valid and "expired" is
 * the honest answer.
 *
 * Chain order (ca_verify): RFC 5246 7.4.2 wants each certificate certified
 * by the next; BearSSL checks exactly that (DN_MISMATCH) and builds no
 * path, while OpenSSL-based senders do.  So the order is judged on the
 * DER Names (the same bytes BearSSL hashes), and an out-of-order chain is
 * validated as the path a path-building sender would find: leaf first,
 * then repeatedly the first unused certificate named by the current
 * issuer.  At most MX_CHAIN_MAX steps, each a scan of MX_CHAIN_MAX.
 *
 * Scratch (PEM reader, read buffer, decoder: ~13.5 KB) is static: ca_load
 * is not reentrant, which suits the single-threaded poll loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "mxprobe/ca.h"
#include "mxprobe/cur.h"
#include "mxprobe/date.h"
#include "mxprobe/der.h"
#include "mxprobe/pem.h"

_Static_assert(sizeof(struct ca_store) <= CA_STORE_SIZE_MAX,
    "struct ca_store outgrew CA_STORE_SIZE_MAX (ca.h)");

/* What the walk finds in one certificate; pointers into its DER. */
struct cert_pos {
	const unsigned char	*issuer, *subject;	/* Name TLVs */
	size_t			 ilen, slen;
	int			 nb_ok;		/* notBefore parsed */
	uint32_t		 nb_days, nb_secs;	/* BearSSL epoch */
};

/* A chain issuer Name to look for. */
struct want {
	const unsigned char	*p;
	size_t			 len;
};

/* n decimal digits at p, or -1. */
static int
digits(const unsigned char *p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* Parses a UTCTime / GeneralizedTime "...Z" (RFC 5280 4.1.2.5). */
static int
der_time(unsigned tag, const struct rd *v, uint32_t *days, uint32_t *secs)
{
	const unsigned char *p = v->p + v->off;
	size_t n = rd_left(v);
	int y, mo, d, h, mi, s;

	if (tag == 0x17 && n == 13 && p[12] == 'Z') {
		y = digits(p, 2);
		if (y < 0)
			return -1;
		y += y < 50 ? 2000 : 1900;
		p += 2;
	} else if (tag == 0x18 && n == 15 && p[14] == 'Z') {
		y = digits(p, 4);
		p += 4;
	} else
		return -1;
	mo = digits(p, 2);
	d = digits(p + 2, 2);
	h = digits(p + 4, 2);
	mi = digits(p + 6, 2);
	s = digits(p + 8, 2);
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return -1;
	*days = (uint32_t)(date_days_from_civil(y, (unsigned)mo,
	    (unsigned)d) + DATE_BEARSSL_EPOCH);
	*secs = (uint32_t)(h * 3600 + mi * 60 + s);
	return 0;
}

/* The walk of the notes above; 0 with *cp filled, -1 if malformed. */
static int
cert_walk(const unsigned char *der, size_t len, struct cert_pos *cp)
{
	struct rd r, cert, tbs, skip, validity, tm;
	unsigned tag;

	cp->nb_ok = 0;
	rd_init(&r, der, len);
	if (der_get(&r, DER_SEQ, &cert) || der_get(&cert, DER_SEQ, &tbs))
		return -1;
	if (der_peek(&tbs) == 0xa0 && der_get(&tbs, 0xa0, &skip))
		return -1;
	if (der_get(&tbs, DER_INT, &skip) || der_get(&tbs, DER_SEQ, &skip) ||
	    der_tlv(&tbs, &tag, &skip, &cp->issuer, &cp->ilen) ||
	    tag != DER_SEQ || der_get(&tbs, DER_SEQ, &validity) ||
	    der_tlv(&tbs, &tag, &skip, &cp->subject, &cp->slen) ||
	    tag != DER_SEQ)
		return -1;
	if (der_tlv(&validity, &tag, &tm, NULL, NULL) == 0 &&
	    der_time(tag, &tm, &cp->nb_days, &cp->nb_secs) == 0)
		cp->nb_ok = 1;
	return 0;
}

/* Copies k into the arena as ta's key; -1 if it does not fit. */
static int
copy_key(struct ca_store *cs, br_x509_pkey *dst, const br_x509_pkey *k,
    size_t room)
{
	unsigned char *a = cs->arena + cs->used;

	dst->key_type = k->key_type;
	switch (k->key_type) {
	case BR_KEYTYPE_RSA:
		if (k->key.rsa.nlen + k->key.rsa.elen > room)
			return -1;
		memcpy(a, k->key.rsa.n, k->key.rsa.nlen);
		memcpy(a + k->key.rsa.nlen, k->key.rsa.e, k->key.rsa.elen);
		dst->key.rsa.n = a;
		dst->key.rsa.nlen = k->key.rsa.nlen;
		dst->key.rsa.e = a + k->key.rsa.nlen;
		dst->key.rsa.elen = k->key.rsa.elen;
		cs->used += k->key.rsa.nlen + k->key.rsa.elen;
		return 0;
	case BR_KEYTYPE_EC:
		if (k->key.ec.qlen > room)
			return -1;
		memcpy(a, k->key.ec.q, k->key.ec.qlen);
		dst->key.ec.curve = k->key.ec.curve;
		dst->key.ec.q = a;
		dst->key.ec.qlen = k->key.ec.qlen;
		cs->used += k->key.ec.qlen;
		return 0;
	default:
		return -1;
	}
}

/* Decodes der fully and keeps it as an anchor named by its subject. */
static void
add_anchor(struct ca_store *cs, const unsigned char *der, size_t len,
    const struct cert_pos *cp)
{
	br_x509_decoder_context *dec = &cs->scratch.dec;
	br_x509_trust_anchor *ta;
	const br_x509_pkey *k;
	size_t save = cs->used;

	if (cs->nta >= MX_TA_MAX) {
		cs->truncated = 1;
		return;
	}
	br_x509_decoder_init(dec, NULL, NULL);
	br_x509_decoder_push(dec, der, len);
	k = br_x509_decoder_get_pkey(dec);
	if (k == NULL) {
		cs->bad_anchor++;
		return;
	}
	ta = &cs->ta[cs->nta];
	if (cp->slen > sizeof cs->arena - cs->used) {
		cs->truncated = 1;
		return;
	}
	memcpy(cs->arena + cs->used, cp->subject, cp->slen);
	ta->dn.data = cs->arena + cs->used;
	ta->dn.len = cp->slen;
	cs->used += cp->slen;
	if (copy_key(cs, &ta->pkey, k, sizeof cs->arena - cs->used)) {
		cs->used = save;
		if (k->key_type == BR_KEYTYPE_RSA ||
		    k->key_type == BR_KEYTYPE_EC)
			cs->truncated = 1;
		else
			cs->bad_anchor++;
		return;
	}
	ta->flags = br_x509_decoder_isCA(dec) ? BR_X509_TA_CA : 0;
	cs->nta++;
}

/* see ca.h */
int
ca_load(struct ca_store *cs, const char *path,
    const struct tls_chain *chain, int *sys_errno)
{
	struct pem_rd *pem = &cs->scratch.pem;
	struct want iss[MX_CHAIN_MAX];
	struct cert_pos cp;
	unsigned niss = 0, i, j;
	size_t off, used;
	ssize_t n;
	int fd, e;

	cs->count = cs->skipped = cs->nta = 0;
	cs->truncated = 0;
	cs->used = 0;
	cs->matched = cs->bad_anchor = 0;

	for (i = 0; chain != NULL && i < chain->kept && i < MX_CHAIN_MAX; i++) {
		if (cert_walk(chain->arena + chain->off[i], chain->len[i], &cp))
			continue;
		for (j = 0; j < niss; j++)
			if (iss[j].len == cp.ilen &&
			    memcmp(iss[j].p, cp.issuer, cp.ilen) == 0)
				break;
		if (j == niss) {
			iss[niss].p = cp.issuer;
			iss[niss].len = cp.ilen;
			niss++;
		}
	}

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*sys_errno = errno;
		return -1;
	}
	pem_init(pem);
	for (;;) {
		n = read(fd, cs->scratch.buf, sizeof cs->scratch.buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			cs->skipped = pem->skipped;
			*sys_errno = e;
			return -1;
		}
		if (n == 0)
			break;
		for (off = 0; off < (size_t)n; off += used) {
			if (!pem_feed(pem, cs->scratch.buf + off, (size_t)n - off,
			    &used))
				break;
			cs->count++;
			if (niss == 0 ||
			    cert_walk(pem->der, pem->der_len, &cp) != 0)
				continue;
			for (j = 0; j < niss; j++)
				if (iss[j].len == cp.slen &&
				    memcmp(iss[j].p, cp.subject, cp.slen) == 0)
					break;
			if (j < niss) {
				cs->matched++;
				add_anchor(cs, pem->der, pem->der_len, &cp);
			}
		}
	}
	close(fd);
	cs->skipped = pem->skipped;
	return 0;
}

static int
dn_eq(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/*
 * Order, path and completeness of the chain (see ca.h) into v; pos[i] is
 * certificate i's walk, ok[i] whether it walked.
 */
static void
chain_diag(const struct ca_store *cs, const struct tls_chain *chain,
    const struct cert_pos *pos, const int *ok, struct ca_verdict *v)
{
	unsigned i, j, cur = 0, n = chain->kept;
	unsigned char used[MX_CHAIN_MAX];

	for (i = 0; i + 1 < n; i++)
		if (ok[i] && ok[i + 1] && !dn_eq(pos[i].issuer, pos[i].ilen,
		    pos[i + 1].subject, pos[i + 1].slen))
			v->order_wrong = 1;
	for (i = 0; i < n; i++)
		v->path[i] = (unsigned char)i;
	v->npath = n;
	if (v->order_wrong) {
		v->reordered = 1;
		memset(used, 0, sizeof used);
		used[0] = 1;
		v->npath = 1;
		while (ok[cur] && !dn_eq(pos[cur].issuer, pos[cur].ilen,
		    pos[cur].subject, pos[cur].slen)) {
			for (j = 0; j < n; j++)
				if (!used[j] && ok[j] && dn_eq(pos[cur].issuer,
				    pos[cur].ilen, pos[j].subject, pos[j].slen))
					break;
			if (j == n)
				break;
			used[j] = 1;
			v->path[v->npath++] = (unsigned char)j;
			cur = j;
		}
	}
	if (!ok[0] || cs->truncated || chain->truncated ||
	    dn_eq(pos[0].issuer, pos[0].ilen, pos[0].subject, pos[0].slen))
		return;
	for (j = 1; j < n; j++)
		if (ok[j] && dn_eq(pos[0].issuer, pos[0].ilen, pos[j].subject,
		    pos[j].slen))
			return;
	for (j = 0; j < cs->nta; j++)
		if (dn_eq(pos[0].issuer, pos[0].ilen, cs->ta[j].dn.data,
		    cs->ta[j].dn.len))
			return;
	v->incomplete = 1;
}

/* see ca.h */
void
ca_verify(const struct ca_store *cs, const struct tls_chain *chain,
    struct ca_verdict *v)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	struct cert_pos pos[MX_CHAIN_MAX], *cp;
	int ok[MX_CHAIN_MAX];
	unsigned i, k;
	unsigned r;
	int id, have = 0;
	static const br_hash_class *const hashes[] = {
		&br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
		&br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
	};

	memset(v, 0, sizeof *v);
	v->chain_truncated = chain->truncated;
	v->ca_truncated = cs->truncated;
	if (chain->kept == 0) {
		v->br_err = BR_ERR_X509_EMPTY_CHAIN;
		v->reason = ca_reason_str(v->br_err);
		return;
	}
	for (i = 0; i < chain->kept; i++)
		ok[i] = cert_walk(chain->arena + chain->off[i], chain->len[i],
		    &pos[i]) == 0;
	chain_diag(cs, chain, pos, ok, v);
	/* Unix epoch if no notBefore parses; BearSSL then fails on decoding. */
	v->days = DATE_BEARSSL_EPOCH;
	for (k = 0; k < v->npath; k++) {
		cp = &pos[v->path[k]];
		if (!ok[v->path[k]] || !cp->nb_ok)
			continue;
		if (!have || cp->nb_days > v->days ||
		    (cp->nb_days == v->days && cp->nb_secs > v->seconds)) {
			v->days = cp->nb_days;
			v->seconds = cp->nb_secs;
			have = 1;
		}
	}

	br_x509_minimal_init(&xc, &br_sha256_vtable, cs->ta, cs->nta);
	br_x509_minimal_set_rsa(&xc, &br_rsa_i31_pkcs1_vrfy);	/* tls.c */
	br_x509_minimal_set_ecdsa(&xc, &tls_ec, &br_ecdsa_i31_vrfy_asn1);
	for (id = br_md5_ID; id <= br_sha512_ID; id++)
		br_x509_minimal_set_hash(&xc, id, hashes[id - 1]);
	br_x509_minimal_set_time(&xc, v->days, v->seconds);

	(*vt)->start_chain(vt, NULL);
	for (k = 0; k < v->npath; k++) {
		i = v->path[k];
		(*vt)->start_cert(vt, (uint32_t)chain->len[i]);
		(*vt)->append(vt, chain->arena + chain->off[i], chain->len[i]);
		(*vt)->end_cert(vt);
	}
	r = (*vt)->end_chain(vt);

	v->trusted = r == BR_ERR_OK;
	v->br_err = (int)r;
	v->reason = ca_reason_str(v->br_err);
	if (!v->trusted && chain->truncated)
		v->reason = "chain-truncated";
	else if (!v->trusted && cs->truncated)
		v->reason = "ca-truncated";
}

static const char *const reasons[] = {
	[BR_ERR_X509_OK] = "ok",
	[BR_ERR_X509_INVALID_VALUE] = "invalid-value",
	[BR_ERR_X509_TRUNCATED] = "truncated",
	[BR_ERR_X509_EMPTY_CHAIN] = "empty-chain",
	[BR_ERR_X509_INNER_TRUNC] = "inner-truncated",
	[BR_ERR_X509_BAD_TAG_CLASS] = "bad-tag-class",
	[BR_ERR_X509_BAD_TAG_VALUE] = "bad-tag-value",
	[BR_ERR_X509_INDEFINITE_LENGTH] = "indefinite-length",
	[BR_ERR_X509_EXTRA_ELEMENT] = "extra-element",
	[BR_ERR_X509_UNEXPECTED] = "unexpected-element",
	[BR_ERR_X509_NOT_CONSTRUCTED] = "not-constructed",
	[BR_ERR_X509_NOT_PRIMITIVE] = "not-primitive",
	[BR_ERR_X509_PARTIAL_BYTE] = "partial-byte",
	[BR_ERR_X509_BAD_BOOLEAN] = "bad-boolean",
	[BR_ERR_X509_OVERFLOW] = "overflow",
	[BR_ERR_X509_BAD_DN] = "bad-dn",
	[BR_ERR_X509_BAD_TIME] = "bad-time",
	[BR_ERR_X509_UNSUPPORTED] = "unsupported",
	[BR_ERR_X509_LIMIT_EXCEEDED] = "limit-exceeded",
	[BR_ERR_X509_WRONG_KEY_TYPE] = "wrong-key-type",
	[BR_ERR_X509_BAD_SIGNATURE] = "bad-signature",
	[BR_ERR_X509_TIME_UNKNOWN] = "time-unknown",
	[BR_ERR_X509_EXPIRED] = "expired",
	[BR_ERR_X509_DN_MISMATCH] = "dn-mismatch",
	[BR_ERR_X509_BAD_SERVER_NAME] = "bad-server-name",
	[BR_ERR_X509_CRITICAL_EXTENSION] = "critical-extension",
	[BR_ERR_X509_NOT_CA] = "not-ca",
	[BR_ERR_X509_FORBIDDEN_KEY_USAGE] = "forbidden-key-usage",
	[BR_ERR_X509_WEAK_PUBLIC_KEY] = "weak-public-key",
	[BR_ERR_X509_NOT_TRUSTED] = "not-trusted",
};

/* see ca.h */
const char *
ca_reason_str(int br_err)
{
	if (br_err == BR_ERR_OK)
		return "ok";
	if (br_err < 0 ||
	    (size_t)br_err >= sizeof reasons / sizeof reasons[0] ||
	    reasons[br_err] == NULL)
		return "error";
	return reasons[br_err];
}
