/* lanman audit: the SMB exposure of one server, as findings a person can act on and a pipeline can gate on.
 *
 * One finding per (host, check). The checks speak SMB2/3, except "smb1", which sends one SMB1 NEGOTIATE and
 * closes, and "ms17-010" (only when asked for: not in lm_audit_default_mask), which opens the one SMB1
 * session lanman ever opens: ANONYMOUS (empty account, empty password; never the caller's credentials,
 * whatever creds holds), a TREE_CONNECT to IPC$ and one TRANSACTION PeekNamedPipe on FID 0, deciding as
 * nmap's smb-vuln-ms17-010 (STATUS_INSUFF_SERVER_RESOURCES: fail; STATUS_ACCESS_DENIED or
 * STATUS_INVALID_HANDLE: pass; SMB1 refused: pass; anything else: unknown, saying which step ended it). The
 * null-session and guest probes never send the caller's credentials either: the first logs on anonymously,
 * the second as a made-up user with a random password; the caller's credentials serve encryption,
 * share-write, admin-shares, registry and spooler only. Nothing is ever written on the server, and no file is
 * opened. */
#ifndef LANMAN_AUDIT_H
#define LANMAN_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/smb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lm_audit_severity {
    LM_AUDIT_INFO,
    LM_AUDIT_LOW,
    LM_AUDIT_MEDIUM,
    LM_AUDIT_HIGH,
} lm_audit_severity;

typedef enum lm_audit_result {
    LM_AUDIT_PASS,
    LM_AUDIT_FAIL,
    LM_AUDIT_UNKNOWN, /* the detail says why (unreachable, needs credentials, ...) */
} lm_audit_result;

/* One check, as the audit knows it (static). */
typedef struct lm_audit_check {
    const char *id; /* stable: part of the interface ("smb1", "signing", ...) */
    lm_audit_severity severity;
    const char *title;       /* one line: what a failure means */
    const char *remediation; /* the setting or command that fixes it (registry, GPO/CIS, smb.conf) */
} lm_audit_check;

/* The checks this library has, in the order the audit runs and reports them; *n gets their number. The
 * array is static. Bit i of a check mask selects the i-th. */
LM_API const lm_audit_check *lm_audit_checks(size_t *n);

/* The mask of the checks run when none are named: all but those that run only when asked for by name
 * (ms17-010). */
LM_API uint32_t lm_audit_default_mask(void);

/* The index of the check named id (case-sensitive), or -1. */
LM_API int lm_audit_check_index(const char *id);

/* The pseudo-check of a target that could not be reached: its one finding has this id. */
#define LM_AUDIT_UNREACHABLE "unreachable"

typedef struct lm_audit_finding {
    const char *check; /* an lm_audit_check id, or LM_AUDIT_UNREACHABLE (static) */
    lm_audit_severity severity;
    lm_audit_result result;
    char detail[256];        /* what was seen; server text only with control characters escaped */
    const char *remediation; /* static; "" for a pass */
} lm_audit_finding;

/* "info", "low", "medium", "high" / "pass", "fail", "unknown". Static. */
LM_API const char *lm_audit_severity_name(lm_audit_severity s);
LM_API const char *lm_audit_result_name(lm_audit_result r);

/* Audits one server (host, with opt's port and timeout; opt NULL: the defaults) with the checks in mask.
 * creds (may be NULL) are used only by the checks that need them, under the one session policy. On LM_OK,
 * *out holds *n findings (free with lm_audit_findings_free): one per check asked for, or the single
 * LM_AUDIT_UNREACHABLE finding when the server could not be reached. A status only when memory ran out or
 * an argument is invalid. Safe to call from several threads at once, one host each. */
LM_API lm_status lm_audit_host(const char *host, const lm_smb_options *opt, const lm_smb_credentials *creds,
                               uint32_t mask, lm_audit_finding **out, size_t *n);

/* Frees what lm_audit_host returned. NULL is fine. */
LM_API void lm_audit_findings_free(lm_audit_finding *f);

#ifdef __cplusplus
}
#endif

#endif
