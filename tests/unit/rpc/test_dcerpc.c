/* Connection-oriented DCE/RPC: the bind PDU against hand-laid bytes (C706 12.6.4.3), the bind_ack Samba sent
 * (vectors.h), fragmentation both ways against a scripted peer (pipepeer.h), faults, and the WERROR/fault
 * translator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipepeer.h"
#include "hex.h"
#include "rpc/dcerpc.h"
#include "rpc/srvsvc.h"
#include "testlib.h"
#include "vectors.h"

/* C706 12.6.4.3 laid out by hand: srvsvc v3.0 with NDR 2.0, max frags 4280, call id 1. It is the same PDU as
 * tests/interop/smb/test_smb.c's, which Samba acknowledges. */
static const char BIND_SRVSVC[] = "05 00 0b 03 10 00 00 00 48 00 00 00 01 00 00 00 " /* header, frag 72 */
                                  "b8 10 b8 10 00 00 00 00 "                         /* frags, assoc 0 */
                                  "01 00 00 00 00 00 01 00 "                         /* 1 ctx: id 0, 1 ts */
                                  "c8 4f 32 4b 70 16 d3 01 12 78 5a 47 bf 6e e1 88 03 00 00 00 "
                                  "04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00";

static void bind_pdu_bytes(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 256);
    LMT_EQ(lm__rpc_bind_pdu(&b, 1, &lm__srvsvc_iface.syntax, 4280, 4280), LM_OK);
    lmt_same_hex(b.data, b.len, BIND_SRVSVC);
    lm__buf_free(&b);
}

static lm_status parse_hex_reply(const char *hex, uint32_t call_id, struct lm__rpc_bind_ack *ack, lm_error *e)
{
    size_t n;
    uint8_t *p = lmt_unhex(hex, &n);
    lm_status st = lm__rpc_bind_reply(p, n, call_id, ack, e);

    free(p);
    return st;
}

static void bind_reply_from_samba(void)
{
    struct lm__rpc_bind_ack ack;
    lm_error e;

    LMT_EQ(parse_hex_reply(SAMBA_BIND_ACK, 1, &ack, &e), LM_OK);
    LMT_EQ(ack.max_xmit, 4280);
    LMT_EQ(ack.max_recv, 4280);
    LMT_EQ(ack.assoc_group, 0x0100a833);
    /* the same reply for another call id is not ours */
    LMT_EQ(parse_hex_reply(SAMBA_BIND_ACK, 2, &ack, &e), LM_EPROTO);
    /* Samba's answer to an interface it does not serve: result provider_rejection, reason 1 */
    LMT_EQ(parse_hex_reply(SAMBA_BIND_ACK_REJECT, 1, &ack, &e), LM_ENOTSUP);
    LMT_TRUE(strstr(e.message, "abstract syntax not supported") != NULL);
}

static void bind_nak(void)
{
    struct lm__rpc_bind_ack ack;
    lm_error e;

    /* C706 12.6.4.5 by hand: reason 4 (protocol version not supported), one supported version 5.0. */
    LMT_EQ(parse_hex_reply("05 00 0d 03 10 00 00 00 15 00 00 00 01 00 00 00 04 00 01 05 00", 1, &ack, &e),
           LM_ENOTSUP);
    LMT_TRUE(strstr(e.message, "protocol version not supported") != NULL);
    LMT_EQ(parse_hex_reply("05 00 0d 03 10 00 00 00 12 00 00 00 01 00 00 00 09 00", 1, &ack, &e), LM_ENOTSUP);
    LMT_TRUE(strstr(e.message, "invalid checksum") != NULL);
}

