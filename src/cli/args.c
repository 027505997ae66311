/*
 * args.c -- the command line parsed and checked (see cli.h).
 *
 * Usage errors print one line "mxprobe: ..." on stderr and exit 3 before
 * anything is written to stdout; everything that can be refused is
 * refused here, before the first connection: options, names, the CA
 * bundle, the resolver configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include "mxprobe/limits.h"
#include "mxprobe/clock.h"
#include "mxprobe/date.h"
#include "mxprobe/probe.h"
#include "mxprobe/ca.h"
#include "mxprobe/out.h"
#include "mxprobe/report.h"
#include "mxprobe/audit.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/dnseng.h"
#include "mxprobe/tlsscan.h"
#include "mxprobe/dkim.h"
#include "mxprobe/dnsbl.h"

#include "cli.h"

#define MXPROBE_VERSION	"0.2.0"

static const char usage_text[] =
"usage: mxprobe [options] DOMAIN           audit a mail domain: every MX, every address\n"
"       mxprobe [options] -c HOST[:PORT]   probe one server\n"
"Is mail to the domain protected in transit?  Eval-safe key=value lines (or\n"
"JSON); exit 0 ok, 1 warning, 2 critical, 3 unknown.  Details: mxprobe(1).\n"
"  -c HOST[:PORT]     one server ([IPv6]:PORT; 25 default; 465 implicit TLS)\n"
"  --addr IP          with -c: connect to IP, no DNS (HOST names SNI, checks)\n"
"  --tls=MODE         starttls or implicit (default: implicit on 465 only)\n"
"  -e NAME            EHLO name (default: this host's FQDN, else localhost)\n"
"  -C FILE            CA bundle (default: $SSL_CERT_FILE, else\n"
"                     /etc/ssl/certs/ca-certificates.crt)\n"
"  -r ADDR[:PORT]     DNS resolver instead of /etc/resolv.conf (repeatable)\n"
"  -4, -6             only IPv4 / IPv6 addresses\n"
"  -p PORT            with DOMAIN: probe every MX on PORT instead of 25\n"
"  -P N               at most N connections at once (default 16)\n"
"  -t SECONDS         deadline of the whole run (default 30; 0.5 works)\n"
"  --step-timeout S   deadline of each step: connect, greeting, ... (10)\n"
"  --warn-days N      warn when a certificate expires within N days (30)\n"
"  --crit-days N      critical within N days (7)\n"
"  --now TIME         certificate clock: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, @UNIX\n"
"  --days N           would the chain still validate N days from now\n"
"  --injection-test   test STARTTLS command injection (CVE-2011-0411) on one\n"
"                     more connection per address (pipelines: opt-in)\n"
"  --tls-scan=LEVEL   off, basic (default: at most 6 more connections per\n"
"                     address: TLS 1.3, legacy versions, weak suites) or full\n"
"With DOMAIN only:\n"
"  -s SEL[,SEL]       DKIM selectors besides the built-in list (mxprobe.1)\n"
"  --spf-ip ADDR      evaluate SPF for mail from ADDR: spf_result\n"
"  --ip ADDR          also look ADDR (a sending address) up in the DNSBLs\n"
"  --dnsbl Z[,Z]      DNSBL zones instead of the default; none: no lookups\n"
"  -w, --warn-score N warning when the score is below N (0-100)\n"
"  --crit-score N     critical when the score is below N\n"
"Output:\n"
"  -j                 JSON instead of key=value\n"
"  --nagios           one monitoring-plugin line with perfdata instead\n"
"  -H, --human        a report for people: rows, findings, how to fix them\n"
"  --color=WHEN       with -H: auto (a terminal, NO_COLOR unset), always, never\n"
"  -v                 trace state changes on stderr\n"
"  -h, --help         this text\n"
"  -V, --version      version\n"
"Environment: SSL_CERT_FILE; MXPROBE_VMHWM=1 prints vmhwm_kb=N on stderr.\n";

/* Writes the parts (NULL ones skipped) as one line on stderr, cut at 511. */
static void
errline(const char *const *part, unsigned nparts)
{
	char line[512];
	size_t n = 0, l;
	unsigned i;

	for (i = 0; i < nparts; i++) {
		l = part[i] ? strlen(part[i]) : 0;
		if (l > sizeof line - 1 - n)
			l = sizeof line - 1 - n;
		memcpy(line + n, part[i], l);
		n += l;
	}
	line[n++] = '\n';
	(void)!write(2, line, n);
}

