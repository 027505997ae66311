/*
 * port25.c -- is port 25 blocked where mxprobe runs? (see audit.h)
 *
 * IMPLEMENTATION NOTES
 * Many access networks drop outgoing port 25.  When every probe of a
 * domain audit on port 25 timed out connecting, one connect-only probe
 * each to 587 and 465 of the first MX's first address (one
 * --step-timeout at most, on the audit's two first injection slots,
 * which no probe holds any more) tells "the MX are down" from "we are
 * blocked": if either connects, the timeouts were ours.
 */
#include <string.h>
#include <arpa/inet.h>
#include "audit_int.h"

/* see audit.h */
int
audit_port25(struct audit *a, mx_ms now)
{
	static const unsigned short alt[2] = { 587, 465 };
	struct probe_cfg pc;
	unsigned i;

	if (a->cfg.host_mode || a->cfg.port != 25 || a->nprobes == 0 ||
	    loop_room(a->loop) < 2)
		return 0;
	for (i = 0; i < a->nprobes; i++)
		if (probe_error(&a->probes[i]) != MX_E_CONNECT_TIMEOUT)
			return 0;
	for (i = 0; a->mx[i].naddr == 0; i++)
		;	/* nprobes > 0: some MX has an address */
	pc = a->probes[a->mx[i].addr[0].probe].cfg;
	pc.connect_only = 1;
	pc.inject = NULL;
	pc.done = NULL;
	pc.deadline = now + pc.step_ms;
	for (i = 0; i < 2; i++) {
		if (pc.addr.ss_family == AF_INET)
			((struct sockaddr_in *)&pc.addr)->sin_port =
			    htons(alt[i]);
		else
			((struct sockaddr_in6 *)&pc.addr)->sin6_port =
			    htons(alt[i]);
		probe_start(&a->inject[i], &pc, now);
		(void)loop_add(a->loop, &a->inject[i].t);
	}
	a->port25_ran = 1;
	return 2;
}