/* Every truncation, and a few corruptions, of the bind_ack Samba sent are errors. */
static void bind_reply_hostile(void)
{
    static const struct {
        size_t off;
        uint8_t val;
        lm_status want;
    } patch[] = {
        {0, 4, LM_EPROTO},      /* rpc_vers */
        {1, 1, LM_EPROTO},      /* rpc_vers_minor */
        {2, 2, LM_EPROTO},      /* a response, not a bind_ack */
        {4, 0x00, LM_ENOTSUP},  /* big-endian integers */
        {8, 0x45, LM_EPROTO},   /* frag_length != what arrived */
        {24, 0xFF, LM_EPROTO},  /* sec_addr length past the end */
        {48, 0x05, LM_EPROTO},  /* transfer syntax we did not offer */
        {16, 0x10, LM_EPROTO},  /* max_xmit_frag 16: too small */
        {44, 0x02, LM_ENOTSUP}, /* result: provider rejection */
        {40, 0x00, LM_EPROTO},  /* no results */
    };
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_BIND_ACK, &n), *q = malloc(n);
    struct lm__rpc_bind_ack ack;
    lm_error e;

    LMT_PTR_OK(q);
    for (size_t len = 0; len < n; len++) {
        memcpy(q, p, len);
        LMT_TRUE(lm__rpc_bind_reply(q, len, 1, &ack, &e) != LM_OK);
    }
    for (size_t i = 0; i < sizeof patch / sizeof patch[0]; i++) {
        lm_status st;
        memcpy(q, p, n);
        q[patch[i].off] = patch[i].val;
        if (patch[i].off == 16)
            q[17] = 0;
        st = lm__rpc_bind_reply(q, n, 1, &ack, &e);
        if (st != patch[i].want)
            fprintf(stderr, "bind_ack patch %zu: %s\n", i, lm_err_name(st));
        LMT_EQ(st, patch[i].want);
    }
    free(p);
    free(q);
}

/* 10,000 stub bytes in fragments of at most 4280: 4256 + 4256 + 1488 (multiples of 8 but the last). */
static void request_fragments(void)
{
    static uint8_t stub[10000];
    size_t offs[8], nfrag = 0;
    struct lm__buf b;
    static const struct {
        uint8_t flags;
        uint32_t hint;
        size_t len;
    } want[] = {{1, 10000, 4280}, {0, 5744, 4280}, {2, 1488, 1512}};

    for (size_t i = 0; i < sizeof stub; i++)
        stub[i] = (uint8_t)i;
    lm__buf_init(&b, 1 << 20);
    LMT_EQ(lm__rpc_request_pdus(&b, 7, 15, stub, sizeof stub, 4280, offs, 8, &nfrag), LM_OK);
    LMT_EQ(nfrag, 3);
    for (size_t i = 0; i < 3; i++) {
        const uint8_t *f = b.data + offs[i];
        lmt_same_hex(f, 8,
                     i == 0   ? "05 00 00 01 10 00 00 00"
                     : i == 1 ? "05 00 00 00 10 00 00 00"
                              : "05 00 00 02 10 00 00 00");
        LMT_EQ(f[3], want[i].flags);
        LMT_EQ((size_t)(f[8] | f[9] << 8), want[i].len);
        LMT_EQ(f[12], 7);                                                   /* call id */
        LMT_EQ((uint32_t)(f[16] | f[17] << 8 | f[18] << 16), want[i].hint); /* alloc_hint */
        LMT_EQ(f[22] | f[23] << 8, 15);                                     /* opnum */
        LMT_MEM(f + 24, stub + (i * 4256), want[i].len - 24);
    }
    LMT_EQ(b.len, 4280 + 4280 + 1512);
    /* one small stub: one fragment, first and last */
    lm__buf_reset(&b);
    LMT_EQ(lm__rpc_request_pdus(&b, 2, 16, stub, 4, 4280, offs, 8, &nfrag), LM_OK);
    lmt_same_hex(b.data, b.len,
                 "05 00 00 03 10 00 00 00 1c 00 00 00 02 00 00 00 04 00 00 00 00 00 10 00 "
                 "00 01 02 03");
    /* an empty stub still makes one fragment */
    lm__buf_reset(&b);
    LMT_EQ(lm__rpc_request_pdus(&b, 2, 16, stub, 0, 4280, offs, 8, &nfrag), LM_OK);
    LMT_EQ(nfrag, 1);
    LMT_EQ(b.len, 24);
    lm__buf_free(&b);
}

/* An lm__rpc over the pipe peer, bound with Samba's bind_ack (max frags 4280). */

