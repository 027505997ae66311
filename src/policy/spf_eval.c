/*
 * spf_eval.c -- SPF check_host() as a pure state machine (see spf.h).
 *
 * IMPLEMENTATION NOTES
 *
 * check_host() (4, 5).  States:
 *   TXT -> RUN          the record of the top frame arrived and parsed
 *   RUN -> A | MX | PTR | EXISTS   a mechanism needs DNS
 *   RUN -> TXT          include (a frame is pushed) or redirect (the
 *                       frame is replaced: its none becomes permerror)
 *   MX -> MX_ADDR -> ... -> RUN    one address lookup per MX name
 *   PTR -> PTR_ADDR -> ... -> RUN  one per PTR name under the target
 *   any -> DONE         a match, the end of the top record, or an error
 * One lookup is out at a time; each answer is fed back and ev_run goes on
 * with the terms until the next lookup or the end.  Counting (4.6.4):
 * every include, a, mx, ptr, exists and redirect evaluated adds one
 * lookup, the 11th is permerror; a term whose own query is void (NODATA,
 * NXDOMAIN) adds a void lookup, the third is permerror; the address
 * lookups of MX and PTR names do not count.  An include ends as the RFC's
 * table says (5.2): pass matches, fail/softfail/neutral do not, none and
 * permerror are permerror, temperror is temperror.  DNS errors are
 * temperror except in ptr, where they only make it not match (5.5).
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/spf.h"
#include "spf_int.h"

/*
 * <domain> of check_host (4.3): labels of 1-63 octets, at most 253
 * characters (a trailing dot aside), at least two labels.
 */
static int
domain_ok(const char *s)
{
	size_t	 n = strlen(s), i, lab = 0, labels = 1;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > MX_SPF_DOMAIN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (lab == 0)
				return 0;
			lab = 0;
			labels++;
		} else if (++lab > 63)
			return 0;
	}
	return lab > 0 && labels >= 2;
}

/* name is target or a subdomain of it (text forms, case-insensitive). */
static int
name_within(const char *name, size_t n, const char *target)
{
	size_t	 t = strlen(target), i;

	if (n > 0 && name[n - 1] == '.')
		n--;
	if (t > 0 && target[t - 1] == '.')
		t--;
	if (t == 0 || n < t || (n > t && name[n - t - 1] != '.'))
		return 0;
	for (i = 0; i < t; i++)
		if (ascii_lower((unsigned char)name[n - t + i]) !=
		    ascii_lower((unsigned char)target[i]))
			return 0;
	return 1;
}

/*
 * s[0..n) is a name in dnsmsg text form (printable, escapes for the
 * rest: what dnsmsg hands out); copied into out with a NUL.  Returns 1,
 * or 0 when it is not one.
 */
