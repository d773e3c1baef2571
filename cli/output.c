#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "output.h"

int out_format_parse(const char *name)
{
    static const char *const names[] = {"table", "list", "csv", "json", "xml"};

    for (int i = 0; i < 5; i++) {
        if (strcmp(name, names[i]) == 0)
            return i;
    }
    return -1;
}

void out_init(struct out *o, enum out_format fmt)
{
    memset(o, 0, sizeof *o);
    o->fmt = fmt;
}

void out_free(struct out *o)
{
    for (size_t i = 0; i < o->n; i++) {
        for (size_t j = 0; j < o->rec[i].n; j++) {
            free(o->rec[i].v[j].s);
            for (size_t k = 0; k < o->rec[i].v[j].nv; k++)
                free(o->rec[i].v[j].v[k]);
            free(o->rec[i].v[j].v);
        }
        free(o->rec[i].v);
    }
    free(o->rec);
    memset(o, 0, sizeof *o);
}

static void *grow(void *p, size_t *cap, size_t n, size_t size, bool *oom)
{
    size_t ncap;
    void *np;

    if (n < *cap)
        return p;
    ncap = *cap != 0 ? *cap * 2 : 16;
    np = realloc(p, ncap * size);
    if (np == NULL) {
        *oom = true;
        return NULL;
    }
    *cap = ncap;
    return np;
}

void out_rec(struct out *o)
{
    struct out_rec *r = grow(o->rec, &o->cap, o->n, sizeof *o->rec, &o->oom);

    if (r == NULL)
        return;
    o->rec = r;
    memset(&o->rec[o->n++], 0, sizeof *o->rec);
}

static struct out_val *add(struct out *o, const char *name, enum out_kind kind)
{
    struct out_rec *r;
    struct out_val *v;

    if (o->n == 0 || o->oom)
        return NULL;
    r = &o->rec[o->n - 1];
    v = grow(r->v, &r->cap, r->n, sizeof *r->v, &o->oom);
    if (v == NULL)
        return NULL;
    r->v = v;
    v = &r->v[r->n++];
    memset(v, 0, sizeof *v);
    v->name = name;
    v->kind = kind;
    return v;
}

void out_str(struct out *o, const char *name, const char *value)
{
    struct out_val *v = add(o, name, value != NULL ? OUT_STR : OUT_NULL);

    if (v != NULL && value != NULL && (v->s = strdup(value)) == NULL) {
        v->kind = OUT_NULL;
        o->oom = true;
    }
}

void out_num(struct out *o, const char *name, uint64_t value)
{
    struct out_val *v = add(o, name, OUT_NUM);
    if (v != NULL)
        v->n = value;
}

void out_bool(struct out *o, const char *name, bool value)
{
    struct out_val *v = add(o, name, OUT_BOOL);
    if (v != NULL)
        v->b = value;
}

void out_strv(struct out *o, const char *name, char *const *v, size_t n)
{
    struct out_val *val = add(o, name, OUT_STRV);
    size_t len = 1;

    if (val == NULL)
        return;
    val->v = calloc(n > 0 ? n : 1, sizeof *val->v);
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 2;
    val->s = malloc(len);
    if (val->v == NULL || val->s == NULL) {
        o->oom = true;
        return;
    }
    val->s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if ((val->v[i] = strdup(v[i])) == NULL) {
            o->oom = true;
            return;
        }
        val->nv++;
        if (i > 0)
            strcat(val->s, ", ");
        strcat(val->s, v[i]);
    }
}

/* The value as text for table, list and csv; buf holds numbers. */
static const char *text(const struct out_val *v, char buf[32])
{
    switch (v->kind) {
    case OUT_STR:
    case OUT_STRV:
        return v->s;
    case OUT_NUM:
        snprintf(buf, 32, "%" PRIu64, v->n);
        return buf;
    case OUT_BOOL:
        return v->b ? "True" : "False";
    default:
        return "";
    }
}

static const struct out_val *find(const struct out_rec *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->v[i].name, name) == 0)
            return &r->v[i];
    }
    return NULL;
}

/* Display width in characters (UTF-8 code points; continuation bytes do not count). */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void pad(FILE *f, size_t n)
{
    while (n-- > 0)
        fputc(' ', f);
}

