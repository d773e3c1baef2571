/* SMB2 TREE_CONNECT (MS-SMB2 2.2.9, 2.2.10). */
#include <string.h>

#include "core/utf.h"
#include "smb/smb2.h"

#define TC_REQ_FIXED  9
#define TC_RESP_FIXED 16

lm_status lm__smb2_tree_connect_req(struct lm__buf *b, const char *unc)
{
    size_t at;
    lm_status st;

    lm__buf_put_u16(b, TC_REQ_FIXED);
    lm__buf_put_u16(b, 0);
    lm__buf_put_u16(b, SMB2_HDR_LEN + TC_REQ_FIXED - 1);
    at = b->len;
    lm__buf_put_u16(b, 0);
    st = lm__utf8_to_utf16le(unc, strlen(unc), b);
    if (st != LM_OK)
        return st;
    if (b->len - at - 2 > UINT16_MAX)
        return LM_ENAME;
    lm__buf_set_u16(b, at, (uint16_t)(b->len - at - 2));
    return lm__buf_status(b);
}

lm_status lm__smb2_tree_connect_resp(struct lm__cursor *msg, struct smb2_tree_resp *r)
{
    uint16_t size = lm__cur_u16(msg);

    r->share_type = lm__cur_u8(msg);
    lm__cur_skip(msg, 1);
    r->share_flags = lm__cur_u32(msg);
    r->capabilities = lm__cur_u32(msg);
    r->maximal_access = lm__cur_u32(msg);
    return lm__cur_status(msg) == LM_OK && size == TC_RESP_FIXED ? LM_OK : LM_EPROTO;
}
