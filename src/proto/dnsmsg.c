/*
 * dnsmsg.c -- DNS messages: queries, reply checks, records (see dnsmsg.h).
 *
 * IMPLEMENTATION NOTES
 *
 * Pure core: functions over the caller's byte buffer; no fd, no clock, no
 * heap, no state between calls.  Every read goes through one bounded
 * cursor (struct rd); rdata is read through rd_sub over exactly rdlength
 * bytes, and a decoder that leaves a byte unread fails (OpenSMTPD's "bad
 * dlen").  Lengths from the wire are only ever compared with what remains,
 * never added to an offset first.
 *
 * Message layout (RFC 1035 4.1): 12-byte header, then qdcount questions,
 * then ancount + nscount + arcount records, then nothing: a byte after the
 * last record is an error (B4: unpack every record, reject trailing bytes).
 *
 * Names (RFC 1035 3.1, 4.1.4; RFC 6891 9 retired the 0x40 label type and
 * 0x80 was never assigned):
 *   - a label is 1-63 octets, a name at most 255 octets on the wire, its
 *     root label included;
 *   - a compression pointer must point strictly before the start of the
 *     label sequence that holds it (asr's rule), and after a jump the
 *     labels read must end before that start too (a name a compressor
 *     points at was written whole before the pointer): each hop shrinks
 *     the window, so no loop can exist, and MX_DNS_HOPS_MAX caps the work
 *     of chains of pointers to pointers.  A pointer into the 12-byte
 *     header never names anything and is refused.
 *   - the in-place part of a name must lie inside its field: the message
 *     for owner names, the rdata for names in MX/CNAME/NS/PTR/SOA.
 * Names are unpacked to wire form (uncompressed labels, <= 255 octets),
 * compared there (ASCII case folding only: RFC 4343), and turned into
 * escaped text (RFC 1035 5.1) only for the caller.  Text from the caller
 * goes the other way through one parser, shared by the query builder and
 * dnsmsg_name_eq, so a name read from a reply can be queried exactly.
 *
 * Reply checks (asr validate_packet, s6-dns relevant, musl): QR, opcode,
 * id, qdcount == 1 and the echoed question decide whether the datagram is
 * ours at all (dns-mismatch: the engine drops it and keeps waiting); then
 * the whole message must unpack, each known type through its decoder, with
 * at most one OPT RR (RFC 6891 6.1.1), in the additional section, owned by
 * the root.
 *
 * Answers (RFC 1034 3.6.2, 4.3.2; RFC 2308; RFC 6604): the CNAME chain is
 * followed from qname through the answer section; NXDOMAIN and NODATA are
 * about its last name.  A loop is a CNAME record used twice: since the
 * first CNAME of an owner is always the one taken, that is the same as a
 * name met twice.
 */
#include <string.h>

#include "mxprobe/ascii.h"
#include "mxprobe/dnsmsg.h"

/* Names unpack into MX_NAME_MAX octets: the RFC 1035 bound on the wire. */
_Static_assert(MX_NAME_MAX == 255, "wire names are 255 octets at most");
/* The 11-byte OPT RR, question and header fit in a query buffer. */
_Static_assert(MX_DNS_QUERY_MAX >= DNSMSG_HDR_LEN + MX_NAME_MAX + 4 + 11,
    "MX_DNS_QUERY_MAX too small");
/* Offsets and rdlengths are 16-bit on the wire. */
_Static_assert(MX_DNS_MSG_MAX <= 65535, "no DNS message is longer");
_Static_assert(MX_DNS_UDP_MAX >= 512 && MX_DNS_UDP_MAX <= MX_DNS_MSG_MAX,
    "RFC 6891 6.2.5: a payload size below 512 means 512");

#define HDR_QR		0x8000u
#define HDR_AA		0x0400u
#define HDR_TC		0x0200u
#define HDR_RD		0x0100u
#define HDR_RA		0x0080u
#define HDR_AD		0x0020u
#define HDR_CD		0x0010u
#define OPT_DO		0x8000u	/* OPT RR TTL, RFC 3225 3 */

/* A name in wire form: uncompressed labels, root label included. */
struct wname {
	size_t		 len;
	unsigned char	 b[MX_NAME_MAX];
};

