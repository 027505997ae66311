/*
 * test_http.c -- the GET request and the response parser (http.h).
 *
 * Responses are text below: nginx 1.22's own answers for the policy file,
 * a redirect and a 404 as a tests/lib/nginx.sh instance gave them to
 * `openssl s_client` (only the dates and the body differ from the real
 * captures kept as fuzz seeds, tests/fuzz/corpus/http/nginx_*), and
 * hand-made ones with one property each.  Every response is also parsed
 * at every split point and byte by byte, and must give the same facts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mxprobe/http.h"
#include "t.h"

#define T_ERR(e, want, name)	T_EQ_STR(mx_err_str(e), (want), (name))

static struct http_resp	 r, r2;

/* nginx 1.22, "location = /.well-known/mta-sts.txt" with default_type */
static const char nginx_200[] =
    "HTTP/1.1 200 OK\r\n"
    "Server: nginx/1.22.1\r\n"
    "Date: Mon, 01 Jun 2026 00:00:00 GMT\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 72\r\n"
    "Last-Modified: Mon, 01 Jun 2026 00:00:00 GMT\r\n"
    "Connection: close\r\n"
    "ETag: \"6a3f1e00-48\"\r\n"
    "Accept-Ranges: bytes\r\n"
    "\r\n"
    "version: STSv1\nmode: enforce\nmx: mx.mxprobe.test\nmax_age: 86400\n"
    "\n\n\n\n\n\n\n\n";
static const char nginx_body[] =
    "version: STSv1\nmode: enforce\nmx: mx.mxprobe.test\nmax_age: 86400\n"
    "\n\n\n\n\n\n\n\n";

/* nginx "return 301 https://elsewhere.test/policy;" */
static const char nginx_301[] =
    "HTTP/1.1 301 Moved Permanently\r\n"
    "Server: nginx/1.22.1\r\n"
    "Date: Mon, 01 Jun 2026 00:00:00 GMT\r\n"
    "Content-Type: text/html\r\n"
    "Content-Length: 169\r\n"
    "Connection: close\r\n"
    "Location: https://elsewhere.test/policy\r\n"
    "\r\n"
    "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n"
    "<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
    "<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

static const char nginx_404[] =
    "HTTP/1.1 404 Not Found\r\n"
    "Server: nginx/1.22.1\r\n"
    "Content-Type: text/html\r\n"
    "Content-Length: 153\r\n"
    "Connection: close\r\n"
    "\r\n"
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n"
    "<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
    "<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

/* chunked, with extensions and a trailer */
static const char chunked[] =
    "HTTP/1.1 200 OK\r\n"
    "Transfer-Encoding: chunked\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "5;name=value\r\n"
    "hello\r\n"
    "6 ; quoted=\"a;b\"\r\n"
    " world\r\n"
    "A\r\n"
    "0123456789\r\n"
    "0\r\n"
    "X-Checksum: 1234\r\n"
    "Expires: never\r\n"
    "\r\n";

static enum mx_err
parse(struct http_resp *p, const char *s, size_t n, int eof, int clean)
{
	http_resp_init(p);
	http_resp_feed(p, s, n);
	if (eof)
		http_resp_eof(p, clean);
	return p->err;
}

#define PARSE(s)	parse(&r, (s), strlen(s), 0, 0)
#define PARSE_EOF(s, c)	parse(&r, (s), strlen(s), 1, (c))

/* Same facts in a and b. */
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
	    a->interim == b->interim && a->trailing == b->trailing;
}

/*
 * Parses s[0..n) whole into r, then at every split point and byte by
 * byte into r2; returns the number of splits that differed.
 */
static int
splits(const char *s, size_t n, int eof, int clean)
{
	size_t k;
	int bad = 0;

	parse(&r, s, n, eof, clean);
	for (k = 0; k <= n; k++) {
		http_resp_init(&r2);
		http_resp_feed(&r2, s, k);
		http_resp_feed(&r2, s + k, n - k);
		if (eof)
			http_resp_eof(&r2, clean);
		if (!same(&r, &r2)) {
			printf("# split at %zu differs\n", k);
			bad++;
		}
	}
	http_resp_init(&r2);
	for (k = 0; k < n; k++)
		http_resp_feed(&r2, s + k, 1);
	if (eof)
		http_resp_eof(&r2, clean);
	if (!same(&r, &r2)) {
		printf("# byte by byte differs\n");
		bad++;
	}
	return bad;
}

