/*
 * out.c -- key=value and JSON output through one static buffer (see out.h).
 *
 * IMPLEMENTATION NOTES
 * Both escapers write through a `struct sink`: either the output buffer
 * (out_kv and friends) or a caller's array (out_sh_quote, out_json_quote),
 * so the bytes a test checks are the bytes a user gets.  A document is
 * "open" after its first pair; in JSON mode that pair writes the "{".
 * No stdio: integers are formatted here, bytes leave with write(2).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "mxprobe/limits.h"
#include "mxprobe/out.h"

struct sink {
	int	 to_out;	/* 1: the output buffer; 0: dst[0..cap) */
	char	*dst;
	size_t	 cap;
	size_t	 n;		/* bytes produced so far, cut or not */
};

static struct {
	enum out_mode	 mode;
	int		 fd;
	int		 werr;		/* sticky: a write failed */
	int		 badkey;	/* sticky: a bad key was dropped */
	int		 pbad;		/* the prefix is unusable */
	int		 mute;		/* out_mute: pairs are dropped */
	size_t		 npairs;
	size_t		 plen;
	size_t		 blen;
	char		 prefix[MX_KEY_MAX + 1];
} o = { OUT_KV, 1, 0, 0, 0, 0, 0, 0, 0, "" };

/* apart from `o`, whose fd of 1 puts it in .data: this stays in .bss */
static char	 out_buf[MX_OUT_BUF];

/*
 * OUT_NAGIOS: the pairs are not written; the few a monitor needs are
 * kept here and out_end writes them as one plugin line (see out.h).
 */
static struct {
	int	 warn_days, crit_days, warn_score, crit_score;
	char	 name[MX_NAME_MAX + 1];
	char	 status[16], grade[8], score[8];
	char	 findings[MX_NAGIOS_TEXT_MAX];
	char	 perf[MX_NAGIOS_TEXT_MAX];
	char	 mxf[MX_NAGIOS_TEXT_MAX];	/* the last MX's findings */
	size_t	 flen, plen, mxflen;
} nag;

