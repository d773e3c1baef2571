/* The CLI's output layer on fixed records: exact text in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "render.h"
#include "testlib.h"

char *test_render(struct out *o, const char *const *columns)
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
    got = test_render(&o, columns);
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
          "DisplayName        : a \"quoted\", name\\x0Awith <xml> & a newline\n" /* escaped: out_escape() */
          "ProcessId          : 0\n"
          "CanStop            : False\n"
          "ServicesDependedOn : \n"
          "Description        : d\n");
}

static void csv(void)
{
    /* RFC 4180: CRLF, quotes doubled, fields with , or " quoted; a line break in a value is escaped as in
     * every human format (out_escape()), so a record is one line */
    check(OUT_CSV, NULL,
          "Status,Name,DisplayName,ProcessId,CanStop,ServicesDependedOn,Description\r\n"
          "Running,LanmanServer,Server,1234,True,\"SamSS, Srv2\",\r\n"
          "Stopped,Données,\"a \"\"quoted\"\", name\\x0Awith <xml> & a newline\",0,False,,d\r\n");
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
    static const char *const name_column[] = {"Name", NULL};
    struct out o;
    char *got;

    out_init(&o, OUT_JSON);
    got = test_render(&o, NULL);
    LMT_STR(got, "[]\n");
    free(got);
    out_free(&o);
    out_init(&o, OUT_CSV);
    got = test_render(&o, NULL);
    LMT_STR(got, "");
    free(got);
    out_free(&o);
    /* Nothing found: a CSV still has its header, from a record that is not printed; a table has no bare
     * header. */
    for (int k = 0; k < 2; k++) {
        out_init(&o, k == 0 ? OUT_CSV : OUT_TABLE);
        out_rec(&o);
        out_str(&o, "Name", NULL);
        out_num(&o, "Port", 0);
        out_header_only(&o);
        got = test_render(&o, name_column);
        LMT_STR(got, k == 0 ? "Name,Port\r\n" : "");
        free(got);
        out_free(&o);
    }
}

static void format_names(void)
{
    LMT_EQ(out_format_parse("json"), OUT_JSON);
    LMT_EQ(out_format_parse("table"), OUT_TABLE);
    LMT_EQ(out_format_parse("JSON"), OUT_JSON); /* --format JSON, as PowerShell users type it */
    LMT_EQ(out_format_parse("Csv"), OUT_CSV);
    LMT_EQ(out_format_parse("jsonx"), -1);
    LMT_EQ(out_format_parse(""), -1);
}

/* --property: the fields chosen, in the order given, any case, in every format. */
static void property(void)
{
    static const struct {
        enum out_format fmt;
        const char *want;
    } cases[] = {
        {OUT_TABLE, "ProcessId Name\n"
                    "--------- ----\n"
                    "     1234 LanmanServer\n"
                    "        0 Données\n"},
        {OUT_LIST, "ProcessId : 1234\nName      : LanmanServer\n\nProcessId : 0\nName      : Données\n"},
        {OUT_CSV, "ProcessId,Name\r\n1234,LanmanServer\r\n0,Données\r\n"},
        {OUT_JSON, "[\n  {\n    \"ProcessId\": 1234,\n    \"Name\": \"LanmanServer\"\n  },\n"
                   "  {\n    \"ProcessId\": 0,\n    \"Name\": \"Données\"\n  }\n]\n"},
        {OUT_XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Objects>\n"
                  "  <Object>\n    <ProcessId>1234</ProcessId>\n    <Name>LanmanServer</Name>\n  </Object>\n"
                  "  <Object>\n    <ProcessId>0</ProcessId>\n    <Name>Données</Name>\n  </Object>\n"
                  "</Objects>\n"},
    };
    static const char *const cols[] = {"Status", "Name", NULL};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct out o;
        char *got;
        two_services(&o, cases[i].fmt);
        o.properties = "processid, NAME";
        got = test_render(&o, cols); /* --property wins over the table's columns */
        if (strcmp(got, cases[i].want) != 0)
            fprintf(stderr, "---- format %d, got:\n%s---- want:\n%s----\n", (int)cases[i].fmt, got,
                    cases[i].want);
        LMT_STR(got, cases[i].want);
        free(got);
        out_free(&o);
    }
}

