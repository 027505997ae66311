/*
 * fuzz_bimi.c -- the BIMI core on arbitrary bytes: the input as an
 * assertion record (bimi_parse, bimi_is_record), checked against the
 * contract; and, read as a DMARC record, the enforcement judgement must
 * agree with the record's own fields.  The target traps on a violation.
 *
 * Seeds (tests/fuzz/corpus/bimi/): real_* shaped like published records
 * (logo and VMC, self-asserted, declination); bad_* hostile (http, two
 * URLs, control bytes, duplicate tags, missing l).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/bimi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
known_reason(const char *s)
{
	static const char *const r[] = { "syntax", "bad-v", "duplicate-tag",
	    "no-l", "empty-l", "l-not-https", "a-not-https", "bad-l", "bad-a",
	    "bad-avp" };
	size_t	 i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(s, r[i]) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*t = (const char *)data;
	struct bimi_rec		 r;
	struct dmarc_rec	 d;
	int			 rc, k;

	rc = bimi_parse(t, size, &r);
	check(rc == 0 || rc == -1);
	check((rc == 0) == (r.err == NULL));
	if (r.err)
		check(known_reason(r.err));
	else {
		check(bimi_is_record(t, size));
		check(r.l != NULL);
		check(r.declined == (r.l_len == 0));
		if (r.l_len > 0)
			check(r.l_len > 8 && (r.l[0] == 'h' || r.l[0] == 'H'));
	}
	if (r.l)
		check(r.l >= t && r.l + r.l_len <= t + size);
	if (r.a)
		check(r.a >= t && r.a + r.a_len <= t + size);

	dmarc_parse(t, size, &d);
	for (k = 0; k < 2; k++)
		if (bimi_dmarc_ok(&d, k))
			check(d.err == NULL && !d.testing &&
			    d.sp != DMARC_P_NONE &&
			    (d.p == DMARC_P_REJECT ||
			    (d.p == DMARC_P_QUARANTINE && d.pct == 100)));
	return 0;
}
