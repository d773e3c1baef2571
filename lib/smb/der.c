/* DER for SPNEGO (X.690 8.1). Portable. */
#include "smb/der.h"

bool lm__der_get(struct lm__cursor *c, uint8_t *tag, struct lm__cursor *val)
{
    size_t len = 0;
    uint8_t first;

    *tag = lm__cur_u8(c);
    first = lm__cur_u8(c);
    /* X.690 8.1.2.4: tag number 31 means a multi-byte tag, which SPNEGO never uses. */
    if ((*tag & 0x1F) == 0x1F)
        c->err = true;
    if (first < 0x80) {
        len = first;
    } else if (first >= 0x81 && first <= 0x84) {
        /* X.690 8.1.3.5: the long form; more than 4 length bytes is beyond any token we accept. */
        for (int i = 0; i < (first & 0x7F); i++)
            len = len << 8 | lm__cur_u8(c);
    } else {
        c->err = true; /* 0x80 is the indefinite form, which DER forbids */
    }
    if (c->err) {
        lm__cur_init(val, NULL, 0);
        val->err = true;
        return false;
    }
    if (!lm__cur_sub(c, c->off, len, val))
        return false;
    lm__cur_skip(c, len);
    return true;
}

bool lm__der_expect(struct lm__cursor *c, uint8_t tag, struct lm__cursor *val)
{
    uint8_t t;

    if (!lm__der_get(c, &t, val))
        return false;
    if (t != tag) {
        c->err = true;
        val->err = true;
        return false;
    }
    return true;
}

size_t lm__der_header_len(size_t n)
{
    size_t h = 2;

    for (size_t v = n; n >= 0x80 && v > 0; v >>= 8)
        h++;
    return h;
}

void lm__der_put_header(struct lm__buf *b, uint8_t tag, size_t n)
{
    size_t bytes = lm__der_header_len(n) - 2;

    lm__buf_put_u8(b, tag);
    if (bytes == 0) {
        lm__buf_put_u8(b, (uint8_t)n);
        return;
    }
    lm__buf_put_u8(b, (uint8_t)(0x80 | bytes));
    for (size_t i = bytes; i > 0; i--)
        lm__buf_put_u8(b, (uint8_t)(n >> (8 * (i - 1))));
}

void lm__der_put(struct lm__buf *b, uint8_t tag, const void *p, size_t n)
{
    lm__der_put_header(b, tag, n);
    lm__buf_append(b, p, n);
}
