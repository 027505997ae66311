/*
 * clock.h -- time as mxprobe sees it.
 *
 * Engines never read a clock: `now` (monotonic milliseconds) is always passed
 * in, so tests drive time.  Only main.c and the loop call mx_clock_ms().
 */
#ifndef MXPROBE_CLOCK_H
#define MXPROBE_CLOCK_H

#include <stdint.h>

typedef int64_t mx_ms;		/* monotonic milliseconds */
#define MX_MS_NEVER	INT64_MAX

/* CLOCK_MONOTONIC in milliseconds (0 if the clock cannot be read). */
mx_ms mx_clock_ms(void);
/*
 * CLOCK_REALTIME in seconds since 1970 (the certificate clock, unless
 * --now sets one); 0 if the clock cannot be read.
 */
int64_t mx_clock_unix(void);

#endif