/* A cursor reading past its end means the message is malformed. */
static enum mx_err
dns_err(enum mx_err e)
{
	return e == MX_E_SHORT ? MX_E_DNS_FORMAT : e;
}

static int
wname_eq(const struct wname *a, const struct wname *b)
{
	size_t i;

	if (a->len != b->len)
		return 0;
	/* labels line up, so folding length bytes too is harmless (< 64) */
	for (i = 0; i < a->len; i++)
		if (ascii_lower(a->b[i]) != ascii_lower(b->b[i]))
			return 0;
	return 1;
}

/*
 * Unpacks the name at r's position; r is a cursor over msg[base..base +
 * r->len), base = r->p - msg (the whole message, or one rdata).  r skips
 * the name's in-place part.  Returns MX_OK or the error (also set in r).
 */
static enum mx_err
name_unpack(const unsigned char *msg, struct rd *r, struct wname *w)
{
	size_t	 base, pos, end, lim, used, n;
	unsigned hops;
	int	 jumped;

	if (r->err)
		return dns_err(r->err);
	base = (size_t)(r->p - msg);
	pos = base + r->off;
	end = base + r->len;
	lim = pos;		/* a pointer must point before this */
	used = 0;
	hops = 0;
	jumped = 0;
	w->len = 0;
	for (;;) {
		if (pos >= end)
			goto short_;
		n = msg[pos];
		switch (n & 0xc0) {
		case 0x00:
			if (end - pos - 1 < n)
				goto short_;
			/* + length byte, and the root label still to come */
			if (w->len + 1 + n + (n ? 1 : 0) > MX_NAME_MAX) {
				rd_fail(r, MX_E_DNS_NAME);
				return MX_E_DNS_NAME;
			}
			memcpy(w->b + w->len, msg + pos, 1 + n);
			w->len += 1 + n;
			pos += 1 + n;
			if (n != 0)
				break;
			if (!jumped)
				used = pos - (base + r->off);
			rd_bytes(r, used, NULL);
			return MX_OK;
		case 0xc0:
			if (end - pos < 2)
				goto short_;
			if (!jumped) {
				used = pos + 2 - (base + r->off);
				jumped = 1;
			}
			n = (n & 0x3f) << 8 | msg[pos + 1];
			if (n >= lim || n < DNSMSG_HDR_LEN ||
			    ++hops > MX_DNS_HOPS_MAX) {
				rd_fail(r, MX_E_DNS_POINTER);
				return MX_E_DNS_POINTER;
			}
			/* the target sequence ends before the one we left */
			end = lim;
			lim = pos = n;
			break;
		default:	/* 0x40 extended, 0x80 unassigned */
			rd_fail(r, MX_E_DNS_NAME);
			return MX_E_DNS_NAME;
		}
	}
short_:
	/* after a jump the window ends where the pointer's sequence began */
	rd_fail(r, jumped ? MX_E_DNS_POINTER : MX_E_DNS_FORMAT);
	return jumped ? MX_E_DNS_POINTER : MX_E_DNS_FORMAT;
}

/* Wire form to escaped text (see dnsmsg.h); limit if it does not fit. */
static enum mx_err
name_text(const struct wname *w, char out[MX_NAME_MAX + 1])
{
	size_t	 i, o, n, k;
	unsigned c;

	if (w->len == 1) {
		out[0] = '.';
		out[1] = '\0';
		return MX_OK;
	}
	o = 0;
	for (i = 0; i < w->len && (n = w->b[i]) != 0; i += 1 + n) {
		if (o > 0) {
			if (o == MX_NAME_MAX)
				goto limit;
			out[o++] = '.';
		}
		for (k = 1; k <= n; k++) {
			c = w->b[i + k];
			if (c == '.' || c == '\\') {
				if (MX_NAME_MAX - o < 2)
					goto limit;
				out[o++] = '\\';
				out[o++] = (char)c;
			} else if (c < 0x21 || c > 0x7e) {
				if (MX_NAME_MAX - o < 4)
					goto limit;
				o += dnsmsg_ddd(out + o, c);
			} else {
				if (o == MX_NAME_MAX)
					goto limit;
				out[o++] = (char)c;
			}
		}
	}
	out[o] = '\0';
	return MX_OK;
limit:
	out[0] = '\0';
	return MX_E_LIMIT;
}

