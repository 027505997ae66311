/*
 * test_ca.c -- lazy trust anchors from a bundle, and the offline verdict
 * over a recorded chain; certificates made with openssl at test time.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "mxprobe/ca.h"
#include "mxprobe/pem.h"

static char dir[] = "/tmp/mxprobe-ca-XXXXXX";
static const char *sysbundle = "/etc/ssl/certs/ca-certificates.crt";

/*
 * root and inter: RSA CAs valid 2000-2099; other: an unrelated root;
 * twin: another key under root's very name (a re-keyed CA); leaves under
 * inter: leafrsa, leafec, expired (2001-2002); self: self-signed leaf;
 * eccert: an EC CA (P-384) with an EC leaf, leafe; inter2: an EC CA under
 * inter, with leaf2 under it (a chain of three).
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
"ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$2 -out $1.key; }\n"
"sign() { # name subject-cn issuer ext start end\n"
"  openssl req -new -key $1.key -subj /CN=$2 -out $1.csr\n"
"  if [ $3 = self ]; then a='-selfsign -keyfile '$1.key; else a='-cert '$3.pem' -keyfile '$3.key; fi\n"
"  openssl ca -batch -notext -config ca.cnf $a -in $1.csr -out $1.pem -extensions $4 -startdate $5 -enddate $6 2>/dev/null\n"
"  openssl x509 -in $1.pem -outform DER -out $1.der\n"
"}\n"
"Y0=20000101000000Z; Y9=20991231235959Z\n"
"rsa root; sign root mxprobe-root self v3_ca $Y0 $Y9\n"
"rsa other; sign other mxprobe-other self v3_ca $Y0 $Y9\n"
"rsa twin; sign twin mxprobe-root self v3_ca $Y0 $Y9\n"
"rsa inter; sign inter mxprobe-inter root v3_ca $Y0 $Y9\n"
"rsa leafrsa; sign leafrsa mx.example.test inter v3_leaf 20200101000000Z $Y9\n"
"ec leafec P-256; sign leafec mx.example.test inter v3_leaf 20200101000000Z $Y9\n"
"ec expired P-256; sign expired mx.example.test inter v3_leaf 20010101000000Z 20020101000000Z\n"
"ec self P-256; sign self self.example.test self v3_leaf 20200101000000Z $Y9\n"
"ec eccert P-384; sign eccert mxprobe-ec-root self v3_ca $Y0 $Y9\n"
"ec leafe P-256; sign leafe mx.example.test eccert v3_leaf 20210601123456Z $Y9\n"
"ec inter2 P-256; sign inter2 mxprobe-inter2 inter v3_ca $Y0 $Y9\n"
"ec leaf2 P-256\n"
"sign leaf2 mx.example.test inter2 v3_leaf 20200101000000Z $Y9\n";

struct blob {
	unsigned char	*p;
	size_t		 len;
};

static struct blob
slurp(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f;
	long n;

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

static struct blob
der(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s.der", dir, name);
	return slurp(path);
}

/*
 * Writes dir/bundle-<out> from the PEMs of names (after the system bundle
 * if sys); returns its path (one of 8 rotating buffers).
 */
static const char *
bundle(const char *out, const char *const *names, int sys)
{
	static char paths[8][256];
	static unsigned k;
	char in[256], *path = paths[k++ % 8];
	struct blob b;
	FILE *f;

	snprintf(path, sizeof paths[0], "%s/bundle-%s", dir, out);
	f = fopen(path, "wb");
	if (sys && (b = slurp(sysbundle)).p != NULL) {
		fwrite(b.p, 1, b.len, f);
		free(b.p);
	}
	for (; *names; names++) {
		snprintf(in, sizeof in, "%s/%s.pem", dir, *names);
		b = slurp(in);
		fputs("junk between blocks\n", f);
		fwrite(b.p, 1, b.len, f);
		free(b.p);
	}
	fclose(f);
	return path;
}

static struct tls_chain chain;
static struct ca_store cs;

static void
mkchain(const char *const *names)
{
	struct blob b;
	size_t used = 0;

	memset(&chain, 0, sizeof chain);
	for (; *names; names++) {
		b = der(*names);
		chain.off[chain.kept] = used;
		chain.len[chain.kept] = b.len;
		memcpy(chain.arena + used, b.p, b.len);
		used += b.len;
		chain.kept++;
		chain.n++;
		free(b.p);
	}
}

