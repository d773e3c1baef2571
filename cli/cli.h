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

/* What the bash completion offers for an argument or an option's value (besides values). */
enum cli_complete { COMPLETE_NONE, COMPLETE_FILE, COMPLETE_XML, COMPLETE_HOST };

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
    int auth;                      /* lm_smb_auth: --auth, -k */
    const char *spn;               /* --spn */
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
    G_AUTH,
    G_KERBEROS,
    G_SPN,
};
struct cli_global_option {
    enum cli_gopt id;
    const char *short_name; /* "-H", or NULL */
    const char *long_name;  /* "--host" */
    const char *arg;        /* "HOST[:PORT]", or NULL for a flag */
    const char *meaning;
    const char *values; /* the values it takes, space-separated, for the completion (may be NULL) */
    enum cli_complete complete;
};
extern const struct cli_global_option cli_global_options[]; /* ends with a NULL long_name */

/* ------------------------------------------------------------------------------------ the command table
 *
 * Each command is declared once, in commands.c: its arguments and options, what they mean, the values they
 * take, how many arguments it needs, whether it needs the target, its help and its examples. The parser,
 * --help (help.c), the man page's command sections and the bash completion (docgen.c, at build time) all
 * read it. Adding an option is one entry in the command's args, and its handling in the command's run(). */

/* A positional argument or an option of a command, in the order the synopsis shows them. */
enum cli_arg_flag {
    ARG_OPTIONAL = 1 << 0,    /* a positional that may be absent: [SERVICE] */
    ARG_MANY = 1 << 1,        /* a positional that may repeat: [PATTERN...] */
    OPT_REQUIRED = 1 << 2,    /* an option the command needs, once: no brackets in the synopsis */
    OPT_ONCE = 1 << 3,        /* given twice, a usage error */
    OPT_DOTS = 1 << 4,        /* may repeat, and the synopsis says so: [--full ACCT]... */
    OPT_SHOW_VALUES = 1 << 5, /* the synopsis shows the values: --start-type automatic|delayed|... */
    OPT_GLOBAL = 1 << 6,      /* a global option documented with the command (--timeout S): not its own */
    OPT_HIDE = 1 << 7,        /* in the help's list only, not in the synopsis (--output, the same as -o) */
};

struct cli_arg {
    const char *name;    /* "--max-uses", "-o"; or a positional's placeholder, "NAME" */
    const char *value;   /* an option's value placeholder, "N"; NULL for a flag or a positional */
    const char *meaning; /* one sentence, for --help and the man page */
    unsigned flags;      /* enum cli_arg_flag */
    const char *values;  /* the values it takes, space-separated, for the completion (may be NULL) */
    const char *syn;     /* the synopsis shows this instead of the value placeholder (may be NULL) */
    enum cli_complete complete;
};
#define CLI_MAX_ARGS   10 /* positionals and options of one command */
#define CLI_MAX_POS    64 /* positionals given (service list PATTERN...) */
#define CLI_MAX_VALUES 32 /* values of one option */

/* An example's line is the words lanman receives after "lanman", as the user means them, separated by single
 * spaces; a word with spaces in it is written in double quotes ("Monthly reports"). Nothing else is special
 * (a backslash is a backslash: the C string "CORP\\admin" is CORP\admin), and a ' is not allowed. --help and
 * the man page show each line quoted for the shell it is pasted into (cli_example_render). */
struct cli_example {
    const char *line; /* after "lanman " */
    const char *what;
};

/* A noun (service, share, config), or with name NULL the one-word commands (probe, ls, get). */
struct cli_noun {
    const char *name;
    const char *title; /* the man page's section */
    const char *about;
    struct cli_example examples[3];
};
extern const struct cli_noun cli_nouns[]; /* ends with a NULL title */

/* What a command gets from the dispatcher: its arguments, its options' values, the target (when it needs
 * one), and the records to print (when it prints through the output layer). */
struct cli_values {
    int count;
    const char *v[CLI_MAX_VALUES];
};
struct cli_call {
    struct cli *g;
    const struct cli_command *cmd;
    const char *pos[CLI_MAX_POS];
    int npos;
    struct cli_values opt[CLI_MAX_ARGS]; /* by the index of the option in cmd->args */
    lm_host *h;                          /* CMD_HOST: opened before run(), closed after */
    struct out *out;                     /* CMD_TABLE, CMD_LIST: printed after run() returns EXIT_OK_ */
    const char *const *columns;          /* the table's columns (cmd->columns; run() may change them) */
    void *state;                         /* what check() keeps for run() and release() */
};