static void property_unknown(void)
{
    struct out o;
    FILE *f = tmpfile();

    LMT_PTR_OK(f);
    two_services(&o, OUT_JSON);
    o.properties = "Name,Statsu";
    LMT_EQ(out_print(&o, f, NULL), OUT_EPROPERTY);
    LMT_EQ(ftell(f), 0); /* nothing printed */
    LMT_STR(o.error, "unknown property 'Statsu'; known: Status, Name, DisplayName, ProcessId, CanStop, "
                     "ServicesDependedOn, Description");
    out_free(&o);
    fclose(f);
}

/* On a terminal: the widest columns narrowed to fit, cut values end in '…'; headers stay whole. */
static void truncation(void)
{
    static const char *const cols[] = {"Status", "Name", "DisplayName", NULL};
    struct out o;
    char *got;

    two_services(&o, OUT_TABLE);
    o.width = 30;
    got = test_render(&o, cols);
    LMT_STR(got, "Status  Name       DisplayName\n"
                 "------  ----       -----------\n"
                 "Running LanmanSer… Server\n"
                 "Stopped Données    a \"quoted\"…\n");
    free(got);
    out_free(&o);
}

/* Colours: Status values only, and the padding outside the escape sequences. */
static void color(void)
{
    static const char *const cols[] = {"Status", "Name", NULL};
    struct out o;
    char *got;

    two_services(&o, OUT_TABLE);
    o.color = true;
    got = test_render(&o, cols);
    LMT_STR(got, "Status  Name\n"
                 "------  ----\n"
                 "\x1b[32mRunning\x1b[0m LanmanServer\n"
                 "\x1b[31mStopped\x1b[0m Données\n");
    free(got);
    out_free(&o);
}

/* A table keeps each string as it shows it: escaped where escaping changes it, the text itself elsewhere. */
static void escape_only_what_changes(void)
{
    static const char *const cols[] = {"Name", "Path", NULL};
    struct out o;
    char *got;

    out_init(&o, OUT_TABLE);
    out_rec(&o);
    out_str(&o, "Name", "plain");
    out_str(&o, "Path", "C:\\Data é");
    out_rec(&o);
    out_str(&o, "Name", "bell\a");
    out_str(&o, "Path", "\\x41");
    got = test_render(&o, cols);
    {
        const char *want = "Name     Path\n"
                           "----     ----\n"
                           "plain    C:\\Data é\n"
                           "bell\\x07 \\x5Cx41\n";

        if (strcmp(got, want) != 0)
            fprintf(stderr, "---- got:\n%s---- want:\n%s----\n", got, want);
        LMT_STR(got, want);
    }
    free(got);
    out_free(&o);
}

static const struct lmt_test tests[] = {
    LMT_TEST(table),
    LMT_TEST(list),
    LMT_TEST(csv),
    LMT_TEST(json),
    LMT_TEST(xml),
    LMT_TEST(empty),
    LMT_TEST(format_names),
    LMT_TEST(property),
    LMT_TEST(property_unknown),
    LMT_TEST(truncation),
    LMT_TEST(color),
    LMT_TEST(escape_only_what_changes),
    LMT_END,
};
const struct lmt_suite lmt_suite_output = {"output", NULL, NULL, NULL, tests};

/* ---------------------------------------------------------------- records of the library's model objects */

static char *deps_ls[] = {"SamSS", "Srv2"};
static char *deps_lw[] = {"Bowser", "MRxSmb20", "NSI"};
static char *dependents_ls[] = {"Browser"};

