/* The --wrap targets of failalloc.h. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "failalloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static _Thread_local bool armed, failed;
static _Thread_local unsigned long target, count;

void fa_arm(unsigned long n)
{
    armed = true;
    failed = false;
    target = n;
    count = 0;
}

unsigned long fa_disarm(void)
{
    armed = false;
    return count;
}

unsigned long fa_count(void)
{
    return count;
}

bool fa_failed(void)
{
    return failed;
}

/* Where the armed failure happens: a breakpoint for a debugger (gdb -ex 'break fa_failing'). */
__attribute__((noinline)) static void fa_failing(void)
{
    __asm__ volatile("");
}

/* Whether this allocation is the one to fail. */
static bool fail_now(void)
{
    if (!armed)
        return false;
    if (++count != target)
        return false;
    failed = true;
    fa_failing();
    errno = ENOMEM;
    return true;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return fail_now() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}
