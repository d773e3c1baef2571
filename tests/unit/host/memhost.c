#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memhost.h"
#include "core/sddl.h"

struct memhost F;
struct memhost_ext FX;

/* The primitive op is told to fail (FX.fail_op). */
static bool failing(struct lm_host *h, const char *op)
{
    if (FX.fail_op == NULL || strcmp(FX.fail_op, op) != 0)
        return false;
    if (FX.fail_times > 0 && --FX.fail_times == 0)
        FX.fail_op = NULL; /* this was the last failure asked for */
    lm_error_set(&h->err, FX.fail_status, LM_RAW_WIN32, 5, "%s refused by the test", op);
    return true;
}

static int nocase(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a, y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
        if (x != y)
            return x - y;
    }
    return *a - *b;
}

static struct memhost_share *table_find(const char *name)
{
    for (size_t i = 0; i < F.nshares; i++) {
        if (nocase(F.shares[i].name, name) == 0)
            return &F.shares[i];
    }
    return NULL;
}

/* The share at this level, as a backend fills it (the SDDL of sd, or the stored SDDL, at 502). */
static lm_status table_copy(const struct memhost_share *t, int level, lm_share *s, lm_error *err)
{
    s->name = strdup(t->name);
    s->path = level >= 2 && t->path[0] != '\0' ? strdup(t->path) : NULL; /* "": none */
    s->remark = t->remark[0] != '\0' ? strdup(t->remark) : NULL;
    s->type = t->type;
    s->max_uses = level >= 2 ? t->max_uses : 0;
    s->current_uses = level >= 2 ? t->current_uses : 0;
    if (level == 502 && t->sd != NULL)
        return lm__sd_to_sddl(t->sd, t->sd_len, &s->sddl, err);
    s->sddl = level == 502 && t->sddl[0] != '\0' ? strdup(t->sddl) : NULL;
    return LM_OK;
}

struct lm_host memhost;

static struct memhost_svc *find(const char *name)
{
    for (size_t i = 0; i < F.nsvc; i++) {
        if (strcmp(F.svc[i].name, name) == 0)
            return &F.svc[i];
    }
    return NULL;
}

static lm_status missing(struct lm_host *h, const char *name)
{
    return lm_error_set(&h->err, LM_ENOENT, LM_RAW_WIN32, 1060, "no service %s", name);
}

static void log_call(const char *verb, const char *name)
{
    size_t used = strlen(F.log);

    snprintf(F.log + used, sizeof F.log - used, "%s:%s;", verb, name);
}

