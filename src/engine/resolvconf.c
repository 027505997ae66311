/*
 * resolvconf.c -- the resolver configuration (see dnseng.h): resolv.conf
 * text and -r ADDR[:PORT], apart from the query engine (dnseng.c) as asr
 * keeps asr.c apart from res_send_async.c.
 *
 * resolv.conf(5) as glibc and musl read it: a keyword in column 0, a '#'
 * or ';' in column 0 makes a comment, "nameserver ADDR" (port 53),
 * "options timeout:N attempts:N".  search, domain and sortlist are
 * ignored: every name mxprobe asks for is absolute.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "mxprobe/ascii.h"
#include "mxprobe/dnseng.h"
#include "mxprobe/ipaddr.h"

#define DNS_PORT	53
/* options timeout: glibc caps it at 30 s (RES_MAXRETRANS) */
#define TIMEOUT_MAX_S	30

/* see dnseng.h */
void
dnsconf_init(struct dns_conf *c)
{
	/* not the pool's buffers: untouched pages stay out of memory */
	memset(c, 0, offsetof(struct dns_conf, tcp.buf));
	c->timeout_ms = 5000;
	c->attempts = 2;
}

static int
is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	    ch == '\f';
}

/*
 * Decimal digits s[0..n) into *v, at most max.  0, or -1 if empty, not
 * all digits or over max.
 */
static int
num_parse(const char *s, size_t n, unsigned long max, unsigned long *v)
{
	size_t		 i;

	unsigned long d;

	*v = 0;
	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ascii_is_digit((unsigned char)s[i]))
			return -1;
		d = (unsigned long)(s[i] - '0');
		/* unsigned long may be 32 bits: test before it wraps */
		if (*v > (max - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return 0;
}

/* Appends s to b (capacity cap, NUL kept), cut if it does not fit. */
static void
cat(char *b, size_t cap, const char *s)
{
	size_t n = strlen(b);

	while (*s != '\0' && n + 1 < cap)
		b[n++] = *s++;
	b[n] = '\0';
}

static void
cat_num(char *b, size_t cap, unsigned long v)
{
	char d[12];
	size_t i = sizeof d - 1;

	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	cat(b, cap, d + i);
}

/* Fills s->text and s->loopback from s->addr. */
static void
srv_describe(struct dns_server *s)
{
	const struct sockaddr_in	*v4;
	const struct sockaddr_in6	*v6;
	char				 a[INET6_ADDRSTRLEN];
	const unsigned char		*b;

	s->text[0] = '\0';
	if (s->addr.ss_family == AF_INET) {
		v4 = (const struct sockaddr_in *)&s->addr;
		b = (const unsigned char *)&v4->sin_addr;
		s->loopback = b[0] == 127;
		ipaddr_ntop(AF_INET, &v4->sin_addr, a, sizeof a);
		cat(s->text, sizeof s->text, a);
		cat(s->text, sizeof s->text, ":");
		cat_num(s->text, sizeof s->text, ntohs(v4->sin_port));
		return;
	}
	v6 = (const struct sockaddr_in6 *)&s->addr;
	b = (const unsigned char *)&v6->sin6_addr;
	s->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr) ||
	    (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && b[12] == 127);
	ipaddr_ntop(AF_INET6, &v6->sin6_addr, a, sizeof a);
	cat(s->text, sizeof s->text, "[");
	cat(s->text, sizeof s->text, a);
	if (v6->sin6_scope_id != 0) {
		cat(s->text, sizeof s->text, "%");
		cat_num(s->text, sizeof s->text, v6->sin6_scope_id);
	}
	cat(s->text, sizeof s->text, "]:");
	cat_num(s->text, sizeof s->text, ntohs(v6->sin6_port));
}

/*
 * Adds the server at text s[0..n) (an IPv4 or IPv6 address, the latter
 * with an optional %scope) and port.  0, or -1 if s is not an address or
 * there is no room for it (then truncated is set).
 */
