/* --help: for lanman, for a noun, for a command, for a cmdlet; all of it from the command table
 * (commands.c), the global options (main.c) and the cmdlets (alias.c). */
#include <string.h>

#include "cli.h"

#define WRAP 100

/* Writes text from column col (the cursor is there) to WRAP, continuing lines at column indent. */
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
    const char *p = text;

    while (*p != '\0') {
        const char *end = p;
        size_t len;
        while (*end != '\0' && *end != ' ')
            end++;
        len = (size_t)(end - p);
        if (col > indent && col + 1 + len > WRAP) {
            fputc('\n', f);
            for (col = 0; col < indent; col++)
                fputc(' ', f);
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, len, f);
        col += len;
        p = *end == ' ' ? end + 1 : end;
    }
    fputc('\n', f);
}

/* "  NAME        meaning", the meaning wrapped under itself; a name wider than width gets a line of its
 * own. */
static void item(FILE *f, const char *name, const char *meaning, size_t width)
{
    if (strlen(name) > width)
        fprintf(f, "  %s\n%*s", name, (int)width + 4, "");
    else
        fprintf(f, "  %-*s  ", (int)width, name);
    wrap(f, meaning, width + 4, width + 4);
}

static const struct cli_noun *noun_entry(const char *noun)
{
    for (const struct cli_noun *n = cli_nouns; n->title != NULL; n++) {
        if (n->name != NULL && strcmp(n->name, noun) == 0)
            return n;
    }
    return NULL;
}

/* ------------------------------------------------------------------------------------------- examples */

int cli_example_argv(const char *line, char *buf, size_t size, char **argv, int max)
{
    size_t o = 0;
    int n = 0;

    for (const char *p = line; *p != '\0';) {
        bool quoted = *p == '"';
        if (n >= max || o >= size)
            return -1;
        argv[n++] = buf + o;
        if (quoted)
            p++;
        while (*p != '\0' && (quoted ? *p != '"' : *p != ' ')) {
            if (o + 1 >= size || *p == '\'' || (!quoted && *p == '"'))
                return -1; /* no room, or a quote the notation does not have */
            buf[o++] = *p++;
        }
        if (quoted && *p++ != '"')
            return -1; /* unterminated */
        buf[o++] = '\0';
        if (*p == ' ' && p[1] != ' ' && p[1] != '\0')
            p++;
        else if (*p != '\0')
            return -1; /* two spaces, a trailing space, or text right after a closing quote */
    }
    return n;
}

/* Appends s to buf at *o, or fails when it does not fit. */
static bool put(char *buf, size_t size, size_t *o, const char *s, size_t n)
{
    if (*o + n >= size)
        return false;
    memcpy(buf + *o, s, n);
    *o += n;
    buf[*o] = '\0';
    return true;
}

/* A word as a POSIX shell (bash, sh, zsh) reads it: as it is when every character is plain, else in single
 * quotes (a ' inside as '\''). */
static bool quote_posix(const char *w, char *buf, size_t size, size_t *o)
{
    size_t plain = strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=,@%+-");

    if (w[0] != '\0' && w[plain] == '\0')
        return put(buf, size, o, w, plain);
    if (!put(buf, size, o, "'", 1))
        return false;
    for (const char *p = w; *p != '\0'; p++) {
        if (!(*p == '\'' ? put(buf, size, o, "'\\''", 4) : put(buf, size, o, p, 1)))
            return false;
    }
    return put(buf, size, o, "'", 1);
}

/* A word as both cmd.exe and PowerShell pass it to a program that splits its command line with the MS C
 * runtime's rules: as it is when every character is plain to both, else in double quotes (with the
 * backslashes before the closing quote doubled, since the runtime reads \" as a quote). Characters that
 * neither quoting protects in both shells (" $ ` % ! and PowerShell's --%) are refused: such an example
 * cannot be written once for both. */
static bool quote_windows(const char *w, char *buf, size_t size, size_t *o)
{
    size_t plain = strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=\\+-");
    size_t bs = 0;

    if (strpbrk(w, "\"$`%!") != NULL || strcmp(w, "--%") == 0)
        return false;
    /* PowerShell 5.1 splits an unquoted -word at a '.' or ':' (-a.b becomes -a .b). */
    if (w[0] != '\0' && w[plain] == '\0' && !(w[0] == '-' && strpbrk(w, ".:") != NULL))
        return put(buf, size, o, w, plain);
    if (!put(buf, size, o, "\"", 1))
        return false;
    for (const char *p = w; *p != '\0'; p++) {
        bs = *p == '\\' ? bs + 1 : 0;
        if (!put(buf, size, o, p, 1))
            return false;
    }
    while (bs-- > 0) {
        if (!put(buf, size, o, "\\", 1))
            return false;
    }
    return put(buf, size, o, "\"", 1);
}

