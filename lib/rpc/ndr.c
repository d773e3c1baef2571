/* NDR 2.0 marshalling (C706 chapter 14). */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/utf.h"
#include "rpc/ndr.h"

/* A string longer than this (in UTF-16 units) is refused both ways: Windows names, paths and remarks are far
 * shorter, and it bounds what one string may allocate. */
#define NDR_WSTR_MAX 65536u

void lm__ndr_push_init(struct lm__ndr_push *n, struct lm__buf *b)
{
    memset(n, 0, sizeof *n);
    n->b = b;
    n->next_ref = LM__NDR_REF_FIRST;
}

lm_status lm__ndr_push_status(const struct lm__ndr_push *n)
{
    return lm__buf_status(n->b);
}

static void push_fail(struct lm__ndr_push *n, lm_status st)
{
    if (n->b->err == LM_OK)
        n->b->err = st;
}

void lm__ndr_put_u8(struct lm__ndr_push *n, uint8_t v)
{
    lm__buf_put_u8(n->b, v);
}

void lm__ndr_put_u16(struct lm__ndr_push *n, uint16_t v)
{
    lm__buf_pad(n->b, 2);
    lm__buf_put_u16(n->b, v);
}

void lm__ndr_put_u32(struct lm__ndr_push *n, uint32_t v)
{
    lm__buf_pad(n->b, 4);
    lm__buf_put_u32(n->b, v);
}

static uint32_t new_ref(struct lm__ndr_push *n)
{
    uint32_t r = n->next_ref;

    n->next_ref += 4;
    return r;
}

void lm__ndr_put_ptr(struct lm__ndr_push *n, bool present)
{
    lm__ndr_put_u32(n, present ? new_ref(n) : 0);
}

bool lm__ndr_put_full_ptr(struct lm__ndr_push *n, const void *obj)
{
    if (obj == NULL) {
        lm__ndr_put_u32(n, 0);
        return false;
    }
    for (size_t i = 0; i < n->nfull; i++) {
        if (n->full_obj[i] == obj) {
            lm__ndr_put_u32(n, n->full_ref[i]);
            return false;
        }
    }
    if (n->nfull == LM__NDR_FULL_MAX) {
        push_fail(n, LM_EOVERFLOW);
        return false;
    }
    n->full_obj[n->nfull] = obj;
    n->full_ref[n->nfull] = new_ref(n);
    lm__ndr_put_u32(n, n->full_ref[n->nfull++]);
    return true;
}

void lm__ndr_put_wstr(struct lm__ndr_push *n, const char *s)
{
    struct lm__buf w;
    uint32_t units;
    lm_status st;

    lm__buf_init(&w, (size_t)NDR_WSTR_MAX * 2);
    st = lm__utf8_to_utf16le(s, strlen(s), &w);
    if (st != LM_OK) {
        lm__buf_free(&w);
        push_fail(n, st);
        return;
    }
    units = (uint32_t)(w.len / 2) + 1;
    lm__ndr_put_u32(n, units); /* max_count */
    lm__ndr_put_u32(n, 0);     /* offset */
    lm__ndr_put_u32(n, units); /* actual_count */
    lm__buf_append(n->b, w.data, w.len);
    lm__buf_put_u16(n->b, 0);
    lm__buf_free(&w);
}

void lm__ndr_put_ptr_wstr(struct lm__ndr_push *n, const char *s)
{
    lm__ndr_put_ptr(n, s != NULL);
    if (s != NULL)
        lm__ndr_put_wstr(n, s);
}

void lm__ndr_put_conf_bytes(struct lm__ndr_push *n, const void *p, uint32_t len)
{
    lm__ndr_put_u32(n, len);
    if (len > 0)
        lm__buf_append(n->b, p, len);
}

/* ---- decoding ---- */

void lm__ndr_init(struct lm__ndr *d, const void *p, size_t len)
{
    memset(d, 0, sizeof *d);
    lm__cur_init(&d->c, p, len);
}

lm_status lm__ndr_status(const struct lm__ndr *d)
{
    return d->st != LM_OK ? d->st : lm__cur_status(&d->c);
}

lm_status lm__ndr_fail(struct lm__ndr *d, lm_status st)
{
    if (d->st == LM_OK)
        d->st = st;
    return lm__ndr_status(d);
}

