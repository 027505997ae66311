/*
 * out.h -- the only place that formats what the user sees.
 *
 * key=value mode: one "key=value\n" line per key; a value made only of
 * [A-Za-z0-9._:/@+-] (and not empty) is printed bare, an empty value is
 * printed as '', anything else is wrapped in '...' with ' written as '\''
 * and bytes outside 0x20-0x7e written as '?', so `eval "$(mxprobe ...)"`
 * is safe in busybox sh whatever a server sends.
 *
 * JSON mode: one flat object on one line, "{" before the first key, ","
 * between pairs, "}\n" at out_end ("{}\n" if no key was written).  Integers
 * are bare numbers; every other value is a string, yes/no included, so
 * scripts see the same values in both modes.  Strings escape " \ as \" \\
 * and write every byte outside 0x20-0x7e as '?', exactly the key=value
 * view: the output is always valid UTF-8, and no control byte reaches a
 * terminal through `jq -r`.
 *
 * Keys: prefix + key must match ^[a-z0-9_]+$ and be at most MX_KEY_MAX
 * bytes.  A bad key is a programming error: its pair is not written (the
 * value may be hostile and the key unescaped); the first one in a document
 * writes internal_error=bad_key instead, and out_end returns -1 so the
 * caller exits 3.  Nothing aborts.
 *
 * Output goes through one static buffer of MX_OUT_BUF bytes to the fd with
 * write(2), retrying on EINTR, partial writes and EAGAIN (poll).  The first
 * write error sticks: later output is dropped and out_end returns -1.
 * SIGPIPE is the caller's business (main.c).
 *
 * Not reentrant: one document at a time, from one thread.
 */
#ifndef MXPROBE_OUT_H
#define MXPROBE_OUT_H

#include <stddef.h>
#include <stdint.h>

enum out_mode { OUT_KV, OUT_JSON, OUT_NAGIOS };

/*
 * OUT_NAGIOS (--nagios): no pair is written; out_end writes one
 * monitoring-plugin line instead, from the unprefixed keys domain or
 * host, score, grade, findings and status, and the perfdata score (with
 * the score thresholds as "N:" ranges: alert below N) and
 * [mxN_]days_left for every cert_days_left of an MX (or of -c's host):
 *   MXPROBE WARNING - example.org score 74 grade C: findings | score=74;70:;50:;0;100 mx1_days_left=55;30:;7:
 * Every byte outside [A-Za-z0-9._:/@+-,=;] and space becomes '?'.
 */
/* The thresholds the plugin line's perfdata states (0 score: none). */
void out_nagios_limits(int warn_days, int crit_days, int warn_score,
    int crit_score);

/*
 * Starts a document on fd (1 normally) in mode.  Clears the prefix and the
 * sticky errors; bytes of a previous document not yet flushed are dropped.
 * Without out_begin, output goes to fd 1 in key=value mode.
 */
void out_begin(enum out_mode mode, int fd);
/*
 * Sets the key prefix ("mx1_") for the following keys; NULL or "" for
 * none.  The prefix is copied.  It is checked with each key (a prefix that
 * is too long or has a bad byte makes every key a bad key).
 */
void out_prefix(const char *prefix);
/*
 * While on, every pair is dropped silently (report.c evaluates a probe's
 * severity with the same code that prints it).  out_begin turns it off.
 */
void out_mute(int on);
/* key = val[0..len) as a string (val may hold any byte, NUL included). */
void out_kv(const char *key, const char *val, size_t len);
/* NUL-terminated string value; NULL is written as the empty string. */
void out_kvs(const char *key, const char *val);
/* Integer value (bare decimal in both modes). */
void out_kvi(const char *key, int64_t v);
/* yes (v != 0) / no. */
void out_kvb(const char *key, int v);
/*
 * JSON mode only: key = json[0..len), a JSON value the caller built with
 * out_json_quote (rpt.c); written as is.  Other modes: nothing.
 */
void out_kvj(const char *key, const char *json, size_t len);
/*
 * Ends the document and flushes; returns 0, or -1 if a write failed or a
 * bad key was dropped.
 */
int out_end(void);

/* 1 if key matches ^[a-z0-9_]+$ and fits MX_KEY_MAX with no prefix, else 0. */
int out_key_ok(const char *key);
/*
 * The escapers themselves, for tests and for callers that must build a
 * value elsewhere: write the key=value form (out_sh_quote) or the JSON
 * string form, quotes included (out_json_quote), of val[0..len) into dst
 * (cap bytes, always NUL-terminated when cap > 0; dst may be NULL when cap
 * is 0).  Return the length needed without the NUL, like snprintf: the
 * output was cut if the result is >= cap.
 */
size_t out_sh_quote(char *dst, size_t cap, const char *val, size_t len);
size_t out_json_quote(char *dst, size_t cap, const char *val, size_t len);

#endif
