/*
 * rep.h -- the report layer's printers of the policy checks: each check's
 * typed results (its context in struct audit, check.h) to keys.
 *
 * A printer only prints: it reads the audit (const), decides nothing, and
 * writes through the caller's struct out.  One pair per check, in the
 * order of audit.c's check table:
 *   mx      under the MX's prefix ("mx1_"), after the MX's own keys and
 *           before its findings and status (NULL: nothing per MX)
 *   domain  with no prefix, after every MX, before the score (NULL: none)
 * A printer that sets a deeper prefix ("mx1_a2_") for address keys puts
 * the MX's prefix back before it returns (out_prefix).
 */
#ifndef MXPROBE_REP_H
#define MXPROBE_REP_H

#include "mxprobe/out.h"

struct audit;

struct rep_check {
	void	(*mx)(struct out *w, const struct audit *a, unsigned mx,
		    const char *pfx);
	void	(*domain)(struct out *w, const struct audit *a);
};

extern const struct rep_check rep_sts;
extern const struct rep_check rep_dane;
extern const struct rep_check rep_spf;
extern const struct rep_check rep_auth;
extern const struct rep_check rep_dnsbl;

#endif
