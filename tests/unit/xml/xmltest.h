/* Helpers for tests of configuration documents (tests/unit/xml, tests/win32): export into memory, parse
 * back the safe way, validate against the built-in schema, and read values with XPath (prefix c: is the
 * document's namespace). */
#ifndef LANMAN_TEST_XMLTEST_H
#define LANMAN_TEST_XMLTEST_H

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "lanman/xml.h"

/* Parses text (asserting that it is well-formed XML); free with xmlFreeDoc(). */
xmlDocPtr xt_parse(const char *text, size_t n);

/* Asserts that doc validates against the built-in schema (printing the reason and text when not). */
void xt_assert_valid(xmlDocPtr doc, const char *text);

/* lm_config_export(h) into memory, asserting LM_OK, well-formedness and validity. */
xmlDocPtr xt_export(lm_host *h);

/* The string value of an XPath expression (xmlFree() it). */
char *xt_xp(xmlDocPtr doc, const char *expr);

#define XP_EQ(doc, expr, want)                                              \
    do {                                                                    \
        char *got_ = xt_xp(doc, expr);                                      \
        if (strcmp(got_, want) != 0)                                        \
            fprintf(stderr, "%s: got '%s', want '%s'\n", expr, got_, want); \
        CU_ASSERT_STRING_EQUAL(got_, want);                                 \
        xmlFree(got_);                                                      \
    } while (0)

#endif
