/*
 * report.c -- one probe's facts (and its scan's) to keys (see report.h).
 *
 * IMPLEMENTATION NOTES
 * Prints only: every finding and status comes from the judgement
 * (judge.h, audit.h); the keys are the facts the judgement used, in the
 * manual's order.  Certificate facts are parsed again from the kept DER
 * into the caller's scratch (cheap next to the handshake, and no ~4 KB
 * x509_facts per probe is kept between judging and printing).
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/hex.h"
#include "mxprobe/report.h"
#include "mxprobe/human.h"
#include "mxprobe/x509.h"
#include "mxprobe/date.h"
#include "mxprobe/hello.h"
#include "mxprobe/tls.h"

static void
kv_date(struct out *w, const char *key, int64_t t)
{
	char buf[32];

	date_iso(t, buf, sizeof buf);
	out_kvs(w, key, buf);
}


static int
is_ip_literal(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static void
cert_keys(struct out *w, const char *pfx, const struct x509_facts *f,
    int64_t now)
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
		case 0: out_kvs(w, key, f->subject); break;
		case 1: out_kvs(w, key, f->issuer); break;
		case 2: kv_date(w, key, f->not_before); break;
		case 3: kv_date(w, key, f->not_after); break;
		case 4: out_kvi(w, key, judge_days_left(f->not_after, now)); break;
		case 5: out_kvb(w, key, f->not_after < now); break;
		case 6: out_kvs(w, key, x509_key_str(f->key_type)); break;
		case 7: out_kvi(w, key, f->key_bits); break;
		case 8: out_kvs(w, key, f->sig_alg); break;
		case 9: (void)hex_write(hx, f->sha256, 32); out_kvs(w, key, hx); break;
		}
	}
}

/* see report.h */
void
report_target(struct out *w, const char *host, unsigned port,
    const char *addr, int implicit_tls)
{
	out_kvs(w, "host", host);
	out_kvi(w, "port", port);
	if (addr)
		out_kvs(w, "addr", addr);
	out_kvs(w, "tls_mode", implicit_tls ? "implicit" : "starttls");
}

/* see report.h */
void
report_env(struct out *w, const struct report_opts *o,
    const struct ca_store *cs)
{
	kv_date(w, "clock", o->now);
	out_kvs(w, "clock_source", o->now_from_option ? "option" : "system");
	out_kvs(w, "ca_file", o->ca_file);
	if (cs)
		out_kvi(w, "ca_count", cs->count);
}

/* see report.h */
void
report_verdict(struct out *w, const struct verdict *vd)
{
	char buf[MX_FINDINGS_TEXT_MAX];

	if (vd->n > 0)
		out_kv(w, "findings", buf, verdict_text(vd, buf, sizeof buf));
	out_kvs(w, "status", report_status_str(verdict_status(vd)));
}

