/*
 * ipaddr.c -- addresses as text (see ipaddr.h).
 */
#include <string.h>
#include <sys/socket.h>
#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"

static char *
put_dec(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *
put_quad(char *p, const unsigned char *b)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = put_dec(p, b[i]);
	}
	return p;
}

static char *
put_hex(char *p, unsigned v)
{
	int shift, started = 0;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned d = v >> shift & 15;
		if (d || started || shift == 0) {
			*p++ = hex_digits[d];
			started = 1;
		}
	}
	return p;
}

/* see ipaddr.h */
size_t
ipaddr_ntop(int family, const void *ip, char *buf, size_t cap)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	const unsigned char *b = ip;
	char tmp[IPADDR_TEXT_MAX], *p = tmp;
	unsigned g[8];
	int i, best = -1, bestlen = 0, run = -1, len = 0;

	if (family == AF_INET)
		p = put_quad(p, b);
	else if (family == AF_INET6) {
		for (i = 0; i < 8; i++)
			g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
		for (i = 0; i <= 8; i++) {
			if (i < 8 && g[i] == 0) {
				if (run < 0)
					run = i, len = 0;
				len++;
				continue;
			}
			if (run >= 0 && len > bestlen && len >= 2)
				best = run, bestlen = len;
			run = -1;
		}
		for (i = 0; i < 8; i++) {
			if (i == best) {
				*p++ = ':';
				if (i == 0)
					*p++ = ':';
				i += bestlen - 1;
				continue;
			}
			if (i == 6 && best == 0 && (bestlen == 6 ||
			    (bestlen == 5 && memcmp(b, mapped, 12) == 0))) {
				p = put_quad(p, b + 12);	/* ::a.b.c.d forms */
				break;
			}
			p = put_hex(p, g[i]);
			if (i < 7)
				*p++ = ':';
		}
	} else
		p = tmp;
	*p = 0;
	len = (int)(p - tmp);
	if (len == 0 || (size_t)len >= cap) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	memcpy(buf, tmp, (size_t)len + 1);
	return (size_t)len;
}

/* see ipaddr.h */
size_t
ipaddr_reverse(int family, const void *ip, char *out)
{
	const unsigned char *b = ip;
	char *p = out;
	int i;

	if (family == AF_INET) {
		for (i = 3; i >= 0; i--) {
			p = put_dec(p, b[i]);
			*p++ = '.';
		}
	} else if (family == AF_INET6) {
		for (i = 15; i >= 0; i--) {
			*p++ = hex_digits[b[i] & 15];
			*p++ = '.';
			*p++ = hex_digits[b[i] >> 4];
			*p++ = '.';
		}
	}
	return (size_t)(p - out);
}

/* see ipaddr.h */
size_t
ipaddr_reverse_name(int family, const void *ip, char *out)
{
	size_t n = ipaddr_reverse(family, ip, out);
	const char *sfx = family == AF_INET ? "in-addr.arpa" : "ip6.arpa";
	size_t k = family == AF_INET ? 13 : 9;

	if (n == 0) {
		out[0] = '\0';
		return 0;
	}
	memcpy(out + n, sfx, k);
	return n + k - 1;
}
