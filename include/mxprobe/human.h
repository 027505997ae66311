/*
 * human.h -- the report for people (-H): a headline, one row per MX
 * address, the findings by severity with what each costs in delivery and
 * how each MTA fixes it (fix.h); and -j's findings_detail, the same
 * findings for scripts.
 *
 * Like every printer it decides nothing: it reads a judged audit (or a
 * judged single probe) and writes through the caller's struct out, text
 * mode (OUT_HUMAN) for the report.  Whether to use colour and UTF-8 is
 * the caller's decision (a terminal, NO_COLOR, TERM, the locale: I/O that
 * belongs to src/cli), passed down as HUMAN_* flags.
 *
 * Scope: every finding belongs to the domain ("domain"), to an MX
 * ("mxN"), or to one address of an MX ("mxN_aJ"); with -c NAME to the
 * host ("host") or one of its addresses ("aJ"); with -c ADDRESS to the
 * host.  An address's findings are those of its own probe and scan, the
 * chosen address's included (the MX's verdict repeats them: they are
 * shown once, under the address).
 */
#ifndef MXPROBE_HUMAN_H
#define MXPROBE_HUMAN_H

#include "mxprobe/out.h"
#include "mxprobe/judge.h"

struct audit;

#define HUMAN_COLOR	1	/* ANSI colours */
#define HUMAN_UTF8	2	/* UTF-8 glyphs; else ASCII only */

/* Widest line of the report (longer fields are cut with a marker). */
#define HUMAN_COLS	80

/* One finding and where it belongs. */
struct human_item {
	unsigned		 entry;		/* a verdict list entry */
	enum report_status	 sev;		/* the severity it was added at */
	char			 scope[16];	/* "domain", "mx1", "mx1_a2" */
};

/*
 * A walk over every finding of a judged audit (a != NULL) or of one
 * probe's verdict (a == NULL, vd its verdict), in the order: the domain,
 * then each MX's own findings followed by each of its addresses'.
 */
struct human_walk {
	const struct audit	*a;
	const struct verdict	*vd;
	unsigned		 src;	/* which verdict */
	unsigned		 k;	/* next entry in it */
};

/* Starts a walk (see struct human_walk). */
void human_walk_start(struct human_walk *hw, const struct audit *a,
    const struct verdict *vd);
/* The next finding into *it: 1, or 0 at the end. */
int human_walk_next(struct human_walk *hw, struct human_item *it);

/*
 * -j's findings_detail (JSON mode only; nothing when there is no
 * finding): an array of {code, severity, scope, message, delivery, fix},
 * fix an object of the fix.h parts that are not empty ("any", "postfix",
 * "exim", "opensmtpd", "dns").
 */
void human_findings_detail(struct out *w, const struct audit *a,
    const struct verdict *vd);

/* The report of a judged audit (a domain, or -c NAME); a->cf: scratch. */
void human_audit(struct out *w, struct audit *a, unsigned flags);
/*
 * The report of one judged probe of a literal address (-c IP, --addr),
 * arguments as for report_single.
 */
void human_single(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct tlsscan *s,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, const struct verdict *vd, unsigned flags);

#endif
