/*
 * err.h -- the one error enum and its stable strings.
 *
 * The strings are API (mxprobe.1, ERRORS): never rename
 * one, only add.  Each context keeps one sticky error: the first one wins.
 */
#ifndef MXPROBE_ERR_H
#define MXPROBE_ERR_H

enum mx_err {
	MX_OK = 0,
	MX_E_SHORT,		/* parser: input ended inside an element */
	MX_E_SYNTAX,		/* parser: malformed input */
	MX_E_LIMIT,		/* a capacity in limits.h was hit */
	MX_E_INTERNAL,		/* a state that cannot happen happened */
	MX_E_CONNECT_REFUSED,
	MX_E_CONNECT_TIMEOUT,
	MX_E_NET_UNREACH,
	MX_E_CONNECT,		/* other connect() failure */
	MX_E_IO,		/* read/write failed (reset, ...) */
	MX_E_CLOSED,		/* server closed the connection early */
	MX_E_GREETING_BUSY,	/* 4xx greeting (421: busy, rate limit) */
	MX_E_GREETING_REFUSED,	/* 5xx greeting (554) */
	MX_E_EHLO_REJECTED,	/* both EHLO and HELO refused */
	MX_E_NO_STARTTLS,
	MX_E_STARTTLS_REJECTED,
	MX_E_STARTTLS_INJECTION,/* plaintext after "220 ready", before TLS */
	MX_E_SMTP_PROTOCOL,	/* a reply that is not SMTP */
	MX_E_SMTP_LINE,		/* reply line over MX_SMTP_LINE_MAX */
	MX_E_SMTP_REPLY,	/* reply over MX_SMTP_REPLY_LINES or session bytes */
	MX_E_TLS_HANDSHAKE,
	MX_E_TLS,		/* TLS failure after the handshake */
	MX_E_TIMEOUT_GREETING,
	MX_E_TIMEOUT_EHLO,
	MX_E_TIMEOUT_STARTTLS,
	MX_E_TIMEOUT_TLS,
	MX_E_TIMEOUT_EHLO_TLS,
	MX_E_TIMEOUT_QUIT,
	MX_E_DNS_FORMAT,	/* malformed DNS message: short, overrun, trailing */
	MX_E_DNS_NAME,		/* label > 63, name > 255, label type 0x40/0x80 */
	MX_E_DNS_POINTER,	/* compression pointer not strictly backwards */
	MX_E_DNS_MISMATCH,	/* not the reply to our query (id, QR, question) */
	MX_E_DNS_CNAME_LOOP,	/* a CNAME chain inside one answer loops */
	MX_E_DNS_TIMEOUT,	/* no server answered within the deadline */
	MX_E_DNS_SERVFAIL,	/* the last answer was SERVFAIL */
	MX_E_DNS_REFUSED,	/* every server answered REFUSED */
	MX_E_DNS_NO_SERVER,	/* no resolver configured */
	MX_E_DNS_UNREACH,	/* ICMP unreachable: nothing listens there */
	MX_E_DNS_TCP,		/* TC set, then TCP failed (reset, EOF, ...) */
	MX_E_DNS_RCODE,		/* another error rcode (FORMERR, NOTIMP, ...) */
	MX_E_DNS_NXDOMAIN,	/* the name does not exist */
	MX_E_NO_ADDRESS,	/* the name exists but has no A/AAAA */
	MX_E_MX_IP_LITERAL,	/* an MX target that is an address, not a name */
	MX_E_TLS_BAD_ANSWER,	/* the answer to a raw ClientHello is not TLS */
	MX_E_DEADLINE,		/* the run's -t deadline came first */
	/* HTTPS fetch (http.h, https.h) */
	MX_E_HTTP_PROTOCOL,	/* not HTTP/1.x: status line, field, chunk syntax */
	MX_E_HTTP_HEAD,		/* head or one line over MX_HTTP_HEAD/LINE_MAX */
	MX_E_HTTP_BODY,		/* body over MX_HTTP_BODY_MAX */
	MX_E_HTTP_FRAMING,	/* CL conflict, CL + chunked, bad CL or TE */
	MX_E_HTTP_TRUNCATED,	/* closed before the response was complete */
	MX_E_HTTP_REDIRECT,	/* 3xx: not followed (RFC 8461 3.3) */
	MX_E_HTTP_STATUS,	/* another status than 200 */
	MX_E_HTTP_CONTENT_TYPE,	/* media type is not text/plain */
	MX_E_HTTP_ENCODING,	/* a Content-Encoding we did not ask for */
	MX_E_TIMEOUT_HTTP,	/* request or response past its deadline */
	MX_E__COUNT
};

/* Stable string of e ("connect-refused"); "ok" for MX_OK.  Never NULL. */
const char *mx_err_str(enum mx_err e);

#endif
