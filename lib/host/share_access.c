/* Share access (Get-/Grant-/Revoke-/Block-/Unblock-SmbShareAccess), written once above the backend
 * primitives share_get_sd, share_set_sd, lookup_sid and lookup_names. Portable: no OS headers. */
#include <stdlib.h>
#include <string.h>

#include "core/sddl.h"
#include "host/host.h"

void lm_share_access_list_free(lm_share_access *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].share);
        free(list[i].account);
        free(list[i].sid);
        free(list[i].right);
    }
    free(list);
}

/* The share's security descriptor and its entries. */
struct acl {
    uint8_t *sd;
    size_t sdlen;
    struct lm__share_grant *g;
    size_t n;
};

static void acl_free(struct acl *a)
{
    free(a->sd);
    free(a->g);
    memset(a, 0, sizeof *a);
}

static lm_status acl_read(struct lm_host *h, const char *name, struct acl *a)
{
    memset(a, 0, sizeof *a);
    if (h->ops->share_get_sd(h, name, &a->sd, &a->sdlen) != LM_OK)
        return h->err.status;
    /* No descriptor at all: the share is open to everyone, as a NULL DACL says (lm__sd_grants). */
    if (a->sd == NULL) {
        if ((a->g = malloc(sizeof *a->g)) == NULL)
            return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        lm__sid_from_string("S-1-1-0", &a->g->sid);
        a->g->mask = LM__SHARE_RIGHT_FULL;
        a->g->deny = false;
        a->n = 1;
        return LM_OK;
    }
    if (lm__sd_grants(a->sd, a->sdlen, &a->g, &a->n, &h->err) != LM_OK) {
        lm_status st = h->err.status;

        acl_free(a);
        return st;
    }
    return LM_OK;
}

static bool sid_eq(const struct lm__sid *a, const struct lm__sid *b)
{
    return a->count == b->count && memcmp(a->auth, b->auth, sizeof a->auth) == 0 &&
           memcmp(a->sub, b->sub, a->count * sizeof a->sub[0]) == 0;
}

lm_status lm__sid_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names)
{
    struct lm__sid *ask = NULL;
    size_t *where = NULL, nask = 0;
    char **got = NULL;
    lm_status st = LM_OK;

    memset(names, 0, n * sizeof *names);
    if ((ask = calloc(n + 1, sizeof *ask)) == NULL || (where = calloc(n + 1, sizeof *where)) == NULL ||
        (got = calloc(n + 1, sizeof *got)) == NULL) {
        st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && st == LM_OK; i++) {
        const char *wk = lm__sid_account(&sids[i]);

        if (wk == NULL) {
            ask[nask] = sids[i];
            where[nask++] = i;
        } else if ((names[i] = strdup(wk)) == NULL) {
            st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        }
    }
    /* At most LM__SID_NAMES_MAX at once: more than a share's DACL holds in practice. */
    if (st == LM_OK && nask > 0 && h->ops->lookup_names != NULL) {
        for (size_t k = 0; k < nask && st == LM_OK; k += LM__SID_NAMES_MAX) {
            size_t m = nask - k < LM__SID_NAMES_MAX ? nask - k : LM__SID_NAMES_MAX;

            st = h->ops->lookup_names(h, ask + k, m, got + k);
        }
        for (size_t k = 0; k < nask; k++)
            names[where[k]] = got[k]; /* NULL where unknown, and after a failure */
    }
out:
    if (st != LM_OK) {
        for (size_t i = 0; i < n; i++) {
            free(names[i]);
            names[i] = NULL;
        }
    }
    free(ask);
    free(where);
    free(got);
    return st;
}

