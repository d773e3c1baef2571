/* POSIX side of lanman-agent: a foreground daemon for systemd (service/lanman-agent.service). SIGTERM and
 * SIGINT stop it, SIGHUP reloads the configuration; it logs to stderr and/or syslog, and speaks systemd's
 * readiness protocol (Type=notify) when NOTIFY_SOCKET is set. It polls the remote host at the interval: a
 * POSIX system has no local Lanman services. Signals are taken synchronously (sigtimedwait), so no handler
 * runs inside the check. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#define DEFAULT_CONFIG "/etc/lanman/lanman-agent.conf"

static unsigned log_targets = AGENT_LOG_STDERR;
static bool syslog_open;

void agent_plat_log(enum agent_event ev, const char *msg)
{
    static const int prio[] = {
        [AGENT_INFO] = LOG_INFO, [AGENT_WARNING] = LOG_WARNING, [AGENT_ERROR] = LOG_ERR};
    int p = prio[agent_event_severity(ev)];

    if (log_targets & AGENT_LOG_STDERR) {
        /* Under systemd (JOURNAL_STREAM), a <N> prefix gives the journal the priority. */
        if (getenv("JOURNAL_STREAM") != NULL)
            fprintf(stderr, "<%d>%s: %s\n", p, agent_event_name(ev), msg);
        else
            fprintf(stderr, AGENT_NAME ": %s: %s\n", agent_event_name(ev), msg);
        fflush(stderr);
    }
    if (log_targets & AGENT_LOG_SYSLOG) {
        if (!syslog_open) {
            openlog(AGENT_NAME, LOG_PID, LOG_DAEMON);
            syslog_open = true;
        }
        syslog(p, "%s: %s", agent_event_name(ev), msg);
    }
}

FILE *agent_plat_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

void agent_plat_zero(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n-- > 0)
        *v++ = 0;
}

const char *agent_plat_unusable(const struct agent_conf *c)
{
    if (c->server == NULL)
        return "host = local: the local Lanman services exist only on Windows; name a server with host = "
               "(and user, password_file)";
    return NULL;
}

/* systemd's notification protocol (sd_notify(3)), without libsystemd: one datagram to NOTIFY_SOCKET. */
static void notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un sa;
    size_t n;
    int fd;

    if (path == NULL || (path[0] != '/' && path[0] != '@') || (n = strlen(path)) >= sizeof sa.sun_path)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, n);
    if (sa.sun_path[0] == '@')
        sa.sun_path[0] = '\0'; /* abstract namespace */
    if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0)
        return;
    sendto(fd, state, strlen(state), 0, (const struct sockaddr *)&sa,
           (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
    close(fd);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char usage[] =
    "usage: " AGENT_NAME " --foreground [--config FILE]\n"
    "       " AGENT_NAME " --check-config [--config FILE]\n"
    "Watches a server's Lanman configuration for drift from a baseline (lanman config export) and,\n"
    "with enforce = yes, undoes it. Runs in the foreground, for systemd (lanman-agent.service):\n"
    "SIGTERM stops it, SIGHUP reloads the configuration. Default configuration: " DEFAULT_CONFIG "\n";

/* Waits for a signal in set until deadline (monotonic seconds): the signal, or 0 at the deadline. */
static int wait_signal(const sigset_t *set, double deadline)
{
    for (;;) {
        double left = deadline - now_s();
        struct timespec ts;
        int sig;

        if (left <= 0)
            return 0;
        ts.tv_sec = (time_t)left;
        ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
        sig = sigtimedwait(set, NULL, &ts);
        if (sig > 0)
            return sig;
        if (errno == EAGAIN)
            return 0;
        /* EINTR (a signal outside the set): wait for the rest. */
    }
}

static int run(const char *config)
{
    struct agent a = {0};
    sigset_t set;
    bool stop = false;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!agent_load(&a, config))
        return AGENT_EXIT_CONFIG;
    log_targets = a.conf.log;
    agent_log(AGENT_EV_STARTED, "watching %s against %s every %u s (enforce = %s); drift log %s",
              a.conf.server, a.conf.baseline, a.conf.interval_s, a.conf.enforce ? "yes" : "no",
              a.conf.drift_log);
    notify("READY=1");
    while (!stop) {
        double deadline;
        agent_check(&a);
        deadline = now_s() + agent_next_wait_s(&a);
        for (;;) {
            int sig = wait_signal(&set, deadline);
            if (sig == SIGTERM || sig == SIGINT) {
                stop = true;
                break;
            }
            if (sig == SIGHUP) {
                notify("RELOADING=1");
                if (agent_load(&a, config)) {
                    log_targets = a.conf.log;
                    agent_log(AGENT_EV_RELOADED, "configuration reloaded from %s", config);
                }
                notify("READY=1");
                break; /* check now, against what is loaded */
            }
            if (sig == 0)
                break;
        }
    }
    notify("STOPPING=1");
    agent_log(AGENT_EV_STOPPED, "stopped");
    agent_free(&a);
    if (syslog_open)
        closelog();
    return AGENT_EXIT_OK;
}

int main(int argc, char **argv)
{
    struct agent_args args;
    const char *config;
    int rc = agent_args_front(argc, argv, usage, &args);

    if (rc >= 0)
        return rc;
    if (args.command != NULL || args.console) {
        fprintf(stderr,
                AGENT_NAME ": '%s' is for the Windows service; here run " AGENT_NAME
                           " --foreground under systemd (lanman-agent.service)\n",
                args.command != NULL ? args.command : "--console");
        return AGENT_EXIT_USAGE;
    }
    config = args.config != NULL ? args.config : DEFAULT_CONFIG;
    if (args.check_config)
        return agent_check_config(config);
    if (!args.foreground) {
        fputs(usage, stderr);
        return AGENT_EXIT_USAGE;
    }
    return run(config);
}
