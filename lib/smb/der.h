/* The little DER that SPNEGO (RFC 4178) needs: one-byte tags, definite lengths, read through the checked
 * cursor. A hostile length can only make a read fail, never reach past the buffer. */
#ifndef LM_SMB_DER_H
#define LM_SMB_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"

/* ASN.1 tags used by SPNEGO (X.690 8.1.2). */
#define LM__DER_ENUMERATED 0x0A
#define LM__DER_OCTET_STR  0x04
#define LM__DER_OID        0x06
#define LM__DER_SEQUENCE   0x30
#define LM__DER_APP0       0x60         /* [APPLICATION 0] constructed: the GSS-API InitialContextToken */
#define LM__DER_CTX(n)     (0xA0 + (n)) /* [n] constructed, context-specific */

/* Reads one element: its tag into *tag and a cursor over its contents into *val. Multi-byte tags,
 * indefinite lengths and lengths past the end put c (and val) in error; returns !c->err. */
bool lm__der_get(struct lm__cursor *c, uint8_t *tag, struct lm__cursor *val);

/* lm__der_get that also requires the tag. */
bool lm__der_expect(struct lm__cursor *c, uint8_t tag, struct lm__cursor *val);

/* Appends tag, length and n bytes of content. */
void lm__der_put(struct lm__buf *b, uint8_t tag, const void *p, size_t n);

/* Appends the tag and the length of content that the caller appends next. */
void lm__der_put_header(struct lm__buf *b, uint8_t tag, size_t n);

/* The size of a header for n bytes of content. */
size_t lm__der_header_len(size_t n);

#endif
