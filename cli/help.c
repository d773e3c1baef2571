/* --help: for lanman, for a noun, for a command, for a cmdlet. The synopsis and summary of each command
 * come from the command table (main.c); what each option means and the examples are here, keyed by noun
 * and verb. An entry for a command this build does not have is never printed. docs/lanman.1 says the same
 * (tests/cli/manpage.sh holds them together). */
#include <string.h>

#include "cli.h"

struct help_opt {
    const char *name; /* "--max-uses N" */
    const char *meaning;
};

struct help_example {
    const char *line; /* after "lanman " */
    const char *what;
};

struct help_entry {
    const char *noun, *verb; /* verb NULL: the noun itself, or a one-word command (probe) */
    const char *about;
    struct help_opt opts[8];
    struct help_example examples[3];
};

#define TIMEOUT_OPT                                                                                       \
    {                                                                                                     \
        "--timeout S", "seconds to wait for the service to reach the state (default 30; a global option)" \
    }

static const struct help_entry entries[] = {
    {"service",
     NULL,
     "Windows services, through the Service Control Manager (locally) or svcctl (with -H): the Lanman "
     "services by default, any service by name.",
     {{NULL, NULL}},
     {{"service list", "LanmanServer and LanmanWorkstation: Status, Name, DisplayName"},
      {"-H fs1 -U CORP\\admin service stop LanmanServer --force",
       "stop the Server service on fs1, and the services that depend on it"},
      {"--format json service show LanmanWorkstation", "every property, as JSON"}}},
    {"service",
     "list",
     "Lists the services whose name or display name matches a PATTERN (wildcards * and ?, any case), as "
     "Get-Service does; without a PATTERN, the Lanman services (Lanman*). The table shows Status, Name and "
     "DisplayName; the other formats, and --property, every property of 'service show'.",
     {{"PATTERN", "a service name or display name, with * and ? (default Lanman*; '*' for every service)"}},
     {{"service list", "the Lanman services"},
      {"service list '*'", "every service, as Get-Service does"},
      {"--format csv --property Name,Status,StartType service list 'Lanman*' Browser",
       "three properties of three services, as CSV"}}},
    {"service",
     "show",
     "Every property of one service, as Get-Service NAME | Format-List * shows it, plus what sc qc adds: "
     "StartType, ServiceType, ProcessId, BinaryPathName, StartName, ServicesDependedOn, DependentServices, "
     "CanStop, CanPauseAndContinue, CanShutdown and the exit codes.",
     {{"NAME", "the service name (not the display name)"}},
     {{"service show LanmanServer", "every property, as a list"},
      {"--format json service show LanmanWorkstation", "the same as JSON, enum values as names"}}},
    {"service",
     "start",
     "Starts a service and waits until it runs. Starting a disabled service fails (exit 1) and says so; use "
     "'service set NAME --start-type manual' first.",
     {{"NAME", "the service name"},
      {"--force", "accepted for the grammar's sake; only stop and restart use it"},
      TIMEOUT_OPT},
     {{"service start LanmanWorkstation", "start the Workstation service"},
      {"-H fs1 -U CORP\\admin service start LanmanServer --timeout 60", "on fs1, waiting up to a minute"}}},
    {"service",
     "stop",
     "Stops a service and waits until it has stopped. A service that running services depend on is not "
     "stopped unless --force is given, as Stop-Service does. A service that is already stopped is not an "
     "error.",
     {{"NAME", "the service name"},
      {"--force", "stop the running services that depend on it first"},
      TIMEOUT_OPT},
     {{"service stop LanmanServer", "fails, naming them, when services depend on it"},
      {"service stop LanmanServer --force", "stops its dependents first"}}},
    {"service",
     "restart",
     "Stops a service, then starts it again, waiting for each state.",
     {{"NAME", "the service name"},
      {"--force", "stop the running services that depend on it first (they are not restarted)"},
      TIMEOUT_OPT},
     {{"service restart LanmanWorkstation", "restart the Workstation service"},
      {"service restart LanmanServer --force --timeout 90",
       "with its dependents stopped, waiting up to 90 s"}}},
    {"service",
     "pause",
     "Pauses a service that can pause (CanPauseAndContinue) and waits until it is paused.",
     {{"NAME", "the service name"},
      {"--force", "accepted for the grammar's sake; only stop and restart use it"},
      TIMEOUT_OPT},
     {{"service pause LanmanServer", "no new connections; the current ones stay"},
      {"-H fs1 -U CORP\\admin Suspend-Service LanmanServer", "the same on fs1, PowerShell's way"}}},
    {"service",
     "continue",
     "Continues a paused service and waits until it runs.",
     {{"NAME", "the service name"},
      {"--force", "accepted for the grammar's sake; only stop and restart use it"},
      TIMEOUT_OPT},
     {{"service continue LanmanServer", "resume a paused Server service"},
      {"-H fs1 -U CORP\\admin service continue LanmanServer --timeout 60",
       "on fs1, waiting up to a minute"}}},
    {"service",
     "set",
     "Changes how a service starts (Set-Service -StartupType).",
     {{"NAME", "the service name"},
      {"--start-type T",
       "automatic, delayed (automatic, delayed start), manual or disabled; boot and system for drivers"}},
     {{"service set LanmanServer --start-type disabled", "the Server service no longer starts"},
      {"service set LanmanWorkstation --start-type automatic", "starts at boot"}}},
    {"share",
     NULL,
     "Shares of the Server service: the ones it serves (srvsvc / netapi32), and the persistent definitions "
     "in the registry (LanmanServer\\Shares), which can be read while the service is stopped.",
     {{NULL, NULL}},
     {{"share list", "Name, ScopeName, Path, Description"},
      {"share add Data C:\\Data --description Finance --full CORP\\finance --read Everyone",
       "share C:\\Data with two permissions"},
      {"--format json share show Data", "every property, the security descriptor as SDDL"}}},
    {"share",
     "list",
     "Lists the shares, as Get-SmbShare does: Name, ScopeName, Path, Description in the table, every "
     "property in the other formats. When the Server service cannot answer (stopped, or Wine), it says so in "
     "one line on stderr and lists the configured shares from the registry instead.",
     {{"--configured",
       "the definitions in LanmanServer\\Shares in the registry, even while the service is stopped"}},
     {{"share list", "the shares being served"},
      {"share list --configured --format csv", "what the registry will share, as CSV"},
      {"-H fs1 -U CORP\\admin --property Name,Path share list", "two columns, from fs1"}}},
    {"share",
     "show",
     "Every property of one share: Name, ScopeName, Path, Description, ShareType, Special, Temporary, "
     "ConcurrentUserLimit, CurrentUsers, SecurityDescriptor (SDDL).",
     {{"NAME", "the share name"}},
     {{"share show Data", "as a list"}, {"--format xml share show Data", "as XML"}}},
    {"share",
     "add",
     "Creates a share (New-SmbShare). The name and the path are checked before anything is sent. Without "
     "--full, --change or --read, the server's default permissions apply.",
     {{"NAME", "the share name (no \\ / : * ? \" < > |)"},
      {"PATH", "an absolute path on the server, such as C:\\Data"},
      {"--description T", "the remark shown beside the share"},
      {"--max-uses N", "at most N connections at once; 0 (the default) means no limit"},
      {"--full ACCT", "grant ACCT full control; may repeat (ACCT: DOMAIN\\user, Everyone or a SID)"},
      {"--change ACCT", "grant ACCT read and change; may repeat"},
      {"--read ACCT", "grant ACCT read; may repeat"}},
     {{"share add Data C:\\Data", "share C:\\Data as Data"},
      {"share add Reports D:\\Reports --description \"Monthly reports\" --change CORP\\staff --read Everyone",
       "with a remark and two permissions"},
      {"-H fs1 -U CORP\\admin share add Tmp C:\\Temp --max-uses 5", "on fs1, five users at most"}}},
    {"share",
     "remove",
     "Deletes a share (Remove-SmbShare); the directory and its files stay.",
     {{"NAME", "the share name"}},
     {{"share remove Data", "stop sharing Data"},
      {"-H fs1 -U CORP\\admin Remove-SmbShare -Name Tmp", "the same on fs1, PowerShell's way"}}},
    {"share",
     "set",
     "Changes the remark or the user limit of a share (Set-SmbShare); at least one option is needed.",
     {{"NAME", "the share name"},
      {"--description T", "the new remark"},
      {"--max-uses N", "the new limit; 0 means no limit"}},
     {{"share set Data --description \"Finance (read-only)\"", "a new remark"},
      {"share set Data --max-uses 0", "no limit"}}},
    {"config",
     NULL,
     "The registry settings of LanmanServer and LanmanWorkstation (HKLM\\SYSTEM\\CurrentControlSet\\Services"
     "\\SERVICE\\Parameters), checked against lanman's catalogue of the known ones: type, range, default, "
     "meaning and the value security guidance recommends.",
     {{NULL, NULL}},
     {{"config list", "both services' settings, with the Check column"},
      {"config set LanmanServer SMB1 0", "turn SMB1 off on the server"},
      {"Get-SmbServerConfiguration", "the same settings under their PowerShell names"}}},
    {"config",
     "list",
     "Lists the values of SERVICE\\Parameters (both Lanman services without SERVICE): the ones set, then the "
     "catalogued ones that are absent, at their default. Check says whether the value is the recommended one "
     "(ok), or not (differs).",
     {{"SERVICE", "LanmanServer, LanmanWorkstation, or another service's Parameters"},
      {"--powershell",
       "one object per service with the catalogued settings under their PowerShell names, as "
       "Get-SmbServerConfiguration / Get-SmbClientConfiguration show them (EnableSMB1Protocol for SMB1)"}},
     {{"config list LanmanServer", "the server's settings"},
      {"config list LanmanServer --powershell", "as Get-SmbServerConfiguration shows them"},
      {"--format json --property Name,Value,Check config list", "three properties of every setting"}}},
    {"config",
     "get",
     "Prints one value; for a catalogued setting that is not set, its default (and a note on stderr).",
     {{"SERVICE", "LanmanServer, LanmanWorkstation, ..."},
      {"NAME", "the value name, or its PowerShell name (EnableSMB1Protocol)"}},
     {{"config get LanmanServer SMB1", "1 unless SMB1 was turned off"},
      {"config get LanmanWorkstation RequireSecuritySignature", "does the client require signing?"}}},
    {"config",
     "set",
     "Sets one value. A catalogued setting is checked first (type and range: SMB1=banana is refused, exit 2, "
     "and nothing is written); another name needs --type. Values that name code to load (ServiceDll, "
     "ServiceMain, ImagePath, FailureCommand, ProviderPath) are refused, exit 2.",
     {{"SERVICE", "LanmanServer, LanmanWorkstation, ..."},
      {"NAME", "the value name, or its PowerShell name"},
      {"VALUE", "decimal for REG_DWORD, text for REG_SZ, items separated by newlines for REG_MULTI_SZ"},
      {"--type T", "REG_DWORD, REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD or REG_BINARY"}},
     {{"config set LanmanServer SMB1 0", "turn SMB1 off"},
      {"config set LanmanServer RequireSecuritySignature 1", "require signing"},
      {"config set LanmanServer MyValue 5 --type REG_DWORD", "a value the catalogue does not know"}}},
    {"config",
     "unset",
     "Deletes one value, so that its default applies again. Values that name code to load (ServiceDll, ...) "
     "are refused, exit 2.",
     {{"SERVICE", "LanmanServer, LanmanWorkstation, ..."},
      {"NAME", "the value name, or its PowerShell name"}},
     {{"config unset LanmanServer SMB1", "back to the default (1)"},
      {"config unset LanmanWorkstation EnableInsecureGuestLogons", "by its PowerShell name"}}},
    {"config",
     "export",
     "Writes the whole configuration of the target (services, Parameters values and shares with their "
     "security descriptors) as one XML document, valid against the schema lanman-config.xsd "
     "(urn:lanman:config:1).",
     {{"-o FILE", "write to FILE (through a temporary file and a rename: never half-written) instead of "
                  "stdout; '-' is stdout"},
      {"--output FILE", "the same as -o FILE"}},
     {{"config export", "the document on stdout"},
      {"-H fs1 -U CORP\\admin config export -o fs1.xml", "fs1's configuration into fs1.xml"}}},
    {"config",
     "apply",
     "Reads a document 'config export' wrote (schema-validated, no network, no DTD), compares it with the "
     "target, prints the plan, then applies it. Nothing is changed with --dry-run. Values that name code to "
     "load (ServiceDll, ServiceMain, ImagePath, ...) are never applied: a 'skipped:' line names each.",
     {{"FILE", "the document"},
      {"--dry-run", "print the plan only"},
      {"--map-path OLD=NEW", "share paths under OLD become paths under NEW; may repeat"},
      {"--prune", "also remove the shares the document does not have (never special shares or printers)"},
      {"--only WHAT", "apply only shares, parameters or services (comma-separated; may repeat)"}},
     {{"config apply fs1.xml --dry-run", "what would change"},
      {"-H fs2 -U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\", "fs1's configuration on fs2"},
      {"config apply fs1.xml --only shares --prune", "the shares exactly as in the document"}}},
    {"probe",
     NULL,
     "Asks a server which SMB dialects it accepts, one connection per dialect, and whether it accepts SMB1 "
     "(one SMB1 NEGOTIATE, no session); shows signing, encryption, the server GUID and time. No log on.",
     {{"HOST[:PORT]", "the server; [::1]:445 for IPv6 with a port"}},
     {{"probe fs1", "everything, as a list"},
      {"--format json probe 192.0.2.10:4445", "as JSON, on another port"}}},
    {"ls",
     NULL,
     "Lists a directory of a share: Mode, LastWriteTime, Length, Name, directories first. Needs no -H: the "
     "server is in the path.",
     {{"//HOST[:PORT]/SHARE[/PATH]", "the directory (\\\\HOST\\SHARE\\PATH too)"}},
     {{"-U alice ls //fs1/Data/reports", "a directory, logged on as alice"},
      {"-N ls //fs1/Public", "with a null session"}}},
    {"get",
     NULL,
     "Downloads a file. It goes to a temporary file beside LOCAL, flushed to disk and renamed at the end, so "
     "a failure or an interruption (Ctrl-C, SIGTERM) leaves the old LOCAL as it was and no temporary file; "
     "a new file gets the umask's mode, a replaced one keeps its mode. A progress bar shows on a terminal.",
     {{"//HOST[:PORT]/SHARE/PATH", "the file"},
      {"LOCAL", "where to: a file, a directory, or '-' for stdout (default: the file's name, here)"}},
     {{"-U alice get //fs1/Data/report.pdf", "into ./report.pdf"},
      {"-U alice get //fs1/Data/log.txt - | tail", "to stdout"}}},
};

#define WRAP 100

/* Writes text from column col (the cursor is there) to WRAP, continuing lines at column indent. */
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
    const char *p = text;

    while (*p != '\0') {
        const char *end = p;
        size_t len;
        while (*end != '\0' && *end != ' ')
            end++;
        len = (size_t)(end - p);
        if (col > indent && col + 1 + len > WRAP) {
            fputc('\n', f);
            for (col = 0; col < indent; col++)
                fputc(' ', f);
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, len, f);
        col += len;
        p = *end == ' ' ? end + 1 : end;
    }
    fputc('\n', f);
}

