/* SPNEGO framing for Kerberos (RFC 4178, MS-SPNG; the OIDs of RFC 4121 1.1 and MS-KILE): the client's
 * negTokenInit offering Kerberos V5 and MS-KRB5 before NTLMSSP, golden bytes written out by hand from the
 * DER rules; the server's negTokenInit2 and negTokenResp with supportedMech Kerberos or MS-KRB5, an AP-REP
 * and a mechListMIC; every truncation and single-byte corruption. The Kerberos exchange itself needs a KDC:
 * tests/interop/kerberos runs it against a Samba AD DC. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "hex.h"
#include "smb/spnego.h"
#include "lanman/smb.h"

#define CAP (1u << 16)

/* The client's negTokenInit around a 4-byte stand-in AP-REQ 01020304:
 * [APPLICATION 0] { SPNEGO OID, [0] { SEQUENCE { [0] mechTypes { krb5, MS-KRB5, NTLMSSP }, [2] { OCTET
 * STRING } } } }. */
static const char v_krb_init[] = "603a 06062b0601050502 a030 302e"
                                 " a024 3022 06092a864886f712010202 06092a864882f712010202"
                                 " 060a2b06010401823702020a"
                                 " a206 0404 01020304";

/* A DC's negTokenInit2 (NEGOTIATE's buffer), listing MS-KRB5, Kerberos V5 and NTLMSSP, as Samba's does,
 * with negHints { hintName "not_defined_in_RFC4178@please_ignore" } shortened to "x". */
static const char v_krb_init2[] = "603c 06062b0601050502 a032 3030"
                                  " a024 3022 06092a864882f712010202 06092a864886f712010202"
                                  " 060a2b06010401823702020a"
                                  " a308 3006 a0041b0278ff";

/* accept-completed, supportedMech Kerberos V5, responseToken (a stand-in AP-REP aabbccdd), mechListMIC
 * 11223344. */
static const char v_krb_resp[] = "a124 3022 a0030a0100 a10b06092a864886f712010202 a2060404aabbccdd"
                                 " a306040411223344";

/* The same from a server that chose MS-KRB5. */
static const char v_mskrb_resp[] = "a124 3022 a0030a0100 a10b06092a864882f712010202 a2060404aabbccdd"
                                   " a306040411223344";

/* request-mic with the AP-REP and no MIC: the server asks for ours. */
static const char v_krb_reqmic[] = "a11c 301a a0030a0103 a10b06092a864886f712010202 a2060404aabbccdd";

static uint8_t *unhex(const char *hex, size_t *n)
{
    char *clean = malloc(strlen(hex) + 1), *q = clean;
    uint8_t *p;

    LMT_PTR_OK(clean);
    for (const char *s = hex; *s != '\0'; s++)
        if (*s != ' ')
            *q++ = *s;
    *q = '\0';
    p = lmt_unhex(clean, n);
    free(clean);
    return p;
}

static lm_status parse_resp_hex(const char *hex, struct lm__spnego_resp *r, lm_error *err)
{
    size_t n;
    uint8_t *p = unhex(hex, &n);
    lm_status st;

    lm_error_clear(err);
    st = lm__spnego_parse_resp(p, n, r, err);
    /* The cursors point into p: the callers only look at lengths and states after this, or copy first. */
    if (st == LM_OK && r->have_token)
        LMT_TRUE(r->token.p >= p && r->token.p + r->token.len <= p + n);
    if (st == LM_OK && r->have_mic)
        LMT_TRUE(r->mic.p >= p && r->mic.p + r->mic.len <= p + n);
    free(p);
    return st;
}

static void krb_init_golden(void)
{
    static const uint8_t ap_req[] = {0x01, 0x02, 0x03, 0x04};
    struct lm__buf out;
    size_t n;
    uint8_t *want = unhex(v_krb_init, &n);

    lm__buf_init(&out, CAP);
    lm__spnego_write_init(lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist, ap_req, sizeof ap_req,
                          &out);
    LMT_EQ(lm__buf_status(&out), LM_OK);
    LMT_EQ(out.len, n);
    LMT_MEM(out.data, want, n);
    /* The MechTypeList that a mechListMIC covers is exactly what went on the wire. */
    LMT_MEM(want + 16, lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist);
    free(want);
    lm__buf_free(&out);
}

