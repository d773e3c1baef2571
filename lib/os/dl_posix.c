/* lm__dl_load (dl.h) with dlopen and dlsym. POSIX only: Windows links what it uses. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dl.h"

static void load(struct lm__dl *d)
{
    const char *e;
    size_t i, n = 0;
    void *lib, *sym;

    while (d->names[n] != NULL)
        n++;
    if (n * sizeof(void *) != d->size) {
        snprintf(d->why, sizeof d->why, "%s: %zu names for a table of %zu bytes", d->soname, n, d->size);
        return;
    }
    if ((lib = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
        if ((e = dlerror()) == NULL)
            e = "cannot open it";
        if (strstr(e, d->soname) != NULL) /* dlerror names the file it tried, mostly */
            snprintf(d->why, sizeof d->why, "%s", e);
        else
            snprintf(d->why, sizeof d->why, "%s: %s", d->soname, e);
        return;
    }
    for (i = 0; i < n; i++) {
        if ((sym = dlsym(lib, d->names[i])) == NULL) {
            snprintf(d->why, sizeof d->why, "%s: no symbol %s", d->soname, d->names[i]);
            memset(d->table, 0, d->size);
            dlclose(lib);
            return;
        }
        /* memcpy: ISO C has no conversion from void * to a function pointer; POSIX guarantees the bits. */
        memcpy((unsigned char *)d->table + i * sizeof sym, &sym, sizeof sym);
    }
    d->state = 1; /* never closed: the table points into it for the life of the process */
}

bool lm__dl_load(struct lm__dl *d)
{
    bool ok;

    pthread_mutex_lock(&d->lock);
    if (d->state == 0) {
        d->state = -1;
        load(d);
    }
    ok = d->state == 1;
    pthread_mutex_unlock(&d->lock);
    return ok;
}
