/*
 * smtp.c -- SMTP reply parser and client state machine (see smtp.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core: no fd, no clock, no heap.  Bytes go in through smtp_feed, the
 * command to send comes out in obuf, facts land in struct fields.
 *
 * Reply parser (RFC 5321 4.2, 4.2.1): a reply is lines "NNN-text" ended by
 * "NNN text" or a bare "NNN" (text may be absent, 4.2).  NNN is
 * [2-5][0-9][0-9] (1yz is not used by SMTP; 0 and 6-9 are not codes) and is
 * the same on every line.  Lines end in LF with an optional CR: real
 * servers send bare LF, and accepting it costs nothing since we never echo
 * text back.  The code and separator are checked byte by byte as they
 * arrive, so an HTTP or TLS peer fails on its first byte; a line fails the
 * moment it can no longer end within MX_SMTP_LINE_MAX (4.5.3.1.5 says 512,
 * see limits.h), so a 100 KB line costs 1 KB of reading.  The parser keeps
 * one line and the bounded text; nothing is ever indexed by a length that
 * came from the server.
 *
 * States (one action each, done by smtp_enter; replies go to smtp_on_reply,
 * which switches on c->st -- the mta_enter_state / mta_response pair):
 *
 *	INIT      smtp_init; nothing
 *	GREETING  wait               220 -> EHLO (EHLO_TLS when in TLS)
 *	                             4xx -> QUIT, greeting-busy
 *	                             5xx -> QUIT, greeting-refused
 *	EHLO      send EHLO          250 -> STARTTLS if advertised,
 *	                                    else QUIT, no-starttls
 *	                             5xx -> HELO (RFC 5321 3.2: fall back)
 *	                             4xx -> QUIT, ehlo-rejected
 *	HELO      send HELO          250 -> QUIT (no-starttls before TLS:
 *	                                    HELO has no extensions)
 *	                             4xx/5xx -> QUIT, ehlo-rejected
 *	STARTTLS  send STARTTLS      220 -> TLS (RFC 3207 4)
 *	                             4xx/5xx -> QUIT, starttls-rejected
 *	TLS       return A_TLS       smtp_tls_done -> EHLO_TLS
 *	EHLO_TLS  send EHLO          as EHLO, but 250 -> QUIT (RFC 3207 4.2:
 *	                             the pre-TLS knowledge is not reused)
 *	INJECT_WAIT  nothing         (injection test, after the handshake)
 *	                             any byte -> QUIT, vulnerable
 *	                             deadline -> QUIT, safe
 *	QUIT      send QUIT          anything (reply, EOF, timeout, garbage)
 *	                             -> DONE (RFC 5321 4.1.1.10: 221)
 *	DONE, FAILED                 terminal
 *
 * Any other code in a state (a 2xx other than the one named, any 3xx, e.g.
 * 354 to EHLO or 250 to STARTTLS) is a server out of script: the facts are
 * kept (last_code/last_text) and the run fails with smtp-protocol, since a
 * QUIT would only ask such a server for more of the same.  Refusals the
 * server states in a proper code get a polite QUIT and end in SMTP_A_DONE
 * with c->err set.
 *
 * We never pipeline (one command, then its whole reply), so any byte after
 * a complete reply was sent before the server saw our next command: after
 * the STARTTLS 220 it is the plaintext injection of CVE-2011-0411 (recorded,
 * never parsed); elsewhere it is a protocol error.
 *
 * The injection test (smtp.h) breaks that rule once, on purpose: STARTTLS
 * and an EHLO go out in one write, and a server that keeps the EHLO across
 * the handshake answers it inside TLS unprompted (CVE-2011-0411; Postfix
 * and OpenSMTPD purge their input buffer at STARTTLS instead).  The EHLO
 * carries our real name, as every EHLO we send does.
 */
#include <string.h>

#include "mxprobe/ascii.h"
#include "mxprobe/smtp.h"

/* "EHLO " + name + CRLF must fit in obuf, after "STARTTLS\r\n" too. */
_Static_assert(MX_SMTP_CMD_MAX >= 5 + MX_NAME_MAX + 2, "obuf too small");
_Static_assert(MX_SMTP_OBUF_MAX >= 10 + 5 + MX_NAME_MAX + 2, "obuf too small");
/* banner_host / ehlo_host are read from reply text; a longer word is cut. */
_Static_assert(MX_SMTP_TEXT_MAX > MX_NAME_MAX + 1, "text too small");
/* Code, separator and CRLF must fit in a line. */
_Static_assert(MX_SMTP_LINE_MAX > 6, "line too small");

