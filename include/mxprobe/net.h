/*
 * net.h -- the TCP connect that probes and scans share.
 *
 * Non-blocking, close-on-exec, TCP_NODELAY: BearSSL writes its last
 * handshake messages as separate records, and with Nagle each would wait
 * for the server's delayed ACK (~2 RTT, measured by toolchains/bench/rtt.sh).
 */
#ifndef MXPROBE_NET_H
#define MXPROBE_NET_H

#include <sys/socket.h>
#include "mxprobe/err.h"

/*
 * Starts a TCP connect to addr.  Returns the socket, connecting (wait for
 * POLLOUT, then net_tcp_result), or -1 with *err and *sys_errno set (the
 * socket, if any, is closed).
 */
int net_tcp_start(const struct sockaddr_storage *addr, socklen_t len,
    enum mx_err *err, int *sys_errno);
/*
 * After POLLOUT on a connecting socket: MX_OK when connected, else the
 * connect error (connect-refused, network-unreachable, connect-timeout,
 * connect-failed) with *sys_errno set.
 */
enum mx_err net_tcp_result(int fd, int *sys_errno);
/* The connect error of an errno value. */
enum mx_err net_connect_err(int e);

#endif
