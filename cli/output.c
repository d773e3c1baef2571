#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "xmlapi.h"

int out_format_parse(const char *name)
{
    static const char *const names[] = {"table", "list", "csv", "json", "xml", "sarif"};

    for (int i = 0; i < 6; i++) {
        if (cli_iequal(name, names[i])) /* --format JSON, as PowerShell users type it */
            return i;
    }
    return -1;
}

void out_init(struct out *o, enum out_format fmt)
{
    memset(o, 0, sizeof *o);
    o->fmt = fmt;
}

/* ------------------------------------------------------------------------------------------------ store */

/* The records live in two lists of chunks that struct out owns, with no malloc per record or value: one of
 * records (a count and the values, 12 bytes each, in one piece), one of the strings the values point at (each
 * with its NUL, packed). A table of 10,000 shares holds 40,000 values: 52 bytes a row and its strings' bytes,
 * where a malloc'd value and string each cost their block's header besides. */
struct out_val {
    /* By kind, copied in and out (val_n(), val_s()), so that nothing pads the value to 16 bytes: a uint64_t
     * (OUT_NUM; OUT_BOOL: 0 or 1) or a const char * (OUT_STR, OUT_STRV: the text as the format keeps it,
     * keep() and out_strv()). */
    unsigned char u[8];
    uint16_t name; /* o->names[name] */
    uint8_t kind;  /* enum out_kind */
};

_Static_assert(sizeof(struct out_val) == 12,
               "a value is 12 bytes: 40,000 of them in a table of 10,000 shares");

struct out_rec {
    uint32_t n;
    struct out_val v[];
};

static uint64_t val_n(const struct out_val *v)
{
    uint64_t n;

    memcpy(&n, v->u, sizeof n);
    return n;
}

static const char *val_s(const struct out_val *v)
{
    const char *s;

    memcpy(&s, v->u, sizeof s);
    return s;
}

struct out_chunk {
    struct out_chunk *next;
    size_t used, size;
    uint64_t data[]; /* aligned for struct out_rec */
};

#define CHUNK_FIRST 1024
#define CHUNK_MAX   65536

static unsigned char *chunk_end(struct out_chunk *c)
{
    return (unsigned char *)c->data + c->used;
}

/* A chunk for at least need bytes: twice the size of the one before, up to CHUNK_MAX, or need itself. */
static struct out_chunk *chunk_new(const struct out_chunk *before, size_t need, bool *oom)
{
    size_t size = before == NULL ? CHUNK_FIRST : before->size < CHUNK_MAX ? before->size * 2 : CHUNK_MAX;
    struct out_chunk *c;

    size = need > size ? need : size;
    if (size > SIZE_MAX - sizeof *c || (c = malloc(sizeof *c + size)) == NULL) {
        *oom = true;
        return NULL;
    }
    c->next = NULL;
    c->used = 0;
    c->size = size;
    return c;
}

static void chunks_free(struct out_chunk *c)
{
    while (c != NULL) {
        struct out_chunk *next = c->next;
        free(c);
        c = next;
    }
}

/* Room for size bytes of strings. One larger than a chunk gets a chunk of its own, behind the one being
 * filled, so that the rest of that one is still used. */
static char *strs_alloc(struct out *o, size_t size)
{
    struct out_chunk *c = o->strs;

    if (c == NULL || c->size - c->used < size) {
        if ((c = chunk_new(o->strs, size, &o->oom)) == NULL)
            return NULL;
        if (o->strs != NULL && size > o->strs->size) {
            c->next = o->strs->next;
            o->strs->next = c;
        } else {
            c->next = o->strs;
            o->strs = c;
        }
    }
    c->used += size;
    return (char *)chunk_end(c) - size;
}

static size_t rec_size(size_t nval)
{
    return sizeof(struct out_rec) + nval * sizeof(struct out_val);
}

/* The record being filled, grown by add bytes: r (NULL to start one) is always the last thing in the first
 * chunk; where that chunk is full, it moves to a new one (the old one freed when r was all it held). */
static struct out_rec *recs_grow(struct out *o, struct out_rec *r, size_t add)
{
    struct out_chunk *c = o->recs, *nc;
    size_t have = r != NULL ? rec_size(r->n) : 0;

    if (c != NULL && c->size - c->used >= add) {
        c->used += add;
        return r != NULL ? r : (struct out_rec *)(chunk_end(c) - add);
    }
    if ((nc = chunk_new(c, 2 * (have + add), &o->oom)) == NULL)
        return NULL;
    if (r != NULL)
        memcpy(nc->data, r, have);
    nc->used = have + add;
    nc->next = c;
    if (r != NULL && (void *)r == (void *)c->data) {
        nc->next = c->next;
        free(c);
    }
    o->recs = nc;
    return (struct out_rec *)nc->data;
}