bool cli_example_render(const char *line, enum cli_shell shell, char *buf, size_t size)
{
    char words[1024], *argv[64];
    int n = cli_example_argv(line, words, sizeof words, argv, 64);
    size_t o = 0;

    if (n < 0 || size == 0)
        return false;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i > 0 && !put(buf, size, &o, " ", 1))
            return false;
        if (!(shell == CLI_SHELL_WINDOWS ? quote_windows(argv[i], buf, size, &o)
                                         : quote_posix(argv[i], buf, size, &o)))
            return false;
    }
    return true;
}

/* --help shows the examples for the shell of the platform: bash and the like, or cmd and PowerShell. */
#if defined(_WIN32)
#define HELP_SHELL CLI_SHELL_WINDOWS
#else
#define HELP_SHELL CLI_SHELL_POSIX
#endif

const struct cli_example cli_examples[] = {
    {"service list", "the Lanman services of this machine (Windows)"},
    {"-H fs1 -U CORP\\admin share list", "the shares of fs1, from any OS (the password from a prompt)"},
    {"-H fs1 -U CORP\\admin --format json Get-SmbServerConfiguration", "the server settings of fs1, as JSON"},
    {"-H fs1 -U CORP\\admin --format json service list *",
     "every service on a remote server, as JSON (the password from LANMAN_PASSWORD or a prompt)"},
    {"service stop LanmanServer --force", "stop the Server service and the services that depend on it"},
    {"New-SmbShare -Name Data -Path C:\\Data -FullAccess CORP\\admins -ReadAccess Everyone",
     "share a directory with two permissions, PowerShell-style"},
    {"-H fs1 -U CORP\\admin --format csv --property Name,Path share list",
     "two columns of the share list, as CSV"},
    {"-H fs1 -U CORP\\admin Get-SmbServerConfiguration --property "
     "EnableSMB1Protocol,RequireSecuritySignature",
     "is SMB1 on, and is signing required?"},
    {"-H fs1 -U CORP\\admin config set LanmanServer SMB1 0", "turn SMB1 off"},
    {"probe fs1", "what a server speaks, without logging on"},
    {"-H fs1 -U CORP\\admin config export -o fs1.xml",
     "copy one server's configuration to another: export it first"},
    {"-H fs2 -U CORP\\admin config apply fs1.xml --map-path D:\\=E:\\ --dry-run",
     "then the plan for fs2, with the paths on D: moved to E: (run it again without --dry-run to apply)"},
    {NULL, NULL},
};

static void examples(FILE *f, const struct cli_example *e, size_t max)
{
    char line[1024];

    if (e[0].line == NULL)
        return;
    fputs("\nExamples:\n", f);
    for (size_t i = 0; i < max && e[i].line != NULL; i++) {
        /* An example the table's notation or the shell cannot carry is a bug the examples test reports;
         * shown as it is written, it is at least visible. */
        if (!cli_example_render(e[i].line, HELP_SHELL, line, sizeof line))
            snprintf(line, sizeof line, "%s", e[i].line);
        fprintf(f, "  lanman %s\n      %s\n", line, e[i].what);
    }
}

/* The cmdlets that become this command. */
static void cmdlets_for(FILE *f, const char *noun, const char *verb)
{
    const char *cmdlet, *n, *v;
    char syn[256];
    bool any = false;

    for (size_t i = 0; (cmdlet = cli_alias_info(i, &n, &v, syn, sizeof syn)) != NULL; i++) {
        if (strcmp(n, noun) != 0 || (verb != NULL && strcmp(v, verb) != 0))
            continue;
        fprintf(f, "%s  lanman %s", any ? "" : "\nPowerShell:\n", cmdlet);
        wrap(f, syn, 9 + strlen(cmdlet), 6);
        any = true;
    }
}

static void global_options(FILE *f)
{
    for (const struct cli_global_option *o = cli_global_options; o->long_name != NULL; o++) {
        char head[64];
        snprintf(head, sizeof head, "%s%s%s%s%s", o->short_name != NULL ? o->short_name : "",
                 o->short_name != NULL ? ", " : "", o->long_name, o->arg != NULL ? " " : "",
                 o->arg != NULL ? o->arg : "");
        item(f, head, o->meaning, 26);
    }
}

