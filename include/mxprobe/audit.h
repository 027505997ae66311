/*
 * audit.h -- a domain audit (or a -c probe of a name): MX lookup, the
 * addresses of every MX, PTR and forward confirmation of every address,
 * and a probe of every address, all at once on the poll loop.
 *
 * The audit owns fixed pools (DNS queries, probes) and a small work list;
 * every completion (a query's or a probe's done callback) pumps the list,
 * starting what the free slots and the connection cap (-P) allow, so the
 * whole audit costs about one chain of round trips: MX, address, probe.
 * It never prints: audit_report() hands the facts to report.c and out.c.
 */
#ifndef MXPROBE_AUDIT_H
#define MXPROBE_AUDIT_H

#include <netinet/in.h>
#include <bearssl.h>
#include "mxprobe/limits.h"
#include "mxprobe/dnseng.h"
#include "mxprobe/probe.h"
#include "mxprobe/report.h"
#include "mxprobe/tlsscan.h"
#include "mxprobe/ca.h"
#include "mxprobe/score.h"

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
	/* issues 6 and 7: the policy checks (check.h) and the score */
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
};

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
	struct audit_mx		 mx[MX_MX_MAX];
	unsigned		 nprobes;
	unsigned		 active;	/* probes connected or connecting */
};

/*
 * Sets up the audit and queues its first lookups at now (nothing is
 * added to the loop until audit_pump).  cfg is copied.  The audit is a
 * singleton: its pools are static.
 */
void audit_start(struct audit *a, const struct audit_cfg *cfg, mx_ms now);
/* Starts every queued item the free slots and -P allow. */
void audit_pump(struct audit *a, mx_ms now);
/*
 * After the run (issue 4): when this is a domain audit on port 25 and
 * every probe ended in connect-timeout, starts one connect-only probe each
 * to 587 and 465 of the first MX's first address (one --step-timeout at
 * most) and returns 2: run the loop again, and audit_report says
 * port25_blocked=likely if one connected.  Otherwise returns 0.
 */
int audit_port25(struct audit *a, mx_ms now);
/*
 * Prints the report (the caller did out_begin); returns the status.
 * o gives the clock, the bundle and the expiry thresholds.
 */
enum report_status audit_report(struct audit *a, const struct report_opts *o);

/* ---- for the policy checks (check.h) ------------------------------------ */
/*
 * Called with the finished query (q->err, q->hdr.ad, q->msg/q->len: see
 * dnseng.h; valid only during the call).  tag is the caller's.
 */
typedef void (*audit_lookup_fn)(struct audit *a, const struct dns_query *q,
    unsigned tag, mx_ms now);
/*
 * Queues a DNS lookup of name/qtype for a check; fn is called from the
 * loop when it ends (any outcome, the audit's deadline included).  Returns
 * 0, or -1 when MX_LOOKUPS_MAX lookups were already queued by this audit:
 * the check reports that as a limit (unknown), it is never silent.
 */
int audit_lookup(struct audit *a, const char *name, uint16_t qtype,
    audit_lookup_fn fn, unsigned tag);
/*
 * At report time: the probe of address j of MX i (a shared address gives
 * the probe of its first entry) and *v its chain's verdict against the
 * bundle (NULL when no chain was kept).  NULL if there is no such address.
 */
const struct probe *audit_probe_of(const struct audit *a, unsigned mx,
    unsigned addr, const struct ca_verdict **v);
/* At report time: the bundle store the verdicts were made with. */
const struct ca_store *audit_ca(void);

#endif
