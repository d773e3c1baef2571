/* The atomic file (lanman/file.h, lib/os/file_posix.c and file_win32.c): commit replaces the target, abort
 * and failures leave it as it was, and lm_atomic_file_remove_pending() -- what the CLI's signal and console
 * handlers call -- removes exactly the temporary files that are open, so that a later commit cannot put a
 * partial file in place. Portable: the same suite runs under Wine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanman/file.h"
#include "testlib.h"

#define PREFIX "test_file_"

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    LMT_PTR_OK(f);
    fputs(text, f);
    LMT_EQ(fclose(f), 0);
}

static void check(const char *path, const char *text)
{
    char buf[256] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    LMT_PTR_OK(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    LMT_EQ(n, strlen(text));
    LMT_STR(buf, text);
}

static lm_atomic_file *start(const char *path, const char *text)
{
    lm_atomic_file *f = NULL;
    lm_error err;

    LMT_EQ(lm_atomic_file_open(path, &f, &err), LM_OK);
    LMT_PTR_OK(f);
    LMT_EQ(lm_atomic_file_write(f, text, strlen(text), &err), LM_OK);
    return f;
}

static void commit_replaces(void)
{
    lm_error err;

    put(PREFIX "a", "old\n");
    LMT_EQ(lm_atomic_file_commit(start(PREFIX "a", "new contents\n"), &err), LM_OK);
    check(PREFIX "a", "new contents\n");
    LMT_EQ(lmt_count_files(PREFIX), 1);
    LMT_EQ(remove(PREFIX "a"), 0);
}

static void abort_keeps_old(void)
{
    lm_atomic_file *f;

    put(PREFIX "b", "old\n");
    f = start(PREFIX "b", "partial");
    LMT_EQ(lmt_count_files(PREFIX), 2); /* the target and its temporary file */
    lm_atomic_file_abort(f);
    lm_atomic_file_abort(NULL);
    check(PREFIX "b", "old\n");
    LMT_EQ(lmt_count_files(PREFIX), 1);
    LMT_EQ(remove(PREFIX "b"), 0);
}

/* What an interrupted download or export does: the handler removes the temporary files, after which the
 * commit that would have followed fails and the targets are as they were. */
static void remove_pending_removes_open_ones(void)
{
    lm_atomic_file *f, *g;
    lm_error err;

    put(PREFIX "c", "old c\n");
    f = start(PREFIX "c", "partial c");
    g = start(PREFIX "d", "partial d");
    LMT_EQ(lmt_count_files(PREFIX), 3);
    lm_atomic_file_remove_pending();
    LMT_TRUE(lm_atomic_file_commit(f, &err) != LM_OK);
    LMT_TRUE(lm_atomic_file_commit(g, &err) != LM_OK);
    check(PREFIX "c", "old c\n");
    LMT_EQ(lmt_count_files(PREFIX), 1);
    LMT_EQ(remove(PREFIX "c"), 0);
}

/* Files already committed or aborted are no longer pending: remove_pending touches neither them nor the
 * names they had. More files open than the list has slots still work, uncovered. */
static void remove_pending_spares_the_rest(void)
{
    lm_atomic_file *f[20];
    lm_error err;
    char name[32];

    LMT_EQ(lm_atomic_file_commit(start(PREFIX "e", "e\n"), &err), LM_OK);
    lm_atomic_file_abort(start(PREFIX "f", "f"));
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, PREFIX "g%02d", i);
        f[i] = start(name, "g\n");
    }
    for (int i = 0; i < 20; i++)
        LMT_EQ(lm_atomic_file_commit(f[i], &err), LM_OK);
    lm_atomic_file_remove_pending();
    check(PREFIX "e", "e\n");
    LMT_EQ(lmt_count_files(PREFIX), 21);
    LMT_EQ(remove(PREFIX "e"), 0);
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, PREFIX "g%02d", i);
        check(name, "g\n");
        LMT_EQ(remove(name), 0);
    }
    LMT_EQ(lmt_count_files(PREFIX), 0);
}

/* Whatever an earlier, failed run left here would throw the counts off. */
static int file_init(void)
{
    lmt_remove_files(PREFIX);
    return 0;
}

static const struct lmt_test file_tests[] = {
    LMT_TEST(commit_replaces),
    LMT_TEST(abort_keeps_old),
    LMT_TEST(remove_pending_removes_open_ones),
    LMT_TEST(remove_pending_spares_the_rest),
    LMT_END,
};

const struct lmt_suite lmt_suite_file = {"file", NULL, file_init, NULL, file_tests};
