/*
 * spf_walk.c -- the audit's SPF policy walk, no <ip> (see spf.h).
 *
 * IMPLEMENTATION NOTES
 *
 * The walk (the audit: no <ip>).  Every record of the tree is fetched as
 * soon as the record naming it is in, up to MX_SPF_WALK_INFLIGHT at once,
 * so siblings travel together.  Only what a receiver evaluates when no
 * mechanism matches is counted: the terms up to the first all, and
 * redirect when there is no all.  Targets without macros (or with %{d}
 * only) are looked up: include/redirect for their record, a (A and AAAA),
 * mx (MX) and exists (A) to count void lookups and mx's 10-name limit.
 * Targets that depend on the sender or the address cannot be known and
 * are counted, not followed.  The first problem reported is the first a
 * receiver would meet: nodes are compared in evaluation (pre-)order by
 * their path of term positions, whatever order the answers came in.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mxprobe/ipaddr.h"
#include "mxprobe/hex.h"
#include "mxprobe/cur.h"
#include "mxprobe/spf.h"
#include "spf_int.h"

static int
add_node(struct spf_walk *w, int parent, enum spf_node_kind kind,
    enum spf_node_via via, unsigned sib, const char *domain)
{
	struct spf_node *n;

	if (w->nnodes == MX_SPF_WALK_NODES) {
		w->truncated = 1;
		return -1;
	}
	n = &w->node[w->nnodes];
	memset(n, 0, sizeof *n);
	spf_copy_name(n->domain, domain);
	n->kind = kind;
	n->via = via;
	n->parent = parent;
	n->sib = sib;
	n->depth = parent < 0 ? 0 : w->node[parent].depth + 1;
	n->ask = kind == SPF_N_ADDR ? 3 : 1;
	return (int)w->nnodes++;
}

/* see spf.h */
void
spf_walk_start(struct spf_walk *w, const char *domain)
{
	memset(w, 0, sizeof *w);
	w->cur_tag = -1;
	add_node(w, -1, SPF_N_RECORD, SPF_VIA_TOP, 0, domain);
}

static uint16_t
node_qtype(const struct spf_node *n, unsigned sub)
{
	switch (n->kind) {
	case SPF_N_RECORD:
		return DNSMSG_T_TXT;
	case SPF_N_MX:
		return DNSMSG_T_MX;
	case SPF_N_ADDR:
		return sub ? DNSMSG_T_AAAA : DNSMSG_T_A;
	default:
		return DNSMSG_T_A;
	}
}

/* see spf.h */
int
spf_walk_next(struct spf_walk *w, struct spf_query *q)
{
	struct spf_node	*n;
	unsigned	 i, sub;

	if (w->done || w->inflight >= MX_SPF_WALK_INFLIGHT)
		return 0;
	for (i = w->next; i < w->nnodes; i++) {
		n = &w->node[i];
		if (n->ask == 0) {
			if (i == w->next)
				w->next++;
			continue;
		}
		sub = n->ask & 1 ? 0 : 1;
		n->ask &= (unsigned char)~(1u << sub);
		n->out |= (unsigned char)(1u << sub);
		w->inflight++;
		spf_copy_name(q->name, n->domain);
		q->type = node_qtype(n, sub);
		q->tag = i * 2 + sub;
		return 1;
	}
	return 0;
}

/* The node and query of tag, if that query is out; else NULL. */
static struct spf_node *
walk_tag(struct spf_walk *w, unsigned tag, unsigned *sub)
{
	struct spf_node *n;

	if (w->done || tag / 2 >= w->nnodes)
		return NULL;
	n = &w->node[tag / 2];
	*sub = tag % 2;
	return n->out & (1u << *sub) ? n : NULL;
}

/* see spf.h */
void
spf_walk_rr(struct spf_walk *w, unsigned tag, uint16_t type,
    const void *data, size_t len, int truncated)
{
	struct spf_node	*n;
	unsigned	 sub;

	if ((n = walk_tag(w, tag, &sub)) == NULL)
		return;
	if (w->cur_tag != (int)tag) {
		w->cur_tag = (int)tag;
		w->cur_spf = 0;
		w->cur_long = 0;
		w->scratch_len = 0;
	}
	switch (n->kind) {
	case SPF_N_RECORD:
		if (type != DNSMSG_T_TXT)
			return;
		n->found++;
		if (!spf_is_record(data, len) || ++w->cur_spf > 1)
			return;
		if (truncated || len > MX_SPF_RECORD_MAX) {
			w->cur_long = 1;
			return;
		}
		memcpy(w->scratch, data, len);
		w->scratch[len] = '\0';
		w->scratch_len = len;
		return;
	case SPF_N_MX:
		if (type == DNSMSG_T_MX)
			n->found++;
		return;
	default:
		if (type == node_qtype(n, sub) &&
		    len == (type == DNSMSG_T_A ? 4u : 16u))
			n->found++;
		return;
	}
}

static void
node_err(struct spf_node *n, enum spf_err e, const char *term, size_t tlen)
{
	if (n->err != SPF_E_OK)
		return;
	n->err = e;
	spf_copy_cut(n->err_term, sizeof n->err_term, term ? term : "",
	    term ? tlen : 0);
}

