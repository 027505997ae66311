/*
 * chk_spf.h -- the context of the spf check (check.h).
 */
#ifndef MXPROBE_CHK_SPF_H
#define MXPROBE_CHK_SPF_H

#include "mxprobe/check.h"

struct chk_spf {
	const struct check_class	*vtable;	/* first member */
};

#endif
