/* lanman-agent: declarations shared by the portable parts (args.c, conf.c, check.c, driftlog.c, events.c,
 * trust.c) and the platform files (service_win32.c: the Windows service; service_posix.c: the foreground
 * daemon; each runs the loop of checks, waiting agent_next_wait_s between them; trust_win32.c,
 * trust_posix.c: the OS's facts about files). The portable parts reach the OS only through the agent_plat_*
 * functions, which each platform file defines. */
#ifndef LANMAN_AGENT_H
#define LANMAN_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lanman/lanman.h"

#define AGENT_NAME "lanman-agent"

/* Exit codes of the program (service/README.md). EX_CONFIG (sysexits.h) for a configuration error, so that
 * systemd's RestartPreventExitStatus can tell it from a crash. */
enum agent_exit {
    AGENT_EXIT_OK = 0,
    AGENT_EXIT_FAILED = 1,
    AGENT_EXIT_USAGE = 2,
    AGENT_EXIT_NOTFOUND = 4,
    AGENT_EXIT_ACCESS = 5,
    AGENT_EXIT_CONFIG = 78,
};

/* What the agent records. Each is one Event Log event ID (service/messages.mc) and one syslog priority. */
enum agent_event {
    AGENT_EV_STARTED,        /* info */
    AGENT_EV_STOPPED,        /* info */
    AGENT_EV_DRIFT,          /* warning: one drift item */
    AGENT_EV_CORRECTED,      /* info: one drift item undone (enforce = yes) */
    AGENT_EV_ENFORCE_FAILED, /* error: a step of the plan failed */
    AGENT_EV_CONFIG_ERROR,   /* error: the configuration file or the baseline */
    AGENT_EV_CHECK_FAILED,   /* error: the host could not be checked (unreachable, refused, ...) */
    AGENT_EV_CHECK_OK,       /* info: checks succeed again after a failure */
    AGENT_EV_IN_SYNC,        /* info: the host matches the baseline again */
    AGENT_EV_RELOADED,       /* info: configuration reloaded */
    AGENT_EV_PAUSED,         /* info */
    AGENT_EV_CONTINUED,      /* info */
    AGENT_EV_UNSAFE_FILE,    /* error: a file the agent reads (or a folder above it) others can change */
    AGENT_EV_COUNT
};

enum agent_severity { AGENT_INFO, AGENT_WARNING, AGENT_ERROR };

enum agent_severity agent_event_severity(enum agent_event ev);
/* "started", "drift", "config error", ... Static. */
const char *agent_event_name(enum agent_event ev);

/* ---- the configuration file (conf.c) ---- */

enum agent_log_target { AGENT_LOG_STDERR = 1, AGENT_LOG_SYSLOG = 2 };

struct agent_conf {
    char *path;    /* the file it was read from */
    char *server;  /* NULL: the local machine */
    uint16_t port; /* 0: the default (445) */
    char *domain;  /* NULL or the DOMAIN of user = DOMAIN\USER */
    char *user;    /* NULL: no credentials (Win32 APIs as the service account, or anonymous) */
    char *password_file;
    char *keytab; /* Kerberos client keytab for user (instead of password_file); Kerberos only */
    char *baseline;
    char *drift_log;
    unsigned interval_s;
    unsigned timeout_s; /* 0: the library's default */
    bool enforce;
    bool prune;
    bool require_signing, require_encryption;
    unsigned parts; /* LM_PLAN_* */
    unsigned log;   /* AGENT_LOG_* (POSIX) */
};

#define AGENT_CONF_ERROR_MAX 640

/* Reads and checks the whole file. Any problem -- an unknown key, a bad value, a key given twice, a missing
 * required key, a password file that cannot be read -- is an error: false, with "FILE:LINE: what" (or
 * "FILE: what") in err. On success c owns its strings; free with agent_conf_free(). */
bool agent_conf_load(const char *path, struct agent_conf *c, char *err, size_t errsize);
void agent_conf_free(struct agent_conf *c);

