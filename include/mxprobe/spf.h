/*
 * spf.h -- SPF (RFC 7208): the record parser, the macro expander,
 * check_host() as a state machine, and the policy walk of the audit.
 * Pure: no I/O, no clock, no heap.  Every struct is caller-allocated and
 * of fixed size (limits.h "SPF").
 *
 * Both machines ask for DNS the same way (asr: "want this" / "done"):
 *
 *	spf_eval_start(&e, AF_INET, ip, "example.org", "a@example.org", h);
 *	while (!e.done) {
 *		while (spf_eval_next(&e, &q))        start q.name / q.type,
 *			...                          remember q.tag
 *		... when an answer to tag comes in:
 *		for each record of q.type owned by the answer's name:
 *			spf_eval_rr(&e, tag, type, data, len, truncated);
 *		spf_eval_end(&e, tag, SPF_DNS_OK / _NODATA / _NXDOMAIN /
 *		    _ERROR);
 *	}
 *	e.result, e.prob
 *
 * Record data handed to *_rr (copied as needed; the caller's buffer may go
 * away after the call): A 4 bytes, AAAA 16 bytes, MX and PTR the target
 * name in dnsmsg text form (len without the NUL), TXT the joined strings
 * (dnsmsg_rr_txt) and truncated set when they did not all fit.  The
 * records of one answer are fed one after another and then its end, with
 * no other answer's calls in between.  Records of another type are
 * ignored.  SPF_DNS_OK with no record counts as NODATA.  A tag that is
 * not awaited (stale, made up) is ignored.
 *
 * Names handed out (spf_query.name, spf_problem.domain) are in dnsmsg
 * text form: '\' and bytes outside 0x21-0x7e escaped, no trailing dot.
 */
#ifndef MXPROBE_SPF_H
#define MXPROBE_SPF_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/dnsmsg.h"
#include "mxprobe/limits.h"

/* ---- results, terms, problems --------------------------------------- */

/* check_host() results (RFC 7208 2.6). */
enum spf_result {
	SPF_NONE, SPF_NEUTRAL, SPF_PASS, SPF_FAIL, SPF_SOFTFAIL,
	SPF_TEMPERROR, SPF_PERMERROR, SPF_R__COUNT
};
/* "none", "neutral", "pass", ... ; "?" out of range. */
const char *spf_result_str(enum spf_result r);

/* Mechanisms (RFC 7208 5) and modifiers (6). */
enum spf_kind {
	SPF_K_ALL, SPF_K_INCLUDE, SPF_K_A, SPF_K_MX, SPF_K_PTR, SPF_K_IP4,
	SPF_K_IP6, SPF_K_EXISTS,
	SPF_K_REDIRECT, SPF_K_EXP,
	SPF_K_MODIFIER,		/* an unknown modifier name=value: ignored */
	SPF_K__COUNT
};
/* "all", "include", ..., "redirect", "exp", "modifier". */
const char *spf_kind_str(enum spf_kind k);

/*
 * Why a record or a check is not usable.  The strings (spf_err_str) are
 * API, printed as the first word of spf_error:
 *   syntax              a term that is not RFC 7208 12 syntax
 *   duplicate-modifier  redirect= or exp= twice (RFC 7208 6)
 *   several-records     more than one "v=spf1" TXT at one name (4.5)
 *   no-spf-record       include/redirect target without an SPF record
 *                       (5.2, 6.1: permerror, not none)
 *   too-many-lookups    more than MX_SPF_LOOKUPS_MAX DNS terms (4.6.4)
 *   too-many-void-lookups  more than MX_SPF_VOID_MAX void lookups
 *   too-many-mx         an mx target with more than 10 MX (4.6.4)
 *   include-loop        (walk) a record includes one of its ancestors
 *   record-too-long     a record over MX_SPF_RECORD_MAX (our limit)
 *   dns-error           a lookup failed (temperror)
 */
