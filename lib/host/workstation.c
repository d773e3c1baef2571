/* The Workstation service's identity and logged-on users, written once above the backend primitives: the
 * info level fallback 102 -> 101 -> 100 (the frees are in core/model.c). Portable: no OS headers. */
#include <stdlib.h>

#include "host/host.h"

static lm_status not_available(struct lm_host *h, const char *what)
{
    return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0, "%s: not available through the %s backend", what,
                        h->ops->name);
}

lm_status lm_workstation_get(lm_host *h, lm_workstation **out)
{
    static const int levels[] = {102, 101, 100};
    lm_workstation *w;
    lm_status st = LM_EACCES;

    if (h->ops->wksta_info == NULL)
        return not_available(h, "the workstation information");
    if ((w = calloc(1, sizeof *w)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    /* 102 adds the logged-on user count, which Samba and Windows give administrators only; the identity
     * itself (100) is anyone's. */
    for (size_t i = 0; i < sizeof levels / sizeof levels[0] && st == LM_EACCES; i++)
        st = h->ops->wksta_info(h, levels[i], w);
    if (st != LM_OK) {
        free(w);
        return st;
    }
    *out = w;
    return LM_OK;
}

lm_status lm_workstation_users(lm_host *h, lm_workstation_user **out, size_t *n)
{
    if (h->ops->wksta_users == NULL)
        return not_available(h, "the logged-on users");
    return h->ops->wksta_users(h, out, n);
}
