/*
 * fuzz_tlsrpt.c -- the TLS-RPT record on arbitrary bytes.
 *
 * A valid record must start with the version, hold at least one URI, and
 * every URI kept must lie inside the rua value, start with "mailto:" or
 * "https://" as its scheme says, and hold no ',' '!' ';' or whitespace;
 * the counts and the truncated flag must agree.  The record written back
 * from the URIs kept must read the same.  An invalid one must name its
 * reason, and for tlsrpt-bad-uri a URI inside the text.  The target traps
 * on any violation.
 *
 * Seeds (tests/fuzz/corpus/tlsrpt/): records as published (mailto, https,
 * both, extensions) and hostile ones (DMARC "!10m" suffix, ",,", NUL and
 * high bytes, userinfo, ports, many URIs).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/tlsrpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tlsrpt	 r, r2;
static char		 text[16 + MX_TLSRPT_RUA_MAX * (MX_TXT_MAX + 1)];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
prefix_nocase(const char *p, size_t n, const char *s)
{
	size_t	 i, k = strlen(s);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if ((p[i] | 0x20) != s[i] && p[i] != s[i])
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data;
	unsigned	 i, kept;
	size_t		 k, j;
	int		 rc;

	rc = tlsrpt_parse(&r, p, size);
	check(tlsrpt_is_record(p, size) == (size >= 10 &&
	    memcmp(p, "v=TLSRPTv1", 10) == 0 && (size == 10 ||
	    p[10] == ';' || p[10] == ' ' || p[10] == '\t')));
	if (rc != 0) {
		check(rc == -1 && r.error != NULL && r.err_off <= size);
		if (strcmp(r.error, "tlsrpt-bad-uri") == 0)
			check(r.bad >= p && r.bad_len >= 1 &&
			    r.bad_len <= size - (size_t)(r.bad - p));
		else
			check(r.bad == NULL);
		return 0;
	}
	check(r.error == NULL && tlsrpt_is_record(p, size));
	check(r.nrua >= 1 && r.rua_truncated == (r.nrua > MX_TLSRPT_RUA_MAX));
	check(r.rua >= p && r.rua_len <= size - (size_t)(r.rua - p));
	kept = r.nrua < MX_TLSRPT_RUA_MAX ? r.nrua : MX_TLSRPT_RUA_MAX;
	for (i = 0; i < kept; i++) {
		check(r.uri[i].p >= r.rua && r.uri[i].len >= 1 &&
		    r.uri[i].len <= r.rua_len - (size_t)(r.uri[i].p - r.rua));
		check(r.uri[i].scheme == TLSRPT_MAILTO ?
		    prefix_nocase(r.uri[i].p, r.uri[i].len, "mailto:") :
		    r.uri[i].scheme == TLSRPT_HTTPS &&
		    prefix_nocase(r.uri[i].p, r.uri[i].len, "https://"));
		for (j = 0; j < r.uri[i].len; j++)
			check(strchr(",!; \t", r.uri[i].p[j]) == NULL &&
			    r.uri[i].p[j] != '\0');
	}
	/* written back from the URIs kept */
	memcpy(text, "v=TLSRPTv1;rua=", 15);
	k = 15;
	for (i = 0; i < kept; i++) {
		memcpy(text + k, r.uri[i].p, r.uri[i].len);
		k += r.uri[i].len;
		text[k++] = ',';
	}
	k--;
	check(tlsrpt_parse(&r2, text, k) == 0 && r2.nrua == kept);
	for (i = 0; i < kept; i++)
		check(r2.uri[i].len == r.uri[i].len &&
		    r2.uri[i].scheme == r.uri[i].scheme &&
		    memcmp(r2.uri[i].p, r.uri[i].p, r.uri[i].len) == 0);
	return 0;
}
