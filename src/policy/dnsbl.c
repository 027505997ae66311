/*
 * dnsbl.c -- DNS blacklist names and answers (see dnsbl.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core.  RFC 5782 2.1 (IPv4: the four octets reversed, then the
 * zone), 2.4 (IPv6: the 32 nibbles reversed), 2.3 (listings are A records
 * in 127.0.0.0/8, 127.0.0.1 never one), 5 (127.0.0.2 is the test entry
 * every list answers).  Spamhaus documents 127.255.255.252-255 as "query
 * refused" codes; no list uses them for a listing, so they are read that
 * way for every zone.
 */
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/dnsbl.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/dnsmsg.h"

static const char *const result_str[] = {
	[DNSBL_NOT_LISTED] = "not-listed",
	[DNSBL_LISTED] = "listed",
	[DNSBL_REFUSED] = "dnsbl-refused",
	[DNSBL_BAD_ANSWER] = "dnsbl-bad-answer",
};
_Static_assert(sizeof(result_str) / sizeof(result_str[0]) ==
    DNSBL_BAD_ANSWER + 1, "one string per result");

static int
label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * Checks zone p[0..n) (labels of label_char, 1-63 bytes, at least two,
 * one trailing dot allowed) and writes it lower-cased into out; returns
 * 0 or -1.
 */
static int
zone_copy(char out[MX_DNSBL_ZONE_LEN + 1], const char *p, size_t n)
{
	size_t	 i, lab = 0, labels = 1;

	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n > MX_DNSBL_ZONE_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '.') {
			if (lab == 0)
				return -1;
			lab = 0;
			labels++;
		} else if (!label_char(c) || ++lab > 63)
			return -1;
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[n] = '\0';
	return lab == 0 || labels < 2 ? -1 : 0;
}

/* see dnsbl.h */
int
dnsbl_zones_parse(struct dnsbl_zones *z, const char *spec)
{
	const char	*p, *comma;
	size_t		 n;
	unsigned	 i;

	z->n = 0;
	if (spec == NULL)
		spec = DNSBL_DEFAULT_ZONES;
	if (strcmp(spec, "none") == 0)
		return 0;
	for (p = spec;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (z->n == MX_DNSBL_ZONES_MAX ||
		    zone_copy(z->zone[z->n], p, n) == -1) {
			z->n = 0;
			return -1;
		}
		for (i = 0; i < z->n; i++)
			if (strcmp(z->zone[i], z->zone[z->n]) == 0)
				break;
		if (i == z->n)
			z->n++;
		if (comma == NULL)
			return 0;
	}
}

/* see dnsbl.h */
int
dnsbl_query_name(char out[MX_NAME_MAX + 1], int family,
    const unsigned char *ip, const char *zone)
{
	char		 rev[64];
	size_t		 k, zl = strlen(zone);

	out[0] = '\0';
	k = ipaddr_reverse(family, ip, rev);
	if (k == 0)
		return -1;
	if (k + zl > MX_QNAME_TEXT_MAX)
		return -1;
	memcpy(out, rev, k);
	memcpy(out + k, zone, zl + 1);
	return 0;
}

/* see dnsbl.h */
enum dnsbl_result
dnsbl_code(const unsigned char a[4])
{
	if (a[0] != 127 || (a[1] == 0 && a[2] == 0 && a[3] == 1))
		return DNSBL_BAD_ANSWER;
	if (a[1] == 255 && a[2] == 255 && a[3] >= 252)
		return DNSBL_REFUSED;
	return DNSBL_LISTED;
}

/*
 * Adds ip to a's codes in ascending order (resolvers shuffle RRsets;
 * the report should not), a->ncodes < MX_DNSBL_CODES_MAX.
 */
static void
insert(struct dnsbl_answer *a, const unsigned char ip[4])
{
	unsigned	 i = a->ncodes;

	while (i > 0 && memcmp(a->code[i - 1], ip, 4) > 0) {
		memcpy(a->code[i], a->code[i - 1], 4);
		i--;
	}
	memcpy(a->code[i], ip, 4);
	a->ncodes++;
}

/* see dnsbl.h */
enum mx_err
dnsbl_answer(const void *msg, size_t len, const char *qname,
    struct dnsbl_answer *a)
{
	struct dnsmsg_answer	 ans;
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	enum dnsbl_result	 r;
	unsigned char		 ip[4];
	enum mx_err		 e;

	memset(a, 0, sizeof(*a));
	a->res = DNSBL_NOT_LISTED;
	if ((e = dnsmsg_answer(msg, len, qname, DNSMSG_T_A, &ans)) != MX_OK)
		return e;
	if (ans.kind == DNSMSG_ANS_RCODE)
		return MX_E_DNS_RCODE;
	if (ans.kind != DNSMSG_ANS_DATA)
		return MX_OK;
	if ((e = dnsmsg_iter_init(&it, msg, len)) != MX_OK)
		return e;
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER ||
		    rr.type != DNSMSG_T_A || rr.class != DNSMSG_C_IN ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    dnsmsg_rr_a(&rr, ip) != MX_OK)
			continue;
		r = dnsbl_code(ip);
		/* worst reading wins: bad-answer > refused > listed */
		if (r > a->res)
			a->res = r;
		if (a->ncodes < MX_DNSBL_CODES_MAX)
			insert(a, ip);
		else
			a->codes_truncated = 1;
	}
	return it.err;
}

/* see dnsbl.h */
const char *
dnsbl_result_str(enum dnsbl_result r)
{
	return (unsigned)r <= DNSBL_BAD_ANSWER ? result_str[r] : "internal";
}
