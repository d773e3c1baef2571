/* The Win32 backend's services: the Service Control Manager (OpenSCManagerW, EnumServicesStatusExW,
 * QueryServiceConfigW/2W, StartServiceW, ControlService, ChangeServiceConfigW/2W, EnumDependentServicesW).
 * Where Wine's SCM answers dependencies with nothing, host_win32_scm_fallback.c reads them from the
 * registry. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "host/host_win32.h"

/* A double-NUL-terminated list (lpDependencies, EnumDependentServices names) to an array. skip_groups
 * leaves out load order groups (SC_GROUP_IDENTIFIER '+'), which are not services. */
lm_status lm__w32_narrow_list(const wchar_t *p, bool skip_groups, char ***out, size_t *n)
{
    char **v;
    size_t count = 0, k = 0;

    for (const wchar_t *q = p; q != NULL && *q != L'\0'; q += wcslen(q) + 1)
        count++;
    v = calloc(count + 1, sizeof *v);
    if (v == NULL)
        return LM_ENOMEM;
    for (const wchar_t *q = p; q != NULL && *q != L'\0'; q += wcslen(q) + 1) {
        if (skip_groups && *q == SC_GROUP_IDENTIFIERW)
            continue;
        v[k] = lm__narrow(q);
        if (v[k++] == NULL) {
            for (size_t i = 0; i < k; i++)
                free(v[i]);
            free(v);
            return LM_ENOMEM;
        }
    }
    *out = v;
    *n = k;
    return LM_OK;
}

