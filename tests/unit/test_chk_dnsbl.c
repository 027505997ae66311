/*
 * test_chk_dnsbl.c -- the dnsbl check's judgement (chk_dnsbl.c) on an
 * audit filled by hand: canned A and TXT answers go to the check's own
 * lookup callbacks, and the typed results, findings, score item and
 * printed keys (rep_dnsbl.c) are checked.  No network, no root.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "t.h"
#include "mxprobe/audit.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/out.h"
#include "mxprobe/rep.h"
#include "mxprobe/score.h"

static struct audit a;
static struct dns_query q;
static unsigned char msg[4096];
static unsigned char answered[MX_LOOKUPS_MAX];
static struct out w;
static char got[16384];

/*
 * A reply to (qname, qtype) with rcode holding n records of qtype, rdata
 * rd[i] of rdl[i] bytes, into q.
 */
static void
reply(const char *qname, uint16_t qtype, unsigned rcode, unsigned n,
    const unsigned char *const *rd, const size_t *rdl)
{
	int len;
	size_t l;
	unsigned i;

	memset(&q, 0, sizeof q);
	len = dnsmsg_query(msg, sizeof msg, 0, qname, qtype, 0);
	l = len < 0 ? 0 : (size_t)len;
	msg[2] |= 0x80;				/* QR */
	msg[3] = (unsigned char)(0x80 | rcode);
	msg[7] = (unsigned char)n;		/* ANCOUNT */
	for (i = 0; i < n; i++) {
		memcpy(msg + l, "\xc0\x0c", 2);	/* the question's name */
		l += 2;
		msg[l++] = (unsigned char)(qtype >> 8);
		msg[l++] = (unsigned char)qtype;
		memcpy(msg + l, "\0\x01\0\0\x0e\x10", 6);	/* IN, TTL */
		l += 6;
		msg[l++] = (unsigned char)(rdl[i] >> 8);
		msg[l++] = (unsigned char)rdl[i];
		memcpy(msg + l, rd[i], rdl[i]);
		l += rdl[i];
	}
	q.err = MX_OK;
	q.msg = msg;
	q.len = l;
	strcpy(q.qname, qname);
	q.qtype = qtype;
	q.hdr.rcode = rcode;
	q.answered_by = -1;
}

/* Hands q to every lookup of its name and type not answered yet. */
static unsigned
answer(void)
{
	unsigned i, n = 0;

	for (i = 0; i < a.nlk; i++) {
		const struct audit_lookup_rec *l = &a.lk[i];

		if (answered[i] || l->qtype != q.qtype ||
		    !dnsmsg_name_eq(l->name, q.qname))
			continue;
		answered[i] = 1;
		n++;
		l->fn(l->cc, &a, &q, l->tag, 0);
	}
	return n;
}

/* The A of name is 127.0.0.x (x 0: NXDOMAIN); how many lookups took it. */
static unsigned
code(const char *name, unsigned x)
{
	unsigned char ip[4] = { 127, 0, 0, 0 };
	const unsigned char *rd[1] = { ip };
	size_t rdl[1] = { 4 };

	ip[3] = (unsigned char)x;
	if (x == 254)			/* the list refuses our resolver */
		ip[1] = ip[2] = 255;
	reply(name, DNSMSG_T_A, x ? 0 : 3, x ? 1 : 0, rd, rdl);
	return answer();
}

/* The TXT of name is the one string s. */
static unsigned
reason(const char *name, const char *s)
{
	unsigned char buf[256];
	const unsigned char *rd[1] = { buf };
	size_t rdl[1];

	buf[0] = (unsigned char)strlen(s);
	memcpy(buf + 1, s, buf[0]);
	rdl[0] = 1 + (size_t)buf[0];
	reply(name, DNSMSG_T_TXT, 0, 1, rd, rdl);
	return answer();
}

/*
 * A fresh audit of example.test: nmx MX with naddr addresses each,
 * 192.0.2.1 on; zones (--dnsbl) and ip (--ip) as given.  Starts the
 * check and tells it every MX's addresses.
 */
static void
setup(unsigned nmx, unsigned naddr, const char *zones, const char *ip)
{
	unsigned i, j, k = 1;

	memset(&a, 0, sizeof a);
	memset(answered, 0, sizeof answered);
	strcpy(a.cfg.name, "example.test");
	a.cfg.dnsbl_zones = zones;
	a.cfg.check_ip = ip;
	a.dnsbl.vtable = &chk_dnsbl_class;
	score_reset(&a.score);
	verdict_reset(&a.vd);
	a.nmx = nmx;
	for (i = 0; i < nmx; i++) {
		snprintf(a.mx[i].name, sizeof a.mx[i].name,
		    "mx%u.example.test", i + 1);
		a.mx[i].naddr = naddr;
		verdict_reset(&a.mx[i].vd);
		for (j = 0; j < naddr; j++, k++) {
			a.mx[i].addr[j].family = AF_INET;
			memcpy(a.mx[i].addr[j].ip, "\xc0\0\x02", 3);
			a.mx[i].addr[j].ip[3] = (unsigned char)k;
			snprintf(a.mx[i].addr[j].text,
			    sizeof a.mx[i].addr[j].text, "192.0.2.%u", k);
		}
	}
	chk_dnsbl_class.start(&a.dnsbl.vtable, &a, 0);
}

