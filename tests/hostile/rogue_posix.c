/* The hostile peers of rogue.h on POSIX sockets and threads. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rogue.h"

void rogue_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void rogue_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void rogue_put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

void rogue_hdr(uint8_t *m, uint16_t cmd, uint32_t status, uint64_t mid, uint32_t flags, uint64_t sid,
               uint32_t tid)
{
    memset(m, 0, 64);
    m[0] = 0xFE, m[1] = 'S', m[2] = 'M', m[3] = 'B';
    rogue_put16(m + 4, 64);
    rogue_put16(m + 6, 1);
    rogue_put32(m + 8, status);
    rogue_put16(m + 12, cmd);
    rogue_put16(m + 14, 64);
    rogue_put32(m + 16, 0x1 | flags);
    rogue_put64(m + 24, mid);
    rogue_put32(m + 36, tid);
    rogue_put64(m + 40, sid);
}

size_t rogue_negotiate_resp(uint8_t *m, uint16_t d, uint64_t mid)
{
    uint8_t *b = m + 64;

    rogue_hdr(m, 0 /* NEGOTIATE */, 0, mid, 0, 0, 0);
    memset(b, 0, 64);
    rogue_put16(b + 0, 65);
    rogue_put16(b + 2, 1); /* signing enabled */
    rogue_put16(b + 4, d);
    memset(b + 8, 0x42, 16);
    rogue_put32(b + 28, 1024 * 1024);
    rogue_put32(b + 32, 4096);
    rogue_put32(b + 36, 65536);
    rogue_put16(b + 56, 128);
    return 128;
}

