/* The SMB2 connection engine: see conn.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "smb/conn.h"

#define SMB_CREDITS_ASK 256
#define SMB_CREDITS_MAX 65536u

void lm__smb_trace(struct lm_smb *s, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    if (s->opt.trace == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->opt.trace(s->opt.trace_ctx, line);
}

void lm__smb_chain_init(struct smb_chain *c)
{
    lm__buf_init(&c->b, SMB_FRAME_MAX);
    c->n = 0;
    c->starved = false;
}

void lm__smb_chain_free(struct smb_chain *c)
{
    lm__buf_free(&c->b);
    c->n = 0;
}

uint16_t lm__smb_credit_charge(const struct lm_smb *s, size_t payload)
{
    /* MS-SMB2 3.1.5.2: multi-credit requests exist from 2.1 on with LARGE_MTU; 2.0.2 charges nothing. */
    if (s->dialect == SMB2_DIALECT_202 || !(s->server_caps & SMB2_GLOBAL_CAP_LARGE_MTU))
        return s->dialect == SMB2_DIALECT_202 || s->dialect == 0 ? 0 : 1;
    return payload == 0 ? 1 : (uint16_t)((payload - 1) / 65536 + 1);
}

uint64_t lm__smb_add(struct lm_smb *s, struct smb_chain *c, uint16_t cmd, uint32_t tree_id, bool related,
                     size_t payload)
{
    struct smb2_hdr h;
    uint16_t charge = lm__smb_credit_charge(s, payload);

    memset(&h, 0, sizeof h);
    if (c->n > 0)
        lm__buf_pad(&c->b, 8); /* MS-SMB2 3.2.4.1.4: each request of a chain starts 8-byte aligned */
    c->start[c->n] = c->b.len;
    h.credit_charge = charge;
    h.command = cmd;
    h.credits = SMB_CREDITS_ASK;
    h.flags = related ? SMB2_FLAGS_RELATED : 0;
    h.message_id = s->next_mid;
    h.tree_id = tree_id;
    h.session_id = s->session_id;
    lm__smb2_hdr_put(&c->b, &h);
    c->mid[c->n] = s->next_mid;
    c->n++;
    s->next_mid += charge > 0 ? charge : 1;
    c->starved = c->starved || s->credits < (charge > 0 ? charge : 1u);
    s->credits -= s->credits > charge ? (charge > 0 ? charge : 1) : s->credits;
    return h.message_id;
}

lm_status lm__smb_preauth_update(struct lm_smb *s, const uint8_t *msg, size_t len)
{
    struct lm__iov v[2] = {{s->preauth, sizeof s->preauth}, {msg, len}};
    return lm__sha512(v, 2, s->preauth);
}

/* MS-SMB2 3.2.4.1.8: the whole chain in one transform, with a fresh nonce. */
static lm_status encrypt_frame(struct lm_smb *s, struct lm__buf *plain, struct lm__buf *out)
{
    uint8_t nonce[16] = {0};

    /* A counter under a per-session random salt: never repeats for the life of the key. */
    for (int i = 0; i < 8; i++)
        nonce[i] = (uint8_t)(s->nonce_counter >> (8 * i));
    memcpy(nonce + 8, s->nonce_salt, sizeof s->nonce_salt);
    s->nonce_counter++;
    return lm__smb_transform_seal(s->cipher, s->enc_key, nonce, s->session_id, plain->data, plain->len, out);
}

