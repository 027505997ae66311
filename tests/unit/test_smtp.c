/*
 * test_smtp.c -- reply parser and client state machine, time injected.
 */
#include <string.h>

#include "mxprobe/smtp.h"
#include "t.h"

#define NAME	"probe.test"
#define STEP	1000

/* ---- helpers --------------------------------------------------------- */

static int
rp_str(struct smtp_rp *p, const char *s, size_t *used)
{
	return smtp_rp_feed(p, (const unsigned char *)s, strlen(s), used);
}

/* Feeds s one byte at a time; returns the first non-zero rc (or 0). */
static int
rp_bytes(struct smtp_rp *p, const char *s, size_t len, size_t *used)
{
	size_t i, u;
	int rc = 0;

	*used = 0;
	for (i = 0; i < len; i++) {
		rc = smtp_rp_feed(p, (const unsigned char *)s + i, 1, &u);
		*used += u;
		if (rc != 0)
			break;
	}
	return rc;
}

static enum smtp_act
feed(struct smtp_client *c, const char *s, mx_ms now)
{
	return smtp_feed(c, (const unsigned char *)s, strlen(s), now);
}

static int
sent(const struct smtp_client *c, const char *cmd)
{
	return c->olen == strlen(cmd) && memcmp(c->obuf, cmd, c->olen) == 0;
}

static char trace_log[1024];

static void
trace(void *arg, const char *from, const char *to)
{
	size_t n = strlen(trace_log);

	(void)arg;
	if (n + strlen(from) + strlen(to) + 6 < sizeof(trace_log)) {
		strcat(trace_log, from);
		strcat(trace_log, "->");
		strcat(trace_log, to);
		strcat(trace_log, " ");
	}
}

static void
client(struct smtp_client *c, int implicit)
{
	smtp_init(c, NAME, implicit, STEP);
	trace_log[0] = '\0';
	c->trace = trace;
	smtp_start(c, 0);
}

#define GREETING	"220 mx.example.org ESMTP Postfix\r\n"
#define EHLO_OK		"250-mx.example.org\r\n250-PIPELINING\r\n" \
			"250-SIZE 10240000\r\n250-STARTTLS\r\n" \
			"250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n" \
			"250 CHUNKING\r\n"
#define EHLO_TLS_OK	"250-mx.example.org\r\n250-PIPELINING\r\n" \
			"250-AUTH PLAIN LOGIN\r\n250 SMTPUTF8\r\n"

/* Drives a client to state st (one of the waiting states or TLS). */
static void
drive_to(struct smtp_client *c, enum smtp_state st)
{
	client(c, 0);
	if (st == SMTP_S_GREETING)
		return;
	(void)feed(c, GREETING, 10);
	if (st == SMTP_S_EHLO)
		return;
	if (st == SMTP_S_HELO) {
		(void)feed(c, "502 5.5.2 no EHLO here\r\n", 20);
		return;
	}
	(void)feed(c, EHLO_OK, 20);
	if (st == SMTP_S_STARTTLS)
		return;
	(void)feed(c, "220 2.0.0 Ready to start TLS\r\n", 30);
	if (st == SMTP_S_TLS)
		return;
	(void)smtp_tls_done(c, 40);
	if (st == SMTP_S_EHLO_TLS)
		return;
	(void)feed(c, EHLO_TLS_OK, 50);
}

/* ---- reply parser ---------------------------------------------------- */

static void
test_rp_basic(void)
{
	struct smtp_rp p;
	size_t used;
	int rc;

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250 ok\r\n", &used);
	T_EQ_INT(rc, 1, "rp: single line complete");
	T_EQ_INT(p.r.code, 250, "rp: single line code");
	T_EQ_INT(p.r.nlines, 1, "rp: single line count");
	T_EQ_STR(p.r.text, "ok", "rp: single line text");
	T_EQ_INT(used, 8, "rp: single line used");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-first\r\n250-second\r\n250 last\r\n", &used);
	T_EQ_INT(rc, 1, "rp: multi-line complete");
	T_EQ_INT(p.r.nlines, 3, "rp: multi-line count");
	T_EQ_STR(p.r.text, "first\nsecond\nlast", "rp: multi-line text");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-first\r\n250-sec", &used);
	T_EQ_INT(rc, 0, "rp: partial reply wants more");
	T_EQ_INT(used, 18, "rp: partial reply consumed everything");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250\r\n", &used);
	T_OK(rc == 1 && p.r.code == 250 && p.r.text_len == 0,
	    "rp: bare code is a last line with empty text");
	smtp_rp_reset(&p);
	rc = rp_str(&p, "221\n", &used);
	T_OK(rc == 1 && p.r.code == 221, "rp: bare code with LF");
	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-\r\n250 \r\n", &used);
	T_OK(rc == 1 && p.r.nlines == 2 && strcmp(p.r.text, "\n") == 0,
	    "rp: empty texts after separators");
	smtp_rp_reset(&p);
	rc = rp_str(&p, "220 a\rb\r\n", &used);
	T_OK(rc == 1 && strcmp(p.r.text, "a\rb") == 0,
	    "rp: a CR inside a line is text");
}

