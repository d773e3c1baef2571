/* MS-LSAT / MS-LSAD codecs. Request stubs against bytes laid out by hand from the IDL (MS-LSAT 3.1.4.6,
 * 3.1.4.7, 3.1.4.10; MS-LSAD 3.1.4.4.1), RPC_UNICODE_STRING (MS-DTYP 2.3.10: no terminating NUL, the buffer
 * deferred after the array) and C706 chapter 14; response stubs against what Samba 4.17 sent
 * (vectors_lsarpc.h); the policy handle's open, lookup and close, and the fallback from LsarLookupNames3 to
 * LsarLookupNames2, against a scripted peer; truncated and corrupted responses, table-driven, must give
 * errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/lsarpc.h"
#include "rpctest.h"
#include "vectors_lsarpc.h"

#define H_HEX "00 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 "
/* LookupLevel LsapLookupWksta and its pad, MappedCount, LookupOptions, ClientRevision 2 */
#define TAIL_HEX "01 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00"

static const struct lm__ndr_handle H = {{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};

#define USER_SID "S-1-5-21-4038859770-123952674-3601596613-1000"

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

static void sid_is(const struct lm__sid *sid, const char *want)
{
    char buf[LM__SID_STRING_MAX];

    LMT_STR(lm__sid_to_string(sid, buf), want);
}

/* ---- requests ---- */

static void requests(void)
{
    const char *two[] = {"a", "bc"}, *one[] = {"ab"};
    struct lm__sid sids[2];
    struct lm__buf b;

    lm__buf_init(&b, 1u << 20);
    same_req(lm__lsa_open_policy_req(&b, "\\\\s", LM__LSA_POLICY_LOOKUP_NAMES), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 73 00 00 00 " /* SystemName */
             "18 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /* ObjectAttributes */
             "00 08 00 00"); /* POLICY_LOOKUP_NAMES */
    same_req(lm__lsa_lookup_names_req(&b, 3, &H, one, 1), &b,
             H_HEX "01 00 00 00 "                         /* Count */
                   "01 00 00 00 04 00 04 00 00 00 02 00 " /* max_count, Length, MaximumLength, -> */
                   "02 00 00 00 00 00 00 00 02 00 00 00 61 00 62 00 " /* "ab", no NUL */
                   "00 00 00 00 00 00 00 00 "                         /* TranslatedSids: none, NULL */
             TAIL_HEX);
    /* Two names: both fixed parts first, then the buffers, each 4-aligned (C706 14.3.12.3). */
    same_req(lm__lsa_lookup_names_req(&b, 2, &H, two, 2), &b,
             H_HEX "02 00 00 00 02 00 00 00 "
                   "02 00 02 00 00 00 02 00 04 00 04 00 04 00 02 00 "
                   "01 00 00 00 00 00 00 00 01 00 00 00 61 00 00 00 "
                   "02 00 00 00 00 00 00 00 02 00 00 00 62 00 63 00 "
                   "00 00 00 00 00 00 00 00 " TAIL_HEX);
    LMT_EQ(lm__sid_from_string("S-1-1-0", &sids[0]), LM_OK);
    LMT_EQ(lm__sid_from_string("S-1-5-32-544", &sids[1]), LM_OK);
    same_req(lm__lsa_lookup_sids_req(&b, &H, sids, 2), &b,
             H_HEX "02 00 00 00 00 00 02 00 "                         /* SidEnumBuffer: Entries, SidInfo -> */
                   "02 00 00 00 04 00 02 00 08 00 02 00 "             /* max_count, a pointer per SID */
                   "01 00 00 00 01 01 00 00 00 00 00 01 00 00 00 00 " /* S-1-1-0 */
                   "02 00 00 00 01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00 " /* S-1-5-32-544 */
                   "00 00 00 00 00 00 00 00 " TAIL_HEX);
    lm__buf_free(&b);
}

static void requests_refused(void)
{
    const char *empty[] = {""}, *bad[] = {"\xC3"}, *one[] = {"a"};
    char *longest = malloc(32769);
    struct lm__sid sid;
    struct lm__buf b;

    LMT_PTR_OK(longest);
    lm__buf_init(&b, 1u << 20);
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, one, 0), LM_EINVAL);
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, one, LM__LSA_MAX_LOOKUP + 1), LM_EINVAL);
    LMT_EQ(lm__lsa_lookup_names_req(&b, 4, &H, one, 1), LM_EINVAL);
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, empty, 1), LM_EINVAL);
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, bad, 1), LM_EILSEQ);
    /* Length is 16 bits of bytes: 32,767 units fit, 32,768 do not */
    memset(longest, 'a', 32767);
    longest[32767] = '\0';
    one[0] = longest;
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, one, 1), LM_OK);
    lm__buf_reset(&b);
    longest[32767] = 'a';
    longest[32768] = '\0';
    LMT_EQ(lm__lsa_lookup_names_req(&b, 3, &H, one, 1), LM_EINVAL);
    lm__buf_reset(&b);
    LMT_EQ(lm__sid_from_string("S-1-1-0", &sid), LM_OK);
    LMT_EQ(lm__lsa_lookup_sids_req(&b, &H, &sid, 0), LM_EINVAL);
    sid.count = LM__SID_MAX_SUBAUTH + 1;
    LMT_EQ(lm__lsa_lookup_sids_req(&b, &H, &sid, 1), LM_EINVAL);
    free(longest);
    lm__buf_free(&b);
}

