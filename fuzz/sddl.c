/* Self-relative security descriptors (MS-DTYP 2.4.6) as a server returns them (SHARE_INFO_502, the Shares
 * Security registry values): to SDDL, and to share grants. */
#include <stdlib.h>

#include "core/sddl.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__share_grant *g = NULL;
    char *sddl = NULL;
    size_t n = 0;
    lm_error err;

    lm_error_clear(&err);
    if (lm__sd_to_sddl(data, size, &sddl, &err) == LM_OK)
        free(sddl);
    if (lm__sd_grants(data, size, &g, &n, &err) == LM_OK) {
        char buf[24];

        for (size_t i = 0; i < n; i++)
            lm__share_right_text(g[i].mask, buf);
        free(g);
    }
    return 0;
}
