/*
 * dmarc.c -- DMARC records, discovery and report authorisation (see
 * dmarc.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core.  RFC 7489 6.3 (tags), 6.4 (ABNF: names and keywords are
 * case-insensitive strings, "DMARC1" is %x-coded so case-sensitive),
 * 6.6.3 (records that do not start with v=DMARC1 are not records;
 * several records mean none), 6.6.4 (pct), 7.1 (external destinations);
 * RFC 9989 4.7 (np, psd, t), 4.10 (the DNS tree walk: at most eight
 * queries, a long name jumps to its last seven labels), 4.10.1 (which
 * record applies), 4.10.2 (the organizational domain).
 *
 * A record is read in one pass over its tags (taglist.h); each known tag
 * is judged as it comes, the first problem is kept and reading goes on.
 * Names of the walk are suffixes of the caller's text: no copy.
 */
#include <stdint.h>
#include <string.h>

#include "mxprobe/points.h"
#include "mxprobe/ascii.h"
#include "mxprobe/cur.h"
#include "mxprobe/dmarc.h"
#include "mxprobe/taglist.h"

static const char *const policy_str[] = {
	[DMARC_P_UNSET] = "", [DMARC_P_NONE] = "none",
	[DMARC_P_QUARANTINE] = "quarantine", [DMARC_P_REJECT] = "reject",
};

static void
set_err(struct dmarc_rec *r, const char *why)
{
	if (r->err == NULL)
		r->err = why;
}

/* see dmarc.h */
int
dmarc_is_record(const char *txt, size_t len)
{
	return taglist_is_version(txt, len, "DMARC1");
}

static enum dmarc_policy
policy_of(const struct tag *t)
{
	if (tag_value_is(t, "none"))
		return DMARC_P_NONE;
	if (tag_value_is(t, "quarantine"))
		return DMARC_P_QUARANTINE;
	if (tag_value_is(t, "reject"))
		return DMARC_P_REJECT;
	return DMARC_P_UNSET;
}

/* Unsigned decimal of 1-10 digits, at most max; -1 otherwise. */
static int
number(const char *p, size_t n, unsigned long max, unsigned long *v)
{
	uint64_t x;

	if (cur_decimal(p, n, 10, max, &x) < 0)
		return -1;
	*v = (unsigned long)x;
	return 0;
}

/*
 * A colon-separated list whose elements (whitespace around them
 * allowed) each pass ok(); 1 if so.
 */
static int
colon_list(const char *p, size_t n, int (*ok)(const char *, size_t))
{
	size_t	 i = 0, s, e;

	for (;;) {
		s = i;
		while (i < n && p[i] != ':')
			i++;
		e = i;
		while (s < e && ascii_is_wsp(p[s]))
			s++;
		while (e > s && ascii_is_wsp(p[e - 1]))
			e--;
		if (!ok(p + s, e - s))
			return 0;
		if (i == n)
			return 1;
		i++;
	}
}

static int
fo_ok(const char *p, size_t n)
{
	return n == 1 && (p[0] == '0' || p[0] == '1' || p[0] == 'd' ||
	    p[0] == 's' || p[0] == 'D' || p[0] == 'S');
}

static int
rf_ok(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_is_alpha((unsigned char)p[i]) &&
		    !ascii_is_digit((unsigned char)p[i]) && p[i] != '-')
			return 0;
	return 1;
}

/* 1 if p[0..n) is a host name: LDH labels (and '_'), 1-63 bytes each. */
static int
host_ok(const char *p, size_t n)
{
	size_t	 i, lab = 0;

	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n > MX_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '.') {
			if (lab == 0)
				return 0;
			lab = 0;
		} else if ((!ascii_is_alnum(c) && c != '-' && c != '_') ||
		    ++lab > 63)
			return 0;
	}
	return lab > 0;
}

/*
 * One URI of rua/ruf, p[0..n) (no surrounding whitespace): a scheme, ":",
 * at least one byte, all of 0x21-0x7e but "," and "!" (RFC 7489 6.4:
 * they must be percent-encoded), then an optional "!" 1*DIGIT [kmgt].
 * Fills *u; returns 0 or -1.
 */
