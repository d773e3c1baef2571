/* The lanman command line: declarations shared by main.c, the command files and the platform files. */
#ifndef LANMAN_CLI_H
#define LANMAN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lanman/config.h"
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
    int format;           /* enum out_format, or -1: the command's default */
    const char *property; /* --property A,B: the fields to show, in order; NULL: the command's choice */
    int timeout_s;
    bool verbose;
    bool no_color;
    uint16_t min_dialect, max_dialect;
    bool netbios;
    bool require_signing, require_encryption, allow_guest;
    bool help;                     /* -h/--help anywhere: help for what the rest of the line names */
    const struct cli_command *cmd; /* the command being run */
};

/* The global options, for the parser (main.c), --help (help.c), the suggestions and the man page test. */
enum cli_gopt {
    G_HELP,
    G_VERSION,
    G_HOST,
    G_USER,
    G_ANONYMOUS,
    G_PASSWORD_FILE,
    G_FORMAT,
    G_PROPERTY,
    G_TIMEOUT,
    G_MIN_DIALECT,
    G_MAX_DIALECT,
    G_SIGN,
    G_ENCRYPT,
    G_ALLOW_GUEST,
    G_NETBIOS,
    G_VERBOSE,
    G_NO_COLOR,
};
struct cli_global_option {
    enum cli_gopt id;
    const char *short_name; /* "-H", or NULL */
    const char *long_name;  /* "--host" */
    const char *arg;        /* "HOST[:PORT]", or NULL for a flag */
    const char *meaning;
};
extern const struct cli_global_option cli_global_options[]; /* ends with a NULL long_name */

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
/* cli_fail() with the CLI's advice after the library's message: "lanman: MESSAGE; ADVICE". The library
 * states what is wrong and never names an option; what to type is the CLI's to say. */
int cli_fail_advice(const char *what, const lm_error *e, const char *advice);

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

/* A command's own options: --name VALUE (or --name=VALUE) and flags. cli_parse_opts() splits argv into
 * positionals and these ("--" ends the options); an unknown option is a usage error that suggests the
 * closest known one (the command's or a global one). usage is the synopsis for the error lines (NULL: the
 * running command's, from the table). Returns -1 to go on, or an exit code. */
struct opt {
    const char *name; /* "--force" */
    bool takes_value;
    int count;
    const char *values[32];
};
int cli_parse_opts(int argc, char **argv, struct opt *opts, size_t nopts, const char **pos, int maxpos,
                   int *npos, const char *usage);
/* "usage: lanman NOUN VERB ARGS; see ..." for the command being run; returns EXIT_USAGE. */
int cli_usage(const struct cli *g);
/* "NOUN VERB ARGS" of a command. */
void cli_command_head(const struct cli_command *c, char *buf, size_t size);

/* The command argv[0] [argv[1]] names, or NULL when there is none; *noun_only is set when argv[0] is a noun
 * whose verb is missing or unknown. */
const struct cli_command *cli_find_command(int argc, char **argv, bool *noun_only);
/* The one line for a command line that names no command (a noun or verb that does not exist, with the
 * closest one when there is one, or a noun without its verb); returns EXIT_USAGE. */
int cli_unknown_command(int argc, char **argv, bool noun_only);

/* Output through the global options (main.c): the format (def when --format is absent), --property, and
 * on a terminal its width and colours. cli_out_finish() prints, frees and returns the exit code (2 for an
 * unknown --property, with the known ones named). */
struct out;
void cli_out_init(const struct cli *g, struct out *o, int def_format);
int cli_out_finish(const struct cli *g, struct out *o, const char *const *columns);

/* Records of the library's model objects, with PowerShell's property names (records.c). */
void cli_service_record(struct out *o, const lm_service *s);
void cli_share_record(struct out *o, const lm_share *s);
/* One value of service\Parameters (v NULL: a catalogued setting that is absent, at its default). */
void cli_setting_record(struct out *o, const char *service, const lm_setting *s, const lm_reg_value *v);
/* Get-SmbServerConfiguration / Get-SmbClientConfiguration: one object, the catalogued settings of service
 * under their PowerShell names in PowerShell's (alphabetical) order, from the values present (vals) or
 * their defaults. */
void cli_ps_config_record(struct out *o, const char *service, const lm_reg_value *vals, size_t n);

/* --help (help.c). cli_help() prints the help argv names (nothing: the global help; NOUN; NOUN VERB; a
 * cmdlet) on f and returns the exit code. */
void cli_help_global(FILE *f);
int cli_help(FILE *f, int argc, char **argv);

/* Words (suggest.c): case-insensitive equality and prefix, and "did you mean": add candidates, then
 * cli_suggest_result() is the one closest to word, or NULL when none is close or two are equally close. */
bool cli_iequal(const char *a, const char *b);
bool cli_iprefix(const char *prefix, const char *word);
struct cli_suggest {
    const char *word, *best;
    int dist;
    bool tie;
};
void cli_suggest_init(struct cli_suggest *s, const char *word);
void cli_suggest_add(struct cli_suggest *s, const char *candidate);
const char *cli_suggest_result(const struct cli_suggest *s);

/* The cmdlets (alias.c), for help and suggestions: the i-th cmdlet's name (NULL past the end), the command
 * it becomes, and its parameters as a synopsis ("[-Name] NAME [-Force]"). */
const char *cli_alias_info(size_t i, const char **noun, const char **verb, char *synopsis, size_t size);

/* PowerShell aliases (alias.c): rewrites argv (Get-Service X -> service list X) when argv[1] is a cmdlet
 * name. Returns -1 to go on, or an exit code after a usage error. */
int cli_alias_rewrite(int *argc, char ***argv);

/* SMB commands (smbcmd.c). */
int cmd_probe(struct cli *g, int argc, char **argv);
int cmd_ls(struct cli *g, int argc, char **argv);
int cmd_get(struct cli *g, int argc, char **argv);

/* Opens the target the global options name (-H, -U, -N, ...) (hostcmd.c): EXIT_OK_, or an exit code after
 * printing the error. */
int cli_open_host(const struct cli *g, lm_host **out);

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
