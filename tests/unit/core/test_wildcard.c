#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "core/wildcard.h"

struct row {
    const char *pattern, *text;
    int want; /* 1, 0, or an LM_E* code */
};

/* Results as PowerShell's -like gives them (`'LanmanServer' -like 'lanman*'` is True, ...). */
static const struct row rows[] = {
    {"Lanman*", "LanmanServer", 1},
    {"lanman*", "LanmanWorkstation", 1},
    {"LANMAN*", "lanmanserver", 1},
    {"Lanman*", "Lanman", 1},
    {"Lanman*", "XLanman", 0},
    {"*Server", "LanmanServer", 1},
    {"*Server", "LanmanServers", 0},
    {"*man*", "LanmanServer", 1},
    {"L?nman*", "LanmanServer", 1},
    {"L?nman*", "Lnman", 0},
    {"?", "", 0},
    {"?", "é", 1}, /* one character, two bytes */
    {"??", "é", 0},
    {"", "", 1},
    {"", "a", 0},
    {"*", "", 1},
    {"**", "", 1},
    {"*", "anything at all", 1},
    {"a*b*c", "aXbYc", 1},
    {"a*b*c", "aXbYcZ", 0},
    {"a*b*c", "abcbc", 1},
    {"*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0}, /* no exponential blowup */
    {"[a-c]x", "bx", 1},
    {"[a-c]x", "dx", 0},
    {"[a-c]x", "Bx", 1}, /* case-insensitive ranges */
    {"[A-C]x", "bx", 1},
    {"[abc]", "c", 1},
    {"[abc]", "ab", 0},
    {"[a-cx-z]", "y", 1},
    {"[a-]", "-", 1}, /* trailing '-' is literal */
    {"[-a]", "-", 1}, /* leading '-' is literal */
    {"[*]", "*", 1},  /* no metacharacters inside a set */
    {"[*]", "a", 0},
    {"[?]", "?", 1},
    {"[`]]", "]", 1}, /* escaped ']' inside a set */
    {"`*", "*", 1},
    {"`*", "a", 0},
    {"a`?", "a?", 1},
    {"a`?", "ab", 0},
    {"`[x`]", "[x]", 1},
    {"``", "`", 1},
    {"a`", "a`", 1}, /* trailing backtick stands for itself */
    {"donn\xC3\xA9"
     "es",
     "DONN\xC3\x89"
     "ES",
     1},
    {"*\xE5\x85\xB1*", "x\xE5\x85\xB1y", 1},
    {"[", "[", LM_EINVAL},
    {"*[*", "a[b", LM_EINVAL},
    {"[a-", "a", LM_EINVAL},
    {"[]", "a", LM_EINVAL},
    {"a]", "a]", 1}, /* a lone ']' is an ordinary character */
    {"\xC3", "a", LM_EINVAL},
    {"*", "\xC3", LM_EILSEQ},
};

static void table(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int got = lm__wildcard_match(rows[i].pattern, rows[i].text);
        if (got != rows[i].want)
            fprintf(stderr, "row %zu: '%s' against '%s': got %d, want %d\n", i, rows[i].text, rows[i].pattern,
                    got, rows[i].want);
        CU_ASSERT_EQUAL(got, rows[i].want);
    }
}

static void check_and_meta(void)
{
    LMT_EQ(lm__wildcard_check("Lanman*"), LM_OK);
    LMT_EQ(lm__wildcard_check("*[*"), LM_EINVAL);
    LMT_EQ(lm__wildcard_check(""), LM_OK);
    LMT_TRUE(!lm__wildcard_has_meta("LanmanServer"));
    LMT_TRUE(!lm__wildcard_has_meta("Lanman`*")); /* escaped: a plain name */
    LMT_TRUE(!lm__wildcard_has_meta(""));
    LMT_TRUE(lm__wildcard_has_meta("Lanman*"));
    LMT_TRUE(lm__wildcard_has_meta("L?"));
    LMT_TRUE(lm__wildcard_has_meta("[ab]"));
}

static void long_inputs(void)
{
    char text[4097], pat[4097];

    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    memset(pat, '*', sizeof pat - 1);
    pat[sizeof pat - 1] = '\0';
    LMT_EQ(lm__wildcard_match(pat, text), 1);
    pat[sizeof pat - 2] = 'b';
    LMT_EQ(lm__wildcard_match(pat, text), 0);
}

static const struct lmt_test tests[] = {
    LMT_TEST(table),
    LMT_TEST(check_and_meta),
    LMT_TEST(long_inputs),
    LMT_END,
};
const struct lmt_suite lmt_suite_wildcard = {"wildcard", NULL, NULL, NULL, tests};
