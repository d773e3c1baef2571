/* Connection-oriented DCE/RPC over SMB2 named pipes (C706 chapter 12, MS-RPCE 2.2.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/text.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"
#include "rpc/werror.h"
#include "smb/conn.h"
#include "smb/pipe.h"
#include "smb/smb2.h"

/* Bytes asked for per pipe READ (or TRANSCEIVE): at least a whole fragment. */
#define RPC_READ_MAX 65536u
/* READs sent at once while a response is still coming. */
#define RPC_READ_BATCH 8u
/* The raw receive buffer holds at most the rest of one fragment plus one batch of reads. */
#define RPC_RX_MAX ((RPC_READ_BATCH + 2) * RPC_READ_MAX)
/* Fragments per request: the request stub is ours, but keep the table bounded. */
#define RPC_MAX_REQ_FRAGS 8192u

const struct lm__rpc_syntax lm__rpc_ndr20 = {
    {0x04, 0x5D, 0x88, 0x8A, 0xEB, 0x1C, 0xC9, 0x11, 0x9F, 0xE8, 0x08, 0x00, 0x2B, 0x10, 0x48, 0x60}, 2, 0};

/* One response being read, fragment by fragment (recv_step). */
struct rpc_recv {
    uint32_t call_id;
    uint16_t opnum;
    lm__rpc_sink sink;
    void *sink_ctx;
    lm_error *err;
    bool first;        /* the next fragment must be the first */
    bool done;         /* the last fragment was read, or reading failed */
    bool in_step;      /* done with the pipe in step: the whole response, or a fault, was read */
    uint32_t total;    /* the first fragment's alloc_hint: the whole stub */
    size_t got;        /* stub bytes in complete fragments so far */
    size_t consume;    /* the fragment handed to the sink, still in rx */
    lm_status st;      /* how reading ended (LM_OK: the whole response) */
    lm_status sink_st; /* the sink's first failure */
};

struct lm__rpc {
    const struct lm__rpc_transport *t;
    void *ctx;
    const struct lm__rpc_iface *iface;
    uint32_t next_call;
    uint16_t max_xmit;       /* our fragments out: at most this (the peer's max_recv_frag) */
    uint16_t max_recv;       /* fragments in: the peer said it sends at most this */
    struct lm__buf rx;       /* bytes read from the pipe, not yet parsed */
    bool broken;             /* a call failed half-way: what the pipe holds next is unknown */
    struct rpc_recv *active; /* the response being read (lm__rpc_call_sink), or NULL */
};

/* ---- the translator: WERROR (incl. NERR_* values) and fault statuses to LM_E* ---- */

struct code_name {
    uint32_t code;
    lm_status st;
    const char *name;
};

/* MS-ERREF 2.2 (Win32 error codes as WERROR) and the NERR_* values of lmerr.h that MS-SRVS returns. */
static const struct code_name werrors[] = {
    {0x00000002, LM_ENOENT, "WERR_FILE_NOT_FOUND"},
    {0x00000003, LM_EPATH, "WERR_PATH_NOT_FOUND"},
    {0x00000005, LM_EACCES, "WERR_ACCESS_DENIED"},
    {0x00000008, LM_ENOMEM, "WERR_NOT_ENOUGH_MEMORY"},
    {0x0000000E, LM_ENOMEM, "WERR_OUTOFMEMORY"},
    {0x00000032, LM_ENOTSUP, "WERR_NOT_SUPPORTED"},
    {0x00000035, LM_ENOENT, "WERR_BAD_NETPATH"},
    {0x00000043, LM_ENOENT, "WERR_BAD_NET_NAME"},
    {0x00000050, LM_EEXIST, "WERR_FILE_EXISTS"},
    {0x00000057, LM_EINVAL, "WERR_INVALID_PARAMETER"},
    {LM__WERR_INVALID_NAME, LM_ENAME, "WERR_INVALID_NAME"},
    {LM__WERR_INVALID_LEVEL, LM_ENOTSUP, "WERR_INVALID_LEVEL"},
    {0x000000A1, LM_EPATH, "WERR_BAD_PATHNAME"},
    {0x000000B7, LM_EEXIST, "WERR_ALREADY_EXISTS"},
    {0x000000CE, LM_ENAME, "WERR_FILENAME_EXCED_RANGE"},
    {LM__WERR_MORE_DATA, LM_EOVERFLOW, "WERR_MORE_DATA"},
    {0x00000534, LM_ENOENT, "WERR_NONE_MAPPED"},
    {0x00000546, LM_EINVAL, "WERR_INVALID_SECURITY_DESCR"},
    {0x000006BA, LM_EHOSTUNREACH, "RPC_S_SERVER_UNAVAILABLE"},
    {0x0000084B, LM_EOVERFLOW, "NERR_BufTooSmall"},
    {0x00000842, LM_ESTATE, "NERR_ServerNotStarted"},
    {0x00000844, LM_ENOENT, "NERR_DeviceNotShared"},
    {0x00000846, LM_EEXIST, "NERR_DuplicateShare"},
    {0x0000084C, LM_EINVAL, "NERR_UnknownDevDir"},
    {0x00000850, LM_EPATH, "NERR_RedirectedPath"},
    {0x00000906, LM_ENOENT, "NERR_NetNameNotFound"},
    {0x0000092F, LM_ENAME, "NERR_InvalidComputer"},
    /* NetrSessionDel, NetrFileClose (MS-SRVS 3.1.4.6, 3.1.4.11). */
    {0x000008AD, LM_ENOENT, "NERR_UserNotFound"},
    {0x00000908, LM_ENOENT, "NERR_ClientNameNotFound"},
    {0x0000090A, LM_ENOENT, "NERR_FileIdNotFound"},
    /* MS-SCMR and MS-RRP (svcctl.c, winreg.c). */
    {0x00000006, LM_EINVAL, "WERR_INVALID_HANDLE"},
    {LM__WERR_INSUFFICIENT_BUFFER, LM_EOVERFLOW, "WERR_INSUFFICIENT_BUFFER"},
    {LM__WERR_NO_MORE_ITEMS, LM_ENOENT, "WERR_NO_MORE_ITEMS"},
    {0x000003F2, LM_ENOENT, "WERR_CANTOPEN"},
    {0x000003FA, LM_ENOENT, "WERR_KEY_DELETED"},
    {0x0000041B, LM_EDEPEND, "WERR_DEPENDENT_SERVICES_RUNNING"},
    {0x0000041C, LM_EINVAL, "WERR_INVALID_SERVICE_CONTROL"},
    {0x0000041D, LM_ETIMEDOUT, "WERR_SERVICE_REQUEST_TIMEOUT"},
    {0x0000041F, LM_EBUSY, "WERR_SERVICE_DATABASE_LOCKED"},
    {0x00000420, LM_ESTATE, "WERR_SERVICE_ALREADY_RUNNING"},
    {0x00000422, LM_EDISABLED, "WERR_SERVICE_DISABLED"},
    {0x00000424, LM_ENOENT, "WERR_SERVICE_DOES_NOT_EXIST"},
    {0x00000425, LM_ESTATE, "WERR_SERVICE_CANNOT_ACCEPT_CTRL"},
    {0x00000426, LM_ESTATE, "WERR_SERVICE_NOT_ACTIVE"},
    {0x0000042C, LM_EDEPEND, "WERR_SERVICE_DEPENDENCY_FAIL"},
    {0x00000430, LM_ESTATE, "WERR_SERVICE_MARKED_FOR_DELETE"},
};