enum cli_command_flag {
    CMD_HOST = 1 << 0,  /* the dispatcher opens the target (-H, or the local machine) */
    CMD_TABLE = 1 << 1, /* it prints records (c->out), as a table unless --format says otherwise */
    CMD_LIST = 1 << 2,  /* it prints records, as a list (one object) unless --format says otherwise */
    CMD_SARIF = 1 << 3, /* it prints --format sarif itself (audit); elsewhere that format is a usage error */
};

/* A command: NOUN VERB, or a single word when verb is NULL. */
struct cli_command {
    const char *noun;
    const char *verb;
    const char *summary;        /* one line */
    const char *about;          /* --help's description */
    const char *man;            /* more for the man page (may be NULL) */
    const struct cli_arg *args; /* ends with a NULL name */
    struct cli_example examples[3];
    unsigned flags;             /* enum cli_command_flag */
    const char *const *columns; /* the table's columns (CMD_TABLE, CMD_LIST) */
    /* The steps: check() before the target is opened (may be NULL); run(); release() at the end, whatever
     * happened after the arguments were parsed (may be NULL; c->state may be NULL). check() and run()
     * return an exit code. */
    int (*check)(struct cli_call *c);
    int (*run)(struct cli_call *c);
    void (*release)(struct cli_call *c);
};

/* Every command this build has; ends with a zeroed entry. Commands that do not exist are not listed. */
extern const struct cli_command cli_commands[];

/* The values of the command's option name (declared in its args; anything else is a bug: abort()). */
const struct cli_values *cli_opt(const struct cli_call *c, const char *name);
bool cli_flag(const struct cli_call *c, const char *name);         /* given at least once */
const char *cli_value(const struct cli_call *c, const char *name); /* the first value, or NULL */
/* The target's last error (cli_fail), for run(). */
int cli_host_fail(const struct cli_call *c);

/* Parses argv (after NOUN VERB) against c's table entry, runs it step by step, and returns the exit code. */
int cli_dispatch(struct cli *g, const struct cli_command *c, int argc, char **argv);

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
/* Kerberos needs a name: -k against an address literal without --spn is a usage error, before any packet.
 * EXIT_OK_ or EXIT_USAGE (with the message printed). */
int cli_check_auth_target(const struct cli *g, const char *host);
void cli_smb_options(const struct cli *g, uint16_t port, lm_smb_options *o);
/* With -v: the connection's round trips so far, as the trace's last line ("trace: round trips: N"). */
void cli_trace_round_trips(const struct cli *g, const lm_smb_info *info);

/* "usage: lanman NOUN VERB ARGS; see ..." for the command being run; returns EXIT_USAGE. */
int cli_usage(const struct cli *g);
/* The synopsis of a command's arguments ("NAME [--force] [--timeout S]"), from its args. */
void cli_synopsis(const struct cli_command *c, char *buf, size_t size);
/* "NOUN VERB ARGS" of a command. */
void cli_command_head(const struct cli_command *c, char *buf, size_t size);
/* "unknown option '--descripton'; did you mean '--description'?" among c's options (c may be NULL) and
 * the global ones. */
void cli_unknown_option(const char *arg, const struct cli_command *c);

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
/* Columns of the terminal: COLUMNS when set, else what the terminal on stdout says, else 80 (main.c). */
int cli_term_width(void);
void cli_out_init(const struct cli *g, struct out *o, int def_format);
int cli_out_finish(const struct cli *g, struct out *o, const char *const *columns);

/* Records of the library's model objects, with PowerShell's property names (records.c). */
void cli_service_record(struct out *o, const lm_service *s);
void cli_share_record(struct out *o, const lm_share *s);
void cli_share_access_record(struct out *o, const lm_share_access *a);
void cli_session_record(struct out *o, const lm_session *s);
void cli_open_file_record(struct out *o, const lm_open_file *f);
void cli_server_record(struct out *o, const lm_server_info *i);
/* Only the share table's columns (Name, ScopeName, Path, Description): the record of a plain `share list`. */
void cli_share_row(struct out *o, const lm_share *s);
void cli_connection_record(struct out *o, const lm_connection *k);
/* One value of service\Parameters (v NULL: a catalogued setting that is absent, at its default). */
void cli_setting_record(struct out *o, const char *service, const lm_setting *s, const lm_reg_value *v);
/* Get-SmbServerConfiguration / Get-SmbClientConfiguration: one object, the catalogued settings of service
 * under their PowerShell names in PowerShell's (alphabetical) order, from the values present (vals) or
 * their defaults. */
void cli_ps_config_record(struct out *o, const char *service, const lm_reg_value *vals, size_t n);

