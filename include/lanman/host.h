/* A target: the local machine (Windows, through the Win32 APIs) or a remote server (any OS, through SMB2 and
 * DCE/RPC). Every service, registry and share call takes one. */
#ifndef LANMAN_HOST_H
#define LANMAN_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/smb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lm_host lm_host;

/* How to reach a target. Only read during lm_host_open; nothing in it is kept. Fields may be added at the
 * end in later versions: size says which ones the caller knows. */
typedef struct lm_host_options {
    /* sizeof(lm_host_options) as the caller was compiled; 0 means this layout (the fields below). A size
     * this library does not know is LM_EINVAL. */
    size_t size;
    /* NULL or "": the local machine, which exists only on Windows. Otherwise a server name or address. */
    const char *server;
    /* Remote backend (SMB2 + DCE/RPC) credentials. NULL (or no user with LM_SMB_AUTH_AUTO, on the default
     * port) on Windows with a server: the Win32 APIs against \\server with the logged-on user's credentials.
     * NULL elsewhere: an anonymous session; no user with LM_SMB_AUTH_AUTO elsewhere: Kerberos from the
     * credential cache when lm_smb_login finds it usable, else an anonymous session. */
    const lm_smb_credentials *creds;
    /* Port, timeouts, dialects, signing, encryption and trace of the remote backend; NULL: the defaults
     * (port 445, 10 s, SMB 2.0.2 to 3.1.1, signing when the server allows it). */
    const lm_smb_options *smb;
} lm_host_options;

/* Opens a target: LM_OK and *out, to be closed with lm_host_close(); or a status, *out untouched, and err
 * (may be NULL) saying why in one line (LM_ENOTSUP for the local machine on a system that is not
 * Windows). Every later call on the host reports its failure on the host (lm_host_error). */
LM_API lm_status lm_host_open(const lm_host_options *opt, lm_host **out, lm_error *err);

/* Closes the connection, if any, and frees h. NULL is fine. */
LM_API void lm_host_close(lm_host *h);

/* The last error on this target (message and raw platform/protocol code); it belongs to h and stays valid
 * until the next call on h or lm_host_close. */
LM_API const lm_error *lm_host_error(const lm_host *h);

/* Splits "HOST[:PORT]" as a user writes a server: "name", "name:1445", "1.2.3.4:445", "[::1]", "[::1]:1445",
 * and "::1" or "fe80::1%eth0" (an IPv6 address without brackets has no port). host (size bytes) receives the
 * host without brackets, *port the port, 0 when none is given. Returns LM_ENAME for a malformed string or a
 * host that does not fit, LM_ERANGE for a port outside 1..65535; host and *port are then unspecified. */
LM_API lm_status lm_host_split_address(const char *s, char *host, size_t size, uint16_t *port);

/* "win32" or "remote"; static. */
LM_API const char *lm_host_backend(const lm_host *h);

/* What the remote backend's SMB connection negotiated and how its session logged on (round trips included)
 * into *info, the caller's: LM_OK; LM_ENOTSUP for a target without a connection of lanman's own (win32),
 * *info then untouched. */
LM_API lm_status lm_host_smb_info(const lm_host *h, lm_smb_info *info);

#ifdef __cplusplus
}
#endif

#endif
