/* lib/host/service.c against the in-memory host backend: Get-Service's pattern rules, the state wait
 * (checkpoints, wait hints, overall timeout), dependents refused and stopped in order with force, and the
 * refusals that must come before anything is sent. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "memhost.h"

static lm_host *H = &memhost;

static void five_services(void)
{
    memhost_reset();
    memhost_add("Netlogon", "Netlogon", LM_SERVICE_RUNNING);
    memhost_add("LanmanWorkstation", "Workstation", LM_SERVICE_RUNNING);
    memhost_add("browser", "Computer Browser", LM_SERVICE_STOPPED);
    memhost_add("Zed", "lanman helper", LM_SERVICE_STOPPED);
    memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
}

static void expect_names(const lm_service *v, size_t n, const char *const *want, size_t nwant)
{
    LMT_EQ(n, nwant);
    for (size_t i = 0; i < n; i++)
        LMT_STR(v[i].name, want[i]);
}

static void list_default_pattern(void)
{
    static const char *const want[] = {"LanmanServer", "LanmanWorkstation", "Zed"};
    lm_service *v;
    size_t n;

    five_services();
    LMT_EQ(lm_service_list(H, NULL, 0, false, &v, &n), LM_OK);
    /* Lanman* on the name or the display name, case-insensitively, sorted by name. */
    expect_names(v, n, want, 3);
    LMT_STR(v[2].display_name, "lanman helper");
    LMT_EQ(v[0].status, LM_SERVICE_RUNNING);
    LMT_TRUE(!v[0].detailed);
    LMT_PTR_NULL(v[0].binary_path);
    lm_service_list_free(v, n);
}

static void list_several_patterns_sorted(void)
{
    static const char *const pats[] = {"net*", "Computer B?owser", "[L]anmanServer"};
    static const char *const want[] = {"browser", "LanmanServer", "Netlogon"};
    lm_service *v;
    size_t n;

    five_services();
    LMT_EQ(lm_service_list(H, pats, 3, false, &v, &n), LM_OK);
    expect_names(v, n, want, 3);
    lm_service_list_free(v, n);
}