/* The password: the first line of password_file without its line end, as `lanman --password-file`
 * reads it. malloc'd; free with agent_secret_free(). NULL with a reason in err. */
char *agent_read_password(const char *path, char *err, size_t errsize);
void agent_secret_free(char *s);

/* ---- the drift log (driftlog.c) ---- */

/* One record of the JSON-lines drift log. NULL strings are written as null. */
struct agent_drift_rec {
    const char *event;    /* "drift", "corrected", "enforcement failed" */
    const char *host;     /* "local" or the server */
    const char *kind;     /* "set parameter", "add share", ... */
    const char *object;   /* "share Reports" */
    const char *expected; /* the baseline's value */
    const char *actual;   /* the host's value */
    const char *error;    /* why enforcement failed */
};

/* The record as one line of JSON (UTC ISO 8601 time first, then the fields, then '\n') for time t.
 * malloc'd, NULL when out of memory. */
char *agent_drift_line(const struct agent_drift_rec *r, int64_t t);

/* Appends the record to the file at path (opened, written in one piece and closed each time, so that log
 * rotation needs no signal). false with errno-style reason in err on failure. */
bool agent_drift_append(const char *path, const struct agent_drift_rec *r, char *err, size_t errsize);

/* ---- the check (check.c) ---- */

struct agent_strset {
    char **v;
    size_t n;
};

struct agent {
    struct agent_conf conf;
    struct lm_baseline *baseline;
    struct agent_strset drift;   /* the drift items of the last check ("object\x1fexpected\x1factual") */
    struct agent_strset refused; /* enforcement failures already recorded (item + reason) */
    struct agent_strset skipped; /* the plan's skipped items (code to load) already logged (item + reason) */
    char *failure;               /* the check failure last recorded; NULL while checks succeed */
    char *failure_what;          /* its stage ("connecting", "credentials", ...): one record per stage */
    unsigned backoff_s;          /* the wait before the next try while checks fail; 0 while they succeed */
};

/* Reads the configuration file and the baseline it names. On success the agent uses them (the previous
 * ones are dropped; the memory of what was already recorded is kept) and true is returned. On failure a
 * config-error event says why in one line, and the agent keeps what it had. */
bool agent_load(struct agent *a, const char *conf_path);

/* One check: opens the host, computes the plan from the baseline to the live state, records each drift
 * item that was not already recorded (event + drift log) and, with enforce = yes, applies the plan and
 * records each outcome. Failures (an unreachable host, a refused logon) are recorded once per change of
 * state. Never fails: the agent keeps running. Returns the number of drift items found. */
size_t agent_check(struct agent *a);

/* The seconds to wait before the next check: the interval while checks succeed; while they fail (the host
 * is down or restarting), 1 s, then twice the last wait, up to the interval, so that a host that comes back
 * is seen soon and one that stays away is not hammered. */
unsigned agent_next_wait_s(struct agent *a);

/* --check-config: agent_load, then one line on stdout. AGENT_EXIT_OK or AGENT_EXIT_CONFIG. */
int agent_check_config(const char *conf_path);

void agent_free(struct agent *a);

/* ---- the command line (args.c) ---- */

struct agent_args {
    const char *config;  /* --config FILE */
    const char *command; /* install, uninstall, start, stop, status (Windows) */
    bool console;        /* --console (Windows) */
    bool foreground;     /* --foreground (POSIX) */
    bool check_config;   /* --check-config: read the configuration and the baseline, then exit */
    bool version, help;
};

/* AGENT_EXIT_OK, or AGENT_EXIT_USAGE after a one-line message on stderr. */
int agent_args_parse(int argc, char **argv, struct agent_args *out);

/* agent_args_parse, then --help (usage on stdout) and --version: -1 to go on, or the exit code. */
int agent_args_front(int argc, char **argv, const char *usage, struct agent_args *out);

