/* Shared by the files of the Win32 backend (host_win32*.c; host_win32.c lists them): its state on the host,
 * the translator, the handles opened on first use, and the ops each subject file gives the table. Internal
 * to lib/host, Windows only. */
#ifndef LM_HOST_HOST_WIN32_H
#define LM_HOST_HOST_WIN32_H

#include <windows.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/host.h"
#include "os/wide.h"

/* Every service key's DependOnService list (host_win32_scm_fallback.c). */
struct lm__w32_depmap {
    wchar_t **names; /* service key names */
    wchar_t **deps;  /* their DependOnService lists (double-NUL-terminated), or NULL */
    size_t n;
};

struct lm__w32 {
    wchar_t *server; /* L"\\\\host", or NULL for the local machine */
    SC_HANDLE scm;   /* opened on first use */
    HKEY hklm;       /* HKEY_LOCAL_MACHINE from RegConnectRegistryW, opened on first use */
    struct lm__w32_depmap deps;
    ULONGLONG deps_at; /* GetTickCount64() when deps was loaded; 0: not loaded */
};

static inline struct lm__w32 *lm__w32(struct lm_host *h)
{
    return h->impl;
}

/* -- the translator (host_win32_error.c) -- */

/* Records code (Win32 or NERR) on h as "context: reason", or the reason alone without a context. Returns
 * the LM_E* status. */
lm_status lm__w32_record(struct lm_host *h, DWORD code, const char *context);
/* The same with a formatted context. */
lm_status lm__w32_fail(struct lm_host *h, DWORD code, const char *fmt, ...) LM_PRINTF(3, 4);
lm_status lm__w32_no_memory(struct lm_host *h);

/* -- handles and helpers shared between the subject files -- */

/* HKEY_LOCAL_MACHINE of the target (host_win32_registry.c). */
lm_status lm__w32_hklm(struct lm_host *h, HKEY *out);

/* OpenServiceW through the host's SCM handle; the caller closes *out (host_win32_scm.c). */
lm_status lm__w32_open_service(struct lm_host *h, const char *name, DWORD access, SC_HANDLE *out);
/* The status fields of out from QueryServiceStatusEx, set only on success (host_win32_scm.c). */
lm_status lm__w32_query_status(struct lm_host *h, SC_HANDLE s, lm_service *out);
/* A double-NUL-terminated list (lpDependencies, DependOnService) to an array; skip_groups leaves out load
 * order groups (SC_GROUP_IDENTIFIER '+'), which are not services. LM_ENOMEM (nothing recorded on a host)
 * (host_win32_scm.c). */
lm_status lm__w32_narrow_list(const wchar_t *p, bool skip_groups, char ***out, size_t *n);

/* -- the registry fallback for Wine's SCM (host_win32_scm_fallback.c) -- */

/* The services that depend on name, directly or not, in stop order; only those not stopped with
 * active_only. */
lm_status lm__w32_fallback_dependents(struct lm_host *h, const char *name, bool active_only, char ***out,
                                      size_t *count);
/* ServicesDependedOn from the registry's DependOnService. */
lm_status lm__w32_fallback_depends_on(struct lm_host *h, const char *name, char ***out, size_t *n);
void lm__w32_depmap_free(struct lm__w32_depmap *m);

/* -- the ops, one group per subject file -- */

lm_status lm__w32_svc_enum(struct lm_host *h, lm_service **out, size_t *n);
lm_status lm__w32_svc_status(struct lm_host *h, const char *name, lm_service *out);
lm_status lm__w32_svc_config(struct lm_host *h, const char *name, lm_service *out);
lm_status lm__w32_svc_start(struct lm_host *h, const char *name);
lm_status lm__w32_svc_control(struct lm_host *h, const char *name, uint32_t code);
lm_status lm__w32_svc_active_dependents(struct lm_host *h, const char *name, char ***out, size_t *n);
lm_status lm__w32_svc_set_start_type(struct lm_host *h, const char *name, lm_start_type type);

lm_status lm__w32_reg_list(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n);
lm_status lm__w32_reg_get(struct lm_host *h, const char *key, const char *name, lm_reg_value **out);
lm_status lm__w32_reg_get_system(struct lm_host *h, const char *key, const char *name, lm_reg_value **out);
lm_status lm__w32_reg_set(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                          const void *data, size_t len);
lm_status lm__w32_reg_delete(struct lm_host *h, const char *key, const char *name);
lm_status lm__w32_reg_subkeys(struct lm_host *h, const char *key, char ***out, size_t *n);

lm_status lm__w32_share_enum(struct lm_host *h, int level, lm__share_fn fn, void *ctx);
lm_status lm__w32_server_info(struct lm_host *h, struct lm__host_info *out);
lm_status lm__w32_share_get(struct lm_host *h, const char *name, int level, lm_share **out);
lm_status lm__w32_share_add(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd, size_t sdlen);
lm_status lm__w32_share_del(struct lm_host *h, const char *name);
lm_status lm__w32_share_set(struct lm_host *h, const char *name, const char *remark,
                            const uint32_t *max_uses);
lm_status lm__w32_share_get_sd(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen);
lm_status lm__w32_share_set_sd(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen);

/* -- share flags (host_win32_share.c) -- */
lm_status lm__w32_share_get_flags(struct lm_host *h, const char *name, uint32_t *flags);
lm_status lm__w32_share_set_flags(struct lm_host *h, const char *name, uint32_t flags);

/* -- the workstation (host_win32_wksta.c) -- */
lm_status lm__w32_wksta_info(struct lm_host *h, int level, lm_workstation *out);
lm_status lm__w32_wksta_users(struct lm_host *h, lm_workstation_user **out, size_t *n);

lm_status lm__w32_lookup_sid(struct lm_host *h, const char *account, uint8_t *sid, size_t *len);
lm_status lm__w32_lookup_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names);

/* host_win32_session.c */
lm_status lm__w32_session_enum(struct lm_host *h, int level, const char *client, const char *user,
                               lm_session **out, size_t *n);
lm_status lm__w32_session_del(struct lm_host *h, const char *client, const char *user);
lm_status lm__w32_conn_enum(struct lm_host *h, const char *share, lm_connection **out, size_t *n);
lm_status lm__w32_transport_enum(struct lm_host *h, int level, lm_server_transport **out, size_t *n);
lm_status lm__w32_disk_enum(struct lm_host *h, char ***out, size_t *n);
lm_status lm__w32_file_enum(struct lm_host *h, const char *user, lm_open_file **out, size_t *n);
lm_status lm__w32_file_close(struct lm_host *h, uint32_t id);
lm_status lm__w32_server_get(struct lm_host *h, int level, lm_server_info *out);

#endif
