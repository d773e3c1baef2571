/* The portable SMB2/3 client: connect, negotiate, authenticate (NTLMv2 in SPNEGO), sign, encrypt, and reach
 * shares, directories, files and named pipes. Works the same on Linux and Windows.
 *
 * Security: no SMB1 session is ever opened (lm_smb_probe_smb1 sends one SMB1 NEGOTIATE only to detect SMB1,
 * then closes); NTLMv2 only; every signed response is verified and a bad signature is a hard error. */
#ifndef LANMAN_SMB_H
#define LANMAN_SMB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lm_smb lm_smb;
typedef struct lm_smb_tree lm_smb_tree;
typedef struct lm_smb_file lm_smb_file;

/* Receives one line of protocol trace (no secrets, no newline). */
typedef void (*lm_trace_fn)(void *ctx, const char *line);

typedef struct lm_smb_options {
    uint16_t port;        /* 0: 445, or 139 with netbios */
    int timeout_ms;       /* 0: 10 s; bounds every connect, send and receive */
    bool netbios;         /* NetBIOS session request first (port 139) */
    uint16_t min_dialect; /* 0: 0x0202 */
    uint16_t max_dialect; /* 0: 0x0311 */
    bool require_signing; /* refuse a session that is not signed */
    bool require_encryption;
    bool allow_guest; /* accept a guest or null session when logging on with credentials (unsigned: any
                       * response on it could be forged); refused by default */
    lm_trace_fn trace;
    void *trace_ctx;
} lm_smb_options;

/* How to authenticate (lm_smb_credentials.auth). */
typedef enum lm_smb_auth {
    /* Kerberos when the server is named by a DNS name (not an address), offers Kerberos, and Kerberos
     * credentials are there (a user with a realm or domain and a password, a keytab, or, without a user, a
     * credential cache holding a ticket); NTLMv2 otherwise, also when getting a ticket fails before anything
     * is sent. */
    LM_SMB_AUTH_AUTO = 0,
    LM_SMB_AUTH_KERBEROS, /* Kerberos only (GSS-API / SSPI), never NTLM */
    LM_SMB_AUTH_NTLM,     /* NTLMv2 only */
} lm_smb_auth;

/* Who to log on as. user NULL or "" with auth NTLM, or AUTO without a ticket in the credential cache:
 * anonymous (null session). Strings are UTF-8 and only read during lm_smb_login; the password is never
 * stored. Zero the fields you do not use.
 *
 * Kerberos: user "user@REALM" or user "user" with domain "REALM" (the realm in upper case) and a password:
 * a ticket obtained into a private in-memory credential cache, destroyed when the logon ends; with a keytab
 * instead of a password, from that keytab; with no user, the default credential cache (KRB5CCNAME) or, on
 * Windows, the logged-on user's tickets. The target is spn, or "cifs/HOST" when spn is NULL. */
typedef struct lm_smb_credentials {
    const char *domain;
    const char *user;
    const char *password;
    lm_smb_auth auth;
    const char *spn;    /* Kerberos service principal, "cifs/host.example.com"; NULL: cifs/ and the host */
    const char *keytab; /* Kerberos client keytab (POSIX); NULL: none (KRB5_CLIENT_KTNAME still applies) */
} lm_smb_credentials;

/* Test-reads the Kerberos client keytab c->keytab for the principal of c (c->user with its realm, as for a
 * logon) without asking a KDC: LM_OK when it holds a key for that principal; else LM_ENOENT (no such file),
 * LM_EACCES (it cannot be read), LM_EAUTH (no key for the principal, or not a keytab), LM_EINVAL (no user
 * or realm in c) or LM_ENOTSUP (no keytabs on this system: Windows), with one line in err (may be NULL). */
LM_API lm_status lm_smb_keytab_check(const lm_smb_credentials *c, lm_error *err);

/* Whether host is an IPv4 (in any form inet_aton takes: 127.1, 2130706433, 0x7f.1 too) or IPv6 address
 * literal rather than a name (Kerberos needs a name, or an SPN). */
LM_API bool lm_smb_is_address(const char *host);

