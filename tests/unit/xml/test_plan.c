/* Plans against the in-memory host backend (tests/unit/host/memhost.c, with its share table and writable
 * registry), and applying them: order, texts, path maps, what is never planned, refusals, a failing step
 * that stops the run, and idempotence (a second plan after apply is empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memhost.h"
#include "lanman/xml.h"
#include "testlib.h"

static const char doc[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>\n"
    " <host name='other' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>\n"
    " <service name='LanmanServer' status='Stopped' start-type='Automatic'>\n"
    "  <parameters>\n"
    "   <dword name='SMB1'>0</dword>\n"
    "   <dword name='same'>7</dword>\n"
    "   <sz name='srvcomment'>hello</sz>\n"
    "   <default name='EnableSecuritySignature' value='0'/>\n"
    "  </parameters>\n"
    " </service>\n"
    " <service name='LanmanWorkstation' status='Running' start-type='Manual'/>\n"
    " <shares>\n"
    "  <share name='data' type='Disk' type-flags='00000000' max-uses='5' current-uses='9' level='502'>\n"
    "   <path>c:\\data</path><description>new text</description>\n"
    "   <security sddl='O:BAD:P(A;;FA;;;WD)'>"
    "<grant sid='S-1-1-0' account='Everyone' right='Full' mask='001F01FF'/></security>\n"
    "  </share>\n"
    "  <share name='Reports' type='Disk' type-flags='00000000'>\n"
    "   <path>C:\\Src\\Reports</path><description>Monthly reports</description>\n"
    "   <security sddl='D:(A;;FA;;;WD)(A;;0x1200a9;;;BU)'>"
    "<grant sid='S-1-1-0' account='Everyone' right='Full' mask='001F01FF'/>"
    "<grant sid='S-1-5-32-545' right='Read' mask='001200A9'/></security>\n"
    "  </share>\n"
    "  <share name='Moved' type='Disk' type-flags='00000000'><path>C:\\B</path></share>\n"
    "  <share name='IPC$' type='IPC' type-flags='80000003' special='true'/>\n"
    "  <share name='ADMIN$' type='Disk' type-flags='00000000'><path>C:\\Windows</path></share>\n"
    " </shares>\n"
    "</lanman-config>\n";

static const uint8_t one[] = {1, 0, 0, 0}, seven[] = {7, 0, 0, 0};

static void share(const char *name, const char *path, const char *remark, uint32_t type)
{
    struct memhost_share *s = &F.shares[F.nshares++];

    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->remark, sizeof s->remark, "%s", remark);
    s->type = type;
    s->max_uses = LM_SHARE_UNLIMITED;
    snprintf(s->sddl, sizeof s->sddl, "D:(A;;FA;;;WD)");
}

static void host(void)
{
    memhost_reset();
    FX.share_table = true;
    FX.reg_writable = true;
    memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
    memhost_add("LanmanWorkstation", "Workstation", LM_SERVICE_RUNNING);
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, one, 4};
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Parameters", "Same", LM_REG_DWORD, seven, 4};
    share("Data", "C:\\Data", "old text", 0);
    share("IPC$", "", "IPC", 0x80000003u);
    share("C$", "C:\\", "Default share", 0x80000000u);
    share("Old", "C:\\Old", "", 0);
    share("Moved", "C:\\A", "", 0);
}

static lm_baseline *load(const char *text)
{
    lm_baseline *b = NULL;
    lm_error err = {0};

    if (lm_baseline_parse(text, strlen(text), "plan.xml", &b, &err) != LM_OK)
        fprintf(stderr, "%s\n", err.message);
    LMT_PTR_OK(b);
    return b;
}

static const lm_path_map src_map[] = {{"C:\\src", "D:\\Dst"}};

static lm_plan *compute(const char *text, unsigned parts, bool prune, lm_status want)
{
    lm_plan_options opt = {parts, prune, src_map, 1};
    lm_baseline *b = load(text);
    lm_plan *p = NULL;
    lm_status st = lm_plan_compute(&memhost, b, &opt, &p);

    if (st != want)
        fprintf(stderr, "compute: %d %s\n", st, lm_host_error(&memhost)->message);
    lm_baseline_free(b);
    LMT_EQ(st, want);
    return p;
}

static void expect(const lm_plan_step *s, lm_step_kind kind, const char *object, const char *expected,
                   const char *actual)
{
    CU_ASSERT_EQUAL(s->kind, kind);
    CU_ASSERT_STRING_EQUAL(s->object, object);
    /* NULL: not checked; "": must be absent; otherwise expected must be equal and actual start so. */
    if (expected != NULL && expected[0] == '\0') {
        CU_ASSERT_PTR_NULL(s->expected);
    } else if (expected != NULL && (s->expected == NULL || strcmp(s->expected, expected) != 0)) {
        fprintf(stderr, "%s: expected %s\n", object, s->expected != NULL ? s->expected : "(null)");
        CU_FAIL("expected text");
    }
    if (actual != NULL && actual[0] == '\0') {
        CU_ASSERT_PTR_NULL(s->actual);
    } else if (actual != NULL && (s->actual == NULL || strncmp(s->actual, actual, strlen(actual)) != 0)) {
        fprintf(stderr, "%s: actual %s\n", object, s->actual != NULL ? s->actual : "(null)");
        CU_FAIL("actual text");
    }
}

