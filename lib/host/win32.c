/* The Win32 backend: the Service Control Manager, the registry (Reg*W) and netapi32, locally or against
 * \\server with the logged-on user's credentials. W APIs only; UTF-8 <-> UTF-16 at this boundary only
 * (core/utf.h). Every handle is closed on every path. One translator, fail(), maps Win32 and NERR codes to
 * LM_E* with a message that says what to do. */
#include <windows.h>
#include <lm.h>
#include <sddl.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "host/host.h"
#include "core/sddl.h"
#include "core/utf.h"

const bool lm__host_local_reaches_servers = true;

/* Every service key's DependOnService list (see depmap_load). */
struct depmap {
    wchar_t **names; /* service key names */
    wchar_t **deps;  /* their DependOnService lists (double-NUL-terminated), or NULL */
    size_t n;
};

/* How long a loaded depmap is reused: a `service list *` with details asks for the dependents of every
 * service, and one scan of the Services key serves them all. */
#define DEPMAP_TTL_MS 2000

struct w32 {
    wchar_t *server; /* L"\\\\host", or NULL for the local machine */
    SC_HANDLE scm;   /* opened on first use */
    HKEY hklm;       /* HKEY_LOCAL_MACHINE from RegConnectRegistryW, opened on first use */
    struct depmap deps;
    ULONGLONG deps_at; /* GetTickCount64() when deps was loaded; 0: not loaded */
};

static struct w32 *W(struct lm_host *h)
{
    return h->impl;
}

/* -- strings -- */

static wchar_t *wide(const char *s)
{
    uint8_t *p = NULL;

    if (lm__utf16le_dup(s != NULL ? s : "", &p, NULL) != LM_OK)
        return NULL;
    return (wchar_t *)p;
}

static char *narrow(const wchar_t *s)
{
    char *out = NULL;

    if (s == NULL)
        return NULL;
    if (lm__utf8_dup((const uint8_t *)s, wcslen(s) * sizeof(wchar_t), &out) != LM_OK)
        return NULL;
    return out;
}

/* A double-NUL-terminated list (lpDependencies, EnumDependentServices names) to an array. skip_groups
 * leaves out load order groups (SC_GROUP_IDENTIFIER '+'), which are not services. */
static lm_status narrow_list(const wchar_t *p, bool skip_groups, char ***out, size_t *n)
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
        v[k] = narrow(q);
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

/* -- the one translator -- */

struct reason {
    DWORD code;
    lm_status status;
    const char *text;
};

static const struct reason reasons[] = {
    {ERROR_FILE_NOT_FOUND, LM_ENOENT, "not found"},
    {ERROR_PATH_NOT_FOUND, LM_ENOENT, "not found"},
    {ERROR_ACCESS_DENIED, LM_EACCES, "access denied; run from an elevated prompt"},
    {ERROR_INVALID_HANDLE, LM_ESYS, "invalid handle"},
    {ERROR_NOT_ENOUGH_MEMORY, LM_ENOMEM, "out of memory"},
    {ERROR_OUTOFMEMORY, LM_ENOMEM, "out of memory"},
    {ERROR_NOT_SUPPORTED, LM_ENOTSUP, "not supported by this server (is the Server service running?)"},
    {ERROR_BAD_NETPATH, LM_EHOSTUNREACH, "the network path was not found"},
    {ERROR_BAD_NET_NAME, LM_ENOENT, "the network name cannot be found"},
    {ERROR_INVALID_PARAMETER, LM_EINVAL, "invalid parameter"},
    {ERROR_INVALID_NAME, LM_ENAME, "invalid name"},
    {ERROR_INVALID_LEVEL, LM_ENOTSUP, "this information level is not supported"},
    {ERROR_NONE_MAPPED, LM_ENOENT, "no such account"},
    {ERROR_DEPENDENT_SERVICES_RUNNING, LM_EDEPEND,
     "dependent services are running; use --force to stop them too"},
    {ERROR_INVALID_SERVICE_CONTROL, LM_ENOTSUP, "the service does not accept this control"},
    {ERROR_SERVICE_REQUEST_TIMEOUT, LM_ETIMEDOUT,
     "the service did not respond to the start or control request in time"},
    {ERROR_SERVICE_NO_THREAD, LM_ESYS, "the service could not create a thread"},
    {ERROR_SERVICE_DATABASE_LOCKED, LM_EBUSY, "the service database is locked"},
    {ERROR_SERVICE_ALREADY_RUNNING, LM_ESTATE, "the service is already running"},
    {ERROR_SERVICE_DISABLED, LM_EDISABLED, "the service is disabled; set its start type first"},
    {ERROR_SERVICE_DOES_NOT_EXIST, LM_ENOENT, "no such service"},
    {ERROR_SERVICE_CANNOT_ACCEPT_CTRL, LM_ESTATE, "service cannot accept control messages at this time"},
    {ERROR_SERVICE_NOT_ACTIVE, LM_ESTATE, "the service has not been started"},
    {ERROR_SERVICE_DEPENDENCY_FAIL, LM_ESTATE, "a service it depends on failed to start"},
    {ERROR_SERVICE_LOGON_FAILED, LM_EAUTH, "the service could not log on"},
    {ERROR_SERVICE_MARKED_FOR_DELETE, LM_ESTATE, "the service is marked for deletion"},
    {ERROR_SERVICE_EXISTS, LM_EEXIST, "the service already exists"},
    {ERROR_SERVICE_DEPENDENCY_DELETED, LM_ESTATE, "a service it depends on is marked for deletion"},
    {RPC_S_SERVER_UNAVAILABLE, LM_EHOSTUNREACH, "the RPC server is unavailable"},
    {NERR_ServerNotStarted, LM_ENOTSUP, "the Server service is not started"},
    {NERR_UnknownDevDir, LM_EPATH, "the path does not exist on the server"},
    {NERR_DuplicateShare, LM_EEXIST, "share already exists"},
    {NERR_BufTooSmall, LM_ESYS, "buffer too small"},
    {NERR_NetNameNotFound, LM_ENOENT, "no such share"},
};

