/*
 * finding.h -- the result model: one table of findings, and the verdict a
 * judgement builds from them.
 *
 * A finding is a fact worth a line in a report: its code string is API
 * (printed in findings=, never renamed, only added to), its severity is
 * the table's, and its layer says which part of the audit (and of the
 * score) it belongs to.  Checks name findings by enum, never by string;
 * nothing compares finding strings to decide anything.
 *
 * An error code (err.h) that ends a probe or a lookup is a finding too: it
 * is added with verdict_add_err and printed as its mx_err_str().
 *
 * A verdict keeps the findings in the order they were added (the findings=
 * key prints them in that order), the severity each was added with (a
 * report for people sorts by it), a bit set to ask "is F in it" in O(1),
 * and the worst severity.  A capacity hit anywhere (severity unknown)
 * makes the status unknown unless it is already critical.
 */
#ifndef MXPROBE_FINDING_H
#define MXPROBE_FINDING_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/err.h"
#include "mxprobe/limits.h"

enum report_status { ST_OK = 0, ST_WARNING = 1, ST_CRITICAL = 2,
	ST_UNKNOWN = 3 };

/* The parts of an audit, as the score groups them (score.h). */
enum finding_layer { FL_TRANSPORT, FL_POLICY, FL_AUTH, FL_HYGIENE,
	FL_REPUTATION, FL__COUNT };

/* F_NAME for every FINDING(NAME, ...) of finding.def, in its order. */
enum finding {
#define FINDING(name, code, sev, layer, meaning)	F_##name,
#include "mxprobe/finding.def"
#undef FINDING
	F__COUNT
};

/* Severity flag of a table entry whose severity depends on the case. */
#define FINDING_SEV_VARIES	0x80

/* The table's severity of f: ST_* | FINDING_SEV_VARIES. */
unsigned finding_sev(enum finding f);
/* The layer of f: FL_*. */
enum finding_layer finding_layer(enum finding f);
/*
 * The one-line meaning of f, for people, is read with fix_text(f,
 * FIX_MEANING, ...) (fix.h): stored packed with the other texts, and
 * linked only into a build whose output shows them.
 */

/* The code string of f ("cert-expired"); "internal" if out of range. */
const char *finding_code(enum finding f);

/* Entries of verdict.list at or above this are error codes (err.h). */
#define VERDICT_ERR	0x8000u

struct verdict {
	unsigned char	 worst;		/* ST_OK..ST_CRITICAL */
	unsigned char	 limit;		/* a capacity was hit: unknown */
	unsigned short	 n;		/* entries in list */
	uint32_t	 bits[(F__COUNT + 31) / 32];
	/* F_* or VERDICT_ERR + mx_err, in the order added; repeats kept */
	unsigned short	 list[MX_FINDINGS_MAX];
	unsigned char	 sev[MX_FINDINGS_MAX];	/* ST_* list[k] was added at */
};

/* Empties vd. */
void verdict_reset(struct verdict *vd);
/*
 * Adds f at the table's severity.  A full list (MX_FINDINGS_MAX) still
 * sets the bit and the severity; only the findings= text loses the entry,
 * and verdict.limit is set so the answer says unknown, never silently.
 */
void verdict_add(struct verdict *vd, enum finding f);
/*
 * Adds f at severity sev (ST_UNKNOWN: a capacity was hit).  For the table
 * entries marked FINDING_SEV_VARIES: their meaning says which case is
 * which severity.
 */
void verdict_add_sev(struct verdict *vd, enum finding f,
    enum report_status sev);
/* Adds error e as a finding of severity sev. */
void verdict_add_err(struct verdict *vd, enum mx_err e,
    enum report_status sev);
/*
 * Appends every entry of from to into, in order, with from's severity and
 * limit (its entries' severities are folded into them).
 */
void verdict_append(struct verdict *into, const struct verdict *from);
/*
 * The severity entry k of vd was added with (ST_*; ST_UNKNOWN when k is
 * out of range): the table's, or the case's for FINDING_SEV_VARIES
 * entries and errors.  Appended entries keep theirs.
 */
enum report_status verdict_sev(const struct verdict *vd, unsigned k);
/* Merges a status (an MX's into its domain's) without a finding. */
void verdict_merge(struct verdict *vd, enum report_status s);
/* 1 if f was added to vd. */
int verdict_has(const struct verdict *vd, enum finding f);
/* The status: worst, or unknown when a limit was hit and worst < critical. */
enum report_status verdict_status(const struct verdict *vd);
/*
 * The findings= text: codes comma-joined in the order added, into buf
 * (cap bytes, NUL-terminated when cap > 0).  Returns the length written;
 * an entry that does not fit whole is left out with the rest.
 */
size_t verdict_text(const struct verdict *vd, char *buf, size_t cap);

/* "ok", "warning", "critical", "unknown". */
const char *report_status_str(enum report_status s);

#endif