static const struct memhost_share *find_share(const char *name)
{
    for (size_t i = 0; i < F.nshares; i++) {
        if (strcmp(F.shares[i].name, name) == 0)
            return &F.shares[i];
    }
    return NULL;
}

struct log {
    unsigned calls, failed;
    char last[1024];
};

static void on_step(void *ctx, const lm_plan_step *step, lm_status st, const lm_error *err)
{
    struct log *l = ctx;

    l->calls++;
    if (st != LM_OK) {
        l->failed++;
        snprintf(l->last, sizeof l->last, "%s: %s", step->object, err != NULL ? err->message : "?");
    }
}

static void test_plan_and_apply(void)
{
    struct log log = {0};
    lm_plan *p;
    size_t done = 99;

    host();
    p = compute(doc, 0, true, LM_OK);
    LMT_EQ(p->n, 7);
    expect(&p->steps[0], LM_STEP_START_TYPE, "service LanmanServer", "Automatic", "Manual");
    expect(&p->steps[1], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "0", "1");
    expect(&p->steps[2], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\srvcomment", "hello", "");
    /* additions, then changes in place, then re-creates, then removals */
    expect(&p->steps[3], LM_STEP_SHARE_ADD, "share Reports",
           "path=D:\\Dst\\Reports description=\"Monthly reports\" max-uses=unlimited "
           "grants=Everyone:Full,S-1-5-32-545:Read",
           "");
    expect(&p->steps[4], LM_STEP_SHARE_CHANGE, "share Data", "description=\"new text\" max-uses=5",
           "description=\"old text\" max-uses=unlimited");
    expect(&p->steps[5], LM_STEP_SHARE_RECREATE, "share Moved",
           "path=C:\\B description=\"\" max-uses=unlimited", "path=C:\\A");
    expect(&p->steps[6], LM_STEP_SHARE_REMOVE, "share Old", "", "path=C:\\Old");

    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_OK);
    LMT_EQ(done, 7);
    LMT_EQ(log.calls, 7);
    LMT_EQ(log.failed, 0);
    lm_plan_free(p);

    LMT_EQ(F.svc[0].start, LM_START_AUTOMATIC);
    LMT_EQ(F.reg[0].len, 4);
    LMT_MEM(F.reg[0].data, "\0\0\0\0", 4);
    LMT_STR(F.reg[2].name, "srvcomment");
    LMT_EQ(F.reg[2].type, LM_REG_SZ);
    LMT_STR(find_share("Data")->remark, "new text");
    LMT_EQ(find_share("Data")->max_uses, 5);
    LMT_STR(find_share("Reports")->path, "D:\\Dst\\Reports");
    LMT_STR(find_share("Reports")->remark, "Monthly reports");
    LMT_STR(find_share("Reports")->sddl, "D:(A;;FA;;;WD)(A;;0x1200a9;;;BU)");
    LMT_STR(find_share("Moved")->path, "C:\\B");
    LMT_PTR_NULL(find_share("Old"));
    LMT_PTR_OK(find_share("IPC$"));
    LMT_PTR_OK(find_share("C$"));

    /* Idempotence: the host now matches. */
    p = compute(doc, 0, true, LM_OK);
    LMT_EQ(p->n, 0);
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_OK);
    LMT_EQ(done, 0);
    lm_plan_free(p);
}

