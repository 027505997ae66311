/*
 * fuzz_x509.c -- x509_parse and the RFC 6125 matcher on arbitrary bytes.
 *
 * The input is parsed as one DER certificate.  The target traps if a
 * result breaks the contract of struct x509_facts: every text NUL-
 * terminated inside its array, subject/issuer printable ASCII, san made
 * of [A-Za-z0-9.*_?-] names joined by single commas, raw DER pointers
 * inside the input and starting with a SEQUENCE, everything zero after a
 * failure.  The same bytes then serve as a host name and as a pattern, so
 * the matcher sees hostile strings too (its answer must be 0 or 1, and a
 * pattern holding a NUL or '?' must never match).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/x509.h"
#include "mxprobe/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static: the facts are ~3.5 KB */
static struct x509_facts f;
static const struct x509_facts zero;
static char host[MX_NAME_MAX + 2];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
check_text(const char *s, size_t cap, int ascii)
{
	size_t n;

	n = strnlen(s, cap);
	check(n < cap);
	while (ascii && n-- > 0)
		check(s[n] >= 0x20 && s[n] < 0x7f);
}

static void
check_der(const unsigned char *p, size_t n, const uint8_t *data, size_t size)
{
	check(p >= data && n >= 2 && n <= size &&
	    (size_t)(p - data) <= size - n && p[0] == 0x30);
}

static void
check_san(const char *s)
{
	size_t i, n;

	n = strlen(s);
	for (i = 0; i < n; i++) {
		if (s[i] == ',') {
			/* empty names are not listed */
			check(i > 0 && i + 1 < n && s[i + 1] != ',');
			continue;
		}
		check((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr(".*_?-", s[i]) != NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;
	int err, rc, m;

	rc = x509_parse(data, size, &f, &err);
	if (rc != 0) {
		check(rc == -1 && (err == MX_E_SHORT || err == MX_E_SYNTAX));
		check(memcmp(&f, &zero, sizeof f) == 0);
	} else {
		check(err == MX_OK);
		check_text(f.subject, sizeof f.subject, 1);
		check_text(f.issuer, sizeof f.issuer, 1);
		check_text(f.cn, sizeof f.cn, 1);
		check_text(f.san, sizeof f.san, 1);
		check_text(f.key_curve, sizeof f.key_curve, 1);
		check_text(f.sig_alg, sizeof f.sig_alg, 1);
		check(f.sig_alg[0] != '\0');
		check_san(f.san);
		check(f.san[0] == '\0' || f.san_count > 0);
		check(f.san_count == 0 || f.has_san_ext);
		check(!f.san_truncated || f.san_count > 0);
		check_der(f.subject_der, f.subject_der_len, data, size);
		check_der(f.issuer_der, f.issuer_der_len, data, size);
		check_der(f.spki_der, f.spki_der_len, data, size);
		check(f.self_issued == (f.subject_der_len ==
		    f.issuer_der_len && memcmp(f.subject_der, f.issuer_der,
		    f.subject_der_len) == 0));
		check(f.key_type <= X509_KEY_DSA);
		check(x509_key_str(f.key_type) != NULL);
		check(x509_host_match(&f, f.cn) <= 1);
	}

	/* the input as host name and as pattern */
	n = size < sizeof host - 1 ? size : sizeof host - 1;
	memcpy(host, data, n);
	host[n] = '\0';
	m = x509_host_match(&f, host);
	check(m == 0 || m == 1);
	m = x509_name_match((const char *)data, size, host);
	check(m == 0 || m == 1);
	if (memchr(data, '\0', size) != NULL || memchr(data, '?', size) != NULL)
		check(m == 0);
	m = x509_name_match((const char *)data, size, "mx.example.org");
	check(m == 0 || m == 1);
	return 0;
}