/* LF-only copy of a CRLF text. */
static size_t
to_lf(char *dst, const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			dst[n++] = *s;
	dst[n] = '\0';
	return n;
}

static void
test_request(void)
{
	char b[MX_HTTP_REQ_MAX], path[MX_HTTP_PATH_MAX + 2], host[300];
	size_t n;
	static const char want[] =
	    "GET /.well-known/mta-sts.txt HTTP/1.1\r\n"
	    "Host: mta-sts.example.org\r\n"
	    "User-Agent: mxprobe\r\n"
	    "Accept: text/plain\r\n"
	    "Accept-Encoding: identity\r\n"
	    "Connection: close\r\n"
	    "\r\n";

	n = http_request(b, sizeof b, "mta-sts.example.org",
	    "/.well-known/mta-sts.txt");
	T_EQ_INT(n, sizeof want - 1, "request: length");
	T_EQ_MEM(b, want, sizeof want - 1, "request: the exact bytes");
	n = http_request(b, sizeof b, "mta-sts.example.org.",
	    "/.well-known/mta-sts.txt");
	T_EQ_INT(n, sizeof want - 1, "request: trailing dot dropped");
	T_EQ_MEM(b, want, sizeof want - 1, "request: trailing dot, same bytes");
	T_EQ_INT(http_request(b, sizeof want - 2, "mta-sts.example.org",
	    "/.well-known/mta-sts.txt"), 0, "request: one byte short: 0");
	T_EQ_INT(http_request(b, sizeof want - 1, "mta-sts.example.org",
	    "/.well-known/mta-sts.txt"), sizeof want - 1,
	    "request: exact fit");
	T_EQ_INT(http_request(b, sizeof b, "mta-sts.example.org", "/a b"), 0,
	    "request: space in path refused");
	T_EQ_INT(http_request(b, sizeof b, "mta-sts.example.org", "/a\r\nX: y"),
	    0, "request: CRLF in path refused (header injection)");
	T_EQ_INT(http_request(b, sizeof b, "evil\r\nX: y", "/"), 0,
	    "request: CRLF in host refused");
	T_EQ_INT(http_request(b, sizeof b, "a b", "/"), 0,
	    "request: space in host refused");
	T_EQ_INT(http_request(b, sizeof b, "example.org", "relative"), 0,
	    "request: path must start with /");
	T_EQ_INT(http_request(b, sizeof b, "", "/"), 0,
	    "request: empty host refused");
	n = http_request(b, sizeof b, "[2001:db8::1]", "/x");
	T_OK(n > 0 && memmem(b, n, "Host: [2001:db8::1]\r\n", 21) != NULL,
	    "request: IPv6 literal host in brackets");
	T_EQ_INT(http_request(b, sizeof b, "[2001:db8::1", "/x"), 0,
	    "request: unclosed bracket refused");
	memset(path, 'a', sizeof path);
	path[0] = '/';
	path[MX_HTTP_PATH_MAX] = '\0';
	memset(host, 'h', sizeof host);
	host[MX_NAME_MAX] = '\0';
	T_OK(http_request(b, sizeof b, host, path) > 0,
	    "request: longest host and path fit MX_HTTP_REQ_MAX");
	path[MX_HTTP_PATH_MAX] = 'a';
	path[MX_HTTP_PATH_MAX + 1] = '\0';
	T_EQ_INT(http_request(b, sizeof b, host, path), 0,
	    "request: path over MX_HTTP_PATH_MAX refused");
}

