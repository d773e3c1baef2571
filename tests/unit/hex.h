/* Hex test vectors as they are printed in the specs, turned into bytes. Test-only. */
#ifndef LANMAN_TEST_HEX_H
#define LANMAN_TEST_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "testlib.h"

/* Decodes s (spaces allowed between bytes) into a new buffer freed with free(); *n gets its length. A
 * malformed vector fails the test, so a typo cannot pass as a short vector. */
static inline uint8_t *lmt_unhex(const char *s, size_t *n)
{
    size_t digits = 0, len = 0;
    bool ok = true;
    uint8_t *out;

    for (const char *p = s; *p != '\0'; p++) {
        if (*p != ' ') {
            ok = ok && lm__hex_digit(*p) >= 0;
            digits++;
        }
    }
    LMT_TRUE(ok && digits % 2 == 0);
    out = malloc(digits / 2 + 1);
    LMT_PTR_OK(out);
    for (; *s != '\0'; s++) {
        if (*s == ' ')
            continue;
        out[len++] = (uint8_t)(lm__hex_digit(s[0]) << 4 | lm__hex_digit(s[1]));
        s++;
    }
    *n = len;
    return out;
}

/* Asserts that p[0..n) is exactly the bytes of want_hex (freeing before the assertion can jump away). */
static inline void lmt_same_hex(const uint8_t *p, size_t n, const char *want_hex)
{
    size_t wn;
    uint8_t *w = lmt_unhex(want_hex, &wn);
    int ok = wn == n && memcmp(p, w, n) == 0;

    free(w);
    LMT_TRUE(ok);
}

#endif
