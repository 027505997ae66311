/*
 * finding.c -- the finding table and verdicts (see finding.h).
 *
 * IMPLEMENTATION NOTES
 * The table is the one place a finding's severity is decided.  The few
 * whose severity depends on the case carry FINDING_SEV_VARIES and say in
 * their meaning which case is which; their callers use verdict_add_sev.
 * Severities follow the status rules: critical when a sender cannot
 * deliver securely (or at all), warning when opportunistic senders still
 * deliver but something is wrong, ok for facts worth knowing, unknown
 * when a capacity or a failed lookup leaves the answer open.
 */
#include <string.h>
#include "mxprobe/finding.h"

#define T	FL_TRANSPORT
#define P	FL_POLICY
#define A	FL_AUTH
#define H	FL_HYGIENE
#define R	FL_REPUTATION
#define OK	ST_OK
#define WA	ST_WARNING
#define CR	ST_CRITICAL
#define UN	ST_UNKNOWN
#define VA	FINDING_SEV_VARIES

const struct finding_def finding_tab[F__COUNT] = {
	[F_AUTH_BEFORE_TLS] = { "auth-before-tls", WA, T,
	    "AUTH is offered before TLS: a client may send its password "
	    "in clear" },
	[F_STARTTLS_INJECTION_VULNERABLE] = {
	    "starttls-injection-vulnerable", CR, T,
	    "the server runs commands sent in clear before STARTTLS inside "
	    "the TLS session (CVE-2011-0411 class)" },
	[F_STARTTLS_AFTER_TLS] = { "starttls-after-tls", WA, T,
	    "STARTTLS is offered again inside TLS (RFC 3207 4.2 forbids "
	    "it): often a TLS proxy in front of a plaintext hop" },
	[F_TLS_LEGACY_ONLY] = { "tls-legacy-only", CR, T,
	    "nothing above TLS 1.1 is spoken although TLS 1.2 was offered" },
	[F_CHAIN_TRUNCATED] = { "chain-truncated", UN, T,
	    "the server sent more certificates than mxprobe keeps" },
	[F_CHAIN_OUT_OF_ORDER] = { "chain-out-of-order", WA, T,
	    "the chain is not sent leaf first, each certificate followed "
	    "by its issuer" },
	[F_CHAIN_INCOMPLETE] = { "chain-incomplete", WA, T,
	    "an intermediate certificate is missing from the chain" },
	[F_CHAIN_INVALID_IN_DAYS] = { "chain-invalid-in-days", WA, T,
	    "the chain no longer validates --days days from now" },
	[F_CERT_EXPIRED] = { "cert-expired", CR, T,
	    "the server certificate has expired" },
	[F_CERT_EXPIRES_CRITICAL] = { "cert-expires-critical", CR, T,
	    "the server certificate expires within --crit-days" },
	[F_CERT_EXPIRES_SOON] = { "cert-expires-soon", WA, T,
	    "the server certificate expires within --warn-days" },
	[F_CERT_NOT_YET_VALID] = { "cert-not-yet-valid", CR, T,
	    "the server certificate is not valid yet (or the clock is "
	    "wrong)" },
	[F_CHAIN_EXPIRED] = { "chain-expired", CR, T,
	    "a certificate after the leaf has expired" },
	[F_CHAIN_EXPIRES_CRITICAL] = { "chain-expires-critical", CR, T,
	    "a certificate after the leaf expires within --crit-days" },
	[F_CHAIN_EXPIRES_SOON] = { "chain-expires-soon", WA, T,
	    "a certificate after the leaf expires within --warn-days" },
	[F_CERT_SELF_SIGNED] = { "cert-self-signed", WA, T,
	    "the server certificate is self-signed" },
	[F_CERT_UNTRUSTED] = { "cert-untrusted", WA, T,
	    "the chain does not lead to a CA of the bundle" },
	[F_CERT_NAME_MISMATCH] = { "cert-name-mismatch", WA, T,
	    "the certificate does not name the MX host" },
	[F_CERT_WEAK_KEY] = { "cert-weak-key", WA, T,
	    "the certificate key is weak (RSA below 2048 bits, EC below "
	    "256, DSA)" },
	[F_CERT_WEAK_SIGNATURE] = { "cert-weak-signature", WA, T,
	    "the leaf is signed with SHA-1 or MD5" },
	[F_ANCHORS_TRUNCATED] = { "anchors-truncated", UN, T,
	    "the CA bundle holds more anchors than mxprobe keeps" },
	[F_CERT_UNREADABLE] = { "cert-unreadable", CR, T,
	    "TLS worked but the leaf certificate could not be parsed" },
	[F_SSL3_ENABLED] = { "ssl3-enabled", CR, T,
	    "SSL 3.0 is accepted" },
	[F_TLS_LEGACY_ENABLED] = { "tls-legacy-enabled", WA, T,
	    "TLS 1.0 or 1.1 is accepted" },
	[F_TLS_NULL_EXPORT] = { "tls-null-export", CR, T,
	    "a NULL or EXPORT suite is accepted" },
	[F_TLS_WEAK_CIPHER] = { "tls-weak-cipher", WA, T,
	    "RC4, DES or 3DES is accepted" },
	[F_TLS_WEAK_DH] = { "tls-weak-dh", WA, T,
	    "a DHE group below 2048 bits is used" },
	[F_TLS_ANON_CIPHER] = { "tls-anon-cipher", OK, T,
	    "anonymous suites are accepted (a default Postfix offers them "
	    "for opportunistic TLS)" },
	[F_NO_TLS13] = { "no-tls13", OK, T, "TLS 1.3 is not offered" },
	[F_NO_EMS] = { "no-ems", OK, T,
	    "the extended master secret (RFC 7627) is not used" },
	[F_MX_ADDRESS_FAILED] = { "mx-address-failed", WA, T,
	    "an address of the MX fails while another works: senders fall "
	    "back, but one address is broken" },
	[F_MX_CNAME] = { "mx-cname", WA, H,
	    "the MX target is an alias (RFC 2181 10.3)" },
	[F_ADDR_TRUNCATED] = { "addr-truncated", UN, T,
	    "the MX has more addresses than mxprobe keeps" },
	[F_DOMAIN_NXDOMAIN] = { "domain-nxdomain", CR, T,
	    "the domain does not exist" },
	[F_MX_TRUNCATED] = { "mx-truncated", UN, T,
	    "the domain has more MX than mxprobe keeps" },
	[F_NULL_MX_MIXED] = { "null-mx-mixed", WA, T,
	    "a null MX (RFC 7505) stands beside other MX and is ignored" },
	[F_NULL_MX] = { "null-mx", OK, T,
	    "the domain accepts no mail (null MX, RFC 7505)" },
	[F_IMPLICIT_MX] = { "implicit-mx", OK, T,
	    "no MX: mail goes to the domain's own address (RFC 5321 5.1)" },
	[F_PORT25_BLOCKED] = { "port25-blocked", UN, T,
	    "port 25 timed out everywhere while 587 or 465 answered: port "
	    "25 is probably blocked where mxprobe runs" },
	[F_DANE_LOOKUP_FAILED] = { "dane-lookup-failed", UN, P,
	    "the TLSA lookup did not answer" },
	[F_DANE_DNSSEC_INVALID] = { "dane-dnssec-invalid", CR, P,
	    "a validating resolver answered SERVFAIL for the TLSA records: "
	    "DANE senders defer" },
	[F_DANE_LIMIT] = { "dane-limit", UN, P,
	    "the TLSA lookup could not be made within mxprobe's limits" },
	[F_DANE_INSECURE] = { "dane-insecure", OK, P,
	    "TLSA records exist but are not DNSSEC-validated: senders "
	    "ignore them" },
	[F_DANE_TA_LEAF] = { "dane-ta-leaf", WA, P,
	    "a DANE-TA record matches the leaf certificate itself" },
	[F_DANE_TRUNCATED] = { "dane-truncated", UN, P,
	    "a TLSA record or certificate mxprobe could not keep may match" },
	[F_DANE_TLSA_UNUSABLE] = { "dane-tlsa-unusable", WA, P,
	    "no TLSA record is usable for SMTP: senders require TLS only" },
	[F_DANE_NO_ROLLOVER] = { "dane-no-rollover", OK, P,
	    "only one key is published: a key change breaks DANE delivery "
	    "unless the next record is published first" },
	[F_DANE_TLSA_INVALID] = { "dane-tlsa-invalid", CR | VA, P,
	    "a DANE sender finds the TLSA records invalid at an address: "
	    "critical when no address of the MX is left, else warning" },
	[F_DANE_VALIDATION_FAILURE] = { "dane-validation-failure", CR | VA, P,
	    "no TLSA record matches the chain at an address: critical "
	    "when no address of the MX is left, else warning" },
	[F_DANE_CERTIFICATE_HOST_MISMATCH] = {
	    "dane-certificate-host-mismatch", CR | VA, P,
	    "a DANE-TA chain does not name the MX host: critical when no "
	    "address of the MX is left, else warning" },
	[F_DANE_CERTIFICATE_EXPIRED] = { "dane-certificate-expired",
	    CR | VA, P,
	    "a DANE-TA chain has expired: critical when no address of the "
	    "MX is left, else warning" },
	[F_DANE_STARTTLS_NOT_SUPPORTED] = { "dane-starttls-not-supported",
	    CR | VA, P,
	    "a DANE sender gets no TLS at an address: critical when no "
	    "address of the MX is left, else warning" },
	[F_DANE_PARTIAL] = { "dane-partial", OK, P,
	    "DANE governs some MX, not all" },
	[F_DANE_AD_NOT_LOOPBACK] = { "dane-ad-not-loopback", OK, P,
	    "the DNSSEC verdicts come from a resolver that is not on "
	    "loopback: only as trustworthy as the path to it" },
	[F_MTA_STS_MX_TRUNCATED] = { "mta-sts-mx-truncated", UN, P,
	    "the MX matches none of the policy's patterns kept, but more "
	    "were dropped" },
	[F_MTA_STS_MX_FAIL] = { "mta-sts-mx-fail", CR | VA, P,
	    "an MTA-STS sender could not deliver to the MX: critical in "
	    "enforce mode, warning in testing mode" },
	[F_MTA_STS_UNKNOWN] = { "mta-sts-unknown", UN, P,
	    "the MTA-STS record or policy could not be determined" },
	[F_MTA_STS_INVALID] = { "mta-sts-invalid", WA, P,
	    "the MTA-STS record or policy is missing, unfetchable or "
	    "malformed" },
	[F_MTA_STS_MAX_AGE_SHORT] = { "mta-sts-max-age-short", OK, P,
	    "the policy's max_age is below one day" },
	[F_TLSRPT_UNKNOWN] = { "tlsrpt-unknown", UN, P,
	    "the TLS-RPT record could not be determined" },
	[F_TLSRPT_INVALID] = { "tlsrpt-invalid", WA, P,
	    "the TLS-RPT record is malformed" },
	[F_SPF_ABSENT] = { "spf-absent", WA, A, "no SPF record" },
	[F_SPF_UNKNOWN] = { "spf-unknown", UN, A,
	    "a lookup of the SPF walk failed or a limit was hit" },
	[F_SPF_INVALID] = { "spf-invalid", WA, A,
	    "the SPF policy is a permerror (syntax, several records, over "
	    "10 lookups)" },
	[F_SPF_WEAK] = { "spf-weak", WA, A,
	    "the SPF policy ends in +all, ?all or no all" },
	[F_SPF_PTR] = { "spf-ptr", OK, A,
	    "the deprecated ptr mechanism is used" },
	[F_DMARC_UNKNOWN] = { "dmarc-unknown", UN, A,
	    "the DMARC record could not be determined" },
	[F_DMARC_ABSENT] = { "dmarc-absent", WA, A, "no DMARC record" },
	[F_DMARC_INVALID] = { "dmarc-invalid", WA, A,
	    "the DMARC record is malformed or there are several" },
	[F_DMARC_REPORT_UNAUTHORIZED] = { "dmarc-report-unauthorized", WA, A,
	    "a report destination elsewhere does not authorise the domain: "
	    "receivers send it no reports" },
	[F_DMARC_REPORT_AUTH_UNKNOWN] = { "dmarc-report-auth-unknown", OK, A,
	    "a report authorisation lookup did not answer" },
	[F_DMARC_POLICY_NONE] = { "dmarc-policy-none", OK, A,
	    "DMARC is in monitoring mode (p=none)" },
	[F_DMARC_PCT_PARTIAL] = { "dmarc-pct-partial", OK, A,
	    "the DMARC policy applies to a part of the mail only (pct)" },
	[F_DMARC_TESTING] = { "dmarc-testing", OK, A,
	    "the DMARC record is in testing mode (t=y)" },
	[F_DKIM_ABSENT] = { "dkim-absent", WA | VA, A,
	    "no DKIM key was found: warning, informational for a null-MX "
	    "domain (it sends no mail)" },
	[F_DKIM_UNKNOWN] = { "dkim-unknown", UN, A,
	    "a DKIM lookup did not answer" },
	[F_DKIM_INVALID] = { "dkim-invalid", WA, A,
	    "a DKIM key record is malformed, revoked or too small" },
	[F_DKIM_WEAK_KEY] = { "dkim-weak-key", WA, A,
	    "a DKIM key is below 2048 bits (RFC 8301)" },
	[F_DKIM_RECORD_TRUNCATED] = { "dkim-record-truncated", UN, A,
	    "a DKIM key record is longer than mxprobe keeps" },
	[F_BIMI_UNKNOWN] = { "bimi-unknown", OK, A,
	    "the BIMI lookup did not answer (BIMI is optional)" },
	[F_BIMI_INVALID] = { "bimi-invalid", WA, A,
	    "a BIMI record is published but malformed: no receiver shows "
	    "it" },
	[F_BIMI_DMARC_NOT_ENFORCED] = { "bimi-dmarc-not-enforced", WA, A,
	    "a BIMI record is published but DMARC is not at enforcement: "
	    "no receiver shows it" },
	[F_DNSBL_UNKNOWN] = { "dnsbl-unknown", OK, R,
	    "a blacklist lookup did not answer (depends on the resolver "
	    "mxprobe runs behind)" },
	[F_DNSBL_LISTED] = { "dnsbl-listed", WA, R,
	    "an address is listed on a DNS blacklist" },
	[F_DNSBL_REFUSED] = { "dnsbl-refused", OK, R,
	    "a blacklist refuses to answer mxprobe's resolver" },
	[F_DNSBL_BAD_ANSWER] = { "dnsbl-bad-answer", OK, R,
	    "a blacklist gave an answer that is not a listing" },
	[F_DNSBL_TRUNCATED] = { "dnsbl-truncated", UN, R,
	    "more blacklist lookups than mxprobe makes" },
	[F_SCORE_BELOW_CRITICAL] = { "score-below-critical", CR, T,
	    "the score is below --crit-score" },
	[F_SCORE_BELOW_WARNING] = { "score-below-warning", WA, T,
	    "the score is below --warn-score" },
};

