/*
 * judge.c -- one probe's and one scan's facts into findings (see judge.h).
 *
 * IMPLEMENTATION NOTES
 * Findings of a probe, in the order they are added (findings= prints
 * them so):
 *   auth-before-tls, starttls-injection-vulnerable, starttls-after-tls,
 *   tls-legacy-only (negotiated below TLS 1.2 although 1.2 was offered),
 *   chain-truncated, chain-out-of-order, chain-incomplete,
 *   chain-invalid-in-days (--days), then the leaf's dates
 *   (cert-expired / cert-expires-critical / cert-expires-soon,
 *   cert-not-yet-valid), the rest of the chain's worst date once
 *   (chain-expired / -expires-critical / -expires-soon), cert-self-signed,
 *   cert-untrusted, cert-name-mismatch, cert-weak-key (RSA < 2048,
 *   EC < 256, DSA), cert-weak-signature (MD5/SHA-1 on the leaf),
 *   anchors-truncated; cert-unreadable when TLS worked and no leaf could
 *   be read; last the error that ended the probe (unknown for internal
 *   and limit, else critical).
 * A scan adds: ssl3-enabled, tls-legacy-enabled (or tls-legacy-only when
 * the main probe got no TLS and only 1.0/1.1 answered), tls-null-export,
 * tls-weak-cipher, tls-weak-dh (DHE below 2048 bits), tls-anon-cipher,
 * no-tls13, no-ems.
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/judge.h"
#include "mxprobe/hello.h"

/* see judge.h */
int64_t
judge_days_left(int64_t t, int64_t now)
{
	int64_t d = t - now;

	return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

static int
is_ip_literal(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static int
weak_key(const struct x509_facts *f)
{
	return (f->key_type == X509_KEY_RSA && f->key_bits < 2048) ||
	    (f->key_type == X509_KEY_EC && f->key_bits < 256) ||
	    f->key_type == X509_KEY_DSA;
}

static int
weak_sig(const struct x509_facts *f)
{
	return strstr(f->sig_alg, "sha1") != NULL ||
	    strstr(f->sig_alg, "SHA1") != NULL ||
	    strstr(f->sig_alg, "md5") != NULL || strstr(f->sig_alg, "md2") != NULL;
}

/* see judge.h */
unsigned
judge_chain_facts(const struct probe *p, struct x509_facts *cf)
{
	const struct tls_chain *ch = &p->tls.chain;
	unsigned i, n = 0;
	int perr;

	if (!p->tls_started)
		return 0;
	for (i = 0; i < ch->kept; i++) {
		if (x509_parse(ch->arena + ch->off[i], ch->len[i], &cf[i],
		    &perr) < 0)
			break;
		n++;
	}
	return n;
}

/* The chain's order, completeness and --days findings. */
static void
chain_findings(const struct report_opts *o, const struct ca_verdict *v,
    const struct x509_facts *cf, unsigned nparsed, struct verdict *vd)
{
	int64_t at = o->now + (int64_t)o->days * 86400;
	unsigned k, i;

	if (v->order_wrong)
		verdict_add(vd, F_CHAIN_OUT_OF_ORDER);
	if (v->incomplete)
		verdict_add(vd, F_CHAIN_INCOMPLETE);
	if (!o->days_set)
		return;
	for (k = 0; k < v->npath; k++) {
		i = v->path[k];
		if (i < nparsed &&
		    (cf[i].not_before > at || cf[i].not_after < at)) {
			verdict_add(vd, F_CHAIN_INVALID_IN_DAYS);
			return;
		}
	}
}

/* The leaf's and the chain's findings (nparsed > 0). */
static void
cert_findings(const struct report_opts *o, const struct ca_store *cs,
    const struct ca_verdict *v, const struct x509_facts *cf,
    unsigned nparsed, struct verdict *vd)
{
	const struct x509_facts *f = &cf[0];
	int64_t dl = judge_days_left(f->not_after, o->now), cdl;
	int match = !is_ip_literal(o->host) && x509_host_match(f, o->host);
	int worst = 0, lvl;
	unsigned i;

	if (f->not_after < o->now)
		verdict_add(vd, F_CERT_EXPIRED);
	else if (dl < o->crit_days)
		verdict_add(vd, F_CERT_EXPIRES_CRITICAL);
	else if (dl < o->warn_days)
		verdict_add(vd, F_CERT_EXPIRES_SOON);
	if (f->not_before > o->now)
		verdict_add(vd, F_CERT_NOT_YET_VALID);
	/* the rest of the chain, worst case once */
	for (i = 1; i < nparsed; i++) {
		cdl = judge_days_left(cf[i].not_after, o->now);
		lvl = cf[i].not_after < o->now ? 3 : cdl < o->crit_days ? 2 :
		    cdl < o->warn_days;
		if (lvl > worst)
			worst = lvl;
	}
	if (worst)
		verdict_add(vd, worst == 3 ? F_CHAIN_EXPIRED : worst == 2 ?
		    F_CHAIN_EXPIRES_CRITICAL : F_CHAIN_EXPIRES_SOON);
	if (f->self_issued)
		verdict_add(vd, F_CERT_SELF_SIGNED);
	if (v && !v->trusted)
		verdict_add(vd, F_CERT_UNTRUSTED);
	if (!match)
		verdict_add(vd, F_CERT_NAME_MISMATCH);
	if (weak_key(f))
		verdict_add(vd, F_CERT_WEAK_KEY);
	if (weak_sig(f))
		verdict_add(vd, F_CERT_WEAK_SIGNATURE);
	if (cs && cs->truncated)
		verdict_add(vd, F_ANCHORS_TRUNCATED);
}

/* see judge.h */
void
judge_probe(const struct report_opts *o, const struct probe *p,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, struct verdict *vd)
{
	const struct smtp_client *c = &p->smtp;
	const struct tls_sess *t = &p->tls;
	enum mx_err err = probe_error(p);
	unsigned nparsed;
	int tls_ok = p->tls_started && t->done;
	int starttls_seen = c->ehlo_host[0] != 0 || c->used_helo;

	if (!o->implicit_tls && starttls_seen && (c->ext & SMTP_EXT_AUTH))
		verdict_add(vd, F_AUTH_BEFORE_TLS);
	if (p->inject_ran && p->inject_verdict == SMTP_INJ_VULNERABLE)
		verdict_add(vd, F_STARTTLS_INJECTION_VULNERABLE);
	if (tls_ok) {
		if (c->ehlo_tls_done && (c->ext_tls & SMTP_EXT_STARTTLS))
			verdict_add(vd, F_STARTTLS_AFTER_TLS);
		if (t->version < BR_TLS12)
			verdict_add(vd, F_TLS_LEGACY_ONLY);
	}
	nparsed = judge_chain_facts(p, cf);
	if (p->tls_started && t->chain.n > 0) {
		if (t->chain.truncated)
			verdict_add(vd, F_CHAIN_TRUNCATED);
		if (v)
			chain_findings(o, v, cf, nparsed, vd);
	}
	if (nparsed > 0)
		cert_findings(o, cs, v, cf, nparsed, vd);
	else if (tls_ok)
		verdict_add(vd, F_CERT_UNREADABLE);
	if (err != MX_OK)
		verdict_add_err(vd, err, err == MX_E_INTERNAL ||
		    err == MX_E_LIMIT ? ST_UNKNOWN : ST_CRITICAL);
}

/* see judge.h */
const char *
judge_tls(const struct probe *p)
{
	if (p->tls_started && p->tls.done)
		return "ok";
	/* implicit TLS starts at connect: tls_started covers it */
	if (p->tls_started || (p->smtp.ext & SMTP_EXT_STARTTLS))
		return "fail";
	return "none";
}

/* see judge.h */
void
judge_scan(const struct tlsscan *s, struct verdict *vd)
{
	struct tlsscan_facts f;

	if (s == NULL || s->cfg.level == TLSSCAN_OFF)
		return;
	tlsscan_facts(s, &f);
	if (f.v[0] == TLSSCAN_YES)
		verdict_add(vd, F_SSL3_ENABLED);
	if (f.v[1] == TLSSCAN_YES || f.v[2] == TLSSCAN_YES) {
		if (f.v[3] == TLSSCAN_YES || f.v[4] == TLSSCAN_YES)
			verdict_add(vd, F_TLS_LEGACY_ENABLED);
		else if (s->cfg.main_version == 0 && f.v[3] == TLSSCAN_NO &&
		    f.v[4] == TLSSCAN_NO)
			verdict_add(vd, F_TLS_LEGACY_ONLY);
	}
	if (f.weak & (HELLO_C_NULL | HELLO_C_EXPORT))
		verdict_add(vd, F_TLS_NULL_EXPORT);
	if (f.weak & (HELLO_C_DES | HELLO_C_RC4 | HELLO_C_3DES))
		verdict_add(vd, F_TLS_WEAK_CIPHER);
	if (f.bits && f.bits < 2048)
		verdict_add(vd, F_TLS_WEAK_DH);
	if (f.weak & HELLO_C_ANON)
		verdict_add(vd, F_TLS_ANON_CIPHER);
	if (f.v[4] == TLSSCAN_NO)
		verdict_add(vd, F_NO_TLS13);
	if (f.t[3] == TLSSCAN_NO)
		verdict_add(vd, F_NO_EMS);
}
