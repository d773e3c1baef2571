/* The Windows crypto backend: BCrypt (CNG), W API. Algorithm providers are opened per call: simple, every
 * handle closed on every path, and cheap next to a network round trip. CMAC and CCM come from modes.c on
 * top of lm__aes128_ecb and lm__aes128_cbcmac, since Wine's bcrypt has neither (nor RC4). */
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <bcrypt.h>

#include "crypto/block.h"
#include "crypto/crypto.h"

#ifndef STATUS_AUTH_TAG_MISMATCH
#define STATUS_AUTH_TAG_MISMATCH ((NTSTATUS)0xC000A002L)
#endif

#define GCM_NONCE 12

static lm_status hash(LPCWSTR alg_id, const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                      uint8_t *out, ULONG outlen)
{
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE h = NULL;
    NTSTATUS s;

    if (klen > ULONG_MAX)
        return LM_EINVAL;
    s = BCryptOpenAlgorithmProvider(&alg, alg_id, NULL, key != NULL ? BCRYPT_ALG_HANDLE_HMAC_FLAG : 0);
    if (BCRYPT_SUCCESS(s))
        s = BCryptCreateHash(alg, &h, NULL, 0, (PUCHAR)key, (ULONG)klen, 0);
    for (size_t i = 0; i < nv && BCRYPT_SUCCESS(s); i++) {
        const uint8_t *p = v[i].p;
        size_t n = v[i].n;

        while (n > 0 && BCRYPT_SUCCESS(s)) {
            ULONG take = n > ULONG_MAX ? ULONG_MAX : (ULONG)n;

            s = BCryptHashData(h, (PUCHAR)p, take, 0);
            p += take;
            n -= take;
        }
    }
    if (BCRYPT_SUCCESS(s))
        s = BCryptFinishHash(h, out, outlen, 0);
    if (h != NULL)
        BCryptDestroyHash(h);
    if (alg != NULL)
        BCryptCloseAlgorithmProvider(alg, 0);
    return BCRYPT_SUCCESS(s) ? LM_OK : LM_ESYS;
}

lm_status lm__md4(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD4_LEN])
{
    return hash(BCRYPT_MD4_ALGORITHM, NULL, 0, v, nv, out, LM__MD4_LEN);
}

lm_status lm__md5(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD5_LEN])
{
    return hash(BCRYPT_MD5_ALGORITHM, NULL, 0, v, nv, out, LM__MD5_LEN);
}

lm_status lm__sha256(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA256_LEN])
{
    return hash(BCRYPT_SHA256_ALGORITHM, NULL, 0, v, nv, out, LM__SHA256_LEN);
}

lm_status lm__sha512(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA512_LEN])
{
    return hash(BCRYPT_SHA512_ALGORITHM, NULL, 0, v, nv, out, LM__SHA512_LEN);
}

lm_status lm__hmac_md5(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                       uint8_t out[LM__MD5_LEN])
{
    static const uint8_t none[1];

    /* A NULL key would mean "plain hash" to hash(); an empty HMAC key is still HMAC. */
    return hash(BCRYPT_MD5_ALGORITHM, key != NULL ? key : none, klen, v, nv, out, LM__MD5_LEN);
}

lm_status lm__hmac_sha256(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__SHA256_LEN])
{
    static const uint8_t none[1];

    return hash(BCRYPT_SHA256_ALGORITHM, key != NULL ? key : none, klen, v, nv, out, LM__SHA256_LEN);
}