/* ---- responses ---- */

static void names_from_samba(void)
{
    struct lm__lsa_xlat x[3];
    uint32_t status = 1;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_LSA_NAMES3_ONE, &n);

    LMT_EQ(lm__lsa_lookup_names_resp(p, n, 3, 1, x, &status), LM_OK);
    LMT_EQ(status, 0);
    LMT_EQ(x[0].use, LM__SID_TYPE_USER);
    sid_is(&x[0].sid, USER_SID);
    LMT_PTR_NULL(x[0].name);
    /* the count asked must be the count answered */
    LMT_EQ(lm__lsa_lookup_names_resp(p, n, 3, 2, x, &status), LM_EPROTO);
    free(p);

    p = lmt_unhex(SAMBA_LSA_NAMES3_NONE, &n);
    LMT_EQ(lm__lsa_lookup_names_resp(p, n, 3, 1, x, &status), LM_OK);
    LMT_EQ(status, LM__STATUS_NONE_MAPPED);
    LMT_EQ(x[0].use, LM__SID_TYPE_UNKNOWN);
    free(p);

    /* the same three names answered with SIDs (3) and with RIDs of the domains' SIDs (2) */
    for (int level = 3; level >= 2; level--) {
        p = lmt_unhex(level == 3 ? SAMBA_LSA_NAMES3_SOME : SAMBA_LSA_NAMES2_SOME, &n);
        memset(x, 0xAA, sizeof x);
        LMT_EQ(lm__lsa_lookup_names_resp(p, n, level, 3, x, &status), LM_OK);
        LMT_EQ(status, LM__STATUS_SOME_NOT_MAPPED);
        LMT_EQ(x[0].use, LM__SID_TYPE_USER);
        sid_is(&x[0].sid, USER_SID);
        LMT_EQ(x[1].use, LM__SID_TYPE_UNKNOWN);
        LMT_EQ(x[2].use, 5); /* SidTypeWellKnownGroup */
        sid_is(&x[2].sid, "S-1-1-0");
        LMT_PTR_NULL(x[2].name);
        /* the other level's layout does not decode */
        LMT_TRUE(lm__lsa_lookup_names_resp(p, n, 5 - level, 3, x, &status) != LM_OK);
        free(p);
    }
}

static void sids_from_samba(void)
{
    struct lm__lsa_xlat x[3];
    uint32_t status = 0;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_LSA_SIDS2_SOME, &n);

    LMT_EQ(lm__lsa_lookup_sids_resp(p, n, 3, x, &status), LM_OK);
    LMT_EQ(status, LM__STATUS_SOME_NOT_MAPPED);
    LMT_EQ(x[0].use, LM__SID_TYPE_USER);
    LMT_STR(x[0].name, "LANMANTEST\\lsa17u");
    LMT_EQ(x[1].use, LM__SID_TYPE_UNKNOWN);
    LMT_PTR_NULL(x[1].name);        /* Samba's placeholder (the SID string) is not a name */
    LMT_STR(x[2].name, "Everyone"); /* its domain has no name */
    lm__lsa_xlat_clear(x, 3);
    LMT_PTR_NULL(x[0].name);
    free(p);

    p = lmt_unhex(SAMBA_LSA_SIDS2_NONE, &n);
    LMT_EQ(lm__lsa_lookup_sids_resp(p, n, 1, x, &status), LM_OK);
    LMT_EQ(status, LM__STATUS_NONE_MAPPED);
    LMT_EQ(x[0].use, LM__SID_TYPE_UNKNOWN);
    LMT_PTR_NULL(x[0].name);
    free(p);
}

