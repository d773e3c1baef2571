/* Configured shares: the persistent share definitions in
 * HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Shares. Each share is one REG_MULTI_SZ value, named
 * for the share, whose strings are Key=Value pairs in the order Windows writes them (alphabetical):
 *
 *   CSCFlags=0  MaxUses=4294967295  Path=C:\Data  Permissions=0  Remark=Finance  ShareName=Data  Type=0
 *
 * Its security descriptor, if any, is the REG_BINARY value Shares\Security\<share> (see core/sddl.h).
 * Both backends read these through their registry ops, so they work locally, remotely and while
 * LanmanServer is stopped.
 *
 * Also here: share type flags for display (MS-SRVS 2.2.2.4) and the checks `share add` runs before any
 * call: share name (MS-SRVS 2.2.2.8 NAMETYPE_SHARE) and path. */
#ifndef LM_CORE_SHARECONF_H
#define LM_CORE_SHARECONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/share.h"
#include "core/regval.h"
#include "core/text.h"

/* Where configured shares live, below HKEY_LOCAL_MACHINE. */
#define LM__SHARES_KEY          "SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Shares"
#define LM__SHARES_SECURITY_KEY LM__SHARES_KEY "\\Security"

/* LM_SHARE_UNLIMITED and the share type bits LM_STYPE_* (MS-SRVS 2.2.2.4) are the public ones. */

/* Which Key=Value strings a configured share has (bits of lm__shareconf.fields). */
enum {
    LM_SHARECONF_CSCFLAGS = 1u << 0,
    LM_SHARECONF_MAXUSES = 1u << 1,
    LM_SHARECONF_PATH = 1u << 2,
    LM_SHARECONF_PERMISSIONS = 1u << 3,
    LM_SHARECONF_REMARK = 1u << 4,
    LM_SHARECONF_SHARENAME = 1u << 5,
    LM_SHARECONF_TYPE = 1u << 6,
};

/* The fields a new share gets: every one but Remark, which Windows writes only when there is one. */
#define LM__SHARECONF_STANDARD                                                                     \
    (LM_SHARECONF_CSCFLAGS | LM_SHARECONF_MAXUSES | LM_SHARECONF_PATH | LM_SHARECONF_PERMISSIONS | \
     LM_SHARECONF_SHARENAME | LM_SHARECONF_TYPE)

struct lm__shareconf {
    char *name;           /* ShareName=, or the registry value name when ShareName= is missing */
    char *path;           /* Path=; "" when missing */
    char *remark;         /* Remark=; "" when missing */
    uint32_t max_uses;    /* MaxUses=; LM_SHARE_UNLIMITED when missing */
    uint32_t type;        /* Type=; LM_STYPE_DISKTREE when missing */
    uint32_t permissions; /* Permissions=; 0 when missing (share-level passwords are gone since NT) */
    uint32_t csc_flags;   /* CSCFlags=; 0 (manual caching) when missing */
    unsigned fields;      /* LM_SHARECONF_* bits: which strings the source had, and which format() writes */
    struct lm__strlist extra; /* unknown Key=Value strings (e.g. CATimeout=0), in their original order */
};

/* Sets a new share: the given name and path, defaults elsewhere, fields = LM__SHARECONF_STANDARD (plus
 * REMARK when remark is not NULL). Copies the strings. LM_ENOMEM. */
lm_status lm__shareconf_init(struct lm__shareconf *sc, const char *name, const char *path,
                             const char *remark);

/* Parses one Shares value: its name and its strings. Each string splits on its first '='. A string with
 * no '=', a known key given twice, or a number that is not plain decimal or overflows 32 bits is
 * LM_EPROTO, with a message naming the share and the field. *out is filled only on success. */
lm_status lm__shareconf_parse(const char *value_name, const char *const *strings, size_t n,
                              struct lm__shareconf *out, lm_error *err);

/* The strings Windows would write for sc: the fields in sc->fields, in Windows' order (alphabetical by
 * key, case-insensitively), with the extra strings merged in at their alphabetical place and otherwise in
 * their original order. So parse then format gives back exactly any list Windows wrote (which is sorted);
 * a hand-edited unsorted list comes back sorted. *out is filled only on success (lm__strlist_free). */
lm_status lm__shareconf_format(const struct lm__shareconf *sc, struct lm__strlist *out);

void lm__shareconf_free(struct lm__shareconf *sc);

/* The same from and to the registry value itself (what both backends' registry ops carry): a value that
 * is not REG_MULTI_SZ, or whose bytes are not a valid REG_MULTI_SZ, is LM_EPROTO naming the share. */
lm_status lm__shareconf_from_regval(const char *value_name, const struct lm__regval *v,
                                    struct lm__shareconf *out, lm_error *err);
lm_status lm__shareconf_to_regval(const struct lm__shareconf *sc, struct lm__regval *out, lm_error *err);

/* Share type for display, as PowerShell's Get-SmbShare shows it: ShareType, Special, Temporary. */
struct lm__sharetype {
    const char *name; /* "Disk", "PrintQueue", "Device", "IPC", or "Unknown" */
    bool special;
    bool temporary;
};
struct lm__sharetype lm__sharetype_decode(uint32_t type);

/* Checks a name for `share add` (MS-SRVS 2.2.2.8, NAMETYPE_SHARE): 1 to 80 UTF-16 characters, none of
 * "/\[]:|<>+=;,*? or control characters, valid UTF-8, not only dots and spaces, and not IPC$ or ADMIN$
 * (the server creates those). LM_ENAME with a one-line reason. */
lm_status lm__share_name_check(const char *name, lm_error *err);

/* Checks a path for `share add` of a disk share: an absolute local path, drive letter, ':' and '\'
 * (C:\ or C:\Data\Finance). UNC paths, relative paths, '/' separators, "." or ".." components and the
 * characters <>"|?* are refused: the server resolves the path on its own disks. LM_EPATH. */
lm_status lm__share_path_check(const char *path, lm_error *err);

#endif