static int
sys_count(void)
{
	struct blob b = slurp(sysbundle);
	const char *p;
	int n = 0;

	if (b.p == NULL)
		return 0;
	b.p[b.len] = 0;
	for (p = (char *)b.p; (p = strstr(p, "BEGIN CERTIFICATE")); p++)
		n++;
	free(b.p);
	return n;
}

static void
t_load(void)
{
	static const char *const b1[] = { "other", "root", NULL };
	static const char *const c1[] = { "leafrsa", "inter", NULL };
	static const char *const nil[] = { NULL };
	struct blob root = der("root");
	const char *path;
	int e = 0, sys = sys_count();

	path = bundle("b1.pem", b1, 1);
	T_EQ_INT(ca_load(&cs, path, NULL, &e), 0, "load without chain");
	T_EQ_INT(cs.count, 2 + sys, "count: every certificate of the bundle");
	T_OK(cs.nta == 0 && cs.matched == 0, "no chain: no anchors");

	mkchain(c1);
	T_EQ_INT(ca_load(&cs, path, &chain, &e), 0, "load for leaf+inter");
	T_EQ_INT(cs.count, 2 + sys, "count again");
	T_EQ_INT(cs.skipped, 0, "nothing skipped");
	T_EQ_INT(cs.nta, 1, "lazy: only the root became an anchor");
	T_OK(cs.nta == 1 && (cs.ta[0].flags & BR_X509_TA_CA) &&
	    cs.ta[0].pkey.key_type == BR_KEYTYPE_RSA &&
	    cs.ta[0].pkey.key.rsa.nlen == 256, "anchor: CA flag, RSA-2048 key");
	T_OK(cs.used < 1024, "anchor arena use stays small");
	printf("# arena used %zu bytes for %u anchor(s)\n", cs.used, cs.nta);
	(void)root;
	free(root.p);

	mkchain(nil);
	T_EQ_INT(ca_load(&cs, path, &chain, &e), 0, "load for empty chain");
	T_EQ_INT(cs.nta, 0, "empty chain: no anchors");

	e = 0;
	T_EQ_INT(ca_load(&cs, "/nonexistent/mxprobe-ca.pem", &chain, &e), -1,
	    "missing file: -1");
	T_EQ_INT(e, ENOENT, "missing file: ENOENT");
	e = 0;
	T_EQ_INT(ca_load(&cs, dir, &chain, &e), -1, "directory: -1");
	T_EQ_INT(e, EISDIR, "directory: EISDIR");
}