static lm_status scm(struct lm_host *h, SC_HANDLE *out)
{
    struct lm__w32 *w = lm__w32(h);

    if (w->scm == NULL) {
        w->scm = OpenSCManagerW(w->server, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
        if (w->scm == NULL)
            return lm__w32_fail(h, GetLastError(), "cannot open the service control manager");
    }
    *out = w->scm;
    return LM_OK;
}

lm_status lm__w32_open_service(struct lm_host *h, const char *name, DWORD access, SC_HANDLE *out)
{
    SC_HANDLE m, s;
    wchar_t *wn;
    DWORD e;

    if (scm(h, &m) != LM_OK)
        return h->err.status;
    wn = lm__wide(name);
    if (wn == NULL)
        return lm_error_set(&h->err, LM_EILSEQ, LM_RAW_NONE, 0, "service name is not valid UTF-8");
    s = OpenServiceW(m, wn, access);
    e = GetLastError();
    free(wn);
    if (s == NULL)
        return lm__w32_record(h, e, NULL);
    *out = s;
    return LM_OK;
}

static void status_fields(const SERVICE_STATUS_PROCESS *p, lm_service *out)
{
    out->status = (lm_service_state)p->dwCurrentState;
    out->service_type = p->dwServiceType;
    out->controls_accepted = p->dwControlsAccepted;
    out->win32_exit_code = p->dwWin32ExitCode;
    out->service_exit_code = p->dwServiceSpecificExitCode;
    out->checkpoint = p->dwCheckPoint;
    out->wait_hint_ms = p->dwWaitHint;
    out->process_id = p->dwProcessId;
}

lm_status lm__w32_svc_enum(struct lm_host *h, lm_service **out, size_t *n)
{
    DWORD size = 64 * 1024, needed = 0, returned = 0, resume = 0;
    lm_service *v = NULL;
    size_t count = 0, alloc = 0;
    BYTE *buf = NULL;
    SC_HANDLE m;
    lm_status st = LM_OK;

    if (scm(h, &m) != LM_OK)
        return h->err.status;
    for (int page = 0;; page++) {
        BOOL ok;
        DWORD e;

        if (buf == NULL && (buf = malloc(size)) == NULL) {
            st = lm__w32_no_memory(h);
            break;
        }
        ok = EnumServicesStatusExW(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf, size,
                                   &needed, &returned, &resume, NULL);
        e = ok ? ERROR_SUCCESS : GetLastError();
        if (!ok && e != ERROR_MORE_DATA) {
            st = lm__w32_fail(h, e, "cannot enumerate services");
            break;
        }
        if (returned > 0 && count + returned > alloc) {
            lm_service *nv;

            alloc = (count + returned) * 2;
            nv = realloc(v, alloc * sizeof *v);
            if (nv == NULL) {
                st = lm__w32_no_memory(h);
                break;
            }
            v = nv;
        }
        for (DWORD i = 0; i < returned; i++) {
            const ENUM_SERVICE_STATUS_PROCESSW *e2 = &((const ENUM_SERVICE_STATUS_PROCESSW *)buf)[i];
            lm_service *s = &v[count++];

            memset(s, 0, sizeof *s);
            s->name = lm__narrow(e2->lpServiceName);
            /* Wine leaves the display name of a service created without one NULL; Windows makes it the
             * service's name. NULL here would read as out of memory. */
            s->display_name = lm__narrow(e2->lpDisplayName != NULL ? e2->lpDisplayName : e2->lpServiceName);
            status_fields(&e2->ServiceStatusProcess, s);
            if (s->name == NULL || s->display_name == NULL)
                st = lm__w32_no_memory(h);
        }
        if (st != LM_OK || ok)
            break;
        /* ERROR_MORE_DATA: the next page from the resume handle; a bigger buffer if nothing fitted. An
         * SCM that neither returns entries nor asks for more room would loop forever: stop. */
        if (returned == 0 && (needed <= size || page > 16)) {
            st = lm__w32_fail(h, ERROR_MORE_DATA, "cannot enumerate services");
            break;
        }
        if (returned == 0) {
            free(buf);
            buf = NULL;
            size = needed;
        }
    }
    free(buf);
    if (st != LM_OK) {
        lm_service_list_free(v, count);
        return st;
    }
    *out = v;
    *n = count;
    return LM_OK;
}

lm_status lm__w32_query_status(struct lm_host *h, SC_HANDLE s, lm_service *out)
{
    SERVICE_STATUS_PROCESS p;
    DWORD needed;

    if (!QueryServiceStatusEx(s, SC_STATUS_PROCESS_INFO, (BYTE *)&p, sizeof p, &needed))
        return lm__w32_record(h, GetLastError(), NULL);
    status_fields(&p, out);
    return LM_OK;
}

lm_status lm__w32_svc_status(struct lm_host *h, const char *name, lm_service *out)
{
    SC_HANDLE s;
    lm_status st;

    if (lm__w32_open_service(h, name, SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    st = lm__w32_query_status(h, s, out); /* sets only the status fields, and only on success */
    CloseServiceHandle(s);
    return st;
}

/* The SCM's two-call pattern: ask with a buffer, grow it to what it says it needs (a few rounds, since
 * the data may change in between). *out (free()) is set only on success. */
enum query_kind { Q_CONFIG, Q_CONFIG2, Q_DEPENDENTS };

static BOOL query_once(SC_HANDLE s, enum query_kind k, DWORD arg, BYTE *buf, DWORD size, DWORD *needed,
                       DWORD *count)
{
    switch (k) {
    case Q_CONFIG:
        return QueryServiceConfigW(s, (QUERY_SERVICE_CONFIGW *)buf, size, needed);
    case Q_CONFIG2:
        return QueryServiceConfig2W(s, arg, buf, size, needed);
    case Q_DEPENDENTS:
        break;
    }
    return EnumDependentServicesW(s, arg, (ENUM_SERVICE_STATUSW *)buf, size, needed, count);
}

static DWORD query(SC_HANDLE s, enum query_kind k, DWORD arg, BYTE **out, DWORD *count)
{
    DWORD size = 1024, needed = 0;

    for (int round = 0; round < 4; round++) {
        BYTE *buf = malloc(size);
        DWORD e;

        if (buf == NULL)
            return ERROR_NOT_ENOUGH_MEMORY;
        if (query_once(s, k, arg, buf, size, &needed, count)) {
            *out = buf;
            return ERROR_SUCCESS;
        }
        e = GetLastError();
        free(buf);
        if (e != ERROR_INSUFFICIENT_BUFFER && e != ERROR_MORE_DATA)
            return e;
        size = needed > size ? needed : size * 2;
    }
    return ERROR_INSUFFICIENT_BUFFER;
}

/* EnumDependentServicesW (SERVICE_ACTIVE or SERVICE_STATE_ALL), which answers in stop order; the registry
 * when it answers with nothing (host_win32_scm_fallback.c). */
static lm_status dependents(struct lm_host *h, SC_HANDLE s, const char *name, DWORD state, char ***out,
                            size_t *n)
{
    BYTE *buf = NULL;
    DWORD count = 0, e = query(s, Q_DEPENDENTS, state, &buf, &count);
    const ENUM_SERVICE_STATUSW *v = (const ENUM_SERVICE_STATUSW *)buf;
    char **names;

    if (e != ERROR_SUCCESS && e != ERROR_CALL_NOT_IMPLEMENTED)
        return lm__w32_fail(h, e, "cannot list the services that depend on it");
    if (e != ERROR_SUCCESS || count == 0) {
        free(buf);
        return lm__w32_fallback_dependents(h, name, state == SERVICE_ACTIVE, out, n);
    }
    names = calloc(count + 1, sizeof *names);
    for (DWORD i = 0; names != NULL && i < count; i++) {
        names[i] = lm__narrow(v[i].lpServiceName);
        if (names[i] == NULL) {
            lm_reg_subkeys_free(names, i); /* frees any array of names */
            names = NULL;
        }
    }
    free(buf);
    if (names == NULL)
        return lm__w32_no_memory(h);
    *out = names;
    *n = count;
    return LM_OK;
}

/* ServicesDependedOn: lpDependencies, or the registry's DependOnService where the SCM leaves it empty
 * (host_win32_scm_fallback.c). */
static lm_status depends_on(struct lm_host *h, const char *name, const wchar_t *deps, char ***out, size_t *n)
{
    if (deps != NULL && deps[0] != L'\0')
        return lm__w32_narrow_list(deps, true, out, n) == LM_OK ? LM_OK : lm__w32_no_memory(h);
    return lm__w32_fallback_depends_on(h, name, out, n);
}

lm_status lm__w32_svc_config(struct lm_host *h, const char *name, lm_service *out)
{
    lm_service c = {0};
    BYTE *buf = NULL;
    SC_HANDLE s;
    DWORD e, unused;
    lm_status st = LM_OK;

    if (lm__w32_open_service(h, name, SERVICE_QUERY_CONFIG | SERVICE_ENUMERATE_DEPENDENTS, &s) != LM_OK)
        return h->err.status;
    e = query(s, Q_CONFIG, 0, &buf, &unused);
    if (e != ERROR_SUCCESS) {
        st = lm__w32_record(h, e, NULL);
    } else {
        const QUERY_SERVICE_CONFIGW *q = (const QUERY_SERVICE_CONFIGW *)buf;

        c.display_name = lm__narrow(q->lpDisplayName);
        c.start_type = (lm_start_type)q->dwStartType;
        c.service_type = q->dwServiceType;
        c.binary_path = lm__narrow(q->lpBinaryPathName);
        c.start_name = lm__narrow(q->lpServiceStartName);
        st = depends_on(h, name, q->lpDependencies, &c.depends_on, &c.ndepends_on);
        free(buf);
    }
    if (st == LM_OK && query(s, Q_CONFIG2, SERVICE_CONFIG_DESCRIPTION, &buf, &unused) == ERROR_SUCCESS) {
        const SERVICE_DESCRIPTIONW *d = (const SERVICE_DESCRIPTIONW *)buf;

        if (d->lpDescription != NULL && d->lpDescription[0] != L'\0')
            c.description = lm__narrow(d->lpDescription);
        free(buf);
    }
    /* Delayed automatic start (Vista and later); a system without it has no delayed services. */
    if (st == LM_OK && c.start_type == LM_START_AUTOMATIC &&
        query(s, Q_CONFIG2, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &buf, &unused) == ERROR_SUCCESS) {
        if (((const SERVICE_DELAYED_AUTO_START_INFO *)buf)->fDelayedAutostart)
            c.start_type = LM_START_AUTOMATIC_DELAYED;
        free(buf);
    }
    if (st == LM_OK)
        st = dependents(h, s, name, SERVICE_STATE_ALL, &c.dependents, &c.ndependents);
    CloseServiceHandle(s);
    if (st != LM_OK) {
        lm__service_clear(&c);
        return st;
    }
    c.detailed = true;
    *out = c;
    return LM_OK;
}

lm_status lm__w32_svc_start(struct lm_host *h, const char *name)
{
    SC_HANDLE s;
    DWORD e = ERROR_SUCCESS;

    if (lm__w32_open_service(h, name, SERVICE_START | SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    if (!StartServiceW(s, 0, NULL))
        e = GetLastError();
    CloseServiceHandle(s);
    if (e != ERROR_SUCCESS)
        return lm__w32_record(h, e, NULL);
    return LM_OK;
}

lm_status lm__w32_svc_control(struct lm_host *h, const char *name, uint32_t code)
{
    DWORD access = code == LM__SVC_CONTROL_STOP ? SERVICE_STOP : SERVICE_PAUSE_CONTINUE;
    SERVICE_STATUS ss;
    SC_HANDLE s;
    DWORD e = ERROR_SUCCESS;

    if (lm__w32_open_service(h, name, access | SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    if (!ControlService(s, code, &ss))
        e = GetLastError();
    CloseServiceHandle(s);
    if (e != ERROR_SUCCESS)
        return lm__w32_record(h, e, NULL);
    return LM_OK;
}

lm_status lm__w32_svc_active_dependents(struct lm_host *h, const char *name, char ***out, size_t *n)
{
    SC_HANDLE s;
    lm_status st;

    if (lm__w32_open_service(h, name, SERVICE_ENUMERATE_DEPENDENTS, &s) != LM_OK)
        return h->err.status;
    st = dependents(h, s, name, SERVICE_ACTIVE, out, n);
    CloseServiceHandle(s);
    return st;
}

lm_status lm__w32_svc_set_start_type(struct lm_host *h, const char *name, lm_start_type type)
{
    bool delayed = type == LM_START_AUTOMATIC_DELAYED;
    DWORD start = delayed ? SERVICE_AUTO_START : (DWORD)type, e = ERROR_SUCCESS;
    SERVICE_DELAYED_AUTO_START_INFO info = {delayed};
    SC_HANDLE s;

    if (lm__w32_open_service(h, name, SERVICE_CHANGE_CONFIG | SERVICE_QUERY_CONFIG, &s) != LM_OK)
        return h->err.status;
    /* The delayed flag first, so that an SCM without it (ERROR_INVALID_LEVEL: Wine's, Windows before
     * Vista) refuses a delayed start before anything changed. Plain automatic clears the flag, and on such
     * an SCM there is no flag to clear. */
    if (delayed && !ChangeServiceConfig2W(s, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &info))
        e = GetLastError();
    if (e == ERROR_SUCCESS && !ChangeServiceConfigW(s, SERVICE_NO_CHANGE, start, SERVICE_NO_CHANGE, NULL,
                                                    NULL, NULL, NULL, NULL, NULL, NULL))
        e = GetLastError();
    if (e == ERROR_SUCCESS && type == LM_START_AUTOMATIC &&
        !ChangeServiceConfig2W(s, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &info) &&
        GetLastError() != ERROR_INVALID_LEVEL)
        e = GetLastError();
    CloseServiceHandle(s);
    if (e == ERROR_INVALID_LEVEL && delayed)
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_WIN32, e,
                            "this service control manager has no delayed automatic start");
    if (e != ERROR_SUCCESS)
        return lm__w32_record(h, e, NULL);
    return LM_OK;
}