static void
test_rp_bad(void)
{
	static const char *const bad[] = {
		"2x0 x\r\n", "600 x\r\n", "099 x\r\n", "199 x\r\n",
		"20 x\r\n", "\r\n", "25\r\n", "250x\r\n", "250\tx\r\n",
		"250\rx\r\n", "HTTP/1.1 400 Bad Request\r\n",
		"\x16\x03\x01\x00\x05", "250-a\r\n251 b\r\n",
		"250-a\r\n350 b\r\n", "25\0 b\r\n", "\n", "25\n",
	};
	struct smtp_rp p;
	size_t i, used, all_ok = 1;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		smtp_rp_reset(&p);
		/* embedded NUL: feed the literal's full length */
		rc = smtp_rp_feed(&p, (const unsigned char *)bad[i],
		    i == 14 ? 7 : strlen(bad[i]), &used);
		if (rc != -1 || p.err != MX_E_SMTP_PROTOCOL) {
			printf("# bad[%zu] rc %d err %d\n", i, rc, p.err);
			all_ok = 0;
		}
	}
	T_OK(all_ok, "rp: bad codes, separators, mixed codes, NUL in code");

	smtp_rp_reset(&p);
	rc = smtp_rp_feed(&p, (const unsigned char *)"250 a\0b\r\n", 9, &used);
	T_OK(rc == 1 && strcmp(p.r.text, "a?b") == 0,
	    "rp: NUL in text is kept as '?'");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "HTTP/1.1 200 OK\r\n", &used);
	T_OK(rc == -1 && used == 1, "rp: a non-SMTP peer fails on byte one");
	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-a\r\n251-b\r\n", &used);
	T_OK(rc == -1 && used == 10, "rp: mixed code fails on its digit");
	rc = rp_str(&p, "250 ok\r\n", &used);
	T_OK(rc == -1 && used == 0 && p.err == MX_E_SMTP_PROTOCOL,
	    "rp: error is sticky until reset");
}

static void
test_rp_limits(void)
{
	static char buf[200000];
	struct smtp_rp p;
	size_t used, n, i;
	int rc;

	/* exactly MX_SMTP_LINE_MAX with CRLF: fits */
	memcpy(buf, "250 ", 4);
	memset(buf + 4, 'x', MX_SMTP_LINE_MAX - 6);
	memcpy(buf + MX_SMTP_LINE_MAX - 2, "\r\n", 3);
	smtp_rp_reset(&p);
	rc = rp_str(&p, buf, &used);
	T_OK(rc == 1 && p.r.text_truncated &&
	    p.r.text_len == MX_SMTP_TEXT_MAX - 1 &&
	    strlen(p.r.text) == MX_SMTP_TEXT_MAX - 1,
	    "rp: line of exactly LINE_MAX fits, text cut and flagged");

	/* one more byte: fails on that byte, before any LF */
	memcpy(buf, "250 ", 4);
	memset(buf + 4, 'x', MX_SMTP_LINE_MAX - 5);
	memcpy(buf + MX_SMTP_LINE_MAX - 1, "\r\n", 3);
	smtp_rp_reset(&p);
	rc = rp_str(&p, buf, &used);
	T_OK(rc == -1 && p.err == MX_E_SMTP_LINE &&
	    used == MX_SMTP_LINE_MAX, "rp: LINE_MAX + 1 fails at the CR");

	/* 100 KB line, no LF at all */
	memcpy(buf, "250 ", 4);
	memset(buf + 4, 'y', 100000);
	smtp_rp_reset(&p);
	rc = smtp_rp_feed(&p, (const unsigned char *)buf, 100004, &used);
	T_OK(rc == -1 && p.err == MX_E_SMTP_LINE &&
	    used == MX_SMTP_LINE_MAX, "rp: 100 KB line fails after LINE_MAX");

	/* MX_SMTP_REPLY_LINES lines fit, one more does not */
	n = 0;
	for (i = 0; i < MX_SMTP_REPLY_LINES - 1; i++) {
		memcpy(buf + n, "250-X\r\n", 7);
		n += 7;
	}
	memcpy(buf + n, "250 Y\r\n", 8);
	smtp_rp_reset(&p);
	rc = smtp_rp_feed(&p, (const unsigned char *)buf, n + 7, &used);
	T_OK(rc == 1 && p.r.nlines == MX_SMTP_REPLY_LINES,
	    "rp: REPLY_LINES lines fit");
	memcpy(buf + n, "250-X\r\n250 Y\r\n", 15);
	smtp_rp_reset(&p);
	rc = smtp_rp_feed(&p, (const unsigned char *)buf, n + 14, &used);
	T_OK(rc == -1 && p.err == MX_E_SMTP_REPLY && used == n + 14,
	    "rp: REPLY_LINES + 1 lines fail");

	/* keyword list that does not fit: cut whole, flagged, bits kept */
	n = 0;
	memcpy(buf, "250-mx\r\n", 8);
	n = 8;
	for (i = 0; i < 60; i++)
		n += (size_t)sprintf(buf + n, "250-XKEYWORD%02zu\r\n", i);
	n += (size_t)sprintf(buf + n, "250 STARTTLS\r\n");
	smtp_rp_reset(&p);
	rc = smtp_rp_feed(&p, (const unsigned char *)buf, n, &used);
	T_OK(rc == 1 && p.r.ext_truncated &&
	    p.r.ext_len < MX_SMTP_EXT_MAX &&
	    strlen(p.r.ext) == p.r.ext_len &&
	    p.r.ext[p.r.ext_len - 1] != ',' &&
	    (p.r.ext_bits & SMTP_EXT_STARTTLS),
	    "rp: keyword list cut whole, flagged, STARTTLS bit kept");
}