/* C706 appendix E (nca_s_*) and MS-RPCE 3.1.1.5.5 / MS-ERREF for the Win32 values Windows puts in faults. */
static const struct code_name faults[] = {
    {0x00000005, LM_EACCES, "nca_s_fault_access_denied"},
    {0x000006D1, LM_ENOTSUP, "RPC_S_PROCNUM_OUT_OF_RANGE"},
    {0x000006F7, LM_EPROTO, "RPC_X_BAD_STUB_DATA"},
    {0x000006C6, LM_EPROTO, "RPC_S_INVALID_BOUND"},
    {0x1C000008, LM_ENOTSUP, "nca_rpc_version_mismatch"},
    {0x1C000009, LM_EPROTO, "nca_unspec_reject"},
    {0x1C00000C, LM_EIO, "nca_manager_not_entered"},
    {0x1C00001B, LM_ENOMEM, "nca_s_fault_remote_no_memory"},
    {0x1C010002, LM_ENOTSUP, "nca_s_op_rng_error"},
    {0x1C010003, LM_ENOTSUP, "nca_s_unk_if"},
    {0x1C01000B, LM_EPROTO, "nca_s_proto_error"},
    {0x1C010013, LM_EOVERFLOW, "nca_s_out_args_too_big"},
    {0x1C010014, LM_EBUSY, "nca_s_server_too_busy"},
    {0x1C010017, LM_ENOTSUP, "nca_s_unsupported_type"},
    {0x1C000006, LM_EPROTO, "nca_s_fault_invalid_tag"},
    {0x1C000007, LM_EPROTO, "nca_s_fault_invalid_bound"},
    {0x1C000012, LM_EIO, "nca_s_fault_context_mismatch"},
    {0x1C00001D, LM_ENOTSUP, "nca_unsupported_authn_level"},
};

static const struct code_name *find_code(lm_raw_kind kind, uint32_t code)
{
    const struct code_name *t = kind == LM_RAW_RPC_FAULT ? faults : werrors;
    size_t n =
        kind == LM_RAW_RPC_FAULT ? sizeof faults / sizeof faults[0] : sizeof werrors / sizeof werrors[0];

    for (size_t i = 0; i < n; i++) {
        if (t[i].code == code)
            return &t[i];
    }
    return NULL;
}

lm_status lm__rpc_status(lm_raw_kind kind, uint32_t code)
{
    const struct code_name *c;
    lm_status st;

    if (code == 0)
        return LM_OK;
    /* NTSTATUS results (MS-LSAT, MS-LSAD methods) share the SMB2 translator. */
    if (kind == LM_RAW_NTSTATUS)
        return (st = lm__ntstatus_to_lm(code)) != LM_OK ? st : LM_EIO;
    if ((c = find_code(kind, code)) != NULL)
        return c->st;
    /* An unknown fault is the peer refusing the call; an unknown WERROR is the operation failing. */
    return kind == LM_RAW_RPC_FAULT ? LM_EPROTO : LM_EIO;
}

