/* winreg (MS-RRP) against the fixture's smbd. What `net rpc registry enumerate` prints is compared by
 * svcreg.sh; these check the rest. Samba 4.17 facts they pin down: LanmanServer\Shares exists (with the
 * subkey Security) but holds no values: registry shares (`net conf addshare`, which NetrShareAdd runs here)
 * live under HKLM\SOFTWARE\Samba\smbconf\<share>, one REG_SZ per parameter. Values of every type round-trip
 * under a key we create, HKLM\SOFTWARE\Samba\lanmantest\<run>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rpc/srvsvc.h"
#include "svcreg.h"
#include "testlib.h"

#define SHARES_KEY "SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Shares"

static void open_or_fail(struct svcreg *s)
{
    lm_status st = svcreg_open(s, "winreg", &lm__winreg_iface);

    if (st != LM_OK)
        fprintf(stderr, "winreg open: %s\n", s->x.err.message);
    LMT_EQ(st, LM_OK);
}

static bool has_name(char **v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], name) == 0)
            return true;
    }
    return false;
}

static const lm_reg_value *find(const lm_reg_value *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    }
    return NULL;
}

static void shares_key(void)
{
    struct svcreg s;
    lm_reg_value *v = NULL;
    char **keys = NULL;
    size_t n = 99, nk = 0;

    open_or_fail(&s);
    LMT_EQ(lm__winreg_key_values(s.r, SHARES_KEY, &v, &n, &s.x.err), LM_OK);
    printf("%s: %zu values\n", SHARES_KEY, n);
    lm_reg_list_free(v, n);
    LMT_EQ(lm__winreg_key_subkeys(s.r, SHARES_KEY, &keys, &nk, &s.x.err), LM_OK);
    LMT_TRUE(has_name(keys, nk, "Security"));
    lm__names_free(keys, nk);
    LMT_EQ(lm__winreg_key_subkeys(s.r, "SYSTEM\\CurrentControlSet\\Services\\LanmanServer", &keys, &nk,
                                  &s.x.err),
           LM_OK);
    LMT_TRUE(has_name(keys, nk, "Shares"));
    lm__names_free(keys, nk);
    LMT_EQ(lm__winreg_key_values(s.r, "SYSTEM\\NoSuchKey", &v, &n, &s.x.err), LM_ENOENT);
    LMT_EQ(s.x.err.raw, 2);
    printf("%s\n", s.x.err.message);
    svcreg_close(&s);
}

/* A share added through srvsvc (the fixture's add share command runs `net conf addshare`) shows up under
 * SOFTWARE\Samba\smbconf with its path and comment. */
static void registry_share_definition(void)
{
    struct svcreg s;
    struct lm__rpc *srv = NULL;
    struct lm__srv_share_spec spec = {0};
    char path[700], unix_path[600], key[100];
    lm_reg_value *v = NULL, one;
    const lm_reg_value *p;
    size_t n = 0;
    char *text = NULL;

    open_or_fail(&s);
    LMT_EQ(lm__rpc_open(s.x.ipc, "srvsvc", &lm__srvsvc_iface, &srv, &s.x.err), LM_OK);
    snprintf(unix_path, sizeof unix_path, "%s", fx("LANMAN_TEST_SHARE_PATH"));
    snprintf(path, sizeof path, "C:%s", unix_path);
    for (char *c = path; *c != '\0'; c++) {
        if (*c == '/')
            *c = '\\';
    }
    spec.name = "lmregshare";
    spec.path = path;
    spec.remark = "registry share";
    spec.max_uses = LM_SHARE_UNLIMITED;
    (void)lm__srvsvc_share_del(srv, NULL, spec.name, NULL); /* left over from an interrupted run */
    LMT_EQ(lm__srvsvc_share_add(srv, NULL, 2, &spec, &s.x.err), LM_OK);
    snprintf(key, sizeof key, "SOFTWARE\\Samba\\smbconf\\%s", spec.name);
    LMT_EQ(lm__winreg_key_values(s.r, key, &v, &n, &s.x.err), LM_OK);
    for (size_t i = 0; i < n; i++)
        printf("%s: '%s' type %d, %zu bytes\n", key, v[i].name, (int)v[i].type, v[i].len);
    p = find(v, n, "path");
    LMT_TRUE(p != NULL && p->type == LM_REG_SZ);
    /* UTF-16LE with its NUL: compare as ASCII */
    text = calloc(1, p->len / 2 + 1);
    LMT_PTR_OK(text);
    for (size_t i = 0; i + 1 < p->len; i += 2)
        text[i / 2] = (char)p->data[i];
    LMT_STR(text, unix_path);
    free(text);
    LMT_TRUE(find(v, n, "comment") != NULL);
    lm_reg_list_free(v, n);
    /* one value read on its own */
    LMT_EQ(lm__winreg_key_get(s.r, key, "comment", &one, &s.x.err), LM_OK);
    LMT_EQ(one.type, LM_REG_SZ);
    LMT_EQ(one.len, sizeof "registry share" * 2);
    LMT_MEM(one.data, "r\0e\0g\0", 6);
    lm__reg_value_clear(&one);
    LMT_EQ(lm__srvsvc_share_del(srv, NULL, spec.name, &s.x.err), LM_OK);
    LMT_EQ(lm__winreg_key_values(s.r, key, &v, &n, &s.x.err), LM_ENOENT);
    lm__rpc_close(srv);
    svcreg_close(&s);
}