size_t lm__ndr_remaining(const struct lm__ndr *d)
{
    return lm__cur_remaining(&d->c);
}

uint8_t lm__ndr_u8(struct lm__ndr *d)
{
    return lm__cur_u8(&d->c);
}

uint16_t lm__ndr_u16(struct lm__ndr *d)
{
    lm__cur_align(&d->c, 2);
    return lm__cur_u16(&d->c);
}

uint32_t lm__ndr_u32(struct lm__ndr *d)
{
    lm__cur_align(&d->c, 4);
    return lm__cur_u32(&d->c);
}

uint32_t lm__ndr_ptr(struct lm__ndr *d)
{
    return lm__ndr_u32(d);
}

uint32_t lm__ndr_full_ptr(struct lm__ndr *d, bool *first)
{
    uint32_t id = lm__ndr_u32(d);

    *first = false;
    if (id == 0 || lm__ndr_status(d) != LM_OK)
        return 0;
    for (size_t i = 0; i < d->nfull; i++) {
        if (d->full_ref[i] == id)
            return id;
    }
    if (d->nfull == LM__NDR_FULL_MAX) {
        lm__ndr_fail(d, LM_EOVERFLOW);
        return 0;
    }
    d->full_ref[d->nfull++] = id;
    *first = true;
    return id;
}

uint32_t lm__ndr_count(struct lm__ndr *d, size_t elem_min, uint32_t max)
{
    uint32_t n = lm__ndr_u32(d);

    if (lm__ndr_status(d) != LM_OK)
        return 0;
    if (n > max || (elem_min > 0 && n > lm__ndr_remaining(d) / elem_min)) {
        lm__ndr_fail(d, LM_EPROTO);
        return 0;
    }
    return n;
}

lm_status lm__ndr_wstr(struct lm__ndr *d, char **out)
{
    uint32_t max = lm__ndr_u32(d);

    return lm__ndr_vwstr(d, max, out);
}

lm_status lm__ndr_vwstr(struct lm__ndr *d, uint32_t max, char **out)
{
    uint32_t off = lm__ndr_u32(d), actual = lm__ndr_u32(d);
    const uint8_t *p;
    lm_status st;

    if (lm__ndr_status(d) != LM_OK)
        return lm__ndr_status(d);
    /* C706 14.3.3.4: offset 0 for a [string]; actual <= max; and the units must be there. */
    if (off != 0 || actual > max || actual == 0 || actual > NDR_WSTR_MAX || actual > lm__ndr_remaining(d) / 2)
        return lm__ndr_fail(d, LM_EPROTO);
    p = lm__cur_take(&d->c, (size_t)actual * 2);
    if (p == NULL)
        return lm__ndr_status(d);
    /* Exactly one NUL, the last unit (C706 14.3.3.4 "[string]"). */
    if (p[2 * (actual - 1)] != 0 || p[2 * (actual - 1) + 1] != 0)
        return lm__ndr_fail(d, LM_EPROTO);
    for (uint32_t i = 0; i + 1 < actual; i++) {
        if (p[2 * i] == 0 && p[2 * i + 1] == 0)
            return lm__ndr_fail(d, LM_EPROTO);
    }
    st = lm__utf8_dup(p, (size_t)(actual - 1) * 2, out);
    if (st != LM_OK)
        return lm__ndr_fail(d, st);
    return LM_OK;
}

lm_status lm__ndr_conf_bytes(struct lm__ndr *d, uint32_t want, uint8_t **out, size_t *len)
{
    uint32_t n = lm__ndr_count(d, 1, UINT32_MAX);
    const uint8_t *p;
    uint8_t *copy = NULL;

    if (lm__ndr_status(d) != LM_OK)
        return lm__ndr_status(d);
    if (n != want)
        return lm__ndr_fail(d, LM_EPROTO);
    p = lm__cur_take(&d->c, n);
    if (p == NULL)
        return lm__ndr_status(d);
    if (n > 0) {
        if ((copy = malloc(n)) == NULL)
            return lm__ndr_fail(d, LM_ENOMEM);
        memcpy(copy, p, n);
    }
    *out = copy;
    *len = n;
    return LM_OK;
}

/* ---- context handles ---- */