/* ---- the files the agent trusts (trust.c; the OS's facts from trust_posix.c or trust_win32.c) ---- */

/* What an account that is not trusted can do to one object on the path of a file the agent reads. Trusted
 * are root (POSIX); SYSTEM, Administrators and TrustedInstaller (Windows); and the agent's own account. */
#define AGENT_CAN_WRITE   0x1u /* a file: change its contents; a folder: add entries to it */
#define AGENT_CAN_REPLACE 0x2u /* delete or rename it; a folder: delete or rename its entries */
#define AGENT_CAN_CHMOD   0x4u /* change its permissions or its owner */

/* Where an object is on the path: the file, the folder that holds it, or a folder above that. */
enum agent_fs_place { AGENT_FS_FILE, AGENT_FS_PARENT, AGENT_FS_ANCESTOR };

#define AGENT_WHO_MAX 256

struct agent_fs_grant {
    char who[AGENT_WHO_MAX]; /* "Everyone", "BUILTIN\\Users", "others", "group staff" */
    unsigned can;            /* AGENT_CAN_* */
    bool inherit_only;       /* Windows: it applies only to what is created in the folder later */
};

/* One object of the path, as the platform found it. */
struct agent_fs_obj {
    const char *path; /* resolved: no links */
    enum agent_fs_place place;
    bool is_dir;
    bool owner_trusted;
    char owner[AGENT_WHO_MAX];
    const struct agent_fs_grant *grants; /* what untrusted accounts are granted */
    size_t n;
};

/* Called for each object of the path, the file first and the root last; false stops the walk. */
typedef bool (*agent_fs_visit)(void *ctx, const struct agent_fs_obj *o);

/* Resolves path (links, relative parts) and examines it and every folder above it up to the root, calling
 * visit for each. When the file does not exist, the walk starts at its folder (as AGENT_FS_PARENT). false
 * with the reason in err when an object cannot be examined, or when visit stopped (err is then as visit
 * left it). */
bool agent_plat_examine(const char *path, agent_fs_visit visit, void *ctx, char *err, size_t errsize);
/* Who may change the files the agent reads, for messages: "root or the agent's own account". Static. */
const char *agent_plat_trusted(void);

/* Why o makes the file untrustworthy, in words ("Everyone can write to it"), into why; false when it does
 * not. The policy, in one place. */
bool agent_fs_refuse(const struct agent_fs_obj *o, char *why, size_t size);

enum agent_trust {
    AGENT_TRUST_OK,      /* only trusted accounts can change it */
    AGENT_TRUST_REFUSED, /* someone else can: AGENT_EV_UNSAFE_FILE */
    AGENT_TRUST_UNKNOWN, /* it could not be examined */
};

/* Whether the file the agent reads as `what` ("configuration file", "baseline", ...) can be changed only
 * by trusted accounts: the file and every folder above it. A file that does not exist is judged by its
 * folder (the drift log, which the agent creates; the loaders say that the others are missing). Anything
 * but AGENT_TRUST_OK comes with one line in err. */
enum agent_trust agent_trust_file(const char *what, const char *path, char *err, size_t errsize);

/* ---- the platform (service_win32.c, service_posix.c) ---- */

/* Records one event: Event Log (Windows), syslog and/or stderr (POSIX), stderr in console mode. msg is one
 * UTF-8 line. */
void agent_plat_log(enum agent_event ev, const char *msg);
/* fopen with a UTF-8 path. */
FILE *agent_plat_fopen(const char *path, const char *mode);
/* Why this platform cannot check what c names (the local machine on a system that is not Windows), or
 * NULL. Static. */
const char *agent_plat_unusable(const struct agent_conf *c);
/* Overwrites a secret in a way the compiler keeps. */
void agent_plat_zero(void *p, size_t n);

/* agent_plat_log with printf formatting. */
void agent_log(enum agent_event ev, const char *fmt, ...) LM_PRINTF(2, 3);

#endif
