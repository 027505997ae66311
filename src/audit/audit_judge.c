/*
 * audit_judge.c -- the judgement of an audit once its loop ended (see
 * audit.h): every fact judged once, into verdicts the report layer
 * prints.
 *
 * IMPLEMENTATION NOTES
 * Order (the order findings= prints them in):
 *   every kept chain against the bundle, one streaming pass each;
 *   per MX: every address's probe and scan against the MX's name, the
 *   address a sender would use (the first that reached the SMTP
 *   dialogue), mx-address-failed (another address critical: a sender
 *   falls back, so a warning), mx-cname, addr-truncated, the chosen
 *   address's findings, or the reason there is none, then each check's
 *   judge_mx;
 *   the domain: its MX answer's findings, every MX's status, each check's
 *   judge, the transport score items (unless port 25 is blocked here),
 *   the score thresholds, and the policies entry of an opportunistic
 *   sender when no policy governs any MX.
 * A null MX domain takes no mail (RFC 7505) and as a rule sends none:
 * transport policies, DKIM and BIMI do not apply to it (unset items);
 * what protects it is SPF -all and DMARC reject.
 */
#include <string.h>
#include "audit_int.h"

/* Trust of every probe's chain, one streaming pass of the bundle each. */
static void
verify_all(struct audit *a, const char *ca_file)
{
	unsigned i;
	int se;

	for (i = 0; i < a->nprobes; i++) {
		const struct tls_chain *ch = &a->probes[i].tls.chain;

		if (!a->probes[i].tls_started || ch->kept == 0)
			continue;
		if (ca_load(&a->cas, ca_file, ch, &se) < 0)
			continue;
		ca_verify(&a->cas, ch, &a->verdicts[i]);
		a->verdict_ok[i] = 1;
	}
	if (a->nprobes == 0 || a->cas.count == 0)
		(void)ca_load(&a->cas, ca_file, NULL, &se);
}

static const struct ca_verdict *
verdict_of(const struct audit *a, int pi)
{
	return a->verdict_ok[pi] ? &a->verdicts[pi] : NULL;
}

/* One MX: its addresses, the one a sender uses, its checks. */
static void
judge_mx(struct audit *a, unsigned i)
{
	struct audit_mx *m = &a->mx[i];
	struct report_opts o = *a->ro;
	struct verdict *vd = &m->vd;
	unsigned j;
	int failed = 0, pi;
	enum report_status s;
	struct verdict both;

	verdict_reset(vd);
	o.host = m->name;
	m->chosen = 0;
	m->found = 0;
	m->days_left_set = 0;
	m->addr_first = m->addr_n = 0;
	for (j = 0; j < m->naddr && !m->found; j++)
		if (audit_probe_worked(a, m->addr[j].probe)) {
			m->chosen = j;
			m->found = 1;
		}
	for (j = 0; j < m->naddr; j++) {
		struct audit_addr *e = &m->addr[j];

		pi = e->probe;		/* a shared entry names the first's */
		verdict_reset(&e->probe_vd);
		verdict_reset(&e->scan_vd);
		judge_probe(&o, &a->probes[pi], &a->cas, verdict_of(a, pi),
		    a->cf, &e->probe_vd);
		judge_scan(audit_scan_of(a, pi), &e->scan_vd);
		both = e->probe_vd;
		verdict_append(&both, &e->scan_vd);
		e->status = verdict_status(&both);
		s = verdict_status(&e->probe_vd);
		/* the scan's findings count for the address, not here */
		if (m->found && j != m->chosen && s == ST_CRITICAL)
			failed = 1;
		if (s == ST_UNKNOWN)
			vd->limit = 1;
	}
	if (failed)
		verdict_add(vd, F_MX_ADDRESS_FAILED);
	if (m->cname)
		verdict_add(vd, F_MX_CNAME);
	if (m->addr_truncated)
		verdict_add(vd, F_ADDR_TRUNCATED);
	if (m->naddr > 0) {
		const struct audit_addr *e = &m->addr[m->chosen];

		m->addr_first = vd->n;
		verdict_append(vd, &e->probe_vd);
		verdict_append(vd, &e->scan_vd);
		m->addr_n = (unsigned short)(vd->n - m->addr_first);
		if (judge_chain_facts(&a->probes[e->probe], a->cf) > 0) {
			m->days_left = judge_days_left(a->cf[0].not_after,
			    o.now);
			m->days_left_set = 1;
		}
	} else {
		m->addr_err = m->ip_literal ? MX_E_MX_IP_LITERAL :
		    m->nxdomain ? MX_E_DNS_NXDOMAIN :
		    m->dns_err != MX_OK ? m->dns_err : MX_E_NO_ADDRESS;
		/* DNS that did not answer: we cannot tell; else undeliverable */
		verdict_add_err(vd, m->addr_err, m->dns_err != MX_OK &&
		    !m->nxdomain && !m->ip_literal ? ST_UNKNOWN : ST_CRITICAL);
	}
	if (!a->cfg.host_mode)
		EACH_CHECK(a, judge_mx, a, i, vd);
}

