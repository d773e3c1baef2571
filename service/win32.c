/* Windows side of lanman-agent: the LanmanAgent service (wmain -> StartServiceCtrlDispatcherW, console mode
 * as the fallback and with --console), its own registration (install, uninstall, start, stop, status), the
 * Event Log (message table from messages.mc) and immediate detection of local changes with
 * RegNotifyChangeKeyValue on the LanmanServer and LanmanWorkstation keys, beside the periodic check.
 *
 * One report_status() tells the SCM every state; the control handler only records the control and signals
 * an event, and the service thread does the work. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "agent.h"
#include "messages.h"
#include "win32.h"

#define SVC_NAME    L"LanmanAgent"
#define SVC_DISPLAY L"Lanman Agent"
#define SVC_DESCRIPTION                                                                                      \
    L"Watches the LanmanServer and LanmanWorkstation configuration (settings, shares, start types) for "     \
    L"drift from a baseline exported with 'lanman config export', records each change in the Event Log and " \
    L"a drift log, and with enforce = yes undoes it."
#define EVENTLOG_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" SVC_NAME

/* Controls the handler records for the service thread. */
#define CTL_STOP     0x1
#define CTL_PAUSE    0x2
#define CTL_CONTINUE 0x4
#define CTL_RELOAD   0x8

/* How long a registry change may keep changing before the check runs (a burst of writes is one check). */
#define SETTLE_MS 250

static bool console_mode;
static HANDLE event_source;
static SERVICE_STATUS_HANDLE status_handle;
static HANDLE control_event;
static volatile LONG pending_controls;
static char *config_path;
static DWORD service_exit;

/* ---- text ---- */

wchar_t *agent_widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    wchar_t *w = n > 0 ? calloc((size_t)n, sizeof *w) : NULL;

    if (w != NULL)
        MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

char *agent_narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? calloc((size_t)n, 1) : NULL;

    if (s != NULL)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

const char *agent_win32_text(DWORD code, char *buf, size_t size)
{
    wchar_t w[512];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, w,
                             sizeof w / sizeof w[0], NULL);
    char *s;

    while (n > 0 && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.'))
        w[--n] = L'\0';
    if (n == 0 || (s = agent_narrow(w)) == NULL) {
        snprintf(buf, size, "Win32 error %lu", (unsigned long)code);
        return buf;
    }
    snprintf(buf, size, "%s (Win32 error %lu)", s, (unsigned long)code);
    free(s);
    return buf;
}

static void say_error(const char *what, DWORD code)
{
    char buf[600];

    fprintf(stderr, AGENT_NAME ": %s: %s\n", what, agent_win32_text(code, buf, sizeof buf));
}

static int exit_for(DWORD code)
{
    switch (code) {
    case ERROR_ACCESS_DENIED:
        return AGENT_EXIT_ACCESS;
    case ERROR_SERVICE_DOES_NOT_EXIST:
        return AGENT_EXIT_NOTFOUND;
    default:
        return AGENT_EXIT_FAILED;
    }
}

/* The agent's folder, %ProgramData%\\lanman, into dir. */
static void agent_folder(wchar_t dir[MAX_PATH])
{
    DWORD n = GetEnvironmentVariableW(L"ProgramData", dir, MAX_PATH);

    if (n == 0 || n >= MAX_PATH - sizeof "\\lanman")
        wcscpy(dir, L"C:\\ProgramData");
    wcscat(dir, L"\\lanman");
}

/* ---- the platform for the portable parts ---- */