/* Writes the buffer out; on error drops it and sets werr. */
static void
out_flush(void)
{
	struct pollfd	 pfd;
	size_t		 off;
	ssize_t		 n;

	off = 0;
	while (off < o.blen && !o.werr) {
		n = write(o.fd, out_buf + off, o.blen - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* stdout inherited non-blocking: wait, don't lose it */
			pfd.fd = o.fd;
			pfd.events = POLLOUT;
			pfd.revents = 0;
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		o.werr = 1;	/* n == 0 too: no progress is an error */
	}
	o.blen = 0;
}

static void
out_put(const char *p, size_t n)
{
	size_t	 k;

	while (n > 0 && !o.werr) {
		if (o.blen == sizeof(out_buf))
			out_flush();
		k = sizeof(out_buf) - o.blen;
		if (k > n)
			k = n;
		memcpy(out_buf + o.blen, p, k);
		o.blen += k;
		p += k;
		n -= k;
	}
}

static void
sink_put(struct sink *s, const char *p, size_t n)
{
	size_t	 k;

	if (s->to_out) {
		out_put(p, n);
	} else if (s->cap > 0 && s->n < s->cap - 1) {
		k = s->cap - 1 - s->n;
		if (k > n)
			k = n;
		memcpy(s->dst + s->n, p, k);
	}
	s->n += n;
}

static void
sink_end(struct sink *s)
{
	if (!s->to_out && s->cap > 0)
		s->dst[s->n < s->cap ? s->n : s->cap - 1] = '\0';
}

/* [A-Za-z0-9._:/@+-]: safe unquoted in any POSIX shell word. */
static int
sh_bare(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
	    c == '/' || c == '@' || c == '+' || c == '-';
}

static void
sh_quote(struct sink *s, const char *val, size_t len)
{
	const unsigned char	*v = (const unsigned char *)val;
	size_t			 i, run;

	for (i = 0; i < len && sh_bare(v[i]); i++)
		;
	if (len > 0 && i == len) {
		sink_put(s, val, len);
		return;
	}
	sink_put(s, "'", 1);
	for (i = 0; i < len; i += run) {
		/* copy the longest run that needs no rewriting at once */
		for (run = 0; i + run < len && v[i + run] >= 0x20 &&
		    v[i + run] <= 0x7e && v[i + run] != '\''; run++)
			;
		if (run > 0) {
			sink_put(s, val + i, run);
			continue;
		}
		run = 1;
		if (v[i] == '\'')
			sink_put(s, "'\\''", 4);
		else
			sink_put(s, "?", 1);
	}
	sink_put(s, "'", 1);
}

static void
json_quote(struct sink *s, const char *val, size_t len)
{
	const unsigned char	*v = (const unsigned char *)val;
	size_t			 i, run;

	sink_put(s, "\"", 1);
	for (i = 0; i < len; i += run) {
		for (run = 0; i + run < len && v[i + run] >= 0x20 &&
		    v[i + run] < 0x7f && v[i + run] != '"' &&
		    v[i + run] != '\\'; run++)
			;
		if (run > 0) {
			sink_put(s, val + i, run);
			continue;
		}
		run = 1;
		if (v[i] == '"')
			sink_put(s, "\\\"", 2);
		else if (v[i] == '\\')
			sink_put(s, "\\\\", 2);
		else
			/*
			 * The same lossy view as key=value: no control byte
			 * reaches a terminal through `jq -r`, and no byte
			 * >= 0x80 can break UTF-8.
			 */
			sink_put(s, "?", 1);
	}
	sink_put(s, "\"", 1);
}

/* see out.h */
size_t
out_sh_quote(char *dst, size_t cap, const char *val, size_t len)
{
	struct sink	 s = { 0, dst, cap, 0 };

	sh_quote(&s, val, len);
	sink_end(&s);
	return s.n;
}

/* see out.h */
size_t
out_json_quote(char *dst, size_t cap, const char *val, size_t len)
{
	struct sink	 s = { 0, dst, cap, 0 };

	json_quote(&s, val, len);
	sink_end(&s);
	return s.n;
}

/* Length of s if every byte is in [a-z0-9_], else (size_t)-1. */
static size_t
key_span(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return (size_t)-1;
	return i;
}

/* see out.h */
int
out_key_ok(const char *key)
{
	size_t	 n;

	if (key == NULL)
		return 0;
	n = key_span(key);
	return n != (size_t)-1 && n > 0 && n <= MX_KEY_MAX;
}

/* see out.h */
void
out_begin(enum out_mode mode, int fd)
{
	o.mode = mode == OUT_JSON || mode == OUT_NAGIOS ? mode : OUT_KV;
	nag.name[0] = nag.status[0] = nag.grade[0] = nag.score[0] = 0;
	nag.flen = nag.plen = 0;
	o.fd = fd;
	o.werr = o.badkey = o.pbad = o.mute = 0;
	o.npairs = o.plen = o.blen = 0;
	o.prefix[0] = '\0';
}

/* see out.h */
void
out_prefix(const char *prefix)
{
	size_t	 n;

	o.plen = 0;
	o.pbad = 0;
	o.prefix[0] = '\0';
	if (prefix == NULL || prefix[0] == '\0')
		return;
	n = key_span(prefix);
	if (n == (size_t)-1 || n > MX_KEY_MAX) {
		o.pbad = 1;
		return;
	}
	memcpy(o.prefix, prefix, n + 1);
	o.plen = n;
}

/* Writes what comes before a value: "{" or ",", the key, "=" or ":". */
static void
pair_open(const char *pre, size_t plen, const char *key, size_t klen)
{
	if (o.mode == OUT_JSON) {
		out_put(o.npairs == 0 ? "{\"" : ",\"", 2);
		out_put(pre, plen);
		out_put(key, klen);
		out_put("\":", 2);
	} else {
		out_put(pre, plen);
		out_put(key, klen);
		out_put("=", 1);
	}
	o.npairs++;
}

static void
pair_close(void)
{
	if (o.mode == OUT_KV)
		out_put("\n", 1);
}

static void
put_string(const char *val, size_t len)
{
	struct sink	 s = { 1, NULL, 0, 0 };

	if (o.mode == OUT_JSON)
		json_quote(&s, val, len);
	else
		sh_quote(&s, val, len);
}

/*
 * Opens the pair of prefix + key, or returns -1 for a bad key after
 * writing the document's one internal_error=bad_key marker.
 */
static int
key_open(const char *key)
{
	size_t	 n;

	if (o.mute)
		return -1;
	n = key == NULL ? (size_t)-1 : key_span(key);
	if (o.mode == OUT_NAGIOS && !o.pbad && n != (size_t)-1 && n != 0 &&
	    n <= MX_KEY_MAX - o.plen)
		return -2;	/* the caller hands the value to nag_take */
	if (o.pbad || n == (size_t)-1 || n == 0 || n > MX_KEY_MAX - o.plen) {
		if (!o.badkey) {
			o.badkey = 1;
			pair_open("", 0, "internal_error", 14);
			put_string("bad_key", 7);
			pair_close();
		}
		return -1;
	}
	pair_open(o.prefix, o.plen, key, n);
	return 0;
}

/* see out.h */
void
out_nagios_limits(int warn_days, int crit_days, int warn_score,
    int crit_score)
{
	nag.warn_days = warn_days;
	nag.crit_days = crit_days;
	nag.warn_score = warn_score;
	nag.crit_score = crit_score;
}

/*
 * Appends src[0..n) to dst (cap bytes, *len used), every byte outside
 * [A-Za-z0-9._:,=;@+-] written as '?': nothing a server sent can break
 * the plugin line ('|' starts perfdata, a newline ends the line).  Cut
 * at cap - 1, never overflowed.
 */
static void
nag_put(char *dst, size_t cap, size_t *len, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && *len + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[(*len)++] = (char)(sh_bare(c) || c == ',' || c == '=' ||
		    c == ';' || c == ' ' ? c : '?');
	}
	dst[*len] = 0;
}