/* "  NAME        meaning", the meaning wrapped under itself; a name wider than width gets a line of its
 * own. */
static void item(FILE *f, const char *name, const char *meaning, size_t width)
{
    if (strlen(name) > width)
        fprintf(f, "  %s\n%*s", name, (int)width + 4, "");
    else
        fprintf(f, "  %-*s  ", (int)width, name);
    wrap(f, meaning, width + 4, width + 4);
}

static const struct help_entry *entry(const char *noun, const char *verb)
{
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        if (strcmp(entries[i].noun, noun) == 0 &&
            (verb == NULL ? entries[i].verb == NULL
                          : entries[i].verb != NULL && strcmp(entries[i].verb, verb) == 0))
            return &entries[i];
    }
    return NULL;
}

static void examples(FILE *f, const struct help_entry *e)
{
    if (e == NULL || e->examples[0].line == NULL)
        return;
    fputs("\nExamples:\n", f);
    for (size_t i = 0; i < 3 && e->examples[i].line != NULL; i++)
        fprintf(f, "  lanman %s\n      %s\n", e->examples[i].line, e->examples[i].what);
}

/* The cmdlets that become this command. */
static void cmdlets_for(FILE *f, const char *noun, const char *verb)
{
    const char *cmdlet, *n, *v;
    char syn[256];
    bool any = false;

    for (size_t i = 0; (cmdlet = cli_alias_info(i, &n, &v, syn, sizeof syn)) != NULL; i++) {
        if (strcmp(n, noun) != 0 || (verb != NULL && strcmp(v, verb) != 0))
            continue;
        fprintf(f, "%s  lanman %s", any ? "" : "\nPowerShell:\n", cmdlet);
        wrap(f, syn, 9 + strlen(cmdlet), 6);
        any = true;
    }
}