const char *lm__rpc_status_name(lm_raw_kind kind, uint32_t code)
{
    const struct code_name *c;

    if (kind == LM_RAW_NTSTATUS)
        return lm__ntstatus_name(code);
    c = find_code(kind, code);

    return c != NULL ? c->name : NULL;
}

lm_status lm__rpc_error(lm_error *err, lm_raw_kind kind, uint32_t code, const char *what)
{
    const char *name = lm__rpc_status_name(kind, code);
    lm_status st = lm__rpc_status(kind, code);

    if (st == LM_OK)
        return LM_OK;
    if (err == NULL)
        return st;
    if (name != NULL)
        return lm_error_set(err, st, kind, code, "%s: %s", what, name);
    return lm_error_set(err, st, kind, code, "%s: %s 0x%08X", what,
                        kind == LM_RAW_RPC_FAULT  ? "RPC fault"
                        : kind == LM_RAW_NTSTATUS ? "NTSTATUS"
                                                  : "WERROR",
                        (unsigned)code);
}

/* ---- PDUs ---- */

/* The common header (C706 12.6.3.1); frag_length is patched in later. Little-endian, ASCII, IEEE. */
static void put_header(struct lm__buf *b, uint8_t type, uint8_t flags, uint32_t call_id)
{
    static const uint8_t drep[4] = {0x10, 0, 0, 0};

    lm__buf_put_u8(b, 5);
    lm__buf_put_u8(b, 0);
    lm__buf_put_u8(b, type);
    lm__buf_put_u8(b, flags);
    lm__buf_append(b, drep, 4);
    lm__buf_put_u16(b, 0); /* frag_length */
    lm__buf_put_u16(b, 0); /* auth_length */
    lm__buf_put_u32(b, call_id);
}

static void put_syntax(struct lm__buf *b, const struct lm__rpc_syntax *s)
{
    lm__buf_append(b, s->uuid, 16);
    lm__buf_put_u16(b, s->major);
    lm__buf_put_u16(b, s->minor);
}

lm_status lm__rpc_bind_pdu(struct lm__buf *b, uint32_t call_id, const struct lm__rpc_syntax *abstract,
                           uint16_t max_xmit, uint16_t max_recv)
{
    size_t start = b->len;

    put_header(b, LM__RPC_BIND, LM__RPC_PFC_FIRST | LM__RPC_PFC_LAST, call_id);
    lm__buf_put_u16(b, max_xmit);
    lm__buf_put_u16(b, max_recv);
    lm__buf_put_u32(b, 0); /* assoc_group_id: a new association */
    lm__buf_put_u8(b, 1);  /* n_context_elem */
    lm__buf_put_u8(b, 0);
    lm__buf_put_u16(b, 0);
    lm__buf_put_u16(b, 0); /* p_cont_id */
    lm__buf_put_u8(b, 1);  /* n_transfer_syn */
    lm__buf_put_u8(b, 0);
    put_syntax(b, abstract);
    put_syntax(b, &lm__rpc_ndr20);
    lm__buf_set_u16(b, start + 8, (uint16_t)(b->len - start));
    return lm__buf_status(b);
}

/* The common header of a PDU we received: version, data representation, and frag_length within n. */
static lm_status check_header(struct lm__cursor *c, size_t n, uint8_t *type, uint8_t *flags, uint16_t *flen,
                              uint16_t *alen, uint32_t *call_id)
{
    uint8_t vers = lm__cur_u8(c), minor = lm__cur_u8(c), drep[4];

    *type = lm__cur_u8(c);
    *flags = lm__cur_u8(c);
    lm__cur_copy(c, drep, 4);
    *flen = lm__cur_u16(c);
    *alen = lm__cur_u16(c);
    *call_id = lm__cur_u32(c);
    if (lm__cur_status(c) != LM_OK || vers != 5 || minor != 0 || *flen < LM__RPC_HDR_LEN || *flen > n)
        return LM_EPROTO;
    /* Only little-endian integers, ASCII characters and IEEE floats: the drep we sent. */
    if (drep[0] != 0x10 || drep[1] != 0)
        return LM_ENOTSUP;
    return LM_OK;
}

/* C706 12.6.3.1 p_reject_reason_t, with MS-RPCE 2.2.2.5's additions (bind_nak). */
static const char *const nak_reasons[] = {
    "reason not specified",
    "temporary congestion",
    "local limit exceeded",
    "called paddr unknown",
    "protocol version not supported",
    "default context not supported",
    "user data not readable",
    "no psap available",
    "authentication type not recognized",
    "invalid checksum",
};

/* C706 12.6.3.1 p_provider_reason_t (a bind_ack result that is not acceptance). */
static const char *const provider_reasons[] = {
    "reason not specified",
    "abstract syntax not supported",
    "proposed transfer syntaxes not supported",
    "local limit exceeded",
};

static const char *reason(const char *const *names, size_t n, uint16_t r)
{
    return r < n ? names[r] : "unknown reason";
}

