/* SMB2 LOGOFF (MS-SMB2 2.2.7, 2.2.8): both bodies are StructureSize 4 and Reserved (cmd/header.c). */
#include "smb/smb2.h"

void lm__smb2_logoff_req(struct lm__buf *b)
{
    lm__smb2_empty_req(b);
}

lm_status lm__smb2_logoff_resp(struct lm__cursor *msg)
{
    return lm__smb2_empty_resp(msg);
}
