/* The SMB2 connection engine (conn.c): framing, message IDs and credits, compound chains, signing and
 * verification, the 3.1.1 preauth hash, encryption, interim responses, and the trace. Commands build their
 * bodies with the codecs of smb2.h and travel through here. */
#ifndef LM_SMB_CONN_H
#define LM_SMB_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "lanman/smb.h"
#include "os/net.h"
#include "smb/smb2.h"

#define SMB_MAX_CHAIN  8
#define SMB_MAX_IGNORE 64
/* Largest transport message we accept: the largest read we ask for (at most 8 MiB, get.c) plus headers, with
 * room to spare. A peer cannot make us allocate more. */
#define SMB_FRAME_MAX (16u * 1024 * 1024 + 4096)

struct lm_smb {
    struct lm__sock *sock;
    int timeout_ms;
    lm_error err;
    lm_smb_options opt;
    char host[256];

    /* NEGOTIATE */
    uint16_t dialect;
    uint16_t server_security_mode;
    uint32_t server_caps;
    uint8_t server_guid[16];
    uint32_t max_transact, max_read, max_write;
    uint64_t server_time, boot_time;
    uint16_t cipher;
    uint16_t signing_alg;
    uint8_t preauth[64];      /* Connection.PreauthIntegrityHashValue, then the session's */
    uint8_t conn_preauth[64]; /* Connection.PreauthIntegrityHashValue alone, where each session starts */
    /* What we sent in NEGOTIATE, for FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.31.4). */
    uint16_t offered[5];
    uint16_t noffered;
    uint16_t client_mode;
    uint32_t client_caps;
    uint8_t client_guid[16];
    bool offer_compression; /* the audit's probe: a compression context in NEGOTIATE (LM__SMB_COMPRESSION) */
    bool compression_ctx;   /* the server answered with one */
    uint16_t compression_alg; /* its first algorithm */

    /* SESSION_SETUP */
    uint64_t session_id;
    uint16_t session_flags;
    /* the mechanism of the logon that succeeded (lm_smb_info.mech) */
    lm_smb_auth mech;
    bool anonymous;  /* we logged on with no user (Samba sets no IS_NULL flag for that) */
    bool signing_on; /* sign requests, require and verify signed responses */
    bool encrypt_on; /* every message of the session goes in a transform */
    bool keys_ready; /* this session's keys are derived: only from here on is a transform accepted */
    uint8_t session_key[16], signing_key[16], enc_key[16], dec_key[16];
    uint64_t nonce_counter;
    uint8_t nonce_salt[4];

    /* Message IDs and credits (MS-SMB2 3.2.4.1.2, 3.2.5.1.4) */
    uint64_t next_mid;
    uint32_t credits;

    /* The frame being read: one transport message, maybe a compound chain; next is the offset of the next
     * message in it, 0 when none is left. */
    struct lm__buf rx;
    size_t rx_next;
    bool rx_encrypted;
    bool awaiting; /* something was sent since the last read from the socket */
    unsigned round_trips;

    /* Replies we do not wait for (CLOSE, TREE_DISCONNECT, LOGOFF): dropped when they arrive. */
    uint64_t ignore[SMB_MAX_IGNORE];
    size_t nignore;
    /* Compounds (MS-SMB2 3.2.4.1.4), and the fallback for servers that sign their responses wrongly
     * (impacket's signs each one before it sets NextCommand): the message IDs of the last chain of several
     * requests; compound_failed once a response to one of them failed verification (cleared by
     * lm__smb_retry_single); single from then on: one request per message for the rest of the connection. */
    uint64_t chain_mid[SMB_MAX_CHAIN];
    int chain_n;
    bool compound_failed;
    bool single;
    /* The final SESSION_SETUP response is verified by the login code once the keys exist. */
    uint64_t skip_verify_mid;
    /* A copy of the NEGOTIATE security buffer (the server's SPNEGO hints) for the first GSS step. */
    uint8_t *neg_token;
    size_t neg_token_len;
};

struct lm_smb_tree {
    struct lm_smb *s;
    uint32_t tid;
    uint8_t type;
    uint32_t flags;
    uint32_t maximal_access; /* the TREE_CONNECT response's MaximalAccess (MS-SMB2 2.2.10) */
};

/* A chain being built: one transport message holding up to SMB_MAX_CHAIN requests. */
struct smb_chain {
    struct lm__buf b;
    size_t start[SMB_MAX_CHAIN];
    uint64_t mid[SMB_MAX_CHAIN];
    int n;
    bool starved; /* a request in it has no credit: the server granted too few (MS-SMB2 3.2.4.1.5) */
};