static void bind_through_transceive(void)
{
    struct pipe_peer f;
    struct lm__rpc *r = NULL;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_BIND_ACK, &n);
    lm_error e;

    pipe_peer_init(&f);
    lm__buf_append(&f.reply[0], p, n);
    f.nreply = 1;
    free(p);
    LMT_EQ(lm__rpc_open_transport(&pipe_peer_transport, &f, &lm__srvsvc_iface, NULL, &r, &e), LM_OK);
    lmt_same_hex(f.sent.data, f.sent.len, BIND_SRVSVC);
    lm__rpc_close(r);
    LMT_TRUE(f.closed);
    /* a bind_nak closes the transport and gives nothing */
    pipe_peer_free(&f);
    pipe_peer_init(&f);
    p = lmt_unhex("05 00 0d 03 10 00 00 00 12 00 00 00 01 00 00 00 02 00", &n);
    lm__buf_append(&f.reply[0], p, n);
    f.nreply = 1;
    free(p);
    r = NULL;
    LMT_EQ(lm__rpc_open_transport(&pipe_peer_transport, &f, &lm__srvsvc_iface, NULL, &r, &e), LM_ENOTSUP);
    LMT_PTR_NULL(r);
    LMT_TRUE(f.closed);
    pipe_peer_free(&f);
}

/* A 10,000-byte request and a 3-fragment response, handed out 1000 bytes at a time. */
static void call_fragments_both_ways(void)
{
    static uint8_t in[10000], outstub[9000];
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout;
    lm_error e;

    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof outstub; i++)
        outstub[i] = (uint8_t)(i * 13);
    pipe_peer_init(&f);
    pipe_peer_pdu(&f.reply[0], 2, 1, 2, outstub, 4256);
    pipe_peer_pdu(&f.reply[0], 2, 0, 2, outstub + 4256, 4000);
    pipe_peer_pdu(&f.reply[0], 2, 2, 2, outstub + 8256, 744);
    f.nreply = 1;
    f.chunk = 1000;
    r = open_peer(&f);
    lm__buf_init(&bin, 1 << 20);
    lm__buf_init(&bout, 1 << 20);
    lm__buf_append(&bin, in, sizeof in);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
    LMT_EQ(f.writes, 2); /* the first two fragments by WRITE, the last by TRANSCEIVE */
    LMT_EQ(f.transceives, 1);
    LMT_EQ(f.sent.len, 4280 + 4280 + 1512);
    LMT_EQ(f.sent.data[3], 1);
    LMT_EQ(f.sent.data[4280 + 4280 + 3], 2);
    LMT_EQ(bout.len, sizeof outstub);
    LMT_MEM(bout.data, outstub, sizeof outstub);
    LMT_EQ(f.reads, 9); /* 9000 + 72 bytes, 1000 a time, the first thousand by TRANSCEIVE */
    lm__rpc_close(r);
    lm__buf_free(&bin);
    lm__buf_free(&bout);
    pipe_peer_free(&f);
}

/* A message-mode pipe: after the first fragment, the first's alloc_hint says how many must still come, and
 * that many READs go in one round trip (up to 8); never more READs than fragments. */
static void call_reads_in_batches(void)
{
    static uint8_t stub[11 * 4256];
    static const struct {
        size_t frag_stub, nfrag;
        int reads, read_calls;
    } cases[] = {
        {4256, 5, 4, 1},   /* full fragments: 4 more, one batch */
        {4256, 11, 10, 2}, /* 10 more: 8, then 2 */
        {1000, 5, 4, 4},   /* small fragments: the hint allows only one READ at a time */
        {4256, 1, 0, 0},   /* one fragment: no READ */
    };

    for (size_t i = 0; i < sizeof stub; i++)
        stub[i] = (uint8_t)(i * 31);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct pipe_peer f;
        struct lm__rpc *r;
        struct lm__buf bin, bout;
        size_t total = cases[c].frag_stub * cases[c].nfrag;
        lm_error e;

        pipe_peer_init(&f);
        f.message_mode = true;
        for (size_t i = 0; i < cases[c].nfrag; i++) {
            size_t start = f.reply[0].len;
            uint8_t flags = (uint8_t)((i == 0 ? 1 : 0) | (i + 1 == cases[c].nfrag ? 2 : 0));
            pipe_peer_pdu(&f.reply[0], 2, flags, 2, stub + i * cases[c].frag_stub, cases[c].frag_stub);
            lm__buf_set_u32(&f.reply[0], start + 16,
                            (uint32_t)(total - i * cases[c].frag_stub)); /* alloc_hint */
        }
        f.nreply = 1;
        r = open_peer(&f);
        lm__buf_init(&bin, 64);
        lm__buf_init(&bout, 1 << 20);
        LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
        LMT_EQ(bout.len, total);
        LMT_MEM(bout.data, stub, total);
        LMT_EQ(f.reads, cases[c].reads);
        LMT_EQ(f.read_calls, cases[c].read_calls);
        lm__rpc_close(r);
        lm__buf_free(&bin);
        lm__buf_free(&bout);
        pipe_peer_free(&f);
    }
}

