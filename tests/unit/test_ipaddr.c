/*
 * test_ipaddr.c -- ipaddr_ntop against the host libc's inet_ntop (glibc:
 * RFC 5952 text), on chosen addresses and on many random ones biased to
 * zero groups, where the "::" rules live.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include "t.h"
#include "mxprobe/ipaddr.h"

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

int
main(void)
{
	static const char *const v6[] = { "::", "::1", "1::", "2001:db8::1",
	    "2001:db8:0:0:1:0:0:1", "2001:0:0:1:0:0:0:1", "::ffff:1.2.3.4",
	    "::1.2.3.4", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "1:0:3:4:5:6:7:8",
	    "0:0:1::", "::ffff:0:1.2.3.4", "64:ff9b::1.2.3.4", "::fffe:1.2.3.4",
	    "1:2:3:4:5:6::", "::2:3:4:5:6:7:8" };
	unsigned char ip[16];
	char buf[IPADDR_TEXT_MAX];
	unsigned i, j, bad = 0;

	for (i = 0; i < sizeof v6 / sizeof v6[0]; i++) {
		inet_pton(AF_INET6, v6[i], ip);
		T_OK(same(AF_INET6, ip), v6[i]);
	}
	memcpy(ip, "\x00\x00\x00\x00", 4);
	T_OK(same(AF_INET, ip), "0.0.0.0");
	memcpy(ip, "\xff\xfe\x0a\x7f", 4);
	T_OK(same(AF_INET, ip), "255.254.10.127");
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
	T_EQ_INT(ipaddr_ntop(AF_INET6, ip, buf, 8), 0, "short buffer: 0");
	T_EQ_STR(buf, "", "short buffer: empty string");
	T_EQ_INT(ipaddr_ntop(AF_UNIX, ip, buf, sizeof buf), 0, "other family");
	return T_DONE();
}