static void
say(const char *a, const char *b, const char *c)
{
	const char *part[4] = { "mxprobe: ", a, b, c };

	errline(part, 4);
}

/* see cli.h */
void
cli_die(const char *a, const char *b, const char *c)
{
	say(a, b, c);
	exit(3);
}

/* Parses decimal seconds ("30", "0.5") into milliseconds; -1 if bad. */
static mx_ms
parse_seconds(const char *s)
{
	mx_ms ms = 0, frac = 100;
	const char *p = s;

	if (*p == 0)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		ms = ms * 10 + (*p - '0') * 1000;
		if (ms > 86400000)
			return -1;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, frac /= 10)
			ms += (*p - '0') * frac;
	if (*p != 0 || ms <= 0)
		return -1;
	return ms;
}

static int
parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &e, 10);
	return (*e != 0 || errno || *v > max) ? -1 : 0;
}

/* A host name as EHLO and SNI take it: LDH labels, dots; or an address. */
static int
valid_hostname(const char *s)
{
	size_t n = strlen(s), lab = 0, i;

	if (n == 0 || n > MX_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '.') {
			if (lab == 0)
				return 0;
			lab = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return 0;
		if (++lab > 63)
			return 0;
	}
	return 1;
}

/* EHLO name: [a.b.c.d] and [IPv6:...] literals (RFC 5321 4.1.3) or a name. */
static int
valid_ehlo(const char *s)
{
	char tmp[MX_NAME_MAX + 1];
	unsigned char b[16];
	size_t n = strlen(s);

	if (n >= 3 && s[0] == '[' && s[n - 1] == ']' && n - 2 < sizeof tmp) {
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = 0;
		if (strncmp(tmp, "IPv6:", 5) == 0)
			return inet_pton(AF_INET6, tmp + 5, b) == 1;
		return inet_pton(AF_INET, tmp, b) == 1;
	}
	return valid_hostname(s);
}

static void
default_ehlo(char *dst, size_t cap)
{
	struct utsname u;

	/* only a name with a dot can be an FQDN; a bare "router" is bogus */
	if (uname(&u) == 0 && strchr(u.nodename, '.') != NULL &&
	    valid_hostname(u.nodename) && strlen(u.nodename) < cap) {
		strcpy(dst, u.nodename);
		return;
	}
	strcpy(dst, "localhost");
}

/* Splits HOST[:PORT] / [V6]:PORT / bare V6; host into h (cap MX_NAME_MAX+1). */
static void
split_hostport(const char *arg, char *h, unsigned *port, int *has_port)
{
	const char *colon, *end;
	unsigned long v;
	size_t n;

	*has_port = 0;
	if (arg[0] == '[') {
		if ((end = strchr(arg, ']')) == NULL)
			cli_die("-c ", arg, ": missing ']'");
		n = (size_t)(end - arg - 1);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != 0 && colon == NULL)
			cli_die("-c ", arg, ": junk after ']'");
		arg++;
	} else {
		colon = strchr(arg, ':');
		if (colon && strchr(colon + 1, ':'))	/* bare IPv6 */
			colon = NULL;
		n = colon ? (size_t)(colon - arg) : strlen(arg);
	}
	if (n == 0 || n > MX_NAME_MAX)
		cli_die("-c: bad host in '", arg, "'");
	memcpy(h, arg, n);
	h[n] = 0;
	if (colon) {
		if (parse_uint(colon + 1, 65535, &v) < 0 || v == 0)
			cli_die("-c: bad port '", colon + 1, "'");
		*port = (unsigned)v;
		*has_port = 1;
	}
}

