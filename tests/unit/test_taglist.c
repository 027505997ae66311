/*
 * test_taglist.c -- the tag-list reader: grammar, whitespace and folding,
 * empty specs, errors and where they are, hostile bytes, the comparisons.
 *
 * Most cases go through one helper that renders the tags read as
 * "name=[value]|name=[value]|" plus "ERR@offset" or "END", so a case is
 * one line: input, expected rendering.
 */
#include <string.h>

#include "mxprobe/taglist.h"
#include "t.h"

static char	 out[1024];

/* Renders every tag of p[0..len) into out (see above). */
static const char *
render(const char *p, size_t len)
{
	struct taglist	 tl;
	struct tag	 t;
	size_t		 n = 0;
	int		 rc;

	out[0] = '\0';
	taglist_init(&tl, p, len);
	while ((rc = taglist_next(&tl, &t)) == 1) {
		if (n + t.name_len + t.value_len + 8 >= sizeof(out))
			return "OVERFLOW";
		memcpy(out + n, t.name, t.name_len);
		n += t.name_len;
		out[n++] = '=';
		out[n++] = '[';
		memcpy(out + n, t.value, t.value_len);
		n += t.value_len;
		out[n++] = ']';
		out[n++] = '|';
	}
	if (rc == 0) {
		memcpy(out + n, "END", 4);
		/* stays at the end */
		if (taglist_next(&tl, &t) != 0 || tl.err)
			return "END-NOT-STICKY";
	} else {
		char	 num[24];
		size_t	 k = 0, v = tl.err_off;

		do
			num[k++] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		memcpy(out + n, "ERR@", 4);
		n += 4;
		while (k > 0)
			out[n++] = num[--k];
		out[n] = '\0';
		if (!tl.err || taglist_next(&tl, &t) != -1)
			return "ERR-NOT-STICKY";
	}
	return out;
}

#define R(s)		render((s), sizeof(s) - 1)
#define CASE(s, want, name)	T_EQ_STR(R(s), (want), (name))

static void
test_plain(void)
{
	CASE("v=DMARC1; p=reject", "v=[DMARC1]|p=[reject]|END",
	    "two tags");
	CASE("v=DMARC1;p=reject;", "v=[DMARC1]|p=[reject]|END",
	    "no spaces, trailing ';'");
	CASE("v=STSv1; id=20240101T000000;",
	    "v=[STSv1]|id=[20240101T000000]|END", "MTA-STS record");
	CASE("a=1", "a=[1]|END", "one tag, no ';'");
	CASE("a=", "a=[]|END", "empty value");
	CASE("a=;b=", "a=[]|b=[]|END", "two empty values");
	CASE("A_b9=x", "A_b9=[x]|END", "name with digit and underscore");
	CASE("rua=mailto:a@example.com,mailto:b@example.org",
	    "rua=[mailto:a@example.com,mailto:b@example.org]|END",
	    "value with ',' ':' '@'");
}

static void
test_empty(void)
{
	CASE("", "END", "empty text");
	CASE(";", "END", "only ';'");
	CASE(";;;", "END", "only ';;;'");
	CASE("   \t ", "END", "only whitespace");
	CASE(" ; ; ", "END", "blank specs");
	CASE("a=1;;b=2", "a=[1]|b=[2]|END", "';;' skipped");
	CASE("a=1; ;b=2", "a=[1]|b=[2]|END", "'; ;' skipped");
	CASE(";a=1", "a=[1]|END", "leading ';'");
	CASE("a=1;  ", "a=[1]|END", "trailing ';' and blanks");
	CASE("a=1;;", "a=[1]|END", "trailing ';;'");
	T_EQ_STR(render(NULL, 0), "END", "NULL text");
	T_EQ_STR(render("a=1", 0), "END", "zero length");
	T_EQ_STR(render("a=1;b=2", 3), "a=[1]|END", "length bounds the text");
}

static void
test_whitespace(void)
{
	CASE("  a  =  1  ;  b\t=\t2\t", "a=[1]|b=[2]|END",
	    "spaces and tabs around names, '=' and values");
	CASE("a=hello world ; b=x", "a=[hello world]|b=[x]|END",
	    "inner space kept, trailing cut");
	CASE("a=x\t \t", "a=[x]|END", "trailing tabs cut");
	CASE("a=\t x", "a=[x]|END", "leading whitespace of value cut");
	CASE("a=   ", "a=[]|END", "value of blanks only");
}

