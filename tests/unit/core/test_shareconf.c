/* Configured shares (LanmanServer\Shares REG_MULTI_SZ values), share type flags (MS-SRVS 2.2.2.4) and the
 * `share add` name/path checks (MS-SRVS 2.2.2.8 NAMETYPE_SHARE). The string lists are the ones Windows
 * writes: CSCFlags, MaxUses, Path, Permissions, Remark, ShareName, Type, in that order. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/regval.h"
#include "core/shareconf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void expect_list(const struct lm__strlist *l, const char *const *want, size_t n)
{
    LMT_EQ(l->n, n);
    for (size_t i = 0; i < n; i++)
        LMT_STR(l->v[i], want[i]);
}

/* Parse, then format, and get back exactly the same strings. */
static void round_trip(const char *value_name, const char *const *strings, size_t n, struct lm__shareconf *sc)
{
    struct lm__strlist out = {0};
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__shareconf_parse(value_name, strings, n, sc, &e), LM_OK);
    LMT_EQ(lm__shareconf_format(sc, &out), LM_OK);
    expect_list(&out, strings, n);
    lm__strlist_free(&out);
}

static void windows_entry(void)
{
    static const char *const s[] = {"CSCFlags=0",    "MaxUses=4294967295",  "Path=C:\\Data",
                                    "Permissions=0", "Remark=Finance, a=b", "ShareName=Data",
                                    "Type=0"};
    struct lm__shareconf sc;

    round_trip("Data", s, N(s), &sc);
    LMT_STR(sc.name, "Data");
    LMT_STR(sc.path, "C:\\Data");
    LMT_STR(sc.remark, "Finance, a=b"); /* split on the first '=' only */
    LMT_EQ(sc.max_uses, LM_SHARE_UNLIMITED);
    LMT_EQ(sc.max_uses, 4294967295u);
    LMT_EQ(sc.type, 0);
    LMT_EQ(sc.permissions, 0);
    LMT_EQ(sc.csc_flags, 0);
    LMT_EQ(sc.fields, LM__SHARECONF_STANDARD | LM_SHARECONF_REMARK);
    LMT_EQ(sc.extra.n, 0);
    lm__shareconf_free(&sc);
}

static void unknown_keys_are_kept(void)
{
    /* Newer Windows adds CATimeout (continuous availability), which sorts first. */
    static const char *const s[] = {
        "CATimeout=0", "CSCFlags=16",      "MaxUses=10", "Path=D:\\Pub", "Permissions=63",
        "Remark=",     "ShareName=Public", "Type=0",     "Zeta=x=y"};
    struct lm__shareconf sc;

    round_trip("Public", s, N(s), &sc);
    LMT_EQ(sc.csc_flags, 16);
    LMT_EQ(sc.max_uses, 10);
    LMT_EQ(sc.permissions, 63);
    LMT_STR(sc.remark, "");
    LMT_TRUE(sc.fields & LM_SHARECONF_REMARK);
    LMT_EQ(sc.extra.n, 2);
    LMT_STR(sc.extra.v[0], "CATimeout=0");
    LMT_STR(sc.extra.v[1], "Zeta=x=y");
    lm__shareconf_free(&sc);
}

static void missing_fields_get_defaults(void)
{
    static const char *const s[] = {"Path=C:\\X"};
    struct lm__shareconf sc;

    round_trip("X", s, N(s), &sc); /* only what was there is written back */
    LMT_STR(sc.name, "X");         /* ShareName= missing: the value name */
    LMT_STR(sc.remark, "");
    LMT_EQ(sc.max_uses, LM_SHARE_UNLIMITED);
    LMT_EQ(sc.type, LM_STYPE_DISKTREE);
    LMT_EQ(sc.permissions, 0);
    LMT_EQ(sc.csc_flags, 0);
    LMT_EQ(sc.fields, LM_SHARECONF_PATH);
    lm__shareconf_free(&sc);

    round_trip("Empty", NULL, 0, &sc);
    LMT_STR(sc.name, "Empty");
    LMT_STR(sc.path, "");
    lm__shareconf_free(&sc);
}

static void special_type(void)
{
    static const char *const s[] = {"MaxUses=0", "Path=", "ShareName=Hidden$", "Type=2147483648"};
    struct lm__shareconf sc;

    round_trip("hidden$", s, N(s), &sc);
    LMT_STR(sc.name, "Hidden$"); /* ShareName= wins over the value name */
    LMT_EQ(sc.type, LM_STYPE_SPECIAL);
    LMT_EQ(sc.max_uses, 0);
    lm__shareconf_free(&sc);
}

