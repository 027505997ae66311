/*
 * human_find.c -- every finding of a judgement with its severity and
 * scope, and -j's findings_detail of them (see human.h).
 *
 * IMPLEMENTATION NOTES
 * The sources of a walk are numbered: 0 is the domain's verdict, then per
 * MX one block of 1 + 2 * MX_ADDRS_PER_MX: the MX's verdict, then each
 * address's probe and scan verdicts.  The MX's verdict repeats its chosen
 * address's entries (audit_judge appends them at addr_first); they are
 * skipped there and walked with the address, so each finding has one
 * scope.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/fix.h"
#include "mxprobe/human.h"

#define BLOCK	(1 + 2 * MX_ADDRS_PER_MX)

/* see human.h */
void
human_walk_start(struct human_walk *hw, const struct audit *a,
    const struct verdict *vd)
{
	hw->a = a;
	hw->vd = vd;
	/* -c NAME: a->vd is its MX's; start at the MX */
	hw->src = a != NULL && a->cfg.host_mode ? 1 : 0;
	hw->k = 0;
}

/* Decimal n (< 100) at p; returns the end. */
static char *
put_num(char *p, unsigned n)
{
	if (n >= 10)
		*p++ = (char)('0' + n / 10 % 10);
	*p++ = (char)('0' + n % 10);
	return p;
}

/*
 * The verdict of source src and its scope text; NULL past the last
 * source.  *skip_from, *skip_n: a range of its entries to skip.
 */
static const struct verdict *
source(const struct human_walk *hw, unsigned src, char *scope,
    unsigned *skip_from, unsigned *skip_n)
{
	const struct audit *a = hw->a;
	const struct audit_mx *m;
	unsigned i, r, j, nmx;
	char *p = scope;

	*skip_from = *skip_n = 0;
	if (a == NULL) {
		strcpy(scope, "host");
		return src == 0 ? hw->vd : NULL;
	}
	if (src == 0) {
		strcpy(scope, "domain");
		return &a->vd;
	}
	nmx = a->cfg.host_mode ? 1 : a->nmx;
	i = (src - 1) / BLOCK;
	r = (src - 1) % BLOCK;
	if (i >= nmx)
		return NULL;
	m = &a->mx[i];
	if (!a->cfg.host_mode) {
		memcpy(p, "mx", 2);
		p = put_num(p + 2, i + 1);
	}
	if (r == 0) {
		if (a->cfg.host_mode)
			strcpy(p, "host");
		else
			*p = 0;
		*skip_from = m->addr_first;
		*skip_n = m->addr_n;
		return &m->vd;
	}
	j = (r - 1) / 2;
	if (!a->cfg.host_mode)
		*p++ = '_';
	*p++ = 'a';
	p = put_num(p, j + 1);
	*p = 0;
	if (j >= m->naddr) {
		/* an address the MX does not have: nothing of its verdict */
		*skip_n = MX_FINDINGS_MAX;
		return &m->vd;
	}
	return (r - 1) % 2 == 0 ? &m->addr[j].probe_vd : &m->addr[j].scan_vd;
}

/* see human.h */
int
human_walk_next(struct human_walk *hw, struct human_item *it)
{
	const struct verdict *vd;
	unsigned from, n;

	for (;; hw->src++, hw->k = 0) {
		if ((vd = source(hw, hw->src, it->scope, &from, &n)) == NULL)
			return 0;
		if (hw->k < from + n && hw->k >= from)
			hw->k = from + n;
		if (hw->k < vd->n) {
			it->entry = vd->list[hw->k];
			it->sev = verdict_sev(vd, hw->k);
			hw->k++;
			return 1;
		}
	}
}

/* The code string of a verdict list entry. */
static const char *
entry_code(unsigned e)
{
	return e >= VERDICT_ERR ? mx_err_str((enum mx_err)(e - VERDICT_ERR)) :
	    finding_code((enum finding)e);
}

static void
json_member(struct out *w, const char *sep, const char *name,
    const char *val, size_t len)
{
	out_raw(w, sep, strlen(sep));
	out_str(w, name, strlen(name));
	out_raw(w, ":", 1);
	out_str(w, val, len);
}

/* see human.h */
void
human_findings_detail(struct out *w, const struct audit *a,
    const struct verdict *vd)
{
	struct human_walk hw;
	struct human_item it;
	char text[MX_FIX_TEXT_MAX];
	const char *c, *sep;
	size_t l;
	int n = 0, p;

	if (w->mode != OUT_JSON)
		return;
	human_walk_start(&hw, a, vd);
	while (human_walk_next(&hw, &it)) {
		if (n++ == 0)
			out_kvj(w, "findings_detail", "[", 1);
		else
			out_raw(w, ",", 1);
		c = entry_code(it.entry);
		json_member(w, "{", "code", c, strlen(c));
		c = report_status_str(it.sev);
		json_member(w, ",", "severity", c, strlen(c));
		json_member(w, ",", "scope", it.scope, strlen(it.scope));
		l = fix_text(it.entry, FIX_MEANING, text, sizeof text);
		json_member(w, ",", "message", text, l);
		l = fix_text(it.entry, FIX_WHAT, text, sizeof text);
		json_member(w, ",", "delivery", text, l);
		out_raw(w, ",\"fix\":", 7);
		sep = "{";
		for (p = FIX_ANY; p < FIX__PARTS; p++) {
			if ((l = fix_text(it.entry, (enum fix_part)p, text,
			    sizeof text)) == 0)
				continue;
			json_member(w, sep, fix_part_name((enum fix_part)p),
			    text, l);
			sep = ",";
		}
		if (*sep == '{')
			out_raw(w, "{", 1);
		out_raw(w, "}}", 2);
	}
	if (n > 0)
		out_raw(w, "]", 1);
}
