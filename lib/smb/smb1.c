/* The dialect probes of probe and audit. SMB1 detection: ONE SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52) offering
 * only "NT LM 0.12", then the connection is closed; no SMB1 session is set up here (the one SMB1 session
 * lanman opens, anonymous, for the ms17-010 check, is smb1_session.c's). The SMB2/3 sweep: every dialect in
 * one NEGOTIATE, then each dialect below the server's choice alone, each NEGOTIATE on its own connection. The
 * SMB1 header writer and the connection are shared with smb1_session.c. */
#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "lanman/smb.h"
#include "os/net.h"
#include "smb/conn.h"
#include "smb/smb1.h"

size_t lm__smb1_begin(struct lm__buf *b, uint8_t cmd, uint16_t flags2, uint16_t tid, uint16_t uid,
                      uint16_t mid)
{
    size_t off = b->len;

    lm__buf_put_u32be(b, 0); /* NBSS session message; the length is written by lm__smb1_end */
    lm__buf_append(b, "\xFFSMB", 4);
    lm__buf_put_u8(b, cmd);
    lm__buf_put_u32(b, 0);   /* Status */
    lm__buf_put_u8(b, 0x18); /* Flags: case-insensitive, canonicalized paths */
    lm__buf_put_u16(b, flags2);
    lm__buf_put_u16(b, 0); /* PIDHigh */
    lm__buf_put_u64(b, 0); /* SecurityFeatures */
    lm__buf_put_u16(b, 0); /* Reserved */
    lm__buf_put_u16(b, tid);
    lm__buf_put_u16(b, 0x4D4C); /* PIDLow "LM" */
    lm__buf_put_u16(b, uid);
    lm__buf_put_u16(b, mid);
    return off;
}

void lm__smb1_end(struct lm__buf *b, size_t off)
{
    size_t n;

    if (lm__buf_status(b) != LM_OK || b->len < off + 4)
        return;
    n = b->len - off - 4;
    b->data[off + 1] = (uint8_t)(n >> 16);
    b->data[off + 2] = (uint8_t)(n >> 8);
    b->data[off + 3] = (uint8_t)n;
}

void lm__smb1_negotiate_req(struct lm__buf *b)
{
    static const char dialect[] = "\x02NT LM 0.12"; /* buffer format 2 + name + NUL */
    /* Flags2: long names, extended security, NT status, Unicode; TID 0xFFFF, UID 0, MID 0 */
    size_t off = lm__smb1_begin(b, LM__SMB1_COM_NEGOTIATE, 0xC801, 0xFFFF, 0, 0);

    lm__buf_put_u8(b, 0);                         /* WordCount */
    lm__buf_put_u16(b, (uint16_t)sizeof dialect); /* ByteCount */
    lm__buf_append(b, dialect, sizeof dialect);
    lm__smb1_end(b, off);
}

/* The SMB1 header is 32 bytes (MS-CIFS 2.2.3.1); the NEGOTIATE response's parameters follow: WordCount, then
 * DialectIndex (2.2.4.52.2). An SMB2 answer (\xFESMB, 64-byte header) means the server would not speak SMB1.
 */
lm_status lm__smb1_negotiate_resp(const uint8_t *p, size_t len, bool *accepted)
{
    struct lm__cursor c;
    uint32_t magic, status;
    uint8_t cmd, wc;
    uint16_t index;

    lm__cur_init(&c, p, len);
    magic = lm__cur_u32be(&c);
    if (lm__cur_status(&c) != LM_OK || (magic != 0xFF534D42u && magic != 0xFE534D42u))
        return LM_EPROTO;
    if (magic == 0xFE534D42u) {
        if (len < 64)
            return LM_EPROTO;
        *accepted = false;
        return LM_OK;
    }
    cmd = lm__cur_u8(&c);
    status = lm__cur_u32(&c);
    lm__cur_seek(&c, 32);
    wc = lm__cur_u8(&c);
    if (lm__cur_status(&c) != LM_OK)
        return LM_EPROTO;
    /* An error answer carries no parameters (WordCount 0): complete, and not accepted. */
    index = wc >= 1 ? lm__cur_u16(&c) : 0xFFFF;
    if (lm__cur_status(&c) != LM_OK)
        return LM_EPROTO;
    *accepted = cmd == LM__SMB1_COM_NEGOTIATE && status == 0 && wc >= 1 && index == 0;
    return LM_OK;
}

lm_status lm__smb1_connect(const char *host, const lm_smb_options *opt, int timeout_ms, struct lm__sock **out,
                           lm_error *err)
{
    uint16_t port = opt != NULL && opt->port != 0 ? opt->port : (opt != NULL && opt->netbios ? 139 : 445);
    struct lm__sock *sock = NULL;
    lm_status st;

    if ((st = lm__net_init()) != LM_OK || (st = lm__net_connect(host, port, timeout_ms, &sock, err)) != LM_OK)
        return st;
    if (opt != NULL && opt->netbios &&
        (st = lm__nbss_session_request(sock, "*SMBSERVER", "LANMAN", timeout_ms, err)) != LM_OK) {
        lm__net_close(sock);
        return st;
    }
    *out = sock;
    return LM_OK;
}

