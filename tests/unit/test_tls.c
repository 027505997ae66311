/*
 * test_tls.c -- real handshakes in memory between struct tls_sess and a
 * BearSSL server engine (no sockets); certificates made with openssl at
 * test time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "mxprobe/pem.h"
#include "mxprobe/tls.h"

static char dir[] = "/tmp/mxprobe-tls-XXXXXX";

/*
 * A root and an intermediate CA (RSA-2048, valid 2000-2099), leaves under
 * the intermediate: RSA-2048, EC P-256, an expired EC one (2001-2002); and
 * a self-signed EC leaf.  Keys also as DER for br_skey_decoder.
 */
static const char gen[] =
"set -e\n"
"cat > ca.cnf <<'EOF'\n"
"[ ca ]\ndefault_ca = d\n"
"[ d ]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
"default_md = sha256\npolicy = p\nunique_subject = no\n"
"[ p ]\ncommonName = supplied\n"
"[ v3_ca ]\nbasicConstraints = critical,CA:TRUE\n"
"keyUsage = critical,keyCertSign,cRLSign\n"
"[ v3_leaf ]\nbasicConstraints = CA:FALSE\n"
"keyUsage = digitalSignature,keyEncipherment,keyAgreement\n"
"subjectAltName = DNS:mx.example.test\n"
"EOF\n"
": > index.txt; echo 01 > serial\n"
"rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $1.key 2>/dev/null; }\n"
"ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key; }\n"
"sign() { # name issuer ext start end\n"
"  openssl req -new -key $1.key -subj /CN=$1.example.test -out $1.csr\n"
"  if [ $2 = self ]; then a='-selfsign -keyfile '$1.key; else a='-cert '$2.pem' -keyfile '$2.key; fi\n"
"  openssl ca -batch -notext -config ca.cnf $a -in $1.csr -out $1.pem -extensions $3 -startdate $4 -enddate $5 2>/dev/null\n"
"  openssl x509 -in $1.pem -outform DER -out $1.der\n"
"  openssl pkey -in $1.key -outform DER -out $1.kder\n"
"}\n"
"rsa root; sign root self v3_ca 20000101000000Z 20991231235959Z\n"
"rsa inter; sign inter root v3_ca 20000101000000Z 20991231235959Z\n"
"rsa leafrsa; sign leafrsa inter v3_leaf 20200101000000Z 20991231235959Z\n"
"ec leafec; sign leafec inter v3_leaf 20200101000000Z 20991231235959Z\n"
"ec expired; sign expired inter v3_leaf 20010101000000Z 20020101000000Z\n"
"ec self; sign self self v3_leaf 20200101000000Z 20991231235959Z\n";

struct blob {
	unsigned char	*p;
	size_t		 len;
};

