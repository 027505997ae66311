/*
 * score.c -- the email security score (see score.h).
 *
 * One table: every item's layer and weight.  The weights add up to 100 so
 * a weight reads as "points of the score"; README.md "Score" repeats the
 * table with the reason for each weight.  Integer arithmetic only (no
 * floating point on soft-float routers).
 */
#include <string.h>
#include "mxprobe/score.h"
#include "mxprobe/out.h"

enum layer { L_TRANSPORT, L_POLICY, L_AUTH, L_HYGIENE, L_REPUTATION,
	L__COUNT };

static const char *const layer_key[L__COUNT] = {
	"score_transport", "score_policy", "score_auth", "score_hygiene",
	"score_reputation"
};

static const struct {
	const char	*name;
	unsigned char	 layer, weight;
} item[SC__COUNT] = {
	[SC_STARTTLS]	 = { "starttls",	L_TRANSPORT,	20 },
	[SC_CERT]	 = { "cert",		L_TRANSPORT,	10 },
	[SC_TLS_VERSION] = { "tls_version",	L_TRANSPORT,	 8 },
	[SC_DANE]	 = { "dane",		L_POLICY,	 8 },
	[SC_MTA_STS]	 = { "mta_sts",		L_POLICY,	 8 },
	[SC_TLSRPT]	 = { "tlsrpt",		L_POLICY,	 3 },
	[SC_SPF]	 = { "spf",		L_AUTH,		10 },
	[SC_DKIM]	 = { "dkim",		L_AUTH,		 8 },
	[SC_DMARC]	 = { "dmarc",		L_AUTH,		12 },
	[SC_BIMI]	 = { "bimi",		L_AUTH,		 1 },
	[SC_MX_HYGIENE]	 = { "mx_hygiene",	L_HYGIENE,	 4 },
	[SC_DNSBL]	 = { "dnsbl",		L_REPUTATION,	 8 },
};

static signed char points[SC__COUNT];	/* -1 unknown, else 0..100 */

/* see score.h */
void
score_reset(void)
{
	memset(points, -1, sizeof points);
}

/* see score.h */
void
score_set(enum score_item it, int p)
{
	if ((unsigned)it >= SC__COUNT)
		return;
	points[it] = (signed char)(p < 0 ? 0 : p > 100 ? 100 : p);
}

/* see score.h */
void
score_unset(enum score_item it)
{
	if ((unsigned)it < SC__COUNT)
		points[it] = -1;
}

/* see score.h */
int
score_get(enum score_item it)
{
	return (unsigned)it < SC__COUNT ? points[it] : -1;
}

/* see score.h */
const char *
score_grade(int s)
{
	return s >= 90 ? "A" : s >= 75 ? "B" : s >= 60 ? "C" :
	    s >= 40 ? "D" : "F";
}

/* Weighted mean over the known items of layer l (L__COUNT: all), rounded;
 * -1 if none is known. */
static int
mean(unsigned l)
{
	unsigned i, w = 0, sum = 0;

	for (i = 0; i < SC__COUNT; i++) {
		if (points[i] < 0 || (l != L__COUNT && item[i].layer != l))
			continue;
		w += item[i].weight;
		sum += item[i].weight * (unsigned)points[i];
	}
	return w ? (int)((sum + w / 2) / w) : -1;
}

/* see score.h */
int
score_report(const struct score_opts *so, struct report_verdict *vd)
{
	char unk[128];
	size_t n = 0, l;
	unsigned i;
	int s = mean(L__COUNT), v;
	const char *g;

	if (s < 0) {
		out_kvs("score", "unknown");
		out_kvs("grade", "unknown");
	} else {
		g = score_grade(s);
		if (vd->worst >= ST_CRITICAL && *g < 'D')
			g = "D";
		out_kvi("score", s);
		out_kvs("grade", g);
	}
	for (i = 0; i < L__COUNT; i++) {
		if ((v = mean(i)) < 0)
			out_kvs(layer_key[i], "unknown");
		else
			out_kvi(layer_key[i], v);
	}
	for (i = 0; i < SC__COUNT; i++) {
		char key[32] = "score_item_";

		if (points[i] < 0)
			continue;
		/* names are < 16 bytes: fits */
		strcpy(key + 11, item[i].name);
		out_kvi(key, points[i]);
	}
	for (i = 0; i < SC__COUNT; i++) {
		if (points[i] >= 0)
			continue;
		l = strlen(item[i].name);
		/* every name together is < 128 bytes: cannot overflow */
		if (n + l + 2 > sizeof unk)
			break;
		if (n)
			unk[n++] = ',';
		memcpy(unk + n, item[i].name, l);
		n += l;
	}
	if (n)
		out_kv("score_unknown", unk, n);
	if (s >= 0 && so != NULL) {
		if (so->crit > 0 && s < so->crit)
			report_finding(vd, ST_CRITICAL, "score-below-critical");
		else if (so->warn > 0 && s < so->warn)
			report_finding(vd, ST_WARNING, "score-below-warning");
	}
	return s;
}
