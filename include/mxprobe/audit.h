/*
 * audit.h -- a domain audit (or a -c probe of a name): MX lookup, the
 * addresses of every MX, PTR and forward confirmation of every address,
 * and a probe of every address, all at once on the poll loop.
 *
 * The audit is one caller-owned context: it holds its fixed pools (DNS
 * queries, probes, scans), its work list, every check's context, the
 * judgement (verdicts, score, policies) and nothing in statics, so several
 * audits can run in one loop.  Every completion (a query's or a probe's
 * done callback) pumps the list, starting what the free slots and the
 * connection cap (-P) allow, so the whole audit costs about one chain of
 * round trips: MX, address, probe.  It never prints: audit_judge() turns
 * the facts into results that the report layer prints (report.h).
 *
 * Memory: the pools are large (every probe's TLS buffer) and most of
 * them stay untouched in a small audit; audit_start clears only what it
 * uses, so an audit only costs the pages it writes.
 */
#ifndef MXPROBE_AUDIT_H
#define MXPROBE_AUDIT_H

#include <netinet/in.h>
#include <bearssl.h>
#include "mxprobe/limits.h"
#include "mxprobe/dnseng.h"
#include "mxprobe/probe.h"
#include "mxprobe/judge.h"
#include "mxprobe/loop.h"
#include "mxprobe/tlsscan.h"
#include "mxprobe/ca.h"
#include "mxprobe/score.h"
#include "mxprobe/rpt.h"
#include "mxprobe/check.h"
#include "mxprobe/chk_sts.h"
#include "mxprobe/chk_dane.h"
#include "mxprobe/chk_spf.h"
#include "mxprobe/chk_auth.h"
#include "mxprobe/chk_dnsbl.h"

struct audit_cfg {
	char		 name[MX_NAME_MAX + 1];	/* the domain, or -c's host */
	int		 host_mode;	/* -c NAME: no MX lookup */
	int		 fam;		/* 0 both, 4, 6 */
	unsigned	 port;
	int		 implicit_tls;
	const char	*ehlo_name;
	mx_ms		 step_ms;
	mx_ms		 deadline;	/* absolute, the whole audit */
	unsigned	 max_conns;	/* -P */
	struct dns_conf	*dns;
	unsigned char	 seed[32];	/* for DNS ids and TLS entropy */
	void		(*trace)(void *arg, const char *from, const char *to);
	void		*trace_arg;
	int		 injection_test;	/* --injection-test */
	/* --tls-scan: after each address's probe, a scan of it (tlsscan.h) */
	enum tlsscan_level tls_scan;
	/* the policy checks (check.h) and the score */
	const char	*dkim_selectors;	/* -s SEL[,SEL]; NULL: built-in */
	const char	*spf_ip;		/* --spf-ip ADDR; NULL: none */
	const char	*dnsbl_zones;		/* --dnsbl Z[,Z]; NULL: default */
	const char	*check_ip;		/* --ip ADDR: also on DNSBLs */
	struct score_opts score;		/* --warn-score, --crit-score */
};

struct audit_addr {
	int		 family;		/* AF_INET, AF_INET6 */
	unsigned char	 ip[16];
	char		 text[INET6_ADDRSTRLEN];
	int		 probe;			/* index in the probe pool */
	int		 shared;		/* probe of another MX's entry */
	int		 orig_mx, orig_addr;	/* that entry, if shared */
	/* PTR and its forward confirmation (FCrDNS) */
	enum mx_err	 ptr_err;		/* lookup failed (not NXDOMAIN) */
	int		 ptr_found;
	char		 ptr[MX_NAME_MAX + 1];
	int		 fcrdns;		/* -1 unknown, 0 no, 1 yes */
	/* the judgement (audit_judge), against this entry's MX name */
	struct verdict	 probe_vd;		/* its probe alone */
	struct verdict	 scan_vd;		/* its probe's TLS scan */
	enum report_status status;		/* of both */
};

