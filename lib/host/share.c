/* Shares, written once above the backend primitives: the info level fallback, configured shares from the
 * registry, and the checks `share add` runs before anything is sent. Portable: no OS headers. */
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "core/sddl.h"
#include "core/shareconf.h"
#include "core/text.h"
#include "core/wildcard.h"

/* LM__SHARES_KEY and LM__SHARES_SECURITY_KEY, relative to the Services root as the registry ops take them. */
#define SHARES_KEY   "LanmanServer\\Shares"
#define SECURITY_KEY SHARES_KEY "\\Security"

static const int levels[] = {502, 2, 1};

/* Every backend and server words a missing share its own way (NERR_NetNameNotFound, WERR_BAD_NET_NAME,
 * Samba's WERR_INVALID_NAME): one sentence for them all, with the raw code beside it. */
static lm_status share_fail(struct lm_host *h, const char *verb, const char *name)
{
    if (h->err.status == LM_ENOENT)
        return lm__host_cause(h, "no such share", "cannot %s share %s", verb, name);
    return lm__host_context(h, "cannot %s share %s", verb, name);
}

lm_status lm_share_name_check(const char *name, lm_error *err)
{
    /* The server's own shares can be looked at, though not added. */
    if (name != NULL && (lm__ascii_casecmp(name, "IPC$") == 0 || lm__ascii_casecmp(name, "ADMIN$") == 0))
        return LM_OK;
    return lm__share_name_check(name, err);
}

void lm__share_clear(lm_share *s)
{
    free(s->name);
    free(s->path);
    free(s->remark);
    free(s->sddl);
    memset(s, 0, sizeof *s);
}

lm_status lm_share_filter(lm_share *list, size_t *n, const char *const *patterns, size_t npatterns,
                          bool *missing)
{
    size_t kept = 0;

    for (size_t j = 0; j < npatterns; j++) {
        if (patterns[j] == NULL || lm__wildcard_check(patterns[j]) != LM_OK)
            return LM_EINVAL;
        if (missing != NULL)
            missing[j] = !lm__wildcard_has_meta(patterns[j]);
    }
    for (size_t i = 0; i < *n; i++) {
        bool keep = false;

        for (size_t j = 0; j < npatterns; j++) {
            if (list[i].name != NULL && lm__wildcard_match(patterns[j], list[i].name) == 1) {
                keep = true;
                if (missing != NULL)
                    missing[j] = false;
            }
        }
        if (keep)
            list[kept++] = list[i];
        else
            lm__share_clear(&list[i]);
    }
    *n = kept;
    return LM_OK;
}

void lm_share_list_free(lm_share *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        lm__share_clear(&list[i]);
    free(list);
}

/* Counts what the backend delivered and keeps the caller's own failure apart from the server's. */
struct each {
    lm__share_fn fn;
    void *ctx;
    int level;
    size_t delivered;
    lm_status fn_status;
};

static lm_status each_one(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len)
{
    struct each *e = ctx;
    lm_share copy = *s;

    copy.level = e->level;
    e->fn_status = e->fn(e->ctx, &copy, sd, sd_len);
    if (e->fn_status == LM_OK)
        e->delivered++;
    return e->fn_status;
}

/* The enumeration with the level fallback, from levels[first] down. */
static lm_status each_from(struct lm_host *h, size_t first, lm__share_fn fn, void *ctx)
{
    struct each e = {fn, ctx, 0, 0, LM_OK};
    lm_status st = LM_EINVAL;

    lm_error_clear(&h->err);
    for (size_t i = first; i < sizeof levels / sizeof levels[0]; i++) {
        e.level = levels[i];
        st = h->ops->share_enum(h, levels[i], each_one, &e);
        if (st == LM_OK)
            return LM_OK;
        if (e.fn_status != LM_OK)
            return e.fn_status;
        /* A lower level only while nothing was delivered: never the same share twice. LM_ETYPE: the server
         * answered at another level than asked (impacket's answers level 1 to all). */
        if ((st != LM_EACCES && st != LM_ETYPE) || e.delivered > 0)
            break;
    }
    return lm__host_context(h, "cannot list shares");
}

lm_status lm__share_each(struct lm_host *h, lm__share_fn fn, void *ctx)
{
    return each_from(h, 0, fn, ctx);
}

/* lm_share_each's callback, under the internal one (which also passes the binary descriptor). */
struct pub_each {
    lm_share_fn fn;
    void *ctx;
};

