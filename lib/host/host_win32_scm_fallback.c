/* The Win32 backend's fallback for Wine's SCM: service dependencies as the SCM persists them, the
 * DependOnService value of every key under Services. The backend falls back to this where the SCM API
 * answers with nothing: Wine's EnumDependentServicesW is a stub that returns no services, and its
 * QueryServiceConfigW leaves lpDependencies empty. On Windows the two sources agree; the fallback costs one
 * scan of the Services key per DEPMAP_TTL_MS when a service has none. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "host/host_win32.h"

/* How long a loaded depmap is reused: a `service list *` with details asks for the dependents of every
 * service, and one scan of the Services key serves them all. */
#define DEPMAP_TTL_MS 2000

void lm__w32_depmap_free(struct lm__w32_depmap *m)
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

static lm_status depmap_load(struct lm_host *h, struct lm__w32_depmap *m)
{
    DWORD nkeys = 0, max_name = 0;
    wchar_t *name = NULL;
    HKEY root = NULL, services;
    LONG rc;
    lm_status st = LM_OK;

    memset(m, 0, sizeof *m);
    if (lm__w32_hklm(h, &root) != LM_OK)
        return h->err.status;
    rc = RegOpenKeyExW(root, L"SYSTEM\\CurrentControlSet\\Services", 0, KEY_READ, &services);
    if (rc != ERROR_SUCCESS)
        return lm__w32_fail(h, (DWORD)rc, "cannot open the services key");
    rc = RegQueryInfoKeyW(services, NULL, NULL, NULL, &nkeys, &max_name, NULL, NULL, NULL, NULL, NULL, NULL);
    if (rc == ERROR_SUCCESS) {
        m->names = calloc(nkeys + 1, sizeof *m->names);
        m->deps = calloc(nkeys + 1, sizeof *m->deps);
        name = malloc((max_name + 1) * sizeof *name);
        if (m->names == NULL || m->deps == NULL || name == NULL)
            st = lm__w32_no_memory(h);
    } else {
        st = lm__w32_fail(h, (DWORD)rc, "cannot list the services key");
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
            st = lm__w32_no_memory(h);
    }
    free(name);
    RegCloseKey(services);
    if (st != LM_OK)
        lm__w32_depmap_free(m);
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
static void depmap_walk(const struct lm__w32_depmap *m, const wchar_t *name, bool *seen, size_t *order,
                        size_t *n)
{
    for (size_t i = 0; i < m->n; i++) {
        if (!seen[i] && lists(m->deps[i], name)) {
            seen[i] = true;
            depmap_walk(m, m->names[i], seen, order, n);
            order[(*n)++] = i;
        }
    }
}

lm_status lm__w32_fallback_dependents(struct lm_host *h, const char *name, bool active_only, char ***out,
                                      size_t *count)
{
    struct lm__w32 *w = lm__w32(h);
    wchar_t *wn = lm__wide(name);
    bool *seen = NULL;
    size_t *order = NULL, n = 0, k = 0;
    char **names = NULL;
    lm_status st = LM_OK;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    if (w->deps_at == 0 || GetTickCount64() - w->deps_at > DEPMAP_TTL_MS) {
        lm__w32_depmap_free(&w->deps);
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
            st = lm__w32_no_memory(h);
        else
            depmap_walk(&w->deps, wn, seen, order, &n);
    }
    for (size_t i = 0; st == LM_OK && i < n; i++) {
        char *dn = lm__narrow(w->deps.names[order[i]]);
        lm_service s = {0};
        SC_HANDLE sh;

        if (dn == NULL) {
            st = lm__w32_no_memory(h);
            break;
        }
        /* Only keys the SCM knows as services; with active_only, only those not stopped. */
        if (lm__w32_open_service(h, dn, SERVICE_QUERY_STATUS, &sh) != LM_OK) {
            lm_error_clear(&h->err);
            free(dn);
            continue;
        }
        if (active_only && (lm__w32_query_status(h, sh, &s) != LM_OK || s.status == LM_SERVICE_STOPPED)) {
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

/* The registry's DependOnService of name, for ServicesDependedOn where QueryServiceConfigW leaves
 * lpDependencies empty. */
lm_status lm__w32_fallback_depends_on(struct lm_host *h, const char *name, char ***out, size_t *n)
{
    wchar_t *wn, *reg = NULL;
    HKEY root = NULL, services;
    lm_status st;

    wn = lm__wide(name);
    if (wn != NULL && lm__w32_hklm(h, &root) == LM_OK &&
        RegOpenKeyExW(root, L"SYSTEM\\CurrentControlSet\\Services", 0, KEY_READ, &services) ==
            ERROR_SUCCESS) {
        reg = depend_on_service(services, wn);
        RegCloseKey(services);
    }
    lm_error_clear(&h->err);
    free(wn);
    st = lm__w32_narrow_list(reg, true, out, n);
    free(reg);
    return st == LM_OK ? LM_OK : lm__w32_no_memory(h);
}
