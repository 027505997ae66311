/*
 * test_audit.c -- the audit layer without root: the scheduler, two
 * audits in one loop, the transport score, the plugin line.
 *
 * A forked child serves a canned zone over UDP (a stub resolver's view:
 * every answer at once, AD clear) and a minimal SMTP server on two
 * loopback addresses (greeting after 50 ms, EHLO without STARTTLS, QUIT),
 * counting connections and the most open at once in shared memory.  The
 * audits run on the real poll loop against it; nothing leaves 127/8.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/report.h"
#include "../../src/audit/audit_int.h"

/* ---- the child: a canned zone and an SMTP server ----------------------- */

struct rr {
	const char	*name;
	uint16_t	 type;
	const char	*data;	/* MX "pref target", A/AAAA text, PTR name */
};

static const struct rr zone[] = {
	{ "a.test", DNSMSG_T_MX, "10 mx1.a.test" },
	{ "a.test", DNSMSG_T_MX, "20 mx2.a.test" },
	{ "mx1.a.test", DNSMSG_T_A, "127.0.0.1" },
	{ "mx2.a.test", DNSMSG_T_A, "127.0.0.2" },
	{ "1.0.0.127.in-addr.arpa", DNSMSG_T_PTR, "mx1.a.test" },
	{ "b.test", DNSMSG_T_MX, "10 mx.b.test" },
	{ "mx.b.test", DNSMSG_T_A, "127.0.0.2" },
	/* three MX, three addresses: the connection cap */
	{ "c.test", DNSMSG_T_MX, "10 m1.c.test" },
	{ "c.test", DNSMSG_T_MX, "10 m2.c.test" },
	{ "c.test", DNSMSG_T_MX, "10 m3.c.test" },
	{ "m1.c.test", DNSMSG_T_A, "127.0.0.1" },
	{ "m2.c.test", DNSMSG_T_A, "127.0.0.2" },
	{ "m3.c.test", DNSMSG_T_A, "127.0.0.3" },
	/* two MX names, one address: one probe */
	{ "d.test", DNSMSG_T_MX, "10 x.d.test" },
	{ "d.test", DNSMSG_T_MX, "20 y.d.test" },
	{ "x.d.test", DNSMSG_T_A, "127.0.0.3" },
	{ "y.d.test", DNSMSG_T_A, "127.0.0.3" },
	/* names that exist with no record of the asked type */
	{ "mx1.a.test", 0, NULL }, { "mx2.a.test", 0, NULL },
	{ "mx.b.test", 0, NULL }, { "a.test", 0, NULL },
	{ "b.test", 0, NULL }, { "c.test", 0, NULL }, { "d.test", 0, NULL },
	{ "m1.c.test", 0, NULL }, { "m2.c.test", 0, NULL },
	{ "m3.c.test", 0, NULL }, { "x.d.test", 0, NULL },
	{ "y.d.test", 0, NULL },
};

struct shared {
	int	 conns, open, most;
};

static struct shared *sh;
static uint16_t dns_port, smtp_port;
static pid_t child;

static size_t
put_name(unsigned char *p, const char *name)
{
	size_t n = 0;
	const char *dot;

	while (*name) {
		dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		p[n++] = (unsigned char)l;
		memcpy(p + n, name, l);
		n += l;
		name += l + (dot != NULL);
	}
	p[n++] = 0;
	return n;
}

