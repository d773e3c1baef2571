/* libxml2 linked into the program (the Windows build's static libxml2): nothing to load. See xmlapi.h. */
#include "xmlapi.h"

lm_status lm__xml_load(lm_error *err)
{
    (void)err;
    return LM_OK;
}
