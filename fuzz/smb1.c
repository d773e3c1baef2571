/* The SMB1 decoders: the answer to the SMB1 detection's NEGOTIATE, and the answers of the ms17-010 check's
 * anonymous exchange (NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX, TRANSACTION), as any server (or
 * anything listening on port 445) may send them. The input is the message after the NBSS header; every
 * decoder reads it. */
#include "smb/smb1.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__smb1_reply r;
    bool flag = false;
    uint32_t key;

    (void)lm__smb1_negotiate_resp(data, size, &flag);
    (void)lm__smb1_negotiate_nt_resp(data, size, &r, &flag, &key);
    (void)lm__smb1_session_setup_resp(data, size, &r, &flag);
    (void)lm__smb1_tree_connect_resp(data, size, &r);
    (void)lm__smb1_trans_resp(data, size, &r);
    return 0;
}
