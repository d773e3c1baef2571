/* lanman_docgen: the man page's command sections and the bash completion's data, from the command table,
 * the global options and the cmdlets, at build time. tests/cli/manpage.sh and completion.sh check that the
 * copies in docs/ are what this writes now.
 *
 *   lanman_docgen man TEMPLATE OUT          docs/lanman.1.in -> lanman.1 (@COMMANDS@, @CMDLETS@)
 *   lanman_docgen completion TEMPLATE OUT   docs/lanman.bash-completion.in -> lanman.bash-completion (@DATA@)
 *   lanman_docgen examples                  every example's argv, one line each, its words separated by tabs
 *                                           (for tests/cli/examples.sh); exits 1 when one does not parse
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAN_WIDTH 100

/* ---------------------------------------------------------------------------------------- the man page */

/* Text as roff: \ as \e, - as \-, and a line that would start with . or ' protected with \&. Words are
 * wrapped at MAN_WIDTH. */
static void roff_text(FILE *f, const char *text)
{
    size_t col = 0;

    for (const char *p = text; *p != '\0';) {
        size_t len = strcspn(p, " ");
        if (col > 0 && col + 1 + len > MAN_WIDTH) {
            fputc('\n', f);
            col = 0;
        } else if (col > 0) {
            fputc(' ', f);
            col++;
        }
        if (col == 0 && (*p == '.' || *p == '\''))
            col += (size_t)fprintf(f, "\\&");
        for (size_t i = 0; i < len; i++)
            col += (size_t)fprintf(f, "%s", p[i] == '\\' ? "\\e" : p[i] == '-' ? "\\-" : (char[]){p[i], 0});
        p += len;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* Bold text and roman text on one line: ".B"-like without the quoting rules. */
static void roff_bold(FILE *f, const char *bold, const char *roman)
{
    char line[1024];

    snprintf(line, sizeof line, "%s", bold);
    fputs("\\fB", f);
    for (const char *p = line; *p != '\0'; p++)
        fputs(*p == '\\' ? "\\e" : *p == '-' ? "\\-" : (char[]){*p, 0}, f);
    fputs("\\fR", f);
    if (roman != NULL && roman[0] != '\0') {
        fputc(' ', f);
        for (const char *p = roman; *p != '\0'; p++)
            fputs(*p == '\\' ? "\\e" : *p == '-' ? "\\-" : (char[]){*p, 0}, f);
    }
    fputc('\n', f);
}

/* An example, as the man page shows it: "lanman LINE" quoted for a POSIX shell, in no-fill mode, every
 * character as it is to be typed (\(aq: a straight quote, which a paste must get). */
static void man_example(FILE *f, const struct cli_example *e, bool sentence)
{
    char line[1024], what[512];

    if (!cli_example_render(e->line, CLI_SHELL_POSIX, line, sizeof line)) {
        fprintf(stderr, "lanman_docgen: the example '%s' cannot be written for a POSIX shell\n", e->line);
        exit(1);
    }
    snprintf(what, sizeof what, "%s:", e->what);
    if (sentence)
        what[0] = (char)toupper((unsigned char)what[0]);
    fputs(sentence ? ".PP\n" : ".IP\n", f);
    roff_text(f, what);
    fputs(".EX\nlanman ", f);
    for (const char *p = line; *p != '\0'; p++)
        fputs(*p == '\\' ? "\\e" : *p == '-' ? "\\-" : *p == '\'' ? "\\(aq" : (char[]){*p, 0}, f);
    fputs("\n.EE\n", f);
}

static void man_command(FILE *f, const struct cli_command *c)
{
    char words[64], syn[512];

    snprintf(words, sizeof words, "%s%s%s", c->noun, c->verb != NULL ? " " : "",
             c->verb != NULL ? c->verb : "");
    cli_synopsis(c, syn, sizeof syn);
    fputs(".TP\n", f);
    roff_bold(f, words, syn);
    roff_text(f, c->about);
    if (c->man != NULL) {
        fputs(".IP\n", f);
        roff_text(f, c->man);
    }
    if (c->args[0].name != NULL) {
        fputs(".RS\n", f);
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            fputs(".TP\n", f);
            roff_bold(f, a->name, a->value);
            roff_text(f, a->meaning);
        }
        fputs(".RE\n", f);
    }
    for (size_t i = 0; i < 3 && c->examples[i].line != NULL; i++)
        man_example(f, &c->examples[i], false);
}

static void man_commands(FILE *f)
{
    fputs(".SH COMMANDS\n", f);
    for (const struct cli_noun *n = cli_nouns; n->title != NULL; n++) {
        fprintf(f, ".SS %s\n", n->title);
        roff_text(f, n->about);
        for (size_t i = 0; i < 3 && n->examples[i].line != NULL; i++)
            man_example(f, &n->examples[i], true);
        for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
            if (n->name != NULL ? strcmp(c->noun, n->name) == 0 : c->verb == NULL)
                man_command(f, c);
        }
    }
}

