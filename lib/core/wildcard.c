#include <string.h>

#include "core/utf.h"
#include "core/wildcard.h"

enum tok_type { TOK_END, TOK_LIT, TOK_ONE, TOK_STAR, TOK_SET };

struct tok {
    enum tok_type type;
    uint32_t cp;        /* TOK_LIT */
    const uint8_t *set; /* TOK_SET: the bytes between the brackets */
    size_t setlen;
    size_t next; /* pattern offset after this token */
};

/* One character of the pattern, with ` escapes resolved. A trailing ` stands for itself. Returns the bytes
 * used, 0 on invalid UTF-8. */
static size_t pat_char(const uint8_t *p, size_t n, uint32_t *cp, bool *escaped)
{
    size_t k;

    *escaped = false;
    if (n >= 2 && p[0] == '`') {
        k = lm__utf8_decode(p + 1, n - 1, cp);
        *escaped = true;
        return k != 0 ? k + 1 : 0;
    }
    return lm__utf8_decode(p, n, cp);
}

/* Reads the token at p[i]; returns false for an invalid pattern. */
static bool next_tok(const uint8_t *p, size_t n, size_t i, struct tok *t)
{
    bool esc;
    size_t k;

    if (i == n) {
        t->type = TOK_END;
        t->next = i;
        return true;
    }
    k = pat_char(p + i, n - i, &t->cp, &esc);
    if (k == 0)
        return false;
    t->next = i + k;
    t->type = TOK_LIT;
    if (esc)
        return true;
    if (t->cp == '*') {
        t->type = TOK_STAR;
    } else if (t->cp == '?') {
        t->type = TOK_ONE;
    } else if (t->cp == '[') {
        size_t j = i + 1;
        uint32_t c;
        while (j < n && p[j] != ']') {
            k = pat_char(p + j, n - j, &c, &esc);
            if (k == 0)
                return false;
            j += k;
        }
        if (j == n || j == i + 1)
            return false;
        t->type = TOK_SET;
        t->set = p + i + 1;
        t->setlen = j - (i + 1);
        t->next = j + 1;
    }
    return true;
}

static bool in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
    uint32_t fc = lm__ucs_fold(c);
    return (c >= lo && c <= hi) || (fc >= lm__ucs_fold(lo) && fc <= lm__ucs_fold(hi));
}

static bool set_match(const struct tok *t, uint32_t c)
{
    size_t i = 0, k;
    uint32_t lo, hi;
    bool esc;

    while (i < t->setlen) {
        i += pat_char(t->set + i, t->setlen - i, &lo, &esc);
        hi = lo;
        /* "a-z" is a range; a '-' first, last or escaped is itself. */
        if (i + 1 < t->setlen && t->set[i] == '-') {
            k = pat_char(t->set + i + 1, t->setlen - i - 1, &hi, &esc);
            i += 1 + k;
        }
        if (in_range(c, lo, hi))
            return true;
    }
    return false;
}

static bool tok_match(const struct tok *t, uint32_t c)
{
    switch (t->type) {
    case TOK_ONE:
        return true;
    case TOK_LIT:
        return t->cp == c || lm__ucs_fold(t->cp) == lm__ucs_fold(c);
    case TOK_SET:
        return set_match(t, c);
    default:
        return false;
    }
}

lm_status lm__wildcard_check(const char *pattern)
{
    const uint8_t *p = (const uint8_t *)pattern;
    size_t n = strlen(pattern);
    struct tok t;

    for (size_t i = 0;; i = t.next) {
        if (!next_tok(p, n, i, &t))
            return LM_EINVAL;
        if (t.type == TOK_END)
            return LM_OK;
    }
}

bool lm__wildcard_has_meta(const char *pattern)
{
    const uint8_t *p = (const uint8_t *)pattern;
    size_t n = strlen(pattern);
    struct tok t;

    for (size_t i = 0;; i = t.next) {
        if (!next_tok(p, n, i, &t))
            return true; /* an invalid pattern is not a plain name either */
        if (t.type == TOK_END)
            return false;
        if (t.type != TOK_LIT)
            return true;
    }
}

int lm__wildcard_match(const char *pattern, const char *text)
{
    const uint8_t *p = (const uint8_t *)pattern, *s = (const uint8_t *)text;
    size_t pn = strlen(pattern), sn = strlen(text);
    size_t pi = 0, si = 0, star_p = 0, star_s = 0;
    bool have_star = false;
    struct tok t;
    uint32_t c;
    size_t k;

    if (lm__wildcard_check(pattern) != LM_OK)
        return LM_EINVAL;
    if (!lm__utf8_valid(text, sn))
        return LM_EILSEQ;

    /* The classic one-backtrack-point matcher: on a mismatch after a '*', let that star take one more
     * character of text and retry. Linear in practice, O(n*m) at worst, no recursion. */
    while (si < sn) {
        (void)next_tok(p, pn, pi, &t);
        k = lm__utf8_decode(s + si, sn - si, &c);
        if (t.type == TOK_STAR) {
            have_star = true;
            star_p = pi = t.next;
            star_s = si;
            continue;
        }
        if (t.type != TOK_END && tok_match(&t, c)) {
            pi = t.next;
            si += k;
            continue;
        }
        if (!have_star)
            return 0;
        star_s += lm__utf8_decode(s + star_s, sn - star_s, &c);
        si = star_s;
        pi = star_p;
    }
    for (;; pi = t.next) {
        (void)next_tok(p, pn, pi, &t);
        if (t.type != TOK_STAR)
            return t.type == TOK_END;
    }
}