static void
test_rp_split(void)
{
	static const char *const in[] = {
		"250 ok\r\n",
		"250-a\r\n250-b\r\n250 c\r\n",
		"250-a\n250-b\n250 c\n",
		"220-mx.example.org ESMTP\r\n220-more\r\n220\r\n",
		"250-mx\r\n250-starttls\r\n250-StartTLS\r\n250 SIZE 1\r\n",
		"250-a\r\n251 b\r\n",
		"2x0 x\r\n",
		"250 ok\r\nEXTRA",
		"250-mx\r\n250-AUTH=LOGIN\r\n250 AUTH PLAIN\r\n",
	};
	struct smtp_rp a, b;
	size_t i, j, ua, ub, same = 1, split = 1;
	int ra, rb;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		smtp_rp_reset(&a);
		smtp_rp_reset(&b);
		ra = rp_str(&a, in[i], &ua);
		rb = rp_bytes(&b, in[i], strlen(in[i]), &ub);
		if (ra != rb || ua != ub || a.err != b.err ||
		    a.r.code != b.r.code || a.r.nlines != b.r.nlines ||
		    strcmp(a.r.text, b.r.text) != 0 ||
		    strcmp(a.r.ext, b.r.ext) != 0 ||
		    a.r.ext_bits != b.r.ext_bits) {
			printf("# byte-at-a-time differs on in[%zu]\n", i);
			same = 0;
		}
		/* every two-piece split */
		for (j = 0; j <= strlen(in[i]); j++) {
			size_t u1, u2 = 0;
			int r1, r2 = 0;

			smtp_rp_reset(&b);
			r1 = smtp_rp_feed(&b, (const unsigned char *)in[i], j,
			    &u1);
			if (r1 == 0)
				r2 = smtp_rp_feed(&b,
				    (const unsigned char *)in[i] + j,
				    strlen(in[i]) - j, &u2);
			if ((r1 ? r1 : r2) != ra || u1 + u2 != ua ||
			    strcmp(a.r.text, b.r.text) != 0)
				split = 0;
		}
	}
	T_OK(same, "rp: byte-at-a-time gives identical results");
	T_OK(split, "rp: any two-piece split gives identical results");

	smtp_rp_reset(&a);
	smtp_rp_reset(&b);
	ra = rp_str(&a, "250 ok\n", &ua);
	rb = rp_str(&b, "250 ok\r\n", &ub);
	T_OK(ra == 1 && rb == 1 && strcmp(a.r.text, b.r.text) == 0,
	    "rp: LF and CRLF give the same text");
}

static void
test_rp_extra(void)
{
	struct smtp_rp p;
	size_t used;
	int rc;

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-a\r\n250 b\r\n354 go\r\n", &used);
	T_OK(rc == 1 && used == 14, "rp: *used stops after the last line");
	rc = rp_str(&p, "354 go\r\n", &used);
	T_OK(rc == 1 && p.r.code == 354 && strcmp(p.r.text, "go") == 0 &&
	    p.r.nlines == 1, "rp: next feed after a reply starts anew");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250-mx.example.org hi\r\n250-starttls\r\n"
	    "250-StartTLS\r\n250-size 100\r\n250-AUTH=LOGIN\r\n"
	    "250-X-Vendor_thing\r\n250-=junk\r\n250 pipelining\r\n", &used);
	T_EQ_INT(rc, 1, "rp: EHLO reply complete");
	T_EQ_STR(p.r.ext, "STARTTLS,SIZE,AUTH,X-VENDOR,PIPELINING",
	    "rp: keywords upper-cased, deduplicated, first word only");
	T_EQ_INT(p.r.ext_bits, SMTP_EXT_STARTTLS | SMTP_EXT_SIZE |
	    SMTP_EXT_AUTH | SMTP_EXT_PIPELINING, "rp: keyword bits");

	smtp_rp_reset(&p);
	rc = rp_str(&p, "250 STARTTLS\r\n", &used);
	T_OK(rc == 1 && p.r.ext_bits == 0 && p.r.ext_len == 0,
	    "rp: the first line is never a keyword");
}

/* ---- client ---------------------------------------------------------- */