static int
text_name_ok(const char *s, size_t n, char out[MX_NAME_MAX + 1])
{
	size_t i;

	if (n == 0 || n > MX_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return dnsmsg_name_eq(out, out);
}

/* see spf_int.h */
void
spf_copy_name(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n > MX_NAME_MAX)
		n = MX_NAME_MAX;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- check_host() --------------------------------------------------- */

static enum spf_result
qual_result(char q)
{
	switch (q) {
	case '-':
		return SPF_FAIL;
	case '~':
		return SPF_SOFTFAIL;
	case '?':
		return SPF_NEUTRAL;
	default:
		return SPF_PASS;
	}
}

static struct spf_frame *
top(struct spf_eval *e)
{
	return &e->frame[e->depth - 1];
}

static void
ev_done(struct spf_eval *e, enum spf_result r)
{
	e->result = r;
	e->done = 1;
	e->waiting = 0;
	e->st = SPF_EV_DONE;
}

static void
ev_fail(struct spf_eval *e, enum spf_result r, enum spf_err code,
    const char *domain, const char *term, size_t tlen)
{
	spf_set_prob(&e->prob, code, domain, term, tlen);
	ev_done(e, r);
}

/* Asks for name/type in state st. */
static void
ev_ask(struct spf_eval *e, enum spf_eval_st st, const char *name,
    uint16_t type)
{
	e->st = st;
	e->waiting = 1;
	e->asked = 0;
	e->tag++;
	spf_copy_name(e->q.name, name);
	e->q.type = type;
	e->q.tag = e->tag;
	e->matched = 0;
	e->got = 0;
	e->nrecords = 0;
}

static uint16_t
addr_type(const struct spf_eval *e)
{
	return e->family == AF_INET ? DNSMSG_T_A : DNSMSG_T_AAAA;
}

/*
 * The top frame ended with r (none, neutral, pass, fail, softfail): the
 * check ends, or its includer goes on (5.2).
 */
static void
ev_finish(struct spf_eval *e, enum spf_result r)
{
	char child[MX_NAME_MAX + 1];

	for (;;) {
		if (r == SPF_NONE && top(e)->redirected) {
			ev_fail(e, SPF_PERMERROR, SPF_E_NO_RECORD,
			    top(e)->domain, NULL, 0);
			return;
		}
		if (e->depth == 1) {
			ev_done(e, r);
			return;
		}
		memcpy(child, top(e)->domain, sizeof child);
		e->depth--;
		if (r == SPF_NONE) {
			ev_fail(e, SPF_PERMERROR, SPF_E_NO_RECORD, child,
			    NULL, 0);
			return;
		}
		if (r != SPF_PASS) {
			e->st = SPF_EV_RUN;
			return;
		}
		r = qual_result(top(e)->inc_qual);
	}
}

static void
ev_ctx(const struct spf_eval *e, const struct spf_frame *f,
    struct spf_macro_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->family = e->family;
	memcpy(c->ip, e->ip, 16);
	c->sender = e->sender;
	c->domain = f->domain;
	c->helo = e->helo;
}

/* One more DNS term: 0, or -1 when that is the 11th (permerror). */
static int
ev_count(struct spf_eval *e, const struct spf_term *t)
{
	if (++e->lookups <= MX_SPF_LOOKUPS_MAX)
		return 0;
	ev_fail(e, SPF_PERMERROR, SPF_E_LOOKUPS, top(e)->domain, t->text,
	    t->text_len);
	return -1;
}

/* A void lookup: 0, or -1 when over MX_SPF_VOID_MAX (permerror). */
static int
ev_void(struct spf_eval *e)
{
	if (++e->voids <= MX_SPF_VOID_MAX)
		return 0;
	ev_fail(e, SPF_PERMERROR, SPF_E_VOID, e->q.name, NULL, 0);
	return -1;
}

/* The end of the top record without a match: redirect or neutral. */
static void
ev_end_of_record(struct spf_eval *e)
{
	struct spf_frame	*f = top(e);
	struct spf_iter		 it;
	struct spf_term		 t;
	struct spf_macro_ctx	 c;
	char			 name[MX_NAME_MAX + 1];

	spf_iter_init(&it, f->rec, f->len);
	while (spf_iter_next(&it, &t) == 1) {
		if (t.kind != SPF_K_REDIRECT)
			continue;
		if (ev_count(e, &t))
			return;
		ev_ctx(e, f, &c);
		if (spf_macro_target(&c, t.spec, t.spec_len, name) !=
		    SPF_MACRO_OK) {
			/* 6.1: a malformed target is permerror */
			ev_fail(e, SPF_PERMERROR, SPF_E_NO_RECORD, f->domain,
			    t.text, t.text_len);
			return;
		}
		memcpy(f->domain, name, sizeof f->domain);
		f->redirected = 1;
		f->len = 0;
		f->pos = 0;
		ev_ask(e, SPF_EV_TXT, f->domain, DNSMSG_T_TXT);
		return;
	}
	ev_finish(e, SPF_NEUTRAL);
}

/* Evaluates one term of the top frame (state RUN). */
static void
ev_step(struct spf_eval *e)
{
	struct spf_frame	*f = top(e);
	struct spf_iter		 it;
	struct spf_term		 t;
	struct spf_macro_ctx	 c;
	char			 name[MX_NAME_MAX + 1];
	enum spf_eval_st	 st;
	uint16_t		 type;
	int			 rc;

	spf_iter_init(&it, f->rec, f->len);
	it.off = f->pos;
	if ((rc = spf_iter_next(&it, &t)) == 0) {
		ev_end_of_record(e);
		return;
	}
	if (rc < 0) {	/* the record was checked whole: cannot happen */
		ev_fail(e, SPF_PERMERROR, SPF_E_SYNTAX, f->domain,
		    f->rec + it.err_off, it.err_len);
		return;
	}
	f->pos = it.off;
	e->qual = t.qual;
	ev_ctx(e, f, &c);
	switch (t.kind) {
	case SPF_K_ALL:
		ev_finish(e, qual_result(t.qual));
		return;
	case SPF_K_IP4:
	case SPF_K_IP6:
		if (e->family == (t.kind == SPF_K_IP4 ? AF_INET : AF_INET6) &&
		    spf_prefix_eq(e->ip, t.ip, t.kind == SPF_K_IP4 ? t.cidr4 :
		    t.cidr6))
			ev_finish(e, qual_result(t.qual));
		return;
	case SPF_K_INCLUDE:
	case SPF_K_A:
	case SPF_K_MX:
	case SPF_K_PTR:
	case SPF_K_EXISTS:
		break;
	default:		/* modifiers act at the end */
		return;
	}
	if (ev_count(e, &t))
		return;
	if (t.spec == NULL)
		spf_copy_name(name, f->domain);
	else if (spf_macro_target(&c, t.spec, t.spec_len, name) !=
	    SPF_MACRO_OK) {
		/* no such name can exist: a non-existent target */
		if (t.kind == SPF_K_INCLUDE)
			ev_fail(e, SPF_PERMERROR, SPF_E_NO_RECORD, f->domain,
			    t.text, t.text_len);
		return;
	}
	st = SPF_EV_EXISTS;
	type = DNSMSG_T_A;
	e->cidr = e->family == AF_INET ? t.cidr4 : t.cidr6;
	e->nnames = 0;
	switch (t.kind) {
	case SPF_K_INCLUDE:
		if (e->depth == MX_SPF_DEPTH_MAX) {	/* bounded by count */
			ev_fail(e, SPF_PERMERROR, SPF_E_LOOKUPS, f->domain,
			    t.text, t.text_len);
			return;
		}
		f->inc_qual = t.qual;
		f = &e->frame[e->depth++];
		memcpy(f->domain, name, sizeof f->domain);
		f->len = 0;
		f->pos = 0;
		f->redirected = 0;
		st = SPF_EV_TXT;
		type = DNSMSG_T_TXT;
		break;
	case SPF_K_A:
		st = SPF_EV_A;
		type = addr_type(e);
		break;
	case SPF_K_MX:
		st = SPF_EV_MX;
		type = DNSMSG_T_MX;
		break;
	case SPF_K_PTR:
		spf_copy_name(e->target, name);
		/* a walk without an address has all-zero ip, read as IPv6 */
		ipaddr_reverse_name(e->family == AF_INET ? AF_INET :
		    AF_INET6, e->ip, name);
		st = SPF_EV_PTR;
		type = DNSMSG_T_PTR;
		break;
	default:
		break;
	}
	ev_ask(e, st, name, type);
}

static void
ev_run(struct spf_eval *e)
{
	while (e->st == SPF_EV_RUN)
		ev_step(e);
}

/* The next MX (or PTR candidate) name to look up, or back to RUN. */
static void
ev_next_name(struct spf_eval *e, enum spf_eval_st st)
{
	while (e->k < e->nnames && strcmp(e->names[e->k], ".") == 0)
		e->k++;		/* null MX (RFC 7505): nothing to look up */
	if (e->k == e->nnames) {
		e->st = SPF_EV_RUN;
		return;
	}
	ev_ask(e, st, e->names[e->k], addr_type(e));
}

/* see spf.h */
void
spf_eval_start(struct spf_eval *e, int family, const unsigned char *ip,
    const char *domain, const char *sender, const char *helo)
{
	const char	*at, *lp, *dp;
	size_t		 ln = 0, dn;

	memset(e, 0, sizeof *e);
	e->family = family == AF_INET6 ? AF_INET6 : AF_INET;
	if (family == AF_INET6) {
		memcpy(e->ip, ip, 16);
		if (memcmp(ip, spf_v4mapped, 12) == 0) {
			e->family = AF_INET;
			memcpy(e->ip, ip + 12, 4);
			memset(e->ip + 4, 0, 12);
		}
	} else
		memcpy(e->ip, ip, 4);
	e->depth = 1;
	spf_copy_name(e->frame[0].domain, domain);
	spf_copy_name(e->helo, helo ? helo : domain);
	/*
	 * 4.3: no local-part gives postmaster; a local-part over RFC 5321's
	 * 64 octets is taken as none; no domain part: <domain>
	 */
	lp = "";
	dp = "";
	if (sender != NULL) {
		if ((at = strrchr(sender, '@')) != NULL) {
			lp = sender;
			ln = (size_t)(at - sender);
			dp = at + 1;
		} else
			dp = sender;
	}
	if (ln == 0 || ln > 64) {
		lp = "postmaster";
		ln = 10;
	}
	if ((dn = strlen(dp)) == 0 || dn > MX_NAME_MAX) {
		dp = e->frame[0].domain;
		dn = strlen(dp);
	}
	memcpy(e->sender, lp, ln);
	e->sender[ln] = '@';
	memcpy(e->sender + ln + 1, dp, dn);
	e->sender[ln + 1 + dn] = '\0';
	if (!domain_ok(e->frame[0].domain)) {
		ev_done(e, SPF_NONE);
		return;
	}
	ev_ask(e, SPF_EV_TXT, e->frame[0].domain, DNSMSG_T_TXT);
}

/* see spf.h */
int
spf_eval_next(struct spf_eval *e, struct spf_query *q)
{
	if (e->done || !e->waiting || e->asked)
		return 0;
	*q = e->q;
	e->asked = 1;
	return 1;
}

/* see spf.h */
void
spf_eval_rr(struct spf_eval *e, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated)
{
	struct spf_frame	*f;
	const char		*s = data;

	if (e->done || !e->waiting || !e->asked || tag != e->tag)
		return;
	switch (e->st) {
	case SPF_EV_TXT:
		if (type != DNSMSG_T_TXT)
			return;
		e->got++;
		if (!spf_is_record(data, len))
			return;
		if (++e->nrecords > 1)
			return;
		f = top(e);
		if (truncated || len > MX_SPF_RECORD_MAX) {
			e->matched = -1;	/* too long */
			return;
		}
		memcpy(f->rec, data, len);
		f->rec[len] = '\0';
		f->len = len;
		return;
	case SPF_EV_MX:
	case SPF_EV_PTR:
		if (type != e->q.type)
			return;
		e->got++;
		if (len == 0 || len > MX_NAME_MAX)
			return;
		if (e->st == SPF_EV_MX) {
			if (e->got > MX_SPF_MX_NAMES_MAX)
				return;
		} else if (e->got > MX_SPF_PTR_NAMES_MAX ||
		    e->nnames == MX_SPF_PTR_NAMES_MAX ||
		    !name_within(s, len, e->target))
			return;		/* 5.5: only names under target */
		/* only a name dnsmsg could have handed out is asked for */
		if (text_name_ok(s, len, e->names[e->nnames]))
			e->nnames++;
		return;
	case SPF_EV_A:
	case SPF_EV_MX_ADDR:
	case SPF_EV_PTR_ADDR:
	case SPF_EV_EXISTS:
		if (type != e->q.type || len != (type == DNSMSG_T_A ? 4u :
		    16u))
			return;
		e->got++;
		if (e->st == SPF_EV_EXISTS)
			e->matched = 1;
		else if (spf_prefix_eq(e->ip, data, e->st == SPF_EV_PTR_ADDR ?
		    (e->family == AF_INET ? 32 : 128) : e->cidr))
			e->matched = 1;
		return;
	default:
		return;
	}
}

/* The TXT answer of the top frame is complete (not an error). */
static void
ev_txt_end(struct spf_eval *e)
{
	struct spf_frame	*f = top(e);
	struct spf_record	 r;

	if (e->nrecords == 0) {
		/* an include's or redirect's target that is void */
		if (e->got == 0 && (e->depth > 1 || f->redirected) &&
		    ev_void(e))
			return;
		ev_finish(e, SPF_NONE);
		return;
	}
	if (e->nrecords > 1) {
		ev_fail(e, SPF_PERMERROR, SPF_E_SEVERAL, f->domain, NULL, 0);
		return;
	}
	if (e->matched < 0) {
		e->limit = 1;
		ev_fail(e, SPF_TEMPERROR, SPF_E_TOO_LONG, f->domain, NULL, 0);
		return;
	}
	if (spf_parse(f->rec, f->len, &r) != 0) {
		ev_fail(e, SPF_PERMERROR, r.err, f->domain, f->rec + r.err_off,
		    r.err_len);
		return;
	}
	f->pos = 6;
	e->st = SPF_EV_RUN;
}

/* see spf.h */
void
spf_eval_end(struct spf_eval *e, unsigned tag, enum spf_dns outcome)
{
	if (e->done || !e->waiting || !e->asked || tag != e->tag)
		return;
	e->waiting = 0;
	/* DNS errors are temperror, except in ptr (5.5) */
	if (outcome == SPF_DNS_ERROR && e->st != SPF_EV_PTR &&
	    e->st != SPF_EV_PTR_ADDR) {
		ev_fail(e, SPF_TEMPERROR, SPF_E_DNS, e->st == SPF_EV_TXT ?
		    top(e)->domain : e->q.name, NULL, 0);
		return;
	}
	/* a term whose own query is void (4.6.4) */
	if (e->got == 0 && outcome != SPF_DNS_ERROR && (e->st == SPF_EV_A ||
	    e->st == SPF_EV_EXISTS || e->st == SPF_EV_MX ||
	    e->st == SPF_EV_PTR) && ev_void(e))
		return;
	switch (e->st) {
	case SPF_EV_TXT:
		ev_txt_end(e);
		break;
	case SPF_EV_MX:
		if (e->got > MX_SPF_MX_NAMES_MAX) {
			ev_fail(e, SPF_PERMERROR, SPF_E_MX_NAMES, e->q.name,
			    NULL, 0);
			break;
		}
		/* FALLTHROUGH */
	case SPF_EV_PTR:
		e->k = 0;
		if (outcome == SPF_DNS_ERROR)	/* ptr: no match */
			e->nnames = 0;
		ev_next_name(e, (enum spf_eval_st)(e->st + 1));
		break;
	case SPF_EV_MX_ADDR:
	case SPF_EV_PTR_ADDR:
		/* 5.5: a PTR name whose lookup failed is skipped */
		if (!e->matched || outcome == SPF_DNS_ERROR) {
			e->k++;
			ev_next_name(e, e->st);
			break;
		}
		/* FALLTHROUGH */
	default:	/* A, EXISTS */
		if (e->matched)
			ev_finish(e, qual_result(e->qual));
		else
			e->st = SPF_EV_RUN;
		break;
	}
	ev_run(e);
}
