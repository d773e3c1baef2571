#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lanman/error.h"

const char *lm_strerror(lm_status status)
{
    switch (status) {
    case LM_OK:
        return "success";
#define LM__ERR_MSG(name, value, msg) \
    case LM_##name:                   \
        return msg;
        LM_ERRNO_MAP(LM__ERR_MSG)
#undef LM__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *lm_err_name(lm_status status)
{
    switch (status) {
    case LM_OK:
        return "OK";
#define LM__ERR_NAME(name, value, msg) \
    case LM_##name:                    \
        return #name;
        LM_ERRNO_MAP(LM__ERR_NAME)
#undef LM__ERR_NAME
    default:
        return "EUNKNOWN";
    }
}

void lm_error_clear(lm_error *e)
{
    e->status = LM_OK;
    e->raw_kind = LM_RAW_NONE;
    e->raw = 0;
    e->message[0] = '\0';
}

lm_status lm_error_set(lm_error *e, lm_status status, lm_raw_kind kind, uint32_t raw, const char *fmt, ...)
{
    va_list ap;

    e->status = status;
    e->raw_kind = kind;
    e->raw = raw;
    if (fmt == NULL) {
        snprintf(e->message, sizeof e->message, "%s", lm_strerror(status));
    } else {
        va_start(ap, fmt);
        vsnprintf(e->message, sizeof e->message, fmt, ap);
        va_end(ap);
    }
    /* Messages are printed as one line; a peer-supplied string must not break that. */
    for (char *p = e->message; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    }
    return status;
}

char *lm_error_raw_string(const lm_error *e, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    switch (e->raw_kind) {
    case LM_RAW_ERRNO:
        snprintf(buf, size, "errno %u", (unsigned)e->raw);
        break;
    case LM_RAW_WIN32:
        snprintf(buf, size, "Win32 error %u", (unsigned)e->raw);
        break;
    case LM_RAW_NERR:
        snprintf(buf, size, "NERR %u", (unsigned)e->raw);
        break;
    case LM_RAW_NTSTATUS:
        snprintf(buf, size, "NTSTATUS 0x%08X", (unsigned)e->raw);
        break;
    case LM_RAW_WERROR:
        snprintf(buf, size, "WERROR 0x%08X", (unsigned)e->raw);
        break;
    case LM_RAW_RPC_FAULT:
        snprintf(buf, size, "RPC fault 0x%08X", (unsigned)e->raw);
        break;
    case LM_RAW_NONE:
    default:
        buf[0] = '\0';
        break;
    }
    return buf;
}
