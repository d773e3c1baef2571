/* The SMB2 client, through its public API, against servers that lie: a scripted rogue server for what Samba
 * cannot be made to do (broken framing, bad negotiation, endless interim responses, oversized reads, endless
 * listings), and a tampering proxy in front of the real Samba fixture for signatures. Each case asserts the
 * exact lm_status; none asserts a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rogue.h"
#include "fx.h"
#include "hex.h"
#include "lanman/smb.h"
#include "testlib.h"
#include "vectors.h"
#include "smb/conn.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* MS-SMB2 values the scripts write (the client's own headers are not used, so that a wrong constant there
 * cannot hide here). */
enum { NEGOTIATE = 0, SESSION_SETUP = 1, LOGOFF = 2, TREE_CONNECT = 3, TREE_DISCONNECT = 4, CREATE = 5 };
enum { CLOSE = 6, READ = 8, QUERY_DIRECTORY = 14, OPLOCK_BREAK = 18 };
#define ST_SUCCESS       0x00000000u
#define ST_PENDING       0x00000103u
#define ST_MORE          0xC0000016u
#define ST_NO_MORE_FILES 0x80000006u
#define F_ASYNC          0x00000002u
#define SHORT_TIMEOUT_MS 500

/* ---- connect-time cases: the rogue server reads the NEGOTIATE and answers it wrongly ---- */

/* Most cases answer with a NEGOTIATE response (dialect) changed by edit; *n is its length, m has room for
 * 256 bytes. The others have a script of their own. */
struct conn_case {
    const char *what;
    void (*script)(struct rogue_conn *c, void *arg); /* NULL: answer() */
    uint16_t dialect;
    void (*edit)(uint8_t *m, size_t *n);
    lm_status want;
    uint16_t max_dialect; /* 0: the default range */
};

static void answer(struct rogue_conn *c, void *arg)
{
    const struct conn_case *k = arg;
    uint8_t m[256] = {0};
    size_t n;

    if (!rogue_recv(c))
        return;
    n = rogue_negotiate_resp(m, k->dialect, rogue_req_mid(c, 0));
    if (k->edit != NULL)
        k->edit(m, &n);
    if (rogue_send(c, m, n))
        rogue_wait_close(c);
}

static void shorter_than_header(uint8_t *m, size_t *n)
{
    (void)m;
    *n = 16;
}

static void not_smb2_magic(uint8_t *m, size_t *n)
{
    (void)n;
    m[0] = 'X';
}

static void smb1_reply(uint8_t *m, size_t *n)
{
    /* An SMB1 NEGOTIATE response (MS-CIFS 2.2.4.52.2): "no dialect chosen" (0xFFFF), WordCount 1. */
    static const uint8_t smb1[32 + 5] = {0xFF, 'S',  'M',  'B',  0x72,     0,    0,   0,
                                         0,    0x98, 0x01, 0xC8, [32] = 1, 0xFF, 0xFF};
    memcpy(m, smb1, sizeof smb1);
    *n = sizeof smb1;
}

static void without_preauth(uint8_t *m, size_t *n)
{
    /* one context, ENCRYPTION (AES-128-GCM), and no PREAUTH_INTEGRITY */
    rogue_put16(m + 64 + 6, 1);
    rogue_put32(m + 64 + 60, 128);
    rogue_put16(m + 128, 2);
    rogue_put16(m + 130, 4);
    rogue_put16(m + 136, 1);
    rogue_put16(m + 138, 2);
    *n = 140;
}

/* 3.1.1 contexts (MS-SMB2 2.2.4.1): PREAUTH_INTEGRITY with hash alg, ENCRYPTION with cipher, SIGNING with
 * signing_alg, from offset 128. */
static void contexts(uint8_t *m, size_t *n, uint16_t hash, uint16_t cipher, uint16_t signing_alg)
{
    rogue_put16(m + 64 + 6, 3);
    rogue_put32(m + 64 + 60, 128);
    rogue_put16(m + 128, 1); /* 128: PREAUTH, 38 bytes: 1 algorithm, 32-byte salt */
    rogue_put16(m + 130, 38);
    rogue_put16(m + 136, 1);
    rogue_put16(m + 138, 32);
    rogue_put16(m + 140, hash);
    rogue_put16(m + 176, 2); /* 176: ENCRYPTION, 4 bytes */
    rogue_put16(m + 178, 4);
    rogue_put16(m + 184, 1);
    rogue_put16(m + 186, cipher);
    rogue_put16(m + 192, 8); /* 192: SIGNING, 4 bytes */
    rogue_put16(m + 194, 4);
    rogue_put16(m + 200, 1);
    rogue_put16(m + 202, signing_alg);
    *n = 204;
}

static void preauth_not_sha512(uint8_t *m, size_t *n)
{
    contexts(m, n, 0x0002, 2, 1);
}

static void cipher_not_offered(uint8_t *m, size_t *n)
{
    contexts(m, n, 1, 0x0004, 1); /* AES-256-GCM: we offer AES-128 GCM and CCM */
}

static void signing_not_offered(uint8_t *m, size_t *n)
{
    contexts(m, n, 1, 2, 0x0000); /* HMAC-SHA256: we offer AES-CMAC */
}

static void all_offered(uint8_t *m, size_t *n)
{
    contexts(m, n, 1, 2, 1);
}

/* A frame of two messages, the first with NextCommand = next; the frame is 256 bytes. */
static void chain(uint8_t *m, size_t *n, uint32_t next)
{
    rogue_put32(m + 20, next);
    rogue_hdr(m + 128, NEGOTIATE, 0, 1, 0, 0, 0);
    *n = 256;
}

static void next_past_frame(uint8_t *m, size_t *n)
{
    chain(m, n, 0x1000);
}

static void next_misaligned(uint8_t *m, size_t *n)
{
    chain(m, n, 132);
}

static void next_inside_header(uint8_t *m, size_t *n)
{
    chain(m, n, 8); /* would start the next message inside this one's header: an overlap, a loop */
}

static void next_at_frame_end(uint8_t *m, size_t *n)
{
    chain(m, n, 256); /* announces a message that is not in the frame */
}

static void wrong_message_id(uint8_t *m, size_t *n)
{
    (void)n;
    m[24] += 7;
}

static void request_not_response(uint8_t *m, size_t *n)
{
    (void)n;
    m[16] &= (uint8_t)~1u; /* no SERVER_TO_REDIR */
}

static void encrypted_unasked(uint8_t *m, size_t *n)
{
    (void)n;
    m[0] = 0xFD; /* a TRANSFORM_HEADER before any key exists */
}

/* Sends raw bytes (an NBSS header and what follows), then waits for the client to give up, or closes. */
static void send_then(struct rogue_conn *c, const uint8_t *hdr, const uint8_t *body, size_t n, bool wait)
{
    if (rogue_recv(c) && rogue_send_raw(c, hdr, 4) && rogue_send_raw(c, body, n) && wait)
        rogue_wait_close(c);
}

static void nbss_type_byte(struct rogue_conn *c, void *arg)
{
    static const uint8_t hdr[4] = {0xFF, 0xFF, 0xFF, 0xFF}, body[64]; /* a 32-bit length, or a bad type */
    (void)arg;
    send_then(c, hdr, body, sizeof body, true);
}

static void nbss_max_then_close(struct rogue_conn *c, void *arg)
{
    static const uint8_t hdr[4] = {0x00, 0xFF, 0xFF, 0xFF}, body[1000]; /* 16 MiB - 1 announced */
    (void)arg;
    send_then(c, hdr, body, sizeof body, false);
}

static void nbss_max_then_silence(struct rogue_conn *c, void *arg)
{
    static const uint8_t hdr[4] = {0x00, 0xFF, 0xFF, 0xFF};
    (void)arg;
    send_then(c, hdr, hdr, 0, true);
}

