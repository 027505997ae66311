/*
 * http.c -- the GET request and the incremental response parser (see
 * http.h).
 *
 * IMPLEMENTATION NOTES
 * States (enum http_pst), one byte or one run of body bytes at a time:
 *   STATUS      the status line (RFC 9112 4): "HTTP/" 1 "." DIGIT SP
 *               3DIGIT [SP reason]; a 1xx head (RFC 9110 15.2) comes back
 *               here once its empty line is read.
 *   HEADER      field lines (RFC 9112 5) up to the empty line, then the
 *               body length is decided (RFC 9112 6.3):
 *                 1xx, 204, 304                  no body -> DONE
 *                 Transfer-Encoding: chunked     -> CHUNK_SIZE
 *                 Content-Length                 -> BODY_LEN (0: DONE)
 *                 neither                        -> BODY_CLOSE
 *   BODY_LEN    Content-Length bytes -> DONE
 *   BODY_CLOSE  everything until http_resp_eof(clean) -> DONE
 *   CHUNK_SIZE  hex size, extensions ignored (RFC 9112 7.1.1); 0 -> TRAILER
 *   CHUNK_DATA  size bytes -> CHUNK_END (the CRLF) -> CHUNK_SIZE
 *   TRAILER     field lines, checked and dropped (RFC 9110 6.5) -> DONE
 *   FAIL        err set; every later call returns it
 * Lines end in CRLF or a bare LF (RFC 9112 2.2 lets a recipient accept
 * LF); a CR not followed by LF, or a NUL, is http-protocol.  Lines are
 * assembled in r->line (MX_HTTP_LINE_MAX) and all head and trailer bytes
 * counted against MX_HTTP_HEAD_MAX, so an endless line or an endless head
 * stops at a named limit.  Framing is strict (smuggling, RFC 9112 6.1 and
 * 6.3): Transfer-Encoding must be exactly "chunked", and never with a
 * Content-Length or in an HTTP/1.0 response; Content-Length is digits,
 * repeated only with the same value ("42, 42" allowed, RFC 9110 8.6).
 * Whitespace before a field's colon is rejected (RFC 9112 5.1); an
 * obs-fold continuing a field we read is rejected, one continuing another
 * field is dropped (RFC 9112 5.2 lets us consume it).
 */
#include <stddef.h>
#include <string.h>
#include "mxprobe/ascii.h"
#include "mxprobe/http.h"

static const char *const pst_str[HTTP_P__COUNT] = {
	[HTTP_P_STATUS]		= "status",
	[HTTP_P_HEADER]		= "header",
	[HTTP_P_BODY_LEN]	= "body-length",
	[HTTP_P_BODY_CLOSE]	= "body-close",
	[HTTP_P_CHUNK_SIZE]	= "chunk-size",
	[HTTP_P_CHUNK_DATA]	= "chunk-data",
	[HTTP_P_CHUNK_END]	= "chunk-end",
	[HTTP_P_TRAILER]	= "trailer",
	[HTTP_P_DONE]		= "done",
	[HTTP_P_FAIL]		= "fail",
};
_Static_assert(sizeof pst_str / sizeof pst_str[0] == HTTP_P__COUNT,
    "http parser state names");

/* Fields whose obs-fold continuation we refuse (their value matters). */
enum { F_NONE = -1, F_OTHER, F_CLEN, F_TE, F_CTYPE, F_LOCATION, F_CENC };

/* see http.h */
const char *
http_pst_str(enum http_pst s)
{
	return (unsigned)s < HTTP_P__COUNT ? pst_str[s] : "?";
}

/* see http.h */
const char *
http_framing_str(enum http_framing f)
{
	switch (f) {
	case HTTP_FR_NONE:	return "none";
	case HTTP_FR_EMPTY:	return "empty";
	case HTTP_FR_LENGTH:	return "length";
	case HTTP_FR_CHUNKED:	return "chunked";
	case HTTP_FR_CLOSE:	return "close";
	}
	return "?";
}

