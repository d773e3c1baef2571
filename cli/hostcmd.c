/* service, share and config: the host interface (include/lanman/host.h) from the command line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lanman/config.h"
#include "output.h"

/* Opens the target the global options name: the local machine, or -H HOST[:PORT]. */
int cli_open_host(const struct cli *g, lm_host **out)
{
    lm_host_options o;
    lm_smb_options so;
    struct cli_creds cc;
    char server[256];
    uint16_t port = 0;
    lm_error err;
    lm_status st;
    int rc;

    memset(&o, 0, sizeof o);
    o.size = sizeof o;
    memset(&cc, 0, sizeof cc);
    cc.anonymous = true;
    if (g->host != NULL) {
        /* \\fs1 (or //fs1), as Windows names a server, is fs1. */
        const char *host =
            g->host + ((g->host[0] == '\\' || g->host[0] == '/') && g->host[1] == g->host[0] ? 2 : 0);
        if (lm_host_split_address(host, server, sizeof server, &port) != LM_OK) {
            cli_error("'%s' is not HOST[:PORT]", g->host);
            return EXIT_USAGE;
        }
        o.server = server;
    }
    if (g->host != NULL && (rc = cli_check_auth_target(g, server)) != EXIT_OK_)
        return rc;
    if (g->host != NULL || g->user != NULL) {
        /* -U; -N or a port (which the Win32 APIs cannot take): SMB2, on Windows too; no user: Kerberos from
         * the ticket cache or a null session, or on Windows on the default port the Win32 APIs as the
         * logged-on user (lm_host_open decides). */
        if ((rc = cli_credentials(g, &cc)) != EXIT_OK_)
            return rc;
        o.creds = &cc.creds;
    }
    cli_smb_options(g, port, &so);
    o.smb = &so;
    st = lm_host_open(&o, out, &err);
    cli_credentials_free(&cc);
    if (st == LM_ENOTSUP && g->host == NULL) /* no local machine here */
        return cli_fail_advice(NULL, &err, "use --host HOST");
    if (st != LM_OK)
        return cli_fail(NULL, &err); /* it names the server */
    return EXIT_OK_;
}

/* ---------------------------------------------------------------- services */

static void service_records(struct out *o, const lm_service *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cli_service_record(o, &list[i]);
}

/* Get-Service NAME...: each name on its own, so that one that does not exist is reported (exit 4) and the
 * others are still listed. Only when the one query for all of them finds a name missing. */
static int service_list_each(struct cli_call *c, bool detailed)
{
    lm_service *lists[CLI_MAX_POS];
    size_t counts[CLI_MAX_POS];
    int rc = EXIT_OK_;

    for (int i = 0; i < c->npos; i++) {
        counts[i] = 0;
        lists[i] = NULL;
        if (lm_service_list(c->h, &c->pos[i], 1, detailed, &lists[i], &counts[i]) != LM_OK) {
            int r = cli_host_fail(c);
            rc = rc == EXIT_OK_ || rc == EXIT_NOTFOUND ? r : rc;
            continue;
        }
        for (size_t k = 0; k < counts[i]; k++) {
            bool seen = false; /* a service two patterns match is listed once */
            for (int j = 0; j < i && !seen; j++) {
                for (size_t m = 0; m < counts[j] && !seen; m++)
                    seen = strcmp(lists[j][m].name, lists[i][k].name) == 0;
            }
            if (!seen)
                cli_service_record(c->out, &lists[i][k]);
        }
    }
    for (int i = 0; i < c->npos; i++)
        lm_service_list_free(lists[i], counts[i]);
    /* The ones found are printed, then the exit code says some were not. */
    if (rc != EXIT_OK_ && c->out->n > 0 && cli_out_finish(c->g, c->out, c->columns) != EXIT_OK_)
        return EXIT_FAILED;
    return rc;
}

