/*
 * report.c -- facts to keys, findings and status (see report.h).
 *
 * IMPLEMENTATION NOTES
 * Each finding has a short stable code and a severity; the status is the
 * worst severity, except that a capacity hit (chain or anchors truncated)
 * makes an otherwise ok/warning answer "unknown": the answer might be
 * wrong, and CONTRACT says so is exit 3.  Findings:
 *   critical  the error= cases (no TLS could be had), tls-legacy-only
 *             (negotiated below TLS 1.2 although we offered 1.2),
 *             cert-expired, cert-not-yet-valid, cert-expires-critical,
 *             starttls-injection-vulnerable, chain-expired and
 *             chain-expires-critical (a certificate after the leaf)
 *   warning   cert-expires-soon, cert-self-signed, cert-untrusted,
 *             cert-name-mismatch, cert-weak-key (RSA < 2048, EC < 256),
 *             cert-weak-signature (MD5/SHA-1 on the leaf),
 *             auth-before-tls (AUTH offered in clear: a client may send
 *             its password unprotected), starttls-after-tls (RFC 3207
 *             4.2: MUST NOT; often a TLS proxy in front of a plaintext
 *             hop), chain-out-of-order, chain-incomplete,
 *             chain-expires-soon, chain-invalid-in-days (--days)
 *   unknown   chain-truncated, anchors-truncated, internal errors
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/report.h"
#include "mxprobe/x509.h"
#include "mxprobe/date.h"
#include "mxprobe/out.h"

static const char *const status_str[] = {
	[ST_OK] = "ok", [ST_WARNING] = "warning", [ST_CRITICAL] = "critical",
	[ST_UNKNOWN] = "unknown",
};

/* see report.h */
const char *
report_status_str(enum report_status s)
{
	return (unsigned)s <= ST_UNKNOWN ? status_str[s] : "unknown";
}

/* see report.h */
void
report_finding(struct report_verdict *vd, enum report_status sev,
    const char *code)
{
	size_t n = strlen(code);

	if (sev == ST_UNKNOWN)
		vd->limit = 1;
	else if ((int)sev > vd->worst)
		vd->worst = (int)sev;
	/* the buffer holds every code at once; cut rather than overflow */
	if (vd->flen + n + 2 > sizeof vd->findings)
		return;
	if (vd->flen)
		vd->findings[vd->flen++] = ',';
	memcpy(vd->findings + vd->flen, code, n);
	vd->flen += n;
	vd->findings[vd->flen] = 0;
}

/* Days from now to t, rounded towards minus infinity. */
static int64_t
days_left(int64_t t, int64_t now)
{
	int64_t d = t - now;

	return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

static void
kv_date(const char *key, int64_t t)
{
	char buf[32];

	date_iso(t, buf, sizeof buf);
	out_kvs(key, buf);
}

static void
hex(char *dst, const unsigned char *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		dst[2 * i] = d[p[i] >> 4];
		dst[2 * i + 1] = d[p[i] & 15];
	}
	dst[2 * n] = 0;
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

/* Facts of the kept chain certificates; static: x509_facts is ~4 KB. */
static struct x509_facts cf[MX_CHAIN_MAX];

static void
cert_keys(const char *pfx, const struct x509_facts *f, int64_t now)
{
	char key[MX_KEY_MAX], hx[65];
	static const char *const sfx[] = { "subject", "issuer", "not_before",
	    "not_after", "days_left", "expired", "key_type", "key_bits",
	    "sig_alg", "sha256" };
	size_t pl = strlen(pfx);
	unsigned i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		memcpy(key, pfx, pl);
		strcpy(key + pl, sfx[i]);
		switch (i) {
		case 0: out_kvs(key, f->subject); break;
		case 1: out_kvs(key, f->issuer); break;
		case 2: kv_date(key, f->not_before); break;
		case 3: kv_date(key, f->not_after); break;
		case 4: out_kvi(key, days_left(f->not_after, now)); break;
		case 5: out_kvb(key, f->not_after < now); break;
		case 6: out_kvs(key, x509_key_str(f->key_type)); break;
		case 7: out_kvi(key, f->key_bits); break;
		case 8: out_kvs(key, f->sig_alg); break;
		case 9: hex(hx, f->sha256, 32); out_kvs(key, hx); break;
		}
	}
}