static void global_options(FILE *f)
{
    for (const struct cli_global_option *o = cli_global_options; o->long_name != NULL; o++) {
        char head[64];
        snprintf(head, sizeof head, "%s%s%s%s%s", o->short_name != NULL ? o->short_name : "",
                 o->short_name != NULL ? ", " : "", o->long_name, o->arg != NULL ? " " : "",
                 o->arg != NULL ? o->arg : "");
        item(f, head, o->meaning, 26);
    }
}

void cli_help_global(FILE *f)
{
    static const struct help_entry top = {
        NULL,
        NULL,
        NULL,
        {{NULL, NULL}},
        {{"service list", "the Lanman services of this machine (Windows)"},
         {"-H fs1 -U CORP\\admin share list", "the shares of fs1, from any OS (the password from a prompt)"},
         {"-H fs1 -U CORP\\admin --format json Get-SmbServerConfiguration",
          "fs1's server settings as JSON"}}};
    const char *cmdlet, *n, *v;
    char syn[256], list[1024] = "";

    fputs(
        "Usage: lanman [GLOBAL OPTIONS] NOUN VERB [ARGS]\n"
        "       lanman [GLOBAL OPTIONS] CMDLET [PARAMETERS]\n"
        "\n"
        "Manages the Windows Lanman services (LanmanServer, LanmanWorkstation), their registry settings and\n"
        "their shares: on this machine (Windows), or on any Windows or Samba server over SMB2 with -H.\n"
        "\n"
        "Global options (before or after the command):\n",
        f);
    global_options(f);
    fputs("\nCommands:\n", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        char head[256];
        cli_command_head(c, head, sizeof head);
        fprintf(f, "  %s\n      %s\n", head, c->summary);
    }
    fputs("\nPowerShell cmdlets (any case; PowerShell's parameters, unambiguous prefixes, comma lists):\n  ",
          f);
    for (size_t i = 0; (cmdlet = cli_alias_info(i, &n, &v, syn, sizeof syn)) != NULL; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i > 0 ? ", " : "", cmdlet);
    wrap(f, list, 2, 2);
    examples(f, &top);
    fputs(
        "\n"
        "Exit codes:\n"
        "  0 ok   1 operation failed   2 usage   3 authentication failed   4 not found\n"
        "  5 access denied   6 cannot connect or timed out   7 protocol error or not supported by the peer\n"
        "  130 interrupted (Ctrl-C, SIGINT)   143 terminated (SIGTERM)\n"
        "\n"
        "Environment: LANMAN_PASSWORD (the password for -U), NO_COLOR (no colours).\n"
        "'lanman NOUN --help' and 'lanman NOUN VERB --help' describe each command; 'man lanman' has it "
        "all.\n",
        f);
}

