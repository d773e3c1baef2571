/* Sockets: POSIX in net_posix.c, Winsock in net_win32.c, the portable loops in net.c; CMake picks the
 * platform file. Portable code reaches the network only through here.
 *
 * Every call is bounded by a timeout in milliseconds (<= 0 means the default, 10 s). A peer that resets,
 * closes early or stops answering gives an error, never a hang:
 *   LM_ETIMEDOUT, LM_ECONNREFUSED, LM_EHOSTUNREACH, LM_ECONNRESET (reset or EOF mid-message), LM_ENOENT (name
 *   does not resolve), LM_ESYS (anything else; the raw errno / WSA code is in err). */
#ifndef LM_OS_NET_H
#define LM_OS_NET_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"

#define LM__NET_DEFAULT_TIMEOUT_MS 10000

struct lm__sock;

/* Once per process before any other call (WSAStartup on Windows); idempotent, thread-safe enough for a CLI.
 */
lm_status lm__net_init(void);

/* Resolves host (name, IPv4, or IPv6 with or without brackets) and connects to the first address that
 * answers within timeout_ms overall (each address in turn, under one deadline; name resolution itself is
 * the system resolver's and keeps its own limits). On success *out is set; free it with lm__net_close().
 * err (may be NULL) gets a one-line message naming host:port and the cause. */
lm_status lm__net_connect(const char *host, uint16_t port, int timeout_ms, struct lm__sock **out,
                          lm_error *err);

/* Sends all of v[0..nv) (gathered, one syscall where the OS allows). */
lm_status lm__net_sendv(struct lm__sock *s, const struct lm__iov *v, size_t nv, int timeout_ms);

/* Receives exactly n bytes into p. EOF before n bytes is LM_ECONNRESET. */
lm_status lm__net_recv(struct lm__sock *s, void *p, size_t n, int timeout_ms);

/* Closes and frees; NULL is fine. */
void lm__net_close(struct lm__sock *s);

/* The raw errno / WSA code of the last failure on this socket, for messages. */
int lm__net_last_error(const struct lm__sock *s);

/* Milliseconds on the monotonic clock the socket deadlines use (lm__clock_now_ms(), os/clock.h), for a
 * deadline that spans several calls. */
int64_t lm__net_now_ms(void);

/* The lm__net_now_ms() time at which a call given timeout_ms (<= 0: the default) gives up. */
int64_t lm__net_deadline(int timeout_ms);

/* RFC 1002 NetBIOS session request on port 139 (nbss.c, portable; it uses only the calls above). It lives
 * with the sockets rather than in lib/smb because it is part of reaching the server's byte stream, not of
 * SMB: both SMB clients (SMB2, and the SMB1 probe) run it right after lm__net_connect() on port 139, before
 * the first SMB byte. called is the server's NetBIOS name (use "*SMBSERVER" when unknown), calling ours.
 * LM_OK on POSITIVE SESSION RESPONSE; a NEGATIVE response is LM_ECONNREFUSED with the reason code in err. */
lm_status lm__nbss_session_request(struct lm__sock *s, const char *called, const char *calling,
                                   int timeout_ms, lm_error *err);

/* Helpers both platform files share (net.c, portable). */

/* Longest host string lm__net_connect accepts, with its NUL. */
#define LM__NET_HOST_MAX 256

/* Copies host into out (size bytes) without the brackets of "[::1]", for the resolver. LM_ENAME when it is
 * empty, too long, or has unbalanced or stray brackets. */
lm_status lm__net_host_strip(const char *host, char *out, size_t size);

/* Splits "HOST[:PORT]" as users write it after -H or in //HOST[:PORT]/SHARE: "name", "name:1445",
 * "1.2.3.4:445", "[::1]", "[::1]:1445", and "::1" or "fe80::1%eth0" (an IPv6 literal without brackets has no
 * port). host (size bytes) gets the host without brackets; *port is set only when a port is given and is
 * left alone otherwise. LM_ENAME for a malformed string, LM_ERANGE for a port outside 1..65535. */
lm_status lm__net_split_hostport(const char *s, char *host, size_t size, uint16_t *port);

/* (*i, *off) name the first unsent byte of v[0..nv); moves them past sent more bytes. */
void lm__net_iov_advance(const struct lm__iov *v, size_t nv, size_t *i, size_t *off, size_t sent);

#endif