/* A response, parsed: its header, and a cursor over the whole message, positioned after the header. */
struct smb_resp {
    struct smb2_hdr h;
    struct lm__cursor msg;
};

void lm__smb_chain_init(struct smb_chain *c);
void lm__smb_chain_free(struct smb_chain *c);

/* Starts the next request of the chain: writes its header with the next message ID. related marks it
 * as operating on the previous request's file (MS-SMB2 3.2.4.1.4). payload is the larger of the bytes sent
 * and the bytes expected back, for the credit charge. Returns the message ID. */
uint64_t lm__smb_add(struct lm_smb *s, struct smb_chain *c, uint16_t cmd, uint32_t tree_id, bool related,
                     size_t payload);

/* Finishes the chain (NextCommand, padding, signatures, 3.1.1 preauth when hash_preauth, encryption) and
 * sends it as one transport message. */
lm_status lm__smb_send(struct lm_smb *s, struct smb_chain *c, bool hash_preauth);

/* Sends a chain whose encoders returned built (LM_OK, or why a name or path could not be encoded: then
 * "invalid <what> '<arg>'" goes to s->err and nothing is sent), and frees the chain either way. */
lm_status lm__smb_send_built(struct lm_smb *s, struct smb_chain *c, lm_status built, const char *what,
                             const char *arg);

/* ---- open.c: a CREATE and the requests on the file it opens, in one compound (MS-SMB2 3.2.4.1.4) ----
 * lm__smb_add_create() puts the CREATE in the chain; the caller adds the requests on the new file (FileId
 * lm__smb2_related_fileid, related), sends the chain with lm__smb_send_built(), and takes the CREATE's reply
 * with lm__smb_take_create() before the replies to its own requests. */

/* "a/b\c" -> "a\b\c" without leading separators, and without trailing ones when trim: the path CREATE
 * wants, relative to the share. Free it; NULL when out of memory. */
char *lm__smb_path(const char *p, bool trim);

/* Adds a CREATE for req on tree tid to the chain, related to the request before it when related. The
 * encoder's status goes to *built, unless *built already holds an error. Returns the message ID. */
uint64_t lm__smb_add_create(struct lm_smb *s, struct smb_chain *c, uint32_t tid, bool related,
                            const struct smb2_create_req *req, lm_status *built);

/* Checks the CREATE reply r: a failure status is "what: STATUS_..." in s->err, a malformed body LM_EPROTO;
 * otherwise *out is the opened file. On failure the replies to the requests on the file (the nrel message
 * IDs in rel) are dropped when they arrive. */
lm_status lm__smb_check_create(struct lm_smb *s, const struct smb_resp *r, const char *what,
                               const uint64_t *rel, int nrel, struct smb2_create_resp *out);

/* A CREATE alone, in its own message (after a compound fallback): sends it, takes its reply and checks it as
 * lm__smb_check_create() does (what: the failure's context). */
lm_status lm__smb_create_alone(struct lm_smb *s, uint32_t tid, const struct smb2_create_req *req,
                               const char *what, struct smb2_create_resp *out);

/* Receives the reply to the CREATE sent as mid, and checks it as lm__smb_check_create() does. */
lm_status lm__smb_take_create(struct lm_smb *s, uint64_t mid, const char *what, const uint64_t *rel, int nrel,
                              struct smb2_create_resp *out);

/* Receives the next response (from the current frame, or a new one): checks its signature, takes its credits,
 * and skips interim STATUS_PENDING responses. The response stays valid until the next call. When mid is
 * not UINT64_MAX, a response for another ID is a protocol error. */
lm_status lm__smb_recv(struct lm_smb *s, uint64_t mid, struct smb_resp *r);

/* Takes the receive buffer that r, the response lm__smb_recv() just returned, is in, when r is the last
 * message of its frame: *out holds it from then on (r's pointers stay valid, into it), and the connection
 * receives into *spare instead (a buffer taken this way before, or an empty one of at most SMB_FRAME_MAX
 * bytes). false, and nothing moves, when more messages follow r in the frame, or when the buffer holds more
 * than most bytes: a server that pads its replies into large frames must not make the caller keep one of
 * them per reply. */
bool lm__smb_take_rx(struct lm_smb *s, const struct smb_resp *r, size_t most, struct lm__buf *out,
                     struct lm__buf *spare);

/* Checks a response's signature (or that it needed none). */
lm_status lm__smb_verify(struct lm_smb *s, const struct smb_resp *r);

