/* The built-in schema and validation against it. */
#include "xml/xml.h"

#include <stdio.h>
#include <string.h>

#include "schema_xsd.h"

const char *lm_config_schema(void)
{
    return lm__schema_xsd;
}

/* The first error libxml2 reports, kept for the one-line message. */
struct first_error {
    char msg[256];
    int line;
    bool set;
    bool nomem; /* libxml2 ran out of memory: neither the schema nor a verdict can be trusted */
};

static void keep_first(void *ctx, xmlErrorPtr e)
{
    struct first_error *f = ctx;
    size_t len;

    f->nomem = f->nomem || (e != NULL && e->code == XML_ERR_NO_MEMORY);
    if (f->set || e == NULL || e->message == NULL)
        return;
    f->set = true;
    f->line = e->line;
    snprintf(f->msg, sizeof f->msg, "%s", e->message);
    len = strlen(f->msg);
    while (len > 0 && (f->msg[len - 1] == '\n' || f->msg[len - 1] == ' '))
        f->msg[--len] = '\0';
}

lm_status lm__xml_validate(xmlDocPtr doc, const char *name, lm_error *err)
{
    struct first_error first = {0};
    xmlSchemaParserCtxtPtr pctx;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctx = NULL;
    lm_status st = LM_ENOMEM;
    int rc;

    if ((st = lm__xml_load(err)) != LM_OK)
        return st;
    pctx = xmlSchemaNewMemParserCtxt(lm__schema_xsd, (int)strlen(lm__schema_xsd));
    if (pctx == NULL)
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    xmlSchemaSetParserStructuredErrors(pctx, keep_first, &first);
    schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    /* The schema is built in and compiles (tests/unit/xml): failing here is libxml2 out of memory, which its
     * schema parser reports as such only sometimes (an allocation inside its XML parser comes back as "Failed
     * to parse the XML resource"). */
    if (first.nomem || schema == NULL) {
        st = lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0,
                          "out of memory (the built-in schema does not compile: %s)", first.msg);
        goto out;
    }
    vctx = xmlSchemaNewValidCtxt(schema);
    if (vctx == NULL) {
        st = lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        goto out;
    }
    xmlSchemaSetValidStructuredErrors(vctx, keep_first, &first);
    rc = xmlSchemaValidateDoc(vctx, doc);
    if (first.nomem)
        st = lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    else if (rc == 0)
        st = LM_OK;
    else if (first.set)
        st = lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "%s:%d: not a lanman configuration document: %s",
                          name ? name : "document", first.line, first.msg);
    else
        st = lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "%s: not a lanman configuration document",
                          name ? name : "document");
out:
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    return st;
}
