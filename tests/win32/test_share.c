/* The Win32 backend's shares under Wine: Debian's netapi32 has no Samba bridge, so NetShareEnum and
 * NetShareAdd say ERROR_NOT_SUPPORTED, which must come back as LM_ENOTSUP (the CLI then falls back to the
 * configured shares). The configured shares are read from LanmanServer\Shares through the real registry. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "svc.h"
#include "core/regval.h"
#include "core/sddl.h"

static int init(void)
{
    if (thost() == NULL)
        return -1;
    treg_delete(L"LanmanServer\\Shares");
    return treg_create(L"LanmanServer\\Shares\\Security") == 0 ? 0 : -1;
}

static int cleanup(void)
{
    treg_delete(L"LanmanServer\\Shares");
    thost_close();
    return 0;
}

static void netapi_not_supported(void)
{
    lm_share_spec spec = {.name = "Data", .path = "C:\\Data", .max_uses = LM_SHARE_UNLIMITED};
    const lm_error *e = lm_host_error(thost());
    lm_share *v;
    size_t n;

    LMT_EQ(lm_share_list(thost(), &v, &n), LM_ENOTSUP);
    LMT_EQ(e->raw_kind, LM_RAW_WIN32);
    LMT_EQ(e->raw, ERROR_NOT_SUPPORTED);
    LMT_STR(e->message, "cannot list shares: NetShareEnum level 502: not supported by this server (is the "
                        "Server service running?)");
    LMT_EQ(lm_share_add(thost(), &spec), LM_ENOTSUP);
    LMT_EQ(e->raw, ERROR_NOT_SUPPORTED);
    LMT_TRUE(strncmp(e->message, "cannot add share Data: ", 23) == 0);
}

static void set_multisz(const char *name, const char *const *items, size_t n)
{
    uint8_t *p;
    size_t len;

    LMT_EQ(lm__multisz_format(items, n, &p, &len), LM_OK);
    LMT_EQ(lm_reg_set(thost(), "LanmanServer\\Shares", name, LM_REG_MULTI_SZ, p, len), LM_OK);
    free(p);
}

static void configured_shares_from_the_registry(void)
{
    static const char *const data[] = {"CSCFlags=0",    "MaxUses=4294967295",    "Path=C:\\Data",
                                       "Permissions=0", "Remark=Finance, a=b=c", "ShareName=Data",
                                       "Type=0"};
    static const char *const pub[] = {"CSCFlags=16",   "MaxUses=4",     "Path=D:\\Pub",
                                      "Permissions=0", "ShareName=Pub", "Type=0"};
    struct lm__share_grant g[2] = {{.mask = LM__SHARE_RIGHT_READ}, {.mask = LM__SHARE_RIGHT_FULL}};
    struct lm__sid ba, sy;
    uint8_t *sd;
    size_t sdlen, n;
    lm_share *v;

    set_multisz("Data", data, 7);
    set_multisz("Pub", pub, 6);
    LMT_EQ(lm__sid_from_string("WD", &g[0].sid), LM_OK);
    LMT_EQ(lm__sid_from_string("BA", &g[1].sid), LM_OK);
    LMT_EQ(lm__sid_from_string("BA", &ba), LM_OK);
    LMT_EQ(lm__sid_from_string("SY", &sy), LM_OK);
    LMT_EQ(lm__sd_build(&ba, &sy, g, 2, &sd, &sdlen), LM_OK);
    LMT_EQ(lm_reg_set(thost(), "LanmanServer\\Shares\\Security", "Data", LM_REG_BINARY, sd, sdlen), LM_OK);
    free(sd);

    LMT_EQ(lm_share_list_configured(thost(), &v, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].name, "Data");
    LMT_STR(v[0].path, "C:\\Data");
    LMT_STR(v[0].remark, "Finance, a=b=c");
    LMT_EQ(v[0].max_uses, 4294967295u);
    LMT_EQ(v[0].type, LM_STYPE_DISKTREE);
    LMT_STR(v[0].sddl, "O:BAG:SYD:(A;;0x1200a9;;;WD)(A;;FA;;;BA)");
    LMT_TRUE(v[0].configured);
    LMT_EQ(v[0].level, 0);
    LMT_STR(v[1].name, "Pub");
    LMT_STR(v[1].path, "D:\\Pub");
    LMT_PTR_NULL(v[1].remark);
    LMT_EQ(v[1].max_uses, 4);
    LMT_PTR_NULL(v[1].sddl);
    lm_share_list_free(v, n);
}

static const struct lmt_test tests[] = {
    LMT_TEST(netapi_not_supported),
    LMT_TEST(configured_shares_from_the_registry),
    LMT_END,
};

const struct lmt_suite lmt_suite_win32_share = {"win32_share", NULL, init, cleanup, tests};
