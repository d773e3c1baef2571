#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define STRLIST_MAX_ITEMS 65536

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int lm__ascii_casecmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

    while (*p != '\0' && ascii_lower(*p) == ascii_lower(*q))
        p++, q++;
    return ascii_lower(*p) - ascii_lower(*q);
}

int lm__hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

lm_status lm__parse_u64(const char *s, size_t n, bool hex_ok, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    bool big = false;

    if (n == 0)
        return LM_EINVAL;
    if (hex_ok && n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (size_t i = 2; i < n; i++) {
            int d = lm__hex_digit(s[i]);
            if (d < 0)
                return LM_EINVAL;
            if (v > UINT64_MAX >> 4)
                big = true;
            v = v << 4 | (uint64_t)d;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return LM_EINVAL;
            if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
                big = true;
            v = v * 10 + (uint64_t)(s[i] - '0');
        }
    }
    if (big || v > max)
        return LM_ERANGE;
    *out = v;
    return LM_OK;
}

lm_status lm__strlist_push(struct lm__strlist *l, const char *s, size_t len)
{
    char **v;
    char *copy;

    if (l->n >= STRLIST_MAX_ITEMS)
        return LM_EOVERFLOW;
    if (memchr(s, '\0', len) != NULL)
        return LM_EINVAL;
    copy = malloc(len + 1);
    if (copy == NULL)
        return LM_ENOMEM;
    memcpy(copy, s, len);
    copy[len] = '\0';
    v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (v == NULL) {
        free(copy);
        return LM_ENOMEM;
    }
    v[l->n++] = copy;
    l->v = v;
    return LM_OK;
}

lm_status lm__strlist_push2(struct lm__strlist *l, const char *prefix, const char *s)
{
    size_t a = strlen(prefix), b = strlen(s);
    char *tmp = malloc(a + b + 1);
    lm_status st;

    if (tmp == NULL)
        return LM_ENOMEM;
    memcpy(tmp, prefix, a);
    memcpy(tmp + a, s, b + 1);
    st = lm__strlist_push(l, tmp, a + b);
    free(tmp);
    return st;
}

void lm__strlist_free(struct lm__strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

lm_status lm__fail(lm_error *err, lm_status st, const char *fmt, ...)
{
    char msg[LM_ERROR_MESSAGE_MAX];
    va_list ap;

    if (err != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        lm_error_set(err, st, LM_RAW_NONE, 0, "%s", msg);
    }
    return st;
}
