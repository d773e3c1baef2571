/* The settings catalogue: the entries the issue requires, their PowerShell names (Set-SmbServerConfiguration
 * / Set-SmbClientConfiguration parameter lists), and lm__catalog_check() as `config set` uses it. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/catalog.h"

static void required_entries(void)
{
    static const char *const server[] = {
        "SMB1",
        "SMB2",
        "AutoShareServer",
        "AutoShareWks",
        "RequireSecuritySignature",
        "EnableSecuritySignature",
        "RestrictNullSessAccess",
        "NullSessionPipes",
        "NullSessionShares",
        "Hidden",
        "srvcomment",
        "EncryptData",
        "RejectUnencryptedAccess",
        "AutoDisconnect",
    };
    static const char *const wks[] = {"RequireSecuritySignature", "EnableSecuritySignature",
                                      "EnablePlainTextPassword", "AllowInsecureGuestAuth"};

    for (size_t i = 0; i < sizeof server / sizeof server[0]; i++) {
        const lm_setting *s = lm__catalog_find(LM__SVC_SERVER, server[i]);
        LMT_PTR_OK(s);
        LMT_STR(s->name, server[i]);
        LMT_STR(s->service, "LanmanServer");
    }
    for (size_t i = 0; i < sizeof wks / sizeof wks[0]; i++) {
        const lm_setting *s = lm__catalog_find(LM__SVC_WORKSTATION, wks[i]);
        LMT_PTR_OK(s);
        LMT_STR(s->service, "LanmanWorkstation");
    }
    LMT_PTR_NULL(lm__catalog_find(LM__SVC_WORKSTATION, "SMB1"));
    LMT_PTR_NULL(lm__catalog_find(LM__SVC_SERVER, "NoSuchValue"));
}

static void lookup_is_case_insensitive(void)
{
    const lm_setting *s = lm__catalog_find("lanmanserver", "smb1");

    LMT_PTR_OK(s);
    LMT_STR(s->name, "SMB1");
    LMT_EQ(s->type, LM_REG_DWORD);
    LMT_STR(s->def, "1");
    LMT_STR(s->recommended, "0");
    LMT_PTR_OK(s->why);
    LMT_STR(s->ps_name, "EnableSMB1Protocol");
    LMT_TRUE(s->boolean);
    LMT_EQ(s->min, 0);
    LMT_EQ(s->max, 1);
}

static void powershell_names(void)
{
    static const struct {
        const char *service, *ps, *name;
    } map[] = {
        {LM__SVC_SERVER, "EnableSMB1Protocol", "SMB1"},
        {LM__SVC_SERVER, "EnableSMB2Protocol", "SMB2"},
        {LM__SVC_SERVER, "AutoShareServer", "AutoShareServer"},
        {LM__SVC_SERVER, "autoshareworkstation", "AutoShareWks"},
        {LM__SVC_SERVER, "ServerHidden", "Hidden"},
        {LM__SVC_SERVER, "AnnounceComment", "srvcomment"},
        {LM__SVC_SERVER, "AutoDisconnectTimeout", "AutoDisconnect"},
        {LM__SVC_SERVER, "NullSessionPipes", "NullSessionPipes"},
        {LM__SVC_SERVER, "EncryptData", "EncryptData"},
        {LM__SVC_SERVER, "RejectUnencryptedAccess", "RejectUnencryptedAccess"},
        {LM__SVC_WORKSTATION, "EnableInsecureGuestLogons", "AllowInsecureGuestAuth"},
        {LM__SVC_WORKSTATION, "RequireSecuritySignature", "RequireSecuritySignature"},
    };

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const lm_setting *s = lm__catalog_find_ps(map[i].service, map[i].ps);
        LMT_PTR_OK(s);
        LMT_STR(s->name, map[i].name);
        LMT_STR(s->service, map[i].service);
    }
    /* Without a service, the server's comes first. */
    LMT_STR(lm__catalog_find_ps(NULL, "RequireSecuritySignature")->service, LM__SVC_SERVER);
    LMT_PTR_NULL(lm__catalog_find_ps(LM__SVC_WORKSTATION, "EnableSMB1Protocol"));
    /* No PowerShell property for these. */
    LMT_PTR_NULL(lm__catalog_find(LM__SVC_SERVER, "RestrictNullSessAccess")->ps_name);
    LMT_PTR_NULL(lm__catalog_find(LM__SVC_WORKSTATION, "EnablePlainTextPassword")->ps_name);
}

