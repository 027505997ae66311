/*
 * http.h -- HTTP/1.1 for one GET: the request we send and an incremental
 * parser of the response, no I/O (RFC 9112 message syntax, RFC 9110
 * semantics).  Enough for the MTA-STS policy fetch (RFC 8461 3.3), and no
 * more: no redirects followed, no caching, no content codings.
 *
 * The parser takes the bytes as they come, split anywhere; every capacity
 * is a constant of limits.h (MX_HTTP_*) and hitting one is a named error,
 * never a silent cut.  The body is kept whole in the struct (at most
 * MX_HTTP_BODY_MAX bytes).  Framing follows RFC 9112 6.3, strictly, since
 * a message whose length two parties read differently is how requests are
 * smuggled: Transfer-Encoding other than "chunked", Transfer-Encoding with
 * Content-Length, in an HTTP/1.0 response, or Content-Length values that
 * differ, are http-bad-framing.
 */
#ifndef MXPROBE_HTTP_H
#define MXPROBE_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"

/*
 * Writes the request into buf[0..cap):
 *	GET <path> HTTP/1.1
 *	Host: <host>			(one trailing dot dropped)
 *	User-Agent: mxprobe
 *	Accept: text/plain
 *	Accept-Encoding: identity	(RFC 9110 12.5.3: else any coding goes)
 *	Connection: close
 * each line CRLF-ended, then an empty line.  path must start with '/' and
 * hold only visible ASCII (0x21-0x7e); host only [A-Za-z0-9.-_] and, for
 * an IPv6 literal, "[...:...]".  Returns the length, or 0 if the text does
 * not fit cap (MX_HTTP_REQ_MAX always fits a path of MX_HTTP_PATH_MAX and a
 * host of MX_NAME_MAX) or a name is not acceptable.
 */
size_t http_request(char *buf, size_t cap, const char *host,
    const char *path);

/* Parser states, in order; HTTP_P_DONE once the response is complete. */
enum http_pst {
	HTTP_P_STATUS,		/* status line */
	HTTP_P_HEADER,		/* header fields up to the empty line */
	HTTP_P_BODY_LEN,	/* Content-Length bytes left */
	HTTP_P_BODY_CLOSE,	/* body until the connection closes */
	HTTP_P_CHUNK_SIZE,	/* chunk-size [; ext] line */
	HTTP_P_CHUNK_DATA,	/* chunk bytes left */
	HTTP_P_CHUNK_END,	/* CRLF after a chunk's data */
	HTTP_P_TRAILER,		/* trailer fields after the last chunk */
	HTTP_P_DONE,
	HTTP_P_FAIL,		/* err says why; nothing more is read */
	HTTP_P__COUNT
};

/* How the body's end is known (RFC 9112 6.3). */
enum http_framing {
	HTTP_FR_NONE,		/* not yet known */
	HTTP_FR_EMPTY,		/* 1xx/204/304: no body */
	HTTP_FR_LENGTH,		/* Content-Length */
	HTTP_FR_CHUNKED,	/* Transfer-Encoding: chunked */
	HTTP_FR_CLOSE		/* neither: complete only at a clean close */
};

struct http_resp {
	enum http_pst	 st;
	enum mx_err	 err;		/* sticky: first error wins */
	/* facts of the final response (1xx interim ones are skipped) */
	unsigned	 version;	/* 10 (HTTP/1.0), 11 (1.1 and 1.x) */
	unsigned	 status;	/* 100-999; 0 before the status line */
	enum http_framing framing;
	int		 has_clen;
	uint64_t	 clen;		/* Content-Length value */
	int		 has_ctype;
	unsigned	 ctype_count;	/* Content-Type fields seen */
	int		 ctype_differs;	/* two of them disagree */
	char		 ctype[MX_HTTP_CTYPE_MAX + 1];	/* first, OWS trimmed */
	int		 ctype_truncated;
	int		 has_location;
	char		 location[MX_HTTP_LOCATION_MAX + 1];
	int		 location_truncated;
	int		 coded;		/* Content-Encoding not identity */
	unsigned	 interim;	/* 1xx responses skipped */
	size_t		 head_bytes;	/* all heads and trailers so far */
	size_t		 trailing;	/* bytes fed after the end (ignored) */
	int		 complete;	/* st == HTTP_P_DONE */
	int		 closed_clean;	/* close-delimited, ended by close */
	/* the body, complete once st == HTTP_P_DONE */
	size_t		 body_len;
	unsigned char	 body[MX_HTTP_BODY_MAX];
	/* parser scratch (private) */
	uint64_t	 left;		/* of Content-Length or of a chunk */
	int		 cr;		/* the line so far ends in CR */
	int		 last_field;	/* what an obs-fold would continue */
	int		 has_te;
	size_t		 llen;
	char		 line[MX_HTTP_LINE_MAX];
};

/* Ready to parse a new response (the struct is never copied: ~68 KB). */
void http_resp_init(struct http_resp *r);
/*
 * Parses p[0..len), any split of the response.  Returns r->err: MX_OK
 * while all is well (complete or not: read r->complete), else the error
 * that stopped parsing for good:
 *	http-protocol         not an HTTP/1.x status line, a field line
 *	                      without ':' or with space before it, a bare CR,
 *	                      an obs-fold continuing a field we read, a bad
 *	                      chunk-size line or chunk end, 101 we did not ask
 *	http-header-too-long  a line over MX_HTTP_LINE_MAX or all heads and
 *	                      trailers over MX_HTTP_HEAD_MAX
 *	http-body-too-large   Content-Length or the body over MX_HTTP_BODY_MAX
 *	http-bad-framing      see the top of this file; also a Content-Length
 *	                      that is not digits or overflows
 * Bytes after a complete response are counted in r->trailing, not parsed
 * (we asked for Connection: close; nothing may follow).
 */
enum mx_err http_resp_feed(struct http_resp *r, const void *p, size_t len);
/*
 * The connection ended.  clean: it ended as the server meant it to (TLS
 * close_notify received; RFC 9112 9.8: without it, only a Content-Length
 * or chunked response that is already complete counts).  A close-delimited
 * body becomes complete on a clean end; anything else unfinished is
 * http-truncated.  Returns r->err.
 */
enum mx_err http_resp_eof(struct http_resp *r, int clean);
/*
 * 1 if the media type of the (first) Content-Type equals type ("text/plain"),
 * ASCII case-insensitive, parameters allowed ("text/plain; charset=utf-8").
 */
int http_media_is(const struct http_resp *r, const char *type);
/*
 * The MTA-STS verdict on a complete response (RFC 8461 3.3): MX_OK for
 * status 200 with media type text/plain (one Content-Type, or several
 * that agree) and no content coding; else, first that applies:
 *	r->err, or http-truncated if not complete
 *	http-redirect         3xx (not followed; r->location says where)
 *	http-status           any other status than 200
 *	http-content-type     missing, other, or conflicting Content-Type
 *	http-content-encoding a Content-Encoding other than identity
 * The body size limit is the parser's (http-body-too-large).
 */
enum mx_err http_sts_verdict(const struct http_resp *r);
/* "status", "header", ... "done", "fail". */
const char *http_pst_str(enum http_pst s);
/* "none", "empty", "length", "chunked", "close". */
const char *http_framing_str(enum http_framing f);

#endif