static void test_failed_step_stops(void)
{
    struct log log = {0};
    lm_plan *p;
    size_t done = 99;
    unsigned writes;

    host();
    FX.fail_op = "share_add";
    FX.fail_status = LM_EACCES;
    p = compute(doc, 0, true, LM_OK);
    LMT_EQ(p->n, 7);
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_EACCES);
    /* Three steps done, the fourth (add Reports) failed, nothing after it ran. */
    LMT_EQ(done, 3);
    LMT_EQ(log.calls, 4);
    LMT_EQ(log.failed, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "share Reports: cannot add share Reports"));
    writes = FX.writes;
    LMT_EQ(writes, 3);
    LMT_PTR_OK(find_share("Old"));
    LMT_STR(find_share("Moved")->path, "C:\\A");
    lm_plan_free(p);

    /* Fixed, the next plan has just what is left. */
    FX.fail_op = NULL;
    p = compute(doc, 0, true, LM_OK);
    LMT_EQ(p->n, 4);
    expect(&p->steps[0], LM_STEP_SHARE_ADD, "share Reports", NULL, NULL);
    lm_plan_free(p);
}

static char *with_shares(const char *shares)
{
    static char buf[4096];

    snprintf(buf, sizeof buf,
             "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
             "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
             "<shares>%s</shares></lanman-config>",
             shares);
    return buf;
}

static void expect_added_path(const lm_path_map *maps, size_t n, const char *doc_path, const char *want)
{
    char shares[512], expected[512];
    lm_plan_options opt = {LM_PLAN_SHARES, false, maps, n};
    lm_baseline *b;
    lm_plan *p = NULL;

    memhost_reset();
    FX.share_table = true;
    snprintf(shares, sizeof shares,
             "<share name='S' type='Disk' type-flags='00000000'><path>%s</path></share>", doc_path);
    b = load(with_shares(shares));
    LMT_EQ(lm_plan_compute(&memhost, b, &opt, &p), LM_OK);
    lm_baseline_free(b);
    LMT_EQ(p->n, 1);
    snprintf(expected, sizeof expected, "path=%s ", want);
    if (strncmp(p->steps[0].expected, expected, strlen(expected)) != 0)
        fprintf(stderr, "%s: got %s, want %s\n", doc_path, p->steps[0].expected, want);
    CU_ASSERT_EQUAL(strncmp(p->steps[0].expected, expected, strlen(expected)), 0);
    lm_plan_free(p);
}

static void test_path_maps(void)
{
    static const lm_path_map data[] = {{"C:\\Data", "D:\\Data"}};
    static const lm_path_map two[] = {{"C:\\", "E:\\"}, {"c:\\data\\", "D:\\New\\"}};

    expect_added_path(data, 1, "c:\\data\\x", "D:\\Data\\x");
    expect_added_path(data, 1, "C:\\DATA", "D:\\Data");
    expect_added_path(data, 1, "C:\\Database", "C:\\Database");
    expect_added_path(data, 1, "E:\\Data", "E:\\Data");
    /* The longest prefix wins, whatever the order. */
    expect_added_path(two, 2, "C:\\Data\\x", "D:\\New\\x");
    expect_added_path(two, 2, "C:\\Other", "E:\\Other");
    expect_added_path(NULL, 0, "C:\\Data", "C:\\Data");
}

static void test_never_planned(void)
{
    static const char text[] =
        "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
        "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
        "<service name='LanmanServer' status='Stopped' start-type='Manual'><parameters present='false'/>"
        "</service>"
        "<service name='LanmanWorkstation' present='false'/>"
        "<shares><share name='Data' type='Disk' type-flags='40000000' current-uses='12' level='1'>"
        "<path>C:\\Data</path><description>old text</description></share></shares>"
        "</lanman-config>";
    lm_plan *p;

    /* Status, current uses, level, type flags, host name: none is a difference. No prune: Old stays. */
    host();
    p = compute(text, 0, false, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);
    /* Without the host's Lanman services, the services absent from the document are no problem. */
    host();
    F.nsvc = 1;
    p = compute(text, 0, false, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);
}