static void closes_mid_frame(struct rogue_conn *c, void *arg)
{
    uint8_t m[128], hdr[4] = {0, 0, 0, 128};
    (void)arg;
    rogue_negotiate_resp(m, 0x0210, 0);
    send_then(c, hdr, m, 64, false);
}

/* Sends msg every 20 ms until the client goes away (or ROGUE_WAIT_MS x 2 passes, so that a client that never
 * gives up fails its test instead of hanging it). */
static void flood(struct rogue_conn *c, const uint8_t *msg, size_t n, bool raw)
{
    struct timespec ms20 = {0, 20 * 1000 * 1000};

    for (int i = 0; i < 2 * ROGUE_WAIT_MS / 20; i++) {
        if (!(raw ? rogue_send_raw(c, msg, n) : rogue_send(c, msg, n)))
            return;
        nanosleep(&ms20, NULL);
    }
}

static void pending_forever(struct rogue_conn *c, void *arg)
{
    uint8_t m[64 + 9] = {0};
    (void)arg;
    if (!rogue_recv(c))
        return;
    rogue_hdr(m, NEGOTIATE, ST_PENDING, rogue_req_mid(c, 0), F_ASYNC, 0, 0);
    rogue_put64(m + 32, 0x77); /* AsyncId */
    rogue_put16(m + 64, 9);    /* an error response body */
    flood(c, m, sizeof m, false);
}

static void keepalives_forever(struct rogue_conn *c, void *arg)
{
    static const uint8_t keepalive[4] = {0x85, 0, 0, 0}; /* RFC 1002 SESSION KEEP ALIVE */
    (void)arg;
    if (rogue_recv(c))
        flood(c, keepalive, sizeof keepalive, true);
}

static void oplock_breaks_forever(struct rogue_conn *c, void *arg)
{
    uint8_t m[64 + 24] = {0};
    (void)arg;
    if (!rogue_recv(c))
        return;
    rogue_hdr(m, OPLOCK_BREAK, ST_SUCCESS, UINT64_MAX, 0, 0, 0); /* unsolicited: MessageId -1 */
    rogue_put16(m + 64, 24);
    flood(c, m, sizeof m, false);
}

static void closes_without_answer(struct rogue_conn *c, void *arg)
{
    (void)arg;
    (void)rogue_recv(c);
}

static void never_answers(struct rogue_conn *c, void *arg)
{
    (void)arg;
    if (rogue_recv(c))
        rogue_wait_close(c);
}

static void cut_then_silence(struct rogue_conn *c, void *arg)
{
    uint8_t m[128], hdr[4] = {0, 0, 0, 128};
    (void)arg;
    rogue_negotiate_resp(m, 0x0210, 0);
    send_then(c, hdr, m, 64, true); /* half of what the header announces, then nothing */
}

/* A whole, valid NEGOTIATE response, one byte every 100 ms: each byte is progress, but the wait for the
 * response has one deadline. */
static void one_byte_per_100ms(struct rogue_conn *c, void *arg)
{
    struct timespec ms100 = {0, 100 * 1000 * 1000};
    uint8_t m[4 + 128] = {0, 0, 0, 128};
    (void)arg;
    if (!rogue_recv(c))
        return;
    rogue_negotiate_resp(m + 4, 0x0210, rogue_req_mid(c, 0));
    for (size_t i = 0; i < sizeof m && rogue_send_raw(c, m + i, 1); i++)
        nanosleep(&ms100, NULL);
}

static void no_common_dialect(uint8_t *m, size_t *n)
{
    rogue_put32(m + 8, 0xC00000BBu); /* STATUS_NOT_SUPPORTED (MS-SMB2 3.3.5.4), with an error body */
    memset(m + 64, 0, 9);
    rogue_put16(m + 64, 9);
    *n = 64 + 9;
}

static const struct conn_case conn_cases[] = {
    {"NBSS header with a non-zero first byte (a 32-bit length)", nbss_type_byte, 0, NULL, LM_EPROTO, 0},
    {"NBSS length 0xFFFFFF, then the server closes", nbss_max_then_close, 0, NULL, LM_ECONNRESET, 0},
    {"NBSS length 0xFFFFFF, then nothing", nbss_max_then_silence, 0, NULL, LM_ETIMEDOUT, 0},
    {"a frame shorter than an SMB2 header", NULL, 0x0210, shorter_than_header, LM_EPROTO, 0},
    {"a frame without the SMB2 magic", NULL, 0x0210, not_smb2_magic, LM_EPROTO, 0},
    {"an SMB1 reply to the SMB2 NEGOTIATE", NULL, 0x0210, smb1_reply, LM_EPROTO, 0},
    {"a dialect the client did not offer", NULL, 0x0300, NULL, LM_ENOTSUP, 0x0210},
    {"the SMB1-only wildcard dialect 0x02FF", NULL, 0x02FF, NULL, LM_ENOTSUP, 0},
    {"3.1.1 without negotiate contexts", NULL, 0x0311, NULL, LM_EPROTO, 0},
    {"3.1.1 without the preauth integrity context", NULL, 0x0311, without_preauth, LM_EPROTO, 0},
    {"3.1.1 with a preauth hash other than SHA-512", NULL, 0x0311, preauth_not_sha512, LM_EPROTO, 0},
    {"3.1.1 with a cipher not offered", NULL, 0x0311, cipher_not_offered, LM_EPROTO, 0},
    {"3.1.1 with a signing algorithm not offered", NULL, 0x0311, signing_not_offered, LM_EPROTO, 0},
    {"3.1.1 with what was offered (the rogue server's own check)", NULL, 0x0311, all_offered, LM_OK, 0},
    {"NextCommand past the frame", NULL, 0x0210, next_past_frame, LM_EPROTO, 0},
    {"NextCommand not 8-byte aligned", NULL, 0x0210, next_misaligned, LM_EPROTO, 0},
    {"NextCommand inside the message's own header", NULL, 0x0210, next_inside_header, LM_EPROTO, 0},
    {"NextCommand announcing a message after the frame's end", NULL, 0x0210, next_at_frame_end, LM_EPROTO, 0},
    {"a response with the wrong MessageId", NULL, 0x0210, wrong_message_id, LM_EPROTO, 0},
    {"a request where a response belongs", NULL, 0x0210, request_not_response, LM_EPROTO, 0},
    {"an encrypted message before any key", NULL, 0x0210, encrypted_unasked, LM_EPROTO, 0},
    {"endless STATUS_PENDING interim responses", pending_forever, 0, NULL, LM_ETIMEDOUT, 0},
    {"endless NetBIOS keep-alives", keepalives_forever, 0, NULL, LM_ETIMEDOUT, 0},
    {"endless unsolicited oplock breaks", oplock_breaks_forever, 0, NULL, LM_ETIMEDOUT, 0},
    {"the server closes mid-frame", closes_mid_frame, 0, NULL, LM_ECONNRESET, 0},
    {"the server closes without an answer", closes_without_answer, 0, NULL, LM_ECONNRESET, 0},
    {"the server never answers", never_answers, 0, NULL, LM_ETIMEDOUT, 0},
    {"a frame cut mid-way, then silence", cut_then_silence, 0, NULL, LM_ETIMEDOUT, 0},
    {"a response one byte every 100 ms", one_byte_per_100ms, 0, NULL, LM_ETIMEDOUT, 0},
    {"no common dialect (STATUS_NOT_SUPPORTED)", NULL, 0x0210, no_common_dialect, LM_ENOTSUP, 0},
};

