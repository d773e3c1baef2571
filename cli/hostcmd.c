/* service, share and config: the host interface (include/lanman/host.h) from the command line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lanman/config.h"
#include "output.h"

/* Opens the target the global options name: the local machine, or -H HOST[:PORT]. */
static int open_host(const struct cli *g, lm_host **out)
{
    lm_host_options o;
    struct cli_creds cc;
    char server[256];
    uint16_t port = 0;
    lm_error err;
    lm_status st;
    int rc;

    memset(&o, 0, sizeof o);
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
    cli_smb_options(g, port, &o.smb);
    st = lm_host_open(&o, out, &err);
    cli_credentials_free(&cc);
    if (st != LM_OK)
        return cli_fail(g->host != NULL ? "cannot reach the server" : "cannot open the local machine", &err);
    return EXIT_OK_;
}

static enum out_format format_or(const struct cli *g, enum out_format def)
{
    return g->format >= 0 ? (enum out_format)g->format : def;
}

/* Splits argv into positionals and the given options. Returns -1 to go on, or an exit code. */
static int parse_opts(int argc, char **argv, struct opt *opts, size_t nopts, const char **pos, int maxpos,
                      int *npos, const char *usage)
{
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        size_t k;

        if (a[0] != '-' || a[1] == '\0') {
            if (*npos == maxpos) {
                cli_error("too many arguments; usage: lanman %s", usage);
                return EXIT_USAGE;
            }
            pos[(*npos)++] = a;
            continue;
        }
        for (k = 0; k < nopts; k++) {
            if (strcmp(a, opts[k].name) == 0)
                break;
        }
        if (k == nopts) {
            cli_error("unknown option '%s'; usage: lanman %s", a, usage);
            return EXIT_USAGE;
        }
        if (opts[k].takes_value) {
            if (i + 1 >= argc) {
                cli_error("option %s needs a value", a);
                return EXIT_USAGE;
            }
            if (opts[k].count == 32) {
                cli_error("too many %s options", a);
                return EXIT_USAGE;
            }
            opts[k].values[opts[k].count] = argv[++i];
        }
        opts[k].count++;
    }
    return -1;
}

/* ---------------------------------------------------------------- services */

static const char *service_type_name(uint32_t t)
{
    switch (t & ~0x100u) {
    case 0x1:
        return "KernelDriver";
    case 0x2:
        return "FileSystemDriver";
    case 0x10:
        return (t & 0x100u) ? "Win32OwnProcess, InteractiveProcess" : "Win32OwnProcess";
    case 0x20:
        return (t & 0x100u) ? "Win32ShareProcess, InteractiveProcess" : "Win32ShareProcess";
    default:
        return "Unknown";
    }
}

static void service_record(struct out *o, const lm_service *s)
{
    out_rec(o);
    out_str(o, "Name", s->name);
    out_str(o, "DisplayName", s->display_name);
    out_str(o, "Status", lm_service_state_name(s->status));
    if (!s->detailed)
        return;
    out_str(o, "StartType", lm_start_type_name(s->start_type));
    out_str(o, "Description", s->description);
    out_str(o, "ServiceType", service_type_name(s->service_type));
    out_num(o, "ProcessId", s->process_id);
    out_str(o, "BinaryPathName", s->binary_path);
    out_str(o, "StartName", s->start_name);
    out_strv(o, "ServicesDependedOn", s->depends_on, s->ndepends_on);
    out_strv(o, "DependentServices", s->dependents, s->ndependents);
    out_bool(o, "CanStop", (s->controls_accepted & LM_SERVICE_ACCEPT_STOP) != 0);
    out_bool(o, "CanPauseAndContinue", (s->controls_accepted & LM_SERVICE_ACCEPT_PAUSE_CONTINUE) != 0);
    out_bool(o, "CanShutdown", (s->controls_accepted & LM_SERVICE_ACCEPT_SHUTDOWN) != 0);
    out_num(o, "Win32ExitCode", s->win32_exit_code);
    out_num(o, "ServiceSpecificExitCode", s->service_exit_code);
}

static int print_services(const struct cli *g, const lm_service *list, size_t n, enum out_format def)
{
    static const char *const columns[] = {"Status", "Name", "DisplayName", NULL};
    struct out o;
    int rc;

    out_init(&o, format_or(g, def));
    for (size_t i = 0; i < n; i++)
        service_record(&o, &list[i]);
    rc = out_print(&o, stdout, columns) == 0 ? EXIT_OK_ : EXIT_FAILED;
    out_free(&o);
    return rc;
}