static void
test_names(void)
{
	struct smtp_client c;
	int i, ok = 1, j;

	for (i = 0; i < SMTP_S__COUNT; i++) {
		if (smtp_state_str(i) == NULL)
			ok = 0;
		for (j = 0; j < i; j++)
			if (strcmp(smtp_state_str(i), smtp_state_str(j)) == 0)
				ok = 0;
	}
	T_OK(ok, "state names: none NULL, none repeated");
	T_EQ_STR(smtp_state_str(SMTP_S__COUNT), "invalid",
	    "state names: out of range");

	smtp_init(&c, "a.example\r\nRSET", 0, STEP);
	T_EQ_STR(c.ehlo_name, "a.example", "init: name cut at CR");
	smtp_init(&c, "", 0, STEP);
	T_EQ_STR(c.ehlo_name, "localhost", "init: empty name");
	smtp_init(&c, NULL, 0, STEP);
	T_EQ_STR(c.ehlo_name, "localhost", "init: NULL name");
	{
		char longname[400];

		memset(longname, 'a', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		smtp_init(&c, longname, 0, STEP);
		T_EQ_INT(strlen(c.ehlo_name), MX_NAME_MAX,
		    "init: long name cut at MX_NAME_MAX");
		smtp_start(&c, 0);
		(void)feed(&c, GREETING, 1);
		T_OK(c.olen == 5 + MX_NAME_MAX + 2 &&
		    memcmp(c.obuf + c.olen - 2, "\r\n", 2) == 0,
		    "init: longest EHLO fits obuf");
	}
	T_EQ_INT(c.st, SMTP_S_EHLO, "init: longest EHLO sent from state ehlo");
	smtp_init(&c, NAME, 0, 0);
	smtp_start(&c, 5);
	T_EQ_INT(c.step_deadline, MX_MS_NEVER, "init: step_ms 0 = no deadline");
	smtp_init(&c, NAME, 0, STEP);
	T_EQ_INT(feed(&c, GREETING, 0), SMTP_A_FAIL, "feed before start");
	T_EQ_INT(c.err, MX_E_INTERNAL, "feed before start: internal");
}

static void
test_happy(void)
{
	static const char greet[] = "220-mx.example.org ESMTP Postfix\r\n"
	    "220-no UCE\r\n220 hello\r\n";
	struct smtp_client c;
	enum smtp_act a;
	size_t i;
	int early = 0;

	client(&c, 0);
	T_EQ_INT(c.st, SMTP_S_GREETING, "happy: starts in greeting");
	T_EQ_INT(c.step_deadline, STEP, "happy: greeting deadline");
	T_EQ_INT(c.olen, 0, "happy: nothing to send before the greeting");
	/* the slow sender: one byte per second */
	for (i = 0; i + 1 < sizeof(greet) - 1; i++) {
		a = smtp_feed(&c, (const unsigned char *)greet + i, 1,
		    (mx_ms)i);
		if (a != SMTP_A_WAIT || c.olen != 0)
			early = 1;
	}
	T_OK(!early, "happy: no command before the greeting's last byte");
	a = smtp_feed(&c, (const unsigned char *)greet + i, 1, 500);
	T_EQ_INT(a, SMTP_A_SEND, "happy: greeting done -> send");
	T_OK(sent(&c, "EHLO " NAME "\r\n"), "happy: EHLO command");
	T_EQ_INT(c.step_deadline, 500 + STEP, "happy: EHLO deadline");
	T_EQ_INT(c.greeting_code, 220, "happy: greeting_code");
	T_EQ_STR(c.banner, "mx.example.org ESMTP Postfix\nno UCE\nhello",
	    "happy: banner lines joined by LF");
	T_EQ_STR(c.banner_host, "mx.example.org", "happy: banner_host");

	a = feed(&c, EHLO_OK, 600);
	T_EQ_INT(a, SMTP_A_SEND, "happy: EHLO answered -> send");
	T_OK(sent(&c, "STARTTLS\r\n"), "happy: STARTTLS command");
	T_EQ_STR(c.ehlo_host, "mx.example.org", "happy: ehlo_host");
	T_EQ_INT(c.ext, SMTP_EXT_PIPELINING | SMTP_EXT_SIZE |
	    SMTP_EXT_STARTTLS | SMTP_EXT_ENHANCEDSTATUSCODES |
	    SMTP_EXT_8BITMIME | SMTP_EXT_CHUNKING, "happy: ext bits");
	T_EQ_STR(c.ext_text,
	    "PIPELINING,SIZE,STARTTLS,ENHANCEDSTATUSCODES,8BITMIME,CHUNKING",
	    "happy: ext_text");

	a = feed(&c, "220 2.0.0 Ready to start TLS\r\n", 700);
	T_EQ_INT(a, SMTP_A_TLS, "happy: 220 -> TLS");
	T_EQ_INT(c.st, SMTP_S_TLS, "happy: state tls");
	T_EQ_INT(c.step_deadline, 700 + STEP, "happy: TLS deadline");
	a = smtp_tls_done(&c, 900);
	T_EQ_INT(a, SMTP_A_SEND, "happy: after TLS -> send");
	T_OK(sent(&c, "EHLO " NAME "\r\n"), "happy: EHLO again");
	T_EQ_INT(c.st, SMTP_S_EHLO_TLS, "happy: state ehlo-tls");
	T_EQ_INT(c.in_tls, 1, "happy: in_tls");

	a = feed(&c, EHLO_TLS_OK, 1000);
	T_EQ_INT(a, SMTP_A_SEND, "happy: EHLO in TLS answered -> send");
	T_OK(sent(&c, "QUIT\r\n"), "happy: QUIT command");
	T_EQ_INT(c.ext_tls, SMTP_EXT_PIPELINING | SMTP_EXT_AUTH |
	    SMTP_EXT_SMTPUTF8, "happy: ext_tls bits (no STARTTLS)");
	T_EQ_STR(c.ext_tls_text, "PIPELINING,AUTH,SMTPUTF8",
	    "happy: ext_tls_text");
	T_OK(c.ext & SMTP_EXT_STARTTLS, "happy: pre-TLS ext kept as a fact");
	T_EQ_INT(c.ehlo_tls_done, 1, "happy: ehlo_tls_done");

	a = feed(&c, "221 2.0.0 Bye\r\n", 1100);
	T_EQ_INT(a, SMTP_A_DONE, "happy: 221 -> done");
	T_EQ_INT(c.err, MX_OK, "happy: no error");
	T_EQ_INT(c.used_helo, 0, "happy: no HELO");
	T_EQ_INT(c.last_code, 0, "happy: no failing reply");
	T_EQ_STR(trace_log, "init->greeting greeting->ehlo ehlo->starttls "
	    "starttls->tls tls->ehlo-tls ehlo-tls->quit quit->done ",
	    "happy: trace of every transition");
	T_EQ_INT(feed(&c, "x", 1200), SMTP_A_DONE, "happy: done stays done");
	T_EQ_INT(smtp_eof(&c), SMTP_A_DONE, "happy: EOF after done");
	T_OK(smtp_timeout(&c) == SMTP_A_DONE &&
	    smtp_tls_done(&c, 1300) == SMTP_A_DONE && c.err == MX_OK,
	    "happy: timeout and tls_done after done change nothing");
}

static void
test_greeting_refused(void)
{
	struct smtp_client c;
	enum smtp_act a;

	client(&c, 0);
	a = feed(&c, "421 4.3.2 mx.example.org busy, try later\r\n", 5);
	T_EQ_INT(a, SMTP_A_SEND, "421: polite QUIT");
	T_OK(sent(&c, "QUIT\r\n"), "421: QUIT command");
	T_EQ_INT(c.err, MX_E_GREETING_BUSY, "421: greeting-busy");
	T_EQ_INT(c.greeting_code, 421, "421: greeting_code");
	T_EQ_STR(c.banner_host, "4.3.2", "421: banner_host raw first word");
	T_EQ_INT(smtp_eof(&c), SMTP_A_DONE, "421: server hangs up -> done");
	T_EQ_INT(c.err, MX_E_GREETING_BUSY, "421: error survives EOF");

	client(&c, 0);
	a = feed(&c, "554-mx.example.org no SMTP service here\r\n"
	    "554 go away\r\n", 5);
	T_EQ_INT(a, SMTP_A_SEND, "554: polite QUIT");
	T_EQ_INT(c.err, MX_E_GREETING_REFUSED, "554: greeting-refused");
	T_EQ_INT(c.last_code, 554, "554: last_code");
	T_EQ_STR(c.banner, "mx.example.org no SMTP service here\ngo away",
	    "554: banner");
	a = feed(&c, "221 bye\r\n", 6);
	T_OK(a == SMTP_A_DONE && c.err == MX_E_GREETING_REFUSED,
	    "554: QUIT answered -> done with error");

	client(&c, 0);
	a = feed(&c, "250 mx.example.org\r\n", 5);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL &&
	    c.greeting_code == 250, "greeting 250: protocol error");
}

