/*
 * human.c -- the report for people (see human.h): headline, address rows,
 * findings by severity with their fixes.
 *
 * IMPLEMENTATION NOTES
 * Every fact goes through out.c's text escaper first (out_text_quote:
 * nothing a server sent reaches the terminal raw), into a cell of a fixed
 * number of columns: longer text is cut and ends in a marker, so no line
 * is wider than HUMAN_COLS.  The escaped text is plain ASCII, one column
 * a byte; the printer's own glyphs and colours are the only other bytes
 * (out_raw), and their columns are counted here.  Findings are printed in
 * four passes (critical, warning, unknown, ok); a code seen again at the
 * same severity is printed once, with every scope it has.
 */
#include <string.h>
#include "mxprobe/audit.h"
#include "mxprobe/date.h"
#include "mxprobe/fix.h"
#include "mxprobe/human.h"

/* The printer's state: where it writes, how, and the current column. */
struct hs {
	struct out	*w;
	unsigned	 fl;
	unsigned	 col;
};

enum glyph { G_YES, G_NO, G_NONE, G_CUT };

static const char *const glyph_utf8[] = { "\xe2\x9c\x93", "\xe2\x9c\x97",
	"\xe2\x80\x94", "\xe2\x80\xa6" };
static const char *const glyph_ascii[] = { "yes", "no", "-", "~" };

/* ST_* words and SGR colours; a finding at ST_OK is "INFO", in cyan. */
static const char st_words[][9] = { "OK", "WARNING", "CRITICAL", "UNKNOWN",
	"INFO" };
static const char st_colors[][3] = { "32", "33", "31", "35", "36" };

/* The printer's own ASCII text. */
static void
put(struct hs *h, const char *s)
{
	size_t n = strlen(s);

	out_raw(h->w, s, n);
	h->col += (unsigned)n;
}

static void
nl(struct hs *h)
{
	out_raw(h->w, "\n", 1);
	h->col = 0;
}

/* Spaces up to column c (none when already there or past it). */
static void
to_col(struct hs *h, unsigned c)
{
	while (h->col < c)
		put(h, " ");
}

/* An SGR sequence ("1", "31", "0"), only with colour. */
static void
sgr(struct hs *h, const char *code)
{
	if (!(h->fl & HUMAN_COLOR))
		return;
	out_raw(h->w, "\033[", 2);
	out_raw(h->w, code, strlen(code));
	out_raw(h->w, "m", 1);
}

static void
glyph(struct hs *h, enum glyph g)
{
	const char *s = h->fl & HUMAN_UTF8 ? glyph_utf8[g] : glyph_ascii[g];

	out_raw(h->w, s, strlen(s));
	h->col += h->fl & HUMAN_UTF8 ? 1 : (unsigned)strlen(s);
}

/*
 * A fact s[0..n), escaped, in at most max columns (0: to the end of the
 * line); cut with a marker when longer.
 */
static void
fact(struct hs *h, const char *s, size_t n, unsigned max)
{
	char e[1024];
	size_t l = out_text_quote(e, sizeof e, s, n);
	unsigned room = HUMAN_COLS > h->col ? HUMAN_COLS - h->col : 1;

	if (max == 0 || max > room)
		max = room;
	if (l >= sizeof e)
		l = sizeof e - 1;	/* cut by the buffer: > max, marked */
	if (l > max) {
		out_raw(h->w, e, max - 1);
		h->col += max - 1;
		glyph(h, G_CUT);
		return;
	}
	out_raw(h->w, e, l);
	h->col += (unsigned)l;
}

static void
facts(struct hs *h, const char *s, unsigned max)
{
	fact(h, s, strlen(s), max);
}