lm_status lm__smb_send(struct lm_smb *s, struct smb_chain *c, bool hash_preauth)
{
    struct lm__buf enc, *frame = &c->b;
    uint8_t nbss[4];
    lm_status st;

    if (s->sock == NULL)
        return lm_error_set(&s->err, LM_ENOTCONN, LM_RAW_NONE, 0, "the connection to %s is closed", s->host);
    if ((st = lm__buf_status(&c->b)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot build the request: %s", lm_strerror(st));
    /* A request without a credit would be beyond the server's window; and with nothing outstanding, no
     * response is coming that could grant one. Callers that pipeline wait for credits before they build. */
    if (c->starved)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0,
                            "%s granted no credit for the next request; it must grant at least one", s->host);
    /* After a compound failed verification, a chain of several requests would only fail again. */
    if (c->n > 1 && s->single)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0,
                            "internal error: a compound after the fallback");
    if (c->n > 1) {
        memcpy(s->chain_mid, c->mid, (size_t)c->n * sizeof c->mid[0]);
        s->chain_n = c->n;
    }
    for (int i = 0; i < c->n; i++) {
        size_t end = i + 1 < c->n ? c->start[i + 1] : c->b.len;
        uint8_t *m = c->b.data + c->start[i];

        if (i + 1 < c->n)
            lm__buf_set_u32(&c->b, c->start[i] + 20, (uint32_t)(end - c->start[i])); /* NextCommand */
        if (s->signing_on && !s->encrypt_on) {
            uint32_t flags =
                (uint32_t)m[16] | (uint32_t)m[17] << 8 | (uint32_t)m[18] << 16 | (uint32_t)m[19] << 24;
            lm__buf_set_u32(&c->b, c->start[i] + 16, flags | SMB2_FLAGS_SIGNED);
            st = lm__smb_sign(s->signing_alg, s->signing_key, m, end - c->start[i], m + 48);
            if (st != LM_OK)
                return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot sign the request");
        }
        if (hash_preauth && (st = lm__smb_preauth_update(s, m, end - c->start[i])) != LM_OK)
            return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "preauth hash failed");
        if (s->opt.trace != NULL) {
            struct smb2_hdr h;
            struct lm__cursor cur;
            lm__cur_init(&cur, m, end - c->start[i]);
            if (lm__smb2_hdr_parse(&cur, &h) == LM_OK)
                lm__smb_trace(s, "-> %s mid=%llu charge=%u credits=%u%s%s", lm__smb2_cmd_name(h.command),
                              (unsigned long long)h.message_id, h.credit_charge, h.credits,
                              (h.flags & SMB2_FLAGS_RELATED) ? " related" : "",
                              (h.flags & SMB2_FLAGS_SIGNED) ? " signed" : "");
        }
    }

    lm__buf_init(&enc, SMB_FRAME_MAX);
    if (s->encrypt_on) {
        if ((st = encrypt_frame(s, &c->b, &enc)) != LM_OK) {
            lm__buf_free(&enc);
            return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot encrypt the request");
        }
        frame = &enc;
    }
    /* RFC 1002 / MS-SMB2 2.1: a zero byte and a 24-bit length. */
    nbss[0] = 0;
    nbss[1] = (uint8_t)(frame->len >> 16);
    nbss[2] = (uint8_t)(frame->len >> 8);
    nbss[3] = (uint8_t)frame->len;
    {
        struct lm__iov v[2] = {{nbss, 4}, {frame->data, frame->len}};
        st = lm__net_sendv(s->sock, v, 2, s->timeout_ms);
    }
    lm__buf_free(&enc);
    if (st != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_ERRNO, (uint32_t)lm__net_last_error(s->sock),
                            "cannot send to %s: %s", s->host, lm_strerror(st));
    s->awaiting = true;
    return LM_OK;
}

/* The time left until deadline, at least 1 ms (a receive still takes what has already arrived). */
static int time_left(int64_t deadline)
{
    int64_t left = deadline - lm__net_now_ms();
    return left > 1 ? (int)(left < INT32_MAX ? left : INT32_MAX) : 1;
}

lm_status lm__smb_send_built(struct lm_smb *s, struct smb_chain *c, lm_status built, const char *what,
                             const char *arg)
{
    lm_status st = built == LM_OK ? lm__smb_send(s, c, false)
                   : built == LM_ENOMEM
                       ? lm_error_set(&s->err, built, LM_RAW_NONE, 0, "out of memory")
                       : lm_error_set(&s->err, built, LM_RAW_NONE, 0, "invalid %s '%s'", what, arg);

    lm__smb_chain_free(c);
    return st;
}

