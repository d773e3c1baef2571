/* lm_config_export on the Win32 backend against Wine's real SCM and registry. Wine has a LanmanServer entry
 * (disabled, with Parameters\ServiceDll) and no LanmanWorkstation: the suite registers a throwaway
 * LanmanWorkstation (lanman_testsvc.exe) depending on a throwaway LmExportDep, writes Parameters values of
 * every common type under both services and a configured share with a security descriptor, then checks
 * that the document validates and holds exactly those settings with the right types. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "svc.h"
#include "xmltest.h"
#include "core/sddl.h"

#define SRV_PARAMS L"SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters"
#define WKS_PARAMS L"SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters"
#define SHARES     L"SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Shares"

static const wchar_t srv_names[][24] = {L"SMB1",   L"AutoShareWks", L"srvcomment", L"NullSessionShares",
                                        L"LmBlob", L"LmBig"};

static int set_value(const wchar_t *key, const wchar_t *name, DWORD type, const void *data, DWORD len)
{
    HKEY k;
    LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);

    if (rc != ERROR_SUCCESS)
        return -1;
    rc = RegSetValueExW(k, name, 0, type, data, len);
    RegCloseKey(k);
    return rc == ERROR_SUCCESS ? 0 : -1;
}

static void delete_value(const wchar_t *key, const wchar_t *name)
{
    HKEY k;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_ALL_ACCESS, &k) != ERROR_SUCCESS)
        return;
    RegDeleteValueW(k, name);
    RegCloseKey(k);
}

static int cleanup(void)
{
    for (size_t i = 0; i < sizeof srv_names / sizeof srv_names[0]; i++)
        delete_value(SRV_PARAMS, srv_names[i]);
    delete_value(SHARES, L"LmExport");
    delete_value(SHARES L"\\Security", L"LmExport");
    tsvc_delete(L"LanmanWorkstation");
    tsvc_delete(L"LmExportDep");
    treg_delete(L"LanmanWorkstation");
    thost_close();
    return 0;
}

static int init(void)
{
    static const DWORD zero = 0, one = 1;
    static const ULONGLONG big = 0x123456789ull;
    static const BYTE blob[] = {0x00, 0x01, 0xfe, 0xff};
    static const wchar_t comment[] = L"Wine file server & <co>", shares[] = L"pub\0docs\0";
    static const wchar_t dll[] = L"%SystemRoot%\\System32\\wkssvc.dll", domains[] = L"\0";
    static const wchar_t conf[] = L"CSCFlags=0\0MaxUses=4294967295\0Path=C:\\export\0Permissions=0\0"
                                  L"Remark=exported\0ShareName=LmExport\0Type=0\0";
    struct lm__share_grant g;
    uint8_t *sd = NULL;
    size_t sdlen = 0;
    int rc = 0;

    if (thost() == NULL)
        return -1;
    cleanup();
    if (tsvc_create(L"LmExportDep", L"lanman export dependency", NULL, SERVICE_DEMAND_START, NULL) != 0 ||
        tsvc_create(L"LanmanWorkstation", L"Workstation", NULL, SERVICE_DEMAND_START, L"LmExportDep\0") != 0)
        return -1;
    memset(&g, 0, sizeof g);
    if (lm__sid_from_string("S-1-5-32-544", &g.sid) != LM_OK || (g.mask = LM__SHARE_RIGHT_CHANGE) == 0 ||
        lm__sd_build(NULL, NULL, &g, 1, &sd, &sdlen) != LM_OK)
        return -1;
    rc |= set_value(SRV_PARAMS, L"SMB1", REG_DWORD, &zero, sizeof zero);
    rc |= set_value(SRV_PARAMS, L"AutoShareWks", REG_DWORD, &one, sizeof one);
    rc |= set_value(SRV_PARAMS, L"srvcomment", REG_SZ, comment, sizeof comment);
    rc |= set_value(SRV_PARAMS, L"NullSessionShares", REG_MULTI_SZ, shares, sizeof shares);
    rc |= set_value(SRV_PARAMS, L"LmBlob", REG_BINARY, blob, sizeof blob);
    rc |= set_value(SRV_PARAMS, L"LmBig", REG_QWORD, &big, sizeof big);
    rc |= set_value(WKS_PARAMS, L"ServiceDll", REG_EXPAND_SZ, dll, sizeof dll);
    rc |= set_value(WKS_PARAMS, L"AllowInsecureGuestAuth", REG_DWORD, &zero, sizeof zero);
    rc |= set_value(WKS_PARAMS, L"OtherDomains", REG_MULTI_SZ, domains, sizeof domains);
    rc |= set_value(SHARES, L"LmExport", REG_MULTI_SZ, conf, sizeof conf);
    rc |= set_value(SHARES L"\\Security", L"LmExport", REG_BINARY, sd, (DWORD)sdlen);
    free(sd);
    return rc;
}

#define SRV "/c:lanman-config/c:service[@name='LanmanServer']"
#define WKS "/c:lanman-config/c:service[@name='LanmanWorkstation']"

static void services(void)
{
    xmlDocPtr doc = xt_export(thost());

    XP_EQ(doc, "/c:lanman-config/c:host/@backend", "win32");
    XP_EQ(doc, "count(/c:lanman-config/c:service)", "2");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@name", "LanmanServer");
    XP_EQ(doc, SRV "/@status", "Stopped");
    XP_EQ(doc, SRV "/@start-type", "Disabled");
    XP_EQ(doc, SRV "/@display-name", "Lanman Server");
    XP_EQ(doc, "/c:lanman-config/c:service[2]/@name", "LanmanWorkstation");
    XP_EQ(doc, "count(" WKS "/@present)", "0");
    XP_EQ(doc, WKS "/@status", "Stopped");
    XP_EQ(doc, WKS "/@start-type", "Manual");
    XP_EQ(doc, WKS "/@display-name", "Workstation");
    XP_EQ(doc, "count(" WKS "/c:depends-on)", "1");
    XP_EQ(doc, WKS "/c:depends-on/@name", "LmExportDep");
    xmlFreeDoc(doc);
}

#define SP SRV "/c:parameters/"
#define WP WKS "/c:parameters/"

/* Exactly the values written (plus Wine's own ServiceDll under LanmanServer), each with its type. */
static void parameters(void)
{
    xmlDocPtr doc = xt_export(thost());

    XP_EQ(doc, "count(" SP "*[not(self::c:default)])", "7");
    XP_EQ(doc, SP "c:sz[@name='ServiceDll']", "C:\\windows\\system32\\srvsvc.dll");
    XP_EQ(doc, SP "c:dword[@name='SMB1']", "0");
    XP_EQ(doc, SP "c:dword[@name='SMB1']/@at-default", "false");
    XP_EQ(doc, SP "c:dword[@name='AutoShareWks']", "1");
    XP_EQ(doc, SP "c:dword[@name='AutoShareWks']/@at-default", "true");
    XP_EQ(doc, SP "c:sz[@name='srvcomment']", "Wine file server & <co>");
    XP_EQ(doc, "count(" SP "c:multi-sz[@name='NullSessionShares']/c:string)", "2");
    XP_EQ(doc, SP "c:multi-sz[@name='NullSessionShares']/c:string[1]", "pub");
    XP_EQ(doc, SP "c:multi-sz[@name='NullSessionShares']/c:string[2]", "docs");
    XP_EQ(doc, SP "c:binary[@name='LmBlob']", "0001feff");
    XP_EQ(doc, SP "c:qword[@name='LmBig']", "4886718345");
    XP_EQ(doc, SP "c:default[@name='SMB2']/@value", "1");
    XP_EQ(doc, "count(" SP "c:default[@name='SMB1'])", "0");

    XP_EQ(doc, "count(" WP "*[not(self::c:default)])", "3");
    XP_EQ(doc, WP "c:expand-sz[@name='ServiceDll']", "%SystemRoot%\\System32\\wkssvc.dll");
    XP_EQ(doc, WP "c:dword[@name='AllowInsecureGuestAuth']", "0");
    XP_EQ(doc, "count(" WP "c:multi-sz[@name='OtherDomains']/c:string)", "0");
    xmlFreeDoc(doc);
}

