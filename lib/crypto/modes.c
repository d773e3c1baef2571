/* The modes Wine's bcrypt lacks, built once on the backend's AES-ECB and CBC-MAC (block.h): AES-CMAC (RFC
 * 4493) and AES-CCM (NIST SP 800-38C, RFC 3610); and the crypto.h entry points for CCM and GCM, which call
 * the backend's (block.h). Both backends run this CMAC; Windows runs this CCM (lm__ccm_blocks), while the
 * POSIX backend has OpenSSL's, 2.2 times faster; the known-answer tests check lm__ccm_blocks natively and
 * under Wine, and the backend's CCM beside it. Portable: no OS or library headers. */
#include <string.h>

#include "crypto/block.h"
#include "crypto/crypto.h"

/* Counter blocks encrypted per backend call: BCrypt pays a fixed cost per call. */
#define CTR_BATCH 256

int lm__ct_memcmp(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t d = 0;

    for (size_t i = 0; i < n; i++)
        d |= (uint8_t)(x[i] ^ y[i]);
    return d != 0;
}

static void xor_block(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] ^= src[i];
}

/* RFC 4493 2.3: multiplication by x in GF(2^128), the subkey doubling. */
static void dbl(uint8_t out[LM__AES_BLOCK], const uint8_t in[LM__AES_BLOCK])
{
    uint8_t carry = (uint8_t)(in[0] >> 7);

    for (size_t i = 0; i < LM__AES_BLOCK - 1; i++)
        out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
    out[LM__AES_BLOCK - 1] = (uint8_t)(in[LM__AES_BLOCK - 1] << 1);
    out[LM__AES_BLOCK - 1] ^= (uint8_t)(0x87 & -carry);
}

lm_status lm__aes128_cmac(const uint8_t key[LM__AES128_KEY], const struct lm__iov *v, size_t nv,
                          uint8_t out[LM__AES_BLOCK])
{
    static const uint8_t zero[LM__AES_BLOCK];
    struct lm__aes128 *k;
    uint8_t x[LM__AES_BLOCK] = {0}, last[LM__AES_BLOCK], l[LM__AES_BLOCK] = {0}, sub[LM__AES_BLOCK];
    size_t blen = 0;
    lm_status st;

    st = lm__aes128_open(key, &k);
    if (st != LM_OK)
        return st;
    /* RFC 4493 2.4 is a CBC-MAC whose last block alone is mixed with a subkey, so that block is held back
     * until the input ends; everything before it goes to the backend in bulk. */
    for (size_t i = 0; i < nv && st == LM_OK; i++) {
        const uint8_t *p = v[i].p;
        size_t n = v[i].n;

        while (n > 0 && st == LM_OK) {
            size_t take;

            if (blen == LM__AES_BLOCK) {
                st = lm__aes128_cbcmac(k, x, last, LM__AES_BLOCK);
                blen = 0;
            }
            if (blen == 0 && n > LM__AES_BLOCK) {
                size_t bulk = (n - 1) / LM__AES_BLOCK * LM__AES_BLOCK; /* keeps at least one byte back */

                if (st == LM_OK)
                    st = lm__aes128_cbcmac(k, x, p, bulk);
                p += bulk;
                n -= bulk;
                continue;
            }
            take = LM__AES_BLOCK - blen < n ? LM__AES_BLOCK - blen : n;
            memcpy(last + blen, p, take);
            blen += take;
            p += take;
            n -= take;
        }
    }
    if (st == LM_OK)
        st = lm__aes128_cbcmac(k, l, zero, LM__AES_BLOCK); /* L = E(0^128) */
    if (st == LM_OK) {
        dbl(sub, l); /* K1 */
        if (blen < LM__AES_BLOCK) {
            dbl(sub, sub); /* K2, for a padded last block */
            last[blen] = 0x80;
            memset(last + blen + 1, 0, LM__AES_BLOCK - blen - 1);
        }
        xor_block(last, sub, LM__AES_BLOCK);
        st = lm__aes128_cbcmac(k, x, last, LM__AES_BLOCK);
    }
    if (st == LM_OK)
        memcpy(out, x, LM__AES_BLOCK);
    lm__aes128_close(k);
    lm__memzero(l, sizeof l);
    lm__memzero(sub, sizeof sub);
    lm__memzero(x, sizeof x);
    lm__memzero(last, sizeof last);
    return st;
}

