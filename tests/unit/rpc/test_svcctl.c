/* MS-SCMR codecs. Request stubs against bytes laid out by hand from the IDL (MS-SCMR 3.1.4) and C706 chapter
 * 14; response stubs against what Samba 4.17 sent (vectors_svcctl.h) and hand-laid ones for what Samba never
 * sends (dependencies, dependents, paging by resume index); the buffer retries and the release of every
 * handle against a scripted peer; truncated and corrupted responses, table-driven, must give errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/svcctl.h"
#include "rpctest.h"
#include "vectors_svcctl.h"

/* A handle as the tests write it: type 0, then 01..10. */
#define H_HEX "00 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 "

static const struct lm__ndr_handle H = {{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};

static void same_req(lm_status st, struct lm__buf *b, const char *hex)
{
    LMT_EQ(st, LM_OK);
    lmt_same_hex(b->data, b->len, hex);
    lm__buf_reset(b);
}

/* ---- requests ---- */

static void open_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 4096);
    same_req(lm__svcctl_open_scm_req(&b, NULL, LM__SC_MANAGER_CONNECT | LM__SC_MANAGER_ENUMERATE), &b,
             "00 00 00 00 "  /* lpMachineName: NULL */
             "00 00 00 00 "  /* lpDatabaseName: NULL (ServicesActive) */
             "05 00 00 00"); /* dwDesiredAccess */
    same_req(lm__svcctl_open_scm_req(&b, "\\\\S", 0x000F003F), &b,
             "00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 5c 00 5c 00 53 00 00 00 " /* "\\S" */
             "00 00 00 00 3f 00 0f 00");
    same_req(lm__svcctl_open_service_req(&b, &H, "Spooler", LM__SERVICE_QUERY_STATUS), &b,
             H_HEX "08 00 00 00 00 00 00 00 08 00 00 00 " /* [string] ref: no referent id */
                   "53 00 70 00 6f 00 6f 00 6c 00 65 00 72 00 00 00 "
                   "04 00 00 00");
    /* odd length: the access mask is aligned after the string */
    same_req(lm__svcctl_open_service_req(&b, &H, "ab", 0x10), &b,
             H_HEX "03 00 00 00 00 00 00 00 03 00 00 00 61 00 62 00 00 00 00 00 10 00 00 00");
    LMT_EQ(lm__svcctl_open_service_req(&b, &H, "", 4), LM_EINVAL);
    lm__buf_free(&b);
}

static void handle_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 4096);
    same_req(lm__svcctl_handle_req(&b, &H), &b, H_HEX);
    same_req(lm__svcctl_control_req(&b, &H, 1), &b, H_HEX "01 00 00 00");
    same_req(lm__svcctl_start_req(&b, &H), &b, H_HEX "00 00 00 00 00 00 00 00"); /* argc 0, argv NULL */
    same_req(lm__svcctl_config_req(&b, &H, 8192), &b, H_HEX "00 20 00 00");
    same_req(lm__svcctl_config2_req(&b, &H, LM__SVC_CONFIG_DESCRIPTION, 112), &b,
             H_HEX "01 00 00 00 70 00 00 00");
    same_req(lm__svcctl_dependents_req(&b, &H, LM__SVC_STATE_ACTIVE, 0), &b, H_HEX "01 00 00 00 00 00 00 00");
    LMT_EQ(lm__svcctl_config_req(&b, &H, 8193), LM_EINVAL);
    LMT_EQ(lm__svcctl_dependents_req(&b, &H, 3, 256 * 1024 + 1), LM_EINVAL);
    lm__buf_free(&b);
}

