/* The plan: what must change on a host to match a document, read through the public host API only.
 *
 * Order (deterministic): the services' start types, then their Parameters values (both in document
 * order), then the shares: additions, in-place changes and re-creates (each in document order), then with
 * prune the removals, sorted by name.
 *
 * Choices:
 *   - Host-specific facts (status, current uses, host name, info level, type flags) never make a step.
 *     A service or a <parameters> element with present="false" makes none either, and a <default> element
 *     without absent="true" (as documents written before it had) is informational.
 *   - A <default absent="true"/> value the host has is removed (LM_STEP_PARAMETER_REMOVE), after the values
 *     that are set, so that the setting is back at its default, as the export recorded it. With no
 *     Parameters key on the host, a document with only absent values asks for nothing.
 *   - A Parameters value that names code to load (the catalogue's loads_code: ServiceDll, ServiceMain,
 *     ImagePath, ...) never makes a step, whatever its type or the case of its name: where it differs from
 *     the host it is recorded in plan->skipped instead, which `config apply` prints and lanman-agent logs.
 *     Nor is one removed: an absent one the host has is skipped the same way.
 *   - A share changes in place wherever NetShareSetInfo can do it: the description and the user limit
 *     (levels 1004/2), the permissions (level 1501). Only a path change re-creates it, as one step that
 *     removes and adds it and, when the add fails, puts it back as it was; its actual text is what the
 *     host has.
 *   - A share's <flags> (version 2) compare property by property, for those the element names: a
 *     difference is part of the in-place change (lm_share_set_flags, which reads the flags back and fails
 *     when the server left one unchanged), and an added or re-created share gets them right after the add,
 *     the add undone when they fail. A share without <flags> (every version-1 document) keeps its flags,
 *     and so does one whose server does not give them (access denied, level 1005 not supported).
 *   - Share steps go in the order that leaves the least damage when one fails: additions, then in-place
 *     changes, then re-creates (each in document order), then with prune the removals, last.
 *   - Shares come from <shares>; when that is missing or present="false", from <configured-shares>.
 *     Prune needs <shares> itself: without the document's live list nothing is removed.
 *   - Host-bound shares are never planned, neither added nor changed nor pruned: the special ones (IPC$,
 *     ADMIN$, C$, print$, the special flag) and those that are not disk shares (print queues and devices
 *     exist only with the hardware or driver behind them). A print server's document applies its disk
 *     shares and leaves its printers alone.
 *   - What lm_share_add cannot create is refused before anything is planned (LM_EINVAL, naming the share
 *     and its line): deny or custom grants, an empty permission list.
 *     So is a name or path lm_share_add would refuse (after --map-path), and a service or Parameters key
 *     the host does not have. The reason is h's error.
 *   - Permissions compare as the DACL's entries in SDDL form (the document's grants built into a
 *     descriptor and printed by the same code the backends use), ignoring owner, group and DACL flags; a
 *     share the host lists below level 502 has no descriptor, and its permissions are not compared. Grants
 *     are created from account names where the document has them, so an account that maps to another SID on
 *     the target is re-planned each time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/regval.h"
#include "core/sddl.h"
#include "core/shareconf.h"
#include "core/text.h"
#include "host/host.h"
#include "lanman/config.h"
#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/share.h"
#include "xml/model.h"

#define TEXT_MAX (256u * 1024u)

bool lm__share_is_special(const char *name, uint32_t type)
{
    size_t len = strlen(name);

    if ((type & LM_STYPE_SPECIAL) || (type & LM_STYPE_MASK) == LM_STYPE_IPC)
        return true;
    if (lm__ascii_casecmp(name, "IPC$") == 0 || lm__ascii_casecmp(name, "ADMIN$") == 0 ||
        lm__ascii_casecmp(name, "print$") == 0)
        return true;
    return len == 2 && name[1] == '$' &&
           ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'));
}

/* Special shares, print queues and devices: bound to the host, never planned (see the top). */
static bool host_bound(const char *name, uint32_t type, bool special)
{
    return special || lm__share_is_special(name, type) || (type & LM_STYPE_MASK) != LM_STYPE_DISKTREE;
}

/* ---------------------------------------------------------------------------------------------- steps */

