/*
 * chk_dnsbl.h -- the context of the dnsbl check (check.h).
 */
#ifndef MXPROBE_CHK_DNSBL_H
#define MXPROBE_CHK_DNSBL_H

#include "mxprobe/check.h"

struct chk_dnsbl {
	const struct check_class	*vtable;	/* first member */
};

#endif
