/* The backend interface (after curl's struct Curl_ssl): one table of primitives per backend (host_win32.c
 * and the host_win32_*.c files it lists, on Windows; remote.c everywhere). Everything above the primitives --
 * pattern matching, waiting for a state with checkpoints and wait hints, stopping dependents when forced,
 * the share info level fallback, configured shares from the registry, key validation, catalogue checks -- is
 * written once in lib/host (service.c, registry.c, share.c) and is the same for every backend.
 *
 * Conventions for every primitive:
 *   - returns LM_OK or an LM_E* code, and on failure sets h->err (one line, plus the raw code) through the
 *     backend's one translator (Win32/NERR, or NTSTATUS/WERROR/RPC fault);
 *   - out-parameters are set only on success, and what they own is freed with the public *_free functions;
 *   - registry keys arrive already validated and relative to HKLM\SYSTEM\CurrentControlSet\Services. */
#ifndef LM_HOST_HOST_H
#define LM_HOST_HOST_H

#include "core/model.h"
#include "core/sddl.h"
#include "lanman/host.h"
#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/session.h"
#include "lanman/share.h"
#include "lanman/workstation.h"

/* Service control codes (SERVICE_CONTROL_*). */
#define LM__SVC_CONTROL_STOP     1u
#define LM__SVC_CONTROL_PAUSE    2u
#define LM__SVC_CONTROL_CONTINUE 3u

struct lm_host;

/* One share as an enumeration delivers it: s (with its SDDL) and the raw self-relative security descriptor
 * the SDDL came from (NULL, 0 when there is none). Both are valid only during the call. A return other than
 * LM_OK stops the enumeration, which then returns that status. */
typedef lm_status (*lm__share_fn)(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len);

/* What the host says about itself, for the configuration document. Empty strings when unknown. */
struct lm__host_info {
    char name[256];      /* the server's own name */
    char os[64];         /* "Windows NT", "Unix (Samba)" */
    char os_version[32]; /* "10.0" */
    bool unix_server;    /* SV_TYPE_SERVER_UNIX (MS-SRVS 2.2.2.7): Samba, which maps C:\x\y to /x/y */
};

struct lm__host_ops {
    const char *name; /* "win32", "remote" */
    void (*close)(struct lm_host *h);

    /* -- services -- */
    /* Every service: name, display name and the status fields (no configuration). */
    lm_status (*svc_enum)(struct lm_host *h, lm_service **out, size_t *n);
    /* The status fields of one service (status, controls accepted, exit codes, checkpoint, wait hint,
     * process id). LM_ENOENT when there is no such service. */
    lm_status (*svc_status)(struct lm_host *h, const char *name, lm_service *out);
    /* The configuration fields of one service: display name, description, start type (with delayed
     * automatic start), service type, binary path, start name, depends_on, and dependents (all of them,
     * running or not). Sets out->detailed. */
    lm_status (*svc_config)(struct lm_host *h, const char *name, lm_service *out);
    lm_status (*svc_start)(struct lm_host *h, const char *name);
    lm_status (*svc_control)(struct lm_host *h, const char *name, uint32_t code);
    /* Dependents that are not stopped, in the order they must be stopped (EnumDependentServices with
     * SERVICE_ACTIVE). */
    lm_status (*svc_active_dependents)(struct lm_host *h, const char *name, char ***out, size_t *n);
    lm_status (*svc_set_start_type)(struct lm_host *h, const char *name, lm_start_type type);

    /* -- registry -- */
    lm_status (*reg_list)(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n);
    lm_status (*reg_get)(struct lm_host *h, const char *key, const char *name, lm_reg_value **out);
    lm_status (*reg_set)(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                         const void *data, size_t len);
    lm_status (*reg_delete)(struct lm_host *h, const char *key, const char *name);
    lm_status (*reg_subkeys)(struct lm_host *h, const char *key, char ***out, size_t *n);
    /* One value of a key relative to HKLM\SYSTEM\CurrentControlSet, opened for reading only. Only
     * lm__reg_read_system calls it, for the keys of its allow-list (the audit's Control\Lsa); there is no
     * write beside it. NULL: not available (LM_ENOTSUP). */
    lm_status (*reg_get_system)(struct lm_host *h, const char *key, const char *name, lm_reg_value **out);

