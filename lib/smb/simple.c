/* The commands whose bodies are just StructureSize 4 + Reserved: LOGOFF (MS-SMB2 2.2.7/2.2.8),
 * TREE_DISCONNECT (2.2.11/2.2.12) and ECHO (2.2.28/2.2.29). */
#include "smb/smb2.h"

void lm__smb2_simple_req(struct lm__buf *b)
{
    lm__buf_put_u16(b, 4);
    lm__buf_put_u16(b, 0);
}

lm_status lm__smb2_simple_resp(struct lm__cursor *msg)
{
    uint16_t size = lm__cur_u16(msg);

    lm__cur_skip(msg, 2);
    return lm__cur_status(msg) == LM_OK && size == 4 ? LM_OK : LM_EPROTO;
}
