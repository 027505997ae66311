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
	int			 loopback;	/* 127.0.0.0/8 or ::1 */
	int			 refused;	/* answered REFUSED: skip it */
	char			 text[64];	/* "127.0.0.1:53", "[::1]:5353" */
};

struct dns_conf {
	struct dns_server	 srv[MX_DNS_SERVERS_MAX];
	unsigned		 nsrv;
	int			 truncated;	/* more servers than fit */
	mx_ms			 timeout_ms;	/* first try's wait (options timeout:) */
	unsigned		 attempts;	/* rounds (options attempts:) */
};

/* Empty configuration with resolv.conf's defaults (timeout 5 s, 2 rounds). */
void dnsconf_init(struct dns_conf *c);
/*
 * Parses resolv.conf text: "nameserver ADDR" (IPv4 or IPv6, an IPv6
 * "%scope" is accepted for link-local), "options timeout:N attempts:N"
 * (other options ignored), comments (# ;) and unknown lines ignored.  More
 * than MX_DNS_SERVERS_MAX servers sets c->truncated.  Pure: no I/O.
 * Returns the number of servers added.
 */
unsigned dnsconf_parse(struct dns_conf *c, const char *text, size_t len);
/*
 * Reads the file at path (open/read, at most MX_RESOLV_CONF_MAX bytes: a
 * longer file sets c->truncated) and parses it.  Returns 0, or -1 with
 * errno-like *sys_errno if it cannot be read.
 */
int dnsconf_load(struct dns_conf *c, const char *path, int *sys_errno);
/*
 * Adds a server given as -r takes it: ADDR, ADDR:PORT, [V6] or [V6]:PORT.
 * Returns 0, or -1 if the text is not that or there is no room.
 */
int dnsconf_add(struct dns_conf *c, const char *spec);

enum dnsq_st {
	DNSQ_S_IDLE,
	DNSQ_S_UDP,		/* datagram sent, waiting */
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

	/* results, valid in done() */
	enum mx_err		 err;		/* MX_OK: msg holds a checked reply */
	int			 answered_by;	/* server index, -1 if none */
	struct dnsmsg_hdr	 hdr;		/* of the accepted reply */
	const unsigned char	*msg;		/* the reply, valid during done() */
	size_t			 len;
	unsigned		 tries;		/* datagrams + connections made */
	int			 used_tcp;

	/* engine's own (private) */
	unsigned		 srv, round;
	mx_ms			 try_deadline;
	size_t			 io_off, io_len;
	int			 tcp_buf;	/* index into the TCP pool, -1 */
	unsigned char		 buf[MX_DNS_UDP_MAX + 64];	/* query / UDP reply */
};

/*
 * Starts a query for (qname, qtype) at now, to finish by deadline, with id
 * (random, from the caller's getrandom).  Copies qname (an invalid name
 * ends the query with dns-bad-name at the first on_timeout).  Add &q->t to
 * the loop afterwards.  q must not be moved while it runs.
 */
void dnsq_start(struct dns_query *q, struct dns_conf *conf,
    const char *qname, uint16_t qtype, uint16_t id, mx_ms now,
    mx_ms deadline, dnsq_done_fn done, void *arg);

/* "idle", "udp", ... (table checked against DNSQ_S__COUNT). */
const char *dnsq_state_str(enum dnsq_st s);

#endif
