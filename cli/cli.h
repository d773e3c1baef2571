/* The lanman command line: declarations shared by main.c, the command files and the platform files. */
#ifndef LANMAN_CLI_H
#define LANMAN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lanman/lanman.h"
#include "lanman/smb.h"

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

/* Global options; they may stand anywhere on the command line. */
struct cli {
    const char *host; /* -H HOST[:PORT] as given */
    const char *user; /* -U [DOMAIN\]USER */
    bool anonymous;   /* -N */
    const char *password_file;
    int format; /* enum out_format, or -1: the command's default */
    int timeout_s;
    bool verbose;
    bool no_color;
    uint16_t min_dialect, max_dialect;
    bool netbios;
    bool require_signing, require_encryption;
};

/* A command: NOUN VERB, or a single word when verb is NULL. run() gets the arguments after it. */
struct cli_command {
    const char *noun;
    const char *verb;
    const char *args;    /* synopsis of the arguments, for --help */
    const char *summary; /* one line */
    int (*run)(struct cli *g, int argc, char **argv);
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

/* The exit code for a library status. */
int cli_exit_code(lm_status st);

/* Prints "lanman: what: message" ("lanman: message" when what is NULL, for messages that already say what
 * failed) for a failed call and returns its exit code. */
int cli_fail(const char *what, const lm_error *e);

/* "host", "host:445", "[::1]:445", "::1" -> host (brackets removed, into buf) and port (0 when absent).
 * Returns false for a malformed port. */
bool cli_split_host(const char *in, char *buf, size_t size, uint16_t *port);

/* Credentials from -U/-N, --password-file, LANMAN_PASSWORD or a prompt (auth.c). The password is zeroed
 * by cli_credentials_free(). */
struct cli_creds {
    lm_smb_credentials creds;
    bool anonymous;
    char domain[256];
    char *password;
};
int cli_credentials(const struct cli *g, struct cli_creds *cc); /* EXIT_OK_ or an exit code */
void cli_credentials_free(struct cli_creds *cc);
void cli_smb_options(const struct cli *g, uint16_t port, lm_smb_options *o);

/* PowerShell aliases (alias.c): rewrites argv (Get-Service X -> service list X) when argv[1] is a cmdlet
 * name. Returns -1 to go on, or an exit code after a usage error. */
int cli_alias_rewrite(int *argc, char ***argv);

/* SMB commands (smbcmd.c). */
int cmd_probe(struct cli *g, int argc, char **argv);
int cmd_ls(struct cli *g, int argc, char **argv);
int cmd_get(struct cli *g, int argc, char **argv);

/* Options of a command: --name VALUE pairs and flags, and positional arguments. */
struct opt {
    const char *name; /* "--force" */
    bool takes_value;
    int count;
    const char *values[32];
};

/* The host commands' helpers (hostcmd.c), for the other command files: opens the target the global options
 * name (-H, -U, -N, ...) and splits argv into positionals and the given options. Both return EXIT_OK_ /
 * -1 to go on, or an exit code after printing the error. */
int cli_open_host(const struct cli *g, lm_host **out);
int cli_parse_opts(int argc, char **argv, struct opt *opts, size_t nopts, const char **pos, int maxpos,
                   int *npos, const char *usage);

/* config export (exportcmd.c). */
int cmd_config_export(struct cli *g, int argc, char **argv);

/* service, share and config commands (hostcmd.c). */
int cmd_service_list(struct cli *g, int argc, char **argv);
int cmd_service_show(struct cli *g, int argc, char **argv);
int cmd_service_start(struct cli *g, int argc, char **argv);
int cmd_service_stop(struct cli *g, int argc, char **argv);
int cmd_service_restart(struct cli *g, int argc, char **argv);
int cmd_service_pause(struct cli *g, int argc, char **argv);
int cmd_service_continue(struct cli *g, int argc, char **argv);
int cmd_service_set(struct cli *g, int argc, char **argv);
int cmd_share_list(struct cli *g, int argc, char **argv);
int cmd_share_show(struct cli *g, int argc, char **argv);
int cmd_share_add(struct cli *g, int argc, char **argv);
int cmd_share_remove(struct cli *g, int argc, char **argv);
int cmd_share_set(struct cli *g, int argc, char **argv);
int cmd_config_list(struct cli *g, int argc, char **argv);
int cmd_config_get(struct cli *g, int argc, char **argv);
int cmd_config_set(struct cli *g, int argc, char **argv);
int cmd_config_unset(struct cli *g, int argc, char **argv);

/* config apply (applycmd.c). */
int cmd_config_apply(struct cli *g, int argc, char **argv);

#endif
