/*
 * score.c -- the email security score (see score.h).
 *
 * One place for the numbers: every item's layer and weight (they add up
 * to 100, so a weight reads as "points of the score"), and the transport
 * items' point ladders.  The reasons for each weight are in this folder's
 * README; `mxprobe --score-table` prints both tables.
 */
#include <string.h>
#include "mxprobe/score.h"

const char *const score_layer_key[FL__COUNT] = {
	"score_transport", "score_policy", "score_auth", "score_hygiene",
	"score_reputation"
};

const struct score_item_def score_items[SC__COUNT] = {
	[SC_STARTTLS]	 = { "starttls",	FL_TRANSPORT,	20 },
	[SC_CERT]	 = { "cert",		FL_TRANSPORT,	10 },
	[SC_TLS_VERSION] = { "tls_version",	FL_TRANSPORT,	 8 },
	[SC_DANE]	 = { "dane",		FL_POLICY,	 8 },
	[SC_MTA_STS]	 = { "mta_sts",		FL_POLICY,	 8 },
	[SC_TLSRPT]	 = { "tlsrpt",		FL_POLICY,	 3 },
	[SC_SPF]	 = { "spf",		FL_AUTH,	10 },
	[SC_DKIM]	 = { "dkim",		FL_AUTH,	 8 },
	[SC_DMARC]	 = { "dmarc",		FL_AUTH,	12 },
	[SC_BIMI]	 = { "bimi",		FL_AUTH,	 1 },
	[SC_MX_HYGIENE]	 = { "mx_hygiene",	FL_HYGIENE,	 4 },
	[SC_DNSBL]	 = { "dnsbl",		FL_REPUTATION,	 8 },
};

#define END	SCORE_RUNG_END
_Static_assert(SCORE_LADDER_LEN < 10, "one digit in score_ladder_N");
const struct score_rung score_ladder[SCORE_LADDER_LEN] = {
	{ SC_CERT, SCORE_SET, 40, { F_CERT_SELF_SIGNED, F_CERT_UNTRUSTED,
	    F_CERT_NAME_MISMATCH, END } },
	{ SC_CERT, SCORE_CAP, 70, { F_CERT_WEAK_KEY, F_CERT_WEAK_SIGNATURE,
	    F_CHAIN_INCOMPLETE, F_CHAIN_OUT_OF_ORDER, F_CERT_EXPIRES_SOON } },
	{ SC_CERT, SCORE_SET, 0, { F_CERT_EXPIRED, F_CERT_NOT_YET_VALID,
	    F_CERT_EXPIRES_CRITICAL, F_CERT_UNREADABLE, END } },
	{ SC_TLS_VERSION, SCORE_SET, 85, { F_NO_TLS13, END } },
	{ SC_TLS_VERSION, SCORE_SUB, 35, { F_TLS_LEGACY_ENABLED, END } },
	{ SC_TLS_VERSION, SCORE_SUB, 25, { F_TLS_WEAK_CIPHER, F_TLS_WEAK_DH,
	    END } },
	{ SC_TLS_VERSION, SCORE_SET, 0, { F_TLS_LEGACY_ONLY, F_SSL3_ENABLED,
	    F_TLS_NULL_EXPORT, END } },
};

/* see score.h */
const char *
score_op_str(enum score_op op)
{
	return op == SCORE_SET ? "set" : op == SCORE_CAP ? "cap" : "sub";
}

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
