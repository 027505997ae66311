/*
 * spf.c -- SPF (RFC 7208) without I/O: the tables of names, and the
 * character, address and problem helpers the parts share (spf_int.h).
 * The parts: spf_record.c (syntax), spf_macro.c (macros), spf_eval.c
 * (check_host()), spf_walk.c (the audit's policy walk).
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/spf.h"
#include "spf_int.h"

_Static_assert(MX_SPF_RECORD_MAX >= 6, "a record holds its version");
_Static_assert(MX_SPF_DEPTH_MAX == MX_SPF_LOOKUPS_MAX + 1,
    "each include is a counted lookup: depth is bounded by the count");
_Static_assert(MX_SPF_PTR_NAMES_MAX <= MX_SPF_MX_NAMES_MAX,
    "PTR candidates share the MX name array");
_Static_assert(MX_SPF_WALK_NODES * 2 < 65536, "tags fit");
_Static_assert(MX_SPF_TERM_SHOW >= 8, "a term shows at least its name");
_Static_assert(SPF_EV_MX + 1 == SPF_EV_MX_ADDR &&
    SPF_EV_PTR + 1 == SPF_EV_PTR_ADDR, "a name lookup follows its list");

/* ---- tables --------------------------------------------------------- */

static const char *const result_str[SPF_R__COUNT] = {
	[SPF_NONE] = "none", [SPF_NEUTRAL] = "neutral", [SPF_PASS] = "pass",
	[SPF_FAIL] = "fail", [SPF_SOFTFAIL] = "softfail",
	[SPF_TEMPERROR] = "temperror", [SPF_PERMERROR] = "permerror",
};
_Static_assert(sizeof(result_str) / sizeof(result_str[0]) == SPF_R__COUNT,
    "one string per result");

static const char *const kind_str[SPF_K__COUNT] = {
	[SPF_K_ALL] = "all", [SPF_K_INCLUDE] = "include", [SPF_K_A] = "a",
	[SPF_K_MX] = "mx", [SPF_K_PTR] = "ptr", [SPF_K_IP4] = "ip4",
	[SPF_K_IP6] = "ip6", [SPF_K_EXISTS] = "exists",
	[SPF_K_REDIRECT] = "redirect", [SPF_K_EXP] = "exp",
	[SPF_K_MODIFIER] = "modifier",
};

static const char *const err_str[SPF_E__COUNT] = {
	[SPF_E_OK] = "ok", [SPF_E_SYNTAX] = "syntax",
	[SPF_E_DUP_MODIFIER] = "duplicate-modifier",
	[SPF_E_SEVERAL] = "several-records",
	[SPF_E_NO_RECORD] = "no-spf-record",
	[SPF_E_LOOKUPS] = "too-many-lookups",
	[SPF_E_VOID] = "too-many-void-lookups",
	[SPF_E_MX_NAMES] = "too-many-mx",
	[SPF_E_LOOP] = "include-loop",
	[SPF_E_TOO_LONG] = "record-too-long",
	[SPF_E_DNS] = "dns-error",
};

static const char *const status_str[SPF_ST__COUNT] = {
	[SPF_ST_ABSENT] = "absent", [SPF_ST_INVALID] = "invalid",
	[SPF_ST_WEAK] = "weak", [SPF_ST_OK] = "ok",
	[SPF_ST_TEMPERROR] = "temperror", [SPF_ST_LIMIT] = "limit",
};

static const char *const weak_str[SPF_W__COUNT] = {
	[SPF_W_NO] = "", [SPF_W_PASS_ALL] = "pass-all",
	[SPF_W_NEUTRAL_ALL] = "neutral-all", [SPF_W_NO_ALL] = "no-all",
	[SPF_W_INCLUDE_PASS_ALL] = "include-pass-all",
};

