/* PowerShell aliases: Get-Service, New-SmbShare and friends, rewritten into lanman's own grammar before
 * dispatch. Cmdlet names are case-insensitive; parameters take their PowerShell names, any unambiguous
 * prefix (-Desc), and comma-separated lists (-FullAccess a,b). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum pkind {
    P_VALUE, /* -Description T   -> --description T */
    P_LIST,  /* -FullAccess a,b  -> --full a --full b */
    P_FLAG,  /* -Force           -> --force */
    P_DROP,  /* accepted and ignored (-Confirm:$false has no meaning here) */
};

struct param {
    const char *ps;  /* PowerShell name */
    const char *opt; /* lanman option, or NULL for the positional it stands for */
    enum pkind kind;
};

struct alias {
    const char *cmdlet;
    const char *noun, *verb;       /* what it becomes */
    const char *verb_with_name;    /* when a -Name is given: e.g. Get-SmbShare NAME -> share show */
    const char *const *positional; /* PowerShell names of the positional parameters, in order */
    const char *first_arg;         /* an argument the command always gets (config list LanmanServer) */
    const char *last_arg;          /* an option the command always gets (--powershell) */
    struct param params[8];
};

static const char *const by_name[] = {"Name", NULL};
static const char *const by_name_path[] = {"Name", "Path", NULL};

static const struct alias aliases[] = {
    {"Get-Service",
     "service",
     "list",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_LIST}, {"DisplayName", NULL, P_LIST}}},
    {"Start-Service", "service", "start", NULL, by_name, NULL, NULL, {{"Name", NULL, P_VALUE}}},
    {"Stop-Service",
     "service",
     "stop",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE}, {"Force", "--force", P_FLAG}, {"NoWait", NULL, P_DROP}}},
    {"Restart-Service",
     "service",
     "restart",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE}, {"Force", "--force", P_FLAG}}},
    {"Suspend-Service", "service", "pause", NULL, by_name, NULL, NULL, {{"Name", NULL, P_VALUE}}},
    {"Resume-Service", "service", "continue", NULL, by_name, NULL, NULL, {{"Name", NULL, P_VALUE}}},
    {"Set-Service",
     "service",
     "set",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE}, {"StartupType", "--start-type", P_VALUE}}},
    {"Get-SmbShare", "share", "list", "show", by_name, NULL, NULL, {{"Name", NULL, P_VALUE}}},
    {"New-SmbShare",
     "share",
     "add",
     NULL,
     by_name_path,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE},
      {"Path", NULL, P_VALUE},
      {"Description", "--description", P_VALUE},
      {"FullAccess", "--full", P_LIST},
      {"ChangeAccess", "--change", P_LIST},
      {"ReadAccess", "--read", P_LIST},
      {"ConcurrentUserLimit", "--max-uses", P_VALUE}}},
    {"Remove-SmbShare",
     "share",
     "remove",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE}, {"Force", NULL, P_DROP}}},
    {"Set-SmbShare",
     "share",
     "set",
     NULL,
     by_name,
     NULL,
     NULL,
     {{"Name", NULL, P_VALUE},
      {"Description", "--description", P_VALUE},
      {"ConcurrentUserLimit", "--max-uses", P_VALUE},
      {"Force", NULL, P_DROP}}},
    {"Get-SmbServerConfiguration",
     "config",
     "list",
     NULL,
     NULL,
     "LanmanServer",
     "--powershell",
     {{NULL, NULL, P_DROP}}},
    {"Get-SmbClientConfiguration",
     "config",
     "list",
     NULL,
     NULL,
     "LanmanWorkstation",
     "--powershell",
     {{NULL, NULL, P_DROP}}},
};

/* The parameter a "-Xyz" names (exact or unambiguous prefix); NULL with *ambiguous set when two match. */
static const struct param *find_param(const struct alias *a, const char *name, bool *ambiguous)
{
    const struct param *hit = NULL;

    *ambiguous = false;
    for (size_t i = 0; i < sizeof a->params / sizeof a->params[0] && a->params[i].ps != NULL; i++) {
        if (cli_iequal(name, a->params[i].ps))
            return &a->params[i];
        if (cli_iprefix(name, a->params[i].ps)) {
            if (hit != NULL)
                *ambiguous = true;
            hit = &a->params[i];
        }
    }
    return *ambiguous ? NULL : hit;
}

/* Set-Service -StartupType values to lanman's. */
static const char *startup_type(const char *v)
{
    static const struct {
        const char *ps, *lm;
    } map[] = {{"Automatic", "automatic"}, {"AutomaticDelayedStart", "delayed"},
               {"Manual", "manual"},       {"Disabled", "disabled"},
               {"Boot", "boot"},           {"System", "system"}};

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (cli_iequal(v, map[i].ps))
            return map[i].lm;
    }
    return v;
}