static void enum_requests(void)
{
    struct lm__buf b;
    uint32_t resume = 7;

    lm__buf_init(&b, 4096);
    same_req(lm__svcctl_enum_req(&b, &H, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 464, &resume), &b,
             H_HEX "30 00 00 00 "              /* dwServiceType SERVICE_WIN32 */
                   "03 00 00 00 "              /* dwServiceState SERVICE_STATE_ALL */
                   "d0 01 00 00 "              /* cbBufSize */
                   "00 00 02 00 07 00 00 00"); /* lpResumeIndex -> 7 */
    same_req(lm__svcctl_enum_req(&b, &H, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 0, NULL), &b,
             H_HEX "30 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00");
    LMT_EQ(lm__svcctl_enum_req(&b, &H, 0x30, 3, 256 * 1024 + 1, NULL), LM_EINVAL);
    lm__buf_free(&b);
}

static void change_requests(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 4096);
    same_req(lm__svcctl_change_start_req(&b, &H, LM_START_DISABLED), &b,
             H_HEX "ff ff ff ff "             /* dwServiceType: SERVICE_NO_CHANGE */
                   "04 00 00 00 "             /* dwStartType: SERVICE_DISABLED */
                   "ff ff ff ff "             /* dwErrorControl: SERVICE_NO_CHANGE */
                   "00 00 00 00 00 00 00 00 " /* lpBinaryPathName, lpLoadOrderGroup */
                   "00 00 00 00 "             /* lpdwTagId */
                   "00 00 00 00 00 00 00 00 " /* lpDependencies, dwDependSize */
                   "00 00 00 00 "             /* lpServiceStartName */
                   "00 00 00 00 00 00 00 00 " /* lpPassword, dwPwSize */
                   "00 00 00 00");            /* lpDisplayName */
    same_req(lm__svcctl_change_delayed_req(&b, &H, true), &b,
             H_HEX "03 00 00 00 03 00 00 00 "  /* dwInfoLevel, union discriminant */
                   "00 00 02 00 01 00 00 00"); /* -> SERVICE_DELAYED_AUTO_START_INFO { TRUE } */
    LMT_EQ(lm__svcctl_change_start_req(&b, &H, 5), LM_EINVAL);
    lm__buf_free(&b);
}

/* ---- responses ---- */

static uint8_t *vec(const char *hex, size_t *n)
{
    return lmt_unhex(hex, n);
}

static void handles_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SCM_OPEN, &n);
    struct lm__ndr_handle h;
    uint32_t werr = 1;

    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_MEM(h.b, p, 20);
    free(p);
    p = vec(SAMBA_SCM_OPEN_MISSING, &n);
    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    LMT_EQ(werr, 1060);
    LMT_EQ(lm__rpc_status(LM_RAW_WERROR, werr), LM_ENOENT);
    free(p);
    p = vec(SAMBA_SCM_CLOSE, &n);
    LMT_EQ(lm__ndr_handle_werr(p, n, &h, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(h.b[4] | h.b[19], 0);
    free(p);
}

static void enum_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SCM_ENUM, &n);
    struct lm__svcctl_enum_page pg;

    LMT_EQ(lm__svcctl_enum_resp(p, n, true, &pg), LM_OK);
    LMT_EQ(pg.werr, 0);
    LMT_EQ(pg.n, 5);
    LMT_EQ(pg.needed, 464);
    LMT_TRUE(pg.has_resume);
    LMT_EQ(pg.resume, 0);
    LMT_STR(pg.list[0].name, "lmrpc2svc");
    LMT_STR(pg.list[0].display_name, "lmrpc2svc");
    LMT_STR(pg.list[1].name, "Spooler");
    LMT_STR(pg.list[1].display_name, "Print Spooler");
    LMT_EQ(pg.list[1].status, LM_SERVICE_STOPPED);
    LMT_EQ(pg.list[1].service_type, 0x110);
    LMT_EQ(pg.list[1].controls_accepted, LM_SERVICE_ACCEPT_STOP);
    LMT_STR(pg.list[2].name, "NETLOGON");
    LMT_STR(pg.list[3].name, "RemoteRegistry");
    LMT_STR(pg.list[3].display_name, "Remote Registry Service");
    LMT_EQ(pg.list[3].status, LM_SERVICE_RUNNING);
    LMT_STR(pg.list[4].name, "WINS");
    LMT_STR(pg.list[4].display_name, "Windows Internet Name Service (WINS)");
    LMT_EQ(pg.list[4].win32_exit_code, 1077); /* ERROR_SERVICE_NEVER_STARTED */
    LMT_EQ(pg.list[4].process_id, 0);
    lm_service_list_free(pg.list, pg.n);
    /* the same bytes read as REnumDependentServicesW (no resume index) leave 8 bytes over */
    LMT_EQ(lm__svcctl_enum_resp(p, n, false, &pg), LM_EPROTO);
    LMT_PTR_NULL(pg.list);
    free(p);

    p = vec(SAMBA_SCM_ENUM_SMALL, &n);
    LMT_EQ(lm__svcctl_enum_resp(p, n, true, &pg), LM_OK);
    LMT_EQ(pg.werr, 0xEA);
    LMT_EQ(pg.n, 0);
    LMT_EQ(pg.needed, 464);
    free(p);

    p = vec(SAMBA_SCM_DEPS, &n);
    LMT_EQ(lm__svcctl_enum_resp(p, n, false, &pg), LM_OK);
    LMT_EQ(pg.werr, 0);
    LMT_EQ(pg.n, 0);
    free(p);
}

