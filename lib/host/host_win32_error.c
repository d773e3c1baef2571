/* The Win32 backend's one translator: Win32 and NERR codes to LM_E*, with a message that says what to do
 * (and the raw code) on the host. */
#include <windows.h>
#include <lm.h>

#include <stdarg.h>
#include <stdio.h>

#include "host/host_win32.h"

struct reason {
    DWORD code;
    lm_status status;
    const char *text;
};

static const struct reason reasons[] = {
    {ERROR_FILE_NOT_FOUND, LM_ENOENT, "not found"},
    {ERROR_PATH_NOT_FOUND, LM_ENOENT, "not found"},
    {ERROR_ACCESS_DENIED, LM_EACCES, "access denied; run from an elevated prompt"},
    {ERROR_INVALID_HANDLE, LM_ESYS, "invalid handle"},
    {ERROR_NOT_ENOUGH_MEMORY, LM_ENOMEM, "out of memory"},
    {ERROR_OUTOFMEMORY, LM_ENOMEM, "out of memory"},
    {ERROR_NOT_SUPPORTED, LM_ENOTSUP, "not supported by this server (is the Server service running?)"},
    {ERROR_BAD_NETPATH, LM_EHOSTUNREACH, "the network path was not found"},
    {ERROR_BAD_NET_NAME, LM_ENOENT, "the network name cannot be found"},
    {ERROR_INVALID_PARAMETER, LM_EINVAL, "invalid parameter"},
    {ERROR_INVALID_NAME, LM_ENAME, "invalid name"},
    {ERROR_INVALID_LEVEL, LM_ENOTSUP, "this information level is not supported"},
    {ERROR_NONE_MAPPED, LM_ENOENT, "no such account"},
    {ERROR_DEPENDENT_SERVICES_RUNNING, LM_EDEPEND, "dependent services are running"},
    {ERROR_INVALID_SERVICE_CONTROL, LM_ENOTSUP, "the service does not accept this control"},
    {ERROR_SERVICE_REQUEST_TIMEOUT, LM_ETIMEDOUT,
     "the service did not respond to the start or control request in time"},
    {ERROR_SERVICE_NO_THREAD, LM_ESYS, "the service could not create a thread"},
    {ERROR_SERVICE_DATABASE_LOCKED, LM_EBUSY, "the service database is locked"},
    {ERROR_SERVICE_ALREADY_RUNNING, LM_ESTATE, "the service is already running"},
    {ERROR_SERVICE_DISABLED, LM_EDISABLED, "the service is disabled; set its start type first"},
    {ERROR_SERVICE_DOES_NOT_EXIST, LM_ENOENT, "no such service"},
    {ERROR_SERVICE_CANNOT_ACCEPT_CTRL, LM_ESTATE, "service cannot accept control messages at this time"},
    {ERROR_SERVICE_NOT_ACTIVE, LM_ESTATE, "the service has not been started"},
    {ERROR_SERVICE_DEPENDENCY_FAIL, LM_ESTATE, "a service it depends on failed to start"},
    {ERROR_SERVICE_LOGON_FAILED, LM_EAUTH, "the service could not log on"},
    {ERROR_SERVICE_MARKED_FOR_DELETE, LM_ESTATE, "the service is marked for deletion"},
    {ERROR_SERVICE_EXISTS, LM_EEXIST, "the service already exists"},
    {ERROR_SERVICE_DEPENDENCY_DELETED, LM_ESTATE, "a service it depends on is marked for deletion"},
    {RPC_S_SERVER_UNAVAILABLE, LM_EHOSTUNREACH, "the RPC server is unavailable"},
    {NERR_ServerNotStarted, LM_ENOTSUP, "the Server service is not started"},
    {NERR_UnknownDevDir, LM_EPATH, "the path does not exist on the server"},
    {NERR_DuplicateShare, LM_EEXIST, "share already exists"},
    {NERR_BufTooSmall, LM_ESYS, "buffer too small"},
    {NERR_NetNameNotFound, LM_ENOENT, "no such share"},
    {NERR_ClientNameNotFound, LM_ENOENT, "no session from that client"},
    {NERR_UserNotFound, LM_ENOENT, "no session of that user"},
    {NERR_FileIdNotFound, LM_ENOENT, "no open file with that id"},
};

/* Records code (Win32 or NERR) on h as "context: reason", or the reason alone without a context. Returns
 * the LM_E* status. */
lm_status lm__w32_record(struct lm_host *h, DWORD code, const char *context)
{
    lm_raw_kind kind = code >= NERR_BASE && code <= MAX_NERR ? LM_RAW_NERR : LM_RAW_WIN32;
    lm_status st = LM_ESYS;
    char why[256];

    why[0] = '\0';
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (reasons[i].code == code) {
            st = reasons[i].status;
            snprintf(why, sizeof why, "%s", reasons[i].text);
            break;
        }
    }
    if (why[0] == '\0' && !lm__win32_text(code, why, sizeof why))
        snprintf(why, sizeof why, "system error");
    if (context == NULL)
        return lm_error_set(&h->err, st, kind, code, "%s", why);
    return lm_error_set(&h->err, st, kind, code, "%s: %s", context, why);
}

lm_status lm__w32_fail(struct lm_host *h, DWORD code, const char *fmt, ...)
{
    char context[LM_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    return lm__w32_record(h, code, context);
}

lm_status lm__w32_no_memory(struct lm_host *h)
{
    return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
}