/* After an operation failed with st: true, once per connection, when the failure was a compound's response
 * that did not verify. By then the chain's other replies are marked to be dropped, and what its unverified
 * replies opened is closed again (see conn.c), so nothing of the failed attempt is left on the server and
 * nothing unverified was taken; s->single is set, and the caller repeats the operation with one request per
 * message. The caller repeats only an idempotent operation. A failure of the repeat is final: with
 * s->single set no chain of several requests is sent, so this returns false from then on. */
bool lm__smb_retry_single(struct lm_smb *s, lm_status st);

/* Sends CLOSE (id), TREE_DISCONNECT or LOGOFF and does not wait for the reply. */
void lm__smb_forget(struct lm_smb *s, uint16_t cmd, uint32_t tid, const struct smb2_fileid *id);
/* Sends one request of cmd whose body is the empty StructureSize-4 one (ECHO, LOGOFF) and waits for its
 * reply in *r: LM_OK when it came (whatever its status), else why not. */
lm_status lm__smb_exchange_empty(struct lm_smb *s, uint16_t cmd, struct smb_resp *r);

/* Marks a message ID whose reply will be dropped, not waited for. */
void lm__smb_ignore(struct lm_smb *s, uint64_t mid);
bool lm__smb_ignored(struct lm_smb *s, uint64_t mid);

/* Sets s->err from a response status: "what: NT_STATUS_NAME" with the NTSTATUS as raw code. */
lm_status lm__smb_status_error(struct lm_smb *s, const struct smb_resp *r, const char *what);

/* Turns a TREE_CONNECT response for share into a tree (client.c): the status, the share flags (a share that
 * requires encryption turns it on for the session), the tree id. */
lm_status lm__smb_tree_accept(struct lm_smb *s, const struct smb_resp *r, const char *share,
                              lm_smb_tree **out);

/* Adds a TREE_CONNECT to \\host\share to the chain (client.c), for the requests after it to be related to
 * (their TreeId 0xFFFFFFFF: the server uses the new tree's, MS-SMB2 3.2.4.1.4). The encoder's status goes to
 * *built, unless *built already holds an error. Returns the message ID. */
uint64_t lm__smb_add_tree_connect(struct lm_smb *s, struct smb_chain *c, const char *share, lm_status *built);

/* Receives the reply to the TREE_CONNECT sent as mid and accepts it (lm__smb_tree_accept). When the server
 * refused it, the replies to the nrel requests related to it (rel) are dropped when they arrive. */
lm_status lm__smb_take_tree(struct lm_smb *s, uint64_t mid, const char *share, const uint64_t *rel, int nrel,
                            lm_smb_tree **out);

/* NEGOTIATE (negotiate.c): offers the dialects between the options' bounds, checks what the server chose
 * (MS-SMB2 3.2.5.2) and keeps it on s. */
lm_status lm__smb_negotiate(struct lm_smb *s);

/* lm_smb_connect with flags: LM__SMB_COMPRESSION offers SMB2_COMPRESSION_CAPABILITIES in a 3.1.1 NEGOTIATE,
 * for the audit's smbghost probe only (lanman never compresses; the connection must not go on to a session:
 * close it after reading s->compression_ctx). */
#define LM__SMB_COMPRESSION 0x1u
lm_status lm__smb_connect_ex(const char *host, const lm_smb_options *opt, unsigned flags, lm_smb **out,
                             lm_error *err);

/* FSCTL_VALIDATE_NEGOTIATE_INFO (negotiate.c) on a tree just connected (MS-SMB2 3.2.5.5, 3.2.5.14.12), when
 * the dialect is 3.0 or 3.0.2 and the session is signed; nothing otherwise. A mismatch, an unsigned answer or
 * a server that ends the connection instead of answering means the negotiation was tampered with: the
 * connection is closed and LM_ESIGNATURE returned. */
lm_status lm__smb_tree_validate(struct lm_smb *s, const struct lm_smb_tree *t);

/* Whether lm__smb_tree_validate() has anything to do on this connection: a signed 3.0 or 3.0.2 session. */
bool lm__smb_tree_validates(const struct lm_smb *s);

/* Ends the connection's session so that lm_smb_login() can set up another on it (the audit's guest probe,
 * then its null session, on one connection): a LOGOFF when a session ID was given (its reply waited for, so
 * that it cannot arrive under the next session), then the session's state as NEGOTIATE left it: no ID, no
 * keys, the preauth hash back to the connection's. LM_OK, or the status of a connection that is gone (then
 * it is good for nothing more). */
lm_status lm__smb_logoff(struct lm_smb *s);

/* The 3.1.1 preauth hash: H = SHA-512(H || msg). */
lm_status lm__smb_preauth_update(struct lm_smb *s, const uint8_t *msg, size_t len);