size_t out_store_bytes(const struct out *o)
{
    size_t n = o->cap * sizeof *o->rec + o->capnames * sizeof *o->names;

    for (int k = 0; k < 2; k++) {
        for (const struct out_chunk *c = k == 0 ? o->recs : o->strs; c != NULL; c = c->next)
            n += sizeof *c + c->size;
    }
    return n;
}

void out_free(struct out *o)
{
    chunks_free(o->recs);
    chunks_free(o->strs);
    free(o->rec);
    free(o->names);
    memset(o, 0, sizeof *o);
}

/* Room for element n of p, doubling from first. */
static void *grow(void *p, size_t *cap, size_t n, size_t size, size_t first, bool *oom)
{
    size_t ncap;
    void *np;

    if (n < *cap)
        return p;
    ncap = *cap != 0 ? *cap * 2 : first;
    np = realloc(p, ncap * size);
    if (np == NULL) {
        *oom = true;
        return NULL;
    }
    *cap = ncap;
    return np;
}

/* The index of a field name in o->names, or -1: names are static strings, most often the very ones the
 * columns name, so pointers are compared before any text. */
static int name_index(const struct out *o, const char *name)
{
    for (size_t i = 0; i < o->nnames; i++) {
        if (o->names[i] == name)
            return (int)i;
    }
    for (size_t i = 0; i < o->nnames; i++) {
        if (strcmp(o->names[i], name) == 0)
            return (int)i;
    }
    return -1;
}

/* The name's index, added in first-seen order when new; -1 when memory ran out. */
static int name_add(struct out *o, const char *name)
{
    int i = name_index(o, name);
    const char **names;

    if (i >= 0)
        return i;
    if (o->nnames > UINT16_MAX) {
        o->oom = true;
        return -1;
    }
    if ((names = grow(o->names, &o->capnames, o->nnames, sizeof *names, 16, &o->oom)) == NULL)
        return -1;
    o->names = names;
    o->names[o->nnames] = name;
    return (int)o->nnames++;
}

/* Whether the last record takes values: it is the last thing in the first chunk (not after
 * out_header_only()). */
static struct out_rec *open_rec(const struct out *o)
{
    struct out_rec *r = o->n > 0 ? o->rec[o->n - 1] : NULL;

    return r != NULL && (unsigned char *)r + rec_size(r->n) == chunk_end(o->recs) ? r : NULL;
}

void out_header_only(struct out *o)
{
    struct out_rec *r;

    if (o->n == 0)
        return;
    r = o->rec[--o->n];
    for (o->nheader = 0; o->nheader < r->n && o->nheader < OUT_MAX_HEADER; o->nheader++)
        o->header[o->nheader] = o->names[r->v[o->nheader].name];
    /* Its bytes stay till out_free(), after the last record's: values added before the next out_rec() go
     * nowhere (open_rec()). */
}

void out_rec(struct out *o)
{
    struct out_rec **rec, *r;

    if (o->oom)
        return;
    if ((rec = grow(o->rec, &o->cap, o->n, sizeof *o->rec, 16, &o->oom)) == NULL)
        return;
    o->rec = rec;
    if ((r = recs_grow(o, NULL, rec_size(0))) == NULL)
        return;
    r->n = 0;
    o->rec[o->n++] = r;
}

static struct out_val *add(struct out *o, const char *name, enum out_kind kind)
{
    struct out_rec *r = open_rec(o);
    struct out_val *v;
    int idx;

    if (r == NULL || o->oom || (idx = name_add(o, name)) < 0)
        return NULL;
    if ((r = recs_grow(o, r, sizeof *v)) == NULL)
        return NULL;
    o->rec[o->n - 1] = r;
    v = &r->v[r->n++];
    memset(v, 0, sizeof *v);
    v->name = (uint16_t)idx;
    v->kind = (uint8_t)kind;
    return v;
}

/* A character of untrusted text: its length in bytes (1..4, 0 when the bytes at p are not valid UTF-8: an
 * overlong form, a surrogate, above U+10FFFF or cut short; RFC 3629 section 4) and, for a control character
 * (C0, DEL, C1), its code point, else -1. */
struct unit {
    size_t len;
    int ctl;
};

