/*
 * test_dnseng.c -- the DNS engine: resolv.conf and -r parsing, the retry
 * schedule, and queries driven step by step with an injected clock against
 * loopback peers this test plays itself (UDP and TCP on one port), so
 * every deadline is checked exactly and nothing sleeps: the test only
 * waits (poll) for packets it knows are coming.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "mxprobe/dnseng.h"
#include "../../src/engine/dnseng_int.h"
#include "t.h"

#define WAIT_MS	2000	/* longest wait for a packet that must come */

/* ---- configuration -------------------------------------------------- */

static void
test_conf(void)
{
	struct dns_conf		 c;
	struct sockaddr_in6	*v6;
	struct sockaddr_in	*v4;
	char			 big[2048], name[64];
	unsigned		 i, lo;
	size_t			 n;
	static const char	 basic[] =
	    "# resolv.conf\n"
	    "; nameserver 192.0.2.99\n"
	    "search example.org\n"
	    "nameserver 192.0.2.1\n"
	    "nameserver ::1\n"
	    "nameserver fe80::1%7 # link-local\n"
	    "options ndots:2 timeout:3 rotate attempts:4\n"
	    " nameserver 192.0.2.98\n"		/* not in column 0 */
	    "nameserver\n"
	    "nameserver 192.0.2\n"
	    "nameserver 300.1.1.1\n"
	    "nameserver ::1::2\n"
	    "nameserverx 192.0.2.97\n"
	    "nameserver fe80::2%nosuchif0\n"
	    "\x01\xff garbage \x7f\n"
	    "nameserver 192.0.2.2\r\n"
	    "nameserver 127.0.0.53";		/* no final newline */

	dnsconf_init(&c);
	T_EQ_INT(c.nsrv, 0, "conf: init has no server");
	T_EQ_INT(c.timeout_ms, 5000, "conf: default timeout 5 s");
	T_EQ_INT(c.attempts, 2, "conf: default attempts 2");
	T_EQ_INT(dnsconf_parse(&c, basic, sizeof basic - 1), 5,
	    "conf: five good nameserver lines");
	T_EQ_STR(c.srv[0].text, "192.0.2.1:53", "conf: v4 text, port 53");
	T_EQ_INT(c.srv[0].loopback, 0, "conf: 192.0.2.1 not loopback");
	v4 = (struct sockaddr_in *)&c.srv[0].addr;
	T_EQ_INT(ntohs(v4->sin_port), 53, "conf: v4 port 53");
	T_EQ_INT(c.srv[0].addrlen, sizeof *v4, "conf: v4 addrlen");
	T_EQ_STR(c.srv[1].text, "[::1]:53", "conf: v6 text");
	T_EQ_INT(c.srv[1].loopback, 1, "conf: ::1 is loopback");
	T_EQ_STR(c.srv[2].text, "[fe80::1%7]:53", "conf: v6 %scope text");
	v6 = (struct sockaddr_in6 *)&c.srv[2].addr;
	T_EQ_INT(v6->sin6_scope_id, 7, "conf: numeric scope id");
	T_EQ_STR(c.srv[3].text, "192.0.2.2:53", "conf: CRLF line");
	T_EQ_STR(c.srv[4].text, "127.0.0.53:53", "conf: last line, no LF");
	T_EQ_INT(c.srv[4].loopback, 1, "conf: 127.0.0.53 is loopback");
	T_EQ_INT(c.timeout_ms, 3000, "conf: options timeout:3");
	T_EQ_INT(c.attempts, 4, "conf: options attempts:4");
	T_EQ_INT(c.truncated, 0, "conf: not truncated");

	/* an interface name as scope: the kernel's index for it */
	lo = if_nametoindex("lo");
	if (lo != 0) {
		dnsconf_init(&c);
		T_EQ_INT(dnsconf_parse(&c, "nameserver fe80::53%lo\n", 23),
		    1, "conf: %lo scope accepted");
		v6 = (struct sockaddr_in6 *)&c.srv[0].addr;
		T_EQ_INT(v6->sin6_scope_id, lo, "conf: %lo is lo's index");
	} else
		T_OK(1, "conf: no lo interface # SKIP");

	/* clamps, and bad option values left alone */
	dnsconf_init(&c);
	dnsconf_parse(&c, "options timeout:0 attempts:0\n", 29);
	T_EQ_INT(c.timeout_ms, 1000, "conf: timeout:0 -> 1 s");
	T_EQ_INT(c.attempts, 1, "conf: attempts:0 -> 1");
	dnsconf_parse(&c, "options timeout:99 attempts:99\n", 31);
	T_EQ_INT(c.timeout_ms, 30000, "conf: timeout:99 -> 30 s");
	T_EQ_INT(c.attempts, MX_DNS_ROUNDS_MAX, "conf: attempts:99 -> max");
	dnsconf_parse(&c,
	    "options timeout:x attempts: timeout:99999999999999999999\n",
	    56);
	T_EQ_INT(c.timeout_ms, 30000, "conf: garbage timeout ignored");
	T_EQ_INT(c.attempts, MX_DNS_ROUNDS_MAX, "conf: empty attempts ignored");

	/* a NUL ends the text */
	dnsconf_init(&c);
	T_EQ_INT(dnsconf_parse(&c, "nameserver 192.0.2.1\n\0nameserver "
	    "192.0.2.2\n", 42), 1, "conf: NUL ends the text");

	/* more servers than fit */
	n = 0;
	big[0] = '\0';
	for (i = 0; i < MX_DNS_SERVERS_MAX + 3; i++)
		n += (size_t)snprintf(big + n, sizeof big - n,
		    "nameserver 192.0.2.%u\n", i + 1);
	dnsconf_init(&c);
	T_EQ_INT(dnsconf_parse(&c, big, n), MX_DNS_SERVERS_MAX,
	    "conf: MX_DNS_SERVERS_MAX servers kept");
	T_EQ_INT(c.truncated, 1, "conf: more than that sets truncated");
	snprintf(name, sizeof name, "192.0.2.%u:53", MX_DNS_SERVERS_MAX);
	T_EQ_STR(c.srv[MX_DNS_SERVERS_MAX - 1].text, name,
	    "conf: the first ones are kept, in order");
	dnsconf_init(&c);
	T_EQ_INT(dnsconf_parse(&c, big, 0), 0, "conf: empty text");
}