static void status_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SCM_STATUS, &n);
    lm_service s;
    uint32_t werr = 1;

    memset(&s, 0xAB, sizeof s);
    LMT_EQ(lm__svcctl_status_resp(p, n, &s, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(s.service_type, 0x110);
    LMT_EQ(s.status, LM_SERVICE_STOPPED);
    LMT_EQ(s.controls_accepted, 1);
    LMT_EQ(s.win32_exit_code, 0);
    LMT_EQ(s.checkpoint, 0);
    LMT_EQ(s.wait_hint_ms, 0);
    LMT_EQ(s.process_id, 0);
    free(p);
    p = vec(SAMBA_SCM_CONTROL, &n);
    LMT_EQ(lm__svcctl_status_resp(p, n, &s, &werr), LM_OK);
    LMT_EQ(s.status, LM_SERVICE_STOPPED);
    free(p);
    p = vec(SAMBA_SCM_STATUS_DENIED, &n);
    LMT_EQ(lm__svcctl_status_resp(p, n, &s, &werr), LM_OK);
    LMT_EQ(werr, 5);
    LMT_EQ(lm__rpc_status(LM_RAW_WERROR, werr), LM_EACCES);
    free(p);
    p = vec(SAMBA_SCM_START_DENIED, &n);
    LMT_EQ(lm__ndr_werr(p, n, &werr), LM_OK);
    LMT_EQ(werr, 5);
    free(p);
}

static void config_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SCM_CONFIG, &n);
    lm_service s;
    uint32_t needed = 0, werr = 1;

    memset(&s, 0, sizeof s);
    LMT_EQ(lm__svcctl_config_resp(p, n, &s, &needed, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_EQ(needed, 8192);
    LMT_EQ(s.service_type, 0x10);
    LMT_EQ(s.start_type, LM_START_MANUAL);
    LMT_STR(s.binary_path, "/usr/lib/x86_64-linux-gnu/samba/svcctl/smbd");
    LMT_STR(s.start_name, "LocalSystem");
    LMT_STR(s.display_name, "Print Spooler");
    LMT_EQ(s.ndepends_on, 0);
    lm__service_clear(&s);
    free(p);

    p = vec(SAMBA_SCM_CONFIG_SMALL, &n);
    LMT_EQ(lm__svcctl_config_resp(p, n, &s, &needed, &werr), LM_OK);
    LMT_EQ(werr, 0x7A);
    LMT_EQ(needed, 212);
    LMT_PTR_NULL(s.binary_path);
    free(p);
}

static void config2_from_samba(void)
{
    size_t n;
    uint8_t *p = vec(SAMBA_SCM_DESC, &n);
    char *desc = NULL;
    bool delayed = true;
    uint32_t needed = 0, werr = 1;

    LMT_EQ(lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DESCRIPTION, &desc, &delayed, &needed, &werr), LM_OK);
    LMT_EQ(werr, 0);
    LMT_STR(desc, "Internal service for spooling files to print devices");
    free(desc);
    free(p);
    p = vec(SAMBA_SCM_DESC_SMALL, &n);
    desc = NULL;
    LMT_EQ(lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DESCRIPTION, &desc, &delayed, &needed, &werr), LM_OK);
    LMT_EQ(werr, 0x7A);
    LMT_EQ(needed, 112);
    LMT_PTR_NULL(desc);
    free(p);
    p = vec(SAMBA_SCM_DELAYED, &n);
    LMT_EQ(lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DELAYED_AUTO_START, &desc, &delayed, &needed, &werr),
           LM_OK);
    LMT_EQ(werr, 0x7C); /* ERROR_INVALID_LEVEL: Samba has no delayed start */
    free(p);
}

