/* The Win32 backend's registry against Wine's real one: every value type round-trips byte for byte under
 * a test key below Services, and keys that would leave Services are refused. */
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "testlib.h"
#include "svc.h"

#define KEY "LmTestReg"

static int init(void)
{
    if (thost() == NULL)
        return -1;
    treg_delete(L"LmTestReg");
    return treg_create(L"LmTestReg") == 0 && treg_create(L"LmTestReg\\Parameters") == 0 ? 0 : -1;
}

static int cleanup(void)
{
    treg_delete(L"LmTestReg");
    thost_close();
    return 0;
}

struct sample {
    const char *name;
    lm_reg_type type;
    const void *data;
    size_t len;
};

/* UTF-16LE with the terminator, as RegSetValueExW callers store strings. */
static const uint8_t sz[] = {'C', 0, ':', 0, '\\', 0, 0xe9, 0, 0, 0};
static const uint8_t expand[] = {'%', 0, 'X', 0, '%', 0, 0, 0};
static const uint8_t multi[] = {'a', 0, '=', 0, 'b', 0, 0, 0, 'c', 0, 0, 0, 0, 0};
static const uint8_t dword[] = {0xff, 0xff, 0xff, 0xff};
static const uint8_t qword[] = {1, 2, 3, 4, 5, 6, 7, 0x80};
static const uint8_t binary[] = {0, 1, 0xfe, 0xff, 0};

static const struct sample samples[] = {
    {"Sz", LM_REG_SZ, sz, sizeof sz},
    {"Expand", LM_REG_EXPAND_SZ, expand, sizeof expand},
    {"Multi", LM_REG_MULTI_SZ, multi, sizeof multi},
    {"Dword", LM_REG_DWORD, dword, sizeof dword},
    {"Qword", LM_REG_QWORD, qword, sizeof qword},
    {"Binary", LM_REG_BINARY, binary, sizeof binary},
    {"Empty", LM_REG_BINARY, "", 0},
    {"", LM_REG_SZ, sz, sizeof sz}, /* the default value */
};

#define NSAMPLES (sizeof samples / sizeof samples[0])

static void every_type_round_trips(void)
{
    lm_reg_value *v, *list;
    size_t n;

    for (size_t i = 0; i < NSAMPLES; i++) {
        const struct sample *s = &samples[i];

        LMT_EQ(lm_reg_set(thost(), KEY, s->name, s->type, s->data, s->len), LM_OK);
        LMT_EQ(lm_reg_get(thost(), KEY, s->name, &v), LM_OK);
        LMT_STR(v->name, s->name);
        LMT_EQ(v->type, s->type);
        LMT_EQ(v->len, s->len);
        LMT_MEM(v->data, s->data, s->len);
        lm_reg_list_free(v, 1);
    }
    LMT_EQ(lm_reg_list(thost(), KEY, &list, &n), LM_OK);
    LMT_EQ(n, NSAMPLES);
    for (size_t i = 0; i < NSAMPLES; i++) {
        size_t k = 0;

        while (k < n && strcmp(list[k].name, samples[i].name) != 0)
            k++;
        LMT_TRUE(k < n);
        LMT_EQ(list[k].type, samples[i].type);
        LMT_EQ(list[k].len, samples[i].len);
        LMT_MEM(list[k].data, samples[i].data, samples[i].len);
    }
    lm_reg_list_free(list, n);
}

static void delete_and_missing(void)
{
    lm_reg_value *v;

    LMT_EQ(lm_reg_set(thost(), KEY, "Gone", LM_REG_DWORD, dword, 4), LM_OK);
    LMT_EQ(lm_reg_delete(thost(), KEY, "Gone"), LM_OK);
    LMT_EQ(lm_reg_get(thost(), KEY, "Gone", &v), LM_ENOENT);
    LMT_EQ(lm_host_error(thost())->raw, ERROR_FILE_NOT_FOUND);
    LMT_EQ(lm_reg_delete(thost(), KEY, "Gone"), LM_ENOENT);
    LMT_EQ(lm_reg_get(thost(), "LmTestNoSuchKey", "x", &v), LM_ENOENT);
    LMT_STR(lm_host_error(thost())->message, "cannot open registry key LmTestNoSuchKey: not found");
    LMT_EQ(lm_reg_set(thost(), "LmTestNoSuchKey", "x", LM_REG_DWORD, dword, 4), LM_ENOENT);
}

