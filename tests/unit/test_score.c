/*
 * test_score.c -- the score (score.h) and the --nagios line (out.h):
 * weights, unknown items, grades and their cap, threshold findings, and
 * the plugin line built from the pairs as they are written.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mxprobe/out.h"
#include "mxprobe/score.h"
#include "t.h"

static char got[8192];

/* Runs the writes of fn into a pipe; got holds the document. */
static void
capture(void (*fn)(void *), void *arg, enum out_mode mode)
{
	int p[2];
	ssize_t n;
	size_t len = 0;

	if (pipe(p) < 0) {
		got[0] = 0;
		return;
	}
	out_begin(mode, p[1]);
	fn(arg);
	(void)out_end();
	close(p[1]);
	while ((n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
}

struct rep {
	struct score_opts	 so;
	struct report_verdict	 vd;
	int			 ret;
};

static void
do_report(void *arg)
{
	struct rep *r = arg;

	r->ret = score_report(&r->so, &r->vd);
}

static int
has_line(const char *line)
{
	const char *p = got;
	size_t l = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == got || p[-1] == '\n') && p[l] == '\n')
			return 1;
		p++;
	}
	return 0;
}

static void
test_unknown(void)
{
	struct rep r;

	memset(&r, 0, sizeof r);
	score_reset();
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.ret, -1, "no item known: -1");
	T_OK(has_line("score=unknown"), "score=unknown, not 0");
	T_OK(has_line("grade=unknown"), "grade=unknown");
	T_OK(has_line("score_auth=unknown"), "layer unknown");
	T_OK(strstr(got, "score_unknown='starttls,cert,") != NULL,
	    "every item listed as unknown");
	T_EQ_INT(score_get(SC_SPF), -1, "unset item reads -1");
}

static void
test_weights(void)
{
	struct rep r;
	int i, sum = 0;

	/* all 100: 100; all 0: 0 -- and the weights are exactly 100 */
	score_reset();
	for (i = 0; i < SC__COUNT; i++)
		score_set((enum score_item)i, 100);
	memset(&r, 0, sizeof r);
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.ret, 100, "every item 100: score 100");
	T_OK(has_line("grade=A"), "grade A");
	T_OK(strstr(got, "score_unknown") == NULL, "nothing unknown");
	/* one item at 0 at a time: the drop is its weight (sum 100) */
	for (i = 0; i < SC__COUNT; i++) {
		int j;

		score_reset();
		for (j = 0; j < SC__COUNT; j++)
			score_set((enum score_item)j, j == i ? 0 : 100);
		memset(&r, 0, sizeof r);
		capture(do_report, &r, OUT_KV);
		sum += 100 - r.ret;
	}
	T_EQ_INT(sum, 100, "the weights add up to 100");
	/* clamping */
	score_reset();
	score_set(SC_SPF, 250);
	T_EQ_INT(score_get(SC_SPF), 100, "clamped to 100");
	score_set(SC_SPF, -5);
	T_EQ_INT(score_get(SC_SPF), 0, "clamped to 0");
	score_unset(SC_SPF);
	T_EQ_INT(score_get(SC_SPF), -1, "unset: unknown again");
}

static void
test_known_only(void)
{
	struct rep r;

	/* SPF 100 (w 10), DMARC 0 (w 12): 10*100/22 = 45.45 -> 45 */
	score_reset();
	score_set(SC_SPF, 100);
	score_set(SC_DMARC, 0);
	memset(&r, 0, sizeof r);
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.ret, 45, "mean over the known items only");
	T_OK(has_line("score_auth=45"), "auth layer 45");
	T_OK(has_line("score_transport=unknown"), "transport unknown");
	T_OK(has_line("grade=D"), "45: grade D");
	T_OK(has_line("score_item_spf=100") && has_line("score_item_dmarc=0"),
	    "the measured items' points");
	T_OK(strstr(got, "score_item_dkim") == NULL, "no key for unknown items");
}