static const char *const smtp_st_name[] = {
	[SMTP_S_INIT]		= "init",
	[SMTP_S_GREETING]	= "greeting",
	[SMTP_S_EHLO]		= "ehlo",
	[SMTP_S_HELO]		= "helo",
	[SMTP_S_STARTTLS]	= "starttls",
	[SMTP_S_TLS]		= "tls",
	[SMTP_S_EHLO_TLS]	= "ehlo-tls",
	[SMTP_S_INJECT_WAIT]	= "inject-wait",
	[SMTP_S_QUIT]		= "quit",
	[SMTP_S_DONE]		= "done",
	[SMTP_S_FAILED]		= "failed",
};
_Static_assert(sizeof(smtp_st_name) / sizeof(smtp_st_name[0]) ==
    SMTP_S__COUNT, "smtp_st_name out of step with enum smtp_state");

static const struct {
	const char	*kw;
	unsigned	 bit;
} smtp_ext_kw[] = {
	{ "STARTTLS",		SMTP_EXT_STARTTLS },
	{ "PIPELINING",		SMTP_EXT_PIPELINING },
	{ "SIZE",		SMTP_EXT_SIZE },
	{ "8BITMIME",		SMTP_EXT_8BITMIME },
	{ "AUTH",		SMTP_EXT_AUTH },
	{ "REQUIRETLS",		SMTP_EXT_REQUIRETLS },
	{ "CHUNKING",		SMTP_EXT_CHUNKING },
	{ "SMTPUTF8",		SMTP_EXT_SMTPUTF8 },
	{ "DSN",		SMTP_EXT_DSN },
	{ "ENHANCEDSTATUSCODES", SMTP_EXT_ENHANCEDSTATUSCODES },
};

/* ---- reply parser ---------------------------------------------------- */

static int
upper(int ch)
{
	return ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch;
}

static int
is_kwchar(int ch)
{
	return ascii_is_digit(ch) || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z') || ch == '-';
}

static int
rp_fail(struct smtp_rp *p, enum mx_err e)
{
	if (p->err == MX_OK)
		p->err = e;
	return -1;
}

/* see smtp.h */
void
smtp_rp_reset(struct smtp_rp *p)
{
	p->err = MX_OK;
	p->done = 0;
	p->llen = 0;
	p->r.code = 0;
	p->r.nlines = 0;
	p->r.text[0] = '\0';
	p->r.text_len = 0;
	p->r.text_truncated = 0;
	p->r.ext[0] = '\0';
	p->r.ext_len = 0;
	p->r.ext_truncated = 0;
	p->r.ext_bits = 0;
}

/* Appends s[0..n) to the reply text, as much as fits. */
static void
rp_text(struct smtp_reply *r, const char *s, size_t n)
{
	size_t room = sizeof(r->text) - 1 - r->text_len;

	if (n > room) {
		n = room;
		r->text_truncated = 1;
	}
	memcpy(r->text + r->text_len, s, n);
	r->text_len += n;
	r->text[r->text_len] = '\0';
}

/* Does upper-case up[0..n) equal raw[0..n) ignoring case? */
static int
kw_eq(const char *up, const char *raw, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (up[i] != upper((unsigned char)raw[i]))
			return 0;
	return 1;
}

