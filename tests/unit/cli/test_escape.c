/* The one rule for untrusted text in human output (out_escape()): golden inputs and what a person sees, and
 * the same rule through table, list and csv; JSON and XML exact and well-formed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "output.h"
#include "render.h"
#include "testlib.h"

static void golden(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* what a hostile server sends: a window title (OSC ... BEL), erase line, carriage return */
        {"\x1b]0;title\x07", "\\x1B]0;title\\x07"},
        {"\x1b[2Kfake", "\\x1B[2Kfake"},
        {"ok\rfake", "ok\\x0Dfake"},
        {"a\tb\nc", "a\\x09b\\x0Ac"},
        {"\x01\x1f", "\\x01\\x1F"},
        {"del\x7f", "del\\x7F"},
        /* C1 controls as UTF-8 (U+009B is CSI on some terminals), and as raw bytes (not UTF-8) */
        {"\xc2\x9b"
         "31m",
         "\\u{9B}31m"},
        {"\xc2\x80\xc2\x9f", "\\u{80}\\u{9F}"},
        {"\x9b", "\\x9B"},
        /* invalid UTF-8: a stray continuation byte, a cut sequence, overlong forms, a surrogate, > U+10FFFF
         */
        {"a\x80z", "a\\x80z"},
        {"\xc3", "\\xC3"},
        {"\xc3z", "\\xC3z"},
        {"\xe6\x97", "\\xE6\\x97"},
        {"\xc0\xaf", "\\xC0\\xAF"},
        {"\xe0\x80\xaf", "\\xE0\\x80\\xAF"},
        {"\xed\xa0\x80", "\\xED\\xA0\\x80"},
        {"\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80"},
        {"\xff\xfe", "\\xFF\\xFE"},
        /* everything else unchanged: non-ASCII UTF-8 (U+00A0 is the first character after C1) */
        {"café é 日本 \xf0\x9f\x98\x80 \xc2\xa0", "café é 日本 \xf0\x9f\x98\x80 \xc2\xa0"},
        {"", ""},
        /* a backslash is escaped only where it would read as an escape: paths stay readable */
        {"C:\\tmp\\new\\xy", "C:\\tmp\\new\\xy"},
        {"\\\\server\\share", "\\\\server\\share"},
        {"\\x1B", "\\x5Cx1B"},
        {"\\xfF", "\\x5CxfF"},
        {"\\u{9B}", "\\x5Cu{9B}"},
        {"\\u9B", "\\u9B"},
        {"end\\", "end\\"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = out_escape_dup(cases[i].in);
        LMT_PTR_OK(got);
        if (strcmp(got, cases[i].want) != 0)
            fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, got, cases[i].want);
        LMT_STR(got, cases[i].want);
        LMT_EQ(out_escape(NULL, 0, cases[i].in), strlen(cases[i].want));
        free(got);
    }
}

/* A buffer too small gets whole units only: never half an escape or half a UTF-8 sequence. */
static void cut(void)
{
    char buf[8];

    LMT_EQ(out_escape(buf, sizeof buf, "ab\x1b[2K"), strlen("ab\\x1B[2K"));
    LMT_STR(buf, "ab\\x1B[");
    LMT_EQ(out_escape(buf, 6, "ab\x1b"), 6u);
    LMT_STR(buf, "ab");
    LMT_EQ(out_escape(buf, 4, "ab日"), 5u);
    LMT_STR(buf, "ab");
    LMT_EQ(out_escape(buf, 1, "x"), 1u);
    LMT_STR(buf, "");
}

#define HOSTILE "\x1b]0;pwned\x07\x1b[2K\rfake\xc2\x9b"

static void shares(struct out *o, enum out_format fmt)
{
    char *v[] = {"a\x1b", "b"};

    out_init(o, fmt);
    out_rec(o);
    out_str(o, "Name", "x");
    out_str(o, "Description", HOSTILE);
    out_strv(o, "List", v, 2);
    out_rec(o);
    out_str(o, "Name", "日本");
    out_str(o, "Description", "é");
    out_strv(o, "List", NULL, 0);
}

