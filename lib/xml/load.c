/* Reading a configuration document safely, then building its model (model.h).
 *
 * What a hostile document could try, and what stops it:
 *   - size: refused before parsing (LM_BASELINE_MAX_BYTES); a file is never read past the limit;
 *   - network and files: XML_PARSE_NONET, and no DTD is ever loaded (no XML_PARSE_DTDLOAD/DTDATTR);
 *   - entities (XXE, billion laughs, parameter entities): a DOCTYPE of any kind is refused the moment the
 *     parser sees it, before its internal subset is read, so no entity is ever declared; without
 *     XML_PARSE_NOENT nothing would be substituted anyway, and a reference to an undeclared entity is
 *     not well-formed;
 *   - XInclude: never processed; an xi:include element fails schema validation;
 *   - depth: elements deeper than LM__BASELINE_MAX_DEPTH stop the parser;
 *   - libxml2's own limits stay on (no XML_PARSE_HUGE).
 * All of it is per parser context: no libxml2 global is changed, so other users of libxml2 in the process
 * are unaffected. Then the schema, then the model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/regval.h"
#include "core/sddl.h"
#include "core/text.h"
#include "lanman/share.h"
#include "xml/model.h"
#include "xml/xml.h"

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

/* What the SAX hooks learn while libxml2 parses (ctxt->_private). */
struct guard {
    int depth;
    bool refused;
    char why[128];
    long why_line;
    bool error_set;
    char error[256];
    long error_line;
    bool nomem; /* libxml2 ran out of memory: whatever it parsed is not the document */
};

static const char *label(const char *name)
{
    return name != NULL && name[0] != '\0' ? name : "document";
}

static void refuse(xmlParserCtxtPtr ctxt, const char *why)
{
    struct guard *g = ctxt->_private;

    if (!g->refused) {
        g->refused = true;
        snprintf(g->why, sizeof g->why, "%s", why);
        g->why_line = ctxt->input != NULL ? ctxt->input->line : 0;
    }
    xmlStopParser(ctxt);
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    (void)name, (void)external_id, (void)system_id;
    refuse(ctx, "a DOCTYPE declaration (a configuration document never has one)");
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    refuse(ctx, "an entity declaration");
}

/* Only the five predefined entities exist (libxml2 resolves those before asking). */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx, (void)name;
    return NULL;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct guard *g = ctxt->_private;

    if (++g->depth > LM__BASELINE_MAX_DEPTH) {
        refuse(ctxt, "elements nested too deep");
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                          attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct guard *g = ctxt->_private;

    g->depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/* The first error is the cause; later ones are consequences (the parser goes on after a fatal error). */
static void on_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct guard *g = ctxt->_private;
    char *nl;

    g->nomem = g->nomem || (e != NULL && e->code == XML_ERR_NO_MEMORY);
    if (g->error_set || e == NULL || e->message == NULL)
        return;
    g->error_set = true;
    g->error_line = e->line;
    snprintf(g->error, sizeof g->error, "%s", e->message);
    if ((nl = strchr(g->error, '\n')) != NULL)
        *nl = '\0';
}

/* Parses buf into a tree with the hooks above. *out is set only on success. */
static lm_status parse_safely(const void *buf, size_t len, const char *name, xmlDocPtr *out, lm_error *err)
{
    struct guard g = {0};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc;

    if (ctxt == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    /* ctxt->sax is this context's own copy of the handlers. */
    ctxt->_private = &g;
    ctxt->sax->internalSubset = on_subset;
    ctxt->sax->externalSubset = on_subset;
    ctxt->sax->entityDecl = on_entity_decl;
    ctxt->sax->getEntity = on_get_entity;
    ctxt->sax->getParameterEntity = on_get_entity;
    ctxt->sax->startElementNs = on_start;
    ctxt->sax->endElementNs = on_end;
    ctxt->sax->serror = on_error;
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, label(name), NULL, PARSE_OPTIONS);
    if (g.refused) {
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return lm__fail(err, LM_EINVAL, "%s:%ld: refused: %s", label(name), g.why_line, g.why);
    }
    /* No document and no error said: libxml2 could not even set up its input (it does not report that) */
    if (g.nomem || ctxt->errNo == XML_ERR_NO_MEMORY || (doc == NULL && !g.error_set)) {
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return lm__fail(err, LM_ENOMEM, "out of memory");
    }
    if (doc == NULL || !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return lm__fail(err, LM_EINVAL, "%s:%ld: not well-formed XML: %s", label(name), g.error_line,
                        g.error_set ? g.error : "parse error");
    }
    xmlFreeParserCtxt(ctxt);
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        xmlFreeDoc(doc);
        return lm__fail(err, LM_EINVAL, "%s: refused: a DOCTYPE declaration", label(name));
    }
    *out = doc;
    return LM_OK;
}