static const lm_service services[] = {
    {"LanmanServer", "Server", "Supports file, print, and named-pipe sharing over the network.",
     LM_SERVICE_RUNNING, LM_START_AUTOMATIC, 0x20, 1234,
     LM_SERVICE_ACCEPT_STOP | LM_SERVICE_ACCEPT_PAUSE_CONTINUE, 0, 0, 0, 0,
     "C:\\Windows\\system32\\svchost.exe -k netsvcs -p", "LocalSystem", deps_ls, 2, dependents_ls, 1, true},
    {"LanmanWorkstation", "Workstation", NULL, LM_SERVICE_STOPPED, LM_START_AUTOMATIC_DELAYED, 0x20, 0, 0,
     1077, 0, 0, 0, "C:\\Windows\\System32\\svchost.exe -k NetworkService -p", "NT AUTHORITY\\NetworkService",
     deps_lw, 3, NULL, 0, true},
};

static char *render_services(enum out_format fmt, const char *const *cols)
{
    struct out o;
    char *got;

    out_init(&o, fmt);
    for (size_t i = 0; i < 2; i++)
        cli_service_record(&o, &services[i]);
    got = test_render(&o, cols);
    out_free(&o);
    return got;
}

static void golden(const char *what, char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fprintf(stderr, "---- %s, got:\n%s---- want:\n%s----\n", what, got, want);
    LMT_STR(got, want);
    free(got);
}

static const char *const service_cols[] = {"Status", "Name", "DisplayName", NULL};

static void service_table(void)
{
    golden("service table", render_services(OUT_TABLE, service_cols),
           "Status  Name              DisplayName\n"
           "------  ----              -----------\n"
           "Running LanmanServer      Server\n"
           "Stopped LanmanWorkstation Workstation\n");
}

static void service_list(void)
{
    golden("service list", render_services(OUT_LIST, NULL),
           "Name                    : LanmanServer\n"
           "DisplayName             : Server\n"
           "Status                  : Running\n"
           "StartType               : Automatic\n"
           "Description             : Supports file, print, and named-pipe sharing over the network.\n"
           "ServiceType             : Win32ShareProcess\n"
           "ProcessId               : 1234\n"
           "BinaryPathName          : C:\\Windows\\system32\\svchost.exe -k netsvcs -p\n"
           "StartName               : LocalSystem\n"
           "ServicesDependedOn      : SamSS, Srv2\n"
           "DependentServices       : Browser\n"
           "CanStop                 : True\n"
           "CanPauseAndContinue     : True\n"
           "CanShutdown             : False\n"
           "Win32ExitCode           : 0\n"
           "ServiceSpecificExitCode : 0\n"
           "\n"
           "Name                    : LanmanWorkstation\n"
           "DisplayName             : Workstation\n"
           "Status                  : Stopped\n"
           "StartType               : AutomaticDelayedStart\n"
           "Description             : \n"
           "ServiceType             : Win32ShareProcess\n"
           "ProcessId               : 0\n"
           "BinaryPathName          : C:\\Windows\\System32\\svchost.exe -k NetworkService -p\n"
           "StartName               : NT AUTHORITY\\NetworkService\n"
           "ServicesDependedOn      : Bowser, MRxSmb20, NSI\n"
           "DependentServices       : \n"
           "CanStop                 : False\n"
           "CanPauseAndContinue     : False\n"
           "CanShutdown             : False\n"
           "Win32ExitCode           : 1077\n"
           "ServiceSpecificExitCode : 0\n");
}

static void service_csv(void)
{
    golden("service csv", render_services(OUT_CSV, NULL),
           "Name,DisplayName,Status,StartType,Description,ServiceType,ProcessId,BinaryPathName,StartName,"
           "ServicesDependedOn,DependentServices,CanStop,CanPauseAndContinue,CanShutdown,Win32ExitCode,"
           "ServiceSpecificExitCode\r\n"
           "LanmanServer,Server,Running,Automatic,\"Supports file, print, and named-pipe sharing over the "
           "network.\",Win32ShareProcess,1234,C:\\Windows\\system32\\svchost.exe -k netsvcs "
           "-p,LocalSystem,\"SamSS, Srv2\",Browser,True,True,False,0,0\r\n"
           "LanmanWorkstation,Workstation,Stopped,AutomaticDelayedStart,,Win32ShareProcess,0,C:"
           "\\Windows\\System32\\svchost.exe -k NetworkService -p,NT AUTHORITY\\NetworkService,\"Bowser, "
           "MRxSmb20, NSI\",,False,False,False,1077,0\r\n");
}

