/* SMB2 message signing and the SMB 3.x key derivation (MS-SMB2 3.1.4.1, 3.1.4.2, 3.2.5.3.1). */
#include <string.h>

#include "crypto/crypto.h"
#include "smb/conn.h"

/* MS-SMB2 3.1.4.1: AES-GMAC is AES-GCM with nothing to encrypt and the whole message as associated data. The
 * nonce is the MessageId, then a 32-bit word whose bit 0 is the role (set in a response, from
 * SMB2_FLAGS_SERVER_TO_REDIR) and bit 1 set in a CANCEL request. The message is hashed in place, its
 * signature field zeroed for the time of the computation and then put back. */
static lm_status gmac(const uint8_t key[16], uint8_t *m, size_t len, uint8_t sig[16])
{
    uint8_t nonce[12], saved[16], tag[16], none[1];
    uint16_t cmd = (uint16_t)(m[12] | m[13] << 8);
    lm_status st;

    memcpy(nonce, m + 24, 8); /* MessageId, little-endian on the wire as in the nonce */
    nonce[8] = (uint8_t)((m[16] & SMB2_FLAGS_SERVER_TO_REDIR) | (cmd == SMB2_CANCEL ? 2 : 0));
    nonce[9] = nonce[10] = nonce[11] = 0;
    memcpy(saved, m + 48, 16);
    memset(m + 48, 0, 16);
    st = lm__aes128_gcm_encrypt(key, nonce, sizeof nonce, m, len, none, 0, tag);
    memcpy(m + 48, saved, 16);
    if (st == LM_OK)
        memcpy(sig, tag, 16);
    return st;
}

lm_status lm__smb_sign(uint16_t alg, const uint8_t key[16], uint8_t *m, size_t len, uint8_t sig[16])
{
    static const uint8_t zero[16];
    struct lm__iov v[3] = {{m, 48}, {zero, 16}, {m + SMB2_HDR_LEN, len - SMB2_HDR_LEN}};
    uint8_t mac[LM__SHA256_LEN];
    lm_status st;

    if (len < SMB2_HDR_LEN)
        return LM_EINVAL;
    if (alg == SMB2_SIGNING_AES_GMAC)
        return gmac(key, m, len, sig);
    if (alg == SMB2_SIGNING_AES_CMAC)
        return lm__aes128_cmac(key, v, 3, sig);
    st = lm__hmac_sha256(key, 16, v, 3, mac);
    if (st == LM_OK)
        memcpy(sig, mac, 16);
    return st;
}

lm_status lm__smb_kdf(const uint8_t key[16], const void *label, size_t llen, const void *ctx, size_t clen,
                      uint8_t out[16])
{
    static const uint8_t one[4] = {0, 0, 0, 1}, zero[1] = {0}, bits[4] = {0, 0, 0, 128};
    struct lm__iov v[5] = {{one, 4}, {label, llen}, {zero, 1}, {ctx, clen}, {bits, 4}};
    uint8_t mac[LM__SHA256_LEN];
    lm_status st = lm__hmac_sha256(key, 16, v, 5, mac);

    if (st == LM_OK)
        memcpy(out, mac, 16);
    lm__memzero(mac, sizeof mac);
    return st;
}

/* The labels and contexts are C strings whose NUL is part of the value (sizeof counts it). */
#define KDF(key, label, ctx, clen, out) lm__smb_kdf(key, label, sizeof(label), ctx, clen, out)

lm_status lm__smb_derive_keys(struct lm_smb *s)
{
    lm_status st;

    if (s->dialect < SMB2_DIALECT_300) {
        memcpy(s->signing_key, s->session_key, 16); /* 2.x signs with the session key itself */
        return LM_OK;
    }
    if (s->dialect == SMB2_DIALECT_311) {
        if ((st = KDF(s->session_key, "SMBSigningKey", s->preauth, 64, s->signing_key)) == LM_OK &&
            (st = KDF(s->session_key, "SMBC2SCipherKey", s->preauth, 64, s->enc_key)) == LM_OK)
            st = KDF(s->session_key, "SMBS2CCipherKey", s->preauth, 64, s->dec_key);
        return st;
    }
    if ((st = KDF(s->session_key, "SMB2AESCMAC", "SmbSign", 8, s->signing_key)) == LM_OK &&
        (st = KDF(s->session_key, "SMB2AESCCM", "ServerIn ", 10, s->enc_key)) == LM_OK)
        st = KDF(s->session_key, "SMB2AESCCM", "ServerOut", 10, s->dec_key);
    return st;
}