/* ------------------------------------------------------------------------------------------------ model */

/* The state of one build: the document's label, where errors go, and whether an allocation failed (an
 * optional attribute that could not be copied must not pass for an absent one). */
struct build {
    const char *name;
    lm_error *err;
    bool nomem;
};

static lm_status bad(struct build *b, xmlNodePtr n, lm_status st, const char *what, const char *why)
{
    return lm__fail(b->err, st, "%s:%ld: %s: %s", b->name, n != NULL ? xmlGetLineNo(n) : 0L, what, why);
}

static bool is(xmlNodePtr n, const char *localname)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, localname) == 0;
}

/* An array (calloc, zeroed) with room for each element child of n named localname; never zero-sized. */
static void *alloc_children(xmlNodePtr n, const char *localname, size_t size)
{
    size_t count = 0;

    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        count += is(c, localname);
    return calloc(count > 0 ? count : 1, size);
}

/* An attribute as a malloc'd string (NULL when absent, or out of memory: b->nomem), so that the model frees
 * with free(). */
static char *attr(struct build *b, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s;

    if (v == NULL) {
        b->nomem = b->nomem || xmlHasNsProp(n, (const xmlChar *)name, NULL) != NULL;
        return NULL;
    }
    s = strdup((const char *)v);
    xmlFree(v);
    b->nomem = b->nomem || s == NULL;
    return s;
}

/* An element's text as a malloc'd string; NULL when out of memory (an element always has a text, if empty).
 */
static char *content(struct build *b, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v != NULL ? strdup((const char *)v) : NULL;

    xmlFree(v);
    b->nomem = b->nomem || s == NULL;
    return s;
}

/* XML Schema's whitespace collapse for the atomic types (numbers, booleans, hex): the trimmed span. */
static const char *trim(char *s)
{
    size_t len;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        s[--len] = '\0';
    return s;
}

/* xs:boolean with a default for an absent attribute. */
static bool flag(struct build *b, xmlNodePtr n, const char *name, bool def)
{
    char *v = attr(b, n, name);
    const char *t;
    bool r = def;

    if (v != NULL) {
        t = trim(v);
        r = strcmp(t, "true") == 0 || strcmp(t, "1") == 0;
    }
    free(v);
    return r;
}

/* xs:unsignedInt / unsignedLong text (already schema-valid) without its optional '+'. */
static const char *number_text(char *s)
{
    const char *t = trim(s);

    return *t == '+' ? t + 1 : t;
}

/* An 8-digit xs:hexBinary (type-flags, mask) as a number. */
static lm_status hex32(struct build *b, xmlNodePtr n, const char *name, uint32_t *out)
{
    char *v = attr(b, n, name);
    const char *t;
    uint64_t x = 0;
    lm_status st = LM_EINVAL;

    if (v != NULL && strlen(t = trim(v)) == 8) {
        st = LM_OK;
        for (size_t i = 0; i < 8 && st == LM_OK; i++) {
            int d = lm__hex_digit(t[i]);

            if (d < 0)
                st = LM_EINVAL;
            x = x << 4 | (uint64_t)(d < 0 ? 0 : d);
        }
    }
    free(v);
    if (st != LM_OK)
        return bad(b, n, LM_EINVAL, name, "expected 8 hex digits");
    *out = (uint32_t)x;
    return LM_OK;
}

static lm_status nomem(struct build *b)
{
    return lm__fail(b->err, LM_ENOMEM, "out of memory");
}

