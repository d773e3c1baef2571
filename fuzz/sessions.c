/* NDR response stubs of MS-SRVS's session, open-file, connection, transport and disk enumerations
 * (NetrSessionEnum, NetrFileEnum, NetrConnectionEnum, NetrServerTransportEnum, NetrServerDiskEnum), as a
 * hostile server sends them. The first input byte picks the enumeration and its info level; the rest is the
 * stub. What the decoder returns on success is freed with lm__srv_items_free (lm__srv_disks_free); on error
 * it must have left nothing allocated. */
#include <stdlib.h>

#include "rpc/srvsvc.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        enum lm__srv_kind kind;
        int level;
    } pick[] = {{LM__SRV_SESSIONS, 10},   {LM__SRV_SESSIONS, 1},
                {LM__SRV_SESSIONS, 502},  {LM__SRV_FILES, 3},
                {LM__SRV_CONNECTIONS, 1}, {LM__SRV_TRANSPORTS, 0},
                {LM__SRV_TRANSPORTS, 1},  {LM__SRV_SESSIONS, -1 /* NetrServerDiskEnum */}};
    struct lm__srvsvc_items_page pg;
    unsigned which;

    if (size < 1)
        return 0;
    which = data[0] % (unsigned)(sizeof pick / sizeof pick[0]);
    if (pick[which].level < 0) {
        if (lm__srvsvc_disk_resp(data + 1, size - 1, &pg) == LM_OK)
            lm__srv_disks_free(pg.list, pg.n);
        else if (pg.list != NULL)
            abort();
        return 0;
    }
    if (lm__srvsvc_items_resp(data + 1, size - 1, pick[which].kind, pick[which].level, &pg) == LM_OK)
        lm__srv_items_free(pick[which].kind, pg.list, pg.n);
    else if (pg.list != NULL)
        abort(); /* an error leaves nothing behind */
    return 0;
}
