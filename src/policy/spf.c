/*
 * spf.c -- SPF (RFC 7208): record syntax, macros, check_host() and the
 * audit's policy walk, without I/O.
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
 *
 * Macros (7).  One scanner (expand) serves the syntax check (ctx NULL:
 * nothing written) and the expansion, so the grammar exists once.  A
 * value is split on the delimiters, reversed, cut to its right-hand
 * parts and joined with '.'; upper-case letters are URL-escaped after.
 * An expansion used as a name goes through a sliding window: only the
 * last 2 x 256 bytes are kept, which is all the 7.3 truncation (labels
 * cut from the left until <= 253) needs, so no input can overflow it.
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
 *
 * The walk (the audit: no <ip>).  Every record of the tree is fetched as
 * soon as the record naming it is in, up to MX_SPF_WALK_INFLIGHT at once,
 * so siblings travel together.  Only what a receiver evaluates when no
 * mechanism matches is counted: the terms up to the first all, and
 * redirect when there is no all.  Targets without macros (or with %{d}
 * only) are looked up: include/redirect for their record, a (A and AAAA),
 * mx (MX) and exists (A) to count void lookups and mx's 10-name limit.
 * Targets that depend on the sender or the address cannot be known and
 * are counted, not followed.  The first problem reported is the first a
 * receiver would meet: nodes are compared in evaluation (pre-)order by
 * their path of term positions, whatever order the answers came in.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/spf.h"

/* The window of a name expansion: twice what 7.3 can keep. */
#define WIN_MAX		(2 * (MX_SPF_DOMAIN_MAX + 3))
/* A macro's value before transformation (sender: 64 + 1 + 255). */
#define VAL_MAX		512

_Static_assert(MX_SPF_RECORD_MAX >= 6, "a record holds its version");
_Static_assert(MX_SPF_DEPTH_MAX == MX_SPF_LOOKUPS_MAX + 1,
    "each include is a counted lookup: depth is bounded by the count");
_Static_assert(MX_SPF_PTR_NAMES_MAX <= MX_SPF_MX_NAMES_MAX,
    "PTR candidates share the MX name array");
_Static_assert(MX_SPF_WALK_NODES * 2 < 65536, "tags fit");
_Static_assert(MX_SPF_TERM_SHOW >= 8, "a term shows at least its name");
_Static_assert(SPF_EV_MX + 1 == SPF_EV_MX_ADDR &&
    SPF_EV_PTR + 1 == SPF_EV_PTR_ADDR, "a name lookup follows its list");

/* ---- tables --------------------------------------------------------- */

static const char *const result_str[SPF_R__COUNT] = {
	[SPF_NONE] = "none", [SPF_NEUTRAL] = "neutral", [SPF_PASS] = "pass",
	[SPF_FAIL] = "fail", [SPF_SOFTFAIL] = "softfail",
	[SPF_TEMPERROR] = "temperror", [SPF_PERMERROR] = "permerror",
};
_Static_assert(sizeof(result_str) / sizeof(result_str[0]) == SPF_R__COUNT,
    "one string per result");

static const char *const kind_str[SPF_K__COUNT] = {
	[SPF_K_ALL] = "all", [SPF_K_INCLUDE] = "include", [SPF_K_A] = "a",
	[SPF_K_MX] = "mx", [SPF_K_PTR] = "ptr", [SPF_K_IP4] = "ip4",
	[SPF_K_IP6] = "ip6", [SPF_K_EXISTS] = "exists",
	[SPF_K_REDIRECT] = "redirect", [SPF_K_EXP] = "exp",
	[SPF_K_MODIFIER] = "modifier",
};

static const char *const err_str[SPF_E__COUNT] = {
	[SPF_E_OK] = "ok", [SPF_E_SYNTAX] = "syntax",
	[SPF_E_DUP_MODIFIER] = "duplicate-modifier",
	[SPF_E_SEVERAL] = "several-records",
	[SPF_E_NO_RECORD] = "no-spf-record",
	[SPF_E_LOOKUPS] = "too-many-lookups",
	[SPF_E_VOID] = "too-many-void-lookups",
	[SPF_E_MX_NAMES] = "too-many-mx",
	[SPF_E_LOOP] = "include-loop",
	[SPF_E_TOO_LONG] = "record-too-long",
	[SPF_E_DNS] = "dns-error",
};

static const char *const status_str[SPF_ST__COUNT] = {
	[SPF_ST_ABSENT] = "absent", [SPF_ST_INVALID] = "invalid",
	[SPF_ST_WEAK] = "weak", [SPF_ST_OK] = "ok",
	[SPF_ST_TEMPERROR] = "temperror", [SPF_ST_LIMIT] = "limit",
};

static const char *const weak_str[SPF_W__COUNT] = {
	[SPF_W_NO] = "", [SPF_W_PASS_ALL] = "pass-all",
	[SPF_W_NEUTRAL_ALL] = "neutral-all", [SPF_W_NO_ALL] = "no-all",
	[SPF_W_INCLUDE_PASS_ALL] = "include-pass-all",
};

