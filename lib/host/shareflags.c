/* Share flags (SHARE_INFO_1005, MS-SRVS 2.2.4.29) above the backend primitives: Get-SmbShare's CachingMode
 * names, and the read-modify-write-verify of lm_share_set_flags. Portable: no OS headers. */
#include <stdio.h>
#include <string.h>

#include "host/host.h"

/* CachingMode as PowerShell names it; BranchCache is hash publication on a manually cached share. */
static const struct {
    const char *name;
    uint32_t bits;
} caching[] = {
    {"Manual", LM_SHI1005_CSC_MANUAL},     {"Documents", LM_SHI1005_CSC_DOCUMENTS},
    {"Programs", LM_SHI1005_CSC_PROGRAMS}, {"BranchCache", LM_SHI1005_CSC_MANUAL | LM_SHI1005_ENABLE_HASH},
    {"None", LM_SHI1005_CSC_NONE},
};

const char *lm_share_caching_mode_name(uint32_t flags)
{
    if (flags & LM_SHI1005_ENABLE_HASH)
        return "BranchCache";
    for (size_t i = 0; i < sizeof caching / sizeof caching[0]; i++)
        if ((flags & LM_SHI1005_CSC_MASK) == caching[i].bits)
            return caching[i].name;
    return "Manual"; /* not reached: the mask has four values */
}

static bool iequal(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

lm_status lm_share_caching_mode_parse(const char *name, uint32_t *bits)
{
    for (size_t i = 0; name != NULL && i < sizeof caching / sizeof caching[0]; i++) {
        if (iequal(name, caching[i].name)) {
            *bits = caching[i].bits;
            return LM_OK;
        }
    }
    return LM_EINVAL;
}

lm_status lm_share_get_flags(lm_host *h, const char *name, uint32_t *flags)
{
    lm_error_clear(&h->err);
    if (h->ops->share_get_flags == NULL)
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "cannot read the flags of share %s: not available through the %s backend", name,
                            h->ops->name);
    if (h->ops->share_get_flags(h, name, flags) != LM_OK)
        return lm__host_context(h, "cannot read the flags of share %s", name);
    return LM_OK;
}

/* The Get-SmbShare properties among bits, for a message: "EncryptData, FolderEnumerationMode". */
static void property_names(uint32_t bits, char *buf, size_t size)
{
    static const struct {
        uint32_t bits;
        const char *name;
    } props[] = {
        {LM_SHI1005_CACHING_BITS, "CachingMode"},   {LM_SHI1005_ACCESS_BASED_ENUM, "FolderEnumerationMode"},
        {LM_SHI1005_ENCRYPT_DATA, "EncryptData"},   {LM_SHI1005_ENABLE_CA, "ContinuouslyAvailable"},
        {LM_SHI1005_COMPRESS_DATA, "CompressData"}, {LM_SHI1005_IDENTITY_REMOTING, "IdentityRemoting"},
    };
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        if ((bits & props[i].bits) == 0)
            continue;
        snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "", props[i].name);
        len += strlen(buf + len);
        bits &= ~props[i].bits;
    }
    if (bits != 0)
        snprintf(buf + len, size - len, "%sflags 0x%X", len > 0 ? ", " : "", (unsigned)bits);
}

lm_status lm_share_set_flags(lm_host *h, const char *name, uint32_t mask, uint32_t values)
{
    uint32_t old, want, now;
    char props[200];

    if (lm_share_get_flags(h, name, &old) != LM_OK)
        return h->err.status;
    want = (old & ~mask) | (values & mask);
    if (want == old)
        return LM_OK;
    if (h->ops->share_set_flags == NULL || h->ops->share_set_flags(h, name, want) != LM_OK) {
        if (h->ops->share_set_flags == NULL)
            lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0, "not available through the %s backend",
                         h->ops->name);
        return lm__host_context(h, "cannot change the flags of share %s", name);
    }
    /* Samba answers WERR_OK to a level 1005 that keeps the caching mode, and applies nothing: it keeps the
     * rest in smb.conf. What the server says after the change is what counts. */
    if (lm_share_get_flags(h, name, &now) != LM_OK)
        return h->err.status;
    if ((now & mask) != (want & mask)) {
        property_names((now ^ want) & mask, props, sizeof props);
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "cannot change the flags of share %s: the server accepted the change but left %s "
                            "unchanged (a Samba server takes these from smb.conf)",
                            name, props);
    }
    return LM_OK;
}