static void
test_load(void)
{
	struct dns_conf	 c;
	char		 path[] = "/tmp/test_dnseng.XXXXXX";
	char		 pad[MX_RESOLV_CONF_MAX];
	int		 fd, se;

	dnsconf_init(&c);
	T_EQ_INT(dnsconf_load(&c, "/nonexistent/resolv.conf", &se), -1,
	    "load: missing file is -1");
	T_EQ_INT(se, ENOENT, "load: ENOENT");
	T_EQ_INT(c.nsrv, 0, "load: missing file adds no server");

	if ((fd = mkstemp(path)) < 0) {
		T_OK(0, "load: mkstemp");
		return;
	}
	/* one server, then padding to the limit, then one past the cut */
	memset(pad, '#', sizeof pad);
	pad[sizeof pad - 1] = '\n';
	if (write(fd, "nameserver 192.0.2.1\n", 21) != 21 ||
	    write(fd, pad, sizeof pad) != (ssize_t)sizeof pad ||
	    write(fd, "nameserver 192.0.2.2\n", 21) != 21)
		T_OK(0, "load: write temp file");
	close(fd);
	dnsconf_init(&c);
	T_EQ_INT(dnsconf_load(&c, path, &se), 0, "load: long file read");
	T_EQ_INT(c.nsrv, 1, "load: only the server before the cut");
	T_EQ_INT(c.truncated, 1, "load: long file sets truncated");

	if ((fd = open(path, O_WRONLY | O_TRUNC)) >= 0) {
		if (write(fd, "nameserver 192.0.2.3\nnameserver 192.0.2.4",
		    41) != 41)
			T_OK(0, "load: write temp file");
		close(fd);
	}
	dnsconf_init(&c);
	T_EQ_INT(dnsconf_load(&c, path, &se), 0, "load: short file");
	T_EQ_INT(c.nsrv, 2, "load: both servers");
	T_EQ_INT(c.truncated, 0, "load: short file not truncated");
	unlink(path);
}

static void
test_spec(void)
{
	struct dns_conf	 c;
	unsigned	 i;
	static const struct {
		const char	*spec;
		const char	*text;		/* NULL: rejected */
	} cases[] = {
		{ "127.0.0.1", "127.0.0.1:53" },
		{ "127.0.0.1:5353", "127.0.0.1:5353" },
		{ "[::1]:5353", "[::1]:5353" },
		{ "[::1]", "[::1]:53" },
		{ "::1", "[::1]:53" },
		{ "[fe80::1%3]:54", "[fe80::1%3]:54" },
		{ "192.0.2.1:65535", "192.0.2.1:65535" },
		{ "", NULL },
		{ "127.0.0.1:", NULL },
		{ "127.0.0.1:0", NULL },
		{ "127.0.0.1:65536", NULL },
		{ "127.0.0.1:53x", NULL },
		{ "127.0.0.1:-53", NULL },
		{ "[::1", NULL },
		{ "[::1]x", NULL },
		{ "[::1]:", NULL },
		{ "[127.0.0.1]:53", NULL },
		{ "localhost:53", NULL },
		{ "localhost", NULL },
		{ "1.2.3.4:53:1", NULL },
		{ "[::1]:99999999999999999999", NULL },
	};
	char name[128];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dnsconf_init(&c);
		snprintf(name, sizeof name, "-r \"%s\" %s", cases[i].spec,
		    cases[i].text ? "accepted" : "rejected");
		if (cases[i].text == NULL) {
			T_OK(dnsconf_add(&c, cases[i].spec) == -1 &&
			    c.nsrv == 0, name);
			continue;
		}
		if (T_OK(dnsconf_add(&c, cases[i].spec) == 0 && c.nsrv == 1,
		    name))
			T_EQ_STR(c.srv[0].text, cases[i].text, name);
	}
	dnsconf_init(&c);
	for (i = 0; i < MX_DNS_SERVERS_MAX; i++)
		dnsconf_add(&c, "127.0.0.1");
	T_EQ_INT(c.nsrv, MX_DNS_SERVERS_MAX, "-r: fills every slot");
	T_EQ_INT(dnsconf_add(&c, "127.0.0.1"), -1, "-r: no room is -1");
	T_EQ_INT(c.truncated, 1, "-r: no room sets truncated");
}

