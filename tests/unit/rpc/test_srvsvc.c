/* MS-SRVS codecs. Request stubs against bytes laid out by hand from the IDL (MS-SRVS 3.1.4) and C706
 * chapter 14 (referent ids numbered from 0x00020000 as Windows does); response stubs against what Samba 4.17
 * sent (vectors.h) and against hand-laid ones; paging against a scripted peer; truncated and corrupted
 * responses, table-driven, must give errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/srvsvc.h"
#include "rpctest.h"

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

/* ---- requests ---- */

static void enum_requests(void)
{
    struct lm__buf b;
    uint32_t resume = 0;

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_enum_req(&b, NULL, 1, 0xFFFFFFFF, &resume), &b,
             "00 00 00 00 " /* ServerName: NULL */
             "01 00 00 00 " /* InfoStruct.Level */
             "01 00 00 00 " /* union switch */
             "00 00 02 00 " /* -> SHARE_INFO_1_CONTAINER */
             "00 00 00 00 " /* EntriesRead */
             "00 00 00 00 " /* Buffer: NULL */
             "ff ff ff ff " /* PreferedMaximumLength */
             "04 00 02 00 " /* ResumeHandle -> */
             "00 00 00 00");
    same_req(lm__srvsvc_enum_req(&b, "\\\\S", 502, 4096, NULL), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 53 00 00 00 " /* "\\S" */
             "f6 01 00 00 f6 01 00 00 04 00 02 00 00 00 00 00 00 00 00 00 "             /* 502 */
             "00 10 00 00 "                                                             /* 4096 */
             "00 00 00 00");                                                            /* no resume */
    LMT_EQ(lm__srvsvc_enum_req(&b, NULL, 3, 0, NULL), LM_EINVAL);
    lm__buf_free(&b);
}

static void getinfo_del_srvinfo_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_getinfo_req(&b, NULL, "share", 502), &b,
             "00 00 00 00 "                                      /* ServerName */
             "06 00 00 00 00 00 00 00 06 00 00 00 "              /* NetName: [string] ref, no referent */
             "73 00 68 00 61 00 72 00 65 00 00 00 f6 01 00 00"); /* "share", Level 502 */
    same_req(lm__srvsvc_del_req(&b, NULL, "lmcap"), &b,
             "00 00 00 00 06 00 00 00 00 00 00 00 06 00 00 00 "
             "6c 00 6d 00 63 00 61 00 70 00 00 00 00 00 00 00"); /* "lmcap", Reserved */
    same_req(lm__srvsvc_srvinfo_req(&b, NULL, 101), &b, "00 00 00 00 65 00 00 00");
    /* Unicode survives as UTF-16LE: "Données" */
    same_req(lm__srvsvc_del_req(&b, NULL,
                                "Donn\xC3\xA9"
                                "es"),
             &b,
             "00 00 00 00 08 00 00 00 00 00 00 00 08 00 00 00 "
             "44 00 6f 00 6e 00 6e 00 e9 00 65 00 73 00 00 00 00 00 00 00");
    lm__buf_free(&b);
}

