/* MS-WKST codecs. Request stubs against bytes laid out by hand from the IDL (MS-WKST 3.2.4.1, 3.2.4.3) and
 * C706 chapter 14; response stubs against what Samba 4.17 sent (vectors_wkssvc.h) and hand-laid ones
 * (level 102 and a user list, which Samba gives administrators only); paging against a scripted peer;
 * truncated and corrupted responses, table-driven, must give errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "hex.h"
#include "pipepeer.h"
#include "rpctest.h"
#include "rpc/wkssvc.h"
#include "testlib.h"
#include "vectors_wkssvc.h"

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

static void requests(void)
{
    struct lm__buf b;
    uint32_t resume = 7;

    lm__buf_init(&b, 4096);
    same_req(lm__wkssvc_getinfo_req(&b, NULL, 100), &b, "00 00 00 00 64 00 00 00");
    same_req(lm__wkssvc_getinfo_req(&b, "\\\\S", 102), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 53 00 00 00 " /* "\\S" */
             "66 00 00 00");                                                            /* Level 102 */
    LMT_EQ(lm__wkssvc_getinfo_req(&b, NULL, 103), LM_EINVAL);
    same_req(lm__wkssvc_user_enum_req(&b, NULL, 1, 0xFFFFFFFF, &resume), &b,
             "00 00 00 00 " /* ServerName: NULL */
             "01 00 00 00 " /* UserInfo.Level */
             "01 00 00 00 " /* union switch */
             "00 00 02 00 " /* -> WKSTA_USER_INFO_1_CONTAINER */
             "00 00 00 00 " /* EntriesRead */
             "00 00 00 00 " /* Buffer: NULL */
             "ff ff ff ff " /* PreferredMaximumLength */
             "04 00 02 00 " /* ResumeHandle -> */
             "07 00 00 00");
    same_req(
        lm__wkssvc_user_enum_req(&b, NULL, 0, 4096, NULL), &b,
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00");
    LMT_EQ(lm__wkssvc_user_enum_req(&b, NULL, 2, 0, NULL), LM_EINVAL);
    lm__buf_free(&b);
}

/* ---- responses ---- */

/* Hand-laid WKSTA_INFO_102: "WS1" in "CORP", version 10.0, an empty lan root, 3 users. */
static const char WKSTA102[] =
    "66 00 00 00 00 00 02 00 f4 01 00 00 04 00 02 00 " /* switch, ->, platform, name -> */
    "08 00 02 00 0a 00 00 00 00 00 00 00 0c 00 02 00 " /* group ->, 10, 0, root -> */
    "03 00 00 00 "                                     /* logged_on_users */
    "04 00 00 00 00 00 00 00 04 00 00 00 57 00 53 00 31 00 00 00 "
    "05 00 00 00 00 00 00 00 05 00 00 00 43 00 4f 00 52 00 50 00 00 00 00 00 "
    "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 " /* "", pad */
    "00 00 00 00";                                     /* WERR_OK */

/* Hand-laid WKSTA_USER_INFO_1_CONTAINER with two users, the second without other domains. */
static const char USERS1[] =
    "01 00 00 00 01 00 00 00 00 00 02 00 02 00 00 00 04 00 02 00 02 00 00 00 " /* level, switch, ->, 2, ->, 2
                                                                                */
    "08 00 02 00 0c 00 02 00 10 00 02 00 14 00 02 00 "                         /* user 0's four pointers */
    "18 00 02 00 1c 00 02 00 00 00 00 00 20 00 02 00 " /* user 1's: oth_domains NULL */
    "06 00 00 00 00 00 00 00 06 00 00 00 61 00 6c 00 69 00 63 00 65 00 00 00 " /* "alice" */
    "05 00 00 00 00 00 00 00 05 00 00 00 43 00 4f 00 52 00 50 00 00 00 00 00 " /* "CORP", pad */
    "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 "                         /* "", pad */
    "04 00 00 00 00 00 00 00 04 00 00 00 44 00 43 00 31 00 00 00 "             /* "DC1" */
    "05 00 00 00 00 00 00 00 05 00 00 00 73 00 76 00 63 00 24 00 00 00 00 00 " /* "svc$", pad */
    "04 00 00 00 00 00 00 00 04 00 00 00 57 00 53 00 31 00 00 00 "             /* "WS1" */
    "04 00 00 00 00 00 00 00 04 00 00 00 44 00 43 00 31 00 00 00 "             /* "DC1" */
    "02 00 00 00 24 00 02 00 00 00 00 00 00 00 00 00";                         /* total, resume -> 0, OK */