static struct blob
slurp(const char *name)
{
	char path[256];
	struct blob b = { NULL, 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return b;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.p = malloc((size_t)n + 1);
	b.len = fread(b.p, 1, (size_t)n, f);
	fclose(f);
	return b;
}

/* The certificate of a PEM file, through pem.c. */
static struct blob
pem_cert(const char *name)
{
	static struct pem_rd rd;
	struct blob txt = slurp(name), der = { NULL, 0 };
	size_t used;

	pem_init(&rd);
	if (txt.p && pem_feed(&rd, txt.p, txt.len, &used)) {
		der.p = malloc(rd.der_len);
		memcpy(der.p, rd.der, rd.der_len);
		der.len = rd.der_len;
	}
	free(txt.p);
	return der;
}

enum { K_ROOT, K_INTER, K_RSA, K_EC, K_EXPIRED, K_SELF, K__N };
static const char *const kname[K__N] = { "root", "inter", "leafrsa", "leafec",
	"expired", "self" };
static struct blob cert[K__N], certder[K__N];
static br_skey_decoder_context skey[K__N];

static int
setup(void)
{
	char cmd[4096], file[64];
	int i;

	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(cmd, sizeof cmd, "cd %s && sh -c \"$GEN\"", dir);
	setenv("GEN", gen, 1);
	if (system(cmd) != 0)
		return -1;
	for (i = 0; i < K__N; i++) {
		struct blob k;

		snprintf(file, sizeof file, "%s.pem", kname[i]);
		cert[i] = pem_cert(file);
		snprintf(file, sizeof file, "%s.der", kname[i]);
		certder[i] = slurp(file);
		snprintf(file, sizeof file, "%s.kder", kname[i]);
		k = slurp(file);
		br_skey_decoder_init(&skey[i]);
		br_skey_decoder_push(&skey[i], k.p, k.len);
		free(k.p);
		if (cert[i].p == NULL || br_skey_decoder_last_error(&skey[i]))
			return -1;
	}
	return 0;
}

/* ---- the in-memory server ---------------------------------------------- */

static br_ssl_server_context sc;
static unsigned char sbuf[BR_SSL_BUFSIZE_BIDI];
static br_x509_certificate schain[16];
static struct tls_sess sess;
static const unsigned char seed[32] = "mxprobe test seed, not random!!";

/* Server with chain keys[0..n) (keys[0] signs), issuer key type ikt. */
static void
server(const int *keys, size_t n, unsigned ikt)
{
	size_t i;

	for (i = 0; i < n; i++) {
		schain[i].data = cert[keys[i]].p;
		schain[i].data_len = cert[keys[i]].len;
	}
	if (br_skey_decoder_key_type(&skey[keys[0]]) == BR_KEYTYPE_RSA)
		br_ssl_server_init_full_rsa(&sc, schain, n,
		    br_skey_decoder_get_rsa(&skey[keys[0]]));
	else
		br_ssl_server_init_full_ec(&sc, schain, n, ikt,
		    br_skey_decoder_get_ec(&skey[keys[0]]));
	br_ssl_engine_set_buffer(&sc.eng, sbuf, sizeof sbuf, 1);
	br_ssl_engine_inject_entropy(&sc.eng, seed, sizeof seed);
}

/* Moves records both ways, at most `chunk` bytes a step, until stuck. */
static void
pump(size_t chunk)
{
	const unsigned char *o;
	unsigned char *in;
	size_t olen, ilen, n;
	int moved;

	do {
		moved = 0;
		o = tls_out(&sess, &olen);
		in = br_ssl_engine_recvrec_buf(&sc.eng, &ilen);
		if (o != NULL && in != NULL) {
			n = olen < ilen ? olen : ilen;
			n = n < chunk ? n : chunk;
			memcpy(in, o, n);
			br_ssl_engine_recvrec_ack(&sc.eng, n);
			tls_out_ack(&sess, n);
			moved = 1;
		}
		o = br_ssl_engine_sendrec_buf(&sc.eng, &olen);
		in = tls_in(&sess, &ilen);
		if (o != NULL && in != NULL) {
			n = olen < ilen ? olen : ilen;
			n = n < chunk ? n : chunk;
			memcpy(in, o, n);
			tls_in_ack(&sess, n);
			br_ssl_engine_sendrec_ack(&sc.eng, n);
			moved = 1;
		}
	} while (moved);
}

static int
handshake(const char *sni, size_t chunk)
{
	if (br_ssl_server_reset(&sc) == 0)
		return -1;
	if (tls_start(&sess, sni, seed, sizeof seed) != 0)
		return -1;
	pump(chunk);
	return tls_state(&sess) == TLS_READY ? 0 : -1;
}

static int
chain_is(const int *keys, unsigned n)
{
	const struct tls_chain *c = &sess.chain;
	unsigned i;

	if (c->n != n || c->kept != n || c->truncated)
		return 0;
	for (i = 0; i < n; i++)
		if (c->len[i] != certder[keys[i]].len ||
		    memcmp(c->arena + c->off[i], certder[keys[i]].p,
		    c->len[i]) != 0)
			return 0;
	return 1;
}

static int
safe(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
		    *s == '-'))
			return 0;
	return 1;
}

/* ---- tests -------------------------------------------------------------- */

