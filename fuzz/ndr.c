/* NDR response stubs (C706 chapter 14) of the three RPC interfaces lanman calls: srvsvc (MS-SRVS), svcctl
 * (MS-SCMR) and winreg (MS-RRP), as a hostile server sends them. The first input byte picks the decoder
 * (and its info level); the rest is the stub. What a decoder returns on success is freed with its own
 * free function; on error it must have left nothing allocated. NetrShareEnum is also decoded as it would
 * arrive in pieces, and must agree with the whole. */
#include <stdlib.h>

#include "core/model.h"
#include "rpc/ndr.h"
#include "rpc/srvsvc.h"
#include "rpc/svcctl.h"
#include "rpc/winreg.h"

#include "fuzz.h"

/* The streaming decoder's entries, counted and freed as they come. */
static lm_status count_shares(void *ctx, struct lm__srv_share *list, size_t n)
{
    (void)list;
    *(size_t *)ctx += n;
    return LM_OK;
}

/* NetrShareEnum fed as RPC fragments would bring it, cut at a third and two thirds of the stub: it must
 * give what the whole stub gives, the same status and, on success, as many entries. */
static void enum_stream(const uint8_t *p, size_t n, int level, lm_status whole, size_t nwhole)
{
    struct lm__srvsvc_enum_stream s;
    size_t got = 0, a = n / 3, b = n * 2 / 3;
    lm_status st;

    lm__srvsvc_enum_stream_init(&s, level, LM__SRVSVC_MAX_SHARES, count_shares, &got);
    st = lm__srvsvc_enum_stream_feed(&s, p, a, false);
    if (st == LM_OK)
        st = lm__srvsvc_enum_stream_feed(&s, p + a, b - a, false);
    if (st == LM_OK)
        st = lm__srvsvc_enum_stream_feed(&s, p + b, n - b, true);
    lm__srvsvc_enum_stream_free(&s);
    if (st != whole || (st == LM_OK && got != nwhole))
        abort();
}

static void srvsvc(unsigned which, const uint8_t *p, size_t n)
{
    static const int levels[4] = {0, 1, 2, 502};
    uint32_t a, werr;

    if (which < 4) {
        struct lm__srvsvc_enum_page pg = {0};
        lm_status st = lm__srvsvc_enum_resp(p, n, levels[which], &pg);

        enum_stream(p, n, levels[which], st, pg.n);
        if (st == LM_OK)
            lm__srv_share_list_free(pg.list, pg.n);
    } else if (which < 8) {
        struct lm__srv_share s = {0};
        if (lm__srvsvc_getinfo_resp(p, n, levels[which - 4], &s, &werr) == LM_OK)
            lm__srv_share_clear(&s);
    } else if (which == 8) {
        lm__srvsvc_parmerr_resp(p, n, &a, &werr);
    } else if (which == 9) {
        lm__srvsvc_werr_resp(p, n, &werr);
    } else {
        struct lm__srv_info i = {0};
        if (lm__srvsvc_srvinfo_resp(p, n, which == 10 ? 101 : 102, &i, &werr) == LM_OK)
            lm__srv_info_clear(&i);
    }
}

static void svcctl(unsigned which, const uint8_t *p, size_t n)
{
    lm_service s = {0};
    uint32_t needed, werr;

    switch (which) {
    case 0:
        if (lm__svcctl_status_resp(p, n, &s, &werr) == LM_OK)
            lm__service_clear(&s);
        break;
    case 1:
        if (lm__svcctl_config_resp(p, n, &s, &needed, &werr) == LM_OK)
            lm__service_clear(&s);
        break;
    case 2:
    case 3: {
        char *desc = NULL;
        bool delayed;
        if (lm__svcctl_config2_resp(p, n, which == 2 ? 1 : 3, &desc, &delayed, &needed, &werr) == LM_OK)
            free(desc);
        break;
    }
    case 4:
        lm__svcctl_change_resp(p, n, &werr);
        break;
    default: {
        struct lm__svcctl_enum_page pg = {0};
        if (lm__svcctl_enum_resp(p, n, which == 5, &pg) == LM_OK)
            lm_service_list_free(pg.list, pg.n);
        break;
    }
    }
}

static void winreg(unsigned which, const uint8_t *p, size_t n)
{
    struct lm__ndr_handle h;
    uint32_t a, werr;

    switch (which) {
    case 0:
        lm__winreg_create_key_resp(p, n, &h, &a, &werr);
        break;
    case 1: {
        struct lm__reg_keyinfo ki;
        lm__winreg_query_info_resp(p, n, &ki, &werr);
        break;
    }
    case 2: {
        char *name = NULL;
        if (lm__winreg_enum_key_resp(p, n, &name, &werr) == LM_OK)
            free(name);
        break;
    }
    case 3:
    case 4: {
        struct lm__winreg_value_resp v = {0};
        if (lm__winreg_value_resp(p, n, which == 4, &v) == LM_OK)
            lm__winreg_value_resp_clear(&v);
        break;
    }
    case 5:
        lm__ndr_handle_werr(p, n, &h, &werr);
        break;
    default:
        lm__ndr_werr(p, n, &werr);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned which;

    if (size < 1)
        return 0;
    which = data[0] % 26u; /* 12 srvsvc, 6 svcctl, 7 winreg decoders, then srvsvc level 1005 */
    if (which == 25) {
        uint32_t flags, werr;
        lm__srvsvc_flags_resp(data + 1, size - 1, &flags, &werr);
    } else if (which < 12)
        srvsvc(which, data + 1, size - 1);
    else if (which < 18)
        svcctl(which - 12, data + 1, size - 1);
    else
        winreg(which - 18, data + 1, size - 1);
    return 0;
}