lm_status lm__rpc_bind_reply(const uint8_t *p, size_t n, uint32_t call_id, struct lm__rpc_bind_ack *ack,
                             lm_error *err)
{
    struct lm__cursor c;
    uint8_t type, flags, nres;
    uint16_t flen, alen, sec_len, result, why;
    uint32_t cid;
    struct lm__rpc_syntax ts;
    lm_status st;

    lm__cur_init(&c, p, n);
    if ((st = check_header(&c, n, &type, &flags, &flen, &alen, &cid)) != LM_OK)
        return lm__fail(err, st, "malformed reply to the RPC bind");
    if (flen != n || cid != call_id)
        return lm__fail(err, LM_EPROTO, "RPC bind reply: length %u or call id %u does not match", flen,
                        (unsigned)cid);
    lm__cur_init(&c, p, flen);
    lm__cur_seek(&c, LM__RPC_HDR_LEN);
    if (type == LM__RPC_BIND_NAK) {
        /* C706 12.6.4.5, MS-RPCE 2.2.2.9 */
        why = lm__cur_u16(&c);
        if (lm__cur_status(&c) != LM_OK)
            return lm__fail(err, LM_EPROTO, "malformed RPC bind_nak");
        return lm__fail(err, LM_ENOTSUP, "the server refused the RPC bind (bind_nak: %s)",
                        reason(nak_reasons, sizeof nak_reasons / sizeof nak_reasons[0], why));
    }
    if (type != LM__RPC_BIND_ACK)
        return lm__fail(err, LM_EPROTO, "unexpected RPC PDU type %u in reply to the bind", type);
    /* C706 12.6.4.4: max_xmit_frag, max_recv_frag, assoc_group_id, sec_addr (port_any_t), align 4, results.
     */
    ack->max_xmit = lm__cur_u16(&c);
    ack->max_recv = lm__cur_u16(&c);
    ack->assoc_group = lm__cur_u32(&c);
    sec_len = lm__cur_u16(&c);
    lm__cur_skip(&c, sec_len);
    lm__cur_align(&c, 4);
    nres = lm__cur_u8(&c);
    lm__cur_skip(&c, 3);
    result = lm__cur_u16(&c);
    why = lm__cur_u16(&c);
    lm__cur_copy(&c, ts.uuid, 16);
    ts.major = lm__cur_u16(&c);
    ts.minor = lm__cur_u16(&c);
    if (lm__cur_status(&c) != LM_OK || nres < 1)
        return lm__fail(err, LM_EPROTO, "malformed RPC bind_ack");
    if (result != 0)
        return lm__fail(err, LM_ENOTSUP, "the server rejected the RPC interface (%s)",
                        reason(provider_reasons, sizeof provider_reasons / sizeof provider_reasons[0], why));
    if (memcmp(ts.uuid, lm__rpc_ndr20.uuid, 16) != 0 || ts.major != 2)
        return lm__fail(err, LM_EPROTO, "RPC bind_ack accepted a transfer syntax we did not offer");
    /* C706 12.6.3.1 bounds: a fragment must hold at least a header and a few bytes of stub. */
    if (ack->max_xmit < LM__RPC_REQ_HDR + 8 || ack->max_recv < LM__RPC_REQ_HDR + 8)
        return lm__fail(err, LM_EPROTO, "RPC bind_ack with fragment sizes %u/%u", ack->max_xmit,
                        ack->max_recv);
    return LM_OK;
}

lm_status lm__rpc_request_pdus(struct lm__buf *b, uint32_t call_id, uint16_t opnum, const uint8_t *stub,
                               size_t len, uint16_t max_frag, size_t *offs, size_t nmax, size_t *nfrag)
{
    size_t chunk, done = 0, i = 0;

    if (max_frag < LM__RPC_REQ_HDR + 8)
        return LM_EINVAL;
    /* Every fragment but the last carries a multiple of 8 stub bytes, so that the NDR alignment of the
     * reassembled stub is the same as the fragments' (MS-RPCE 3.3.1.5.3 is silent; Windows does this). */
    chunk = (size_t)(max_frag - LM__RPC_REQ_HDR) & ~(size_t)7;
    do {
        size_t n = len - done < chunk ? len - done : chunk, start = b->len;
        uint8_t flags = 0;

        if (i == nmax)
            return LM_EOVERFLOW;
        if (done == 0)
            flags |= LM__RPC_PFC_FIRST;
        if (done + n == len)
            flags |= LM__RPC_PFC_LAST;
        offs[i++] = start;
        put_header(b, LM__RPC_REQUEST, flags, call_id);
        lm__buf_put_u32(b, (uint32_t)(len - done)); /* alloc_hint: the stub still to come */
        lm__buf_put_u16(b, 0);                      /* p_cont_id */
        lm__buf_put_u16(b, opnum);
        lm__buf_append(b, stub + done, n);
        lm__buf_set_u16(b, start + 8, (uint16_t)(b->len - start));
        done += n;
    } while (done < len);
    *nfrag = i;
    return lm__buf_status(b);
}

/* ---- calls ---- */

/* Makes sure rx holds at least n bytes, reading more from the pipe; the first read asks for reads messages.
 */
static lm_status rx_need(struct lm__rpc *r, size_t n, unsigned reads, lm_error *err)
{
    while (r->rx.len < n) {
        size_t before = r->rx.len;
        lm_status st = r->t->read(r->ctx, reads, RPC_READ_MAX, &r->rx, err);

        reads = 1;
        if (st != LM_OK)
            return st;
        if (r->rx.len == before)
            return lm__fail(err, LM_EPROTO, "%s: the pipe returned no data in the middle of an RPC response",
                            r->iface->name);
    }
    return LM_OK;
}

