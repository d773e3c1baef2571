/* Services, written once above the backend primitives: pattern filtering as Get-Service does it, and
 * control with the state waits of Microsoft's "Starting a Service" / "Stopping a Service" samples. Portable:
 * no OS headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "core/text.h"
#include "core/wildcard.h"
#include "os/clock.h"

#define DEFAULT_PATTERN    "Lanman*"
#define DEFAULT_TIMEOUT_MS 30000
#define NAMES_MAX          LM_ERROR_MESSAGE_MAX

const char *lm_service_state_name(lm_service_state s)
{
    switch (s) {
    case LM_SERVICE_STOPPED:
        return "Stopped";
    case LM_SERVICE_START_PENDING:
        return "StartPending";
    case LM_SERVICE_STOP_PENDING:
        return "StopPending";
    case LM_SERVICE_RUNNING:
        return "Running";
    case LM_SERVICE_CONTINUE_PENDING:
        return "ContinuePending";
    case LM_SERVICE_PAUSE_PENDING:
        return "PausePending";
    case LM_SERVICE_PAUSED:
        return "Paused";
    }
    return "Unknown";
}

const char *lm_start_type_name(lm_start_type t)
{
    switch (t) {
    case LM_START_BOOT:
        return "Boot";
    case LM_START_SYSTEM:
        return "System";
    case LM_START_AUTOMATIC:
        return "Automatic";
    case LM_START_AUTOMATIC_DELAYED:
        return "AutomaticDelayed";
    case LM_START_MANUAL:
        return "Manual";
    case LM_START_DISABLED:
        return "Disabled";
    }
    return "Unknown";
}

/* Moves the configuration fields svc_config filled into s, keeping s's name and status fields. */
static void take_config(lm_service *s, lm_service *cfg)
{
    if (cfg->display_name != NULL) {
        free(s->display_name);
        s->display_name = cfg->display_name;
        cfg->display_name = NULL;
    }
    s->description = cfg->description;
    s->start_type = cfg->start_type;
    s->service_type = cfg->service_type;
    s->binary_path = cfg->binary_path;
    s->start_name = cfg->start_name;
    s->depends_on = cfg->depends_on;
    s->ndepends_on = cfg->ndepends_on;
    s->dependents = cfg->dependents;
    s->ndependents = cfg->ndependents;
    s->detailed = true;
    cfg->description = cfg->binary_path = cfg->start_name = NULL;
    cfg->depends_on = cfg->dependents = NULL;
    cfg->ndepends_on = cfg->ndependents = 0;
    lm__service_clear(cfg);
}

static int by_name(const void *a, const void *b)
{
    const lm_service *x = a, *y = b;

    return lm__ascii_casecmp(x->name, y->name);
}

/* 1 when the service's name or display name matches the pattern (already checked), else 0. */
static int service_matches(const char *pattern, const lm_service *s)
{
    if (lm__wildcard_match(pattern, s->name) == 1)
        return 1;
    return s->display_name != NULL && lm__wildcard_match(pattern, s->display_name) == 1;
}

/* Get-Service, Stop-Service and every other command say the same for a service that is not there, whatever
 * the backend answered (WERR_SERVICE_DOES_NOT_EXIST, ERROR_SERVICE_DOES_NOT_EXIST); the raw code stays on
 * the error. */
static lm_status no_such_service(struct lm_host *h, const char *name)
{
    return lm_error_set(&h->err, LM_ENOENT, h->err.raw_kind, h->err.raw,
                        "Cannot find any service with service name '%s'.", name);
}

/* A request that failed, named by the operation: a remote server's code (WERROR, fault) becomes one
 * sentence with the code in parentheses, "not supported" naming what is not; the Win32 backend's messages
 * are sentences already. */