static void
t_leaves(void)
{
	static const struct {
		const char	*name;
		int		 keys[2];
		unsigned	 n;
	} cases[] = {
		{ "RSA leaf", { K_RSA, K_INTER }, 2 },
		{ "EC leaf", { K_EC, K_INTER }, 2 },
		{ "expired leaf", { K_EXPIRED, K_INTER }, 2 },
		{ "self-signed leaf", { K_SELF }, 1 },
	};
	char name[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		server(cases[i].keys, cases[i].n, BR_KEYTYPE_RSA);
		snprintf(name, sizeof name, "%s: handshake completes", cases[i].name);
		if (!T_OK(handshake("mx.example.test", 1 << 20) == 0, name))
			printf("#   err %d br_err %d (%s)\n", sess.err,
			    sess.br_err, tls_br_err_name(sess.br_err));
		snprintf(name, sizeof name, "%s: no error, done, not plaintext",
		    cases[i].name);
		T_OK(sess.err == MX_OK && sess.done && !sess.plaintext, name);
		snprintf(name, sizeof name, "%s: chain recorded in order, DER "
		    "equal to openssl's", cases[i].name);
		T_OK(chain_is(cases[i].keys, cases[i].n), name);
		snprintf(name, sizeof name, "%s: facts equal the server's",
		    cases[i].name);
		T_OK(sess.version == BR_TLS12 &&
		    sess.version == br_ssl_engine_get_version(&sc.eng) &&
		    sess.suite == sc.eng.session.cipher_suite &&
		    sess.curve == br_ssl_engine_get_ecdhe_curve(&sc.eng) &&
		    sess.secure_reneg == 1, name);
		printf("# %s: %s %s %s\n", cases[i].name,
		    tls_version_str(sess.version), tls_suite_name(sess.suite),
		    tls_curve_name(sess.curve));
	}
	T_EQ_STR(tls_suite_name(sess.suite),
	    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	    "EC leaf: the client's first choice");
	T_EQ_STR(tls_curve_name(sess.curve), "x25519", "ECDHE curve x25519");
}

static void
t_versions_and_chunks(void)
{
	static const int keys[] = { K_RSA, K_INTER };
	static const unsigned v[] = { BR_TLS10, BR_TLS11, BR_TLS12 };
	static const char *const vs[] = { "TLS1.0", "TLS1.1", "TLS1.2" };
	char name[64];
	int i;

	for (i = 0; i < 3; i++) {
		server(keys, 2, BR_KEYTYPE_RSA);
		br_ssl_engine_set_versions(&sc.eng, v[i], v[i]);
		snprintf(name, sizeof name, "server %s only: handshake", vs[i]);
		T_OK(handshake(NULL, 1 << 20) == 0, name);
		snprintf(name, sizeof name, "server %s only: version fact", vs[i]);
		T_EQ_STR(tls_version_str(sess.version), vs[i], name);
	}
	T_EQ_STR(tls_version_str(0x0300), "unknown", "SSL 3.0 is unknown");
	server(keys, 2, BR_KEYTYPE_RSA);
	T_OK(handshake(NULL, 7) == 0 && chain_is(keys, 2),
	    "7-byte transport chunks: handshake and chain");
	server(keys, 2, BR_KEYTYPE_RSA);
	T_OK(handshake(NULL, 1) == 0 && chain_is(keys, 2),
	    "1-byte transport chunks: handshake and chain");
}

