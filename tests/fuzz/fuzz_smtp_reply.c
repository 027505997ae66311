/*
 * fuzz_smtp_reply.c -- the SMTP reply parser on arbitrary bytes.
 *
 * The input is a stream of replies.  It is parsed twice, in one call per
 * reply and one byte at a time, and the target traps if the two disagree
 * or a complete reply breaks an invariant of struct smtp_reply (bounded,
 * NUL-terminated text; a keyword list of [A-Z0-9-] words joined by single
 * commas).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mxprobe/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* static: two parsers are ~4 KB, too much for a fuzzer's stack frame */
static struct smtp_rp whole, bytes;

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void
check_reply(const struct smtp_reply *r)
{
	size_t i;

	check(r->code >= 200 && r->code <= 599);
	check(r->nlines >= 1 && r->nlines <= MX_SMTP_REPLY_LINES);
	check(r->text_len < sizeof(r->text));
	check(strlen(r->text) == r->text_len);
	check(r->ext_len < sizeof(r->ext));
	check(strlen(r->ext) == r->ext_len);
	for (i = 0; i < r->ext_len; i++) {
		if (r->ext[i] == ',') {
			check(i > 0 && i + 1 < r->ext_len &&
			    r->ext[i + 1] != ',');
			continue;
		}
		check((r->ext[i] >= 'A' && r->ext[i] <= 'Z') ||
		    (r->ext[i] >= '0' && r->ext[i] <= '9') ||
		    r->ext[i] == '-');
	}
	check(r->nlines > 1 || (r->ext_len == 0 && r->ext_bits == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0, used, u, i;
	int rc, rb;

	smtp_rp_reset(&whole);
	smtp_rp_reset(&bytes);
	while (off < size) {
		rc = smtp_rp_feed(&whole, data + off, size - off, &used);
		check(used <= size - off);
		check(rc == 0 ? used == size - off : used > 0);
		rb = 0;
		for (i = 0; i < used; i++) {
			rb = smtp_rp_feed(&bytes, data + off + i, 1, &u);
			check(u == 1);
			if (rb != 0) {
				check(i + 1 == used);
				break;
			}
		}
		check(rb == rc);
		if (rc < 0) {
			check(whole.err == bytes.err);
			check(whole.err == MX_E_SMTP_PROTOCOL ||
			    whole.err == MX_E_SMTP_LINE ||
			    whole.err == MX_E_SMTP_REPLY);
			/* sticky */
			check(smtp_rp_feed(&whole, data, size, &u) == -1 &&
			    u == 0);
			break;
		}
		if (rc == 0) {
			check(whole.llen == bytes.llen);
			check(whole.llen < MX_SMTP_LINE_MAX);
			check(whole.r.nlines <= MX_SMTP_REPLY_LINES);
			break;
		}
		check_reply(&whole.r);
		check(whole.r.code == bytes.r.code);
		check(whole.r.nlines == bytes.r.nlines);
		check(strcmp(whole.r.text, bytes.r.text) == 0);
		check(whole.r.text_truncated == bytes.r.text_truncated);
		check(strcmp(whole.r.ext, bytes.r.ext) == 0);
		check(whole.r.ext_bits == bytes.r.ext_bits);
		check(whole.r.ext_truncated == bytes.r.ext_truncated);
		/* the next call starts the next reply */
		off += used;
	}
	return 0;
}