/* A failure status carries no translations, whatever the stub holds. */
static void failure_status(void)
{
    struct lm__lsa_xlat x[3];
    uint32_t status = 0;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_LSA_NAMES3_ONE, &n);

    p[n - 4] = 0x22, p[n - 1] = 0xC0; /* STATUS_ACCESS_DENIED */
    LMT_EQ(lm__lsa_lookup_names_resp(p, n, 3, 1, x, &status), LM_OK);
    LMT_EQ(status, 0xC0000022u);
    LMT_EQ(x[0].use, LM__SID_TYPE_UNKNOWN);
    free(p);
    p = lmt_unhex(SAMBA_LSA_SIDS2_SOME, &n);
    p[n - 4] = 0x22, p[n - 3] = 0, p[n - 1] = 0xC0;
    LMT_EQ(lm__lsa_lookup_sids_resp(p, n, 3, x, &status), LM_OK);
    LMT_EQ(status, 0xC0000022u);
    LMT_PTR_NULL(x[0].name);
    free(p);
}

/* ---- hostile responses ---- */

enum { K_NAMES3, K_NAMES3_NONE, K_NAMES3_SOME, K_NAMES2, K_SIDS2, K_SIDS2_NONE, K_OPEN };

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__lsa_xlat x[3];
    struct lm__ndr_handle h;
    uint32_t status;
    lm_status st;

    switch (k) {
    case K_NAMES3:
    case K_NAMES3_NONE:
        return lm__lsa_lookup_names_resp(p, n, 3, 1, x, &status);
    case K_NAMES3_SOME:
        return lm__lsa_lookup_names_resp(p, n, 3, 3, x, &status);
    case K_NAMES2:
        return lm__lsa_lookup_names_resp(p, n, 2, 3, x, &status);
    case K_SIDS2:
    case K_SIDS2_NONE:
        st = lm__lsa_lookup_sids_resp(p, n, k == K_SIDS2 ? 3 : 1, x, &status);
        if (st == LM_OK)
            lm__lsa_xlat_clear(x, k == K_SIDS2 ? 3 : 1);
        return st;
    case K_OPEN:
    default:
        return lm__ndr_handle_werr(p, n, &h, &status);
    }
}

static const char *const hostile_vec[] = {SAMBA_LSA_NAMES3_ONE,  SAMBA_LSA_NAMES3_NONE, SAMBA_LSA_NAMES3_SOME,
                                          SAMBA_LSA_NAMES2_SOME, SAMBA_LSA_SIDS2_SOME,  SAMBA_LSA_SIDS2_NONE,
                                          SAMBA_LSA_OPEN};

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_OPEN + 1);
}

