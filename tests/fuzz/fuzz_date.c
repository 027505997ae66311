/*
 * fuzz_date.c -- date_parse (the --now argument) on arbitrary bytes.
 *
 * Whatever parses must print back through date_iso as a valid timestamp
 * that parses to the same instant (a round trip), and BearSSL's day count
 * of it must not wrap.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[64], iso[32];
	int64_t t, t2;
	uint32_t days, secs;

	if (size >= sizeof in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	if (date_parse(in, &t) < 0)
		return 0;
	if (date_iso(t, iso, sizeof iso) != 20 || date_parse(iso, &t2) < 0 ||
	    t2 != t)
		__builtin_trap();
	date_to_bearssl(t, &days, &secs);
	if (secs >= 86400)
		__builtin_trap();
	return 0;
}
