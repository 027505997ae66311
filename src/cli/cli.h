/*
 * cli.h -- what the command line's two files share: args.c parses and
 * checks argv into a struct cli_run; main.c owns every context and runs
 * it.
 */
#ifndef MXPROBE_CLI_H
#define MXPROBE_CLI_H

#include "mxprobe/audit.h"
#include "mxprobe/dkim.h"
#include "mxprobe/dnsbl.h"
#include "mxprobe/report.h"
#include "mxprobe/human.h"

enum { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

/* One run as the command line asked for it. */
struct cli_run {
	int			 use_dns;	/* an audit (DOMAIN or -c NAME) */
	int			 json, nagios;
	int			 human;		/* -H */
	int			 color;		/* --color: CLI_COLOR_* */
	unsigned		 hflags;	/* HUMAN_*: main.c decides */
	int			 scan_level;	/* enum tlsscan_level */
	char			 host[MX_NAME_MAX + 1];
	char			 ehlo[MX_NAME_MAX + 1];
	struct audit_cfg	 ac;		/* use_dns */
	struct probe_cfg	 cfg;		/* !use_dns: one literal address */
	struct report_opts	 ro;
	/* what the audit's own readers refuse is a usage error */
	struct dkim_selectors	 sels;
	struct dnsbl_zones	 zones;
};

/*
 * Parses and checks argv into r: bad input prints one line and exits 3;
 * --help, --version and --score-table print and exit 0.  Reads the
 * resolvers into dns (/etc/resolv.conf unless -r), checks the CA bundle
 * with cas, and points -c's --injection-test at inject; w is the output
 * of --score-table.  r's pointers point into r: it must outlive the run.
 */
void cli_parse(struct cli_run *r, int argc, char **argv,
    struct dns_conf *dns, struct ca_store *cas, struct probe *inject,
    struct out *w);
/* "mxprobe: " a b c on stderr, then exit 3. */
void cli_die(const char *a, const char *b, const char *c);
/* n bytes of entropy (getrandom, else /dev/urandom; else cli_die). */
void cli_seed(unsigned char *p, size_t n);
/* The -v trace hook: "arg: from -> to" on stderr. */
void cli_trace(void *arg, const char *from, const char *to);

#endif
