/*
 * smtp.h -- SMTP reply parser and client state machine; no I/O.
 *
 * Bytes from the server go in (smtp_feed), commands to send and facts come
 * out.  The caller owns the socket and the TLS session; it asks the machine
 * what to do next through the returned action.  The machine never reads a
 * clock: `now` is passed in.
 *
 * Dialogue:  greeting -> EHLO (HELO if refused) -> STARTTLS -> [TLS by the
 * caller] -> EHLO -> QUIT.  With implicit TLS the caller does TLS first and
 * the machine starts at the greeting, skipping STARTTLS.
 *
 * Caller's loop (STARTTLS, port 25):
 *
 *	smtp_init(c, name, 0, step_ms);  c->trace = ...;  (optional)
 *	smtp_start(c, now);                        wait for input
 *	act = smtp_feed(c, buf, n, now);           for every read
 *	      smtp_eof(c) / smtp_timeout(c)        on EOF / deadline
 *	SMTP_A_WAIT  read more, deadline min(c->step_deadline, overall)
 *	SMTP_A_SEND  write obuf[0..olen), then read (we never pipeline)
 *	SMTP_A_TLS   do the handshake (deadline c->step_deadline), then
 *	             act = smtp_tls_done(c, now) and feed decrypted bytes
 *	SMTP_A_DONE  close; c->err is MX_OK, or the refusal the server stated
 *	SMTP_A_FAIL  close at once; c->err says why
 *
 * Implicit TLS (port 465): smtp_init(c, name, 1, step_ms); the caller
 * completes the handshake first, then calls smtp_start and feeds decrypted
 * bytes.  The machine waits for the greeting, sends the one EHLO (state
 * SMTP_S_EHLO_TLS: its facts go to ext_tls/ext_tls_text, ext stays 0 and
 * ext_text empty), then QUIT; it never returns SMTP_A_TLS.  A caller that
 * calls smtp_start before the handshake may call smtp_tls_done after it:
 * in that case smtp_tls_done only restarts the greeting deadline.
 *
 * Injection test (c->inject_test set after smtp_init; CVE-2011-0411, "NO
 * STARTTLS", USENIX Security 2021): STARTTLS goes out as one write
 * "STARTTLS\r\nEHLO name\r\n"; after the handshake smtp_tls_done sends
 * nothing and enters SMTP_S_INJECT_WAIT for min(step_ms,
 * MX_INJECT_WAIT_MS).  Any byte inside TLS before that deadline means the
 * server executed the EHLO it had buffered in clear: inject_verdict
 * SMTP_INJ_VULNERABLE; silence until smtp_timeout: SMTP_INJ_SAFE.  Both go
 * on to QUIT.  Anything else (no STARTTLS, a refusal, an error) leaves
 * SMTP_INJ_UNKNOWN and c->err says why.
 */
#ifndef MXPROBE_SMTP_H
#define MXPROBE_SMTP_H

#include <stddef.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"
#include "mxprobe/clock.h"

/* Extension bits of an EHLO reply (keywords matched case-insensitively). */
#define SMTP_EXT_STARTTLS	0x001u
#define SMTP_EXT_PIPELINING	0x002u
#define SMTP_EXT_SIZE		0x004u
#define SMTP_EXT_8BITMIME	0x008u
#define SMTP_EXT_AUTH		0x010u
#define SMTP_EXT_REQUIRETLS	0x020u
#define SMTP_EXT_CHUNKING	0x040u
#define SMTP_EXT_SMTPUTF8	0x080u
#define SMTP_EXT_DSN		0x100u
#define SMTP_EXT_ENHANCEDSTATUSCODES 0x200u

/* ---- reply parser ---------------------------------------------------- */

/*
 * One complete reply.  All text is NUL-terminated and never holds a NUL
 * byte (a NUL in reply text is stored as '?'; in the code it is a protocol
 * error), so it can be used as a
 * C string; it is otherwise raw server bytes, escaped only at output.
 */
struct smtp_reply {
	int		 code;		/* 200..599, same on every line */
	unsigned	 nlines;
	/* text after "NNN-"/"NNN " of each line, joined with '\n', raw bytes */
	char		 text[MX_SMTP_TEXT_MAX];
	size_t		 text_len;
	int		 text_truncated;
	/*
	 * EHLO keywords of lines 2..n: the leading [A-Za-z0-9-] run of each
	 * line's text (RFC 5321 4.1.1.1 ehlo-keyword), upper-cased, without
	 * duplicates, comma-joined.  When one does not fit, ext_truncated is
	 * set and no later keyword is added (ext stays a prefix of the list).
	 */
	char		 ext[MX_SMTP_EXT_MAX];
	size_t		 ext_len;
	int		 ext_truncated;
	unsigned	 ext_bits;	/* SMTP_EXT_* of all keywords, kept or not */
};