static lm_status op_fail(struct lm_host *h, const char *operation, const char *context)
{
    char cause[128];

    if (h->err.raw_kind != LM_RAW_WERROR && h->err.raw_kind != LM_RAW_RPC_FAULT)
        return lm__host_context(h, "%s", context);
    if (h->err.status != LM_ENOTSUP)
        return lm__host_cause(h, lm_strerror(h->err.status), "%s", context);
    snprintf(cause, sizeof cause, "%s is not supported by this server", operation);
    return lm__host_cause(h, cause, "%s", context);
}

lm_status lm_service_list(lm_host *h, const char *const *patterns, size_t n, bool detailed, lm_service **out,
                          size_t *count)
{
    static const char *const def[] = {DEFAULT_PATTERN};
    lm_service *all = NULL;
    size_t nall = 0, kept = 0;
    bool *hit;
    lm_status st;

    lm_error_clear(&h->err);
    if (n == 0) {
        patterns = def;
        n = 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (patterns[i] == NULL || lm__wildcard_check(patterns[i]) != LM_OK)
            return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "invalid service name pattern '%s'",
                                patterns[i] != NULL ? patterns[i] : "(null)");
    }
    hit = calloc(n, sizeof *hit);
    if (hit == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "cannot list services: out of memory");
    st = h->ops->svc_enum(h, &all, &nall);
    if (st != LM_OK) {
        free(hit);
        return lm__host_context(h, "cannot list services");
    }
    /* Keep the matches at the front of the array, free the rest. */
    for (size_t i = 0; i < nall; i++) {
        bool keep = false;

        for (size_t j = 0; j < n; j++) {
            if (service_matches(patterns[j], &all[i])) {
                hit[j] = true;
                keep = true;
            }
        }
        if (keep) {
            lm_service tmp = all[i];

            all[i] = all[kept];
            all[kept++] = tmp;
        }
    }
    for (size_t i = kept; i < nall; i++)
        lm__service_clear(&all[i]);
    /* Get-Service: a name without wildcards must find a service; a wildcard pattern may find none. */
    for (size_t j = 0; j < n && st == LM_OK; j++) {
        if (!hit[j] && !lm__wildcard_has_meta(patterns[j]))
            st = no_such_service(h, patterns[j]);
    }
    free(hit);
    for (size_t i = 0; i < kept && st == LM_OK && detailed; i++) {
        lm_service cfg = {0};

        st = h->ops->svc_config(h, all[i].name, &cfg);
        if (st == LM_OK)
            take_config(&all[i], &cfg);
        else
            lm__host_context(h, "cannot query service %s", all[i].name);
    }
    if (st != LM_OK) {
        lm_service_list_free(all, nall);
        return st;
    }
    if (kept > 1)
        qsort(all, kept, sizeof *all, by_name);
    if (kept == 0) {
        free(all);
        all = NULL;
    }
    *out = all;
    *count = kept;
    return LM_OK;
}

/* -- control -- */

struct waiter {
    struct lm_host *h;
    uint64_t deadline;
    int timeout_ms;
};

static uint64_t now(struct lm_host *h)
{
    return h->ops->now_ms != NULL ? h->ops->now_ms(h) : (uint64_t)lm__clock_now_ms();
}

static void pause_ms(struct lm_host *h, unsigned ms)
{
    if (h->ops->sleep_ms != NULL)
        h->ops->sleep_ms(h, ms);
    else
        lm__clock_sleep_ms(ms);
}

static lm_status status_of(struct lm_host *h, const char *name, lm_service *st)
{
    memset(st, 0, sizeof *st);
    if (h->ops->svc_status(h, name, st) != LM_OK)
        return lm__host_context(h, "cannot query service %s", name);
    return LM_OK;
}

static bool is_pending(lm_service_state s)
{
    return s == LM_SERVICE_START_PENDING || s == LM_SERVICE_STOP_PENDING || s == LM_SERVICE_PAUSE_PENDING ||
           s == LM_SERVICE_CONTINUE_PENDING;
}

