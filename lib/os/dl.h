/* A shared library opened on first use (POSIX: dlopen; dl_posix.c), for the libraries that only some commands
 * need, so that the others do not map them: libxml2 (lib/xml/xmlapi.h) and MIT Kerberos (lib/smb/krb5api.h).
 *
 * The caller keeps one struct lm__dl per library, static (LM__DL_INIT), and a table: a struct of pointers
 * only, one per name, in the order of the names (a function's address, or a variable's). Its header's
 * defines then make each name call through the table, so that call sites read as plain calls. */
#ifndef LM_OS_DL_H
#define LM_OS_DL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct lm__dl {
    const char *soname;       /* what dlopen is given: the soname the package ships ("libxml2.so.2") */
    const char *const *names; /* the symbols, NULL-terminated, in the order of the table's members */
    void *table;
    size_t size; /* of the table: one pointer per name */
    pthread_mutex_t lock;
    int state; /* 0: not tried yet; 1: loaded; -1: failed (never tried again) */
    char why[200];
};

#define LM__DL_INIT(soname, names, table)                                            \
    {                                                                                \
        (soname), (names), &(table), sizeof(table), PTHREAD_MUTEX_INITIALIZER, 0, "" \
    }

/* Opens d->soname and fills d->table from it, the first time (thread-safe); the library stays open for the
 * life of the process, as the table points into it. true when loaded; else false, with one line in d->why
 * that names the library (dlerror's words, or the missing symbol). */
bool lm__dl_load(struct lm__dl *d);

#endif
