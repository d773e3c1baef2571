#include <string.h>

#include "core/cursor.h"

void lm__cur_init(struct lm__cursor *c, const void *p, size_t len)
{
    c->p = p;
    c->len = p != NULL ? len : 0;
    c->off = 0;
    c->err = false;
}

lm_status lm__cur_status(const struct lm__cursor *c)
{
    return c->err ? LM_EPROTO : LM_OK;
}

size_t lm__cur_remaining(const struct lm__cursor *c)
{
    return c->err ? 0 : c->len - c->off;
}

/* The one bounds check every read goes through. */
static const uint8_t *need(struct lm__cursor *c, size_t n)
{
    const uint8_t *p;

    if (c->err || n > c->len - c->off) {
        c->err = true;
        return NULL;
    }
    p = c->p + c->off;
    c->off += n;
    return p;
}

uint8_t lm__cur_u8(struct lm__cursor *c)
{
    const uint8_t *p = need(c, 1);
    return p != NULL ? p[0] : 0;
}

uint16_t lm__cur_u16(struct lm__cursor *c)
{
    const uint8_t *p = need(c, 2);
    return p != NULL ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

uint32_t lm__cur_u32(struct lm__cursor *c)
{
    const uint8_t *p = need(c, 4);
    return p != NULL ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 : 0;
}

uint64_t lm__cur_u64(struct lm__cursor *c)
{
    uint64_t lo = lm__cur_u32(c);
    uint64_t hi = lm__cur_u32(c);
    return c->err ? 0 : lo | hi << 32;
}

uint16_t lm__cur_u16be(struct lm__cursor *c)
{
    const uint8_t *p = need(c, 2);
    return p != NULL ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

uint32_t lm__cur_u32be(struct lm__cursor *c)
{
    const uint8_t *p = need(c, 4);
    return p != NULL ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3] : 0;
}

void lm__cur_copy(struct lm__cursor *c, void *dst, size_t n)
{
    const uint8_t *p = need(c, n);

    if (p != NULL)
        memcpy(dst, p, n);
    else if (n > 0)
        memset(dst, 0, n);
}

const uint8_t *lm__cur_take(struct lm__cursor *c, size_t n)
{
    return need(c, n);
}

void lm__cur_skip(struct lm__cursor *c, size_t n)
{
    (void)need(c, n);
}

void lm__cur_align(struct lm__cursor *c, size_t align)
{
    size_t rem;

    if (c->err || align <= 1)
        return;
    rem = c->off & (align - 1);
    if (rem != 0)
        (void)need(c, align - rem);
}

void lm__cur_seek(struct lm__cursor *c, size_t off)
{
    if (c->err || off > c->len)
        c->err = true;
    else
        c->off = off;
}

bool lm__cur_sub(struct lm__cursor *c, size_t off, size_t len, struct lm__cursor *sub)
{
    if (c->err || off > c->len || len > c->len - off) {
        c->err = true;
        lm__cur_init(sub, NULL, 0);
        sub->err = true;
        return false;
    }
    lm__cur_init(sub, c->p + off, len);
    return true;
}