static int
uri_parse(const char *p, size_t n, struct dmarc_uri *u)
{
	size_t	 i, end = n, at;

	memset(u, 0, sizeof(*u));
	u->p = p;
	u->len = n;
	for (i = 0; i < n; i++)
		if (p[i] == '!')
			break;
	if (i < n) {
		/* "!size": digits, one optional unit, nothing after */
		end = i;
		i++;
		if (i == n || !ascii_is_digit((unsigned char)p[i]))
			return -1;
		while (i < n && ascii_is_digit((unsigned char)p[i]))
			i++;
		if (i < n && strchr("kmgtKMGT", p[i]) != NULL && p[i] != '\0')
			i++;
		if (i != n)
			return -1;
	}
	if (end == 0 || !ascii_is_alpha((unsigned char)p[0]))
		return -1;
	for (i = 1; i < end && p[i] != ':'; i++)
		if (!ascii_is_alpha((unsigned char)p[i]) &&
		    !ascii_is_digit((unsigned char)p[i]) && p[i] != '+' &&
		    p[i] != '-' && p[i] != '.')
			return -1;
	if (i == end || i + 1 == end)
		return -1;		/* no ":" or nothing after it */
	for (at = i + 1; at < end; at++)
		if ((unsigned char)p[at] < 0x21 ||
		    (unsigned char)p[at] > 0x7e || p[at] == ',')
			return -1;
	if (i == 6 && ascii_eq_nocase(p, "mailto", 6)) {
		size_t	 q, h = 0;

		u->mailto = 1;
		for (q = i + 1; q < end && p[q] != '?'; q++)
			if (p[q] == '@')
				h = q + 1;
		if (h == 0 || h == i + 2 || !host_ok(p + h, q - h))
			return -1;	/* no "@", no local part, bad domain */
		u->host = p + h;
		u->host_len = q - h;
		if (u->host_len > 0 && u->host[u->host_len - 1] == '.')
			u->host_len--;
	}
	return 0;
}

/* rua/ruf: comma-separated URIs, whitespace around the commas. */
static int
uris_parse(const char *p, size_t n, struct dmarc_uris *l)
{
	struct dmarc_uri u;
	size_t		 i = 0, s, e;

	memset(l, 0, sizeof(*l));
	for (;;) {
		s = i;
		while (i < n && p[i] != ',')
			i++;
		e = i;
		while (s < e && ascii_is_wsp(p[s]))
			s++;
		while (e > s && ascii_is_wsp(p[e - 1]))
			e--;
		if (uri_parse(p + s, e - s, &u) == -1)
			return -1;
		if (l->n < MX_DMARC_URIS_MAX)
			l->u[l->n++] = u;
		l->total++;
		if (i == n)
			return 0;
		i++;
	}
}

/* the known tags, for duplicates */
static const char *const known[] = { "v", "p", "sp", "np", "pct", "adkim",
	"aspf", "fo", "rf", "ri", "rua", "ruf", "psd", "t" };

