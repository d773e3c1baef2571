/* NDR 2.0 primitives against hand-laid bytes (C706 chapter 14), and hostile strings and counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "rpc/ndr.h"
#include "testlib.h"

static void push_aligns_scalars(void)
{
    struct lm__buf b;
    struct lm__ndr_push n;

    lm__buf_init(&b, 256);
    lm__ndr_push_init(&n, &b);
    lm__ndr_put_u8(&n, 1);
    lm__ndr_put_u16(&n, 0x0302);
    lm__ndr_put_u8(&n, 4);
    lm__ndr_put_u32(&n, 0x08070605);
    LMT_EQ(lm__ndr_push_status(&n), LM_OK);
    /* C706 14.2.2: every primitive on its natural boundary, counted from the start of the stub. */
    lmt_same_hex(b.data, b.len, "01 00 02 03 04 00 00 00 05 06 07 08");
    lm__buf_free(&b);
}

static void push_pointers_and_strings(void)
{
    struct lm__buf b;
    struct lm__ndr_push n;
    int obj1, obj2;

    lm__buf_init(&b, 256);
    lm__ndr_push_init(&n, &b);
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_ptr(&n, false);
    lm__ndr_put_ptr_wstr(&n, "ab");
    LMT_TRUE(lm__ndr_put_full_ptr(&n, &obj1));
    LMT_TRUE(!lm__ndr_put_full_ptr(&n, &obj1)); /* the same object: same id, pointee not again */
    LMT_TRUE(lm__ndr_put_full_ptr(&n, &obj2));
    LMT_TRUE(!lm__ndr_put_full_ptr(&n, NULL));
    lm__ndr_put_conf_bytes(&n, "\xAA\xBB\xCC", 3);
    lm__ndr_put_u32(&n, 9);
    LMT_EQ(lm__ndr_push_status(&n), LM_OK);
    lmt_same_hex(b.data, b.len,
                 "00 00 02 00 "                                     /* unique pointer: first referent id */
                 "00 00 00 00 "                                     /* NULL */
                 "04 00 02 00 03 00 00 00 00 00 00 00 03 00 00 00 " /* ptr, max 3, offset 0, actual 3 */
                 "61 00 62 00 00 00 00 00 "                         /* "ab" NUL, pad to 4 */
                 "08 00 02 00 08 00 02 00 0c 00 02 00 00 00 00 00 " /* full pointers */
                 "03 00 00 00 aa bb cc 00 "                         /* conformant bytes, pad */
                 "09 00 00 00");
    lm__buf_free(&b);
}

static void push_wstr_unicode(void)
{
    struct lm__buf b;
    struct lm__ndr_push n;

    lm__buf_init(&b, 256);
    lm__ndr_push_init(&n, &b);
    lm__ndr_put_wstr(&n, "\xC3\xA9\xF0\x9F\x98\x80"); /* U+00E9 U+1F600: 3 units + NUL */
    LMT_EQ(lm__ndr_push_status(&n), LM_OK);
    lmt_same_hex(b.data, b.len, "04 00 00 00 00 00 00 00 04 00 00 00 e9 00 3d d8 00 de 00 00");
    lm__buf_reset(&b);
    lm__ndr_put_wstr(&n, "bad\xC3");
    LMT_EQ(lm__ndr_push_status(&n), LM_EILSEQ);
    lm__buf_free(&b);
}

/* A push into a buffer whose cap is reached fails, and stays failed. */
static void push_respects_the_cap(void)
{
    struct lm__buf b;
    struct lm__ndr_push n;

    lm__buf_init(&b, 10);
    lm__ndr_push_init(&n, &b);
    lm__ndr_put_wstr(&n, "abcdef");
    LMT_EQ(lm__ndr_push_status(&n), LM_EOVERFLOW);
    lm__ndr_put_u32(&n, 1);
    LMT_EQ(lm__ndr_push_status(&n), LM_EOVERFLOW);
    lm__buf_free(&b);
}

static void pull_scalars_align(void)
{
    size_t len;
    uint8_t *p = lmt_unhex("01 00 02 03 04 00 00 00 05 06 07 08", &len);
    struct lm__ndr d;

    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_u8(&d), 1);
    LMT_EQ(lm__ndr_u16(&d), 0x0302);
    LMT_EQ(lm__ndr_u8(&d), 4);
    LMT_EQ(lm__ndr_u32(&d), 0x08070605);
    LMT_EQ(lm__ndr_status(&d), LM_OK);
    LMT_EQ(lm__ndr_u32(&d), 0); /* past the end: zero, and the error sticks */
    LMT_EQ(lm__ndr_status(&d), LM_EPROTO);
    free(p);
}