static void run_conn_case(const struct conn_case *k)
{
    struct rogue_server *srv;
    lm_smb_options o = {0};
    lm_smb *s = NULL;
    lm_error err;
    lm_status st;

    LMT_TRUE(rogue_start(k->script != NULL ? k->script : answer, (void *)k, &o.port, &srv));
    /* short only where the timeout is the expected end: elsewhere a loaded machine must not change the result
     */
    o.timeout_ms = k->want == LM_ETIMEDOUT ? SHORT_TIMEOUT_MS : 5000;
    o.max_dialect = k->max_dialect;
    st = lm_smb_connect("127.0.0.1", &o, &s, &err);
    if (st != k->want)
        fprintf(stderr, "\n%s: got %s (%s), want %s\n", k->what, lm_err_name(st),
                st != LM_OK ? err.message : "", lm_err_name(k->want));
    CU_ASSERT_EQUAL(st, k->want);
    CU_ASSERT_TRUE(st == LM_OK || s == NULL);
    CU_ASSERT_TRUE(st == LM_OK || err.message[0] != '\0');
    lm_smb_close(s);
    rogue_stop(srv);
}

static void connect_cases(void)
{
    for (size_t i = 0; i < N(conn_cases); i++)
        run_conn_case(&conn_cases[i]);
}

/* ---- session cases: a scripted server that logs the client on anonymously, then lies ---- */
enum lie {
    NO_LIE,
    READ_TOO_LONG,
    LIST_FOREVER,
    LIST_LOOPING_ENTRY,
    TREE_WRONG_MID,
    TREE_TWICE,          /* the TREE_CONNECT response comes twice */
    NEVER_SENT_FIRST,    /* a response to a request never sent, before the real one */
    CLOSE_AT_SESSION,    /* the server closes after NEGOTIATE */
    CLOSE_AT_TREE,       /* ... after SESSION_SETUP */
    CLOSE_AT_CREATE,     /* ... after TREE_CONNECT */
    ONE_CREDIT,          /* every response grants one credit */
    ZERO_CREDIT_INTERIM, /* every READ gets an interim response granting none, then the final one */
    NO_CREDITS,          /* no response grants a credit */
    CREATE_AFTER_TREE,   /* a CREATE related to a TREE_CONNECT in its compound: STATUS_INVALID_PARAMETER */
    CREATE_NOT_FOUND,    /* every CREATE: STATUS_OBJECT_NAME_NOT_FOUND */
};

struct sess {
    enum lie lie;
    int ss_round;
    unsigned listings;
    uint8_t *dir; /* one QUERY_DIRECTORY output buffer, sent again and again */
    size_t dirlen;
    uint64_t size;   /* of the file the rogue server serves (10 bytes when 0) */
    int64_t balance; /* credits granted and not yet used: a request beyond them ends the connection */
    unsigned trees, creates;
    uint16_t prev;         /* the command before this one in its compound; 0xFFFF for none */
    uint32_t chain_status; /* a related request after a CREATE that failed fails with this */
};

/* The byte at offset off of the file the rogue server serves. */
static uint8_t file_byte(uint64_t off)
{
    return (uint8_t)(off * 7 + off / 4093);
}

#define SID 0x0000400000000055ull
#define TID 7

static struct sess *cur; /* the session the rogue server serves: one at a time */
/* The last frame the rogue server received that began with a TREE_CONNECT (up to its size). */
static uint8_t tree_frame[1024];
static size_t tree_frame_len;

static bool reply(struct rogue_conn *c, uint8_t *m, size_t n)
{
    if (cur->lie == ONE_CREDIT || cur->lie == ZERO_CREDIT_INTERIM)
        rogue_put16(m + 14, 1);
    else if (cur->lie == NO_CREDITS)
        rogue_put16(m + 14, 0);
    cur->balance += m[14] | m[15] << 8;
    return rogue_send(c, m, n);
}

static bool on_session_setup(struct rogue_conn *c, struct sess *x, uint64_t mid)
{
    static uint8_t m[64 + 8 + 512];
    uint8_t *b = m + 64;

    memset(m, 0, sizeof m);
    rogue_put16(b, 9);
    rogue_put16(b + 4, 72);
    if (x->ss_round++ == 0) {
        /* accept-incomplete with the NTLMSSP CHALLENGE of the SPNEGO tests' exchange */
        size_t tn;
        uint8_t *tok = lmt_unhex(v_resp_challenge, &tn);
        rogue_hdr(m, SESSION_SETUP, ST_MORE, mid, 0, SID, 0);
        rogue_put16(b + 6, (uint16_t)tn);
        memcpy(b + 8, tok, tn);
        free(tok);
        return reply(c, m, 72 + tn);
    }
    rogue_hdr(m, SESSION_SETUP, ST_SUCCESS, mid, 0, SID, 0);
    rogue_put16(b + 2, 0x0002); /* IS_NULL */
    return reply(c, m, 73);
}

/* A READ of the file: what was asked for, up to its end (or, lying, one byte more than asked). */
static bool on_read(struct rogue_conn *c, struct sess *x, const uint8_t *req, uint64_t mid)
{
    static uint8_t m[64 + 16 + 4200];
    uint8_t *b = m + 64;
    uint32_t want = (uint32_t)req[64 + 4] | (uint32_t)req[64 + 5] << 8 | (uint32_t)req[64 + 6] << 16 |
                    (uint32_t)req[64 + 7] << 24;
    uint64_t off = 0, size = x->size != 0 ? x->size : 10, n;

    for (int i = 0; i < 8; i++)
        off |= (uint64_t)req[64 + 8 + i] << (8 * i);
    memset(m, 0, 64 + 16);
    if (x->lie == ZERO_CREDIT_INTERIM) {
        rogue_hdr(m, READ, ST_PENDING, mid, F_ASYNC, SID, TID);
        rogue_put64(m + 32, mid + 1000); /* AsyncId */
        rogue_put16(b, 9);
        rogue_put16(m + 14, 0); /* an interim response that grants nothing */
        if (!rogue_send(c, m, 64 + 9))
            return false;
        memset(m, 0, 64 + 16);
    }
    if (want > 4096 || off >= size) {
        rogue_hdr(m, READ, off >= size ? 0xC0000011u : 0xC000000Du, mid, 0, SID, TID); /* END_OF_FILE */
        rogue_put16(b, 9);
        return reply(c, m, 64 + 9);
    }
    n = x->lie == READ_TOO_LONG ? want + 1 : (size - off < want ? size - off : want);
    rogue_hdr(m, READ, ST_SUCCESS, mid, 0, SID, TID);
    rogue_put16(b, 17);
    b[2] = 80;
    rogue_put32(b + 4, (uint32_t)n);
    for (uint64_t i = 0; i < n; i++)
        b[16 + i] = file_byte(off + i);
    return reply(c, m, 80 + n);
}

