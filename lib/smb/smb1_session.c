/* The ms17-010 check's SMB1 exchange: the one SMB1 session lanman opens, anonymous only (DESIGN.md,
 * security stance). NEGOTIATE (NT LM 0.12, no extended security), SESSION_SETUP_ANDX with an empty account
 * and empty passwords, TREE_CONNECT_ANDX to \\HOST\IPC$, then SMB_COM_TRANSACTION PeekNamedPipe on FID 0,
 * as nmap's smb-vuln-ms17-010 does: an unpatched server answers STATUS_INSUFF_SERVER_RESOURCES, a patched
 * one STATUS_ACCESS_DENIED or STATUS_INVALID_HANDLE. Every answer is read whole into a bounded buffer and
 * decoded with the checked cursor; nothing the server says is kept but its status and ids. */
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "os/net.h"
#include "smb/smb1.h"

/* NT status codes, long names; ASCII strings (no SMB_FLAGS2_UNICODE), no extended security. */
#define FLAGS2_PLAIN 0x4001

/* The NT LM 0.12 client limits we announce (MS-CIFS 2.2.4.53.1). */
#define MAX_BUFFER   4356
#define CAPABILITIES 0x00000050u /* CAP_NT_SMBS | CAP_STATUS32, as nmap */

void lm__smb1_negotiate_nt_req(struct lm__buf *b)
{
    static const char dialect[] = "\x02NT LM 0.12";
    size_t off = lm__smb1_begin(b, LM__SMB1_COM_NEGOTIATE, FLAGS2_PLAIN, 0xFFFF, 0, 0);

    lm__buf_put_u8(b, 0);
    lm__buf_put_u16(b, (uint16_t)sizeof dialect);
    lm__buf_append(b, dialect, sizeof dialect);
    lm__smb1_end(b, off);
}

void lm__smb1_session_setup_req(struct lm__buf *b, uint32_t session_key)
{
    size_t off = lm__smb1_begin(b, LM__SMB1_COM_SESSION_SETUP_ANDX, FLAGS2_PLAIN, 0, 0, 1);

    lm__buf_put_u8(b, 13);   /* WordCount */
    lm__buf_put_u8(b, 0xFF); /* AndXCommand: none */
    lm__buf_put_u8(b, 0);    /* AndXReserved */
    lm__buf_put_u16(b, 0);   /* AndXOffset */
    lm__buf_put_u16(b, MAX_BUFFER);
    lm__buf_put_u16(b, 1); /* MaxMpxCount */
    lm__buf_put_u16(b, 1); /* VcNumber: not 0, which would end the client's other sessions */
    lm__buf_put_u32(b, session_key);
    lm__buf_put_u16(b, 0); /* OEMPasswordLen: no password */
    lm__buf_put_u16(b, 0); /* UnicodePasswordLen: no password */
    lm__buf_put_u32(b, 0); /* Reserved */
    lm__buf_put_u32(b, CAPABILITIES);
    lm__buf_put_u16(b, 4);            /* ByteCount */
    lm__buf_append(b, "\0\0\0\0", 4); /* AccountName "", PrimaryDomain "", NativeOS "", NativeLanMan "" */
    lm__smb1_end(b, off);
}

lm_status lm__smb1_tree_connect_req(struct lm__buf *b, uint16_t uid, const char *host)
{
    static const char service[] = "?????";
    size_t n = host != NULL ? strlen(host) : 0, off;

    if (n == 0 || n > 255)
        return LM_ENAME;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)host[i] < 0x20 || host[i] == 0x7F || host[i] == '\\')
            return LM_ENAME;
    }
    off = lm__smb1_begin(b, LM__SMB1_COM_TREE_CONNECT_ANDX, FLAGS2_PLAIN, 0, uid, 2);
    lm__buf_put_u8(b, 4);    /* WordCount */
    lm__buf_put_u8(b, 0xFF); /* AndXCommand: none */
    lm__buf_put_u8(b, 0);
    lm__buf_put_u16(b, 0); /* AndXOffset */
    lm__buf_put_u16(b, 0); /* Flags */
    lm__buf_put_u16(b, 0); /* PasswordLength: user-level security, no share password */
    lm__buf_put_u16(b, (uint16_t)(2 + n + sizeof "\\IPC$" + sizeof service));
    lm__buf_append(b, "\\\\", 2);
    lm__buf_append(b, host, n);
    lm__buf_append(b, "\\IPC$", sizeof "\\IPC$"); /* with its NUL */
    lm__buf_append(b, service, sizeof service);
    lm__smb1_end(b, off);
    return LM_OK;
}

