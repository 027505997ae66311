/*
 * fuzz_dkim.c -- the DKIM key record core on arbitrary bytes.
 *
 * The input is read as a key record (dkim_parse), as DER (dkim_rsa_bits),
 * as base64 (b64_decode into a small and a full buffer) and, up to
 * its first NUL, as a -s selector list.  Every result is checked against
 * its contract; the target traps on any violation.
 *
 * Seeds (tests/fuzz/corpus/dkim/): real_* are records shaped like those
 * large senders publish (keys made with OpenSSL for the unit tests);
 * bad_* are hostile: truncated DER, huge lengths, padding games, tags
 * repeated, NUL and CR bytes, whitespace-only keys.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/dkim.h"
#include "mxprobe/b64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char	 out[MX_DKIM_KEY_MAX];
static char		 text[1024];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
known_reason(const char *s)
{
	static const char *const r[] = { "syntax", "duplicate-tag", "bad-v",
	    "no-p", "unknown-k", "not-email", "sha1-only", "bad-base64",
	    "key-too-long", "bad-key", "not-rsa-key", "rsa-too-small",
	    "bad-ed25519-key" };
	size_t	 i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(s, r[i]) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dkim_key		 k;
	struct dkim_selectors	 s;
	size_t			 n, i;
	unsigned		 bits;
	int			 rc, p;

	rc = dkim_parse((const char *)data, size, &k);
	check(rc == 0 || rc == -1);
	check((rc == 0) == (k.err == NULL));
	if (k.err)
		check(known_reason(k.err));
	check(k.ktype <= DKIM_K_UNKNOWN);
	check(k.bits <= 8 * MX_DKIM_KEY_MAX);
	if (rc == 0) {
		check(k.ktype != DKIM_K_UNKNOWN);
		if (k.revoked)
			check(k.bits == 0);
		else if (k.ktype == DKIM_K_ED25519)
			check(k.bits == 256);
		else
			check(k.bits >= 1024);
	}
	p = dkim_points(&k);
	check(p == 10 || p == 30 || p == 60 || p == 100);
	check(strlen(dkim_ktype_str(k.ktype)) > 0);

	rc = dkim_rsa_bits(data, size, &bits);
	check(rc == 0 || rc == -1 || rc == -2);
	check(rc == 0 ? bits > 0 && bits <= 8 * size : bits == 0);

	rc = b64_decode((const char *)data, size, out, 7, &n);
	check(rc == 0 ? n <= 7 : n == 0);
	rc = b64_decode((const char *)data, size, out, sizeof(out), &n);
	check(rc == 0 || rc == -1 || rc == -2);
	check(rc == 0 ? n <= sizeof(out) && n <= size / 4 * 3 : n == 0);

	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	dkim_selectors_init(&s);
	rc = dkim_selectors_add(&s, text);
	check(rc == 0 || (rc == -1 && s.n == 0 && !s.truncated));
	check(s.n <= MX_DKIM_SELECTORS_MAX);
	for (i = 0; i < s.n; i++) {
		check(strlen(s.name[i]) >= 1 &&
		    strlen(s.name[i]) <= MX_DKIM_SELECTOR_LEN);
		check(strchr(s.name[i], ',') == NULL);
	}
	return 0;
}
