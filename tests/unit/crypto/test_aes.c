/* AES modes, known answers: AES-CMAC from RFC 4493 section 4 (all four examples), AES-CCM from RFC 3610
 * section 8 (packet vector #1) and NIST SP 800-38C appendix C (C.1-C.3), AES-GCM from McGrew & Viega, "The
 * Galois/Counter Mode of Operation", appendix B (test cases 2, 3 and 4).
 *
 * SMB 3.x uses CCM with an 11-byte nonce and a 16-byte tag, sizes none of the published vectors has; the
 * vector ccm_smb_sizes uses was computed with OpenSSL (Python cryptography's AESCCM), an implementation
 * independent of modes.c. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "hex.h"
#include "crypto/block.h"
#include "crypto/crypto.h"

static uint8_t *H(const char *s, size_t *n)
{
    return lmt_unhex(s, n);
}

/* RFC 4493 section 4 */
static const char cmac_key[] = "2b7e151628aed2a6abf7158809cf4f3c";
static const char cmac_msg[] = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                               "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

static void cmac_one(size_t mlen, const char *want_hex)
{
    size_t kn, mn, wn;
    uint8_t *k = H(cmac_key, &kn), *m = H(cmac_msg, &mn), *want = H(want_hex, &wn);
    uint8_t got[16];
    int bad = 0;

    /* Whole, then in every two-piece split with an empty piece between (awkward places included). */
    for (size_t cut = 0; cut <= mlen; cut++) {
        struct lm__iov v[3] = {{m, cut}, {m + cut, 0}, {m + cut, mlen - cut}};

        memset(got, 0, sizeof got);
        bad |= lm__aes128_cmac(k, v, 3, got) != LM_OK;
        bad |= memcmp(got, want, 16) != 0;
    }
    free(k);
    free(m);
    free(want);
    LMT_EQ(bad, 0);
}

static void cmac_rfc4493(void)
{
    cmac_one(0, "bb1d6929e95937287fa37d129b756746");
    cmac_one(16, "070a16b46b4d4144f79bdd9dd04a287c");
    cmac_one(40, "dfa66747de9ae63030ca32611497c827");
    cmac_one(64, "51f0bebf7e3b9d92fc49741779363cfe");
}

/* The two CCMs: the backend's (OpenSSL's natively, modes.c's under Wine) and modes.c's own, which Windows
 * runs; natively both are checked against every vector. */
typedef lm_status ccm_fn(const uint8_t *key, int encrypt, const uint8_t *nonce, size_t nlen,
                         const uint8_t *aad, size_t alen, uint8_t *buf, size_t len, uint8_t *tag,
                         size_t tlen);
static ccm_fn *const ccms[] = {lm__aes128_ccm, lm__ccm_blocks};
#define NCCM (sizeof ccms / sizeof ccms[0])

/* Encrypts p with each general CCM, compares ciphertext||tag, decrypts back, then flips one tag bit. */
static void ccm_one(const char *key, const char *nonce, const char *aad, const char *pt, size_t tlen,
                    const char *want_ct_tag)
{
    size_t kn, nn, an, pn, wn;
    uint8_t *k = H(key, &kn), *n = H(nonce, &nn), *a = H(aad, &an), *p = H(pt, &pn), *w = H(want_ct_tag, &wn);
    uint8_t *buf = malloc(pn + 1), tag[16];
    int bad = 0;

    LMT_PTR_OK(buf);
    for (size_t i = 0; i < NCCM; i++) {
        memcpy(buf, p, pn);
        bad |= ccms[i](k, 1, n, nn, a, an, buf, pn, tag, tlen) != LM_OK;
        bad |= wn != pn + tlen;
        bad |= memcmp(buf, w, pn) != 0 || memcmp(tag, w + pn, tlen) != 0;
        bad |= ccms[i](k, 0, n, nn, a, an, buf, pn, tag, tlen) != LM_OK;
        bad |= memcmp(buf, p, pn) != 0;
        memcpy(buf, w, pn);
        tag[tlen - 1] ^= 1;
        bad |= ccms[i](k, 0, n, nn, a, an, buf, pn, tag, tlen) != LM_ESIGNATURE;
    }
    free(k);
    free(n);
    free(a);
    free(p);
    free(w);
    free(buf);
    LMT_EQ(bad, 0);
}

