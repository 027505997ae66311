/*
 * fuzz_dmarc.c -- the DMARC core on arbitrary bytes.
 *
 * The input is read as a record (dmarc_parse, dmarc_is_record, the
 * effective policy and points of both kinds of find), and, up to its
 * first NUL, as a domain for the tree walk, the _dmarc name and the
 * report authorisation name of every mailto: destination; its first
 * bytes also make the steps of a dmarc_pick.  Every result is checked
 * against its contract; the target traps on any violation.
 *
 * Seeds (tests/fuzz/corpus/dmarc/): real_* are records shaped like those
 * large domains publish; bad_* are hostile (long URI lists, sizes,
 * control bytes, duplicate tags, deep names); name_* are domains.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/dmarc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	 text[1024];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
known_reason(const char *s)
{
	static const char *const r[] = { "syntax", "bad-v", "duplicate-tag",
	    "no-p", "bad-p", "bad-sp", "bad-np", "bad-pct", "bad-adkim",
	    "bad-aspf", "bad-fo", "bad-rf", "bad-ri", "bad-rua", "bad-ruf",
	    "bad-psd", "bad-t" };
	size_t	 i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(s, r[i]) == 0)
			return 1;
	return 0;
}

static void
check_uris(const struct dmarc_uris *l, const char *base, size_t size)
{
	unsigned	 i;

	check(l->n <= MX_DMARC_URIS_MAX && l->n <= l->total);
	check(l->total == l->n || l->n == MX_DMARC_URIS_MAX);
	for (i = 0; i < l->n; i++) {
		const struct dmarc_uri *u = &l->u[i];

		check(u->p >= base && u->len > 0 &&
		    u->p + u->len <= base + size);
		if (u->mailto) {
			check(u->host > u->p && u->host_len > 0 &&
			    u->host + u->host_len <= u->p + u->len);
			check(memchr(u->host, '@', u->host_len) == NULL);
		} else
			check(u->host == NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*t = (const char *)data;
	struct dmarc_rec	 r;
	struct dmarc_walk	 w;
	struct dmarc_step	 st[MX_DMARC_WALK_MAX];
	char			 q[MX_NAME_MAX + 1];
	size_t			 n, i;
	int			 rc, pts, k;

	rc = dmarc_parse(t, size, &r);
	check(rc == 0 || rc == -1);
	check((rc == 0) == (r.err == NULL));
	if (r.err)
		check(known_reason(r.err));
	else {
		check(dmarc_is_record(t, size));
		check(r.p != DMARC_P_UNSET);
	}
	check(r.pct <= 100);
	check(r.adkim == 'r' || r.adkim == 's');
	check(r.psd == 'u' || r.psd == 'y' || r.psd == 'n');
	check_uris(&r.rua, t, size);
	check_uris(&r.ruf, t, size);
	for (k = 0; k < 2; k++) {
		pts = dmarc_points(&r, k);
		check(pts >= 10 && pts <= 100);
		check(r.err == NULL || pts == 10);
		check(dmarc_policy_str(dmarc_effective(&r, k)) != NULL);
	}

	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	if (dmarc_walk(text, &w) == 0) {
		check(w.n >= 1 && w.n <= MX_DMARC_WALK_MAX);
		check(w.dom[0] == text);
		for (i = 1; i < w.n; i++) {
			check(w.dom[i] > w.dom[i - 1]);
			check(w.dom[i][-1] == '.');
		}
		for (i = 0; i < w.n; i++)
			if (dmarc_qname(q, w.dom[i]) == 0)
				check(strlen(q) <= MX_NAME_MAX &&
				    memcmp(q, "_dmarc.", 7) == 0);
	} else
		check(w.n == 0);
	for (i = 0; i < r.rua.n; i++)
		if (r.rua.u[i].mailto &&
		    dmarc_report_qname(q, text, r.rua.u[i].host,
		    r.rua.u[i].host_len) == 0)
			check(strlen(q) <= MX_NAME_MAX &&
			    strstr(q, "._report._dmarc.") != NULL);
	for (i = 0; i < r.rua.n; i++)
		if (r.rua.u[i].mailto)
			(void)dmarc_same_org(text, r.rua.u[i].host,
			    r.rua.u[i].host_len);

	for (i = 0; i < MX_DMARC_WALK_MAX; i++) {
		uint8_t b = i < size ? data[i] : 0;

		st[i].found = (enum dmarc_found)(b & 3);
		st[i].psd = "uyn?"[b >> 2 & 3];
	}
	for (n = 0; n <= MX_DMARC_WALK_MAX; n++) {
		k = dmarc_pick(st, (unsigned)n);
		check(k >= -2 && k < (int)n);
		if (k >= 0)
			check(st[k].found == DMARC_F_ONE ||
			    (k == 0 && st[0].found == DMARC_F_MANY));
	}
	return 0;
}
