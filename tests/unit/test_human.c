/*
 * test_human.c -- the walk over a judged audit's findings: each finding
 * once, with the severity it was added at and its scope (domain, mxN,
 * mxN_aJ; host and aJ for -c NAME), the chosen address's entries that the
 * MX's verdict repeats skipped there; and -j's findings_detail of it.
 */
#include <stdlib.h>
#include <unistd.h>
#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/human.h"

static struct audit a;	/* ~3.5 MB: not on the stack */
static struct out w;

/* What a judgement leaves: mx1 with two addresses, the first chosen. */
static void
judged(int host_mode)
{
	struct audit_mx *m = &a.mx[0];

	memset(&a, 0, sizeof a);
	a.cfg.host_mode = host_mode;
	a.nmx = 1;
	m->naddr = 2;
	verdict_add(&a.vd, F_DKIM_ABSENT);
	verdict_add(&m->addr[0].probe_vd, F_CERT_EXPIRED);
	verdict_add(&m->addr[0].scan_vd, F_NO_TLS13);
	verdict_add_err(&m->addr[1].probe_vd, MX_E_NO_STARTTLS, ST_CRITICAL);
	/* as audit_judge builds the MX's: own, chosen's, the checks' */
	verdict_add(&m->vd, F_MX_ADDRESS_FAILED);
	m->addr_first = m->vd.n;
	verdict_append(&m->vd, &m->addr[0].probe_vd);
	verdict_append(&m->vd, &m->addr[0].scan_vd);
	m->addr_n = (unsigned short)(m->vd.n - m->addr_first);
	verdict_add_sev(&m->vd, F_DANE_VALIDATION_FAILURE, ST_WARNING);
	if (host_mode)
		a.vd = m->vd;
}

/* The walk as "code/sev/scope " items. */
static void
walk(char *buf, size_t cap)
{
	struct human_walk hw;
	struct human_item it;
	size_t l = 0;

	buf[0] = 0;
	human_walk_start(&hw, &a, NULL);
	while (human_walk_next(&hw, &it) && l < cap)
		l += (size_t)snprintf(buf + l, cap - l, "%s/%d/%s ",
		    it.entry >= VERDICT_ERR ?
		    mx_err_str((enum mx_err)(it.entry - VERDICT_ERR)) :
		    finding_code((enum finding)it.entry), (int)it.sev, it.scope);
}

static void
test_walk(void)
{
	char got[1024];
	struct human_walk hw;
	struct human_item it;
	struct verdict vd;
	int n = 0;

	judged(0);
	walk(got, sizeof got);
	T_EQ_STR(got, "dkim-absent/1/domain mx-address-failed/1/mx1 "
	    "dane-validation-failure/1/mx1 cert-expired/2/mx1_a1 "
	    "no-tls13/0/mx1_a1 no-starttls/2/mx1_a2 ",
	    "domain: every finding once, its severity and scope");
	judged(1);
	walk(got, sizeof got);
	T_EQ_STR(got, "mx-address-failed/1/host "
	    "dane-validation-failure/1/host cert-expired/2/a1 "
	    "no-tls13/0/a1 no-starttls/2/a2 ",
	    "-c NAME: host and aJ, the domain's copy not walked");
	verdict_reset(&vd);
	verdict_add(&vd, F_CERT_SELF_SIGNED);
	verdict_add(&vd, F_NO_EMS);
	human_walk_start(&hw, NULL, &vd);
	while (human_walk_next(&hw, &it))
		n += !strcmp(it.scope, "host");
	T_EQ_INT(n, 2, "-c ADDRESS: every finding the host's");
}

static void
test_detail(void)
{
	static char got[65536];
	int p[2];
	ssize_t n;
	size_t len = 0;

	judged(0);
	if (pipe(p) == -1)
		exit(2);
	out_begin(&w, OUT_JSON, p[1]);
	out_kvs(&w, "status", "critical");
	human_findings_detail(&w, &a, NULL);
	T_EQ_INT(out_end(&w), 0, "findings_detail: out_end returns 0");
	close(p[1]);
	while (len < sizeof got - 1 &&
	    (n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
	T_OK(strncmp(got, "{\"status\":\"critical\",\"findings_detail\":[{",
	    41) == 0, "findings_detail: an array after the other keys");
	T_OK(strstr(got, "{\"code\":\"cert-expired\",\"severity\":\"critical\","
	    "\"scope\":\"mx1_a1\",\"message\":\"") != NULL,
	    "findings_detail: an address's finding");
	T_OK(strstr(got, "{\"code\":\"dkim-absent\",\"severity\":\"warning\","
	    "\"scope\":\"domain\"") != NULL,
	    "findings_detail: a domain's finding");
	T_OK(strstr(got, "\"scope\":\"mx1_a2\"") != NULL,
	    "findings_detail: an address not chosen");
	T_OK(strstr(got, "\"fix\":{") != NULL && strcmp(got + len - 4,
	    "}]}\n") == 0, "findings_detail: fix objects, closed");
	judged(0);
	verdict_reset(&a.vd);
	a.mx[0].naddr = 0;
	verdict_reset(&a.mx[0].vd);
	a.mx[0].addr_first = a.mx[0].addr_n = 0;
	if (pipe(p) == -1)
		exit(2);
	out_begin(&w, OUT_JSON, p[1]);
	out_kvs(&w, "status", "ok");
	human_findings_detail(&w, &a, NULL);
	(void)out_end(&w);
	close(p[1]);
	len = 0;
	while (len < sizeof got - 1 &&
	    (n = read(p[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
	T_EQ_STR(got, "{\"status\":\"ok\"}\n", "no finding: no findings_detail");
}

int
main(void)
{
	test_walk();
	test_detail();
	return T_DONE();
}
