/* Reading documents: the model a valid document gives, and the refusal of every hostile or invalid one
 * (the corpus in tests/fixtures/xml and in-memory cases), each with one line naming the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanman/share.h"
#include "core/sddl.h"
#include "testlib.h"
#include "xml/model.h"

static const char doc[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>\n"
    " <host name='srv' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>\n"
    " <service name='LanmanServer' status='Running' start-type='Automatic'>\n"
    "  <depends-on name='SamSS'/>\n"
    "  <parameters>\n"
    "   <dword name='SMB1'>0</dword>\n"
    "   <qword name='Q'>18446744073709551615</qword>\n"
    "   <sz name='srvcomment'>caf\xc3\xa9 &amp; co</sz>\n"
    "   <expand-sz name='E'>%SystemRoot%</expand-sz>\n"
    "   <multi-sz name='NullSessionShares'><string>a</string><string>b c</string></multi-sz>\n"
    "   <binary name='B'>0a0B</binary>\n"
    "   <other name='O' type='9'>ff</other>\n"
    "   <default name='EnableSecuritySignature' value='0'/>\n"
    "  </parameters>\n"
    " </service>\n"
    " <service name='LanmanWorkstation' present='false'/>\n"
    " <shares>\n"
    "  <share name='Data' type='Disk' type-flags='00000000' max-uses='10' current-uses='3' level='502'>\n"
    "   <path>C:\\Data</path>\n"
    "   <security sddl='D:(A;;FA;;;WD)(A;;0x1200a9;;;BU)'>\n"
    "    <grant sid='S-1-1-0' account='Everyone' right='Full' mask='001F01FF'/>\n"
    "    <grant sid='S-1-5-32-545' right='Read' mask='001200a9' access='allow'/>\n"
    "   </security>\n"
    "  </share>\n"
    "  <share name='IPC$' type='IPC' type-flags='80000003' special='true' max-uses='unlimited'/>\n"
    " </shares>\n"
    " <configured-shares present='false'/>\n"
    "</lanman-config>\n";

static lm_baseline *parse(const char *text, lm_error *err)
{
    lm_baseline *b = NULL;
    lm_status st = lm_baseline_parse(text, strlen(text), "t.xml", &b, err);

    if (st != LM_OK)
        return NULL;
    return b;
}

static void test_model(void)
{
    static const uint8_t sz[] = {'c', 0, 'a', 0, 'f', 0, 0xe9, 0, ' ', 0,
                                 '&', 0, ' ', 0, 'c', 0, 'o',  0, 0,   0};
    static const uint8_t multi[] = {'a', 0, 0, 0, 'b', 0, ' ', 0, 'c', 0, 0, 0, 0, 0};
    lm_error err = {0};
    lm_baseline *b = parse(doc, &err);
    const struct lm__doc_service *s;
    const struct lm__doc_value *v;
    const struct lm__doc_share *sh;

    if (b == NULL)
        fprintf(stderr, "%s\n", err.message);
    LMT_PTR_OK(b);
    LMT_STR(b->host.name, "srv");
    LMT_EQ(b->nservices, 2);
    s = &b->services[0];
    LMT_STR(s->name, "LanmanServer");
    LMT_TRUE(s->present && s->has_start_type && s->has_parameters);
    LMT_EQ(s->start_type, LM_START_AUTOMATIC);
    /* Seven values: <default> is not one. */
    LMT_EQ(s->nvalues, 7);
    v = s->values;
    LMT_STR(v[0].v.name, "SMB1");
    LMT_EQ(v[0].v.type, LM_REG_DWORD);
    LMT_EQ(v[0].v.len, 4);
    LMT_MEM(v[0].v.data, "\0\0\0\0", 4);
    LMT_EQ(v[1].v.type, LM_REG_QWORD);
    LMT_MEM(v[1].v.data, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    LMT_EQ(v[2].v.type, LM_REG_SZ);
    LMT_EQ(v[2].v.len, sizeof sz);
    LMT_MEM(v[2].v.data, sz, sizeof sz);
    LMT_EQ(v[3].v.type, LM_REG_EXPAND_SZ);
    LMT_EQ(v[4].v.type, LM_REG_MULTI_SZ);
    LMT_EQ(v[4].v.len, sizeof multi);
    LMT_MEM(v[4].v.data, multi, sizeof multi);
    LMT_EQ(v[5].v.type, LM_REG_BINARY);
    LMT_EQ(v[5].v.len, 2);
    LMT_MEM(v[5].v.data, "\x0a\x0b", 2);
    LMT_EQ(v[6].v.type, 9);
    LMT_EQ(v[6].v.len, 1);
    LMT_TRUE(v[6].line == 13);
    LMT_STR(b->services[1].name, "LanmanWorkstation");
    LMT_TRUE(!b->services[1].present);
    LMT_TRUE(b->shares.present);
    LMT_TRUE(!b->configured.present);
    LMT_EQ(b->shares.n, 2);
    sh = &b->shares.v[0];
    LMT_STR(sh->name, "Data");
    LMT_STR(sh->path, "C:\\Data");
    LMT_STR(sh->remark, "");
    LMT_TRUE(sh->has_max_uses);
    LMT_EQ(sh->max_uses, 10);
    LMT_TRUE(sh->has_security);
    LMT_EQ(sh->ngrants, 2);
    LMT_STR(sh->grants[0].account, "Everyone");
    LMT_EQ(sh->grants[0].mask, LM__SHARE_RIGHT_FULL);
    LMT_PTR_NULL(sh->grants[1].account);
    LMT_EQ(sh->grants[1].mask, LM__SHARE_RIGHT_READ);
    LMT_TRUE(!sh->grants[1].deny);
    LMT_TRUE(!sh->has_flags); /* a version-1 document says nothing about the flags */
    LMT_EQ(sh->flags_mask, 0);
    sh = &b->shares.v[1];
    LMT_TRUE(sh->special);
    LMT_EQ(sh->type_flags, 0x80000003u);
    LMT_EQ(sh->max_uses, LM_SHARE_UNLIMITED);
    lm_baseline_free(b);
}

