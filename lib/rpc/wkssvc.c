/* MS-WKST: NetrWkstaGetInfo and NetrWkstaUserEnum. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/text.h"
#include "rpc/ndr.h"
#include "rpc/werror.h"
#include "rpc/wkssvc.h"

const struct lm__rpc_iface lm__wkssvc_iface = {
    "wkssvc",
    {{0x98, 0xD0, 0xFF, 0x6B, 0x12, 0xA1, 0x10, 0x36, 0x98, 0x33, 0x46, 0xC3, 0xF8, 0x7E, 0x34, 0x5A}, 1, 0},
};

#define WKSSVC_REQ_MAX 4096u

static bool info_level_ok(int level)
{
    return level == 100 || level == 101 || level == 102;
}

/* ---- encoding ---- */

lm_status lm__wkssvc_getinfo_req(struct lm__buf *b, const char *server, int level)
{
    struct lm__ndr_push n;

    if (!info_level_ok(level))
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_ptr_wstr(&n, server); /* [in, string, unique] WKSSVC_IDENTIFY_HANDLE ServerName */
    lm__ndr_put_u32(&n, (uint32_t)level);
    return lm__ndr_push_status(&n);
}

lm_status lm__wkssvc_user_enum_req(struct lm__buf *b, const char *server, int level, uint32_t pref_max,
                                   const uint32_t *resume)
{
    struct lm__ndr_push n;

    if (level != 0 && level != 1)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_ptr_wstr(&n, server);
    /* [in, out] LPWKSTA_USER_ENUM_STRUCT UserInfo (MS-WKST 2.2.5.14; top-level ref: no referent id) */
    lm__ndr_put_u32(&n, (uint32_t)level); /* Level */
    lm__ndr_put_u32(&n, (uint32_t)level); /* the union's switch */
    lm__ndr_put_ptr(&n, true);            /* WKSTA_USER_INFO_x_CONTAINER* */
    lm__ndr_put_u32(&n, 0);               /* EntriesRead */
    lm__ndr_put_ptr(&n, false);           /* Buffer */
    lm__ndr_put_u32(&n, pref_max);        /* PreferredMaximumLength */
    lm__ndr_put_ptr(&n, resume != NULL);  /* [in, out, unique] unsigned long* ResumeHandle */
    if (resume != NULL)
        lm__ndr_put_u32(&n, *resume);
    return lm__ndr_push_status(&n);
}

/* ---- decoding ---- */

/* A [string] wchar_t* whose referent id was read in the fixed part: its pointee now, in NDR order. */
static void deferred_wstr(struct lm__ndr *d, bool present, char **out)
{
    if (present && lm__ndr_status(d) == LM_OK)
        lm__ndr_wstr(d, out);
}

lm_status lm__wkssvc_getinfo_resp(const uint8_t *p, size_t n, int level, lm_workstation *out, uint32_t *werr)
{
    struct lm__ndr d;
    lm_workstation w;
    bool name = false, group = false, root = false, present;
    uint32_t sw;
    lm_status st;

    if (!info_level_ok(level))
        return LM_EINVAL;
    memset(&w, 0, sizeof w);
    lm__ndr_init(&d, p, n);
    sw = lm__ndr_u32(&d);
    present = lm__ndr_ptr(&d) != 0;
    if (present && lm__ndr_status(&d) == LM_OK) {
        if (sw != (uint32_t)level)
            lm__ndr_fail(&d, LM_EPROTO);
        /* WKSTA_INFO_100/101/102 (MS-WKST 2.2.5.1-3): the fixed part, then the strings. */
        w.level = level;
        w.platform_id = lm__ndr_u32(&d);
        name = lm__ndr_ptr(&d) != 0;
        group = lm__ndr_ptr(&d) != 0;
        w.version_major = lm__ndr_u32(&d);
        w.version_minor = lm__ndr_u32(&d);
        if (level >= 101)
            root = lm__ndr_ptr(&d) != 0;
        if (level == 102)
            w.logged_on_users = lm__ndr_u32(&d);
        deferred_wstr(&d, name, &w.computer_name);
        deferred_wstr(&d, group, &w.lan_group);
        deferred_wstr(&d, root, &w.lan_root);
    }
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) == LM_OK && *werr == 0 && !present)
        st = LM_EPROTO; /* success must come with the structure */
    if (st != LM_OK || *werr != 0) {
        lm__wksta_clear(&w);
        return st;
    }
    *out = w;
    return LM_OK;
}

enum { U_NAME = 1, U_DOMAIN = 2, U_OTHERS = 4, U_SERVER = 8 };

