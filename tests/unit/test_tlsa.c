/*
 * test_tlsa.c -- DANE TLSA records against recorded chains: every usage,
 * selector and matching type, DANE-TA paths, names and dates, unusable
 * records, rollover readiness.  The PKI is made with openssl at test time
 * and so is every record's data (openssl dgst over the DER and over the
 * SPKI that openssl extracts), independently of the code under test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "mxprobe/tlsa.h"

static char dir[] = "/tmp/mxprobe-tlsa-XXXXXX";

/*
 * root -> inter -> leaf (EC, mx.example.test), wrong (other.example.test),
 * expired (2001-2002), future (2098-2099); root -> inter2 (EC) -> leaf2;
 * other: an unrelated root; self: a self-signed leaf; notca (CA:FALSE)
 * under root -> leafn; eccert (P-384 root) -> leafe; root -> oldinter
 * (expired 2025) -> leafo (valid to 2099); next: a key only
 * (a published next key).  For each certificate X: X.der, X.spki (DER),
 * X.c1/X.c2 (SHA-256/512 of the DER), X.s1/X.s2 (of the SPKI).
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
"[ v3_notca ]\nbasicConstraints = critical,CA:FALSE\n"
"keyUsage = critical,keyCertSign,cRLSign\n"
"[ v3_leaf ]\nbasicConstraints = CA:FALSE\n"
"keyUsage = digitalSignature,keyEncipherment,keyAgreement\n"
"subjectAltName = DNS:mx.example.test\n"
"[ v3_wrong ]\nbasicConstraints = CA:FALSE\n"
"subjectAltName = DNS:other.example.test\n"
"[ v3_wild ]\nbasicConstraints = CA:FALSE\n"
"subjectAltName = DNS:*.example.test\n"
"EOF\n"
": > index.txt; echo 01 > serial\n"
"rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $1.key 2>/dev/null; }\n"
"ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$2 -out $1.key; }\n"
"sign() { # name subject-cn issuer ext start end\n"
"  openssl req -new -key $1.key -subj /CN=$2 -out $1.csr\n"
"  if [ $3 = self ]; then a='-selfsign -keyfile '$1.key; else a='-cert '$3.pem' -keyfile '$3.key; fi\n"
"  openssl ca -batch -notext -config ca.cnf $a -in $1.csr -out $1.pem -extensions $4 -startdate $5 -enddate $6 2>/dev/null\n"
"  openssl x509 -in $1.pem -outform DER -out $1.der\n"
"  openssl x509 -in $1.pem -noout -pubkey | openssl pkey -pubin -outform DER -out $1.spki\n"
"  dg $1\n"
"}\n"
"dg() {\n"
"  openssl dgst -sha256 -binary -out $1.s1 $1.spki\n"
"  openssl dgst -sha512 -binary -out $1.s2 $1.spki\n"
"  if [ -f $1.der ]; then\n"
"    openssl dgst -sha256 -binary -out $1.c1 $1.der\n"
"    openssl dgst -sha512 -binary -out $1.c2 $1.der\n"
"  fi\n"
"}\n"
"Y0=20000101000000Z; Y9=20991231235959Z\n"
"rsa root; sign root mxprobe-root self v3_ca $Y0 $Y9\n"
"rsa other; sign other mxprobe-other self v3_ca $Y0 $Y9\n"
"rsa inter; sign inter mxprobe-inter root v3_ca $Y0 $Y9\n"
"ec leaf P-256; sign leaf mx.example.test inter v3_leaf 20200101000000Z $Y9\n"
"ec wrong P-256; sign wrong other.example.test inter v3_wrong 20200101000000Z $Y9\n"
"ec wild P-256; sign wild wild.example.test inter v3_wild 20200101000000Z $Y9\n"
"ec expired P-256; sign expired mx.example.test inter v3_leaf 20010101000000Z 20020101000000Z\n"
"ec future P-256; sign future mx.example.test inter v3_leaf 20980101000000Z $Y9\n"
"ec inter2 P-256; sign inter2 mxprobe-inter2 root v3_ca $Y0 $Y9\n"
"ec leaf2 P-256; sign leaf2 mx.example.test inter2 v3_leaf 20200101000000Z $Y9\n"
"ec self P-256; sign self mx.example.test self v3_leaf 20200101000000Z $Y9\n"
"rsa notca; sign notca mxprobe-notca root v3_notca $Y0 $Y9\n"
"ec leafn P-256; sign leafn mx.example.test notca v3_leaf 20200101000000Z $Y9\n"
"ec eccert P-384; sign eccert mxprobe-ec-root self v3_ca $Y0 $Y9\n"
"ec leafe P-256; sign leafe mx.example.test eccert v3_leaf 20200101000000Z $Y9\n"
"rsa oldinter; sign oldinter mxprobe-oldinter root v3_ca $Y0 20250101000000Z\n"
"ec leafo P-256; sign leafo mx.example.test oldinter v3_leaf 20200101000000Z $Y9\n"
"ec next P-256; openssl pkey -in next.key -pubout -outform DER -out next.spki; dg next\n";

/* 2030-01-01T00:00:00Z */
#define NOW	1893456000

