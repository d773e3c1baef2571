/* The configuration document (schema/lanman-config.xsd, namespace urn:lanman:config:1): export of a host's
 * whole Lanman configuration, and plan/apply of a document to a host, for backup, baselines and migration.
 * The same plan is what lanman-agent checks for drift. */
#ifndef LANMAN_XML_H
#define LANMAN_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LM_CONFIG_NAMESPACE "urn:lanman:config:1"
#define LM_CONFIG_VERSION   2

/* The schema the library validates against (the text of schema/lanman-config.xsd, built in). Static. */
LM_API const char *lm_config_schema(void);

/* ---- export ---- */

/* Receives the document as it is written; a non-LM_OK return stops the export with that status. */
typedef lm_status (*lm_write_fn)(void *ctx, const void *buf, size_t len);

/* Streams the whole configuration of h as one UTF-8 document: host, LanmanServer and LanmanWorkstation
 * (status, start type, dependencies, every Parameters value typed, catalogue settings at their default),
 * the shares with their security, and the configured shares. Memory does not grow with the number of
 * shares beyond one page of the server's list. Parts the host cannot provide are marked present="false";
 * the export fails only when nothing could be read, or on a lost connection or a failed write. Returns
 * LM_OK, or the failure with its message on the host's error (lm_host_error(h)); nothing to free. */
LM_API lm_status lm_config_export(lm_host *h, lm_write_fn write, void *ctx);

/* The same into path, atomically (a temporary file beside it, then a rename; a failure leaves no file and
 * no partial change). The file's own failures (no such directory, disk full) go to the host's error too. */
LM_API lm_status lm_config_export_file(lm_host *h, const char *path);

/* ---- documents ---- */

typedef struct lm_baseline lm_baseline;

/* Documents larger than this are refused (LM_EOVERFLOW) before parsing. */
#define LM_BASELINE_MAX_BYTES (64u * 1024u * 1024u)

/* Parses a document safely -- no network, no DTD, no entity substitution, size and depth limits -- and
 * validates it against the schema before anything else. LM_OK with *out, which the caller frees with
 * lm_baseline_free(); anything refused is LM_EINVAL (or LM_EOVERFLOW) with a one-line reason in err (may be
 * NULL), and *out untouched. name labels messages (a file name); buf is not kept. */
LM_API lm_status lm_baseline_parse(const void *buf, size_t len, const char *name, lm_baseline **out,
                                   lm_error *err);

/* The same from a file (read whole, up to LM_BASELINE_MAX_BYTES); a file that cannot be read is LM_ENOENT,
 * LM_EACCES or LM_EIO in err. */
LM_API lm_status lm_baseline_load(const char *path, lm_baseline **out, lm_error *err);

/* The same from an open stream, read to its end (stdin for `config apply -`); name labels messages. f
 * stays open. */
LM_API lm_status lm_baseline_read(FILE *f, const char *name, lm_baseline **out, lm_error *err);

/* Frees a document from lm_baseline_parse or lm_baseline_load. NULL is fine. */
LM_API void lm_baseline_free(lm_baseline *b);

/* ---- plan and apply ---- */

/* Parts of a document a plan covers. */
#define LM_PLAN_SHARES     0x1u
#define LM_PLAN_PARAMETERS 0x2u
#define LM_PLAN_SERVICES   0x4u
#define LM_PLAN_ALL        (LM_PLAN_SHARES | LM_PLAN_PARAMETERS | LM_PLAN_SERVICES)

/* Rewrites share paths by prefix (case-insensitively for a drive letter): C:\Data=D:\Data. */
typedef struct lm_path_map {
    const char *from;
    const char *to;
} lm_path_map;

typedef struct lm_plan_options {
    unsigned parts; /* LM_PLAN_* (0: all) */
    bool prune;     /* remove live shares the document does not have (never special ones: IPC$, C$, ...) */
    const lm_path_map *maps;
    size_t nmaps;
} lm_plan_options;

typedef enum lm_step_kind {
    LM_STEP_SHARE_ADD,
    LM_STEP_SHARE_CHANGE, /* in place: description, user limit and/or permissions */
    LM_STEP_SHARE_REMOVE,
    LM_STEP_PARAMETER_SET,
    LM_STEP_START_TYPE,
    LM_STEP_SHARE_RECREATE, /* the path changes: removed and added again; put back as it was if the add fails
                             */
    LM_STEP_PARAMETER_REMOVE, /* the document says the value is absent (<default absent="true"/>): it is
                               * deleted, and its default applies again */
} lm_step_kind;

/* One difference between a document and a host. The text fields are for people and drift logs; what
 * applying the step needs is kept inside the plan, out of sight. */
typedef struct lm_plan_step {
    lm_step_kind kind;
    char *object;   /* "share Reports", "LanmanServer\Parameters\SMB1", "service LanmanServer" */
    char *expected; /* the document's value in text form; NULL for a share's removal, "absent (default 1)"
                     * for a value's */
    char *actual;   /* the host's value in text form; NULL when absent */
} lm_plan_step;

/* A difference the plan leaves alone on purpose: a Parameters value that names code to load (ServiceDll,
 * ServiceMain, ImagePath, ...: the catalogue's loads_code, by name, in any case), which lanman never
 * applies whatever the document says. For people and logs: "skipped: OBJECT: WHY". */
typedef struct lm_plan_skip {
    char *object;    /* "LanmanServer\Parameters\ServiceDll" as the document spells the name */
    char *expected;  /* the document's value in text form */
    char *actual;    /* the host's value in text form; NULL when absent */
    const char *why; /* "names code to load; lanman never applies it" (static) */
} lm_plan_skip;

/* Made only by lm_plan_compute (it carries more than these fields: never build or copy one) and read-only
 * to the caller; freed with lm_plan_free. */
typedef struct lm_plan {
    lm_plan_step *steps;
    size_t n;
    lm_plan_skip *skipped; /* not steps: lm_plan_apply never runs them, and they are not drift to undo */
    size_t nskipped;
} lm_plan;

/* The steps that make h match b. Host-specific values (status, current uses, host name) are never part of
 * a plan, and values that name code to load are skipped (plan->skipped). An empty plan (n == 0) means no
 * changes. LM_OK with *out, which the caller frees with lm_plan_free(); or a status on the host's error. */
LM_API lm_status lm_plan_compute(lm_host *h, const lm_baseline *b, const lm_plan_options *opt, lm_plan **out);

/* Called after each step with its outcome (and h's error when it failed). */
typedef void (*lm_step_fn)(void *ctx, const lm_plan_step *step, lm_status st, const lm_error *err);

/* Executes the plan (from lm_plan_compute; it is not changed) in order, stopping at the first failed step,
 * whose status it returns, with the message on h's error. *done (may be NULL) is the number of steps that
 * succeeded. A re-create whose add fails puts the share back as it was (its path, description, limit and
 * security descriptor) and says so in h's error ("rolled back: share X restored"); if that fails too, the
 * error says what is now missing and what the share was. */
LM_API lm_status lm_plan_apply(lm_host *h, const lm_plan *p, lm_step_fn report, void *ctx, size_t *done);

/* Frees a plan from lm_plan_compute, its steps and skips. NULL is fine. */
LM_API void lm_plan_free(lm_plan *p);

/* "add share", "change share", "re-create share", "remove share", "set parameter", "remove parameter",
 * "set start type".
 * Static. */
LM_API const char *lm_step_kind_name(lm_step_kind k);

#ifdef __cplusplus
}
#endif

#endif
