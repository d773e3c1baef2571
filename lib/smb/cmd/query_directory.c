/* SMB2 QUERY_DIRECTORY (MS-SMB2 2.2.33, 2.2.34). */
#include <string.h>

#include "core/utf.h"
#include "smb/smb2.h"

#define QD_REQ_FIXED  33
#define QD_RESP_FIXED 9

void lm__smb2_query_directory_req(struct lm__buf *b, const struct smb2_fileid *id, uint8_t flags,
                                  const char *pattern, uint32_t out_len)
{
    size_t at, start;

    lm__buf_put_u16(b, QD_REQ_FIXED);
    lm__buf_put_u8(b, SMB2_FILE_ID_BOTH_DIRECTORY_INFORMATION);
    lm__buf_put_u8(b, flags);
    lm__buf_put_u32(b, 0); /* FileIndex */
    lm__buf_put_u64(b, id->persistent);
    lm__buf_put_u64(b, id->volatile_);
    lm__buf_put_u16(b, SMB2_HDR_LEN + QD_REQ_FIXED - 1);
    at = b->len;
    lm__buf_put_u16(b, 0);
    lm__buf_put_u32(b, out_len);
    start = b->len;
    if (lm__utf8_to_utf16le(pattern, strlen(pattern), b) != LM_OK && b->err == LM_OK)
        b->err = LM_ENAME;
    lm__buf_set_u16(b, at, (uint16_t)(b->len - start));
    if (b->len == start)
        lm__buf_put_u8(b, 0);
}

/* QUERY_DIRECTORY and QUERY_INFO responses have the same shape: size 9, offset, length, buffer. */
lm_status lm__smb2_query_directory_resp(struct lm__cursor *msg, struct lm__cursor *out)
{
    uint16_t size = lm__cur_u16(msg), off = lm__cur_u16(msg);
    uint32_t len = lm__cur_u32(msg);

    if (lm__cur_status(msg) != LM_OK || size != QD_RESP_FIXED ||
        !lm__smb2_resp_buffer(msg, QD_RESP_FIXED, off, len, out))
        return LM_EPROTO;
    return LM_OK;
}