static void man_examples(FILE *f)
{
    for (const struct cli_example *e = cli_examples; e->line != NULL; e++)
        man_example(f, e, true);
}

static void man_cmdlets(FILE *f)
{
    const char *cmdlet, *noun, *verb;
    char syn[256], becomes[128];

    for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++) {
        fputs(".TP\n", f);
        roff_bold(f, cmdlet, syn);
        snprintf(becomes, sizeof becomes, "lanman %s %s", noun, verb);
        roff_text(f, becomes);
    }
}

/* ---------------------------------------------------------------------------------- the bash completion */

/* 'WORD WORD ...' joined with spaces, as one shell word; NULL words are left out. */
static void sh_words(FILE *f, const char *const *w, size_t n)
{
    bool any = false;

    fputc('\'', f);
    for (size_t i = 0; i < n; i++) {
        if (w[i] != NULL) {
            fprintf(f, "%s%s", any ? " " : "", w[i]);
            any = true;
        }
    }
    fputc('\'', f);
}

static const char *complete_name(enum cli_complete k)
{
    return k == COMPLETE_FILE ? "@file" : k == COMPLETE_XML ? "@xml" : k == COMPLETE_HOST ? "@host" : NULL;
}

/* Whether an option of this name came before in the table (each is written once). */
static bool seen_before(const struct cli_command *c, const struct cli_arg *a)
{
    for (const struct cli_command *d = cli_commands; d <= c; d++) {
        for (const struct cli_arg *b = d->args; b->name != NULL && b != a; b++) {
            if (strcmp(b->name, a->name) == 0)
                return true;
        }
    }
    return false;
}

static void completion_globals(FILE *f)
{
    const struct cli_global_option *o;

    fputs("_lanman_globals='", f);
    for (o = cli_global_options; o->long_name != NULL; o++)
        fprintf(f, "%s%s%s%s", o == cli_global_options ? "" : " ", o->short_name ? o->short_name : "",
                o->short_name ? " " : "", o->long_name);
    fputs("'\n# Options that take a value (the global ones and the commands'): the word after them is not an "
          "argument.\n_lanman_valued='",
          f);
    for (o = cli_global_options; o->long_name != NULL; o++) {
        if (o->arg != NULL)
            fprintf(f, "%s%s%s%s", o == cli_global_options ? "" : " ", o->short_name ? o->short_name : "",
                    o->short_name ? " " : "", o->long_name);
    }
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            if (a->value != NULL && !(a->flags & OPT_GLOBAL) && !seen_before(c, a))
                fprintf(f, " %s", a->name);
        }
    }
    fputs("'\n", f);
}

