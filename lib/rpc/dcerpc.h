/* Connection-oriented DCE/RPC (C706 chapter 12, MS-RPCE 2.2.2) over SMB2 named pipes: bind with the NDR 2.0
 * transfer syntax, requests and responses fragmented both ways within the negotiated sizes, faults, call
 * ids. One lm__rpc is one pipe bound to one interface; open several on the same IPC$ tree for several
 * interfaces. No authentication at the RPC level: the SMB session signs or seals the pipe. */
#ifndef LM_RPC_DCERPC_H
#define LM_RPC_DCERPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"
#include "lanman/smb.h"

/* A reassembled response stub may not grow past this: a peer cannot make us allocate without bound. */
#define LM__RPC_MAX_STUB (32u << 20)
/* What we offer in the bind (the Windows default); the bind_ack may lower it. */
#define LM__RPC_MAX_FRAG 4280u

/* PDU types (C706 12.6.4). */
#define LM__RPC_REQUEST  0
#define LM__RPC_RESPONSE 2
#define LM__RPC_FAULT    3
#define LM__RPC_BIND     11
#define LM__RPC_BIND_ACK 12
#define LM__RPC_BIND_NAK 13

/* pfc_flags (C706 12.6.3.1). */
#define LM__RPC_PFC_FIRST 0x01
#define LM__RPC_PFC_LAST  0x02

#define LM__RPC_HDR_LEN  16
#define LM__RPC_REQ_HDR  24 /* request and response headers, up to the stub */
#define LM__RPC_FAULT_OK 0

/* An abstract or transfer syntax: UUID in its wire form (the first three fields little-endian) and version.
 */
struct lm__rpc_syntax {
    uint8_t uuid[16];
    uint16_t major, minor;
};

struct lm__rpc_iface {
    const char *name; /* for messages: "srvsvc" */
    struct lm__rpc_syntax syntax;
};

/* 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 (C706 appendix I). */
extern const struct lm__rpc_syntax lm__rpc_ndr20;

/* The pipe under a binding. The SMB transport is lib/smb/pipe.c; unit tests plug in a scripted peer. Each
 * function appends what it reads to out and returns LM_OK or an error it has described in err. */
struct lm__rpc_transport {
    /* Write in, then read up to max_out bytes of the reply (FSCTL_PIPE_TRANSCEIVE). */
    lm_status (*transceive)(void *ctx, const void *in, size_t inlen, size_t max_out, struct lm__buf *out,
                            lm_error *err);
    lm_status (*write)(void *ctx, const void *in, size_t inlen, lm_error *err);
    /* count reads of up to max bytes each (a message each), in one round trip where the pipe allows. */
    lm_status (*read)(void *ctx, unsigned count, size_t max, struct lm__buf *out, lm_error *err);
    void (*close)(void *ctx);
};

struct lm__rpc;

/* Opens \PIPE\pipe on ipc (an IPC$ tree) and binds iface: the bind rides in the CREATE compound, so this
 * costs one round trip. On success *out is set; close with lm__rpc_close(). A bind_nak, or a bind_ack that
 * rejects the syntax, is LM_ENOTSUP with the reason in err. */
lm_status lm__rpc_open(lm_smb_tree *ipc, const char *pipe, const struct lm__rpc_iface *iface,
                       struct lm__rpc **out, lm_error *err);

/* Tree-connects IPC$, opens \PIPE\pipe and binds iface, all in one compound: one round trip from a logged-on
 * session (so a first call makes "share enum from TCP connect" 5 round trips). On success *ipc and *out are
 * set; close *out with lm__rpc_close(), then disconnect *ipc. Several bindings may share *ipc through
 * lm__rpc_open(). */
lm_status lm__rpc_connect(lm_smb *s, const char *pipe, const struct lm__rpc_iface *iface, lm_smb_tree **ipc,
                          struct lm__rpc **out, lm_error *err);

/* The same over any transport; bind_ack (may be NULL) is the reply to a bind already sent with call id 1,
 * else the bind goes out through transport->transceive. On failure the transport is closed. */
lm_status lm__rpc_open_transport(const struct lm__rpc_transport *t, void *ctx,
                                 const struct lm__rpc_iface *iface, const struct lm__buf *bind_ack,
                                 struct lm__rpc **out, lm_error *err);

/* One call: stub_in goes out in as many request fragments as the peer's max_recv_frag needs (all but the
 * last by WRITE, the last by TRANSCEIVE), and the response fragments (more by READ) are reassembled into
 * stub_out (appended; capped at LM__RPC_MAX_STUB). Further fragments are read up to 8 at a time, as many as
 * the first fragment's alloc_hint says must still come. A fault PDU is an error with LM_RAW_RPC_FAULT. */
lm_status lm__rpc_call(struct lm__rpc *r, uint16_t opnum, const struct lm__buf *stub_in,
                       struct lm__buf *stub_out, lm_error *err);

/* Where lm__rpc_call_sink hands a response: each fragment's stub bytes as the fragment arrives, in order
 * (last: this is the final fragment). p is valid only during the call. A status other than LM_OK stops the
 * deliveries; the sink describes its own failure in its own error. */
typedef lm_status (*lm__rpc_sink)(void *ctx, const uint8_t *p, size_t n, bool last);

/* lm__rpc_call with the response going to sink fragment by fragment instead of being reassembled, so that
 * a decoder can hold a window of it rather than all of it (at most LM__RPC_MAX_STUB bytes over all). When
 * the sink fails, the rest of the response is read and dropped (the binding stays usable) and the sink's
 * status is returned; err is then left as the sink set it. */
