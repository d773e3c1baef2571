/* SMB2 CLOSE (MS-SMB2 2.2.15, 2.2.16). */
#include "smb/smb2.h"

#define CLOSE_REQ_FIXED  24
#define CLOSE_RESP_FIXED 60

void lm__smb2_close_req(struct lm__buf *b, const struct smb2_fileid *id)
{
    lm__buf_put_u16(b, CLOSE_REQ_FIXED);
    lm__buf_put_u16(b, 0); /* Flags: no attributes wanted back */
    lm__buf_put_u32(b, 0);
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
}

lm_status lm__smb2_close_resp(struct lm__cursor *msg)
{
    uint16_t size = lm__cur_u16(msg);

    lm__cur_skip(msg, CLOSE_RESP_FIXED - 2);
    return lm__cur_status(msg) == LM_OK && size == CLOSE_RESP_FIXED ? LM_OK : LM_EPROTO;
}