/* see report.h */
void
report_target(const char *host, unsigned port, const char *addr,
    int implicit_tls)
{
	out_kvs("host", host);
	out_kvi("port", port);
	if (addr)
		out_kvs("addr", addr);
	out_kvs("tls_mode", implicit_tls ? "implicit" : "starttls");
}

/* see report.h */
void
report_env(const struct report_opts *o, const struct ca_store *cs)
{
	kv_date("clock", o->now);
	out_kvs("clock_source", o->now_from_option ? "option" : "system");
	out_kvs("ca_file", o->ca_file);
	if (cs)
		out_kvi("ca_count", cs->count);
}

/* see report.h */
enum report_status
report_close(struct report_verdict *vd)
{
	if (vd->flen)
		out_kvs("findings", vd->findings);
	if (vd->limit && vd->worst < ST_CRITICAL)
		vd->worst = ST_UNKNOWN;
	out_kvs("status", report_status_str((enum report_status)vd->worst));
	return (enum report_status)vd->worst;
}

/* see report.h */
enum report_status
report_single(const struct report_opts *o, const struct probe *p,
    const struct ca_store *cs, const struct ca_verdict *v)
{
	struct report_verdict vd;

	memset(&vd, 0, sizeof vd);
	report_target(o->host, o->port, o->addr, o->implicit_tls);
	report_env(o, cs);
	report_probe(o, p, cs, v, &vd);
	if (o->more)
		o->more(o->more_arg, &vd);
	return report_close(&vd);
}

static const char *const inject_str[] = {
	[SMTP_INJ_UNKNOWN] = "unknown", [SMTP_INJ_SAFE] = "safe",
	[SMTP_INJ_VULNERABLE] = "vulnerable",
};

/*
 * The name of the fatal alert the server sent ("handshake_failure"), NULL
 * if br_err is not one (or an alert number without a name: tls_br_err
 * still has it).
 */
static const char *
alert_name(int br_err)
{
	const char *s = tls_br_err_name(br_err);

	if (br_err < BR_ERR_RECV_FATAL_ALERT ||
	    br_err >= BR_ERR_SEND_FATAL_ALERT || s == NULL ||
	    s[sizeof "RECV_FATAL_ALERT" - 1] != '_')
		return NULL;
	return s + sizeof "RECV_FATAL_ALERT";
}

/*
 * Chain keys between chain_truncated and cert_subject: order, path,
 * completeness and --days, from the verdict and the nparsed facts in cf.
 */
static void
chain_keys(const struct report_opts *o, const struct ca_verdict *v,
    unsigned nparsed, struct report_verdict *vd)
{
	int64_t at = o->now + (int64_t)o->days * 86400;
	unsigned k, i;
	int fails = -1;
	char key[8];

	out_kvs("chain_order", v->order_wrong ? "wrong" : "ok");
	if (v->reordered)
		out_kvb("chain_reordered", 1);
	out_kvb("chain_incomplete", v->incomplete);
	if (v->order_wrong)
		report_finding(vd, ST_WARNING, "chain-out-of-order");
	if (v->incomplete)
		report_finding(vd, ST_WARNING, "chain-incomplete");
	if (!o->days_set)
		return;
	for (k = 0; k < v->npath && fails < 0; k++) {
		i = v->path[k];
		if (i < nparsed &&
		    (cf[i].not_before > at || cf[i].not_after < at))
			fails = (int)i;
	}
	out_kvb("chain_valid_in_days", v->trusted && fails < 0);
	if (fails < 0)
		return;
	/* i < MX_CHAIN_MAX: one digit */
	memcpy(key, "cert", 4);
	key[4] = (char)('1' + fails);
	key[5] = 0;
	out_kvs("chain_fails_first", key);
	report_finding(vd, ST_WARNING, "chain-invalid-in-days");
}

