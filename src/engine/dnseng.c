/*
 * dnseng.c -- the DNS stub resolver engine: one query as a task (see
 * dnseng.h; the configuration it reads is resolvconf.c's).
 *
 * IMPLEMENTATION NOTES
 *
 * One query is one task (task.h) with at most one socket at a time.
 * States (set_st() makes every change and calls the trace hook):
 *   IDLE         started; the first on_timeout (t.deadline = now) runs it
 *   NEXT         (transient) the last try is over: move to the next usable
 *                server (conf->srv in order, conf->attempts rounds, servers
 *                marked refused skipped) and start a UDP try there, or end
 *   UDP          the query went out on a connected socket; each datagram
 *                is read with MSG_TRUNC (one longer than the buffer counts
 *                as TC) and checked by dnsmsg_check_reply:
 *                  dns-mismatch, or too short for a header -> dropped, the
 *                    wait goes on (RFC 5452 9.1; not ours)
 *                  TC (RFC 1035 4.2.1, RFC 7766 5) -> TCP_WAIT
 *                  broken, SERVFAIL, REFUSED, other rcode -> NEXT
 *                  NOERROR, NXDOMAIN -> DONE (RFC 2308: both are answers)
 *                ECONNREFUSED from recv (ICMP port unreachable on a
 *                connected socket, RFC 1122 4.1.3.3) -> NEXT at once;
 *                the try deadline -> NEXT
 *   TCP_WAIT     TC seen; a buffer of the TCP pool is needed.  All busy:
 *                on a FIFO wait list with fd -1 and the query's deadline,
 *                until a query that gives a buffer back hands it over and
 *                sets our t.deadline in the past, so the loop runs us
 *   TCP_CONNECT  non-blocking connect to the same server; POLLOUT, then
 *                SO_ERROR says how it went
 *   TCP_SEND     2-byte length + the query (RFC 1035 4.2.2), partial writes
 *   TCP_RECV     the 2-byte length, then that many bytes (at most
 *                MX_DNS_MSG_MAX, all the prefix can say) into the pool
 *                buffer, partial reads; checked as above, except that a
 *                mismatch is an error (nobody else writes on our
 *                connection); EOF or reset before the end -> dns-tcp-failed
 *                and NEXT
 *   DONE         socket closed, buffer given back, done() called once
 * The step function loops over the states until one has to wait; then it
 * returns TASK_WAIT with fd, events and deadline set (asr's run loop).
 *
 * Time (s6-dns: the clock comes in as now, never read here).  Each try
 * gets a deadline from dnseng_try_wait(): its round's weight
 * (dnseng_sched) over the weights of every try still to come, times what
 * is left of the query's deadline, capped by conf->timeout_ms scaled to
 * the round; never past the query's deadline.  So with -t 5 and two
 * servers over two rounds the tries wait 0.83, 0.83, 1.67 and 1.67 s, and
 * a server that fails at once (REFUSED, ICMP) leaves its time to the
 * others.  The TCP exchange after TC is a new try of the same weight; time
 * spent waiting for a pool buffer counts only against the query deadline.
 *
 * Spoofing (RFC 5452): the caller's random id; a fresh socket for each
 * try, so each try leaves from a new random port of the kernel's choice;
 * connect() makes the kernel drop datagrams from any other address or
 * port; the question must be echoed, records must all unpack and nothing
 * may follow them (dnsmsg_check_reply).  A server that answers REFUSED is
 * marked in the shared conf and no query asks it again (B4).
 *
 * Final error (dnseng.h): fail_rank orders what a query saw; a reply (3)
 * beats a transport failure (2), which beats silence (1); among equals the
 * last one wins.  Rank 4 is the bad qname found at start.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "mxprobe/dnseng.h"
#include "mxprobe/net.h"
#include "dnseng_int.h"

/* datagrams read per wakeup: strays cannot keep the loop from others */
#define UDP_DRAIN_MAX	16

enum {
	RANK_NONE,
	RANK_TIMEOUT,
	RANK_TRANSPORT,
	RANK_REPLY,
	RANK_FATAL
};

