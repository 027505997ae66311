/*
 * test_dnsbl.c -- DNS blacklists: query names (RFC 5782 2.1, 2.4), every
 * reading of an answer (listed, not listed, refused, bad answer, mixed,
 * CNAME, other owners), and the --dnsbl zone list.
 *
 * Replies are built here: a query from dnsmsg_query turned into a reply
 * (QR, RA, rcode) with A records appended, owner compressed to the
 * question (0xc00c), each checked with dnsmsg_check_reply first as the
 * engine would.
 */
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/dnsbl.h"
#include "mxprobe/dnsmsg.h"
#include "t.h"

static unsigned char	 msg[1024];
static size_t		 mlen;

/* Starts a reply to (qname, A) with rcode. */
static void
reply(const char *qname, unsigned rcode)
{
	int	 n;

	n = dnsmsg_query(msg, sizeof(msg), 0x1234, qname, DNSMSG_T_A,
	    DNSMSG_Q_RD);
	mlen = n > 0 ? (size_t)n : 0;
	msg[2] |= 0x80;		/* QR */
	msg[3] = (unsigned char)(0x80 | rcode);	/* RA */
}

/* Appends an answer RR of type with rdata; owner is the question
 * (ptr 0) or the name at offset ptr. */
static void
rr(unsigned ptr, unsigned type, const void *rdata, size_t rdlen)
{
	unsigned char	*p = msg + mlen;

	if (ptr == 0)
		ptr = 12;
	p[0] = (unsigned char)(0xc0 | ptr >> 8);
	p[1] = (unsigned char)ptr;
	p[2] = 0;
	p[3] = (unsigned char)type;
	p[4] = 0;
	p[5] = 1;
	p[6] = p[7] = 0;
	p[8] = 0x0e;
	p[9] = 0x10;
	p[10] = (unsigned char)(rdlen >> 8);
	p[11] = (unsigned char)rdlen;
	memcpy(p + 12, rdata, rdlen);
	mlen += 12 + rdlen;
	msg[7]++;			/* ancount */
}

static void
a_rr(unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned char	 ip[4] = { (unsigned char)a, (unsigned char)b,
			     (unsigned char)c, (unsigned char)d };

	rr(0, DNSMSG_T_A, ip, 4);
}

/* Checks the reply as the engine does, then reads it. */
static enum mx_err
answer(const char *qname, struct dnsbl_answer *a)
{
	struct dnsmsg_hdr	 h;
	enum mx_err		 e;

	e = dnsmsg_check_reply(msg, mlen, 0x1234, qname, DNSMSG_T_A, &h);
	if (e != MX_OK)
		return e;
	return dnsbl_answer(msg, mlen, qname, a);
}

static void
test_names(void)
{
	static const unsigned char v4[4] = { 192, 0, 2, 99 };
	static const unsigned char v4b[4] = { 10, 0, 100, 7 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0xab };
	char		 out[MX_NAME_MAX + 1];
	char		 zone[200];

	T_EQ_INT(dnsbl_query_name(out, AF_INET, v4, "zen.spamhaus.org"), 0,
	    "v4 name built");
	T_EQ_STR(out, "99.2.0.192.zen.spamhaus.org", "v4: octets reversed");
	dnsbl_query_name(out, AF_INET, v4b, "bl.example");
	T_EQ_STR(out, "7.100.0.10.bl.example", "v4: zeros and 3 digits");
	T_EQ_INT(dnsbl_query_name(out, AF_INET6, v6, "bl.example"), 0,
	    "v6 name built");
	T_EQ_STR(out, "b.a.2.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d."
	    "0.1.0.0.2.bl.example", "v6: 32 nibbles reversed, lower case");
	T_EQ_INT(dnsbl_query_name(out, AF_UNIX, v4, "bl.example"), -1,
	    "another family refused");
	T_EQ_STR(out, "", "... and out is empty");
	memset(zone, 'a', sizeof(zone));
	zone[sizeof(zone) - 1] = '\0';
	T_EQ_INT(dnsbl_query_name(out, AF_INET6, v6, zone), -1,
	    "a name over 255 refused");
	zone[MX_DNSBL_ZONE_LEN] = '\0';
	T_EQ_INT(dnsbl_query_name(out, AF_INET6, v6, zone), 0,
	    "the longest zone fits an IPv6 name exactly");
	T_EQ_INT(strlen(out), MX_QNAME_TEXT_MAX, "... of 253 bytes (255 wire)");
	zone[MX_DNSBL_ZONE_LEN] = 'a';
	zone[MX_DNSBL_ZONE_LEN + 1] = '\0';
	T_EQ_INT(dnsbl_query_name(out, AF_INET6, v6, zone), -1,
	    "one byte more: refused");
}

