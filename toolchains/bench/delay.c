/*
 * delay -- hold every packet of an NFQUEUE queue for a fixed time, then
 * accept it: netem's "delay" for a kernel without sch_netem (FIELD-NOTES,
 * "Network tests").  A benchmark tool (toolchains/bench/rtt.sh), not part of
 * mxprobe; built with the host cc against libnetfilter-queue.
 *
 * usage: delay -d MS [-q QUEUE] [-T SECONDS]
 *   -d MS       one-way delay in milliseconds (0: pass-through, the same
 *               machinery without the wait -- a baseline)
 *   -q QUEUE    NFQUEUE number (default 0)
 *   -T SECONDS  lifetime: exits after that at the latest (default 120)
 * With `iptables -A OUTPUT -o lo -j NFQUEUE --queue-num QUEUE` in a network
 * namespace, every loopback packet there passes the queue once, so a round
 * trip takes 2 x MS.
 *
 * Prints "ready QUEUE" on stdout once the queue is bound (a script reads it
 * from a fifo instead of sleeping); on exit one line of counters on stderr.
 * Ends on SIGTERM/SIGINT/SIGHUP or at -T; held packets are then accepted at
 * once, so nothing is left hanging.  Exit 0, or 1 on a setup error.
 *
 * Design: the delay is the same for every packet, so release order is
 * arrival order and the held packets are a FIFO -- a fixed ring of
 * (packet id, due time).  The kernel keeps the packets themselves until a
 * verdict; we copy only their metadata (NFQNL_COPY_META).  A timerfd armed
 * at the head's due time (absolute, CLOCK_MONOTONIC) wakes poll(2) with no
 * millisecond rounding; signals arrive through a signalfd, so there is no
 * race between a check and the wait.  When the ring is full a new packet is
 * dropped and counted (netem's "limit"); the kernel queue is capped at the
 * same size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define HOLD_MAX	8192		/* packets held at once */
#define RCVBUF		(4 << 20)	/* netlink socket buffer */

struct held {
	uint32_t id;
	int64_t due;			/* CLOCK_MONOTONIC, ns */
};

static struct held ring[HOLD_MAX];
static unsigned r_head, r_count;
static int64_t delay_ns;
static unsigned long n_pkts, n_dropped, n_lost, held_max;
static char buf[0x10000 + 4096];	/* one netlink message, 64 KiB packet */

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa,
    void *data)
{
	struct nfqnl_msg_packet_hdr *ph;
	uint32_t id;

	(void)msg;
	(void)data;
	ph = nfq_get_msg_packet_hdr(nfa);
	if (ph == NULL)
		return 0;
	id = ntohl(ph->packet_id);
	n_pkts++;
	if (delay_ns == 0)
		return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL) < 0 ? -1 : 0;
	if (r_count == HOLD_MAX) {
		n_dropped++;
		return nfq_set_verdict(qh, id, NF_DROP, 0, NULL) < 0 ? -1 : 0;
	}
	ring[(r_head + r_count) % HOLD_MAX].id = id;
	ring[(r_head + r_count) % HOLD_MAX].due = mono_ns() + delay_ns;
	r_count++;
	if (r_count > held_max)
		held_max = r_count;
	return 0;
}

/* Accepts the held packets due by `now` (all of them if now < 0). */
static void
release(struct nfq_q_handle *qh, int64_t now)
{
	while (r_count > 0 && (now < 0 || ring[r_head].due <= now)) {
		/* Fails when the kernel forgot the packet (queue flushed). */
		if (nfq_set_verdict(qh, ring[r_head].id, NF_ACCEPT, 0,
		    NULL) < 0)
			n_lost++;
		r_head = (r_head + 1) % HOLD_MAX;
		r_count--;
	}
}

/* Arms tfd at the head's due time, or disarms it when nothing is held. */
static void
arm(int tfd)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	if (r_count > 0) {
		its.it_value.tv_sec = ring[r_head].due / 1000000000;
		its.it_value.tv_nsec = ring[r_head].due % 1000000000;
	}
	timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void
usage(void)
{
	fprintf(stderr, "usage: delay -d MS [-q QUEUE] [-T SECONDS]\n");
	exit(1);
}

static unsigned long
num(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > max || *s == '-')
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	struct nfq_handle *h;
	struct nfq_q_handle *qh;
	struct pollfd pfd[3];
	struct signalfd_siginfo si;
	sigset_t sigs;
	int64_t end, now, left;
	unsigned long qnum = 0, life = 120;
	long ms = -1;
	int c, fd, tfd, sfd, stop = 0;
	ssize_t n;
	uint64_t ticks;

	while ((c = getopt(argc, argv, "d:q:T:h")) != -1) {
		switch (c) {
		case 'd': ms = (long)num(optarg, 10000); break;
		case 'q': qnum = num(optarg, 65535); break;
		case 'T': life = num(optarg, 3600); break;
		default: usage();
		}
	}
	if (ms < 0 || optind != argc || life == 0)
		usage();
	delay_ns = (int64_t)ms * 1000000;
	end = mono_ns() + (int64_t)life * 1000000000;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (sfd < 0 || tfd < 0) {
		perror("delay: signalfd/timerfd");
		return 1;
	}

	h = nfq_open();
	if (h == NULL) {
		perror("delay: nfq_open (root? nfnetlink_queue?)");
		return 1;
	}
	/* No-ops on kernels >= 3.8, needed by older ones. */
	nfq_unbind_pf(h, AF_INET);
	nfq_bind_pf(h, AF_INET);
	qh = nfq_create_queue(h, (uint16_t)qnum, on_packet, NULL);
	if (qh == NULL) {
		fprintf(stderr, "delay: cannot bind queue %lu (in use?)\n",
		    qnum);
		nfq_close(h);
		return 1;
	}
	if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) {
		perror("delay: nfq_set_mode");
		return 1;
	}
	nfq_set_queue_maxlen(qh, HOLD_MAX);
	/* Take GSO packets whole: no segmentation just to be queued. */
	nfq_set_queue_flags(qh, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
	fd = nfq_fd(h);
	nfnl_rcvbufsiz(nfq_nfnlh(h), RCVBUF);

	printf("ready %lu\n", qnum);
	fflush(stdout);

	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = tfd;
	pfd[1].events = POLLIN;
	pfd[2].fd = sfd;
	pfd[2].events = POLLIN;
	while (!stop) {
		now = mono_ns();
		release(qh, now);
		if (now >= end)
			break;
		arm(tfd);
		left = (end - now + 999999) / 1000000;
		if (poll(pfd, 3, left > 1000 ? 1000 : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			perror("delay: poll");
			break;
		}
		if (pfd[2].revents & POLLIN) {
			while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
				stop = 1;
		}
		if (pfd[1].revents & POLLIN)
			(void)!read(tfd, &ticks, sizeof ticks);
		if (pfd[0].revents & (POLLIN | POLLERR)) {
			for (;;) {
				n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
				if (n > 0) {
					nfq_handle_packet(h, buf, (int)n);
					continue;
				}
				if (n < 0 && errno == ENOBUFS) {
					/* Kernel messages lost: their packets
					 * wait for a verdict we cannot give. */
					n_lost++;
					continue;
				}
				break;
			}
		}
	}
	release(qh, -1);
	nfq_destroy_queue(qh);
	nfq_close(h);
	fprintf(stderr, "delay: queue %lu delay %ld ms: packets=%lu "
	    "held_max=%lu dropped=%lu lost=%lu\n", qnum, ms, n_pkts, held_max,
	    n_dropped, n_lost);
	return 0;
}