static void add_requests(void)
{
    struct lm__buf b;
    struct lm__srv_share_spec s = {"lmcap", "C:\\tmp\\rpcfx\\share", "cap", 0, 0xFFFFFFFF, NULL, 0};
    static const uint8_t sd[3] = {0xAA, 0xBB, 0xCC};

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_add_req(&b, NULL, 2, &s), &b,
             "00 00 00 00 02 00 00 00 02 00 00 00 00 00 02 00 " /* server, Level, switch, -> SHARE_INFO_2 */
             "04 00 02 00 00 00 00 00 08 00 02 00 00 00 00 00 " /* netname ->, type, remark ->, perms */
             "ff ff ff ff 00 00 00 00 0c 00 02 00 00 00 00 00 " /* max, current, path ->, passwd NULL */
             "06 00 00 00 00 00 00 00 06 00 00 00 6c 00 6d 00 63 00 61 00 70 00 00 00 "
             "04 00 00 00 00 00 00 00 04 00 00 00 63 00 61 00 70 00 00 00 "
             "13 00 00 00 00 00 00 00 13 00 00 00 43 00 3a 00 5c 00 74 00 6d 00 70 00 5c 00 72 00 70 00 "
             "63 00 66 00 78 00 5c 00 73 00 68 00 61 00 72 00 65 00 00 00 00 00 " /* path, pad */
             "10 00 02 00 00 00 00 00");                                          /* ParmErr -> 0 */
    s.name = "x";
    s.path = "C:\\";
    s.remark = NULL;
    s.sd = sd;
    s.sd_len = 3;
    same_req(lm__srvsvc_add_req(&b, NULL, 502, &s), &b,
             "00 00 00 00 f6 01 00 00 f6 01 00 00 00 00 02 00 "
             "04 00 02 00 00 00 00 00 08 00 02 00 00 00 00 00 "
             "ff ff ff ff 00 00 00 00 0c 00 02 00 00 00 00 00 "
             "03 00 00 00 10 00 02 00 "                         /* shi502_reserved = SD size, SD -> */
             "02 00 00 00 00 00 00 00 02 00 00 00 78 00 00 00 " /* "x" */
             "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 " /* "" (NULL remark), pad */
             "04 00 00 00 00 00 00 00 04 00 00 00 43 00 3a 00 5c 00 00 00 " /* "C:\" */
             "03 00 00 00 aa bb cc 00 "                                     /* the SD bytes, pad */
             "14 00 02 00 00 00 00 00");
    LMT_EQ(lm__srvsvc_add_req(&b, NULL, 1, &s), LM_EINVAL);
    lm__buf_free(&b);
}

static void setinfo_requests(void)
{
    struct lm__buf b;
    struct lm__srv_share i;

    lm__buf_init(&b, 4096);
    memset(&i, 0, sizeof i);
    i.info.remark = "new";
    same_req(lm__srvsvc_setinfo_req(&b, NULL, "lmcap", 1004, &i), &b,
             "00 00 00 00 06 00 00 00 00 00 00 00 06 00 00 00 6c 00 6d 00 63 00 61 00 70 00 00 00 "
             "ec 03 00 00 ec 03 00 00 00 00 02 00 " /* Level 1004, switch, -> SHARE_INFO_1004 */
             "04 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 6e 00 65 00 77 00 00 00 " /* remark */
             "08 00 02 00 00 00 00 00");
    i.info.name = "s";
    i.info.remark = "r";
    i.info.path = "C:\\";
    i.info.max_uses = 7;
    same_req(lm__srvsvc_setinfo_req(&b, NULL, "s", 2, &i), &b,
             "00 00 00 00 02 00 00 00 00 00 00 00 02 00 00 00 73 00 00 00 "
             "02 00 00 00 02 00 00 00 00 00 02 00 "
             "04 00 02 00 00 00 00 00 08 00 02 00 00 00 00 00 07 00 00 00 00 00 00 00 "
             "0c 00 02 00 00 00 00 00 "
             "02 00 00 00 00 00 00 00 02 00 00 00 73 00 00 00 "
             "02 00 00 00 00 00 00 00 02 00 00 00 72 00 00 00 "
             "04 00 00 00 00 00 00 00 04 00 00 00 43 00 3a 00 5c 00 00 00 "
             "10 00 02 00 00 00 00 00");
    i.flags = 0x8830; /* EncryptData, AccessBased, CachingMode None */
    same_req(lm__srvsvc_setinfo_req(&b, NULL, "s", 1005, &i), &b,
             "00 00 00 00 02 00 00 00 00 00 00 00 02 00 00 00 73 00 00 00 "
             "ed 03 00 00 ed 03 00 00 00 00 02 00 " /* Level 1005, switch, -> SHARE_INFO_1005 */
             "30 88 00 00 "                         /* shi1005_flags */
             "04 00 02 00 00 00 00 00");            /* ParmErr */
    same_req(lm__srvsvc_getinfo_req(&b, NULL, "s", 1005), &b,
             "00 00 00 00 02 00 00 00 00 00 00 00 02 00 00 00 73 00 00 00 ed 03 00 00");
    LMT_EQ(lm__srvsvc_setinfo_req(&b, NULL, "s", 1006, &i), LM_EINVAL);
    lm__buf_free(&b);
}

/* ---- responses ---- */

static uint8_t *vec(const char *hex, size_t *n)
{
    return lmt_unhex(hex, n);
}

