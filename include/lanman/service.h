/* Services through the Service Control Manager, locally (Win32) or remotely (MS-SCMR). The properties are
 * those of PowerShell's Get-Service plus sc qc. */
#ifndef LANMAN_SERVICE_H
#define LANMAN_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SERVICE_STATUS.dwCurrentState values. */
typedef enum lm_service_state {
    LM_SERVICE_STOPPED = 1,
    LM_SERVICE_START_PENDING = 2,
    LM_SERVICE_STOP_PENDING = 3,
    LM_SERVICE_RUNNING = 4,
    LM_SERVICE_CONTINUE_PENDING = 5,
    LM_SERVICE_PAUSE_PENDING = 6,
    LM_SERVICE_PAUSED = 7,
} lm_service_state;

/* dwStartType values, plus delayed automatic start (SERVICE_CONFIG_DELAYED_AUTO_START_INFO). */
typedef enum lm_start_type {
    LM_START_BOOT = 0,
    LM_START_SYSTEM = 1,
    LM_START_AUTOMATIC = 2,
    LM_START_MANUAL = 3,
    LM_START_DISABLED = 4,
    LM_START_AUTOMATIC_DELAYED = 0x102,
} lm_start_type;

/* dwControlsAccepted bits. */
#define LM_SERVICE_ACCEPT_STOP           0x0001u
#define LM_SERVICE_ACCEPT_PAUSE_CONTINUE 0x0002u
#define LM_SERVICE_ACCEPT_SHUTDOWN       0x0004u

typedef struct lm_service {
    char *name;
    char *display_name;
    char *description; /* NULL when not queried or none */
    lm_service_state status;
    lm_start_type start_type;
    uint32_t service_type;      /* SERVICE_WIN32_OWN_PROCESS, ... */
    uint32_t process_id;        /* 0 when not running */
    uint32_t controls_accepted; /* LM_SERVICE_ACCEPT_* */
    uint32_t win32_exit_code, service_exit_code;
    uint32_t checkpoint, wait_hint_ms;
    char *binary_path; /* NULL when not queried */
    char *start_name;
    char **depends_on; /* ServicesDependedOn */
    size_t ndepends_on;
    char **dependents; /* DependentServices (running or not) */
    size_t ndependents;
    bool detailed; /* the config fields above were queried */
} lm_service;

/* Services whose name or display name matches any of the PowerShell -like patterns (Lanman* when n is 0),
 * sorted by name. A pattern without wildcards that matches nothing is LM_ENOENT, as Get-Service does. With
 * detailed, every property is filled (one more query per service). LM_OK with *out holding *count
 * services, which the caller frees with lm_service_list_free(); or a status on the host's error. */
LM_API lm_status lm_service_list(lm_host *h, const char *const *patterns, size_t n, bool detailed,
                                 lm_service **out, size_t *count);

/* Frees count services from lm_service_list and everything they own. NULL is fine. */
LM_API void lm_service_list_free(lm_service *list, size_t count);

typedef enum lm_service_action {
    LM_SERVICE_START,
    LM_SERVICE_STOP,
    LM_SERVICE_RESTART,
    LM_SERVICE_PAUSE,
    LM_SERVICE_CONTINUE,
} lm_service_action;

#define LM_SERVICE_FORCE 0x1u /* stop running dependents first, as Stop-Service -Force does */

/* Sends the control and waits for the target state, following checkpoints and wait hints, at most
 * timeout_ms (<= 0: 30 s). Stopping a service with running dependents is LM_EDEPEND, naming them, unless
 * LM_SERVICE_FORCE. Starting a disabled service is LM_EDISABLED. LM_OK once the state is reached; failures
 * (LM_ETIMEDOUT, LM_ENOENT, ...) on the host's error. */
LM_API lm_status lm_service_control(lm_host *h, const char *name, lm_service_action action, unsigned flags,
                                    int timeout_ms);

/* Changes the start type (LM_START_AUTOMATIC_DELAYED: automatic plus the delayed flag). LM_OK, or a status
 * on the host's error. */
LM_API lm_status lm_service_set_start_type(lm_host *h, const char *name, lm_start_type type);

/* "Running", "StopPending", ... (PowerShell's names); a static string, never NULL. */
LM_API const char *lm_service_state_name(lm_service_state s);

/* "Automatic", "AutomaticDelayed", "Manual", ... (PowerShell's names); a static string, never NULL. */
LM_API const char *lm_start_type_name(lm_start_type t);

#ifdef __cplusplus
}
#endif

#endif