int cmd_service_list(struct cli_call *c)
{
    const struct cli *g = c->g;
    /* The table shows three columns; every other format, and --property, every property, which costs a query
     * each. */
    bool detailed = (g->format >= 0 && g->format != OUT_TABLE) || g->property != NULL;
    lm_service *list;
    size_t n;

    if (lm_service_list(c->h, c->pos, (size_t)c->npos, detailed, &list, &n) != LM_OK)
        return lm_host_error(c->h)->status == LM_ENOENT && c->npos > 1 ? service_list_each(c, detailed)
                                                                       : cli_host_fail(c);
    service_records(c->out, list, n);
    lm_service_list_free(list, n);
    if (n == 0) {
        lm_service none;

        /* An empty CSV still has its columns: the fields of a service, from a record that is not printed. */
        memset(&none, 0, sizeof none);
        none.detailed = detailed;
        cli_service_record(c->out, &none);
        out_header_only(c->out);
        if (c->npos == 0) /* Samba, for one, has no Lanman* service: say so rather than print nothing */
            cli_error("no Lanman* service on %s; list every service with 'service list \"*\"'",
                      g->host != NULL ? g->host : "this machine");
    }
    return EXIT_OK_;
}

int cmd_service_show(struct cli_call *c)
{
    lm_service *list;
    size_t n;

    if (lm_service_list(c->h, c->pos, 1, true, &list, &n) != LM_OK)
        return cli_host_fail(c);
    service_records(c->out, list, n);
    lm_service_list_free(list, n);
    return EXIT_OK_;
}

static int service_action(struct cli_call *c, lm_service_action action)
{
    int timeout_s = c->g->timeout_s;

    /* --timeout (a global option, wherever it stands) bounds the wait for the target state too. */
    if (lm_service_control(c->h, c->pos[0], action, cli_flag(c, "--force") ? LM_SERVICE_FORCE : 0,
                           timeout_s > 0 ? timeout_s * 1000 : 0) == LM_OK)
        return EXIT_OK_;
    if (lm_host_error(c->h)->status == LM_EDEPEND)
        return cli_fail_advice(NULL, lm_host_error(c->h), "use --force to stop them too");
    return cli_host_fail(c);
}

int cmd_service_start(struct cli_call *c)
{
    return service_action(c, LM_SERVICE_START);
}
int cmd_service_stop(struct cli_call *c)
{
    return service_action(c, LM_SERVICE_STOP);
}
int cmd_service_restart(struct cli_call *c)
{
    return service_action(c, LM_SERVICE_RESTART);
}
int cmd_service_pause(struct cli_call *c)
{
    return service_action(c, LM_SERVICE_PAUSE);
}
int cmd_service_continue(struct cli_call *c)
{
    return service_action(c, LM_SERVICE_CONTINUE);
}

static const struct start_type {
    const char *name, *ps; /* lanman's name and PowerShell 7's (Set-Service -StartupType) */
    lm_start_type t;
} start_types[] = {{"automatic", "Automatic", LM_START_AUTOMATIC},
                   {"delayed", "AutomaticDelayedStart", LM_START_AUTOMATIC_DELAYED},
                   {"manual", "Manual", LM_START_MANUAL},
                   {"disabled", "Disabled", LM_START_DISABLED},
                   {"boot", "Boot", LM_START_BOOT},
                   {"system", "System", LM_START_SYSTEM}};

/* Any of its names, in any case: lanman's (delayed), PowerShell 7's (AutomaticDelayedStart), the
 * configuration document's (AutomaticDelayed). */
int check_service_set(struct cli_call *c)
{
    const char *type = cli_value(c, "--start-type");

    for (size_t i = 0; i < sizeof start_types / sizeof start_types[0]; i++) {
        if (cli_iequal(type, start_types[i].name) || cli_iequal(type, start_types[i].ps) ||
            cli_iequal(type, lm_start_type_name(start_types[i].t))) {
            c->state = (void *)&start_types[i];
            return EXIT_OK_;
        }
    }
    cli_error("unknown start type '%s'; use automatic, delayed, manual or disabled", type);
    return EXIT_USAGE;
}

int cmd_service_set(struct cli_call *c)
{
    const struct start_type *t = c->state;

    return lm_service_set_start_type(c->h, c->pos[0], t->t) == LM_OK ? EXIT_OK_ : cli_host_fail(c);
}

/* ---------------------------------------------------------------- shares */