static void test_parts(void)
{
    lm_plan *p;

    host();
    p = compute(doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(p->n, 3);
    LMT_EQ(p->steps[0].kind, LM_STEP_SHARE_ADD);
    lm_plan_free(p);
    p = compute(doc, LM_PLAN_PARAMETERS, true, LM_OK);
    LMT_EQ(p->n, 2);
    LMT_EQ(p->steps[0].kind, LM_STEP_PARAMETER_SET);
    lm_plan_free(p);
    p = compute(doc, LM_PLAN_SERVICES | LM_PLAN_PARAMETERS, true, LM_OK);
    LMT_EQ(p->n, 3);
    lm_plan_free(p);
}

/* A host that lists shares below level 502 has no descriptor and, at level 1, no path or limit: those are
 * not compared. */
static void test_low_level(void)
{
    lm_plan *p;

    host();
    FX.share_level = 1;
    p = compute(doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(p->n, 2);
    expect(&p->steps[0], LM_STEP_SHARE_ADD, "share Reports", NULL, NULL);
    expect(&p->steps[1], LM_STEP_SHARE_CHANGE, "share Data", "description=\"new text\"",
           "description=\"old text\"");
    lm_plan_free(p);
}

static const char moved_doc[] =
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
    "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
    "<shares><share name='Moved' type='Disk' type-flags='00000000' max-uses='3'><path>C:\\B</path>"
    "<description>moved</description></share></shares></lanman-config>";

static const char read_only_doc[] =
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
    "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
    "<shares><share name='Moved' type='Disk' type-flags='00000000'><path>C:\\A</path>"
    "<security sddl='D:(A;;0x1200a9;;;WD)'><grant sid='S-1-1-0' account='Everyone' right='Read' "
    "mask='001200A9'/></security></share></shares></lanman-config>";

/* Permissions change in place: one NetShareSetInfo 1501, never a removal or an add. */
static void test_permissions_in_place(void)
{
    struct log log = {0};
    unsigned adds;
    lm_plan *p;

    host();
    p = compute(read_only_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(p->n, 1);
    expect(&p->steps[0], LM_STEP_SHARE_CHANGE, "share Moved", "grants=Everyone:Read", "sddl=D:(A;;FA;;;WD)");
    adds = F.add_calls;
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, NULL), LM_OK);
    lm_plan_free(p);
    LMT_EQ(F.set_sd_calls, 1);
    LMT_EQ(F.add_calls, adds);
    LMT_STR(find_share("Moved")->sddl, "D:(A;;0x1200a9;;;WD)");
    LMT_STR(find_share("Moved")->path, "C:\\A");
    p = compute(read_only_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);
}

/* The share Moved with read-only permissions (a real descriptor, set in place), then a document that moves
 * it to C:\B, whose add fails failures times: the outcome of the re-create. */
/* The flags the share Moved has before the re-create (with FX.share_flags). */
static uint32_t flags_before_recreate;

static lm_status recreate_failing(unsigned failures, struct log *log)
{
    lm_plan *p;
    lm_status st;

    host();
    p = compute(read_only_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(lm_plan_apply(&memhost, p, NULL, NULL, NULL), LM_OK);
    lm_plan_free(p);
    F.shares[4].max_uses = 7; /* Moved */
    F.shares[4].flags = flags_before_recreate;
    FX.share_flags = flags_before_recreate != 0;
    snprintf(F.shares[4].remark, sizeof F.shares[4].remark, "before");
    p = compute(moved_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_EQ(p->n, 1);
    LMT_EQ(p->steps[0].kind, LM_STEP_SHARE_RECREATE);
    FX.fail_op = "share_add";
    FX.fail_status = LM_EACCES;
    FX.fail_times = failures;
    st = lm_plan_apply(&memhost, p, on_step, log, NULL);
    FX.fail_op = NULL;
    lm_plan_free(p);
    return st;
}

static void test_recreate_rolls_back(void)
{
    struct log log = {0};
    const struct memhost_share *m;

    /* The add fails once: the share is back as it was, path, description, limit and permissions. */
    LMT_EQ(recreate_failing(1, &log), LM_EACCES);
    LMT_EQ(log.failed, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "rolled back: share Moved restored"));
    m = find_share("Moved");
    LMT_PTR_OK(m);
    if (m == NULL)
        return;
    CU_ASSERT_STRING_EQUAL(m->path, "C:\\A");
    CU_ASSERT_STRING_EQUAL(m->remark, "before");
    CU_ASSERT_EQUAL(m->max_uses, 7);
    CU_ASSERT_STRING_EQUAL(m->sddl, "D:(A;;0x1200a9;;;WD)");

    /* The share's level-1005 flags come back with it; a server that then refuses them is named. */
    memset(&log, 0, sizeof log);
    flags_before_recreate = LM_SHI1005_CSC_DOCUMENTS | LM_SHI1005_ACCESS_BASED_ENUM; /* Moved's */
    LMT_EQ(recreate_failing(1, &log), LM_EACCES);
    m = find_share("Moved");
    LMT_PTR_OK(m);
    if (m != NULL)
        LMT_EQ(m->flags, LM_SHI1005_CSC_DOCUMENTS | LM_SHI1005_ACCESS_BASED_ENUM);
    CU_ASSERT_PTR_NULL(strstr(log.last, "but not its flags"));
    FX.share_flags = false;
    flags_before_recreate = 0;

    /* It fails every time: the message says what is missing and what it was. */
    memset(&log, 0, sizeof log);
    LMT_EQ(recreate_failing(0, &log), LM_EACCES);
    LMT_PTR_NULL(find_share("Moved"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "share Moved is now missing"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "it was: path=C:\\A description=before max-uses=7"));
    if (strstr(log.last, "it was: path=C:\\A") == NULL)
        fprintf(stderr, "%s\n", log.last);
}

static void refused(const char *text, unsigned parts, lm_status want, const char *why)
{
    lm_plan *p = compute(text, parts, false, want);

    LMT_PTR_NULL(p);
    if (strstr(lm_host_error(&memhost)->message, why) == NULL)
        fprintf(stderr, "want '%s' in: %s\n", why, lm_host_error(&memhost)->message);
    CU_ASSERT_PTR_NOT_NULL(strstr(lm_host_error(&memhost)->message, why));
}

static void test_refusals(void)
{
    host();
    F.nsvc = 1; /* no LanmanWorkstation */
    refused(doc, 0, LM_ENOENT, "plan.xml:12: service LanmanWorkstation is not on the host");
    host();
    F.nreg = 0; /* no LanmanServer\Parameters */
    refused(doc, 0, LM_ENOENT, "plan.xml:4: the host has no LanmanServer\\Parameters key");
    host();
    refused(
        with_shares("<share name='N' type='Disk' type-flags='00000000'><path>C:\\N</path>"
                    "<security sddl='D:(D;;FA;;;WD)'>"
                    "<grant sid='S-1-1-0' access='deny' right='Full' mask='001F01FF'/></security></share>"),
        0, LM_EINVAL, "plan.xml:1: share N cannot be created: it has a deny grant");
    host();
    refused(with_shares("<share name='N' type='Disk' type-flags='00000000'><path>C:\\N</path>"
                        "<security sddl='D:(A;;0x1;;;WD)'>"
                        "<grant sid='S-1-1-0' right='Custom' mask='00000001'/></security></share>"),
            0, LM_EINVAL, "custom grant");
    host();
    refused(
        with_shares("<share name='N' type='Disk' type-flags='00000000'><path>relative\\dir</path></share>"),
        0, LM_EPATH, "share N cannot be created");
    host();
    refused(with_shares("<share name='N' type='Disk' type-flags='00000000'/>"), 0, LM_EINVAL, "no path");
    /* Nothing was changed by any of them. */
    LMT_EQ(FX.writes, 0);
}

/* Print queues and devices are bound to their host: a document's are not created, and prune leaves the
 * host's alone. */
static void test_host_bound_shares(void)
{
    lm_plan *p;

    host();
    share("Printer", "", "Laser", LM_STYPE_PRINTQ);
    share("Com1", "", "Port", LM_STYPE_DEVICE);
    p = compute(
        with_shares("<share name='Data' type='Disk' type-flags='00000000'><path>C:\\Data</path>"
                    "<description>old text</description></share>"
                    "<share name='Old' type='Disk' type-flags='00000000'><path>C:\\Old</path></share>"
                    "<share name='Moved' type='Disk' type-flags='00000000'><path>C:\\A</path></share>"
                    "<share name='HP' type='PrintQueue' type-flags='00000001'><path>C:\\P</path></share>"
                    "<share name='Dev' type='Device' type-flags='00000002'/>"),
        LM_PLAN_SHARES, true, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);
    LMT_EQ(FX.writes, 0);
}

/* Prune needs the document's live list: configured shares alone add, never remove. */
static void test_prune_needs_shares(void)
{
    static const char text[] =
        "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
        "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
        "<shares present='false'/>"
        "<configured-shares><share name='New' type='Disk' type-flags='00000000' level='0'>"
        "<path>C:\\New</path></share></configured-shares>"
        "</lanman-config>";
    lm_plan *p;

    host();
    p = compute(text, 0, true, LM_OK);
    LMT_EQ(p->n, 1);
    expect(&p->steps[0], LM_STEP_SHARE_ADD, "share New", "path=C:\\New description=\"\" max-uses=unlimited",
           "");
    lm_plan_free(p);
}

/* A document's values that name code to load (ServiceDll, ...) never make a step, whatever their type or the
 * case of their name: the plan skips them with a note, and the host's value is left as it is. */
static const uint8_t host_dll[] = "C\0:\0\\\0s\0.\0d\0l\0l\0\0"; /* C:\s.dll, UTF-16LE with its NUL */

static char *with_parameters(const char *values)
{
    static char buf[2048];

    snprintf(buf, sizeof buf,
             "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
             "<host name='h' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
             "<service name='LanmanServer'><parameters><dword name='SMB1'>0</dword>%s</parameters></service>"
             "</lanman-config>",
             values);
    return buf;
}

/* The plan of values has one step, SMB1, and skips what it skips; applied, it leaves ServiceDll alone. */
static lm_plan *plan_code(const char *values)
{
    struct log log = {0};
    size_t done = 0;
    lm_plan *p;

    host();
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Parameters", "ServiceDll", LM_REG_EXPAND_SZ,
                                           host_dll, sizeof host_dll};
    p = compute(with_parameters(values), 0, true, LM_OK);
    LMT_EQ(p->n, 1);
    expect(&p->steps[0], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "0", "1");
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_OK);
    LMT_EQ(FX.writes, 1);
    LMT_STR(F.reg[2].name, "ServiceDll");
    LMT_EQ(F.reg[2].type, LM_REG_EXPAND_SZ);
    LMT_EQ(F.reg[2].len, sizeof host_dll);
    LMT_MEM(F.reg[2].data, host_dll, sizeof host_dll);
    return p;
}