static lm_status pub_one(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len)
{
    struct pub_each *p = ctx;

    (void)sd, (void)sd_len;
    return p->fn(p->ctx, s);
}

lm_status lm_share_each(lm_host *h, bool brief, lm_share_fn fn, void *ctx)
{
    struct pub_each p = {fn, ctx};

    if (h == NULL || fn == NULL)
        return LM_EINVAL;
    return each_from(h, brief ? 1 : 0, pub_one, &p); /* levels[1] is 2 */
}

/* A growing copy of what an enumeration delivers (lm_share_list, lm_share_list_configured). */
struct collect {
    struct lm_host *h;
    lm_share *v;
    size_t n, cap;
};

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static lm_status collect_one(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len)
{
    struct collect *c = ctx;
    lm_share *d;

    (void)sd, (void)sd_len;
    if (c->n == c->cap) {
        size_t ncap = c->cap == 0 ? 16 : c->cap * 2;
        lm_share *grown = realloc(c->v, ncap * sizeof *grown);

        if (grown == NULL)
            return lm_error_set(&c->h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        c->v = grown;
        c->cap = ncap;
    }
    d = &c->v[c->n];
    *d = *s;
    d->name = dup_or_null(s->name);
    d->path = dup_or_null(s->path);
    d->remark = dup_or_null(s->remark);
    d->sddl = dup_or_null(s->sddl);
    if ((s->name != NULL && d->name == NULL) || (s->path != NULL && d->path == NULL) ||
        (s->remark != NULL && d->remark == NULL) || (s->sddl != NULL && d->sddl == NULL)) {
        lm__share_clear(d);
        return lm_error_set(&c->h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    c->n++;
    return LM_OK;
}

/* Runs an enumeration into c; on failure nothing stays allocated. */
static lm_status gather(struct lm_host *h, lm_status (*each)(struct lm_host *, lm__share_fn, void *),
                        struct collect *c)
{
    lm_status st;

    memset(c, 0, sizeof *c);
    c->h = h;
    if ((st = each(h, collect_one, c)) != LM_OK)
        lm_share_list_free(c->v, c->n);
    return st;
}

lm_status lm_share_list(lm_host *h, lm_share **out, size_t *n)
{
    struct collect c;
    lm_status st = gather(h, lm__share_each, &c);

    if (st != LM_OK)
        return st;
    if (c.v == NULL && (c.v = calloc(1, sizeof *c.v)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

/* The share's flags (level 1005) into s when the server gives them: a server that refuses the level (access
 * denied, not supported) still shows the share, without them. */
static lm_status share_flags_of(struct lm_host *h, lm_share *s)
{
    lm_status st;

    if (h->ops->share_get_flags == NULL)
        return LM_OK;
    st = h->ops->share_get_flags(h, s->name, &s->flags);
    if (st == LM_EACCES || st == LM_ENOTSUP) {
        lm_error_clear(&h->err);
        return LM_OK;
    }
    s->has_flags = st == LM_OK;
    return st;
}

lm_status lm_share_get(lm_host *h, const char *name, lm_share **out)
{
    lm_status st = LM_EINVAL;

    lm_error_clear(&h->err);
    if (lm_share_name_check(name, &h->err) != LM_OK)
        return h->err.status;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        lm_share *s = NULL;

        st = h->ops->share_get(h, name, levels[i], &s);
        if (st == LM_OK) {
            s->level = levels[i];
            if ((st = share_flags_of(h, s)) != LM_OK) {
                lm_share_list_free(s, 1);
                break;
            }
            *out = s;
            return LM_OK;
        }
        if (st != LM_EACCES)
            break;
    }
    return share_fail(h, "read", name);
}

/* One configured share from its Shares value, with its security descriptor from Shares\Security when it
 * has one, handed to fn. */
static lm_status configured_one(struct lm_host *h, const lm_reg_value *v, lm__share_fn fn, void *ctx)
{
    struct lm__regval rv = {.type = (uint32_t)v->type, .data = v->data, .len = v->len};
    struct lm__shareconf sc;
    lm_reg_value *sd = NULL;
    char *sddl = NULL;
    lm_status st;

    st = lm__shareconf_from_regval(v->name, &rv, &sc, &h->err);
    if (st != LM_OK)
        return lm__host_context(h, "cannot read the configured shares");
    st = h->ops->reg_get(h, SECURITY_KEY, v->name, &sd);
    if (st == LM_ENOENT) {
        lm_error_clear(&h->err);
        st = LM_OK;
    } else if (st == LM_OK) {
        st = lm__sd_to_sddl(sd->data, sd->len, &sddl, &h->err);
        if (st != LM_OK)
            lm__host_context(h, "share %s: security descriptor in %s", v->name, SECURITY_KEY);
    }
    if (st == LM_OK) {
        lm_share s = {0};

        s.name = sc.name;
        s.path = sc.path;
        s.remark = (sc.fields & LM_SHARECONF_REMARK) != 0 ? sc.remark : NULL;
        s.type = sc.type;
        s.max_uses = sc.max_uses;
        s.sddl = sddl;
        s.configured = true;
        st = fn(ctx, &s, sd != NULL ? sd->data : NULL, sd != NULL ? sd->len : 0);
    } else {
        lm__host_context(h, "cannot read the configured shares");
    }
    free(sddl);
    lm_reg_list_free(sd, sd != NULL ? 1 : 0);
    lm__shareconf_free(&sc);
    return st;
}

static int value_by_name(const void *a, const void *b)
{
    const lm_reg_value *x = a, *y = b;

    return lm__ascii_casecmp(x->name, y->name);
}

lm_status lm__share_each_configured(struct lm_host *h, lm__share_fn fn, void *ctx)
{
    lm_reg_value *values = NULL;
    size_t nvalues = 0;
    lm_status st;

    lm_error_clear(&h->err);
    st = h->ops->reg_list(h, SHARES_KEY, &values, &nvalues);
    if (st == LM_ENOENT) {
        /* No Shares key: a server that never had a share. */
        lm_error_clear(&h->err);
        return LM_OK;
    }
    if (st != LM_OK)
        return lm__host_context(h, "cannot read the configured shares");
    if (nvalues > 1)
        qsort(values, nvalues, sizeof *values, value_by_name);
    for (size_t i = 0; i < nvalues && st == LM_OK; i++)
        st = configured_one(h, &values[i], fn, ctx);
    lm_reg_list_free(values, nvalues);
    return st;
}

static int share_by_name(const void *a, const void *b)
{
    const lm_share *x = a, *y = b;

    return lm__ascii_casecmp(x->name, y->name);
}

lm_status lm_share_list_configured(lm_host *h, lm_share **out, size_t *n)
{
    struct collect c;
    lm_status st = gather(h, lm__share_each_configured, &c);

    if (st != LM_OK)
        return st;
    if (c.n > 0)
        qsort(c.v, c.n, sizeof *c.v, share_by_name);
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

uint32_t lm__share_right_mask(lm_share_right r)
{
    switch (r) {
    case LM_SHARE_FULL:
        return LM__SHARE_RIGHT_FULL;
    case LM_SHARE_CHANGE:
        return LM__SHARE_RIGHT_CHANGE;
    case LM_SHARE_READ:
        break;
    }
    return LM__SHARE_RIGHT_READ;
}

static bool sid_string(const char *account)
{
    return (account[0] == 'S' || account[0] == 's') && account[1] == '-';
}

/* What can be checked of an account without the server: not empty, and a SID string ("S-1-1-0") that
 * parses (into *sid). */
static lm_status account_check(const char *account, struct lm__sid *sid, lm_error *err)
{
    if (account == NULL || account[0] == '\0')
        return lm__fail(err, LM_EINVAL, "empty account name in a grant");
    if (sid_string(account) && lm__sid_from_string(account, sid) != LM_OK)
        return lm__fail(err, LM_EINVAL, "invalid SID '%s'", account);
    return LM_OK;
}

lm_status lm__share_account_sid(struct lm_host *h, const char *account, struct lm__sid *sid)
{
    uint8_t buf[LM__SID_MAX_BYTES];
    size_t len = sizeof buf, used;
    lm_status st;

    if ((st = account_check(account, sid, &h->err)) != LM_OK || sid_string(account))
        return st;
    if (lm__sid_from_account(account, sid) == LM_OK)
        return LM_OK; /* well-known names stay local */
    if (h->ops->lookup_sid(h, account, buf, &len) != LM_OK)
        return lm__host_context(h, "cannot resolve account '%s'", account);
    if (lm__sid_parse(buf, len, sid, &used) != LM_OK)
        return lm_error_set(&h->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed SID for account '%s'", account);
    return LM_OK;
}

static lm_status build_sd(struct lm_host *h, const lm_share_grant *grants, size_t ngrants, uint8_t **sd,
                          size_t *sdlen)
{
    struct lm__share_grant *g;
    lm_status st = LM_OK;

    g = calloc(ngrants, sizeof *g);
    if (g == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    for (size_t i = 0; i < ngrants && st == LM_OK; i++) {
        st = lm__share_account_sid(h, grants[i].account, &g[i].sid);
        g[i].mask = lm__share_right_mask(grants[i].right);
    }
    if (st == LM_OK && lm__sd_build(NULL, NULL, g, ngrants, sd, sdlen) != LM_OK)
        st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "cannot build the security descriptor");
    free(g);
    return st;
}

/* A POSIX path to the form Samba reads in a share definition: Samba drops the drive letter and turns the
 * backslashes into slashes, so /srv/data is sent as C:\srv\data. *out (malloc'd) is set only on LM_OK. */
static lm_status samba_path(const char *path, char **out, lm_error *err)
{
    size_t n = strlen(path);
    char *w;
    lm_status st;

    if (strchr(path, '\\') != NULL)
        return lm__fail(err, LM_EPATH, "share path '%s' mixes '/' and '\\'", path);
    if ((w = malloc(n + 3)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    w[0] = 'C';
    w[1] = ':';
    for (size_t i = 0; i <= n; i++)
        w[i + 2] = path[i] == '/' ? '\\' : path[i];
    if ((st = lm__share_path_check(w, err)) != LM_OK) {
        free(w);
        return st;
    }
    *out = w;
    return LM_OK;
}

lm_status lm_share_spec_check(const lm_share_spec *spec, lm_error *err)
{
    char *mapped = NULL;
    lm_status st;

    if (spec == NULL || (spec->grants == NULL && spec->ngrants > 0))
        return lm__fail(err, LM_EINVAL, "no share specification");
    if ((st = lm__share_name_check(spec->name, err)) != LM_OK)
        return st;
    if (spec->path != NULL && spec->path[0] == '/') {
        if ((st = samba_path(spec->path, &mapped, err)) != LM_OK)
            return st;
        free(mapped);
    } else if ((st = lm__share_path_check(spec->path, err)) != LM_OK) {
        return st;
    }
    for (size_t i = 0; i < spec->ngrants; i++) {
        struct lm__sid sid;

        if ((st = account_check(spec->grants[i].account, &sid, err)) != LM_OK)
            return st;
    }
    return LM_OK;
}

/* The path as the server takes it: a POSIX path only on Samba (its OS says so), as C:\x\y. */
static lm_status server_path(struct lm_host *h, const lm_share_spec *spec, char **mapped)
{
    struct lm__host_info info;

    *mapped = NULL;
    if (spec->path[0] != '/')
        return LM_OK;
    memset(&info, 0, sizeof info);
    if (h->ops->server_info == NULL || h->ops->server_info(h, &info) != LM_OK) {
        if (h->err.status == LM_OK || h->err.status == LM_ENOTSUP)
            lm_error_set(&h->err, LM_EPATH, LM_RAW_NONE, 0,
                         "share path '%s' is a POSIX path, which only a Samba server maps; give a drive "
                         "letter, e.g. C:\\Data",
                         spec->path);
        return h->err.status;
    }
    if (!info.unix_server)
        return lm_error_set(
            &h->err, LM_EPATH, LM_RAW_NONE, 0,
            "share path '%s' is a POSIX path, which only a Samba server maps, and this server "
            "is %s; give a drive letter, e.g. C:\\Data",
            spec->path, info.os[0] != '\0' ? info.os : "not Samba");
    return samba_path(spec->path, mapped, &h->err);
}

lm_status lm_share_add(lm_host *h, const lm_share_spec *spec)
{
    lm_share *existing = NULL;
    lm_share_spec sent;
    char *mapped = NULL;
    uint8_t *sd = NULL;
    size_t sdlen = 0;
    lm_status st;

    lm_error_clear(&h->err);
    if (lm_share_spec_check(spec, &h->err) != LM_OK)
        return h->err.status;
    /* An existing share is refused before anything changes (the server would say NERR_DuplicateShare). */
    if ((st = h->ops->share_get(h, spec->name, 1, &existing)) == LM_OK) {
        lm_share_list_free(existing, 1);
        return lm_error_set(&h->err, LM_EEXIST, LM_RAW_NONE, 0,
                            "cannot add share %s: share already exists; nothing was changed", spec->name);
    }
    /* Out of memory is not "no such share": going on would only fail later, and less clearly. */
    if (st == LM_ENOMEM)
        return lm__host_context(h, "cannot add share %s", spec->name);
    lm_error_clear(&h->err);
    if (server_path(h, spec, &mapped) != LM_OK)
        return lm__host_context(h, "cannot add share %s", spec->name);
    if (spec->ngrants > 0 && build_sd(h, spec->grants, spec->ngrants, &sd, &sdlen) != LM_OK) {
        free(mapped);
        return lm__host_context(h, "cannot add share %s", spec->name);
    }
    sent = *spec;
    if (mapped != NULL)
        sent.path = mapped;
    st = h->ops->share_add(h, &sent, sd, sdlen);
    free(sd);
    free(mapped);
    if (st != LM_OK)
        return lm__host_context(h, "cannot add share %s", spec->name);
    return LM_OK;
}

lm_status lm_share_remove(lm_host *h, const char *name)
{
    lm_error_clear(&h->err);
    if (lm_share_name_check(name, &h->err) != LM_OK)
        return h->err.status;
    if (h->ops->share_del(h, name) != LM_OK)
        return share_fail(h, "remove", name);
    return LM_OK;
}

lm_status lm_share_set(lm_host *h, const char *name, const char *remark, const uint32_t *max_uses)
{
    lm_error_clear(&h->err);
    if (lm_share_name_check(name, &h->err) != LM_OK)
        return h->err.status;
    if (remark == NULL && max_uses == NULL)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0,
                            "nothing to change for share %s: give a description or a user limit", name);
    if (h->ops->share_set(h, name, remark, max_uses) != LM_OK)
        return share_fail(h, "change", name);
    return LM_OK;
}

lm_status lm_share_set_permissions(lm_host *h, const char *name, const lm_share_grant *grants, size_t ngrants)
{
    uint8_t *sd = NULL;
    size_t sdlen = 0;
    lm_status st;

    lm_error_clear(&h->err);
    if (name == NULL || name[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no share name");
    if (grants == NULL || ngrants == 0)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0,
                            "no permissions for share %s: give at least one grant", name);
    if (build_sd(h, grants, ngrants, &sd, &sdlen) != LM_OK)
        return lm__host_context(h, "cannot change the permissions of share %s", name);
    st = h->ops->share_set_sd(h, name, sd, sdlen);
    free(sd);
    if (st != LM_OK)
        return lm__host_context(h, "cannot change the permissions of share %s", name);
    return LM_OK;
}

lm_status lm__share_snapshot_take(struct lm_host *h, const char *name, struct lm__share_snapshot *out)
{
    struct lm__share_snapshot s = {NULL, NULL, 0, false, 0};
    lm_status st;

    if ((st = h->ops->share_get(h, name, 2, &s.share)) != LM_OK)
        return lm__host_context(h, "cannot read share %s", name);
    if ((st = h->ops->share_get_sd(h, name, &s.sd, &s.sdlen)) != LM_OK) {
        lm_share_list_free(s.share, 1);
        return lm__host_context(h, "cannot read the permissions of share %s", name);
    }
    /* A server without level 1005 (or that refuses it) has no flags to keep: the share is kept without. */
    s.has_flags = h->ops->share_get_flags != NULL && h->ops->share_get_flags(h, name, &s.flags) == LM_OK;
    *out = s;
    return LM_OK;
}

lm_status lm__share_snapshot_restore(struct lm_host *h, const struct lm__share_snapshot *snap,
                                     bool *flags_lost)
{
    const lm_share *l = snap->share;
    lm_share_spec spec = {l->name, l->path, l->remark, l->max_uses, NULL, 0};
    lm_status st;

    *flags_lost = false;
    if ((st = h->ops->share_add(h, &spec, snap->sd, snap->sdlen)) != LM_OK)
        return st;
    /* A new share has no flags set: only flags that were set need putting back. */
    if (snap->has_flags && snap->flags != 0 &&
        (h->ops->share_set_flags == NULL || h->ops->share_set_flags(h, l->name, snap->flags) != LM_OK))
        *flags_lost = true;
    return LM_OK;
}

void lm__share_snapshot_free(struct lm__share_snapshot *snap)
{
    lm_share_list_free(snap->share, snap->share != NULL ? 1 : 0);
    free(snap->sd);
    snap->share = NULL;
    snap->sd = NULL;
}
