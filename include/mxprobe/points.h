/*
 * points.h -- the named points of the score (score.def's SCORE_POINTS):
 * SP_NAME is the points an item gets in that case.  Constants only, so
 * the code that measures an item, in whatever layer, names its points
 * without a table lookup, and score.def stays the one place they are
 * written.
 */
#ifndef MXPROBE_POINTS_H
#define MXPROBE_POINTS_H

enum score_points {
#define SCORE_ITEM(name, key, layer, weight)
#define SCORE_RUNG(item, op, v, ...)
#define SCORE_POINTS(name, item, points)	SP_##name = points,
#include "mxprobe/score.def"
#undef SCORE_ITEM
#undef SCORE_RUNG
#undef SCORE_POINTS
	SP__END
};

#endif
