/*
 * score.h -- the email security score (issue 7): one weighted number from
 * every layer of the audit, each item set by the check that measured it.
 *
 * An item that was never set is unknown: it counts neither for nor
 * against (the score is over the known items, and the layer's sub-score
 * is "unknown" when none of its items is known).  The weights live in one
 * table in score.c, mirrored in README.md with the reason for each.
 */
#ifndef MXPROBE_SCORE_H
#define MXPROBE_SCORE_H

#include "mxprobe/report.h"

enum score_item {
	/* transport (audit.c, from the probes) */
	SC_STARTTLS,	/* every MX offers STARTTLS and the handshake works */
	SC_CERT,	/* chains trusted, names match, dates fine */
	SC_TLS_VERSION,	/* TLS 1.2+ only, no weak suites; 1.3 offered */
	/* transport policy (chk_dane.c, chk_sts.c) */
	SC_DANE,
	SC_MTA_STS,
	SC_TLSRPT,
	/* message authentication (chk_spf.c, chk_auth.c) */
	SC_SPF,
	SC_DKIM,
	SC_DMARC,
	SC_BIMI,
	/* hygiene and reputation (audit.c, chk_dnsbl.c) */
	SC_MX_HYGIENE,	/* PTR, FCrDNS, no CNAME MX, banner names */
	SC_DNSBL,
	SC__COUNT
};

/* Forgets every item (audit_start). */
void score_reset(void);
/* Item it measured: points 0 (worst) .. 100 (best); clamped. */
void score_set(enum score_item it, int points);
/* Makes it unknown again (an item that does not apply). */
void score_unset(enum score_item it);
/* The points of it, -1 if unknown. */
int score_get(enum score_item it);

/* Thresholds of --warn-score / --crit-score (0: none). */
struct score_opts {
	int	 warn, crit;
};
/*
 * Prints score, grade, score_<layer> (or "unknown"), score_item_<item>
 * for every measured item and score_unknown (the items not measured),
 * and adds the threshold findings to vd.  The
 * grade is capped at D when vd already holds a critical finding: a domain
 * a sender cannot deliver to securely is not a "B" whatever else it does.
 * Returns the score, -1 if no item is known (then score=unknown).
 */
int score_report(const struct score_opts *so, struct report_verdict *vd);
/* "A".."F" for a score (no cap). */
const char *score_grade(int score);

#endif