static void
t_verify(void)
{
	static const char *const with_root[] = { "other", "root", "eccert", NULL };
	static const char *const no_root[] = { "other", "eccert", NULL };
	static const char *const inter_only[] = { "other", "inter", NULL };
	static const char *const twins[] = { "twin", "root", NULL };
	static const char *const with_self[] = { "root", "self", NULL };
	static const char *const c_rsa[] = { "leafrsa", "inter", NULL };
	static const char *const c_ec[] = { "leafec", "inter", NULL };
	static const char *const c_full[] = { "leafrsa", "inter", "root", NULL };
	static const char *const c_exp[] = { "expired", "inter", NULL };
	static const char *const c_self[] = { "self", NULL };
	static const char *const c_bad[] = { "leafrsa", "root", "inter", NULL };
	static const char *const c_e[] = { "leafe", NULL };
	static const char *const nil[] = { NULL };
	const char *b_root, *b_noroot;
	struct ca_verdict v;
	int e;

	b_root = bundle("root.pem", with_root, 1);
	b_noroot = bundle("noroot.pem", no_root, 1);

	mkchain(c_rsa);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted && v.br_err == 0, "RSA leaf + inter, root in bundle: trusted");
	T_EQ_STR(v.reason, "ok", "reason ok");

	mkchain(c_ec);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted, "EC leaf + inter: trusted");

	mkchain(c_full);
	ca_load(&cs, b_root, &chain, &e);
	T_EQ_INT(cs.nta, 1, "root also sent: still one anchor");
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted, "root also sent: trusted");

	mkchain(c_e);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(cs.nta == 1 && cs.ta[0].pkey.key_type == BR_KEYTYPE_EC &&
	    v.trusted, "EC (P-384) anchor: trusted");
	/* 2021-06-01 12:34:56: unix day 18779 */
	T_OK(v.days == 18779 + 719528 && v.seconds == 12 * 3600 + 34 * 60 + 56,
	    "validation instant = leaf notBefore, BearSSL epoch");

	mkchain(c_rsa);
	ca_load(&cs, b_noroot, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.trusted && v.br_err == BR_ERR_X509_NOT_TRUSTED,
	    "root missing from the bundle: not trusted");
	T_EQ_STR(v.reason, "not-trusted", "reason not-trusted");

	ca_load(&cs, bundle("inter.pem", inter_only, 0), &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(cs.nta == 1 && v.trusted,
	    "intermediate in the bundle: an anchor on its own");

	mkchain(c_exp);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted, "expired leaf: trusted, dates aside");
	T_EQ_INT(v.days, 719528 + 11323, "expired leaf: checked at 2001-01-01");

	mkchain(c_self);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.trusted && cs.nta == 0, "self-signed, not in bundle: not trusted");
	ca_load(&cs, bundle("self.pem", with_self, 0), &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted && cs.nta == 1, "self-signed in bundle: trusted");

	mkchain(c_rsa);
	ca_load(&cs, bundle("twins.pem", twins, 0), &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(cs.nta == 2 && v.trusted,
	    "two CAs with one name: both anchors, the right one verifies");

	mkchain(c_rsa);
	chain.arena[chain.off[0] + chain.len[0] - 1] ^= 1;
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.trusted, "tampered leaf signature: not trusted");
	T_EQ_STR(v.reason, "bad-signature", "reason bad-signature");

	mkchain(c_bad);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.order_wrong && v.reordered, "chain out of order: said so");
	T_OK(v.npath == 3 && v.path[0] == 0 && v.path[1] == 2 &&
	    v.path[2] == 1, "out of order: path leaf, inter, root");
	T_OK(v.trusted && strcmp(v.reason, "ok") == 0,
	    "out of order: the rebuilt path is trusted");
	T_EQ_INT(v.incomplete, 0, "out of order: not incomplete");

	mkchain(c_rsa);
	chain.truncated = 1;
	chain.n = 9;
	ca_load(&cs, b_noroot, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.trusted && v.chain_truncated &&
	    strcmp(v.reason, "chain-truncated") == 0 &&
	    v.br_err == BR_ERR_X509_NOT_TRUSTED,
	    "truncated chain, not trusted: says chain-truncated, keeps br_err");

	mkchain(nil);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.trusted && strcmp(v.reason, "empty-chain") == 0,
	    "empty chain: empty-chain");
}

/* Order, path building and completeness (issue 4). */
static void
t_order(void)
{
	static const char *const with_root[] = { "root", NULL };
	static const char *const with_inter[] = { "inter", NULL };
	static const char *const c_rsa[] = { "leafrsa", "inter", NULL };
	static const char *const c_leaf[] = { "leafrsa", NULL };
	static const char *const c_junk[] = { "leafrsa", "inter", "other",
		NULL };
	static const char *const c_three[] = { "leaf2", "inter2", "inter",
		NULL };
	static const char *const c_mixed[] = { "leaf2", "inter", "inter2",
		NULL };
	static const char *const c_mixed2[] = { "inter", "leaf2", "inter2",
		NULL };
	static const char *const c_gap[] = { "leaf2", "inter", NULL };
	static const char *const c_self[] = { "self", NULL };
	const char *b_root, *b_inter;
	struct ca_verdict v;
	int e;

	b_root = bundle("order-root.pem", with_root, 0);
	b_inter = bundle("order-inter.pem", with_inter, 0);

	mkchain(c_rsa);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.order_wrong && !v.reordered && !v.incomplete &&
	    v.npath == 2 && v.path[0] == 0 && v.path[1] == 1 && v.trusted,
	    "in order: path as presented, trusted");

	mkchain(c_three);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.order_wrong && v.trusted && v.npath == 3,
	    "three in order: trusted");

	mkchain(c_mixed);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.order_wrong && v.reordered && v.npath == 3 &&
	    v.path[1] == 2 && v.path[2] == 1 && v.trusted && !v.incomplete,
	    "leaf, inter, inter2: rebuilt leaf, inter2, inter; trusted");

	mkchain(c_mixed2);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.order_wrong && v.npath == 1 && v.path[0] == 0,
	    "intermediate first: taken as the leaf, path stops there");

	mkchain(c_junk);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.order_wrong && v.reordered && v.npath == 2 &&
	    v.path[1] == 1 && v.trusted,
	    "unrelated certificate at the end: left off the path, trusted");

	mkchain(c_leaf);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.incomplete && !v.trusted && !v.order_wrong,
	    "leaf only, issuer in neither chain nor bundle: incomplete");
	ca_load(&cs, b_inter, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.incomplete && v.trusted,
	    "leaf only, issuer in the bundle: complete (and trusted)");
	chain.truncated = 1;
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_EQ_INT(v.incomplete, 0, "truncated chain: never called incomplete");

	mkchain(c_gap);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(v.incomplete && v.order_wrong && v.npath == 1 && !v.trusted,
	    "leaf2 + inter (inter2 missing): incomplete, out of order");

	mkchain(c_self);
	ca_load(&cs, b_root, &chain, &e);
	ca_verify(&cs, &chain, &v);
	T_OK(!v.incomplete && !v.order_wrong && !v.trusted,
	    "self-signed: not incomplete");
}

