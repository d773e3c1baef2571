#include <stdlib.h>

#include "peer.h"

static void send_all(lmt_fd c, const uint8_t *b, size_t n)
{
    while (n > 0) {
        long r = lmt_send(c, b, n);

        if (r <= 0)
            return;
        b += r;
        n -= (size_t)r;
    }
}

void lmt_peer_main(struct lmt_peer *p)
{
    lmt_fd c;
    uint8_t sink[4096];

    if (lmt_accept(p->listener, LMT_PEER_PATIENCE_MS, &c) != 0)
        return;
    p->accepted = true;
    while (p->got_n < p->script.expect_n) {
        long r = lmt_recv(c, p->got + p->got_n, p->script.expect_n - p->got_n, LMT_PEER_PATIENCE_MS);

        if (r <= 0)
            break;
        p->got_n += (size_t)r;
    }
    if (p->got_n == p->script.expect_n && p->script.reply_n > 0)
        send_all(c, p->script.reply, p->script.reply_n);
    if (!p->script.close_after_reply) {
        while (lmt_recv(c, sink, sizeof sink, LMT_PEER_PATIENCE_MS) > 0)
            ;
    }
    lmt_close(c);
}

int lmt_peer_start(int family, const struct lmt_peer_script *script, struct lmt_peer **out)
{
    struct lmt_peer *p = calloc(1, sizeof *p);

    if (p == NULL)
        return -1;
    p->script = *script;
    p->got = malloc(script->expect_n + 1);
    if (p->got == NULL || lmt_sock_init() != 0 || lmt_listen(family, &p->listener, &p->port) != 0) {
        free(p->got);
        free(p);
        return -1;
    }
    if (lmt_thread_start(p) != 0) {
        lmt_close(p->listener);
        free(p->got);
        free(p);
        return -1;
    }
    *out = p;
    return 0;
}

void lmt_peer_join(struct lmt_peer *p)
{
    if (p->thread != NULL) {
        lmt_thread_join(p);
        p->thread = NULL;
    }
}

void lmt_peer_free(struct lmt_peer *p)
{
    if (p == NULL)
        return;
    lmt_peer_join(p);
    lmt_close(p->listener);
    free(p->got);
    free(p);
}

int lmt_closed_port(int family, uint16_t *port)
{
    lmt_fd l;

    if (lmt_sock_init() != 0 || lmt_listen(family, &l, port) != 0)
        return -1;
    lmt_close(l);
    return 0;
}
