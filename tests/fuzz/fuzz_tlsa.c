/*
 * fuzz_tlsa.c -- tlsa_verify on arbitrary TLSA rdata and chain bytes.
 *
 * Input layout (every part may be cut short; what is missing is absent):
 *   byte 0        bits 0-3: records (0-15, more than MX_TLSA_MAX on
 *                 purpose); bit 4: judge at 2001-06-01 instead of
 *                 2030-01-01; bit 5: no chain at all (NULL); bit 6: the
 *                 chain says it was truncated
 *   per record    2-byte big-endian length L, then L bytes of rdata
 *                 (usage, selector, matching type, data); L < 3 is no
 *                 record (dnsmsg_rr_tlsa would refuse it)
 *   then          certificates: 2-byte length, DER; at most MX_CHAIN_MAX
 *                 and MX_CHAIN_ARENA bytes, as tls.c records them
 *
 * The target traps if the verdict breaks tlsa.h's contract: enums in
 * range, counts consistent, a match that points at a usable record that
 * says ok (DANE-EE only at depth 0), match text NUL-terminated, failure
 * words present exactly when a failure is reported, rollover only with
 * two usable records, and the same verdict when run twice (no state leaks
 * through the scratch).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/tlsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NREC_MAX	15

static struct tls_chain chain;
static struct tlsa_verdict v1, v2;
static struct dnsmsg_tlsa recs[NREC_MAX];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
check_verdict(const struct tlsa_verdict *v, unsigned n)
{
	unsigned i, usable = 0;
	const struct tlsa_rec_verdict *r;

	check(v->result <= TLSA_FAIL);
	check(v->fail < TLSA_F__COUNT);
	check(v->n == (n > MX_TLSA_MAX ? MX_TLSA_MAX : n));
	check(v->truncated == (n > MX_TLSA_MAX));
	for (i = 0; i < v->n; i++) {
		r = &v->rec[i];
		check(r->use == tlsa_usable(&recs[i]));
		check(r->fail < TLSA_F__COUNT);
		check(tlsa_use_str(r->use) != NULL);
		if (r->use == TLSA_USABLE)
			usable++;
		else
			check(!r->ok && r->depth == -1);
		check(r->depth >= -1 && r->depth < MX_CHAIN_MAX);
		if (r->ok) {
			check(r->fail == TLSA_F_NONE);
			check(recs[i].usage == TLSA_DANE_EE ||
			    recs[i].usage == TLSA_DANE_TA);
			if (recs[i].usage == TLSA_DANE_EE)
				check(r->depth == 0);
		}
	}
	check(usable == v->usable);
	check(v->match >= -1 && v->match < (int)v->n);
	check((v->result == TLSA_OK) == (v->match >= 0));
	check(memchr(v->match_text, '\0', TLSA_TEXT_MAX) != NULL);
	if (v->match >= 0) {
		check(v->rec[v->match].ok);
		check(v->rec[v->match].use == TLSA_USABLE);
		check(v->match_text[0] >= '2' && v->match_text[0] <= '3');
		check(v->fail == TLSA_F_NONE);
	} else
		check(v->match_text[0] == '\0');
	switch (v->result) {
	case TLSA_NONE:
		check(v->n == 0 && v->fail == TLSA_F_NONE);
		break;
	case TLSA_UNUSABLE:
		check(v->usable == 0 && v->fail == TLSA_F_INVALID);
		break;
	case TLSA_NO_CHAIN:
		check(v->usable > 0 && v->fail == TLSA_F_NONE);
		break;
	case TLSA_OK:
		break;
	case TLSA_FAIL:
		check(v->usable > 0 && v->fail != TLSA_F_NONE &&
		    v->fail != TLSA_F_INVALID);
		check(tlsa_fail_str(v->fail) != NULL);
		break;
	}
	if (v->rollover)
		check(v->usable >= 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "mx.example.test",
		"mail.example.test" };
	const uint8_t *p = data, *e = data + size;
	unsigned n = 0, want, i;
	size_t used = 0, len;
	int64_t now;
	uint8_t flags;

	if (size == 0)
		return 0;
	flags = *p++;
	want = flags & 0x0f;
	now = flags & 0x10 ? 991353600 : 1893456000;
	for (i = 0; i < want && e - p >= 2; i++) {
		len = get16(p);
		p += 2;
		if (len > (size_t)(e - p))
			len = (size_t)(e - p);
		if (len >= 3) {
			recs[n].usage = p[0];
			recs[n].selector = p[1];
			recs[n].mtype = p[2];
			recs[n].data = p + 3;
			recs[n].dlen = len - 3;
			n++;
		}
		p += len;
	}
	memset(&chain, 0, sizeof chain);
	while (e - p >= 2) {
		len = get16(p);
		p += 2;
		if (len > (size_t)(e - p))
			len = (size_t)(e - p);
		chain.n++;
		if (chain.kept < MX_CHAIN_MAX && len <= MX_CHAIN_ARENA - used &&
		    !chain.truncated) {
			memcpy(chain.arena + used, p, len);
			chain.off[chain.kept] = used;
			chain.len[chain.kept] = len;
			chain.kept++;
			used += len;
		} else
			chain.truncated = 1;
		p += len;
	}
	if (flags & 0x40)
		chain.truncated = 1;

	tlsa_verify(recs, n, flags & 0x20 ? NULL : &chain, names, 2, now,
	    &v1);
	check_verdict(&v1, n);
	tlsa_verify(recs, n, flags & 0x20 ? NULL : &chain, names, 2, now,
	    &v2);
	/* the verdict, not the scratch tlsa_verify works in after it */
	check(memcmp(&v1, &v2, offsetof(struct tlsa_verdict, scratch)) == 0);
	return 0;
}
