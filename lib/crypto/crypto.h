/* The crypto lanman needs, behind one interface with two backends: openssl.c (POSIX: OpenSSL 3 EVP, and
 * MD4 of our own in md4.c) and bcrypt.c (Windows).
 * CMake picks the file; nothing here includes an OS or library header.
 *
 * Every function returns LM_OK or an LM_E* code (BCrypt calls can fail); outputs are written only on
 * success. Messages may come in pieces (struct lm__iov) so that a signed or encrypted SMB2 message is never
 * copied just to be hashed. */
#ifndef LM_CRYPTO_CRYPTO_H
#define LM_CRYPTO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"

#define LM__MD4_LEN    16
#define LM__MD5_LEN    16
#define LM__SHA256_LEN 32
#define LM__SHA512_LEN 64
#define LM__AES128_KEY 16
#define LM__AES_BLOCK  16
#define LM__AES_TAG    16

/* Digests over the concatenation of v[0..nv). */
lm_status lm__md4(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD4_LEN]);
lm_status lm__md5(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD5_LEN]);
lm_status lm__sha256(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA256_LEN]);
lm_status lm__sha512(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA512_LEN]);

lm_status lm__hmac_md5(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                       uint8_t out[LM__MD5_LEN]);
lm_status lm__hmac_sha256(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__SHA256_LEN]);

/* AES-128-CMAC (RFC 4493). */
lm_status lm__aes128_cmac(const uint8_t key[LM__AES128_KEY], const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__AES_BLOCK]);

/* AEAD, encrypting or decrypting buf[0..len) in place. aad is authenticated, not encrypted.
 * CCM (RFC 3610 / NIST SP 800-38C) takes an 11-byte nonce and a 16-byte tag, as SMB 3.x uses it;
 * GCM (NIST SP 800-38D) a 12-byte nonce and a 16-byte tag.
 * A decrypt whose tag does not verify returns LM_ESIGNATURE and leaves buf unspecified (the caller must not
 * use it). */
lm_status lm__aes128_ccm_encrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 uint8_t tag[LM__AES_TAG]);
lm_status lm__aes128_ccm_decrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 const uint8_t tag[LM__AES_TAG]);
lm_status lm__aes128_gcm_encrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 uint8_t tag[LM__AES_TAG]);
lm_status lm__aes128_gcm_decrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 const uint8_t tag[LM__AES_TAG]);

/* Cryptographically secure random bytes. */
lm_status lm__random(void *p, size_t n);

/* Constant-time comparison: 0 when equal. */
int lm__ct_memcmp(const void *a, const void *b, size_t n);

#endif