static char *dup(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static void status_fields(const struct memhost_svc *s, uint32_t checkpoint, lm_service *out)
{
    out->status = s->state;
    out->controls_accepted = s->state == LM_SERVICE_START_PENDING ? 0 : s->accepted;
    out->checkpoint = checkpoint;
    out->wait_hint_ms = s->hint;
    out->win32_exit_code = s->dies && s->state == LM_SERVICE_STOPPED ? 1067 : 0;
}

static uint32_t checkpoints[MEMHOST_MAX];

static lm_status svc_enum(struct lm_host *h, lm_service **out, size_t *n)
{
    lm_service *v = calloc(F.nsvc + 1, sizeof *v);

    (void)h;
    F.calls++;
    for (size_t i = 0; i < F.nsvc; i++) {
        v[i].name = dup(F.svc[i].name);
        v[i].display_name = dup(F.svc[i].display);
        status_fields(&F.svc[i], checkpoints[i], &v[i]);
    }
    *out = v;
    *n = F.nsvc;
    return LM_OK;
}

static lm_status svc_status(struct lm_host *h, const char *name, lm_service *out)
{
    struct memhost_svc *s = find(name);
    size_t i;

    F.calls++;
    if (s == NULL)
        return missing(h, name);
    i = (size_t)(s - F.svc);
    if (s->state != s->target) {
        if (s->polls == 0) {
            s->state = s->target;
            checkpoints[i] = 0;
        } else {
            if (s->polls > 0)
                s->polls--;
            if (s->advance)
                checkpoints[i]++;
        }
    }
    status_fields(s, checkpoints[i], out);
    return LM_OK;
}

static lm_status svc_config(struct lm_host *h, const char *name, lm_service *out)
{
    struct memhost_svc *s = find(name);

    F.calls++;
    if (s == NULL)
        return missing(h, name);
    out->display_name = dup(s->display);
    out->start_type = s->start;
    out->binary_path = dup("C:\\fake.exe");
    out->depends_on = calloc(MEMHOST_MAX, sizeof *out->depends_on);
    for (size_t i = 0; i < MEMHOST_MAX && s->needs[i] != NULL; i++)
        out->depends_on[out->ndepends_on++] = dup(s->needs[i]);
    out->detailed = true;
    return LM_OK;
}

/* The service starts moving towards target: pending for F.delay_polls polls. */
static void move(struct memhost_svc *s, lm_service_state pending, lm_service_state target)
{
    s->state = pending;
    s->target = target;
    s->polls = F.delay_polls;
    s->advance = F.delay_advance;
    s->hint = F.delay_hint;
    checkpoints[s - F.svc] = 1;
}

static lm_status svc_start(struct lm_host *h, const char *name)
{
    struct memhost_svc *s = find(name);

    F.calls++;
    if (s == NULL)
        return missing(h, name);
    if (s->start == LM_START_DISABLED)
        return lm_error_set(&h->err, LM_EDISABLED, LM_RAW_WIN32, 1058, "the service is disabled");
    if (s->state != LM_SERVICE_STOPPED)
        return lm_error_set(&h->err, LM_ESTATE, LM_RAW_WIN32, 1056, "already running");
    log_call("start", name);
    move(s, LM_SERVICE_START_PENDING, s->dies ? LM_SERVICE_STOPPED : LM_SERVICE_RUNNING);
    return LM_OK;
}

static lm_status svc_control(struct lm_host *h, const char *name, uint32_t code)
{
    struct memhost_svc *s = find(name);

    F.calls++;
    if (s == NULL)
        return missing(h, name);
    if (code == LM__SVC_CONTROL_STOP) {
        for (size_t i = 0; i < MEMHOST_MAX && s->deps[i] != NULL; i++) {
            if (find(s->deps[i])->state != LM_SERVICE_STOPPED)
                return lm_error_set(&h->err, LM_EDEPEND, LM_RAW_WIN32, 1051, "dependents running");
        }
        log_call("stop", name);
        move(s, LM_SERVICE_STOP_PENDING, LM_SERVICE_STOPPED);
    } else if (code == LM__SVC_CONTROL_PAUSE) {
        log_call("pause", name);
        move(s, LM_SERVICE_PAUSE_PENDING, LM_SERVICE_PAUSED);
    } else {
        log_call("continue", name);
        move(s, LM_SERVICE_CONTINUE_PENDING, LM_SERVICE_RUNNING);
    }
    return LM_OK;
}

static lm_status svc_active_dependents(struct lm_host *h, const char *name, char ***out, size_t *n)
{
    struct memhost_svc *s = find(name);
    char **v = calloc(MEMHOST_MAX, sizeof *v);
    size_t k = 0;

    F.calls++;
    if (s == NULL) {
        free(v);
        return missing(h, name);
    }
    for (size_t i = 0; i < MEMHOST_MAX && s->deps[i] != NULL; i++) {
        if (find(s->deps[i])->state != LM_SERVICE_STOPPED)
            v[k++] = dup(s->deps[i]);
    }
    *out = v;
    *n = k;
    return LM_OK;
}

static lm_status svc_set_start_type(struct lm_host *h, const char *name, lm_start_type type)
{
    struct memhost_svc *s = find(name);

    F.calls++;
    if (s == NULL)
        return missing(h, name);
    if (failing(h, "svc_set_start_type"))
        return FX.fail_status;
    FX.writes++;
    s->start = type;
    return LM_OK;
}

static lm_reg_value *reg_copy(const struct memhost_reg *r, lm_reg_value *v)
{
    v->name = dup(r->name);
    v->type = r->type;
    v->data = malloc(r->len + 1);
    memcpy(v->data, r->data, r->len);
    v->len = r->len;
    return v;
}

static lm_status reg_list(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n)
{
    lm_reg_value *v = calloc(MEMHOST_MAX, sizeof *v);
    size_t k = 0;
    bool key_exists = false;

    F.calls++;
    for (size_t i = 0; i < F.nreg; i++) {
        if (strcmp(F.reg[i].key, key) != 0)
            continue;
        key_exists = true;
        if (F.reg[i].name != NULL)
            reg_copy(&F.reg[i], &v[k++]);
    }
    if (!key_exists) {
        free(v);
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_WIN32, 2, "no key %s", key);
    }
    *out = v;
    *n = k;
    return LM_OK;
}