static void check(enum out_format fmt, const char *want)
{
    static const char *const cols[] = {"Name", "Description", "List", NULL};
    struct out o;
    char *got;

    shares(&o, fmt);
    got = test_render(&o, cols);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "---- format %d, got:\n%s---- want:\n%s----\n", (int)fmt, got, want);
    LMT_STR(got, want);
    free(got);
    out_free(&o);
}

/* Table, list and csv show the escaped text; the table's columns are as wide as the escaped text. */
static void human(void)
{
    check(OUT_TABLE, "Name Description                           List\n"
                     "---- -----------                           ----\n"
                     "x    \\x1B]0;pwned\\x07\\x1B[2K\\x0Dfake\\u{9B} a\\x1B, b\n"
                     "日本   é\n");
    check(OUT_LIST, "Name        : x\n"
                    "Description : \\x1B]0;pwned\\x07\\x1B[2K\\x0Dfake\\u{9B}\n"
                    "List        : a\\x1B, b\n"
                    "\n"
                    "Name        : 日本\n"
                    "Description : é\n"
                    "List        : \n");
    check(OUT_CSV, "Name,Description,List\r\n"
                   "x,\\x1B]0;pwned\\x07\\x1B[2K\\x0Dfake\\u{9B},\"a\\x1B, b\"\r\n"
                   "日本,é,\r\n");
}

/* A byte that is not UTF-8 (no server string has one) as U+FFFD, so that JSON and XML stay valid. */
static void not_utf8(enum out_format fmt, const char *want)
{
    struct out o;
    char *got;

    out_init(&o, fmt);
    out_rec(&o);
    out_str(&o, "D", "bad\xff");
    got = test_render(&o, NULL);
    LMT_STR(got, want);
    free(got);
    out_free(&o);
}

/* JSON is exact: the controls are \u escapes, C1 and DEL too, so a parser gets the bytes back. */
static void json(void)
{
    not_utf8(OUT_JSON, "[\n  {\n    \"D\": \"bad\\ufffd\"\n  }\n]\n");
    check(OUT_JSON, "[\n"
                    "  {\n"
                    "    \"Name\": \"x\",\n"
                    "    \"Description\": \"\\u001b]0;pwned\\u0007\\u001b[2K\\rfake\\u009b\",\n"
                    "    \"List\": [\"a\\u001b\", \"b\"]\n"
                    "  },\n"
                    "  {\n"
                    "    \"Name\": \"日本\",\n"
                    "    \"Description\": \"é\",\n"
                    "    \"List\": []\n"
                    "  }\n"
                    "]\n");
}

/* XML is well-formed and exact where XML 1.0 allows: C1 and DEL as character references, CR as &#13;, the C0
 * controls XML cannot carry as _xHHHH_ (and a literal _xHHHH_ with its underscore escaped). */
static void xml(void)
{
    struct out o;
    char *got;
    xmlDocPtr doc;
    xmlChar *content;

    out_init(&o, OUT_XML);
    out_rec(&o);
    out_str(&o, "Description", HOSTILE "\x7f\t_x0041_ \xef\xbf\xbe");
    got = test_render(&o, NULL);
    doc = xmlReadMemory(got, (int)strlen(got), NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
    LMT_PTR_OK(doc); /* well-formed */
    content = xmlNodeGetContent(xmlDocGetRootElement(doc));
    LMT_PTR_OK(content);
    LMT_TRUE(strstr((const char *)content, "[2K\rfake\xc2\x9b\x7f\t_x005F_x0041_ _xFFFE_") != NULL);
    xmlFree(content);
    xmlFreeDoc(doc);
    LMT_STR(got, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<Objects>\n"
                 "  <Object>\n"
                 "    <Description>_x001B_]0;pwned_x0007__x001B_[2K&#13;fake&#x9B;&#x7F;\t_x005F_x0041_ "
                 "_xFFFE_</Description>\n"
                 "  </Object>\n"
                 "</Objects>\n");
    free(got);
    out_free(&o);
    not_utf8(OUT_XML,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Objects>\n  <Object>\n    <D>bad\xef\xbf\xbd</D>\n"
             "  </Object>\n</Objects>\n");
}

static const struct lmt_test tests[] = {
    LMT_TEST(golden), LMT_TEST(cut), LMT_TEST(human), LMT_TEST(json), LMT_TEST(xml), LMT_END,
};
const struct lmt_suite lmt_suite_escape = {"escape", NULL, NULL, NULL, tests};