static void
test_codes(void)
{
	static const struct {
		unsigned char	 a[4];
		enum dnsbl_result r;
		const char	*name;
	} c[] = {
		{ { 127, 0, 0, 2 }, DNSBL_LISTED, "127.0.0.2 listed (test)" },
		{ { 127, 0, 0, 4 }, DNSBL_LISTED, "127.0.0.4 listed (XBL)" },
		{ { 127, 0, 0, 10 }, DNSBL_LISTED, "127.0.0.10 (PBL)" },
		{ { 127, 255, 255, 251 }, DNSBL_LISTED, ".251 still a code" },
		{ { 127, 0, 0, 1 }, DNSBL_BAD_ANSWER, "127.0.0.1 never" },
		{ { 127, 255, 255, 252 }, DNSBL_REFUSED, ".252 typo refusal" },
		{ { 127, 255, 255, 254 }, DNSBL_REFUSED, ".254 public DNS" },
		{ { 127, 255, 255, 255 }, DNSBL_REFUSED, ".255 rate limited" },
		{ { 10, 0, 0, 2 }, DNSBL_BAD_ANSWER, "10/8: rewriting DNS" },
		{ { 192, 0, 2, 1 }, DNSBL_BAD_ANSWER, "ad server address" },
		{ { 128, 0, 0, 2 }, DNSBL_BAD_ANSWER, "128.0.0.2 not 127/8" },
		{ { 126, 255, 255, 255 }, DNSBL_BAD_ANSWER, "126/8 no" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		T_EQ_INT(dnsbl_code(c[i].a), c[i].r, c[i].name);
	T_EQ_STR(dnsbl_result_str(DNSBL_NOT_LISTED), "not-listed", "str 0");
	T_EQ_STR(dnsbl_result_str(DNSBL_LISTED), "listed", "str 1");
	T_EQ_STR(dnsbl_result_str(DNSBL_REFUSED), "dnsbl-refused", "str 2");
	T_EQ_STR(dnsbl_result_str(DNSBL_BAD_ANSWER), "dnsbl-bad-answer",
	    "str 3");
	T_EQ_STR(dnsbl_result_str((enum dnsbl_result)9), "internal",
	    "str out of range");
}

static void
test_answers(void)
{
	const char		*q = "2.0.0.127.bl.example";
	struct dnsbl_answer	 a;
	unsigned char		 cname[32];
	int			 i;

	reply(q, DNSMSG_R_NXDOMAIN);
	T_EQ_INT(answer(q, &a), MX_OK, "nxdomain read");
	T_OK(a.res == DNSBL_NOT_LISTED && a.ncodes == 0,
	    "nxdomain: not listed");

	reply(q, DNSMSG_R_NOERROR);
	T_EQ_INT(answer(q, &a), MX_OK, "nodata read");
	T_OK(a.res == DNSBL_NOT_LISTED && a.ncodes == 0, "nodata: not listed");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 0, 0, 2);
	T_EQ_INT(answer(q, &a), MX_OK, "listing read");
	T_OK(a.res == DNSBL_LISTED && a.ncodes == 1 && a.code[0][3] == 2,
	    "127.0.0.2: listed, code kept");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 0, 0, 11);
	a_rr(127, 0, 0, 2);
	a_rr(127, 0, 0, 4);
	answer(q, &a);
	T_OK(a.res == DNSBL_LISTED && a.ncodes == 3 && a.code[0][3] == 2 &&
	    a.code[1][3] == 4 && a.code[2][3] == 11,
	    "three codes kept, sorted");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 255, 255, 254);
	answer(q, &a);
	T_EQ_INT(a.res, DNSBL_REFUSED, "127.255.255.254: refused, not listed");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 0, 0, 2);
	a_rr(127, 255, 255, 255);
	answer(q, &a);
	T_EQ_INT(a.res, DNSBL_REFUSED, "listed + refused: refused wins");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 0, 0, 1);
	answer(q, &a);
	T_EQ_INT(a.res, DNSBL_BAD_ANSWER, "127.0.0.1: bad answer");

	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 255, 255, 254);
	a_rr(198, 51, 100, 7);
	a_rr(127, 0, 0, 2);
	answer(q, &a);
	T_EQ_INT(a.res, DNSBL_BAD_ANSWER, "any address outside 127/8 wins");

	/* A records of another owner are not the answer */
	reply(q, DNSMSG_R_NOERROR);
	a_rr(127, 0, 0, 2);
	rr(12 + 2, DNSMSG_T_A, "\x7f\x00\x00\x01", 4);
	answer(q, &a);
	T_OK(a.res == DNSBL_LISTED && a.ncodes == 1,
	    "another owner's A ignored");

	/* a CNAME to the list's real entry: its A records count */
	reply(q, DNSMSG_R_NOERROR);
	memcpy(cname, "\x01x\xc0\x0c", 4);	/* x.<qname> */
	rr(0, DNSMSG_T_CNAME, cname, 4);
	rr((unsigned)(mlen - 4), DNSMSG_T_A, "\x7f\x00\x00\x03", 4);
	T_EQ_INT(answer(q, &a), MX_OK, "cname read");
	T_OK(a.res == DNSBL_LISTED && a.ncodes == 1 && a.code[0][3] == 3,
	    "cname followed to the listing");

	/* the answer's cap */
	reply(q, DNSMSG_R_NOERROR);
	for (i = 0; i < MX_DNSBL_CODES_MAX + 2; i++)
		a_rr(127, 0, 0, (unsigned)(2 + i));
	answer(q, &a);
	T_OK(a.res == DNSBL_LISTED && a.ncodes == MX_DNSBL_CODES_MAX &&
	    a.codes_truncated, "codes over the cap: counted as truncated");

	/* other rcodes are no answer */
	reply(q, DNSMSG_R_FORMERR);
	T_EQ_INT(dnsbl_answer(msg, mlen, q, &a), MX_E_DNS_RCODE,
	    "formerr: dns-server-error");
	T_EQ_INT(dnsbl_answer(msg, 5, q, &a), MX_E_DNS_FORMAT,
	    "a short message is an error, no read past it");
}

