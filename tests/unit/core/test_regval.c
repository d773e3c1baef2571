/* Registry value model: type names (winnt.h values, MS-RRP 2.2.7), text <-> bytes for every type, and the
 * REG_MULTI_SZ wire form. Expected bytes are written out by hand from the UTF-16LE encoding. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/regval.h"

static void type_names(void)
{
    uint32_t t = 99;

    LMT_STR(lm__regtype_name(LM_REG_SZ), "REG_SZ");
    LMT_STR(lm__regtype_name(4), "REG_DWORD");
    LMT_STR(lm__regtype_name(7), "REG_MULTI_SZ");
    LMT_STR(lm__regtype_name(11), "REG_QWORD");
    LMT_STR(lm__regtype_name(2), "REG_EXPAND_SZ");
    LMT_STR(lm__regtype_name(3), "REG_BINARY");
    LMT_PTR_NULL(lm__regtype_name(12));
    LMT_STR(lm_reg_type_name(LM_REG_LINK), "REG_LINK");
    LMT_STR(lm_reg_type_name(LM_REG_NONE), "REG_NONE");
    LMT_PTR_NULL(lm_reg_type_name((lm_reg_type)12));
    LMT_EQ(lm__regtype_parse("reg_multi_sz", &t), LM_OK);
    LMT_EQ(t, 7);
    LMT_EQ(lm__regtype_parse("REG_DWORD_LITTLE_ENDIAN", &t), LM_OK);
    LMT_EQ(t, 4);
    LMT_EQ(lm__regtype_parse("REG_QWORD", &t), LM_OK);
    LMT_EQ(t, 11);
    t = 99;
    LMT_EQ(lm__regtype_parse("REG_FOO", &t), LM_EINVAL);
    LMT_EQ(lm__regtype_parse("DWORD", &t), LM_EINVAL);
    LMT_EQ(t, 99);
}

static void expect_bytes(uint32_t type, const char *text, const void *bytes, size_t n)
{
    struct lm__regval v = {0};
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__regval_from_text(type, text, &v, &e), LM_OK);
    LMT_EQ(v.type, type);
    LMT_EQ(v.len, n);
    LMT_MEM(v.data, bytes, n);
    lm__regval_free(&v);
}

static void expect_text_error(uint32_t type, const char *text, lm_status want)
{
    struct lm__regval v = {0};
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__regval_from_text(type, text, &v, &e), want);
    LMT_PTR_NULL(v.data);
    LMT_TRUE(e.message[0] != '\0');
}

static void numbers_from_text(void)
{
    expect_bytes(LM_REG_DWORD, "0", "\0\0\0\0", 4);
    expect_bytes(LM_REG_DWORD, "16", "\x10\0\0\0", 4);
    expect_bytes(LM_REG_DWORD, "0x10", "\x10\0\0\0", 4);
    expect_bytes(LM_REG_DWORD, "0XFFFFFFFF", "\xff\xff\xff\xff", 4);
    expect_bytes(LM_REG_DWORD, "4294967295", "\xff\xff\xff\xff", 4);
    expect_bytes(LM_REG_DWORD_BIG_ENDIAN, "1", "\0\0\0\x01", 4);
    expect_bytes(LM_REG_QWORD, "18446744073709551615", "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    expect_bytes(LM_REG_QWORD, "0x0102030405060708", "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    expect_text_error(LM_REG_DWORD, "4294967296", LM_ERANGE);
    expect_text_error(LM_REG_DWORD, "0x100000000", LM_ERANGE);
    expect_text_error(LM_REG_QWORD, "18446744073709551616", LM_ERANGE);
    expect_text_error(LM_REG_DWORD, "-1", LM_EINVAL);
    expect_text_error(LM_REG_DWORD, " 1", LM_EINVAL);
    expect_text_error(LM_REG_DWORD, "1 ", LM_EINVAL);
    expect_text_error(LM_REG_DWORD, "", LM_EINVAL);
    expect_text_error(LM_REG_DWORD, "0x", LM_EINVAL);
    expect_text_error(LM_REG_DWORD, "banana", LM_EINVAL);
}

static void strings_from_text(void)
{
    /* "Fé" = U+0046 U+00E9, then the NUL terminator Windows stores. */
    expect_bytes(LM_REG_SZ, "F\xc3\xa9", "F\0\xe9\0\0\0", 6);
    expect_bytes(LM_REG_EXPAND_SZ, "%S%", "%\0S\0%\0\0\0", 8);
    expect_bytes(LM_REG_SZ, "", "\0\0", 2);
    expect_text_error(LM_REG_SZ, "\xff", LM_EILSEQ);
    /* U+1F600 is the surrogate pair D83D DE00. */
    expect_bytes(LM_REG_MULTI_SZ, "a\n\xf0\x9f\x98\x80", "a\0\0\0\x3d\xd8\x00\xde\0\0\0\0", 12);
    expect_bytes(LM_REG_MULTI_SZ, "", "\0\0", 2);
    expect_text_error(LM_REG_MULTI_SZ, "a\n\nb", LM_EINVAL);
    expect_text_error(LM_REG_MULTI_SZ, "a\n", LM_EINVAL);
    expect_text_error(LM_REG_MULTI_SZ, "\nb", LM_EINVAL);
}