static void service_json(void)
{
    golden("service json", render_services(OUT_JSON, NULL),
           "[\n"
           "  {\n"
           "    \"Name\": \"LanmanServer\",\n"
           "    \"DisplayName\": \"Server\",\n"
           "    \"Status\": \"Running\",\n"
           "    \"StartType\": \"Automatic\",\n"
           "    \"Description\": \"Supports file, print, and named-pipe sharing over the network.\",\n"
           "    \"ServiceType\": \"Win32ShareProcess\",\n"
           "    \"ProcessId\": 1234,\n"
           "    \"BinaryPathName\": \"C:\\\\Windows\\\\system32\\\\svchost.exe -k netsvcs -p\",\n"
           "    \"StartName\": \"LocalSystem\",\n"
           "    \"ServicesDependedOn\": [\"SamSS\", \"Srv2\"],\n"
           "    \"DependentServices\": [\"Browser\"],\n"
           "    \"CanStop\": true,\n"
           "    \"CanPauseAndContinue\": true,\n"
           "    \"CanShutdown\": false,\n"
           "    \"Win32ExitCode\": 0,\n"
           "    \"ServiceSpecificExitCode\": 0\n"
           "  },\n"
           "  {\n"
           "    \"Name\": \"LanmanWorkstation\",\n"
           "    \"DisplayName\": \"Workstation\",\n"
           "    \"Status\": \"Stopped\",\n"
           "    \"StartType\": \"AutomaticDelayedStart\",\n"
           "    \"Description\": null,\n"
           "    \"ServiceType\": \"Win32ShareProcess\",\n"
           "    \"ProcessId\": 0,\n"
           "    \"BinaryPathName\": \"C:\\\\Windows\\\\System32\\\\svchost.exe -k NetworkService -p\",\n"
           "    \"StartName\": \"NT AUTHORITY\\\\NetworkService\",\n"
           "    \"ServicesDependedOn\": [\"Bowser\", \"MRxSmb20\", \"NSI\"],\n"
           "    \"DependentServices\": [],\n"
           "    \"CanStop\": false,\n"
           "    \"CanPauseAndContinue\": false,\n"
           "    \"CanShutdown\": false,\n"
           "    \"Win32ExitCode\": 1077,\n"
           "    \"ServiceSpecificExitCode\": 0\n"
           "  }\n"
           "]\n");
}

