#include <stdlib.h>
#include <string.h>

#include "core/utf.h"

/* Strings we convert are names, paths and comments: no legitimate one is near this. */
#define UTF_MAX_BYTES ((size_t)64 * 1024 * 1024)

size_t lm__utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint32_t c, min;
    size_t len;

    if (n == 0)
        return 0;
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0; /* continuation byte or 0xF8..0xFF as a lead */
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t lm__utf8_encode(uint32_t cp, uint8_t out[4])
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | cp >> 6);
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | cp >> 12);
        out[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (uint8_t)(0xF0 | cp >> 18);
        out[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        out[3] = (uint8_t)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool lm__utf8_valid(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t cp;

    for (size_t i = 0; i < n;) {
        size_t k = lm__utf8_decode(p + i, n - i, &cp);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

lm_status lm__utf8_to_utf16le(const char *s, size_t n, struct lm__buf *out)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t cp;

    for (size_t i = 0; i < n;) {
        size_t k = lm__utf8_decode(p + i, n - i, &cp);
        if (k == 0)
            return LM_EILSEQ;
        i += k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            lm__buf_put_u16(out, (uint16_t)(0xD800 | cp >> 10));
            lm__buf_put_u16(out, (uint16_t)(0xDC00 | (cp & 0x3FF)));
        } else {
            lm__buf_put_u16(out, (uint16_t)cp);
        }
    }
    return lm__buf_status(out);
}

/* UTF-16LE to UTF-8: written to dst when it is not NULL (room for *len bytes, as a first call without dst
 * counted), its length in *len either way. */
static lm_status utf16le_walk(const uint8_t *p, size_t nbytes, uint8_t *dst, size_t *len)
{
    size_t n = 0;

    if (nbytes % 2 != 0)
        return LM_EILSEQ;
    for (size_t i = 0; i < nbytes; i += 2) {
        uint32_t cp = (uint32_t)(p[i] | p[i + 1] << 8);
        uint8_t enc[4];
        size_t k;

        if (cp < 0x80) { /* names, paths and remarks are mostly ASCII */
            if (dst != NULL)
                dst[n] = (uint8_t)cp;
            n++;
            continue;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (nbytes - i < 4)
                return LM_EILSEQ;
            lo = (uint32_t)(p[i + 2] | p[i + 3] << 8);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return LM_EILSEQ;
            cp = 0x10000 + ((cp - 0xD800) << 10 | (lo - 0xDC00));
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return LM_EILSEQ;
        }
        k = lm__utf8_encode(cp, enc);
        if (dst != NULL)
            memcpy(dst + n, enc, k);
        n += k;
    }
    *len = n;
    return LM_OK;
}

lm_status lm__utf16le_to_utf8(const uint8_t *p, size_t nbytes, struct lm__buf *out)
{
    size_t len;
    uint8_t *dst;
    lm_status st = utf16le_walk(p, nbytes, NULL, &len);

    if (st != LM_OK || len == 0)
        return st != LM_OK ? st : lm__buf_status(out);
    if ((dst = lm__buf_extend(out, len)) == NULL)
        return lm__buf_status(out);
    return utf16le_walk(p, nbytes, dst, &len);
}

lm_status lm__utf16le_dup(const char *s, uint8_t **out, size_t *nbytes)
{
    struct lm__buf b;
    lm_status st;
    size_t len;
    uint8_t *p;

    lm__buf_init(&b, UTF_MAX_BYTES);
    st = lm__utf8_to_utf16le(s, strlen(s), &b);
    lm__buf_put_u16(&b, 0);
    if (st == LM_OK)
        st = lm__buf_status(&b);
    p = st == LM_OK ? lm__buf_take(&b, &len) : NULL;
    if (p == NULL) {
        lm__buf_free(&b);
        return st != LM_OK ? st : LM_ENOMEM;
    }
    if (nbytes != NULL)
        *nbytes = len - 2;
    *out = p;
    return LM_OK;
}

/* Counted first, then allocated to its size: a list of 10,000 shares decodes 30,000 short strings, which a
 * growing buffer would give 64 bytes each. */
lm_status lm__utf8_dup(const uint8_t *p, size_t nbytes, char **out)
{
    size_t len;
    char *s;
    lm_status st = utf16le_walk(p, nbytes, NULL, &len);

    if (st != LM_OK)
        return st;
    if (len > UTF_MAX_BYTES)
        return LM_EOVERFLOW;
    if ((s = malloc(len + 1)) == NULL)
        return LM_ENOMEM;
    utf16le_walk(p, nbytes, (uint8_t *)s, &len);
    s[len] = '\0';
    *out = s;
    return LM_OK;
}

uint32_t lm__ucs_fold(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        /* Latin Extended-A pairs upper/lower as even/odd, except 0x139..0x148 and 0x179..0x17E, which pair
         * odd/even; 0x130, 0x131, 0x138 and 0x149 have no simple pair; 0x178 is Y with diaeresis. */
        if (c == 0x178)
            return 0xFF;
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
            return c;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? c + 1 : c;
        return (c & 1) ? c : c + 1;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) /* Greek capitals */
        return c + 32;
    if (c >= 0x410 && c <= 0x42F) /* Cyrillic А..Я */
        return c + 32;
    if (c >= 0x400 && c <= 0x40F) /* Cyrillic Ѐ..Џ */
        return c + 80;
    return c;
}