/* Hand-laid: what Windows sends and Samba does not. */
static const char CONFIG_DEPS[] =
    "20 00 00 00 02 00 00 00 01 00 00 00 "                         /* share process, auto, normal */
    "00 00 02 00 00 00 00 00 00 00 00 00 "                         /* bin ->, group NULL, tag */
    "04 00 02 00 00 00 00 00 08 00 02 00 "                         /* deps ->, start NULL, disp -> */
    "02 00 00 00 00 00 00 00 02 00 00 00 78 00 00 00 "             /* "x" */
    "0a 00 00 00 00 00 00 00 0a 00 00 00 "                         /* deps */
    "41 00 00 00 2b 00 47 00 00 00 42 00 2f 00 43 00 00 00 00 00 " /* A,+G,B/C */
    "04 00 00 00 00 00 00 00 04 00 00 00 44 00 69 00 73 00 00 00 " /* "Dis" */
    "00 01 00 00 00 00 00 00";                                     /* needed */

static const char CONFIG2_DELAYED[] = "04 00 00 00 01 00 00 00 04 00 00 00 00 00 00 00";
static const char CONFIG2_NO_DESC[] = "04 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00";

static void config_hand_laid(void)
{
    size_t n;
    uint8_t *p = vec(CONFIG_DEPS, &n);
    lm_service s;
    char *desc = (char *)"unset";
    bool delayed = false;
    uint32_t needed = 0, werr = 1;

    memset(&s, 0, sizeof s);
    LMT_EQ(lm__svcctl_config_resp(p, n, &s, &needed, &werr), LM_OK);
    LMT_EQ(s.start_type, LM_START_AUTOMATIC);
    LMT_STR(s.binary_path, "x");
    LMT_PTR_NULL(s.start_name);
    LMT_STR(s.display_name, "Dis");
    /* the group (+G) is left out; NUL and '/' both separate */
    LMT_EQ(s.ndepends_on, 3);
    LMT_STR(s.depends_on[0], "A");
    LMT_STR(s.depends_on[1], "B");
    LMT_STR(s.depends_on[2], "C");
    lm__service_clear(&s);
    free(p);
    p = vec(CONFIG2_DELAYED, &n);
    LMT_EQ(lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DELAYED_AUTO_START, &desc, &delayed, &needed, &werr),
           LM_OK);
    LMT_TRUE(delayed);
    free(p);
    p = vec(CONFIG2_NO_DESC, &n);
    LMT_EQ(lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DESCRIPTION, &desc, &delayed, &needed, &werr), LM_OK);
    LMT_PTR_NULL(desc);
    free(p);
}

