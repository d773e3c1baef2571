/* MS-SRVS: NetrShareEnum, NetrShareGetInfo, NetrShareAdd, NetrShareDel, NetrShareSetInfo, NetrServerGetInfo.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shareconf.h"
#include "core/text.h"
#include "rpc/ndr.h"
#include "rpc/srvsvc.h"
#include "rpc/werror.h"

const struct lm__rpc_iface lm__srvsvc_iface = {
    "srvsvc",
    {{0xC8, 0x4F, 0x32, 0x4B, 0x70, 0x16, 0xD3, 0x01, 0x12, 0x78, 0x5A, 0x47, 0xBF, 0x6E, 0xE1, 0x88}, 3, 0},
};

/* Request stubs are small, except NetrShareAdd with a security descriptor (at most 64 KiB as an ACL). */
#define SRVSVC_REQ_MAX (1u << 20)

enum { P_NAME = 1, P_REMARK = 2, P_PATH = 4, P_PASSWD = 8, P_SD = 16 };

void lm__srv_share_clear(struct lm__srv_share *s)
{
    free(s->info.name);
    free(s->info.path);
    free(s->info.remark);
    free(s->info.sddl);
    free(s->sd);
    memset(s, 0, sizeof *s);
}

void lm__srv_share_list_free(struct lm__srv_share *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        lm__srv_share_clear(&list[i]);
    free(list);
}

void lm__srv_info_clear(struct lm__srv_info *i)
{
    free(i->name);
    free(i->comment);
    free(i->userpath);
    memset(i, 0, sizeof *i);
}

static bool share_level_ok(int level)
{
    return level == 0 || level == 1 || level == 2 || level == 502;
}

/* ---- encoding ---- */

static void put_server(struct lm__ndr_push *n, const char *server)
{
    lm__ndr_put_ptr_wstr(n, server); /* [in, string, unique] SRVSVC_HANDLE */
}

static lm_status finish(struct lm__ndr_push *n)
{
    return lm__ndr_push_status(n);
}

/* The tail of every enumeration request: an empty container (EntriesRead 0, a NULL Buffer), then
 * PreferedMaximumLength and the [in, out, unique] DWORD* ResumeHandle (NULL: none). */
static lm_status put_enum_tail(struct lm__ndr_push *n, uint32_t pref_max, const uint32_t *resume)
{
    lm__ndr_put_u32(n, 0);     /* EntriesRead */
    lm__ndr_put_ptr(n, false); /* Buffer */
    lm__ndr_put_u32(n, pref_max);
    lm__ndr_put_ptr(n, resume != NULL);
    if (resume != NULL)
        lm__ndr_put_u32(n, *resume);
    return finish(n);
}

lm_status lm__srvsvc_enum_req(struct lm__buf *b, const char *server, int level, uint32_t pref_max,
                              const uint32_t *resume)
{
    struct lm__ndr_push n;

    if (!share_level_ok(level))
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    /* [in, out] LPSHARE_ENUM_STRUCT InfoStruct (top-level ref: no referent id) */
    lm__ndr_put_u32(&n, (uint32_t)level); /* Level */
    lm__ndr_put_u32(&n, (uint32_t)level); /* the union's switch */
    lm__ndr_put_ptr(&n, true);            /* SHARE_INFO_x_CONTAINER* */
    return put_enum_tail(&n, pref_max, resume);
}

lm_status lm__srvsvc_getinfo_req(struct lm__buf *b, const char *server, const char *name, int level)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_wstr(&n, name); /* [in, string] WCHAR* NetName: a ref pointer, no referent id */
    lm__ndr_put_u32(&n, (uint32_t)level);
    return finish(&n);
}

/* SHARE_INFO_2 or SHARE_INFO_502_I behind the union's pointer: the fixed part, then the strings and the
 * security descriptor in NDR order (C706 14.3.12.3). */
static void put_share(struct lm__ndr_push *n, int level, const char *name, uint32_t type, const char *remark,
                      uint32_t perms, uint32_t max_uses, uint32_t cur, const char *path, const uint8_t *sd,
                      size_t sd_len)
{
    lm__ndr_put_ptr(n, name != NULL);
    lm__ndr_put_u32(n, type);
    lm__ndr_put_ptr(n, remark != NULL);
    lm__ndr_put_u32(n, perms);
    lm__ndr_put_u32(n, max_uses);
    lm__ndr_put_u32(n, cur);
    lm__ndr_put_ptr(n, path != NULL);
    lm__ndr_put_ptr(n, false); /* shi2_passwd */
    if (level == 502) {
        lm__ndr_put_u32(n, (uint32_t)sd_len); /* shi502_reserved: the size of the descriptor */
        lm__ndr_put_ptr(n, sd != NULL && sd_len > 0);
    }
    if (name != NULL)
        lm__ndr_put_wstr(n, name);
    if (remark != NULL)
        lm__ndr_put_wstr(n, remark);
    if (path != NULL)
        lm__ndr_put_wstr(n, path);
    if (level == 502 && sd != NULL && sd_len > 0)
        lm__ndr_put_conf_bytes(n, sd, (uint32_t)sd_len);
}

lm_status lm__srvsvc_add_req(struct lm__buf *b, const char *server, int level,
                             const struct lm__srv_share_spec *spec)
{
    struct lm__ndr_push n;

    if ((level != 2 && level != 502) || spec->name == NULL || spec->path == NULL || spec->sd_len > 0x10000)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_u32(&n, (uint32_t)level); /* [in, switch_is(Level)] LPSHARE_INFO */
    lm__ndr_put_ptr(&n, true);
    put_share(&n, level, spec->name, spec->type, spec->remark != NULL ? spec->remark : "", 0, spec->max_uses,
              0, spec->path, level == 502 ? spec->sd : NULL, level == 502 ? spec->sd_len : 0);
    lm__ndr_put_ptr(&n, true); /* [in, out, unique] DWORD* ParmErr */
    lm__ndr_put_u32(&n, 0);
    return finish(&n);
}

lm_status lm__srvsvc_del_req(struct lm__buf *b, const char *server, const char *name)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_wstr(&n, name);
    lm__ndr_put_u32(&n, 0); /* Reserved */
    return finish(&n);
}