static void
test_nginx(void)
{
	char lf[1024];
	size_t n;

	T_ERR(PARSE(nginx_200), "ok", "nginx 200: parses");
	T_OK(r.complete, "nginx 200: complete without EOF (Content-Length)");
	T_EQ_INT(r.status, 200, "nginx 200: status");
	T_EQ_INT(r.version, 11, "nginx 200: HTTP/1.1");
	T_EQ_STR(http_framing_str(r.framing), "length", "nginx 200: framing");
	T_EQ_INT(r.clen, 72, "nginx 200: Content-Length");
	T_EQ_INT(r.body_len, sizeof nginx_body - 1, "nginx 200: body length");
	T_EQ_MEM(r.body, nginx_body, sizeof nginx_body - 1, "nginx 200: body");
	T_EQ_STR(r.ctype, "text/plain; charset=utf-8", "nginx 200: ctype");
	T_OK(http_media_is(&r, "text/plain"), "nginx 200: media text/plain");
	T_ERR(http_sts_verdict(&r), "ok", "nginx 200: MTA-STS verdict ok");
	T_EQ_INT(r.has_location, 0, "nginx 200: no Location");
	T_EQ_INT(splits(nginx_200, sizeof nginx_200 - 1, 0, 0), 0,
	    "nginx 200: every split point and byte by byte agree");
	T_EQ_INT(r.trailing, 0, "nginx 200: nothing after the body");

	n = to_lf(lf, nginx_200);
	T_ERR(parse(&r, lf, n, 0, 0), "ok", "LF-only 200: parses");
	T_OK(r.complete && r.status == 200 &&
	    strcmp(r.ctype, "text/plain; charset=utf-8") == 0,
	    "LF-only 200: same facts");
	T_EQ_INT(splits(lf, n, 0, 0), 0, "LF-only 200: every split agrees");

	T_ERR(PARSE(nginx_301), "ok", "nginx 301: parses");
	T_EQ_INT(r.status, 301, "nginx 301: status");
	T_OK(r.complete, "nginx 301: complete");
	T_EQ_STR(r.location, "https://elsewhere.test/policy",
	    "nginx 301: Location kept");
	T_ERR(http_sts_verdict(&r), "http-redirect",
	    "nginx 301: verdict http-redirect (not followed)");
	T_EQ_INT(splits(nginx_301, sizeof nginx_301 - 1, 0, 0), 0,
	    "nginx 301: every split agrees");

	T_ERR(PARSE(nginx_404), "ok", "nginx 404: parses");
	T_EQ_INT(r.status, 404, "nginx 404: status");
	T_ERR(http_sts_verdict(&r), "http-status", "nginx 404: http-status");
	T_OK(!http_media_is(&r, "text/plain"), "nginx 404: text/html");
}

