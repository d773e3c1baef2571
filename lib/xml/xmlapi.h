/* libxml2 for lib/xml and cli/output.c: include this header, not <libxml/...>, and call lm__xml_load() before
 * the first libxml2 call.
 *
 * On POSIX (LM_XML_DLOPEN, set by lib/xml/CMakeLists.txt) neither liblanman nor lanman links libxml2: with
 * ICU and libstdc++ behind it, linking it costs every command about 2.7 MiB of resident memory (and its
 * static initialisers) that only the XML commands use. xmlapi_dlopen.c opens libxml2.so.2 on first use and
 * fills one table of pointers, lm__xml; the defines at the end make each name used here call through it, so
 * the call sites read as plain libxml2. A name missing from LM__XML_NAMES is an undefined symbol at link
 * time. On Windows libxml2 is linked (statically) and xmlapi_linked.c's lm__xml_load() has nothing to do.
 *
 * The CLI compiles its own copy of the loader (liblanman's symbols are hidden), so a process may hold two
 * tables; both point into the one libxml2 the dynamic loader maps. */
#ifndef LM_XML_XMLAPI_H
#define LM_XML_XMLAPI_H

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "lanman/error.h"

/* Makes libxml2 callable, once per process (thread-safe). LM_OK, or LM_ESYS with one line in err (which may
 * be NULL) that says libxml2 could not be loaded and why. */
lm_status lm__xml_load(lm_error *err);

/* Every libxml2 function (and xmlFree, a variable) that lanman calls. */
#define LM__XML_NAMES(X)                  \
    X(xmlBufferContent)                   \
    X(xmlBufferCreate)                    \
    X(xmlBufferFree)                      \
    X(xmlCtxtReadMemory)                  \
    X(xmlDocGetRootElement)               \
    X(xmlFree)                            \
    X(xmlFreeDoc)                         \
    X(xmlFreeParserCtxt)                  \
    X(xmlFreeTextWriter)                  \
    X(xmlGetLineNo)                       \
    X(xmlGetNoNsProp)                     \
    X(xmlHasNsProp)                       \
    X(xmlNewParserCtxt)                   \
    X(xmlNewTextWriter)                   \
    X(xmlNewTextWriterMemory)             \
    X(xmlNodeGetContent)                  \
    X(xmlOutputBufferClose)               \
    X(xmlOutputBufferCreateIO)            \
    X(xmlSAX2EndElementNs)                \
    X(xmlSAX2StartElementNs)              \
    X(xmlSchemaFree)                      \
    X(xmlSchemaFreeParserCtxt)            \
    X(xmlSchemaFreeValidCtxt)             \
    X(xmlSchemaNewMemParserCtxt)          \
    X(xmlSchemaNewValidCtxt)              \
    X(xmlSchemaParse)                     \
    X(xmlSchemaSetParserStructuredErrors) \
    X(xmlSchemaSetValidStructuredErrors)  \
    X(xmlSchemaValidateDoc)               \
    X(xmlStopParser)                      \
    X(xmlTextWriterEndDocument)           \
    X(xmlTextWriterEndElement)            \
    X(xmlTextWriterFlush)                 \
    X(xmlTextWriterSetIndent)             \
    X(xmlTextWriterSetIndentString)       \
    X(xmlTextWriterStartDocument)         \
    X(xmlTextWriterStartElement)          \
    X(xmlTextWriterStartElementNS)        \
    X(xmlTextWriterWriteAttribute)        \
    X(xmlTextWriterWriteRaw)              \
    X(xmlTextWriterWriteString)

#ifdef LM_XML_DLOPEN
/* One pointer per name, of the declared type (for xmlFree, a pointer to the variable). */
struct lm__xml_api {
#define LM__XML_MEMBER(name) __typeof__(name) *name;
    LM__XML_NAMES(LM__XML_MEMBER)
#undef LM__XML_MEMBER
};
extern struct lm__xml_api lm__xml;

