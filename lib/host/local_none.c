/* The local backend where there is no local Lanman: every system but Windows. Portable. */
#include "host/host.h"

const bool lm__host_local_reaches_servers = false;

lm_status lm__host_local_open(struct lm_host *h, const lm_host_options *opt)
{
    (void)opt;
    return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                        "the local machine is reachable only on Windows");
}