/* MX i's addresses are final. */
static void
addrs(unsigned i)
{
	chk_dnsbl_class.addrs_known(&a.dnsbl.vtable, &a, i, 0);
}

/* Every MX, the domain, then the keys (prefix mxN_, then none). */
static void
judge(void)
{
	char pfx[16];
	int fd[2];
	ssize_t n;
	size_t len = 0;
	unsigned i;

	for (i = 0; i < a.nmx; i++)
		chk_dnsbl_class.judge_mx(&a.dnsbl.vtable, &a, i, &a.mx[i].vd);
	chk_dnsbl_class.judge(&a.dnsbl.vtable, &a, &a.vd);
	got[0] = 0;
	if (pipe(fd) < 0)
		return;
	out_begin(&w, OUT_KV, fd[1]);
	for (i = 0; i < a.nmx; i++) {
		snprintf(pfx, sizeof pfx, "mx%u_", i + 1);
		out_prefix(&w, pfx);
		rep_dnsbl.mx(&w, &a, i, pfx);
	}
	out_prefix(&w, "");
	rep_dnsbl.domain(&w, &a);
	(void)out_end(&w);
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(fd[0]);
}

static const char *
findings(void)
{
	static char buf[1024];

	verdict_text(&a.vd, buf, sizeof buf);
	return buf;
}

static void
dnsbl_ok(void)
{
	setup(1, 1, "bl.test,zen.test", NULL);
	T_EQ_INT(a.nlk, 0, "ok: nothing before the addresses");
	addrs(0);
	T_EQ_INT(a.nlk, 2, "ok: one lookup per zone");
	T_EQ_INT(code("1.2.0.192.bl.test", 0), 1, "ok: bl.test asked");
	T_EQ_INT(code("1.2.0.192.zen.test", 0), 1, "ok: zen.test asked");
	judge();
	T_EQ_INT(a.dnsbl.res, CHK_DNSBL_R_OK, "ok: result");
	T_EQ_INT(a.dnsbl.addr_v[0][0], CHK_DNSBL_V_OK, "ok: address ok");
	T_EQ_STR(findings(), "", "ok: no finding");
	T_EQ_INT(score_get(&a.score, SC_DNSBL), 100, "ok: SC_DNSBL 100");
	T_EQ_STR(got,
	    "mx1_dnsbl_a1=ok\n"
	    "dnsbl=ok\n"
	    "dnsbl_zones='bl.test,zen.test'\n"
	    "dnsbl_checked=2\n"
	    "dnsbl_listed=0\n", "ok: keys");
}

static void
dnsbl_listed(void)
{
	setup(2, 1, "bl.test,zen.test", "198.51.100.7");
	T_EQ_INT(a.nlk, 2, "listed: --ip asked at start");
	addrs(0);
	addrs(1);
	code("7.100.51.198.bl.test", 0);
	code("7.100.51.198.zen.test", 0);
	T_EQ_INT(code("1.2.0.192.bl.test", 2), 1, "listed: listing");
	T_EQ_INT(a.nlk, 7, "listed: its reason asked");
	T_EQ_INT(reason("1.2.0.192.bl.test", "spam seen"), 1,
	    "listed: reason read");
	code("1.2.0.192.zen.test", 0);
	code("2.2.0.192.bl.test", 254);
	/* 2.2.0.192.zen.test never answers */
	judge();
	T_EQ_INT(a.dnsbl.res, CHK_DNSBL_R_LISTED, "listed: result");
	T_EQ_INT(a.dnsbl.listed, 1, "listed: one listing");
	T_EQ_INT(a.dnsbl.addr_v[0][0], CHK_DNSBL_V_LISTED, "listed: mx1");
	T_EQ_INT(a.dnsbl.addr_v[1][0], CHK_DNSBL_V_UNKNOWN, "listed: mx2");
	T_EQ_STR(findings(), "dnsbl-listed,dnsbl-refused,dnsbl-unknown",
	    "listed: findings in order");
	T_EQ_INT(verdict_status(&a.vd), ST_WARNING, "listed: warning");
	T_EQ_INT(score_get(&a.score, SC_DNSBL), 0, "listed: SC_DNSBL 0");
	T_EQ_STR(got,
	    "mx1_dnsbl_a1=listed\n"
	    "mx1_dnsbl_a1_zones=bl.test\n"
	    "mx2_dnsbl_a1=unknown\n"
	    "dnsbl=listed\n"
	    "dnsbl_zones='bl.test,zen.test'\n"
	    "dnsbl_checked=6\n"
	    "dnsbl_listed=1\n"
	    "dnsbl_1_addr=192.0.2.1\n"
	    "dnsbl_1_source=mx1_a1\n"
	    "dnsbl_1_zone=bl.test\n"
	    "dnsbl_1_result=listed\n"
	    "dnsbl_1_answer=127.0.0.2\n"
	    "dnsbl_1_reason='spam seen'\n"
	    "dnsbl_2_addr=192.0.2.2\n"
	    "dnsbl_2_source=mx2_a1\n"
	    "dnsbl_2_zone=bl.test\n"
	    "dnsbl_2_result=error\n"
	    "dnsbl_2_answer=127.255.255.254\n"
	    "dnsbl_2_error=dnsbl-refused\n"
	    "dnsbl_3_addr=192.0.2.2\n"
	    "dnsbl_3_source=mx2_a1\n"
	    "dnsbl_3_zone=zen.test\n"
	    "dnsbl_3_result=error\n"
	    "dnsbl_3_error=dns-timeout\n", "listed: keys");
}

