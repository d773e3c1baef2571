/* lib/audit without a server: the check ids are a stable interface (order, names, severities), every check
 * tells how to fix it, ms17-010 is not in the default set, and a target that cannot be reached is exactly one
 * 'unreachable' finding. */
#include <stdio.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "memhost.h"
#include "lanman/audit.h"
#include "testlib.h"

static void check_table(void)
{
    static const char *const ids[] = {"smb1",      "dialects", "signing",  "encryption",  "null-session",
                                      "null-enum", "guest",    "ms17-010", "share-write", "admin-shares",
                                      "registry",  "spooler",  "smbghost"};
    static const lm_audit_severity sev[] = {
        LM_AUDIT_HIGH,   LM_AUDIT_LOW,    LM_AUDIT_MEDIUM, LM_AUDIT_LOW,  LM_AUDIT_MEDIUM,
        LM_AUDIT_MEDIUM, LM_AUDIT_MEDIUM, LM_AUDIT_HIGH,   LM_AUDIT_HIGH, LM_AUDIT_INFO,
        LM_AUDIT_MEDIUM, LM_AUDIT_MEDIUM, LM_AUDIT_INFO};
    size_t n;
    const lm_audit_check *c = lm_audit_checks(&n);

    LMT_EQ(n, sizeof ids / sizeof ids[0]);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(c[i].id, ids[i]);
        CU_ASSERT_EQUAL(c[i].severity, sev[i]);
        CU_ASSERT_EQUAL(lm_audit_check_index(ids[i]), (int)i);
        CU_ASSERT_TRUE(strstr(c[i].remediation, "Samba: ") != NULL); /* a fix for each kind of server */
        CU_ASSERT_TRUE(strstr(c[i].remediation, "Windows: ") != NULL);
        CU_ASSERT_TRUE(c[i].title[0] != '\0');
    }
    CU_ASSERT_EQUAL(lm_audit_check_index("SMB1"), -1); /* ids are exact */
    CU_ASSERT_EQUAL(lm_audit_check_index(LM_AUDIT_UNREACHABLE), -1);
    CU_ASSERT_EQUAL(lm_audit_check_index(NULL), -1);
}

/* ms17-010 opens an SMB1 session: it runs only when asked for by name, every other check by default. */
static void default_mask(void)
{
    size_t n;
    int ms17 = lm_audit_check_index("ms17-010");

    lm_audit_checks(&n);
    LMT_TRUE(ms17 >= 0);
    CU_ASSERT_EQUAL(lm_audit_default_mask(), ((1u << n) - 1) & ~(1u << ms17));
}

static void names(void)
{
    CU_ASSERT_STRING_EQUAL(lm_audit_severity_name(LM_AUDIT_HIGH), "high");
    CU_ASSERT_STRING_EQUAL(lm_audit_severity_name(LM_AUDIT_MEDIUM), "medium");
    CU_ASSERT_STRING_EQUAL(lm_audit_severity_name(LM_AUDIT_LOW), "low");
    CU_ASSERT_STRING_EQUAL(lm_audit_severity_name(LM_AUDIT_INFO), "info");
    CU_ASSERT_STRING_EQUAL(lm_audit_result_name(LM_AUDIT_PASS), "pass");
    CU_ASSERT_STRING_EQUAL(lm_audit_result_name(LM_AUDIT_FAIL), "fail");
    CU_ASSERT_STRING_EQUAL(lm_audit_result_name(LM_AUDIT_UNKNOWN), "unknown");
}

static void bad_arguments(void)
{
    lm_audit_finding *f = (lm_audit_finding *)1;
    size_t n = 7;

    CU_ASSERT_EQUAL(lm_audit_host(NULL, NULL, NULL, ~0u, &f, &n), LM_EINVAL);
    CU_ASSERT_EQUAL(lm_audit_host("127.0.0.1", NULL, NULL, ~0u, NULL, &n), LM_EINVAL);
    CU_ASSERT_PTR_EQUAL(f, (lm_audit_finding *)1); /* untouched */
    CU_ASSERT_EQUAL(n, 7u);
}