/* CBC-MAC state of SP 800-38C A.2: y is the running value, with the first fill bytes of a partial block
 * already XORed in. */
struct cbcmac {
    struct lm__aes128 *k;
    uint8_t y[LM__AES_BLOCK];
    size_t fill;
};

static lm_status mac_update(struct cbcmac *m, const uint8_t *p, size_t n)
{
    lm_status st = LM_OK;

    while (n > 0 && st == LM_OK) {
        size_t take = LM__AES_BLOCK - m->fill < n ? LM__AES_BLOCK - m->fill : n;

        if (m->fill == 0 && n >= LM__AES_BLOCK) {
            size_t bulk = n / LM__AES_BLOCK * LM__AES_BLOCK; /* whole blocks in one backend call */

            st = lm__aes128_cbcmac(m->k, m->y, p, bulk);
            p += bulk;
            n -= bulk;
            continue;
        }

        xor_block(m->y + m->fill, p, take);
        m->fill += take;
        p += take;
        n -= take;
        if (m->fill == LM__AES_BLOCK) {
            st = lm__aes128_ecb(m->k, m->y, m->y, LM__AES_BLOCK);
            m->fill = 0;
        }
    }
    return st;
}

/* Zero padding to the block boundary is the same as encrypting the partial XOR state as it stands. */
static lm_status mac_pad(struct cbcmac *m)
{
    if (m->fill == 0)
        return LM_OK;
    m->fill = 0;
    return lm__aes128_ecb(m->k, m->y, m->y, LM__AES_BLOCK);
}

/* The counter block Ctr_i of SP 800-38C A.3: flags = q - 1, the nonce, then i in q bytes. */
static void ctr_block(uint8_t out[LM__AES_BLOCK], const uint8_t *nonce, size_t nlen, uint64_t i)
{
    size_t q = 15 - nlen;

    out[0] = (uint8_t)(q - 1);
    memcpy(out + 1, nonce, nlen);
    for (size_t j = 0; j < q; j++)
        out[LM__AES_BLOCK - 1 - j] = j < 8 ? (uint8_t)(i >> (8 * j)) : 0;
}

/* XORs the keystream for counters from..., CTR_BATCH blocks per backend call, into buf[0..n). */
static lm_status ctr_xor(struct lm__aes128 *k, const uint8_t *nonce, size_t nlen, uint64_t first,
                         uint8_t *buf, size_t n)
{
    uint8_t ks[CTR_BATCH * LM__AES_BLOCK];
    uint64_t ctr = first;
    lm_status st = LM_OK;

    while (n > 0 && st == LM_OK) {
        size_t blocks = (n + LM__AES_BLOCK - 1) / LM__AES_BLOCK, take;

        if (blocks > CTR_BATCH)
            blocks = CTR_BATCH;
        for (size_t b = 0; b < blocks; b++)
            ctr_block(ks + b * LM__AES_BLOCK, nonce, nlen, ctr++);
        st = lm__aes128_ecb(k, ks, ks, blocks * LM__AES_BLOCK);
        take = blocks * LM__AES_BLOCK < n ? blocks * LM__AES_BLOCK : n;
        if (st == LM_OK)
            xor_block(buf, ks, take);
        buf += take;
        n -= take;
    }
    lm__memzero(ks, sizeof ks);
    return st;
}

static lm_status ccm_mac(struct cbcmac *m, const uint8_t *nonce, size_t nlen, const uint8_t *aad, size_t alen,
                         const uint8_t *msg, size_t len, size_t tlen)
{
    uint8_t b0[LM__AES_BLOCK], alenc[10];
    size_t q = 15 - nlen, an = 0;
    lm_status st;

    /* SP 800-38C A.2.1: B0 = flags | N | Q. */
    b0[0] = (uint8_t)((alen > 0 ? 0x40 : 0) | ((tlen - 2) / 2) << 3 | (q - 1));
    memcpy(b0 + 1, nonce, nlen);
    for (size_t j = 0; j < q; j++)
        b0[LM__AES_BLOCK - 1 - j] = j < sizeof(size_t) ? (uint8_t)((uint64_t)len >> (8 * j)) : 0;
    st = mac_update(m, b0, sizeof b0);
    /* A.2.2: the associated data's length prefix. */
    if (alen > 0) {
        uint64_t a = alen;

        if (a < 0xFF00) {
            alenc[an++] = (uint8_t)(a >> 8);
            alenc[an++] = (uint8_t)a;
        } else if (a <= 0xFFFFFFFFu) {
            alenc[an++] = 0xFF;
            alenc[an++] = 0xFE;
            for (int s = 24; s >= 0; s -= 8)
                alenc[an++] = (uint8_t)(a >> s);
        } else {
            alenc[an++] = 0xFF;
            alenc[an++] = 0xFF;
            for (int s = 56; s >= 0; s -= 8)
                alenc[an++] = (uint8_t)(a >> s);
        }
        if (st == LM_OK)
            st = mac_update(m, alenc, an);
        if (st == LM_OK)
            st = mac_update(m, aad, alen);
        if (st == LM_OK)
            st = mac_pad(m);
    }
    if (st == LM_OK)
        st = mac_update(m, msg, len);
    if (st == LM_OK)
        st = mac_pad(m);
    return st;
}

