#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/regval.h"
#include "core/utf.h"

/* Registry values are at most about 1 MB in practice (Microsoft's "Registry element size limits"); a
 * peer's value may not make us allocate much more than that. */
#define REGVAL_MAX_BYTES ((size_t)16 * 1024 * 1024)

static const struct {
    uint32_t type;
    const char *name;
} regtypes[] = {
    {LM_REG_NONE, "REG_NONE"},
    {LM_REG_SZ, "REG_SZ"},
    {LM_REG_EXPAND_SZ, "REG_EXPAND_SZ"},
    {LM_REG_BINARY, "REG_BINARY"},
    {LM_REG_DWORD, "REG_DWORD"},
    {LM_REG_DWORD_BIG_ENDIAN, "REG_DWORD_BIG_ENDIAN"},
    {LM_REG_LINK, "REG_LINK"},
    {LM_REG_MULTI_SZ, "REG_MULTI_SZ"},
    {LM_REG_RESOURCE_LIST, "REG_RESOURCE_LIST"},
    {LM_REG_FULL_RESOURCE_DESCRIPTOR, "REG_FULL_RESOURCE_DESCRIPTOR"},
    {LM_REG_RESOURCE_REQUIREMENTS_LIST, "REG_RESOURCE_REQUIREMENTS_LIST"},
    {LM_REG_QWORD, "REG_QWORD"},
    /* Aliases winnt.h defines; names map to types, never back. */
    {LM_REG_DWORD, "REG_DWORD_LITTLE_ENDIAN"},
    {LM_REG_QWORD, "REG_QWORD_LITTLE_ENDIAN"},
};

const char *lm__regtype_name(uint32_t type)
{
    for (size_t i = 0; i < sizeof regtypes / sizeof regtypes[0]; i++) {
        if (regtypes[i].type == type)
            return regtypes[i].name;
    }
    return NULL;
}

const char *lm_reg_type_name(lm_reg_type t)
{
    return lm__regtype_name((uint32_t)t);
}

lm_status lm__regtype_parse(const char *name, uint32_t *type)
{
    for (size_t i = 0; i < sizeof regtypes / sizeof regtypes[0]; i++) {
        if (lm__ascii_casecmp(regtypes[i].name, name) == 0) {
            *type = regtypes[i].type;
            return LM_OK;
        }
    }
    return LM_EINVAL;
}

void lm__regval_free(struct lm__regval *v)
{
    free(v->data);
    v->data = NULL;
    v->len = 0;
}

#define fail lm__fail

/* Moves the buffer's contents into *out, or frees the buffer on error. */
static lm_status finish(struct lm__buf *b, uint32_t type, struct lm__regval *out, lm_error *err)
{
    lm_status st = lm__buf_status(b);
    size_t len;
    uint8_t *p;

    if (st != LM_OK) {
        lm__buf_free(b);
        return fail(err, st, "%s", st == LM_EOVERFLOW ? "value too large" : "out of memory");
    }
    p = lm__buf_take(b, &len);
    if (p == NULL) {
        lm__buf_free(b);
        return fail(err, LM_ENOMEM, "%s", "out of memory");
    }
    out->type = type;
    out->data = p;
    out->len = len;
    return LM_OK;
}

static lm_status put_string(struct lm__buf *b, const char *s, size_t n, lm_error *err)
{
    lm_status st = lm__utf8_to_utf16le(s, n, b);

    if (st == LM_EILSEQ)
        return fail(err, st, "%s", "the text is not valid UTF-8");
    lm__buf_put_u16(b, 0);
    return lm__buf_status(b);
}

static lm_status multisz_build(const char *const *items, size_t n, struct lm__buf *b, lm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        lm_status st;

        if (items[i][0] == '\0')
            return fail(err, LM_EINVAL, "%s", "a REG_MULTI_SZ element cannot be empty");
        st = put_string(b, items[i], strlen(items[i]), err);
        if (st != LM_OK)
            return st;
    }
    lm__buf_put_u16(b, 0);
    return lm__buf_status(b);
}

lm_status lm__regval_from_list(const char *const *items, size_t n, struct lm__regval *out, lm_error *err)
{
    struct lm__buf b;
    lm_status st;

    lm__buf_init(&b, REGVAL_MAX_BYTES);
    st = multisz_build(items, n, &b, err);
    if (st != LM_OK) {
        lm__buf_free(&b);
        return st;
    }
    return finish(&b, LM_REG_MULTI_SZ, out, err);
}

