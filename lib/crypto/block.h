/* The primitives each crypto backend provides for the portable modes in modes.c: an AES-128 key schedule,
 * ECB encryption and CBC-MAC of whole blocks. Wine's bcrypt has AES-ECB but no CCM and no CMAC, so CMAC
 * and CCM are written once, here, on top of it, and both backends run the same code. Internal to
 * lib/crypto (and its tests). */
#ifndef LM_CRYPTO_BLOCK_H
#define LM_CRYPTO_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

struct lm__aes128;

/* A key schedule for key; *out is set only on success and is freed (and wiped) with lm__aes128_close. */
lm_status lm__aes128_open(const uint8_t key[LM__AES128_KEY], struct lm__aes128 **out);
void lm__aes128_close(struct lm__aes128 *k);

/* ECB-encrypts len bytes (a multiple of LM__AES_BLOCK); in and out may be the same buffer. */
lm_status lm__aes128_ecb(struct lm__aes128 *k, const uint8_t *in, uint8_t *out, size_t len);

/* CBC-MAC: y = E(...E(E(y ^ p[0]) ^ p[1])...) over len bytes (a multiple of LM__AES_BLOCK). The CBC-MACs of
 * CMAC and CCM go through this so that a backend can do many blocks per call. */
lm_status lm__aes128_cbcmac(struct lm__aes128 *k, uint8_t y[LM__AES_BLOCK], const uint8_t *p, size_t len);

/* AES-128-GCM in place, encrypt != 0 to encrypt (writing tag) or 0 to decrypt (checking it: LM_ESIGNATURE).
 * Both backends have GCM natively; crypto.h's lm__aes128_gcm_* (modes.c) call this. */
lm_status lm__aes128_gcm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t tag[LM__AES_TAG]);

/* CCM (NIST SP 800-38C) with any nonce length 7..13 and tag length 4..16 (even), for the known-answer
 * tests whose vectors use other sizes than SMB's; crypto.h's lm__aes128_ccm_* (modes.c) are this with a
 * 16-byte tag. Decrypt returns LM_ESIGNATURE when the tag does not verify. Each backend has it: OpenSSL's
 * EVP CCM (openssl.c), or lm__ccm_blocks where the library has no CCM (bcrypt.c: Wine's bcrypt). */
lm_status lm__aes128_ccm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag,
                         size_t tlen);

/* The portable CCM of modes.c, on lm__aes128_ecb and lm__aes128_cbcmac, with lm__aes128_ccm's contract. It
 * is built on every platform, so that the native known-answer run checks the code that Windows runs. */
lm_status lm__ccm_blocks(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag,
                         size_t tlen);

/* true when CCM takes these sizes: a nonce of 7..13 bytes, an even tag of 4..16, and a length that fits in
 * the 15 - nlen bytes of the counter. */
bool lm__ccm_sizes_ok(size_t nlen, size_t tlen, size_t len);

#endif
