/*
 * rep_dane.c -- the keys of the dane check (rep.h): what chk_dane.c's
 * judge hooks left in a->dane, in the order the manual lists them.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/tlsa.h"

static const char *const res_str[CHK_DANE_R__COUNT] = {
	[CHK_DANE_R_NONE] = "none",
	[CHK_DANE_R_INSECURE] = "insecure",
	[CHK_DANE_R_OK] = "ok",
	[CHK_DANE_R_FAIL] = "fail",
	[CHK_DANE_R_UNUSABLE] = "unusable",
	[CHK_DANE_R_UNKNOWN] = "unknown",
	[CHK_DANE_R_ABSENT] = "absent",
};

static const char *const why_str[CHK_DANE_WHY__COUNT] = {
	[CHK_DANE_WHY_MX] = "mx-unsigned",
	[CHK_DANE_WHY_ADDR] = "addr-unsigned",
	[CHK_DANE_WHY_TLSA] = "tlsa-unsigned",
};

/* Decimal v then c at buf; returns the byte after c. */
static char *
put_uint(char *buf, unsigned v, char c)
{
	char t[12];
	unsigned l = 0;

	do
		t[l++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (l > 0)
		*buf++ = t[--l];
	*buf++ = c;
	return buf;
}

/* The key "dane_aJ" + tail (J from 1) of address j, into buf. */
static const char *
addr_key(char *buf, unsigned j, const char *tail)
{
	char *p = buf;

	memcpy(p, "dane_a", 6);
	p += 6;
	if (j + 1 >= 10)
		*p++ = (char)('0' + (j + 1) / 10 % 10);
	*p++ = (char)('0' + (j + 1) % 10);
	strcpy(p, tail);
	return buf;
}

/* The keys of the addresses of a DANE MX. */
static void
addresses(struct out *w, const struct audit *a, unsigned i)
{
	const struct chk_dane_addr *ad;
	char k[MX_KEY_MAX], t[TLSA_TEXT_MAX];
	unsigned j;

	for (j = 0; j < a->mx[i].naddr && j < MX_ADDRS_PER_MX; j++) {
		ad = &a->dane.mx[i].addr[j];
		if (ad->res == CHK_DANE_R_NONE)
			continue;
		if (ad->br_err != 0)
			out_kvi(w, addr_key(k, j, "_br_err"), ad->br_err);
		out_kvs(w, addr_key(k, j, ""), res_str[ad->res]);
		if (ad->res == CHK_DANE_R_OK) {
			tlsa_text(&a->dane.mx[i].rec[ad->match], t);
			out_kvs(w, addr_key(k, j, "_match"), t);
		} else if (ad->res == CHK_DANE_R_FAIL)
			out_kvs(w, addr_key(k, j, "_error"),
			    chk_dane_fail_str(ad->fail));
	}
}

static void
rep_dane_mx(struct out *w, const struct audit *a, unsigned i,
    const char *pfx)
{
	const struct chk_dane_mx *d;
	char buf[160], *p;
	unsigned k;

	(void)pfx;
	if (i >= MX_MX_MAX)
		return;
	d = &a->dane.mx[i];
	if (d->st == CHK_DANE_S_FAIL)
		out_kvs(w, "dane_lookup_error", mx_err_str(d->err));
	if (d->st == CHK_DANE_S_DONE) {
		if (d->alias)
			out_kvs(w, "dane_base", d->base);
		out_kvb(w, "dane_dnssec", d->ad);
		if (d->seen == 0)
			goto res;
		put_uint(put_uint(buf, d->usable, '/'), d->seen, '\0');
		out_kvs(w, "dane_records", buf);
		if (d->truncated)
			out_kvb(w, "dane_truncated", 1);
		for (k = 0, p = buf; k < d->nunusable; k++) {
			if (k > 0)
				*p++ = ',';
			strcpy(p, tlsa_use_str((enum tlsa_use)d->unusable[k]));
			p += strlen(p);
		}
		if (d->nunusable > 0)
			out_kvs(w, "dane_unusable", buf);
		if (!d->governed) {
			out_kvs(w, "dane", res_str[d->res]);
			out_kvs(w, "dane_reason", why_str[d->why]);
			return;
		}
		addresses(w, a, i);
		if (d->match > 0) {
			tlsa_text(&d->rec[d->match - 1], buf);
			out_kvs(w, "dane_match", buf);
			out_kvi(w, "dane_match_index", d->match);
		}
		if (d->usable > 0)
			out_kvb(w, "dane_rollover", d->roll);
		if (d->ta_leaf)
			out_kvb(w, "dane_ta_leaf", 1);
	}
res:
	out_kvs(w, "dane", res_str[d->res]);
	if (d->fail != CHK_DANE_F_NONE)
		out_kvs(w, "dane_error", chk_dane_fail_str(d->fail));
}

static void
rep_dane_domain(struct out *w, const struct audit *a)
{
	const struct chk_dane *c = &a->dane;

	out_kvs(w, "dane", res_str[c->res]);
	if (c->why != CHK_DANE_WHY_NONE)
		out_kvs(w, "dane_reason", why_str[c->why]);
	if (c->nmx >= 0)
		out_kvi(w, "dane_mx", c->nmx);
}

const struct rep_check rep_dane = {
	.mx = rep_dane_mx,
	.domain = rep_dane_domain,
};