/* Is kw[0..n) already an element of the comma list? */
static int
rp_ext_has(const struct smtp_reply *r, const char *kw, size_t n)
{
	size_t i = 0, j;

	while (i < r->ext_len) {
		for (j = i; j < r->ext_len && r->ext[j] != ','; j++)
			;
		if (j - i == n && kw_eq(r->ext + i, kw, n))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* Records the EHLO keyword that starts s[0..n), if any. */
static void
rp_ext(struct smtp_reply *r, const char *s, size_t n)
{
	size_t w, i, sep;

	for (w = 0; w < n && is_kwchar((unsigned char)s[w]); w++)
		;
	if (w == 0)
		return;
	for (i = 0; i < sizeof(smtp_ext_kw) / sizeof(smtp_ext_kw[0]); i++)
		if (strlen(smtp_ext_kw[i].kw) == w &&
		    kw_eq(smtp_ext_kw[i].kw, s, w))
			r->ext_bits |= smtp_ext_kw[i].bit;
	if (r->ext_truncated || rp_ext_has(r, s, w))
		return;
	sep = r->ext_len > 0;
	/* a partial keyword would read as another keyword: all or nothing */
	if (sep + w > sizeof(r->ext) - 1 - r->ext_len) {
		r->ext_truncated = 1;
		return;
	}
	if (sep)
		r->ext[r->ext_len++] = ',';
	for (i = 0; i < w; i++)
		r->ext[r->ext_len++] = (char)upper((unsigned char)s[i]);
	r->ext[r->ext_len] = '\0';
}

/*
 * Checks the byte just stored at line[llen - 1] when it is one of the first
 * four, so whatever is not SMTP fails at once.  Position 3 may also be CR
 * (a bare "NNN\r\n"); rp_line decides once the line is complete.
 */
static int
rp_prefix_ok(const struct smtp_rp *p)
{
	size_t i = p->llen - 1;
	int ch = (unsigned char)p->line[i];

	switch (i) {
	case 0:
		if (ch < '2' || ch > '5')
			return 0;
		break;
	case 1:
	case 2:
		if (!ascii_is_digit(ch))
			return 0;
		break;
	default:
		return ch == ' ' || ch == '-' || ch == '\r';
	}
	/* every line of a reply carries the first line's code */
	return p->r.nlines == 0 ||
	    ch == "0123456789"[p->r.code / (i == 0 ? 100 : i == 1 ? 10 : 1)
	    % 10];
}

/* A whole line is in line[0..llen): 1 if it ends the reply, 0, or -1. */
static int
rp_line(struct smtp_rp *p)
{
	struct smtp_reply *r = &p->r;
	size_t n = p->llen;
	int last, code;

	p->llen = 0;
	if (n > 0 && p->line[n - 1] == '\r')
		n--;
	if (n < 3)
		return rp_fail(p, MX_E_SMTP_PROTOCOL);
	if (n == 3 || p->line[3] == ' ')
		last = 1;
	else if (p->line[3] == '-')
		last = 0;
	else
		return rp_fail(p, MX_E_SMTP_PROTOCOL);
	/* digits were checked by rp_prefix_ok; this is the invariant again */
	if (!ascii_is_digit((unsigned char)p->line[0]) ||
	    !ascii_is_digit((unsigned char)p->line[1]) ||
	    !ascii_is_digit((unsigned char)p->line[2]))
		return rp_fail(p, MX_E_SMTP_PROTOCOL);
	code = (p->line[0] - '0') * 100 + (p->line[1] - '0') * 10 +
	    (p->line[2] - '0');
	if (code < 200 || code > 599 || (r->nlines > 0 && code != r->code))
		return rp_fail(p, MX_E_SMTP_PROTOCOL);
	if (r->nlines >= MX_SMTP_REPLY_LINES)
		return rp_fail(p, MX_E_SMTP_REPLY);
	r->code = code;
	if (r->nlines > 0) {
		rp_text(r, "\n", 1);
		rp_ext(r, p->line + 4, n > 4 ? n - 4 : 0);
	}
	rp_text(r, p->line + 4, n > 4 ? n - 4 : 0);
	r->nlines++;
	if (!last)
		return 0;
	p->done = 1;
	return 1;
}

/* see smtp.h */
int
smtp_rp_feed(struct smtp_rp *p, const unsigned char *buf, size_t len,
    size_t *used)
{
	size_t i;
	int rc;

	*used = 0;
	if (p->err)
		return -1;
	if (p->done)
		smtp_rp_reset(p);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			rc = rp_line(p);
			if (rc != 0) {
				*used = i + 1;
				return rc;
			}
			continue;
		}
		/* this byte plus the LF still to come would not fit */
		if (p->llen >= MX_SMTP_LINE_MAX - 1) {
			*used = i + 1;
			return rp_fail(p, MX_E_SMTP_LINE);
		}
		/*
		 * Text is kept as C strings, so a NUL (never valid SMTP text,
		 * RFC 5321 4.2) is stored as '?', what output would show
		 * anyway: a hostile banner is a finding to report, not a
		 * reason to stop before TLS.  It is never part of the code.
		 */
		p->line[p->llen] = buf[i] == '\0' && p->llen >= 4 ? '?' :
		    (char)buf[i];
		p->llen++;
		if (p->llen <= 4 && !rp_prefix_ok(p)) {
			*used = i + 1;
			return rp_fail(p, MX_E_SMTP_PROTOCOL);
		}
	}
	*used = len;
	return 0;
}

