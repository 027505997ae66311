/*
 * dnseng.h -- the DNS stub resolver: resolver configuration and one query
 * as a task on the poll loop.  The message work is dnsmsg.h's; this module
 * owns sockets, ids, retries and deadlines, and never reads a clock (now
 * comes from the loop).
 *
 * A query: UDP to the first usable server with EDNS0 (MX_DNS_UDP_MAX) and
 * the DO bit, on a connected socket (the kernel drops datagrams from other
 * sources) with a random id from the caller; a datagram that is not the
 * reply (dnsmsg_check_reply says dns-mismatch) is dropped and the wait goes
 * on; TC=1 (or a datagram cut by the buffer) -> the same server over TCP;
 * SERVFAIL, REFUSED, a broken reply or silence until the try deadline ->
 * the next server; a server that answered REFUSED is not asked again by
 * any query of this run.  Tries follow a schedule scaled to the query's
 * deadline, over conf->attempts rounds of all servers.
 *
 * Completion: done(q, arg, now) is called exactly once, as the very last
 * thing the engine does with q; the engine then returns TASK_DONE without
 * touching q again, so the callback may read q's answer and even restart q
 * with dnsq_start() and loop_add() it again.  dnsq_start() itself never
 * calls done (a failure at start is reported at the first on_timeout).
 *
 * What done() finds in q (err, then the rest):
 *	ok                 a checked reply: rcode NOERROR or NXDOMAIN (read
 *	                   hdr.rcode, or dnsmsg_answer(q->msg, q->len, ...)
 *	                   for DATA / NODATA / NXDOMAIN); msg/len valid until
 *	                   done() returns; answered_by is the server
 *	dns-timeout        no server answered before its try deadline, in any
 *	                   round, or the query's deadline came first
 *	dns-servfail       the last reply was SERVFAIL
 *	dns-refused        the last reply was REFUSED, or every server of the
 *	                   conf is marked refused (by this or an earlier query)
 *	dns-server-error   the last reply had another error rcode (FORMERR,
 *	                   NOTIMP, BADVERS, ...)
 *	dns-no-server      conf has no server
 *	dns-unreachable    only ICMP errors (port/host/network unreachable,
 *	                   no route, no IPv6), no reply at all
 *	io-error           another local socket error (EMFILE, ...)
 *	dns-tcp-failed     a reply had TC and the TCP exchange that followed
 *	                   failed (refused, reset, closed early), no reply after
 *	dns-format, dns-bad-name, dns-bad-pointer, dns-mismatch (TCP only)
 *	                   the last reply was broken (dnsmsg_check_reply's
 *	                   error: overrun, trailing bytes, pointer loop or
 *	                   forward pointer, label over 63); a UDP datagram
 *	                   that is not ours (dns-mismatch) is only dropped
 *	dns-bad-name       also: qname is not a valid name (nothing was sent)
 * The AD bit (hdr.ad) is only as trustworthy as the path to the server:
 * conf->srv[answered_by].loopback says whether that path is the host.
 * A reply outranks a transport failure, which outranks silence: the error
 * is that of the last reply if any came, else of the last transport
 * failure, else dns-timeout.  On an error, hdr and answered_by describe the
 * reply that gave it (answered_by -1 and hdr zeroed if none) and msg is
 * NULL.
 */
#ifndef MXPROBE_DNSENG_H
#define MXPROBE_DNSENG_H

#include <stdint.h>
#include <sys/socket.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"
#include "mxprobe/clock.h"
#include "mxprobe/task.h"
#include "mxprobe/dnsmsg.h"

struct dns_server {
	struct sockaddr_storage	 addr;		/* port included (53 default) */
	socklen_t		 addrlen;
	int			 loopback;	/* 127.0.0.0/8, ::1, ::ffff:127/104 */
	int			 refused;	/* answered REFUSED: skip it */
	/* "127.0.0.1:53", "[::1]:5353", "[fe80::1%2]:53": 45 + 11 + 8 */
	char			 text[80];
};

struct dns_query;

/*
 * The TCP pool that every query of one configuration shares (a fleet of
 * audits in one loop shares it too): a reply of any size the 2-byte
 * prefix allows, plus the prefix.  owner[i] is the query holding buffer
 * i; waiters queue in FIFO order through dns_query.wnext.  Private to
 * dnseng.c; dnsconf_init clears owner and the queue, never buf, so the
 * buffers stay untouched (not resident) until a reply comes over TCP.
 */
struct dns_tcp_pool {
	struct dns_query	*owner[MX_DNS_TCP_SLOTS];
	struct dns_query	*wait_head, *wait_tail;
	unsigned char		 buf[MX_DNS_TCP_SLOTS][MX_DNS_MSG_MAX + 2];
};

struct dns_conf {
	struct dns_server	 srv[MX_DNS_SERVERS_MAX];
	unsigned		 nsrv;
	int			 truncated;	/* more servers than fit */
	mx_ms			 timeout_ms;	/* first try's wait (options timeout:) */
	unsigned		 attempts;	/* rounds (options attempts:) */
	/* optional: every query state change, "udp" -> "tcp-wait" */
	void			(*trace)(void *arg, const char *from,
				    const char *to);
	void			*trace_arg;
	struct dns_tcp_pool	 tcp;		/* last: see dnsconf_init */
};

/*
 * Empty configuration with resolv.conf's defaults (timeout 5 s, 2 rounds),
 * no trace, an empty TCP pool.  The pool's buffers are not written.
 */
