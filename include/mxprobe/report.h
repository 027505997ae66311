/*
 * report.h -- turns the facts of a probe into keys, findings and a status.
 *
 * The only place that decides what is ok, a warning or critical (the rules
 * of ../shared/CONTRACT.md "Status"); out.h does the printing.
 */
#ifndef MXPROBE_REPORT_H
#define MXPROBE_REPORT_H

#include <stdint.h>
#include "mxprobe/probe.h"
#include "mxprobe/ca.h"

enum report_status { ST_OK = 0, ST_WARNING = 1, ST_CRITICAL = 2,
	ST_UNKNOWN = 3 };

struct report_verdict;

struct report_opts {
	const char	*host;		/* name as given (SNI, cert match) */
	unsigned	 port;
	const char	*addr;		/* numeric address text */
	int		 implicit_tls;
	int64_t		 now;		/* certificate clock, unix seconds */
	int		 now_from_option;
	const char	*ca_file;
	int		 warn_days, crit_days;
	/* added for issue 4: --days N (chain_valid_in_days), when days_set */
	int		 days, days_set;
	/* issue 4: report_single calls more(more_arg, vd) before findings */
	void		(*more)(const void *arg, struct report_verdict *vd);
	const void	*more_arg;
};

/* Findings and the worst severity so far, for one status line. */
struct report_verdict {
	int	 worst;		/* ST_OK..ST_CRITICAL */
	int	 limit;		/* a capacity was hit: unknown unless critical */
	/*
	 * Comma-joined codes; cut, never overflowed.  Every code of one probe
	 * at once is ~450 bytes (issue 4 added ~190): room for the rest.
	 */
	char	 findings[1024];
	size_t	 flen;
};

/* Adds a finding code of severity sev (ST_UNKNOWN: a capacity was hit). */
void report_finding(struct report_verdict *vd, enum report_status sev,
    const char *code);
/* host, port, addr (if not NULL), tls_mode. */
void report_target(const char *host, unsigned port, const char *addr,
    int implicit_tls);
/* clock, clock_source, ca_file, ca_count. */
void report_env(const struct report_opts *o, const struct ca_store *cs);
/*
 * The keys of one probe from greeting_code to error (no findings or
 * status), adding its findings to vd.  o->host is the name the
 * certificate must match.
 */
void report_probe(const struct report_opts *o, const struct probe *p,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct report_verdict *vd);
/* Prints findings and status; returns the status. */
enum report_status report_close(struct report_verdict *vd);

/*
 * Prints every key of one single-host probe (README.md "Output reference" order),
 * including findings and status; returns the status.  cs/v may be NULL
 * when no chain was seen (ca_count is then cs's count if cs is set).
 */
enum report_status report_single(const struct report_opts *o,
    const struct probe *p, const struct ca_store *cs,
    const struct ca_verdict *v);

/* "ok", "warning", "critical", "unknown". */
const char *report_status_str(enum report_status s);

#endif
