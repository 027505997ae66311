/*
 * chk_spf.h -- the context of the spf check (check.h): the policy walk of
 * the domain, with --spf-ip the evaluation of one address, and what their
 * judgement came to, for the report layer (rep_spf.c) to print.
 *
 * Everything below is filled by the check's hooks only; the printer
 * reads the walk's facts and the fields marked "judge", and decides
 * nothing.
 */
#ifndef MXPROBE_CHK_SPF_H
#define MXPROBE_CHK_SPF_H

#include "mxprobe/check.h"
#include "mxprobe/ipaddr.h"
#include "mxprobe/limits.h"
#include "mxprobe/spf.h"

/*
 * An spf_error / spf_result_error value: code, then " domain" and
 * ": term" of prob when it names them.  code NULL: no key.
 */
struct chk_spf_err {
	const char			*code;
	const struct spf_problem	*prob;		/* NULL: code alone */
};

struct chk_spf {
	const struct check_class	*vtable;	/* first member */
	/* cleared at start */
	struct spf_walk		 w;
	struct spf_eval		 e;
	int			 eval;		/* --spf-ip given */
	int			 bad_ip;	/* ... and spf.c refused it */
	/* audit_lookup said no */
	int			 walk_limit, eval_limit;
	char			 ip[IPADDR_TEXT_MAX];
	/* judge: the policy */
	enum spf_status		 st;	/* temperror, limit: "unknown" */
	struct chk_spf_err	 err;
	int			 known;	/* a record was read: its facts */
	int			 nspf;	/* spf_records when > 1 */
	/* judge: --spf-ip (shown when eval or bad_ip) */
	enum spf_result		 result;
	struct chk_spf_err	 result_err;
	/* an answer's TXT strings joined; never cleared */
	char			 scratch[MX_TXT_MAX];
};

#endif
