/* SMB2 IOCTL (MS-SMB2 2.2.31, 2.2.32); lanman uses it for FSCTL_PIPE_TRANSCEIVE and
 * FSCTL_VALIDATE_NEGOTIATE_INFO. */
#include <string.h>

#include "smb/smb2.h"

#define IOCTL_REQ_FIXED  57
#define IOCTL_RESP_FIXED 49

void lm__smb2_ioctl_req(struct lm__buf *b, const struct smb2_fileid *id, uint32_t ctl, const void *in,
                        uint32_t inlen, uint32_t max_out)
{
    lm__buf_put_u16(b, IOCTL_REQ_FIXED);
    lm__buf_put_u16(b, 0);
    lm__buf_put_u32(b, ctl);
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
    lm__buf_put_u32(b, inlen > 0 ? SMB2_HDR_LEN + IOCTL_REQ_FIXED - 1 : 0); /* InputOffset */
    lm__buf_put_u32(b, inlen);
    lm__buf_put_u32(b, 0); /* MaxInputResponse */
    lm__buf_put_u32(b, 0); /* OutputOffset */
    lm__buf_put_u32(b, 0); /* OutputCount */
    lm__buf_put_u32(b, max_out);
    lm__buf_put_u32(b, SMB2_0_IOCTL_IS_FSCTL);
    lm__buf_put_u32(b, 0);
    if (inlen > 0)
        lm__buf_append(b, in, inlen);
    else
        lm__buf_put_u8(b, 0);
}

lm_status lm__smb2_ioctl_resp(struct lm__cursor *msg, struct lm__cursor *out)
{
    uint16_t size = lm__cur_u16(msg);
    uint32_t in_off, in_len, out_off, out_len;
    struct lm__cursor in;

    lm__cur_skip(msg, 2 + 4 + 16); /* Reserved, CtlCode, FileId */
    in_off = lm__cur_u32(msg);
    in_len = lm__cur_u32(msg);
    out_off = lm__cur_u32(msg);
    out_len = lm__cur_u32(msg);
    lm__cur_skip(msg, 8);
    if (lm__cur_status(msg) != LM_OK || size != IOCTL_RESP_FIXED)
        return LM_EPROTO;
    /* Input echoed back is not used, but it must lie inside the message when it is said to be there. */
    if (!lm__smb2_resp_buffer(msg, IOCTL_RESP_FIXED, in_off, in_len, &in) ||
        !lm__smb2_resp_buffer(msg, IOCTL_RESP_FIXED, out_off, out_len, out))
        return LM_EPROTO;
    return LM_OK;
}

void lm__smb2_vni_req(struct lm__buf *b, const struct smb2_vni *v)
{
    lm__buf_put_u32(b, v->capabilities);
    lm__buf_append(b, v->guid, 16);
    lm__buf_put_u16(b, v->security_mode);
    lm__buf_put_u16(b, (uint16_t)v->ndialects);
    for (size_t i = 0; i < v->ndialects; i++)
        lm__buf_put_u16(b, v->dialects[i]);
}

lm_status lm__smb2_vni_resp(struct lm__cursor *out, struct smb2_vni *v)
{
    const uint8_t *guid;

    memset(v, 0, sizeof *v);
    v->capabilities = lm__cur_u32(out);
    guid = lm__cur_take(out, 16);
    v->security_mode = lm__cur_u16(out);
    v->dialect = lm__cur_u16(out);
    if (guid == NULL || lm__cur_status(out) != LM_OK)
        return LM_EPROTO;
    memcpy(v->guid, guid, 16);
    return LM_OK;
}
