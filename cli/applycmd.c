/* lanman config apply FILE|- [--dry-run] [--map-path OLD=NEW]... [--prune] [--only
 * shares|parameters|services]
 *     [--yes]
 *
 * The document is read (from stdin for '-') and validated before the target is opened, so a hostile or
 * invalid one changes nothing (exit 2). Then the plan is printed like a diff, one line per step, and applied
 * step by step. The values the plan skips (code to load: ServiceDll, ...) are printed first, one "skipped:"
 * line each. A plan that removes anything (shares, re-created shares, values put back to their default) runs
 * only when confirmed: --yes, or "y" at the prompt on a terminal; without a terminal it is refused, exit 2,
 * before any change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lanman/xml.h"
#include "output.h"
#include "platform.h"

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
    case LM_STEP_PARAMETER_REMOVE: /* "- NAME: 0 -> absent (default 1)" */
        fputs(s->kind == LM_STEP_SHARE_CHANGE ? "~ " : "- ", stdout);
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

/* One line per step run; the reason of a failure is in the one error line that ends the run, not here. */
static void report(void *ctx, const lm_plan_step *step, lm_status st, const lm_error *err)
{
    (void)ctx;
    (void)err;
    printf("%s: %s: ", st == LM_OK ? "done" : "FAILED", lm_step_kind_name(step->kind));
    put(step->object);
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

/* What check_config_apply() reads before the target is opened: the options and the document. */
struct apply {
    lm_path_map maps[CLI_MAX_VALUES];
    lm_plan_options opt;
    lm_baseline *b;
    lm_plan *plan;
};

int check_config_apply(struct cli_call *c)
{
    const struct cli_values *maps = cli_opt(c, "--map-path"), *only = cli_opt(c, "--only");
    struct apply *a = calloc(1, sizeof *a);
    lm_error err = {0};

    if ((c->state = a) == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    a->opt.maps = a->maps;
    for (int i = 0; i < maps->count; i++) {
        if (!parse_map((char *)maps->v[i], &a->maps[a->opt.nmaps++]))
            return EXIT_USAGE;
    }
    for (int i = 0; i < only->count; i++) {
        if (!parse_parts(only->v[i], &a->opt.parts))
            return EXIT_USAGE;
    }
    a->opt.prune = cli_flag(c, "--prune");
    /* The document first: nothing is opened, let alone changed, for a document that is refused. */
    if (strcmp(c->pos[0], "-") != 0 && plat_file_kind(c->pos[0]) == PLAT_DIR) {
        cli_error("%s is a directory; give the document's file", c->pos[0]);
        return EXIT_USAGE;
    }
    if ((strcmp(c->pos[0], "-") == 0 ? lm_baseline_read(stdin, "<stdin>", &a->b, &err)
                                     : lm_baseline_load(c->pos[0], &a->b, &err)) != LM_OK)
        return refusal(&err, NULL);
    return EXIT_OK_;
}

void release_config_apply(struct cli_call *c)
{
    struct apply *a = c->state;

    if (a == NULL)
        return;
    lm_plan_free(a->plan);
    lm_baseline_free(a->b);
    free(a);
}

/* Applies the plan step by step, each reported; on a failure, the reason once and how many steps were not
 * done (a count: a prune of thousands of shares stopped early is one line, not thousands). */
static int apply_plan(lm_host *h, const lm_plan *plan)
{
    size_t done = 0;

    fflush(stdout);
    if (lm_plan_apply(h, plan, report, NULL, &done) == LM_OK)
        return EXIT_OK_;
    fflush(stdout);
    cli_error("config apply stopped at step %lu of %lu (%s: %s): %s; %lu done, %lu not done",
              (unsigned long)done + 1, (unsigned long)plan->n, lm_step_kind_name(plan->steps[done].kind),
              plan->steps[done].object, lm_host_error(h)->message, (unsigned long)done,
              (unsigned long)(plan->n - done));
    return EXIT_FAILED;
}

/* Steps that take something away: shares removed or re-created (dropped, then added at the new path), and
 * values removed to put them back to their default. */
static size_t removals(const lm_plan *plan)
{
    size_t n = 0;

    for (size_t i = 0; i < plan->n; i++) {
        lm_step_kind k = plan->steps[i].kind;

        n += k == LM_STEP_SHARE_REMOVE || k == LM_STEP_SHARE_RECREATE || k == LM_STEP_PARAMETER_REMOVE;
    }
    return n;
}

/* --yes, or "y"/"yes" typed on the terminal (default no). Without a terminal to ask on (a script, a pipe,
 * the document on stdin) the plan is refused with exit 2: the command line needs --yes, and nothing ran. */
static int confirm(const struct cli_call *c, const lm_plan *plan)
{
    size_t n = removals(plan);
    char line[64];

    if (n == 0 || cli_flag(c, "--yes"))
        return EXIT_OK_;
    fflush(stdout);
    if (!plat_isatty(stdin) || !plat_isatty(stderr)) {
        cli_error(
            "config apply: the plan removes or re-creates %lu item%s (the '-' lines above) and there is "
            "no terminal to confirm on; nothing changed; add --yes to apply it",
            (unsigned long)n, n == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    fprintf(stderr, "lanman: apply these %lu steps, %lu of which remove or re-create (the '-' lines)? [y/N] ",
            (unsigned long)plan->n, (unsigned long)n);
    fflush(stderr);
    if (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (cli_iequal(line, "y") || cli_iequal(line, "yes"))
            return EXIT_OK_;
    }
    cli_error("config apply: not confirmed; nothing changed");
    return EXIT_FAILED;
}

int cmd_config_apply(struct cli_call *c)
{
    struct apply *a = c->state;
    const lm_plan *plan;
    int rc;

    if (lm_plan_compute(c->h, a->b, &a->opt, &a->plan) != LM_OK) {
        /* A part of the document the host does not have (a service, a Parameters key): --only can leave
         * that part out. */
        return refusal(lm_host_error(c->h), lm_host_error(c->h)->status == LM_ENOENT
                                                ? "--only with the other parts leaves that part out"
                                                : NULL);
    }
    plan = a->plan;
    /* What the document has that lanman never applies, with --dry-run and without. */
    for (size_t i = 0; i < plan->nskipped; i++) {
        fputs("skipped: ", stdout);
        put(plan->skipped[i].object);
        printf(": %s\n", plan->skipped[i].why);
    }
    if (plan->n == 0) {
        printf("no changes\n");
        return EXIT_OK_;
    }
    for (size_t i = 0; i < plan->n; i++)
        print_step(&plan->steps[i]);
    if (cli_flag(c, "--dry-run"))
        return EXIT_OK_;
    if ((rc = confirm(c, plan)) != EXIT_OK_)
        return rc;
    return apply_plan(c->h, plan);
}