/* Examples (help.c). cli_example_argv() splits a line into argv (at most max words, their text in buf);
 * returns the count, or -1 for a line the notation does not allow or that does not fit. cli_example_render()
 * writes the line as a shell must read it to give lanman that argv: POSIX (single quotes where needed), or
 * Windows (correct in both cmd.exe and PowerShell, as the MS C runtime splits it); false when it cannot
 * (a character neither shell's quoting carries, or no room). cli_examples: lanman's own examples, for
 * --help (the first three) and the man page (all); ends with a NULL line. */
enum cli_shell { CLI_SHELL_POSIX, CLI_SHELL_WINDOWS };
int cli_example_argv(const char *line, char *buf, size_t size, char **argv, int max);
bool cli_example_render(const char *line, enum cli_shell shell, char *buf, size_t size);
extern const struct cli_example cli_examples[];

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

/* The k-th PowerShell parameter of the i-th cmdlet ("-StartupType" without its '-'), NULL past the end;
 * values gets the PowerShell values it knows, space-separated ("" when any value goes). */
const char *cli_alias_param(size_t i, size_t k, char *values, size_t size);

/* PowerShell aliases (alias.c): when argv[1] is a cmdlet name, rewrites the command line into out (cap
 * pointers; Get-Service X -> service list X) and points *argv there. The strings stay argv's (a list
 * parameter's commas become the ends of its items). Returns -1 to go on, or an exit code after a usage
 * error. */
#define CLI_ALIAS_MAX_ARGS 256
int cli_alias_rewrite(int *argc, char ***argv, char **out, size_t cap);

/* The commands' steps, for the table (commands.c): run() in hostcmd.c (service, share, config), exportcmd.c,
 * applycmd.c and smbcmd.c (probe, ls, get); check() where a command refuses bad input before the target
 * is opened; release() where run() leaves something for after the output. */
int cmd_service_list(struct cli_call *c);
int cmd_service_show(struct cli_call *c);
int cmd_service_start(struct cli_call *c);
int cmd_service_stop(struct cli_call *c);
int cmd_service_restart(struct cli_call *c);
int cmd_service_pause(struct cli_call *c);
int cmd_service_continue(struct cli_call *c);
int check_service_set(struct cli_call *c);
int cmd_service_set(struct cli_call *c);
int cmd_share_list(struct cli_call *c);
int check_share_name(struct cli_call *c);
int cmd_share_show(struct cli_call *c);
int check_share_add(struct cli_call *c);
int cmd_share_add(struct cli_call *c);
int cmd_share_remove(struct cli_call *c);
int check_share_set(struct cli_call *c);
int cmd_share_set(struct cli_call *c);
/* share access and its changes (accesscmd.c) */
int cmd_share_access(struct cli_call *c);
int check_share_grant(struct cli_call *c);
int cmd_share_grant(struct cli_call *c);
int cmd_share_revoke(struct cli_call *c);
int cmd_share_block(struct cli_call *c);
int cmd_share_unblock(struct cli_call *c);
int check_config_list(struct cli_call *c);
int check_config_set(struct cli_call *c);
int cmd_config_list(struct cli_call *c);
int cmd_config_get(struct cli_call *c);
int cmd_config_set(struct cli_call *c);
int cmd_config_unset(struct cli_call *c);
int check_config_export(struct cli_call *c);
int cmd_config_export(struct cli_call *c);
int check_config_apply(struct cli_call *c);
int cmd_config_apply(struct cli_call *c);
void release_config_apply(struct cli_call *c);
int cmd_probe(struct cli_call *c);
int cmd_ls(struct cli_call *c);
void release_ls(struct cli_call *c);
int cmd_get(struct cli_call *c);
/* workstation show | users (wkstacmd.c), and their records. */
int cmd_workstation_show(struct cli_call *c);
int cmd_workstation_users(struct cli_call *c);
void cli_workstation_record(struct out *o, const lm_workstation *w);
void cli_workstation_user_record(struct out *o, const lm_workstation_user *u);
/* sesscmd.c: sessions, open files */
int cmd_session_list(struct cli_call *c);
int check_session_close(struct cli_call *c);
int cmd_session_close(struct cli_call *c);
int cmd_file_list(struct cli_call *c);
int check_file_close(struct cli_call *c);
int cmd_file_close(struct cli_call *c);
int cmd_server_show(struct cli_call *c);
int check_audit(struct cli_call *c); /* auditcmd.c */
int cmd_audit(struct cli_call *c);
void release_audit(struct cli_call *c);
int cmd_share_connections(struct cli_call *c);

/* Opens the target the global options name (-H, -U, -N, ...) (hostcmd.c): EXIT_OK_, or an exit code after
 * printing the error. */
int cli_open_host(const struct cli *g, lm_host **out);

#endif
