/* SMB1 detection for probe and audit: ONE SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52) offering only "NT LM 0.12",
 * then the connection is closed. No SMB1 session is ever set up. */
#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "lanman/smb.h"
#include "os/net.h"

#define SMB1_COM_NEGOTIATE 0x72

static void smb1_negotiate_request(struct lm__buf *b)
{
    static const uint8_t hdr[] = {
        0xFF, 'S',  'M', 'B', SMB1_COM_NEGOTIATE,
        0,    0,    0,   0, /* Status */
        0x18,               /* Flags: case-insensitive, canonicalized paths */
        0x01, 0xC8,         /* Flags2: long names, extended security, NT status, Unicode */
        0,    0,            /* PIDHigh */
        0,    0,    0,   0,   0,
        0,    0,    0, /* SecurityFeatures */
        0,    0,       /* Reserved */
        0xFF, 0xFF,    /* TID */
        0x4C, 0x4D,    /* PIDLow */
        0,    0,       /* UID */
        0,    0,       /* MID */
    };
    static const char dialect[] = "\x02NT LM 0.12"; /* buffer format 2 + name + NUL */

    lm__buf_put_u8(b, 0); /* NBSS session message */
    lm__buf_put_u8(b, 0);
    lm__buf_put_u16be(b, (uint16_t)(sizeof hdr + 1 + 2 + sizeof dialect));
    lm__buf_append(b, hdr, sizeof hdr);
    lm__buf_put_u8(b, 0);                         /* WordCount */
    lm__buf_put_u16(b, (uint16_t)sizeof dialect); /* ByteCount */
    lm__buf_append(b, dialect, sizeof dialect);
}

/* Reads the reply: SMB1 accepted when it is an SMB1 NEGOTIATE response choosing dialect 0 with success. */
static bool smb1_accepted(const uint8_t *p, size_t len)
{
    struct lm__cursor c;
    uint8_t cmd, wc;
    uint32_t status;
    uint16_t index;

    lm__cur_init(&c, p, len);
    if (lm__cur_u32be(&c) != 0xFF534D42u) /* \xFFSMB; an SMB2 reply (\xFESMB) means no SMB1 */
        return false;
    cmd = lm__cur_u8(&c);
    status = lm__cur_u32(&c);
    lm__cur_seek(&c, 32);
    wc = lm__cur_u8(&c);
    index = lm__cur_u16(&c);
    return lm__cur_status(&c) == LM_OK && cmd == SMB1_COM_NEGOTIATE && status == 0 && wc >= 1 && index == 0;
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

    if (err == NULL)
        err = &local;
    *accepted = false;
    if ((st = lm__net_init()) != LM_OK || (st = lm__net_connect(host, port, timeout, &sock, err)) != LM_OK)
        return st;
    if (opt != NULL && opt->netbios &&
        (st = lm__nbss_session_request(sock, "*SMBSERVER", "LANMAN", timeout, err)) != LM_OK) {
        lm__net_close(sock);
        return st;
    }
    lm__buf_init(&req, 256);
    smb1_negotiate_request(&req);
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
        if (lm__net_recv(sock, reply, len, timeout) == LM_OK)
            *accepted = smb1_accepted(reply, len);
    }
    lm__net_close(sock);
    if (st == LM_ETIMEDOUT)
        return lm_error_set(err, st, LM_RAW_NONE, 0, "%s:%u did not answer an SMB1 NEGOTIATE", host, port);
    return LM_OK;
}