/* Appends to out (capacity cap). */
static bool push(char **out, int *n, int cap, const char *s)
{
    if (*n >= cap)
        return false;
    out[(*n)++] = (char *)s;
    return true;
}

/* Splits "a,b" into items of the list, pushing "opt item" pairs (or bare items when opt is NULL). Items
 * point into a copy kept in *keep. */
static bool push_list(char **out, int *n, int cap, const char *opt, const char *value, char **keep)
{
    char *copy = strdup(value), *tok, *comma;

    if (copy == NULL)
        return false;
    *keep = copy;
    for (tok = copy; tok != NULL; tok = comma != NULL ? comma + 1 : NULL) {
        if ((comma = strchr(tok, ',')) != NULL)
            *comma = '\0';
        while (*tok == ' ')
            tok++;
        if (*tok == '\0')
            continue;
        if ((opt != NULL && !push(out, n, cap, opt)) || !push(out, n, cap, tok))
            return false;
    }
    return true;
}

/* What a parameter's value is, for the synopsis: -Name NAME, -Description TEXT, -FullAccess ACCOUNT,... */
static const char *synopsis_value(const struct param *p)
{
    static const struct {
        const char *opt, *value;
    } values[] = {{"--description", "TEXT"}, {"--full", "ACCOUNT"}, {"--change", "ACCOUNT"},
                  {"--read", "ACCOUNT"},     {"--max-uses", "N"},   {"--start-type", "TYPE"}};

    if (p->opt == NULL)
        return cli_iequal(p->ps, "Path") ? "PATH" : "NAME";
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        if (strcmp(p->opt, values[i].opt) == 0)
            return values[i].value;
    }
    return "VALUE";
}

static bool is_positional(const struct alias *a, const char *ps)
{
    for (size_t k = 0; a->positional != NULL && a->positional[k] != NULL; k++) {
        if (strcmp(a->positional[k], ps) == 0)
            return true;
    }
    return false;
}