static void service_xml(void)
{
    golden("service xml", render_services(OUT_XML, NULL),
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<Objects>\n"
           "  <Object>\n"
           "    <Name>LanmanServer</Name>\n"
           "    <DisplayName>Server</DisplayName>\n"
           "    <Status>Running</Status>\n"
           "    <StartType>Automatic</StartType>\n"
           "    <Description>Supports file, print, and named-pipe sharing over the network.</Description>\n"
           "    <ServiceType>Win32ShareProcess</ServiceType>\n"
           "    <ProcessId>1234</ProcessId>\n"
           "    <BinaryPathName>C:\\Windows\\system32\\svchost.exe -k netsvcs -p</BinaryPathName>\n"
           "    <StartName>LocalSystem</StartName>\n"
           "    <ServicesDependedOn>\n"
           "      <Item>SamSS</Item>\n"
           "      <Item>Srv2</Item>\n"
           "    </ServicesDependedOn>\n"
           "    <DependentServices>\n"
           "      <Item>Browser</Item>\n"
           "    </DependentServices>\n"
           "    <CanStop>true</CanStop>\n"
           "    <CanPauseAndContinue>true</CanPauseAndContinue>\n"
           "    <CanShutdown>false</CanShutdown>\n"
           "    <Win32ExitCode>0</Win32ExitCode>\n"
           "    <ServiceSpecificExitCode>0</ServiceSpecificExitCode>\n"
           "  </Object>\n"
           "  <Object>\n"
           "    <Name>LanmanWorkstation</Name>\n"
           "    <DisplayName>Workstation</DisplayName>\n"
           "    <Status>Stopped</Status>\n"
           "    <StartType>AutomaticDelayedStart</StartType>\n"
           "    <Description null=\"true\"/>\n"
           "    <ServiceType>Win32ShareProcess</ServiceType>\n"
           "    <ProcessId>0</ProcessId>\n"
           "    <BinaryPathName>C:\\Windows\\System32\\svchost.exe -k NetworkService -p</BinaryPathName>\n"
           "    <StartName>NT AUTHORITY\\NetworkService</StartName>\n"
           "    <ServicesDependedOn>\n"
           "      <Item>Bowser</Item>\n"
           "      <Item>MRxSmb20</Item>\n"
           "      <Item>NSI</Item>\n"
           "    </ServicesDependedOn>\n"
           "    <DependentServices/>\n"
           "    <CanStop>false</CanStop>\n"
           "    <CanPauseAndContinue>false</CanPauseAndContinue>\n"
           "    <CanShutdown>false</CanShutdown>\n"
           "    <Win32ExitCode>1077</Win32ExitCode>\n"
           "    <ServiceSpecificExitCode>0</ServiceSpecificExitCode>\n"
           "  </Object>\n"
           "</Objects>\n");
}

static void shares(void)
{
    static const char *const cols[] = {"Name", "ScopeName", "Path", "Description", NULL};
    const lm_share list[] = {
        {"Data", "C:\\Data", "Finance, 2026", LM_STYPE_DISKTREE, LM_SHARE_UNLIMITED, 3,
         "O:BAG:BAD:(A;;FA;;;BA)(A;;0x1200a9;;;WD)", 502, false, true,
         LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_CSC_NONE},
        {"IPC$", NULL, "Remote IPC", LM_STYPE_IPC | LM_STYPE_SPECIAL, 10, 0, NULL, 1, false, false, 0},
        {"Old", "D:\\Old", "", LM_STYPE_DISKTREE, 5, 0, NULL, 0, true, false, 0},
    };
    enum out_format fmts[] = {OUT_TABLE, OUT_JSON, OUT_CSV};
    const char *want[] = {
        "Name ScopeName Path    Description\n"
        "---- --------- ----    -----------\n"
        "Data *         C:\\Data Finance, 2026\n"
        "IPC$ *                 Remote IPC\n"
        "Old  *         D:\\Old\n",
        "[\n"
        "  {\n"
        "    \"Name\": \"Data\",\n"
        "    \"ScopeName\": \"*\",\n"
        "    \"Path\": \"C:\\\\Data\",\n"
        "    \"Description\": \"Finance, 2026\",\n"
        "    \"ShareType\": \"FileSystemDirectory\",\n"
        "    \"Special\": false,\n"
        "    \"Temporary\": false,\n"
        "    \"ConcurrentUserLimit\": 0,\n"
        "    \"CurrentUsers\": 3,\n"
        "    \"SecurityDescriptor\": \"O:BAG:BAD:(A;;FA;;;BA)(A;;0x1200a9;;;WD)\",\n"
        "    \"CachingMode\": \"None\",\n"
        "    \"FolderEnumerationMode\": \"AccessBased\",\n"
        "    \"EncryptData\": true,\n"
        "    \"ContinuouslyAvailable\": false,\n"
        "    \"CompressData\": false,\n"
        "    \"IdentityRemoting\": false,\n"
        "    \"DfsRoot\": false,\n"
        "    \"ShareFlags\": 34864,\n"
        "    \"ShareState\": \"Online\",\n"
        "    \"InfoLevel\": 502\n"
        "  },\n"
        "  {\n"
        "    \"Name\": \"IPC$\",\n"
        "    \"ScopeName\": \"*\",\n"
        "    \"Path\": null,\n"
        "    \"Description\": \"Remote IPC\",\n"
        "    \"ShareType\": \"IPC\",\n"
        "    \"Special\": true,\n"
        "    \"Temporary\": false,\n"
        "    \"ConcurrentUserLimit\": 10,\n"
        "    \"SecurityDescriptor\": null,\n"
        "    \"ShareState\": \"Online\",\n"
        "    \"InfoLevel\": 1\n"
        "  },\n"
        "  {\n"
        "    \"Name\": \"Old\",\n"
        "    \"ScopeName\": \"*\",\n"
        "    \"Path\": \"D:\\\\Old\",\n"
        "    \"Description\": \"\",\n"
        "    \"ShareType\": \"FileSystemDirectory\",\n"
        "    \"Special\": false,\n"
        "    \"Temporary\": false,\n"
        "    \"ConcurrentUserLimit\": 5,\n"
        "    \"SecurityDescriptor\": null,\n"
        "    \"Configured\": true\n"
        "  }\n"
        "]\n",
        "Name,ScopeName,Path,Description,ShareType,Special,Temporary,ConcurrentUserLimit,CurrentUsers,"
        "SecurityDescriptor,CachingMode,FolderEnumerationMode,EncryptData,ContinuouslyAvailable,CompressData,"
        "IdentityRemoting,DfsRoot,ShareFlags,ShareState,InfoLevel\r\n"
        "Data,*,C:\\Data,\"Finance, "
        "2026\",FileSystemDirectory,False,False,0,3,O:BAG:BAD:(A;;FA;;;BA)(A;;0x1200a9;;;WD),None,"
        "AccessBased,"
        "True,False,False,False,False,34864,Online,502\r\n"
        "IPC$,*,,Remote IPC,IPC,True,False,10,,,,,,,,,,,Online,1\r\n"
        "Old,*,D:\\Old,,FileSystemDirectory,False,False,5,,,,,,,,,,,,\r\n"};

    for (size_t k = 0; k < 3; k++) {
        struct out o;
        out_init(&o, fmts[k]);
        for (size_t i = 0; i < 3; i++)
            cli_share_record(&o, &list[i]);
        golden("shares", test_render(&o, cols), want[k]);
        out_free(&o);
    }
}

