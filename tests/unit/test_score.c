/*
 * test_score.c -- the score (score.h, its keys in report.h) and the
 * --nagios line (out.h): weights, unknown items, grades and their cap,
 * threshold findings, and the plugin line with its escaping.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mxprobe/out.h"
#include "mxprobe/score.h"
#include "mxprobe/report.h"
#include "t.h"

static char got[8192];
static struct out w;
static struct score sc;

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
	out_begin(&w, mode, p[1]);
	fn(arg);
	(void)out_end(&w);
	close(p[1]);
	while ((n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
}

struct rep {
	struct score_opts	 so;
	struct verdict		 vd;
	int			 ret;
	char			 findings[MX_FINDINGS_TEXT_MAX];
};

/* What the audit does with a score: its keys, then its findings. */
static void
do_report(void *arg)
{
	struct rep *r = arg;
	enum report_status pre = (enum report_status)r->vd.worst;

	report_score(&w, &sc, pre);
	r->ret = score_judge(&sc, &r->so, &r->vd);
	(void)verdict_text(&r->vd, r->findings, sizeof r->findings);
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
	score_reset(&sc);
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.ret, -1, "no item known: -1");
	T_OK(has_line("score=unknown"), "score=unknown, not 0");
	T_OK(has_line("grade=unknown"), "grade=unknown");
	T_OK(has_line("score_auth=unknown"), "layer unknown");
	T_OK(strstr(got, "score_unknown='starttls,cert,") != NULL,
	    "every item listed as unknown");
	T_EQ_INT(score_get(&sc, SC_SPF), -1, "unset item reads -1");
}

static void
test_weights(void)
{
	struct rep r;
	int i, sum = 0;

	/* all 100: 100; all 0: 0 -- and the weights are exactly 100 */
	score_reset(&sc);
	for (i = 0; i < SC__COUNT; i++)
		score_set(&sc, (enum score_item)i, 100);
	memset(&r, 0, sizeof r);
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.ret, 100, "every item 100: score 100");
	T_OK(has_line("grade=A"), "grade A");
	T_OK(strstr(got, "score_unknown") == NULL, "nothing unknown");
	/* one item at 0 at a time: the drop is its weight (sum 100) */
	for (i = 0; i < SC__COUNT; i++) {
		int j;

		score_reset(&sc);
		for (j = 0; j < SC__COUNT; j++)
			score_set(&sc, (enum score_item)j, j == i ? 0 : 100);
		memset(&r, 0, sizeof r);
		capture(do_report, &r, OUT_KV);
		sum += 100 - r.ret;
	}
	T_EQ_INT(sum, 100, "the weights add up to 100");
	/* clamping */
	score_reset(&sc);
	score_set(&sc, SC_SPF, 250);
	T_EQ_INT(score_get(&sc, SC_SPF), 100, "clamped to 100");
	score_set(&sc, SC_SPF, -5);
	T_EQ_INT(score_get(&sc, SC_SPF), 0, "clamped to 0");
	score_unset(&sc, SC_SPF);
	T_EQ_INT(score_get(&sc, SC_SPF), -1, "unset: unknown again");
}

static void
test_known_only(void)
{
	struct rep r;

	/* SPF 100 (w 10), DMARC 0 (w 12): 10*100/22 = 45.45 -> 45 */
	score_reset(&sc);
	score_set(&sc, SC_SPF, 100);
	score_set(&sc, SC_DMARC, 0);
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

	score_reset(&sc);
	for (i = 0; i < SC__COUNT; i++)
		score_set(&sc, (enum score_item)i, 100);
	memset(&r, 0, sizeof r);
	r.vd.worst = ST_CRITICAL;
	capture(do_report, &r, OUT_KV);
	T_OK(has_line("score=100"), "score itself not capped");
	T_OK(has_line("grade=D"), "a critical finding caps the grade at D");

	score_reset(&sc);
	score_set(&sc, SC_SPF, 50);
	memset(&r, 0, sizeof r);
	r.so.warn = 60;
	r.so.crit = 40;
	capture(do_report, &r, OUT_KV);
	T_OK(strstr(r.findings, "score-below-warning") != NULL,
	    "50 < warn 60: warning finding");
	T_EQ_INT(r.vd.worst, ST_WARNING, "... of severity warning");
	memset(&r, 0, sizeof r);
	r.so.warn = 60;
	r.so.crit = 51;
	capture(do_report, &r, OUT_KV);
	T_OK(strstr(r.findings, "score-below-critical") != NULL &&
	    strstr(r.findings, "score-below-warning") == NULL,
	    "50 < crit 51: only the critical finding");
	T_EQ_INT(r.vd.worst, ST_CRITICAL, "... of severity critical");
	memset(&r, 0, sizeof r);
	r.so.warn = 50;
	capture(do_report, &r, OUT_KV);
	T_EQ_INT(r.vd.n, 0, "50 is not below 50: no finding");
}

static void
do_nagios(void *arg)
{
	static struct out_nagios n;

	(void)arg;
	memset(&n, 0, sizeof n);
	n.name = "example.org";
	n.status = "critical";
	n.score = 74;
	n.grade = "D";
	n.findings = "mx2 cert-expired,x|y; spf-weak";
	n.flen = strlen(n.findings);
	n.warn_days = 30;
	n.crit_days = 7;
	n.warn_score = 70;
	n.crit_score = 50;
	strcpy(n.days[0].label, "mx1_");
	n.days[0].days = 55;
	strcpy(n.days[1].label, "mx2_");
	n.days[1].days = -3;
	n.ndays = 2;
	out_nagios(&w, &n);
}

static void
do_nagios_c(void *arg)
{
	static struct out_nagios n;

	(void)arg;
	memset(&n, 0, sizeof n);
	n.name = "mx.example.org";
	n.status = "warning";
	n.score = -1;
	n.findings = "cert-expires-soon\nFAKE|x=1";
	n.flen = strlen(n.findings);
	n.warn_days = 30;
	n.crit_days = 7;
	n.days[0].days = 12;
	n.ndays = 1;
	out_nagios(&w, &n);
}

static void
do_pairs(void *arg)
{
	(void)arg;
	out_kvi(&w, "cert_days_left", 12);
	out_kvs(&w, "status", "warning");
}

static void
test_nagios(void)
{
	capture(do_nagios, NULL, OUT_NAGIOS);
	T_EQ_STR(got, "MXPROBE CRITICAL - example.org score 74 grade D: "
	    "mx2 cert-expired,x?y; spf-weak | score=74;70:;50:;0;100 "
	    "mx1_days_left=55;30:;7: mx2_days_left=-3;30:;7:\n",
	    "domain: status, score, troubled MX, perfdata");
	capture(do_nagios_c, NULL, OUT_NAGIOS);
	T_EQ_STR(got, "MXPROBE WARNING - mx.example.org: "
	    "cert-expires-soon?FAKE?x=1 | days_left=12;30:;7:\n",
	    "-c: no score; a newline and '|' never reach the line");
	capture(do_pairs, NULL, OUT_NAGIOS);
	T_EQ_STR(got, "", "--nagios: pairs are not written");
	capture(do_pairs, NULL, OUT_KV);
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
