/* What the svcctl and winreg unit suites share: a binding over the scripted peer (pipepeer.h) whose replies
 * are response stubs in hex, what the client sent, and the hostile-input runners (every truncation fails,
 * each corruption gives its status, every single-bit flip decodes or fails cleanly under ASan/UBSan). */
#ifndef LANMAN_TEST_RPC_RPCTEST_H
#define LANMAN_TEST_RPC_RPCTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipepeer.h"
#include "hex.h"
#include "testlib.h"
#include "vectors.h"

/* Scripts f to answer with the stubs, in order (call ids from 2: the bind was 1), and binds iface over it
 * with the bind_ack Samba sent. */
static inline struct lm__rpc *rpct_open(struct pipe_peer *f, const struct lm__rpc_iface *iface,
                                        const char *const *stubs, size_t n)
{
    struct lm__buf ack;
    struct lm__rpc *r = NULL;
    size_t len;
    uint8_t *p;
    lm_error e;

    pipe_peer_init(f);
    LMT_TRUE(n <= PIPE_PEER_MAX_REPLIES);
    for (size_t i = 0; i < n; i++) {
        p = lmt_unhex(stubs[i], &len);
        pipe_peer_pdu(&f->reply[i], 2, 3, (uint32_t)(2 + i), p, len);
        free(p);
    }
    f->nreply = n;
    p = lmt_unhex(SAMBA_BIND_ACK, &len);
    lm__buf_init(&ack, 4096);
    lm__buf_append(&ack, p, len);
    free(p);
    LMT_EQ(lm__rpc_open_transport(&pipe_peer_transport, f, iface, &ack, &r, &e), LM_OK);
    lm__buf_free(&ack);
    return r;
}

/* The opnum of request i, and a DWORD of its stub. */
static inline uint16_t rpct_sent_opnum(const struct pipe_peer *f, int i)
{
    const uint8_t *p = f->sent.data + f->sent_at[i];

    return (uint16_t)(p[22] | p[23] << 8);
}

static inline uint32_t rpct_sent_u32(const struct pipe_peer *f, int i, size_t stub_off)
{
    const uint8_t *p = f->sent.data + f->sent_at[i] + 24 + stub_off;

    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Decodes vector kind k from p[0..n). */
typedef lm_status (*rpct_decode)(int k, const uint8_t *p, size_t n);

/* Vectors 0..nvec-1 decode whole, and fail cut short anywhere (each copy exactly as long as the cut, so that
 * ASan sees a read past it). */
static inline void rpct_truncations(rpct_decode dec, const char *const *vecs, int nvec)
{
    for (int k = 0; k < nvec; k++) {
        size_t n;
        uint8_t *p = lmt_unhex(vecs[k], &n);

        LMT_EQ(dec(k, p, n), LM_OK);
        for (size_t len = 0; len < n; len++) {
            uint8_t *q = malloc(len + 1);
            lm_status st;

            LMT_PTR_OK(q);
            memcpy(q, p, len);
            st = dec(k, q, len);
            free(q);
            if (st == LM_OK)
                fprintf(stderr, "vector %d truncated to %zu decodes\n", k, len);
            LMT_TRUE(st != LM_OK);
        }
        free(p);
    }
}

struct rpct_corruption {
    int k;
    size_t off;
    uint32_t val; /* written little-endian at off */
    lm_status want;
    const char *what;
};

static inline void rpct_corruptions(rpct_decode dec, const char *const *vecs, const struct rpct_corruption *c,
                                    size_t nc)
{
    for (size_t i = 0; i < nc; i++) {
        size_t n;
        uint8_t *p = lmt_unhex(vecs[c[i].k], &n);
        lm_status st;

        LMT_TRUE(c[i].off + 4 <= n);
        for (int b = 0; b < 4; b++)
            p[c[i].off + (size_t)b] = (uint8_t)(c[i].val >> (8 * b));
        st = dec(c[i].k, p, n);
        if (st != c[i].want)
            fprintf(stderr, "corruption '%s': %s\n", c[i].what, lm_err_name(st));
        LMT_EQ(st, c[i].want);
        free(p);
    }
}

static inline void rpct_bit_flips(rpct_decode dec, const char *const *vecs, int nvec)
{
    for (int k = 0; k < nvec; k++) {
        size_t n;
        uint8_t *p = lmt_unhex(vecs[k], &n);

        for (size_t i = 0; i < n; i++) {
            for (int bit = 0; bit < 8; bit++) {
                p[i] ^= (uint8_t)(1u << bit);
                (void)dec(k, p, n);
                p[i] ^= (uint8_t)(1u << bit);
            }
        }
        free(p);
    }
}

#endif