/* What one look at the socket found. */
enum rx {
	RX_WAIT,		/* nothing (more) to read or write yet */
	RX_DONE,		/* an answer: the query is over */
	RX_NEXT,		/* this try failed: next server */
	RX_TCP			/* TC: same server over TCP */
};

/* Rounds wait 1, 2, 4, 8, 16 units: later rounds give slow servers time. */
const unsigned dnseng_sched[MX_DNS_ROUNDS_MAX] = { 1, 2, 4, 8, 16 };

static const char *const dnsq_st_str[] = {
	[DNSQ_S_IDLE]		= "idle",
	[DNSQ_S_NEXT]		= "next",
	[DNSQ_S_UDP]		= "udp",
	[DNSQ_S_TCP_WAIT]	= "tcp-wait",
	[DNSQ_S_TCP_CONNECT]	= "tcp-connect",
	[DNSQ_S_TCP_SEND]	= "tcp-send",
	[DNSQ_S_TCP_RECV]	= "tcp-recv",
	[DNSQ_S_DONE]		= "done",
};
_Static_assert(sizeof dnsq_st_str / sizeof dnsq_st_str[0] == DNSQ_S__COUNT,
    "one name per query state");
/* A query slot: the UDP buffer, the name and the header; no more (B3). */
_Static_assert(sizeof(struct dns_query) <= 2048, "struct dns_query grew");
/* A TCP reply buffer holds any length the 2-byte prefix can say. */
_Static_assert(MX_DNS_MSG_MAX + 2 >= 65535 + 2, "TCP pool buffer too small");

static enum task_rc dnsq_on_io(struct task *, short, mx_ms);
static enum task_rc dnsq_on_timeout(struct task *, mx_ms);

static const struct task_class dnsq_class = {
	"dns", dnsq_on_io, dnsq_on_timeout
};

/* ---- schedule ------------------------------------------------------- */

/* see dnseng_int.h */
mx_ms
dnseng_try_wait(mx_ms left, unsigned round, unsigned rounds, unsigned ahead,
    unsigned nsrv, mx_ms cap)
{
	mx_ms		 total, w, lim, wt;
	unsigned	 r;

	if (left <= 0)
		return 0;
	if (rounds < 1)
		rounds = 1;
	if (rounds > MX_DNS_ROUNDS_MAX)
		rounds = MX_DNS_ROUNDS_MAX;
	if (round >= rounds)
		round = rounds - 1;
	if (ahead < 1)
		ahead = 1;
	wt = dnseng_sched[round];
	total = wt * ahead;
	for (r = round + 1; r < rounds; r++)
		total += (mx_ms)dnseng_sched[r] * nsrv;
	/* left * wt / total without overflow, even for MX_MS_NEVER */
	w = left / total * wt + left % total * wt / total;
	if (cap > 0) {
		lim = cap > MX_MS_NEVER / 32 ? MX_MS_NEVER :
		    cap * wt / dnseng_sched[0];
		if (w > lim)
			w = lim;
	}
	if (w < 1)
		w = 1;
	return w < left ? w : left;
}

/* ---- TCP pool ------------------------------------------------------- */

static int
pool_get(struct dns_query *q)
{
	struct dns_tcp_pool *tp = &q->conf->tcp;
	unsigned i;

	for (i = 0; i < MX_DNS_TCP_SLOTS; i++)
		if (tp->owner[i] == NULL) {
			tp->owner[i] = q;
			q->tcp_buf = (int)i;
			return 1;
		}
	return 0;
}

static void
wait_add(struct dns_query *q)
{
	struct dns_tcp_pool *tp = &q->conf->tcp;

	q->wnext = NULL;
	if (tp->wait_tail != NULL)
		tp->wait_tail->wnext = q;
	else
		tp->wait_head = q;
	tp->wait_tail = q;
	q->waiting = 1;
}

static void
wait_del(struct dns_query *q)
{
	struct dns_tcp_pool *tp = &q->conf->tcp;
	struct dns_query **pp, *prev = NULL;

	for (pp = &tp->wait_head; *pp != NULL; prev = *pp, pp = &(*pp)->wnext)
		if (*pp == q) {
			*pp = q->wnext;
			if (tp->wait_tail == q)
				tp->wait_tail = prev;
			break;
		}
	q->wnext = NULL;
	q->waiting = 0;
}