/* Drops the first n bytes of rx. */
static void rx_consume(struct lm__rpc *r, size_t n)
{
    memmove(r->rx.data, r->rx.data + n, r->rx.len - n);
    r->rx.len -= n;
}

static void recv_end(struct rpc_recv *q, lm_status st, bool in_step)
{
    q->st = st;
    q->in_step = in_step;
    q->done = true;
}

/* Reads the next response fragment of q and hands its stub to the sink (once the sink has failed, the rest
 * of the response is still read, and dropped, so that the pipe stays in step). The sink may call on this
 * binding again: lm__rpc_call_sink then reads the rest of q first, through here. */
static void recv_step(struct lm__rpc *r, struct rpc_recv *q)
{
    unsigned reads = 1;
    struct lm__cursor c;
    uint8_t type, flags;
    uint16_t flen, alen;
    uint32_t cid, status;
    size_t stub_len;
    lm_status st;
    bool last;

    if (q->consume > 0) {
        rx_consume(r, q->consume);
        q->consume = 0;
    }
    /* Between fragments, with nothing buffered: each READ of a message-mode pipe returns at most one
     * fragment, and at least ceil(left / most stub per fragment) fragments must still come, so that many
     * READs can go at once without one waiting for data that never comes. */
    if (!q->first && r->rx.len == 0 && q->total > q->got) {
        size_t per = (size_t)r->max_recv - LM__RPC_REQ_HDR, left = (size_t)q->total - q->got;
        size_t frags = (left + per - 1) / per;
        reads = frags > RPC_READ_BATCH ? RPC_READ_BATCH : (unsigned)frags;
    }
    if ((st = rx_need(r, LM__RPC_HDR_LEN, reads, q->err)) != LM_OK)
        return recv_end(q, st, false);
    flen = (uint16_t)(r->rx.data[8] | r->rx.data[9] << 8);
    if (flen < LM__RPC_HDR_LEN)
        return recv_end(q, lm__fail(q->err, LM_EPROTO, "%s: RPC fragment of %u bytes", r->iface->name, flen),
                        false);
    if ((st = rx_need(r, flen, 1, q->err)) != LM_OK)
        return recv_end(q, st, false);
    lm__cur_init(&c, r->rx.data, flen);
    if ((st = check_header(&c, flen, &type, &flags, &flen, &alen, &cid)) != LM_OK)
        return recv_end(q, lm__fail(q->err, st, "%s: malformed RPC response", r->iface->name), false);
    if (cid != q->call_id)
        return recv_end(q,
                        lm__fail(q->err, LM_EPROTO, "%s: RPC response for call %u, expected %u",
                                 r->iface->name, (unsigned)cid, (unsigned)q->call_id),
                        false);
    if (type == LM__RPC_FAULT) {
        char what[80];

        /* C706 12.6.4.7: alloc_hint, p_cont_id, cancel_count, reserved, status. */
        lm__cur_skip(&c, 8);
        status = lm__cur_u32(&c);
        if (lm__cur_status(&c) != LM_OK)
            return recv_end(q, lm__fail(q->err, LM_EPROTO, "%s: malformed RPC fault", r->iface->name), false);
        rx_consume(r, flen);
        if (status == 0)
            status = 0x1C000009; /* a fault must carry a status; treat 0 as an unspecified reject */
        snprintf(what, sizeof what, "%s call %u failed", r->iface->name, q->opnum);
        return recv_end(q, lm__rpc_error(q->err, LM_RAW_RPC_FAULT, status, what), true);
    }
    if (type != LM__RPC_RESPONSE || alen != 0 || flen < LM__RPC_REQ_HDR || flen > r->max_recv ||
        ((flags & LM__RPC_PFC_FIRST) != 0) != q->first)
        return recv_end(q,
                        lm__fail(q->err, LM_EPROTO,
                                 "%s: unexpected RPC PDU (type %u, flags 0x%02X, %u bytes)", r->iface->name,
                                 type, flags, flen),
                        false);
    stub_len = (size_t)flen - LM__RPC_REQ_HDR;
    if (q->first)
        q->total = (uint32_t)(r->rx.data[16] | r->rx.data[17] << 8 | r->rx.data[18] << 16 |
                              (uint32_t)r->rx.data[19] << 24);
    q->got += stub_len;
    if (q->got > LM__RPC_MAX_STUB)
        return recv_end(q,
                        lm__fail(q->err, LM_EOVERFLOW, "%s: RPC response larger than %u MiB", r->iface->name,
                                 LM__RPC_MAX_STUB >> 20),
                        false);
    q->first = false;
    last = (flags & LM__RPC_PFC_LAST) != 0;
    q->consume = flen;
    if (last)
        q->done = true; /* before the sink: a call it makes on this binding finds nothing left to read */
    if (q->sink_st == LM_OK &&
        (st = q->sink(q->sink_ctx, r->rx.data + LM__RPC_REQ_HDR, stub_len, last)) != LM_OK &&
        q->sink_st == LM_OK)
        q->sink_st = st;
    if (q->consume > 0) {
        rx_consume(r, q->consume);
        q->consume = 0;
    }
    if (last) {
        if (r->rx.len != 0)
            recv_end(q,
                     lm__fail(q->err, LM_EPROTO, "%s: %zu stray bytes after the RPC response", r->iface->name,
                              r->rx.len),
                     false);
        else
            recv_end(q, LM_OK, true);
    }
}