/* _lanman_verbs NOUN, _lanman_options 'NOUN VERB', _lanman_arg 'NOUN VERB' N */
static void completion_commands(FILE *f)
{
    fputs("_lanman_nouns='", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (c == cli_commands || strcmp(c[-1].noun, c->noun) != 0)
            fprintf(f, "%s%s", c == cli_commands ? "" : " ", c->noun);
    }
    fputs("'\n_lanman_verbs()\n{\n    case $1 in\n", f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (c->verb == NULL)
            continue;
        if (c == cli_commands || strcmp(c[-1].noun, c->noun) != 0)
            fprintf(f, "    %s) echo '%s", c->noun, c->verb);
        else
            fprintf(f, " %s", c->verb);
        if (c[1].noun == NULL || strcmp(c[1].noun, c->noun) != 0)
            fputs("' ;;\n", f);
    }
    fputs("    esac\n}\n\n# The options of \"NOUN VERB\" (or of a one-word command).\n_lanman_options()\n{\n"
          "    case $1 in\n",
          f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        const char *names[CLI_MAX_ARGS] = {NULL};
        size_t n = 0, nopts = 0;
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            names[n++] = a->name[0] == '-' ? a->name : NULL;
            nopts += a->name[0] == '-';
        }
        if (nopts == 0)
            continue;
        fprintf(f, "    '%s%s%s') echo ", c->noun, c->verb ? " " : "", c->verb ? c->verb : "");
        sh_words(f, names, n);
        fputs(" ;;\n", f);
    }
    fputs("    esac\n}\n\n# What the Nth argument of \"NOUN VERB\" takes: words, or @file, @xml, @host.\n"
          "_lanman_arg()\n{\n    case $1 in\n",
          f);
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        int k = 0;
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            const char *what = a->values != NULL ? a->values : complete_name(a->complete);
            if (a->name[0] == '-')
                continue;
            if (what != NULL)
                fprintf(f, "    '%s%s%s %d') echo '%s' ;;\n", c->noun, c->verb ? " " : "",
                        c->verb ? c->verb : "", k, what);
            k++;
        }
    }
    fputs("    esac\n}\n", f);
}

/* _lanman_values OPTION: the values of an option, or @file, @host. */
static void completion_values(FILE *f)
{
    fputs("\n# The values an option takes: words, or @file, @host; nothing for a free value.\n"
          "_lanman_values()\n{\n    case $1 in\n",
          f);
    for (const struct cli_global_option *o = cli_global_options; o->long_name != NULL; o++) {
        const char *what = o->values != NULL ? o->values : complete_name(o->complete);
        if (what != NULL)
            fprintf(f, "    %s%s%s) echo '%s' ;;\n", o->short_name ? o->short_name : "",
                    o->short_name ? " | " : "", o->long_name, what);
    }
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
            const char *what = a->values != NULL ? a->values : complete_name(a->complete);
            if (a->name[0] == '-' && what != NULL && !seen_before(c, a))
                fprintf(f, "    %s) echo '%s' ;;\n", a->name, what);
        }
    }
    fputs("    esac\n}\n", f);
}

/* Whether a cmdlet before cmdlet i, or cmdlet i before its parameter k, has a parameter named name: bash's
 * case takes the first (Set-SmbServerConfiguration and Set-SmbClientConfiguration both have
 * -RequireSecuritySignature), so the values are written once. */
static bool seen_param(size_t i, size_t k, const char *name)
{
    const char *noun, *verb, *p;
    char syn[256], values[256];

    for (size_t j = 0; j <= i && cli_alias_info(j, &noun, &verb, syn, sizeof syn) != NULL; j++) {
        for (size_t m = 0; (j < i || m < k) && (p = cli_alias_param(j, m, values, sizeof values)) != NULL;
             m++) {
            if (values[0] != '\0' && cli_iequal(p, name))
                return true;
        }
    }
    return false;
}

