/* What `lanman-agent install` registered, read back through the SCM and the registry, and the controls the
 * agent test sends (tests/agent/wine.sh). Under Wine's real SCM.
 *
 *   scmcheck config EXE           the LanmanAgent registration and the event source; EXE's message table
 *   scmcheck state STATE SECONDS  waits until LanmanAgent is in STATE (running, stopped, paused)
 *   scmcheck control CONTROL      pause, continue, paramchange, interrogate
 *   scmcheck gone                 LanmanAgent and its event source are not registered
 *   scmcheck sddl PATH            prints the owner and DACL of a file or folder as SDDL
 *   scmcheck setsddl PATH SDDL    gives a file or folder the owner and DACL of SDDL (SetNamedSecurityInfoW)
 *
 * Prints one line per check ("ok: ..." or "FAIL: ..."); exits 0 when all pass. */
#include <windows.h>

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define SVC          L"LanmanAgent"
#define EVENTLOG_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\LanmanAgent"

static int failures;

static void check(BOOL ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    fflush(stdout);
    if (!ok)
        failures++;
}

static SC_HANDLE open_agent(DWORD access)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc;

    if (scm == NULL)
        return NULL;
    svc = OpenServiceW(scm, SVC, access);
    CloseServiceHandle(scm);
    return svc;
}

/* The message table: each event ID of service/messages.mc formats to its text. */
static void check_messages(const wchar_t *exe)
{
    static const struct {
        DWORD id;
        const wchar_t *text;
    } msgs[] = {
        {0x40000001, L"LanmanAgent started: X"},
        {0x40000002, L"LanmanAgent stopped: X"},
        {0x80000003, L"Drift detected: X"},
        {0x40000004, L"Drift corrected: X"},
        {0xC0000005, L"Enforcement failed: X"},
        {0xC0000006, L"Configuration error: X"},
        {0xC0000007, L"Check failed: X"},
        {0x40000008, L"Checks succeed again: X"},
        {0x40000009, L"No drift: X"},
        {0x4000000A, L"Configuration reloaded: X"},
        {0x4000000B, L"LanmanAgent paused (no checks until it is continued): X"},
        {0x4000000C, L"LanmanAgent continued: X"},
        {0xC000000D, L"Refusing a file that non-administrators can change: X"},
    };
    HMODULE m = LoadLibraryExW(exe, NULL, LOAD_LIBRARY_AS_DATAFILE);
    const wchar_t *args[1] = {L"X"};
    char what[200];

    check(m != NULL, "the agent loads as a data file (for its message table)");
    if (m == NULL)
        return;
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        wchar_t buf[300];
        DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, m, msgs[i].id,
                                 MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), buf, 300, (va_list *)args);
        while (n > 0 && (buf[n - 1] == L'\n' || buf[n - 1] == L'\r'))
            buf[--n] = L'\0';
        snprintf(what, sizeof what, "event ID %lu formats as '%ls' (got '%ls')",
                 (unsigned long)(msgs[i].id & 0xFFFF), msgs[i].text, n > 0 ? buf : L"");
        check(n > 0 && wcscmp(buf, msgs[i].text) == 0, what);
    }
    FreeLibrary(m);
}