static void new_share(void)
{
    static const char *const plain[] = {"CSCFlags=0",    "MaxUses=4294967295", "Path=C:\\Data",
                                        "Permissions=0", "ShareName=Data",     "Type=0"};
    static const char *const remark[] = {"CSCFlags=0",     "MaxUses=5",      "Path=C:\\Data", "Permissions=0",
                                         "Remark=Finance", "ShareName=Data", "Type=0"};
    struct lm__shareconf sc;
    struct lm__strlist out = {0};

    LMT_EQ(lm__shareconf_init(&sc, "Data", "C:\\Data", NULL), LM_OK);
    LMT_EQ(lm__shareconf_format(&sc, &out), LM_OK);
    expect_list(&out, plain, N(plain));
    lm__strlist_free(&out);
    lm__shareconf_free(&sc);

    LMT_EQ(lm__shareconf_init(&sc, "Data", "C:\\Data", "Finance"), LM_OK);
    sc.max_uses = 5;
    LMT_EQ(lm__shareconf_format(&sc, &out), LM_OK);
    expect_list(&out, remark, N(remark));
    lm__strlist_free(&out);
    lm__shareconf_free(&sc);
}

/* The whole path a backend takes: REG_MULTI_SZ bytes from the registry, strings, share. */
static void from_registry_bytes(void)
{
    static const char *const s[] = {"Path=C:\\\xc3\x89t\xc3\xa9", "ShareName=\xc3\x89t\xc3\xa9", "Type=0"};
    struct lm__strlist l = {0};
    struct lm__shareconf sc;
    uint8_t *p;
    size_t n;

    LMT_EQ(lm__multisz_format(s, N(s), &p, &n), LM_OK);
    LMT_EQ(n, 2 * (11 + 15 + 7 + 1));
    LMT_MEM(p + 16, "\xc9\0t\0\xe9\0\0\0", 8); /* "Été" in UTF-16LE after "Path=C:\" */
    LMT_EQ(lm__multisz_parse(p, n, &l), LM_OK);
    LMT_EQ(lm__shareconf_parse("\xc3\x89t\xc3\xa9", (const char *const *)l.v, l.n, &sc, NULL), LM_OK);
    LMT_STR(sc.path, "C:\\\xc3\x89t\xc3\xa9");
    lm__shareconf_free(&sc);
    lm__strlist_free(&l);
    free(p);
}

static void registry_value(void)
{
    struct lm__shareconf sc, back;
    struct lm__regval v = {0};
    lm_error e;

    LMT_EQ(lm__shareconf_init(&sc, "Data", "C:\\Data", NULL), LM_OK);
    LMT_EQ(lm__shareconf_to_regval(&sc, &v, NULL), LM_OK);
    LMT_EQ(v.type, LM_REG_MULTI_SZ);
    /* 6 strings of 10+18+12+13+14+6 characters, a NUL after each, a final NUL: 80 UTF-16 units. */
    LMT_EQ(v.len, 160);
    LMT_MEM(v.data,
            "C\0S\0C\0F\0l\0a\0g\0s\0=\0"
            "0\0\0\0M\0",
            24);
    LMT_MEM(v.data + 144,
            "T\0y\0p\0e\0=\0"
            "0\0\0\0\0\0",
            16);
    LMT_EQ(lm__shareconf_from_regval("Data", &v, &back, NULL), LM_OK);
    LMT_STR(back.path, "C:\\Data");
    LMT_EQ(back.fields, sc.fields);
    lm__shareconf_free(&back);
    v.type = LM_REG_SZ;
    lm_error_clear(&e);
    LMT_EQ(lm__shareconf_from_regval("Data", &v, &back, &e), LM_EPROTO);
    LMT_TRUE(strstr(e.message, "REG_SZ") != NULL);
    v.type = LM_REG_MULTI_SZ;
    v.len--;
    LMT_EQ(lm__shareconf_from_regval("Data", &v, &back, &e), LM_EPROTO);
    lm__regval_free(&v);
    lm__shareconf_free(&sc);
    LMT_STR(LM__SHARES_SECURITY_KEY, "SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Shares\\Security");
}

static void expect_malformed(const char *entry, const char *field)
{
    const char *s[] = {"Path=C:\\Data", entry};
    struct lm__shareconf sc;
    lm_error e;

    memset(&sc, 0x5a, sizeof sc);
    lm_error_clear(&e);
    LMT_EQ(lm__shareconf_parse("Data", s, N(s), &sc, &e), LM_EPROTO);
    LMT_EQ(e.status, LM_EPROTO);
    LMT_TRUE(strstr(e.message, field) != NULL);
    LMT_TRUE(strstr(e.message, "Data") != NULL);
    LMT_EQ(sc.fields, 0x5a5a5a5au); /* untouched */
}

static void malformed_entries(void)
{
    expect_malformed("Remark", "'Remark'");
    expect_malformed("", "''");
    expect_malformed("Type=abc", "Type");
    expect_malformed("Type=", "Type");
    expect_malformed("Type=0x1", "Type");
    expect_malformed("MaxUses=4294967296", "MaxUses");
    expect_malformed("MaxUses=99999999999999999999999", "MaxUses");
    expect_malformed("MaxUses=-1", "MaxUses");
    expect_malformed("CSCFlags= 0", "CSCFlags");
    expect_malformed("Permissions=1a", "Permissions");
    expect_malformed("path=C:\\Other", "Path is given twice");
}

