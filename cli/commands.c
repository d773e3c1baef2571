/* The command table: every command, its arguments and options, declared once. The dispatcher (dispatch.c)
 * parses and checks a command line against it; --help (help.c), the man page's command sections and the
 * bash completion (docgen.c, at build time) are made from it. */
#include <stddef.h>

#include "cli.h"
#include "output.h"

/* Arguments and options more than one command has. */
#define SERVICE_NAME                                                                   \
    {                                                                                  \
        "NAME", NULL, "the service name", 0, "LanmanServer LanmanWorkstation", NULL, 0 \
    }
#define TIMEOUT_OPT                                                                                         \
    {                                                                                                       \
        "--timeout", "S",                                                                                   \
            "seconds to wait for the service to reach the state (default 30; a global option)", OPT_GLOBAL, \
            NULL, NULL, 0                                                                                   \
    }
#define FORCE_UNUSED                                                                                       \
    {                                                                                                      \
        "--force", NULL, "accepted for the grammar's sake; only stop and restart use it", 0, NULL, NULL, 0 \
    }
#define LANMAN_SERVICES "LanmanServer LanmanWorkstation"
#define CONFIG_SERVICE                                                                       \
    {                                                                                        \
        "SERVICE", NULL, "LanmanServer, LanmanWorkstation, ...", 0, LANMAN_SERVICES, NULL, 0 \
    }
#define SHARE_NAME                                       \
    {                                                    \
        "NAME", NULL, "the share name", 0, NULL, NULL, 0 \
    }
#define SHARE_ACCOUNT                                                                                   \
    {                                                                                                   \
        "--account", "ACCT", "the account: DOMAIN\\user, a well-known name such as Everyone, or a SID", \
            OPT_REQUIRED, NULL, NULL, 0                                                                 \
    }
#define END_ARGS                           \
    {                                      \
        NULL, NULL, NULL, 0, NULL, NULL, 0 \
    }

static const char *const service_columns[] = {"Status", "Name", "DisplayName", NULL};
static const char *const share_columns[] = {"Name", "ScopeName", "Path", "Description", NULL};
static const char *const config_columns[] = {"Service", "Name", "Type", "Value", "Source", "Check", NULL};
static const char *const share_access_columns[] = {
    "Name", "ScopeName", "AccountName", "AccessControlType", "AccessRight", NULL};
static const char *const ls_columns[] = {"Mode", "LastWriteTime", "Length", "Name", NULL};
static const char *const wksta_columns[] = {"ComputerName", "Domain", "Platform", "Version", NULL};
static const char *const wksta_user_columns[] = {"UserName", "LogonDomain", "LogonServer", NULL};
static const char *const session_columns[] = {"SessionId", "ClientComputerName", "ClientUserName", "NumOpens",
                                              NULL};
static const char *const open_file_columns[] = {
    "FileId", "SessionId", "Path", "ShareRelativePath", "ClientComputerName", "ClientUserName", NULL};
static const char *const server_columns[] = {"Name", "Comment", "Version", "Type", NULL};
static const char *const connection_columns[] = {"ConnectionId", "ShareName",        "UserName",
                                                 "NumOpens",     "SecondsConnected", NULL};

const struct cli_noun cli_nouns[] = {
    {"service",
     "service",
     "Windows services, through the Service Control Manager (locally) or svcctl (with -H): the Lanman "
     "services by default, any service by name.",
     {{"service list", "LanmanServer and LanmanWorkstation: Status, Name, DisplayName"},
      {"-H fs1 -U CORP\\admin service stop LanmanServer --force",
       "stop the Server service on fs1, and the services that depend on it"},
      {"--format json service show LanmanWorkstation", "every property, as JSON"}}},
    {"share",
     "share",
     "Shares of the Server service: the ones it serves (srvsvc / netapi32), and the persistent definitions "
     "in the registry (LanmanServer\\Shares), which can be read while the service is stopped.",
     {{"share list", "Name, ScopeName, Path, Description"},
      {"share add Data C:\\Data --description Finance --full CORP\\finance --read Everyone",
       "share C:\\Data with two permissions"},
      {"--format json share show Data", "every property, the security descriptor as SDDL"}}},
    {"config",
     "config",
     "The registry settings of LanmanServer and LanmanWorkstation "
     "(HKLM\\SYSTEM\\CurrentControlSet\\Services\\SERVICE\\Parameters), checked against lanman's catalogue "
     "of the known ones: type, range, default, meaning and the value security guidance recommends.",
     {{"config list", "both services' settings, with the Check column"},
      {"config set LanmanServer SMB1 0", "turn SMB1 off on the server"},
      {"Get-SmbServerConfiguration", "the same settings under their PowerShell names"}}},
    {"workstation",
     "workstation",
     "The Workstation service (LanmanWorkstation, the SMB client) as it describes itself: its computer "
     "name, domain and version (NetWkstaGetInfo, wkssvc with -H), and the users logged on to it "
     "(NetWkstaUserEnum).",
     {{"workstation show", "ComputerName, Domain, Platform, Version"},
      {"-H fs1 -U CORP\\admin workstation users", "who is logged on to fs1 (administrators only)"},
      {"--format json workstation show", "every property, as JSON"}}},
    {"session",
     "session",
     "Who is connected to the Server service (srvsvc / netapi32; administrators only): the sessions, as "
     "Get-SmbSession lists them, and ending them.",
     {{"-H fs1 -U CORP\\admin session list", "SessionId, ClientComputerName, ClientUserName, NumOpens"},
      {"session close --client-user alice", "end alice's sessions"}}},
    {"file",
     "file",
     "What the clients of the Server service hold open (srvsvc / netapi32; administrators only), as "
     "Get-SmbOpenFile lists it, and closing it.",
     {{"file list --path C:\\Data", "who holds files under C:\\Data open"},
      {"file close 4711", "close one open file by the FileId 'file list' shows"}}},
    {"server",
     "server",
     "What the Server service says about itself (NetServerGetInfo / NetrServerGetInfo), as 'net config "
     "server' and 'rpcclient srvinfo' show it.",
     {{"-H fs1 -U CORP\\admin server show", "name, comment, version, roles, limits"}}},
    {NULL, "SMB", "These need no -H: the server is in the argument.", {{NULL, NULL}}},
    {NULL, NULL, NULL, {{NULL, NULL}}},
};