lm_status lm__rpc_call_sink(struct lm__rpc *r, uint16_t opnum, const struct lm__buf *stub_in,
                            lm__rpc_sink sink, void *sink_ctx, lm_error *err);

/* Closes the pipe (not waiting) and frees; NULL is fine. */
void lm__rpc_close(struct lm__rpc *r);

/* What the bind negotiated. */
void lm__rpc_frag_sizes(const struct lm__rpc *r, uint16_t *max_xmit, uint16_t *max_recv);

/* ---- codecs, exposed for the unit tests ---- */

/* A bind PDU (C706 12.6.4.3) with one presentation context (id 0): abstract syntax + NDR 2.0. */
lm_status lm__rpc_bind_pdu(struct lm__buf *b, uint32_t call_id, const struct lm__rpc_syntax *abstract,
                           uint16_t max_xmit, uint16_t max_recv);

struct lm__rpc_bind_ack {
    uint16_t max_xmit, max_recv; /* the server's: it sends at most max_xmit, receives at most max_recv */
    uint32_t assoc_group;
};

/* Parses the reply to a bind: a bind_ack accepting NDR 2.0 fills ack; a bind_nak or a rejection is
 * LM_ENOTSUP with the reason; anything else is LM_EPROTO. */
lm_status lm__rpc_bind_reply(const uint8_t *p, size_t n, uint32_t call_id, struct lm__rpc_bind_ack *ack,
                             lm_error *err);

/* Appends the request fragments of one call to b, each at most max_frag bytes, with the stub cut in
 * multiples of 8 (except the last). offs[i] receives where fragment i starts (room for nmax); *nfrag the
 * count. Used by lm__rpc_call. */
lm_status lm__rpc_request_pdus(struct lm__buf *b, uint32_t call_id, uint16_t opnum, const uint8_t *stub,
                               size_t len, uint16_t max_frag, size_t *offs, size_t nmax, size_t *nfrag);

/* The one translator of this backend for WERROR (kind LM_RAW_WERROR, also NERR_* values returned as WERROR)
 * and DCE/RPC fault statuses (LM_RAW_RPC_FAULT), and for the NTSTATUS results of some methods
 * (LM_RAW_NTSTATUS, through the SMB2 translator): the LM_E* code. */
lm_status lm__rpc_status(lm_raw_kind kind, uint32_t code);

/* A symbolic name ("NERR_DuplicateShare", "nca_s_op_rng_error") or NULL. */
const char *lm__rpc_status_name(lm_raw_kind kind, uint32_t code);

/* Sets err from a WERROR or fault: "<what>: <name> (<raw>)", status from lm__rpc_status(). */
lm_status lm__rpc_error(lm_error *err, lm_raw_kind kind, uint32_t code, const char *what);

/* For the interface files: enc is what encoding the request gave; an error there is reported as an invalid
 * argument of what (LM_EILSEQ kept, else LM_EINVAL). Otherwise resp is reset and the call made. */
lm_status lm__rpc_transact(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                           const struct lm__buf *req, struct lm__buf *resp, lm_error *err);

/* lm__rpc_transact with the response going to sink (lm__rpc_call_sink). */
lm_status lm__rpc_transact_sink(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                                const struct lm__buf *req, lm__rpc_sink sink, void *sink_ctx, lm_error *err);

/* A response stub that did not decode (st): "<what>: malformed response", LM_EPROTO (LM_ENOMEM kept). */
lm_status lm__rpc_malformed(lm_error *err, lm_status st, const char *what);

struct lm__ndr_handle;

/* A call whose response is a context handle then the WERROR (open and close calls): the WERROR is translated
 * with what; *out is set only on success, where a null handle is LM_EPROTO unless null_ok (a close gives
 * one back). */
lm_status lm__rpc_handle_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                              const struct lm__buf *req, bool null_ok, struct lm__ndr_handle *out,
                              lm_error *err);

/* The same for a method whose result is of another kind: LM_RAW_NTSTATUS (MS-LSAD, MS-LSAT). */
lm_status lm__rpc_handle_call_as(struct lm__rpc *r, uint16_t opnum, const char *what, lm_raw_kind kind,
                                 lm_status enc, const struct lm__buf *req, bool null_ok,
                                 struct lm__ndr_handle *out, lm_error *err);

/* Closes a context handle with the interface's close opnum (RCloseServiceHandle, BaseRegCloseKey: the
 * request is the handle alone, the response the zeroed handle and a WERROR) and zeroes *h. A NULL handle is
 * LM_OK without a call. */
lm_status lm__rpc_close_handle(struct lm__rpc *r, uint16_t opnum, const char *what, struct lm__ndr_handle *h,
                               lm_error *err);

/* The same for an interface whose close returns another kind of result (LsarClose: LM_RAW_NTSTATUS). */
lm_status lm__rpc_close_handle_as(struct lm__rpc *r, uint16_t opnum, const char *what, lm_raw_kind kind,
                                  struct lm__ndr_handle *h, lm_error *err);

/* Closes inner, then outer (a service and its SCM, a key and HKLM) with close, whatever st is. Returns st,
 * or the first close error when st was LM_OK (a handle left open on the server is worth knowing about). */
lm_status lm__rpc_close_pair(struct lm__rpc *r,
                             lm_status (*close)(struct lm__rpc *, struct lm__ndr_handle *, lm_error *),
                             struct lm__ndr_handle *inner, struct lm__ndr_handle *outer, lm_status st,
                             lm_error *err);

/* A call whose response is the WERROR alone, translated with what. */
lm_status lm__rpc_werr_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                            const struct lm__buf *req, lm_error *err);

#endif
