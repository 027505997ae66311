/*
 * net.c -- the TCP connect that probes and scans share (see net.h).
 */
#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "mxprobe/net.h"

/* see net.h */
enum mx_err
net_connect_err(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return MX_E_CONNECT_REFUSED;
	case ENETUNREACH:
	case EHOSTUNREACH:
		return MX_E_NET_UNREACH;
	case ETIMEDOUT:
		return MX_E_CONNECT_TIMEOUT;
	default:
		return MX_E_CONNECT;
	}
}

/* see net.h */
int
net_tcp_start(const struct sockaddr_storage *addr, socklen_t len,
    enum mx_err *err, int *sys_errno)
{
	int fd, one = 1;

	fd = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*sys_errno = errno;
		*err = MX_E_CONNECT;
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (const struct sockaddr *)addr, len) < 0 &&
	    errno != EINPROGRESS) {
		*sys_errno = errno;
		*err = net_connect_err(errno);
		close(fd);
		return -1;
	}
	return fd;
}

/* see net.h */
enum mx_err
net_tcp_result(int fd, int *sys_errno)
{
	int e = 0;
	socklen_t len = sizeof e;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	if (e == 0)
		return MX_OK;
	*sys_errno = e;
	return net_connect_err(e);
}