static void
test_helo(void)
{
	struct smtp_client c;
	enum smtp_act a;

	drive_to(&c, SMTP_S_HELO);
	T_OK(c.st == SMTP_S_HELO && sent(&c, "HELO " NAME "\r\n"),
	    "EHLO 502 -> HELO");
	T_EQ_INT(c.used_helo, 1, "EHLO 502: used_helo");
	a = feed(&c, "250 mx.example.org\r\n", 30);
	T_EQ_INT(a, SMTP_A_SEND, "HELO 250 -> QUIT");
	T_OK(sent(&c, "QUIT\r\n") && c.err == MX_E_NO_STARTTLS,
	    "HELO 250: no-starttls (HELO has no extensions)");
	T_EQ_STR(c.ehlo_host, "mx.example.org", "HELO 250: ehlo_host");
	T_EQ_INT(c.last_code, 502, "HELO 250: last_code says why HELO");

	drive_to(&c, SMTP_S_HELO);
	a = feed(&c, "550 5.7.1 go away\r\n", 30);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") &&
	    c.err == MX_E_EHLO_REJECTED && c.last_code == 550 &&
	    strcmp(c.last_text, "5.7.1 go away") == 0,
	    "EHLO and HELO refused: ehlo-rejected, polite QUIT");

	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, "421 4.7.0 shutting down\r\n", 30);
	T_OK(a == SMTP_A_SEND && c.err == MX_E_EHLO_REJECTED &&
	    c.used_helo == 0, "EHLO 421: ehlo-rejected, no HELO");

	drive_to(&c, SMTP_S_HELO);
	a = feed(&c, "220 hello again\r\n", 30);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL &&
	    c.last_code == 220, "220 to HELO: protocol error");

	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, "354 go ahead\r\n", 30);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL &&
	    c.last_code == 354, "354 to EHLO: protocol error");
}

static void
test_starttls(void)
{
	struct smtp_client c;
	enum smtp_act a;

	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, "250-mx.example.org\r\n250-SIZE 1000\r\n250 8BITMIME\r\n",
	    30);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") &&
	    c.err == MX_E_NO_STARTTLS, "no STARTTLS: polite QUIT");
	T_OK(c.ext == (SMTP_EXT_SIZE | SMTP_EXT_8BITMIME) &&
	    strcmp(c.ext_text, "SIZE,8BITMIME") == 0 &&
	    strcmp(c.ehlo_host, "mx.example.org") == 0,
	    "no STARTTLS: EHLO facts still reported");
	T_EQ_INT(feed(&c, "221 bye\r\n", 40), SMTP_A_DONE,
	    "no STARTTLS: ends in done");

	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, "250-mx\r\n250-starttls\r\n250 size\r\n", 30);
	T_OK(a == SMTP_A_SEND && sent(&c, "STARTTLS\r\n"),
	    "lower-case starttls is advertised");
	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, "250-mx\r\n250 StartTLS\r\n", 30);
	T_OK(a == SMTP_A_SEND && sent(&c, "STARTTLS\r\n"),
	    "mixed-case StartTLS is advertised");

	drive_to(&c, SMTP_S_STARTTLS);
	a = feed(&c, "454 4.7.0 TLS not available due to local problem\r\n",
	    40);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") &&
	    c.err == MX_E_STARTTLS_REJECTED && c.last_code == 454 &&
	    strcmp(c.last_text,
	    "4.7.0 TLS not available due to local problem") == 0,
	    "454: starttls-rejected, last reply kept, polite QUIT");
	drive_to(&c, SMTP_S_STARTTLS);
	a = feed(&c, "502 5.5.1 unrecognized\r\n", 40);
	T_OK(a == SMTP_A_SEND && c.err == MX_E_STARTTLS_REJECTED,
	    "502 to STARTTLS: starttls-rejected");
	drive_to(&c, SMTP_S_STARTTLS);
	a = feed(&c, "250 ok\r\n", 40);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL,
	    "250 to STARTTLS: protocol error, no handshake");

	drive_to(&c, SMTP_S_STARTTLS);
	a = feed(&c, "220 2.0.0 Ready to start TLS\r\n"
	    "250-evil\r\n250 AUTH PLAIN\r\n", 40);
	T_OK(a == SMTP_A_FAIL && c.injection == 1 &&
	    c.err == MX_E_STARTTLS_INJECTION,
	    "bytes after 220 in the same buffer: injection");
	T_OK(c.ext_tls == 0 && c.ext_tls_text[0] == '\0' &&
	    c.total == strlen(GREETING EHLO_OK
	    "220 2.0.0 Ready to start TLS\r\n"),
	    "injected bytes are never parsed");

	drive_to(&c, SMTP_S_TLS);
	a = feed(&c, "\r\n", 45);
	T_OK(a == SMTP_A_FAIL && c.injection == 1 &&
	    c.err == MX_E_STARTTLS_INJECTION,
	    "bytes fed in state tls: injection");

	drive_to(&c, SMTP_S_STARTTLS);
	T_EQ_INT(smtp_tls_done(&c, 40), SMTP_A_FAIL,
	    "tls_done before 220: refused");
	T_EQ_INT(c.err, MX_E_INTERNAL, "tls_done before 220: internal");

	/* EHLO refused inside TLS falls back to HELO there */
	drive_to(&c, SMTP_S_EHLO_TLS);
	a = feed(&c, "500 what\r\n", 50);
	T_OK(a == SMTP_A_SEND && c.st == SMTP_S_HELO,
	    "EHLO in TLS refused -> HELO");
	a = feed(&c, "250 mx\r\n", 60);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") && c.err == MX_OK &&
	    c.ehlo_tls_done == 0, "HELO in TLS accepted -> QUIT, no error");
}

