/* SMB2 ECHO (MS-SMB2 2.2.28, 2.2.29): both bodies are StructureSize 4 and Reserved (cmd/header.c). */
#include "smb/smb2.h"

void lm__smb2_echo_req(struct lm__buf *b)
{
    lm__smb2_empty_req(b);
}

lm_status lm__smb2_echo_resp(struct lm__cursor *msg)
{
    return lm__smb2_empty_resp(msg);
}