/* see http.h */
size_t
http_request(char *buf, size_t cap, const char *host, const char *path)
{
	/* identity only: RFC 9110 12.5.3 lets a server pick any coding else */
	static const char ua[] = "\r\nUser-Agent: mxprobe\r\n"
	    "Accept: text/plain\r\nAccept-Encoding: identity\r\n"
	    "Connection: close\r\n\r\n";
	size_t hl, pl, need, i, o;
	int v6;

	if (host == NULL || path == NULL || path[0] != '/')
		return 0;
	hl = strlen(host);
	pl = strlen(path);
	if (hl > 0 && host[hl - 1] == '.')
		hl--;		/* "example.org." is the same host */
	if (hl == 0 || hl > MX_NAME_MAX + 2 || pl > MX_HTTP_PATH_MAX)
		return 0;
	v6 = host[0] == '[';
	for (i = 0; i < hl; i++) {
		unsigned char c = (unsigned char)host[i];

		if (v6 ? !((c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' &&
		    ascii_lower(c) <= 'f') || c == ':' || c == '.' ||
		    (i == 0 && c == '[') || (i == hl - 1 && c == ']')) :
		    !((c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' &&
		    ascii_lower(c) <= 'z') || c == '.' || c == '-' || c == '_'))
			return 0;
	}
	if (v6 && (hl < 3 || host[hl - 1] != ']'))
		return 0;
	for (i = 0; i < pl; i++)
		if ((unsigned char)path[i] < 0x21 ||
		    (unsigned char)path[i] > 0x7e)
			return 0;
	need = 4 + pl + 17 + hl + sizeof ua - 1;
	if (need > cap)
		return 0;
	o = 0;
	memcpy(buf + o, "GET ", 4);
	o += 4;
	memcpy(buf + o, path, pl);
	o += pl;
	memcpy(buf + o, " HTTP/1.1\r\nHost: ", 17);
	o += 17;
	memcpy(buf + o, host, hl);
	o += hl;
	memcpy(buf + o, ua, sizeof ua - 1);
	o += sizeof ua - 1;
	return o;
}

/* Resets what one response head says (a 1xx head is forgotten). */
static void
head_reset(struct http_resp *r)
{
	r->status = 0;
	r->version = 0;
	r->framing = HTTP_FR_NONE;
	r->has_clen = 0;
	r->clen = 0;
	r->has_ctype = 0;
	r->ctype_count = 0;
	r->ctype_differs = 0;
	r->ctype[0] = '\0';
	r->ctype_truncated = 0;
	r->has_location = 0;
	r->location[0] = '\0';
	r->location_truncated = 0;
	r->coded = 0;
	r->has_te = 0;
	r->last_field = F_NONE;
}

/* see http.h */
void
http_resp_init(struct http_resp *r)
{
	/* the body is not cleared: body_len says what is valid */
	r->st = HTTP_P_STATUS;
	r->err = MX_OK;
	head_reset(r);
	r->interim = 0;
	r->head_bytes = 0;
	r->trailing = 0;
	r->complete = 0;
	r->closed_clean = 0;
	r->body_len = 0;
	r->left = 0;
	r->cr = 0;
	r->llen = 0;
}

static enum mx_err
fail(struct http_resp *r, enum mx_err e)
{
	if (r->err == MX_OK)
		r->err = e;
	r->st = HTTP_P_FAIL;
	return r->err;
}

static void
done(struct http_resp *r)
{
	r->st = HTTP_P_DONE;
	r->complete = 1;
}

