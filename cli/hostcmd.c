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
        if (!cli_split_host(g->host, server, sizeof server, &port)) {
            cli_error("'%s' is not HOST[:PORT]", g->host);
            return EXIT_USAGE;
        }
        o.server = server;
    }
    if (g->user != NULL && !g->anonymous) {
        if ((rc = cli_credentials(g, &cc)) != EXIT_OK_)
            return rc;
        o.creds = &cc.creds;
    }
    cli_smb_options(g, port, &so);
    o.smb = &so;
    st = lm_host_open(&o, out, &err);
    cli_credentials_free(&cc);
    if (st != LM_OK)
        return cli_fail(NULL, &err); /* it names the server, or says why there is no local machine */
    return EXIT_OK_;
}

/* ---------------------------------------------------------------- services */

static int print_services(const struct cli *g, const lm_service *list, size_t n, enum out_format def)
{
    static const char *const columns[] = {"Status", "Name", "DisplayName", NULL};
    struct out o;

    cli_out_init(g, &o, def);
    for (size_t i = 0; i < n; i++)
        cli_service_record(&o, &list[i]);
    return cli_out_finish(g, &o, columns);
}

int cmd_service_list(struct cli *g, int argc, char **argv)
{
    const char *pos[64];
    lm_service *list;
    lm_host *h;
    size_t n;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 64, &npos, NULL)) >= 0)
        return rc;
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    /* The table shows three columns; every other format, and --property, every property, which costs a query
     * each. */
    if (lm_service_list(h, pos, (size_t)npos,
                        (g->format >= 0 && g->format != OUT_TABLE) || g->property != NULL, &list,
                        &n) != LM_OK) {
        rc = cli_fail(NULL, lm_host_error(h));
    } else {
        rc = print_services(g, list, n, OUT_TABLE);
        lm_service_list_free(list, n);
    }
    lm_host_close(h);
    return rc;
}

int cmd_service_show(struct cli *g, int argc, char **argv)
{
    const char *pos[1];
    lm_service *list;
    lm_host *h;
    size_t n;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_service_list(h, pos, 1, true, &list, &n) != LM_OK) {
        rc = cli_fail(NULL, lm_host_error(h));
    } else {
        rc = print_services(g, list, n, OUT_LIST);
        lm_service_list_free(list, n);
    }
    lm_host_close(h);
    return rc;
}

static int service_action(struct cli *g, int argc, char **argv, lm_service_action action)
{
    struct opt opts[] = {{"--force", false, 0, {0}}};
    const char *pos[1];
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 1, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    /* --timeout (a global option, wherever it stands) bounds the wait for the target state too. */
    if (lm_service_control(h, pos[0], action, opts[0].count > 0 ? LM_SERVICE_FORCE : 0,
                           g->timeout_s > 0 ? g->timeout_s * 1000 : 0) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

int cmd_service_start(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_START);
}
int cmd_service_stop(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_STOP);
}
int cmd_service_restart(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_RESTART);
}
int cmd_service_pause(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_PAUSE);
}
int cmd_service_continue(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_CONTINUE);
}

