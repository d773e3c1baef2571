#include <string.h>

#include "testlib.h"
#include "lanman/error.h"

static void every_code_has_a_distinct_name_and_message(void)
{
    static const lm_status codes[] = {
#define CODE(name, value, msg) LM_##name,
        LM_ERRNO_MAP(CODE)
#undef CODE
    };
    size_t n = sizeof codes / sizeof codes[0];

    for (size_t i = 0; i < n; i++) {
        LMT_TRUE(codes[i] < 0);
        LMT_TRUE(strcmp(lm_err_name(codes[i]), "EUNKNOWN") != 0);
        LMT_TRUE(strcmp(lm_strerror(codes[i]), "unknown error") != 0);
        for (size_t j = i + 1; j < n; j++) {
            LMT_TRUE(codes[i] != codes[j]);
            LMT_TRUE(strcmp(lm_err_name(codes[i]), lm_err_name(codes[j])) != 0);
        }
    }
}

static void names_and_messages(void)
{
    LMT_STR(lm_err_name(LM_OK), "OK");
    LMT_STR(lm_err_name(LM_EACCES), "EACCES");
    LMT_STR(lm_strerror(LM_EACCES), "access denied");
    LMT_STR(lm_err_name(LM_EPROTO), "EPROTO");
    LMT_STR(lm_err_name(12345), "EUNKNOWN");
    LMT_STR(lm_strerror(-9999), "unknown error");
}

static void set_keeps_raw_code_and_one_line(void)
{
    lm_error e;
    char raw[64];

    lm_error_clear(&e);
    LMT_EQ(e.status, LM_OK);
    LMT_STR(e.message, "");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "");

    LMT_EQ(lm_error_set(&e, LM_EAUTH, LM_RAW_NTSTATUS, 0xC000006Du, "logon failure for %s\r\nforged", "bob"),
           LM_EAUTH);
    LMT_EQ(e.status, LM_EAUTH);
    LMT_EQ(e.raw, 0xC000006Du);
    LMT_STR(e.message, "logon failure for bob  forged");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "NTSTATUS 0xC000006D");

    lm_error_set(&e, LM_EACCES, LM_RAW_WIN32, 5, NULL);
    LMT_STR(e.message, "access denied");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "Win32 error 5");
    lm_error_set(&e, LM_EEXIST, LM_RAW_NERR, 2118, "x");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "NERR 2118");
    lm_error_set(&e, LM_EACCES, LM_RAW_WERROR, 5, "x");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "WERROR 0x00000005");
    lm_error_set(&e, LM_EPROTO, LM_RAW_RPC_FAULT, 0x1C010003, "x");
    LMT_STR(lm_error_raw_string(&e, raw, sizeof raw), "RPC fault 0x1C010003");
    /* A tiny buffer is truncated, still terminated. */
    LMT_STR(lm_error_raw_string(&e, raw, 4), "RPC");
}

static void long_message_is_truncated(void)
{
    char big[2 * LM_ERROR_MESSAGE_MAX];
    lm_error e;

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lm_error_set(&e, LM_EINVAL, LM_RAW_NONE, 0, "%s", big);
    LMT_EQ(strlen(e.message), (size_t)LM_ERROR_MESSAGE_MAX - 1);
}

static const struct lmt_test tests[] = {
    LMT_TEST(every_code_has_a_distinct_name_and_message),
    LMT_TEST(names_and_messages),
    LMT_TEST(set_keeps_raw_code_and_one_line),
    LMT_TEST(long_message_is_truncated),
    LMT_END,
};
const struct lmt_suite lmt_suite_error = {"error", NULL, NULL, NULL, tests};
