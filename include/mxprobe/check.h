/*
 * check.h -- the policy checks of a domain audit (issues 6 and 7): DANE,
 * MTA-STS, TLS-RPT, SPF, DMARC, DKIM, BIMI, DNS blacklists.
 *
 * Each check is one src/chk_<name>.c holding its state in statics (the
 * audit is a singleton) and exporting one struct audit_check.  audit.c
 * calls every check of its table at fixed points; a NULL hook is skipped.
 * A check never prints outside its report hooks and never touches a
 * socket: it asks for DNS with audit_lookup() and reads the probes'
 * facts through audit_probe_of() at report time.
 *
 * Order of calls in a domain audit (never in -c mode):
 *   start        once, at audit_start: the domain is cfg.name
 *   mx_known     once, when the MX answer is in and a->mx[] is final
 *                (also for implicit and null MX, and when the MX lookup
 *                failed: a->mx_err, then a->nmx == 0)
 *   addrs_known  once per MX i, when its addresses are final
 *   report_mx    per MX, under the "mxN_" prefix, after the MX's own keys
 *   report       once, domain level (no prefix), after every MX
 * Every hook may call audit_lookup; its callbacks come later from the
 * loop, and may queue more.
 *
 * Transport-policy checks (DANE, MTA-STS) also describe what they judged
 * for -j's TLS-RPT-shaped "policies" value (rpt.h), in their report
 * hooks: rpt_policy("tlsa" | "sts" | "no-policy-found", domain), its
 * policy strings and mx hosts, and one rpt_session per probed address
 * with its RFC 8460 result type (NULL: success).  Score items: score.h.
 */
#ifndef MXPROBE_CHECK_H
#define MXPROBE_CHECK_H

#include "mxprobe/audit.h"
#include "mxprobe/report.h"

struct audit_check {
	void	(*start)(struct audit *a, mx_ms now);
	void	(*mx_known)(struct audit *a, mx_ms now);
	void	(*addrs_known)(struct audit *a, unsigned mx, mx_ms now);
	void	(*report_mx)(struct audit *a, const struct report_opts *o,
		    unsigned mx, struct report_verdict *vd);
	void	(*report)(struct audit *a, const struct report_opts *o,
		    struct report_verdict *vd);
};

/*
 * 1 when DANE governs MX mx of the running audit (chk_dane.c): the MX
 * RRset and the MX host's addresses are DNSSEC-validated and a validated
 * TLSA RRset is present, usable records or not (RFC 7672 2.2); MTA-STS
 * yields to it (RFC 8461 2).  Final once the MX's lookups are done, i.e.
 * in the report hooks.
 */
int chk_dane_applies(unsigned mx);

/* The checks of audit.c's table, one line each (add yours at the end). */
extern const struct audit_check chk_sts;
extern const struct audit_check chk_dane;
extern const struct audit_check chk_auth;
extern const struct audit_check chk_dnsbl;
extern const struct audit_check chk_spf;

#endif
