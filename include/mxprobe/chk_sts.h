/*
 * chk_sts.h -- the context of the sts check (check.h): MTA-STS (RFC
 * 8461) and TLS-RPT (RFC 8460) of the domain -- its lookups, the policy
 * fetch, and what their judgement came to, for the report layer
 * (rep_sts.c) to print.
 *
 * Everything below is filled by the check's hooks only; the printer reads
 * the facts and the results (the fields marked "judge") and decides
 * nothing.  The fetch and its anchors are large (~135 KB) and never
 * cleared: https_start and ca_load reset what they use.
 */
#ifndef MXPROBE_CHK_STS_H
#define MXPROBE_CHK_STS_H

#include <stddef.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "mxprobe/check.h"
#include "mxprobe/ca.h"
#include "mxprobe/err.h"
#include "mxprobe/https.h"
#include "mxprobe/limits.h"
#include "mxprobe/sts.h"
#include "mxprobe/tlsrpt.h"
#include "mxprobe/x509.h"

/* What one TXT lookup found. */
struct chk_sts_txt {
	int		 wait;		/* answer still awaited */
	enum mx_err	 err;		/* no usable answer (not NXDOMAIN) */
	unsigned	 records;	/* TXT starting with the version */
	int		 misplaced;	/* a TXT with the version later */
	int		 truncated;	/* the first record was cut */
	size_t		 len;
	char		 text[MX_TXT_MAX];	/* the first record */
};

/* The verdict on the domain's policy. */
enum chk_sts_v {
	CHK_STS_V_UNKNOWN,
	CHK_STS_V_ABSENT,
	CHK_STS_V_INVALID,
	CHK_STS_V_VALID
};

/* What MTA-STS says of one MX (mxN_sts) or of a valid policy (mta_sts). */
enum chk_sts_res {
	CHK_STS_R_NONE,		/* no key */
	CHK_STS_R_NA,		/* "na": the policy does not apply */
	CHK_STS_R_UNKNOWN,
	CHK_STS_R_FAIL,
	CHK_STS_R_OK,
	CHK_STS_R__COUNT
};

/* The judgement of one MX. */
struct chk_sts_mx {
	enum chk_sts_res	 res;
	const char		*error;	/* R_FAIL: RFC 8460 result type */
	const char		*detail;	/* sts_detail, NULL: none */
	const char		*addr;	/* sts_addr, NULL: none */
	/*
	 * sts_with_dane: what a sender that implements DANE too does with
	 * this MX; "dane" when DANE governs it (RFC 8461 2 lets such a
	 * sender prefer DANE), NULL: it follows the policy (res).
	 */
	const char		*with_dane;
};

/* The TLS-RPT record's verdict. */
enum chk_sts_rpt {
	CHK_STS_RPT_UNKNOWN,
	CHK_STS_RPT_ABSENT,
	CHK_STS_RPT_INVALID,
	CHK_STS_RPT_OK,
	CHK_STS_RPT__COUNT
};

struct chk_sts {
	const struct check_class	*vtable;	/* first member */
	/* cleared at start: from here to fetch */
	int			 active;	/* start queued its lookups */
	int			 limit;		/* a lookup was not queued */
	char			 domain[MX_NAME_MAX + 1];
	char			 host[MX_NAME_MAX + 1];	/* mta-sts.D */
	struct chk_sts_txt	 sts, rpt;
	struct sts_txt		 txt;		/* the STS record's verdict */
	struct tlsrpt		 tr;		/* points into rpt.text */
	/* the policy host */
	int			 host_wait;	/* address answers awaited */
	enum mx_err		 host_err;	/* first failed A/AAAA */
	int			 host_nx;	/* NXDOMAIN */
	unsigned		 naddr;
	int			 addr_truncated;
	struct sockaddr_storage	 addr[MX_ADDRS_PER_MX];
	socklen_t		 addrlen[MX_ADDRS_PER_MX];
	char			 addr_text[MX_ADDRS_PER_MX][INET6_ADDRSTRLEN];
	/* the fetch: 0 not started, 1 running, 2 ended */
	int			 fetch_state;
	unsigned		 fetch_addr;	/* index of the address used */
	enum mx_err		 fetch_err;	/* https_sts_verdict */
	int			 pol_ok;	/* 1 parsed, -1 invalid, 0 no */
	struct sts_policy	 pol;
	/* judge: the policy */
	int			 judged;
	enum chk_sts_v		 v;
	const char		*rfc_err;	/* invalid: RFC 8460 type */
	const char		*detail;	/* what exactly */
	int			 pkix_ran;
	struct https_pkix	 pkix;
	int			 rpt_h;		/* a->rpt entry, -1: none */
	/* judge: what the domain keys show */
	const char		*id;		/* mta_sts_id, NULL: none */
	int			 fetched;	/* mta_sts_addr (fetch_addr) */
	int			 http_status;	/* 0: none */
	unsigned		 error_line;	/* mta_sts_error_line, 0 */
	const char		*location;	/* mta_sts_location */
	enum chk_sts_res	 mta_sts;	/* of a valid policy */
	/* judge: per MX, and the tallies for the domain and the score */
	struct chk_sts_mx	 mx[MX_MX_MAX];
	unsigned		 mx_ok, mx_fail, mx_unknown;
	/* judge: TLS-RPT */
	enum chk_sts_rpt	 tlsrpt;
	/* tlsrpt_detail of unknown, tlsrpt_error of invalid */
	const char		*rpt_why;

	/* never cleared */
	struct https		 fetch;		/* ~117 KB */
	struct ca_store		 policy_ca;	/* anchors for the fetch */
	struct x509_facts	 cf;		/* one certificate at a time */
	char			 scratch[MX_TXT_MAX];
};

#endif
