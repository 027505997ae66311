/*
 * rpt.h -- the "policies" value of -j output: what mxprobe itself saw,
 * shaped like the "policies" array of a TLS-RPT report (RFC 8460 4.4),
 * so it reads like the reports a domain receives from real senders:
 * one entry per policy (policy-type "tlsa", "sts" or "no-policy-found"),
 * its policy-string and mx-host lists, a summary of the sessions (each
 * probe of an MX address is one session) and failure-details with the
 * RFC 8460 result types.  sending-mta-ip is left out: it would be
 * mxprobe's own address, which it does not know.
 *
 * The transport-policy checks add what they judged, into the audit's
 * struct rpt; the report layer writes it once at the end (rep_policies).
 * Fixed storage: what does not fit is dropped and
 * "policies_truncated":"yes" follows (never silent).  key=value output has no such key: every fact in it is also a
 * flat key (dane, mta_sts, mxN_dane_error, ...).
 */
#ifndef MXPROBE_RPT_H
#define MXPROBE_RPT_H

#include <stddef.h>
#include "mxprobe/limits.h"

enum rpt_kind { RPT_STR, RPT_MXH, RPT_OK, RPT_FAIL };

/* One fact: a policy string, an mx host, a session (ok or failed). */
struct rpt_item {
	unsigned char	 kind, pol;	/* RPT_*, entry index */
	unsigned short	 s[4];		/* arena offsets; RPT_NONE: none */
};

#define RPT_NONE	0xffff

/* The policies of one audit, caller-owned. */
struct rpt {
	unsigned	 npol, nitem;
	size_t		 used;
	int		 truncated;
	unsigned short	 type[MX_RPT_POLICIES], domain[MX_RPT_POLICIES];
	struct rpt_item	 item[MX_RPT_ITEMS];
	char		 arena[MX_RPT_ARENA];
};

/* Forgets everything. */
void rpt_reset(struct rpt *r);
/* A new policy entry; its handle, or -1 when MX_RPT_POLICIES are in use. */
int rpt_policy(struct rpt *r, const char *type, const char *domain);
/* Appends to the entry's policy-string / mx-host lists. */
void rpt_string(struct rpt *r, int h, const char *s);
void rpt_mx_host(struct rpt *r, int h, const char *s);
/*
 * One session of entry h to mx at ip: result NULL for a success, else an
 * RFC 8460 result type; detail (may be NULL) becomes
 * additional-information.  Equal failures are counted together.
 */
void rpt_session(struct rpt *r, int h, const char *mx, const char *ip,
    const char *result, const char *detail);
/* Entries so far. */
unsigned rpt_count(const struct rpt *r);
/* The string at arena offset off, NULL for RPT_NONE. */
const char *rpt_str(const struct rpt *r, unsigned short off);

#endif