static const char *const ev_state_str[SPF_EV__COUNT] = {
	[SPF_EV_TXT] = "txt", [SPF_EV_RUN] = "run", [SPF_EV_A] = "a",
	[SPF_EV_MX] = "mx", [SPF_EV_MX_ADDR] = "mx-addr",
	[SPF_EV_PTR] = "ptr", [SPF_EV_PTR_ADDR] = "ptr-addr",
	[SPF_EV_EXISTS] = "exists", [SPF_EV_DONE] = "done",
};
_Static_assert(sizeof(ev_state_str) / sizeof(ev_state_str[0]) ==
    SPF_EV__COUNT, "one name per state");

/* see spf.h */
const char *
spf_result_str(enum spf_result r)
{
	return (unsigned)r < SPF_R__COUNT ? result_str[r] : "?";
}

/* see spf.h */
const char *
spf_kind_str(enum spf_kind k)
{
	return (unsigned)k < SPF_K__COUNT ? kind_str[k] : "?";
}

/* see spf.h */
const char *
spf_err_str(enum spf_err e)
{
	return (unsigned)e < SPF_E__COUNT ? err_str[e] : "?";
}

/* see spf.h */
const char *
spf_status_str(enum spf_status s)
{
	return (unsigned)s < SPF_ST__COUNT ? status_str[s] : "?";
}

/* see spf.h */
const char *
spf_weak_str(enum spf_weak w)
{
	return (unsigned)w < SPF_W__COUNT ? weak_str[w] : "?";
}

/* see spf.h */
const char *
spf_eval_state_str(enum spf_eval_st s)
{
	return (unsigned)s < SPF_EV__COUNT ? ev_state_str[s] : "?";
}

/* ---- characters ----------------------------------------------------- */

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

/* s[0..n) equals the lower-case literal lit, ASCII case-insensitively. */
static int
ci_is(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || lc((unsigned char)s[i]) != lit[i])
			return 0;
	return lit[n] == '\0';
}

/* Copies at most cap - 1 bytes of s[0..n) and a NUL; cut text ends "...". */
static void
copy_cut(char *dst, size_t cap, const char *s, size_t n)
{
	if (n < cap) {
		memcpy(dst, s, n);
		dst[n] = '\0';
		return;
	}
	memcpy(dst, s, cap - 4);
	memcpy(dst + cap - 4, "...", 4);
}

static void
set_prob(struct spf_problem *p, enum spf_err code, const char *domain,
    const char *term, size_t tlen)
{
	if (p->code != SPF_E_OK)
		return;
	p->code = code;
	copy_cut(p->domain, sizeof p->domain, domain ? domain : "",
	    domain ? strlen(domain) : 0);
	copy_cut(p->term, sizeof p->term, term ? term : "", term ? tlen : 0);
}

/* ---- addresses ------------------------------------------------------ */

/*
 * An address, with libc's inet_pton (linked anyway): ip4-network is a
 * dotted quad without leading zeros (RFC 7208 12), ip6-network RFC 4291
 * 2.2 text, and both musl and glibc read exactly those.
 */
static int
addr_parse(int family, const char *s, size_t len, unsigned char *ip)
{
	char t[IPADDR_TEXT_MAX];

	if (len >= sizeof t)
		return -1;
	memcpy(t, s, len);
	t[len] = '\0';
	return inet_pton(family, t, ip) == 1 ? 0 : -1;
}

#define ip4_parse(s, len, ip)	addr_parse(AF_INET, (s), (len), (ip))
#define ip6_parse(s, len, ip)	addr_parse(AF_INET6, (s), (len), (ip))

static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* see spf.h */
int
spf_ip_parse(const char *s, size_t len, int *family, unsigned char ip[16])
{
	memset(ip, 0, 16);
	if (ip4_parse(s, len, ip) == 0) {
		*family = AF_INET;
		return 0;
	}
	if (ip6_parse(s, len, ip) != 0)
		return -1;
	*family = AF_INET6;
	if (memcmp(ip, v4mapped, 12) == 0) {
		memmove(ip, ip + 12, 4);
		memset(ip + 4, 0, 12);
		*family = AF_INET;
	}
	return 0;
}

/* a and b agree on their first bits bits. */
static int
prefix_eq(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned i, mask;

	for (i = 0; bits >= 8; bits -= 8, i++)
		if (a[i] != b[i])
			return 0;
	if (bits == 0)
		return 1;
	mask = (0xffu << (8 - bits)) & 0xffu;
	return (a[i] & mask) == (b[i] & mask);
}

/*
 * A cidr length (after its '/'): "0", or up to maxd digits without a
 * leading zero, at most max.
 */
static int
cidr_val(const char *s, size_t n, unsigned maxd, unsigned max, unsigned *v)
{
	uint64_t x;

	if ((n > 1 && s[0] == '0') || cur_decimal(s, n, maxd, max, &x) < 0)
		return -1;
	*v = (unsigned)x;
	return 0;
}

/* ---- macros --------------------------------------------------------- */

/* Where expanded bytes go: a bounded buffer, or a window (see above). */
struct sink {
	char	*b;
	size_t	 cap, len;
	size_t	 total;		/* bytes put, dropped ones included */
	int	 window;	/* keep the newest bytes instead of failing */
	int	 over;		/* (no window) a byte did not fit */
};

