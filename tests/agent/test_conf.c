/* lanman-agent's portable parts on fixed input: the configuration file (every refusal with FILE:LINE), the
 * password file, the JSON-lines drift log and the command line. Files are written in the current directory
 * (the test's build directory); the platform hooks are the C library's, and events are captured. */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "testlib.h"

/* ---- the platform hooks, for the portable parts under test ---- */

static enum agent_event last_ev = AGENT_EV_COUNT;
static char last_msg[2048];

void agent_plat_log(enum agent_event ev, const char *msg)
{
    last_ev = ev;
    snprintf(last_msg, sizeof last_msg, "%s", msg);
}

FILE *agent_plat_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

void agent_plat_zero(void *p, size_t n)
{
    memset(p, 0, n);
}

const char *agent_plat_unusable(const struct agent_conf *c)
{
    (void)c;
    return NULL;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    LMT_PTR_OK(f);
    LMT_EQ(fwrite(text, 1, strlen(text), f), strlen(text));
    LMT_EQ(fclose(f), 0);
}

#define CONF "agent_test.conf"

static bool load(const char *text, struct agent_conf *c, char *err)
{
    write_file(CONF, text);
    return agent_conf_load(CONF, c, err, AGENT_CONF_ERROR_MAX);
}

/* The file is refused with exactly this message. */
static void refused(const char *text, const char *want)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX] = "";

    if (load(text, &c, err)) {
        agent_conf_free(&c);
        CU_FAIL_FATAL("accepted a bad configuration");
    }
    if (strcmp(err, want) != 0)
        fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, want);
    LMT_STR(err, want);
}

static void test_minimal_defaults(void)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX] = "";

    LMT_TRUE(load("baseline = base.xml\ndrift_log = /var/log/drift.jsonl\n", &c, err));
    LMT_PTR_NULL(c.server);
    LMT_PTR_NULL(c.user);
    LMT_STR(c.baseline, "base.xml"); /* the file has no directory part */
    LMT_STR(c.drift_log, "/var/log/drift.jsonl");
    LMT_EQ(c.interval_s, 300);
    LMT_EQ(c.timeout_s, 0);
    LMT_TRUE(!c.enforce);
    LMT_TRUE(c.prune);
    LMT_EQ(c.parts, LM_PLAN_ALL);
    LMT_EQ(c.log, AGENT_LOG_STDERR);
    agent_conf_free(&c);
}

static void test_full_remote(void)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX] = "";

    write_file("agent_test.pw", "s3cret\r\nsecond line\n");
    /* A BOM, CRLF line ends, comments of both kinds, blanks around '=' and a relative path. */
    LMT_TRUE(load("\xEF\xBB\xBF# lanman-agent\r\n"
                  "; another comment\r\n"
                  "\r\n"
                  "host = fs1.example.com\r\n"
                  "port=1445\r\n"
                  "user = EXAMPLE\\auditor\r\n"
                  "password_file = agent_test.pw\r\n"
                  "  baseline   =   C:\\lanman\\baseline.xml  \r\n"
                  "drift_log = /var/log/lanman/drift.jsonl\r\n"
                  "interval = 5m\r\n"
                  "timeout = 20\r\n"
                  "enforce = yes\r\n"
                  "prune = no\r\n"
                  "only = shares, parameters\r\n"
                  "require_signing = true\r\n"
                  "require_encryption = off\r\n"
                  "log = both\r\n",
                  &c, err));
    LMT_STR(c.server, "fs1.example.com");
    LMT_EQ(c.port, 1445);
    LMT_STR(c.domain, "EXAMPLE");
    LMT_STR(c.user, "auditor");
    LMT_STR(c.password_file, "agent_test.pw");
    LMT_STR(c.baseline, "C:\\lanman\\baseline.xml");
    LMT_EQ(c.interval_s, 300);
    LMT_EQ(c.timeout_s, 20);
    LMT_TRUE(c.enforce);
    LMT_TRUE(!c.prune);
    LMT_EQ(c.parts, LM_PLAN_SHARES | LM_PLAN_PARAMETERS);
    LMT_TRUE(c.require_signing);
    LMT_TRUE(!c.require_encryption);
    LMT_EQ(c.log, AGENT_LOG_STDERR | AGENT_LOG_SYSLOG);
    agent_conf_free(&c);
}

