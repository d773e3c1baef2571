/* Words on the command line: case-insensitive comparison (PowerShell's names) and "did you mean ...?", the
 * closest candidate to a mistyped word by edit distance. */
#include <ctype.h>
#include <string.h>

#include "cli.h"

bool cli_iequal(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

bool cli_iprefix(const char *prefix, const char *word)
{
    for (; *prefix != '\0'; prefix++, word++) {
        if (*word == '\0' || tolower((unsigned char)*prefix) != tolower((unsigned char)*word))
            return false;
    }
    return true;
}

/* Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive; words
 * longer than 63 characters are never close to anything. */
static int distance(const char *a, const char *b)
{
    int d[64][64];
    size_t la = strlen(a), lb = strlen(b);

    if (la >= 64 || lb >= 64)
        return 99;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

void cli_suggest_init(struct cli_suggest *s, const char *word)
{
    memset(s, 0, sizeof s[0]);
    s->word = word;
    s->dist = 99;
}

void cli_suggest_add(struct cli_suggest *s, const char *candidate)
{
    size_t lw = strlen(s->word);
    /* Close enough to be a typo: none in one letter (only its case), one edit in a short word, two in a
     * longer one, three in a long one; a word of three or more letters that starts the candidate counts as
     * one edit (serv -> service), but a candidate one real edit away wins over it (Get-SmbShar ->
     * Get-SmbShare, not Get-SmbShareAccess). Distances are kept in half edits for that. */
    int limit = lw <= 1 ? 0 : lw <= 3 ? 1 : lw <= 8 ? 2 : 3;
    int d;

    if (candidate == NULL)
        return;
    d = 2 * distance(s->word, candidate);
    if (strcmp(candidate, s->word) == 0 || (s->best != NULL && strcmp(candidate, s->best) == 0))
        return;
    if (d > 2 && lw >= 3 && cli_iprefix(s->word, candidate))
        d = 3;
    else if (d > 2 * limit)
        return;
    if (d > s->dist)
        return;
    s->tie = d == s->dist;
    s->dist = d;
    s->best = candidate;
}

const char *cli_suggest_result(const struct cli_suggest *s)
{
    return s->best != NULL && !s->tie ? s->best : NULL;
}
