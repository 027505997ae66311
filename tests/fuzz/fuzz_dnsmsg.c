/*
 * fuzz_dnsmsg.c -- the DNS message core on arbitrary bytes.
 *
 * The input is read three ways:
 *   - as a message: iterated record by record, every decoder run on every
 *     record (decoders do not look at the type, so each one parses every
 *     rdata), every output checked against its contract;
 *   - as a reply to its own first question (id and question taken from
 *     it): if dnsmsg_check_reply accepts it, the walk must succeed, every
 *     record's own-type decoder must succeed and dnsmsg_answer may only
 *     fail on a CNAME loop or the chain bound;
 *   - as a name in text form (up to the first NUL): if dnsmsg_query takes
 *     it, the query reads back to the same text and checks as a reply.
 * Every name handed out must be printable text within MX_NAME_MAX and go
 * back into dnsmsg_query unchanged.  The target traps on any violation.
 *
 * Seeds (tests/fuzz/corpus/dnsmsg/): unbound_* are replies of a real
 * unbound 1.17 (see tests/unit/test_dnsmsg.c); bad_* are hand-built
 * hostile messages; text_* are names in text form.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/dnsmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char		 txt[MX_TXT_MAX];
static char		 text[1024];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

/* A name handed out: bounded, printable, and it round-trips. */
static void
check_name(const char *s)
{
	unsigned char		 q[MX_DNS_QUERY_MAX];
	struct dnsmsg_iter	 it;
	size_t			 i, n = strlen(s);
	int			 k;

	check(n >= 1 && n <= MX_NAME_MAX);
	for (i = 0; i < n; i++)
		check(s[i] > 0x20 && s[i] < 0x7f);
	check(dnsmsg_name_eq(s, s));
	k = dnsmsg_query(q, sizeof(q), 1, s, 1, DNSMSG_Q_DO);
	check(k > 0 && (size_t)k <= sizeof(q));
	check(dnsmsg_iter_init(&it, q, (size_t)k) == MX_OK);
	check(strcmp(it.qname, s) == 0);
}

static int
is_dns_err(enum mx_err e)
{
	return e == MX_E_DNS_FORMAT || e == MX_E_DNS_NAME ||
	    e == MX_E_DNS_POINTER || e == MX_E_LIMIT;
}

/* Every decoder on rr; returns the result of its own type's decoder. */
static enum mx_err
decode_all(const struct dnsmsg_rr *rr, const uint8_t *data, size_t size)
{
	struct dnsmsg_mx	 mx;
	struct dnsmsg_soa	 soa;
	struct dnsmsg_txt	 t;
	struct dnsmsg_tlsa	 tlsa;
	struct dnsmsg_opt	 opt;
	unsigned char		 ip[16];
	char			 name[MX_NAME_MAX + 1];
	enum mx_err		 e, own = MX_OK;

	e = dnsmsg_rr_a(rr, ip);
	check(e == MX_OK ? rr->rdlength == 4 : e == MX_E_DNS_FORMAT);
	if (rr->type == DNSMSG_T_A)
		own = e;
	e = dnsmsg_rr_aaaa(rr, ip);
	check(e == MX_OK ? rr->rdlength == 16 : e == MX_E_DNS_FORMAT);
	if (rr->type == DNSMSG_T_AAAA)
		own = e;
	e = dnsmsg_rr_name(rr, name);
	check(e == MX_OK || is_dns_err(e));
	if (e == MX_OK)
		check_name(name);
	if (rr->type == DNSMSG_T_NS || rr->type == DNSMSG_T_CNAME ||
	    rr->type == DNSMSG_T_PTR)
		own = e;
	e = dnsmsg_rr_mx(rr, &mx);
	check(e == MX_OK || is_dns_err(e));
	if (e == MX_OK)
		check_name(mx.exchange);
	if (rr->type == DNSMSG_T_MX)
		own = e;
	e = dnsmsg_rr_soa(rr, &soa);
	check(e == MX_OK || is_dns_err(e));
	if (e == MX_OK) {
		check_name(soa.mname);
		check_name(soa.rname);
	}
	if (rr->type == DNSMSG_T_SOA)
		own = e;
	e = dnsmsg_rr_txt(rr, txt, sizeof(txt), &t);
	check(e == MX_OK || e == MX_E_DNS_FORMAT);
	if (e == MX_OK) {
		check(t.len < sizeof(txt) && txt[t.len] == '\0');
		check(t.len <= t.total && t.truncated == (t.len < t.total));
		check(t.nstrings >= 1 && t.total + t.nstrings == rr->rdlength);
	}
	if (rr->type == DNSMSG_T_TXT)
		own = e;
	e = dnsmsg_rr_tlsa(rr, &tlsa);
	check(e == MX_OK || e == MX_E_DNS_FORMAT);
	if (e == MX_OK)
		check(tlsa.dlen + 3 == rr->rdlength &&
		    tlsa.data == rr->msg + rr->rdoff + 3 &&
		    tlsa.data + tlsa.dlen <= data + size);
	if (rr->type == DNSMSG_T_TLSA)
		own = e;
	e = dnsmsg_rr_opt(rr, &opt);
	check(e == MX_OK || e == MX_E_DNS_FORMAT);
	if (e == MX_OK)
		check(strcmp(rr->name, ".") == 0 &&
		    opt.noptions * 4 <= rr->rdlength && opt.udp == rr->class);
	if (rr->type == DNSMSG_T_OPT)
		own = e;
	return own;
}