/* ---- schedule ------------------------------------------------------- */

static void
test_schedule(void)
{
	T_EQ_INT(dnseng_sched[0], 1, "sched: first round weight 1");
	/* -t 5, two servers, two rounds: weights 1 1 2 2 */
	T_EQ_INT(dnseng_try_wait(5000, 0, 2, 2, 2, 5000), 833,
	    "sched: try 1 of 4 gets 1/6");
	T_EQ_INT(dnseng_try_wait(4167, 0, 2, 1, 2, 5000), 833,
	    "sched: try 2 of 4 gets 1/5 of the rest");
	T_EQ_INT(dnseng_try_wait(3334, 1, 2, 2, 2, 5000), 1667,
	    "sched: try 3 of 4 gets half the rest");
	T_EQ_INT(dnseng_try_wait(1667, 1, 2, 1, 2, 5000), 1667,
	    "sched: the last try gets all that is left");
	/* one server, two rounds: 1/3, then the rest */
	T_EQ_INT(dnseng_try_wait(5000, 0, 2, 1, 1, 5000), 1666,
	    "sched: one server, first try 1/3");
	/* a server that failed fast leaves its time to the next one */
	T_EQ_INT(dnseng_try_wait(4990, 0, 2, 1, 2, 5000), 998,
	    "sched: time saved flows on");
	/* the cap: options timeout, doubled per round */
	T_EQ_INT(dnseng_try_wait(60000, 0, 2, 1, 1, 5000), 5000,
	    "sched: first round capped by timeout");
	T_EQ_INT(dnseng_try_wait(55000, 1, 2, 1, 1, 5000), 10000,
	    "sched: second round capped by 2 x timeout");
	T_EQ_INT(dnseng_try_wait(60000, 0, 2, 1, 1, 0), 20000,
	    "sched: cap 0 is no cap");
	T_EQ_INT(dnseng_try_wait(0, 0, 2, 1, 1, 5000), 0,
	    "sched: nothing left, no wait");
	T_EQ_INT(dnseng_try_wait(-5, 0, 2, 1, 1, 5000), 0,
	    "sched: past deadline, no wait");
	T_EQ_INT(dnseng_try_wait(1, 0, 5, 8, 8, 5000), 1,
	    "sched: at least 1 ms while time is left");
	T_EQ_INT(dnseng_try_wait(MX_MS_NEVER, 0, 2, 1, 1, 5000), 5000,
	    "sched: no deadline: no overflow, cap holds");
	T_OK(dnseng_try_wait(MX_MS_NEVER, 4, 5, 1, 1, 0) > 0,
	    "sched: no deadline, no cap: positive");
	T_EQ_INT(dnseng_try_wait(5000, 7, 99, 0, 3, 5000), 5000,
	    "sched: out-of-range round/rounds/ahead are clamped");
}

/* ---- peers ---------------------------------------------------------- */

/* A loopback peer: UDP and a TCP listener on one port. */
struct peer {
	int		 u, l;
	unsigned	 port;
	char		 spec[32];
};

static int
peer_open(struct peer *p)
{
	struct sockaddr_in	 a;
	socklen_t		 al = sizeof a;
	int			 one = 1, tries;

	for (tries = 0; tries < 50; tries++) {
		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		p->l = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(p->l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(p->l, (struct sockaddr *)&a, sizeof a) < 0 ||
		    listen(p->l, 8) < 0 ||
		    getsockname(p->l, (struct sockaddr *)&a, &al) < 0)
			return -1;
		p->u = socket(AF_INET, SOCK_DGRAM, 0);
		if (bind(p->u, (struct sockaddr *)&a, sizeof a) == 0) {
			p->port = ntohs(a.sin_port);
			snprintf(p->spec, sizeof p->spec, "127.0.0.1:%u",
			    p->port);
			return 0;
		}
		close(p->u);
		close(p->l);
	}
	return -1;
}

static void
peer_close(struct peer *p)
{
	close(p->u);
	close(p->l);
}

static int
wait_fd(int fd, short ev)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = ev;
	pfd.revents = 0;
	if (poll(&pfd, 1, WAIT_MS) <= 0)
		return 0;
	return pfd.revents;
}

/* Reads one query datagram; its length, -1 if none came. */
static ssize_t
peer_read(struct peer *p, unsigned char *b, size_t cap,
    struct sockaddr_storage *from, socklen_t *fl)
{
	*fl = sizeof *from;
	if (!wait_fd(p->u, POLLIN))
		return -1;
	return recvfrom(p->u, b, cap, 0, (struct sockaddr *)from, fl);
}