/* Every entry is complete, and its default and recommended values pass its own check. */
static void entries_are_consistent(void)
{
    size_t n;
    const lm_setting *all = lm__catalog_all(&n);

    LMT_TRUE(n >= 18);
    for (size_t i = 0; i < n; i++) {
        const lm_setting *s = &all[i];
        lm_error e;

        if (!s->loads_code)
            LMT_STR(s->subkey, "Parameters");
        LMT_PTR_OK(lm__regtype_name(s->type));
        LMT_TRUE(s->meaning != NULL && s->meaning[0] != '\0');
        LMT_TRUE(s->def != NULL || s->default_note != NULL); /* no default: say why */
        LMT_TRUE((s->recommended == NULL) == (s->why == NULL));
        if (s->boolean)
            LMT_TRUE(s->type == LM_REG_DWORD && s->min == 0 && s->max == 1);
        LMT_PTR_OK(lm__catalog_find(s->service, s->name));
        lm_error_clear(&e);
        if (s->def != NULL)
            LMT_EQ(lm__catalog_check(s, s->type, s->def, NULL, &e), LM_OK);
        if (s->recommended != NULL)
            LMT_EQ(lm__catalog_check(s, s->type, s->recommended, NULL, &e), LM_OK);
    }
}

static void iterate_a_service(void)
{
    size_t n, server = 0, seen = 0;
    const lm_setting *all = lm__catalog_all(&n);

    for (size_t i = 0; i < n; i++)
        server += strcmp(all[i].service, LM__SVC_SERVER) == 0 && !all[i].loads_code;
    for (const lm_setting *s = lm__catalog_next("LANMANSERVER", NULL); s != NULL;
         s = lm__catalog_next(LM__SVC_SERVER, s)) {
        LMT_STR(s->service, LM__SVC_SERVER);
        seen++;
    }
    LMT_EQ(seen, server);
    LMT_TRUE(server >= 14);
    LMT_PTR_NULL(lm__catalog_next("Spooler", NULL));
}

static void expect_refused(const char *svc, const char *name, uint32_t type, const char *text, lm_status want,
                           const char *needle)
{
    const lm_setting *s = lm__catalog_find(svc, name);
    struct lm__regval v = {0};
    lm_error e;

    LMT_PTR_OK(s);
    lm_error_clear(&e);
    LMT_EQ(lm__catalog_check(s, type, text, &v, &e), want);
    LMT_EQ(e.status, want);
    LMT_PTR_NULL(v.data); /* nothing to write */
    LMT_TRUE(strstr(e.message, name) != NULL);
    LMT_TRUE(strstr(e.message, needle) != NULL);
    LMT_PTR_NULL(strchr(e.message, '\n'));
}

static void check_refuses(void)
{
    expect_refused(LM__SVC_SERVER, "SMB1", LM_REG_DWORD, "banana", LM_EINVAL, "0 or 1");
    expect_refused(LM__SVC_SERVER, "SMB1", LM_REG_DWORD, "2", LM_ERANGE, "0 or 1");
    expect_refused(LM__SVC_SERVER, "SMB1", LM_REG_DWORD, "4294967296", LM_ERANGE, "'4294967296'");
    expect_refused(LM__SVC_SERVER, "SMB1", LM_REG_DWORD, "", LM_EINVAL, "0 or 1");
    expect_refused(LM__SVC_SERVER, "SMB1", LM_REG_SZ, "0", LM_ETYPE, "is REG_DWORD, not REG_SZ");
    expect_refused(LM__SVC_SERVER, "NullSessionPipes", LM_REG_SZ, "x", LM_ETYPE, "REG_MULTI_SZ");
    expect_refused(LM__SVC_SERVER, "NullSessionPipes", LM_REG_MULTI_SZ, "a\n\nb", LM_EINVAL, "empty");
    expect_refused(LM__SVC_SERVER, "SmbServerNameHardeningLevel", LM_REG_DWORD, "3", LM_ERANGE,
                   "from 0 to 2");
    expect_refused(LM__SVC_SERVER, "AutoDisconnect", LM_REG_DWORD, "-1", LM_EINVAL, "from 0 to 4294967295");
    expect_refused(LM__SVC_WORKSTATION, "AllowInsecureGuestAuth", LM_REG_DWORD, "yes", LM_EINVAL, "0 or 1");
    LMT_EQ(lm__catalog_check(lm__catalog_find(LM__SVC_SERVER, "SMB1"), LM_REG_SZ, "0", NULL, NULL), LM_ETYPE);
    LMT_EQ(lm__catalog_check(lm__catalog_find(LM__SVC_SERVER, "SMB1"), LM_REG_DWORD, "7", NULL, NULL),
           LM_ERANGE);
}