/* The shares NAME... name (all without one), printed; a name without wildcards that no share has is
 * reported as Get-SmbShare does, after the others are listed (exit 4). Frees list. */
static int share_records(struct cli_call *c, lm_share *list, size_t n)
{
    bool missing[CLI_MAX_POS];
    int rc = EXIT_OK_;

    if (c->npos > 0 && lm_share_filter(list, &n, c->pos, (size_t)c->npos, missing) != LM_OK) {
        lm_share_list_free(list, n);
        cli_error("invalid share name pattern (a '[' without its ']', or an empty '[]')");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        cli_share_record(c->out, &list[i]);
    lm_share_list_free(list, n);
    for (int j = 0; j < c->npos; j++) {
        if (missing[j]) {
            cli_error("No MSFT_SMBShare objects found with property 'Name' equal to '%s'", c->pos[j]);
            rc = EXIT_NOTFOUND;
        }
    }
    if (rc != EXIT_OK_ && n > 0 && cli_out_finish(c->g, c->out, c->columns) != EXIT_OK_)
        return EXIT_FAILED;
    return rc;
}

/* The server service cannot answer (stopped, or Wine's netapi32): the definitions in the registry are what
 * will be shared, so share list and share show use those, and say so in one line on stderr. */
static void configured_note(const struct cli_call *c, const char *doing)
{
    cli_error("%s; %s from the registry instead", lm_host_error(c->h)->message, doing);
}

/* Each share straight into a record, as the library delivers it: the list is held once, as records (only
 * the table's columns for the plain table: share_to_row). */
static lm_status share_to_record(void *ctx, const lm_share *s)
{
    cli_share_record(ctx, s);
    return LM_OK;
}

static lm_status share_to_row(void *ctx, const lm_share *s)
{
    cli_share_row(ctx, s);
    return LM_OK;
}

int cmd_share_list(struct cli_call *c)
{
    bool configured = cli_flag(c, "--configured");
    /* The table shows Name, ScopeName, Path and Description, which level 2 has: the security descriptors of
     * level 502 (most of its bytes) only for the formats and properties that show them. */
    bool brief = c->out->fmt == OUT_TABLE && c->out->properties == NULL;
    lm_share *list = NULL;
    size_t n = 0;
    lm_status st;

    if (configured) {
        st = lm_share_list_configured(c->h, &list, &n);
    } else if (c->npos > 0) {
        st = lm_share_list(c->h, &list, &n); /* names to match (Get-SmbShare -Name): the whole list */
    } else {
        /* Each share straight into a record as it arrives: the list is held once. */
        st = lm_share_each(c->h, brief, brief ? share_to_row : share_to_record, c->out);
        if (st == LM_OK)
            return EXIT_OK_;
    }
    if (st == LM_ENOTSUP && !configured && c->out->n == 0) {
        configured_note(c, "listing the configured shares");
        st = lm_share_list_configured(c->h, &list, &n);
    }
    if (st != LM_OK)
        return cli_host_fail(c);
    return share_records(c, list, n);
}

/* A name that no share can have is bad input: refused before the target is opened. */
int check_share_name(struct cli_call *c)
{
    lm_error e;

    if (lm_share_name_check(c->pos[0], &e) != LM_OK) {
        cli_fail(NULL, &e);
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cmd_share_show(struct cli_call *c)
{
    lm_share *s, *list;
    size_t n, i;

    if (lm_share_get(c->h, c->pos[0], &s) == LM_OK) {
        cli_share_record(c->out, s);
        lm_share_list_free(s, 1);
        return EXIT_OK_;
    }
    if (lm_host_error(c->h)->status != LM_ENOTSUP)
        return cli_host_fail(c);
    /* What share list shows from the registry, share show shows too. */
    configured_note(c, "showing the configured share");
    if (lm_share_list_configured(c->h, &list, &n) != LM_OK)
        return cli_host_fail(c);
    for (i = 0; i < n && !cli_iequal(list[i].name, c->pos[0]); i++)
        ;
    if (i < n)
        cli_share_record(c->out, &list[i]);
    else
        cli_error("cannot read share %s: no such share among the configured shares", c->pos[0]);
    lm_share_list_free(list, n);
    return i < n ? EXIT_OK_ : EXIT_NOTFOUND;
}

/* --max-uses N: 0 means "no limit", as in New-SmbShare. With out NULL, only checks. */
static int max_uses(const struct cli_call *c, uint32_t *out)
{
    const char *s = cli_value(c, "--max-uses");
    char *e;
    unsigned long long v;

    if (s == NULL)
        return EXIT_OK_;
    v = strtoull(s, &e, 10);
    if (*s == '\0' || *s == '-' || *e != '\0' || v > 0xFFFFFFFFull) {
        cli_error("--max-uses takes a number from 0 (no limit) to 4294967295, not '%s'", s);
        return EXIT_USAGE;
    }
    if (out != NULL)
        *out = v == 0 ? LM_SHARE_UNLIMITED : (uint32_t)v;
    return EXIT_OK_;
}

/* The share add command line as a specification; grants holds 3 * CLI_MAX_VALUES. */
static void share_spec(const struct cli_call *c, lm_share_spec *out, lm_share_grant *grants)
{
    static const struct {
        const char *opt;
        lm_share_right right;
    } rights[] = {{"--full", LM_SHARE_FULL}, {"--change", LM_SHARE_CHANGE}, {"--read", LM_SHARE_READ}};
    lm_share_spec spec;

    memset(&spec, 0, sizeof spec);
    spec.name = c->pos[0];
    spec.path = c->pos[1];
    spec.remark = cli_value(c, "--description");
    spec.max_uses = LM_SHARE_UNLIMITED;
    max_uses(c, &spec.max_uses); /* checked */
    for (size_t k = 0; k < sizeof rights / sizeof rights[0]; k++) {
        const struct cli_values *v = cli_opt(c, rights[k].opt);
        for (int i = 0; i < v->count; i++) {
            grants[spec.ngrants].account = v->v[i];
            grants[spec.ngrants++].right = rights[k].right;
        }
    }
    spec.grants = spec.ngrants > 0 ? grants : NULL;
    *out = spec;
}

int check_share_add(struct cli_call *c)
{
    lm_share_grant grants[3 * CLI_MAX_VALUES];
    lm_share_spec spec;
    lm_error e;
    int rc;

    if ((rc = max_uses(c, NULL)) != EXIT_OK_)
        return rc;
    /* What the command line alone decides (name, path, SID strings) is usage, before connecting. */
    share_spec(c, &spec, grants);
    if (lm_share_spec_check(&spec, &e) != LM_OK) {
        cli_fail(NULL, &e);
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cmd_share_add(struct cli_call *c)
{
    lm_share_grant grants[3 * CLI_MAX_VALUES];
    lm_share_spec spec;

    share_spec(c, &spec, grants);
    return lm_share_add(c->h, &spec) == LM_OK ? EXIT_OK_ : cli_host_fail(c);
}

int cmd_share_remove(struct cli_call *c)
{
    return lm_share_remove(c->h, c->pos[0]) == LM_OK ? EXIT_OK_ : cli_host_fail(c);
}

/* --encrypt-data, --folder-enumeration-mode, --caching-mode: the share flags they set (*mask) and their
 * values. With mask NULL, only checks. */
static int share_flags(const struct cli_call *c, uint32_t *mask, uint32_t *values)
{
    const char *enc = cli_value(c, "--encrypt-data"), *fem = cli_value(c, "--folder-enumeration-mode");
    const char *cm = cli_value(c, "--caching-mode");
    uint32_t m = 0, v = 0, bits;

    if (enc != NULL) {
        if (!cli_iequal(enc, "true") && !cli_iequal(enc, "false")) {
            cli_error("--encrypt-data takes true or false, not '%s'", enc);
            return EXIT_USAGE;
        }
        m |= LM_SHI1005_ENCRYPT_DATA;
        v |= cli_iequal(enc, "true") ? LM_SHI1005_ENCRYPT_DATA : 0;
    }
    if (fem != NULL) {
        if (!cli_iequal(fem, "AccessBased") && !cli_iequal(fem, "Unrestricted")) {
            cli_error("--folder-enumeration-mode takes AccessBased or Unrestricted, not '%s'", fem);
            return EXIT_USAGE;
        }
        m |= LM_SHI1005_ACCESS_BASED_ENUM;
        v |= cli_iequal(fem, "AccessBased") ? LM_SHI1005_ACCESS_BASED_ENUM : 0;
    }
    if (cm != NULL) {
        if (lm_share_caching_mode_parse(cm, &bits) != LM_OK) {
            cli_error("--caching-mode takes Manual, Documents, Programs, BranchCache or None, not '%s'", cm);
            return EXIT_USAGE;
        }
        m |= LM_SHI1005_CACHING_BITS;
        v |= bits;
    }
    if (mask != NULL) {
        *mask = m;
        *values = v;
    }
    return EXIT_OK_;
}

int check_share_set(struct cli_call *c)
{
    int rc;

    if (!cli_flag(c, "--description") && !cli_flag(c, "--max-uses") && !cli_flag(c, "--encrypt-data") &&
        !cli_flag(c, "--folder-enumeration-mode") && !cli_flag(c, "--caching-mode"))
        return cli_usage(c->g); /* nothing to change */
    if (check_share_name(c) != EXIT_OK_)
        return EXIT_USAGE;
    if ((rc = max_uses(c, NULL)) != EXIT_OK_)
        return rc;
    return share_flags(c, NULL, NULL);
}

int cmd_share_set(struct cli_call *c)
{
    uint32_t limit, mask, values;

    max_uses(c, &limit);            /* checked */
    share_flags(c, &mask, &values); /* checked */
    if ((cli_flag(c, "--description") || cli_flag(c, "--max-uses")) &&
        lm_share_set(c->h, c->pos[0], cli_value(c, "--description"),
                     cli_flag(c, "--max-uses") ? &limit : NULL) != LM_OK)
        return cli_host_fail(c);
    if (mask != 0 && lm_share_set_flags(c->h, c->pos[0], mask, values) != LM_OK)
        return cli_host_fail(c);
    return EXIT_OK_;
}

/* ---------------------------------------------------------------- config */

static const char *const lanman_services[] = {"LanmanServer", "LanmanWorkstation"};

/* One service's Parameters: the values present, then the known settings that are absent, at their default;
 * or with powershell, one object of the catalogued settings under their PowerShell names. */
static int config_list_one(lm_host *h, const char *service, bool powershell, bool local, struct out *o)
{
    lm_reg_value *vals;
    size_t n;
    char key[128];
    lm_status st;

    snprintf(key, sizeof key, "%s\\Parameters", service);
    st = lm_reg_list(h, key, &vals, &n);
    if (st == LM_ENOENT && lm_setting_next(service, NULL) != NULL) {
        /* No Parameters key: every catalogued setting is at its default. Say so: on Samba, which keeps its
         * settings in smb.conf, Windows' defaults say nothing about what the server does. */
        if (!local)
            cli_error("note: no %s key on the server: these are Windows' defaults, not its settings (Samba "
                      "keeps them in smb.conf; see 'lanman probe')",
                      key);
        else /* the local machine: Windows, which keeps its settings there */
            cli_error("note: no %s key: these are Windows' defaults", key);
        vals = NULL;
        n = 0;
    } else if (st != LM_OK) {
        return cli_fail(NULL, lm_host_error(h));
    }
    if (powershell) {
        cli_ps_config_record(o, service, vals, n);
        lm_reg_list_free(vals, n);
        return EXIT_OK_;
    }
    for (size_t i = 0; i < n; i++)
        cli_setting_record(o, service, lm_setting_find(service, vals[i].name), &vals[i]);
    for (const lm_setting *s = lm_setting_next(service, NULL); s != NULL; s = lm_setting_next(service, s)) {
        bool present = false;
        for (size_t i = 0; i < n && !present; i++)
            present = lm_setting_find(service, vals[i].name) == s;
        if (!present)
            cli_setting_record(o, service, s, NULL);
    }
    lm_reg_list_free(vals, n);
    return EXIT_OK_;
}

static bool is_lanman_service(const char *name)
{
    return cli_iequal(name, lanman_services[0]) || cli_iequal(name, lanman_services[1]);
}

int check_config_list(struct cli_call *c)
{
    if (cli_flag(c, "--powershell") && c->npos == 1 && !is_lanman_service(c->pos[0])) {
        cli_error("--powershell knows LanmanServer and LanmanWorkstation, not '%s'", c->pos[0]);
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cmd_config_list(struct cli_call *c)
{
    bool ps = cli_flag(c, "--powershell");
    int rc = EXIT_OK_;

    if (ps) { /* PowerShell shows its configuration objects as a list, every property */
        out_free(c->out);
        cli_out_init(c->g, c->out, OUT_LIST);
        c->columns = NULL;
    }
    for (size_t i = 0; i < 2 && rc == EXIT_OK_; i++) {
        if (c->npos == 0 || cli_iequal(c->pos[0], lanman_services[i]))
            rc = config_list_one(c->h, lanman_services[i], ps, c->g->host == NULL, c->out);
    }
    if (c->npos == 1 && !is_lanman_service(c->pos[0]))
        rc = config_list_one(c->h, c->pos[0], false, c->g->host == NULL, c->out);
    return rc;
}

/* A value from the server on stdout, through the rule for untrusted text: a REG_MULTI_SZ one string per
 * line, anything else on one line. */
static void put_value(char *text, bool multi)
{
    for (char *p = text, *nl; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
        if (multi && (nl = strchr(p, '\n')) != NULL)
            *nl = '\0';
        else
            nl = NULL;
        out_puts(stdout, p);
        putchar('\n');
    }
}

/* With --format: the value as one record, the fields of config list (Service, Name, Type, Value, Source,
 * ...); v NULL is the default of a setting that is not set. */
static int config_get_record(struct cli_call *c, const lm_setting *s, const lm_reg_value *v)
{
    static const char *const columns[] = {"Service", "Name", "Type", "Value", "Source", "Check", NULL};
    struct out o;

    cli_out_init(c->g, &o, OUT_LIST);
    cli_setting_record(&o, c->pos[0], s, v);
    return cli_out_finish(c->g, &o, columns);
}

int cmd_config_get(struct cli_call *c)
{
    const lm_setting *s = lm_setting_find(c->pos[0], c->pos[1]);
    lm_reg_value *v;
    char key[300], *text = NULL;
    int rc = EXIT_OK_;

    snprintf(key, sizeof key, "%s\\Parameters", c->pos[0]);
    if (lm_reg_get(c->h, key, s != NULL ? s->name : c->pos[1], &v) != LM_OK) {
        if (lm_host_error(c->h)->status != LM_ENOENT || s == NULL || s->def == NULL)
            return cli_host_fail(c);
        cli_error("%s is not set; this is its default", s->name);
        if (c->g->format >= 0)
            return config_get_record(c, s, NULL);
        printf("%s\n", s->def); /* absent: the documented default applies */
        return EXIT_OK_;
    }
    if (c->g->format >= 0)
        rc = config_get_record(c, s, v);
    else if (lm_reg_value_text(v, &text) == LM_OK)
        put_value(text, v->type == LM_REG_MULTI_SZ);
    else
        rc = EXIT_FAILED;
    free(text);
    lm_reg_list_free(v, 1);
    return rc;
}

/* config set SERVICE NAME VALUE [NAME VALUE]...: pairs, so an odd count of positionals. */
int check_config_set(struct cli_call *c)
{
    if (c->npos % 2 == 0) {
        cli_error("config set takes NAME VALUE pairs; '%s' has no value", c->pos[c->npos - 1]);
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

/* The same setting, whether by its value name or its PowerShell name. */
static bool same_setting(const char *service, const char *a, const char *b)
{
    const lm_setting *sa = lm_setting_find(service, a), *sb = lm_setting_find(service, b);

    return sa != NULL ? sa == sb : sb == NULL && cli_iequal(a, b);
}

/* config set's refusal of a bad name or value: usage (nothing was written); else the failure's code. */
static int config_set_fail(struct cli_call *c)
{
    lm_status st = lm_host_error(c->h)->status;

    cli_host_fail(c);
    return st == LM_EINVAL || st == LM_ERANGE || st == LM_ETYPE ? EXIT_USAGE : cli_exit_code(st);
}

/* --dry-run (-WhatIf): each pair as "What if: set KEY\NAME to VALUE (now: ...)", writing nothing. The host's
 * Parameters key must exist, as for the writes. */
static int config_set_plan(struct cli_call *c, const char *service, char *key)
{
    lm_reg_value *vals;
    size_t n;

    if (lm_reg_list(c->h, key, &vals, &n) != LM_OK) {
        if (lm_host_error(c->h)->status == LM_ENOENT)
            cli_error("cannot set %s values: the server has no %s key (Samba keeps its settings in smb.conf, "
                      "not in the registry; see 'lanman probe')",
                      key, key);
        else
            cli_host_fail(c);
        return cli_exit_code(lm_host_error(c->h)->status);
    }
    for (int i = 1; i < c->npos; i += 2) {
        const lm_setting *s = lm_setting_find(service, c->pos[i]);
        const char *name = s != NULL ? s->name : c->pos[i];
        const lm_reg_value *v = NULL;
        char *text = NULL;

        for (size_t k = 0; k < n && v == NULL; k++)
            v = cli_iequal(vals[k].name, name) ? &vals[k] : NULL;
        fputs("What if: set ", stdout);
        out_puts(stdout, key);
        putchar('\\');
        out_puts(stdout, name);
        fputs(" to ", stdout);
        out_puts(stdout, c->pos[i + 1]);
        if (v != NULL && lm_reg_value_text(v, &text) == LM_OK) {
            fputs(" (now: ", stdout);
            out_puts(stdout, text);
            fputs(")\n", stdout);
        } else {
            printf(" (now: not set%s%s)\n", s != NULL && s->def != NULL ? ", default " : "",
                   s != NULL && s->def != NULL ? s->def : "");
        }
        free(text);
    }
    lm_reg_list_free(vals, n);
    return EXIT_OK_;
}

int cmd_config_set(struct cli_call *c)
{
    const char *service = c->pos[0], *type = cli_value(c, "--type");
    char key[300];
    int i, rc;

    /* Every pair is checked before anything is written. */
    for (i = 1; i < c->npos; i += 2) {
        for (int j = 1; j < i; j += 2) {
            if (same_setting(service, c->pos[i], c->pos[j])) {
                cli_error("config set: %s is given twice ('%s' and '%s')", c->pos[i], c->pos[j], c->pos[i]);
                return EXIT_USAGE;
            }
        }
        if (lm_config_check(c->h, service, c->pos[i], type, c->pos[i + 1]) != LM_OK)
            return config_set_fail(c);
    }
    snprintf(key, sizeof key, "%s\\Parameters", service);
    if (cli_flag(c, "--dry-run"))
        return config_set_plan(c, service, key);
    for (i = 1; i < c->npos; i += 2) {
        if (lm_config_set(c->h, service, c->pos[i], type, c->pos[i + 1]) != LM_OK)
            break;
    }
    if (i >= c->npos)
        return EXIT_OK_;
    rc = config_set_fail(c);
    if (i > 1) { /* written midway: say exactly what is and what is not (nothing is rolled back) */
        char done[1024] = "", left[1024] = "";
        for (int k = 1; k < c->npos; k += 2) {
            char *to = k < i ? done : left;
            snprintf(to + strlen(to), sizeof done - strlen(to), " %s", c->pos[k]);
        }
        cli_error("note: written:%s; not written:%s", done, left);
    }
    return rc;
}

int cmd_config_unset(struct cli_call *c)
{
    lm_status st;

    if ((st = lm_config_unset(c->h, c->pos[0], c->pos[1])) == LM_OK)
        return EXIT_OK_;
    if (st == LM_ENOENT) {
        /* Idempotent, as automation needs: not set is what was asked for. */
        cli_error("note: %s\\Parameters\\%s is not set: already at its default", c->pos[0], c->pos[1]);
        return EXIT_OK_;
    }
    /* a value lanman never deletes (ServiceDll) is bad input, like config set's refusals */
    st = lm_host_error(c->h)->status;
    cli_host_fail(c);
    return st == LM_EINVAL ? EXIT_USAGE : cli_exit_code(st);
}