static void list_detailed(void)
{
    static const char *const pats[] = {"LanmanServer"};
    lm_service *v;
    size_t n;

    five_services();
    F.svc[4].start = LM_START_AUTOMATIC_DELAYED;
    LMT_EQ(lm_service_list(H, pats, 1, true, &v, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_TRUE(v[0].detailed);
    LMT_EQ(v[0].start_type, LM_START_AUTOMATIC_DELAYED);
    LMT_STR(v[0].binary_path, "C:\\fake.exe");
    LMT_EQ(v[0].status, LM_SERVICE_RUNNING); /* kept from the enumeration */
    lm_service_list_free(v, n);
}

static void list_missing_name_is_enoent(void)
{
    static const char *const exact[] = {"Netlogon", "NoSuchService"};
    static const char *const wild[] = {"NoSuch*"};
    static const char *const bad[] = {"Lanman[*"};
    lm_service *v = NULL;
    size_t n = 99;

    five_services();
    LMT_EQ(lm_service_list(H, exact, 2, false, &v, &n), LM_ENOENT);
    LMT_STR(lm_host_error(H)->message, "Cannot find any service with service name 'NoSuchService'.");
    LMT_PTR_NULL(v);
    LMT_EQ(n, 99);
    /* A wildcard pattern that matches nothing is an empty list, not an error. */
    LMT_EQ(lm_service_list(H, wild, 1, false, &v, &n), LM_OK);
    LMT_EQ(n, 0);
    lm_service_list_free(v, n);
    F.calls = 0;
    LMT_EQ(lm_service_list(H, bad, 1, false, &v, &n), LM_EINVAL);
    LMT_EQ(F.calls, 0);
}

static void state_and_start_type_names(void)
{
    LMT_STR(lm_service_state_name(LM_SERVICE_STOPPED), "Stopped");
    LMT_STR(lm_service_state_name(LM_SERVICE_START_PENDING), "StartPending");
    LMT_STR(lm_service_state_name(LM_SERVICE_STOP_PENDING), "StopPending");
    LMT_STR(lm_service_state_name(LM_SERVICE_RUNNING), "Running");
    LMT_STR(lm_service_state_name(LM_SERVICE_CONTINUE_PENDING), "ContinuePending");
    LMT_STR(lm_service_state_name(LM_SERVICE_PAUSE_PENDING), "PausePending");
    LMT_STR(lm_service_state_name(LM_SERVICE_PAUSED), "Paused");
    LMT_STR(lm_start_type_name(LM_START_BOOT), "Boot");
    LMT_STR(lm_start_type_name(LM_START_SYSTEM), "System");
    LMT_STR(lm_start_type_name(LM_START_AUTOMATIC), "Automatic");
    LMT_STR(lm_start_type_name(LM_START_AUTOMATIC_DELAYED), "AutomaticDelayed");
    LMT_STR(lm_start_type_name(LM_START_MANUAL), "Manual");
    LMT_STR(lm_start_type_name(LM_START_DISABLED), "Disabled");
}

/* -- the wait loop -- */

static void start_follows_checkpoints(void)
{
    memhost_reset();
    memhost_add("Slow", "Slow", LM_SERVICE_STOPPED);
    F.delay_polls = 12; /* longer than the wait hint in total, but the checkpoint moves on every poll */
    F.delay_hint = 3000;
    LMT_EQ(lm_service_control(H, "Slow", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(F.svc[0].state, LM_SERVICE_RUNNING);
    LMT_STR(F.log, "start:Slow;");
    LMT_EQ(F.last_sleep, 1000); /* a tenth of 3000 ms, raised to the 1 s floor */
    LMT_EQ(F.sleeps, 12);
}

static void wait_hint_sets_the_interval(void)
{
    memhost_reset();
    memhost_add("Big", "Big", LM_SERVICE_STOPPED);
    F.delay_polls = 2;
    F.delay_hint = 50000;
    LMT_EQ(lm_service_control(H, "Big", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(F.last_sleep, 5000);
    F.svc[0].state = F.svc[0].target = LM_SERVICE_STOPPED;
    F.delay_hint = 900000; /* clamped to 10 s */
    LMT_EQ(lm_service_control(H, "Big", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(F.last_sleep, 10000);
}

static void stuck_checkpoint_fails_within_the_hint(void)
{
    uint64_t t0;

    memhost_reset();
    memhost_add("Stuck", "Stuck", LM_SERVICE_STOPPED);
    F.delay_polls = -1;
    F.delay_advance = false;
    F.delay_hint = 4000;
    t0 = F.clock;
    LMT_EQ(lm_service_control(H, "Stuck", LM_SERVICE_START, 0, 0), LM_ETIMEDOUT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "Stuck is not responding") != NULL);
    LMT_TRUE(strstr(lm_host_error(H)->message, "StartPending") != NULL);
    /* Gave up just after the 4 s hint passed without progress, long before the 30 s timeout. */
    LMT_TRUE(F.clock - t0 > 4000);
    LMT_TRUE(F.clock - t0 <= 6000);
}

static void overall_timeout(void)
{
    uint64_t t0;

    memhost_reset();
    memhost_add("Forever", "Forever", LM_SERVICE_RUNNING);
    F.delay_polls = -1; /* advances forever, never arrives */
    t0 = F.clock;
    LMT_EQ(lm_service_control(H, "Forever", LM_SERVICE_STOP, 0, 5000), LM_ETIMEDOUT);
    LMT_STR(lm_host_error(H)->message,
            "timed out after 5000 ms waiting for Forever to be Stopped (it is StopPending)");
    LMT_EQ(F.clock - t0, 5000);
    /* The default is 30 s. */
    F.svc[0].state = F.svc[0].target = LM_SERVICE_RUNNING;
    t0 = F.clock;
    LMT_EQ(lm_service_control(H, "Forever", LM_SERVICE_STOP, 0, 0), LM_ETIMEDOUT);
    LMT_EQ(F.clock - t0, 30000);
}

static void service_that_dies_while_starting(void)
{
    uint64_t t0;

    memhost_reset();
    memhost_add("Dies", "Dies", LM_SERVICE_STOPPED)->dies = true;
    F.delay_polls = 2;
    t0 = F.clock;
    LMT_EQ(lm_service_control(H, "Dies", LM_SERVICE_START, 0, 0), LM_ESTATE);
    LMT_STR(lm_host_error(H)->message, "Dies is Stopped, not Running (exit code 1067)");
    /* Back in Stopped after StartPending is a failure at once, not a wait for the hint to pass. */
    LMT_EQ(F.clock - t0, 2000);
    /* Pausing a stopped service says why it cannot. */
    LMT_EQ(lm_service_control(H, "Dies", LM_SERVICE_PAUSE, 0, 0), LM_ESTATE);
    LMT_STR(lm_host_error(H)->message, "cannot pause Dies: it is Stopped");
}

static void already_in_state_is_success(void)
{
    memhost_reset();
    memhost_add("Run", "Run", LM_SERVICE_RUNNING);
    memhost_add("Off", "Off", LM_SERVICE_STOPPED);
    memhost_add("Held", "Held", LM_SERVICE_PAUSED);
    LMT_EQ(lm_service_control(H, "Run", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(H, "Run", LM_SERVICE_CONTINUE, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(H, "Off", LM_SERVICE_STOP, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(H, "Held", LM_SERVICE_PAUSE, 0, 0), LM_OK);
    LMT_STR(F.log, "");
    LMT_EQ(F.sleeps, 0);
}

static void pause_continue_restart(void)
{
    memhost_reset();
    memhost_add("A", "A", LM_SERVICE_RUNNING);
    LMT_EQ(lm_service_control(H, "A", LM_SERVICE_PAUSE, 0, 0), LM_OK);
    LMT_EQ(F.svc[0].state, LM_SERVICE_PAUSED);
    LMT_EQ(lm_service_control(H, "A", LM_SERVICE_CONTINUE, 0, 0), LM_OK);
    LMT_EQ(F.svc[0].state, LM_SERVICE_RUNNING);
    LMT_EQ(lm_service_control(H, "A", LM_SERVICE_RESTART, 0, 0), LM_OK);
    LMT_EQ(F.svc[0].state, LM_SERVICE_RUNNING);
    LMT_STR(F.log, "pause:A;continue:A;stop:A;start:A;");
}

static void pause_not_accepted(void)
{
    memhost_reset();
    memhost_add("NoPause", "NoPause", LM_SERVICE_RUNNING)->accepted = LM_SERVICE_ACCEPT_STOP;
    LMT_EQ(lm_service_control(H, "NoPause", LM_SERVICE_PAUSE, 0, 0), LM_ENOTSUP);
    LMT_STR(lm_host_error(H)->message,
            "cannot pause NoPause: the service does not accept pause and continue");
    LMT_STR(F.log, "");
}

static void start_disabled(void)
{
    memhost_reset();
    memhost_add("Off", "Off", LM_SERVICE_STOPPED)->start = LM_START_DISABLED;
    LMT_EQ(lm_service_control(H, "Off", LM_SERVICE_START, 0, 0), LM_EDISABLED);
    LMT_STR(lm_host_error(H)->message, "cannot start Off: Off is disabled; set its start type first");
    LMT_EQ(lm_host_error(H)->raw, 1058); /* the backend's raw code survives */
}

static void missing_service(void)
{
    memhost_reset();
    LMT_EQ(lm_service_control(H, "Nope", LM_SERVICE_START, 0, 0), LM_ENOENT);
    LMT_EQ(lm_service_control(H, "Nope", LM_SERVICE_STOP, LM_SERVICE_FORCE, 0), LM_ENOENT);
    LMT_EQ(lm_service_set_start_type(H, "Nope", LM_START_MANUAL), LM_ENOENT);
    LMT_EQ(lm_service_set_start_type(H, "Nope", (lm_start_type)7), LM_EINVAL);
}

/* -- dependents -- */

static void server_with_two_dependents(void)
{
    struct memhost_svc *s;

    memhost_reset();
    s = memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
    memhost_add("Browser", "Computer Browser", LM_SERVICE_RUNNING);
    memhost_add("Netlogon", "Netlogon", LM_SERVICE_RUNNING);
    memhost_add("Dfs", "Dfs", LM_SERVICE_STOPPED);
    s->deps[0] = "Browser";
    s->deps[1] = "Dfs"; /* stopped: not named, not touched */
    s->deps[2] = "Netlogon";
}

static void stop_refused_with_running_dependents(void)
{
    server_with_two_dependents();
    LMT_EQ(lm_service_control(H, "LanmanServer", LM_SERVICE_STOP, 0, 0), LM_EDEPEND);
    LMT_STR(lm_host_error(H)->message, "cannot stop LanmanServer: 2 running services depend on it (Browser, "
                                       "Netlogon)");
    LMT_STR(F.log, "");
    LMT_EQ(F.svc[0].state, LM_SERVICE_RUNNING);
    /* Restart too. */
    LMT_EQ(lm_service_control(H, "LanmanServer", LM_SERVICE_RESTART, 0, 0), LM_EDEPEND);
    LMT_STR(F.log, "");
    /* One dependent: the singular. */
    F.svc[1].state = F.svc[1].target = LM_SERVICE_STOPPED;
    LMT_EQ(lm_service_control(H, "LanmanServer", LM_SERVICE_STOP, 0, 0), LM_EDEPEND);
    LMT_STR(lm_host_error(H)->message,
            "cannot stop LanmanServer: 1 running service depends on it (Netlogon)");
}

static void force_stops_dependents_first(void)
{
    server_with_two_dependents();
    LMT_EQ(lm_service_control(H, "LanmanServer", LM_SERVICE_STOP, LM_SERVICE_FORCE, 0), LM_OK);
    LMT_STR(F.log, "stop:Browser;stop:Netlogon;stop:LanmanServer;");
    for (size_t i = 0; i < 4; i++)
        LMT_EQ(F.svc[i].state, LM_SERVICE_STOPPED);
}

static void force_restart_brings_dependents_back(void)
{
    server_with_two_dependents();
    LMT_EQ(lm_service_control(H, "LanmanServer", LM_SERVICE_RESTART, LM_SERVICE_FORCE, 0), LM_OK);
    LMT_STR(F.log, "stop:Browser;stop:Netlogon;stop:LanmanServer;start:LanmanServer;start:Netlogon;"
                   "start:Browser;");
    LMT_EQ(F.svc[0].state, LM_SERVICE_RUNNING);
    LMT_EQ(F.svc[1].state, LM_SERVICE_RUNNING);
    LMT_EQ(F.svc[3].state, LM_SERVICE_STOPPED);
}

static void set_start_type(void)
{
    memhost_reset();
    memhost_add("A", "A", LM_SERVICE_STOPPED);
    LMT_EQ(lm_service_set_start_type(H, "A", LM_START_AUTOMATIC_DELAYED), LM_OK);
    LMT_EQ(F.svc[0].start, LM_START_AUTOMATIC_DELAYED);
}

static const struct lmt_test tests[] = {
    LMT_TEST(list_default_pattern),
    LMT_TEST(list_several_patterns_sorted),
    LMT_TEST(list_detailed),
    LMT_TEST(list_missing_name_is_enoent),
    LMT_TEST(state_and_start_type_names),
    LMT_TEST(start_follows_checkpoints),
    LMT_TEST(wait_hint_sets_the_interval),
    LMT_TEST(stuck_checkpoint_fails_within_the_hint),
    LMT_TEST(overall_timeout),
    LMT_TEST(service_that_dies_while_starting),
    LMT_TEST(already_in_state_is_success),
    LMT_TEST(pause_continue_restart),
    LMT_TEST(pause_not_accepted),
    LMT_TEST(start_disabled),
    LMT_TEST(missing_service),
    LMT_TEST(stop_refused_with_running_dependents),
    LMT_TEST(force_stops_dependents_first),
    LMT_TEST(force_restart_brings_dependents_back),
    LMT_TEST(set_start_type),
    LMT_END,
};

const struct lmt_suite lmt_suite_host_service = {"host_service", NULL, NULL, NULL, tests};