void dnsconf_init(struct dns_conf *c);
/*
 * Parses resolv.conf text: "nameserver ADDR" (IPv4 or IPv6, an IPv6
 * "%scope" is accepted for link-local), "options timeout:N attempts:N"
 * (other options ignored), comments (# ;) and unknown lines ignored.  More
 * than MX_DNS_SERVERS_MAX servers sets c->truncated.  Pure: no I/O, with
 * one exception: a scope given as an interface name ("%eth0") asks the
 * kernel for its index (if_nametoindex); an unknown interface drops that
 * line.  Servers get port 53.  timeout is clamped to 1-30 s and attempts
 * to 1-MX_DNS_ROUNDS_MAX (glibc's bounds).  A line that is not understood
 * (a bad address, "nameserver" alone) is skipped, as glibc and musl do.
 * A NUL byte ends the text.  Returns the number of servers added.
 */
unsigned dnsconf_parse(struct dns_conf *c, const char *text, size_t len);
/*
 * Reads the file at path (open/read, at most MX_RESOLV_CONF_MAX bytes: a
 * longer file sets c->truncated and only its whole lines before the cut
 * are parsed) and parses it.  Returns 0, or -1 with errno-like *sys_errno
 * if it cannot be read.  A missing file adds no server (glibc and musl
 * would fall back to 127.0.0.1; a query then ends in dns-no-server, so
 * the missing configuration is visible).
 */
int dnsconf_load(struct dns_conf *c, const char *path, int *sys_errno);
/*
 * Adds a server given as -r takes it: ADDR, ADDR:PORT, V6 (bare, port
 * 53), [V6] or [V6]:PORT, a V6 scope as in dnsconf_parse; PORT 1-65535.
 * Returns 0, or -1 if the text is not that or there is no room (then
 * c->nsrv == MX_DNS_SERVERS_MAX and c->truncated is set).
 */
int dnsconf_add(struct dns_conf *c, const char *spec);

enum dnsq_st {
	DNSQ_S_IDLE,		/* started, first step not run yet */
	DNSQ_S_NEXT,		/* pick the next server (transient) */
	DNSQ_S_UDP,		/* datagram sent, waiting */
	DNSQ_S_TCP_WAIT,	/* TC seen, waiting for a TCP pool buffer */
	DNSQ_S_TCP_CONNECT,
	DNSQ_S_TCP_SEND,
	DNSQ_S_TCP_RECV,
	DNSQ_S_DONE,
	DNSQ_S__COUNT
};

struct dns_query;
typedef void (*dnsq_done_fn)(struct dns_query *q, void *arg, mx_ms now);

struct dns_query {
	struct task		 t;		/* first member */
	struct dns_conf		*conf;		/* shared; REFUSED marks servers */
	char			 qname[MX_NAME_MAX + 1];
	uint16_t		 qtype;
	uint16_t		 id;
	enum dnsq_st		 st;
	mx_ms			 deadline;	/* whole query, absolute */
	dnsq_done_fn		 done;
	void			*arg;

	/* results, valid in done() (see the top of this file) */
	enum mx_err		 err;		/* MX_OK: msg holds a checked reply */
	int			 answered_by;	/* server index, -1 if none */
	struct dnsmsg_hdr	 hdr;		/* of the accepted reply */
	const unsigned char	*msg;		/* the reply, valid during done() */
	size_t			 len;
	unsigned		 tries;		/* datagrams + connections made */
	int			 used_tcp;	/* the reply came over TCP */
	int			 tc_seen;	/* a UDP reply had TC or was cut */
	int			 sys_errno;	/* of the last failed syscall */

	/* engine's own (private) */
	unsigned		 srv, round;
	mx_ms			 try_deadline;
	size_t			 io_off, io_len;
	int			 tcp_buf;	/* index into the TCP pool, -1 */
	struct dns_query	*wnext;		/* TCP pool wait list */
	int			 waiting;	/* on that list */
	enum mx_err		 fail;		/* final error so far */
	int			 fail_rank;	/* dnseng.c: RANK_* */
	int			 fail_srv;	/* server of that reply, -1 */
	unsigned char		 buf[MX_DNS_UDP_MAX + 64];	/* query / UDP reply */
};

/*
 * Starts a query for (qname, qtype) at now, to finish by deadline, with id
 * (random, from the caller's getrandom).  Copies qname (an invalid name
 * ends the query with dns-bad-name at the first on_timeout).  Add &q->t to
 * the loop afterwards.  q must not be moved while it runs, and must be new,
 * done or aborted (a running q would leak its socket).  conf must outlive
 * the query.  The first datagram goes out at the first on_timeout, which
 * the loop calls at once (t.deadline is now).
 */
void dnsq_start(struct dns_query *q, struct dns_conf *conf,
    const char *qname, uint16_t qtype, uint16_t id, mx_ms now,
    mx_ms deadline, dnsq_done_fn done, void *arg);

/*
 * Stops a running query without calling done: closes its socket, gives
 * back its TCP buffer, leaves the TCP wait list.  The caller removes &q->t
 * from the loop itself (loop_reset); harmless on a done or new-and-zeroed
 * query.
 */
void dnsq_abort(struct dns_query *q);

/* "idle", "udp", ... (table checked against DNSQ_S__COUNT). */
const char *dnsq_state_str(enum dnsq_st s);

#endif
