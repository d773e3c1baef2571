/* Rogue peers: hostile peers on loopback, for what no real server does (DESIGN: a hand-written fake of a
 * peer only for a malicious or broken server). Not to be confused with tests/unit/host/memhost.h (an
 * in-memory host backend) and tests/unit/rpc/pipepeer.h (a scripted named-pipe peer for DCE/RPC):
 *
 *   - a scripted SMB2 "server": a thread accepts one connection and runs a script, which reads requests and
 *     writes whatever bytes the test case wants;
 *   - a tampering proxy: a thread forwards one connection to a real server (the Samba fixture) and hands
 *     every complete frame, either way, to a hook, which may change it before it goes on.
 *
 * Every wait in here is bounded (ROGUE_WAIT_MS), so a client that misbehaves fails its test instead of
 * hanging the suite. POSIX sockets and threads: native builds only. */
#ifndef LANMAN_TEST_ROGUE_H
#define LANMAN_TEST_ROGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest any rogue peer waits for its peer. */
#define ROGUE_WAIT_MS 5000

/* The largest frame a script reads or the proxy holds. */
#define ROGUE_FRAME_MAX (17u * 1024 * 1024)

struct rogue_conn {
    int fd;
    uint8_t *in; /* the last frame read by rogue_recv, ROGUE_FRAME_MAX bytes */
    size_t inlen;
};

typedef void (*rogue_script)(struct rogue_conn *c, void *arg);

struct rogue_server;

/* Listens on 127.0.0.1 (a free port, returned in *port) and runs script on the first connection in a
 * thread; the connection is closed when the script returns. */
bool rogue_start(rogue_script script, void *arg, uint16_t *port, struct rogue_server **out);

/* Waits for the script to end (it always does: every wait is bounded), then frees. */
void rogue_stop(struct rogue_server *s);

/* Reads one NBSS frame into c->in / c->inlen; false on EOF, error or ROGUE_WAIT_MS without one. */
bool rogue_recv(struct rogue_conn *c);

bool rogue_send_raw(struct rogue_conn *c, const void *p, size_t n);

/* Sends msg with its 4-byte NBSS header. */
bool rogue_send(struct rogue_conn *c, const void *msg, size_t n);

/* Waits (at most ROGUE_WAIT_MS) for the client to close. */
void rogue_wait_close(struct rogue_conn *c);

/* The fields of the request at offset off of the last frame read. */
uint16_t rogue_req_cmd(const struct rogue_conn *c, size_t off);
uint64_t rogue_req_mid(const struct rogue_conn *c, size_t off);
uint32_t rogue_req_next(const struct rogue_conn *c, size_t off);

/* Writes a 64-byte response header into m: SERVER_TO_REDIR | flags, 64 credits granted. */
void rogue_hdr(uint8_t *m, uint16_t cmd, uint32_t status, uint64_t mid, uint32_t flags, uint64_t sid,
               uint32_t tid);

/* Writes a NEGOTIATE response into m (128 bytes): dialect d, signing enabled, no contexts, max read 4096, max
 * transact 1 MiB. Returns its length. */
size_t rogue_negotiate_resp(uint8_t *m, uint16_t d, uint64_t mid);

void rogue_put16(uint8_t *p, uint16_t v);
void rogue_put32(uint8_t *p, uint32_t v);
void rogue_put64(uint8_t *p, uint64_t v);

/* ---- a peer that serves one connection after another (a program of its own, e.g. ms17peer.c) ---- */

/* Listens on 127.0.0.1, a free port (*port). Returns the socket, or -1. */
int rogue_listen(uint16_t *port);

/* The next connection on lfd (TCP_NODELAY), waiting at most ROGUE_WAIT_MS; -1 when none came. */
int rogue_accept(int lfd);

/* ---- the tampering proxy ---- */

/* Called for every complete frame (without its NBSS header), from the server or, with from_client, from the
 * client; may change it in place, or replace it with up to ROGUE_FRAME_MAX bytes. Returns its new length. */
typedef size_t (*rogue_hook)(uint8_t *frame, size_t len, bool from_client, void *arg);

struct rogue_proxy;

/* Listens on 127.0.0.1 (*port) and forwards the first connection to host:to_port. */
bool rogue_proxy_start(const char *host, uint16_t to_port, rogue_hook hook, void *arg, uint16_t *port,
                       struct rogue_proxy **out);
void rogue_proxy_stop(struct rogue_proxy *p);

#endif
