/* Runs one suite (argv[1]) or, with no argument, every suite of this executable, through CUnit's basic
 * interface, which prints the Run Summary.
 *
 * Exit: 0 all ran and passed; 1 a failure, or nothing ran; 77 the (single) suite was skipped; 2 usage. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "testlib.h"

#define EXIT_SKIP 77

/* Counts, and with drop removes, the files in the current directory whose name starts with prefix. */
static unsigned walk_files(const char *prefix, bool drop)
{
    DIR *d = opendir(".");
    struct dirent *e;
    unsigned n = 0;

    if (d == NULL)
        return (unsigned)-1; /* no count a test expects */
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            n++;
            if (drop)
                remove(e->d_name);
        }
    }
    closedir(d);
    return n;
}

unsigned lmt_count_files(const char *prefix)
{
    return walk_files(prefix, false);
}

void lmt_remove_files(const char *prefix)
{
    walk_files(prefix, true);
}

static int add_suite(const struct lmt_suite *s)
{
    CU_pSuite cs = CU_add_suite(s->name, s->init, s->cleanup);

    if (cs == NULL)
        return -1;
    for (const struct lmt_test *t = s->tests; t->name != NULL; t++) {
        if (CU_add_test(cs, t->name, t->fn) == NULL)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    unsigned int run, failed, skipped = 0, added = 0;
    int rc;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [SUITE]\n", argv[0]);
        return 2;
    }
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    for (size_t i = 0; lmt_suites[i] != NULL; i++) {
        const struct lmt_suite *s = lmt_suites[i];
        const char *why;

        if (only != NULL && strcmp(only, s->name) != 0)
            continue;
        why = s->skip != NULL ? s->skip() : NULL;
        if (why != NULL) {
            printf("SKIP %s: %s\n", s->name, why);
            skipped++;
            continue;
        }
        if (add_suite(s) != 0) {
            fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
            CU_cleanup_registry();
            return 1;
        }
        added++;
    }
    if (only != NULL && added == 0 && skipped == 0) {
        fprintf(stderr, "no suite named '%s'\n", only);
        CU_cleanup_registry();
        return 2;
    }
    if (added == 0) {
        CU_cleanup_registry();
        return skipped > 0 && only != NULL ? EXIT_SKIP : 1;
    }

    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    run = CU_get_number_of_tests_run();
    failed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();

    /* A run that executed no test proves nothing: count it as a failure. */
    rc = failed > 0 || run == 0 ? 1 : 0;
    if (run == 0)
        fprintf(stderr, "no test ran\n");
    return rc;
}