static int
srv_add(struct dns_conf *c, const char *s, size_t n, unsigned port)
{
	struct dns_server	 d;
	struct sockaddr_in	*v4;
	struct sockaddr_in6	*v6;
	/* address text, '%', interface name or 10 digits */
	char			 b[INET6_ADDRSTRLEN + 1 + IF_NAMESIZE + 10];
	char			*pct;
	unsigned long		 scope;

	if (n == 0 || n >= sizeof b)
		return -1;
	memcpy(b, s, n);
	b[n] = '\0';
	memset(&d, 0, sizeof d);
	v4 = (struct sockaddr_in *)&d.addr;
	v6 = (struct sockaddr_in6 *)&d.addr;
	if (inet_pton(AF_INET, b, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		d.addrlen = sizeof *v4;
	} else {
		scope = 0;
		if ((pct = strchr(b, '%')) != NULL) {
			*pct++ = '\0';
			if (num_parse(pct, strlen(pct), 0xffffffffUL,
			    &scope) < 0) {
				/* the one bit of I/O: a name to an index */
				if (strlen(pct) >= IF_NAMESIZE ||
				    (scope = if_nametoindex(pct)) == 0)
					return -1;
			}
		}
		if (inet_pton(AF_INET6, b, &v6->sin6_addr) != 1)
			return -1;
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		v6->sin6_scope_id = (uint32_t)scope;
		d.addrlen = sizeof *v6;
	}
	if (c->nsrv >= MX_DNS_SERVERS_MAX) {
		c->truncated = 1;
		return -1;
	}
	srv_describe(&d);
	c->srv[c->nsrv++] = d;
	return 0;
}

/*
 * The next blank-separated token of line[0..n) from *pos: 1 with *t and
 * *tl set, 0 at the end of the line or at a '#' or ';' starting a token.
 */
static int
tok_next(const char *line, size_t n, size_t *pos, const char **t, size_t *tl)
{
	size_t i = *pos, j;

	while (i < n && is_blank((unsigned char)line[i]))
		i++;
	if (i == n || line[i] == '#' || line[i] == ';')
		return 0;
	for (j = i; j < n && !is_blank((unsigned char)line[j]); j++)
		;
	*t = line + i;
	*tl = j - i;
	*pos = j;
	return 1;
}

static int
tok_is(const char *t, size_t tl, const char *word)
{
	return tl == strlen(word) && memcmp(t, word, tl) == 0;
}

/* One word of an "options" line; the ones we do not use are ignored. */
static void
option(struct dns_conf *c, const char *t, size_t tl)
{
	unsigned long v;

	if (tl > 8 && memcmp(t, "timeout:", 8) == 0) {
		if (num_parse(t + 8, tl - 8, 0xffffffffUL, &v) < 0)
			return;
		if (v < 1)
			v = 1;
		if (v > TIMEOUT_MAX_S)
			v = TIMEOUT_MAX_S;
		c->timeout_ms = (mx_ms)v * 1000;
	} else if (tl > 9 && memcmp(t, "attempts:", 9) == 0) {
		if (num_parse(t + 9, tl - 9, 0xffffffffUL, &v) < 0)
			return;
		if (v < 1)
			v = 1;
		if (v > MX_DNS_ROUNDS_MAX)
			v = MX_DNS_ROUNDS_MAX;
		c->attempts = (unsigned)v;
	}
}

/* see dnseng.h */
unsigned
dnsconf_parse(struct dns_conf *c, const char *text, size_t len)
{
	const char	*line, *t;
	size_t		 i, n, pos, tl;
	unsigned	 added = 0;

	/* a NUL ends the text as the end of the buffer does */
	len = strnlen(text, len);
	for (i = 0; i < len; i += n + 1) {
		line = text + i;
		for (n = 0; i + n < len && line[n] != '\n'; n++)
			;
		pos = 0;
		/* keywords in column 0, as glibc and musl want them */
		if (n == 0 || is_blank((unsigned char)line[0]) ||
		    !tok_next(line, n, &pos, &t, &tl))
			continue;
		if (tok_is(t, tl, "nameserver")) {
			if (tok_next(line, n, &pos, &t, &tl) &&
			    srv_add(c, t, tl, DNS_PORT) == 0)
				added++;
		} else if (tok_is(t, tl, "options")) {
			while (tok_next(line, n, &pos, &t, &tl))
				option(c, t, tl);
		}
	}
	return added;
}

/* see dnseng.h */
int
dnsconf_load(struct dns_conf *c, const char *path, int *sys_errno)
{
	char	 b[MX_RESOLV_CONF_MAX + 1];
	size_t	 len = 0;
	ssize_t	 n;
	int	 fd;

	*sys_errno = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*sys_errno = errno;
		return -1;
	}
	while (len < sizeof b) {
		n = read(fd, b + len, sizeof b - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*sys_errno = errno;
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > MX_RESOLV_CONF_MAX) {
		/* one byte more than we keep: cut after the last whole line */
		c->truncated = 1;
		len = MX_RESOLV_CONF_MAX;
		while (len > 0 && b[len - 1] != '\n')
			len--;
	}
	dnsconf_parse(c, b, len);
	return 0;
}

/* see dnseng.h */
int
dnsconf_add(struct dns_conf *c, const char *spec)
{
	const char	*a, *p, *colon;
	size_t		 n;
	unsigned long	 port = DNS_PORT;

	if (spec[0] == '[') {
		a = spec + 1;
		if ((p = strchr(a, ']')) == NULL)
			return -1;
		n = (size_t)(p - a);
		p++;
		if (*p == ':') {
			if (num_parse(p + 1, strlen(p + 1), 65535, &port) < 0)
				return -1;
		} else if (*p != '\0')
			return -1;
		/* brackets are for IPv6 only */
		if (memchr(a, ':', n) == NULL)
			return -1;
	} else {
		a = spec;
		n = strlen(spec);
		colon = strchr(spec, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			/* one colon: ADDR:PORT, and ADDR must be IPv4 */
			if (num_parse(colon + 1, strlen(colon + 1), 65535,
			    &port) < 0)
				return -1;
			n = (size_t)(colon - spec);
			if (memchr(a, '.', n) == NULL)
				return -1;
		}
	}
	if (port == 0)
		return -1;
	return srv_add(c, a, n, (unsigned)port);
}