void cli_help_global(FILE *f)
{
    const char *cmdlet, *n, *v;
    char syn[256], list[1024] = "";

    fputs(
        "Usage: lanman [GLOBAL OPTIONS] NOUN VERB [ARGS]\n"
        "       lanman [GLOBAL OPTIONS] CMDLET [PARAMETERS]\n"
        "\n"
        "Manages the Windows Lanman services (LanmanServer, LanmanWorkstation), their registry settings and\n"
        "their shares: on this machine (Windows), or on any Windows or Samba server over SMB2 with -H.\n"
        "\n"
        "Global options (before or after the command):\n",
        f);
    global_options(f);
    fputs("\nCommands:\n", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        char head[256];
        cli_command_head(c, head, sizeof head);
        fprintf(f, "  %s\n      %s\n", head, c->summary);
    }
    fputs("\nPowerShell cmdlets (any case; PowerShell's parameters, unambiguous prefixes, comma lists):\n  ",
          f);
    for (size_t i = 0; (cmdlet = cli_alias_info(i, &n, &v, syn, sizeof syn)) != NULL; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i > 0 ? ", " : "", cmdlet);
    wrap(f, list, 2, 2);
    examples(f, cli_examples, 3);
    fputs(
        "\n"
        "Exit codes:\n"
        "  0 ok   1 operation failed   2 usage   3 authentication failed   4 not found\n"
        "  5 access denied   6 cannot connect or timed out   7 protocol error or not supported by the peer\n"
        "  130 interrupted (Ctrl-C, SIGINT)   143 terminated (SIGTERM)\n"
        "\n"
        "Environment: LANMAN_PASSWORD (the password for -U), NO_COLOR (no colours).\n"
        "'lanman NOUN --help' and 'lanman NOUN VERB --help' describe each command; 'man lanman' has it "
        "all.\n",
        f);
}

static void help_noun(FILE *f, const char *noun)
{
    const struct cli_noun *e = noun_entry(noun);

    fprintf(f, "Usage: lanman [GLOBAL OPTIONS] %s VERB [ARGS]\n\n", noun);
    if (e != NULL)
        wrap(f, e->about, 0, 0);
    fputs("\nVerbs:\n", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        char syn[256];
        cli_synopsis(c, syn, sizeof syn);
        if (strcmp(c->noun, noun) == 0)
            fprintf(f, "  %s%s%s\n      %s\n", c->verb, syn[0] != '\0' ? " " : "", syn, c->summary);
    }
    if (e != NULL)
        examples(f, e->examples, 3);
    cmdlets_for(f, noun, NULL);
    fprintf(f, "\n'lanman %s VERB --help' describes each verb; 'lanman --help' the global options.\n", noun);
}

/* "--max-uses N", "NAME": an argument as the help's list shows it. */
static void arg_head(const struct cli_arg *a, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", a->name, a->value != NULL ? " " : "", a->value != NULL ? a->value : "");
}

static void help_command(FILE *f, const struct cli_command *c)
{
    char head[256];
    size_t w = 0;

    cli_command_head(c, head, sizeof head);
    fputs("Usage: lanman [GLOBAL OPTIONS]", f);
    wrap(f, head, 30, 7);
    fputc('\n', f);
    wrap(f, c->about != NULL ? c->about : c->summary, 0, 0);
    if (c->args[0].name != NULL) {
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            arg_head(a, head, sizeof head);
            w = strlen(head) > w ? strlen(head) : w;
        }
        fputs("\nArguments and options:\n", f);
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            arg_head(a, head, sizeof head);
            item(f, head, a->meaning, w < 26 ? w : 26);
        }
    }
    fputs("\nGlobal options, before or after the command: -H HOST[:PORT], -U [DOMAIN\\]USER, -N, --format "
          "FORMAT,\n"
          "--property A,B, --timeout SECONDS, -v and more; see 'lanman --help'.\n",
          f);
    examples(f, c->examples, 3);
    cmdlets_for(f, c->noun, c->verb != NULL ? c->verb : "");
}

static int help_cmdlet(FILE *f, const char *name)
{
    const char *cmdlet, *noun, *verb;
    char syn[256];

    for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++) {
        char *args[2] = {(char *)noun, (char *)verb};
        const struct cli_command *c;
        bool noun_only;

        if (!cli_iequal(cmdlet, name))
            continue;
        char about[512];
        fprintf(f, "Usage: lanman [GLOBAL OPTIONS] %s", cmdlet);
        wrap(f, syn, 31 + strlen(cmdlet), 7);
        snprintf(about, sizeof about,
                 "PowerShell's %s, as lanman runs it: 'lanman %s %s'. Parameter names may be shortened to "
                 "any unambiguous prefix, in any case; lists are comma-separated.",
                 cmdlet, noun, verb);
        fputc('\n', f);
        wrap(f, about, 0, 0);
        fputc('\n', f);
        if ((c = cli_find_command(2, args, &noun_only)) != NULL)
            help_command(f, c);
        return EXIT_OK_;
    }
    return -1;
}

int cli_help(FILE *f, int argc, char **argv)
{
    const struct cli_command *c;
    bool noun_only;
    int rc;

    if (argc < 1) {
        cli_help_global(f);
        return EXIT_OK_;
    }
    if ((rc = help_cmdlet(f, argv[0])) >= 0)
        return rc;
    c = cli_find_command(argc, argv, &noun_only);
    if (c != NULL) {
        help_command(f, c);
        return EXIT_OK_;
    }
    if (noun_only && argc < 2) {
        help_noun(f, argv[0]);
        return EXIT_OK_;
    }
    return cli_unknown_command(argc, argv, noun_only);
}
