/* SPNEGO (RFC 4178, MS-SPNG) around NTLMSSP: DER edge cases, golden negTokenInit bytes, real-world-shaped
 * negTokenInit2 / negTokenResp from the server, the full three-step exchange with both mechListMICs, and
 * truncated or corrupted tokens at every step. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "hex.h"
#include "vectors.h"
#include "smb/der.h"
#include "smb/spnego.h"

#define CAP (1u << 20)

static const lm_smb_credentials user = {
    .domain = "Domain", .user = "User", .password = "Password"}; /* workstation COMPUTER */
static const uint8_t cc[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static struct lm__auth *new_auth(const lm_smb_credentials *c)
{
    struct lm__auth *a = NULL;

    LMT_EQ(lm__auth_new(c, "COMPUTER", &a), LM_OK);
    lm__ntlm_set_test_hooks(lm__auth_ntlm(a), cc, 0);
    LMT_EQ(lm__ntlm_set_target(lm__auth_ntlm(a), "cifs/server.example.com"), LM_OK);
    return a;
}

/* Feeds hex (or, with hex NULL, the bytes p/n) to one step; out is reset first. */
static lm_status step_bytes(struct lm__auth *a, const uint8_t *p, size_t n, struct lm__buf *out,
                            lm_error *err)
{
    uint8_t *copy = n > 0 ? malloc(n) : NULL; /* exact size so ASan sees an overrun */
    lm_status st;

    if (n > 0) {
        LMT_PTR_OK(copy);
        memcpy(copy, p, n);
    }
    lm__buf_reset(out);
    lm_error_clear(err);
    st = lm__auth_step(a, copy, n, out, err);
    free(copy);
    return st;
}

static lm_status step_hex(struct lm__auth *a, const char *hex, struct lm__buf *out, lm_error *err)
{
    size_t n = 0;
    uint8_t *p = hex != NULL ? lmt_unhex(hex, &n) : NULL;
    lm_status st = step_bytes(a, p, n, out, err);

    free(p);
    return st;
}

static void der_reader(void)
{
    static const uint8_t ok[] = {0x04, 0x81, 0x02, 0xAA, 0xBB, 0x30, 0x00};
    static const uint8_t bad[][4] = {
        {0x04, 0x80, 0x00, 0x00}, /* indefinite length */
        {0x04, 0x85, 0x00, 0x00}, /* five length bytes */
        {0x1F, 0x01, 0x00, 0x00}, /* multi-byte tag */
        {0x04, 0x04, 0x00, 0x00}, /* longer than what is left */
        {0x04, 0x82, 0xFF, 0xFF}, /* far longer */
    };
    struct lm__cursor c, v;
    uint8_t tag;

    lm__cur_init(&c, ok, sizeof ok);
    LMT_TRUE(lm__der_get(&c, &tag, &v));
    LMT_EQ(tag, 0x04);
    LMT_EQ(v.len, 2);
    LMT_EQ(v.p[1], 0xBB);
    LMT_TRUE(lm__der_expect(&c, LM__DER_SEQUENCE, &v));
    LMT_EQ(v.len, 0);
    LMT_EQ(lm__cur_remaining(&c), 0);
    LMT_TRUE(!lm__der_get(&c, &tag, &v)); /* nothing left */
    lm__cur_init(&c, ok, sizeof ok);
    LMT_TRUE(!lm__der_expect(&c, LM__DER_OID, &v));
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lm__cur_init(&c, bad[i], sizeof bad[i]);
        LMT_TRUE(!lm__der_get(&c, &tag, &v));
        LMT_EQ(lm__cur_status(&v), LM_EPROTO);
    }
}

static void der_writer(void)
{
    static const size_t lens[] = {0, 1, 127, 128, 255, 256, 65535, 65536};
    struct lm__buf b;

    lm__buf_init(&b, CAP);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        struct lm__cursor c, v;
        uint8_t tag;

        lm__buf_reset(&b);
        lm__der_put_header(&b, LM__DER_OCTET_STR, lens[i]);
        LMT_EQ(b.len, lm__der_header_len(lens[i]));
        LMT_TRUE(lm__buf_extend(&b, lens[i]) != NULL || lens[i] == 0);
        lm__cur_init(&c, b.data, b.len);
        LMT_TRUE(lm__der_get(&c, &tag, &v));
        LMT_EQ(v.len, lens[i]);
        LMT_EQ(lm__cur_remaining(&c), 0);
    }
    /* X.690 8.1.3: the short form up to 127, then the fewest length bytes. */
    lm__buf_reset(&b);
    lm__der_put_header(&b, 0x04, 127);
    lm__der_put_header(&b, 0x04, 128);
    lm__der_put_header(&b, 0x04, 256);
    lmt_same_hex(b.data, b.len, "047f 048180 04820100");
    lm__buf_free(&b);
}

/* Step 1 without a server token: the negTokenInit, checked byte for byte (vectors.h; by hand: 60 48 {06 06
 * SPNEGO} a0 3e {30 3c {a0 0e {30 0c {06 0a NTLMSSP}} a2 2a {04 28 NEGOTIATE}}}). */