int cmd_service_list(struct cli *g, int argc, char **argv)
{
    const char *pos[64];
    lm_service *list;
    lm_host *h;
    size_t n;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 64, &npos, "service list [PATTERN...]")) >= 0)
        return rc;
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    /* The table shows three columns; every other format shows every property, which costs a query each. */
    if (lm_service_list(h, pos, (size_t)npos, format_or(g, OUT_TABLE) != OUT_TABLE, &list, &n) != LM_OK) {
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

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 1, &npos, "service show NAME")) >= 0)
        return rc;
    if (npos != 1) {
        cli_error("usage: lanman service show NAME");
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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

static int service_action(struct cli *g, int argc, char **argv, lm_service_action action, const char *verb)
{
    struct opt opts[] = {{"--force", false, 0, {0}}};
    char usage[64];
    const char *pos[1];
    lm_host *h;
    int npos, rc;

    snprintf(usage, sizeof usage, "service %s NAME [--force] [--timeout S]", verb);
    if ((rc = parse_opts(argc, argv, opts, 1, pos, 1, &npos, usage)) >= 0)
        return rc;
    if (npos != 1) {
        cli_error("usage: lanman %s", usage);
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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
    return service_action(g, argc, argv, LM_SERVICE_START, "start");
}
int cmd_service_stop(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_STOP, "stop");
}
int cmd_service_restart(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_RESTART, "restart");
}
int cmd_service_pause(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_PAUSE, "pause");
}
int cmd_service_continue(struct cli *g, int argc, char **argv)
{
    return service_action(g, argc, argv, LM_SERVICE_CONTINUE, "continue");
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
    const char *usage = "service set NAME --start-type automatic|delayed|manual|disabled";
    const char *pos[1];
    lm_host *h;
    size_t i;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, opts, 1, pos, 1, &npos, usage)) >= 0)
        return rc;
    if (npos != 1 || opts[0].count != 1) {
        cli_error("usage: lanman %s", usage);
        return EXIT_USAGE;
    }
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(opts[0].values[0], types[i].name) == 0)
            break;
    }
    if (i == sizeof types / sizeof types[0]) {
        cli_error("unknown start type '%s'; use automatic, delayed, manual or disabled", opts[0].values[0]);
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_service_set_start_type(h, pos[0], types[i].t) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

/* ---------------------------------------------------------------- shares */

static const char *share_type_name(uint32_t t)
{
    switch (t & LM_STYPE_MASK) {
    case LM_STYPE_DISKTREE:
        return "FileSystemDirectory";
    case LM_STYPE_PRINTQ:
        return "PrintQueue";
    case LM_STYPE_DEVICE:
        return "CommunicationDevice";
    default:
        return "IPC";
    }
}

static void share_record(struct out *o, const lm_share *s)
{
    out_rec(o);
    out_str(o, "Name", s->name);
    out_str(o, "ScopeName", "*");
    out_str(o, "Path", s->path);
    out_str(o, "Description", s->remark);
    out_str(o, "ShareType", share_type_name(s->type));
    out_bool(o, "Special", (s->type & LM_STYPE_SPECIAL) != 0);
    out_bool(o, "Temporary", (s->type & LM_STYPE_TEMPORARY) != 0);
    /* PowerShell shows "no limit" as 0 */
    out_num(o, "ConcurrentUserLimit", s->max_uses == LM_SHARE_UNLIMITED ? 0 : s->max_uses);
    if (s->level >= 2)
        out_num(o, "CurrentUsers", s->current_uses);
    out_str(o, "SecurityDescriptor", s->sddl);
    if (s->configured)
        out_bool(o, "Configured", true);
    else
        out_num(o, "InfoLevel", (uint64_t)s->level);
}

static int print_shares(const struct cli *g, const lm_share *list, size_t n, enum out_format def)
{
    static const char *const columns[] = {"Name", "ScopeName", "Path", "Description", NULL};
    struct out o;
    int rc;

    out_init(&o, format_or(g, def));
    for (size_t i = 0; i < n; i++)
        share_record(&o, &list[i]);
    rc = out_print(&o, stdout, columns) == 0 ? EXIT_OK_ : EXIT_FAILED;
    out_free(&o);
    return rc;
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

    if ((rc = parse_opts(argc, argv, opts, 1, pos, 0, &npos, "share list [--configured]")) >= 0)
        return rc;
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 1, &npos, "share show NAME")) >= 0)
        return rc;
    if (npos != 1) {
        cli_error("usage: lanman share show NAME");
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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
    const char *usage =
        "share add NAME PATH [--description T] [--max-uses N] [--full|--change|--read ACCT]...";
    lm_share_grant grants[96];
    lm_share_spec spec;
    const char *pos[2];
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, opts, 5, pos, 2, &npos, usage)) >= 0)
        return rc;
    if (npos != 2 || opts[0].count > 1 || opts[1].count > 1) {
        cli_error("usage: lanman %s", usage);
        return EXIT_USAGE;
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
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 1, &npos, "share remove NAME")) >= 0)
        return rc;
    if (npos != 1) {
        cli_error("usage: lanman share remove NAME");
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_remove(h, pos[0]) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

int cmd_share_set(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"--description", true, 0, {0}}, {"--max-uses", true, 0, {0}}};
    const char *usage = "share set NAME [--description T] [--max-uses N]";
    const char *pos[1];
    uint32_t max_uses;
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, opts, 2, pos, 1, &npos, usage)) >= 0)
        return rc;
    if (npos != 1 || opts[0].count + opts[1].count == 0 || opts[0].count > 1 || opts[1].count > 1) {
        cli_error("usage: lanman %s", usage);
        return EXIT_USAGE;
    }
    if (opts[1].count > 0 && !parse_max_uses(opts[1].values[0], &max_uses)) {
        cli_error("--max-uses takes a number from 0 (no limit) to 4294967295, not '%s'", opts[1].values[0]);
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (lm_share_set(h, pos[0], opts[0].count > 0 ? opts[0].values[0] : NULL,
                     opts[1].count > 0 ? &max_uses : NULL) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

/* ---------------------------------------------------------------- config */

static const char *const lanman_services[] = {"LanmanServer", "LanmanWorkstation"};

static const char *reg_type_name(lm_reg_type t)
{
    switch (t) {
    case LM_REG_SZ:
        return "REG_SZ";
    case LM_REG_EXPAND_SZ:
        return "REG_EXPAND_SZ";
    case LM_REG_BINARY:
        return "REG_BINARY";
    case LM_REG_DWORD:
        return "REG_DWORD";
    case LM_REG_MULTI_SZ:
        return "REG_MULTI_SZ";
    case LM_REG_QWORD:
        return "REG_QWORD";
    default:
        return "REG_NONE";
    }
}

/* One service's Parameters: the values present, then the known settings that are absent, at their default. */
static int config_list_one(lm_host *h, const char *service, struct out *o)
{
    lm_reg_value *vals;
    size_t n;
    char key[128];
    lm_status st;

    snprintf(key, sizeof key, "%s\\Parameters", service);
    st = lm_reg_list(h, key, &vals, &n);
    if (st == LM_ENOENT) {
        vals = NULL;
        n = 0;
    } else if (st != LM_OK) {
        return cli_fail(NULL, lm_host_error(h));
    }
    for (size_t i = 0; i < n; i++) {
        const lm_setting *s = lm_setting_find(service, vals[i].name);
        char *text = NULL;
        int ok = s != NULL ? lm_setting_check(s, &vals[i]) : -1;

        lm_reg_value_text(&vals[i], &text);
        out_rec(o);
        out_str(o, "Service", service);
        out_str(o, "Name", vals[i].name);
        out_str(o, "Type", reg_type_name(vals[i].type));
        out_str(o, "Value", text != NULL ? text : "(unreadable)");
        out_str(o, "Source", "set");
        out_str(o, "Recommended", s != NULL ? s->recommended : NULL);
        out_str(o, "Check", ok == 1 ? "ok" : ok == 0 ? "differs" : NULL);
        out_str(o, "Meaning", s != NULL ? s->meaning : NULL);
        free(text);
    }
    for (const lm_setting *s = lm_setting_next(service, NULL); s != NULL; s = lm_setting_next(service, s)) {
        bool present = false;
        for (size_t i = 0; i < n && !present; i++)
            present = lm_setting_find(service, vals[i].name) == s;
        if (present)
            continue;
        out_rec(o);
        out_str(o, "Service", service);
        out_str(o, "Name", s->name);
        out_str(o, "Type", reg_type_name(s->type));
        out_str(o, "Value", s->def);
        out_str(o, "Source", "default");
        out_str(o, "Recommended", s->recommended);
        out_str(o, "Check",
                s->recommended == NULL || s->def == NULL ? NULL
                : strcmp(s->recommended, s->def) == 0    ? "ok"
                                                         : "differs");
        out_str(o, "Meaning", s->meaning);
    }
    lm_reg_list_free(vals, n);
    return EXIT_OK_;
}

int cmd_config_list(struct cli *g, int argc, char **argv)
{
    static const char *const columns[] = {"Service", "Name", "Type", "Value", "Source", "Check", NULL};
    const char *pos[1];
    struct out o;
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 1, &npos, "config list [SERVICE]")) >= 0)
        return rc;
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    out_init(&o, format_or(g, OUT_TABLE));
    for (size_t i = 0; i < 2 && rc == EXIT_OK_; i++) {
        if (npos == 0 || strcmp(pos[0], lanman_services[i]) == 0)
            rc = config_list_one(h, lanman_services[i], &o);
    }
    if (npos == 1 && strcmp(pos[0], lanman_services[0]) != 0 && strcmp(pos[0], lanman_services[1]) != 0)
        rc = config_list_one(h, pos[0], &o);
    if (rc == EXIT_OK_)
        rc = out_print(&o, stdout, columns) == 0 ? EXIT_OK_ : EXIT_FAILED;
    out_free(&o);
    lm_host_close(h);
    return rc;
}

