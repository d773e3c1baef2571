/* The lanman command line: shared declarations between main.c, the command files and the platform entry
 * points (posix.c / win32.c). */
#ifndef LANMAN_CLI_H
#define LANMAN_CLI_H

#include <stdio.h>

/* Exit codes, as documented in DESIGN.md and --help. */
enum cli_exit {
    EXIT_OK_ = 0,
    EXIT_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_AUTH = 3,
    EXIT_NOTFOUND = 4,
    EXIT_ACCESS = 5,
    EXIT_CONNECT = 6,
    EXIT_PROTOCOL = 7,
};

/* A NOUN VERB command. run() gets the arguments after the verb. */
struct cli_command {
    const char *noun;
    const char *verb;
    const char *args;    /* synopsis of the arguments, for --help */
    const char *summary; /* one line */
    int (*run)(int argc, char **argv);
};

/* Every command this build has; ends with a zeroed entry. Commands that do not exist are not listed. */
extern const struct cli_command cli_commands[];

/* The program, with argv in UTF-8 on every platform. Returns the exit code. */
int lanman_main(int argc, char **argv);

/* Prints "lanman: MESSAGE" as one line on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__MINGW32__)
    __attribute__((format(gnu_printf, 1, 2)));
#elif defined(__GNUC__)
    __attribute__((format(printf, 1, 2)));
#else
    ;
#endif

#endif
