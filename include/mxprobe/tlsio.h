/*
 * tlsio.h -- the socket-to-TLS record pump that probes and HTTPS fetches
 * share: records from tls_out() to the socket, socket bytes to tls_in().
 * The caller keeps its state machine; this moves bytes and names errors.
 *
 * How a lost connection is named (one rule for both callers):
 *   - a write that fails with EPIPE or ECONNRESET, or a read that fails
 *     with ECONNRESET after the handshake, is connection-closed: the peer
 *     went away, which is what a reset says;
 *   - any other failed write, or failed read after the handshake, is
 *     io-error;
 *   - a read that fails during the handshake sets no error here: the
 *     session closes (tls_in_eof) and its tls-handshake-failed speaks,
 *     which says more than how the TCP connection ended.
 * Before, https.c used this rule and probe.c said io-error for every
 * failed write and left a failed read to the TLS error.  The tests pin
 * only connection-closed (tests/integration/probe_smtp.sh: a server that
 * drops the connection at STARTTLS gives tls-handshake-failed or
 * connection-closed, never io-error), so https.c's rule is kept.
 * Errors stick as the callers' own: *err is set only while it is MX_OK.
 */
#ifndef MXPROBE_TLSIO_H
#define MXPROBE_TLSIO_H

#include "mxprobe/err.h"
#include "mxprobe/tls.h"

/*
 * Writes s's pending records to fd until none is left or the socket
 * would block.  Returns 1 if bytes went out, 0 if none, -1 if the write
 * failed (*err as above, *sys_errno set): the connection is lost.
 */
int tlsio_write(struct tls_sess *s, int fd, enum mx_err *err,
    int *sys_errno);
/*
 * If *re has POLLIN and s has room, one read from fd into s (one read
 * per readiness report: the socket may be dry), then POLLIN is cleared
 * from *re.  EOF or a failed read closes s (tls_in_eof), a failed read
 * setting *err and *sys_errno as above.  Returns 1 if bytes came in.
 */
int tlsio_read(struct tls_sess *s, int fd, short *re, enum mx_err *err,
    int *sys_errno);

#endif