/* ---- sign.c ---- */

/* The signature of one message (MS-SMB2 3.1.4.1) with alg (SMB2_SIGNING_*: HMAC-SHA256 for 2.x, AES-CMAC
 * for 3.x, AES-GMAC when 3.1.1 negotiated it), over the message with its signature field taken as zero.
 * m is not changed when the call returns (GMAC zeroes the field for the time of the computation); sig may
 * point into it. */
lm_status lm__smb_sign(uint16_t alg, const uint8_t key[16], uint8_t *m, size_t len, uint8_t sig[16]);

/* SP800-108 counter-mode KDF with HMAC-SHA256 and L = 128 (MS-SMB2 3.1.4.2). llen/clen include the NULs
 * the spec's labels carry. */
lm_status lm__smb_kdf(const uint8_t key[16], const void *label, size_t llen, const void *ctx, size_t clen,
                      uint8_t out[16]);

/* Derives signing/encryption keys from s->session_key for the dialect (MS-SMB2 3.2.5.3.1). */
lm_status lm__smb_derive_keys(struct lm_smb *s);

/* ---- transform.c: the SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41, 3.1.4.3) ---- */
#define SMB2_TRANSFORM_LEN 52

/* Seals plain into out (cleared first): the 52-byte transform header, then the ciphertext. nonce is the
 * header's 16-byte Nonce field; CCM uses its first 11 bytes, GCM its first 12. */
lm_status lm__smb_transform_seal(uint16_t cipher, const uint8_t key[16], const uint8_t nonce[16],
                                 uint64_t sid, const uint8_t *plain, size_t len, struct lm__buf *out);

/* Opens a transform message in place: checks the header (session sid), authenticates and decrypts. The
 * plaintext is frame[*off, *off + *len). LM_EPROTO for a malformed header, LM_ESIGNATURE when it does not
 * authenticate. */
lm_status lm__smb_transform_open(uint16_t cipher, const uint8_t key[16], uint8_t *frame, size_t flen,
                                 uint64_t sid, size_t *off, size_t *len);

/* One line of trace, when the caller asked for it. */
void lm__smb_trace(struct lm_smb *s, const char *fmt, ...) LM_PRINTF(2, 3);

/* The number of credits a request with this payload costs (MS-SMB2 3.1.5.2). */
uint16_t lm__smb_credit_charge(const struct lm_smb *s, size_t payload);

/* ---- get.c: sizing the read loop (issue #19; the rule and why: get.c) ---- */
#define SMB_GET_WINDOW     16                  /* slots: READs outstanding at most */
#define SMB_GET_CHUNK      (1024u * 1024)      /* the READ size aimed at, at least (PERFORMANCE.md) */
#define SMB_GET_MIN_FLIGHT (8u * 1024 * 1024)  /* bytes in flight at least, whatever the measurement */
#define SMB_GET_MAX_FLIGHT (64u * 1024 * 1024) /* and at most: parked replies are held in memory */
#define SMB_GET_COMPOUND   (1024u * 1024)      /* READ bytes in one compound at most */

/* The length of the next READ: want (the loop's chunk, or what is left of the file), capped by the server's
 * MaxReadSize (NEGOTIATE), by 64 KiB where the dialect has no multi-credit requests (2.0.2, or no
 * LARGE_MTU), and by what the credits in hand pay for once reserve of them are kept back (64 KiB per credit,
 * MS-SMB2 3.1.5.2). 0 when they pay for nothing. */
uint32_t lm__smb_read_len(uint32_t max_read, bool multi_credit, uint64_t want, uint32_t credits,
                          uint32_t reserve);

/* The read loop's plan for a bandwidth-delay product bdp (bytes; 0 before a measurement): twice bdp in
 * flight, at least SMB_GET_MIN_FLIGHT and at most SMB_GET_MAX_FLIGHT bytes, in window READs (2 to
 * SMB_GET_WINDOW) of chunk bytes: SMB_GET_CHUNK, or more where SMB_GET_WINDOW of them would not hold the
 * flight, within lm__smb_read_len's bounds (without credits: those are checked per READ). chunk is 0 when
 * max_read is. */
struct lm__read_plan {
    uint32_t chunk;
    int window;
};
struct lm__read_plan lm__smb_read_plan(uint32_t max_read, bool multi_credit, uint64_t bdp);

/* How many READs of len bytes one compound carries: together at most SMB_GET_COMPOUND bytes, at least one, at
 * most SMB_MAX_CHAIN (see get.c for why). */
int lm__smb_reads_per_compound(uint32_t len);

#endif