/* Polls until the service is in target. While it is pending (or still in from, the state before the
 * control was taken up), the poll interval is a tenth of the wait hint, 1 to 10 s; the checkpoint must
 * advance within the wait hint (at least one interval), and everything must end by the deadline. */
static lm_status wait_for(struct waiter *w, const char *name, lm_service_state from, lm_service_state target)
{
    struct lm_host *h = w->h;
    lm_service s;
    uint64_t progress_at;
    uint32_t checkpoint;
    lm_service_state last;
    bool moved = false;

    if (status_of(h, name, &s) != LM_OK)
        return h->err.status;
    progress_at = now(h);
    checkpoint = s.checkpoint;
    last = s.status;
    while (s.status != target) {
        uint64_t t = now(h), wait, window;

        /* Back in the starting state after a pending one: the service gave up (e.g. died while starting). */
        moved = moved || is_pending(s.status);
        if (!is_pending(s.status) && (s.status != from || moved))
            return lm_error_set(&h->err, LM_ESTATE, LM_RAW_NONE, 0, "%s is %s, not %s (exit code %u)", name,
                                lm_service_state_name(s.status), lm_service_state_name(target),
                                (unsigned)s.win32_exit_code);
        wait = s.wait_hint_ms / 10;
        wait = wait < 1000 ? 1000 : wait > 10000 ? 10000 : wait;
        window = s.wait_hint_ms > wait ? s.wait_hint_ms : wait;
        if (t - progress_at > window)
            return lm_error_set(
                &h->err, LM_ETIMEDOUT, LM_RAW_NONE, 0,
                "%s is not responding: still %s with no progress within its wait hint (%u ms)", name,
                lm_service_state_name(s.status), (unsigned)s.wait_hint_ms);
        if (t >= w->deadline)
            return lm_error_set(&h->err, LM_ETIMEDOUT, LM_RAW_NONE, 0,
                                "timed out after %d ms waiting for %s to be %s (it is %s)", w->timeout_ms,
                                name, lm_service_state_name(target), lm_service_state_name(s.status));
        if (wait > w->deadline - t)
            wait = w->deadline - t;
        pause_ms(h, (unsigned)wait);
        if (status_of(h, name, &s) != LM_OK)
            return h->err.status;
        if (s.checkpoint != checkpoint || s.status != last) {
            progress_at = now(h);
            checkpoint = s.checkpoint;
            last = s.status;
        }
    }
    return LM_OK;
}

/* True when a service in state s is on its way to target by itself. */
static bool heading_for(lm_service_state s, lm_service_state target)
{
    switch (target) {
    case LM_SERVICE_RUNNING:
        return s == LM_SERVICE_START_PENDING || s == LM_SERVICE_CONTINUE_PENDING;
    case LM_SERVICE_STOPPED:
        return s == LM_SERVICE_STOP_PENDING;
    case LM_SERVICE_PAUSED:
        return s == LM_SERVICE_PAUSE_PENDING;
    default:
        return false;
    }
}

/* Sends a control; when the backend refuses it, the current state may already be the goal (a race with
 * another controller, or "already running"), which is success. */
static lm_status send(struct waiter *w, const char *name, uint32_t code, lm_service_state from,
                      lm_service_state target, const char *verb, const char *operation)
{
    struct lm_host *h = w->h;
    lm_status st = code == 0 ? h->ops->svc_start(h, name) : h->ops->svc_control(h, name, code);
    char context[300];

    if (st != LM_OK) {
        lm_service s = {0};
        lm_error saved = h->err;

        if (st != LM_ENOENT && h->ops->svc_status(h, name, &s) == LM_OK &&
            (s.status == target || heading_for(s.status, target)))
            return wait_for(w, name, from, target);
        h->err = saved;
        if (st == LM_EDISABLED)
            return lm_error_set(&h->err, st, h->err.raw_kind, h->err.raw,
                                "cannot start %s: %s is disabled; set its start type first", name, name);
        snprintf(context, sizeof context, "cannot %s %s", verb, name);
        return op_fail(h, operation, context);
    }
    return wait_for(w, name, from, target);
}