static void test_code_values_skipped(void)
{
    static const struct {
        const char *value, *name, *expected;
    } cases[] = {
        {"<expand-sz name='ServiceDll'>C:\\evil.dll</expand-sz>", "ServiceDll", "C:\\evil.dll"},
        {"<expand-sz name='servicedll'>C:\\evil.dll</expand-sz>", "servicedll", "C:\\evil.dll"},
        {"<sz name='SERVICEDLL'>C:\\evil.dll</sz>", "SERVICEDLL", "REG_SZ C:\\evil.dll"},
        {"<dword name='ServiceDll'>1</dword>", "ServiceDll", "REG_DWORD 1"},
        {"<binary name='ServiceDll'>43003a00</binary>", "ServiceDll", NULL},
        {"<other name='ServiceDll' type='7'>4300000000</other>", "ServiceDll", NULL},
        {"<sz name='ServiceMain'>EvilMain</sz>", "ServiceMain", "EvilMain"},
        {"<expand-sz name='imagepath'>C:\\evil.exe</expand-sz>", "imagepath", "C:\\evil.exe"},
        {"<sz name='FailureCommand'>C:\\evil.exe</sz>", "FailureCommand", "C:\\evil.exe"},
        /* Absent in the document: never removed either. */
        {"<default name='servicedll' absent='true'/>", "servicedll", "absent"},
    };
    char object[128];
    lm_plan *p;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        p = plan_code(cases[i].value);
        snprintf(object, sizeof object, "LanmanServer\\Parameters\\%s", cases[i].name);
        LMT_EQ(p->nskipped, 1);
        LMT_STR(p->skipped[0].object, object);
        LMT_STR(p->skipped[0].why, "names code to load; lanman never applies it");
        LMT_PTR_OK(p->skipped[0].expected);
        if (cases[i].expected != NULL)
            LMT_STR(p->skipped[0].expected, cases[i].expected);
        lm_plan_free(p);
    }
    /* The same value as the host's is no difference: nothing to skip. */
    p = plan_code("<expand-sz name='servicedll'>C:\\s.dll</expand-sz>");
    LMT_EQ(p->nskipped, 0);
    lm_plan_free(p);
    /* Absent from the document, with prune: values are never removed. */
    p = plan_code("");
    LMT_EQ(p->nskipped, 0);
    lm_plan_free(p);
}