static void krb_mic_only_resp(void)
{
    static const uint8_t mic[] = {0x11, 0x22, 0x33, 0x44};
    static const uint8_t want[] = {0xa1, 0x0a, 0x30, 0x08, 0xa3, 0x06, 0x04, 0x04, 0x11, 0x22, 0x33, 0x44};
    struct lm__buf out;

    lm__buf_init(&out, CAP);
    lm__spnego_write_resp(NULL, 0, mic, sizeof mic, &out);
    LMT_EQ(out.len, sizeof want);
    LMT_MEM(out.data, want, sizeof want);
    lm__buf_free(&out);
}

static void krb_init2_mechs(void)
{
    size_t n;
    uint8_t *p = unhex(v_krb_init2, &n);
    unsigned mechs = 0;
    lm_error err;

    lm_error_clear(&err);
    LMT_EQ(lm__spnego_parse_init(p, n, &mechs, &err), LM_OK);
    LMT_EQ(mechs, LM__SPNEGO_KRB5 | LM__SPNEGO_MSKRB5 | LM__SPNEGO_NTLMSSP);
    free(p);
    /* Our own negTokenInit parses the same way (the same layout, without hints). */
    p = unhex(v_krb_init, &n);
    mechs = 0;
    LMT_EQ(lm__spnego_parse_init(p, n, &mechs, &err), LM_OK);
    LMT_EQ(mechs, LM__SPNEGO_KRB5 | LM__SPNEGO_MSKRB5 | LM__SPNEGO_NTLMSSP);
    free(p);
}

static void krb_resp_fields(void)
{
    struct lm__spnego_resp r;
    lm_error err;

    LMT_EQ(parse_resp_hex(v_krb_resp, &r, &err), LM_OK);
    LMT_EQ(r.state, 0);
    LMT_EQ(r.mech, LM__SPNEGO_KRB5);
    LMT_TRUE(r.have_token && r.have_mic);
    LMT_EQ(r.token.len, 4);
    LMT_EQ(r.mic.len, 4);
    LMT_EQ(parse_resp_hex(v_mskrb_resp, &r, &err), LM_OK);
    LMT_EQ(r.mech, LM__SPNEGO_MSKRB5);
    LMT_EQ(parse_resp_hex(v_krb_reqmic, &r, &err), LM_OK);
    LMT_EQ(r.state, 3);
    LMT_TRUE(r.have_token && !r.have_mic);
    /* supportedMech NTLMSSP and an OID we do not know are told apart from Kerberos. */
    LMT_EQ(parse_resp_hex("a1153013a0030a0101a10c060a2b06010401823702020a", &r, &err), LM_OK);
    LMT_EQ(r.mech, LM__SPNEGO_NTLMSSP);
    LMT_EQ(parse_resp_hex("a10b3009a0030a0101a1020600", &r, &err), LM_OK);
    LMT_EQ(r.mech, LM__SPNEGO_OTHER);
}

struct bad_resp {
    const char *what, *hex;
    lm_status want;
};

static const struct bad_resp bad_resps[] = {
    {"reject", "a1073005a0030a0102", LM_EAUTH},
    {"supportedMech not an OID", "a10b3009a0030a0100a1020400", LM_EPROTO},
    {"supportedMech twice", "a121301fa0030a0100a10b06092a864886f712010202a10b06092a864886f712010202",
     LM_EPROTO},
    {"mechListMIC before responseToken", "a1173015a0030a0100a306040411223344a2060404aabbccdd", LM_EPROTO},
    {"responseToken not an OCTET STRING", "a1123010a0030a0100a2090307aabbccdd000000", LM_EPROTO},
    {"mechListMIC with trailing bytes", "a111300fa0030a0100a3080404112233440000", LM_EPROTO},
    {"negTokenInit where negTokenResp goes", "a0023000", LM_EPROTO},
    {"trailing bytes after the token", "a1073005a0030a0100ff", LM_EPROTO},
};