/* Port 1 on loopback: refused at once; one finding, whatever checks were asked for. */
static void unreachable(void)
{
    lm_smb_options o;
    lm_audit_finding *f = NULL;
    size_t n = 0;

    memset(&o, 0, sizeof o);
    o.port = 1;
    o.timeout_ms = 3000;
    LMT_EQ(lm_audit_host("127.0.0.1", &o, NULL, ~0u, &f, &n), LM_OK);
    LMT_EQ(n, 1u);
    CU_ASSERT_STRING_EQUAL(f[0].check, LM_AUDIT_UNREACHABLE);
    CU_ASSERT_EQUAL(f[0].result, LM_AUDIT_UNKNOWN);
    CU_ASSERT_EQUAL(f[0].severity, LM_AUDIT_INFO);
    CU_ASSERT_STRING_EQUAL(f[0].detail, "connection refused");
    lm_audit_findings_free(f);
    lm_audit_findings_free(NULL);
}

/* share-write's decision on a DACL: which of Everyone, Anonymous, Guests, Authenticated Users (bits 0-3) may
 * write, each group's allowed bits less its denied ones; Read (0x1200A9) and WRITE_DAC alone are no write. */
static void broad_writers(void)
{
    static char everyone[] = "S-1-1-0", anon[] = "S-1-5-7", guests[] = "S-1-5-32-546", auth[] = "S-1-5-11",
                admins[] = "S-1-5-32-544";
    lm_share_access a[4];

    memset(a, 0, sizeof a);
    a[0].sid = everyone, a[0].mask = 0x001F01FF; /* Full */
    LMT_EQ(lm__audit_broad_writers(a, 1), 1u);
    a[0].mask = 0x001200A9; /* Read */
    LMT_EQ(lm__audit_broad_writers(a, 1), 0u);
    a[0].mask = 0x000C0000; /* WRITE_DAC | WRITE_OWNER: no data */
    LMT_EQ(lm__audit_broad_writers(a, 1), 0u);
    a[0].mask = 0x40000000; /* GENERIC_WRITE */
    LMT_EQ(lm__audit_broad_writers(a, 1), 1u);
    a[0].sid = admins, a[0].mask = 0x001F01FF; /* not a broad group */
    LMT_EQ(lm__audit_broad_writers(a, 1), 0u);
    /* Change for Authenticated Users, Full for Guests, a deny of writing for Guests, Read for Anonymous */
    a[0].sid = auth, a[0].mask = 0x001301BF;
    a[1].sid = guests, a[1].mask = 0x001F01FF;
    a[2].sid = guests, a[2].mask = 0x00000006, a[2].type = LM_SHARE_ACCESS_DENY;
    a[3].sid = anon, a[3].mask = 0x001200A9;
    LMT_EQ(lm__audit_broad_writers(a, 4), 1u << 3);
    LMT_EQ(lm__audit_broad_writers(a, 2), 1u << 3 | 1u << 2);
    a[1].sid = NULL; /* an entry without a SID is skipped */
    LMT_EQ(lm__audit_broad_writers(a, 2), 1u << 3);
}

/* Share names are server text: control characters and backslashes escaped; the list capped with "and N
 * more". */
static void name_list(void)
{
    struct lm__audit_names l = {0};
    char name[40];

    CU_ASSERT_STRING_EQUAL(lm__audit_names_text(&l), "");
    lm__audit_names_add(&l, "data");
    lm__audit_names_add(&l, "evil\x1b[31m\\x\n");
    CU_ASSERT_STRING_EQUAL(lm__audit_names_text(&l), "data, evil\\x1B[31m\\x5Cx\\x0A");
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "share%02d", i);
        lm__audit_names_add(&l, name);
    }
    LMT_EQ(l.shown + l.more, 42u);
    CU_ASSERT_TRUE(l.more > 0);
    CU_ASSERT_TRUE(strlen(lm__audit_names_text(&l)) < sizeof l.out - 1);
    snprintf(name, sizeof name, " and %zu more", l.more);
    CU_ASSERT_TRUE(strstr(lm__audit_names_text(&l), name) != NULL);
    CU_ASSERT_STRING_EQUAL(lm__audit_names_text(&l), l.out); /* the same text twice */
}