static const char *const status_str[] = {
	[ST_OK] = "ok", [ST_WARNING] = "warning", [ST_CRITICAL] = "critical",
	[ST_UNKNOWN] = "unknown",
};

/* see finding.h */
const char *
report_status_str(enum report_status s)
{
	return (unsigned)s <= ST_UNKNOWN ? status_str[s] : "unknown";
}

/* see finding.h */
const char *
finding_code(enum finding f)
{
	return (unsigned)f < F__COUNT ? finding_tab[f].code : "internal";
}

/* see finding.h */
void
verdict_reset(struct verdict *vd)
{
	memset(vd, 0, sizeof *vd);
}

/* see finding.h */
void
verdict_merge(struct verdict *vd, enum report_status s)
{
	if (s == ST_UNKNOWN)
		vd->limit = 1;
	else if ((unsigned)s > vd->worst)
		vd->worst = (unsigned char)s;
}

static void
push(struct verdict *vd, unsigned entry, enum report_status sev)
{
	verdict_merge(vd, sev);
	if (vd->n == MX_FINDINGS_MAX) {
		vd->limit = 1;
		return;
	}
	vd->list[vd->n++] = (unsigned short)entry;
}

/* see finding.h */
void
verdict_add_sev(struct verdict *vd, enum finding f, enum report_status sev)
{
	if ((unsigned)f >= F__COUNT) {
		verdict_add_err(vd, MX_E_INTERNAL, ST_UNKNOWN);
		return;
	}
	vd->bits[f / 32] |= (uint32_t)1 << (f % 32);
	push(vd, (unsigned)f, sev);
}