static void
t_limits(void)
{
	static const char *const many[] = { "root", "root", "root", "root",
		"root", "root", "root", "root", "root", "root", "root", "root",
		"root", "root", "root", "root", "root", "root", NULL };
	static const char *const c_rsa[] = { "leafrsa", "inter", NULL };
	struct ca_verdict v;
	int e;

	mkchain(c_rsa);
	ca_load(&cs, bundle("many.pem", many, 0), &chain, &e);
	T_OK(cs.count == 18 && cs.nta == MX_TA_MAX && cs.truncated,
	    "18 matching anchors: MX_TA_MAX kept, truncated");
	ca_verify(&cs, &chain, &v);
	T_OK(v.trusted && v.ca_truncated, "still trusted, ca_truncated reported");
}

/* The DER walk's notBefore agrees with BearSSL's decoder on real certs. */
static void
t_dates(void)
{
	static struct pem_rd rd;
	static br_x509_decoder_context dec;
	static struct ca_store empty;
	struct blob b = slurp(sysbundle);
	struct ca_verdict v;
	size_t off = 0, used;
	unsigned n = 0, bad = 0;

	if (b.p == NULL) {
		printf("# skip: no %s\n", sysbundle);
		return;
	}
	pem_init(&rd);
	while (off < b.len && pem_feed(&rd, b.p + off, b.len - off, &used)) {
		off += used;
		memset(&chain, 0, sizeof chain);
		memcpy(chain.arena, rd.der, rd.der_len);
		chain.len[0] = rd.der_len;
		chain.n = chain.kept = 1;
		br_x509_decoder_init(&dec, NULL, NULL);
		br_x509_decoder_push(&dec, rd.der, rd.der_len);
		ca_verify(&empty, &chain, &v);
		n++;
		if (v.days != dec.notbefore_days ||
		    v.seconds != dec.notbefore_seconds)
			bad++;
	}
	free(b.p);
	T_OK(n > 100 && bad == 0, "system bundle: notBefore as BearSSL decodes it");
}

static void
t_reasons(void)
{
	int i, bad = 0;
	const char *s;

	for (i = BR_ERR_X509_OK; i <= BR_ERR_X509_NOT_TRUSTED; i++) {
		if (i == 61)
			continue;
		s = ca_reason_str(i);
		if (s == NULL || strspn(s, "abcdefghijklmnopqrstuvwxyz-") !=
		    strlen(s) || strcmp(s, "error") == 0)
			bad++;
	}
	T_EQ_INT(bad, 0, "every X.509 code has a kebab-case reason");
	T_EQ_STR(ca_reason_str(0), "ok", "0: ok");
	T_EQ_STR(ca_reason_str(BR_ERR_X509_EXPIRED), "expired", "expired");
	T_EQ_STR(ca_reason_str(BR_ERR_X509_BAD_SIGNATURE), "bad-signature",
	    "bad-signature");
	T_EQ_STR(ca_reason_str(BR_ERR_X509_NOT_TRUSTED), "not-trusted",
	    "not-trusted");
	T_EQ_STR(ca_reason_str(BR_ERR_BAD_MAC), "error", "non-X.509 code: error");
	T_EQ_STR(ca_reason_str(-5), "error", "negative: error");
	T_EQ_STR(ca_reason_str(100000), "error", "huge: error");
}

int
main(void)
{
	char cmd[256];

	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("GEN", gen, 1);
	snprintf(cmd, sizeof cmd, "cd %s && sh -c \"$GEN\"", dir);
	if (!T_OK(system(cmd) == 0, "openssl made the test certificates"))
		return T_DONE();
	printf("# sizeof(struct ca_store) = %zu\n", sizeof(struct ca_store));
	t_load();
	t_verify();
	t_order();
	t_limits();
	t_dates();
	t_reasons();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