/* One Parameters value element to registry bytes. */
static lm_status value_of(struct build *b, xmlNodePtr n, struct lm__doc_value *out)
{
    struct lm__regval rv = {0, NULL, 0};
    struct lm__strlist items = {0};
    lm_error why = {0};
    uint32_t type = LM_REG_BINARY;
    char *name = attr(b, n, "name"), *text = NULL;
    const char *t;
    lm_status st = LM_OK;

    if (name == NULL)
        return nomem(b);
    if (is(n, "multi-sz")) {
        for (xmlNodePtr c = n->children; c != NULL && st == LM_OK; c = c->next) {
            if (!is(c, "string"))
                continue;
            if ((text = content(b, c)) == NULL)
                st = LM_ENOMEM;
            else
                st = lm__strlist_push(&items, text, strlen(text));
            free(text);
        }
        text = NULL;
        if (st == LM_OK)
            st = lm__regval_from_list((const char *const *)items.v, items.n, &rv, &why);
        lm__strlist_free(&items);
    } else if ((text = content(b, n)) == NULL) {
        st = LM_ENOMEM;
    } else if (is(n, "sz") || is(n, "expand-sz")) {
        st = lm__regval_from_text(is(n, "sz") ? LM_REG_SZ : LM_REG_EXPAND_SZ, text, &rv, &why);
    } else if (is(n, "dword") || is(n, "qword")) {
        st = lm__regval_from_text(is(n, "dword") ? LM_REG_DWORD : LM_REG_QWORD, number_text(text), &rv, &why);
    } else {
        /* binary, or other: hex bytes, with the type given by number for other. */
        t = trim(text);
        st = lm__regval_from_text(LM_REG_BINARY, t, &rv, &why);
        if (st == LM_OK && is(n, "other")) {
            char *tv = attr(b, n, "type");
            uint64_t num = 0;

            st = tv != NULL ? lm__parse_u64(number_text(tv), strlen(number_text(tv)), false, UINT32_MAX, &num)
                            : LM_EINVAL;
            free(tv);
            type = (uint32_t)num;
            if (st != LM_OK)
                lm__fail(&why, st, "bad type number");
        }
        rv.type = type;
    }
    free(text);
    if (st != LM_OK) {
        char what[96];

        lm__regval_free(&rv);
        snprintf(what, sizeof what, "value '%.64s'", name);
        free(name);
        return st == LM_ENOMEM ? nomem(b) : bad(b, n, LM_EINVAL, what, why.message);
    }
    out->v.name = name;
    out->v.type = (lm_reg_type)rv.type;
    out->v.data = rv.data;
    out->v.len = rv.len;
    out->line = xmlGetLineNo(n);
    return LM_OK;
}

/* <default name="X" absent="true"/>: the value is absent, and applying removes it. A <default> without
 * absent (the documents written before it existed) records a catalogue default for people and is never
 * applied. A value both given and absent is refused. */
static lm_status absent_of(struct build *b, xmlNodePtr n, struct lm__doc_service *s)
{
    char *name;

    if (!flag(b, n, "absent", false))
        return b->nomem ? nomem(b) : LM_OK;
    if ((name = attr(b, n, "name")) == NULL)
        return nomem(b);
    for (size_t i = 0; i < s->nvalues; i++) {
        if (lm__ascii_casecmp(s->values[i].v.name, name) == 0) {
            char what[96];

            snprintf(what, sizeof what, "value '%.64s'", name);
            free(name);
            return bad(b, n, LM_EINVAL, what, "the document gives it a value and says it is absent");
        }
    }
    s->absent[s->nabsent].name = name;
    s->absent[s->nabsent++].line = xmlGetLineNo(n);
    return LM_OK;
}

static lm_status parameters_of(struct build *b, xmlNodePtr n, struct lm__doc_service *s)
{
    size_t count = 0;

    s->has_parameters = flag(b, n, "present", true);
    if (!s->has_parameters)
        return LM_OK;
    for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !is(c, "default"))
            count++;
    }
    s->values = calloc(count > 0 ? count : 1, sizeof *s->values);
    s->absent = alloc_children(n, "default", sizeof *s->absent);
    if (s->values == NULL || s->absent == NULL)
        return nomem(b);
    for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
        lm_status st;

        /* The schema puts every <default> after the values: the values are all known by then. */
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, "default")) {
            st = absent_of(b, c, s);
        } else if ((st = value_of(b, c, &s->values[s->nvalues])) == LM_OK) {
            s->nvalues++;
        }
        if (st != LM_OK)
            return st;
    }
    return LM_OK;
}