/* Version 2's <flags>: the properties it names as a mask and their values; value, dfs and dfs-root are
 * recorded only; a property left out is not in the mask. */
static void test_flags(void)
{
    static const char v2[] =
        "<lanman-config xmlns='urn:lanman:config:1' version='2'>"
        "<host name='srv' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>"
        "<shares><share name='A' type='Disk' type-flags='00000000'><path>C:\\A</path>"
        "<flags value='00000803' caching-mode='BranchCache' folder-enumeration-mode='AccessBased'"
        " encrypt-data='1' compress-data='false' dfs='true' dfs-root='true'/></share>"
        "<share name='B' type='Disk' type-flags='00000000'><path>C:\\B</path><flags/></share>"
        "</shares></lanman-config>";
    lm_error err = {0};
    lm_baseline *b = parse(v2, &err);

    LMT_PTR_OK(b);
    if (b == NULL) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    LMT_TRUE(b->shares.v[0].has_flags);
    LMT_EQ(b->shares.v[0].flags_mask, LM_SHI1005_CACHING_BITS | LM_SHI1005_ACCESS_BASED_ENUM |
                                          LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_COMPRESS_DATA);
    LMT_EQ(b->shares.v[0].flags,
           LM_SHI1005_ENABLE_HASH | LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_ENCRYPT_DATA);
    LMT_TRUE(b->shares.v[1].has_flags);
    LMT_EQ(b->shares.v[1].flags_mask, 0);
    lm_baseline_free(b);
}