static void
nag_int(char *dst, size_t cap, size_t *len, int v)
{
	char t[12];
	size_t n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	do
		t[sizeof t - ++n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[sizeof t - ++n] = '-';
	nag_put(dst, cap, len, t + sizeof t - n, n);
}

static void
nag_copy(char *dst, size_t cap, const char *val, size_t len)
{
	size_t l = 0;

	nag_put(dst, cap, &l, val, len);
}

/* A pair in OUT_NAGIOS mode: keeps what the plugin line needs. */
static void
nag_take(const char *key, const char *val, size_t len)
{
	const char *pre = o.prefix;
	size_t n;

	if (o.plen == 0) {
		if (!strcmp(key, "domain") || !strcmp(key, "host"))
			nag_copy(nag.name, sizeof nag.name, val, len);
		else if (!strcmp(key, "status"))
			nag_copy(nag.status, sizeof nag.status, val, len);
		else if (!strcmp(key, "grade"))
			nag_copy(nag.grade, sizeof nag.grade, val, len);
		else if (!strcmp(key, "score"))
			nag_copy(nag.score, sizeof nag.score, val, len);
		else if (!strcmp(key, "findings") && len > 0) {
			if (nag.flen)
				nag_put(nag.findings, sizeof nag.findings,
				    &nag.flen, "; ", 2);
			nag_put(nag.findings, sizeof nag.findings, &nag.flen,
			    val, len);
		}
	}
	/* keys of an MX itself: prefix "mxN_" ("mxN_aM_" is an address) */
	if (o.plen > 0 && (strncmp(pre, "mx", 2) != 0 ||
	    strchr(pre + 2, '_') != pre + o.plen - 1))
		return;
	if (o.plen > 0 && !strcmp(key, "findings")) {
		nag.mxflen = 0;
		nag_put(nag.mxf, sizeof nag.mxf, &nag.mxflen, val, len);
	} else if (o.plen > 0 && !strcmp(key, "status")) {
		/* a troubled MX says why: "mx2 cert-expired,no-tls13" */
		if (len != 2 || memcmp(val, "ok", 2) != 0) {
			if (nag.flen)
				nag_put(nag.findings, sizeof nag.findings,
				    &nag.flen, "; ", 2);
			nag_put(nag.findings, sizeof nag.findings, &nag.flen,
			    pre, o.plen - 1);
			nag_put(nag.findings, sizeof nag.findings, &nag.flen,
			    " ", 1);
			nag_put(nag.findings, sizeof nag.findings, &nag.flen,
			    nag.mxflen ? nag.mxf : val, nag.mxflen ? nag.mxflen
			    : len);
		}
		nag.mxflen = 0;
	}
	if (strcmp(key, "cert_days_left") != 0)
		return;
	if (nag.plen)
		nag_put(nag.perf, sizeof nag.perf, &nag.plen, " ", 1);
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, pre, o.plen);
	n = nag.plen;
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, "days_left=", 10);
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, val, len);
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, ";", 1);
	nag_int(nag.perf, sizeof nag.perf, &nag.plen, nag.warn_days);
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, ":;", 2);
	nag_int(nag.perf, sizeof nag.perf, &nag.plen, nag.crit_days);
	nag_put(nag.perf, sizeof nag.perf, &nag.plen, ":", 1);
	(void)n;
}

