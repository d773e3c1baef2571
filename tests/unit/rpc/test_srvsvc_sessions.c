/* MS-SRVS sessions, open files, connections, transports and disks: NetrSessionEnum, NetrSessionDel,
 * NetrFileEnum, NetrFileClose, NetrConnectionEnum, NetrServerTransportEnum, NetrServerDiskEnum. Requests
 * against bytes laid out by hand from the IDL (MS-SRVS 3.1.4.5, 3.1.4.6, 3.1.4.16, 3.1.4.11) and C706
 * chapter 14 (referent ids from 0x00020000); responses against what Samba 4.17 sent (vectors_sessions.h)
 * and a hand-laid SESSION_INFO_502 (Samba has no 502); paging against a scripted peer; truncated and
 * corrupted responses, table-driven, must give errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/srvsvc.h"
#include "rpctest.h"
#include "vectors_sessions.h"

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    size_t wn;
    uint8_t *w = lmt_unhex(hex, &wn);

    /* the bytes sent, when they differ: what to compare with the comment of each line */
    if (wn != b->len || memcmp(w, b->data, wn) != 0) {
        for (size_t i = 0; i < b->len; i++)
            fprintf(stderr, "%02x%s", b->data[i], i % 16 == 15 ? "\n" : " ");
        fprintf(stderr, "\n");
    }
    free(w);
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

/* ---- requests ---- */

static void session_requests(void)
{
    struct lm__buf b;
    uint32_t resume = 0;

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_items_req(&b, NULL, LM__SRV_SESSIONS, 502, "\\\\PC", "bob", 0xFFFFFFFF, &resume), &b,
             "00 00 00 00 "                                                             /* ServerName: NULL */
             "00 00 02 00 05 00 00 00 00 00 00 00 05 00 00 00 "                         /* -> ClientName */
             "5c 00 5c 00 50 00 43 00 00 00 00 00 "                                     /* "\\PC", pad */
             "04 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 62 00 6f 00 62 00 00 00 " /* UserName "bob" */
             "f6 01 00 00 f6 01 00 00 "                                                 /* Level, switch */
             "08 00 02 00 00 00 00 00 00 00 00 00 " /* -> container, empty */
             "ff ff ff ff "                         /* PreferedMaximumLength */
             "0c 00 02 00 00 00 00 00");            /* -> ResumeHandle 0 */
    same_req(
        lm__srvsvc_items_req(&b, NULL, LM__SRV_SESSIONS, 10, NULL, NULL, 4096, NULL), &b,
        "00 00 00 00 00 00 00 00 00 00 00 00 0a 00 00 00 0a 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 "
        "00 10 00 00 00 00 00 00");
    same_req(
        lm__srvsvc_items_req(&b, NULL, LM__SRV_SESSIONS, 1, NULL, NULL, 4096, NULL), &b,
        "00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 "
        "00 10 00 00 00 00 00 00");
    /* levels the codec has no layout for are refused before anything is sent */
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_SESSIONS, 2, NULL, NULL, 0, NULL), LM_EINVAL);
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_FILES, 2, NULL, NULL, 0, NULL), LM_EINVAL);
    same_req(lm__srvsvc_session_del_req(&b, NULL, "\\\\PC", NULL), &b,
             "00 00 00 00 00 00 02 00 05 00 00 00 00 00 00 00 05 00 00 00 "
             "5c 00 5c 00 50 00 43 00 00 00 00 00 " /* ClientName, pad */
             "00 00 00 00");                        /* UserName: NULL */
    same_req(
        lm__srvsvc_session_del_req(&b, NULL, NULL, "bob"), &b,
        "00 00 00 00 00 00 00 00 00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 62 00 6f 00 62 00 00 00");
    /* both NULL would end every session on the server */
    LMT_EQ(lm__srvsvc_session_del_req(&b, NULL, NULL, NULL), LM_EINVAL);
    lm__buf_free(&b);
}

