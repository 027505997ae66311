/*
 * rep_auth.c -- the keys of the auth check (rep.h): what chk_auth.c's
 * judge hook left in a->auth, DMARC, DKIM then BIMI, in the order the
 * manual lists them.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"

static const char *const res_str[CHK_AUTH_R__COUNT] = {
	[CHK_AUTH_R_UNKNOWN] = "unknown",
	[CHK_AUTH_R_ABSENT] = "absent",
	[CHK_AUTH_R_INVALID] = "invalid",
	[CHK_AUTH_R_VALID] = "ok",
};

static const char *const ok_str[CHK_AUTH_OK__COUNT] = {
	[CHK_AUTH_OK_UNKNOWN] = "unknown",
	[CHK_AUTH_OK_YES] = "yes",
	[CHK_AUTH_OK_NO] = "no",
};

/* Comma-joins the URIs of l as written. */
static void
out_uris(struct out *w, const char *key, const struct dmarc_uris *l)
{
	char		 buf[MX_TXT_MAX];
	size_t		 n = 0;
	unsigned	 i;

	for (i = 0; i < l->n; i++) {
		if (n + l->u[i].len + 1 >= sizeof buf)
			break;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, l->u[i].p, l->u[i].len);
		n += l->u[i].len;
	}
	out_kv(w, key, buf, n);
}

/* "host:yes,host:no,host:unknown" for the external destinations of a tag. */
static void
out_auth(struct out *w, const struct chk_auth *c, const char *key, int ruf)
{
	char		 buf[CHK_AUTH_DEST_MAX * (MX_NAME_MAX + 10)];
	size_t		 n = 0, l;
	unsigned	 i;
	const char	*v;

	for (i = 0; i < c->nauth; i++) {
		const struct chk_auth_dest *au = &c->auth[i];

		if (au->ruf != ruf)
			continue;
		v = ok_str[au->ok];
		l = strlen(au->host);
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, au->host, l);
		n += l;
		buf[n++] = ':';
		memcpy(buf + n, v, strlen(v));
		n += strlen(v);
	}
	if (n)
		out_kv(w, key, buf, n);
}

static void
rep_dmarc(struct out *w, const struct chk_auth *c)
{
	const struct chk_auth_txt *t;
	const struct dmarc_rec *r = &c->rec;

	if (c->dmarc == CHK_AUTH_R_UNKNOWN) {
		out_kvs(w, "dmarc", "unknown");
		out_kvs(w, "dmarc_error", c->dmarc_err);
		if (c->dmarc_trunc)
			out_kvb(w, "dmarc_record_truncated", 1);
		return;
	}
	if (c->dmarc == CHK_AUTH_R_ABSENT) {
		out_kvs(w, "dmarc", "absent");
		return;
	}
	t = &c->step[c->pick];
	out_kvs(w, "dmarc", c->dmarc == CHK_AUTH_R_VALID ?
	    dmarc_policy_str(c->dmarc_policy) : res_str[c->dmarc]);
	out_kv(w, "dmarc_record", t->text, t->len);
	out_kvs(w, "dmarc_found_at", c->found_at);
	if (c->dmarc_sub)
		out_kvb(w, "dmarc_inherited", 1);
	if (c->dmarc != CHK_AUTH_R_VALID) {
		out_kvs(w, "dmarc_error", c->dmarc_err);
		return;
	}
	out_kvi(w, "dmarc_pct", r->pct);
	if (r->testing)
		out_kvb(w, "dmarc_testing", 1);
	if (r->rua.total) {
		out_uris(w, "dmarc_rua", &r->rua);
		if (r->rua.total > r->rua.n)
			out_kvb(w, "dmarc_rua_truncated", 1);
	}
	if (r->ruf.total) {
		out_uris(w, "dmarc_ruf", &r->ruf);
		if (r->ruf.total > r->ruf.n)
			out_kvb(w, "dmarc_ruf_truncated", 1);
	}
	out_auth(w, c, "dmarc_rua_authorized", 0);
	out_auth(w, c, "dmarc_ruf_authorized", 1);
	if (c->auth_limit)
		out_kvb(w, "dmarc_authorized_truncated", 1);
}

