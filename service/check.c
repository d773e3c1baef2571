/* The check: the plan from the baseline to the live host (the code of `lanman config apply --dry-run`),
 * recorded item by item, and applied with enforce = yes. What was recorded is remembered, so that a state
 * is recorded when it changes, not at every interval. Portable: no OS headers. */
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#define ERR_MAX 1024

static bool set_has(const struct agent_strset *s, const char *k)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], k) == 0)
            return true;
    }
    return false;
}

/* Takes k (malloc'd); false when out of memory (k is freed). */
static bool set_add(struct agent_strset *s, char *k)
{
    char **v = realloc(s->v, (s->n + 1) * sizeof *v);

    if (v == NULL) {
        free(k);
        return false;
    }
    s->v = v;
    s->v[s->n++] = k;
    return true;
}

static void set_clear(struct agent_strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

/* What identifies a drift item (and, with why, an enforcement failure): object, expected and actual. */
static char *item_key(const lm_plan_step *st, const char *why)
{
    const char *parts[4] = {st->object, st->expected, st->actual, why};
    size_t n = 0;
    char *k, *p;

    for (int i = 0; i < 4; i++)
        n += (parts[i] != NULL ? strlen(parts[i]) : 0) + 2;
    if ((k = malloc(n + 1)) == NULL)
        return NULL;
    p = k;
    for (int i = 0; i < 4; i++) {
        /* \x1f separates; \x01 marks an absent value, which no text from the library holds. */
        size_t len = parts[i] != NULL ? strlen(parts[i]) : 1;
        memcpy(p, parts[i] != NULL ? parts[i] : "\x01", len);
        p += len;
        *p++ = '\x1f';
    }
    *p = '\0';
    return k;
}

static const char *host_label(const struct agent *a)
{
    return a->conf.server != NULL ? a->conf.server : "local";
}

/* '"value"', or 'absent' for NULL, into buf. */
static const char *quoted(const char *v, char *buf, size_t size)
{
    if (v == NULL)
        return "absent";
    snprintf(buf, size, "\"%s\"", v);
    return buf;
}

static void drift_record(struct agent *a, const char *event, const lm_plan_step *st, const char *error)
{
    struct agent_drift_rec r = {
        event, host_label(a), lm_step_kind_name(st->kind), st->object, st->expected, st->actual, error};
    char why[ERR_MAX];

    /* A drift log that cannot be written is a problem of the agent's own, recorded like a failed check. */
    if (!agent_drift_append(a->conf.drift_log, &r, why, sizeof why))
        agent_log(AGENT_EV_CHECK_FAILED, "%s", why);
}

/* Once per stage of failure: an outage is one record however its symptoms vary while it lasts (refused,
 * reset, timed out), and a new one when the failure moves to another stage (connected, but the logon is
 * refused). */
static void check_failed(struct agent *a, const char *what, const char *why)
{
    char msg[ERR_MAX];

    if (a->failure_what != NULL && strcmp(a->failure_what, what) == 0)
        return;
    snprintf(msg, sizeof msg,
             "cannot check %s: %s%s%s; retrying in 1 s, then at growing intervals up to %u s", host_label(a),
             what, *why != '\0' ? ": " : "", why, a->conf.interval_s);
    agent_log(AGENT_EV_CHECK_FAILED, "%s", msg);
    free(a->failure);
    free(a->failure_what);
    a->failure = strdup(msg);
    a->failure_what = strdup(what);
}

static void check_succeeded(struct agent *a)
{
    if (a->failure != NULL) {
        agent_log(AGENT_EV_CHECK_OK, "checks of %s succeed again", host_label(a));
        free(a->failure);
        a->failure = NULL;
    }
    free(a->failure_what);
    a->failure_what = NULL;
}

unsigned agent_next_wait_s(struct agent *a)
{
    unsigned interval = a->conf.interval_s > 0 ? a->conf.interval_s : 1;

    if (a->failure == NULL) {
        a->backoff_s = 0;
        return interval;
    }
    a->backoff_s = a->backoff_s == 0 ? 1 : (a->backoff_s < interval / 2 ? a->backoff_s * 2 : interval);
    return a->backoff_s < interval ? a->backoff_s : interval;
}

struct apply_ctx {
    struct agent *a;
    struct agent_strset refused; /* this round's failures */
    bool failed;
};

static void on_step(void *ctx, const lm_plan_step *st, lm_status status, const lm_error *err)
{
    struct apply_ctx *c = ctx;
    char e[ERR_MAX], x[ERR_MAX];
    const char *why;
    char *k;

    if (status == LM_OK) {
        if (st->expected == NULL)
            agent_log(AGENT_EV_CORRECTED, "%s: %s: %s: removed", host_label(c->a),
                      lm_step_kind_name(st->kind), st->object);
        else
            agent_log(AGENT_EV_CORRECTED, "%s: %s: %s: restored to %s", host_label(c->a),
                      lm_step_kind_name(st->kind), st->object, quoted(st->expected, e, sizeof e));
        drift_record(c->a, "corrected", st, NULL);
        return;
    }
    c->failed = true;
    why = err != NULL && err->message[0] != '\0' ? err->message : lm_strerror(status);
    if ((k = item_key(st, why)) == NULL)
        return;
    if (!set_has(&c->a->refused, k)) {
        agent_log(AGENT_EV_ENFORCE_FAILED, "%s: cannot %s %s (expected %s, actual %s): %s", host_label(c->a),
                  lm_step_kind_name(st->kind), st->object, quoted(st->expected, e, sizeof e),
                  quoted(st->actual, x, sizeof x), why);
        drift_record(c->a, "enforcement failed", st, why);
    }
    set_add(&c->refused, k);
}

static void enforce(struct agent *a, lm_host *h, const lm_plan *plan)
{
    struct apply_ctx c = {a, {0}, false};
    size_t done = 0;
    lm_status st = lm_plan_apply(h, plan, on_step, &c, &done);

    if (st != LM_OK && !c.failed) {
        /* Failed before any step reported (should not happen): say so once, like a failed check. */
        const lm_error *e = lm_host_error(h);
        check_failed(a, "applying the plan", e->message[0] != '\0' ? e->message : lm_strerror(st));
    }
    set_clear(&a->refused);
    a->refused = c.refused;
    if (st == LM_OK && done == plan->n)
        set_clear(&a->drift); /* every item undone: the next drift is news again */
}

/* Kerberos from the configuration's keytab: the principal is user (USER@REALM or REALM\USER). */
static void keytab_creds(const struct agent_conf *c, lm_smb_credentials *cr)
{
    memset(cr, 0, sizeof *cr);
    cr->domain = c->domain;
    cr->user = c->user;
    cr->keytab = c->keytab;
    cr->auth = LM_SMB_AUTH_KERBEROS;
}

/* The keytab is only used at a check: one that is missing, that the agent cannot read or that holds no key
 * for user is a configuration error when the configuration is read (--check-config, start, reload), not a
 * failed check later. Nothing is asked of a KDC. */
static bool keytab_usable(const char *conf_path, const struct agent_conf *c)
{
    lm_smb_credentials cr;
    lm_error e;

    keytab_creds(c, &cr);
    lm_error_clear(&e);
    if (lm_smb_keytab_check(&cr, &e) == LM_OK)
        return true;
    agent_log(AGENT_EV_CONFIG_ERROR, "%s: %s", conf_path,
              e.message[0] != '\0' ? e.message : lm_strerror(e.status));
    return false;
}

/* What the plan skips (a value that names code to load) is never undone, so it is not drift: logged once
 * while it lasts, again when it changes. */
static void log_skipped(struct agent *a, const lm_plan *plan)
{
    struct agent_strset now = {0};
    char e[ERR_MAX], x[ERR_MAX];

    for (size_t i = 0; i < plan->nskipped; i++) {
        const lm_plan_skip *s = &plan->skipped[i];
        lm_plan_step as = {LM_STEP_PARAMETER_SET, s->object, s->expected, s->actual};
        char *k = item_key(&as, s->why);

        if (k == NULL)
            continue;
        if (!set_has(&a->skipped, k))
            agent_log(AGENT_EV_DRIFT, "%s: %s: expected %s, actual %s (skipped: %s)", host_label(a),
                      s->object, quoted(s->expected, e, sizeof e), quoted(s->actual, x, sizeof x), s->why);
        set_add(&now, k);
    }
    set_clear(&a->skipped);
    a->skipped = now;
}

size_t agent_check(struct agent *a)
{
    lm_host_options o;
    lm_smb_options so;
    lm_smb_credentials cr;
    struct agent_strset now = {0};
    lm_plan_options po = {a->conf.parts, a->conf.prune, NULL, 0};
    char why[ERR_MAX], e[ERR_MAX], x[ERR_MAX];
    char *pw = NULL;
    lm_plan *plan = NULL;
    lm_host *h = NULL;
    lm_error err;
    lm_status st;
    size_t n;

    memset(&o, 0, sizeof o);
    memset(&so, 0, sizeof so);
    o.size = sizeof o;
    o.server = a->conf.server;
    so.port = a->conf.port;
    so.timeout_ms = (int)a->conf.timeout_s * 1000;
    so.require_signing = a->conf.require_signing;
    so.require_encryption = a->conf.require_encryption;
    o.smb = &so;
    if (a->conf.user != NULL && a->conf.keytab != NULL) {
        /* A ticket from the keytab at every check, into a private cache destroyed after the logon. */
        keytab_creds(&a->conf, &cr);
        o.creds = &cr;
    } else if (a->conf.user != NULL) {
        /* Read at every check, so that a changed password needs no reload; zeroed once logged on. */
        if ((pw = agent_read_password(a->conf.password_file, why, sizeof why)) == NULL) {
            check_failed(a, "credentials", why);
            return 0;
        }
        memset(&cr, 0, sizeof cr);
        cr.domain = a->conf.domain;
        cr.user = a->conf.user;
        cr.password = pw;
        o.creds = &cr;
    } else {
        /* No user: the default identity (Kerberos from the default credentials, KRB5CCNAME or
         * KRB5_CLIENT_KTNAME, else a null session; on Windows the service account), not NULL's null session.
         */
        memset(&cr, 0, sizeof cr);
        cr.auth = LM_SMB_AUTH_AUTO;
        o.creds = &cr;
    }
    lm_error_clear(&err);
    st = lm_host_open(&o, &h, &err);
    agent_secret_free(pw);
    if (st != LM_OK) {
        check_failed(a, "connecting", err.message[0] != '\0' ? err.message : lm_strerror(st));
        return 0;
    }
    st = lm_plan_compute(h, a->baseline, &po, &plan);
    if (st != LM_OK) {
        const lm_error *he = lm_host_error(h);
        check_failed(a, "computing the plan", he->message[0] != '\0' ? he->message : lm_strerror(st));
        lm_host_close(h);
        return 0;
    }
    check_succeeded(a);
    log_skipped(a, plan);
    n = plan->n;
    for (size_t i = 0; i < n; i++) {
        const lm_plan_step *s = &plan->steps[i];
        char *k = item_key(s, NULL);
        if (k == NULL)
            continue;
        if (!set_has(&a->drift, k)) {
            agent_log(AGENT_EV_DRIFT, "%s: %s: expected %s, actual %s (to undo: %s)", host_label(a),
                      s->object, quoted(s->expected, e, sizeof e), quoted(s->actual, x, sizeof x),
                      lm_step_kind_name(s->kind));
            drift_record(a, "drift", s, NULL);
        }
        set_add(&now, k);
    }
    if (n == 0 && a->drift.n > 0)
        agent_log(AGENT_EV_IN_SYNC, "%s matches the baseline again", host_label(a));
    set_clear(&a->drift);
    a->drift = now;
    if (n > 0 && a->conf.enforce)
        enforce(a, h, plan);
    else if (n == 0)
        set_clear(&a->refused);
    lm_plan_free(plan);
    lm_host_close(h);
    return n;
}

/* The agent reads nothing that a non-administrator can change (service/README.md). */
static bool trusted(const char *conf_path, const char *what, const char *path)
{
    char err[AGENT_CONF_ERROR_MAX];

    switch (agent_trust_file(what, path, err, sizeof err)) {
    case AGENT_TRUST_OK:
        return true;
    case AGENT_TRUST_REFUSED:
        agent_log(AGENT_EV_UNSAFE_FILE, "%s: %s", conf_path, err);
        return false;
    case AGENT_TRUST_UNKNOWN:
    default:
        agent_log(AGENT_EV_CONFIG_ERROR, "%s: %s", conf_path, err);
        return false;
    }
}

bool agent_load(struct agent *a, const char *conf_path)
{
    struct agent_conf c;
    char err[AGENT_CONF_ERROR_MAX];
    const char *why;
    lm_baseline *b = NULL;
    lm_error e;
    FILE *f;

    if (!trusted(conf_path, "configuration file", conf_path))
        return false;
    if (!agent_conf_load(conf_path, &c, err, sizeof err)) {
        agent_log(AGENT_EV_CONFIG_ERROR, "%s", err);
        return false;
    }
    if ((why = agent_plat_unusable(&c)) != NULL) {
        agent_log(AGENT_EV_CONFIG_ERROR, "%s: %s", conf_path, why);
        agent_conf_free(&c);
        return false;
    }
    if (!trusted(conf_path, "baseline", c.baseline) ||
        (c.password_file != NULL && !trusted(conf_path, "password file", c.password_file)) ||
        (c.keytab != NULL && !trusted(conf_path, "keytab", c.keytab)) ||
        !trusted(conf_path, "drift log", c.drift_log) ||
        (c.keytab != NULL && !keytab_usable(conf_path, &c))) {
        agent_conf_free(&c);
        return false;
    }
    lm_error_clear(&e);
    if (lm_baseline_load(c.baseline, &b, &e) != LM_OK) {
        agent_log(AGENT_EV_CONFIG_ERROR, "%s: bad baseline '%s': %s", conf_path, c.baseline,
                  e.message[0] != '\0' ? e.message : lm_strerror(e.status));
        agent_conf_free(&c);
        return false;
    }
    /* The drift log must be writable from the start, not at the first drift. */
    if ((f = agent_plat_fopen(c.drift_log, "ab")) == NULL) {
        agent_log(AGENT_EV_CONFIG_ERROR, "%s: cannot open drift_log '%s' for appending", conf_path,
                  c.drift_log);
        lm_baseline_free(b);
        agent_conf_free(&c);
        return false;
    }
    fclose(f);
    /* What was recorded stays recorded: a reload alone is not a change of state. An item whose expected
     * value the new baseline changes is a new item. */
    agent_conf_free(&a->conf);
    lm_baseline_free(a->baseline);
    a->conf = c;
    a->baseline = b;
    return true;
}

int agent_check_config(const char *conf_path)
{
    struct agent a;

    memset(&a, 0, sizeof a);
    if (!agent_load(&a, conf_path))
        return AGENT_EXIT_CONFIG;
    printf("%s: ok (baseline %s, drift log %s)\n", conf_path, a.conf.baseline, a.conf.drift_log);
    agent_free(&a);
    return AGENT_EXIT_OK;
}

void agent_free(struct agent *a)
{
    agent_conf_free(&a->conf);
    lm_baseline_free(a->baseline);
    set_clear(&a->drift);
    set_clear(&a->refused);
    set_clear(&a->skipped);
    free(a->failure);
    free(a->failure_what);
    memset(a, 0, sizeof *a);
}