struct audit_mx {
	char		 name[MX_NAME_MAX + 1];
	unsigned	 pref;
	int		 cname;		/* the MX target is an alias */
	int		 ip_literal;	/* the MX target is an address */
	int		 nxdomain;	/* the target does not exist */
	enum mx_err	 dns_err;	/* address lookup failed */
	int		 lookups;	/* A/AAAA answers still awaited */
	int		 addr_ad;	/* every A/AAAA answer had AD=1 */
	int		 addrs_done;	/* addresses final, probes assigned */
	unsigned	 naddr;
	int		 addr_truncated;
	struct audit_addr addr[MX_ADDRS_PER_MX];
	/* the judgement (audit_judge) */
	struct verdict	 vd;		/* the MX: its chosen address and checks */
	unsigned	 chosen;	/* the address a sender would use */
	/* vd.list[addr_first..+addr_n): chosen's entries (its scope) */
	unsigned short	 addr_first, addr_n;
	int		 found;		/* chosen reached the SMTP dialogue */
	enum mx_err	 addr_err;	/* no address: why (the error key) */
	int		 days_left_set;	/* the chosen leaf was read: days_left */
	int64_t		 days_left;
};

/* One item of the work list (audit_sched.c). */
struct audit_work {
	unsigned char	 kind, mx, addr;
	unsigned short	 lk;		/* a check's lookup: index into lk[] */
};

struct audit;
struct dns_query;
/*
 * Called with the finished query (q->err, q->hdr.ad, q->msg/q->len: see
 * dnseng.h; valid only during the call).  cc is the check that asked,
 * tag is its own.
 */
typedef void (*audit_lookup_fn)(const struct check_class **cc,
    struct audit *a, const struct dns_query *q, unsigned tag, mx_ms now);

/* A check's lookup (audit_lookup): what to ask and whom to tell. */
struct audit_lookup_rec {
	char			 name[MX_NAME_MAX + 1];
	uint16_t		 qtype;
	unsigned		 tag;
	audit_lookup_fn		 fn;
	const struct check_class **cc;
};

/*
 * Every item an audit can ever queue: one MX query, then per MX two
 * address queries and per address a PTR, a forward query, a probe and a
 * scan, and the checks' lookups.
 */
#define AUDIT_WORK_MAX	(1 + MX_MX_MAX * (2 + 4 * MX_ADDRS_PER_MX) + \
			 MX_LOOKUPS_MAX)
/* The checks of a domain audit (audit.c's table). */
#define AUDIT_CHECKS	5

struct audit {
	struct audit_cfg	 cfg;
	br_hmac_drbg_context	 rng;
	/* the MX lookup */
	enum mx_err		 mx_err;
	int			 mx_rcode;
	int			 mx_ad;		/* AD bit on the MX answer */
	int			 nxdomain;
	int			 null_mx;	/* "0 ." present */
	int			 null_mx_mixed;	/* ... beside other MX */
	int			 implicit_mx;	/* no MX: the domain's A/AAAA */
	int			 mx_truncated;
	int			 answered_by;	/* resolver of the MX answer */
	unsigned		 nmx;
	unsigned		 nprobes;
	unsigned		 active;	/* probes connected or connecting */
	struct loop		*loop;		/* where every task goes */
	/* audit_start clears what is above; each MX is cleared when added */
	struct audit_mx		 mx[MX_MX_MAX];

	/* the checks: contexts, and their vtables in report order */
	struct chk_sts		 sts;
	struct chk_dane		 dane;
	struct chk_spf		 spf;
	struct chk_auth		 auth;
	struct chk_dnsbl	 dnsbl;
	const struct check_class **chk[AUDIT_CHECKS];

	/* the judgement (audit_judge): read by the report layer */
	const struct report_opts *ro;
	struct verdict		 vd;		/* the domain */
	enum report_status	 status;
	enum report_status	 pre_score;	/* status the grade is capped by */
	int			 port25_blocked;
	struct score		 score;
	struct rpt		 rpt;
	struct x509_facts	 cf[MX_CHAIN_MAX];	/* judge scratch */

