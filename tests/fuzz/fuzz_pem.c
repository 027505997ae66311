/*
 * fuzz_pem.c -- the streaming PEM reader on arbitrary bytes.
 *
 * The input is read as a bundle four times: whole, one byte at a time, in
 * chunks whose sizes come from the input itself, and in chunks of 4096
 * (ca_load's read size).  The target traps if the runs disagree on the
 * certificates (count, lengths, a hash of the bytes), on the skipped and
 * other counters, or if pem_feed breaks its contract (used within the
 * chunk and non-zero with a certificate, 0 < der_len <= MX_CERT_DER_MAX).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/pem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static: one reader is ~8.3 KB, too much for a fuzzer's stack frame */
static struct pem_rd rd;

struct sum {
	unsigned	 n, skipped, other;
	uint32_t	 h;		/* FNV-1a over lengths and DER bytes */
};

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
add(struct sum *s, const unsigned char *p, size_t len)
{
	size_t i;

	s->h = (s->h ^ (uint32_t)len) * 16777619u;
	for (i = 0; i < len; i++)
		s->h = (s->h ^ p[i]) * 16777619u;
	s->n++;
}

/* mode 0: whole; 1: bytewise; 2: sizes from the data; 3: 4096 */
static void
run(const uint8_t *data, size_t size, int mode, struct sum *s)
{
	size_t off = 0, k, sub, used;

	memset(s, 0, sizeof *s);
	s->h = 2166136261u;
	pem_init(&rd);
	while (off < size) {
		switch (mode) {
		case 0:
			k = size - off;
			break;
		case 1:
			k = 1;
			break;
		case 2:
			k = 1 + data[off] % 97;
			break;
		default:
			k = 4096;
			break;
		}
		if (k > size - off)
			k = size - off;
		sub = 0;
		while (sub < k) {
			if (!pem_feed(&rd, data + off + sub, k - sub, &used)) {
				check(used == k - sub);
				break;
			}
			check(used > 0 && used <= k - sub);
			check(rd.der_len > 0 && rd.der_len <= MX_CERT_DER_MAX);
			add(s, rd.der, rd.der_len);
			sub += used;
		}
		off += k;
	}
	s->skipped = rd.skipped;
	s->other = rd.other;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sum ref, s;
	int mode;

	run(data, size, 0, &ref);
	for (mode = 1; mode <= 3; mode++) {
		run(data, size, mode, &s);
		check(s.n == ref.n && s.h == ref.h &&
		    s.skipped == ref.skipped && s.other == ref.other);
	}
	return 0;
}
