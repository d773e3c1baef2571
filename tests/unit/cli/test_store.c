/* The store of the output records (cli/output.c): many records, records and strings larger than its chunks,
 * NULL values and lists, dropped records, and the bytes a share table takes; every value read back through
 * the formats, against text built here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "render.h"
#include "testlib.h"

/* The text a test expects, built as it goes. */
struct text {
    char *s;
    size_t n, cap;
};

static void put(struct text *t, const char *fmt, ...) LM_PRINTF(2, 3);

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    LMT_TRUE(len >= 0);
    while (t->n + (size_t)len + 1 > t->cap) {
        t->cap = t->cap != 0 ? t->cap * 2 : 4096;
        t->s = realloc(t->s, t->cap);
        LMT_PTR_OK(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)len + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)len;
}

static void same(struct out *o, const char *const *columns, const struct text *want)
{
    char *got = test_render(o, columns);
    size_t k = 0;

    while (got[k] != '\0' && got[k] == want->s[k])
        k++;
    if (got[k] != want->s[k])
        fprintf(stderr, "differs at byte %zu: got '%.60s', want '%.60s'\n", k, got + k, want->s + k);
    LMT_STR(got, want->s);
    free(got);
}

#define NREC 10000

/* Record i of many: a share's four fields, a bell in every 7th Path, no Description in every 5th and a long
 * one with a comma in every 3rd, and Users, a number or (every 11th) a list of 0 to 3 items. */
struct many {
    char name[32], path[64], desc[400], items[3][32];
    const char *description;
};

static void many_values(struct many *m, size_t i)
{
    snprintf(m->name, sizeof m->name, "share%05zu", i);
    snprintf(m->path, sizeof m->path, i % 7 == 0 ? "C:\\bell\a%zu" : "C:\\s\\%zu", i);
    memset(m->desc, 'd', i % 300);
    snprintf(m->desc + i % 300, sizeof m->desc - i % 300, i % 3 == 0 ? ", %zu" : "%zu", i);
    m->description = i % 5 == 0 ? NULL : m->desc;
    for (size_t k = 0; k < 3; k++)
        snprintf(m->items[k], sizeof m->items[k], "u%zu-%zu", i, k);
}

static void many_add(struct out *o, size_t i)
{
    struct many m;
    char *v[3];

    many_values(&m, i);
    for (size_t k = 0; k < 3; k++)
        v[k] = m.items[k];
    out_rec(o);
    out_str(o, "Name", m.name);
    out_str(o, "ScopeName", "*");
    out_str(o, "Path", m.path);
    out_str(o, "Description", m.description);
    if (i % 11 == 0)
        out_strv(o, "Users", v, i % 4);
    else
        out_num(o, "Users", i);
}

/* The test's own encoders, for the characters these records have (no quote; no backslash that reads as an
 * escape). */
static void put_csv(struct text *t, const char *s)
{
    bool quote = strchr(s, ',') != NULL;

    put(t, "%s", quote ? "\"" : "");
    for (; *s != '\0'; s++)
        put(t, *s == '\a' ? "\\x07" : "%c", *s);
    put(t, "%s", quote ? "\"" : "");
}

static void put_json(struct text *t, const char *s)
{
    put(t, "\"");
    for (; *s != '\0'; s++)
        put(t, *s == '\a' ? "\\u0007" : *s == '\\' ? "\\\\" : "%c", *s);
    put(t, "\"");
}

static void many_csv(struct text *t, size_t i)
{
    struct many m;
    char joined[128] = "";

    many_values(&m, i);
    put(t, "%s,*,", m.name);
    put_csv(t, m.path);
    put(t, ",");
    put_csv(t, m.description != NULL ? m.description : "");
    put(t, ",");
    for (size_t k = 0; i % 11 == 0 && k < i % 4; k++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", k > 0 ? ", " : "",
                 m.items[k]);
    if (i % 11 != 0)
        put(t, "%zu", i);
    put_csv(t, joined);
    put(t, "\r\n");
}