/* ---- client state machine ------------------------------------------- */

/* see smtp.h */
const char *
smtp_state_str(enum smtp_state s)
{
	if ((unsigned)s >= SMTP_S__COUNT)
		return "invalid";
	return smtp_st_name[s];
}

/* Copies the first word (up to SP, HT or end of line) of text into dst. */
static void
smtp_first_word(struct smtp_client *c, char *dst, size_t cap,
    const char *text)
{
	size_t n;

	for (n = 0; text[n] != '\0' && text[n] != ' ' && text[n] != '\t' &&
	    text[n] != '\n'; n++)
		;
	if (n > cap - 1) {
		n = cap - 1;
		c->text_truncated = 1;
	}
	memcpy(dst, text, n);
	dst[n] = '\0';
}

/* Copies a reply's text into a fact of MX_SMTP_TEXT_MAX bytes. */
static void
smtp_copy_text(struct smtp_client *c, char *dst, const struct smtp_reply *r)
{
	memcpy(dst, r->text, r->text_len + 1);
	if (r->text_truncated)
		c->text_truncated = 1;
}

static void
smtp_last(struct smtp_client *c, const struct smtp_reply *r)
{
	c->last_code = r->code;
	smtp_copy_text(c, c->last_text, r);
}

static mx_ms
smtp_deadline(const struct smtp_client *c, mx_ms now)
{
	if (c->step_ms <= 0 || now > MX_MS_NEVER - c->step_ms)
		return MX_MS_NEVER;
	return now + c->step_ms;
}

static enum smtp_act smtp_fail(struct smtp_client *, enum mx_err, mx_ms);

/* Appends "verb[ arg]\r\n" to obuf. */
static enum smtp_act
smtp_cmd(struct smtp_client *c, const char *verb, const char *arg)
{
	size_t vn = strlen(verb), an = strlen(arg);

	/* cannot happen: ehlo_name <= MX_NAME_MAX (smtp_init), assert above */
	if (vn + 1 + an + 2 > sizeof(c->obuf) - c->olen)
		return smtp_fail(c, MX_E_INTERNAL, 0);
	memcpy(c->obuf + c->olen, verb, vn);
	c->olen += vn;
	if (an > 0) {
		c->obuf[c->olen++] = ' ';
		memcpy(c->obuf + c->olen, arg, an);
		c->olen += an;
	}
	c->obuf[c->olen++] = '\r';
	c->obuf[c->olen++] = '\n';
	return SMTP_A_SEND;
}

/*
 * The one place the state changes: traces it, sets the step deadline and
 * does the new state's one action, whose result is returned.
 */
static enum smtp_act
smtp_enter(struct smtp_client *c, enum smtp_state st, mx_ms now)
{
	enum smtp_state from = c->st;

	c->st = st;
	c->olen = 0;
	if (c->trace != NULL)
		c->trace(c->trace_arg, smtp_state_str(from),
		    smtp_state_str(st));
	if (st == SMTP_S_DONE || st == SMTP_S_FAILED) {
		c->step_deadline = MX_MS_NEVER;
		return st == SMTP_S_DONE ? SMTP_A_DONE : SMTP_A_FAIL;
	}
	c->step_deadline = smtp_deadline(c, now);
	smtp_rp_reset(&c->rp);
	switch (st) {
	case SMTP_S_INJECT_WAIT:
		if (c->step_ms <= 0 || c->step_ms > MX_INJECT_WAIT_MS)
			c->step_deadline = now + MX_INJECT_WAIT_MS;
		/* FALLTHROUGH */
	case SMTP_S_GREETING:
		return SMTP_A_WAIT;
	case SMTP_S_EHLO:
	case SMTP_S_EHLO_TLS:
		return smtp_cmd(c, "EHLO", c->ehlo_name);
	case SMTP_S_HELO:
		return smtp_cmd(c, "HELO", c->ehlo_name);
	case SMTP_S_STARTTLS:
		if (c->inject_test &&
		    smtp_cmd(c, "STARTTLS", "") == SMTP_A_SEND)
			return smtp_cmd(c, "EHLO", c->ehlo_name);
		return smtp_cmd(c, "STARTTLS", "");
	case SMTP_S_TLS:
		return SMTP_A_TLS;
	case SMTP_S_QUIT:
		return smtp_cmd(c, "QUIT", "");
	default:
		break;
	}
	return smtp_fail(c, MX_E_INTERNAL, now);
}

