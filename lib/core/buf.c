#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

void lm__buf_init(struct lm__buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    /* Keeps len + n + 1 (the NUL slot) from overflowing. */
    b->max = max < SIZE_MAX - 1 ? max : SIZE_MAX - 1;
    b->err = LM_OK;
}

void lm__buf_free(struct lm__buf *b)
{
    free(b->data);
    lm__buf_init(b, b->max);
}

void lm__buf_reset(struct lm__buf *b)
{
    b->len = 0;
    b->err = LM_OK;
}

lm_status lm__buf_status(const struct lm__buf *b)
{
    return b->err;
}

lm_status lm__buf_reserve(struct lm__buf *b, size_t n)
{
    size_t want, nalloc;
    uint8_t *p;

    if (b->err != LM_OK)
        return b->err;
    /* One byte more than asked is always kept for the NUL that lm__buf_take() adds. */
    if (n > b->max - b->len)
        return b->err = LM_EOVERFLOW;
    want = b->len + n + 1;
    if (want <= b->alloc)
        return LM_OK;
    nalloc = b->alloc != 0 ? b->alloc : 64;
    while (nalloc < want)
        nalloc = nalloc > SIZE_MAX / 2 ? want : nalloc * 2;
    if (nalloc > b->max + 1)
        nalloc = b->max + 1;
    p = realloc(b->data, nalloc);
    if (p == NULL)
        return b->err = LM_ENOMEM;
    b->data = p;
    b->alloc = nalloc;
    return LM_OK;
}

uint8_t *lm__buf_extend(struct lm__buf *b, size_t n)
{
    uint8_t *p;

    if (lm__buf_reserve(b, n) != LM_OK)
        return NULL;
    p = b->data + b->len;
    memset(p, 0, n);
    b->len += n;
    return p;
}

void lm__buf_append(struct lm__buf *b, const void *src, size_t n)
{
    uint8_t *p;

    if (n == 0)
        return;
    p = lm__buf_extend(b, n);
    if (p != NULL)
        memcpy(p, src, n);
}

void lm__buf_put_u8(struct lm__buf *b, uint8_t v)
{
    lm__buf_append(b, &v, 1);
}

void lm__buf_put_u16(struct lm__buf *b, uint16_t v)
{
    uint8_t t[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    lm__buf_append(b, t, sizeof t);
}

void lm__buf_put_u32(struct lm__buf *b, uint32_t v)
{
    uint8_t t[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    lm__buf_append(b, t, sizeof t);
}

void lm__buf_put_u64(struct lm__buf *b, uint64_t v)
{
    lm__buf_put_u32(b, (uint32_t)v);
    lm__buf_put_u32(b, (uint32_t)(v >> 32));
}

void lm__buf_put_u16be(struct lm__buf *b, uint16_t v)
{
    uint8_t t[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    lm__buf_append(b, t, sizeof t);
}

void lm__buf_put_u32be(struct lm__buf *b, uint32_t v)
{
    uint8_t t[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    lm__buf_append(b, t, sizeof t);
}

void lm__buf_pad(struct lm__buf *b, size_t align)
{
    size_t rem;

    if (align <= 1)
        return;
    rem = b->len & (align - 1);
    if (rem != 0)
        (void)lm__buf_extend(b, align - rem);
}

/* Writes n bytes of v little-endian at off, all or nothing. */
static void patch(struct lm__buf *b, size_t off, size_t n, uint32_t v)
{
    if (b->err != LM_OK)
        return;
    if (off > b->len || b->len - off < n) {
        b->err = LM_EINVAL;
        return;
    }
    for (size_t i = 0; i < n; i++)
        b->data[off + i] = (uint8_t)(v >> (8 * i));
}

void lm__buf_set_u16(struct lm__buf *b, size_t off, uint16_t v)
{
    patch(b, off, 2, v);
}

void lm__buf_set_u32(struct lm__buf *b, size_t off, uint32_t v)
{
    patch(b, off, 4, v);
}

uint8_t *lm__buf_take(struct lm__buf *b, size_t *len)
{
    uint8_t *p;

    if (b->err != LM_OK || lm__buf_reserve(b, 0) != LM_OK)
        return NULL;
    p = b->data;
    p[b->len] = '\0';
    if (len != NULL)
        *len = b->len;
    lm__buf_init(b, b->max);
    return p;
}

void lm__memzero(void *p, size_t n)
{
    /* A volatile function pointer: the compiler cannot prove the call is memset, so it cannot drop it. */
    static void *(*const volatile memset_v)(void *, int, size_t) = memset;
    memset_v(p, 0, n);
}
