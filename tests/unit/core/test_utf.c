#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "testlib.h"
#include "core/utf.h"

/* "Données 共有 😀": 2-byte, 3-byte and 4-byte (surrogate pair) sequences. */
static const char utf8_sample[] = "Donn\xC3\xA9"
                                  "es \xE5\x85\xB1\xE6\x9C\x89 \xF0\x9F\x98\x80";
static const uint8_t utf16_sample[] = {'D', 0, 'o',  0,    'n',  0,    'n', 0, 0xE9, 0x00, 'e',  0,   's', 0,
                                       ' ', 0, 0x71, 0x51, 0x09, 0x67, ' ', 0, 0x3D, 0xD8, 0x00, 0xDE};

static void to_utf16_exact_bytes(void)
{
    uint8_t *w;
    size_t n;

    LMT_EQ(lm__utf16le_dup(utf8_sample, &w, &n), LM_OK);
    LMT_EQ(n, sizeof utf16_sample);
    LMT_MEM(w, utf16_sample, n);
    LMT_EQ(w[n], 0); /* two-byte terminator */
    LMT_EQ(w[n + 1], 0);
    free(w);
}

static void to_utf8_exact_bytes(void)
{
    char *s;

    LMT_EQ(lm__utf8_dup(utf16_sample, sizeof utf16_sample, &s), LM_OK);
    LMT_STR(s, utf8_sample);
    free(s);
}

static void empty_strings(void)
{
    uint8_t *w;
    size_t n = 7;
    char *s;

    LMT_EQ(lm__utf16le_dup("", &w, &n), LM_OK);
    LMT_EQ(n, 0);
    LMT_EQ(w[0], 0);
    LMT_EQ(w[1], 0);
    free(w);
    LMT_EQ(lm__utf8_dup((const uint8_t *)"", 0, &s), LM_OK);
    LMT_STR(s, "");
    free(s);
}

static void rejects_invalid_utf8(void)
{
    static const char *const bad[] = {
        "\xC0\xAF",             /* overlong '/' */
        "\xE0\x80\xAF",         /* overlong, 3 bytes */
        "\xF0\x80\x80\xAF",     /* overlong, 4 bytes */
        "\xC1\xBF",             /* overlong 0x7F */
        "\xED\xA0\x80",         /* encoded lone high surrogate U+D800 */
        "\xED\xBF\xBF",         /* U+DFFF */
        "\xF4\x90\x80\x80",     /* U+110000 */
        "\xF8\x88\x80\x80\x80", /* 5-byte form */
        "\x80",                 /* lone continuation */
        "abc\xC3",              /* truncated at end */
        "\xE5\x85",             /* truncated 3-byte */
        "\xE5\x41\xB1",         /* bad continuation */
        "\xFF",
    };
    uint8_t *w = NULL;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LMT_TRUE(!lm__utf8_valid(bad[i], strlen(bad[i])));
        LMT_EQ(lm__utf16le_dup(bad[i], &w, NULL), LM_EILSEQ);
        LMT_PTR_NULL(w); /* out-parameter untouched on failure */
    }
}

static void accepts_boundaries(void)
{
    /* U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF */
    static const char ok[] = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBD"
                             "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    uint8_t *w;
    size_t n;
    char *back;

    LMT_TRUE(lm__utf8_valid(ok, strlen(ok)));
    LMT_EQ(lm__utf16le_dup(ok, &w, &n), LM_OK);
    LMT_EQ(n, 2 * (7 + 2 * 2));
    /* U+10FFFF is DBFF DFFF */
    LMT_EQ(w[n - 4], 0xFF);
    LMT_EQ(w[n - 3], 0xDB);
    LMT_EQ(w[n - 2], 0xFF);
    LMT_EQ(w[n - 1], 0xDF);
    LMT_EQ(lm__utf8_dup(w, n, &back), LM_OK);
    LMT_STR(back, ok);
    free(back);
    free(w);
}

static void rejects_invalid_utf16(void)
{
    static const uint8_t lone_high[] = {0x3D, 0xD8, 'a', 0};
    static const uint8_t lone_high_end[] = {'a', 0, 0x3D, 0xD8};
    static const uint8_t lone_low[] = {0x00, 0xDE, 'a', 0};
    static const uint8_t high_high[] = {0x3D, 0xD8, 0x3D, 0xD8};
    static const uint8_t odd[] = {'a', 0, 'b'};
    char *s = NULL;

    LMT_EQ(lm__utf8_dup(lone_high, sizeof lone_high, &s), LM_EILSEQ);
    LMT_EQ(lm__utf8_dup(lone_high_end, sizeof lone_high_end, &s), LM_EILSEQ);
    LMT_EQ(lm__utf8_dup(lone_low, sizeof lone_low, &s), LM_EILSEQ);
    LMT_EQ(lm__utf8_dup(high_high, sizeof high_high, &s), LM_EILSEQ);
    LMT_EQ(lm__utf8_dup(odd, sizeof odd, &s), LM_EILSEQ);
    LMT_PTR_NULL(s);
}

