#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "testlib.h"
#include "svc.h"

static lm_host *host;

lm_host *thost(void)
{
    lm_host_options opt = {0};
    lm_error e;

    if (host == NULL && lm_host_open(&opt, &host, &e) != LM_OK)
        fprintf(stderr, "lm_host_open: %s\n", e.message);
    return host;
}

void thost_close(void)
{
    lm_host_close(host);
    host = NULL;
}

static int binary_path(const wchar_t *args, wchar_t *out, size_t size)
{
    wchar_t dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dir, MAX_PATH);
    wchar_t *slash;

    if (n == 0 || n >= MAX_PATH)
        return -1;
    slash = wcsrchr(dir, L'\\');
    if (slash == NULL)
        return -1;
    *slash = L'\0';
    swprintf(out, size, L"\"%ls\\lanman_testsvc.exe\"%ls%ls", dir, args != NULL ? L" " : L"",
             args != NULL ? args : L"");
    return 0;
}

static void stop_and_wait(SC_HANDLE s)
{
    SERVICE_STATUS ss;

    if (!QueryServiceStatus(s, &ss) || ss.dwCurrentState == SERVICE_STOPPED)
        return;
    ControlService(s, SERVICE_CONTROL_STOP, &ss);
    for (int i = 0; i < 100 && QueryServiceStatus(s, &ss) && ss.dwCurrentState != SERVICE_STOPPED; i++)
        Sleep(100);
}

void tsvc_delete(const wchar_t *name)
{
    SC_HANDLE m = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), s;

    if (m == NULL)
        return;
    s = OpenServiceW(m, name, SERVICE_ALL_ACCESS);
    if (s != NULL) {
        stop_and_wait(s);
        DeleteService(s);
        CloseServiceHandle(s);
    }
    CloseServiceHandle(m);
}

int tsvc_create(const wchar_t *name, const wchar_t *display, const wchar_t *args, DWORD start,
                const wchar_t *deps)
{
    wchar_t path[2 * MAX_PATH];
    SC_HANDLE m, s;

    if (binary_path(args, path, sizeof path / sizeof path[0]) != 0)
        return -1;
    tsvc_delete(name);
    m = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (m == NULL)
        return -1;
    s = CreateServiceW(m, name, display, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, start,
                       SERVICE_ERROR_NORMAL, path, NULL, NULL, deps, NULL, NULL);
    if (s == NULL)
        fprintf(stderr, "CreateServiceW(%ls): error %lu\n", name, GetLastError());
    else
        CloseServiceHandle(s);
    CloseServiceHandle(m);
    return s != NULL ? 0 : -1;
}

static wchar_t *services_path(const wchar_t *key, wchar_t *buf, size_t size)
{
    swprintf(buf, size, L"SYSTEM\\CurrentControlSet\\Services\\%ls", key);
    return buf;
}

int treg_create(const wchar_t *key)
{
    wchar_t path[512];
    HKEY k;
    LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, services_path(key, path, 512), 0, NULL, 0, KEY_ALL_ACCESS,
                              NULL, &k, NULL);

    if (rc != ERROR_SUCCESS)
        return -1;
    RegCloseKey(k);
    return 0;
}

void treg_delete(const wchar_t *key)
{
    wchar_t path[512];

    RegDeleteTreeW(HKEY_LOCAL_MACHINE, services_path(key, path, 512));
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, path);
}

lm_service *tsvc_get(const char *name)
{
    const char *pats[] = {name};
    lm_service *v = NULL;
    size_t n = 0;

    LMT_EQ(lm_service_list(thost(), pats, 1, true, &v, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_STR(v[0].name, name);
    return v;
}