/* Reads the rest of the response in flight on r, if any: a sink's callback is calling on the binding. */
static void recv_finish(struct lm__rpc *r)
{
    struct rpc_recv *q = r->active;

    if (q == NULL)
        return;
    while (!q->done)
        recv_step(r, q);
    if (q->consume > 0) { /* the sink of the last fragment is the one calling */
        rx_consume(r, q->consume);
        q->consume = 0;
    }
    if ((q->st != LM_OK && !q->in_step) || r->rx.len != 0)
        r->broken = true;
    r->active = NULL;
}

/* lm__rpc_call's sink: the stub reassembled in a buffer. */
struct append_sink {
    struct lm__buf *out;
    const char *iface;
    lm_error *err;
};

static lm_status append_stub(void *ctx, const uint8_t *p, size_t n, bool last)
{
    struct append_sink *a = ctx;
    lm_status st;

    (void)last;
    /* Refused before it is touched: the caller's buffer keeps what it had, as on any failure. */
    if (n > a->out->max - a->out->len)
        return lm__fail(a->err, LM_EOVERFLOW, "%s: RPC response too large", a->iface);
    lm__buf_append(a->out, p, n);
    if ((st = lm__buf_status(a->out)) != LM_OK)
        return lm__fail(a->err, st, "%s: RPC response too large", a->iface);
    return LM_OK;
}