void agent_plat_log(enum agent_event ev, const char *msg)
{
    static const DWORD ids[AGENT_EV_COUNT] = {
        [AGENT_EV_STARTED] = MSG_STARTED,
        [AGENT_EV_STOPPED] = MSG_STOPPED,
        [AGENT_EV_DRIFT] = MSG_DRIFT,
        [AGENT_EV_CORRECTED] = MSG_CORRECTED,
        [AGENT_EV_ENFORCE_FAILED] = MSG_ENFORCE_FAILED,
        [AGENT_EV_CONFIG_ERROR] = MSG_CONFIG_ERROR,
        [AGENT_EV_CHECK_FAILED] = MSG_CHECK_FAILED,
        [AGENT_EV_CHECK_OK] = MSG_CHECK_OK,
        [AGENT_EV_IN_SYNC] = MSG_IN_SYNC,
        [AGENT_EV_RELOADED] = MSG_RELOADED,
        [AGENT_EV_PAUSED] = MSG_PAUSED,
        [AGENT_EV_CONTINUED] = MSG_CONTINUED,
        [AGENT_EV_UNSAFE_FILE] = MSG_UNSAFE_FILE,
    };
    static const WORD types[] = {[AGENT_INFO] = EVENTLOG_INFORMATION_TYPE,
                                 [AGENT_WARNING] = EVENTLOG_WARNING_TYPE,
                                 [AGENT_ERROR] = EVENTLOG_ERROR_TYPE};
    wchar_t *w = agent_widen(msg);

    if (event_source == NULL)
        event_source = RegisterEventSourceW(NULL, SVC_NAME);
    if (event_source != NULL && w != NULL && (unsigned)ev < AGENT_EV_COUNT) {
        const wchar_t *strings[1] = {w};
        ReportEventW(event_source, types[agent_event_severity(ev)], 0, ids[ev], NULL, 1, 0, strings, NULL);
    }
    free(w);
    if (console_mode) {
        fprintf(stderr, AGENT_NAME ": %s: %s\n", agent_event_name(ev), msg);
        fflush(stderr);
    }
}

FILE *agent_plat_fopen(const char *path, const char *mode)
{
    wchar_t *w = agent_widen(path), *m = agent_widen(mode);
    FILE *f = w != NULL && m != NULL ? _wfopen(w, m) : NULL;

    free(w);
    free(m);
    return f;
}

void agent_plat_zero(void *p, size_t n)
{
    SecureZeroMemory(p, n);
}

const char *agent_plat_unusable(const struct agent_conf *c)
{
    (void)c;
    return NULL;
}

/* ---- the service ---- */