/* Reads one transport message into s->rx, decrypting a transform, by the deadline. */
static lm_status read_frame(struct lm_smb *s, int64_t deadline)
{
    uint8_t nbss[4];
    size_t len;
    lm_status st;

    for (;;) {
        /* A peer that keeps the line busy with keep-alives does not get more time than one that is silent. */
        if (lm__net_now_ms() >= deadline)
            return lm_error_set(&s->err, LM_ETIMEDOUT, LM_RAW_NONE, 0, "no answer from %s within %d ms",
                                s->host, s->timeout_ms);
        st = lm__net_recv(s->sock, nbss, 4, time_left(deadline));
        if (st != LM_OK)
            return lm_error_set(&s->err, st, LM_RAW_ERRNO, (uint32_t)lm__net_last_error(s->sock),
                                "no answer from %s: %s", s->host, lm_strerror(st));
        if (s->awaiting) {
            s->round_trips++;
            s->awaiting = false;
        }
        if (nbss[0] == 0x85) /* NetBIOS keep-alive */
            continue;
        if (nbss[0] != 0)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a non-session transport frame",
                                s->host);
        break;
    }
    len = (size_t)nbss[1] << 16 | (size_t)nbss[2] << 8 | nbss[3];
    if (len < SMB2_HDR_LEN || len > SMB_FRAME_MAX)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a frame of %zu bytes", s->host, len);
    /* Reserve, not extend: the receive overwrites every byte, and zeroing a megabyte per READ reply first
     * cost as much CPU as the signature check. */
    lm__buf_reset(&s->rx);
    if (lm__buf_reserve(&s->rx, len) != LM_OK)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory for a %zu-byte frame", len);
    s->rx.len = len;
    st = lm__net_recv(s->sock, s->rx.data, len, time_left(deadline));
    if (st != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_ERRNO, (uint32_t)lm__net_last_error(s->sock),
                            "connection to %s broke mid-message: %s", s->host, lm_strerror(st));
    s->rx_encrypted = false;
    s->rx_next = 0;
    if (s->rx.data[0] == 0xFD) { /* a TRANSFORM_HEADER; transform.c checks the rest */
        size_t off, plen;

        /* Only under this session's keys: before they exist the decryption key is zero, and a message that
         * opened under it would count as authenticated (MS-SMB2 3.2.5.1.1.1 needs Session.DecryptionKey). */
        if (s->cipher == 0 || !s->keys_ready)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent an encrypted message %s",
                                s->host, s->cipher == 0 ? "unasked" : "before the session had keys");
        st = lm__smb_transform_open(s->cipher, s->dec_key, s->rx.data, s->rx.len, s->session_id, &off, &plen);
        if (st == LM_EPROTO)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a malformed encrypted message",
                                s->host);
        if (st != LM_OK)
            return lm_error_set(&s->err, LM_ESIGNATURE, LM_RAW_NONE, 0,
                                "encrypted message from %s failed authentication", s->host);
        s->rx_encrypted = true;
        s->rx_next = off;
    } else if (s->encrypt_on) {
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0,
                            "%s sent an unencrypted message on an "
                            "encrypted session",
                            s->host);
    }
    return LM_OK;
}

/* Takes the next message out of s->rx: [start, end) of one response. */
static lm_status next_message(struct lm_smb *s, struct smb_resp *r, bool *have, int64_t deadline)
{
    size_t start = s->rx_next, end;
    lm_status st;

    *have = false;
    if (start == 0 || start >= s->rx.len) {
        if (start != 0 && start > s->rx.len)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "bad compound chain from %s", s->host);
        if ((st = read_frame(s, deadline)) != LM_OK)
            return st;
        start = s->rx_next;
    }
    lm__cur_init(&r->msg, s->rx.data + start, s->rx.len - start);
    if (lm__smb2_hdr_parse(&r->msg, &r->h) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent something that is not SMB2",
                            s->host);
    if (r->h.next_command != 0) {
        /* the next message starts inside the frame, with room for at least its header */
        if (r->h.next_command < SMB2_HDR_LEN || r->h.next_command % 8 != 0 ||
            r->h.next_command > s->rx.len - start - SMB2_HDR_LEN)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "bad compound offset from %s", s->host);
        end = start + r->h.next_command;
        s->rx_next = end;
    } else {
        end = s->rx.len;
        s->rx_next = 0;
    }
    /* The message is [start, end): re-init the cursor so that offsets past it are out of bounds. */
    lm__cur_init(&r->msg, s->rx.data + start, end - start);
    lm__cur_seek(&r->msg, SMB2_HDR_LEN);
    *have = true;
    return LM_OK;
}

bool lm__smb_take_rx(struct lm_smb *s, const struct smb_resp *r, size_t most, struct lm__buf *out,
                     struct lm__buf *spare)
{
    /* r must end the frame: the connection has yet to hand out what follows it */
    if (r->msg.p < s->rx.data || r->msg.p + r->msg.len != s->rx.data + s->rx.len || s->rx.alloc > most)
        return false;
    *out = s->rx;
    s->rx = *spare;
    lm__buf_reset(&s->rx);
    return true;
}

