/* A throwaway Windows service for the Win32 backend tests (after Wine's programs/sc and the STYLE.md
 * skeleton): wmain hands over to StartServiceCtrlDispatcherW, one report_status() sets the checkpoint and
 * the accepted controls, the control handler only signals an event, and the service reports RUNNING after
 * initialisation and STOPPED after cleanup.
 *
 * Options (from the service's binary path):
 *   --delay MS    stay in START_PENDING for MS milliseconds, advancing the checkpoint every 250 ms
 *   --no-pause    do not accept pause and continue */
#include <windows.h>

#include <stdio.h>
#include <wchar.h>

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static HANDLE control_event;
static volatile LONG pending_control;
static DWORD start_delay_ms;
static BOOL accept_pause = TRUE;

static void report_status(DWORD state, DWORD exit_code, DWORD wait_hint)
{
    static DWORD checkpoint = 1;

    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwWin32ExitCode = exit_code;
    status.dwWaitHint = wait_hint;
    status.dwControlsAccepted = 0;
    if (state != SERVICE_START_PENDING && state != SERVICE_STOPPED)
        status.dwControlsAccepted = SERVICE_ACCEPT_STOP | (accept_pause ? SERVICE_ACCEPT_PAUSE_CONTINUE : 0);
    if (state == SERVICE_RUNNING || state == SERVICE_STOPPED || state == SERVICE_PAUSED)
        status.dwCheckPoint = 0;
    else
        status.dwCheckPoint = checkpoint++;
    SetServiceStatus(status_handle, &status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, void *data, void *context)
{
    (void)type, (void)data, (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
    case SERVICE_CONTROL_PAUSE:
    case SERVICE_CONTROL_CONTINUE:
        InterlockedExchange(&pending_control, (LONG)control);
        SetEvent(control_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
    (void)argc;
    status_handle = RegisterServiceCtrlHandlerExW(argv[0], handler, NULL);
    if (status_handle == NULL)
        return;
    control_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (control_event == NULL) {
        report_status(SERVICE_STOPPED, GetLastError(), 0);
        return;
    }
    report_status(SERVICE_START_PENDING, NO_ERROR, 1000);
    for (DWORD waited = 0; waited < start_delay_ms; waited += 250) {
        Sleep(250);
        report_status(SERVICE_START_PENDING, NO_ERROR, 1000);
    }
    report_status(SERVICE_RUNNING, NO_ERROR, 0);
    for (;;) {
        LONG c;

        WaitForSingleObject(control_event, INFINITE);
        c = InterlockedExchange(&pending_control, 0);
        if (c == SERVICE_CONTROL_STOP || c == SERVICE_CONTROL_SHUTDOWN)
            break;
        if (c == SERVICE_CONTROL_PAUSE && accept_pause) {
            report_status(SERVICE_PAUSE_PENDING, NO_ERROR, 1000);
            report_status(SERVICE_PAUSED, NO_ERROR, 0);
        } else if (c == SERVICE_CONTROL_CONTINUE && accept_pause) {
            report_status(SERVICE_CONTINUE_PENDING, NO_ERROR, 1000);
            report_status(SERVICE_RUNNING, NO_ERROR, 0);
        }
    }
    report_status(SERVICE_STOP_PENDING, NO_ERROR, 1000);
    CloseHandle(control_event);
    report_status(SERVICE_STOPPED, NO_ERROR, 0);
}

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv)
{
    /* An own-process service: the name in the table is ignored. */
    SERVICE_TABLE_ENTRYW table[] = {{(wchar_t *)L"", service_main}, {NULL, NULL}};

    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--delay") == 0 && i + 1 < argc)
            start_delay_ms = (DWORD)_wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--no-pause") == 0)
            accept_pause = FALSE;
    }
    if (!StartServiceCtrlDispatcherW(table)) {
        if (GetLastError() == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
            fprintf(stderr, "lanman_testsvc: a test service for the lanman Win32 tests; "
                            "run it through the service control manager\n");
            return 2;
        }
        return 1;
    }
    return 0;
}
