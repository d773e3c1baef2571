/* MS-RRP codecs. Request stubs against bytes laid out by hand from the IDL (MS-RRP 3.1.5), the
 * RRP_UNICODE_STRING rules (MS-RRP 2.2.4: Length and MaximumLength in bytes, the terminating NUL counted and
 * sent) and C706 chapter 14; response stubs against what Samba 4.17 sent (vectors_winreg.h); the buffer
 * retries and the closing of every key against a scripted peer; truncated and corrupted responses,
 * table-driven, must give errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/winreg.h"
#include "rpctest.h"
#include "vectors_winreg.h"

#define H_HEX "00 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 "

static const struct lm__ndr_handle H = {{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

/* ---- requests ---- */

static void key_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 1u << 20);
    same_req(lm__winreg_open_hklm_req(&b, LM__KEY_MAXIMUM_ALLOWED), &b,
             "00 00 00 00 "  /* ServerName: NULL */
             "00 00 00 02"); /* samDesired */
    same_req(lm__winreg_open_key_req(&b, &H, "A\\B", LM__KEY_READ), &b,
             H_HEX "08 00 08 00 "                         /* Length, MaximumLength: 3 units + NUL, bytes */
                   "00 00 02 00 "                         /* Buffer -> */
                   "04 00 00 00 00 00 00 00 04 00 00 00 " /* max_count, offset, actual_count */
                   "41 00 5c 00 42 00 00 00 "             /* A\B and the NUL */
                   "00 00 00 00 19 00 02 00");            /* dwOptions, samDesired KEY_READ */
    /* outside the BMP: a surrogate pair is two units */
    same_req(lm__winreg_open_key_req(&b, &H, "\xF0\x9F\x98\x80", LM__KEY_READ), &b,
             H_HEX "06 00 06 00 00 00 02 00 03 00 00 00 00 00 00 00 03 00 00 00 "
                   "3d d8 00 de 00 00 00 00 " /* U+1F600, NUL, pad */
                   "00 00 00 00 19 00 02 00");
    same_req(lm__winreg_create_key_req(&b, &H, "k", 0x0002001F), &b,
             H_HEX "04 00 04 00 00 00 02 00 02 00 00 00 00 00 00 00 02 00 00 00 6b 00 00 00 " /* lpSubKey */
                   "00 00 00 00 00 00 00 00 "  /* lpClass: Length 0, MaximumLength 0, NULL */
                   "00 00 00 00 1f 00 02 00 "  /* dwOptions, samDesired */
                   "00 00 00 00 "              /* lpSecurityAttributes: NULL */
                   "04 00 02 00 00 00 00 00"); /* lpdwDisposition -> 0 */
    same_req(lm__winreg_handle_req(&b, &H), &b, H_HEX);
    same_req(lm__winreg_query_info_req(&b, &H), &b, H_HEX "00 00 00 00 00 00 00 00");
    same_req(lm__winreg_enum_key_req(&b, &H, 3, LM__WINREG_NAME_BUF), &b,
             H_HEX "03 00 00 00 "                                                 /* dwIndex */
                   "00 00 00 80 00 00 02 00 00 40 00 00 00 00 00 00 00 00 00 00 " /* lpNameIn: 0x8000 bytes */
                   "04 00 02 00 00 00 00 00 00 00 00 00 " /* lpClassIn -> an empty string */
                   "00 00 00 00");                        /* lpftLastWriteTime: NULL */
    LMT_EQ(lm__winreg_create_key_req(&b, &H, "", 4), LM_EINVAL);
    lm__buf_free(&b);
}

