/*
 * dnsmsg.h -- DNS messages: build a query, check a reply, walk its
 * records; no I/O, no clock, no heap.
 *
 * Caller's flow (the engine owns the socket, the id and the retries):
 *
 *	n = dnsmsg_query(q, sizeof(q), id, "example.org", DNSMSG_T_MX,
 *	    DNSMSG_Q_RD | DNSMSG_Q_DO);             send q[0..n)
 *	e = dnsmsg_check_reply(m, len, id, "example.org", DNSMSG_T_MX, &h);
 *	    MX_E_DNS_MISMATCH  not ours: drop it, keep waiting (UDP)
 *	    other error        ours but broken: next server
 *	    MX_OK              h.tc: retry over TCP; h.rcode SERVFAIL or
 *	                       REFUSED: next server; else:
 *	dnsmsg_answer(m, len, "example.org", DNSMSG_T_MX, &a);
 *	dnsmsg_iter_init(&it, m, len);
 *	while (dnsmsg_rr_next(&it, &rr) == 1)
 *		if (rr.section == DNSMSG_SEC_ANSWER &&
 *		    rr.type == DNSMSG_T_MX &&
 *		    dnsmsg_name_eq(rr.name, a.owner))
 *			dnsmsg_rr_mx(&rr, &mx);
 *
 * Return values: functions that check return enum mx_err, MX_OK (0) on
 * success, so `if (f(...))` reads "if it failed".  Errors:
 *	dns-format       the message is malformed: shorter than its header,
 *	                 a record or rdata running past its end, rdata not of
 *	                 its type's shape, bytes after the last record, an
 *	                 OPT RR misplaced or repeated, a message longer
 *	                 than MX_DNS_MSG_MAX
 *	dns-bad-name     a label over 63 octets, a name over 255 octets, a
 *	                 label type 0x40 or 0x80 (RFC 6891 9: not in use)
 *	dns-bad-pointer  a compression pointer that does not point strictly
 *	                 before the label sequence holding it, points into
 *	                 the 12-byte header, or at labels that run into
 *	                 that sequence; more than MX_DNS_HOPS_MAX hops
 *	dns-mismatch     not the reply to our query
 *	dns-cname-loop   a CNAME chain inside one answer loops
 *	limit            a CNAME chain longer than MX_DNS_CNAME_MAX, or a
 *	                 name whose escaped text exceeds MX_NAME_MAX
 *
 * Names in text form (every name this module hands out, and the qname
 * it takes): labels joined by '.', no trailing dot, the root is ".".
 * Case is kept as on the wire.  Label bytes outside 0x21-0x7e are written
 * as \DDD (three decimal digits), '.' and '\' inside a label as \. and \\
 * (RFC 1035 5.1), so the text is a C string without control bytes or
 * ambiguity, and it goes back into dnsmsg_query unchanged.  A host name
 * never needs an escape; a name whose escaped text would not fit in
 * MX_NAME_MAX characters is a limit error.  On input a trailing dot is
 * optional and any \X or \DDD escape is understood.
 *
 * Compression (RFC 1035 4.1.4) is followed for owner names and for the
 * names inside MX, CNAME, NS, PTR and SOA rdata (pointers into the whole
 * message); every other type's rdata is opaque.
 */
#ifndef MXPROBE_DNSMSG_H
#define MXPROBE_DNSMSG_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/cur.h"
#include "mxprobe/err.h"
#include "mxprobe/limits.h"

/* RR types (RFC 1035 3.2.2, 3596, 6891, 6698) and the one class we use. */
#define DNSMSG_T_A		1
#define DNSMSG_T_NS		2
#define DNSMSG_T_CNAME		5
#define DNSMSG_T_SOA		6
#define DNSMSG_T_PTR		12
#define DNSMSG_T_MX		15
#define DNSMSG_T_TXT		16
#define DNSMSG_T_AAAA		28
#define DNSMSG_T_OPT		41
#define DNSMSG_T_TLSA		52
#define DNSMSG_C_IN		1

/* Response codes (RFC 1035 4.1.1; BADVERS needs the OPT RR, RFC 6891). */
#define DNSMSG_R_NOERROR	0
#define DNSMSG_R_FORMERR	1
#define DNSMSG_R_SERVFAIL	2
#define DNSMSG_R_NXDOMAIN	3
#define DNSMSG_R_NOTIMP		4
#define DNSMSG_R_REFUSED	5
#define DNSMSG_R_BADVERS	16