static const struct rpct_corruption corrupt[] = {
    {K_NAMES3, 4, 2, LM_EPROTO, "domain Entries 2, one sent"},
    {K_NAMES3, 8, 0, LM_EPROTO, "domain Entries 1 with a NULL list"},
    {K_NAMES3, 16, 0x10000000, LM_EPROTO, "domain max_count 2^28"},
    {K_NAMES3, 20, 0x00160013, LM_EPROTO, "odd domain name Length"},
    {K_NAMES3, 20, 0x00140016, LM_EPROTO, "domain name Length > MaximumLength"},
    {K_NAMES3, 32, 0x0C, LM_EPROTO, "domain name max_count != MaximumLength / 2"},
    {K_NAMES3, 36, 1, LM_EPROTO, "domain name offset 1"},
    {K_NAMES3, 40, 0x0B, LM_EPROTO, "domain name actual_count != Length / 2"},
    {K_NAMES3, 44, 0x00410000, LM_EPROTO, "a NUL in the domain name"},
    {K_NAMES3, 44, 0x0041D800, LM_EILSEQ, "a lone surrogate in the domain name"},
    {K_NAMES3, 64, 5, LM_EPROTO, "domain SID conformance 5 for 4 sub-authorities"},
    {K_NAMES3, 64, 16, LM_EPROTO, "domain SID conformance 16"},
    {K_NAMES3, 92, 2, LM_EPROTO, "TranslatedSids Entries 2, one sent"},
    {K_NAMES3, 100, 2, LM_EPROTO, "TranslatedSids max_count 2"},
    {K_NAMES3, 108, 0, LM_EPROTO, "a mapped name without its SID"},
    {K_NAMES3, 112, 1, LM_EPROTO, "DomainIndex 1 of one domain"},
    {K_NAMES3, 112, 0xFFFFFFFE, LM_EPROTO, "DomainIndex -2"},
    {K_NAMES3, 124, 0x00000502, LM_EPROTO, "SID revision 2"},
    {K_NAMES3, 96, 0, LM_EPROTO, "success with no translations"},
    {K_NAMES2, 148, 3, LM_EPROTO, "RID's DomainIndex 3 of two domains"},
    {K_NAMES2, 148, 0xFFFFFFFF, LM_EPROTO, "a mapped RID without a domain"},
    {K_NAMES2, 28, 0, LM_EPROTO, "a mapped RID whose domain has no SID"},
    {K_SIDS2, 4, 4, LM_EPROTO, "domain Entries 4, three sent"},
    {K_SIDS2, 188, 4, LM_EPROTO, "TranslatedNames max_count 4"},
    {K_SIDS2, 196, 0x000C000D, LM_EPROTO, "name Length > MaximumLength"},
    {K_SIDS2, 204, 3, LM_EPROTO, "name DomainIndex 3 of three domains"},
    {K_SIDS2, 252, 7, LM_EPROTO, "name max_count != MaximumLength / 2"},
    {K_SIDS2, 256, 2, LM_EPROTO, "name offset 2"},
    {K_SIDS2, 264, 0x0073006C, LM_OK, "another name of the same length"},
    {K_SIDS2, 264, 0x00730000, LM_EPROTO, "a NUL in the name"},
    {K_SIDS2, 92, 0x00000400, LM_EPROTO, "a domain SID with revision 0"},
    {K_SIDS2_NONE, 76, 0, LM_EPROTO, "TranslatedNames Entries 1 with a NULL pointer"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_OPEN + 1);
}

/* ---- calls over a scripted peer ---- */

