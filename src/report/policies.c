/*
 * policies.c -- the TLS-RPT-shaped "policies" value of -j output (see
 * rpt.h for its facts and report.h).
 *
 * IMPLEMENTATION NOTES
 * Serialized once, entry by entry, into a fixed text (MX_RPT_JSON_MAX);
 * strings go through out_json_quote, the one JSON escaper.
 */
#include <string.h>
#include "mxprobe/report.h"
#include "mxprobe/rpt.h"


/*
 * The JSON text being built: one byte is kept for the closing "]"; a
 * piece that does not fit sets ovf and the whole entry it belongs to is
 * dropped.
 */
struct js {
	const struct rpt	*r;
	int			 ovf;
	size_t			 len;
	char			 buf[MX_RPT_JSON_MAX];
};

static void
put(struct js *j, const char *s, size_t n)
{
	if (j->ovf || n > sizeof j->buf - 1 - j->len) {
		j->ovf = 1;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void
puts_(struct js *j, const char *s)
{
	put(j, s, strlen(s));
}

/* A JSON string of arena text at off ("" for NONE). */
static void
str(struct js *j, unsigned short off)
{
	const char *s = rpt_str(j->r, off);
	size_t need;

	if (s == NULL)
		s = "";
	need = out_json_quote(NULL, 0, s, strlen(s));
	/* out_json_quote writes a NUL too: need + 1, plus the "]" */
	if (j->ovf || need + 2 > sizeof j->buf - j->len) {
		j->ovf = 1;
		return;
	}
	j->len += out_json_quote(j->buf + j->len, sizeof j->buf - j->len, s,
	    strlen(s));
}

static void
num(struct js *j, unsigned v)
{
	char d[12];
	size_t n = sizeof d;

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	put(j, d + n, sizeof d - n);
}

static int
same(const struct rpt *r, unsigned short x, unsigned short y)
{
	if (x == RPT_NONE || y == RPT_NONE)
		return x == y;
	return strcmp(r->arena + x, r->arena + y) == 0;
}

/* "name":[...] of entry p's items of kind k */
static void
list(struct js *j, unsigned p, unsigned k, const char *name)
{
	const struct rpt *r = j->r;
	unsigned i, n = 0;

	puts_(j, name);
	put(j, "[", 1);
	for (i = 0; i < r->nitem; i++)
		if (r->item[i].pol == p && r->item[i].kind == k) {
			if (n++)
				put(j, ",", 1);
			str(j, r->item[i].s[0]);
		}
	put(j, "]", 1);
}

static void
entry(struct js *j, unsigned p)
{
	const struct rpt *r = j->r;
	unsigned i, k, ok = 0, fail = 0, n = 0;

	for (i = 0; i < r->nitem; i++)
		if (r->item[i].pol == p) {
			ok += r->item[i].kind == RPT_OK;
			fail += r->item[i].kind == RPT_FAIL;
		}
	puts_(j, "{\"policy\":{\"policy-type\":");
	str(j, r->type[p]);
	list(j, p, RPT_STR, ",\"policy-string\":");
	puts_(j, ",\"policy-domain\":");
	str(j, r->domain[p]);
	list(j, p, RPT_MXH, ",\"mx-host\":");
	puts_(j, "},\"summary\":{\"total-successful-session-count\":");
	num(j, ok);
	puts_(j, ",\"total-failure-session-count\":");
	num(j, fail);
	puts_(j, "},\"failure-details\":[");
	for (i = 0; i < r->nitem; i++) {
		const struct rpt_item *it = &r->item[i];
		unsigned cnt = 0;

		if (it->pol != p || it->kind != RPT_FAIL)
			continue;
		for (k = 0; k < r->nitem; k++) {
			const struct rpt_item *o = &r->item[k];
			int eq = o->pol == p && o->kind == RPT_FAIL &&
			    same(r, o->s[0], it->s[0]) &&
			    same(r, o->s[1], it->s[1]) &&
			    same(r, o->s[2], it->s[2]) &&
			    same(r, o->s[3], it->s[3]);

			if (eq && k < i)
				break;	/* counted with the first of them */
			cnt += eq;
		}
		if (k < i)
			continue;
		if (n++)
			put(j, ",", 1);
		puts_(j, "{\"result-type\":");
		str(j, it->s[0]);
		puts_(j, ",\"receiving-mx-hostname\":");
		str(j, it->s[1]);
		if (it->s[2] != RPT_NONE) {
			puts_(j, ",\"receiving-ip\":");
			str(j, it->s[2]);
		}
		puts_(j, ",\"failed-session-count\":");
		num(j, cnt);
		if (it->s[3] != RPT_NONE) {
			puts_(j, ",\"additional-information\":");
			str(j, it->s[3]);
		}
		put(j, "}", 1);
	}
	puts_(j, "]}");
}

/* see report.h */
void
report_policies(struct out *w, const struct rpt *r)
{
	struct js j;
	unsigned p;
	size_t mark;
	int truncated = r->truncated;

	if (r->npol == 0 || w->mode != OUT_JSON)
		return;
	j.r = r;
	j.len = 0;
	j.ovf = 0;
	put(&j, "[", 1);
	for (p = 0; p < r->npol; p++) {
		mark = j.len;
		if (p)
			put(&j, ",", 1);
		entry(&j, p);
		/* an entry that did not fit whole is left out whole */
		if (j.ovf) {
			j.len = mark;
			truncated = 1;
			break;
		}
	}
	j.buf[j.len++] = ']';		/* put kept room for it */
	out_kvj(w, "policies", j.buf, j.len);
	if (truncated)
		out_kvb(w, "policies_truncated", 1);
}
