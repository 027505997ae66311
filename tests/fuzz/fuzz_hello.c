/*
 * fuzz_hello.c -- the answer parser of hello.c on arbitrary bytes, and the
 * builder on specs drawn from them.
 *
 * Input: byte 0 picks the version the hello offered (0x0300 + b % 5),
 * byte 1 the size of the pieces the stream is fed in (0: all at once);
 * the rest is what the server sent (the seeds are real answers captured
 * from openssl s_server and Postfix, see tests/fuzz/corpus/hello).
 * The stream is parsed three times -- in those pieces with a Certificate
 * arena, one byte at a time without one, and whole -- and the target
 * traps if the results differ (beyond the arena's own facts) or break an
 * invariant: a ServerHello never above the offered version, an answer
 * never past MX_HELLO_TOTAL_MAX, a kept Certificate whose walk stays in
 * the arena.  The same bytes then make a ClientHello, whose lengths must
 * add up and whose size must avoid 256-511 (RFC 7685 padding).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static: three parsers and an arena are too much for a fuzzer's stack */
static struct hello_parse pa, pb, pc;
static unsigned char arena[32768], rec[MX_HELLO_REC_MAX];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static int
feed(struct hello_parse *p, const uint8_t *d, size_t n, size_t step)
{
	size_t i, k;
	int rc = 0;

	if (step == 0)
		return hello_feed(p, d, n);
	for (i = 0; i < n && rc == 0; i += k) {
		k = n - i < step ? n - i : step;
		rc = hello_feed(p, d + i, k);
	}
	return rc;
}

static void
same(const struct hello_res *a, const struct hello_res *b)
{
	check(a->sh == b->sh && a->hrr == b->hrr && a->version == b->version &&
	    a->legacy_version == b->legacy_version && a->suite == b->suite &&
	    a->group == b->group && a->ems == b->ems &&
	    a->dh_bits == b->dh_bits && a->ske == b->ske && a->shd == b->shd &&
	    a->cert_len == b->cert_len && a->alert_level == b->alert_level &&
	    a->alert == b->alert);
}

static void
build(const uint8_t *d, size_t n)
{
	uint16_t suites[MX_HELLO_SUITES_MAX];
	unsigned char rnd[64];
	char sni[MX_NAME_MAX + 1];
	struct hello_spec s;
	size_t i, len, sl;

	memset(&s, 0, sizeof s);
	memset(rnd, 0xa5, sizeof rnd);
	s.max = (uint16_t)(HELLO_SSL30 + (n > 0 ? d[0] % 5 : 3));
	s.nsuites = n > 1 ? 1 + d[1] % MX_HELLO_SUITES_MAX : 1;
	for (i = 0; i < s.nsuites; i++)
		suites[i] = (uint16_t)(0xc000 + i);
	sl = n > 2 ? d[2] % (MX_NAME_MAX + 1) : 0;
	memset(sni, 'a', sl);
	sni[sl] = 0;
	s.suites = suites;
	s.sni = sni;
	s.flags = n > 3 ? d[3] & (HELLO_F_NOEXT | HELLO_F_EMS) : 0;
	s.rnd = rnd;
	len = hello_build(&s, rec, sizeof rec);
	check(len >= 9 && len <= sizeof rec);
	check(rec[0] == 22 && (size_t)(rec[3] << 8 | rec[4]) == len - 5);
	check(rec[5] == 1 && (size_t)(rec[6] << 16 | rec[7] << 8 | rec[8]) ==
	    len - 9);
	check((s.flags & HELLO_F_NOEXT) || len - 5 < 256 || len - 5 >= 512);
	check(hello_build(&s, rec, sizeof rec - 1) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hello_certs c;
	uint16_t max;
	size_t step, i;
	int ra, rb, rc;

	build(data, size);
	if (size < 2)
		return 0;
	max = (uint16_t)(HELLO_SSL30 + data[0] % 5);
	step = data[1];
	data += 2;
	size -= 2;
	hello_parse_init(&pa, max, arena, sizeof arena);
	hello_parse_init(&pb, max, NULL, 0);
	hello_parse_init(&pc, max, NULL, 0);
	ra = feed(&pa, data, size, step);
	rb = feed(&pb, data, size, 1);
	rc = feed(&pc, data, size, 0);
	check(ra == rb && rb == rc);
	check(pa.err == pb.err && pb.err == pc.err);
	check((ra == -1) == (pa.err != MX_OK) && (ra == 1) == (pa.done != 0));
	check(pa.total <= MX_HELLO_TOTAL_MAX);
	same(&pa.r, &pb.r);
	same(&pb.r, &pc.r);
	check(!pb.r.cert_kept);
	if (pa.r.sh)
		check(pa.r.version <= max && pa.r.version >= HELLO_SSL30);
	if (pa.r.hrr)
		check(pa.r.version == HELLO_TLS13 && pa.done);
	/* sticky: more bytes change nothing */
	if (ra != 0) {
		check(hello_feed(&pa, data, size) == ra);
		same(&pa.r, &pb.r);
	}
	if (pa.r.cert_kept && hello_cert_list(arena, pa.r.cert_len, &c) == 0)
		for (i = 0; i < c.n && i < MX_CHAIN_MAX; i++)
			check(c.off[i] >= 6 && c.len[i] > 0 &&
			    c.off[i] + c.len[i] <= pa.r.cert_len);
	return 0;
}
