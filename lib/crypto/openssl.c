/* The POSIX crypto backend: OpenSSL 3 libcrypto through its EVP API for digests, HMAC, AES and GCM (whose
 * stitched AES-NI/VAES code runs GCM in one pass over the data) and CCM, getrandom() for random bytes. MD4 is
 * md4.c: OpenSSL 3 has it only in its legacy provider. CMAC comes from modes.c on top of lm__aes128_ecb and
 * lm__aes128_cbcmac, the same code the Windows backend runs (its CBC-MAC in bulk beats EVP's CMAC).
 *
 * The algorithms are fetched from the default provider once per process and kept: an EVP_sha256()-style
 * implicit fetch on every call costs a provider lookup per message. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/block.h"
#include "crypto/crypto.h"

#define GCM_NONCE 12

/* EVP lengths are int: bigger inputs go in pieces of this size (a multiple of the AES block). */
#define EVP_CHUNK ((size_t)1 << 30)

enum alg_id { ALG_MD5, ALG_SHA256, ALG_SHA512, ALG_HMAC, ALG_ECB, ALG_CBC, ALG_GCM, ALG_CCM, ALG_N };

/* What each algorithm is (d: a digest, m: a MAC, c: a cipher) and its name in the default provider. */
static const struct {
    char kind;
    const char *name;
} alg_names[ALG_N] = {{'d', "MD5"},         {'d', "SHA2-256"},    {'d', "SHA2-512"},    {'m', "HMAC"},
                      {'c', "AES-128-ECB"}, {'c', "AES-128-CBC"}, {'c', "AES-128-GCM"}, {'c', "AES-128-CCM"}};

static void *alg[ALG_N]; /* under alg_lock */
static pthread_mutex_t alg_lock = PTHREAD_MUTEX_INITIALIZER;
static bool alg_all;

static void *alg_fetch(enum alg_id id)
{
    if (alg_names[id].kind == 'd')
        return EVP_MD_fetch(NULL, alg_names[id].name, NULL);
    if (alg_names[id].kind == 'm')
        return EVP_MAC_fetch(NULL, alg_names[id].name, NULL);
    return EVP_CIPHER_fetch(NULL, alg_names[id].name, NULL);
}

/* The algorithm id, fetching what is not fetched yet (read under the lock, so that another thread's fetch
 * is seen whole). A failed fetch (out of memory) is tried again on the next call rather than remembered; an
 * algorithm the provider lacks (MD5 under a FIPS-only configuration) stays NULL, and only the functions
 * that need it fail, with LM_ENOTSUP. */
static void *alg_get(enum alg_id id)
{
    void *a = NULL;

    if (pthread_mutex_lock(&alg_lock) != 0)
        return NULL;
    if (!alg_all) {
        alg_all = true;
        for (int i = 0; i < ALG_N; i++) {
            if (alg[i] == NULL)
                alg[i] = alg_fetch((enum alg_id)i);
            alg_all = alg_all && alg[i] != NULL;
        }
    }
    a = alg[id];
    pthread_mutex_unlock(&alg_lock);
    return a;
}

static lm_status digest(enum alg_id id, const struct lm__iov *v, size_t nv, uint8_t *out)
{
    EVP_MD *md = alg_get(id);
    EVP_MD_CTX *ctx;
    int ok;

    if (md == NULL)
        return LM_ENOTSUP;
    ctx = EVP_MD_CTX_new();
    if (ctx == NULL)
        return LM_ENOMEM;
    ok = EVP_DigestInit_ex2(ctx, md, NULL);
    for (size_t i = 0; i < nv && ok; i++)
        ok = EVP_DigestUpdate(ctx, v[i].p, v[i].n);
    if (ok)
        ok = EVP_DigestFinal_ex(ctx, out, NULL);
    EVP_MD_CTX_free(ctx);
    return ok ? LM_OK : LM_ESYS;
}

static lm_status hmac(const char *md, const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                      uint8_t *out, size_t outlen)
{
    static const uint8_t none[1];
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC_CTX *ctx;
    size_t got = 0;
    int ok;

    EVP_MAC *mac = alg_get(ALG_HMAC);

    if (mac == NULL)
        return LM_ENOTSUP;
    ctx = EVP_MAC_CTX_new(mac);
    if (ctx == NULL)
        return LM_ENOMEM;
    /* A NULL key would mean "keep the previous key" to EVP_MAC_init; an empty HMAC key is still a key. */
    ok = EVP_MAC_init(ctx, key != NULL ? key : none, klen, params);
    for (size_t i = 0; i < nv && ok; i++)
        ok = EVP_MAC_update(ctx, v[i].p, v[i].n);
    if (ok)
        ok = EVP_MAC_final(ctx, out, &got, outlen) && got == outlen;
    EVP_MAC_CTX_free(ctx);
    return ok ? LM_OK : LM_ESYS;
}