/* REnumDependentServicesW with two entries: the strings after the array, as Windows lays them out. */
static const char DEPENDENTS[] = "58 00 00 00 "                                     /* max_count 88 */
                                 "48 00 00 00 4c 00 00 00 20 00 00 00 04 00 00 00 " /* "B" "B", running */
                                 "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                 "50 00 00 00 54 00 00 00 20 00 00 00 04 00 00 00 " /* "C" "Cc" */
                                 "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                 "42 00 00 00 42 00 00 00 43 00 00 00 43 00 63 00 "
                                 "58 00 00 00 02 00 00 00 00 00 00 00"; /* needed, returned, WERROR */

static void dependents_hand_laid(void)
{
    size_t n;
    uint8_t *p = vec(DEPENDENTS, &n);
    struct lm__svcctl_enum_page pg;

    /* the display name of the second entry runs to the end of the buffer without its NUL */
    LMT_EQ(lm__svcctl_enum_resp(p, n, false, &pg), LM_EPROTO);
    p[4 + 0x56] = 0; /* make its last unit the terminator: "C" */
    p[4 + 0x57] = 0;
    LMT_EQ(lm__svcctl_enum_resp(p, n, false, &pg), LM_OK);
    LMT_EQ(pg.n, 2);
    LMT_STR(pg.list[0].name, "B");
    LMT_STR(pg.list[1].name, "C");
    LMT_STR(pg.list[1].display_name, "C");
    LMT_EQ(pg.list[1].status, LM_SERVICE_RUNNING);
    lm_service_list_free(pg.list, pg.n);
    free(p);
}

/* ---- hostile responses ---- */

enum kind { K_ENUM, K_CONFIG, K_DESC, K_STATUS, K_OPEN, K_DEPS };

static lm_status decode(int k, const uint8_t *p, size_t n)
{
    struct lm__svcctl_enum_page pg;
    struct lm__ndr_handle h;
    lm_service s;
    char *desc = NULL;
    bool delayed;
    uint32_t needed, werr;
    lm_status st;

    memset(&s, 0, sizeof s);
    switch (k) {
    case K_ENUM:
    case K_DEPS:
        st = lm__svcctl_enum_resp(p, n, k == K_ENUM, &pg);
        if (st == LM_OK)
            lm_service_list_free(pg.list, pg.n);
        else
            LMT_PTR_NULL(pg.list);
        return st;
    case K_CONFIG:
        st = lm__svcctl_config_resp(p, n, &s, &needed, &werr);
        lm__service_clear(&s);
        return st;
    case K_DESC:
        st = lm__svcctl_config2_resp(p, n, LM__SVC_CONFIG_DESCRIPTION, &desc, &delayed, &needed, &werr);
        free(desc);
        return st;
    case K_STATUS:
        return lm__svcctl_status_resp(p, n, &s, &werr);
    case K_OPEN:
    default:
        return lm__ndr_handle_werr(p, n, &h, &werr);
    }
}

static const char *const hostile_vec[] = {SAMBA_SCM_ENUM,   SAMBA_SCM_CONFIG, SAMBA_SCM_DESC,
                                          SAMBA_SCM_STATUS, SAMBA_SCM_OPEN,   DEPENDENTS};

static void truncated_responses(void)
{
    rpct_truncations(decode, hostile_vec, K_OPEN + 1);
}