/* Judges one tag other than v. */
static void
tag_judge(struct dmarc_rec *r, const struct tag *t)
{
	unsigned long	 v;

	if (tag_is(t, "p")) {
		if ((r->p = policy_of(t)) == DMARC_P_UNSET)
			set_err(r, "bad-p");
	} else if (tag_is(t, "sp")) {
		if ((r->sp = policy_of(t)) == DMARC_P_UNSET)
			set_err(r, "bad-sp");
	} else if (tag_is(t, "np")) {
		if ((r->np = policy_of(t)) == DMARC_P_UNSET)
			set_err(r, "bad-np");
	} else if (tag_is(t, "pct")) {
		if (number(t->value, t->value_len, 100, &v) == 0)
			r->pct = (unsigned)v;
		else
			set_err(r, "bad-pct");
	} else if (tag_is(t, "adkim") || tag_is(t, "aspf")) {
		char	*m = tag_is(t, "adkim") ? &r->adkim : &r->aspf;

		if (tag_value_is(t, "r") || tag_value_is(t, "s"))
			*m = (char)ascii_lower((unsigned char)t->value[0]);
		else
			set_err(r, m == &r->adkim ? "bad-adkim" : "bad-aspf");
	} else if (tag_is(t, "fo")) {
		if (!colon_list(t->value, t->value_len, fo_ok))
			set_err(r, "bad-fo");
	} else if (tag_is(t, "rf")) {
		if (!colon_list(t->value, t->value_len, rf_ok))
			set_err(r, "bad-rf");
	} else if (tag_is(t, "ri")) {
		if (number(t->value, t->value_len, 4294967295UL, &v) != 0)
			set_err(r, "bad-ri");
	} else if (tag_is(t, "rua")) {
		if (uris_parse(t->value, t->value_len, &r->rua) == -1)
			set_err(r, "bad-rua");
	} else if (tag_is(t, "ruf")) {
		if (uris_parse(t->value, t->value_len, &r->ruf) == -1)
			set_err(r, "bad-ruf");
	} else if (tag_is(t, "psd")) {
		if (tag_value_is(t, "y") || tag_value_is(t, "n") ||
		    tag_value_is(t, "u"))
			r->psd = (char)ascii_lower((unsigned char)t->value[0]);
		else
			set_err(r, "bad-psd");
	} else if (tag_is(t, "t")) {
		if (tag_value_is(t, "y"))
			r->testing = 1;
		else if (!tag_value_is(t, "n"))
			set_err(r, "bad-t");
	}
}

/* see dmarc.h */
int
dmarc_parse(const char *txt, size_t len, struct dmarc_rec *r)
{
	struct taglist	 tl;
	struct tag	 t;
	unsigned	 seen = 0, ntags = 0;
	int		 rc;

	memset(r, 0, sizeof(*r));
	r->pct = 100;
	r->adkim = r->aspf = 'r';
	r->psd = 'u';
	taglist_init(&tl, txt, len);
	while ((rc = taglist_next(&tl, &t)) == 1) {
		if (ntags++ == 0) {
			if (!tag_is(&t, "v") || t.value_len != 6 ||
			    memcmp(t.value, "DMARC1", 6) != 0)
				set_err(r, "bad-v");
		}
		if (tag_repeat(&t, known, sizeof(known) / sizeof(known[0]),
		    &seen))
			set_err(r, "duplicate-tag");
		if (ntags > 1 || !tag_is(&t, "v"))
			tag_judge(r, &t);
	}
	if (rc < 0) {
		r->err = "syntax";
		return -1;
	}
	/* v must open the text, not follow an empty spec (";v=...") */
	if (ntags == 0 || !dmarc_is_record(txt, len))
		set_err(r, "bad-v");
	if (!(seen & 1u << 1))
		set_err(r, "no-p");
	return r->err ? -1 : 0;
}

/* see dmarc.h */
enum dmarc_policy
dmarc_effective(const struct dmarc_rec *r, int subdomain)
{
	if (subdomain && r->sp != DMARC_P_UNSET)
		return r->sp;
	return r->p;
}

/* points of a policy applied to everything */
static int
full_points(enum dmarc_policy p)
{
	switch (p) {
	case DMARC_P_REJECT:
		return SP_DMARC_REJECT;
	case DMARC_P_QUARANTINE:
		return SP_DMARC_QUARANTINE;
	case DMARC_P_NONE:
		return SP_DMARC_NONE;
	default:
		return SP_DMARC_INVALID;
	}
}

/* see dmarc.h */
int
dmarc_points(const struct dmarc_rec *r, int subdomain)
{
	enum dmarc_policy p = dmarc_effective(r, subdomain);
	int		 hi, lo;

	if (r->err || p == DMARC_P_UNSET)
		return SP_DMARC_INVALID;
	if (r->testing && p > DMARC_P_NONE)
		p = (enum dmarc_policy)(p - 1);
	hi = full_points(p);
	if (p == DMARC_P_NONE)
		return hi;
	lo = full_points((enum dmarc_policy)(p - 1));
	return lo + (hi - lo) * (int)r->pct / 100;
}

