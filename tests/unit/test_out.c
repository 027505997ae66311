/*
 * test_out.c -- the escapers, key checks, real output through a pipe, and
 * the promise of out.h: `eval "$(mxprobe ...)"` in busybox sh gives back
 * every value (lossily) and runs nothing a server sent.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mxprobe/limits.h"
#include "mxprobe/out.h"
#include "t.h"

static struct out w;

/* a literal and its length, NULs included */
#define S(x)	x, sizeof(x) - 1

struct vcase {
	const char	*name;
	const char	*in;
	size_t		 len;
	const char	*sh;		/* out_sh_quote */
	const char	*json;		/* out_json_quote */
};

static const struct vcase vcases[] = {
	{ "plain", S("mx.example.com"), "mx.example.com",
	    "\"mx.example.com\"" },
	{ "every bare byte", S("aZ09._:/@+-"), "aZ09._:/@+-",
	    "\"aZ09._:/@+-\"" },
	{ "empty", S(""), "''", "\"\"" },
	{ "spaces", S(" a  b "), "' a  b '", "\" a  b \"" },
	{ "single quote inside", S("it's"), "'it'\\''s'", "\"it's\"" },
	{ "only a single quote", S("'"), "''\\'''", "\"'\"" },
	{ "two single quotes", S("''"), "''\\'''\\'''", "\"''\"" },
	{ "command substitution", S("$(touch canary)"),
	    "'$(touch canary)'", "\"$(touch canary)\"" },
	{ "backticks", S("`touch canary`"), "'`touch canary`'",
	    "\"`touch canary`\"" },
	{ "newline", S("a\nb"), "'a?b'", "\"a?b\"" },
	{ "cr tab", S("\r\t"), "'?\?'", "\"??\"" },
	{ "escape sequence", S("\x1b[31mred"), "'?[31mred'",
	    "\"?[31mred\"" },
	{ "NUL in the middle", S("a\0b"), "'a?b'", "\"a?b\"" },
	{ "bytes >= 0x80", S("caf\xc3\xa9\xff"), "'caf?\?\?'",
	    "\"caf???\"" },
	{ "DEL", S("\x7f"), "'?'", "\"?\"" },
	{ "backslash", S("a\\b"), "'a\\b'", "\"a\\\\b\"" },
	{ "double quote", S("\"x\""), "'\"x\"'", "\"\\\"x\\\"\"" },
	{ "glob and tilde", S("~*?[a]"), "'~*?[a]'", "\"~*?[a]\"" },
	{ "equals", S("a=b"), "'a=b'", "\"a=b\"" },
	{ "semicolon", S("x;touch canary"), "'x;touch canary'",
	    "\"x;touch canary\"" },
	{ "control 0x01 0x1f", S("\x01\x1f"), "'?\?'",
	    "\"??\"" },
};

static const char	*busybox;
static char		 tmpdir[] = "/tmp/test_out.XXXXXX";

/* The lossy view both modes promise: bytes outside 0x20..0x7e become '?'. */
static void
lossy(char *dst, const char *src, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		dst[i] = (unsigned char)src[i] < 0x20 ||
		    (unsigned char)src[i] > 0x7e ? '?' : src[i];
	dst[len] = '\0';
}