static const struct rpct_corruption corrupt[] = {
    {K_ENUM, 0, 0x1d4, LM_EPROTO, "buffer max_count past the end"},
    {K_ENUM, 0, 0x40000000, LM_EPROTO, "buffer max_count of 2^30"},
    {K_ENUM, 472, 13, LM_EPROTO, "13 entries do not fit in 464 bytes"},
    {K_ENUM, 472, 6, LM_EPROTO, "a sixth entry made of string bytes"},
    {K_ENUM, 472, 0xFFFFFFFF, LM_EPROTO, "2^32-1 entries"},
    {K_ENUM, 4, 464, LM_EPROTO, "name offset at the end of the buffer"},
    {K_ENUM, 4, 0xFFFFFFFF, LM_EPROTO, "name offset 2^32-1"},
    {K_ENUM, 8, 0x1cf, LM_EPROTO, "display name offset on the last byte"},
    {K_ENUM, 4, 0x1ce, LM_EPROTO, "an empty service name"},
    {K_ENUM, 184, 0x006dd800, LM_EILSEQ, "a lone surrogate in a name"},
    {K_ENUM, 476, 0, LM_EPROTO, "no resume index: 4 bytes left over"},
    {K_CONFIG, 36, 0x2b, LM_EPROTO, "binary path max_count < actual_count"},
    {K_CONFIG, 40, 1, LM_EPROTO, "binary path offset 1"},
    {K_CONFIG, 44, 0x00100000, LM_EPROTO, "binary path actual_count 2^20"},
    {K_CONFIG, 12, 0, LM_EPROTO, "no binary path pointer: its string is left over"},
    {K_CONFIG, 24, 0x00020010, LM_EPROTO, "a dependency pointer with no list"},
    {K_DESC, 0, 0x71, LM_EPROTO, "buffer max_count past the end"},
    {K_DESC, 4, 0x70, LM_EPROTO, "description offset at the end"},
    {K_DESC, 4, 2, LM_EPROTO, "description offset inside the offset"},
    {K_DESC, 112, 0x00410041, LM_EPROTO, "no NUL in the buffer"},
    {K_DESC, 40, 0x0000dc00, LM_EILSEQ, "a lone low surrogate"},
    {K_DEPS, 0, 0x54, LM_EPROTO, "buffer shorter than the entries' strings"},
};

static void corrupted_responses(void)
{
    rpct_corruptions(decode, hostile_vec, corrupt, sizeof corrupt / sizeof corrupt[0]);
}

static void bit_flips(void)
{
    rpct_bit_flips(decode, hostile_vec, K_DEPS + 1);
}

/* ---- calls over a scripted peer ---- */

