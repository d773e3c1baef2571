/* The dispatcher: the steps every command shares, driven by its entry in the command table. It parses the
 * arguments against the command's args, checks their count, runs the command's check(), opens the target,
 * runs the command, prints its records, closes the target; the exit code comes from the first step that
 * fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static bool is_option(const struct cli_arg *a)
{
    return a->name[0] == '-';
}

/* " NAME", " [--force]", " [--full ACCT]...", " --start-type automatic|delayed|manual|disabled" */
static void synopsis_arg(const struct cli_arg *a, char *buf, size_t size)
{
    char value[128] = "";
    bool opt = is_option(a), brackets = opt ? !(a->flags & OPT_REQUIRED) : (a->flags & ARG_OPTIONAL) != 0;

    if (opt && (a->flags & OPT_SHOW_VALUES)) {
        for (const char *p = a->values; *p != '\0'; p++)
            snprintf(value + strlen(value), sizeof value - strlen(value), "%c", *p == ' ' ? '|' : *p);
    } else if (opt && a->value != NULL) {
        snprintf(value, sizeof value, "%s", a->syn != NULL ? a->syn : a->value);
    }
    snprintf(buf, size, "%s%s%s%s%s%s%s", brackets ? "[" : "", a->name, value[0] != '\0' ? " " : "", value,
             !opt && (a->flags & ARG_MANY) ? "..." : "", brackets ? "]" : "",
             opt && (a->flags & OPT_DOTS) ? "..." : "");
}

void cli_synopsis(const struct cli_command *c, char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (const struct cli_arg *a = c->args; a->name != NULL && len < size; a++) {
        char one[256];

        if (is_option(a) && (a->flags & OPT_HIDE))
            continue;
        synopsis_arg(a, one, sizeof one);
        snprintf(buf + len, size - len, "%s%s", len > 0 ? " " : "", one);
        len += strlen(buf + len);
    }
}

void cli_command_head(const struct cli_command *c, char *buf, size_t size)
{
    char syn[256];

    cli_synopsis(c, syn, sizeof syn);
    snprintf(buf, size, "%s%s%s%s%s", c->noun, c->verb != NULL ? " " : "", c->verb != NULL ? c->verb : "",
             syn[0] != '\0' ? " " : "", syn);
}

int cli_usage(const struct cli *g)
{
    char head[256];

    cli_command_head(g->cmd, head, sizeof head);
    cli_error("usage: lanman %s; see 'lanman %s%s%s --help'", head, g->cmd->noun,
              g->cmd->verb != NULL ? " " : "", g->cmd->verb != NULL ? g->cmd->verb : "");
    return EXIT_USAGE;
}

void cli_unknown_option(const char *arg, const struct cli_command *c)
{
    struct cli_suggest sg;
    char name[64], *eq;

    snprintf(name, sizeof name, "%s", arg);
    if ((eq = strchr(name, '=')) != NULL)
        *eq = '\0';
    cli_suggest_init(&sg, name);
    for (const struct cli_arg *a = c != NULL ? c->args : NULL; a != NULL && a->name != NULL; a++) {
        if (is_option(a) && !(a->flags & OPT_GLOBAL))
            cli_suggest_add(&sg, a->name);
    }
    for (const struct cli_global_option *o = cli_global_options; o->long_name != NULL; o++)
        cli_suggest_add(&sg, o->long_name);
    if (cli_suggest_result(&sg) != NULL) {
        cli_error("unknown option '%s'; did you mean '%s'?", name, cli_suggest_result(&sg));
    } else if (c != NULL) {
        char head[256];
        cli_command_head(c, head, sizeof head);
        cli_error("unknown option '%s'; usage: lanman %s", name, head);
    } else {
        cli_error("unknown option '%s'; see 'lanman --help'", name);
    }
}