struct smtp_rp {
	enum mx_err	 err;		/* sticky */
	int		 done;		/* r is complete */
	size_t		 llen;		/* bytes of the current line */
	char		 line[MX_SMTP_LINE_MAX];
	struct smtp_reply r;		/* reply being assembled / complete */
};

/* Resets the parser for a new reply (clears err). */
void smtp_rp_reset(struct smtp_rp *p);
/*
 * Feeds buf[0..len).  Returns 1 when a complete reply is in p->r (*used
 * bytes were consumed, up to and including the last LF; the rest belongs to
 * what follows), 0 when all len bytes were consumed and more are needed, -1
 * on error (p->err, sticky until smtp_rp_reset; *used counts the bytes up
 * to and including the offending one).
 *
 * Errors: MX_E_SMTP_PROTOCOL for a code not [2-5][0-9][0-9], a separator
 * other than ' '/'-', codes differing between lines, a NUL byte within the code;
 * MX_E_SMTP_LINE as soon as a line cannot end within MX_SMTP_LINE_MAX bytes
 * (LF and CR included: the byte that makes it too long fails at once,
 * without waiting for the LF); MX_E_SMTP_REPLY for line
 * MX_SMTP_REPLY_LINES + 1.  Code and separator are checked as their bytes
 * arrive, so a peer that is not SMTP fails on its first byte.
 *
 * Lines end in LF; a CR just before it is dropped (other CRs are text).  A
 * bare "NNN" line is a last line with empty text (RFC 5321 4.2).  Feeding
 * byte by byte or in any split gives the same result as one call.  After a
 * reply is complete, the next call starts a new one: p->r stays valid until
 * then.
 */
int smtp_rp_feed(struct smtp_rp *p, const unsigned char *buf, size_t len,
    size_t *used);

/* ---- client state machine ------------------------------------------- */

enum smtp_state {
	SMTP_S_INIT,		/* smtp_init done, smtp_start not yet */
	SMTP_S_GREETING,	/* waiting for 220 */
	SMTP_S_EHLO,		/* EHLO sent */
	SMTP_S_HELO,		/* EHLO refused, HELO sent */
	SMTP_S_STARTTLS,	/* STARTTLS sent */
	SMTP_S_TLS,		/* caller is doing the handshake */
	SMTP_S_EHLO_TLS,	/* EHLO sent inside TLS */
	SMTP_S_INJECT_WAIT,	/* injection test: TLS up, listening only */
	SMTP_S_QUIT,		/* QUIT sent */
	SMTP_S_DONE,
	SMTP_S_FAILED,
	SMTP_S__COUNT
};

enum smtp_act {
	SMTP_A_WAIT,		/* need more bytes from the server */
	SMTP_A_SEND,		/* send c->obuf[0..olen), then wait */
	SMTP_A_TLS,		/* start the TLS handshake now */
	SMTP_A_DONE,		/* dialogue over (QUIT answered or not needed) */
	SMTP_A_FAIL		/* c->err says why; close */
};

/* Outcome of the injection test (inject_verdict). */
enum smtp_inj { SMTP_INJ_UNKNOWN, SMTP_INJ_SAFE, SMTP_INJ_VULNERABLE };

struct smtp_client {
	enum smtp_state	 st;
	enum mx_err	 err;		/* sticky: first error wins */
	int		 implicit_tls;
	char		 ehlo_name[MX_NAME_MAX + 1];
	mx_ms		 step_ms;	/* per-step timeout; <= 0: none */
	mx_ms		 step_deadline;	/* absolute, set on state entry */
	struct smtp_rp	 rp;
	size_t		 total;		/* bytes received this session */
	char		 obuf[MX_SMTP_OBUF_MAX];
	size_t		 olen;
	/* optional, set after smtp_init; smtp_start keeps them */
	void		 (*trace)(void *arg, const char *from, const char *to);
	void		*trace_arg;
	int		 in_tls;	/* bytes now flow inside TLS */
	int		 inject_test;	/* set after init; start keeps it */

	/*
	 * Facts, cleared by smtp_start.  Strings are NUL-terminated raw
	 * server bytes (a NUL became '?'), escaped only at output.
	 */
	int		 greeting_code;			/* 0: no greeting */
	char		 banner[MX_SMTP_TEXT_MAX];	/* greeting text, raw */
	char		 banner_host[MX_NAME_MAX + 1];	/* first word of it */
	int		 used_helo;			/* EHLO refused */
	/* first word of the first EHLO (or HELO) 250 line of the session */
	char		 ehlo_host[MX_NAME_MAX + 1];
	unsigned	 ext;				/* SMTP_EXT_* before TLS */
	char		 ext_text[MX_SMTP_EXT_MAX];	/* keywords before TLS */
	unsigned	 ext_tls;			/* SMTP_EXT_* after TLS */
	char		 ext_tls_text[MX_SMTP_EXT_MAX];	/* keywords after TLS */
	int		 ehlo_tls_done;			/* EHLO after TLS answered */
	/* code and text of the last reply that was not the expected success */
	int		 last_code;
	char		 last_text[MX_SMTP_TEXT_MAX];
	int		 injection;	/* bytes after STARTTLS 220 */
	int		 ext_truncated;			/* ext_text was cut */
	int		 ext_tls_truncated;		/* ext_tls_text was cut */
	/* banner, banner_host, ehlo_host or last_text was cut */
	int		 text_truncated;
	enum smtp_inj	 inject_verdict;	/* injection test only */
};