/* An AES key in the given chaining mode (BCRYPT_CHAIN_MODE_ECB, _CBC or _GCM). */
static NTSTATUS aes_key(LPCWSTR mode, const uint8_t key[LM__AES128_KEY], BCRYPT_ALG_HANDLE *alg,
                        BCRYPT_KEY_HANDLE *k)
{
    NTSTATUS s;

    *alg = NULL;
    *k = NULL;
    s = BCryptOpenAlgorithmProvider(alg, BCRYPT_AES_ALGORITHM, NULL, 0);
    if (BCRYPT_SUCCESS(s))
        s = BCryptSetProperty(*alg, BCRYPT_CHAINING_MODE, (PUCHAR)mode,
                              (ULONG)((wcslen(mode) + 1) * sizeof(WCHAR)), 0);
    if (BCRYPT_SUCCESS(s))
        s = BCryptGenerateSymmetricKey(*alg, k, NULL, 0, (PUCHAR)key, LM__AES128_KEY, 0);
    if (!BCRYPT_SUCCESS(s)) {
        if (*alg != NULL)
            BCryptCloseAlgorithmProvider(*alg, 0);
        *alg = NULL;
        *k = NULL;
    }
    return s;
}

/* Two keys made on first use: ECB for CTR keystreams, CBC for CBC-MACs (CMAC, CCM), which would otherwise
 * cost one BCryptEncrypt per 16-byte block. The raw key is kept for that, and wiped on close. */
struct lm__aes128 {
    uint8_t raw[LM__AES128_KEY];
    BCRYPT_ALG_HANDLE ecb_alg, cbc_alg;
    BCRYPT_KEY_HANDLE ecb, cbc;
    uint8_t cbc_iv[LM__AES_BLOCK]; /* the IV last passed with cbc */
};

/* Bytes per CBC-MAC call: the ciphertext is thrown away, only its last block is the MAC state. */
#define CBC_CHUNK 4096

lm_status lm__aes128_open(const uint8_t key[LM__AES128_KEY], struct lm__aes128 **out)
{
    struct lm__aes128 *k = calloc(1, sizeof *k);

    if (k == NULL)
        return LM_ENOMEM;
    memcpy(k->raw, key, sizeof k->raw);
    *out = k;
    return LM_OK;
}

void lm__aes128_close(struct lm__aes128 *k)
{
    if (k == NULL)
        return;
    if (k->ecb != NULL)
        BCryptDestroyKey(k->ecb);
    if (k->ecb_alg != NULL)
        BCryptCloseAlgorithmProvider(k->ecb_alg, 0);
    if (k->cbc != NULL)
        BCryptDestroyKey(k->cbc);
    if (k->cbc_alg != NULL)
        BCryptCloseAlgorithmProvider(k->cbc_alg, 0);
    lm__memzero(k, sizeof *k);
    free(k);
}

lm_status lm__aes128_ecb(struct lm__aes128 *k, const uint8_t *in, uint8_t *out, size_t len)
{
    ULONG got = 0;
    NTSTATUS s;

    if (len % LM__AES_BLOCK != 0 || len > ULONG_MAX)
        return LM_EINVAL;
    if (len == 0)
        return LM_OK;
    if (k->ecb == NULL && !BCRYPT_SUCCESS(aes_key(BCRYPT_CHAIN_MODE_ECB, k->raw, &k->ecb_alg, &k->ecb)))
        return LM_ESYS;
    s = BCryptEncrypt(k->ecb, (PUCHAR)in, (ULONG)len, NULL, NULL, 0, out, (ULONG)len, &got, 0);
    return BCRYPT_SUCCESS(s) && got == len ? LM_OK : LM_ESYS;
}