static void
test_chunked(void)
{
	static const char big_chunk[] =
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "10001\r\n";
	char buf[256];

	T_ERR(PARSE(chunked), "ok", "chunked: parses");
	T_OK(r.complete, "chunked: complete at the trailer's end");
	T_EQ_STR(http_framing_str(r.framing), "chunked", "chunked: framing");
	T_EQ_INT(r.body_len, 21, "chunked: body length");
	T_EQ_MEM(r.body, "hello world0123456789", 21, "chunked: body joined");
	T_ERR(http_sts_verdict(&r), "ok", "chunked: verdict ok");
	T_EQ_INT(splits(chunked, sizeof chunked - 1, 0, 0), 0,
	    "chunked: every split point and byte by byte agree");

	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n"
	    "a\r\n0123456789\r\n0\r\n\r\n"), "ok",
	    "chunked: coding name and hex case-insensitive");
	T_EQ_INT(r.body_len, 10, "chunked: lower-case hex size");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhelloX\r\n0\r\n\r\n"), "http-protocol",
	    "chunked: data longer than its size");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "zz\r\nhello\r\n"), "http-protocol", "chunked: size not hex");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5 x\r\nhello\r\n"), "http-protocol",
	    "chunked: junk after the size");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "\r\nhello\r\n"), "http-protocol", "chunked: empty size line");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "10000000000000005\r\nhello\r\n"), "http-protocol",
	    "chunked: size overflowing 64 bits");
	T_ERR(PARSE(big_chunk), "http-body-too-large",
	    "chunked: one chunk over MX_HTTP_BODY_MAX fails at its size");
	T_ERR(PARSE_EOF("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhello\r\n", 1), "http-truncated",
	    "chunked: no last chunk, even with close_notify: truncated");
	T_ERR(PARSE_EOF("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhello\r\n0\r\n\r\n", 0), "ok",
	    "chunked: complete, then EOF without close_notify: ok");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhello\r\n0\r\n\r\nGARBAGE"), "ok",
	    "chunked: bytes after the end are not parsed");
	T_EQ_INT(r.trailing, 7, "chunked: ... they are counted");
	/* chunks of 4 KB until one passes the cap */
	{
		static char many[80000];
		size_t n = 0, i;

		n += (size_t)snprintf(many, sizeof many, "HTTP/1.1 200 OK\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n");
		for (i = 0; i < 17; i++) {
			n += (size_t)snprintf(many + n, sizeof many - n,
			    "1000\r\n");
			memset(many + n, 'x', 4096);
			n += 4096;
			memcpy(many + n, "\r\n", 2);
			n += 2;
		}
		T_ERR(parse(&r, many, n, 0, 0), "http-body-too-large",
		    "chunked: 17 chunks of 4 KB: body too large");
		T_EQ_INT(r.body_len, 65536, "chunked: 16 chunks were kept");
	}
	/* trailer fields are checked, not used */
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Type: text/plain\r\n\r\n0\r\nContent-Type: text/html\r\n"
	    "\r\n"), "ok", "chunked: a trailer field never replaces a header");
	T_OK(http_media_is(&r, "text/plain"), "chunked: ... ctype unchanged");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "0\r\nbad trailer\r\n\r\n"), "http-protocol",
	    "chunked: malformed trailer field");
	snprintf(buf, sizeof buf, "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n0;ext\r\n\r\n");
	T_ERR(PARSE(buf), "ok", "chunked: last chunk with an extension");
	T_EQ_INT(r.body_len, 0, "chunked: empty body");
}

