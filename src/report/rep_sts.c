/*
 * rep_sts.c -- the keys of the sts check (rep.h): MTA-STS and TLS-RPT as
 * chk_sts.c's judge hooks left them in a->sts, in the order the manual
 * lists them.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/sts.h"

static const char *const res_str[CHK_STS_R__COUNT] = {
	[CHK_STS_R_NA] = "na",
	[CHK_STS_R_UNKNOWN] = "unknown",
	[CHK_STS_R_FAIL] = "fail",
	[CHK_STS_R_OK] = "ok",
};

static const char *const tlsrpt_str[CHK_STS_RPT__COUNT] = {
	[CHK_STS_RPT_UNKNOWN] = "unknown",
	[CHK_STS_RPT_ABSENT] = "absent",
	[CHK_STS_RPT_INVALID] = "invalid",
	[CHK_STS_RPT_OK] = "ok",
};

static void
rep_sts_mx(struct out *w, const struct audit *a, unsigned i,
    const char *pfx)
{
	const struct chk_sts_mx *r;

	(void)pfx;
	if (i >= MX_MX_MAX || (r = &a->sts.mx[i])->res == CHK_STS_R_NONE)
		return;
	out_kvs(w, "sts", res_str[r->res]);
	if (r->res == CHK_STS_R_FAIL)
		out_kvs(w, "sts_error", r->error);
	if (r->detail != NULL)
		out_kvs(w, "sts_detail", r->detail);
	if (r->addr != NULL)
		out_kvs(w, "sts_addr", r->addr);
	if (r->with_dane != NULL)
		out_kvs(w, "sts_with_dane", r->with_dane);
}

/* mta_sts and its details. */
static void
policy(struct out *w, const struct chk_sts *c)
{
	char		 list[MX_STS_MX_MAX * (MX_NAME_MAX + 1)];
	size_t		 n = 0, l;
	unsigned	 i, k;

	switch (c->v) {
	case CHK_STS_V_UNKNOWN:
		out_kvs(w, "mta_sts", "unknown");
		if (c->detail != NULL)
			out_kvs(w, "mta_sts_detail", c->detail);
		return;
	case CHK_STS_V_ABSENT:
		out_kvs(w, "mta_sts", "absent");
		return;
	case CHK_STS_V_INVALID:
		out_kvs(w, "mta_sts", "invalid");
		break;
	case CHK_STS_V_VALID:
		out_kvs(w, "mta_sts", res_str[c->mta_sts]);
		out_kvs(w, "mta_sts_mode", sts_mode_str(c->pol.mode));
		break;
	}
	if (c->id != NULL)
		out_kvs(w, "mta_sts_id", c->id);
	if (c->fetched) {
		out_kvs(w, "mta_sts_addr", c->addr_text[c->fetch_addr]);
		if (c->http_status)
			out_kvi(w, "mta_sts_http_status", c->http_status);
	}
	if (c->v == CHK_STS_V_INVALID) {
		out_kvs(w, "mta_sts_error", c->rfc_err);
		out_kvs(w, "mta_sts_detail", c->detail);
		if (c->error_line)
			out_kvi(w, "mta_sts_error_line", c->error_line);
		if (c->location != NULL)
			out_kvs(w, "mta_sts_location", c->location);
		return;
	}
	out_kvi(w, "mta_sts_max_age", c->pol.max_age);
	if (c->pol.max_age_short)
		out_kvb(w, "mta_sts_max_age_short", 1);
	k = c->pol.nmx < MX_STS_MX_MAX ? c->pol.nmx : MX_STS_MX_MAX;
	for (i = 0; i < k; i++) {
		l = strlen(c->pol.mx[i]);
		if (n)
			list[n++] = ',';
		memcpy(list + n, c->pol.mx[i], l);
		n += l;
	}
	if (k)
		out_kv(w, "mta_sts_mx", list, n);
	if (c->pol.mx_truncated)
		out_kvb(w, "mta_sts_mx_truncated", 1);
	if (c->pol.unknown)
		out_kvi(w, "mta_sts_unknown_keys", c->pol.unknown);
}

/* tlsrpt and its details. */
static void
tlsrpt(struct out *w, const struct chk_sts *c)
{
	out_kvs(w, "tlsrpt", tlsrpt_str[c->tlsrpt]);
	switch (c->tlsrpt) {
	case CHK_STS_RPT_UNKNOWN:
		out_kvs(w, "tlsrpt_detail", c->rpt_why);
		break;
	case CHK_STS_RPT_INVALID:
		out_kvs(w, "tlsrpt_error", c->rpt_why);
		if (c->tr.bad != NULL)
			out_kv(w, "tlsrpt_error_uri", c->tr.bad,
			    c->tr.bad_len);
		break;
	case CHK_STS_RPT_OK:
		out_kv(w, "tlsrpt_rua", c->tr.rua, c->tr.rua_len);
		out_kvi(w, "tlsrpt_rua_count", c->tr.nrua);
		if (c->tr.rua_truncated)
			out_kvb(w, "tlsrpt_rua_truncated", 1);
		break;
	default:
		break;
	}
}

static void
rep_sts_domain(struct out *w, const struct audit *a)
{
	policy(w, &a->sts);
	tlsrpt(w, &a->sts);
}

const struct rep_check rep_sts = {
	.mx = rep_sts_mx,
	.domain = rep_sts_domain,
};
