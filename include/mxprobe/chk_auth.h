/*
 * chk_auth.h -- the context of the auth check (check.h): the DMARC, DKIM
 * and BIMI lookups of the domain, and what their judgement came to, for
 * the report layer (rep_auth.c) to print.
 *
 * Everything below is filled by the check's hooks only; the printer
 * reads the lookups' facts and the fields marked "judge", and decides
 * nothing.
 */
#ifndef MXPROBE_CHK_AUTH_H
#define MXPROBE_CHK_AUTH_H

#include <stddef.h>
#include "mxprobe/bimi.h"
#include "mxprobe/check.h"
#include "mxprobe/dkim.h"
#include "mxprobe/dmarc.h"
#include "mxprobe/dnsmsg.h"
#include "mxprobe/err.h"
#include "mxprobe/limits.h"

/* external report destinations checked: every kept rua and ruf URI */
#define CHK_AUTH_DEST_MAX	(2 * MX_DMARC_URIS_MAX)

/* What one TXT lookup found. */
struct chk_auth_txt {
	int		 wait;		/* answer still awaited */
	enum mx_err	 err;		/* no usable answer, not NXDOMAIN */
	enum dnsmsg_ans_kind kind;
	unsigned	 records;	/* TXT that are records of the kind */
	int		 truncated;	/* the first one did not fit */
	size_t		 len;		/* of the first one */
	/* where the first is kept (MX_TXT_MAX bytes); NULL: in first[] */
	char		*text;
};

/* The verdict of dmarc (VALID: its policy) or of bimi (VALID: ok). */
enum chk_auth_res {
	CHK_AUTH_R_UNKNOWN, CHK_AUTH_R_ABSENT, CHK_AUTH_R_INVALID,
	CHK_AUTH_R_VALID, CHK_AUTH_R__COUNT
};

/* Whether a report destination is authorised (dmarc_rua_authorized). */
enum chk_auth_ok { CHK_AUTH_OK_UNKNOWN, CHK_AUTH_OK_YES, CHK_AUTH_OK_NO,
	CHK_AUTH_OK__COUNT };

/* A report destination outside the domain of the policy. */
struct chk_auth_dest {
	char		 host[MX_NAME_MAX + 1];
	int		 ruf;		/* found in ruf (else rua) */
	struct chk_auth_txt t;
	enum chk_auth_ok ok;		/* judge */
};

struct chk_auth {
	const struct check_class *vtable;	/* first member */
	/* cleared at start */
	char		 domain[MX_NAME_MAX + 1];
	/* DMARC */
	struct dmarc_walk w;			/* into domain */
	int		 walk_limit;	/* a walk name did not fit */
	unsigned	 walk_wait;
	struct chk_auth_txt step[MX_DMARC_WALK_MAX];
	int		 pick;		/* -3 until the walk is in */
	struct dmarc_rec rec;			/* of step[pick] */
	int		 rec_ok;
	char		 found_at[MX_NAME_MAX + 1];
	unsigned	 nauth;
	int		 auth_limit;
	struct chk_auth_dest auth[CHK_AUTH_DEST_MAX];
	/* DKIM */
	struct dkim_selectors sels;
	int		 sels_bad;		/* -s the core refused */
	int		 dkim_limit;
	struct chk_auth_txt dk;			/* _domainkey */
	struct chk_auth_txt sel[MX_DKIM_SELECTORS_MAX];
	struct dkim_key	 key[MX_DKIM_SELECTORS_MAX];
	/* BIMI */
	int		 bimi_limit;
	struct chk_auth_txt bimi;
	/* judge: DMARC (the record is step[pick] when INVALID or VALID) */
	enum chk_auth_res dmarc;
	const char	*dmarc_err;	/* dmarc_error, NULL: none */
	int		 dmarc_trunc;	/* dmarc_record_truncated */
	int		 dmarc_sub;	/* inherited from a parent */
	enum dmarc_policy dmarc_policy;	/* effective, when VALID */
	/* judge: DKIM */
	enum dkim_verdict dkim;
	enum dkim_presence dkim_dk;
	int		 dkim_unknown_sel;	/* present, none found */
	/*
	 * absent, but only the built-in selectors were asked (no -s): a
	 * domain may sign under any other, so this proves nothing
	 * (dkim=not-found, informational, the item not measured)
	 */
	int		 dkim_not_found;
	/* judge: BIMI */
	enum chk_auth_res bimi_res;
	const char	*bimi_err;		/* bimi_error, NULL: none */
	int		 bimi_declined;
	int		 bimi_show_record, bimi_show_logo;
	struct bimi_rec	 bimi_rec;		/* into bimi's text */
	/*
	 * Record texts, never cleared: written only when a record comes,
	 * so the pages an audit does not write cost no memory.  first[]
	 * holds the first record of a TXT whose text is not kept (a DKIM
	 * key is judged in its callback).
	 */
	char		 step_text[MX_DMARC_WALK_MAX][MX_TXT_MAX];
	char		 bimi_text[MX_TXT_MAX];
	char		 first[MX_TXT_MAX];
	char		 scratch[MX_TXT_MAX];
};

#endif