lm_status lm__rpc_call_sink(struct lm__rpc *r, uint16_t opnum, const struct lm__buf *stub_in,
                            lm__rpc_sink sink, void *sink_ctx, lm_error *err)
{
    struct lm__buf pdus;
    size_t nfrag, *offs;
    uint32_t call_id = r->next_call++;
    struct rpc_recv q = {0};
    lm_status st;

    /* Called from a sink's callback while this binding's response is still coming (an export reads each
     * share's flags as the list arrives): the rest of that response goes to its sink first. */
    recv_finish(r);
    if (r->broken)
        return lm__fail(err, LM_ESTATE, "%s: the RPC binding is out of step after an earlier error",
                        r->iface->name);
    /* At most 16 MiB of request stub: the largest we ever send is a share with its security descriptor. */
    if (stub_in->len > (16u << 20))
        return lm__fail(err, LM_EINVAL, "%s: RPC request too large", r->iface->name);
    nfrag = stub_in->len / (((size_t)(r->max_xmit - LM__RPC_REQ_HDR)) & ~(size_t)7) + 1;
    if (nfrag > RPC_MAX_REQ_FRAGS || (offs = calloc(nfrag + 1, sizeof *offs)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    lm__buf_init(&pdus, stub_in->len + (nfrag + 1) * LM__RPC_REQ_HDR + 64);
    st = lm__rpc_request_pdus(&pdus, call_id, opnum, stub_in->data, stub_in->len, r->max_xmit, offs,
                              nfrag + 1, &nfrag);
    if (st != LM_OK) {
        free(offs);
        lm__buf_free(&pdus);
        return lm__fail(err, st, "%s: cannot build the RPC request", r->iface->name);
    }
    offs[nfrag] = pdus.len;
    r->rx.len = 0;
    for (size_t i = 0; i + 1 < nfrag && st == LM_OK; i++)
        st = r->t->write(r->ctx, pdus.data + offs[i], offs[i + 1] - offs[i], err);
    if (st == LM_OK)
        st = r->t->transceive(r->ctx, pdus.data + offs[nfrag - 1], offs[nfrag] - offs[nfrag - 1],
                              RPC_READ_MAX, &r->rx, err);
    free(offs);
    lm__buf_free(&pdus);
    if (st != LM_OK) {
        r->broken = true;
        return st;
    }
    q.call_id = call_id;
    q.opnum = opnum;
    q.sink = sink;
    q.sink_ctx = sink_ctx;
    q.err = err;
    q.first = true;
    r->active = &q;
    while (!q.done)
        recv_step(r, &q);
    /* A fault is a whole PDU and leaves the pipe in step, as does a sink's failure (the rest was read);
     * any other failure may not. A call from the sink may have finished this response already. */
    if (r->active == &q)
        r->active = NULL;
    if (!q.in_step)
        r->broken = true;
    return q.st != LM_OK ? q.st : q.sink_st;
}

lm_status lm__rpc_call(struct lm__rpc *r, uint16_t opnum, const struct lm__buf *stub_in,
                       struct lm__buf *stub_out, lm_error *err)
{
    struct append_sink a = {stub_out, r->iface->name, err};
    size_t before = stub_out->len;
    lm_status st = lm__rpc_call_sink(r, opnum, stub_in, append_stub, &a, err);

    if (st != LM_OK)
        stub_out->len = before; /* nothing of a failed response is kept */
    return st;
}

void lm__rpc_frag_sizes(const struct lm__rpc *r, uint16_t *max_xmit, uint16_t *max_recv)
{
    *max_xmit = r->max_xmit;
    *max_recv = r->max_recv;
}

lm_status lm__rpc_open_transport(const struct lm__rpc_transport *t, void *ctx,
                                 const struct lm__rpc_iface *iface, const struct lm__buf *bind_ack,
                                 struct lm__rpc **out, lm_error *err)
{
    struct lm__rpc_bind_ack ack;
    struct lm__buf reply;
    struct lm__rpc *r;
    lm_status st = LM_OK;

    lm__buf_init(&reply, 65536);
    if (bind_ack == NULL) {
        struct lm__buf bind;

        lm__buf_init(&bind, 256);
        st = lm__rpc_bind_pdu(&bind, 1, &iface->syntax, LM__RPC_MAX_FRAG, LM__RPC_MAX_FRAG);
        if (st == LM_OK)
            st = t->transceive(ctx, bind.data, bind.len, LM__RPC_MAX_FRAG, &reply, err);
        lm__buf_free(&bind);
        bind_ack = &reply;
    }
    if (st == LM_OK)
        st = lm__rpc_bind_reply(bind_ack->data, bind_ack->len, 1, &ack, err);
    lm__buf_free(&reply);
    if (st == LM_OK && (r = calloc(1, sizeof *r)) == NULL)
        st = lm__fail(err, LM_ENOMEM, "out of memory");
    if (st != LM_OK) {
        t->close(ctx);
        return st;
    }
    r->t = t;
    r->ctx = ctx;
    r->iface = iface;
    r->next_call = 2;
    /* We never send more than we offered, nor more than the server takes. */
    r->max_xmit = ack.max_recv < LM__RPC_MAX_FRAG ? ack.max_recv : LM__RPC_MAX_FRAG;
    r->max_recv = ack.max_xmit;
    lm__buf_init(&r->rx, RPC_RX_MAX);
    *out = r;
    return LM_OK;
}

void lm__rpc_close(struct lm__rpc *r)
{
    if (r == NULL)
        return;
    r->t->close(r->ctx);
    lm__buf_free(&r->rx);
    free(r);
}

/* ---- the SMB2 named pipe transport ---- */

struct smb_ctx {
    struct lm_smb *s;
    struct lm__smb_pipe *p;
};

static lm_status smb_err(struct smb_ctx *x, lm_status st, lm_error *err)
{
    if (err != NULL)
        *err = x->s->err;
    return st;
}

static lm_status smb_transceive(void *ctx, const void *in, size_t inlen, size_t max_out, struct lm__buf *out,
                                lm_error *err)
{
    struct smb_ctx *x = ctx;
    bool more;
    lm_status st = lm__smb_pipe_transceive(x->p, in, inlen, max_out, out, &more);

    return st == LM_OK ? LM_OK : smb_err(x, st, err);
}

static lm_status smb_write(void *ctx, const void *in, size_t inlen, lm_error *err)
{
    struct smb_ctx *x = ctx;
    lm_status st = lm__smb_pipe_write(x->p, in, inlen);

    return st == LM_OK ? LM_OK : smb_err(x, st, err);
}

static lm_status smb_read(void *ctx, unsigned count, size_t max, struct lm__buf *out, lm_error *err)
{
    struct smb_ctx *x = ctx;
    lm_status st = lm__smb_pipe_read_n(x->p, count, max, out);

    return st == LM_OK ? LM_OK : smb_err(x, st, err);
}

static void smb_close(void *ctx)
{
    struct smb_ctx *x = ctx;

    lm__smb_pipe_close(x->p);
    free(x);
}

static const struct lm__rpc_transport smb_transport = {smb_transceive, smb_write, smb_read, smb_close};

/* Opens the pipe and binds: on ipc, or (ipc NULL) with the TREE_CONNECT to IPC$ in the same compound. */
static lm_status open_smb(lm_smb *s, lm_smb_tree *ipc, const char *pipe, const struct lm__rpc_iface *iface,
                          lm_smb_tree **tree, struct lm__rpc **out, lm_error *err)
{
    struct lm__buf bind, ack;
    struct smb_ctx *x;
    bool more = false;
    lm_status st;

    if ((x = calloc(1, sizeof *x)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    x->s = s;
    lm__buf_init(&bind, 256);
    lm__buf_init(&ack, 65536);
    st = lm__rpc_bind_pdu(&bind, 1, &iface->syntax, LM__RPC_MAX_FRAG, LM__RPC_MAX_FRAG);
    if (st != LM_OK)
        lm__fail(err, st, "cannot build the RPC bind");
    else if (ipc != NULL)
        st = lm__smb_pipe_open(ipc, pipe, bind.data, bind.len, &ack, &more, &x->p);
    else
        st = lm__smb_pipe_open_ipc(s, pipe, bind.data, bind.len, &ack, &more, tree, &x->p);
    if (st != LM_OK && bind.err == LM_OK)
        smb_err(x, st, err);
    lm__buf_free(&bind);
    if (st != LM_OK) {
        lm__buf_free(&ack);
        free(x);
        return st;
    }
    /* A bind_ack never needs a second read; if one did not fit, the pipe is out of step. */
    if (more) {
        lm__buf_free(&ack);
        smb_close(x);
        st = lm__fail(err, LM_EPROTO, "%s: RPC bind_ack longer than 64 KiB", iface->name);
    } else {
        st = lm__rpc_open_transport(&smb_transport, x, iface, &ack, out, err);
        lm__buf_free(&ack);
    }
    if (st != LM_OK && ipc == NULL) {
        lm_smb_tree_disconnect(*tree);
        *tree = NULL;
    }
    return st;
}

lm_status lm__rpc_open(lm_smb_tree *ipc, const char *pipe, const struct lm__rpc_iface *iface,
                       struct lm__rpc **out, lm_error *err)
{
    return open_smb(ipc->s, ipc, pipe, iface, NULL, out, err);
}

lm_status lm__rpc_connect(lm_smb *s, const char *pipe, const struct lm__rpc_iface *iface, lm_smb_tree **ipc,
                          struct lm__rpc **out, lm_error *err)
{
    lm_smb_tree *t = NULL;
    lm_status st = open_smb(s, NULL, pipe, iface, &t, out, err);

    if (st == LM_OK)
        *ipc = t;
    return st;
}

/* ---- helpers for the interface files ---- */

/* What encoding the request gave, as the caller's error. */
static lm_status request_status(lm_status enc, const char *what, lm_error *err)
{
    if (enc == LM_ENOMEM)
        return lm__fail(err, enc, "out of memory");
    if (enc != LM_OK)
        return lm__fail(err, enc == LM_EILSEQ ? LM_EILSEQ : LM_EINVAL, "%s: invalid argument (%s)", what,
                        lm_strerror(enc));
    return LM_OK;
}

lm_status lm__rpc_transact(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                           const struct lm__buf *req, struct lm__buf *resp, lm_error *err)
{
    lm_status st = request_status(enc, what, err);

    if (st != LM_OK)
        return st;
    lm__buf_reset(resp);
    return lm__rpc_call(r, opnum, req, resp, err);
}

lm_status lm__rpc_transact_sink(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                                const struct lm__buf *req, lm__rpc_sink sink, void *sink_ctx, lm_error *err)
{
    lm_status st = request_status(enc, what, err);

    return st != LM_OK ? st : lm__rpc_call_sink(r, opnum, req, sink, sink_ctx, err);
}

lm_status lm__rpc_malformed(lm_error *err, lm_status st, const char *what)
{
    if (st == LM_ENOMEM)
        return lm__fail(err, st, "out of memory");
    return lm__fail(err, LM_EPROTO, "%s: malformed response", what);
}

lm_status lm__rpc_handle_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                              const struct lm__buf *req, bool null_ok, struct lm__ndr_handle *out,
                              lm_error *err)
{
    return lm__rpc_handle_call_as(r, opnum, what, LM_RAW_WERROR, enc, req, null_ok, out, err);
}

lm_status lm__rpc_handle_call_as(struct lm__rpc *r, uint16_t opnum, const char *what, lm_raw_kind kind,
                                 lm_status enc, const struct lm__buf *req, bool null_ok,
                                 struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf resp;
    struct lm__ndr_handle h;
    uint32_t werr = 0;
    lm_status st;

    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__ndr_handle_werr(resp.data, resp.len, &h, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, kind, werr, what);
    if (st == LM_OK && !null_ok && lm__ndr_handle_is_null(&h))
        st = lm__fail(err, LM_EPROTO, "%s: success with a null handle", what);
    lm__buf_free(&resp);
    if (st == LM_OK)
        *out = h;
    return st;
}

lm_status lm__rpc_werr_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                            const struct lm__buf *req, lm_error *err)
{
    struct lm__buf resp;
    uint32_t werr = 0;
    lm_status st;

    lm__buf_init(&resp, 64);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__ndr_werr(resp.data, resp.len, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__rpc_close_handle(struct lm__rpc *r, uint16_t opnum, const char *what, struct lm__ndr_handle *h,
                               lm_error *err)
{
    return lm__rpc_close_handle_as(r, opnum, what, LM_RAW_WERROR, h, err);
}

lm_status lm__rpc_close_handle_as(struct lm__rpc *r, uint16_t opnum, const char *what, lm_raw_kind kind,
                                  struct lm__ndr_handle *h, lm_error *err)
{
    struct lm__ndr_handle back;
    struct lm__ndr_push n;
    struct lm__buf req;
    lm_status st;

    if (lm__ndr_handle_is_null(h))
        return LM_OK;
    lm__buf_init(&req, 64);
    lm__ndr_push_init(&n, &req);
    lm__ndr_put_handle(&n, h);
    st = lm__rpc_handle_call_as(r, opnum, what, kind, lm__ndr_push_status(&n), &req, true, &back, err);
    lm__buf_free(&req);
    memset(h, 0, sizeof *h);
    return st;
}

lm_status lm__rpc_close_pair(struct lm__rpc *r,
                             lm_status (*close)(struct lm__rpc *, struct lm__ndr_handle *, lm_error *),
                             struct lm__ndr_handle *inner, struct lm__ndr_handle *outer, lm_status st,
                             lm_error *err)
{
    lm_status c1 = close(r, inner, st == LM_OK ? err : NULL);
    lm_status c2 = close(r, outer, st == LM_OK && c1 == LM_OK ? err : NULL);

    if (st != LM_OK)
        return st;
    return c1 != LM_OK ? c1 : c2;
}
