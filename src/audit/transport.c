/*
 * transport.c -- the transport and hygiene items of the score, from the
 * judged findings of the address a sender would use, per MX, averaged
 * over the MX (see audit_int.h).
 *
 * IMPLEMENTATION NOTES
 * Per MX (an MX with no address, or an address literal, scores 0 on all
 * four: a sender finds nothing):
 *   starttls     100 when TLS came up, else 0
 *   cert         100; 40 for self-signed, untrusted or a wrong name; at
 *                most 70 for a weak key or signature, an incomplete or
 *                out-of-order chain, or expiry within --warn-days; 0 when
 *                expired, not yet valid, within --crit-days or
 *                unreadable; 0 without TLS
 *   tls_version  100; 85 when TLS 1.3 is not offered (or no scan ran to
 *                tell), minus 35 with TLS 1.0/1.1 enabled, minus 25 with
 *                weak suites or weak DH; 0 with legacy-only, SSL 3.0 or
 *                NULL/EXPORT suites; 0 without TLS
 *   mx_hygiene   100, minus 40 for a CNAME MX, minus 40 when the PTR does
 *                not confirm forward
 * The cert and tls_version ladders are score.def's SCORE_RUNG rows, in
 * the order applied.
 */
#include "audit_int.h"

static int
rung_hit(const struct score_rung *r, const struct verdict *vd)
{
	unsigned i;

	for (i = 0; i < sizeof r->f && r->f[i] != SCORE_RUNG_END; i++)
		if (verdict_has(vd, (enum finding)r->f[i]))
			return 1;
	return 0;
}

/* Points of item it for one MX whose address verdict (probe+scan) is vd. */
static int
climb(unsigned it, const struct verdict *vd, int noscan)
{
	int p = 100;
	unsigned i;

	for (i = 0; i < score_ladder_len; i++) {
		const struct score_rung *r = &score_ladder[i];

		/* no scan: TLS 1.3 unknown counts as not offered */
		if (r->item != it || !(rung_hit(r, vd) ||
		    (noscan && r->f[0] == F_NO_TLS13)))
			continue;
		if (r->op == SCORE_SET)
			p = r->v;
		else if (r->op == SCORE_CAP)
			p = p < r->v ? p : r->v;
		else
			p -= r->v;
	}
	return p < 0 ? 0 : p;
}

/* see audit_int.h */
void
audit_score_transport(struct audit *a)
{
	unsigned i, j, n = 0, st = 0, ce = 0, ve = 0, hy = 0;

	for (i = 0; i < a->nmx; i++) {
		const struct audit_mx *m = &a->mx[i];
		const struct audit_addr *ad = NULL, *own;
		struct verdict vd;
		int pi, h = 100;

		n++;
		if (m->ip_literal || m->naddr == 0)
			continue;	/* a sender finds nothing: all zero */
		for (j = 0; j < m->naddr && ad == NULL; j++)
			if (audit_probe_worked(a, m->addr[j].probe))
				ad = &m->addr[j];
		if (ad == NULL)
			ad = &m->addr[0];
		/* judged against this MX's name; PTR facts live with the first */
		own = ad;
		if (ad->shared)
			ad = &a->mx[ad->orig_mx].addr[ad->orig_addr];
		pi = ad->probe;
		vd = own->probe_vd;
		verdict_append(&vd, &own->scan_vd);
		if (a->probes[pi].tls.done) {
			st++;
			ce += (unsigned)climb(SC_CERT, &vd, 0);
			ve += (unsigned)climb(SC_TLS_VERSION, &vd,
			    audit_scan_of(a, pi) == NULL);
		}
		if (m->cname)
			h -= 40;
		if (ad->fcrdns == 0)
			h -= 40;
		hy += (unsigned)h;
	}
	if (n == 0)
		return;		/* null MX or no MX answer: nothing to rate */
	score_set(&a->score, SC_STARTTLS, (int)((st * 100 + n / 2) / n));
	score_set(&a->score, SC_CERT, (int)((ce + n / 2) / n));
	score_set(&a->score, SC_TLS_VERSION, (int)((ve + n / 2) / n));
	score_set(&a->score, SC_MX_HYGIENE, (int)((hy + n / 2) / n));
}