static void init_golden(void)
{
    struct lm__auth *a = new_auth(&user);
    struct lm__buf out;
    lm_error err;
    uint8_t key[16];

    lm__buf_init(&out, CAP);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    lmt_same_hex(out.data, out.len, v_init);
    LMT_TRUE(!lm__auth_done(a));
    LMT_EQ(lm__auth_session_key(a, key), LM_ENOENT);
    lm__buf_free(&out);
    lm__auth_free(a);
}

/* Step 1 with a server negTokenInit2 that lists NTLMSSP last, and one that does not list it. */
static void init2_from_server(void)
{
    struct lm__auth *a = new_auth(&user);
    struct lm__buf out;
    lm_error err;

    lm__buf_init(&out, CAP);
    LMT_EQ(step_hex(a, v_init2, &out, &err), LM_OK);
    lmt_same_hex(out.data, out.len, v_init);
    lm__auth_free(a);
    a = new_auth(&user);
    LMT_EQ(step_hex(a, v_init2_no_ntlm, &out, &err), LM_ENOTSUP);
    LMT_EQ(out.len, 0);
    LMT_TRUE(strstr(err.message, "NTLMSSP") != NULL);
    lm__buf_free(&out);
    lm__auth_free(a);
}

/* The whole exchange: AUTHENTICATE with the client's mechListMIC, then the server's verified. */
static void full_exchange(void)
{
    struct lm__auth *a = new_auth(&user);
    struct lm__buf out;
    lm_error err;
    uint8_t key[16];

    lm__buf_init(&out, CAP);
    LMT_EQ(step_hex(a, v_init2, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, v_resp_challenge, &out, &err), LM_OK);
    lmt_same_hex(out.data, out.len, v_resp_authenticate);
    lmt_same_hex(out.data + out.len - 16, 16, v_client_mic);
    LMT_TRUE(lm__auth_done(a));
    LMT_EQ(lm__auth_session_key(a, key), LM_OK);
    lmt_same_hex(key, 16, v_session_key);
    LMT_EQ(step_hex(a, v_resp_final, &out, &err), LM_OK);
    LMT_EQ(out.len, 0);
    LMT_TRUE(lm__auth_done(a));
    LMT_EQ(step_hex(a, v_resp_final, &out, &err), LM_ESTATE); /* over */
    lm__buf_free(&out);
    lm__auth_free(a);
}

/* The final token may be absent (empty), and a wrong server mechListMIC is refused. */
static void final_token_variants(void)
{
    struct lm__auth *a;
    struct lm__buf out;
    lm_error err;
    size_t n;
    uint8_t *fin = lmt_unhex(v_resp_final, &n);

    lm__buf_init(&out, CAP);
    a = new_auth(&user);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, v_resp_challenge, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    lm__auth_free(a);

    a = new_auth(&user);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, v_resp_challenge, &out, &err), LM_OK);
    fin[n - 9] ^= 0x01; /* a checksum byte of the server's MIC */
    LMT_EQ(step_bytes(a, fin, n, &out, &err), LM_ESIGNATURE);
    LMT_TRUE(err.message[0] != '\0');
    lm__auth_free(a);

    a = new_auth(&user);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, v_resp_challenge, &out, &err), LM_OK);
    /* reject */
    LMT_EQ(step_hex(a, "a1073005a0030a0102", &out, &err), LM_EAUTH);
    LMT_EQ(step_hex(a, v_resp_final, &out, &err), LM_ESTATE); /* a failed context only frees */
    lm__auth_free(a);
    free(fin);
    lm__buf_free(&out);
}

/* Anonymous: AUTHENTICATE without a mechListMIC, no session key. */
static void anonymous_exchange(void)
{
    const lm_smb_credentials anon = {.domain = NULL, .user = NULL, .password = NULL};
    struct lm__auth *a = new_auth(&anon);
    struct lm__buf out;
    lm_error err;
    uint8_t key[16];
    struct lm__cursor c, r, seq, f;
    uint8_t tag;

    lm__buf_init(&out, CAP);
    LMT_EQ(step_hex(a, NULL, &out, &err), LM_OK);
    LMT_EQ(step_hex(a, v_resp_challenge, &out, &err), LM_OK);
    lm__cur_init(&c, out.data, out.len);
    LMT_TRUE(lm__der_expect(&c, LM__DER_CTX(1), &r));
    LMT_TRUE(lm__der_expect(&r, LM__DER_SEQUENCE, &seq));
    LMT_TRUE(lm__der_get(&seq, &tag, &f));
    LMT_EQ(tag, LM__DER_CTX(2));
    LMT_EQ(lm__cur_remaining(&seq), 0); /* no [3] mechListMIC */
    LMT_EQ(lm__auth_session_key(a, key), LM_ENOENT);
    /* A server MIC cannot be verified without a key: refused. */
    LMT_EQ(step_hex(a, v_resp_final, &out, &err), LM_ESIGNATURE);
    lm__buf_free(&out);
    lm__auth_free(a);
}