static void getinfo_responses(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_WKSTA100, &n);
    lm_workstation w;
    uint32_t werr = 1;

    memset(&w, 0, sizeof w);
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 100, &w, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(w.level, 100);
    LMT_EQ(w.platform_id, 500);
    LMT_STR(w.computer_name, "LANMANTEST");
    LMT_STR(w.lan_group, "WORKGROUP");
    LMT_EQ(w.version_major, 6);
    LMT_EQ(w.version_minor, 1);
    LMT_PTR_NULL(w.lan_root);
    lm__wksta_clear(&w);
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 101, &w, &werr), LM_EPROTO); /* switch 100 for level 101 */
    free(p);

    p = lmt_unhex(SAMBA_WKSTA101, &n);
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 101, &w, &werr), LM_OK);
    LMT_EQ(w.level, 101);
    LMT_STR(w.computer_name, "LANMANTEST");
    LMT_STR(w.lan_root, "");
    lm__wksta_clear(&w);
    free(p);

    p = lmt_unhex(WKSTA102, &n);
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 102, &w, &werr), LM_OK);
    LMT_EQ(w.level, 102);
    LMT_STR(w.computer_name, "WS1");
    LMT_STR(w.lan_group, "CORP");
    LMT_EQ(w.version_major, 10);
    LMT_EQ(w.version_minor, 0);
    LMT_STR(w.lan_root, "");
    LMT_EQ(w.logged_on_users, 3);
    lm__wksta_clear(&w);
    free(p);

    p = lmt_unhex(SAMBA_WKSTA102_DENIED, &n);
    memset(&w, 0, sizeof w);
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 102, &w, &werr), LM_OK);
    LMT_EQ(werr, 5);
    LMT_PTR_NULL(w.computer_name);
    /* WERR_OK without the structure is malformed */
    p[8] = 0;
    LMT_EQ(lm__wkssvc_getinfo_resp(p, n, 102, &w, &werr), LM_EPROTO);
    free(p);
}

static void user_enum_responses(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(USERS1, &n);
    struct lm__wkssvc_user_page pg;

    LMT_EQ(lm__wkssvc_user_enum_resp(p, n, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 2);
    LMT_EQ(pg.tail.total, 2);
    LMT_EQ(pg.tail.werr, 0);
    LMT_TRUE(pg.tail.has_resume);
    LMT_STR(pg.list[0].user_name, "alice");
    LMT_STR(pg.list[0].logon_domain, "CORP");
    LMT_STR(pg.list[0].other_domains, "");
    LMT_STR(pg.list[0].logon_server, "DC1");
    LMT_STR(pg.list[1].user_name, "svc$");
    LMT_STR(pg.list[1].logon_domain, "WS1");
    LMT_PTR_NULL(pg.list[1].other_domains);
    LMT_STR(pg.list[1].logon_server, "DC1");
    lm_workstation_user_list_free(pg.list, pg.n);
    LMT_EQ(lm__wkssvc_user_enum_resp(p, n, 0, &pg), LM_EPROTO); /* level 1 for level 0 */
    LMT_PTR_NULL(pg.list);
    free(p);

    p = lmt_unhex(SAMBA_USERS1_DENIED, &n);
    LMT_EQ(lm__wkssvc_user_enum_resp(p, n, 1, &pg), LM_OK);
    LMT_EQ(pg.tail.werr, 5);
    LMT_EQ(pg.n, 0);
    LMT_PTR_NULL(pg.list);
    free(p);
}

/* ---- hostile responses: every truncation fails; each corruption gives its error ---- */

enum kind { K_W100, K_W101, K_W102, K_DENIED, K_USERS1, K_USERS_DENIED };
static const char *const hostile_vec[] = {SAMBA_WKSTA100,        SAMBA_WKSTA101, WKSTA102,
                                          SAMBA_WKSTA102_DENIED, USERS1,         SAMBA_USERS1_DENIED};

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__wkssvc_user_page pg;
    lm_workstation w;
    uint32_t werr;
    lm_status st;

    if (k == K_USERS1 || k == K_USERS_DENIED) {
        st = lm__wkssvc_user_enum_resp(p, n, 1, &pg);
        if (st == LM_OK)
            lm_workstation_user_list_free(pg.list, pg.n);
        else
            LMT_PTR_NULL(pg.list);
        return st;
    }
    memset(&w, 0, sizeof w);
    st = lm__wkssvc_getinfo_resp(p, n, k == K_W100 ? 100 : k == K_W101 ? 101 : 102, &w, &werr);
    if (st == LM_OK)
        lm__wksta_clear(&w);
    else
        LMT_PTR_NULL(w.computer_name);
    return st;
}

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_USERS_DENIED + 1);
    /* and one byte too many: a response longer than its IDL is as wrong as a short one */
    for (int k = K_W100; k <= K_USERS_DENIED; k++) {
        size_t n;
        uint8_t *p = lmt_unhex(hostile_vec[k], &n), *q = calloc(1, n + 1);

        LMT_PTR_OK(q);
        memcpy(q, p, n);
        LMT_EQ(decode(k, q, n + 1), LM_EPROTO);
        free(q);
        free(p);
    }
}