static void
num(struct hs *h, int64_t v)
{
	char t[24];
	size_t i = sizeof t;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	t[--i] = 0;
	do
		t[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[--i] = '-';
	put(h, t + i);
}

/* A status word, bold and coloured; info: a finding's ST_OK. */
static void
status(struct hs *h, enum report_status s, int info)
{
	unsigned i = info && s == ST_OK ? 4 : s & 3;

	sgr(h, "1");
	sgr(h, st_colors[i]);
	put(h, st_words[i]);
	sgr(h, "0");
}

/*
 * Text wrapped at HUMAN_COLS, lines after the first indented by ind
 * (fix.def's texts are a few sentences; a word too long for a line is
 * cut hard).
 */
static void
wrapped(struct hs *h, const char *s, size_t n, unsigned ind)
{
	char e[4 * MX_FIX_TEXT_MAX];
	size_t l = out_text_quote(e, sizeof e, s, n), i = 0, w, room, b;
	int cut = l >= sizeof e;

	if (cut)
		l = sizeof e - 1;
	while (i < l) {
		while (i < l && e[i] == ' ')
			i++;
		for (w = 0; i + w < l && e[i + w] != ' '; w++)
			;
		room = HUMAN_COLS - h->col;
		if (w + 1 > room && h->col > ind) {
			nl(h);
			to_col(h, ind);
			continue;
		}
		if (h->col > ind)
			put(h, " ");
		room = HUMAN_COLS - h->col;
		if (w > room) {
			w = room;
			/* no \xHH is split over two lines */
			for (b = 1; b < 4 && b < w; b++)
				if (e[i + w - b] == '\\') {
					w -= b;
					break;
				}
		}
		out_raw(h->w, e + i, w);
		h->col += (unsigned)w;
		i += w;
	}
	if (cut && h->col < HUMAN_COLS)
		glyph(h, G_CUT);
}

/* "label text" wrapped under column 4; nothing when the part is empty. */
static void
part_line(struct hs *h, unsigned e, enum fix_part p, const char *label)
{
	char t[MX_FIX_TEXT_MAX];
	size_t l = fix_text(e, p, t, sizeof t);

	if (l == 0)
		return;
	to_col(h, 4);
	if (label != NULL) {
		sgr(h, "1");
		put(h, label);
		sgr(h, "0");
	}
	wrapped(h, t, l, 6);
	nl(h);
}

static const char *
entry_code(unsigned e)
{
	return e >= VERDICT_ERR ? mx_err_str((enum mx_err)(e - VERDICT_ERR)) :
	    finding_code((enum finding)e);
}

/* One finding: its code and scopes, meaning, delivery, fixes. */
static void
finding(struct hs *h, const struct human_item *it, const struct audit *a,
    const struct verdict *vd, unsigned idx)
{
	struct human_walk hw;
	struct human_item o;
	unsigned i = 0, e = it->entry, nscope = 0;
	char t[MX_FIX_TEXT_MAX];

	status(h, it->sev, 1);
	to_col(h, 9);
	sgr(h, "1");
	facts(h, entry_code(e), 0);
	sgr(h, "0");
	put(h, " (");
	human_walk_start(&hw, a, vd);
	while (human_walk_next(&hw, &o))
		if (i++ >= idx && o.entry == e && o.sev == it->sev) {
			/* ", scope" and the ")" after it, or the marker */
			if (h->col + 2 + strlen(o.scope) + 2 > HUMAN_COLS) {
				glyph(h, G_CUT);
				break;
			}
			if (nscope++ > 0)
				put(h, ", ");
			put(h, o.scope);
		}
	put(h, ")");
	nl(h);
	if (fix_text(e, FIX_MEANING, t, sizeof t) > 0) {
		to_col(h, 4);
		wrapped(h, t, strlen(t), 4);
		nl(h);
	}
	part_line(h, e, FIX_WHAT, "Delivery:");
	part_line(h, e, FIX_ANY, "Fix (any MTA):");
	part_line(h, e, FIX_POSTFIX, "Postfix:");
	part_line(h, e, FIX_EXIM, "Exim:");
	part_line(h, e, FIX_SMTPD, "OpenSMTPD:");
	part_line(h, e, FIX_DNS, "DNS:");
}

/* Every finding, the most severe first, each code once per severity. */
static void
findings(struct hs *h, const struct audit *a, const struct verdict *vd)
{
	static const unsigned char order[] = { ST_CRITICAL, ST_WARNING,
	    ST_UNKNOWN, ST_OK };
	struct human_walk hw;
	struct human_item it;
	/* the codes printed in this pass: findings, then errors */
	unsigned char seen[(F__COUNT + MX_E__COUNT + 7) / 8];
	unsigned p, i, b, n = 0;

	nl(h);
	for (p = 0; p < sizeof order; p++) {
		memset(seen, 0, sizeof seen);
		human_walk_start(&hw, a, vd);
		for (i = 0; human_walk_next(&hw, &it); i++) {
			b = it.entry >= VERDICT_ERR ? F__COUNT + it.entry -
			    VERDICT_ERR : it.entry;
			if (it.sev != order[p] || b >= 8 * sizeof seen ||
			    (seen[b / 8] >> (b % 8) & 1))
				continue;
			seen[b / 8] |= (unsigned char)(1u << (b % 8));
			if (n++ == 0) {
				sgr(h, "1");
				put(h, "Findings, most severe first:");
				sgr(h, "0");
				nl(h);
			}
			finding(h, &it, a, vd, i);
		}
	}
	if (n == 0) {
		put(h, "No findings.");
		nl(h);
	}
}

/* "label  value" of the environment: clock and CA bundle. */
static void
env(struct hs *h, const struct report_opts *o, const struct ca_store *cs)
{
	char d[32];

	date_iso(o->now, d, sizeof d);
	put(h, "clock    ");
	put(h, d);
	put(h, o->now_from_option ? " (from --now)" : " (system clock)");
	nl(h);
	put(h, "CA       ");
	facts(h, o->ca_file, HUMAN_COLS - 30);
	if (cs != NULL) {
		put(h, " (certificates: ");
		num(h, cs->count);
		put(h, ")");
	}
	nl(h);
}

/* The columns of an address row. */
enum { C_ADDR = 2, C_STLS = 18, C_TLS = 27, C_SUITE = 32, C_DAYS = 55,
	C_CA = 61, C_NAME = 65, C_DANE = 70, C_STS = 76 };

/* The column heads, each at its C_* column. */
static void
row_head(struct hs *h)
{
	sgr(h, "2");
	put(h, "  address         STARTTLS TLS  suite                  days  "
	    "CA  name DANE  STS");
	sgr(h, "0");
	nl(h);
}

/* A suite's name without its "WITH_": the start says the most. */
static void
suite(struct hs *h, const char *s)
{
	char b[64];
	const char *wi = strstr(s, "WITH_");
	size_t l = wi != NULL ? (size_t)(wi - s) : 0;

	if (wi != NULL && l + strlen(wi + 5) < sizeof b) {
		memcpy(b, s, l);
		strcpy(b + l, wi + 5);
		s = b;
	}
	facts(h, s, C_DAYS - C_SUITE - 1);
}

static void
yes_no(struct hs *h, int v)
{
	glyph(h, v ? G_YES : G_NO);
}

/*
 * One address row: p probed addr, judged into vd (trust and name are the
 * judgement's: no cert-untrusted, no cert-name-mismatch); dane, sts the
 * policy verdicts' words or NULL.  cf: scratch (MX_CHAIN_MAX).
 */
static void
row(struct hs *h, const struct report_opts *o, const char *addr,
    const struct probe *p, const struct verdict *vd, struct x509_facts *cf,
    const char *dane, const char *sts)
{
	const struct smtp_client *c = &p->smtp;
	const char *s;

	to_col(h, C_ADDR);
	facts(h, addr, C_STLS - C_ADDR - 1);
	to_col(h, C_STLS);
	if (o->implicit_tls)
		put(h, "implicit");
	else if (c->ehlo_host[0] || c->used_helo)
		yes_no(h, (c->ext & SMTP_EXT_STARTTLS) != 0);
	else
		glyph(h, G_NONE);
	to_col(h, C_TLS);
	if (p->tls_started && p->tls.done) {
		s = tls_version_str(p->tls.version);
		facts(h, strncmp(s, "TLS", 3) ? s : s + 3, C_SUITE - C_TLS - 1);
		to_col(h, C_SUITE);
		/* a suite without a name: -j's tls_cipher has its number */
		if ((s = tls_suite_name(p->tls.suite)) == NULL)
			s = "?";
		else if (strncmp(s, "TLS_", 4) == 0)
			s += 4;
		suite(h, s);
	} else {
		put(h, p->tls_started ? "fail" : "-");
		to_col(h, C_SUITE);
		put(h, "-");
	}
	to_col(h, C_DAYS);
	if (judge_chain_facts(p, cf) > 0) {
		num(h, judge_days_left(cf[0].not_after, o->now));
		to_col(h, C_CA);
		yes_no(h, !verdict_has(vd, F_CERT_UNTRUSTED));
		to_col(h, C_NAME);
		yes_no(h, !verdict_has(vd, F_CERT_NAME_MISMATCH));
	} else {
		glyph(h, G_NONE);
		to_col(h, C_CA);
		glyph(h, G_NONE);
		to_col(h, C_NAME);
		glyph(h, G_NONE);
	}
	to_col(h, C_DANE);
	put(h, dane != NULL ? dane : "-");
	to_col(h, C_STS);
	put(h, sts != NULL ? sts : "-");
	nl(h);
}

/* The chosen address's banner and leaf subject, cut to the line. */
static void
details(struct hs *h, const struct probe *p, struct x509_facts *cf)
{
	if (p->smtp.greeting_code) {
		to_col(h, C_ADDR);
		put(h, "banner  ");
		wrapped(h, p->smtp.banner, strlen(p->smtp.banner), 10);
		nl(h);
	}
	if (judge_chain_facts(p, cf) > 0) {
		to_col(h, C_ADDR);
		put(h, "cert    ");
		wrapped(h, cf[0].subject, strlen(cf[0].subject), 10);
		nl(h);
	}
}

/* The policy columns' words; "-" where the policy says nothing. */
static const char dane_word[CHK_DANE_R__COUNT][6] = {
	[CHK_DANE_R_NONE] = "-", [CHK_DANE_R_INSECURE] = "insec",
	[CHK_DANE_R_OK] = "ok", [CHK_DANE_R_FAIL] = "fail",
	[CHK_DANE_R_UNUSABLE] = "unus", [CHK_DANE_R_UNKNOWN] = "unkn",
	[CHK_DANE_R_ABSENT] = "-",
};
static const char sts_word[CHK_STS_R__COUNT][5] = {
	[CHK_STS_R_NONE] = "-", [CHK_STS_R_NA] = "na",
	[CHK_STS_R_UNKNOWN] = "unkn", [CHK_STS_R_FAIL] = "fail",
	[CHK_STS_R_OK] = "ok",
};

/* MX i: its line, its address rows, its chosen address's details. */
static void
mx(struct hs *h, struct audit *a, unsigned i)
{
	const struct audit_mx *m = &a->mx[i];
	const struct ca_verdict *v;
	const struct probe *p;
	const char *dane, *sts;
	unsigned j;

	nl(h);
	sgr(h, "1");
	if (a->cfg.host_mode)
		put(h, "host ");
	else {
		put(h, "MX ");
		num(h, m->pref);
		put(h, " ");
	}
	facts(h, m->name, HUMAN_COLS - 20);
	sgr(h, "0");
	put(h, "  ");
	status(h, verdict_status(&m->vd), 0);
	nl(h);
	if (m->naddr == 0) {
		to_col(h, C_ADDR);
		put(h, "no address: ");
		put(h, mx_err_str(m->addr_err));
		nl(h);
		return;
	}
	row_head(h);
	sts = a->cfg.host_mode ? NULL : sts_word[a->sts.mx[i].res];
	for (j = 0; j < m->naddr; j++) {
		p = audit_probe_of(a, i, j, &v);
		dane = a->cfg.host_mode ? NULL :
		    dane_word[a->dane.mx[i].addr[j].res];
		row(h, a->ro, m->addr[j].text, p, &m->addr[j].probe_vd, a->cf,
		    dane, sts);
	}
	details(h, audit_probe_of(a, i, m->chosen, &v), a->cf);
}

/* The headline's start: name (and :port when not 0), bold; status. */
static void
head(struct hs *h, const char *name, unsigned port, enum report_status st)
{
	int v6 = port != 0 && strchr(name, ':') != NULL;

	sgr(h, "1");
	if (v6)
		put(h, "[");
	facts(h, name, HUMAN_COLS - 40);
	if (port != 0) {
		put(h, v6 ? "]:" : ":");
		num(h, port);
	}
	sgr(h, "0");
	put(h, "  ");
	status(h, st, 0);
}

/* see human.h */
void
human_audit(struct out *w, struct audit *a, unsigned flags)
{
	struct hs h = { w, flags, 0 };
	int s;
	unsigned i;

	head(&h, a->cfg.name, 0, a->status);
	s = score_mean(&a->score, FL__COUNT);
	if (!a->cfg.host_mode && a->mx_err == MX_OK && !a->nxdomain) {
		put(&h, "  grade ");
		put(&h, s < 0 ? "unknown" : score_grade_capped(s,
		    a->pre_score));
		put(&h, "  score ");
		if (s < 0)
			put(&h, "unknown");
		else {
			num(&h, s);
			put(&h, "/100");
		}
	}
	nl(&h);
	env(&h, a->ro, &a->cas);
	if (a->answered_by >= 0 &&
	    (unsigned)a->answered_by < a->cfg.dns->nsrv) {
		put(&h, "resolver ");
		facts(&h, a->cfg.dns->srv[a->answered_by].text, 0);
		nl(&h);
	}
	if (a->cfg.host_mode)
		mx(&h, a, 0);
	else if (a->mx_err != MX_OK || a->nxdomain) {
		put(&h, "MX lookup: ");
		put(&h, mx_err_str(a->nxdomain ? MX_E_DNS_NXDOMAIN :
		    a->mx_err));
		nl(&h);
	} else
		for (i = 0; i < a->nmx; i++)
			mx(&h, a, i);
	findings(&h, a, NULL);
}

/* see human.h */
void
human_single(struct out *w, const struct report_opts *o,
    const struct probe *p, const struct tlsscan *s,
    const struct ca_store *cs, const struct ca_verdict *v,
    struct x509_facts *cf, const struct verdict *vd, unsigned flags)
{
	struct hs h = { w, flags, 0 };

	(void)s;
	head(&h, o->host, o->port, verdict_status(vd));
	nl(&h);
	env(&h, o, cs);
	nl(&h);
	row_head(&h);
	row(&h, o, o->addr, p, vd, cf, NULL, NULL);
	details(&h, p, cf);
	findings(&h, NULL, vd);
}
