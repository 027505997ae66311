/*
 * clock.c -- the two clocks mxprobe reads (see clock.h).
 *
 * clock_gettime is a vDSO call in musl: no heap, no time-zone code.  It
 * cannot fail for these two clocks on Linux >= 2.6; if it ever did, 0 is
 * returned rather than an uninitialised value.
 */
#include <time.h>

#include "mxprobe/clock.h"

/* see clock.h */
mx_ms
mx_clock_ms(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (mx_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* see clock.h */
int64_t
mx_clock_unix(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec;
}
