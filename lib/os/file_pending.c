/* The list of pending temporary files (file_pending.h). */
#include <stdatomic.h>

#include "os/file_pending.h"

static _Atomic(const void *) slots[LM__PENDING_MAX];

bool lm__pending_add(const void *path)
{
    for (size_t i = 0; i < LM__PENDING_MAX; i++) {
        const void *none = NULL;

        if (atomic_compare_exchange_strong(&slots[i], &none, path))
            return true;
    }
    return false;
}

void lm__pending_drop(const void *path)
{
    for (size_t i = 0; i < LM__PENDING_MAX; i++) {
        const void *p = path;

        if (atomic_compare_exchange_strong(&slots[i], &p, NULL))
            return;
    }
}

const void *lm__pending_get(size_t i)
{
    return i < LM__PENDING_MAX ? atomic_load(&slots[i]) : NULL;
}
