/*
 * test_hex.c -- the lower-case hex writer.
 */
#include <stdio.h>
#include <string.h>

#include "mxprobe/hex.h"
#include "t.h"

int
main(void)
{
	static const unsigned char b[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[2 * sizeof b + 1];
	char *e;

	memset(out, 'x', sizeof out);
	e = hex_write(out, b, sizeof b);
	T_EQ_STR(out, "000fa5ff", "four bytes");
	T_OK(e == out + 8 && *e == '\0', "returns the NUL");
	e = hex_write(out, b, 0);
	T_OK(e == out && out[0] == '\0', "nothing: empty string");
	T_OK(memcmp(hex_digits, "0123456789abcdef", 16) == 0, "digits");
	return T_DONE();
}
