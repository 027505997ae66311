/*
 * rep_spf.c -- the keys of the spf check (rep.h): what chk_spf.c's judge
 * hook left in a->spf, in the order the manual lists them.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/spf.h"

/* spf_error: code, domain, ": " and the term */
#define ERR_TEXT_MAX	(32 + MX_NAME_MAX + 2 + MX_SPF_TERM_SHOW + 4)

/* key = "code domain: term" of err, if it has a code. */
static void
put_err(struct out *w, const char *key, const struct chk_spf_err *err)
{
	const struct spf_problem *p = err->prob;
	char buf[ERR_TEXT_MAX];
	size_t n, l;

	if (err->code == NULL)
		return;
	n = strlen(err->code);
	memcpy(buf, err->code, n);
	if (p != NULL && p->domain[0] != '\0') {
		buf[n++] = ' ';
		l = strlen(p->domain);
		memcpy(buf + n, p->domain, l);
		n += l;
	}
	if (p != NULL && p->term[0] != '\0') {
		memcpy(buf + n, ": ", 2);
		n += 2;
		l = strlen(p->term);
		memcpy(buf + n, p->term, l);
		n += l;
	}
	out_kv(w, key, buf, n);
}

static void
spf_domain(struct out *w, const struct audit *a)
{
	const struct chk_spf *c = &a->spf;
	const struct spf_walk *sw = &c->w;
	char all[5];
	int unknown = c->st == SPF_ST_TEMPERROR || c->st == SPF_ST_LIMIT;

	out_kvs(w, "spf", unknown ? "unknown" : spf_status_str(c->st));
	if (unknown)
		put_err(w, "spf_error", &c->err);
	if (c->known)
		out_kv(w, "spf_record", sw->record, sw->record_len);
	if (c->nspf > 1)
		out_kvi(w, "spf_records", c->nspf);
	if (c->known) {
		if (sw->all) {
			all[0] = sw->all;
			memcpy(all + 1, "all", 4);
		} else
			strcpy(all, "none");
		out_kvs(w, "spf_all", all);
		out_kvi(w, "spf_lookups", sw->lookups);
		out_kvi(w, "spf_void_lookups", sw->voids);
		out_kvb(w, "spf_ptr", sw->ptr);
		if (sw->truncated)
			out_kvb(w, "spf_walk_truncated", 1);
	}
	if (c->st == SPF_ST_INVALID)
		put_err(w, "spf_error", &c->err);
	else if (c->st == SPF_ST_WEAK)
		out_kvs(w, "spf_weak", spf_weak_str(sw->weak));
	if (c->bad_ip) {
		out_kvs(w, "spf_result", "unknown");
		put_err(w, "spf_result_error", &c->result_err);
	} else if (c->eval) {
		out_kvs(w, "spf_ip", c->ip);
		out_kvs(w, "spf_result", spf_result_str(c->result));
		put_err(w, "spf_result_error", &c->result_err);
	}
}

const struct rep_check rep_spf = {
	.domain = spf_domain,
};