static void
test_implicit(void)
{
	struct smtp_client c;
	enum smtp_act a;

	client(&c, 1);
	T_OK(c.st == SMTP_S_GREETING && c.in_tls,
	    "implicit: starts at the greeting, in TLS");
	a = feed(&c, GREETING, 10);
	T_OK(a == SMTP_A_SEND && c.st == SMTP_S_EHLO_TLS &&
	    sent(&c, "EHLO " NAME "\r\n"), "implicit: one EHLO, in TLS");
	a = feed(&c, EHLO_OK, 20);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n"),
	    "implicit: no STARTTLS even when advertised");
	T_OK(c.ext == 0 && c.ext_text[0] == '\0' &&
	    (c.ext_tls & SMTP_EXT_STARTTLS) && c.ehlo_tls_done,
	    "implicit: facts in ext_tls, ext left 0");
	a = feed(&c, "221 bye\r\n", 30);
	T_OK(a == SMTP_A_DONE && c.err == MX_OK, "implicit: done");
	T_EQ_STR(trace_log, "init->greeting greeting->ehlo-tls "
	    "ehlo-tls->quit quit->done ", "implicit: trace");

	/* start before the handshake, tls_done after: wait afresh */
	client(&c, 1);
	a = smtp_tls_done(&c, 700);
	T_OK(a == SMTP_A_WAIT && c.st == SMTP_S_GREETING &&
	    c.step_deadline == 700 + STEP,
	    "implicit: tls_done at the greeting restarts its deadline");
}

static void
test_timeouts(void)
{
	static const struct {
		enum smtp_state	 st;
		enum mx_err	 err;
	} tab[] = {
		{ SMTP_S_GREETING,	MX_E_TIMEOUT_GREETING },
		{ SMTP_S_EHLO,		MX_E_TIMEOUT_EHLO },
		{ SMTP_S_HELO,		MX_E_TIMEOUT_EHLO },
		{ SMTP_S_STARTTLS,	MX_E_TIMEOUT_STARTTLS },
		{ SMTP_S_TLS,		MX_E_TIMEOUT_TLS },
		{ SMTP_S_EHLO_TLS,	MX_E_TIMEOUT_EHLO_TLS },
	};
	struct smtp_client c;
	size_t i;
	enum smtp_act a;
	char name[80];

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		drive_to(&c, tab[i].st);
		a = smtp_timeout(&c);
		snprintf(name, sizeof(name), "timeout in %s: %s",
		    smtp_state_str(tab[i].st), mx_err_str(tab[i].err));
		T_OK(a == SMTP_A_FAIL && c.err == tab[i].err &&
		    c.st == SMTP_S_FAILED, name);
	}
	drive_to(&c, SMTP_S_QUIT);
	T_EQ_INT(c.st, SMTP_S_QUIT, "timeout in quit: reached quit");
	T_OK(smtp_timeout(&c) == SMTP_A_DONE && c.err == MX_OK,
	    "timeout in quit: done, no error");

	client(&c, 1);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, "502 no\r\n", 20);
	T_OK(c.st == SMTP_S_HELO && smtp_timeout(&c) == SMTP_A_FAIL &&
	    c.err == MX_E_TIMEOUT_EHLO_TLS,
	    "timeout in HELO inside TLS: timeout-ehlo-tls");
}

static void
test_eof(void)
{
	static const enum smtp_state st[] = {
		SMTP_S_GREETING, SMTP_S_EHLO, SMTP_S_HELO, SMTP_S_STARTTLS,
		SMTP_S_TLS, SMTP_S_EHLO_TLS,
	};
	struct smtp_client c;
	size_t i;
	char name[80];

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		drive_to(&c, st[i]);
		snprintf(name, sizeof(name), "EOF in %s: connection-closed",
		    smtp_state_str(st[i]));
		T_OK(smtp_eof(&c) == SMTP_A_FAIL && c.err == MX_E_CLOSED,
		    name);
	}
	drive_to(&c, SMTP_S_QUIT);
	(void)feed(&c, "22", 60);
	T_OK(smtp_eof(&c) == SMTP_A_DONE && c.err == MX_OK,
	    "EOF in quit (mid-reply): done, no error");
	drive_to(&c, SMTP_S_GREETING);
	(void)feed(&c, "220-mx\r\n", 1);
	T_OK(smtp_eof(&c) == SMTP_A_FAIL && c.err == MX_E_CLOSED &&
	    c.greeting_code == 0, "EOF mid-greeting: closed, no greeting");
	T_OK(feed(&c, GREETING, 2) == SMTP_A_FAIL &&
	    smtp_eof(&c) == SMTP_A_FAIL && smtp_timeout(&c) == SMTP_A_FAIL &&
	    smtp_tls_done(&c, 3) == SMTP_A_FAIL && c.err == MX_E_CLOSED,
	    "after a failure every call fails, first error kept");
}

