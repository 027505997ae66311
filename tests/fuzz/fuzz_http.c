/*
 * fuzz_http.c -- the HTTP response parser (http.h) on arbitrary bytes.
 *
 * The input is one server's whole answer.  It is parsed three ways: in one
 * call, one byte at a time, and in pieces whose sizes come from the input's
 * own bytes; each ends with http_resp_eof (clean when the input's length
 * is even).  The target traps if the three disagree, or if a result breaks
 * the parser's contract: bounded body, head, Location and Content-Type;
 * complete exactly when done; an error exactly when failed; a verdict of
 * ok only for a complete 200 text/plain.  The input is also tried as the
 * host and the path of a request, which must then be well formed.
 *
 * Seeds (tests/fuzz/corpus/http/): nginx_* are answers of a real nginx
 * 1.22 (a tests/lib/nginx.sh instance, read with `openssl s_client` and
 * mxprobe's own request): the policy file, a 301, a 404, text/html, no
 * Content-Type, a body of 64 KB + 1; body_too_large_close was found by
 * `make fuzz` (a close-delimited body past MX_HTTP_BODY_MAX kept more of
 * the body fed byte by byte than fed whole); the others are hand-made,
 * one property each; request_* are host and path for http_request.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static: three parsers are ~200 KB */
static struct http_resp	 whole, bytes, pieces;
static char		 req[MX_HTTP_REQ_MAX];
static char		 text[MX_HTTP_REQ_MAX];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
check_resp(const struct http_resp *r)
{
	enum mx_err v;

	check(r->body_len <= MX_HTTP_BODY_MAX);
	check(r->head_bytes <= MX_HTTP_HEAD_MAX + 1);
	check(r->llen <= MX_HTTP_LINE_MAX);
	check(strlen(r->ctype) <= MX_HTTP_CTYPE_MAX);
	check(strlen(r->location) <= MX_HTTP_LOCATION_MAX);
	check(r->complete == (r->st == HTTP_P_DONE));
	check((r->err != MX_OK) == (r->st == HTTP_P_FAIL));
	/* after eof nothing is left waiting */
	check(r->complete || r->err != MX_OK);
	check(r->err == MX_OK || r->err == MX_E_HTTP_PROTOCOL ||
	    r->err == MX_E_HTTP_HEAD || r->err == MX_E_HTTP_BODY ||
	    r->err == MX_E_HTTP_FRAMING || r->err == MX_E_HTTP_TRUNCATED);
	if (r->complete) {
		check(r->status >= 200 && r->status <= 599);
		check(r->version == 10 || r->version == 11);
		check(r->framing != HTTP_FR_NONE);
		if (r->framing == HTTP_FR_LENGTH)
			check(r->body_len == r->clen);
		if (r->framing == HTTP_FR_EMPTY)
			check(r->body_len == 0);
		check(!(r->has_clen && r->framing == HTTP_FR_CHUNKED));
	}
	v = http_sts_verdict(r);
	if (v == MX_OK)
		check(r->complete && r->status == 200 &&
		    http_media_is(r, "text/plain") && !r->coded);
	else if (r->err == MX_OK && r->complete && r->status == 200 &&
	    http_media_is(r, "text/plain"))
		check(v == MX_E_HTTP_CONTENT_TYPE || v == MX_E_HTTP_ENCODING);
}

static int
same(const struct http_resp *a, const struct http_resp *b)
{
	return a->err == b->err && a->st == b->st && a->status == b->status &&
	    a->version == b->version && a->framing == b->framing &&
	    a->complete == b->complete && a->body_len == b->body_len &&
	    memcmp(a->body, b->body, a->body_len) == 0 &&
	    strcmp(a->ctype, b->ctype) == 0 &&
	    strcmp(a->location, b->location) == 0 &&
	    a->clen == b->clen && a->head_bytes == b->head_bytes &&
	    a->trailing == b->trailing && a->interim == b->interim &&
	    a->coded == b->coded && a->ctype_differs == b->ctype_differs;
}

/* host = text up to the first '\n', path = the rest (to a NUL) */
static void
check_request(const uint8_t *data, size_t size)
{
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1, i, k;
	const char *path;
	char *nl;

	memcpy(text, data, n);
	text[n] = '\0';
	nl = strchr(text, '\n');
	if (nl == NULL)
		return;
	*nl = '\0';
	path = nl + 1;
	k = http_request(req, sizeof req, text, path);
	if (k == 0)
		return;
	check(k <= sizeof req);
	check(memcmp(req, "GET /", 5) == 0);
	check(memcmp(req + k - 4, "\r\n\r\n", 4) == 0);
	/* no CR or LF but the line ends: nothing was injected */
	for (i = 0; i < k; i++) {
		check(req[i] >= 0x20 || req[i] == '\r' || req[i] == '\n');
		if (req[i] == '\r')
			check(i + 1 < k && req[i + 1] == '\n');
		if (req[i] == '\n')
			check(i > 0 && req[i - 1] == '\r');
	}
	check(memmem(req, k, "\r\n\r\n", 4) == req + k - 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int clean = (size & 1) == 0;
	size_t i, step;

	http_resp_init(&whole);
	http_resp_feed(&whole, data, size);
	http_resp_eof(&whole, clean);
	check_resp(&whole);

	http_resp_init(&bytes);
	for (i = 0; i < size; i++)
		http_resp_feed(&bytes, data + i, 1);
	http_resp_eof(&bytes, clean);
	check(same(&whole, &bytes));

	http_resp_init(&pieces);
	for (i = 0; i < size; i += step) {
		step = 1 + data[i] % 61;
		if (step > size - i)
			step = size - i;
		http_resp_feed(&pieces, data + i, step);
	}
	http_resp_eof(&pieces, clean);
	check(same(&whole, &pieces));

	check_request(data, size);
	return 0;
}
