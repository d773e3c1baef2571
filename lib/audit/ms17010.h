/* The ms17-010 check (ms17010.c), for the check table in audit.c. */
#ifndef LANMAN_AUDIT_MS17010_H
#define LANMAN_AUDIT_MS17010_H

#include <stdbool.h>
#include <stddef.h>

#include "lanman/audit.h"

struct lm__smb1_peek;

/* Decides as nmap's smb-vuln-ms17-010 does from the anonymous SMB1 exchange of that script, as
 * lm__smb1_peek_fid0 returned it (peek_st) and filled peek; writes what was seen into detail (NUL-terminated,
 * at most size bytes; no server text). */
lm_audit_result lm__audit_ms17010(lm_status peek_st, const struct lm__smb1_peek *peek, char *detail,
                                  size_t size);

/* The smb1 check's answer from the same exchange, whose NEGOTIATE offers "NT LM 0.12" alone as
 * lm_smb_probe_smb1's does (one connection for both checks): LM_OK with *accepted, or the status of a
 * server that could not be reached or did not answer, as lm_smb_probe_smb1 decides. */
lm_status lm__audit_smb1_seen(const struct lm__smb1_peek *peek, bool *accepted);

#endif
