/* Small text helpers shared by the registry value model, the settings catalogue, configured shares and
 * SDDL: ASCII case-insensitive comparison (registry and value names compare that way for the ASCII names
 * we know), strict number parsing, and an owned list of UTF-8 strings. */
#ifndef LM_CORE_TEXT_H
#define LM_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"

/* Like strcmp, but A-Z compare equal to a-z; other bytes compare as unsigned. */
int lm__ascii_casecmp(const char *a, const char *b);

/* The value of a hex digit (0-9, a-f, A-F), or -1. */
int lm__hex_digit(char c);

/* Strict unsigned parsing of the whole string s[0..n): decimal digits, or "0x"/"0X" and 1..16 hex digits
 * when hex_ok. No sign, no spaces, no empty string. LM_EINVAL for bad syntax, LM_ERANGE above max. */
lm_status lm__parse_u64(const char *s, size_t n, bool hex_ok, uint64_t max, uint64_t *out);

/* lm_error_set() without a raw code, for an err that may be NULL. Returns st. */
lm_status lm__fail(lm_error *err, lm_status st, const char *fmt, ...) LM_PRINTF(3, 4);

/* An owned list of NUL-terminated UTF-8 strings. Zero-initialise it ({0}) before use. */
struct lm__strlist {
    char **v;
    size_t n;
};

/* Appends a copy of s[0..len) (which may not contain NUL). LM_ENOMEM, LM_EOVERFLOW past 65536 items. */
lm_status lm__strlist_push(struct lm__strlist *l, const char *s, size_t len);
/* Appends prefix followed by s, e.g. "Path=" and "C:\Data". */
lm_status lm__strlist_push2(struct lm__strlist *l, const char *prefix, const char *s);
void lm__strlist_free(struct lm__strlist *l);

#endif