static void embedded_nul_is_kept(void)
{
    static const uint8_t w[] = {'a', 0, 0, 0, 'b', 0};
    struct lm__buf b;

    lm__buf_init(&b, 64);
    LMT_EQ(lm__utf16le_to_utf8(w, sizeof w, &b), LM_OK);
    LMT_EQ(b.len, 3);
    LMT_MEM(b.data, "a\0b", 3);
    lm__buf_free(&b);
}

/* Bad UTF-16 is refused before anything is written: what the buffer held stays as it was. */
static void invalid_utf16_appends_nothing(void)
{
    static const uint8_t a_then_lone_low[] = {'a', 0, 0x00, 0xDE};
    struct lm__buf b;

    lm__buf_init(&b, 64);
    lm__buf_put_u8(&b, 'x');
    LMT_EQ(lm__utf16le_to_utf8(a_then_lone_low, sizeof a_then_lone_low, &b), LM_EILSEQ);
    LMT_EQ(b.len, 1);
    LMT_EQ(b.data[0], 'x');
    lm__buf_free(&b);
}

/* A decoded string takes the bytes it needs, not a growing buffer's 64: 30,000 of them in a list of 10,000
 * shares. */
static void to_utf8_sized_to_fit(void)
{
#ifdef __GLIBC__
    static const uint8_t ab[] = {'a', 0, 'b', 0};
    char *s;

    LMT_EQ(lm__utf8_dup(ab, sizeof ab, &s), LM_OK);
    LMT_STR(s, "ab");
    LMT_TRUE(malloc_usable_size(s) < 32);
    free(s);
#endif
}

static void conversion_respects_the_cap(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 5); /* "abc" needs 6 bytes of UTF-16 */
    LMT_EQ(lm__utf8_to_utf16le("abc", 3, &b), LM_EOVERFLOW);
    lm__buf_free(&b);
}

static void encode_decode_single(void)
{
    uint8_t out[4];
    uint32_t cp;

    LMT_EQ(lm__utf8_encode(0xD800, out), 0);
    LMT_EQ(lm__utf8_encode(0x110000, out), 0);
    LMT_EQ(lm__utf8_encode(0x20AC, out), 3);
    LMT_EQ(lm__utf8_decode(out, 3, &cp), 3);
    LMT_EQ(cp, 0x20AC);
    LMT_EQ(lm__utf8_decode(out, 2, &cp), 0);
    LMT_EQ(lm__utf8_decode(out, 0, &cp), 0);
}

static void case_folding(void)
{
    LMT_EQ(lm__ucs_fold('A'), 'a');
    LMT_EQ(lm__ucs_fold('z'), 'z');
    LMT_EQ(lm__ucs_fold('['), '[');
    LMT_EQ(lm__ucs_fold(0xC9), 0xE9); /* É */
    LMT_EQ(lm__ucs_fold(0xD7), 0xD7); /* × has no case */
    LMT_EQ(lm__ucs_fold(0x100), 0x101);
    LMT_EQ(lm__ucs_fold(0x141), 0x142); /* Ł, in the odd/even run */
    LMT_EQ(lm__ucs_fold(0x178), 0xFF);
    LMT_EQ(lm__ucs_fold(0x3A3), 0x3C3); /* Σ */
    LMT_EQ(lm__ucs_fold(0x416), 0x436); /* Ж */
    LMT_EQ(lm__ucs_fold(0x401), 0x451); /* Ё */
    LMT_EQ(lm__ucs_fold(0x5171), 0x5171);
}

static const struct lmt_test tests[] = {
    LMT_TEST(to_utf16_exact_bytes),
    LMT_TEST(to_utf8_exact_bytes),
    LMT_TEST(empty_strings),
    LMT_TEST(rejects_invalid_utf8),
    LMT_TEST(accepts_boundaries),
    LMT_TEST(rejects_invalid_utf16),
    LMT_TEST(embedded_nul_is_kept),
    LMT_TEST(invalid_utf16_appends_nothing),
    LMT_TEST(to_utf8_sized_to_fit),
    LMT_TEST(conversion_respects_the_cap),
    LMT_TEST(encode_decode_single),
    LMT_TEST(case_folding),
    LMT_END,
};
const struct lmt_suite lmt_suite_utf = {"utf", NULL, NULL, NULL, tests};
