/* PowerShell alias rewriting: cmdlet lines and the lanman lines they become. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "testlib.h"

/* The CLI's error printer, for the rewrite's messages. */
void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lanman: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

struct row {
    const char *in;   /* space-separated, after "lanman" */
    const char *want; /* the rewritten line, or NULL for a usage error */
};

static const struct row rows[] = {
    {"Get-Service", "service list *"},
    {"get-service Lanman*", "service list Lanman*"},
    {"GET-SERVICE -Name a,b c", "service list a b c"},
    {"Get-Service -DisplayName Server*", "service list Server*"},
    {"Stop-Service LanmanServer -Force", "service stop LanmanServer --force"},
    {"Stop-Service -Name LanmanServer -Fo", "service stop LanmanServer --force"},
    {"Restart-Service -Name:Spooler", "service restart Spooler"},
    {"Suspend-Service X", "service pause X"},
    {"Resume-Service X", "service continue X"},
    {"Set-Service X -StartupType AutomaticDelayedStart", "service set X --start-type delayed"},
    {"Set-Service -Name X -Startup disabled", "service set X --start-type disabled"},
    {"Get-SmbShare", "share list"},
    {"Get-SmbShare Data", "share show Data"},
    {"New-SmbShare -Name Data -Path C:\\Data -Desc hi -FullAccess a,b -ReadAccess Everyone -Conc 5",
     "share add Data C:\\Data --description hi --full a --full b --read Everyone --max-uses 5"},
    {"New-SmbShare Data C:\\Data", "share add Data C:\\Data"},
    {"Remove-SmbShare -Name Data -Force", "share remove Data"},
    {"Set-SmbShare Data -Description x", "share set Data --description x"},
    {"Get-SmbServerConfiguration", "config list LanmanServer"},
    {"Get-SmbClientConfiguration", "config list LanmanWorkstation"},
    {"New-SmbShare -Name Data -Path C:\\D -Bogus 1", NULL}, /* unknown parameter */
    {"New-SmbShare -Name Data -Path C:\\D -C x", NULL},     /* -C: ChangeAccess or ConcurrentUserLimit */
    {"New-SmbShare -Name Data -Path", NULL},                /* a value is missing */
    {"Stop-Service a b", NULL},                             /* one name only */
    {"New-SmbShare -Path C:\\D", NULL},                     /* no -Name */
    {"service list", "service list"},                       /* not an alias: untouched */
};

static void table(void)
{
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char buf[512], *args[64], got[512] = "";
        char **argv = args;
        int argc = 1, rc;

        snprintf(buf, sizeof buf, "%s", rows[r].in);
        args[0] = "lanman";
        for (char *t = strtok(buf, " "); t != NULL; t = strtok(NULL, " "))
            args[argc++] = t;
        args[argc] = NULL;
        rc = cli_alias_rewrite(&argc, &argv);
        if (rows[r].want == NULL) {
            if (rc != EXIT_USAGE)
                fprintf(stderr, "row %zu (%s): expected a usage error\n", r, rows[r].in);
            CU_ASSERT_EQUAL(rc, EXIT_USAGE);
            continue;
        }
        CU_ASSERT_EQUAL(rc, -1);
        for (int i = 1; i < argc; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i > 1 ? " " : "", argv[i]);
        if (strcmp(got, rows[r].want) != 0)
            fprintf(stderr, "row %zu (%s): got '%s', want '%s'\n", r, rows[r].in, got, rows[r].want);
        CU_ASSERT_STRING_EQUAL(got, rows[r].want);
        LMT_PTR_NULL(argv[argc]);
    }
}

static const struct lmt_test tests[] = {LMT_TEST(table), LMT_END};
const struct lmt_suite lmt_suite_alias = {"alias", NULL, NULL, NULL, tests};
