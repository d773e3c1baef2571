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

/* ---- the ms17-010 exchange (lib/smb/smb1_session.c) ---- */

/* Golden requests, written from MS-CIFS 2.2.3.1 (header), 2.2.4.52.1, 2.2.4.53.1, 2.2.4.55.1 and 2.2.4.33.1;
 * the TRANSACTION is nmap's smb-vuln-ms17-010 request. Flags 0x18; Flags2 0x4001 (NT status, long names:
 * ASCII strings, no extended security); PIDLow "LM". */
static const char negotiate_nt_req[] =
    "0000002F"
    "FF534D42 72 00000000 18 0140 0000 0000000000000000 0000 FFFF 4C4D 0000 0000"
    "00 0C00 024E54204C4D20302E313200";

/* SessionKey 0x11223344 echoed; MaxBufferSize 4356, MaxMpxCount 1, VcNumber 1; OEMPasswordLen 0,
 * UnicodePasswordLen 0; Capabilities 0x50; ByteCount 4: AccountName, PrimaryDomain, NativeOS and
 * NativeLanMan all empty. The anonymous logon: no account, no password. */
static const char session_setup_req[] =
    "00000041"
    "FF534D42 73 00000000 18 0140 0000 0000000000000000 0000 0000 4C4D 0000 0100"
    "0D FF 00 0000 0411 0100 0100 44332211 0000 0000 00000000 50000000"
    "0400 00000000";

/* UID 0x0800; PasswordLength 0; "\\fs1\IPC$" NUL, "?????" NUL. */
static const char tree_connect_req[] =
    "0000003C"
    "FF534D42 75 00000000 18 0140 0000 0000000000000000 0000 0000 4C4D 0008 0200"
    "04 FF 00 0000 0000 0000"
    "1100 5C5C667331 5C49504324 00 3F3F3F3F3F 00";

/* TID 1, UID 0x0800; WordCount 16: no parameters or data (both offsets 74, the end of the message),
 * MaxParameterCount and MaxDataCount 0xFFFF, SetupCount 2: PeekNamedPipe (0x0023) on FID 0; ByteCount 7:
 * "\PIPE\" NUL. */
static const char peek_req[] =
    "0000004A"
    "FF534D42 25 00000000 18 0140 0000 0000000000000000 0000 0100 4C4D 0008 0300"
    "10 0000 0000 FFFF FFFF 00 00 0000 00000000 0000 0000 4A00 0000 4A00 02 00 2300 0000"
    "0700 5C504950455C00";

/* Answers, as Windows 7 SP1 and Samba give them: the NT LM 0.12 NEGOTIATE response without extended security
 * (17 words: DialectIndex 0, SecurityMode 3, MaxMpxCount 50, MaxNumberVcs 1, MaxBufferSize 16644, MaxRawSize
 * 65536, SessionKey 0x11223344, Capabilities 0xE3FD, SystemTime, ServerTimeZone 0, ChallengeLength 8; the
 * 8-byte challenge). */
static const char neg_nt_resp[] =
    "FF534D42 72 00000000 98 0140 0000 0000000000000000 0000 FFFF 4C4D 0000 0000"
    "11 0000 03 3200 0100 04410000 00000100 44332211 FDE30000"
    "00E057C8D6C4DC01 0000 08 0800 0102030405060708";
/* SESSION_SETUP_ANDX: UID 0x0800, Action 1 (guest), "Unix", "Samba", "". */
static const char sess_resp[] = "FF534D42 73 00000000 98 0140 0000 0000000000000000 0000 0000 4C4D 0008 0100"
                                "03 FF 00 0000 0100 0C00 556E697800 53616D626100 00";
/* ... refused: STATUS_LOGON_FAILURE, no words, no bytes. */
static const char sess_refused[] =
    "FF534D42 73 6D0000C0 98 0140 0000 0000000000000000 0000 0000 4C4D 0000 0100"
    "00 0000";