static lm_status reg_get(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    F.calls++;
    for (size_t i = 0; i < F.nreg; i++) {
        if (strcmp(F.reg[i].key, key) == 0 && F.reg[i].name != NULL && strcmp(F.reg[i].name, name) == 0) {
            *out = reg_copy(&F.reg[i], calloc(1, sizeof **out));
            return LM_OK;
        }
    }
    return lm_error_set(&h->err, LM_ENOENT, LM_RAW_WIN32, 2, "no value %s", name);
}

/* Keys outside Services are F.reg entries named in full, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"
 * (no Services key starts so); FX.fail_op "reg_get_system" makes the read fail. */
static lm_status reg_get_system(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    char full[96];

    if (failing(h, "reg_get_system"))
        return FX.fail_status;
    snprintf(full, sizeof full, "HKLM\\SYSTEM\\CurrentControlSet\\%s", key);
    return reg_get(h, full, name, out);
}

static lm_status reg_set(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                         const void *data, size_t len)
{
    size_t i;

    F.calls++;
    if (!FX.reg_writable)
        return LM_OK;
    if (failing(h, "reg_set"))
        return FX.fail_status;
    if (len > sizeof FX.regdata[0] || strlen(name) >= sizeof FX.regname[0] ||
        strlen(key) >= sizeof FX.regkey[0])
        return lm_error_set(&h->err, LM_EOVERFLOW, LM_RAW_NONE, 0, "too large for memhost");
    for (i = 0; i < F.nreg; i++) {
        if (strcmp(F.reg[i].key, key) == 0 && F.reg[i].name != NULL && nocase(F.reg[i].name, name) == 0)
            break;
    }
    if (i == F.nreg) {
        if (F.nreg == MEMHOST_MAX)
            return lm_error_set(&h->err, LM_EOVERFLOW, LM_RAW_NONE, 0, "memhost registry full");
        snprintf(FX.regkey[i], sizeof FX.regkey[i], "%s", key);
        snprintf(FX.regname[i], sizeof FX.regname[i], "%s", name);
        F.reg[F.nreg++] = (struct memhost_reg){FX.regkey[i], FX.regname[i], type, NULL, 0};
    }
    memcpy(FX.regdata[i], data, len);
    F.reg[i].type = type;
    F.reg[i].data = FX.regdata[i];
    F.reg[i].len = len;
    FX.writes++;
    return LM_OK;
}

/* With reg_writable, the value goes and its key stays (an entry without a name); else nothing changes. */
static lm_status reg_delete(struct lm_host *h, const char *key, const char *name)
{
    F.calls++;
    if (!FX.reg_writable)
        return LM_OK;
    for (size_t i = 0; i < F.nreg; i++) {
        if (strcmp(F.reg[i].key, key) == 0 && F.reg[i].name != NULL && nocase(F.reg[i].name, name) == 0) {
            F.reg[i].name = NULL;
            FX.writes++;
            return LM_OK;
        }
    }
    return lm_error_set(&h->err, LM_ENOENT, LM_RAW_WIN32, 2, "no value %s", name);
}

static lm_status reg_subkeys(struct lm_host *h, const char *key, char ***out, size_t *n)
{
    (void)h, (void)key;
    F.calls++;
    *out = NULL;
    *n = 0;
    return LM_OK;
}

static int level_index(int level)
{
    return level == 502 ? 0 : level == 2 ? 1 : 2;
}

static lm_share *one_share(const char *name)
{
    lm_share *s = calloc(1, sizeof *s);

    s->name = dup(name);
    s->path = dup("C:\\Data");
    return s;
}

/* The shares come from F.shares (a test's own, or a table add/set/del change) rather than the fixed pair. */
static bool share_table(void)
{
    return FX.share_table || F.nshares > 0;
}