/*
 * The plugin line (monitoring-plugins guidelines): "MXPROBE STATUS - name
 * score N (G): findings | score=N;W:;C:;0;100 mx1_days_left=D;W:;C:".
 */
static void
nag_line(void)
{
	static const char *const up[4] = { "OK", "WARNING", "CRITICAL",
	    "UNKNOWN" };
	char line[3 * MX_NAGIOS_TEXT_MAX];
	size_t l = 0, i;
	const char *st = up[3];

	for (i = 0; i < 4; i++)
		if (!strcasecmp(nag.status, up[i]))
			st = up[i];
	nag_put(line, sizeof line, &l, "MXPROBE ", 8);
	nag_put(line, sizeof line, &l, st, strlen(st));
	nag_put(line, sizeof line, &l, " - ", 3);
	nag_put(line, sizeof line, &l, nag.name, strlen(nag.name));
	if (nag.score[0]) {
		nag_put(line, sizeof line, &l, " score ", 7);
		nag_put(line, sizeof line, &l, nag.score, strlen(nag.score));
		nag_put(line, sizeof line, &l, " grade ", 7);
		nag_put(line, sizeof line, &l, nag.grade, strlen(nag.grade));
	}
	if (nag.flen) {
		nag_put(line, sizeof line, &l, ": ", 2);
		nag_put(line, sizeof line, &l, nag.findings, nag.flen);
	}
	if (nag.score[0] >= '0' && nag.score[0] <= '9') {
		nag_put(line, sizeof line, &l, " ", 1);
		if (l + 2 < sizeof line)
			line[l++] = '|';
		nag_put(line, sizeof line, &l, " score=", 7);
		nag_put(line, sizeof line, &l, nag.score, strlen(nag.score));
		nag_put(line, sizeof line, &l, ";", 1);
		if (nag.warn_score > 0) {
			nag_int(line, sizeof line, &l, nag.warn_score);
			nag_put(line, sizeof line, &l, ":", 1);
		}
		nag_put(line, sizeof line, &l, ";", 1);
		if (nag.crit_score > 0) {
			nag_int(line, sizeof line, &l, nag.crit_score);
			nag_put(line, sizeof line, &l, ":", 1);
		}
		nag_put(line, sizeof line, &l, ";0;100", 6);
		if (nag.plen)
			nag_put(line, sizeof line, &l, " ", 1);
	} else if (nag.plen) {
		nag_put(line, sizeof line, &l, " ", 1);
		if (l + 2 < sizeof line)
			line[l++] = '|';
		nag_put(line, sizeof line, &l, " ", 1);
	}
	nag_put(line, sizeof line, &l, nag.perf, nag.plen);
	out_put(line, l);
	out_put("\n", 1);
}

/* see out.h */
void
out_mute(int on)
{
	o.mute = on;
}

/* see out.h */
void
out_kv(const char *key, const char *val, size_t len)
{
	int r = key_open(key);

	if (r == -2)
		nag_take(key, val, len);
	if (r < 0)
		return;
	put_string(val, len);
	pair_close();
}

/* see out.h */
void
out_kvs(const char *key, const char *val)
{
	out_kv(key, val == NULL ? "" : val, val == NULL ? 0 : strlen(val));
}

/* see out.h */
void
out_kvi(const char *key, int64_t v)
{
	char		 t[20], d[21];	/* 2^63: 19 digits, and '-' */
	uint64_t	 u;
	size_t		 n, i;
	int		 r = key_open(key);

	if (r == -1)
		return;
	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	n = 0;
	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	i = 0;
	if (v < 0)
		d[i++] = '-';
	while (n > 0)
		d[i++] = t[--n];
	if (r == -2) {
		nag_take(key, d, i);
		return;
	}
	out_put(d, i);
	pair_close();
}

/* see out.h */
void
out_kvj(const char *key, const char *json, size_t len)
{
	if (o.mode != OUT_JSON || key_open(key) < 0)
		return;
	out_put(json, len);
}

/* see out.h */
void
out_kvb(const char *key, int v)
{
	out_kv(key, v ? "yes" : "no", v ? 3 : 2);
}

/* see out.h */
int
out_end(void)
{
	int	 rc;

	if (o.mode == OUT_JSON)
		out_put(o.npairs == 0 ? "{}\n" : "}\n", o.npairs == 0 ? 3 : 2);
	else if (o.mode == OUT_NAGIOS)
		nag_line();
	out_flush();
	rc = o.werr || o.badkey ? -1 : 0;
	out_begin(o.mode, o.fd);
	return rc;
}