static void
t_every_suite(void)
{
	static const int krsa[] = { K_RSA, K_INTER }, kec[] = { K_EC, K_INTER };
	uint16_t ids[64];
	size_t i, n, bad = 0;
	const char *nm;
	int ok = 0;

	server(krsa, 2, BR_KEYTYPE_RSA);
	tls_start(&sess, NULL, seed, sizeof seed);
	n = sess.cc.eng.suites_num;
	memcpy(ids, sess.cc.eng.suites_buf, n * sizeof ids[0]);
	T_EQ_INT(n, 45, "the client offers BearSSL's 45 suites");
	for (i = 0; i < n; i++) {
		nm = tls_suite_name(ids[i]);
		if (!safe(nm)) {
			bad++;
			printf("# suite 0x%04x has no safe name\n", ids[i]);
			continue;
		}
		/* ECDH_ECDSA vs ECDH_RSA: only the declared issuer type. */
		if (strstr(nm, "ECDSA") || strstr(nm, "ECDH_RSA"))
			server(kec, 2, strstr(nm, "ECDH_RSA") ?
			    BR_KEYTYPE_RSA : BR_KEYTYPE_EC);
		else
			server(krsa, 2, BR_KEYTYPE_RSA);
		br_ssl_engine_set_suites(&sc.eng, &ids[i], 1);
		if (handshake(NULL, 1 << 20) == 0 && sess.suite == ids[i])
			ok++;
		else
			printf("# %s: state %d err %d br_err %s\n", nm,
			    tls_state(&sess), sess.err,
			    tls_br_err_name(sess.br_err));
	}
	T_EQ_INT(bad, 0, "every offered suite has an IANA name, safe charset");
	T_EQ_INT(ok, (int)n, "every suite negotiates with a BearSSL server");
	T_OK(tls_suite_name(0x0000) == NULL && tls_suite_name(0x00ff) == NULL,
	    "unknown suite ids: NULL");
	server(krsa, 2, BR_KEYTYPE_RSA);
	ids[0] = BR_TLS_RSA_WITH_3DES_EDE_CBC_SHA;
	br_ssl_engine_set_suites(&sc.eng, ids, 1);
	handshake(NULL, 1 << 20);
	T_EQ_STR(tls_suite_name(sess.suite), "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
	    "RSA key exchange: suite name");
	T_EQ_INT(sess.curve, 0, "RSA key exchange: no curve");
}

static void
t_truncation(void)
{
	static const int keys[] = { K_RSA, K_INTER, K_INTER, K_INTER, K_INTER,
		K_INTER, K_INTER, K_INTER, K_INTER, K_INTER };
	const br_x509_class **vt = &sess.rec.vtable;
	const br_x509_pkey *pk;
	unsigned char junk[256];
	unsigned u = 0;

	server(keys, 10, BR_KEYTYPE_RSA);
	T_OK(handshake(NULL, 1 << 20) == 0, "10-certificate chain: handshake");
	T_OK(sess.chain.n == 10 && sess.chain.kept == MX_CHAIN_MAX &&
	    sess.chain.truncated, "10-certificate chain: 10 seen, 8 kept, truncated");
	T_OK(sess.chain.len[7] == certder[K_INTER].len &&
	    memcmp(sess.chain.arena + sess.chain.off[7], certder[K_INTER].p,
	    sess.chain.len[7]) == 0, "10-certificate chain: 8th kept intact");

	/* The class on its own: a certificate too big for the arena. */
	memset(junk, 0x42, sizeof junk);
	(*vt)->start_chain(vt, NULL);
	(*vt)->start_cert(vt, (uint32_t)certder[K_EC].len);
	(*vt)->append(vt, certder[K_EC].p, certder[K_EC].len);
	(*vt)->end_cert(vt);
	(*vt)->start_cert(vt, MX_CHAIN_ARENA);
	(*vt)->append(vt, junk, sizeof junk);
	(*vt)->end_cert(vt);
	(*vt)->start_cert(vt, (uint32_t)certder[K_INTER].len);
	(*vt)->append(vt, certder[K_INTER].p, certder[K_INTER].len);
	(*vt)->end_cert(vt);
	T_OK(sess.chain.n == 3 && sess.chain.kept == 1 && sess.chain.truncated,
	    "arena full: counted, not kept, later ones not kept either");
	T_EQ_INT((*vt)->end_chain(vt), 0, "arena full: leaf key decoded, chain accepted");
	pk = (*vt)->get_pkey(vt, &u);
	T_OK(pk != NULL && pk->key_type == BR_KEYTYPE_EC &&
	    u == (BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN), "get_pkey: EC key, KEYX|SIGN");

	(*vt)->start_chain(vt, NULL);
	(*vt)->start_cert(vt, sizeof junk);
	(*vt)->append(vt, junk, sizeof junk);
	(*vt)->end_cert(vt);
	T_OK((*vt)->end_chain(vt) != 0 && (*vt)->get_pkey(vt, NULL) == NULL,
	    "undecodable leaf: chain refused, no key");
	(*vt)->start_chain(vt, NULL);
	T_EQ_INT((*vt)->end_chain(vt), BR_ERR_X509_EMPTY_CHAIN, "empty chain refused");
}

