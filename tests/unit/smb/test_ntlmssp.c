/* NTLMSSP (MS-NLMP) client: the 4.2.4 NTLMv2 example, a full CHALLENGE -> AUTHENTICATE round against golden
 * bytes (vectors.h), anonymous, signatures, and hostile CHALLENGE messages. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "hex.h"
#include "vectors.h"
#include "core/cursor.h"
#include "smb/ntlmssp.h"

#define CAP        (1u << 20)
#define NO_MESSAGE (-999)

/* MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE of the NTLMv2 example (ServerChallenge 0123456789abcdef, target
 * info NbDomainName "Domain", NbComputerName "Server", no timestamp). */
static const char spec_challenge[] =
    "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000"
    "060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c00530065007200760065"
    "0072000000000000";

static const uint8_t aa8[8] = {0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};

static const lm_smb_credentials spec_user = {
    .domain = "Domain", .user = "User", .password = "Password"}; /* workstation COMPUTER */

/* One AUTHENTICATE_MESSAGE payload field (MS-NLMP 2.2.1.3) located through its len/offset pair. */
static const uint8_t *field(const struct lm__buf *m, size_t at, size_t *len)
{
    struct lm__cursor c, sub;
    uint16_t n;

    lm__cur_init(&c, m->data, m->len);
    lm__cur_seek(&c, at);
    n = lm__cur_u16(&c);
    lm__cur_skip(&c, 2);
    LMT_TRUE(lm__cur_sub(&c, lm__cur_u32(&c), n, &sub));
    *len = n;
    return sub.p;
}

static uint32_t u32_at(const struct lm__buf *m, size_t at)
{
    return (uint32_t)m->data[at] | (uint32_t)m->data[at + 1] << 8 | (uint32_t)m->data[at + 2] << 16 |
           (uint32_t)m->data[at + 3] << 24;
}

/* Runs NEGOTIATE then AUTHENTICATE against a hex CHALLENGE; returns the status. */
static lm_status round_trip(struct lm__ntlm *n, const char *chal_hex, struct lm__buf *auth)
{
    struct lm__buf neg;
    size_t cn;
    uint8_t *chal = lmt_unhex(chal_hex, &cn);
    lm_error err;
    lm_status st;

    lm_error_clear(&err);
    lm__buf_init(&neg, CAP);
    st = lm__ntlm_negotiate(n, &neg);
    if (st == LM_OK)
        st = lm__ntlm_authenticate(n, chal, cn, auth, &err);
    if (st != LM_OK && err.message[0] == '\0')
        st = NO_MESSAGE; /* every failure must say why */
    lm__buf_free(&neg);
    free(chal);
    return st;
}

/* MS-NLMP 4.2.4.1.1 */
static void ntowfv2_spec(void)
{
    uint8_t k[16], k2[16];

    LMT_EQ(lm__ntlm_ntowfv2("Password", "User", "Domain", k), LM_OK);
    lmt_same_hex(k, 16, "0c868a403bfd7a93a3001ef22ef02e3f");
    /* The user name is upper-cased, the domain is not. */
    LMT_EQ(lm__ntlm_ntowfv2("Password", "user", "Domain", k2), LM_OK);
    LMT_MEM(k, k2, 16);
    LMT_EQ(lm__ntlm_ntowfv2("Password", "User", "domain", k2), LM_OK);
    LMT_TRUE(memcmp(k, k2, 16) != 0);
    LMT_EQ(lm__ntlm_ntowfv2("Password", "\xc3\xa9t\xc3\xa9", "D", k), LM_OK); /* "été" ~ "ÉTÉ" */
    LMT_EQ(lm__ntlm_ntowfv2("Password", "\xc3\x89T\xc3\x89", "D", k2), LM_OK);
    LMT_MEM(k, k2, 16);
    LMT_EQ(lm__ntlm_ntowfv2("Password", "\xff", "D", k), LM_EILSEQ);
}

/* MS-NLMP 4.2.4.1.3 and 4.2.4.2: LMv2 and NTLMv2 responses and the SessionBaseKey, with time 0 and
 * ClientChallenge aaaaaaaaaaaaaaaa, read back out of the AUTHENTICATE message we build. */
