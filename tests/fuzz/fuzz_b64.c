/*
 * fuzz_b64.c -- the base64 decoder on arbitrary bytes.
 *
 * Whatever decodes must fit the rule of three bytes per four symbols,
 * and must decode the same into a buffer just large enough (and fail
 * with -2 into one byte less).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/b64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char out[3 * 1024], out2[3 * 1024];
	size_t n, n2;
	int rc;

	if (size > 4 * 1024)
		return 0;
	rc = b64_decode((const char *)data, size, out, sizeof out, &n);
	if (rc != 0)
		return 0;
	if (n > size / 4 * 3)
		__builtin_trap();
	if (b64_decode((const char *)data, size, out2, n, &n2) != 0 ||
	    n2 != n || memcmp(out, out2, n) != 0)
		__builtin_trap();
	if (n > 0 && b64_decode((const char *)data, size, out2, n - 1,
	    &n2) != -2)
		__builtin_trap();
	return 0;
}
