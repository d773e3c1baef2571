/* libxml2 loaded on first use (POSIX): see xmlapi.h. Portable apart from dlopen, which is why this file is
 * the POSIX one and xmlapi_linked.c the other. */
#define LM__XML_LOADER
#include "xmlapi.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The soname Debian's libxml2 package ships (and the .deb depends on). */
#define LIBXML2_SONAME "libxml2.so.2"

struct lm__xml_api lm__xml;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded;
static char why[200];

static void load(void)
{
    struct lm__xml_api api;
    void *lib = dlopen(LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *e;
    void *sym;

    if (lib == NULL) {
        e = dlerror();
        snprintf(why, sizeof why, "%s", e != NULL ? e : LIBXML2_SONAME ": cannot open");
        return;
    }
    /* memcpy: ISO C has no conversion from void * to a function pointer; POSIX guarantees the bits. */
#define LM__XML_RESOLVE(name)                                                 \
    if ((sym = dlsym(lib, #name)) == NULL) {                                  \
        snprintf(why, sizeof why, "%s: no symbol %s", LIBXML2_SONAME, #name); \
        dlclose(lib);                                                         \
        return;                                                               \
    }                                                                         \
    memcpy(&api.name, &sym, sizeof sym);
    LM__XML_NAMES(LM__XML_RESOLVE)
#undef LM__XML_RESOLVE
    lm__xml = api; /* never closed: the table points into it for the life of the process */
    loaded = true;
}

lm_status lm__xml_load(lm_error *err)
{
    pthread_once(&once, load);
    if (loaded)
        return LM_OK;
    if (err != NULL)
        lm_error_set(err, LM_ESYS, LM_RAW_NONE, 0,
                     "cannot load libxml2, which XML needs (install libxml2): %s", why);
    return LM_ESYS;
}