lm_status lm__srvsvc_setinfo_req(struct lm__buf *b, const char *server, const char *name, int level,
                                 const struct lm__srv_share *info)
{
    struct lm__ndr_push n;
    const lm_share *s = &info->info;

    if ((level != 1004 && level != 1005 && level != 1501 && level != 2 && level != 502) ||
        info->sd_len > 0x10000)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_wstr(&n, name);
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_u32(&n, (uint32_t)level); /* [in, switch_is(Level)] LPSHARE_INFO ShareInfo */
    lm__ndr_put_ptr(&n, true);
    if (level == 1004) {
        /* SHARE_INFO_1004 (MS-SRVS 2.2.4.28): [string] wchar_t* shi1004_remark */
        lm__ndr_put_ptr(&n, true);
        lm__ndr_put_wstr(&n, s->remark != NULL ? s->remark : "");
    } else if (level == 1005) {
        lm__ndr_put_u32(&n, info->flags); /* SHARE_INFO_1005 (MS-SRVS 2.2.4.29): shi1005_flags */
    } else if (level == 1501) {
        /* SHARE_INFO_1501_I (MS-SRVS 2.2.4.30): shi1501_reserved, the descriptor's size, and
         * [size_is(shi1501_reserved)] unsigned char* shi1501_security_descriptor */
        lm__ndr_put_u32(&n, (uint32_t)info->sd_len);
        lm__ndr_put_ptr(&n, info->sd != NULL && info->sd_len > 0);
        if (info->sd != NULL && info->sd_len > 0)
            lm__ndr_put_conf_bytes(&n, info->sd, (uint32_t)info->sd_len);
    } else {
        put_share(&n, level, s->name, s->type, s->remark != NULL ? s->remark : "", info->permissions,
                  s->max_uses, s->current_uses, s->path, info->sd, info->sd_len);
    }
    lm__ndr_put_ptr(&n, true); /* ParmErr */
    lm__ndr_put_u32(&n, 0);
    return finish(&n);
}

lm_status lm__srvsvc_srvinfo_req(struct lm__buf *b, const char *server, int level)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_u32(&n, (uint32_t)level);
    return finish(&n);
}

/* ---- decoding ---- */

/* The tail of every enumeration response, through the one NDR reader of it. */
static void get_trailer(struct lm__ndr *d, uint32_t *total, bool *has_resume, uint32_t *resume,
                        uint32_t *werr)
{
    struct lm__ndr_enum_tail t;

    lm__ndr_enum_tail(d, &t);
    *total = t.total;
    *has_resume = t.has_resume;
    *resume = t.resume;
    *werr = t.werr;
}

static void get_share_fixed(struct lm__ndr *d, int level, struct lm__srv_share *s)
{
    s->info.level = level;
    s->ptrs = lm__ndr_ptr(d) ? P_NAME : 0;
    if (level == 0)
        return;
    s->info.type = lm__ndr_u32(d);
    s->ptrs |= lm__ndr_ptr(d) ? P_REMARK : 0;
    if (level == 1)
        return;
    s->permissions = lm__ndr_u32(d);
    s->info.max_uses = lm__ndr_u32(d);
    s->info.current_uses = lm__ndr_u32(d);
    s->ptrs |= lm__ndr_ptr(d) ? P_PATH : 0;
    s->ptrs |= lm__ndr_ptr(d) ? P_PASSWD : 0;
    if (level == 2)
        return;
    s->sd_len = lm__ndr_u32(d); /* shi502_reserved: size_is of the descriptor */
    s->ptrs |= lm__ndr_ptr(d) ? P_SD : 0;
}

static void get_share_deferred(struct lm__ndr *d, struct lm__srv_share *s)
{
    char *passwd = NULL;
    size_t want = s->sd_len;

    if (s->ptrs & P_NAME)
        lm__ndr_wstr(d, &s->info.name);
    if (s->ptrs & P_REMARK)
        lm__ndr_wstr(d, &s->info.remark);
    if (s->ptrs & P_PATH)
        lm__ndr_wstr(d, &s->info.path);
    if ((s->ptrs & P_PASSWD) && lm__ndr_wstr(d, &passwd) == LM_OK)
        free(passwd);
    s->sd_len = 0;
    if ((s->ptrs & P_SD) && lm__ndr_status(d) == LM_OK)
        lm__ndr_conf_bytes(d, (uint32_t)want, &s->sd, &s->sd_len);
    /* [string] wchar_t* with no pointer: the name is the one thing every level has. */
    if (lm__ndr_status(d) == LM_OK && s->info.name == NULL)
        lm__ndr_fail(d, LM_EPROTO);
}

lm_status lm__srvsvc_getinfo_resp(const uint8_t *p, size_t n, int level, struct lm__srv_share *out,
                                  uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__srv_share s;
    uint32_t sw;
    lm_status st;

    memset(&s, 0, sizeof s);
    lm__ndr_init(&d, p, n);
    sw = lm__ndr_u32(&d);
    if (lm__ndr_ptr(&d) != 0) {
        if (sw != (uint32_t)level || !share_level_ok(level))
            lm__ndr_fail(&d, LM_EPROTO);
        if (lm__ndr_status(&d) == LM_OK) {
            get_share_fixed(&d, level, &s);
            get_share_deferred(&d, &s);
        }
    }
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_status(&d)) == LM_OK && *werr == 0 && s.info.name == NULL)
        st = LM_EPROTO; /* success must come with the structure */
    if (st != LM_OK) {
        lm__srv_share_clear(&s);
        return st;
    }
    s.ptrs = 0;
    *out = s;
    return LM_OK;
}

lm_status lm__srvsvc_parmerr_resp(const uint8_t *p, size_t n, uint32_t *parm_err, uint32_t *werr)
{
    struct lm__ndr d;

    lm__ndr_init(&d, p, n);
    *parm_err = 0;
    if (lm__ndr_ptr(&d) != 0)
        *parm_err = lm__ndr_u32(&d);
    *werr = lm__ndr_u32(&d);
    return lm__ndr_status(&d);
}

lm_status lm__srvsvc_werr_resp(const uint8_t *p, size_t n, uint32_t *werr)
{
    struct lm__ndr d;

    lm__ndr_init(&d, p, n);
    *werr = lm__ndr_u32(&d);
    return lm__ndr_status(&d);
}

lm_status lm__srvsvc_srvinfo_resp(const uint8_t *p, size_t n, int level, struct lm__srv_info *out,
                                  uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__srv_info i;
    bool name = false, comment = false, userpath = false;
    uint32_t sw;
    lm_status st;

    memset(&i, 0, sizeof i);
    lm__ndr_init(&d, p, n);
    sw = lm__ndr_u32(&d);
    if (lm__ndr_ptr(&d) != 0 && lm__ndr_status(&d) == LM_OK) {
        if (sw != (uint32_t)level || (level != 101 && level != 102))
            lm__ndr_fail(&d, LM_EPROTO);
        /* SERVER_INFO_101 / 102 (MS-SRVS 2.2.4.41-42): fixed part, then the strings. */
        i.level = level;
        i.platform_id = lm__ndr_u32(&d);
        name = lm__ndr_ptr(&d) != 0;
        i.version_major = lm__ndr_u32(&d);
        i.version_minor = lm__ndr_u32(&d);
        i.type = lm__ndr_u32(&d);
        comment = lm__ndr_ptr(&d) != 0;
        if (level == 102) {
            i.users = lm__ndr_u32(&d);
            i.disc = (int32_t)lm__ndr_u32(&d);
            i.hidden = lm__ndr_u32(&d);
            i.announce = lm__ndr_u32(&d);
            i.anndelta = lm__ndr_u32(&d);
            i.licenses = lm__ndr_u32(&d);
            userpath = lm__ndr_ptr(&d) != 0;
        }
        if (name && lm__ndr_status(&d) == LM_OK)
            lm__ndr_wstr(&d, &i.name);
        if (comment && lm__ndr_status(&d) == LM_OK)
            lm__ndr_wstr(&d, &i.comment);
        if (userpath && lm__ndr_status(&d) == LM_OK)
            lm__ndr_wstr(&d, &i.userpath);
    }
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_status(&d)) == LM_OK && *werr == 0 && i.level == 0)
        st = LM_EPROTO;
    if (st != LM_OK) {
        lm__srv_info_clear(&i);
        return st;
    }
    *out = i;
    return LM_OK;
}