static void report_status(DWORD state, DWORD exit_code, DWORD wait_hint)
{
    static DWORD checkpoint = 1;
    SERVICE_STATUS s;

    if (status_handle == NULL)
        return; /* console mode */
    memset(&s, 0, sizeof s);
    s.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    s.dwCurrentState = state;
    s.dwWin32ExitCode = exit_code;
    s.dwWaitHint = wait_hint;
    if (state == SERVICE_RUNNING || state == SERVICE_PAUSED)
        s.dwControlsAccepted = SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PAUSE_CONTINUE |
                               SERVICE_ACCEPT_PARAMCHANGE;
    if (state == SERVICE_RUNNING || state == SERVICE_PAUSED || state == SERVICE_STOPPED) {
        s.dwCheckPoint = 0;
        checkpoint = 1;
    } else {
        s.dwCheckPoint = checkpoint++;
    }
    SetServiceStatus(status_handle, &s);
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, void *data, void *context)
{
    LONG bit;

    (void)type, (void)data, (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        bit = CTL_STOP;
        break;
    case SERVICE_CONTROL_PAUSE:
        bit = CTL_PAUSE;
        break;
    case SERVICE_CONTROL_CONTINUE:
        bit = CTL_CONTINUE;
        break;
    case SERVICE_CONTROL_PARAMCHANGE:
        bit = CTL_RELOAD;
        break;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR; /* the SCM has the last status */
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    InterlockedOr(&pending_controls, bit);
    SetEvent(control_event);
    return NO_ERROR;
}

static BOOL WINAPI console_handler(DWORD type)
{
    (void)type; /* Ctrl+C, Ctrl+Break, close, logoff, shutdown: all stop */
    InterlockedOr(&pending_controls, CTL_STOP);
    SetEvent(control_event);
    return TRUE;
}

/* The Lanman service keys, watched with their subtrees (Parameters, Shares, the start type): each has its
 * own event, re-armed when it fires. A key that does not exist (yet) is retried at each periodic check. */
static const wchar_t *const watched[] = {
    L"SYSTEM\\CurrentControlSet\\Services\\LanmanServer",
    L"SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation",
};
#define NWATCH (sizeof watched / sizeof watched[0])

struct watch {
    HKEY key[NWATCH];
    HANDLE event[NWATCH];
};

static void watch_arm(struct watch *w, size_t i)
{
    LONG rc = RegNotifyChangeKeyValue(w->key[i], TRUE, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET,
                                      w->event[i], TRUE);
    if (rc != ERROR_SUCCESS) { /* e.g. the key was deleted: open it again later */
        RegCloseKey(w->key[i]);
        w->key[i] = NULL;
    }
}

static void watch_open(struct watch *w)
{
    for (size_t i = 0; i < NWATCH; i++) {
        if (w->event[i] == NULL)
            w->event[i] = CreateEventW(NULL, FALSE, FALSE, NULL);
        if (w->key[i] == NULL && w->event[i] != NULL &&
            RegOpenKeyExW(HKEY_LOCAL_MACHINE, watched[i], 0, KEY_NOTIFY, &w->key[i]) == ERROR_SUCCESS)
            watch_arm(w, i);
    }
}

static void watch_close(struct watch *w)
{
    for (size_t i = 0; i < NWATCH; i++) {
        if (w->key[i] != NULL)
            RegCloseKey(w->key[i]);
        if (w->event[i] != NULL)
            CloseHandle(w->event[i]);
    }
    memset(w, 0, sizeof *w);
}

static void started_event(const struct agent *a, const struct watch *w)
{
    char keys[200] = "";

    for (size_t i = 0; i < NWATCH; i++) {
        if (w->key[i] != NULL) {
            const wchar_t *name = wcsrchr(watched[i], L'\\') + 1;
            size_t n = strlen(keys);
            snprintf(keys + n, sizeof keys - n, "%s%ls", n > 0 ? ", " : "", name);
        }
    }
    agent_log(AGENT_EV_STARTED,
              "watching %s against %s every %u s (enforce = %s; registry notifications: %s); drift log %s",
              a->conf.server != NULL ? a->conf.server : "the local machine", a->conf.baseline,
              a->conf.interval_s, a->conf.enforce ? "yes" : "no",
              a->conf.server != NULL ? "none, remote host"
              : keys[0] != '\0'      ? keys
                                     : "no Lanman key yet",
              a->conf.drift_log);
}

/* The agent's life, as a service or in console mode: a Win32 exit code (0, or why it could not start). */
static DWORD agent_run(void)
{
    struct agent a;
    struct watch w;
    ULONGLONG next;
    bool paused = false;

    memset(&a, 0, sizeof a);
    memset(&w, 0, sizeof w);
    report_status(SERVICE_START_PENDING, NO_ERROR, 10000);
    if (!agent_load(&a, config_path))
        return ERROR_BAD_CONFIGURATION;
    report_status(SERVICE_START_PENDING, NO_ERROR, 5000);
    if (a.conf.server == NULL)
        watch_open(&w);
    report_status(SERVICE_RUNNING, NO_ERROR, 0);
    started_event(&a, &w);
    next = GetTickCount64();
    for (;;) {
        HANDLE handles[1 + NWATCH];
        size_t map[1 + NWATCH];
        DWORD n = 0, r, timeout;
        ULONGLONG now = GetTickCount64();
        LONG ctl;

        if (!paused && now >= next) {
            agent_check(&a);
            if (a.conf.server == NULL)
                watch_open(&w);
            now = GetTickCount64();
            next = now + (ULONGLONG)agent_next_wait_s(&a) * 1000;
        }
        handles[n] = control_event, map[n++] = 0;
        for (size_t i = 0; i < NWATCH; i++) {
            if (w.key[i] != NULL)
                handles[n] = w.event[i], map[n++] = i + 1;
        }
        timeout = paused ? INFINITE : (DWORD)(next > now ? next - now : 0);
        r = WaitForMultipleObjects(n, handles, FALSE, timeout);
        if (r == WAIT_TIMEOUT)
            continue;
        if (r >= WAIT_OBJECT_0 + n) {
            agent_log(AGENT_EV_CHECK_FAILED, "waiting failed: Win32 error %lu",
                      (unsigned long)GetLastError());
            Sleep(1000);
            continue;
        }
        if (map[r - WAIT_OBJECT_0] != 0) {
            size_t i = map[r - WAIT_OBJECT_0] - 1;
            watch_arm(&w, i);
            if (!paused && next > GetTickCount64() + SETTLE_MS)
                next = GetTickCount64() + SETTLE_MS;
            continue;
        }
        ctl = InterlockedExchange(&pending_controls, 0);
        if (ctl & CTL_STOP)
            break;
        if (ctl & CTL_RELOAD) {
            if (agent_load(&a, config_path)) {
                agent_log(AGENT_EV_RELOADED, "configuration reloaded from %s", config_path);
                watch_close(&w);
                if (a.conf.server == NULL)
                    watch_open(&w);
                next = GetTickCount64();
            }
        }
        if ((ctl & CTL_PAUSE) && !paused) {
            report_status(SERVICE_PAUSE_PENDING, NO_ERROR, 1000);
            paused = true;
            report_status(SERVICE_PAUSED, NO_ERROR, 0);
            agent_log(AGENT_EV_PAUSED, "checks suspended");
        } else if ((ctl & CTL_CONTINUE) && paused) {
            report_status(SERVICE_CONTINUE_PENDING, NO_ERROR, 1000);
            paused = false;
            next = GetTickCount64();
            report_status(SERVICE_RUNNING, NO_ERROR, 0);
            agent_log(AGENT_EV_CONTINUED, "checks resumed");
        }
    }
    report_status(SERVICE_STOP_PENDING, NO_ERROR, 5000);
    agent_log(AGENT_EV_STOPPED, "stopped");
    watch_close(&w);
    agent_free(&a);
    return NO_ERROR;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
    status_handle = RegisterServiceCtrlHandlerExW(argc > 0 ? argv[0] : SVC_NAME, control_handler, NULL);
    if (status_handle == NULL)
        return;
    service_exit = agent_run();
    if (event_source != NULL) {
        DeregisterEventSource(event_source);
        event_source = NULL;
    }
    CloseHandle(control_event);
    control_event = NULL;
    report_status(SERVICE_STOPPED, service_exit, 0); /* the last thing: the SCM may end the process now */
}

static int run_console(void)
{
    DWORD rc;

    console_mode = true;
    SetConsoleCtrlHandler(console_handler, TRUE);
    rc = agent_run();
    if (event_source != NULL)
        DeregisterEventSource(event_source);
    return rc == NO_ERROR                  ? AGENT_EXIT_OK
           : rc == ERROR_BAD_CONFIGURATION ? AGENT_EXIT_CONFIG
                                           : AGENT_EXIT_FAILED;
}

/* ---- registration: install, uninstall, start, stop, status ---- */

/* The service's command line: this executable with the configuration file, both absolute and quoted. */
static wchar_t *service_command_line(void)
{
    wchar_t exe[MAX_PATH * 4], conf[MAX_PATH * 4], *wconf = agent_widen(config_path), *out;
    DWORD n = GetModuleFileNameW(NULL, exe, sizeof exe / sizeof exe[0]);
    size_t len;

    if (n == 0 || n >= sizeof exe / sizeof exe[0] || wconf == NULL) {
        free(wconf);
        return NULL;
    }
    n = GetFullPathNameW(wconf, sizeof conf / sizeof conf[0], conf, NULL);
    free(wconf);
    if (n == 0 || n >= sizeof conf / sizeof conf[0])
        return NULL;
    len = wcslen(exe) + wcslen(conf) + 20;
    if ((out = calloc(len, sizeof *out)) != NULL)
        _snwprintf(out, len, L"\"%ls\" --config \"%ls\"", exe, conf);
    return out;
}

static bool configure_service(SC_HANDLE svc)
{
    SERVICE_DESCRIPTIONW desc = {(wchar_t *)SVC_DESCRIPTION};
    SERVICE_DELAYED_AUTO_START_INFO delayed = {TRUE};
    /* Restart after a minute, twice; then leave it to the administrator. A clean stop with an exit code
     * (a configuration error) is not a failure the SCM acts on: restarting would not fix the file. */
    SC_ACTION actions[3] = {{SC_ACTION_RESTART, 60000}, {SC_ACTION_RESTART, 60000}, {SC_ACTION_NONE, 0}};
    SERVICE_FAILURE_ACTIONSW fa = {86400, NULL, NULL, 3, actions};

    if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc)) {
        say_error("cannot set the service description", GetLastError());
        return false;
    }
    if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed)) {
        DWORD e = GetLastError();
        if (e != ERROR_INVALID_LEVEL) {
            say_error("cannot set delayed automatic start", e);
            return false;
        }
        /* Wine's SCM has no delayed start (ERROR_INVALID_LEVEL); Windows always has. */
        printf("note: this service control manager has no delayed automatic start; LanmanAgent starts "
               "automatically\n");
    }
    if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa)) {
        say_error("cannot set the recovery actions", GetLastError());
        return false;
    }
    return true;
}