static void value_requests(void)
{
    struct lm__buf b;
    static const uint8_t three[3] = {0xAA, 0xBB, 0xCC};
    char *longest = malloc(32768);

    LMT_PTR_OK(longest);
    lm__buf_init(&b, 1u << 20);
    same_req(lm__winreg_query_value_req(&b, &H, "", 16), &b,
             H_HEX
             "02 00 02 00 00 00 02 00 01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 " /* "": one NUL */
             "04 00 02 00 00 00 00 00 "                                                 /* lpType -> 0 */
             "08 00 02 00 10 00 00 00 00 00 00 00 00 00 00 00 " /* lpData: max 16, offset 0, none */
             "0c 00 02 00 10 00 00 00 "                         /* lpcbData -> 16 */
             "10 00 02 00 00 00 00 00");                        /* lpcbLen -> 0 */
    same_req(lm__winreg_enum_value_req(&b, &H, 0, LM__WINREG_NAME_BUF, 10), &b,
             H_HEX "00 00 00 00 "
                   "00 00 00 80 00 00 02 00 00 40 00 00 00 00 00 00 00 00 00 00 "
                   "04 00 02 00 00 00 00 00 08 00 02 00 0a 00 00 00 00 00 00 00 00 00 00 00 "
                   "0c 00 02 00 0a 00 00 00 10 00 02 00 00 00 00 00");
    same_req(lm__winreg_set_value_req(&b, &H, "v", 4, "\x01\x02\x03\x04", 4), &b,
             H_HEX "04 00 04 00 00 00 02 00 02 00 00 00 00 00 00 00 02 00 00 00 76 00 00 00 "
                   "04 00 00 00 "             /* dwType REG_DWORD */
                   "04 00 00 00 01 02 03 04 " /* lpData: size_is(cbData) */
                   "04 00 00 00");            /* cbData */
    same_req(lm__winreg_set_value_req(&b, &H, "v", 3, three, 3), &b,
             H_HEX "04 00 04 00 00 00 02 00 02 00 00 00 00 00 00 00 02 00 00 00 76 00 00 00 "
                   "03 00 00 00 03 00 00 00 aa bb cc 00 03 00 00 00"); /* 3 bytes, pad, cbData */
    same_req(lm__winreg_delete_value_req(&b, &H, "v"), &b,
             H_HEX "04 00 04 00 00 00 02 00 02 00 00 00 00 00 00 00 02 00 00 00 76 00 00 00");
    /* Length is 16 bits: 32,766 characters and the NUL fit, one more does not */
    memset(longest, 'a', 32766);
    longest[32766] = '\0';
    LMT_EQ(lm__winreg_delete_value_req(&b, &H, longest), LM_OK);
    LMT_EQ(b.data[20], 0xFE);
    LMT_EQ(b.data[21], 0xFF);
    lm__buf_reset(&b);
    longest[32766] = 'a';
    longest[32767] = '\0';
    LMT_EQ(lm__winreg_delete_value_req(&b, &H, longest), LM_EINVAL);
    lm__buf_reset(&b);
    LMT_EQ(lm__winreg_delete_value_req(&b, &H, "\xC3"), LM_EILSEQ);
    lm__buf_reset(&b);
    LMT_EQ(lm__winreg_query_value_req(&b, &H, "v", LM__WINREG_DATA_MAX + 1), LM_EINVAL);
    free(longest);
    lm__buf_free(&b);
}

/* ---- responses ---- */

static uint8_t *vec(const char *hex, size_t *n)
{
    return lmt_unhex(hex, n);
}

