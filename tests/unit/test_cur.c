/*
 * test_cur.c -- cur_decimal (cur.h): the one decimal reader of policy
 * text, at its edges (digits, length, maximum, 32-bit overflow).
 */
#include <stdint.h>
#include <string.h>

#include "mxprobe/cur.h"
#include "t.h"

/* cur_decimal over a C string */
static int
dec(const char *s, size_t maxd, uint64_t max, uint64_t *v)
{
	return cur_decimal(s, strlen(s), maxd, max, v);
}

int
main(void)
{
	uint64_t v = 7;

	T_EQ_INT(dec("0", 10, 100, &v), 0, "0 reads");
	T_EQ_INT(v, 0, "... as 0");
	T_EQ_INT(dec("100", 10, 100, &v), 0, "max itself reads");
	T_EQ_INT(v, 100, "... as 100");
	v = 7;
	T_EQ_INT(dec("101", 10, 100, &v), -1, "over max refused");
	T_EQ_INT(v, 7, "... *v untouched");
	T_EQ_INT(dec("", 10, 100, &v), -1, "empty refused");
	T_EQ_INT(dec("12a", 10, 100, &v), -1, "a letter refused");
	T_EQ_INT(dec(" 1", 10, 100, &v), -1, "space refused");
	T_EQ_INT(dec("-1", 10, 100, &v), -1, "sign refused");
	T_EQ_INT(dec("00042", 10, 100, &v), 0, "leading zeros read");
	T_EQ_INT(v, 42, "... as 42");
	T_EQ_INT(dec("12345678901", 10, UINT64_MAX, &v), -1,
	    "11 digits over maxd 10 refused");
	/* the bug this reader replaced: 2^32 wrapped in 32 bits */
	T_EQ_INT(dec("4294967296", 10, 4294967295u, &v), -1,
	    "2^32 over 2^32-1 refused (no 32-bit wrap)");
	T_EQ_INT(dec("4294967295", 10, 4294967295u, &v), 0, "2^32-1 reads");
	T_EQ_INT(v == 4294967295u, 1, "... exactly");
	T_EQ_INT(dec("9999999999", 10, UINT64_MAX, &v), 0, "ten nines read");
	T_EQ_INT(v == 9999999999ull, 1, "... exactly");
	T_EQ_INT(dec("1", 20, 100, &v), -1, "maxd over 19 refused");
	T_EQ_INT(cur_decimal("12", 1, 10, 100, &v), 0, "n bounds the text");
	T_EQ_INT(v, 1, "... only '1' read");
	return T_DONE();
}
