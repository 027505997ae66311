/*
 * test_fix.c -- the texts for people (fix.h): fix_text() gives back, byte
 * for byte, every part of every entry as finding.def and fix.def spell it
 * (the tables it reads are packed at build time by toolchains/textpack.c,
 * so this is the packer's and the reader's round trip), cuts at the
 * caller's capacity, answers nothing out of range; and every finding and
 * every error has a meaning and a what (the coverage rule: it fails while
 * fix.def lacks entries, whatever FIX_PARTIAL let the build do).
 */
#include <string.h>

#include "mxprobe/err.h"
#include "mxprobe/finding.h"
#include "mxprobe/fix.h"
#include "mxprobe/limits.h"
#include "t.h"

/* The plain texts, straight from the .def files. */
struct plain {
	const char	*part[FIX__PARTS];
};

static const char *const meaning_f[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	[F_##name] = meaning,
#include "mxprobe/finding.def"
#undef FINDING
};

static const char *const code_f[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	[F_##name] = code,
#include "mxprobe/finding.def"
#undef FINDING
};

static const struct plain fix_f[F__COUNT] = {
#define FIX(name, what, any, pf, ex, sm, dns)	\
	[F_##name] = { { NULL, what, any, pf, ex, sm, dns } },
#define FIXE(name, meaning, what, any, pf, ex, sm, dns)
#include "mxprobe/fix.def"
#undef FIX
#undef FIXE
};

static const struct plain fix_e[MX_E__COUNT] = {
#define FIX(name, what, any, pf, ex, sm, dns)
#define FIXE(name, meaning, what, any, pf, ex, sm, dns)	\
	[MX_E_##name] = { { meaning, what, any, pf, ex, sm, dns } },
#include "mxprobe/fix.def"
#undef FIX
#undef FIXE
};

/* The plain part p of verdict entry e; "" when it has none. */
static const char *
plain(unsigned e, unsigned p)
{
	const char *s;

	if (e < F__COUNT)
		s = p == FIX_MEANING ? meaning_f[e] : fix_f[e].part[p];
	else
		s = fix_e[e - VERDICT_ERR].part[p];
	return s != NULL ? s : "";
}

static const char *
name(unsigned e)
{
	return e < F__COUNT ? code_f[e] :
	    mx_err_str((enum mx_err)(e - VERDICT_ERR));
}

/* Every entry, findings then errors: *e advanced, 0 at the end. */
static int
next(unsigned *e)
{
	if (*e + 1 < F__COUNT)
		(*e)++;
	else if (*e + 1 == F__COUNT)
		*e = VERDICT_ERR + 1;
	else if (*e + 1 < VERDICT_ERR + MX_E__COUNT)
		(*e)++;
	else
		return 0;
	return 1;
}

static void
round_trip(void)
{
	char buf[MX_FIX_TEXT_MAX + 8], msg[96];
	const char *want;
	unsigned e = (unsigned)-1, p, bad;
	size_t n, l;

	while (next(&e)) {
		bad = 0;
		for (p = 0; p < FIX__PARTS; p++) {
			want = plain(e, p);
			l = strlen(want);
			memset(buf, 'x', sizeof(buf));
			n = fix_text(e, (enum fix_part)p, buf, MX_FIX_TEXT_MAX);
			if (n != l || memcmp(buf, want, l) != 0 ||
			    buf[l] != 0) {
				printf("# %s %s: got %zu \"%.*s\", want %zu "
				    "\"%s\"\n", name(e), fix_part_name(p), n,
				    (int)(n < sizeof(buf) ? n : 0), buf, l,
				    want);
				bad++;
			}
			/* a cap of exactly the text and its NUL is enough */
			memset(buf, 'x', sizeof(buf));
			n = fix_text(e, (enum fix_part)p, buf, l + 1);
			if (n != l || memcmp(buf, want, l) != 0 ||
			    buf[l] != 0 || buf[l + 1] != 'x')
				bad++;
		}
		snprintf(msg, sizeof(msg), "%s: every part as the .def "
		    "files spell it", name(e));
		T_OK(bad == 0, msg);
	}
}

/* A text longer than cap - 1 is cut there, NUL-terminated, never past. */
static void
truncation(void)
{
	char buf[64];
	const char *want;
	unsigned e = (unsigned)-1, p, cap, bad = 0, tried = 0;
	size_t n, l;

	while (next(&e))
		for (p = 0; p < FIX__PARTS; p++) {
			want = plain(e, p);
			l = strlen(want);
			for (cap = 1; cap < 40; cap++) {
				memset(buf, 'x', sizeof(buf));
				n = fix_text(e, (enum fix_part)p, buf, cap);
				tried++;
				if (n != (l < cap ? l : cap - 1) ||
				    memcmp(buf, want, n) != 0 || buf[n] != 0 ||
				    buf[cap] != 'x')
					bad++;
			}
		}
	T_OK(tried > 0 && bad == 0,
	    "caps 1-39: the text's first cap - 1 bytes and a NUL, no more");
	memset(buf, 'x', sizeof(buf));
	T_EQ_INT(fix_text(F_CERT_EXPIRED, FIX_MEANING, buf, 0), 0,
	    "cap 0: returns 0");
	T_OK(buf[0] == 'x', "cap 0: buf untouched");
	memset(buf, 'x', sizeof(buf));
	T_EQ_INT(fix_text(F_CERT_EXPIRED, FIX_MEANING, buf, 1), 0,
	    "cap 1: returns 0");
	T_OK(buf[0] == 0 && buf[1] == 'x', "cap 1: only the NUL");
}

static void
out_of_range(void)
{
	static const unsigned bad_e[] = {
		F__COUNT, F__COUNT + 1, VERDICT_ERR - 1, VERDICT_ERR,
		VERDICT_ERR + MX_E__COUNT, VERDICT_ERR + MX_E__COUNT + 1,
		0xffffu, (unsigned)-1,
	};
	char buf[MX_FIX_TEXT_MAX], msg[64];
	unsigned i;
	size_t n;

	for (i = 0; i < sizeof(bad_e) / sizeof(bad_e[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		n = fix_text(bad_e[i], FIX_MEANING, buf, sizeof(buf));
		snprintf(msg, sizeof(msg), "entry 0x%x: empty", bad_e[i]);
		T_OK(n == 0 && buf[0] == 0, msg);
	}
	memset(buf, 'x', sizeof(buf));
	n = fix_text(F_CERT_EXPIRED, FIX__PARTS, buf, sizeof(buf));
	T_OK(n == 0 && buf[0] == 0, "part FIX__PARTS: empty");
	memset(buf, 'x', sizeof(buf));
	n = fix_text(F_CERT_EXPIRED, (enum fix_part)-1, buf, sizeof(buf));
	T_OK(n == 0 && buf[0] == 0, "part -1: empty");
	T_EQ_STR(fix_part_name(FIX__PARTS), "", "fix_part_name out of range");
	T_EQ_STR(fix_part_name(FIX_POSTFIX), "postfix", "fix_part_name");
	for (i = 0; i < FIX__PARTS; i++)
		if (fix_part_name((enum fix_part)i)[0] == 0)
			break;
	T_EQ_INT(i, FIX__PARTS, "every part has a name");
}

/* The coverage rule: a meaning and a what for every finding and error. */
static int
covered(unsigned e)
{
	char buf[MX_FIX_TEXT_MAX];

	return fix_text(e, FIX_MEANING, buf, sizeof(buf)) > 0 &&
	    fix_text(e, FIX_WHAT, buf, sizeof(buf)) > 0;
}

static void
coverage(void)
{
	unsigned e = (unsigned)-1, nf = 0, ne = 0;

	while (next(&e))
		if (!covered(e))
			*(e < F__COUNT ? &nf : &ne) += 1;
	T_EQ_INT(nf, 0, "every finding has a meaning and a what");
	T_EQ_INT(ne, 0, "every error has a meaning and a what");
	for (e = (unsigned)-1; next(&e); )
		if (!covered(e))
			printf("#   fix.def: no meaning or no what: %s %s\n",
			    e < F__COUNT ? "finding" : "error", name(e));
}

int
main(void)
{
	round_trip();
	truncation();
	out_of_range();
	coverage();
	return T_DONE();
}