/* _lanman_cmdlets, _lanman_parameters CMDLET, _lanman_parameter_values -PARAMETER */
static void completion_cmdlets(FILE *f)
{
    const char *cmdlet, *noun, *verb, *p;
    char syn[256], values[256];

    fputs("_lanman_cmdlets='", f);
    for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++)
        fprintf(f, "%s%s", i > 0 ? " " : "", cmdlet);
    fputs("'\n\n# PowerShell's parameters of a cmdlet (any case).\n_lanman_parameters()\n{\n    case ${1,,} "
          "in\n",
          f);
    for (size_t i = 0; (cmdlet = cli_alias_info(i, &noun, &verb, syn, sizeof syn)) != NULL; i++) {
        if (cli_alias_param(i, 0, values, sizeof values) == NULL)
            continue;
        fputs("    ", f);
        for (const char *c = cmdlet; *c != '\0'; c++)
            fputc(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c, f);
        fputs(") echo '", f);
        for (size_t k = 0; (p = cli_alias_param(i, k, values, sizeof values)) != NULL; k++)
            fprintf(f, "%s-%s", k > 0 ? " " : "", p);
        fputs("' ;;\n", f);
    }
    fputs("    esac\n}\n\n# The values of a PowerShell parameter (any case).\n_lanman_parameter_values()\n{\n"
          "    case ${1,,} in\n",
          f);
    for (size_t i = 0; cli_alias_info(i, &noun, &verb, syn, sizeof syn) != NULL; i++) {
        for (size_t k = 0; (p = cli_alias_param(i, k, values, sizeof values)) != NULL; k++) {
            if (values[0] == '\0' || seen_param(i, k, p))
                continue;
            fputs("    -", f);
            for (const char *c = p; *c != '\0'; c++)
                fputc(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c, f);
            fprintf(f, ") echo '%s' ;;\n", values);
        }
    }
    fputs("    esac\n}\n", f);
}

static void completion_data(FILE *f)
{
    fputs("# (Generated from the command table by lanman_docgen: edit cli/commands.c, cli/main.c, "
          "cli/alias.c.)\n",
          f);
    completion_globals(f);
    completion_cmdlets(f);
    fputc('\n', f);
    completion_commands(f);
    completion_values(f);
}

/* ------------------------------------------------------------------------------------------- examples */

static const struct cli_global_option *global_option(const char *name)
{
    for (const struct cli_global_option *o = cli_global_options; o->long_name != NULL; o++) {
        if (strcmp(name, o->long_name) == 0 || (o->short_name != NULL && strcmp(name, o->short_name) == 0))
            return o;
    }
    return NULL;
}

/* Whether argv (lanman's, without argv[0]) names a command and gives it only options it has, their values
 * and a count of arguments it takes; prints why not. The option rules are the dispatcher's, in short: the
 * examples are checked against the table, not run. */
static bool example_parses(char **words, int n)
{
    char *argv[CLI_ALIAS_MAX_ARGS + 1], *rewritten[CLI_ALIAS_MAX_ARGS + 1], **av = argv;
    const struct cli_command *c;
    int argc = 1, npos = 0, need = 0, most = 0, rc;
    bool noun_only;

    argv[0] = "lanman";
    for (int i = 0; i < n; i++) { /* the global options, wherever they stand */
        char name[64];
        const struct cli_global_option *o;
        snprintf(name, sizeof name, "%s", words[i]);
        if (strchr(name, '=') != NULL)
            *strchr(name, '=') = '\0';
        if (words[i][0] == '-' && (o = global_option(name)) != NULL) {
            i += o->arg != NULL && strchr(words[i], '=') == NULL;
            continue;
        }
        argv[argc++] = words[i];
    }
    if ((rc = cli_alias_rewrite(&argc, &av, rewritten, CLI_ALIAS_MAX_ARGS)) >= 0)
        return false;
    if ((c = cli_find_command(argc - 1, av + 1, &noun_only)) == NULL) {
        fprintf(stderr, "lanman_docgen: no command\n");
        return false;
    }
    for (const struct cli_arg *a = c->args; a->name != NULL; a++) {
        if (a->name[0] != '-') {
            need += !(a->flags & ARG_OPTIONAL);
            most = a->flags & ARG_MANY ? 1000 : most + 1;
        }
    }
    for (int i = c->verb != NULL ? 3 : 2; i < argc; i++) {
        const struct cli_arg *a = c->args;
        char name[64];
        if (av[i][0] != '-' || av[i][1] == '\0') {
            npos++;
            continue;
        }
        snprintf(name, sizeof name, "%s", av[i]);
        if (strchr(name, '=') != NULL)
            *strchr(name, '=') = '\0';
        while (a->name != NULL && strcmp(a->name, name) != 0)
            a++;
        if (a->name == NULL) {
            fprintf(stderr, "lanman_docgen: unknown option '%s'\n", av[i]);
            return false;
        }
        i += a->value != NULL && strchr(av[i], '=') == NULL;
    }
    if (npos < need || npos > most) {
        fprintf(stderr, "lanman_docgen: %d arguments, not %d to %d\n", npos, need, most);
        return false;
    }
    return true;
}