lm_status lm__md5(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD5_LEN])
{
    return digest(ALG_MD5, v, nv, out);
}

lm_status lm__sha256(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA256_LEN])
{
    return digest(ALG_SHA256, v, nv, out);
}

lm_status lm__sha512(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA512_LEN])
{
    return digest(ALG_SHA512, v, nv, out);
}

lm_status lm__hmac_md5(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                       uint8_t out[LM__MD5_LEN])
{
    return hmac("MD5", key, klen, v, nv, out, LM__MD5_LEN);
}

lm_status lm__hmac_sha256(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__SHA256_LEN])
{
    return hmac("SHA2-256", key, klen, v, nv, out, LM__SHA256_LEN);
}

/* Two keyed contexts: ECB for single blocks and counters, CBC (its IV reset to y on each call) for
 * CBC-MACs, so that a CBC-MAC over many blocks is one library call rather than one per block. */
struct lm__aes128 {
    EVP_CIPHER_CTX *ecb, *cbc;
};

lm_status lm__aes128_open(const uint8_t key[LM__AES128_KEY], struct lm__aes128 **out)
{
    static const uint8_t zero_iv[LM__AES_BLOCK];
    EVP_CIPHER *ecb = alg_get(ALG_ECB), *cbc = alg_get(ALG_CBC);
    struct lm__aes128 *k;
    int ok;

    if (ecb == NULL || cbc == NULL)
        return LM_ENOTSUP;
    k = calloc(1, sizeof *k);
    if (k == NULL)
        return LM_ENOMEM;
    k->ecb = EVP_CIPHER_CTX_new();
    k->cbc = EVP_CIPHER_CTX_new();
    if (k->ecb == NULL || k->cbc == NULL) {
        lm__aes128_close(k);
        return LM_ENOMEM;
    }
    ok = EVP_EncryptInit_ex2(k->ecb, ecb, key, NULL, NULL) && EVP_CIPHER_CTX_set_padding(k->ecb, 0) &&
         EVP_EncryptInit_ex2(k->cbc, cbc, key, zero_iv, NULL) && EVP_CIPHER_CTX_set_padding(k->cbc, 0);
    if (!ok) {
        lm__aes128_close(k);
        return LM_ESYS;
    }
    *out = k;
    return LM_OK;
}

void lm__aes128_close(struct lm__aes128 *k)
{
    if (k == NULL)
        return;
    EVP_CIPHER_CTX_free(k->ecb); /* frees and wipes the key schedule */
    EVP_CIPHER_CTX_free(k->cbc);
    free(k);
}

/* Encrypts len bytes (whole blocks) through ctx, in <= EVP_CHUNK pieces. */
static int update_all(EVP_CIPHER_CTX *ctx, const uint8_t *in, uint8_t *out, size_t len)
{
    while (len > 0) {
        size_t take = len < EVP_CHUNK ? len : EVP_CHUNK;
        int outl;

        if (!EVP_EncryptUpdate(ctx, out, &outl, in, (int)take) || (size_t)outl != take)
            return 0;
        in += take;
        out += take;
        len -= take;
    }
    return 1;
}

lm_status lm__aes128_ecb(struct lm__aes128 *k, const uint8_t *in, uint8_t *out, size_t len)
{
    if (len % LM__AES_BLOCK != 0)
        return LM_EINVAL;
    return update_all(k->ecb, in, out, len) ? LM_OK : LM_ESYS;
}

lm_status lm__aes128_cbcmac(struct lm__aes128 *k, uint8_t y[LM__AES_BLOCK], const uint8_t *p, size_t len)
{
    /* The ciphertext is thrown away but for its last block: it goes through this scratch space. */
    uint8_t scratch[64 * LM__AES_BLOCK];
    int ok;

    if (len % LM__AES_BLOCK != 0)
        return LM_EINVAL;
    if (len == 0)
        return LM_OK;
    ok = EVP_EncryptInit_ex2(k->cbc, NULL, NULL, y, NULL);
    while (ok && len > 0) {
        size_t take = len < sizeof scratch ? len : sizeof scratch;

        ok = update_all(k->cbc, p, scratch, take);
        if (ok && take == len)
            memcpy(y, scratch + take - LM__AES_BLOCK, LM__AES_BLOCK);
        p += take;
        len -= take;
    }
    lm__memzero(scratch, sizeof scratch);
    return ok ? LM_OK : LM_ESYS;
}

