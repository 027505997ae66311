/*
 * der.h -- the one DER element reader (certificates, DKIM keys, TLSA SPKI).
 *
 * Elements are read on struct rd (cur.h), so every length is checked
 * against what remains of the enclosing element and the first error
 * sticks.  Definite lengths only: 0x80 (indefinite) is BER and refused;
 * the long form takes at most 4 length bytes (more would be over 4 GB,
 * far past any buffer here).  A high tag number (0x1f) is skipped over,
 * at most 4 bytes, and reported as the first tag byte: no field read
 * here has one, so it only ever fails a tag comparison.
 */
#ifndef MXPROBE_DER_H
#define MXPROBE_DER_H

#include <stddef.h>
#include "mxprobe/cur.h"

#define DER_INT		0x02
#define DER_BITS	0x03
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_SEQ		0x30
#define DER_SET		0x31

/*
 * Reads one element: its first tag byte into *tag, its value as the child
 * cursor *v (r skips it), and, if tlv is not NULL, the whole element (tag
 * and length included) into *tlv, *tlvlen.  A long-form length that a
 * shorter form could say is accepted (certificates in the field have
 * them).  0, or -1 with r->err set and *v an empty cursor carrying it.
 */
int der_tlv(struct rd *r, unsigned *tag, struct rd *v,
    const unsigned char **tlv, size_t *tlvlen);
/* der_tlv for an element that must have tag `tag` (MX_E_SYNTAX if not). */
int der_get(struct rd *r, unsigned tag, struct rd *v);
/*
 * der_get that also refuses a length not in its shortest form (X.690
 * 10.1), for keys whose DER is checked strictly (DKIM p=).
 */
int der_get_strict(struct rd *r, unsigned tag, struct rd *v);
/* Tag of the next element, -1 at the end (or after an error). */
int der_peek(const struct rd *r);
/*
 * Closes child c of r: c's error becomes r's, and so do bytes of c left
 * unread (an element must be consumed exactly).  0 or -1.
 */
int der_end(struct rd *r, const struct rd *c);

#endif