static bool on_request(struct rogue_conn *c, struct sess *x, const uint8_t *req, uint16_t cmd, uint64_t mid)
{
    static uint8_t m[64 + 4200];
    uint8_t *b = m + 64;

    memset(m, 0, 64 + 128);
    if ((cmd == SESSION_SETUP && x->lie == CLOSE_AT_SESSION) ||
        (cmd == TREE_CONNECT && x->lie == CLOSE_AT_TREE) || (cmd == CREATE && x->lie == CLOSE_AT_CREATE))
        return false;
    switch (cmd) {
    case NEGOTIATE:
        return reply(c, m, rogue_negotiate_resp(m, 0x0210, mid));
    case SESSION_SETUP:
        return on_session_setup(c, x, mid);
    case TREE_CONNECT:
        x->trees++;
        if (x->lie == NEVER_SENT_FIRST) {
            rogue_hdr(m, TREE_CONNECT, ST_SUCCESS, mid + 100, 0, SID, TID);
            rogue_put16(b, 16);
            b[2] = 1;
            if (!reply(c, m, 64 + 16))
                return false;
        }
        rogue_hdr(m, TREE_CONNECT, ST_SUCCESS, x->lie == TREE_WRONG_MID ? mid + 3 : mid, 0, SID, TID);
        rogue_put16(b, 16);
        b[2] = 1; /* disk */
        if (x->lie == TREE_TWICE && !reply(c, m, 64 + 16))
            return false;
        return reply(c, m, 64 + 16);
    case CREATE:
        x->creates++;
        /* MS-SMB2 3.3.5.2.7.2: the requests related to a CREATE that failed fail with its status. */
        if ((x->lie == CREATE_AFTER_TREE && (req[16] & 4) && x->prev == TREE_CONNECT) ||
            x->lie == CREATE_NOT_FOUND) {
            x->chain_status = x->lie == CREATE_NOT_FOUND ? 0xC0000034u : 0xC000000Du;
            rogue_hdr(m, CREATE, x->chain_status, mid, 0, SID, TID);
            rogue_put16(b, 9);
            return reply(c, m, 64 + 9);
        }
        rogue_hdr(m, CREATE, ST_SUCCESS, mid, 0, SID, TID);
        rogue_put16(b, 89);
        rogue_put64(b + 48, x->size != 0 ? x->size : 10); /* EndOfFile */
        rogue_put64(b + 64, 1);                           /* FileId */
        rogue_put64(b + 72, 2);
        return reply(c, m, 64 + 88);
    case READ:
        if (x->chain_status != 0 && (req[16] & 4)) {
            rogue_hdr(m, READ, x->chain_status, mid, 0, SID, TID);
            rogue_put16(b, 9);
            return reply(c, m, 64 + 9);
        }
        return on_read(c, x, req, mid);
    case QUERY_DIRECTORY: {
        uint8_t *r = malloc(72 + x->dirlen);
        bool ok;

        if (r == NULL)
            return false;
        x->listings++;
        /* LIST_FOREVER gives up after 2^21 entries, so that a client without a cap fails, not hangs */
        if (x->lie == LIST_FOREVER && (size_t)x->listings * (x->dirlen / 112) > (2u << 20)) {
            rogue_hdr(r, QUERY_DIRECTORY, ST_NO_MORE_FILES, mid, 0, SID, TID);
            rogue_put16(r + 64, 9);
            ok = reply(c, r, 73);
        } else {
            rogue_hdr(r, QUERY_DIRECTORY, ST_SUCCESS, mid, 0, SID, TID);
            rogue_put16(r + 64, 9);
            rogue_put16(r + 66, 72);
            rogue_put32(r + 68, (uint32_t)x->dirlen);
            memcpy(r + 72, x->dir, x->dirlen);
            ok = reply(c, r, 72 + x->dirlen);
        }
        free(r);
        return ok;
    }
    case CLOSE:
        rogue_hdr(m, CLOSE, ST_SUCCESS, mid, 0, SID, TID);
        rogue_put16(b, 60);
        return reply(c, m, 64 + 60);
    default: /* TREE_DISCONNECT, LOGOFF */
        rogue_hdr(m, cmd, ST_SUCCESS, mid, 0, SID, cmd == LOGOFF ? 0 : TID);
        rogue_put16(b, 4);
        return reply(c, m, 64 + 4);
    }
}

static void session_server(struct rogue_conn *c, void *arg)
{
    struct sess *x = arg;

    cur = x;
    x->balance = 1; /* MS-SMB2 3.3.1.2: one credit before any is granted */
    while (rogue_recv(c)) {
        /* 3.3.5.2.3: a request beyond the credits granted when it arrives ends the connection, as Windows
         * does; the responses to a compound's first requests do not widen the window for the rest of it */
        for (size_t off = 0;;) {
            uint32_t next = rogue_req_next(c, off);
            uint16_t charge = (uint16_t)(c->in[off + 6] | c->in[off + 7] << 8);
            x->balance -= charge > 0 ? charge : 1;
            if (next == 0)
                break;
            off += next;
        }
        if (x->balance < 0)
            return;
        x->prev = 0xFFFF;
        x->chain_status = 0;
        if (rogue_req_cmd(c, 0) == TREE_CONNECT) {
            tree_frame_len = c->inlen < sizeof tree_frame ? c->inlen : sizeof tree_frame;
            memcpy(tree_frame, c->in, tree_frame_len);
        }
        for (size_t off = 0;;) {
            uint32_t next = rogue_req_next(c, off);
            if (!on_request(c, x, c->in + off, rogue_req_cmd(c, off), rogue_req_mid(c, off)))
                return;
            if (next == 0)
                break;
            x->prev = rogue_req_cmd(c, off);
            off += next;
        }
    }
}

/* A directory buffer of out_len bytes at most: entries named "b", each 112 bytes. */
static void fill_dir(struct sess *x, size_t out_len, bool looping)
{
    size_t n = out_len / 112;

    x->dir = calloc(n, 112);
    LMT_PTR_OK(x->dir);
    for (size_t i = 0; i < n; i++) {
        uint8_t *e = x->dir + i * 112;
        rogue_put32(e, i + 1 < n ? 112 : 0);
        rogue_put32(e + 60, 2);
        e[104] = 'b';
    }
    if (looping)
        rogue_put32(x->dir, 8); /* NextEntryOffset inside the entry's own fixed part */
    x->dirlen = n * 112;
}

static lm_smb *session_with(struct sess *x, struct rogue_server **srv, lm_smb_tree **t)
{
    lm_smb_options o = {0};
    lm_smb *s = NULL;
    lm_error err;

    LMT_TRUE(rogue_start(session_server, x, &o.port, srv));
    o.timeout_ms = 5000;
    LMT_EQ(lm_smb_connect("127.0.0.1", &o, &s, &err), LM_OK);
    LMT_EQ(lm_smb_login(s, NULL), LM_OK);
    if (t != NULL)
        LMT_EQ(lm_smb_tree_connect(s, "share", t), LM_OK);
    return s;
}

struct counted {
    size_t bytes, calls;
};

static lm_status count_sink(void *ctx, const void *p, size_t n)
{
    struct counted *k = ctx;
    (void)p;
    k->bytes += n;
    k->calls++;
    return LM_OK;
}

static void read_longer_than_asked(void)
{
    struct sess x = {READ_TOO_LONG, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0};
    struct rogue_server *srv;
    struct counted k = {0, 0};
    lm_smb_tree *t;
    lm_smb *s = session_with(&x, &srv, &t);

    LMT_EQ(lm_smb_get(t, "f.txt", count_sink, &k, NULL), LM_EPROTO);
    LMT_EQ(k.calls, 0); /* not one byte of the bad response reached the caller */
    lm_smb_tree_disconnect(t);
    lm_smb_close(s);
    rogue_stop(srv);
}

/* Lists the share root against a rogue server serving dir_len bytes of entries per QUERY_DIRECTORY. */
static lm_status list_against(enum lie lie, size_t dir_len, bool looping)
{
    struct sess x = {lie, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0};
    struct rogue_server *srv;
    lm_smb_dirent *list = NULL;
    lm_smb_tree *t;
    lm_smb *s;
    size_t n = 0;
    lm_status st;

    fill_dir(&x, dir_len, looping);
    s = session_with(&x, &srv, &t);
    st = lm_smb_list(t, "", NULL, &list, &n);
    if (st == LM_OK)
        lm_smb_list_free(list, n);
    lm_smb_tree_disconnect(t);
    lm_smb_close(s);
    rogue_stop(srv);
    free(x.dir);
    return st;
}

static void listing_never_ends(void)
{
    /* the client asks for min(MaxTransactSize, 1 MiB) at a time */
    LMT_EQ(list_against(LIST_FOREVER, 1024 * 1024, false), LM_EOVERFLOW);
}

static void listing_entry_loops(void)
{
    LMT_EQ(list_against(LIST_LOOPING_ENTRY, 4 * 112, true), LM_EPROTO);
}

static void tree_connect_wrong_mid(void)
{
    struct sess x = {TREE_WRONG_MID, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0};
    struct rogue_server *srv;
    lm_smb_tree *t = NULL;
    lm_smb *s = session_with(&x, &srv, NULL);

    LMT_EQ(lm_smb_tree_connect(s, "share", &t), LM_EPROTO);
    LMT_PTR_NULL(t);
    lm_smb_close(s);
    rogue_stop(srv);
}