void lm__ndr_put_handle(struct lm__ndr_push *n, const struct lm__ndr_handle *h)
{
    lm__buf_pad(n->b, 4);
    lm__buf_append(n->b, h->b, sizeof h->b);
}

void lm__ndr_handle(struct lm__ndr *d, struct lm__ndr_handle *h)
{
    lm__cur_align(&d->c, 4);
    lm__cur_copy(&d->c, h->b, sizeof h->b);
}

bool lm__ndr_handle_is_null(const struct lm__ndr_handle *h)
{
    static const struct lm__ndr_handle zero;

    return memcmp(h->b, zero.b, sizeof h->b) == 0;
}

lm_status lm__ndr_end(struct lm__ndr *d)
{
    if (lm__ndr_status(d) == LM_OK && lm__ndr_remaining(d) != 0)
        lm__ndr_fail(d, LM_EPROTO);
    return lm__ndr_status(d);
}

lm_status lm__ndr_handle_werr(const uint8_t *p, size_t n, struct lm__ndr_handle *h, uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__ndr_handle got;
    lm_status st;

    lm__ndr_init(&d, p, n);
    lm__ndr_handle(&d, &got);
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) == LM_OK)
        *h = got;
    return st;
}

lm_status lm__ndr_werr(const uint8_t *p, size_t n, uint32_t *werr)
{
    struct lm__ndr d;

    lm__ndr_init(&d, p, n);
    *werr = lm__ndr_u32(&d);
    return lm__ndr_end(&d);
}

uint32_t lm__ndr_enum_head(struct lm__ndr *d, uint32_t level, size_t elem_min, uint32_t max)
{
    uint32_t count = 0;

    if (lm__ndr_u32(d) != level || lm__ndr_u32(d) != level)
        lm__ndr_fail(d, LM_EPROTO);
    if (lm__ndr_ptr(d) != 0 && lm__ndr_status(d) == LM_OK) {
        uint32_t entries = lm__ndr_u32(d);

        if (lm__ndr_ptr(d) != 0) {
            count = lm__ndr_count(d, elem_min, max);
            if (lm__ndr_status(d) == LM_OK && count != entries)
                lm__ndr_fail(d, LM_EPROTO);
        } else if (entries != 0) {
            lm__ndr_fail(d, LM_EPROTO);
        }
    }
    return lm__ndr_status(d) == LM_OK ? count : 0;
}

void lm__ndr_enum_tail(struct lm__ndr *d, struct lm__ndr_enum_tail *t)
{
    t->total = lm__ndr_u32(d);
    t->has_resume = lm__ndr_ptr(d) != 0;
    t->resume = t->has_resume ? lm__ndr_u32(d) : 0;
    t->werr = lm__ndr_u32(d);
}

lm_status lm__ndr_enum_next(const struct lm__ndr_enum_tail *t, size_t n, uint32_t *resume, const char *what,
                            lm_error *err)
{
    if (!t->has_resume || n == 0 || t->resume == *resume)
        return lm__fail(err, LM_EPROTO, "%s: ERROR_MORE_DATA without progress", what);
    *resume = t->resume;
    return LM_OK;
}

void lm__ndr_ustr_units(struct lm__ndr *d, uint16_t len, uint16_t max, bool nul_ok, char **out)
{
    uint32_t cmax, off, actual;
    const uint8_t *u;
    lm_status st;

    *out = NULL;
    cmax = lm__ndr_u32(d);
    off = lm__ndr_u32(d);
    actual = lm__ndr_u32(d);
    if (lm__ndr_status(d) != LM_OK)
        return;
    if (len > max || (len & 1) != 0 || cmax != max / 2u || off != 0 || actual != len / 2u) {
        lm__ndr_fail(d, LM_EPROTO);
        return;
    }
    if ((u = lm__cur_take(&d->c, (size_t)actual * 2)) == NULL)
        return;
    if (nul_ok && actual > 0 && u[2 * (actual - 1)] == 0 && u[2 * (actual - 1) + 1] == 0)
        actual--;
    for (uint32_t i = 0; i < actual; i++) {
        if (u[2 * i] == 0 && u[2 * i + 1] == 0) {
            lm__ndr_fail(d, LM_EPROTO);
            return;
        }
    }
    if ((st = lm__utf8_dup(u, (size_t)actual * 2, out)) != LM_OK)
        lm__ndr_fail(d, st);
}
