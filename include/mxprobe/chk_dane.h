/*
 * chk_dane.h -- the context of the dane check (check.h).
 */
#ifndef MXPROBE_CHK_DANE_H
#define MXPROBE_CHK_DANE_H

#include "mxprobe/check.h"

struct chk_dane {
	const struct check_class	*vtable;	/* first member */
};

#endif
