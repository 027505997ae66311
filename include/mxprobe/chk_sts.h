/*
 * chk_sts.h -- the context of the sts check (check.h).
 */
#ifndef MXPROBE_CHK_STS_H
#define MXPROBE_CHK_STS_H

#include "mxprobe/check.h"

struct chk_sts {
	const struct check_class	*vtable;	/* first member */
};

#endif