static struct unit unit_at(const unsigned char *p)
{
    /* The lead bytes of multi-byte sequences and the range their second byte must be in. */
    static const struct {
        unsigned char lead_lo, lead_hi, len, next_lo, next_hi;
    } seq[] = {
        {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
        {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
        {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
    };
    struct unit u = {1, -1};

    if (p[0] < 0x80) {
        u.ctl = p[0] < 0x20 || p[0] == 0x7F ? p[0] : -1;
        return u;
    }
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        if (p[0] < seq[i].lead_lo || p[0] > seq[i].lead_hi)
            continue;
        u.len = 0; /* a NUL ends the checks below before any read past it */
        if (p[1] < seq[i].next_lo || p[1] > seq[i].next_hi)
            return u;
        for (size_t k = 2; k < seq[i].len; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return u;
        }
        u.len = seq[i].len;
        u.ctl = p[0] == 0xC2 && p[1] < 0xA0 ? p[1] : -1;
        return u;
    }
    u.len = 0;
    return u;
}

static bool is_hex(char c)
{
    return c != '\0' && strchr("0123456789abcdefABCDEF", c) != NULL;
}

/* A backslash at c that would read as the start of an escape ("\\xHH", "\\u{"): shown as \\x5C. */
static bool backslash_shown_escaped(const unsigned char *c)
{
    return (c[1] == 'x' && is_hex((char)c[2]) && is_hex((char)c[3])) || (c[1] == 'u' && c[2] == '{');
}

/* Whether out_escape() leaves s as it is, in one cheap pass for the common case, printable ASCII (anything
 * else: false, and out_escape() decides). */
static bool shown_as_is(const unsigned char *s)
{
    for (const unsigned char *c = s; *c != '\0'; c++) {
        if (*c < 0x20 || *c >= 0x7F || (*c == '\\' && backslash_shown_escaped(c)))
            return false;
    }
    return true;
}

/* The rule of out_escape() for the character at *p: points piece at what is shown for it (in esc, or the
 * text itself), advances *p past it and returns the length of piece. */
static size_t escape_one(const unsigned char **p, char esc[8], const char **piece)
{
    const unsigned char *c = *p;
    struct unit u = unit_at(c);
    size_t len;

    *piece = esc;
    if (u.len == 0 || (u.len == 1 && u.ctl >= 0))
        len = (size_t)snprintf(esc, 8, "\\x%02X", *c), u.len = 1;
    else if (u.ctl >= 0)
        len = (size_t)snprintf(esc, 8, "\\u{%02X}", (unsigned)u.ctl);
    else if (*c == '\\' && backslash_shown_escaped(c))
        len = (size_t)snprintf(esc, 8, "\\x5C");
    else
        *piece = (const char *)c, len = u.len;
    *p = c + u.len;
    return len;
}

size_t out_escape(char *dst, size_t size, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, put = 0;
    bool full = size == 0;

    while (*p != '\0') {
        char esc[8];
        const char *piece;
        size_t len = escape_one(&p, esc, &piece);

        if (!full && put + len < size) {
            memcpy(dst + put, piece, len);
            put += len;
        } else {
            full = true;
        }
        n += len;
    }
    if (size > 0)
        dst[put] = '\0';
    return n;
}

void out_puts(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p != '\0') {
        char esc[8];
        const char *piece;
        size_t len = escape_one(&p, esc, &piece);
        fwrite(piece, 1, len, f);
    }
}

char *out_escape_dup(const char *s)
{
    size_t n = out_escape(NULL, 0, s);
    char *d = malloc(n + 1);

    if (d != NULL)
        out_escape(d, n + 1, s);
    return d;
}

static bool human(const struct out *o)
{
    return o->fmt == OUT_TABLE || o->fmt == OUT_LIST || o->fmt == OUT_CSV;
}

/* text in the store as this format prints it: in table, list and csv as shown (out_escape), which is the
 * text itself when escaping changes nothing; NULL when memory ran out. */
static const char *keep(struct out *o, const char *text)
{
    bool escape = human(o) && !shown_as_is((const unsigned char *)text);
    size_t len = escape ? out_escape(NULL, 0, text) : strlen(text);
    char *s = strs_alloc(o, len + 1);

    if (s != NULL && escape)
        out_escape(s, len + 1, text);
    else if (s != NULL)
        memcpy(s, text, len + 1);
    return s;
}

void out_str(struct out *o, const char *name, const char *value)
{
    struct out_val *v = add(o, name, value != NULL ? OUT_STR : OUT_NULL);

    const char *s = v != NULL && value != NULL ? keep(o, value) : NULL;

    if (s != NULL)
        memcpy(v->u, &s, sizeof s);
    else if (v != NULL)
        v->kind = OUT_NULL;
}

static void add_n(struct out *o, const char *name, enum out_kind kind, uint64_t n)
{
    struct out_val *v = add(o, name, kind);
    if (v != NULL)
        memcpy(v->u, &n, sizeof n);
}

void out_num(struct out *o, const char *name, uint64_t value)
{
    add_n(o, name, OUT_NUM, value);
}

void out_bool(struct out *o, const char *name, bool value)
{
    add_n(o, name, OUT_BOOL, value);
}

/* Table, list and csv show the items joined with ", ", which is all they keep; JSON and XML keep their number
 * (4 bytes, as they are in memory) and the items one after another, each with its NUL. */
void out_strv(struct out *o, const char *name, char *const *v, size_t n)
{
    struct out_val *val = add(o, name, OUT_STRV);
    size_t len = 1 + sizeof(uint32_t);
    uint32_t count = (uint32_t)n;
    const char *kept;
    char *s, *p;

    if (val == NULL)
        return;
    val->kind = OUT_NULL; /* till the items are in */
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 2;
    if (n > UINT32_MAX || (s = p = human(o) ? malloc(len) : strs_alloc(o, len)) == NULL) {
        o->oom = true;
        return;
    }
    if (!human(o))
        memcpy(p, &count, sizeof count), p += sizeof count;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(v[i]);
        if (human(o) && i > 0)
            memcpy(p, ", ", 2), p += 2;
        memcpy(p, v[i], k + !human(o)); /* JSON and XML: each item with its NUL */
        p += k + !human(o);
    }
    *p = '\0';
    kept = human(o) ? keep(o, s) : s;
    if (human(o))
        free(s);
    if (kept != NULL) {
        val->kind = OUT_STRV;
        memcpy(val->u, &kept, sizeof kept);
    }
}

