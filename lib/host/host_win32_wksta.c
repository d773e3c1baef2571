/* The Win32 backend's workstation: netapi32's NetWkstaGetInfo and NetWkstaUserEnum, locally or against
 * \\server. */
#include <windows.h>
#include <lm.h>

#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "host/host_win32.h"

/* A string netapi32 returned (NULL stays NULL); false when out of memory. */
static bool narrow_opt(const wchar_t *w, char **out)
{
    *out = w != NULL ? lm__narrow(w) : NULL;
    return w == NULL || *out != NULL;
}

lm_status lm__w32_wksta_info(struct lm_host *h, int level, lm_workstation *out)
{
    BYTE *buf = NULL;
    NET_API_STATUS rc = NetWkstaGetInfo(lm__w32(h)->server, (DWORD)level, &buf);
    lm_workstation w = {0};
    bool ok;

    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        return lm__w32_fail(h, rc, "NetWkstaGetInfo level %d", level);
    }
    /* WKSTA_INFO_101 and 102 begin with WKSTA_INFO_100's fields. */
    {
        const WKSTA_INFO_100 *i = (const WKSTA_INFO_100 *)buf;

        w.level = level;
        w.platform_id = i->wki100_platform_id;
        w.version_major = i->wki100_ver_major;
        w.version_minor = i->wki100_ver_minor;
        ok = narrow_opt(i->wki100_computername, &w.computer_name) &&
             narrow_opt(i->wki100_langroup, &w.lan_group);
    }
    if (ok && level >= 101)
        ok = narrow_opt(((const WKSTA_INFO_101 *)buf)->wki101_lanroot, &w.lan_root);
    if (level == 102)
        w.logged_on_users = ((const WKSTA_INFO_102 *)buf)->wki102_logged_on_users;
    NetApiBufferFree(buf);
    if (!ok) {
        lm__wksta_clear(&w);
        return lm__w32_no_memory(h);
    }
    *out = w;
    return LM_OK;
}

/* Pages of about this many bytes (prefmaxlen), as for the shares. */
#define USER_PAGE_BYTES (64u * 1024u)
/* Users in one enumeration at most. */
#define USERS_MAX 100000u

lm_status lm__w32_wksta_users(struct lm_host *h, lm_workstation_user **out, size_t *n)
{
    lm_workstation_user *all = NULL;
    size_t nall = 0;
    DWORD resume = 0;
    NET_API_STATUS rc;

    do {
        BYTE *buf = NULL;
        DWORD read = 0, total = 0;
        lm_workstation_user *grown = NULL;
        const WKSTA_USER_INFO_1 *u;

        rc = NetWkstaUserEnum(lm__w32(h)->server, 1, &buf, USER_PAGE_BYTES, &read, &total, &resume);
        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            if (buf != NULL)
                NetApiBufferFree(buf);
            lm_workstation_user_list_free(all, nall);
            return lm__w32_fail(h, rc, "NetWkstaUserEnum");
        }
        if (read > USERS_MAX - nall ||
            (read > 0 && (grown = realloc(all, (nall + read) * sizeof *all)) == NULL)) {
            NetApiBufferFree(buf);
            lm_workstation_user_list_free(all, nall);
            return lm__w32_no_memory(h);
        }
        if (read > 0)
            all = grown;
        u = (const WKSTA_USER_INFO_1 *)buf;
        for (DWORD i = 0; i < read; i++) {
            lm_workstation_user *x = &all[nall];

            memset(x, 0, sizeof *x);
            nall++;
            if (!narrow_opt(u[i].wkui1_username, &x->user_name) ||
                !narrow_opt(u[i].wkui1_logon_domain, &x->logon_domain) ||
                !narrow_opt(u[i].wkui1_oth_domains, &x->other_domains) ||
                !narrow_opt(u[i].wkui1_logon_server, &x->logon_server)) {
                NetApiBufferFree(buf);
                lm_workstation_user_list_free(all, nall);
                return lm__w32_no_memory(h);
            }
        }
        if (buf != NULL)
            NetApiBufferFree(buf);
        /* ERROR_MORE_DATA with nothing read would never end. */
        if (rc == ERROR_MORE_DATA && read == 0) {
            lm_workstation_user_list_free(all, nall);
            return lm__w32_fail(h, rc, "NetWkstaUserEnum: more data, but none given");
        }
    } while (rc == ERROR_MORE_DATA);
    *out = all;
    *n = nall;
    return LM_OK;
}
