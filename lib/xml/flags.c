/* The <flags> element's share properties (level 1005's shi1005_flags under Get-SmbShare's names), written
 * once for the export, the loader and the plan's texts. */
#include <string.h>

#include "lanman/share.h"
#include "xml/model.h"

const struct lm__share_prop lm__share_props[] = {
    {"caching-mode", LM_SHI1005_CACHING_BITS},
    {"folder-enumeration-mode", LM_SHI1005_ACCESS_BASED_ENUM},
    {"encrypt-data", LM_SHI1005_ENCRYPT_DATA},
    {"continuously-available", LM_SHI1005_ENABLE_CA},
    {"compress-data", LM_SHI1005_COMPRESS_DATA},
    {"identity-remoting", LM_SHI1005_IDENTITY_REMOTING},
    {"restrict-exclusive-opens", LM_SHI1005_RESTRICT_EXCLUSIVE},
    {"force-shared-delete", LM_SHI1005_FORCE_SHARED_DELETE},
    {"namespace-caching", LM_SHI1005_NAMESPACE_CACHING},
    {"force-level2-oplock", LM_SHI1005_FORCE_LEVELII_OPLOCK},
};
const size_t lm__nshare_props = sizeof lm__share_props / sizeof lm__share_props[0];

const char *lm__share_prop_text(const struct lm__share_prop *p, uint32_t flags)
{
    if (p->bits == LM_SHI1005_CACHING_BITS)
        return lm_share_caching_mode_name(flags);
    if (p->bits == LM_SHI1005_ACCESS_BASED_ENUM)
        return (flags & p->bits) != 0 ? "AccessBased" : "Unrestricted";
    return (flags & p->bits) != 0 ? "true" : "false";
}

lm_status lm__share_prop_parse(const struct lm__share_prop *p, const char *text, uint32_t *bits)
{
    if (p->bits == LM_SHI1005_CACHING_BITS)
        return lm_share_caching_mode_parse(text, bits);
    if (p->bits == LM_SHI1005_ACCESS_BASED_ENUM) {
        if (strcmp(text, "AccessBased") != 0 && strcmp(text, "Unrestricted") != 0)
            return LM_EINVAL;
        *bits = strcmp(text, "AccessBased") == 0 ? p->bits : 0;
        return LM_OK;
    }
    if (strcmp(text, "true") != 0 && strcmp(text, "1") != 0 && strcmp(text, "false") != 0 &&
        strcmp(text, "0") != 0)
        return LM_EINVAL;
    *bits = strcmp(text, "true") == 0 || strcmp(text, "1") == 0 ? p->bits : 0;
    return LM_OK;
}
