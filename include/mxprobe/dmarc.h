/*
 * dmarc.h -- DMARC policy records (RFC 7489 6.3, 6.4; RFC 9989 4.7),
 * policy discovery by the DNS tree walk (RFC 9989 4.10, instead of a
 * public suffix list) and the authorisation of report destinations at
 * other domains (RFC 7489 7.1).  Pure: no I/O, no heap, no copy.
 *
 * A record is "v=DMARC1; tag=value; ...": v first, its value "DMARC1"
 * exactly; tag names and the other values are ABNF strings, so compared
 * without case.  Unknown tags are ignored.  Reasons a record is invalid
 * (struct dmarc_rec's err, the check's dmarc_error):
 *	syntax          not a tag list
 *	bad-v           the first tag is not v=DMARC1 (text that starts
 *	                "v=DMARC1" without a ";" after it: receivers ignore
 *	                such a record, mxprobe points at it)
 *	duplicate-tag   a known tag twice (RFC 6376 3.2, which DMARC's
 *	                tag-list syntax comes from)
 *	no-p            no p= (RFC 7489 6.3: REQUIRED; RFC 9989 reads
 *	                p=none then, if rua is valid: mxprobe.1 says so)
 *	bad-p, bad-sp, bad-np   not none / quarantine / reject
 *	bad-pct         not an integer 0-100
 *	bad-adkim, bad-aspf     not r / s
 *	bad-fo          not a colon-separated list of 0, 1, d, s
 *	bad-rf          not a colon-separated list of format keywords
 *	bad-ri          not a 32-bit unsigned integer
 *	bad-rua, bad-ruf        an empty element, a URI without a scheme, a
 *	                byte outside 0x21-0x7e, a bad "!size", a mailto:
 *	                without a domain after "@"
 *	bad-psd         not y / n / u (RFC 9989)
 *	bad-t           not y / n (RFC 9989)
 */
#ifndef MXPROBE_DMARC_H
#define MXPROBE_DMARC_H

#include <stddef.h>
#include "mxprobe/limits.h"

enum dmarc_policy { DMARC_P_UNSET, DMARC_P_NONE, DMARC_P_QUARANTINE,
	DMARC_P_REJECT };

/* One reporting URI, pointing into the record's text. */
struct dmarc_uri {
	const char	*p;		/* as written, "!size" included */
	size_t		 len;
	int		 mailto;	/* scheme is mailto (any case) */
	/* mailto: the domain after the last "@" (before any "?") */
	const char	*host;
	size_t		 host_len;
};

struct dmarc_uris {
	unsigned	 n;		/* kept */
	unsigned	 total;		/* in the record; > n: truncated */
	struct dmarc_uri u[MX_DMARC_URIS_MAX];
};

struct dmarc_rec {
	enum dmarc_policy p, sp, np;	/* UNSET when absent or bad */
	unsigned	 pct;		/* 100 unless given */
	char		 adkim, aspf;	/* 'r' or 's' */
	char		 psd;		/* 'y', 'n' or 'u' (RFC 9989) */
	int		 testing;	/* t=y (RFC 9989) */
	struct dmarc_uris rua, ruf;
	const char	*err;		/* NULL: valid; else a reason above */
};

/*
 * 1 if txt[0..len) is meant as a DMARC record: after optional
 * whitespace, "v", "=" (whitespace around it allowed) and "DMARC1".
 * Other TXT records at _dmarc are not DMARC records (RFC 7489 6.6.3).
 */
int dmarc_is_record(const char *txt, size_t len);

/*
 * Reads txt[0..len) into *r.  Returns 0 for a valid record (r->err NULL),
 * -1 with r->err set.  Every tag is read even after an error (the first
 * is kept), so the fields say what could be read.  r points into txt:
 * keep txt while r is used.
 */
int dmarc_parse(const char *txt, size_t len, struct dmarc_rec *r);

/*
 * The policy a receiver applies to the audited domain: p, or, when the
 * record was found at a parent (subdomain != 0), sp if given, else p.
 * UNSET when the record has no valid one.
 */
enum dmarc_policy dmarc_effective(const struct dmarc_rec *r, int subdomain);

/*
 * Points for the score (src/audit/README.md "Score"): reject 100, quarantine 80, none
 * 30, invalid 10.  pct < 100 applies the policy to that share and the
 * next weaker one to the rest (RFC 7489 6.6.4), so the points are the
 * mix: reject at pct 50 is 90, quarantine at pct 0 is 30.  t=y (testing,
 * RFC 9989) counts as the next weaker policy.
 */
int dmarc_points(const struct dmarc_rec *r, int subdomain);

/* "none", "quarantine", "reject", "" for UNSET. */
const char *dmarc_policy_str(enum dmarc_policy p);

/* ---- discovery (RFC 9989 4.10) -------------------------------------- */

struct dmarc_walk {
	unsigned	 n;
	/* the domains whose _dmarc is queried, in order (into domain) */
	const char	*dom[MX_DMARC_WALK_MAX];
};

/*
 * The names a policy discovery for domain (text, no trailing dot needed)
 * queries, in order: the domain itself, then its parents (RFC 9989
 * 4.10.1: from a domain of more than eight labels the walk jumps to its
 * last seven), down to the top-level label: at most MX_DMARC_WALK_MAX.
 * Returns 0, or -1 if domain is empty, the root or has an empty label.
 */
int dmarc_walk(const char *domain, struct dmarc_walk *w);

/*
 * Writes "_dmarc." + dom (a trailing dot of dom dropped) into out.
 * Returns 0, or -1 if it would be longer than MX_QNAME_TEXT_MAX (253).
 */
int dmarc_qname(char out[MX_NAME_MAX + 1], const char *dom);

/* What the TXT query of one walk step found. */
enum dmarc_found {
	DMARC_F_NONE,	/* NXDOMAIN, NODATA, or no TXT that is a record */
	DMARC_F_ONE,	/* exactly one DMARC record */
	DMARC_F_MANY,	/* several: all discarded (RFC 7489 6.6.3) */
	DMARC_F_ERROR	/* the lookup failed: no answer */
};

struct dmarc_step {
	enum dmarc_found found;
	char		 psd;		/* DMARC_F_ONE: its psd ('u' default) */
};

/*
 * Which step's record applies (RFC 9989 4.10.1, 4.10.2), given the steps
 * of dmarc_walk in order: the domain's own record (several there count
 * as one invalid record, to be reported); else, walking up, the first
 * record with psd=n; a psd=y record ends the walk and the record one
 * label below it applies if there is one, else its own (the public
 * suffix's); else the record with the fewest labels.  Returns the index,
 * -1 when no record applies (absent), -2 when a failed lookup comes
 * before the answer is settled (unknown).
 */
int dmarc_pick(const struct dmarc_step *s, unsigned n);

/* ---- report destinations (RFC 7489 7.1) ----------------------------- */

/*
 * 1 if host[0..len) is org or a name below it (ASCII case-insensitive,
 * trailing dots ignored): such a destination needs no authorisation.
 * mxprobe has no public suffix list: org is where the policy was found,
 * so a sibling ("reports.example.com" for "mail.example.com") counts as
 * another organisation and is checked (src/policy/README.md).
 */
int dmarc_same_org(const char *org, const char *host, size_t len);

/*
 * Writes "<policy_dom>._report._dmarc.<host>" (RFC 7489 7.1 step 3),
 * host = host[0..len), into out.  Returns 0, or -1 if longer than
 * MX_QNAME_TEXT_MAX (253).
 */
int dmarc_report_qname(char out[MX_NAME_MAX + 1], const char *policy_dom,
    const char *host, size_t len);

#endif