lm_status lm_smb_probe_smb1(const char *host, const lm_smb_options *opt, bool *accepted, lm_error *err)
{
    int timeout = opt != NULL && opt->timeout_ms > 0 ? opt->timeout_ms : LM__NET_DEFAULT_TIMEOUT_MS;
    uint16_t port = opt != NULL && opt->port != 0 ? opt->port : (opt != NULL && opt->netbios ? 139 : 445);
    struct lm__sock *sock = NULL;
    uint8_t nbss[4], reply[256];
    struct lm__buf req;
    lm_error local;
    lm_status st;
    size_t len;
    bool ok;

    if (err == NULL)
        err = &local;
    *accepted = false;
    if ((st = lm__smb1_connect(host, opt, timeout, &sock, err)) != LM_OK)
        return st;
    lm__buf_init(&req, 256);
    lm__smb1_negotiate_req(&req);
    {
        struct lm__iov v = {req.data, req.len};
        st = lm__net_sendv(sock, &v, 1, timeout);
    }
    lm__buf_free(&req);
    /* A server without SMB1 may answer with an error, with SMB2, or just hang up: all mean "no". */
    if (st == LM_OK)
        st = lm__net_recv(sock, nbss, 4, timeout);
    if (st == LM_OK && nbss[0] == 0) {
        len = (size_t)nbss[1] << 16 | (size_t)nbss[2] << 8 | nbss[3];
        if (len > sizeof reply)
            len = sizeof reply; /* the fixed part is all we look at */
        if (lm__net_recv(sock, reply, len, timeout) == LM_OK &&
            lm__smb1_negotiate_resp(reply, len, &ok) == LM_OK)
            *accepted = ok;
    }
    lm__net_close(sock);
    if (st == LM_ETIMEDOUT)
        return lm_error_set(err, st, LM_RAW_NONE, 0, "%s:%u did not answer an SMB1 NEGOTIATE", host, port);
    return LM_OK;
}

/* The server did not answer at all: nothing more to learn from it. */
static bool connect_failure(lm_status st)
{
    return st == LM_ECONNREFUSED || st == LM_ETIMEDOUT || st == LM_EHOSTUNREACH || st == LM_ECONNRESET ||
           st == LM_ENOTCONN || st == LM_ENAME;
}

lm_status lm_smb_sweep_dialects(const char *host, const lm_smb_options *opt, lm_smb_sweep *out, lm_error *err)
{
    return lm__smb_sweep_dialects_ex(host, opt, 0, out, NULL, NULL, NULL, err);
}

/* One answer of the sweep: dialect d accepted, on connection c (whose NEGOTIATE answer becomes out->best when
 * it is the highest so far, as the sweep goes upwards). */
static void accepted(lm_smb_sweep *out, uint16_t d, lm_smb *c)
{
    size_t used = strlen(out->names);

    if (out->n == 0 || d > out->accepted[out->n - 1])
        lm_smb_get_info(c, &out->best);
    snprintf(out->names + used, sizeof out->names - used, "%s%s", out->n > 0 ? " " : "",
             lm_smb_dialect_name(d));
    out->accepted[out->n++] = d;
}

lm_status lm__smb_sweep_dialects_ex(const char *host, const lm_smb_options *opt, unsigned flags,
                                    lm_smb_sweep *out, bool *compression_ctx, uint16_t *compression_alg,
                                    lm_smb **keep, lm_error *err)
{
    static const uint16_t dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    static const size_t all = sizeof dialects / sizeof dialects[0];
    static const lm_smb_options defaults;
    lm_smb_options o = opt != NULL ? *opt : defaults;
    lm_smb *top = NULL;
    size_t below = all;
    lm_status st;

    memset(out, 0, sizeof *out);
    if (compression_ctx != NULL)
        *compression_ctx = false;
    if (compression_alg != NULL)
        *compression_alg = 0;
    if (keep != NULL)
        *keep = NULL;
    /* Every dialect in one NEGOTIATE first: the server chooses the highest it shares (MS-SMB2 3.3.5.4), so
     * that one is accepted and none above it would be; only the dialects below it are offered alone. The
     * compression context goes with 3.1.1 (negotiate.c offers it only when 3.1.1 is offered). */
    o.min_dialect = dialects[0];
    o.max_dialect = dialects[all - 1];
    if ((st = lm__smb_connect_ex(host, &o, flags, &top, err)) != LM_OK) {
        if (connect_failure(st))
            return st;
        top = NULL; /* no choice we know: offer each alone */
    } else {
        for (below = 0; below < all && dialects[below] != top->dialect; below++)
            ;
        if (compression_ctx != NULL && top->offer_compression)
            *compression_ctx = top->compression_ctx;
        if (compression_alg != NULL && top->offer_compression)
            *compression_alg = top->compression_alg;
    }
    for (size_t i = 0; i < below; i++) {
        lm_smb *c;

        o.min_dialect = o.max_dialect = dialects[i];
        st = lm__smb_connect_ex(host, &o, 0, &c, err);
        if (st != LM_OK) {
            if (connect_failure(st) && top == NULL && out->n == 0)
                return st; /* nothing answers: the others would only wait as long */
            continue;      /* this dialect refused (or one connection lost after others answered) */
        }
        accepted(out, dialects[i], c);
        lm_smb_close(c);
    }
    if (top != NULL) {
        accepted(out, top->dialect, top);
        if (keep != NULL)
            *keep = top;
        else
            lm_smb_close(top);
    }
    return LM_OK;
}