/* Close at once: protocol violation, limit, injection, timeout, EOF. */
static enum smtp_act
smtp_fail(struct smtp_client *c, enum mx_err e, mx_ms now)
{
	if (c->err == MX_OK)
		c->err = e;
	if (c->st == SMTP_S_FAILED)
		return SMTP_A_FAIL;
	return smtp_enter(c, SMTP_S_FAILED, now);
}

/* The server said no in proper SMTP: note why, say goodbye politely. */
static enum smtp_act
smtp_refuse(struct smtp_client *c, enum mx_err e, mx_ms now)
{
	if (c->err == MX_OK)
		c->err = e;
	return smtp_enter(c, SMTP_S_QUIT, now);
}

/* A parser error or a limit: fatal, except while leaving anyway. */
static enum smtp_act
smtp_bad(struct smtp_client *c, enum mx_err e, mx_ms now)
{
	if (c->st == SMTP_S_QUIT)
		return smtp_enter(c, SMTP_S_DONE, now);
	return smtp_fail(c, e, now);
}

/* Facts of an EHLO 250, into the pre-TLS or the TLS set. */
static void
smtp_ehlo_facts(struct smtp_client *c, const struct smtp_reply *r)
{
	if (c->ehlo_host[0] == '\0')
		smtp_first_word(c, c->ehlo_host, sizeof(c->ehlo_host),
		    r->text);
	if (c->st == SMTP_S_EHLO_TLS) {
		c->ext_tls = r->ext_bits;
		memcpy(c->ext_tls_text, r->ext, r->ext_len + 1);
		c->ext_tls_truncated = r->ext_truncated;
		c->ehlo_tls_done = 1;
	} else {
		c->ext = r->ext_bits;
		memcpy(c->ext_text, r->ext, r->ext_len + 1);
		c->ext_truncated = r->ext_truncated;
	}
}

/* A complete reply r arrived in state c->st: decide the next state. */
static enum smtp_act
smtp_on_reply(struct smtp_client *c, const struct smtp_reply *r, mx_ms now)
{
	int class = r->code / 100;

	switch (c->st) {
	case SMTP_S_GREETING:
		c->greeting_code = r->code;
		smtp_copy_text(c, c->banner, r);
		smtp_first_word(c, c->banner_host, sizeof(c->banner_host),
		    r->text);
		if (r->code == 220)
			return smtp_enter(c, c->in_tls ? SMTP_S_EHLO_TLS :
			    SMTP_S_EHLO, now);
		smtp_last(c, r);
		if (class == 4)
			return smtp_refuse(c, MX_E_GREETING_BUSY, now);
		if (class == 5)
			return smtp_refuse(c, MX_E_GREETING_REFUSED, now);
		break;
	case SMTP_S_EHLO:
	case SMTP_S_EHLO_TLS:
		if (r->code == 250) {
			smtp_ehlo_facts(c, r);
			if (c->st == SMTP_S_EHLO_TLS)
				return smtp_enter(c, SMTP_S_QUIT, now);
			if (c->ext & SMTP_EXT_STARTTLS)
				return smtp_enter(c, SMTP_S_STARTTLS, now);
			return smtp_refuse(c, MX_E_NO_STARTTLS, now);
		}
		smtp_last(c, r);
		if (class == 5) {
			c->used_helo = 1;
			return smtp_enter(c, SMTP_S_HELO, now);
		}
		/* 421 and friends: a HELO would get the same answer */
		if (class == 4)
			return smtp_refuse(c, MX_E_EHLO_REJECTED, now);
		break;
	case SMTP_S_HELO:
		if (r->code == 250) {
			if (c->ehlo_host[0] == '\0')
				smtp_first_word(c, c->ehlo_host,
				    sizeof(c->ehlo_host), r->text);
			if (c->in_tls)
				return smtp_enter(c, SMTP_S_QUIT, now);
			return smtp_refuse(c, MX_E_NO_STARTTLS, now);
		}
		smtp_last(c, r);
		if (class == 4 || class == 5)
			return smtp_refuse(c, MX_E_EHLO_REJECTED, now);
		break;
	case SMTP_S_STARTTLS:
		if (r->code == 220)
			return smtp_enter(c, SMTP_S_TLS, now);
		smtp_last(c, r);
		if (class == 4 || class == 5)
			return smtp_refuse(c, MX_E_STARTTLS_REJECTED, now);
		break;
	case SMTP_S_QUIT:
		/* 221 or not, the server has told us all we came for */
		return smtp_enter(c, SMTP_S_DONE, now);
	default:
		return smtp_fail(c, MX_E_INTERNAL, now);
	}
	return smtp_fail(c, MX_E_SMTP_PROTOCOL, now);
}