static lm_status share_enum(struct lm_host *h, int level, lm__share_fn fn, void *ctx)
{
    static const struct memhost_share defaults[] = {{.name = "Data", .path = "C:\\Data"}, {.name = "IPC$"}};
    bool table = share_table();
    const struct memhost_share *v = table ? F.shares : defaults;
    size_t n = table ? F.nshares : 2;
    lm_status st = F.share_status[level_index(level)];

    F.calls++;
    F.share_calls++;
    if (st == LM_OK && FX.share_level != 0 && level > FX.share_level)
        st = LM_EACCES;
    if (st != LM_OK)
        return lm_error_set(&h->err, st, LM_RAW_WIN32, 5, "refused at level %d", level);
    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_share s = {0};

        if (F.share_page == 0 ? i == 0 : i % F.share_page == 0)
            F.share_pages++;
        st = table_copy(&v[i], level, &s, &h->err);
        if (st == LM_OK)
            st = fn(ctx, &s, level == 502 ? v[i].sd : NULL, level == 502 ? v[i].sd_len : 0);
        lm__share_clear(&s);
    }
    return st;
}

static lm_status share_get(struct lm_host *h, const char *name, int level, lm_share **out)
{
    lm_status st = F.share_status[level_index(level)];

    F.calls++;
    F.share_calls++;
    if (share_table()) {
        const struct memhost_share *t = table_find(name);

        if (t == NULL)
            return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
        *out = calloc(1, sizeof **out);
        if ((st = table_copy(t, level, *out, &h->err)) != LM_OK) {
            lm_share_list_free(*out, 1);
            *out = NULL;
        }
        return st;
    }
    if (st == LM_OK && !F.share_exists)
        st = LM_ENOENT;
    if (st != LM_OK)
        return lm_error_set(&h->err, st, LM_RAW_NERR, 2310, "no share %s", name);
    *out = one_share(name);
    return LM_OK;
}

static lm_status share_add(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd, size_t sdlen)
{
    F.calls++;
    F.add_calls++;
    if (FX.share_table) {
        struct memhost_share *t;
        char *sddl = NULL;

        if (failing(h, "share_add"))
            return FX.fail_status;
        if (table_find(spec->name) != NULL)
            return lm_error_set(&h->err, LM_EEXIST, LM_RAW_NERR, 2118, "share %s exists", spec->name);
        if (F.nshares == MEMHOST_MAX)
            return lm_error_set(&h->err, LM_EOVERFLOW, LM_RAW_NONE, 0, "memhost share table full");
        t = &F.shares[F.nshares++];
        memset(t, 0, sizeof *t);
        snprintf(t->name, sizeof t->name, "%s", spec->name);
        snprintf(t->path, sizeof t->path, "%s", spec->path);
        snprintf(t->remark, sizeof t->remark, "%s", spec->remark != NULL ? spec->remark : "");
        t->max_uses = spec->max_uses;
        /* As a server does: no descriptor given is full access for everyone. */
        if (sd != NULL && lm__sd_to_sddl(sd, sdlen, &sddl, NULL) == LM_OK)
            snprintf(t->sddl, sizeof t->sddl, "%s", sddl);
        else
            snprintf(t->sddl, sizeof t->sddl, "D:(A;;FA;;;WD)");
        free(sddl);
        if (sd != NULL && sdlen <= sizeof t->sdbuf) {
            memcpy(t->sdbuf, sd, sdlen);
            t->sdbuf_len = sdlen;
        }
        FX.writes++;
    }
    F.added_sdlen = sdlen;
    if (sd != NULL && sdlen <= sizeof F.added_sd)
        memcpy(F.added_sd, sd, sdlen);
    return LM_OK;
}

static lm_status share_del(struct lm_host *h, const char *name)
{
    struct memhost_share *t;

    F.calls++;
    if (!FX.share_table)
        return LM_OK;
    if (failing(h, "share_del"))
        return FX.fail_status;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    memmove(t, t + 1, (size_t)(&F.shares[F.nshares] - (t + 1)) * sizeof *t);
    F.nshares--;
    FX.writes++;
    return LM_OK;
}

static lm_status share_get_sd(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen)
{
    const struct memhost_share *t;
    const uint8_t *p;
    size_t n;

    F.calls++;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    p = t->sd != NULL ? t->sd : t->sdbuf;
    n = t->sd != NULL ? t->sd_len : t->sdbuf_len;
    *sd = NULL;
    *sdlen = 0;
    if (n > 0) {
        if ((*sd = malloc(n)) == NULL)
            return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        memcpy(*sd, p, n);
        *sdlen = n;
    }
    return LM_OK;
}