static void keys_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_REG_HKLM, &n);
    struct lm__ndr_handle h;
    struct lm__reg_keyinfo ki;
    uint32_t werr = 1, disp = 0;
    char *name = NULL;

    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_MEM(h.b, p, 20);
    free(p);
    p = vec(SAMBA_REG_OPEN_MISSING, &n);
    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    LMT_EQ(werr, 2);
    LMT_EQ(lm__rpc_status(LM_RAW_WERROR, werr), LM_ENOENT);
    free(p);
    p = vec(SAMBA_REG_CREATE, &n);
    LMT_EQ(lm__winreg_create_key_resp(p, n, &h, &disp, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(disp, 2); /* REG_OPENED_EXISTING_KEY */
    free(p);
    p = vec(SAMBA_REG_INFO, &n);
    LMT_EQ(lm__winreg_query_info_resp(p, n, &ki, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(ki.subkeys, 1);
    LMT_EQ(ki.values, 0);
    LMT_EQ(ki.sd_len, 0x78);
    free(p);
    p = vec(SAMBA_REG_ENUMKEY, &n);
    LMT_EQ(lm__winreg_enum_key_resp(p, n, &name, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_STR(name, "Security");
    free(name);
    free(p);
    p = vec(SAMBA_REG_OK, &n);
    LMT_EQ(lm__ndr_werr(p, n, &werr), LM_OK);
    LMT_EQ(werr, 0);
    free(p);
    p = vec(SAMBA_REG_DELETE_MISSING, &n);
    LMT_EQ(lm__ndr_werr(p, n, &werr), LM_OK);
    LMT_EQ(werr, 2);
    free(p);
    p = vec(SAMBA_REG_CLOSE, &n);
    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    free(p);
}

static void check_value(const char *hex, bool with_name, const char *name, uint32_t type, const void *data,
                        size_t len)
{
    size_t n;
    uint8_t *p = vec(hex, &n);
    struct lm__winreg_value_resp v;

    LMT_EQ(lm__winreg_value_resp(p, n, with_name, &v), LM_OK);
    LMT_EQ(v.werr, 0);
    if (with_name)
        LMT_STR(v.name, name);
    LMT_EQ(v.type, type);
    LMT_EQ(v.len, len);
    LMT_MEM(v.data, data, len);
    lm__winreg_value_resp_clear(&v);
    free(p);
}

static void values_from_samba(void)
{
    size_t n;
    uint8_t *p;
    struct lm__winreg_value_resp v;

    check_value(SAMBA_REG_QUERY_SZ, false, NULL, LM_REG_SZ, "a\0\0\0", 4);
    check_value(SAMBA_REG_QUERY_DWORD, false, NULL, LM_REG_DWORD, "\x01\x02\x03\x04", 4);
    check_value(SAMBA_REG_QUERY_MULTI, false, NULL, LM_REG_MULTI_SZ, "a\0b\0\0\0", 6);
    check_value(SAMBA_REG_QUERY_BINARY, false, NULL, LM_REG_BINARY,
                "\x00\xff\x10\x20\x30\x40\x50\x60\x70\x80", 10);
    check_value(SAMBA_REG_ENUMVAL_BINARY, true, "bin", LM_REG_BINARY,
                "\x00\xff\x10\x20\x30\x40\x50\x60\x70\x80", 10);
    check_value(SAMBA_REG_ENUMVAL_DEFAULT, true, "", LM_REG_SZ, "b\0\0\0", 4);
    check_value(SAMBA_REG_ENUMVAL_SMBCONF, true, "path", LM_REG_SZ,
                "/\0t\0m\0p\0/\0r\0p\0c\0002\0f\0x\0/\0s\0h\0a\0r\0e\0\0\0", 36);

    p = vec(SAMBA_REG_QUERY_SMALL, &n);
    LMT_EQ(lm__winreg_value_resp(p, n, false, &v), LM_OK);
    LMT_EQ(v.werr, 0xEA);
    LMT_TRUE(v.has_size);
    LMT_EQ(v.size, 10);
    LMT_PTR_NULL(v.data);
    free(p);
    p = vec(SAMBA_REG_ENUMVAL_SMALL, &n);
    LMT_EQ(lm__winreg_value_resp(p, n, true, &v), LM_OK);
    LMT_EQ(v.werr, 0xEA);
    LMT_EQ(v.size, 2); /* Samba: the size offered, not the size needed */
    lm__winreg_value_resp_clear(&v);
    free(p);
    p = vec(SAMBA_REG_ENUMVAL_END, &n);
    LMT_EQ(lm__winreg_value_resp(p, n, true, &v), LM_OK);
    LMT_EQ(v.werr, 0x103);
    lm__winreg_value_resp_clear(&v);
    free(p);
    p = vec(SAMBA_REG_QUERY_MISSING, &n);
    LMT_EQ(lm__winreg_value_resp(p, n, false, &v), LM_OK);
    LMT_EQ(v.werr, 2);
    free(p);
}

/* ---- hostile responses ---- */

enum kind { K_ENUMVAL, K_ENUMKEY, K_INFO, K_QUERY, K_CREATE, K_OPEN };

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__winreg_value_resp v;
    struct lm__reg_keyinfo ki;
    struct lm__ndr_handle h;
    uint32_t werr, disp;
    char *name = NULL;
    lm_status st;

    switch (k) {
    case K_ENUMVAL:
    case K_QUERY:
        st = lm__winreg_value_resp(p, n, k == K_ENUMVAL, &v);
        if (st == LM_OK)
            lm__winreg_value_resp_clear(&v);
        else
            LMT_TRUE(v.name == NULL && v.data == NULL);
        return st;
    case K_ENUMKEY:
        st = lm__winreg_enum_key_resp(p, n, &name, &werr);
        if (st == LM_OK)
            free(name);
        return st;
    case K_INFO:
        return lm__winreg_query_info_resp(p, n, &ki, &werr);
    case K_CREATE:
        return lm__winreg_create_key_resp(p, n, &h, &disp, &werr);
    case K_OPEN:
    default:
        return lm__ndr_handle_werr(p, n, &h, &werr);
    }
}

static const char *const hostile_vec[] = {SAMBA_REG_ENUMVAL_BINARY, SAMBA_REG_ENUMKEY, SAMBA_REG_INFO,
                                          SAMBA_REG_QUERY_MULTI,    SAMBA_REG_CREATE,  SAMBA_REG_HKLM};

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_OPEN + 1);
}

static const struct rpct_corruption corrupt[] = {
    {K_ENUMVAL, 0, 0x8000000A, LM_EPROTO, "Length 10 for 4 units"},
    {K_ENUMVAL, 0, 0x80020008, LM_EPROTO, "MaximumLength / 2 != max_count"},
    {K_ENUMVAL, 0, 0x00060008, LM_EPROTO, "Length > MaximumLength"},
    {K_ENUMVAL, 0, 0x80000009, LM_EPROTO, "odd Length"},
    {K_ENUMVAL, 12, 1, LM_EPROTO, "name offset 1"},
    {K_ENUMVAL, 16, 0x40000000, LM_EPROTO, "name actual_count 2^30"},
    {K_ENUMVAL, 20, 0x00000062, LM_EPROTO, "a NUL inside the name"},
    {K_ENUMVAL, 20, 0x0069D800, LM_EILSEQ, "a lone surrogate in the name"},
    {K_ENUMVAL, 40, 0x04000001, LM_EPROTO, "data max_count past 64 MiB"},
    {K_ENUMVAL, 48, 0x0B, LM_EPROTO, "data actual_count > max_count"},
    {K_ENUMVAL, 44, 1, LM_EPROTO, "data offset 1"},
    {K_ENUMVAL, 76, 9, LM_EPROTO, "lpcbLen 9 for 10 bytes sent"},
    {K_ENUMVAL, 64, 0, LM_EPROTO, "no lpcbData: 4 bytes left over"},
    {K_ENUMKEY, 16, 8, LM_EPROTO, "actual_count != Length / 2"},
    {K_ENUMKEY, 52, 1, LM_EPROTO, "class max_count for MaximumLength 0"},
    {K_ENUMKEY, 64, 0x00020014, LM_EPROTO, "a time pointer with no time"},
    {K_INFO, 4, 0x00020000, LM_EPROTO, "a class pointer with no class"},
    {K_QUERY, 20, 8, LM_EPROTO, "actual_count 8 > max_count 6"},
    {K_QUERY, 44, 4, LM_EPROTO, "lpcbLen 4 for 6 bytes sent"},
    {K_CREATE, 20, 0, LM_EPROTO, "no disposition: 4 bytes left over"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_OPEN + 1);
}

/* ---- calls over a scripted peer ---- */

static void query_grows_the_buffer(void)
{
    static const char *const replies[] = {SAMBA_REG_QUERY_SMALL, SAMBA_REG_QUERY_BINARY};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_reg_value v;
    lm_error e;

    r = rpct_open(&f, &lm__winreg_iface, replies, 2);
    LMT_EQ(lm__winreg_query_value(r, &H, "bin", 4, &v, &e), LM_OK);
    LMT_STR(v.name, "bin");
    LMT_EQ(v.type, LM_REG_BINARY);
    LMT_EQ(v.len, 10);
    LMT_EQ(rpct_sent_u32(&f, 0, 60), 4);  /* lpData max_count */
    LMT_EQ(rpct_sent_u32(&f, 1, 60), 10); /* then the size the server asked for */
    LMT_EQ(rpct_sent_u32(&f, 1, 76), 10); /* lpcbData */
    lm__reg_value_clear(&v);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void enum_value_grows_without_a_hint(void)
{
    static const char *const replies[] = {SAMBA_REG_ENUMVAL_SMALL, SAMBA_REG_ENUMVAL_BINARY};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_reg_value v;
    bool done = true;
    lm_error e;

    r = rpct_open(&f, &lm__winreg_iface, replies, 2);
    LMT_EQ(lm__winreg_enum_value(r, &H, 0, 2, &v, &done, &e), LM_OK);
    LMT_TRUE(!done);
    LMT_STR(v.name, "bin");
    LMT_EQ(rpct_sent_u32(&f, 0, 56), 2);
    LMT_EQ(rpct_sent_u32(&f, 1, 56), 4096);
    lm__reg_value_clear(&v);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void key_values_lists_and_closes(void)
{
    static const char *const replies[] = {SAMBA_REG_HKLM,
                                          SAMBA_REG_HKLM,
                                          SAMBA_REG_INFO,
                                          SAMBA_REG_ENUMVAL_BINARY,
                                          SAMBA_REG_ENUMVAL_DEFAULT,
                                          SAMBA_REG_ENUMVAL_END,
                                          SAMBA_REG_CLOSE,
                                          SAMBA_REG_CLOSE};
    static const uint16_t ops[] = {LM__WINREG_OPEN_HKLM,  LM__WINREG_OPEN_KEY,   LM__WINREG_QUERY_INFO,
                                   LM__WINREG_ENUM_VALUE, LM__WINREG_ENUM_VALUE, LM__WINREG_ENUM_VALUE,
                                   LM__WINREG_CLOSE_KEY,  LM__WINREG_CLOSE_KEY};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_reg_value *v = NULL;
    size_t n = 0;
    lm_error e;

    r = rpct_open(&f, &lm__winreg_iface, replies, 8);
    LMT_EQ(lm__winreg_key_values(r, "SOFTWARE\\Samba\\lanmantest", &v, &n, &e), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].name, "bin");
    LMT_STR(v[1].name, "");
    LMT_EQ(v[1].type, LM_REG_SZ);
    LMT_EQ(f.transceives, 8);
    for (int i = 0; i < 8; i++)
        LMT_EQ(rpct_sent_opnum(&f, i), ops[i]);
    LMT_EQ(rpct_sent_u32(&f, 5, 20), 2); /* the third BaseRegEnumValue asks for index 2 */
    lm_reg_list_free(v, n);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void keys_closed_when_a_call_fails(void)
{
    static const char *const missing_value[] = {SAMBA_REG_HKLM, SAMBA_REG_HKLM, SAMBA_REG_QUERY_MISSING,
                                                SAMBA_REG_CLOSE, SAMBA_REG_CLOSE};
    static const char *const missing_key[] = {SAMBA_REG_HKLM, SAMBA_REG_OPEN_MISSING, SAMBA_REG_CLOSE};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_reg_value v;
    size_t n;
    uint8_t *h;
    lm_error e;

    r = rpct_open(&f, &lm__winreg_iface, missing_value, 5);
    memset(&v, 0, sizeof v);
    LMT_EQ(lm__winreg_key_get(r, "SOFTWARE", "nosuchvalue", &v, &e), LM_ENOENT);
    LMT_EQ(e.raw_kind, LM_RAW_WERROR);
    LMT_EQ(e.raw, 2);
    LMT_PTR_NULL(v.name);
    LMT_EQ(f.transceives, 5);
    LMT_EQ(rpct_sent_opnum(&f, 3), LM__WINREG_CLOSE_KEY);
    LMT_EQ(rpct_sent_opnum(&f, 4), LM__WINREG_CLOSE_KEY);
    h = lmt_unhex(SAMBA_REG_HKLM, &n);
    LMT_MEM(f.sent.data + f.sent_at[4] + 24, h, 20);
    free(h);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    r = rpct_open(&f, &lm__winreg_iface, missing_key, 3);
    LMT_EQ(lm__winreg_key_set(r, "SOFTWARE\\NoSuchKey", "v", LM_REG_DWORD, "\0\0\0\0", 4, &e), LM_ENOENT);
    LMT_EQ(f.transceives, 3);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__WINREG_CLOSE_KEY);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static const struct lmt_test winreg_tests[] = {
    LMT_TEST(key_requests),
    LMT_TEST(value_requests),
    LMT_TEST(keys_from_samba),
    LMT_TEST(values_from_samba),
    LMT_TEST(query_grows_the_buffer),
    LMT_TEST(enum_value_grows_without_a_hint),
    LMT_TEST(key_values_lists_and_closes),
    LMT_TEST(keys_closed_when_a_call_fails),
    LMT_END,
};
const struct lmt_suite lmt_suite_winreg = {"winreg", NULL, NULL, NULL, winreg_tests};

static const struct lmt_test hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_winreg_hostile = {"winreg_hostile", NULL, NULL, NULL, hostile_tests};