/* The value as text for table, list and csv; buf holds numbers. */
static const char *text(const struct out_val *v, char buf[32])
{
    switch (v->kind) {
    case OUT_STR:
    case OUT_STRV:
        return val_s(v);
    case OUT_NUM:
        snprintf(buf, 32, "%" PRIu64, val_n(v));
        return buf;
    case OUT_BOOL:
        return val_n(v) ? "True" : "False";
    default:
        return "";
    }
}

/* r's value of the field o->names[idx] (from name_index(), -1 for a name no record has), or NULL. */
static const struct out_val *find(const struct out_rec *r, int idx)
{
    for (uint32_t i = 0; idx >= 0 && i < r->n; i++) {
        if (r->v[i].name == idx)
            return &r->v[i];
    }
    return NULL;
}

/* The number of items of an OUT_STRV in JSON and XML, and item j: out_strv() keeps the number, then the items
 * one after another, each with its NUL (a few, in the lists that have them: dependencies, disks). */
static uint32_t items(const struct out_val *v)
{
    uint32_t n;

    memcpy(&n, val_s(v), sizeof n);
    return n;
}

static const char *item(const struct out_val *v, uint32_t j)
{
    const char *p = val_s(v) + sizeof(uint32_t);

    while (j-- > 0)
        p += strlen(p) + 1;
    return p;
}

#define OUT_MAX_FIELDS 64

/* The fields to print: a selection (--property, or the table's columns), or each record's own. */
struct view {
    const char *const *sel;
    int idx[OUT_MAX_FIELDS]; /* of sel[k] in o->names */
    size_t nsel;
};

static size_t view_n(const struct view *vw, const struct out_rec *r)
{
    return vw->sel != NULL ? vw->nsel : r->n;
}

/* The k-th field of r in the view: its name, and its value (NULL when r has no such field). */
static const struct out_val *view_at(const struct out *o, const struct view *vw, const struct out_rec *r,
                                     size_t k, const char **name)
{
    if (vw->sel == NULL) {
        *name = o->names[r->v[k].name];
        return &r->v[k];
    }
    *name = vw->sel[k];
    return find(r, vw->idx[k]);
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

/* Writes the first n characters of s (whole UTF-8 sequences). */
static void put_chars(FILE *f, const char *s, size_t n)
{
    const char *p = s;

    for (size_t k = 0; *p != '\0'; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && k++ == n)
            break;
    }
    fwrite(s, 1, (size_t)(p - s), f);
}

/* ANSI colour of a table cell, or NULL: the states of Status (PowerShell's own table has none, but a
 * stopped service is what an administrator looks for) and the Check of a setting. */
static const char *cell_color(const char *column, const char *value)
{
    static const struct {
        const char *column, *value, *sgr;
    } rules[] = {
        {"Status", "Running", "32"}, {"Status", "Stopped", "31"}, {"Status", NULL, "33"},
        {"Check", "ok", "32"},       {"Check", "differs", "33"},
    };

    if (value[0] == '\0')
        return NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp(column, rules[i].column) == 0 &&
            (rules[i].value == NULL || strcmp(value, rules[i].value) == 0))
            return rules[i].sgr;
    }
    return NULL;
}

/* Narrows the widest columns, one character at a time, until the row fits max (headers stay whole). */
static void fit(size_t *w, const size_t *minw, size_t ncol, size_t max)
{
    size_t total = ncol - 1;

    for (size_t c = 0; c < ncol; c++)
        total += w[c];
    while (total > max) {
        size_t widest = ncol;
        for (size_t c = 0; c < ncol; c++) {
            if (w[c] > minw[c] && (widest == ncol || w[c] >= w[widest]))
                widest = c;
        }
        if (widest == ncol)
            return; /* cannot fit: the terminal wraps */
        w[widest]--;
        total--;
    }
}