static lm_status stop_one(struct waiter *w, const char *name)
{
    lm_service s;

    if (status_of(w->h, name, &s) != LM_OK)
        return w->h->err.status;
    if (s.status == LM_SERVICE_STOPPED)
        return LM_OK;
    if (s.status == LM_SERVICE_STOP_PENDING)
        return wait_for(w, name, LM_SERVICE_STOP_PENDING, LM_SERVICE_STOPPED);
    return send(w, name, LM__SVC_CONTROL_STOP, s.status, LM_SERVICE_STOPPED, "stop", "stopping services");
}

static void join_names(char *buf, size_t size, char **v, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", v[i]);

        if (k < 0)
            break;
        used += (size_t)k;
    }
}

/* Stops name; its running dependents first with force (in the order the backend gives, which is the order
 * they must stop in), else LM_EDEPEND naming them. *stopped (may be NULL) receives the dependents stopped. */
static lm_status stop_with_dependents(struct waiter *w, const char *name, unsigned flags, char ***stopped,
                                      size_t *nstopped)
{
    struct lm_host *h = w->h;
    char **deps = NULL;
    size_t ndeps = 0;
    lm_service s;
    lm_status st;

    if (status_of(h, name, &s) != LM_OK)
        return h->err.status;
    if (s.status == LM_SERVICE_STOPPED)
        return LM_OK;
    if (h->ops->svc_active_dependents(h, name, &deps, &ndeps) != LM_OK)
        return lm__host_context(h, "cannot stop %s", name);
    if (ndeps > 0 && !(flags & LM_SERVICE_FORCE)) {
        char names[NAMES_MAX];

        join_names(names, sizeof names, deps, ndeps);
        st = lm_error_set(&h->err, LM_EDEPEND, LM_RAW_NONE, 0,
                          "cannot stop %s: %zu running service%s on it (%s)", name, ndeps,
                          ndeps == 1 ? " depends" : "s depend", names);
        lm__names_free(deps, ndeps);
        return st;
    }
    st = LM_OK;
    for (size_t i = 0; i < ndeps && st == LM_OK; i++)
        st = stop_one(w, deps[i]);
    if (st == LM_OK)
        st = stop_one(w, name);
    if (st == LM_OK && stopped != NULL) {
        *stopped = deps;
        *nstopped = ndeps;
    } else {
        lm__names_free(deps, ndeps);
    }
    return st;
}

static lm_status start_one(struct waiter *w, const char *name)
{
    lm_service s;

    if (status_of(w->h, name, &s) != LM_OK)
        return w->h->err.status;
    switch (s.status) {
    case LM_SERVICE_RUNNING:
        return LM_OK;
    case LM_SERVICE_START_PENDING:
    case LM_SERVICE_CONTINUE_PENDING:
        return wait_for(w, name, s.status, LM_SERVICE_RUNNING);
    case LM_SERVICE_PAUSED:
    case LM_SERVICE_PAUSE_PENDING:
        return lm_error_set(&w->h->err, LM_ESTATE, LM_RAW_NONE, 0,
                            "cannot start %s: it is paused; use continue to resume it", name);
    case LM_SERVICE_STOP_PENDING:
        if (wait_for(w, name, LM_SERVICE_STOP_PENDING, LM_SERVICE_STOPPED) != LM_OK)
            return w->h->err.status;
        break;
    case LM_SERVICE_STOPPED:
        break;
    }
    return send(w, name, 0, LM_SERVICE_STOPPED, LM_SERVICE_RUNNING, "start", "starting services");
}