/* What a peer may send instead of a well-formed response, and what each gives. */
static void call_hostile_responses(void)
{
    static const uint8_t stub[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t fault_op[8] = {0x02, 0x00, 0x01, 0x1C, 0, 0, 0, 0}; /* nca_s_op_rng_error */
    static const uint8_t fault_access[8] = {5, 0, 0, 0, 0, 0, 0, 0};
    static const struct {
        const char *what;
        uint8_t type, flags;
        uint32_t call_id;
        const uint8_t *stub;
        size_t n;
        lm_status want;
        int twice; /* a second, well-formed fragment follows */
    } cases[] = {
        {"ok", 2, 3, 2, stub, 16, LM_OK, 0},
        {"fault op range", 3, 3, 2, fault_op, 8, LM_ENOTSUP, 0},
        {"fault access", 3, 3, 2, fault_access, 8, LM_EACCES, 0},
        {"wrong call id", 2, 3, 9, stub, 16, LM_EPROTO, 0},
        {"no first flag", 2, 2, 2, stub, 16, LM_EPROTO, 0},
        {"a request", 0, 3, 2, stub, 16, LM_EPROTO, 0},
        {"a bind_ack", 12, 3, 2, stub, 16, LM_EPROTO, 0},
        {"stray bytes after", 2, 3, 2, stub, 16, LM_EPROTO, 1},
        {"first twice", 2, 1, 2, stub, 16, LM_EPROTO, 2},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pipe_peer f;
        struct lm__rpc *r;
        struct lm__buf bin, bout;
        lm_error e;
        lm_status st;

        pipe_peer_init(&f);
        pipe_peer_pdu(&f.reply[0], cases[i].type, cases[i].flags, cases[i].call_id, cases[i].stub,
                      cases[i].n);
        if (cases[i].twice == 1)
            pipe_peer_pdu(&f.reply[0], 2, 3, 2, stub, 16);
        if (cases[i].twice == 2)
            pipe_peer_pdu(&f.reply[0], 2, 3, 2, stub, 16);
        f.nreply = 1;
        r = open_peer(&f);
        lm__buf_init(&bin, 64);
        lm__buf_init(&bout, 1 << 20);
        lm__buf_put_u32(&bin, 0);
        st = lm__rpc_call(r, 15, &bin, &bout, &e);
        if (st != cases[i].want)
            fprintf(stderr, "%s: %s (%s)\n", cases[i].what, lm_err_name(st), e.message);
        LMT_EQ(st, cases[i].want);
        if (cases[i].type == 3) {
            LMT_EQ(e.raw_kind, LM_RAW_RPC_FAULT);
            LMT_TRUE(strstr(e.message, cases[i].stub == fault_op ? "nca_s_op_rng_error" : "access_denied") !=
                     NULL);
        }
        lm__rpc_close(r);
        lm__buf_free(&bin);
        lm__buf_free(&bout);
        pipe_peer_free(&f);
    }
}

/* Truncated fragments: the pipe runs dry (an empty read) before the fragment is whole. */
static void call_truncated_fragment(void)
{
    static const uint8_t stub[64] = {0};
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout, full;
    lm_error e;

    lm__buf_init(&full, 4096);
    pipe_peer_pdu(&full, 2, 3, 2, stub, sizeof stub);
    for (size_t len = 0; len < full.len; len++) {
        pipe_peer_init(&f);
        lm__buf_append(&f.reply[0], full.data, len);
        f.nreply = 1;
        r = open_peer(&f);
        lm__buf_init(&bin, 64);
        lm__buf_init(&bout, 1 << 20);
        LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_EPROTO);
        LMT_EQ(bout.len, 0);
        lm__rpc_close(r);
        lm__buf_free(&bin);
        lm__buf_free(&bout);
        pipe_peer_free(&f);
    }
    lm__buf_free(&full);
}

