/*
 * fuzz_spf.c -- the SPF core on arbitrary bytes.
 *
 * Input: a first line (up to '\n'), then the rest, the "DNS stream".
 *   - The first line is parsed as a record (spf_parse, spf_iter: every
 *     term inside the text, its cidrs in range, the error inside the
 *     text), expanded as a macro-string both ways and as a target name
 *     (the name must be dnsmsg text that dnsmsg_query takes, <= 253
 *     octets of labels <= 63).
 *   - check_host() then runs with the first line as the top record and
 *     every later answer read from the DNS stream: one byte per answer
 *     (outcome = b & 3: ok, nodata, nxdomain, error; records = b >> 2,
 *     0-63), then per record a line (TXT, MX and PTR names) or 4/16 bytes
 *     (A, AAAA); a TXT line starting with '!' is fed as truncated.  A
 *     stream that ran dry answers NXDOMAIN.  It must end
 *     within the query bound, never have two queries out, keep its
 *     counters within the limits (+1 for the one that fails) and name
 *     a problem for each error.
 *   - The walk runs on the same stream again (from its start), its
 *     answers given newest first: bounded queries and nodes, at most
 *     MX_SPF_WALK_INFLIGHT out, a verdict with a problem when invalid.
 * The target traps on any violation.
 *
 * Seeds (tests/fuzz/corpus/spf/): real_* are records as published by
 * large senders (shapes, not copies), with plausible answers behind;
 * bad_* are hostile: syntax at the edges, macro bombs, include loops,
 * MX floods, NUL and 8-bit bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/dnsmsg.h"
#include "mxprobe/spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* queries of one check_host: per counted term a fetch and 10 names */
#define EVAL_QUERIES_MAX	(1 + (MX_SPF_LOOKUPS_MAX + 1) * \
				 (2 + MX_SPF_MX_NAMES_MAX))

static struct spf_eval	 ev;
static struct spf_walk	 wk;

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
check_name(const char *s)
{
	unsigned char	 q[MX_DNS_QUERY_MAX];
	size_t		 n = strlen(s);

	check(n >= 1 && n <= MX_NAME_MAX);
	check(dnsmsg_query(q, sizeof q, 1, s, DNSMSG_T_TXT, 0) > 0);
}

static void
check_prob(const struct spf_problem *p)
{
	check(p->code > SPF_E_OK && p->code < SPF_E__COUNT);
	check(strlen(p->domain) <= MX_NAME_MAX);
	check(strlen(p->term) < sizeof p->term);
}

/* ---- the DNS stream ------------------------------------------------- */

struct stream {
	const uint8_t	*p;
	size_t		 len, off;
};

static int
s_byte(struct stream *s, int *b)
{
	if (s->off >= s->len)
		return -1;
	*b = s->p[s->off++];
	return 0;
}

/* The next line (without '\n'). */
static int
s_line(struct stream *s, const uint8_t **l, size_t *n)
{
	size_t e;

	if (s->off >= s->len)
		return -1;
	for (e = s->off; e < s->len && s->p[e] != '\n'; e++)
		;
	*l = s->p + s->off;
	*n = e - s->off;
	s->off = e < s->len ? e + 1 : e;
	return 0;
}

typedef void (*rr_fn)(void *m, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated);

/* Answers one query from the stream; returns the outcome. */
static enum spf_dns
answer(struct stream *s, void *m, rr_fn rr, unsigned tag, uint16_t type)
{
	const uint8_t	*l;
	char		 name[MX_NAME_MAX + 1];
	size_t		 n;
	int		 b, k, nrec;

	if (s_byte(s, &b))
		return SPF_DNS_NXDOMAIN;
	nrec = b >> 2;
	for (k = 0; k < nrec; k++) {
		switch (type) {
		case DNSMSG_T_A:
		case DNSMSG_T_AAAA:
			n = type == DNSMSG_T_A ? 4 : 16;
			if (s->len - s->off < n)
				return SPF_DNS_NXDOMAIN;
			rr(m, tag, type, s->p + s->off, n, 0);
			s->off += n;
			break;
		case DNSMSG_T_TXT:
			if (s_line(s, &l, &n))
				return SPF_DNS_NXDOMAIN;
			rr(m, tag, type, l, n, n > 0 && l[0] == '!');
			break;
		default:	/* names: as dnsmsg hands them out */
			if (s_line(s, &l, &n))
				return SPF_DNS_NXDOMAIN;
			if (n > MX_NAME_MAX)
				n = MX_NAME_MAX;
			memcpy(name, l, n);
			name[n] = '\0';
			rr(m, tag, type, name, n, 0);
			break;
		}
	}
	return (enum spf_dns)(b & 3);
}