static lm_status multisz_from_text(const char *text, struct lm__regval *out, lm_error *err)
{
    struct lm__strlist l = {0};
    lm_status st = LM_OK;
    const char *p = text;

    while (*text != '\0' && st == LM_OK) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

        if (len == 0) {
            lm__strlist_free(&l);
            return fail(err, LM_EINVAL, "%s", "a REG_MULTI_SZ element cannot be empty");
        }
        st = lm__strlist_push(&l, p, len);
        if (nl == NULL)
            break;
        p = nl + 1;
        if (*p == '\0') {
            lm__strlist_free(&l);
            return fail(err, LM_EINVAL, "%s", "a REG_MULTI_SZ element cannot be empty");
        }
    }
    if (st == LM_OK)
        st = lm__regval_from_list((const char *const *)l.v, l.n, out, err);
    else
        fail(err, st, "%s", lm_strerror(st));
    lm__strlist_free(&l);
    return st;
}

static lm_status binary_from_text(uint32_t type, const char *text, struct lm__regval *out, lm_error *err)
{
    struct lm__buf b;

    lm__buf_init(&b, REGVAL_MAX_BYTES);
    for (const char *p = text; *p != '\0';) {
        int hi, lo;

        if (*p == ' ' || *p == ',' || *p == ':') {
            p++;
            continue;
        }
        hi = lm__hex_digit(p[0]);
        lo = hi >= 0 ? lm__hex_digit(p[1]) : -1;
        if (lo < 0) {
            lm__buf_free(&b);
            return fail(err, LM_EINVAL, "'%s' is not hex bytes (pairs of hex digits, e.g. 0a1b)", text);
        }
        lm__buf_put_u8(&b, (uint8_t)(hi << 4 | lo));
        p += 2;
    }
    return finish(&b, type, out, err);
}

lm_status lm__regval_from_text(uint32_t type, const char *text, struct lm__regval *out, lm_error *err)
{
    struct lm__buf b;
    uint64_t v;
    lm_status st;

    switch (type) {
    case LM_REG_SZ:
    case LM_REG_EXPAND_SZ:
        lm__buf_init(&b, REGVAL_MAX_BYTES);
        st = put_string(&b, text, strlen(text), err);
        if (st != LM_OK) {
            lm__buf_free(&b);
            return st;
        }
        return finish(&b, type, out, err);
    case LM_REG_MULTI_SZ:
        return multisz_from_text(text, out, err);
    case LM_REG_DWORD:
    case LM_REG_DWORD_BIG_ENDIAN:
    case LM_REG_QWORD:
        st = lm__parse_u64(text, strlen(text), true, type == LM_REG_QWORD ? UINT64_MAX : UINT32_MAX, &v);
        if (st != LM_OK) {
            if (type == LM_REG_QWORD)
                return fail(err, st, "'%s' is not a number from 0 to 18446744073709551615", text);
            return fail(err, st, "'%s' is not a number from 0 to 4294967295 (0xffffffff)", text);
        }
        lm__buf_init(&b, 8);
        if (type == LM_REG_DWORD)
            lm__buf_put_u32(&b, (uint32_t)v);
        else if (type == LM_REG_DWORD_BIG_ENDIAN)
            lm__buf_put_u32be(&b, (uint32_t)v);
        else
            lm__buf_put_u64(&b, v);
        return finish(&b, type, out, err);
    default:
        return binary_from_text(type, text, out, err);
    }
}

/* UTF-16LE up to the first NUL character (or the end) as UTF-8. */
static lm_status string_to_text(const uint8_t *p, size_t n, char **text, lm_error *err)
{
    size_t chars = n / 2, end = 0;
    lm_status st;

    if (n % 2 != 0)
        return fail(err, LM_EPROTO, "%s", "string value has an odd number of bytes");
    while (end < chars && (p[2 * end] | p[2 * end + 1]) != 0)
        end++;
    st = lm__utf8_dup(p, 2 * end, text);
    if (st == LM_EILSEQ)
        return fail(err, st, "%s", "string value is not valid UTF-16");
    return st;
}