/* Size of the fixed header. */
#define DNSMSG_HDR_LEN		12

/* Flags of dnsmsg_query. */
#define DNSMSG_Q_RD	0x01u	/* recursion desired */
#define DNSMSG_Q_EDNS	0x02u	/* OPT RR, payload MX_DNS_UDP_MAX */
#define DNSMSG_Q_DO	0x04u	/* DNSSEC OK (RFC 3225); implies EDNS */

/*
 * Builds a query for (qname, qtype, IN) with the given id into
 * buf[0..cap): opcode QUERY, RD if asked, and with DNSMSG_Q_EDNS or
 * DNSMSG_Q_DO one OPT RR in the additional section (version 0, payload
 * MX_DNS_UDP_MAX, DO bit if asked).  qname is text (see above): every
 * label 1-63 octets, at most 255 octets on the wire; "." is the root.
 * Its case is kept, so a caller may randomise it (0x20 bits) first.
 * cap = MX_DNS_QUERY_MAX always suffices.  Returns the length, or -1 if
 * qname is not a valid name, if its text as this module writes it (see
 * above) would exceed MX_NAME_MAX (the names of the reply could not be
 * handed out), or if the query does not fit (buf is then unspecified).
 * Never reads beyond qname's NUL.
 */
int dnsmsg_query(unsigned char *buf, size_t cap, uint16_t id,
    const char *qname, uint16_t qtype, unsigned flags);

/* The header of a reply, and what its OPT RR says. */
struct dnsmsg_hdr {
	uint16_t	 id;
	unsigned	 opcode;	/* 0: QUERY */
	/*
	 * Response code: the header's 4 bits, extended with the OPT RR's
	 * upper 8 bits (RFC 6891 6.1.3) when there is one.
	 */
	unsigned	 rcode;
	int		 qr, aa, tc, rd, ra, ad, cd;	/* 0 or 1 each */
	uint16_t	 qdcount, ancount, nscount, arcount;
	int		 edns;		/* an OPT RR was present */
	unsigned	 edns_version;	/* if edns */
	uint16_t	 edns_udp;	/* payload size the server accepts */
	int		 edns_do;	/* DO bit echoed (RFC 3225 3) */
};

/*
 * Checks that msg[0..len) is the reply to the query (id, qname, qtype, IN)
 * and that the whole message is well formed; fills *h.
 *
 * Mismatch (dns-mismatch, the datagram is not ours: drop it): QR clear,
 * opcode not QUERY, another id, qdcount not 1, or a question other than
 * ours (name compared case-insensitively in ASCII, so 0x20 randomisation
 * is not enforced; type and class IN equal).
 *
 * Then every record of every section is unpacked as dnsmsg_rr_next does
 * and checked with the decoder of its type (A, AAAA, MX, TXT, TLSA, PTR,
 * CNAME, NS, SOA, OPT; other types only need their rdlength to fit), and
 * bytes after the last record are an error.  At most one OPT RR, in the
 * additional section, owned by the root; it fills the edns_* fields and
 * the upper bits of rcode.  So after MX_OK every dnsmsg_rr_next succeeds
 * and every record's own-type decoder returns MX_OK.
 *
 * A reply with TC set is checked the same way: a server that cut it
 * mid-record fails with dns-format, and the caller retries over TCP in
 * both cases.  The header fields of *h are filled as soon as the 12 bytes
 * are read, so h->rcode and h->tc may be logged even after an error; the
 * edns fields only on MX_OK.  msg is not kept.
 */
enum mx_err dnsmsg_check_reply(const void *msg, size_t len, uint16_t id,
    const char *qname, uint16_t qtype, struct dnsmsg_hdr *h);

/* ---- records -------------------------------------------------------- */

enum dnsmsg_section {
	DNSMSG_SEC_ANSWER = 1,
	DNSMSG_SEC_AUTHORITY,
	DNSMSG_SEC_ADDITIONAL
};

/*
 * One resource record.  rdata is a cursor over exactly rdlength bytes;
 * msg and rdoff are kept so that names inside rdata can be decompressed
 * against the whole message.  Everything points into the caller's message
 * buffer, which must outlive the record.
 */
