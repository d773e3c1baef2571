/* Wildcard patterns with PowerShell -like semantics (System.Management.Automation.WildcardPattern), the
 * matcher behind `Get-Service Lanman*`:
 *
 *   *      any run of characters, including none
 *   ?      exactly one character
 *   [abc]  one of the listed characters; [a-z] a range; both may mix: [a-cx]
 *   `      escapes the next character (`*, `?, `[, `], ``), inside brackets too
 *
 * Matching is case-insensitive (lm__ucs_fold) and always covers the whole text. A '[' without its ']' and
 * an empty set '[]' make the pattern invalid, as PowerShell rejects them too. */
#ifndef LM_CORE_WILDCARD_H
#define LM_CORE_WILDCARD_H

#include <stdbool.h>

#include "lanman/error.h"

/* LM_OK, or LM_EINVAL for an invalid pattern (unclosed or empty set, invalid UTF-8). */
lm_status lm__wildcard_check(const char *pattern);

/* 1 when text matches, 0 when it does not; LM_EINVAL for an invalid pattern, LM_EILSEQ when text is not
 * UTF-8. */
int lm__wildcard_match(const char *pattern, const char *text);

/* True when the pattern has an unescaped *, ? or [ (so it may match more than one name). */
bool lm__wildcard_has_meta(const char *pattern);

#endif