/* [string] wchar_t*: what is accepted and what is refused. */
static const struct {
    const char *hex;
    lm_status want;
    const char *text;
} wstr_cases[] = {
    {"03 00 00 00 00 00 00 00 03 00 00 00 61 00 62 00 00 00", LM_OK, "ab"},
    {"01 00 00 00 00 00 00 00 01 00 00 00 00 00", LM_OK, ""},
    /* max_count larger than actual_count is allowed */
    {"10 00 00 00 00 00 00 00 02 00 00 00 e9 00 00 00", LM_OK, "\xC3\xA9"},
    {"04 00 00 00 00 00 00 00 04 00 00 00 e9 00 3d d8 00 de 00 00", LM_OK, "\xC3\xA9\xF0\x9F\x98\x80"},
    /* offset must be 0 */
    {"03 00 00 00 01 00 00 00 02 00 00 00 61 00 00 00", LM_EPROTO, NULL},
    /* actual_count > max_count */
    {"02 00 00 00 00 00 00 00 03 00 00 00 61 00 62 00 00 00", LM_EPROTO, NULL},
    /* actual_count 0: no terminator */
    {"00 00 00 00 00 00 00 00 00 00 00 00", LM_EPROTO, NULL},
    /* no terminating NUL */
    {"02 00 00 00 00 00 00 00 02 00 00 00 61 00 62 00", LM_EPROTO, NULL},
    /* a NUL inside */
    {"03 00 00 00 00 00 00 00 03 00 00 00 61 00 00 00 00 00", LM_EPROTO, NULL},
    /* truncated units */
    {"03 00 00 00 00 00 00 00 03 00 00 00 61 00 62", LM_EPROTO, NULL},
    /* a count far beyond the bytes: refused before anything is allocated */
    {"ff ff ff 7f 00 00 00 00 ff ff ff 7f 61 00 00 00", LM_EPROTO, NULL},
    {"ff ff ff ff 00 00 00 00 ff ff ff ff 61 00 00 00", LM_EPROTO, NULL},
    /* a lone surrogate */
    {"02 00 00 00 00 00 00 00 02 00 00 00 00 d8 00 00", LM_EILSEQ, NULL},
    /* truncated header */
    {"03 00 00 00 00 00 00 00", LM_EPROTO, NULL},
};

static void pull_wstr_table(void)
{
    for (size_t i = 0; i < sizeof wstr_cases / sizeof wstr_cases[0]; i++) {
        size_t len;
        uint8_t *p = lmt_unhex(wstr_cases[i].hex, &len);
        struct lm__ndr d;
        char *s = NULL;
        lm_status st;

        lm__ndr_init(&d, p, len);
        st = lm__ndr_wstr(&d, &s);
        free(p);
        if (st != wstr_cases[i].want)
            fprintf(stderr, "wstr case %zu: %s\n", i, lm_err_name(st));
        LMT_EQ(st, wstr_cases[i].want);
        LMT_EQ(lm__ndr_status(&d), st);
        if (st == LM_OK) {
            LMT_STR(s, wstr_cases[i].text);
            free(s);
        } else {
            LMT_PTR_NULL(s);
        }
    }
}

static void pull_counts_are_bounded(void)
{
    size_t len;
    uint8_t *p = lmt_unhex("03 00 00 00 aa bb cc dd ee ff 00 11", &len);
    struct lm__ndr d;
    uint8_t *bytes = NULL;
    size_t n = 0;

    /* 3 elements of 4 bytes do not fit in the 8 bytes left */
    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_count(&d, 4, 100), 0);
    LMT_EQ(lm__ndr_status(&d), LM_EPROTO);
    /* ... 3 of 2 do; but not when the caller's maximum is 2 */
    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_count(&d, 2, 100), 3);
    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_count(&d, 2, 2), 0);
    LMT_EQ(lm__ndr_status(&d), LM_EPROTO);
    /* conformant bytes: max_count must be the size_is value */
    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_conf_bytes(&d, 3, &bytes, &n), LM_OK);
    LMT_EQ(n, 3);
    LMT_MEM(bytes, "\xAA\xBB\xCC", 3);
    free(bytes);
    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_conf_bytes(&d, 4, &bytes, &n), LM_EPROTO);
    free(p);
}

static void pull_full_pointers(void)
{
    size_t len;
    uint8_t *p = lmt_unhex("00 00 02 00 00 00 02 00 04 00 02 00 00 00 00 00", &len);
    struct lm__ndr d;
    bool first;

    lm__ndr_init(&d, p, len);
    LMT_EQ(lm__ndr_full_ptr(&d, &first), 0x20000);
    LMT_TRUE(first);
    LMT_EQ(lm__ndr_full_ptr(&d, &first), 0x20000);
    LMT_TRUE(!first);
    LMT_EQ(lm__ndr_full_ptr(&d, &first), 0x20004);
    LMT_TRUE(first);
    LMT_EQ(lm__ndr_full_ptr(&d, &first), 0);
    LMT_TRUE(!first);
    LMT_EQ(lm__ndr_status(&d), LM_OK);
    free(p);
}

/* More distinct full pointers than we remember is an error, not a growing list. */
static void pull_full_pointers_are_bounded(void)
{
    uint8_t p[4 * (LM__NDR_FULL_MAX + 1)];
    struct lm__ndr d;
    bool first;

    for (size_t i = 0; i <= LM__NDR_FULL_MAX; i++) {
        uint32_t id = 0x20000u + 4u * (uint32_t)i;
        memcpy(p + 4 * i, (uint8_t[]){(uint8_t)id, (uint8_t)(id >> 8), (uint8_t)(id >> 16), 0}, 4);
    }
    lm__ndr_init(&d, p, sizeof p);
    for (size_t i = 0; i < LM__NDR_FULL_MAX; i++)
        lm__ndr_full_ptr(&d, &first);
    LMT_EQ(lm__ndr_status(&d), LM_OK);
    lm__ndr_full_ptr(&d, &first);
    LMT_EQ(lm__ndr_status(&d), LM_EOVERFLOW);
}

static const struct lmt_test ndr_tests[] = {
    LMT_TEST(push_aligns_scalars),
    LMT_TEST(push_pointers_and_strings),
    LMT_TEST(push_wstr_unicode),
    LMT_TEST(push_respects_the_cap),
    LMT_TEST(pull_scalars_align),
    LMT_TEST(pull_wstr_table),
    LMT_TEST(pull_counts_are_bounded),
    LMT_TEST(pull_full_pointers),
    LMT_TEST(pull_full_pointers_are_bounded),
    LMT_END,
};
const struct lmt_suite lmt_suite_ndr = {"ndr", NULL, NULL, NULL, ndr_tests};
