/* lanman config apply FILE [--dry-run] [--map-path OLD=NEW]... [--prune] [--only shares|parameters|services]
 *
 * The document is read and validated before the target is opened, so a hostile or invalid one changes
 * nothing (exit 2). Then the plan is printed like a diff, one line per step, and applied step by step. The
 * values the plan skips (code to load: ServiceDll, ...) are printed first, one "skipped:" line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lanman/xml.h"
#include "output.h"

/* A step's names and values come from the server and from the document: each goes through the rule for
 * untrusted text (out_escape), so a step stays one line (a REG_MULTI_SZ's line breaks show as \x0A). */
static void put(const char *s)
{
    out_puts(stdout, s);
}

/* The object without its "share "/"service " prefix. */
static const char *bare(const char *object, const char *prefix)
{
    size_t n = strlen(prefix);

    return strncmp(object, prefix, n) == 0 ? object + n : object;
}

static void print_step(const lm_plan_step *s)
{
    switch (s->kind) {
    case LM_STEP_START_TYPE:
        fputs("~ service ", stdout);
        put(bare(s->object, "service "));
        fputs(" start type: ", stdout);
        put(s->actual ? s->actual : "?");
        fputs(" -> ", stdout);
        put(s->expected);
        break;
    case LM_STEP_PARAMETER_SET:
        printf("%c ", s->actual != NULL ? '~' : '+');
        put(s->object);
        fputs(": ", stdout);
        if (s->actual != NULL) {
            put(s->actual);
            fputs(" -> ", stdout);
        }
        put(s->expected);
        break;
    case LM_STEP_SHARE_ADD:
        fputs("+ ", stdout);
        put(s->object);
        putchar(' ');
        put(s->expected);
        break;
    case LM_STEP_SHARE_RECREATE:
        fputs("-+ ", stdout);
        put(s->object);
        putchar(' ');
        put(s->expected);
        fputs(" (re-created: the path changes; was ", stdout);
        put(s->actual != NULL ? s->actual : "");
        putchar(')');
        break;
    case LM_STEP_SHARE_CHANGE:
        fputs("~ ", stdout);
        put(s->object);
        fputs(": ", stdout);
        put(s->actual != NULL ? s->actual : "");
        fputs(" -> ", stdout);
        put(s->expected);
        break;
    case LM_STEP_SHARE_REMOVE:
        fputs("- ", stdout);
        put(s->object);
        break;
    }
    putchar('\n');
}

static void report(void *ctx, const lm_plan_step *step, lm_status st, const lm_error *err)
{
    (void)ctx;
    printf("%s: %s: ", st == LM_OK ? "done" : "FAILED", lm_step_kind_name(step->kind));
    put(step->object);
    if (st != LM_OK) {
        fputs(": ", stdout);
        put(err != NULL && err->message[0] != '\0' ? err->message : lm_strerror(st));
    }
    putchar('\n');
    fflush(stdout);
}

/* "shares,parameters" (and repeated --only) to LM_PLAN_* bits. */
static bool parse_parts(const char *arg, unsigned *parts)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"shares", LM_PLAN_SHARES}, {"parameters", LM_PLAN_PARAMETERS}, {"services", LM_PLAN_SERVICES}};
    const char *p = arg;

    for (;;) {
        size_t n = strcspn(p, ",");
        size_t k;

        for (k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (strlen(names[k].name) == n && strncmp(p, names[k].name, n) == 0)
                break;
        }
        if (k == sizeof names / sizeof names[0]) {
            cli_error("--only '%s': expected shares, parameters or services (comma-separated)", arg);
            return false;
        }
        *parts |= names[k].bit;
        if (p[n] == '\0')
            return true;
        p += n + 1;
    }
}

/* OLD=NEW, split at the first '='; both sides needed. */
static bool parse_map(char *arg, lm_path_map *m)
{
    char *eq = strchr(arg, '=');

    if (eq == NULL || eq == arg || eq[1] == '\0') {
        cli_error("--map-path '%s': expected OLD=NEW, e.g. C:\\Data=D:\\Data", arg);
        return false;
    }
    *eq = '\0';
    m->from = arg;
    m->to = eq + 1;
    return true;
}

/* The exit code of a document or plan refusal: bad input is usage (2). advice (may be NULL) follows the
 * library's message. */
static int refusal(const lm_error *e, const char *advice)
{
    lm_status st = e->status;

    if (advice != NULL)
        cli_fail_advice(NULL, e, advice);
    else
        cli_fail(NULL, e);
    if (st == LM_EINVAL || st == LM_EOVERFLOW || st == LM_EILSEQ || st == LM_EPATH || st == LM_ENAME)
        return EXIT_USAGE;
    return cli_exit_code(st);
}

int cmd_config_apply(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--dry-run", false, 0, {0}},
                         {"--prune", false, 0, {0}},
                         {"--map-path", true, 0, {0}},
                         {"--only", true, 0, {0}}};
    lm_path_map maps[32]; /* cli_parse_opts keeps at most 32 values of an option */
    lm_plan_options opt = {0, false, maps, 0};
    const char *file = NULL;
    int npos = 0;
    lm_baseline *b = NULL;
    lm_plan *plan = NULL;
    lm_error err = {0};
    lm_host *h;
    size_t done = 0;
    int rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 4, &file, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1)
        return cli_usage(g);
    for (int i = 0; i < opts[2].count; i++) {
        if (!parse_map((char *)opts[2].values[i], &maps[opt.nmaps++]))
            return EXIT_USAGE;
    }
    for (int i = 0; i < opts[3].count; i++) {
        if (!parse_parts(opts[3].values[i], &opt.parts))
            return EXIT_USAGE;
    }
    opt.prune = opts[1].count > 0;
    /* The document first: nothing is opened, let alone changed, for a document that is refused. */
    if (lm_baseline_load(file, &b, &err) != LM_OK)
        return refusal(&err, NULL);
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_) {
        lm_baseline_free(b);
        return rc;
    }
    if (lm_plan_compute(h, b, &opt, &plan) != LM_OK) {
        /* A part of the document the host does not have (a service, a Parameters key): --only can leave
         * that part out. */
        rc = refusal(lm_host_error(h), lm_host_error(h)->status == LM_ENOENT
                                           ? "--only with the other parts leaves that part out"
                                           : NULL);
        goto out;
    }
    /* What the document has that lanman never applies, with --dry-run and without. */
    for (size_t i = 0; i < plan->nskipped; i++)
        printf("skipped: %s: %s\n", plan->skipped[i].object, plan->skipped[i].why);
    if (plan->n == 0) {
        printf("no changes\n");
        goto out;
    }
    for (size_t i = 0; i < plan->n; i++)
        print_step(&plan->steps[i]);
    if (opts[0].count > 0)
        goto out;
    fflush(stdout);
    if (lm_plan_apply(h, plan, report, NULL, &done) != LM_OK) {
        for (size_t i = done + 1; i < plan->n; i++) {
            printf("not done: %s: ", lm_step_kind_name(plan->steps[i].kind));
            put(plan->steps[i].object);
            putchar('\n');
        }
        fflush(stdout);
        cli_error("config apply stopped at step %lu of %lu (%s: %s): %s; %lu done, %lu not done",
                  (unsigned long)done + 1, (unsigned long)plan->n, lm_step_kind_name(plan->steps[done].kind),
                  plan->steps[done].object, lm_host_error(h)->message, (unsigned long)done,
                  (unsigned long)(plan->n - done));
        rc = EXIT_FAILED;
    }
out:
    lm_plan_free(plan);
    lm_baseline_free(b);
    lm_host_close(h);
    return rc;
}