/*
 * A reply to query q[0..n) (built by dnsmsg_query with the OPT RR last)
 * in r: the question kept, OPT dropped, rcode and TC set, id changed by
 * id_delta, one A RR 192.0.2.N when a_last is not 0.  Returns its length.
 */
static size_t
mkreply(const unsigned char *q, size_t n, unsigned char *r, unsigned rcode,
    int tc, int id_delta, unsigned a_last)
{
	size_t	 len = n - 11;	/* the question ends where OPT begins */
	unsigned id = (unsigned)(q[0] << 8 | q[1]) + (unsigned)id_delta;

	memcpy(r, q, len);
	r[0] = (unsigned char)(id >> 8);
	r[1] = (unsigned char)id;
	r[2] = (unsigned char)(0x80 | (tc ? 0x02 : 0) | (q[2] & 0x01));
	r[3] = (unsigned char)(0x80 | rcode);
	r[6] = 0;
	r[7] = a_last ? 1 : 0;
	r[10] = r[11] = 0;
	if (a_last) {
		static const unsigned char rr[] = {
			0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2
		};
		memcpy(r + len, rr, sizeof rr);
		len += sizeof rr;
		r[len++] = (unsigned char)a_last;
	}
	return len;
}

/* Answers the next datagram at p; the query's length, -1 if none came. */
static ssize_t
peer_answer(struct peer *p, unsigned rcode, int tc, int id_delta,
    unsigned a_last)
{
	unsigned char		 q[2048], r[2048];
	struct sockaddr_storage	 from;
	socklen_t		 fl;
	ssize_t			 n;
	size_t			 rl;

	if ((n = peer_read(p, q, sizeof q, &from, &fl)) < 12)
		return -1;
	rl = mkreply(q, (size_t)n, r, rcode, tc, id_delta, a_last);
	sendto(p->u, r, rl, 0, (struct sockaddr *)&from, fl);
	return n;
}

/* Throws away the datagrams waiting at p (for queries already over). */
static void
peer_drain(struct peer *p)
{
	unsigned char b[2048];

	while (recv(p->u, b, sizeof b, MSG_DONTWAIT) >= 0)
		;
}

/* What the loop would do when fd is ready: on_io with folded revents. */
static enum task_rc
drive_io(struct dns_query *q, mx_ms now)
{
	short re;

	re = (short)wait_fd(q->t.fd, q->t.events);
	if (re & (POLLERR | POLLHUP | POLLNVAL))
		re |= POLLIN | POLLOUT;
	return q->t.cls->on_io(&q->t, re, now);
}

static unsigned	 ndone;
static mx_ms	 done_at;

static void
on_done(struct dns_query *q, void *arg, mx_ms now)
{
	ndone++;
	done_at = now;
	/* the reply is readable here */
	if (q->err == MX_OK && arg != NULL)
		*(unsigned char *)arg = q->msg[q->len - 1];
}

static void
start(struct dns_query *q, struct dns_conf *c, mx_ms now, mx_ms deadline,
    void *arg)
{
	ndone = 0;
	done_at = -1;
	dnsq_start(q, c, "mx.example.test", DNSMSG_T_A, 0x1234, now,
	    deadline, on_done, arg);
}

static struct dns_query	 qa, qb, qc;

/* A silent server: the schedule in real deadlines, then dns-timeout. */
static void
test_silent(void)
{
	struct dns_conf		 c;
	struct peer		 p;
	unsigned char		 b[2048];
	struct sockaddr_storage	 from;
	socklen_t		 fl;
	ssize_t			 n;

	if (peer_open(&p) < 0) {
		T_OK(0, "silent: peer");
		return;
	}
	dnsconf_init(&c);
	dnsconf_add(&c, p.spec);
	start(&qa, &c, 1000, 6000, NULL);
	T_EQ_STR(dnsq_state_str(qa.st), "idle", "silent: starts idle");
	T_EQ_INT(qa.t.deadline, 1000, "silent: runs at once");
	T_EQ_INT(qa.t.fd, -1, "silent: no socket before the first step");
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 1000), TASK_WAIT,
	    "silent: first step waits");
	T_EQ_STR(dnsq_state_str(qa.st), "udp", "silent: udp");
	T_EQ_INT(qa.t.events, POLLIN, "silent: wants POLLIN");
	T_EQ_INT(qa.t.deadline, 1000 + 1666, "silent: try 1 is 1/3 of 5 s");
	n = peer_read(&p, b, sizeof b, &from, &fl);
	T_OK(n > 12 + 11, "silent: datagram arrived");
	if (n > 12 + 11) {
		T_EQ_INT(b[0] << 8 | b[1], 0x1234, "silent: the caller's id");
		T_EQ_INT(b[2] & 0x01, 1, "silent: RD set");
		T_EQ_INT(b[11], 1, "silent: one additional RR (OPT)");
		T_EQ_INT(b[n - 11 + 2], DNSMSG_T_OPT, "silent: OPT last");
		T_EQ_INT(b[n - 11 + 7] & 0x80, 0x80, "silent: DO bit");
		T_EQ_INT(b[n - 11 + 3] << 8 | b[n - 11 + 4], MX_DNS_UDP_MAX,
		    "silent: payload MX_DNS_UDP_MAX");
	}
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 2000), TASK_WAIT,
	    "silent: early on_timeout keeps waiting");
	T_EQ_INT(qa.tries, 1, "silent: still one try");
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 2666), TASK_WAIT,
	    "silent: try 1 over, try 2 sent");
	T_EQ_INT(qa.tries, 2, "silent: two tries");
	T_EQ_INT(qa.t.deadline, 6000, "silent: try 2 gets the rest");
	T_OK(peer_read(&p, b, sizeof b, &from, &fl) > 0,
	    "silent: second datagram arrived");
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 6000), TASK_DONE,
	    "silent: done at the deadline");
	T_EQ_INT(ndone, 1, "silent: done called once");
	T_EQ_INT(done_at, 6000, "silent: done at 6000");
	T_EQ_STR(mx_err_str(qa.err), "dns-timeout", "silent: dns-timeout");
	T_EQ_INT(qa.answered_by, -1, "silent: answered by none");
	T_EQ_INT(qa.t.fd, -1, "silent: socket closed");
	T_EQ_STR(dnsq_state_str(qa.st), "done", "silent: state done");
	peer_close(&p);
}