enum spf_err {
	SPF_E_OK = 0, SPF_E_SYNTAX, SPF_E_DUP_MODIFIER, SPF_E_SEVERAL,
	SPF_E_NO_RECORD, SPF_E_LOOKUPS, SPF_E_VOID, SPF_E_MX_NAMES,
	SPF_E_LOOP, SPF_E_TOO_LONG, SPF_E_DNS, SPF_E__COUNT
};
const char *spf_err_str(enum spf_err e);

/* The first problem met: what, in which record, and the term (cut). */
struct spf_problem {
	enum spf_err	 code;
	char		 domain[MX_NAME_MAX + 1];	/* "" if none */
	char		 term[MX_SPF_TERM_SHOW + 4];	/* "" if none */
};

/* One term of a record, pointing into the record text. */
struct spf_term {
	enum spf_kind	 kind;
	char		 qual;		/* '+' '-' '~' '?'; '+' if omitted */
	const char	*text;		/* the whole term */
	size_t		 text_len;
	/*
	 * domain-spec of include/a/mx/ptr/exists/redirect/exp, or an
	 * unknown modifier's macro-string; NULL (len 0) when absent
	 */
	const char	*spec;
	size_t		 spec_len;
	const char	*name;		/* modifier name (redirect, exp, ...) */
	size_t		 name_len;
	/* a, mx: both (defaults 32, 128); ip4: cidr4; ip6: cidr6 */
	unsigned	 cidr4, cidr6;
	/* ip4 (first 4 bytes) / ip6 network, network order */
	unsigned char	 ip[16];
	/* spec holds a %{...} macro (its value depends on the check) */
	int		 macro;
};

/*
 * 1 if txt[0..len) is an SPF record: it starts with "v=spf1" (ASCII case
 * insensitive, as ABNF strings are) followed by a space or the end
 * (RFC 7208 4.5).  Anything else is some other TXT: 0.
 */
int spf_is_record(const void *txt, size_t len);

/* Reads the terms of one record, left to right. */
struct spf_iter {
	const char	*p;
	size_t		 len, off;
	int		 err;		/* sticky */
	size_t		 err_off, err_len;	/* the bad term in p */
	unsigned	 nredirect, nexp;
};
/*
 * Starts at rec[0..len), which must be an SPF record (spf_is_record);
 * else the first spf_iter_next fails at offset 0.
 */
void spf_iter_init(struct spf_iter *it, const char *rec, size_t len);
/*
 * The next term: 1 and *t; 0 at the end; -1 on a term that is not RFC
 * 7208 syntax (unknown mechanism, bad domain-spec or macro, bad address
 * or cidr, a character outside 0x21-0x7e, ...), it->err_off/err_len
 * naming it.  Terms are separated by one or more spaces (SP only).
 * Syntax is checked without DNS and without expanding macros (7.1: the
 * domain-spec must end in a macro or ".toplabel"); a second redirect=
 * or exp= is -1 too (it->err SPF_E_DUP_MODIFIER, else SPF_E_SYNTAX).
 */
int spf_iter_next(struct spf_iter *it, struct spf_term *t);

/* Facts of one whole record, as the audit counts them. */
struct spf_record {
	unsigned	 nterms;
	/*
	 * DNS terms a receiver evaluates when nothing matches: those before
	 * the first all (terms after it are never reached), and redirect
	 * when there is no all (6.1: redirect is ignored then)
	 */
	unsigned	 lookups;
	char		 all;		/* the first all's qualifier; 0: none */
	int		 redirect;	/* redirect= present */
	int		 redirect_used;	/* ... and no all: it is followed */
	int		 exp;		/* exp= present */
	int		 ptr;		/* ptr before the first all */
	int		 after_all;	/* terms after the first all */
	enum spf_err	 err;		/* SPF_E_OK, or why it is permerror */
	size_t		 err_off, err_len;
};
/*
 * Checks all of rec[0..len) (RFC 7208 4.6: a syntax error anywhere is a
 * permerror before anything is evaluated) and fills *r.  Returns 0, or -1
 * with r->err (syntax, duplicate-modifier) and the offending term.
 */
