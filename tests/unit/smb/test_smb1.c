/* The SMB1 detection's codec (lib/smb/smb1.h): the one SMB1 NEGOTIATE request lanman sends, against golden
 * bytes written from MS-CIFS 2.2.3.1 and 2.2.4.52.1; and the decoder of the answer against samples of each
 * kind (accepted, refused with an error, another dialect, an SMB2 answer), every truncation, and garbage.
 * Each decode runs on an exact-size heap copy, so that under ASan a read past the message is a crash. */
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "smb/smb1.h"
#include "testlib.h"

/* NBSS header (length 47), then the SMB header: \xFFSMB, NEGOTIATE, status 0, Flags 0x18, Flags2 0xC801
 * (Unicode, NT status, extended security, long names), PIDHigh 0, SecurityFeatures 0, Reserved 0,
 * TID 0xFFFF, PIDLow "LM", UID 0, MID 0; WordCount 0, ByteCount 12, and one dialect: 0x02 "NT LM 0.12" NUL.
 */
static const char negotiate_req[] =
    "0000002F"
    "FF534D42 72 00000000 18 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000"
    "00 0C00 024E54204C4D20302E313200";

/* An NT LM 0.12 NEGOTIATE response choosing dialect 0 (MS-CIFS 2.2.4.52.2): WordCount 17, DialectIndex 0,
 * SecurityMode 3, MaxMpxCount 50, MaxNumberVcs 1, MaxBufferSize 16644, MaxRawSize 65536, SessionKey 0,
 * Capabilities 0x8000F3FD, SystemTime, ServerTimeZone 0, ChallengeLength 0; ByteCount 0. */
static const char accepted_resp[] =
    "FF534D42 72 00000000 98 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000"
    "11 0000 03 3200 0100 04410000 00000100 00000000 FDF30080"
    "00E057C8D6C4DC01 0000 00 0000";

static lm_status decode(const uint8_t *p, size_t n, bool *accepted)
{
    uint8_t *copy = malloc(n ? n : 1);
    lm_status st;

    LMT_PTR_OK(copy);
    memcpy(copy, p, n);
    st = lm__smb1_negotiate_resp(copy, n, accepted);
    free(copy);
    return st;
}

static lm_status decode_hex(const char *hex, bool *accepted)
{
    size_t n;
    uint8_t *p = lmt_unhex(hex, &n);
    lm_status st = decode(p, n, accepted);

    free(p);
    return st;
}

static void request_golden(void)
{
    struct lm__buf b;
    size_t n;
    uint8_t *want = lmt_unhex(negotiate_req, &n);

    lm__buf_init(&b, 256);
    lm__smb1_negotiate_req(&b);
    LMT_EQ(b.len, n);
    LMT_TRUE(memcmp(b.data, want, n) == 0);
    LMT_EQ(n, 4u + 47u); /* the NBSS length covers the rest exactly */
    lm__buf_free(&b);
    free(want);
}

static void accepted(void)
{
    bool acc = false;

    LMT_EQ(decode_hex(accepted_resp, &acc), LM_OK);
    LMT_TRUE(acc);
}

/* Complete answers that mean "no SMB1": each decodes (LM_OK) with accepted false. */
static void refused_kinds(void)
{
    static const char *const no[] = {
        /* STATUS_NOT_SUPPORTED, WordCount 0, ByteCount 0 */
        "FF534D42 72 BB0000C0 98 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000 00 0000",
        /* success, but DialectIndex 0xFFFF: none of the offered dialects */
        "FF534D42 72 00000000 98 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000 01 FFFF 0000",
        /* success, dialect 0, but another command */
        "FF534D42 73 00000000 98 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000 01 0000 0000",
        /* an SMB2 NEGOTIATE response header (64 bytes), as a server without SMB1 answers a multi-protocol
         * negotiate */
        "FE534D42 4000 0000 00000000 0000 0100 01000000 00000000 0000000000000000 00000000 00000000"
        "0000000000000000 00000000000000000000000000000000",
    };

    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        bool acc = true;
        LMT_EQ(decode_hex(no[i], &acc), LM_OK);
        LMT_TRUE(!acc);
    }
}

/* Every cut of the accepted answer short of DialectIndex (35 bytes) is refused; longer cuts decode. */
static void every_truncation(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(accepted_resp, &n);

    for (size_t k = 0; k <= n; k++) {
        bool acc = false;
        lm_status st = decode(p, k, &acc);
        if (k < 35) {
            CU_ASSERT_EQUAL(st, LM_EPROTO);
        } else {
            CU_ASSERT_EQUAL(st, LM_OK);
            CU_ASSERT_TRUE(acc);
        }
    }
    free(p);
}

static void smb2_truncated_and_garbage(void)
{
    bool acc = true;

    LMT_EQ(decode_hex("FE534D42 4000 0000 00000000", &acc), LM_EPROTO); /* an SMB2 header cut short */
    LMT_EQ(decode_hex("00534D42 72 00000000 98 01C8 0000 0000000000000000 0000 FFFF 4C4D 0000 0000 01 0000",
                      &acc),
           LM_EPROTO);
    LMT_EQ(decode_hex("485454502F312E3120343030", &acc), LM_EPROTO); /* "HTTP/1.1 400" */
    LMT_TRUE(acc);                                                   /* untouched on failure */
}

static const struct lmt_test smb1_tests[] = {
    LMT_TEST(request_golden),
    LMT_TEST(accepted),
    LMT_TEST(refused_kinds),
    LMT_TEST(every_truncation),
    LMT_TEST(smb2_truncated_and_garbage),
    LMT_END,
};
const struct lmt_suite lmt_suite_smb1_codec = {"smb1_codec", NULL, NULL, NULL, smb1_tests};