    /* -- shares -- */
    /* Every share at this info level (502, 2 or 1), one page of the server's list at a time (paging with
     * the resume handle): fn is called for each share of a page before the next page is asked for, so
     * memory stays at one page. LM_EACCES (before any share was delivered) lets the caller fall back to a
     * lower level. */
    lm_status (*share_enum)(struct lm_host *h, int level, lm__share_fn fn, void *ctx);
    lm_status (*share_get)(struct lm_host *h, const char *name, int level, lm_share **out);
    /* Adds at level 502 with sd (a self-relative security descriptor; NULL: the server's default). */
    lm_status (*share_add)(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd, size_t sdlen);
    lm_status (*share_del)(struct lm_host *h, const char *name);
    lm_status (*share_set)(struct lm_host *h, const char *name, const char *remark, const uint32_t *max_uses);
    /* The share's security descriptor as the server keeps it (self-relative, from level 502; *sd NULL when
     * it has none), to be freed with free(). */
    lm_status (*share_get_sd)(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen);
    /* Replaces the share's security descriptor, and nothing else of it (level 1501). */
    lm_status (*share_set_sd)(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen);
    /* Resolves an account name ("DOMAIN\user", "Everyone") to its binary SID (for share grants). */
    lm_status (*lookup_sid)(struct lm_host *h, const char *account, uint8_t *sid, size_t *len);
    /* -- share access (Get-SmbShareAccess) -- */
    /* Names n SIDs (1 to 1000): names[i] gets "DOMAIN\name" (free()) or NULL when the target does not know
     * the SID; names is set only on success. NULL: the backend cannot name SIDs (the SID strings are shown).
     */
    lm_status (*lookup_names)(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names);

    /* -- sessions and open files (session.c; NULL: the backend has none, LM_ENOTSUP) -- */
    /* Sessions at level 502 or 10, filtered by the server on client ("\\name" form) and user (NULL: any).
     * LM_EACCES at 502 lets the caller fall back to 10. */
    lm_status (*session_enum)(struct lm_host *h, int level, const char *client, const char *user,
                              lm_session **out, size_t *n);
    /* Ends the sessions of client ("\\name" form) and/or user. */
    lm_status (*session_del)(struct lm_host *h, const char *client, const char *user);
    /* Open files (level 3), filtered by the server on user (NULL: any); share and share_relative_path
     * stay NULL (session.c fills them). */
    lm_status (*file_enum)(struct lm_host *h, const char *user, lm_open_file **out, size_t *n);
    lm_status (*file_close)(struct lm_host *h, uint32_t id);
    /* Connections to share (level 1). */
    lm_status (*conn_enum)(struct lm_host *h, const char *share, lm_connection **out, size_t *n);
    /* Transports at level 1 or 0 (WERR_INVALID_LEVEL at 1 lets the caller fall back to 0); address as
     * lm__transport_address made it. */
    lm_status (*transport_enum)(struct lm_host *h, int level, lm_server_transport **out, size_t *n);
    /* Disk drives, as the server names them (empty names dropped). */
    lm_status (*disk_enum)(struct lm_host *h, char ***out, size_t *n);
    /* SERVER_INFO_102 or 101 (level); out->level set. LM_EACCES at 102 lets the caller fall back to 101. */
    lm_status (*server_get)(struct lm_host *h, int level, lm_server_info *out);

    /* -- server -- */
    /* Name, OS and version (NetServerGetInfo / NetrServerGetInfo level 101). NULL: not available. */
    lm_status (*server_info)(struct lm_host *h, struct lm__host_info *out);

    /* -- share flags -- */
    /* SHARE_INFO_1005's shi1005_flags (NetShareGetInfo / NetShareSetInfo level 1005). NULL: not available. */
    lm_status (*share_get_flags)(struct lm_host *h, const char *name, uint32_t *flags);
    lm_status (*share_set_flags)(struct lm_host *h, const char *name, uint32_t flags);

    /* -- workstation -- */
    /* NetWkstaGetInfo / NetrWkstaGetInfo at level 100, 101 or 102 (workstation.c tries them from 102 down
     * on LM_EACCES). NULL: not available. */
    lm_status (*wksta_info)(struct lm_host *h, int level, lm_workstation *out);
    /* Every logged-on user, NetWkstaUserEnum / NetrWkstaUserEnum level 1 (every page). */
    lm_status (*wksta_users)(struct lm_host *h, lm_workstation_user **out, size_t *n);

    /* -- time -- */
    /* A monotonic clock and a sleep for the state waits in service.c. NULL: lib/os's clock (the real ones);
     * tests set them to drive the wait loop without waiting. */
    uint64_t (*now_ms)(struct lm_host *h);
    void (*sleep_ms)(struct lm_host *h, unsigned ms);
};

struct lm_host {
    const struct lm__host_ops *ops;
    lm_error err;
    void *impl;       /* the backend's own state */
    char server[256]; /* the server option as given; "" for the local machine */
};

/* For lookup_sid: a binary SID is at most 8 + 4 * 15 bytes (MS-DTYP 2.4.2.2). */
#define LM__SID_MAX_BYTES 68

/* An account of a share grant to its SID: a SID string ("S-1-5-32-544") directly, a well-known name
 * ("Everyone") locally, any other name through the backend's lookup_sid (share.c). An unknown name is
 * LM_ENOENT with the name quoted in h->err. */