int cmd_config_get(struct cli *g, int argc, char **argv)
{
    const char *pos[2];
    const lm_setting *s;
    lm_reg_value *v;
    char key[300], *text = NULL;
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 2, &npos, "config get SERVICE NAME")) >= 0)
        return rc;
    if (npos != 2) {
        cli_error("usage: lanman config get SERVICE NAME");
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    s = lm_setting_find(pos[0], pos[1]);
    snprintf(key, sizeof key, "%s\\Parameters", pos[0]);
    if (lm_reg_get(h, key, s != NULL ? s->name : pos[1], &v) != LM_OK) {
        if (lm_host_error(h)->status == LM_ENOENT && s != NULL && s->def != NULL) {
            printf("%s\n", s->def); /* absent: the documented default applies */
            fprintf(stderr, "lanman: %s is not set; this is its default\n", s->name);
        } else {
            rc = cli_fail(NULL, lm_host_error(h));
        }
    } else {
        if (lm_reg_value_text(v, &text) == LM_OK)
            printf("%s\n", text);
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
    const char *usage = "config set SERVICE NAME VALUE [--type REG_DWORD|REG_SZ|REG_MULTI_SZ|...]";
    const char *pos[3];
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, opts, 1, pos, 3, &npos, usage)) >= 0)
        return rc;
    if (npos != 3) {
        cli_error("usage: lanman %s", usage);
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
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
    const lm_setting *s;
    char key[300];
    lm_host *h;
    int npos, rc;

    if ((rc = parse_opts(argc, argv, NULL, 0, pos, 2, &npos, "config unset SERVICE NAME")) >= 0)
        return rc;
    if (npos != 2) {
        cli_error("usage: lanman config unset SERVICE NAME");
        return EXIT_USAGE;
    }
    if ((rc = open_host(g, &h)) != EXIT_OK_)
        return rc;
    s = lm_setting_find(pos[0], pos[1]);
    snprintf(key, sizeof key, "%s\\Parameters", pos[0]);
    if (lm_reg_delete(h, key, s != NULL ? s->name : pos[1]) != LM_OK)
        rc = cli_fail(NULL, lm_host_error(h));
    lm_host_close(h);
    return rc;
}

/* For the other command files (cli.h). */
int cli_open_host(const struct cli *g, lm_host **out)
{
    return open_host(g, out);
}

int cli_parse_opts(int argc, char **argv, struct opt *opts, size_t nopts, const char **pos, int maxpos,
                   int *npos, const char *usage)
{
    return parse_opts(argc, argv, opts, nopts, pos, maxpos, npos, usage);
}