struct blob {
	unsigned char	*p;
	size_t		 len;
};

/* files read so far, freed at the end */
static struct {
	char		 path[256];
	struct blob	 b;
} files[128];
static unsigned nfiles;

/* dir/name.ext, whole; read once, kept until the end of the test */
static struct blob
get(const char *name, const char *ext)
{
	struct blob b = { NULL, 0 };
	char path[256];
	unsigned i;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, path) == 0)
			return files[i].b;
	if ((f = fopen(path, "rb")) == NULL) {
		printf("# missing %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.p = malloc((size_t)n + 1);
	b.len = fread(b.p, 1, (size_t)n, f);
	fclose(f);
	if (nfiles == sizeof files / sizeof files[0]) {
		printf("# too many files\n");
		exit(1);
	}
	strcpy(files[nfiles].path, path);
	files[nfiles++].b = b;
	return b;
}

static struct tls_chain chain;

/* The chain of the named certificates, in that order. */
static const struct tls_chain *
mkchain(const char *const *names)
{
	struct blob b;
	size_t used = 0;

	memset(&chain, 0, sizeof chain);
	for (; *names; names++) {
		b = get(*names, "der");
		chain.off[chain.kept] = used;
		chain.len[chain.kept] = b.len;
		memcpy(chain.arena + used, b.p, b.len);
		used += b.len;
		chain.kept++;
		chain.n++;
	}
	return &chain;
}

/*
 * A record: usage u, selector s, matching type m, with the data openssl
 * made for certificate (or key) name.
 */
static struct dnsmsg_tlsa
rec(unsigned u, unsigned s, unsigned m, const char *name)
{
	static const char *const ext[2][3] = {
		{ "der", "c1", "c2" }, { "spki", "s1", "s2" }
	};
	struct dnsmsg_tlsa t;
	struct blob b;

	b = get(name, ext[s & 1][m % 3]);
	t.usage = (uint8_t)u;
	t.selector = (uint8_t)s;
	t.mtype = (uint8_t)m;
	t.data = b.p;
	t.dlen = b.len;
	return t;
}

static const char *const mxname[] = { "mx.example.test" };
static struct tlsa_verdict v;

static void
verify1(struct dnsmsg_tlsa t, const struct tls_chain *c)
{
	tlsa_verify(&t, 1, c, mxname, 1, NOW, &v);
}

static void
t_usable(void)
{
	static const unsigned char d64[64];
	struct {
		unsigned	 u, s, m;
		size_t		 len;
		enum tlsa_use	 want;
		const char	*name;
	} c[] = {
		{ 3, 1, 1, 32, TLSA_USABLE, "3 1 1, 32 bytes: usable" },
		{ 3, 0, 2, 64, TLSA_USABLE, "3 0 2, 64 bytes: usable" },
		{ 2, 0, 0, 5, TLSA_USABLE, "2 0 0, any length: usable" },
		{ 2, 1, 1, 32, TLSA_USABLE, "2 1 1: usable" },
		{ 0, 1, 1, 32, TLSA_U_PKIX, "0 1 1: PKIX-TA unusable" },
		{ 1, 0, 1, 32, TLSA_U_PKIX, "1 0 1: PKIX-EE unusable" },
		{ 4, 1, 1, 32, TLSA_U_USAGE, "usage 4: unknown" },
		{ 255, 1, 1, 32, TLSA_U_USAGE, "usage 255 (private): unknown" },
		{ 3, 2, 1, 32, TLSA_U_SELECTOR, "selector 2: unknown" },
		{ 3, 1, 3, 32, TLSA_U_MTYPE, "matching type 3: unknown" },
		{ 3, 1, 1, 31, TLSA_U_LENGTH, "3 1 1, 31 bytes: bad length" },
		{ 3, 1, 1, 33, TLSA_U_LENGTH, "3 1 1, 33 bytes: bad length" },
		{ 3, 1, 1, 64, TLSA_U_LENGTH, "3 1 1, 64 bytes: bad length" },
		{ 3, 1, 2, 32, TLSA_U_LENGTH, "3 1 2, 32 bytes: bad length" },
		{ 3, 1, 0, 0, TLSA_U_LENGTH, "3 1 0, empty: bad length" },
		{ 2, 1, 1, 0, TLSA_U_LENGTH, "2 1 1, empty: bad length" },
		{ 0, 9, 9, 0, TLSA_U_PKIX, "usage judged first" },
	};
	struct dnsmsg_tlsa t;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		t.usage = (uint8_t)c[i].u;
		t.selector = (uint8_t)c[i].s;
		t.mtype = (uint8_t)c[i].m;
		t.data = d64;
		t.dlen = c[i].len;
		T_EQ_INT(tlsa_usable(&t), c[i].want, c[i].name);
	}
}