lm_status lm__share_account_sid(struct lm_host *h, const char *account, struct lm__sid *sid);
/* Names n SIDs (share_access.c): well-known ones here (lm__sid_account), the rest through the backend's
 * lookup_names, LM__SID_NAMES_MAX at a time. names[i] (free()) is NULL where nobody knows the SID. On
 * failure (h->err) no name is left allocated. */
#define LM__SID_NAMES_MAX 1000
lm_status lm__sid_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names);

/* One value outside the Services root, read-only (registry.c): key is relative to
 * HKLM\SYSTEM\CurrentControlSet and must be on the read-only allow-list (Control\Lsa, for the audit's
 * LmCompatibilityLevel and RestrictAnonymous); any other key is LM_EPATH before anything is sent. *out is
 * freed with lm_reg_list_free(v, 1). Writes stay confined to Services: lm_reg_set and lm_reg_delete refuse
 * every key outside it. */
lm_status lm__reg_read_system(struct lm_host *h, const char *key, const char *name, lm_reg_value **out);

/* The access mask of a share right (LM__SHARE_RIGHT_*). */
uint32_t lm__share_right_mask(lm_share_right r);

/* Free what one entry owns and zero it, for backends that fail half-way: lm__service_clear is in
 * core/model.h; lm__share_clear in share.c. */
void lm__share_clear(lm_share *s);

/* Every live share with the 502 -> 2 -> 1 level fallback (share.c), one page in memory at a time; each share
 * says which level filled it. fn's own failure status is returned as is, without a context prefix. */
lm_status lm__share_each(struct lm_host *h, lm__share_fn fn, void *ctx);

/* Every configured share (LanmanServer\Shares) in value-name order, with its security descriptor from
 * Shares\Security. No Shares key: no call and LM_OK. */
lm_status lm__share_each_configured(struct lm_host *h, lm__share_fn fn, void *ctx);

/* Room for need entries of size bytes in *v (*cap of them now), grown by doubling; LM_ENOMEM on h->err, and
 * *v untouched, when out of memory (session.c). For the backends that collect enumerations. */
lm_status lm__host_grow(struct lm_host *h, void **v, size_t *cap, size_t need, size_t size);

/* A transport address's bytes as lm_server_transport.address has them (session.c); NULL when out of memory.
 */
char *lm__transport_address(const uint8_t *p, size_t n);
void lm__server_transports_free(lm_server_transport *v, size_t n);

/* Prefixes h->err's message with a context ("cannot stop X: "), keeping the status and the raw code.
 * Returns the status. */
lm_status lm__host_context(struct lm_host *h, const char *fmt, ...) LM_PRINTF(2, 3);

/* Replaces h->err's message with "CONTEXT: CAUSE (RAW)": one sentence for one cause, whichever backend,
 * server or layer reported it, with the raw code (its name when known) in parentheses. Keeps the status
 * and the raw code. Returns the status. */
lm_status lm__host_cause(struct lm_host *h, const char *cause, const char *fmt, ...) LM_PRINTF(3, 4);

/* A share's whole definition as the server has it (path, remark, user limit, the security descriptor's
 * bytes, and its level-1005 flags where the server gives them), taken before a step that removes it, so that
 * it can be put back exactly (share.c). */
struct lm__share_snapshot {
    lm_share *share;
    uint8_t *sd;
    size_t sdlen;
    bool has_flags; /* the server gave the flags (not every server has level 1005) */
    uint32_t flags;
};
lm_status lm__share_snapshot_take(struct lm_host *h, const char *name, struct lm__share_snapshot *out);
/* Adds the share back as it was: LM_OK once it exists again. Its flags are set again too; *flags_lost says
 * when that failed (the share is back, with the server's default flags; h's error says why). */
lm_status lm__share_snapshot_restore(struct lm_host *h, const struct lm__share_snapshot *snap,
                                     bool *flags_lost);
void lm__share_snapshot_free(struct lm__share_snapshot *snap);

/* True when the local backend can also reach \\server (host_win32.c); false in local_none.c. */
extern const bool lm__host_local_reaches_servers;

/* The local backend: host_win32.c on Windows; local_none.c elsewhere (LM_ENOTSUP: no local machine to
 * manage). With opt->server set it reaches \\server through the same Win32 APIs. */
lm_status lm__host_local_open(struct lm_host *h, const lm_host_options *opt);

/* The remote backend (remote.c): SMB2 + DCE/RPC, on every OS. */
lm_status lm__host_remote_open(struct lm_host *h, const lm_host_options *opt);
/* A host of the remote backend over smb, a connection already logged on (the audit's null session, set up
 * on its dialect sweep's connection): the host owns smb from here on, and closes it with itself. server is
 * the name the RPC calls carry. LM_ENOMEM leaves smb to the caller. */
lm_status lm__host_remote_adopt(const char *server, lm_smb *smb, lm_host **out);
/* The connection of a remote backend's host (NULL for another backend): it stays the host's. */
lm_smb *lm__host_remote_smb(lm_host *h);

#endif