typedef struct lm_smb_info {
    uint16_t dialect;                       /* 0x0202 ... 0x0311 */
    bool signing_enabled, signing_required; /* the server's SecurityMode */
    bool signed_session, encrypted_session, guest, anonymous;
    uint16_t cipher;      /* 1 AES-128-CCM, 2 AES-128-GCM, 0 none */
    uint16_t signing_alg; /* 0 HMAC-SHA256, 1 AES-CMAC, 2 AES-GMAC (3.1.1) */
    uint8_t server_guid[16];
    uint64_t server_time, boot_time; /* FILETIME (100 ns since 1601), 0 when not given */
    uint32_t capabilities, max_read, max_write, max_transact;
    unsigned round_trips; /* request/response exchanges waited for, since connect */
    /* The mechanism of the logon: LM_SMB_AUTH_KERBEROS or LM_SMB_AUTH_NTLM (NTLMSSP, which anonymous and
     * guest sessions use too); LM_SMB_AUTH_AUTO (0) before a logon has succeeded. */
    lm_smb_auth mech;
} lm_smb_info;

/* How info's session was logged on, for people: "Kerberos", "NTLM", "anonymous", "guest" or "none" (no
 * logon yet). Static. */
LM_API const char *lm_smb_logon_name(const lm_smb_info *info);

/* Connects over TCP and negotiates (opt NULL: the defaults; only read during the call). On success *out
 * is set; close it with lm_smb_close(). On failure *out is untouched and err (may be NULL) gets a one-line
 * message; every later call on the connection reports on it (lm_smb_error). */
LM_API lm_status lm_smb_connect(const char *host, const lm_smb_options *opt, lm_smb **out, lm_error *err);

/* Authenticates (Kerberos or NTLMv2 in SPNEGO, as creds->auth says; anonymous when creds is NULL or has no
 * user and no Kerberos is asked for) under one session policy:
 * with credentials, a guest or null result is LM_EAUTH unless opt.allow_guest; an authenticated session is
 * signed, and on 3.x its final response must be signed and verified (LM_ESIGNATURE otherwise). LM_OK, or a
 * status on the connection's error; creds is not kept. */
LM_API lm_status lm_smb_login(lm_smb *s, const lm_smb_credentials *creds);

/* Logs off and disconnects without waiting for the replies, then frees. NULL is fine. */
LM_API void lm_smb_close(lm_smb *s);

/* The last error on this connection; it belongs to s and stays valid until the next call on s or
 * lm_smb_close. */
LM_API const lm_error *lm_smb_error(const lm_smb *s);

/* Fills *info (the caller's) with what was negotiated and how the session was set up. */
LM_API void lm_smb_get_info(const lm_smb *s, lm_smb_info *info);

/* "2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"; "unknown" otherwise. Static. */
LM_API const char *lm_smb_dialect_name(uint16_t dialect);

/* Sends one SMB1 NEGOTIATE offering only "NT LM 0.12" and closes: LM_OK with *accepted telling whether
 * the server would speak SMB1; or a status (cannot connect, ...) with err (may be NULL) saying why. No SMB1
 * session is opened, and nothing is left to free. */
LM_API lm_status lm_smb_probe_smb1(const char *host, const lm_smb_options *opt, bool *accepted,
                                   lm_error *err);

/* What lm_smb_sweep_dialects saw. */
typedef struct lm_smb_sweep {
    size_t n;             /* how many dialects the server accepted */
    uint16_t accepted[8]; /* those dialects, ascending */
    char names[64];       /* the same as text: "2.0.2 2.1 3.0.2"; "" for none */
    lm_smb_info best;     /* the NEGOTIATE answer to the highest accepted dialect (zero for none) */
} lm_smb_sweep;

/* Which SMB2/3 dialects lanman knows (2.0.2, 2.1, 3.0, 3.0.2, 3.1.1) the server accepts, each NEGOTIATE on
 * its own connection (opt's port, timeout and transport; its dialect range is ignored): first all of them
 * in one NEGOTIATE, where the server chooses the highest it accepts (none above it is accepted), then each
 * dialect below that one offered alone. No session is set up. LM_OK, also when no dialect was accepted; a
 * connect-level status (refused, timeout, unreachable, reset, bad name) with err (may be NULL) when the
 * server did not answer before any dialect was accepted. Safe from several threads at once. */