void lm__smb1_peek_fid0_req(struct lm__buf *b, uint16_t uid, uint16_t tid)
{
    static const char name[] = "\\PIPE\\";
    size_t off = lm__smb1_begin(b, LM__SMB1_COM_TRANSACTION, FLAGS2_PLAIN, tid, uid, 3);
    /* 32-byte header, WordCount, 16 words, ByteCount, the name: where parameters and data would begin */
    uint16_t end = (uint16_t)(32 + 1 + 32 + 2 + sizeof name);

    lm__buf_put_u8(b, 16);      /* WordCount: 14 + SetupCount */
    lm__buf_put_u16(b, 0);      /* TotalParameterCount */
    lm__buf_put_u16(b, 0);      /* TotalDataCount */
    lm__buf_put_u16(b, 0xFFFF); /* MaxParameterCount */
    lm__buf_put_u16(b, 0xFFFF); /* MaxDataCount */
    lm__buf_put_u8(b, 0);       /* MaxSetupCount */
    lm__buf_put_u8(b, 0);       /* Reserved1 */
    lm__buf_put_u16(b, 0);      /* Flags */
    lm__buf_put_u32(b, 0);      /* Timeout */
    lm__buf_put_u16(b, 0);      /* Reserved2 */
    lm__buf_put_u16(b, 0);      /* ParameterCount */
    lm__buf_put_u16(b, end);    /* ParameterOffset */
    lm__buf_put_u16(b, 0);      /* DataCount */
    lm__buf_put_u16(b, end);    /* DataOffset */
    lm__buf_put_u8(b, 2);       /* SetupCount */
    lm__buf_put_u8(b, 0);       /* Reserved3 */
    lm__buf_put_u16(b, 0x0023); /* TRANS_PEEK_NMPIPE (MS-CIFS 2.2.5.5) */
    lm__buf_put_u16(b, 0);      /* FID 0: no pipe is open */
    lm__buf_put_u16(b, (uint16_t)sizeof name);
    lm__buf_append(b, name, sizeof name);
    lm__smb1_end(b, off);
}

/* The SMB1 message common to every response (MS-CIFS 2.2.3.1, 2.2.3.2, 2.2.3.3): the header of command cmd
 * with SMB_FLAGS_REPLY, then WordCount words and ByteCount bytes, all inside len. *words is a cursor over
 * the parameter words. */
static lm_status reply(const uint8_t *p, size_t len, uint8_t cmd, struct lm__smb1_reply *r, uint8_t *wc,
                       struct lm__cursor *words)
{
    struct lm__cursor c;
    struct lm__smb1_reply h;
    uint8_t flags;
    uint16_t bc;

    lm__cur_init(&c, p, len);
    if (lm__cur_u32be(&c) != 0xFF534D42u)
        return LM_EPROTO;
    h.cmd = lm__cur_u8(&c);
    h.status = lm__cur_u32(&c);
    flags = lm__cur_u8(&c);
    lm__cur_skip(&c, 2 + 2 + 8 + 2); /* Flags2, PIDHigh, SecurityFeatures, Reserved */
    h.tid = lm__cur_u16(&c);
    lm__cur_skip(&c, 2); /* PIDLow */
    h.uid = lm__cur_u16(&c);
    h.mid = lm__cur_u16(&c);
    *wc = lm__cur_u8(&c);
    if (lm__cur_status(&c) != LM_OK || h.cmd != cmd || !(flags & 0x80) ||
        !lm__cur_sub(&c, c.off, (size_t)*wc * 2, words))
        return LM_EPROTO;
    lm__cur_skip(&c, (size_t)*wc * 2);
    bc = lm__cur_u16(&c);
    lm__cur_skip(&c, bc);
    if (lm__cur_status(&c) != LM_OK)
        return LM_EPROTO;
    *r = h;
    return LM_OK;
}

lm_status lm__smb1_negotiate_nt_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r, bool *accepted,
                                     uint32_t *session_key)
{
    struct lm__smb1_reply h;
    struct lm__cursor w;
    uint8_t wc;
    uint16_t index;
    uint32_t key;

    if (len >= 64 && memcmp(p, "\xFESMB", 4) == 0) { /* a server without SMB1 answers in SMB2 */
        memset(r, 0, sizeof *r);
        *accepted = false;
        return LM_OK;
    }
    if (reply(p, len, LM__SMB1_COM_NEGOTIATE, &h, &wc, &w) != LM_OK)
        return LM_EPROTO;
    index = lm__cur_u16(&w); /* DialectIndex; then SecurityMode, MaxMpxCount, MaxNumberVcs, MaxBufferSize,
                                MaxRawSize */
    lm__cur_seek(&w, 15);
    key = lm__cur_u32(&w);
    *r = h;
    *accepted = h.status == 0 && wc == 17 && index == 0 && lm__cur_status(&w) == LM_OK;
    if (*accepted)
        *session_key = key;
    return LM_OK;
}