/* The file as the rogue server serves it, checked byte by byte as it arrives. */
struct checked {
    uint64_t off;
    bool bad;
};

static lm_status check_sink(void *ctx, const void *p, size_t n)
{
    struct checked *k = ctx;
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++)
        k->bad = k->bad || b[i] != file_byte(k->off + i);
    k->off += n;
    return LM_OK;
}

enum step { STEP_LOGIN, STEP_TREE, STEP_GET, STEP_DONE };

/* Connect, log on, tree connect and get a file of size bytes against the rogue server telling lie: the status
 * of the first step that fails (LM_OK when none does), that step in *at, and what reached the sink in *k. */
static lm_status flow_against(enum lie lie, uint64_t size, int timeout_ms, enum step *at, struct checked *k)
{
    struct sess x = {lie, 0, 0, NULL, 0, size, 0, 0, 0, 0, 0};
    struct rogue_server *srv;
    lm_smb_options o = {0};
    lm_smb_tree *t = NULL;
    lm_smb *s = NULL;
    lm_error err;
    lm_status st;

    LMT_TRUE(rogue_start(session_server, &x, &o.port, &srv));
    o.timeout_ms = timeout_ms;
    *at = STEP_LOGIN;
    st = lm_smb_connect("127.0.0.1", &o, &s, &err);
    CU_ASSERT_EQUAL(st, LM_OK);
    if (st == LM_OK && (st = lm_smb_login(s, NULL)) == LM_OK) {
        *at = STEP_TREE;
        if ((st = lm_smb_tree_connect(s, "share", &t)) == LM_OK) {
            *at = STEP_GET;
            if ((st = lm_smb_get(t, "f.bin", check_sink, k, NULL)) == LM_OK)
                *at = STEP_DONE;
        }
    }
    if (st != LM_OK && s != NULL) { /* every failure says what happened */
        CU_ASSERT_TRUE(lm_smb_error(s)->message[0] != '\0');
        if (getenv("LMT_VERBOSE") != NULL)
            fprintf(stderr, "\n  %s\n", lm_smb_error(s)->message);
    }
    lm_smb_tree_disconnect(t);
    lm_smb_close(s);
    rogue_stop(srv);
    return st;
}

struct flow_case {
    const char *what;
    enum lie lie;
    enum step at;
    lm_status want;
};

static void server_misbehaves(void)
{
    static const struct flow_case cases[] = {
        {"the server closes after NEGOTIATE", CLOSE_AT_SESSION, STEP_LOGIN, LM_ECONNRESET},
        {"the server closes after SESSION_SETUP", CLOSE_AT_TREE, STEP_TREE, LM_ECONNRESET},
        {"the server closes after TREE_CONNECT", CLOSE_AT_CREATE, STEP_GET, LM_ECONNRESET},
        {"a duplicate TREE_CONNECT response", TREE_TWICE, STEP_GET, LM_EPROTO},
        {"a response to a request never sent", NEVER_SENT_FIRST, STEP_TREE, LM_EPROTO},
        {"no credit granted, ever", NO_CREDITS, STEP_LOGIN, LM_EPROTO},
    };

    for (size_t i = 0; i < N(cases); i++) {
        struct checked k = {0, false};
        enum step at;
        lm_status st = flow_against(cases[i].lie, 0, 5000, &at, &k);

        if (st != cases[i].want || at != cases[i].at)
            fprintf(stderr, "\n%s: got %s at step %d, want %s at step %d\n", cases[i].what, lm_err_name(st),
                    at, lm_err_name(cases[i].want), cases[i].at);
        CU_ASSERT_EQUAL(st, cases[i].want);
        CU_ASSERT_EQUAL(at, cases[i].at);
        CU_ASSERT_EQUAL(k.off, 0);
    }
}

/* A server that grants one credit at a time, or none on its interim responses, is slow, not stuck: a 16 MiB
 * download completes, every byte right. */
static void credit_starvation(void)
{
    static const enum lie lies[] = {ONE_CREDIT, ZERO_CREDIT_INTERIM};
    const uint64_t size = 16u * 1024 * 1024;

    for (size_t i = 0; i < N(lies); i++) {
        struct checked k = {0, false};
        enum step at;

        LMT_EQ(flow_against(lies[i], size, 5000, &at, &k), LM_OK);
        CU_ASSERT_EQUAL(at, STEP_DONE);
        CU_ASSERT_EQUAL(k.off, size);
        CU_ASSERT_FALSE(k.bad);
    }
}

/* lm_smb_get_share against the rogue server telling lie: the status, what reached the sink (k), and the
 * round trips from TCP connect in *trips. */
static lm_status get_share_against(struct sess *x, struct checked *k, unsigned *trips)
{
    struct rogue_server *srv;
    lm_smb_info i;
    lm_smb *s = session_with(x, &srv, NULL);
    lm_status st = lm_smb_get_share(s, "share", "f.bin", check_sink, k, NULL);

    lm_smb_get_info(s, &i);
    *trips = i.round_trips;
    lm_smb_close(s);
    rogue_stop(srv);
    return st;
}

/* TREE_CONNECT + CREATE + READ in one compound: one round trip after the logon; a server that refuses the
 * CREATE in that compound (not for its path) gets it again on the new tree alone, and the file arrives;
 * one that answers about the path (not found) is not asked twice. */
static void get_share_compound(void)
{
    struct sess ok = {NO_LIE, 0, 0, NULL, 0, 3000, 0, 0, 0, 0, 0};
    struct sess refused = {CREATE_AFTER_TREE, 0, 0, NULL, 0, 3000, 0, 0, 0, 0, 0};
    struct sess missing = {CREATE_NOT_FOUND, 0, 0, NULL, 0, 3000, 0, 0, 0, 0, 0};
    struct checked k = {0, false};
    unsigned trips;

    LMT_EQ(get_share_against(&ok, &k, &trips), LM_OK);
    LMT_EQ(k.off, 3000);
    LMT_TRUE(!k.bad);
    LMT_EQ(ok.trees, 1);
    LMT_EQ(ok.creates, 1);
    LMT_EQ(trips, 4); /* NEGOTIATE, SESSION_SETUP x2, TREE_CONNECT + CREATE + READ */
    /* The compound, byte for byte (MS-SMB2 2.2.1.2 headers, 2.2.9, 2.2.13, 2.2.19; 3.2.4.1.4: each request
     * 8-byte aligned, NextCommand to the next, the related ones with TreeId 0xFFFFFFFF and the READ's FileId
     * all ones). Anonymous: unsigned, signature zero. */
    lmt_same_hex(
        tree_frame, tree_frame_len,
        /* TREE_CONNECT: charge 1, ask 256 credits, no flags, NextCommand 112, MessageId 3, TreeId 0 */
        "FE534D42 4000 0100 00000000 0300 0001 00000000 70000000 0300000000000000 00000000 00000000"
        "5500000000400000 00000000000000000000000000000000"
        /* StructureSize 9, Flags 0, PathOffset 72, PathLength 34: \\127.0.0.1\share; 6 bytes pad */
        "0900 0000 4800 2200"
        "5C005C003100320037002E0030002E0030002E0031005C0073006800610072006500 000000000000"
        /* CREATE: RELATED, NextCommand 136, MessageId 4, TreeId 0xFFFFFFFF */
        "FE534D42 4000 0100 00000000 0500 0001 04000000 88000000 0400000000000000 00000000 FFFFFFFF"
        "5500000000400000 00000000000000000000000000000000"
        /* 57, impersonation, read data + attributes + synchronize, share read|write, FILE_OPEN,
         * NON_DIRECTORY, NameOffset 120, NameLength 10: f.bin; 6 bytes pad */
        "3900 00 00 02000000 0000000000000000 0000000000000000 81001000 00000000 03000000 01000000"
        "40000000 7800 0A00 00000000 00000000 66002E00620069006E00 000000000000"
        /* READ: RELATED, last (NextCommand 0), MessageId 5, TreeId 0xFFFFFFFF */
        "FE534D42 4000 0100 00000000 0800 0001 04000000 00000000 0500000000000000 00000000 FFFFFFFF"
        "5500000000400000 00000000000000000000000000000000"
        /* 49, Length 4096 (the rogue's MaxReadSize), Offset 0, FileId all ones, the rest zero */
        "3100 00 00 00100000 0000000000000000 FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 00000000 00000000"
        "00000000 0000 0000 00");

    k = (struct checked){0, false};
    LMT_EQ(get_share_against(&refused, &k, &trips), LM_OK);
    LMT_EQ(k.off, 3000);
    LMT_TRUE(!k.bad);
    LMT_EQ(refused.trees, 1);
    LMT_EQ(refused.creates, 2);
    LMT_EQ(trips, 5); /* ... then CREATE + READ on the tree */

    k = (struct checked){0, false};
    LMT_EQ(get_share_against(&missing, &k, &trips), LM_ENOENT);
    LMT_EQ(k.off, 0);
    LMT_EQ(missing.creates, 1);
    LMT_EQ(trips, 4);
}

