/* xmlcheck FILE: reads a configuration document the safe way (no network, no DTD, no entities), validates it
 * against the library's built-in schema (lm__xml_validate) and prints the live shares as smbclient -g
 * prints them ("Disk|name|description"), then "shares N" on stderr. Exit 0 when valid, 1 otherwise. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "xml/xml.h"

static const char *peer_type(const char *t)
{
    return strcmp(t, "PrintQueue") == 0 ? "Printer" : t;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && n->ns != NULL &&
           strcmp((const char *)n->ns->href, LM_CONFIG_NAMESPACE) == 0;
}

int main(int argc, char **argv)
{
    xmlDocPtr doc;
    lm_error err;
    unsigned n = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: xmlcheck FILE\n");
        return 2;
    }
    doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (doc == NULL) {
        fprintf(stderr, "xmlcheck: %s is not well-formed XML\n", argv[1]);
        return 1;
    }
    if (lm__xml_validate(doc, argv[1], &err) != LM_OK) {
        fprintf(stderr, "xmlcheck: %s\n", err.message);
        xmlFreeDoc(doc);
        return 1;
    }
    for (xmlNode *c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        if (!is(c, "shares"))
            continue;
        for (xmlNode *s = c->children; s != NULL; s = s->next) {
            xmlChar *name, *type, *desc = NULL;

            if (!is(s, "share"))
                continue;
            name = xmlGetProp(s, BAD_CAST "name");
            type = xmlGetProp(s, BAD_CAST "type");
            for (xmlNode *d = s->children; d != NULL; d = d->next) {
                if (is(d, "description"))
                    desc = xmlNodeGetContent(d);
            }
            printf("%s|%s|%s\n", peer_type((const char *)type), (const char *)name,
                   desc != NULL ? (const char *)desc : "");
            xmlFree(name);
            xmlFree(type);
            xmlFree(desc);
            n++;
        }
    }
    fprintf(stderr, "shares %u\n", n);
    xmlFreeDoc(doc);
    return 0;
}