/* The system's text for a code we have no reason for. */
static void system_text(DWORD code, char *buf, size_t size)
{
    wchar_t w[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, w,
                             sizeof w / sizeof w[0], NULL);
    char *s;

    while (n > 0 && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.'))
        n--;
    w[n] = L'\0';
    s = n > 0 ? narrow(w) : NULL;
    snprintf(buf, size, "%s", s != NULL ? s : "system error");
    free(s);
}

/* Records code (Win32 or NERR) on h as "context: reason", or the reason alone without a context. Returns
 * the LM_E* status. */
static lm_status record(struct lm_host *h, DWORD code, const char *context)
{
    lm_raw_kind kind = code >= NERR_BASE && code <= MAX_NERR ? LM_RAW_NERR : LM_RAW_WIN32;
    lm_status st = LM_ESYS;
    char why[256];

    why[0] = '\0';
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (reasons[i].code == code) {
            st = reasons[i].status;
            snprintf(why, sizeof why, "%s", reasons[i].text);
            break;
        }
    }
    if (why[0] == '\0')
        system_text(code, why, sizeof why);
    if (context == NULL)
        return lm_error_set(&h->err, st, kind, code, "%s", why);
    return lm_error_set(&h->err, st, kind, code, "%s: %s", context, why);
}