/* see dmarc.h */
const char *
dmarc_policy_str(enum dmarc_policy p)
{
	return (unsigned)p <= DMARC_P_REJECT ? policy_str[p] : "";
}

/* ---- discovery ------------------------------------------------------ */

/* see dmarc.h */
int
dmarc_walk(const char *domain, struct dmarc_walk *w)
{
	const char	*lab[MX_NAME_MAX / 2 + 1];	/* label starts */
	size_t		 n = strlen(domain), i;
	unsigned	 x = 0, k;

	w->n = 0;
	if (n > 0 && domain[n - 1] == '.')
		n--;
	if (n == 0 || n > MX_NAME_MAX)
		return -1;
	lab[x++] = domain;
	for (i = 0; i < n; i++)
		if (domain[i] == '.') {
			if (i + 1 == n || domain[i + 1] == '.' || i == 0)
				return -1;
			lab[x++] = domain + i + 1;
		}
	w->dom[w->n++] = domain;
	/* RFC 9989 4.10 steps 3-4: a long name jumps to its last 7 labels */
	k = x > 8 ? x - 7 : 1;
	for (; k < x && w->n < MX_DMARC_WALK_MAX; k++)
		w->dom[w->n++] = lab[k];
	return 0;
}

/* see dmarc.h */
int
dmarc_qname(char out[MX_NAME_MAX + 1], const char *dom)
{
	size_t	 n = strlen(dom);

	if (n > 0 && dom[n - 1] == '.')
		n--;
	out[0] = '\0';
	if (n + 7 > MX_QNAME_TEXT_MAX)
		return -1;
	memcpy(out, "_dmarc.", 7);
	memcpy(out + 7, dom, n);
	out[7 + n] = '\0';
	return 0;
}

/* see dmarc.h */
int
dmarc_pick(const struct dmarc_step *s, unsigned n)
{
	int		 cand = -1;
	unsigned	 i;

	if (n == 0)
		return -1;
	if (s[0].found == DMARC_F_ERROR)
		return -2;
	if (s[0].found != DMARC_F_NONE)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i].found == DMARC_F_ERROR)
			return -2;
		if (s[i].found != DMARC_F_ONE)
			continue;
		if (s[i].psd == 'n')
			return (int)i;
		if (s[i].psd == 'y')
			return i >= 2 && s[i - 1].found == DMARC_F_ONE ?
			    (int)i - 1 : (int)i;
		cand = (int)i;
	}
	return cand;
}

/* ---- report destinations -------------------------------------------- */

/* see dmarc.h */
int
dmarc_same_org(const char *org, const char *host, size_t len)
{
	size_t	 on = strlen(org);

	if (on > 0 && org[on - 1] == '.')
		on--;
	if (len > 0 && host[len - 1] == '.')
		len--;
	if (on == 0 || len < on || !ascii_eq_nocase(host + len - on, org, on))
		return 0;
	return len == on || host[len - on - 1] == '.';
}

/* see dmarc.h */
int
dmarc_report_qname(char out[MX_NAME_MAX + 1], const char *policy_dom,
    const char *host, size_t len)
{
	static const char mid[] = "._report._dmarc.";
	size_t	 pn = strlen(policy_dom), mn = sizeof(mid) - 1;

	if (pn > 0 && policy_dom[pn - 1] == '.')
		pn--;
	if (len > 0 && host[len - 1] == '.')
		len--;
	out[0] = '\0';
	if (pn + mn + len > MX_QNAME_TEXT_MAX)
		return -1;
	memcpy(out, policy_dom, pn);
	memcpy(out + pn, mid, mn);
	memcpy(out + pn + mn, host, len);
	out[pn + mn + len] = '\0';
	return 0;
}
