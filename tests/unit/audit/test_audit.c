/* lib/audit without a server: the check ids are a stable interface (order, names, severities), every check
 * tells how to fix it, ms17-010 is not in the default set, and a target that cannot be reached is exactly one
 * 'unreachable' finding. */
#include <string.h>

#include "lanman/audit.h"
#include "testlib.h"

static void check_table(void)
{
    static const char *const ids[] = {"smb1",         "dialects",  "signing", "encryption",
                                      "null-session", "null-enum", "guest",   "ms17-010"};
    static const lm_audit_severity sev[] = {LM_AUDIT_HIGH,   LM_AUDIT_LOW,    LM_AUDIT_MEDIUM, LM_AUDIT_LOW,
                                            LM_AUDIT_MEDIUM, LM_AUDIT_MEDIUM, LM_AUDIT_MEDIUM, LM_AUDIT_HIGH};
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

static const struct lmt_test audit_tests[] = {
    LMT_TEST(check_table),   LMT_TEST(default_mask), LMT_TEST(names),
    LMT_TEST(bad_arguments), LMT_TEST(unreachable),  LMT_END,
};
const struct lmt_suite lmt_suite_audit = {"audit", NULL, NULL, NULL, audit_tests};