static void
test_escapers(void)
{
	char		 buf[256], name[128];
	size_t		 i, n;

	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		n = out_sh_quote(buf, sizeof(buf), vcases[i].in, vcases[i].len);
		snprintf(name, sizeof(name), "sh quote: %s", vcases[i].name);
		if (T_EQ_STR(buf, vcases[i].sh, name))
			T_EQ_INT(n, strlen(vcases[i].sh), "  length returned");
		n = out_json_quote(buf, sizeof(buf), vcases[i].in,
		    vcases[i].len);
		snprintf(name, sizeof(name), "json quote: %s", vcases[i].name);
		if (T_EQ_STR(buf, vcases[i].json, name))
			T_EQ_INT(n, strlen(vcases[i].json),
			    "  length returned");
	}

	/* cut like snprintf: length needed, always NUL-terminated */
	memset(buf, 'Z', sizeof(buf));
	n = out_sh_quote(buf, 5, S("it's here"));
	T_EQ_INT(n, strlen("'it'\\''s here'"), "sh quote: cut returns full");
	T_EQ_STR(buf, "'it'", "sh quote: cut keeps cap-1 bytes and a NUL");
	T_OK(buf[5] == 'Z', "sh quote: nothing written past cap");
	n = out_sh_quote(NULL, 0, S("abc def"));
	T_EQ_INT(n, 9, "sh quote: cap 0 and NULL dst measure only");
	buf[0] = 'Z';
	n = out_json_quote(buf, 1, S("x"));
	T_OK(n == 3 && buf[0] == '\0', "json quote: cap 1 gives \"\"");
}

static void
test_keys(void)
{
	char	 k[MX_KEY_MAX + 2];

	T_OK(out_key_ok("host"), "key: host");
	T_OK(out_key_ok("mx1_cert_days_left"), "key: mx1_cert_days_left");
	T_OK(out_key_ok("0"), "key: digits only");
	T_OK(!out_key_ok(""), "key: empty rejected");
	T_OK(!out_key_ok(NULL), "key: NULL rejected");
	T_OK(!out_key_ok("Host"), "key: upper case rejected");
	T_OK(!out_key_ok("tls-version"), "key: '-' rejected");
	T_OK(!out_key_ok("a b"), "key: space rejected");
	T_OK(!out_key_ok("a=b"), "key: '=' rejected");
	T_OK(!out_key_ok("a;touch x"), "key: ';' rejected");
	T_OK(!out_key_ok("host\n"), "key: newline rejected");
	T_OK(!out_key_ok("h\xc3\xa9"), "key: non-ASCII rejected");
	memset(k, 'k', MX_KEY_MAX);
	k[MX_KEY_MAX] = '\0';
	T_OK(out_key_ok(k), "key: MX_KEY_MAX bytes accepted");
	k[MX_KEY_MAX] = 'k';
	k[MX_KEY_MAX + 1] = '\0';
	T_OK(!out_key_ok(k), "key: MX_KEY_MAX + 1 bytes rejected");
}