static void
t_strings(void)
{
	char buf[TLSA_TEXT_MAX];
	struct dnsmsg_tlsa t = { 255, 255, 255, NULL, 0 };
	const char *s[TLSA_U__COUNT + TLSA_F__COUNT];
	unsigned i, j, n = 0, bad = 0;

	tlsa_text(&t, buf);
	T_EQ_STR(buf, "255 255 255", "text of the widest record");
	t.usage = 3;
	t.selector = 1;
	t.mtype = 1;
	tlsa_text(&t, buf);
	T_EQ_STR(buf, "3 1 1", "text of 3 1 1");
	t.usage = 10;
	t.selector = 0;
	t.mtype = 100;
	tlsa_text(&t, buf);
	T_EQ_STR(buf, "10 0 100", "text of 10 0 100");

	for (i = 0; i < TLSA_U__COUNT; i++)
		s[n++] = tlsa_use_str((enum tlsa_use)i);
	T_OK(tlsa_fail_str(TLSA_F_NONE) == NULL, "no failure: NULL");
	for (i = 1; i < TLSA_F__COUNT; i++)
		s[n++] = tlsa_fail_str((enum tlsa_fail)i);
	for (i = 0; i < n; i++) {
		if (s[i] == NULL || s[i][0] == '\0' ||
		    strspn(s[i], "abcdefghijklmnopqrstuvwxyz-") != strlen(s[i]))
			bad++;
		for (j = 0; j < i; j++)
			if (s[i] != NULL && s[j] != NULL &&
			    strcmp(s[i], s[j]) == 0)
				bad++;
	}
	T_EQ_INT(bad, 0, "strings: set, distinct, [a-z-]");
	T_EQ_STR(tlsa_use_str(TLSA_U__COUNT), "unknown", "use out of range");
	T_OK(tlsa_fail_str(TLSA_F__COUNT) == NULL, "fail out of range: NULL");
	T_EQ_STR(tlsa_fail_str(TLSA_F_INVALID), "tlsa-invalid",
	    "RFC 8460 tlsa-invalid");
	T_EQ_STR(tlsa_fail_str(TLSA_F_HOST), "certificate-host-mismatch",
	    "RFC 8460 certificate-host-mismatch");
}