/* Hand-made tokens that must fail at step 1 or step 2, with the status each must give. */
struct bad_token {
    const char *what;
    int step; /* 1 or 2 */
    const char *hex;
    lm_status want;
};

static const struct bad_token bad_tokens[] = {
    {"not APPLICATION 0", 1, "610806062b0601050502", LM_EPROTO},
    {"Kerberos OID instead of SPNEGO", 1, "600b06092a864886f712010202", LM_EPROTO},
    {"negTokenResp where negTokenInit goes", 1, "600c06062b0601050502a1023000", LM_EPROTO},
    {"no mechTypes", 1, "600c06062b0601050502a0023000", LM_EPROTO},
    {"empty mechTypes", 1, "601006062b0601050502a0063004a0023000", LM_ENOTSUP},
    {"mechTypes holds a non-OID", 1, "601206062b0601050502a0083006a00430020400", LM_EPROTO},
    {"trailing bytes after the token", 1, "600c06062b0601050502a0023000ff", LM_EPROTO},
    {"two mechTypes fields", 1,
     "602c06062b0601050502a0223020a00e300c060a2b06010401823702020aa00e300c060a2b06010401823702020a",
     LM_EPROTO},
    {"negTokenInit where negTokenResp goes", 2, "a0023000", LM_EPROTO},
    {"negState not ENUMERATED", 2, "a1073005a0030201 01", LM_EPROTO},
    {"negState out of range", 2, "a1073005a0030a0104", LM_EPROTO},
    {"negState two bytes", 2, "a1083006a0040a020001", LM_EPROTO},
    {"reject", 2, "a1073005a0030a0102", LM_EAUTH},
    {"accept-completed at step 2", 2, "a1073005a0030a0100", LM_EPROTO},
    {"no responseToken", 2, "a1073005a0030a0101", LM_EPROTO},
    {"fields out of order", 2, "a10f300da2020400a0030a0101a1020600", LM_EPROTO},
    {"unknown field [4]", 2, "a1093007a0030a0101a400", LM_EPROTO},
    {"supportedMech Kerberos", 2, "a1143012a0030a0101a10b06092a864886f712010202", LM_ENOTSUP},
    {"responseToken not a CHALLENGE", 2, "a10e300ca0030a0101a2050403414243", LM_EPROTO},
};

static void bad_tokens_table(void)
{
    struct lm__buf out;

    lm__buf_init(&out, CAP);
    for (size_t i = 0; i < sizeof bad_tokens / sizeof bad_tokens[0]; i++) {
        const struct bad_token *t = &bad_tokens[i];
        struct lm__auth *a = new_auth(&user);
        lm_error err;
        lm_status st = LM_OK;

        if (t->step == 2)
            st = step_hex(a, NULL, &out, &err);
        if (st == LM_OK)
            st = step_hex(a, t->hex, &out, &err);
        lm__auth_free(a);
        if (st != t->want || err.message[0] == '\0') {
            lm__buf_free(&out);
            CU_FAIL_FATAL(t->what);
        }
    }
    lm__buf_free(&out);
}

/* Every proper prefix of each server token fails (never OK, never a read past the end), and every single-byte
 * corruption is handled without a crash (ASan watches). */
static void truncated_and_flipped(void)
{
    const char *tokens[3] = {v_init2, v_resp_challenge, v_resp_final};
    struct lm__buf out;
    int bad = 0;

    lm__buf_init(&out, CAP);
    for (int s = 0; s < 3; s++) {
        size_t n;
        uint8_t *tok = lmt_unhex(tokens[s], &n);

        for (size_t len = 0; len < n; len++) {
            struct lm__auth *a = new_auth(&user);
            lm_error err;
            lm_status st = LM_OK;

            for (int pre = 0; pre < s && st == LM_OK; pre++)
                st = step_hex(a, tokens[pre], &out, &err);
            bad |= st != LM_OK;
            st = step_bytes(a, tok, len, &out, &err);
            /* An empty token is valid at steps 1 and 3 (none sent); any other prefix must fail. */
            bad |= len == 0 && s != 1 ? st != LM_OK : st == LM_OK;
            lm__auth_free(a);
        }
        for (size_t at = 0; at < n; at++) {
            struct lm__auth *a = new_auth(&user);
            lm_error err;

            for (int pre = 0; pre < s; pre++)
                step_hex(a, tokens[pre], &out, &err);
            tok[at] ^= 0x41;
            step_bytes(a, tok, n, &out, &err);
            tok[at] ^= 0x41;
            lm__auth_free(a);
        }
        free(tok);
    }
    lm__buf_free(&out);
    LMT_EQ(bad, 0);
}

static const struct lmt_test tests[] = {
    LMT_TEST(der_reader),
    LMT_TEST(der_writer),
    LMT_TEST(init_golden),
    LMT_TEST(init2_from_server),
    LMT_TEST(full_exchange),
    LMT_TEST(final_token_variants),
    LMT_TEST(anonymous_exchange),
    LMT_TEST(bad_tokens_table),
    LMT_TEST(truncated_and_flipped),
    LMT_END,
};

const struct lmt_suite lmt_suite_spnego = {"spnego", NULL, NULL, NULL, tests};