/* A peer that never sends the last fragment cannot make us hold more than LM__RPC_MAX_STUB. */
static void call_response_is_capped(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout;
    lm_error e;

    pipe_peer_init(&f);
    f.endless = true;
    f.endless_call = 2;
    r = open_peer(&f);
    lm__buf_init(&bin, 64);
    lm__buf_init(&bout, (size_t)LM__RPC_MAX_STUB * 2);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_EOVERFLOW);
    LMT_EQ(bout.len, 0);
    LMT_EQ(f.endless_sent, LM__RPC_MAX_STUB / 4256 + 1);
    lm__rpc_close(r);
    lm__buf_free(&bin);
    lm__buf_free(&bout);
    pipe_peer_free(&f);
}

/* The reassembled stub moves into an empty stub_out (no second copy of a large response) within stub_out's
 * own cap, and is appended after what a non-empty one holds. */
static void call_stub_moves_within_cap(void)
{
    static uint8_t outstub[9000];
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout, small;
    lm_error e;

    for (size_t i = 0; i < sizeof outstub; i++)
        outstub[i] = (uint8_t)(i * 13);
    pipe_peer_init(&f);
    for (uint32_t call = 2; call <= 4; call++) {
        pipe_peer_pdu(&f.reply[call - 2], 2, 1, call, outstub, 4256);
        pipe_peer_pdu(&f.reply[call - 2], 2, 0, call, outstub + 4256, 4000);
        pipe_peer_pdu(&f.reply[call - 2], 2, 2, call, outstub + 8256, 744);
    }
    f.nreply = 3;
    r = open_peer(&f);
    lm__buf_init(&bin, 64);
    lm__buf_init(&bout, 1 << 20);
    lm__buf_init(&small, sizeof outstub - 1);
    /* empty: the whole stub, and still a buffer that takes more */
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
    LMT_EQ(bout.len, sizeof outstub);
    LMT_MEM(bout.data, outstub, sizeof outstub);
    lm__buf_put_u8(&bout, 0xAB);
    LMT_EQ(lm__buf_status(&bout), LM_OK);
    LMT_EQ(bout.data[sizeof outstub], 0xAB);
    /* not empty: after what it holds */
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
    LMT_EQ(bout.len, 2 * sizeof outstub + 1);
    LMT_EQ(bout.data[sizeof outstub], 0xAB);
    LMT_MEM(bout.data + sizeof outstub + 1, outstub, sizeof outstub);
    /* empty, but one byte too small for the stub: refused, nothing kept */
    LMT_EQ(lm__rpc_call(r, 15, &bin, &small, &e), LM_EOVERFLOW);
    LMT_EQ(small.len, 0);
    lm__rpc_close(r);
    lm__buf_free(&bin);
    lm__buf_free(&bout);
    lm__buf_free(&small);
    pipe_peer_free(&f);
}

/* Call ids go up by one per call on a binding (the bind was 1). */
static void call_ids_increase(void)
{
    static const uint8_t stub[4] = {0};
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout;
    lm_error e;

    pipe_peer_init(&f);
    pipe_peer_pdu(&f.reply[0], 2, 3, 2, stub, 4);
    pipe_peer_pdu(&f.reply[1], 2, 3, 3, stub, 4);
    pipe_peer_pdu(&f.reply[2], 2, 3, 3, stub, 4); /* stale: the third call is 4 */
    f.nreply = 3;
    r = open_peer(&f);
    lm__buf_init(&bin, 64);
    lm__buf_init(&bout, 1 << 20);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
    LMT_EQ(lm__rpc_call(r, 16, &bin, &bout, &e), LM_OK);
    LMT_EQ(f.sent.data[f.sent_at[1] + 12], 3);
    LMT_EQ(lm__rpc_call(r, 16, &bin, &bout, &e), LM_EPROTO);
    lm__rpc_close(r);
    lm__buf_free(&bin);
    lm__buf_free(&bout);
    pipe_peer_free(&f);
}

/* After a fault the binding goes on; after a malformed response it refuses further calls. */
static void broken_binding(void)
{
    static const uint8_t stub[4] = {0}, fault[8] = {0x02, 0x00, 0x01, 0x1C, 0, 0, 0, 0};
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__buf bin, bout;
    lm_error e;

    pipe_peer_init(&f);
    pipe_peer_pdu(&f.reply[0], 3, 3, 2, fault, 8);
    pipe_peer_pdu(&f.reply[1], 2, 3, 3, stub, 4);
    pipe_peer_pdu(&f.reply[2], 2, 3, 9, stub, 4);
    pipe_peer_pdu(&f.reply[3], 2, 3, 5, stub, 4);
    f.nreply = 4;
    r = open_peer(&f);
    lm__buf_init(&bin, 64);
    lm__buf_init(&bout, 1 << 20);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_ENOTSUP);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_OK);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_EPROTO);
    LMT_EQ(lm__rpc_call(r, 15, &bin, &bout, &e), LM_ESTATE);
    LMT_EQ(f.transceives, 3); /* the last call sent nothing */
    lm__rpc_close(r);
    lm__buf_free(&bin);
    lm__buf_free(&bout);
    pipe_peer_free(&f);
}

