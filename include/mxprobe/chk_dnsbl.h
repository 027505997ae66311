/*
 * chk_dnsbl.h -- the context of the dnsbl check (check.h): the blacklist
 * lookups of every MX address and of --ip, and what their judgement came
 * to, for the report layer (rep_dnsbl.c) to print.
 *
 * Everything below is filled by the check's hooks only; the printer
 * reads the lookups' facts and the fields marked "judge", and decides
 * nothing.
 */
#ifndef MXPROBE_CHK_DNSBL_H
#define MXPROBE_CHK_DNSBL_H

#include <stddef.h>
#include "mxprobe/check.h"
#include "mxprobe/dnsbl.h"
#include "mxprobe/err.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/limits.h"

/* The source of a check that is --ip, not an MX address. */
#define CHK_DNSBL_SRC_IP	(-1)

/* What one lookup, or an address over every zone, came to. */
enum chk_dnsbl_v {
	CHK_DNSBL_V_NONE,	/* not judged: no key */
	CHK_DNSBL_V_OK,
	CHK_DNSBL_V_LISTED,
	CHK_DNSBL_V_UNKNOWN,
	CHK_DNSBL_V__COUNT
};

/* The domain's dnsbl key. */
enum chk_dnsbl_res {
	CHK_DNSBL_R_OFF,	/* no zone, or nothing to look up */
	CHK_DNSBL_R_OK,
	CHK_DNSBL_R_LISTED,
	CHK_DNSBL_R_UNKNOWN,
	CHK_DNSBL_R_BAD_ZONES,	/* the core refused --dnsbl: unknown */
	CHK_DNSBL_R__COUNT
};

/* One address in one zone. */
struct chk_dnsbl_check {
	int		 family;
	unsigned char	 ip[16];
	char		 text[IPADDR_TEXT_MAX];
	int		 mx, addr;	/* of the address, or SRC_IP */
	unsigned	 zone;
	int		 wait, txt_wait;
	/* the A lookup failed; judge: MX_E_DNS_TIMEOUT if it never came */
	enum mx_err	 err;
	struct dnsbl_answer ans;
	size_t		 reason_len;
	int		 reason_truncated;
	char		 reason[MX_DNSBL_REASON_MAX];
	unsigned char	 v;		/* judge: enum chk_dnsbl_v */
};

struct chk_dnsbl {
	const struct check_class *vtable;	/* first member */
	struct dnsbl_zones z;
	int		 zones_bad;	/* the core refused --dnsbl */
	int		 limit;		/* a lookup or a check cut */
	unsigned	 n;
	/* judge: the domain */
	enum chk_dnsbl_res res;
	unsigned	 listed;		/* dnsbl_listed */
	/* judge: every MX address (enum chk_dnsbl_v), zones listing it */
	unsigned char	 addr_v[MX_MX_MAX][MX_ADDRS_PER_MX];
	unsigned char	 addr_zones[MX_MX_MAX][MX_ADDRS_PER_MX];
	/* each check is cleared when used (untouched pages are free) */
	struct chk_dnsbl_check c[MX_DNSBL_CHECKS_MAX];
};

/* addr_zones is a bit set over the zones */
_Static_assert(MX_DNSBL_ZONES_MAX <= 8, "dnsbl zone bits fit a byte");

#endif
