/*
 * test_b64.c -- the base64 decoder and its symbol table.
 */
#include <stdio.h>
#include <string.h>

#include "mxprobe/b64.h"
#include "t.h"

int
main(void)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char out[8];
	size_t n;
	int i, good = 1;

	for (i = 0; i < 64; i++)
		good &= b64_tab[(unsigned char)alpha[i]] == i;
	T_OK(good, "table: the alphabet");
	T_OK(b64_tab[' '] == B64_BLANK && b64_tab['\t'] == B64_BLANK &&
	    b64_tab['\r'] == B64_BLANK && b64_tab['\v'] == B64_BLANK &&
	    b64_tab['\f'] == B64_BLANK, "table: blanks");
	T_EQ_INT(b64_tab['\n'], B64_NL, "table: newline");
	T_EQ_INT(b64_tab['='], B64_PAD, "table: pad");
	T_OK(b64_tab['-'] == B64_BAD && b64_tab['_'] == B64_BAD &&
	    b64_tab[0] == B64_BAD && b64_tab[0x80 + 'A'] == B64_BAD,
	    "table: the rest");

	T_OK(b64_decode("TWFu", 4, out, sizeof out, &n) == 0 && n == 3 &&
	    memcmp(out, "Man", 3) == 0, "Man");
	T_OK(b64_decode("TWE=", 4, out, sizeof out, &n) == 0 && n == 2 &&
	    memcmp(out, "Ma", 2) == 0, "one pad");
	T_OK(b64_decode("TQ==", 4, out, sizeof out, &n) == 0 && n == 1 &&
	    out[0] == 'M', "two pads");
	T_OK(b64_decode(" TW\r\n Fu\t", 9, out, sizeof out, &n) == 0 &&
	    n == 3, "folding whitespace");
	T_EQ_INT(b64_decode("TW\vFu", 5, out, sizeof out, &n), -1,
	    "\\v is not folding whitespace");
	T_EQ_INT(b64_decode("TWF", 3, out, sizeof out, &n), -1, "short");
	T_EQ_INT(b64_decode("T===", 4, out, sizeof out, &n), -1, "three pads");
	T_EQ_INT(b64_decode("TQ==TQ==", 8, out, sizeof out, &n), -1,
	    "data after pad");
	T_EQ_INT(b64_decode("TWFuTWFu", 8, out, 5, &n), -2, "over cap");
	T_OK(b64_decode("TWFuTWFu", 8, out, 6, &n) == 0 && n == 6,
	    "exact cap");
	T_OK(b64_decode("", 0, out, 0, &n) == 0 && n == 0, "empty");
	return T_DONE();
}