/* TREE_CONNECT_ANDX: TID 1, OptionalSupport 1, "IPC", "". */
static const char tree_resp[] = "FF534D42 75 00000000 98 0140 0000 0000000000000000 0000 0100 4C4D 0008 0200"
                                "03 FF 00 0000 0100 0500 49504300 00";
/* TRANSACTION: STATUS_INSUFF_SERVER_RESOURCES (unpatched), then STATUS_ACCESS_DENIED and
 * STATUS_INVALID_HANDLE (patched; Samba gives the second). */
static const char trans_unpatched[] =
    "FF534D42 25 050200C0 98 0140 0000 0000000000000000 0000 0100 4C4D 0008 0300"
    "00 0000";
static const char trans_denied[] =
    "FF534D42 25 220000C0 98 0140 0000 0000000000000000 0000 0100 4C4D 0008 0300"
    "00 0000";
static const char trans_handle[] =
    "FF534D42 25 080000C0 98 0140 0000 0000000000000000 0000 0100 4C4D 0008 0300"
    "00 0000";

static void golden(void (*enc)(struct lm__buf *), const char *hex)
{
    struct lm__buf b;
    size_t n;
    uint8_t *want = lmt_unhex(hex, &n);

    lm__buf_init(&b, 1024);
    enc(&b);
    LMT_EQ(lm__buf_status(&b), LM_OK);
    LMT_EQ(b.len, n);
    LMT_MEM(b.data, want, n);
    /* the NBSS length covers the rest exactly */
    LMT_EQ((size_t)b.data[1] << 16 | (size_t)b.data[2] << 8 | b.data[3], n - 4);
    lm__buf_free(&b);
    free(want);
}

static void enc_session(struct lm__buf *b)
{
    lm__smb1_session_setup_req(b, 0x11223344u);
}

static void enc_tree(struct lm__buf *b)
{
    LMT_EQ(lm__smb1_tree_connect_req(b, 0x0800, "fs1"), LM_OK);
}

static void enc_peek(struct lm__buf *b)
{
    lm__smb1_peek_fid0_req(b, 0x0800, 1);
}

static void exchange_requests_golden(void)
{
    golden(lm__smb1_negotiate_nt_req, negotiate_nt_req);
    golden(enc_session, session_setup_req);
    golden(enc_tree, tree_connect_req);
    golden(enc_peek, peek_req);
}

/* A host that would change the path's meaning, or does not fit, is refused and nothing is written. */
static void tree_connect_bad_hosts(void)
{
    static const char *const bad[] = {"", "a\\b", "a\nb", "a\x7f"};
    char longest[258];
    struct lm__buf b;

    lm__buf_init(&b, 1024);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(lm__smb1_tree_connect_req(&b, 1, bad[i]), LM_ENAME);
        CU_ASSERT_EQUAL(b.len, 0u);
    }
    CU_ASSERT_EQUAL(lm__smb1_tree_connect_req(&b, 1, NULL), LM_ENAME);
    memset(longest, 'a', sizeof longest);
    longest[256] = '\0';
    CU_ASSERT_EQUAL(lm__smb1_tree_connect_req(&b, 1, longest), LM_ENAME);
    CU_ASSERT_EQUAL(b.len, 0u);
    longest[255] = '\0';
    CU_ASSERT_EQUAL(lm__smb1_tree_connect_req(&b, 1, longest), LM_OK);
    lm__buf_free(&b);
}

enum kind { K_NEG, K_SESS, K_TREE, K_TRANS };

struct outcome {
    struct lm__smb1_reply r;
    bool flag; /* accepted (NEGOTIATE), guest (SESSION_SETUP) */
    uint32_t key;
};

/* Decodes an exact-size heap copy with the decoder of kind. */
static lm_status decode_kind(enum kind k, const uint8_t *p, size_t n, struct outcome *o)
{
    uint8_t *copy = malloc(n ? n : 1);
    lm_status st = LM_EINVAL;

    LMT_PTR_OK(copy);
    memcpy(copy, p, n);
    memset(o, 0, sizeof *o);
    switch (k) {
    case K_NEG:
        st = lm__smb1_negotiate_nt_resp(copy, n, &o->r, &o->flag, &o->key);
        break;
    case K_SESS:
        st = lm__smb1_session_setup_resp(copy, n, &o->r, &o->flag);
        break;
    case K_TREE:
        st = lm__smb1_tree_connect_resp(copy, n, &o->r);
        break;
    case K_TRANS:
        st = lm__smb1_trans_resp(copy, n, &o->r);
        break;
    }
    free(copy);
    return st;
}

