/* A library opened on first use (lib/os/dl.h, dl_posix.c; POSIX): the table filled from a function's and a
 * variable's names, once; a library or a symbol that is not there, or a table of the wrong size, is false
 * with one line that names it, and nothing is tried again. libc.so.6 stands in for libxml2 and MIT Kerberos.
 */
#include <stdio.h>
#include <string.h>

#include "os/dl.h"
#include "testlib.h"

struct libc_api {
    __typeof__(strlen) *strlen;
    FILE **stdout_; /* a variable: dlsym gives its address */
};

static void fills_the_table(void)
{
    static const char *const names[] = {"strlen", "stdout", NULL};
    static struct libc_api api;
    static struct lm__dl lib = LM__DL_INIT("libc.so.6", names, api);

    LMT_TRUE(lm__dl_load(&lib));
    LMT_PTR_OK(api.strlen);
    LMT_EQ(api.strlen("lanman"), 6);
    LMT_TRUE(*api.stdout_ == stdout);
    /* Once: a second call does not resolve again. */
    api.strlen = NULL;
    LMT_TRUE(lm__dl_load(&lib));
    LMT_PTR_NULL(api.strlen);
}

/* refused: lm__dl_load of soname with names into a table of n pointers is false, twice (never tried again),
 * with why in its one line, and no pointer is left filled. */
static void refused(const char *soname, const char *const *names, size_t n, const char *why)
{
    void *table[2] = {NULL, NULL};
    struct lm__dl lib = LM__DL_INIT(soname, names, table);

    lib.size = n * sizeof table[0];
    LMT_TRUE(!lm__dl_load(&lib));
    LMT_TRUE(strstr(lib.why, why) != NULL);
    LMT_TRUE(strchr(lib.why, '\n') == NULL);
    LMT_TRUE(!lm__dl_load(&lib));
    LMT_PTR_NULL(table[0]);
    LMT_PTR_NULL(table[1]);
}

static void no_library(void)
{
    static const char *const names[] = {"strlen", NULL};

    refused("liblanman-no-such-library.so.9", names, 1, "liblanman-no-such-library.so.9");
}

static void no_symbol(void)
{
    static const char *const names[] = {"strlen", "lm_no_such_symbol", NULL};

    refused("libc.so.6", names, 2, "libc.so.6: no symbol lm_no_such_symbol");
}

static void table_of_the_wrong_size(void)
{
    static const char *const names[] = {"strlen", "strchr", NULL};

    refused("libc.so.6", names, 1, "libc.so.6: 2 names for a table of");
}

static const struct lmt_test dl_tests[] = {
    LMT_TEST(fills_the_table),
    LMT_TEST(no_library),
    LMT_TEST(no_symbol),
    LMT_TEST(table_of_the_wrong_size),
    LMT_END,
};

const struct lmt_suite lmt_suite_dl = {"dl", NULL, NULL, NULL, dl_tests};