static lm_status start_type_of(struct build *b, xmlNodePtr n, const char *text, lm_start_type *out)
{
    static const lm_start_type all[] = {LM_START_BOOT,   LM_START_SYSTEM,   LM_START_AUTOMATIC,
                                        LM_START_MANUAL, LM_START_DISABLED, LM_START_AUTOMATIC_DELAYED};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(lm_start_type_name(all[i]), text) == 0) {
            *out = all[i];
            return LM_OK;
        }
    }
    return bad(b, n, LM_EINVAL, "start-type", "unknown start type");
}

static lm_status service_of(struct build *b, xmlNodePtr n, struct lm__doc_service *s)
{
    char *start;
    lm_status st = LM_OK;

    s->line = xmlGetLineNo(n);
    s->name = attr(b, n, "name");
    if (s->name == NULL)
        return nomem(b);
    s->present = flag(b, n, "present", true);
    if (!s->present)
        return LM_OK;
    if ((start = attr(b, n, "start-type")) != NULL) {
        s->has_start_type = true;
        st = start_type_of(b, n, trim(start), &s->start_type);
        free(start);
    }
    for (xmlNodePtr c = n->children; c != NULL && st == LM_OK; c = c->next) {
        if (is(c, "parameters"))
            st = parameters_of(b, c, s);
    }
    return st;
}

static lm_status grant_of(struct build *b, xmlNodePtr n, struct lm__doc_grant *g)
{
    struct lm__sid sid;
    char *access;

    g->sid = attr(b, n, "sid");
    g->account = attr(b, n, "account");
    if (g->sid == NULL)
        return nomem(b);
    if (lm__sid_from_string(trim(g->sid), &sid) != LM_OK)
        return bad(b, n, LM_EINVAL, "grant", "the sid is not a SID (S-1-...)");
    access = attr(b, n, "access");
    g->deny = access != NULL && strcmp(trim(access), "deny") == 0;
    free(access);
    return hex32(b, n, "mask", &g->mask);
}

static lm_status security_of(struct build *b, xmlNodePtr n, struct lm__doc_share *s)
{
    s->has_security = true;
    if ((s->sddl = attr(b, n, "sddl")) == NULL)
        return nomem(b);
    s->grants = alloc_children(n, "grant", sizeof *s->grants);
    if (s->grants == NULL)
        return nomem(b);
    for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
        lm_status st;

        if (!is(c, "grant"))
            continue;
        if ((st = grant_of(b, c, &s->grants[s->ngrants++])) != LM_OK)
            return st;
    }
    return LM_OK;
}

/* <flags> (version 2): the properties it names, each a mask and its value; dfs, dfs-root and value are the
 * server's record, never applied. */
static lm_status flags_of(struct build *b, xmlNodePtr n, struct lm__doc_share *s)
{
    s->has_flags = true;
    for (size_t i = 0; i < lm__nshare_props; i++) {
        const struct lm__share_prop *p = &lm__share_props[i];
        char *v = attr(b, n, p->attr);
        uint32_t bits = 0;
        lm_status st;

        if (v == NULL) {
            if (b->nomem)
                return nomem(b);
            continue;
        }
        st = lm__share_prop_parse(p, trim(v), &bits);
        free(v);
        if (st != LM_OK)
            return bad(b, n, LM_EINVAL, p->attr, "not a value of this property");
        s->flags_mask |= p->bits;
        s->flags |= bits;
    }
    return LM_OK;
}

static lm_status share_of(struct build *b, xmlNodePtr n, struct lm__doc_share *s)
{
    char *max;
    lm_status st;

    s->line = xmlGetLineNo(n);
    s->name = attr(b, n, "name");
    if (s->name == NULL)
        return nomem(b);
    if ((st = hex32(b, n, "type-flags", &s->type_flags)) != LM_OK)
        return st;
    s->special = flag(b, n, "special", false);
    if ((max = attr(b, n, "max-uses")) != NULL) {
        const char *t = number_text(max);
        uint64_t v = 0;

        s->has_max_uses = true;
        if (strcmp(trim(max), "unlimited") == 0)
            v = LM_SHARE_UNLIMITED;
        else if (lm__parse_u64(t, strlen(t), false, UINT32_MAX, &v) != LM_OK)
            st = bad(b, n, LM_EINVAL, "max-uses", "not a number");
        s->max_uses = (uint32_t)v;
        free(max);
        if (st != LM_OK)
            return st;
    }
    for (xmlNodePtr c = n->children; c != NULL && st == LM_OK; c = c->next) {
        if (is(c, "path")) {
            if ((s->path = content(b, c)) == NULL)
                st = nomem(b);
        } else if (is(c, "description")) {
            if ((s->remark = content(b, c)) == NULL)
                st = nomem(b);
        } else if (is(c, "flags")) {
            st = flags_of(b, c, s);
        } else if (is(c, "security")) {
            st = security_of(b, c, s);
        }
    }
    /* No <description> is no description. */
    if (st == LM_OK && s->remark == NULL && (s->remark = strdup("")) == NULL)
        st = nomem(b);
    return st;
}