/* ---- calls ---- */

/* A WERROR about the share name. Windows answers NERR_NetNameNotFound for a share that does not exist;
 * Samba answers WERR_INVALID_NAME to NetrShareGetInfo and NetrShareSetInfo for it. A name that is valid
 * by MS-SRVS 2.2.2.8 cannot be invalid, so there it means "not found". */
static lm_status share_error(lm_error *err, uint32_t werr, const char *name, const char *what)
{
    if (werr == LM__WERR_INVALID_NAME && lm__share_name_check(name, NULL) == LM_OK) {
        if (err == NULL)
            return LM_ENOENT;
        return lm_error_set(err, LM_ENOENT, LM_RAW_WERROR, werr, "%s: no such share (WERR_INVALID_NAME)",
                            what);
    }
    return lm__rpc_error(err, LM_RAW_WERROR, werr, what);
}

struct pager;
static lm_status run_pages(const struct pager *pg, struct lm__rpc *r, lm__srv_items_fn fn, void *ctx,
                           lm_error *err);
static lm_status share_pages(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                             lm__srv_page_fn fn, void *ctx, lm_error *err);

lm_status lm__srvsvc_share_pages(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                                 lm__srv_page_fn fn, void *ctx, lm_error *err)
{
    if (!share_level_ok(level))
        return lm__fail(err, LM_EINVAL, "NetrShareEnum: level %d", level);
    return share_pages(r, server, level, pref_max, fn, ctx, err);
}

/* lm__srvsvc_share_enum: every page appended to one list; the entries move out of each page. */
struct gather {
    struct lm__srv_share *all;
    size_t n, cap;
    lm_error *err;
};

static lm_status gather_page(void *ctx, struct lm__srv_share *list, size_t n)
{
    struct gather *g = ctx;

    if (g->n + n > g->cap) {
        size_t ncap = g->cap == 0 ? n : g->cap * 2;
        struct lm__srv_share *grown;

        if (ncap < g->n + n)
            ncap = g->n + n;
        if ((grown = realloc(g->all, ncap * sizeof *grown)) == NULL)
            return lm__fail(g->err, LM_ENOMEM, "out of memory");
        g->all = grown;
        g->cap = ncap;
    }
    memcpy(g->all + g->n, list, n * sizeof *list);
    memset(list, 0, n * sizeof *list); /* ownership moved: the page's free finds nothing */
    g->n += n;
    return LM_OK;
}

/* ---- NetrShareEnum decoded as it arrives ---- */

enum { PH_HEAD, PH_FIXED, PH_DEFERRED, PH_TAIL, PH_DONE };

void lm__srvsvc_enum_stream_init(struct lm__srvsvc_enum_stream *s, int level, uint32_t limit,
                                 lm__srv_page_fn fn, void *ctx)
{
    memset(s, 0, sizeof *s);
    s->level = level;
    s->limit = limit;
    s->fn = fn;
    s->ctx = ctx;
    s->phase = PH_HEAD;
    s->st = share_level_ok(level) ? LM_OK : LM_EINVAL;
    lm__buf_init(&s->carry, LM__RPC_MAX_STUB);
}

static void batch_clear(struct lm__srvsvc_enum_stream *s)
{
    for (size_t i = 0; i < s->nbatch; i++)
        lm__srv_share_clear(&s->batch[i]);
    s->nbatch = 0;
}

void lm__srvsvc_enum_stream_free(struct lm__srvsvc_enum_stream *s)
{
    batch_clear(s);
    free(s->fixed);
    s->fixed = NULL;
    lm__buf_free(&s->carry);
}

/* The completed entries to fn; they are freed when it returns. */
static void batch_flush(struct lm__srvsvc_enum_stream *s)
{
    if (s->nbatch > 0 && s->st == LM_OK) {
        lm_status st;

        s->in_fn = true;
        st = s->fn(s->ctx, s->batch, s->nbatch);
        s->in_fn = false;
        if (st != LM_OK && s->st == LM_OK) {
            s->st = st;
            s->fn_failed = true;
        }
    }
    batch_clear(s);
}

/* Decodes the unit at the cursor (one of the head, a fixed part, an entry's strings, the tail): LM_OK with
 * the unit's effects done, or the decoder's status with none. */
static lm_status stream_unit(struct lm__srvsvc_enum_stream *s, struct lm__ndr *d)
{
    struct lm__srv_share t;
    lm_status st;

    switch (s->phase) {
    case PH_HEAD: {
        /* A well-formed answer at another level than asked (impacket's server answers level 1 to every
         * level) is not malformed: the caller may ask again at that level. */
        struct lm__ndr peek = *d;
        uint32_t got = lm__ndr_u32(&peek), sw = lm__ndr_u32(&peek);

        if (lm__ndr_status(&peek) == LM_OK && got == sw && got != (uint32_t)s->level &&
            share_level_ok((int)got))
            return LM_ETYPE;
        /* The count is not checked against the bytes left, which have not all come: the fixed parts are
         * kept as they arrive, so memory still follows the bytes received, and a count larger than the
         * response fails when the fixed parts run out. */
        s->count = lm__ndr_enum_head(d, (uint32_t)s->level, 0, LM__SRVSVC_MAX_SHARES);
        if ((st = lm__ndr_status(d)) != LM_OK)
            return st;
        if (s->count > s->limit)
            return LM_EOVERFLOW;
        s->phase = s->count > 0 ? PH_FIXED : PH_TAIL;
        return LM_OK;
    }
    case PH_FIXED:
        memset(&t, 0, sizeof t);
        get_share_fixed(d, s->level, &t);
        if ((st = lm__ndr_status(d)) != LM_OK)
            return st;
        if (s->nfixed == s->fixed_cap) {
            uint32_t ncap = s->fixed_cap == 0 ? 64 : s->fixed_cap * 2;
            struct lm__srv_share_fixed *grown;

            if (ncap > s->count)
                ncap = s->count;
            if ((grown = realloc(s->fixed, ncap * sizeof *grown)) == NULL)
                return LM_ENOMEM;
            s->fixed = grown;
            s->fixed_cap = ncap;
        }
        s->fixed[s->nfixed++] = (struct lm__srv_share_fixed){
            t.info.type, t.permissions, t.info.max_uses, t.info.current_uses, (uint32_t)t.sd_len, t.ptrs};
        if (s->nfixed == s->count)
            s->phase = PH_DEFERRED;
        return LM_OK;
    case PH_DEFERRED: {
        const struct lm__srv_share_fixed *f = &s->fixed[s->ndone];
        struct lm__srv_share *e = &s->batch[s->nbatch];

        memset(e, 0, sizeof *e);
        e->info.level = s->level;
        e->info.type = f->type;
        e->permissions = f->permissions;
        e->info.max_uses = f->max_uses;
        e->info.current_uses = f->current_uses;
        e->sd_len = f->sd_len;
        e->ptrs = f->ptrs;
        get_share_deferred(d, e);
        if ((st = lm__ndr_status(d)) != LM_OK) {
            lm__srv_share_clear(e);
            return st;
        }
        s->nbatch++;
        if (++s->ndone == s->count) {
            free(s->fixed);
            s->fixed = NULL;
            s->phase = PH_TAIL;
        }
        if (s->nbatch == LM__SRVSVC_STREAM_BATCH)
            batch_flush(s);
        return LM_OK;
    }
    case PH_TAIL:
        lm__ndr_enum_tail(d, &s->tail);
        if ((st = lm__ndr_status(d)) != LM_OK)
            return st;
        s->phase = PH_DONE;
        return LM_OK;
    default:
        return LM_OK;
    }
}

