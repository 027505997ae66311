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
 * key prints them in that order), a bit set to ask "is F in it" in O(1),
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

enum finding {
	/* transport: one probe (judge_probe) */
	F_AUTH_BEFORE_TLS,
	F_STARTTLS_INJECTION_VULNERABLE,
	F_STARTTLS_AFTER_TLS,
	F_TLS_LEGACY_ONLY,
	F_CHAIN_TRUNCATED,
	F_CHAIN_OUT_OF_ORDER,
	F_CHAIN_INCOMPLETE,
	F_CHAIN_INVALID_IN_DAYS,
	F_CERT_EXPIRED,
	F_CERT_EXPIRES_CRITICAL,
	F_CERT_EXPIRES_SOON,
	F_CERT_NOT_YET_VALID,
	F_CHAIN_EXPIRED,
	F_CHAIN_EXPIRES_CRITICAL,
	F_CHAIN_EXPIRES_SOON,
	F_CERT_SELF_SIGNED,
	F_CERT_UNTRUSTED,
	F_CERT_NAME_MISMATCH,
	F_CERT_WEAK_KEY,
	F_CERT_WEAK_SIGNATURE,
	F_ANCHORS_TRUNCATED,
	F_CERT_UNREADABLE,
	/* transport: the TLS scan of one address */
	F_SSL3_ENABLED,
	F_TLS_LEGACY_ENABLED,
	F_TLS_NULL_EXPORT,
	F_TLS_WEAK_CIPHER,
	F_TLS_WEAK_DH,
	F_TLS_ANON_CIPHER,
	F_NO_TLS13,
	F_NO_EMS,
	/* the domain and its MX */
	F_MX_ADDRESS_FAILED,
	F_MX_CNAME,
	F_ADDR_TRUNCATED,
	F_DOMAIN_NXDOMAIN,
	F_MX_TRUNCATED,
	F_NULL_MX_MIXED,
	F_NULL_MX,
	F_IMPLICIT_MX,
	F_PORT25_BLOCKED,
	/* DANE */
	F_DANE_LOOKUP_FAILED,
	F_DANE_DNSSEC_INVALID,
	F_DANE_LIMIT,
	F_DANE_INSECURE,
	F_DANE_TA_LEAF,
	F_DANE_TRUNCATED,
	F_DANE_TLSA_UNUSABLE,
	F_DANE_NO_ROLLOVER,
	F_DANE_TLSA_INVALID,
	F_DANE_VALIDATION_FAILURE,
	F_DANE_CERTIFICATE_HOST_MISMATCH,
	F_DANE_CERTIFICATE_EXPIRED,
	F_DANE_STARTTLS_NOT_SUPPORTED,
	F_DANE_PARTIAL,
	F_DANE_AD_NOT_LOOPBACK,
	/* MTA-STS and TLS-RPT */
	F_MTA_STS_MX_TRUNCATED,
	F_MTA_STS_MX_FAIL,
	F_MTA_STS_UNKNOWN,
	F_MTA_STS_INVALID,
	F_MTA_STS_MAX_AGE_SHORT,
	F_TLSRPT_UNKNOWN,
	F_TLSRPT_INVALID,
	/* SPF */
	F_SPF_ABSENT,
	F_SPF_UNKNOWN,
	F_SPF_INVALID,
	F_SPF_WEAK,
	F_SPF_PTR,
	/* DMARC, DKIM, BIMI */
	F_DMARC_UNKNOWN,
	F_DMARC_ABSENT,
	F_DMARC_INVALID,
	F_DMARC_REPORT_UNAUTHORIZED,
	F_DMARC_REPORT_AUTH_UNKNOWN,
	F_DMARC_POLICY_NONE,
	F_DMARC_PCT_PARTIAL,
	F_DMARC_TESTING,
	F_DKIM_ABSENT,
	F_DKIM_UNKNOWN,
	F_DKIM_INVALID,
	F_DKIM_WEAK_KEY,
	F_DKIM_RECORD_TRUNCATED,
	F_BIMI_UNKNOWN,
	F_BIMI_INVALID,
	F_BIMI_DMARC_NOT_ENFORCED,
	/* DNS blacklists */
	F_DNSBL_UNKNOWN,
	F_DNSBL_LISTED,
	F_DNSBL_REFUSED,
	F_DNSBL_BAD_ANSWER,
	F_DNSBL_TRUNCATED,
	/* the score */
	F_SCORE_BELOW_CRITICAL,
	F_SCORE_BELOW_WARNING,
	F__COUNT
};

/* Severity flag of a table entry whose severity depends on the case. */
#define FINDING_SEV_VARIES	0x80

struct finding_def {
	const char	*code;		/* API: printed in findings= */
	unsigned char	 sev;		/* ST_*; | FINDING_SEV_VARIES */
	unsigned char	 layer;		/* FL_* */
	const char	*meaning;	/* one line, for people */
};

/* The table, indexed by enum finding. */
extern const struct finding_def finding_tab[F__COUNT];

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