int spf_parse(const char *rec, size_t len, struct spf_record *r);

/*
 * Parses an address as the check's <ip> (not as record syntax): dotted
 * quad or any RFC 4291 2.2 IPv6 text.  An IPv4-mapped IPv6 address
 * becomes IPv4 (RFC 7208 5: it "MUST still be considered an IPv4
 * address").  Returns 0 with *family AF_INET (ip[0..4)) or AF_INET6, or
 * -1.
 */
int spf_ip_parse(const char *s, size_t len, int *family,
    unsigned char ip[16]);

/* ---- macros (RFC 7208 7) -------------------------------------------- */

struct spf_macro_ctx {
	int		 family;	/* AF_INET/AF_INET6; 0: no <ip> */
	unsigned char	 ip[16];
	const char	*sender;	/* <sender>, local@domain; NULL: none */
	const char	*domain;	/* <domain> (%{d}) */
	const char	*helo;		/* %{h}; NULL: none */
	const char	*receiver;	/* %{r}, exp only; NULL: "unknown" */
	int64_t		 now;		/* %{t}, exp only */
};

/* Flags of spf_macro_expand. */
#define SPF_MACRO_EXP		0x1u	/* explanation text: c, r, t allowed */

/* Return values of spf_macro_expand and spf_macro_target. */
#define SPF_MACRO_OK		0
#define SPF_MACRO_SYNTAX	(-1)	/* not a macro-string (7.1) */
#define SPF_MACRO_UNKNOWN	(-2)	/* needs a value ctx lacks (walk) */
#define SPF_MACRO_LONG		(-3)	/* the expansion exceeds cap - 1 */
#define SPF_MACRO_BADNAME	(-4)	/* the target is no DNS name */

/*
 * Expands the macro-string s[0..len) into out[0..cap) (NUL-terminated,
 * *olen its length): %{letter digits r delimiters}, %%, %_, %- (7.1, 7.3).
 * Letters s l o d i p v h (c r t with SPF_MACRO_EXP), either case; upper
 * case is URL-escaped afterwards (RFC 3986 unreserved kept).  %{p} is
 * always "unknown": no PTR validation is made for it (7.3 allows it, and
 * RFC 7208 says not to use p).  A local-part-less sender gives l =
 * "postmaster" (4.3).  A digit transformer of 0 is a syntax error.
 * Returns SPF_MACRO_OK or one of the errors above (out is then "").
 */
int spf_macro_expand(const struct spf_macro_ctx *c, const char *s,
    size_t len, unsigned flags, char *out, size_t cap, size_t *olen);

/*
 * A domain-spec as a name to query: expands it, drops one trailing dot,
 * cuts whole labels off the left until at most MX_SPF_DOMAIN_MAX
 * characters remain (7.3), and writes it in dnsmsg text form.
 * SPF_MACRO_BADNAME when the result has an empty label, a label over 63
 * octets, is empty, or its text would not fit: RFC 7208 leaves that case
 * open; check_host() treats such a target as non-existent (no query).
 */
int spf_macro_target(const struct spf_macro_ctx *c, const char *spec,
    size_t len, char name[MX_NAME_MAX + 1]);

/* ---- DNS, for both machines ----------------------------------------- */

enum spf_dns {
	SPF_DNS_OK,		/* NOERROR with records (see the top) */
	SPF_DNS_NODATA,		/* NOERROR, none of the type */
	SPF_DNS_NXDOMAIN,	/* RCODE 3 */
	SPF_DNS_ERROR		/* SERVFAIL, timeout, ...: temperror */
};

struct spf_query {
	char		 name[MX_NAME_MAX + 1];
	uint16_t	 type;		/* DNSMSG_T_TXT, _A, _AAAA, _MX, _PTR */
	unsigned	 tag;		/* to give back with the answer */
};

/* ---- check_host() (RFC 7208 4) -------------------------------------- */

