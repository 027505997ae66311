/*
 * sts.h -- MTA-STS texts (RFC 8461): the TXT record at _mta-sts.<domain>
 * (3.1), the policy file of https://mta-sts.<domain>/.well-known/
 * mta-sts.txt (3.2), and MX names against its mx patterns (4.1).
 *
 * Pure: no I/O, no clock.  The TXT parser and the field reader work on
 * the caller's text in place; the policy parser copies what it keeps
 * (mode, max_age, the mx patterns) into struct sts_policy.
 *
 * Invalid inputs get one stable reason string (API, mxprobe.1):
 *   TXT:    sts-txt-not-record         does not start with "v=STSv1"
 *           sts-txt-version-not-first  ... but has v=STSv1 as a later field
 *           sts-txt-syntax             not version *(";" name=value) [";"]
 *           sts-txt-no-id              no id field
 *           sts-txt-bad-id             id not 1*32(ALPHA / DIGIT)
 *           sts-txt-dup-id             two id fields (which one counts?)
 *   policy: sts-policy-too-long        over MX_STS_POLICY_MAX bytes
 *           sts-policy-syntax          a line that is not "key:" *WSP value
 *           sts-policy-bad-version / -dup-version / -no-version
 *           sts-policy-bad-mode    / -dup-mode    / -no-mode
 *           sts-policy-bad-max-age / -dup-max-age / -no-max-age
 *           sts-policy-bad-mx          an mx value not ["*."] Domain
 *           sts-policy-no-mx           mode enforce or testing, no mx
 */
#ifndef MXPROBE_STS_H
#define MXPROBE_STS_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/limits.h"
#include "mxprobe/taglist.h"

/* RFC 8461 3.2: max_age is at most 31557600 s (a year of 365.25 days). */
#define STS_MAX_AGE_LIMIT	31557600u
/* Below a day a policy barely outlives its fetch: a weakness, not an error. */
#define STS_MAX_AGE_SHORT	86400u

/* ---- TXT record (RFC 8461 3.1; RFC 8460 3 has the same shape) -------- */

/*
 * 1 if txt[0..len) is an MTA-STS record: it starts with "v=STSv1"
 * (case-sensitive) followed by ';', a space or tab, or the end.  Records
 * that are not are ignored by senders; the caller counts those that are
 * (exactly one must exist).
 */
int sts_txt_is_record(const char *txt, size_t len);

/*
 * Where the version field version ("v=STSv1", "v=TLSRPTv1") is in
 * txt[0..len): 1 at the start (then the text is a record of that kind),
 * 2 only later, as a field of its own (after ';' or WSP, followed by ';',
 * WSP or the end: a record written in the wrong order), 0 nowhere.
 */
int sts_txt_version(const char *txt, size_t len, const char *version);

struct sts_txt {
	const char	*error;		/* NULL: valid; else a reason above */
	size_t		 err_off;	/* where in the text */
	char		 id[MX_STS_ID_MAX + 1];	/* NUL-terminated */
	unsigned	 nfields;	/* fields after the version, id too */
};

/*
 * Parses one TXT string (already joined from its character-strings).
 * Returns 0 and r->id set if valid, else -1 with r->error and r->err_off.
 * The grammar (RFC 8461 3.1) is exact: "v=STSv1" first, fields separated
 * by *WSP ";" *WSP, names (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" /
 * "."), extension values 1*(%x21-3A / %x3C / %x3E-7E); no folding, no
 * space around "=".
 */
int sts_txt_parse(struct sts_txt *r, const char *txt, size_t len);

/*
 * The field reader behind sts_txt_parse, shared with tlsrpt.c (RFC 8460 3
 * copies the grammar).  *off starts just after the version (7 for
 * "v=STSv1") and moves past each field.  Returns 1 with f set (name and
 * value point into p), 0 at the end (a trailing ";" and WSP included),
 * -1 on a syntax error with *off at the offending byte.  A field named raw
 * (case-sensitive; NULL: none) gets its value up to the next ';' with
 * trailing WSP cut, unchecked (TLS-RPT's rua holds ", " lists); every
 * other value must be an extension value.
 */
int sts_field_next(const char *p, size_t len, size_t *off, const char *raw,
    struct tag *f);

/* ---- policy file (RFC 8461 3.2) --------------------------------------- */

enum sts_mode {
	STS_MODE_UNSET = 0,
	STS_MODE_ENFORCE,
	STS_MODE_TESTING,
	STS_MODE_NONE
};

struct sts_policy {
	const char	*error;		/* NULL: valid; else a reason above */
	unsigned	 err_line;	/* 1-based line of error, 0: none/end */
	enum sts_mode	 mode;
	uint32_t	 max_age;	/* seconds, <= STS_MAX_AGE_LIMIT */
	int		 max_age_short;	/* max_age < STS_MAX_AGE_SHORT */
	unsigned	 nmx;		/* mx lines seen */
	int		 mx_truncated;	/* nmx > MX_STS_MX_MAX: not all kept */
	unsigned	 lines;		/* lines read */
	unsigned	 unknown;	/* extension lines (ignored) */
	/* the first min(nmx, MX_STS_MX_MAX) patterns as written, no WSP */
	char		 mx[MX_STS_MX_MAX][MX_NAME_MAX + 1];
};

/*
 * Parses a policy body p[0..len) (at most MX_STS_POLICY_MAX bytes).  Lines
 * end in LF or CRLF, the last one may lack its end; empty lines are
 * skipped (see sts.c).  Keys are case-sensitive; unknown keys are
 * ignored when well-formed.  Returns 0 if valid, else -1 with pol->error
 * and pol->err_line (the first error wins; missing fields are checked
 * after the last line: version, mode, max_age, then mx).
 */
int sts_policy_parse(struct sts_policy *pol, const void *p, size_t len);

/* "enforce", "testing", "none", or "unset". */
const char *sts_mode_str(enum sts_mode m);

/*
 * 1 if the MX host name matches pattern (RFC 8461 4.1): ASCII
 * case-insensitive, one trailing dot of either ignored; "*.example.com"
 * stands for exactly one left-most label ("mx.example.com", not
 * "example.com" nor "a.b.example.com").  NUL-terminated strings.
 */
int sts_mx_match(const char *pattern, const char *mxname);

/*
 * mxname against every kept pattern of pol: 1 if one matches; 0 if none
 * does; -1 if none does but patterns were dropped (pol->mx_truncated),
 * so the answer is unknown.
 */
int sts_policy_match(const struct sts_policy *pol, const char *mxname);

#endif
