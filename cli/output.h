/* Output of records in every format: table, list (Format-List), csv (RFC 4180), json, xml. Commands add
 * records of named, typed values, which struct out keeps compactly (a table of 10,000 shares: 52 bytes a row
 * and its strings), each string as the format needs it (table, list and csv: as shown, out_escape); the
 * format is applied once at the end. */
#ifndef LANMAN_CLI_OUTPUT_H
#define LANMAN_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum out_format { OUT_TABLE, OUT_LIST, OUT_CSV, OUT_JSON, OUT_XML, OUT_SARIF /* audit only (CMD_SARIF) */ };

enum out_kind { OUT_STR, OUT_NUM, OUT_BOOL, OUT_NULL, OUT_STRV };

/* A record and the chunks that hold the records and their strings: output.c's own. */
struct out_rec;
struct out_chunk;

struct out {
    enum out_format fmt;
    struct out_rec **rec; /* the records, in recs */
    size_t n, cap;
    bool oom;
    struct out_chunk *recs, *strs; /* the store: the records (their values), and the values' strings */
    const char **names;            /* every field name, in first-seen order: values name theirs by index */
    size_t nnames, capnames;
    /* Set by the caller after out_init(), all optional: */
    const char *properties; /* "A,B": the fields to show, in this order, in every format (case-insensitive) */
    int width;              /* table: truncate cells with '…' to fit this many columns; 0: never */
    bool color;             /* table: colour the values of known columns (Status: Running green, ...) */
    char error[512];        /* why out_print() returned OUT_EPROPERTY */
#define OUT_MAX_HEADER 64
    const char *header[OUT_MAX_HEADER]; /* out_header_only(): the fields of a record not printed */
    size_t nheader;
};

/* The one rule for untrusted text (from a server, or anything not this program's own) shown to a person: in
 * table, list and csv, and in every message on stderr. Control characters are shown, never sent to the
 * terminal:
 *   - C0 controls (0x01-0x1F, TAB, CR and LF included) and DEL (0x7F): \xHH, HH the byte in upper-case hex;
 *   - C1 controls U+0080-U+009F (UTF-8 C2 80 .. C2 9F): \u{HH};
 *   - a byte that is not part of valid UTF-8 (RFC 3629): \xHH;
 *   - a backslash is itself only where it would otherwise read as one of these, i.e. before "x" and two hex
 *     digits or before "u{": there it is \x5C. Everything else, other backslashes (C:\tmp, \\server) and
 *     all other UTF-8 (é, 日本) included, is unchanged.
 * So the shown text has no control character, is valid UTF-8, and decodes back to the original exactly.
 * Writes the shown text into dst (size bytes with the NUL; whole units only, so a cut text is still safe)
 * and returns its full length, as snprintf does. */
size_t out_escape(char *dst, size_t size, const char *s);
/* The same, malloc'd; NULL when memory ran out. */
char *out_escape_dup(const char *s);
/* The same, written to f. */
void out_puts(FILE *f, const char *s);

#define OUT_EPROPERTY (-2) /* out_print(): a --property name no record has; o->error names the known ones */

/* A JSON string (quotes included) holding s exactly, with every control character escaped (print_json's
 * rule), for the commands that write JSON documents of their own (audit's SARIF). */
void out_json_string(FILE *f, const char *s);

/* "table", "list", ... -> format; -1 for an unknown name. */
int out_format_parse(const char *name);

void out_init(struct out *o, enum out_format fmt);
void out_free(struct out *o);

void out_rec(struct out *o);                                      /* starts a record */
void out_str(struct out *o, const char *name, const char *value); /* NULL value: null */
void out_num(struct out *o, const char *name, uint64_t value);
void out_bool(struct out *o, const char *name, bool value);
/* A list of strings: a JSON array, XML child elements (<Name><Item>...</Item></Name>), joined with ", " in
 * table, list and csv. */
void out_strv(struct out *o, const char *name, char *const *v, size_t n);

/* Drops the last record, keeping its field names: the CSV header (and the known --property names) when no
 * record is printed, so that an empty result still has its columns. Values added after it go nowhere until
 * the next out_rec(). */
void out_header_only(struct out *o);

/* The bytes the records take (their store and index, malloc'd): what the tests hold to a bound. */
size_t out_store_bytes(const struct out *o);

/* Prints every record. columns (NULL-terminated, may be NULL) are the table's columns; other formats show
 * every field. o->properties overrides both. Returns 0, OUT_EPROPERTY (nothing printed), or -1 when
 * memory ran out or the output failed. */
int out_print(struct out *o, FILE *f, const char *const *columns);

/* Progress of a transfer (get), for a person at a terminal. out_size(): bytes in binary units ("512 B",
 * "12.3 MiB"). out_progress_line(): one line, at most cols - 1 characters (padded to that, so that it
 * overwrites the one before after a \r): the name (escaped, cut with '…'), a bar when there is room, the
 * percentage, done / total, the rate and the ETA ("--:--" while unknown), e.g.
 * "report.pdf [#########         ]  45%  12.3 MiB / 27.0 MiB  5.1 MiB/s  ETA 0:03". secs: since the start.
 * out_progress_summary(): "NAME: 27.0 MiB (28311552 bytes) in 5.3 s, 5.1 MiB/s". */
void out_size(char *buf, size_t size, double bytes);
void out_progress_line(char *buf, size_t size, const char *name, uint64_t done, uint64_t total, double secs,
                       int cols);
void out_progress_summary(char *buf, size_t size, const char *name, uint64_t done, double secs);

#endif
