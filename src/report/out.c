/*
 * out.c -- key=value and JSON output through the caller's buffer (see out.h).
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
	struct out *w;		/* the output buffer; NULL: dst[0..cap) */
	char	*dst;
	size_t	 cap;
	size_t	 n;		/* bytes produced so far, cut or not */
};

/* Writes the buffer out; on error drops it and sets werr. */
static void
out_flush(struct out *w)
{
	struct pollfd	 pfd;
	size_t		 off;
	ssize_t		 n;

	off = 0;
	while (off < w->blen && !w->werr) {
		n = write(w->fd, w->buf + off, w->blen - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* stdout inherited non-blocking: wait, don't lose it */
			pfd.fd = w->fd;
			pfd.events = POLLOUT;
			pfd.revents = 0;
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		w->werr = 1;	/* n == 0 too: no progress is an error */
	}
	w->blen = 0;
}

static void
out_put(struct out *w, const char *p, size_t n)
{
	size_t	 k;

	while (n > 0 && !w->werr) {
		if (w->blen == sizeof w->buf)
			out_flush(w);
		k = sizeof w->buf - w->blen;
		if (k > n)
			k = n;
		memcpy(w->buf + w->blen, p, k);
		w->blen += k;
		p += k;
		n -= k;
	}
}

static void
sink_put(struct sink *s, const char *p, size_t n)
{
	size_t	 k;

	if (s->w != NULL) {
		out_put(s->w, p, n);
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
	if (s->w == NULL && s->cap > 0)
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

/*
 * Text mode: printable ASCII as is, everything else \xHH (never wider
 * than four columns a byte).  A backslash stays one: the text is for
 * people, and a DN's own escapes ("O=Foo\, Inc") stay readable.
 */
static void
text_quote(struct sink *s, const char *val, size_t len)
{
	static const char hexd[] = "0123456789abcdef";
	const unsigned char	*v = (const unsigned char *)val;
	size_t			 i, run;
	char			 e[4];

	for (i = 0; i < len; i += run) {
		for (run = 0; i + run < len && v[i + run] >= 0x20 &&
		    v[i + run] <= 0x7e; run++)
			;
		if (run > 0) {
			sink_put(s, val + i, run);
			continue;
		}
		run = 1;
		e[0] = '\\';
		e[1] = 'x';
		e[2] = hexd[v[i] >> 4];
		e[3] = hexd[v[i] & 15];
		sink_put(s, e, 4);
	}
}

/* see out.h */
size_t
out_text_quote(char *dst, size_t cap, const char *val, size_t len)
{
	struct sink	 s = { NULL, dst, cap, 0 };

	text_quote(&s, val, len);
	sink_end(&s);
	return s.n;
}

/* see out.h */
size_t
out_sh_quote(char *dst, size_t cap, const char *val, size_t len)
{
	struct sink	 s = { NULL, dst, cap, 0 };

	sh_quote(&s, val, len);
	sink_end(&s);
	return s.n;
}

/* see out.h */
size_t
out_json_quote(char *dst, size_t cap, const char *val, size_t len)
{
	struct sink	 s = { NULL, dst, cap, 0 };

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
out_begin(struct out *w, enum out_mode mode, int fd)
{
	w->mode = mode == OUT_JSON || mode == OUT_NAGIOS || mode == OUT_HUMAN ?
	    mode : OUT_KV;
	w->fd = fd;
	w->werr = w->badkey = w->pbad = 0;
	w->npairs = w->plen = w->blen = 0;
	w->prefix[0] = '\0';
}

/* see out.h */
void
out_prefix(struct out *w, const char *prefix)
{
	size_t	 n;

	w->plen = 0;
	w->pbad = 0;
	w->prefix[0] = '\0';
	if (prefix == NULL || prefix[0] == '\0')
		return;
	n = key_span(prefix);
	if (n == (size_t)-1 || n > MX_KEY_MAX) {
		w->pbad = 1;
		return;
	}
	memcpy(w->prefix, prefix, n + 1);
	w->plen = n;
}

/* Writes what comes before a value: "{" or ",", the key, "=" or ":". */
static void
pair_open(struct out *w, const char *pre, size_t plen, const char *key,
    size_t klen)
{
	if (w->mode == OUT_JSON) {
		out_put(w, w->npairs == 0 ? "{\"" : ",\"", 2);
		out_put(w, pre, plen);
		out_put(w, key, klen);
		out_put(w, "\":", 2);
	} else {
		out_put(w, pre, plen);
		out_put(w, key, klen);
		out_put(w, "=", 1);
	}
	w->npairs++;
}

static void
pair_close(struct out *w)
{
	if (w->mode == OUT_KV)
		out_put(w, "\n", 1);
}

static void
put_string(struct out *w, const char *val, size_t len)
{
	struct sink	 s = { w, NULL, 0, 0 };

	if (w->mode == OUT_JSON)
		json_quote(&s, val, len);
	else
		sh_quote(&s, val, len);
}

/*
 * Opens the pair of prefix + key, or returns -1 for a bad key after
 * writing the document's one internal_error=bad_key marker, and for
 * every pair of OUT_NAGIOS (whose one line out_nagios writes).
 */
static int
key_open(struct out *w, const char *key)
{
	size_t	 n;

	if (w->mode == OUT_HUMAN)
		return -1;	/* the printer writes text, not pairs */
	n = key == NULL ? (size_t)-1 : key_span(key);
	if (w->pbad || n == (size_t)-1 || n == 0 || n > MX_KEY_MAX - w->plen) {
		if (!w->badkey) {
			w->badkey = 1;
			if (w->mode == OUT_NAGIOS)
				return -1;
			pair_open(w, "", 0, "internal_error", 14);
			put_string(w, "bad_key", 7);
			pair_close(w);
		}
		return -1;
	}
	if (w->mode == OUT_NAGIOS)
		return -1;
	pair_open(w, w->prefix, w->plen, key, n);
	return 0;
}

/*
 * Appends src[0..n) to dst (cap bytes, *len used), every byte outside
 * [A-Za-z0-9._:,=;@+-] and space written as '?': nothing a server sent
 * can break the plugin line ('|' starts perfdata, a newline ends the
 * line).  Cut at cap - 1, never overflowed.
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
nag_int(char *dst, size_t cap, size_t *len, int64_t v)
{
	char t[21];
	size_t n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		t[sizeof t - ++n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[sizeof t - ++n] = '-';
	nag_put(dst, cap, len, t + sizeof t - n, n);
}

static void
nag_str(char *dst, size_t cap, size_t *len, const char *s)
{
	nag_put(dst, cap, len, s, strlen(s));
}

/*
 * The plugin line (monitoring-plugins guidelines): "MXPROBE STATUS - name
 * score N grade G: findings | score=N;W:;C:;0;100 mx1_days_left=D;W:;C:".
 */
/* see out.h */
void
out_nagios(struct out *w, const struct out_nagios *n)
{
	static const char *const up[4] = { "OK", "WARNING", "CRITICAL",
	    "UNKNOWN" };
	static const char *const low[4] = { "ok", "warning", "critical",
	    "unknown" };
	char line[3 * MX_NAGIOS_TEXT_MAX];
	size_t l = 0, i;
	const char *st = up[3];

	for (i = 0; i < 4; i++)
		if (n->status != NULL && !strcmp(n->status, low[i]))
			st = up[i];
	nag_put(line, sizeof line, &l, "MXPROBE ", 8);
	nag_str(line, sizeof line, &l, st);
	nag_put(line, sizeof line, &l, " - ", 3);
	nag_str(line, sizeof line, &l, n->name);
	if (n->grade != NULL) {
		nag_put(line, sizeof line, &l, " score ", 7);
		if (n->score >= 0)
			nag_int(line, sizeof line, &l, n->score);
		else
			nag_str(line, sizeof line, &l, "unknown");
		nag_put(line, sizeof line, &l, " grade ", 7);
		nag_str(line, sizeof line, &l, n->grade);
	}
	if (n->flen) {
		nag_put(line, sizeof line, &l, ": ", 2);
		nag_put(line, sizeof line, &l, n->findings, n->flen);
	}
	if (n->score >= 0 || n->ndays > 0) {
		nag_put(line, sizeof line, &l, " ", 1);
		if (l + 2 < sizeof line)
			line[l++] = '|';
	}
	if (n->score >= 0) {
		nag_put(line, sizeof line, &l, " score=", 7);
		nag_int(line, sizeof line, &l, n->score);
		nag_put(line, sizeof line, &l, ";", 1);
		if (n->warn_score > 0) {
			nag_int(line, sizeof line, &l, n->warn_score);
			nag_put(line, sizeof line, &l, ":", 1);
		}
		nag_put(line, sizeof line, &l, ";", 1);
		if (n->crit_score > 0) {
			nag_int(line, sizeof line, &l, n->crit_score);
			nag_put(line, sizeof line, &l, ":", 1);
		}
		nag_put(line, sizeof line, &l, ";0;100", 6);
	}
	for (i = 0; i < n->ndays; i++) {
		nag_put(line, sizeof line, &l, " ", 1);
		nag_str(line, sizeof line, &l, n->days[i].label);
		nag_put(line, sizeof line, &l, "days_left=", 10);
		nag_int(line, sizeof line, &l, n->days[i].days);
		nag_put(line, sizeof line, &l, ";", 1);
		nag_int(line, sizeof line, &l, n->warn_days);
		nag_put(line, sizeof line, &l, ":;", 2);
		nag_int(line, sizeof line, &l, n->crit_days);
		nag_put(line, sizeof line, &l, ":", 1);
	}
	out_put(w, line, l);
	out_put(w, "\n", 1);
}

/* see out.h */
void
out_kv(struct out *w, const char *key, const char *val, size_t len)
{
	if (key_open(w, key) < 0)
		return;
	put_string(w, val, len);
	pair_close(w);
}

/* see out.h */
void
out_kvs(struct out *w, const char *key, const char *val)
{
	out_kv(w, key, val == NULL ? "" : val, val == NULL ? 0 : strlen(val));
}

/* see out.h */
void
out_kvi(struct out *w, const char *key, int64_t v)
{
	char		 t[20], d[21];	/* 2^63: 19 digits, and '-' */
	uint64_t	 u;
	size_t		 n, i;

	if (key_open(w, key) < 0)
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
	out_put(w, d, i);
	pair_close(w);
}

/* see out.h */
void
out_kvj(struct out *w, const char *key, const char *json, size_t len)
{
	if (w->mode != OUT_JSON || key_open(w, key) < 0)
		return;
	out_put(w, json, len);
}

/* see out.h */
void
out_raw(struct out *w, const char *s, size_t n)
{
	if (w->mode == OUT_JSON || w->mode == OUT_HUMAN)
		out_put(w, s, n);
}

/* see out.h */
void
out_str(struct out *w, const char *s, size_t n)
{
	struct sink	 k = { w, NULL, 0, 0 };

	if (w->mode == OUT_JSON)
		json_quote(&k, s, n);
	else if (w->mode == OUT_HUMAN)
		text_quote(&k, s, n);
}

/* see out.h */
void
out_kvb(struct out *w, const char *key, int v)
{
	out_kv(w, key, v ? "yes" : "no", v ? 3 : 2);
}

/* see out.h */
int
out_end(struct out *w)
{
	int	 rc;

	if (w->mode == OUT_JSON)
		out_put(w, w->npairs == 0 ? "{}\n" : "}\n",
		    w->npairs == 0 ? 3 : 2);
	out_flush(w);
	rc = w->werr || w->badkey ? -1 : 0;
	out_begin(w, w->mode, w->fd);
	return rc;
}
