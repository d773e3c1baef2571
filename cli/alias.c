/* PowerShell aliases: Get-Service, New-SmbShare and friends, rewritten into lanman's own grammar before
 * dispatch. Cmdlet names are case-insensitive; parameters take their PowerShell names, any unambiguous
 * prefix (-Desc), and comma-separated lists (-FullAccess a,b). What each cmdlet becomes is data, in
 * aliases[]; cli_alias_rewrite() only follows it. */
#include <string.h>

#include "cli.h"
#include "lanman/config.h"

enum pkind {
    P_VALUE,   /* -Description T   -> --description T */
    P_LIST,    /* -FullAccess a,b  -> --full a --full b */
    P_FLAG,    /* -Force           -> --force */
    P_DROP,    /* accepted and ignored (-PassThru: the command prints what it prints) */
    P_HOST,    /* -ComputerName fs1 -> -H fs1 */
    P_WHATIF,  /* -WhatIf[:$true] -> -WhatIf, which the dispatcher reads as --dry-run where there is one */
    P_CONFIRM, /* -Confirm:$false -> -Confirm:$false (--yes, likewise); -Confirm[:$true] -> -Confirm */
};

/* PowerShell's name of a value, and lanman's. */
struct value_map {
    const char *ps, *lm;
};

struct param {
    const char *ps;  /* PowerShell name */
    const char *opt; /* lanman option, or NULL: the value is an argument of the command */
    enum pkind kind;
    bool positional;             /* may be given without its name, in the order of params */
    const char *value;           /* the synopsis' placeholder: NAME, TEXT, ACCOUNT, ... */
    const struct value_map *map; /* PowerShell's values to lanman's (NULL: as given); ends with NULL ps */
};

struct alias {
    const char *cmdlet;
    const char *noun, *verb;    /* what it becomes */
    const char *verb_with_name; /* when a name is given: e.g. Get-SmbShare NAME -> share show */
    const char *first_arg;      /* an argument the command always gets (config list LanmanServer) */
    const char *without_name;   /* the argument when no name is given (Get-Service alone: every service) */
    const char *last_arg;       /* an option the command always gets (--powershell) */
    struct param params[8];
};

static const struct value_map startup_types[] = {{"Automatic", "automatic"},
                                                 {"AutomaticDelayedStart", "delayed"},
                                                 {"Manual", "manual"},
                                                 {"Disabled", "disabled"},
                                                 {"Boot", "boot"},
                                                 {"System", "system"},
                                                 {NULL, NULL}};

/* Set-SmbShare's share flags: PowerShell's booleans and enum values. */
static const struct value_map booleans[] = {
    {"$true", "true"}, {"$false", "false"}, {"true", "true"}, {"false", "false"}, {NULL, NULL}};
static const struct value_map folder_enumeration_modes[] = {
    {"AccessBased", "AccessBased"}, {"Unrestricted", "Unrestricted"}, {NULL, NULL}};
static const struct value_map caching_modes[] = {{"Manual", "Manual"},     {"Documents", "Documents"},
                                                 {"Programs", "Programs"}, {"BranchCache", "BranchCache"},
                                                 {"None", "None"},         {NULL, NULL}};
static const struct value_map share_rights[] = {
    {"Full", "full"}, {"Change", "change"}, {"Read", "read"}, {NULL, NULL}};

#define NAME                                      \
    {                                             \
        "Name", NULL, P_VALUE, true, "NAME", NULL \
    }
#define FORCE_DROPPED                            \
    {                                            \
        "Force", NULL, P_DROP, false, NULL, NULL \
    }
#define DESCRIPTION                                                  \
    {                                                                \
        "Description", "--description", P_VALUE, false, "TEXT", NULL \
    }
#define USER_LIMIT                                                     \
    {                                                                  \
        "ConcurrentUserLimit", "--max-uses", P_VALUE, false, "N", NULL \
    }