/*
 * Gives buffer i of tp back: to the first waiter if there is one, whose
 * deadline is then set in the past so that the loop runs it next round.
 * Never touches the query that held the buffer.
 */
static void
pool_put(struct dns_tcp_pool *tp, int i)
{
	struct dns_query *w;

	if (i < 0 || i >= MX_DNS_TCP_SLOTS)
		return;
	tp->owner[i] = NULL;
	if ((w = tp->wait_head) == NULL)
		return;
	wait_del(w);
	tp->owner[i] = w;
	w->tcp_buf = i;
	w->t.deadline = 0;
}

/* see dnseng_int.h */
unsigned
dnseng_tcp_busy(const struct dns_conf *c)
{
	unsigned i, n = 0;

	for (i = 0; i < MX_DNS_TCP_SLOTS; i++)
		n += c->tcp.owner[i] != NULL;
	return n;
}

/* see dnseng_int.h */
unsigned
dnseng_tcp_waiting(const struct dns_conf *c)
{
	const struct dns_query	*q;
	unsigned		 n = 0;

	for (q = c->tcp.wait_head; q != NULL; q = q->wnext)
		n++;
	return n;
}

/* ---- the query ------------------------------------------------------ */

/* see dnseng.h */
const char *
dnsq_state_str(enum dnsq_st s)
{
	return (unsigned)s < DNSQ_S__COUNT && dnsq_st_str[s] != NULL ?
	    dnsq_st_str[s] : "?";
}

static void
set_st(struct dns_query *q, enum dnsq_st st)
{
	if (q->st == st)
		return;
	if (q->conf != NULL && q->conf->trace != NULL)
		q->conf->trace(q->conf->trace_arg, dnsq_state_str(q->st),
		    dnsq_state_str(st));
	q->st = st;
}

/* Records why a try failed, if it says more than what we have. */
static void
note(struct dns_query *q, enum mx_err e, int rank)
{
	if (rank >= q->fail_rank) {
		q->fail = e;
		q->fail_rank = rank;
	}
}

/* A socket error that says the server cannot be reached at all. */
static enum mx_err
sys_err(int e)
{
	switch (e) {
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EADDRNOTAVAIL:
	case EAFNOSUPPORT:
	case EHOSTDOWN:
		return MX_E_DNS_UNREACH;
	default:
		return MX_E_IO;
	}
}

static void
sock_close(struct dns_query *q)
{
	if (q->t.fd >= 0)
		close(q->t.fd);
	q->t.fd = -1;
	q->t.events = 0;
}

static unsigned
rounds(const struct dns_conf *c)
{
	if (c->attempts < 1)
		return 1;
	return c->attempts > MX_DNS_ROUNDS_MAX ? MX_DNS_ROUNDS_MAX :
	    c->attempts;
}

/* Servers from index `from` on that may still be asked. */
static unsigned
usable(const struct dns_conf *c, unsigned from)
{
	unsigned i, n = 0;

	for (i = from; i < c->nsrv && i < MX_DNS_SERVERS_MAX; i++)
		n += !c->srv[i].refused;
	return n;
}

/* Moves (round, srv) to the next server to ask; 0 when none is left. */
static int
next_server(struct dns_query *q)
{
	const struct dns_conf *c = q->conf;

	for (;;) {
		q->srv++;
		if (q->srv >= c->nsrv || q->srv >= MX_DNS_SERVERS_MAX) {
			q->srv = 0;
			q->round++;
		}
		if (q->round >= rounds(c) || c->nsrv == 0)
			return 0;
		if (!c->srv[q->srv].refused)
			return 1;
	}
}

/* Sets the deadline of a try starting now at the current server. */
static void
try_arm(struct dns_query *q, mx_ms now)
{
	q->try_deadline = now + dnseng_try_wait(q->deadline - now, q->round,
	    rounds(q->conf), usable(q->conf, q->srv), usable(q->conf, 0),
	    q->conf->timeout_ms);
}