static void file_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_items_req(&b, NULL, LM__SRV_FILES, 3, NULL, "bob", 4096, NULL), &b,
             "00 00 00 00 00 00 00 00 " /* ServerName, BasePath */
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 62 00 6f 00 62 00 00 00 " /* UserName */
             "03 00 00 00 03 00 00 00 04 00 02 00 00 00 00 00 00 00 00 00 " /* Level 3, container */
             "00 10 00 00 00 00 00 00");
    same_req(lm__srvsvc_file_close_req(&b, "\\\\S", 12345), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 53 00 00 00 " /* "\\S" */
             "39 30 00 00");                                                            /* FileId */
    lm__buf_free(&b);
}

/* ---- responses ---- */

static void session_response_from_samba(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_SESS1, &n);
    struct lm__srvsvc_items_page pg;
    struct lm__srv_session *s;

    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_SESSIONS, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 2);
    LMT_EQ(pg.total, 2);
    LMT_EQ(pg.werr, 0);
    LMT_TRUE(pg.has_resume);
    LMT_EQ(pg.resume, 2);
    s = pg.list;
    LMT_STR(s[0].client, "::1");
    LMT_STR(s[0].user, "lmtest");
    LMT_EQ(s[0].time, 7);
    LMT_STR(s[1].client, "127.0.0.1");
    LMT_STR(s[1].user, "lmtest");
    LMT_PTR_NULL(s[1].client_type); /* not at level 1 */
    lm__srv_items_free(LM__SRV_SESSIONS, pg.list, pg.n);
    free(p);

    /* level 502 refused: an empty container and WERR_INVALID_LEVEL, well formed */
    p = lmt_unhex(SAMBA_SESS502, &n);
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_SESSIONS, 502, &pg), LM_OK);
    LMT_EQ(pg.n, 0);
    LMT_PTR_NULL(pg.list);
    LMT_EQ(pg.werr, 0x7C);
    free(p);
}

/* SESSION_INFO_502 laid out by hand: "PC", "bob", 2 opens, 60 s, idle 5, guest, "Windows", "T". */
static const char SESS502[] = "f6 01 00 00 f6 01 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
                              "08 00 02 00 0c 00 02 00 02 00 00 00 3c 00 00 00 05 00 00 00 01 00 00 00 "
                              "10 00 02 00 14 00 02 00 "
                              "03 00 00 00 00 00 00 00 03 00 00 00 50 00 43 00 00 00 00 00 "
                              "04 00 00 00 00 00 00 00 04 00 00 00 62 00 6f 00 62 00 00 00 "
                              "08 00 00 00 00 00 00 00 08 00 00 00 "
                              "57 00 69 00 6e 00 64 00 6f 00 77 00 73 00 00 00 "
                              "02 00 00 00 00 00 00 00 02 00 00 00 54 00 00 00 "
                              "01 00 00 00 18 00 02 00 00 00 00 00 00 00 00 00";

static void session_response_502(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SESS502, &n);
    struct lm__srvsvc_items_page pg;
    struct lm__srv_session *s;

    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_SESSIONS, 502, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    s = pg.list;
    LMT_STR(s->client, "PC");
    LMT_STR(s->user, "bob");
    LMT_EQ(s->opens, 2);
    LMT_EQ(s->time, 60);
    LMT_EQ(s->idle, 5);
    LMT_EQ(s->user_flags, 1);
    LMT_STR(s->client_type, "Windows");
    LMT_STR(s->transport, "T");
    lm__srv_items_free(LM__SRV_SESSIONS, pg.list, pg.n);
    /* the same bytes read as another level do not decode */
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_SESSIONS, 10, &pg), LM_EPROTO);
    LMT_PTR_NULL(pg.list);
    free(p);
}

static void file_response_from_samba(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_FILE3, &n);
    struct lm__srvsvc_items_page pg;
    struct lm__srv_file *f;
    uint32_t werr = 0;

    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_FILES, 3, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    LMT_EQ(pg.werr, 0);
    f = pg.list;
    LMT_EQ(f->id, 0x23D90003u);
    LMT_EQ(f->permissions, 3);
    LMT_EQ(f->locks, 0);
    LMT_STR(f->path, "C:\\tmp\\sx17\\share\\hello.txt");
    LMT_STR(f->user, "root");
    lm__srv_items_free(LM__SRV_FILES, pg.list, pg.n);
    free(p);

    p = lmt_unhex(SAMBA_FCLOSE_MISSING, &n);
    LMT_EQ(lm__srvsvc_werr_resp(p, n, &werr), LM_OK);
    LMT_EQ(werr, 2);
    free(p);
    p = lmt_unhex(SAMBA_SDEL_NONE, &n);
    LMT_EQ(lm__srvsvc_werr_resp(p, n, &werr), LM_OK);
    LMT_EQ(werr, 5);
    free(p);
}

