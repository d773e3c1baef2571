/* lib/host/registry.c: keys that would leave HKLM\SYSTEM\CurrentControlSet\Services are refused with
 * LM_EPATH before the backend is called; good keys reach it unchanged. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "memhost.h"
#include "lanman/config.h"

static lm_host *H = &memhost;

static void bad_keys_never_reach_the_backend(void)
{
    static const char *const bad[] = {
        "",
        "\\LanmanServer",
        "LanmanServer\\",
        "LanmanServer\\\\Parameters",
        "..",
        "LanmanServer\\..\\..\\..\\SOFTWARE",
        "LanmanServer\\.\\Parameters",
        ".",
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer",
        "hklm\\x",
        "HKEY_LOCAL_MACHINE\\SYSTEM",
        "HKLM:\\SYSTEM",
        "HKCU\\Software",
        "Lanman\tServer",
        "Lanman\nServer",
        "Lanman\x7fServer",
        "Lanman\xff",
    };
    lm_reg_value *v = NULL;
    char **names = NULL;
    size_t n = 0;

    memhost_reset();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LMT_EQ(lm_reg_list(H, bad[i], &v, &n), LM_EPATH);
        LMT_EQ(lm_reg_get(H, bad[i], "x", &v), LM_EPATH);
        LMT_EQ(lm_reg_set(H, bad[i], "x", LM_REG_DWORD, "\0\0\0\0", 4), LM_EPATH);
        LMT_EQ(lm_reg_delete(H, bad[i], "x"), LM_EPATH);
        LMT_EQ(lm_reg_subkeys(H, bad[i], &names, &n), LM_EPATH);
    }
    LMT_EQ(lm_reg_list(H, NULL, &v, &n), LM_EPATH);
    LMT_EQ(F.calls, 0);
    LMT_EQ(lm_reg_get(H, "..\\Tcpip", "x", &v), LM_EPATH);
    LMT_STR(lm_host_error(H)->message,
            "invalid registry key '..\\Tcpip': '.' and '..' are not allowed; keys are relative to "
            "HKLM\\SYSTEM\\CurrentControlSet\\Services (e.g. LanmanServer\\Parameters)");
}

static void good_keys_pass(void)
{
    static const char *const good[] = {
        "LanmanServer",  "LanmanServer\\Parameters", "LanmanServer\\Shares\\Security", "a..b", "...", "HKLMx",
        "Lanman Server",
    };
    char **names = NULL;
    size_t n = 5;

    memhost_reset();
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        LMT_EQ(lm_reg_subkeys(H, good[i], &names, &n), LM_OK);
        LMT_EQ(lm_reg_delete(H, good[i], "x"), LM_OK);
        LMT_EQ(lm_reg_set(H, good[i], "x", LM_REG_BINARY, "", 0), LM_OK);
    }
    LMT_EQ(F.calls, 3 * (sizeof good / sizeof good[0]));
    LMT_EQ(lm_reg_set(H, "LanmanServer", "x", LM_REG_BINARY, NULL, 4), LM_EINVAL);
}

static void list_and_free(void)
{
    static const uint8_t dword[] = {1, 0, 0, 0};
    lm_reg_value *v, *one;
    size_t n;

    memhost_reset();
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, dword, 4};
    LMT_EQ(lm_reg_list(H, "LanmanServer\\Parameters", &v, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_STR(v[0].name, "SMB1");
    LMT_EQ(v[0].type, LM_REG_DWORD);
    lm_reg_list_free(v, n);
    LMT_EQ(lm_reg_get(H, "LanmanServer\\Parameters", "SMB1", &one), LM_OK);
    LMT_MEM(one->data, dword, 4);
    lm_reg_list_free(one, 1);
    LMT_EQ(lm_reg_get(H, "LanmanServer\\Parameters", "SMB2", &one), LM_ENOENT);
    lm_reg_list_free(NULL, 0);
    lm_reg_subkeys_free(NULL, 0);
}

/* config set and unset never write or delete a value that names code to load, for any service, in any
 * case, with or without a type: refused before the backend is called. */
