/*
 * t.h -- the unit-test runner: "ok N - name" / "not ok N - name" lines
 * (TAP), exit status 1 if anything failed.  Include once per test program.
 */
#ifndef T_H
#define T_H
#include <stdio.h>
#include <string.h>

static int t_n, t_fail;

static int
t_ok(int cond, const char *name, const char *file, int line)
{
	t_n++;
	if (!cond)
		t_fail++;
	printf("%sok %d - %s", cond ? "" : "not ", t_n, name);
	if (!cond)
		printf("  # %s:%d", file, line);
	printf("\n");
	return cond;
}

#define T_OK(c, name)		t_ok(!!(c), (name), __FILE__, __LINE__)
#define T_EQ_INT(a, b, name)	(t_ok((long long)(a) == (long long)(b), (name), __FILE__, __LINE__) ? 1 : \
	(printf("#   got %lld, want %lld\n", (long long)(a), (long long)(b)), 0))
#define T_EQ_STR(a, b, name)	(t_ok(strcmp((a), (b)) == 0, (name), __FILE__, __LINE__) ? 1 : \
	(printf("#   got \"%s\", want \"%s\"\n", (a), (b)), 0))
#define T_EQ_MEM(a, b, n, name)	T_OK(memcmp((a), (b), (n)) == 0, (name))
#define T_DONE()		(printf("1..%d\n", t_n), t_fail ? 1 : 0)
#endif
