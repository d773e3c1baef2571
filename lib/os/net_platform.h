/* What each platform file (net_posix.c, net_win32.c) gives the portable send and receive loops in net.c.
 *
 * Raw codes are errno values or WSA codes, both positive; LM__NET_WOULDBLOCK and LM__NET_EOF are negative so
 * that they never collide with either. Internal to the sockets of lib/os. */
#ifndef LM_OS_NET_PLATFORM_H
#define LM_OS_NET_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/net.h"

#define LM__NET_WOULDBLOCK (-1)
#define LM__NET_EOF        (-2)

/* Pieces handed to one sendmsg()/WSASend(); POSIX guarantees at least 16 (_XOPEN_IOV_MAX). */
#define LM__NET_IOV_BATCH 16

/* One non-blocking send of v[0..nv) (1 <= nv <= LM__NET_IOV_BATCH, no piece empty): 0 with *sent set (it may
 * be less than the whole), LM__NET_WOULDBLOCK, or a raw code. Interrupted calls are retried inside. */
int lm__net_os_send(struct lm__sock *s, const struct lm__iov *v, size_t nv, size_t *sent);

/* One non-blocking receive of 1 to n bytes: 0 with *got set, LM__NET_EOF, LM__NET_WOULDBLOCK, or a raw
 * code. */
int lm__net_os_recv(struct lm__sock *s, void *p, size_t n, size_t *got);

/* Waits until s is writable (or readable) or the deadline passes: 0, or a raw code (the platform's "timed
 * out" once the deadline has passed). */
int lm__net_os_wait(struct lm__sock *s, bool for_write, int64_t deadline);

/* Keeps raw (or LM__NET_EOF, kept as the platform's "connection reset") as the socket's last error and
 * translates it to LM_E*. */
lm_status lm__net_os_fail(struct lm__sock *s, int raw);

#endif
