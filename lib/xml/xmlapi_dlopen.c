/* libxml2 loaded on first use (POSIX): see xmlapi.h; the loading is lib/os/dl.h's. */
#define LM__XML_LOADER
#include "xmlapi.h"

#include "dl.h"

/* The soname Debian's libxml2 package ships (and the .deb depends on). */
#define LIBXML2_SONAME "libxml2.so.2"

struct lm__xml_api lm__xml;

#define LM__XML_NAME(name) #name,
static const char *const names[] = {LM__XML_NAMES(LM__XML_NAME) NULL};
#undef LM__XML_NAME
static struct lm__dl lib = LM__DL_INIT(LIBXML2_SONAME, names, lm__xml);

lm_status lm__xml_load(lm_error *err)
{
    if (lm__dl_load(&lib))
        return LM_OK;
    if (err != NULL)
        lm_error_set(err, LM_ESYS, LM_RAW_NONE, 0,
                     "cannot load libxml2, which XML needs (install libxml2): %s", lib.why);
    return LM_ESYS;
}