/* <default absent="true"/>: a value the host has is removed (after the values set), one it has not is no
 * step, and a <default> without absent (the documents written before it) is informational. Applied, the
 * host matches: a second plan is empty. */
static void test_absent_values(void)
{
    static const char absent_smb1[] =
        "<lanman-config xmlns='urn:lanman:config:1' version='1'>"
        "<host name='h' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
        "<service name='LanmanServer'><parameters><default name='SMB1' value='1' absent='true'/>"
        "</parameters></service></lanman-config>";
    struct log log = {0};
    size_t done = 0;
    lm_error err = {0};
    lm_baseline *b = NULL;
    lm_plan *p;

    host();
    p = compute(with_parameters("<default name='same' absent='true'/>"
                                "<default name='AutoDisconnect' value='15' absent='true'/>"
                                "<default name='Hidden' value='0'/>"),
                LM_PLAN_PARAMETERS, false, LM_OK);
    LMT_EQ(p->n, 2);
    expect(&p->steps[0], LM_STEP_PARAMETER_SET, "LanmanServer\\Parameters\\SMB1", "0", "1");
    expect(&p->steps[1], LM_STEP_PARAMETER_REMOVE, "LanmanServer\\Parameters\\Same", "absent", "7");
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_OK);
    LMT_EQ(done, 2);
    LMT_PTR_NULL(F.reg[1].name); /* Same is gone, its key stays */
    lm_plan_free(p);
    p = compute(with_parameters("<default name='Same' absent='true'/>"), LM_PLAN_PARAMETERS, false, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);

    /* A catalogued setting's step says what its absence means. */
    host();
    F.reg[0].data = (const uint8_t *)"\0\0\0\0";
    p = compute(absent_smb1, LM_PLAN_PARAMETERS, false, LM_OK);
    LMT_EQ(p->n, 1);
    expect(&p->steps[0], LM_STEP_PARAMETER_REMOVE, "LanmanServer\\Parameters\\SMB1", "absent (default 1)",
           "0");
    lm_plan_free(p);

    /* No Parameters key at all (Samba): absent values only ask for nothing. */
    host();
    F.nreg = 0;
    p = compute(absent_smb1, LM_PLAN_PARAMETERS, false, LM_OK);
    LMT_EQ(p->n, 0);
    lm_plan_free(p);

    /* Given and absent at once: the document is refused. */
    LMT_EQ(lm_baseline_parse(with_parameters("<default name='smb1' absent='true'/>"),
                             strlen(with_parameters("<default name='smb1' absent='true'/>")), "both.xml", &b,
                             &err),
           LM_EINVAL);
    LMT_PTR_NULL(b);
    LMT_PTR_OK(strstr(err.message, "says it is absent"));
}