static bool register_event_source(void)
{
    wchar_t exe[MAX_PATH * 4];
    DWORD n = GetModuleFileNameW(NULL, exe, sizeof exe / sizeof exe[0]);
    DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    HKEY key;
    LONG rc;

    if (n == 0 || n >= sizeof exe / sizeof exe[0]) {
        say_error("cannot find this program's path", GetLastError());
        return false;
    }
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (rc == ERROR_SUCCESS) {
        rc = RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *)exe,
                            (DWORD)((wcslen(exe) + 1) * sizeof(wchar_t)));
        if (rc == ERROR_SUCCESS)
            rc = RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types, sizeof types);
        RegCloseKey(key);
    }
    if (rc != ERROR_SUCCESS) {
        say_error("cannot register the event source LanmanAgent", (DWORD)rc);
        return false;
    }
    return true;
}

static SC_HANDLE open_scm(DWORD access)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, access);

    if (scm == NULL) {
        DWORD e = GetLastError();
        say_error(e == ERROR_ACCESS_DENIED
                      ? "cannot open the service control manager (run as an administrator)"
                      : "cannot open the service control manager",
                  e);
    }
    return scm;
}

static SC_HANDLE open_service(SC_HANDLE scm, DWORD access)
{
    SC_HANDLE svc = OpenServiceW(scm, SVC_NAME, access);

    if (svc == NULL) {
        DWORD e = GetLastError();
        if (e == ERROR_SERVICE_DOES_NOT_EXIST)
            fprintf(stderr, AGENT_NAME ": LanmanAgent is not installed (run '" AGENT_NAME " install')\n");
        else
            say_error("cannot open the LanmanAgent service", e);
    }
    return svc;
}