static void
test_hostile(void)
{
	static unsigned char buf[200000];
	struct smtp_client c;
	enum smtp_act a;
	size_t n, i, off;

	/* 10,000-line EHLO in one buffer */
	n = 0;
	memcpy(buf, "250-mx.example.org\r\n", 20);
	n = 20;
	for (i = 0; i < 10000; i++) {
		memcpy(buf + n, "250-XFOO\r\n", 10);
		n += 10;
	}
	memcpy(buf + n, "250 OK\r\n", 8);
	n += 8;
	drive_to(&c, SMTP_S_EHLO);
	a = smtp_feed(&c, buf, n, 30);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_REPLY,
	    "10,000-line EHLO: smtp-reply-too-long");
	/* the same in 1 KB reads */
	drive_to(&c, SMTP_S_EHLO);
	for (off = 0, a = SMTP_A_WAIT; off < n && a == SMTP_A_WAIT;
	    off += 1000)
		a = smtp_feed(&c, buf + off, n - off < 1000 ? n - off : 1000,
		    30);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_REPLY && off < 2000,
	    "10,000-line EHLO in reads: fails within the first 2 KB");

	/* 100 KB single line: fails once LINE_MAX bytes are in */
	memcpy(buf, "220 ", 4);
	memset(buf + 4, 'A', 100000);
	drive_to(&c, SMTP_S_GREETING);
	a = smtp_feed(&c, buf, 100004, 1);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_LINE &&
	    c.total == MX_SMTP_LINE_MAX,
	    "100 KB line: smtp-line-too-long after LINE_MAX bytes");
	drive_to(&c, SMTP_S_GREETING);
	for (off = 0, a = SMTP_A_WAIT; off < 100004 && a == SMTP_A_WAIT;
	    off += 100)
		a = smtp_feed(&c, buf + off, 100, 1);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_LINE &&
	    off == 1100, "100 KB line in reads: fails on the 11th read");

	/* session cap: two big but legal replies */
	n = 0;
	for (i = 0; i < 62; i++) {
		n += (size_t)sprintf((char *)buf + n, "220-");
		memset(buf + n, 'g', 1000);
		n += 1000;
		memcpy(buf + n, "\r\n", 2);
		n += 2;
	}
	n += (size_t)sprintf((char *)buf + n, "220 mx\r\n");
	drive_to(&c, SMTP_S_GREETING);
	a = smtp_feed(&c, buf, n, 1);
	T_OK(a == SMTP_A_SEND && c.banner[0] == 'g' && c.text_truncated,
	    "62 KB greeting accepted, banner cut and flagged");
	n = 0;
	for (i = 0; i < 10; i++) {
		n += (size_t)sprintf((char *)buf + n, "250-");
		memset(buf + n, 'e', 1000);
		n += 1000;
		memcpy(buf + n, "\r\n", 2);
		n += 2;
	}
	a = smtp_feed(&c, buf, n, 2);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_REPLY &&
	    c.total == MX_SMTP_TOTAL_MAX,
	    "session over TOTAL_MAX bytes: smtp-reply-too-long");

	/* a server that talks while we did not ask */
	client(&c, 0);
	a = feed(&c, GREETING "250 pipelined junk\r\n", 1);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL &&
	    c.greeting_code == 220, "bytes after the greeting: protocol");
	drive_to(&c, SMTP_S_EHLO);
	a = feed(&c, EHLO_OK "x", 2);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL,
	    "one byte after the EHLO reply: protocol");
	drive_to(&c, SMTP_S_QUIT);
	a = feed(&c, "221 bye\r\ntrailing", 70);
	T_OK(a == SMTP_A_DONE && c.err == MX_OK,
	    "bytes after the QUIT reply: ignored");
	drive_to(&c, SMTP_S_QUIT);
	a = feed(&c, "\x16\x03\x03", 70);
	T_OK(a == SMTP_A_DONE && c.err == MX_OK,
	    "garbage as the QUIT reply: done");
	client(&c, 0);
	a = smtp_feed(&c, (const unsigned char *)"220 a\0b\r\n", 9, 1);
	T_OK(a == SMTP_A_SEND && c.err == MX_OK &&
	    strcmp(c.banner_host, "a?b") == 0,
	    "NUL in the greeting text: kept as '?', dialogue goes on");
	client(&c, 0);
	a = smtp_feed(&c, (const unsigned char *)"2\00 a\r\n", 7, 1);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_SMTP_PROTOCOL,
	    "NUL in a reply code: protocol error");
}

/* ---- injection test (issue 4) ----------------------------------------- */

static void
inject_client(struct smtp_client *c)
{
	smtp_init(c, NAME, 0, STEP);
	c->inject_test = 1;
	trace_log[0] = '\0';
	c->trace = trace;
	smtp_start(c, 0);
}