static void config_refuses_code_values(void)
{
    static const char *const code[][2] = {
        {"LanmanServer", "ServiceDll"},        {"LanmanServer", "servicedll"},
        {"LanmanWorkstation", "ServiceMain"},  {"Spooler", "SERVICEDLL"},
        {"LanmanServer", "ImagePath"},         {"LanmanServer", "FailureCommand"},
        {"LanmanWorkstation", "ProviderPath"},
    };

    memhost_reset();
    FX.reg_writable = true;
    for (size_t i = 0; i < sizeof code / sizeof code[0]; i++) {
        LMT_EQ(lm_config_set(H, code[i][0], code[i][1], NULL, "C:\\evil.dll"), LM_EINVAL);
        LMT_TRUE(strstr(lm_host_error(H)->message, "names code to load; lanman never writes or deletes it") !=
                 NULL);
        LMT_EQ(lm_config_set(H, code[i][0], code[i][1], "REG_EXPAND_SZ", "C:\\evil.dll"), LM_EINVAL);
        LMT_EQ(lm_config_set(H, code[i][0], code[i][1], "REG_DWORD", "1"), LM_EINVAL);
        LMT_EQ(lm_config_unset(H, code[i][0], code[i][1]), LM_EINVAL);
        LMT_TRUE(strstr(lm_host_error(H)->message, "names code to load; lanman never writes or deletes it") !=
                 NULL);
    }
    LMT_EQ(F.calls, 0);
    LMT_EQ(FX.writes, 0);
    /* Settings still pass, by value name or PowerShell name. */
    LMT_EQ(lm_config_set(H, "LanmanServer", "EnableSMB1Protocol", NULL, "0"), LM_OK);
    LMT_EQ(lm_config_unset(H, "LanmanServer", "SMB1"), LM_OK);
    LMT_EQ(F.calls, 2);
}

/* HKLM\SYSTEM\CurrentControlSet\Control\Lsa, outside Services: lm__reg_read_system reads exactly the keys
 * of its allow-list (any case), and nothing writes there: every spelling of the key that lm_reg_set and
 * lm_reg_delete could be given is refused before the backend (whose reg_set would write it), and the value
 * stays as it was. */
static void lsa_is_read_only(void)
{
    static const uint8_t five[] = {5, 0, 0, 0};
    static const char *const lsa[] = {
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
        "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
        "\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
        "..\\Control\\Lsa",
        "LanmanServer\\..\\..\\Control\\Lsa",
    };
    static const char *const not_listed[] = {
        "Control",
        "Control\\Lsa\\MSV1_0",
        "Control\\Lsa\\..\\SecurePipeServers",
        "Control\\SecurePipeServers\\winreg",
        "Services\\LanmanServer\\Parameters",
        "..\\Control\\Lsa",
        "\\Control\\Lsa",
        "Control\\Lsa\\",
        "",
    };
    lm_reg_value *v = NULL;

    memhost_reset();
    FX.reg_writable = true;
    F.reg[F.nreg++] = (struct memhost_reg){"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
                                           "LmCompatibilityLevel", LM_REG_DWORD, five, 4};
    for (size_t i = 0; i < sizeof lsa / sizeof lsa[0]; i++) {
        LMT_EQ(lm_reg_set(H, lsa[i], "LmCompatibilityLevel", LM_REG_DWORD, "\0\0\0\0", 4), LM_EPATH);
        LMT_EQ(lm_reg_delete(H, lsa[i], "LmCompatibilityLevel"), LM_EPATH);
    }
    LMT_EQ(F.calls, 0);
    LMT_EQ(FX.writes, 0);

    LMT_EQ(lm__reg_read_system(H, "Control\\Lsa", "LmCompatibilityLevel", &v), LM_OK);
    LMT_EQ(v->type, LM_REG_DWORD);
    LMT_MEM(v->data, five, 4); /* unchanged */
    lm_reg_list_free(v, 1);
    LMT_EQ(lm__reg_read_system(H, "control\\LSA", "LmCompatibilityLevel", &v), LM_OK);
    lm_reg_list_free(v, 1);
    LMT_EQ(lm__reg_read_system(H, "Control\\Lsa", "RestrictAnonymous", &v), LM_ENOENT);
    LMT_EQ(F.calls, 3);
    for (size_t i = 0; i < sizeof not_listed / sizeof not_listed[0]; i++)
        LMT_EQ(lm__reg_read_system(H, not_listed[i], "LmCompatibilityLevel", &v), LM_EPATH);
    LMT_EQ(lm__reg_read_system(H, NULL, "LmCompatibilityLevel", &v), LM_EPATH);
    LMT_EQ(F.calls, 3);
    LMT_STR(lm_host_error(H)->message, "registry key '' is not readable: outside "
                                       "HKLM\\SYSTEM\\CurrentControlSet\\Services, lanman reads only "
                                       "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa");
}

static const struct lmt_test tests[] = {
    LMT_TEST(bad_keys_never_reach_the_backend), LMT_TEST(good_keys_pass),   LMT_TEST(list_and_free),
    LMT_TEST(config_refuses_code_values),       LMT_TEST(lsa_is_read_only), LMT_END,
};

const struct lmt_suite lmt_suite_host_registry = {"host_registry", NULL, NULL, NULL, tests};