static void
dnsbl_shared(void)
{
	/* MX 2's address is MX 1's: looked up once, judged for both */
	setup(2, 1, "bl.test", NULL);
	a.mx[1].addr[0] = a.mx[0].addr[0];
	a.mx[1].addr[0].shared = 1;
	a.mx[1].addr[0].orig_mx = 0;
	a.mx[1].addr[0].orig_addr = 0;
	addrs(0);
	addrs(1);
	T_EQ_INT(a.nlk, 1, "shared: one lookup");
	code("1.2.0.192.bl.test", 3);
	judge();
	T_EQ_INT(a.dnsbl.addr_v[1][0], CHK_DNSBL_V_LISTED,
	    "shared: mx2 listed too");
	T_OK(strstr(got, "mx1_dnsbl_a1=listed\nmx1_dnsbl_a1_zones=bl.test\n"
	    "mx2_dnsbl_a1=listed\nmx2_dnsbl_a1_zones=bl.test\n"
	    "dnsbl=listed\n") == got, "shared: keys");
	T_OK(strstr(got, "dnsbl_2_") == NULL, "shared: one entry");
}

static void
dnsbl_off(void)
{
	setup(1, 1, "none", NULL);
	addrs(0);
	T_EQ_INT(a.nlk, 0, "off: no lookup");
	judge();
	T_EQ_INT(a.dnsbl.res, CHK_DNSBL_R_OFF, "off: result");
	T_EQ_INT(score_get(&a.score, SC_DNSBL), -1, "off: no score");
	T_EQ_STR(got, "dnsbl=off\n", "off: keys");

	setup(1, 1, "not a zone", NULL);
	addrs(0);
	judge();
	T_EQ_INT(a.dnsbl.res, CHK_DNSBL_R_BAD_ZONES, "bad zones: result");
	T_EQ_STR(findings(), "dnsbl-unknown", "bad zones: finding");
	T_EQ_STR(got, "dnsbl=unknown\ndnsbl_error=bad-zones\n",
	    "bad zones: keys");
}

static void
dnsbl_limit(void)
{
	setup(1, 2, "bl.test", NULL);
	a.nlk = MX_LOOKUPS_MAX - 1;	/* room for one lookup only */
	addrs(0);
	T_EQ_INT(a.dnsbl.n, 1, "limit: one check made");
	T_EQ_INT(a.dnsbl.limit, 1, "limit: the other cut");
	code("1.2.0.192.bl.test", 0);
	judge();
	T_EQ_INT(a.dnsbl.res, CHK_DNSBL_R_UNKNOWN, "limit: unknown");
	T_EQ_INT(a.dnsbl.addr_v[0][1], CHK_DNSBL_V_UNKNOWN,
	    "limit: the cut address unknown");
	T_EQ_STR(findings(), "dnsbl-truncated", "limit: finding");
	T_EQ_INT(verdict_status(&a.vd), ST_UNKNOWN, "limit: status");
	T_EQ_INT(score_get(&a.score, SC_DNSBL), -1, "limit: no score");
	T_OK(strstr(got, "mx1_dnsbl_a1=ok\nmx1_dnsbl_a2=unknown\n"
	    "dnsbl=unknown\n") == got && strstr(got,
	    "dnsbl_truncated=yes\n") != NULL, "limit: keys");
}

int
main(void)
{
	dnsbl_ok();
	dnsbl_listed();
	dnsbl_shared();
	dnsbl_off();
	dnsbl_limit();
	return T_DONE();
}