/* 1 if name is the record of i or of one of its ancestors. */
static int
walk_loops(const struct spf_walk *w, int i, const char *name)
{
	for (; i >= 0; i = w->node[i].parent)
		if (w->node[i].kind == SPF_N_RECORD &&
		    dnsmsg_name_eq(w->node[i].domain, name))
			return 1;
	return 0;
}

/* A child of record i for term t (its position sib), if it can be known. */
static void
walk_child(struct spf_walk *w, int i, const struct spf_term *t, unsigned sib)
{
	struct spf_node		*n = &w->node[i];
	struct spf_macro_ctx	 c;
	char			 name[MX_NAME_MAX + 1];
	int			 rc, rec;

	memset(&c, 0, sizeof c);
	c.domain = n->domain;
	if (t->spec == NULL)
		spf_copy_name(name, n->domain);
	else if ((rc = spf_macro_target(&c, t->spec, t->spec_len, name)) !=
	    SPF_MACRO_OK) {
		/* unknown: depends on the sender or the address */
		rec = t->kind == SPF_K_INCLUDE || t->kind == SPF_K_REDIRECT;
		if (rc == SPF_MACRO_BADNAME && rec)
			node_err(n, SPF_E_NO_RECORD, t->text, t->text_len);
		return;
	}
	switch (t->kind) {
	case SPF_K_INCLUDE:
	case SPF_K_REDIRECT:
		if (walk_loops(w, i, name)) {
			node_err(n, SPF_E_LOOP, t->text, t->text_len);
			return;
		}
		add_node(w, i, SPF_N_RECORD, t->kind == SPF_K_INCLUDE ?
		    SPF_VIA_INCLUDE : SPF_VIA_REDIRECT, sib, name);
		return;
	case SPF_K_A:
		add_node(w, i, SPF_N_ADDR, SPF_VIA_TERM, sib, name);
		return;
	case SPF_K_MX:
		add_node(w, i, SPF_N_MX, SPF_VIA_TERM, sib, name);
		return;
	case SPF_K_EXISTS:
		add_node(w, i, SPF_N_EXISTS, SPF_VIA_TERM, sib, name);
		return;
	default:
		return;
	}
}

/* Record node i's answer is complete. */
static void
walk_record(struct spf_walk *w, int i)
{
	struct spf_node		*n = &w->node[i];
	struct spf_record	 r;
	struct spf_iter		 it;
	struct spf_term		 t;
	unsigned		 sib = 0;

	n->nspf = w->cur_spf;
	if (n->dns_err)
		return;
	if (n->nspf == 0) {
		if (i > 0) {
			n->void_ = n->found == 0;
			node_err(n, SPF_E_NO_RECORD, NULL, 0);
		}
		return;
	}
	if (n->nspf > 1) {
		node_err(n, SPF_E_SEVERAL, NULL, 0);
		return;
	}
	if (w->cur_long) {
		node_err(n, SPF_E_TOO_LONG, NULL, 0);
		return;
	}
	if (i == 0) {
		memcpy(w->record, w->scratch, w->scratch_len + 1);
		w->record_len = w->scratch_len;
	}
	if (spf_parse(w->scratch, w->scratch_len, &r) != 0) {
		node_err(n, r.err, w->scratch + r.err_off, r.err_len);
		return;
	}
	n->parsed = 1;
	n->lookups = r.lookups;
	n->all = r.all;
	n->ptr = r.ptr;
	n->redirect_used = r.redirect_used;
	spf_iter_init(&it, w->scratch, w->scratch_len);
	while (spf_iter_next(&it, &t) == 1) {
		sib++;
		if (t.kind == SPF_K_ALL)
			break;
		if (t.kind == SPF_K_REDIRECT && r.redirect_used)
			walk_child(w, i, &t, r.nterms + 1);
		else if (t.kind == SPF_K_INCLUDE || t.kind == SPF_K_A ||
		    t.kind == SPF_K_MX || t.kind == SPF_K_EXISTS)
			walk_child(w, i, &t, sib);
	}
}

/* The path of node i: sib positions from the top; returns its length. */
static unsigned
walk_path(const struct spf_walk *w, int i, unsigned p[MX_SPF_WALK_NODES])
{
	unsigned t[MX_SPF_WALK_NODES], n = 0, k;

	for (; i > 0 && n < MX_SPF_WALK_NODES; i = w->node[i].parent)
		t[n++] = w->node[i].sib;
	for (k = 0; k < n; k++)
		p[k] = t[n - 1 - k];
	return n;
}

/* 1 if node a comes before node b in evaluation order. */
static int
walk_before(const struct spf_walk *w, int a, int b)
{
	unsigned pa[MX_SPF_WALK_NODES], pb[MX_SPF_WALK_NODES], na, nb, k;

	na = walk_path(w, a, pa);
	nb = walk_path(w, b, pb);
	for (k = 0; k < na && k < nb; k++)
		if (pa[k] != pb[k])
			return pa[k] < pb[k];
	return na < nb;
}