static void translator(void)
{
    static const struct {
        lm_raw_kind kind;
        uint32_t code;
        lm_status want;
        const char *name;
    } cases[] = {
        {LM_RAW_WERROR, 0, LM_OK, NULL},
        {LM_RAW_WERROR, 5, LM_EACCES, "WERR_ACCESS_DENIED"},
        {LM_RAW_WERROR, 2118, LM_EEXIST, "NERR_DuplicateShare"},
        {LM_RAW_WERROR, 2310, LM_ENOENT, "NERR_NetNameNotFound"},
        {LM_RAW_WERROR, 0x7B, LM_ENAME, "WERR_INVALID_NAME"},
        {LM_RAW_WERROR, 0x50, LM_EEXIST, "WERR_FILE_EXISTS"},
        {LM_RAW_WERROR, 0x43, LM_ENOENT, "WERR_BAD_NET_NAME"},
        {LM_RAW_WERROR, 0x7C, LM_ENOTSUP, "WERR_INVALID_LEVEL"},
        {LM_RAW_WERROR, 0x57, LM_EINVAL, "WERR_INVALID_PARAMETER"},
        {LM_RAW_WERROR, 0x12345, LM_EIO, NULL},
        {LM_RAW_RPC_FAULT, 5, LM_EACCES, "nca_s_fault_access_denied"},
        {LM_RAW_RPC_FAULT, 0x1C010002, LM_ENOTSUP, "nca_s_op_rng_error"},
        {LM_RAW_RPC_FAULT, 0x1C010003, LM_ENOTSUP, "nca_s_unk_if"},
        {LM_RAW_RPC_FAULT, 0x6F7, LM_EPROTO, "RPC_X_BAD_STUB_DATA"},
        {LM_RAW_RPC_FAULT, 0x1C00001B, LM_ENOMEM, "nca_s_fault_remote_no_memory"},
        {LM_RAW_RPC_FAULT, 0x12345, LM_EPROTO, NULL},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *name = lm__rpc_status_name(cases[i].kind, cases[i].code);
        lm_error e;

        lm_error_clear(&e);
        LMT_EQ(lm__rpc_status(cases[i].kind, cases[i].code), cases[i].want);
        LMT_EQ(lm__rpc_error(&e, cases[i].kind, cases[i].code, "doing it"), cases[i].want);
        if (cases[i].name != NULL) {
            LMT_PTR_OK(name);
            LMT_STR(name, cases[i].name);
            LMT_TRUE(strstr(e.message, cases[i].name) != NULL);
        } else {
            LMT_PTR_NULL(name);
        }
        if (cases[i].want != LM_OK) {
            LMT_EQ(e.raw_kind, cases[i].kind);
            LMT_EQ(e.raw, cases[i].code);
            LMT_TRUE(strncmp(e.message, "doing it: ", 10) == 0);
        }
    }
}

static const struct lmt_test dcerpc_tests[] = {
    LMT_TEST(bind_pdu_bytes),
    LMT_TEST(bind_reply_from_samba),
    LMT_TEST(bind_nak),
    LMT_TEST(bind_reply_hostile),
    LMT_TEST(bind_through_transceive),
    LMT_TEST(request_fragments),
    LMT_TEST(call_fragments_both_ways),
    LMT_TEST(call_reads_in_batches),
    LMT_TEST(call_hostile_responses),
    LMT_TEST(call_truncated_fragment),
    LMT_TEST(call_response_is_capped),
    LMT_TEST(call_stub_moves_within_cap),
    LMT_TEST(call_ids_increase),
    LMT_TEST(broken_binding),
    LMT_TEST(translator),
    LMT_END,
};
const struct lmt_suite lmt_suite_dcerpc = {"dcerpc", NULL, NULL, NULL, dcerpc_tests};