/* Every selector x matching type, DANE-EE then DANE-TA, match and not. */
static void
t_grid(void)
{
	static const char *const c_li[] = { "leaf", "inter", NULL };
	static const char *const c_lir[] = { "leaf", "inter", "root", NULL };
	char name[128], want[TLSA_TEXT_MAX];
	unsigned s, m;

	for (s = 0; s < 2; s++)
		for (m = 0; m < 3; m++) {
			snprintf(want, sizeof want, "3 %u %u", s, m);
			verify1(rec(3, s, m, "leaf"), mkchain(c_li));
			snprintf(name, sizeof name, "%s of the leaf: ok", want);
			T_OK(v.result == TLSA_OK && v.match == 0 &&
			    v.match_depth == 0 && v.fail == TLSA_F_NONE &&
			    v.usable == 1, name);
			T_EQ_STR(v.match_text, want, "match text");
			verify1(rec(3, s, m, "wrong"), mkchain(c_li));
			snprintf(name, sizeof name,
			    "%s of another leaf: validation-failure", want);
			T_OK(v.result == TLSA_FAIL && v.match == -1 &&
			    v.fail == TLSA_F_VALIDATION, name);
			verify1(rec(3, s, m, "inter"), mkchain(c_li));
			snprintf(name, sizeof name,
			    "%s of the issuer: DANE-EE is the leaf only", want);
			T_OK(v.result == TLSA_FAIL && v.rec[0].depth == -1,
			    name);

			snprintf(want, sizeof want, "2 %u %u", s, m);
			verify1(rec(2, s, m, "inter"), mkchain(c_li));
			snprintf(name, sizeof name, "%s of the intermediate: ok",
			    want);
			T_OK(v.result == TLSA_OK && v.match == 0 &&
			    v.match_depth == 1 && !v.rec[0].from_record, name);
			T_EQ_STR(v.match_text, want, "match text");
			verify1(rec(2, s, m, "root"), mkchain(c_lir));
			snprintf(name, sizeof name, "%s of the root (sent): ok",
			    want);
			T_OK(v.result == TLSA_OK && v.match_depth == 2, name);
			verify1(rec(2, s, m, "other"), mkchain(c_lir));
			snprintf(name, sizeof name,
			    "%s of an unrelated CA: validation-failure", want);
			T_OK(v.result == TLSA_FAIL &&
			    v.fail == TLSA_F_VALIDATION && v.rec[0].depth == -1,
			    name);
		}
}

static void
t_ee(void)
{
	static const char *const c_exp[] = { "expired", "inter", NULL };
	static const char *const c_fut[] = { "future", NULL };
	static const char *const c_wrong[] = { "wrong", "inter", NULL };
	static const char *const c_self[] = { "self", NULL };
	static const char *const c_junk[] = { "leaf", "other", "wrong",
		NULL };

	verify1(rec(3, 1, 1, "expired"), mkchain(c_exp));
	T_OK(v.result == TLSA_OK, "DANE-EE: an expired leaf still matches");
	verify1(rec(3, 1, 1, "future"), mkchain(c_fut));
	T_OK(v.result == TLSA_OK, "DANE-EE: a not-yet-valid leaf matches");
	verify1(rec(3, 0, 1, "wrong"), mkchain(c_wrong));
	T_OK(v.result == TLSA_OK, "DANE-EE: the name is not checked");
	verify1(rec(3, 1, 2, "self"), mkchain(c_self));
	T_OK(v.result == TLSA_OK, "DANE-EE: a self-signed leaf alone");
	verify1(rec(3, 1, 1, "leaf"), mkchain(c_junk));
	T_OK(v.result == TLSA_OK, "DANE-EE: the rest of the chain is ignored");
	chain.arena[chain.off[0] + chain.len[0] - 1] ^= 1;
	verify1(rec(3, 1, 1, "leaf"), &chain);
	T_OK(v.result == TLSA_OK,
	    "DANE-EE 3 1 1: a broken leaf signature does not matter");
	verify1(rec(3, 0, 1, "leaf"), &chain);
	T_OK(v.result == TLSA_FAIL, "DANE-EE 3 0 1: the changed DER does not "
	    "match");
}