lm_status lm__aes128_gcm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t tag[LM__AES_TAG])
{
    EVP_CIPHER *gcm;
    EVP_CIPHER_CTX *ctx;
    uint8_t fin[LM__AES_BLOCK];
    int ok, outl;
    lm_status st = LM_ESYS;

    if (nlen != GCM_NONCE)
        return LM_EINVAL;
    if ((gcm = alg_get(ALG_GCM)) == NULL)
        return LM_ENOTSUP;
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        return LM_ENOMEM;
    /* The default IV length of AES-GCM is 12 bytes, SMB's nonce length. */
    ok = EVP_CipherInit_ex2(ctx, gcm, key, nonce, encrypt ? 1 : 0, NULL);
    /* The AAD is fed in pieces too: the GMAC signature of a large message is all AAD. */
    for (size_t off = 0; ok && off < alen; off += EVP_CHUNK) {
        size_t take = alen - off < EVP_CHUNK ? alen - off : EVP_CHUNK;

        ok = EVP_CipherUpdate(ctx, NULL, &outl, aad + off, (int)take);
    }
    for (size_t off = 0; ok && off < len; off += EVP_CHUNK) {
        size_t take = len - off < EVP_CHUNK ? len - off : EVP_CHUNK;

        ok = EVP_CipherUpdate(ctx, buf + off, &outl, buf + off, (int)take) && (size_t)outl == take;
    }
    if (ok && !encrypt)
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, LM__AES_TAG, tag);
    if (ok) {
        /* A decrypt fails here, and only here, when the tag does not verify. */
        if (EVP_CipherFinal_ex(ctx, fin, &outl) > 0)
            st = encrypt && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, LM__AES_TAG, tag) ? LM_ESYS
                                                                                               : LM_OK;
        else
            st = encrypt ? LM_ESYS : LM_ESIGNATURE;
    }
    EVP_CIPHER_CTX_free(ctx);
    return st;
}

/* EVP's CCM (OpenSSL's own, 2.2 times modes.c's on AES-NI): one update over the whole message, as EVP's CCM
 * requires, so a message over INT_MAX bytes (never one of SMB's) goes to modes.c's. */
lm_status lm__aes128_ccm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag, size_t tlen)
{
    static uint8_t none[1];
    EVP_CIPHER *ccm;
    EVP_CIPHER_CTX *ctx;
    uint8_t fin[LM__AES_BLOCK];
    int ok, outl;
    lm_status st = LM_ESYS;

    if (!lm__ccm_sizes_ok(nlen, tlen, len))
        return LM_EINVAL;
    if (len > INT_MAX || alen > INT_MAX)
        return lm__ccm_blocks(key, encrypt, nonce, nlen, aad, alen, buf, len, tag, tlen);
    if ((ccm = alg_get(ALG_CCM)) == NULL)
        return LM_ENOTSUP;
    if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
        return LM_ENOMEM;
    /* The nonce and tag lengths go before the key and nonce; the message length before the AAD. */
    ok = EVP_CipherInit_ex2(ctx, ccm, NULL, NULL, encrypt ? 1 : 0, NULL) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)nlen, NULL) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tlen, encrypt ? NULL : tag) &&
         EVP_CipherInit_ex2(ctx, NULL, key, nonce, encrypt ? 1 : 0, NULL) &&
         EVP_CipherUpdate(ctx, NULL, &outl, NULL, (int)len) &&
         (alen == 0 || EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)alen));
    if (ok) {
        /* A decrypt fails here, and only here, when the tag does not verify. An empty message still goes
         * through the update (with a pointer that is not NULL), which computes the tag. */
        if (EVP_CipherUpdate(ctx, len > 0 ? buf : none, &outl, len > 0 ? buf : none, (int)len) > 0)
            st = !encrypt || (EVP_CipherFinal_ex(ctx, fin, &outl) > 0 &&
                              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)tlen, tag) > 0)
                     ? LM_OK
                     : LM_ESYS;
        else
            st = encrypt ? LM_ESYS : LM_ESIGNATURE;
    }
    EVP_CIPHER_CTX_free(ctx);
    return st;
}

lm_status lm__random(void *p, size_t n)
{
    uint8_t *b = p;

    while (n > 0) {
        ssize_t got = getrandom(b, n, 0);

        if (got < 0) {
            if (errno == EINTR)
                continue;
            return LM_ESYS;
        }
        b += got;
        n -= (size_t)got;
    }
    return LM_OK;
}
