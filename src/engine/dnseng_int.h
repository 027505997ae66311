/*
 * dnseng_int.h -- dnseng.c's internals that its unit test drives: the retry
 * schedule and the TCP buffer pool.  Not part of the module's interface.
 */
#ifndef MXPROBE_DNSENG_INT_H
#define MXPROBE_DNSENG_INT_H

#include "mxprobe/dnseng.h"

/*
 * Weight of one try in each round (s6-dns style: later rounds wait
 * longer); MX_DNS_ROUNDS_MAX entries.
 */
extern const unsigned dnseng_sched[MX_DNS_ROUNDS_MAX];

/*
 * How long one try waits, in ms: left is the time to the query's deadline,
 * the try is in round `round` of `rounds`, `ahead` usable servers are left
 * in this round counting this one, and each later round has nsrv usable
 * servers.  The try gets its weight's share of left over the weights of
 * every try still to come, so time saved by a fast failure flows to the
 * tries after it; the first round waits at most cap (conf->timeout_ms)
 * per try and round r at most cap * weight[r] / weight[0].  Returns at
 * least 1 while left > 0, never more than left, 0 if left <= 0.
 */
mx_ms dnseng_try_wait(mx_ms left, unsigned round, unsigned rounds,
    unsigned ahead, unsigned nsrv, mx_ms cap);

/* TCP pool buffers in use (0..MX_DNS_TCP_SLOTS). */
unsigned dnseng_tcp_busy(const struct dns_conf *c);
/* Queries waiting for a TCP pool buffer. */
unsigned dnseng_tcp_waiting(const struct dns_conf *c);

#endif
