/*
 * out.h -- the only place that formats what the user sees.
 *
 * key=value mode: one line per key; a value made only of
 * [A-Za-z0-9._:/@+-] is printed bare, anything else is wrapped in '...'
 * with ' written as '\'' and bytes outside 0x20-0x7e written as '?', so
 * `eval "$(mxprobe ...)"` is safe in busybox sh whatever a server sends.
 * JSON mode: one flat object, same keys, strings escaped (\" \\ \uXXXX for
 * control bytes, '?' for bytes >= 0x80 so output is always valid UTF-8).
 * Output goes through a static buffer to fd 1 with write(2).
 */
#ifndef MXPROBE_OUT_H
#define MXPROBE_OUT_H

#include <stddef.h>
#include <stdint.h>

enum out_mode { OUT_KV, OUT_JSON };

/* Starts a document on fd (1 normally) in mode. */
void out_begin(enum out_mode mode, int fd);
/* Sets the key prefix ("mx1_") for the following keys; NULL or "" for none. */
void out_prefix(const char *prefix);
/* key = val[0..len) as a string.  key must match ^[a-z0-9_]+$. */
void out_kv(const char *key, const char *val, size_t len);
/* NUL-terminated string value. */
void out_kvs(const char *key, const char *val);
/* Integer value (bare in both modes). */
void out_kvi(const char *key, int64_t v);
/* yes / no. */
void out_kvb(const char *key, int v);
/* Ends the document and flushes; returns 0, or -1 if a write failed. */
int out_end(void);

/* 1 if key matches ^[a-z0-9_]+$ and fits MX_KEY_MAX with no prefix. */
int out_key_ok(const char *key);
/*
 * The escaper itself, for tests: writes the key=value form of val into
 * dst (cap bytes, NUL-terminated).  Returns the length it needed.
 */
size_t out_sh_quote(char *dst, size_t cap, const char *val, size_t len);

#endif