static const struct alias aliases[] = {
    {"Get-Service",
     "service",
     "list",
     NULL,
     NULL,
     "*",
     NULL,
     {{"Name", NULL, P_LIST, true, "NAME", NULL}, {"DisplayName", NULL, P_LIST, false, "NAME", NULL}}},
    {"Start-Service", "service", "start", NULL, NULL, NULL, NULL, {NAME}},
    {"Stop-Service",
     "service",
     "stop",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"Force", "--force", P_FLAG, false, NULL, NULL}, {"NoWait", NULL, P_DROP, false, NULL, NULL}}},
    {"Restart-Service",
     "service",
     "restart",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"Force", "--force", P_FLAG, false, NULL, NULL}}},
    {"Suspend-Service", "service", "pause", NULL, NULL, NULL, NULL, {NAME}},
    {"Resume-Service", "service", "continue", NULL, NULL, NULL, NULL, {NAME}},
    {"Set-Service",
     "service",
     "set",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"StartupType", "--start-type", P_VALUE, false, "TYPE", startup_types}}},
    /* Names, wildcards and lists (-Name 'N*',R2), in a table as PowerShell prints them. */
    {"Get-SmbShare", "share", "list", NULL, NULL, NULL, NULL, {{"Name", NULL, P_LIST, true, "NAME", NULL}}},
    {"New-SmbShare",
     "share",
     "add",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME,
      {"Path", NULL, P_VALUE, true, "PATH", NULL},
      DESCRIPTION,
      {"FullAccess", "--full", P_LIST, false, "ACCOUNT", NULL},
      {"ChangeAccess", "--change", P_LIST, false, "ACCOUNT", NULL},
      {"ReadAccess", "--read", P_LIST, false, "ACCOUNT", NULL},
      USER_LIMIT}},
    {"Remove-SmbShare", "share", "remove", NULL, NULL, NULL, NULL, {NAME, FORCE_DROPPED}},
    {"Set-SmbShare",
     "share",
     "set",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME,
      DESCRIPTION,
      USER_LIMIT,
      FORCE_DROPPED,
      {"EncryptData", "--encrypt-data", P_VALUE, false, "BOOL", booleans},
      {"FolderEnumerationMode", "--folder-enumeration-mode", P_VALUE, false, "MODE",
       folder_enumeration_modes},
      {"CachingMode", "--caching-mode", P_VALUE, false, "MODE", caching_modes}}},
    {"Get-SmbServerConfiguration", "config", "list", NULL, "LanmanServer", NULL, "--powershell", {{NULL}}},
    {"Get-SmbClientConfiguration",
     "config",
     "list",
     NULL,
     "LanmanWorkstation",
     NULL,
     "--powershell",
     {{NULL}}},
    {"Get-SmbShareAccess", "share", "access", NULL, NULL, NULL, NULL, {NAME}},
    {"Grant-SmbShareAccess",
     "share",
     "grant",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME,
      {"AccountName", "--account", P_VALUE, false, "ACCOUNT", NULL},
      {"AccessRight", "--right", P_VALUE, false, "RIGHT", share_rights},
      FORCE_DROPPED}},
    {"Revoke-SmbShareAccess",
     "share",
     "revoke",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"AccountName", "--account", P_VALUE, false, "ACCOUNT", NULL}, FORCE_DROPPED}},
    {"Block-SmbShareAccess",
     "share",
     "block",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"AccountName", "--account", P_VALUE, false, "ACCOUNT", NULL}, FORCE_DROPPED}},
    {"Unblock-SmbShareAccess",
     "share",
     "unblock",
     NULL,
     NULL,
     NULL,
     NULL,
     {NAME, {"AccountName", "--account", P_VALUE, false, "ACCOUNT", NULL}, FORCE_DROPPED}},
    {"Get-SmbSession",
     "session",
     "list",
     NULL,
     NULL,
     NULL,
     NULL,
     {{"ClientComputerName", "--client", P_VALUE, false, "CLIENT", NULL},
      {"ClientUserName", "--client-user", P_VALUE, false, "USER", NULL}}},
    {"Close-SmbSession",
     "session",
     "close",
     NULL,
     NULL,
     NULL,
     NULL,
     {{"ClientComputerName", "--client", P_VALUE, false, "CLIENT", NULL},
      {"ClientUserName", "--client-user", P_VALUE, false, "USER", NULL},
      FORCE_DROPPED}},
    {"Get-SmbOpenFile",
     "file",
     "list",
     NULL,
     NULL,
     NULL,
     NULL,
     {{"ClientUserName", "--client-user", P_VALUE, false, "USER", NULL}}},
    {"Close-SmbOpenFile",
     "file",
     "close",
     NULL,
     NULL,
     NULL,
     NULL,
     {{"FileId", NULL, P_VALUE, true, "ID", NULL}, FORCE_DROPPED}},
    /* -Force and -Confirm: config set asks nothing, so there is nothing to force or confirm. */
    {"Set-SmbServerConfiguration",
     "config",
     "set",
     NULL,
     "LanmanServer",
     NULL,
     NULL,
     {FORCE_DROPPED, {"Confirm", NULL, P_DROP, false, NULL, NULL}}},
    {"Set-SmbClientConfiguration",
     "config",
     "set",
     NULL,
     "LanmanWorkstation",
     NULL,
     NULL,
     {FORCE_DROPPED, {"Confirm", NULL, P_DROP, false, NULL, NULL}}},
};

