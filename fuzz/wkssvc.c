/* wkssvc (MS-WKST) response stubs as a hostile server sends them: the first input byte picks the decoder
 * and its level (NetrWkstaGetInfo 100, 101, 102; NetrWkstaUserEnum 0, 1); the rest is the stub. What a
 * decoder returns on success is freed with its own free function; on error it must have left nothing
 * allocated. */
#include <stdlib.h>

#include "core/model.h"
#include "rpc/wkssvc.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int info_levels[3] = {100, 101, 102};
    unsigned which;

    if (size < 1)
        return 0;
    which = data[0] % 5u;
    data++;
    size--;
    if (which < 3) {
        lm_workstation w = {0};
        uint32_t werr;

        if (lm__wkssvc_getinfo_resp(data, size, info_levels[which], &w, &werr) == LM_OK)
            lm__wksta_clear(&w);
    } else {
        struct lm__wkssvc_user_page pg = {0};

        if (lm__wkssvc_user_enum_resp(data, size, which == 3 ? 0 : 1, &pg) == LM_OK)
            lm_workstation_user_list_free(pg.list, pg.n);
    }
    return 0;
}