static int cmd_install(void)
{
    SC_HANDLE scm, svc;
    wchar_t *cmdline, folder[MAX_PATH];
    char why[AGENT_CONF_ERROR_MAX];
    bool ok;
    FILE *f;

    /* The agent's folder first: the service must not be registered to read from a folder others control. */
    agent_folder(folder);
    if (!agent_secure_folder(folder))
        return AGENT_EXIT_FAILED;
    if ((cmdline = service_command_line()) == NULL) {
        fprintf(stderr, AGENT_NAME ": cannot build the service command line\n");
        return AGENT_EXIT_FAILED;
    }
    if ((scm = open_scm(SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE)) == NULL) {
        free(cmdline);
        return exit_for(GetLastError());
    }
    /* LocalSystem (NULL account), own process, no dependencies: it needs only the registry and, for a
     * remote host, the network, which delayed start leaves time for. */
    svc = CreateServiceW(scm, SVC_NAME, SVC_DISPLAY, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                         SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, cmdline, NULL, NULL, NULL, NULL, NULL);
    if (svc == NULL && GetLastError() == ERROR_SERVICE_EXISTS) {
        /* Installing again updates the registration (a new path, a new configuration file). */
        svc = OpenServiceW(scm, SVC_NAME, SERVICE_ALL_ACCESS);
        if (svc != NULL &&
            !ChangeServiceConfigW(svc, SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                                  cmdline, NULL, NULL, L"\0", L"LocalSystem", L"", SVC_DISPLAY)) {
            CloseServiceHandle(svc);
            svc = NULL;
        }
    }
    free(cmdline);
    if (svc == NULL) {
        DWORD e = GetLastError();
        say_error("cannot create the LanmanAgent service", e);
        CloseServiceHandle(scm);
        return exit_for(e);
    }
    ok = configure_service(svc) && register_event_source();
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    if (!ok)
        return AGENT_EXIT_FAILED;
    printf("LanmanAgent installed (configuration: %s)\n", config_path);
    if ((f = agent_plat_fopen(config_path, "rb")) != NULL) {
        fclose(f);
        if (agent_trust_file("configuration file", config_path, why, sizeof why) != AGENT_TRUST_OK)
            printf("warning: the service will not start: %s\n", why);
    } else {
        printf("note: %s does not exist yet; write it before starting the service (see README)\n",
               config_path);
    }
    return AGENT_EXIT_OK;
}

