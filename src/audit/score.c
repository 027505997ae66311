/*
 * score.c -- the email security score (see score.h).
 *
 * The tables of score.def (weights, transport ladders) and the
 * arithmetic over them.
 */
#include <string.h>
#include "mxprobe/score.h"

const char *const score_layer_key[FL__COUNT] = {
	"score_transport", "score_policy", "score_auth", "score_hygiene",
	"score_reputation"
};

const struct score_item_def score_items[SC__COUNT] = {
#define SCORE_ITEM(name, key, layer, weight)	\
	[SC_##name] = { #key, FL_##layer, weight },
#define SCORE_RUNG(item, op, v, ...)
#define SCORE_POINTS(name, item, points)
#include "mxprobe/score.def"
#undef SCORE_ITEM
#undef SCORE_RUNG
#undef SCORE_POINTS
};

const struct score_rung score_ladder[] = {
#define SCORE_ITEM(name, key, layer, weight)
#define SCORE_POINTS(name, item, points)
#define SCORE_RUNG(item, op, v, ...)	\
	{ SC_##item, SCORE_##op, v, { __VA_ARGS__, SCORE_RUNG_END } },
#include "mxprobe/score.def"
#undef SCORE_ITEM
#undef SCORE_RUNG
#undef SCORE_POINTS
};
const unsigned score_ladder_len = sizeof score_ladder / sizeof score_ladder[0];

/* see score.h */
void
score_reset(struct score *s)
{
	memset(s->points, -1, sizeof s->points);
}

/* see score.h */
void
score_set(struct score *s, enum score_item it, int p)
{
	if ((unsigned)it >= SC__COUNT)
		return;
	s->points[it] = (signed char)(p < 0 ? 0 : p > 100 ? 100 : p);
}

/* see score.h */
void
score_unset(struct score *s, enum score_item it)
{
	if ((unsigned)it < SC__COUNT)
		s->points[it] = -1;
}

/* see score.h */
int
score_get(const struct score *s, enum score_item it)
{
	return (unsigned)it < SC__COUNT ? s->points[it] : -1;
}

/* see score.h */
const char *
score_grade(int s)
{
	return s >= 90 ? "A" : s >= 75 ? "B" : s >= 60 ? "C" :
	    s >= 40 ? "D" : "F";
}

/* see score.h */
const char *
score_grade_capped(int s, enum report_status st)
{
	const char *g = score_grade(s);

	return st == ST_CRITICAL && *g < 'D' ? "D" : g;
}

/* see score.h */
int
score_mean(const struct score *s, unsigned l)
{
	unsigned i, w = 0, sum = 0;

	for (i = 0; i < SC__COUNT; i++) {
		if (s->points[i] < 0 ||
		    (l != FL__COUNT && score_items[i].layer != l))
			continue;
		w += score_items[i].weight;
		sum += score_items[i].weight * (unsigned)s->points[i];
	}
	return w ? (int)((sum + w / 2) / w) : -1;
}

/* see score.h */
int
score_judge(const struct score *s, const struct score_opts *so,
    struct verdict *vd)
{
	int v = score_mean(s, FL__COUNT);

	if (v >= 0 && so != NULL) {
		if (so->crit > 0 && v < so->crit)
			verdict_add(vd, F_SCORE_BELOW_CRITICAL);
		else if (so->warn > 0 && v < so->warn)
			verdict_add(vd, F_SCORE_BELOW_WARNING);
	}
	return v;
}
