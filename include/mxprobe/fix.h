/*
 * fix.h -- for people: what each finding and each error means for
 * delivery, and what to change, in general and in each MTA.
 *
 * The texts are data: one entry per finding of finding.def (its meaning
 * is there) and per error of err.h (fix.def has its meaning), the rest
 * in fix.def.  They are read through fix_text() into a caller's buffer
 * because they are stored packed (src/report/fix_int.h; packed at build
 * time by toolchains/textpack.c, which also fails the build when a
 * finding or an error has no entry): a build whose output shows none of
 * them links none of them.
 */
#ifndef MXPROBE_FIX_H
#define MXPROBE_FIX_H
#include <stddef.h>

/* The parts of an entry; an empty part is "nothing to say there". */
enum fix_part {
	FIX_MEANING,	/* the fact: finding.def's meaning, or the error's */
	FIX_WHAT,	/* what it means for delivery: one sentence */
	FIX_ANY,	/* a fix that is not MTA-specific */
	FIX_POSTFIX,	/* main.cf / master.cf parameters */
	FIX_EXIM,	/* main or transport options */
	FIX_SMTPD,	/* OpenSMTPD smtpd.conf directives */
	FIX_DNS,	/* the DNS record to publish or change */
	FIX__PARTS
};

/*
 * Writes part p of entry e into buf (cap bytes, NUL-terminated when cap >
 * 0) and returns its length; 0 when the part is empty or e is out of
 * range.  e is a verdict list entry (finding.h): F_* or VERDICT_ERR +
 * an mx_err.  Every part fits MX_FIX_TEXT_MAX bytes with its NUL (the
 * build checks it), so a buffer of MX_FIX_TEXT_MAX never cuts; a smaller
 * cap gets the first cap - 1 bytes.  A part is printable ASCII, one line:
 * wrapping it is the caller's.  Each call decodes the entry from its
 * start up to the end of part p (a few hundred bytes, no table built,
 * under 100 bytes of stack): read the parts you print, each once.
 */
size_t fix_text(unsigned e, enum fix_part p, char *buf, size_t cap);

/* The name of part p for people and for JSON ("postfix", ...). */
const char *fix_part_name(enum fix_part p);

#endif