static void print_cell(const struct out *o, FILE *f, const char *column, const char *t, size_t w, bool right,
                       bool last)
{
    size_t tw = width(t);
    const char *sgr = o->color ? cell_color(column, t) : NULL;

    if (right && tw < w)
        pad(f, w - tw);
    if (sgr != NULL)
        fprintf(f, "\x1b[%sm", sgr);
    if (tw > w) {
        put_chars(f, t, w - 1);
        fputs("\xe2\x80\xa6", f); /* U+2026 HORIZONTAL ELLIPSIS */
        tw = w;
    } else {
        fputs(t, f);
    }
    if (sgr != NULL)
        fputs("\x1b[0m", f);
    if (!right && !last)
        pad(f, w - tw);
}

static void print_table(const struct out *o, FILE *f, const char *const *cols, size_t ncol)
{
    size_t *w = calloc(ncol, sizeof *w), *hw = calloc(ncol, sizeof *hw);
    bool *num = calloc(ncol, sizeof *num);
    int *idx = calloc(ncol, sizeof *idx);
    char buf[32];

    if (w == NULL || hw == NULL || num == NULL || idx == NULL) {
        free(w);
        free(hw);
        free(num);
        free(idx);
        return;
    }
    for (size_t c = 0; c < ncol; c++) {
        w[c] = hw[c] = width(cols[c]);
        idx[c] = name_index(o, cols[c]);
        for (size_t i = 0; i < o->n; i++) {
            const struct out_val *v = find(o->rec[i], idx[c]);
            size_t vw = v != NULL ? width(text(v, buf)) : 0;
            w[c] = vw > w[c] ? vw : w[c];
            num[c] = num[c] || (v != NULL && v->kind == OUT_NUM);
        }
    }
    if (o->width > 0)
        fit(w, hw, ncol, (size_t)o->width);
    /* Header, underline, rows; numbers right-aligned as PowerShell does; no trailing blanks. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < ncol; c++) {
            if (c > 0)
                fputc(' ', f);
            if (num[c])
                pad(f, w[c] - hw[c]);
            for (size_t k = 0; k < hw[c]; k++)
                fputc(pass == 0 ? cols[c][k] : '-', f);
            if (!num[c] && c + 1 < ncol)
                pad(f, w[c] - hw[c]);
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < o->n; i++) {
        size_t last = ncol; /* empty cells at the end of a row are left out: no trailing blanks */
        while (last > 1 && (find(o->rec[i], idx[last - 1]) == NULL ||
                            text(find(o->rec[i], idx[last - 1]), buf)[0] == '\0'))
            last--;
        for (size_t c = 0; c < last; c++) {
            const struct out_val *v = find(o->rec[i], idx[c]);
            if (c > 0)
                fputc(' ', f);
            print_cell(o, f, cols[c], v != NULL ? text(v, buf) : "", w[c], num[c], c + 1 == last);
        }
        fputc('\n', f);
    }
    free(w);
    free(hw);
    free(num);
    free(idx);
}