static lm_status share_set_sd(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen)
{
    struct memhost_share *t;
    char *sddl = NULL;

    F.calls++;
    F.set_sd_calls++;
    if (!FX.share_table)
        return LM_OK;
    if (failing(h, "share_set_sd"))
        return FX.fail_status;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    if (sdlen > sizeof t->sdbuf || lm__sd_to_sddl(sd, sdlen, &sddl, &h->err) != LM_OK)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_WIN32, 87, "bad descriptor");
    snprintf(t->sddl, sizeof t->sddl, "%s", sddl);
    free(sddl);
    memcpy(t->sdbuf, sd, sdlen);
    t->sdbuf_len = sdlen;
    t->sd = NULL;
    FX.writes++;
    return LM_OK;
}

static lm_status share_set(struct lm_host *h, const char *name, const char *remark, const uint32_t *max_uses)
{
    struct memhost_share *t;

    F.calls++;
    if (!FX.share_table)
        return LM_OK;
    if (failing(h, "share_set"))
        return FX.fail_status;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    if (remark != NULL)
        snprintf(t->remark, sizeof t->remark, "%s", remark);
    if (max_uses != NULL)
        t->max_uses = *max_uses;
    FX.writes++;
    return LM_OK;
}

static lm_status share_get_flags(struct lm_host *h, const char *name, uint32_t *flags)
{
    const struct memhost_share *t;

    if (!FX.share_flags)
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_WIN32, 124, "level 1005 not supported");
    F.calls++;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    *flags = t->flags;
    return LM_OK;
}

static lm_status share_set_flags(struct lm_host *h, const char *name, uint32_t flags)
{
    struct memhost_share *t;

    if (!FX.share_flags)
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_WIN32, 124, "level 1005 not supported");
    F.calls++;
    if (failing(h, "share_set_flags"))
        return FX.fail_status;
    if ((t = table_find(name)) == NULL)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NERR, 2310, "no share %s", name);
    if (!FX.flags_kept) {
        t->flags = flags;
        FX.writes++;
    }
    return LM_OK;
}

/* "Everyone" is S-1-1-0, "DOM\alice" (or "alice") S-1-5-21-1-2-3-1000; anything else is unknown. */
static lm_status lookup_sid(struct lm_host *h, const char *account, uint8_t *sid, size_t *len)
{
    static const uint8_t everyone[] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    static const uint8_t alice[] = {1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0,    0, 1, 0,
                                    0, 0, 2, 0, 0, 0, 3, 0, 0,  0, 0xE8, 3, 0, 0};

    F.calls++;
    F.lookups++;
    if (strcmp(account, "alice") == 0 || strcmp(account, "DOM\\alice") == 0) {
        memcpy(sid, alice, sizeof alice);
        *len = sizeof alice;
        return LM_OK;
    }
    if (strcmp(account, "Everyone") != 0)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_WIN32, 1332, "no account %s", account);
    memcpy(sid, everyone, sizeof everyone);
    *len = sizeof everyone;
    return LM_OK;
}

/* S-1-5-21-1-2-3-1000 is "DOM\alice"; any other SID is unknown. */
static lm_status lookup_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names)
{
    struct lm__sid alice;

    F.calls++;
    F.lookups++;
    if (failing(h, "lookup_names"))
        return FX.fail_status;
    lm__sid_from_string("S-1-5-21-1-2-3-1000", &alice);
    for (size_t i = 0; i < n; i++)
        names[i] = sids[i].count == alice.count && memcmp(sids[i].auth, alice.auth, sizeof alice.auth) == 0 &&
                           memcmp(sids[i].sub, alice.sub, alice.count * sizeof alice.sub[0]) == 0
                       ? strdup("DOM\\alice")
                       : NULL;
    return LM_OK;
}

static lm_status server_info(struct lm_host *h, struct lm__host_info *out)
{
    F.calls++;
    if (F.info.name[0] == '\0')
        return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0, "no server information");
    *out = F.info;
    return LM_OK;
}

/* -- sessions and open files: every session and file, whatever the filters (as Samba does); the log says
 * what was asked. -- */

/* Appends "what:a|b;" (NULL as "-") to F.session_log; b NULL and no_b: "what:a;". */
static void slog(const char *what, const char *a, const char *b, bool no_b)
{
    size_t len = strlen(F.session_log);

    snprintf(F.session_log + len, sizeof F.session_log - len, "%s:%s%s%s;", what, a != NULL ? a : "-",
             no_b ? "" : "|",
             no_b        ? ""
             : b != NULL ? b
                         : "-");
}

