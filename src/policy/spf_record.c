/*
 * spf_record.c -- SPF record syntax: terms, one at a time (see spf.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Syntax (RFC 7208 12).  A record is "v=spf1" and terms separated by
 * spaces; spf_iter_next cuts one term at a time and checks all of it, so
 * spf_parse can refuse a record with an error anywhere before anything is
 * evaluated (4.6).  A term is a modifier when it starts with a name
 * (ALPHA *(ALPHA / DIGIT / "-" / "_" / ".")) directly followed by "=";
 * otherwise it is a directive: [qualifier] mechanism.  redirect and exp
 * are never taken as unknown modifiers ("redirect=-all" is an error, as
 * the RFC test suite wants).  The dual-cidr suffix of a and mx is read
 * from the end ("a:foo:bar/baz.example.com" keeps its '/'); a cidr is
 * digits without a leading zero, <= 32 or <= 128.  A domain-spec must end
 * in a macro-expand or in "." toplabel ["."] (7.1) -- checked on the text
 * as written, never after expansion.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/spf.h"
#include "spf_int.h"

/* see spf.h */
int
spf_is_record(const void *txt, size_t len)
{
	const char *p = txt;

	return len >= 6 && ascii_eq_str(p, 6, "v=spf1") &&
	    (len == 6 || p[6] == ' ');
}

/* see spf.h */
void
spf_iter_init(struct spf_iter *it, const char *rec, size_t len)
{
	memset(it, 0, sizeof *it);
	it->p = rec;
	it->len = len;
	if (!spf_is_record(rec, len)) {
		it->err = SPF_E_SYNTAX;
		it->err_len = 0;
		return;
	}
	it->off = 6;
}

static int
name_char(int c)
{
	return ascii_is_alnum(c) || c == '-' || c == '_' || c == '.';
}

/* a and mx after the name: [":" domain-spec] [dual-cidr-length]. */
static int
a_args(const char *s, size_t n, struct spf_term *t)
{
	size_t	 e, k;

	if (n == 0)
		return 0;
	if (s[0] == '/') {	/* dual-cidr only */
		if (n >= 2 && s[1] == '/')
			return spf_cidr_val(s + 2, n - 2, 3, 128, &t->cidr6);
		for (k = 1; k < n && s[k] != '/'; k++)
			;
		if (spf_cidr_val(s + 1, k - 1, 2, 32, &t->cidr4))
			return -1;
		if (k == n)
			return 0;
		if (n - k < 2 || s[k + 1] != '/')
			return -1;
		return spf_cidr_val(s + k + 2, n - k - 2, 3, 128, &t->cidr6);
	}
	if (s[0] != ':')
		return -1;
	s++;
	n--;
	/* the cidr suffix, from the end: "//" DIGITS, then "/" DIGITS */
	e = n;
	for (k = e; k > 0 && ascii_is_digit((unsigned char)s[k - 1]); k--)
		;
	if (k < e && k >= 2 && s[k - 1] == '/' && s[k - 2] == '/') {
		if (spf_cidr_val(s + k, e - k, 3, 128, &t->cidr6))
			return -1;
		e = k - 2;
		for (k = e; k > 0 &&
		    ascii_is_digit((unsigned char)s[k - 1]); k--)
			;
	}
	if (k < e && k >= 1 && s[k - 1] == '/') {
		if (spf_cidr_val(s + k, e - k, 2, 32, &t->cidr4))
			return -1;
		e = k - 1;
	}
	t->spec = s;
	t->spec_len = e;
	return spf_domain_spec_ok(s, e, 0, &t->macro) ? 0 : -1;
}

/* ":" domain-spec, required (include, exists) or optional (ptr). */
static int
spec_arg(const char *s, size_t n, int optional, struct spf_term *t)
{
	if (n == 0)
		return optional ? 0 : -1;
	if (s[0] != ':')
		return -1;
	t->spec = s + 1;
	t->spec_len = n - 1;
	return spf_domain_spec_ok(s + 1, n - 1, 0, &t->macro) ? 0 : -1;
}

/* ":" network [ "/" cidr ] of ip4 and ip6. */
static int
ip_args(const char *s, size_t n, int six, struct spf_term *t)
{
	size_t k;

	if (n == 0 || s[0] != ':')
		return -1;
	s++;
	n--;
	for (k = 0; k < n && s[k] != '/'; k++)
		;
	if (six ? spf_ip6_parse(s, k, t->ip) : spf_ip4_parse(s, k, t->ip))
		return -1;
	if (k == n)
		return 0;
	return six ? spf_cidr_val(s + k + 1, n - k - 1, 3, 128, &t->cidr6) :
	    spf_cidr_val(s + k + 1, n - k - 1, 2, 32, &t->cidr4);
}