struct planner {
    lm_host *h;
    const lm_baseline *b;
    const lm_plan_options *opt;
    struct lm__plan *pp;
    lm_plan *p; /* &pp->pub */
    size_t alloc;
};

static lm_status nomem(struct planner *pl)
{
    return lm_error_set(&pl->h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
}

static char *dup(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

/* Appends a step; takes ownership of the texts and the detail even on failure. */
static lm_status add_step(struct planner *pl, lm_step_kind kind, char *object, char *expected, char *actual,
                          struct lm__step_detail *d)
{
    lm_plan_step *s;

    if (pl->p->n == pl->alloc) {
        size_t alloc = pl->alloc ? pl->alloc * 2 : 8;
        lm_plan_step *v = realloc(pl->p->steps, alloc * sizeof *v);
        struct lm__step_detail **dv;

        if (v == NULL)
            goto fail;
        pl->p->steps = v;
        if ((dv = realloc(pl->pp->detail, alloc * sizeof *dv)) == NULL)
            goto fail;
        pl->pp->detail = dv;
        pl->alloc = alloc;
    }
    /* A text that could not be made is out of memory, not absent: only a removal expects nothing, and only
     * an add or a parameter may find nothing on the host. */
    if (object == NULL || d == NULL || (expected == NULL && kind != LM_STEP_SHARE_REMOVE) ||
        (actual == NULL && kind != LM_STEP_SHARE_ADD && kind != LM_STEP_PARAMETER_SET))
        goto fail;
    pl->pp->detail[pl->p->n] = d;
    s = &pl->p->steps[pl->p->n++];
    s->kind = kind;
    s->object = object;
    s->expected = expected;
    s->actual = actual;
    return LM_OK;
fail:
    free(object);
    free(expected);
    free(actual);
    lm__step_detail_free(d);
    return nomem(pl);
}

static char *printf_dup(const char *fmt, ...) LM_PRINTF(1, 2);

static char *printf_dup(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* A difference left alone (lm_plan_skip); takes ownership of the texts. */
static lm_status add_skip(struct planner *pl, char *object, char *expected, char *actual)
{
    lm_plan_skip *v = realloc(pl->p->skipped, (pl->p->nskipped + 1) * sizeof *v);

    if (v != NULL)
        pl->p->skipped = v;
    if (v == NULL || object == NULL || expected == NULL) {
        free(object);
        free(expected);
        free(actual);
        return nomem(pl);
    }
    v[pl->p->nskipped++] =
        (lm_plan_skip){object, expected, actual, "names code to load; lanman never applies it"};
    return LM_OK;
}

/* --------------------------------------------------------------------------------------- start types */

static lm_status plan_start_types(struct planner *pl)
{
    for (size_t i = 0; i < pl->b->nservices; i++) {
        const struct lm__doc_service *s = &pl->b->services[i];
        const char *pattern = s->name;
        lm_service *list = NULL;
        const lm_service *found = NULL;
        struct lm__step_detail *d;
        size_t n = 0;
        lm_status st;

        if (!s->present || !s->has_start_type)
            continue;
        st = lm_service_list(pl->h, &pattern, 1, true, &list, &n);
        for (size_t k = 0; st == LM_OK && k < n; k++) {
            if (lm__ascii_casecmp(list[k].name, s->name) == 0)
                found = &list[k];
        }
        if (st == LM_ENOENT || (st == LM_OK && found == NULL)) {
            lm_service_list_free(list, n);
            return lm_error_set(&pl->h->err, LM_ENOENT, LM_RAW_NONE, 0,
                                "%s:%ld: service %s is not on the host, so its start type cannot be set",
                                pl->b->name, s->line, s->name);
        }
        if (st != LM_OK)
            return st;
        if (found->start_type == s->start_type) {
            lm_service_list_free(list, n);
            continue;
        }
        d = calloc(1, sizeof *d);
        if (d != NULL) {
            d->service = dup(s->name);
            d->start_type = s->start_type;
        }
        st = add_step(pl, LM_STEP_START_TYPE, printf_dup("service %s", s->name),
                      dup(lm_start_type_name(s->start_type)), dup(lm_start_type_name(found->start_type)), d);
        lm_service_list_free(list, n);
        if (st == LM_OK && d->service == NULL)
            st = nomem(pl);
        if (st != LM_OK)
            return st;
    }
    return LM_OK;
}

/* ---------------------------------------------------------------------------------------- parameters */

/* A value in lanman's text form, with its type in front when the two sides' types differ. */
static char *value_text(const lm_reg_value *v, bool with_type)
{
    const char *type = lm__regtype_name((uint32_t)v->type);
    char *text = NULL, *r;

    if (lm_reg_value_text(v, &text) != LM_OK)
        return printf_dup("(%lu bytes that are not a valid %s)", (unsigned long)v->len,
                          type ? type : "value");
    if (!with_type)
        return text;
    r = type != NULL ? printf_dup("%s %s", type, text) : printf_dup("type %u %s", (unsigned)v->type, text);
    free(text);
    return r;
}

static bool same_value(const lm_reg_value *a, const lm_reg_value *b)
{
    char *x = NULL, *y = NULL;
    bool same;

    if (a->type != b->type)
        return false;
    if (lm_reg_value_text(a, &x) != LM_OK || lm_reg_value_text(b, &y) != LM_OK) {
        /* Not text: compare the bytes. */
        same = a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
    } else {
        same = strcmp(x, y) == 0;
    }
    free(x);
    free(y);
    return same;
}

static lm_status copy_value(const lm_reg_value *from, lm_reg_value *to)
{
    to->name = strdup(from->name);
    to->type = from->type;
    to->len = from->len;
    to->data = malloc(from->len > 0 ? from->len : 1);
    if (to->name == NULL || to->data == NULL)
        return LM_ENOMEM;
    if (from->len > 0)
        memcpy(to->data, from->data, from->len);
    return LM_OK;
}

/* A value the document says is absent: removed where the host has it (skipped if it names code to load). */
static lm_status plan_absent(struct planner *pl, const char *service, const char *key, const char *name,
                             const lm_reg_value *host, size_t nhost)
{
    const lm_reg_value *have = NULL;
    const lm_setting *known = lm__catalog_find(service, name);
    struct lm__step_detail *d;
    char *expected;

    for (size_t k = 0; k < nhost && have == NULL; k++) {
        if (lm__ascii_casecmp(host[k].name, name) == 0)
            have = &host[k];
    }
    if (have == NULL)
        return LM_OK;
    expected =
        known != NULL && known->def != NULL ? printf_dup("absent (default %s)", known->def) : dup("absent");
    if (lm__catalog_loads_code(name))
        return add_skip(pl, printf_dup("%s\\%s", key, name), expected, value_text(have, false));
    d = calloc(1, sizeof *d);
    if (d != NULL && ((d->service = dup(service)) == NULL || (d->value.name = dup(have->name)) == NULL)) {
        free(d->service), free(d);
        d = NULL;
    }
    return add_step(pl, LM_STEP_PARAMETER_REMOVE, printf_dup("%s\\%s", key, have->name), expected,
                    value_text(have, false), d);
}

static lm_status plan_service_parameters(struct planner *pl, const struct lm__doc_service *s)
{
    lm_reg_value *host = NULL;
    size_t nhost = 0;
    char key[64];
    lm_status st;

    snprintf(key, sizeof key, "%s\\Parameters", s->name);
    st = lm_reg_list(pl->h, key, &host, &nhost);
    if (st == LM_ENOENT && s->nvalues == 0) {
        lm_error_clear(&pl->h->err);
        return LM_OK; /* absent values only, and the host has none at all */
    }
    if (st == LM_ENOENT)
        return lm_error_set(&pl->h->err, LM_ENOENT, LM_RAW_NONE, 0,
                            "%s:%ld: the host has no %s key, so its values cannot be set", pl->b->name,
                            s->line, key);
    if (st != LM_OK)
        return st;
    for (size_t i = 0; i < s->nvalues && st == LM_OK; i++) {
        const lm_reg_value *want = &s->values[i].v;
        const lm_reg_value *have = NULL;
        struct lm__step_detail *d;
        bool typed;

        for (size_t k = 0; k < nhost && have == NULL; k++) {
            if (lm__ascii_casecmp(host[k].name, want->name) == 0)
                have = &host[k];
        }
        if (have != NULL && same_value(want, have))
            continue;
        typed = have != NULL && have->type != want->type;
        if (lm__catalog_loads_code(want->name)) {
            st = add_skip(pl, printf_dup("%s\\%s", key, want->name), value_text(want, typed),
                          have != NULL ? value_text(have, typed) : NULL);
            continue;
        }
        d = calloc(1, sizeof *d);
        if (d != NULL && ((d->service = dup(s->name)) == NULL || copy_value(want, &d->value) != LM_OK)) {
            free(d->service), free(d->value.name), free(d->value.data), free(d);
            d = NULL;
        }
        st = add_step(pl, LM_STEP_PARAMETER_SET, printf_dup("%s\\%s", key, want->name),
                      value_text(want, typed), have != NULL ? value_text(have, typed) : NULL, d);
    }
    for (size_t i = 0; i < s->nabsent && st == LM_OK; i++)
        st = plan_absent(pl, s->name, key, s->absent[i].name, host, nhost);
    lm_reg_list_free(host, nhost);
    return st;
}

static lm_status plan_parameters(struct planner *pl)
{
    for (size_t i = 0; i < pl->b->nservices; i++) {
        const struct lm__doc_service *s = &pl->b->services[i];
        lm_status st;

        if (!s->present || !s->has_parameters || (s->nvalues == 0 && s->nabsent == 0))
            continue;
        if ((st = plan_service_parameters(pl, s)) != LM_OK)
            return st;
    }
    return LM_OK;
}

/* -------------------------------------------------------------------------------------------- shares */

/* Windows paths (a drive letter or a backslash) compare case-insensitively, like the file systems they
 * name; others exactly. */
static bool windows_path(const char *p)
{
    return strchr(p, '\\') != NULL || (p[0] != '\0' && p[1] == ':');
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool prefix_of(const char *path, const char *from, size_t n, bool nocase)
{
    for (size_t i = 0; i < n; i++) {
        if (path[i] == '\0' ||
            (nocase ? lower((unsigned char)path[i]) != lower((unsigned char)from[i]) : path[i] != from[i]))
            return false;
    }
    return true;
}

static bool same_path(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && prefix_of(a, b, n, windows_path(a) || windows_path(b));
}

/* The document's path after the longest matching --map-path prefix. A prefix matches whole components:
 * C:\Data maps C:\Data and c:\data\x, never C:\Database. */
static char *map_path(const lm_plan_options *opt, const char *path)
{
    const lm_path_map *best = NULL;
    size_t best_len = 0;

    for (size_t i = 0; opt != NULL && i < opt->nmaps; i++) {
        const char *from = opt->maps[i].from;
        size_t n = strlen(from);
        bool win = windows_path(from) || windows_path(path);
        char sep = win ? '\\' : '/';

        if (n == 0 || n <= best_len || !prefix_of(path, from, n, win))
            continue;
        if (path[n] != '\0' && path[n] != sep && from[n - 1] != sep)
            continue;
        best = &opt->maps[i];
        best_len = n;
    }
    if (best == NULL)
        return strdup(path);
    return printf_dup("%s%s", best->to, path + best_len);
}

/* Appends a value, quoted when it is empty or has spaces or quotes. */
static void put_value(struct lm__buf *b, const char *value)
{
    if (value[0] != '\0' && strpbrk(value, " \t\"") == NULL) {
        lm__buf_append(b, value, strlen(value));
        return;
    }
    lm__buf_append(b, "\"", 1);
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '"')
            lm__buf_append(b, "\\", 1);
        lm__buf_append(b, p, 1);
    }
    lm__buf_append(b, "\"", 1);
}

/* Appends " key=value" (no space first). */
static void put_field(struct lm__buf *b, const char *key, const char *value)
{
    if (b->len > 0)
        lm__buf_append(b, " ", 1);
    lm__buf_append(b, key, strlen(key));
    lm__buf_append(b, "=", 1);
    put_value(b, value);
}

static void put_max_uses(struct lm__buf *b, uint32_t max_uses)
{
    char num[16];

    snprintf(num, sizeof num, "%lu", (unsigned long)max_uses);
    put_field(b, "max-uses", max_uses == LM_SHARE_UNLIMITED ? "unlimited" : num);
}

static char *take_text(struct lm__buf *b)
{
    char *s = lm__buf_status(b) == LM_OK ? (char *)lm__buf_take(b, NULL) : NULL;

    lm__buf_free(b);
    return s;
}

/* " grants=Everyone:Full,S-1-5-32-545:Read" (no space first on an empty buffer). */
static void put_grants(struct lm__buf *b, const struct lm__doc_share *s)
{
    if (b->len > 0)
        lm__buf_append(b, " ", 1);
    lm__buf_append(b, "grants=", 7);
    for (size_t i = 0; i < s->ngrants; i++) {
        char right[24];

        if (i > 0)
            lm__buf_append(b, ",", 1);
        if (s->grants[i].deny)
            lm__buf_append(b, "deny:", 5);
        put_value(b, s->grants[i].account != NULL ? s->grants[i].account : s->grants[i].sid);
        lm__share_right_text(s->grants[i].mask, right);
        lm__buf_append(b, ":", 1);
        lm__buf_append(b, right, strlen(right));
    }
}

/* " caching-mode=Documents encrypt-data=true": the <flags> properties in mask whose value in flags differs
 * from the one in other (an added share's are all 0: Manual, Unrestricted, false). */
static void put_flags(struct lm__buf *b, uint32_t mask, uint32_t flags, uint32_t other)
{
    for (size_t i = 0; i < lm__nshare_props; i++) {
        const struct lm__share_prop *p = &lm__share_props[i];

        if ((p->bits & mask & (flags ^ other)) != 0)
            put_field(b, p->attr, lm__share_prop_text(p, flags));
    }
}

/* "path=C:\Data description=... max-uses=... grants=Everyone:Full" for an add. */
static char *add_text(const struct lm__step_detail *d, const struct lm__doc_share *s)
{
    struct lm__buf b;

    lm__buf_init(&b, TEXT_MAX);
    put_field(&b, "path", d->path);
    put_field(&b, "description", d->remark);
    put_max_uses(&b, d->has_max_uses ? d->max_uses : LM_SHARE_UNLIMITED);
    if (s->has_security)
        put_grants(&b, s);
    put_flags(&b, d->flags_mask, d->flags, 0);
    return take_text(&b);
}

/* The host's side of a share, as far as its level says. */
static char *live_text(const lm_share *l)
{
    struct lm__buf b;

    lm__buf_init(&b, TEXT_MAX);
    if (l->path != NULL)
        put_field(&b, "path", l->path);
    put_field(&b, "description", l->remark != NULL ? l->remark : "");
    if (l->level >= 2)
        put_max_uses(&b, l->max_uses);
    if (l->sddl != NULL)
        put_field(&b, "sddl", l->sddl);
    return take_text(&b);
}

/* The entries of an SDDL's DACL, "(A;;FA;;;WD)...", without owner, group, flags or SACL. No DACL, or a
 * NULL one, is full access for everyone. */
static char *dacl_entries(const char *sddl)
{
    const char *d = strstr(sddl, "D:"), *end;

    if (d == NULL)
        return strdup("(A;;FA;;;WD)");
    d += 2;
    if (strncmp(d, "NO_ACCESS_CONTROL", 17) == 0)
        return strdup("(A;;FA;;;WD)");
    while (*d == 'P' || *d == 'A' || *d == 'R' || *d == 'I')
        d++;
    end = strstr(d, "S:");
    if (end == NULL)
        end = d + strlen(d);
    return printf_dup("%.*s", (int)(end - d), d);
}

/* The document's grants as the same DACL entries the host would list for them. */
static lm_status doc_entries(const struct lm__doc_share *s, char **out)
{
    struct lm__share_grant *g = calloc(s->ngrants > 0 ? s->ngrants : 1, sizeof *g);
    uint8_t *sd = NULL;
    size_t sdlen = 0;
    char *sddl = NULL;
    lm_status st = g != NULL ? LM_OK : LM_ENOMEM;

    for (size_t i = 0; i < s->ngrants && st == LM_OK; i++) {
        st = lm__sid_from_string(s->grants[i].sid, &g[i].sid);
        g[i].mask = s->grants[i].mask;
        g[i].deny = s->grants[i].deny;
    }
    if (st == LM_OK)
        st = lm__sd_build(NULL, NULL, g, s->ngrants, &sd, &sdlen);
    if (st == LM_OK)
        st = lm__sd_to_sddl(sd, sdlen, &sddl, NULL);
    if (st == LM_OK && (*out = dacl_entries(sddl)) == NULL)
        st = LM_ENOMEM;
    free(g);
    free(sd);
    free(sddl);
    return st;
}

/* lm_share_add can create allow grants of Full, Change or Read, and at least one. */
static const char *grants_unsupported(const struct lm__doc_share *s)
{
    if (!s->has_security)
        return NULL;
    if (s->ngrants == 0)
        return "it grants nobody access, which lanman cannot create";
    for (size_t i = 0; i < s->ngrants; i++) {
        const struct lm__doc_grant *g = &s->grants[i];

        if (g->deny)
            return "it has a deny grant, which lanman cannot create";
        if (g->mask != LM__SHARE_RIGHT_FULL && g->mask != LM__SHARE_RIGHT_CHANGE &&
            g->mask != LM__SHARE_RIGHT_READ)
            return "it has a custom grant (not Full, Change or Read), which lanman cannot create";
    }
    return NULL;
}

static lm_status refuse_share(struct planner *pl, const struct lm__doc_share *s, lm_status st,
                              const char *why)
{
    return lm_error_set(&pl->h->err, st, LM_RAW_NONE, 0, "%s:%ld: share %s cannot be created: %s",
                        pl->b->name, s->line, s->name, why);
}

/* The document's grants into d, as lm_share_add and lm_share_set_permissions take them. */
static lm_status fill_grants(struct planner *pl, const struct lm__doc_share *s, struct lm__step_detail *d)
{
    d->grants = calloc(s->ngrants > 0 ? s->ngrants : 1, sizeof *d->grants);
    if (d->grants == NULL)
        return nomem(pl);
    for (size_t i = 0; i < s->ngrants; i++) {
        const struct lm__doc_grant *g = &s->grants[i];
        char *account = dup(g->account != NULL && g->account[0] != '\0' ? g->account : g->sid);

        if (account == NULL)
            return nomem(pl);
        d->grants[d->ngrants].account = account;
        d->grants[d->ngrants++].right = g->mask == LM__SHARE_RIGHT_FULL     ? LM_SHARE_FULL
                                        : g->mask == LM__SHARE_RIGHT_CHANGE ? LM_SHARE_CHANGE
                                                                            : LM_SHARE_READ;
    }
    return LM_OK;
}

static lm_status add_detail(struct planner *pl, const struct lm__doc_share *s, struct lm__step_detail **out)
{
    struct lm__step_detail *d;
    const char *why;
    lm_error check = {0};
    lm_status st;

    if (s->path == NULL)
        return refuse_share(pl, s, LM_EINVAL, "the document gives no path");
    if ((why = grants_unsupported(s)) != NULL)
        return refuse_share(pl, s, LM_EINVAL, why);
    d = calloc(1, sizeof *d);
    if (d == NULL)
        return nomem(pl);
    d->share = dup(s->name);
    d->path = map_path(pl->opt, s->path);
    d->remark = dup(s->remark);
    d->has_max_uses = s->has_max_uses;
    d->max_uses = s->max_uses;
    /* A new share's flags are taken as 0 (Manual, Unrestricted, false): a document that asks for nothing
     * else sets none, so that it also adds shares on a server without level 1005. */
    d->flags_mask = s->has_flags && (s->flags & s->flags_mask) != 0 ? s->flags_mask : 0;
    d->flags = s->flags;
    *out = d;
    if (d->share == NULL || d->path == NULL || d->remark == NULL)
        return nomem(pl);
    if ((st = fill_grants(pl, s, d)) != LM_OK)
        return st;
    /* What lm_share_add would refuse, refused now, before any step runs. */
    if (lm__share_name_check(s->name, &check) != LM_OK || lm__share_path_check(d->path, &check) != LM_OK)
        return refuse_share(pl, s, check.status, check.message);
    return LM_OK;
}

/* A share to add (live NULL), to change in place, or to re-create when its path changes. */
static lm_status plan_share(struct planner *pl, const struct lm__doc_share *s, const lm_share *live)
{
    struct lm__step_detail *d = NULL;
    char *mapped = NULL, *want = NULL, *have = NULL;
    bool recreate = false, perms = false, flags = false;
    uint32_t live_flags = 0;
    lm_status st;

    if (live != NULL && live->path != NULL && s->path != NULL) {
        if ((mapped = map_path(pl->opt, s->path)) == NULL)
            return nomem(pl);
        recreate = !same_path(mapped, live->path);
        free(mapped);
    }
    if (live == NULL || recreate) {
        st = add_detail(pl, s, &d);
        if (st != LM_OK) {
            lm__step_detail_free(d);
            return st;
        }
        return add_step(pl, recreate ? LM_STEP_SHARE_RECREATE : LM_STEP_SHARE_ADD,
                        printf_dup("share %s", s->name), add_text(d, s),
                        live != NULL ? live_text(live) : NULL, d);
    }
    if (s->has_security && live->sddl != NULL) {
        if (doc_entries(s, &want) != LM_OK || (have = dacl_entries(live->sddl)) == NULL) {
            free(want);
            return nomem(pl);
        }
        perms = strcmp(want, have) != 0;
        free(want);
        free(have);
    }
    /* Flags a server does not give (access denied, level 1005 not supported) are not compared. */
    if (s->has_flags) {
        st = lm_share_get_flags(pl->h, live->name, &live_flags);
        if (st == LM_EACCES || st == LM_ENOTSUP)
            lm_error_clear(&pl->h->err);
        else if (st != LM_OK)
            return st;
        else
            flags = ((live_flags ^ s->flags) & s->flags_mask) != 0;
    }
    /* The same share, changed in place: what NetShareSetInfo can change is everything but the path. */
    {
        bool remark = strcmp(s->remark, live->remark != NULL ? live->remark : "") != 0;
        bool max = s->has_max_uses && live->level >= 2 && s->max_uses != live->max_uses;
        const char *why = perms ? grants_unsupported(s) : NULL;
        struct lm__buf e, a;

        if (!remark && !max && !perms && !flags)
            return LM_OK;
        if (why != NULL)
            return refuse_share(pl, s, LM_EINVAL, why);
        d = calloc(1, sizeof *d);
        if (d == NULL)
            return nomem(pl);
        d->share = dup(live->name);
        d->remark = remark ? dup(s->remark) : NULL;
        d->has_max_uses = max;
        d->max_uses = s->max_uses;
        lm__buf_init(&e, TEXT_MAX);
        lm__buf_init(&a, TEXT_MAX);
        if (remark) {
            put_field(&e, "description", s->remark);
            put_field(&a, "description", live->remark != NULL ? live->remark : "");
        }
        if (max) {
            put_max_uses(&e, s->max_uses);
            put_max_uses(&a, live->max_uses);
        }
        if (perms) {
            put_grants(&e, s);
            put_field(&a, "sddl", live->sddl);
        }
        if (flags) {
            d->flags_mask = s->flags_mask;
            d->flags = s->flags;
            put_flags(&e, s->flags_mask, s->flags, live_flags);
            put_flags(&a, s->flags_mask, live_flags, s->flags);
        }
        if (d->share == NULL || (remark && d->remark == NULL) || (perms && fill_grants(pl, s, d) != LM_OK)) {
            lm__buf_free(&e);
            lm__buf_free(&a);
            lm__step_detail_free(d);
            return nomem(pl);
        }
        return add_step(pl, LM_STEP_SHARE_CHANGE, printf_dup("share %s", live->name), take_text(&e),
                        take_text(&a), d);
    }
}

/* Additions, in-place changes, re-creates, removals: a failure part way leaves the least damage. */
static int share_rank(lm_step_kind k)
{
    return k == LM_STEP_SHARE_ADD ? 0 : k == LM_STEP_SHARE_CHANGE ? 1 : k == LM_STEP_SHARE_RECREATE ? 2 : 3;
}

/* A stable sort of steps [from, n) by share_rank (insertion: plans are short, and order within a rank is
 * the document's). */
static void order_share_steps(struct lm__plan *pp, size_t from)
{
    lm_plan *p = &pp->pub;

    for (size_t i = from + 1; i < p->n; i++) {
        lm_plan_step x = p->steps[i];
        struct lm__step_detail *xd = pp->detail[i];
        size_t j = i;

        for (; j > from && share_rank(p->steps[j - 1].kind) > share_rank(x.kind); j--) {
            p->steps[j] = p->steps[j - 1];
            pp->detail[j] = pp->detail[j - 1];
        }
        p->steps[j] = x;
        pp->detail[j] = xd;
    }
}

static int by_name(const void *a, const void *b)
{
    const lm_share *const *x = a, *const *y = b;

    return lm__ascii_casecmp((*x)->name, (*y)->name);
}

static lm_status plan_prune(struct planner *pl, const struct lm__doc_shares *doc, lm_share *live,
                            size_t nlive)
{
    const lm_share **gone = calloc(nlive > 0 ? nlive : 1, sizeof *gone);
    size_t ngone = 0;
    lm_status st = LM_OK;

    if (gone == NULL)
        return nomem(pl);
    for (size_t i = 0; i < nlive; i++) {
        bool in_doc = false;

        for (size_t k = 0; k < doc->n && !in_doc; k++)
            in_doc = lm__ascii_casecmp(doc->v[k].name, live[i].name) == 0;
        if (!in_doc && !host_bound(live[i].name, live[i].type, false))
            gone[ngone++] = &live[i];
    }
    qsort(gone, ngone, sizeof *gone, by_name);
    for (size_t i = 0; i < ngone && st == LM_OK; i++) {
        struct lm__step_detail *d = calloc(1, sizeof *d);

        if (d != NULL && (d->share = dup(gone[i]->name)) == NULL) {
            free(d);
            d = NULL;
        }
        st = add_step(pl, LM_STEP_SHARE_REMOVE, printf_dup("share %s", gone[i]->name), NULL,
                      live_text(gone[i]), d);
    }
    free(gone);
    return st;
}

static lm_status plan_shares(struct planner *pl)
{
    const struct lm__doc_shares *doc = NULL;
    lm_share *live = NULL;
    size_t nlive = 0, first;
    lm_status st;

    if (pl->b->shares.present)
        doc = &pl->b->shares;
    else if (pl->b->configured.present)
        doc = &pl->b->configured;
    if (doc == NULL)
        return LM_OK;
    if ((st = lm_share_list(pl->h, &live, &nlive)) != LM_OK)
        return st;
    first = pl->p->n;
    for (size_t i = 0; i < doc->n && st == LM_OK; i++) {
        const struct lm__doc_share *s = &doc->v[i];
        const lm_share *found = NULL;

        if (host_bound(s->name, s->type_flags, s->special))
            continue;
        for (size_t k = 0; k < nlive && found == NULL; k++) {
            if (lm__ascii_casecmp(live[k].name, s->name) == 0)
                found = &live[k];
        }
        st = plan_share(pl, s, found);
    }
    if (st == LM_OK)
        order_share_steps(pl->pp, first);
    if (st == LM_OK && pl->opt != NULL && pl->opt->prune && doc == &pl->b->shares)
        st = plan_prune(pl, doc, live, nlive);
    lm_share_list_free(live, nlive);
    return st;
}

lm_status lm_plan_compute(lm_host *h, const lm_baseline *b, const lm_plan_options *opt, lm_plan **out)
{
    struct planner pl = {h, b, opt, NULL, NULL, 0};
    unsigned parts = opt != NULL && opt->parts != 0 ? opt->parts : LM_PLAN_ALL;
    lm_status st = LM_OK;

    if (h == NULL)
        return LM_EINVAL;
    lm_error_clear(&h->err);
    if (b == NULL || out == NULL || (opt != NULL && opt->nmaps > 0 && opt->maps == NULL))
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no document or no plan to fill");
    for (size_t i = 0; opt != NULL && i < opt->nmaps; i++) {
        if (opt->maps[i].from == NULL || opt->maps[i].from[0] == '\0' || opt->maps[i].to == NULL)
            return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0,
                                "a path map needs OLD=NEW with OLD not empty");
    }
    if ((parts & ~LM_PLAN_ALL) != 0)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "unknown plan parts 0x%x", parts);
    if ((pl.pp = calloc(1, sizeof *pl.pp)) == NULL)
        return nomem(&pl);
    pl.p = &pl.pp->pub;
    if (parts & LM_PLAN_SERVICES)
        st = plan_start_types(&pl);
    if (st == LM_OK && (parts & LM_PLAN_PARAMETERS))
        st = plan_parameters(&pl);
    if (st == LM_OK && (parts & LM_PLAN_SHARES))
        st = plan_shares(&pl);
    if (st != LM_OK) {
        lm_plan_free(pl.p);
        return st;
    }
    *out = pl.p;
    return LM_OK;
}