struct typed {
    const char *name;
    lm_reg_type type;
    const char *data;
    size_t len;
};

/* Every type round-trips, the default value too, and a value larger than the first 4 KiB buffer. */
static void values_round_trip(void)
{
    static const struct typed t[] = {
        {"sz", LM_REG_SZ,
         "D\0o\0n\0n\0\xe9\0"
         "e\0s\0\0\0",
         16},
        {"dword", LM_REG_DWORD, "\x78\x56\x34\x12", 4},
        {"multi", LM_REG_MULTI_SZ, "a\0b\0\0\0c\0\0\0\0\0", 12}, /* "ab", "c" */
        {"binary", LM_REG_BINARY, "\x00\x01\x00\xff\xfe", 5},
        {"", LM_REG_SZ, "d\0e\0f\0\0\0", 8},
        {"name with spaces \xc3\xa9", LM_REG_EXPAND_SZ, "%\0x\0%\0\0\0", 8},
    };
    struct svcreg s;
    char key[100], **keys = NULL;
    lm_reg_value *v = NULL, one;
    size_t n = 0, nk = 0;
    uint8_t *big = malloc(100000);

    LMT_PTR_OK(big);
    for (size_t i = 0; i < 100000; i++)
        big[i] = (uint8_t)(i * 7);
    open_or_fail(&s);
    snprintf(key, sizeof key, "SOFTWARE\\Samba\\lanmantest\\run%lu", (unsigned long)time(NULL));
    LMT_EQ(lm__winreg_key_create(s.r, key, &s.x.err), LM_OK);
    LMT_EQ(lm__winreg_key_create(s.r, key, &s.x.err), LM_OK); /* existing is fine */
    LMT_EQ(lm__winreg_key_subkeys(s.r, "SOFTWARE\\Samba", &keys, &nk, &s.x.err), LM_OK);
    LMT_TRUE(has_name(keys, nk, "lanmantest"));
    LMT_TRUE(has_name(keys, nk, "smbconf"));
    lm__names_free(keys, nk);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        LMT_EQ(lm__winreg_key_set(s.r, key, t[i].name, t[i].type, t[i].data, t[i].len, &s.x.err), LM_OK);
    LMT_EQ(lm__winreg_key_set(s.r, key, "big", LM_REG_BINARY, big, 100000, &s.x.err), LM_OK);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        LMT_EQ(lm__winreg_key_get(s.r, key, t[i].name, &one, &s.x.err), LM_OK);
        LMT_STR(one.name, t[i].name);
        LMT_EQ(one.type, t[i].type);
        LMT_EQ(one.len, t[i].len);
        LMT_MEM(one.data, t[i].data, t[i].len);
        lm__reg_value_clear(&one);
    }
    /* 100,000 bytes: ERROR_MORE_DATA on the 4 KiB first ask, then the size Samba said */
    LMT_EQ(lm__winreg_key_get(s.r, key, "big", &one, &s.x.err), LM_OK);
    LMT_EQ(one.len, 100000);
    LMT_MEM(one.data, big, 100000);
    lm__reg_value_clear(&one);
    LMT_EQ(lm__winreg_key_values(s.r, key, &v, &n, &s.x.err), LM_OK);
    LMT_EQ(n, sizeof t / sizeof t[0] + 1);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const lm_reg_value *p = find(v, n, t[i].name);

        LMT_TRUE(p != NULL);
        LMT_EQ(p->type, t[i].type);
        LMT_EQ(p->len, t[i].len);
        LMT_MEM(p->data, t[i].data, t[i].len);
    }
    LMT_EQ(find(v, n, "big")->len, 100000);
    lm_reg_list_free(v, n);
    /* replace, then delete each */
    LMT_EQ(lm__winreg_key_set(s.r, key, "dword", LM_REG_DWORD, "\1\0\0\0", 4, &s.x.err), LM_OK);
    LMT_EQ(lm__winreg_key_get(s.r, key, "dword", &one, &s.x.err), LM_OK);
    LMT_MEM(one.data, "\1\0\0\0", 4);
    lm__reg_value_clear(&one);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        LMT_EQ(lm__winreg_key_delete(s.r, key, t[i].name, &s.x.err), LM_OK);
        LMT_EQ(lm__winreg_key_get(s.r, key, t[i].name, &one, &s.x.err), LM_ENOENT);
        LMT_EQ(lm__winreg_key_delete(s.r, key, t[i].name, &s.x.err), LM_ENOENT);
    }
    LMT_EQ(lm__winreg_key_delete(s.r, key, "big", &s.x.err), LM_OK);
    LMT_EQ(lm__winreg_key_values(s.r, key, &v, &n, &s.x.err), LM_OK);
    LMT_EQ(n, 0);
    lm_reg_list_free(v, n);
    LMT_EQ(lm__winreg_key_set(s.r, "SOFTWARE\\Samba\\NoSuchKey", "x", LM_REG_SZ, "\0\0", 2, &s.x.err),
           LM_ENOENT);
    free(big);
    svcreg_close(&s);
}

static const struct lmt_test winreg_tests[] = {
    LMT_TEST(shares_key),
    LMT_TEST(registry_share_definition),
    LMT_TEST(values_round_trip),
    LMT_END,
};
const struct lmt_suite lmt_suite_winreg = {"winreg", lmt_smbd_skip, lmt_smbd_init, NULL, winreg_tests};