/* Waits for ev on the socket until the try's deadline. */
static enum task_rc
arm(struct dns_query *q, short ev)
{
	q->t.events = ev;
	q->t.deadline = q->try_deadline < q->deadline ? q->try_deadline :
	    q->deadline;
	return TASK_WAIT;
}

/*
 * A step found nothing to do yet (rx == RX_WAIT): 1 while the try lasts,
 * so the caller arms and waits; past it, the try counts as a timeout and
 * 0 sends the caller to the next server, as for any failed try.
 */
static int
keep_waiting(struct dns_query *q, enum rx rx, mx_ms now)
{
	if (rx != RX_WAIT)
		return 0;
	if (now < q->try_deadline)
		return 1;
	note(q, MX_E_DNS_TIMEOUT, RANK_TIMEOUT);
	return 0;
}

/*
 * Ends the query: done() is the last thing that touches q.  The TCP buffer
 * (which msg may point into) is given back only after done() returns.
 */
static enum task_rc
finish(struct dns_query *q, int answered, mx_ms now)
{
	struct dns_tcp_pool *tp = &q->conf->tcp;
	int i = q->tcp_buf;

	sock_close(q);
	if (q->waiting)
		wait_del(q);
	q->tcp_buf = -1;
	q->t.deadline = MX_MS_NEVER;
	if (answered)
		q->err = MX_OK;
	else if (q->fail_rank > RANK_NONE)
		q->err = q->fail;
	else if (q->conf->nsrv == 0)
		q->err = MX_E_DNS_NO_SERVER;
	else if (usable(q->conf, 0) == 0)
		q->err = MX_E_DNS_REFUSED;
	else
		q->err = MX_E_DNS_TIMEOUT;
	if (q->err != MX_OK) {
		q->msg = NULL;
		q->len = 0;
		if (q->fail_rank == RANK_REPLY)
			q->answered_by = q->fail_srv;
		else {
			q->answered_by = -1;
			q->used_tcp = 0;
			memset(&q->hdr, 0, sizeof q->hdr);
		}
	}
	set_st(q, DNSQ_S_DONE);
	if (q->done != NULL)
		q->done(q, q->arg, now);
	/* tp, not q->conf: done() may have restarted q on another conf */
	pool_put(tp, i);
	return TASK_DONE;
}

/*
 * A reply that is ours (UDP: not a mismatch; TCP: whatever came), from
 * the current server, m[0..len) checked with result e.
 */
static enum rx
reply(struct dns_query *q, enum mx_err e, const struct dnsmsg_hdr *h,
    const unsigned char *m, size_t len, int tcp)
{
	q->hdr = *h;
	q->fail_srv = (int)q->srv;
	q->used_tcp = tcp;
	if (e != MX_OK) {
		note(q, e, RANK_REPLY);
		return RX_NEXT;
	}
	switch (h->rcode) {
	case DNSMSG_R_NOERROR:
	case DNSMSG_R_NXDOMAIN:
		q->answered_by = (int)q->srv;
		q->msg = m;
		q->len = len;
		return RX_DONE;
	case DNSMSG_R_SERVFAIL:
		note(q, MX_E_DNS_SERVFAIL, RANK_REPLY);
		return RX_NEXT;
	case DNSMSG_R_REFUSED:
		q->conf->srv[q->srv].refused = 1;
		note(q, MX_E_DNS_REFUSED, RANK_REPLY);
		return RX_NEXT;
	default:
		note(q, MX_E_DNS_RCODE, RANK_REPLY);
		return RX_NEXT;
	}
}

/*
 * Opens a connected UDP socket to the current server and sends the query.
 * 0, or -1 with the failure noted (the caller moves on).
 */
