/*
 * test_finding.c -- verdicts: each entry keeps the severity it was added
 * with (the table's, the case's, an error's), appended entries keep
 * theirs, and the findings= text and status stay what they were.
 */
#include "t.h"
#include "mxprobe/finding.h"

static void
test_sev(void)
{
	struct verdict a, b;
	char buf[256];

	verdict_reset(&a);
	verdict_add(&a, F_CERT_EXPIRED);
	verdict_add(&a, F_NO_TLS13);
	verdict_add_sev(&a, F_DANE_VALIDATION_FAILURE, ST_WARNING);
	verdict_add_err(&a, MX_E_NO_STARTTLS, ST_CRITICAL);
	verdict_add_err(&a, MX_E_LIMIT, ST_UNKNOWN);
	T_EQ_INT(verdict_sev(&a, 0), ST_CRITICAL, "table severity: critical");
	T_EQ_INT(verdict_sev(&a, 1), ST_OK, "table severity: ok");
	T_EQ_INT(verdict_sev(&a, 2), ST_WARNING,
	    "FINDING_SEV_VARIES: the case's severity");
	T_EQ_INT(verdict_sev(&a, 3), ST_CRITICAL, "an error's severity");
	T_EQ_INT(verdict_sev(&a, 4), ST_UNKNOWN, "an unknown error");
	T_EQ_INT(verdict_sev(&a, 5), ST_UNKNOWN, "out of range: unknown");
	T_EQ_INT(verdict_status(&a), ST_CRITICAL, "status: worst");

	verdict_reset(&b);
	verdict_add(&b, F_MX_CNAME);
	verdict_append(&b, &a);
	T_EQ_INT(b.n, 6, "append: every entry");
	T_EQ_INT(verdict_sev(&b, 0), ST_WARNING, "append: own entry kept");
	T_EQ_INT(verdict_sev(&b, 3), ST_WARNING,
	    "append: a varying entry keeps its case's severity");
	T_EQ_INT(verdict_sev(&b, 1), ST_CRITICAL, "append: table severity kept");
	T_EQ_INT(verdict_status(&b), ST_CRITICAL, "append: worst folded");
	T_OK(b.limit, "append: the unknown entry's limit folded");
	verdict_text(&b, buf, sizeof buf);
	T_EQ_STR(buf, "mx-cname,cert-expired,no-tls13,dane-validation-failure,"
	    "no-starttls,limit", "findings= text unchanged");
}

static void
test_full(void)
{
	struct verdict a, b;
	unsigned i;

	verdict_reset(&a);
	for (i = 0; i < MX_FINDINGS_MAX; i++)
		verdict_add(&a, F_NO_TLS13);
	T_OK(!a.limit, "full list: not yet a limit");
	verdict_add(&a, F_CERT_EXPIRED);
	T_OK(a.limit && a.n == MX_FINDINGS_MAX, "one more: limit, not kept");
	T_EQ_INT(verdict_status(&a), ST_CRITICAL, "its severity still counts");
	verdict_reset(&b);
	verdict_add(&b, F_MX_CNAME);
	verdict_append(&b, &a);
	T_OK(b.n == MX_FINDINGS_MAX && b.limit, "append into a full list");
	T_EQ_INT(verdict_sev(&b, MX_FINDINGS_MAX - 1), ST_OK,
	    "the last kept entry's severity");
}

int
main(void)
{
	test_sev();
	test_full();
	return T_DONE();
}
