/*
 * chk_dane.h -- the context of the dane check (check.h): the TLSA lookups
 * of every MX, and what their judgement came to, for the report layer
 * (rep_dane.c) to print.
 *
 * Everything below is filled by the check's hooks only; the printer reads
 * the results (the fields marked "judge") and decides nothing.
 */
#ifndef MXPROBE_CHK_DANE_H
#define MXPROBE_CHK_DANE_H

#include <stddef.h>
#include "mxprobe/check.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/err.h"
#include "mxprobe/limits.h"
#include "mxprobe/tlsa.h"

struct audit;

/* Where the TLSA lookups of one MX stand. */
enum chk_dane_st {
	CHK_DANE_S_IDLE,	/* none asked (address literal, NXDOMAIN) */
	CHK_DANE_S_WAIT,	/* an answer is still awaited */
	CHK_DANE_S_DONE,	/* an answer came: records or none */
	CHK_DANE_S_FAIL,	/* the lookup failed: err */
	CHK_DANE_S_LIMIT	/* it could not be queued */
};

/* What DANE says of one MX (mxN_dane) or of the domain (dane). */
enum chk_dane_res {
	CHK_DANE_R_NONE,	/* no records; an address: not judged */
	CHK_DANE_R_INSECURE,
	CHK_DANE_R_OK,
	CHK_DANE_R_FAIL,
	CHK_DANE_R_UNUSABLE,	/* an MX only */
	CHK_DANE_R_UNKNOWN,
	CHK_DANE_R_ABSENT,	/* the domain only */
	CHK_DANE_R__COUNT
};

/*
 * The RFC 8460 result type of a failure (the first five are enum
 * tlsa_fail's, in its order), and the bogus TLSA answer.
 */
enum chk_dane_fail {
	CHK_DANE_F_NONE,
	CHK_DANE_F_TLSA_INVALID,
	CHK_DANE_F_VALIDATION,
	CHK_DANE_F_HOST,
	CHK_DANE_F_EXPIRED,
	CHK_DANE_F_STARTTLS,	/* "starttls-not-supported" */
	CHK_DANE_F_DNSSEC,	/* "dnssec-invalid" */
	CHK_DANE_F__COUNT
};

/* Why records no sender uses are there (dane_reason). */
enum chk_dane_why {
	CHK_DANE_WHY_NONE,
	CHK_DANE_WHY_MX,	/* "mx-unsigned" */
	CHK_DANE_WHY_ADDR,	/* "addr-unsigned" */
	CHK_DANE_WHY_TLSA,	/* "tlsa-unsigned" */
	CHK_DANE_WHY__COUNT
};

/*
 * What one address of a DANE MX gave (mxN_dane_aJ): R_NONE not judged (no
 * key), R_UNKNOWN never got as far as TLS, R_OK, R_UNUSABLE (TLS, no
 * authentication asked), R_FAIL.
 */
struct chk_dane_addr {
	unsigned char	 res;		/* enum chk_dane_res */
	unsigned char	 fail;		/* enum chk_dane_fail of R_FAIL */
	unsigned char	 match;		/* R_OK: the record (index in rec[]) */
	int		 br_err;	/* BearSSL's code of R_FAIL, 0 none */
};

struct chk_dane_mx {
	/* the lookups */
	enum chk_dane_st	 st;
	enum mx_err		 err;		/* S_FAIL: the lookup's */
	int			 ad;		/* AD of the TLSA answer */
	int			 loopback;	/* from a loopback resolver */
	int			 chain_ad;	/* the CNAME chain had AD */
	char			 expanded[MX_NAME_MAX + 1];	/* "" none */
	char			 base[MX_NAME_MAX + 1];	/* TLSA base domain */
	unsigned		 seen, usable;	/* all records, kept or not */
	unsigned		 n;		/* kept in rec[] */
	int			 truncated;
	struct dnsmsg_tlsa	 rec[MX_TLSA_MAX];	/* data in tdata[i] */
	size_t			 used;		/* bytes of tdata[i] */
	/* judge */
	enum chk_dane_res	 res;
	enum chk_dane_fail	 fail;		/* dane_error, F_NONE: none */
	enum chk_dane_why	 why;		/* dane_reason (S_DONE) */
	int			 governed;	/* DANE governs the MX */
	int			 alias;		/* base is not the MX name */
	int			 roll;		/* rollover ready */
	int			 ta_leaf;
	int			 match;		/* 1 + record index, 0 none */
	/* the reasons of the unusable records, each once, in record order */
	unsigned char		 nunusable;
	unsigned char		 unusable[TLSA_U__COUNT];
	struct chk_dane_addr	 addr[MX_ADDRS_PER_MX];
};

struct chk_dane {
	const struct check_class	*vtable;	/* first member */
	struct chk_dane_mx		 mx[MX_MX_MAX];	/* cleared at start */
	/* judge: the domain */
	enum chk_dane_res		 res;
	enum chk_dane_why		 why;		/* WHY_NONE: no key */
	int				 nmx;	/* dane_mx, -1: no key */
	/*
	 * The records' data, per MX; never cleared (used says what is
	 * valid), so only the pages an audit writes cost memory.
	 */
	unsigned char			 tdata[MX_MX_MAX][MX_TLSA_DATA_MAX];
};

/*
 * 1 when DANE governs MX mx of audit a: the MX RRset and the MX host's
 * addresses are DNSSEC-validated and a validated TLSA RRset is present,
 * usable records or not (RFC 7672 2.2); MTA-STS yields to it (RFC 8461
 * 2).  Final once the MX's lookups are done, i.e. in the judge hooks.
 */
int chk_dane_applies(const struct audit *a, unsigned mx);

/* The RFC 8460 result type of f ("validation-failure"); NULL for F_NONE. */
const char *chk_dane_fail_str(enum chk_dane_fail f);

#endif