static void subkeys(void)
{
    char **names;
    size_t n;

    LMT_EQ(lm_reg_subkeys(thost(), KEY, &names, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_STR(names[0], "Parameters");
    lm_reg_subkeys_free(names, n);
    LMT_EQ(lm_reg_subkeys(thost(), KEY "\\Parameters", &names, &n), LM_OK);
    LMT_EQ(n, 0);
    lm_reg_subkeys_free(names, n);
}

static void escaping_keys_are_refused(void)
{
    static const char *const bad[] = {
        "LmTestReg\\..\\..\\..\\SOFTWARE", "..",         "\\SYSTEM", "HKLM\\SOFTWARE",
        "HKEY_LOCAL_MACHINE\\SOFTWARE",    "LmTestReg\\"};
    lm_reg_value *v;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LMT_EQ(lm_reg_set(thost(), bad[i], "x", LM_REG_DWORD, dword, 4), LM_EPATH);
        LMT_EQ(lm_reg_get(thost(), bad[i], "x", &v), LM_EPATH);
    }
}

/* Control\\Lsa, outside Services, on Wine's real registry: lm__reg_read_system reads a value there (the
 * audit's LmCompatibilityLevel path) and refuses keys off its allow-list; no lanman call writes there. The
 * value is a test one, set and removed with the raw API. */
#define LSA_PATH L"SYSTEM\\CurrentControlSet\\Control\\Lsa"
static void lsa_read_only(void)
{
    static const uint8_t five[] = {5, 0, 0, 0};
    DWORD d = 5, got = 0, len = sizeof got;
    lm_reg_value *v;

    LMT_EQ(RegSetKeyValueW(HKEY_LOCAL_MACHINE, LSA_PATH, L"LmTestLevel", REG_DWORD, &d, sizeof d),
           ERROR_SUCCESS);
    LMT_EQ(lm__reg_read_system(thost(), "Control\\Lsa", "LmTestLevel", &v), LM_OK);
    LMT_EQ(v->type, LM_REG_DWORD);
    LMT_EQ(v->len, 4);
    LMT_MEM(v->data, five, 4);
    lm_reg_list_free(v, 1);
    LMT_EQ(lm__reg_read_system(thost(), "Control\\Lsa", "LmTestNoSuchValue", &v), LM_ENOENT);
    LMT_EQ(lm__reg_read_system(thost(), "Control\\SecurePipeServers", "x", &v), LM_EPATH);
    LMT_EQ(lm_reg_set(thost(), "..\\Control\\Lsa", "LmTestLevel", LM_REG_DWORD, dword, 4), LM_EPATH);
    LMT_EQ(lm_reg_set(thost(), "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa", "LmTestLevel", LM_REG_DWORD,
                      dword, 4),
           LM_EPATH);
    LMT_EQ(lm_reg_delete(thost(), "..\\Control\\Lsa", "LmTestLevel"), LM_EPATH);
    LMT_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, LSA_PATH, L"LmTestLevel", RRF_RT_REG_DWORD, NULL, &got, &len),
           ERROR_SUCCESS);
    LMT_EQ(got, 5); /* unchanged */
    RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, LSA_PATH, L"LmTestLevel");
}

static const struct lmt_test tests[] = {
    LMT_TEST(every_type_round_trips),    LMT_TEST(delete_and_missing), LMT_TEST(subkeys),
    LMT_TEST(escaping_keys_are_refused), LMT_TEST(lsa_read_only),      LMT_END,
};

const struct lmt_suite lmt_suite_win32_registry = {"win32_registry", NULL, init, cleanup, tests};
