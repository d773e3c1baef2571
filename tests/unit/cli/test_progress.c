/* The progress line of a download (get) and its summary: binary units, the bar, the ETA, the width of the
 * terminal, and the file name from the server escaped and cut. tests/cli/progress.sh shows it on a pty. */
#include <stdint.h>
#include <string.h>

#include "output.h"
#include "testlib.h"

/* Characters (UTF-8 code points) of s. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void size_units(void)
{
    static const struct {
        double bytes;
        const char *want;
    } cases[] = {
        {0, "0 B"},
        {1023, "1023 B"},
        {1024, "1.0 KiB"},
        {1536, "1.5 KiB"},
        {31457280, "30.0 MiB"},
        {5.0 * 1024 * 1024 * 1024, "5.0 GiB"},
        {3.0 * 1024 * 1024 * 1024 * 1024, "3.0 TiB"},
    };
    char buf[32];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out_size(buf, sizeof buf, cases[i].bytes);
        LMT_STR(buf, cases[i].want);
    }
}

static void line(const char *name, uint64_t done, uint64_t total, double secs, int cols, const char *want)
{
    char buf[1024];

    out_progress_line(buf, sizeof buf, name, done, total, secs, cols);
    LMT_STR(buf, want);
    LMT_EQ(chars(buf), (size_t)cols - 1); /* overwrites a longer line before it, never wraps */
}

static void lines(void)
{
    /* 12.3 MiB of 27.0 MiB in 2.5 s: 4.9 MiB/s, 3 s to go; the bar 45% full */
    line("report.pdf", 12897485, 28311552, 2.5, 80,
         "report.pdf [########          ]   45%  12.3 MiB / 27.0 MiB  4.9 MiB/s  ETA 0:03");
    /* nothing yet: no rate, no ETA */
    line("report.pdf", 0, 28311552, 0, 80,
         "report.pdf [                            ]    0%  0 B / 27.0 MiB  -/s  ETA --:--");
    /* an empty file is complete */
    line("empty", 0, 0, 0.5, 80,
         "empty [#######################################]  100%  0 B / 0 B  -/s  ETA 0:00");
    /* hours; a name from the server escaped, then cut to a quarter of the line with '…'; no room for a bar */
    line("a-very-long-file-name-with-\x1b[2J-escape.txt", 3ULL << 30, 5ULL << 30, 4000, 80,
         "a-very-long-file-n\xe2\x80\xa6   60%  3.0 GiB / 5.0 GiB  786.4 KiB/s  ETA 44:27           ");
    line("\x1b]0;x\x07.txt", 1, 2, 1, 100,
         "\\x1B]0;x\\x07.txt [#######################                       ]   50%  1 B / 2 B  1 B/s  ETA "
         "0:01");
    /* a narrow terminal: the name cut to 8 characters, and the rate and the ETA left out */
    line("report.pdf", 12897485, 28311552, 2.5, 40, "report.p\xe2\x80\xa6   45%  12.3 MiB / 27.0 MiB   ");
}

/* Every width from the smallest (20) up: one line of exactly cols - 1 characters. */
static void widths(void)
{
    char buf[1024];

    for (int cols = 20; cols <= 300; cols++) {
        out_progress_line(buf, sizeof buf, "a-long-file-name-\xc3\xa9\xc3\xa9\xc3\xa9-0123456789.iso",
                          3ULL << 30, 5ULL << 30, 4000, cols);
        CU_ASSERT_EQUAL(chars(buf), (size_t)(cols > 20 ? cols - 1 : 19));
        out_progress_line(buf, sizeof buf, "x", 1, 0, 0, cols);
        CU_ASSERT_EQUAL(chars(buf), (size_t)(cols > 20 ? cols - 1 : 19));
    }
}

static void summary(void)
{
    char buf[256];

    out_progress_summary(buf, sizeof buf, "report.pdf", 28311552, 5.3);
    LMT_STR(buf, "report.pdf: 27.0 MiB (28311552 bytes) in 5.3 s, 5.1 MiB/s");
    out_progress_summary(buf, sizeof buf, "a\nb", 10, 0);
    LMT_STR(buf, "a\\x0Ab: 10 B (10 bytes) in 0.0 s");
}

static const struct lmt_test tests[] = {LMT_TEST(size_units), LMT_TEST(lines), LMT_TEST(widths),
                                        LMT_TEST(summary), LMT_END};
const struct lmt_suite lmt_suite_progress = {"progress", NULL, NULL, NULL, tests};
