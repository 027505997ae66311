/*
 * rep_dnsbl.c -- the keys of the dnsbl check (rep.h): what chk_dnsbl.c's
 * judge hooks left in a->dnsbl.  Per MX address mxN_dnsbl_aM (and the
 * zones listing it); for the domain dnsbl, its zones and counts, then one
 * numbered entry dnsbl_N_* per listing or failed lookup.
 */
#include <string.h>
#include <sys/socket.h>
#include "mxprobe/audit.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"

static const char *const v_str[CHK_DNSBL_V__COUNT] = {
	[CHK_DNSBL_V_OK] = "ok",
	[CHK_DNSBL_V_LISTED] = "listed",
	[CHK_DNSBL_V_UNKNOWN] = "unknown",
};

static const char *const res_str[CHK_DNSBL_R__COUNT] = {
	[CHK_DNSBL_R_OFF] = "off",
	[CHK_DNSBL_R_OK] = "ok",
	[CHK_DNSBL_R_LISTED] = "listed",
	[CHK_DNSBL_R_UNKNOWN] = "unknown",
	[CHK_DNSBL_R_BAD_ZONES] = "unknown",
};

/* The zones of bit set bits (every zone: ~0u) comma-joined into buf. */
static size_t
zone_list(char *buf, const struct dnsbl_zones *z, unsigned bits)
{
	size_t		 n = 0, l;
	unsigned	 k;

	for (k = 0; k < z->n; k++) {
		if (!(bits & 1u << k))
			continue;
		l = strlen(z->zone[k]);
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, z->zone[k], l);
		n += l;
	}
	return n;
}

static void
dnsbl_mx(struct out *w, const struct audit *a, unsigned i, const char *pfx)
{
	const struct chk_dnsbl	*c = &a->dnsbl;
	char			 key[MX_KEY_MAX], list[MX_DNSBL_ZONES_MAX *
				     (MX_DNSBL_ZONE_LEN + 1)];
	unsigned		 j;
	size_t			 n;

	(void)pfx;
	for (j = 0; j < a->mx[i].naddr; j++) {
		if (c->addr_v[i][j] == CHK_DNSBL_V_NONE)
			continue;
		/* "dnsbl_aM": M <= MX_ADDRS_PER_MX, one digit */
		memcpy(key, "dnsbl_a0", 9);
		key[7] = (char)('1' + j);
		out_kvs(w, key, v_str[c->addr_v[i][j]]);
		n = zone_list(list, &c->z, c->addr_zones[i][j]);
		if (n) {
			memcpy(key + 8, "_zones", 7);
			out_kv(w, key, list, n);
		}
	}
}

/* One numbered entry (the prefix dnsbl_N_ set) of a listing or failure. */
static void
entry(struct out *w, const struct chk_dnsbl *d,
    const struct chk_dnsbl_check *c)
{
	char		 codes[MX_DNSBL_CODES_MAX * IPADDR_TEXT_MAX];
	size_t		 n;
	unsigned	 i;

	out_kvs(w, "addr", c->text);
	if (c->mx == CHK_DNSBL_SRC_IP)
		out_kvs(w, "source", "ip");
	else {
		char	 src[16] = "mx00_a0";
		size_t	 s = 2;

		if (c->mx + 1 >= 10)
			src[s++] = (char)('0' + (c->mx + 1) / 10);
		src[s++] = (char)('0' + (c->mx + 1) % 10);
		src[s++] = '_';
		src[s++] = 'a';
		src[s++] = (char)('1' + c->addr);
		src[s] = '\0';
		out_kvs(w, "source", src);
	}
	out_kvs(w, "zone", d->z.zone[c->zone]);
	out_kvs(w, "result", c->v == CHK_DNSBL_V_LISTED ? "listed" :
	    "error");
	if (c->ans.ncodes) {
		for (n = 0, i = 0; i < c->ans.ncodes; i++) {
			if (n)
				codes[n++] = ',';
			n += ipaddr_ntop(AF_INET, c->ans.code[i],
			    codes + n, sizeof codes - n);
		}
		out_kv(w, "answer", codes, n);
	}
	if (c->v == CHK_DNSBL_V_LISTED) {
		if (c->reason_len)
			out_kv(w, "reason", c->reason, c->reason_len);
		if (c->reason_truncated)
			out_kvb(w, "reason_truncated", 1);
	} else
		out_kvs(w, "error", c->err != MX_OK ?
		    mx_err_str(c->err) : dnsbl_result_str(c->ans.res));
}

static void
dnsbl_domain(struct out *w, const struct audit *a)
{
	const struct chk_dnsbl	*d = &a->dnsbl;
	char			 pfx[16];
	char			 zones[MX_DNSBL_ZONES_MAX *
				     (MX_DNSBL_ZONE_LEN + 1)];
	unsigned		 k, e;
	size_t			 pl;

	out_kvs(w, "dnsbl", res_str[d->res]);
	if (d->res == CHK_DNSBL_R_BAD_ZONES) {
		out_kvs(w, "dnsbl_error", "bad-zones");
		return;
	}
	if (d->res == CHK_DNSBL_R_OFF)
		return;
	out_kv(w, "dnsbl_zones", zones, zone_list(zones, &d->z, ~0u));
	out_kvi(w, "dnsbl_checked", d->n);
	out_kvi(w, "dnsbl_listed", d->listed);
	if (d->limit)
		out_kvb(w, "dnsbl_truncated", 1);
	for (k = 0, e = 0; k < d->n; k++) {
		if (d->c[k].v == CHK_DNSBL_V_OK)
			continue;
		e++;
		/* "dnsbl_N_": N <= MX_DNSBL_CHECKS_MAX, three digits */
		memcpy(pfx, "dnsbl_", 6);
		pl = 6;
		if (e >= 100)
			pfx[pl++] = (char)('0' + e / 100);
		if (e >= 10)
			pfx[pl++] = (char)('0' + e / 10 % 10);
		pfx[pl++] = (char)('0' + e % 10);
		memcpy(pfx + pl, "_", 2);
		out_prefix(w, pfx);
		entry(w, d, &d->c[k]);
	}
	out_prefix(w, "");
}

const struct rep_check rep_dnsbl = {
	.mx = dnsbl_mx,
	.domain = dnsbl_domain,
};