static void
t_ta(void)
{
	static const char *const c_li[] = { "leaf", "inter", NULL };
	static const char *const c_l[] = { "leaf", NULL };
	static const char *const c_exp[] = { "expired", "inter", NULL };
	static const char *const c_fut[] = { "future", "inter", NULL };
	static const char *const c_wrong[] = { "wrong", "inter", NULL };
	static const char *const c_wild[] = { "wild", "inter", NULL };
	static const char *const c_self[] = { "self", NULL };
	static const char *const c_order[] = { "leaf2", "root", "inter2",
		NULL };
	static const char *const c_n[] = { "leafn", "notca", "root", NULL };
	static const char *const c_e[] = { "leafe", NULL };
	static const char *const c_ee[] = { "leafe", "eccert", NULL };
	static const char *const c_old[] = { "leafo", "oldinter", "root",
		NULL };
	static const char *const c_lo[] = { "leafo", NULL };
	static const char *const c_lio[] = { "leaf", "inter", "other", NULL };
	static const char *const c_lir[] = { "leaf", "inter", "root", NULL };
	static const char *const two[] = { "mx.example.test",
		"alias.example.test" };
	static const char *const cname[] = { "mx2.example.test",
		"other.example.test" };
	static const char *const none[] = { NULL };
	struct dnsmsg_tlsa t[2];

	verify1(rec(2, 1, 1, "root"), mkchain(c_li));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION,
	    "2 1 1 of a root not sent: validation-failure (a digest cannot "
	    "anchor)");
	verify1(rec(2, 0, 0, "root"), mkchain(c_li));
	T_OK(v.result == TLSA_OK && v.rec[0].from_record &&
	    v.match_depth == -1, "2 0 0 of a root not sent: the record anchors");
	verify1(rec(2, 1, 0, "root"), mkchain(c_li));
	T_OK(v.result == TLSA_OK && v.rec[0].from_record,
	    "2 1 0 of a root not sent: the bare key anchors");
	verify1(rec(2, 1, 0, "inter"), mkchain(c_l));
	T_OK(v.result == TLSA_OK && v.rec[0].from_record,
	    "2 1 0 of the issuer, leaf sent alone: ok");
	verify1(rec(2, 1, 0, "other"), mkchain(c_li));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION,
	    "2 1 0 of an unrelated key: validation-failure");
	verify1(rec(2, 0, 0, "other"), mkchain(c_li));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION &&
	    v.br_err == BR_ERR_X509_NOT_TRUSTED,
	    "2 0 0 of an unrelated CA: validation-failure, not trusted");
	verify1(rec(2, 1, 0, "eccert"), mkchain(c_e));
	T_OK(v.result == TLSA_OK, "2 1 0 of a P-384 root not sent: ok");
	verify1(rec(2, 0, 0, "eccert"), mkchain(c_e));
	T_OK(v.result == TLSA_OK, "2 0 0 of a P-384 root not sent: ok");
	verify1(rec(2, 1, 1, "eccert"), mkchain(c_ee));
	T_OK(v.result == TLSA_OK, "2 1 1 of a P-384 root sent: ok");

	verify1(rec(2, 1, 1, "inter"), mkchain(c_exp));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_EXPIRED,
	    "DANE-TA, expired leaf: certificate-expired");
	T_EQ_STR(tlsa_fail_str(v.fail), "certificate-expired", "its words");
	verify1(rec(2, 1, 1, "inter"), mkchain(c_fut));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_EXPIRED,
	    "DANE-TA, leaf not yet valid: certificate-expired");
	tlsa_verify(&t[0], 0, NULL, NULL, 0, 0, &v);	/* scratch reset */
	t[0] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 1, mkchain(c_exp), mxname, 1, 1009843200, &v);
	T_OK(v.result == TLSA_OK, "DANE-TA at 2002-01-01 (inside): ok");

	verify1(rec(2, 1, 1, "inter"), mkchain(c_wrong));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_HOST,
	    "DANE-TA, leaf of another name: certificate-host-mismatch");
	t[0] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 1, mkchain(c_wrong), cname, 2, NOW, &v);
	T_OK(v.result == TLSA_OK,
	    "DANE-TA: the second reference identifier (MX before CNAME)");
	tlsa_verify(t, 1, mkchain(c_li), two, 2, NOW, &v);
	T_OK(v.result == TLSA_OK, "DANE-TA: the first reference identifier");
	tlsa_verify(t, 1, mkchain(c_li), none, 1, NOW, &v);
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_HOST,
	    "DANE-TA: a NULL name matches nothing");
	tlsa_verify(t, 1, mkchain(c_li), NULL, 0, NOW, &v);
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_HOST,
	    "DANE-TA: no reference identifier, no match");
	verify1(rec(2, 1, 1, "inter"), mkchain(c_wild));
	T_OK(v.result == TLSA_OK, "DANE-TA: *.example.test covers mx.");

	verify1(rec(2, 1, 1, "inter"), mkchain(c_li));
	chain.arena[chain.off[0] + chain.len[0] - 1] ^= 1;
	verify1(rec(2, 1, 1, "inter"), &chain);
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION &&
	    v.br_err != 0, "DANE-TA: a broken leaf signature fails");
	printf("# br_err %d\n", v.br_err);

	verify1(rec(2, 1, 1, "root"), mkchain(c_order));
	T_OK(v.result == TLSA_OK && v.match_depth == 1,
	    "DANE-TA: root at 1, inter2 at 2 (out of order): the path is "
	    "built");
	verify1(rec(2, 1, 1, "inter2"), mkchain(c_order));
	T_OK(v.result == TLSA_OK && v.match_depth == 2,
	    "DANE-TA: the issuer sent last");

	verify1(rec(2, 1, 1, "root"), mkchain(c_n));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION &&
	    v.br_err == BR_ERR_X509_NOT_CA,
	    "DANE-TA: an intermediate that is not a CA: not-ca");
	verify1(rec(2, 1, 1, "notca"), mkchain(c_n));
	T_OK(v.result == TLSA_OK,
	    "DANE-TA: the anchor itself is trusted by the record");

	verify1(rec(2, 1, 1, "leaf"), mkchain(c_li));
	T_OK(v.result == TLSA_FAIL && v.ta_leaf && v.rec[0].depth == 0 &&
	    v.fail == TLSA_F_VALIDATION,
	    "2 1 1 of the leaf: not used as an anchor (ta_leaf)");
	verify1(rec(2, 0, 0, "self"), mkchain(c_self));
	T_OK(v.result == TLSA_FAIL && v.ta_leaf,
	    "2 0 0 of a self-signed leaf: not used either");
	verify1(rec(2, 1, 0, "self"), mkchain(c_self));
	T_OK(v.result == TLSA_FAIL && v.ta_leaf,
	    "2 1 0 of a self-signed leaf: not used either");

	verify1(rec(2, 1, 1, "root"), mkchain(c_old));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_EXPIRED,
	    "DANE-TA root, expired intermediate on the path: expired");
	verify1(rec(2, 1, 1, "oldinter"), mkchain(c_old));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_EXPIRED,
	    "DANE-TA: the expired anchor certificate itself: expired");
	verify1(rec(2, 1, 0, "oldinter"), mkchain(c_lo));
	T_OK(v.result == TLSA_OK && v.rec[0].from_record,
	    "DANE-TA 2 1 0 of that key, not sent: a bare key has no dates");
	verify1(rec(2, 1, 1, "other"), mkchain(c_lio));
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_VALIDATION &&
	    v.rec[0].depth == 2 && v.br_err == BR_ERR_X509_NOT_TRUSTED,
	    "DANE-TA of a sent certificate off the path: not trusted");

	/* the best failure is reported */
	t[0] = rec(2, 1, 1, "other");
	t[1] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 2, mkchain(c_wrong), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_FAIL && v.fail == TLSA_F_HOST &&
	    v.rec[0].fail == TLSA_F_NONE && v.rec[1].fail == TLSA_F_HOST,
	    "two TA records: the closest failure (host mismatch) reported");
	t[0] = rec(2, 1, 1, "inter");
	t[1] = rec(3, 1, 1, "expired");
	tlsa_verify(t, 2, mkchain(c_exp), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_OK && v.match == 1 &&
	    v.rec[0].fail == TLSA_F_EXPIRED && v.rec[1].ok,
	    "TA fails on dates, EE matches: ok by record 2");
	T_EQ_STR(v.match_text, "3 1 1", "match text of record 2");
	t[0] = rec(2, 1, 1, "inter");
	t[1] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 2, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_OK && v.match == 1 && v.rec[0].ok &&
	    v.rec[1].ok, "TA and EE both match: the EE record is reported");
	t[0] = rec(3, 1, 1, "leaf");
	t[1] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 2, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.match == 0, "... whatever the order");
	t[0] = rec(2, 1, 1, "root");
	t[1] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.match == 0 && v.match_depth == 2,
	    "two TA records: the first in order");
}

