/* The replay driver: feeds each file named on the command line, or each file of a directory named there,
 * to LLVMFuzzerTestOneInput, once. Linked with every target in the native presets, so that ctest runs each
 * target over its corpus (fuzz.replay.TARGET): the crashes fuzzing once found stay fixed. An input that
 * crashes, leaks or hits undefined behaviour fails the test through the sanitizers of the asan preset; a
 * plain build still catches crashes. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not corpus files. */
#define REPLAY_MAX (16u << 20)

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *buf;
    size_t n;

    if (f == NULL || fstat(fileno(f), &st) != 0 || st.st_size < 0 || (uintmax_t)st.st_size > REPLAY_MAX) {
        fprintf(stderr, "replay: %s: %s\n", path, f == NULL ? strerror(errno) : "unreadable or too large");
        if (f != NULL)
            fclose(f);
        return 1;
    }
    /* An exact-size heap copy, so that a read one byte past the input is an ASan error. */
    n = (size_t)st.st_size;
    if ((buf = malloc(n > 0 ? n : 1)) == NULL || fread(buf, 1, n, f) != n) {
        fprintf(stderr, "replay: %s: %s\n", path, buf == NULL ? "out of memory" : "read error");
        free(buf);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int run_dir(const char *dir, unsigned *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort), failed = 0;

    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;

        if (names[i]->d_name[0] != '.' &&
            (size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < sizeof path &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            failed |= run_file(path);
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    unsigned count = 0;
    int failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            failed |= run_dir(argv[i], &count);
        } else {
            failed |= run_file(argv[i]);
            count++;
        }
    }
    if (count == 0) {
        fprintf(stderr, "replay: no inputs\n");
        return 1;
    }
    printf("replay: %u inputs\n", count);
    return failed;
}