/* ---- connections, transports, disks ---- */

static void conn_transport_disk_requests(void)
{
    struct lm__buf b;
    uint32_t resume = 0;

    lm__buf_init(&b, 4096);
    same_req(lm__srvsvc_items_req(&b, NULL, LM__SRV_CONNECTIONS, 1, "share", NULL, 0xFFFFFFFF, NULL), &b,
             "00 00 00 00 "                                                 /* ServerName: NULL */
             "00 00 02 00 06 00 00 00 00 00 00 00 06 00 00 00 "             /* -> Qualifier */
             "73 00 68 00 61 00 72 00 65 00 00 00 "                         /* "share", no UserName */
             "01 00 00 00 01 00 00 00 04 00 02 00 00 00 00 00 00 00 00 00 " /* Level 1, container */
             "ff ff ff ff 00 00 00 00");                                    /* pref, no ResumeHandle */
    same_req(lm__srvsvc_items_req(&b, "\\\\S", LM__SRV_TRANSPORTS, 1, NULL, NULL, 4096, &resume), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 53 00 00 00 " /* "\\S" */
             "01 00 00 00 01 00 00 00 04 00 02 00 00 00 00 00 00 00 00 00 " /* no string parameters */
             "00 10 00 00 08 00 02 00 00 00 00 00");
    same_req(lm__srvsvc_disk_req(&b, NULL, 0xFFFFFFFF, &resume), &b,
             "00 00 00 00 "             /* ServerName */
             "00 00 00 00 "             /* Level 0 */
             "00 00 00 00 00 00 00 00 " /* DiskInfoStruct: EntriesRead 0, Buffer NULL (a ref, no id) */
             "ff ff ff ff 00 00 02 00 00 00 00 00"); /* pref, -> ResumeHandle 0 */
    /* NetrConnectionEnum has no UserName, NetrServerTransportEnum no string parameter; unknown levels */
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_CONNECTIONS, 1, "share", "bob", 0, NULL), LM_EINVAL);
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_TRANSPORTS, 1, "x", NULL, 0, NULL), LM_EINVAL);
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_CONNECTIONS, 0, "share", NULL, 0, NULL), LM_EINVAL);
    LMT_EQ(lm__srvsvc_items_req(&b, NULL, LM__SRV_TRANSPORTS, 2, NULL, NULL, 0, NULL), LM_EINVAL);
    LMT_EQ(b.len, 0);
    lm__buf_free(&b);
}

static void conn_responses_from_samba(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_CONN1, &n);
    struct lm__srvsvc_items_page pg;
    struct lm__srv_conn *c;

    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_CONNECTIONS, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    LMT_EQ(pg.total, 1);
    LMT_EQ(pg.werr, 0);
    c = pg.list;
    LMT_EQ(c->id, 1);
    LMT_EQ(c->type, 3);
    LMT_EQ(c->opens, 0);
    LMT_EQ(c->users, 1);
    LMT_EQ(c->time, 3);
    LMT_STR(c->user, "dummy_user");
    LMT_STR(c->netname, "IPC$");
    lm__srv_items_free(LM__SRV_CONNECTIONS, pg.list, pg.n);
    free(p);

    p = lmt_unhex(SAMBA_CONN0, &n);
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_CONNECTIONS, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 0);
    LMT_PTR_NULL(pg.list);
    LMT_EQ(pg.werr, 0);
    free(p);
    p = lmt_unhex(SAMBA_CONN_MISSING, &n);
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_CONNECTIONS, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 0);
    LMT_EQ(pg.werr, 0x7B);
    free(p);
}

