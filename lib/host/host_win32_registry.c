/* The Win32 backend's registry: Reg*W calls under HKEY_LOCAL_MACHINE of the target (RegConnectRegistryW),
 * below LM_SERVICES_ROOT. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_win32.h"

/* HKEY_LOCAL_MACHINE of the target: RegConnectRegistryW gives the local one for a NULL server. */
lm_status lm__w32_hklm(struct lm_host *h, HKEY *out)
{
    struct lm__w32 *w = lm__w32(h);

    if (w->hklm == NULL) {
        LONG rc = RegConnectRegistryW(w->server, HKEY_LOCAL_MACHINE, &w->hklm);

        if (rc != ERROR_SUCCESS)
            return lm__w32_fail(h, (DWORD)rc, "cannot connect to the registry");
    }
    *out = w->hklm;
    return LM_OK;
}
/* key below root (LM_SERVICES_ROOT, or SYSTEM\CurrentControlSet for lm__w32_reg_get_system's reads). */
static lm_status open_key_under(struct lm_host *h, const char *root_path, const char *key, REGSAM access,
                                HKEY *out)
{
    wchar_t *path;
    LONG rc;
    HKEY root = NULL;

    if (lm__w32_hklm(h, &root) != LM_OK)
        return h->err.status;
    {
        size_t n = strlen(root_path) + 1 + strlen(key) + 1;
        char *full = malloc(n);

        if (full == NULL)
            return lm__w32_no_memory(h);
        snprintf(full, n, "%s\\%s", root_path, key);
        path = lm__wide(full);
        free(full);
    }
    if (path == NULL)
        return lm_error_set(&h->err, LM_EILSEQ, LM_RAW_NONE, 0, "registry key is not valid UTF-8");
    rc = RegOpenKeyExW(root, path, 0, access, out);
    free(path);
    if (rc != ERROR_SUCCESS)
        return lm__w32_fail(h, (DWORD)rc, "cannot open registry key %s", key);
    return LM_OK;
}

static lm_status open_key(struct lm_host *h, const char *key, REGSAM access, HKEY *out)
{
    return open_key_under(h, LM_SERVICES_ROOT, key, access, out);
}