/* netapi32 under Wine cannot list shares: the live list is present="false"; the configured share is read
 * from the registry with its grants. */
static void shares(void)
{
    xmlDocPtr doc = xt_export(thost());

    XP_EQ(doc, "/c:lanman-config/c:shares/@present", "false");
    /* Version 2; <flags> only for live shares, and configured ones never have them. */
    XP_EQ(doc, "/c:lanman-config/@version", "2");
    XP_EQ(doc, "count(//c:flags)", "0");
#define CS "/c:lanman-config/c:configured-shares/c:share[@name='LmExport']"
    XP_EQ(doc, CS "/c:path", "C:\\export");
    XP_EQ(doc, CS "/c:description", "exported");
    XP_EQ(doc, CS "/@max-uses", "unlimited");
    XP_EQ(doc, CS "/c:security/@sddl", "D:(A;;0x1301bf;;;BA)");
    XP_EQ(doc, CS "/c:security/c:grant/@account", "BUILTIN\\Administrators");
    XP_EQ(doc, CS "/c:security/c:grant/@right", "Change");
    xmlFreeDoc(doc);
}

static const struct lmt_test export_tests[] = {
    LMT_TEST(services),
    LMT_TEST(parameters),
    LMT_TEST(shares),
    LMT_END,
};

const struct lmt_suite lmt_suite_win32_export = {"win32_export", NULL, init, cleanup, export_tests};