/* SERVER_TRANSPORT_INFO_1 laid out by hand (MS-SRVS 2.2.4.97; Samba has no NetrServerTransportEnum): 2
 * VCs on "T1", address the NetBIOS name "FS1" padded to 16 bytes, network address "0a0b", domain "D". */
static const char TRANS1[] = "01 00 00 00 01 00 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
                             "02 00 00 00 08 00 02 00 0c 00 02 00 10 00 00 00 10 00 02 00 14 00 02 00 "
                             "03 00 00 00 00 00 00 00 03 00 00 00 54 00 31 00 00 00 00 00 " /* "T1", pad */
                             "10 00 00 00 46 53 31 20 20 20 20 20 20 20 20 20 20 20 20 20 " /* 16 bytes */
                             "05 00 00 00 00 00 00 00 05 00 00 00 30 00 61 00 30 00 62 00 00 00 00 00 "
                             "02 00 00 00 00 00 00 00 02 00 00 00 44 00 00 00 "
                             "01 00 00 00 18 00 02 00 01 00 00 00 00 00 00 00";
/* SERVER_TRANSPORT_INFO_0: the same without the domain, and a 2-byte binary address. */
static const char TRANS0[] = "00 00 00 00 00 00 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
                             "02 00 00 00 08 00 02 00 0c 00 02 00 02 00 00 00 10 00 02 00 "
                             "03 00 00 00 00 00 00 00 03 00 00 00 54 00 31 00 00 00 00 00 "
                             "02 00 00 00 01 ff 00 00 " /* 2 bytes, pad */
                             "05 00 00 00 00 00 00 00 05 00 00 00 30 00 61 00 30 00 62 00 00 00 00 00 "
                             "01 00 00 00 00 00 00 00 00 00 00 00";

static void transport_responses(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(TRANS1, &n);
    struct lm__srvsvc_items_page pg;
    struct lm__srv_transport *t;

    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_TRANSPORTS, 1, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    LMT_EQ(pg.resume, 1);
    t = pg.list;
    LMT_EQ(t->vcs, 2);
    LMT_STR(t->name, "T1");
    LMT_EQ(t->address_len, 16);
    LMT_MEM(t->address, "FS1             ", 16);
    LMT_STR(t->net_address, "0a0b");
    LMT_STR(t->domain, "D");
    lm__srv_items_free(LM__SRV_TRANSPORTS, pg.list, pg.n);
    free(p);

    p = lmt_unhex(TRANS0, &n);
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_TRANSPORTS, 0, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    t = pg.list;
    LMT_EQ(t->address_len, 2);
    LMT_EQ(t->address[0], 0x01);
    LMT_EQ(t->address[1], 0xFF);
    LMT_STR(t->net_address, "0a0b");
    LMT_PTR_NULL(t->domain);
    lm__srv_items_free(LM__SRV_TRANSPORTS, pg.list, pg.n);
    /* level 0's bytes read as level 1 do not decode */
    LMT_EQ(lm__srvsvc_items_resp(p, n, LM__SRV_TRANSPORTS, 1, &pg), LM_EPROTO);
    LMT_PTR_NULL(pg.list);
    free(p);
}

static void disk_response_from_samba(void)
{
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_DISK0, &n);
    struct lm__srvsvc_items_page pg;
    char **d;

    LMT_EQ(lm__srvsvc_disk_resp(p, n, &pg), LM_OK);
    LMT_EQ(pg.n, 2); /* "C:" and the empty name that ends the list, as sent */
    LMT_EQ(pg.total, 1);
    LMT_TRUE(pg.has_resume);
    LMT_EQ(pg.resume, 1);
    LMT_EQ(pg.werr, 0);
    d = pg.list;
    LMT_STR(d[0], "C:");
    LMT_STR(d[1], "");
    lm__srv_disks_free(pg.list, pg.n);
    free(p);

    /* one disk "A:" by hand; then "AB:", 4 units, which WCHAR Disk[3] cannot hold */
    p = lmt_unhex("01 00 00 00 00 00 02 00 01 00 00 00 00 00 00 00 01 00 00 00 "
                  "00 00 00 00 03 00 00 00 41 00 3a 00 00 00 00 00 "
                  "01 00 00 00 00 00 00 00 00 00 00 00",
                  &n);
    LMT_EQ(lm__srvsvc_disk_resp(p, n, &pg), LM_OK);
    LMT_EQ(pg.n, 1);
    LMT_STR(((char **)pg.list)[0], "A:");
    LMT_TRUE(!pg.has_resume);
    lm__srv_disks_free(pg.list, pg.n);
    free(p);
    p = lmt_unhex("01 00 00 00 00 00 02 00 01 00 00 00 00 00 00 00 01 00 00 00 "
                  "00 00 00 00 04 00 00 00 41 00 42 00 3a 00 00 00 "
                  "01 00 00 00 00 00 00 00 00 00 00 00",
                  &n);
    LMT_EQ(lm__srvsvc_disk_resp(p, n, &pg), LM_EPROTO);
    LMT_PTR_NULL(pg.list);
    free(p);
}

