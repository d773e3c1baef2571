/* Digest and HMAC known answers: RFC 1320 (MD4) A.5, RFC 1321 (MD5) A.5, FIPS 180-2 appendices B and C
 * (SHA-256 and SHA-512 "abc" and two-block messages), RFC 2202 section 2 (HMAC-MD5), RFC 4231 section 4
 * (HMAC-SHA256). Each message is also hashed split into pieces at awkward places (empty pieces, inside a
 * block, on a block boundary), since SMB2 signs messages that come in several pieces. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "hex.h"
#include "crypto/crypto.h"

typedef lm_status (*digest_fn)(const struct lm__iov *v, size_t nv, uint8_t *out);

#define DIGITS80 \
    "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"

/* The message whole, then split at each cut point that fits in it (with an empty piece in the middle). */
static void check_split(digest_fn fn, const void *msg, size_t n, const char *want_hex)
{
    static const size_t cuts[] = {0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129};
    size_t wn;
    uint8_t *want = lmt_unhex(want_hex, &wn);
    uint8_t got[LM__SHA512_LEN];
    struct lm__iov whole = {msg, n};
    const uint8_t *m = msg;
    int bad = fn(&whole, 1, got) != LM_OK || memcmp(got, want, wn) != 0;

    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        size_t c = cuts[i];
        struct lm__iov v[3];

        if (c > n)
            continue;
        v[0] = (struct lm__iov){m, c};
        v[1] = (struct lm__iov){m + c, 0};
        v[2] = (struct lm__iov){m + c, n - c};
        memset(got, 0, sizeof got);
        bad |= fn(v, 3, got) != LM_OK || memcmp(got, want, wn) != 0;
    }
    free(want);
    LMT_EQ(bad, 0);
}

static lm_status md4(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__md4(v, nv, out);
}
static lm_status md5(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__md5(v, nv, out);
}
static lm_status sha256(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__sha256(v, nv, out);
}
static lm_status sha512(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__sha512(v, nv, out);
}

#define CHECK(fn, s, want) check_split(fn, s, strlen(s), want)

/* RFC 1320 A.5 */
static void md4_rfc1320(void)
{
    CHECK(md4, "", "31d6cfe0d16ae931b73c59d7e0c089c0");
    CHECK(md4, "a", "bde52cb31de33e46245e05fbdbd6fb24");
    CHECK(md4, "abc", "a448017aaf21d8525fc10ae87aa6729d");
    CHECK(md4, "message digest", "d9130a8164549fe818874806e1c7014b");
    CHECK(md4, "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9");
    CHECK(md4, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
          "043f8582f241db351ce627e153e7f0e4");
    check_split(md4, DIGITS80, 80, "e33b4ddc9c38f2199c3e7b164fcc0536");
}

/* RFC 1321 A.5 */
static void md5_rfc1321(void)
{
    CHECK(md5, "", "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5, "abc", "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0");
    check_split(md5, DIGITS80, 80, "57edf4a22be3c955ac49da2e2107b67a");
}

/* FIPS 180-2 B.1, B.2 */
static void sha256_fips180(void)
{
    CHECK(sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* FIPS 180-2 C.1, C.2 */
static void sha512_fips180(void)
{
    CHECK(sha512, "abc",
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CHECK(sha512,
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmn"
          "opqrstnopq"
          "rstu",
          "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

/* The HMACs take their key through a file-scope slot so that check_split can drive them. */
static const uint8_t *hkey;
static size_t hklen;

static lm_status hmac_md5(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__hmac_md5(hkey, hklen, v, nv, out);
}
static lm_status hmac_sha256(const struct lm__iov *v, size_t nv, uint8_t *out)
{
    return lm__hmac_sha256(hkey, hklen, v, nv, out);
}

static void with_key(uint8_t byte, size_t n, uint8_t *buf)
{
    memset(buf, byte, n);
    hkey = buf;
    hklen = n;
}

static const char big_key_msg[] = "Test Using Larger Than Block-Size Key - Hash Key First";

/* RFC 2202 section 2: test cases 1, 2 and 6 (key longer than the block). */
static void hmac_md5_rfc2202(void)
{
    uint8_t k[131];

    with_key(0x0b, 16, k);
    CHECK(hmac_md5, "Hi There", "9294727a3638bb1c13f48ef8158bfc9d");
    hkey = (const uint8_t *)"Jefe";
    hklen = 4;
    CHECK(hmac_md5, "what do ya want for nothing?", "750c783e6ab0b503eaa86e310a5db738");
    with_key(0xaa, 80, k);
    CHECK(hmac_md5, big_key_msg, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
}

/* RFC 4231 4.2, 4.3, 4.7 */
static void hmac_sha256_rfc4231(void)
{
    uint8_t k[131];

    with_key(0x0b, 20, k);
    CHECK(hmac_sha256, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    hkey = (const uint8_t *)"Jefe";
    hklen = 4;
    CHECK(hmac_sha256, "what do ya want for nothing?",
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    with_key(0xaa, 131, k);
    CHECK(hmac_sha256, big_key_msg, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void ct_memcmp(void)
{
    uint8_t a[32], b[32];

    memset(a, 0x5a, sizeof a);
    memcpy(b, a, sizeof b);
    LMT_EQ(lm__ct_memcmp(a, b, sizeof a), 0);
    LMT_EQ(lm__ct_memcmp(a, b, 0), 0);
    for (size_t i = 0; i < sizeof a; i++) {
        b[i] ^= 0x80;
        LMT_TRUE(lm__ct_memcmp(a, b, sizeof a) != 0);
        b[i] ^= 0x80;
    }
}

/* Not a quality test, only that bytes arrive: two 32-byte draws that agree would mean none did. */
static void random_fills(void)
{
    uint8_t a[32] = {0}, b[32] = {0};

    LMT_EQ(lm__random(a, sizeof a), LM_OK);
    LMT_EQ(lm__random(b, sizeof b), LM_OK);
    LMT_TRUE(memcmp(a, b, sizeof a) != 0);
    LMT_EQ(lm__random(a, 0), LM_OK);
}

static const struct lmt_test tests[] = {
    LMT_TEST(md4_rfc1320),    LMT_TEST(md5_rfc1321),      LMT_TEST(sha256_fips180),
    LMT_TEST(sha512_fips180), LMT_TEST(hmac_md5_rfc2202), LMT_TEST(hmac_sha256_rfc4231),
    LMT_TEST(ct_memcmp),      LMT_TEST(random_fills),     LMT_END,
};

const struct lmt_suite lmt_suite_hash = {"hash", NULL, NULL, NULL, tests};
