/*
 * finding_text.c -- the findings' meanings for people (see finding.h),
 * in a file of their own: a binary whose output shows no meaning links
 * none of their bytes (--gc-sections drops this file's sections whole).
 */
#include "mxprobe/finding.h"

static const char *const meanings[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	[F_##name] = meaning,
#include "mxprobe/finding.def"
#undef FINDING
};

/* see finding.h */
const char *
finding_meaning(enum finding f)
{
	return (unsigned)f < F__COUNT ? meanings[f] : "";
}