/* ---- hostile responses ---- */

enum kind { K_SESS1, K_SESS502, K_FILE3, K_CONN1, K_TRANS1, K_TRANS0, K_DISK0, K_LAST = K_DISK0 };
static const char *const hostile_vec[] = {SAMBA_SESS1, SESS502, SAMBA_FILE3, SAMBA_CONN1,
                                          TRANS1,      TRANS0,  SAMBA_DISK0};
static const struct {
    enum lm__srv_kind kind;
    int level; /* -1: NetrServerDiskEnum */
} hostile_level[] = {{LM__SRV_SESSIONS, 1},    {LM__SRV_SESSIONS, 502}, {LM__SRV_FILES, 3},
                     {LM__SRV_CONNECTIONS, 1}, {LM__SRV_TRANSPORTS, 1}, {LM__SRV_TRANSPORTS, 0},
                     {LM__SRV_SESSIONS, -1}};

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__srvsvc_items_page pg;
    lm_status st = hostile_level[k].level < 0
                       ? lm__srvsvc_disk_resp(p, n, &pg)
                       : lm__srvsvc_items_resp(p, n, hostile_level[k].kind, hostile_level[k].level, &pg);

    if (st != LM_OK) {
        LMT_PTR_NULL(pg.list);
    } else if (hostile_level[k].level < 0) {
        lm__srv_disks_free(pg.list, pg.n);
    } else {
        lm__srv_items_free(hostile_level[k].kind, pg.list, pg.n);
    }
    return st;
}

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_LAST + 1);
}