static void enum_grows_the_buffer(void)
{
    static const char *const replies[] = {SAMBA_SCM_ENUM_SMALL, SAMBA_SCM_ENUM};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_service *v = NULL;
    size_t n = 0;
    lm_error e;

    r = rpct_open(&f, &lm__svcctl_iface, replies, 2);
    LMT_EQ(lm__svcctl_enum(r, &H, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 1, &v, &n, &e), LM_OK);
    LMT_EQ(n, 5);
    LMT_STR(v[4].name, "WINS");
    LMT_EQ(f.transceives, 2);
    LMT_EQ(rpct_sent_u32(&f, 0, 28), 1);   /* cbBufSize asked first */
    LMT_EQ(rpct_sent_u32(&f, 1, 28), 464); /* then what the server said it needs */
    lm_service_list_free(v, n);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* One hand-laid REnumServicesStatusW page: one entry named c, the resume index and the WERROR. */
static void page(char *out, size_t size, char c, uint32_t resume, uint32_t werr)
{
    snprintf(out, size,
             "2c 00 00 00 24 00 00 00 28 00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 "
             "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 %02x 00 00 00 %02x 00 00 00 "
             "2c 00 00 00 01 00 00 00 00 00 02 00 %02x 00 00 00 %02x 00 00 00",
             (unsigned)c, (unsigned)c, (unsigned)resume, (unsigned)werr);
}

static void enum_follows_the_resume_index(void)
{
    char a[512], b[512];
    const char *replies[] = {a, b};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_service *v = NULL;
    size_t n = 0;
    lm_error e;

    page(a, sizeof a, 'a', 1, 0xEA);
    page(b, sizeof b, 'b', 0, 0);
    r = rpct_open(&f, &lm__svcctl_iface, replies, 2);
    LMT_EQ(lm__svcctl_enum(r, &H, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 44, &v, &n, &e), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].name, "a");
    LMT_STR(v[1].display_name, "b");
    LMT_EQ(rpct_sent_u32(&f, 1, 36), 1); /* the resume index the first page gave */
    lm_service_list_free(v, n);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* ERROR_MORE_DATA with entries but the same resume index: an error, not a loop */
    page(a, sizeof a, 'a', 0, 0xEA);
    r = rpct_open(&f, &lm__svcctl_iface, replies, 1);
    v = NULL;
    LMT_EQ(lm__svcctl_enum(r, &H, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 44, &v, &n, &e), LM_EPROTO);
    LMT_PTR_NULL(v);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void config_grows_the_buffer(void)
{
    static const char *const replies[] = {SAMBA_SCM_CONFIG_SMALL, SAMBA_SCM_CONFIG};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_service s;
    lm_error e;

    r = rpct_open(&f, &lm__svcctl_iface, replies, 2);
    memset(&s, 0, sizeof s);
    LMT_EQ(lm__svcctl_query_config(r, &H, 1, &s, &e), LM_OK);
    LMT_STR(s.display_name, "Print Spooler");
    LMT_EQ(rpct_sent_u32(&f, 0, 20), 1);
    LMT_EQ(rpct_sent_u32(&f, 1, 20), 212);
    lm__service_clear(&s);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* A failure halfway still closes both handles: open SCM, open service, query status (denied), close the
 * service, close the SCM. */
static void handles_closed_when_a_call_fails(void)
{
    static const char *const denied[] = {SAMBA_SCM_OPEN, SAMBA_SCM_OPEN, SAMBA_SCM_STATUS_DENIED,
                                         SAMBA_SCM_CLOSE, SAMBA_SCM_CLOSE};
    static const char *const missing[] = {SAMBA_SCM_OPEN, SAMBA_SCM_OPEN_MISSING, SAMBA_SCM_CLOSE};
    static const char *const start[] = {SAMBA_SCM_OPEN, SAMBA_SCM_OPEN, SAMBA_SCM_START_DENIED,
                                        SAMBA_SCM_CLOSE, SAMBA_SCM_CLOSE};
    static const uint16_t ops[] = {LM__SVCCTL_OPEN_SCM, LM__SVCCTL_OPEN_SERVICE, LM__SVCCTL_QUERY_STATUS,
                                   LM__SVCCTL_CLOSE, LM__SVCCTL_CLOSE};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_service s;
    size_t n;
    uint8_t *h;
    lm_error e;

    r = rpct_open(&f, &lm__svcctl_iface, denied, 5);
    memset(&s, 0, sizeof s);
    LMT_EQ(lm__svcctl_service_status(r, "lmrpc2svc", &s, &e), LM_EACCES);
    LMT_EQ(e.raw, 5);
    LMT_PTR_NULL(s.name);
    LMT_EQ(f.transceives, 5);
    for (int i = 0; i < 5; i++)
        LMT_EQ(rpct_sent_opnum(&f, i), ops[i]);
    /* the SCM handle Samba gave is the one closed last */
    h = lmt_unhex(SAMBA_SCM_OPEN, &n);
    LMT_MEM(f.sent.data + f.sent_at[4] + 24, h, 20);
    free(h);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    r = rpct_open(&f, &lm__svcctl_iface, missing, 3);
    LMT_EQ(lm__svcctl_service_status(r, "NoSuchService", &s, &e), LM_ENOENT);
    LMT_EQ(f.transceives, 3);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__SVCCTL_CLOSE);
    lm__rpc_close(r);
    pipe_peer_free(&f);

    r = rpct_open(&f, &lm__svcctl_iface, start, 5);
    LMT_EQ(lm__svcctl_service_start(r, "lmrpc2svc", &e), LM_EACCES);
    LMT_EQ(f.transceives, 5);
    LMT_EQ(rpct_sent_opnum(&f, 2), LM__SVCCTL_START);
    LMT_EQ(rpct_sent_opnum(&f, 3), LM__SVCCTL_CLOSE);
    LMT_EQ(rpct_sent_opnum(&f, 4), LM__SVCCTL_CLOSE);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

/* Delayed automatic start is two calls: RChangeServiceConfigW with SERVICE_AUTO_START, then
 * RChangeServiceConfig2W with the flag. Replies hand-laid: lpdwTagId NULL and WERR_OK, then WERR_OK. */
static void set_start_delayed(void)
{
    static const char *const replies[] = {"00 00 00 00 00 00 00 00", "00 00 00 00"};
    static const char *const denied[] = {"00 00 00 00 05 00 00 00"};
    struct pipe_peer f;
    struct lm__rpc *r;
    lm_error e;

    r = rpct_open(&f, &lm__svcctl_iface, replies, 2);
    LMT_EQ(lm__svcctl_set_start(r, &H, LM_START_AUTOMATIC_DELAYED, &e), LM_OK);
    LMT_EQ(f.transceives, 2);
    LMT_EQ(rpct_sent_opnum(&f, 0), LM__SVCCTL_CHANGE_CONFIG);
    LMT_EQ(rpct_sent_u32(&f, 0, 24), LM_START_AUTOMATIC); /* dwStartType */
    LMT_EQ(rpct_sent_opnum(&f, 1), LM__SVCCTL_CHANGE_CONFIG2);
    LMT_EQ(rpct_sent_u32(&f, 1, 20), LM__SVC_CONFIG_DELAYED_AUTO_START);
    LMT_EQ(rpct_sent_u32(&f, 1, 32), 1); /* fDelayedAutostart */
    lm__rpc_close(r);
    pipe_peer_free(&f);

    /* manual: one call; and the WERROR comes back translated */
    r = rpct_open(&f, &lm__svcctl_iface, denied, 1);
    LMT_EQ(lm__svcctl_set_start(r, &H, LM_START_MANUAL, &e), LM_EACCES);
    LMT_EQ(f.transceives, 1);
    LMT_EQ(rpct_sent_u32(&f, 0, 24), LM_START_MANUAL);
    lm__rpc_close(r);
    pipe_peer_free(&f);
}

static void werror_translation(void)
{
    static const struct {
        uint32_t werr;
        lm_status st;
    } t[] = {{1060, LM_ENOENT},    {5, LM_EACCES},      {1061, LM_ESTATE}, {1058, LM_EDISABLED},
             {1051, LM_EDEPEND},   {1056, LM_ESTATE},   {1062, LM_ESTATE}, {122, LM_EOVERFLOW},
             {0x1C010002, LM_EIO}, {1053, LM_ETIMEDOUT}};

    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        LMT_EQ(lm__rpc_status(LM_RAW_WERROR, t[i].werr), t[i].st);
    LMT_STR(lm__rpc_status_name(LM_RAW_WERROR, 1060), "WERR_SERVICE_DOES_NOT_EXIST");
}

static const struct lmt_test svcctl_tests[] = {
    LMT_TEST(open_requests),
    LMT_TEST(handle_requests),
    LMT_TEST(enum_requests),
    LMT_TEST(change_requests),
    LMT_TEST(handles_from_samba),
    LMT_TEST(enum_from_samba),
    LMT_TEST(status_from_samba),
    LMT_TEST(config_from_samba),
    LMT_TEST(config2_from_samba),
    LMT_TEST(config_hand_laid),
    LMT_TEST(dependents_hand_laid),
    LMT_TEST(enum_grows_the_buffer),
    LMT_TEST(enum_follows_the_resume_index),
    LMT_TEST(config_grows_the_buffer),
    LMT_TEST(handles_closed_when_a_call_fails),
    LMT_TEST(set_start_delayed),
    LMT_TEST(werror_translation),
    LMT_END,
};
const struct lmt_suite lmt_suite_svcctl = {"svcctl", NULL, NULL, NULL, svcctl_tests};

static const struct lmt_test hostile_tests[] = {
    LMT_TEST(truncated_responses),
    LMT_TEST(corrupted_responses),
    LMT_TEST(bit_flips),
    LMT_END,
};
const struct lmt_suite lmt_suite_svcctl_hostile = {"svcctl_hostile", NULL, NULL, NULL, hostile_tests};