static void enum_response_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_ENUM1, &n);
    struct lm__srvsvc_enum_page pg;

    LMT_EQ(lm__srvsvc_enum_resp(p, n, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 2);
    LMT_EQ(pg.total, 2);
    LMT_EQ(pg.werr, 0);
    LMT_TRUE(pg.has_resume);
    LMT_EQ(pg.resume, 0);
    LMT_STR(pg.list[0].info.name, "share");
    LMT_STR(pg.list[0].info.remark, "lanman test share");
    LMT_EQ(pg.list[0].info.type, LM_STYPE_DISKTREE);
    LMT_EQ(pg.list[0].info.level, 1);
    LMT_PTR_NULL(pg.list[0].info.path);
    LMT_STR(pg.list[1].info.name, "IPC$");
    LMT_STR(pg.list[1].info.remark, "IPC Service (lanman test fixture)");
    LMT_EQ(pg.list[1].info.type, LM_STYPE_IPC | LM_STYPE_SPECIAL);
    lm__srv_share_list_free(pg.list, pg.n);
    /* asked at another level, the same bytes are refused as an answer at another level */
    LMT_EQ(lm__srvsvc_enum_resp(p, n, 2, &pg), LM_ETYPE);
    LMT_PTR_NULL(pg.list);
    free(p);
}

/* Hand-laid SHARE_INFO_502_CONTAINER with one entry: strings, an odd-sized SD, and the fields after it. */
static const char ENUM502[] =
    "f6 01 00 00 f6 01 00 00 00 00 02 00 "                         /* Level, switch, -> container */
    "01 00 00 00 04 00 02 00 01 00 00 00 "                         /* EntriesRead, Buffer ->, max_count */
    "08 00 02 00 00 00 00 00 0c 00 02 00 00 00 00 00 "             /* name ->, type, remark ->, perms */
    "ff ff ff ff 02 00 00 00 10 00 02 00 00 00 00 00 "             /* max, cur, path ->, passwd */
    "03 00 00 00 14 00 02 00 "                                     /* reserved = 3, SD -> */
    "02 00 00 00 00 00 00 00 02 00 00 00 61 00 00 00 "             /* "a" */
    "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 "             /* "", pad */
    "04 00 00 00 00 00 00 00 04 00 00 00 43 00 3a 00 5c 00 00 00 " /* "C:\" */
    "03 00 00 00 01 02 03 00 "                                     /* SD, pad */
    "01 00 00 00 00 00 00 00 00 00 00 00";                         /* total, resume NULL, WERROR */