struct dnsmsg_rr {
	/* owner, text form */
	char			 name[MX_NAME_MAX + 1];
	uint16_t		 type;
	uint16_t		 class;		/* OPT: the payload size */
	uint32_t		 ttl;		/* OPT: rcode, version, DO */
	enum dnsmsg_section	 section;
	unsigned		 index;		/* 0-based, all sections */
	uint16_t		 rdlength;
	struct rd		 rdata;		/* msg + rdoff, rdlength */
	const unsigned char	*msg;
	size_t			 msglen, rdoff;
};

/*
 * Iterator over the records of all sections in message order.  The first
 * question is kept (name in text form) so that a fixture server can read a
 * query with the same code.
 */
struct dnsmsg_iter {
	struct rd		 r;		/* at the next record */
	uint16_t		 qdcount;
	uint16_t		 left[3];	/* records left: AN, NS, AR */
	unsigned		 index;		/* records returned */
	enum mx_err		 err;		/* sticky */
	/* the first question, if qdcount > 0 */
	char			 qname[MX_NAME_MAX + 1];
	uint16_t		 qtype, qclass;
};

/*
 * Reads the header of msg[0..len) and skips every question (each name is
 * checked).  Returns MX_OK or the error (also kept in it->err, and then
 * dnsmsg_rr_next returns -1).  Any message works, a query or a reply; no
 * header field is checked here (that is dnsmsg_check_reply's job).
 */
enum mx_err dnsmsg_iter_init(struct dnsmsg_iter *it, const void *msg,
    size_t len);

/*
 * Unpacks the next record into *rr: owner name (decompressed, text form),
 * type, class, TTL and an rdata cursor of rdlength bytes, which must fit
 * in the message.  The rdata itself is not looked at.  Returns 1 with a
 * record, 0 at the end (after the last record of the additional section;
 * bytes left after it are a dns-format error, so 0 means the whole
 * message was consumed), -1 on error (it->err, sticky).
 */
int dnsmsg_rr_next(struct dnsmsg_iter *it, struct dnsmsg_rr *rr);

/*
 * Typed decoders.  Each reads rr's rdata as its layout says, without
 * looking at rr->type (the caller picks the decoder by type; decoding
 * another type's rdata is harmless and usually a dns-format error), and
 * must consume exactly rdlength bytes (dns-format otherwise).  rr is not
 * changed; a decoder may be called any number of times.  On error the
 * output is unspecified.
 */

/* A: exactly 4 bytes, network order. */
enum mx_err dnsmsg_rr_a(const struct dnsmsg_rr *rr, unsigned char ip[4]);
/* AAAA: exactly 16 bytes, network order. */
enum mx_err dnsmsg_rr_aaaa(const struct dnsmsg_rr *rr, unsigned char ip[16]);
/* CNAME, NS, PTR: one (possibly compressed) name, in text form. */
enum mx_err dnsmsg_rr_name(const struct dnsmsg_rr *rr,
    char name[MX_NAME_MAX + 1]);

struct dnsmsg_mx {
	uint16_t	 pref;
	char		 exchange[MX_NAME_MAX + 1];	/* null MX: "." */
};
/* MX: preference and exchange (RFC 1035 3.3.9). */
enum mx_err dnsmsg_rr_mx(const struct dnsmsg_rr *rr, struct dnsmsg_mx *mx);

struct dnsmsg_soa {
	char		 mname[MX_NAME_MAX + 1];
	char		 rname[MX_NAME_MAX + 1];
	uint32_t	 serial, refresh, retry, expire, minimum;
};
/* SOA: two names and five 32-bit numbers (RFC 1035 3.3.13). */
enum mx_err dnsmsg_rr_soa(const struct dnsmsg_rr *rr, struct dnsmsg_soa *soa);

struct dnsmsg_txt {
	size_t		 len;		/* bytes in buf, NUL excluded */
	size_t		 total;		/* bytes of all the strings */
	unsigned	 nstrings;	/* character-strings */
	int		 truncated;	/* len < total */
};
/*
 * TXT: one or more character-strings (RFC 1035 3.3.14; an empty rdata is
 * dns-format), joined without separator as SPF, DKIM and DMARC read them
 * (RFC 7208 3.3), into buf[0..cap): as many bytes as fit in cap - 1, then
 * a NUL (none if cap is 0).  The bytes are raw server bytes and may hold
 * NUL: use t->len.  A record longer than cap - 1 sets t->truncated and is
 * still MX_OK; cap = MX_TXT_MAX is the project's bound.
 */