static void check_accepts(void)
{
    const lm_setting *s = lm__catalog_find(LM__SVC_SERVER, "SMB1");
    struct lm__regval v = {0};

    LMT_EQ(lm__catalog_check(s, LM_REG_DWORD, "0", &v, NULL), LM_OK);
    LMT_EQ(v.type, LM_REG_DWORD);
    LMT_EQ(v.len, 4);
    LMT_MEM(v.data, "\0\0\0\0", 4);
    lm__regval_free(&v);
    LMT_EQ(lm__catalog_check(s, LM_REG_DWORD, "0x1", &v, NULL), LM_OK);
    LMT_MEM(v.data, "\x01\0\0\0", 4);
    lm__regval_free(&v);

    s = lm__catalog_find(LM__SVC_SERVER, "AutoDisconnect");
    LMT_EQ(lm__catalog_check(s, LM_REG_DWORD, "4294967295", NULL, NULL), LM_OK);
    s = lm__catalog_find(LM__SVC_SERVER, "NullSessionShares");
    LMT_EQ(lm__catalog_check(s, LM_REG_MULTI_SZ, "COMCFG\nDFS$", &v, NULL), LM_OK);
    LMT_EQ(v.len, 26); /* "COMCFG" 7 units, "DFS$" 5 units, final NUL 1 unit */
    lm__regval_free(&v);
    s = lm__catalog_find(LM__SVC_SERVER, "srvcomment");
    LMT_EQ(lm__catalog_check(s, LM_REG_SZ, "File server", NULL, NULL), LM_OK);
}

/* A name the catalogue does not know is allowed when the caller gives a type: the value model alone
 * validates it. */
static void unknown_name_with_type(void)
{
    struct lm__regval v = {0};

    LMT_PTR_NULL(lm__catalog_find(LM__SVC_SERVER, "MaxMpxCt"));
    LMT_EQ(lm__regval_from_text(LM_REG_DWORD, "50", &v, NULL), LM_OK);
    LMT_MEM(v.data, "\x32\0\0\0", 4);
    lm__regval_free(&v);
    LMT_EQ(lm__regval_from_text(LM_REG_DWORD, "banana", &v, NULL), LM_EINVAL);
}

static void prepare_for_config_set(void)
{
    struct lm__regval v = {0};
    lm_error e;

    LMT_EQ(lm__catalog_prepare("lanmanserver", "smb1", NULL, "0", &v, NULL), LM_OK);
    LMT_EQ(v.type, LM_REG_DWORD);
    LMT_MEM(v.data, "\0\0\0\0", 4);
    lm__regval_free(&v);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "SMB1", "REG_SZ", "0", &v, NULL), LM_ETYPE);
    lm_error_clear(&e);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "SMB1", "REG_BOGUS", "0", &v, &e), LM_EINVAL);
    LMT_TRUE(strstr(e.message, "REG_BOGUS") != NULL);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "SMB1", "reg_dword", "banana", &v, NULL), LM_EINVAL);
    /* Unknown settings: allowed with a type, refused without one. */
    lm_error_clear(&e);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "MaxMpxCt", NULL, "50", &v, &e), LM_ETYPE);
    LMT_TRUE(strstr(e.message, "MaxMpxCt") != NULL);
    LMT_PTR_NULL(v.data);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "MaxMpxCt", "REG_DWORD", "50", &v, NULL), LM_OK);
    LMT_MEM(v.data, "\x32\0\0\0", 4);
    lm__regval_free(&v);
    lm_error_clear(&e);
    LMT_EQ(lm__catalog_prepare(LM__SVC_SERVER, "MaxMpxCt", "REG_DWORD", "x", &v, &e), LM_EINVAL);
    LMT_TRUE(strstr(e.message, "MaxMpxCt") != NULL);
    LMT_PTR_NULL(v.data);
}

