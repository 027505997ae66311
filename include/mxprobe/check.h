/*
 * check.h -- the policy checks of a domain audit: DANE, MTA-STS and
 * TLS-RPT, SPF, DMARC/DKIM/BIMI, DNS blacklists.
 *
 * A check is a class, as br_x509_class is: a vtable whose first field is
 * the size of the context it drives, and hooks that take that context
 * (a pointer to its vtable field, the context's first member) and the
 * audit.  The audit owns every check context (struct audit, audit.h);
 * nothing of a check lives in a static.  One check asks another only
 * through the audit (chk_dane_applies).
 *
 * A check never prints and never touches a socket: it asks for DNS with
 * audit_lookup(), reads the probes' facts through audit_probe_of() in its
 * judge hooks, and leaves typed results in its context, findings in the
 * verdicts it is handed, score items in a->score and policy facts in
 * a->rpt.  The report layer prints its keys from its context
 * (rep.h: struct rep_check).
 *
 * Order of calls in a domain audit (never in -c mode):
 *   start        once, at audit_start: the domain is a->cfg.name
 *   mx_known     once, when the MX answer is in and a->mx[] is final
 *                (also for implicit and null MX, and when the MX lookup
 *                failed: a->mx_err, then a->nmx == 0)
 *   addrs_known  once per MX i, when its addresses are final
 *   judge_mx     per MX, after the loop ended (a->ro holds the options),
 *                into the MX's verdict; in check-table order per MX
 *   judge        once, domain level, after every MX was judged
 * Every hook up to addrs_known may call audit_lookup; its callbacks come
 * later from the loop, and may queue more.
 */
#ifndef MXPROBE_CHECK_H
#define MXPROBE_CHECK_H

#include <stddef.h>
#include "mxprobe/clock.h"
#include "mxprobe/finding.h"

struct audit;

struct check_class {
	size_t		 context_size;
	const char	*name;
	void	(*start)(const struct check_class **cc, struct audit *a,
		    mx_ms now);
	void	(*mx_known)(const struct check_class **cc, struct audit *a,
		    mx_ms now);
	void	(*addrs_known)(const struct check_class **cc,
		    struct audit *a, unsigned mx, mx_ms now);
	void	(*judge_mx)(const struct check_class **cc, struct audit *a,
		    unsigned mx, struct verdict *vd);
	void	(*judge)(const struct check_class **cc, struct audit *a,
		    struct verdict *vd);
};

/* The context of a check, from its vtable pointer (first member). */
#define CHECK_CTX(type, cc)	((type *)(void *)(cc))

/* The classes, in report order (audit.c's table). */
extern const struct check_class chk_sts_class;
extern const struct check_class chk_dane_class;
extern const struct check_class chk_spf_class;
extern const struct check_class chk_auth_class;
extern const struct check_class chk_dnsbl_class;

#endif
