/* Who is connected to the Server service and what they hold open: sessions (Get-SmbSession,
 * Close-SmbSession) and open files (Get-SmbOpenFile, Close-SmbOpenFile), through netapi32 locally or MS-SRVS
 * (NetrSessionEnum, NetrSessionDel, NetrFileEnum, NetrFileClose) remotely; and what the Server service says
 * about itself (NetServerGetInfo / NetrServerGetInfo). Servers answer these only to
 * administrators (LM_EACCES otherwise). */
#ifndef LANMAN_SESSION_H
#define LANMAN_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SESSION_INFO user flags. */
#define LM_SESS_GUEST        0x1u
#define LM_SESS_NOENCRYPTION 0x2u

typedef struct lm_session {
    char *client;            /* the client's computer name or address, as the server names it */
    char *user;              /* the user name the session logged on with */
    uint32_t num_opens;      /* files, devices and pipes it holds open (not at level 10) */
    uint32_t seconds_exists; /* since the session was set up */
    uint32_t seconds_idle;   /* since its last request */
    uint32_t user_flags;     /* LM_SESS_* (not at level 10) */
    char *client_type;       /* the client's type as it announced it; NULL when unknown */
    char *transport;         /* the transport it came in on; NULL when unknown */
    int level;               /* the info level that filled it: 502; 1 or 10 where 502 was refused */
} lm_session;

/* The sessions on the server, those of client (a computer name or address; NULL: any) and of user (NULL:
 * any) only. The level falls back from 502 to 1 to 10 when one is refused or unknown (Samba has 1 only).
 * LM_OK with *out holding *n sessions, freed with lm_session_list_free(); or a status on the host's error. */
LM_API lm_status lm_session_list(lm_host *h, const char *client, const char *user, lm_session **out,
                                 size_t *n);
LM_API void lm_session_list_free(lm_session *list, size_t n);

/* Ends every session of client and/or user (at least one of them given; LM_EINVAL otherwise). LM_ENOENT
 * when there is none; failures on the host's error. */
LM_API lm_status lm_session_close(lm_host *h, const char *client, const char *user);

typedef struct lm_open_file {
    uint32_t id;               /* the server's 32-bit file id (MS-SRVS fi3_id), what lm_file_close takes */
    uint32_t permissions;      /* PERM_FILE_READ 1, PERM_FILE_WRITE 2, PERM_FILE_CREATE 4 */
    uint32_t locks;            /* file locks held on it */
    char *path;                /* the path on the server */
    char *user;                /* who opened it */
    char *share;               /* the share whose path holds it; NULL when no share's path does */
    char *share_relative_path; /* path below the share's, with '\' separators; NULL with share */
} lm_open_file;

/* The files open on the server, those opened by user only (NULL: any); with path (NULL: any), those whose
 * path or share-relative path is path or lies below it (case-insensitive, '\' and '/' alike). LM_OK with
 * *out holding *n files, freed with lm_file_list_free(); or a status on the host's error. */
LM_API lm_status lm_file_list(lm_host *h, const char *path, const char *user, lm_open_file **out, size_t *n);
LM_API void lm_file_list_free(lm_open_file *list, size_t n);

/* Closes one open file by its id (the client loses its handle). LM_ENOENT when no file with that id is
 * open (looked up first). */
LM_API lm_status lm_file_close(lm_host *h, uint32_t id);

/* Closes every file open at or under path (as lm_file_list matches it); *closed says how many. LM_ENOENT
 * when none is. */
LM_API lm_status lm_file_close_path(lm_host *h, const char *path, size_t *closed);

/* A tree connection to a share (CONNECTION_INFO_1, MS-SRVS 2.2.4.2; net share NAME's users). */
typedef struct lm_connection {
    uint32_t id;                /* the server's connection id */
    uint32_t type;              /* the share's STYPE_* type (0 disk, 1 printer, 3 IPC) */
    uint32_t num_opens;         /* files open through it */
    uint32_t num_users;         /* users on it */
    uint32_t seconds_connected; /* since it was made */
    char *user;                 /* who made it; NULL when the server does not say */
    char *net_name;             /* the share it is to (or the client's computer name, as the server says) */
} lm_connection;

/* The connections to share (NetConnectionEnum / NetrConnectionEnum level 1 with the share as qualifier).
 * What the server answers is returned as it is: Samba 4.17 answers one entry per connection, with its
 * open files counted but "dummy_user" and "IPC$" for the user and the share. LM_OK with *out holding *n
 * connections, freed with lm_connection_list_free(); or a status on the host's error (LM_ENOENT: no such
 * share, LM_EACCES: not an administrator). */
LM_API lm_status lm_share_connections(lm_host *h, const char *share, lm_connection **out, size_t *n);
LM_API void lm_connection_list_free(lm_connection *list, size_t n);

/* A transport the Server service listens on (SERVER_TRANSPORT_INFO_1, or 0 where 1 is refused). */
typedef struct lm_server_transport {
    char *name;        /* the transport's device name (\Device\NetbiosSmb, \Device\NetBT_Tcpip_{...}) */
    char *address;     /* its transport address: the bytes as text when printable (trailing blanks dropped),
                          else in hex; "" when empty */
    char *net_address; /* the network address (a MAC address in hex, on Windows) */
    char *domain;      /* the domain it announces (level 1); NULL at level 0 */
    uint32_t vcs;      /* virtual circuits (client connections) on it */
} lm_server_transport;

/* What the Server service says about itself: SERVER_INFO_102, or 101 where 102 is refused (net config
 * server, rpcclient srvinfo). */
typedef struct lm_server_info {
    char *name;             /* the server's NetBIOS name */
    char *comment;          /* its description */
    uint32_t platform_id;   /* 500: NT */
    uint32_t version_major; /* the software version (major & 0x0F) */
    uint32_t version_minor;
    uint32_t type; /* SV_TYPE_* bits: workstation 0x1, server 0x2, ... Unix/Samba 0x800 */
    /* level 102 only */
    uint32_t users;    /* the most users at once */
    int32_t disc;      /* auto-disconnect, in minutes (-1: never) */
    uint32_t hidden;   /* not in the browse list */
    uint32_t announce; /* seconds between announcements */
    uint32_t anndelta; /* their jitter, in milliseconds */
    uint32_t licenses; /* user licences */
    char *user_path;   /* the users' home directory root */
    int level;         /* 102 or 101 */
    /* NetServerTransportEnum / NetrServerTransportEnum: LM_OK when the server answered (the list may be
     * empty); otherwise the status it failed with, and no list. */
    lm_status transports_status;
    lm_server_transport *transports;
    size_t ntransports;
    /* NetServerDiskEnum / NetrServerDiskEnum: the disk drives ("C:"), with the same convention. */
    lm_status disks_status;
    char **disks;
    size_t ndisks;
} lm_server_info;

/* The server's information: LM_OK with *out (free with lm_server_info_free); or a status on the host's
 * error. The transports and disks are asked for too; their failure is kept in their status fields, not
 * returned. */
LM_API lm_status lm_server_show(lm_host *h, lm_server_info **out);
LM_API void lm_server_info_free(lm_server_info *i);

#ifdef __cplusplus
}
#endif

#endif
