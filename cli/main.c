#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

const struct cli_command cli_commands[] = {
    {"service", "list", "[PATTERN...]", "services by name or display name (default Lanman*)",
     cmd_service_list},
    {"service", "show", "NAME", "every property of a service", cmd_service_show},
    {"service", "start", "NAME [--timeout S]", "start and wait until running", cmd_service_start},
    {"service", "stop", "NAME [--force] [--timeout S]", "stop (with --force, its running dependents first)",
     cmd_service_stop},
    {"service", "restart", "NAME [--force] [--timeout S]", "stop, then start", cmd_service_restart},
    {"service", "pause", "NAME [--timeout S]", "pause and wait until paused", cmd_service_pause},
    {"service", "continue", "NAME [--timeout S]", "continue a paused service", cmd_service_continue},
    {"service", "set", "NAME --start-type automatic|delayed|manual|disabled", "change the start type",
     cmd_service_set},
    {"share", "list", "[--configured]", "shares (the registry's definitions with --configured)",
     cmd_share_list},
    {"share", "show", "NAME", "every property of a share", cmd_share_show},
    {"share", "add", "NAME PATH [--description T] [--max-uses N] [--full|--change|--read ACCT]...",
     "create a share", cmd_share_add},
    {"share", "remove", "NAME", "delete a share", cmd_share_remove},
    {"share", "set", "NAME [--description T] [--max-uses N]", "change a share", cmd_share_set},
    {"config", "list", "[SERVICE]", "Parameters values, annotated from the settings catalogue",
     cmd_config_list},
    {"config", "get", "SERVICE NAME", "one value (its default when unset)", cmd_config_get},
    {"config", "set", "SERVICE NAME VALUE [--type T]", "set a value, checked against the catalogue",
     cmd_config_set},
    {"config", "unset", "SERVICE NAME", "delete a value (back to its default)", cmd_config_unset},
    {"config", "export", "[-o FILE]", "the whole configuration as XML (stdout, or FILE atomically)",
     cmd_config_export},
    {"config", "apply", "FILE [--dry-run] [--map-path A=B]... [--prune] [--only P]", "apply a document",
     cmd_config_apply},
    {"probe", NULL, "HOST[:PORT]",
     "dialects offered/accepted, SMB1 accepted?, signing, encryption, GUID, time", cmd_probe},
    {"ls", NULL, "//HOST[:PORT]/SHARE[/PATH]", "directory listing (\\\\HOST\\SHARE\\PATH accepted too)",
     cmd_ls},
    {"get", NULL, "//HOST[:PORT]/SHARE/PATH [LOCAL]", "download a file (LOCAL '-' = stdout)", cmd_get},
    {NULL, NULL, NULL, NULL, NULL},
};

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("lanman: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
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

    if (what != NULL)
        cli_error("%s: %s", what, msg);
    else
        cli_error("%s", msg);
    return cli_exit_code(e->status);
}

bool cli_split_host(const char *in, char *buf, size_t size, uint16_t *port)
{
    const char *colon = NULL, *end;
    size_t n;

    *port = 0;
    if (in[0] == '[') {
        end = strchr(in, ']');
        if (end == NULL)
            return false;
        n = (size_t)(end - in - 1);
        if (n == 0 || n >= size)
            return false;
        memcpy(buf, in + 1, n);
        buf[n] = '\0';
        if (end[1] == '\0')
            return true;
        if (end[1] != ':')
            return false;
        colon = end + 1;
    } else {
        colon = strchr(in, ':');
        if (colon != NULL && strchr(colon + 1, ':') != NULL)
            colon = NULL; /* a bare IPv6 address: no port */
        n = colon != NULL ? (size_t)(colon - in) : strlen(in);
        if (n == 0 || n >= size)
            return false;
        memcpy(buf, in, n);
        buf[n] = '\0';
        if (colon == NULL)
            return true;
    }
    {
        char *e;
        unsigned long p;
        errno = 0;
        p = strtoul(colon + 1, &e, 10);
        if (colon[1] == '\0' || *e != '\0' || errno != 0 || p == 0 || p > 65535)
            return false;
        *port = (uint16_t)p;
    }
    return true;
}

static void print_help(FILE *out)
{
    fputs("Usage: lanman [GLOBAL OPTIONS] NOUN VERB [ARGS]\n"
          "\n"
          "Controls the Windows Lanman services (LanmanServer, LanmanWorkstation), their registry\n"
          "configuration and their shares.\n"
          "\n"
          "Global options (anywhere on the line):\n"
          "  -H, --host HOST[:PORT]     a remote server; without it, the local machine (Windows only)\n"
          "  -U, --user [DOMAIN\\]USER   log on as USER; the password comes from LANMAN_PASSWORD,\n"
          "                             --password-file FILE, or a prompt without echo\n"
          "  -N, --anonymous            null session (the default without -U)\n"
          "  --password-file FILE       read the password from the first line of FILE\n"
          "  --format table|list|csv|json|xml\n"
          "  --timeout SECONDS          for every connect, send and receive (default 10), and for a service\n"
          "                             to reach its state (default 30)\n"
          "  --min-dialect D, --max-dialect D   2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1\n"
          "  --sign                     require a signed session\n"
          "  --encrypt                  require an encrypted session\n"
          "  --netbios                  port 139 with a NetBIOS session request\n"
          "  -v, --verbose              trace each request and response to stderr (no secrets)\n"
          "  --no-color                 no colours (also when NO_COLOR is set)\n"
          "  -h, --help                 print this help and exit\n"
          "  --version                  print the version and exit\n"
          "\nCommands:\n",
          out);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        char head[128];
        snprintf(head, sizeof head, "%s%s%s %s", c->noun, c->verb != NULL ? " " : "",
                 c->verb != NULL ? c->verb : "", c->args);
        fprintf(out, "  %s\n      %s\n", head, c->summary);
    }
    fputs(
        "\n"
        "Exit codes:\n"
        "  0 ok   1 operation failed   2 usage   3 authentication failed   4 not found\n"
        "  5 access denied   6 cannot connect or timed out   7 protocol error or not supported by the peer\n",
        out);
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