static const struct rpct_corruption corrupt[] = {
    {K_W100, 0, 101, LM_EPROTO, "switch 101 for level 100"},
    {K_W100, 28, 10, LM_EPROTO, "name max_count < actual_count"},
    {K_W100, 32, 1, LM_EPROTO, "string offset 1"},
    {K_W100, 36, 0x7FFFFFFF, LM_EPROTO, "actual_count of 2^31"},
    {K_W100, 60, 0x00410041, LM_EPROTO, "no terminating NUL"},
    {K_W100, 40, 0x0041D800, LM_EILSEQ, "a lone surrogate"},
    {K_W100, 12, 0, LM_EPROTO, "NULL name: the bytes left over"},
    {K_W101, 28, 0, LM_EPROTO, "NULL lan root: the bytes left over"},
    {K_W102, 0, 100, LM_EPROTO, "switch 100 for level 102"},
    {K_USERS1, 0, 0, LM_EPROTO, "level 0 for level 1"},
    {K_USERS1, 4, 0, LM_EPROTO, "union switch != level"},
    {K_USERS1, 12, 3, LM_EPROTO, "EntriesRead != max_count"},
    {K_USERS1, 20, 0x40000000, LM_EPROTO, "array count of 2^30"},
    {K_USERS1, 20, 0xFFFFFFFF, LM_EPROTO, "array count of 2^32-1"},
    {K_USERS1, 12, 0x00100000, LM_EPROTO, "2^20 entries read"},
    {K_USERS1, 24, 0, LM_EPROTO, "NULL user name: the bytes left over"},
    {K_USERS1, 64, 0x00000000, LM_EPROTO, "a NUL inside the user name"},
    {K_USERS_DENIED, 8, 0x00020000, LM_EPROTO, "a container the bytes do not hold"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

/* Every single-bit flip of every vector decodes or fails cleanly (ASan/UBSan watch for the rest). */
static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_USERS_DENIED + 1);
}

/* ---- calls over a scripted peer ---- */

/* One WKSTA_USER_INFO_0-shaped page at level 1: one user named by name_hex (two UTF-16 units with the
 * NUL), the other fields NULL, total 2, the resume handle, and werr. */
static void page(struct lm__buf *pdu, uint32_t call_id, const char *name_hex, uint32_t resume, uint32_t werr)
{
    char hex[1024];
    size_t n;
    uint8_t *p;

    snprintf(hex, sizeof hex,
             "01 00 00 00 01 00 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
             "08 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 "
             "02 00 00 00 00 00 00 00 02 00 00 00 %s 00 00 "
             "02 00 00 00 0c 00 02 00 %02x 00 00 00 %02x 00 00 00",
             name_hex, (unsigned)resume, (unsigned)werr);
    p = lmt_unhex(hex, &n);
    pipe_peer_pdu(pdu, 2, 3, call_id, p, n);
    free(p);
}

static void user_enum_pages(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_workstation_user *v = NULL;
    size_t n = 0;
    lm_error e;

    pipe_peer_init(&f);
    page(&f.reply[0], 2, "61 00", 1, 0xEA); /* "a", ERROR_MORE_DATA, resume 1 */
    page(&f.reply[1], 3, "62 00", 2, 0);    /* "b", done */
    f.nreply = 2;
    r = open_peer(&f);
    LMT_EQ(lm__wkssvc_user_enum(r, NULL, 100, &v, &n, &e), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].user_name, "a");
    LMT_STR(v[1].user_name, "b");
    LMT_PTR_NULL(v[1].logon_server);
    /* the second request carries the resume handle the first reply gave: its last 4 stub bytes */
    LMT_EQ(f.transceives, 2);
    LMT_EQ(f.sent.data[f.sent.len - 4], 1);
    lm_workstation_user_list_free(v, n);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* one page that ends it: MORE_DATA with the same resume handle again (no progress: an error rather than
     * a loop), and WERR_ACCESS_DENIED (LM_EACCES with the raw code) */
    for (int k = 0; k < 2; k++) {
        pipe_peer_init(&f);
        page(&f.reply[0], 2, "61 00", 0, k == 0 ? 0xEA : 5);
        f.nreply = 1;
        r = open_peer(&f);
        v = NULL;
        LMT_EQ(lm__wkssvc_user_enum(r, NULL, 100, &v, &n, &e), k == 0 ? LM_EPROTO : LM_EACCES);
        LMT_EQ(e.raw_kind, k == 0 ? LM_RAW_NONE : LM_RAW_WERROR);
        LMT_PTR_NULL(v);
        lm__rpc_close(r);
        pipe_peer_free(&f);
    }
}

static const struct lmt_test wkssvc_tests[] = {
    LMT_TEST(requests),
    LMT_TEST(getinfo_responses),
    LMT_TEST(user_enum_responses),
    LMT_TEST(user_enum_pages),
    LMT_END,
};
const struct lmt_suite lmt_suite_wkssvc = {"wkssvc", NULL, NULL, NULL, wkssvc_tests};

static const struct lmt_test hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_wkssvc_hostile = {"wkssvc_hostile", NULL, NULL, NULL, hostile_tests};