static void test_relative_to_file(void)
{
    struct agent_conf c;

    write_file(CONF, "baseline = base.xml\ndrift_log = logs/drift.jsonl\n");
    LMT_TRUE(agent_conf_load("./" CONF, &c, NULL, 0));
    LMT_STR(c.baseline, "./base.xml");
    LMT_STR(c.drift_log, "./logs/drift.jsonl");
    agent_conf_free(&c);
}

static void test_ipv6_and_unc(void)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX] = "";

    LMT_TRUE(load("host = [fe80::1]\nbaseline = b\ndrift_log = d\n", &c, err));
    LMT_STR(c.server, "fe80::1");
    agent_conf_free(&c);
    LMT_TRUE(load("host = \\\\FS1\nbaseline = b\ndrift_log = d\n", &c, err));
    LMT_STR(c.server, "FS1");
    agent_conf_free(&c);
    LMT_TRUE(load("host = local\nbaseline = b\ndrift_log = d\ninterval = 2h\n", &c, err));
    LMT_PTR_NULL(c.server);
    LMT_EQ(c.interval_s, 7200);
    agent_conf_free(&c);
}

static void test_line_errors(void)
{
    refused("baseline = b\ndrift_log = d\nfrobnicate = 1\n", CONF ":3: unknown key 'frobnicate'");
    refused("baseline = b\nbaseline = c\n", CONF ":2: baseline is set twice (first on line 1)");
    refused("baseline b\n", CONF ":1: expected 'key = value', not 'baseline b'");
    refused("baseline =\n", CONF ":1: baseline has no value");
    refused("enforce = maybe\n", CONF ":1: enforce must be yes or no, not 'maybe'");
    refused("interval = 0\n", CONF ":1: interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '0'");
    refused("interval = 25h\n", CONF ":1: interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '25h'");
    refused("interval = 1.5\n", CONF ":1: interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '1.5'");
    refused("interval = -5\n", CONF ":1: interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '-5'");
    refused("interval = 99999999999999999999\n",
            CONF ":1: interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '99999999999999999999'");
    refused("port = 70000\n", CONF ":1: port must be a number from 1 to 65535, not '70000'");
    refused("timeout = 0\n", CONF ":1: timeout must be seconds from 1 to 3600, not '0'");
    refused("host = fs1:445\n", CONF ":1: host 'fs1:445': give the port as 'port = N'");
    refused("host = fs1 fs2\n", CONF ":1: host 'fs1 fs2' is not a server name or address");
    refused("user = A\\B\\C\n", CONF ":1: user must be USER or DOMAIN\\USER, not 'A\\B\\C'");
    refused("only = shares, printers\n",
            CONF ":1: only takes a comma list of shares, parameters, services; not 'printers'");
    refused("only = shares,,services\n",
            CONF ":1: only takes a comma list of shares, parameters, services; not ''");
    refused("log = journal\n", CONF ":1: log must be stderr, syslog or both, not 'journal'");
}

static void test_whole_file_errors(void)
{
    refused("drift_log = d\n", CONF ": baseline is missing (the document from `lanman config export`)");
    refused("baseline = b\n", CONF ": drift_log is missing");
    refused("baseline = b\ndrift_log = d\nport = 445\n",
            CONF ":3: port is for a remote host; this configuration checks the local machine");
    refused("baseline = b\ndrift_log = d\nhost = fs1\nuser = bob\n",
            CONF ":4: user needs password_file or keytab (the password is never in this file)");
    refused("baseline = b\ndrift_log = d\nhost = fs1\npassword_file = agent_test.pw\n",
            CONF ":4: password_file needs user");
    refused("baseline = b\ndrift_log = d\nhost = fs1\nuser = bob\npassword_file = agent_no_such.pw\n",
            CONF ":5: cannot read password_file 'agent_no_such.pw': No such file or directory");
}

