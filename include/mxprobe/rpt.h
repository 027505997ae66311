/*
 * rpt.h -- the "policies" value of -j output: what mxprobe itself saw,
 * shaped like the "policies" array of a TLS-RPT report (RFC 8460 4.4),
 * so it reads like the reports a domain receives from real senders:
 * one entry per policy (policy-type "tlsa", "sts" or "no-policy-found"),
 * its policy-string and mx-host lists, a summary of the sessions (each
 * probe of an MX address is one session) and failure-details with the
 * RFC 8460 result types.  sending-mta-ip is left out: it would be
 * mxprobe's own address, which it does not know.
 *
 * The transport-policy checks (chk_dane.c, chk_sts.c) add what they
 * judged; audit.c writes it once at the end.  Fixed storage: what does
 * not fit is dropped and "policies_truncated":"yes" follows (never
 * silent).  key=value output has no such key: every fact in it is also a
 * flat key (dane, mta_sts, mxN_dane_error, ...).
 */
#ifndef MXPROBE_RPT_H
#define MXPROBE_RPT_H

/* Forgets everything (audit_start). */
void rpt_reset(void);
/* A new policy entry; its handle, or -1 when MX_RPT_POLICIES are in use. */
int rpt_policy(const char *type, const char *domain);
/* Appends to the entry's policy-string / mx-host lists. */
void rpt_string(int h, const char *s);
void rpt_mx_host(int h, const char *s);
/*
 * One session of entry h to mx at ip: result NULL for a success, else an
 * RFC 8460 result type; detail (may be NULL) becomes
 * additional-information.  Equal failures are counted together.
 */
void rpt_session(int h, const char *mx, const char *ip, const char *result,
    const char *detail);
/* Entries so far. */
unsigned rpt_count(void);
/* Writes "policies" (JSON mode only) when any entry exists. */
void rpt_emit(void);

#endif
