/* lib/os/wide.h (Windows only): the UTF-8 <-> UTF-16 pair every W call goes through, strict both ways, and
 * the system's text for a Win32 code. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "os/wide.h"
#include "testlib.h"

static void round_trip(void)
{
    /* ASCII, Latin-1, CJK and a character outside the BMP (a surrogate pair). */
    const char *s = "share \xc3\xa9t\xc3\xa9 \xe5\x85\xb1\xe4\xba\xab \xf0\x9f\x93\x81";
    const wchar_t want[] = L"share \u00e9t\u00e9 \u5171\u4eab \xd83d\xdcc1";
    wchar_t *w = lm__wide(s);
    char *back;

    LMT_PTR_OK(w);
    LMT_TRUE(wcscmp(w, want) == 0);
    back = lm__narrow(w);
    LMT_PTR_OK(back);
    LMT_STR(back, s);
    free(w);
    free(back);
}

static void empty_and_null(void)
{
    wchar_t *w = lm__wide(NULL); /* NULL is the empty string, as the registry's default value name */
    char *s;

    LMT_PTR_OK(w);
    LMT_EQ(w[0], L'\0');
    s = lm__narrow(w);
    LMT_PTR_OK(s);
    LMT_STR(s, "");
    free(w);
    free(s);
    LMT_PTR_NULL(lm__narrow(NULL));
}

static void invalid_refused(void)
{
    /* A lone surrogate is refused, not turned into U+FFFD: a name converted there and back would name
     * another object. The same for overlong and truncated UTF-8. */
    const wchar_t lone[] = {L'a', 0xD800, L'b', 0};

    LMT_PTR_NULL(lm__narrow(lone));
    LMT_PTR_NULL(lm__wide("\xc0\xaf"));
    LMT_PTR_NULL(lm__wide("abc\xe2\x82"));
}

static void system_text(void)
{
    char buf[256];

    LMT_TRUE(lm__win32_text(ERROR_FILE_NOT_FOUND, buf, sizeof buf));
    LMT_TRUE(buf[0] != '\0');
    LMT_TRUE(strchr(buf, '\n') == NULL && strchr(buf, '\r') == NULL);
    LMT_TRUE(buf[strlen(buf) - 1] != '.');
    LMT_TRUE(!lm__win32_text(0x7FFFFFF0u, buf, sizeof buf)); /* no such code */
    LMT_STR(buf, "");
}

static const struct lmt_test wide_tests[] = {
    LMT_TEST(round_trip), LMT_TEST(empty_and_null), LMT_TEST(invalid_refused), LMT_TEST(system_text), LMT_END,
};

const struct lmt_suite lmt_suite_wide = {"wide", NULL, NULL, NULL, wide_tests};