/* see report.h */
void
report_single(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct tlsscan *s,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, const struct verdict *vd)
{
	if (w->mode == OUT_NAGIOS) {
		report_nagios_single(w, o, p, cf, vd);
		return;
	}
	report_target(w, o->host, o->port, o->addr, o->implicit_tls);
	report_env(w, o, cs);
	report_probe(w, o, p, cs, v, cf);
	report_scan(w, s);
	report_verdict(w, vd);
	human_findings_detail(w, NULL, vd);
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
chain_keys(struct out *w, const struct report_opts *o,
    const struct ca_verdict *v, const struct x509_facts *cf,
    unsigned nparsed)
{
	int64_t at = o->now + (int64_t)o->days * 86400;
	unsigned k, i;
	int fails = -1;
	char key[8];

	out_kvs(w, "chain_order", v->order_wrong ? "wrong" : "ok");
	if (v->reordered)
		out_kvb(w, "chain_reordered", 1);
	out_kvb(w, "chain_incomplete", v->incomplete);
	if (!o->days_set)
		return;
	for (k = 0; k < v->npath && fails < 0; k++) {
		i = v->path[k];
		if (i < nparsed &&
		    (cf[i].not_before > at || cf[i].not_after < at))
			fails = (int)i;
	}
	out_kvb(w, "chain_valid_in_days", v->trusted && fails < 0);
	if (fails < 0)
		return;
	/* i < MX_CHAIN_MAX: one digit */
	memcpy(key, "cert", 4);
	key[4] = (char)('1' + fails);
	key[5] = 0;
	out_kvs(w, "chain_fails_first", key);
}

/* see report.h */
void
report_probe(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct ca_store *cs,
    const struct ca_verdict *v, struct x509_facts *cf)
{
	const struct smtp_client *c = &p->smtp;
	const struct tls_sess *t = &p->tls;
	const struct tls_chain *ch = &t->chain;
	enum mx_err err = probe_error(p);
	unsigned i, nparsed;
	int tls_ok, starttls_seen;
	char buf[32], pfx[16], hx[65], diff[MX_SMTP_EXT_MAX];
	const char *s;

	if (c->greeting_code) {
		out_kvi(w, "greeting_code", c->greeting_code);
		out_kvs(w, "banner_host", c->banner_host);
		out_kvs(w, "banner", c->banner);
	}
	if (err == MX_E_TIMEOUT_GREETING) {
		/* TCP was up; no whole greeting in time, bytes or not */
		out_kvb(w, "greeting_tarpit", 1);
		out_kvi(w, "greeting_bytes", (int64_t)c->total);
	}
	if (c->ehlo_host[0] || c->used_helo) {
		out_kvs(w, "ehlo_host", c->ehlo_host);
		out_kvb(w, "helo_fallback", c->used_helo);
	}
	starttls_seen = c->ehlo_host[0] != 0 || c->used_helo;
	if (!o->implicit_tls && starttls_seen) {
		out_kvs(w, "ehlo_ext", c->ext_text);
		out_kvb(w, "starttls", (c->ext & SMTP_EXT_STARTTLS) != 0);
	}
	if (!o->implicit_tls && (c->ext & SMTP_EXT_STARTTLS))
		out_kvb(w, "starttls_plaintext_injection",
		    c->injection || t->plaintext);
	if (!o->implicit_tls && starttls_seen) {
		out_kvb(w, "auth_before_tls", (c->ext & SMTP_EXT_AUTH) != 0);
	}
	if (p->inject_ran) {
		out_kvs(w, "starttls_injection", inject_str[p->inject_verdict]);
		if (p->inject_verdict == SMTP_INJ_UNKNOWN &&
		    p->inject_err != MX_OK)
			out_kvs(w, "starttls_injection_error",
			    mx_err_str(p->inject_err));
	}
	if (c->last_code) {
		out_kvi(w, "smtp_reply_code", c->last_code);
		out_kvs(w, "smtp_reply_text", c->last_text);
	}

	tls_ok = p->tls_started && t->done;
	out_kvs(w, "tls", judge_tls(p));
	if (tls_ok) {
		out_kvs(w, "tls_version", tls_version_str(t->version));
		s = tls_suite_name(t->suite);
		if (s == NULL) {
			/* unnamed suite: its number, still eval-safe */
			buf[0] = '0'; buf[1] = 'x';
			(void)hex_write(buf + 2, (const unsigned char[]){ t->suite >> 8,
			    t->suite & 0xff }, 2);
			s = buf;
		}
		out_kvs(w, "tls_cipher", s);
		if ((s = tls_curve_name(t->curve)) != NULL)
			out_kvs(w, "tls_group", s);
		out_kvb(w, "tls_secure_renegotiation", t->secure_reneg);
		if (c->ehlo_tls_done) {
			out_kvs(w, "tls_ehlo_ext", c->ext_tls_text);
			out_kvb(w, "starttls_after_tls",
			    (c->ext_tls & SMTP_EXT_STARTTLS) != 0);
		}
		if (c->ehlo_tls_done && !o->implicit_tls) {
			/* STARTTLS leaving is RFC 3207 4.2, not news */
			smtp_ext_diff(c->ext_tls_text, c->ext_text, NULL,
			    diff, sizeof diff);
			out_kvs(w, "ext_added_in_tls", diff);
			smtp_ext_diff(c->ext_text, c->ext_tls_text, "STARTTLS",
			    diff, sizeof diff);
			out_kvs(w, "ext_removed_in_tls", diff);
		}
	} else if (p->tls_started && t->br_err) {
		out_kvi(w, "tls_br_err", t->br_err);
		if ((s = tls_br_err_name(t->br_err)) != NULL)
			out_kvs(w, "tls_br_err_name", s);
		if ((s = alert_name(t->br_err)) != NULL)
			out_kvs(w, "tls_alert", s);
	}
	if (starttls_seen)
		out_kvb(w, "requiretls",
		    ((c->ext | c->ext_tls) & SMTP_EXT_REQUIRETLS) != 0);

	nparsed = judge_chain_facts(p, cf);
	if (p->tls_started && ch->n > 0) {
		out_kvi(w, "chain_count", ch->n);
		if (ch->truncated)
			out_kvb(w, "chain_truncated", 1);
		if (v)
			chain_keys(w, o, v, cf, nparsed);
	}
	if (nparsed > 0) {
		const struct x509_facts *f = &cf[0];
		int64_t dl = judge_days_left(f->not_after, o->now);
		int match = !is_ip_literal(o->host) &&
		    x509_host_match(f, o->host);

		out_kvs(w, "cert_subject", f->subject);
		if (f->subject_truncated)
			out_kvb(w, "cert_subject_truncated", 1);
		out_kvs(w, "cert_issuer", f->issuer);
		if (f->issuer_truncated)
			out_kvb(w, "cert_issuer_truncated", 1);
		out_kvs(w, "cert_san", f->san);
		if (f->san_truncated)
			out_kvb(w, "cert_san_truncated", 1);
		kv_date(w, "cert_not_before", f->not_before);
		kv_date(w, "cert_not_after", f->not_after);
		out_kvi(w, "cert_days_left", dl);
		out_kvb(w, "cert_expired", f->not_after < o->now);
		out_kvb(w, "cert_not_yet_valid", f->not_before > o->now);
		out_kvb(w, "cert_self_signed", f->self_issued);
		if (v) {
			out_kvb(w, "cert_trusted", v->trusted);
			out_kvs(w, "cert_trust_reason", v->reason);
		}
		out_kvb(w, "cert_hostname_match", match);
		out_kvs(w, "cert_key_type", x509_key_str(f->key_type));
		out_kvi(w, "cert_key_bits", f->key_bits);
		out_kvs(w, "cert_sig_alg", f->sig_alg);
		(void)hex_write(hx, f->sha256, 32);
		out_kvs(w, "cert_sha256", hx);
		for (i = 0; i < nparsed; i++) {
			memcpy(pfx, "cert", 4);
			pfx[4] = (char)('1' + i);
			pfx[5] = '_';
			pfx[6] = 0;
			cert_keys(w, pfx, &cf[i], o->now);
		}
	}

	if (err != MX_OK)
		out_kvs(w, "error", mx_err_str(err));
}

/* ---- the TLS scan ------------------------------------------------------ */

static const char *const tri[] = { "unknown", "no", "yes" };
static const char *const vkey[] = { "ssl3", "tls10", "tls11", "tls12",
	"tls13" };
static const char *const tkey[] = { "rsa_kx", "dhe", "server_cipher_order",
	"ems" };

/* A suite's IANA name (TLS 1.3 and BearSSL's), else 0x.... in buf[7]. */
static const char *
suite_text(char *buf, uint16_t id)
{
	const char *n = hello_suite13_name(id);

	if (n == NULL)
		n = tls_suite_name(id);
	if (n != NULL)
		return n;
	buf[0] = '0';
	buf[1] = 'x';
	(void)hex_write(buf + 2, (const unsigned char[]){ id >> 8, id & 0xff },
	    2);
	return buf;
}

/* weak_ciphers: the categories seen, "none" or "unknown". */
static void
weak_kv(struct out *w, const struct tlsscan_facts *f)
{
	static const char *const cat[] = { "null", "export", "anon", "des",
	    "rc4", "3des" };
	char buf[64];
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < 6; i++)
		if (f->weak & 1u << i) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, cat[i]);
		}
	out_kvs(w, "weak_ciphers", buf[0] ? buf : f->weak_none ? "none" :
	    "unknown");
}