LM_API lm_status lm_smb_sweep_dialects(const char *host, const lm_smb_options *opt, lm_smb_sweep *out,
                                       lm_error *err);

/* Tree connect to \\host\share: LM_OK with *out, or a status on the connection's error. The tree belongs
 * to s and must be disconnected before s is closed. */
LM_API lm_status lm_smb_tree_connect(lm_smb *s, const char *share, lm_smb_tree **out);

/* Disconnects (without waiting for the reply) and frees t. NULL is fine. */
LM_API void lm_smb_tree_disconnect(lm_smb_tree *t);

typedef struct lm_smb_stat {
    uint64_t size, allocation;
    uint32_t attributes;                          /* FILE_ATTRIBUTE_*; 0x10 = directory */
    uint64_t created, accessed, written, changed; /* FILETIME */
} lm_smb_stat;

typedef struct lm_smb_dirent {
    char *name; /* UTF-8 */
    lm_smb_stat st;
} lm_smb_dirent;

/* Lists dir (a path inside the share, '/' or '\' separated; "" for the root) with a pattern ("*" when NULL).
 * Leaves out "." and "..". dir naming a file (pattern NULL or "*") lists that file's own entry, as ls and
 * Get-ChildItem do. On success *out holds *n entries; free with lm_smb_list_free(). Failures on the
 * connection's error (lm_smb_error of the tree's connection). */
LM_API lm_status lm_smb_list(lm_smb_tree *t, const char *dir, const char *pattern, lm_smb_dirent **out,
                             size_t *n);

/* Frees n entries from lm_smb_list and their names. NULL is fine. */
LM_API void lm_smb_list_free(lm_smb_dirent *list, size_t n);

/* Receives the data of a download, in file order. Return LM_OK to go on. */
typedef lm_status (*lm_smb_sink_fn)(void *ctx, const void *p, size_t n);

/* Downloads a whole file to sink, reading ahead within the credits the server grants. stat_cb (may be NULL)
 * gets the file's attributes before any data. A small file costs one round trip (CREATE + READ
 * compounded; the CLOSE is not waited for). LM_OK; the sink's own status when it stops the download; or a
 * status on the connection's error. Nothing to free. */
LM_API lm_status lm_smb_get(lm_smb_tree *t, const char *path, lm_smb_sink_fn sink, void *ctx,
                            void (*stat_cb)(void *ctx, const lm_smb_stat *st));

/* The same from the session: tree-connects \\host\share, downloads path and disconnects the tree. The
 * TREE_CONNECT rides in the compound of the CREATE and the first READ (MS-SMB2 3.2.4.1.4), so that a small
 * file costs one round trip from a logged-on session; the tree is connected on its own first where it must
 * be validated (3.0, 3.0.2) or the connection keeps to single requests. */
LM_API lm_status lm_smb_get_share(lm_smb *s, const char *share, const char *path, lm_smb_sink_fn sink,
                                  void *ctx, void (*stat_cb)(void *ctx, const lm_smb_stat *st));

/* One ECHO exchange: LM_OK when the connection and the session still answer; else a status on the
 * connection's error. */
LM_API lm_status lm_smb_echo(lm_smb *s);

/* A file's or directory's attributes, times and sizes into *st, the caller's (one round trip). LM_OK, or a
 * status (LM_ENOENT, ...) on the connection's error. */
LM_API lm_status lm_smb_getattr(lm_smb_tree *t, const char *path, lm_smb_stat *st);

typedef struct lm_smb_fs_info {
    uint32_t attributes;   /* FILE_* file system attributes (MS-FSCC 2.5.1) */
    uint32_t max_name_len; /* longest file name component */
    char name[64];         /* "NTFS", ... */
} lm_smb_fs_info;

/* The share's file system attributes into *fs, the caller's (one round trip). LM_OK, or a status on the
 * connection's error. */
LM_API lm_status lm_smb_statfs(lm_smb_tree *t, lm_smb_fs_info *fs);

#ifdef __cplusplus
}
#endif

#endif
