/* The unit-test harness: CUnit suites described as data, one ctest test per suite.
 *
 * A suite whose prerequisites this machine lacks returns a reason from its skip() hook; the runner then
 * prints "SKIP <suite>: <reason>" and exits 77, which ctest counts as skipped, never as passed. */
#ifndef LANMAN_TESTLIB_H
#define LANMAN_TESTLIB_H

#include <stddef.h>

#include <CUnit/CUnit.h>

struct lmt_test {
    const char *name;
    void (*fn)(void);
};

struct lmt_suite {
    const char *name;
    const char *(*skip)(void); /* NULL, or returns NULL to run / a reason to skip */
    int (*init)(void);
    int (*cleanup)(void);
    const struct lmt_test *tests; /* ends with {NULL, NULL} */
};

/* Generated per executable by lanman_unit_tests() in tests/CMakeLists.txt. */
extern const struct lmt_suite *const lmt_suites[];

/* Files in the current directory whose name starts with prefix (for tests of files written atomically: no
 * temporary file left beside the target); (unsigned)-1 when the directory cannot be read. In runner.c. */
unsigned lmt_count_files(const char *prefix);
/* Removes them (what a failed run left). */
void lmt_remove_files(const char *prefix);

/* clang-format off */
#define LMT_TEST(fn) {#fn, fn}
#define LMT_END      {NULL, NULL}
/* clang-format on */

/* Assertions that stop the test on failure (never compiled out: they are CUnit's, not assert()). */
#define LMT_EQ(a, b)     CU_ASSERT_EQUAL_FATAL(a, b)
#define LMT_TRUE(x)      CU_ASSERT_TRUE_FATAL(x)
#define LMT_STR(a, b)    CU_ASSERT_STRING_EQUAL_FATAL(a, b)
#define LMT_MEM(a, b, n) CU_ASSERT_FATAL(memcmp((a), (b), (n)) == 0)
#define LMT_PTR_NULL(p)  CU_ASSERT_PTR_NULL_FATAL(p)
#define LMT_PTR_OK(p)    CU_ASSERT_PTR_NOT_NULL_FATAL(p)

#endif