/* Walks all records; returns the final rc of dnsmsg_rr_next. */
static int
walk(const uint8_t *data, size_t size, int checked)
{
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	enum mx_err		 e;
	unsigned		 n = 0;
	int			 rc;

	if (dnsmsg_iter_init(&it, data, size) != MX_OK) {
		check(is_dns_err(it.err) && !checked);
		check(dnsmsg_rr_next(&it, &rr) == -1);
		return -1;
	}
	if (it.qdcount > 0)
		check_name(it.qname);
	while ((rc = dnsmsg_rr_next(&it, &rr)) == 1) {
		check(rr.index == n++);
		check(rr.msg == data && rr.msglen == size);
		check(rr.rdoff <= size && rr.rdlength <= size - rr.rdoff);
		check(rr.section >= DNSMSG_SEC_ANSWER &&
		    rr.section <= DNSMSG_SEC_ADDITIONAL);
		check_name(rr.name);
		e = decode_all(&rr, data, size);
		if (checked)
			check(e == MX_OK);
	}
	if (rc < 0) {
		check(is_dns_err(it.err));
		/* sticky */
		check(dnsmsg_rr_next(&it, &rr) == -1);
	} else
		check(dnsmsg_rr_next(&it, &rr) == 0);
	check(!checked || rc == 0);
	return rc;
}

static void
as_reply(const uint8_t *data, size_t size)
{
	struct dnsmsg_iter	 it;
	struct dnsmsg_hdr	 h;
	struct dnsmsg_answer	 a;
	enum mx_err		 e, ea;
	uint16_t		 id;
	int			 ok;

	if (dnsmsg_iter_init(&it, data, size) != MX_OK || it.qdcount == 0) {
		walk(data, size, 0);
		return;
	}
	id = (uint16_t)(data[0] << 8 | data[1]);
	e = dnsmsg_check_reply(data, size, id, it.qname, it.qtype, &h);
	ok = e == MX_OK;
	check(ok || is_dns_err(e) || e == MX_E_DNS_MISMATCH);
	if (e == MX_E_DNS_MISMATCH)
		check(!h.qr || h.opcode != 0 || h.qdcount != 1 ||
		    it.qclass != DNSMSG_C_IN);
	walk(data, size, ok);
	ea = dnsmsg_answer(data, size, it.qname, it.qtype, &a);
	check(ea == MX_OK || ea == MX_E_DNS_CNAME_LOOP || is_dns_err(ea));
	check(a.cnames <= MX_DNS_CNAME_MAX);
	if (ok)
		check(ea == MX_OK || ea == MX_E_DNS_CNAME_LOOP ||
		    ea == MX_E_LIMIT);
	if (ea != MX_OK)
		return;
	check_name(a.owner);
	check(a.count <= h.ancount || !ok);
	if (ok) {
		check(a.rcode == h.rcode);
		check(a.kind == (a.rcode == DNSMSG_R_NXDOMAIN ?
		    DNSMSG_ANS_NXDOMAIN : a.rcode != DNSMSG_R_NOERROR ?
		    DNSMSG_ANS_RCODE : a.count ? DNSMSG_ANS_DATA :
		    DNSMSG_ANS_NODATA));
		check(a.cnames > 0 || dnsmsg_name_eq(a.owner, it.qname));
	}
}

static void
as_text(const uint8_t *data, size_t size)
{
	unsigned char		 q[MX_DNS_QUERY_MAX];
	struct dnsmsg_iter	 it;
	struct dnsmsg_hdr	 h;
	size_t			 n = size < sizeof(text) - 1 ? size :
				     sizeof(text) - 1;
	int			 k;

	memcpy(text, data, n);
	text[n] = '\0';
	k = dnsmsg_query(q, sizeof(q), 0x4242, text, 16, DNSMSG_Q_RD |
	    DNSMSG_Q_DO);
	check(k == -1 || (k > 12 && (size_t)k <= sizeof(q)));
	/* (a valid name whose escaped text is too long is refused too) */
	if (k < 0)
		return;
	check(dnsmsg_name_eq(text, text));
	check(dnsmsg_iter_init(&it, q, (size_t)k) == MX_OK);
	check(dnsmsg_name_eq(it.qname, text));
	check_name(it.qname);
	q[2] |= 0x80;
	check(dnsmsg_check_reply(q, (size_t)k, 0x4242, text, 16, &h) ==
	    MX_OK && h.edns && h.edns_do && h.edns_udp == MX_DNS_UDP_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_reply(data, size);
	as_text(data, size);
	return 0;
}
