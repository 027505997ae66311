/*
 * test_ipaddr.c -- ipaddr_ntop against RFC 5952 text: a table of chosen
 * addresses with their expected text, and, where the C library is glibc
 * (whose inet_ntop writes RFC 5952 text; musl's does not: it writes
 * ::102:304 for ::1.2.3.4 and shortens the last of two equal zero runs),
 * many random addresses biased to zero groups, where the "::" rules live.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include "t.h"
#include "mxprobe/ipaddr.h"

#ifdef __GLIBC__
static int
same(int fam, const unsigned char *ip)
{
	char want[INET6_ADDRSTRLEN], got[IPADDR_TEXT_MAX];

	inet_ntop(fam, ip, want, sizeof want);
	ipaddr_ntop(fam, ip, got, sizeof got);
	if (strcmp(want, got) != 0) {
		printf("# got %s, want %s\n", got, want);
		return 0;
	}
	return 1;
}
#endif

static void
reverse_names(void)
{
	static const unsigned char v4[4] = { 192, 0, 2, 10 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0x01 };
	char out[IPADDR_REVERSE_MAX];
	size_t n;

	n = ipaddr_reverse_name(AF_INET, v4, out);
	T_EQ_STR(out, "10.2.0.192.in-addr.arpa", "reverse: IPv4");
	T_EQ_INT(n, strlen(out), "reverse: IPv4 length");
	n = ipaddr_reverse_name(AF_INET6, v6, out);
	T_EQ_STR(out, "1.0.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
	    ".8.b.d.0.1.0.0.2.ip6.arpa", "reverse: IPv6");
	T_EQ_INT(n, IPADDR_REVERSE_MAX - 1, "reverse: IPv6 is the longest");
	T_EQ_INT(ipaddr_reverse(AF_INET, v4, out), 11, "labels: IPv4");
	T_OK(memcmp(out, "10.2.0.192.", 11) == 0, "labels: IPv4 text");
	T_EQ_INT(ipaddr_reverse(AF_UNIX, v4, out), 0, "labels: other family");
	T_EQ_INT(ipaddr_reverse_name(AF_UNIX, v4, out), 0,
	    "reverse: other family");
	T_EQ_STR(out, "", "reverse: other family empty");
}

int
main(void)
{
	/* input, RFC 5952 text (the same strings when already canonical) */
	static const char *const v6[][2] = {
	    { "::", "::" }, { "::1", "::1" }, { "1::", "1::" },
	    { "2001:db8::1", "2001:db8::1" },
	    { "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
	    { "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
	    { "::ffff:1.2.3.4", "::ffff:1.2.3.4" }, { "::1.2.3.4", "::1.2.3.4" },
	    { "fe80::1:2:3:4", "fe80::1:2:3:4" },
	    { "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
	    { "1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8" }, { "0:0:1::", "0:0:1::" },
	    { "::ffff:0:1.2.3.4", "::ffff:0:102:304" },
	    { "64:ff9b::1.2.3.4", "64:ff9b::102:304" },
	    { "::fffe:1.2.3.4", "::fffe:102:304" },
	    { "1:2:3:4:5:6::", "1:2:3:4:5:6::" },
	    { "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },	/* 5952 4.2.2 */
	    { "2001:DB8:0:0:0:0:0:AB", "2001:db8::ab" },
	    { "1:0:0:2:0:0:3:4", "1::2:0:0:3:4" },
	};
	unsigned char ip[16];
	char buf[IPADDR_TEXT_MAX];
	unsigned i, j, bad = 0;

	for (i = 0; i < sizeof v6 / sizeof v6[0]; i++) {
		inet_pton(AF_INET6, v6[i][0], ip);
		ipaddr_ntop(AF_INET6, ip, buf, sizeof buf);
		T_EQ_STR(buf, v6[i][1], v6[i][0]);
	}
	memcpy(ip, "\x00\x00\x00\x00", 4);
	ipaddr_ntop(AF_INET, ip, buf, sizeof buf);
	T_EQ_STR(buf, "0.0.0.0", "0.0.0.0");
	memcpy(ip, "\xff\xfe\x0a\x7f", 4);
	ipaddr_ntop(AF_INET, ip, buf, sizeof buf);
	T_EQ_STR(buf, "255.254.10.127", "255.254.10.127");
#ifdef __GLIBC__
	srand(5952);
	for (i = 0; i < 200000; i++) {
		for (j = 0; j < 8; j++) {
			unsigned v = rand() % 3 ? 0 : (unsigned)rand() & 0xffff;
			ip[2 * j] = (unsigned char)(v >> 8);
			ip[2 * j + 1] = (unsigned char)v;
		}
		if (!same(AF_INET6, ip) && ++bad > 5)
			break;
		for (j = 0; j < 4; j++)
			ip[j] = (unsigned char)rand();
		if (!same(AF_INET, ip) && ++bad > 5)
			break;
	}
	T_EQ_INT(bad, 0, "200000 random addresses of each family equal glibc's");
#endif
	T_EQ_INT(ipaddr_ntop(AF_INET6, ip, buf, 8), 0, "short buffer: 0");
	T_EQ_STR(buf, "", "short buffer: empty string");
	T_EQ_INT(ipaddr_ntop(AF_UNIX, ip, buf, sizeof buf), 0, "other family");
	reverse_names();
	return T_DONE();
}