/* Names for every entry; a SID nobody can name keeps its string form. */
static lm_status name_all(struct lm_host *h, const struct acl *a, char **names)
{
    struct lm__sid *sids = calloc(a->n + 1, sizeof *sids);
    lm_status st;

    if (sids == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    for (size_t i = 0; i < a->n; i++)
        sids[i] = a->g[i].sid;
    st = lm__sid_names(h, sids, a->n, names);
    free(sids);
    for (size_t i = 0; i < a->n && st == LM_OK; i++) {
        char buf[LM__SID_STRING_MAX];

        if (names[i] == NULL && (names[i] = strdup(lm__sid_to_string(&a->g[i].sid, buf))) == NULL)
            st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    return st;
}

lm_status lm_share_access_list(lm_host *h, const char *name, lm_share_access **out, size_t *n)
{
    lm_share_access *list = NULL;
    char **names = NULL;
    struct acl a;
    lm_status st;

    lm_error_clear(&h->err);
    if (name == NULL || name[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no share name");
    if (acl_read(h, name, &a) != LM_OK)
        return lm__host_context(h, "cannot read the permissions of share %s", name);
    if ((names = calloc(a.n + 1, sizeof *names)) == NULL || (list = calloc(a.n + 1, sizeof *list)) == NULL) {
        st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        goto out;
    }
    if ((st = name_all(h, &a, names)) != LM_OK) {
        lm__host_context(h, "cannot name the accounts of share %s", name);
        goto out;
    }
    for (size_t i = 0; i < a.n; i++) {
        char sid[LM__SID_STRING_MAX], right[24];

        list[i].share = strdup(name);
        list[i].account = names[i];
        names[i] = NULL;
        list[i].sid = strdup(lm__sid_to_string(&a.g[i].sid, sid));
        list[i].right = strdup(lm__share_right_text(a.g[i].mask, right));
        list[i].type = a.g[i].deny ? LM_SHARE_ACCESS_DENY : LM_SHARE_ACCESS_ALLOW;
        list[i].mask = a.g[i].mask;
        if (list[i].share == NULL || list[i].sid == NULL || list[i].right == NULL)
            st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    if (st == LM_OK) {
        *out = list;
        *n = a.n;
        list = NULL;
    }
out:
    if (list != NULL)
        lm_share_access_list_free(list, a.n);
    for (size_t i = 0; names != NULL && i < a.n; i++)
        free(names[i]);
    free(names);
    acl_free(&a);
    return st;
}

static const char *op_verb(lm_share_access_op op)
{
    switch (op) {
    case LM_SHARE_ACCESS_GRANT:
        return "grant";
    case LM_SHARE_ACCESS_REVOKE:
        return "revoke";
    case LM_SHARE_ACCESS_BLOCK:
        return "block";
    case LM_SHARE_ACCESS_UNBLOCK:
        break;
    }
    return "unblock";
}

/* The new entries: a's, without the account's entries of the kind op replaces or removes, plus its new entry
 * (grant, block), in canonical order. *removed counts what was dropped. */
static lm_status edit(struct lm_host *h, const struct acl *a, lm_share_access_op op,
                      const struct lm__sid *sid, lm_share_right right, struct lm__share_grant **out,
                      size_t *n, size_t *removed)
{
    bool deny = op == LM_SHARE_ACCESS_BLOCK || op == LM_SHARE_ACCESS_UNBLOCK;
    struct lm__share_grant *g = calloc(a->n + 1, sizeof *g);
    size_t k = 0;

    if (g == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    *removed = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->g[i].deny == deny && sid_eq(&a->g[i].sid, sid))
            (*removed)++;
        else
            g[k++] = a->g[i];
    }
    if (op == LM_SHARE_ACCESS_GRANT || op == LM_SHARE_ACCESS_BLOCK) {
        g[k].sid = *sid;
        g[k].mask = op == LM_SHARE_ACCESS_GRANT ? lm__share_right_mask(right) : LM__SHARE_RIGHT_FULL;
        g[k].deny = deny;
        k++;
    }
    lm__share_grants_canonical(g, k);
    *out = g;
    *n = k;
    return LM_OK;
}

lm_status lm_share_access_change(lm_host *h, const char *name, lm_share_access_op op, const char *account,
                                 lm_share_right right)
{
    struct lm__sid sid, owner, group;
    struct lm__share_grant *g = NULL;
    bool has_owner = false, has_group = false;
    uint8_t *sd = NULL;
    size_t n = 0, sdlen = 0, removed = 0;
    struct acl a;
    lm_status st;

    lm_error_clear(&h->err);
    if (name == NULL || name[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no share name");
    if (op > LM_SHARE_ACCESS_UNBLOCK || right > LM_SHARE_FULL)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "invalid share access change");
    /* The account first: an unknown name is refused before the share is even read. */
    if (lm__share_account_sid(h, account, &sid) != LM_OK)
        return lm__host_context(h, "cannot %s access to share %s", op_verb(op), name);
    if (acl_read(h, name, &a) != LM_OK)
        return lm__host_context(h, "cannot read the permissions of share %s", name);
    if (a.sd != NULL &&
        lm__sd_owner_group(a.sd, a.sdlen, &owner, &has_owner, &group, &has_group, &h->err) != LM_OK) {
        st = lm__host_context(h, "cannot read the permissions of share %s", name);
        goto out;
    }
    if ((st = edit(h, &a, op, &sid, right, &g, &n, &removed)) != LM_OK)
        goto out;
    if (removed == 0 && (op == LM_SHARE_ACCESS_REVOKE || op == LM_SHARE_ACCESS_UNBLOCK)) {
        st = lm_error_set(&h->err, LM_ENOENT, LM_RAW_NONE, 0,
                          "cannot %s access to share %s: '%s' has no %s entry there; nothing was changed",
                          op_verb(op), name, account, op == LM_SHARE_ACCESS_REVOKE ? "allow" : "deny");
        goto out;
    }
    if (lm__sd_build(has_owner ? &owner : NULL, has_group ? &group : NULL, g, n, &sd, &sdlen) != LM_OK) {
        st = lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "cannot build the security descriptor");
        goto out;
    }
    if ((st = h->ops->share_set_sd(h, name, sd, sdlen)) != LM_OK)
        lm__host_context(h, "cannot change the permissions of share %s", name);
out:
    free(sd);
    free(g);
    acl_free(&a);
    return st;
}
