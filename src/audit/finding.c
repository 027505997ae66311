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

/*
 * The codes as one string, each at its offset: 2 bytes of table per
 * finding instead of an 8-byte pointer.  The offsets are enumerators:
 * each F_OFF_x follows the previous code's end.
 */
static const char codes[] =
#define FINDING(name, code, sev, layer, meaning)	code "\0"
#include "mxprobe/finding.def"
#undef FINDING
    ;

enum {
	F_OFF__START = -1,
#define FINDING(name, code, sev, layer, meaning)	\
	F_OFF_##name, F_END_##name = F_OFF_##name + sizeof code - 1,
#include "mxprobe/finding.def"
#undef FINDING
	F_OFF__END
};
_Static_assert(F_OFF__END <= 0xffff, "code offsets fit 16 bits");

static const unsigned short code_off[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	[F_##name] = F_OFF_##name,
#include "mxprobe/finding.def"
#undef FINDING
};

/* severity in the low nibble (FINDING_SEV_VARIES apart), layer above */
static const unsigned char sev_layer[F__COUNT] = {
#define FINDING(name, code, sev, layer, meaning)	\
	[F_##name] = (unsigned char)(((sev) & 0x0f) | (layer) << 4 | \
	    ((sev) & FINDING_SEV_VARIES)),
#include "mxprobe/finding.def"
#undef FINDING
};
_Static_assert(FL__COUNT <= 8 && ST_UNKNOWN < 16, "sev and layer fit a byte");

/* see finding.h */
unsigned
finding_sev(enum finding f)
{
	unsigned v = (unsigned)f < F__COUNT ? sev_layer[f] : ST_UNKNOWN;

	return (v & 0x0f) | (v & FINDING_SEV_VARIES);
}

/* see finding.h */
enum finding_layer
finding_layer(enum finding f)
{
	return (unsigned)f < F__COUNT ?
	    (enum finding_layer)(sev_layer[f] >> 4 & 7) : FL_TRANSPORT;
}

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
	return (unsigned)f < F__COUNT ? codes + code_off[f] : "internal";
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

/* Stores entry at sev without merging sev; a full list sets limit. */
static void
store(struct verdict *vd, unsigned entry, unsigned sev)
{
	if (vd->n == MX_FINDINGS_MAX) {
		vd->limit = 1;
		return;
	}
	vd->sev[vd->n] = (unsigned char)sev;
	vd->list[vd->n++] = (unsigned short)entry;
}

static void
push(struct verdict *vd, unsigned entry, enum report_status sev)
{
	verdict_merge(vd, sev);
	store(vd, entry, sev);
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
	enum report_status sev = (enum report_status)(finding_sev(f) &
	    ~FINDING_SEV_VARIES);

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
	/* from's worst and limit already fold its entries' severities */
	for (k = 0; k < from->n; k++)
		store(into, from->list[k], from->sev[k]);
	verdict_merge(into, (enum report_status)from->worst);
	if (from->limit)
		into->limit = 1;
}

/* see finding.h */
enum report_status
verdict_sev(const struct verdict *vd, unsigned k)
{
	return k < vd->n ? (enum report_status)vd->sev[k] : ST_UNKNOWN;
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