/* REFUSED, then an answer; the refusal sticks in the shared conf. */
static void
test_refused(void)
{
	struct dns_conf	 c;
	struct peer	 p1, p2;
	unsigned char	 last = 0;

	if (peer_open(&p1) < 0 || peer_open(&p2) < 0) {
		T_OK(0, "refused: peers");
		return;
	}
	dnsconf_init(&c);
	dnsconf_add(&c, p1.spec);
	dnsconf_add(&c, p2.spec);
	start(&qa, &c, 0, 5000, &last);
	qa.t.cls->on_timeout(&qa.t, 0);
	T_EQ_INT(qa.t.deadline, 833, "refused: try 1 is 1/6 of 5 s");
	T_OK(peer_answer(&p1, DNSMSG_R_REFUSED, 0, 0, 0) > 0,
	    "refused: server 1 asked");
	T_EQ_INT(drive_io(&qa, 10), TASK_WAIT, "refused: on to server 2");
	T_EQ_INT(c.srv[0].refused, 1, "refused: server 1 marked");
	T_EQ_INT(qa.tries, 2, "refused: second try at once");
	/* server 1 is out of all rounds now: 2 + 2 x 1 weights left */
	T_EQ_INT(qa.t.deadline, 10 + 4990 / 3, "refused: its time flows on");
	T_OK(peer_answer(&p2, DNSMSG_R_NOERROR, 0, 0, 7) > 0,
	    "refused: server 2 asked");
	T_EQ_INT(drive_io(&qa, 20), TASK_DONE, "refused: answered");
	T_EQ_STR(mx_err_str(qa.err), "ok", "refused: ok");
	T_EQ_INT(qa.answered_by, 1, "refused: answered by server 2");
	T_EQ_INT(last, 7, "refused: reply readable in done()");
	T_EQ_INT(qa.hdr.rcode, 0, "refused: hdr is the answer's");
	T_EQ_INT(qa.used_tcp, 0, "refused: over UDP");

	/* the next query skips server 1 */
	start(&qb, &c, 100, 5100, NULL);
	qb.t.cls->on_timeout(&qb.t, 100);
	T_OK(peer_answer(&p2, DNSMSG_R_NOERROR, 0, 0, 8) > 0,
	    "refused: next query goes to server 2 first");
	T_EQ_INT(drive_io(&qb, 110), TASK_DONE, "refused: next query done");
	T_EQ_INT(qb.tries, 1, "refused: in one try");

	/* everyone refused: dns-refused, without sending anything */
	c.srv[1].refused = 1;
	start(&qb, &c, 200, 5200, NULL);
	T_EQ_INT(qb.t.cls->on_timeout(&qb.t, 200), TASK_DONE,
	    "refused: all refused ends at once");
	T_EQ_STR(mx_err_str(qb.err), "dns-refused", "refused: dns-refused");
	T_EQ_INT(qb.tries, 0, "refused: nothing sent");
	peer_close(&p1);
	peer_close(&p2);
}