/* The answer to query q[0..ql) into r; its length, 0 to stay silent. */
static size_t
answer(const unsigned char *q, size_t ql, unsigned char *r)
{
	char name[256];
	size_t off = 12, n = 0, rl, qend;
	unsigned i, an = 0, exists = 0;
	uint16_t qtype;

	if (ql < 17)
		return 0;
	while (off < ql && q[off] != 0) {
		size_t l = q[off];
		if (off + 1 + l > ql || n + l + 1 >= sizeof name)
			return 0;
		if (n)
			name[n++] = '.';
		memcpy(name + n, q + off + 1, l);
		n += l;
		off += 1 + l;
	}
	name[n] = 0;
	for (i = 0; i < n; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	if (off + 5 > ql)
		return 0;
	qtype = (uint16_t)(q[off + 1] << 8 | q[off + 2]);
	qend = off + 5;
	memcpy(r, q, qend);
	r[2] = 0x84 | (q[2] & 0x01);	/* QR, AA, RD echoed */
	r[3] = 0x80;			/* RA */
	rl = qend;
	for (i = 0; i < sizeof zone / sizeof zone[0]; i++) {
		unsigned char rd[300];
		size_t dl = 0;

		if (strcmp(zone[i].name, name) != 0)
			continue;
		exists = 1;
		if (zone[i].type != qtype)
			continue;
		if (qtype == DNSMSG_T_MX) {
			unsigned pref = (unsigned)atoi(zone[i].data);
			rd[0] = (unsigned char)(pref >> 8);
			rd[1] = (unsigned char)pref;
			dl = 2 + put_name(rd + 2, strchr(zone[i].data, ' ') + 1);
		} else if (qtype == DNSMSG_T_A) {
			inet_pton(AF_INET, zone[i].data, rd);
			dl = 4;
		} else if (qtype == DNSMSG_T_PTR)
			dl = put_name(rd, zone[i].data);
		r[rl++] = 0xc0;			/* the question's name */
		r[rl++] = 12;
		r[rl++] = (unsigned char)(qtype >> 8);
		r[rl++] = (unsigned char)qtype;
		r[rl++] = 0;
		r[rl++] = 1;			/* IN */
		memcpy(r + rl, "\0\0\x0e\x10", 4);	/* TTL 3600 */
		rl += 4;
		r[rl++] = (unsigned char)(dl >> 8);
		r[rl++] = (unsigned char)dl;
		memcpy(r + rl, rd, dl);
		rl += dl;
		an++;
	}
	if (!exists)
		r[3] |= 3;			/* NXDOMAIN */
	r[4] = 0;
	r[5] = 1;
	r[6] = 0;
	r[7] = (unsigned char)an;
	memset(r + 8, 0, 4);
	return rl;
}

struct conn {
	int	 fd;
	int	 state;		/* 0 greeting due, 1 wants EHLO, 2 wants QUIT */
	long	 due;		/* ms: when the greeting goes */
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int
listener(const char *ip, int type, uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = socket(AF_INET, type, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(*port);
	inet_pton(AF_INET, ip, &sa.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		perror("bind");
		exit(2);
	}
	if (type == SOCK_STREAM)
		listen(fd, 16);
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void
serve(int udp, const int *tcp, unsigned ntcp)
{
	struct conn c[32];
	struct pollfd pf[40];
	unsigned char q[512], r[1500];
	unsigned i, n, nc = 0;
	long t;

	for (;;) {
		int wait = -1;

		t = now_ms();
		n = 0;
		pf[n].fd = udp;
		pf[n++].events = POLLIN;
		for (i = 0; i < ntcp; i++) {
			pf[n].fd = tcp[i];
			pf[n++].events = POLLIN;
		}
		for (i = 0; i < nc; i++) {
			pf[n].fd = c[i].fd;
			pf[n++].events = POLLIN;
			if (c[i].state == 0 && (wait < 0 || c[i].due - t < wait))
				wait = c[i].due > t ? (int)(c[i].due - t) : 0;
		}
		if (poll(pf, n, wait) < 0 && errno != EINTR)
			exit(2);
		if (pf[0].revents & POLLIN) {
			struct sockaddr_storage from;
			socklen_t fl = sizeof from;
			ssize_t ql = recvfrom(udp, q, sizeof q, 0,
			    (struct sockaddr *)&from, &fl);
			size_t rl = ql > 0 ? answer(q, (size_t)ql, r) : 0;

			if (rl > 0)
				(void)sendto(udp, r, rl, 0,
				    (struct sockaddr *)&from, fl);
		}
		t = now_ms();
		/* the connections polled this round: pf[1 + ntcp + i] */
		for (i = 0; i < n - 1 - ntcp; i++) {
			char buf[512];
			ssize_t k = 0;
			int gone = 0;

			if (c[i].state == 0 && c[i].due <= t) {
				(void)!write(c[i].fd, "220 mx.test ESMTP\r\n", 19);
				c[i].state = 1;
			}
			if (pf[1 + ntcp + i].revents & (POLLIN | POLLHUP)) {
				k = read(c[i].fd, buf, sizeof buf);
				gone = k <= 0;
			}
			if (!gone && k > 0 && c[i].state == 1) {
				(void)!write(c[i].fd, "250-mx.test\r\n250 8BITMIME\r\n",
				    27);
				c[i].state = 2;
			} else if (!gone && k > 0 && c[i].state == 2) {
				(void)!write(c[i].fd, "221 bye\r\n", 9);
				gone = 1;
			}
			if (gone) {
				close(c[i].fd);
				sh->open--;
				c[i].fd = -1;
			}
		}
		for (i = 0; i < nc; i++)
			if (c[i].fd < 0)
				c[i--] = c[--nc];
		for (i = 0; i < ntcp; i++)
			if ((pf[1 + i].revents & POLLIN) && nc < 32) {
				c[nc].fd = accept(tcp[i], NULL, NULL);
				c[nc].state = 0;
				c[nc].due = now_ms() + 50;
				nc++;
				sh->conns++;
				if (++sh->open > sh->most)
					sh->most = sh->open;
			}
	}
}

static void
start_world(void)
{
	int udp, tcp[3];

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	dns_port = 0;
	udp = listener("127.0.0.1", SOCK_DGRAM, &dns_port);
	smtp_port = 0;
	tcp[0] = listener("127.0.0.1", SOCK_STREAM, &smtp_port);
	tcp[1] = listener("127.0.0.2", SOCK_STREAM, &smtp_port);
	tcp[2] = listener("127.0.0.3", SOCK_STREAM, &smtp_port);
	fflush(stdout);
	if ((child = fork()) == 0) {
		serve(udp, tcp, 3);
		_exit(0);
	}
	close(udp);
	close(tcp[0]);
	close(tcp[1]);
	close(tcp[2]);
}

/* ---- the audits --------------------------------------------------------- */

static struct dns_conf conf;
static struct loop lp;
static struct audit a1, a2;
static struct out w;
static struct report_opts ro;

static void
cfg_for(struct audit_cfg *c, const char *name, unsigned conns)
{
	memset(c, 0, sizeof *c);
	strcpy(c->name, name);
	c->port = smtp_port;
	c->ehlo_name = "test.example";
	c->step_ms = 3000;
	c->deadline = mx_clock_ms() + 10000;
	c->max_conns = conns;
	c->dns = &conf;
	c->tls_scan = TLSSCAN_OFF;
	c->dnsbl_zones = "none";
	memset(c->seed, 7, sizeof c->seed);
}

/* The report of a judged audit, as key=value text (malloc'd here). */
static char *
text_of(struct audit *a)
{
	FILE *f = tmpfile();
	char *buf;
	long n;

	out_begin(&w, OUT_KV, fileno(f));
	report_audit(&w, a);
	(void)out_end(&w);
	n = ftell(f) >= 0 ? (long)lseek(fileno(f), 0, SEEK_END) : 0;
	buf = calloc(1, (size_t)n + 1);
	(void)!pread(fileno(f), buf, (size_t)n, 0);
	fclose(f);
	return buf;
}

static char *
alone(struct audit *a, const char *name, unsigned conns)
{
	struct audit_cfg c;

	cfg_for(&c, name, conns);
	loop_init(&lp);
	audit_start(a, &c, &lp, mx_clock_ms());
	audit_pump(a, mx_clock_ms());
	(void)loop_run(&lp, mx_clock_ms);
	(void)audit_judge(a, &ro);
	return text_of(a);
}

static int
has(const char *text, const char *line)
{
	char l[256];

	snprintf(l, sizeof l, "\n%s\n", line);
	return strstr(text, l) != NULL;
}

static void
test_two_audits(void)
{
	char *t1, *t2, *u1, *u2;
	struct audit_cfg c1, c2;

	t1 = alone(&a1, "a.test", 4);
	t2 = alone(&a2, "b.test", 4);
	T_OK(has(t1, "mx_count=2") && has(t1, "mx1_host=mx1.a.test"),
	    "a.test alone: its two MX");
	T_OK(has(t1, "mx1_a1_ptr=mx1.a.test") && has(t1, "mx1_a1_fcrdns=yes"),
	    "a.test alone: PTR and forward confirmation");
	T_OK(has(t1, "mx1_error=no-starttls") && has(t1, "mx1_starttls=no"),
	    "a.test alone: the probe spoke SMTP (no STARTTLS)");
	T_OK(has(t1, "status=critical"), "a.test alone: critical");
	T_OK(has(t2, "mx1_host=mx.b.test"), "b.test alone");

	/* the same two, at once, in one loop */
	cfg_for(&c1, "a.test", 4);
	cfg_for(&c2, "b.test", 4);
	loop_init(&lp);
	audit_start(&a1, &c1, &lp, mx_clock_ms());
	audit_start(&a2, &c2, &lp, mx_clock_ms());
	audit_pump(&a1, mx_clock_ms());
	audit_pump(&a2, mx_clock_ms());
	T_OK(loop_live(&lp) > 1, "both audits have tasks in the one loop");
	(void)loop_run(&lp, mx_clock_ms);
	(void)audit_judge(&a1, &ro);
	(void)audit_judge(&a2, &ro);
	u1 = text_of(&a1);
	u2 = text_of(&a2);
	T_EQ_STR(u1, t1, "a.test in one loop with b.test: as alone");
	T_EQ_STR(u2, t2, "b.test in one loop with a.test: as alone");
	free(t1);
	free(t2);
	free(u1);
	free(u2);
}

static void
test_scheduler(void)
{
	char *t;

	sh->most = sh->conns = 0;
	t = alone(&a1, "c.test", 1);
	T_EQ_INT(sh->conns, 3, "-P 1: three MX, three connections");
	T_EQ_INT(sh->most, 1, "-P 1: never two at once");
	T_OK(has(t, "mx3_host=m3.c.test"), "-P 1: every MX probed");
	free(t);
	sh->most = sh->conns = 0;
	t = alone(&a1, "c.test", 3);
	T_EQ_INT(sh->most, 3, "-P 3: the three at once (greeting held 50 ms)");
	free(t);
	sh->most = sh->conns = 0;
	t = alone(&a1, "d.test", 4);
	T_EQ_INT(sh->conns, 1, "two MX on one address: one connection");
	T_EQ_INT(a1.nprobes, 1, "... one probe");
	T_OK(a1.mx[1].addr[0].shared, "... the second MX shares it");
	T_OK(has(t, "mx2_a1_addr=127.0.0.3") && has(t, "mx2_error=no-starttls"),
	    "... and reports its facts");
	free(t);
	t = alone(&a1, "nx.test", 4);
	T_OK(has(t, "error=dns-nxdomain") && has(t, "status=critical"),
	    "a domain that does not exist: critical, no probe");
	T_OK(strstr(t, "findings=domain-nxdomain") != NULL,
	    "... finding domain-nxdomain");
	free(t);
}

/* Transport score items from the judged findings (transport.c). */
static void
test_transport_score(void)
{
	struct audit *a = &a2;

	memset(a, 0, offsetof(struct audit, sts));
	score_reset(&a->score);
	a->nmx = 2;
	a->mx[0].naddr = 1;
	a->mx[0].addr[0].probe = 0;
	a->mx[0].addr[0].fcrdns = 1;
	a->mx[1].naddr = 1;
	a->mx[1].addr[0].probe = 1;
	a->mx[1].addr[0].fcrdns = 0;
	a->mx[1].cname = 1;
	memset(a->probes, 0, 2 * sizeof a->probes[0]);
	memset(a->scan_ran, 0, sizeof a->scan_ran);
	a->probes[0].tls.done = 1;
	a->probes[0].smtp.greeting_code = 220;
	a->probes[1].smtp.greeting_code = 220;	/* no TLS */
	verdict_reset(&a->mx[0].addr[0].probe_vd);
	verdict_reset(&a->mx[0].addr[0].scan_vd);
	verdict_reset(&a->mx[1].addr[0].probe_vd);
	verdict_reset(&a->mx[1].addr[0].scan_vd);
	verdict_add(&a->mx[0].addr[0].probe_vd, F_CERT_SELF_SIGNED);
	verdict_add(&a->mx[0].addr[0].probe_vd, F_CERT_WEAK_KEY);
	audit_score_transport(a);
	T_EQ_INT(score_get(&a->score, SC_STARTTLS), 50, "starttls: 1 of 2");
	/* self-signed 40, weak key caps at 70: 40; no TLS: 0 */
	T_EQ_INT(score_get(&a->score, SC_CERT), 20, "cert: (40 + 0) / 2");
	/* no scan ran: 1.3 unknown counts as not offered (85) */
	T_EQ_INT(score_get(&a->score, SC_TLS_VERSION), 43,
	    "tls_version: (85 + 0) / 2, rounded");
	T_EQ_INT(score_get(&a->score, SC_MX_HYGIENE), 60,
	    "hygiene: (100 + 100 - 40 - 40) / 2");
	verdict_add(&a->mx[0].addr[0].probe_vd, F_CERT_EXPIRED);
	verdict_add(&a->mx[0].addr[0].scan_vd, F_TLS_LEGACY_ENABLED);
	verdict_add(&a->mx[0].addr[0].scan_vd, F_TLS_WEAK_CIPHER);
	a->scan_ran[0] = 1;
	audit_score_transport(a);
	T_EQ_INT(score_get(&a->score, SC_CERT), 0, "cert: expired is 0");
	T_EQ_INT(score_get(&a->score, SC_TLS_VERSION), 20,
	    "tls_version: (100 - 35 - 25 + 0) / 2");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	start_world();
	dnsconf_init(&conf);
	{
		char spec[32];

		snprintf(spec, sizeof spec, "127.0.0.1:%u", dns_port);
		if (dnsconf_add(&conf, spec) < 0)
			return 2;
	}
	memset(&ro, 0, sizeof ro);
	ro.now = 1800000000;
	ro.ca_file = "/dev/null";
	ro.warn_days = 30;
	ro.crit_days = 7;
	test_two_audits();
	test_scheduler();
	test_transport_score();
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	return T_DONE();
}