lm_status lm__smb_verify(struct lm_smb *s, const struct smb_resp *r)
{
    uint8_t sig[16];
    uint8_t *m = (uint8_t *)r->msg.p;
    lm_status st;

    if (s->rx_encrypted)
        return LM_OK; /* the transform authenticated it (MS-SMB2 3.2.5.1.1.1) */
    if (!(r->h.flags & SMB2_FLAGS_SIGNED)) {
        /* MS-SMB2 3.2.5.1.3: on a signed session every response must be signed, except interim ones. Every
         * request we send on it carries its SessionId, so a response without one is no exception: a man in
         * the middle would only have to zero it to skip the check. */
        if (s->signing_on && r->h.status != NT_STATUS_PENDING)
            return lm_error_set(&s->err, LM_ESIGNATURE, LM_RAW_NONE, 0,
                                "%s sent an unsigned %s response on a signed session", s->host,
                                lm__smb2_cmd_name(r->h.command));
        return LM_OK;
    }
    if (!s->signing_on)
        return LM_OK; /* signed before we have the key, e.g. a final SESSION_SETUP: checked by the caller */
    if ((st = lm__smb_sign(s->signing_alg, s->signing_key, m, r->msg.len, sig)) != LM_OK)
        return st;
    if (lm__ct_memcmp(sig, r->h.signature, 16) != 0)
        return lm_error_set(&s->err, LM_ESIGNATURE, LM_RAW_NONE, 0, "bad signature on a %s response from %s",
                            lm__smb2_cmd_name(r->h.command), s->host);
    return LM_OK;
}

/* A reply we do not take, because it is dropped or failed verification: when it says that it opened something
 * (a successful CREATE or TREE_CONNECT), that is closed again, not waiting for the answer, so that neither a
 * request abandoned nor an operation repeated after a compound fallback leaves an open behind. The ids come
 * from an unverified message, which is acceptable for this alone: a forged id can at worst make us close a
 * handle of our own, a denial of service that a man in the middle has anyway (he can drop the connection);
 * nothing read from it is ever taken as data. */
static void undo_open(struct lm_smb *s, const struct smb_resp *r)
{
    struct lm__cursor m = r->msg;

    if (r->h.status != NT_STATUS_SUCCESS || s->sock == NULL)
        return;
    if (r->h.command == SMB2_CREATE) {
        struct smb2_create_resp cr;
        if (lm__smb2_create_resp(&m, &cr) == LM_OK)
            lm__smb_forget(s, SMB2_CLOSE, r->h.tree_id, &cr.id);
    } else if (r->h.command == SMB2_TREE_CONNECT) {
        lm__smb_forget(s, SMB2_TREE_DISCONNECT, r->h.tree_id, NULL);
    }
}

/* r, a response to a request of the last compound, failed verification: the compound's later replies are
 * dropped when they come (none of them is taken, verified or not: the caller repeats the whole operation),
 * and what they open is closed then, as what r opened is closed already (lm__smb_recv); the connection keeps
 * to single requests. */
static void compound_failed(struct lm_smb *s, const struct smb_resp *r)
{
    int i;

    for (i = 0; i < s->chain_n && s->chain_mid[i] != r->h.message_id; i++)
        ;
    if (s->single || i == s->chain_n)
        return;
    for (int j = i + 1; j < s->chain_n; j++)
        lm__smb_ignore(s, s->chain_mid[j]);
    s->chain_n = 0;
    s->single = true;
    s->compound_failed = true;
    lm__smb_trace(s, "<- %s mid=%llu: bad signature in a compound; single requests from here on",
                  lm__smb2_cmd_name(r->h.command), (unsigned long long)r->h.message_id);
}

bool lm__smb_retry_single(struct lm_smb *s, lm_status st)
{
    if (st != LM_ESIGNATURE || !s->compound_failed)
        return false;
    s->compound_failed = false;
    return true;
}