/* Version 2's <flags>: Data's differ (caching Manual -> Documents, access-based enumeration off, encryption
 * on), Fresh is added with CachingMode Programs, Old has no <flags> and keeps its own. */
static const char flags_doc[] =
    "<lanman-config xmlns='urn:lanman:config:1' version='2'>"
    "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
    "<shares>"
    "<share name='Data' type='Disk' type-flags='00000000'><path>C:\\Data</path><description>old text"
    "</description><flags value='00008011' caching-mode='Documents' folder-enumeration-mode='Unrestricted'"
    " encrypt-data='true' continuously-available='false' dfs='true'/></share>"
    "<share name='Fresh' type='Disk' type-flags='00000000'><path>C:\\Fresh</path>"
    "<flags caching-mode='Programs' encrypt-data='false'/></share>"
    "<share name='Old' type='Disk' type-flags='00000000'><path>C:\\Old</path></share>"
    "</shares></lanman-config>";

static void flags_host(void)
{
    host();
    FX.share_flags = true;
    F.shares[0].flags = LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_FORCE_SHARED_DELETE; /* Data */
    F.shares[3].flags = LM_SHI1005_ENCRYPT_DATA;                                       /* Old */
}

static void test_flags(void)
{
    struct log log = {0};
    const struct memhost_share *m;
    lm_plan *p;
    size_t done = 0;

    flags_host();
    p = compute(flags_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p == NULL)
        return;
    LMT_EQ(p->n, 2);
    expect(&p->steps[0], LM_STEP_SHARE_ADD, "share Fresh",
           "path=C:\\Fresh description=\"\" max-uses=unlimited caching-mode=Programs", "");
    expect(&p->steps[1], LM_STEP_SHARE_CHANGE, "share Data",
           "caching-mode=Documents folder-enumeration-mode=Unrestricted encrypt-data=true",
           "caching-mode=Manual folder-enumeration-mode=AccessBased encrypt-data=false");
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_OK);
    LMT_EQ(done, 2);
    lm_plan_free(p);
    /* Data's other flags (force shared delete, not in the document) and Old's are kept. */
    LMT_EQ(find_share("Data")->flags,
           LM_SHI1005_CSC_DOCUMENTS | LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_FORCE_SHARED_DELETE);
    m = find_share("Fresh");
    LMT_PTR_OK(m);
    if (m != NULL)
        LMT_EQ(m->flags, LM_SHI1005_CSC_PROGRAMS);
    LMT_EQ(find_share("Old")->flags, LM_SHI1005_ENCRYPT_DATA);
    /* Applied, the same document asks for nothing. */
    p = compute(flags_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p != NULL)
        LMT_EQ(p->n, 0);
    lm_plan_free(p);

    /* A share added with the flags of a new share (all 0) asks for no flags: it is added on a server
     * without level 1005. */
    flags_host();
    FX.share_flags = false;
    p = compute("<lanman-config xmlns='urn:lanman:config:1' version='2'>"
                "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
                "<shares><share name='Plain' type='Disk' type-flags='00000000'><path>C:\\Plain</path>"
                "<flags value='00000000' caching-mode='Manual' encrypt-data='false'/></share></shares>"
                "</lanman-config>",
                LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p != NULL) {
        LMT_EQ(p->n, 1);
        expect(&p->steps[0], LM_STEP_SHARE_ADD, "share Plain",
               "path=C:\\Plain description=\"\" max-uses=unlimited", "");
        LMT_EQ(lm_plan_apply(&memhost, p, NULL, NULL, &done), LM_OK);
        LMT_PTR_OK(find_share("Plain"));
    }
    lm_plan_free(p);

    /* A server that does not give level 1005 has nothing to compare: no step for Data; Fresh's add still
     * asks for its flags. */
    flags_host();
    FX.share_flags = false;
    p = compute(flags_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p != NULL) {
        LMT_EQ(p->n, 1);
        CU_ASSERT_EQUAL(p->steps[0].kind, LM_STEP_SHARE_ADD);
    }
    lm_plan_free(p);
}

