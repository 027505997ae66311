/*
 * audit_int.h -- what the files of the audit share: the kinds of work
 * items and the few functions one file calls in another.
 *   audit.c        the scheduler: work list, pools, lookups, dispatch
 *   answers.c      the MX, address, PTR and forward answers
 *   port25.c       the blocked-port-25 retry
 *   audit_judge.c  the judgement after the loop
 *   transport.c    the transport and hygiene score items
 */
#ifndef MXPROBE_AUDIT_INT_H
#define MXPROBE_AUDIT_INT_H

#include "mxprobe/audit.h"

/* Calls hook h of every check in table order (a NULL hook is skipped). */
#define EACH_CHECK(a, h, ...) do {					\
	unsigned ci_;							\
	for (ci_ = 0; ci_ < AUDIT_CHECKS; ci_++)			\
		if ((*(a)->chk[ci_])->h != NULL)			\
			(*(a)->chk[ci_])->h((a)->chk[ci_], __VA_ARGS__);	\
} while (0)

enum work_kind { W_MX, W_A, W_AAAA, W_PTR, W_FWD, W_PROBE, W_SCAN,
	W_LOOKUP };

/* Appends an item to the work list (AUDIT_WORK_MAX bounds it). */
void audit_enqueue(struct audit *a, unsigned kind, unsigned mx,
    unsigned addr);
/* Queues the address lookups of MX i (per -4/-6). */
void audit_queue_addr_lookups(struct audit *a, unsigned i);
/* Lower-cases s in place (names are printed and compared so). */
void audit_lower(char *s);

/* answers.c: one finished query of the audit's own (not a check's). */
void audit_on_mx(struct audit *a, const struct dns_query *q);
/* An address answer of MX i; 1 when it made MX i's addresses final. */
int audit_on_addr(struct audit *a, const struct dns_query *q, unsigned i);
void audit_on_ptr(struct audit *a, const struct dns_query *q,
    const struct audit_work *w);
void audit_on_fwd(struct audit *a, const struct dns_query *q,
    const struct audit_work *w);

/* transport.c: SC_STARTTLS, SC_CERT, SC_TLS_VERSION, SC_MX_HYGIENE. */
void audit_score_transport(struct audit *a);

#endif