static void
test_inject(void)
{
	struct smtp_client c;
	enum smtp_act a;

	inject_client(&c);
	T_EQ_INT(c.inject_test, 1, "inject: smtp_start keeps the mode");
	a = feed(&c, GREETING, 10);
	T_OK(a == SMTP_A_SEND && sent(&c, "EHLO " NAME "\r\n"),
	    "inject: greeting -> EHLO alone");
	a = feed(&c, EHLO_OK, 20);
	T_OK(a == SMTP_A_SEND &&
	    sent(&c, "STARTTLS\r\nEHLO " NAME "\r\n"),
	    "inject: STARTTLS and EHLO in one write");
	a = feed(&c, "220 2.0.0 Ready to start TLS\r\n", 30);
	T_EQ_INT(a, SMTP_A_TLS, "inject: 220 -> TLS");
	a = smtp_tls_done(&c, 40);
	T_OK(a == SMTP_A_WAIT && c.st == SMTP_S_INJECT_WAIT && c.olen == 0,
	    "inject: after the handshake nothing is sent");
	T_EQ_INT(c.step_deadline, 40 + STEP, "inject: waits one step (<= 2 s)");
	T_EQ_INT(c.inject_verdict, SMTP_INJ_UNKNOWN, "inject: no verdict yet");
	a = feed(&c, "", 50);
	T_EQ_INT(a, SMTP_A_WAIT, "inject: no bytes, still waiting");
	a = smtp_timeout(&c);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") &&
	    c.inject_verdict == SMTP_INJ_SAFE && c.err == MX_OK,
	    "inject: silence until the deadline: safe, QUIT");
	T_EQ_INT(c.step_deadline, 40 + STEP + STEP,
	    "inject: QUIT's deadline counts from the wait's");
	T_OK(strstr(trace_log, "tls->inject-wait inject-wait->quit") != NULL,
	    "inject: traced through inject-wait");
	a = feed(&c, "221 bye\r\n", 3000);
	T_EQ_INT(a, SMTP_A_DONE, "inject: safe run ends done");

	inject_client(&c);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, EHLO_OK, 20);
	(void)feed(&c, "220 ready\r\n", 30);
	(void)smtp_tls_done(&c, 40);
	a = feed(&c, "250-mx.example.org\r\n250-PIPE", 60);
	T_OK(a == SMTP_A_SEND && sent(&c, "QUIT\r\n") &&
	    c.inject_verdict == SMTP_INJ_VULNERABLE && c.err == MX_OK,
	    "inject: unprompted bytes inside TLS: vulnerable, QUIT");
	a = feed(&c, "LINING\r\n250 8BITMIME\r\n", 70);
	T_EQ_INT(a, SMTP_A_DONE, "inject: the rest of the reply ends it");

	/* a long step: the wait is capped */
	smtp_init(&c, NAME, 0, 30000);
	c.inject_test = 1;
	smtp_start(&c, 0);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, EHLO_OK, 20);
	(void)feed(&c, "220 ready\r\n", 30);
	(void)smtp_tls_done(&c, 40);
	T_EQ_INT(c.step_deadline, 40 + MX_INJECT_WAIT_MS,
	    "inject: the wait is capped at MX_INJECT_WAIT_MS");

	inject_client(&c);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, EHLO_OK, 20);
	a = feed(&c, "554 5.5.1 synchronization error\r\n", 30);
	T_OK(a == SMTP_A_SEND && c.err == MX_E_STARTTLS_REJECTED &&
	    c.inject_verdict == SMTP_INJ_UNKNOWN,
	    "inject: pipelined STARTTLS refused: unknown, starttls-rejected");

	inject_client(&c);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, EHLO_OK, 20);
	a = feed(&c, "220 ready\r\n250 mx.example.org\r\n", 30);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_STARTTLS_INJECTION &&
	    c.inject_verdict == SMTP_INJ_UNKNOWN,
	    "inject: EHLO answered in clear after 220: unknown");

	inject_client(&c);
	(void)feed(&c, GREETING, 10);
	(void)feed(&c, EHLO_OK, 20);
	(void)feed(&c, "220 ready\r\n", 30);
	(void)smtp_tls_done(&c, 40);
	a = smtp_eof(&c);
	T_OK(a == SMTP_A_FAIL && c.err == MX_E_CLOSED &&
	    c.inject_verdict == SMTP_INJ_UNKNOWN,
	    "inject: EOF while listening: unknown, connection-closed");

	inject_client(&c);
	(void)feed(&c, GREETING, 10);
	a = feed(&c, "250-mx.example.org\r\n250 8BITMIME\r\n", 20);
	T_OK(a == SMTP_A_SEND && c.err == MX_E_NO_STARTTLS &&
	    c.inject_verdict == SMTP_INJ_UNKNOWN,
	    "inject: no STARTTLS: unknown, no-starttls");

	/* without the mode nothing changes */
	drive_to(&c, SMTP_S_STARTTLS);
	T_OK(sent(&c, "STARTTLS\r\n"), "no inject mode: STARTTLS alone");

	/* the longest EHLO name still fits after STARTTLS */
	{
		char longname[MX_NAME_MAX + 1];

		memset(longname, 'a', MX_NAME_MAX);
		longname[MX_NAME_MAX] = '\0';
		smtp_init(&c, longname, 0, STEP);
		c.inject_test = 1;
		smtp_start(&c, 0);
		(void)feed(&c, GREETING, 10);
		a = feed(&c, EHLO_OK, 20);
		T_OK(a == SMTP_A_SEND &&
		    c.olen == 10 + 5 + MX_NAME_MAX + 2 &&
		    memcmp(c.obuf, "STARTTLS\r\nEHLO aaa", 18) == 0 &&
		    memcmp(c.obuf + c.olen - 2, "\r\n", 2) == 0,
		    "inject: longest EHLO name fits the one write");
	}
}

static void
test_ext_diff(void)
{
	char out[MX_SMTP_EXT_MAX];
	unsigned n;

	n = smtp_ext_diff("PIPELINING,SIZE,STARTTLS,VRFY", "pipelining,SIZE",
	    NULL, out, sizeof out);
	T_OK(n == 2 && strcmp(out, "STARTTLS,VRFY") == 0,
	    "ext_diff: a minus b, a's order, case-insensitive");
	n = smtp_ext_diff("PIPELINING,SIZE,STARTTLS,VRFY", "PIPELINING,SIZE",
	    "STARTTLS", out, sizeof out);
	T_OK(n == 1 && strcmp(out, "VRFY") == 0, "ext_diff: skip left out");
	n = smtp_ext_diff("SIZE,AUTH", "SIZE,AUTH", NULL, out, sizeof out);
	T_OK(n == 0 && out[0] == '\0', "ext_diff: same lists: empty");
	n = smtp_ext_diff("", "SIZE", NULL, out, sizeof out);
	T_OK(n == 0 && out[0] == '\0', "ext_diff: empty a: empty");
	n = smtp_ext_diff("SIZE,AUTH", "", NULL, out, sizeof out);
	T_OK(n == 2 && strcmp(out, "SIZE,AUTH") == 0, "ext_diff: empty b: all");
	n = smtp_ext_diff("SIZE,SIZEX,SIZ", "SIZE", NULL, out, sizeof out);
	T_OK(n == 2 && strcmp(out, "SIZEX,SIZ") == 0,
	    "ext_diff: whole keywords only (no prefix match)");
	n = smtp_ext_diff("AAAA,BB,CC", "", NULL, out, 8);
	T_OK(n == 2 && strcmp(out, "AAAA,BB") == 0,
	    "ext_diff: cut before a keyword that does not fit");
	n = smtp_ext_diff("AAAAAAAAAA,B", "", NULL, out, 4);
	T_OK(n == 1 && strcmp(out, "B") == 0,
	    "ext_diff: a keyword too long is left out whole");
	n = smtp_ext_diff("A,,B", "", NULL, out, sizeof out);
	T_OK(n == 2 && strcmp(out, "A,B") == 0,
	    "ext_diff: empty elements skipped");
}

int
main(void)
{
	test_rp_basic();
	test_rp_bad();
	test_rp_limits();
	test_rp_split();
	test_rp_extra();
	test_names();
	test_happy();
	test_greeting_refused();
	test_helo();
	test_starttls();
	test_implicit();
	test_timeouts();
	test_eof();
	test_hostile();
	test_inject();
	test_ext_diff();
	return T_DONE();
}
