/* bench_crypto: MB/s of each lib/crypto primitive, per message size, through lib/crypto's own interface (so a
 * backend's per-call cost counts, as it does for an SMB message). Rates are bytes per second of this
 * process's CPU time, which is what `openssl speed` reports by default too, so that bench/crypto.sh can put
 * the two side by side on a shared machine. Not a test: it asserts nothing about time.
 *
 *   bench_crypto [SECONDS] [SIZE...]     defaults: 0.5 s of CPU per primitive and size; 64 1024 16384 1048576
 *
 * Prints "primitive size MB/s" lines (MB = 10^6 bytes). Exits 1 if a primitive fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto.h"

enum prim { GCM_ENC, GCM_DEC, GMAC, CCM_ENC, CMAC, HMAC_SHA256, SHA256, SHA512, HMAC_MD5, MD5, MD4, NPRIM };

static const char *const names[NPRIM] = {
    "aes-128-gcm-enc",
    "aes-128-gcm-dec",
    "aes-128-gmac",
    "aes-128-ccm-enc",
    "aes-128-cmac",
    "hmac-sha256",
    "sha256",
    "sha512",
    "hmac-md5",
    "md5",
    "md4",
};

static double cpu_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One operation of primitive p over buf[0..n); LM_OK or the primitive's error. */
static lm_status one(enum prim p, uint8_t *buf, size_t n, uint8_t tag[LM__AES_TAG])
{
    static const uint8_t key[LM__AES128_KEY] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t nonce[12] = {0xCA, 0xFE};
    static const uint8_t aad[32] = {0xAA};
    struct lm__iov v = {buf, n};
    uint8_t out[LM__SHA512_LEN];

    switch (p) {
    case GCM_ENC:
        return lm__aes128_gcm_encrypt(key, nonce, 12, aad, sizeof aad, buf, n, tag);
    case GCM_DEC:
        return lm__aes128_gcm_decrypt(key, nonce, 12, aad, sizeof aad, buf, n, tag);
    case GMAC:
        /* As SMB signs with AES-GMAC: the whole message is associated data, nothing is encrypted. */
        return lm__aes128_gcm_encrypt(key, nonce, 12, buf, n, NULL, 0, tag);
    case CCM_ENC:
        return lm__aes128_ccm_encrypt(key, nonce, 11, aad, sizeof aad, buf, n, tag);
    case CMAC:
        return lm__aes128_cmac(key, &v, 1, out);
    case HMAC_SHA256:
        return lm__hmac_sha256(key, sizeof key, &v, 1, out);
    case SHA256:
        return lm__sha256(&v, 1, out);
    case SHA512:
        return lm__sha512(&v, 1, out);
    case HMAC_MD5:
        return lm__hmac_md5(key, sizeof key, &v, 1, out);
    case MD5:
        return lm__md5(&v, 1, out);
    case MD4:
        return lm__md4(&v, 1, out);
    case NPRIM:
        break;
    }
    return LM_EINVAL;
}

int main(int argc, char **argv)
{
    static const size_t def_sizes[] = {64, 1024, 16384, 1048576};
    double seconds = argc > 1 ? strtod(argv[1], NULL) : 0.5;
    size_t nsizes = argc > 2 ? (size_t)(argc - 2) : sizeof def_sizes / sizeof def_sizes[0];

    if (!(seconds > 0)) {
        fprintf(stderr, "bench_crypto: SECONDS must be positive\n");
        return 2;
    }
    for (size_t s = 0; s < nsizes; s++) {
        size_t n = argc > 2 ? strtoul(argv[2 + s], NULL, 10) : def_sizes[s];
        uint8_t *buf = malloc(n > 0 ? n : 1), tag[LM__AES_TAG];

        if (buf == NULL || n == 0) {
            fprintf(stderr, "bench_crypto: bad size or no memory for %zu bytes\n", n);
            return 2;
        }
        memset(buf, 0x5A, n);
        for (int p = 0; p < NPRIM; p++) {
            double t0, t;
            unsigned long iters = 0;

            if (p == GCM_DEC && one(GCM_ENC, buf, n, tag) != LM_OK)
                return 1;
            t0 = cpu_now();
            do {
                /* Enough calls between clock reads that reading the clock costs nothing. */
                for (int i = 0; i < 16; i++, iters++) {
                    lm_status st = one((enum prim)p, buf, n, tag);

                    /* Only the first decrypt has a genuine ciphertext (checked: it must verify); the rest
                     * decrypt the output of the one before, whose tag then fails after the same work. */
                    if (st == LM_ESIGNATURE && p == GCM_DEC && iters > 0)
                        st = LM_OK;
                    if (st != LM_OK) {
                        fprintf(stderr, "bench_crypto: %s failed at %zu bytes\n", names[p], n);
                        return 1;
                    }
                }
                t = cpu_now() - t0;
            } while (t < seconds);
            printf("%s %zu %.1f\n", names[p], n, (double)iters * (double)n / t / 1e6);
            fflush(stdout);
        }
        free(buf);
    }
    return 0;
}