static void help_noun(FILE *f, const char *noun)
{
    const struct help_entry *e = entry(noun, NULL);

    fprintf(f, "Usage: lanman [GLOBAL OPTIONS] %s VERB [ARGS]\n\n", noun);
    if (e != NULL)
        wrap(f, e->about, 0, 0);
    fputs("\nVerbs:\n", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (strcmp(c->noun, noun) == 0)
            fprintf(f, "  %s %s\n      %s\n", c->verb, c->args, c->summary);
    }
    examples(f, e);
    cmdlets_for(f, noun, NULL);
    fprintf(f, "\n'lanman %s VERB --help' describes each verb; 'lanman --help' the global options.\n", noun);
}

static void help_command(FILE *f, const struct cli_command *c)
{
    const struct help_entry *e = entry(c->noun, c->verb);
    char head[256];
    size_t w = 0;

    cli_command_head(c, head, sizeof head);
    fputs("Usage: lanman [GLOBAL OPTIONS]", f);
    wrap(f, head, 30, 7);
    fputc('\n', f);
    wrap(f, e != NULL ? e->about : c->summary, 0, 0);
    if (e != NULL && e->opts[0].name != NULL) {
        for (size_t i = 0; i < 8 && e->opts[i].name != NULL; i++)
            w = strlen(e->opts[i].name) > w ? strlen(e->opts[i].name) : w;
        fputs("\nArguments and options:\n", f);
        for (size_t i = 0; i < 8 && e->opts[i].name != NULL; i++)
            item(f, e->opts[i].name, e->opts[i].meaning, w < 26 ? w : 26);
    }
    fputs("\nGlobal options, before or after the command: -H HOST[:PORT], -U [DOMAIN\\]USER, -N, --format "
          "FORMAT,\n"
          "--property A,B, --timeout SECONDS, -v and more; see 'lanman --help'.\n",
          f);
    examples(f, e);
    cmdlets_for(f, c->noun, c->verb != NULL ? c->verb : "");
}