/* The command's own option that "--name" or "--name=value" names, or NULL. */
static const struct cli_arg *find_option(const struct cli_command *c, const char *a, size_t len)
{
    for (const struct cli_arg *o = c->args; o->name != NULL; o++) {
        if (is_option(o) && !(o->flags & OPT_GLOBAL) && strlen(o->name) == len &&
            strncmp(a, o->name, len) == 0)
            return o;
    }
    return NULL;
}

/* PowerShell's -WhatIf and -Confirm on any command (a cmdlet's, or typed on a lanman command): -WhatIf is
 * --dry-run, -Confirm:$false is --yes, where the command has them; -Confirm and -Confirm:$true ask for
 * nothing more (no --yes). *o is the option meant, NULL for none. Returns -1 when a is neither, 0 when it
 * is one, or EXIT_USAGE after the error. */
static int powershell_switch(const struct cli_command *c, const char *a, const struct cli_arg **o)
{
    static const struct {
        const char *word, *opt;
    } words[] = {{"-WhatIf", "--dry-run"}, {"-WhatIf:$true", "--dry-run"}, {"-WhatIf:$false", NULL},
                 {"-Confirm", NULL},       {"-Confirm:$true", NULL},       {"-Confirm:$false", "--yes"}};
    char head[256];

    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (!cli_iequal(a, words[k].word))
            continue;
        *o = words[k].opt != NULL ? find_option(c, words[k].opt, strlen(words[k].opt)) : NULL;
        if (words[k].opt != NULL && *o == NULL) {
            cli_command_head(c, head, sizeof head);
            cli_error("%s: this command has no %s; usage: lanman %s", a, words[k].opt, head);
            return EXIT_USAGE;
        }
        return 0;
    }
    return -1;
}

/* One option at argv[*i] into call->opt; *i moves past its value. Returns -1 to go on, or an exit code. */
static int take_option(struct cli_call *call, int argc, char **argv, int *i, const char *head)
{
    const char *a = argv[*i], *eq = a[1] == '-' ? strchr(a, '=') : NULL, *val = NULL;
    const struct cli_arg *o = find_option(call->cmd, a, eq != NULL ? (size_t)(eq - a) : strlen(a));
    struct cli_values *v;
    int rc;

    if (o == NULL && (rc = powershell_switch(call->cmd, a, &o)) >= 0) {
        if (rc == 0 && o != NULL)
            call->opt[o - call->cmd->args].count++;
        return rc == 0 ? -1 : rc;
    }
    if (o == NULL) {
        cli_unknown_option(a, call->cmd);
        return EXIT_USAGE;
    }
    v = &call->opt[o - call->cmd->args];
    if (o->value != NULL) {
        if (eq != NULL) {
            val = eq + 1;
        } else if (*i + 1 < argc) {
            val = argv[++*i];
        } else {
            cli_error("option %s needs a value; usage: lanman %s", a, head);
            return EXIT_USAGE;
        }
        if (v->count == CLI_MAX_VALUES) {
            cli_error("too many %s options", o->name);
            return EXIT_USAGE;
        }
        v->v[v->count] = val;
    } else if (eq != NULL) {
        cli_error("option %s takes no value", o->name);
        return EXIT_USAGE;
    }
    v->count++;
    return -1;
}

/* Splits argv into positionals and the command's options ("--" ends the options). Returns -1 to go on, or
 * an exit code. */
static int parse_args(struct cli_call *call, int argc, char **argv)
{
    bool only_pos = false;
    int maxpos = 0, rc;
    char head[256];

    for (const struct cli_arg *a = call->cmd->args; a->name != NULL; a++)
        maxpos += is_option(a) ? 0 : (a->flags & ARG_MANY) ? CLI_MAX_POS : 1;
    cli_command_head(call->cmd, head, sizeof head);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];

        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = true;
        } else if (only_pos || a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9')) {
            /* "-5" is a value (config set ... AutoDisconnect -5), not an option: none starts with a digit */
            if (call->npos >= maxpos || call->npos == CLI_MAX_POS) {
                cli_error("too many arguments ('%s'); usage: lanman %s", a, head);
                return EXIT_USAGE;
            }
            call->pos[call->npos++] = a;
        } else if ((rc = take_option(call, argc, argv, &i, head)) >= 0) {
            return rc;
        }
    }
    return -1;
}