static const lm_audit_check *check(const char *id)
{
    size_t n;
    return &lm_audit_checks(&n)[lm_audit_check_index(id)];
}

/* registry's decisions on the values a host holds (memhost: the same host interface as winreg's). */
static void registry_values(void)
{
    static const uint8_t one[] = {1, 0, 0, 0}, zero[] = {0, 0, 0, 0}, two[] = {2, 0, 0, 0},
                         three[] = {3, 0, 0, 0}, five[] = {5, 0, 0, 0}, empty[] = {0, 0};
    const char *srv = "LanmanServer\\Parameters", *wks = "LanmanWorkstation\\Parameters",
               *lsa = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
    lm_audit_finding f;

    /* Samba: no LanmanServer\Parameters key */
    memhost_reset();
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_UNKNOWN);
    CU_ASSERT_STRING_EQUAL(f.detail, "no LanmanServer\\Parameters key: no Windows registry (Samba keeps its "
                                     "settings in smb.conf)");
    CU_ASSERT_STRING_EQUAL(f.check, "registry");

    /* SMB1 on, the rest absent: the defaults that differ fail (signing not required, no SPN validation, the
     * client's signing); RestrictNullSessAccess, NullSessionShares, RejectUnencryptedAccess and
     * EnablePlainTextPassword default as recommended; NullSessionPipes and AllowInsecureGuestAuth have no
     * single default; of the Lsa values, LmCompatibilityLevel (3) and RestrictAnonymous (0) default below the
     * recommendation, RestrictAnonymousSAM (1) as recommended */
    F.reg[F.nreg++] = (struct memhost_reg){srv, "SMB1", LM_REG_DWORD, one, 4};
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_FAIL);
    CU_ASSERT_STRING_EQUAL(f.detail, "6 of 13 values not as recommended: SMB1=1 (want 0), "
                                     "RequireSecuritySignature=0 by default (want 1), "
                                     "SmbServerNameHardeningLevel=0 by default (want >= 1) and 3 more");
    CU_ASSERT_TRUE(strstr(f.remediation, "RestrictNullSessAccess = 1") != NULL);

    /* hardened: every value set as recommended (level 2 is above the minimum of 1) */
    memhost_reset();
    F.reg[F.nreg++] = (struct memhost_reg){srv, "SMB1", LM_REG_DWORD, zero, 4};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "RequireSecuritySignature", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "RestrictNullSessAccess", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "NullSessionShares", LM_REG_MULTI_SZ, empty, 2};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "NullSessionPipes", LM_REG_MULTI_SZ, empty, 2};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "RejectUnencryptedAccess", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){srv, "SmbServerNameHardeningLevel", LM_REG_DWORD, two, 4};
    F.reg[F.nreg++] = (struct memhost_reg){wks, "RequireSecuritySignature", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){wks, "EnablePlainTextPassword", LM_REG_DWORD, zero, 4};
    F.reg[F.nreg++] = (struct memhost_reg){wks, "AllowInsecureGuestAuth", LM_REG_DWORD, zero, 4};
    F.reg[F.nreg++] = (struct memhost_reg){lsa, "LmCompatibilityLevel", LM_REG_DWORD, five, 4};
    F.reg[F.nreg++] = (struct memhost_reg){lsa, "RestrictAnonymous", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){lsa, "RestrictAnonymousSAM", LM_REG_DWORD, one, 4};
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_PASS);
    CU_ASSERT_STRING_EQUAL(f.detail, "13 of 13 values as recommended");
    CU_ASSERT_STRING_EQUAL(f.remediation, "");

    /* one client value off: the workstation's is named as such */
    F.reg[8].data = one;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_FAIL);
    CU_ASSERT_STRING_EQUAL(f.detail,
                           "1 of 13 values not as recommended: Wks EnablePlainTextPassword=1 (want 0)");
    /* SPN validation below its minimum */
    F.reg[8].data = zero;
    F.reg[6].data = zero;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_STRING_EQUAL(f.detail,
                           "1 of 13 values not as recommended: SmbServerNameHardeningLevel=0 (want >= 1)");
    F.reg[6].data = two;

    /* Lsa: NTLMv1 still sent (3, Windows' default), anonymous enumeration allowed; RestrictAnonymous 2 is
     * stricter than 1 and passes */
    F.reg[10].data = three;
    F.reg[11].data = zero;
    F.reg[12].data = zero;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_FAIL);
    CU_ASSERT_STRING_EQUAL(f.detail,
                           "3 of 13 values not as recommended: Lsa LmCompatibilityLevel=3 (want 5), "
                           "Lsa RestrictAnonymous=0 (want >= 1), Lsa RestrictAnonymousSAM=0 (want 1)");
    CU_ASSERT_TRUE(strstr(f.remediation, "Control\\Lsa LmCompatibilityLevel = 5 (CIS 2.3.11.7") != NULL);
    F.reg[10].data = five;
    F.reg[11].data = two;
    F.reg[12].data = one;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_PASS);
    /* Lsa absent: the defaults (3, 0, 1) decide */
    F.nreg -= 3;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_STRING_EQUAL(f.detail,
                           "2 of 13 values not as recommended: Lsa LmCompatibilityLevel=3 by default "
                           "(want 5), Lsa RestrictAnonymous=0 by default (want >= 1)");

    /* Control\Lsa refused while Parameters could be read: unknown, naming the key, never a partial pass */
    FX.fail_op = "reg_get_system";
    FX.fail_status = LM_EACCES;
    lm__audit_registry_on(&memhost, check("registry"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_UNKNOWN);
    CU_ASSERT_STRING_EQUAL(f.detail, "needs administrator rights (winreg, Control\\Lsa: EACCES)");
    FX.fail_op = NULL;
}