/* The backend's CCM and modes.c's give the same ciphertext and tag at SMB's sizes (11-byte nonce, 16-byte
 * tag, a 32-byte AAD or none) for lengths around block and batch edges, up to a 1 MiB READ; each opens what
 * the other sealed, and neither opens it with one bit changed. */
static void ccm_backends_agree(void)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 70, 4096, 65541, 1048576 + 3};
    enum { MAX = 1048576 + 3 };
    uint8_t *x = malloc(MAX), *y = malloc(MAX), k[16], n[11], a[32], tx[16], ty[16];
    int bad = 0;

    LMT_PTR_OK(x);
    LMT_PTR_OK(y);
    for (size_t i = 0; i < sizeof k; i++)
        k[i] = (uint8_t)(0x5a ^ i);
    for (size_t i = 0; i < sizeof n; i++)
        n[i] = (uint8_t)(0x30 + i);
    for (size_t i = 0; i < sizeof a; i++)
        a[i] = (uint8_t)(0x80 + i);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        for (size_t alen = 0; alen <= sizeof a; alen += sizeof a) {
            size_t len = lens[i];

            for (size_t j = 0; j < len; j++)
                x[j] = y[j] = (uint8_t)(j * 13 + i);
            bad |= lm__aes128_ccm(k, 1, n, sizeof n, a, alen, x, len, tx, 16) != LM_OK;
            bad |= lm__ccm_blocks(k, 1, n, sizeof n, a, alen, y, len, ty, 16) != LM_OK;
            bad |= memcmp(x, y, len) != 0 || memcmp(tx, ty, 16) != 0;
            bad |= lm__ccm_blocks(k, 0, n, sizeof n, a, alen, x, len, tx, 16) != LM_OK;
            bad |= lm__aes128_ccm(k, 0, n, sizeof n, a, alen, y, len, ty, 16) != LM_OK;
            for (size_t j = 0; j < len; j++)
                bad |= x[j] != (uint8_t)(j * 13 + i) || y[j] != x[j];
            bad |= lm__aes128_ccm(k, 1, n, sizeof n, a, alen, x, len, tx, 16) != LM_OK;
            memcpy(y, x, len);
            memcpy(ty, tx, 16);
            /* one bit changed: of the ciphertext, or of the tag when there is none */
            *(len > 0 ? &x[len / 2] : &tx[0]) ^= 0x10;
            *(len > 0 ? &y[len / 2] : &ty[0]) ^= 0x10;
            bad |= lm__aes128_ccm(k, 0, n, sizeof n, a, alen, x, len, tx, 16) != LM_ESIGNATURE;
            bad |= lm__ccm_blocks(k, 0, n, sizeof n, a, alen, y, len, ty, 16) != LM_ESIGNATURE;
        }
    }
    free(x);
    free(y);
    LMT_EQ(bad, 0);
}