static void
rep_dkim(struct out *w, const struct chk_auth *c)
{
	char		 list[MX_DKIM_SELECTORS_MAX *
			     (MX_DKIM_SELECTOR_LEN + 1)];
	char		 pfx[16];
	size_t		 n = 0, l, pl;
	unsigned	 i, found;

	for (i = 0; i < c->sels.n; i++) {
		if (c->sel[i].records == 0)
			continue;
		l = strlen(c->sels.name[i]);
		if (n)
			list[n++] = ',';
		memcpy(list + n, c->sels.name[i], l);
		n += l;
	}
	out_kvs(w, "dkim", c->dkim_not_found ? "not-found" :
	    dkim_verdict_str(c->dkim));
	out_kvs(w, "dkim_domainkey", c->dkim_dk == DKIM_DK_NXDOMAIN ?
	    "nxdomain" : c->dkim_dk == DKIM_DK_EXISTS ? "exists" : "unknown");
	out_kv(w, "dkim_selectors", list, n);
	if (c->sels.truncated)
		out_kvb(w, "dkim_selectors_truncated", 1);
	if (c->sels_bad || c->dkim_limit)
		out_kvs(w, "dkim_error", c->sels_bad ? "bad-selectors" :
		    "limit");
	/* each selector found: its keys under "dkim_N_" */
	for (i = 0, found = 0; i < c->sels.n; i++) {
		const struct dkim_key *k = &c->key[i];

		if (c->sel[i].records == 0)
			continue;
		found++;
		/* N <= MX_DKIM_SELECTORS_MAX, two digits */
		memcpy(pfx, "dkim_", 5);
		pl = 5;
		if (found >= 10)
			pfx[pl++] = (char)('0' + found / 10);
		pfx[pl++] = (char)('0' + found % 10);
		memcpy(pfx + pl, "_", 2);
		out_prefix(w, pfx);
		out_kvs(w, "selector", c->sels.name[i]);
		if (c->sel[i].records > 1)
			out_kvi(w, "records", c->sel[i].records);
		if (c->sel[i].truncated) {
			out_kvb(w, "record_truncated", 1);
			out_kvs(w, "error", "limit");
			continue;
		}
		out_kvs(w, "key_type", dkim_ktype_str(k->ktype));
		if (k->bits)
			out_kvi(w, "bits", k->bits);
		out_kvb(w, "revoked", k->revoked);
		out_kvb(w, "testing", k->testing);
		if (k->err)
			out_kvs(w, "error", k->err);
	}
	out_prefix(w, "");
	if (c->dkim_unknown_sel)
		out_kvb(w, "dkim_unknown_selector", 1);
}

static void
rep_bimi(struct out *w, const struct chk_auth *c)
{
	const struct chk_auth_txt *t = &c->bimi;
	const struct bimi_rec *r = &c->bimi_rec;

	out_kvs(w, "bimi", res_str[c->bimi_res]);
	if (c->bimi_res == CHK_AUTH_R_UNKNOWN) {
		out_kvs(w, "bimi_error", c->bimi_err);
		if (c->bimi_show_record)
			out_kv(w, "bimi_record", t->text, t->len);
		return;
	}
	if (c->bimi_declined) {
		out_kvb(w, "bimi_declined", 1);
		out_kv(w, "bimi_record", t->text, t->len);
		return;
	}
	if (c->bimi_res == CHK_AUTH_R_ABSENT)
		return;
	out_kv(w, "bimi_record", t->text, t->len);
	if (c->bimi_show_logo) {
		out_kv(w, "bimi_logo", r->l, r->l_len);
		if (r->a_len)
			out_kv(w, "bimi_authority", r->a, r->a_len);
	}
	if (c->bimi_err != NULL)
		out_kvs(w, "bimi_error", c->bimi_err);
}

static void
auth_domain(struct out *w, const struct audit *a)
{
	rep_dmarc(w, &a->auth);
	rep_dkim(w, &a->auth);
	rep_bimi(w, &a->auth);
}

const struct rep_check rep_auth = {
	.domain = auth_domain,
};