static void many_json(struct text *t, size_t i)
{
    struct many m;

    many_values(&m, i);
    put(t, "%s\n  {\n    \"Name\": \"%s\",\n    \"ScopeName\": \"*\",\n    \"Path\": ", i > 0 ? "," : "",
        m.name);
    put_json(t, m.path);
    put(t, ",\n    \"Description\": ");
    if (m.description != NULL)
        put_json(t, m.description);
    else
        put(t, "null");
    put(t, ",\n    \"Users\": ");
    if (i % 11 == 0) {
        put(t, "[");
        for (size_t k = 0; k < i % 4; k++)
            put(t, "%s\"%s\"", k > 0 ? ", " : "", m.items[k]);
        put(t, "]");
    } else {
        put(t, "%zu", i);
    }
    put(t, "\n  }");
}

/* Many records, in many chunks: each read back whole, in CSV (as shown: escaped, joined) and JSON (exact). */
static void many_records(void)
{
    struct out o;
    struct text t = {0};

    out_init(&o, OUT_CSV);
    for (size_t i = 0; i < NREC; i++)
        many_add(&o, i);
    LMT_EQ(o.n, NREC);
    put(&t, "Name,ScopeName,Path,Description,Users\r\n");
    for (size_t i = 0; i < NREC; i++)
        many_csv(&t, i);
    same(&o, NULL, &t);
    out_free(&o);

    t.n = 0;
    out_init(&o, OUT_JSON);
    for (size_t i = 0; i < NREC; i++)
        many_add(&o, i);
    put(&t, "[");
    for (size_t i = 0; i < NREC; i++)
        many_json(&t, i);
    put(&t, "\n]\n");
    same(&o, NULL, &t);
    out_free(&o);
    free(t.s);
}

/* A record larger than a chunk (6,000 values), between two small ones: it moves to larger chunks as it
 * grows, and the records around it stay whole. In XML too, whose lists are items one after another. */
static void large_record(void)
{
    char *items[] = {"a", "", "c\x7f"};
    struct out o;
    struct text t = {0};

    out_init(&o, OUT_XML);
    out_rec(&o);
    out_str(&o, "Before", "b");
    out_rec(&o);
    for (size_t k = 0; k < 6000; k++) {
        if (k % 3 == 0)
            out_num(&o, "N", k);
        else if (k % 3 == 1)
            out_bool(&o, "B", k % 2 == 0);
        else
            out_strv(&o, "L", items, k % 4);
    }
    out_rec(&o);
    out_str(&o, "After", NULL);
    LMT_EQ(o.n, 3);
    put(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Objects>\n  <Object>\n    <Before>b</Before>\n  "
            "</Object>\n"
            "  <Object>\n");
    for (size_t k = 0; k < 6000; k++) {
        if (k % 3 == 0) {
            put(&t, "    <N>%zu</N>\n", k);
        } else if (k % 3 == 1) {
            put(&t, "    <B>%s</B>\n", k % 2 == 0 ? "true" : "false");
        } else if (k % 4 == 0) {
            put(&t, "    <L/>\n");
        } else {
            put(&t, "    <L>\n");
            for (size_t j = 0; j < k % 4; j++)
                put(&t, j == 1   ? "      <Item/>\n"
                        : j == 0 ? "      <Item>a</Item>\n"
                                 : "      <Item>c&#x7F;</Item>\n");
            put(&t, "    </L>\n");
        }
    }
    put(&t, "  </Object>\n  <Object>\n    <After null=\"true\"/>\n  </Object>\n</Objects>\n");
    same(&o, NULL, &t);
    out_free(&o);
    free(t.s);
}