static void type_names(void)
{
    static const struct {
        uint32_t type;
        const char *name;
        bool special, temporary;
    } cases[] = {
        {0, "Disk", false, false},           {1, "PrintQueue", false, false},
        {2, "Device", false, false},         {3, "IPC", false, false},
        {0x80000000u, "Disk", true, false}, /* C$, ADMIN$ */
        {0x80000003u, "IPC", true, false},  /* IPC$ */
        {0x40000000u, "Disk", false, true},  {0xC0000001u, "PrintQueue", true, true},
        {0x02000000u, "Disk", false, false}, /* STYPE_CLUSTER_FS does not change the base type */
        {7, "Unknown", false, false},
    };

    for (size_t i = 0; i < N(cases); i++) {
        struct lm__sharetype t = lm__sharetype_decode(cases[i].type);
        LMT_STR(t.name, cases[i].name);
        LMT_EQ(t.special, cases[i].special);
        LMT_EQ(t.temporary, cases[i].temporary);
    }
}

static void expect_name(const char *name, lm_status want)
{
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__share_name_check(name, &e), want);
    if (want != LM_OK) {
        LMT_EQ(e.status, want);
        LMT_TRUE(e.message[0] != '\0');
        LMT_PTR_NULL(strchr(e.message, '\n'));
    }
}

static void share_names(void)
{
    char name[200];

    expect_name("Data", LM_OK);
    expect_name("Finance Data", LM_OK);
    expect_name("Donn\xc3\xa9"
                "es",
                LM_OK);
    expect_name("C$", LM_OK);
    expect_name("print$", LM_OK);
    expect_name("a.b", LM_OK);
    expect_name("", LM_ENAME);
    expect_name(NULL, LM_ENAME);
    expect_name("IPC$", LM_ENAME);
    LMT_EQ(lm__share_name_check("IPC$", NULL), LM_ENAME); /* err is optional */
    LMT_EQ(lm__share_path_check("\\\\srv\\x", NULL), LM_EPATH);
    expect_name("admin$", LM_ENAME);
    expect_name("...", LM_ENAME);
    expect_name(" . ", LM_ENAME);
    expect_name("\xff", LM_ENAME);
    expect_name("a\x01", LM_ENAME);
    expect_name("a\x1f", LM_ENAME);
    for (const char *c = "\"/\\[]:|<>+=;,*?"; *c != '\0'; c++) {
        snprintf(name, sizeof name, "a%cb", *c);
        expect_name(name, LM_ENAME);
    }
    memset(name, 'x', 80);
    name[80] = '\0';
    expect_name(name, LM_OK);
    name[80] = 'x';
    name[81] = '\0';
    expect_name(name, LM_ENAME);
    /* The limit counts UTF-16 units: U+1F600 takes two. 40 fit, 41 do not. */
    for (int i = 0; i < 41; i++)
        memcpy(name + 4 * i, "\xf0\x9f\x98\x80", 4);
    name[160] = '\0';
    expect_name(name, LM_OK);
    name[160] = '\xf0';
    name[164] = '\0';
    expect_name(name, LM_ENAME);
}

static void expect_path(const char *path, lm_status want)
{
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__share_path_check(path, &e), want);
    if (want != LM_OK)
        LMT_TRUE(e.status == want && e.message[0] != '\0');
}

static void share_paths(void)
{
    expect_path("C:\\Data", LM_OK);
    expect_path("c:\\", LM_OK);
    expect_path("C:\\Data\\", LM_OK);
    expect_path("D:\\Finance Data\\2024.q1", LM_OK);
    expect_path("E:\\\xc3\x89t\xc3\xa9", LM_OK);
    expect_path("", LM_EPATH);
    expect_path(NULL, LM_EPATH);
    expect_path("Data", LM_EPATH);
    expect_path("C:", LM_EPATH);
    expect_path("C:Data", LM_EPATH);
    expect_path("1:\\Data", LM_EPATH);
    expect_path("\\Data", LM_EPATH);
    expect_path("\\\\server\\share", LM_EPATH);
    expect_path("C:/Data", LM_EPATH);
    expect_path("C:\\a\\..\\b", LM_EPATH);
    expect_path("C:\\a\\.", LM_EPATH);
    expect_path("C:\\a\\\\b", LM_EPATH);
    expect_path("C:\\a?b", LM_EPATH);
    expect_path("C:\\a*", LM_EPATH);
    expect_path("C:\\a:b", LM_EPATH);
    expect_path("C:\\a\x01", LM_EPATH);
    expect_path("C:\\\xff", LM_EPATH);
}

static const struct lmt_test tests[] = {
    LMT_TEST(windows_entry),
    LMT_TEST(unknown_keys_are_kept),
    LMT_TEST(missing_fields_get_defaults),
    LMT_TEST(special_type),
    LMT_TEST(new_share),
    LMT_TEST(from_registry_bytes),
    LMT_TEST(registry_value),
    LMT_TEST(malformed_entries),
    LMT_TEST(type_names),
    LMT_TEST(share_names),
    LMT_TEST(share_paths),
    LMT_END,
};
const struct lmt_suite lmt_suite_shareconf = {"shareconf", NULL, NULL, NULL, tests};
