#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>

#include "xmltest.h"
#include "xml/xml.h"

xmlDocPtr xt_parse(const char *text, size_t n)
{
    xmlDocPtr doc = xmlReadMemory(text, (int)n, "export.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);

    LMT_PTR_OK(doc);
    return doc;
}

void xt_assert_valid(xmlDocPtr doc, const char *text)
{
    lm_error err = {0};

    if (lm__xml_validate(doc, "export.xml", &err) != LM_OK) {
        fprintf(stderr, "%s\n%s\n", err.message, text != NULL ? text : "");
        LMT_TRUE(false);
    }
}

struct mem {
    char *p;
    size_t n;
};

static lm_status mem_write(void *ctx, const void *buf, size_t len)
{
    struct mem *m = ctx;
    char *grown = realloc(m->p, m->n + len + 1);

    LMT_PTR_OK(grown);
    m->p = grown;
    memcpy(m->p + m->n, buf, len);
    m->n += len;
    m->p[m->n] = '\0';
    return LM_OK;
}

xmlDocPtr xt_export(lm_host *h)
{
    struct mem m = {NULL, 0};
    xmlDocPtr doc;
    lm_status st = lm_config_export(h, mem_write, &m);

    if (st != LM_OK)
        fprintf(stderr, "lm_config_export: %s\n", lm_host_error(h)->message);
    LMT_EQ(st, LM_OK);
    doc = xt_parse(m.p, m.n);
    xt_assert_valid(doc, m.p);
    free(m.p);
    return doc;
}

char *xt_xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o;
    char *out;

    LMT_PTR_OK(ctx);
    xmlXPathRegisterNs(ctx, BAD_CAST "c", BAD_CAST LM_CONFIG_NAMESPACE);
    o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    LMT_PTR_OK(o);
    out = (char *)xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return out;
}