static void
ev_rr(void *m, unsigned tag, uint16_t type, const void *d, size_t n, int t)
{
	spf_eval_rr(m, tag, type, d, n, t);
}

static void
wk_rr(void *m, unsigned tag, uint16_t type, const void *d, size_t n, int t)
{
	spf_walk_rr(m, tag, type, d, n, t);
}

/* ---- the parts ------------------------------------------------------ */

static void
fuzz_syntax(const char *rec, size_t len)
{
	struct spf_record	 r;
	struct spf_iter		 it;
	struct spf_term		 t;
	unsigned		 n = 0;
	int			 rc, prc;

	prc = spf_parse(rec, len, &r);
	check(prc == 0 ? r.err == SPF_E_OK : (r.err == SPF_E_SYNTAX ||
	    r.err == SPF_E_DUP_MODIFIER));
	check(prc != 0 || spf_is_record(rec, len));
	if (prc != 0)
		check(r.err_off <= len && r.err_len <= len - r.err_off);
	spf_iter_init(&it, rec, len);
	while ((rc = spf_iter_next(&it, &t)) == 1) {
		n++;
		check(t.text >= rec && t.text_len > 0 &&
		    t.text + t.text_len <= rec + len);
		check(t.spec == NULL || (t.spec >= t.text &&
		    t.spec + t.spec_len <= t.text + t.text_len));
		check(t.cidr4 <= 32 && t.cidr6 <= 128);
		check(strchr("+-~?", t.qual) != NULL && t.qual != '\0');
		check(t.kind < SPF_K__COUNT);
		check(memchr(t.text, ' ', t.text_len) == NULL);
	}
	check((rc == 0) == (prc == 0));
	check(prc != 0 || n == r.nterms);
	check(prc != 0 || r.lookups <= n + 1);
}