static void binary_from_text(void)
{
    expect_bytes(LM_REG_BINARY, "0a1Bff", "\x0a\x1b\xff", 3);
    expect_bytes(LM_REG_BINARY, "0a 1b:ff,00", "\x0a\x1b\xff\x00", 4);
    expect_bytes(LM_REG_NONE, "", "", 0);
    expect_text_error(LM_REG_BINARY, "abc", LM_EINVAL);
    expect_text_error(LM_REG_BINARY, "zz", LM_EINVAL);
    expect_text_error(LM_REG_BINARY, "0x01", LM_EINVAL);
}

static void expect_text(uint32_t type, const void *bytes, size_t n, const char *want)
{
    struct lm__regval v = {type, (uint8_t *)bytes, n};
    char *s = NULL;

    LMT_EQ(lm__regval_to_text(&v, &s, NULL), LM_OK);
    LMT_STR(s, want);
    free(s);
}

static void expect_format_error(uint32_t type, const void *bytes, size_t n, lm_status want)
{
    struct lm__regval v = {type, (uint8_t *)bytes, n};
    char *s = NULL;
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__regval_to_text(&v, &s, &e), want);
    LMT_PTR_NULL(s);
    LMT_TRUE(e.message[0] != '\0');
}

static void values_to_text(void)
{
    expect_text(LM_REG_DWORD, "\x0f\0\0\0", 4, "15");
    expect_text(LM_REG_DWORD, "\xff\xff\xff\xff", 4, "4294967295");
    expect_text(LM_REG_DWORD_BIG_ENDIAN, "\0\0\x01\x00", 4, "256");
    expect_text(LM_REG_QWORD, "\x01\0\0\0\0\0\0\x80", 8, "9223372036854775809");
    expect_text(LM_REG_SZ, "F\0\xe9\0\0\0", 6, "F\xc3\xa9");
    expect_text(LM_REG_SZ, "F\0\xe9\0", 4, "F\xc3\xa9"); /* no terminator */
    expect_text(LM_REG_SZ, "a\0\0\0b\0\0\0", 8, "a");    /* stops at the first NUL */
    expect_text(LM_REG_MULTI_SZ, "a\0\0\0b\0=\0c\0\0\0\0\0", 14, "a\nb=c");
    expect_text(LM_REG_BINARY, "\x0a\x1b\xff", 3, "0a1bff");
    expect_text(LM_REG_BINARY, "", 0, "");
    expect_text(99, "\x01", 1, "01"); /* unknown types show as hex */
    expect_format_error(LM_REG_DWORD, "\x01\x02\x03", 3, LM_EPROTO);
    expect_format_error(LM_REG_DWORD, "\x01\x02\x03\x04\x05", 5, LM_EPROTO);
    expect_format_error(LM_REG_QWORD, "\x01\x02\x03\x04", 4, LM_EPROTO);
    expect_format_error(LM_REG_SZ, "a\0b", 3, LM_EPROTO);
    expect_format_error(LM_REG_SZ, "\x00\xd8\x41\x00", 4, LM_EILSEQ);   /* lone high surrogate */
    expect_format_error(LM_REG_MULTI_SZ, "\x00\xdc\0\0", 4, LM_EILSEQ); /* lone low surrogate */
    expect_format_error(LM_REG_MULTI_SZ, "a\0\0", 3, LM_EPROTO);
}