/* What every cmdlet takes besides its own parameters (PowerShell's common parameters and the CIM cmdlets').
 */
static const struct param common[] = {
    {"ComputerName", NULL, P_HOST, false, "HOST", NULL}, {"CimSession", NULL, P_HOST, false, "HOST", NULL},
    {"WhatIf", NULL, P_WHATIF, false, NULL, NULL},       {"Confirm", NULL, P_CONFIRM, false, NULL, NULL},
    {"PassThru", NULL, P_DROP, false, NULL, NULL},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])
#define NPARAMS  (sizeof aliases[0].params / sizeof aliases[0].params[0])
#define NCOMMON  (sizeof common / sizeof common[0])

/* The service whose catalogued settings are parameters of a too, by their PowerShell names: config set's
 * (Set-SmbServerConfiguration -RequireSecuritySignature $true is config set LanmanServer
 * RequireSecuritySignature $true); NULL for the other cmdlets. */
static const char *catalogue(const struct alias *a)
{
    return strcmp(a->noun, "config") == 0 && strcmp(a->verb, "set") == 0 ? a->first_arg : NULL;
}

/* The catalogued setting after prev (NULL: the first) that is a parameter of a: one with a PowerShell name.
 */
static const lm_setting *next_setting(const struct alias *a, const lm_setting *prev)
{
    const char *service = catalogue(a);

    if (service == NULL)
        return NULL;
    do
        prev = lm_setting_next(service, prev);
    while (prev != NULL && prev->ps_name == NULL);
    return prev;
}

/* The parameter a "-Xyz" names (exact or unambiguous prefix): the cmdlet's, a common one, or a catalogued
 * setting (*setting set, and NULL returned). NULL with *ambiguous set when two match. */
static const struct param *find_param(const struct alias *a, const char *name, bool *ambiguous,
                                      const lm_setting **setting)
{
    const struct param *hit = NULL;
    int hits = 0;

    *ambiguous = false;
    *setting = NULL;
    for (size_t i = 0; i < NPARAMS + NCOMMON; i++) {
        const struct param *p = i < NPARAMS ? &a->params[i] : &common[i - NPARAMS];
        if (p->ps == NULL)
            continue;
        if (cli_iequal(name, p->ps))
            return p;
        if (cli_iprefix(name, p->ps)) {
            hits++;
            hit = p;
        }
    }
    for (const lm_setting *s = next_setting(a, NULL); s != NULL; s = next_setting(a, s)) {
        if (cli_iequal(name, s->ps_name)) {
            *setting = s;
            return NULL;
        }
        if (cli_iprefix(name, s->ps_name) && *setting != s) {
            hits++;
            *setting = s;
            hit = NULL;
        }
    }
    *ambiguous = hits > 1;
    if (*ambiguous)
        *setting = NULL;
    return *ambiguous ? NULL : hit;
}

/* A value in lanman's words (Set-Service -StartupType AutomaticDelayedStart -> delayed). */
static const char *map_value(const struct param *p, const char *v)
{
    for (const struct value_map *m = p->map; m != NULL && m->ps != NULL; m++) {
        if (cli_iequal(v, m->ps))
            return m->lm;
    }
    return v;
}