static void
test_limits(void)
{
	static char big[MX_HTTP_BODY_MAX + 4096];
	size_t n, i;

	/* exactly MX_HTTP_BODY_MAX by Content-Length: fits */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n",
	    MX_HTTP_BODY_MAX);
	memset(big + n, 'p', MX_HTTP_BODY_MAX);
	T_ERR(parse(&r, big, n + MX_HTTP_BODY_MAX, 0, 0), "ok",
	    "body of exactly MX_HTTP_BODY_MAX fits");
	T_EQ_INT(r.body_len, MX_HTTP_BODY_MAX, "... and is kept whole");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nContent-Length: 65537\r\n\r\n"),
	    "http-body-too-large",
	    "Content-Length over MX_HTTP_BODY_MAX fails before the body");
	/* close-delimited, one byte over */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/plain\r\n\r\n");
	memset(big + n, 'p', MX_HTTP_BODY_MAX + 1);
	T_ERR(parse(&r, big, n + MX_HTTP_BODY_MAX + 1, 1, 1),
	    "http-body-too-large", "close-delimited body one byte over");
	/*
	 * The same body fed whole and fed byte by byte must leave the same
	 * facts: whole, the bytes past the limit come in one run that does
	 * not fit; byte by byte, the limit is reached one byte at a time.
	 * Either way the body holds the first MX_HTTP_BODY_MAX bytes.
	 */
	T_EQ_INT(splits(big, n + MX_HTTP_BODY_MAX + 1, 1, 1), 0,
	    "close-delimited body over the limit: whole, split, byte by "
	    "byte agree");
	T_EQ_INT(r.body_len, MX_HTTP_BODY_MAX,
	    "... the body keeps the MX_HTTP_BODY_MAX bytes that fit");
	T_ERR(parse(&r, big, n + MX_HTTP_BODY_MAX, 1, 1), "ok",
	    "close-delimited body of exactly MX_HTTP_BODY_MAX");

	/* header block: many short fields */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n");
	for (i = 0; n < MX_HTTP_HEAD_MAX + 100; i++)
		n += (size_t)snprintf(big + n, sizeof big - n,
		    "X-Field-%04zu: some value here\r\n", i);
	T_ERR(parse(&r, big, n, 0, 0), "http-header-too-long",
	    "head over MX_HTTP_HEAD_MAX");
	T_EQ_INT(r.head_bytes, MX_HTTP_HEAD_MAX + 1,
	    "... stops at the first byte over");
	/* one endless line: fails within MX_HTTP_LINE_MAX, not at EOF */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\nX-Long: ");
	memset(big + n, 'a', 50000);
	http_resp_init(&r);
	for (i = 0; i < n + 50000 && r.err == MX_OK; i++)
		http_resp_feed(&r, big + i, 1);
	T_ERR(r.err, "http-header-too-long", "endless header line");
	T_OK(i <= 17 + MX_HTTP_LINE_MAX, "... fails within MX_HTTP_LINE_MAX");
	/* endless status line */
	memset(big, 'H', 5000);
	T_ERR(parse(&r, big, 5000, 0, 0), "http-header-too-long",
	    "endless status line");
	/* a line of exactly MX_HTTP_LINE_MAX with its CRLF fits */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\nX: ");
	memset(big + n, 'a', MX_HTTP_LINE_MAX - 2 - 3);
	n += MX_HTTP_LINE_MAX - 2 - 3;
	n += (size_t)snprintf(big + n, sizeof big - n,
	    "\r\nContent-Length: 0\r\n\r\n");
	T_ERR(parse(&r, big, n, 0, 0), "ok", "line of MX_HTTP_LINE_MAX fits");
	/* Location and Content-Type kept bounded, never silently */
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 302 Found\r\n"
	    "Content-Length: 0\r\nLocation: https://x.test/");
	memset(big + n, 'l', 600);
	n += 600;
	n += (size_t)snprintf(big + n, sizeof big - n, "\r\n\r\n");
	T_ERR(parse(&r, big, n, 0, 0), "ok", "600-byte Location parses");
	T_OK(r.location_truncated && strlen(r.location) ==
	    MX_HTTP_LOCATION_MAX, "... cut to MX_HTTP_LOCATION_MAX, flagged");
	T_ERR(http_sts_verdict(&r), "http-redirect", "... verdict redirect");
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n"
	    "Content-Length: 0\r\nContent-Type: text/plain; x=");
	memset(big + n, 'c', 300);
	n += 300;
	n += (size_t)snprintf(big + n, sizeof big - n, "\r\n\r\n");
	T_ERR(parse(&r, big, n, 0, 0), "ok", "long Content-Type parses");
	T_OK(r.ctype_truncated, "... cut, flagged");
	T_OK(http_media_is(&r, "text/plain"),
	    "... media type still judged: text/plain");
	n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n"
	    "Content-Length: 0\r\nContent-Type: text/plain");
	memset(big + n, 'c', 300);
	n += 300;
	n += (size_t)snprintf(big + n, sizeof big - n, "\r\n\r\n");
	parse(&r, big, n, 0, 0);
	T_OK(!http_media_is(&r, "text/plain"),
	    "text/plainccc... (cut) is not text/plain");
}