/* Polls until the service is in state `want` (until) or out of it (!until), or timeout_ms pass; the last
 * status in *ss. Leaving a pending state and reaching a final one are not the same wait: right after a
 * control the state may not have entered the pending one yet. */
static bool wait_state(SC_HANDLE svc, DWORD state, bool until, DWORD timeout_ms, SERVICE_STATUS_PROCESS *ss)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    DWORD got;

    for (;;) {
        if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)ss, sizeof *ss, &got))
            return false;
        if ((ss->dwCurrentState == state) == until)
            return true;
        if (GetTickCount64() >= deadline)
            return false;
        Sleep(100);
    }
}

static bool stop_and_wait(SC_HANDLE svc, bool quiet_if_stopped)
{
    SERVICE_STATUS s;
    SERVICE_STATUS_PROCESS ss;

    if (!ControlService(svc, SERVICE_CONTROL_STOP, &s)) {
        DWORD e = GetLastError();
        if (e == ERROR_SERVICE_NOT_ACTIVE) {
            if (!quiet_if_stopped)
                printf("LanmanAgent is not running\n");
            return true;
        }
        say_error("cannot stop LanmanAgent", e);
        return false;
    }
    /* Until STOPPED itself: right after the control the state may still be RUNNING, before the service has
     * reported STOP_PENDING, and leaving a state it has not entered yet is no sign of stopping. */
    if (!wait_state(svc, SERVICE_STOPPED, true, 30000, &ss)) {
        fprintf(stderr, AGENT_NAME ": LanmanAgent did not stop within 30 s\n");
        return false;
    }
    return true;
}

static int cmd_uninstall(void)
{
    SC_HANDLE scm, svc;
    int rc = AGENT_EXIT_OK;
    LONG e;

    if ((scm = open_scm(SC_MANAGER_CONNECT)) == NULL)
        return exit_for(GetLastError());
    svc = open_service(scm, DELETE | SERVICE_STOP | SERVICE_QUERY_STATUS);
    if (svc == NULL) {
        rc = exit_for(GetLastError());
    } else {
        if (!stop_and_wait(svc, true) || !DeleteService(svc)) {
            if (GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE) {
                say_error("cannot remove LanmanAgent", GetLastError());
                rc = AGENT_EXIT_FAILED;
            }
        }
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    /* The event source goes with the service (also when only the source was left behind). */
    e = RegDeleteKeyW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY);
    if (e != ERROR_SUCCESS && e != ERROR_FILE_NOT_FOUND) {
        say_error("cannot remove the event source LanmanAgent", (DWORD)e);
        rc = AGENT_EXIT_FAILED;
    }
    if (rc == AGENT_EXIT_OK)
        printf("LanmanAgent uninstalled\n");
    return rc;
}