static bool example_line(const struct cli_example *e)
{
    char buf[1024], *words[64];
    int n = cli_example_argv(e->line, buf, sizeof buf, words, 64);

    if (n < 1 || !example_parses(words, n)) {
        fprintf(stderr, "lanman_docgen: the example 'lanman %s' is not a valid command line\n", e->line);
        return false;
    }
    for (int i = 0; i < n; i++)
        printf("%s%s", i > 0 ? "\t" : "", words[i]);
    putchar('\n');
    return true;
}

/* Every example: the commands', the nouns', lanman's. */
static int examples_argv(void)
{
    bool ok = true;

    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        for (size_t i = 0; i < 3 && c->examples[i].line != NULL; i++)
            ok &= example_line(&c->examples[i]);
    }
    for (const struct cli_noun *n = cli_nouns; n->title != NULL; n++) {
        for (size_t i = 0; i < 3 && n->examples[i].line != NULL; i++)
            ok &= example_line(&n->examples[i]);
    }
    for (const struct cli_example *e = cli_examples; e->line != NULL; e++)
        ok &= example_line(e);
    return ok && fflush(stdout) == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------------------------------ the template */

/* Copies template to out, with each marker line replaced by what its writer writes. */
static int fill(const char *template, const char *out, const char *const *markers,
                void (*const *writers)(FILE *))
{
    FILE *in = fopen(template, "r"), *f;
    char line[4096];

    if (in == NULL) {
        fprintf(stderr, "lanman_docgen: cannot read %s\n", template);
        return 1;
    }
    if ((f = fopen(out, "w")) == NULL) {
        fprintf(stderr, "lanman_docgen: cannot write %s\n", out);
        fclose(in);
        return 1;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        size_t k;
        for (k = 0; markers[k] != NULL && strstr(line, markers[k]) == NULL; k++)
            ;
        if (markers[k] != NULL)
            writers[k](f);
        else
            fputs(line, f);
    }
    fclose(in);
    return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const char *const man_markers[] = {"@COMMANDS@", "@CMDLETS@", "@EXAMPLES@", NULL};
    static void (*const man_writers[])(FILE *) = {man_commands, man_cmdlets, man_examples};
    static const char *const comp_markers[] = {"@DATA@", NULL};
    static void (*const comp_writers[])(FILE *) = {completion_data};

    if (argc == 4 && strcmp(argv[1], "man") == 0)
        return fill(argv[2], argv[3], man_markers, man_writers);
    if (argc == 4 && strcmp(argv[1], "completion") == 0)
        return fill(argv[2], argv[3], comp_markers, comp_writers);
    if (argc == 2 && strcmp(argv[1], "examples") == 0)
        return examples_argv();
    fprintf(stderr, "usage: lanman_docgen man|completion TEMPLATE OUT, or lanman_docgen examples\n");
    return 2;
}
