/* PowerShell alias rewriting: cmdlet lines and the lanman lines they become. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "testlib.h"

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
    {"Get-SmbShare Data", "share list Data"},
    {"New-SmbShare -Name Data -Path C:\\Data -Desc hi -FullAccess a,b -ReadAccess Everyone -Conc 5",
     "share add Data C:\\Data --description hi --full a --full b --read Everyone --max-uses 5"},
    {"New-SmbShare Data C:\\Data", "share add Data C:\\Data"},
    {"Remove-SmbShare -Name Data -Force", "share remove Data"},
    {"Set-SmbShare Data -Description x", "share set Data --description x"},
    {"Get-SmbServerConfiguration", "config list LanmanServer --powershell"},
    {"get-smbclientconfiguration", "config list LanmanWorkstation --powershell"},
    {"Get-SmbServerConfiguration -Bogus", NULL}, /* it takes no parameters of its own */
    /* PowerShell's common parameters and the CIM cmdlets' -ComputerName/-CimSession, on every cmdlet. */
    {"Get-SmbShare -ComputerName fs1", "-H fs1 share list"},
    {"Get-Service Lanman* -CimSession fs1:4450", "-H fs1:4450 service list Lanman*"},
    {"Get-SmbServerConfiguration -Comp fs1", "-H fs1 config list LanmanServer --powershell"},
    {"Remove-SmbShare D -Confirm:$false", "share remove D -Confirm:$false"},
    {"Remove-SmbShare D -confirm:FALSE", "share remove D -Confirm:$false"},
    {"Remove-SmbShare D -Confirm", "share remove D -Confirm"},
    {"Remove-SmbShare D -Confirm:$true", "share remove D -Confirm"},
    {"Remove-SmbShare D -Confirm:maybe", NULL},
    {"Set-SmbShare D -Description x -WhatIf", "share set D --description x -WhatIf"},
    {"Set-SmbShare D -Description x -WhatIf:$false", "share set D --description x"},
    {"New-SmbShare D C:\\D -PassThru", "share add D C:\\D"},
    {"Stop-Service X -Force:$false", "service stop X"},
    /* A parameter given twice is an error, as in PowerShell, by name or by position. */
    {"Get-SmbShare -Name a -Name b", NULL},
    {"Set-SmbShare D -Name E", NULL},
    {"Set-SmbShare D -Description x -Desc y", NULL},
    {"Stop-Service X -Force -Force", NULL},
    {"Get-SmbShare -ComputerName a -CimSession a", NULL},
    {"Set-Service X -StartupType AUTOMATICDELAYEDSTART", "service set X --start-type delayed"},
    {"Start-Service -Name Spooler", "service start Spooler"},
    {"start-service spooler", "service start spooler"},
    {"Restart-Service X -force", "service restart X --force"},
    {"Stop-Service X -NoWait", "service stop X"},
    {"Set-Service X -StartupType Manual", "service set X --start-type manual"},
    {"Set-Service X -st automatic", "service set X --start-type automatic"},
    {"Set-Service X -StartupType Sometimes",
     "service set X --start-type Sometimes"}, /* the command refuses it */
    {"Get-SmbShare -Name Data", "share list Data"},
    {"Get-SmbShare -Name 'N*',R2,R3", "share list 'N*' R2 R3"},
    {"Get-SmbShare R*", "share list R*"},
    {"get-smbshare -n Data", "share list Data"},
    {"New-SmbShare -Name D -Path C:\\D -FullAccess a,b, -ChangeAccess:c -ReadAccess Everyone,Guests",
     "share add D C:\\D --full a --full b --change c --read Everyone --read Guests"},
    {"New-SmbShare -Path C:\\D -Name D -ConcurrentUserLimit 0", "share add D C:\\D --max-uses 0"},
    {"Set-SmbShare -Name D -ConcurrentUserLimit 3 -Force", "share set D --max-uses 3"},
    {"Remove-SmbShare D", "share remove D"},
    {"Set-SmbShare -Name X -EncryptData $true -FolderEnumerationMode AccessBased -CachingMode None",
     "share set X --encrypt-data true --folder-enumeration-mode AccessBased --caching-mode None"},
    {"Set-SmbShare X -EncryptData:$False -CachingMode documents",
     "share set X --encrypt-data false --caching-mode Documents"},
    {"Set-SmbShare D -Nme x", NULL}, /* unknown: '-Name' is suggested */
    {"Stop-Service -Name", NULL},    /* a value is missing */
    {"Get-SmbShare a b", "share list a b"},
    {"New-SmbShare -Name Data -Path C:\\D -Bogus 1", NULL}, /* unknown parameter */
    {"New-SmbShare -Name Data -Path C:\\D -C x", NULL},     /* -C: ChangeAccess or ConcurrentUserLimit */
    {"New-SmbShare -Name Data -Path", NULL},                /* a value is missing */
    {"Stop-Service a b", NULL},                             /* one name only */
    {"New-SmbShare -Path C:\\D", NULL},                     /* no -Name */
    {"service list", "service list"},                       /* not an alias: untouched */
    {"Get-SmbShareAccess -Name Data", "share access Data"},
    {"Grant-SmbShareAccess -Name Data -AccountName CORP\\alice -AccessRight Read -Force",
     "share grant Data --account CORP\\alice --right read"},
    {"grant-smbshareaccess Data -AccountName Everyone -AccessRight full",
     "share grant Data --account Everyone --right full"},
    {"Grant-SmbShareAccess Data -Acc Everyone", NULL}, /* -Acc: AccountName or AccessRight */
    {"Revoke-SmbShareAccess -Name Data -AccountName Everyone -Force", "share revoke Data --account Everyone"},
    {"Block-SmbShareAccess Data -AccountName Guests", "share block Data --account Guests"},
    {"Unblock-SmbShareAccess Data -AccountName Guests -Force", "share unblock Data --account Guests"},
    {"Get-SmbSession", "session list"},
    {"Get-SmbSession -ClientUserName CORP\\bob -ClientComputerName 10.0.0.5",
     "session list --client-user CORP\\bob --client 10.0.0.5"},
    {"close-smbsession -ClientComputer pc1 -Force", "session close --client pc1"},
    {"Close-SmbSession -Client pc1", NULL}, /* -Client: ClientComputerName or ClientUserName */
    {"Get-SmbOpenFile -ClientUserName bob", "file list --client-user bob"},
    {"Close-SmbOpenFile -FileId 4711 -Force", "file close 4711"},
    {"Close-SmbOpenFile 4711", "file close 4711"},
    {"Close-SmbOpenFile -SessionId 3", NULL}, /* MS-SRVS has no session id */
    /* Set-SmbServerConfiguration / Set-SmbClientConfiguration: the catalogue's properties, as pairs */
    {"Set-SmbServerConfiguration -RequireSecuritySignature $true",
     "config set LanmanServer RequireSecuritySignature $true"},
    {"set-smbserverconfiguration -requiresecuritysignature:$TRUE -EnableSMB1Protocol:$false -Force "
     "-Confirm:$false",
     "config set LanmanServer RequireSecuritySignature $TRUE EnableSMB1Protocol $false"},
    {"Set-SmbServerConfiguration -RequireSec 1 -AutoDisconnectT 30 -WhatIf",
     "config set LanmanServer RequireSecuritySignature 1 AutoDisconnectTimeout 30 -WhatIf"},
    {"Set-SmbServerConfiguration -EnableSMB1 0 -ComputerName fs1",
     "-H fs1 config set LanmanServer EnableSMB1Protocol 0"},
    {"Set-SmbServerConfiguration -NullSessionPipes a,b", "config set LanmanServer NullSessionPipes a\nb"},
    {"Set-SmbClientConfiguration -EnableInsecureGuestLogons $false",
     "config set LanmanWorkstation EnableInsecureGuestLogons $false"},
    {"Set-SmbServerConfiguration -EnableSMB 0", NULL},                 /* SMB1 or SMB2: ambiguous */
    {"Set-SmbServerConfiguration -RequireSecuritySignatre 1", NULL},   /* unknown: suggested */
    {"Set-SmbServerConfiguration -EnableInsecureGuestLogons 0", NULL}, /* the client's, not the server's */
    {"Set-SmbServerConfiguration -EnableSMB1Protocol 0 -EnableSMB1 1", NULL}, /* given twice */
    {"Set-SmbServerConfiguration -EnableSMB1Protocol", NULL},                 /* no value */
    {"Set-SmbServerConfiguration -Force", NULL},                              /* nothing to set */
    {"Set-SmbServerConfiguration -Confirm:maybe -SMB1 0", NULL},
};

