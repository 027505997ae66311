/*
 * report_audit.c -- a judged audit to keys, or to the plugin line (see
 * report.h).
 *
 * IMPLEMENTATION NOTES
 * Key order of a domain: domain, resolver, the environment, mx_dnssec,
 * null_mx, implicit_mx, mx_count, then per MX (prefix mxN_) its target,
 * its addresses (prefix mxN_aM_: a line of facts each), the chosen
 * address's probe and scan keys, each check's MX keys, findings and
 * status; then each check's domain keys, port25_blocked, the score,
 * -j's policies, findings and status.  -c NAME prints its one MX
 * unprefixed, with the resolver and the environment.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/report.h"
#include "mxprobe/rep.h"
#include "mxprobe/human.h"

/* The check printers, in the order of the audit's check table. */
static const struct rep_check *const printers[AUDIT_CHECKS] = {
	&rep_sts, &rep_dane, &rep_spf, &rep_auth, &rep_dnsbl,
};

/* head + n + "_" into buf ("mx1_", "mx1_a2_"). */
static void
prefix_text(char *buf, const char *head, unsigned n)
{
	size_t l = strlen(head);

	memcpy(buf, head, l);
	/* n <= MX_MX_MAX or MX_ADDRS_PER_MX: two digits at most */
	if (n >= 10)
		buf[l++] = (char)('0' + n / 10 % 10);
	buf[l++] = (char)('0' + n % 10);
	buf[l++] = '_';
	buf[l] = 0;
}

/* Sets the output prefix to head + n + "_". */
static void
set_prefix(struct out *w, char *buf, const char *head, unsigned n)
{
	prefix_text(buf, head, n);
	out_prefix(w, buf);
}

/* Starts a new part of text: "; " when it is not empty; 0 if full. */
static int
part(char *text, size_t cap, size_t *l)
{
	if (*l == 0)
		return 1;
	if (*l + 3 >= cap)
		return 0;
	memcpy(text + *l, "; ", 3);
	*l += 2;
	return 1;
}

static void
report_resolver(struct out *w, const struct audit *a)
{
	const struct dns_server *s;

	if (a->answered_by < 0 || (unsigned)a->answered_by >= a->cfg.dns->nsrv)
		return;
	s = &a->cfg.dns->srv[a->answered_by];
	out_kvs(w, "resolver", s->text);
	out_kvb(w, "resolver_loopback", s->loopback);
}

/* One address's line of facts, under the prefix mxN_aM_. */
static void
report_addr(struct out *w, const struct audit *a, const struct audit_mx *m,
    unsigned j)
{
	/* a shared address: its PTR facts live with the first entry */
	const struct audit_addr *ad = m->addr[j].shared ?
	    &a->mx[m->addr[j].orig_mx].addr[m->addr[j].orig_addr] :
	    &m->addr[j];
	const struct probe *p = &a->probes[ad->probe];
	enum mx_err e = probe_error(p);

	out_kvs(w, "addr", ad->text);
	out_kvs(w, "status", report_status_str(m->addr[j].status));
	if (e != MX_OK)
		out_kvs(w, "error", mx_err_str(e));
	out_kvs(w, "tls", judge_tls(p));
	if (p->tls.done)
		out_kvs(w, "tls_version", tls_version_str(p->tls.version));
	if (ad->ptr_found)
		out_kvs(w, "ptr", ad->ptr);
	else if (ad->ptr_err != MX_OK)
		out_kvs(w, "ptr_error", mx_err_str(ad->ptr_err));
	if (ad->fcrdns >= 0)
		out_kvb(w, "fcrdns", ad->fcrdns);
	if (ad->ptr_found && p->smtp.banner_host[0])
		out_kvb(w, "banner_is_ptr", dnsmsg_name_eq(
		    p->smtp.banner_host, ad->ptr));
	if (p->smtp.banner_host[0])
		out_kvb(w, "banner_is_mx", dnsmsg_name_eq(
		    p->smtp.banner_host, m->name));
	if (ad->ptr_found && p->smtp.ehlo_host[0])
		out_kvb(w, "ehlo_is_ptr", dnsmsg_name_eq(
		    p->smtp.ehlo_host, ad->ptr));
	if (p->smtp.ehlo_host[0])
		out_kvb(w, "ehlo_is_mx", dnsmsg_name_eq(
		    p->smtp.ehlo_host, m->name));
	report_scan_summary(w, audit_scan_of(a, ad->probe));
}