static lm_status list_to_text(const uint8_t *p, size_t n, char **text, lm_error *err)
{
    struct lm__strlist l = {0};
    struct lm__buf b;
    lm_status st = lm__multisz_parse(p, n, &l);

    if (st != LM_OK)
        return fail(err, st, "REG_MULTI_SZ value %s",
                    st == LM_EILSEQ ? "is not valid UTF-16" : "has an odd number of bytes");
    lm__buf_init(&b, REGVAL_MAX_BYTES);
    for (size_t i = 0; i < l.n; i++) {
        if (i > 0)
            lm__buf_put_u8(&b, '\n');
        lm__buf_append(&b, l.v[i], strlen(l.v[i]));
    }
    lm__strlist_free(&l);
    *text = (char *)lm__buf_take(&b, NULL);
    if (*text == NULL) {
        st = lm__buf_status(&b);
        lm__buf_free(&b);
        return fail(err, st != LM_OK ? st : LM_ENOMEM, "%s", "REG_MULTI_SZ value too large");
    }
    return LM_OK;
}

lm_status lm__regval_to_text(const struct lm__regval *v, char **text, lm_error *err)
{
    char num[24], *s;
    const uint8_t *p = v->data;
    size_t need;

    switch (v->type) {
    case LM_REG_SZ:
    case LM_REG_EXPAND_SZ:
        return string_to_text(p, v->len, text, err);
    case LM_REG_MULTI_SZ:
        return list_to_text(p, v->len, text, err);
    case LM_REG_DWORD:
    case LM_REG_DWORD_BIG_ENDIAN:
        if (v->len != 4)
            return fail(err, LM_EPROTO, "%s", "DWORD value is not 4 bytes long");
        snprintf(num, sizeof num, "%lu",
                 (unsigned long)(v->type == LM_REG_DWORD ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                                                               (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
                                                         : (uint32_t)p[3] | (uint32_t)p[2] << 8 |
                                                               (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24));
        break;
    case LM_REG_QWORD: {
        uint64_t q = 0;
        if (v->len != 8)
            return fail(err, LM_EPROTO, "%s", "QWORD value is not 8 bytes long");
        for (int i = 7; i >= 0; i--)
            q = q << 8 | p[i];
        snprintf(num, sizeof num, "%llu", (unsigned long long)q);
        break;
    }
    default:
        if (v->len > REGVAL_MAX_BYTES)
            return fail(err, LM_EOVERFLOW, "%s", "value too large");
        need = v->len * 2 + 1;
        s = malloc(need);
        if (s == NULL)
            return fail(err, LM_ENOMEM, "%s", "out of memory");
        for (size_t i = 0; i < v->len; i++)
            snprintf(s + 2 * i, 3, "%02x", p[i]);
        s[2 * v->len] = '\0';
        *text = s;
        return LM_OK;
    }
    s = malloc(strlen(num) + 1);
    if (s == NULL)
        return fail(err, LM_ENOMEM, "%s", "out of memory");
    memcpy(s, num, strlen(num) + 1);
    *text = s;
    return LM_OK;
}

lm_status lm__multisz_parse(const uint8_t *p, size_t n, struct lm__strlist *out)
{
    struct lm__strlist l = {0};
    size_t i = 0;

    if (n % 2 != 0)
        return LM_EPROTO;
    while (i < n) {
        size_t start = i;
        char *s;
        lm_status st;

        while (i < n && (p[i] | p[i + 1]) != 0)
            i += 2;
        if (i == start) /* the empty string that ends the list */
            break;
        st = lm__utf8_dup(p + start, i - start, &s);
        if (st == LM_OK) {
            st = lm__strlist_push(&l, s, strlen(s));
            free(s);
        }
        if (st != LM_OK) {
            lm__strlist_free(&l);
            return st;
        }
        i += 2; /* past the terminator (or the end, when it is missing) */
    }
    *out = l;
    return LM_OK;
}

lm_status lm__multisz_format(const char *const *items, size_t n, uint8_t **out, size_t *len)
{
    struct lm__regval v;
    lm_status st = lm__regval_from_list(items, n, &v, NULL);

    if (st != LM_OK)
        return st;
    *out = v.data;
    *len = v.len;
    return LM_OK;
}