const struct cli_command cli_commands[] = {
    {
        .noun = "service",
        .verb = "list",
        .summary = "services by name or display name (default Lanman*)",
        .about =
            "Lists the services whose name or display name matches a PATTERN (wildcards * and ?, any case), "
            "as Get-Service does; without a PATTERN, the Lanman services (Lanman*). The table shows Status, "
            "Name and DisplayName; the other formats, and --property, every property of 'service show'.",
        .args =
            (const struct cli_arg[]){
                {"PATTERN", NULL,
                 "a service name or display name, with * and ? (default Lanman*; '*' for every service)",
                 ARG_OPTIONAL | ARG_MANY, LANMAN_SERVICES, NULL, 0},
                END_ARGS},
        .examples = {{"service list", "the Lanman services"},
                     {"service list *", "every service, as Get-Service does"},
                     {"--format csv --property Name,Status,StartType service list Lanman* Browser",
                      "three properties of three services, as CSV"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = service_columns,
        .run = cmd_service_list,
    },
    {
        .noun = "service",
        .verb = "show",
        .summary = "every property of a service",
        .about = "Every property of one service, as Get-Service NAME | Format-List * shows it, plus what sc "
                 "qc adds: StartType, ServiceType, ProcessId, BinaryPathName, StartName, ServicesDependedOn, "
                 "DependentServices, CanStop, CanPauseAndContinue, CanShutdown and the exit codes.",
        .args = (const struct cli_arg[]){{"NAME", NULL, "the service name (not the display name)", 0,
                                          LANMAN_SERVICES, NULL, 0},
                                         END_ARGS},
        .examples = {{"service show LanmanServer", "every property, as a list"},
                     {"--format json service show LanmanWorkstation",
                      "the same as JSON, enum values as names"}},
        .flags = CMD_HOST | CMD_LIST,
        .columns = service_columns,
        .run = cmd_service_show,
    },
    {
        .noun = "service",
        .verb = "start",
        .summary = "start and wait until running",
        .about = "Starts a service and waits until it runs. Starting a disabled service fails (exit 1) and "
                 "says so; use 'service set NAME --start-type manual' first.",
        .args = (const struct cli_arg[]){SERVICE_NAME, FORCE_UNUSED, TIMEOUT_OPT, END_ARGS},
        .examples = {{"service start LanmanWorkstation", "start the Workstation service"},
                     {"-H fs1 -U CORP\\admin service start LanmanServer --timeout 60",
                      "on fs1, waiting up to a minute"}},
        .flags = CMD_HOST,
        .run = cmd_service_start,
    },
    {
        .noun = "service",
        .verb = "stop",
        .summary = "stop (with --force, its running dependents first)",
        .about = "Stops a service and waits until it has stopped. A service that running services depend on "
                 "is not stopped unless --force is given, as Stop-Service does. A service that is already "
                 "stopped is not an error.",
        .args =
            (const struct cli_arg[]){
                SERVICE_NAME,
                {"--force", NULL, "stop the running services that depend on it first", 0, NULL, NULL, 0},
                TIMEOUT_OPT,
                END_ARGS},
        .examples = {{"service stop LanmanServer", "fails, naming them, when services depend on it"},
                     {"service stop LanmanServer --force", "stops its dependents first"}},
        .flags = CMD_HOST,
        .run = cmd_service_stop,
    },
    {
        .noun = "service",
        .verb = "restart",
        .summary = "stop, then start",
        .about = "Stops a service, then starts it again, waiting for each state.",
        .args =
            (const struct cli_arg[]){
                SERVICE_NAME,
                {"--force", NULL,
                 "stop the running services that depend on it first (they are not restarted)", 0, NULL, NULL,
                 0},
                TIMEOUT_OPT,
                END_ARGS},
        .examples = {{"service restart LanmanWorkstation", "restart the Workstation service"},
                     {"service restart LanmanServer --force --timeout 90",
                      "with its dependents stopped, waiting up to 90 s"}},
        .flags = CMD_HOST,
        .run = cmd_service_restart,
    },
    {
        .noun = "service",
        .verb = "pause",
        .summary = "pause and wait until paused",
        .about = "Pauses a service that can pause (CanPauseAndContinue) and waits until it is paused.",
        .args = (const struct cli_arg[]){SERVICE_NAME, FORCE_UNUSED, TIMEOUT_OPT, END_ARGS},
        .examples = {{"service pause LanmanServer", "no new connections; the current ones stay"},
                     {"-H fs1 -U CORP\\admin Suspend-Service LanmanServer",
                      "the same on fs1, PowerShell's way"}},
        .flags = CMD_HOST,
        .run = cmd_service_pause,
    },
    {
        .noun = "service",
        .verb = "continue",
        .summary = "continue a paused service",
        .about = "Continues a paused service and waits until it runs.",
        .args = (const struct cli_arg[]){SERVICE_NAME, FORCE_UNUSED, TIMEOUT_OPT, END_ARGS},
        .examples = {{"service continue LanmanServer", "resume a paused Server service"},
                     {"-H fs1 -U CORP\\admin service continue LanmanServer --timeout 60",
                      "on fs1, waiting up to a minute"}},
        .flags = CMD_HOST,
        .run = cmd_service_continue,
    },
    {
        .noun = "service",
        .verb = "set",
        .summary = "change the start type",
        .about = "Changes how a service starts (Set-Service -StartupType).",
        .args = (const struct cli_arg[]){SERVICE_NAME,
                                         {"--start-type", "T",
                                          "automatic, delayed (automatic, delayed start), manual or "
                                          "disabled; boot and system for drivers",
                                          OPT_REQUIRED | OPT_SHOW_VALUES, "automatic delayed manual disabled",
                                          NULL, 0},
                                         END_ARGS},
        .examples = {{"service set LanmanServer --start-type disabled",
                      "the Server service no longer starts"},
                     {"service set LanmanWorkstation --start-type automatic", "starts at boot"}},
        .flags = CMD_HOST,
        .check = check_service_set,
        .run = cmd_service_set,
    },
    {
        .noun = "share",
        .verb = "list",
        .summary = "shares (the registry's definitions with --configured)",
        .about =
            "Lists the shares, as Get-SmbShare does: Name, ScopeName, Path, Description in the table, every "
            "property in the other formats. When the Server service cannot answer (stopped, or Wine), it "
            "says so in one line on stderr and lists the configured shares from the registry instead.",
        .args =
            (const struct cli_arg[]){
                {"NAME", NULL,
                 "a share name, with * and ? (any case; default every share); a name without them that no "
                 "share has is an error (exit 4), after the others are listed",
                 ARG_OPTIONAL | ARG_MANY, NULL, NULL, 0},
                {"--configured", NULL,
                 "the definitions in LanmanServer\\Shares in the registry, even while the service is stopped",
                 0, NULL, NULL, 0},
                END_ARGS},
        .examples = {{"share list", "the shares being served"},
                     {"share list --configured --format csv", "what the registry will share, as CSV"},
                     {"-H fs1 -U CORP\\admin --property Name,Path share list", "two columns, from fs1"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = share_columns,
        .run = cmd_share_list,
    },
    {
        .noun = "share",
        .verb = "show",
        .summary = "every property of a share",
        .about = "Every property of one share: Name, ScopeName, Path, Description, ShareType, Special, "
                 "Temporary, ConcurrentUserLimit, CurrentUsers, SecurityDescriptor (SDDL).",
        .args = (const struct cli_arg[]){SHARE_NAME, END_ARGS},
        .examples = {{"share show Data", "as a list"}, {"--format xml share show Data", "as XML"}},
        .flags = CMD_HOST | CMD_LIST,
        .columns = share_columns,
        .check = check_share_name,
        .run = cmd_share_show,
    },
    {
        .noun = "share",
        .verb = "add",
        .summary = "create a share",
        .about = "Creates a share (New-SmbShare). The name and the path are checked before anything is sent. "
                 "Without --full, --change or --read, the server's default permissions apply.",
        .man = "NAME may not contain \" / \\ [ ] : | < > + = ; , * ?. Both are checked before anything is "
               "sent (exit 2). Samba maps a share path C:\\x\\y to /x/y: against a Samba server (its "
               "server type says so) PATH may be given as /x/y, which is sent as C:\\x\\y; any other server "
               "refuses a path without a drive letter.",
        .args =
            (const struct cli_arg[]){
                {"NAME", NULL,
                 "the share name: at most 80 characters, none of \" / \\ [ ] : | < > + = ; , * ? or a "
                 "control character, not only dots and spaces, not IPC$ or ADMIN$",
                 0, NULL, NULL, 0},
                {"PATH", NULL, "an absolute path on the server, such as C:\\Data (on Samba also /srv/data)",
                 0, NULL, NULL, 0},
                {"--description", "T", "the remark shown beside the share", OPT_ONCE, NULL, NULL, 0},
                {"--max-uses", "N", "at most N connections at once; 0 (the default) means no limit", OPT_ONCE,
                 NULL, NULL, 0},
                {"--full", "ACCT",
                 "grant ACCT full control; may repeat (ACCT: DOMAIN\\user, Everyone or a SID)", OPT_DOTS,
                 NULL, NULL, 0},
                {"--change", "ACCT", "grant ACCT read and change; may repeat", OPT_DOTS, NULL, NULL, 0},
                {"--read", "ACCT", "grant ACCT read; may repeat", OPT_DOTS, NULL, NULL, 0},
                END_ARGS},
        .examples = {{"share add Data C:\\Data", "share C:\\Data as Data"},
                     {"share add Reports D:\\Reports --description \"Monthly reports\" --change CORP\\staff "
                      "--read Everyone",
                      "with a remark and two permissions"},
                     {"-H fs1 -U CORP\\admin share add Tmp C:\\Temp --max-uses 5",
                      "on fs1, five users at most"}},
        .flags = CMD_HOST,
        .check = check_share_add,
        .run = cmd_share_add,
    },
    {
        .noun = "share",
        .verb = "remove",
        .summary = "delete a share",
        .about = "Deletes a share (Remove-SmbShare); the directory and its files stay.",
        .args = (const struct cli_arg[]){SHARE_NAME, END_ARGS},
        .examples = {{"share remove Data", "stop sharing Data"},
                     {"-H fs1 -U CORP\\admin Remove-SmbShare -Name Tmp",
                      "the same on fs1, PowerShell's way"}},
        .flags = CMD_HOST,
        .check = check_share_name,
        .run = cmd_share_remove,
    },
    {
        .noun = "share",
        .verb = "set",
        .summary = "change a share",
        .about =
            "Changes the remark, the user limit or the flags (encryption, access-based enumeration, offline "
            "caching) of a share (Set-SmbShare); at least one option is needed.",
        .man =
            "--encrypt-data, --folder-enumeration-mode and --caching-mode change the share's flags "
            "(NetShareSetInfo level 1005; nothing else of the share changes), which are read back "
            "afterwards: a server that accepts a change but leaves the old value fails the command (exit 7) "
            "and names what it left. 'share show' shows them (CachingMode, FolderEnumerationMode, "
            "EncryptData, ContinuouslyAvailable, CompressData, IdentityRemoting, DfsRoot, ShareFlags); "
            "'share list' does not read them (one more call per share). Samba 4.17 reports only the "
            "caching mode (its csc policy) and the DFS flags in level 1005, and answers success to a "
            "level 1005 change without applying it: it keeps these settings in smb.conf (csc policy, "
            "access based share enum, smb encrypt).",
        .args =
            (const struct cli_arg[]){
                SHARE_NAME,
                {"--description", "T", "the new remark", OPT_ONCE, NULL, NULL, 0},
                {"--max-uses", "N", "the new limit; 0 means no limit", OPT_ONCE, NULL, NULL, 0},
                {"--encrypt-data", "B", "encrypt the share's traffic (SMB 3): true or false",
                 OPT_ONCE | OPT_SHOW_VALUES, "true false", NULL, 0},
                {"--folder-enumeration-mode", "M",
                 "AccessBased: list only what the user may read; Unrestricted", OPT_ONCE | OPT_SHOW_VALUES,
                 "AccessBased Unrestricted", NULL, 0},
                {"--caching-mode", "M", "offline files: Manual, Documents, Programs, BranchCache or None",
                 OPT_ONCE | OPT_SHOW_VALUES, "Manual Documents Programs BranchCache None", NULL, 0},
                END_ARGS},
        .examples =
            {{"share set Data --description \"Finance (read-only)\"", "a new remark"},
             {"share set Data --max-uses 0", "no limit"},
             {"share set Data --encrypt-data true --folder-enumeration-mode AccessBased --caching-mode None",
              "encrypted, access-based enumeration, no offline files"}},
        .flags = CMD_HOST,
        .check = check_share_set,
        .run = cmd_share_set,
    },
    {
        .noun = "share",
        .verb = "access",
        .summary = "who may use a share",
        .about =
            "Lists a share's permissions, one entry per account, as Get-SmbShareAccess does: Name, "
            "ScopeName, AccountName, AccessControlType (Allow or Deny), AccessRight (Full, Change, Read or "
            "Custom) in the table, and the SID as well in the other formats. Well-known SIDs are named "
            "here; the others by the server (LSA with -H, LookupAccountSid locally); a SID it cannot name "
            "is shown as it is.",
        .args = (const struct cli_arg[]){SHARE_NAME, END_ARGS},
        .examples = {{"share access Data", "who may read or change Data"},
                     {"-H fs1 -U CORP\\admin --format json share access Data",
                      "the same from fs1, with SIDs"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = share_access_columns,
        .run = cmd_share_access,
    },
    {
        .noun = "share",
        .verb = "grant",
        .summary = "give an account access to a share",
        .about = "Gives an account access to a share (Grant-SmbShareAccess): its allow entries are replaced "
                 "by one with the right given; deny entries and other accounts stay. The permissions change "
                 "in place (the share is never removed) and are written in canonical order, deny entries "
                 "first. An account the server does not know is refused before anything changes (exit 4).",
        .args = (const struct cli_arg[]){SHARE_NAME,
                                         SHARE_ACCOUNT,
                                         {"--right", "R", "full, change or read",
                                          OPT_REQUIRED | OPT_SHOW_VALUES, "full change read", NULL, 0},
                                         END_ARGS},
        .examples = {{"share grant Data --account CORP\\finance --right change",
                      "finance may read and change"},
                     {"-H fs1 -U CORP\\admin Grant-SmbShareAccess -Name Data -AccountName Everyone "
                      "-AccessRight Read -Force",
                      "PowerShell's way, on fs1"}},
        .flags = CMD_HOST,
        .check = check_share_grant,
        .run = cmd_share_grant,
    },
    {
        .noun = "share",
        .verb = "revoke",
        .summary = "remove an account's access to a share",
        .about = "Removes an account's allow entries from a share's permissions (Revoke-SmbShareAccess); its "
                 "deny entries stay. An account with no allow entry there is exit 4, and nothing is written.",
        .args = (const struct cli_arg[]){SHARE_NAME, SHARE_ACCOUNT, END_ARGS},
        .examples = {{"share revoke Data --account Everyone", "Everyone loses its access to Data"},
                     {"-H fs1 -U CORP\\admin Revoke-SmbShareAccess -Name Data -AccountName CORP\\temp -Force",
                      "PowerShell's way, on fs1"}},
        .flags = CMD_HOST,
        .run = cmd_share_revoke,
    },
    {
        .noun = "share",
        .verb = "block",
        .summary = "deny an account access to a share",
        .about = "Denies an account all access to a share (Block-SmbShareAccess): a deny Full entry, first "
                 "in the DACL, which wins over any allow entry of the account or its groups.",
        .args = (const struct cli_arg[]){SHARE_NAME, SHARE_ACCOUNT, END_ARGS},
        .examples = {{"share block Data --account CORP\\contractors", "contractors may not use Data"},
                     {"-H fs1 -U CORP\\admin share block Data --account "
                      "S-1-5-21-1004336348-1177238915-682003330-1106",
                      "an account given by its SID"}},
        .flags = CMD_HOST,
        .run = cmd_share_block,
    },
    {
        .noun = "share",
        .verb = "unblock",
        .summary = "lift an account's block on a share",
        .about = "Removes an account's deny entries from a share's permissions (Unblock-SmbShareAccess). An "
                 "account with no deny entry there is exit 4, and nothing is written.",
        .args = (const struct cli_arg[]){SHARE_NAME, SHARE_ACCOUNT, END_ARGS},
        .examples = {{"share unblock Data --account CORP\\contractors", "contractors' block is lifted"},
                     {"Unblock-SmbShareAccess -Name Data -AccountName Guests -Force", "PowerShell's way"}},
        .flags = CMD_HOST,
        .run = cmd_share_unblock,
    },
    {
        .noun = "share",
        .verb = "connections",
        .summary = "the connections to a share (net share NAME's users)",
        .about = "Lists the tree connections to a share, as NetConnectionEnum / NetrConnectionEnum level 1 "
                 "answers them: ConnectionId, ShareName, UserName, NumOpens and SecondsConnected in the "
                 "table; NumUsers and Type (the share's STYPE) too in the other formats. Needs administrator "
                 "rights on the server.",
        .man =
            "What the server answers is shown as it is. Known limit: Samba 4.17 answers one entry per "
            "connection to the share, with its open files counted, but names the user dummy_user and the "
            "share IPC$ (Type 3, SecondsConnected 3) whoever is connected. A share the server does not have "
            "is exit 4. Under Wine, whose NetConnectionEnum is a stub, the Windows build says it is not "
            "supported (exit 7).",
        .args = (const struct cli_arg[]){SHARE_NAME, END_ARGS},
        .examples = {{"share connections Data", "who is connected to Data"},
                     {"-H fs1 -U CORP\\admin --format json share connections Data",
                      "every property, as JSON"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = connection_columns,
        .run = cmd_share_connections,
    },
    {
        .noun = "config",
        .verb = "list",
        .summary = "Parameters values, annotated from the settings catalogue",
        .about = "Lists the values of SERVICE\\Parameters (both Lanman services without SERVICE): the ones "
                 "set, then the catalogued ones that are absent, at their default. Check says whether the "
                 "value is the recommended one (ok), or not (differs).",
        .man = "The table shows Service, Name, Type, Value, Source (set or default) and Check. With "
               "--powershell, flags show as True/False, and the PowerShell names differ from the registry's "
               "for EnableSMB1Protocol (SMB1), AutoShareWorkstation (AutoShareWks), ServerHidden (Hidden), "
               "AnnounceComment (srvcomment), AutoDisconnectTimeout (AutoDisconnect) and "
               "EnableInsecureGuestLogons (AllowInsecureGuestAuth).",
        .args =
            (const struct cli_arg[]){{"SERVICE", NULL,
                                      "LanmanServer, LanmanWorkstation, or another service's Parameters",
                                      ARG_OPTIONAL, LANMAN_SERVICES, NULL, 0},
                                     {"--powershell", NULL,
                                      "one object per service with the catalogued settings under their "
                                      "PowerShell names, as Get-SmbServerConfiguration / "
                                      "Get-SmbClientConfiguration show them (EnableSMB1Protocol for SMB1)",
                                      0, NULL, NULL, 0},
                                     END_ARGS},
        .examples = {{"config list LanmanServer", "the server's settings"},
                     {"config list LanmanServer --powershell", "as Get-SmbServerConfiguration shows them"},
                     {"--format json --property Name,Value,Check config list",
                      "three properties of every setting"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = config_columns,
        .check = check_config_list,
        .run = cmd_config_list,
    },
    {
        .noun = "config",
        .verb = "get",
        .summary = "one value (its default when unset)",
        .about = "Prints one value; for a catalogued setting that is not set, its default (and a note on "
                 "stderr). With --format, one record with the fields of config list (Service, Name, Type, "
                 "Value, Source, ...).",
        .args = (const struct cli_arg[]){CONFIG_SERVICE,
                                         {"NAME", NULL,
                                          "the value name, or its PowerShell name (EnableSMB1Protocol)", 0,
                                          NULL, NULL, 0},
                                         END_ARGS},
        .examples = {{"config get LanmanServer SMB1", "1 unless SMB1 was turned off"},
                     {"config get LanmanWorkstation RequireSecuritySignature",
                      "does the client require signing?"}},
        .flags = CMD_HOST,
        .run = cmd_config_get,
    },
    {
        .noun = "config",
        .verb = "set",
        .summary = "set a value, checked against the catalogue",
        .about =
            "Sets one value, or several (NAME VALUE pairs). A catalogued setting is checked first (type and "
            "range: SMB1=banana is refused, exit 2, and nothing is written); another name needs --type. A "
            "flag also takes True/False and $true/$false, in any case, as Set-SmbServerConfiguration does. "
            "Values that name code to load (ServiceDll, ServiceMain, ImagePath, FailureCommand, "
            "ProviderPath) "
            "are refused, exit 2.",
        .man =
            "The refusal of values that name code to load holds for every service and in any case; see "
            "SECURITY. With several pairs, every name and value is checked before anything is written, "
            "and a name given twice is refused; then the values are written in the order given. If a write "
            "fails, the values before it stay written (nothing is rolled back) and a note on stderr names "
            "the ones written and the ones not. --type applies to every pair. Set-SmbServerConfiguration "
            "and Set-SmbClientConfiguration become this command, one pair per -PROPERTY VALUE: the "
            "properties "
            "are the names config list --powershell shows, and -WhatIf is --dry-run.",
        .args =
            (const struct cli_arg[]){
                CONFIG_SERVICE,
                {"NAME", NULL, "the value name, or its PowerShell name", 0, NULL, NULL, 0},
                {"VALUE", NULL,
                 "decimal for REG_DWORD (a negative number is a value, refused by the range), text for "
                 "REG_SZ, items separated by newlines for REG_MULTI_SZ",
                 0, NULL, NULL, 0},
                {"NAME VALUE", NULL, "more values to set, in pairs", ARG_OPTIONAL | ARG_MANY, NULL, NULL, 0},
                {"--type", "T", "REG_DWORD, REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD or REG_BINARY", 0,
                 "REG_DWORD REG_SZ REG_EXPAND_SZ REG_MULTI_SZ REG_QWORD REG_BINARY",
                 "REG_DWORD|REG_SZ|REG_MULTI_SZ|...", 0},
                {"--dry-run", NULL,
                 "check every pair and print what would change (now and then), writing nothing (-WhatIf)", 0,
                 NULL, NULL, 0},
                END_ARGS},
        .examples =
            {{"config set LanmanServer SMB1 0", "turn SMB1 off"},
             {"config set LanmanServer RequireSecuritySignature True EnableSMB1Protocol False",
              "two at once, by their PowerShell names"},
             {"Set-SmbClientConfiguration -RequireSecuritySignature True -EnableInsecureGuestLogons False",
              "the client: signing on, guest logons off (PowerShell's way)"}},
        .flags = CMD_HOST,
        .check = check_config_set,
        .run = cmd_config_set,
    },
    {
        .noun = "config",
        .verb = "unset",
        .summary = "delete a value (back to its default)",
        .about = "Deletes one value, so that its default applies again. A value that is not set is already "
                 "at its default: a note on stderr, exit 0. Values that name code to load (ServiceDll, ...) "
                 "are refused, exit 2.",
        .args = (const struct cli_arg[]){CONFIG_SERVICE,
                                         {"NAME", NULL, "the value name, or its PowerShell name", 0, NULL,
                                          NULL, 0},
                                         END_ARGS},
        .examples = {{"config unset LanmanServer SMB1", "back to the default (1)"},
                     {"config unset LanmanWorkstation EnableInsecureGuestLogons", "by its PowerShell name"}},
        .flags = CMD_HOST,
        .run = cmd_config_unset,
    },
    {
        .noun = "config",
        .verb = "export",
        .summary = "the whole configuration as XML (stdout, or FILE atomically)",
        .about = "Writes the whole configuration of the target (services, Parameters values and shares with "
                 "their security descriptors) as one XML document, valid against the schema "
                 "lanman-config.xsd (urn:lanman:config:1). Catalogued settings that are not set are written "
                 "as <default name=... absent=\"true\"/>, which config apply restores by removing the value. "
                 "--format other than xml is refused, exit 2.",
        .args = (const struct cli_arg[]){{"-o", "FILE",
                                          "write to FILE (through a temporary file and a rename: never "
                                          "half-written) instead of stdout; '-' is stdout",
                                          0, NULL, NULL, COMPLETE_FILE},
                                         {"--output", "FILE", "the same as -o FILE", OPT_HIDE, NULL, NULL,
                                          COMPLETE_FILE},
                                         END_ARGS},
        .examples = {{"config export", "the document on stdout"},
                     {"-H fs1 -U CORP\\admin config export -o fs1.xml", "fs1's configuration into fs1.xml"}},
        .flags = CMD_HOST,
        .check = check_config_export,
        .run = cmd_config_export,
    },
    {
        .noun = "config",
        .verb = "apply",
        .summary = "plan, then apply an exported document",
        .about = "Reads a document 'config export' wrote (schema-validated, no network, no DTD), compares it "
                 "with the target, prints the plan, then applies it. Nothing is changed with --dry-run. "
                 "Values that name code to load (ServiceDll, ServiceMain, ImagePath, ...) are never applied: "
                 "a 'skipped:' line names each. A plan that removes anything (--prune, a re-created share, a "
                 "value back to its default) asks on the terminal first (y/N); --yes skips the question, and "
                 "without a terminal such a plan needs --yes (exit 2, nothing changed).",
        .man = "A share changes in place (its description, user limit and permissions, through "
               "NetShareSetInfo); only a path change re-creates it, shown as '-+ share NAME ... (re-created: "
               "the path changes; was ...)'. If the server refuses the add of a re-create, the share is put "
               "back exactly as it was (path, description, user limit, security descriptor) and the step "
               "fails with 'rolled back: share NAME restored'; if even that fails, the message says the "
               "share is missing and what it was. Steps run in the order that leaves the least damage when "
               "one fails: services, parameters, then share additions, changes in place, re-creates, and "
               "with --prune the removals last. The first failed step stops the run (exit 1): its FAILED "
               "line, then one error line with the reason and the count of steps done and not done. "
               "--prune never removes special shares such as IPC$ or C$, print queues or devices. A "
               "<default name=\"SMB1\" absent=\"true\"/> in the document (what config export writes for a "
               "setting at its default) removes SMB1 where the target has it, shown as '- "
               "LanmanServer\\Parameters\\SMB1: 0 -> absent (default 1)'. --map-path results pass the "
               "same path rules as share add before any step runs.",
        .args =
            (const struct cli_arg[]){
                {"FILE", NULL, "the document; '-' reads it from stdin", 0, NULL, NULL, COMPLETE_XML},
                {"--dry-run", NULL, "print the plan only", 0, NULL, NULL, 0},
                {"--map-path", "OLD=NEW", "share paths under OLD become paths under NEW; may repeat",
                 OPT_DOTS, NULL, NULL, 0},
                {"--prune", NULL,
                 "also remove the shares the document does not have (never special shares or printers)", 0,
                 NULL, NULL, 0},
                {"--only", "WHAT", "apply only shares, parameters or services (comma-separated; may repeat)",
                 OPT_SHOW_VALUES, "shares parameters services", NULL, 0},
                {"--yes", NULL, "apply a plan that removes or re-creates without asking (-Confirm:$false)", 0,
                 NULL, NULL, 0},
                END_ARGS},
        .examples = {{"config apply fs1.xml --dry-run", "what would change"},
                     {"-H fs2 -U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\",
                      "fs1's configuration on fs2"},
                     {"config apply fs1.xml --only shares --prune", "the shares exactly as in the document"}},
        .flags = CMD_HOST,
        .check = check_config_apply,
        .run = cmd_config_apply,
        .release = release_config_apply,
    },
    {
        .noun = "probe",
        .summary = "dialects offered/accepted, SMB1 accepted?, signing, encryption, GUID, time",
        .about = "Asks a server which SMB dialects it accepts, one connection per dialect, and whether it "
                 "accepts SMB1 (one SMB1 NEGOTIATE, no session); shows signing, encryption, the server GUID "
                 "and time. No log on.",
        .args = (const struct cli_arg[]){{"HOST[:PORT]", NULL, "the server; [::1]:445 for IPv6 with a port",
                                          0, NULL, NULL, COMPLETE_HOST},
                                         END_ARGS},
        .examples = {{"probe fs1", "everything, as a list"},
                     {"--format json probe 192.0.2.10:4445", "as JSON, on another port"}},
        .flags = CMD_LIST,
        .run = cmd_probe,
    },
    {
        .noun = "ls",
        .summary = "directory listing (\\\\HOST\\SHARE\\PATH accepted too)",
        .about = "Lists a directory of a share: Mode, LastWriteTime, Length, Name, directories first. Needs "
                 "no -H: the server is in the path.",
        .args = (const struct cli_arg[]){{"//HOST[:PORT]/SHARE[/PATH]", NULL,
                                          "the directory (\\\\HOST\\SHARE\\PATH too)", 0, NULL, NULL, 0},
                                         END_ARGS},
        .examples = {{"-U alice ls //fs1/Data/reports", "a directory, logged on as alice"},
                     {"-N ls //fs1/Public", "with a null session"}},
        .flags = CMD_TABLE,
        .columns = ls_columns,
        .run = cmd_ls,
        .release = release_ls,
    },
    {
        .noun = "get",
        .summary = "download a file (LOCAL '-' = stdout)",
        .about = "Downloads a file. It goes to a temporary file beside LOCAL, flushed to disk and renamed at "
                 "the end, so a failure or an interruption (Ctrl-C, SIGTERM) leaves the old LOCAL as it was "
                 "and no temporary file; a new file gets the umask's mode, a replaced one keeps its mode. A "
                 "progress bar shows on a terminal.",
        .man = "Devices such as /dev/null are written directly.",
        .args =
            (const struct cli_arg[]){
                {"//HOST[:PORT]/SHARE/PATH", NULL, "the file", 0, NULL, NULL, 0},
                {"LOCAL", NULL,
                 "where to: a file, a directory, or '-' for stdout (default: the file's name, here)",
                 ARG_OPTIONAL, NULL, NULL, COMPLETE_FILE},
                END_ARGS},
        .examples = {{"-U alice get //fs1/Data/report.pdf", "into ./report.pdf"},
                     {"-U alice get //fs1/Data/log.txt -", "to stdout, for a pipe"}},
        .run = cmd_get,
    },
    {
        .noun = "workstation",
        .verb = "show",
        .summary = "the workstation's name, domain and version",
        .about =
            "The Workstation service's identity, as 'net config workstation' and NetWkstaGetInfo give it: "
            "ComputerName, Domain (the domain or workgroup), Platform, Version, LanRoot and, for an "
            "administrator, LoggedOnUsers. It asks for info level 102 and falls back to 101 and 100 when "
            "the server refuses (Samba gives 102 to administrators only); InfoLevel says which one "
            "answered.",
        .args = (const struct cli_arg[]){END_ARGS},
        .examples = {{"workstation show", "this computer"},
                     {"-H fs1 -U CORP\\admin --format json workstation show", "fs1's, as JSON"}},
        .flags = CMD_HOST | CMD_LIST,
        .columns = wksta_columns,
        .run = cmd_workstation_show,
    },
    {
        .noun = "workstation",
        .verb = "users",
        .summary = "the users logged on (administrators only)",
        .about = "The users logged on to the workstation, interactively or as services, as NetWkstaUserEnum "
                 "level 1 gives them: UserName, LogonDomain, LogonServer and OtherDomains. Windows and Samba "
                 "answer administrators only: anyone else gets access denied (exit 5).",
        .args = (const struct cli_arg[]){END_ARGS},
        .examples = {{"workstation users", "who is logged on here"},
                     {"-H fs1 -U CORP\\admin --format csv workstation users", "on fs1, as CSV"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = wksta_user_columns,
        .run = cmd_workstation_users,
    },
    {
        .noun = "session",
        .verb = "list",
        .summary = "sessions on the server (Get-SmbSession)",
        .about = "Lists the sessions on the server, as Get-SmbSession does: SessionId, ClientComputerName, "
                 "ClientUserName and NumOpens in the table; SecondsExists, SecondsIdle, IsGuest, ClientType, "
                 "TransportName and InfoLevel too in the other formats. Needs administrator rights on the "
                 "server.",
        .man =
            "MS-SRVS has no session id: SessionId stays empty, and sessions are closed by user or client. "
            "The information level is 502 (NetrSessionEnum / NetSessionEnum); where the server refuses it, 1 "
            "(Samba has only 1), then 10, which has no NumOpens (InfoLevel says which). --client-user and "
            "--client are checked again on what the server returns (Samba ignores them).",
        .args =
            (const struct cli_arg[]){
                {"--client", "CLIENT", "only the sessions from this computer name or address", OPT_ONCE, NULL,
                 NULL, 0},
                {"--client-user", "USER", "only the sessions of this user", OPT_ONCE, NULL, NULL, 0},
                END_ARGS},
        .examples = {{"session list", "every session"},
                     {"-H fs1 -U CORP\\admin --format json session list --client-user alice",
                      "alice's sessions on fs1, every property"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = session_columns,
        .run = cmd_session_list,
    },
    {
        .noun = "session",
        .verb = "close",
        .summary = "end sessions by user or client (Close-SmbSession)",
        .about =
            "Ends every session of a user, of a client computer, or of the user on that client "
            "(Close-SmbSession); their open files are closed with them. Needs administrator rights on the "
            "server. No session to end is exit 4.",
        .args =
            (const struct cli_arg[]){
                {"--client-user", "USER", "the user whose sessions end", OPT_ONCE, NULL, NULL, 0},
                {"--client", "CLIENT", "the computer name or address whose sessions end", OPT_ONCE, NULL,
                 NULL, 0},
                END_ARGS},
        .examples = {{"session close --client-user alice", "end alice's sessions"},
                     {"session close --client 192.0.2.7", "end the sessions from 192.0.2.7"}},
        .flags = CMD_HOST,
        .check = check_session_close,
        .run = cmd_session_close,
    },
    {
        .noun = "file",
        .verb = "list",
        .summary = "files open on the server (Get-SmbOpenFile)",
        .about =
            "Lists the files that clients hold open on the server, as Get-SmbOpenFile does: FileId, "
            "SessionId, Path, ShareRelativePath, ClientComputerName, ClientUserName in the table; "
            "ShareName, Locks and Permissions too in the other formats. Needs administrator rights on the "
            "server.",
        .man =
            "FileId is the server's 32-bit file id (MS-SRVS FILE_INFO_3), not the 64-bit one PowerShell "
            "shows; "
            "'file close' takes it. SessionId and ClientComputerName are not in FILE_INFO_3 and stay empty. "
            "ShareRelativePath is the path below the share whose path holds the file (the longest one).",
        .args =
            (const struct cli_arg[]){
                {"--path", "PATH",
                 "only files at or under PATH: a path on the server or below a share (any case, \\ or /)",
                 OPT_ONCE, NULL, NULL, 0},
                {"--client-user", "USER", "only files this user opened", OPT_ONCE, NULL, NULL, 0},
                END_ARGS},
        .examples = {{"file list", "every open file"},
                     {"-H fs1 -U CORP\\admin file list --path C:\\Data\\Reports",
                      "who holds files under C:\\Data\\Reports open"}},
        .flags = CMD_HOST | CMD_TABLE,
        .columns = open_file_columns,
        .run = cmd_file_list,
    },
    {
        .noun = "file",
        .verb = "close",
        .summary = "close open files by FileId or path (Close-SmbOpenFile)",
        .about =
            "Closes a file a client holds open, by the FileId 'file list' shows, or every open file at or "
            "under --path (Close-SmbOpenFile); the client loses its handle, and unsaved changes may be "
            "lost. Needs administrator rights on the server. No such open file is exit 4.",
        .args =
            (const struct cli_arg[]){
                {"ID", NULL, "the FileId that 'file list' shows", ARG_OPTIONAL, NULL, NULL, 0},
                {"--path", "PATH", "close every open file at or under PATH instead", OPT_ONCE, NULL, NULL, 0},
                END_ARGS},
        .examples = {{"file close 4711", "close one file"},
                     {"file close --path C:\\Data\\report.xlsx", "close every open of this file"}},
        .flags = CMD_HOST,
        .check = check_file_close,
        .run = cmd_file_close,
    },
    {
        .noun = "server",
        .verb = "show",
        .summary = "the Server service's own information (net config server)",
        .about =
            "What the Server service says about itself: Name, Comment, Version, PlatformId, Type (the "
            "SV_TYPE bits, as rpcclient srvinfo prints them) and Roles (their names); at level 102 also "
            "MaxUsers, AutoDisconnectMinutes (empty: never), Hidden, AnnounceSeconds, "
            "AnnounceDeltaMilliseconds, Licenses and UserPath. Level 101 where 102 is refused (InfoLevel "
            "says which). Then Transports (NetrServerTransportEnum level 1, else 0: one item per transport, "
            "'NAME address=A network=N vcs=V', with ' domain=D' at level 1) and Disks (NetrServerDiskEnum: "
            "the drives, C: and so on), each shown only when the server answers it.",
        .man =
            "Samba 4.17 has no NetrServerTransportEnum (an RPC fault): Transports is absent there, and Disks "
            "is C:. Under Wine the Windows build shows neither: Wine's NetServerTransportEnum is a stub that "
            "is not called, and its NetServerDiskEnum fails.",
        .args = (const struct cli_arg[]){END_ARGS},
        .examples = {{"server show", "as a list"},
                     {"-H fs1 -U CORP\\admin --format json server show", "as JSON"}},
        .flags = CMD_HOST | CMD_LIST,
        .columns = server_columns,
        .run = cmd_server_show,
    },
    {
        .noun = "audit",
        .summary =
            "the SMB exposure of servers: SMB1, dialects, signing, encryption, null and guest sessions, "
            "open shares, hardening values, the spooler, SMB compression",
        .about =
            "Audits servers, many at once: one finding per host and check, with Host, Check, Severity "
            "(high, medium, low, info), Result (fail, pass, unknown), Detail and Remediation (Remediation "
            "in list, csv, json, xml and sarif). Exit 0 when no finding at or above --fail-on failed, 1 "
            "when one did, 6 when no target could be reached. An unreachable target is one finding, "
            "'unreachable'. Nothing is written on the servers, and -U's credentials go to no anonymous "
            "or guest probe.",
        .man =
            "Checks (the ids are stable): smb1 (high): SMB1 accepted, from one SMB1 NEGOTIATE offering NT LM "
            "0.12 and no session (with ms17-010, that check's NEGOTIATE); dialects (low): SMB 2.0.2 or 2.1 "
            "accepted, or 3.1.1 missing: every dialect in one NEGOTIATE, where the server chooses the "
            "highest "
            "it accepts, then each dialect below that one alone, each on its own connection; signing "
            "(medium): signing not required (an NTLM relay target), from NEGOTIATE's "
            "SecurityMode; encryption (low): no SMB3 encryption, or encryption not required by a session "
            "(the null session, and the -U session when given); null-session (medium): an anonymous "
            "SESSION_SETUP and a TREE_CONNECT to IPC$ accepted; null-enum (medium): srvsvc NetrShareEnum "
            "over that null session; guest (medium): a logon as a made-up user with a random password "
            "mapped to guest (the caller's credentials are never sent to it); ms17-010 (high; only when "
            "asked for: --checks ms17-010 or all): EternalBlue unpatched, decided as nmap's "
            "smb-vuln-ms17-010: the one SMB1 session lanman opens, anonymous (empty account and password, "
            "never -U's credentials), a TREE_CONNECT to IPC$ and a TRANSACTION PeekNamedPipe on FID 0; "
            "STATUS_INSUFF_SERVER_RESOURCES fails, STATUS_ACCESS_DENIED or STATUS_INVALID_HANDLE (patched) "
            "and an SMB1 NEGOTIATE refused (not exposed) pass, anything else (no answer, the anonymous "
            "logon or IPC$ refused, another status) is unknown, naming the step and its status; share-write "
            "(high): a disk "
            "share that Everyone, Anonymous, Guests or Authenticated Users may write, from the share "
            "permissions (srvsvc level 502) with -U, else (or when -U may not read them) from the "
            "TREE_CONNECT MaximalAccess of an anonymous session on each disk share; no file is opened; "
            "admin-shares (info): C$ or ADMIN$ reachable with -U's credentials (a TREE_CONNECT only; "
            "unknown without -U); registry (medium, -U with administrator rights): winreg reads of "
            "LanmanServer\\Parameters (SMB1, RequireSecuritySignature, RestrictNullSessAccess, "
            "NullSessionShares, NullSessionPipes, RejectUnencryptedAccess, SmbServerNameHardeningLevel) and "
            "LanmanWorkstation\\Parameters (RequireSecuritySignature, EnablePlainTextPassword, "
            "AllowInsecureGuestAuth) against the settings catalogue's recommended values (an absent value "
            "counts as its default) and of Control\\Lsa (LmCompatibilityLevel 5, RestrictAnonymous 1 or "
            "more, "
            "RestrictAnonymousSAM 1; absent: 3, 0 and 1), read through a read-only allow-list of that one "
            "key "
            "outside Services, unknown where there is no such key (Samba); spooler (medium): the Print "
            "Spooler running, from svcctl (with -U, else over a null "
            "session); smbghost (info): the dialect sweep's NEGOTIATE offering every dialect also offers "
            "compression (LZNT1, LZ77, LZ77+Huffman; MS-SMB2 2.2.3.1.3): it fails when the server chooses "
            "3.1.1 and answers with a compression context, the surface of CVE-2020-0796 (SMBGhost), which "
            "the wire cannot "
            "tell patched from unpatched, hence info. With -U, the credentials are used, on one logon, to "
            "see "
            "whether the server makes a session encrypt, and by share-write, admin-shares, registry and "
            "spooler. The anonymous and guest probes go over the dialect sweep's first connection and offer "
            "every dialect whatever --min-dialect and --max-dialect say; the -U session keeps to them. "
            "Targets: HOST, HOST:PORT, "
            "[IPv6]:PORT, A.B.C.D/N (N from 16 to 32, without the network and broadcast addresses), and "
            "--hosts-file lines (blank lines and # comments skipped). Each target is audited under the "
            "global --timeout for each connection. --format sarif writes a SARIF 2.1.0 log: one rule per "
            "check id, one result per finding (kind fail, pass or open; level error for high, warning "
            "for medium, note for low).",
        .args =
            (const struct cli_arg[]){
                {"HOST[:PORT]", NULL, "a server, or an IPv4 range A.B.C.D/N", ARG_OPTIONAL | ARG_MANY, NULL,
                 NULL, COMPLETE_HOST},
                {"--hosts-file", "FILE", "targets, one a line ('-': stdin)", OPT_DOTS, NULL, NULL,
                 COMPLETE_FILE},
                {"--checks", "LIST", "the checks to run, comma-separated, or all (default: all but ms17-010)",
                 OPT_ONCE,
                 "all smb1 dialects signing encryption null-session null-enum guest ms17-010 share-write "
                 "admin-shares registry spooler smbghost",
                 NULL, 0},
                {"--jobs", "N", "targets audited at once (default 64)", OPT_ONCE, NULL, NULL, 0},
                {"--fail-on", "SEVERITY", "exit 1 when a finding this severe or more failed (default high)",
                 OPT_ONCE | OPT_SHOW_VALUES, "high medium low", NULL, 0},
                END_ARGS},
        .examples = {{"audit fs1 fs2:4445", "two servers, as a table grouped by host"},
                     {"--format sarif audit --hosts-file servers.txt --fail-on medium > audit.sarif",
                      "a fleet, for a code-scanning dashboard; exit 1 on a medium finding"},
                     {"-U alice audit 10.0.0.0/24 --jobs 128", "a range, with credentials"}},
        .flags = CMD_SARIF,
        .check = check_audit,
        .run = cmd_audit,
        .release = release_audit,
    },
    {0},
};
