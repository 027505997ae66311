/*
 * rpt.c -- the facts of the TLS-RPT-shaped "policies" value (see rpt.h).
 *
 * IMPLEMENTATION NOTES
 * Facts arrive in any order (per MX, then per domain), so they are kept
 * as items (kind, entry, up to four strings in one arena); the report
 * layer serializes them once, entry by entry (report_policies).
 */
#include <string.h>
#include "mxprobe/limits.h"
#include "mxprobe/rpt.h"

_Static_assert(MX_RPT_ARENA < RPT_NONE, "arena offsets fit 16 bits");

/* see rpt.h */
void
rpt_reset(struct rpt *r)
{
	r->npol = r->nitem = 0;
	r->used = 0;
	r->truncated = 0;
}

/* see rpt.h */
unsigned
rpt_count(const struct rpt *r)
{
	return r->npol;
}

/* Copies s into the arena; its offset, or RPT_NONE (NULL, or no room). */
static unsigned short
keep(struct rpt *r, const char *s)
{
	size_t l;

	if (s == NULL)
		return RPT_NONE;
	l = strlen(s) + 1;
	if (l > sizeof r->arena - r->used) {
		r->truncated = 1;
		return RPT_NONE;
	}
	memcpy(r->arena + r->used, s, l);
	r->used += l;
	return (unsigned short)(r->used - l);
}

/* see rpt.h */
int
rpt_policy(struct rpt *r, const char *type, const char *domain)
{
	if (r->npol == MX_RPT_POLICIES) {
		r->truncated = 1;
		return -1;
	}
	r->type[r->npol] = keep(r, type);
	r->domain[r->npol] = keep(r, domain);
	return (int)r->npol++;
}

static struct rpt_item *
add(struct rpt *r, int h, unsigned kind)
{
	struct rpt_item *it;

	if (h < 0 || (unsigned)h >= r->npol)
		return NULL;
	if (r->nitem == MX_RPT_ITEMS) {
		r->truncated = 1;
		return NULL;
	}
	it = &r->item[r->nitem++];
	it->kind = (unsigned char)kind;
	it->pol = (unsigned char)h;
	it->s[0] = it->s[1] = it->s[2] = it->s[3] = RPT_NONE;
	return it;
}

/* see rpt.h */
void
rpt_string(struct rpt *r, int h, const char *s)
{
	struct rpt_item *it = add(r, h, RPT_STR);

	if (it)
		it->s[0] = keep(r, s);
}

/* see rpt.h */
void
rpt_mx_host(struct rpt *r, int h, const char *s)
{
	struct rpt_item *it = add(r, h, RPT_MXH);

	if (it)
		it->s[0] = keep(r, s);
}

/* see rpt.h */
void
rpt_session(struct rpt *r, int h, const char *mx, const char *ip,
    const char *result, const char *detail)
{
	struct rpt_item *it = add(r, h, result ? RPT_FAIL : RPT_OK);

	if (it == NULL || result == NULL)
		return;
	it->s[0] = keep(r, result);
	it->s[1] = keep(r, mx);
	it->s[2] = keep(r, ip);
	it->s[3] = keep(r, detail);
}

/* see rpt.h */
const char *
rpt_str(const struct rpt *r, unsigned short off)
{
	return off == RPT_NONE || off >= sizeof r->arena ? NULL :
	    r->arena + off;
}