static void enum_response_502(void)
{
    size_t n;
    uint8_t *p = vec(ENUM502, &n);
    struct lm__srvsvc_enum_page pg;

    LMT_EQ(lm__srvsvc_enum_resp(p, n, 502, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    LMT_STR(pg.list[0].info.name, "a");
    LMT_STR(pg.list[0].info.remark, "");
    LMT_STR(pg.list[0].info.path, "C:\\");
    LMT_EQ(pg.list[0].info.max_uses, LM_SHARE_UNLIMITED);
    LMT_EQ(pg.list[0].info.current_uses, 2);
    LMT_EQ(pg.list[0].sd_len, 3);
    LMT_MEM(pg.list[0].sd, "\x01\x02\x03", 3);
    LMT_PTR_NULL(pg.list[0].info.sddl);
    LMT_TRUE(!pg.has_resume);
    lm__srv_share_list_free(pg.list, pg.n);
    free(p);
}

static void getinfo_responses_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_GET502, &n);
    struct lm__srv_share s;
    uint32_t werr = 1;

    memset(&s, 0, sizeof s);
    LMT_EQ(lm__srvsvc_getinfo_resp(p, n, 502, &s, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_STR(s.info.name, "share");
    LMT_STR(s.info.remark, "lanman test share");
    LMT_STR(s.info.path, "C:\\tmp\\rpcfx\\share");
    LMT_EQ(s.info.max_uses, LM_SHARE_UNLIMITED);
    LMT_EQ(s.info.current_uses, 1);
    LMT_EQ(s.sd_len, 0x30);
    LMT_EQ(s.sd[0], 1);    /* revision */
    LMT_EQ(s.sd[3], 0x80); /* SE_SELF_RELATIVE */
    lm__srv_share_clear(&s);
    free(p);

    p = vec(SAMBA_GET2, &n);
    LMT_EQ(lm__srvsvc_getinfo_resp(p, n, 2, &s, &werr), LM_OK);
    LMT_STR(s.info.path, "C:\\tmp\\rpcfx\\share");
    LMT_EQ(s.info.level, 2);
    LMT_EQ(s.sd_len, 0);
    lm__srv_share_clear(&s);
    LMT_EQ(lm__srvsvc_getinfo_resp(p, n, 502, &s, &werr), LM_EPROTO); /* switch 2 for level 502 */
    free(p);

    p = vec(SAMBA_GET_MISSING, &n);
    LMT_EQ(lm__srvsvc_getinfo_resp(p, n, 1, &s, &werr), LM_OK);
    LMT_EQ(werr, 0x7B);
    LMT_PTR_NULL(s.info.name);
    free(p);
}

static void srvinfo_responses_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SRV101, &n);
    struct lm__srv_info i;
    uint32_t werr = 1;

    LMT_EQ(lm__srvsvc_srvinfo_resp(p, n, 101, &i, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(i.platform_id, 500);
    LMT_STR(i.name, "LANMANTEST");
    LMT_EQ(i.version_major, 6);
    LMT_EQ(i.version_minor, 1);
    LMT_EQ(i.type, 0x00809A03);
    LMT_STR(i.comment, "lanman test fixture");
    lm__srv_info_clear(&i);
    free(p);
    p = vec(SAMBA_SRV102, &n);
    LMT_EQ(lm__srvsvc_srvinfo_resp(p, n, 102, &i, &werr), LM_OK);
    LMT_EQ(i.users, 0xFFFFFFFF);
    LMT_EQ(i.disc, 15);
    LMT_EQ(i.hidden, 0);
    LMT_EQ(i.announce, 240);
    LMT_EQ(i.anndelta, 3000);
    LMT_EQ(i.licenses, 100000);
    LMT_STR(i.userpath, "C:\\");
    lm__srv_info_clear(&i);
    LMT_EQ(lm__srvsvc_srvinfo_resp(p, n, 101, &i, &werr), LM_EPROTO);
    free(p);
}

static void status_responses_from_samba(void)
{
    size_t n;
    uint8_t *p;
    uint32_t werr = 1, parm = 1;

    p = vec(SAMBA_DEL_MISSING, &n);
    LMT_EQ(lm__srvsvc_werr_resp(p, n, &werr), LM_OK);
    LMT_EQ(werr, 0x43);
    free(p);
    p = vec(SAMBA_ADD, &n);
    LMT_EQ(lm__srvsvc_parmerr_resp(p, n, &parm, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(parm, 0);
    free(p);
    p = vec(SAMBA_ADD_AGAIN, &n);
    LMT_EQ(lm__srvsvc_parmerr_resp(p, n, &parm, &werr), LM_OK);
    LMT_EQ(werr, 0x50);
    LMT_EQ(lm__rpc_status(LM_RAW_WERROR, werr), LM_EEXIST);
    free(p);
    p = vec(SAMBA_SET1004, &n);
    LMT_EQ(lm__srvsvc_parmerr_resp(p, n, &parm, &werr), LM_OK);
    LMT_EQ(werr, 0);
    free(p);
}

/* ---- hostile responses: every truncation fails; each corruption gives its error ---- */

enum kind { K_ENUM1, K_ENUM502, K_GET502, K_SRV102 };

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__srvsvc_enum_page pg;
    struct lm__srv_share s;
    struct lm__srv_info i;
    uint32_t werr;
    lm_status st;

    switch (k) {
    case K_ENUM1:
    case K_ENUM502:
        st = lm__srvsvc_enum_resp(p, n, k == K_ENUM1 ? 1 : 502, &pg);
        if (st == LM_OK)
            lm__srv_share_list_free(pg.list, pg.n);
        else
            LMT_PTR_NULL(pg.list);
        return st;
    case K_GET502:
        memset(&s, 0, sizeof s);
        st = lm__srvsvc_getinfo_resp(p, n, 502, &s, &werr);
        if (st == LM_OK)
            lm__srv_share_clear(&s);
        return st;
    case K_SRV102:
    default:
        st = lm__srvsvc_srvinfo_resp(p, n, 102, &i, &werr);
        if (st == LM_OK)
            lm__srv_info_clear(&i);
        return st;
    }
}

static const char *const hostile_vec[] = {SAMBA_ENUM1, ENUM502, SAMBA_GET502, SAMBA_SRV102};

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_SRV102 + 1);
}

static const struct rpct_corruption corrupt[] = {
    {K_ENUM1, 0, 2, LM_EPROTO, "level 2 for level 1"},
    {K_ENUM1, 4, 0, LM_EPROTO, "union switch != level"},
    {K_ENUM1, 12, 3, LM_EPROTO, "EntriesRead != max_count"},
    {K_ENUM1, 20, 0x40000000, LM_EPROTO, "array count of 2^30"},
    {K_ENUM1, 20, 0xFFFFFFFF, LM_EPROTO, "array count of 2^32-1"},
    {K_ENUM1, 20, 3, LM_EPROTO, "max_count 3 for 2 entries read"},
    {K_ENUM1, 12, 0x00100000, LM_EPROTO, "2^20 entries read"},
    {K_ENUM1, 24, 0, LM_EPROTO, "NULL share name"},
    {K_ENUM1, 48, 5, LM_EPROTO, "name max_count < actual_count"},
    {K_ENUM1, 52, 1, LM_EPROTO, "string offset 1"},
    {K_ENUM1, 56, 7, LM_EPROTO, "actual_count > max_count"},
    {K_ENUM1, 56, 0x7FFFFFFF, LM_EPROTO, "actual_count of 2^31"},
    {K_ENUM1, 68, 0x00410041, LM_EPROTO, "no terminating NUL"},
    {K_ENUM1, 60, 0x00000000, LM_EPROTO, "a NUL inside the name"},
    {K_ENUM1, 60, 0x0061D800, LM_EILSEQ, "a lone surrogate"},
    {K_ENUM502, 56, 4, LM_EPROTO, "SD size != its max_count"},
    {K_ENUM502, 56, 0x10000000, LM_EPROTO, "SD size past the end"},
    {K_ENUM502, 60, 0, LM_OK, "no SD: its bytes are then the next fields"},
    {K_GET502, 0, 2, LM_EPROTO, "switch 2 for level 502"},
    {K_GET502, 40, 0x00000200, LM_EPROTO, "SD size 512"},
    {K_SRV102, 0, 101, LM_EPROTO, "switch 101 for level 102"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

/* Every single-bit flip of every vector decodes or fails cleanly (ASan/UBSan watch for the rest). */
static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_SRV102 + 1);
}

/* ---- calls over a scripted peer ---- */

/* One SHARE_INFO_1 page: one entry named name, total 2, the resume handle, and werr. */
static void page(struct lm__buf *pdu, uint32_t call_id, const char *name_hex, uint32_t resume, uint32_t werr)
{
    char hex[1024];
    size_t n;
    uint8_t *p;

    snprintf(hex, sizeof hex,
             "01 00 00 00 01 00 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
             "08 00 02 00 00 00 00 00 0c 00 02 00 "
             "02 00 00 00 00 00 00 00 02 00 00 00 %s 00 00 "
             "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 "
             "02 00 00 00 10 00 02 00 %02x 00 00 00 %02x 00 00 00",
             name_hex, (unsigned)resume, (unsigned)werr);
    p = lmt_unhex(hex, &n);
    pipe_peer_pdu(pdu, 2, 3, call_id, p, n);
    free(p);
}

static void enum_pages_with_the_resume_handle(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    struct lm__srv_share *v = NULL;
    size_t n = 0;
    lm_error e;

    pipe_peer_init(&f);
    page(&f.reply[0], 2, "61 00", 1, 0xEA); /* "a", ERROR_MORE_DATA, resume 1 */
    page(&f.reply[1], 3, "62 00", 2, 0);    /* "b", done */
    f.nreply = 2;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_share_enum(r, NULL, 1, 100, &v, &n, &e), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].info.name, "a");
    LMT_STR(v[1].info.name, "b");
    /* the second request carries the resume handle the first reply gave: its last 4 stub bytes */
    LMT_EQ(f.transceives, 2);
    LMT_EQ(f.sent.data[f.sent.len - 4], 1);
    LMT_EQ(f.sent.data[f.sent_at[0] + 24 + 24], 0x64); /* PreferedMaximumLength 100 */
    lm__srv_share_list_free(v, n);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* MORE_DATA with the same resume handle again: no progress, an error rather than a loop */
    pipe_peer_init(&f);
    page(&f.reply[0], 2, "61 00", 0, 0xEA);
    f.nreply = 1;
    r = open_peer(&f);
    v = NULL;
    LMT_EQ(lm__srvsvc_share_enum(r, NULL, 1, 100, &v, &n, &e), LM_EPROTO);
    LMT_PTR_NULL(v);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* a WERROR ends it with the translated status */
    pipe_peer_init(&f);
    page(&f.reply[0], 2, "61 00", 0, 5);
    f.nreply = 1;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_share_enum(r, NULL, 1, 100, &v, &n, &e), LM_EACCES);
    LMT_EQ(e.raw_kind, LM_RAW_WERROR);
    LMT_EQ(e.raw, 5);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* Level 1005: Samba's answers, and every truncation, a wrong switch and a byte too many refused. */