/* Registry values as Windows stores them. */
static lm_reg_value dword(const char *name, uint32_t v, uint8_t buf[4])
{
    lm_reg_value r = {(char *)name, LM_REG_DWORD, buf, 4};
    buf[0] = (uint8_t)v, buf[1] = (uint8_t)(v >> 8), buf[2] = (uint8_t)(v >> 16), buf[3] = (uint8_t)(v >> 24);
    return r;
}

static void ps_config(void)
{
    /* UTF-16LE "netlogon\0samr\0\0" */
    static uint8_t pipes[] = {'n', 0, 'e', 0,   't', 0,   'l', 0,   'o', 0,   'g', 0, 'o', 0, 'n',
                              0,   0, 0,   's', 0,   'a', 0,   'm', 0,   'r', 0,   0, 0,   0, 0};
    uint8_t b1[4], b2[4], b3[4];
    lm_reg_value vals[] = {dword("SMB1", 0, b1),
                           dword("autosharewks", 0, b2),
                           dword("AutoDisconnect", 30, b3),
                           {"NullSessionPipes", LM_REG_MULTI_SZ, pipes, sizeof pipes}};
    struct out o;

    out_init(&o, OUT_LIST);
    cli_ps_config_record(&o, "LanmanServer", vals, 4);
    golden("Get-SmbServerConfiguration", test_render(&o, NULL),
           "AnnounceComment             : \n"
           "AutoDisconnectTimeout       : 30\n"
           "AutoShareServer             : True\n"
           "AutoShareWorkstation        : False\n"
           "EnableSecuritySignature     : False\n"
           "EnableSMB1Protocol          : False\n"
           "EnableSMB2Protocol          : True\n"
           "EncryptData                 : False\n"
           "NullSessionPipes            : netlogon, samr\n"
           "NullSessionShares           : \n"
           "RejectUnencryptedAccess     : True\n"
           "RequireSecuritySignature    : False\n"
           "ServerHidden                : False\n"
           "SmbServerNameHardeningLevel : 0\n");
    out_free(&o);
    out_init(&o, OUT_JSON);
    cli_ps_config_record(&o, "LanmanServer", vals, 4);
    golden("Get-SmbServerConfiguration json", test_render(&o, NULL),
           "[\n"
           "  {\n"
           "    \"AnnounceComment\": \"\",\n"
           "    \"AutoDisconnectTimeout\": 30,\n"
           "    \"AutoShareServer\": true,\n"
           "    \"AutoShareWorkstation\": false,\n"
           "    \"EnableSecuritySignature\": false,\n"
           "    \"EnableSMB1Protocol\": false,\n"
           "    \"EnableSMB2Protocol\": true,\n"
           "    \"EncryptData\": false,\n"
           "    \"NullSessionPipes\": [\"netlogon\", \"samr\"],\n"
           "    \"NullSessionShares\": [],\n"
           "    \"RejectUnencryptedAccess\": true,\n"
           "    \"RequireSecuritySignature\": false,\n"
           "    \"ServerHidden\": false,\n"
           "    \"SmbServerNameHardeningLevel\": 0\n"
           "  }\n"
           "]\n");
    out_free(&o);
    out_init(&o, OUT_JSON);
    cli_ps_config_record(&o, "LanmanWorkstation", NULL, 0);
    golden("Get-SmbClientConfiguration json", test_render(&o, NULL),
           "[\n"
           "  {\n"
           "    \"EnableInsecureGuestLogons\": null,\n"
           "    \"EnableSecuritySignature\": true,\n"
           "    \"RequireSecuritySignature\": false\n"
           "  }\n"
           "]\n");
    out_free(&o);
}