enum mx_err dnsmsg_rr_txt(const struct dnsmsg_rr *rr, char *buf, size_t cap,
    struct dnsmsg_txt *t);

struct dnsmsg_tlsa {
	uint8_t			 usage, selector, mtype;
	const unsigned char	*data;	/* into the message */
	size_t			 dlen;
};
/*
 * TLSA: usage, selector, matching type and the association data (RFC 6698
 * 2.1): at least 3 bytes.  The data's length is not checked against the
 * matching type: judging it is DANE's business.
 */
enum mx_err dnsmsg_rr_tlsa(const struct dnsmsg_rr *rr,
    struct dnsmsg_tlsa *tlsa);

struct dnsmsg_opt {
	uint16_t	 udp;		/* payload size (the class) */
	uint8_t		 ext_rcode;	/* upper 8 bits of rcode */
	uint8_t		 version;
	int		 do_bit;
	unsigned	 noptions;	/* EDNS options in the rdata */
};
/*
 * OPT (RFC 6891 6.1): fields from class and TTL, and the rdata walked as
 * {code, length, data} options that must fill it exactly.  The owner
 * must be the root (dns-format otherwise).
 */
enum mx_err dnsmsg_rr_opt(const struct dnsmsg_rr *rr, struct dnsmsg_opt *o);

/* ---- names and answers ---------------------------------------------- */

/*
 * 1 if the text names a and b are the same DNS name: compared on the wire
 * form, ASCII letters case-insensitively, with or without a trailing dot,
 * escapes decoded ("A\.b" is one label).  0 otherwise, and 0 if either is
 * not a valid name.
 */
int dnsmsg_name_eq(const char *a, const char *b);
/*
 * Writes byte c as RFC 1035 5.1's "\DDD" (backslash and three decimal
 * digits) at out: 4 bytes, no NUL.  Returns 4.
 */
size_t dnsmsg_ddd(char *out, unsigned c);

enum dnsmsg_ans_kind {
	DNSMSG_ANS_DATA,	/* NOERROR, records of qtype for owner */
	DNSMSG_ANS_NODATA,	/* NOERROR, owner exists, no qtype record */
	DNSMSG_ANS_NXDOMAIN,	/* owner does not exist */
	DNSMSG_ANS_RCODE	/* any other rcode: no answer, see it */
};

struct dnsmsg_answer {
	enum dnsmsg_ans_kind	 kind;
	unsigned		 rcode;		/* as in dnsmsg_hdr */
	/*
	 * The name the answer is about: qname as given when there is no
	 * CNAME, else the last target of the chain (RFC 6604: NXDOMAIN
	 * and NODATA are about the end of the chain).
	 */
	char			 owner[MX_NAME_MAX + 1];
	unsigned		 cnames;	/* CNAME hops followed */
	/* answer RRs of (owner, qtype, IN) */
	unsigned		 count;
	int			 soa;		/* authority has a SOA */
	/* if soa: min(SOA TTL, SOA minimum), RFC 2308 5 */
	uint32_t		 neg_ttl;
};

/*
 * Tells what a reply that passed dnsmsg_check_reply says about (qname,
 * qtype): follows the CNAME chain from qname through the answer section
 * (at most MX_DNS_CNAME_MAX hops: limit beyond; a name met twice:
 * dns-cname-loop), then counts the answer records of qtype owned by the
 * end of the chain.  When an owner has several CNAMEs the first one in the
 * message is used.  With qtype CNAME the chain is not followed.  The kind
 * comes from the rcode: NXDOMAIN; NOERROR with count > 0 is DATA, else
 * NODATA (soa tells a proper RFC 2308 negative answer from a referral or
 * a lame reply); anything else is RCODE.  Returns MX_OK or an error; on
 * error only a->cnames (hops followed so far) is meaningful.  A message
 * that was not checked gives an error, never an out-of-bounds read.
 */
enum mx_err dnsmsg_answer(const void *msg, size_t len, const char *qname,
    uint16_t qtype, struct dnsmsg_answer *a);

#endif