static void print_table(const struct out *o, FILE *f, const char *const *cols, size_t ncol)
{
    size_t *w = calloc(ncol, sizeof *w);
    bool *num = calloc(ncol, sizeof *num);
    char buf[32];

    if (w == NULL || num == NULL) {
        free(w);
        free(num);
        return;
    }
    for (size_t c = 0; c < ncol; c++) {
        w[c] = width(cols[c]);
        for (size_t i = 0; i < o->n; i++) {
            const struct out_val *v = find(&o->rec[i], cols[c]);
            size_t vw = v != NULL ? width(text(v, buf)) : 0;
            w[c] = vw > w[c] ? vw : w[c];
            num[c] = num[c] || (v != NULL && v->kind == OUT_NUM);
        }
    }
    /* Header, underline, rows; numbers right-aligned as PowerShell does; no trailing blanks. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < ncol; c++) {
            size_t hw = width(cols[c]);
            if (c > 0)
                fputc(' ', f);
            if (num[c])
                pad(f, w[c] - hw);
            for (size_t k = 0; k < hw; k++)
                fputc(pass == 0 ? cols[c][k] : '-', f);
            if (!num[c] && c + 1 < ncol)
                pad(f, w[c] - hw);
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < o->n; i++) {
        for (size_t c = 0; c < ncol; c++) {
            const struct out_val *v = find(&o->rec[i], cols[c]);
            const char *t = v != NULL ? text(v, buf) : "";
            if (c > 0)
                fputc(' ', f);
            if (num[c])
                pad(f, w[c] - width(t));
            fputs(t, f);
            if (!num[c] && c + 1 < ncol)
                pad(f, w[c] - width(t));
        }
        fputc('\n', f);
    }
    free(w);
    free(num);
}

static void print_list(const struct out *o, FILE *f)
{
    char buf[32];

    for (size_t i = 0; i < o->n; i++) {
        size_t nw = 0;
        for (size_t j = 0; j < o->rec[i].n; j++)
            nw = width(o->rec[i].v[j].name) > nw ? width(o->rec[i].v[j].name) : nw;
        if (i > 0)
            fputc('\n', f);
        for (size_t j = 0; j < o->rec[i].n; j++) {
            const struct out_val *v = &o->rec[i].v[j];
            fputs(v->name, f);
            pad(f, nw - width(v->name));
            fprintf(f, " : %s\n", text(v, buf));
        }
    }
}

static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void print_csv(const struct out *o, FILE *f)
{
    const struct out_rec *first = o->n > 0 ? &o->rec[0] : NULL;
    char buf[32];

    if (first == NULL)
        return;
    /* RFC 4180: a header row, CRLF line ends; the columns are the first record's. */
    for (size_t j = 0; j < first->n; j++) {
        if (j > 0)
            fputc(',', f);
        csv_field(f, first->v[j].name);
    }
    fputs("\r\n", f);
    for (size_t i = 0; i < o->n; i++) {
        for (size_t j = 0; j < first->n; j++) {
            const struct out_val *v = find(&o->rec[i], first->v[j].name);
            if (j > 0)
                fputc(',', f);
            csv_field(f, v != NULL ? text(v, buf) : "");
        }
        fputs("\r\n", f);
    }
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void print_json(const struct out *o, FILE *f)
{
    fputs("[", f);
    for (size_t i = 0; i < o->n; i++) {
        fputs(i > 0 ? ",\n  {" : "\n  {", f);
        for (size_t j = 0; j < o->rec[i].n; j++) {
            const struct out_val *v = &o->rec[i].v[j];
            fputs(j > 0 ? ",\n    " : "\n    ", f);
            json_string(f, v->name);
            fputs(": ", f);
            switch (v->kind) {
            case OUT_STR:
                json_string(f, v->s);
                break;
            case OUT_STRV:
                fputc('[', f);
                for (size_t k = 0; k < v->nv; k++) {
                    if (k > 0)
                        fputs(", ", f);
                    json_string(f, v->v[k]);
                }
                fputc(']', f);
                break;
            case OUT_NUM:
                fprintf(f, "%" PRIu64, v->n);
                break;
            case OUT_BOOL:
                fputs(v->b ? "true" : "false", f);
                break;
            default:
                fputs("null", f);
                break;
            }
        }
        fputs("\n  }", f);
    }
    fputs(o->n > 0 ? "\n]\n" : "]\n", f);
}

static int print_xml(const struct out *o, FILE *f)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf != NULL ? xmlNewTextWriterMemory(buf, 0) : NULL;
    char num[32];
    int rc = 0;

    if (w == NULL) {
        xmlBufferFree(buf);
        return -1;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Objects") < 0;
    for (size_t i = 0; i < o->n; i++) {
        rc |= xmlTextWriterStartElement(w, BAD_CAST "Object") < 0;
        for (size_t j = 0; j < o->rec[i].n; j++) {
            const struct out_val *v = &o->rec[i].v[j];
            if (v->kind == OUT_STRV) {
                rc |= xmlTextWriterStartElement(w, BAD_CAST v->name) < 0;
                for (size_t k = 0; k < v->nv; k++)
                    rc |= xmlTextWriterWriteElement(w, BAD_CAST "Item", BAD_CAST v->v[k]) < 0;
                rc |= xmlTextWriterEndElement(w) < 0;
                continue;
            }
            if (v->kind == OUT_NULL) {
                rc |= xmlTextWriterStartElement(w, BAD_CAST v->name) < 0;
                rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "null", BAD_CAST "true") < 0;
                rc |= xmlTextWriterEndElement(w) < 0;
                continue;
            }
            rc |= xmlTextWriterWriteElement(
                      w, BAD_CAST v->name,
                      BAD_CAST(v->kind == OUT_BOOL ? (v->b ? "true" : "false") : text(v, num))) < 0;
        }
        rc |= xmlTextWriterEndElement(w) < 0;
    }
    rc |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    if (rc == 0)
        fputs((const char *)xmlBufferContent(buf), f);
    xmlBufferFree(buf);
    return rc ? -1 : 0;
}

int out_print(struct out *o, FILE *f, const char *const *columns)
{
    const char *all[64];
    size_t ncol = 0;

    if (o->oom)
        return -1;
    switch (o->fmt) {
    case OUT_TABLE:
        if (columns != NULL) {
            while (columns[ncol] != NULL)
                ncol++;
        } else if (o->n > 0) {
            for (; ncol < o->rec[0].n && ncol < 64; ncol++)
                all[ncol] = o->rec[0].v[ncol].name;
            columns = all;
        }
        if (ncol > 0)
            print_table(o, f, columns, ncol);
        break;
    case OUT_LIST:
        print_list(o, f);
        break;
    case OUT_CSV:
        print_csv(o, f);
        break;
    case OUT_JSON:
        print_json(o, f);
        break;
    case OUT_XML:
        if (print_xml(o, f) != 0)
            return -1;
        break;
    }
    return ferror(f) ? -1 : 0;
}