static lm_status fail(struct lm_host *h, DWORD code, const char *fmt, ...) LM_PRINTF(3, 4);
static lm_status fail(struct lm_host *h, DWORD code, const char *fmt, ...)
{
    char context[LM_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    return record(h, code, context);
}

static lm_status no_memory(struct lm_host *h)
{
    return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
}

/* HKEY_LOCAL_MACHINE of the target: RegConnectRegistryW gives the local one for a NULL server. */
static lm_status hklm(struct lm_host *h, HKEY *out)
{
    struct w32 *w = W(h);

    if (w->hklm == NULL) {
        LONG rc = RegConnectRegistryW(w->server, HKEY_LOCAL_MACHINE, &w->hklm);

        if (rc != ERROR_SUCCESS)
            return fail(h, (DWORD)rc, "cannot connect to the registry");
    }
    *out = w->hklm;
    return LM_OK;
}

/* -- services -- */

static lm_status scm(struct lm_host *h, SC_HANDLE *out)
{
    struct w32 *w = W(h);

    if (w->scm == NULL) {
        w->scm = OpenSCManagerW(w->server, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
        if (w->scm == NULL)
            return fail(h, GetLastError(), "cannot open the service control manager");
    }
    *out = w->scm;
    return LM_OK;
}

static lm_status open_service(struct lm_host *h, const char *name, DWORD access, SC_HANDLE *out)
{
    SC_HANDLE m, s;
    wchar_t *wn;
    DWORD e;

    if (scm(h, &m) != LM_OK)
        return h->err.status;
    wn = wide(name);
    if (wn == NULL)
        return lm_error_set(&h->err, LM_EILSEQ, LM_RAW_NONE, 0, "service name is not valid UTF-8");
    s = OpenServiceW(m, wn, access);
    e = GetLastError();
    free(wn);
    if (s == NULL)
        return record(h, e, NULL);
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

static lm_status svc_enum(struct lm_host *h, lm_service **out, size_t *n)
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
            st = no_memory(h);
            break;
        }
        ok = EnumServicesStatusExW(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf, size,
                                   &needed, &returned, &resume, NULL);
        e = ok ? ERROR_SUCCESS : GetLastError();
        if (!ok && e != ERROR_MORE_DATA) {
            st = fail(h, e, "cannot enumerate services");
            break;
        }
        if (returned > 0 && count + returned > alloc) {
            lm_service *nv;

            alloc = (count + returned) * 2;
            nv = realloc(v, alloc * sizeof *v);
            if (nv == NULL) {
                st = no_memory(h);
                break;
            }
            v = nv;
        }
        for (DWORD i = 0; i < returned; i++) {
            const ENUM_SERVICE_STATUS_PROCESSW *e2 = &((const ENUM_SERVICE_STATUS_PROCESSW *)buf)[i];
            lm_service *s = &v[count++];

            memset(s, 0, sizeof *s);
            s->name = narrow(e2->lpServiceName);
            s->display_name = narrow(e2->lpDisplayName);
            status_fields(&e2->ServiceStatusProcess, s);
            if (s->name == NULL || s->display_name == NULL)
                st = no_memory(h);
        }
        if (st != LM_OK || ok)
            break;
        /* ERROR_MORE_DATA: the next page from the resume handle; a bigger buffer if nothing fitted. An
         * SCM that neither returns entries nor asks for more room would loop forever: stop. */
        if (returned == 0 && (needed <= size || page > 16)) {
            st = fail(h, ERROR_MORE_DATA, "cannot enumerate services");
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

static lm_status query_status(struct lm_host *h, SC_HANDLE s, lm_service *out)
{
    SERVICE_STATUS_PROCESS p;
    DWORD needed;

    if (!QueryServiceStatusEx(s, SC_STATUS_PROCESS_INFO, (BYTE *)&p, sizeof p, &needed))
        return record(h, GetLastError(), NULL);
    status_fields(&p, out);
    return LM_OK;
}

static lm_status svc_status(struct lm_host *h, const char *name, lm_service *out)
{
    SC_HANDLE s;
    lm_status st;

    if (open_service(h, name, SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    st = query_status(h, s, out); /* sets only the status fields, and only on success */
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

/* Dependencies as the SCM persists them: the DependOnService value of every key under Services. The
 * backend falls back to this where the SCM API answers with nothing: Wine's EnumDependentServicesW is a
 * stub that returns no services, and its QueryServiceConfigW leaves lpDependencies empty. On Windows the
 * two sources agree; the fallback costs one scan of the Services key per DEPMAP_TTL_MS when a service has
 * none. */

static void depmap_free(struct depmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        free(m->deps[i]);
    }
    free(m->names);
    free(m->deps);
    memset(m, 0, sizeof *m);
}

/* The DependOnService list of services\name, or NULL when it has none. */
static wchar_t *depend_on_service(HKEY services, const wchar_t *name)
{
    DWORD size = 0;
    wchar_t *v;

    if (RegGetValueW(services, name, L"DependOnService", RRF_RT_REG_MULTI_SZ, NULL, NULL, &size) !=
            ERROR_SUCCESS ||
        size == 0)
        return NULL;
    v = calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t)); /* two more NULs: always terminated */
    if (v != NULL && RegGetValueW(services, name, L"DependOnService", RRF_RT_REG_MULTI_SZ, NULL, v, &size) !=
                         ERROR_SUCCESS) {
        free(v);
        v = NULL;
    }
    return v;
}

static lm_status depmap_load(struct lm_host *h, struct depmap *m)
{
    DWORD nkeys = 0, max_name = 0;
    wchar_t *name = NULL;
    HKEY root = NULL, services;
    LONG rc;
    lm_status st = LM_OK;

    memset(m, 0, sizeof *m);
    if (hklm(h, &root) != LM_OK)
        return h->err.status;
    rc = RegOpenKeyExW(root, L"SYSTEM\\CurrentControlSet\\Services", 0, KEY_READ, &services);
    if (rc != ERROR_SUCCESS)
        return fail(h, (DWORD)rc, "cannot open the services key");
    rc = RegQueryInfoKeyW(services, NULL, NULL, NULL, &nkeys, &max_name, NULL, NULL, NULL, NULL, NULL, NULL);
    if (rc == ERROR_SUCCESS) {
        m->names = calloc(nkeys + 1, sizeof *m->names);
        m->deps = calloc(nkeys + 1, sizeof *m->deps);
        name = malloc((max_name + 1) * sizeof *name);
        if (m->names == NULL || m->deps == NULL || name == NULL)
            st = no_memory(h);
    } else {
        st = fail(h, (DWORD)rc, "cannot list the services key");
    }
    for (DWORD i = 0; st == LM_OK && i < nkeys; i++) {
        DWORD len = max_name + 1;

        if (RegEnumKeyExW(services, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        name[len] = L'\0';
        m->deps[m->n] = depend_on_service(services, name);
        if (m->deps[m->n] == NULL)
            continue;
        m->names[m->n] = _wcsdup(name);
        if (m->names[m->n++] == NULL)
            st = no_memory(h);
    }
    free(name);
    RegCloseKey(services);
    if (st != LM_OK)
        depmap_free(m);
    return st;
}

static bool lists(const wchar_t *multi, const wchar_t *name)
{
    for (const wchar_t *q = multi; q != NULL && *q != L'\0'; q += wcslen(q) + 1) {
        if (_wcsicmp(q, name) == 0)
            return true;
    }
    return false;
}

/* Depth first: a service's own dependents come before it, so order[] is an order to stop them in. */
static void depmap_walk(const struct depmap *m, const wchar_t *name, bool *seen, size_t *order, size_t *n)
{
    for (size_t i = 0; i < m->n; i++) {
        if (!seen[i] && lists(m->deps[i], name)) {
            seen[i] = true;
            depmap_walk(m, m->names[i], seen, order, n);
            order[(*n)++] = i;
        }
    }
}

/* The services that depend on name, directly or not, in stop order; only those not stopped with
 * active_only. */
static lm_status registry_dependents(struct lm_host *h, const char *name, bool active_only, char ***out,
                                     size_t *count)
{
    struct w32 *w = W(h);
    wchar_t *wn = wide(name);
    bool *seen = NULL;
    size_t *order = NULL, n = 0, k = 0;
    char **names = NULL;
    lm_status st = LM_OK;

    if (wn == NULL)
        return no_memory(h);
    if (w->deps_at == 0 || GetTickCount64() - w->deps_at > DEPMAP_TTL_MS) {
        depmap_free(&w->deps);
        w->deps_at = 0;
        st = depmap_load(h, &w->deps);
        if (st == LM_OK)
            w->deps_at = GetTickCount64();
    }
    if (st == LM_OK) {
        seen = calloc(w->deps.n + 1, sizeof *seen);
        order = calloc(w->deps.n + 1, sizeof *order);
        names = calloc(w->deps.n + 1, sizeof *names);
        if (seen == NULL || order == NULL || names == NULL)
            st = no_memory(h);
        else
            depmap_walk(&w->deps, wn, seen, order, &n);
    }
    for (size_t i = 0; st == LM_OK && i < n; i++) {
        char *dn = narrow(w->deps.names[order[i]]);
        lm_service s = {0};
        SC_HANDLE sh;

        if (dn == NULL) {
            st = no_memory(h);
            break;
        }
        /* Only keys the SCM knows as services; with active_only, only those not stopped. */
        if (open_service(h, dn, SERVICE_QUERY_STATUS, &sh) != LM_OK) {
            lm_error_clear(&h->err);
            free(dn);
            continue;
        }
        if (active_only && (query_status(h, sh, &s) != LM_OK || s.status == LM_SERVICE_STOPPED)) {
            lm_error_clear(&h->err);
            free(dn);
        } else {
            names[k++] = dn;
        }
        CloseServiceHandle(sh);
    }
    free(wn);
    free(seen);
    free(order);
    if (st != LM_OK) {
        lm_reg_subkeys_free(names, k);
        return st;
    }
    *out = names;
    *count = k;
    return LM_OK;
}

/* EnumDependentServicesW (SERVICE_ACTIVE or SERVICE_STATE_ALL), which answers in stop order; the registry
 * when it answers with nothing (see struct depmap). */
static lm_status dependents(struct lm_host *h, SC_HANDLE s, const char *name, DWORD state, char ***out,
                            size_t *n)
{
    BYTE *buf = NULL;
    DWORD count = 0, e = query(s, Q_DEPENDENTS, state, &buf, &count);
    const ENUM_SERVICE_STATUSW *v = (const ENUM_SERVICE_STATUSW *)buf;
    char **names;

    if (e != ERROR_SUCCESS && e != ERROR_CALL_NOT_IMPLEMENTED)
        return fail(h, e, "cannot list the services that depend on it");
    if (e != ERROR_SUCCESS || count == 0) {
        free(buf);
        return registry_dependents(h, name, state == SERVICE_ACTIVE, out, n);
    }
    names = calloc(count + 1, sizeof *names);
    for (DWORD i = 0; names != NULL && i < count; i++) {
        names[i] = narrow(v[i].lpServiceName);
        if (names[i] == NULL) {
            lm_reg_subkeys_free(names, i); /* frees any array of names */
            names = NULL;
        }
    }
    free(buf);
    if (names == NULL)
        return no_memory(h);
    *out = names;
    *n = count;
    return LM_OK;
}

/* ServicesDependedOn: lpDependencies, or the registry's DependOnService where the SCM leaves it empty. */
static lm_status depends_on(struct lm_host *h, const char *name, const wchar_t *deps, char ***out, size_t *n)
{
    wchar_t *wn, *reg = NULL;
    HKEY root = NULL, services;
    lm_status st;

    if (deps != NULL && deps[0] != L'\0')
        return narrow_list(deps, true, out, n) == LM_OK ? LM_OK : no_memory(h);
    wn = wide(name);
    if (wn != NULL && hklm(h, &root) == LM_OK &&
        RegOpenKeyExW(root, L"SYSTEM\\CurrentControlSet\\Services", 0, KEY_READ, &services) ==
            ERROR_SUCCESS) {
        reg = depend_on_service(services, wn);
        RegCloseKey(services);
    }
    lm_error_clear(&h->err);
    free(wn);
    st = narrow_list(reg, true, out, n);
    free(reg);
    return st == LM_OK ? LM_OK : no_memory(h);
}

static lm_status svc_config(struct lm_host *h, const char *name, lm_service *out)
{
    lm_service c = {0};
    BYTE *buf = NULL;
    SC_HANDLE s;
    DWORD e, unused;
    lm_status st = LM_OK;

    if (open_service(h, name, SERVICE_QUERY_CONFIG | SERVICE_ENUMERATE_DEPENDENTS, &s) != LM_OK)
        return h->err.status;
    e = query(s, Q_CONFIG, 0, &buf, &unused);
    if (e != ERROR_SUCCESS) {
        st = record(h, e, NULL);
    } else {
        const QUERY_SERVICE_CONFIGW *q = (const QUERY_SERVICE_CONFIGW *)buf;

        c.display_name = narrow(q->lpDisplayName);
        c.start_type = (lm_start_type)q->dwStartType;
        c.service_type = q->dwServiceType;
        c.binary_path = narrow(q->lpBinaryPathName);
        c.start_name = narrow(q->lpServiceStartName);
        st = depends_on(h, name, q->lpDependencies, &c.depends_on, &c.ndepends_on);
        free(buf);
    }
    if (st == LM_OK && query(s, Q_CONFIG2, SERVICE_CONFIG_DESCRIPTION, &buf, &unused) == ERROR_SUCCESS) {
        const SERVICE_DESCRIPTIONW *d = (const SERVICE_DESCRIPTIONW *)buf;

        if (d->lpDescription != NULL && d->lpDescription[0] != L'\0')
            c.description = narrow(d->lpDescription);
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

static lm_status svc_start(struct lm_host *h, const char *name)
{
    SC_HANDLE s;
    DWORD e = ERROR_SUCCESS;

    if (open_service(h, name, SERVICE_START | SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    if (!StartServiceW(s, 0, NULL))
        e = GetLastError();
    CloseServiceHandle(s);
    if (e != ERROR_SUCCESS)
        return record(h, e, NULL);
    return LM_OK;
}

static lm_status svc_control(struct lm_host *h, const char *name, uint32_t code)
{
    DWORD access = code == LM__SVC_CONTROL_STOP ? SERVICE_STOP : SERVICE_PAUSE_CONTINUE;
    SERVICE_STATUS ss;
    SC_HANDLE s;
    DWORD e = ERROR_SUCCESS;

    if (open_service(h, name, access | SERVICE_QUERY_STATUS, &s) != LM_OK)
        return h->err.status;
    if (!ControlService(s, code, &ss))
        e = GetLastError();
    CloseServiceHandle(s);
    if (e != ERROR_SUCCESS)
        return record(h, e, NULL);
    return LM_OK;
}

static lm_status svc_active_dependents(struct lm_host *h, const char *name, char ***out, size_t *n)
{
    SC_HANDLE s;
    lm_status st;

    if (open_service(h, name, SERVICE_ENUMERATE_DEPENDENTS, &s) != LM_OK)
        return h->err.status;
    st = dependents(h, s, name, SERVICE_ACTIVE, out, n);
    CloseServiceHandle(s);
    return st;
}

static lm_status svc_set_start_type(struct lm_host *h, const char *name, lm_start_type type)
{
    bool delayed = type == LM_START_AUTOMATIC_DELAYED;
    DWORD start = delayed ? SERVICE_AUTO_START : (DWORD)type, e = ERROR_SUCCESS;
    SERVICE_DELAYED_AUTO_START_INFO info = {delayed};
    SC_HANDLE s;

    if (open_service(h, name, SERVICE_CHANGE_CONFIG | SERVICE_QUERY_CONFIG, &s) != LM_OK)
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
        return record(h, e, NULL);
    return LM_OK;
}

/* -- registry -- */

static lm_status open_key(struct lm_host *h, const char *key, REGSAM access, HKEY *out)
{
    wchar_t *path;
    LONG rc;
    HKEY root = NULL;

    if (hklm(h, &root) != LM_OK)
        return h->err.status;
    {
        size_t n = strlen(LM_SERVICES_ROOT) + 1 + strlen(key) + 1;
        char *full = malloc(n);

        if (full == NULL)
            return no_memory(h);
        snprintf(full, n, "%s\\%s", LM_SERVICES_ROOT, key);
        path = wide(full);
        free(full);
    }
    if (path == NULL)
        return lm_error_set(&h->err, LM_EILSEQ, LM_RAW_NONE, 0, "registry key is not valid UTF-8");
    rc = RegOpenKeyExW(root, path, 0, access, out);
    free(path);
    if (rc != ERROR_SUCCESS)
        return fail(h, (DWORD)rc, "cannot open registry key %s", key);
    return LM_OK;
}

static lm_status reg_list(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n)
{
    DWORD nvalues = 0, max_name = 0, max_data = 0;
    lm_reg_value *v = NULL;
    wchar_t *name = NULL;
    BYTE *data = NULL;
    size_t count = 0;
    lm_status st = LM_OK;
    HKEY k;
    LONG rc;

    if (open_key(h, key, KEY_QUERY_VALUE, &k) != LM_OK)
        return h->err.status;
    rc = RegQueryInfoKeyW(k, NULL, NULL, NULL, NULL, NULL, NULL, &nvalues, &max_name, &max_data, NULL, NULL);
    if (rc != ERROR_SUCCESS) {
        RegCloseKey(k);
        return fail(h, (DWORD)rc, "registry key %s", key);
    }
    v = calloc(nvalues + 1, sizeof *v);
    name = malloc((max_name + 1) * sizeof *name);
    data = malloc(max_data + 2);
    if (v == NULL || name == NULL || data == NULL)
        st = no_memory(h);
    for (DWORD i = 0; st == LM_OK && i < nvalues; i++) {
        DWORD nlen = max_name + 1, dlen = max_data, type;

        rc = RegEnumValueW(k, i, name, &nlen, NULL, &type, data, &dlen);
        if (rc == ERROR_NO_MORE_ITEMS)
            break; /* a value was deleted meanwhile */
        if (rc != ERROR_SUCCESS) {
            /* ERROR_MORE_DATA: a value grew meanwhile; the caller may simply retry. */
            st = fail(h, (DWORD)rc, "cannot list the values of %s", key);
            break;
        }
        name[nlen] = L'\0';
        v[count].name = narrow(name);
        v[count].type = (lm_reg_type)type;
        v[count].data = malloc(dlen + 1);
        v[count].len = dlen;
        if (v[count].name == NULL || v[count].data == NULL) {
            count++;
            st = no_memory(h);
            break;
        }
        memcpy(v[count++].data, data, dlen);
    }
    RegCloseKey(k);
    free(name);
    free(data);
    if (st != LM_OK) {
        lm_reg_list_free(v, count);
        return st;
    }
    *out = v;
    *n = count;
    return LM_OK;
}

static lm_status reg_get(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    wchar_t *wn = wide(name);
    lm_reg_value *v = calloc(1, sizeof *v);
    DWORD type = 0, len = 0;
    lm_status st = LM_OK;
    HKEY k = NULL;
    LONG rc = ERROR_SUCCESS;

    if (wn == NULL || v == NULL)
        st = no_memory(h);
    else
        st = open_key(h, key, KEY_QUERY_VALUE, &k);
    for (int round = 0; st == LM_OK && round < 4; round++) {
        rc = RegQueryValueExW(k, wn, NULL, &type, NULL, &len);
        if (rc == ERROR_SUCCESS) {
            free(v->data);
            v->data = malloc(len + 1);
            if (v->data == NULL) {
                st = no_memory(h);
                break;
            }
            rc = RegQueryValueExW(k, wn, NULL, &type, v->data, &len);
        }
        if (rc == ERROR_MORE_DATA)
            continue; /* it grew between the two calls */
        break;
    }
    if (st == LM_OK && rc != ERROR_SUCCESS)
        st = fail(h, (DWORD)rc, "cannot read registry value %s in %s", name, key);
    if (k != NULL)
        RegCloseKey(k);
    free(wn);
    if (st == LM_OK && (v->name = strdup(name)) == NULL)
        st = no_memory(h);
    if (st != LM_OK) {
        lm_reg_list_free(v, v != NULL ? 1 : 0);
        return st;
    }
    v->type = (lm_reg_type)type;
    v->len = len;
    *out = v;
    return LM_OK;
}

static lm_status reg_set(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                         const void *data, size_t len)
{
    wchar_t *wn = wide(name);
    HKEY k;
    LONG rc;

    if (wn == NULL)
        return no_memory(h);
    if (open_key(h, key, KEY_SET_VALUE, &k) != LM_OK) {
        free(wn);
        return h->err.status;
    }
    rc = RegSetValueExW(k, wn, 0, (DWORD)type, data, (DWORD)len);
    RegCloseKey(k);
    free(wn);
    if (rc != ERROR_SUCCESS)
        return fail(h, (DWORD)rc, "cannot set registry value %s in %s", name, key);
    return LM_OK;
}

static lm_status reg_delete(struct lm_host *h, const char *key, const char *name)
{
    wchar_t *wn = wide(name);
    HKEY k;
    LONG rc;

    if (wn == NULL)
        return no_memory(h);
    if (open_key(h, key, KEY_SET_VALUE, &k) != LM_OK) {
        free(wn);
        return h->err.status;
    }
    rc = RegDeleteValueW(k, wn);
    RegCloseKey(k);
    free(wn);
    if (rc != ERROR_SUCCESS)
        return fail(h, (DWORD)rc, "cannot delete registry value %s in %s", name, key);
    return LM_OK;
}

static lm_status reg_subkeys(struct lm_host *h, const char *key, char ***out, size_t *n)
{
    DWORD nkeys = 0, max_name = 0;
    char **names = NULL;
    wchar_t *name = NULL;
    size_t count = 0;
    lm_status st = LM_OK;
    HKEY k;
    LONG rc;

    if (open_key(h, key, KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE, &k) != LM_OK)
        return h->err.status;
    rc = RegQueryInfoKeyW(k, NULL, NULL, NULL, &nkeys, &max_name, NULL, NULL, NULL, NULL, NULL, NULL);
    if (rc != ERROR_SUCCESS) {
        RegCloseKey(k);
        return fail(h, (DWORD)rc, "registry key %s", key);
    }
    names = calloc(nkeys + 1, sizeof *names);
    name = malloc((max_name + 1) * sizeof *name);
    if (names == NULL || name == NULL)
        st = no_memory(h);
    for (DWORD i = 0; st == LM_OK && i < nkeys; i++) {
        DWORD nlen = max_name + 1;

        rc = RegEnumKeyExW(k, i, name, &nlen, NULL, NULL, NULL, NULL);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS) {
            st = fail(h, (DWORD)rc, "cannot list the subkeys of %s", key);
            break;
        }
        name[nlen] = L'\0';
        if ((names[count++] = narrow(name)) == NULL)
            st = no_memory(h);
    }
    RegCloseKey(k);
    free(name);
    if (st != LM_OK) {
        lm_reg_subkeys_free(names, count);
        return st;
    }
    *out = names;
    *n = count;
    return LM_OK;
}

/* -- shares -- */

/* One SHARE_INFO_502/2/1 to an lm_share. The 502 security descriptor becomes SDDL through core/sddl.h, the
 * same converter the remote backend uses, so both print the same text. */
static lm_status share_from(struct lm_host *h, int level, const BYTE *p, lm_share *out)
{
    const wchar_t *name, *remark, *path = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    lm_share s = {0};
    lm_status st = LM_OK;

    if (level == 1) {
        const SHARE_INFO_1 *i = (const SHARE_INFO_1 *)p;

        name = i->shi1_netname;
        remark = i->shi1_remark;
        s.type = i->shi1_type;
    } else {
        /* SHARE_INFO_502 begins with the SHARE_INFO_2 fields. */
        const SHARE_INFO_2 *i = (const SHARE_INFO_2 *)p;

        name = i->shi2_netname;
        remark = i->shi2_remark;
        path = i->shi2_path;
        s.type = i->shi2_type;
        s.max_uses = i->shi2_max_uses;
        s.current_uses = i->shi2_current_uses;
        if (level == 502)
            sd = ((const SHARE_INFO_502 *)p)->shi502_security_descriptor;
    }
    s.name = narrow(name);
    s.remark = narrow(remark != NULL ? remark : L"");
    s.path = path != NULL ? narrow(path) : NULL;
    s.level = level;
    if (s.name == NULL || s.remark == NULL || (path != NULL && s.path == NULL))
        st = no_memory(h);
    if (st == LM_OK && sd != NULL && IsValidSecurityDescriptor(sd))
        st = lm__sd_to_sddl(sd, GetSecurityDescriptorLength(sd), &s.sddl, &h->err);
    if (st != LM_OK) {
        lm__share_clear(&s);
        return st;
    }
    *out = s;
    return LM_OK;
}

static size_t info_size(int level)
{
    return level == 502 ? sizeof(SHARE_INFO_502) : level == 2 ? sizeof(SHARE_INFO_2) : sizeof(SHARE_INFO_1);
}

/* Pages of about this many bytes (NetShareEnum's prefmaxlen), not MAX_PREFERRED_LENGTH: memory stays at one
 * page whatever the number of shares. */
#define SHARE_PAGE_BYTES (64u * 1024u)

static lm_status share_enum(struct lm_host *h, int level, lm__share_fn fn, void *ctx)
{
    DWORD resume = 0;
    lm_status st = LM_OK;

    for (;;) {
        BYTE *buf = NULL;
        DWORD read = 0, total = 0;
        NET_API_STATUS rc =
            NetShareEnum(W(h)->server, (DWORD)level, &buf, SHARE_PAGE_BYTES, &read, &total, &resume);

        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            if (buf != NULL)
                NetApiBufferFree(buf);
            st = fail(h, rc, "NetShareEnum level %d", level);
            break;
        }
        for (DWORD i = 0; st == LM_OK && i < read; i++) {
            const BYTE *p = buf + i * info_size(level);
            PSECURITY_DESCRIPTOR sd =
                level == 502 ? ((const SHARE_INFO_502 *)p)->shi502_security_descriptor : NULL;
            lm_share s;

            if (sd != NULL && !IsValidSecurityDescriptor(sd))
                sd = NULL;
            if ((st = share_from(h, level, p, &s)) == LM_OK) {
                st = fn(ctx, &s, sd, sd != NULL ? GetSecurityDescriptorLength(sd) : 0);
                lm__share_clear(&s);
            }
        }
        NetApiBufferFree(buf);
        if (st != LM_OK || rc == NERR_Success || read == 0)
            break;
    }
    return st;
}

/* NetServerGetInfo level 101: the name, and the platform and version the server reports. */
static lm_status server_info(struct lm_host *h, struct lm__host_info *out)
{
    SERVER_INFO_101 *i = NULL;
    NET_API_STATUS rc = NetServerGetInfo(W(h)->server, 101, (BYTE **)&i);
    char *name;

    if (rc != NERR_Success) {
        if (i != NULL)
            NetApiBufferFree(i);
        return fail(h, rc, "NetServerGetInfo");
    }
    name = narrow(i->sv101_name);
    snprintf(out->name, sizeof out->name, "%s", name != NULL ? name : "");
    free(name);
    if (i->sv101_platform_id == PLATFORM_ID_NT)
        snprintf(out->os, sizeof out->os, "Windows NT");
    else
        snprintf(out->os, sizeof out->os, "platform %lu", (unsigned long)i->sv101_platform_id);
    snprintf(out->os_version, sizeof out->os_version, "%lu.%lu",
             (unsigned long)(i->sv101_version_major & MAJOR_VERSION_MASK),
             (unsigned long)i->sv101_version_minor);
    NetApiBufferFree(i);
    return LM_OK;
}

static lm_status share_get(struct lm_host *h, const char *name, int level, lm_share **out)
{
    wchar_t *wn = wide(name);
    lm_share *s = calloc(1, sizeof *s);
    BYTE *buf = NULL;
    NET_API_STATUS rc;
    lm_status st;

    if (wn == NULL || s == NULL) {
        free(wn);
        free(s);
        return no_memory(h);
    }
    rc = NetShareGetInfo(W(h)->server, wn, (DWORD)level, &buf);
    free(wn);
    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        free(s);
        return fail(h, rc, "share %s", name);
    }
    st = share_from(h, level, buf, s);
    NetApiBufferFree(buf);
    if (st != LM_OK) {
        free(s);
        return st;
    }
    *out = s;
    return LM_OK;
}

static lm_status share_add(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd, size_t sdlen)
{
    SHARE_INFO_502 i = {0};
    wchar_t *name = wide(spec->name), *path = wide(spec->path), *remark = wide(spec->remark);
    DWORD parm_err = 0;
    NET_API_STATUS rc = ERROR_NOT_ENOUGH_MEMORY;

    (void)sdlen;
    if (name != NULL && path != NULL && remark != NULL) {
        i.shi502_netname = name;
        i.shi502_type = STYPE_DISKTREE;
        i.shi502_remark = remark;
        i.shi502_max_uses = spec->max_uses;
        i.shi502_path = path;
        i.shi502_security_descriptor = (PSECURITY_DESCRIPTOR)sd;
        rc = NetShareAdd(W(h)->server, 502, (BYTE *)&i, &parm_err);
    }
    free(name);
    free(path);
    free(remark);
    if (rc != NERR_Success)
        return fail(h, rc, "NetShareAdd");
    return LM_OK;
}

static lm_status share_del(struct lm_host *h, const char *name)
{
    wchar_t *wn = wide(name);
    NET_API_STATUS rc;

    if (wn == NULL)
        return no_memory(h);
    rc = NetShareDel(W(h)->server, wn, 0);
    free(wn);
    if (rc != NERR_Success)
        return fail(h, rc, "NetShareDel");
    return LM_OK;
}

/* The remark through level 1004 and the user limit through level 1006, each alone, so that nothing else
 * of the share is rewritten. */
static lm_status share_set(struct lm_host *h, const char *name, const char *remark, const uint32_t *max_uses)
{
    wchar_t *wn = wide(name);
    NET_API_STATUS rc = NERR_Success;
    DWORD parm_err = 0;

    if (wn == NULL)
        return no_memory(h);
    if (remark != NULL) {
        SHARE_INFO_1004 i = {wide(remark)};

        rc = i.shi1004_remark != NULL ? NetShareSetInfo(W(h)->server, wn, 1004, (BYTE *)&i, &parm_err)
                                      : ERROR_NOT_ENOUGH_MEMORY;
        free(i.shi1004_remark);
    }
    if (rc == NERR_Success && max_uses != NULL) {
        SHARE_INFO_1006 i = {*max_uses};

        rc = NetShareSetInfo(W(h)->server, wn, 1006, (BYTE *)&i, &parm_err);
    }
    free(wn);
    if (rc != NERR_Success)
        return fail(h, rc, "NetShareSetInfo");
    return LM_OK;
}

static lm_status share_get_sd(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen)
{
    wchar_t *wn = wide(name);
    SHARE_INFO_502 *i = NULL;
    NET_API_STATUS rc;
    DWORD len;

    if (wn == NULL)
        return no_memory(h);
    rc = NetShareGetInfo(W(h)->server, wn, 502, (BYTE **)&i);
    free(wn);
    if (rc != NERR_Success) {
        if (i != NULL)
            NetApiBufferFree(i);
        return fail(h, rc, "share %s", name);
    }
    *sd = NULL;
    *sdlen = 0;
    if (i->shi502_security_descriptor != NULL && IsValidSecurityDescriptor(i->shi502_security_descriptor)) {
        len = GetSecurityDescriptorLength(i->shi502_security_descriptor);
        if ((*sd = malloc(len)) == NULL) {
            NetApiBufferFree(i);
            return no_memory(h);
        }
        memcpy(*sd, i->shi502_security_descriptor, len);
        *sdlen = len;
    }
    NetApiBufferFree(i);
    return LM_OK;
}

/* Level 1501: the descriptor alone, so that nothing else of the share is rewritten. */
static lm_status share_set_sd(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen)
{
    wchar_t *wn = wide(name);
    SHARE_INFO_1501 i = {0};
    DWORD parm_err = 0;
    NET_API_STATUS rc;

    (void)sdlen;
    if (wn == NULL)
        return no_memory(h);
    i.shi1501_security_descriptor = (PSECURITY_DESCRIPTOR)sd;
    rc = NetShareSetInfo(W(h)->server, wn, 1501, (BYTE *)&i, &parm_err);
    free(wn);
    if (rc != NERR_Success)
        return fail(h, rc, "NetShareSetInfo");
    return LM_OK;
}

static lm_status lookup_sid(struct lm_host *h, const char *account, uint8_t *sid, size_t *len)
{
    wchar_t *wa = wide(account), domain[256];
    DWORD sidlen = (DWORD)*len, domlen = sizeof domain / sizeof domain[0], e = ERROR_SUCCESS;
    SID_NAME_USE use;

    if (wa == NULL)
        return no_memory(h);
    if (!LookupAccountNameW(W(h)->server, wa, sid, &sidlen, domain, &domlen, &use))
        e = GetLastError();
    free(wa);
    if (e != ERROR_SUCCESS)
        return fail(h, e, "account %s", account);
    *len = sidlen;
    return LM_OK;
}

/* -- the backend -- */

static void w32_close(struct lm_host *h)
{
    struct w32 *w = W(h);

    if (w == NULL)
        return;
    if (w->scm != NULL)
        CloseServiceHandle(w->scm);
    if (w->hklm != NULL)
        RegCloseKey(w->hklm);
    depmap_free(&w->deps);
    free(w->server);
    free(w);
    h->impl = NULL;
}

static const struct lm__host_ops win32_ops = {
    .name = "win32",
    .close = w32_close,
    .svc_enum = svc_enum,
    .svc_status = svc_status,
    .svc_config = svc_config,
    .svc_start = svc_start,
    .svc_control = svc_control,
    .svc_active_dependents = svc_active_dependents,
    .svc_set_start_type = svc_set_start_type,
    .reg_list = reg_list,
    .reg_get = reg_get,
    .reg_set = reg_set,
    .reg_delete = reg_delete,
    .reg_subkeys = reg_subkeys,
    .share_enum = share_enum,
    .server_info = server_info,
    .share_get = share_get,
    .share_add = share_add,
    .share_del = share_del,
    .share_set = share_set,
    .share_get_sd = share_get_sd,
    .share_set_sd = share_set_sd,
    .lookup_sid = lookup_sid,
};

lm_status lm__host_local_open(struct lm_host *h, const lm_host_options *opt)
{
    struct w32 *w = calloc(1, sizeof *w);

    if (w == NULL)
        return no_memory(h);
    if (opt->server != NULL && opt->server[0] != '\0') {
        const char *s = opt->server;
        size_t n;
        char *unc;

        while (*s == '\\' || *s == '/')
            s++;
        n = strlen(s) + 3;
        unc = malloc(n);
        if (unc != NULL) {
            snprintf(unc, n, "\\\\%s", s);
            w->server = wide(unc);
            free(unc);
        }
        if (w->server == NULL) {
            free(w);
            return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "invalid server name '%s'", opt->server);
        }
    }
    h->impl = w;
    h->ops = &win32_ops;
    return LM_OK;
}
