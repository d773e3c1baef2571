/* The POSIX crypto backend: nettle for digests, HMAC, AES and GCM, getrandom() for random bytes. CMAC and
 * CCM come from modes.c on top of lm__aes128_ecb and lm__aes128_cbcmac, the same code the Windows backend
 * runs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/aes.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>
#include <nettle/md4.h>
#include <nettle/md5.h>
#include <nettle/memxor.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha2.h>

#include "crypto/block.h"
#include "crypto/crypto.h"

#define GCM_NONCE 12

/* Big enough for the context of any hash used here. */
union hash_ctx {
    struct md4_ctx md4;
    struct md5_ctx md5;
    struct sha256_ctx sha256;
    struct sha512_ctx sha512;
};

static lm_status digest(const struct nettle_hash *h, const struct lm__iov *v, size_t nv, uint8_t *out)
{
    union hash_ctx ctx;

    h->init(&ctx);
    for (size_t i = 0; i < nv; i++)
        h->update(&ctx, v[i].n, v[i].p);
    h->digest(&ctx, h->digest_size, out);
    lm__memzero(&ctx, sizeof ctx);
    return LM_OK;
}

static lm_status hmac(const struct nettle_hash *h, const uint8_t *key, size_t klen, const struct lm__iov *v,
                      size_t nv, uint8_t *out)
{
    union hash_ctx outer, inner, state;

    hmac_set_key(&outer, &inner, &state, h, klen, key);
    for (size_t i = 0; i < nv; i++)
        hmac_update(&state, h, v[i].n, v[i].p);
    hmac_digest(&outer, &inner, &state, h, h->digest_size, out);
    lm__memzero(&outer, sizeof outer);
    lm__memzero(&inner, sizeof inner);
    lm__memzero(&state, sizeof state);
    return LM_OK;
}

lm_status lm__md4(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD4_LEN])
{
    return digest(&nettle_md4, v, nv, out);
}

lm_status lm__md5(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD5_LEN])
{
    return digest(&nettle_md5, v, nv, out);
}

lm_status lm__sha256(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA256_LEN])
{
    return digest(&nettle_sha256, v, nv, out);
}

lm_status lm__sha512(const struct lm__iov *v, size_t nv, uint8_t out[LM__SHA512_LEN])
{
    return digest(&nettle_sha512, v, nv, out);
}

lm_status lm__hmac_md5(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                       uint8_t out[LM__MD5_LEN])
{
    return hmac(&nettle_md5, key, klen, v, nv, out);
}

lm_status lm__hmac_sha256(const uint8_t *key, size_t klen, const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__SHA256_LEN])
{
    return hmac(&nettle_sha256, key, klen, v, nv, out);
}

struct lm__aes128 {
    struct aes128_ctx ctx;
};

lm_status lm__aes128_open(const uint8_t key[LM__AES128_KEY], struct lm__aes128 **out)
{
    struct lm__aes128 *k = malloc(sizeof *k);

    if (k == NULL)
        return LM_ENOMEM;
    aes128_set_encrypt_key(&k->ctx, key);
    *out = k;
    return LM_OK;
}

void lm__aes128_close(struct lm__aes128 *k)
{
    if (k == NULL)
        return;
    lm__memzero(k, sizeof *k);
    free(k);
}

lm_status lm__aes128_ecb(struct lm__aes128 *k, const uint8_t *in, uint8_t *out, size_t len)
{
    if (len % LM__AES_BLOCK != 0)
        return LM_EINVAL;
    aes128_encrypt(&k->ctx, len, out, in);
    return LM_OK;
}

lm_status lm__aes128_cbcmac(struct lm__aes128 *k, uint8_t y[LM__AES_BLOCK], const uint8_t *p, size_t len)
{
    if (len % LM__AES_BLOCK != 0)
        return LM_EINVAL;
    for (; len > 0; p += LM__AES_BLOCK, len -= LM__AES_BLOCK) {
        memxor(y, p, LM__AES_BLOCK);
        aes128_encrypt(&k->ctx, LM__AES_BLOCK, y, y);
    }
    return LM_OK;
}

lm_status lm__aes128_gcm(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t tag[LM__AES_TAG])
{
    struct gcm_aes128_ctx ctx;
    uint8_t t[LM__AES_TAG];
    lm_status st = LM_OK;

    if (nlen != GCM_NONCE)
        return LM_EINVAL;
    gcm_aes128_set_key(&ctx, key);
    gcm_aes128_set_iv(&ctx, nlen, nonce);
    gcm_aes128_update(&ctx, alen, aad);
    if (encrypt)
        gcm_aes128_encrypt(&ctx, len, buf, buf);
    else
        gcm_aes128_decrypt(&ctx, len, buf, buf);
    gcm_aes128_digest(&ctx, sizeof t, t);
    if (encrypt)
        memcpy(tag, t, sizeof t);
    else if (lm__ct_memcmp(t, tag, sizeof t) != 0)
        st = LM_ESIGNATURE;
    lm__memzero(&ctx, sizeof ctx);
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