/*
 * -j "policies" when neither DANE nor MTA-STS governs any MX: RFC 8460's
 * "no-policy-found" entry, one session per probed address (an
 * opportunistic sender's view: only a missing or failed TLS is a
 * failure).
 */
static void
no_policy_found(struct audit *a)
{
	unsigned i, j;
	int h;

	if (a->nmx == 0 || (h = rpt_policy(&a->rpt, "no-policy-found",
	    a->cfg.name)) < 0)
		return;
	for (i = 0; i < a->nmx; i++) {
		rpt_mx_host(&a->rpt, h, a->mx[i].name);
		for (j = 0; j < a->mx[i].naddr; j++) {
			const struct probe *p = audit_probe_of(a, i, j, NULL);

			if (!audit_probe_worked(a, a->mx[i].addr[j].probe))
				continue;	/* no session: nothing to say */
			rpt_session(&a->rpt, h, a->mx[i].name,
			    a->mx[i].addr[j].text, p->tls.done ? NULL :
			    !p->tls_started ? "starttls-not-supported" :
			    "validation-failure", p->tls.done ? NULL :
			    mx_err_str(probe_error(p)));
		}
	}
}

/* The domain's own findings, every MX, the checks and the score. */
static void
judge_domain(struct audit *a)
{
	struct verdict *vd = &a->vd;
	unsigned i;

	if (a->mx_err != MX_OK) {
		verdict_add_err(vd, a->mx_err, ST_UNKNOWN);
		return;
	}
	if (a->nxdomain) {
		verdict_add(vd, F_DOMAIN_NXDOMAIN);
		return;
	}
	if (a->mx_truncated)
		verdict_add(vd, F_MX_TRUNCATED);
	if (a->null_mx_mixed)
		verdict_add(vd, F_NULL_MX_MIXED);
	else if (a->null_mx)
		verdict_add(vd, F_NULL_MX);
	if (a->implicit_mx)
		verdict_add(vd, F_IMPLICIT_MX);
	for (i = 0; i < a->nmx; i++) {
		judge_mx(a, i);
		verdict_merge(vd, verdict_status(&a->mx[i].vd));
	}
	EACH_CHECK(a, judge, a, vd);
	if (a->null_mx && !a->null_mx_mixed) {
		score_unset(&a->score, SC_DANE);
		score_unset(&a->score, SC_MTA_STS);
		score_unset(&a->score, SC_TLSRPT);
		score_unset(&a->score, SC_DKIM);
		score_unset(&a->score, SC_BIMI);
	}
	if (a->port25_ran && (a->inject[0].connected ||
	    a->inject[1].connected)) {
		/* 25 timed out everywhere, another port answers: it is us */
		a->port25_blocked = 1;
		verdict_add(vd, F_PORT25_BLOCKED);
	} else
		audit_score_transport(a);
	/* the grade is capped by what the domain was before the score */
	a->pre_score = (enum report_status)vd->worst;
	(void)score_judge(&a->score, &a->cfg.score, vd);
	if (rpt_count(&a->rpt) == 0)
		no_policy_found(a);
}

/* see audit.h */
enum report_status
audit_judge(struct audit *a, const struct report_opts *o)
{
	a->ro = o;
	a->port25_blocked = 0;
	a->pre_score = ST_OK;
	verdict_reset(&a->vd);
	verify_all(a, o->ca_file);
	if (a->cfg.host_mode) {
		/* -c NAME: the single host's verdict is its MX's */
		judge_mx(a, 0);
		a->vd = a->mx[0].vd;
	} else
		judge_domain(a);
	a->status = verdict_status(&a->vd);
	return a->status;
}
