/* Plan and apply through the Win32 backend against Wine's real SCM and registry, in a WINEPREFIX of its
 * own (own_prefix.sh): throwaway services named LanmanServer and LanmanWorkstation (lanman_testsvc.exe,
 * replacing Wine's disabled LanmanServer entry) with Parameters keys. The document, read from a file,
 * sets start types and Parameters values; each is read back through the backend, and a second plan is
 * empty. A second document sets values that name code to load (ServiceDll, ServiceMain): they are skipped,
 * and the registry keeps what it had. Last, the round trip of an export that puts values back to their
 * default (<default absent="true"/>). */
#include <stdio.h>
#include <string.h>

#include "svc.h"
#include "testlib.h"

static const char doc[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>\n"
    " <host name='source' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>\n"
    " <service name='LanmanServer' status='Running' start-type='Automatic'>\n"
    "  <parameters>\n"
    "   <dword name='SMB1'>0</dword>\n"
    "   <multi-sz name='NullSessionShares'><string>a</string><string>b c</string></multi-sz>\n"
    "   <default name='SMB2' value='1'/>\n"
    "  </parameters>\n"
    " </service>\n"
    " <service name='LanmanWorkstation' status='Stopped' start-type='Disabled'>\n"
    "  <parameters><sz name='OtherDomains'>caf\xc3\xa9</sz></parameters>\n"
    " </service>\n"
    "</lanman-config>\n";

/* Values that name code to load, in another case and type than the host's, beside a setting. */
static const char code_doc[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>\n"
    " <host name='source' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>\n"
    " <service name='LanmanServer'>\n"
    "  <parameters>\n"
    "   <sz name='servicedll'>C:\\evil.dll</sz>\n"
    "   <expand-sz name='ServiceMain'>EvilMain</expand-sz>\n"
    "   <dword name='SMB1'>1</dword>\n"
    "  </parameters>\n"
    " </service>\n"
    "</lanman-config>\n";

#define FILE_NAME "lanman-apply-test.xml"
#define CODE_FILE "lanman-apply-code.xml"

static int write_file(const char *name, const char *text, size_t len)
{
    FILE *f = fopen(name, "wb");

    if (f == NULL || fwrite(text, 1, len, f) != len) {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int init(void)
{
    static const uint8_t one[] = {1, 0, 0, 0};

    if (thost() == NULL)
        return -1;
    if (tsvc_create(L"LanmanServer", L"Lanman Server (test)", NULL, SERVICE_DISABLED, NULL) != 0 ||
        tsvc_create(L"LanmanWorkstation", L"Lanman Workstation (test)", NULL, SERVICE_DEMAND_START, NULL) !=
            0)
        return -1;
    if (treg_create(L"LanmanServer\\Parameters") != 0 || treg_create(L"LanmanWorkstation\\Parameters") != 0)
        return -1;
    if (lm_reg_set(thost(), "LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, one, sizeof one) != LM_OK)
        return -1;
    return write_file(FILE_NAME, doc, sizeof doc - 1) == 0 &&
                   write_file(CODE_FILE, code_doc, sizeof code_doc - 1) == 0
               ? 0
               : -1;
}

static int cleanup(void)
{
    tsvc_delete(L"LanmanServer");
    tsvc_delete(L"LanmanWorkstation");
    treg_delete(L"LanmanServer");
    treg_delete(L"LanmanWorkstation");
    remove(FILE_NAME);
    remove(CODE_FILE);
    thost_close();
    return 0;
}

static lm_plan *compute_file(const char *name, const lm_plan_options *opt)
{
    lm_baseline *b = NULL;
    lm_plan *p = NULL;
    lm_error err = {0};
    lm_status st;

    st = lm_baseline_load(name, &b, &err);
    if (st != LM_OK)
        fprintf(stderr, "load: %s\n", err.message);
    LMT_EQ(st, LM_OK);
    st = lm_plan_compute(thost(), b, opt, &p);
    if (st != LM_OK)
        fprintf(stderr, "compute: %s\n", lm_host_error(thost())->message);
    lm_baseline_free(b);
    LMT_EQ(st, LM_OK);
    return p;
}

static lm_plan *compute(void)
{
    return compute_file(FILE_NAME, NULL);
}

static void step_is(const lm_plan_step *s, lm_step_kind kind, const char *object, const char *expected,
                    const char *actual)
{
    CU_ASSERT_EQUAL(s->kind, kind);
    CU_ASSERT_STRING_EQUAL(s->object, object);
    CU_ASSERT_STRING_EQUAL(s->expected, expected);
    if (actual == NULL) {
        CU_ASSERT_PTR_NULL(s->actual);
    } else if (s->actual == NULL || strcmp(s->actual, actual) != 0) {
        CU_FAIL(actual);
    }
}

static void value_is(const char *key, const char *name, lm_reg_type type, const void *data, size_t len)
{
    lm_reg_value *v = NULL;

    LMT_EQ(lm_reg_get(thost(), key, name, &v), LM_OK);
    CU_ASSERT_EQUAL(v->type, type);
    CU_ASSERT_EQUAL(v->len, len);
    CU_ASSERT(v->len == len && memcmp(v->data, data, len) == 0);
    lm_reg_list_free(v, 1);
}

static void apply_sets_values_and_start_types(void)
{
    static const uint8_t multi[] = {'a', 0, 0, 0, 'b', 0, ' ', 0, 'c', 0, 0, 0, 0, 0};
    static const uint8_t cafe[] = {'c', 0, 'a', 0, 'f', 0, 0xe9, 0, 0, 0};
    lm_plan *p = compute();
    lm_service *s;
    size_t done = 0;

    LMT_EQ(p->n, 5);
    step_is(&p->steps[0], LM_STEP_START_TYPE, "service LanmanServer", "Automatic", "Disabled");
    step_is(&p->steps[1], LM_STEP_START_TYPE, "service LanmanWorkstation", "Disabled", "Manual");
    step_is(&p->steps[2], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "0", "1");
    step_is(&p->steps[3], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\NullSessionShares", "a\nb c",
            NULL);
    step_is(&p->steps[4], LM_STEP_PARAMETER_SET, "LanmanWorkstation\\Parameters\\OtherDomains", "caf\xc3\xa9",
            NULL);
    LMT_EQ(lm_plan_apply(thost(), p, NULL, NULL, &done), LM_OK);
    LMT_EQ(done, 5);
    lm_plan_free(p);

    /* Read back through the backend. */
    s = tsvc_get("LanmanServer");
    CU_ASSERT_EQUAL(s->start_type, LM_START_AUTOMATIC);
    lm_service_list_free(s, 1);
    s = tsvc_get("LanmanWorkstation");
    CU_ASSERT_EQUAL(s->start_type, LM_START_DISABLED);
    lm_service_list_free(s, 1);
    value_is("LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, "\0\0\0\0", 4);
    value_is("LanmanServer\\Parameters", "NullSessionShares", LM_REG_MULTI_SZ, multi, sizeof multi);
    value_is("LanmanWorkstation\\Parameters", "OtherDomains", LM_REG_SZ, cafe, sizeof cafe);

    /* The host matches the document now. */
    p = compute();
    CU_ASSERT_EQUAL(p->n, 0);
    lm_plan_free(p);
}

/* The host's ServiceDll (REG_EXPAND_SZ) and its absent ServiceMain stay as they are, whatever the document
 * says; SMB1 beside them is applied. With prune too: values are never removed. */
static void code_values_are_never_applied(void)
{
    static const uint8_t dll[] = {'%', 0,   'S', 0,   'R', 0,   '%', 0,   '\\', 0, 's',
                                  0,   '.', 0,   'd', 0,   'l', 0,   'l', 0,    0, 0};
    static const lm_plan_options prune = {0, true, NULL, 0};
    lm_reg_value *v = NULL;
    lm_plan *p;
    size_t done = 0;

    LMT_EQ(lm_reg_set(thost(), "LanmanServer\\Parameters", "ServiceDll", LM_REG_EXPAND_SZ, dll, sizeof dll),
           LM_OK);
    p = compute_file(CODE_FILE, &prune);
    LMT_EQ(p->n, 1);
    step_is(&p->steps[0], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "1", "0");
    LMT_EQ(p->nskipped, 2);
    CU_ASSERT_STRING_EQUAL(p->skipped[0].object, "LanmanServer\\Parameters\\servicedll");
    CU_ASSERT_STRING_EQUAL(p->skipped[0].expected, "REG_SZ C:\\evil.dll");
    CU_ASSERT_STRING_EQUAL(p->skipped[0].actual, "REG_EXPAND_SZ %SR%\\s.dll");
    CU_ASSERT_STRING_EQUAL(p->skipped[1].object, "LanmanServer\\Parameters\\ServiceMain");
    CU_ASSERT_PTR_NULL(p->skipped[1].actual);
    CU_ASSERT_STRING_EQUAL(p->skipped[0].why, "names code to load; lanman never applies it");
    LMT_EQ(lm_plan_apply(thost(), p, NULL, NULL, &done), LM_OK);
    LMT_EQ(done, 1);
    lm_plan_free(p);

    /* Read back: ServiceDll as it was, no ServiceMain, SMB1 applied. */
    value_is("LanmanServer\\Parameters", "ServiceDll", LM_REG_EXPAND_SZ, dll, sizeof dll);
    CU_ASSERT_EQUAL(lm_reg_get(thost(), "LanmanServer\\Parameters", "ServiceMain", &v), LM_ENOENT);
    value_is("LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, "\1\0\0\0", 4);
    /* And the next plan still skips them, with nothing else to do. */
    p = compute_file(CODE_FILE, &prune);
    CU_ASSERT_EQUAL(p->n, 0);
    CU_ASSERT_EQUAL(p->nskipped, 2);
    lm_plan_free(p);
}

struct doc_buf {
    char text[256 * 1024];
    size_t len;
};

static lm_status to_buf(void *ctx, const void *buf, size_t len)
{
    struct doc_buf *d = ctx;

    if (len >= sizeof d->text - d->len)
        return LM_EOVERFLOW;
    memcpy(d->text + d->len, buf, len);
    d->len += len;
    d->text[d->len] = '\0';
    return LM_OK;
}

/* The round trip of issue 16 in Wine's registry: SMB1 and RequireSecuritySignature at their default
 * (absent) are exported as <default absent="true"/>; `config set` then writes them by their PowerShell names
 * and PowerShell booleans (EnableSMB1Protocol False, RequireSecuritySignature $true); applying the export
 * removes both, so that they are at their default again, and a second plan is empty. */
static void export_restores_defaults(void)
{
    static const lm_plan_options params = {LM_PLAN_PARAMETERS | LM_PLAN_SERVICES, false, NULL, 0};
    static struct doc_buf d;
    lm_baseline *b = NULL;
    lm_reg_value *v = NULL;
    lm_error err = {0};
    lm_plan *p = NULL;
    size_t done = 0;
    lm_status st;

    st = lm_config_unset(thost(), "LanmanServer", "SMB1");
    CU_ASSERT(st == LM_OK || st == LM_ENOENT);
    LMT_EQ(lm_config_unset(thost(), "LanmanServer", "SMB1"),
           LM_ENOENT); /* the CLI's "already at its default" */
    d.len = 0;
    LMT_EQ(lm_config_export(thost(), to_buf, &d), LM_OK);
    LMT_PTR_OK(strstr(d.text, "<default name=\"SMB1\" value=\"1\" absent=\"true\"/>"));
    LMT_PTR_OK(strstr(d.text, "<default name=\"RequireSecuritySignature\" value=\"0\" absent=\"true\"/>"));

    LMT_EQ(lm_config_set(thost(), "LanmanServer", "EnableSMB1Protocol", NULL, "False"), LM_OK);
    LMT_EQ(lm_config_set(thost(), "LanmanServer", "RequireSecuritySignature", NULL, "$true"), LM_OK);
    value_is("LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, "\0\0\0\0", 4);
    value_is("LanmanServer\\Parameters", "RequireSecuritySignature", LM_REG_DWORD, "\1\0\0\0", 4);

    st = lm_baseline_parse(d.text, d.len, "export.xml", &b, &err);
    if (st != LM_OK)
        fprintf(stderr, "parse: %s\n", err.message);
    LMT_EQ(st, LM_OK);
    LMT_EQ(lm_plan_compute(thost(), b, &params, &p), LM_OK);
    LMT_EQ(p->n, 2);
    step_is(&p->steps[0], LM_STEP_PARAMETER_REMOVE, "LanmanServer\\Parameters\\SMB1", "absent (default 1)",
            "0");
    step_is(&p->steps[1], LM_STEP_PARAMETER_REMOVE, "LanmanServer\\Parameters\\RequireSecuritySignature",
            "absent (default 0)", "1");
    LMT_EQ(lm_plan_apply(thost(), p, NULL, NULL, &done), LM_OK);
    LMT_EQ(done, 2);
    lm_plan_free(p);
    CU_ASSERT_EQUAL(lm_reg_get(thost(), "LanmanServer\\Parameters", "SMB1", &v), LM_ENOENT);
    CU_ASSERT_EQUAL(lm_reg_get(thost(), "LanmanServer\\Parameters", "RequireSecuritySignature", &v),
                    LM_ENOENT);
    LMT_EQ(lm_plan_compute(thost(), b, &params, &p), LM_OK);
    CU_ASSERT_EQUAL(p->n, 0);
    lm_plan_free(p);
    lm_baseline_free(b);
}

/* Version 2 in the Windows build: a document whose share has <flags> loads, its Parameters apply (Wine's
 * netapi32 cannot list shares, so its shares are not planned here: interop.xml_apply.flags and the memhost
 * tests cover them), and a version 3 document is refused naming the versions this lanman reads. */
static void version2_document(void)
{
    static const char v2[] =
        "<lanman-config xmlns='urn:lanman:config:1' version='2'>"
        "<host name='source' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
        "<service name='LanmanServer'><parameters><dword name='SMB1'>5</dword></parameters></service>"
        "<shares><share name='Data' type='Disk' type-flags='00000000'><path>C:\\Data</path>"
        "<flags value='00008010' caching-mode='Documents' encrypt-data='true' dfs='false'/></share></shares>"
        "</lanman-config>";
    static const lm_plan_options params = {LM_PLAN_PARAMETERS, false, NULL, 0};
    char v3[sizeof v2];
    lm_baseline *b = NULL;
    lm_error err = {0};
    lm_plan *p = NULL;
    size_t done = 0;
    lm_status st;

    LMT_EQ(lm_reg_set(thost(), "LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, "\1\0\0\0", 4), LM_OK);
    st = lm_baseline_parse(v2, sizeof v2 - 1, "v2.xml", &b, &err);
    if (st != LM_OK)
        fprintf(stderr, "parse: %s\n", err.message);
    LMT_EQ(st, LM_OK);
    LMT_EQ(lm_plan_compute(thost(), b, &params, &p), LM_OK);
    LMT_EQ(p->n, 1);
    step_is(&p->steps[0], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "5", "1");
    LMT_EQ(lm_plan_apply(thost(), p, NULL, NULL, &done), LM_OK);
    LMT_EQ(done, 1);
    lm_plan_free(p);
    lm_baseline_free(b);
    value_is("LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, "\5\0\0\0", 4);

    memcpy(v3, v2, sizeof v2);
    memcpy(strstr(v3, "version='2'"), "version='3'", 11);
    b = NULL;
    LMT_EQ(lm_baseline_parse(v3, sizeof v3 - 1, "v3.xml", &b, &err), LM_EINVAL);
    LMT_PTR_NULL(b);
    LMT_PTR_OK(strstr(err.message, "v3.xml:1: version: this lanman reads documents of version 1 and 2 only"));
}

static const struct lmt_test tests[] = {
    LMT_TEST(apply_sets_values_and_start_types),
    LMT_TEST(code_values_are_never_applied),
    LMT_TEST(export_restores_defaults),
    LMT_TEST(version2_document),
    LMT_END,
};

const struct lmt_suite lmt_suite_win32_apply = {"win32_apply", NULL, init, cleanup, tests};