/* Text (see dnsmsg.h) to wire form; dns-bad-name if it is no name. */
static enum mx_err
name_wire(const char *s, struct wname *w)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 o, lpos;
	unsigned		 n, c;

	if (p[0] == '.' && p[1] == '\0') {
		w->b[0] = 0;
		w->len = 1;
		return MX_OK;
	}
	o = 0;
	for (;;) {
		/* length byte, one octet and the root must still fit */
		if (o + 3 > MX_NAME_MAX)
			return MX_E_DNS_NAME;
		lpos = o++;
		n = 0;
		while (*p != '\0' && *p != '.') {
			c = *p++;
			if (c == '\\') {
				if (ascii_is_digit(p[0])) {
					if (!ascii_is_digit(p[1]) ||
					    !ascii_is_digit(p[2]))
						return MX_E_DNS_NAME;
					c = (p[0] - '0') * 100u +
					    (p[1] - '0') * 10u + (p[2] - '0');
					if (c > 255)
						return MX_E_DNS_NAME;
					p += 3;
				} else if (*p == '\0')
					return MX_E_DNS_NAME;
				else
					c = *p++;
			}
			/* room for this octet and the root label */
			if (n == 63 || o + 2 > MX_NAME_MAX)
				return MX_E_DNS_NAME;
			w->b[o++] = (unsigned char)c;
			n++;
		}
		if (n == 0)		/* "", ".a", "a..b" */
			return MX_E_DNS_NAME;
		w->b[lpos] = (unsigned char)n;
		if (*p == '\0' || *++p == '\0')	/* the dot is optional */
			break;
	}
	w->b[o++] = 0;
	w->len = o;
	return MX_OK;
}

