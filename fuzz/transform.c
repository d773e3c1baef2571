/* The SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41) of an encrypted message from the server: the header checks
 * and authenticated decryption in place, with a fixed key and session id. The first input byte picks the
 * cipher (GCM, CCM, or one we never negotiate). */
#include <stdlib.h>

#include "smb/conn.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint16_t ciphers[4] = {SMB2_CIPHER_AES128_GCM, SMB2_CIPHER_AES128_CCM, 0, 0xFFFF};
    uint8_t *frame;
    size_t off, len;

    if (size < 1)
        return 0;
    /* In place: a copy of exactly the frame's size. */
    if ((frame = malloc(size - 1 > 0 ? size - 1 : 1)) == NULL)
        return 0;
    memcpy(frame, data + 1, size - 1);
    if (lm__smb_transform_open(ciphers[data[0] & 3], key, frame, size - 1, 0x0000000100000001ull, &off,
                               &len) == LM_OK &&
        (off > size - 1 || len > size - 1 - off))
        abort(); /* the plaintext it locates must lie inside the frame */
    free(frame);
    return 0;
}
