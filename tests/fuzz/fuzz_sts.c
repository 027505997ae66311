/*
 * fuzz_sts.c -- the MTA-STS texts on arbitrary bytes.
 *
 * The input is read three ways:
 *   - as a TXT record: the verdict must agree with sts_txt_is_record and
 *     sts_txt_version, an id must be 1-32 letters and digits, an error
 *     offset must lie in the text;
 *   - as a policy body: a valid policy has a mode, max_age within the RFC
 *     bound (and max_age_short agreeing), mx patterns unless mode none,
 *     nmx and mx_truncated agreeing; each kept pattern matches a name
 *     built from it (itself, or "x" + its wildcard's suffix) and not the
 *     suffix alone; the policy written back from what was kept reads the
 *     same; an invalid one names a line it read;
 *   - split at its first NUL into a pattern and a name for sts_mx_match,
 *     whose answer is checked against a slow reference.
 * The target traps on any violation.
 *
 * Seeds (tests/fuzz/corpus/sts/): txt_* are records (real-world shapes
 * and hostile ones), pol_* policies (CRLF, LF, no final end, many mx,
 * an HTML error page, NULs), match_* pattern NUL name pairs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/sts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sts_policy	 pol, pol2;
static char			 text[MX_STS_MX_MAX * (MX_NAME_MAX + 8) + 128];
static char			 a[MX_STS_POLICY_MAX + 1], b[MX_STS_POLICY_MAX + 1];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static void
as_txt(const char *p, size_t n)
{
	struct sts_txt	 r;
	size_t		 i, k;
	int		 rc, v;

	rc = sts_txt_parse(&r, p, n);
	v = sts_txt_version(p, n, "v=STSv1");
	check(v >= 0 && v <= 2);
	check(sts_txt_is_record(p, n) == (v == 1));
	if (rc == 0) {
		check(r.error == NULL && v == 1 && r.nfields >= 1);
		k = strlen(r.id);
		check(k >= 1 && k <= MX_STS_ID_MAX);
		for (i = 0; i < k; i++)
			check(alnum((unsigned char)r.id[i]));
		return;
	}
	check(rc == -1 && r.error != NULL && r.err_off <= n);
	check((strcmp(r.error, "sts-txt-not-record") == 0) == (v == 0));
	check((strcmp(r.error, "sts-txt-version-not-first") == 0) ==
	    (v == 2));
}

/* The reference: lower-case, one trailing dot cut, then compare. */
static int
ref_match(const char *pat, const char *name)
{
	size_t	 pl = strlen(pat), nl = strlen(name), i, d;

	if (pl > 0 && pat[pl - 1] == '.')
		pl--;
	if (nl > 0 && name[nl - 1] == '.')
		nl--;
	for (i = 0; i < pl; i++)
		a[i] = (char)(pat[i] >= 'A' && pat[i] <= 'Z' ? pat[i] + 32 :
		    pat[i]);
	for (i = 0; i < nl; i++)
		b[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] + 32 : name[i]);
	if (pl >= 2 && a[0] == '*' && a[1] == '.') {
		if (pl == 2)
			return 0;
		d = (size_t)(memchr(b, '.', nl) ? (const char *)memchr(b, '.',
		    nl) - b : (long)nl);
		return d > 0 && d < nl && nl - d - 1 == pl - 2 &&
		    memcmp(a + 2, b + d + 1, pl - 2) == 0;
	}
	return pl > 0 && pl == nl && memcmp(a, b, pl) == 0;
}

static void
as_match(const char *p, size_t n)
{
	static char	 pat[1024], name[1024];
	const char	*z = memchr(p, '\0', n);
	size_t		 pl, nl;

	if (z == NULL)
		return;
	pl = (size_t)(z - p);
	nl = n - pl - 1;
	if (pl >= sizeof(pat) || nl >= sizeof(name) ||
	    memchr(z + 1, '\0', nl))
		return;
	memcpy(pat, p, pl);
	pat[pl] = '\0';
	memcpy(name, z + 1, nl);
	name[nl] = '\0';
	check(sts_mx_match(pat, name) == ref_match(pat, name));
}

static void
as_policy(const char *p, size_t n)
{
	char		 name[MX_NAME_MAX + 4];
	unsigned	 i, kept;
	uint32_t	 v;
	size_t		 k, m;
	int		 rc;

	rc = sts_policy_parse(&pol, p, n);
	if (rc != 0) {
		check(rc == -1 && pol.error != NULL);
		check(pol.err_line <= pol.lines);
		return;
	}
	check(pol.error == NULL && pol.err_line == 0);
	check(pol.mode == STS_MODE_ENFORCE || pol.mode == STS_MODE_TESTING ||
	    pol.mode == STS_MODE_NONE);
	check(pol.max_age <= STS_MAX_AGE_LIMIT);
	check(pol.max_age_short == (pol.max_age < STS_MAX_AGE_SHORT));
	check(pol.nmx > 0 || pol.mode == STS_MODE_NONE);
	check(pol.mx_truncated == (pol.nmx > MX_STS_MX_MAX));
	kept = pol.nmx < MX_STS_MX_MAX ? pol.nmx : MX_STS_MX_MAX;
	for (i = 0; i < kept; i++) {
		m = strlen(pol.mx[i]);
		check(m >= 1 && m <= 254);
		if (pol.mx[i][0] == '*') {
			check(m > 2 && pol.mx[i][1] == '.');
			name[0] = 'x';
			memcpy(name + 1, pol.mx[i] + 1, m);	/* NUL too */
			check(sts_mx_match(pol.mx[i], name));
			check(!sts_mx_match(pol.mx[i], pol.mx[i] + 2));
		} else
			check(sts_mx_match(pol.mx[i], pol.mx[i]));
		check(sts_policy_match(&pol, pol.mx[i][0] == '*' ? name :
		    pol.mx[i]) == 1);
	}
	/* written back: the same policy */
	k = 0;
	memcpy(text, "version: STSv1\r\nmode: ", 22);
	k = 22;
	m = strlen(sts_mode_str(pol.mode));
	memcpy(text + k, sts_mode_str(pol.mode), m);
	k += m;
	memcpy(text + k, "\nmax_age: ", 10);
	k += 10;
	v = pol.max_age;
	for (i = 0; i < 10; i++, v /= 10)	/* 10 digits, zero-padded */
		text[k + 9 - i] = (char)('0' + v % 10);
	k += 10;
	for (i = 0; i < kept; i++) {
		memcpy(text + k, "\nmx:", 4);
		k += 4;
		m = strlen(pol.mx[i]);
		memcpy(text + k, pol.mx[i], m);
		k += m;
	}
	check(sts_policy_parse(&pol2, text, k) == 0);
	check(pol2.mode == pol.mode && pol2.max_age == pol.max_age &&
	    pol2.nmx == kept && !pol2.mx_truncated);
	for (i = 0; i < kept; i++)
		check(strcmp(pol2.mx[i], pol.mx[i]) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data;

	as_txt(p, size);
	as_policy(p, size);
	as_match(p, size);
	return 0;
}