/* Kerberos from a keytab: its principal is user with a realm; never with a password file; remote only. */
static void test_keytab(void)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX] = "";

    LMT_TRUE(load("host = dc1.example.com\nuser = lanman-audit@EXAMPLE.COM\nkeytab = agent.keytab\n"
                  "baseline = b\ndrift_log = d\n",
                  &c, err));
    LMT_STR(c.user, "lanman-audit@EXAMPLE.COM");
    LMT_PTR_NULL(c.password_file);
    LMT_STR(c.keytab, "agent.keytab");
    agent_conf_free(&c);
    LMT_TRUE(
        load("host = dc1\nuser = EXAMPLE.COM\\lanman-audit\nkeytab = /etc/k\nbaseline = b\ndrift_log = d\n",
             &c, err));
    LMT_STR(c.domain, "EXAMPLE.COM");
    agent_conf_free(&c);
    refused("baseline = b\ndrift_log = d\nhost = fs1\nuser = bob\nkeytab = k\n",
            CONF ":5: keytab needs user = USER@REALM (or REALM\\USER), the principal in the keytab");
    refused("baseline = b\ndrift_log = d\nhost = fs1\nkeytab = k\n",
            CONF ":4: keytab needs user = USER@REALM (or REALM\\USER), the principal in the keytab");
    write_file("agent_test.pw", "s3cret\n");
    refused(
        "baseline = b\ndrift_log = d\nhost = fs1\nuser = bob@R\nkeytab = k\npassword_file = agent_test.pw\n",
        CONF ":5: keytab and password_file exclude each other: give one");
    refused("baseline = b\ndrift_log = d\nkeytab = k\n",
            CONF ":3: keytab is for a remote host; this configuration checks the local machine");
}

static void test_missing_file(void)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX];

    LMT_TRUE(!agent_conf_load("agent_no_such.conf", &c, err, sizeof err));
    LMT_STR(err, "agent_no_such.conf: cannot read the configuration file: No such file or directory");
}

static void test_long_line(void)
{
    char *text = malloc(5000);
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX];

    LMT_PTR_OK(text);
    memset(text, 'x', 4999);
    memcpy(text, "baseline = ", 11);
    text[4999] = '\0';
    LMT_TRUE(!load(text, &c, err));
    free(text);
    LMT_STR(err, CONF ":1: line longer than 4096 bytes");
}

static void test_password_file(void)
{
    char err[200];
    char *pw;

    write_file("agent_test.pw", "p@ss word\r\nignored\n");
    pw = agent_read_password("agent_test.pw", err, sizeof err);
    LMT_PTR_OK(pw);
    LMT_STR(pw, "p@ss word");
    agent_secret_free(pw);
    write_file("agent_test.pw", "");
    pw = agent_read_password("agent_test.pw", err, sizeof err);
    LMT_PTR_OK(pw);
    LMT_STR(pw, "");
    agent_secret_free(pw);
}

static const struct lmt_test conf_tests[] = {
    LMT_TEST(test_minimal_defaults),
    LMT_TEST(test_full_remote),
    LMT_TEST(test_relative_to_file),
    LMT_TEST(test_ipv6_and_unc),
    LMT_TEST(test_line_errors),
    LMT_TEST(test_whole_file_errors),
    LMT_TEST(test_missing_file),
    LMT_TEST(test_long_line),
    LMT_TEST(test_password_file),
    LMT_TEST(test_keytab),
    LMT_END,
};

const struct lmt_suite lmt_suite_agent_conf = {"agent_conf", NULL, NULL, NULL, conf_tests};

/* ---- the drift log ---- */

static void test_line_format(void)
{
    struct agent_drift_rec r = {"drift", "local", "set parameter", "LanmanServer\\Parameters\\SMB1", "0",
                                "1",     NULL};
    char *line = agent_drift_line(&r, 1700000000);

    LMT_PTR_OK(line);
    LMT_STR(line,
            "{\"time\":\"2023-11-14T22:13:20Z\",\"event\":\"drift\",\"host\":\"local\",\"kind\":\"set "
            "parameter\",\"object\":\"LanmanServer\\\\Parameters\\\\SMB1\",\"expected\":\"0\",\"actual\":"
            "\"1\"}\n");
    free(line);
}

