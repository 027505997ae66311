/*
 * spf_macro.c -- SPF macro strings (RFC 7208 7): check and expand.
 *
 * IMPLEMENTATION NOTES
 *
 * Macros (7).  One scanner (expand) serves the syntax check (ctx NULL:
 * nothing written) and the expansion, so the grammar exists once.  A
 * value is split on the delimiters, reversed, cut to its right-hand
 * parts and joined with '.'; upper-case letters are URL-escaped after.
 * An expansion used as a name goes through a sliding window: only the
 * last 2 x 256 bytes are kept, which is all the 7.3 truncation (labels
 * cut from the left until <= 253) needs, so no input can overflow it.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/spf.h"
#include "spf_int.h"

/* The window of a name expansion: twice what 7.3 can keep. */
#define WIN_MAX		(2 * (MX_SPF_DOMAIN_MAX + 3))
/* A macro's value before transformation (sender: 64 + 1 + 255). */
#define VAL_MAX		512

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
	return ascii_is_alnum(c) || c == '-' || c == '.' || c == '_' ||
	    c == '~';
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
			l = ascii_lower(ch);
			url = l != ch;
			if (l == '\0' || (strchr("slodipvh", l) == NULL &&
			    (!(flags & SPF_MACRO_EXP) ||
			    strchr("crt", l) == NULL)))
				return SPF_MACRO_SYNTAX;
			keep = 0;
			digits = 0;
			for (i++; i < len &&
			    ascii_is_digit((unsigned char)s[i]); i++) {
				digits = 1;
				/* 7.3: >= 128 parts is "all" */
				if (keep < 1000)
					keep = keep * 10 +
					    (unsigned)(s[i] - '0');
			}
			if (digits && keep == 0)	/* 7.3: at least one */
				return SPF_MACRO_SYNTAX;
			rev = i < len &&
			    ascii_lower((unsigned char)s[i]) == 'r';
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

	if (n == 0 || !ascii_is_alnum((unsigned char)s[0]) ||
	    !ascii_is_alnum((unsigned char)s[n - 1]))
		return 0;
	for (i = 0; i < n; i++) {
		if (ascii_is_alpha((unsigned char)s[i]))
			alpha = 1;
		else if (s[i] == '-')
			dash = 1;
		else if (!ascii_is_digit((unsigned char)s[i]))
			return 0;
	}
	return alpha || dash;
}

/* see spf_int.h */
int
spf_domain_spec_ok(const char *s, size_t n, unsigned flags, int *macro)
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
			o += dnsmsg_ddd(out + o, c);
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

/* see spf_int.h */
int
spf_macro_syntax(const char *s, size_t len)
{
	return expand(NULL, s, len, 0, NULL, NULL) == SPF_MACRO_OK;
}