/* see report.h */
void
report_scan_summary(struct out *w, const struct tlsscan *s)
{
	struct tlsscan_facts f;
	int k;

	if (s == NULL || s->cfg.level == TLSSCAN_OFF)
		return;
	tlsscan_facts(s, &f);
	for (k = 4; k > 0; k--)
		if (k != 3)			/* tls13, tls11, tls10 */
			out_kvs(w, vkey[k], tri[f.v[k]]);
	weak_kv(w, &f);
}

/* see report.h */
void
report_scan(struct out *w, const struct tlsscan *s)
{
	char list[MX_TLSSCAN_SUITES_MAX * 48];
	const struct tlsscan_ans *v13;
	struct tlsscan_facts f;
	char buf[8];
	unsigned i;
	size_t n;
	int k;

	if (s == NULL || s->cfg.level == TLSSCAN_OFF)
		return;
	out_kvs(w, "tls_scan", tlsscan_level_str(s->cfg.level));
	out_kvi(w, "tls_scan_connections", s->conns);
	if (s->err != MX_OK)
		out_kvs(w, "tls_scan_error", mx_err_str(s->err));
	tlsscan_facts(s, &f);
	for (k = 4; k >= 0; k--)
		out_kvs(w, vkey[k], tri[f.v[k]]);
	v13 = &s->ans[TS_K_V13];
	if (v13->st == TS_A_OK && v13->version == HELLO_TLS13) {
		out_kvs(w, "tls13_cipher", suite_text(buf, v13->suite));
		out_kvs(w, "tls13_group", tls_curve_name(v13->group) ?
		    tls_curve_name(v13->group) : suite_text(buf, v13->group));
		out_kvb(w, "tls13_hrr", v13->hrr);
	}
	weak_kv(w, &f);
	for (k = 0; k < 4; k++) {
		out_kvs(w, tkey[k], tri[f.t[k]]);
		if (k == 1 && f.bits)
			out_kvi(w, "dhe_bits", f.bits);
	}
	if (s->cfg.level == TLSSCAN_FULL) {
		for (i = 0, n = 0; i < s->nsuites; i++) {
			if (n)
				list[n++] = ',';
			strcpy(list + n, suite_text(buf, s->suites[i]));
			n += strlen(list + n);
		}
		list[n] = 0;
		out_kvs(w, "tls_suites", list);
		if (s->suites_truncated)
			out_kvb(w, "tls_suites_truncated", 1);
	}
}

/* see report.h */
void
report_nagios_single(struct out *w, const struct report_opts *o,
    const struct probe *p, struct x509_facts *cf, const struct verdict *vd)
{
	struct out_nagios n;
	char text[MX_FINDINGS_TEXT_MAX];

	memset(&n, 0, sizeof n);
	n.name = o->host;
	n.status = report_status_str(verdict_status(vd));
	n.score = -1;
	n.findings = text;
	n.flen = verdict_text(vd, text, sizeof text);
	n.warn_days = o->warn_days;
	n.crit_days = o->crit_days;
	if (judge_chain_facts(p, cf) > 0) {
		n.days[0].days = judge_days_left(cf[0].not_after, o->now);
		n.ndays = 1;
	}
	out_nagios(w, &n);
}
