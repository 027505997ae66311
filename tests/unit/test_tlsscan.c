/*
 * test_tlsscan.c -- the TLS scan (tlsscan.h): its verdicts and the wire.
 *
 * Verdicts: answers are put straight into struct tlsscan and
 * The scan's keys (report.c) read back through a pipe, and its findings
 * (judge.c): versions
 * from answers to hellos of various maxima and from the main probe, weak
 * categories, static RSA, DHE (anonymous DH aside), cipher order with and
 * without the main probe's suite, EMS, HRR, full mode's suite list.
 * Wire: the scan task runs on the poll loop against a server forked here
 * (implicit TLS, or a minimal STARTTLS dialogue, or a 421 greeting) that
 * logs every ClientHello and answers from a fixed policy; the test then
 * checks how many connections each level made, their spacing, and what
 * each hello offered.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "t.h"
#include "mxprobe/tlsscan.h"
#include "mxprobe/loop.h"
#include "mxprobe/out.h"
#include "mxprobe/judge.h"
#include "mxprobe/report.h"

static struct tlsscan s;
static struct loop tl;
static struct out w;
static char got[16384];
static struct verdict vd;
static char findings[MX_FINDINGS_TEXT_MAX];

/* The scan's keys (or the summary) into got; its judgement in vd. */
static void
report(int summary)
{
	int p[2];
	ssize_t n;
	size_t len = 0;

	if (pipe(p) == -1) {
		perror("pipe");
		exit(2);
	}
	verdict_reset(&vd);
	out_begin(&w, OUT_KV, p[1]);
	if (summary)
		report_scan_summary(&w, &s);
	else {
		report_scan(&w, &s);
		judge_scan(&s, &vd);
	}
	(void)verdict_text(&vd, findings, sizeof findings);
	(void)out_end(&w);
	close(p[1]);
	while (len < sizeof got - 1 &&
	    (n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
}

/* got holds the line "kv\n" */
static int
has(const char *kv)
{
	char line[512];

	snprintf(line, sizeof line, "%s\n", kv);
	return strncmp(got, line, strlen(line)) == 0 ||
	    (strstr(got, line) != NULL && strstr(got, line)[-1] == '\n');
}

static void
reset(enum tlsscan_level l, uint16_t mv, uint16_t ms)
{
	memset(&s, 0, sizeof s);
	s.cfg.level = l;
	s.cfg.main_version = mv;
	s.cfg.main_suite = ms;
	s.conns = 6;
}

static void
ans(enum tlsscan_kind k, int st, uint16_t v, uint16_t suite)
{
	s.ans[k].st = (unsigned char)st;
	s.ans[k].version = v;
	s.ans[k].suite = suite;
}

#define CHECK(kv)	T_OK(has(kv), kv)

static void
test_verdicts(void)
{
	{
		int p[2];
		char c;

		if (pipe(p) == 0) {
			out_begin(&w, OUT_KV, p[1]);
			report_scan(&w, NULL);
			judge_scan(NULL, &vd);
			report_scan_summary(&w, NULL);
			(void)out_end(&w);
			close(p[1]);
			T_OK(read(p[0], &c, 1) == 0, "no scan (NULL): no key");
			close(p[0]);
		}
	}
	reset(TLSSCAN_OFF, 0, 0);
	report(0);
	T_EQ_STR(got, "", "level off: no key");
	report(1);
	T_EQ_STR(got, "", "level off: no summary");

	/* Postfix's defaults, as seen (interop/tlsscan.sh) */
	reset(TLSSCAN_BASIC, 0x0303, 0xcca8);
	ans(TS_K_V13, TS_A_OK, 0x0304, 0x1301);
	s.ans[TS_K_V13].group = 0x001d;
	ans(TS_K_ORDER_A, TS_A_OK, 0x0303, 0xc02f);
	s.ans[TS_K_ORDER_A].ems = 1;
	ans(TS_K_CRIT, TS_A_OK, 0x0303, 0xc018);
	ans(TS_K_LEGACY, TS_A_OK, 0x0302, 0xc013);
	ans(TS_K_WEAK, TS_A_REFUSED, 0, 0);
	ans(TS_K_RSA, TS_A_OK, 0x0303, 0x009c);
	report(0);
	CHECK("tls_scan=basic");
	CHECK("tls_scan_connections=6");
	CHECK("tls13=yes");
	CHECK("tls12=yes");
	CHECK("tls11=yes");
	CHECK("tls10=unknown");
	CHECK("ssl3=unknown");
	CHECK("tls13_cipher=TLS_AES_128_GCM_SHA256");
	CHECK("tls13_group=x25519");
	CHECK("tls13_hrr=no");
	CHECK("weak_ciphers=anon");
	CHECK("rsa_kx=yes");
	CHECK("dhe=unknown");
	CHECK("server_cipher_order=no");
	CHECK("ems=yes");
	T_OK(strstr(got, "tls_scan_error") == NULL && strstr(got, "dhe_bits")
	    == NULL && strstr(got, "tls_suites") == NULL,
	    "no error, dhe_bits or tls_suites");
	T_EQ_STR(findings, "tls-legacy-enabled,tls-anon-cipher",
	    "findings: legacy enabled (warning), anonymous (informational)");
	T_EQ_INT(vd.worst, ST_WARNING, "status warning");
	report(1);
	T_EQ_STR(got,
	    "tls13=yes\ntls11=yes\ntls10=unknown\nweak_ciphers=anon\n",
	    "summary: tls13, tls11, tls10, weak_ciphers");

	/* one legacy hello answered with TLS 1.0: 1.1 no, 1.0 yes */
	ans(TS_K_LEGACY, TS_A_OK, 0x0301, 0xc013);
	report(0);
	CHECK("tls11=no");
	CHECK("tls10=yes");
	/* ... refused: 1.1, 1.0 and SSL 3.0 no */
	ans(TS_K_LEGACY, TS_A_REFUSED, 0, 0);
	ans(TS_K_V13, TS_A_REFUSED, 0, 0);
	ans(TS_K_CRIT, TS_A_REFUSED, 0, 0);
	report(0);
	CHECK("tls11=no");
	CHECK("tls10=no");
	CHECK("ssl3=no");
	CHECK("tls13=no");
	CHECK("weak_ciphers=none");
	T_OK(strstr(got, "tls13_cipher") == NULL,
	    "no tls13_cipher when refused");
	T_EQ_STR(findings, "no-tls13", "TLS 1.2 only: no-tls13 only");
	T_EQ_INT(vd.worst, ST_OK, "... status ok");
	/* a failed legacy hello says nothing */
	ans(TS_K_LEGACY, TS_A_FAILED, 0, 0);
	report(0);
	CHECK("tls11=unknown");
	ans(TS_K_WEAK, TS_A_FAILED, 0, 0);
	report(0);
	CHECK("weak_ciphers=unknown");

	/* the main probe's suite is the server's pick again: its order */
	ans(TS_K_ORDER_A, TS_A_OK, 0x0303, 0xcca8);
	report(0);
	CHECK("server_cipher_order=yes");
	/* without one: two orders */
	reset(TLSSCAN_BASIC, 0, 0);
	ans(TS_K_ORDER_A, TS_A_OK, 0x0303, 0xc030);
	ans(TS_K_ORDER_B, TS_A_OK, 0x0303, 0xc030);
	report(0);
	CHECK("server_cipher_order=yes");
	ans(TS_K_ORDER_B, TS_A_OK, 0x0303, 0xc02f);
	report(0);
	CHECK("server_cipher_order=no");
	ans(TS_K_ORDER_B, TS_A_FAILED, 0, 0);
	report(0);
	CHECK("server_cipher_order=unknown");
	CHECK("ems=no");
	T_OK(strstr(findings, "no-ems") != NULL, "no-ems (informational)");
	/* RSA main suite: not in the ECDHE set, two orders then too */
	reset(TLSSCAN_BASIC, 0x0303, 0x009c);
	ans(TS_K_ORDER_A, TS_A_OK, 0x0303, 0xc030);
	report(0);
	CHECK("server_cipher_order=unknown");
	CHECK("rsa_kx=yes");

	/* nothing above 1.1 while the main probe failed: legacy only */
	reset(TLSSCAN_BASIC, 0, 0);
	ans(TS_K_V13, TS_A_REFUSED, 0, 0);
	ans(TS_K_ORDER_A, TS_A_OK, 0x0301, 0xc013);
	ans(TS_K_LEGACY, TS_A_OK, 0x0301, 0xc013);
	report(0);
	CHECK("tls12=no");
	CHECK("tls10=yes");
	T_OK(strstr(findings, "tls-legacy-only") != NULL &&
	    vd.worst == ST_CRITICAL, "tls-legacy-only, critical");
	/* the main probe says TLS 1.1: report.c has said legacy-only */
	s.cfg.main_version = 0x0302;
	s.cfg.main_suite = 0xc013;
	report(0);
	CHECK("tls11=yes");
	T_OK(strstr(findings, "legacy") == NULL,
	    "main probe at 1.1: no second legacy finding");

	/* weak categories and their findings */
	reset(TLSSCAN_BASIC, 0x0303, 0xc02f);
	ans(TS_K_CRIT, TS_A_OK, 0x0303, 0xc010);
	ans(TS_K_WEAK, TS_A_OK, 0x0303, 0x000a);
	report(0);
	CHECK("weak_ciphers='null,3des'");
	T_OK(strstr(findings, "tls-null-export") != NULL &&
	    strstr(findings, "tls-weak-cipher") != NULL &&
	    vd.worst == ST_CRITICAL, "NULL critical, 3DES warning");
	ans(TS_K_CRIT, TS_A_OK, 0x0301, 0x0003);
	ans(TS_K_WEAK, TS_A_REFUSED, 0, 0);
	report(0);
	CHECK("weak_ciphers='export,rc4'");
	reset(TLSSCAN_BASIC, 0x0303, 0x000a);
	report(0);
	CHECK("weak_ciphers=3des");
	T_EQ_STR(findings, "tls-weak-cipher",
	    "the main probe's 3DES suite counts");
	T_EQ_INT(vd.worst, ST_WARNING, "... warning");

	/* SSL 3.0, DHE and its group, full mode's list */
	reset(TLSSCAN_FULL, 0x0303, 0xc02f);
	ans(TS_K_SSL3, TS_A_OK, 0x0300, 0x0016);	/* DHE-RSA-3DES */
	ans(TS_K_DHE, TS_A_OK, 0x0303, 0x009e);
	s.ans[TS_K_DHE].dh_bits = 1024;
	ans(TS_K_ENUM12, TS_A_REFUSED, 0, 0);
	s.suites[0] = 0x1302;
	s.suites[1] = 0xc02f;
	s.suites[2] = 0xc060;
	s.nsuites = 3;
	report(0);
	CHECK("tls_scan=full");
	CHECK("ssl3=yes");
	CHECK("dhe=yes");
	CHECK("dhe_bits=1024");
	CHECK("rsa_kx=no");
	CHECK("tls_suites='TLS_AES_256_GCM_SHA384,"
	    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,0xc060'");
	T_OK(strstr(findings, "ssl3-enabled") != NULL &&
	    strstr(findings, "tls-weak-dh") != NULL &&
	    vd.worst == ST_CRITICAL, "ssl3-enabled critical, tls-weak-dh");
	s.suites_truncated = 1;
	report(0);
	CHECK("tls_suites_truncated=yes");
	CHECK("rsa_kx=unknown");
	/* anonymous DH: no DHE, no dhe_bits */
	reset(TLSSCAN_FULL, 0x0303, 0xc02f);
	ans(TS_K_CRIT, TS_A_OK, 0x0303, 0x00a6);
	s.ans[TS_K_CRIT].dh_bits = 1024;
	report(0);
	CHECK("dhe=unknown");
	T_OK(strstr(got, "dhe_bits") == NULL, "anonymous DH: no dhe_bits");

	/* HRR, a group without a name, an error */
	reset(TLSSCAN_BASIC, 0x0303, 0xc02f);
	ans(TS_K_V13, TS_A_OK, 0x0304, 0x1302);
	s.ans[TS_K_V13].hrr = 1;
	s.ans[TS_K_V13].group = 0x0017;
	s.err = MX_E_GREETING_BUSY;
	s.conns = 3;
	report(0);
	CHECK("tls13=yes");
	CHECK("tls13_hrr=yes");
	CHECK("tls13_group=secp256r1");
	CHECK("tls_scan_error=greeting-busy");
	CHECK("tls_scan_connections=3");
	s.ans[TS_K_V13].group = 0x0100;
	report(0);
	CHECK("tls13_group=0x0100");

	T_EQ_INT(tlsscan_level_parse("full"), TLSSCAN_FULL, "parse full");
	T_EQ_INT(tlsscan_level_parse("Basic"), -1, "parse: case matters");
	T_EQ_STR(tlsscan_level_str(TLSSCAN_OFF), "off", "off");
}

/* ---- on the wire ----------------------------------------------------- */

#define LOG_MAX	200

struct seen {
	unsigned	 legacy, nsuites, v13;
	uint16_t	 suite[MX_HELLO_SUITES_MAX];
};

static struct seen seen[LOG_MAX];
static unsigned nseen;

/*
 * The forked server: accepts until killed; for each hello it writes the
 * record to fd w and answers: an alert to a TLS 1.3 or pre-1.2 hello,
 * else a ServerHello for the first offered suite of {c02f, 009c, 000a}
 * and ServerHelloDone, else an alert.
 */
/* SMTP before the hello (mode 1), or a 421 greeting and close (mode 2). */
static int
smtp(int c, int mode)
{
	static const char *const say[] = { "220 mx ESMTP\r\n",
	    "250-mx\r\n250 STARTTLS\r\n", "220 go ahead\r\n" };
	char b[512];
	size_t i;
	ssize_t r;

	if (mode == 2) {
		(void)!write(c, "421 mx busy\r\n", 13);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		(void)!write(c, say[i], strlen(say[i]));
		if (i < 2 && (r = read(c, b, sizeof b)) <= 0)
			return -1;
	}
	return 0;
}

static void
server(int ls, int w, int mode)
{
	static const uint16_t ok[] = { 0xc02f, 0x009c, 0x000a };
	unsigned char b[2048], out[128];
	size_t n, len, i, j, ns;
	ssize_t r;
	uint16_t pick;
	int c;

	for (;;) {
		if ((c = accept(ls, NULL, NULL)) < 0)
			_exit(0);
		if (mode && smtp(c, mode) < 0) {
			close(c);
			continue;
		}
		for (n = 0, len = 5; n < len; n += (size_t)r) {
			if ((r = read(c, b + n, len - n)) <= 0)
				break;
			if (n + (size_t)r >= 5)
				len = 5 + (size_t)(b[3] << 8 | b[4]);
			if (len > sizeof b)
				_exit(1);
		}
		(void)!write(w, b, len);
		pick = 0;
		ns = (size_t)(b[44] << 8 | b[45]) / 2;
		for (i = 0; i < ns && !pick && (b[9] << 8 | b[10]) == 0x0303 &&
		    !memmem(b, len, "\x00\x2b\x00\x03\x02\x03\x04", 7); i++)
			for (j = 0; j < 3; j++)
				if ((b[46 + 2 * i] << 8 |
				    b[47 + 2 * i]) == ok[j])
					pick = ok[j];
		if (pick == 0) {
			(void)!write(c, "\x15\x03\x03\x00\x02\x02\x28", 7);
		} else {
			/* record, ServerHello header, TLS 1.2 */
			memcpy(out, "\x16\x03\x03\x00\x2e\x02\x00\x00\x26"
			    "\x03\x03", 11);
			memset(out + 11, 0x42, 32);
			out[43] = 0;
			out[44] = (unsigned char)(pick >> 8);
			out[45] = (unsigned char)pick;
			out[46] = 0;
			memcpy(out + 47, "\x0e\x00\x00\x00", 4);
			(void)!write(c, out, 51);
		}
		close(c);
	}
}

/* Reads the hellos the server logged. */
static void
read_log(int rfd)
{
	unsigned char b[2048];
	size_t n, len, i;
	ssize_t r;

	nseen = 0;
	while (nseen < LOG_MAX) {
		for (n = 0, len = 5; n < len; n += (size_t)r) {
			if ((r = read(rfd, b + n, len - n)) <= 0)
				return;
			if (n + (size_t)r >= 5)
				len = 5 + (size_t)(b[3] << 8 | b[4]);
		}
		seen[nseen].legacy = (unsigned)(b[9] << 8 | b[10]);
		seen[nseen].nsuites = (unsigned)(b[44] << 8 | b[45]) / 2;
		for (i = 0; i < seen[nseen].nsuites && i < MX_HELLO_SUITES_MAX;
		    i++)
			seen[nseen].suite[i] = (uint16_t)(b[46 + 2 * i] << 8 |
			    b[47 + 2 * i]);
		seen[nseen].v13 = memmem(b, len, "\x00\x2b\x00\x03\x02\x03\x04",
		    7) != NULL;
		nseen++;
	}
}

/* Every suite of hello i has class bits in need (any) and none in rej. */
static int
all_are(unsigned i, unsigned kx, unsigned need, unsigned rej)
{
	unsigned j, c;

	for (j = 0; j < seen[i].nsuites; j++) {
		c = hello_suite_class(seen[i].suite[j]);
		if ((kx && (c & HELLO_KX_MASK) != kx) ||
		    (need && !(c & need)) || (c & rej))
			return 0;
	}
	return seen[i].nsuites > 0;
}

/* Runs one scan against a fresh server; returns the wall time in ms. */
static mx_ms
run(enum tlsscan_level l, int mode)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	struct tlsscan_cfg cfg;
	int ls, lp[2];
	pid_t pid;
	mx_ms t0;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((ls = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(ls, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(ls, 8) < 0 ||
	    getsockname(ls, (struct sockaddr *)&a, &al) < 0 || pipe(lp) < 0) {
		perror("server");
		exit(2);
	}
	if ((pid = fork()) == 0) {
		close(lp[0]);
		server(ls, lp[1], mode);
	}
	close(ls);
	close(lp[1]);
	memset(&cfg, 0, sizeof cfg);
	strcpy(cfg.host, "mx.example.org");
	memcpy(&cfg.addr, &a, sizeof a);
	cfg.addrlen = sizeof a;
	cfg.implicit_tls = mode == 0;
	cfg.ehlo_name = "localhost";
	cfg.level = l;
	cfg.step_ms = 2000;
	t0 = mx_clock_ms();
	cfg.deadline = t0 + 20000;
	cfg.main_version = 0x0303;
	cfg.main_suite = 0xc02f;
	loop_init(&tl);
	tlsscan_start(&s, &cfg, t0);
	(void)loop_add(&tl, &s.t);
	(void)loop_run(&tl, mx_clock_ms);
	t0 = mx_clock_ms() - t0;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	read_log(lp[0]);
	close(lp[0]);
	return t0;
}

static void
test_wire(void)
{
	mx_ms ms;
	unsigned i;

	ms = run(TLSSCAN_BASIC, 0);
	T_EQ_INT(s.conns, 6, "basic: 6 connections");
	T_EQ_INT(nseen, 6, "... 6 hellos reached the server");
	T_OK(ms >= 6 * MX_TLSSCAN_GAP_MS, "... each after a 200 ms pause");
	T_EQ_INT(s.err, MX_OK, "... no error");
	T_OK(seen[0].v13 && all_are(0, HELLO_KX_13, 0, 0) &&
	    seen[0].nsuites == 5, "1: TLS 1.3 only, its 5 suites");
	T_OK(!seen[1].v13 && seen[1].legacy == 0x0303 &&
	    seen[1].nsuites == 18 && seen[1].suite[17] == 0xc02f &&
	    all_are(1, HELLO_KX_ECDHE, 0, 0),
	    "2: TLS 1.2, 18 ECDHE suites, the main probe's last");
	T_OK(seen[2].legacy == 0x0303 && all_are(2, 0, HELLO_C_NULL |
	    HELLO_C_EXPORT | HELLO_C_ANON, 0),
	    "3: NULL, EXPORT, anonymous only (the main suite was ECDHE)");
	T_OK(seen[3].legacy == 0x0302 && all_are(3, 0, 0, HELLO_C_TLS12 |
	    HELLO_C_NULL | HELLO_C_EXPORT | HELLO_C_ANON),
	    "4: TLS 1.1 at most, no 1.2-only or critical suite");
	T_OK(seen[4].legacy == 0x0303 && all_are(4, 0, HELLO_C_DES |
	    HELLO_C_RC4 | HELLO_C_3DES, HELLO_C_NULL | HELLO_C_EXPORT |
	    HELLO_C_ANON), "5: RC4, DES, 3DES only");
	T_OK(seen[5].legacy == 0x0303 && all_are(5, HELLO_KX_RSA, 0,
	    HELLO_C_WEAK), "6: static RSA, strong ciphers only");
	report(0);
	CHECK("tls13=no");
	CHECK("tls11=no");
	CHECK("tls10=no");
	CHECK("weak_ciphers=3des");
	CHECK("rsa_kx=yes");
	CHECK("server_cipher_order=yes");

	ms = run(TLSSCAN_FULL, 0);
	/* 6, DHE, then 3 accepted suites and the refusal (SSL 3.0, TLS 1.0
	 * settled by the legacy hello, TLS 1.3 refused: not asked) */
	T_EQ_INT(s.conns, 11, "full: 11 connections");
	T_EQ_INT(nseen, 11, "... 11 hellos reached the server");
	T_OK(all_are(6, HELLO_KX_DHE, 0, HELLO_C_ANON), "7: DHE only");
	for (i = 7; i < nseen; i++)
		if (seen[i].nsuites != seen[7].nsuites - (i - 7))
			break;
	T_EQ_INT(i, 11, "8-11: the table less one accepted suite each time");
	report(0);
	CHECK("tls_suites='TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
	    "TLS_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA'");
	CHECK("dhe=no");
	CHECK("ssl3=no");
	T_OK(strstr(got, "tls_suites_truncated") == NULL, "not truncated");

	/* STARTTLS first: the same six hellos */
	(void)run(TLSSCAN_BASIC, 1);
	T_OK(s.conns == 6 && nseen == 6 && s.err == MX_OK && seen[0].v13 &&
	    seen[3].legacy == 0x0302, "STARTTLS: EHLO, STARTTLS, then the "
	    "same 6 hellos");
	/* 421: the scan stops with the server's refusal */
	(void)run(TLSSCAN_BASIC, 2);
	T_EQ_INT(s.conns, 1, "421 greeting: one connection, then no more");
	T_EQ_INT(s.err, MX_E_GREETING_BUSY, "... greeting-busy");
	T_EQ_INT(nseen, 0, "... and no hello");

	/* nothing listens: the scan stops at the first connection */
	memset(&s, 0, sizeof s);
	{
		struct tlsscan_cfg cfg;
		struct sockaddr_in *a = (struct sockaddr_in *)&cfg.addr;
		mx_ms t0 = mx_clock_ms();

		memset(&cfg, 0, sizeof cfg);
		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		a->sin_port = htons(1);
		cfg.addrlen = sizeof *a;
		cfg.implicit_tls = 1;
		cfg.level = TLSSCAN_BASIC;
		cfg.step_ms = 2000;
		cfg.deadline = t0 + 5000;
		loop_init(&tl);
		tlsscan_start(&s, &cfg, t0);
		(void)loop_add(&tl, &s.t);
		(void)loop_run(&tl, mx_clock_ms);
	}
	T_EQ_INT(s.conns, 1, "refused: one connection, then the scan stops");
	T_EQ_INT(s.err, MX_E_CONNECT_REFUSED, "... connect-refused");
}

int
main(void)
{
	test_verdicts();
	test_wire();
	return T_DONE();
}
