/*
 * fuzz_smtp.c -- the SMTP client state machine fed arbitrary server bytes.
 *
 * Input: one flags byte, then server chunks separated by NUL (a NUL is
 * never valid SMTP, fuzz_smtp_reply covers it).  An empty chunk is a step
 * timeout; the end of input is EOF (or a timeout, flag 0x04).  Flags:
 *	0x01	implicit TLS
 *	0x02	do not call smtp_tls_done on SMTP_A_TLS: the next chunk is fed
 *		in SMTP_S_TLS (plaintext before the handshake)
 *	0x04	end with smtp_timeout instead of smtp_eof
 *	0xf0	feed each chunk in pieces of (flags >> 4) bytes (0: whole)
 * The time advances 100 ms per chunk, and a step that outlives its 5 s
 * deadline times out as the caller's poll would make it.  After every call the target checks
 * that the action agrees with the state, that facts stay bounded C strings
 * and that the run ends in DONE or FAILED; it traps otherwise.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct smtp_client c;

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
trace(void *arg, const char *from, const char *to)
{
	(void)arg;
	check(from != NULL && to != NULL && strcmp(to, "invalid") != 0);
}

static int
bounded(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static int
terminal(enum smtp_act a)
{
	return a == SMTP_A_DONE || a == SMTP_A_FAIL;
}

static void
check_client(enum smtp_act a, mx_ms now)
{
	switch (a) {
	case SMTP_A_WAIT:
		check(c.st == SMTP_S_GREETING || c.st == SMTP_S_EHLO ||
		    c.st == SMTP_S_HELO || c.st == SMTP_S_STARTTLS ||
		    c.st == SMTP_S_EHLO_TLS || c.st == SMTP_S_QUIT);
		break;
	case SMTP_A_SEND:
		check(c.st == SMTP_S_EHLO || c.st == SMTP_S_HELO ||
		    c.st == SMTP_S_STARTTLS || c.st == SMTP_S_EHLO_TLS ||
		    c.st == SMTP_S_QUIT);
		check(c.olen >= 6 && c.olen <= sizeof(c.obuf));
		check(memcmp(c.obuf + c.olen - 2, "\r\n", 2) == 0);
		check(memchr(c.obuf, '\n', c.olen - 1) == NULL);
		break;
	case SMTP_A_TLS:
		check(c.st == SMTP_S_TLS && !c.implicit_tls);
		break;
	case SMTP_A_DONE:
		check(c.st == SMTP_S_DONE);
		check(c.err == MX_OK || c.err == MX_E_GREETING_BUSY ||
		    c.err == MX_E_GREETING_REFUSED ||
		    c.err == MX_E_EHLO_REJECTED ||
		    c.err == MX_E_NO_STARTTLS ||
		    c.err == MX_E_STARTTLS_REJECTED);
		break;
	case SMTP_A_FAIL:
		check(c.st == SMTP_S_FAILED && c.err != MX_OK);
		check(c.err != MX_E_INTERNAL);
		break;
	default:
		check(0);
	}
	if (!terminal(a))
		check(c.step_deadline > now && c.step_deadline <= now + 5000);
	check(!c.injection || c.err == MX_E_STARTTLS_INJECTION);
	check(c.total <= MX_SMTP_TOTAL_MAX);
	check(bounded(c.banner, sizeof(c.banner)));
	check(bounded(c.banner_host, sizeof(c.banner_host)));
	check(bounded(c.ehlo_host, sizeof(c.ehlo_host)));
	check(bounded(c.ext_text, sizeof(c.ext_text)));
	check(bounded(c.ext_tls_text, sizeof(c.ext_tls_text)));
	check(bounded(c.last_text, sizeof(c.last_text)));
	check(!c.implicit_tls || (c.ext == 0 && c.ext_text[0] == '\0'));
	check(!c.ehlo_tls_done || c.in_tls);
	check(c.greeting_code == 0 ||
	    (c.greeting_code >= 200 && c.greeting_code <= 599));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p, *q, *end = data + size;
	enum smtp_act a;
	unsigned flags;
	size_t piece, off, n;
	mx_ms now = 1000;

	if (size < 1)
		return 0;
	flags = data[0];
	piece = flags >> 4;
	smtp_init(&c, "fuzz.example", flags & 0x01, 5000);
	c.trace = trace;
	smtp_start(&c, now);
	a = SMTP_A_WAIT;
	check_client(a, now);
	for (p = data + 1; !terminal(a); p = q + 1) {
		q = memchr(p, '\0', (size_t)(end - p));
		if (q == NULL)
			q = end;
		/* the caller's poll would have fired first */
		if (now >= c.step_deadline) {
			a = smtp_timeout(&c);
			check(terminal(a));
			break;
		}
		if (a == SMTP_A_TLS && !(flags & 0x02)) {
			a = smtp_tls_done(&c, now);
			check_client(a, now);
		}
		if (q == p && q < end) {
			a = smtp_timeout(&c);
		} else {
			for (off = 0; off < (size_t)(q - p) && !terminal(a);
			    off += n) {
				n = (size_t)(q - p) - off;
				if (piece != 0 && n > piece)
					n = piece;
				a = smtp_feed(&c, p + off, n, now);
				check_client(a, now);
			}
		}
		check_client(a, now);
		if (q == end)
			break;
		now += 100;
	}
	if (!terminal(a))
		a = (flags & 0x04) ? smtp_timeout(&c) : smtp_eof(&c);
	check(terminal(a));
	check_client(a, now);
	/* terminal states stay put */
	check(smtp_feed(&c, data, size, now) == a);
	check(smtp_eof(&c) == a);
	check(smtp_timeout(&c) == a);
	check(smtp_tls_done(&c, now) == a);
	return 0;
}