int cmd_service_set(struct cli *g, int argc, char **argv)
{
    static const struct {
        const char *name;
        lm_start_type t;
    } types[] = {{"automatic", LM_START_AUTOMATIC}, {"delayed", LM_START_AUTOMATIC_DELAYED},
                 {"manual", LM_START_MANUAL},       {"disabled", LM_START_DISABLED},
                 {"boot", LM_START_BOOT},           {"system", LM_START_SYSTEM}};
    struct opt opts[] = {{"--start-type", true, 0, {0}}};
    const char *pos[1];
    lm_host *h;
    size_t i;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 1, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1 || opts[0].count != 1) {
        return cli_usage(g);
    }
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(opts[0].values[0], types[i].name) == 0)
            break;
    }
    if (i == sizeof types / sizeof types[0]) {
        cli_error("unknown start type '%s'; use automatic, delayed, manual or disabled", opts[0].values[0]);
        return EXIT_USAGE;
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_service_set_start_type(h, pos[0], types[i].t) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

/* ---------------------------------------------------------------- shares */

static int print_shares(const struct cli *g, const lm_share *list, size_t n, enum out_format def)
{
    static const char *const columns[] = {"Name", "ScopeName", "Path", "Description", NULL};
    struct out o;

    cli_out_init(g, &o, def);
    for (size_t i = 0; i < n; i++)
        cli_share_record(&o, &list[i]);
    return cli_out_finish(g, &o, columns);
}

int cmd_share_list(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--configured", false, 0, {0}}};
    const char *pos[1];
    lm_share *list;
    lm_host *h;
    size_t n;
    int npos, rc;
    lm_status st;

    if ((rc = cli_parse_opts(argc, argv, opts, 1, pos, 0, &npos, NULL)) >= 0)
        return rc;
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    st = opts[0].count > 0 ? lm_share_list_configured(h, &list, &n) : lm_share_list(h, &list, &n);
    if (st == LM_ENOTSUP && opts[0].count == 0) {
        /* The server service cannot answer (stopped, or Wine's netapi32): the definitions in the registry
         * are what will be shared, so list those, and say so on stderr. */
        cli_error("%s; listing the configured shares from the registry instead", lm_host_error(h)->message);
        st = lm_share_list_configured(h, &list, &n);
    }
    if (st != LM_OK) {
        rc = cli_fail(NULL, lm_host_error(h));
    } else {
        rc = print_shares(g, list, n, OUT_TABLE);
        lm_share_list_free(list, n);
    }
    lm_host_close(h);
    return rc;
}

int cmd_share_show(struct cli *g, int argc, char **argv)
{
    const char *pos[1];
    lm_share *s;
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_get(h, pos[0], &s) != LM_OK) {
        rc = cli_fail(NULL, lm_host_error(h));
    } else {
        rc = print_shares(g, s, 1, OUT_LIST);
        lm_share_list_free(s, 1);
    }
    lm_host_close(h);
    return rc;
}

static bool parse_max_uses(const char *s, uint32_t *out)
{
    char *e;
    unsigned long long v = strtoull(s, &e, 10);

    if (*s == '\0' || *s == '-' || *e != '\0' || v > 0xFFFFFFFFull)
        return false;
    *out = v == 0 ? LM_SHARE_UNLIMITED : (uint32_t)v; /* 0 means "no limit", as in New-SmbShare */
    return true;
}

int cmd_share_add(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--description", true, 0, {0}},
                         {"--max-uses", true, 0, {0}},
                         {"--full", true, 0, {0}},
                         {"--change", true, 0, {0}},
                         {"--read", true, 0, {0}}};
    lm_share_grant grants[96];
    lm_share_spec spec;
    const char *pos[2];
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 5, pos, 2, &npos, NULL)) >= 0)
        return rc;
    if (npos != 2 || opts[0].count > 1 || opts[1].count > 1) {
        return cli_usage(g);
    }
    memset(&spec, 0, sizeof spec);
    spec.name = pos[0];
    spec.path = pos[1];
    spec.remark = opts[0].count > 0 ? opts[0].values[0] : NULL;
    spec.max_uses = LM_SHARE_UNLIMITED;
    if (opts[1].count > 0 && !parse_max_uses(opts[1].values[0], &spec.max_uses)) {
        cli_error("--max-uses takes a number from 0 (no limit) to 4294967295, not '%s'", opts[1].values[0]);
        return EXIT_USAGE;
    }
    for (int k = 2; k < 5; k++) {
        for (int i = 0; i < opts[k].count; i++) {
            grants[spec.ngrants].account = opts[k].values[i];
            grants[spec.ngrants].right = k == 2 ? LM_SHARE_FULL : k == 3 ? LM_SHARE_CHANGE : LM_SHARE_READ;
            spec.ngrants++;
        }
    }
    spec.grants = spec.ngrants > 0 ? grants : NULL;
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_add(h, &spec) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

