#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "platform.h"
#include "xmlapi.h"

void cli_error(const char *fmt, ...)
{
    char small[1024], *msg = small;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        small[0] = '\0';
    else if ((size_t)n >= sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (msg == NULL)
        msg = small; /* out of memory: the message cut short */
    /* Messages quote names, paths and error text from the server: the whole line goes through the output
     * layer's one rule for untrusted text, so no control character reaches the terminal and it stays one
     * line. */
    fputs("lanman: ", stderr);
    out_puts(stderr, msg);
    fputc('\n', stderr);
    if (msg != small)
        free(msg);
}

int cli_exit_code(lm_status st)
{
    switch (st) {
    case LM_OK:
        return EXIT_OK_;
    case LM_EAUTH:
        return EXIT_AUTH;
    case LM_ENOENT:
        return EXIT_NOTFOUND;
    case LM_EACCES:
        return EXIT_ACCESS;
    case LM_ECONNREFUSED:
    case LM_ETIMEDOUT:
    case LM_EHOSTUNREACH:
    case LM_ECONNRESET:
    case LM_ENOTCONN:
        return EXIT_CONNECT;
    case LM_EPROTO:
    case LM_ENOTSUP:
    case LM_ESIGNATURE:
        return EXIT_PROTOCOL;
    case LM_ENAME:
    case LM_EPATH:
        return EXIT_USAGE; /* a share name or path that breaks the rules: bad input, refused before sending */
    default:
        return EXIT_FAILED;
    }
}

int cli_fail(const char *what, const lm_error *e)
{
    const char *msg = e->message[0] != '\0' ? e->message : lm_strerror(e->status);

    /* The library's messages that start with "cannot" say what failed already: not twice. */
    if (what != NULL && strncmp(msg, "cannot ", 7) != 0)
        cli_error("%s: %s", what, msg);
    else
        cli_error("%s", msg);
    return cli_exit_code(e->status);
}

int cli_fail_advice(const char *what, const lm_error *e, const char *advice)
{
    lm_error with = *e;

    /* The library states the fact; the advice is the CLI's, once. */
    if (strstr(with.message, advice) == NULL &&
        snprintf(with.message, sizeof with.message, "%s; %s",
                 e->message[0] != '\0' ? e->message : lm_strerror(e->status), advice) < 0)
        with.message[0] = '\0';
    return cli_fail(what, &with);
}

static bool parse_dialect(const char *s, uint16_t *d)
{
    static const struct {
        const char *name;
        uint16_t d;
    } names[] = {{"2.0.2", 0x0202}, {"2.02", 0x0202},  {"2.1", 0x0210},  {"2.10", 0x0210},  {"3.0", 0x0300},
                 {"3.00", 0x0300},  {"3.0.2", 0x0302}, {"3.02", 0x0302}, {"3.1.1", 0x0311}, {"3.11", 0x0311}};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *d = names[i].d;
            return true;
        }
    }
    return false;
}

#define DIALECTS "2.0.2 2.1 3.0 3.0.2 3.1.1"