/* Fills a sockaddr from a numeric address; 0 or -1. */
static int
make_addr(const char *ip, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, ip, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof *a4;
		return 0;
	}
	if (inet_pton(AF_INET6, ip, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		return 0;
	}
	return -1;
}

/* see cli.h */
void
cli_seed(unsigned char *p, size_t n)
{
	ssize_t r;
	int fd;

	if (getrandom(p, n, 0) == (ssize_t)n)
		return;
	/* old kernels: getrandom() missing (ENOSYS) */
	if ((fd = open("/dev/urandom", O_RDONLY)) >= 0) {
		r = read(fd, p, n);
		close(fd);
		if (r == (ssize_t)n)
			return;
	}
	cli_die("no entropy: getrandom() and /dev/urandom both failed", "", "");
}

/* see cli.h */
void
cli_trace(void *arg, const char *from, const char *to)
{
	const char *part[5] = { (const char *)arg, ": ", from, " -> ", to };

	errline(part, 5);
}

enum { O_ADDR = 256, O_TLS, O_STEP, O_WARN, O_CRIT, O_NOW, O_DAYS, O_INJECT,
	O_SCAN, O_SPFIP, O_IP, O_DNSBL, O_WSCORE, O_CSCORE, O_NAGIOS, O_COLOR };

/*
 * A comma-separated list of names (-s selectors, --dnsbl zones): every
 * element a valid name, none empty.  Returns the first bad element's
 * text in bad (cut), or 0 when all are fine.
 */
static int
valid_name_list(const char *s, char *bad, size_t cap)
{
	char one[MX_NAME_MAX + 1];
	const char *e;
	size_t n;

	for (;; s = e + 1) {
		e = strchr(s, ',');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || n > MX_NAME_MAX) {
			n = n < cap ? n : cap - 1;
			memcpy(bad, s, n);
			bad[n] = 0;
			return -1;
		}
		memcpy(one, s, n);
		one[n] = 0;
		if (!valid_hostname(one)) {
			n = n < cap ? n : cap - 1;
			memcpy(bad, one, n);
			bad[n] = 0;
			return -1;
		}
		if (e == NULL)
			return 0;
	}
}

/* An IPv4 or IPv6 address literal. */
static int
is_ip(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}
/* see cli.h */
void
cli_parse(struct cli_run *r, int argc, char **argv, struct dns_conf *dns,
    struct ca_store *cas, struct probe *inject, struct out *w)
{
	static const struct option lopt[] = {
		{ "addr", required_argument, 0, O_ADDR },
		{ "tls", required_argument, 0, O_TLS },
		{ "step-timeout", required_argument, 0, O_STEP },
		{ "warn-days", required_argument, 0, O_WARN },
		{ "crit-days", required_argument, 0, O_CRIT },
		{ "now", required_argument, 0, O_NOW },
		{ "days", required_argument, 0, O_DAYS },
		{ "injection-test", no_argument, 0, O_INJECT },
		{ "tls-scan", required_argument, 0, O_SCAN },
		{ "spf-ip", required_argument, 0, O_SPFIP },
		{ "ip", required_argument, 0, O_IP },
		{ "dnsbl", required_argument, 0, O_DNSBL },
		{ "warn-score", required_argument, 0, O_WSCORE },
		{ "crit-score", required_argument, 0, O_CSCORE },
		{ "nagios", no_argument, 0, O_NAGIOS },
		{ "human", no_argument, 0, 'H' },
		{ "color", required_argument, 0, O_COLOR },
		{ "help", no_argument, 0, 'h' },
		{ "version", no_argument, 0, 'V' },
		{ 0, 0, 0, 0 }
	};
	char *host = r->host, *ehlo = r->ehlo;
	char bad[64];
	const char *selectors = NULL, *spf_ip = NULL, *check_ip = NULL;
	const char *dnsbl = NULL;
	int nagios = 0, human = 0, color = CLI_COLOR_AUTO, wscore = 0, cscore = 0, domain_only = 0;
	const char *target = NULL, *addr = NULL, *ca_file = NULL, *tlsmode = NULL;
	unsigned long v;
	unsigned port = 25, conns = MX_CONNS_DEFAULT, mxport = 0;
	int ch, has_port = 0, json = 0, verbose = 0, fam = 0, se, fd;
	int use_dns, nres = 0;
	mx_ms total = 30000, step = 10000;
	int64_t now = 0;
	int now_opt = 0, warn = 30, crit = 7, days = -1, injection = 0;

