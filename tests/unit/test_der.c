/*
 * test_der.c -- the DER element reader: length forms, bounds, tags,
 * the strict (shortest form) variant and closing a child.
 */
#include <stdio.h>
#include <string.h>

#include "mxprobe/der.h"
#include "t.h"

static int
get(const unsigned char *p, size_t n, int strict, unsigned tag,
    size_t *vlen)
{
	struct rd r, v;
	int rc;

	rd_init(&r, p, n);
	rc = strict ? der_get_strict(&r, tag, &v) : der_get(&r, tag, &v);
	*vlen = v.len;
	return rc;
}

int
main(void)
{
	static const unsigned char shortf[] = { 0x30, 0x02, 0x05, 0x00 };
	static const unsigned char long1[] = { 0x04, 0x81, 0x01, 0xaa };
	static const unsigned char long2[] = { 0x04, 0x82, 0x00, 0x01, 0xaa };
	static const unsigned char indef[] = { 0x30, 0x80, 0x00, 0x00 };
	static const unsigned char five[] = { 0x04, 0x85, 0, 0, 0, 0, 1, 0xaa };
	static const unsigned char past[] = { 0x04, 0x03, 0xaa, 0xbb };
	static const unsigned char hightag[] = { 0x1f, 0x81, 0x01, 0x01, 0xaa };
	static const unsigned char hightag5[] = { 0x1f, 0x81, 0x81, 0x81, 0x81,
	    0x01, 0x00 };
	static const unsigned char nested[] = { 0x30, 0x03, 0x02, 0x01, 0x05,
	    0x02, 0x01, 0x07 };
	unsigned char big[3 + 200];
	struct rd r, v, c;
	const unsigned char *tlv;
	size_t n, tl;
	unsigned tag;

	T_EQ_INT(get(shortf, sizeof shortf, 0, DER_SEQ, &n), 0, "short form");
	T_EQ_INT(n, 2, "short form: length");
	T_EQ_INT(get(shortf, sizeof shortf, 0, DER_SET, &n), -1, "wrong tag");
	T_EQ_INT(get(long1, sizeof long1, 0, 0x04, &n), 0,
	    "long form under 0x80: lenient");
	T_EQ_INT(get(long1, sizeof long1, 1, 0x04, &n), -1,
	    "long form under 0x80: strict");
	T_EQ_INT(get(long2, sizeof long2, 0, 0x04, &n), 0,
	    "leading zero length byte: lenient");
	T_EQ_INT(get(long2, sizeof long2, 1, 0x04, &n), -1,
	    "leading zero length byte: strict");
	T_EQ_INT(get(indef, sizeof indef, 0, DER_SEQ, &n), -1, "indefinite");
	T_EQ_INT(get(five, sizeof five, 0, 0x04, &n), -1, "5 length bytes");
	T_EQ_INT(get(past, sizeof past, 0, 0x04, &n), -1, "past the end");
	T_EQ_INT(get(past, 1, 0, 0x04, &n), -1, "no length");
	T_EQ_INT(get(past, 0, 0, 0x04, &n), -1, "empty");
	memset(big, 0, sizeof big);
	big[0] = 0x04;
	big[1] = 0x81;
	big[2] = 200;
	T_EQ_INT(get(big, sizeof big, 1, 0x04, &n), 0, "0x81 200: strict");
	T_EQ_INT(n, 200, "0x81 200: length");

	rd_init(&r, hightag, sizeof hightag);
	T_EQ_INT(der_tlv(&r, &tag, &v, &tlv, &tl), 0, "high tag skipped");
	T_EQ_INT(tag, 0x1f, "high tag: first byte");
	T_OK(tlv == hightag && tl == sizeof hightag, "high tag: whole element");
	rd_init(&r, hightag5, sizeof hightag5);
	T_EQ_INT(der_tlv(&r, &tag, &v, NULL, NULL), -1, "high tag too long");
	T_EQ_INT(r.err, MX_E_SYNTAX, "high tag too long: syntax");
	T_OK(v.len == 0 && v.err == MX_E_SYNTAX, "failed child is empty");

	rd_init(&r, past, sizeof past);
	der_tlv(&r, &tag, &v, NULL, NULL);
	T_EQ_INT(r.err, MX_E_SHORT, "past the end: short");

	rd_init(&r, nested, sizeof nested);
	T_EQ_INT(der_peek(&r), DER_SEQ, "peek");
	T_EQ_INT(der_get(&r, DER_SEQ, &c), 0, "outer");
	T_EQ_INT(der_get(&c, DER_INT, &v), 0, "inner");
	T_EQ_INT(der_end(&r, &c), 0, "closed exactly");
	T_EQ_INT(der_peek(&r), DER_INT, "next");
	T_EQ_INT(der_get(&r, DER_INT, &v), 0, "last");
	T_EQ_INT(der_peek(&r), -1, "peek at end");
	rd_init(&r, nested, sizeof nested);
	der_get(&r, DER_SEQ, &c);
	T_EQ_INT(der_end(&r, &c), -1, "unread bytes refused");
	T_EQ_INT(r.err, MX_E_SYNTAX, "unread bytes: syntax");
	return T_DONE();
}