/* see smtp.h */
void
smtp_init(struct smtp_client *c, const char *ehlo_name, int implicit_tls,
    mx_ms step_ms)
{
	size_t n;

	memset(c, 0, sizeof(*c));
	c->st = SMTP_S_INIT;
	c->implicit_tls = implicit_tls != 0;
	c->step_ms = step_ms;
	c->step_deadline = MX_MS_NEVER;
	/* the name goes on the wire verbatim: no CRLF smuggling, no spaces */
	for (n = 0; ehlo_name != NULL && n < MX_NAME_MAX &&
	    (unsigned char)ehlo_name[n] > ' ' &&
	    (unsigned char)ehlo_name[n] != 0x7f; n++)
		c->ehlo_name[n] = ehlo_name[n];
	c->ehlo_name[n] = '\0';
	if (n == 0)
		memcpy(c->ehlo_name, "localhost", sizeof("localhost"));
}

/* see smtp.h */
void
smtp_start(struct smtp_client *c, mx_ms now)
{
	char name[sizeof(c->ehlo_name)];
	int implicit = c->implicit_tls;
	mx_ms step = c->step_ms;
	void (*trace)(void *, const char *, const char *) = c->trace;
	void *arg = c->trace_arg;
	int inject = c->inject_test;

	memcpy(name, c->ehlo_name, sizeof(name));
	memset(c, 0, sizeof(*c));
	memcpy(c->ehlo_name, name, sizeof(name));
	c->implicit_tls = implicit;
	c->step_ms = step;
	c->trace = trace;
	c->trace_arg = arg;
	c->inject_test = inject;
	c->st = SMTP_S_INIT;
	/* implicit TLS: the caller did the handshake before calling us */
	c->in_tls = implicit;
	(void)smtp_enter(c, SMTP_S_GREETING, now);
}

/* see smtp.h */
enum smtp_act
smtp_feed(struct smtp_client *c, const unsigned char *buf, size_t len,
    mx_ms now)
{
	enum smtp_act act = SMTP_A_WAIT;
	size_t off = 0, n, used;
	int rc;

	switch (c->st) {
	case SMTP_S_DONE:
		return SMTP_A_DONE;
	case SMTP_S_FAILED:
		return SMTP_A_FAIL;
	case SMTP_S_INIT:
		return smtp_fail(c, MX_E_INTERNAL, now);
	case SMTP_S_TLS:
		if (len == 0)
			return SMTP_A_TLS;
		/* the server speaks before our ClientHello: plaintext */
		c->injection = 1;
		return smtp_fail(c, MX_E_STARTTLS_INJECTION, now);
	case SMTP_S_INJECT_WAIT:
		if (len == 0)
			return SMTP_A_WAIT;
		/* we asked nothing inside TLS: it ran the buffered EHLO */
		c->inject_verdict = SMTP_INJ_VULNERABLE;
		return smtp_enter(c, SMTP_S_QUIT, now);
	default:
		break;
	}
	while (off < len) {
		if (c->total >= MX_SMTP_TOTAL_MAX)
			return smtp_bad(c, MX_E_SMTP_REPLY, now);
		n = len - off;
		if (n > MX_SMTP_TOTAL_MAX - c->total)
			n = MX_SMTP_TOTAL_MAX - c->total;
		rc = smtp_rp_feed(&c->rp, buf + off, n, &used);
		off += used;
		c->total += used;
		if (rc < 0)
			return smtp_bad(c, c->rp.err, now);
		if (rc == 0)
			continue;
		act = smtp_on_reply(c, &c->rp.r, now);
		if (off == len || c->st == SMTP_S_DONE ||
		    c->st == SMTP_S_FAILED)
			return act;
		/* bytes the server sent before it could have seen our command */
		if (c->st == SMTP_S_TLS) {
			c->injection = 1;
			return smtp_fail(c, MX_E_STARTTLS_INJECTION, now);
		}
		return smtp_fail(c, MX_E_SMTP_PROTOCOL, now);
	}
	return act;
}