static const struct lmt_test transport_tests[] = {LMT_TEST(connect_cases), LMT_END};
const struct lmt_suite lmt_suite_hostile_transport = {"hostile_transport", NULL, NULL, NULL, transport_tests};

static const struct lmt_test session_tests[] = {
    LMT_TEST(read_longer_than_asked), LMT_TEST(listing_never_ends),
    LMT_TEST(listing_entry_loops),    LMT_TEST(tree_connect_wrong_mid),
    LMT_TEST(server_misbehaves),      LMT_TEST(credit_starvation),
    LMT_TEST(get_share_compound),     LMT_END,
};
const struct lmt_suite lmt_suite_hostile_session = {"hostile_session", NULL, NULL, NULL, session_tests};

/* ---- a man in the middle: a proxy in front of the Samba fixture changes one message ---- */
enum tamper {
    FLIP_SIGNATURE,
    FLIP_EVERY, /* the signature of every successful response of that command flipped, not only the first */
    FLIP_DATA,
    CLEAR_SIGNED,
    CLEAR_SIGNED_AND_SESSION,
    GUEST_UNSIGNED,     /* the final SESSION_SETUP: IS_GUEST set, the signature stripped */
    DROP_311,           /* the client's NEGOTIATE: 3.1.1 replaced by 3.0.2, so the server picks 3.0.2 */
    STRIP_ENCRYPT,      /* the final SESSION_SETUP: ENCRYPT_DATA and SIGNED cleared, the signature zeroed */
    ZERO_KEY_TRANSFORM, /* a LOGON_FAILURE replaced by a success sealed under the all-zero key */
    NOTHING,
};
enum stage { AT_LOGIN, AT_TREE, AT_GET, AT_GETATTR /* lm_smb_getattr: its size counts as the bytes got */ };

struct sig_case {
    const char *what;
    uint16_t dialect; /* 0: the default range */
    uint16_t cmd;     /* the first successful signed response of this command is changed */
    enum tamper how;
    enum stage fails_at;
    lm_status want;
    /* set by the hook */
    bool done;                       /* the case really tampered */
    bool spn_seen;                   /* the AUTHENTICATE named cifs/127.0.0.1 (MsvAvTargetName) */
    bool session_up;                 /* the final SESSION_SETUP response went by */
    size_t sealed, bare;             /* frames either way after it: in a transform, and not */
    size_t flips;                    /* responses changed */
    size_t creates, closes, related; /* the client's CREATE and CLOSE requests, and its related ones */
};

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* "cifs/127.0.0.1" in UTF-16LE somewhere in a frame. */
static bool has_spn(const uint8_t *f, size_t len)
{
    static const char spn[] = "cifs/127.0.0.1";
    uint8_t w[2 * (sizeof spn - 1)];

    for (size_t i = 0; i + 1 < sizeof spn; i++) {
        w[2 * i] = (uint8_t)spn[i];
        w[2 * i + 1] = 0;
    }
    for (size_t off = 0; off + sizeof w <= len; off++) {
        if (memcmp(f + off, w, sizeof w) == 0)
            return true;
    }
    return false;
}

/* In the client's NEGOTIATE: every 3.1.1 in the dialect list becomes 3.0.2 (MS-SMB2 2.2.3). */
static bool drop_311(uint8_t *m, size_t len)
{
    uint16_t n = (uint16_t)(m[66] | m[67] << 8);
    bool changed = false;

    for (size_t i = 0; i < n && 100 + 2 * i + 2 <= len; i++) {
        if (m[100 + 2 * i] == 0x11 && m[100 + 2 * i + 1] == 0x03) {
            m[100 + 2 * i] = 0x02;
            changed = true;
        }
    }
    return changed;
}

/* Replaces the LOGON_FAILURE response m with a successful final SESSION_SETUP, marked signed, in a transform
 * sealed under the key a client has before its session keys: all zeros. Returns the new length. */
static size_t forge_zero_key_logon(uint8_t *m, uint16_t cipher)
{
    static const uint8_t zero_key[16];
    uint8_t plain[73] = {0}, nonce[16] = {0x4c, 0x4d};
    uint64_t sid = 0;
    struct lm__buf out;
    size_t n = 0;

    for (int i = 0; i < 8; i++)
        sid |= (uint64_t)m[40 + i] << (8 * i);
    memcpy(plain, m, 64);
    rogue_put32(plain + 8, ST_SUCCESS);
    rogue_put32(plain + 16, get32(plain + 16) | 0x8); /* SIGNED: the transform stands for the signature */
    rogue_put16(plain + 64, 9);
    rogue_put16(plain + 68, 72); /* SecurityBufferOffset, no token */
    lm__buf_init(&out, 4096);
    if (lm__smb_transform_seal(cipher, zero_key, nonce, sid, plain, sizeof plain, &out) == LM_OK) {
        memcpy(m, out.data, out.len);
        n = out.len;
    }
    lm__buf_free(&out);
    return n;
}

static size_t tamper_hook(uint8_t *f, size_t len, bool from_client, void *arg)
{
    struct sig_case *k = arg;

    if (k->session_up) { /* after the session setup, only count what is sealed */
        if (f[0] == 0xFD)
            k->sealed++;
        else
            k->bare++;
    }
    if (from_client) {
        uint16_t cmd = (uint16_t)(f[12] | f[13] << 8);
        if (len >= 64 && cmd == SESSION_SETUP && has_spn(f, len))
            k->spn_seen = true;
        if (len >= 100 && cmd == NEGOTIATE && k->how == DROP_311 && !k->done)
            k->done = drop_311(f, len);
        for (size_t off = 0; off + 64 <= len && f[0] == 0xFE;) {
            uint32_t next = get32(f + off + 20);
            uint16_t c = (uint16_t)(f[off + 12] | f[off + 13] << 8);

            k->creates += c == CREATE;
            k->closes += c == CLOSE;
            k->related += (get32(f + off + 16) & 0x4) != 0;
            if (next == 0)
                break;
            off += next;
        }
        return len;
    }
    for (size_t off = 0; off + 64 <= len && f[0] == 0xFE;) {
        uint8_t *m = f + off;
        uint32_t next = get32(m + 20), flags = get32(m + 16), status = get32(m + 8);
        uint16_t cmd = (uint16_t)(m[12] | m[13] << 8);

        if (cmd == SESSION_SETUP && status == ST_SUCCESS)
            k->session_up = true;
        if (!k->done && cmd == SESSION_SETUP && status == 0xC000006Du && k->how == ZERO_KEY_TRANSFORM) {
            k->done = true;
            return forge_zero_key_logon(m, k->dialect == 0x0311 ? 2 : 1);
        }
        if ((!k->done || k->how == FLIP_EVERY) && cmd == k->cmd && status == ST_SUCCESS && (flags & 0x8)) {
            switch (k->how) {
            case FLIP_SIGNATURE:
            case FLIP_EVERY:
                m[48 + 7] ^= 0x10;
                break;
            case FLIP_DATA:
                m[80] ^= 0x01; /* READ: the first byte of the data (Samba's DataOffset is 80) */
                break;
            case GUEST_UNSIGNED:
                m[64 + 2] |= 0x1; /* SessionFlags: IS_GUEST */
                /* fall through */
            case CLEAR_SIGNED_AND_SESSION:
                if (k->how == CLEAR_SIGNED_AND_SESSION)
                    memset(m + 40, 0, 8);
                /* fall through */
            case CLEAR_SIGNED:
                m[16] &= (uint8_t)~0x8;
                memset(m + 48, 0, 16);
                break;
            case STRIP_ENCRYPT:
                if (!(m[64 + 2] & 0x4))
                    return len; /* the server did not ask: nothing to strip */
                m[64 + 2] &= (uint8_t)~0x4;
                m[16] &= (uint8_t)~0x8;
                memset(m + 48, 0, 16);
                break;
            default:
                return len;
            }
            k->done = true;
            k->flips++;
        }
        if (next == 0)
            break;
        off += next;
    }
    return len;
}

