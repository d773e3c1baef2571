/* The Win32 backend (Windows only): the Service Control Manager, the registry (Reg*W) and netapi32, locally
 * or against \\server with the logged-on user's credentials. This file holds its ops table, open and close;
 * one file per subject holds the rest:
 *   host_win32_scm.c           services (SCM)
 *   host_win32_scm_fallback.c  service dependencies from the registry, where Wine's SCM answers nothing
 *   host_win32_registry.c      the registry
 *   host_win32_share.c         shares and server information (netapi32)
 *   host_win32_sid.c           account names to SIDs
 *   host_win32_error.c         the one translator from Win32 and NERR codes to LM_E*
 * W APIs only; UTF-8 <-> UTF-16 at this boundary only (os/wide.h). Every handle is closed on every path. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_win32.h"

const bool lm__host_local_reaches_servers = true;

static void w32_close(struct lm_host *h)
{
    struct lm__w32 *w = lm__w32(h);

    if (w == NULL)
        return;
    if (w->scm != NULL)
        CloseServiceHandle(w->scm);
    if (w->hklm != NULL)
        RegCloseKey(w->hklm);
    lm__w32_depmap_free(&w->deps);
    free(w->server);
    free(w);
    h->impl = NULL;
}

static const struct lm__host_ops win32_ops = {
    .name = "win32",
    .close = w32_close,
    .svc_enum = lm__w32_svc_enum,
    .svc_status = lm__w32_svc_status,
    .svc_config = lm__w32_svc_config,
    .svc_start = lm__w32_svc_start,
    .svc_control = lm__w32_svc_control,
    .svc_active_dependents = lm__w32_svc_active_dependents,
    .svc_set_start_type = lm__w32_svc_set_start_type,
    .reg_list = lm__w32_reg_list,
    .reg_get = lm__w32_reg_get,
    .reg_set = lm__w32_reg_set,
    .reg_delete = lm__w32_reg_delete,
    .reg_subkeys = lm__w32_reg_subkeys,
    .reg_get_system = lm__w32_reg_get_system,
    .share_enum = lm__w32_share_enum,
    .server_info = lm__w32_server_info,
    .share_get = lm__w32_share_get,
    .share_add = lm__w32_share_add,
    .share_del = lm__w32_share_del,
    .share_set = lm__w32_share_set,
    .share_get_sd = lm__w32_share_get_sd,
    .share_set_sd = lm__w32_share_set_sd,
    .lookup_sid = lm__w32_lookup_sid,
    .share_get_flags = lm__w32_share_get_flags,
    .share_set_flags = lm__w32_share_set_flags,
    .wksta_info = lm__w32_wksta_info,
    .wksta_users = lm__w32_wksta_users,
    .lookup_names = lm__w32_lookup_names,
    .session_enum = lm__w32_session_enum,
    .session_del = lm__w32_session_del,
    .file_enum = lm__w32_file_enum,
    .file_close = lm__w32_file_close,
    .server_get = lm__w32_server_get,
    .conn_enum = lm__w32_conn_enum,
    .transport_enum = lm__w32_transport_enum,
    .disk_enum = lm__w32_disk_enum,
};

lm_status lm__host_local_open(struct lm_host *h, const lm_host_options *opt)
{
    struct lm__w32 *w = calloc(1, sizeof *w);

    if (w == NULL)
        return lm__w32_no_memory(h);
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
            w->server = lm__wide(unc);
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
