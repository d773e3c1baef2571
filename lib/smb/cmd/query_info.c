/* SMB2 QUERY_INFO (MS-SMB2 2.2.37, 2.2.38). */
#include "smb/smb2.h"

#define QI_REQ_FIXED 41

void lm__smb2_query_info_req(struct lm__buf *b, const struct smb2_fileid *id, uint8_t info_type,
                             uint8_t klass, uint32_t out_len)
{
    lm__buf_put_u16(b, QI_REQ_FIXED);
    lm__buf_put_u8(b, info_type);
    lm__buf_put_u8(b, klass);
    lm__buf_put_u32(b, out_len);
    lm__buf_put_u16(b, 0); /* InputBufferOffset */
    lm__buf_put_u16(b, 0);
    lm__buf_put_u32(b, 0); /* InputBufferLength */
    lm__buf_put_u32(b, 0); /* AdditionalInformation */
    lm__buf_put_u32(b, 0); /* Flags */
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
    lm__buf_put_u8(b, 0);
}

lm_status lm__smb2_query_info_resp(struct lm__cursor *msg, struct lm__cursor *out)
{
    /* MS-SMB2 2.2.38 has the layout of MS-SMB2 2.2.34. */
    return lm__smb2_query_directory_resp(msg, out);
}