static int cmd_config(const wchar_t *exe)
{
    SC_HANDLE svc = open_agent(SERVICE_QUERY_CONFIG);
    union {
        QUERY_SERVICE_CONFIGW c;
        BYTE b[8192];
    } cfg;
    BYTE buf[8192];
    DWORD got, type, size;
    wchar_t value[1024];
    HKEY key;
    char what[1200];

    check(svc != NULL, "LanmanAgent is registered");
    if (svc == NULL)
        return 1;
    check(QueryServiceConfigW(svc, &cfg.c, sizeof cfg, &got), "QueryServiceConfigW");
    check(cfg.c.dwServiceType == SERVICE_WIN32_OWN_PROCESS, "own process");
    check(cfg.c.dwStartType == SERVICE_AUTO_START, "automatic start");
    check(cfg.c.dwErrorControl == SERVICE_ERROR_NORMAL, "error control normal");
    check(cfg.c.lpServiceStartName != NULL && _wcsicmp(cfg.c.lpServiceStartName, L"LocalSystem") == 0,
          "runs as LocalSystem");
    check(cfg.c.lpDependencies == NULL || cfg.c.lpDependencies[0] == L'\0', "depends on nothing");
    check(cfg.c.lpDisplayName != NULL && wcscmp(cfg.c.lpDisplayName, L"Lanman Agent") == 0,
          "display name 'Lanman Agent'");
    snprintf(what, sizeof what, "binary path is the agent with an absolute --config (%ls)",
             cfg.c.lpBinaryPathName);
    check(cfg.c.lpBinaryPathName[0] == L'"' && wcsstr(cfg.c.lpBinaryPathName, exe) != NULL &&
              wcsstr(cfg.c.lpBinaryPathName, L"\" --config \"") != NULL &&
              wcsstr(cfg.c.lpBinaryPathName, L"--config \"Z:\\") != NULL,
          what);

    check(QueryServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &got) &&
              ((SERVICE_DESCRIPTIONW *)buf)->lpDescription != NULL &&
              wcsstr(((SERVICE_DESCRIPTIONW *)buf)->lpDescription, L"drift") != NULL,
          "description");

    /* Delayed start and failure actions: Windows keeps both; Wine 8 has no delayed start (the agent's
     * install says so) and accepts failure actions without keeping them (QueryServiceConfig2W refuses the
     * level). What the SCM does keep is checked exactly. */
    if (QueryServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, buf, sizeof buf, &got))
        check(((SERVICE_DELAYED_AUTO_START_INFO *)buf)->fDelayedAutostart, "delayed automatic start");
    else
        check(GetLastError() == ERROR_INVALID_LEVEL,
              "delayed start: this SCM has none (ERROR_INVALID_LEVEL, Wine); install must have said so");
    if (QueryServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, buf, sizeof buf, &got)) {
        SERVICE_FAILURE_ACTIONSW *fa = (SERVICE_FAILURE_ACTIONSW *)buf;
        check(fa->cActions >= 2 && fa->lpsaActions[0].Type == SC_ACTION_RESTART &&
                  fa->lpsaActions[0].Delay == 60000 && fa->lpsaActions[1].Type == SC_ACTION_RESTART &&
                  fa->lpsaActions[1].Delay == 60000 &&
                  (fa->cActions == 2 || fa->lpsaActions[2].Type == SC_ACTION_NONE),
              "recovery: restart after 1 min, twice");
    } else {
        check(GetLastError() == ERROR_INVALID_LEVEL,
              "recovery actions: this SCM does not report them (ERROR_INVALID_LEVEL, Wine)");
    }
    CloseServiceHandle(svc);

    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY, 0, KEY_QUERY_VALUE, &key) == ERROR_SUCCESS,
          "event source LanmanAgent registered in the Application log");
    size = sizeof value;
    check(RegQueryValueExW(key, L"EventMessageFile", NULL, &type, (BYTE *)value, &size) == ERROR_SUCCESS &&
              (type == REG_EXPAND_SZ || type == REG_SZ) && _wcsicmp(value, exe) == 0,
          "EventMessageFile is the agent");
    size = sizeof got;
    check(RegQueryValueExW(key, L"TypesSupported", NULL, &type, (BYTE *)&got, &size) == ERROR_SUCCESS &&
              type == REG_DWORD && got == 7,
          "TypesSupported = 7 (error, warning, information)");
    RegCloseKey(key);
    check_messages(exe);
    return failures != 0;
}

static DWORD state_of(const wchar_t *name)
{
    if (wcscmp(name, L"running") == 0)
        return SERVICE_RUNNING;
    if (wcscmp(name, L"stopped") == 0)
        return SERVICE_STOPPED;
    if (wcscmp(name, L"paused") == 0)
        return SERVICE_PAUSED;
    return 0;
}

static int cmd_state(const wchar_t *name, const wchar_t *seconds)
{
    SC_HANDLE svc = open_agent(SERVICE_QUERY_STATUS);
    DWORD want = state_of(name), got;
    ULONGLONG deadline = GetTickCount64() + (ULONGLONG)_wtoi(seconds) * 1000;
    SERVICE_STATUS_PROCESS ss = {0};
    char what[200];

    if (svc == NULL || want == 0) {
        check(FALSE, "scmcheck state: no LanmanAgent, or an unknown state");
        return 1;
    }
    while (QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&ss, sizeof ss, &got) &&
           ss.dwCurrentState != want && GetTickCount64() < deadline)
        Sleep(100);
    snprintf(what, sizeof what, "LanmanAgent reaches state %ls (state %lu, exit code %lu)", name,
             (unsigned long)ss.dwCurrentState, (unsigned long)ss.dwWin32ExitCode);
    check(ss.dwCurrentState == want, what);
    if (want == SERVICE_RUNNING)
        check(ss.dwControlsAccepted == (SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN |
                                        SERVICE_ACCEPT_PAUSE_CONTINUE | SERVICE_ACCEPT_PARAMCHANGE),
              "it accepts stop, shutdown, pause/continue and paramchange");
    CloseServiceHandle(svc);
    return failures != 0;
}