static void
t_plaintext(void)
{
	static const int keys[] = { K_RSA, K_INTER };
	static const char inj[] = "250 injected\r\n";
	const unsigned char *o;
	unsigned char *in;
	size_t n;

	tls_start(&sess, "mx.example.test", seed, sizeof seed);
	T_EQ_INT(tls_want(&sess), TLS_WANT_WRITE, "fresh session wants to write");
	while ((o = tls_out(&sess, &n)) != NULL)
		tls_out_ack(&sess, n);		/* ClientHello into the void */
	T_EQ_INT(tls_want(&sess), TLS_WANT_READ, "then wants to read");
	in = tls_in(&sess, &n);
	T_OK(in != NULL && n >= 5, "room for a record header");
	memcpy(in, inj, 5);
	tls_in_ack(&sess, 5);
	T_OK(sess.plaintext, "plaintext first byte: flagged");
	T_EQ_INT(tls_state(&sess), TLS_CLOSED, "plaintext: closed at once");
	T_EQ_INT(sess.err, MX_E_TLS_HANDSHAKE, "plaintext: handshake error");
	T_EQ_STR(tls_br_err_name(sess.br_err), "UNKNOWN_TYPE", "plaintext: UNKNOWN_TYPE");
	T_OK(tls_out(&sess, &n) == NULL && tls_in(&sess, &n) == NULL &&
	    tls_want(&sess) == 0, "closed session moves no bytes");

	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	T_OK(sess.got_bytes && !sess.plaintext, "TLS first byte: not flagged");
}

static int
server_read(char *buf, size_t cap)
{
	unsigned char *p;
	size_t n;

	p = br_ssl_engine_recvapp_buf(&sc.eng, &n);
	if (p == NULL || n >= cap)
		return -1;
	memcpy(buf, p, n);
	buf[n] = 0;
	br_ssl_engine_recvapp_ack(&sc.eng, n);
	return (int)n;
}

static void
server_write(const void *d, size_t len)
{
	unsigned char *p;
	size_t n;

	p = br_ssl_engine_sendapp_buf(&sc.eng, &n);
	if (p == NULL || n < len)
		return;
	memcpy(p, d, len);
	br_ssl_engine_sendapp_ack(&sc.eng, len);
	br_ssl_engine_flush(&sc.eng, 0);
}

static void
t_appdata(void)
{
	static const int keys[] = { K_EC, K_INTER };
	static const char reply[] = "250-mx.example.test\r\n250 STARTTLS\r\n";
	static char big[12000], got[16384], huge[20000];
	char sbig[16384];
	size_t n, tot;
	int i, ok = 1;

	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	for (i = 0; i < 3 && ok; i++) {
		T_OK(tls_app_write(&sess, "EHLO probe\r\n", 12) == 0 || (ok = 0),
		    "app write");
		pump(1 << 20);
		ok = server_read(sbig, sizeof sbig) == 12 &&
		    strcmp(sbig, "EHLO probe\r\n") == 0;
		T_OK(ok, "server got the command");
		server_write(reply, sizeof reply - 1);
		pump(1 << 20);
		n = tls_app_read(&sess, (unsigned char *)got, sizeof got);
		T_OK(n == sizeof reply - 1 && memcmp(got, reply, n) == 0,
		    "client got the reply");
	}
	for (n = 0; n < sizeof big; n++)
		big[n] = (char)('a' + n % 26);
	T_EQ_INT(tls_app_write(&sess, big, sizeof big), 0, "12000-byte write queued");
	pump(1 << 20);
	for (tot = 0; tot < sizeof big; ) {
		int k = server_read(sbig, sizeof sbig);

		if (k <= 0 || memcmp(sbig, big + tot, (size_t)k) != 0)
			break;
		tot += (size_t)k;
		pump(1 << 20);
	}
	T_EQ_INT(tot, sizeof big, "12000 bytes arrive intact");
	T_OK(tls_app_write(&sess, huge, sizeof huge) == -1,
	    "a write over one record's room is refused");
	/* a small read buffer drains in pieces */
	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	server_write(reply, sizeof reply - 1);
	pump(1 << 20);
	tot = 0;
	while ((n = tls_app_read(&sess, (unsigned char *)got + tot, 5)) > 0)
		tot += n;
	T_OK(tot == sizeof reply - 1 && memcmp(got, reply, tot) == 0,
	    "5-byte reads drain the record");
}