static void
test_folding(void)
{
	CASE("a=1;\r\n b=2", "a=[1]|b=[2]|END", "fold between specs");
	CASE("a\r\n\t=\r\n 1", "a=[1]|END", "folds around '='");
	CASE("p=MIGf\r\n MA0G\r\n\tCSqG", "p=[MIGf\r\n MA0G\r\n\tCSqG]|END",
	    "fold inside a value kept (DKIM p= base64)");
	CASE("a=x\r\n ;b=y", "a=[x]|b=[y]|END", "trailing fold cut");
	CASE("a=x\r\n \r\n\t", "a=[x]|END", "two trailing folds cut");
	CASE("a=x\r\n", "a=[x\r\n]|END",
	    "CR LF without WSP after is no fold: kept in the value");
	CASE("\r\n a=1", "a=[1]|END", "leading fold");
	CASE("a=1;\r\nb=2", "a=[1]|ERR@4", "CR LF not folded before a name");
	CASE("a=1;\nb=2", "a=[1]|ERR@4", "bare LF before a name");
	CASE("a=1;\r b=2", "a=[1]|ERR@4", "bare CR before a name");
	CASE("a=1;\r\n", "a=[1]|ERR@4", "CR LF at the end of the list");
	CASE("a\r\n=1", "ERR@1", "unfolded CR LF before '='");
}

static void
test_errors(void)
{
	CASE("abc", "ERR@3", "no '='");
	CASE("abc;d=1", "ERR@3", "no '=' before ';'");
	CASE("a=1; junk", "a=[1]|ERR@9", "no '=' in second spec");
	CASE("=1", "ERR@0", "no name");
	CASE("a=1; =2", "a=[1]|ERR@5", "no name in second spec");
	CASE("1a=x", "ERR@0", "name starting with a digit");
	CASE("_a=x", "ERR@0", "name starting with '_'");
	CASE("a-b=x", "ERR@1", "'-' in a name");
	CASE("a b=x", "ERR@2", "space inside a name");
	CASE("a.b=x", "ERR@1", "'.' in a name");
	CASE("v=DMARC1; p=reject; bad tag=1", "v=[DMARC1]|p=[reject]|ERR@24",
	    "error offset in the text");
	CASE("a=1;b", "a=[1]|ERR@5", "name at the end, no '='");
	CASE("a ", "ERR@2", "name and blanks, no '='");
}

static void
test_values(void)
{
	CASE("p=MIIBIjAN==", "p=[MIIBIjAN==]|END", "'=' inside a value");
	CASE("a==", "a=[=]|END", "value '='");
	CASE("a= =b= ;c=d", "a=[=b=]|c=[d]|END", "several '=' in a value");
	CASE("n=a;b", "n=[a]|ERR@5", "';' always ends a value");
}

static void
test_hostile(void)
{
	static const char	 nul_val[] = "a=x\0y;b=2";
	static const char	 nul_name[] = "a\0=1";
	static const char	 high[] = "a=\xff\xfe\x01\x7f;b=\x80";
	static const char	 high_name[] = "\xc3\xa9=1";
	char			 big[4096];
	struct taglist		 tl;
	struct tag		 t;
	size_t			 i;
	int			 n, rc;

	T_EQ_STR(render(nul_val, sizeof(nul_val) - 1), "a=[x", "NUL in value");
	T_EQ_INT(memcmp(out, "a=[x\0y]|b=[2]|END", 17), 0,
	    "NUL kept inside the value, next tag read");
	T_EQ_STR(render(nul_name, sizeof(nul_name) - 1), "ERR@1",
	    "NUL in a name");
	T_EQ_STR(R(high), "a=[\xff\xfe\x01\x7f]|b=[\x80]|END",
	    "high and control bytes kept in values");
	T_EQ_STR(R(high_name), "ERR@0", "UTF-8 name refused");

	/* 1000 tags, then a long value, then a long blank run */
	for (i = 0; i + 4 <= 4000; i += 4)
		memcpy(big + i, "a=1;", 4);
	taglist_init(&tl, big, 4000);
	for (n = 0; (rc = taglist_next(&tl, &t)) == 1; n++)
		;
	T_EQ_INT(n, 1000, "1000 tags read");
	T_EQ_INT(rc, 0, "then the end");
	memset(big, 'x', sizeof(big));
	big[0] = 'k';
	big[1] = '=';
	taglist_init(&tl, big, sizeof(big));
	T_EQ_INT(taglist_next(&tl, &t), 1, "long value read");
	T_EQ_INT(t.value_len, sizeof(big) - 2, "whole value");
	memset(big, ' ', sizeof(big));
	taglist_init(&tl, big, sizeof(big));
	T_EQ_INT(taglist_next(&tl, &t), 0, "long blank run: end");
	memset(big, ';', sizeof(big));
	taglist_init(&tl, big, sizeof(big));
	T_EQ_INT(taglist_next(&tl, &t), 0, "4096 ';': end");
	/* folds without end: "\r\n \r\n \r\n ..." then a name */
	for (i = 0; i + 3 <= sizeof(big) - 3; i += 3)
		memcpy(big + i, "\r\n ", 3);
	memcpy(big + i, "a=1", 3);
	taglist_init(&tl, big, i + 3);
	T_EQ_INT(taglist_next(&tl, &t), 1, "1364 folds, then a tag");
	T_EQ_INT(t.value_len == 1 && t.value[0] == '1', 1, "its value");
}

