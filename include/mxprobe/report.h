/*
 * report.h -- the result model to keys: key=value, JSON (out.h decides
 * which) and the monitoring-plugin line.
 *
 * The report layer prints and never decides: what is ok, a warning or
 * critical comes from the judgement (judge.h for one probe, audit_judge
 * for an audit).  Every function writes through the caller's struct out.
 */
#ifndef MXPROBE_REPORT_H
#define MXPROBE_REPORT_H

#include "mxprobe/out.h"
#include "mxprobe/judge.h"

struct audit;
struct rpt;
struct score;

/* host, port, addr (if not NULL), tls_mode. */
void report_target(struct out *w, const char *host, unsigned port,
    const char *addr, int implicit_tls);
/* clock, clock_source, ca_file, ca_count (cs may be NULL). */
void report_env(struct out *w, const struct report_opts *o,
    const struct ca_store *cs);
/*
 * The keys of one probe from greeting_code to error (no findings or
 * status).  o->host is the name the certificate must match; cf is the
 * caller's scratch (MX_CHAIN_MAX entries).
 */
void report_probe(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct ca_store *cs,
    const struct ca_verdict *v, struct x509_facts *cf);
/* The scan's keys (tls_scan ... ems); nothing when s is NULL or off. */
void report_scan(struct out *w, const struct tlsscan *s);
/* One address of many in short: tls13, tls11, tls10, weak_ciphers. */
void report_scan_summary(struct out *w, const struct tlsscan *s);
/* findings (when any) and status of vd. */
void report_verdict(struct out *w, const struct verdict *vd);
/*
 * A probe of one literal address (-c IP, --addr) and its scan s (NULL if
 * none), judged into vd (judge_probe, judge_scan): every key, or the
 * plugin line in OUT_NAGIOS.  cs/v may be NULL when no chain was seen.
 */
void report_single(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct tlsscan *s,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, const struct verdict *vd);
/* The plugin line of a single probe judged into vd. */
void report_nagios_single(struct out *w, const struct report_opts *o,
    const struct probe *p, struct x509_facts *cf, const struct verdict *vd);
/*
 * A judged audit (audit_judge): a domain's keys, or -c NAME's; the plugin
 * line in OUT_NAGIOS.  JSON ends with findings_detail (human.h), as does
 * report_single's.
 */
void report_audit(struct out *w, struct audit *a);
/*
 * score, grade (capped at D when pre, the status before the score's own
 * findings, is critical), score_<layer>, score_item_<item> of every known
 * item, score_unknown.
 */
void report_score(struct out *w, const struct score *s,
    enum report_status pre);
/* -j "policies" (JSON mode only), when r holds any entry. */
void report_policies(struct out *w, const struct rpt *r);

#endif