lm_status lm__smb_recv(struct lm_smb *s, uint64_t mid, struct smb_resp *r)
{
    /* One deadline for the whole wait: interim responses (MS-SMB2 3.2.5.1.5), keep-alives, oplock breaks and
     * replies we do not wait for are skipped, but none of them buys the server more time, so that a server
     * cannot keep the client waiting without end. */
    int64_t deadline = lm__net_now_ms() + s->timeout_ms;
    lm_status st;
    bool have;

    for (;;) {
        if ((st = next_message(s, r, &have, deadline)) != LM_OK)
            return st;
        if (!(r->h.flags & SMB2_FLAGS_SERVER_TO_REDIR))
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a request, not a response",
                                s->host);
        /* a server's grants are bounded by its window, so by a cap here too: the count cannot wrap */
        s->credits =
            s->credits + r->h.credits < SMB_CREDITS_MAX ? s->credits + r->h.credits : SMB_CREDITS_MAX;
        if (r->h.message_id == UINT64_MAX) /* unsolicited (oplock break): we take no oplocks */
            continue;
        if (lm__smb_ignored(s, r->h.message_id)) {
            undo_open(s, r);
            continue; /* a reply we chose not to wait for (CLOSE, TREE_DISCONNECT, LOGOFF) */
        }
        if (r->h.message_id != s->skip_verify_mid && (st = lm__smb_verify(s, r)) != LM_OK) {
            undo_open(s, r);
            compound_failed(s, r);
            return st;
        }
        lm__smb_trace(s, "<- %s mid=%llu status=0x%08X %s credits=%u%s", lm__smb2_cmd_name(r->h.command),
                      (unsigned long long)r->h.message_id, (unsigned)r->h.status,
                      lm__ntstatus_name(r->h.status) != NULL ? lm__ntstatus_name(r->h.status) : "",
                      r->h.credits, (r->h.flags & SMB2_FLAGS_SIGNED) ? " signed" : "");
        if (r->h.status == NT_STATUS_PENDING && (r->h.flags & SMB2_FLAGS_ASYNC_COMMAND))
            continue; /* MS-SMB2 3.2.5.1.5: the final response follows with the same MessageId */
        if (mid != UINT64_MAX && r->h.message_id != mid)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0,
                                "%s answered message %llu when %llu was expected", s->host,
                                (unsigned long long)r->h.message_id, (unsigned long long)mid);
        return LM_OK;
    }
}

void lm__smb_ignore(struct lm_smb *s, uint64_t mid)
{
    s->ignore[s->nignore++ % SMB_MAX_IGNORE] = mid;
}

bool lm__smb_ignored(struct lm_smb *s, uint64_t mid)
{
    size_t n = s->nignore < SMB_MAX_IGNORE ? s->nignore : SMB_MAX_IGNORE;

    for (size_t i = 0; i < n; i++) {
        if (s->ignore[i] == mid) {
            s->ignore[i] = UINT64_MAX - 1;
            return true;
        }
    }
    return false;
}

lm_status lm__smb_exchange_empty(struct lm_smb *s, uint16_t cmd, struct smb_resp *r)
{
    struct smb_chain c;
    uint64_t mid;
    lm_status st;

    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, cmd, 0, false, 0);
    lm__smb2_empty_req(&c.b);
    st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    return st == LM_OK ? lm__smb_recv(s, mid, r) : st;
}

void lm__smb_forget(struct lm_smb *s, uint16_t cmd, uint32_t tid, const struct smb2_fileid *id)
{
    struct smb_chain c;

    lm__smb_chain_init(&c);
    lm__smb_ignore(s, lm__smb_add(s, &c, cmd, tid, false, 0));
    if (cmd == SMB2_CLOSE)
        lm__smb2_close_req(&c.b, id);
    else if (cmd == SMB2_TREE_DISCONNECT)
        lm__smb2_tree_disconnect_req(&c.b);
    else
        lm__smb2_logoff_req(&c.b);
    if (lm__smb_send(s, &c, false) == LM_OK)
        s->awaiting = false; /* nothing will be waited for: not a round trip */
    lm__smb_chain_free(&c);
}

lm_status lm__smb_status_error(struct lm_smb *s, const struct smb_resp *r, const char *what)
{
    const char *name = lm__ntstatus_name(r->h.status);
    lm_status st = lm__ntstatus_to_lm(r->h.status);

    if (st == LM_OK)
        st = LM_EPROTO;
    if (name != NULL)
        return lm_error_set(&s->err, st, LM_RAW_NTSTATUS, r->h.status, "%s: %s", what, name);
    return lm_error_set(&s->err, st, LM_RAW_NTSTATUS, r->h.status, "%s: NTSTATUS 0x%08X", what,
                        (unsigned)r->h.status);
}