#define CASE(what, d, cmd, how, at, want)                                  \
    {                                                                      \
        what, d, cmd, how, at, want, false, false, false, 0, 0, 0, 0, 0, 0 \
    }

static struct sig_case sig_cases[] = {
    CASE("final SESSION_SETUP, signature flipped (3.1.1)", 0x0311, SESSION_SETUP, FLIP_SIGNATURE, AT_LOGIN,
         LM_ESIGNATURE),
    CASE("final SESSION_SETUP, signature flipped (2.1)", 0x0210, SESSION_SETUP, FLIP_SIGNATURE, AT_LOGIN,
         LM_ESIGNATURE),
    CASE("final SESSION_SETUP, unsigned (3.1.1)", 0x0311, SESSION_SETUP, CLEAR_SIGNED, AT_LOGIN,
         LM_ESIGNATURE),
    CASE("final SESSION_SETUP, unsigned (3.0.2)", 0x0302, SESSION_SETUP, CLEAR_SIGNED, AT_LOGIN,
         LM_ESIGNATURE),
    /* finding 1: a downgrade to a guest session, with the user's credentials, that nothing signs */
    CASE("final SESSION_SETUP, IS_GUEST set and unsigned (2.1)", 0x0210, SESSION_SETUP, GUEST_UNSIGNED,
         AT_LOGIN, LM_EAUTH),
    CASE("final SESSION_SETUP, IS_GUEST set and unsigned (3.0.2)", 0x0302, SESSION_SETUP, GUEST_UNSIGNED,
         AT_LOGIN, LM_EAUTH),
    CASE("final SESSION_SETUP, IS_GUEST set and unsigned (3.1.1)", 0x0311, SESSION_SETUP, GUEST_UNSIGNED,
         AT_LOGIN, LM_EAUTH),
    CASE("final SESSION_SETUP, IS_GUEST set and unsigned (default range)", 0, SESSION_SETUP, GUEST_UNSIGNED,
         AT_LOGIN, LM_EAUTH),
    /* finding 2: the dialect downgraded; only VALIDATE_NEGOTIATE_INFO on the tree connect sees it */
    CASE("NEGOTIATE request, 3.1.1 taken out (default range)", 0, NEGOTIATE, DROP_311, AT_TREE,
         LM_ESIGNATURE),
    CASE("TREE_CONNECT, signature flipped (3.1.1)", 0x0311, TREE_CONNECT, FLIP_SIGNATURE, AT_TREE,
         LM_ESIGNATURE),
    CASE("TREE_CONNECT, signature flipped (2.1)", 0x0210, TREE_CONNECT, FLIP_SIGNATURE, AT_TREE,
         LM_ESIGNATURE),
    CASE("TREE_CONNECT, unsigned", 0x0311, TREE_CONNECT, CLEAR_SIGNED, AT_TREE, LM_ESIGNATURE),
    CASE("TREE_CONNECT, unsigned and SessionId 0", 0x0311, TREE_CONNECT, CLEAR_SIGNED_AND_SESSION, AT_TREE,
         LM_ESIGNATURE),
    /* The CREATE of a get rides in a compound with its first READ: a bad signature there is retried once
     * with single requests (a server that signs compounds wrongly, as impacket's does), and is final then. */
    CASE("CREATE in a compound, signature flipped every time", 0x0311, CREATE, FLIP_EVERY, AT_GET,
         LM_ESIGNATURE),
    CASE("CREATE in a compound, signature flipped every time (2.0.2)", 0x0202, CREATE, FLIP_EVERY, AT_GET,
         LM_ESIGNATURE),
    CASE("READ, one data bit flipped (3.1.1)", 0x0311, READ, FLIP_DATA, AT_GET, LM_ESIGNATURE),
    CASE("READ, one data bit flipped (2.0.2)", 0x0202, READ, FLIP_DATA, AT_GET, LM_ESIGNATURE),
    CASE("READ, unsigned", 0x0300, READ, CLEAR_SIGNED, AT_GET, LM_ESIGNATURE),
};

/* Against a server with "smb encrypt = desired", so that a cipher is negotiated. */
static struct sig_case encrypt_cases[] = {
    /* finding 3: encryption stripped from the session */
    CASE("final SESSION_SETUP, ENCRYPT_DATA and SIGNED cleared (3.0.2)", 0x0302, SESSION_SETUP, STRIP_ENCRYPT,
         AT_LOGIN, LM_ESIGNATURE),
    CASE("final SESSION_SETUP, ENCRYPT_DATA and SIGNED cleared (3.0)", 0x0300, SESSION_SETUP, STRIP_ENCRYPT,
         AT_LOGIN, LM_ESIGNATURE),
    /* finding 4: a forged logon in a transform under the zero key */
    CASE("LOGON_FAILURE turned into a success sealed under the zero key (3.0.2)", 0x0302, SESSION_SETUP,
         ZERO_KEY_TRANSFORM, AT_LOGIN, LM_EPROTO),
    CASE("LOGON_FAILURE turned into a success sealed under the zero key (3.1.1)", 0x0311, SESSION_SETUP,
         ZERO_KEY_TRANSFORM, AT_LOGIN, LM_EPROTO),
};

static void report_case(const char *what, lm_status got, lm_status want, lm_smb *s)
{
    if (got != want || getenv("LMT_VERBOSE") != NULL)
        fprintf(stderr, "\n%s: got %s (%s), want %s\n", what, lm_err_name(got),
                s != NULL ? lm_smb_error(s)->message : "", lm_err_name(want));
}