static void
test_status(void)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/2.0 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"HTTP/1.1  200 OK\r\n\r\n",
		"HTTP/1.1 600 Nope\r\n\r\n",
		"HTTP/1.1 099 Nope\r\n\r\n",
		"http/1.1 200 OK\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
		"SSH-2.0-OpenSSH_9.2\r\n",
		"220 mx.example ESMTP\r\n",
		"\r\n",
		"HTTP/1.1 200 OK\rX: y\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
		"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
		"HTTP/1.1 200 OK\r\n folded-first\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
		    " ;text/plain\r\n\r\n",
		"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
	};
	static const char nul[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n";
	char name[96];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "bad head %zu: http-protocol", i);
		T_ERR(PARSE(bad[i]), "http-protocol", name);
	}
	T_ERR(parse(&r, nul, sizeof nul - 1, 0, 0), "http-protocol",
	    "NUL in a field value: http-protocol");
	T_ERR(PARSE("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"), "ok",
	    "status line without reason phrase or its SP");
	T_ERR(PARSE("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n"), "ok",
	    "status line with an empty reason phrase");
	T_ERR(PARSE("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), "ok",
	    "HTTP/1.0");
	T_EQ_INT(r.version, 10, "... version 10");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\n"
	    "Content-Length: 0\r\n\r\n"), "ok",
	    "obs-fold of a field we ignore is consumed");
	T_ERR(PARSE("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
	    "Link: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	    "Content-Length: 2\r\n\r\nok"), "ok", "1xx heads are skipped");
	T_EQ_INT(r.interim, 2, "... two of them");
	T_EQ_INT(r.status, 200, "... the final status");
	T_EQ_INT(r.body_len, 2, "... and its body");
	T_ERR(PARSE("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"),
	    "ok", "204: no body whatever Content-Length says");
	T_OK(r.complete && r.body_len == 0, "... complete at the head's end");
	T_ERR(http_sts_verdict(&r), "http-status", "... verdict http-status");
	T_ERR(PARSE("HTTP/1.1 304 Not Modified\r\n\r\n"), "ok", "304: no body");
	T_OK(r.complete, "... complete");
	T_ERR(PARSE("HTTP/1.1 500 Internal Server Error\r\n"
	    "Content-Length: 0\r\n\r\n"), "ok", "500 parses");
	T_ERR(http_sts_verdict(&r), "http-status", "... verdict http-status");
	T_ERR(PARSE("HTTP/1.1 308 Permanent Redirect\r\n"
	    "Content-Length: 0\r\n\r\n"), "ok", "308 without Location parses");
	T_ERR(http_sts_verdict(&r), "http-redirect", "... verdict redirect");
	T_EQ_INT(r.has_location, 0, "... no Location");
}

static void
test_ctype(void)
{
	static const struct {
		const char	*field;
		int		 plain;
		const char	*verdict;
	} c[] = {
		{ "Content-Type: text/plain\r\n", 1, "ok" },
		{ "Content-Type: text/plain; charset=utf-8\r\n", 1, "ok" },
		{ "Content-Type: text/plain;charset=UTF-8\r\n", 1, "ok" },
		{ "Content-Type: text/plain ; charset=utf-8\r\n", 1, "ok" },
		{ "content-type:TEXT/Plain\r\n", 1, "ok" },
		{ "Content-Type: \ttext/plain \t\r\n", 1, "ok" },
		{ "Content-Type: text/html\r\n", 0, "http-content-type" },
		{ "Content-Type: text/html; charset=utf-8\r\n", 0,
		    "http-content-type" },
		{ "Content-Type: application/octet-stream\r\n", 0,
		    "http-content-type" },
		{ "Content-Type: text/plainx\r\n", 0, "http-content-type" },
		{ "Content-Type: text/plain x\r\n", 0, "http-content-type" },
		{ "Content-Type: text\r\n", 0, "http-content-type" },
		{ "Content-Type:\r\n", 0, "http-content-type" },
		{ "", 0, "http-content-type" },
		{ "Content-Type: text/plain\r\nContent-Type: text/html\r\n", 1,
		    "http-content-type" },
		{ "Content-Type: text/plain\r\nContent-Type: text/plain\r\n", 1,
		    "ok" },
		{ "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", 1,
		    "http-content-encoding" },
		{ "Content-Type: text/plain\r\nContent-Encoding: identity\r\n",
		    1, "ok" },
	};
	char buf[512], name[160];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		snprintf(buf, sizeof buf, "HTTP/1.1 200 OK\r\n%s"
		    "Content-Length: 3\r\n\r\nabc", c[i].field);
		PARSE(buf);
		snprintf(name, sizeof name, "ctype %zu: media %s", i,
		    c[i].plain ? "text/plain" : "other");
		T_EQ_INT(http_media_is(&r, "text/plain"), c[i].plain, name);
		snprintf(name, sizeof name, "ctype %zu: verdict %s", i,
		    c[i].verdict);
		T_ERR(http_sts_verdict(&r), c[i].verdict, name);
	}
}

