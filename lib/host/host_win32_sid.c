/* The Win32 backend's account lookups on the target: LookupAccountNameW for the SIDs of share permissions,
 * LookupAccountSidW for the names `share access` shows. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "host/host_win32.h"

lm_status lm__w32_lookup_sid(struct lm_host *h, const char *account, uint8_t *sid, size_t *len)
{
    wchar_t *wa = lm__wide(account), domain[256];
    DWORD sidlen = (DWORD)*len, domlen = sizeof domain / sizeof domain[0], e = ERROR_SUCCESS;
    SID_NAME_USE use;

    if (wa == NULL)
        return lm__w32_no_memory(h);
    if (!LookupAccountNameW(lm__w32(h)->server, wa, sid, &sidlen, domain, &domlen, &use))
        e = GetLastError();
    free(wa);
    if (e != ERROR_SUCCESS)
        return lm__w32_fail(h, e, "account %s", account);
    *len = sidlen;
    return LM_OK;
}

/* LookupAccountSidW on the target for each SID (Get-SmbShareAccess); a SID it does not know
 * (ERROR_NONE_MAPPED) stays unnamed. */
lm_status lm__w32_lookup_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names)
{
    char **got = calloc(n, sizeof *got);

    if (got == NULL)
        return lm__w32_no_memory(h);
    for (size_t i = 0; i < n; i++) {
        uint8_t bin[LM__SID_MAX_BYTES];
        wchar_t name[256], domain[256], full[514];
        DWORD nlen = 256, dlen = 256, e = ERROR_SUCCESS;
        SID_NAME_USE use;
        struct lm__buf b;

        lm__buf_init(&b, sizeof bin);
        lm__sid_put(&b, &sids[i]);
        if (lm__buf_status(&b) == LM_OK)
            memcpy(bin, b.data, b.len);
        lm__buf_free(&b);
        if (!LookupAccountSidW(lm__w32(h)->server, bin, name, &nlen, domain, &dlen, &use))
            e = GetLastError();
        if (e == ERROR_NONE_MAPPED)
            continue;
        if (e != ERROR_SUCCESS) {
            char buf[LM__SID_STRING_MAX];

            for (size_t j = 0; j < i; j++)
                free(got[j]);
            free(got);
            return lm__w32_fail(h, e, "SID %s", lm__sid_to_string(&sids[i], buf));
        }
        if (domain[0] != L'\0' && use != SidTypeDomain)
            _snwprintf(full, sizeof full / sizeof full[0], L"%ls\\%ls", domain, name);
        else
            _snwprintf(full, sizeof full / sizeof full[0], L"%ls", name);
        full[sizeof full / sizeof full[0] - 1] = L'\0';
        got[i] = lm__narrow(full);
    }
    memcpy(names, got, n * sizeof *names);
    free(got);
    return LM_OK;
}