/* spooler: running (or about to) fails, stopped or absent passes. */
static void spooler_states(void)
{
    lm_audit_finding f;

    memhost_reset();
    memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
    lm__audit_spooler_on(&memhost, check("spooler"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_PASS);
    CU_ASSERT_STRING_EQUAL(f.detail, "no Spooler service (svcctl)");
    memhost_add("Spooler", "Print Spooler", LM_SERVICE_RUNNING);
    lm__audit_spooler_on(&memhost, check("spooler"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_FAIL);
    CU_ASSERT_STRING_EQUAL(f.detail, "Spooler is Running (svcctl)");
    F.svc[1].state = LM_SERVICE_START_PENDING;
    lm__audit_spooler_on(&memhost, check("spooler"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_FAIL);
    F.svc[1].state = LM_SERVICE_STOPPED;
    lm__audit_spooler_on(&memhost, check("spooler"), &f);
    CU_ASSERT_EQUAL(f.result, LM_AUDIT_PASS);
    CU_ASSERT_STRING_EQUAL(f.detail, "Spooler is Stopped (svcctl)");
}

static const struct lmt_test audit_tests[] = {
    LMT_TEST(check_table),    LMT_TEST(default_mask),
    LMT_TEST(names),          LMT_TEST(bad_arguments),
    LMT_TEST(unreachable),    LMT_TEST(broad_writers),
    LMT_TEST(name_list),      LMT_TEST(registry_values),
    LMT_TEST(spooler_states), LMT_END,
};
const struct lmt_suite lmt_suite_audit = {"audit", NULL, NULL, NULL, audit_tests};
