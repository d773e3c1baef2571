/* Connection-oriented DCE/RPC PDUs (C706 chapter 12) from a hostile server: the bind_ack or bind_nak, then
 * the response fragments of two calls (reassembly, alloc_hint, faults, call ids, stray bytes), through
 * lm__rpc_open_transport over a pipe that returns the input's messages. Each message is taken with
 * fuzz_take (2-byte length, then the bytes): the first answers the bind, each further one answers a
 * TRANSCEIVE or one READ of the pipe. */
#include "rpc/dcerpc.h"
#include "rpc/srvsvc.h"

#include "fuzz.h"

struct pipe {
    const uint8_t *data;
    size_t size;
};

static lm_status next(struct pipe *p, size_t max, struct lm__buf *out, lm_error *err)
{
    const uint8_t *m;
    size_t len;

    if (p->size == 0)
        return lm_error_set(err, LM_EPROTO, LM_RAW_NONE, 0, "the pipe is closed");
    m = fuzz_take(&p->data, &p->size, &len);
    lm__buf_append(out, m, len < max ? len : max);
    return lm__buf_status(out);
}

static lm_status p_transceive(void *ctx, const void *in, size_t inlen, size_t max_out, struct lm__buf *out,
                              lm_error *err)
{
    (void)in;
    (void)inlen;
    return next(ctx, max_out, out, err);
}

static lm_status p_write(void *ctx, const void *in, size_t inlen, lm_error *err)
{
    (void)ctx;
    (void)in;
    (void)inlen;
    (void)err;
    return LM_OK;
}

static lm_status p_read(void *ctx, unsigned count, size_t max, struct lm__buf *out, lm_error *err)
{
    lm_status st = LM_OK;

    for (unsigned i = 0; i < count && st == LM_OK; i++)
        st = next(ctx, max, out, err);
    return st;
}

static void p_close(void *ctx)
{
    (void)ctx;
}

static const struct lm__rpc_transport pipe_transport = {p_transceive, p_write, p_read, p_close};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pipe p = {data, size};
    struct lm__rpc *r;
    struct lm__buf in, out;
    lm_error err;

    lm_error_clear(&err);
    if (lm__rpc_open_transport(&pipe_transport, &p, &lm__srvsvc_iface, NULL, &r, &err) != LM_OK)
        return 0;
    lm__buf_init(&in, 64);
    lm__buf_append(&in, "0123456789abcdef", 16);
    for (int call = 0; call < 2; call++) {
        lm__buf_init(&out, LM__RPC_MAX_STUB);
        lm__rpc_call(r, LM__SRVSVC_SHARE_ENUM, &in, &out, &err);
        lm__buf_free(&out);
    }
    lm__buf_free(&in);
    lm__rpc_close(r);
    return 0;
}