/* Decodes units from the carry until the bytes run out or it is done. A unit that fails while more may come
 * is tried again once the bytes after it have doubled (a string cut by a fragment boundary), so that a long
 * unit costs linear time; after the last byte, or with a failure that more bytes cannot undo, the failure
 * is final: the same one the whole stub at once gives. Offsets only: fn may make the carry grow. */
static void stream_run(struct lm__srvsvc_enum_stream *s)
{
    while (s->st == LM_OK && s->phase != PH_DONE) {
        struct lm__ndr d;
        lm_status st;

        if (!s->last && s->carry.len - s->pos < s->need)
            break;
        /* carry.data[0] sits at a multiple of 8 of the stub, so alignment counts right from there */
        lm__ndr_init(&d, s->carry.data, s->carry.len);
        lm__cur_seek(&d.c, s->pos);
        if ((st = stream_unit(s, &d)) == LM_OK) {
            s->pos = d.c.off;
            s->need = 0;
        } else if (s->last || st != LM_EPROTO) {
            if (s->st == LM_OK)
                s->st = st;
        } else {
            s->need = 2 * (s->carry.len - s->pos) + 1;
            break;
        }
    }
}

lm_status lm__srvsvc_enum_stream_feed(struct lm__srvsvc_enum_stream *s, const uint8_t *p, size_t n, bool last)
{
    size_t drop;

    if (s->st != LM_OK || s->phase == PH_DONE)
        return s->st; /* what follows the tail is not looked at, as by a decoder of the whole stub */
    lm__buf_append(&s->carry, p, n);
    if ((s->st = lm__buf_status(&s->carry)) != LM_OK)
        return s->st;
    s->last = s->last || last;
    /* fn is running (it called on the same RPC binding, which reads the rest of this response first): the
     * bytes wait in the carry, and are decoded once fn returns. */
    if (s->in_fn)
        return LM_OK;
    for (;;) {
        size_t had;

        stream_run(s);
        had = s->carry.len;
        batch_flush(s);
        if (s->st != LM_OK || s->phase == PH_DONE || s->carry.len == had)
            break;
    }
    if (s->st == LM_OK && s->last && s->phase != PH_DONE)
        s->st = LM_EPROTO;
    /* What was decoded goes, but for the bytes that keep the alignment. */
    if ((drop = s->pos & ~(size_t)7) > 0) {
        memmove(s->carry.data, s->carry.data + drop, s->carry.len - drop);
        s->carry.len -= drop;
        s->pos -= drop;
    }
    if (s->phase == PH_DONE || s->st != LM_OK)
        lm__buf_free(&s->carry);
    return s->st;
}

lm_status lm__srvsvc_enum_resp(const uint8_t *p, size_t n, int level, struct lm__srvsvc_enum_page *page)
{
    struct gather g = {NULL, 0, 0, NULL};
    struct lm__srvsvc_enum_stream s;
    lm_status st;

    memset(page, 0, sizeof *page);
    if (!share_level_ok(level))
        return LM_EINVAL;
    lm__srvsvc_enum_stream_init(&s, level, LM__SRVSVC_MAX_SHARES, gather_page, &g);
    st = lm__srvsvc_enum_stream_feed(&s, p, n, true);
    lm__srvsvc_enum_stream_free(&s);
    if (st != LM_OK) {
        lm__srv_share_list_free(g.all, g.n);
        return st;
    }
    page->list = g.all;
    page->n = g.n;
    page->total = s.tail.total;
    page->has_resume = s.tail.has_resume;
    page->resume = s.tail.resume;
    page->werr = s.tail.werr;
    return LM_OK;
}

lm_status lm__srvsvc_share_enum(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                                struct lm__srv_share **out, size_t *n, lm_error *err)
{
    struct gather g = {NULL, 0, 0, err};
    lm_status st = lm__srvsvc_share_pages(r, server, level, pref_max, gather_page, &g, err);

    if (st != LM_OK) {
        lm__srv_share_list_free(g.all, g.n);
        return st;
    }
    *out = g.all;
    *n = g.n;
    return LM_OK;
}

lm_status lm__srvsvc_share_get(struct lm__rpc *r, const char *server, const char *name, int level,
                               struct lm__srv_share *out, lm_error *err)
{
    struct lm__buf req, resp;
    uint32_t werr = 0;
    lm_status st;

