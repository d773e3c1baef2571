/* The built-in schema: it is the shipped file, it compiles, and it tells valid documents from invalid
 * ones. */
#include <libxml/parser.h>
#include <string.h>

#include "testlib.h"
#include "xml/xml.h"

static const char valid_doc[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<lanman-config xmlns='urn:lanman:config:1' version='1'>\n"
    " <host name='srv' backend='remote' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>\n"
    " <service name='LanmanServer' status='Running' start-type='Automatic'>\n"
    "  <depends-on name='SamSS'/>\n"
    "  <parameters><dword name='SMB1'>0</dword>"
    "<multi-sz name='NullSessionShares'><string>a</string></multi-sz>"
    "<binary name='B'>0a0b</binary><default name='EnableSecuritySignature' value='0'/></parameters>\n"
    " </service>\n"
    " <shares><share name='Data' type='Disk' type-flags='00000000' max-uses='unlimited'>"
    "<path>C:\\Data</path><security sddl='D:(A;;FA;;;WD)'>"
    "<grant sid='S-1-1-0' account='Everyone' right='Full' mask='001F01FF'/></security></share></shares>\n"
    "</lanman-config>\n";

static lm_status validate(const char *text, lm_error *err)
{
    xmlDocPtr doc =
        xmlReadMemory(text, (int)strlen(text), "t.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    lm_status st;

    LMT_PTR_OK(doc);
    st = lm__xml_validate(doc, "t.xml", err);
    xmlFreeDoc(doc);
    return st;
}

static void test_builtin_is_the_schema(void)
{
    const char *s = lm_config_schema();

    LMT_PTR_OK(s);
    LMT_TRUE(strstr(s, "targetNamespace=\"" LM_CONFIG_NAMESPACE "\"") != NULL);
    LMT_TRUE(strstr(s, "</xs:schema>") != NULL);
}

static void test_valid_document(void)
{
    lm_error err = {0};

    LMT_EQ(validate(valid_doc, &err), LM_OK);
}

/* Each mutation breaks one rule of the schema; each must be refused with a line naming the document. */
static void test_invalid_documents(void)
{
    static const struct {
        const char *from, *to;
    } cases[] = {
        {"<dword name='SMB1'>0</dword>", "<dword name='SMB1'>banana</dword>"},
        {"max-uses='unlimited'", "max-uses='-1'"},
        {"start-type='Automatic'", "start-type='Sometimes'"},
        {"version='1'", ""},
        {"<binary name='B'>0a0b</binary>", "<binary name='B'>0g</binary>"},
        {"urn:lanman:config:1", "urn:other"},
        {"<path>", "<unknown/><path>"},
    };
    char buf[4096];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(valid_doc, cases[i].from);
        lm_error err = {0};
        size_t pre;

        LMT_PTR_OK(at);
        pre = (size_t)(at - valid_doc);
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)pre, valid_doc, cases[i].to, at + strlen(cases[i].from));
        CU_ASSERT_EQUAL(validate(buf, &err), LM_EINVAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "t.xml:"));
    }
}

static const struct lmt_test schema_tests[] = {
    LMT_TEST(test_builtin_is_the_schema),
    LMT_TEST(test_valid_document),
    LMT_TEST(test_invalid_documents),
    LMT_END,
};

const struct lmt_suite lmt_suite_xml_schema = {"xml_schema", NULL, NULL, NULL, schema_tests};
