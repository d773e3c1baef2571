/* Internals shared by the parts of lib/xml: schema validation and libxml2 error capture. */
#ifndef LM_XML_XML_H
#define LM_XML_XML_H

#include <libxml/tree.h>

#include "lanman/error.h"
#include "lanman/xml.h"

/* Validates doc against the built-in schema. On failure: LM_EINVAL and one line in err naming the first
 * problem ("NAME:LINE: ..."). */
lm_status lm__xml_validate(xmlDocPtr doc, const char *name, lm_error *err);

#endif