static int help_cmdlet(FILE *f, const char *name)
{
    const char *cmdlet, *noun, *verb;
    char syn[256];

    for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++) {
        char *args[2] = {(char *)noun, (char *)verb};
        const struct cli_command *c;
        bool noun_only;

        if (!cli_iequal(cmdlet, name))
            continue;
        char about[512];
        fprintf(f, "Usage: lanman [GLOBAL OPTIONS] %s", cmdlet);
        wrap(f, syn, 31 + strlen(cmdlet), 7);
        snprintf(about, sizeof about,
                 "PowerShell's %s, as lanman runs it: 'lanman %s %s'. Parameter names may be shortened to "
                 "any unambiguous prefix, in any case; lists are comma-separated.",
                 cmdlet, noun, verb);
        fputc('\n', f);
        wrap(f, about, 0, 0);
        fputc('\n', f);
        if ((c = cli_find_command(2, args, &noun_only)) != NULL)
            help_command(f, c);
        return EXIT_OK_;
    }
    return -1;
}

int cli_help(FILE *f, int argc, char **argv)
{
    const struct cli_command *c;
    bool noun_only;
    int rc;

    if (argc < 1) {
        cli_help_global(f);
        return EXIT_OK_;
    }
    if ((rc = help_cmdlet(f, argv[0])) >= 0)
        return rc;
    c = cli_find_command(argc, argv, &noun_only);
    if (c != NULL) {
        help_command(f, c);
        return EXIT_OK_;
    }
    if (noun_only && argc < 2) {
        help_noun(f, argv[0]);
        return EXIT_OK_;
    }
    return cli_unknown_command(argc, argv, noun_only);
}