/* A listening socket on 127.0.0.1 with a free port. */
static int listen_any(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static bool wait_in(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    int rc;

    do
        rc = poll(&p, 1, ms);
    while (rc < 0 && errno == EINTR);
    return rc > 0;
}

static int accept_one(int lfd)
{
    int fd = wait_in(lfd, ROGUE_WAIT_MS) ? accept(lfd, NULL, NULL) : -1;
    int one = 1;

    if (fd >= 0)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static bool recv_all(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t r;

        if (!wait_in(fd, ROGUE_WAIT_MS))
            return false;
        r = recv(fd, p, n, 0);
        if (r <= 0)
            return false;
        p += r;
        n -= (size_t)r;
    }
    return true;
}

int rogue_listen(uint16_t *port)
{
    return listen_any(port);
}

int rogue_accept(int lfd)
{
    return accept_one(lfd);
}

bool rogue_send_raw(struct rogue_conn *c, const void *p, size_t n)
{
    const uint8_t *b = p;

    while (n > 0) {
        ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        b += w;
        n -= (size_t)w;
    }
    return true;
}

bool rogue_send(struct rogue_conn *c, const void *msg, size_t n)
{
    uint8_t nbss[4] = {0, (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
    return rogue_send_raw(c, nbss, 4) && rogue_send_raw(c, msg, n);
}

bool rogue_recv(struct rogue_conn *c)
{
    uint8_t nbss[4];
    size_t n;

    if (!recv_all(c->fd, nbss, 4))
        return false;
    n = (size_t)nbss[1] << 16 | (size_t)nbss[2] << 8 | nbss[3];
    if (n > ROGUE_FRAME_MAX || !recv_all(c->fd, c->in, n))
        return false;
    c->inlen = n;
    return true;
}

void rogue_wait_close(struct rogue_conn *c)
{
    uint8_t sink[4096];

    while (wait_in(c->fd, ROGUE_WAIT_MS) && recv(c->fd, sink, sizeof sink, 0) > 0)
        ;
}

uint16_t rogue_req_cmd(const struct rogue_conn *c, size_t off)
{
    return off + 64 <= c->inlen ? (uint16_t)get_le(c->in + off + 12, 2) : 0xFFFF;
}

uint64_t rogue_req_mid(const struct rogue_conn *c, size_t off)
{
    return off + 64 <= c->inlen ? get_le(c->in + off + 24, 8) : UINT64_MAX;
}

uint32_t rogue_req_next(const struct rogue_conn *c, size_t off)
{
    return off + 64 <= c->inlen ? (uint32_t)get_le(c->in + off + 20, 4) : 0;
}

/* Listens on a free loopback port (*port) and starts fn(arg) in *thread; the thread accepts on *lfd. */
static bool spawn(void *(*fn)(void *), void *arg, int *lfd, pthread_t *thread, uint16_t *port)
{
    *lfd = listen_any(port);
    if (*lfd >= 0 && pthread_create(thread, NULL, fn, arg) == 0)
        return true;
    if (*lfd >= 0)
        close(*lfd);
    return false;
}

static void finish(pthread_t thread, int lfd, void *owner)
{
    pthread_join(thread, NULL);
    close(lfd);
    free(owner);
}

/* ---- the scripted server ---- */
struct rogue_server {
    pthread_t thread;
    int lfd;
    rogue_script script;
    void *arg;
};

static void *serve(void *p)
{
    struct rogue_server *s = p;
    struct rogue_conn c;

    c.fd = accept_one(s->lfd);
    c.in = malloc(ROGUE_FRAME_MAX);
    c.inlen = 0;
    if (c.fd >= 0 && c.in != NULL)
        s->script(&c, s->arg);
    if (c.fd >= 0)
        close(c.fd);
    free(c.in);
    return NULL;
}

bool rogue_start(rogue_script script, void *arg, uint16_t *port, struct rogue_server **out)
{
    struct rogue_server *s = calloc(1, sizeof *s);

    if (s == NULL)
        return false;
    s->script = script;
    s->arg = arg;
    if (!spawn(serve, s, &s->lfd, &s->thread, port)) {
        free(s);
        return false;
    }
    *out = s;
    return true;
}

void rogue_stop(struct rogue_server *s)
{
    finish(s->thread, s->lfd, s);
}

/* ---- the tampering proxy ---- */
struct rogue_proxy {
    pthread_t thread;
    int lfd;
    char host[64];
    uint16_t to_port;
    rogue_hook hook;
    void *arg;
};

static int connect_to(const char *host, uint16_t port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static bool send_fd(int fd, const uint8_t *p, size_t n)
{
    struct rogue_conn c = {fd, NULL, 0};
    return rogue_send_raw(&c, p, n);
}

/* One direction of the relay: bytes read from `from` are cut into NBSS frames, each shown to the hook before
 * it goes on to `to`. */
struct half {
    int from, to;
    bool from_client;
    uint8_t *buf, *out; /* what has come in; the frame going out, as the hook left it */
    size_t have;
};

/* Reads what is there and forwards every complete frame; false when the connection is over. */
static bool pump(struct rogue_proxy *x, struct half *h)
{
    ssize_t r = recv(h->from, h->buf + h->have, ROGUE_FRAME_MAX + 4 - h->have, 0);

    if (r <= 0)
        return false;
    h->have += (size_t)r;
    for (;;) {
        size_t n = h->have >= 4 ? ((size_t)h->buf[1] << 16 | (size_t)h->buf[2] << 8 | h->buf[3]) : 0;

        if (h->have < 4 || h->have < 4 + n)
            return true;
        memcpy(h->out + 4, h->buf + 4, n);
        n = x->hook(h->out + 4, n, h->from_client, x->arg);
        if (n > ROGUE_FRAME_MAX)
            return false;
        h->out[0] = 0;
        h->out[1] = (uint8_t)(n >> 16);
        h->out[2] = (uint8_t)(n >> 8);
        h->out[3] = (uint8_t)n;
        if (!send_fd(h->to, h->out, 4 + n))
            return false;
        n = (size_t)h->buf[1] << 16 | (size_t)h->buf[2] << 8 | h->buf[3];
        memmove(h->buf, h->buf + 4 + n, h->have - 4 - n);
        h->have -= 4 + n;
    }
}

static void *relay(void *p)
{
    struct rogue_proxy *x = p;
    int cfd = accept_one(x->lfd), sfd = cfd >= 0 ? connect_to(x->host, x->to_port) : -1;
    struct half up = {cfd, sfd, true, malloc(ROGUE_FRAME_MAX + 4), malloc(ROGUE_FRAME_MAX + 4), 0};
    struct half down = {sfd, cfd, false, malloc(ROGUE_FRAME_MAX + 4), malloc(ROGUE_FRAME_MAX + 4), 0};

    while (cfd >= 0 && sfd >= 0 && up.buf != NULL && down.buf != NULL && up.out != NULL && down.out != NULL) {
        struct pollfd pf[2] = {{cfd, POLLIN, 0}, {sfd, POLLIN, 0}};

        if (poll(pf, 2, ROGUE_WAIT_MS) <= 0)
            break;
        if (pf[0].revents && !pump(x, &up))
            break;
        if (pf[1].revents && !pump(x, &down))
            break;
    }
    free(up.buf);
    free(down.buf);
    free(up.out);
    free(down.out);
    if (sfd >= 0)
        close(sfd);
    if (cfd >= 0)
        close(cfd);
    return NULL;
}

bool rogue_proxy_start(const char *host, uint16_t to_port, rogue_hook hook, void *arg, uint16_t *port,
                       struct rogue_proxy **out)
{
    struct rogue_proxy *x = calloc(1, sizeof *x);

    if (x == NULL)
        return false;
    strncpy(x->host, host, sizeof x->host - 1);
    x->to_port = to_port;
    x->hook = hook;
    x->arg = arg;
    if (!spawn(relay, x, &x->lfd, &x->thread, port)) {
        free(x);
        return false;
    }
    *out = x;
    return true;
}

void rogue_proxy_stop(struct rogue_proxy *x)
{
    finish(x->thread, x->lfd, x);
}
