/* The SMB1 detection's decoder: the answer to lanman's one SMB1 NEGOTIATE, as any server (or anything
 * listening on port 445) may send it. The input is the message after the NBSS header. */
#include "smb/smb1.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool accepted = false;

    (void)lm__smb1_negotiate_resp(data, size, &accepted);
    return 0;
}