static void
sink_put(struct sink *k, int c)
{
	if (k == NULL)
		return;
	k->total++;
	if (k->len + 1 >= k->cap) {	/* room for the NUL */
		if (!k->window) {
			k->over = 1;
			return;
		}
		memmove(k->b, k->b + k->len - k->cap / 2, k->cap / 2);
		k->len = k->cap / 2;
	}
	k->b[k->len++] = (char)c;
}

/* RFC 3986 2.3 unreserved: kept by the URL escape of upper-case macros. */
static int
unreserved(int c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static void
sink_val(struct sink *k, const char *s, size_t n, int url)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (url && !unreserved(c)) {
			sink_put(k, '%');
			sink_put(k, hex[c >> 4]);
			sink_put(k, hex[c & 15]);
		} else
			sink_put(k, c);
	}
}

static int
is_delim(int c)
{
	return c == '.' || c == '-' || c == '+' || c == ',' || c == '/' ||
	    c == '_' || c == '=';
}

/* Decimal text of v into buf (>= 21 bytes); returns the length. */
static size_t
dec(char *buf, uint64_t v)
{
	char	 t[20];
	size_t	 n = 0, i;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/*
 * The value of macro letter l (lower case) into v[0..VAL_MAX); returns
 * its length, or -1 when ctx lacks it (SPF_MACRO_UNKNOWN).
 */
static long
macro_value(const struct spf_macro_ctx *c, int l, char *v)
{
	const char	*s = NULL, *at;
	size_t		 n, i;

	switch (l) {
	case 's':
	case 'l':
	case 'o':
		if (c->sender == NULL)
			return -1;
		at = strrchr(c->sender, '@');
		if (l == 's')
			s = c->sender;
		else if (l == 'o')
			s = at ? at + 1 : c->domain;
		else {
			if (at == NULL || at == c->sender)
				s = "postmaster";
			else {
				n = (size_t)(at - c->sender);
				if (n >= VAL_MAX)
					return -1;
				memcpy(v, c->sender, n);
				return (long)n;
			}
		}
		break;
	case 'd':
		s = c->domain;
		break;
	case 'h':
		s = c->helo;
		break;
	case 'r':
		s = c->receiver ? c->receiver : "unknown";
		break;
	case 'p':
		if (c->family == 0)
			return -1;
		s = "unknown";
		break;
	case 'v':
		if (c->family == 0)
			return -1;
		s = c->family == AF_INET ? "in-addr" : "ip6";
		break;
	case 't':
		return (long)dec(v, c->now < 0 ? 0 : (uint64_t)c->now);
	case 'c':
		if (c->family == 0)
			return -1;
		return (long)ipaddr_ntop(c->family, c->ip, v, VAL_MAX);
	case 'i':
		if (c->family == AF_INET)
			return (long)ipaddr_ntop(AF_INET, c->ip, v, VAL_MAX);
		if (c->family != AF_INET6)
			return -1;
		/* dot-format (7.3): 32 nibbles, high first */
		for (i = 0, n = 0; i < 16; i++) {
			v[n++] = hex_digits[c->ip[i] >> 4];
			v[n++] = '.';
			v[n++] = hex_digits[c->ip[i] & 15];
			if (i < 15)
				v[n++] = '.';
		}
		return (long)n;
	}
	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n >= VAL_MAX)
		return -1;
	memcpy(v, s, n);
	return (long)n;
}

/*
 * Transforms v[0..n) (7.3): split on each of the nd delimiters,
 * reverse if rev, keep the keep right-hand parts (0: all), join with '.'.
 */
static void
transform(struct sink *k, const char *v, size_t n, const char *delims,
    size_t nd, unsigned keep, int rev, int url)
{
	uint16_t	 st[VAL_MAX / 2 + 2], en[VAL_MAX / 2 + 2];
	size_t		 np = 0, i, j, first;
	int		 d;

	st[0] = 0;
	for (i = 0; i <= n; i++) {
		d = 0;
		if (i < n)
			for (j = 0; j < nd; j++)
				if (v[i] == delims[j])
					d = 1;
		if (i == n || d) {
			en[np++] = (uint16_t)i;
			st[np] = (uint16_t)(i + 1);
		}
	}
	first = keep == 0 || keep >= np ? 0 : np - keep;
	for (i = first; i < np; i++) {
		/* reversed: the right-hand parts of the reversed list */
		j = rev ? np - 1 - i : i;
		if (i > first)
			sink_put(k, '.');
		sink_val(k, v + st[j], en[j] - st[j], url);
	}
}

struct scan {
	int	 macro;		/* a %{...} was seen */
	size_t	 tail;		/* start of the literal text after the last
				 * macro-expand (len: it ends with one) */
};

/*
 * The one macro-string scanner (7.1): checks s[0..len) and, with c set,
 * writes its expansion to k.  Returns SPF_MACRO_OK, _SYNTAX or _UNKNOWN.
 */
