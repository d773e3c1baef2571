/* MS-LSAT lookup responses (LsarLookupNames3, LsarLookupNames2, LsarLookupSids2) as a hostile server sends
 * them. The first input byte picks the decoder (bits 0-1: names3, names2, sids2) and the number of names or
 * SIDs asked (bits 2-7, plus one); the rest is the stub. Decoded names are freed; on error the decoder must
 * have left nothing allocated. */
#include <stdlib.h>

#include "rpc/lsarpc.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__lsa_xlat x[64];
    uint32_t status;
    size_t n;

    if (size < 1)
        return 0;
    n = (size_t)(data[0] >> 2) + 1;
    switch (data[0] & 3) {
    case 0:
        (void)lm__lsa_lookup_names_resp(data + 1, size - 1, 3, n, x, &status);
        break;
    case 1:
        (void)lm__lsa_lookup_names_resp(data + 1, size - 1, 2, n, x, &status);
        break;
    default:
        if (lm__lsa_lookup_sids_resp(data + 1, size - 1, n, x, &status) == LM_OK)
            lm__lsa_xlat_clear(x, n);
        break;
    }
    return 0;
}