static void table(void)
{
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char buf[512], *args[64], got[512] = "", *out[CLI_ALIAS_MAX_ARGS + 1];
        char **argv = args;
        int argc = 1, rc;

        snprintf(buf, sizeof buf, "%s", rows[r].in);
        args[0] = "lanman";
        for (char *t = strtok(buf, " "); t != NULL; t = strtok(NULL, " "))
            args[argc++] = t;
        args[argc] = NULL;
        rc = cli_alias_rewrite(&argc, &argv, out, sizeof out / sizeof out[0]);
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

/* Every cmdlet the issue names is there, with a synopsis, and becomes a command. */
static void cmdlets(void)
{
    static const char *const want[] = {
        "Get-Service",
        "Start-Service",
        "Stop-Service",
        "Restart-Service",
        "Suspend-Service",
        "Resume-Service",
        "Set-Service",
        "Get-SmbShare",
        "New-SmbShare",
        "Remove-SmbShare",
        "Set-SmbShare",
        "Get-SmbServerConfiguration",
        "Get-SmbClientConfiguration",
        "Get-SmbShareAccess",
        "Grant-SmbShareAccess",
        "Revoke-SmbShareAccess",
        "Block-SmbShareAccess",
        "Unblock-SmbShareAccess",
        "Get-SmbSession",
        "Close-SmbSession",
        "Get-SmbOpenFile",
        "Close-SmbOpenFile",
        "Set-SmbServerConfiguration",
        "Set-SmbClientConfiguration",
    };
    const char *noun, *verb, *name;
    char syn[256];
    size_t i;

    for (i = 0; (name = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++) {
        LMT_TRUE(i < sizeof want / sizeof want[0]);
        LMT_STR(name, want[i]);
        LMT_PTR_OK(noun);
    }
    LMT_EQ(i, sizeof want / sizeof want[0]);
    cli_alias_info(8, &noun, &verb, syn, sizeof syn);
    LMT_STR(syn, "[-Name] NAME [-Path] PATH [-Description TEXT] [-FullAccess ACCOUNT,...] [-ChangeAccess "
                 "ACCOUNT,...] [-ReadAccess ACCOUNT,...] [-ConcurrentUserLimit N]");
    cli_alias_info(0, &noun, &verb, syn, sizeof syn);
    LMT_STR(syn, "[[-Name] NAME,...] [-DisplayName NAME,...]");
    cli_alias_info(14, &noun, &verb, syn, sizeof syn);
    LMT_STR(syn, "[-Name] NAME [-AccountName ACCOUNT] [-AccessRight RIGHT] [-Force]");
    cli_alias_info(22, &noun, &verb, syn, sizeof syn);
    LMT_STR(syn, "[-Force] [-Confirm] [-PROPERTY VALUE]...");
}

/* The catalogue's properties are Set-SmbServerConfiguration's parameters, after its own, for the completion;
 * a flag's values as PowerShell writes them. */
static void catalogue_params(void)
{
    char values[256];
    const char *p;
    bool signing = false, smb1 = false, guest = false;
    size_t k;

    LMT_STR(cli_alias_param(22, 0, values, sizeof values), "Force");
    LMT_STR(cli_alias_param(22, 1, values, sizeof values), "Confirm");
    for (k = 2; (p = cli_alias_param(22, k, values, sizeof values)) != NULL; k++) {
        if (strcmp(p, "RequireSecuritySignature") == 0)
            signing = strcmp(values, "$true $false") == 0;
        smb1 = smb1 || strcmp(p, "EnableSMB1Protocol") == 0;
        guest = guest || strcmp(p, "EnableInsecureGuestLogons") == 0;
    }
    LMT_TRUE(k >= 12);
    LMT_TRUE(signing);
    LMT_TRUE(smb1);
    LMT_TRUE(!guest); /* a client setting */
    for (k = 0; (p = cli_alias_param(23, k, values, sizeof values)) != NULL; k++)
        guest = guest || strcmp(p, "EnableInsecureGuestLogons") == 0;
    LMT_TRUE(guest);
}

static const struct lmt_test tests[] = {LMT_TEST(table), LMT_TEST(cmdlets), LMT_TEST(catalogue_params),
                                        LMT_END};
const struct lmt_suite lmt_suite_alias = {"alias", NULL, NULL, NULL, tests};

/* did you mean: the closest candidate, or none when nothing is close or two are as close. */
static void closest(void)
{
    static const char *const nouns[] = {"service", "share", "config", "probe", "ls", "get", NULL};
    static const char *const opts[] = {"--description", "--max-uses", "--full",
                                       "--format",      "--property", NULL};
    static const struct {
        const char *word;
        const char *const *from;
        const char *want;
    } cases[] = {
        {"servce", nouns, "service"},
        {"sevrice", nouns, "service"}, /* a transposition */
        {"Service", nouns, "service"},
        {"shre", nouns, "share"},
        {"conifg", nouns, "config"},
        {"serv", nouns, "service"},
        {"xyz", nouns, NULL},
        {"s", nouns, NULL},
        {"lss", nouns, "ls"},
        {"st", nouns, NULL}, /* ls or get? neither is one edit */
        {"--descripton", opts, "--description"},
        {"--max-use", opts, "--max-uses"},
        {"--formt", opts, "--format"},
        {"--fulll", opts, "--full"},
        {"--bogus", opts, NULL},
    };

    for (size_t r = 0; r < sizeof cases / sizeof cases[0]; r++) {
        struct cli_suggest sg;
        const char *got;
        cli_suggest_init(&sg, cases[r].word);
        for (size_t i = 0; cases[r].from[i] != NULL; i++)
            cli_suggest_add(&sg, cases[r].from[i]);
        got = cli_suggest_result(&sg);
        if ((got == NULL) != (cases[r].want == NULL) || (got != NULL && strcmp(got, cases[r].want) != 0))
            fprintf(stderr, "'%s': got %s, want %s\n", cases[r].word, got ? got : "none",
                    cases[r].want ? cases[r].want : "none");
        if (cases[r].want == NULL) {
            LMT_PTR_NULL(got);
        } else {
            LMT_STR(got != NULL ? got : "(none)", cases[r].want);
        }
    }
    LMT_TRUE(cli_iequal("Get-SERVICE", "get-service"));
    LMT_TRUE(!cli_iequal("Get-Service", "Get-Services"));
    LMT_TRUE(cli_iprefix("-desc", "-Description"));
    LMT_TRUE(!cli_iprefix("-Descx", "-Description"));
}

static const struct lmt_test suggest_tests[] = {LMT_TEST(closest), LMT_END};
const struct lmt_suite lmt_suite_suggest = {"suggest", NULL, NULL, NULL, suggest_tests};
