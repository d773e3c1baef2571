/* SMB2 NEGOTIATE (MS-SMB2 2.2.3, 2.2.4) with the 3.1.1 negotiate contexts (MS-SMB2 2.2.3.1). */
#include <string.h>

#include "smb/smb2.h"

#define NEG_REQ_FIXED 36
#define NEG_RESP_SIZE 65
#define MAX_CONTEXTS  64

static void put_context(struct lm__buf *b, uint16_t type, const struct lm__buf *data)
{
    /* a context that could not be built fails the request, not just goes out empty */
    if (data->err != LM_OK && b->err == LM_OK)
        b->err = data->err;
    lm__buf_pad(b, 8); /* every context starts 8-byte aligned (offsets count from the header) */
    lm__buf_put_u16(b, type);
    lm__buf_put_u16(b, (uint16_t)data->len);
    lm__buf_put_u32(b, 0);
    lm__buf_append(b, data->data, data->len);
}

/* A context that lists algorithms in order of preference (a count, then the IDs); none when the list is
 * empty. Returns the number of contexts added. */
static uint16_t put_algorithms(struct lm__buf *b, uint16_t type, const uint16_t *ids, size_t n)
{
    struct lm__buf d;

    if (n == 0)
        return 0;
    lm__buf_init(&d, 256);
    lm__buf_put_u16(&d, (uint16_t)n);
    for (size_t i = 0; i < n; i++)
        lm__buf_put_u16(&d, ids[i]);
    put_context(b, type, &d);
    lm__buf_free(&d);
    return 1;
}

/* b holds the 64-byte header already: alignment is relative to it, as the spec counts offsets. */
void lm__smb2_negotiate_req(struct lm__buf *b, const struct smb2_negotiate_req *r)
{
    size_t base = b->len - SMB2_HDR_LEN, ctx_off_at;
    bool smb311 = false;
    uint16_t nctx = 0;
    struct lm__buf d;

    for (size_t i = 0; i < r->ndialects; i++)
        smb311 = smb311 || r->dialects[i] == SMB2_DIALECT_311;

    lm__buf_put_u16(b, NEG_REQ_FIXED);
    lm__buf_put_u16(b, (uint16_t)r->ndialects);
    lm__buf_put_u16(b, r->security_mode);
    lm__buf_put_u16(b, 0);
    lm__buf_put_u32(b, r->capabilities);
    lm__buf_append(b, r->client_guid, 16);
    ctx_off_at = b->len;
    lm__buf_put_u32(b, 0); /* NegotiateContextOffset, patched below */
    lm__buf_put_u16(b, 0); /* NegotiateContextCount, patched below */
    lm__buf_put_u16(b, 0);
    for (size_t i = 0; i < r->ndialects; i++)
        lm__buf_put_u16(b, r->dialects[i]);
    if (!smb311)
        return;

    lm__buf_pad(b, 8);
    lm__buf_set_u32(b, ctx_off_at, (uint32_t)(b->len - base));
    lm__buf_init(&d, 256);
    /* MS-SMB2 2.2.3.1.1: SHA-512 with a 32-byte salt */
    lm__buf_put_u16(&d, 1);
    lm__buf_put_u16(&d, sizeof r->salt);
    lm__buf_put_u16(&d, SMB2_PREAUTH_SHA512);
    lm__buf_append(&d, r->salt, sizeof r->salt);
    put_context(b, SMB2_PREAUTH_INTEGRITY_CAPABILITIES, &d);
    nctx++;
    lm__buf_free(&d);
    /* MS-SMB2 2.2.3.1.2 and 2.2.3.1.7 */
    nctx += put_algorithms(b, SMB2_ENCRYPTION_CAPABILITIES, r->ciphers, r->nciphers);
    nctx += put_algorithms(b, SMB2_SIGNING_CAPABILITIES, r->signing_algs, r->nsigning_algs);
    if (r->ncompression_algs > 0) {
        /* MS-SMB2 2.2.3.1.3: a count, 2 bytes of padding, Flags (0: no chained compression), the IDs */
        lm__buf_init(&d, 256);
        lm__buf_put_u16(&d, (uint16_t)r->ncompression_algs);
        lm__buf_put_u16(&d, 0);
        lm__buf_put_u32(&d, 0);
        for (size_t i = 0; i < r->ncompression_algs; i++)
            lm__buf_put_u16(&d, r->compression_algs[i]);
        put_context(b, SMB2_COMPRESSION_CAPABILITIES, &d);
        lm__buf_free(&d);
        nctx++;
    }
    lm__buf_set_u16(b, ctx_off_at + 4, nctx);
}

