/* SMB2 TREE_DISCONNECT (MS-SMB2 2.2.11, 2.2.12): both bodies are StructureSize 4 and Reserved (cmd/header.c).
 */
#include "smb/smb2.h"

void lm__smb2_tree_disconnect_req(struct lm__buf *b)
{
    lm__smb2_empty_req(b);
}

lm_status lm__smb2_tree_disconnect_resp(struct lm__cursor *msg)
{
    return lm__smb2_empty_resp(msg);
}