static int cmd_start(void)
{
    SC_HANDLE scm, svc;
    SERVICE_STATUS_PROCESS ss;
    int rc = AGENT_EXIT_OK;
    char buf[600];

    if ((scm = open_scm(SC_MANAGER_CONNECT)) == NULL)
        return exit_for(GetLastError());
    if ((svc = open_service(scm, SERVICE_START | SERVICE_QUERY_STATUS)) == NULL) {
        rc = exit_for(GetLastError());
    } else if (!StartServiceW(svc, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        DWORD e = GetLastError(), got;
        /* A service that stops at once (a bad configuration) can beat the SCM's wait for it: Wine then says
         * ERROR_SERVICE_REQUEST_TIMEOUT. Its own exit code says why. */
        if (e == ERROR_SERVICE_REQUEST_TIMEOUT &&
            QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&ss, sizeof ss, &got) &&
            ss.dwCurrentState == SERVICE_STOPPED && ss.dwWin32ExitCode != NO_ERROR &&
            ss.dwWin32ExitCode != ERROR_SERVICE_NEVER_STARTED) {
            fprintf(stderr,
                    AGENT_NAME ": LanmanAgent stopped while starting: %s; see the Application event log\n",
                    agent_win32_text(ss.dwWin32ExitCode, buf, sizeof buf));
            rc = AGENT_EXIT_FAILED;
        } else {
            say_error("cannot start LanmanAgent", e);
            rc = exit_for(e);
        }
    } else if (!wait_state(svc, SERVICE_START_PENDING, false, 60000, &ss)) {
        fprintf(stderr, AGENT_NAME ": LanmanAgent did not start within 60 s\n");
        rc = AGENT_EXIT_FAILED;
    } else if (ss.dwCurrentState == SERVICE_STOPPED) {
        fprintf(stderr,
                AGENT_NAME ": LanmanAgent stopped while starting: %s; see the Application event log\n",
                agent_win32_text(ss.dwWin32ExitCode, buf, sizeof buf));
        rc = AGENT_EXIT_FAILED;
    } else {
        printf("LanmanAgent is running\n");
    }
    if (svc != NULL)
        CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return rc;
}

static int cmd_stop(void)
{
    SC_HANDLE scm, svc;
    int rc = AGENT_EXIT_OK;

    if ((scm = open_scm(SC_MANAGER_CONNECT)) == NULL)
        return exit_for(GetLastError());
    if ((svc = open_service(scm, SERVICE_STOP | SERVICE_QUERY_STATUS)) == NULL)
        rc = exit_for(GetLastError());
    else if (!stop_and_wait(svc, false))
        rc = AGENT_EXIT_FAILED;
    else
        printf("LanmanAgent is stopped\n");
    if (svc != NULL)
        CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return rc;
}

/* Exit: 0 running (or paused), 1 installed but not running, 4 not installed. */
static int cmd_status(void)
{
    SC_HANDLE scm, svc;
    SERVICE_STATUS_PROCESS ss;
    union {
        QUERY_SERVICE_CONFIGW c;
        BYTE b[8192];
    } cfg;
    SERVICE_DELAYED_AUTO_START_INFO delayed = {FALSE};
    DWORD got;
    char *bin, buf[600];
    int rc;

    if ((scm = open_scm(SC_MANAGER_CONNECT)) == NULL)
        return exit_for(GetLastError());
    if ((svc = open_service(scm, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG)) == NULL) {
        rc = exit_for(GetLastError());
        CloseServiceHandle(scm);
        return rc;
    }
    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&ss, sizeof ss, &got) ||
        !QueryServiceConfigW(svc, &cfg.c, sizeof cfg, &got)) {
        say_error("cannot query LanmanAgent", GetLastError());
        CloseServiceHandle(svc);
        CloseServiceHandle(scm);
        return AGENT_EXIT_FAILED;
    }
    QueryServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, (BYTE *)&delayed, sizeof delayed, &got);
    bin = agent_narrow(cfg.c.lpBinaryPathName != NULL ? cfg.c.lpBinaryPathName : L"");
    printf("Name        : LanmanAgent\n");
    printf("Status      : %s\n", lm_service_state_name((lm_service_state)ss.dwCurrentState));
    printf("ProcessId   : %lu\n", (unsigned long)ss.dwProcessId);
    printf("StartType   : %s\n",
           lm_start_type_name(cfg.c.dwStartType == SERVICE_AUTO_START && delayed.fDelayedAutostart
                                  ? LM_START_AUTOMATIC_DELAYED
                                  : (lm_start_type)cfg.c.dwStartType));
    printf("BinaryPath  : %s\n", bin != NULL ? bin : "");
    if (ss.dwCurrentState == SERVICE_STOPPED && ss.dwWin32ExitCode != NO_ERROR)
        printf("LastExit    : %s\n", agent_win32_text(ss.dwWin32ExitCode, buf, sizeof buf));
    free(bin);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return ss.dwCurrentState == SERVICE_STOPPED ? AGENT_EXIT_FAILED : AGENT_EXIT_OK;
}