static void recommended_values(void)
{
    const lm_setting *smb1 = lm__catalog_find(LM__SVC_SERVER, "SMB1");
    const lm_setting *shares = lm__catalog_find(LM__SVC_SERVER, "NullSessionShares");
    struct lm__regval off = {LM_REG_DWORD, (uint8_t *)"\0\0\0\0", 4};
    struct lm__regval on = {LM_REG_DWORD, (uint8_t *)"\x01\0\0\0", 4};
    struct lm__regval text = {LM_REG_SZ, (uint8_t *)"0\0\0\0", 4};
    struct lm__regval empty = {LM_REG_MULTI_SZ, NULL, 0};
    struct lm__regval one = {LM_REG_MULTI_SZ, (uint8_t *)"a\0\0\0\0\0", 6};

    LMT_EQ(lm__catalog_is_recommended(smb1, &off), 1);
    LMT_EQ(lm__catalog_is_recommended(smb1, &on), 0);
    LMT_EQ(lm__catalog_is_recommended(smb1, &text), LM_ENOENT);
    LMT_EQ(lm__catalog_is_recommended(lm__catalog_find(LM__SVC_SERVER, "AutoShareServer"), &on), LM_ENOENT);
    LMT_EQ(lm__catalog_is_recommended(shares, &empty), 1);
    LMT_EQ(lm__catalog_is_recommended(shares, &one), 0);
    LMT_EQ(lm__catalog_is_recommended(lm__catalog_find(LM__SVC_WORKSTATION, "AllowInsecureGuestAuth"), &on),
           0);
}

/* The values that name code to load are marked, found in any case, and never iterated as settings; data
 * values (pipes, comments, a DWORD whose name starts like one) are not. */
static void code_values(void)
{
    static const char *const code[] = {"ServiceDll",  "servicedll",     "SERVICEDLL",
                                       "ServiceMain", "servicemain",    "ImagePath",
                                       "imagepath",   "FailureCommand", "ProviderPath"};
    static const char *const data[] = {
        "SMB1", "NullSessionPipes", "srvcomment", "ServiceDllUnloadOnStop", "Service", "", "ServiceDll "};
    size_t n, marked = 0;
    const lm_setting *all = lm__catalog_all(&n);
    lm_error e;

    for (size_t i = 0; i < sizeof code / sizeof code[0]; i++)
        LMT_TRUE(lm__catalog_loads_code(code[i]));
    for (size_t i = 0; i < sizeof data / sizeof data[0]; i++)
        LMT_TRUE(!lm__catalog_loads_code(data[i]));
    LMT_TRUE(lm__catalog_find(LM__SVC_SERVER, "servicedll")->loads_code);
    LMT_TRUE(lm__catalog_find(LM__SVC_WORKSTATION, "ServiceDll")->loads_code);
    for (size_t i = 0; i < n; i++) {
        if (!all[i].loads_code)
            continue;
        marked++;
        LMT_TRUE(all[i].type == LM_REG_SZ || all[i].type == LM_REG_EXPAND_SZ);
        LMT_PTR_NULL(all[i].recommended);
    }
    LMT_TRUE(marked >= 9);
    for (const lm_setting *s = lm__catalog_next(LM__SVC_SERVER, NULL); s != NULL;
         s = lm__catalog_next(LM__SVC_SERVER, s))
        LMT_TRUE(!s->loads_code);
    for (const lm_setting *s = lm__catalog_next(LM__SVC_WORKSTATION, NULL); s != NULL;
         s = lm__catalog_next(LM__SVC_WORKSTATION, s))
        LMT_TRUE(!s->loads_code);
    lm_error_clear(&e);
    LMT_EQ(lm__catalog_refuse_code(LM__SVC_SERVER, "ServiceDll", &e), LM_EINVAL);
    LMT_STR(e.message,
            "LanmanServer\\Parameters\\ServiceDll names code to load; lanman never writes or deletes it "
            "(change it with regedit or reg.exe on the host if you must)");
}

static const struct lmt_test tests[] = {
    LMT_TEST(required_entries),
    LMT_TEST(lookup_is_case_insensitive),
    LMT_TEST(powershell_names),
    LMT_TEST(entries_are_consistent),
    LMT_TEST(iterate_a_service),
    LMT_TEST(check_refuses),
    LMT_TEST(check_accepts),
    LMT_TEST(unknown_name_with_type),
    LMT_TEST(prepare_for_config_set),
    LMT_TEST(recommended_values),
    LMT_TEST(code_values),
    LMT_END,
};
const struct lmt_suite lmt_suite_catalog = {"catalog", NULL, NULL, NULL, tests};