/* A server that accepts level 1005 and keeps its own flags (Samba): the change fails before anything else
 * changed, naming what stayed; an added share whose flags fail is removed again. */
static void test_flags_kept(void)
{
    struct log log = {0};
    lm_plan *p;
    size_t done = 0;

    flags_host();
    FX.flags_kept = true;
    p = compute(flags_doc, LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p == NULL)
        return;
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_ENOTSUP);
    LMT_EQ(done, 0);
    LMT_EQ(log.failed, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "share Fresh: cannot change the flags of share Fresh: the server "
                                            "accepted the change but left CachingMode unchanged"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "; rolled back: share Fresh removed"));
    LMT_PTR_NULL(find_share("Fresh"));
    lm_plan_free(p);

    /* The in-place change: it fails on the flags, before the description it also changes. */
    memset(&log, 0, sizeof log);
    flags_host();
    FX.flags_kept = true;
    p = compute("<lanman-config xmlns='urn:lanman:config:1' version='2'>"
                "<host name='h' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
                "<shares><share name='Data' type='Disk' type-flags='00000000'><path>C:\\Data</path>"
                "<description>new text</description><flags caching-mode='None'/></share></shares>"
                "</lanman-config>",
                LM_PLAN_SHARES, false, LM_OK);
    LMT_PTR_OK(p);
    if (p == NULL)
        return;
    LMT_EQ(p->n, 1);
    expect(&p->steps[0], LM_STEP_SHARE_CHANGE, "share Data", "description=\"new text\" caching-mode=None",
           "description=\"old text\" caching-mode=Manual");
    LMT_EQ(lm_plan_apply(&memhost, p, on_step, &log, &done), LM_ENOTSUP);
    LMT_EQ(done, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(log.last, "left CachingMode unchanged"));
    CU_ASSERT_STRING_EQUAL(find_share("Data")->remark, "old text");
    LMT_EQ(find_share("Data")->flags, LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_FORCE_SHARED_DELETE);
    lm_plan_free(p);
}

static void test_kind_names(void)
{
    LMT_STR(lm_step_kind_name(LM_STEP_PARAMETER_REMOVE), "remove parameter");
    LMT_STR(lm_step_kind_name(LM_STEP_SHARE_ADD), "add share");
    LMT_STR(lm_step_kind_name(LM_STEP_SHARE_CHANGE), "change share");
    LMT_STR(lm_step_kind_name(LM_STEP_SHARE_REMOVE), "remove share");
    LMT_STR(lm_step_kind_name(LM_STEP_PARAMETER_SET), "set parameter");
    LMT_STR(lm_step_kind_name(LM_STEP_START_TYPE), "set start type");
}

static const struct lmt_test tests[] = {
    LMT_TEST(test_plan_and_apply),
    LMT_TEST(test_failed_step_stops),
    LMT_TEST(test_path_maps),
    LMT_TEST(test_absent_values),
    LMT_TEST(test_never_planned),
    LMT_TEST(test_parts),
    LMT_TEST(test_low_level),
    LMT_TEST(test_permissions_in_place),
    LMT_TEST(test_recreate_rolls_back),
    LMT_TEST(test_refusals),
    LMT_TEST(test_host_bound_shares),
    LMT_TEST(test_prune_needs_shares),
    LMT_TEST(test_code_values_skipped),
    LMT_TEST(test_flags),
    LMT_TEST(test_flags_kept),
    LMT_TEST(test_kind_names),
    LMT_END,
};

const struct lmt_suite lmt_suite_xml_plan = {"xml_plan", NULL, NULL, NULL, tests};
