/* Security descriptors: the binary self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6) that
 * LanmanServer\Shares\Security\<share> holds and NetShareGetInfo level 502 / srvsvc return, as SDDL text
 * the way ConvertSecurityDescriptorToStringSecurityDescriptorW prints it ("O:BAG:SYD:(A;;FA;;;WD)"), and
 * the reverse for `share add --full/--change/--read`: a self-relative SD whose DACL holds ACCESS_ALLOWED
 * ACEs. Every offset, size and count in the input is checked; hostile input is LM_EPROTO, never a read
 * out of bounds. */
#ifndef LM_CORE_SDDL_H
#define LM_CORE_SDDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"

#define LM__SID_MAX_SUBAUTH 15 /* MS-DTYP 2.4.2.2 */
/* "S-1-" + "0x" 12 hex digits + 15 x "-4294967295" + NUL */
#define LM__SID_STRING_MAX 184

/* Share permissions as Windows' share dialog and Get-SmbShareAccess name them. */
#define LM__SHARE_RIGHT_FULL   0x001F01FFu /* FILE_ALL_ACCESS, SDDL "FA" */
#define LM__SHARE_RIGHT_CHANGE 0x001301BFu
#define LM__SHARE_RIGHT_READ   0x001200A9u

struct lm__sid {
    uint8_t count;   /* sub-authorities, 0..15 */
    uint8_t auth[6]; /* IdentifierAuthority, big-endian */
    uint32_t sub[LM__SID_MAX_SUBAUTH];
};

/* "S-1-5-32-544" or an SDDL alias ("BA", "WD", case-insensitively) to a SID. LM_EINVAL. */
lm_status lm__sid_from_string(const char *s, struct lm__sid *out);

/* The S-R-I-S... form (MS-DTYP 2.4.2.1): authority in decimal below 2^32, else 0x and 12 hex digits. */
char *lm__sid_to_string(const struct lm__sid *sid, char buf[LM__SID_STRING_MAX]);

/* The SDDL alias of a well-known, domain-independent SID ("BA" for S-1-5-32-544), or NULL. Aliases of
 * domain-relative SIDs (DA, DU, LA, ...) need the machine's domain and are never returned. */
const char *lm__sid_alias(const struct lm__sid *sid);

/* The account name of a well-known, domain-independent SID as Windows prints it ("Everyone",
 * "BUILTIN\Administrators", "NT AUTHORITY\SYSTEM"), or NULL. */
const char *lm__sid_account(const struct lm__sid *sid);

/* The SID of a well-known account name, case-insensitively, with or without its domain ("Everyone",
 * "Administrators", "BUILTIN\Administrators"). LM_ENOENT for any other name. */
lm_status lm__sid_from_account(const char *name, struct lm__sid *out);

/* Binary SID (MS-DTYP 2.4.2.2) <-> struct. parse: LM_EPROTO on a bad revision, too many sub-authorities
 * or too few bytes; *used receives its size. */
lm_status lm__sid_parse(const uint8_t *p, size_t n, struct lm__sid *out, size_t *used);
size_t lm__sid_size(const struct lm__sid *sid); /* 8 + 4 * count */
void lm__sid_put(struct lm__buf *b, const struct lm__sid *sid);

/* The SDDL string of a self-relative security descriptor (free()). *sddl is set only on success; err (may
 * be NULL) says what is wrong and where: LM_EPROTO for malformed data, LM_ENOTSUP for ACE types SDDL
 * needs more than this module knows for (callback and resource attribute ACEs). */
lm_status lm__sd_to_sddl(const uint8_t *p, size_t n, char **sddl, lm_error *err);

/* One share permission: who, which access mask, allowed or denied. */
struct lm__share_grant {
    struct lm__sid sid;
    uint32_t mask;
    bool deny;
};

/* A self-relative SD (MS-DTYP 2.4.6) with control SE_SELF_RELATIVE | SE_DACL_PRESENT, optional owner and
 * group (NULL for none), and a DACL (revision 2) of one ACCESS_ALLOWED or ACCESS_DENIED ACE per grant, in
 * the order given, with no inheritance flags. The result is freed with free(). */
lm_status lm__sd_build(const struct lm__sid *owner, const struct lm__sid *group,
                       const struct lm__share_grant *g, size_t n, uint8_t **out, size_t *len);

/* The share permissions of a self-relative SD: one grant per ACCESS_ALLOWED/ACCESS_DENIED ACE of the DACL,
 * in order. A NULL or absent DACL grants everything to everyone: one grant, Everyone (S-1-1-0) Full. Other
 * ACE types in the DACL are LM_ENOTSUP (never silently left out). *out (free()) is set only on success;
 * *n may be 0 (an empty DACL: nobody has access). */
lm_status lm__sd_grants(const uint8_t *p, size_t n, struct lm__share_grant **out, size_t *count,
                        lm_error *err);

/* The owner and group of a self-relative SD (has_*: whether it has them), to keep them when its DACL is
 * rebuilt. LM_EPROTO for malformed data, as lm__sd_to_sddl. */
lm_status lm__sd_owner_group(const uint8_t *p, size_t n, struct lm__sid *owner, bool *has_owner,
                             struct lm__sid *group, bool *has_group, lm_error *err);

/* Puts the grants in canonical DACL order (MS-DTYP 2.4.5, "Order of ACEs in a DACL"): explicit deny entries
 * before allow entries, each group keeping its order. */
void lm__share_grants_canonical(struct lm__share_grant *g, size_t n);

/* "Full", "Change", "Read" for the three masks Windows' share permissions use, else "Custom(0x1f0000)".
 * Returns buf. */
char *lm__share_right_text(uint32_t mask, char buf[24]);

#endif