static void krb_bad_resps(void)
{
    for (size_t i = 0; i < sizeof bad_resps / sizeof bad_resps[0]; i++) {
        struct lm__spnego_resp r;
        lm_error err;
        lm_status st = parse_resp_hex(bad_resps[i].hex, &r, &err);

        if (st != bad_resps[i].want || err.message[0] == '\0')
            CU_FAIL_FATAL(bad_resps[i].what);
    }
}

/* Every proper prefix of each server token fails (never OK, never a read past the end: the copies are exact,
 * so ASan sees an overrun), and every single-byte corruption is handled without a crash. */
static void krb_truncated_and_flipped(void)
{
    const char *resps[] = {v_krb_resp, v_mskrb_resp, v_krb_reqmic};
    int bad = 0, flipped_ok = 0;

    for (size_t t = 0; t < 4; t++) {
        size_t n;
        uint8_t *tok = unhex(t < 3 ? resps[t] : v_krb_init2, &n);

        for (size_t len = 0; len < n; len++) {
            uint8_t *copy = malloc(len > 0 ? len : 1);
            struct lm__spnego_resp r;
            unsigned mechs;

            LMT_PTR_OK(copy);
            memcpy(copy, tok, len);
            if (t < 3)
                bad |= lm__spnego_parse_resp(copy, len, &r, NULL) == LM_OK;
            else
                bad |= lm__spnego_parse_init(copy, len, &mechs, NULL) == LM_OK;
            free(copy);
        }
        for (size_t at = 0; at < n; at++) {
            struct lm__spnego_resp r;
            unsigned mechs;

            tok[at] ^= 0x41;
            if (t < 3)
                flipped_ok += lm__spnego_parse_resp(tok, n, &r, NULL) == LM_OK;
            else
                flipped_ok += lm__spnego_parse_init(tok, n, &mechs, NULL) == LM_OK;
            tok[at] ^= 0x41;
        }
        free(tok);
    }
    LMT_EQ(bad, 0);
    /* Most flips break the DER; those inside the token, MIC or OID bodies parse, and must not all fail. */
    LMT_TRUE(flipped_ok > 0);
}

/* Kerberos needs a name: what the resolver would take as an address never gets a Kerberos logon by default,
 * in any of inet_aton's IPv4 forms. */
static void is_address(void)
{
    static const char *const addresses[] = {"127.0.0.1", "10.0.0.1",   "127.1", "10.1.2", "2130706433",
                                            "0x7f.1",    "0177.0.0.1", "::1",   "[::1]",  "fe80::1%eth0"};
    static const char *const names[] = {"dc1.lanman.test", "server", "1.2.3.4.5", "127.0.0.1.", "127..1",
                                        "deadbeef",        "0x",     "12a.1",     "1.example",  ""};

    for (size_t i = 0; i < sizeof addresses / sizeof addresses[0]; i++)
        CU_ASSERT_TRUE(lm_smb_is_address(addresses[i]));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CU_ASSERT_FALSE(lm_smb_is_address(names[i]));
    CU_ASSERT_FALSE(lm_smb_is_address(NULL));
}

static const struct lmt_test tests[] = {
    LMT_TEST(is_address),
    LMT_TEST(krb_init_golden),
    LMT_TEST(krb_mic_only_resp),
    LMT_TEST(krb_init2_mechs),
    LMT_TEST(krb_resp_fields),
    LMT_TEST(krb_bad_resps),
    LMT_TEST(krb_truncated_and_flipped),
    LMT_END,
};

const struct lmt_suite lmt_suite_spnego_krb = {"spnego_krb", NULL, NULL, NULL, tests};
