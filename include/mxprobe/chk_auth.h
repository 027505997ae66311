/*
 * chk_auth.h -- the context of the auth check (check.h).
 */
#ifndef MXPROBE_CHK_AUTH_H
#define MXPROBE_CHK_AUTH_H

#include "mxprobe/check.h"

struct chk_auth {
	const struct check_class	*vtable;	/* first member */
};

#endif
