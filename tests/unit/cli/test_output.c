/* The CLI's output layer on fixed records: exact text in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "testlib.h"

/* Prints o through a temporary file and returns the text (malloc'd). */
static char *render(struct out *o, const char *const *columns)
{
    FILE *f = tmpfile();
    long n;
    char *s;

    LMT_PTR_OK(f);
    LMT_EQ(out_print(o, f, columns), 0);
    n = ftell(f);
    rewind(f);
    s = calloc(1, (size_t)n + 1);
    LMT_PTR_OK(s);
    LMT_EQ(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

static void two_services(struct out *o, enum out_format fmt)
{
    char *deps[] = {"SamSS", "Srv2"};

    out_init(o, fmt);
    out_rec(o);
    out_str(o, "Status", "Running");
    out_str(o, "Name", "LanmanServer");
    out_str(o, "DisplayName", "Server");
    out_num(o, "ProcessId", 1234);
    out_bool(o, "CanStop", true);
    out_strv(o, "ServicesDependedOn", deps, 2);
    out_str(o, "Description", NULL);
    out_rec(o);
    out_str(o, "Status", "Stopped");
    out_str(o, "Name", "Données");
    out_str(o, "DisplayName", "a \"quoted\", name\nwith <xml> & a newline");
    out_num(o, "ProcessId", 0);
    out_bool(o, "CanStop", false);
    out_strv(o, "ServicesDependedOn", NULL, 0);
    out_str(o, "Description", "d");
}

static void check(enum out_format fmt, const char *const *columns, const char *want)
{
    struct out o;
    char *got;

    two_services(&o, fmt);
    got = render(&o, columns);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "---- got:\n%s---- want:\n%s----\n", got, want);
    LMT_STR(got, want);
    free(got);
    out_free(&o);
}

static void table(void)
{
    static const char *const cols[] = {"Status", "Name", "ProcessId", NULL};
    /* columns sized to content (in characters: "Données" is 7), numbers right-aligned, no trailing blanks */
    check(OUT_TABLE, cols,
          "Status  Name         ProcessId\n"
          "------  ----         ---------\n"
          "Running LanmanServer      1234\n"
          "Stopped Données              0\n");
}

static void list(void)
{
    check(OUT_LIST, NULL,
          "Status             : Running\n"
          "Name               : LanmanServer\n"
          "DisplayName        : Server\n"
          "ProcessId          : 1234\n"
          "CanStop            : True\n"
          "ServicesDependedOn : SamSS, Srv2\n"
          "Description        : \n"
          "\n"
          "Status             : Stopped\n"
          "Name               : Données\n"
          "DisplayName        : a \"quoted\", name\nwith <xml> & a newline\n"
          "ProcessId          : 0\n"
          "CanStop            : False\n"
          "ServicesDependedOn : \n"
          "Description        : d\n");
}

static void csv(void)
{
    /* RFC 4180: CRLF, quotes doubled, fields with , " or line breaks quoted */
    check(OUT_CSV, NULL,
          "Status,Name,DisplayName,ProcessId,CanStop,ServicesDependedOn,Description\r\n"
          "Running,LanmanServer,Server,1234,True,\"SamSS, Srv2\",\r\n"
          "Stopped,Données,\"a \"\"quoted\"\", name\nwith <xml> & a newline\",0,False,,d\r\n");
}

static void json(void)
{
    check(OUT_JSON, NULL,
          "[\n"
          "  {\n"
          "    \"Status\": \"Running\",\n"
          "    \"Name\": \"LanmanServer\",\n"
          "    \"DisplayName\": \"Server\",\n"
          "    \"ProcessId\": 1234,\n"
          "    \"CanStop\": true,\n"
          "    \"ServicesDependedOn\": [\"SamSS\", \"Srv2\"],\n"
          "    \"Description\": null\n"
          "  },\n"
          "  {\n"
          "    \"Status\": \"Stopped\",\n"
          "    \"Name\": \"Données\",\n"
          "    \"DisplayName\": \"a \\\"quoted\\\", name\\nwith <xml> & a newline\",\n"
          "    \"ProcessId\": 0,\n"
          "    \"CanStop\": false,\n"
          "    \"ServicesDependedOn\": [],\n"
          "    \"Description\": \"d\"\n"
          "  }\n"
          "]\n");
}

static void xml(void)
{
    check(OUT_XML, NULL,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<Objects>\n"
          "  <Object>\n"
          "    <Status>Running</Status>\n"
          "    <Name>LanmanServer</Name>\n"
          "    <DisplayName>Server</DisplayName>\n"
          "    <ProcessId>1234</ProcessId>\n"
          "    <CanStop>true</CanStop>\n"
          "    <ServicesDependedOn>\n"
          "      <Item>SamSS</Item>\n"
          "      <Item>Srv2</Item>\n"
          "    </ServicesDependedOn>\n"
          "    <Description null=\"true\"/>\n"
          "  </Object>\n"
          "  <Object>\n"
          "    <Status>Stopped</Status>\n"
          "    <Name>Données</Name>\n"
          "    <DisplayName>a &quot;quoted&quot;, name\nwith &lt;xml&gt; &amp; a newline</DisplayName>\n"
          "    <ProcessId>0</ProcessId>\n"
          "    <CanStop>false</CanStop>\n"
          "    <ServicesDependedOn/>\n"
          "    <Description>d</Description>\n"
          "  </Object>\n"
          "</Objects>\n");
}

static void empty(void)
{
    struct out o;
    char *got;

    out_init(&o, OUT_JSON);
    got = render(&o, NULL);
    LMT_STR(got, "[]\n");
    free(got);
    out_free(&o);
    out_init(&o, OUT_CSV);
    got = render(&o, NULL);
    LMT_STR(got, "");
    free(got);
    out_free(&o);
}

static void format_names(void)
{
    LMT_EQ(out_format_parse("json"), OUT_JSON);
    LMT_EQ(out_format_parse("table"), OUT_TABLE);
    LMT_EQ(out_format_parse("JSON"), -1);
    LMT_EQ(out_format_parse(""), -1);
}

static const struct lmt_test tests[] = {
    LMT_TEST(table), LMT_TEST(list),  LMT_TEST(csv),          LMT_TEST(json),
    LMT_TEST(xml),   LMT_TEST(empty), LMT_TEST(format_names), LMT_END,
};
const struct lmt_suite lmt_suite_output = {"output", NULL, NULL, NULL, tests};