/* One context of the response: MS-SMB2 2.2.4.1. The server picks exactly one algorithm in each. */
static lm_status parse_context(uint16_t type, struct lm__cursor *d, struct smb2_negotiate_resp *r)
{
    uint16_t count, salt_len;

    switch (type) {
    case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
        count = lm__cur_u16(d);
        salt_len = lm__cur_u16(d);
        r->preauth_alg = lm__cur_u16(d);
        lm__cur_skip(d,
                     salt_len); /* the salt is not used, but it must fit in the context (MS-SMB2 2.2.3.1.1) */
        if (count != 1)
            return LM_EPROTO;
        break;
    case SMB2_ENCRYPTION_CAPABILITIES:
        count = lm__cur_u16(d);
        r->cipher = lm__cur_u16(d);
        if (count != 1)
            return LM_EPROTO;
        break;
    case SMB2_SIGNING_CAPABILITIES:
        count = lm__cur_u16(d);
        r->signing_alg = lm__cur_u16(d);
        r->have_signing_ctx = true;
        if (count != 1)
            return LM_EPROTO;
        break;
    case SMB2_COMPRESSION_CAPABILITIES:
        /* MS-SMB2 2.2.3.1.3: at least one algorithm (NONE when there is none in common) */
        count = lm__cur_u16(d);
        lm__cur_skip(d, 2 + 4); /* Padding, Flags */
        r->compression_alg = lm__cur_u16(d);
        lm__cur_skip(d, 2 * (size_t)(count > 0 ? count - 1 : 0));
        r->have_compression_ctx = true;
        if (count == 0)
            return LM_EPROTO;
        break;
    default:
        break; /* contexts we did not offer are ignored, as MS-SMB2 3.2.5.2 allows */
    }
    return lm__cur_status(d);
}

lm_status lm__smb2_negotiate_resp(struct lm__cursor *msg, struct smb2_negotiate_resp *r)
{
    uint16_t size, nctx, sec_off, sec_len;
    uint32_t ctx_off;
    struct lm__cursor sec;

    memset(r, 0, sizeof *r);
    size = lm__cur_u16(msg);
    r->security_mode = lm__cur_u16(msg);
    r->dialect = lm__cur_u16(msg);
    nctx = lm__cur_u16(msg);
    lm__cur_copy(msg, r->server_guid, 16);
    r->capabilities = lm__cur_u32(msg);
    r->max_transact = lm__cur_u32(msg);
    r->max_read = lm__cur_u32(msg);
    r->max_write = lm__cur_u32(msg);
    r->system_time = lm__cur_u64(msg);
    r->boot_time = lm__cur_u64(msg);
    sec_off = lm__cur_u16(msg);
    sec_len = lm__cur_u16(msg);
    ctx_off = lm__cur_u32(msg);
    if (lm__cur_status(msg) != LM_OK || size != NEG_RESP_SIZE)
        return LM_EPROTO;
    if (!lm__smb2_resp_buffer(msg, NEG_RESP_SIZE, sec_off, sec_len, &sec))
        return LM_EPROTO;
    r->security_buffer = sec.p;
    r->security_len = sec_len;
    if (r->dialect != SMB2_DIALECT_311)
        return LM_OK;

    if (nctx == 0 || nctx > MAX_CONTEXTS)
        return LM_EPROTO;
    lm__cur_seek(msg, ctx_off);
    for (uint16_t i = 0; i < nctx; i++) {
        uint16_t type, len;
        struct lm__cursor d;

        lm__cur_align(msg, 8);
        type = lm__cur_u16(msg);
        len = lm__cur_u16(msg);
        lm__cur_skip(msg, 4);
        if (!lm__cur_sub(msg, msg->off, len, &d) || parse_context(type, &d, r) != LM_OK)
            return LM_EPROTO;
        lm__cur_skip(msg, len);
    }
    if (lm__cur_status(msg) != LM_OK || r->preauth_alg != SMB2_PREAUTH_SHA512)
        return LM_EPROTO; /* 3.1.1 requires the preauth context with an algorithm we offered */
    return LM_OK;
}