lm_status lm__w32_reg_list(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n)
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
        return lm__w32_fail(h, (DWORD)rc, "registry key %s", key);
    }
    v = calloc(nvalues + 1, sizeof *v);
    name = malloc((max_name + 1) * sizeof *name);
    data = malloc(max_data + 2);
    if (v == NULL || name == NULL || data == NULL)
        st = lm__w32_no_memory(h);
    for (DWORD i = 0; st == LM_OK && i < nvalues; i++) {
        DWORD nlen = max_name + 1, dlen = max_data, type;

        rc = RegEnumValueW(k, i, name, &nlen, NULL, &type, data, &dlen);
        if (rc == ERROR_NO_MORE_ITEMS)
            break; /* a value was deleted meanwhile */
        if (rc != ERROR_SUCCESS) {
            /* ERROR_MORE_DATA: a value grew meanwhile; the caller may simply retry. */
            st = lm__w32_fail(h, (DWORD)rc, "cannot list the values of %s", key);
            break;
        }
        name[nlen] = L'\0';
        v[count].name = lm__narrow(name);
        v[count].type = (lm_reg_type)type;
        v[count].data = malloc(dlen + 1);
        v[count].len = dlen;
        if (v[count].name == NULL || v[count].data == NULL) {
            count++;
            st = lm__w32_no_memory(h);
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

static lm_status reg_get_under(struct lm_host *h, const char *root_path, const char *key, const char *name,
                               lm_reg_value **out)
{
    wchar_t *wn = lm__wide(name);
    lm_reg_value *v = calloc(1, sizeof *v);
    DWORD type = 0, len = 0;
    lm_status st = LM_OK;
    HKEY k = NULL;
    LONG rc = ERROR_SUCCESS;

    if (wn == NULL || v == NULL)
        st = lm__w32_no_memory(h);
    else
        st = open_key_under(h, root_path, key, KEY_QUERY_VALUE, &k);
    for (int round = 0; st == LM_OK && round < 4; round++) {
        rc = RegQueryValueExW(k, wn, NULL, &type, NULL, &len);
        if (rc == ERROR_SUCCESS) {
            free(v->data);
            v->data = malloc(len + 1);
            if (v->data == NULL) {
                st = lm__w32_no_memory(h);
                break;
            }
            rc = RegQueryValueExW(k, wn, NULL, &type, v->data, &len);
        }
        if (rc == ERROR_MORE_DATA)
            continue; /* it grew between the two calls */
        break;
    }
    if (st == LM_OK && rc != ERROR_SUCCESS)
        st = lm__w32_fail(h, (DWORD)rc, "cannot read registry value %s in %s", name, key);
    if (k != NULL)
        RegCloseKey(k);
    free(wn);
    if (st == LM_OK && (v->name = strdup(name)) == NULL)
        st = lm__w32_no_memory(h);
    if (st != LM_OK) {
        lm_reg_list_free(v, v != NULL ? 1 : 0);
        return st;
    }
    v->type = (lm_reg_type)type;
    v->len = len;
    *out = v;
    return LM_OK;
}

lm_status lm__w32_reg_get(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    return reg_get_under(h, LM_SERVICES_ROOT, key, name, out);
}

/* KEY_QUERY_VALUE only: the read-only allow-list's keys (lm__reg_read_system). */
lm_status lm__w32_reg_get_system(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    return reg_get_under(h, "SYSTEM\\CurrentControlSet", key, name, out);
}

lm_status lm__w32_reg_set(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                          const void *data, size_t len)
{
    wchar_t *wn = lm__wide(name);
    HKEY k;
    LONG rc;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    if (open_key(h, key, KEY_SET_VALUE, &k) != LM_OK) {
        free(wn);
        return h->err.status;
    }
    rc = RegSetValueExW(k, wn, 0, (DWORD)type, data, (DWORD)len);
    RegCloseKey(k);
    free(wn);
    if (rc != ERROR_SUCCESS)
        return lm__w32_fail(h, (DWORD)rc, "cannot set registry value %s in %s", name, key);
    return LM_OK;
}

lm_status lm__w32_reg_delete(struct lm_host *h, const char *key, const char *name)
{
    wchar_t *wn = lm__wide(name);
    HKEY k;
    LONG rc;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    if (open_key(h, key, KEY_SET_VALUE, &k) != LM_OK) {
        free(wn);
        return h->err.status;
    }
    rc = RegDeleteValueW(k, wn);
    RegCloseKey(k);
    free(wn);
    if (rc != ERROR_SUCCESS)
        return lm__w32_fail(h, (DWORD)rc, "cannot delete registry value %s in %s", name, key);
    return LM_OK;
}

lm_status lm__w32_reg_subkeys(struct lm_host *h, const char *key, char ***out, size_t *n)
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
        return lm__w32_fail(h, (DWORD)rc, "registry key %s", key);
    }
    names = calloc(nkeys + 1, sizeof *names);
    name = malloc((max_name + 1) * sizeof *name);
    if (names == NULL || name == NULL)
        st = lm__w32_no_memory(h);
    for (DWORD i = 0; st == LM_OK && i < nkeys; i++) {
        DWORD nlen = max_name + 1;

        rc = RegEnumKeyExW(k, i, name, &nlen, NULL, NULL, NULL, NULL);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS) {
            st = lm__w32_fail(h, (DWORD)rc, "cannot list the subkeys of %s", key);
            break;
        }
        name[nlen] = L'\0';
        if ((names[count++] = lm__narrow(name)) == NULL)
            st = lm__w32_no_memory(h);
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
