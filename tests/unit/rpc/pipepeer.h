/* A scripted pipe peer for lm__rpc_open_transport: records what the client sends, and answers each
 * transceive with the next scripted reply, handed out at most `chunk` bytes per transceive or read (so
 * that fragments arrive split at arbitrary places). `endless` makes it answer reads with response fragments
 * that never end, to check the reassembly cap. */
#ifndef LANMAN_TEST_RPC_PIPEPEER_H
#define LANMAN_TEST_RPC_PIPEPEER_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "hex.h"
#include "rpc/dcerpc.h"
#include "rpc/srvsvc.h"
#include "testlib.h"
#include "vectors.h"

#define PIPE_PEER_MAX_REPLIES 8

struct pipe_peer {
    struct lm__buf sent;                         /* everything the client wrote, in order */
    size_t sent_at[PIPE_PEER_MAX_REPLIES + 1];   /* where each transceive's input starts in sent */
    struct lm__buf reply[PIPE_PEER_MAX_REPLIES]; /* one per transceive */
    size_t nreply, cur, off;
    size_t chunk;      /* 0: everything at once */
    bool message_mode; /* at most one PDU per transceive or read, as a message-mode pipe */
    int writes, transceives, reads, read_calls; /* reads: READs; read_calls: round trips for them */
    bool endless;
    uint32_t endless_call;
    size_t endless_sent;
    bool closed;
};

/* A response (or fault) PDU: 24-byte header, then the stub, written out field by field (C706 12.6.4.10). */
static inline void pipe_peer_pdu(struct lm__buf *b, uint8_t type, uint8_t flags, uint32_t call_id,
                                 const void *stub, size_t n)
{
    size_t start = b->len;

    lm__buf_put_u8(b, 5);
    lm__buf_put_u8(b, 0);
    lm__buf_put_u8(b, type);
    lm__buf_put_u8(b, flags);
    lm__buf_put_u32(b, 0x10);
    lm__buf_put_u16(b, (uint16_t)(24 + n));
    lm__buf_put_u16(b, 0);
    lm__buf_put_u32(b, call_id);
    lm__buf_put_u32(b, (uint32_t)n); /* alloc_hint */
    lm__buf_put_u16(b, 0);           /* p_cont_id */
    lm__buf_put_u8(b, 0);            /* cancel_count */
    lm__buf_put_u8(b, 0);
    lm__buf_append(b, stub, n);
    (void)start;
}

static inline void pipe_peer_init(struct pipe_peer *f)
{
    memset(f, 0, sizeof *f);
    lm__buf_init(&f->sent, 1u << 24);
    for (size_t i = 0; i < PIPE_PEER_MAX_REPLIES; i++)
        lm__buf_init(&f->reply[i], 1u << 24);
}

static inline void pipe_peer_free(struct pipe_peer *f)
{
    lm__buf_free(&f->sent);
    for (size_t i = 0; i < PIPE_PEER_MAX_REPLIES; i++)
        lm__buf_free(&f->reply[i]);
}

static inline void pipe_peer_give(struct pipe_peer *f, size_t max, struct lm__buf *out)
{
    struct lm__buf *r;
    size_t n;

    if (f->endless) {
        uint8_t stub[4256];
        memset(stub, 0x5A, sizeof stub);
        pipe_peer_pdu(out, 2, f->endless_sent == 0 ? 1 : 0, f->endless_call, stub, sizeof stub);
        f->endless_sent++;
        return;
    }
    if (f->cur == 0 || f->cur > f->nreply)
        return;
    r = &f->reply[f->cur - 1];
    n = r->len - f->off;
    if (f->chunk != 0 && n > f->chunk)
        n = f->chunk;
    if (f->message_mode && n >= 10) {
        size_t flen = (size_t)(r->data[f->off + 8] | r->data[f->off + 9] << 8);
        if (n > flen)
            n = flen;
    }
    if (n > max)
        n = max;
    lm__buf_append(out, r->data + f->off, n);
    f->off += n;
}

static inline lm_status pipe_peer_transceive(void *ctx, const void *in, size_t inlen, size_t max_out,
                                             struct lm__buf *out, lm_error *err)
{
    struct pipe_peer *f = ctx;

    (void)err;
    if (f->transceives < PIPE_PEER_MAX_REPLIES)
        f->sent_at[f->transceives] = f->sent.len;
    f->transceives++;
    lm__buf_append(&f->sent, in, inlen);
    f->cur++;
    f->off = 0;
    pipe_peer_give(f, max_out, out);
    return LM_OK;
}

static inline lm_status pipe_peer_write(void *ctx, const void *in, size_t inlen, lm_error *err)
{
    struct pipe_peer *f = ctx;

    (void)err;
    f->writes++;
    lm__buf_append(&f->sent, in, inlen);
    return LM_OK;
}

static inline lm_status pipe_peer_read(void *ctx, unsigned count, size_t max, struct lm__buf *out,
                                       lm_error *err)
{
    struct pipe_peer *f = ctx;

    (void)err;
    f->read_calls++;
    for (unsigned i = 0; i < count; i++) {
        f->reads++;
        pipe_peer_give(f, max, out);
    }
    return lm__buf_status(out);
}

static inline void pipe_peer_close(void *ctx)
{
    ((struct pipe_peer *)ctx)->closed = true;
}

static const struct lm__rpc_transport pipe_peer_transport = {pipe_peer_transceive, pipe_peer_write,
                                                             pipe_peer_read, pipe_peer_close};

/* An lm__rpc over f, bound to srvsvc with the bind_ack Samba sent (max frags 4280). */
static inline struct lm__rpc *open_peer(struct pipe_peer *f)
{
    struct lm__buf ack;
    struct lm__rpc *r = NULL;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_BIND_ACK, &n);
    lm_error e;

    lm__buf_init(&ack, 4096);
    lm__buf_append(&ack, p, n);
    free(p);
    LMT_EQ(lm__rpc_open_transport(&pipe_peer_transport, f, &lm__srvsvc_iface, &ack, &r, &e), LM_OK);
    lm__buf_free(&ack);
    return r;
}

#endif