static void
test_compare(void)
{
	struct taglist	 tl;
	struct tag	 t;

	taglist_init(&tl, "V=stsV1; P=Reject", 17);
	T_EQ_INT(taglist_next(&tl, &t), 1, "first tag");
	T_OK(tag_is(&t, "v"), "tag_is ignores case");
	T_OK(tag_is(&t, "V"), "tag_is same case");
	T_OK(!tag_is(&t, "vv"), "tag_is: longer name differs");
	T_OK(!tag_is(&t, ""), "tag_is: empty name differs");
	T_OK(tag_value_is(&t, "STSv1"), "tag_value_is ignores case");
	T_OK(!tag_value_is(&t, "STSv"), "tag_value_is: prefix differs");
	T_OK(!tag_value_is(&t, "STSv12"), "tag_value_is: longer differs");
	T_EQ_INT(taglist_next(&tl, &t), 1, "second tag");
	T_OK(tag_is(&t, "p") && tag_value_is(&t, "reject"), "p=reject");
	T_OK(!tag_is(&t, "v"), "p is not v");
	taglist_init(&tl, "a=", 2);
	T_EQ_INT(taglist_next(&tl, &t), 1, "empty value tag");
	T_OK(tag_value_is(&t, ""), "empty value equals \"\"");
	T_OK(!tag_value_is(&t, "x"), "empty value differs from \"x\"");
	T_EQ_INT(t.value == tl.p + 2, 1, "values point into the text");
}

static void
repeats(void)
{
	static const char *const known[] = { "v", "p", "sp" };
	static const char rec[] = "v=1; P=a; x=1; x=2; sp=b; p=c";
	struct taglist tl;
	struct tag t;
	unsigned seen = 0, rep = 0, n = 0;

	taglist_init(&tl, rec, sizeof rec - 1);
	while (taglist_next(&tl, &t) == 1) {
		n++;
		rep += (unsigned)tag_repeat(&t, known, 3, &seen) << (n - 1);
	}
	T_EQ_INT(n, 6, "repeat: six tags");
	T_EQ_INT(rep, 1u << 5, "repeat: only the second p (any case)");
	T_EQ_INT(seen, 7, "repeat: every known tag marked");
}

int
main(void)
{
	test_plain();
	test_empty();
	test_whitespace();
	test_folding();
	test_errors();
	test_values();
	test_hostile();
	test_compare();
	/* taglist_is_version: how DMARC and BIMI recognise their records */
	T_OK(taglist_is_version("v=DMARC1; p=none", 16, "DMARC1"), "version: plain");
	T_OK(taglist_is_version(" \tV = BIMI1;", 12, "BIMI1"), "version: WSP, V");
	T_OK(!taglist_is_version("v=dmarc1", 8, "DMARC1"), "version: case of the value counts");
	T_OK(!taglist_is_version("v=DMARC", 7, "DMARC1"), "version: short");
	T_OK(!taglist_is_version("p=reject; v=DMARC1", 18, "DMARC1"), "version: not first");
	T_OK(!taglist_is_version("v DMARC1", 8, "DMARC1"), "version: no =");
	T_OK(!taglist_is_version("", 0, "DMARC1"), "version: empty");
	repeats();
	return T_DONE();
}
