/*
 * main.c -- the outermost layer: it owns every context of the run (static:
 * still no heap), parses the command line (args.c), runs the probe or the
 * audit, prints the report and is the only place that exits with its
 * status.  The keys are printed only after every fact is in, so output
 * is never half-written.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "mxprobe/clock.h"
#include "mxprobe/ipaddr.h"
#include "cli.h"

/*
 * Every context of the run: the outermost layer owns them all (static,
 * so still no heap); the layers below only ever get pointers.
 */
static struct loop	 loop;
static struct out	 out;
static struct probe	 probe;
static struct probe	 inject;	/* --injection-test */
static struct tlsscan	 scan;		/* --tls-scan */
static struct cli_run	 run;
static struct ca_store	 cas;
static struct x509_facts cf[MX_CHAIN_MAX];	/* report scratch */
static struct audit	 audit;
static struct dns_conf	 dnsconf;

static void
vmhwm(void)
{
	char buf[2048], *s, *e;
	ssize_t n;
	int fd;

	if (getenv("MXPROBE_VMHWM") == NULL)
		return;
	if ((fd = open("/proc/self/status", O_RDONLY)) < 0)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	if ((s = strstr(buf, "VmHWM:")) == NULL)
		return;
	for (s += 6; *s == ' ' || *s == '\t'; s++)
		;
	for (e = s; *e >= '0' && *e <= '9'; e++)
		;
	(void)!write(2, "vmhwm_kb=", 9);
	(void)!write(2, s, (size_t)(e - s));
	(void)!write(2, "\n", 1);
}

static void
done(int status)
{
	vmhwm();
	exit(status);
}

/* Probes one literal address (-c IP, or --addr): no DNS at all. */
static enum report_status
run_single(struct probe_cfg *cfg, struct report_opts *ro)
{
	static char addrtext[INET6_ADDRSTRLEN];
	struct ca_verdict verdict;
	struct verdict vd;
	const struct tlsscan *sp = NULL;
	int se, have_chain;

	loop_init(&loop);
	cfg->loop = &loop;
	probe_start(&probe, cfg, mx_clock_ms());
	if (loop_add(&loop, &probe.t) < 0)
		cli_die("internal: no task slot", "", "");
	if (loop_run(&loop, mx_clock_ms) < 0)
		cli_die("poll failed", "", "");
	if (run.scan_level != TLSSCAN_OFF && probe.tls_started) {
		static struct tlsscan_cfg sc;

		strcpy(sc.host, cfg->host);
		sc.addr = cfg->addr;
		sc.addrlen = cfg->addrlen;
		sc.implicit_tls = cfg->implicit_tls;
		sc.ehlo_name = cfg->ehlo_name;
		sc.level = (enum tlsscan_level)run.scan_level;
		sc.step_ms = cfg->step_ms;
		sc.deadline = cfg->deadline;
		cli_seed(sc.seed, sizeof sc.seed);
		if (probe.tls.done) {
			sc.main_version = (uint16_t)probe.tls.version;
			sc.main_suite = probe.tls.suite;
		}
		sc.trace = cfg->trace;
		sc.trace_arg = cfg->trace_arg;
		tlsscan_start(&scan, &sc, mx_clock_ms());
		(void)loop_add(&loop, &scan.t);
		if (loop_run(&loop, mx_clock_ms) < 0)
			cli_die("poll failed", "", "");
		sp = &scan;
	}
	have_chain = probe.tls_started && probe.tls.chain.kept > 0;
	if (have_chain) {
		if (ca_load(&cas, ro->ca_file, &probe.tls.chain, &se) < 0)
			cli_die("CA bundle ", ro->ca_file, ": read failed");
		ca_verify(&cas, &probe.tls.chain, &verdict);
	}
	ipaddr_ntop(cfg->addr.ss_family, cfg->addr.ss_family == AF_INET ?
	    (void *)&((struct sockaddr_in *)&cfg->addr)->sin_addr :
	    (void *)&((struct sockaddr_in6 *)&cfg->addr)->sin6_addr,
	    addrtext, sizeof addrtext);
	ro->addr = addrtext;
	verdict_reset(&vd);
	judge_probe(ro, &probe, &cas, have_chain ? &verdict : NULL, cf, &vd);
	judge_scan(sp, &vd);
	if (run.human)
		human_single(&out, ro, &probe, sp, &cas,
		    have_chain ? &verdict : NULL, cf, &vd, run.hflags);
	else
		report_single(&out, ro, &probe, sp, &cas,
		    have_chain ? &verdict : NULL, cf, &vd);
	return verdict_status(&vd);
}

/* A domain audit, or -c NAME: resolver, then everything at once. */
static enum report_status
run_audit(struct audit_cfg *ac, struct report_opts *ro)
{
	mx_ms start = mx_clock_ms();

	loop_init(&loop);
	audit_start(&audit, ac, &loop, start);
	audit_pump(&audit, start);
	if (loop_run(&loop, mx_clock_ms) < 0)
		cli_die("poll failed", "", "");
	if (audit_port25(&audit, mx_clock_ms()) &&
	    loop_run(&loop, mx_clock_ms) < 0)
		cli_die("poll failed", "", "");
	(void)audit_judge(&audit, ro);
	if (run.human)
		human_audit(&out, &audit, run.hflags);
	else
		report_audit(&out, &audit);
	return audit.status;
}

/* A locale name whose codeset is UTF-8: "C.UTF-8", "de_DE.utf8". */
static int
utf8_name(const char *s)
{
	const char *d = strchr(s, '.'), *u = "utf8";

	if (d == NULL)
		return 0;
	for (d++; *u != 0; d++)
		if (*d != '-' && (*d | 0x20) != *u++)
			return 0;
	return 1;
}

/*
 * -H's look, decided here because it is I/O: colour with --color=always,
 * or with auto when stdout is a terminal, NO_COLOR is unset (or empty)
 * and TERM is set and not "dumb"; UTF-8 glyphs when the locale that
 * rules LC_CTYPE (LC_ALL, then LC_CTYPE, then LANG) names UTF-8.
 */
static unsigned
human_flags(int color)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	const char *loc = getenv("LC_ALL");
	unsigned fl = 0;

	if (color == CLI_COLOR_ALWAYS || (color == CLI_COLOR_AUTO &&
	    isatty(1) && (nc == NULL || *nc == 0) && term != NULL &&
	    *term != 0 && strcmp(term, "dumb") != 0))
		fl |= HUMAN_COLOR;
	if (loc == NULL || *loc == 0)
		loc = getenv("LC_CTYPE");
	if (loc == NULL || *loc == 0)
		loc = getenv("LANG");
	if (loc != NULL && utf8_name(loc))
		fl |= HUMAN_UTF8;
	return fl;
}

int
main(int argc, char **argv)
{
	enum report_status st;

	/*
	 * A server that resets the connection, or `mxprobe | head`, must give
	 * an error (EPIPE), not kill the process before it reports.
	 */
	signal(SIGPIPE, SIG_IGN);
	cli_parse(&run, argc, argv, &dnsconf, &cas, &inject, &out);
	if (run.human)
		run.hflags = human_flags(run.color);
	out_begin(&out, run.json ? OUT_JSON : run.nagios ? OUT_NAGIOS :
	    run.human ? OUT_HUMAN : OUT_KV, 1);
	st = run.use_dns ? run_audit(&run.ac, &run.ro) :
	    run_single(&run.cfg, &run.ro);
	if (out_end(&out) < 0)
		st = ST_UNKNOWN;
	done((int)st);
	return 0;
}
