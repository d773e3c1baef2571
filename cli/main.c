#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lanman/lanman.h"
#include "cli.h"

const struct cli_command cli_commands[] = {
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

static void print_help(FILE *out)
{
    fputs("Usage: lanman [GLOBAL OPTIONS] NOUN VERB [ARGS]\n"
          "\n"
          "Controls the Windows Lanman services (LanmanServer, LanmanWorkstation), their registry\n"
          "configuration and their shares.\n"
          "\n"
          "Global options:\n"
          "  -h, --help     print this help and exit\n"
          "  --version      print the version and exit\n",
          out);
    if (cli_commands[0].noun != NULL) {
        fputs("\nCommands:\n", out);
        for (const struct cli_command *c = cli_commands; c->noun != NULL; c++)
            fprintf(out, "  %s %s %s\n      %s\n", c->noun, c->verb, c->args, c->summary);
    }
    fputs(
        "\n"
        "Exit codes:\n"
        "  0 ok   1 operation failed   2 usage   3 authentication failed   4 not found\n"
        "  5 access denied   6 cannot connect or timed out   7 protocol error or not supported by the peer\n",
        out);
}

int lanman_main(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(stdout);
            return EXIT_OK_;
        }
        if (strcmp(a, "--version") == 0) {
            printf("lanman %s\n", lm_version_string());
            return EXIT_OK_;
        }
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        cli_error("unknown option '%s'; see 'lanman --help'", a);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    for (const struct cli_command *c = cli_commands; c->noun != NULL; c++) {
        if (i + 1 < argc && strcmp(argv[i], c->noun) == 0 && strcmp(argv[i + 1], c->verb) == 0)
            return c->run(argc - i - 2, argv + i + 2);
    }
    cli_error("unknown command '%s'; see 'lanman --help'", argv[i]);
    return EXIT_USAGE;
}
