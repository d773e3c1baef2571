/* UTF-8 <-> UTF-16 for the W APIs, fopen on a UTF-8 path, and the system's text for a Win32 code (wide.h).
 * The conversion itself is lib/core/utf.c's; this file gives it wchar_t types. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "os/wide.h"

/* wchar_t is two bytes on Windows, in the byte order lib/core's UTF-16LE has there. */
_Static_assert(sizeof(wchar_t) == 2, "wchar_t is UTF-16");

wchar_t *lm__wide(const char *s)
{
    uint8_t *p = NULL;

    if (lm__utf16le_dup(s != NULL ? s : "", &p, NULL) != LM_OK)
        return NULL;
    return (wchar_t *)p;
}

char *lm__narrow(const wchar_t *w)
{
    char *out = NULL;

    if (w == NULL || lm__utf8_dup((const uint8_t *)w, wcslen(w) * sizeof(wchar_t), &out) != LM_OK)
        return NULL;
    return out;
}

FILE *lm__fopen(const char *path, const char *mode)
{
    wchar_t *w = lm__wide(path), *m = lm__wide(mode);
    FILE *f = w != NULL && m != NULL ? _wfopen(w, m) : NULL;

    free(w);
    free(m);
    return f;
}

bool lm__win32_text(uint32_t code, char *buf, size_t size)
{
    wchar_t w[512];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, w,
                             sizeof w / sizeof w[0], NULL);
    char *s;

    buf[0] = '\0';
    while (n > 0 && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.'))
        n--;
    w[n] = L'\0';
    if (n == 0 || (s = lm__narrow(w)) == NULL)
        return false;
    snprintf(buf, size, "%s", s);
    free(s);
    return true;
}
