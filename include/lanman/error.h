/* One code space for every error liblanman returns.
 *
 * Every call returns lm_status: LM_OK (0) or a negative LM_E* code. The list below generates the enum,
 * lm_strerror() and lm_err_name(). Codes are stable: new ones are appended, never renumbered.
 *
 * Beside the code, an lm_error keeps a formatted one-line message and the raw code the platform or the peer
 * gave (Win32, NERR, NTSTATUS, WERROR, DCE/RPC fault), so that a front end can print both. */
#ifndef LANMAN_ERROR_H
#define LANMAN_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* XX(NAME, value, message) */
#define LM_ERRNO_MAP(XX)                               \
    XX(EINVAL, -1, "invalid argument")                 \
    XX(ENOMEM, -2, "out of memory")                    \
    XX(ENOENT, -3, "not found")                        \
    XX(EEXIST, -4, "already exists")                   \
    XX(EACCES, -5, "access denied")                    \
    XX(EAUTH, -6, "authentication failed")             \
    XX(ECONNREFUSED, -7, "connection refused")         \
    XX(ETIMEDOUT, -8, "timed out")                     \
    XX(EHOSTUNREACH, -9, "host unreachable")           \
    XX(ECONNRESET, -10, "connection reset by peer")    \
    XX(ENOTCONN, -11, "not connected")                 \
    XX(EPROTO, -12, "protocol error")                  \
    XX(ENOTSUP, -13, "not supported")                  \
    XX(ERANGE, -14, "value out of range")              \
    XX(EILSEQ, -15, "invalid character sequence")      \
    XX(EOVERFLOW, -16, "size limit exceeded")          \
    XX(EBUSY, -17, "busy")                             \
    XX(ESTATE, -18, "not valid in the current state")  \
    XX(EDEPEND, -19, "dependent services are running") \
    XX(EDISABLED, -20, "service is disabled")          \
    XX(ESIGNATURE, -21, "bad message signature")       \
    XX(EIO, -22, "input/output error")                 \
    XX(ECANCELED, -23, "operation canceled")           \
    XX(ENAME, -24, "invalid name")                     \
    XX(EPATH, -25, "invalid path")                     \
    XX(ETYPE, -26, "wrong type")                       \
    XX(ESYS, -27, "system error")

typedef int lm_status;

enum {
    LM_OK = 0,
#define LM__ERR_ENUM(name, value, msg) LM_##name = (value),
    LM_ERRNO_MAP(LM__ERR_ENUM)
#undef LM__ERR_ENUM
};

/* A static description of a status ("access denied"); "unknown error" for codes not in the map. */
LM_API const char *lm_strerror(lm_status status);

/* The symbolic name of a status ("EACCES", "OK"); "EUNKNOWN" for codes not in the map. */
LM_API const char *lm_err_name(lm_status status);

/* What kind of raw code an lm_error carries. */
typedef enum lm_raw_kind {
    LM_RAW_NONE = 0,
    LM_RAW_ERRNO,     /* POSIX errno */
    LM_RAW_WIN32,     /* GetLastError()/WSAGetLastError() */
    LM_RAW_NERR,      /* netapi32 NERR_* */
    LM_RAW_NTSTATUS,  /* SMB2 header status */
    LM_RAW_WERROR,    /* RPC method result */
    LM_RAW_RPC_FAULT, /* DCE/RPC fault PDU status */
} lm_raw_kind;

#define LM_ERROR_MESSAGE_MAX 512

/* The last error of a handle: a plain value, owned by whoever holds it. */
typedef struct lm_error {
    lm_status status;
    lm_raw_kind raw_kind;
    uint32_t raw;
    char message[LM_ERROR_MESSAGE_MAX]; /* one line, UTF-8, "" when none */
} lm_error;

/* Resets e to "no error". */
LM_API void lm_error_clear(lm_error *e);

/* Records an error: the status, the raw code (LM_RAW_NONE when there is none) and a printf-style message,
 * truncated to fit on one line. Returns status, so a caller can write `return lm_error_set(...)`. */
LM_API lm_status lm_error_set(lm_error *e, lm_status status, lm_raw_kind kind, uint32_t raw, const char *fmt,
                              ...) LM_PRINTF(5, 6);

/* Writes the raw code as text ("NTSTATUS 0xC000006D", "Win32 error 5") into buf, always NUL-terminated.
 * Writes "" when there is no raw code. Returns buf. */
LM_API char *lm_error_raw_string(const lm_error *e, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