static const struct answer {
    const char *hex;
    enum kind kind;
    uint32_t status;
    uint16_t uid, tid;
    bool flag;
} answers[] = {
    {neg_nt_resp, K_NEG, 0, 0, 0xFFFF, true},
    {sess_resp, K_SESS, 0, 0x0800, 0, true},
    {sess_refused, K_SESS, 0xC000006Du, 0, 0, false},
    {tree_resp, K_TREE, 0, 0x0800, 1, false},
    {trans_unpatched, K_TRANS, 0xC0000205u, 0x0800, 1, false},
    {trans_denied, K_TRANS, 0xC0000022u, 0x0800, 1, false},
    {trans_handle, K_TRANS, 0xC0000008u, 0x0800, 1, false},
};
#define NANSWERS (sizeof answers / sizeof answers[0])

static void exchange_answers(void)
{
    for (size_t i = 0; i < NANSWERS; i++) {
        const struct answer *a = &answers[i];
        struct outcome o;
        size_t n;
        uint8_t *p = lmt_unhex(a->hex, &n);

        LMT_EQ(decode_kind(a->kind, p, n, &o), LM_OK);
        CU_ASSERT_EQUAL(o.r.status, a->status);
        CU_ASSERT_EQUAL(o.r.uid, a->uid);
        CU_ASSERT_EQUAL(o.r.tid, a->tid);
        CU_ASSERT_EQUAL(o.flag, a->flag);
        if (a->kind == K_NEG)
            CU_ASSERT_EQUAL(o.key, 0x11223344u);
        /* every other decoder refuses it: the command must match */
        for (int k = K_NEG; k <= K_TRANS; k++) {
            if (k != (int)a->kind)
                CU_ASSERT_EQUAL(decode_kind((enum kind)k, p, n, &o), LM_EPROTO);
        }
        free(p);
    }
}

/* The truncation table: every proper prefix of every answer is LM_EPROTO (WordCount and ByteCount promise
 * more than is there); the whole answer decodes. */
static void exchange_truncations(void)
{
    for (size_t i = 0; i < NANSWERS; i++) {
        struct outcome o;
        size_t n;
        uint8_t *p = lmt_unhex(answers[i].hex, &n);

        for (size_t k = 0; k < n; k++)
            CU_ASSERT_EQUAL(decode_kind(answers[i].kind, p, k, &o), LM_EPROTO);
        CU_ASSERT_EQUAL(decode_kind(answers[i].kind, p, n, &o), LM_OK);
        free(p);
    }
}

