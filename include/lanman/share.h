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
    bool has_flags;  /* flags was read (NetShareGetInfo level 1005; lm_share_get only) */
    uint32_t flags;  /* shi1005_flags: LM_SHI1005_* */
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

/* Keeps the shares of list (*n of them) whose name matches any of the npatterns PowerShell -like patterns
 * (Get-SmbShare -Name 'N*',R2: * ? [a-z] and ` escapes, any case), in their order, and frees the others;
 * *n becomes how many are kept. missing (npatterns flags, may be NULL) tells which patterns without a
 * wildcard matched no share (PowerShell's "No MSFT_SMBShare objects found"). LM_OK; or LM_EINVAL for an
 * invalid pattern, with the list as it was. */
LM_API lm_status lm_share_filter(lm_share *list, size_t *n, const char *const *patterns, size_t npatterns,
                                 bool *missing);

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

/* Checks that name can name a share, without sending anything: not empty, at most 80 characters, none of
 * " / \ [ ] : | < > + = ; , * ? or a control character, not only dots and spaces. The server's own IPC$
 * and ADMIN$ pass (lm_share_add refuses them). LM_OK, or LM_ENAME with a one-line reason in err (may be
 * NULL). lm_share_get, lm_share_remove and lm_share_set run it first. */
LM_API lm_status lm_share_name_check(const char *name, lm_error *err);

/* Checks a share specification as lm_share_add does before it sends anything: the name, the path (C:\Data,
 * or /srv/data for a Samba server, see lm_share_add) and the accounts given as SID strings. LM_OK, or
 * LM_ENAME, LM_EPATH or LM_EINVAL with a one-line reason in err (may be NULL). */
LM_API lm_status lm_share_spec_check(const lm_share_spec *spec, lm_error *err);

/* Adds a share; spec is only read. The specification is checked before anything is sent
 * (lm_share_spec_check). A POSIX path (/srv/data) is taken only by a Samba server, which maps C:\x\y to
 * /x/y: it is sent as C:\srv\data; any other server refuses it with LM_EPATH. An existing share is
 * LM_EEXIST and nothing changes. LM_OK, or a status on the host's error. */
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

/* ---- share flags: SHARE_INFO_1005's shi1005_flags (MS-SRVS 2.2.4.29), as Get-SmbShare shows them ---- */

#define LM_SHI1005_DFS                  0x00000001u
#define LM_SHI1005_DFS_ROOT             0x00000002u
#define LM_SHI1005_CSC_MASK             0x00000030u /* CachingMode: one of the four values below */
#define LM_SHI1005_CSC_MANUAL           0x00000000u /* Manual */
#define LM_SHI1005_CSC_DOCUMENTS        0x00000010u /* Documents (CSC_CACHE_AUTO_REINT) */
#define LM_SHI1005_CSC_PROGRAMS         0x00000020u /* Programs (CSC_CACHE_VDO) */
#define LM_SHI1005_CSC_NONE             0x00000030u /* None */
#define LM_SHI1005_RESTRICT_EXCLUSIVE   0x00000100u
#define LM_SHI1005_FORCE_SHARED_DELETE  0x00000200u
#define LM_SHI1005_NAMESPACE_CACHING    0x00000400u
#define LM_SHI1005_ACCESS_BASED_ENUM    0x00000800u /* FolderEnumerationMode AccessBased */
#define LM_SHI1005_FORCE_LEVELII_OPLOCK 0x00001000u
#define LM_SHI1005_ENABLE_HASH          0x00002000u /* CachingMode BranchCache (with CSC manual) */
#define LM_SHI1005_ENABLE_CA            0x00004000u /* ContinuouslyAvailable */
#define LM_SHI1005_ENCRYPT_DATA         0x00008000u /* EncryptData */
#define LM_SHI1005_IDENTITY_REMOTING    0x00040000u
#define LM_SHI1005_COMPRESS_DATA        0x00100000u /* CompressData */
/* The bits of CachingMode: the CSC mask and BranchCache's hash publication. */
#define LM_SHI1005_CACHING_BITS (LM_SHI1005_CSC_MASK | LM_SHI1005_ENABLE_HASH)

/* Get-SmbShare's CachingMode of flags: "Manual", "Documents", "Programs", "BranchCache" or "None"; static. */
LM_API const char *lm_share_caching_mode_name(uint32_t flags);
/* The CachingMode name (any case) as the LM_SHI1005_CACHING_BITS it sets: LM_OK, or LM_EINVAL. */
LM_API lm_status lm_share_caching_mode_parse(const char *name, uint32_t *bits);

/* The share's flags (NetShareGetInfo level 1005). LM_OK, or a status on the host's error. */
LM_API lm_status lm_share_get_flags(lm_host *h, const char *name, uint32_t *flags);

/* Sets the flags in mask to their values in values and keeps the others (NetShareGetInfo, then
 * NetShareSetInfo level 1005 when something changes), then reads them back: a server that accepts the
 * change but does not apply it (Samba keeps these in smb.conf) is LM_ENOTSUP, naming what it left unchanged.
 */
LM_API lm_status lm_share_set_flags(lm_host *h, const char *name, uint32_t mask, uint32_t values);
/* -- share access (Get-/Grant-/Revoke-/Block-/Unblock-SmbShareAccess) -- */

typedef enum lm_share_access_type { LM_SHARE_ACCESS_ALLOW, LM_SHARE_ACCESS_DENY } lm_share_access_type;

/* One entry of a share's permissions, as Get-SmbShareAccess shows it. */
typedef struct lm_share_access {
    char *share;   /* the share's name */
    char *account; /* "DOMAIN\user", "Everyone"; the SID string when the server cannot name it */
    char *sid;     /* "S-1-5-21-..." */
    char *right;   /* "Full", "Change", "Read", or "Custom(0x...)" */
    lm_share_access_type type;
    uint32_t mask; /* the ACE's access mask */
} lm_share_access;

/* The share's permissions, one entry per ACE of its DACL in order (deny entries first in a canonical DACL);
 * SIDs are named locally when well known, else by the server (LSA remotely, LookupAccountSidW locally).
 * LM_OK with *out holding *n entries (free with lm_share_access_list_free); LM_ENOENT for no such share. */
LM_API lm_status lm_share_access_list(lm_host *h, const char *name, lm_share_access **out, size_t *n);
LM_API void lm_share_access_list_free(lm_share_access *list, size_t n);

typedef enum lm_share_access_op {
    LM_SHARE_ACCESS_GRANT,  /* replace the account's allow entries with one of right */
    LM_SHARE_ACCESS_REVOKE, /* remove the account's allow entries */
    LM_SHARE_ACCESS_BLOCK,  /* replace the account's deny entries with one deny Full */
    LM_SHARE_ACCESS_UNBLOCK /* remove the account's deny entries */
} lm_share_access_op;

/* Changes one account's entries in the share's permissions in place (level 1501), keeping every other
 * entry, the owner and the group, and writes the DACL in canonical order (deny first). right is used by
 * LM_SHARE_ACCESS_GRANT only. The account is resolved first: an unknown name is LM_ENOENT and nothing
 * changes. Revoking or unblocking an account that has no such entry is LM_ENOENT and nothing is written.
 * LM_OK, or a status on the host's error. */
LM_API lm_status lm_share_access_change(lm_host *h, const char *name, lm_share_access_op op,
                                        const char *account, lm_share_right right);

#ifdef __cplusplus
}
#endif

#endif
