/* MD4 (RFC 1320), for NTLM's NT hash. OpenSSL 3 has MD4 only in its legacy provider, which a system may not
 * ship or load, so the POSIX backend has its own; BCrypt has MD4 on Windows. Portable: no OS or library
 * headers. Written from RFC 1320 section 3; its appendix A.5 vectors are the known-answer tests. */
#include <string.h>

#include "crypto/crypto.h"

#define MD4_BLOCK 64

struct md4 {
    uint32_t h[4];
    uint64_t len; /* bytes hashed so far */
    uint8_t buf[MD4_BLOCK];
    size_t fill;
};

static uint32_t rotl(uint32_t x, unsigned s)
{
    return x << s | x >> (32 - s);
}

/* RFC 1320 3.4: the auxiliary functions F (selection), G (majority) and H (parity). */
#define F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define G(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define H(x, y, z) ((x) ^ (y) ^ (z))

static void compress(uint32_t h[4], const uint8_t *p)
{
    /* Round orders and shifts of RFC 1320 3.4: round 1 takes words in order, round 2 by columns of a 4x4
     * grid, round 3 in bit-reversed order. */
    static const uint8_t r2[16] = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
    static const uint8_t r3[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
    static const uint8_t s1[4] = {3, 7, 11, 19}, s2[4] = {3, 5, 9, 13}, s3[4] = {3, 9, 11, 15};
    uint32_t x[16], v[4];

    for (size_t i = 0; i < 16; i++)
        x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    memcpy(v, h, sizeof v);
    /* Each step updates one of a, b, c, d in turn (a, d, c, b: index (4 - i) % 4) from the other three. */
    for (size_t i = 0; i < 16; i++) {
        uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
                 d = v[(7 - i % 4) % 4];

        *a = rotl(*a + F(b, c, d) + x[i], s1[i % 4]);
    }
    for (size_t i = 0; i < 16; i++) {
        uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
                 d = v[(7 - i % 4) % 4];

        *a = rotl(*a + G(b, c, d) + x[r2[i]] + 0x5A827999u, s2[i % 4]);
    }
    for (size_t i = 0; i < 16; i++) {
        uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
                 d = v[(7 - i % 4) % 4];

        *a = rotl(*a + H(b, c, d) + x[r3[i]] + 0x6ED9EBA1u, s3[i % 4]);
    }
    for (size_t i = 0; i < 4; i++)
        h[i] += v[i];
    lm__memzero(x, sizeof x);
    lm__memzero(v, sizeof v);
}

static void update(struct md4 *m, const uint8_t *p, size_t n)
{
    m->len += n;
    while (n > 0) {
        size_t take = MD4_BLOCK - m->fill < n ? MD4_BLOCK - m->fill : n;

        if (m->fill == 0 && n >= MD4_BLOCK) {
            compress(m->h, p);
            p += MD4_BLOCK;
            n -= MD4_BLOCK;
            continue;
        }
        memcpy(m->buf + m->fill, p, take);
        m->fill += take;
        p += take;
        n -= take;
        if (m->fill == MD4_BLOCK) {
            compress(m->h, m->buf);
            m->fill = 0;
        }
    }
}

lm_status lm__md4(const struct lm__iov *v, size_t nv, uint8_t out[LM__MD4_LEN])
{
    struct md4 m = {{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u}, 0, {0}, 0};
    uint8_t pad[MD4_BLOCK + 8] = {0x80};
    uint64_t bits;
    size_t padlen;

    for (size_t i = 0; i < nv; i++)
        update(&m, v[i].p, v[i].n);
    /* RFC 1320 3.1-3.2: a 1 bit, zeros to 56 mod 64 bytes, then the bit length, little-endian. */
    bits = m.len * 8;
    padlen = (m.fill < 56 ? 56 : 120) - m.fill;
    for (size_t i = 0; i < 8; i++)
        pad[padlen + i] = (uint8_t)(bits >> (8 * i));
    update(&m, pad, padlen + 8);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            out[4 * i + j] = (uint8_t)(m.h[i] >> (8 * j));
    lm__memzero(&m, sizeof m);
    return LM_OK;
}