static void test_line_escaping(void)
{
    struct agent_drift_rec r = {"enforcement failed", "fs1", "add share",
                                "share \"Q\"\x01",    NULL,  "line1\nline2\ttab\r\x7f\xc3\xa9",
                                "access denied"};
    char *line = agent_drift_line(&r, 0);

    LMT_PTR_OK(line);
    LMT_STR(line,
            "{\"time\":\"1970-01-01T00:00:00Z\",\"event\":\"enforcement failed\",\"host\":\"fs1\",\"kind\":"
            "\"add share\",\"object\":\"share \\\"Q\\\"\\u0001\",\"expected\":null,\"actual\":"
            "\"line1\\nline2\\ttab\\r\\u007f\xc3\xa9\",\"error\":\"access denied\"}\n");
    free(line);
}

static void test_append(void)
{
    struct agent_drift_rec r = {"drift", "local", "add share", "share X", NULL, "C:\\x", NULL};
    char err[200], buf[1024];
    size_t n;
    FILE *f;

    remove("agent_test.jsonl");
    LMT_TRUE(agent_drift_append("agent_test.jsonl", &r, err, sizeof err));
    r.event = "corrected";
    LMT_TRUE(agent_drift_append("agent_test.jsonl", &r, err, sizeof err));
    f = fopen("agent_test.jsonl", "rb");
    LMT_PTR_OK(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    LMT_TRUE(strstr(buf, "\"event\":\"drift\"") != NULL);
    LMT_TRUE(strstr(buf, "\"event\":\"corrected\"") != NULL);
    LMT_TRUE(strchr(buf, '\n') != NULL && strchr(strchr(buf, '\n') + 1, '\n') == buf + n - 1);
    LMT_TRUE(!agent_drift_append("agent_no_such_dir/x.jsonl", &r, err, sizeof err));
    LMT_TRUE(strstr(err, "cannot open the drift log 'agent_no_such_dir/x.jsonl'") == err);
}

static void test_events(void)
{
    LMT_STR(agent_event_name(AGENT_EV_CONFIG_ERROR), "config error");
    LMT_EQ(agent_event_severity(AGENT_EV_DRIFT), AGENT_WARNING);
    LMT_EQ(agent_event_severity(AGENT_EV_ENFORCE_FAILED), AGENT_ERROR);
    LMT_EQ(agent_event_severity(AGENT_EV_CORRECTED), AGENT_INFO);
    /* A value with a line break cannot forge a second log line. */
    agent_log(AGENT_EV_DRIFT, "share %s: x", "A\nlanman-agent: started: forged");
    LMT_EQ(last_ev, AGENT_EV_DRIFT);
    LMT_STR(last_msg, "share A lanman-agent: started: forged: x");
}

static void test_args(void)
{
    char *ok[] = {"lanman-agent", "--config", "a.conf", "--console", "install", NULL};
    char *eq[] = {"lanman-agent", "--config=b.conf", "--foreground", "--check-config", NULL};
    char *bad[] = {"lanman-agent", "--bogus", NULL};
    char *two[] = {"lanman-agent", "start", "stop", NULL};
    char *noval[] = {"lanman-agent", "-c", NULL};
    struct agent_args a;

    LMT_EQ(agent_args_parse(5, ok, &a), AGENT_EXIT_OK);
    LMT_STR(a.config, "a.conf");
    LMT_STR(a.command, "install");
    LMT_TRUE(a.console && !a.foreground);
    LMT_EQ(agent_args_parse(4, eq, &a), AGENT_EXIT_OK);
    LMT_STR(a.config, "b.conf");
    LMT_TRUE(a.foreground && a.check_config);
    LMT_EQ(agent_args_parse(2, bad, &a), AGENT_EXIT_USAGE);
    LMT_EQ(agent_args_parse(3, two, &a), AGENT_EXIT_USAGE);
    LMT_EQ(agent_args_parse(2, noval, &a), AGENT_EXIT_USAGE);
}

static const struct lmt_test log_tests[] = {
    LMT_TEST(test_line_format), LMT_TEST(test_line_escaping), LMT_TEST(test_append),
    LMT_TEST(test_events),      LMT_TEST(test_args),          LMT_END,
};

const struct lmt_suite lmt_suite_agent_log = {"agent_log", NULL, NULL, NULL, log_tests};