static void
test_framing(void)
{
	static const char *const bad[] = {
		/* CL and chunked (RFC 9112 6.3 item 3) */
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
		    "Content-Length: 5\r\n\r\n",
		/* conflicting CL */
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		    "Content-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5,\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: "
		    "99999999999999999999999\r\n\r\n",
		/* codings we never asked for */
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n"
		    "\r\n",
		/* TE in HTTP/1.0 (RFC 9112 6.1) */
		"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
	};
	char name[96];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "framing %zu: http-bad-framing", i);
		T_ERR(PARSE(bad[i]), "http-bad-framing", name);
	}
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
	    "Content-Length: 3\r\n\r\nabc"), "ok", "repeated equal CL");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc"),
	    "ok", "CL list of equal values (RFC 9110 8.6)");
	T_EQ_INT(r.body_len, 3, "... body by that length");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nContent-Length: 0003\r\n\r\nabc"),
	    "ok", "CL with leading zeros");
	T_ERR(PARSE("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"),
	    "ok", "bytes after the Content-Length body");
	T_EQ_INT(r.body_len, 3, "... not in the body");
	T_EQ_INT(r.trailing, 3, "... counted as trailing");
}

static void
test_close(void)
{
	static const char by_close[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/plain\r\n\r\nversion: STSv1\nmode: none\n";

	T_ERR(PARSE(by_close), "ok", "close-delimited: parses");
	T_OK(!r.complete, "close-delimited: not complete before the end");
	T_ERR(http_sts_verdict(&r), "http-truncated",
	    "close-delimited: verdict before the end is truncated");
	T_ERR(PARSE_EOF(by_close, 1), "ok", "close-delimited: clean close");
	T_OK(r.complete && r.closed_clean, "... complete, by close");
	T_EQ_STR(http_framing_str(r.framing), "close", "... framing close");
	T_EQ_INT(r.body_len, 26, "... whole body");
	T_ERR(http_sts_verdict(&r), "ok", "... verdict ok");
	T_EQ_INT(splits(by_close, sizeof by_close - 1, 1, 1), 0,
	    "close-delimited: every split agrees");
	T_ERR(PARSE_EOF(by_close, 0), "http-truncated",
	    "close-delimited: EOF without close_notify: truncated (9112 9.8)");
	T_ERR(PARSE_EOF("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 1),
	    "http-truncated", "Content-Length body cut by close: truncated");
	T_ERR(PARSE_EOF("HTTP/1.1 200 OK\r\nContent-Le", 1), "http-truncated",
	    "head cut by close: truncated");
	T_ERR(PARSE_EOF("", 1), "http-truncated", "nothing at all: truncated");
	T_ERR(PARSE_EOF(nginx_200, 0), "ok",
	    "complete Content-Length body, EOF without close_notify: ok");
	T_ERR(http_resp_eof(&r, 0), "ok", "a second EOF changes nothing");
	/* the error sticks */
	PARSE("HTTP/9.9 200 OK\r\n");
	T_ERR(http_resp_feed(&r, nginx_200, sizeof nginx_200 - 1),
	    "http-protocol", "first error sticks through feed");
	T_ERR(http_resp_eof(&r, 1), "http-protocol", "... and through eof");
	T_EQ_STR(http_pst_str(r.st), "fail", "... state fail");
}

/* Random splits of every good response; a cheap property check. */
static void
test_random_splits(void)
{
	static const char *const good[] = { nginx_200, nginx_301, nginx_404,
	    chunked };
	size_t i, k, n, off, step;
	int bad = 0;
	unsigned seed = 12345;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		n = strlen(good[i]);
		parse(&r, good[i], n, 1, 1);
		for (k = 0; k < 200; k++) {
			http_resp_init(&r2);
			for (off = 0; off < n; off += step) {
				seed = seed * 1103515245 + 12345;
				step = 1 + (seed >> 16) % 17;
				if (step > n - off)
					step = n - off;
				http_resp_feed(&r2, good[i] + off, step);
			}
			http_resp_eof(&r2, 1);
			bad += !same(&r, &r2);
		}
	}
	T_EQ_INT(bad, 0, "random splits of every good response agree");
}

int
main(void)
{
	test_request();
	test_nginx();
	test_chunked();
	test_limits();
	test_status();
	test_ctype();
	test_framing();
	test_close();
	test_random_splits();
	T_EQ_STR(http_pst_str(HTTP_P__COUNT), "?", "state name out of range");
	return T_DONE();
}
