/* SMB 3.x encryption: the TRANSFORM_HEADER (MS-SMB2 2.2.41) around a message or a whole compound chain. */
#include <string.h>

#include "crypto/crypto.h"
#include "smb/conn.h"

static const uint8_t transform_magic[4] = {0xFD, 'S', 'M', 'B'};

#define AAD_OFF 20 /* the AAD is the header from Nonce on: 32 bytes (MS-SMB2 3.1.4.3) */
#define AAD_LEN 32

static size_t nonce_len(uint16_t cipher)
{
    return cipher == SMB2_CIPHER_AES128_GCM ? 12 : 11;
}

lm_status lm__smb_transform_seal(uint16_t cipher, const uint8_t key[16], const uint8_t nonce[16],
                                 uint64_t sid, const uint8_t *plain, size_t len, struct lm__buf *out)
{
    uint8_t *h;
    lm_status st;

    if (len > UINT32_MAX)
        return LM_EOVERFLOW;
    lm__buf_reset(out);
    lm__buf_append(out, transform_magic, 4);
    lm__buf_extend(out, 16); /* Signature: the AEAD tag, below */
    lm__buf_append(out, nonce, 16);
    lm__buf_put_u32(out, (uint32_t)len);
    lm__buf_put_u16(out, 0);
    lm__buf_put_u16(out, 0x0001); /* Flags (3.1.1) / EncryptionAlgorithm (3.0): encrypted, the same value */
    lm__buf_put_u64(out, sid);
    lm__buf_append(out, plain, len);
    if ((st = lm__buf_status(out)) != LM_OK)
        return st;
    h = out->data;
    if (cipher == SMB2_CIPHER_AES128_GCM)
        return lm__aes128_gcm_encrypt(key, h + 20, nonce_len(cipher), h + AAD_OFF, AAD_LEN,
                                      h + SMB2_TRANSFORM_LEN, len, h + 4);
    if (cipher == SMB2_CIPHER_AES128_CCM)
        return lm__aes128_ccm_encrypt(key, h + 20, nonce_len(cipher), h + AAD_OFF, AAD_LEN,
                                      h + SMB2_TRANSFORM_LEN, len, h + 4);
    return LM_ENOTSUP;
}

lm_status lm__smb_transform_open(uint16_t cipher, const uint8_t key[16], uint8_t *frame, size_t flen,
                                 uint64_t sid, size_t *off, size_t *len)
{
    struct lm__cursor c;
    uint32_t orig;
    uint16_t flags;
    uint64_t fsid;
    lm_status st;

    lm__cur_init(&c, frame, flen);
    if (lm__cur_take(&c, 4) == NULL || memcmp(frame, transform_magic, 4) != 0)
        return LM_EPROTO;
    lm__cur_skip(&c, 16 + 16);
    orig = lm__cur_u32(&c);
    lm__cur_skip(&c, 2);
    flags = lm__cur_u16(&c);
    fsid = lm__cur_u64(&c);
    if (lm__cur_status(&c) != LM_OK || flags != 0x0001 || fsid != sid || orig != flen - SMB2_TRANSFORM_LEN)
        return LM_EPROTO;
    if (cipher == SMB2_CIPHER_AES128_GCM)
        st = lm__aes128_gcm_decrypt(key, frame + 20, nonce_len(cipher), frame + AAD_OFF, AAD_LEN,
                                    frame + SMB2_TRANSFORM_LEN, orig, frame + 4);
    else if (cipher == SMB2_CIPHER_AES128_CCM)
        st = lm__aes128_ccm_decrypt(key, frame + 20, nonce_len(cipher), frame + AAD_OFF, AAD_LEN,
                                    frame + SMB2_TRANSFORM_LEN, orig, frame + 4);
    else
        return LM_EPROTO;
    if (st != LM_OK)
        return LM_ESIGNATURE;
    *off = SMB2_TRANSFORM_LEN;
    *len = orig;
    return LM_OK;
}