/* Enough positionals, the required options, and once what may be given once; else the usage line. */
static int check_counts(const struct cli_call *call)
{
    int minpos = 0;

    for (const struct cli_arg *a = call->cmd->args; a->name != NULL; a++) {
        int n = call->opt[a - call->cmd->args].count;

        if (!is_option(a))
            minpos += (a->flags & ARG_OPTIONAL) ? 0 : 1;
        else if (((a->flags & OPT_REQUIRED) && n != 1) || ((a->flags & OPT_ONCE) && n > 1))
            return cli_usage(call->g);
    }
    return call->npos < minpos ? cli_usage(call->g) : EXIT_OK_;
}

const struct cli_values *cli_opt(const struct cli_call *c, const char *name)
{
    for (const struct cli_arg *a = c->cmd->args; a->name != NULL; a++) {
        if (is_option(a) && strcmp(a->name, name) == 0)
            return &c->opt[a - c->cmd->args];
    }
    fprintf(stderr, "lanman: bug: %s %s has no option %s\n", c->cmd->noun, c->cmd->verb ? c->cmd->verb : "",
            name);
    abort();
}

bool cli_flag(const struct cli_call *c, const char *name)
{
    return cli_opt(c, name)->count > 0;
}

const char *cli_value(const struct cli_call *c, const char *name)
{
    const struct cli_values *v = cli_opt(c, name);

    return v->count > 0 ? v->v[0] : NULL;
}

int cli_host_fail(const struct cli_call *c)
{
    return cli_fail(NULL, lm_host_error(c->h));
}

/* Runs the command on the open target and prints what it recorded. */
static int run_and_print(struct cli_call *call)
{
    const struct cli_command *c = call->cmd;
    struct out o;
    int rc;

    if (c->flags & (CMD_TABLE | CMD_LIST)) {
        cli_out_init(call->g, &o, (c->flags & CMD_LIST) ? OUT_LIST : OUT_TABLE);
        call->out = &o;
        call->columns = c->columns;
    }
    rc = c->run(call);
    if (call->out != NULL && rc == EXIT_OK_)
        return cli_out_finish(call->g, call->out, call->columns);
    if (call->out != NULL)
        out_free(call->out);
    return rc;
}

int cli_dispatch(struct cli *g, const struct cli_command *c, int argc, char **argv)
{
    struct cli_call *call = calloc(1, sizeof *call);
    lm_smb_info info;
    int rc;

    if (call == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    call->g = g;
    call->cmd = c;
    if (g->host != NULL && !(c->flags & CMD_HOST)) {
        /* probe, ls and get name their server in their argument; a -H beside it would be one too many. */
        char head[256];
        cli_command_head(c, head, sizeof head);
        cli_error("'%s' takes its server in its argument, not from -H; usage: lanman %s", c->noun, head);
        free(call);
        return EXIT_USAGE;
    }
    if (g->format == OUT_SARIF && !(c->flags & CMD_SARIF)) {
        cli_error("--format sarif is for audit only; use table, list, csv, json or xml");
        rc = EXIT_USAGE;
    } else if ((rc = parse_args(call, argc, argv)) < 0 && (rc = check_counts(call)) == EXIT_OK_) {
        if ((c->check == NULL || (rc = c->check(call)) == EXIT_OK_) &&
            (!(c->flags & CMD_HOST) || (rc = cli_open_host(g, &call->h)) == EXIT_OK_))
            rc = run_and_print(call);
        if (call->h != NULL && lm_host_smb_info(call->h, &info) == LM_OK)
            cli_trace_round_trips(g, &info); /* the remote backend's connection */
        if (c->release != NULL)
            c->release(call);
        lm_host_close(call->h);
    }
    free(call);
    return rc;
}