static void
t_close(void)
{
	static const int keys[] = { K_RSA, K_INTER };
	const unsigned char *o;
	unsigned char *in;
	size_t olen, ilen, n;
	uint16_t only;

	/* server closes after reading the ClientHello */
	server(keys, 2, BR_KEYTYPE_RSA);
	br_ssl_server_reset(&sc);
	tls_start(&sess, NULL, seed, sizeof seed);
	while ((o = tls_out(&sess, &olen)) != NULL &&
	    (in = br_ssl_engine_recvrec_buf(&sc.eng, &ilen)) != NULL) {
		n = olen < ilen ? olen : ilen;
		memcpy(in, o, n);
		br_ssl_engine_recvrec_ack(&sc.eng, n);
		tls_out_ack(&sess, n);
	}
	br_ssl_engine_close(&sc.eng);
	pump(1 << 20);
	if (tls_state(&sess) != TLS_CLOSED)
		tls_in_eof(&sess);
	T_EQ_INT(tls_state(&sess), TLS_CLOSED, "server closes mid-handshake: CLOSED");
	T_EQ_INT(sess.err, MX_E_TLS_HANDSHAKE, "server closes mid-handshake: handshake error");
	printf("# br_err %d %s\n", sess.br_err, tls_br_err_name(sess.br_err));

	/* EOF mid-handshake */
	server(keys, 2, BR_KEYTYPE_RSA);
	br_ssl_server_reset(&sc);
	tls_start(&sess, NULL, seed, sizeof seed);
	tls_in_eof(&sess);
	T_OK(tls_state(&sess) == TLS_CLOSED && sess.err == MX_E_TLS_HANDSHAKE &&
	    sess.br_err == BR_ERR_IO, "EOF mid-handshake: CLOSED, handshake error, IO");

	/* no common suite: the server's fatal alert */
	server(keys, 2, BR_KEYTYPE_RSA);
	only = BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
	br_ssl_engine_set_suites(&sc.eng, &only, 1);
	T_OK(handshake(NULL, 1 << 20) != 0 && tls_state(&sess) == TLS_CLOSED &&
	    sess.err == MX_E_TLS_HANDSHAKE, "no usable suite: handshake fails");
	printf("# br_err %d %s\n", sess.br_err, tls_br_err_name(sess.br_err));
	T_OK(sess.br_err >= BR_ERR_RECV_FATAL_ALERT, "no usable suite: an alert came");

	/* orderly close after the handshake */
	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	tls_close(&sess);
	pump(1 << 20);
	if (tls_state(&sess) != TLS_CLOSED)
		tls_in_eof(&sess);
	T_OK(tls_state(&sess) == TLS_CLOSED && sess.err == MX_OK &&
	    sess.br_err == 0, "close_notify both ways: clean CLOSED");
	T_OK(sess.version == BR_TLS12 && sess.suite != 0, "facts survive the close");

	/* server's close_notify after the handshake (QUIT answered) */
	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	br_ssl_engine_close(&sc.eng);
	pump(1 << 20);
	T_OK(tls_state(&sess) == TLS_CLOSED && sess.err == MX_OK,
	    "server close_notify: clean CLOSED");

	/* EOF after the handshake without close_notify: truncation */
	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	tls_in_eof(&sess);
	T_OK(tls_state(&sess) == TLS_CLOSED && sess.err == MX_E_TLS &&
	    sess.br_err == BR_ERR_IO, "EOF after handshake: MX_E_TLS, IO");
	/* EOF after our close_notify: fine */
	server(keys, 2, BR_KEYTYPE_RSA);
	handshake(NULL, 1 << 20);
	tls_close(&sess);
	tls_in_eof(&sess);
	T_OK(tls_state(&sess) == TLS_CLOSED && sess.err == MX_OK,
	    "EOF after tls_close: clean");
	T_EQ_INT(tls_app_write(&sess, "x", 1), -1, "no app write once closed");
}

