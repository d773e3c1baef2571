/* The events the agent records: names, severities, and formatting before the platform writes them. */
#include <stdarg.h>
#include <stdio.h>

#include "agent.h"

static const struct {
    const char *name;
    enum agent_severity severity;
} events[AGENT_EV_COUNT] = {
    [AGENT_EV_STARTED] = {"started", AGENT_INFO},
    [AGENT_EV_STOPPED] = {"stopped", AGENT_INFO},
    [AGENT_EV_DRIFT] = {"drift", AGENT_WARNING},
    [AGENT_EV_CORRECTED] = {"corrected", AGENT_INFO},
    [AGENT_EV_ENFORCE_FAILED] = {"enforcement failed", AGENT_ERROR},
    [AGENT_EV_CONFIG_ERROR] = {"config error", AGENT_ERROR},
    [AGENT_EV_CHECK_FAILED] = {"check failed", AGENT_ERROR},
    [AGENT_EV_CHECK_OK] = {"check ok", AGENT_INFO},
    [AGENT_EV_IN_SYNC] = {"in sync", AGENT_INFO},
    [AGENT_EV_RELOADED] = {"reloaded", AGENT_INFO},
    [AGENT_EV_PAUSED] = {"paused", AGENT_INFO},
    [AGENT_EV_CONTINUED] = {"continued", AGENT_INFO},
    [AGENT_EV_UNSAFE_FILE] = {"unsafe file", AGENT_ERROR},
};

const char *agent_event_name(enum agent_event ev)
{
    return (unsigned)ev < AGENT_EV_COUNT ? events[ev].name : "event";
}

enum agent_severity agent_event_severity(enum agent_event ev)
{
    return (unsigned)ev < AGENT_EV_COUNT ? events[ev].severity : AGENT_ERROR;
}

void agent_log(enum agent_event ev, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* One line: a value with a line break must not forge a second record. */
    for (char *p = msg; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    }
    agent_plat_log(ev, msg);
}
