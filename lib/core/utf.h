/* UTF-8 <-> UTF-16LE, validating both ways. Strings are UTF-8 everywhere in lanman; UTF-16LE exists only at
 * the Win32 and wire boundaries, and these are the only functions that cross it.
 *
 * Invalid input is an error (LM_EILSEQ), never silently replaced: overlong UTF-8 forms, encoded surrogates,
 * code points above U+10FFFF, truncated sequences, lone UTF-16 surrogates and odd UTF-16 byte counts. */
#ifndef LM_CORE_UTF_H
#define LM_CORE_UTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Decodes one code point from s[0..n). Returns the bytes it used (1..4), or 0 when the sequence is
 * invalid or truncated (or n == 0). */
size_t lm__utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

/* Encodes cp (not a surrogate, at most U+10FFFF) into out; returns 1..4, or 0 for an invalid cp. */
size_t lm__utf8_encode(uint32_t cp, uint8_t out[4]);

bool lm__utf8_valid(const char *s, size_t n);

/* Appends the conversion to out (no terminator). On error out may hold a partial result; the status says
 * so. */
lm_status lm__utf8_to_utf16le(const char *s, size_t n, struct lm__buf *out);
lm_status lm__utf16le_to_utf8(const uint8_t *p, size_t nbytes, struct lm__buf *out);

/* Allocating forms. The result is freed with free() and set only on success.
 * lm__utf16le_dup: NUL-terminated UTF-16LE (two zero bytes, not counted in *nbytes; nbytes may be NULL).
 * lm__utf8_dup: NUL-terminated UTF-8. */
lm_status lm__utf16le_dup(const char *s, uint8_t **out, size_t *nbytes);
lm_status lm__utf8_dup(const uint8_t *p, size_t nbytes, char **out);

/* Simple case folding (to lower case) for the scripts names are written in: ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic. Other code points map to themselves. */
uint32_t lm__ucs_fold(uint32_t cp);

#endif