/* Pause or continue: from is the state the control leaves, target the one it reaches. */
static lm_status pause_continue(struct waiter *w, const char *name, bool pause)
{
    lm_service_state target = pause ? LM_SERVICE_PAUSED : LM_SERVICE_RUNNING;
    lm_service_state pending = pause ? LM_SERVICE_PAUSE_PENDING : LM_SERVICE_CONTINUE_PENDING;
    lm_service_state from = pause ? LM_SERVICE_RUNNING : LM_SERVICE_PAUSED;
    const char *verb = pause ? "pause" : "continue";
    lm_service s;

    if (status_of(w->h, name, &s) != LM_OK)
        return w->h->err.status;
    /* A running service that cannot pause cannot continue either: Suspend-Service and Resume-Service give
     * the same answer for it (only a running or paused service says what it accepts). */
    if ((s.status == LM_SERVICE_RUNNING || s.status == LM_SERVICE_PAUSED) &&
        !(s.controls_accepted & LM_SERVICE_ACCEPT_PAUSE_CONTINUE))
        return lm_error_set(&w->h->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "cannot %s %s: the service does not accept pause and continue", verb, name);
    if (s.status == target)
        return LM_OK;
    if (s.status == pending)
        return wait_for(w, name, pending, target);
    if (s.status != from)
        return lm_error_set(&w->h->err, LM_ESTATE, LM_RAW_NONE, 0, "cannot %s %s: it is %s", verb, name,
                            lm_service_state_name(s.status));
    return send(w, name, pause ? LM__SVC_CONTROL_PAUSE : LM__SVC_CONTROL_CONTINUE, from, target, verb,
                pause ? "pausing services" : "continuing services");
}

static lm_status restart(struct waiter *w, const char *name, unsigned flags)
{
    char **deps = NULL;
    size_t ndeps = 0;
    lm_status st = stop_with_dependents(w, name, flags, &deps, &ndeps);

    if (st == LM_OK)
        st = start_one(w, name);
    /* The dependents that a forced stop stopped come back, in reverse order of stopping. */
    for (size_t i = ndeps; i > 0 && st == LM_OK; i--)
        st = start_one(w, deps[i - 1]);
    lm__names_free(deps, ndeps);
    return st;
}

lm_status lm_service_control(lm_host *h, const char *name, lm_service_action action, unsigned flags,
                             int timeout_ms)
{
    struct waiter w;
    lm_status st;

    lm_error_clear(&h->err);
    if (name == NULL || name[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no service name");
    w.h = h;
    w.timeout_ms = timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS;
    w.deadline = now(h) + (uint64_t)w.timeout_ms;
    switch (action) {
    case LM_SERVICE_START:
        st = start_one(&w, name);
        break;
    case LM_SERVICE_STOP:
        st = stop_with_dependents(&w, name, flags, NULL, NULL);
        break;
    case LM_SERVICE_RESTART:
        st = restart(&w, name, flags);
        break;
    case LM_SERVICE_PAUSE:
        st = pause_continue(&w, name, true);
        break;
    case LM_SERVICE_CONTINUE:
        st = pause_continue(&w, name, false);
        break;
    default:
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "unknown service action %d", (int)action);
    }
    return st == LM_ENOENT ? no_such_service(h, name) : st;
}

lm_status lm_service_set_start_type(lm_host *h, const char *name, lm_start_type type)
{
    lm_error_clear(&h->err);
    if (name == NULL || name[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no service name");
    switch (type) {
    case LM_START_BOOT:
    case LM_START_SYSTEM:
    case LM_START_AUTOMATIC:
    case LM_START_AUTOMATIC_DELAYED:
    case LM_START_MANUAL:
    case LM_START_DISABLED:
        break;
    default:
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "unknown start type %d", (int)type);
    }
    if (h->ops->svc_set_start_type(h, name, type) != LM_OK) {
        char context[300];

        if (h->err.status == LM_ENOENT)
            return no_such_service(h, name);
        snprintf(context, sizeof context, "cannot set the start type of %s to %s", name,
                 lm_start_type_name(type));
        return op_fail(h, "changing the start type", context);
    }
    return LM_OK;
}
