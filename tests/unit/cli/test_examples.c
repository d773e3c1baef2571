/* The examples of --help and the man page, quoted for the shell they are pasted into (cli_example_render()):
 * golden renderings, and for every example of the command table, the argv a shell gives lanman from the
 * rendering equals the argv the table means. POSIX: bash's rules for plain words and single quotes (the
 * shell test tests/cli/examples.sh runs the man page through bash itself). Windows: the MS C runtime's rules
 * for splitting a command line (what a program gets from cmd.exe, and from PowerShell, which passes a
 * double-quoted word with the same text), with no character outside the quotes that cmd.exe or PowerShell
 * would take for itself. */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "testlib.h"

#define MAXW 64

/* The MS C runtime's argv from a command line (after the program name): whitespace separates words outside
 * double quotes; 2n backslashes before a quote are n backslashes and the quote opens or closes; 2n+1 are n
 * and a literal quote; other backslashes are literal. */
static int split_msvcrt(const char *p, char *buf, char **argv)
{
    int n = 0;

    while (*p == ' ' || *p == '\t')
        p++;
    while (*p != '\0' && n < MAXW) {
        bool quoted = false;
        argv[n++] = buf;
        while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t'))) {
            size_t bs = strspn(p, "\\");
            if (p[bs] == '"') {
                for (size_t i = 0; i < bs / 2; i++)
                    *buf++ = '\\';
                if (bs % 2 == 1)
                    *buf++ = '"';
                else
                    quoted = !quoted;
                p += bs + 1;
            } else if (bs > 0) {
                memcpy(buf, p, bs);
                buf += bs;
                p += bs;
            } else {
                *buf++ = *p++;
            }
        }
        *buf++ = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
    }
    return n;
}

/* Whether a rendering has, outside double quotes, a character cmd.exe or PowerShell gives a meaning. */
static bool windows_meta(const char *p)
{
    bool quoted = false;

    for (; *p != '\0'; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && strchr("&|<>^%!,;()@{}'$`#*?", *p) != NULL)
            return true;
    }
    return false;
}

/* bash's argv from plain words and single-quoted strings (all the POSIX rendering uses). */
static int split_posix(const char *p, char *buf, char **argv)
{
    int n = 0;

    while (*p == ' ')
        p++;
    while (*p != '\0' && n < MAXW) {
        argv[n++] = buf;
        while (*p != '\0' && *p != ' ') {
            if (*p == '\'') {
                for (p++; *p != '\0' && *p != '\''; p++)
                    *buf++ = *p;
                CU_ASSERT_EQUAL(*p, '\'');
                if (*p != '\0')
                    p++;
            } else {
                CU_ASSERT_TRUE(strchr("\\\"$`*?[]~#&|;<>(){}!", *p) == NULL); /* special to bash, unquoted */
                *buf++ = *p++;
            }
        }
        *buf++ = '\0';
        while (*p == ' ')
            p++;
    }
    return n;
}

static void render(const char *line, enum cli_shell sh, const char *want)
{
    char got[1024];

    LMT_TRUE(cli_example_render(line, sh, got, sizeof got));
    LMT_STR(got, want);
}

static void golden(void)
{
    render("-U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\ --dry-run", CLI_SHELL_POSIX,
           "-U 'CORP\\admin' config apply fs1.xml --map-path 'D:\\=E:\\' --dry-run");
    render("-U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\ --dry-run", CLI_SHELL_WINDOWS,
           "-U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\ --dry-run");
    render("share add Tmp \"C:\\My Temp\\\" --description \"Monthly reports\"", CLI_SHELL_POSIX,
           "share add Tmp 'C:\\My Temp\\' --description 'Monthly reports'");
    /* "C:\My Temp\" would end in a literal quote: the backslash before the closing quote is doubled */
    render("share add Tmp \"C:\\My Temp\\\" --description \"Monthly reports\"", CLI_SHELL_WINDOWS,
           "share add Tmp \"C:\\My Temp\\\\\" --description \"Monthly reports\"");
    render("service list * --property Name,Status", CLI_SHELL_POSIX,
           "service list '*' --property Name,Status");
    render("service list * --property Name,Status", CLI_SHELL_WINDOWS,
           "service list \"*\" --property \"Name,Status\"");
    render("Get-SmbShare -Name a.b -Path:C:\\x", CLI_SHELL_WINDOWS, "Get-SmbShare -Name a.b \"-Path:C:\\x\"");
}

static void refused(void)
{
    static const char *const bad[] = {"share list  --configured",       "share list ",
                                      "share set D --description \"x",  "share set D --description \"x\"y",
                                      "share set D --description it's", "share set D --description a\"b"};
    char buf[256], *argv[MAXW], out[256];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(cli_example_argv(bad[i], buf, sizeof buf, argv, MAXW), -1);
        CU_ASSERT_FALSE(cli_example_render(bad[i], CLI_SHELL_POSIX, out, sizeof out));
    }
    /* cmd.exe expands %X% and PowerShell $x even inside double quotes */
    CU_ASSERT_FALSE(cli_example_render("share set D --description 100%", CLI_SHELL_WINDOWS, out, sizeof out));
    CU_ASSERT_FALSE(cli_example_render("share set D --description $x", CLI_SHELL_WINDOWS, out, sizeof out));
    CU_ASSERT_TRUE(cli_example_render("share set D --description $x", CLI_SHELL_POSIX, out, sizeof out));
    LMT_STR(out, "share set D --description '$x'");
    CU_ASSERT_FALSE(cli_example_render("service list", CLI_SHELL_POSIX, out, 8)); /* no room */
}

/* One example: both renderings give back its argv. */
static void round_trip(const struct cli_example *e)
{
    char words[1024], rendered[1024], split[1024], *want[MAXW], *got[MAXW];
    int n = cli_example_argv(e->line, words, sizeof words, want, MAXW), m;

    CU_ASSERT_TRUE(n > 0);
    for (int sh = CLI_SHELL_POSIX; sh <= CLI_SHELL_WINDOWS; sh++) {
        LMT_TRUE(cli_example_render(e->line, (enum cli_shell)sh, rendered, sizeof rendered));
        m = sh == CLI_SHELL_WINDOWS ? split_msvcrt(rendered, split, got) : split_posix(rendered, split, got);
        if (sh == CLI_SHELL_WINDOWS)
            CU_ASSERT_FALSE(windows_meta(rendered));
        CU_ASSERT_EQUAL(m, n);
        for (int i = 0; i < n && i < m; i++)
            CU_ASSERT_STRING_EQUAL(got[i], want[i]);
    }
}

static void table(void)
{
    size_t count = 0;

    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        for (size_t i = 0; i < 3 && c->examples[i].line != NULL; i++, count++)
            round_trip(&c->examples[i]);
    }
    for (const struct cli_noun *n = cli_nouns; n->title != NULL; n++) {
        for (size_t i = 0; i < 3 && n->examples[i].line != NULL; i++, count++)
            round_trip(&n->examples[i]);
    }
    for (const struct cli_example *e = cli_examples; e->line != NULL; e++, count++)
        round_trip(e);
    CU_ASSERT_TRUE(count >= 40);
}

static const struct lmt_test tests[] = {LMT_TEST(golden), LMT_TEST(refused), LMT_TEST(table), LMT_END};
const struct lmt_suite lmt_suite_examples = {"examples", NULL, NULL, NULL, tests};