lm_status lm__aes128_cbcmac(struct lm__aes128 *k, uint8_t y[LM__AES_BLOCK], const uint8_t *p, size_t len)
{
    uint8_t scratch[CBC_CHUNK], iv[LM__AES_BLOCK];
    lm_status st = LM_OK;

    if (len % LM__AES_BLOCK != 0)
        return LM_EINVAL;
    while (len > 0 && st == LM_OK) {
        ULONG take = len < CBC_CHUNK ? (ULONG)len : CBC_CHUNK, got = 0;
        NTSTATUS s;

        /* Wine's bcrypt restarts its cipher only when pbIV differs from the previous call's, and otherwise
         * goes on from where that call ended: right when y continues the chain, wrong when y was reset in
         * between (CMAC's L = E(0) after a run from a zero IV). A repeated IV therefore gets a fresh key. */
        if (k->cbc != NULL && memcmp(k->cbc_iv, y, LM__AES_BLOCK) == 0) {
            BCryptDestroyKey(k->cbc);
            BCryptCloseAlgorithmProvider(k->cbc_alg, 0);
            k->cbc = NULL;
            k->cbc_alg = NULL;
        }
        if (k->cbc == NULL && !BCRYPT_SUCCESS(aes_key(BCRYPT_CHAIN_MODE_CBC, k->raw, &k->cbc_alg, &k->cbc)))
            return LM_ESYS;
        memcpy(k->cbc_iv, y, LM__AES_BLOCK);
        /* BCrypt updates pbIV; the MAC state is taken from the output instead, which needs no trust in that.
         */
        memcpy(iv, y, sizeof iv);
        s = BCryptEncrypt(k->cbc, (PUCHAR)p, take, NULL, iv, sizeof iv, scratch, take, &got, 0);
        if (!BCRYPT_SUCCESS(s) || got != take)
            st = LM_ESYS;
        else
            memcpy(y, scratch + take - LM__AES_BLOCK, LM__AES_BLOCK);
        p += take;
        len -= take;
    }
    lm__memzero(scratch, sizeof scratch);
    return st;
}

lm_status lm__aes128_gcm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t tag[LM__AES_TAG])
{
    BCRYPT_AUTHENTICATED_CIPHER_MODE_INFO info;
    BCRYPT_ALG_HANDLE alg;
    BCRYPT_KEY_HANDLE k;
    uint8_t none[1] = {0};
    ULONG got = 0;
    NTSTATUS s;

    if (nlen != GCM_NONCE || alen > ULONG_MAX || len > ULONG_MAX)
        return LM_EINVAL;
    s = aes_key(BCRYPT_CHAIN_MODE_GCM, key, &alg, &k);
    if (!BCRYPT_SUCCESS(s))
        return LM_ESYS;
    BCRYPT_INIT_AUTH_MODE_INFO(info);
    info.pbNonce = (PUCHAR)nonce;
    info.cbNonce = (ULONG)nlen;
    info.pbAuthData = alen > 0 ? (PUCHAR)aad : NULL;
    info.cbAuthData = (ULONG)alen;
    info.pbTag = tag;
    info.cbTag = LM__AES_TAG;
    /* In place: BCrypt allows pbInput == pbOutput for symmetric keys. */
    if (encrypt)
        s = BCryptEncrypt(k, len > 0 ? buf : none, (ULONG)len, &info, NULL, 0, len > 0 ? buf : none,
                          (ULONG)len, &got, 0);
    else
        s = BCryptDecrypt(k, len > 0 ? buf : none, (ULONG)len, &info, NULL, 0, len > 0 ? buf : none,
                          (ULONG)len, &got, 0);
    BCryptDestroyKey(k);
    BCryptCloseAlgorithmProvider(alg, 0);
    if (s == STATUS_AUTH_TAG_MISMATCH)
        return LM_ESIGNATURE;
    return BCRYPT_SUCCESS(s) && got == len ? LM_OK : LM_ESYS;
}

/* Wine's bcrypt has no CCM chaining mode: modes.c's, on AES-ECB. */
lm_status lm__aes128_ccm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag, size_t tlen)
{
    return lm__ccm_blocks(key, encrypt, nonce, nlen, aad, alen, buf, len, tag, tlen);
}

lm_status lm__random(void *p, size_t n)
{
    uint8_t *b = p;

    while (n > 0) {
        ULONG take = n > ULONG_MAX ? ULONG_MAX : (ULONG)n;

        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, b, take, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return LM_ESYS;
        b += take;
        n -= take;
    }
    return LM_OK;
}
