/*
 * answers.c -- the audit's own DNS answers: MX, addresses, PTR and the
 * forward confirmation of the PTR name (see audit_int.h).
 *
 * IMPLEMENTATION NOTES
 * MX (RFC 5321 5.1): NOERROR without MX is the implicit MX, the domain
 * itself; "0 ." alone is a null MX (RFC 7505), beside other MX an error
 * that is ignored.  Targets are de-duplicated (lowest preference kept)
 * and sorted by preference, then name; an address literal as target is a
 * finding and is not looked up.  A CNAME on the way to an address is a
 * finding (RFC 2181 10.3).  When both address answers of an MX are in,
 * each distinct address gets a probe and a PTR lookup; an address
 * already under another MX shares that MX's probe, so no address ever
 * has two connections.
 */
#include <string.h>
#include <arpa/inet.h>
#include "mxprobe/ipaddr.h"
#include "audit_int.h"

static int
mx_cmp(const struct audit_mx *x, const struct audit_mx *y)
{
	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

/* see audit_int.h */
void
audit_on_mx(struct audit *a, const struct dns_query *q)
{
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	struct dnsmsg_mx mx;
	struct audit_mx tmp;
	unsigned char ip[16];
	unsigned i, j;
	enum mx_err e;

	a->answered_by = q->answered_by;
	if (q->err != MX_OK) {
		a->mx_err = q->err;
		return;
	}
	a->mx_ad = q->hdr.ad;
	a->mx_rcode = (int)q->hdr.rcode;
	e = dnsmsg_answer(q->msg, q->len, a->cfg.name, DNSMSG_T_MX, &ans);
	if (e != MX_OK) {
		a->mx_err = e;
		return;
	}
	switch (ans.kind) {
	case DNSMSG_ANS_NXDOMAIN:
		a->nxdomain = 1;
		return;
	case DNSMSG_ANS_RCODE:
		a->mx_err = MX_E_DNS_RCODE;
		return;
	case DNSMSG_ANS_NODATA:
		a->implicit_mx = 1;
		a->nmx = 1;
		memset(&a->mx[0], 0, sizeof a->mx[0]);
		strcpy(a->mx[0].name, a->cfg.name);
		audit_queue_addr_lookups(a, 0);
		return;
	case DNSMSG_ANS_DATA:
		break;
	}
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1) {
		if (rr.section != DNSMSG_SEC_ANSWER || rr.type != DNSMSG_T_MX ||
		    !dnsmsg_name_eq(rr.name, ans.owner) ||
		    dnsmsg_rr_mx(&rr, &mx) != MX_OK)
			continue;
		if (strcmp(mx.exchange, ".") == 0) {
			a->null_mx = 1;
			continue;
		}
		for (i = 0; i < a->nmx; i++)
			if (dnsmsg_name_eq(a->mx[i].name, mx.exchange))
				break;
		if (i < a->nmx) {
			if (mx.pref < a->mx[i].pref)
				a->mx[i].pref = mx.pref;
			continue;
		}
		memset(&tmp, 0, sizeof tmp);
		strcpy(tmp.name, mx.exchange);
		audit_lower(tmp.name);
		tmp.pref = mx.pref;
		if (a->nmx == MX_MX_MAX) {
			/* keep the MX_MX_MAX most preferred, whatever the order */
			a->mx_truncated = 1;
			for (i = j = 0; i < a->nmx; i++)
				if (mx_cmp(&a->mx[i], &a->mx[j]) > 0)
					j = i;
			if (mx_cmp(&tmp, &a->mx[j]) < 0)
				a->mx[j] = tmp;
			continue;
		}
		a->mx[a->nmx++] = tmp;
	}
	if (a->null_mx && a->nmx > 0)
		a->null_mx_mixed = 1;
	/* insertion sort: at most MX_MX_MAX entries */
	for (i = 1; i < a->nmx; i++) {
		tmp = a->mx[i];
		for (j = i; j > 0 && mx_cmp(&a->mx[j - 1], &tmp) > 0; j--)
			a->mx[j] = a->mx[j - 1];
		a->mx[j] = tmp;
	}
	for (i = 0; i < a->nmx; i++) {
		if (inet_pton(AF_INET, a->mx[i].name, ip) == 1 ||
		    inet_pton(AF_INET6, a->mx[i].name, ip) == 1) {
			/* a sender looks it up as a name and finds nothing */
			a->mx[i].ip_literal = 1;
			continue;
		}
		audit_queue_addr_lookups(a, i);
	}
}

static int
same_addr(const struct audit_addr *x, const struct audit_addr *y)
{
	return x->family == y->family &&
	    memcmp(x->ip, y->ip, x->family == AF_INET ? 4 : 16) == 0;
}