/* Takes the global options out of argv (wherever they stand) and keeps the rest in order. Returns -1 to
 * go on, or an exit code. */
static int parse_globals(struct cli *g, int *argc, char **argv)
{
    int out = 1;

    for (int i = 1; i < *argc; i++) {
        char *a = argv[i], *val = NULL, *eq;
        char name[64];

        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
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
#define TAKES_VALUE()                                       \
    do {                                                    \
        if (val == NULL) {                                  \
            if (i + 1 >= *argc) {                           \
                cli_error("option %s needs a value", name); \
                return EXIT_USAGE;                          \
            }                                               \
            val = argv[++i];                                \
        }                                                   \
    } while (0)
        if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
            print_help(stdout);
            return EXIT_OK_;
        } else if (strcmp(name, "--version") == 0) {
            printf("lanman %s\n", lm_version_string());
            return EXIT_OK_;
        } else if (strcmp(name, "-H") == 0 || strcmp(name, "--host") == 0) {
            TAKES_VALUE();
            g->host = val;
        } else if (strcmp(name, "-U") == 0 || strcmp(name, "--user") == 0) {
            TAKES_VALUE();
            g->user = val;
        } else if (strcmp(name, "-N") == 0 || strcmp(name, "--anonymous") == 0) {
            g->anonymous = true;
        } else if (strcmp(name, "--password-file") == 0) {
            TAKES_VALUE();
            g->password_file = val;
        } else if (strcmp(name, "--format") == 0) {
            TAKES_VALUE();
            if ((g->format = out_format_parse(val)) < 0) {
                cli_error("unknown format '%s'; use table, list, csv, json or xml", val);
                return EXIT_USAGE;
            }
        } else if (strcmp(name, "--timeout") == 0) {
            char *e;
            long t;
            TAKES_VALUE();
            t = strtol(val, &e, 10);
            if (*val == '\0' || *e != '\0' || t <= 0 || t > 86400) {
                cli_error("--timeout takes whole seconds from 1 to 86400, not '%s'", val);
                return EXIT_USAGE;
            }
            g->timeout_s = (int)t;
        } else if (strcmp(name, "--min-dialect") == 0 || strcmp(name, "--max-dialect") == 0) {
            TAKES_VALUE();
            if (!parse_dialect(val, name[3] == 'i' ? &g->min_dialect : &g->max_dialect)) {
                cli_error("unknown dialect '%s'; use 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1", val);
                return EXIT_USAGE;
            }
        } else if (strcmp(name, "-v") == 0 || strcmp(name, "--verbose") == 0) {
            g->verbose = true;
        } else if (strcmp(name, "--no-color") == 0) {
            g->no_color = true;
        } else if (strcmp(name, "--netbios") == 0) {
            g->netbios = true;
        } else if (strcmp(name, "--sign") == 0) {
            g->require_signing = true;
        } else if (strcmp(name, "--encrypt") == 0) {
            g->require_encryption = true;
        } else if (strcmp(name, "--password") == 0 || strcmp(name, "-p") == 0) {
            cli_error("passwords are never taken on the command line; use LANMAN_PASSWORD, --password-file "
                      "or the prompt");
            return EXIT_USAGE;
        } else {
            argv[out++] = a; /* the command's own option, or unknown: the command decides */
            continue;
        }
#undef TAKES_VALUE
    }
    *argc = out;
    argv[out] = NULL;
    if (g->min_dialect != 0 && g->max_dialect != 0 && g->min_dialect > g->max_dialect) {
        cli_error("--min-dialect is above --max-dialect");
        return EXIT_USAGE;
    }
    return -1;
}

int lanman_main(int argc, char **argv)
{
    struct cli g;
    int rc;

    memset(&g, 0, sizeof g);
    g.format = -1;
    if (getenv("NO_COLOR") != NULL)
        g.no_color = true;
    if ((rc = parse_globals(&g, &argc, argv)) >= 0)
        return rc;
    if ((rc = cli_alias_rewrite(&argc, &argv)) >= 0)
        return rc;
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (argv[1][0] == '-') {
        cli_error("unknown option '%s'; see 'lanman --help'", argv[1]);
        return EXIT_USAGE;
    }
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (strcmp(argv[1], c->noun) != 0)
            continue;
        if (c->verb == NULL)
            return c->run(&g, argc - 2, argv + 2);
        if (argc > 2 && strcmp(argv[2], c->verb) == 0)
            return c->run(&g, argc - 3, argv + 3);
    }
    cli_error("unknown command '%s'; see 'lanman --help'", argv[1]);
    return EXIT_USAGE;
}