static void run_sig_case(struct sig_case *k)
{
    bool bad_password = k->how == ZERO_KEY_TRANSFORM;
    lm_smb_credentials cr = {.domain = "",
                             .user = fx("LANMAN_TEST_USER"),
                             .password = bad_password ? "not-the-password" : fx("LANMAN_TEST_PASSWORD")};
    lm_smb_options o = {0};
    struct rogue_proxy *px;
    struct counted got = {0, 0};
    lm_smb_tree *t = NULL;
    lm_smb *s = NULL;
    lm_error err;
    lm_status st;

    LMT_TRUE(rogue_proxy_start(fx("LANMAN_TEST_HOST"), fx_port(), tamper_hook, k, &o.port, &px));
    o.timeout_ms = 5000;
    o.min_dialect = o.max_dialect = k->dialect;
    st = lm_smb_connect("127.0.0.1", &o, &s, &err);
    CU_ASSERT_EQUAL(st, LM_OK);
    if (st == LM_OK) {
        st = lm_smb_login(s, &cr);
        if (k->fails_at != AT_LOGIN) {
            CU_ASSERT_EQUAL(st, LM_OK);
            if (st == LM_OK)
                st = lm_smb_tree_connect(s, fx("LANMAN_TEST_SHARE"), &t);
        }
        if (k->fails_at == AT_GET) {
            CU_ASSERT_EQUAL(st, LM_OK);
            if (st == LM_OK)
                st = lm_smb_get(t, "hello.txt", count_sink, &got, NULL);
        }
        if (k->fails_at == AT_GETATTR) {
            lm_smb_stat fst;
            CU_ASSERT_EQUAL(st, LM_OK);
            if (st == LM_OK && (st = lm_smb_getattr(t, "hello.txt", &fst)) == LM_OK)
                got.bytes = fst.size;
        }
        report_case(k->what, st, k->want, s);
        CU_ASSERT_EQUAL(st, k->want);
        if (k->how == DROP_311) /* the message names the cause */
            CU_ASSERT_PTR_NOT_NULL(strstr(lm_smb_error(s)->message, "tampered with"));
        /* nothing from a tampered session reaches the caller; all of an untouched one does */
        CU_ASSERT_EQUAL(got.bytes, k->want == LM_OK ? 18 : 0);
        CU_ASSERT_EQUAL(k->done, k->want != LM_OK || k->how == FLIP_SIGNATURE);
        if (!k->done && k->want != LM_OK)
            fprintf(stderr, "\n%s: the proxy found nothing to change\n", k->what);
        /* MsvAvTargetName went out with every logon that had credentials */
        CU_ASSERT_TRUE(k->spn_seen);
        lm_smb_tree_disconnect(t);
        lm_smb_close(s);
    }
    rogue_proxy_stop(px);
    if (k->how == FLIP_EVERY && k->cmd == CREATE) {
        /* retried once alone, then final: two CREATEs, the first in a compound, nothing related after it */
        CU_ASSERT_EQUAL(k->flips, 2);
        CU_ASSERT_EQUAL(k->creates, 2);
        CU_ASSERT_EQUAL(k->related, 1);
    }
    if (k->cmd == CREATE) /* every open the server made (verified or not) was closed again */
        CU_ASSERT_TRUE(k->closes >= k->creates);
    if (getenv("LMT_VERBOSE") != NULL)
        fprintf(stderr, "%s: %zu flipped, %zu CREATE, %zu CLOSE, %zu related\n", k->what, k->flips,
                k->creates, k->closes, k->related);
}

/* A CREATE whose compound response fails verification once: the get is repeated with single requests and
 * delivers the whole file, and the failed attempt's open is closed (the CLOSE count checks it). */
static void compound_retried_once(void)
{
    static const uint16_t dialects[] = {0x0202, 0x0311};

    for (size_t i = 0; i < N(dialects); i++) {
        struct sig_case k = CASE("CREATE in a compound, signature flipped once", dialects[i], CREATE,
                                 FLIP_SIGNATURE, AT_GET, LM_OK);
        run_sig_case(&k);
        CU_ASSERT_EQUAL(k.flips, 1);
        CU_ASSERT_EQUAL(k.creates, 2);
        CU_ASSERT_EQUAL(k.closes, 2); /* the unverified open, then the get's own */
        CU_ASSERT_EQUAL(k.related, 1);
    }
    /* The same for the CREATE + QUERY_INFO x2 + CLOSE compound of lm_smb_getattr: three related requests,
     * then the CREATE, the queries and the CLOSE one by one. */
    {
        struct sig_case k = CASE("getattr: CREATE in a compound, signature flipped once", 0x0311, CREATE,
                                 FLIP_SIGNATURE, AT_GETATTR, LM_OK);
        run_sig_case(&k);
        CU_ASSERT_EQUAL(k.flips, 1);
        CU_ASSERT_EQUAL(k.creates, 2);
        CU_ASSERT_EQUAL(k.related, 3);
        CU_ASSERT_EQUAL(k.closes, 3); /* the compound's own, the unverified open's, the single one's */
    }
}

static void tampered_signed_responses(void)
{
    for (size_t i = 0; i < N(sig_cases); i++)
        run_sig_case(&sig_cases[i]);
}

/* The proxy itself changes nothing unless told: the same session through it works. */
static void untouched_through_proxy(void)
{
    struct sig_case k = CASE("no tampering", 0x0311, 0xFFFF, NOTHING, AT_GET, LM_OK);
    run_sig_case(&k);
}

static void tampered_encrypted_sessions(void)
{
    for (size_t i = 0; i < N(encrypt_cases); i++)
        run_sig_case(&encrypt_cases[i]);
}

/* The control for those cases, seen from outside the library: once the session is set up against a
 * server that wants encryption, every frame on the wire either way is a transform. */
static void encrypted_on_the_wire(void)
{
    static const uint16_t dialects[] = {0x0300, 0x0302, 0x0311};

    for (size_t i = 0; i < N(dialects); i++) {
        struct sig_case k =
            CASE("encryption desired, untouched", dialects[i], 0xFFFF, NOTHING, AT_GET, LM_OK);
        run_sig_case(&k);
        CU_ASSERT_TRUE(k.session_up);
        CU_ASSERT_TRUE(k.sealed >= 6); /* at least TREE_CONNECT, CREATE and READ, both ways */
        CU_ASSERT_EQUAL(k.bare, 0);
        if (k.bare != 0 || k.sealed < 6)
            fprintf(stderr, "\n%s: %zu frames sealed, %zu in clear after the session setup\n",
                    lm_smb_dialect_name(dialects[i]), k.sealed, k.bare);
    }
}

/* The other side of the guest rule: a genuine guest logon (Samba's "map to guest = bad user", an unknown
 * user) comes back unsigned; with credentials it is refused unless the caller allows guests, and then it
 * works, on every dialect. */
static void genuine_guest_logon(void)
{
    static const uint16_t dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    lm_smb_credentials cr = {.domain = "", .user = "no-such-user", .password = "whatever"};

    for (size_t i = 0; i < N(dialects); i++) {
        for (int allow = 0; allow < 2; allow++) {
            lm_smb_options o = {0};
            lm_smb_info info;
            lm_smb *s = NULL;
            lm_error err;

            o.port = fx_port();
            o.min_dialect = o.max_dialect = dialects[i];
            o.allow_guest = allow;
            LMT_EQ(lm_smb_connect(fx("LANMAN_TEST_HOST"), &o, &s, &err), LM_OK);
            if (!allow) {
                LMT_EQ(lm_smb_login(s, &cr), LM_EAUTH);
                LMT_PTR_OK(strstr(lm_smb_error(s)->message, "--allow-guest"));
            } else {
                LMT_EQ(lm_smb_login(s, &cr), LM_OK);
                lm_smb_get_info(s, &info);
                LMT_TRUE(info.guest);
                LMT_TRUE(!info.signed_session);
            }
            lm_smb_close(s);
        }
    }
}

static const struct lmt_test signing_tests[] = {
    LMT_TEST(untouched_through_proxy),
    LMT_TEST(tampered_signed_responses),
    LMT_TEST(compound_retried_once),
    LMT_END,
};
const struct lmt_suite lmt_suite_hostile_signing = {"hostile_signing", lmt_smbd_skip, lmt_smbd_init, NULL,
                                                    signing_tests};

static const struct lmt_test encrypt_tests[] = {
    LMT_TEST(encrypted_on_the_wire),
    LMT_TEST(tampered_encrypted_sessions),
    LMT_END,
};
const struct lmt_suite lmt_suite_hostile_encrypt = {"hostile_encrypt", lmt_smbd_skip, lmt_smbd_init, NULL,
                                                    encrypt_tests};

static const struct lmt_test guest_tests[] = {LMT_TEST(genuine_guest_logon), LMT_END};
const struct lmt_suite lmt_suite_genuine_guest = {"genuine_guest", lmt_smbd_skip, lmt_smbd_init, NULL,
                                                  guest_tests};
