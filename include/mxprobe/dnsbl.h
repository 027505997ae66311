/*
 * dnsbl.h -- DNS blacklists (RFC 5782): the query name of an address in a
 * zone, what an answer means, and the zone list of --dnsbl.  Pure: no I/O.
 *
 * An answer is read strictly, because the usual way to get it wrong is a
 * resolver in the way:
 *	NXDOMAIN (or NODATA)          not listed
 *	A 127.0.0.2 .. 127.255.255.251 (not 127.0.0.1)
 *	                              listed (the code says why, per list)
 *	A 127.255.255.252 .. .255     the list refused to answer this
 *	                              resolver (Spamhaus: public or open
 *	                              resolver, too many queries, typo):
 *	                              dnsbl-refused, never a listing
 *	A 127.0.0.1                   never a listing (RFC 5782 5: only the
 *	                              test entry's opposite; a broken list or
 *	                              a resolver answering localhost):
 *	                              dnsbl-bad-answer
 *	A outside 127.0.0.0/8         an NXDOMAIN-rewriting resolver (ad or
 *	                              search page): dnsbl-bad-answer
 * When one answer mixes kinds, the worst reading wins: bad-answer, then
 * refused, then listed.
 */
#ifndef MXPROBE_DNSBL_H
#define MXPROBE_DNSBL_H

#include <stddef.h>
#include "mxprobe/err.h"
#include "mxprobe/limits.h"

/*
 * Zones used when --dnsbl is not given (comma-joined, as --dnsbl takes
 * them).  Why each (src/policy/README.md): zen.spamhaus.org is the list
 * most receiving MTAs consult (SBL, XBL, PBL and CSS in one query, IPv4
 * and IPv6); bl.spamcop.net is the other widely deployed free list, fed
 * by user reports, with short-lived listings.  Barracuda's BRBL is not in
 * the default: it asks its users to register their resolvers, and an
 * unregistered one may get no answer, which would read "not listed".
 */
#define DNSBL_DEFAULT_ZONES	"zen.spamhaus.org,bl.spamcop.net"

struct dnsbl_zones {
	unsigned	 n;
	char		 zone[MX_DNSBL_ZONES_MAX][MX_DNSBL_ZONE_LEN + 1];
};

/*
 * Fills z from spec, the text of --dnsbl: NULL means DNSBL_DEFAULT_ZONES,
 * "none" no zone at all (the check is off), else zone names joined by
 * commas.  A zone is dot-separated labels of [A-Za-z0-9_-], 1-63 bytes
 * each, at least two labels, MX_DNSBL_ZONE_LEN bytes at most; one
 * trailing dot is dropped, a name is kept in lower case and a repeated
 * one once.  Returns 0, or -1 (z->n then 0) for an empty element, a bad
 * name or more than MX_DNSBL_ZONES_MAX zones: a usage error.
 */
int dnsbl_zones_parse(struct dnsbl_zones *z, const char *spec);

/*
 * The name to query for the address ip (4 bytes for AF_INET, 16 for
 * AF_INET6, network order) in zone (RFC 5782 2.1, 2.4): reversed octets,
 * or the 32 reversed nibbles in lower-case hex, then the zone.  Writes it
 * into out (NUL-terminated).  Returns 0, or -1 for another family or a
 * name over MX_QNAME_TEXT_MAX (253; out is then "").
 */
int dnsbl_query_name(char out[MX_NAME_MAX + 1], int family,
    const unsigned char *ip, const char *zone);

enum dnsbl_result {
	DNSBL_NOT_LISTED,
	DNSBL_LISTED,
	DNSBL_REFUSED,		/* 127.255.255.252-255 */
	DNSBL_BAD_ANSWER	/* 127.0.0.1, or outside 127.0.0.0/8 */
};

/* What one A record of an answer says (see the top of this file). */
enum dnsbl_result dnsbl_code(const unsigned char a[4]);

struct dnsbl_answer {
	enum dnsbl_result res;
	unsigned	 ncodes;	/* A records kept */
	int		 codes_truncated; /* more than MX_DNSBL_CODES_MAX */
	unsigned char	 code[MX_DNSBL_CODES_MAX][4];
};

/*
 * Reads a reply to the A query of qname that passed dnsmsg_check_reply
 * (msg[0..len)) into *a: NXDOMAIN and NODATA are not listed; else every
 * A record of the answer's owner (CNAMEs followed) is classified and
 * kept, in ascending order (resolvers shuffle RRsets).  Returns MX_OK,
 * or dnsmsg_answer's error, or dns-server-error for an rcode other than
 * NOERROR and NXDOMAIN (a->res is then DNSBL_NOT_LISTED and means
 * nothing).
 */
enum mx_err dnsbl_answer(const void *msg, size_t len, const char *qname,
    struct dnsbl_answer *a);

/*
 * "not-listed", "listed", "dnsbl-refused", "dnsbl-bad-answer": the last
 * two are also the error strings and finding codes of the check.
 */
const char *dnsbl_result_str(enum dnsbl_result r);

#endif