static void
t_sets(void)
{
	static const char *const c_li[] = { "leaf", "inter", NULL };
	static const char *const c_lir[] = { "leaf", "inter", "root", NULL };
	struct dnsmsg_tlsa t[MX_TLSA_MAX + 2];
	unsigned i;

	tlsa_verify(t, 0, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_NONE && v.n == 0 && v.match == -1,
	    "no records: none");

	t[0] = rec(0, 1, 1, "leaf");
	t[1] = rec(1, 0, 1, "leaf");
	t[2] = rec(0, 0, 1, "root");
	tlsa_verify(t, 3, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_UNUSABLE && v.fail == TLSA_F_INVALID &&
	    v.usable == 0 && v.n == 3,
	    "usages 0 and 1 only: unusable, tlsa-invalid");
	T_OK(v.rec[0].use == TLSA_U_PKIX && v.rec[1].use == TLSA_U_PKIX,
	    "each says usage-pkix-unusable");
	T_EQ_STR(tlsa_use_str(v.rec[1].use), "usage-pkix-unusable", "words");
	tlsa_verify(t, 3, NULL, mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_UNUSABLE, "unusable without a chain too");

	t[0] = rec(3, 1, 1, "leaf");
	t[0].dlen = 31;
	t[1] = rec(3, 1, 2, "leaf");
	t[1].dlen = 32;
	tlsa_verify(t, 2, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_UNUSABLE && v.rec[0].use == TLSA_U_LENGTH &&
	    v.rec[1].use == TLSA_U_LENGTH,
	    "digests of the wrong length: unusable");

	t[0] = rec(1, 1, 1, "leaf");
	t[1] = rec(3, 1, 1, "leaf");
	t[1].dlen = 31;
	t[2] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 3, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_OK && v.match == 2 && v.usable == 1,
	    "unusable records skipped, the usable one matches");

	t[0] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 1, NULL, mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_NO_CHAIN && v.usable == 1,
	    "usable records without a chain: no-chain");
	memset(&chain, 0, sizeof chain);
	tlsa_verify(t, 1, &chain, mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_NO_CHAIN, "empty chain: no-chain");

	for (i = 0; i < MX_TLSA_MAX + 1; i++)
		t[i] = rec(3, 1, 1, "wrong");
	t[MX_TLSA_MAX] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, MX_TLSA_MAX + 1, mkchain(c_li), mxname, 1, NOW, &v);
	T_OK(v.truncated && v.n == MX_TLSA_MAX && v.result == TLSA_FAIL,
	    "records past MX_TLSA_MAX: ignored, truncated");

	mkchain(c_li);
	chain.truncated = 1;
	chain.n = 3;
	tlsa_verify(t, 1, &chain, mxname, 1, NOW, &v);
	T_OK(v.chain_truncated, "a truncated chain is said");
}