const struct cli_global_option cli_global_options[] = {
    {G_HOST, "-H", "--host", "HOST[:PORT]",
     "the server to manage, over SMB2 (port 445 unless given); without it, the local machine (Windows only)",
     NULL, COMPLETE_HOST},
    {G_USER, "-U", "--user", "[DOMAIN\\]USER",
     "log on as USER; the password comes from LANMAN_PASSWORD, --password-file or a prompt without echo",
     NULL, COMPLETE_NONE},
    {G_ANONYMOUS, "-N", "--anonymous", NULL, "log on with a null session (the default without -U)", NULL,
     COMPLETE_NONE},
    {G_PASSWORD_FILE, NULL, "--password-file", "FILE", "read the password from the first line of FILE", NULL,
     COMPLETE_FILE},
    {G_FORMAT, NULL, "--format", "FORMAT",
     "table, list, csv, json or xml (default: table for lists, list for one object); sarif for audit",
     "table list csv json xml", COMPLETE_NONE},
    {G_PROPERTY, NULL, "--property", "A,B", "only these properties, in this order, in every format", NULL,
     COMPLETE_NONE},
    {G_TIMEOUT, NULL, "--timeout", "SECONDS",
     "limit for each connect, send and receive (default 10) and for a service to reach its state (default "
     "30)",
     NULL, COMPLETE_NONE},
    {G_MIN_DIALECT, NULL, "--min-dialect", "D",
     "lowest SMB dialect to offer: 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1", DIALECTS, COMPLETE_NONE},
    {G_MAX_DIALECT, NULL, "--max-dialect", "D", "highest SMB dialect to offer", DIALECTS, COMPLETE_NONE},
    {G_SIGN, NULL, "--sign", NULL, "require a signed session", NULL, COMPLETE_NONE},
    {G_ENCRYPT, NULL, "--encrypt", NULL, "require an encrypted session", NULL, COMPLETE_NONE},
    {G_ALLOW_GUEST, NULL, "--allow-guest", NULL,
     "accept a guest session when the server maps -U USER to its guest account (unsigned: refused by "
     "default)",
     NULL, COMPLETE_NONE},
    {G_AUTH, NULL, "--auth", "MECH",
     "auto, kerberos or ntlm (default auto: Kerberos for a server named by its DNS name when a ticket or "
     "-U USER@REALM is at hand, NTLMv2 otherwise)",
     "auto kerberos ntlm", COMPLETE_NONE},
    {G_KERBEROS, "-k", "--kerberos", NULL,
     "Kerberos only (--auth kerberos): the ticket cache (KRB5CCNAME, kinit), or -U USER@REALM and a "
     "password; "
     "never NTLM",
     NULL, COMPLETE_NONE},
    {G_SPN, NULL, "--spn", "SPN", "the server's Kerberos service principal (default cifs/HOST)", NULL,
     COMPLETE_NONE},
    {G_NETBIOS, NULL, "--netbios", NULL, "connect to port 139 with a NetBIOS session request", NULL,
     COMPLETE_NONE},
    {G_VERBOSE, "-v", "--verbose", NULL, "trace each SMB request and response on stderr (never a secret)",
     NULL, COMPLETE_NONE},
    {G_NO_COLOR, NULL, "--no-color", NULL,
     "no colours (there are none either with NO_COLOR set, or when stdout is not a terminal)", NULL,
     COMPLETE_NONE},
    {G_HELP, "-h", "--help", NULL, "help: for lanman, a NOUN, or a NOUN VERB (-? and /? too)", NULL,
     COMPLETE_NONE},
    {G_VERSION, NULL, "--version", NULL, "print the version and exit", NULL, COMPLETE_NONE},
    {0, NULL, NULL, NULL, NULL, NULL, COMPLETE_NONE},
};

/* Applies one global option; val is its value (NULL for a flag). Returns -1 to go on, or an exit code. */
static int apply_global(struct cli *g, const struct cli_global_option *opt, const char *val)
{
    switch (opt->id) {
    case G_HELP:
        g->help = true;
        break;
    case G_VERSION:
        printf("lanman %s\n", lm_version_string());
        return EXIT_OK_;
    case G_HOST:
        if (g->host != NULL) {
            cli_error("the host is given twice (-H, --host, -ComputerName or -CimSession); give it once");
            return EXIT_USAGE;
        }
        g->host = val;
        break;
    case G_USER:
        /* smbclient's USER%PASSWORD: '%' cannot be in a Windows account name, so this is a password on the
         * command line. Refused like --password, and neither part is echoed (nor traced with -v). */
        if (strchr(val, '%') != NULL) {
            cli_error("-U takes no password (USER%%PASSWORD): passwords are never taken on the command line; "
                      "use -U USER with LANMAN_PASSWORD, --password-file or the prompt");
            return EXIT_USAGE;
        }
        g->user = val;
        break;
    case G_ANONYMOUS:
        g->anonymous = true;
        break;
    case G_PASSWORD_FILE:
        g->password_file = val;
        break;
    case G_FORMAT:
        if ((g->format = out_format_parse(val)) < 0) {
            cli_error("unknown format '%s'; use table, list, csv, json or xml", val);
            return EXIT_USAGE;
        }
        break;
    case G_PROPERTY:
        g->property = val;
        break;
    case G_TIMEOUT: {
        char *e;
        long t = strtol(val, &e, 10);
        if (*val == '\0' || *e != '\0' || t <= 0 || t > 86400) {
            cli_error("--timeout takes whole seconds from 1 to 86400, not '%s'", val);
            return EXIT_USAGE;
        }
        g->timeout_s = (int)t;
        break;
    }
    case G_MIN_DIALECT:
    case G_MAX_DIALECT:
        if (!parse_dialect(val, opt->id == G_MIN_DIALECT ? &g->min_dialect : &g->max_dialect)) {
            cli_error("unknown dialect '%s'; use 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1", val);
            return EXIT_USAGE;
        }
        break;
    case G_SIGN:
        g->require_signing = true;
        break;
    case G_ENCRYPT:
        g->require_encryption = true;
        break;
    case G_ALLOW_GUEST:
        g->allow_guest = true;
        break;
    case G_NETBIOS:
        g->netbios = true;
        break;
    case G_VERBOSE:
        g->verbose = true;
        break;
    case G_NO_COLOR:
        g->no_color = true;
        break;
    case G_AUTH:
        if (strcmp(val, "auto") == 0)
            g->auth = LM_SMB_AUTH_AUTO;
        else if (strcmp(val, "kerberos") == 0)
            g->auth = LM_SMB_AUTH_KERBEROS;
        else if (strcmp(val, "ntlm") == 0)
            g->auth = LM_SMB_AUTH_NTLM;
        else {
            cli_error("unknown authentication '%s'; use auto, kerberos or ntlm", val);
            return EXIT_USAGE;
        }
        break;
    case G_KERBEROS:
        g->auth = LM_SMB_AUTH_KERBEROS;
        break;
    case G_SPN:
        if (val[0] == '\0' || strchr(val, '/') == NULL) {
            cli_error("--spn takes a service principal such as cifs/server.example.com, not '%s'", val);
            return EXIT_USAGE;
        }
        g->spn = val;
        break;
    }
    return -1;
}

