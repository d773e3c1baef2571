/* SMB2 READ (MS-SMB2 2.2.19, 2.2.20). */
#include "smb/smb2.h"

#define READ_REQ_FIXED 49

void lm__smb2_read_req(struct lm__buf *b, const struct smb2_fileid *id, uint32_t length, uint64_t offset)
{
    lm__buf_put_u16(b, READ_REQ_FIXED);
    lm__buf_put_u8(b, 0); /* Padding: let the server choose the data offset */
    lm__buf_put_u8(b, 0); /* Flags */
    lm__buf_put_u32(b, length);
    lm__buf_put_u64(b, offset);
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
    lm__buf_put_u32(b, 0); /* MinimumCount */
    lm__buf_put_u32(b, 0); /* Channel: none */
    lm__buf_put_u32(b, 0); /* RemainingBytes */
    lm__buf_put_u16(b, 0); /* ReadChannelInfoOffset */
    lm__buf_put_u16(b, 0); /* ReadChannelInfoLength */
    lm__buf_put_u8(b, 0);  /* Buffer: one byte, as the odd StructureSize says */
}

lm_status lm__smb2_read_resp(struct lm__cursor *msg, size_t *data_off, uint32_t *data_len)
{
    uint16_t size = lm__cur_u16(msg);
    uint8_t off = lm__cur_u8(msg);
    struct lm__cursor d;

    lm__cur_skip(msg, 1);
    *data_len = lm__cur_u32(msg);
    lm__cur_skip(msg, 8); /* DataRemaining, Reserved2 */
    if (lm__cur_status(msg) != LM_OK || size != SMB2_READ_RESP_FIXED + 1)
        return LM_EPROTO;
    if (!lm__smb2_resp_buffer(msg, SMB2_READ_RESP_FIXED + 1, off, *data_len, &d))
        return LM_EPROTO;
    *data_off = *data_len == 0 ? msg->off : off;
    return LM_OK;
}
