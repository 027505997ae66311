/*
 * score.h -- the email security score: one weighted number from every
 * layer of the audit, each item set by the check that measured it.
 *
 * An item that was never set is unknown: it counts neither for nor
 * against (the score is over the known items, and the layer's sub-score
 * is unknown when none of its items is known).  The weights live in one
 * table, score_items[]; `mxprobe --score-table` prints it, so a test or a
 * user reads the weights from the program itself.  Integer arithmetic
 * only (no floating point on soft-float routers).
 */
#ifndef MXPROBE_SCORE_H
#define MXPROBE_SCORE_H

#include "mxprobe/finding.h"

enum score_item {
	/* transport (audit, from the probes) */
	SC_STARTTLS,	/* every MX offers STARTTLS and the handshake works */
	SC_CERT,	/* chains trusted, names match, dates fine */
	SC_TLS_VERSION,	/* TLS 1.2+ only, no weak suites; 1.3 offered */
	/* transport policy (DANE, MTA-STS checks) */
	SC_DANE,
	SC_MTA_STS,
	SC_TLSRPT,
	/* message authentication (SPF, DMARC/DKIM/BIMI checks) */
	SC_SPF,
	SC_DKIM,
	SC_DMARC,
	SC_BIMI,
	/* hygiene and reputation (audit, DNSBL check) */
	SC_MX_HYGIENE,	/* PTR, FCrDNS, no CNAME MX, banner names */
	SC_DNSBL,
	SC__COUNT
};

/* One row of the weights table. */
struct score_item_def {
	const char	*name;		/* score_item_<name> */
	unsigned char	 layer;		/* FL_* */
	unsigned char	 weight;	/* the weights add up to 100 */
};
extern const struct score_item_def score_items[SC__COUNT];
/* score_<layer> key names, by FL_*. */
extern const char *const score_layer_key[FL__COUNT];

/*
 * The point ladders of the transport items (cert, tls_version): each rung
 * applies when any of its findings is in the verdict of the address a
 * sender uses, starting from 100, in table order: SCORE_SET sets the
 * points to v, SCORE_CAP lowers them to v, SCORE_SUB takes v off (never
 * below 0).  Without a TLS scan, TLS 1.3 counts as not offered (the
 * no-tls13 rung applies).
 */
enum score_op { SCORE_SET, SCORE_CAP, SCORE_SUB };
#define SCORE_RUNG_END	F__COUNT	/* ends a rung's finding list */
struct score_rung {
	unsigned char	 item;		/* enum score_item */
	unsigned char	 op;		/* enum score_op */
	unsigned char	 v;
	unsigned char	 f[5];		/* enum finding, SCORE_RUNG_END */
};
_Static_assert(F__COUNT < 255, "findings fit a rung's bytes");
#define SCORE_LADDER_LEN	7
extern const struct score_rung score_ladder[SCORE_LADDER_LEN];
/* "set", "cap", "sub". */
const char *score_op_str(enum score_op op);

/* The points of one audit, caller-owned. */
struct score {
	signed char	 points[SC__COUNT];	/* -1 unknown, else 0..100 */
};

/* Forgets every item. */
void score_reset(struct score *s);
/* Item it measured: points 0 (worst) .. 100 (best); clamped. */
void score_set(struct score *s, enum score_item it, int points);
/* Makes it unknown again (an item that does not apply). */
void score_unset(struct score *s, enum score_item it);
/* The points of it, -1 if unknown. */
int score_get(const struct score *s, enum score_item it);
/*
 * Weighted mean over the known items of layer l (FL__COUNT: all), rounded;
 * -1 if none is known.
 */
int score_mean(const struct score *s, unsigned l);

/* Thresholds of --warn-score / --crit-score (0: none). */
struct score_opts {
	int	 warn, crit;
};
/*
 * The score's own findings (below --crit-score / --warn-score) into vd;
 * returns the score, -1 if no item is known.
 */
int score_judge(const struct score *s, const struct score_opts *so,
    struct verdict *vd);
/* "A".."F" for a score (no cap). */
const char *score_grade(int score);
/*
 * The grade shown: capped at D when the status is critical (a domain a
 * sender cannot deliver to securely is not a "B" whatever else it does).
 */
const char *score_grade_capped(int score, enum report_status st);

#endif