static void
fuzz_macro(const char *s, size_t len)
{
	struct spf_macro_ctx	 c;
	char			 out[600], name[MX_NAME_MAX + 1];
	size_t			 n, i, lab;
	int			 rc, f;

	memset(&c, 0, sizeof c);
	c.family = AF_INET6;
	memcpy(c.ip, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\xcb\x01", 16);
	c.sender = "strong-bad@email.example.com";
	c.domain = "email.example.com";
	c.helo = "mx.example.org";
	for (f = 0; f < 2; f++) {
		rc = spf_macro_expand(&c, s, len, f ? SPF_MACRO_EXP : 0, out,
		    sizeof out, &n);
		check(rc == SPF_MACRO_OK || rc == SPF_MACRO_SYNTAX ||
		    rc == SPF_MACRO_LONG);
		check(n < sizeof out && out[n] == '\0' &&
		    (rc == SPF_MACRO_OK || n == 0));
	}
	rc = spf_macro_target(&c, s, len, name);
	check(rc == SPF_MACRO_OK || rc == SPF_MACRO_SYNTAX ||
	    rc == SPF_MACRO_BADNAME);
	if (rc != SPF_MACRO_OK) {
		check(name[0] == '\0');
		return;
	}
	check_name(name);
	for (i = 0, lab = 0; name[i] != '\0'; i++) {
		check(name[i] > 0x20 && name[i] < 0x7f);
		lab = name[i] == '.' ? 0 : lab + 1;
	}
	/* the walk's context: no sender, no address */
	c.family = 0;
	c.sender = NULL;
	rc = spf_macro_target(&c, s, len, name);
	check(rc != SPF_MACRO_LONG);
}

static void
fuzz_eval(const char *rec, size_t reclen, const uint8_t *dns, size_t dlen,
    int six)
{
	struct stream	 s = { dns, dlen, 0 };
	struct spf_query q, q2;
	unsigned	 nq = 0;
	static const unsigned char ip[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0xcb, 0x01 };
	static const unsigned char ip4[4] = { 192, 0, 2, 3 };
	enum spf_dns	 o;
	int		 first = 1;

	spf_eval_start(&ev, six ? AF_INET6 : AF_INET, six ? ip : ip4,
	    "email.example.com", "strong-bad@email.example.com", NULL);
	while (!ev.done) {
		check(spf_eval_next(&ev, &q) == 1);
		check(spf_eval_next(&ev, &q2) == 0);
		check(++nq <= EVAL_QUERIES_MAX);
		check_name(q.name);
		if (first) {	/* the top record is the first line */
			check(q.type == DNSMSG_T_TXT);
			spf_eval_rr(&ev, q.tag, q.type, rec, reclen, 0);
			spf_eval_end(&ev, q.tag, SPF_DNS_OK);
			first = 0;
			continue;
		}
		o = answer(&s, &ev, ev_rr, q.tag, q.type);
		spf_eval_end(&ev, q.tag, o);
	}
	check(ev.result < SPF_R__COUNT);
	check(ev.lookups <= MX_SPF_LOOKUPS_MAX + 1);
	check(ev.voids <= MX_SPF_VOID_MAX + 1);
	if (ev.result == SPF_PERMERROR || ev.result == SPF_TEMPERROR)
		check_prob(&ev.prob);
	if (ev.lookups > MX_SPF_LOOKUPS_MAX || ev.voids > MX_SPF_VOID_MAX)
		check(ev.result == SPF_PERMERROR);
	check(spf_eval_next(&ev, &q) == 0);
}

static void
fuzz_walk(const char *rec, size_t reclen, const uint8_t *dns, size_t dlen)
{
	struct stream	 s = { dns, dlen, 0 };
	struct spf_query q[MX_SPF_WALK_INFLIGHT + 1];
	unsigned	 n, k, total = 0;
	enum spf_dns	 o;

	spf_walk_start(&wk, "email.example.com");
	check(spf_walk_next(&wk, &q[0]) == 1 && q[0].type == DNSMSG_T_TXT);
	spf_walk_rr(&wk, q[0].tag, DNSMSG_T_TXT, rec, reclen, 0);
	spf_walk_end(&wk, q[0].tag, SPF_DNS_OK);
	while (!wk.done) {
		for (n = 0; n <= MX_SPF_WALK_INFLIGHT &&
		    spf_walk_next(&wk, &q[n]); n++)
			check_name(q[n].name);
		check(n > 0 && n <= MX_SPF_WALK_INFLIGHT);
		total += n;
		check(total <= 2 * MX_SPF_WALK_NODES);
		for (k = n; k-- > 0;) {
			o = answer(&s, &wk, wk_rr, q[k].tag, q[k].type);
			spf_walk_end(&wk, q[k].tag, o);
		}
	}
	check(wk.nnodes >= 1 && wk.nnodes <= MX_SPF_WALK_NODES);
	check(wk.status < SPF_ST__COUNT && wk.weak < SPF_W__COUNT);
	check(wk.record_len <= MX_SPF_RECORD_MAX);
	if (wk.status == SPF_ST_INVALID || wk.status == SPF_ST_TEMPERROR ||
	    wk.status == SPF_ST_LIMIT)
		check_prob(&wk.prob);
	if (wk.status == SPF_ST_OK || wk.status == SPF_ST_WEAK)
		check(wk.lookups <= MX_SPF_LOOKUPS_MAX &&
		    wk.voids <= MX_SPF_VOID_MAX && (wk.status == SPF_ST_WEAK) ==
		    (wk.weak != SPF_W_NO));
	check(wk.all == 0 || strchr("+-~?", wk.all) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		 l;
	const char	*rec = (const char *)data;

	for (l = 0; l < size && data[l] != '\n'; l++)
		;
	fuzz_syntax(rec, l);
	fuzz_macro(rec, l);
	if (l > MX_SPF_RECORD_MAX)
		l = MX_SPF_RECORD_MAX;
	data += l < size ? l + 1 : l;
	size -= l < size ? l + 1 : l;
	fuzz_eval(rec, l, data, size, 0);
	fuzz_eval(rec, l, data, size, 1);
	fuzz_walk(rec, l, data, size);
	return 0;
}