static void
test_grades(void)
{
	T_EQ_STR(score_grade(90), "A", "90 A");
	T_EQ_STR(score_grade(89), "B", "89 B");
	T_EQ_STR(score_grade(75), "B", "75 B");
	T_EQ_STR(score_grade(74), "C", "74 C");
	T_EQ_STR(score_grade(60), "C", "60 C");
	T_EQ_STR(score_grade(59), "D", "59 D");
	T_EQ_STR(score_grade(40), "D", "40 D");
	T_EQ_STR(score_grade(39), "F", "39 F");
	T_EQ_STR(score_grade(0), "F", "0 F");
}

static void
test_cap_and_thresholds(void)
{
	struct rep r;
	int i;

	score_reset();
	for (i = 0; i < SC__COUNT; i++)
		score_set((enum score_item)i, 100);
	memset(&r, 0, sizeof r);
	r.vd.worst = ST_CRITICAL;
	capture(do_report, &r, OUT_KV);
	T_OK(has_line("score=100"), "score itself not capped");
	T_OK(has_line("grade=D"), "a critical finding caps the grade at D");

	score_reset();
	score_set(SC_SPF, 50);
	memset(&r, 0, sizeof r);
	r.so.warn = 60;
	r.so.crit = 40;
	capture(do_report, &r, OUT_KV);
	T_OK(strstr(r.vd.findings, "score-below-warning") != NULL,
	    "50 < warn 60: warning finding");
	T_EQ_INT(r.vd.worst, ST_WARNING, "... of severity warning");
	memset(&r, 0, sizeof r);
	r.so.warn = 60;
	r.so.crit = 51;
	capture(do_report, &r, OUT_KV);
	T_OK(strstr(r.vd.findings, "score-below-critical") != NULL &&
	    strstr(r.vd.findings, "score-below-warning") == NULL,
	    "50 < crit 51: only the critical finding");
	T_EQ_INT(r.vd.worst, ST_CRITICAL, "... of severity critical");
	memset(&r, 0, sizeof r);
	r.so.warn = 50;
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.vd.flen, 0, "50 is not below 50: no finding");
}

static void
do_nagios(void *arg)
{
	(void)arg;
	out_kvs("domain", "example.org");
	out_prefix("mx1_");
	out_kvs("host", "mx1.example.org");
	out_prefix("mx1_a1_");
	out_kvi("cert_days_left", 999);		/* an address: not perfdata */
	out_prefix("mx1_");
	out_kvi("cert_days_left", 55);
	out_kvs("findings", "no-tls13");
	out_kvs("status", "ok");
	out_prefix("mx2_");
	out_kvi("cert_days_left", -3);
	out_kvs("findings", "cert-expired,x|y");
	out_kvs("status", "critical");
	out_prefix("");
	out_kvi("score", 74);
	out_kvs("grade", "D");
	out_kvs("findings", "spf-weak");
	out_kvs("status", "critical");
}

static void
do_nagios_c(void *arg)
{
	(void)arg;
	out_kvs("host", "mx.example.org");
	out_kvi("cert_days_left", 12);
	out_kvs("findings", "cert-expires-soon\nFAKE|x=1");
	out_kvs("status", "warning");
}

static void
test_nagios(void)
{
	out_nagios_limits(30, 7, 70, 50);
	capture(do_nagios, NULL, OUT_NAGIOS);
	T_EQ_STR(got, "MXPROBE CRITICAL - example.org score 74 grade D: "
	    "mx2 cert-expired,x?y; spf-weak | score=74;70:;50:;0;100 "
	    "mx1_days_left=55;30:;7: mx2_days_left=-3;30:;7:\n",
	    "domain: status, score, troubled MX, perfdata");
	out_nagios_limits(30, 7, 0, 0);
	capture(do_nagios_c, NULL, OUT_NAGIOS);
	T_EQ_STR(got, "MXPROBE WARNING - mx.example.org: "
	    "cert-expires-soon?FAKE?x=1 | days_left=12;30:;7:\n",
	    "-c: no score; a newline and '|' never reach the line");
	capture(do_nagios_c, NULL, OUT_KV);
	T_OK(has_line("cert_days_left=12"), "the same calls in kv mode");
}

int
main(void)
{
	test_unknown();
	test_weights();
	test_known_only();
	test_grades();
	test_cap_and_thresholds();
	test_nagios();
	return T_DONE();
}