static void settings(void)
{
    static const char *const cols[] = {"Service", "Name", "Type", "Value", "Source", "Check", NULL};
    uint8_t b1[4], b2[4];
    lm_reg_value smb1 = dword("SMB1", 1, b1), other = dword("Custom", 7, b2);
    struct out o;

    out_init(&o, OUT_TABLE);
    cli_setting_record(&o, "LanmanServer", lm_setting_find("LanmanServer", "SMB1"), &smb1);
    cli_setting_record(&o, "LanmanServer", NULL, &other);
    cli_setting_record(&o, "LanmanServer", lm_setting_find("LanmanServer", "RestrictNullSessAccess"), NULL);
    cli_setting_record(&o, "LanmanServer", lm_setting_find("LanmanServer", "Hidden"), NULL);
    golden("config list", test_render(&o, cols),
           "Service      Name                   Type      Value Source  Check\n"
           "-------      ----                   ----      ----- ------  -----\n"
           "LanmanServer SMB1                   REG_DWORD 1     set     differs\n"
           "LanmanServer Custom                 REG_DWORD 7     set\n"
           "LanmanServer RestrictNullSessAccess REG_DWORD 1     default ok\n"
           "LanmanServer Hidden                 REG_DWORD 0     default\n");
    out_free(&o);
}

