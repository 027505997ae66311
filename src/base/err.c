/*
 * err.c -- the stable strings of enum mx_err (API: only ever add).
 */
#include "mxprobe/err.h"

static const char *const err_str[MX_E__COUNT] = {
	[MX_OK]			= "ok",
	[MX_E_SHORT]		= "short",
	[MX_E_SYNTAX]		= "syntax",
	[MX_E_LIMIT]		= "limit",
	[MX_E_INTERNAL]		= "internal",
	[MX_E_CONNECT_REFUSED]	= "connect-refused",
	[MX_E_CONNECT_TIMEOUT]	= "connect-timeout",
	[MX_E_NET_UNREACH]	= "network-unreachable",
	[MX_E_CONNECT]		= "connect-failed",
	[MX_E_IO]		= "io-error",
	[MX_E_CLOSED]		= "connection-closed",
	[MX_E_GREETING_BUSY]	= "greeting-busy",
	[MX_E_GREETING_REFUSED]	= "greeting-refused",
	[MX_E_EHLO_REJECTED]	= "ehlo-rejected",
	[MX_E_NO_STARTTLS]	= "no-starttls",
	[MX_E_STARTTLS_REJECTED] = "starttls-rejected",
	[MX_E_STARTTLS_INJECTION] = "starttls-injection",
	[MX_E_SMTP_PROTOCOL]	= "smtp-protocol",
	[MX_E_SMTP_LINE]	= "smtp-line-too-long",
	[MX_E_SMTP_REPLY]	= "smtp-reply-too-long",
	[MX_E_TLS_HANDSHAKE]	= "tls-handshake-failed",
	[MX_E_TLS]		= "tls-failed",
	[MX_E_TIMEOUT_GREETING]	= "timeout-greeting",
	[MX_E_TIMEOUT_EHLO]	= "timeout-ehlo",
	[MX_E_TIMEOUT_STARTTLS]	= "timeout-starttls",
	[MX_E_TIMEOUT_TLS]	= "timeout-tls",
	[MX_E_TIMEOUT_EHLO_TLS]	= "timeout-ehlo-tls",
	[MX_E_TIMEOUT_QUIT]	= "timeout-quit",
	[MX_E_DNS_FORMAT]	= "dns-format",
	[MX_E_DNS_NAME]		= "dns-bad-name",
	[MX_E_DNS_POINTER]	= "dns-bad-pointer",
	[MX_E_DNS_MISMATCH]	= "dns-mismatch",
	[MX_E_DNS_CNAME_LOOP]	= "dns-cname-loop",
	[MX_E_DNS_TIMEOUT]	= "dns-timeout",
	[MX_E_DNS_SERVFAIL]	= "dns-servfail",
	[MX_E_DNS_REFUSED]	= "dns-refused",
	[MX_E_DNS_NO_SERVER]	= "dns-no-server",
	[MX_E_DNS_UNREACH]	= "dns-unreachable",
	[MX_E_DNS_TCP]		= "dns-tcp-failed",
	[MX_E_DNS_RCODE]	= "dns-server-error",
	[MX_E_DNS_NXDOMAIN]	= "dns-nxdomain",
	[MX_E_NO_ADDRESS]	= "no-address",
	[MX_E_MX_IP_LITERAL]	= "mx-ip-literal",
	[MX_E_TLS_BAD_ANSWER]	= "tls-bad-answer",
	[MX_E_DEADLINE]		= "deadline",
	[MX_E_HTTP_PROTOCOL]	= "http-protocol",
	[MX_E_HTTP_HEAD]	= "http-header-too-long",
	[MX_E_HTTP_BODY]	= "http-body-too-large",
	[MX_E_HTTP_FRAMING]	= "http-bad-framing",
	[MX_E_HTTP_TRUNCATED]	= "http-truncated",
	[MX_E_HTTP_REDIRECT]	= "http-redirect",
	[MX_E_HTTP_STATUS]	= "http-status",
	[MX_E_HTTP_CONTENT_TYPE] = "http-content-type",
	[MX_E_HTTP_ENCODING]	= "http-content-encoding",
	[MX_E_TIMEOUT_HTTP]	= "timeout-http",
};

/* see err.h */
const char *
mx_err_str(enum mx_err e)
{
	if ((unsigned)e >= MX_E__COUNT || err_str[e] == 0)
		return "internal";
	return err_str[e];
}
