/* Applying a plan: each step through the public host API, in order, stopping at the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanman/registry.h"
#include "lanman/service.h"
#include "host/host.h"
#include "lanman/share.h"
#include "xml/model.h"

const char *lm_step_kind_name(lm_step_kind k)
{
    switch (k) {
    case LM_STEP_SHARE_ADD:
        return "add share";
    case LM_STEP_SHARE_CHANGE:
        return "change share";
    case LM_STEP_SHARE_RECREATE:
        return "re-create share";
    case LM_STEP_SHARE_REMOVE:
        return "remove share";
    case LM_STEP_PARAMETER_SET:
        return "set parameter";
    case LM_STEP_START_TYPE:
        return "set start type";
    case LM_STEP_PARAMETER_REMOVE:
        return "remove parameter";
    }
    return "unknown step";
}

static lm_share_spec add_spec(const struct lm__step_detail *d)
{
    lm_share_spec spec = {
        .name = d->share,
        .path = d->path,
        .remark = d->remark[0] != '\0' ? d->remark : NULL,
        .max_uses = d->has_max_uses ? d->max_uses : LM_SHARE_UNLIMITED,
        .grants = d->ngrants > 0 ? d->grants : NULL,
        .ngrants = d->ngrants,
    };
    return spec;
}

/* The add, then the document's flags (a new share has the server's defaults): when they fail, the share is
 * removed again, so that a failed add leaves nothing behind. */
static lm_status add(lm_host *h, const struct lm__step_detail *d)
{
    lm_share_spec spec = add_spec(d);
    lm_error failed;
    lm_status st;

    if ((st = lm_share_add(h, &spec)) != LM_OK || d->flags_mask == 0 ||
        (st = lm_share_set_flags(h, d->share, d->flags_mask, d->flags)) == LM_OK)
        return st;
    failed = *lm_host_error(h);
    if (lm_share_remove(h, d->share) == LM_OK) {
        lm_error_set(&h->err, st, failed.raw_kind, failed.raw, "%.400s; rolled back: share %s removed",
                     failed.message, d->share);
    } else {
        lm_error again = *lm_host_error(h);

        lm_error_set(&h->err, st, failed.raw_kind, failed.raw,
                     "%.300s; share %s stays added with the server's flags: removing it failed (%.200s)",
                     failed.message, d->share, again.message);
    }
    return st;
}

/* In place: nothing is removed, so a failure leaves the share as it was or half changed, never gone. The
 * flags go first: a server that keeps them (Samba) fails the step before anything changed. */
static lm_status change(lm_host *h, const struct lm__step_detail *d)
{
    lm_status st = LM_OK;

    if (d->flags_mask != 0)
        st = lm_share_set_flags(h, d->share, d->flags_mask, d->flags);
    if (st == LM_OK && (d->remark != NULL || d->has_max_uses))
        st = lm_share_set(h, d->share, d->remark, d->has_max_uses ? &d->max_uses : NULL);
    if (st == LM_OK && d->ngrants > 0)
        st = lm_share_set_permissions(h, d->share, d->grants, d->ngrants);
    return st;
}

/* Remove, add at the new path; if the add fails, add the share back exactly as it was. The step's text
 * (actual) is what the share was, for the message when even that fails. */
static lm_status recreate(lm_host *h, const lm_plan_step *s, const struct lm__step_detail *d)
{
    struct lm__share_snapshot snap;
    lm_error failed;
    bool flags_lost;
    lm_status st;

    if ((st = lm__share_snapshot_take(h, d->share, &snap)) != LM_OK)
        return st; /* nothing changed yet */
    if ((st = lm_share_remove(h, d->share)) != LM_OK || (st = add(h, d)) == LM_OK) {
        lm__share_snapshot_free(&snap);
        return st;
    }
    failed = *lm_host_error(h);
    if (lm__share_snapshot_restore(h, &snap, &flags_lost) == LM_OK) {
        lm_error_set(&h->err, st, failed.raw_kind, failed.raw, "%.400s; rolled back: share %s restored%s",
                     failed.message, d->share,
                     flags_lost ? ", but not its flags (CachingMode, FolderEnumerationMode, ...)" : "");
    } else {
        lm_error again = *lm_host_error(h); /* not formatted from h->err into itself */

        lm_error_set(&h->err, st, failed.raw_kind, failed.raw,
                     "share %s is now missing: the add at the new path failed (%.150s) and so did putting it "
                     "back (%.120s); it was: %.200s",
                     d->share, failed.message, again.message, s->actual != NULL ? s->actual : "");
    }
    lm__share_snapshot_free(&snap);
    return st;
}

static lm_status run(lm_host *h, const lm_plan_step *s, const struct lm__step_detail *d)
{
    char key[64];

    switch (s->kind) {
    case LM_STEP_START_TYPE:
        return lm_service_set_start_type(h, d->service, d->start_type);
    case LM_STEP_PARAMETER_SET:
        /* The document's value as it is, type and bytes: a copy of a host, not a checked setting. */
        snprintf(key, sizeof key, "%s\\Parameters", d->service);
        return lm_reg_set(h, key, d->value.name, d->value.type, d->value.data, d->value.len);
    case LM_STEP_PARAMETER_REMOVE: {
        lm_status st;

        snprintf(key, sizeof key, "%s\\Parameters", d->service);
        /* Gone since the plan was made is what the step wanted. */
        st = lm_reg_delete(h, key, d->value.name);
        if (st == LM_ENOENT)
            lm_error_clear(&h->err);
        return st == LM_ENOENT ? LM_OK : st;
    }
    case LM_STEP_SHARE_ADD:
        return add(h, d);
    case LM_STEP_SHARE_CHANGE:
        return change(h, d);
    case LM_STEP_SHARE_RECREATE:
        return recreate(h, s, d);
    case LM_STEP_SHARE_REMOVE:
        return lm_share_remove(h, d->share);
    }
    return LM_EINVAL;
}

lm_status lm_plan_apply(lm_host *h, const lm_plan *p, lm_step_fn report, void *ctx, size_t *done)
{
    const struct lm__plan *pp;
    size_t ok = 0;
    lm_status st = LM_OK;

    if (done != NULL)
        *done = 0;
    if (h == NULL || p == NULL)
        return LM_EINVAL;
    pp = lm__plan_of(p);
    for (size_t i = 0; i < p->n && st == LM_OK; i++) {
        st = pp->detail[i] != NULL ? run(h, &p->steps[i], pp->detail[i]) : LM_EINVAL;
        if (report != NULL)
            report(ctx, &p->steps[i], st, st != LM_OK ? lm_host_error(h) : NULL);
        if (st == LM_OK)
            ok++;
    }
    if (done != NULL)
        *done = ok;
    return st;
}

void lm__step_detail_free(struct lm__step_detail *d)
{
    if (d == NULL)
        return;
    free(d->service);
    free(d->value.name);
    free(d->value.data);
    free(d->share);
    free(d->path);
    free(d->remark);
    for (size_t i = 0; i < d->ngrants; i++)
        free((char *)d->grants[i].account);
    free(d->grants);
    free(d);
}

void lm_plan_free(lm_plan *p)
{
    struct lm__plan *pp = (struct lm__plan *)p;

    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->steps[i].object);
        free(p->steps[i].expected);
        free(p->steps[i].actual);
        lm__step_detail_free(pp->detail[i]);
    }
    free(pp->detail);
    free(p->steps);
    for (size_t i = 0; i < p->nskipped; i++) {
        free(p->skipped[i].object);
        free(p->skipped[i].expected);
        free(p->skipped[i].actual);
    }
    free(p->skipped);
    free(pp);
}