/* One term s[0..n) (no spaces in it); returns SPF_E_OK or the error. */
static enum spf_err
term_parse(struct spf_iter *it, const char *s, size_t n, struct spf_term *t)
{
	static const struct {
		const char	*name;
		enum spf_kind	 kind;
	} mech[] = {
		{ "all", SPF_K_ALL }, { "include", SPF_K_INCLUDE },
		{ "a", SPF_K_A }, { "mx", SPF_K_MX }, { "ptr", SPF_K_PTR },
		{ "ip4", SPF_K_IP4 }, { "ip6", SPF_K_IP6 },
		{ "exists", SPF_K_EXISTS },
	};
	size_t	 i, j;
	int	 rc;

	memset(t, 0, sizeof *t);
	t->text = s;
	t->text_len = n;
	t->qual = '+';
	t->cidr4 = 32;
	t->cidr6 = 128;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return SPF_E_SYNTAX;
	/* modifier: name "=" ... */
	if (n > 0 && ascii_is_alpha((unsigned char)s[0])) {
		for (j = 1; j < n && name_char((unsigned char)s[j]); j++)
			;
		if (j < n && s[j] == '=') {
			t->name = s;
			t->name_len = j;
			t->spec = s + j + 1;
			t->spec_len = n - j - 1;
			if (ascii_eq_str(s, j, "redirect") ||
			    ascii_eq_str(s, j, "exp")) {
				t->kind = ascii_lower(s[0]) == 'r' ?
				    SPF_K_REDIRECT : SPF_K_EXP;
				if (!spf_domain_spec_ok(t->spec, t->spec_len, 0,
				    &t->macro))
					return SPF_E_SYNTAX;
				if (t->kind == SPF_K_REDIRECT ?
				    ++it->nredirect > 1 : ++it->nexp > 1)
					return SPF_E_DUP_MODIFIER;
				return SPF_E_OK;
			}
			t->kind = SPF_K_MODIFIER;
			if (t->spec_len == 0)
				return SPF_E_OK;
			return spf_macro_syntax(t->spec, t->spec_len) ?
			    SPF_E_OK : SPF_E_SYNTAX;
		}
	}
	/* directive: [qualifier] mechanism */
	i = 0;
	if (n > 0 && strchr("+-~?", s[0]) != NULL) {
		t->qual = s[0];
		i = 1;
	}
	for (j = i; j < n && ascii_is_alnum((unsigned char)s[j]); j++)
		;
	for (rc = 0; rc < (int)(sizeof mech / sizeof mech[0]); rc++)
		if (ascii_eq_str(s + i, j - i, mech[rc].name))
			break;
	if (rc == (int)(sizeof mech / sizeof mech[0]))
		return SPF_E_SYNTAX;
	t->kind = mech[rc].kind;
	s += j;
	n -= j;
	switch (t->kind) {
	case SPF_K_ALL:
		rc = n == 0 ? 0 : -1;
		break;
	case SPF_K_INCLUDE:
	case SPF_K_EXISTS:
		rc = spec_arg(s, n, 0, t);
		break;
	case SPF_K_PTR:
		rc = spec_arg(s, n, 1, t);
		break;
	case SPF_K_A:
	case SPF_K_MX:
		rc = a_args(s, n, t);
		break;
	case SPF_K_IP4:
	case SPF_K_IP6:
		rc = ip_args(s, n, t->kind == SPF_K_IP6, t);
		break;
	default:
		rc = -1;
		break;
	}
	return rc == 0 ? SPF_E_OK : SPF_E_SYNTAX;
}

/* see spf.h */
int
spf_iter_next(struct spf_iter *it, struct spf_term *t)
{
	size_t		 s, e;
	enum spf_err	 err;

	if (it->err)
		return -1;
	while (it->off < it->len && it->p[it->off] == ' ')
		it->off++;
	if (it->off == it->len)
		return 0;
	s = it->off;
	for (e = s; e < it->len && it->p[e] != ' '; e++)
		;
	it->off = e;
	if ((err = term_parse(it, it->p + s, e - s, t)) == SPF_E_OK)
		return 1;
	it->err = err;
	it->err_off = s;
	it->err_len = e - s;
	return -1;
}

/* see spf.h */
int
spf_parse(const char *rec, size_t len, struct spf_record *r)
{
	struct spf_iter	 it;
	struct spf_term	 t;
	int		 rc, seen_all = 0;

	memset(r, 0, sizeof *r);
	spf_iter_init(&it, rec, len);
	while ((rc = spf_iter_next(&it, &t)) == 1) {
		r->nterms++;
		switch (t.kind) {
		case SPF_K_REDIRECT:
			r->redirect = 1;
			continue;
		case SPF_K_EXP:
			r->exp = 1;
			continue;
		case SPF_K_MODIFIER:
			continue;
		default:
			break;
		}
		if (seen_all) {
			r->after_all = 1;
			continue;
		}
		switch (t.kind) {
		case SPF_K_ALL:
			r->all = t.qual;
			seen_all = 1;
			break;
		case SPF_K_PTR:
			r->ptr = 1;
			r->lookups++;
			break;
		case SPF_K_INCLUDE:
		case SPF_K_A:
		case SPF_K_MX:
		case SPF_K_EXISTS:
			r->lookups++;
			break;
		default:
			break;
		}
	}
	if (rc < 0) {
		r->err = it.err;
		r->err_off = it.err_off;
		r->err_len = it.err_len;
		return -1;
	}
	if (r->redirect && !seen_all) {
		r->redirect_used = 1;
		r->lookups++;
	}
	return 0;
}