static void
t_rollover(void)
{
	static const char *const c_lir[] = { "leaf", "inter", "root", NULL };
	struct dnsmsg_tlsa t[4];

	t[0] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 1, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_OK && !v.rollover, "one 3 1 1: not ready");
	t[1] = rec(3, 0, 1, "leaf");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(!v.rollover, "3 1 1 + 3 0 1 of the same leaf: not ready");
	t[1] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(!v.rollover, "the same record twice: not ready");
	t[1] = rec(3, 1, 1, "next");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_OK && v.rollover,
	    "3 1 1 current + 3 1 1 next key: ready");
	t[1] = rec(2, 1, 1, "inter");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.rollover, "3 1 1 + 2 1 1 of the issuer: ready");
	t[0] = rec(2, 1, 1, "root");
	t[1] = rec(2, 0, 2, "inter");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(v.rollover, "2 x x of root and of intermediate: ready");
	t[0] = rec(3, 1, 1, "leaf");
	t[1] = rec(0, 1, 1, "next");
	tlsa_verify(t, 2, mkchain(c_lir), mxname, 1, NOW, &v);
	T_OK(!v.rollover, "the second record unusable: not ready");
	t[1] = rec(3, 1, 1, "next");
	tlsa_verify(t, 2, NULL, mxname, 1, NOW, &v);
	T_OK(v.result == TLSA_NO_CHAIN && v.rollover,
	    "no chain: two different records are ready");
	t[1] = rec(3, 1, 1, "leaf");
	tlsa_verify(t, 2, NULL, mxname, 1, NOW, &v);
	T_OK(!v.rollover, "no chain: the same data twice is not");
}

int
main(void)
{
	char cmd[256];

	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("GEN", gen, 1);
	snprintf(cmd, sizeof cmd, "cd %s && sh -c \"$GEN\" >/dev/null", dir);
	if (!T_OK(system(cmd) == 0, "openssl made the test certificates"))
		return T_DONE();
	t_usable();
	t_strings();
	t_grid();
	t_ee();
	t_ta();
	t_sets();
	t_rollover();
	while (nfiles > 0)
		free(files[--nfiles].b.p);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
