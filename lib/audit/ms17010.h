/* The ms17-010 check (ms17010.c), for the check table in audit.c. */
#ifndef LANMAN_AUDIT_MS17010_H
#define LANMAN_AUDIT_MS17010_H

#include <stddef.h>

#include "lanman/audit.h"

/* Runs the anonymous SMB1 exchange of smb-vuln-ms17-010 against host and decides as that script does;
 * writes what was seen into detail (NUL-terminated, at most size bytes; no server text). */
lm_audit_result lm__audit_ms17010(const char *host, const lm_smb_options *opt, char *detail, size_t size);

#endif