#ifndef LM__XML_LOADER /* the loader fills the members by these names */
#define xmlBufferContent                   (*lm__xml.xmlBufferContent)
#define xmlBufferCreate                    (*lm__xml.xmlBufferCreate)
#define xmlBufferFree                      (*lm__xml.xmlBufferFree)
#define xmlCtxtReadMemory                  (*lm__xml.xmlCtxtReadMemory)
#define xmlDocGetRootElement               (*lm__xml.xmlDocGetRootElement)
#define xmlFree                            (*lm__xml.xmlFree)
#define xmlFreeDoc                         (*lm__xml.xmlFreeDoc)
#define xmlFreeParserCtxt                  (*lm__xml.xmlFreeParserCtxt)
#define xmlFreeTextWriter                  (*lm__xml.xmlFreeTextWriter)
#define xmlGetLineNo                       (*lm__xml.xmlGetLineNo)
#define xmlGetNoNsProp                     (*lm__xml.xmlGetNoNsProp)
#define xmlHasNsProp                       (*lm__xml.xmlHasNsProp)
#define xmlNewParserCtxt                   (*lm__xml.xmlNewParserCtxt)
#define xmlNewTextWriter                   (*lm__xml.xmlNewTextWriter)
#define xmlNewTextWriterMemory             (*lm__xml.xmlNewTextWriterMemory)
#define xmlNodeGetContent                  (*lm__xml.xmlNodeGetContent)
#define xmlOutputBufferClose               (*lm__xml.xmlOutputBufferClose)
#define xmlOutputBufferCreateIO            (*lm__xml.xmlOutputBufferCreateIO)
#define xmlSAX2EndElementNs                (*lm__xml.xmlSAX2EndElementNs)
#define xmlSAX2StartElementNs              (*lm__xml.xmlSAX2StartElementNs)
#define xmlSchemaFree                      (*lm__xml.xmlSchemaFree)
#define xmlSchemaFreeParserCtxt            (*lm__xml.xmlSchemaFreeParserCtxt)
#define xmlSchemaFreeValidCtxt             (*lm__xml.xmlSchemaFreeValidCtxt)
#define xmlSchemaNewMemParserCtxt          (*lm__xml.xmlSchemaNewMemParserCtxt)
#define xmlSchemaNewValidCtxt              (*lm__xml.xmlSchemaNewValidCtxt)
#define xmlSchemaParse                     (*lm__xml.xmlSchemaParse)
#define xmlSchemaSetParserStructuredErrors (*lm__xml.xmlSchemaSetParserStructuredErrors)
#define xmlSchemaSetValidStructuredErrors  (*lm__xml.xmlSchemaSetValidStructuredErrors)
#define xmlSchemaValidateDoc               (*lm__xml.xmlSchemaValidateDoc)
#define xmlStopParser                      (*lm__xml.xmlStopParser)
#define xmlTextWriterEndDocument           (*lm__xml.xmlTextWriterEndDocument)
#define xmlTextWriterEndElement            (*lm__xml.xmlTextWriterEndElement)
#define xmlTextWriterFlush                 (*lm__xml.xmlTextWriterFlush)
#define xmlTextWriterSetIndent             (*lm__xml.xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString       (*lm__xml.xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument         (*lm__xml.xmlTextWriterStartDocument)
#define xmlTextWriterStartElement          (*lm__xml.xmlTextWriterStartElement)
#define xmlTextWriterStartElementNS        (*lm__xml.xmlTextWriterStartElementNS)
#define xmlTextWriterWriteAttribute        (*lm__xml.xmlTextWriterWriteAttribute)
#define xmlTextWriterWriteRaw              (*lm__xml.xmlTextWriterWriteRaw)
#define xmlTextWriterWriteString           (*lm__xml.xmlTextWriterWriteString)
#endif
#endif

#endif