    if (level != 0 && level != 1 && level != 2 && level != 502)
        return lm__fail(err, LM_EINVAL, "NetrShareGetInfo: level %d", level);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    st = lm__rpc_transact(r, LM__SRVSVC_SHARE_GETINFO, "NetrShareGetInfo",
                          lm__srvsvc_getinfo_req(&req, server, name, level), &req, &resp, err);
    if (st == LM_OK && (st = lm__srvsvc_getinfo_resp(resp.data, resp.len, level, out, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, "NetrShareGetInfo");
    if (st == LM_OK && werr != 0) {
        char what[300];

        lm__srv_share_clear(out);
        snprintf(what, sizeof what, "cannot read share '%s'", name);
        st = share_error(err, werr, name, what);
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

/* A call whose response is ParmErr + WERROR (add, set). */
static lm_status parmerr_call(struct lm__rpc *r, uint16_t opnum, const char *what, const char *name,
                              lm_status enc, struct lm__buf *req, lm_error *err)
{
    struct lm__buf resp;
    uint32_t parm = 0, werr = 0;
    lm_status st;

    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__srvsvc_parmerr_resp(resp.data, resp.len, &parm, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0) {
        st = opnum == LM__SRVSVC_SHARE_SETINFO ? share_error(err, werr, name, what)
                                               : lm__rpc_error(err, LM_RAW_WERROR, werr, what);
        if (parm != 0 && err != NULL && werr == 0x57) {
            char m[LM_ERROR_MESSAGE_MAX];
            snprintf(m, sizeof m, "%.400s (parameter %u)", err->message, (unsigned)parm);
            memcpy(err->message, m, sizeof m);
        }
    }
    lm__buf_free(&resp);
    return st;
}

lm_status lm__srvsvc_share_add(struct lm__rpc *r, const char *server, int level,
                               const struct lm__srv_share_spec *spec, lm_error *err)
{
    struct lm__buf req;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot add share '%s'", spec->name != NULL ? spec->name : "");
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    st = parmerr_call(r, LM__SRVSVC_SHARE_ADD, what, spec->name,
                      lm__srvsvc_add_req(&req, server, level, spec), &req, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__srvsvc_share_del(struct lm__rpc *r, const char *server, const char *name, lm_error *err)
{
    struct lm__buf req, resp;
    uint32_t werr = 0;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot remove share '%s'", name);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, LM__SRVSVC_SHARE_DEL, what, lm__srvsvc_del_req(&req, server, name), &req, &resp,
                          err);
    if (st == LM_OK && (st = lm__srvsvc_werr_resp(resp.data, resp.len, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK)
        st = share_error(err, werr, name, what);
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__srvsvc_share_set(struct lm__rpc *r, const char *server, const char *name, const char *remark,
                               const uint32_t *max_uses, lm_error *err)
{
    struct lm__srv_share cur;
    struct lm__buf req;
    char what[300];
    lm_status st;

    if (remark == NULL && max_uses == NULL)
        return LM_OK;
    snprintf(what, sizeof what, "cannot change share '%s'", name);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    memset(&cur, 0, sizeof cur);
    if (max_uses == NULL) {
        cur.info.remark = (char *)remark;
        st = parmerr_call(r, LM__SRVSVC_SHARE_SETINFO, what, name,
                          lm__srvsvc_setinfo_req(&req, server, name, 1004, &cur), &req, err);
        lm__buf_free(&req);
        return st;
    }
    /* SHARE_INFO_2 carries max uses, but also the path and remark: read them first so they stay. */
    if ((st = lm__srvsvc_share_get(r, server, name, 2, &cur, err)) != LM_OK) {
        lm__buf_free(&req);
        return st;
    }
    cur.info.max_uses = *max_uses;
    if (remark != NULL) {
        char *dup = malloc(strlen(remark) + 1);
        if (dup == NULL) {
            lm__srv_share_clear(&cur);
            lm__buf_free(&req);
            return lm__fail(err, LM_ENOMEM, "out of memory");
        }
        strcpy(dup, remark);
        free(cur.info.remark);
        cur.info.remark = dup;
    }
    st = parmerr_call(r, LM__SRVSVC_SHARE_SETINFO, what, name,
                      lm__srvsvc_setinfo_req(&req, server, name, 2, &cur), &req, err);
    lm__srv_share_clear(&cur);
    lm__buf_free(&req);
    return st;
}

lm_status lm__srvsvc_share_set_sd(struct lm__rpc *r, const char *server, const char *name, const uint8_t *sd,
                                  size_t sdlen, lm_error *err)
{
    struct lm__srv_share cur;
    struct lm__buf req;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot change the permissions of share '%s'", name);
    memset(&cur, 0, sizeof cur);
    cur.sd = (uint8_t *)sd;
    cur.sd_len = sdlen;
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    st = parmerr_call(r, LM__SRVSVC_SHARE_SETINFO, what, name,
                      lm__srvsvc_setinfo_req(&req, server, name, 1501, &cur), &req, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__srvsvc_server_info(struct lm__rpc *r, const char *server, int level, struct lm__srv_info *out,
                                 lm_error *err)
{
    struct lm__buf req, resp;
    uint32_t werr = 0;
    lm_status st;

    if (level != 101 && level != 102)
        return lm__fail(err, LM_EINVAL, "NetrServerGetInfo: level %d", level);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    lm__buf_init(&resp, 1u << 20);
    st = lm__rpc_transact(r, LM__SRVSVC_SERVER_GETINFO, "NetrServerGetInfo",
                          lm__srvsvc_srvinfo_req(&req, server, level), &req, &resp, err);
    if (st == LM_OK && (st = lm__srvsvc_srvinfo_resp(resp.data, resp.len, level, out, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, "NetrServerGetInfo");
    if (st == LM_OK && werr != 0) {
        lm__srv_info_clear(out);
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, "cannot read the server information");
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

/* ---- sessions, open files and connections ---- */

/* The fields of an entry's fixed part in wire order: 'u' a DWORD, 's' a [string] wchar_t* whose string
 * follows in the deferred part, each at its offset in the kind's struct. */
struct layout {
    enum lm__srv_kind kind;
    int level;
    size_t size;
    const char *fields;
    size_t off[8];
};

#define SS(f) offsetof(struct lm__srv_session, f)
#define SF(f) offsetof(struct lm__srv_file, f)
#define SC(f) offsetof(struct lm__srv_conn, f)
#define ST(f) offsetof(struct lm__srv_transport, f)

static const struct layout layouts[] = {
    /* SESSION_INFO_10 (MS-SRVS 2.2.4.15) */
    {LM__SRV_SESSIONS,
     10,
     sizeof(struct lm__srv_session),
     "ssuu",
     {SS(client), SS(user), SS(time), SS(idle)}},
    /* SESSION_INFO_1 (MS-SRVS 2.2.4.16): what Samba answers (it has neither 10 nor 502) */
    {LM__SRV_SESSIONS,
     1,
     sizeof(struct lm__srv_session),
     "ssuuuu",
     {SS(client), SS(user), SS(opens), SS(time), SS(idle), SS(user_flags)}},
    /* SESSION_INFO_502 (MS-SRVS 2.2.4.19) */
    {LM__SRV_SESSIONS,
     502,
     sizeof(struct lm__srv_session),
     "ssuuuuss",
     {SS(client), SS(user), SS(opens), SS(time), SS(idle), SS(user_flags), SS(client_type), SS(transport)}},
    /* FILE_INFO_3 (MS-SRVS 2.2.4.8) */
    {LM__SRV_FILES,
     3,
     sizeof(struct lm__srv_file),
     "uuuss",
     {SF(id), SF(permissions), SF(locks), SF(path), SF(user)}},
    /* CONNECTION_INFO_1 (MS-SRVS 2.2.4.2) */
    {LM__SRV_CONNECTIONS,
     1,
     sizeof(struct lm__srv_conn),
     "uuuuuss",
     {SC(id), SC(type), SC(opens), SC(users), SC(time), SC(user), SC(netname)}},
    /* SERVER_TRANSPORT_INFO_0 (MS-SRVS 2.2.4.96); 'b': [size_is(the next field)] LPBYTE */
    {LM__SRV_TRANSPORTS,
     0,
     sizeof(struct lm__srv_transport),
     "usbus",
     {ST(vcs), ST(name), ST(address), ST(address_len), ST(net_address)}},
    /* SERVER_TRANSPORT_INFO_1 (MS-SRVS 2.2.4.97) */
    {LM__SRV_TRANSPORTS,
     1,
     sizeof(struct lm__srv_transport),
     "usbuss",
     {ST(vcs), ST(name), ST(address), ST(address_len), ST(net_address), ST(domain)}},
};

static const struct layout *find_layout(enum lm__srv_kind kind, int level)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (layouts[i].kind == kind && layouts[i].level == level)
            return &layouts[i];
    }
    return NULL;
}

static const char *const kind_call[] = {"NetrSessionEnum", "NetrFileEnum", "NetrConnectionEnum",
                                        "NetrServerTransportEnum"};
static const uint16_t kind_opnum[] = {LM__SRVSVC_SESSION_ENUM, LM__SRVSVC_FILE_ENUM, LM__SRVSVC_CONN_ENUM,
                                      LM__SRVSVC_TRANSPORT_ENUM};

static char **str_field(const struct layout *l, void *item, size_t k)
{
    return (char **)((char *)item + l->off[k]);
}

static void items_free(const struct layout *l, void *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        void *item = (char *)list + i * l->size;
        for (size_t k = 0; l->fields[k] != '\0'; k++) {
            if (l->fields[k] != 'u')
                free(*str_field(l, item, k));
        }
    }
    free(list);
}

void lm__srv_items_free(enum lm__srv_kind kind, void *list, size_t n)
{
    /* every level of a kind has the same struct and its strings are a subset of the largest level's */
    const struct layout *l = find_layout(kind, kind == LM__SRV_SESSIONS ? 502
                                               : kind == LM__SRV_FILES  ? 3
                                                                        : 1);

    items_free(l, list, n);
}

/* The string parameters a call has: NetrConnectionEnum has no UserName, NetrServerTransportEnum neither
 * string. */
static bool items_args_ok(enum lm__srv_kind kind, const char *a, const char *b)
{
    return kind == LM__SRV_TRANSPORTS ? a == NULL && b == NULL : kind != LM__SRV_CONNECTIONS || b == NULL;
}

lm_status lm__srvsvc_items_req(struct lm__buf *b, const char *server, enum lm__srv_kind kind, int level,
                               const char *a, const char *bstr, uint32_t pref_max, const uint32_t *resume)
{
    struct lm__ndr_push n;

    if (find_layout(kind, level) == NULL || !items_args_ok(kind, a, bstr))
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    if (kind != LM__SRV_TRANSPORTS)
        lm__ndr_put_ptr_wstr(&n, a); /* ClientName / BasePath / Qualifier: [in, string, unique] */
    if (kind == LM__SRV_SESSIONS || kind == LM__SRV_FILES)
        lm__ndr_put_ptr_wstr(&n, bstr); /* UserName: [in, string, unique] */
    /* [in, out] InfoStruct: Level, the union's switch, the container pointer, an empty container */
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_ptr(&n, true);
    return put_enum_tail(&n, pref_max, resume);
}

/* The pointers of an entry's 's' fields, bit k for field k, kept between the fixed and deferred parts. */
static void get_item_fixed(struct lm__ndr *d, const struct layout *l, void *item, uint32_t *ptrs)
{
    *ptrs = 0;
    for (size_t k = 0; l->fields[k] != '\0'; k++) {
        if (l->fields[k] == 'u')
            *(uint32_t *)((char *)item + l->off[k]) = lm__ndr_u32(d);
        else if (lm__ndr_ptr(d) != 0)
            *ptrs |= 1u << k;
    }
}

static void get_item_deferred(struct lm__ndr *d, const struct layout *l, void *item, uint32_t ptrs)
{
    for (size_t k = 0; l->fields[k] != '\0' && lm__ndr_status(d) == LM_OK; k++) {
        size_t len;

        if (!(ptrs & (1u << k)))
            continue;
        if (l->fields[k] == 's')
            lm__ndr_wstr(d, str_field(l, item, k));
        else /* 'b': its size is the next field's value */
            lm__ndr_conf_bytes(d, *(uint32_t *)((char *)item + l->off[k + 1]),
                               (uint8_t **)str_field(l, item, k), &len);
    }
}

lm_status lm__srvsvc_items_resp(const uint8_t *p, size_t n, enum lm__srv_kind kind, int level,
                                struct lm__srvsvc_items_page *page)
{
    const struct layout *l = find_layout(kind, level);
    struct lm__ndr d;
    uint32_t count = 0, *ptrs = NULL;
    char *list = NULL;
    lm_status st;

    memset(page, 0, sizeof *page);
    if (l == NULL)
        return LM_EINVAL;
    lm__ndr_init(&d, p, n);
    count = lm__ndr_enum_head(&d, (uint32_t)level, strlen(l->fields) * 4, LM__SRVSVC_MAX_ITEMS);
    if (lm__ndr_status(&d) == LM_OK && count > 0 &&
        ((list = calloc(count, l->size)) == NULL || (ptrs = calloc(count, sizeof *ptrs)) == NULL))
        lm__ndr_fail(&d, LM_ENOMEM);
    /* The fixed parts of the whole array first, then every entry's strings in order (C706 14.3.12.3). */
    for (uint32_t i = 0; i < count && lm__ndr_status(&d) == LM_OK; i++)
        get_item_fixed(&d, l, list + (size_t)i * l->size, &ptrs[i]);
    for (uint32_t i = 0; i < count && lm__ndr_status(&d) == LM_OK; i++)
        get_item_deferred(&d, l, list + (size_t)i * l->size, ptrs[i]);
    free(ptrs);
    get_trailer(&d, &page->total, &page->has_resume, &page->resume, &page->werr);
    if ((st = lm__ndr_status(&d)) != LM_OK) {
        items_free(l, list, list != NULL ? count : 0);
        memset(page, 0, sizeof *page);
        return st;
    }
    page->list = list;
    page->n = count;
    return LM_OK;
}

/* ---- paging: every enumeration with a resume handle (shares, sessions, files, connections) ---- */

struct pager {
    const char *call;
    uint16_t opnum;
    uint32_t max; /* entries over all pages */
    lm_status (*encode)(const struct pager *pg, struct lm__buf *req, const uint32_t *resume);
    lm_status (*decode)(const struct pager *pg, const uint8_t *p, size_t n,
                        struct lm__srvsvc_items_page *page);
    void (*release)(const struct pager *pg, void *list, size_t n);
    /* the call's parameters */
    const char *server, *a, *b;
    enum lm__srv_kind kind;
    int level;
    uint32_t pref_max;
};

/* A page's WERROR: LM_OK for success and ERROR_MORE_DATA, else the error. */
static lm_status page_werr(const char *call, uint32_t werr, lm_error *err)
{
    char what[64];

    if (werr == 0 || werr == LM__WERR_MORE_DATA)
        return LM_OK;
    snprintf(what, sizeof what, "%s failed", call);
    return lm__rpc_error(err, LM_RAW_WERROR, werr, what);
}

static lm_status run_pages(const struct pager *pg, struct lm__rpc *r, lm__srv_items_fn fn, void *ctx,
                           lm_error *err)
{
    uint32_t resume = 0;
    struct lm__buf req, resp;
    size_t nall = 0;
    lm_status st = LM_OK;

    lm__buf_init(&req, SRVSVC_REQ_MAX);
    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    for (;;) {
        struct lm__srvsvc_items_page page;
        struct lm__ndr_enum_tail tail;

        lm__buf_reset(&req);
        lm__buf_reset(&resp);
        st = lm__rpc_transact(r, pg->opnum, pg->call, pg->encode(pg, &req, &resume), &req, &resp, err);
        if (st != LM_OK)
            break;
        if ((st = pg->decode(pg, resp.data, resp.len, &page)) == LM_ETYPE) {
            lm__fail(err, st, "%s: the server answered another level than %d", pg->call, pg->level);
            break;
        }
        if (st != LM_OK) {
            lm__rpc_malformed(err, st, pg->call);
            break;
        }
        if ((st = page_werr(pg->call, page.werr, err)) != LM_OK) {
            pg->release(pg, page.list, page.n);
            break;
        }
        if (page.n > pg->max - nall) {
            pg->release(pg, page.list, page.n);
            st = lm__fail(err, LM_EOVERFLOW, "%s: more than %u entries", pg->call, (unsigned)pg->max);
            break;
        }
        nall += page.n;
        /* The page is decoded into its own memory: the response (all of a list that the server answers in
         * one page, 1.5 MB for 10,000 shares from Samba) goes before fn makes its records of the page. */
        lm__buf_free(&resp);
        /* The page goes to fn before the next one is asked for; only one page is ever held. */
        st = page.n > 0 ? fn(ctx, page.list, page.n) : LM_OK;
        pg->release(pg, page.list, page.n);
        if (st != LM_OK || page.werr == 0)
            break;
        /* ERROR_MORE_DATA: go on from the resume handle, which must move, and the page must not be empty. */
        tail = (struct lm__ndr_enum_tail){page.total, page.has_resume, page.resume, page.werr};
        if ((st = lm__ndr_enum_next(&tail, page.n, &resume, pg->call, err)) != LM_OK)
            break;
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

static lm_status items_encode(const struct pager *pg, struct lm__buf *req, const uint32_t *resume)
{
    return lm__srvsvc_items_req(req, pg->server, pg->kind, pg->level, pg->a, pg->b, pg->pref_max, resume);
}

static lm_status items_decode(const struct pager *pg, const uint8_t *p, size_t n,
                              struct lm__srvsvc_items_page *page)
{
    return lm__srvsvc_items_resp(p, n, pg->kind, pg->level, page);
}

static void items_release(const struct pager *pg, void *list, size_t n)
{
    lm__srv_items_free(pg->kind, list, n);
}

lm_status lm__srvsvc_item_pages(struct lm__rpc *r, const char *server, enum lm__srv_kind kind, int level,
                                const char *a, const char *bstr, uint32_t pref_max, lm__srv_items_fn fn,
                                void *ctx, lm_error *err)
{
    lm_status st;
    struct pager pg = {NULL,
                       0,
                       LM__SRVSVC_MAX_ITEMS,
                       items_encode,
                       items_decode,
                       items_release,
                       server,
                       a,
                       bstr,
                       kind,
                       level,
                       pref_max};

    if (find_layout(kind, level) == NULL || !items_args_ok(kind, a, bstr))
        return lm__fail(err, LM_EINVAL, "srvsvc enumeration: kind %d level %d", (int)kind, level);
    pg.call = kind_call[kind];
    pg.opnum = kind_opnum[kind];
    st = run_pages(&pg, r, fn, ctx, err);
    /* NetrConnectionEnum answers a share that is not there as NetrShareGetInfo does (Samba:
     * WERR_INVALID_NAME) */
    if (kind == LM__SRV_CONNECTIONS && st != LM_OK && err != NULL && err->raw_kind == LM_RAW_WERROR &&
        err->raw == LM__WERR_INVALID_NAME)
        st = share_error(err, err->raw, a, "NetrConnectionEnum");
    return st;
}

/* ---- NetrSessionDel, NetrFileClose ---- */

lm_status lm__srvsvc_session_del_req(struct lm__buf *b, const char *server, const char *client,
                                     const char *user)
{
    struct lm__ndr_push n;

    if (client == NULL && user == NULL)
        return LM_EINVAL; /* both NULL would end every session on the server */
    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_ptr_wstr(&n, client); /* [in, string, unique] ClientName */
    lm__ndr_put_ptr_wstr(&n, user);   /* [in, string, unique] UserName */
    return finish(&n);
}

lm_status lm__srvsvc_file_close_req(struct lm__buf *b, const char *server, uint32_t id)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_u32(&n, id);
    return finish(&n);
}

/* A call whose response is only the WERROR. */
static lm_status werr_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                           struct lm__buf *req, lm_error *err)
{
    struct lm__buf resp;
    uint32_t werr = 0;
    lm_status st;

    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__srvsvc_werr_resp(resp.data, resp.len, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__srvsvc_session_del(struct lm__rpc *r, const char *server, const char *client, const char *user,
                                 lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    if (client == NULL && user == NULL)
        return lm__fail(err, LM_EINVAL, "NetrSessionDel: a client or a user is needed");
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    st = werr_call(r, LM__SRVSVC_SESSION_DEL, "cannot close the session",
                   lm__srvsvc_session_del_req(&req, server, client, user), &req, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__srvsvc_file_close(struct lm__rpc *r, const char *server, uint32_t id, lm_error *err)
{
    struct lm__buf req;
    char what[64];
    lm_status st;

    snprintf(what, sizeof what, "cannot close open file %lu", (unsigned long)id);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    st = werr_call(r, LM__SRVSVC_FILE_CLOSE, what, lm__srvsvc_file_close_req(&req, server, id), &req, err);
    lm__buf_free(&req);
    return st;
}

/* lm__srvsvc_share_pages: each response is decoded as its fragments arrive (lm__srvsvc_enum_stream), the
 * shares going to fn a few at a time; only the decoder's window of a response is ever held, whether the
 * server pages or answers a list of 10,000 shares at once (Samba). */
static lm_status share_sink(void *ctx, const uint8_t *p, size_t n, bool last)
{
    return lm__srvsvc_enum_stream_feed(ctx, p, n, last);
}

static lm_status share_pages(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                             lm__srv_page_fn fn, void *ctx, lm_error *err)
{
    static const char call[] = "NetrShareEnum";
    uint32_t resume = 0;
    struct lm__buf req;
    size_t nall = 0;
    lm_status st;

    lm__buf_init(&req, SRVSVC_REQ_MAX);
    for (;;) {
        struct lm__srvsvc_enum_stream dec;
        lm_status enc;

        lm__buf_reset(&req);
        enc = lm__srvsvc_enum_req(&req, server, level, pref_max, &resume);
        lm__srvsvc_enum_stream_init(&dec, level, (uint32_t)(LM__SRVSVC_MAX_SHARES - nall), fn, ctx);
        st = lm__rpc_transact_sink(r, LM__SRVSVC_SHARE_ENUM, call, enc, &req, share_sink, &dec, err);
        lm__srvsvc_enum_stream_free(&dec);
        /* The decoder's own failures (fn described its own, the RPC layer its own). */
        if (st != LM_OK && st == dec.st && !dec.fn_failed) {
            if (st == LM_ETYPE)
                lm__fail(err, st, "%s: the server answered another level than %d", call, level);
            else if (st == LM_EOVERFLOW)
                lm__fail(err, st, "%s: more than %u entries", call, (unsigned)LM__SRVSVC_MAX_SHARES);
            else
                lm__rpc_malformed(err, st, call);
        }
        if (st != LM_OK || (st = page_werr(call, dec.tail.werr, err)) != LM_OK || dec.tail.werr == 0)
            break;
        /* ERROR_MORE_DATA: go on from the resume handle, which must move, and the page must not be empty. */
        nall += dec.count;
        if ((st = lm__ndr_enum_next(&dec.tail, dec.count, &resume, call, err)) != LM_OK)
            break;
    }
    lm__buf_free(&req);
    return st;
}

/* ---- level 1005: the share's flags ---- */

lm_status lm__srvsvc_flags_resp(const uint8_t *p, size_t n, uint32_t *flags, uint32_t *werr)
{
    struct lm__ndr d;
    uint32_t sw, f = 0;
    bool present;
    lm_status st;

    lm__ndr_init(&d, p, n);
    sw = lm__ndr_u32(&d);
    present = lm__ndr_ptr(&d) != 0;
    if (present && lm__ndr_status(&d) == LM_OK) {
        if (sw != 1005)
            lm__ndr_fail(&d, LM_EPROTO);
        f = lm__ndr_u32(&d);
    }
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) == LM_OK && *werr == 0 && !present)
        st = LM_EPROTO; /* success must come with the structure */
    if (st == LM_OK && *werr == 0)
        *flags = f;
    return st;
}

lm_status lm__srvsvc_share_get_flags(struct lm__rpc *r, const char *server, const char *name, uint32_t *flags,
                                     lm_error *err)
{
    struct lm__buf req, resp;
    uint32_t werr = 0, f = 0;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot read the flags of share '%s'", name);
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, LM__SRVSVC_SHARE_GETINFO, "NetrShareGetInfo",
                          lm__srvsvc_getinfo_req(&req, server, name, 1005), &req, &resp, err);
    if (st == LM_OK && (st = lm__srvsvc_flags_resp(resp.data, resp.len, &f, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, "NetrShareGetInfo");
    if (st == LM_OK && werr != 0)
        st = share_error(err, werr, name, what);
    if (st == LM_OK)
        *flags = f;
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__srvsvc_share_set_flags(struct lm__rpc *r, const char *server, const char *name, uint32_t flags,
                                     lm_error *err)
{
    struct lm__srv_share info;
    struct lm__buf req;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot change the flags of share '%s'", name);
    memset(&info, 0, sizeof info);
    info.flags = flags;
    lm__buf_init(&req, SRVSVC_REQ_MAX);
    st = parmerr_call(r, LM__SRVSVC_SHARE_SETINFO, what, name,
                      lm__srvsvc_setinfo_req(&req, server, name, 1005, &info), &req, err);
    lm__buf_free(&req);
    return st;
}

/* ---- NetrServerDiskEnum ---- */

/* DISK_INFO (MS-SRVS 2.2.4.106): [string] WCHAR Disk[3], a varying string inside the array's element. */
#define DISK_UNITS 3u
/* An element's least size on the wire: offset, actual_count, one unit (and the pad to 4). */
#define DISK_ELEM_MIN 12u

lm_status lm__srvsvc_disk_req(struct lm__buf *b, const char *server, uint32_t pref_max,
                              const uint32_t *resume)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    put_server(&n, server);
    lm__ndr_put_u32(&n, 0); /* Level; then [in, out] DiskInfoStruct, a ref pointer: the container itself */
    return put_enum_tail(&n, pref_max, resume);
}

void lm__srv_disks_free(void *list, size_t n)
{
    char **v = list;

    if (v == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

lm_status lm__srvsvc_disk_resp(const uint8_t *p, size_t n, struct lm__srvsvc_items_page *page)
{
    struct lm__ndr d;
    uint32_t entries, count = 0;
    char **v = NULL;
    lm_status st;

    memset(page, 0, sizeof *page);
    lm__ndr_init(&d, p, n);
    entries = lm__ndr_u32(&d);
    if (lm__ndr_ptr(&d) != 0) {
        /* [size_is(EntriesRead), length_is(EntriesRead)]: max_count, offset 0, actual_count, all equal */
        count = lm__ndr_count(&d, DISK_ELEM_MIN, LM__SRVSVC_MAX_ITEMS);
        if (lm__ndr_u32(&d) != 0 || lm__ndr_u32(&d) != count || count != entries)
            lm__ndr_fail(&d, LM_EPROTO);
        if (lm__ndr_status(&d) == LM_OK && count > 0 && (v = calloc(count, sizeof *v)) == NULL)
            lm__ndr_fail(&d, LM_ENOMEM);
        for (uint32_t i = 0; i < count && lm__ndr_status(&d) == LM_OK; i++)
            lm__ndr_vwstr(&d, DISK_UNITS, &v[i]);
    } else if (entries != 0) {
        lm__ndr_fail(&d, LM_EPROTO);
    }
    get_trailer(&d, &page->total, &page->has_resume, &page->resume, &page->werr);
    if ((st = lm__ndr_status(&d)) != LM_OK) {
        lm__srv_disks_free(v, v != NULL ? count : 0);
        memset(page, 0, sizeof *page);
        return st;
    }
    page->list = v;
    page->n = count;
    return LM_OK;
}

static lm_status disk_encode(const struct pager *pg, struct lm__buf *req, const uint32_t *resume)
{
    return lm__srvsvc_disk_req(req, pg->server, pg->pref_max, resume);
}

static lm_status disk_decode(const struct pager *pg, const uint8_t *p, size_t n,
                             struct lm__srvsvc_items_page *page)
{
    (void)pg;
    return lm__srvsvc_disk_resp(p, n, page);
}

static void disk_release(const struct pager *pg, void *list, size_t n)
{
    (void)pg;
    lm__srv_disks_free(list, n);
}

lm_status lm__srvsvc_disk_pages(struct lm__rpc *r, const char *server, uint32_t pref_max, lm__srv_items_fn fn,
                                void *ctx, lm_error *err)
{
    const struct pager pg = {"NetrServerDiskEnum",
                             LM__SRVSVC_DISK_ENUM,
                             LM__SRVSVC_MAX_ITEMS,
                             disk_encode,
                             disk_decode,
                             disk_release,
                             server,
                             NULL,
                             NULL,
                             LM__SRV_SESSIONS /* unused */,
                             0,
                             pref_max};

    return run_pages(&pg, r, fn, ctx, err);
}