int cmd_share_remove(struct cli *g, int argc, char **argv)
{
    const char *pos[1];
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_remove(h, pos[0]) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

int cmd_share_set(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--description", true, 0, {0}}, {"--max-uses", true, 0, {0}}};
    const char *pos[1];
    uint32_t max_uses;
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 2, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1 || opts[0].count + opts[1].count == 0 || opts[0].count > 1 || opts[1].count > 1) {
        return cli_usage(g);
    }
    if (opts[1].count > 0 && !parse_max_uses(opts[1].values[0], &max_uses)) {
        cli_error("--max-uses takes a number from 0 (no limit) to 4294967295, not '%s'", opts[1].values[0]);
        return EXIT_USAGE;
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_set(h, pos[0], opts[0].count > 0 ? opts[0].values[0] : NULL,
                     opts[1].count > 0 ? &max_uses : NULL) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

/* ---------------------------------------------------------------- config */

static const char *const lanman_services[] = {"LanmanServer", "LanmanWorkstation"};

/* One service's Parameters: the values present, then the known settings that are absent, at their default;
 * or with powershell, one object of the catalogued settings under their PowerShell names. */
static int config_list_one(lm_host *h, const char *service, bool powershell, struct out *o)
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
        cli_error("note: no %s key on the server: these are Windows' defaults, not its settings (Samba "
                  "keeps them in smb.conf; see 'lanman probe')",
                  key);
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

int cmd_config_list(struct cli *g, int argc, char **argv)
{
    static const char *const columns[] = {"Service", "Name", "Type", "Value", "Source", "Check", NULL};
    struct opt opts[] = {{"--powershell", false, 0, {0}}};
    const char *pos[1];
    struct out o;
    lm_host *h;
    bool ps;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 1, pos, 1, &npos, NULL)) >= 0)
        return rc;
    ps = opts[0].count > 0;
    if (ps && npos == 1 && !cli_iequal(pos[0], lanman_services[0]) &&
        !cli_iequal(pos[0], lanman_services[1])) {
        cli_error("--powershell knows LanmanServer and LanmanWorkstation, not '%s'", pos[0]);
        return EXIT_USAGE;
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    /* PowerShell shows its configuration objects as a list */
    cli_out_init(g, &o, ps ? OUT_LIST : OUT_TABLE);
    for (size_t i = 0; i < 2 && rc == EXIT_OK_; i++) {
        if (npos == 0 || cli_iequal(pos[0], lanman_services[i]))
            rc = config_list_one(h, lanman_services[i], ps, &o);
    }
    if (npos == 1 && !cli_iequal(pos[0], lanman_services[0]) && !cli_iequal(pos[0], lanman_services[1]))
        rc = config_list_one(h, pos[0], false, &o);
    if (rc == EXIT_OK_)
        rc = cli_out_finish(g, &o, ps ? NULL : columns);
    else
        out_free(&o);
    lm_host_close(h);
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

int cmd_config_get(struct cli *g, int argc, char **argv)
{
    const char *pos[2];
    const lm_setting *s;
    lm_reg_value *v;
    char key[300], *text = NULL;
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 2, &npos, NULL)) >= 0)
        return rc;
    if (npos != 2) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    s = lm_setting_find(pos[0], pos[1]);
    snprintf(key, sizeof key, "%s\\Parameters", pos[0]);
    if (lm_reg_get(h, key, s != NULL ? s->name : pos[1], &v) != LM_OK) {
        if (lm_host_error(h)->status == LM_ENOENT && s != NULL && s->def != NULL) {
            printf("%s\n", s->def); /* absent: the documented default applies */
            cli_error("%s is not set; this is its default", s->name);
        } else {
            rc = cli_fail(NULL, lm_host_error(h));
        }
    } else {
        if (lm_reg_value_text(v, &text) == LM_OK)
            put_value(text, v->type == LM_REG_MULTI_SZ);
        else
            rc = EXIT_FAILED;
        free(text);
        lm_reg_list_free(v, 1);
    }
    lm_host_close(h);
    return rc;
}

int cmd_config_set(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--type", true, 0, {0}}};
    const char *pos[3];
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 1, pos, 3, &npos, NULL)) >= 0)
        return rc;
    if (npos != 3) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_config_set(h, pos[0], pos[1], opts[0].count > 0 ? opts[0].values[0] : NULL, pos[2]) != LM_OK) {
        /* a value the catalogue refuses is bad input: usage, and nothing was written */
        lm_status st = lm_host_error(h)->status;
        rc = cli_fail(NULL, lm_host_error(h));
        if (st == LM_EINVAL || st == LM_ERANGE || st == LM_ETYPE)
            rc = EXIT_USAGE;
    }
    lm_host_close(h);
    return rc;
}

int cmd_config_unset(struct cli *g, int argc, char **argv)
{
    const char *pos[2];
    lm_host *h;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 2, &npos, NULL)) >= 0)
        return rc;
    if (npos != 2) {
        return cli_usage(g);
    }
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_config_unset(h, pos[0], pos[1]) != LM_OK) {
        /* a value lanman never deletes (ServiceDll) is bad input, like config set's refusals */
        lm_status st = lm_host_error(h)->status;
        rc = cli_fail(NULL, lm_host_error(h));
        if (st == LM_EINVAL)
            rc = EXIT_USAGE;
    }
    lm_host_close(h);
    return rc;
}