/* Strings larger than a chunk, between short ones, in a table: widths and text from the store exact. */
static void long_strings(void)
{
    static const char *const cols[] = {"Name", "Path", NULL};
    size_t lens[] = {200000, 3, 70000, 65536, 1};
    struct out o;
    struct text t = {0};
    char *big = malloc(200001);

    LMT_PTR_OK(big);
    out_init(&o, OUT_TABLE);
    for (size_t i = 0; i < 5; i++) {
        memset(big, (int)('a' + i), lens[i]);
        big[lens[i]] = '\0';
        out_rec(&o);
        out_str(&o, "Name", i % 2 == 0 ? "n" : "\x1b");
        out_str(&o, "Path", big);
    }
    /* "Name" as wide as its widest cell ("\x1B"), the underline as long as each header, no trailing blanks */
    put(&t, "Name Path\n---- ----\n");
    for (size_t i = 0; i < 5; i++) {
        memset(big, (int)('a' + i), lens[i]);
        big[lens[i]] = '\0';
        put(&t, "%-4s %s\n", i % 2 == 0 ? "n" : "\\x1B", big);
    }
    same(&o, cols, &t);
    /* each long string in a chunk of its own, no larger than it, beside the first chunks of 1 KiB */
    LMT_TRUE(out_store_bytes(&o) < 200001 + 70001 + 65537 + 4096);
    out_free(&o);
    free(big);
    free(t.s);
}

/* out_header_only() drops the last record: the next one starts clean, and a value added before it (no record
 * open) goes nowhere. */
static void dropped_record(void)
{
    struct out o;
    struct text t = {0};

    out_init(&o, OUT_CSV);
    out_rec(&o);
    out_str(&o, "Name", "kept");
    out_num(&o, "Port", 1);
    out_rec(&o);
    out_str(&o, "Name", "dropped");
    out_num(&o, "Port", 2);
    out_header_only(&o);
    LMT_EQ(o.n, 1);
    out_str(&o, "Name", "nowhere");
    out_rec(&o);
    out_str(&o, "Name", "next");
    out_num(&o, "Port", 3);
    put(&t, "Name,Port\r\nkept,1\r\nnext,3\r\n");
    same(&o, NULL, &t);
    out_free(&o);
    free(t.s);
}

/* The plain share table of 10,000 shares (cli_share_row(): four strings a row) takes at most 68 bytes a row
 * (its four values in one piece, 52 bytes, and its slot in the index, which doubles: 8 to 16) besides its
 * strings' bytes, with their NULs, each once; the chunks being filled add at most 64 KiB each. */
static void share_table_size(void)
{
    struct out o;
    size_t strings = 0;

    out_init(&o, OUT_TABLE);
    for (size_t i = 0; i < NREC; i++) {
        char name[32], path[64], remark[64];
        lm_share s;

        memset(&s, 0, sizeof s);
        snprintf(name, sizeof name, "share%05zu", i);
        snprintf(path, sizeof path, "/srv/shares/share%05zu", i);
        snprintf(remark, sizeof remark, "Share number %zu", i);
        s.name = name;
        s.path = path;
        s.remark = remark;
        cli_share_row(&o, &s);
        strings += strlen(name) + 1 + 2 + strlen(path) + 1 + strlen(remark) + 1;
    }
    LMT_EQ(o.n, NREC);
    if (out_store_bytes(&o) > 68 * NREC + strings + 2 * 65536)
        fprintf(stderr, "store: %zu bytes for %d rows and %zu bytes of strings\n", out_store_bytes(&o), NREC,
                strings);
    LMT_TRUE(out_store_bytes(&o) <= 68 * NREC + strings + 2 * 65536);
    out_free(&o);
}

static const struct lmt_test tests[] = {
    LMT_TEST(many_records),   LMT_TEST(large_record),     LMT_TEST(long_strings),
    LMT_TEST(dropped_record), LMT_TEST(share_table_size), LMT_END,
};
const struct lmt_suite lmt_suite_store = {"store", NULL, NULL, NULL, tests};