/*
 * Copies the config and zeroes everything else (trace included); state
 * SMTP_S_INIT.  ehlo_name is cut at MX_NAME_MAX bytes and at its first
 * byte that is a space or control character (it goes on the wire as is);
 * empty, it becomes "localhost".  step_ms <= 0: no per-step deadline
 * (step_deadline = MX_MS_NEVER).
 */
void smtp_init(struct smtp_client *c, const char *ehlo_name, int implicit_tls,
    mx_ms step_ms);
/*
 * Begins a run: clears facts and errors, enters SMTP_S_GREETING at now (an
 * action of SMTP_A_WAIT: nothing is sent before the whole greeting).
 */
void smtp_start(struct smtp_client *c, mx_ms now);
/*
 * Feeds server bytes (plaintext or decrypted).  Returns the next action; on
 * SMTP_A_SEND the command is in obuf.  Bytes after a complete reply that the
 * machine did not ask for are an error (we never pipeline): after the
 * STARTTLS 220, or fed at all in SMTP_S_TLS, they set c->injection and
 * MX_E_STARTTLS_INJECTION and are never parsed; elsewhere
 * MX_E_SMTP_PROTOCOL.  Over MX_SMTP_TOTAL_MAX bytes in the session:
 * MX_E_SMTP_REPLY.  In SMTP_S_QUIT any reply, error or excess ends the run
 * with SMTP_A_DONE.  In SMTP_S_DONE / SMTP_S_FAILED bytes are ignored and
 * SMTP_A_DONE / SMTP_A_FAIL returned again.
 */
enum smtp_act smtp_feed(struct smtp_client *c, const unsigned char *buf,
    size_t len, mx_ms now);
/*
 * The caller finished the TLS handshake (state SMTP_S_TLS): clears ext_tls,
 * sends EHLO again (SMTP_A_SEND, state SMTP_S_EHLO_TLS); in the injection
 * test sends nothing (SMTP_A_WAIT, state SMTP_S_INJECT_WAIT).  See the implicit
 * TLS note at the top for the other use.  Anywhere else: MX_E_INTERNAL.
 */
enum smtp_act smtp_tls_done(struct smtp_client *c, mx_ms now);
/*
 * The server closed the connection: SMTP_A_DONE in SMTP_S_QUIT (and DONE),
 * else MX_E_CLOSED and SMTP_A_FAIL.
 */
enum smtp_act smtp_eof(struct smtp_client *c);
/*
 * step_deadline passed: sets the timeout-<step> error and returns
 * SMTP_A_FAIL: MX_E_TIMEOUT_GREETING, _EHLO (EHLO, and HELO before TLS),
 * _STARTTLS, _TLS (SMTP_S_TLS: the handshake took too long), _EHLO_TLS
 * (EHLO, and HELO, inside TLS); in SMTP_S_QUIT it returns SMTP_A_DONE (a
 * server that never answers QUIT has still told us everything).  In
 * SMTP_S_INJECT_WAIT the silence is the answer: inject_verdict
 * SMTP_INJ_SAFE, QUIT is sent (SMTP_A_SEND, its deadline counted from the
 * one that passed).
 *
 * Failure styles: a refusal the server states politely (4xx/5xx greeting,
 * no STARTTLS advertised, STARTTLS answered 454/5xx, EHLO and HELO refused)
 * sets c->err (and last_code/last_text), sends QUIT and ends in SMTP_A_DONE
 * with c->err set.  Protocol violations (a code that makes no sense for the
 * step, e.g. 354 to EHLO or 250 to STARTTLS), limits, injection, EOF and
 * timeouts return SMTP_A_FAIL: close at once.
 */
enum smtp_act smtp_timeout(struct smtp_client *c);
/*
 * Keywords of the comma list a (as in ext_text) that are not in the comma
 * list b and are not skip (NULL: none), comma-joined in a's order into
 * out[0..cap) and NUL-terminated; keywords compare case-insensitively.  A
 * keyword that does not fit is left out whole (cap >= strlen(a) + 1 always
 * fits).  Returns how many keywords were written.
 */
unsigned smtp_ext_diff(const char *a, const char *b, const char *skip,
    char *out, size_t cap);
/* "greeting", "ehlo", ... (table checked against SMTP_S__COUNT). */
const char *smtp_state_str(enum smtp_state s);

#endif