/* SERVFAIL then silence: the reply outranks the silence. */
static void
test_servfail(void)
{
	struct dns_conf	 c;
	struct peer	 p1, p2;

	if (peer_open(&p1) < 0 || peer_open(&p2) < 0) {
		T_OK(0, "servfail: peers");
		return;
	}
	dnsconf_init(&c);
	c.attempts = 1;
	dnsconf_add(&c, p1.spec);
	dnsconf_add(&c, p2.spec);
	start(&qa, &c, 0, 2000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	T_EQ_INT(qa.t.deadline, 1000, "servfail: 2 servers, 1 round: half");
	peer_answer(&p1, DNSMSG_R_SERVFAIL, 0, 0, 0);
	T_EQ_INT(drive_io(&qa, 5), TASK_WAIT, "servfail: next server");
	T_EQ_INT(c.srv[0].refused, 0, "servfail: server not marked");
	T_EQ_INT(qa.t.deadline, 2000, "servfail: last try gets the rest");
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 2000), TASK_DONE,
	    "servfail: server 2 silent to the end");
	T_EQ_STR(mx_err_str(qa.err), "dns-servfail", "servfail: dns-servfail");
	T_EQ_INT(qa.answered_by, 0, "servfail: the reply was server 1's");
	T_EQ_INT(qa.hdr.rcode, DNSMSG_R_SERVFAIL, "servfail: its hdr");
	T_OK(qa.msg == NULL, "servfail: no msg");
	peer_drain(&p2);

	/* NXDOMAIN is an answer */
	start(&qa, &c, 0, 2000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	peer_answer(&p1, DNSMSG_R_NXDOMAIN, 0, 0, 0);
	T_EQ_INT(drive_io(&qa, 5), TASK_DONE, "nxdomain: done");
	T_EQ_STR(mx_err_str(qa.err), "ok", "nxdomain: ok");
	T_EQ_INT(qa.hdr.rcode, DNSMSG_R_NXDOMAIN, "nxdomain: rcode");

	/* NOTIMP: dns-server-error */
	start(&qa, &c, 0, 2000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	peer_answer(&p1, DNSMSG_R_NOTIMP, 0, 0, 0);
	drive_io(&qa, 5);
	peer_answer(&p2, DNSMSG_R_FORMERR, 0, 0, 0);
	T_EQ_INT(drive_io(&qa, 6), TASK_DONE, "formerr: done");
	T_EQ_STR(mx_err_str(qa.err), "dns-server-error",
	    "formerr: dns-server-error");
	T_EQ_INT(qa.answered_by, 1, "formerr: the last reply's server");
	peer_close(&p1);
	peer_close(&p2);
}

/* Strays are dropped and the wait goes on. */
static void
test_mismatch(void)
{
	struct dns_conf		 c;
	struct peer		 p;
	unsigned char		 q[2048], r[2048];
	struct sockaddr_storage	 from;
	socklen_t		 fl;
	ssize_t			 n;
	size_t			 rl;

	if (peer_open(&p) < 0) {
		T_OK(0, "mismatch: peer");
		return;
	}
	dnsconf_init(&c);
	dnsconf_add(&c, p.spec);
	start(&qa, &c, 0, 5000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	n = peer_read(&p, q, sizeof q, &from, &fl);
	T_OK(n > 12, "mismatch: query read");
	if (n <= 12)
		return;
	rl = mkreply(q, (size_t)n, r, 0, 0, 1, 9);
	sendto(p.u, r, rl, 0, (struct sockaddr *)&from, fl);
	T_EQ_INT(drive_io(&qa, 10), TASK_WAIT, "mismatch: wrong id dropped");
	sendto(p.u, r, 5, 0, (struct sockaddr *)&from, fl);
	T_EQ_INT(drive_io(&qa, 11), TASK_WAIT, "mismatch: 5 bytes dropped");
	rl = mkreply(q, (size_t)n, r, 0, 0, 0, 9);
	r[2] &= 0x7f;	/* QR clear: a query, not a reply */
	sendto(p.u, r, rl, 0, (struct sockaddr *)&from, fl);
	T_EQ_INT(drive_io(&qa, 12), TASK_WAIT, "mismatch: QR=0 dropped");
	T_EQ_INT(qa.t.deadline, 1666, "mismatch: try deadline unchanged");
	rl = mkreply(q, (size_t)n, r, 0, 0, 0, 9);
	sendto(p.u, r, rl, 0, (struct sockaddr *)&from, fl);
	T_EQ_INT(drive_io(&qa, 13), TASK_DONE, "mismatch: the reply taken");
	T_EQ_INT(qa.tries, 1, "mismatch: one try");
	T_EQ_INT(ndone, 1, "mismatch: done once");

	/* a broken reply (trailing bytes) from the server: next try */
	start(&qa, &c, 0, 5000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	n = peer_read(&p, q, sizeof q, &from, &fl);
	if (n > 12) {
		rl = mkreply(q, (size_t)n, r, 0, 0, 0, 9);
		r[rl++] = 0;
		sendto(p.u, r, rl, 0, (struct sockaddr *)&from, fl);
	}
	T_EQ_INT(drive_io(&qa, 10), TASK_WAIT, "broken: next try");
	T_EQ_INT(qa.tries, 2, "broken: second try sent");
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 5000), TASK_DONE,
	    "broken: then silence");
	T_EQ_STR(mx_err_str(qa.err), "dns-format", "broken: dns-format");
	peer_close(&p);
}

/* ICMP port unreachable: next server at once, dns-unreachable. */
static void
test_unreach(void)
{
	struct dns_conf		 c;
	struct sockaddr_in	 a;
	socklen_t		 al = sizeof a;
	char			 spec[32];
	int			 fd;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	bind(fd, (struct sockaddr *)&a, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &al);
	close(fd);	/* nothing listens there now */
	snprintf(spec, sizeof spec, "127.0.0.1:%u", ntohs(a.sin_port));
	dnsconf_init(&c);
	dnsconf_add(&c, spec);
	start(&qa, &c, 0, 5000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	T_EQ_INT(drive_io(&qa, 3), TASK_WAIT, "unreach: round 2 at once");
	T_EQ_INT(qa.tries, 2, "unreach: second try");
	T_EQ_INT(drive_io(&qa, 6), TASK_DONE, "unreach: done at once");
	T_EQ_INT(done_at, 6, "unreach: no wait for the deadline");
	T_EQ_STR(mx_err_str(qa.err), "dns-unreachable",
	    "unreach: dns-unreachable");
	T_EQ_INT(qa.sys_errno, ECONNREFUSED, "unreach: ECONNREFUSED kept");
}

/*
 * Serves one TCP exchange at p: accepts, reads the query, answers it
 * (split in two writes), closes.  Returns the query's length or -1.
 */
static ssize_t
peer_tcp(struct peer *p, unsigned a_last, struct dns_query *q, mx_ms now)
{
	unsigned char	 b[2048], r[2048], pre[2];
	size_t		 len, rl, got = 0;
	ssize_t		 n;
	int		 fd;

	if (!wait_fd(p->l, POLLIN) || (fd = accept(p->l, NULL, NULL)) < 0)
		return -1;
	/* the client may need a push to write (connect, then send) */
	while (got < 2) {
		if (q != NULL && q->st == DNSQ_S_TCP_CONNECT)
			drive_io(q, now);
		if (!wait_fd(fd, POLLIN))
			break;
		n = read(fd, b + got, sizeof b - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	len = got >= 2 ? (size_t)(b[0] << 8 | b[1]) : 0;
	while (got < 2 + len && wait_fd(fd, POLLIN) &&
	    (n = read(fd, b + got, sizeof b - got)) > 0)
		got += (size_t)n;
	if (got != 2 + len || len < 12) {
		close(fd);
		return -1;
	}
	rl = mkreply(b + 2, len, r, 0, 0, 0, a_last);
	pre[0] = (unsigned char)(rl >> 8);
	pre[1] = (unsigned char)rl;
	/* the prefix and the first byte, then the rest: partial reads */
	if (write(fd, pre, 2) != 2 || write(fd, r, 1) != 1) {
		close(fd);
		return -1;
	}
	if (q != NULL)
		drive_io(q, now);
	if (write(fd, r + 1, rl - 1) != (ssize_t)(rl - 1))
		len = 0;
	close(fd);
	return (ssize_t)len;
}

/* TC: the same server over TCP; the pool's wait list. */
static void
test_tcp(void)
{
	struct dns_conf	 c;
	struct peer	 p;
	unsigned char	 last = 0;
	enum task_rc	 rc;
	int		 i;

	if (peer_open(&p) < 0) {
		T_OK(0, "tcp: peer");
		return;
	}
	dnsconf_init(&c);
	dnsconf_add(&c, p.spec);
	start(&qa, &c, 0, 5000, &last);
	qa.t.cls->on_timeout(&qa.t, 0);
	peer_answer(&p, 0, 1, 0, 0);
	T_EQ_INT(drive_io(&qa, 10), TASK_WAIT, "tcp: TC -> TCP");
	T_OK(qa.st == DNSQ_S_TCP_CONNECT || qa.st == DNSQ_S_TCP_SEND ||
	    qa.st == DNSQ_S_TCP_RECV, "tcp: in a TCP state");
	T_EQ_INT(qa.tc_seen, 1, "tcp: tc_seen");
	T_EQ_INT(dnseng_tcp_busy(&c), 1, "tcp: one pool buffer taken");
	T_EQ_INT(qa.t.deadline, 10 + 4990 / 3, "tcp: a fresh try deadline");
	T_OK(peer_tcp(&p, 42, &qa, 20) > 0, "tcp: query came over TCP");
	rc = TASK_WAIT;
	for (i = 0; i < 10 && rc == TASK_WAIT; i++)
		rc = drive_io(&qa, 30);
	T_EQ_INT(rc, TASK_DONE, "tcp: answered over TCP");
	T_EQ_STR(mx_err_str(qa.err), "ok", "tcp: ok");
	T_EQ_INT(qa.used_tcp, 1, "tcp: used_tcp");
	T_EQ_INT(qa.tries, 2, "tcp: datagram + connection");
	T_EQ_INT(last, 42, "tcp: the TCP reply read in done()");
	T_EQ_INT(dnseng_tcp_busy(&c), 0, "tcp: buffer back after done()");

	/* the pool: MX_DNS_TCP_SLOTS + 1 queries want TCP at once */
	start(&qa, &c, 0, 5000, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	peer_answer(&p, 0, 1, 0, 0);
	drive_io(&qa, 1);
	start(&qb, &c, 0, 5000, NULL);
	qb.t.cls->on_timeout(&qb.t, 0);
	peer_answer(&p, 0, 1, 0, 0);
	drive_io(&qb, 1);
	_Static_assert(MX_DNS_TCP_SLOTS == 2, "this test fills two buffers");
	T_EQ_INT(dnseng_tcp_busy(&c), 2, "pool: both buffers taken");
	dnsq_start(&qc, &c, "mx.example.test", DNSMSG_T_A, 0x4321, 0, 5000,
	    on_done, NULL);
	qc.t.cls->on_timeout(&qc.t, 0);
	peer_answer(&p, 0, 1, 0, 0);
	T_EQ_INT(drive_io(&qc, 2), TASK_WAIT, "pool: third one waits");
	T_EQ_STR(dnsq_state_str(qc.st), "tcp-wait", "pool: in tcp-wait");
	T_EQ_INT(qc.t.fd, -1, "pool: waiting without a socket");
	T_EQ_INT(qc.t.deadline, 5000, "pool: until the query's deadline");
	T_EQ_INT(dnseng_tcp_waiting(&c), 1, "pool: one waiter");
	/* the first one ends (its try times out): the buffer moves on */
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 5000), TASK_DONE,
	    "pool: query 1 ends");
	T_EQ_INT(dnseng_tcp_waiting(&c), 0, "pool: the waiter was served");
	T_OK(qc.t.deadline <= 5, "pool: waiter's deadline in the past");
	T_EQ_INT(qc.t.cls->on_timeout(&qc.t, 6), TASK_WAIT,
	    "pool: waiter goes on");
	T_OK(qc.st == DNSQ_S_TCP_CONNECT || qc.st == DNSQ_S_TCP_SEND ||
	    qc.st == DNSQ_S_TCP_RECV, "pool: waiter in a TCP state");
	T_OK(qc.t.fd >= 0, "pool: waiter has its socket");
	/* abort gives everything back */
	dnsq_abort(&qb);
	dnsq_abort(&qc);
	T_EQ_INT(dnseng_tcp_busy(&c), 0, "abort: buffers back");
	T_EQ_INT(qc.t.fd, -1, "abort: socket closed");
	T_EQ_STR(dnsq_state_str(qc.st), "done", "abort: state done");
	peer_close(&p);
}

static unsigned	 ntrace;
static char	 first_trace[32];

static void
trace(void *arg, const char *from, const char *to)
{
	if (ntrace++ == 0)
		snprintf(first_trace, sizeof first_trace, "%s -> %s", from,
		    to);
}

static void
test_misc(void)
{
	struct dns_conf	 c;
	unsigned	 i, bad = 0;
	char		 longname[300];

	for (i = 0; i < DNSQ_S__COUNT; i++)
		bad += strcmp(dnsq_state_str((enum dnsq_st)i), "?") == 0;
	T_EQ_INT(bad, 0, "states: every state has a name");
	T_EQ_STR(dnsq_state_str(DNSQ_S__COUNT), "?", "states: out of range");

	dnsconf_init(&c);
	start(&qa, &c, 0, 5000, NULL);
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 0), TASK_DONE,
	    "no server: done at once");
	T_EQ_STR(mx_err_str(qa.err), "dns-no-server", "no server: error");

	dnsconf_add(&c, "127.0.0.1:9");
	c.trace = trace;
	dnsq_start(&qa, &c, "a..b", DNSMSG_T_A, 1, 0, 5000, on_done, NULL);
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 0), TASK_DONE,
	    "bad name: done at the first step");
	T_EQ_STR(mx_err_str(qa.err), "dns-bad-name", "bad name: error");
	T_EQ_INT(qa.tries, 0, "bad name: nothing sent");
	T_EQ_STR(first_trace, "idle -> done", "trace: idle -> done");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	dnsq_start(&qa, &c, longname, DNSMSG_T_A, 1, 0, 5000, on_done, NULL);
	qa.t.cls->on_timeout(&qa.t, 0);
	T_EQ_STR(mx_err_str(qa.err), "dns-bad-name", "long name: bad name");

	/* deadline already past: dns-timeout without a datagram */
	dnsq_start(&qa, &c, "example.test", DNSMSG_T_A, 1, 100, 100, on_done,
	    NULL);
	T_EQ_INT(qa.t.cls->on_timeout(&qa.t, 100), TASK_DONE,
	    "past deadline: done");
	T_EQ_STR(mx_err_str(qa.err), "dns-timeout", "past deadline: timeout");
	T_EQ_INT(qa.tries, 0, "past deadline: nothing sent");

	/* abort on a zeroed query is harmless (no fd 0 closed) */
	memset(&qb, 0, sizeof qb);
	dnsq_abort(&qb);
	T_OK(fcntl(0, F_GETFD) >= 0 || errno != EBADF,
	    "abort: zeroed query leaves fd 0 alone");
}

int
main(void)
{
	test_conf();
	test_load();
	test_spec();
	test_schedule();
	test_silent();
	test_refused();
	test_servfail();
	test_mismatch();
	test_unreach();
	test_tcp();
	test_misc();
	return T_DONE();
}
