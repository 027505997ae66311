/*
 * fix.c -- the texts of fix.def, read through fix_text() (see fix.h).
 */
#include <string.h>
#include "mxprobe/err.h"
#include "mxprobe/finding.h"
#include "mxprobe/fix.h"

struct fix_entry {
	const char	*part[FIX__PARTS];
};

static const char *const meaning_f[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	[F_##name] = meaning,
#include "mxprobe/finding.def"
#undef FINDING
};

static const struct fix_entry fix_f[F__COUNT] = {
#define FIX(name, what, any, pf, ex, sm, dns)	\
	[F_##name] = { { NULL, what, any, pf, ex, sm, dns } },
#define FIXE(name, meaning, what, any, pf, ex, sm, dns)
#include "mxprobe/fix.def"
#undef FIX
#undef FIXE
};

static const struct fix_entry fix_e[MX_E__COUNT] = {
#define FIX(name, what, any, pf, ex, sm, dns)
#define FIXE(name, meaning, what, any, pf, ex, sm, dns)	\
	[MX_E_##name] = { { meaning, what, any, pf, ex, sm, dns } },
#include "mxprobe/fix.def"
#undef FIX
#undef FIXE
};

static const char *const part_name[FIX__PARTS] = {
	"meaning", "what", "any", "postfix", "exim", "opensmtpd", "dns",
};

/* see fix.h */
size_t
fix_text(unsigned e, enum fix_part p, char *buf, size_t cap)
{
	const char *s = NULL;
	size_t l;

	if (cap > 0)
		buf[0] = 0;
	if ((unsigned)p >= FIX__PARTS)
		return 0;
	if (e < F__COUNT)
		s = p == FIX_MEANING ? meaning_f[e] : fix_f[e].part[p];
	else if (e >= VERDICT_ERR && e - VERDICT_ERR < MX_E__COUNT)
		s = fix_e[e - VERDICT_ERR].part[p];
	if (s == NULL || cap == 0)
		return 0;
	l = strlen(s);
	if (l >= cap)
		l = cap - 1;
	memcpy(buf, s, l);
	buf[l] = 0;
	return l;
}

/* see fix.h */
const char *
fix_part_name(enum fix_part p)
{
	return (unsigned)p < FIX__PARTS ? part_name[p] : "";
}