static void print_list(const struct out *o, FILE *f, const struct view *vw)
{
    char buf[32];

    for (size_t i = 0; i < o->n; i++) {
        const struct out_rec *r = o->rec[i];
        size_t nw = 0;
        const char *name;
        for (size_t k = 0; k < view_n(vw, r); k++) {
            view_at(o, vw, r, k, &name);
            nw = width(name) > nw ? width(name) : nw;
        }
        if (i > 0)
            fputc('\n', f);
        for (size_t k = 0; k < view_n(vw, r); k++) {
            const struct out_val *v = view_at(o, vw, r, k, &name);
            fputs(name, f);
            pad(f, nw - width(name));
            fprintf(f, " : %s\n", v != NULL ? text(v, buf) : "");
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

static void print_csv(const struct out *o, FILE *f, const struct view *vw)
{
    const char *names[64];
    int idx[64];
    size_t nn = 0;
    char buf[32];

    /* RFC 4180: a header row, CRLF line ends; the columns are the selection, or the first record's; with no
     * record, the header out_header_only() kept, so that an empty result is still a CSV with its columns. */
    if (o->n == 0 && vw->sel != NULL) {
        for (; nn < vw->nsel && nn < 64; nn++)
            names[nn] = vw->sel[nn];
    } else if (o->n == 0) {
        for (; nn < o->nheader && nn < 64; nn++)
            names[nn] = o->header[nn];
    }
    for (size_t k = 0; o->n > 0 && k < view_n(vw, o->rec[0]) && nn < 64; k++)
        view_at(o, vw, o->rec[0], k, &names[nn++]);
    if (nn == 0)
        return;
    for (size_t j = 0; j < nn; j++) {
        if (j > 0)
            fputc(',', f);
        csv_field(f, names[j]);
        idx[j] = name_index(o, names[j]);
    }
    fputs("\r\n", f);
    for (size_t i = 0; i < o->n; i++) {
        for (size_t j = 0; j < nn; j++) {
            const struct out_val *v = find(o->rec[i], idx[j]);
            if (j > 0)
                fputc(',', f);
            csv_field(f, v != NULL ? text(v, buf) : "");
        }
        fputs("\r\n", f);
    }
}

/* A JSON string holds the text exactly; every control character (DEL and C1 too, which JSON would allow raw)
 * is a \u escape, so that nothing reaches a terminal. A byte that is not UTF-8 (which no server string is:
 * the library refuses them) becomes U+FFFD, as JSON text must be UTF-8 (RFC 8259 section 8.1). */
void out_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', f);
    while (*p != '\0') {
        struct unit u = unit_at(p);
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\r')
            fputs("\\r", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (u.ctl >= 0)
            fprintf(f, "\\u%04x", (unsigned)u.ctl);
        else if (u.len == 0)
            fputs("\\ufffd", f);
        else
            fwrite(p, 1, u.len, f);
        p += u.len > 0 ? u.len : 1;
    }
    fputc('"', f);
}

static void print_json(const struct out *o, FILE *f, const struct view *vw)
{
    fputs("[", f);
    for (size_t i = 0; i < o->n; i++) {
        const struct out_rec *r = o->rec[i];
        fputs(i > 0 ? ",\n  {" : "\n  {", f);
        for (size_t k = 0; k < view_n(vw, r); k++) {
            const char *name;
            const struct out_val *v = view_at(o, vw, r, k, &name);
            fputs(k > 0 ? ",\n    " : "\n    ", f);
            out_json_string(f, name);
            fputs(": ", f);
            switch (v != NULL ? v->kind : OUT_NULL) {
            case OUT_STR:
                out_json_string(f, val_s(v));
                break;
            case OUT_STRV:
                fputc('[', f);
                for (uint32_t j = 0; j < items(v); j++) {
                    if (j > 0)
                        fputs(", ", f);
                    out_json_string(f, item(v, j));
                }
                fputc(']', f);
                break;
            case OUT_NUM:
                fprintf(f, "%" PRIu64, val_n(v));
                break;
            case OUT_BOOL:
                fputs(val_n(v) ? "true" : "false", f);
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

/* Text content, exact wherever XML 1.0 can carry it: DEL and C1 as character references (legal, and kept
 * from the terminal). What XML 1.0 cannot carry at all, C0 controls other than TAB, LF and CR and the
 * non-characters U+FFFE and U+FFFF, is written _xHHHH_ (UTF-16 code unit in hex), as PowerShell's CLIXML and
 * .NET's XmlConvert do; an underscore that would read as such an escape is _x005F_. A byte that is not UTF-8
 * (never in a server's string: the library refuses them) becomes U+FFFD. */
static int xml_text(xmlTextWriterPtr w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char *run = malloc(strlen(s) * 7 + 1); /* _xHHHH_ is the longest any byte becomes */
    size_t n = 0;
    int rc = 0;

    if (run == NULL)
        return -1;
    while (*p != '\0' && rc == 0) {
        struct unit u = unit_at(p);
        if (u.len == 0) {
            memcpy(run + n, "\xEF\xBF\xBD", 3), n += 3, u.len = 1;
        } else if (u.ctl >= 0 && (u.ctl >= 0x7F || *p == '\t' || *p == '\n' || *p == '\r')) {
            if (u.ctl >= 0x7F) {
                char ref[16];
                snprintf(ref, sizeof ref, "&#x%X;", (unsigned)u.ctl);
                run[n] = '\0';
                rc = (n > 0 && xmlTextWriterWriteString(w, BAD_CAST run) < 0) ||
                     xmlTextWriterWriteRaw(w, BAD_CAST ref) < 0;
                n = 0;
            } else {
                run[n++] = (char)*p;
            }
        } else if (u.ctl >= 0 || (u.len == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)) {
            n += (size_t)sprintf(run + n, "_x%04X_",
                                 u.len == 1     ? (unsigned)*p
                                 : p[2] == 0xBE ? 0xFFFEu
                                                : 0xFFFFu);
        } else if (*p == '_' && p[1] == 'x' && is_hex((char)p[2]) && is_hex((char)p[3]) &&
                   is_hex((char)p[4]) && is_hex((char)p[5]) && p[6] == '_') {
            n += (size_t)sprintf(run + n, "_x005F_");
        } else {
            memcpy(run + n, p, u.len), n += u.len;
        }
        p += u.len;
    }
    run[n] = '\0';
    if (rc == 0 && n > 0)
        rc = xmlTextWriterWriteString(w, BAD_CAST run) < 0;
    free(run);
    return rc ? -1 : 0;
}

static int xml_element(xmlTextWriterPtr w, const char *name, const char *s)
{
    int rc = xmlTextWriterStartElement(w, BAD_CAST name) < 0;

    rc |= xml_text(w, s) != 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc;
}

static int print_xml(const struct out *o, FILE *f, const struct view *vw)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    char num[32];
    int rc = 0;

    if (lm__xml_load(NULL) != LM_OK) /* lanman_main said why, before the command ran */
        return -1;
    buf = xmlBufferCreate();
    w = buf != NULL ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (w == NULL) {
        xmlBufferFree(buf);
        return -1;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "Objects") < 0;
    for (size_t i = 0; i < o->n; i++) {
        const struct out_rec *r = o->rec[i];
        rc |= xmlTextWriterStartElement(w, BAD_CAST "Object") < 0;
        for (size_t k = 0; k < view_n(vw, r); k++) {
            const char *name;
            const struct out_val *v = view_at(o, vw, r, k, &name);
            if (v != NULL && v->kind == OUT_STRV) {
                rc |= xmlTextWriterStartElement(w, BAD_CAST name) < 0;
                for (uint32_t j = 0; j < items(v); j++)
                    rc |= xml_element(w, "Item", item(v, j));
                rc |= xmlTextWriterEndElement(w) < 0;
                continue;
            }
            if (v == NULL || v->kind == OUT_NULL) {
                rc |= xmlTextWriterStartElement(w, BAD_CAST name) < 0;
                rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "null", BAD_CAST "true") < 0;
                rc |= xmlTextWriterEndElement(w) < 0;
                continue;
            }
            rc |= xml_element(w, name,
                              v->kind == OUT_STR    ? val_s(v)
                              : v->kind == OUT_BOOL ? (val_n(v) ? "true" : "false")
                                                    : text(v, num));
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

/* The names of every field any record has, in first-seen order. */
static size_t known_fields(const struct out *o, const char **names)
{
    size_t n = 0;

    for (; n < o->nheader && n < OUT_MAX_FIELDS; n++)
        names[n] = o->header[n];
    for (size_t i = 0; i < o->n; i++) {
        for (size_t j = 0; j < o->rec[i]->n; j++) {
            const char *name = o->names[o->rec[i]->v[j].name];
            size_t k = 0;
            while (k < n && names[k] != name && strcmp(names[k], name) != 0)
                k++;
            if (k == n && n < OUT_MAX_FIELDS)
                names[n++] = name;
        }
    }
    return n;
}

/* --property "A, b": each name resolved (case-insensitively) to a field some record has. */
static int select_fields(struct out *o, const char **sel, size_t *nsel)
{
    const char *known[OUT_MAX_FIELDS];
    size_t nknown = known_fields(o, known);
    const char *p = o->properties;

    *nsel = 0;
    while (*p != '\0') {
        const char *end = strchr(p, ','), *hit = NULL;
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        char name[128];

        while (len > 0 && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        p = end != NULL ? end + 1 : p + strlen(p);
        if (name[0] == '\0')
            continue;
        for (size_t k = 0; k < nknown && hit == NULL; k++)
            hit = cli_iequal(name, known[k]) ? known[k] : NULL;
        if (hit == NULL && (o->n > 0 || o->nheader > 0)) {
            size_t len2 = (size_t)snprintf(o->error, sizeof o->error, "unknown property '%s'; known: ", name);
            for (size_t k = 0; k < nknown && len2 < sizeof o->error; k++)
                len2 += (size_t)snprintf(o->error + len2, sizeof o->error - len2, "%s%s", k > 0 ? ", " : "",
                                         known[k]);
            return OUT_EPROPERTY;
        }
        if (hit != NULL && *nsel < OUT_MAX_FIELDS)
            sel[(*nsel)++] = hit;
    }
    return 0;
}

int out_print(struct out *o, FILE *f, const char *const *columns)
{
    const char *sel[OUT_MAX_FIELDS];
    struct view vw = {.sel = NULL, .nsel = 0};
    size_t ncol = 0;
    int rc;

    if (o->oom)
        return -1;
    if (o->properties != NULL) {
        if ((rc = select_fields(o, sel, &vw.nsel)) != 0)
            return rc;
        if (vw.nsel == 0 && o->n > 0) {
            snprintf(o->error, sizeof o->error, "--property names no property");
            return OUT_EPROPERTY;
        }
        vw.sel = sel;
        for (size_t k = 0; k < vw.nsel; k++)
            vw.idx[k] = name_index(o, sel[k]);
    }
    switch (o->fmt) {
    case OUT_TABLE:
        if (vw.sel != NULL) {
            columns = vw.sel;
            ncol = vw.nsel;
        } else if (columns != NULL) {
            while (columns[ncol] != NULL)
                ncol++;
        } else if (o->n > 0) {
            for (; ncol < o->rec[0]->n && ncol < OUT_MAX_FIELDS; ncol++)
                sel[ncol] = o->names[o->rec[0]->v[ncol].name];
            columns = sel;
        }
        if (ncol > 0 && o->n > 0) /* nothing found: nothing, not a bare header (PowerShell prints none) */
            print_table(o, f, columns, ncol);
        break;
    case OUT_LIST:
        print_list(o, f, &vw);
        break;
    case OUT_CSV:
        print_csv(o, f, &vw);
        break;
    case OUT_JSON:
        print_json(o, f, &vw);
        break;
    case OUT_XML:
        if (print_xml(o, f, &vw) != 0)
            return -1;
        break;
    case OUT_SARIF: /* a document of its own, which the command (audit) writes */
        return -1;
    }
    return ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------------------------------------- progress */

void out_size(char *buf, size_t size, double bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    size_t u = 0;

    if (bytes < 1024) {
        snprintf(buf, size, "%.0f B", bytes);
        return;
    }
    bytes /= 1024;
    while (bytes >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, size, "%.1f %s", bytes, units[u]);
}

/* "M:SS", "H:MM:SS", or "--:--" when not known. */
static void eta(char *buf, size_t size, double secs)
{
    unsigned long s = (unsigned long)(secs + 0.5);

    if (!(secs >= 0) || secs > 359999)
        snprintf(buf, size, "--:--");
    else if (s >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
}

/* The name as shown: escaped, at most max characters, a cut one ending in '…'. */
static void progress_name(char *buf, size_t size, const char *name, size_t max)
{
    char *e = out_escape_dup(name);
    const char *s = e != NULL ? e : "?";
    size_t o = 0, k = 0, n = width(s);

    for (const char *p = s; *p != '\0' && o + 5 < size; p++) {
        bool lead = ((unsigned char)*p & 0xC0) != 0x80;
        if (lead && n > max && k == max - 1) {
            memcpy(buf + o, "\xe2\x80\xa6", 3); /* … */
            o += 3;
            break;
        }
        k += lead;
        buf[o++] = *p;
    }
    buf[o] = '\0';
    free(e);
}

void out_progress_line(char *buf, size_t size, const char *name, uint64_t done, uint64_t total, double secs,
                       int cols)
{
    char d[32], t[32], r[32], left[32], right[160], shown[256];
    double rate = secs > 0.05 ? (double)done / secs : 0;
    size_t room = cols > 20 ? (size_t)cols - 1 : 19, used, bar;
    int pct = total > 0 ? (int)(done >= total ? 100 : done * 100 / total) : 100;

    out_size(d, sizeof d, (double)done);
    out_size(t, sizeof t, (double)total);
    out_size(r, sizeof r, rate);
    eta(left, sizeof left, done >= total ? 0 : rate > 0 ? (double)(total - done) / rate : -1);
    /* What fits: everything; without the rate and ETA; the percentage alone (with at least 8 characters of
     * the name, or its whole, beside it). */
    snprintf(right, sizeof right, "%3d%%  %s / %s  %s/s  ETA %s", pct, d, t, rate > 0 ? r : "-", left);
    if (strlen(right) + 10 > room)
        snprintf(right, sizeof right, "%3d%%  %s / %s", pct, d, t);
    if (strlen(right) + 10 > room)
        snprintf(right, sizeof right, "%3d%%", pct);
    used = room - strlen(right) - 2; /* the most the name may take: 8 or more, from the choice above */
    progress_name(shown, sizeof shown, name,
                  room / 4 > 8 && room / 4 < used ? room / 4
                  : room / 4 > 8                  ? used
                                                  : 8);
    used = width(shown) + 2 + strlen(right);           /* NAME, a space, the bar, a space, the rest */
    bar = room >= used + 3 + 10 ? room - used - 3 : 0; /* "[" bar "] ", at least 10 wide */
    snprintf(buf, size, "%s ", shown);
    if (bar > 0) {
        size_t full = (size_t)(bar * (uint64_t)pct / 100), o = strlen(buf);
        if (o + bar + 4 < size) {
            buf[o++] = '[';
            for (size_t i = 0; i < bar; i++)
                buf[o++] = i < full ? '#' : ' ';
            memcpy(buf + o, "] ", 3);
        }
    }
    snprintf(buf + strlen(buf), size - strlen(buf), " %s", right);
    for (size_t w = width(buf), o = strlen(buf); w < room && o + 1 < size; w++, o++) {
        buf[o] = ' ';
        buf[o + 1] = '\0';
    }
}

void out_progress_summary(char *buf, size_t size, const char *name, uint64_t done, double secs)
{
    char d[32], r[32], shown[256];

    out_size(d, sizeof d, (double)done);
    out_size(r, sizeof r, secs > 0.05 ? (double)done / secs : 0);
    progress_name(shown, sizeof shown, name, 60);
    snprintf(buf, size, "%s: %s (%llu bytes) in %.1f s%s%s%s", shown, d, (unsigned long long)done, secs,
             secs > 0.05 ? ", " : "", secs > 0.05 ? r : "", secs > 0.05 ? "/s" : "");
}