	ehlo[0] = 0;
	r->scan_level = TLSSCAN_BASIC;	/* the default of --tls-scan */
	dnsconf_init(dns);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:e:C:t:jr:P:p:46vhVs:w:H", lopt,
	    NULL)) != -1) {
		switch (ch) {
		case 'c': target = optarg; break;
		case 'e':
			if (!valid_ehlo(optarg))
				cli_die("-e: '", optarg, "' is not a host name or address literal");
			strcpy(ehlo, optarg);
			break;
		case 'C': ca_file = optarg; break;
		case 't':
			if ((total = parse_seconds(optarg)) < 0)
				cli_die("-t: bad number of seconds '", optarg, "'");
			break;
		case O_STEP:
			if ((step = parse_seconds(optarg)) < 0)
				cli_die("--step-timeout: bad number of seconds '", optarg, "'");
			break;
		case 'j': json = 1; break;
		case 'r':
			if (dnsconf_add(dns, optarg) < 0)
				cli_die("-r: '", optarg, dns->nsrv >= MX_DNS_SERVERS_MAX ?
				    "': too many resolvers" :
				    "' is not ADDR, ADDR:PORT or [IPV6]:PORT");
			nres++;
			break;
		case 'p':
			if (parse_uint(optarg, 65535, &v) < 0 || v == 0)
				cli_die("-p: bad port '", optarg, "'");
			mxport = (unsigned)v;
			break;
		case 'P':
			if (parse_uint(optarg, MX_PROBES_MAX, &v) < 0 || v == 0)
				cli_die("-P: bad number of connections '", optarg,
				    "' (1 to the number of addresses)");
			conns = (unsigned)v;
			break;
		case '4': fam = 4; break;
		case '6': fam = 6; break;
		case 'v': verbose = 1; break;
		case 'h':
			(void)!write(1, usage_text, sizeof usage_text - 1);
			exit(0);
		case 'V':
			(void)!write(1, "mxprobe " MXPROBE_VERSION "\n",
			    sizeof "mxprobe " MXPROBE_VERSION);
			exit(0);
		case O_ADDR: addr = optarg; break;
		case O_TLS:
			if (strcmp(optarg, "implicit") && strcmp(optarg, "starttls"))
				cli_die("--tls: '", optarg, "' is neither starttls nor implicit");
			tlsmode = optarg;
			break;
		case O_WARN:
		case O_CRIT:
			if (parse_uint(optarg, 36500, &v) < 0)
				cli_die(ch == O_WARN ? "--warn-days" : "--crit-days",
				    ": bad number of days ", optarg);
			*(ch == O_WARN ? &warn : &crit) = (int)v;
			break;
		case O_DAYS:
			if (parse_uint(optarg, 36500, &v) < 0)
				cli_die("--days: bad number of days ", optarg, "");
			days = (int)v;
			break;
		case O_INJECT: injection = 1; break;
		case O_SCAN:
			if ((r->scan_level = tlsscan_level_parse(optarg)) < 0)
				cli_die("--tls-scan: '", optarg,
				    "' is not off, basic or full");
			break;
		case 's':
			if (valid_name_list(optarg, bad, sizeof bad) < 0)
				cli_die("-s: '", bad, "' is not a DKIM selector");
			/* the audit's own reader: what it refuses is a usage error */
			dkim_selectors_init(&r->sels);
			if (dkim_selectors_add(&r->sels, optarg) < 0)
				cli_die("-s: '", optarg, "': a selector is labels of "
				    "[A-Za-z0-9_-], at most 63 bytes");
			selectors = optarg;
			domain_only = 1;
			break;
		case O_SPFIP:
		case O_IP:
			if (!is_ip(optarg))
				cli_die(ch == O_IP ? "--ip: '" : "--spf-ip: '", optarg,
				    "' is not an IP address");
			*(ch == O_IP ? &check_ip : &spf_ip) = optarg;
			domain_only = 1;
			break;
		case O_DNSBL:
			if (strcmp(optarg, "none") != 0 &&
			    valid_name_list(optarg, bad, sizeof bad) < 0)
				cli_die("--dnsbl: '", bad, "' is not a DNS zone name");
			if (dnsbl_zones_parse(&r->zones, optarg) < 0)
				cli_die("--dnsbl: '", optarg, "': at most 8 zones of two "
				    "labels or more, each at most 191 bytes");
			dnsbl = optarg;
			domain_only = 1;
			break;
		case 'w':
		case O_WSCORE:
		case O_CSCORE:
			if (parse_uint(optarg, 100, &v) < 0)
				cli_die(ch == O_CSCORE ? "--crit-score" : "--warn-score",
				    ": bad score (0 to 100) ", optarg);
			*(ch == O_CSCORE ? &cscore : &wscore) = (int)v;
			domain_only = 1;
			break;
		case O_NAGIOS: nagios = 1; break;
		case 'H': human = 1; break;
		case O_COLOR:
			/* in the order of CLI_COLOR_* */
			for (color = 0; color < 3 &&
			    strcmp(optarg, (const char *[]){ "auto", "always",
			    "never" }[color]) != 0; color++)
				;
			if (color == 3)
				cli_die("--color: '", optarg,
				    "' is not auto, always or never");
			break;
		case O_NOW:
			if (date_parse(optarg, &now) < 0)
				cli_die("--now: bad time '", optarg,
				    "' (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @UNIX)");
			now_opt = 1;
			break;
		case ':':
			cli_die("option ", argv[optind - 1], " needs an argument");
			break;
		default:
			cli_die("unknown option ", argv[optind - 1],
			    " (see mxprobe --help)");
		}
	}
	if (target == NULL && optind == argc)
		cli_die("nothing to probe: give DOMAIN or -c HOST[:PORT] "
		    "(see mxprobe --help)", "", "");
	if (target != NULL && optind < argc)
		cli_die("unexpected argument '", argv[optind], "' (-c probes one host)");
	if (optind + 1 < argc)
		cli_die("unexpected argument '", argv[optind + 1],
		    "' (one domain at a time)");
	if (target == NULL) {
		/* a domain: one trailing dot allowed, as in zone files */
		size_t n = strlen(argv[optind]);
		if (n > 1 && argv[optind][n - 1] == '.')
			argv[optind][n - 1] = 0;
		if (!valid_hostname(argv[optind]) ||
		    strchr(argv[optind], '.') == NULL)
			cli_die("'", argv[optind], "' is not a domain name");
		strcpy(host, argv[optind]);
		if (addr)
			cli_die("--addr goes with -c", "", "");
		if (mxport)
			port = mxport;
	} else if (mxport) {
		cli_die("-p goes with DOMAIN; with -c give HOST:PORT", "", "");
	} else if (domain_only) {
		cli_die("-s, --spf-ip, --ip, --dnsbl and the score thresholds go "
		    "with DOMAIN, not -c", "", "");
	} else {
		split_hostport(target, host, &port, &has_port);
		if (!valid_hostname(host) && make_addr(host, 1, &r->cfg.addr,
		    &r->cfg.addrlen) < 0)
			cli_die("-c: '", host, "' is not a host name or IP address");
	}
	use_dns = target == NULL || (addr == NULL &&
	    make_addr(host, port, &r->cfg.addr, &r->cfg.addrlen) < 0);
	if (!use_dns) {
		if (addr == NULL)
			addr = host;
		else if (make_addr(addr, port, &r->cfg.addr, &r->cfg.addrlen) < 0)
			cli_die("--addr: '", addr, "' is not an IP address");
		if ((fam == 4 && r->cfg.addr.ss_family != AF_INET) ||
		    (fam == 6 && r->cfg.addr.ss_family != AF_INET6))
			cli_die("address ", addr, fam == 4 ? " is not IPv4 (-4)" :
			    " is not IPv6 (-6)");
	}
	if (warn < crit)
		cli_die("--warn-days must not be below --crit-days", "", "");
	if (nagios && json)
		cli_die("--nagios and -j are two output modes: give one", "", "");
	if (human && (json || nagios))
		cli_die(json ? "-H and -j" : "-H and --nagios",
		    " are two output modes: give one", "");
	if (wscore && cscore && wscore < cscore)
		cli_die("--warn-score must not be below --crit-score", "", "");
	if (step > total)
		step = total;

	if (ca_file == NULL)
		ca_file = getenv("SSL_CERT_FILE");
	if (ca_file == NULL || *ca_file == 0)
		ca_file = "/etc/ssl/certs/ca-certificates.crt";
	/* fail before any connection: a probe without trust is no answer */
	if ((fd = open(ca_file, O_RDONLY)) < 0)
		cli_die("CA bundle ", ca_file, errno == ENOENT ? ": no such file" :
		    ": cannot be read");
	close(fd);
	if (ca_load(cas, ca_file, NULL, &se) < 0)
		cli_die("CA bundle ", ca_file, ": read failed");
	if (cas->count == 0)
		cli_die("CA bundle ", ca_file, ": no certificates in it");
	if (use_dns && nres == 0) {
		if (dnsconf_load(dns, "/etc/resolv.conf", &se) < 0)
			cli_die("no resolver: /etc/resolv.conf cannot be read; "
			    "give -r ADDR", "", "");
		if (dns->nsrv == 0)
			cli_die("no resolver: /etc/resolv.conf names no nameserver; "
			    "give -r ADDR", "", "");
	}
	if (ehlo[0] == 0)
		default_ehlo(ehlo, sizeof r->ehlo);
	if (!now_opt)
		now = mx_clock_unix();

	memset(&r->ro, 0, sizeof r->ro);
	r->ro.host = host;
	r->ro.port = port;
	r->ro.implicit_tls = tlsmode ? strcmp(tlsmode, "implicit") == 0 :
	    port == 465;
	r->ro.now = now;
	r->ro.now_from_option = now_opt;
	r->ro.ca_file = ca_file;
	r->ro.warn_days = warn;
	r->ro.crit_days = crit;
	r->ro.days = days;
	r->ro.days_set = days >= 0;
	r->ro.warn_score = wscore;
	r->ro.crit_score = cscore;

	if (use_dns) {
		strcpy(r->ac.name, host);
		r->ac.host_mode = target != NULL;
		r->ac.fam = fam;
		r->ac.port = port;
		r->ac.implicit_tls = r->ro.implicit_tls;
		r->ac.ehlo_name = ehlo;
		r->ac.step_ms = step;
		r->ac.deadline = mx_clock_ms() + total;
		r->ac.max_conns = conns;
		r->ac.dns = dns;
		cli_seed(r->ac.seed, sizeof r->ac.seed);
		r->ac.trace = verbose ? cli_trace : NULL;
		r->ac.trace_arg = "mxprobe";
		r->ac.injection_test = injection;
		r->ac.tls_scan = (enum tlsscan_level)r->scan_level;
		r->ac.dkim_selectors = selectors;
		r->ac.spf_ip = spf_ip;
		r->ac.check_ip = check_ip;
		r->ac.dnsbl_zones = dnsbl;
		r->ac.score.warn = wscore;
		r->ac.score.crit = cscore;
	} else {
		cli_seed(r->cfg.seed, sizeof r->cfg.seed);
		strcpy(r->cfg.host, host);
		r->cfg.implicit_tls = r->ro.implicit_tls;
		r->cfg.ehlo_name = ehlo;
		r->cfg.step_ms = step;
		r->cfg.trace = verbose ? cli_trace : NULL;
		r->cfg.trace_arg = "mxprobe";
		r->cfg.deadline = mx_clock_ms() + total;
		r->cfg.inject = injection ? inject : NULL;
	}
	r->use_dns = use_dns;
	r->json = json;
	r->nagios = nagios;
	r->human = human;
	r->color = color;
}
