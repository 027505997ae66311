/*
 * spf_int.h -- what the parts of the SPF module share: spf.c (tables,
 * helpers), spf_record.c, spf_macro.c, spf_eval.c, spf_walk.c.  Not part
 * of the module's interface (that is spf.h).
 */
#ifndef MXPROBE_SPF_INT_H
#define MXPROBE_SPF_INT_H

#include <stddef.h>
#include <sys/socket.h>
#include "mxprobe/ascii.h"
#include "mxprobe/spf.h"

/* Copies at most cap - 1 bytes of s[0..n) and a NUL; cut text ends "...". */
void spf_copy_cut(char *dst, size_t cap, const char *s, size_t n);
/* Records the first problem only: code, domain and term (cut to fit). */
void spf_set_prob(struct spf_problem *p, enum spf_err code,
    const char *domain, const char *term, size_t tlen);
/*
 * An address of family in s[0..len), with libc's inet_pton (linked
 * anyway): ip4-network is a dotted quad without leading zeros (RFC 7208
 * 12), ip6-network RFC 4291 2.2 text.  0, or -1.
 */
int spf_addr_parse(int family, const char *s, size_t len, unsigned char *ip);
#define spf_ip4_parse(s, n, ip)	spf_addr_parse(AF_INET, (s), (n), (ip))
#define spf_ip6_parse(s, n, ip)	spf_addr_parse(AF_INET6, (s), (n), (ip))
/* The first 12 bytes of an IPv4-mapped IPv6 address. */
extern const unsigned char spf_v4mapped[12];
/* a and b agree on their first bits bits. */
int spf_prefix_eq(const unsigned char *a, const unsigned char *b,
    unsigned bits);
/*
 * A cidr length (after its '/'): "0", or up to maxd digits without a
 * leading zero, at most max.  0 and *v, or -1.
 */
int spf_cidr_val(const char *s, size_t n, unsigned maxd, unsigned max,
    unsigned *v);

/*
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel
 * [ "." ] ) / macro-expand (7.1), checked on s[0..n) as written.  Empty
 * is no domain-spec.  *macro (if not NULL): it has a %{...}.  1 or 0.
 */
int spf_domain_spec_ok(const char *s, size_t n, unsigned flags, int *macro);
/* 1 if s[0..len) is a well-formed macro-string (7.1), else 0. */
int spf_macro_syntax(const char *s, size_t len);

/* Copies the name src into dst (MX_NAME_MAX + 1 bytes), cut to fit. */
void spf_copy_name(char *dst, const char *src);

#endif
