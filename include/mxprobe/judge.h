/*
 * judge.h -- the facts of one probe (and its TLS scan) into findings.
 *
 * The only place that decides what of a probe is ok, a warning or
 * critical (the status rules of the manual); the report layer prints the
 * same facts as keys, and never decides.
 */
#ifndef MXPROBE_JUDGE_H
#define MXPROBE_JUDGE_H

#include <stdint.h>
#include "mxprobe/finding.h"
#include "mxprobe/probe.h"
#include "mxprobe/tlsscan.h"
#include "mxprobe/ca.h"
#include "mxprobe/x509.h"

/* What a judgement (and the report of it) needs beyond the facts. */
struct report_opts {
	const char	*host;		/* name as given (SNI, cert match) */
	unsigned	 port;
	const char	*addr;		/* numeric address text */
	int		 implicit_tls;
	int64_t		 now;		/* certificate clock, unix seconds */
	int		 now_from_option;
	const char	*ca_file;
	int		 warn_days, crit_days;
	int		 days, days_set;	/* --days N, when days_set */
	int		 warn_score, crit_score;	/* for --nagios */
};

/* Days from now to t, rounded towards minus infinity. */
int64_t judge_days_left(int64_t t, int64_t now);
/*
 * Parses the kept chain of p into cf (MX_CHAIN_MAX entries, the caller's
 * scratch); returns how many parsed, in order, stopping at the first that
 * does not.
 */
unsigned judge_chain_facts(const struct probe *p, struct x509_facts *cf);
/*
 * The findings of probe p into vd: o->host is the name the certificate
 * must match, cs the bundle store (NULL: none), v the chain's verdict
 * (NULL: none kept), cf scratch as for judge_chain_facts.
 */
void judge_probe(const struct report_opts *o, const struct probe *p,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, struct verdict *vd);
/*
 * The tls key of probe p: "ok" when a TLS session came up; "fail" when
 * TLS was attempted or offered and did not come up (the handshake
 * failed, or STARTTLS was advertised and then refused or never got to);
 * "none" when no TLS was offered.  A static string.
 */
const char *judge_tls(const struct probe *p);
/* The findings of scan s into vd (nothing when s is NULL or never ran). */
void judge_scan(const struct tlsscan *s, struct verdict *vd);

#endif