const char *cli_alias_info(size_t i, const char **noun, const char **verb, char *synopsis, size_t size)
{
    const struct alias *a;
    size_t len = 0;

    if (i >= sizeof aliases / sizeof aliases[0])
        return NULL;
    a = &aliases[i];
    *noun = a->noun;
    *verb = a->verb;
    synopsis[0] = '\0';
    for (size_t k = 0; k < sizeof a->params / sizeof a->params[0] && a->params[k].ps != NULL; k++) {
        const struct param *p = &a->params[k];
        const char *value = synopsis_value(p);
        int w;

        if (p->kind == P_FLAG || p->kind == P_DROP)
            w = snprintf(synopsis + len, size - len, "%s[-%s]", len > 0 ? " " : "", p->ps);
        else if (is_positional(a, p->ps))
            w = snprintf(synopsis + len, size - len, p->kind == P_LIST ? "%s[[-%s] %s,...]" : "%s[-%s] %s",
                         len > 0 ? " " : "", p->ps, value);
        else
            w = snprintf(synopsis + len, size - len, p->kind == P_LIST ? "%s[-%s %s,...]" : "%s[-%s %s]",
                         len > 0 ? " " : "", p->ps, value);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
    return a->cmdlet;
}

#define ALIAS_MAX_ARGS 256

int cli_alias_rewrite(int *argc, char ***argv)
{
    static char *out[ALIAS_MAX_ARGS + 1];
    static char *keep[ALIAS_MAX_ARGS];
    char *pos_values[4] = {0};
    const struct alias *a = NULL;
    char **in = *argv;
    int n = 0, nkeep = 0, npos = 0;
    bool named = false;

    /* The copies the previous rewrite handed out are no longer referenced by anyone. */
    for (size_t i = 0; i < ALIAS_MAX_ARGS; i++) {
        free(keep[i]);
        keep[i] = NULL;
    }
    if (*argc < 2)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (cli_iequal(in[1], aliases[i].cmdlet))
            a = &aliases[i];
    }
    if (a == NULL)
        return -1;
    push(out, &n, ALIAS_MAX_ARGS, in[0]);
    push(out, &n, ALIAS_MAX_ARGS, a->noun);
    push(out, &n, ALIAS_MAX_ARGS, a->verb); /* replaced below when a -Name turns list into show */
    if (a->first_arg != NULL)
        push(out, &n, ALIAS_MAX_ARGS, a->first_arg);

    for (int i = 2; i < *argc; i++) {
        const char *arg = in[i], *value = NULL;
        const struct param *p;
        bool ambiguous;
        char name[64], *colon;

        if (arg[0] != '-' || arg[1] == '\0' || arg[1] == '-') {
            /* a positional: items of a list parameter (Get-Service a,b c), or the next positional one */
            if (a->positional != NULL && a->params[0].kind == P_LIST) {
                if (nkeep == ALIAS_MAX_ARGS || !push_list(out, &n, ALIAS_MAX_ARGS, NULL, arg, &keep[nkeep++]))
                    goto too_many;
                named = true;
                continue;
            }
            if (a->positional == NULL || a->positional[npos] == NULL) {
                cli_error("%s: unexpected argument '%s'", a->cmdlet, arg);
                return EXIT_USAGE;
            }
            pos_values[npos++] = (char *)arg;
            named = true;
            continue;
        }
        /* -Param, -Param value, -Param:value */
        snprintf(name, sizeof name, "%s", arg + 1);
        if ((colon = strchr(name, ':')) != NULL) {
            *colon = '\0';
            value = arg + 1 + (colon - name) + 1;
        }
        p = find_param(a, name, &ambiguous);
        if (p == NULL) {
            struct cli_suggest sg;
            cli_suggest_init(&sg, name);
            for (size_t k = 0; !ambiguous && k < sizeof a->params / sizeof a->params[0]; k++)
                cli_suggest_add(&sg, a->params[k].ps);
            if (cli_suggest_result(&sg) != NULL)
                cli_error("%s: unknown parameter '-%s'; did you mean '-%s'?", a->cmdlet, name,
                          cli_suggest_result(&sg));
            else
                cli_error("%s: %s parameter '-%s'; see 'lanman %s --help'", a->cmdlet,
                          ambiguous ? "ambiguous" : "unknown", name, a->cmdlet);
            return EXIT_USAGE;
        }
        if (p->kind == P_FLAG || p->kind == P_DROP) {
            if (p->kind == P_FLAG && !push(out, &n, ALIAS_MAX_ARGS, p->opt))
                goto too_many;
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= *argc) {
                cli_error("%s: parameter -%s needs a value", a->cmdlet, p->ps);
                return EXIT_USAGE;
            }
            value = in[++i];
        }
        if (p->opt == NULL) { /* a named positional (-Name X, -Path Y) */
            size_t k = 0;
            while (a->positional[k] != NULL && !cli_iequal(a->positional[k], p->ps))
                k++;
            if (p->kind == P_LIST) {
                if (nkeep == ALIAS_MAX_ARGS ||
                    !push_list(out, &n, ALIAS_MAX_ARGS, NULL, value, &keep[nkeep++]))
                    goto too_many;
            } else if (a->positional[k] != NULL) {
                pos_values[k] = (char *)value;
                if ((int)k >= npos)
                    npos = (int)k + 1;
            }
            named = true;
            continue;
        }
        if (p->kind == P_LIST) {
            if (nkeep == ALIAS_MAX_ARGS || !push_list(out, &n, ALIAS_MAX_ARGS, p->opt, value, &keep[nkeep++]))
                goto too_many;
        } else {
            if (strcmp(p->opt, "--start-type") == 0)
                value = startup_type(value);
            if (!push(out, &n, ALIAS_MAX_ARGS, p->opt) || !push(out, &n, ALIAS_MAX_ARGS, value))
                goto too_many;
        }
    }
    /* Positionals go right after the verb, in order. */
    if (npos > 0) {
        int shift = npos;
        if (n + shift > ALIAS_MAX_ARGS)
            goto too_many;
        memmove(&out[3 + shift], &out[3], (size_t)(n - 3) * sizeof *out);
        for (int k = 0; k < npos; k++) {
            if (pos_values[k] == NULL) {
                cli_error("%s: missing -%s", a->cmdlet, a->positional[k]);
                return EXIT_USAGE;
            }
            out[3 + k] = pos_values[k];
        }
        n += shift;
    }
    if (named && a->verb_with_name != NULL)
        out[2] = (char *)a->verb_with_name;
    /* Get-Service alone lists every service, as PowerShell does (lanman service list defaults to Lanman*). */
    if (!named && strcmp(a->noun, "service") == 0 && strcmp(a->verb, "list") == 0)
        push(out, &n, ALIAS_MAX_ARGS, "*");
    if (a->last_arg != NULL && !push(out, &n, ALIAS_MAX_ARGS, a->last_arg))
        goto too_many;
    out[n] = NULL;
    *argc = n;
    *argv = out;
    return -1;

too_many:
    cli_error("%s: too many arguments", a->cmdlet);
    return EXIT_USAGE;
}
