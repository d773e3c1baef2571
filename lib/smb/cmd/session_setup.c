/* SMB2 SESSION_SETUP (MS-SMB2 2.2.5, 2.2.6). */
#include "smb/smb2.h"

#define SS_REQ_FIXED  25
#define SS_RESP_FIXED 9

void lm__smb2_session_setup_req(struct lm__buf *b, uint8_t security_mode, const uint8_t *token, size_t len)
{
    lm__buf_put_u16(b, SS_REQ_FIXED);
    lm__buf_put_u8(b, 0); /* Flags: no binding */
    lm__buf_put_u8(b, security_mode);
    lm__buf_put_u32(b, 0); /* Capabilities: DFS not claimed */
    lm__buf_put_u32(b, 0); /* Channel */
    lm__buf_put_u16(b, SMB2_HDR_LEN + SS_REQ_FIXED - 1);
    lm__buf_put_u16(b, (uint16_t)len);
    lm__buf_put_u64(b, 0); /* PreviousSessionId */
    if (len > 0)
        lm__buf_append(b, token, len);
    else
        lm__buf_put_u8(b, 0);
}

lm_status lm__smb2_session_setup_resp(struct lm__cursor *msg, uint16_t *session_flags, const uint8_t **token,
                                      size_t *len)
{
    uint16_t size = lm__cur_u16(msg), off, n;
    struct lm__cursor t;

    *session_flags = lm__cur_u16(msg);
    off = lm__cur_u16(msg);
    n = lm__cur_u16(msg);
    if (lm__cur_status(msg) != LM_OK || size != SS_RESP_FIXED)
        return LM_EPROTO;
    if (!lm__smb2_resp_buffer(msg, SS_RESP_FIXED, off, n, &t))
        return LM_EPROTO;
    *token = t.p;
    *len = n;
    return LM_OK;
}