static lm_status shares_of(struct build *b, xmlNodePtr n, struct lm__doc_shares *list)
{
    list->present = flag(b, n, "present", true);
    list->v = alloc_children(n, "share", sizeof *list->v);
    if (list->v == NULL)
        return nomem(b);
    for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
        lm_status st;

        if (!is(c, "share"))
            continue;
        st = share_of(b, c, &list->v[list->n++]);
        if (st != LM_OK)
            return st;
    }
    return LM_OK;
}

static lm_status host_of(struct build *b, xmlNodePtr n, lm_baseline *bl)
{
    bl->host.name = attr(b, n, "name");
    bl->host.backend = attr(b, n, "backend");
    bl->host.os = attr(b, n, "os");
    bl->host.os_version = attr(b, n, "os-version");
    bl->host.exported = attr(b, n, "exported");
    bl->host.tool_version = attr(b, n, "tool-version");
    if (bl->host.name == NULL || bl->host.backend == NULL || bl->host.exported == NULL ||
        bl->host.tool_version == NULL)
        return nomem(b);
    return LM_OK;
}

static lm_status build_model(struct build *b, xmlDocPtr doc, lm_baseline *bl)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *version = attr(b, root, "version");
    uint64_t v = 0;
    lm_status st = LM_OK;

    if (version == NULL)
        return nomem(b);
    if (lm__parse_u64(number_text(version), strlen(number_text(version)), false, UINT32_MAX, &v) != LM_OK ||
        v > LM_CONFIG_VERSION)
        st = bad(b, root, LM_EINVAL, "version", "this lanman reads documents of version 1 and 2 only");
    free(version);
    for (xmlNodePtr c = root->children; c != NULL && st == LM_OK; c = c->next) {
        if (is(c, "host"))
            st = host_of(b, c, bl);
        else if (is(c, "service") && bl->nservices < 2)
            st = service_of(b, c, &bl->services[bl->nservices++]);
        else if (is(c, "shares"))
            st = shares_of(b, c, &bl->shares);
        else if (is(c, "configured-shares"))
            st = shares_of(b, c, &bl->configured);
    }
    return st;
}

lm_status lm_baseline_parse(const void *buf, size_t len, const char *name, lm_baseline **out, lm_error *err)
{
    struct build b = {label(name), err, false};
    lm_error verr = {0};
    lm_baseline *bl;
    xmlDocPtr doc = NULL;
    lm_status st;

    if (buf == NULL || out == NULL)
        return lm__fail(err, LM_EINVAL, "%s: no document", b.name);
    if (len > LM_BASELINE_MAX_BYTES)
        return lm__fail(err, LM_EOVERFLOW, "%s: refused: larger than %u MiB", b.name,
                        (unsigned)(LM_BASELINE_MAX_BYTES >> 20));
    if ((st = lm__xml_load(err)) != LM_OK || (st = parse_safely(buf, len, name, &doc, err)) != LM_OK)
        return st;
    st = lm__xml_validate(doc, b.name, &verr);
    if (st != LM_OK) {
        xmlFreeDoc(doc);
        if (err != NULL)
            *err = verr;
        return st;
    }
    bl = calloc(1, sizeof *bl);
    if (bl == NULL || (bl->name = strdup(b.name)) == NULL) {
        free(bl);
        xmlFreeDoc(doc);
        return nomem(&b);
    }
    st = build_model(&b, doc, bl);
    xmlFreeDoc(doc);
    if (b.nomem)
        st = nomem(&b); /* whatever else the missing copy caused */
    if (st != LM_OK) {
        lm_baseline_free(bl);
        return st;
    }
    *out = bl;
    return LM_OK;
}

/* A read that failed, with the system's reason ("Is a directory" for a directory on POSIX). */
static lm_status read_failed(const char *name, int e, lm_error *err)
{
    return lm__fail(err, LM_EIO, "cannot read %s: %s", name, e != 0 ? strerror(e) : "read error");
}

