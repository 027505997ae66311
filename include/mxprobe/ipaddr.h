/*
 * ipaddr.h -- addresses as text, without libc's inet_ntop.
 *
 * musl's inet_ntop formats IPv6 with snprintf, which drags in the whole
 * printf machinery (floating point formatting included, ~12 KB of a
 * ~200 KB binary).  This is the same job in a few lines.
 */
#ifndef MXPROBE_IPADDR_H
#define MXPROBE_IPADDR_H

#include <stddef.h>

/* Longest text ipaddr_ntop writes, NUL included (as INET6_ADDRSTRLEN). */
#define IPADDR_TEXT_MAX	46

/*
 * Writes the address ip (4 bytes for AF_INET, 16 for AF_INET6, network
 * order) as text into buf (cap >= IPADDR_TEXT_MAX is always enough):
 * dotted quad, or RFC 5952 IPv6 (lower-case hex, no leading zeros, the
 * longest run of two or more zero groups as "::", the first such run on a
 * tie, ::ffff:a.b.c.d for IPv4-mapped addresses), the same text glibc's
 * inet_ntop gives.  Returns the length, or 0 (buf = "") for another family
 * or a buffer too small.
 */
size_t ipaddr_ntop(int family, const void *ip, char *buf, size_t cap);

/* Longest reverse-mapping name, NUL included: 32 nibbles, "ip6.arpa". */
#define IPADDR_REVERSE_MAX	73

/*
 * The labels of the reverse-mapping name of ip (RFC 1035 3.5, RFC 3596
 * 2.5), each followed by a dot, with no suffix and no NUL: "4.3.2.1."
 * for AF_INET, 32 lower-case nibbles low first for AF_INET6.  out holds
 * 64 bytes.  Returns the length, 0 for another family.
 */
size_t ipaddr_reverse(int family, const void *ip, char *out);
/*
 * ipaddr_reverse followed by "in-addr.arpa" or "ip6.arpa" and a NUL
 * (out holds IPADDR_REVERSE_MAX bytes).  Returns the length, 0 (out = "")
 * for another family.
 */
size_t ipaddr_reverse_name(int family, const void *ip, char *out);

#endif