/* see finding.h */
void
verdict_add(struct verdict *vd, enum finding f)
{
	enum report_status sev = (unsigned)f < F__COUNT ?
	    (enum report_status)(finding_tab[f].sev & ~FINDING_SEV_VARIES) :
	    ST_UNKNOWN;

	verdict_add_sev(vd, f, sev);
}

/* see finding.h */
void
verdict_add_err(struct verdict *vd, enum mx_err e, enum report_status sev)
{
	push(vd, VERDICT_ERR + (unsigned)e, sev);
}

/* see finding.h */
void
verdict_append(struct verdict *into, const struct verdict *from)
{
	unsigned i, k;

	for (i = 0; i < sizeof into->bits / sizeof into->bits[0]; i++)
		into->bits[i] |= from->bits[i];
	for (k = 0; k < from->n; k++)
		push(into, from->list[k], ST_OK);
	verdict_merge(into, (enum report_status)from->worst);
	if (from->limit)
		into->limit = 1;
}

/* see finding.h */
int
verdict_has(const struct verdict *vd, enum finding f)
{
	return (unsigned)f < F__COUNT &&
	    (vd->bits[f / 32] >> (f % 32) & 1) != 0;
}

/* see finding.h */
enum report_status
verdict_status(const struct verdict *vd)
{
	if (vd->limit && vd->worst < ST_CRITICAL)
		return ST_UNKNOWN;
	return (enum report_status)vd->worst;
}

/* see finding.h */
size_t
verdict_text(const struct verdict *vd, char *buf, size_t cap)
{
	size_t len = 0, l;
	unsigned i;
	const char *c;

	if (cap == 0)
		return 0;
	for (i = 0; i < vd->n; i++) {
		c = vd->list[i] >= VERDICT_ERR ?
		    mx_err_str((enum mx_err)(vd->list[i] - VERDICT_ERR)) :
		    finding_code((enum finding)vd->list[i]);
		l = strlen(c);
		if (len + (len > 0) + l + 1 > cap)
			break;
		if (len > 0)
			buf[len++] = ',';
		memcpy(buf + len, c, l);
		len += l;
	}
	buf[len] = 0;
	return len;
}