lm_status lm__smb1_session_setup_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r, bool *guest)
{
    struct lm__smb1_reply h;
    struct lm__cursor w;
    uint8_t wc;
    uint16_t action;

    if (reply(p, len, LM__SMB1_COM_SESSION_SETUP_ANDX, &h, &wc, &w) != LM_OK)
        return LM_EPROTO;
    if (h.status == 0) {
        if (wc != 3 && wc != 4)
            return LM_EPROTO;
        lm__cur_skip(&w, 4); /* AndXCommand, AndXReserved, AndXOffset */
        action = lm__cur_u16(&w);
        if (lm__cur_status(&w) != LM_OK)
            return LM_EPROTO;
        *guest = (action & 1) != 0;
    }
    *r = h;
    return LM_OK;
}

lm_status lm__smb1_tree_connect_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r)
{
    struct lm__smb1_reply h;
    struct lm__cursor w;
    uint8_t wc;

    if (reply(p, len, LM__SMB1_COM_TREE_CONNECT_ANDX, &h, &wc, &w) != LM_OK || (h.status == 0 && wc < 3))
        return LM_EPROTO;
    *r = h;
    return LM_OK;
}

lm_status lm__smb1_trans_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r)
{
    struct lm__cursor w;
    uint8_t wc;

    return reply(p, len, LM__SMB1_COM_TRANSACTION, r, &wc, &w);
}

/* Sends the request in b, then reads its answer's NBSS frame whole into in (at most LM__SMB1_FRAME_MAX). */
static lm_status exchange(struct lm__sock *s, const struct lm__buf *b, int timeout, uint8_t *in, size_t *len)
{
    struct lm__iov v = {b->data, b->len};
    uint8_t nbss[4];
    lm_status st;

    if ((st = lm__buf_status(b)) != LM_OK || (st = lm__net_sendv(s, &v, 1, timeout)) != LM_OK ||
        (st = lm__net_recv(s, nbss, 4, timeout)) != LM_OK)
        return st;
    if (nbss[0] != 0) /* not a session message */
        return LM_EPROTO;
    *len = (size_t)nbss[1] << 16 | (size_t)nbss[2] << 8 | nbss[3];
    if (*len > LM__SMB1_FRAME_MAX)
        return LM_EOVERFLOW;
    return lm__net_recv(s, in, *len, timeout);
}

lm_status lm__smb1_peek_fid0(const char *host, const lm_smb_options *opt, struct lm__smb1_peek *out)
{
    int timeout = opt != NULL && opt->timeout_ms > 0 ? opt->timeout_ms : LM__NET_DEFAULT_TIMEOUT_MS;
    struct lm__smb1_reply r;
    struct lm__sock *s = NULL;
    struct lm__buf b;
    uint8_t *in;
    uint32_t key = 0;
    uint16_t uid;
    size_t len = 0;
    lm_error err;
    lm_status st;

    if (host == NULL || out == NULL)
        return LM_EINVAL;
    memset(out, 0, sizeof *out);
    memset(&r, 0, sizeof r);
    out->step = LM__SMB1_STEP_NEGOTIATE;
    if ((in = malloc(LM__SMB1_FRAME_MAX)) == NULL)
        return LM_ENOMEM;
    lm__buf_init(&b, 1024);
    if ((st = lm__smb1_connect(host, opt, timeout, &s, &err)) != LM_OK)
        goto done;

    lm__smb1_negotiate_nt_req(&b);
    if ((st = exchange(s, &b, timeout, in, &len)) != LM_OK ||
        (st = lm__smb1_negotiate_nt_resp(in, len, &r, &out->smb1, &key)) != LM_OK || !out->smb1)
        goto done;

    out->step = LM__SMB1_STEP_SESSION;
    lm__buf_reset(&b);
    lm__smb1_session_setup_req(&b, key);
    if ((st = exchange(s, &b, timeout, in, &len)) != LM_OK ||
        (st = lm__smb1_session_setup_resp(in, len, &r, &out->guest)) != LM_OK || r.status != 0)
        goto done;
    uid = r.uid;

    out->step = LM__SMB1_STEP_TREE;
    lm__buf_reset(&b);
    if ((st = lm__smb1_tree_connect_req(&b, uid, host)) != LM_OK ||
        (st = exchange(s, &b, timeout, in, &len)) != LM_OK ||
        (st = lm__smb1_tree_connect_resp(in, len, &r)) != LM_OK || r.status != 0)
        goto done;

    out->step = LM__SMB1_STEP_TRANS;
    lm__buf_reset(&b);
    lm__smb1_peek_fid0_req(&b, uid, r.tid);
    if ((st = exchange(s, &b, timeout, in, &len)) == LM_OK)
        st = lm__smb1_trans_resp(in, len, &r);

done:
    out->st = st;
    out->status = st == LM_OK ? r.status : 0;
    if (s != NULL)
        lm__net_close(s);
    lm__buf_free(&b);
    free(in);
    return LM_OK;
}
