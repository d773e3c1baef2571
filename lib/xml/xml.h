/* Internals shared by the parts of lib/xml: schema validation and libxml2 error capture. libxml2 comes
 * through xmlapi.h (loaded on first use on POSIX). */
#ifndef LM_XML_XML_H
#define LM_XML_XML_H

#include "xml/xmlapi.h"

#include "lanman/error.h"
#include "lanman/xml.h"

/* Validates doc against the built-in schema (loading libxml2 if need be). On failure: LM_EINVAL and one line
 * in err naming the first problem ("NAME:LINE: ..."). */
lm_status lm__xml_validate(xmlDocPtr doc, const char *name, lm_error *err);

#endif