static lm_status session_enum(struct lm_host *h, int level, const char *client, const char *user,
                              lm_session **out, size_t *n)
{
    char lv[8];
    lm_status st = F.session_status[level == 502 ? 0 : level == 1 ? 1 : 2];
    lm_session *v;

    (void)client, (void)user;
    snprintf(lv, sizeof lv, "%d", level);
    slog("enum", lv, NULL, true);
    if (st != LM_OK)
        return lm_error_set(&h->err, st, LM_RAW_WIN32, 5, "refused at level %d", level);
    v = calloc(F.nsessions + 1, sizeof *v);
    for (size_t i = 0; i < F.nsessions; i++) {
        v[i].client = dup(F.sessions[i].client);
        v[i].user = dup(F.sessions[i].user);
        v[i].level = level;
    }
    *out = v;
    *n = F.nsessions;
    return LM_OK;
}

static lm_status session_del(struct lm_host *h, const char *client, const char *user)
{
    (void)h;
    slog("del", client, user, false);
    return LM_OK;
}

static lm_status file_enum(struct lm_host *h, const char *user, lm_open_file **out, size_t *n)
{
    lm_open_file *v;

    (void)user;
    if (F.file_status != LM_OK)
        return lm_error_set(&h->err, F.file_status, LM_RAW_WIN32, 50, "no open files here");
    v = calloc(F.nfiles + 1, sizeof *v);
    for (size_t i = 0; i < F.nfiles; i++) {
        v[i].id = F.files[i].id;
        v[i].path = dup(F.files[i].path);
        v[i].user = dup(F.files[i].user);
    }
    *out = v;
    *n = F.nfiles;
    return LM_OK;
}

static lm_status file_close(struct lm_host *h, uint32_t id)
{
    char s[16];

    (void)h;
    snprintf(s, sizeof s, "%lu", (unsigned long)id);
    slog("close", s, NULL, true);
    return LM_OK;
}

static uint64_t now_ms(struct lm_host *h)
{
    (void)h;
    return F.clock;
}

static void sleep_ms(struct lm_host *h, unsigned ms)
{
    (void)h;
    F.clock += ms;
    F.sleeps++;
    F.last_sleep = ms;
}

static const struct lm__host_ops memhost_ops = {
    .name = "memhost",
    .svc_enum = svc_enum,
    .svc_status = svc_status,
    .svc_config = svc_config,
    .svc_start = svc_start,
    .svc_control = svc_control,
    .svc_active_dependents = svc_active_dependents,
    .svc_set_start_type = svc_set_start_type,
    .reg_list = reg_list,
    .reg_get = reg_get,
    .reg_set = reg_set,
    .reg_delete = reg_delete,
    .reg_subkeys = reg_subkeys,
    .reg_get_system = reg_get_system,
    .share_enum = share_enum,
    .share_get = share_get,
    .share_add = share_add,
    .share_del = share_del,
    .share_set = share_set,
    .share_get_sd = share_get_sd,
    .share_set_sd = share_set_sd,
    .share_get_flags = share_get_flags,
    .share_set_flags = share_set_flags,
    .lookup_sid = lookup_sid,
    .lookup_names = lookup_names,
    .server_info = server_info,
    .session_enum = session_enum,
    .session_del = session_del,
    .file_enum = file_enum,
    .file_close = file_close,
    .now_ms = now_ms,
    .sleep_ms = sleep_ms,
};

void memhost_reset(void)
{
    memset(&F, 0, sizeof F);
    memset(&FX, 0, sizeof FX);
    memset(checkpoints, 0, sizeof checkpoints);
    memset(&memhost, 0, sizeof memhost);
    memhost.ops = &memhost_ops;
    F.delay_polls = 1;
    F.delay_advance = true;
    F.delay_hint = 3000;
    F.clock = 1000000;
}

struct memhost_svc *memhost_add(const char *name, const char *display, lm_service_state state)
{
    struct memhost_svc *s = &F.svc[F.nsvc++];

    memset(s, 0, sizeof *s);
    s->name = name;
    s->display = display;
    s->state = s->target = state;
    s->start = LM_START_MANUAL;
    s->accepted = LM_SERVICE_ACCEPT_STOP | LM_SERVICE_ACCEPT_PAUSE_CONTINUE;
    return s;
}