/* A REG_MULTI_SZ value: an array in JSON and XML, one line ("a, b") in the table. */
static void settings_multi_sz(void)
{
    static const char *const cols[] = {"Name", "Type", "Value", NULL};
    /* UTF-16LE "netlogon\0samr\0\0" */
    static uint8_t pipes[] = {'n', 0, 'e', 0,   't', 0,   'l', 0,   'o', 0,   'g', 0, 'o', 0, 'n',
                              0,   0, 0,   's', 0,   'a', 0,   'm', 0,   'r', 0,   0, 0,   0, 0};
    lm_reg_value v = {"NullSessionPipes", LM_REG_MULTI_SZ, pipes, sizeof pipes};
    static const char *const want[] = {
        "Name             Type         Value\n"
        "----             ----         -----\n"
        "NullSessionPipes REG_MULTI_SZ netlogon, samr\n",
        "[\n  {\n    \"Name\": \"NullSessionPipes\",\n    \"Type\": \"REG_MULTI_SZ\",\n"
        "    \"Value\": [\"netlogon\", \"samr\"]\n  }\n]\n"};
    struct out o;

    out_init(&o, OUT_TABLE);
    cli_setting_record(&o, "LanmanServer", NULL, &v);
    golden("config list multi_sz", test_render(&o, cols), want[0]);
    out_free(&o);
    out_init(&o, OUT_JSON);
    o.properties = "Name,Type,Value";
    cli_setting_record(&o, "LanmanServer", NULL, &v);
    golden("config list multi_sz json", test_render(&o, NULL), want[1]);
    out_free(&o);
    out_init(&o, OUT_XML);
    o.properties = "Value";
    cli_setting_record(&o, "LanmanServer", NULL, &v);
    {
        char *got = test_render(&o, NULL);
        bool ok =
            got != NULL &&
            strstr(got,
                   "    <Value>\n      <Item>netlogon</Item>\n      <Item>samr</Item>\n    </Value>\n") !=
                NULL;
        if (!ok)
            fprintf(stderr, "xml: %s\n", got != NULL ? got : "(null)");
        free(got);
        LMT_TRUE(ok);
    }
    out_free(&o);
}

/* server show's Transports and Disks: shown only when their status is LM_OK (an empty answer is an empty
 * array); a transport's items as the man page says; untrusted text stays exact in JSON. */
static void server_transports_disks(void)
{
    lm_server_transport t[2] = {{"\\Device\\NetbiosSmb", "FS1", "000000000000", NULL, 3},
                                {"T\"2", "", "", "D", 0}};
    char *disks[] = {"C:", "D:"};
    lm_server_info i;
    struct out o;

    memset(&i, 0, sizeof i);
    i.name = "FS1";
    i.level = 101;
    i.transports_status = LM_OK;
    i.transports = t;
    i.ntransports = 2;
    i.disks_status = LM_OK;
    i.disks = disks;
    i.ndisks = 2;
    out_init(&o, OUT_JSON);
    cli_server_record(&o, &i);
    i.transports_status = LM_ENOTSUP; /* not answered: absent */
    i.disks_status = LM_OK;
    i.ndisks = 0; /* answered, no disk: [] */
    cli_server_record(&o, &i);
    {
        char *got = test_render(&o, NULL);
        const char *a = strstr(
            got, "\"Transports\": [\"\\\\Device\\\\NetbiosSmb address=FS1 network=000000000000 vcs=3\", "
                 "\"T\\\"2 address= network= vcs=0 domain=D\"]");
        const char *b = strstr(got, "\"Disks\": [\"C:\", \"D:\"]");
        const char *second = b != NULL ? strstr(b + 1, "\"Name\"") : NULL;

        if (a == NULL || b == NULL || second == NULL)
            fprintf(stderr, "---- server record:\n%s----\n", got);
        LMT_TRUE(a != NULL && b != NULL && second != NULL);
        LMT_TRUE(strstr(second, "Transports") == NULL);
        LMT_TRUE(strstr(second, "\"Disks\": []") != NULL);
        free(got);
    }
    out_free(&o);
}

static const struct lmt_test record_tests[] = {
    LMT_TEST(service_table),
    LMT_TEST(service_list),
    LMT_TEST(service_csv),
    LMT_TEST(service_json),
    LMT_TEST(service_xml),
    LMT_TEST(shares),
    LMT_TEST(ps_config),
    LMT_TEST(settings),
    LMT_TEST(settings_multi_sz),
    LMT_TEST(server_transports_disks),
    LMT_END,
};
const struct lmt_suite lmt_suite_records = {"records", NULL, NULL, NULL, record_tests};
