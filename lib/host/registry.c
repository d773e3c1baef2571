/* Registry values below HKLM\SYSTEM\CurrentControlSet\Services: key validation before any call, then the
 * backend's primitives. Portable: no OS headers. */
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "core/text.h"
#include "core/utf.h"

#define KEY_PART_MAX 255 /* characters in one key name (Windows' limit) */

/* The first part of a key that names a root rather than a subkey: HKLM, HKEY_LOCAL_MACHINE, HKLM: (the
 * PowerShell drive), and the other hives. */
static bool names_a_root(const char *part, size_t n)
{
    static const char *const roots[] = {"HKLM", "HKCU", "HKCR", "HKU", "HKCC", "HKPD"};
    char buf[16];
    size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;

    if (n > 0 && part[n - 1] == ':')
        return true;
    memcpy(buf, part, k);
    buf[k] = '\0';
    if (k >= 5) {
        char c = buf[5];
        bool hkey;

        buf[5] = '\0';
        hkey = lm__ascii_casecmp(buf, "HKEY_") == 0;
        buf[5] = c;
        if (hkey)
            return true;
    }
    if (k != n)
        return false;
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        if (lm__ascii_casecmp(buf, roots[i]) == 0)
            return true;
    }
    return false;
}

/* A key must stay below the Services root: relative, no empty, "." or ".." parts, no root names, no control
 * characters, valid UTF-8. LM_EPATH with one line that says what is expected. */
static lm_status key_check(struct lm_host *h, const char *key)
{
    const char *why = NULL, *p = key;

    if (key == NULL || key[0] == '\0')
        why = "empty key";
    else if (!lm__utf8_valid(key, strlen(key)))
        why = "not valid UTF-8";
    else if (key[0] == '\\')
        why = "keys are relative, not absolute";
    for (const char *c = key; why == NULL && *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            why = "control character in the key";
    }
    while (why == NULL) {
        const char *end = strchr(p, '\\');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);

        if (n == 0)
            why = "empty key name between backslashes";
        else if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            why = "'.' and '..' are not allowed";
        else if (n > KEY_PART_MAX)
            why = "a key name is longer than 255 characters";
        else if (p == key && names_a_root(p, n))
            why = "give the key without a root";
        if (end == NULL)
            break;
        p = end + 1;
    }
    if (why == NULL)
        return LM_OK;
    return lm_error_set(&h->err, LM_EPATH, LM_RAW_NONE, 0,
                        "invalid registry key '%s': %s; keys are relative to HKLM\\" LM_SERVICES_ROOT
                        " (e.g. LanmanServer\\Parameters)",
                        key != NULL ? key : "", why);
}

static lm_status begin(struct lm_host *h, const char *key)
{
    lm_error_clear(&h->err);
    return key_check(h, key);
}

lm_status lm_reg_list(lm_host *h, const char *key, lm_reg_value **out, size_t *n)
{
    if (begin(h, key) != LM_OK)
        return h->err.status;
    return h->ops->reg_list(h, key, out, n);
}

lm_status lm_reg_get(lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    if (begin(h, key) != LM_OK)
        return h->err.status;
    return h->ops->reg_get(h, key, name != NULL ? name : "", out);
}

lm_status lm_reg_set(lm_host *h, const char *key, const char *name, lm_reg_type type, const void *data,
                     size_t len)
{
    if (begin(h, key) != LM_OK)
        return h->err.status;
    if (data == NULL && len > 0)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no data for %zu bytes", len);
    if (len > UINT32_MAX)
        return lm_error_set(&h->err, LM_ERANGE, LM_RAW_NONE, 0, "registry value too large");
    return h->ops->reg_set(h, key, name != NULL ? name : "", type, data, len);
}

lm_status lm_reg_delete(lm_host *h, const char *key, const char *name)
{
    if (begin(h, key) != LM_OK)
        return h->err.status;
    return h->ops->reg_delete(h, key, name != NULL ? name : "");
}

lm_status lm_reg_subkeys(lm_host *h, const char *key, char ***out, size_t *n)
{
    if (begin(h, key) != LM_OK)
        return h->err.status;
    return h->ops->reg_subkeys(h, key, out, n);
}

/* The keys outside Services that lanman reads, relative to HKLM\SYSTEM\CurrentControlSet, and only reads: the
 * audit's LmCompatibilityLevel and RestrictAnonymous(SAM). Nothing writes here: lm_reg_set and lm_reg_delete
 * take keys below Services only (key_check), and the backends' reg_get_system opens for reading. */
static const char *const read_only_keys[] = {"Control\\Lsa"};

lm_status lm__reg_read_system(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    const char *listed = NULL; /* the allow-list's own spelling goes to the backend */

    lm_error_clear(&h->err);
    for (size_t i = 0; key != NULL && i < sizeof read_only_keys / sizeof read_only_keys[0]; i++) {
        if (lm__ascii_casecmp(key, read_only_keys[i]) == 0)
            listed = read_only_keys[i];
    }
    if (listed == NULL)
        return lm_error_set(&h->err, LM_EPATH, LM_RAW_NONE, 0,
                            "registry key '%s' is not readable: outside HKLM\\" LM_SERVICES_ROOT
                            ", lanman reads only HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
                            key != NULL ? key : "");
    if (h->ops->reg_get_system == NULL)
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "the %s backend cannot read HKLM\\SYSTEM\\CurrentControlSet\\%s", h->ops->name,
                            key);
    return h->ops->reg_get_system(h, listed, name != NULL ? name : "", out);
}