bool lm__ccm_sizes_ok(size_t nlen, size_t tlen, size_t len)
{
    if (nlen < 7 || nlen > 13 || tlen < 4 || tlen > 16 || tlen % 2 != 0)
        return false;
    /* The length must fit in q = 15 - nlen bytes. */
    return 15 - nlen >= sizeof(size_t) || (uint64_t)len >> (8 * (15 - nlen)) == 0;
}

lm_status lm__ccm_blocks(const uint8_t key[LM__AES128_KEY], int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag, size_t tlen)
{
    struct cbcmac m = {0};
    uint8_t s0[LM__AES_BLOCK];
    lm_status st;

    if (!lm__ccm_sizes_ok(nlen, tlen, len))
        return LM_EINVAL;
    st = lm__aes128_open(key, &m.k);
    if (st != LM_OK)
        return st;
    /* The MAC covers the plaintext: before encryption, after decryption (SP 800-38C 6.1, 6.2). */
    if (encrypt) {
        st = ccm_mac(&m, nonce, nlen, aad, alen, buf, len, tlen);
        if (st == LM_OK)
            st = ctr_xor(m.k, nonce, nlen, 1, buf, len);
    } else {
        st = ctr_xor(m.k, nonce, nlen, 1, buf, len);
        if (st == LM_OK)
            st = ccm_mac(&m, nonce, nlen, aad, alen, buf, len, tlen);
    }
    if (st == LM_OK) {
        ctr_block(s0, nonce, nlen, 0);
        st = lm__aes128_ecb(m.k, s0, s0, LM__AES_BLOCK);
    }
    if (st == LM_OK) {
        xor_block(m.y, s0, tlen);
        if (encrypt)
            memcpy(tag, m.y, tlen);
        else if (lm__ct_memcmp(m.y, tag, tlen) != 0)
            st = LM_ESIGNATURE;
    }
    lm__aes128_close(m.k);
    lm__memzero(&m, sizeof m);
    lm__memzero(s0, sizeof s0);
    return st;
}

lm_status lm__aes128_ccm_encrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 uint8_t tag[LM__AES_TAG])
{
    return lm__aes128_ccm(key, 1, nonce, nlen, aad, alen, buf, len, tag, LM__AES_TAG);
}

lm_status lm__aes128_ccm_decrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 const uint8_t tag[LM__AES_TAG])
{
    uint8_t t[LM__AES_TAG];

    memcpy(t, tag, sizeof t);
    return lm__aes128_ccm(key, 0, nonce, nlen, aad, alen, buf, len, t, LM__AES_TAG);
}

lm_status lm__aes128_gcm_encrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 uint8_t tag[LM__AES_TAG])
{
    return lm__aes128_gcm(key, 1, nonce, nlen, aad, alen, buf, len, tag);
}

lm_status lm__aes128_gcm_decrypt(const uint8_t key[LM__AES128_KEY], const uint8_t *nonce, size_t nlen,
                                 const uint8_t *aad, size_t alen, uint8_t *buf, size_t len,
                                 const uint8_t tag[LM__AES_TAG])
{
    uint8_t t[LM__AES_TAG];

    /* The backends take a writable tag (they write it when encrypting); the caller's stays const. */
    memcpy(t, tag, sizeof t);
    return lm__aes128_gcm(key, 0, nonce, nlen, aad, alen, buf, len, t);
}
