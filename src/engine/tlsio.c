/*
 * tlsio.c -- the socket-to-TLS record pump (see tlsio.h).
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include "mxprobe/tlsio.h"

/* The error of a lost connection (tlsio.h), kept only if the first. */
static void
lost(enum mx_err *err, int *sys_errno, int e)
{
	*sys_errno = e;
	if (*err == MX_OK)
		*err = e == EPIPE || e == ECONNRESET ? MX_E_CLOSED : MX_E_IO;
}

/* see tlsio.h */
int
tlsio_write(struct tls_sess *s, int fd, enum mx_err *err, int *sys_errno)
{
	const unsigned char *ob;
	size_t len;
	ssize_t n;
	int moved = 0;

	while ((ob = tls_out(s, &len)) != NULL) {
		n = write(fd, ob, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			lost(err, sys_errno, errno);
			return -1;
		}
		tls_out_ack(s, (size_t)n);
		moved = 1;
	}
	return moved;
}

/* see tlsio.h */
int
tlsio_read(struct tls_sess *s, int fd, short *re, enum mx_err *err,
    int *sys_errno)
{
	unsigned char *ib;
	size_t len;
	ssize_t n;

	if (!(*re & POLLIN) || (ib = tls_in(s, &len)) == NULL)
		return 0;
	*re &= ~POLLIN;
	n = read(fd, ib, len);
	if (n > 0) {
		tls_in_ack(s, (size_t)n);
		return 1;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN ||
	    errno == EWOULDBLOCK))
		return 0;
	if (n < 0) {
		if (s->done)
			lost(err, sys_errno, errno);
		else
			*sys_errno = errno;
	}
	tls_in_eof(s);
	return 0;
}