static const struct rpct_corruption corrupt[] = {
    {K_SESS1, 0, 10, LM_EPROTO, "level 10 for level 1"},
    {K_SESS1, 4, 0, LM_EPROTO, "union switch != level"},
    {K_SESS1, 12, 3, LM_EPROTO, "EntriesRead != max_count"},
    {K_SESS1, 20, 0x40000000, LM_EPROTO, "array count of 2^30"},
    {K_SESS1, 20, 0xFFFFFFFF, LM_EPROTO, "array count of 2^32-1"},
    {K_SESS1, 16, 0, LM_EPROTO, "no array but EntriesRead 2"},
    {K_SESS1, 72, 0x00000003, LM_EPROTO, "client string max_count 3 < actual 4"},
    {K_SESS1, 76, 0x00000001, LM_EPROTO, "client string offset 1"},
    {K_SESS1, 80, 0x00000040, LM_EPROTO, "client string longer than the stub"},
    {K_SESS1, 88, 0x00410031, LM_EPROTO, "client string without its NUL"},
    {K_SESS1, 84, 0x003ADC00, LM_EILSEQ, "a lone surrogate"},
    {K_SESS1, 24, 0, LM_OK, "a NULL client pointer: the next string is the user's"},
    {K_SESS502, 44, 0, LM_OK, "no client type: its string is then the transport's"},
    {K_FILE3, 52, 0x00000100, LM_EPROTO, "path string of 256 characters past the end"},
    {K_FILE3, 20, 2, LM_EPROTO, "array count 2 for one entry"},
    {K_CONN1, 0, 2, LM_EPROTO, "level 2 for level 1"},
    {K_CONN1, 20, 2, LM_EPROTO, "connection array count 2 for one entry"},
    {K_CONN1, 52, 0x0a, LM_EPROTO, "user string max_count 10 < actual 11"},
    {K_CONN1, 108, 0x41, LM_EPROTO, "share name string without its NUL"},
    {K_TRANS1, 36, 17, LM_EPROTO, "address length 17, its array's max_count 16"},
    {K_TRANS1, 68, 0x1000, LM_EPROTO, "address max_count 4096 past the end"},
    {K_TRANS1, 36, 0, LM_EPROTO, "address length 0 with 16 bytes sent"},
    {K_TRANS0, 0, 1, LM_EPROTO, "level 1 for level 0"},
    {K_DISK0, 0, 3, LM_EPROTO, "EntriesRead 3 for 2 disks"},
    {K_DISK0, 8, 0x40000000, LM_EPROTO, "disk array count of 2^30"},
    {K_DISK0, 12, 1, LM_EPROTO, "disk array offset 1"},
    {K_DISK0, 16, 1, LM_EPROTO, "disk array actual_count 1 for max_count 2"},
    {K_DISK0, 20, 1, LM_EPROTO, "disk name offset 1"},
    {K_DISK0, 24, 4, LM_EPROTO, "a disk name of 4 units in WCHAR[3]"},
    {K_DISK0, 28, 0x003a0000, LM_EPROTO, "a NUL inside a disk name"},
    {K_DISK0, 40, 0, LM_EPROTO, "a disk name of 0 units (no NUL)"},
    {K_DISK0, 4, 0, LM_EPROTO, "no disk array but EntriesRead 2"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

/* Every single-bit flip of every vector decodes or fails cleanly (ASan/UBSan watch for the rest). */
static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_LAST + 1);
}

/* ---- calls over a scripted peer ---- */

/* One FILE_INFO_3 page: one entry with id and path "a", total 2, the resume handle, and werr. */
static void file_page(struct lm__buf *pdu, uint32_t call_id, uint32_t id, uint32_t resume, uint32_t werr)
{
    char hex[1024];
    size_t n;
    uint8_t *p;

    snprintf(hex, sizeof hex,
             "03 00 00 00 03 00 00 00 00 00 02 00 01 00 00 00 04 00 02 00 01 00 00 00 "
             "%02x 00 00 00 01 00 00 00 00 00 00 00 08 00 02 00 00 00 00 00 "
             "02 00 00 00 00 00 00 00 02 00 00 00 61 00 00 00 "
             "02 00 00 00 0c 00 02 00 %02x 00 00 00 %02x 00 00 00",
             (unsigned)id, (unsigned)resume, (unsigned)werr);
    p = lmt_unhex(hex, &n);
    pipe_peer_pdu(pdu, 2, 3, call_id, p, n);
    free(p);
}

struct got {
    uint32_t ids[4];
    size_t n;
};

static lm_status got_page(void *ctx, void *list, size_t n)
{
    struct got *g = ctx;
    struct lm__srv_file *f = list;

    for (size_t i = 0; i < n && g->n < 4; i++)
        g->ids[g->n++] = f[i].id;
    return LM_OK;
}

static void file_pages_with_the_resume_handle(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    struct got g = {{0}, 0};
    lm_error e;

    pipe_peer_init(&f);
    file_page(&f.reply[0], 2, 7, 1, 0xEA); /* ERROR_MORE_DATA, resume 1 */
    file_page(&f.reply[1], 3, 9, 2, 0);    /* done */
    f.nreply = 2;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_item_pages(r, NULL, LM__SRV_FILES, 3, NULL, NULL, 100, got_page, &g, &e), LM_OK);
    LMT_EQ(g.n, 2);
    LMT_EQ(g.ids[0], 7);
    LMT_EQ(g.ids[1], 9);
    /* the second request carries the resume handle the first reply gave: its last 4 stub bytes */
    LMT_EQ(f.transceives, 2);
    LMT_EQ(f.sent.data[f.sent.len - 4], 1);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* MORE_DATA with the same resume handle again: no progress, an error rather than a loop */
    pipe_peer_init(&f);
    file_page(&f.reply[0], 2, 7, 0, 0xEA);
    f.nreply = 1;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_item_pages(r, NULL, LM__SRV_FILES, 3, NULL, NULL, 100, got_page, &g, &e), LM_EPROTO);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* WERR_ACCESS_DENIED ends it with LM_EACCES and the raw code */
    pipe_peer_init(&f);
    file_page(&f.reply[0], 2, 7, 0, 5);
    f.nreply = 1;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_item_pages(r, NULL, LM__SRV_FILES, 3, NULL, NULL, 100, got_page, &g, &e), LM_EACCES);
    LMT_EQ(e.raw_kind, LM_RAW_WERROR);
    LMT_EQ(e.raw, 5);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* NetrFileClose's WERR_FILE_NOT_FOUND and NetrSessionDel's NERR_ClientNameNotFound are "not found". */