static const char *const ev_state_str[SPF_EV__COUNT] = {
	[SPF_EV_TXT] = "txt", [SPF_EV_RUN] = "run", [SPF_EV_A] = "a",
	[SPF_EV_MX] = "mx", [SPF_EV_MX_ADDR] = "mx-addr",
	[SPF_EV_PTR] = "ptr", [SPF_EV_PTR_ADDR] = "ptr-addr",
	[SPF_EV_EXISTS] = "exists", [SPF_EV_DONE] = "done",
};
_Static_assert(sizeof(ev_state_str) / sizeof(ev_state_str[0]) ==
    SPF_EV__COUNT, "one name per state");

/* see spf.h */
const char *
spf_result_str(enum spf_result r)
{
	return (unsigned)r < SPF_R__COUNT ? result_str[r] : "?";
}

/* see spf.h */
const char *
spf_kind_str(enum spf_kind k)
{
	return (unsigned)k < SPF_K__COUNT ? kind_str[k] : "?";
}

/* see spf.h */
const char *
spf_err_str(enum spf_err e)
{
	return (unsigned)e < SPF_E__COUNT ? err_str[e] : "?";
}

/* see spf.h */
const char *
spf_status_str(enum spf_status s)
{
	return (unsigned)s < SPF_ST__COUNT ? status_str[s] : "?";
}

/* see spf.h */
const char *
spf_weak_str(enum spf_weak w)
{
	return (unsigned)w < SPF_W__COUNT ? weak_str[w] : "?";
}

/* see spf.h */
const char *
spf_eval_state_str(enum spf_eval_st s)
{
	return (unsigned)s < SPF_EV__COUNT ? ev_state_str[s] : "?";
}

/* ---- characters ----------------------------------------------------- */

/* see spf_int.h */
void
spf_copy_cut(char *dst, size_t cap, const char *s, size_t n)
{
	if (n < cap) {
		memcpy(dst, s, n);
		dst[n] = '\0';
		return;
	}
	memcpy(dst, s, cap - 4);
	memcpy(dst + cap - 4, "...", 4);
}

/* see spf_int.h */
void
spf_set_prob(struct spf_problem *p, enum spf_err code, const char *domain,
    const char *term, size_t tlen)
{
	if (p->code != SPF_E_OK)
		return;
	p->code = code;
	spf_copy_cut(p->domain, sizeof p->domain, domain ? domain : "",
	    domain ? strlen(domain) : 0);
	spf_copy_cut(p->term, sizeof p->term, term ? term : "",
	    term ? tlen : 0);
}

/* ---- addresses ------------------------------------------------------ */

/* see spf_int.h */
int
spf_addr_parse(int family, const char *s, size_t len, unsigned char *ip)
{
	char t[IPADDR_TEXT_MAX];

	if (len >= sizeof t)
		return -1;
	memcpy(t, s, len);
	t[len] = '\0';
	return inet_pton(family, t, ip) == 1 ? 0 : -1;
}

/* see spf_int.h */
const unsigned char spf_v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* see spf.h */
int
spf_ip_parse(const char *s, size_t len, int *family, unsigned char ip[16])
{
	memset(ip, 0, 16);
	if (spf_ip4_parse(s, len, ip) == 0) {
		*family = AF_INET;
		return 0;
	}
	if (spf_ip6_parse(s, len, ip) != 0)
		return -1;
	*family = AF_INET6;
	if (memcmp(ip, spf_v4mapped, 12) == 0) {
		memmove(ip, ip + 12, 4);
		memset(ip + 4, 0, 12);
		*family = AF_INET;
	}
	return 0;
}

/* see spf_int.h */
int
spf_prefix_eq(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned i, mask;

	for (i = 0; bits >= 8; bits -= 8, i++)
		if (a[i] != b[i])
			return 0;
	if (bits == 0)
		return 1;
	mask = (0xffu << (8 - bits)) & 0xffu;
	return (a[i] & mask) == (b[i] & mask);
}

/* see spf_int.h */
int
spf_cidr_val(const char *s, size_t n, unsigned maxd, unsigned max, unsigned *v)
{
	uint64_t x;

	if ((n > 1 && s[0] == '0') || cur_decimal(s, n, maxd, max, &x) < 0)
		return -1;
	*v = (unsigned)x;
	return 0;
}
