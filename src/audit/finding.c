/*
 * finding.c -- the finding table and verdicts (see finding.h).
 *
 * IMPLEMENTATION NOTES
 * finding.def is the one place a finding is defined and its severity
 * decided.  The few
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
#define FINDING(name, code, sev, layer, meaning)	\
	[F_##name] = { code, sev, layer },
#include "mxprobe/finding.def"
#undef FINDING
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
