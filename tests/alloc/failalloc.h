/* Allocation failure on demand, for the allocation-failure tests (tests/alloc). The test executable is linked
 * with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup, so every allocation that
 * liblanman (linked statically) and the test make goes through failalloc.c; the allocations inside other
 * libraries (libc's getaddrinfo, libxml2, libcrypto, CUnit) do not.
 *
 * Armed with n, the nth allocation of the arming thread fails (NULL, errno ENOMEM) and every other one goes
 * to the real allocator (ASan's under the asan preset, so leaks are still seen). Other threads (a rogue
 * server's) are never counted. */
#ifndef LANMAN_TEST_FAILALLOC_H
#define LANMAN_TEST_FAILALLOC_H

#include <stdbool.h>

/* Counts this thread's allocations from now on, and fails the nth one (n == 0: none). */
void fa_arm(unsigned long n);

/* Stops counting; returns how many allocations were counted since fa_arm. */
unsigned long fa_disarm(void);

/* The allocations counted so far since fa_arm. */
unsigned long fa_count(void);

/* Whether the armed failure was reached. */
bool fa_failed(void);

#endif