static void
test_zones(void)
{
	struct dnsbl_zones	 z;
	char			 spec[600];
	int			 i;

	T_EQ_INT(dnsbl_zones_parse(&z, NULL), 0, "default zones parse");
	T_OK(z.n == 2 && strcmp(z.zone[0], "zen.spamhaus.org") == 0 &&
	    strcmp(z.zone[1], "bl.spamcop.net") == 0, "defaults: zen, spamcop");
	T_EQ_INT(dnsbl_zones_parse(&z, "none"), 0, "none parses");
	T_EQ_INT(z.n, 0, "none: no zone");
	T_EQ_INT(dnsbl_zones_parse(&z, "BL.Insec.Test."), 0, "one zone");
	T_OK(z.n == 1 && strcmp(z.zone[0], "bl.insec.test") == 0,
	    "lower-cased, trailing dot dropped");
	T_EQ_INT(dnsbl_zones_parse(&z, "a.example,b_x.example,a.example"), 0,
	    "repeated zone");
	T_EQ_INT(z.n, 2, "repeated zone kept once");
	T_EQ_INT(dnsbl_zones_parse(&z, ""), -1, "empty spec refused");
	T_EQ_INT(dnsbl_zones_parse(&z, "a.example,"), -1, "empty element");
	T_EQ_INT(dnsbl_zones_parse(&z, ",a.example"), -1, "leading comma");
	T_EQ_INT(dnsbl_zones_parse(&z, "example"), -1, "one label refused");
	T_EQ_INT(dnsbl_zones_parse(&z, "a..example"), -1, "empty label");
	T_EQ_INT(dnsbl_zones_parse(&z, ".a.example"), -1, "leading dot");
	T_EQ_INT(dnsbl_zones_parse(&z, "a.example.."), -1, "two dots at end");
	T_EQ_INT(dnsbl_zones_parse(&z, "a b.example"), -1, "space refused");
	T_EQ_INT(dnsbl_zones_parse(&z, "a.exa\xc3\xa9mple"), -1,
	    "non-ASCII refused");
	T_EQ_INT(dnsbl_zones_parse(&z, "$(reboot).example"), -1,
	    "shell bytes refused");
	T_EQ_INT(z.n, 0, "a refused list leaves no zone");
	memset(spec, 'a', 64);
	strcpy(spec + 64, ".example");
	T_EQ_INT(dnsbl_zones_parse(&z, spec), -1, "64-byte label refused");
	strcpy(spec + 63, ".example");
	T_EQ_INT(dnsbl_zones_parse(&z, spec), 0, "63-byte label taken");
	spec[0] = '\0';
	for (i = 0; i < MX_DNSBL_ZONES_MAX; i++) {
		strcat(spec, i ? ",z0.example" : "z0.example");
		spec[strlen(spec) - 9] = (char)('a' + i);	/* zX.example */
	}
	T_EQ_INT(dnsbl_zones_parse(&z, spec), 0, "MX_DNSBL_ZONES_MAX zones");
	T_EQ_INT(z.n, MX_DNSBL_ZONES_MAX, "... all kept");
	strcat(spec, ",zz.example");
	T_EQ_INT(dnsbl_zones_parse(&z, spec), -1, "one more: usage error");
}

int
main(void)
{
	test_names();
	test_codes();
	test_answers();
	test_zones();
	return T_DONE();
}