/* see report.h */
void
report_probe(const struct report_opts *o, const struct probe *p,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct report_verdict *vd)
{
	const struct smtp_client *c = &p->smtp;
	const struct tls_sess *t = &p->tls;
	const struct tls_chain *ch = &t->chain;
	enum mx_err err = probe_error(p);
	unsigned i, nparsed = 0;
	int perr, tls_ok, starttls_seen, chain_exp = 0;
	char buf[32], pfx[16], hx[65], diff[MX_SMTP_EXT_MAX];
	const char *s;

	if (c->greeting_code) {
		out_kvi("greeting_code", c->greeting_code);
		out_kvs("banner_host", c->banner_host);
		out_kvs("banner", c->banner);
	}
	if (err == MX_E_TIMEOUT_GREETING) {
		/* TCP was up; no whole greeting in time, bytes or not */
		out_kvb("greeting_tarpit", 1);
		out_kvi("greeting_bytes", (int64_t)c->total);
	}
	if (c->ehlo_host[0] || c->used_helo) {
		out_kvs("ehlo_host", c->ehlo_host);
		out_kvb("helo_fallback", c->used_helo);
	}
	starttls_seen = c->ehlo_host[0] != 0 || c->used_helo;
	if (!o->implicit_tls && starttls_seen) {
		out_kvs("ehlo_ext", c->ext_text);
		out_kvb("starttls", (c->ext & SMTP_EXT_STARTTLS) != 0);
	}
	if (!o->implicit_tls && (c->ext & SMTP_EXT_STARTTLS))
		out_kvb("starttls_plaintext_injection",
		    c->injection || t->plaintext);
	if (!o->implicit_tls && starttls_seen) {
		out_kvb("auth_before_tls", (c->ext & SMTP_EXT_AUTH) != 0);
		if (c->ext & SMTP_EXT_AUTH)
			report_finding(vd, ST_WARNING, "auth-before-tls");
	}
	if (p->inject_ran) {
		out_kvs("starttls_injection", inject_str[p->inject_verdict]);
		if (p->inject_verdict == SMTP_INJ_UNKNOWN &&
		    p->inject_err != MX_OK)
			out_kvs("starttls_injection_error",
			    mx_err_str(p->inject_err));
		if (p->inject_verdict == SMTP_INJ_VULNERABLE)
			report_finding(vd, ST_CRITICAL,
			    "starttls-injection-vulnerable");
	}
	if (c->last_code) {
		out_kvi("smtp_reply_code", c->last_code);
		out_kvs("smtp_reply_text", c->last_text);
	}

	tls_ok = p->tls_started && t->done;
	out_kvs("tls", tls_ok ? "ok" : p->tls_started ? "fail" : "none");
	if (tls_ok) {
		out_kvs("tls_version", tls_version_str(t->version));
		s = tls_suite_name(t->suite);
		if (s == NULL) {
			/* unnamed suite: its number, still eval-safe */
			buf[0] = '0'; buf[1] = 'x';
			hex(buf + 2, (const unsigned char[]){ t->suite >> 8,
			    t->suite & 0xff }, 2);
			s = buf;
		}
		out_kvs("tls_cipher", s);
		if ((s = tls_curve_name(t->curve)) != NULL)
			out_kvs("tls_group", s);
		out_kvb("tls_secure_renegotiation", t->secure_reneg);
		if (c->ehlo_tls_done) {
			out_kvs("tls_ehlo_ext", c->ext_tls_text);
			out_kvb("starttls_after_tls",
			    (c->ext_tls & SMTP_EXT_STARTTLS) != 0);
			if (c->ext_tls & SMTP_EXT_STARTTLS)
				report_finding(vd, ST_WARNING,
				    "starttls-after-tls");
		}
		if (c->ehlo_tls_done && !o->implicit_tls) {
			/* STARTTLS leaving is RFC 3207 4.2, not news */
			smtp_ext_diff(c->ext_tls_text, c->ext_text, NULL,
			    diff, sizeof diff);
			out_kvs("ext_added_in_tls", diff);
			smtp_ext_diff(c->ext_text, c->ext_tls_text, "STARTTLS",
			    diff, sizeof diff);
			out_kvs("ext_removed_in_tls", diff);
		}
		if (t->version < BR_TLS12)
			report_finding(vd, ST_CRITICAL, "tls-legacy-only");
	} else if (p->tls_started && t->br_err) {
		out_kvi("tls_br_err", t->br_err);
		if ((s = tls_br_err_name(t->br_err)) != NULL)
			out_kvs("tls_br_err_name", s);
		if ((s = alert_name(t->br_err)) != NULL)
			out_kvs("tls_alert", s);
	}
	if (starttls_seen)
		out_kvb("requiretls",
		    ((c->ext | c->ext_tls) & SMTP_EXT_REQUIRETLS) != 0);

	if (p->tls_started && ch->n > 0) {
		out_kvi("chain_count", ch->n);
		if (ch->truncated) {
			out_kvb("chain_truncated", 1);
			report_finding(vd, ST_UNKNOWN, "chain-truncated");
		}
		for (i = 0; i < ch->kept; i++) {
			if (x509_parse(ch->arena + ch->off[i], ch->len[i],
			    &cf[i], &perr) < 0)
				break;
			nparsed++;
		}
		if (v)
			chain_keys(o, v, nparsed, vd);
	}
	if (nparsed > 0) {
		const struct x509_facts *f = &cf[0];
		int64_t dl = days_left(f->not_after, o->now);
		int match = !is_ip_literal(o->host) &&
		    x509_host_match(f, o->host);

		out_kvs("cert_subject", f->subject);
		if (f->subject_truncated)
			out_kvb("cert_subject_truncated", 1);
		out_kvs("cert_issuer", f->issuer);
		if (f->issuer_truncated)
			out_kvb("cert_issuer_truncated", 1);
		out_kvs("cert_san", f->san);
		if (f->san_truncated)
			out_kvb("cert_san_truncated", 1);
		kv_date("cert_not_before", f->not_before);
		kv_date("cert_not_after", f->not_after);
		out_kvi("cert_days_left", dl);
		out_kvb("cert_expired", f->not_after < o->now);
		out_kvb("cert_not_yet_valid", f->not_before > o->now);
		out_kvb("cert_self_signed", f->self_issued);
		if (v) {
			out_kvb("cert_trusted", v->trusted);
			out_kvs("cert_trust_reason", v->reason);
		}
		out_kvb("cert_hostname_match", match);
		out_kvs("cert_key_type", x509_key_str(f->key_type));
		out_kvi("cert_key_bits", f->key_bits);
		out_kvs("cert_sig_alg", f->sig_alg);
		hex(hx, f->sha256, 32);
		out_kvs("cert_sha256", hx);
		for (i = 0; i < nparsed; i++) {
			memcpy(pfx, "cert", 4);
			pfx[4] = (char)('1' + i);
			pfx[5] = '_';
			pfx[6] = 0;
			cert_keys(pfx, &cf[i], o->now);
		}

		if (f->not_after < o->now)
			report_finding(vd, ST_CRITICAL, "cert-expired");
		else if (dl < o->crit_days)
			report_finding(vd, ST_CRITICAL, "cert-expires-critical");
		else if (dl < o->warn_days)
			report_finding(vd, ST_WARNING, "cert-expires-soon");
		if (f->not_before > o->now)
			report_finding(vd, ST_CRITICAL, "cert-not-yet-valid");
		/* the rest of the chain, worst case once */
		for (i = 1; i < nparsed; i++) {
			int64_t cdl = days_left(cf[i].not_after, o->now);
			int lvl = cf[i].not_after < o->now ? 3 :
			    cdl < o->crit_days ? 2 : cdl < o->warn_days;

			if (lvl > chain_exp)
				chain_exp = lvl;
		}
		if (chain_exp)
			report_finding(vd, chain_exp > 1 ? ST_CRITICAL :
			    ST_WARNING, chain_exp == 3 ? "chain-expired" :
			    chain_exp == 2 ? "chain-expires-critical" :
			    "chain-expires-soon");
		if (f->self_issued)
			report_finding(vd, ST_WARNING, "cert-self-signed");
		if (v && !v->trusted)
			report_finding(vd, ST_WARNING, "cert-untrusted");
		if (!match)
			report_finding(vd, ST_WARNING, "cert-name-mismatch");
		if (weak_key(f))
			report_finding(vd, ST_WARNING, "cert-weak-key");
		if (weak_sig(f))
			report_finding(vd, ST_WARNING, "cert-weak-signature");
		if (cs && cs->truncated)
			report_finding(vd, ST_UNKNOWN, "anchors-truncated");
	} else if (tls_ok) {
		report_finding(vd, ST_CRITICAL, "cert-unreadable");
	}

	if (err != MX_OK) {
		out_kvs("error", mx_err_str(err));
		report_finding(vd, err == MX_E_INTERNAL || err == MX_E_LIMIT ?
		    ST_UNKNOWN : ST_CRITICAL, mx_err_str(err));
	}
}