static void
t_sni(void)
{
	static const int keys[] = { K_RSA, K_INTER };
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "mx.example.test", "mx.example.test" },
		{ "mx.example.test.", "mx.example.test" },
		{ "192.0.2.1", "" },
		{ "2001:db8::1", "" },
		{ "", "" },
		{ NULL, "" },
	};
	char name[96], longname[300];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		server(keys, 2, BR_KEYTYPE_RSA);
		handshake(cases[i].in, 1 << 20);
		snprintf(name, sizeof name, "SNI for %s", cases[i].in ?
		    cases[i].in : "NULL");
		T_EQ_STR(br_ssl_engine_get_server_name(&sc.eng), cases[i].want,
		    name);
	}
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	T_OK(tls_start(&sess, longname, seed, sizeof seed) == -1 &&
	    sess.err == MX_E_LIMIT, "SNI over MX_NAME_MAX: MX_E_LIMIT");
}

static void
t_names(void)
{
	static const int errs[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13,
		14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
		31 };
	int i, bad = 0;

	for (i = 1; i <= 30; i++)
		if (!safe(tls_curve_name(i)))
			bad++;
	T_EQ_INT(bad, 0, "curve names 1..30: present, safe charset");
	T_OK(tls_curve_name(0) == NULL && tls_curve_name(31) == NULL &&
	    tls_curve_name(-1) == NULL, "curve names: NULL outside");
	T_EQ_STR(tls_curve_name(BR_EC_secp256r1), "secp256r1", "secp256r1");
	T_EQ_STR(tls_curve_name(BR_EC_secp384r1), "secp384r1", "secp384r1");
	T_EQ_STR(tls_curve_name(BR_EC_secp521r1), "secp521r1", "secp521r1");
	T_EQ_STR(tls_curve_name(BR_EC_curve448), "x448", "x448");

	bad = 0;
	for (i = 0; i < (int)(sizeof errs / sizeof errs[0]); i++)
		if (!safe(tls_br_err_name(errs[i])))
			bad++;
	for (i = 32; i <= 62; i++)
		if (i != 61 && !safe(tls_br_err_name(i)))
			bad++;
	for (i = 256; i < 768; i++)
		if (!safe(tls_br_err_name(i)))
			bad++;
	T_EQ_INT(bad, 0, "every BR_ERR_* and alert code: a safe name");
	T_OK(tls_br_err_name(11) == NULL && tls_br_err_name(61) == NULL &&
	    tls_br_err_name(-1) == NULL && tls_br_err_name(1000) == NULL,
	    "unused codes: NULL");
	T_EQ_STR(tls_br_err_name(BR_ERR_X509_EXPIRED), "X509_EXPIRED", "X509_EXPIRED");
	T_EQ_STR(tls_br_err_name(BR_ERR_BAD_VERSION), "BAD_VERSION", "BAD_VERSION");
	T_EQ_STR(tls_br_err_name(BR_ERR_RECV_FATAL_ALERT + 40),
	    "RECV_FATAL_ALERT_handshake_failure", "received alert 40");
	T_EQ_STR(tls_br_err_name(BR_ERR_SEND_FATAL_ALERT + 70),
	    "SEND_FATAL_ALERT_protocol_version", "sent alert 70");
	T_EQ_STR(tls_br_err_name(BR_ERR_RECV_FATAL_ALERT + 200),
	    "RECV_FATAL_ALERT", "unknown alert number");
}

int
main(void)
{
	char cmd[128];

	if (!T_OK(setup() == 0, "openssl made the test certificates")) {
		printf("# (needs openssl in PATH)\n");
		return T_DONE();
	}
	printf("# sizeof(struct tls_sess) = %zu (bound %zu)\n",
	    sizeof(struct tls_sess), (size_t)TLS_SESS_SIZE_MAX);
	t_leaves();
	t_versions_and_chunks();
	t_every_suite();
	t_truncation();
	t_plaintext();
	t_appdata();
	t_close();
	t_sni();
	t_names();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