static void close_errors(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;
    size_t n;
    uint8_t *p;

    pipe_peer_init(&f);
    p = lmt_unhex(SAMBA_FCLOSE_MISSING, &n);
    pipe_peer_pdu(&f.reply[0], 2, 3, 2, p, n);
    free(p);
    p = lmt_unhex("08 09 00 00", &n);
    pipe_peer_pdu(&f.reply[1], 2, 3, 3, p, n);
    free(p);
    f.nreply = 2;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_file_close(r, NULL, 12345, &e), LM_ENOENT);
    LMT_TRUE(strstr(e.message, "12345") != NULL);
    LMT_EQ(lm__srvsvc_session_del(r, NULL, "\\\\PC", NULL, &e), LM_ENOENT);
    LMT_TRUE(strstr(e.message, "NERR_ClientNameNotFound") != NULL);
    LMT_EQ(lm__srvsvc_session_del(r, NULL, NULL, NULL, &e), LM_EINVAL); /* nothing sent */
    LMT_EQ(f.transceives, 2);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* NetrConnectionEnum's WERR_INVALID_NAME for a share that is not there is "not found", as for
 * NetrShareGetInfo; an access denied stays one. */
static void conn_errors(void)
{
    struct pipe_peer f;
    struct lm__rpc *r;
    struct got g = {{0}, 0};
    lm_error e;
    size_t n;
    uint8_t *p;

    pipe_peer_init(&f);
    p = lmt_unhex(SAMBA_CONN_MISSING, &n);
    pipe_peer_pdu(&f.reply[0], 2, 3, 2, p, n);
    p[n - 4] = 5; /* WERR_ACCESS_DENIED */
    pipe_peer_pdu(&f.reply[1], 2, 3, 3, p, n);
    free(p);
    f.nreply = 2;
    r = open_peer(&f);
    LMT_EQ(lm__srvsvc_item_pages(r, NULL, LM__SRV_CONNECTIONS, 1, "nosuch", NULL, 100, got_page, &g, &e),
           LM_ENOENT);
    LMT_TRUE(strstr(e.message, "no such share") != NULL);
    LMT_EQ(lm__srvsvc_item_pages(r, NULL, LM__SRV_CONNECTIONS, 1, "nosuch", NULL, 100, got_page, &g, &e),
           LM_EACCES);
    LMT_EQ(g.n, 0);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static const struct lmt_test sessions_tests[] = {
    LMT_TEST(session_requests),
    LMT_TEST(file_requests),
    LMT_TEST(session_response_from_samba),
    LMT_TEST(session_response_502),
    LMT_TEST(file_response_from_samba),
    LMT_TEST(file_pages_with_the_resume_handle),
    LMT_TEST(close_errors),
    LMT_TEST(conn_transport_disk_requests),
    LMT_TEST(conn_responses_from_samba),
    LMT_TEST(transport_responses),
    LMT_TEST(disk_response_from_samba),
    LMT_TEST(conn_errors),
    LMT_END,
};
const struct lmt_suite lmt_suite_srvsvc_sessions = {"srvsvc_sessions", NULL, NULL, NULL, sessions_tests};

static const struct lmt_test sessions_hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_srvsvc_sessions_hostile = {"srvsvc_sessions_hostile", NULL, NULL, NULL,
                                                            sessions_hostile_tests};