/* see dnsmsg.h */
int
dnsmsg_name_eq(const char *a, const char *b)
{
	struct wname wa, wb;

	if (name_wire(a, &wa) || name_wire(b, &wb))
		return 0;
	return wname_eq(&wa, &wb);
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* see dnsmsg.h */
int
dnsmsg_query(unsigned char *buf, size_t cap, uint16_t id, const char *qname,
    uint16_t qtype, unsigned flags)
{
	struct wname	 w;
	char		 text[MX_NAME_MAX + 1];
	size_t		 n;
	int		 edns;

	/* no name of a reply could stand for one whose text does not fit */
	if (name_wire(qname, &w) || name_text(&w, text))
		return -1;
	edns = (flags & (DNSMSG_Q_EDNS | DNSMSG_Q_DO)) != 0;
	n = DNSMSG_HDR_LEN + w.len + 4 + (edns ? 11 : 0);
	if (n > cap)
		return -1;
	memset(buf, 0, DNSMSG_HDR_LEN);
	put16(buf, id);
	put16(buf + 2, flags & DNSMSG_Q_RD ? HDR_RD : 0);
	put16(buf + 4, 1);
	put16(buf + 10, edns);
	memcpy(buf + DNSMSG_HDR_LEN, w.b, w.len);
	put16(buf + DNSMSG_HDR_LEN + w.len, qtype);
	put16(buf + DNSMSG_HDR_LEN + w.len + 2, DNSMSG_C_IN);
	if (edns) {
		unsigned char *o = buf + DNSMSG_HDR_LEN + w.len + 4;

		o[0] = 0;			/* owner: the root */
		put16(o + 1, DNSMSG_T_OPT);
		put16(o + 3, MX_DNS_UDP_MAX);	/* class: payload size */
		put16(o + 5, 0);		/* ext. rcode 0, version 0 */
		put16(o + 7, flags & DNSMSG_Q_DO ? OPT_DO : 0);
		put16(o + 9, 0);		/* no options */
	}
	return (int)n;
}

/* ---- records -------------------------------------------------------- */

static enum mx_err
iter_fail(struct dnsmsg_iter *it, enum mx_err e)
{
	if (it->err == MX_OK)
		it->err = dns_err(e);
	rd_fail(&it->r, it->err);
	return it->err;
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_iter_init(struct dnsmsg_iter *it, const void *msg, size_t len)
{
	struct wname	 w;
	uint16_t	 i, type, class;
	enum mx_err	 e;

	rd_init(&it->r, msg, len);
	it->err = MX_OK;
	it->qdcount = it->left[0] = it->left[1] = it->left[2] = 0;
	it->index = 0;
	it->qname[0] = '\0';
	it->qtype = it->qclass = 0;
	if (len > MX_DNS_MSG_MAX)
		return iter_fail(it, MX_E_DNS_FORMAT);
	rd_bytes(&it->r, 4, NULL);		/* id, flags */
	rd_u16(&it->r, &it->qdcount);
	rd_u16(&it->r, &it->left[0]);
	rd_u16(&it->r, &it->left[1]);
	rd_u16(&it->r, &it->left[2]);
	if (it->r.err)
		return iter_fail(it, it->r.err);
	for (i = 0; i < it->qdcount; i++) {
		if ((e = name_unpack(it->r.p, &it->r, &w)) != MX_OK)
			return iter_fail(it, e);
		rd_u16(&it->r, &type);
		rd_u16(&it->r, &class);
		if (it->r.err)
			return iter_fail(it, it->r.err);
		if (i > 0)
			continue;
		if ((e = name_text(&w, it->qname)) != MX_OK)
			return iter_fail(it, e);
		it->qtype = type;
		it->qclass = class;
	}
	return MX_OK;
}

/* dnsmsg_rr_next, also giving the owner in wire form. */
static int
iter_next(struct dnsmsg_iter *it, struct dnsmsg_rr *rr, struct wname *w)
{
	unsigned	 sec;
	enum mx_err	 e;

	if (it->err)
		return -1;
	for (sec = 0; sec < 3 && it->left[sec] == 0; sec++)
		;
	if (sec == 3) {
		if (rd_left(&it->r) != 0) {
			iter_fail(it, MX_E_DNS_FORMAT);
			return -1;
		}
		return 0;
	}
	if ((e = name_unpack(it->r.p, &it->r, w)) != MX_OK ||
	    (e = name_text(w, rr->name)) != MX_OK) {
		iter_fail(it, e);
		return -1;
	}
	rd_u16(&it->r, &rr->type);
	rd_u16(&it->r, &rr->class);
	rd_u32(&it->r, &rr->ttl);
	rd_u16(&it->r, &rr->rdlength);
	rd_sub(&it->r, rr->rdlength, &rr->rdata);
	if (it->r.err) {
		iter_fail(it, it->r.err);
		return -1;
	}
	rr->section = (enum dnsmsg_section)(DNSMSG_SEC_ANSWER + sec);
	rr->index = it->index++;
	rr->msg = it->r.p;
	rr->msglen = it->r.len;
	rr->rdoff = it->r.off - rr->rdlength;
	it->left[sec]--;
	return 1;
}

/* see dnsmsg.h */
int
dnsmsg_rr_next(struct dnsmsg_iter *it, struct dnsmsg_rr *rr)
{
	struct wname w;

	return iter_next(it, rr, &w);
}

/* A fresh cursor over rr's rdata (rr itself is never moved). */
static void
rdata(const struct dnsmsg_rr *rr, struct rd *r)
{
	*r = rr->rdata;
	r->off = 0;
}

/* The end of a decoder: no error and every rdata byte read. */
static enum mx_err
rdata_end(struct rd *r)
{
	if (r->err)
		return dns_err(r->err);
	return rd_left(r) != 0 ? MX_E_DNS_FORMAT : MX_OK;
}

/* One name inside rdata, to text. */
static enum mx_err
rdata_name(const struct dnsmsg_rr *rr, struct rd *r, char out[MX_NAME_MAX + 1])
{
	struct wname	 w;
	enum mx_err	 e;

	out[0] = '\0';
	if ((e = name_unpack(rr->msg, r, &w)) != MX_OK)
		return e;
	return name_text(&w, out);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_a(const struct dnsmsg_rr *rr, unsigned char ip[4])
{
	const unsigned char	*p;
	struct rd		 r;

	rdata(rr, &r);
	if (rd_bytes(&r, 4, &p) == 0)
		memcpy(ip, p, 4);
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_aaaa(const struct dnsmsg_rr *rr, unsigned char ip[16])
{
	const unsigned char	*p;
	struct rd		 r;

	rdata(rr, &r);
	if (rd_bytes(&r, 16, &p) == 0)
		memcpy(ip, p, 16);
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_name(const struct dnsmsg_rr *rr, char name[MX_NAME_MAX + 1])
{
	struct rd	 r;
	enum mx_err	 e;

	rdata(rr, &r);
	if ((e = rdata_name(rr, &r, name)) != MX_OK)
		return e;
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_mx(const struct dnsmsg_rr *rr, struct dnsmsg_mx *mx)
{
	struct rd	 r;
	enum mx_err	 e;

	rdata(rr, &r);
	mx->exchange[0] = '\0';
	if (rd_u16(&r, &mx->pref))
		return dns_err(r.err);
	if ((e = rdata_name(rr, &r, mx->exchange)) != MX_OK)
		return e;
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_soa(const struct dnsmsg_rr *rr, struct dnsmsg_soa *soa)
{
	struct rd	 r;
	enum mx_err	 e;

	rdata(rr, &r);
	soa->rname[0] = '\0';
	if ((e = rdata_name(rr, &r, soa->mname)) != MX_OK ||
	    (e = rdata_name(rr, &r, soa->rname)) != MX_OK)
		return e;
	rd_u32(&r, &soa->serial);
	rd_u32(&r, &soa->refresh);
	rd_u32(&r, &soa->retry);
	rd_u32(&r, &soa->expire);
	rd_u32(&r, &soa->minimum);
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_txt(const struct dnsmsg_rr *rr, char *buf, size_t cap,
    struct dnsmsg_txt *t)
{
	const unsigned char	*p;
	struct rd		 r;
	size_t			 k;
	uint8_t			 n;

	rdata(rr, &r);
	t->len = t->total = 0;
	t->nstrings = 0;
	t->truncated = 0;
	if (cap > 0)
		buf[0] = '\0';
	if (rd_left(&r) == 0)		/* "one or more" strings */
		return MX_E_DNS_FORMAT;
	while (rd_left(&r) > 0) {
		if (rd_u8(&r, &n) || rd_bytes(&r, n, &p))
			break;
		t->nstrings++;
		t->total += n;
		k = cap > 0 ? cap - 1 - t->len : 0;
		if (k > n)
			k = n;
		if (k > 0)
			memcpy(buf + t->len, p, k);
		t->len += k;
	}
	if (cap > 0)
		buf[t->len] = '\0';
	t->truncated = t->len < t->total;
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_tlsa(const struct dnsmsg_rr *rr, struct dnsmsg_tlsa *tlsa)
{
	struct rd r;

	rdata(rr, &r);
	rd_u8(&r, &tlsa->usage);
	rd_u8(&r, &tlsa->selector);
	rd_u8(&r, &tlsa->mtype);
	tlsa->dlen = rd_left(&r);
	tlsa->data = NULL;
	rd_bytes(&r, tlsa->dlen, &tlsa->data);
	return rdata_end(&r);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_rr_opt(const struct dnsmsg_rr *rr, struct dnsmsg_opt *o)
{
	struct rd	 r;
	uint16_t	 code, olen;

	o->udp = rr->class;
	o->ext_rcode = (uint8_t)(rr->ttl >> 24);
	o->version = (uint8_t)(rr->ttl >> 16);
	o->do_bit = (rr->ttl & OPT_DO) != 0;
	o->noptions = 0;
	if (strcmp(rr->name, ".") != 0)
		return MX_E_DNS_FORMAT;
	rdata(rr, &r);
	while (rd_left(&r) > 0) {
		if (rd_u16(&r, &code) || rd_u16(&r, &olen) ||
		    rd_bytes(&r, olen, NULL))
			break;
		o->noptions++;
	}
	return rdata_end(&r);
}

/* The decoder of rr's own type; MX_OK for types we do not decode. */
static enum mx_err
rr_check(const struct dnsmsg_rr *rr)
{
	union {
		unsigned char		 ip[16];
		char			 name[MX_NAME_MAX + 1];
		struct dnsmsg_mx	 mx;
		struct dnsmsg_soa	 soa;
		struct dnsmsg_txt	 txt;
		struct dnsmsg_tlsa	 tlsa;
		struct dnsmsg_opt	 opt;
	} u;

	switch (rr->type) {
	case DNSMSG_T_A:
		return dnsmsg_rr_a(rr, u.ip);
	case DNSMSG_T_AAAA:
		return dnsmsg_rr_aaaa(rr, u.ip);
	case DNSMSG_T_NS:
	case DNSMSG_T_CNAME:
	case DNSMSG_T_PTR:
		return dnsmsg_rr_name(rr, u.name);
	case DNSMSG_T_MX:
		return dnsmsg_rr_mx(rr, &u.mx);
	case DNSMSG_T_SOA:
		return dnsmsg_rr_soa(rr, &u.soa);
	case DNSMSG_T_TXT:
		return dnsmsg_rr_txt(rr, NULL, 0, &u.txt);
	case DNSMSG_T_TLSA:
		return dnsmsg_rr_tlsa(rr, &u.tlsa);
	case DNSMSG_T_OPT:
		return dnsmsg_rr_opt(rr, &u.opt);
	default:
		return MX_OK;
	}
}

static void
hdr_read(const unsigned char *p, struct dnsmsg_hdr *h)
{
	unsigned f = (unsigned)p[2] << 8 | p[3];

	h->id = (uint16_t)(p[0] << 8 | p[1]);
	h->qr = (f & HDR_QR) != 0;
	h->opcode = f >> 11 & 0xf;
	h->aa = (f & HDR_AA) != 0;
	h->tc = (f & HDR_TC) != 0;
	h->rd = (f & HDR_RD) != 0;
	h->ra = (f & HDR_RA) != 0;
	h->ad = (f & HDR_AD) != 0;
	h->cd = (f & HDR_CD) != 0;
	h->rcode = f & 0xf;
	h->qdcount = (uint16_t)(p[4] << 8 | p[5]);
	h->ancount = (uint16_t)(p[6] << 8 | p[7]);
	h->nscount = (uint16_t)(p[8] << 8 | p[9]);
	h->arcount = (uint16_t)(p[10] << 8 | p[11]);
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_check_reply(const void *msg, size_t len, uint16_t id,
    const char *qname, uint16_t qtype, struct dnsmsg_hdr *h)
{
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_opt	 opt;
	struct wname		 ours, theirs;
	struct rd		 r;
	uint16_t		 type, class;
	enum mx_err		 e;
	int			 rc;

	memset(h, 0, sizeof(*h));
	if (len < DNSMSG_HDR_LEN || len > MX_DNS_MSG_MAX)
		return MX_E_DNS_FORMAT;
	hdr_read(msg, h);
	if (!h->qr || h->opcode != 0 || h->id != id || h->qdcount != 1)
		return MX_E_DNS_MISMATCH;
	if (name_wire(qname, &ours))
		return MX_E_DNS_NAME;
	rd_init(&r, msg, len);
	rd_bytes(&r, DNSMSG_HDR_LEN, NULL);
	if ((e = name_unpack(msg, &r, &theirs)) != MX_OK)
		return e;
	rd_u16(&r, &type);
	rd_u16(&r, &class);
	if (r.err)
		return dns_err(r.err);
	if (type != qtype || class != DNSMSG_C_IN || !wname_eq(&ours, &theirs))
		return MX_E_DNS_MISMATCH;

	if ((e = dnsmsg_iter_init(&it, msg, len)) != MX_OK)
		return e;
	while ((rc = dnsmsg_rr_next(&it, &rr)) == 1) {
		if ((e = rr_check(&rr)) != MX_OK)
			return e;
		if (rr.type != DNSMSG_T_OPT)
			continue;
		if (rr.section != DNSMSG_SEC_ADDITIONAL || h->edns)
			return MX_E_DNS_FORMAT;
		dnsmsg_rr_opt(&rr, &opt);
		h->edns = 1;
		h->edns_version = opt.version;
		h->edns_udp = opt.udp;
		h->edns_do = opt.do_bit;
		h->rcode |= (unsigned)opt.ext_rcode << 4;
	}
	return rc < 0 ? it.err : MX_OK;
}

/* ---- answers -------------------------------------------------------- */

/*
 * One pass over the message for the name cur: counts the answer RRs of
 * qtype owned by cur, finds cur's first CNAME (*cidx, target in *next;
 * *cidx stays -1 without one), and the rcode and negative TTL.
 */
static enum mx_err
answer_pass(const void *msg, size_t len, const struct wname *cur,
    uint16_t qtype, struct dnsmsg_answer *a, long *cidx, struct wname *next)
{
	struct dnsmsg_iter	 it;
	struct dnsmsg_rr	 rr;
	struct dnsmsg_soa	 soa;
	struct dnsmsg_opt	 opt;
	struct wname		 w;
	struct rd		 r;
	enum mx_err		 e;
	int			 rc;

	*cidx = -1;
	a->count = 0;
	a->soa = 0;
	if ((e = dnsmsg_iter_init(&it, msg, len)) != MX_OK)
		return e;
	a->rcode = ((const unsigned char *)msg)[3] & 0xf;
	while ((rc = iter_next(&it, &rr, &w)) == 1) {
		if (rr.type == DNSMSG_T_OPT &&
		    rr.section == DNSMSG_SEC_ADDITIONAL &&
		    dnsmsg_rr_opt(&rr, &opt) == MX_OK)
			a->rcode |= (unsigned)opt.ext_rcode << 4;
		if (rr.type == DNSMSG_T_SOA &&
		    rr.section == DNSMSG_SEC_AUTHORITY && !a->soa) {
			if ((e = dnsmsg_rr_soa(&rr, &soa)) != MX_OK)
				return e;
			a->soa = 1;
			a->neg_ttl = rr.ttl < soa.minimum ? rr.ttl :
			    soa.minimum;
		}
		if (rr.section != DNSMSG_SEC_ANSWER ||
		    rr.class != DNSMSG_C_IN || !wname_eq(&w, cur))
			continue;
		if (rr.type == qtype)
			a->count++;
		else if (rr.type == DNSMSG_T_CNAME && *cidx < 0) {
			rdata(&rr, &r);
			if ((e = name_unpack(rr.msg, &r, next)) != MX_OK ||
			    (e = rdata_end(&r)) != MX_OK)
				return e;
			*cidx = (long)rr.index;
		}
	}
	return rc < 0 ? it.err : MX_OK;
}

/* see dnsmsg.h */
enum mx_err
dnsmsg_answer(const void *msg, size_t len, const char *qname, uint16_t qtype,
    struct dnsmsg_answer *a)
{
	struct wname	 cur, next;
	long		 used[MX_DNS_CNAME_MAX], cidx;
	unsigned	 i;
	enum mx_err	 e;

	a->kind = DNSMSG_ANS_RCODE;
	a->rcode = 0;
	a->owner[0] = '\0';
	a->cnames = a->count = 0;
	a->soa = 0;
	a->neg_ttl = 0;
	if (name_wire(qname, &cur))
		return MX_E_DNS_NAME;
	for (;;) {
		if ((e = answer_pass(msg, len, &cur, qtype, a, &cidx,
		    &next)) != MX_OK)
			return e;
		/* with qtype CNAME the CNAME is counted: never followed */
		if (a->count > 0 || cidx < 0)
			break;
		for (i = 0; i < a->cnames; i++)
			if (used[i] == cidx)
				return MX_E_DNS_CNAME_LOOP;
		if (a->cnames == MX_DNS_CNAME_MAX)
			return MX_E_LIMIT;
		used[a->cnames++] = cidx;
		cur = next;
	}
	if ((e = name_text(&cur, a->owner)) != MX_OK)
		return e;
	if (a->rcode == DNSMSG_R_NXDOMAIN)
		a->kind = DNSMSG_ANS_NXDOMAIN;
	else if (a->rcode == DNSMSG_R_NOERROR)
		a->kind = a->count > 0 ? DNSMSG_ANS_DATA : DNSMSG_ANS_NODATA;
	return MX_OK;
}

/* see dnsmsg.h */
size_t
dnsmsg_ddd(char *out, unsigned c)
{
	out[0] = '\\';
	out[1] = (char)('0' + c / 100 % 10);
	out[2] = (char)('0' + c / 10 % 10);
	out[3] = (char)('0' + c % 10);
	return 4;
}