/* The keys of MX i (or of -c's host) under prefix pfx ("mx1_" or ""). */
static void
report_mx(struct out *w, struct audit *a, unsigned i, const char *pfx)
{
	const struct audit_mx *m = &a->mx[i];
	struct report_opts o = *a->ro;
	char ap[MX_KEY_MAX], head[MX_KEY_MAX];
	unsigned j, k;

	o.host = m->name;
	out_prefix(w, pfx);
	report_target(w, m->name, a->cfg.port,
	    m->naddr ? m->addr[m->chosen].text : NULL, a->cfg.implicit_tls);
	if (a->cfg.host_mode) {
		report_resolver(w, a);
		report_env(w, a->ro, &a->cas);
	} else
		out_kvi(w, "pref", m->pref);
	if (m->cname)
		out_kvb(w, "cname", 1);
	if (m->ip_literal)
		out_kvb(w, "ip_literal", 1);
	out_kvi(w, "addr_count", m->naddr);
	if (m->addr_truncated)
		out_kvb(w, "addr_truncated", 1);
	for (j = 0; j < m->naddr; j++) {
		memcpy(head, pfx, strlen(pfx));
		strcpy(head + strlen(pfx), "a");
		set_prefix(w, ap, head, j + 1);
		report_addr(w, a, m, j);
	}
	out_prefix(w, pfx);
	if (m->naddr > 0) {
		int pi = m->addr[m->chosen].probe;
		const struct ca_verdict *v;

		(void)audit_probe_of(a, i, m->chosen, &v);
		report_probe(w, &o, &a->probes[pi], &a->cas, v, a->cf);
		report_scan(w, audit_scan_of(a, pi));
	} else
		out_kvs(w, "error", mx_err_str(m->addr_err));
	if (!a->cfg.host_mode)
		for (k = 0; k < AUDIT_CHECKS; k++)
			if (printers[k]->mx != NULL) {
				printers[k]->mx(w, a, i, pfx);
				out_prefix(w, pfx);
			}
	report_verdict(w, &m->vd);
}

/* see report.h */
void
report_score(struct out *w, const struct score *sc, enum report_status pre)
{
	char unk[128];
	size_t n = 0, l;
	unsigned i;
	int s = score_mean(sc, FL__COUNT), v;

	if (s < 0) {
		out_kvs(w, "score", "unknown");
		out_kvs(w, "grade", "unknown");
	} else {
		out_kvi(w, "score", s);
		out_kvs(w, "grade", score_grade_capped(s, pre));
	}
	for (i = 0; i < FL__COUNT; i++) {
		if ((v = score_mean(sc, i)) < 0)
			out_kvs(w, score_layer_key[i], "unknown");
		else
			out_kvi(w, score_layer_key[i], v);
	}
	for (i = 0; i < SC__COUNT; i++) {
		char key[32] = "score_item_";

		if (score_get(sc, (enum score_item)i) < 0)
			continue;
		/* names are < 16 bytes: fits */
		strcpy(key + 11, score_items[i].name);
		out_kvi(w, key, score_get(sc, (enum score_item)i));
	}
	for (i = 0; i < SC__COUNT; i++) {
		if (score_get(sc, (enum score_item)i) >= 0)
			continue;
		l = strlen(score_items[i].name);
		/* every name together is < 128 bytes: cannot overflow */
		if (n + l + 2 > sizeof unk)
			break;
		if (n)
			unk[n++] = ',';
		memcpy(unk + n, score_items[i].name, l);
		n += l;
	}
	if (n)
		out_kv(w, "score_unknown", unk, n);
}

/*
 * The plugin line: "mxN codes" for every MX that is not ok (its status
 * when it has no finding), then the domain's findings, and the days left
 * of every MX's certificate as perfdata.
 */