/* ---- entry ---- */

static char *default_config(void)
{
    wchar_t dir[MAX_PATH];
    char *d, *out;

    agent_folder(dir);
    if ((d = agent_narrow(dir)) == NULL)
        return NULL;
    if ((out = malloc(strlen(d) + sizeof "\\lanman-agent.conf")) != NULL)
        sprintf(out, "%s\\lanman-agent.conf", d);
    free(d);
    return out;
}

static const char usage[] =
    "usage: " AGENT_NAME " [--config FILE]                  run as the LanmanAgent service (in console mode\n"
    "                                                     when not started by the SCM)\n"
    "       " AGENT_NAME " --console [--config FILE]        run in this console (Ctrl+C stops)\n"
    "       " AGENT_NAME " --check-config [--config FILE]   read the configuration and the baseline\n"
    "       " AGENT_NAME " install [--config FILE]          register the service and its event source\n"
    "       " AGENT_NAME " uninstall|start|stop|status\n"
    "Default configuration: %ProgramData%\\lanman\\lanman-agent.conf\n";

int wmain(int argc, wchar_t **wargv);

int wmain(int argc, wchar_t **wargv)
{
    SERVICE_TABLE_ENTRYW table[] = {{(wchar_t *)SVC_NAME, service_main}, {NULL, NULL}};
    static const struct {
        const char *name;
        int (*run)(void);
    } commands[] = {{"install", cmd_install},
                    {"uninstall", cmd_uninstall},
                    {"start", cmd_start},
                    {"stop", cmd_stop},
                    {"status", cmd_status}};
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    struct agent_args args;
    int rc;

    SetConsoleOutputCP(CP_UTF8);
    if (argv == NULL)
        return AGENT_EXIT_FAILED;
    for (int i = 0; i < argc; i++) {
        if ((argv[i] = agent_narrow(wargv[i])) == NULL)
            return AGENT_EXIT_USAGE;
    }
    if ((rc = agent_args_front(argc, argv, usage, &args)) >= 0)
        return rc;
    if (args.foreground) {
        fprintf(stderr, AGENT_NAME ": --foreground is the POSIX daemon; on Windows use --console\n");
        return AGENT_EXIT_USAGE;
    }
    config_path = args.config != NULL ? strdup(args.config) : default_config();
    if (config_path == NULL)
        return AGENT_EXIT_FAILED;
    if (args.command != NULL) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
            if (strcmp(args.command, commands[i].name) == 0)
                return commands[i].run();
        }
        fprintf(stderr, AGENT_NAME ": unknown command '%s' (install, uninstall, start, stop, status)\n",
                args.command);
        return AGENT_EXIT_USAGE;
    }
    if (args.check_config) {
        console_mode = true;
        return agent_check_config(config_path);
    }
    if ((control_event = CreateEventW(NULL, FALSE, FALSE, NULL)) == NULL) {
        say_error("cannot create an event", GetLastError());
        return AGENT_EXIT_FAILED;
    }
    if (args.console)
        return run_console();
    if (StartServiceCtrlDispatcherW(table))
        return (int)service_exit;
    if (GetLastError() == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
        fprintf(stderr, AGENT_NAME ": not started by the service control manager: running in console mode "
                                   "(Ctrl+C stops; '" AGENT_NAME " --help' for the commands)\n");
        return run_console();
    }
    say_error("cannot connect to the service control manager", GetLastError());
    return AGENT_EXIT_FAILED;
}
