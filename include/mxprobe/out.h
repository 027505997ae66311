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
 * Text mode (OUT_HUMAN, the report for people, human.h): no pairs at all
 * (out_kv and friends write nothing); the printer writes text with
 * out_str, which shows every byte outside 0x20-0x7e as \xHH, so nothing
 * a server sent (an ESC, a CR, a byte of a broken UTF-8 sequence) reaches
 * the terminal raw.  Only the printer's own
 * bytes (its ANSI colour sequences and UTF-8 glyphs) go through out_raw.
 *
 * Keys: prefix + key must match ^[a-z0-9_]+$ and be at most MX_KEY_MAX
 * bytes.  A bad key is a programming error: its pair is not written (the
 * value may be hostile and the key unescaped); the first one in a document
 * writes internal_error=bad_key instead, and out_end returns -1 so the
 * caller exits 3.  Nothing aborts.
 *
 * Output goes through the caller's struct out (a buffer of MX_OUT_BUF
 * bytes) to its fd with write(2), retrying on EINTR, partial writes and
 * EAGAIN (poll).  The first write error sticks: later output is dropped
 * and out_end returns -1.  SIGPIPE is the caller's business (main.c).
 *
 * One struct out is one document at a time; two of them never share
 * anything, so two reports can be built side by side.
 */
#ifndef MXPROBE_OUT_H
#define MXPROBE_OUT_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/limits.h"

enum out_mode { OUT_KV, OUT_JSON, OUT_NAGIOS, OUT_HUMAN };

/* A document being written: the caller owns it (no field is API). */
struct out {
	enum out_mode	 mode;
	int		 fd;
	int		 werr;		/* sticky: a write failed */
	int		 badkey;	/* sticky: a bad key was dropped */
	int		 pbad;		/* the prefix is unusable */
	size_t		 npairs;
	size_t		 plen;
	size_t		 blen;
	char		 prefix[MX_KEY_MAX + 1];
	char		 buf[MX_OUT_BUF];
};

/*
 * Starts a document on fd (1 normally) in mode.  Clears the prefix and the
 * sticky errors; bytes of a previous document not yet flushed are dropped.
 * In OUT_NAGIOS mode no pair is written: the report layer writes the one
 * plugin line with out_nagios.
 */
void out_begin(struct out *w, enum out_mode mode, int fd);
/*
 * Sets the key prefix ("mx1_") for the following keys; NULL or "" for
 * none.  The prefix is copied.  It is checked with each key (a prefix that
 * is too long or has a bad byte makes every key a bad key).
 */
void out_prefix(struct out *w, const char *prefix);
/* key = val[0..len) as a string (val may hold any byte, NUL included). */
void out_kv(struct out *w, const char *key, const char *val, size_t len);
/* NUL-terminated string value; NULL is written as the empty string. */
void out_kvs(struct out *w, const char *key, const char *val);
/* Integer value (bare decimal in both modes). */
void out_kvi(struct out *w, const char *key, int64_t v);
/* yes (v != 0) / no. */
void out_kvb(struct out *w, const char *key, int v);
/*
 * JSON mode only: key = json[0..len), a JSON value the caller built with
 * out_json_quote; written as is.  Other modes: nothing.
 */
void out_kvj(struct out *w, const char *key, const char *json, size_t len);

/*
 * A value built piece by piece (JSON: after out_kvj(w, key, "", 0) opened
 * the pair; text mode: any text).  out_raw writes s[0..n) as is: only
 * bytes the caller made (JSON punctuation, ANSI sequences, glyphs), never
 * a fact.  out_str writes a fact: JSON mode as a JSON string, text mode
 * escaped (out_text_quote).  Both write nothing in the other modes.
 */
void out_raw(struct out *w, const char *s, size_t n);
void out_str(struct out *w, const char *s, size_t n);

/*
 * The monitoring-plugin line of OUT_NAGIOS (--nagios), from the result
 * model (the report layer fills it; out_nagios escapes it):
 *   MXPROBE WARNING - example.org score 74 grade C: findings | score=74;70:;50:;0;100 mx1_days_left=55;30:;7:
 * Every byte outside [A-Za-z0-9._:/@+-,=;] and space becomes '?'.
 */
struct out_nagios {
	const char	*name;		/* the domain or -c's host */
	const char	*status;	/* "ok" .. "unknown" */
	int		 score;		/* -1: none (no score= at all) */
	const char	*grade;
	const char	*findings;	/* "a,b; mx2 c,d": raw, escaped here */
	size_t		 flen;
	int		 warn_days, crit_days, warn_score, crit_score;
	unsigned	 ndays;
	struct {
		char	 label[MX_KEY_MAX + 1];	/* "mx1_" or "" */
		int64_t	 days;
	}		 days[MX_MX_MAX];
};
/* Writes the plugin line of n (any mode; --nagios uses OUT_NAGIOS). */
void out_nagios(struct out *w, const struct out_nagios *n);
/*
 * Ends the document and flushes; returns 0, or -1 if a write failed or a
 * bad key was dropped.
 */
int out_end(struct out *w);

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
/* The text mode form (no quotes): \xHH for bytes outside 0x20-0x7e. */
size_t out_text_quote(char *dst, size_t cap, const char *val, size_t len);

#endif