/* Runs fn as one document into a pipe; returns out_end(&w)'s value. */
static int
capture(enum out_mode mode, void (*fn)(void), char *got, size_t cap)
{
	int	 p[2], rc;
	ssize_t	 n;
	size_t	 len;

	if (pipe(p) == -1) {
		perror("pipe");
		exit(2);
	}
	out_begin(&w, mode, p[1]);
	fn();
	rc = out_end(&w);
	close(p[1]);
	len = 0;
	while (len < cap - 1 &&
	    (n = read(p[0], got + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = '\0';
	close(p[0]);
	return rc;
}

static void
doc_main(void)
{
	out_kvs(&w, "host", "mx.example.com");
	out_kvi(&w, "port", 25);
	out_kvs(&w, "banner", "ESMTP 'hi' $(x)\r\n");
	out_kv(&w, "raw", S("a\0b"));
	out_kvs(&w, "none", NULL);
	out_kvi(&w, "cert_days_left", -3);
	out_kvi(&w, "min", INT64_MIN);
	out_kvi(&w, "max", INT64_MAX);
	out_kvi(&w, "zero", 0);
	out_kvb(&w, "starttls", 1);
	out_kvb(&w, "cert_expired", 0);
	out_prefix(&w, "mx1_");
	out_kvs(&w, "host", "a.example");
	out_prefix(&w, "");
	out_kvs(&w, "status", "ok");
}

static void
doc_empty(void)
{
}

static void
doc_badkey(void)
{
	char	 k[MX_KEY_MAX + 1];

	out_kvs(&w, "host", "a");
	out_kvs(&w, "Bad-Key", "$(touch canary)");
	out_kvi(&w, "also bad", 1);
	out_kvs(&w, NULL, "x");
	out_kvs(&w, "port", "25");
	out_prefix(&w, "mx1_");
	memset(k, 'k', MX_KEY_MAX - 4);		/* exactly fits: kept */
	k[MX_KEY_MAX - 4] = '\0';
	out_kvb(&w, k, 1);
	k[MX_KEY_MAX - 4] = 'k';		/* one too many: dropped */
	k[MX_KEY_MAX - 3] = '\0';
	out_kvb(&w, k, 1);
}

static void
doc_badprefix(void)
{
	out_prefix(&w, "MX1_");
	out_kvs(&w, "host", "a");
	out_prefix(&w, NULL);
	out_kvs(&w, "host", "b");
}

static void
doc_big(void)
{
	static char	 v[3 * MX_OUT_BUF];

	memset(v, 'x', sizeof(v));
	v[100] = ' ';	/* quoted: the escaper runs across flushes */
	v[MX_OUT_BUF] = '\'';
	out_kv(&w, "big", v, sizeof(v));
	out_kvs(&w, "after", "1");
}


/* Text mode (-H): facts escaped, the printer's bytes raw, no pairs. */
static void
doc_text(void)
{
	out_kvs(&w, "host", "never printed");
	out_raw(&w, "\033[1m", 4);
	out_str(&w, S("ban\033[31mner\r\n\\ \xc3\xa9\x7f ok"));
	out_raw(&w, "\033[0m\n", 5);
}

static void
test_text(void)
{
	static char	 got[4096];
	char		 b[64];
	size_t		 n;

	n = out_text_quote(b, sizeof b, S("a\033b"));
	T_EQ_STR(b, "a\\x1bb", "text: ESC as \\x1b");
	T_EQ_INT(n, 6, "text: length of the escaped form");
	out_text_quote(b, sizeof b, S("O=a\\, b"));
	T_EQ_STR(b, "O=a\\, b", "text: a backslash as is");
	out_text_quote(b, sizeof b, S("\0\t\xff~ "));
	T_EQ_STR(b, "\\x00\\x09\\xff~ ", "text: NUL, TAB, 0xff escaped");
	n = out_text_quote(b, 4, S("\033xyz"));
	T_OK(n == 7 && strlen(b) == 3, "text: cut at cap, length needed");
	T_EQ_INT(capture(OUT_HUMAN, doc_text, got, sizeof got), 0,
	    "text: out_end returns 0");
	T_EQ_STR(got, "\033[1mban\\x1b[31mner\\x0d\\x0a\\ "
	    "\\xc3\\xa9\\x7f ok\033[0m\n",
	    "text: only out_raw's bytes are raw; no key=value pair");
	T_EQ_INT(capture(OUT_KV, doc_text, got, sizeof got), 0,
	    "kv: out_raw, out_str write nothing");
	T_EQ_STR(got, "host='never printed'\n", "kv: only the pair");
}

static void
test_pipe(void)
{
	static char	 got[65536], want[65536];
	char		 k[MX_KEY_MAX + 1];
	int		 rc;
	size_t		 n;

	rc = capture(OUT_KV, doc_main, got, sizeof(got));
	T_EQ_INT(rc, 0, "kv: out_end returns 0");
	T_EQ_STR(got,
	    "host=mx.example.com\n"
	    "port=25\n"
	    "banner='ESMTP '\\''hi'\\'' $(x)?\?'\n"
	    "raw='a?b'\n"
	    "none=''\n"
	    "cert_days_left=-3\n"
	    "min=-9223372036854775808\n"
	    "max=9223372036854775807\n"
	    "zero=0\n"
	    "starttls=yes\n"
	    "cert_expired=no\n"
	    "mx1_host=a.example\n"
	    "status=ok\n", "kv: document through a pipe");

	rc = capture(OUT_JSON, doc_main, got, sizeof(got));
	T_EQ_INT(rc, 0, "json: out_end returns 0");
	T_EQ_STR(got,
	    "{\"host\":\"mx.example.com\","
	    "\"port\":25,"
	    "\"banner\":\"ESMTP 'hi' $(x)??\","
	    "\"raw\":\"a?b\","
	    "\"none\":\"\","
	    "\"cert_days_left\":-3,"
	    "\"min\":-9223372036854775808,"
	    "\"max\":9223372036854775807,"
	    "\"zero\":0,"
	    "\"starttls\":\"yes\","
	    "\"cert_expired\":\"no\","
	    "\"mx1_host\":\"a.example\","
	    "\"status\":\"ok\"}\n", "json: document through a pipe");

	capture(OUT_KV, doc_empty, got, sizeof(got));
	T_EQ_STR(got, "", "kv: empty document writes nothing");
	capture(OUT_JSON, doc_empty, got, sizeof(got));
	T_EQ_STR(got, "{}\n", "json: empty document is {}");

	memset(k, 'k', MX_KEY_MAX - 4);
	k[MX_KEY_MAX - 4] = '\0';
	rc = capture(OUT_KV, doc_badkey, got, sizeof(got));
	T_EQ_INT(rc, -1, "kv: bad key makes out_end return -1");
	snprintf(want, sizeof(want), "host=a\ninternal_error=bad_key\n"
	    "port=25\nmx1_%s=yes\n", k);
	T_EQ_STR(got, want, "kv: bad keys dropped, one marker");
	rc = capture(OUT_JSON, doc_badkey, got, sizeof(got));
	T_EQ_INT(rc, -1, "json: bad key makes out_end return -1");
	snprintf(want, sizeof(want), "{\"host\":\"a\","
	    "\"internal_error\":\"bad_key\",\"port\":\"25\","
	    "\"mx1_%s\":\"yes\"}\n", k);
	T_EQ_STR(got, want, "json: bad keys dropped, one marker");
	rc = capture(OUT_KV, doc_main, got, sizeof(got));
	T_EQ_INT(rc, 0, "next document starts clean");

	rc = capture(OUT_KV, doc_badprefix, got, sizeof(got));
	T_EQ_INT(rc, -1, "kv: bad prefix is a bad key");
	T_EQ_STR(got, "internal_error=bad_key\nhost=b\n",
	    "kv: bad prefix drops its keys until reset");

	rc = capture(OUT_KV, doc_big, got, sizeof(got));
	memcpy(want, "big=", 4);
	{
		static char	 v[3 * MX_OUT_BUF];

		memset(v, 'x', sizeof(v));
		v[100] = ' ';
		v[MX_OUT_BUF] = '\'';
		n = out_sh_quote(want + 4, sizeof(want) - 4, v, sizeof(v));
	}
	memcpy(want + 4 + n, "\nafter=1\n", 10);
	T_OK(rc == 0 && strcmp(got, want) == 0,
	    "kv: value three times MX_OUT_BUF, quoted across flushes");
}

static void
test_write_errors(void)
{
	int	 p[2];

	out_begin(&w, OUT_KV, -1);
	out_kvs(&w, "host", "a");
	T_EQ_INT(out_end(&w), -1, "write to a bad fd: out_end returns -1");

	if (pipe(p) == -1)
		return;
	close(p[0]);
	out_begin(&w, OUT_JSON, p[1]);	/* SIGPIPE ignored: EPIPE */
	out_kvs(&w, "host", "a");
	T_EQ_INT(out_end(&w), -1, "write to a closed pipe: out_end returns -1");
	close(p[1]);
}

static void
doc_many(void)
{
	static char	 v[1000];
	char		 k[16];
	int		 i;

	for (i = 0; i < 200; i++) {
		memset(v, 'a' + i % 26, sizeof(v));
		v[i] = ' ';
		snprintf(k, sizeof(k), "k%d", i);
		out_kv(&w, k, v, sizeof(v));
	}
}

/*
 * A non-blocking stdout (inherited from a shell that shares the tty) must
 * not lose output: 200 KB through a one-page pipe to a reader process.
 */
static void
test_nonblocking(void)
{
	static char	 got[300000], want[300000];
	char		 path[64];
	int		 p[2], fd, st, rc;
	pid_t		 pid;
	ssize_t		 n;
	size_t		 len, wl;
	FILE		*f;

	if (pipe(p) == -1)
		return;
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	snprintf(path, sizeof(path), "%s/nonblock.out", tmpdir);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		while ((n = read(p[0], got, sizeof(got))) > 0)
			if (write(fd, got, (size_t)n) != n)
				_exit(1);
		_exit(0);
	}
	close(p[0]);
	out_begin(&w, OUT_KV, p[1]);
	doc_many();
	rc = out_end(&w);
	close(p[1]);
	waitpid(pid, &st, 0);
	f = fopen(path, "rb");
	len = f ? fread(got, 1, sizeof(got), f) : 0;
	if (f)
		fclose(f);
	unlink(path);
	{
		/* the same document, built with the escaper by hand */
		static char	 v[1000];
		int		 i;

		wl = 0;
		for (i = 0; i < 200; i++) {
			memset(v, 'a' + i % 26, sizeof(v));
			v[i] = ' ';
			wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
			    "k%d=", i);
			wl += out_sh_quote(want + wl, sizeof(want) - wl, v,
			    sizeof(v));
			want[wl++] = '\n';
		}
	}
	T_EQ_INT(rc, 0, "non-blocking pipe: out_end returns 0");
	T_OK(len == wl && memcmp(got, want, wl) == 0,
	    "non-blocking pipe: every byte arrives in order");
}

static const char *
find_busybox(void)
{
	static char	 path[512];
	FILE		*f;
	size_t		 n;

	f = popen("command -v busybox", "r");
	if (f == NULL)
		return NULL;
	n = fread(path, 1, sizeof(path) - 1, f);
	pclose(f);
	while (n > 0 && (path[n - 1] == '\n' || path[n - 1] == ' '))
		n--;
	path[n] = '\0';
	return n > 0 ? path : NULL;
}

struct hcase {
	const char	*name;
	const char	*in;
	size_t		 len;
};

static const struct hcase hostile[] = {
	{ "plain", S("mx.example.com") },
	{ "empty", S("") },
	{ "spaces", S("  two  spaces  ") },
	{ "only a single quote", S("'") },
	{ "quote soup", S("'\"'\"''\\''") },
	{ "command substitution", S("$(touch canary)") },
	{ "backticks", S("`touch canary`") },
	{ "break out of single quotes", S("'; touch canary; '") },
	{ "break out with '\\''", S("'\\''; touch canary; echo '") },
	{ "double-quoted substitution", S("\"$(touch canary)\"") },
	{ "newline then command", S("x\ntouch canary") },
	{ "CR LF then command", S("x\r\ntouch canary\r\n") },
	{ "NUL then command", S("a\0$(touch canary)") },
	{ "ESC title sequence", S("\x1b]0;pwned\x07") },
	{ "bytes >= 0x80", S("\xc3\xa9\xff\x80 \xfe") },
	{ "parameter expansion", S("${IFS}$HOME$0") },
	{ "arithmetic", S("$((1+1))") },
	{ "glob", S("* ? [a-z]") },
	{ "tilde", S("~") },
	{ "redirections", S("a>canary<b|c&d;e") },
	{ "backslash at the end", S("x\\") },
	{ "dash option", S("-e") },
	{ "here-doc", S("<<EOF\ntouch canary\nEOF") },
	{ "DEL", S("a\x7f" "b") },
};

/* Reads a whole small file; returns its length or -1. */
static long
slurp(const char *path, char *buf, size_t cap)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

/*
 * One hostile value between two plain keys, written by out_kv into a
 * file, evaluated by busybox sh; the value printed back must be the lossy
 * view of the input and no canary may appear.
 */
static int
roundtrip(const char *in, size_t len, const char *name)
{
	static char	 want[16384], got[16384], line[16384], path[512];
	char		 canary[512], tname[160];
	long		 n;
	int		 fd, rc, ok;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/out.txt", tmpdir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return 0;
	out_begin(&w, OUT_KV, fd);
	out_kvs(&w, "before", "1");
	out_kv(&w, "v", in, len);
	out_kvs(&w, "after", "2");
	rc = out_end(&w);
	close(fd);

	/* the file holds exactly what the escaper promises */
	n = slurp(path, got, sizeof(got) - 1);
	got[n < 0 ? 0 : n] = '\0';
	memcpy(line, "before=1\nv=", 11);
	n = 11 + (long)out_sh_quote(line + 11, sizeof(line) - 11, in, len);
	memcpy(line + n, "\nafter=2\n", 10);
	snprintf(tname, sizeof(tname), "busybox: %s: out_kv file", name);
	T_OK(rc == 0 && strcmp(got, line) == 0, tname);

	snprintf(path, sizeof(path), "%s/t.sh", tmpdir);
	if ((f = fopen(path, "w")) == NULL)
		return 0;
	fprintf(f, "cd '%s' || exit 99\n"
	    "eval \"$(cat out.txt)\" || exit 98\n"
	    "[ \"$before\" = 1 ] && [ \"$after\" = 2 ] || exit 97\n"
	    "printf %%s \"$v\" > got.txt\n", tmpdir);
	fclose(f);
	snprintf(line, sizeof(line), "'%s' sh '%s' 2>&1", busybox, path);
	rc = system(line);
	snprintf(path, sizeof(path), "%s/got.txt", tmpdir);
	n = slurp(path, got, sizeof(got) - 1);
	unlink(path);
	lossy(want, in, len);
	snprintf(canary, sizeof(canary), "%s/canary", tmpdir);
	ok = access(canary, F_OK) == -1;
	unlink(canary);
	snprintf(tname, sizeof(tname), "busybox: %s: eval gives it back",
	    name);
	T_OK(rc == 0 && n == (long)len && memcmp(got, want, len) == 0,
	    tname);
	snprintf(tname, sizeof(tname), "busybox: %s: runs nothing", name);
	T_OK(ok, tname);
	return 1;
}

static void
test_busybox(void)
{
	static char	 big[3000];
	size_t		 i;

	busybox = find_busybox();
	if (!T_OK(busybox != NULL, "busybox found (apt-get install "
	    "busybox-static); the eval round trip needs it"))
		return;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		roundtrip(hostile[i].in, hostile[i].len, hostile[i].name);
	/* every byte value, twice, and quotes around the flush boundary */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 7 == 0 ? '\'' : i % 256);
	roundtrip(big, sizeof(big), "all bytes, 3000 long");
}

static void
test_json_ascii(void)
{
	char	 buf[8192];
	size_t	 i, j, n;
	int	 ok;

	ok = 1;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		n = out_json_quote(buf, sizeof(buf), hostile[i].in,
		    hostile[i].len);
		for (j = 0; j < n; j++)
			if ((unsigned char)buf[j] < 0x20 ||
			    (unsigned char)buf[j] > 0x7e)
				ok = 0;
	}
	T_OK(ok, "json: hostile values come out as printable ASCII");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_escapers();
	test_keys();
	test_pipe();
	test_text();
	test_write_errors();
	test_nonblocking();
	test_json_ascii();
	test_busybox();
	{
		char	 p[512];

		snprintf(p, sizeof(p), "%s/out.txt", tmpdir);
		unlink(p);
		snprintf(p, sizeof(p), "%s/t.sh", tmpdir);
		unlink(p);
		rmdir(tmpdir);
	}
	return T_DONE();
}