/* doc with one substring replaced, parsed; returns the status and leaves the message in err. */
static lm_status mutated(const char *from, const char *to, lm_error *err)
{
    const char *at = strstr(doc, from);
    size_t len = sizeof doc + strlen(to);
    char *buf = malloc(len);
    lm_baseline *b = NULL;
    lm_status st;

    LMT_PTR_OK(at);
    LMT_PTR_OK(buf);
    snprintf(buf, len, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
    st = lm_baseline_parse(buf, strlen(buf), "t.xml", &b, err);
    free(buf);
    lm_baseline_free(b);
    return st;
}

static void refused(const char *from, const char *to, const char *why)
{
    lm_error err = {0};

    CU_ASSERT_EQUAL(mutated(from, to, &err), LM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "t.xml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, why));
    CU_ASSERT_PTR_NULL(strchr(err.message, '\n'));
    if (strstr(err.message, why) == NULL)
        fprintf(stderr, "expected '%s' in: %s\n", why, err.message);
}

static void test_refusals(void)
{
    static const char dtd[] = "<!DOCTYPE lanman-config [<!ENTITY x 'y'>]>\n<lanman-config";

    refused("<lanman-config", dtd, "t.xml:2: refused: a DOCTYPE");
    refused("<lanman-config", "<!DOCTYPE lanman-config>\n<lanman-config", "DOCTYPE");
    refused("<lanman-config", "<!DOCTYPE lanman-config SYSTEM 'http://127.0.0.1:9/x.dtd'>\n<lanman-config",
            "DOCTYPE");
    refused("<depends-on name='SamSS'/>", "<depends-on name='&x;'/>", "not well-formed");
    refused("<string>a</string>", "<string></string>", "t.xml:11: value 'NullSessionShares'");
    refused("<dword name='SMB1'>0</dword>", "<dword name='SMB1'>4294967296</dword>",
            "not a lanman configuration document");
    refused("version='1'", "version='3'", "version");
    refused("<path>C:\\Data</path>", "<path>C:\\Data</path><flags caching-mode='Sometimes'/>",
            "caching-mode");
    refused("S-1-5-32-545", "S-banana", "sid");
    refused("</lanman-config>", "", "not well-formed");
}

static void test_depth(void)
{
    char inner[2048] = "", close[128] = "";
    lm_error err = {0};
    char open_tags[128] = "";

    /* 16 levels in all is the limit: <path> is the fourth, so 12 more pass the parser (and fail the schema);
     * 13 more do not. */
    for (int i = 0; i < 12; i++) {
        strcat(open_tags, "<x>");
        strcat(close, "</x>");
    }
    snprintf(inner, sizeof inner, "<path>%s%s</path>", open_tags, close);
    CU_ASSERT_EQUAL(mutated("<path>C:\\Data</path>", inner, &err), LM_EINVAL);
    CU_ASSERT_PTR_NULL(strstr(err.message, "too deep"));
    strcat(open_tags, "<x>");
    strcat(close, "</x>");
    snprintf(inner, sizeof inner, "<path>%s%s</path>", open_tags, close);
    CU_ASSERT_EQUAL(mutated("<path>C:\\Data</path>", inner, &err), LM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "nested too deep"));
}

static void test_size_limit(void)
{
    size_t len = (size_t)LM_BASELINE_MAX_BYTES + 1;
    char *big = malloc(len);
    lm_baseline *b = NULL;
    lm_error err = {0};

    LMT_PTR_OK(big);
    memset(big, ' ', len);
    memcpy(big, doc, sizeof doc - 1);
    LMT_EQ(lm_baseline_parse(big, len, "big.xml", &b, &err), LM_EOVERFLOW);
    LMT_PTR_NULL(b);
    LMT_TRUE(strstr(err.message, "big.xml") != NULL);
    LMT_TRUE(strstr(err.message, "64 MiB") != NULL);
    /* One byte less is parsed, and stopped by libxml2's own limits, which stay on (64 MiB of trailing
     * blanks is a "huge input lookup" without XML_PARSE_HUGE). */
    LMT_EQ(lm_baseline_parse(big, len - 1, "big.xml", &b, &err), LM_EINVAL);
    LMT_PTR_NULL(b);
    LMT_TRUE(strstr(err.message, "big.xml:") != NULL && strstr(err.message, "MiB") == NULL);
    free(big);
}

static void test_load_file(void)
{
    lm_baseline *b = NULL;
    lm_error err = {0};

    LMT_EQ(lm_baseline_load(LMT_XML_CORPUS "/no-such-file.xml", &b, &err), LM_ENOENT);
    LMT_PTR_NULL(b);
    LMT_TRUE(strstr(err.message, "no-such-file.xml") != NULL);
}

/* Every file of the hostile corpus is refused, for the reason it was written for. */
static void test_corpus(void)
{
    static const struct {
        const char *file, *why;
    } corpus[] = {
        {"xxe-file.xml", "DOCTYPE"},
        {"xxe-http.xml", "DOCTYPE"},
        {"parameter-entity.xml", "DOCTYPE"},
        {"billion-laughs.xml", "DOCTYPE"},
        {"external-dtd.xml", "DOCTYPE"},
        {"external-dtd-file.xml", "DOCTYPE"},
        {"entity-in-attribute.xml", "DOCTYPE"},
        {"xinclude.xml", "not a lanman configuration document"},
        {"schema-invalid.xml", "not a lanman configuration document"},
        {"wrong-namespace.xml", "not a lanman configuration document"},
        {"deep-nesting.xml", "nested too deep"},
        {"not-well-formed.xml", "not well-formed"},
        {"undeclared-entity.xml", "not well-formed"},
        {"invalid-utf8.xml", "not well-formed"},
        {"empty.xml", "not well-formed"},
        {"newer-version.xml", "version"},
    };

    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        char path[512];
        lm_baseline *b = NULL;
        lm_error err = {0};
        lm_status st;

        snprintf(path, sizeof path, "%s/%s", LMT_XML_CORPUS, corpus[i].file);
        st = lm_baseline_load(path, &b, &err);
        if (st != LM_EINVAL || strstr(err.message, corpus[i].why) == NULL)
            fprintf(stderr, "%s: %d %s\n", corpus[i].file, st, err.message);
        CU_ASSERT_EQUAL(st, LM_EINVAL);
        CU_ASSERT_PTR_NULL(b);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, corpus[i].file));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, corpus[i].why));
        lm_baseline_free(b);
    }
}

static const struct lmt_test tests[] = {
    LMT_TEST(test_model),      LMT_TEST(test_flags),     LMT_TEST(test_refusals), LMT_TEST(test_depth),
    LMT_TEST(test_size_limit), LMT_TEST(test_load_file), LMT_TEST(test_corpus),   LMT_END,
};

const struct lmt_suite lmt_suite_xml_load = {"xml_load", NULL, NULL, NULL, tests};