/* Takes the global options out of argv (wherever they stand: before, between or after the noun and verb)
 * and keeps the rest in order. Returns -1 to go on, or an exit code. */
static int parse_globals(struct cli *g, int *argc, char **argv)
{
    int out = 1, rc;

    for (int i = 1; i < *argc; i++) {
        const struct cli_global_option *opt;
        char *a = argv[i], *val = NULL, name[64], *eq;

        if (strcmp(a, "--") == 0) { /* the end of the options: the rest is the command's, as it is */
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "-?") == 0 || strcmp(a, "/?") == 0) { /* Windows' habit, as -h */
            g->help = true;
            continue;
        }
        if (a[0] != '-' || a[1] == '\0') {
            argv[out++] = a;
            continue;
        }
        snprintf(name, sizeof name, "%s", a);
        if ((eq = strchr(name, '=')) != NULL && name[1] == '-') {
            *eq = '\0';
            val = a + (eq - name) + 1;
        }
        for (opt = cli_global_options; opt->long_name != NULL; opt++) {
            if (strcmp(name, opt->long_name) == 0 ||
                (opt->short_name != NULL && strcmp(name, opt->short_name) == 0))
                break;
            /* -Ufs1\\user, -Hfs1: a short option's value attached, as getopt (and smbclient's -Uuser%pass) */
            if (opt->short_name != NULL && opt->arg != NULL && name[1] != '-' && name[2] != '\0' &&
                strncmp(a, opt->short_name, 2) == 0) {
                name[2] = '\0';
                val = a + 2;
                break;
            }
        }
        if (strcmp(name, "--password") == 0 || strcmp(name, "-p") == 0) {
            cli_error("passwords are never taken on the command line; use LANMAN_PASSWORD, --password-file "
                      "or the prompt");
            return EXIT_USAGE;
        }
        if (opt->long_name == NULL) {
            argv[out++] = a; /* the command's own option, or unknown: the command decides */
            continue;
        }
        if (opt->arg != NULL && val == NULL) {
            if (i + 1 >= *argc) {
                cli_error("option %s needs a value", name);
                return EXIT_USAGE;
            }
            val = argv[++i];
        } else if (opt->arg == NULL && val != NULL) {
            cli_error("option %s takes no value", name);
            return EXIT_USAGE;
        }
        if ((rc = apply_global(g, opt, val)) >= 0)
            return rc;
    }
    *argc = out;
    argv[out] = NULL;
    if (g->min_dialect != 0 && g->max_dialect != 0 && g->min_dialect > g->max_dialect) {
        cli_error("--min-dialect is above --max-dialect");
        return EXIT_USAGE;
    }
    if (g->anonymous && g->auth == LM_SMB_AUTH_KERBEROS) {
        cli_error("-N (a null session) and Kerberos (-k, --auth kerberos) exclude each other; give one");
        return EXIT_USAGE;
    }
    return -1;
}

const struct cli_command *cli_find_command(int argc, char **argv, bool *noun_only)
{
    bool noun = false;

    *noun_only = false;
    if (argc < 1)
        return NULL;
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (strcmp(argv[0], c->noun) != 0)
            continue;
        if (c->verb == NULL)
            return c;
        noun = true;
        if (argc > 1 && strcmp(argv[1], c->verb) == 0)
            return c;
    }
    *noun_only = noun;
    return NULL;
}