/* The first node (evaluation order) for which want() holds, or -1. */
static int
walk_first(const struct spf_walk *w, int (*want)(const struct spf_node *))
{
	unsigned	 i;
	int		 best = -1;

	for (i = 0; i < w->nnodes; i++)
		if (want(&w->node[i]) && (best < 0 ||
		    walk_before(w, (int)i, best)))
			best = (int)i;
	return best;
}

static int
want_perm(const struct spf_node *n)
{
	return n->err != SPF_E_OK && n->err != SPF_E_TOO_LONG;
}

static int
want_long(const struct spf_node *n)
{
	return n->err == SPF_E_TOO_LONG;
}

static int
want_void(const struct spf_node *n)
{
	return n->void_;
}

static int
want_dns(const struct spf_node *n)
{
	return n->dns_err;
}

/* All answers are in: totals, then the verdict. */
static void
walk_finish(struct spf_walk *w)
{
	struct spf_node	*root = &w->node[0];
	unsigned char	 chain[MX_SPF_WALK_NODES];
	enum spf_err	 code;
	unsigned	 i;
	int		 k, c;

	w->done = 1;
	memset(chain, 0, sizeof chain);
	for (i = 0; i < w->nnodes; i++) {
		w->lookups += w->node[i].lookups;
		w->voids += (unsigned)w->node[i].void_;
		w->ptr |= w->node[i].ptr;
	}
	/* the all in effect: follow redirects while there is no all */
	for (k = 0;;) {
		chain[k] = 1;
		if (w->node[k].all || !w->node[k].redirect_used)
			break;
		for (c = 0; c < (int)w->nnodes; c++)
			if (w->node[c].parent == k &&
			    w->node[c].via == SPF_VIA_REDIRECT)
				break;
		if (c == (int)w->nnodes)
			break;
		k = c;
	}
	w->all = w->node[k].all;
	/* the verdict, and the node whose problem tells why */
	code = SPF_E_OK;
	k = 0;
	if (root->dns_err) {
		w->status = SPF_ST_TEMPERROR;
		code = SPF_E_DNS;
	} else if (root->nspf == 0)
		w->status = SPF_ST_ABSENT;
	else if ((k = walk_first(w, want_perm)) >= 0) {
		w->status = SPF_ST_INVALID;
		code = w->node[k].err;
	} else if (w->lookups > MX_SPF_LOOKUPS_MAX) {
		w->status = SPF_ST_INVALID;
		code = SPF_E_LOOKUPS;
		k = 0;
	} else if (w->voids > MX_SPF_VOID_MAX) {
		w->status = SPF_ST_INVALID;
		code = SPF_E_VOID;
		k = walk_first(w, want_void);
	} else if ((k = walk_first(w, want_long)) >= 0) {
		w->status = SPF_ST_LIMIT;
		code = SPF_E_TOO_LONG;
	} else if ((k = walk_first(w, want_dns)) >= 0) {
		w->status = SPF_ST_TEMPERROR;
		code = SPF_E_DNS;
	} else {
		w->status = SPF_ST_WEAK;
		if (w->all == '+')
			w->weak = SPF_W_PASS_ALL;
		else if (w->all == '?')
			w->weak = SPF_W_NEUTRAL_ALL;
		else if (w->all == 0)
			w->weak = SPF_W_NO_ALL;
		else {
			for (i = 0; i < w->nnodes; i++)
				if (!chain[i] && w->node[i].all == '+')
					w->weak = SPF_W_INCLUDE_PASS_ALL;
			if (w->weak == SPF_W_NO)
				w->status = SPF_ST_OK;
		}
	}
	if (code != SPF_E_OK)
		spf_set_prob(&w->prob, code, w->node[k].domain,
		    w->node[k].err_term, strlen(w->node[k].err_term));
}

/* see spf.h */
void
spf_walk_end(struct spf_walk *w, unsigned tag, enum spf_dns outcome)
{
	struct spf_node	*n;
	unsigned	 sub, i;

	if ((n = walk_tag(w, tag, &sub)) == NULL)
		return;
	if (w->cur_tag != (int)tag) {	/* an answer without records */
		w->cur_spf = 0;
		w->cur_long = 0;
		w->scratch_len = 0;
	}
	w->cur_tag = -1;
	n->out &= (unsigned char)~(1u << sub);
	w->inflight--;
	if (outcome == SPF_DNS_ERROR)
		n->dns_err = 1;
	else if (outcome == SPF_DNS_NXDOMAIN)
		n->nx = 1;
	if (n->ask == 0 && n->out == 0) {
		switch (n->kind) {
		case SPF_N_RECORD:
			walk_record(w, (int)(n - w->node));
			break;
		case SPF_N_MX:
			if (!n->dns_err && n->found > MX_SPF_MX_NAMES_MAX)
				node_err(n, SPF_E_MX_NAMES, NULL, 0);
			/* FALLTHROUGH */
		default:
			n->void_ = !n->dns_err && n->found == 0;
			break;
		}
	}
	if (w->inflight > 0)
		return;
	for (i = w->next; i < w->nnodes; i++)
		if (w->node[i].ask)
			return;
	walk_finish(w);
}
