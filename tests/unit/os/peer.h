/* A scripted loopback peer for the socket tests: a listener on an ephemeral loopback port and a thread that
 * accepts one connection, reads what the script expects, answers, and then closes or waits for the client
 * to close. Only 127.0.0.1 and ::1 are ever used.
 *
 * peer.c holds the script (portable); listen_posix.c / listen_win32.c the few socket and thread calls it
 * needs, chosen by CMake. */
#ifndef LANMAN_TEST_NET_PEER_H
#define LANMAN_TEST_NET_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How long the peer waits for anything before giving up, so that a broken client fails instead of hanging. */
#define LMT_PEER_PATIENCE_MS 10000

/* --- platform layer (listen_posix.c, listen_win32.c) --- */

typedef uintptr_t lmt_fd;

/* Once per process (WSAStartup on Windows): 0, or -1. */
int lmt_sock_init(void);
/* A listening socket on the loopback address of family 4 (127.0.0.1) or 6 (::1) and an ephemeral port:
 * 0, or -1 when this machine cannot (no ::1). */
int lmt_listen(int family, lmt_fd *l, uint16_t *port);
/* Waits up to timeout_ms for one connection: 0 with *c set, or -1. */
int lmt_accept(lmt_fd l, int timeout_ms, lmt_fd *c);
/* One receive of at most n bytes within timeout_ms: the count, 0 on EOF, -1 on error or timeout. */
long lmt_recv(lmt_fd c, void *p, size_t n, int timeout_ms);
/* One send of at most n bytes: the count, or -1. */
long lmt_send(lmt_fd c, const void *p, size_t n);
void lmt_close(lmt_fd s);

struct lmt_peer;
/* Runs lmt_peer_main(p) on a new thread, kept in p->thread: 0, or -1. */
int lmt_thread_start(struct lmt_peer *p);
/* Waits for that thread and frees it. */
void lmt_thread_join(struct lmt_peer *p);

/* --- the scripted peer (peer.c) --- */

struct lmt_peer_script {
    size_t expect_n;   /* bytes to read from the client first */
    const void *reply; /* then these bytes to send */
    size_t reply_n;
    bool close_after_reply; /* then close at once (else wait for the client's EOF) */
};

struct lmt_peer {
    lmt_fd listener;
    uint16_t port;
    struct lmt_peer_script script;
    uint8_t *got; /* what the client sent, got_n of script.expect_n bytes */
    size_t got_n;
    bool accepted;
    void *thread; /* the platform's thread, owned by listen_*.c */
};

/* The peer's thread: runs the script once. */
void lmt_peer_main(struct lmt_peer *p);

/* Listens on loopback (family 4 or 6) and starts the thread: 0, or -1 (the family is unavailable). */
int lmt_peer_start(int family, const struct lmt_peer_script *script, struct lmt_peer **out);
/* Waits for the thread to finish its script; got/got_n/accepted are then stable. */
void lmt_peer_join(struct lmt_peer *p);
void lmt_peer_free(struct lmt_peer *p);

/* A loopback port that nobody listens on (it was bound a moment ago and closed): 0, or -1. */
int lmt_closed_port(int family, uint16_t *port);

#endif
