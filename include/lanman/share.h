/* Shares through netapi32 locally or MS-SRVS remotely, and the configured share definitions in the
 * registry (LanmanServer\Shares), which can be read while LanmanServer is stopped. */
#ifndef LANMAN_SHARE_H
#define LANMAN_SHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SHARE_INFO type bits. */
#define LM_STYPE_DISKTREE  0x00000000u
#define LM_STYPE_PRINTQ    0x00000001u
#define LM_STYPE_DEVICE    0x00000002u
#define LM_STYPE_IPC       0x00000003u
#define LM_STYPE_MASK      0x000000FFu
#define LM_STYPE_TEMPORARY 0x40000000u
#define LM_STYPE_SPECIAL   0x80000000u

#define LM_SHARE_UNLIMITED 0xFFFFFFFFu

typedef struct lm_share {
    char *name;
    char *path; /* NULL when the level read has none (1) */
    char *remark;
    uint32_t type; /* LM_STYPE_* */
    uint32_t max_uses, current_uses;
    char *sddl;      /* security descriptor as SDDL; NULL below level 502 or when none */
    int level;       /* the info level that filled it: 502, 2 or 1 (0 for configured shares) */
    bool configured; /* read from LanmanServer\Shares, not from the running server */
} lm_share;

/* Every share, paging through the server's list. The level falls back from 502 to 2 to 1 when the caller
 * may not read more (ERROR_ACCESS_DENIED); each share says which level filled it. LM_OK with *out holding
 * *n shares, which the caller frees with lm_share_list_free(); or a status on the host's error. */
LM_API lm_status lm_share_list(lm_host *h, lm_share **out, size_t *n);

/* Every share as it comes, one page of the server's list in memory at a time, nothing gathered: fn gets each
 * share, valid only for the time of the call; a status other than LM_OK from fn stops the enumeration and is
 * returned as is. brief asks for level 2 first (name, type, remark, path, uses: no security descriptor, a
 * fraction of 502's bytes), for a caller that shows no more; otherwise 502 first, as lm_share_list. The level
 * falls back as in lm_share_list. LM_OK, or a status on the host's error. */
typedef lm_status (*lm_share_fn)(void *ctx, const lm_share *s);
LM_API lm_status lm_share_each(lm_host *h, bool brief, lm_share_fn fn, void *ctx);

/* One share by name, with the same level fallback: LM_OK with *out (free with lm_share_list_free(s, 1));
 * LM_ENOENT when there is no such share; failures on the host's error. */
LM_API lm_status lm_share_get(lm_host *h, const char *name, lm_share **out);

/* Frees n shares from lm_share_list, lm_share_get or lm_share_list_configured. NULL is fine. */
LM_API void lm_share_list_free(lm_share *list, size_t n);

/* The share definitions in LanmanServer\Shares, through the registry (LanmanServer may be stopped). LM_OK
 * with *out holding *n shares (none when there is no Shares key), freed with lm_share_list_free(); or a
 * status on the host's error. */
LM_API lm_status lm_share_list_configured(lm_host *h, lm_share **out, size_t *n);

typedef enum lm_share_right { LM_SHARE_READ, LM_SHARE_CHANGE, LM_SHARE_FULL } lm_share_right;

typedef struct lm_share_grant {
    const char *account; /* "DOMAIN\user", "Everyone", or a SID string */
    lm_share_right right;
} lm_share_grant;

typedef struct lm_share_spec {
    const char *name;
    const char *path;             /* absolute: C:\dir */
    const char *remark;           /* NULL: none */
    uint32_t max_uses;            /* LM_SHARE_UNLIMITED */
    const lm_share_grant *grants; /* NULL/0: the server's default permissions */
    size_t ngrants;
} lm_share_spec;

/* Adds a share; spec is only read. The name and path are checked before anything is sent (LM_ENAME,
 * LM_EPATH). An existing share is LM_EEXIST and nothing changes. LM_OK, or a status on the host's error. */
LM_API lm_status lm_share_add(lm_host *h, const lm_share_spec *spec);

/* Removes a share (the folder stays). LM_OK; LM_ENOENT when there is no such share; failures on the
 * host's error. */
LM_API lm_status lm_share_remove(lm_host *h, const char *name);

/* Changes the remark and/or the user limit (NULL: keep). LM_OK, or a status on the host's error. */
LM_API lm_status lm_share_set(lm_host *h, const char *name, const char *remark, const uint32_t *max_uses);

/* Replaces the share's permissions with grants (at least one) in place: the share is never removed, and
 * nothing else of it changes (NetShareSetInfo level 1501). LM_OK, or a status on the host's error (an
 * account that does not resolve is named there). */
LM_API lm_status lm_share_set_permissions(lm_host *h, const char *name, const lm_share_grant *grants,
                                          size_t ngrants);

#ifdef __cplusplus
}
#endif

#endif