/* The bit-flip table: single-bit changes of the fields that decide, and what each must give. */
static void exchange_bit_flips(void)
{
    static const struct flip {
        size_t answer, at;
        uint8_t mask;
        lm_status st;
        uint32_t status; /* on LM_OK */
        bool flag;
    } flips[] = {
        {0, 0, 0x01, LM_OK, 0, false},           /* \xFESMB (77 bytes): an SMB2 answer, not accepted */
        {0, 1, 0x01, LM_EPROTO, 0, false},       /* magic */
        {0, 4, 0x01, LM_EPROTO, 0, false},       /* another command */
        {0, 9, 0x80, LM_EPROTO, 0, false},       /* SMB_FLAGS_REPLY cleared: a request */
        {0, 5, 0x01, LM_OK, 0x00000001u, false}, /* a status: not accepted */
        {0, 33, 0x01, LM_OK, 0, false},          /* DialectIndex 1: not NT LM 0.12 */
        {0, 32, 0x01, LM_EPROTO, 0, false},      /* WordCount 16: ByteCount then claims too much */
        {0, 67, 0x01, LM_EPROTO, 0, false},      /* ByteCount 9 of 8 bytes */
        {1, 37, 0x01, LM_OK, 0, false},          /* Action 0: a plain (not guest) session */
        {1, 32, 0x02, LM_EPROTO, 0, false},      /* WordCount 1 on success */
        {2, 8, 0x40, LM_OK, 0x8000006Du, false}, /* another error status */
        {2, 32, 0x80, LM_EPROTO, 0, false},      /* WordCount 128: past the end */
        {3, 32, 0x01, LM_EPROTO, 0, false},      /* WordCount 2 on success */
        {4, 5, 0x01, LM_OK, 0xC0000204u, false}, /* not STATUS_INSUFF_SERVER_RESOURCES */
        {4, 33, 0x01, LM_EPROTO, 0, false},      /* ByteCount 1, no byte */
        {5, 4, 0x80, LM_EPROTO, 0, false},       /* 0xA5 is not a TRANSACTION response */
    };

    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        const struct flip *f = &flips[i];
        const struct answer *a = &answers[f->answer];
        struct outcome o;
        size_t n;
        uint8_t *p = lmt_unhex(a->hex, &n);
        lm_status st;

        LMT_TRUE(f->at < n);
        p[f->at] ^= f->mask;
        st = decode_kind(a->kind, p, n, &o);
        CU_ASSERT_EQUAL(st, f->st);
        if (st == LM_OK && f->st == LM_OK) {
            CU_ASSERT_EQUAL(o.r.status, f->status);
            CU_ASSERT_EQUAL(o.flag, f->flag);
        }
        free(p);
    }
    /* And every single-bit flip of every answer decodes or fails cleanly (ASan watches the reads). */
    for (size_t i = 0; i < NANSWERS; i++) {
        struct outcome o;
        size_t n;
        uint8_t *p = lmt_unhex(answers[i].hex, &n);

        for (size_t bit = 0; bit < n * 8; bit++) {
            lm_status st;
            p[bit / 8] ^= (uint8_t)(1u << bit % 8);
            st = decode_kind(answers[i].kind, p, n, &o);
            CU_ASSERT_TRUE(st == LM_OK || st == LM_EPROTO);
            if (st == LM_OK && answers[i].kind == K_NEG && o.flag)
                CU_ASSERT_EQUAL(o.r.status, 0u); /* accepted only with STATUS_SUCCESS */
            p[bit / 8] ^= (uint8_t)(1u << bit % 8);
        }
        free(p);
    }
}

/* A server without SMB1 answers the NEGOTIATE in SMB2: complete, not accepted. */
static void exchange_smb2_answer(void)
{
    static const char smb2[] =
        "FE534D42 4000 0000 00000000 0000 0100 01000000 00000000 0000000000000000 00000000 "
        "00000000 0000000000000000 00000000000000000000000000000000";
    struct outcome o;
    size_t n;
    uint8_t *p = lmt_unhex(smb2, &n);

    o.flag = true;
    LMT_EQ(decode_kind(K_NEG, p, n, &o), LM_OK);
    CU_ASSERT_FALSE(o.flag);
    CU_ASSERT_EQUAL(decode_kind(K_NEG, p, n - 1, &o), LM_EPROTO);
    CU_ASSERT_EQUAL(decode_kind(K_TRANS, p, n, &o), LM_EPROTO);
    free(p);
}

static const struct lmt_test smb1_tests[] = {
    LMT_TEST(request_golden),
    LMT_TEST(accepted),
    LMT_TEST(refused_kinds),
    LMT_TEST(every_truncation),
    LMT_TEST(smb2_truncated_and_garbage),
    LMT_TEST(exchange_requests_golden),
    LMT_TEST(tree_connect_bad_hosts),
    LMT_TEST(exchange_answers),
    LMT_TEST(exchange_truncations),
    LMT_TEST(exchange_bit_flips),
    LMT_TEST(exchange_smb2_answer),
    LMT_END,
};
const struct lmt_suite lmt_suite_smb1_codec = {"smb1_codec", NULL, NULL, NULL, smb1_tests};