static void
report_nagios(struct out *w, const struct audit *a)
{
	struct out_nagios n;
	char text[MX_NAGIOS_TEXT_MAX];
	size_t l = 0, k;
	unsigned i;
	int s = score_mean(&a->score, FL__COUNT), domain;
	enum report_status st;

	memset(&n, 0, sizeof n);
	text[0] = 0;
	domain = !a->cfg.host_mode;
	n.name = a->cfg.name;
	n.status = report_status_str(a->status);
	n.score = -1;
	n.warn_days = a->ro->warn_days;
	n.crit_days = a->ro->crit_days;
	n.warn_score = a->cfg.score.warn;
	n.crit_score = a->cfg.score.crit;
	/* a domain that got as far as its MX list has a score */
	if (domain && a->mx_err == MX_OK && !a->nxdomain) {
		n.score = s;
		n.grade = s < 0 ? "unknown" : score_grade_capped(s,
		    a->pre_score);
	}
	for (i = 0; domain && i < a->nmx; i++) {
		const struct audit_mx *m = &a->mx[i];

		st = verdict_status(&m->vd);
		/* "mx2 cert-expired,no-tls13", or its status alone */
		if (st != ST_OK && part(text, sizeof text, &l)) {
			prefix_text(text + l, "mx", i + 1);
			k = strlen(text + l);
			text[l + k - 1] = ' ';
			l += k;
			if (m->vd.n > 0)
				l += verdict_text(&m->vd, text + l,
				    sizeof text - l);
			else {
				k = strlen(report_status_str(st));
				if (l + k < sizeof text) {
					memcpy(text + l, report_status_str(st),
					    k + 1);
					l += k;
				}
			}
		}
		if (m->days_left_set && n.ndays < MX_MX_MAX) {
			prefix_text(n.days[n.ndays].label, "mx", i + 1);
			n.days[n.ndays++].days = m->days_left;
		}
	}
	if (!domain && a->mx[0].days_left_set) {
		n.days[0].days = a->mx[0].days_left;
		n.ndays = 1;
	}
	if (a->vd.n > 0 && part(text, sizeof text, &l))
		l += verdict_text(&a->vd, text + l, sizeof text - l);
	n.findings = text;
	n.flen = l;
	out_nagios(w, &n);
}

/* Every key of a domain (not -c NAME). */
static void
report_domain(struct out *w, struct audit *a)
{
	char pfx[MX_KEY_MAX];
	unsigned i, k;

	out_kvs(w, "domain", a->cfg.name);
	report_resolver(w, a);
	report_env(w, a->ro, &a->cas);
	if (a->mx_err != MX_OK) {
		out_kvs(w, "error", mx_err_str(a->mx_err));
		report_verdict(w, &a->vd);
		return;
	}
	out_kvb(w, "mx_dnssec", a->mx_ad);
	if (a->nxdomain) {
		out_kvi(w, "mx_count", 0);
		out_kvs(w, "error", mx_err_str(MX_E_DNS_NXDOMAIN));
		report_verdict(w, &a->vd);
		return;
	}
	out_kvb(w, "null_mx", a->null_mx);
	out_kvb(w, "implicit_mx", a->implicit_mx);
	out_kvi(w, "mx_count", a->nmx);
	if (a->mx_truncated)
		out_kvb(w, "mx_truncated", 1);
	for (i = 0; i < a->nmx; i++) {
		set_prefix(w, pfx, "mx", i + 1);
		report_mx(w, a, i, pfx);
	}
	out_prefix(w, "");
	for (k = 0; k < AUDIT_CHECKS; k++)
		if (printers[k]->domain != NULL) {
			printers[k]->domain(w, a);
			out_prefix(w, "");
		}
	if (a->port25_blocked)
		out_kvs(w, "port25_blocked", "likely");
	report_score(w, &a->score, a->pre_score);
	report_policies(w, &a->rpt);
	report_verdict(w, &a->vd);
}


/* see report.h */
void
report_audit(struct out *w, struct audit *a)
{
	if (w->mode == OUT_NAGIOS) {
		report_nagios(w, a);
		return;
	}
	if (a->cfg.host_mode)
		report_mx(w, a, 0, "");
	else
		report_domain(w, a);
	human_findings_detail(w, a, NULL);
}
