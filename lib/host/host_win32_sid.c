/* The Win32 backend's account lookup: LookupAccountNameW on the target, for the SIDs of share
 * permissions. */
#include <windows.h>

#include <stdlib.h>

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
