/*
 * test_spf.c -- the SPF core: record syntax, macros, check_host() and the
 * audit's policy walk.  DNS is a zone held in memory (zone[] below) that
 * answers the machines' queries; a name marked TIMEOUT answers with an
 * error.  The cases follow the ideas of the RFC 7208 test suite (cidr,
 * include results, redirect, void and lookup limits, mx limit, exists
 * with macros, temperror, dual cidr), written as our own tables.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/spf.h"
#include "t.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- syntax --------------------------------------------------------- */

static void
test_is_record(void)
{
	static const struct {
		const char	*txt;
		int		 want;
	} v[] = {
		{ "v=spf1", 1 }, { "v=spf1 -all", 1 }, { "V=SpF1 ~all", 1 },
		{ "v=spf1  a", 1 }, { "v=spf10", 0 }, { "v=spf1\t-all", 0 },
		{ "v=spf1-all", 0 }, { "v=spf", 0 }, { "", 0 },
		{ "spf1 -all", 0 }, { " v=spf1 -all", 0 },
		{ "v=DMARC1; p=none", 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(v); i++)
		T_EQ_INT(spf_is_record(v[i].txt, strlen(v[i].txt)), v[i].want,
		    v[i].txt);
}

/* Records: valid (bad NULL) or the offending term and the error. */
static void
test_parse_table(void)
{
	static const struct {
		const char	*rec;
		const char	*bad;	/* NULL: valid */
		enum spf_err	 err;
	} v[] = {
		{ "v=spf1", NULL, 0 },
		{ "v=spf1 -all", NULL, 0 },
		{ "v=spf1   +all   ", NULL, 0 },
		{ "v=spf1 ALL", NULL, 0 },
		{ "v=spf1 a mx ptr -all", NULL, 0 },
		{ "v=spf1 a:mail.example.org/24//64 ~all", NULL, 0 },
		{ "v=spf1 a/24 mx//64 a//0 mx/0", NULL, 0 },
		{ "v=spf1 a:foo:bar/baz.example.com", NULL, 0 },
		{ "v=spf1 mx:example.xn--zckzah", NULL, 0 },
		{ "v=spf1 a:example.org.", NULL, 0 },
		{ "v=spf1 ip4:192.0.2.0/24 ip4:0.0.0.0/0 ip4:1.2.3.4/32", NULL,
		    0 },
		{ "v=spf1 ip6:2001:db8::/32 ip6:::1 ip6:::ffff:1.2.3.4/128 "
		    "ip6:1:2:3:4:5:6:7:8", NULL, 0 },
		{ "v=spf1 include:_spf.example.com ?include:%{d}", NULL, 0 },
		{ "v=spf1 exists:%{ir}.%{l1r-}.lp._spf.%{d2} -all", NULL, 0 },
		{ "v=spf1 exists:%{i}.%{v}.x.example", NULL, 0 },
		{ "v=spf1 a:macro%%percent%_%_space%-url-space.example.com",
		    NULL, 0 },
		{ "v=spf1 redirect=_spf.example.com", NULL, 0 },
		{ "v=spf1 -all exp=explain._spf.%{d}", NULL, 0 },
		{ "v=spf1 -all moo.cow-far_out=man:dog/cat", NULL, 0 },
		{ "v=spf1 default=+ foo= ?all", NULL, 0 },
		{ "v=spf1 -all foo=%{d}.%{i}", NULL, 0 },
		{ "v=spf1 REDIRECT=example.org", NULL, 0 },
		{ "v=spf1 a:%{H}", NULL, 0 },
		{ "v=spf1 a:1-2.example.1-2", NULL, 0 },
		/* errors */
		{ "v=spf1 -all moo", "moo", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3", "ip4:1.2.3", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.4:8080", "ip4:1.2.3.4:8080", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.256", "ip4:1.2.3.256", SPF_E_SYNTAX },
		{ "v=spf1 ip4:01.2.3.4", "ip4:01.2.3.4", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.4/33", "ip4:1.2.3.4/33", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.4/032", "ip4:1.2.3.4/032", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.4//32", "ip4:1.2.3.4//32", SPF_E_SYNTAX },
		{ "v=spf1 ip4", "ip4", SPF_E_SYNTAX },
		{ "v=spf1 ip4:", "ip4:", SPF_E_SYNTAX },
		{ "v=spf1 ip6:::1.1.1.1/129", "ip6:::1.1.1.1/129",
		    SPF_E_SYNTAX },
		{ "v=spf1 ip6:::1.1.1.1//33", "ip6:::1.1.1.1//33",
		    SPF_E_SYNTAX },
		{ "v=spf1 ip6::CAFE::BABE", "ip6::CAFE::BABE", SPF_E_SYNTAX },
		{ "v=spf1 ip6:1::2::3", "ip6:1::2::3", SPF_E_SYNTAX },
		{ "v=spf1 ip6:1:2:3:4:5:6:7:8:9", "ip6:1:2:3:4:5:6:7:8:9",
		    SPF_E_SYNTAX },
		{ "v=spf1 ip6:12345::", "ip6:12345::", SPF_E_SYNTAX },
		{ "v=spf1 -all ip6", "ip6", SPF_E_SYNTAX },
		{ "v=spf1 -all/8", "-all/8", SPF_E_SYNTAX },
		{ "v=spf1 -all.", "-all.", SPF_E_SYNTAX },
		{ "v=spf1 -all:foobar", "-all:foobar", SPF_E_SYNTAX },
		{ "v=spf1 a:museum", "a:museum", SPF_E_SYNTAX },
		{ "v=spf1 a:museum.", "a:museum.", SPF_E_SYNTAX },
		{ "v=spf1 a:abc.123", "a:abc.123", SPF_E_SYNTAX },
		{ "v=spf1 a:111.222.33.44", "a:111.222.33.44", SPF_E_SYNTAX },
		{ "v=spf1 a:example.-com", "a:example.-com", SPF_E_SYNTAX },
		{ "v=spf1 a:example.com:8080", "a:example.com:8080",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:", "a:", SPF_E_SYNTAX },
		{ "v=spf1 a/33", "a/33", SPF_E_SYNTAX },
		{ "v=spf1 a//129", "a//129", SPF_E_SYNTAX },
		{ "v=spf1 a/24/64", "a/24/64", SPF_E_SYNTAX },
		{ "v=spf1 mx:", "mx:", SPF_E_SYNTAX },
		{ "v=spf1 mx//33x", "mx//33x", SPF_E_SYNTAX },
		{ "v=spf1 ptr/0 -all", "ptr/0", SPF_E_SYNTAX },
		{ "v=spf1 ptr:", "ptr:", SPF_E_SYNTAX },
		{ "v=spf1 include", "include", SPF_E_SYNTAX },
		{ "v=spf1 include: -all", "include:", SPF_E_SYNTAX },
		{ "v=spf1 include:ip5.example.com/24",
		    "include:ip5.example.com/24",
		    SPF_E_SYNTAX },
		{ "v=spf1 exists", "exists", SPF_E_SYNTAX },
		{ "v=spf1 exists:mail.example.com/24",
		    "exists:mail.example.com/24", SPF_E_SYNTAX },
		{ "v=spf1 redirect:t2.example.com", "redirect:t2.example.com",
		    SPF_E_SYNTAX },
		{ "v=spf1 ?all redirect=", "redirect=", SPF_E_SYNTAX },
		{ "v=spf1 redirect=-all ?all", "redirect=-all", SPF_E_SYNTAX },
		{ "v=spf1 exp= -all", "exp=", SPF_E_SYNTAX },
		{ "v=spf1 =all", "=all", SPF_E_SYNTAX },
		{ "v=spf1 1up=foo", "1up=foo", SPF_E_SYNTAX },
		{ "v=spf1 moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all",
		    "moo.cow/far_out=man:dog/cat", SPF_E_SYNTAX },
		{ "v=spf1 moo.cow:far_out=man:dog/cat -all",
		    "moo.cow:far_out=man:dog/cat", SPF_E_SYNTAX },
		{ "v=spf1 -all foo=%abc", "foo=%abc", SPF_E_SYNTAX },
		{ "v=spf1 exists:foo%(ir).sbl.example.com",
		    "exists:foo%(ir).sbl.example.com", SPF_E_SYNTAX },
		{ "v=spf1 exists:foo%.sbl.example.com",
		    "exists:foo%.sbl.example.com", SPF_E_SYNTAX },
		{ "v=spf1 a:%{a}.example.com", "a:%{a}.example.com",
		    SPF_E_SYNTAX },
		{ "v=spf1 -all exp=%{r}.example.com", "exp=%{r}.example.com",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:%{d0}.example.com", "a:%{d0}.example.com",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:%{d", "a:%{d", SPF_E_SYNTAX },
		{ "v=spf1 a:%{d2r!}.x.example", "a:%{d2r!}.x.example",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:foo%", "a:foo%", SPF_E_SYNTAX },
		{ "v=spf1 \x80" "a:example.net -all", "\x80" "a:example.net",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:example.net \x96" "all", "\x96" "all",
		    SPF_E_SYNTAX },
		{ "v=spf1 a:\xef\xbb\xbfgarbage.example.net -all",
		    "a:\xef\xbb\xbfgarbage.example.net", SPF_E_SYNTAX },
		{ "v=spf1 ip4:1.2.3.4\t-all", "ip4:1.2.3.4\t-all",
		    SPF_E_SYNTAX },
		{ "v=spf1 spf2.0/pra", "spf2.0/pra", SPF_E_SYNTAX },
		{ "v=spf1 !a", "!a", SPF_E_SYNTAX },
		{ "v=spf1 redirect=a.example redirect=b.example",
		    "redirect=b.example", SPF_E_DUP_MODIFIER },
		{ "v=spf1 exp=a.example -all exp=b.example", "exp=b.example",
		    SPF_E_DUP_MODIFIER },
		{ "v=spf10 -all", "", SPF_E_SYNTAX },
	};
	struct spf_record	 r;
	char			 name[160], got[160];
	size_t			 i, n;
	int			 rc;

	for (i = 0; i < NELEM(v); i++) {
		rc = spf_parse(v[i].rec, strlen(v[i].rec), &r);
		n = strlen(v[i].rec) < 100 ? strlen(v[i].rec) : 100;
		memcpy(name, v[i].rec, n);
		name[n] = '\0';
		if (v[i].bad == NULL) {
			T_EQ_INT(rc, 0, name);
			continue;
		}
		if (!T_EQ_INT(rc, -1, name))
			continue;
		n = r.err_len < sizeof got - 1 ? r.err_len : sizeof got - 1;
		memcpy(got, v[i].rec + r.err_off, n);
		got[n] = '\0';
		T_EQ_STR(got, v[i].bad, name);
		T_EQ_INT(r.err, v[i].err, name);
	}
}

/* The fields of each term form. */
static void
test_terms(void)
{
	static const char rec[] = "v=spf1 ~a:mail.example.org/24//64 "
	    "-mx//56 ?ptr:example.org ip4:192.0.2.0/25 "
	    "ip6:2001:db8::/32 +include:_spf.%{d} exists:%{i}.x.example "
	    "redirect=other.example exp=why.example x-foo=bar -all";
	static const unsigned char ip6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct spf_iter	 it;
	struct spf_term	 t;

	spf_iter_init(&it, rec, strlen(rec));
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term a");
	T_EQ_INT(t.kind, SPF_K_A, "a kind");
	T_EQ_INT(t.qual, '~', "a qualifier");
	T_OK(t.spec_len == 16 && memcmp(t.spec, "mail.example.org", 16) ==
	    0, "a domain-spec without its cidr");
	T_EQ_INT(t.cidr4, 24, "a cidr4");
	T_EQ_INT(t.cidr6, 64, "a cidr6");
	T_EQ_INT(t.macro, 0, "a has no macro");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term mx");
	T_OK(t.kind == SPF_K_MX && t.qual == '-' && t.spec == NULL &&
	    t.cidr4 == 32 && t.cidr6 == 56, "mx//56: defaults and cidr6");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term ptr");
	T_OK(t.kind == SPF_K_PTR && t.qual == '?' && t.spec_len == 11,
	    "ptr:example.org");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term ip4");
	T_OK(t.kind == SPF_K_IP4 && t.qual == '+' && t.cidr4 == 25 &&
	    t.ip[0] == 192 && t.ip[1] == 0 && t.ip[2] == 2 && t.ip[3] == 0,
	    "ip4:192.0.2.0/25");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term ip6");
	T_OK(t.kind == SPF_K_IP6 && t.cidr6 == 32 &&
	    memcmp(t.ip, ip6, 16) == 0, "ip6:2001:db8::/32");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term include");
	T_OK(t.kind == SPF_K_INCLUDE && t.qual == '+' && t.macro,
	    "+include with a macro");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term exists");
	T_OK(t.kind == SPF_K_EXISTS && t.macro, "exists with a macro");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term redirect");
	T_OK(t.kind == SPF_K_REDIRECT && t.spec_len == 13 &&
	    t.name_len == 8, "redirect=other.example");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term exp");
	T_EQ_INT(t.kind, SPF_K_EXP, "exp kind");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term unknown modifier");
	T_OK(t.kind == SPF_K_MODIFIER && t.name_len == 5 &&
	    t.spec_len == 3, "x-foo=bar");
	T_EQ_INT(spf_iter_next(&it, &t), 1, "term all");
	T_OK(t.kind == SPF_K_ALL && t.qual == '-', "-all");
	T_EQ_INT(spf_iter_next(&it, &t), 0, "end");
	T_EQ_INT(spf_iter_next(&it, &t), 0, "end stays");
	T_EQ_STR(spf_kind_str(SPF_K_EXISTS), "exists", "kind names");
	T_EQ_STR(spf_kind_str(SPF_K_MODIFIER), "modifier", "modifier name");
}

static void
test_parse_summary(void)
{
	static const struct {
		const char	*rec;
		unsigned	 lookups;
		char		 all;
		int		 redirect_used, ptr, after_all;
	} v[] = {
		{ "v=spf1 -all", 0, '-', 0, 0, 0 },
		{ "v=spf1", 0, 0, 0, 0, 0 },
		{ "v=spf1 a mx ptr include:x.example exists:y.example ~all",
		    5, '~', 0, 1, 0 },
		{ "v=spf1 ip4:1.2.3.4 ip6:::1 ?all", 0, '?', 0, 0, 0 },
		{ "v=spf1 redirect=x.example", 1, 0, 1, 0, 0 },
		{ "v=spf1 a redirect=x.example -all", 1, '-', 0, 0, 0 },
		{ "v=spf1 all include:x.example ptr", 0, '+', 0, 0, 1 },
		{ "v=spf1 include:a.example -all exp=x.example", 1, '-', 0, 0,
		    0 },
		{ "v=spf1 ptr:x.example a:y.example redirect=z.example", 3, 0,
		    1, 1, 0 },
	};
	struct spf_record	 r;
	size_t			 i;

	for (i = 0; i < NELEM(v); i++) {
		T_EQ_INT(spf_parse(v[i].rec, strlen(v[i].rec), &r), 0,
		    v[i].rec);
		T_EQ_INT(r.lookups, v[i].lookups, v[i].rec);
		T_EQ_INT(r.all, v[i].all, v[i].rec);
		T_EQ_INT(r.redirect_used, v[i].redirect_used, v[i].rec);
		T_EQ_INT(r.ptr, v[i].ptr, v[i].rec);
		T_EQ_INT(r.after_all, v[i].after_all, v[i].rec);
	}
}

static void
test_ip_parse(void)
{
	static const struct {
		const char	*s;
		int		 family;	/* 0: refused */
		const char	*back;
	} v[] = {
		{ "192.0.2.1", AF_INET, "192.0.2.1" },
		{ "0.0.0.0", AF_INET, "0.0.0.0" },
		{ "2001:db8::cb01", AF_INET6, "2001:db8::cb01" },
		{ "::", AF_INET6, "::" },
		{ "::1", AF_INET6, "::1" },
		{ "1::", AF_INET6, "1::" },
		{ "1:2:3:4:5:6:7:8", AF_INET6, "1:2:3:4:5:6:7:8" },
		{ "1:2:3:4:5:6:1.2.3.4", AF_INET6, "1:2:3:4:5:6:102:304" },
		{ "::FFFF:1.2.3.4", AF_INET, "1.2.3.4" },
		{ "::ffff:c000:201", AF_INET, "192.0.2.1" },
		{ "CAFE:BABE::1", AF_INET6, "cafe:babe::1" },
		{ "1.2.3", 0, NULL }, { "256.1.1.1", 0, NULL },
		{ "1.2.3.4.", 0, NULL }, { "01.2.3.4", 0, NULL },
		{ ":1::", 0, NULL }, { "1:::2", 0, NULL },
		{ "1::2::3", 0, NULL },
		{ "1:2:3:4:5:6:7:8:9", 0, NULL }, { "1:2:3:4:5:6:7", 0, NULL },
		{ "1:2:3:4:5:6:7::8", 0, NULL }, { "12345::", 0, NULL },
		{ "1:", 0, NULL }, { "", 0, NULL }, { "::1.2.3", 0, NULL },
		{ "g::", 0, NULL },
	};
	unsigned char	 ip[16];
	char		 buf[64];
	int		 fam, rc;
	size_t		 i;

	for (i = 0; i < NELEM(v); i++) {
		rc = spf_ip_parse(v[i].s, strlen(v[i].s), &fam, ip);
		if (v[i].family == 0) {
			T_EQ_INT(rc, -1, v[i].s);
			continue;
		}
		if (!T_EQ_INT(rc, 0, v[i].s))
			continue;
		T_EQ_INT(fam, v[i].family, v[i].s);
		inet_ntop(fam, ip, buf, sizeof buf);
		T_EQ_STR(buf, v[i].back, v[i].s);
	}
}

/* ---- macros --------------------------------------------------------- */

static void
ctx_set(struct spf_macro_ctx *c, const char *ip, const char *sender,
    const char *domain)
{
	memset(c, 0, sizeof *c);
	if (ip != NULL)
		spf_ip_parse(ip, strlen(ip), &c->family, c->ip);
	c->sender = sender;
	c->domain = domain;
	c->helo = "mx.example.org";
	c->receiver = "rx.example.net";
	c->now = 1700000000;
}

/* RFC 7208 7.4's examples and more, expanded as macro-strings. */
static void
test_macro_table(void)
{
	static const struct {
		const char	*ip;
		const char	*in;
		unsigned	 flags;
		const char	*out;	/* NULL: syntax error */
	} v[] = {
		{ "192.0.2.3", "%{s}", 0, "strong-bad@email.example.com" },
		{ "192.0.2.3", "%{o}", 0, "email.example.com" },
		{ "192.0.2.3", "%{d}", 0, "email.example.com" },
		{ "192.0.2.3", "%{d4}", 0, "email.example.com" },
		{ "192.0.2.3", "%{d3}", 0, "email.example.com" },
		{ "192.0.2.3", "%{d2}", 0, "example.com" },
		{ "192.0.2.3", "%{d1}", 0, "com" },
		{ "192.0.2.3", "%{dr}", 0, "com.example.email" },
		{ "192.0.2.3", "%{d2r}", 0, "example.email" },
		{ "192.0.2.3", "%{l}", 0, "strong-bad" },
		{ "192.0.2.3", "%{l-}", 0, "strong.bad" },
		{ "192.0.2.3", "%{lr}", 0, "strong-bad" },
		{ "192.0.2.3", "%{lr-}", 0, "bad.strong" },
		{ "192.0.2.3", "%{l1r-}", 0, "strong" },
		{ "192.0.2.3", "%{ir}.%{v}._spf.%{d2}", 0,
		    "3.2.0.192.in-addr._spf.example.com" },
		{ "192.0.2.3", "%{lr-}.lp._spf.%{d2}", 0,
		    "bad.strong.lp._spf.example.com" },
		{ "192.0.2.3", "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", 0,
		    "bad.strong.lp.3.2.0.192.in-addr._spf.example.com" },
		{ "192.0.2.3", "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", 0,
		    "3.2.0.192.in-addr.strong.lp._spf.example.com" },
		{ "192.0.2.3", "%{d2}.trusted-domains.example.net", 0,
		    "example.com.trusted-domains.example.net" },
		{ "2001:db8::cb01", "%{ir}.%{v}._spf.%{d2}", 0,
		    "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0."
		    "1.0.0.2.ip6._spf.example.com" },
		{ "2001:db8::cb01", "%{i}", 0,
		    "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
		    "c.b.0.1" },
		{ "192.0.2.3", "%{i}", 0, "192.0.2.3" },
		{ "192.0.2.3", "%{h}", 0, "mx.example.org" },
		{ "192.0.2.3", "%{p}", 0, "unknown" },
		{ "192.0.2.3", "%{d128}", 0, "email.example.com" },
		{ "192.0.2.3", "%{d99999999}", 0, "email.example.com" },
		{ "192.0.2.3", "%{s-.}", 0, "strong.bad@email.example.com" },
		{ "192.0.2.3", "%{s2-.}", 0, "example.com" },
		{ "192.0.2.3", "%{d=,/+_}", 0, "email.example.com" },
		{ "192.0.2.3", "x.%{l}..", 0, "x.strong-bad.." },
		{ "192.0.2.3", "%{l2r+-}", 0, "bad.strong" },
		{ "192.0.2.3", "%%%_%-x", 0, "% %20x" },
		{ "192.0.2.3", "%{S}", 0, "strong-bad%40email.example.com" },
		{ "192.0.2.3", "%{L}", 0, "strong-bad" },
		{ "192.0.2.3", "%{V}.%{DR}", 0, "in-addr.com.example.email" },
		{ "192.0.2.3", "%{c} %{r} %{t}", SPF_MACRO_EXP,
		    "192.0.2.3 rx.example.net 1700000000" },
		{ "2001:db8::cb01", "%{c}", SPF_MACRO_EXP, "2001:db8::cb01" },
		{ "192.0.2.3", "%{c}", 0, NULL },
		{ "192.0.2.3", "%{d0}", 0, NULL },
		{ "192.0.2.3", "%{x}", 0, NULL },
		{ "192.0.2.3", "%{d", 0, NULL },
		{ "192.0.2.3", "%{}", 0, NULL },
		{ "192.0.2.3", "%{d2r3}", 0, NULL },
		{ "192.0.2.3", "%{d!}", 0, NULL },
		{ "192.0.2.3", "%x", 0, NULL },
		{ "192.0.2.3", "x%", 0, NULL },
		{ "192.0.2.3", "a b", 0, NULL },
	};
	struct spf_macro_ctx	 c;
	char			 out[512];
	size_t			 i, n;
	int			 rc;

	for (i = 0; i < NELEM(v); i++) {
		ctx_set(&c, v[i].ip, "strong-bad@email.example.com",
		    "email.example.com");
		rc = spf_macro_expand(&c, v[i].in, strlen(v[i].in), v[i].flags,
		    out, sizeof out, &n);
		if (v[i].out == NULL) {
			T_EQ_INT(rc, SPF_MACRO_SYNTAX, v[i].in);
			T_EQ_STR(out, "", v[i].in);
			continue;
		}
		if (T_EQ_INT(rc, SPF_MACRO_OK, v[i].in)) {
			T_EQ_STR(out, v[i].out, v[i].in);
			T_EQ_INT(n, strlen(v[i].out), v[i].in);
		}
	}
}

static void
test_macro_special(void)
{
	struct spf_macro_ctx	 c;
	char			 out[512], name[MX_NAME_MAX + 1];
	char			 spec[600];
	size_t			 n;

	/* upper-case macros are URL-escaped (7.3) */
	ctx_set(&c, "192.0.2.42", "jack&jill=up@e8.example.com",
	    "e8.example.com");
	spf_macro_expand(&c, "why.html?l=%{L}", 15, 0, out, sizeof out, &n);
	T_EQ_STR(out, "why.html?l=jack%26jill%3Dup", "upper-case l escaped");
	/* no local part: postmaster (4.3) */
	ctx_set(&c, "192.0.2.42", "@example.net", "example.net");
	spf_macro_expand(&c, "%{l}", 4, 0, out, sizeof out, &n);
	T_EQ_STR(out, "postmaster", "empty local part is postmaster");
	/* the walk's context: no sender, no address */
	ctx_set(&c, NULL, NULL, "walk.example");
	T_EQ_INT(spf_macro_expand(&c, "_spf.%{d}", 9, 0, out, sizeof out, &n),
	    SPF_MACRO_OK, "d is known without a sender");
	T_EQ_STR(out, "_spf.walk.example", "d expanded");
	T_EQ_INT(spf_macro_expand(&c, "%{i}.x", 6, 0, out, sizeof out, &n),
	    SPF_MACRO_UNKNOWN, "i is unknown without an address");
	T_EQ_INT(spf_macro_expand(&c, "%{s}", 4, 0, out, sizeof out, &n),
	    SPF_MACRO_UNKNOWN, "s is unknown without a sender");
	T_EQ_INT(spf_macro_expand(&c, "%{h}", 4, 0, out, sizeof out, &n),
	    SPF_MACRO_OK, "h is known");
	/* a bounded output */
	ctx_set(&c, "192.0.2.3", "strong-bad@email.example.com",
	    "email.example.com");
	T_EQ_INT(spf_macro_expand(&c, "%{s}", 4, 0, out, 8, &n),
	    SPF_MACRO_LONG, "expansion over cap is refused");
	T_EQ_STR(out, "", "... and out is empty");

	/* 7.3 truncation: labels cut from the left until <= 253 */
	ctx_set(&c, "192.168.218.40", "test@somewhat.long.exp.example.com",
	    "somewhat.long.exp.example.com");
	strcpy(spec, "foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}."
	    "example.com");
	T_EQ_INT(spf_macro_target(&c, spec, strlen(spec), name), SPF_MACRO_OK,
	    "long target");
	T_EQ_INT(strlen(name), 251, "cut to 251 characters");
	T_OK(strncmp(name, "somewhat.long.exp.example.com.", 30) == 0 &&
	    strcmp(name + strlen(name) - 12, ".example.com") == 0,
	    "the foobar label went");
	/* a huge expansion still fits the window */
	strcpy(spec, "");
	for (n = 0; n < 100; n++)
		strcat(spec, "%{S}");
	strcat(spec, ".x.example");
	T_EQ_INT(spf_macro_target(&c, spec, strlen(spec), name), SPF_MACRO_OK,
	    "100 escaped senders");
	T_OK(strlen(name) <= 253, "... within 253");
	T_OK(strcmp(name + strlen(name) - 10, ".x.example") == 0,
	    "... its right end kept");
	/* trailing dot dropped; bad names refused */
	T_EQ_INT(spf_macro_target(&c, "%{d}.", 5, name), SPF_MACRO_OK,
	    "trailing dot");
	T_EQ_STR(name, "somewhat.long.exp.example.com", "... dropped");
	T_EQ_INT(spf_macro_target(&c, "mail.example...com", 18, name),
	    SPF_MACRO_BADNAME, "empty label");
	T_EQ_INT(spf_macro_target(&c, "a1234567890123456789012345678901234567"
	    "8901234567890123456789012345.example.com", 77, name),
	    SPF_MACRO_BADNAME, "64-octet label");
	T_EQ_INT(spf_macro_target(&c, "%{l}", 4, name), SPF_MACRO_OK,
	    "single label");
	/* a space (%_) and a backslash are escaped for dnsmsg */
	T_EQ_INT(spf_macro_target(&c, "a%_b\\c.example.com", 18, name),
	    SPF_MACRO_OK, "space and backslash");
	T_EQ_STR(name, "a\\032b\\092c.example.com", "... in text form");
	/* no dot left after cutting: no name */
	strcpy(spec, "");
	for (n = 0; n < 30; n++)
		strcat(spec, "%{L}");
	T_EQ_INT(spf_macro_target(&c, spec, strlen(spec), name),
	    SPF_MACRO_BADNAME, "one 300-byte label");
}

/* ---- a DNS zone in memory ------------------------------------------- */

#define T_TIMEOUT	0	/* type: the name times out (any type) */
#define T_TXT		DNSMSG_T_TXT
#define T_A		DNSMSG_T_A
#define T_AAAA		DNSMSG_T_AAAA
#define T_MX		DNSMSG_T_MX
#define T_PTR		DNSMSG_T_PTR

struct zrr {
	const char	*name;
	uint16_t	 type;
	const char	*data;
};

static const struct zrr zone[] = {
	/* cidr and the families */
	{ "ip.example", T_TXT, "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 "
	    "-all" },
	{ "ip.example", T_TXT, "google-site-verification=abc" },
	/* include results (5.2) */
	{ "inc.example", T_TXT, "v=spf1 include:ip.example ~all" },
	{ "incnone.example", T_TXT, "v=spf1 include:nospf.example -all" },
	{ "nospf.example", T_TXT, "hello world" },
	{ "nospf.example", T_A, "192.0.2.250" },
	{ "incnx.example", T_TXT, "v=spf1 include:nx.example -all" },
	{ "incperm.example", T_TXT, "v=spf1 include:bad.example -all" },
	{ "bad.example", T_TXT, "v=spf1 ip4:1.2.3.4/33 -all" },
	{ "inctemp.example", T_TXT, "v=spf1 include:timeout.example -all" },
	{ "timeout.example", T_TIMEOUT, NULL },
	{ "incneutral.example", T_TXT, "v=spf1 include:neutral.example -all" },
	{ "neutral.example", T_TXT, "v=spf1 ?all" },
	{ "incpassall.example", T_TXT, "v=spf1 include:passall.example -all" },
	{ "passall.example", T_TXT, "v=spf1 +all" },
	{ "incsoft.example", T_TXT, "v=spf1 -include:soft.example ?all" },
	{ "soft.example", T_TXT, "v=spf1 ip4:192.0.2.7 ~all" },
	/* redirect (6.1) */
	{ "redir.example", T_TXT, "v=spf1 redirect=ip.example" },
	{ "redirnone.example", T_TXT, "v=spf1 redirect=nospf.example" },
	{ "redirall.example", T_TXT, "v=spf1 ~all redirect=ip.example" },
	{ "redirfirst.example", T_TXT, "v=spf1 redirect=ip.example "
	    "ip4:203.0.113.9" },
	{ "redirloop.example", T_TXT, "v=spf1 redirect=redirloop.example" },
	{ "redirmacro.example", T_TXT, "v=spf1 redirect=_spf.%{d}" },
	{ "_spf.redirmacro.example", T_TXT, "v=spf1 ip4:198.51.100.0/24 "
	    "~all" },
	/* void lookups (4.6.4) */
	{ "void2.example", T_TXT, "v=spf1 a:nx1.example mx:nx2.example "
	    "ip4:192.0.2.1 ?all" },
	{ "void3.example", T_TXT, "v=spf1 a:nx1.example mx:nx2.example "
	    "exists:nx3.example ip4:192.0.2.1 ?all" },
	{ "voidnodata.example", T_TXT, "v=spf1 a:nospf.example "
	    "mx:nospf.example a:ip.example ip4:192.0.2.1 -all" },
	/* ten lookups, then eleven */
	{ "h.example", T_A, "10.0.0.1" },
	{ "h.example", T_MX, "mx.h.example" },
	{ "mx.h.example", T_A, "10.0.0.2" },
	{ "limit10.example", T_TXT, "v=spf1 a:h.example mx:h.example "
	    "a:h.example mx:h.example a:h.example mx:h.example a:h.example "
	    "mx:h.example a:h.example a:h.example ip4:192.0.2.1 -all" },
	{ "limit11.example", T_TXT, "v=spf1 a:h.example mx:h.example "
	    "a:h.example mx:h.example a:h.example mx:h.example a:h.example "
	    "mx:h.example a:h.example a:h.example a:h.example "
	    "ip4:192.0.2.1 -all" },
	{ "limitlate.example", T_TXT, "v=spf1 ip4:192.0.2.1 a:h.example "
	    "mx:h.example a:h.example mx:h.example a:h.example mx:h.example "
	    "a:h.example mx:h.example a:h.example exists:h.example "
	    "a:h.example -all" },
	{ "loop.example", T_TXT, "v=spf1 include:loop.example -all" },
	/* mx */
	{ "mx.example", T_TXT, "v=spf1 mx/24 -all" },
	{ "mx.example", T_MX, "mail.mx.example" },
	{ "mx.example", T_MX, "mail2.mx.example" },
	{ "mail.mx.example", T_A, "203.0.113.10" },
	{ "mail2.mx.example", T_A, "192.0.2.10" },
	{ "mail2.mx.example", T_AAAA, "2001:db8:5::10" },
	{ "mx6.example", T_TXT, "v=spf1 mx:mx.example//48 -all" },
	{ "mxnull.example", T_TXT, "v=spf1 mx -all" },
	{ "mxnull.example", T_MX, "." },
	{ "mxlimit.example", T_TXT, "v=spf1 mx -all" },
	{ "mxlimit.example", T_MX, "m1.h.example" },
	{ "mxlimit.example", T_MX, "m2.h.example" },
	{ "mxlimit.example", T_MX, "m3.h.example" },
	{ "mxlimit.example", T_MX, "m4.h.example" },
	{ "mxlimit.example", T_MX, "m5.h.example" },
	{ "mxlimit.example", T_MX, "m6.h.example" },
	{ "mxlimit.example", T_MX, "m7.h.example" },
	{ "mxlimit.example", T_MX, "m8.h.example" },
	{ "mxlimit.example", T_MX, "m9.h.example" },
	{ "mxlimit.example", T_MX, "m10.h.example" },
	{ "mxlimit.example", T_MX, "mxlimit.example" },
	{ "mxlimit.example", T_A, "192.0.2.11" },
	{ "mxtemp.example", T_TXT, "v=spf1 mx -all" },
	{ "mxtemp.example", T_MX, "timeout.example" },
	{ "mxnone.example", T_TXT, "v=spf1 mx ?all" },
	{ "mxnone.example", T_A, "192.0.2.1" },
	/* a and dual cidr */
	{ "a.example", T_TXT, "v=spf1 a -all" },
	{ "a.example", T_A, "192.0.2.5" },
	{ "a.example", T_A, "192.0.2.6" },
	{ "dual.example", T_TXT, "v=spf1 a:host.example/24//64 -all" },
	{ "host.example", T_A, "192.0.2.1" },
	{ "host.example", T_AAAA, "2001:db8::1" },
	{ "atemp.example", T_TXT, "v=spf1 a:timeout.example -all" },
	{ "abad.example", T_TXT, "v=spf1 a:mail.example...com ?all" },
	/* exists and macros */
	{ "exists.example", T_TXT, "v=spf1 exists:%{ir}.%{l1r-}.lp._spf."
	    "%{d} -all" },
	{ "3.2.0.192.strong.lp._spf.exists.example", T_A, "127.0.0.2" },
	{ "exists6.example", T_TXT, "v=spf1 exists:mail6.example -all" },
	{ "mail6.example", T_AAAA, "2001:db8::6" },
	{ "existsa.example", T_TXT, "v=spf1 exists:h.example -all" },
	{ "upper.example", T_TXT, "v=spf1 exists:%{L}.u.example -all" },
	{ "a%2Bb.u.example", T_A, "127.0.0.2" },
	{ "helo.example", T_TXT, "v=spf1 a:%{h} -all" },
	/* ptr */
	{ "ptr.example", T_TXT, "v=spf1 ptr -all" },
	{ "5.2.0.192.in-addr.arpa", T_PTR, "other.example" },
	{ "5.2.0.192.in-addr.arpa", T_PTR, "mail.ptr.example" },
	{ "mail.ptr.example", T_A, "192.0.2.5" },
	{ "6.2.0.192.in-addr.arpa", T_PTR, "liar.ptr.example" },
	{ "liar.ptr.example", T_A, "192.0.2.99" },
	{ "7.2.0.192.in-addr.arpa", T_TIMEOUT, NULL },
	{ "ptr6.example", T_TXT, "v=spf1 ptr:ptr.example -all" },
	{ "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
	    "ip6.arpa", T_PTR, "v6.ptr.example" },
	{ "v6.ptr.example", T_AAAA, "2001:db8::1" },
	/* the top record */
	{ "temp.example", T_TIMEOUT, NULL },
	{ "none.example", T_A, "192.0.2.1" },
	{ "multi.example", T_TXT, "v=spf1 -all" },
	{ "multi.example", T_TXT, "V=SPF1 +all" },
	{ "syntax.example", T_TXT, "v=spf1 ip4:1.2.3 -all" },
	{ "empty.example", T_TXT, "v=spf1" },
	{ "afterall.example", T_TXT, "v=spf1 -all include:nx.example" },
	{ "split.example", T_TXT, "v=spf1 ip4:192.0.2.1\" \" -all" },
	/* walk-only cases */
	{ "good.example", T_TXT, "v=spf1 ip4:198.51.100.0/24 "
	    "include:ip.example include:soft.example -all" },
	{ "plusall.example", T_TXT, "v=spf1 ip4:192.0.2.1 +all" },
	{ "qall.example", T_TXT, "v=spf1 ?all" },
	{ "noall.example", T_TXT, "v=spf1 ip4:192.0.2.1" },
	{ "redirsoft.example", T_TXT, "v=spf1 redirect=soft.example" },
	{ "redirnoall.example", T_TXT, "v=spf1 redirect=noall.example" },
	{ "chain.example", T_TXT, "v=spf1 include:c1.example "
	    "include:c2.example include:c3.example -all" },
	{ "c1.example", T_TXT, "v=spf1 include:c4.example include:c5.example "
	    "a mx ?all" },
	{ "c1.example", T_A, "192.0.2.1" },
	{ "c1.example", T_MX, "mx.h.example" },
	{ "c2.example", T_TXT, "v=spf1 include:c4.example a:h.example "
	    "ptr ~all" },
	{ "c3.example", T_TXT, "v=spf1 exists:%{i}.c3.example "
	    "include:c4.example ~all" },
	{ "c4.example", T_TXT, "v=spf1 ip4:203.0.113.0/24 ~all" },
	{ "c5.example", T_TXT, "v=spf1 ip6:2001:db8::/48 ~all" },
	{ "wide.example", T_TXT, "v=spf1 include:w1.example "
	    "include:w2.example include:w3.example include:w4.example "
	    "include:w5.example include:w6.example include:w7.example "
	    "include:w8.example include:w9.example include:w10.example "
	    "-all" },
	{ "w1.example", T_TXT, "v=spf1 ip4:10.0.1.0/24 -all" },
	{ "w2.example", T_TXT, "v=spf1 ip4:10.0.2.0/24 -all" },
	{ "w3.example", T_TXT, "v=spf1 ip4:10.0.3.0/24 -all" },
	{ "w4.example", T_TXT, "v=spf1 ip4:10.0.4.0/24 -all" },
	{ "w5.example", T_TXT, "v=spf1 ip4:10.0.5.0/24 -all" },
	{ "w6.example", T_TXT, "v=spf1 ip4:10.0.6.0/24 -all" },
	{ "w7.example", T_TXT, "v=spf1 ip4:10.0.7.0/24 -all" },
	{ "w8.example", T_TXT, "v=spf1 ip4:10.0.8.0/24 -all" },
	{ "w9.example", T_TXT, "v=spf1 ip4:10.0.9.0/24 -all" },
	{ "w10.example", T_TXT, "v=spf1 ip4:10.0.10.0/24 -all" },
	{ "twoerr.example", T_TXT, "v=spf1 include:late.example "
	    "include:nospf.example -all" },
	{ "late.example", T_TXT, "v=spf1 include:bad.example -all" },
	{ "ptrall.example", T_TXT, "v=spf1 ptr:example.org -all" },
	{ "many.example", T_TXT, "v=spf1 include:w1.example include:w2.example "
	    "include:w3.example include:w4.example include:w5.example "
	    "include:w6.example include:w7.example include:w8.example "
	    "include:w9.example include:w10.example include:w1.example "
	    "include:w2.example include:w3.example include:w4.example "
	    "include:w5.example include:w6.example include:w7.example "
	    "include:w8.example include:w9.example include:w10.example "
	    "include:w1.example include:w2.example include:w3.example "
	    "include:w4.example include:w5.example include:w6.example "
	    "include:w7.example include:w8.example include:w9.example "
	    "include:w10.example include:w1.example include:w2.example "
	    "include:w3.example include:w4.example include:w5.example "
	    "-all" },
	{ "badmx.example", T_TXT, "v=spf1 mx -all" },
	{ "badmx.example", T_MX, "bad\\.\\" },
	{ "badmx.example", T_MX, "sp ace.example" },
	{ "badmx.example", T_MX, "a..b.example" },
	{ "badmx.example", T_MX, "h.example" },
	{ "macroinc.example", T_TXT, "v=spf1 include:%{ir}.%{v}.x.example "
	    "-all" },
};

/* The zone's answer to (name, type): rrs and an outcome. */
struct answer {
	enum spf_dns	 outcome;
	unsigned	 n;
	const struct zrr *rr[16];
};

static void
lookup(const char *name, uint16_t type, struct answer *a)
{
	size_t	 i;
	int	 exists = 0;

	memset(a, 0, sizeof *a);
	for (i = 0; i < NELEM(zone); i++) {
		if (strcasecmp(zone[i].name, name) != 0)
			continue;
		if (zone[i].type == T_TIMEOUT) {
			a->outcome = SPF_DNS_ERROR;
			a->n = 0;
			return;
		}
		exists = 1;
		if (zone[i].type == type && a->n < NELEM(a->rr))
			a->rr[a->n++] = &zone[i];
	}
	/* a name with records below it exists (empty non-terminal) */
	for (i = 0; !exists && i < NELEM(zone); i++) {
		size_t zn = strlen(zone[i].name), nn = strlen(name);

		if (zn > nn && zone[i].name[zn - nn - 1] == '.' &&
		    strcasecmp(zone[i].name + zn - nn, name) == 0)
			exists = 1;
	}
	a->outcome = a->n ? SPF_DNS_OK : exists ? SPF_DNS_NODATA :
	    SPF_DNS_NXDOMAIN;
}

/* Record data as the machines take it. */
static void
rr_data(const struct zrr *z, unsigned char *buf, size_t *len)
{
	int fam;

	switch (z->type) {
	case T_A:
		inet_pton(AF_INET, z->data, buf);
		*len = 4;
		break;
	case T_AAAA:
		inet_pton(AF_INET6, z->data, buf);
		(void)fam;
		*len = 16;
		break;
	default:
		*len = strlen(z->data);
		memcpy(buf, z->data, *len);
		break;
	}
}

/* ---- check_host() ----------------------------------------------------- */

struct ev_case {
	const char	*domain;
	const char	*ip;
	enum spf_result	 want;
	enum spf_err	 err;	/* with permerror/temperror */
	const char	*sender;	/* NULL: postmaster@domain */
};

static unsigned	 ev_queries;

/* Runs check_host against the zone; returns 0, or -1 if it got stuck. */
static int
run_eval(struct spf_eval *e, const char *ip, const char *domain,
    const char *sender)
{
	struct spf_query	 q, q2;
	struct answer		 a;
	unsigned char		 addr[16], buf[MX_TXT_MAX];
	size_t			 len;
	unsigned		 i;
	int			 fam;

	/* the raw form: spf_eval_start takes IPv4-mapped as IPv4 itself */
	fam = strchr(ip, ':') ? AF_INET6 : AF_INET;
	inet_pton(fam, ip, addr);
	spf_eval_start(e, fam, addr, domain, sender, "helo.example");
	ev_queries = 0;
	while (!e->done) {
		if (!spf_eval_next(e, &q))
			return -1;
		if (spf_eval_next(e, &q2))	/* one at a time */
			return -1;
		if (++ev_queries > 60)
			return -1;
		lookup(q.name, q.type, &a);
		for (i = 0; i < a.n; i++) {
			rr_data(a.rr[i], buf, &len);
			spf_eval_rr(e, q.tag, a.rr[i]->type, buf, len, 0);
		}
		/* stale answers are ignored */
		spf_eval_rr(e, q.tag + 7, T_TXT, "v=spf1 +all", 11, 0);
		spf_eval_end(e, q.tag + 7, SPF_DNS_OK);
		spf_eval_end(e, q.tag, a.outcome);
	}
	return 0;
}

static void
test_eval_table(void)
{
	static const struct ev_case v[] = {
		{ "ip.example", "192.0.2.77", SPF_PASS, 0, NULL },
		{ "ip.example", "198.51.100.1", SPF_FAIL, 0, NULL },
		{ "ip.example", "2001:db8:ffff::1", SPF_PASS, 0, NULL },
		{ "ip.example", "2001:db9::1", SPF_FAIL, 0, NULL },
		{ "ip.example", "::ffff:192.0.2.5", SPF_PASS, 0, NULL },
		{ "inc.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "inc.example", "203.0.113.1", SPF_SOFTFAIL, 0, NULL },
		{ "incnone.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_NO_RECORD, NULL },
		{ "incnx.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_NO_RECORD, NULL },
		{ "incperm.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_SYNTAX, NULL },
		{ "inctemp.example", "192.0.2.1", SPF_TEMPERROR, SPF_E_DNS,
		    NULL },
		{ "incneutral.example", "192.0.2.1", SPF_FAIL, 0, NULL },
		{ "incpassall.example", "203.0.113.200", SPF_PASS, 0, NULL },
		{ "incsoft.example", "192.0.2.7", SPF_FAIL, 0, NULL },
		{ "incsoft.example", "192.0.2.8", SPF_NEUTRAL, 0, NULL },
		{ "redir.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "redir.example", "203.0.113.1", SPF_FAIL, 0, NULL },
		{ "redirnone.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_NO_RECORD, NULL },
		{ "redirall.example", "192.0.2.1", SPF_SOFTFAIL, 0, NULL },
		{ "redirfirst.example", "203.0.113.9", SPF_PASS, 0, NULL },
		{ "redirfirst.example", "203.0.113.8", SPF_FAIL, 0, NULL },
		{ "redirloop.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_LOOKUPS, NULL },
		{ "redirmacro.example", "198.51.100.3", SPF_PASS, 0, NULL },
		{ "void2.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "void3.example", "192.0.2.1", SPF_PERMERROR, SPF_E_VOID,
		    NULL },
		{ "voidnodata.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "limit10.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "limit11.example", "192.0.2.1", SPF_PERMERROR,
		    SPF_E_LOOKUPS, NULL },
		{ "limitlate.example", "192.0.2.1", SPF_PASS, 0, NULL },
		{ "limit10.example", "10.0.0.1", SPF_PASS, 0, NULL },
		{ "loop.example", "192.0.2.1", SPF_PERMERROR, SPF_E_LOOKUPS,
		    NULL },
		{ "mx.example", "203.0.113.99", SPF_PASS, 0, NULL },
		{ "mx.example", "192.0.2.200", SPF_PASS, 0, NULL },
		{ "mx.example", "198.51.100.1", SPF_FAIL, 0, NULL },
		{ "mx.example", "2001:db8:5::10", SPF_PASS, 0, NULL },
		{ "mx.example", "2001:db8:5::11", SPF_FAIL, 0, NULL },
		{ "mx6.example", "2001:db8:5:1::1", SPF_PASS, 0, NULL },
		{ "mxnull.example", "192.0.2.1", SPF_FAIL, 0, NULL },
		{ "mxlimit.example", "192.0.2.11", SPF_PERMERROR,
		    SPF_E_MX_NAMES, NULL },
		{ "mxtemp.example", "192.0.2.1", SPF_TEMPERROR, SPF_E_DNS,
		    NULL },
		{ "mxnone.example", "192.0.2.1", SPF_NEUTRAL, 0, NULL },
		{ "a.example", "192.0.2.6", SPF_PASS, 0, NULL },
		{ "a.example", "192.0.2.7", SPF_FAIL, 0, NULL },
		{ "a.example", "2001:db8::5", SPF_FAIL, 0, NULL },
		{ "dual.example", "192.0.2.200", SPF_PASS, 0, NULL },
		{ "dual.example", "192.0.3.1", SPF_FAIL, 0, NULL },
		{ "dual.example", "2001:db8::ffff:1", SPF_PASS, 0, NULL },
		{ "dual.example", "2001:db8:0:1::1", SPF_FAIL, 0, NULL },
		{ "atemp.example", "192.0.2.1", SPF_TEMPERROR, SPF_E_DNS,
		    NULL },
		{ "abad.example", "192.0.2.1", SPF_NEUTRAL, 0, NULL },
		{ "exists.example", "192.0.2.3", SPF_PASS, 0,
		    "strong-bad@exists.example" },
		{ "exists.example", "192.0.2.4", SPF_FAIL, 0,
		    "strong-bad@exists.example" },
		{ "exists6.example", "2001:db8::6", SPF_FAIL, 0, NULL },
		{ "existsa.example", "2001:db8::77", SPF_PASS, 0, NULL },
		{ "upper.example", "192.0.2.1", SPF_PASS, 0,
		    "a+b@upper.example" },
		{ "helo.example", "192.0.2.1", SPF_FAIL, 0, NULL },
		{ "ptr.example", "192.0.2.5", SPF_PASS, 0, NULL },
		{ "ptr.example", "192.0.2.6", SPF_FAIL, 0, NULL },
		{ "ptr.example", "192.0.2.7", SPF_FAIL, 0, NULL },
		{ "ptr6.example", "2001:db8::1", SPF_PASS, 0, NULL },
		{ "temp.example", "192.0.2.1", SPF_TEMPERROR, SPF_E_DNS,
		    NULL },
		{ "none.example", "192.0.2.1", SPF_NONE, 0, NULL },
		{ "nx.example", "192.0.2.1", SPF_NONE, 0, NULL },
		{ "multi.example", "192.0.2.1", SPF_PERMERROR, SPF_E_SEVERAL,
		    NULL },
		{ "syntax.example", "192.0.2.1", SPF_PERMERROR, SPF_E_SYNTAX,
		    NULL },
		{ "empty.example", "192.0.2.1", SPF_NEUTRAL, 0, NULL },
		{ "afterall.example", "192.0.2.1", SPF_FAIL, 0, NULL },
		{ "split.example", "192.0.2.1", SPF_PERMERROR, SPF_E_SYNTAX,
		    NULL },
		/* 4.3: a malformed <domain> is none, without a query */
		{ "single", "192.0.2.1", SPF_NONE, 0, NULL },
		{ "a..example", "192.0.2.1", SPF_NONE, 0, NULL },
		{ "a1234567890123456789012345678901234567890123456789012345"
		    "678901234.example", "192.0.2.1", SPF_NONE, 0, NULL },
	};
	struct spf_eval	 e;
	char		 name[200];
	size_t		 i;

	for (i = 0; i < NELEM(v); i++) {
		strcpy(name, v[i].domain);
		strcat(name, " from ");
		strcat(name, v[i].ip);
		if (!T_EQ_INT(run_eval(&e, v[i].ip, v[i].domain,
		    v[i].sender), 0, name))
			continue;
		T_EQ_STR(spf_result_str(e.result), spf_result_str(v[i].want),
		    name);
		if (v[i].want == SPF_PERMERROR || v[i].want == SPF_TEMPERROR)
			T_EQ_STR(spf_err_str(e.prob.code),
			    spf_err_str(v[i].err), name);
	}
}

static void
test_eval_details(void)
{
	struct spf_eval	 e;
	struct spf_query q;

	run_eval(&e, "192.0.2.1", "syntax.example", NULL);
	T_EQ_STR(e.prob.term, "ip4:1.2.3", "syntax: the term is reported");
	T_EQ_STR(e.prob.domain, "syntax.example", "... and its record");
	run_eval(&e, "192.0.2.1", "limit11.example", NULL);
	T_EQ_STR(e.prob.term, "a:h.example", "the 11th lookup is named");
	T_EQ_INT(e.lookups, 11, "... after 11 counted");
	run_eval(&e, "192.0.2.1", "void3.example", NULL);
	T_EQ_INT(e.voids, 3, "three voids counted");
	T_EQ_STR(e.prob.domain, "nx3.example", "... the third named");
	run_eval(&e, "192.0.2.1", "limit10.example", NULL);
	T_EQ_INT(e.lookups, 10, "ten lookups are fine");
	run_eval(&e, "192.0.2.1", "incnone.example", NULL);
	T_EQ_STR(e.prob.domain, "nospf.example", "the include target named");
	run_eval(&e, "192.0.2.1", "none.example", NULL);
	T_EQ_INT(ev_queries, 1, "none: one query");
	run_eval(&e, "10.0.0.1", "badmx.example", NULL);
	T_OK(e.result == SPF_PASS && ev_queries == 3,
	    "MX names that are no names are never asked for");
	run_eval(&e, "192.0.2.1", "single", NULL);
	T_EQ_INT(ev_queries, 0, "a malformed domain: no query");
	run_eval(&e, "192.0.2.3", "exists.example",
	    "strong-bad@exists.example");
	T_EQ_INT(e.lookups, 1, "exists counts one lookup");
	T_EQ_STR(spf_eval_state_str(e.st), "done", "state name");

	/* a TXT too long for us is a limit (temperror), not permerror */
	spf_eval_start(&e, AF_INET, (const unsigned char *)"\xc0\0\2\1",
	    "long.example", NULL, NULL);
	T_EQ_INT(spf_eval_next(&e, &q), 1, "asks TXT");
	spf_eval_rr(&e, q.tag, T_TXT, "v=spf1 -all", 11, 1);
	spf_eval_end(&e, q.tag, SPF_DNS_OK);
	T_OK(e.done && e.result == SPF_TEMPERROR && e.limit &&
	    e.prob.code == SPF_E_TOO_LONG, "truncated TXT: limit");
	/* an answer fed before the query was handed out is ignored */
	spf_eval_start(&e, AF_INET, (const unsigned char *)"\xc0\0\2\1",
	    "x.example", NULL, NULL);
	spf_eval_end(&e, 1, SPF_DNS_ERROR);
	T_OK(!e.done && spf_eval_next(&e, &q) == 1 && q.type == T_TXT,
	    "answer before the question ignored");
	T_EQ_STR(q.name, "x.example", "the question");
	spf_eval_end(&e, q.tag, SPF_DNS_NXDOMAIN);
	T_OK(e.done && e.result == SPF_NONE, "NXDOMAIN: none");
	T_EQ_INT(spf_eval_next(&e, &q), 0, "done: nothing more");
	/* the sender: no local part, no sender */
	spf_eval_start(&e, AF_INET, (const unsigned char *)"\xc0\0\2\1",
	    "x.example", "@y.example", NULL);
	T_EQ_STR(e.sender, "postmaster@y.example", "postmaster@ (4.3)");
	spf_eval_start(&e, AF_INET, (const unsigned char *)"\xc0\0\2\1",
	    "x.example", NULL, NULL);
	T_EQ_STR(e.sender, "postmaster@x.example", "no sender");
	T_EQ_STR(e.helo, "x.example", "no helo: the domain");
}

/* ---- the walk --------------------------------------------------------- */

static unsigned	 walk_max_inflight, walk_queries;

/*
 * Walks domain against the zone, answering the lookups out at once in
 * order (lifo: newest first); returns 0, or -1 if it got stuck.
 */
static int
run_walk(struct spf_walk *w, const char *domain, int lifo)
{
	struct spf_query	 q[MX_SPF_WALK_INFLIGHT + 1];
	struct answer		 a;
	unsigned char		 buf[MX_TXT_MAX];
	size_t			 len;
	unsigned		 n, i, j, k;

	spf_walk_start(w, domain);
	walk_max_inflight = 0;
	walk_queries = 0;
	while (!w->done) {
		for (n = 0; n <= MX_SPF_WALK_INFLIGHT &&
		    spf_walk_next(w, &q[n]); n++)
			;
		if (n == 0 || n > MX_SPF_WALK_INFLIGHT)
			return -1;
		if (n > walk_max_inflight)
			walk_max_inflight = n;
		walk_queries += n;
		if (walk_queries > 200)
			return -1;
		for (k = 0; k < n; k++) {
			i = lifo ? n - 1 - k : k;
			lookup(q[i].name, q[i].type, &a);
			for (j = 0; j < a.n; j++) {
				rr_data(a.rr[j], buf, &len);
				spf_walk_rr(w, q[i].tag, a.rr[j]->type, buf,
				    len, 0);
			}
			spf_walk_end(w, q[i].tag, a.outcome);
			spf_walk_end(w, q[i].tag, a.outcome);	/* twice */
		}
	}
	return 0;
}

static void
test_walk_table(void)
{
	static const struct {
		const char	*domain;
		enum spf_status	 st;
		unsigned	 lookups, voids;
		char		 all;
		enum spf_err	 err;
		const char	*err_domain;
		enum spf_weak	 weak;
	} v[] = {
		{ "good.example", SPF_ST_OK, 2, 0, '-', 0, "", 0 },
		{ "ip.example", SPF_ST_OK, 0, 0, '-', 0, "", 0 },
		{ "inc.example", SPF_ST_OK, 1, 0, '~', 0, "", 0 },
		{ "plusall.example", SPF_ST_WEAK, 0, 0, '+', 0, "",
		    SPF_W_PASS_ALL },
		{ "qall.example", SPF_ST_WEAK, 0, 0, '?', 0, "",
		    SPF_W_NEUTRAL_ALL },
		{ "noall.example", SPF_ST_WEAK, 0, 0, 0, 0, "", SPF_W_NO_ALL },
		{ "empty.example", SPF_ST_WEAK, 0, 0, 0, 0, "", SPF_W_NO_ALL },
		{ "redirsoft.example", SPF_ST_OK, 1, 0, '~', 0, "", 0 },
		{ "redirnoall.example", SPF_ST_WEAK, 1, 0, 0, 0, "",
		    SPF_W_NO_ALL },
		{ "redirall.example", SPF_ST_OK, 0, 0, '~', 0, "", 0 },
		{ "incpassall.example", SPF_ST_WEAK, 1, 0, '-', 0, "",
		    SPF_W_INCLUDE_PASS_ALL },
		{ "none.example", SPF_ST_ABSENT, 0, 0, 0, 0, "", 0 },
		{ "nx.example", SPF_ST_ABSENT, 0, 0, 0, 0, "", 0 },
		{ "temp.example", SPF_ST_TEMPERROR, 0, 0, 0, SPF_E_DNS,
		    "temp.example", 0 },
		{ "inctemp.example", SPF_ST_TEMPERROR, 1, 0, '-', SPF_E_DNS,
		    "timeout.example", 0 },
		{ "multi.example", SPF_ST_INVALID, 0, 0, 0, SPF_E_SEVERAL,
		    "multi.example", 0 },
		{ "syntax.example", SPF_ST_INVALID, 0, 0, 0, SPF_E_SYNTAX,
		    "syntax.example", 0 },
		{ "incperm.example", SPF_ST_INVALID, 1, 0, '-', SPF_E_SYNTAX,
		    "bad.example", 0 },
		{ "incnone.example", SPF_ST_INVALID, 1, 0, '-',
		    SPF_E_NO_RECORD, "nospf.example", 0 },
		{ "incnx.example", SPF_ST_INVALID, 1, 1, '-', SPF_E_NO_RECORD,
		    "nx.example", 0 },
		{ "redirnone.example", SPF_ST_INVALID, 1, 0, 0,
		    SPF_E_NO_RECORD, "nospf.example", 0 },
		{ "loop.example", SPF_ST_INVALID, 1, 0, '-', SPF_E_LOOP,
		    "loop.example", 0 },
		{ "redirloop.example", SPF_ST_INVALID, 1, 0, 0, SPF_E_LOOP,
		    "redirloop.example", 0 },
		{ "limit10.example", SPF_ST_OK, 10, 0, '-', 0, "", 0 },
		{ "limit11.example", SPF_ST_INVALID, 11, 0, '-',
		    SPF_E_LOOKUPS, "limit11.example", 0 },
		{ "void2.example", SPF_ST_WEAK, 2, 2, '?', 0, "",
		    SPF_W_NEUTRAL_ALL },
		{ "void3.example", SPF_ST_INVALID, 3, 3, '?', SPF_E_VOID,
		    "nx1.example", 0 },
		{ "voidnodata.example", SPF_ST_OK, 3, 2, '-', 0, "", 0 },
		{ "mxlimit.example", SPF_ST_INVALID, 1, 0, '-',
		    SPF_E_MX_NAMES, "mxlimit.example", 0 },
		{ "chain.example", SPF_ST_INVALID, 12, 0, '-', SPF_E_LOOKUPS,
		    "chain.example", 0 },
		{ "wide.example", SPF_ST_OK, 10, 0, '-', 0, "", 0 },
		{ "twoerr.example", SPF_ST_INVALID, 3, 0, '-', SPF_E_SYNTAX,
		    "bad.example", 0 },
		{ "afterall.example", SPF_ST_OK, 0, 0, '-', 0, "", 0 },
		{ "mxtemp.example", SPF_ST_OK, 1, 0, '-', 0, "", 0 },
		{ "atemp.example", SPF_ST_TEMPERROR, 1, 0, '-', SPF_E_DNS,
		    "timeout.example", 0 },
		{ "macroinc.example", SPF_ST_OK, 1, 0, '-', 0, "", 0 },
	};
	struct spf_walk	 w;
	size_t		 i;
	int		 lifo;

	for (lifo = 0; lifo < 2; lifo++)
		for (i = 0; i < NELEM(v); i++) {
			if (!T_EQ_INT(run_walk(&w, v[i].domain, lifo), 0,
			    v[i].domain))
				continue;
			T_EQ_STR(spf_status_str(w.status),
			    spf_status_str(v[i].st), v[i].domain);
			T_EQ_INT(w.lookups, v[i].lookups, v[i].domain);
			T_EQ_INT(w.voids, v[i].voids, v[i].domain);
			T_EQ_INT(w.all, v[i].all, v[i].domain);
			T_EQ_STR(spf_err_str(w.prob.code),
			    spf_err_str(v[i].err), v[i].domain);
			T_EQ_STR(w.prob.domain, v[i].err_domain,
			    v[i].domain);
			T_EQ_STR(spf_weak_str(w.weak),
			    spf_weak_str(v[i].weak), v[i].domain);
		}
}

static void
test_walk_details(void)
{
	struct spf_walk	 w;
	struct spf_query q;

	run_walk(&w, "wide.example", 0);
	T_EQ_INT(walk_max_inflight, MX_SPF_WALK_INFLIGHT,
	    "ten includes: MX_SPF_WALK_INFLIGHT out at once");
	T_EQ_INT(w.nnodes, 11, "top and ten includes");
	T_EQ_INT(walk_queries, 11, "one query each");
	run_walk(&w, "good.example", 0);
	T_EQ_INT(walk_max_inflight, 2, "siblings fetched together");
	T_OK(w.record_len > 0 && strncmp(w.record, "v=spf1 ip4:198.51.100.0/24"
	    , 26) == 0, "the top record is kept");
	run_walk(&w, "chain.example", 0);
	T_EQ_INT(w.ptr, 1, "ptr in an include is seen");
	T_EQ_INT(w.truncated, 0, "12 lookups: nothing left out");
	run_walk(&w, "syntax.example", 0);
	T_EQ_STR(w.prob.term, "ip4:1.2.3", "the bad term");
	run_walk(&w, "loop.example", 0);
	T_EQ_STR(w.prob.term, "include:loop.example", "the looping term");
	run_walk(&w, "void2.example", 0);
	T_EQ_INT(walk_queries, 4, "a: A and AAAA; mx: MX");
	run_walk(&w, "ptrall.example", 0);
	T_OK(w.ptr && w.lookups == 1 && w.status == SPF_ST_OK,
	    "ptr counted, not looked up");
	T_EQ_INT(walk_queries, 1, "... no query for it");
	run_walk(&w, "macroinc.example", 0);
	T_EQ_INT(walk_queries, 1, "an include that needs the address is "
	    "counted, not followed");
	run_walk(&w, "many.example", 0);
	T_OK(w.truncated && w.nnodes == MX_SPF_WALK_NODES,
	    "35 includes: the walk keeps MX_SPF_WALK_NODES nodes");
	T_OK(w.status == SPF_ST_INVALID && w.lookups == 35 &&
	    w.prob.code == SPF_E_LOOKUPS, "... and counts every term");
	T_EQ_INT(walk_queries, MX_SPF_WALK_NODES, "... one query each");
	/* stale and foreign tags change nothing */
	spf_walk_start(&w, "good.example");
	spf_walk_end(&w, 5, SPF_DNS_OK);
	spf_walk_end(&w, 999, SPF_DNS_OK);
	T_OK(!w.done && spf_walk_next(&w, &q) == 1 && q.tag == 0 &&
	    q.type == T_TXT, "the first query is the top TXT");
	T_EQ_INT(spf_walk_next(&w, &q), 0, "nothing else before it answers");
	spf_walk_rr(&w, 0, T_TXT, "v=spf1 -all", 11, 1);
	spf_walk_end(&w, 0, SPF_DNS_OK);
	T_OK(w.done && w.status == SPF_ST_LIMIT &&
	    w.prob.code == SPF_E_TOO_LONG, "a truncated record: limit");
	T_EQ_STR(spf_status_str(SPF_ST_ABSENT), "absent", "status names");
}

int
main(void)
{
	test_is_record();
	test_parse_table();
	test_terms();
	test_parse_summary();
	test_ip_parse();
	test_macro_table();
	test_macro_special();
	test_eval_table();
	test_eval_details();
	test_walk_table();
	test_walk_details();
	return T_DONE();
}