static int
is_tchar(unsigned char c)
{
	/* RFC 9110 5.6.2 token characters */
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != 0 && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The status line in r->line[0..llen). */
static enum mx_err
on_status(struct http_resp *r)
{
	const char *l = r->line;
	size_t n = r->llen;

	/* "HTTP/1.1 200" is 12; the reason phrase may be empty or absent */
	if (n < 12 || memcmp(l, "HTTP/", 5) != 0 || l[5] != '1' ||
	    l[6] != '.' || l[7] < '0' || l[7] > '9' || l[8] != ' ' ||
	    l[9] < '1' || l[9] > '5' || l[10] < '0' || l[10] > '9' ||
	    l[11] < '0' || l[11] > '9' || (n > 12 && l[12] != ' '))
		return fail(r, MX_E_HTTP_PROTOCOL);
	r->version = l[7] == '0' ? 10 : 11;
	r->status = (unsigned)((l[9] - '0') * 100 + (l[10] - '0') * 10 +
	    (l[11] - '0'));
	r->st = HTTP_P_HEADER;
	return MX_OK;
}

/*
 * Content-Length value v[0..n): 1#DIGIT, every element the same
 * (RFC 9110 8.6).  Sets clen; -1 on anything else.
 */
static int
parse_clen(struct http_resp *r, const char *v, size_t n)
{
	size_t i = 0;
	uint64_t x;
	int any = 0;

	for (;;) {
		while (i < n && is_ows(v[i]))
			i++;
		if (i == n || v[i] < '0' || v[i] > '9')
			return -1;
		x = 0;
		while (i < n && v[i] >= '0' && v[i] <= '9') {
			/* 10^15 bytes is no length anyone means */
			if (x > 100000000000000ULL)
				return -1;
			x = x * 10 + (uint64_t)(v[i++] - '0');
		}
		if ((any || r->has_clen) && x != r->clen)
			return -1;
		r->clen = x;
		r->has_clen = any = 1;
		while (i < n && is_ows(v[i]))
			i++;
		if (i == n)
			return 0;
		if (v[i++] != ',')
			return -1;
	}
}

/* Copies v[0..n) into dst (cap bytes with the NUL); 1 if it was cut. */
static int
keep(char *dst, size_t cap, const char *v, size_t n)
{
	size_t k = n < cap - 1 ? n : cap - 1;

	memcpy(dst, v, k);
	dst[k] = '\0';
	return k < n;
}

/*
 * A field line in r->line[0..llen) (head or trailer); head: 1 if it is a
 * header field (we act on it), 0 for a trailer (checked, dropped).
 */
static enum mx_err
on_field(struct http_resp *r, int head)
{
	const char *l = r->line, *v;
	size_t n = r->llen, i, nl, vn;

	if (is_ows(l[0])) {
		/* obs-fold (RFC 9112 5.2) */
		if (r->last_field == F_NONE || r->last_field > F_OTHER)
			return fail(r, MX_E_HTTP_PROTOCOL);
		return MX_OK;
	}
	for (i = 0; i < n && l[i] != ':'; i++)
		if (!is_tchar((unsigned char)l[i]))
			return fail(r, MX_E_HTTP_PROTOCOL);
	if (i == 0 || i == n)
		return fail(r, MX_E_HTTP_PROTOCOL);
	nl = i;
	v = l + i + 1;
	vn = n - i - 1;
	while (vn > 0 && is_ows(v[0])) {
		v++;
		vn--;
	}
	while (vn > 0 && is_ows(v[vn - 1]))
		vn--;
	r->last_field = F_OTHER;
	if (!head)
		return MX_OK;
	if (ascii_eq_str(l, nl, "content-length")) {
		r->last_field = F_CLEN;
		if (parse_clen(r, v, vn) < 0)
			return fail(r, MX_E_HTTP_FRAMING);
	} else if (ascii_eq_str(l, nl, "transfer-encoding")) {
		r->last_field = F_TE;
		/* only "chunked", once: we asked for no other coding */
		if (r->has_te || !ascii_eq_str(v, vn, "chunked"))
			return fail(r, MX_E_HTTP_FRAMING);
		r->has_te = 1;
	} else if (ascii_eq_str(l, nl, "content-type")) {
		r->last_field = F_CTYPE;
		if (r->ctype_count++ == 0) {
			r->has_ctype = 1;
			r->ctype_truncated = keep(r->ctype, sizeof r->ctype,
			    v, vn);
		} else if (r->ctype_truncated ? vn <= MX_HTTP_CTYPE_MAX ||
		    memcmp(r->ctype, v, MX_HTTP_CTYPE_MAX) != 0 :
		    vn != strlen(r->ctype) || memcmp(r->ctype, v, vn) != 0)
			r->ctype_differs = 1;
	} else if (ascii_eq_str(l, nl, "location")) {
		r->last_field = F_LOCATION;
		if (!r->has_location) {
			r->has_location = 1;
			r->location_truncated = keep(r->location,
			    sizeof r->location, v, vn);
		}
	} else if (ascii_eq_str(l, nl, "content-encoding")) {
		r->last_field = F_CENC;
		if (vn > 0 && !ascii_eq_str(v, vn, "identity"))
			r->coded = 1;
	}
	return MX_OK;
}

/* The empty line after a head: decide how the body ends (RFC 9112 6.3). */
static enum mx_err
on_head_end(struct http_resp *r)
{
	if (r->status == 101)
		return fail(r, MX_E_HTTP_PROTOCOL);	/* no Upgrade asked */
	if (r->status < 200) {
		/* interim (100, 103 Early Hints): the final one follows */
		r->interim++;
		head_reset(r);
		r->st = HTTP_P_STATUS;
		return MX_OK;
	}
	if (r->has_te && (r->has_clen || r->version == 10))
		return fail(r, MX_E_HTTP_FRAMING);
	if (r->status == 204 || r->status == 304) {
		r->framing = HTTP_FR_EMPTY;
		done(r);
	} else if (r->has_te) {
		r->framing = HTTP_FR_CHUNKED;
		r->st = HTTP_P_CHUNK_SIZE;
	} else if (r->has_clen) {
		r->framing = HTTP_FR_LENGTH;
		if (r->clen > MX_HTTP_BODY_MAX)
			return fail(r, MX_E_HTTP_BODY);
		r->left = r->clen;
		if (r->left == 0)
			done(r);
		else
			r->st = HTTP_P_BODY_LEN;
	} else {
		r->framing = HTTP_FR_CLOSE;
		r->st = HTTP_P_BODY_CLOSE;
	}
	return MX_OK;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)ascii_lower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* chunk-size [ BWS ";" ext ] (RFC 9112 7.1, 7.1.1). */
static enum mx_err
on_chunk_size(struct http_resp *r)
{
	const char *l = r->line;
	size_t n = r->llen, i;
	uint64_t x = 0;
	int d;

	for (i = 0; i < n && (d = hexval(l[i])) >= 0; i++) {
		if (x >> 56)
			return fail(r, MX_E_HTTP_PROTOCOL);	/* overflow */
		x = x << 4 | (uint64_t)d;
	}
	if (i == 0)
		return fail(r, MX_E_HTTP_PROTOCOL);
	while (i < n && is_ows(l[i]))
		i++;
	if (i < n && l[i] != ';')
		return fail(r, MX_E_HTTP_PROTOCOL);
	if (x == 0) {
		r->st = HTTP_P_TRAILER;
		r->last_field = F_NONE;
		return MX_OK;
	}
	if (x > MX_HTTP_BODY_MAX - r->body_len)
		return fail(r, MX_E_HTTP_BODY);
	r->left = x;
	r->st = HTTP_P_CHUNK_DATA;
	return MX_OK;
}

/* One complete line (terminator stripped) in the current state. */
static enum mx_err
on_line(struct http_resp *r)
{
	switch (r->st) {
	case HTTP_P_STATUS:
		return on_status(r);
	case HTTP_P_HEADER:
		if (r->llen == 0)
			return on_head_end(r);
		return on_field(r, 1);
	case HTTP_P_CHUNK_SIZE:
		return on_chunk_size(r);
	case HTTP_P_CHUNK_END:
		/* content bytes were refused as they came */
		r->st = HTTP_P_CHUNK_SIZE;
		return MX_OK;
	case HTTP_P_TRAILER:
		if (r->llen == 0) {
			done(r);
			return MX_OK;
		}
		return on_field(r, 0);
	default:
		return fail(r, MX_E_INTERNAL);
	}
}

/* One byte of a line state. */
static enum mx_err
line_byte(struct http_resp *r, unsigned char c)
{
	enum mx_err e;

	if (r->st == HTTP_P_STATUS || r->st == HTTP_P_HEADER ||
	    r->st == HTTP_P_TRAILER) {
		if (++r->head_bytes > MX_HTTP_HEAD_MAX)
			return fail(r, MX_E_HTTP_HEAD);
	}
	if (c == '\n') {
		r->cr = 0;
		e = on_line(r);
		r->llen = 0;
		return e;
	}
	if (r->cr || c == '\0')
		return fail(r, MX_E_HTTP_PROTOCOL);	/* bare CR, NUL */
	if (c == '\r') {
		r->cr = 1;
		return MX_OK;
	}
	if (r->st == HTTP_P_CHUNK_END)
		return fail(r, MX_E_HTTP_PROTOCOL);	/* data past the size */
	/* room for the line ending too */
	if (r->llen >= MX_HTTP_LINE_MAX - 2)
		return fail(r, MX_E_HTTP_HEAD);
	r->line[r->llen++] = (char)c;
	return MX_OK;
}

/*
 * Appends p[0..n) to the body.  Past MX_HTTP_BODY_MAX the bytes that fit
 * are kept before it fails, so the body left behind is the same however
 * the bytes were cut into calls (a verdict must not depend on TCP
 * segmentation).
 */
static enum mx_err
body_put(struct http_resp *r, const unsigned char *p, size_t n)
{
	size_t	 room = MX_HTTP_BODY_MAX - r->body_len;

	memcpy(r->body + r->body_len, p, n < room ? n : room);
	r->body_len += n < room ? n : room;
	if (n > room)
		return fail(r, MX_E_HTTP_BODY);
	return MX_OK;
}

/* see http.h */
enum mx_err
http_resp_feed(struct http_resp *r, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t i = 0, n;

	while (i < len && r->err == MX_OK) {
		switch (r->st) {
		case HTTP_P_DONE:
			r->trailing += len - i;
			return MX_OK;
		case HTTP_P_BODY_LEN:
		case HTTP_P_CHUNK_DATA:
			n = len - i;
			if ((uint64_t)n > r->left)
				n = (size_t)r->left;
			if (body_put(r, s + i, n) != MX_OK)
				break;
			i += n;
			r->left -= n;
			if (r->left == 0) {
				if (r->st == HTTP_P_BODY_LEN)
					done(r);
				else
					r->st = HTTP_P_CHUNK_END;
			}
			break;
		case HTTP_P_BODY_CLOSE:
			if (body_put(r, s + i, len - i) != MX_OK)
				break;
			i = len;
			break;
		case HTTP_P_FAIL:
			return fail(r, MX_E_INTERNAL);
		default:
			line_byte(r, s[i++]);
			break;
		}
	}
	return r->err;
}

/* see http.h */
enum mx_err
http_resp_eof(struct http_resp *r, int clean)
{
	if (r->err != MX_OK || r->st == HTTP_P_DONE)
		return r->err;
	if (r->st == HTTP_P_BODY_CLOSE && clean) {
		r->closed_clean = 1;
		done(r);
		return MX_OK;
	}
	return fail(r, MX_E_HTTP_TRUNCATED);
}

/* see http.h */
int
http_media_is(const struct http_resp *r, const char *type)
{
	const char *v = r->ctype;
	size_t i, n;

	if (!r->has_ctype)
		return 0;
	n = strlen(type);
	for (i = 0; i < n; i++)
		if (v[i] == '\0' || ascii_lower((unsigned char)v[i]) !=
		    ascii_lower((unsigned char)type[i]))
			return 0;
	while (is_ows(v[i]))
		i++;
	if (v[i] == ';')
		return 1;
	/* the end of a cut value is not the end of the field */
	return v[i] == '\0' && !r->ctype_truncated;
}

/* see http.h */
enum mx_err
http_sts_verdict(const struct http_resp *r)
{
	if (r->err != MX_OK)
		return r->err;
	if (!r->complete)
		return MX_E_HTTP_TRUNCATED;
	if (r->status >= 300 && r->status < 400)
		return MX_E_HTTP_REDIRECT;
	if (r->status != 200)
		return MX_E_HTTP_STATUS;
	if (!http_media_is(r, "text/plain") || r->ctype_differs)
		return MX_E_HTTP_CONTENT_TYPE;
	if (r->coded)
		return MX_E_HTTP_ENCODING;
	return MX_OK;
}