enum spf_eval_st {
	SPF_EV_TXT,		/* awaiting the TXT of the top frame */
	SPF_EV_RUN,		/* evaluating terms (no DNS pending) */
	SPF_EV_A,		/* a: A/AAAA of the target */
	SPF_EV_MX,		/* mx: MX of the target */
	SPF_EV_MX_ADDR,		/* mx: A/AAAA of name k */
	SPF_EV_PTR,		/* ptr: PTR of <ip> */
	SPF_EV_PTR_ADDR,	/* ptr: A/AAAA of candidate k */
	SPF_EV_EXISTS,		/* exists: A of the target */
	SPF_EV_DONE,
	SPF_EV__COUNT
};

/* One check_host() level: the top check or an include. */
struct spf_frame {
	char		 domain[MX_NAME_MAX + 1];	/* <domain>, text */
	char		 rec[MX_SPF_RECORD_MAX + 1];
	size_t		 len;
	size_t		 pos;		/* offset of the next term */
	int		 redirected;	/* reached by redirect: none is perm */
	char		 inc_qual;	/* qualifier of the include pending */
};

struct spf_eval {
	enum spf_eval_st st;
	int		 done;
	enum spf_result	 result;
	struct spf_problem prob;	/* for permerror / temperror */
	int		 limit;		/* our capacity was hit (temperror) */
	unsigned	 lookups, voids;	/* counted so far */
	/* the check */
	int		 family;
	unsigned char	 ip[16];
	char		 sender[MX_NAME_MAX + 66];	/* local@domain */
	char		 helo[MX_NAME_MAX + 1];
	/* the frames: frame[depth - 1] is being evaluated */
	unsigned	 depth;
	struct spf_frame frame[MX_SPF_DEPTH_MAX];
	/* the pending lookup and the mechanism it serves */
	int		 waiting;
	unsigned	 tag;		/* of the lookup in flight */
	int		 asked;		/* handed out by spf_eval_next */
	struct spf_query q;
	char		 qual;		/* the mechanism's qualifier */
	unsigned	 cidr;		/* its prefix for <ip>'s family */
	char		 target[MX_NAME_MAX + 1];	/* ptr: domain */
	int		 matched, nrecords, got;
	unsigned	 nnames, k;	/* mx / ptr names and the next */
	char		 names[MX_SPF_MX_NAMES_MAX][MX_NAME_MAX + 1];
};

/*
 * Starts check_host(<ip>, domain, sender) (RFC 7208 4).  family AF_INET
 * (ip[0..4)) or AF_INET6; an IPv4-mapped IPv6 address is taken as IPv4.
 * sender is local@domain (NULL or without '@': postmaster@domain); helo
 * may be NULL (%{h} then expands to the domain).  A malformed domain (an
 * empty label, a label over 63, over 253 characters, a single label)
 * ends at once in none (4.3).  Strings are copied.
 */
void spf_eval_start(struct spf_eval *e, int family, const unsigned char *ip,
    const char *domain, const char *sender, const char *helo);
/*
 * The lookup to start now, if any: 1 and *q filled (the machine then
 * waits for its answer; at most one is ever out), else 0 (waiting, or
 * done).
 */
int spf_eval_next(struct spf_eval *e, struct spf_query *q);
/* One record of the answer to tag (see the top). */
void spf_eval_rr(struct spf_eval *e, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated);
/* The end of the answer to tag; may finish the check (e->done). */
void spf_eval_end(struct spf_eval *e, unsigned tag, enum spf_dns outcome);
/* "txt", "run", "a", ... (table checked against SPF_EV__COUNT). */
const char *spf_eval_state_str(enum spf_eval_st s);

/* ---- the policy walk of the audit ----------------------------------- */

/*
 * The verdict of the CONTRACT's spf key: absent (no record), invalid
 * (a receiver gets permerror: several records, syntax, over 10 lookups,
 * over 2 void lookups, an include/redirect target without SPF, an mx
 * target with over 10 MX, a loop), weak (+all, ?all, or no all and no
 * redirect in effect; or an included record ending in +all, which passes
 * every address), ok.  temperror: a lookup failed, so it is not known;
 * limit: a record exceeded our capacity.
 */