int cli_unknown_command(int argc, char **argv, bool noun_only)
{
    struct cli_suggest sg;
    char syn[256];

    if (noun_only && argc < 2) {
        char verbs[256] = "";
        for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
            if (strcmp(c->noun, argv[0]) == 0)
                snprintf(verbs + strlen(verbs), sizeof verbs - strlen(verbs), "%s%s", verbs[0] ? ", " : "",
                         c->verb);
        }
        cli_error("'%s' needs a verb: %s; see 'lanman %s --help'", argv[0], verbs, argv[0]);
        return EXIT_USAGE;
    }
    cli_suggest_init(&sg, noun_only ? argv[1] : argv[0]);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (!noun_only)
            cli_suggest_add(&sg, c->noun);
        else if (strcmp(c->noun, argv[0]) == 0)
            cli_suggest_add(&sg, c->verb);
    }
    if (!noun_only) {
        const char *noun, *verb, *cmdlet;
        for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++)
            cli_suggest_add(&sg, cmdlet);
    }
    if (noun_only && cli_suggest_result(&sg) != NULL)
        cli_error("unknown command '%s %s'; did you mean '%s %s'?", argv[0], argv[1], argv[0],
                  cli_suggest_result(&sg));
    else if (noun_only)
        cli_error("unknown command '%s %s'; see 'lanman %s --help'", argv[0], argv[1], argv[0]);
    else if (cli_suggest_result(&sg) != NULL)
        cli_error("unknown command '%s'; did you mean '%s'?", argv[0], cli_suggest_result(&sg));
    else
        cli_error("unknown command '%s'; see 'lanman --help'", argv[0]);
    return EXIT_USAGE;
}

/* Columns of the terminal stdout is: COLUMNS when set (a user's choice, and what a pty in a test has),
 * else what the terminal says, else 80. */
int cli_term_width(void)
{
    const char *env = getenv("COLUMNS");
    char *e;
    long n = env != NULL ? strtol(env, &e, 10) : 0;

    if (env != NULL && *env != '\0' && *e == '\0' && n > 0 && n < 10000)
        return (int)n;
    n = plat_term_width();
    return n > 0 ? (int)n : 80;
}

void cli_out_init(const struct cli *g, struct out *o, int def_format)
{
    out_init(o, (enum out_format)(g->format >= 0 ? g->format : def_format));
    o->properties = g->property;
    /* Truncation and colour are for a person at a terminal; a pipe or a file gets every byte, plain. */
    if (plat_isatty(stdout)) {
        o->width = cli_term_width();
        o->color = !g->no_color && plat_enable_color();
    }
}

int cli_out_finish(const struct cli *g, struct out *o, const char *const *columns)
{
    int st = out_print(o, stdout, columns), rc = EXIT_OK_;

    (void)g;
    if (st == OUT_EPROPERTY) {
        cli_error("%s", o->error);
        rc = EXIT_USAGE;
    } else if (st != 0 || fflush(stdout) != 0) {
        cli_error("cannot write the output%s", o->oom ? ": out of memory" : "");
        rc = EXIT_FAILED;
    }
    out_free(o);
    return rc;
}

int lanman_main(int argc, char **argv)
{
    const struct cli_command *c;
    char *alias_argv[CLI_ALIAS_MAX_ARGS + 1];
    const char *nc = getenv("NO_COLOR");
    struct cli g;
    lm_error err;
    bool noun_only;
    int rc;

    memset(&g, 0, sizeof g);
    g.format = -1;
    g.no_color = nc != NULL && nc[0] != '\0'; /* no-color.org: set and not empty */
    if ((rc = parse_globals(&g, &argc, argv)) >= 0)
        return rc;
    if (argc >= 2 && strcmp(argv[1], "help") == 0)
        return cli_help(stdout, argc - 2, argv + 2);
    if (g.help)
        return cli_help(stdout, argc - 1, argv + 1);
    if ((rc = cli_alias_rewrite(&argc, &argv, alias_argv, sizeof alias_argv / sizeof alias_argv[0])) >= 0)
        return rc;
    /* A cmdlet's -ComputerName became -H: read it as if typed (given twice with -H, an error). */
    if (argv == alias_argv && (rc = parse_globals(&g, &argc, argv)) >= 0)
        return rc;
    if (argc < 2) {
        cli_help_global(stderr);
        return EXIT_USAGE;
    }
    if (argv[1][0] == '-' && argv[1][1] != '\0') {
        cli_unknown_option(argv[1], NULL);
        return EXIT_USAGE;
    }
    c = cli_find_command(argc - 1, argv + 1, &noun_only);
    if (c == NULL)
        return cli_unknown_command(argc - 1, argv + 1, noun_only);
    /* libxml2 is loaded on first use (lib/xml/xmlapi.h): without it, --format xml fails before the command
     * does anything, rather than after a change it could not print. */
    if (g.format == OUT_XML && lm__xml_load(&err) != LM_OK)
        return cli_fail(NULL, &err);
    g.cmd = c;
    return c->verb == NULL ? cli_dispatch(&g, c, argc - 2, argv + 2)
                           : cli_dispatch(&g, c, argc - 3, argv + 3);
}