/* All addresses of MX i are known: give each a probe and a PTR lookup. */
static void
addresses_known(struct audit *a, unsigned i)
{
	struct audit_mx *m = &a->mx[i];
	struct audit_addr tmp;
	unsigned j, k, l;

	/* IPv4 first, then IPv6, each in answer order: a stable report */
	for (j = 1; j < m->naddr; j++) {
		tmp = m->addr[j];
		for (k = j; k > 0 && tmp.family == AF_INET &&
		    m->addr[k - 1].family == AF_INET6; k--)
			m->addr[k] = m->addr[k - 1];
		m->addr[k] = tmp;
	}
	for (j = 0; j < m->naddr; j++) {
		struct audit_addr *ad = &m->addr[j];

		ad->fcrdns = -1;
		ipaddr_ntop(ad->family, ad->ip, ad->text, sizeof ad->text);
		/*
		 * Every MX whose addresses came in before, whatever its
		 * preference: answers arrive in any order, and an address
		 * must never get two connections.
		 */
		for (k = 0; k < a->nmx && !ad->shared; k++)
			for (l = 0; k != i && a->mx[k].addrs_done &&
			    l < a->mx[k].naddr; l++)
				if (same_addr(&a->mx[k].addr[l], ad) &&
				    !a->mx[k].addr[l].shared) {
					ad->shared = 1;
					ad->probe = a->mx[k].addr[l].probe;
					ad->orig_mx = (int)k;
					ad->orig_addr = (int)l;
					break;
				}
		if (ad->shared)
			continue;
		ad->probe = (int)a->nprobes++;
		audit_enqueue(a, W_PROBE, i, j);
		audit_enqueue(a, W_PTR, i, j);
	}
	m->addrs_done = 1;
}

/* see audit_int.h */
int
audit_on_addr(struct audit *a, const struct dns_query *q, unsigned i)
{
	struct audit_mx *m = &a->mx[i];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	struct audit_addr *ad;
	int v6 = q->qtype == DNSMSG_T_AAAA;
	enum mx_err e;

	m->lookups--;
	if (a->answered_by < 0)
		a->answered_by = q->answered_by;
	if (q->err != MX_OK || !q->hdr.ad)
		m->addr_ad = 0;
	if (q->err != MX_OK) {
		if (m->dns_err == MX_OK)
			m->dns_err = q->err;
	} else if ((e = dnsmsg_answer(q->msg, q->len, m->name, q->qtype,
	    &ans)) != MX_OK) {
		if (m->dns_err == MX_OK)
			m->dns_err = e;
	} else {
		if (ans.cnames > 0)
			m->cname = 1;
		if (ans.kind == DNSMSG_ANS_NXDOMAIN)
			m->nxdomain = 1;
		else if (ans.kind == DNSMSG_ANS_RCODE && m->dns_err == MX_OK)
			m->dns_err = MX_E_DNS_RCODE;
		dnsmsg_iter_init(&it, q->msg, q->len);
		while (ans.kind == DNSMSG_ANS_DATA &&
		    dnsmsg_rr_next(&it, &rr) == 1) {
			if (rr.section != DNSMSG_SEC_ANSWER ||
			    rr.type != q->qtype ||
			    !dnsmsg_name_eq(rr.name, ans.owner))
				continue;
			if (m->naddr == MX_ADDRS_PER_MX) {
				m->addr_truncated = 1;
				break;
			}
			ad = &m->addr[m->naddr];
			memset(ad, 0, sizeof *ad);
			ad->family = v6 ? AF_INET6 : AF_INET;
			if ((v6 ? dnsmsg_rr_aaaa(&rr, ad->ip) :
			    dnsmsg_rr_a(&rr, ad->ip)) == MX_OK)
				m->naddr++;
		}
	}
	if (m->lookups != 0)
		return 0;
	addresses_known(a, i);
	return 1;
}

/* see audit_int.h */
void
audit_on_ptr(struct audit *a, const struct dns_query *q,
    const struct audit_work *w)
{
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	enum mx_err e = q->err;

	if (e == MX_OK)
		e = dnsmsg_answer(q->msg, q->len, q->qname, DNSMSG_T_PTR, &ans);
	if (e != MX_OK) {
		ad->ptr_err = e;
		return;
	}
	if (ans.kind != DNSMSG_ANS_DATA) {
		ad->fcrdns = 0;		/* no PTR: nothing to confirm */
		return;
	}
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1)
		if (rr.section == DNSMSG_SEC_ANSWER &&
		    rr.type == DNSMSG_T_PTR &&
		    dnsmsg_name_eq(rr.name, ans.owner) &&
		    dnsmsg_rr_name(&rr, ad->ptr) == MX_OK) {
			audit_lower(ad->ptr);
			ad->ptr_found = 1;
			audit_enqueue(a, W_FWD, w->mx, w->addr);
			return;
		}
	ad->fcrdns = 0;
}

/* see audit_int.h */
void
audit_on_fwd(struct audit *a, const struct dns_query *q,
    const struct audit_work *w)
{
	struct audit_addr *ad = &a->mx[w->mx].addr[w->addr];
	struct dnsmsg_answer ans;
	struct dnsmsg_iter it;
	struct dnsmsg_rr rr;
	unsigned char ip[16];
	size_t n = ad->family == AF_INET ? 4 : 16;

	if (q->err != MX_OK || dnsmsg_answer(q->msg, q->len, q->qname,
	    q->qtype, &ans) != MX_OK)
		return;			/* fcrdns stays unknown */
	ad->fcrdns = 0;
	if (ans.kind != DNSMSG_ANS_DATA)
		return;
	dnsmsg_iter_init(&it, q->msg, q->len);
	while (dnsmsg_rr_next(&it, &rr) == 1)
		if (rr.section == DNSMSG_SEC_ANSWER && rr.type == q->qtype &&
		    dnsmsg_name_eq(rr.name, ans.owner) &&
		    (n == 4 ? dnsmsg_rr_a(&rr, ip) :
		    dnsmsg_rr_aaaa(&rr, ip)) == MX_OK &&
		    memcmp(ip, ad->ip, n) == 0)
			ad->fcrdns = 1;
}