static int
udp_send(struct dns_query *q)
{
	const struct dns_server	*s = &q->conf->srv[q->srv];
	int			 n, fd;
	ssize_t			 w;

	n = dnsmsg_query(q->buf, sizeof q->buf, q->id, q->qname, q->qtype,
	    DNSMSG_Q_RD | DNSMSG_Q_DO);
	if (n < 0) {
		/* checked at start: cannot happen */
		note(q, MX_E_INTERNAL, RANK_FATAL);
		return -1;
	}
	fd = socket(s->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		q->sys_errno = errno;
		note(q, sys_err(errno), RANK_TRANSPORT);
		return -1;
	}
	q->t.fd = fd;
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) < 0) {
		q->sys_errno = errno;
		note(q, sys_err(errno), RANK_TRANSPORT);
		sock_close(q);
		return -1;
	}
	q->tries++;
	do
		w = send(fd, q->buf, (size_t)n, 0);
	while (w < 0 && errno == EINTR);
	if (w != n) {
		q->sys_errno = w < 0 ? errno : EMSGSIZE;
		note(q, sys_err(q->sys_errno), RANK_TRANSPORT);
		sock_close(q);
		return -1;
	}
	return 0;
}

/* Reads what the UDP socket holds. */
static enum rx
udp_recv(struct dns_query *q)
{
	struct dnsmsg_hdr	 h;
	enum mx_err		 e;
	ssize_t			 n;
	size_t			 len;
	unsigned		 i;

	for (i = 0; i < UDP_DRAIN_MAX; i++) {
		n = recv(q->t.fd, q->buf, sizeof q->buf, MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return RX_WAIT;
			q->sys_errno = errno;
			note(q, sys_err(errno), RANK_TRANSPORT);
			return RX_NEXT;
		}
		/* no id to match: cannot be told from a stray */
		if ((size_t)n < DNSMSG_HDR_LEN)
			continue;
		/* MSG_TRUNC: n is the datagram's size, not what we hold */
		len = (size_t)n < sizeof q->buf ? (size_t)n : sizeof q->buf;
		e = dnsmsg_check_reply(q->buf, len, q->id, q->qname,
		    q->qtype, &h);
		if (e == MX_E_DNS_MISMATCH)
			continue;
		if (h.tc || (size_t)n > sizeof q->buf) {
			/* a cut reply usually fails to unpack: TCP either way */
			q->tc_seen = 1;
			return RX_TCP;
		}
		return reply(q, e, &h, q->buf, len, 0);
	}
	return RX_WAIT;
}

/*
 * Opens the TCP connection (net.c's, as probes do) to the current server
 * with the query in the pool buffer.  Returns RX_WAIT (connecting: the
 * POLLOUT that follows, even for a connect that finished at once, goes
 * to tcp_connected) or RX_NEXT.
 */
static enum rx
tcp_open(struct dns_query *q, mx_ms now)
{
	const struct dns_server	*s = &q->conf->srv[q->srv];
	unsigned char		*b = q->conf->tcp.buf[q->tcp_buf];
	enum mx_err		 e;
	int			 n, fd;

	n = dnsmsg_query(b + 2, MX_DNS_MSG_MAX, q->id, q->qname, q->qtype,
	    DNSMSG_Q_RD | DNSMSG_Q_DO);
	if (n < 0) {
		note(q, MX_E_INTERNAL, RANK_FATAL);
		return RX_NEXT;
	}
	b[0] = (unsigned char)(n >> 8);
	b[1] = (unsigned char)n;
	q->io_off = 0;
	q->io_len = (size_t)n + 2;
	try_arm(q, now);
	q->tries++;
	fd = net_tcp_start(&s->addr, s->addrlen, &e, &q->sys_errno);
	if (fd < 0) {
		note(q, MX_E_DNS_TCP, RANK_TRANSPORT);
		return RX_NEXT;
	}
	q->t.fd = fd;
	return RX_WAIT;
}

/* The connection is ready (POLLOUT): did it work? */
static enum rx
tcp_connected(struct dns_query *q)
{
	if (net_tcp_result(q->t.fd, &q->sys_errno) == MX_OK)
		return RX_TCP;
	note(q, MX_E_DNS_TCP, RANK_TRANSPORT);
	return RX_NEXT;
}