	/* the work list and the pools (audit_sched.c) */
	unsigned		 nqueue, nlk;
	struct audit_work	 queue[AUDIT_WORK_MAX];
	struct audit_lookup_rec	 lk[MX_LOOKUPS_MAX];
	struct dns_query	 dq[MX_DNS_QUERIES_MAX];
	struct audit_work	 dq_work[MX_DNS_QUERIES_MAX];
	unsigned char		 dq_busy[MX_DNS_QUERIES_MAX];
	struct probe		 probes[MX_PROBES_MAX];
	struct audit_work	 probe_work[MX_PROBES_MAX];
	/* --tls-scan: one per probe, by the same index */
	struct tlsscan		 scans[MX_PROBES_MAX];
	unsigned char		 scan_ran[MX_PROBES_MAX];
	/* --injection-test, one per active probe; audit_port25 borrows two */
	struct probe		 inject[MX_INJECT_SLOTS];
	unsigned char		 inject_busy[MX_INJECT_SLOTS];
	int			 port25_ran;
	/* every probe's chain against the bundle (audit_judge) */
	struct ca_store		 cas;
	struct ca_verdict	 verdicts[MX_PROBES_MAX];
	unsigned char		 verdict_ok[MX_PROBES_MAX];
};

/*
 * Sets up the audit and queues its first lookups at now; its tasks go to
 * loop l (nothing is added until audit_pump).  cfg is copied.
 */
void audit_start(struct audit *a, const struct audit_cfg *cfg,
    struct loop *l, mx_ms now);
/* Starts every queued item the free slots and -P allow. */
void audit_pump(struct audit *a, mx_ms now);
/*
 * After the run: when this is a domain audit on port 25 and every probe
 * ended in connect-timeout, starts one connect-only probe each to 587 and
 * 465 of the first MX's first address (one --step-timeout at most) and
 * returns 2: run the loop again, and the judgement says port 25 is likely
 * blocked if one connected.  Otherwise returns 0.
 */
int audit_port25(struct audit *a, mx_ms now);
/*
 * Judges every fact once, after the loop ended: every probe's chain
 * against the bundle, every probe and scan, every MX, the checks, the
 * score.  Fills a->vd, a->status, a->mx[].vd and the checks' results for
 * the report layer; returns a->status.  o (clock, bundle, thresholds) must
 * outlive the report: a->ro keeps it.
 */
enum report_status audit_judge(struct audit *a, const struct report_opts *o);

/* ---- for the policy checks (check.h) ------------------------------------ */
/*
 * Queues a DNS lookup of name/qtype for check cc; fn is called from the
 * loop when it ends (any outcome, the audit's deadline included).  Returns
 * 0, or -1 when MX_LOOKUPS_MAX lookups were already queued by this audit:
 * the check reports that as a limit (unknown), it is never silent.
 */
int audit_lookup(struct audit *a, const struct check_class **cc,
    const char *name, uint16_t qtype, audit_lookup_fn fn, unsigned tag);
/*
 * The probe of address j of MX i (a shared address gives the probe of
 * its first entry) and *v its chain's verdict against the bundle (NULL
 * when no chain was kept; valid from audit_judge on).  NULL if there is
 * no such address.
 */
const struct probe *audit_probe_of(const struct audit *a, unsigned mx,
    unsigned addr, const struct ca_verdict **v);
/* The bundle store the verdicts were made with (from audit_judge on). */
const struct ca_store *audit_ca(const struct audit *a);
/* The scan of probe pi, NULL if none ran. */
const struct tlsscan *audit_scan_of(const struct audit *a, int pi);
/* A probe that reached the SMTP dialogue: what a sender would use. */
int audit_probe_worked(const struct audit *a, int pi);

#endif