/* see smtp.h */
enum smtp_act
smtp_tls_done(struct smtp_client *c, mx_ms now)
{
	switch (c->st) {
	case SMTP_S_TLS:
		c->in_tls = 1;
		/* RFC 3207 4.2: forget what the plaintext EHLO told us */
		c->ext_tls = 0;
		c->ext_tls_text[0] = '\0';
		c->ext_tls_truncated = 0;
		return smtp_enter(c, c->inject_test ? SMTP_S_INJECT_WAIT :
		    SMTP_S_EHLO_TLS, now);
	case SMTP_S_GREETING:
		/* implicit TLS started before the handshake: wait afresh */
		if (!c->implicit_tls || c->total != 0)
			break;
		c->step_deadline = smtp_deadline(c, now);
		return SMTP_A_WAIT;
	case SMTP_S_DONE:
		return SMTP_A_DONE;
	case SMTP_S_FAILED:
		return SMTP_A_FAIL;
	default:
		break;
	}
	return smtp_fail(c, MX_E_INTERNAL, now);
}

/* see smtp.h */
enum smtp_act
smtp_eof(struct smtp_client *c)
{
	switch (c->st) {
	case SMTP_S_QUIT:
		return smtp_enter(c, SMTP_S_DONE, 0);
	case SMTP_S_DONE:
		return SMTP_A_DONE;
	case SMTP_S_INIT:
		return smtp_fail(c, MX_E_INTERNAL, 0);
	default:
		break;
	}
	return smtp_fail(c, MX_E_CLOSED, 0);
}

/* see smtp.h */
enum smtp_act
smtp_timeout(struct smtp_client *c)
{
	enum mx_err e;

	switch (c->st) {
	case SMTP_S_GREETING:
		e = MX_E_TIMEOUT_GREETING;
		break;
	case SMTP_S_EHLO:
		e = MX_E_TIMEOUT_EHLO;
		break;
	case SMTP_S_HELO:
		e = c->in_tls ? MX_E_TIMEOUT_EHLO_TLS : MX_E_TIMEOUT_EHLO;
		break;
	case SMTP_S_STARTTLS:
		e = MX_E_TIMEOUT_STARTTLS;
		break;
	case SMTP_S_TLS:
		e = MX_E_TIMEOUT_TLS;
		break;
	case SMTP_S_EHLO_TLS:
		e = MX_E_TIMEOUT_EHLO_TLS;
		break;
	case SMTP_S_INJECT_WAIT:
		c->inject_verdict = SMTP_INJ_SAFE;
		return smtp_enter(c, SMTP_S_QUIT, c->step_deadline);
	case SMTP_S_QUIT:
		return smtp_enter(c, SMTP_S_DONE, 0);
	case SMTP_S_DONE:
		return SMTP_A_DONE;
	default:
		e = MX_E_INTERNAL;
		break;
	}
	return smtp_fail(c, e, 0);
}

/* Is kw[0..n) an element of the comma list l (case-insensitive)? */
static int
list_has(const char *l, const char *kw, size_t n)
{
	size_t i, j;

	while (l != NULL && *l != '\0') {
		for (j = 0; l[j] != '\0' && l[j] != ','; j++)
			;
		for (i = 0; i < n && i < j &&
		    upper((unsigned char)l[i]) == upper((unsigned char)kw[i]);
		    i++)
			;
		if (i == n && j == n)
			return 1;
		l += j + (l[j] == ',');
	}
	return 0;
}

/* see smtp.h */
unsigned
smtp_ext_diff(const char *a, const char *b, const char *skip, char *out,
    size_t cap)
{
	size_t len = 0, n;
	unsigned cnt = 0;

	if (cap == 0)
		return 0;
	while (*a != '\0') {
		for (n = 0; a[n] != '\0' && a[n] != ','; n++)
			;
		if (n > 0 && !list_has(b, a, n) && !list_has(skip, a, n) &&
		    (len > 0) + n < cap - len) {
			if (len > 0)
				out[len++] = ',';
			memcpy(out + len, a, n);
			len += n;
			cnt++;
		}
		a += n + (a[n] == ',');
	}
	out[len] = '\0';
	return cnt;
}