/* Writes the rest of length + query: RX_WAIT, RX_TCP (all sent), RX_NEXT. */
static enum rx
tcp_send(struct dns_query *q)
{
	const unsigned char	*b = q->conf->tcp.buf[q->tcp_buf];
	ssize_t			 n;

	while (q->io_off < q->io_len) {
		n = send(q->t.fd, b + q->io_off, q->io_len - q->io_off,
		    MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return RX_WAIT;
			q->sys_errno = errno;
			note(q, MX_E_DNS_TCP, RANK_TRANSPORT);
			return RX_NEXT;
		}
		q->io_off += (size_t)n;
	}
	return RX_TCP;
}

/*
 * Reads the length prefix, then the reply (io_len is 2 until the prefix
 * is in).  RX_WAIT, RX_DONE or RX_NEXT.
 */
static enum rx
tcp_recv(struct dns_query *q)
{
	unsigned char		*b = q->conf->tcp.buf[q->tcp_buf];
	struct dnsmsg_hdr	 h;
	enum mx_err		 e;
	size_t			 mlen;
	ssize_t			 n;

	for (;;) {
		n = recv(q->t.fd, b + q->io_off, q->io_len - q->io_off, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return RX_WAIT;
			q->sys_errno = errno;
			note(q, MX_E_DNS_TCP, RANK_TRANSPORT);
			return RX_NEXT;
		}
		if (n == 0) {
			/* closed before the whole reply */
			note(q, MX_E_DNS_TCP, RANK_TRANSPORT);
			return RX_NEXT;
		}
		q->io_off += (size_t)n;
		if (q->io_off < q->io_len)
			continue;
		if (q->io_len > 2)
			break;
		/* the prefix: at most 65535, which the buffer holds */
		mlen = (size_t)b[0] << 8 | b[1];
		q->io_len = 2 + mlen;
		if (mlen < DNSMSG_HDR_LEN)
			break;
	}
	mlen = q->io_len - 2;
	e = dnsmsg_check_reply(b + 2, mlen, q->id, q->qname, q->qtype, &h);
	return reply(q, e, &h, b + 2, mlen, 1);
}

/*
 * The step function: runs states until one must wait (TASK_WAIT, fd,
 * events and deadline set) or the query is over (TASK_DONE).  re is what
 * poll saw (0 from on_timeout); only TCP_CONNECT needs it, every other
 * state just tries its non-blocking call.
 */
static enum task_rc
step(struct dns_query *q, short re, mx_ms now)
{
	enum rx rx;

	for (;;) {
		switch (q->st) {
		case DNSQ_S_IDLE:
			if (q->fail_rank == RANK_FATAL)
				return finish(q, 0, now);
			q->round = 0;
			q->srv = (unsigned)-1;	/* next_server: 0 */
			set_st(q, DNSQ_S_NEXT);
			continue;
		case DNSQ_S_NEXT:
			sock_close(q);
			if (q->tcp_buf >= 0) {
				pool_put(&q->conf->tcp, q->tcp_buf);
				q->tcp_buf = -1;
			}
			if (q->fail_rank == RANK_FATAL || now >= q->deadline ||
			    !next_server(q))
				return finish(q, 0, now);
			try_arm(q, now);
			if (udp_send(q) < 0)
				continue;
			set_st(q, DNSQ_S_UDP);
			return arm(q, POLLIN);
		case DNSQ_S_UDP:
			rx = udp_recv(q);
			if (rx == RX_DONE)
				return finish(q, 1, now);
			if (rx == RX_TCP) {
				sock_close(q);
				set_st(q, DNSQ_S_TCP_WAIT);
				continue;
			}
			if (keep_waiting(q, rx, now))
				return arm(q, POLLIN);
			set_st(q, DNSQ_S_NEXT);
			continue;
		case DNSQ_S_TCP_WAIT:
			if (now >= q->deadline) {
				note(q, MX_E_DNS_TIMEOUT, RANK_TIMEOUT);
				return finish(q, 0, now);
			}
			if (q->tcp_buf < 0 && !pool_get(q)) {
				if (!q->waiting)
					wait_add(q);
				q->t.fd = -1;
				q->t.events = 0;
				q->t.deadline = q->deadline;
				return TASK_WAIT;
			}
			if (tcp_open(q, now) == RX_NEXT) {
				set_st(q, DNSQ_S_NEXT);
				continue;
			}
			set_st(q, DNSQ_S_TCP_CONNECT);
			/* re was for the UDP socket: wait for this one */
			return arm(q, POLLOUT);
		case DNSQ_S_TCP_CONNECT:
			rx = RX_WAIT;
			if (re & POLLOUT)
				rx = tcp_connected(q);
			if (rx == RX_TCP) {
				set_st(q, DNSQ_S_TCP_SEND);
				continue;
			}
			if (keep_waiting(q, rx, now))
				return arm(q, POLLOUT);
			set_st(q, DNSQ_S_NEXT);
			continue;
		case DNSQ_S_TCP_SEND:
			rx = tcp_send(q);
			if (rx == RX_TCP) {
				q->io_off = 0;
				q->io_len = 2;
				set_st(q, DNSQ_S_TCP_RECV);
				continue;
			}
			if (keep_waiting(q, rx, now))
				return arm(q, POLLOUT);
			set_st(q, DNSQ_S_NEXT);
			continue;
		case DNSQ_S_TCP_RECV:
			rx = tcp_recv(q);
			if (rx == RX_DONE)
				return finish(q, 1, now);
			if (keep_waiting(q, rx, now))
				return arm(q, POLLIN);
			set_st(q, DNSQ_S_NEXT);
			continue;
		case DNSQ_S_DONE:
			/* never reached: the loop forgot us at TASK_DONE */
			return TASK_DONE;
		default:
			note(q, MX_E_INTERNAL, RANK_FATAL);
			set_st(q, DNSQ_S_NEXT);
			continue;
		}
	}
}

