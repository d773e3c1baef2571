/* SMB2 WRITE (MS-SMB2 2.2.21, 2.2.22). */
#include "smb/smb2.h"

#define WRITE_REQ_FIXED  49
#define WRITE_RESP_FIXED 17

void lm__smb2_write_req(struct lm__buf *b, const struct smb2_fileid *id, uint64_t offset, const void *p,
                        uint32_t len)
{
    lm__buf_put_u16(b, WRITE_REQ_FIXED);
    lm__buf_put_u16(b, SMB2_HDR_LEN + WRITE_REQ_FIXED - 1);
    lm__buf_put_u32(b, len);
    lm__buf_put_u64(b, offset);
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
    lm__buf_put_u32(b, 0); /* Channel */
    lm__buf_put_u32(b, 0); /* RemainingBytes */
    lm__buf_put_u16(b, 0); /* WriteChannelInfoOffset */
    lm__buf_put_u16(b, 0); /* WriteChannelInfoLength */
    lm__buf_put_u32(b, 0); /* Flags */
    if (len > 0)
        lm__buf_append(b, p, len);
    else
        lm__buf_put_u8(b, 0);
}

lm_status lm__smb2_write_resp(struct lm__cursor *msg, uint32_t *count)
{
    uint16_t size = lm__cur_u16(msg);

    lm__cur_skip(msg, 2);
    *count = lm__cur_u32(msg);
    lm__cur_skip(msg, 4 + 2 + 2);
    return lm__cur_status(msg) == LM_OK && size == WRITE_RESP_FIXED ? LM_OK : LM_EPROTO;
}