static int
expand(const struct spf_macro_ctx *c, const char *s, size_t len,
    unsigned flags, struct sink *k, struct scan *sc)
{
	char		 v[VAL_MAX];
	size_t		 i, nd;
	unsigned	 keep;
	long		 n;
	int		 ch, l, rev, url, digits;
	const char	*dl;

	if (sc) {
		sc->macro = 0;
		sc->tail = 0;
	}
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		/* explain-string (6.2): macro-strings and spaces */
		if ((ch < 0x21 || ch > 0x7e) && (ch != ' ' ||
		    !(flags & SPF_MACRO_EXP)))
			return SPF_MACRO_SYNTAX;
		if (ch != '%') {
			sink_put(c ? k : NULL, ch);
			continue;
		}
		if (++i == len)
			return SPF_MACRO_SYNTAX;
		switch (s[i]) {
		case '%':
			sink_put(c ? k : NULL, '%');
			break;
		case '_':
			sink_put(c ? k : NULL, ' ');
			break;
		case '-':
			sink_val(c ? k : NULL, "%20", 3, 0);
			break;
		case '{':
			if (++i == len)
				return SPF_MACRO_SYNTAX;
			ch = (unsigned char)s[i];
			l = lc(ch);
			url = l != ch;
			if (l == '\0' || (strchr("slodipvh", l) == NULL &&
			    (!(flags & SPF_MACRO_EXP) ||
			    strchr("crt", l) == NULL)))
				return SPF_MACRO_SYNTAX;
			keep = 0;
			digits = 0;
			for (i++; i < len && is_digit((unsigned char)s[i]);
			    i++) {
				digits = 1;
				/* 7.3: >= 128 parts is "all" */
				if (keep < 1000)
					keep = keep * 10 +
					    (unsigned)(s[i] - '0');
			}
			if (digits && keep == 0)	/* 7.3: at least one */
				return SPF_MACRO_SYNTAX;
			rev = i < len && lc((unsigned char)s[i]) == 'r';
			if (rev)
				i++;
			dl = s + i;
			for (nd = 0; i < len && is_delim((unsigned char)s[i]);
			    i++)
				nd++;
			if (i == len || s[i] != '}')
				return SPF_MACRO_SYNTAX;
			if (sc)
				sc->macro = 1;
			if (c == NULL)
				break;
			if ((n = macro_value(c, l, v)) < 0)
				return SPF_MACRO_UNKNOWN;
			if (!digits && !rev && nd == 0)
				sink_val(k, v, (size_t)n, url);
			else
				transform(k, v, (size_t)n, nd ? dl : ".",
				    nd ? nd : 1, keep, rev, url);
			break;
		default:
			return SPF_MACRO_SYNTAX;
		}
		if (sc)
			sc->tail = i + 1;
	}
	return SPF_MACRO_OK;
}

/* toplabel (7.1): alphanumerics and '-', not at either end, not all digits. */
static int
toplabel_ok(const char *s, size_t n)
{
	size_t	 i;
	int	 alpha = 0, dash = 0;

	if (n == 0 || !is_alnum((unsigned char)s[0]) ||
	    !is_alnum((unsigned char)s[n - 1]))
		return 0;
	for (i = 0; i < n; i++) {
		if (is_alpha((unsigned char)s[i]))
			alpha = 1;
		else if (s[i] == '-')
			dash = 1;
		else if (!is_digit((unsigned char)s[i]))
			return 0;
	}
	return alpha || dash;
}

/*
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel
 * [ "." ] ) / macro-expand.  Empty is no domain-spec.  *macro: it has
 * a %{...}.
 */
static int
domain_spec_ok(const char *s, size_t n, unsigned flags, int *macro)
{
	struct scan	 sc;
	size_t		 e, p;

	if (n == 0 || expand(NULL, s, n, flags, NULL, &sc) != SPF_MACRO_OK)
		return 0;
	if (macro)
		*macro = sc.macro;
	if (sc.tail == n)
		return 1;
	e = n;
	if (s[e - 1] == '.')
		e--;
	for (p = e; p > sc.tail && s[p - 1] != '.'; p--)
		;
	if (p == sc.tail)	/* no '.' in the literal tail */
		return 0;
	return toplabel_ok(s + p, e - p);
}

/* see spf.h */
int
spf_macro_expand(const struct spf_macro_ctx *c, const char *s, size_t len,
    unsigned flags, char *out, size_t cap, size_t *olen)
{
	struct sink	 k;
	int		 rc;

	if (cap == 0)
		return SPF_MACRO_LONG;
	memset(&k, 0, sizeof k);
	k.b = out;
	k.cap = cap;
	rc = expand(c, s, len, flags, &k, NULL);
	if (rc == SPF_MACRO_OK && k.over)
		rc = SPF_MACRO_LONG;
	if (rc != SPF_MACRO_OK)
		k.len = 0;
	out[k.len] = '\0';
	if (olen)
		*olen = k.len;
	return rc;
}

/*
 * Raw name s[0..n) to dnsmsg text form; labels 1..63 octets.  Returns 0,
 * or -1 (no name, or the text would not fit).
 */
