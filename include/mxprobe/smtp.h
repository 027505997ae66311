/*
 * smtp.h -- SMTP reply parser and client state machine; no I/O.
 *
 * Bytes from the server go in (smtp_feed), commands to send and facts come
 * out.  The caller owns the socket and the TLS session; it asks the machine
 * what to do next through the returned action.
 *
 * Dialogue:  greeting -> EHLO (HELO if refused) -> STARTTLS -> [TLS by the
 * caller] -> EHLO -> QUIT.  With implicit TLS the caller does TLS first and
 * the machine starts at the greeting, skipping STARTTLS.
 */
#ifndef MXPROBE_SMTP_H
#define MXPROBE_SMTP_H

#include <stddef.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"
#include "mxprobe/clock.h"

/* ---- reply parser ---------------------------------------------------- */

struct smtp_reply {
	int		 code;		/* 200..599, same on every line */
	unsigned	 nlines;
	/* text after "NNN-"/"NNN " of each line, joined with '\n', raw bytes */
	char		 text[MX_SMTP_TEXT_MAX];
	size_t		 text_len;
	int		 text_truncated;
	/* EHLO keywords (first word of lines 2..n), upper-cased, comma-joined */
	char		 ext[MX_SMTP_EXT_MAX];
	size_t		 ext_len;
	int		 ext_truncated;
};

struct smtp_rp {
	enum mx_err	 err;		/* sticky */
	size_t		 llen;		/* bytes of the current line */
	char		 line[MX_SMTP_LINE_MAX];
	struct smtp_reply r;		/* reply being assembled / complete */
};

/* Resets the parser for a new reply. */
void smtp_rp_reset(struct smtp_rp *p);
/*
 * Feeds buf[0..len).  Returns 1 when a complete reply is in p->r (*used
 * bytes were consumed; the rest belongs to what follows), 0 when all len
 * bytes were consumed and more are needed, -1 on error (p->err: a code not
 * [2-5][0-9][0-9], a separator other than ' '/'-', codes differing between
 * lines, a line over MX_SMTP_LINE_MAX, over MX_SMTP_REPLY_LINES lines).
 * Lines end in LF; a CR before it is dropped.
 */
int smtp_rp_feed(struct smtp_rp *p, const unsigned char *buf, size_t len,
    size_t *used);

/* ---- client state machine ------------------------------------------- */

enum smtp_state {
	SMTP_S_GREETING,	/* waiting for 220 */
	SMTP_S_EHLO,		/* EHLO sent */
	SMTP_S_HELO,		/* EHLO refused, HELO sent */
	SMTP_S_STARTTLS,	/* STARTTLS sent */
	SMTP_S_TLS,		/* caller is doing the handshake */
	SMTP_S_EHLO_TLS,	/* EHLO sent inside TLS */
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

/* Extension bits of an EHLO reply. */
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

struct smtp_client {
	enum smtp_state	 st;
	enum mx_err	 err;		/* sticky: first error wins */
	int		 implicit_tls;
	char		 ehlo_name[MX_NAME_MAX + 1];
	mx_ms		 step_ms;	/* per-step timeout */
	mx_ms		 step_deadline;	/* absolute, set on state entry */
	struct smtp_rp	 rp;
	size_t		 total;		/* bytes received this session */
	char		 obuf[MX_SMTP_CMD_MAX];
	size_t		 olen;
	void		 (*trace)(void *arg, const char *from, const char *to);
	void		*trace_arg;

	/* facts */
	int		 greeting_code;
	char		 banner[MX_SMTP_TEXT_MAX];	/* greeting text, raw */
	char		 banner_host[MX_NAME_MAX + 1];	/* first word of it */
	int		 used_helo;			/* EHLO refused */
	char		 ehlo_host[MX_NAME_MAX + 1];	/* first word of EHLO 250 */
	unsigned	 ext;				/* SMTP_EXT_* before TLS */
	char		 ext_text[MX_SMTP_EXT_MAX];	/* keywords before TLS */
	unsigned	 ext_tls;			/* SMTP_EXT_* after TLS */
	char		 ext_tls_text[MX_SMTP_EXT_MAX];	/* keywords after TLS */
	int		 ehlo_tls_done;			/* EHLO after TLS answered */
	int		 last_code;			/* code of the failing reply */
	char		 last_text[MX_SMTP_TEXT_MAX];	/* its text */
	int		 injection;	/* bytes after STARTTLS 220 */
	int		 ext_truncated;
};

/* Copies the config; ehlo_name at most MX_NAME_MAX bytes (cut otherwise). */
void smtp_init(struct smtp_client *c, const char *ehlo_name, int implicit_tls,
    mx_ms step_ms);
/* Begins a run: clears facts and errors, enters SMTP_S_GREETING at now. */
void smtp_start(struct smtp_client *c, mx_ms now);
/*
 * Feeds server bytes (plaintext or decrypted).  Returns the next action; on
 * SMTP_A_SEND the command is in obuf.  Bytes after a complete reply that the
 * machine did not ask for are an error (we never pipeline), and after the
 * STARTTLS 220 they set c->injection and MX_E_STARTTLS_INJECTION.
 */
enum smtp_act smtp_feed(struct smtp_client *c, const unsigned char *buf,
    size_t len, mx_ms now);
/* The caller finished the TLS handshake: send EHLO (or await the greeting). */
enum smtp_act smtp_tls_done(struct smtp_client *c, mx_ms now);
/* The server closed the connection: returns SMTP_A_DONE or SMTP_A_FAIL. */
enum smtp_act smtp_eof(struct smtp_client *c);
/*
 * step_deadline passed: sets the timeout-<step> error and returns
 * SMTP_A_FAIL; in SMTP_S_QUIT it returns SMTP_A_DONE (a server that never
 * answers QUIT has still told us everything).
 *
 * Failure styles: a refusal the server states politely (no STARTTLS
 * advertised, STARTTLS answered 454/5xx, EHLO and HELO refused) sets c->err,
 * sends QUIT and ends in SMTP_A_DONE with c->err set.  Protocol violations,
 * limits, injection and timeouts return SMTP_A_FAIL: close at once.
 */
enum smtp_act smtp_timeout(struct smtp_client *c);
/* "greeting", "ehlo", ... (table checked against SMTP_S__COUNT). */
const char *smtp_state_str(enum smtp_state s);

#endif