const char *cli_alias_info(size_t i, const char **noun, const char **verb, char *synopsis, size_t size)
{
    const struct alias *a;
    size_t len = 0;

    if (i >= NALIASES)
        return NULL;
    a = &aliases[i];
    *noun = a->noun;
    *verb = a->verb;
    synopsis[0] = '\0';
    for (size_t k = 0; k < NPARAMS && a->params[k].ps != NULL; k++) {
        const struct param *p = &a->params[k];
        const char *sep = len > 0 ? " " : "";
        int w;

        if (p->kind == P_FLAG || p->kind == P_DROP)
            w = snprintf(synopsis + len, size - len, "%s[-%s]", sep, p->ps);
        else if (p->positional)
            w = snprintf(synopsis + len, size - len, p->kind == P_LIST ? "%s[[-%s] %s,...]" : "%s[-%s] %s",
                         sep, p->ps, p->value);
        else
            w = snprintf(synopsis + len, size - len, p->kind == P_LIST ? "%s[-%s %s,...]" : "%s[-%s %s]", sep,
                         p->ps, p->value);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
    if (catalogue(a) != NULL)
        snprintf(synopsis + len, size - len, "%s[-PROPERTY VALUE]...", len > 0 ? " " : "");
    return a->cmdlet;
}

const char *cli_alias_param(size_t i, size_t k, char *values, size_t size)
{
    const struct param *p;
    size_t own = 0;

    if (i >= NALIASES)
        return NULL;
    while (own < NPARAMS && aliases[i].params[own].ps != NULL)
        own++;
    if (k >= own) { /* then the catalogued settings, a flag's values as PowerShell writes them */
        const lm_setting *s = next_setting(&aliases[i], NULL);
        for (; s != NULL && k > own; k--)
            s = next_setting(&aliases[i], s);
        if (s != NULL)
            snprintf(values, size, "%s", s->boolean ? "$true $false" : "");
        return s != NULL ? s->ps_name : NULL;
    }
    p = &aliases[i].params[k];
    values[0] = '\0';
    for (const struct value_map *m = p->map; m != NULL && m->ps != NULL; m++)
        snprintf(values + strlen(values), size - strlen(values), "%s%s", values[0] ? " " : "", m->ps);
    return p->ps;
}

/* A cmdlet line as it is read: the values of the named positionals, and the rest of the command line
 * (list items, options and their values) in the order given. */
struct rewrite {
    const struct alias *a;
    char *pos[NPARAMS];
    int npos; /* positionals given so far, by position or by name */
    char **rest;
    int nrest, cap;
    bool named;                    /* a name was given (Get-SmbShare NAME, Get-Service -DisplayName X) */
    bool given[NPARAMS + NCOMMON]; /* PowerShell: a parameter given twice is an error */
    char *host;                    /* -ComputerName, -CimSession */
    const lm_setting *set[32];     /* the catalogued settings given (Set-SmbServerConfiguration) */
    int nset;
};

static bool push(struct rewrite *r, const char *s)
{
    if (s == NULL) /* nothing to add */
        return true;
    if (r->nrest >= r->cap)
        return false;
    r->rest[r->nrest++] = (char *)s;
    return true;
}

/* "a,b" -> items pushed, each after opt when there is one. The commas of value become its items' ends. */
static bool push_list(struct rewrite *r, const char *opt, char *value)
{
    char *tok, *comma;

    for (tok = value; tok != NULL; tok = comma != NULL ? comma + 1 : NULL) {
        if ((comma = strchr(tok, ',')) != NULL)
            *comma = '\0';
        while (*tok == ' ')
            tok++;
        if (*tok != '\0' && ((opt != NULL && !push(r, opt)) || !push(r, tok)))
            return false;
    }
    return true;
}

/* The value of parameter p, named or by position. Returns false when there are too many. */
static bool take_value(struct rewrite *r, const struct param *p, char *value)
{
    if (p->kind == P_HOST) {
        r->host = value;
        return true;
    }
    if (p->kind == P_LIST)
        return push_list(r, p->opt, value);
    if (p->opt != NULL)
        return push(r, p->opt) && push(r, map_value(p, value));
    r->pos[p - r->a->params] = value; /* a named positional (-Name X, -Path Y) */
    if (p - r->a->params >= r->npos)
        r->npos = (int)(p - r->a->params) + 1;
    return true;
}

static int unknown_param(const struct alias *a, const char *name, bool ambiguous)
{
    struct cli_suggest sg;

    cli_suggest_init(&sg, name);
    for (size_t k = 0; !ambiguous && k < NPARAMS; k++)
        cli_suggest_add(&sg, a->params[k].ps);
    for (const lm_setting *s = next_setting(a, NULL); !ambiguous && s != NULL; s = next_setting(a, s))
        cli_suggest_add(&sg, s->ps_name);
    if (cli_suggest_result(&sg) != NULL)
        cli_error("%s: unknown parameter '-%s'; did you mean '-%s'?", a->cmdlet, name,
                  cli_suggest_result(&sg));
    else
        cli_error("%s: %s parameter '-%s'; see 'lanman %s --help'", a->cmdlet,
                  ambiguous ? "ambiguous" : "unknown", name, a->cmdlet);
    return EXIT_USAGE;
}

/* A switch's value after ':' (-Force:$false, -Confirm:$true), as PowerShell spells it, with or without '$'.
 */
static bool is_true(const char *v)
{
    return cli_iequal(v, "$true") || cli_iequal(v, "true");
}
static bool is_false(const char *v)
{
    return cli_iequal(v, "$false") || cli_iequal(v, "false");
}

/* Marks p given; a second time is PowerShell's error ("Cannot bind parameter because parameter 'Name' is
 * specified more than once"). Returns 0, or EXIT_USAGE after the error. */
static int given(struct rewrite *r, const struct param *p)
{
    size_t k = p >= r->a->params && p < r->a->params + NPARAMS ? (size_t)(p - r->a->params)
               : p->kind == P_HOST ? NPARAMS /* -ComputerName and -CimSession: the same host */
                                   : NPARAMS + (size_t)(p - common);

    if (r->given[k]) {
        cli_error("%s: parameter -%s is given more than once%s", r->a->cmdlet, p->ps,
                  p->kind == P_HOST ? " (-ComputerName and -CimSession name the same host)" : "");
        return EXIT_USAGE;
    }
    r->given[k] = true;
    return 0;
}

/* A catalogued setting's value (-RequireSecuritySignature $true): a NAME VALUE pair of config set, under
 * its PowerShell name; a list's items (-NullSessionPipes a,b) one per line, as config set reads them. Returns
 * -1 to go on, EXIT_USAGE after the error, or 0 when there are too many. */
static int take_setting(struct rewrite *r, const lm_setting *s, char *value)
{
    for (int k = 0; k < r->nset; k++) {
        if (r->set[k] == s) {
            cli_error("%s: parameter -%s is given more than once", r->a->cmdlet, s->ps_name);
            return EXIT_USAGE;
        }
    }
    if (value == NULL) {
        cli_error("%s: parameter -%s needs a value", r->a->cmdlet, s->ps_name);
        return EXIT_USAGE;
    }
    if (r->nset == (int)(sizeof r->set / sizeof r->set[0]))
        return 0;
    r->set[r->nset++] = s;
    for (char *c = value; s->type == LM_REG_MULTI_SZ && *c != '\0'; c++)
        *c = *c == ',' ? '\n' : *c;
    r->named = true;
    return push(r, s->ps_name) && push(r, value) ? -1 : 0;
}

/* One argument at in[*i] (and its value after it): -Param, -Param value, -Param:value, or a positional.
 * Returns -1 to go on, EXIT_USAGE after the error, or 0 when there are too many arguments. */
static int take_arg(struct rewrite *r, int argc, char **in, int *i)
{
    const struct alias *a = r->a;
    const struct param *p = &a->params[0];
    char *arg = in[*i], *value = NULL, name[64], *colon;
    const lm_setting *setting;
    bool ambiguous;

    if (arg[0] != '-' || arg[1] == '\0' || arg[1] == '-') { /* by position */
        if (!(p->positional && p->kind == P_LIST)) {
            if (r->npos >= (int)NPARAMS || !a->params[r->npos].positional) {
                cli_error("%s: unexpected argument '%s'", a->cmdlet, arg);
                return EXIT_USAGE;
            }
            p = &a->params[r->npos];
            if (given(r, p) != 0)
                return EXIT_USAGE;
        }
        r->named = true;
        return take_value(r, p, arg) ? -1 : 0;
    }
    snprintf(name, sizeof name, "%s", arg + 1);
    if ((colon = strchr(name, ':')) != NULL) {
        *colon = '\0';
        value = arg + 1 + (colon - name) + 1;
    }
    if ((p = find_param(a, name, &ambiguous, &setting)) == NULL && setting != NULL)
        return take_setting(r, setting, value != NULL ? value : *i + 1 < argc ? in[++*i] : NULL);
    if (p == NULL)
        return unknown_param(a, name, ambiguous);
    if (given(r, p) != 0)
        return EXIT_USAGE;
    if (p->kind == P_FLAG || p->kind == P_DROP || p->kind == P_WHATIF || p->kind == P_CONFIRM) {
        bool off = value != NULL && is_false(value);
        if (value != NULL && !off && !is_true(value)) {
            cli_error("%s: -%s takes $true or $false after ':', not '%s'", a->cmdlet, p->ps, value);
            return EXIT_USAGE;
        }
        if (p->kind == P_WHATIF) /* in the words the dispatcher reads (--dry-run, --yes where they exist) */
            return push(r, off ? NULL : "-WhatIf") ? -1 : 0;
        if (p->kind == P_CONFIRM)
            return push(r, off ? "-Confirm:$false" : "-Confirm") ? -1 : 0;
        return p->kind == P_DROP || off || push(r, p->opt) ? -1 : 0;
    }
    if (value == NULL && *i + 1 >= argc) {
        cli_error("%s: parameter -%s needs a value", a->cmdlet, p->ps);
        return EXIT_USAGE;
    }
    r->named = r->named || (p->opt == NULL && p->kind != P_HOST);
    return take_value(r, p, value != NULL ? value : in[++*i]) ? -1 : 0;
}

/* out: lanman [-H HOST] NOUN VERB [FIRST] POSITIONALS... REST... [WITHOUT_NAME] [LAST]. */
static int assemble(const struct rewrite *r, char *prog, char **out, size_t cap, int *n)
{
    const struct alias *a = r->a;
    const char *head[] = {prog,
                          r->host != NULL ? "-H" : NULL,
                          r->host,
                          a->noun,
                          r->named && a->verb_with_name ? a->verb_with_name : a->verb,
                          a->first_arg};

    *n = 0;
    if ((size_t)r->npos + (size_t)r->nrest + 8 > cap)
        return 0;
    for (size_t k = 0; k < 6; k++) {
        if (head[k] != NULL)
            out[(*n)++] = (char *)head[k];
    }
    for (int k = 0; k < r->npos; k++) {
        if (r->pos[k] == NULL) {
            cli_error("%s: missing -%s", a->cmdlet, a->params[k].ps);
            return EXIT_USAGE;
        }
        out[(*n)++] = r->pos[k];
    }
    for (int k = 0; k < r->nrest; k++)
        out[(*n)++] = r->rest[k];
    if (!r->named && a->without_name != NULL)
        out[(*n)++] = (char *)a->without_name;
    if (a->last_arg != NULL)
        out[(*n)++] = (char *)a->last_arg;
    out[*n] = NULL;
    return -1;
}

int cli_alias_rewrite(int *argc, char ***argv, char **out, size_t cap)
{
    char *rest[CLI_ALIAS_MAX_ARGS];
    struct rewrite r;
    char **in = *argv;
    int rc = -1, n;

    if (*argc < 2)
        return -1;
    memset(&r, 0, sizeof r);
    for (size_t i = 0; i < NALIASES; i++) {
        if (cli_iequal(in[1], aliases[i].cmdlet))
            r.a = &aliases[i];
    }
    if (r.a == NULL)
        return -1;
    r.rest = rest;
    r.cap = CLI_ALIAS_MAX_ARGS;
    for (int i = 2; i < *argc && rc < 0; i++)
        rc = take_arg(&r, *argc, in, &i);
    if (rc < 0 && catalogue(r.a) != NULL && r.nset == 0) {
        cli_error("%s: give at least one property to set (-%s VALUE, ...); see 'lanman %s --help'",
                  r.a->cmdlet, next_setting(r.a, NULL)->ps_name, r.a->cmdlet);
        return EXIT_USAGE;
    }
    if (rc < 0)
        rc = assemble(&r, in[0], out, cap, &n);
    if (rc == 0)
        cli_error("%s: too many arguments", r.a->cmdlet);
    if (rc >= 0)
        return EXIT_USAGE;
    *argc = n;
    *argv = out;
    return -1;
}