lm_status lm__wkssvc_user_enum_resp(const uint8_t *p, size_t n, int level, struct lm__wkssvc_user_page *page)
{
    struct lm__ndr d;
    lm_workstation_user *list = NULL;
    unsigned *ptrs = NULL;
    uint32_t count = 0;
    lm_status st;

    memset(page, 0, sizeof *page);
    if (level != 0 && level != 1)
        return LM_EINVAL;
    lm__ndr_init(&d, p, n);
    /* WKSTA_USER_INFO_0 is one pointer, WKSTA_USER_INFO_1 four (MS-WKST 2.2.5.9-10). */
    count = lm__ndr_enum_head(&d, (uint32_t)level, level == 0 ? 4 : 16, LM__WKSSVC_MAX_USERS);
    if (lm__ndr_status(&d) == LM_OK && count > 0 &&
        ((list = calloc(count, sizeof *list)) == NULL || (ptrs = calloc(count, sizeof *ptrs)) == NULL))
        lm__ndr_fail(&d, LM_ENOMEM);
    /* Every entry's fixed part first, then their strings in order (C706 14.3.12.3). */
    for (uint32_t i = 0; i < count && lm__ndr_status(&d) == LM_OK; i++) {
        ptrs[i] = lm__ndr_ptr(&d) != 0 ? U_NAME : 0;
        if (level == 1) {
            ptrs[i] |= lm__ndr_ptr(&d) != 0 ? U_DOMAIN : 0;
            ptrs[i] |= lm__ndr_ptr(&d) != 0 ? U_OTHERS : 0;
            ptrs[i] |= lm__ndr_ptr(&d) != 0 ? U_SERVER : 0;
        }
    }
    for (uint32_t i = 0; i < count && lm__ndr_status(&d) == LM_OK; i++) {
        deferred_wstr(&d, ptrs[i] & U_NAME, &list[i].user_name);
        deferred_wstr(&d, ptrs[i] & U_DOMAIN, &list[i].logon_domain);
        deferred_wstr(&d, ptrs[i] & U_OTHERS, &list[i].other_domains);
        deferred_wstr(&d, ptrs[i] & U_SERVER, &list[i].logon_server);
    }
    free(ptrs);
    lm__ndr_enum_tail(&d, &page->tail);
    if ((st = lm__ndr_end(&d)) != LM_OK) {
        lm_workstation_user_list_free(list, count);
        memset(page, 0, sizeof *page);
        return st;
    }
    page->list = list;
    page->n = count;
    return LM_OK;
}

/* ---- calls ---- */

lm_status lm__wkssvc_get_info(struct lm__rpc *r, const char *server, int level, lm_workstation *out,
                              lm_error *err)
{
    struct lm__buf req, resp;
    uint32_t werr = 0;
    lm_status st;

    if (!info_level_ok(level))
        return lm__fail(err, LM_EINVAL, "NetrWkstaGetInfo: level %d", level);
    lm__buf_init(&req, WKSSVC_REQ_MAX);
    lm__buf_init(&resp, 1u << 20);
    st = lm__rpc_transact(r, LM__WKSSVC_WKSTA_GETINFO, "NetrWkstaGetInfo",
                          lm__wkssvc_getinfo_req(&req, server, level), &req, &resp, err);
    if (st == LM_OK && (st = lm__wkssvc_getinfo_resp(resp.data, resp.len, level, out, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, "NetrWkstaGetInfo");
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, "cannot read the workstation information");
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

/* Appends a page's entries to *all (ownership moves; the page's list is freed). */
static lm_status append_users(lm_workstation_user **all, size_t *n, struct lm__wkssvc_user_page *pg)
{
    lm_workstation_user *grown;

    if (pg->n == 0) {
        free(pg->list);
        return LM_OK;
    }
    if ((grown = realloc(*all, (*n + pg->n) * sizeof *grown)) == NULL) {
        lm_workstation_user_list_free(pg->list, pg->n);
        return LM_ENOMEM;
    }
    memcpy(grown + *n, pg->list, pg->n * sizeof *grown);
    free(pg->list);
    *all = grown;
    *n += pg->n;
    return LM_OK;
}

lm_status lm__wkssvc_user_enum(struct lm__rpc *r, const char *server, uint32_t pref_max,
                               lm_workstation_user **out, size_t *n, lm_error *err)
{
    struct lm__buf req, resp;
    lm_workstation_user *all = NULL;
    size_t nall = 0;
    uint32_t resume = 0;
    lm_status st;

    lm__buf_init(&req, WKSSVC_REQ_MAX);
    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    for (;;) {
        struct lm__wkssvc_user_page pg;

        lm__buf_reset(&req);
        st = lm__rpc_transact(r, LM__WKSSVC_USER_ENUM, "NetrWkstaUserEnum",
                              lm__wkssvc_user_enum_req(&req, server, 1, pref_max, &resume), &req, &resp, err);
        if (st != LM_OK)
            break;
        if ((st = lm__wkssvc_user_enum_resp(resp.data, resp.len, 1, &pg)) != LM_OK) {
            lm__rpc_malformed(err, st, "NetrWkstaUserEnum");
            break;
        }
        if (pg.tail.werr != 0 && pg.tail.werr != LM__WERR_MORE_DATA) {
            lm_workstation_user_list_free(pg.list, pg.n);
            st = lm__rpc_error(err, LM_RAW_WERROR, pg.tail.werr, "cannot list the users logged on");
            break;
        }
        if (pg.n > LM__WKSSVC_MAX_USERS - nall) {
            lm_workstation_user_list_free(pg.list, pg.n);
            st = lm__fail(err, LM_EOVERFLOW, "NetrWkstaUserEnum: more than %u users", LM__WKSSVC_MAX_USERS);
            break;
        }
        if ((st = append_users(&all, &nall, &pg)) != LM_OK) {
            lm__fail(err, st, "out of memory");
            break;
        }
        if (pg.tail.werr == 0)
            break;
        if ((st = lm__ndr_enum_next(&pg.tail, pg.n, &resume, "NetrWkstaUserEnum", err)) != LM_OK)
            break;
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    if (st != LM_OK) {
        lm_workstation_user_list_free(all, nall);
        return st;
    }
    *out = all;
    *n = nall;
    return LM_OK;
}