static int
name_text(const char *s, size_t n, char out[MX_NAME_MAX + 1])
{
	size_t		 i, o = 0, lab = 0;
	unsigned char	 c;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '.') {
			if (lab == 0)
				return -1;
			lab = 0;
			if (o == MX_NAME_MAX)
				return -1;
			out[o++] = '.';
			continue;
		}
		if (++lab > 63)
			return -1;
		if (c == '\\' || c < 0x21 || c > 0x7e) {
			if (MX_NAME_MAX - o < 4)
				return -1;
			out[o++] = '\\';
			out[o++] = (char)('0' + c / 100);
			out[o++] = (char)('0' + c / 10 % 10);
			out[o++] = (char)('0' + c % 10);
		} else {
			if (o == MX_NAME_MAX)
				return -1;
			out[o++] = (char)c;
		}
	}
	if (lab == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

/* see spf.h */
int
spf_macro_target(const struct spf_macro_ctx *c, const char *spec,
    size_t len, char name[MX_NAME_MAX + 1])
{
	char		 w[WIN_MAX];
	struct sink	 k;
	size_t		 start, p;
	int		 rc;

	name[0] = '\0';
	memset(&k, 0, sizeof k);
	k.b = w;
	k.cap = sizeof w;
	k.window = 1;
	if ((rc = expand(c, spec, len, 0, &k, NULL)) != SPF_MACRO_OK)
		return rc;
	if (k.len > 0 && w[k.len - 1] == '.') {	/* trailing dot ignored */
		k.len--;
		k.total--;
	}
	start = 0;
	if (k.total > MX_SPF_DOMAIN_MAX) {
		/* 7.3: drop labels from the left until <= 253 remain */
		for (p = k.len - MX_SPF_DOMAIN_MAX - 1; p < k.len &&
		    w[p] != '.'; p++)
			;
		if (p == k.len)
			return SPF_MACRO_BADNAME;
		start = p + 1;
	}
	if (name_text(w + start, k.len - start, name) != 0) {
		name[0] = '\0';
		return SPF_MACRO_BADNAME;
	}
	return SPF_MACRO_OK;
}

/* ---- terms ---------------------------------------------------------- */

/* see spf.h */
int
spf_is_record(const void *txt, size_t len)
{
	const char *p = txt;

	return len >= 6 && ci_is(p, 6, "v=spf1") && (len == 6 || p[6] == ' ');
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
	return is_alnum(c) || c == '-' || c == '_' || c == '.';
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
			return cidr_val(s + 2, n - 2, 3, 128, &t->cidr6);
		for (k = 1; k < n && s[k] != '/'; k++)
			;
		if (cidr_val(s + 1, k - 1, 2, 32, &t->cidr4))
			return -1;
		if (k == n)
			return 0;
		if (n - k < 2 || s[k + 1] != '/')
			return -1;
		return cidr_val(s + k + 2, n - k - 2, 3, 128, &t->cidr6);
	}
	if (s[0] != ':')
		return -1;
	s++;
	n--;
	/* the cidr suffix, from the end: "//" DIGITS, then "/" DIGITS */
	e = n;
	for (k = e; k > 0 && is_digit((unsigned char)s[k - 1]); k--)
		;
	if (k < e && k >= 2 && s[k - 1] == '/' && s[k - 2] == '/') {
		if (cidr_val(s + k, e - k, 3, 128, &t->cidr6))
			return -1;
		e = k - 2;
		for (k = e; k > 0 && is_digit((unsigned char)s[k - 1]); k--)
			;
	}
	if (k < e && k >= 1 && s[k - 1] == '/') {
		if (cidr_val(s + k, e - k, 2, 32, &t->cidr4))
			return -1;
		e = k - 1;
	}
	t->spec = s;
	t->spec_len = e;
	return domain_spec_ok(s, e, 0, &t->macro) ? 0 : -1;
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
	return domain_spec_ok(s + 1, n - 1, 0, &t->macro) ? 0 : -1;
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
	if (six ? ip6_parse(s, k, t->ip) : ip4_parse(s, k, t->ip))
		return -1;
	if (k == n)
		return 0;
	return six ? cidr_val(s + k + 1, n - k - 1, 3, 128, &t->cidr6) :
	    cidr_val(s + k + 1, n - k - 1, 2, 32, &t->cidr4);
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
	if (n > 0 && is_alpha((unsigned char)s[0])) {
		for (j = 1; j < n && name_char((unsigned char)s[j]); j++)
			;
		if (j < n && s[j] == '=') {
			t->name = s;
			t->name_len = j;
			t->spec = s + j + 1;
			t->spec_len = n - j - 1;
			if (ci_is(s, j, "redirect") || ci_is(s, j, "exp")) {
				t->kind = lc(s[0]) == 'r' ? SPF_K_REDIRECT :
				    SPF_K_EXP;
				if (!domain_spec_ok(t->spec, t->spec_len, 0,
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
			return expand(NULL, t->spec, t->spec_len, 0, NULL,
			    NULL) == SPF_MACRO_OK ? SPF_E_OK : SPF_E_SYNTAX;
		}
	}
	/* directive: [qualifier] mechanism */
	i = 0;
	if (n > 0 && strchr("+-~?", s[0]) != NULL) {
		t->qual = s[0];
		i = 1;
	}
	for (j = i; j < n && is_alnum((unsigned char)s[j]); j++)
		;
	for (rc = 0; rc < (int)(sizeof mech / sizeof mech[0]); rc++)
		if (ci_is(s + i, j - i, mech[rc].name))
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

/* ---- names ---------------------------------------------------------- */

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
		if (lc((unsigned char)name[n - t + i]) !=
		    lc((unsigned char)target[i]))
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

static void
copy_name(char *dst, const char *src)
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
	set_prob(&e->prob, code, domain, term, tlen);
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
	copy_name(e->q.name, name);
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
		    prefix_eq(e->ip, t.ip, t.kind == SPF_K_IP4 ? t.cidr4 :
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
		copy_name(name, f->domain);
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
		copy_name(e->target, name);
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
		if (memcmp(ip, v4mapped, 12) == 0) {
			e->family = AF_INET;
			memcpy(e->ip, ip + 12, 4);
			memset(e->ip + 4, 0, 12);
		}
	} else
		memcpy(e->ip, ip, 4);
	e->depth = 1;
	copy_name(e->frame[0].domain, domain);
	copy_name(e->helo, helo ? helo : domain);
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
		else if (prefix_eq(e->ip, data, e->st == SPF_EV_PTR_ADDR ?
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

/* ---- the walk ------------------------------------------------------- */

static int
add_node(struct spf_walk *w, int parent, enum spf_node_kind kind,
    enum spf_node_via via, unsigned sib, const char *domain)
{
	struct spf_node *n;

	if (w->nnodes == MX_SPF_WALK_NODES) {
		w->truncated = 1;
		return -1;
	}
	n = &w->node[w->nnodes];
	memset(n, 0, sizeof *n);
	copy_name(n->domain, domain);
	n->kind = kind;
	n->via = via;
	n->parent = parent;
	n->sib = sib;
	n->depth = parent < 0 ? 0 : w->node[parent].depth + 1;
	n->ask = kind == SPF_N_ADDR ? 3 : 1;
	return (int)w->nnodes++;
}

/* see spf.h */
void
spf_walk_start(struct spf_walk *w, const char *domain)
{
	memset(w, 0, sizeof *w);
	w->cur_tag = -1;
	add_node(w, -1, SPF_N_RECORD, SPF_VIA_TOP, 0, domain);
}

static uint16_t
node_qtype(const struct spf_node *n, unsigned sub)
{
	switch (n->kind) {
	case SPF_N_RECORD:
		return DNSMSG_T_TXT;
	case SPF_N_MX:
		return DNSMSG_T_MX;
	case SPF_N_ADDR:
		return sub ? DNSMSG_T_AAAA : DNSMSG_T_A;
	default:
		return DNSMSG_T_A;
	}
}

/* see spf.h */
int
spf_walk_next(struct spf_walk *w, struct spf_query *q)
{
	struct spf_node	*n;
	unsigned	 i, sub;

	if (w->done || w->inflight >= MX_SPF_WALK_INFLIGHT)
		return 0;
	for (i = w->next; i < w->nnodes; i++) {
		n = &w->node[i];
		if (n->ask == 0) {
			if (i == w->next)
				w->next++;
			continue;
		}
		sub = n->ask & 1 ? 0 : 1;
		n->ask &= (unsigned char)~(1u << sub);
		n->out |= (unsigned char)(1u << sub);
		w->inflight++;
		copy_name(q->name, n->domain);
		q->type = node_qtype(n, sub);
		q->tag = i * 2 + sub;
		return 1;
	}
	return 0;
}

/* The node and query of tag, if that query is out; else NULL. */
static struct spf_node *
walk_tag(struct spf_walk *w, unsigned tag, unsigned *sub)
{
	struct spf_node *n;

	if (w->done || tag / 2 >= w->nnodes)
		return NULL;
	n = &w->node[tag / 2];
	*sub = tag % 2;
	return n->out & (1u << *sub) ? n : NULL;
}

/* see spf.h */
void
spf_walk_rr(struct spf_walk *w, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated)
{
	struct spf_node	*n;
	unsigned	 sub;

	if ((n = walk_tag(w, tag, &sub)) == NULL)
		return;
	if (w->cur_tag != (int)tag) {
		w->cur_tag = (int)tag;
		w->cur_spf = 0;
		w->cur_long = 0;
		w->scratch_len = 0;
	}
	switch (n->kind) {
	case SPF_N_RECORD:
		if (type != DNSMSG_T_TXT)
			return;
		n->found++;
		if (!spf_is_record(data, len) || ++w->cur_spf > 1)
			return;
		if (truncated || len > MX_SPF_RECORD_MAX) {
			w->cur_long = 1;
			return;
		}
		memcpy(w->scratch, data, len);
		w->scratch[len] = '\0';
		w->scratch_len = len;
		return;
	case SPF_N_MX:
		if (type == DNSMSG_T_MX)
			n->found++;
		return;
	default:
		if (type == node_qtype(n, sub) &&
		    len == (type == DNSMSG_T_A ? 4u : 16u))
			n->found++;
		return;
	}
}

static void
node_err(struct spf_node *n, enum spf_err e, const char *term, size_t tlen)
{
	if (n->err != SPF_E_OK)
		return;
	n->err = e;
	copy_cut(n->err_term, sizeof n->err_term, term ? term : "",
	    term ? tlen : 0);
}

/* 1 if name is the record of i or of one of its ancestors. */
static int
walk_loops(const struct spf_walk *w, int i, const char *name)
{
	for (; i >= 0; i = w->node[i].parent)
		if (w->node[i].kind == SPF_N_RECORD &&
		    dnsmsg_name_eq(w->node[i].domain, name))
			return 1;
	return 0;
}

/* A child of record i for term t (its position sib), if it can be known. */
static void
walk_child(struct spf_walk *w, int i, const struct spf_term *t, unsigned sib)
{
	struct spf_node		*n = &w->node[i];
	struct spf_macro_ctx	 c;
	char			 name[MX_NAME_MAX + 1];
	int			 rc, rec;

	memset(&c, 0, sizeof c);
	c.domain = n->domain;
	if (t->spec == NULL)
		copy_name(name, n->domain);
	else if ((rc = spf_macro_target(&c, t->spec, t->spec_len, name)) !=
	    SPF_MACRO_OK) {
		/* unknown: depends on the sender or the address */
		rec = t->kind == SPF_K_INCLUDE || t->kind == SPF_K_REDIRECT;
		if (rc == SPF_MACRO_BADNAME && rec)
			node_err(n, SPF_E_NO_RECORD, t->text, t->text_len);
		return;
	}
	switch (t->kind) {
	case SPF_K_INCLUDE:
	case SPF_K_REDIRECT:
		if (walk_loops(w, i, name)) {
			node_err(n, SPF_E_LOOP, t->text, t->text_len);
			return;
		}
		add_node(w, i, SPF_N_RECORD, t->kind == SPF_K_INCLUDE ?
		    SPF_VIA_INCLUDE : SPF_VIA_REDIRECT, sib, name);
		return;
	case SPF_K_A:
		add_node(w, i, SPF_N_ADDR, SPF_VIA_TERM, sib, name);
		return;
	case SPF_K_MX:
		add_node(w, i, SPF_N_MX, SPF_VIA_TERM, sib, name);
		return;
	case SPF_K_EXISTS:
		add_node(w, i, SPF_N_EXISTS, SPF_VIA_TERM, sib, name);
		return;
	default:
		return;
	}
}

/* Record node i's answer is complete. */
static void
walk_record(struct spf_walk *w, int i)
{
	struct spf_node		*n = &w->node[i];
	struct spf_record	 r;
	struct spf_iter		 it;
	struct spf_term		 t;
	unsigned		 sib = 0;

	n->nspf = w->cur_spf;
	if (n->dns_err)
		return;
	if (n->nspf == 0) {
		if (i > 0) {
			n->void_ = n->found == 0;
			node_err(n, SPF_E_NO_RECORD, NULL, 0);
		}
		return;
	}
	if (n->nspf > 1) {
		node_err(n, SPF_E_SEVERAL, NULL, 0);
		return;
	}
	if (w->cur_long) {
		node_err(n, SPF_E_TOO_LONG, NULL, 0);
		return;
	}
	if (i == 0) {
		memcpy(w->record, w->scratch, w->scratch_len + 1);
		w->record_len = w->scratch_len;
	}
	if (spf_parse(w->scratch, w->scratch_len, &r) != 0) {
		node_err(n, r.err, w->scratch + r.err_off, r.err_len);
		return;
	}
	n->parsed = 1;
	n->lookups = r.lookups;
	n->all = r.all;
	n->ptr = r.ptr;
	n->redirect_used = r.redirect_used;
	spf_iter_init(&it, w->scratch, w->scratch_len);
	while (spf_iter_next(&it, &t) == 1) {
		sib++;
		if (t.kind == SPF_K_ALL)
			break;
		if (t.kind == SPF_K_REDIRECT && r.redirect_used)
			walk_child(w, i, &t, r.nterms + 1);
		else if (t.kind == SPF_K_INCLUDE || t.kind == SPF_K_A ||
		    t.kind == SPF_K_MX || t.kind == SPF_K_EXISTS)
			walk_child(w, i, &t, sib);
	}
}

/* The path of node i: sib positions from the top; returns its length. */
static unsigned
walk_path(const struct spf_walk *w, int i, unsigned p[MX_SPF_WALK_NODES])
{
	unsigned t[MX_SPF_WALK_NODES], n = 0, k;

	for (; i > 0 && n < MX_SPF_WALK_NODES; i = w->node[i].parent)
		t[n++] = w->node[i].sib;
	for (k = 0; k < n; k++)
		p[k] = t[n - 1 - k];
	return n;
}

/* 1 if node a comes before node b in evaluation order. */
static int
walk_before(const struct spf_walk *w, int a, int b)
{
	unsigned pa[MX_SPF_WALK_NODES], pb[MX_SPF_WALK_NODES], na, nb, k;

	na = walk_path(w, a, pa);
	nb = walk_path(w, b, pb);
	for (k = 0; k < na && k < nb; k++)
		if (pa[k] != pb[k])
			return pa[k] < pb[k];
	return na < nb;
}

/* The first node (evaluation order) for which want() holds, or -1. */
static int
walk_first(const struct spf_walk *w, int (*want)(const struct spf_node *))
{
	unsigned	 i;
	int		 best = -1;

	for (i = 0; i < w->nnodes; i++)
		if (want(&w->node[i]) && (best < 0 ||
		    walk_before(w, (int)i, best)))
			best = (int)i;
	return best;
}

static int
want_perm(const struct spf_node *n)
{
	return n->err != SPF_E_OK && n->err != SPF_E_TOO_LONG;
}

static int
want_long(const struct spf_node *n)
{
	return n->err == SPF_E_TOO_LONG;
}

static int
want_void(const struct spf_node *n)
{
	return n->void_;
}

static int
want_dns(const struct spf_node *n)
{
	return n->dns_err;
}

/* All answers are in: totals, then the verdict. */
static void
walk_finish(struct spf_walk *w)
{
	struct spf_node	*root = &w->node[0];
	unsigned char	 chain[MX_SPF_WALK_NODES];
	enum spf_err	 code;
	unsigned	 i;
	int		 k, c;

	w->done = 1;
	memset(chain, 0, sizeof chain);
	for (i = 0; i < w->nnodes; i++) {
		w->lookups += w->node[i].lookups;
		w->voids += (unsigned)w->node[i].void_;
		w->ptr |= w->node[i].ptr;
	}
	/* the all in effect: follow redirects while there is no all */
	for (k = 0;;) {
		chain[k] = 1;
		if (w->node[k].all || !w->node[k].redirect_used)
			break;
		for (c = 0; c < (int)w->nnodes; c++)
			if (w->node[c].parent == k &&
			    w->node[c].via == SPF_VIA_REDIRECT)
				break;
		if (c == (int)w->nnodes)
			break;
		k = c;
	}
	w->all = w->node[k].all;
	/* the verdict, and the node whose problem tells why */
	code = SPF_E_OK;
	k = 0;
	if (root->dns_err) {
		w->status = SPF_ST_TEMPERROR;
		code = SPF_E_DNS;
	} else if (root->nspf == 0)
		w->status = SPF_ST_ABSENT;
	else if ((k = walk_first(w, want_perm)) >= 0) {
		w->status = SPF_ST_INVALID;
		code = w->node[k].err;
	} else if (w->lookups > MX_SPF_LOOKUPS_MAX) {
		w->status = SPF_ST_INVALID;
		code = SPF_E_LOOKUPS;
		k = 0;
	} else if (w->voids > MX_SPF_VOID_MAX) {
		w->status = SPF_ST_INVALID;
		code = SPF_E_VOID;
		k = walk_first(w, want_void);
	} else if ((k = walk_first(w, want_long)) >= 0) {
		w->status = SPF_ST_LIMIT;
		code = SPF_E_TOO_LONG;
	} else if ((k = walk_first(w, want_dns)) >= 0) {
		w->status = SPF_ST_TEMPERROR;
		code = SPF_E_DNS;
	} else {
		w->status = SPF_ST_WEAK;
		if (w->all == '+')
			w->weak = SPF_W_PASS_ALL;
		else if (w->all == '?')
			w->weak = SPF_W_NEUTRAL_ALL;
		else if (w->all == 0)
			w->weak = SPF_W_NO_ALL;
		else {
			for (i = 0; i < w->nnodes; i++)
				if (!chain[i] && w->node[i].all == '+')
					w->weak = SPF_W_INCLUDE_PASS_ALL;
			if (w->weak == SPF_W_NO)
				w->status = SPF_ST_OK;
		}
	}
	if (code != SPF_E_OK)
		set_prob(&w->prob, code, w->node[k].domain,
		    w->node[k].err_term, strlen(w->node[k].err_term));
}

/* see spf.h */
void
spf_walk_end(struct spf_walk *w, unsigned tag, enum spf_dns outcome)
{
	struct spf_node	*n;
	unsigned	 sub, i;

	if ((n = walk_tag(w, tag, &sub)) == NULL)
		return;
	if (w->cur_tag != (int)tag) {	/* an answer without records */
		w->cur_spf = 0;
		w->cur_long = 0;
		w->scratch_len = 0;
	}
	w->cur_tag = -1;
	n->out &= (unsigned char)~(1u << sub);
	w->inflight--;
	if (outcome == SPF_DNS_ERROR)
		n->dns_err = 1;
	else if (outcome == SPF_DNS_NXDOMAIN)
		n->nx = 1;
	if (n->ask == 0 && n->out == 0) {
		switch (n->kind) {
		case SPF_N_RECORD:
			walk_record(w, (int)(n - w->node));
			break;
		case SPF_N_MX:
			if (!n->dns_err && n->found > MX_SPF_MX_NAMES_MAX)
				node_err(n, SPF_E_MX_NAMES, NULL, 0);
			/* FALLTHROUGH */
		default:
			n->void_ = !n->dns_err && n->found == 0;
			break;
		}
	}
	if (w->inflight > 0)
		return;
	for (i = w->next; i < w->nnodes; i++)
		if (w->node[i].ask)
			return;
	walk_finish(w);
}
