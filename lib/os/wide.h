/* UTF-8 <-> UTF-16 at the Win32 boundary (wide_win32.c; Windows only, where wchar_t is UTF-16): the one pair
 * of conversions for every W API call in the library, the CLI and lanman-agent, fopen on a UTF-8 path, and
 * the system's text for a Win32 code.
 *
 * The conversion is lib/core/utf.c's, strict both ways: invalid UTF-8 and lone UTF-16 surrogates are
 * refused (NULL), never replaced with U+FFFD, so that a name converted one way and back is the same name.
 *
 * The programs link the same sources as the static library lanman_wide (lib/os/CMakeLists.txt), since the
 * DLL exports only the public API. */
#ifndef LM_OS_WIDE_H
#define LM_OS_WIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

/* s as a NUL-terminated UTF-16 string (free()); NULL s gives an empty string. NULL when s is not valid
 * UTF-8, or memory runs out. */
wchar_t *lm__wide(const char *s);

/* w as a NUL-terminated UTF-8 string (free()); NULL when w is NULL, is not valid UTF-16, or memory runs
 * out. */
char *lm__narrow(const wchar_t *w);

/* fopen with a UTF-8 path and mode (_wfopen); NULL when either does not convert or the open fails. */
FILE *lm__fopen(const char *path, const char *mode);

/* The system's text for a Win32 or WSA code (FormatMessageW), in UTF-8, without the trailing period and line
 * break, into buf (size > 0). false, with buf empty, when the system has no text for it: the caller words
 * its own fallback. */
bool lm__win32_text(uint32_t code, char *buf, size_t size);

#endif