static void flags_responses(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_GET1005, &n);
    uint32_t flags = 0xFFFF, werr = 1;

    LMT_EQ(lm__srvsvc_flags_resp(p, n, &flags, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(flags, LM_SHI1005_CSC_DOCUMENTS);
    LMT_STR(lm_share_caching_mode_name(flags), "Documents");
    for (size_t len = 0; len < n; len++) {
        uint8_t *q = malloc(len + 1);

        LMT_PTR_OK(q);
        memcpy(q, p, len);
        LMT_TRUE(lm__srvsvc_flags_resp(q, len, &flags, &werr) != LM_OK);
        free(q);
    }
    p[0] = 0xEC; /* switch 1004 */
    LMT_EQ(lm__srvsvc_flags_resp(p, n, &flags, &werr), LM_EPROTO);
    LMT_EQ(lm__srvsvc_flags_resp(p, n - 1, &flags, &werr), LM_EPROTO);
    free(p);

    p = vec(SAMBA_GET1005_MISSING, &n);
    flags = 7;
    LMT_EQ(lm__srvsvc_flags_resp(p, n, &flags, &werr), LM_OK);
    LMT_EQ(werr, 0x7B);
    LMT_EQ(flags, 7); /* untouched on a WERROR */
    p[8] = 0;         /* WERR_OK without the structure */
    LMT_EQ(lm__srvsvc_flags_resp(p, n, &flags, &werr), LM_EPROTO);
    free(p);
}

/* CachingMode names both ways, as Get-SmbShare spells them. */
static void caching_modes(void)
{
    static const char *const names[] = {"Manual", "Documents", "Programs", "BranchCache", "None"};
    uint32_t bits;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        LMT_EQ(lm_share_caching_mode_parse(names[i], &bits), LM_OK);
        LMT_STR(lm_share_caching_mode_name(bits), names[i]);
    }
    LMT_EQ(lm_share_caching_mode_parse("branchcache", &bits), LM_OK);
    LMT_EQ(bits, LM_SHI1005_ENABLE_HASH);
    LMT_EQ(lm_share_caching_mode_parse("Auto", &bits), LM_EINVAL);
    LMT_EQ(lm_share_caching_mode_parse("Non", &bits), LM_EINVAL);
    LMT_EQ(lm_share_caching_mode_parse("Nonee", &bits), LM_EINVAL);
    LMT_STR(lm_share_caching_mode_name(LM_SHI1005_CSC_NONE | LM_SHI1005_ENCRYPT_DATA), "None");
}

static const struct lmt_test srvsvc_tests[] = {
    LMT_TEST(flags_responses),
    LMT_TEST(caching_modes),
    LMT_TEST(enum_requests),
    LMT_TEST(getinfo_del_srvinfo_requests),
    LMT_TEST(add_requests),
    LMT_TEST(setinfo_requests),
    LMT_TEST(enum_response_from_samba),
    LMT_TEST(enum_response_502),
    LMT_TEST(getinfo_responses_from_samba),
    LMT_TEST(srvinfo_responses_from_samba),
    LMT_TEST(status_responses_from_samba),
    LMT_TEST(enum_pages_with_the_resume_handle),
    LMT_END,
};
const struct lmt_suite lmt_suite_srvsvc = {"srvsvc", NULL, NULL, NULL, srvsvc_tests};

static const struct lmt_test hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_srvsvc_hostile = {"srvsvc_hostile", NULL, NULL, NULL, hostile_tests};