static int cmd_control(const wchar_t *name)
{
    static const struct {
        const wchar_t *name;
        DWORD control;
    } controls[] = {{L"pause", SERVICE_CONTROL_PAUSE},
                    {L"continue", SERVICE_CONTROL_CONTINUE},
                    {L"paramchange", SERVICE_CONTROL_PARAMCHANGE},
                    {L"interrogate", SERVICE_CONTROL_INTERROGATE}};
    SC_HANDLE svc = open_agent(SERVICE_PAUSE_CONTINUE | SERVICE_INTERROGATE | SERVICE_QUERY_STATUS);
    SERVICE_STATUS s;
    char what[200];

    for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
        if (wcscmp(name, controls[i].name) == 0) {
            BOOL ok = svc != NULL && ControlService(svc, controls[i].control, &s);
            snprintf(what, sizeof what, "control %ls accepted (error %lu)", name, ok ? 0ul : GetLastError());
            check(ok, what);
            if (svc != NULL)
                CloseServiceHandle(svc);
            return failures != 0;
        }
    }
    check(FALSE, "scmcheck control: unknown control");
    return 1;
}

static int cmd_gone(void)
{
    SC_HANDLE svc = open_agent(SERVICE_QUERY_STATUS);
    HKEY key;

    check(svc == NULL && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST,
          "LanmanAgent is no longer registered");
    if (svc != NULL)
        CloseServiceHandle(svc);
    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY, 0, KEY_QUERY_VALUE, &key) == ERROR_FILE_NOT_FOUND,
          "the event source LanmanAgent is removed");
    return failures != 0;
}

static int cmd_sddl(const wchar_t *path)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_INFORMATION si = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    wchar_t *s = NULL;
    DWORD rc = GetNamedSecurityInfoW(path, SE_FILE_OBJECT, si, NULL, NULL, NULL, NULL, &sd);

    if (rc != ERROR_SUCCESS ||
        !ConvertSecurityDescriptorToStringSecurityDescriptorW(sd, SDDL_REVISION_1, si, &s, NULL)) {
        fprintf(stderr, "FAIL: cannot read the security of %ls: %lu\n", path,
                rc != ERROR_SUCCESS ? rc : GetLastError());
        if (sd != NULL)
            LocalFree(sd);
        return 1;
    }
    printf("%ls\n", s);
    LocalFree(s);
    LocalFree(sd);
    return 0;
}

static int cmd_setsddl(const wchar_t *path, const wchar_t *sddl)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL;
    PACL dacl = NULL;
    BOOL present = FALSE, defaulted;
    SECURITY_INFORMATION si = DACL_SECURITY_INFORMATION;
    DWORD rc;

    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL) ||
        !GetSecurityDescriptorOwner(sd, &owner, &defaulted) ||
        !GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted)) {
        fprintf(stderr, "FAIL: bad SDDL %ls\n", sddl);
        return 2;
    }
    if (owner != NULL)
        si |= OWNER_SECURITY_INFORMATION;
    rc = SetNamedSecurityInfoW((wchar_t *)path, SE_FILE_OBJECT, si, owner, NULL, dacl, NULL);
    LocalFree(sd);
    if (rc != ERROR_SUCCESS) {
        fprintf(stderr, "FAIL: cannot set the security of %ls: %lu\n", path, rc);
        return 1;
    }
    return 0;
}

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv)
{
    if (argc == 3 && wcscmp(argv[1], L"config") == 0)
        return cmd_config(argv[2]);
    if (argc == 4 && wcscmp(argv[1], L"state") == 0)
        return cmd_state(argv[2], argv[3]);
    if (argc == 3 && wcscmp(argv[1], L"control") == 0)
        return cmd_control(argv[2]);
    if (argc == 2 && wcscmp(argv[1], L"gone") == 0)
        return cmd_gone();
    if (argc == 3 && wcscmp(argv[1], L"sddl") == 0)
        return cmd_sddl(argv[2]);
    if (argc == 4 && wcscmp(argv[1], L"setsddl") == 0)
        return cmd_setsddl(argv[2], argv[3]);
    fprintf(stderr, "usage: scmcheck config EXE | state STATE SECONDS | control CONTROL | gone | sddl PATH | "
                    "setsddl PATH SDDL\n");
    return 2;
}