static void check_list(const void *bytes, size_t n, const char *const *want, size_t nwant)
{
    struct lm__strlist l = {0};

    LMT_EQ(lm__multisz_parse(bytes, n, &l), LM_OK);
    LMT_EQ(l.n, nwant);
    for (size_t i = 0; i < nwant; i++)
        LMT_STR(l.v[i], want[i]);
    lm__strlist_free(&l);
}

static void multisz_wire(void)
{
    static const char *const ab[] = {"a", "b=c"};
    static const uint8_t golden[] = {'a', 0, 0, 0, 'b', 0, '=', 0, 'c', 0, 0, 0, 0, 0};
    struct lm__strlist l = {0};
    uint8_t *p = NULL;
    size_t n = 0;

    LMT_EQ(lm__multisz_format(ab, 2, &p, &n), LM_OK);
    LMT_EQ(n, sizeof golden);
    LMT_MEM(p, golden, n);
    free(p);
    check_list(golden, sizeof golden, ab, 2);
    check_list(golden, sizeof golden - 2, ab, 2); /* no final empty string */
    check_list(golden, sizeof golden - 4, ab, 2); /* no terminator at all */
    check_list("a\0\0\0\0\0x\0\0\0", 10, ab, 1);  /* data after the end of the list is ignored */
    check_list("", 0, NULL, 0);
    check_list("\0\0", 2, NULL, 0);

    LMT_EQ(lm__multisz_format(NULL, 0, &p, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_MEM(p, "\0\0", 2);
    free(p);
    {
        static const char *const bad[] = {"a", ""};
        p = NULL;
        LMT_EQ(lm__multisz_format(bad, 2, &p, &n), LM_EINVAL);
        LMT_PTR_NULL(p);
    }
    LMT_EQ(lm__multisz_parse(golden, 5, &l), LM_EPROTO); /* odd length */
    LMT_EQ(lm__multisz_parse((const uint8_t *)"a\0\x00\xd8\0\0", 6, &l), LM_EILSEQ);
    LMT_EQ(l.n, 0);
    LMT_PTR_NULL(l.v);
}

static void list_with_newline(void)
{
    static const char *const items[] = {"two\nlines"};
    struct lm__regval v = {0};
    char *s = NULL;

    LMT_EQ(lm__regval_from_list(items, 1, &v, NULL), LM_OK);
    LMT_EQ(v.type, LM_REG_MULTI_SZ);
    LMT_EQ(v.len, 22); /* 9 characters, their NUL, the final NUL */
    LMT_EQ(lm__regval_to_text(&v, &s, NULL), LM_OK);
    LMT_STR(s, "two\nlines");
    free(s);
    lm__regval_free(&v);
}

static const struct lmt_test tests[] = {
    LMT_TEST(type_names),        LMT_TEST(numbers_from_text),
    LMT_TEST(strings_from_text), LMT_TEST(binary_from_text),
    LMT_TEST(values_to_text),    LMT_TEST(multisz_wire),
    LMT_TEST(list_with_newline), LMT_END,
};
const struct lmt_suite lmt_suite_regval = {"regval", NULL, NULL, NULL, tests};
