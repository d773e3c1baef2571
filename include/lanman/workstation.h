/* The Workstation service's view of itself (LanmanWorkstation, the SMB client): its identity (NetWkstaGetInfo
 * / NetrWkstaGetInfo, what `net config workstation` shows) and the users logged on to it (NetWkstaUserEnum /
 * NetrWkstaUserEnum), locally on Windows or on a remote server over wkssvc (MS-WKST). */
#ifndef LANMAN_WORKSTATION_H
#define LANMAN_WORKSTATION_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* WKSTA_INFO_100/101/102 (MS-WKST 2.2.5.1-3). level says which one filled it: lan_root is NULL below 101,
 * logged_on_users 0 below 102. */
typedef struct lm_workstation {
    int level;
    uint32_t platform_id; /* 500: NT */
    char *computer_name;
    char *lan_group; /* the domain or workgroup */
    uint32_t version_major, version_minor;
    char *lan_root;
    uint32_t logged_on_users;
} lm_workstation;

/* The workstation's identity at the highest level the caller may read: 102, then 101, then 100 when the
 * server answers access denied (Samba gives 102 to administrators only). *out is freed with
 * lm_workstation_free(). */
LM_API lm_status lm_workstation_get(lm_host *h, lm_workstation **out);
LM_API void lm_workstation_free(lm_workstation *w);

/* WKSTA_USER_INFO_1 (MS-WKST 2.2.5.10): one user logged on (interactively, or a service account). */
typedef struct lm_workstation_user {
    char *user_name;
    char *logon_domain;
    char *other_domains; /* space-separated */
    char *logon_server;
} lm_workstation_user;

/* Every user logged on to the workstation (level 1; administrators only, on Windows as on Samba: LM_EACCES
 * otherwise). *out (NULL when *n is 0) is freed with lm_workstation_user_list_free(). */
LM_API lm_status lm_workstation_users(lm_host *h, lm_workstation_user **out, size_t *n);
LM_API void lm_workstation_user_list_free(lm_workstation_user *list, size_t n);

#ifdef __cplusplus
}
#endif

#endif
