/*
 * test_rpt.c -- the TLS-RPT-shaped "policies" value (rpt.h): exact JSON
 * for a small audit, equal failures counted together, hostile text
 * escaped, nothing in key=value mode, and truncation that keeps the JSON
 * whole.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mxprobe/limits.h"
#include "mxprobe/out.h"
#include "mxprobe/rpt.h"
#include "mxprobe/report.h"
#include "t.h"

static struct out w;
static struct rpt r;

static char got[65536];

static void
emit(enum out_mode mode)
{
	int p[2];
	ssize_t n;
	size_t len = 0;

	got[0] = 0;
	if (pipe(p) < 0)
		return;
	out_begin(&w, mode, p[1]);
	report_policies(&w, &r);
	(void)out_end(&w);
	close(p[1]);
	while ((n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
}

/* Brackets and braces outside strings balance, and strings close. */
static int
balanced(const char *s)
{
	int depth = 0, in = 0;

	for (; *s; s++) {
		if (in) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in = 0;
			continue;
		}
		if (*s == '"')
			in = 1;
		else if (*s == '[' || *s == '{')
			depth++;
		else if (*s == ']' || *s == '}')
			if (--depth < 0)
				return 0;
	}
	return depth == 0 && !in;
}

static void
test_small(void)
{
	int d, s;

	rpt_reset(&r);
	d = rpt_policy(&r, "tlsa", "example.org");
	rpt_string(&r, d, "3 1 1 abcd");
	rpt_mx_host(&r, d, "mx1.example.org");
	rpt_session(&r, d, "mx1.example.org", "192.0.2.1", NULL, NULL);
	s = rpt_policy(&r, "sts", "example.org");
	rpt_string(&r, s, "version: STSv1");
	rpt_string(&r, s, "mode: enforce");
	rpt_mx_host(&r, s, "*.example.org");
	rpt_session(&r, s, "mx2.example.org", "192.0.2.2", "certificate-expired",
	    NULL);
	rpt_session(&r, s, "mx2.example.org", "192.0.2.2", "certificate-expired",
	    NULL);
	rpt_session(&r, s, "mx2.example.org", "192.0.2.3", "certificate-expired",
	    "a\"b\\c\n");
	emit(OUT_JSON);
	T_EQ_STR(got, "{\"policies\":[{\"policy\":{\"policy-type\":\"tlsa\","
	    "\"policy-string\":[\"3 1 1 abcd\"],\"policy-domain\":"
	    "\"example.org\",\"mx-host\":[\"mx1.example.org\"]},\"summary\":"
	    "{\"total-successful-session-count\":1,"
	    "\"total-failure-session-count\":0},\"failure-details\":[]},"
	    "{\"policy\":{\"policy-type\":\"sts\",\"policy-string\":"
	    "[\"version: STSv1\",\"mode: enforce\"],\"policy-domain\":"
	    "\"example.org\",\"mx-host\":[\"*.example.org\"]},\"summary\":"
	    "{\"total-successful-session-count\":0,"
	    "\"total-failure-session-count\":3},\"failure-details\":["
	    "{\"result-type\":\"certificate-expired\","
	    "\"receiving-mx-hostname\":\"mx2.example.org\",\"receiving-ip\":"
	    "\"192.0.2.2\",\"failed-session-count\":2},"
	    "{\"result-type\":\"certificate-expired\","
	    "\"receiving-mx-hostname\":\"mx2.example.org\",\"receiving-ip\":"
	    "\"192.0.2.3\",\"failed-session-count\":1,"
	    "\"additional-information\":\"a\\\"b\\\\c?\"}]}]}\n",
	    "two policies, equal failures counted once, text escaped");
	emit(OUT_KV);
	T_EQ_STR(got, "", "key=value mode: no policies key");
	rpt_reset(&r);
	emit(OUT_JSON);
	T_EQ_STR(got, "{}\n", "no entry: no key");
	T_EQ_INT(rpt_policy(&r, "sts", "x") >= 0, 1, "handles again after reset");
}

static void
test_truncation(void)
{
	char big[300];
	int i, h, n = 0;

	rpt_reset(&r);
	for (i = 0; i < MX_RPT_POLICIES + 3; i++)
		n += rpt_policy(&r, "tlsa", "example.org") >= 0;
	T_EQ_INT(n, MX_RPT_POLICIES, "entries stop at MX_RPT_POLICIES");
	emit(OUT_JSON);
	T_OK(strstr(got, "\"policies_truncated\":\"yes\"") != NULL,
	    "policies_truncated says so");
	T_OK(balanced(got), "the JSON stays whole");

	/* strings beyond the arena and items beyond MX_RPT_ITEMS */
	rpt_reset(&r);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	h = rpt_policy(&r, "sts", "example.org");
	for (i = 0; i < MX_RPT_ITEMS + 10; i++)
		rpt_string(&r, h, big);
	emit(OUT_JSON);
	T_OK(strstr(got, "\"policies_truncated\":\"yes\"") != NULL,
	    "arena full: truncated");
	T_OK(balanced(got), "... and the JSON stays whole");
	T_OK(strlen(got) < MX_RPT_JSON_MAX + 64, "bounded");
}

int
main(void)
{
	test_small();
	test_truncation();
	return T_DONE();
}