static void ccm_rfc3610(void)
{
    /* Packet Vector #1: 13-byte nonce, 8-byte header, 23-byte payload, M = 8. */
    ccm_one("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000003020100a0a1a2a3a4a5", "0001020304050607",
            "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", 8,
            "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
}

static void ccm_sp800_38c(void)
{
    static const char k[] = "404142434445464748494a4b4c4d4e4f";

    ccm_one(k, "10111213141516", "0001020304050607", "20212223", 4, "7162015b4dac255d"); /* C.1 */
    ccm_one(k, "1011121314151617", "000102030405060708090a0b0c0d0e0f", "202122232425262728292a2b2c2d2e2f", 6,
            "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd"); /* C.2 */
    ccm_one(k, "101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213",
            "202122232425262728292a2b2c2d2e2f3031323334353637", 8,
            "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951"); /* C.3 */
}

/* The SMB 3.x shape through the public API: 11-byte nonce, 16-byte tag, a 32-byte AAD (as the tail of a
 * TRANSFORM_HEADER is) and a 70-byte payload that ends inside a block. */
static void ccm_smb_sizes(void)
{
    static const char p[] = "SMB2 encrypted payload spanning several AES blocks, odd length: 70 B!!";
    size_t wn;
    uint8_t k[16], n[11], a[32], buf[70], tag[16], *w;

    for (size_t i = 0; i < sizeof k; i++)
        k[i] = (uint8_t)(0x10 + i);
    for (size_t i = 0; i < sizeof n; i++)
        n[i] = (uint8_t)(0xa0 + i);
    for (size_t i = 0; i < sizeof a; i++)
        a[i] = (uint8_t)(0x40 + i);
    LMT_EQ(strlen(p), sizeof buf);
    w = H("3f055cc53c7dbd3965bd7967580329d46bb4ca63545034404ceebea232464d0370d3565a721eda7142d6c1e0f8fc7179"
          "fc78a1a95717de827ba65d2f4a94ae97ea63df589600c031c335b137d92cf5dafc299b55f43f",
          &wn);
    LMT_EQ(wn, sizeof buf + sizeof tag);
    memcpy(buf, p, sizeof buf);
    LMT_EQ(lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    wn = memcmp(buf, w, sizeof buf) != 0 || memcmp(tag, w + sizeof buf, sizeof tag) != 0;
    free(w);
    LMT_EQ(wn, 0);
    LMT_EQ(lm__aes128_ccm_decrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    LMT_MEM(buf, p, sizeof buf);
    /* Tampered tag, ciphertext or AAD: the decrypt must refuse. */
    LMT_EQ(lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    tag[0] ^= 0x01;
    LMT_EQ(lm__aes128_ccm_decrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_ESIGNATURE);
    tag[0] ^= 0x01;
    LMT_EQ(lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    /* buf now holds the plaintext again: re-encrypt from it, then flip a ciphertext bit. */
    memcpy(buf, p, sizeof buf);
    LMT_EQ(lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    buf[69] ^= 0x80;
    LMT_EQ(lm__aes128_ccm_decrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_ESIGNATURE);
    memcpy(buf, p, sizeof buf);
    LMT_EQ(lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_OK);
    a[31] ^= 0x01;
    LMT_EQ(lm__aes128_ccm_decrypt(k, n, sizeof n, a, sizeof a, buf, sizeof buf, tag), LM_ESIGNATURE);
}

/* Messages longer than a backend batch (BCrypt's CBC-MAC goes 4096 bytes per call), whole and split around
 * the batch edges; expected values computed with OpenSSL (Python cryptography's CMAC and AESCCM). */
static void long_messages(void)
{
    static const size_t cuts[] = {0, 15, 16, 17, 4095, 4096, 4097, 8197, 10000};
    enum { N = 10000 };
    uint8_t *m = malloc(N), k[16], n[11], a[32], tag[16], mac[16], digest[LM__SHA256_LEN];
    struct lm__iov whole;
    int bad = 0;

    LMT_PTR_OK(m);
    for (size_t i = 0; i < N; i++)
        m[i] = (uint8_t)(i * 7 + 3);
    for (size_t i = 0; i < sizeof k; i++)
        k[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof n; i++)
        n[i] = (uint8_t)(0xa0 + i);
    for (size_t i = 0; i < sizeof a; i++)
        a[i] = (uint8_t)(0x40 + i);
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        struct lm__iov v[2] = {{m, cuts[i]}, {m + cuts[i], N - cuts[i]}};

        memset(mac, 0, sizeof mac);
        bad |= lm__aes128_cmac(k, v, 2, mac) != LM_OK;
        bad |=
            lm__ct_memcmp(mac, "\x54\x76\x61\xe0\xc4\x37\xa4\xf9\x60\x9e\x5c\x1b\xaa\x8d\x9b\x60", 16) != 0;
    }
    bad |= lm__aes128_ccm_encrypt(k, n, sizeof n, a, sizeof a, m, N, tag) != LM_OK;
    bad |= memcmp(tag, "\xe0\x96\xa9\x89\xe4\x4b\x22\x65\xcb\x15\xbd\x5c\x41\xe3\xc5\x41", 16) != 0;
    whole = (struct lm__iov){m, N};
    bad |= lm__sha256(&whole, 1, digest) != LM_OK;
    bad |= memcmp(digest,
                  "\xdf\xb0\x15\xab\xbc\xdc\x48\xec\x3c\x98\x6b\x4c\xb0\x9c\xb6\x61"
                  "\xff\x60\xda\xce\x85\x37\x29\x3b\xc1\x1f\xc3\xe6\xf2\xa1\x07\x64",
                  sizeof digest) != 0;
    bad |= lm__aes128_ccm_decrypt(k, n, sizeof n, a, sizeof a, m, N, tag) != LM_OK;
    for (size_t i = 0; i < N; i++)
        bad |= m[i] != (uint8_t)(i * 7 + 3);
    free(m);
    LMT_EQ(bad, 0);
}

static void ccm_bad_sizes(void)
{
    uint8_t k[16] = {0}, n[14] = {0}, buf[16] = {0}, tag[16];

    for (size_t i = 0; i < NCCM; i++) {
        LMT_EQ(ccms[i](k, 1, n, 6, NULL, 0, buf, sizeof buf, tag, 16), LM_EINVAL);
        LMT_EQ(ccms[i](k, 1, n, 14, NULL, 0, buf, sizeof buf, tag, 16), LM_EINVAL);
        LMT_EQ(ccms[i](k, 1, n, 11, NULL, 0, buf, sizeof buf, tag, 5), LM_EINVAL);
        LMT_EQ(ccms[i](k, 1, n, 11, NULL, 0, buf, sizeof buf, tag, 18), LM_EINVAL);
        /* A 13-byte nonce leaves 2 bytes for the length: 65536 bytes do not fit (checked before any access).
         */
        LMT_EQ(ccms[i](k, 1, n, 13, NULL, 0, buf, 65536, tag, 16), LM_EINVAL);
    }
    LMT_EQ(lm__aes128_gcm_encrypt(k, n, 11, NULL, 0, buf, sizeof buf, tag), LM_EINVAL);
}

static void gcm_one(const char *key, const char *iv, const char *aad, const char *pt, const char *ct,
                    const char *tag_hex)
{
    size_t kn, nn, an, pn, cn, tn;
    uint8_t *k = H(key, &kn), *n = H(iv, &nn), *a = H(aad, &an), *p = H(pt, &pn), *c = H(ct, &cn),
            *t = H(tag_hex, &tn);
    uint8_t *buf = malloc(pn + 1), tag[16];
    int bad = cn != pn || tn != 16;

    LMT_PTR_OK(buf);
    memcpy(buf, p, pn);
    bad |= lm__aes128_gcm_encrypt(k, n, nn, a, an, buf, pn, tag) != LM_OK;
    bad |= memcmp(buf, c, cn) != 0 || memcmp(tag, t, 16) != 0;
    bad |= lm__aes128_gcm_decrypt(k, n, nn, a, an, buf, pn, t) != LM_OK;
    bad |= memcmp(buf, p, pn) != 0;
    memcpy(buf, c, cn);
    t[15] ^= 0x40;
    bad |= lm__aes128_gcm_decrypt(k, n, nn, a, an, buf, pn, t) != LM_ESIGNATURE;
    free(k);
    free(n);
    free(a);
    free(p);
    free(c);
    free(t);
    free(buf);
    LMT_EQ(bad, 0);
}

static const char gcm_k[] = "feffe9928665731c6d6a8f9467308308";
static const char gcm_iv[] = "cafebabefacedbaddecaf888";
static const char gcm_p[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
static const char gcm_c[] = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";

static void gcm_mcgrew_viega(void)
{
    /* Test case 2 */
    gcm_one("00000000000000000000000000000000", "000000000000000000000000", "",
            "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78",
            "ab6e47d42cec13bdf53a67b21257bddf");
    /* Test case 3: the 64-byte plaintext (gcm_p/gcm_c hold its first 60 bytes). */
    gcm_one(gcm_k, gcm_iv, "",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4");
    /* Test case 4: 60 bytes with 20 bytes of AAD. */
    gcm_one(gcm_k, gcm_iv, "feedfacedeadbeeffeedfacedeadbeefabaddad2", gcm_p, gcm_c,
            "5bc94fbc3221a5db94fae95ae7121a47");
}

static const struct lmt_test tests[] = {
    LMT_TEST(cmac_rfc4493),       LMT_TEST(ccm_rfc3610),      LMT_TEST(ccm_sp800_38c),
    LMT_TEST(ccm_smb_sizes),      LMT_TEST(ccm_bad_sizes),    LMT_TEST(long_messages),
    LMT_TEST(ccm_backends_agree), LMT_TEST(gcm_mcgrew_viega), LMT_END,
};

const struct lmt_suite lmt_suite_aes = {"aes", NULL, NULL, NULL, tests};