enum spf_status {
	SPF_ST_ABSENT, SPF_ST_INVALID, SPF_ST_WEAK, SPF_ST_OK,
	SPF_ST_TEMPERROR, SPF_ST_LIMIT, SPF_ST__COUNT
};
/* "absent", "invalid", "weak", "ok", "temperror", "limit". */
const char *spf_status_str(enum spf_status s);

/* Why a policy is weak (spf_weak). */
enum spf_weak {
	SPF_W_NO = 0, SPF_W_PASS_ALL, SPF_W_NEUTRAL_ALL, SPF_W_NO_ALL,
	SPF_W_INCLUDE_PASS_ALL, SPF_W__COUNT
};
/* "", "pass-all", "neutral-all", "no-all", "include-pass-all". */
const char *spf_weak_str(enum spf_weak w);

enum spf_node_kind {
	SPF_N_RECORD,		/* a record: TXT of the domain */
	SPF_N_ADDR,		/* an a target: A and AAAA (void check) */
	SPF_N_MX,		/* an mx target: MX (void, 10 MX) */
	SPF_N_EXISTS		/* an exists target: A (void check) */
};

enum spf_node_via { SPF_VIA_TOP, SPF_VIA_INCLUDE, SPF_VIA_REDIRECT,
	SPF_VIA_TERM };

struct spf_node {
	char			 domain[MX_NAME_MAX + 1];
	enum spf_node_kind	 kind;
	enum spf_node_via	 via;
	int			 parent;	/* -1: the top record */
	unsigned		 sib;		/* term position in parent */
	unsigned		 depth;
	unsigned char		 ask, out;	/* queries to start, out */
	/* answers */
	int			 dns_err, nx;	/* a query failed / NXDOMAIN */
	unsigned		 found;		/* records of the type */
	unsigned		 nspf;		/* SPF records (RECORD) */
	int			 parsed;	/* one record, valid syntax */
	enum spf_err		 err;		/* its own problem */
	char			 err_term[MX_SPF_TERM_SHOW + 4];
	/* a parsed record's facts (spf_record) */
	unsigned		 lookups;
	char			 all;
	int			 ptr, redirect_used;
	int			 void_;		/* counted as a void lookup */
};

struct spf_walk {
	struct spf_node	 node[MX_SPF_WALK_NODES];
	unsigned	 nnodes;
	unsigned	 inflight;
	unsigned	 next;		/* first node that may have queries */
	int		 done;
	int		 truncated;	/* nodes were left out */
	/* the answer being fed */
	int		 cur_tag;
	unsigned	 cur_spf;
	int		 cur_long;
	size_t		 scratch_len;
	char		 scratch[MX_SPF_RECORD_MAX + 1];
	/* the results (when done) */
	enum spf_status	 status;
	enum spf_weak	 weak;
	struct spf_problem prob;	/* for invalid, temperror, limit */
	unsigned	 lookups;	/* DNS terms over the tree */
	unsigned	 voids;		/* void lookups over the tree */
	char		 all;		/* in effect, redirects followed */
	int		 ptr;		/* a ptr mechanism anywhere */
	/* the top record */
	char		 record[MX_SPF_RECORD_MAX + 1];
	size_t		 record_len;
};

/* Starts the walk of domain's policy (text form; copied). */
void spf_walk_start(struct spf_walk *w, const char *domain);
/*
 * The next lookup to start: 1 and *q, or 0 (nothing now: waiting, or
 * MX_SPF_WALK_INFLIGHT out, or done).  Call it until it gives 0.
 */
int spf_walk_next(struct spf_walk *w, struct spf_query *q);
/* One record of the answer to tag (see the top). */
void spf_walk_rr(struct spf_walk *w, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated);
/* The end of the answer to tag; when nothing is left, w->done and the
 * results are set. */
void spf_walk_end(struct spf_walk *w, unsigned tag, enum spf_dns outcome);

#endif