static void nlmp_424_example(void)
{
    struct lm__ntlm *n;
    struct lm__buf auth;
    const uint8_t *p;
    size_t len;
    uint8_t key[16];
    uint32_t flags;

    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    lm__ntlm_set_test_hooks(n, aa8, 0);
    lm__buf_init(&auth, CAP);
    LMT_EQ(lm__ntlm_session_key(n, key), LM_ENOENT);
    LMT_EQ(round_trip(n, spec_challenge, &auth), LM_OK);
    LMT_TRUE(auth.len > 88);
    LMT_MEM(auth.data, "NTLMSSP\0\3\0\0\0", 12);
    p = field(&auth, 12, &len);
    lmt_same_hex(p, len, "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
    p = field(&auth, 20, &len);
    lmt_same_hex(p, 16, "68cd0ab851e51c96aabc927bebef6a1c"); /* NTProofStr */
    lmt_same_hex(p, len,
                 "68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
                 "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000");
    p = field(&auth, 28, &len);
    lmt_same_hex(p, len, "44006f006d00610069006e00"); /* Domain */
    p = field(&auth, 36, &len);
    lmt_same_hex(p, len, "5500730065007200"); /* User */
    p = field(&auth, 44, &len);
    lmt_same_hex(p, len, "43004f004d0050005500540045005200"); /* COMPUTER */
    field(&auth, 52, &len);
    LMT_EQ(len, 0); /* no EncryptedRandomSessionKey: no KEY_EXCH */
    flags = u32_at(&auth, 60);
    LMT_EQ(flags & LM__NTLMSSP_NEGOTIATE_KEY_EXCH, 0);
    LMT_EQ(flags & LM__NTLMSSP_NEGOTIATE_LM_KEY, 0);
    LMT_EQ(flags & LM__NTLMSSP_NEGOTIATE_SEAL, 0);
    LMT_EQ(flags & LM__NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
           LM__NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY);
    /* No server timestamp: no MIC (MS-NLMP 3.1.5.1.2). */
    LMT_MEM(auth.data + LM__NTLMSSP_MIC_OFF, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    LMT_EQ(lm__ntlm_session_key(n, key), LM_OK);
    lmt_same_hex(key, 16, "8de40ccadbc14a82f15cb0ad0de95ca3"); /* 4.2.4.1.3 SessionBaseKey */
    lm__buf_free(&auth);
    lm__ntlm_free(n);
}

/* MS-NLMP 4.2.4.4: the client signing key of ExportedSessionKey 55..55. */
static void signkey_spec(void)
{
    uint8_t esk[16], k[16];

    memset(esk, 0x55, sizeof esk);
    LMT_EQ(lm__ntlm_signkey(esk, true, k), LM_OK);
    lmt_same_hex(k, 16, "4788dc861b4782f35d43fd98fe1a2d39");
}

/* Signatures under the 4.2.4 session key: each direction has its own key and sequence numbers. */
static void sign_and_verify(void)
{
    static const uint8_t msg[] = {'P', 0, 'l', 0, 'a', 0, 'i', 0, 'n', 0, 't', 0, 'e', 0, 'x', 0, 't', 0};
    struct lm__ntlm *n;
    struct lm__buf auth;
    uint8_t sig[16], srv[16];
    size_t sn;
    uint8_t *s0 = lmt_unhex(v_sig424_s0, &sn);

    memcpy(srv, s0, sizeof srv);
    free(s0);
    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    LMT_EQ(lm__ntlm_sign(n, msg, sizeof msg, sig), LM_ESTATE);
    lm__ntlm_set_test_hooks(n, aa8, 0);
    lm__buf_init(&auth, CAP);
    LMT_EQ(round_trip(n, spec_challenge, &auth), LM_OK);
    LMT_EQ(lm__ntlm_sign(n, msg, sizeof msg, sig), LM_OK);
    lmt_same_hex(sig, 16, v_sig424_c0);
    LMT_EQ(lm__ntlm_sign(n, msg, sizeof msg, sig), LM_OK);
    lmt_same_hex(sig, 16, v_sig424_c1);
    srv[4] ^= 1;
    LMT_EQ(lm__ntlm_verify(n, msg, sizeof msg, srv), LM_ESIGNATURE); /* uses up server seq 0 */
    srv[4] ^= 1;
    LMT_EQ(lm__ntlm_verify(n, msg, sizeof msg, srv), LM_ESIGNATURE); /* right bytes, wrong seq now */
    lm__buf_free(&auth);
    lm__ntlm_free(n);

    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    lm__ntlm_set_test_hooks(n, aa8, 0);
    lm__buf_init(&auth, CAP);
    LMT_EQ(round_trip(n, spec_challenge, &auth), LM_OK);
    LMT_EQ(lm__ntlm_verify(n, msg, sizeof msg, srv), LM_OK);
    lm__buf_free(&auth);
    lm__ntlm_free(n);
}

/* A modern server (timestamp in the target info): the whole AUTHENTICATE, MIC included, byte for byte. */
static void timestamp_round_exact(void)
{
    struct lm__ntlm *n;
    struct lm__buf auth, neg;
    uint8_t key[16];
    const uint8_t cc[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    /* The hook's time must lose to the server's timestamp. */
    lm__ntlm_set_test_hooks(n, cc, 0x0102030405060708ull);
    LMT_EQ(lm__ntlm_set_target(n, "cifs/server.example.com"), LM_OK);
    lm__buf_init(&neg, CAP);
    LMT_EQ(lm__ntlm_negotiate(n, &neg), LM_OK);
    lmt_same_hex(neg.data, neg.len, v_negotiate);
    lm__buf_free(&neg);
    lm__ntlm_free(n);

    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    lm__ntlm_set_test_hooks(n, cc, 0x0102030405060708ull);
    LMT_EQ(lm__ntlm_set_target(n, "cifs/server.example.com"), LM_OK);
    lm__buf_init(&auth, CAP);
    LMT_EQ(round_trip(n, v_challenge, &auth), LM_OK);
    lmt_same_hex(auth.data, auth.len, v_authenticate);
    LMT_EQ(lm__ntlm_session_key(n, key), LM_OK);
    lmt_same_hex(key, 16, v_session_key);
    lm__buf_free(&auth);
    lm__ntlm_free(n);
}

/* MS-NLMP 3.3.2 anonymous: LmChallengeResponse Z(1), empty NtChallengeResponse, the anonymous flag, no key.
 */
static void anonymous(void)
{
    const lm_smb_credentials anon = {.domain = NULL, .user = NULL, .password = NULL};
    const lm_smb_credentials empty = {.domain = "", .user = "", .password = ""};
    struct lm__ntlm *n;
    struct lm__buf auth;
    const uint8_t *p;
    size_t len;
    uint8_t key[16], sig[16];

    LMT_EQ(lm__ntlm_new(&anon, "WS", &n), LM_OK);
    LMT_TRUE(lm__ntlm_anonymous(n));
    lm__buf_init(&auth, CAP);
    LMT_EQ(round_trip(n, v_challenge, &auth), LM_OK);
    p = field(&auth, 12, &len);
    LMT_EQ(len, 1);
    LMT_EQ(p[0], 0);
    field(&auth, 20, &len);
    LMT_EQ(len, 0);
    field(&auth, 36, &len);
    LMT_EQ(len, 0);
    LMT_TRUE((u32_at(&auth, 60) & LM__NTLMSSP_NEGOTIATE_ANONYMOUS) != 0);
    LMT_EQ(lm__ntlm_session_key(n, key), LM_ENOENT);
    LMT_EQ(lm__ntlm_sign(n, key, 1, sig), LM_ESTATE);
    lm__buf_free(&auth);
    lm__ntlm_free(n);
    LMT_EQ(lm__ntlm_new(&empty, NULL, &n), LM_OK);
    LMT_TRUE(lm__ntlm_anonymous(n));
    lm__ntlm_free(n);
}

static void bad_credentials(void)
{
    const lm_smb_credentials bad = {.domain = "D", .user = "U", .password = "\xc0\xaf"}; /* overlong UTF-8 */
    struct lm__ntlm *n = NULL;

    LMT_EQ(lm__ntlm_new(&bad, NULL, &n), LM_EINVAL);
    LMT_PTR_NULL(n);
}

/* Every proper prefix of a valid CHALLENGE is an error, never a read past the end (ASan watches). */
static void truncated_challenges(void)
{
    size_t cn;
    uint8_t *chal = lmt_unhex(v_challenge, &cn);
    int bad = 0;

    for (size_t len = 0; len < cn; len++) {
        struct lm__ntlm *n;
        struct lm__buf neg, auth;
        uint8_t *copy = malloc(len + 1); /* exact-size heap copy so ASan sees any overrun */

        LMT_PTR_OK(copy);
        memcpy(copy, chal, len);
        LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
        lm__buf_init(&neg, CAP);
        lm__buf_init(&auth, CAP);
        LMT_EQ(lm__ntlm_negotiate(n, &neg), LM_OK);
        bad |= lm__ntlm_authenticate(n, copy, len, &auth, NULL) != LM_EPROTO;
        bad |= auth.len != 0;
        lm__buf_free(&neg);
        lm__buf_free(&auth);
        lm__ntlm_free(n);
        free(copy);
    }
    free(chal);
    LMT_EQ(bad, 0);
}

/* One corruption of the golden CHALLENGE: bytes written at an offset. */
struct corrupt {
    const char *what;
    size_t off;
    const char *bytes;
    lm_status want;
};

static const struct corrupt corruptions[] = {
    {"signature", 0, "4e544c4d53535001", LM_EPROTO},
    {"message type 3", 8, "03000000", LM_EPROTO},
    {"target info offset past the end", 44, "ffffffff", LM_EPROTO},
    {"target info length past the end", 40, "ff00", LM_EPROTO},
    {"target info offset wraps", 44, "fcffffff", LM_EPROTO},
    {"no Unicode", 20, "34828ae2", LM_ENOTSUP},
    {"no extended session security", 20, "358282e2", LM_ENOTSUP},
    /* The target info starts at 68: DOMAIN's AV_PAIR header, then its value. */
    {"AV pair longer than the list", 70, "ff00", LM_EPROTO},
    {"timestamp not 8 bytes", 166, "0700070000", LM_EPROTO},
    {"flags AV pair not 4 bytes", 166, "06000800", LM_EPROTO},
    {"no MsvAvEOL", 178, "0800", LM_EPROTO},
};

static void corrupted_challenges(void)
{
    size_t cn;
    uint8_t *base = lmt_unhex(v_challenge, &cn);

    for (size_t i = 0; i < sizeof corruptions / sizeof corruptions[0]; i++) {
        const struct corrupt *k = &corruptions[i];
        size_t pn;
        uint8_t *patch = lmt_unhex(k->bytes, &pn), *chal = malloc(cn);
        struct lm__ntlm *n;
        struct lm__buf neg, auth;
        lm_error err;
        lm_status st;

        LMT_PTR_OK(chal);
        memcpy(chal, base, cn);
        memcpy(chal + k->off, patch, pn);
        free(patch);
        lm_error_clear(&err);
        LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
        lm__buf_init(&neg, CAP);
        lm__buf_init(&auth, CAP);
        LMT_EQ(lm__ntlm_negotiate(n, &neg), LM_OK);
        st = lm__ntlm_authenticate(n, chal, cn, &auth, &err);
        lm__buf_free(&neg);
        lm__buf_free(&auth);
        lm__ntlm_free(n);
        free(chal);
        if (st != k->want || err.message[0] == '\0') {
            free(base);
            CU_FAIL_FATAL(k->what);
        }
    }
    free(base);
}

static void challenge_before_negotiate(void)
{
    struct lm__ntlm *n;
    struct lm__buf auth;
    size_t cn;
    uint8_t *chal = lmt_unhex(v_challenge, &cn);
    lm_status st;

    LMT_EQ(lm__ntlm_new(&spec_user, "COMPUTER", &n), LM_OK);
    lm__buf_init(&auth, CAP);
    st = lm__ntlm_authenticate(n, chal, cn, &auth, NULL);
    free(chal);
    lm__ntlm_free(n);
    LMT_EQ(st, LM_ESTATE);
}

static const struct lmt_test tests[] = {
    LMT_TEST(ntowfv2_spec),
    LMT_TEST(nlmp_424_example),
    LMT_TEST(signkey_spec),
    LMT_TEST(sign_and_verify),
    LMT_TEST(timestamp_round_exact),
    LMT_TEST(anonymous),
    LMT_TEST(bad_credentials),
    LMT_TEST(truncated_challenges),
    LMT_TEST(corrupted_challenges),
    LMT_TEST(challenge_before_negotiate),
    LMT_END,
};

const struct lmt_suite lmt_suite_ntlmssp = {"ntlmssp", NULL, NULL, NULL, tests};