static enum task_rc
dnsq_on_io(struct task *t, short re, mx_ms now)
{
	return step((struct dns_query *)t, re, now);
}

static enum task_rc
dnsq_on_timeout(struct task *t, mx_ms now)
{
	return step((struct dns_query *)t, 0, now);
}

/* see dnseng.h */
void
dnsq_start(struct dns_query *q, struct dns_conf *conf, const char *qname,
    uint16_t qtype, uint16_t id, mx_ms now, mx_ms deadline,
    dnsq_done_fn done, void *arg)
{
	size_t n;

	memset(q, 0, sizeof *q);
	q->t.cls = &dnsq_class;
	q->t.fd = -1;
	q->t.events = 0;
	q->t.deadline = now;
	q->conf = conf;
	q->qtype = qtype;
	q->id = id;
	q->st = DNSQ_S_IDLE;
	q->deadline = deadline;
	q->done = done;
	q->arg = arg;
	q->err = MX_OK;
	q->answered_by = -1;
	q->tcp_buf = -1;
	q->fail_srv = -1;
	n = strnlen(qname, MX_NAME_MAX + 1);
	if (n > MX_NAME_MAX) {
		note(q, MX_E_DNS_NAME, RANK_FATAL);
		return;
	}
	memcpy(q->qname, qname, n);
	q->qname[n] = '\0';
	if (dnsmsg_query(q->buf, sizeof q->buf, id, q->qname, qtype,
	    DNSMSG_Q_RD | DNSMSG_Q_DO) < 0)
		note(q, MX_E_DNS_NAME, RANK_FATAL);
}

/* see dnseng.h */
void
dnsq_abort(struct dns_query *q)
{
	int i = q->tcp_buf;

	switch (q->st) {
	case DNSQ_S_UDP:
	case DNSQ_S_TCP_CONNECT:
	case DNSQ_S_TCP_SEND:
	case DNSQ_S_TCP_RECV:
		sock_close(q);
		break;
	default:
		break;
	}
	if (q->waiting)
		wait_del(q);
	/* a slot never started is all zero: no conf, and tcp_buf 0 */
	if (q->conf != NULL && i >= 0 && i < MX_DNS_TCP_SLOTS &&
	    q->conf->tcp.owner[i] == q) {
		q->tcp_buf = -1;
		pool_put(&q->conf->tcp, i);
	}
	q->t.deadline = MX_MS_NEVER;
	set_st(q, DNSQ_S_DONE);
}