static lm_status too_large(const char *name, lm_error *err)
{
    return lm__fail(err, LM_EOVERFLOW, "%s: refused: larger than %u MiB", name,
                    (unsigned)(LM_BASELINE_MAX_BYTES >> 20));
}

/* Reads f to its end, at most LM_BASELINE_MAX_BYTES (the buffer's cap). */
static lm_status read_bounded(FILE *f, const char *name, struct lm__buf *data, lm_error *err)
{
    for (;;) {
        uint8_t chunk[16384];
        size_t got;

        errno = 0;
        got = fread(chunk, 1, sizeof chunk, f);
        if (got > 0)
            lm__buf_append(data, chunk, got);
        if (lm__buf_status(data) == LM_EOVERFLOW)
            return too_large(name, err);
        if (lm__buf_status(data) != LM_OK)
            return lm__fail(err, LM_ENOMEM, "out of memory");
        if (got < sizeof chunk)
            break;
    }
    if (ferror(f))
        return read_failed(name, errno, err);
    return LM_OK;
}

static lm_status parse_stream(FILE *f, const char *name, lm_baseline **out, lm_error *err)
{
    struct lm__buf data;
    lm_status st;

    lm__buf_init(&data, LM_BASELINE_MAX_BYTES);
    st = read_bounded(f, name, &data, err);
    if (st == LM_OK)
        st = lm_baseline_parse(data.data != NULL ? (const void *)data.data : "", data.len, name, out, err);
    lm__buf_free(&data);
    return st;
}

lm_status lm_baseline_read(FILE *f, const char *name, lm_baseline **out, lm_error *err)
{
    if (f == NULL || name == NULL || out == NULL)
        return lm__fail(err, LM_EINVAL, "no document stream");
    return parse_stream(f, name, out, err);
}

/* A regular file larger than the limit is refused by its size before it is read. The first byte is read
 * before that, so that a directory fails as one rather than being measured. */
lm_status lm_baseline_load(const char *path, lm_baseline **out, lm_error *err)
{
    FILE *f;
    long size = -1;
    int c;
    lm_status st = LM_OK;

    if (path == NULL || out == NULL)
        return lm__fail(err, LM_EINVAL, "no document file");
    f = fopen(path, "rb");
    if (f == NULL) {
        int e = errno;

        return lm__fail(err,
                        e == ENOENT   ? LM_ENOENT
                        : e == EACCES ? LM_EACCES
                                      : LM_EIO,
                        "cannot open %s: %s", path, strerror(e));
    }
    errno = 0;
    c = fgetc(f);
    if (c == EOF && ferror(f))
        st = read_failed(path, errno, err);
    else if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > (long)LM_BASELINE_MAX_BYTES)
        st = too_large(path, err);
    else if (size >= 0 && fseek(f, 0, SEEK_SET) != 0)
        st = read_failed(path, errno, err);
    else if (size < 0 && c != EOF && ungetc(c, f) == EOF) /* not seekable (a FIFO): the byte goes back */
        st = read_failed(path, errno, err);
    if (st == LM_OK)
        st = parse_stream(f, path, out, err);
    fclose(f);
    return st;
}

static void shares_free(struct lm__doc_shares *list)
{
    for (size_t i = 0; i < list->n; i++) {
        struct lm__doc_share *s = &list->v[i];

        free(s->name);
        free(s->path);
        free(s->remark);
        free(s->sddl);
        for (size_t k = 0; k < s->ngrants; k++) {
            free(s->grants[k].sid);
            free(s->grants[k].account);
        }
        free(s->grants);
    }
    free(list->v);
}

void lm_baseline_free(lm_baseline *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->nservices; i++) {
        free(b->services[i].name);
        for (size_t k = 0; k < b->services[i].nvalues; k++)
            free(b->services[i].values[k].v.name), free(b->services[i].values[k].v.data);
        free(b->services[i].values);
        for (size_t k = 0; k < b->services[i].nabsent; k++)
            free(b->services[i].absent[k].name);
        free(b->services[i].absent);
    }
    shares_free(&b->shares);
    shares_free(&b->configured);
    free(b->host.name);
    free(b->host.backend);
    free(b->host.os);
    free(b->host.os_version);
    free(b->host.exported);
    free(b->host.tool_version);
    free(b->name);
    free(b);
}
