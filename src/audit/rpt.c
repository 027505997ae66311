/*
 * rpt.c -- the TLS-RPT-shaped "policies" value of -j output (see rpt.h).
 *
 * IMPLEMENTATION NOTES
 * Facts arrive in any order (per MX, then per domain), so they are kept
 * as items (kind, entry, up to four strings in one arena) and serialized
 * once by rpt_emit, entry by entry.  Strings go through out_json_quote,
 * the one JSON escaper.
 */
#include <string.h>
#include "mxprobe/limits.h"
#include "mxprobe/out.h"
#include "mxprobe/rpt.h"

enum { I_STR, I_MXH, I_OK, I_FAIL };

struct item {
	unsigned char	 kind, pol;
	unsigned short	 s[4];		/* arena offsets; 0xffff: none */
};

static struct {
	unsigned	 npol, nitem;
	size_t		 used;
	int		 truncated;
	unsigned short	 type[MX_RPT_POLICIES], domain[MX_RPT_POLICIES];
	struct item	 item[MX_RPT_ITEMS];
	char		 arena[MX_RPT_ARENA];
	char		 json[MX_RPT_JSON_MAX];
	size_t		 jlen;
} r;

#define NONE	0xffff
_Static_assert(MX_RPT_ARENA < NONE, "arena offsets fit 16 bits");

/* see rpt.h */
void
rpt_reset(void)
{
	r.npol = r.nitem = 0;
	r.used = 0;
	r.truncated = 0;
}

/* see rpt.h */
unsigned
rpt_count(void)
{
	return r.npol;
}

/* Copies s into the arena; its offset, or NONE (NULL, or no room). */
static unsigned short
keep(const char *s)
{
	size_t l;

	if (s == NULL)
		return NONE;
	l = strlen(s) + 1;
	if (l > sizeof r.arena - r.used) {
		r.truncated = 1;
		return NONE;
	}
	memcpy(r.arena + r.used, s, l);
	r.used += l;
	return (unsigned short)(r.used - l);
}

/* see rpt.h */
int
rpt_policy(const char *type, const char *domain)
{
	if (r.npol == MX_RPT_POLICIES) {
		r.truncated = 1;
		return -1;
	}
	r.type[r.npol] = keep(type);
	r.domain[r.npol] = keep(domain);
	return (int)r.npol++;
}

static struct item *
add(int h, unsigned kind)
{
	struct item *it;

	if (h < 0 || (unsigned)h >= r.npol)
		return NULL;
	if (r.nitem == MX_RPT_ITEMS) {
		r.truncated = 1;
		return NULL;
	}
	it = &r.item[r.nitem++];
	it->kind = (unsigned char)kind;
	it->pol = (unsigned char)h;
	it->s[0] = it->s[1] = it->s[2] = it->s[3] = NONE;
	return it;
}

/* see rpt.h */
void
rpt_string(int h, const char *s)
{
	struct item *it = add(h, I_STR);

	if (it)
		it->s[0] = keep(s);
}

/* see rpt.h */
void
rpt_mx_host(int h, const char *s)
{
	struct item *it = add(h, I_MXH);

	if (it)
		it->s[0] = keep(s);
}

/* see rpt.h */
void
rpt_session(int h, const char *mx, const char *ip, const char *result,
    const char *detail)
{
	struct item *it = add(h, result ? I_FAIL : I_OK);

	if (it == NULL || result == NULL)
		return;
	it->s[0] = keep(result);
	it->s[1] = keep(mx);
	it->s[2] = keep(ip);
	it->s[3] = keep(detail);
}

/* ---- serialization -------------------------------------------------- */

/*
 * Serialization keeps one byte for the closing "]"; a piece that does not
 * fit sets ovf and rpt_emit drops the whole entry it belongs to.
 */
static int ovf;