static void names_to_sids_opens_and_closes(void)
{
    static const char *const replies[] = {SAMBA_LSA_OPEN, SAMBA_LSA_NAMES3_ONE, SAMBA_LSA_CLOSE};
    const char *names[] = {"lsa17u"};
    struct lm__lsa_xlat x;
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;

    r = rpct_open(&f, &lm__lsarpc_iface, replies, 3);
    LMT_EQ(lm__lsa_names_to_sids(r, "\\\\127.0.0.1", names, 1, &x, &e), LM_OK);
    sid_is(&x.sid, USER_SID);
    LMT_EQ(f.transceives, 3);
    LMT_EQ(rpct_sent_opnum(&f, 0), LM__LSA_OPEN_POLICY2);
    LMT_EQ(rpct_sent_opnum(&f, 1), LM__LSA_LOOKUP_NAMES3);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__LSA_CLOSE);
    /* the lookup and the close carry the handle Samba gave */
    LMT_EQ(rpct_sent_u32(&f, 1, 4), 0x105CEB03u);
    LMT_EQ(rpct_sent_u32(&f, 2, 4), 0x105CEB03u);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void names3_falls_back_to_names2(void)
{
    static const char *const replies[] = {SAMBA_LSA_OPEN, SAMBA_LSA_OPEN, SAMBA_LSA_NAMES2_SOME,
                                          SAMBA_LSA_CLOSE};
    static const uint8_t fault[8] = {0x02, 0x00, 0x01, 0x1C}; /* nca_s_op_rng_error */
    const char *names[] = {"LANMANTEST\\lsa17u", "nosuch", "Everyone"};
    struct lm__lsa_xlat x[3];
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;

    r = rpct_open(&f, &lm__lsarpc_iface, replies, 4);
    lm__buf_reset(&f.reply[1]);
    pipe_peer_pdu(&f.reply[1], 3, 3, 3, fault, 8);
    LMT_EQ(lm__lsa_names_to_sids(r, "\\\\127.0.0.1", names, 3, x, &e), LM_OK);
    LMT_EQ(f.transceives, 4);
    LMT_EQ(rpct_sent_opnum(&f, 1), LM__LSA_LOOKUP_NAMES3);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__LSA_LOOKUP_NAMES2);
    sid_is(&x[0].sid, USER_SID);
    LMT_EQ(x[1].use, LM__SID_TYPE_UNKNOWN);
    sid_is(&x[2].sid, "S-1-1-0");
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void sids_to_names_opens_and_closes(void)
{
    static const char *const replies[] = {SAMBA_LSA_OPEN, SAMBA_LSA_SIDS2_SOME, SAMBA_LSA_CLOSE};
    struct lm__lsa_xlat x[3];
    struct lm__sid sids[3];
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;

    LMT_EQ(lm__sid_from_string(USER_SID, &sids[0]), LM_OK);
    LMT_EQ(lm__sid_from_string("S-1-5-21-1-2-3-4", &sids[1]), LM_OK);
    LMT_EQ(lm__sid_from_string("S-1-1-0", &sids[2]), LM_OK);
    r = rpct_open(&f, &lm__lsarpc_iface, replies, 3);
    LMT_EQ(lm__lsa_sids_to_names(r, NULL, sids, 3, x, &e), LM_OK);
    LMT_STR(x[0].name, "LANMANTEST\\lsa17u");
    LMT_PTR_NULL(x[1].name);
    LMT_STR(x[2].name, "Everyone");
    LMT_EQ(rpct_sent_opnum(&f, 1), LM__LSA_LOOKUP_SIDS2);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__LSA_CLOSE);
    lm__lsa_xlat_clear(x, 3);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* NTSTATUS failures: the open's stops there; the lookup's still closes the policy. */
static void failures_translated_and_closed(void)
{
    static const char *const open_denied[] = {"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                              "00 00 00 00 22 00 00 c0"};
    static const char *const lookup_denied[] = {
        SAMBA_LSA_OPEN, "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 22 00 00 c0", SAMBA_LSA_CLOSE};
    const char *names[] = {"x"};
    struct lm__lsa_xlat x;
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;

    r = rpct_open(&f, &lm__lsarpc_iface, open_denied, 1);
    LMT_EQ(lm__lsa_names_to_sids(r, NULL, names, 1, &x, &e), LM_EACCES);
    LMT_EQ(e.raw_kind, LM_RAW_NTSTATUS);
    LMT_EQ(e.raw, 0xC0000022u);
    LMT_TRUE(strstr(e.message, "LsarOpenPolicy2") != NULL);
    LMT_EQ(f.transceives, 1);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    r = rpct_open(&f, &lm__lsarpc_iface, lookup_denied, 3);
    LMT_EQ(lm__lsa_names_to_sids(r, NULL, names, 1, &x, &e), LM_EACCES);
    LMT_TRUE(strstr(e.message, "LsarLookupNames3") != NULL);
    LMT_EQ(f.transceives, 3);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__LSA_CLOSE);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static const struct lmt_test lsarpc_tests[] = {LMT_TEST(requests),
                                               LMT_TEST(requests_refused),
                                               LMT_TEST(names_from_samba),
                                               LMT_TEST(sids_from_samba),
                                               LMT_TEST(failure_status),
                                               LMT_TEST(names_to_sids_opens_and_closes),
                                               LMT_TEST(names3_falls_back_to_names2),
                                               LMT_TEST(sids_to_names_opens_and_closes),
                                               LMT_TEST(failures_translated_and_closed),
                                               LMT_END};
const struct lmt_suite lmt_suite_lsarpc = {"lsarpc", NULL, NULL, NULL, lsarpc_tests};

static const struct lmt_test hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_lsarpc_hostile = {"lsarpc_hostile", NULL, NULL, NULL, hostile_tests};
