/*
 * score.h -- the email security score: one weighted number from every
 * layer of the audit, each item set by the check that measured it.
 *
 * An item that was never set is unknown: it counts neither for nor
 * against (the score is over the known items, and the layer's sub-score
 * is unknown when none of its items is known).  The weights and the
 * transport ladders are written once, in score.def, as a table a test
 * reads too.  Integer arithmetic only (no floating point on soft-float
 * routers).
 */
#ifndef MXPROBE_SCORE_H
#define MXPROBE_SCORE_H

#include "mxprobe/finding.h"

/* SC_NAME for every SCORE_ITEM of score.def, in its order. */
enum score_item {
#define SCORE_ITEM(name, key, layer, weight)	SC_##name,
#define SCORE_RUNG(item, op, v, ...)
#define SCORE_POINTS(name, item, points)
#include "mxprobe/score.def"
#undef SCORE_ITEM
#undef SCORE_RUNG
#undef SCORE_POINTS
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

/* The point ladders of the transport items (score.def's SCORE_RUNG). */
enum score_op { SCORE_SET, SCORE_CAP, SCORE_SUB };
#define SCORE_RUNG_END	F__COUNT	/* ends a rung's finding list */
struct score_rung {
	unsigned char	 item;		/* enum score_item */
	unsigned char	 op;		/* enum score_op */
	unsigned char	 v;
	unsigned char	 f[6];		/* enum finding, SCORE_RUNG_END */
};
_Static_assert(F__COUNT < 255, "findings fit a rung's bytes");
extern const struct score_rung score_ladder[];
extern const unsigned score_ladder_len;

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