static void
put(const char *s, size_t n)
{
	if (ovf || n > sizeof r.json - 1 - r.jlen) {
		ovf = 1;
		return;
	}
	memcpy(r.json + r.jlen, s, n);
	r.jlen += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

/* A JSON string of arena text at off ("" for NONE). */
static void
str(unsigned short off)
{
	const char *s = off == NONE ? "" : r.arena + off;
	size_t need = out_json_quote(NULL, 0, s, strlen(s));

	/* out_json_quote writes a NUL too: need + 1, plus the "]" */
	if (ovf || need + 2 > sizeof r.json - r.jlen) {
		ovf = 1;
		return;
	}
	r.jlen += out_json_quote(r.json + r.jlen, sizeof r.json - r.jlen, s,
	    strlen(s));
}

static void
num(unsigned v)
{
	char d[12];
	size_t n = sizeof d;

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	put(d + n, sizeof d - n);
}

static int
same(unsigned short x, unsigned short y)
{
	if (x == NONE || y == NONE)
		return x == y;
	return strcmp(r.arena + x, r.arena + y) == 0;
}

/* "name":[...] of entry p's items of kind k */
static void
list(unsigned p, unsigned k, const char *name)
{
	unsigned i, n = 0;

	puts_(name);
	put("[", 1);
	for (i = 0; i < r.nitem; i++)
		if (r.item[i].pol == p && r.item[i].kind == k) {
			if (n++)
				put(",", 1);
			str(r.item[i].s[0]);
		}
	put("]", 1);
}

static void
entry(unsigned p)
{
	unsigned i, j, ok = 0, fail = 0, n = 0;

	for (i = 0; i < r.nitem; i++)
		if (r.item[i].pol == p) {
			ok += r.item[i].kind == I_OK;
			fail += r.item[i].kind == I_FAIL;
		}
	puts_("{\"policy\":{\"policy-type\":");
	str(r.type[p]);
	list(p, I_STR, ",\"policy-string\":");
	puts_(",\"policy-domain\":");
	str(r.domain[p]);
	list(p, I_MXH, ",\"mx-host\":");
	puts_("},\"summary\":{\"total-successful-session-count\":");
	num(ok);
	puts_(",\"total-failure-session-count\":");
	num(fail);
	puts_("},\"failure-details\":[");
	for (i = 0; i < r.nitem; i++) {
		const struct item *it = &r.item[i];
		unsigned cnt = 0;

		if (it->pol != p || it->kind != I_FAIL)
			continue;
		for (j = 0; j < r.nitem; j++) {
			const struct item *o = &r.item[j];
			int eq = o->pol == p && o->kind == I_FAIL &&
			    same(o->s[0], it->s[0]) && same(o->s[1], it->s[1]) &&
			    same(o->s[2], it->s[2]) && same(o->s[3], it->s[3]);

			if (eq && j < i)
				break;	/* counted with the first of them */
			cnt += eq;
		}
		if (j < i)
			continue;
		if (n++)
			put(",", 1);
		puts_("{\"result-type\":");
		str(it->s[0]);
		puts_(",\"receiving-mx-hostname\":");
		str(it->s[1]);
		if (it->s[2] != NONE) {
			puts_(",\"receiving-ip\":");
			str(it->s[2]);
		}
		puts_(",\"failed-session-count\":");
		num(cnt);
		if (it->s[3] != NONE) {
			puts_(",\"additional-information\":");
			str(it->s[3]);
		}
		put("}", 1);
	}
	puts_("]}");
}

/* see rpt.h */
void
rpt_emit(void)
{
	unsigned p;
	size_t mark;

	if (r.npol == 0)
		return;
	r.jlen = 0;
	ovf = 0;
	put("[", 1);
	for (p = 0; p < r.npol; p++) {
		mark = r.jlen;
		if (p)
			put(",", 1);
		entry(p);
		/* an entry that did not fit whole is left out whole */
		if (ovf) {
			r.jlen = mark;
			r.truncated = 1;
			break;
		}
	}
	r.json[r.jlen++] = ']';		/* put kept room for it */
	out_kvj("policies", r.json, r.jlen);
	if (r.truncated)
		out_kvb("policies_truncated", 1);
}
