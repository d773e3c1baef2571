/* The Win32 backend's services against Wine's real SCM: throwaway services made from lanman_testsvc.exe,
 * some depending on each other (C -> B -> A), one slow to start, one that refuses pause, one disabled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "svc.h"

static const wchar_t *const names[] = {L"LmTestC",    L"LmTestB",       L"LmTestA",
                                       L"LmTestSlow", L"LmTestNoPause", L"LmTestOff"};

static int init(void)
{
    if (thost() == NULL)
        return -1;
    if (tsvc_create(L"LmTestA", L"Test Service A", NULL, SERVICE_DEMAND_START, NULL) != 0 ||
        tsvc_create(L"LmTestB", L"Test Service B", NULL, SERVICE_DEMAND_START, L"LmTestA\0") != 0 ||
        tsvc_create(L"LmTestC", L"Test Service C", NULL, SERVICE_DEMAND_START, L"LmTestB\0") != 0 ||
        tsvc_create(L"LmTestSlow", L"Test Service Slow", L"--delay 2500", SERVICE_DEMAND_START, NULL) != 0 ||
        tsvc_create(L"LmTestNoPause", L"Test Service NoPause", L"--no-pause", SERVICE_DEMAND_START, NULL) !=
            0 ||
        tsvc_create(L"LmTestOff", L"Test Service Off", NULL, SERVICE_DISABLED, NULL) != 0)
        return -1;
    return 0;
}

static int cleanup(void)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        tsvc_delete(names[i]);
    thost_close();
    return 0;
}

static lm_service_state state_of(const char *name)
{
    lm_service *v = tsvc_get(name);
    lm_service_state s = v->status;

    lm_service_list_free(v, 1);
    return s;
}

static void wine_lanman_server_is_stopped_and_disabled(void)
{
    lm_service *v;
    size_t n;
    bool found = false;

    LMT_EQ(lm_service_list(thost(), NULL, 0, true, &v, &n), LM_OK);
    for (size_t i = 0; i < n; i++) {
        LMT_TRUE(strcmp(v[i].name, "LanmanWorkstation") != 0); /* Wine has none */
        LMT_TRUE(strncmp(v[i].name, "LmTest", 6) != 0);
        if (strcmp(v[i].name, "LanmanServer") == 0) {
            found = true;
            LMT_EQ(v[i].status, LM_SERVICE_STOPPED);
            LMT_EQ(v[i].start_type, LM_START_DISABLED);
            LMT_TRUE(v[i].detailed);
        }
    }
    LMT_TRUE(found);
    lm_service_list_free(v, n);
    LMT_STR(lm_host_backend(thost()), "win32");
}

static void list_by_name_and_display_name(void)
{
    static const char *const by_name[] = {"lmtest?"};
    static const char *const by_display[] = {"Test Service B*", "LmTestSlow"};
    static const char *const missing[] = {"LmTestA", "LmTestNope"};
    lm_service *v = NULL;
    size_t n = 0;

    LMT_EQ(lm_service_list(thost(), by_name, 1, false, &v, &n), LM_OK);
    LMT_EQ(n, 3);
    LMT_STR(v[0].name, "LmTestA");
    LMT_STR(v[0].display_name, "Test Service A");
    LMT_STR(v[1].name, "LmTestB");
    LMT_STR(v[2].name, "LmTestC");
    LMT_EQ(v[0].status, LM_SERVICE_STOPPED);
    lm_service_list_free(v, n);

    LMT_EQ(lm_service_list(thost(), by_display, 2, true, &v, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].name, "LmTestB");
    LMT_EQ(v[0].start_type, LM_START_MANUAL);
    LMT_EQ(v[0].ndepends_on, 1);
    LMT_STR(v[0].depends_on[0], "LmTestA");
    LMT_EQ(v[0].ndependents, 1);
    LMT_STR(v[0].dependents[0], "LmTestC");
    LMT_TRUE(strstr(v[0].binary_path, "lanman_testsvc.exe") != NULL);
    LMT_STR(v[1].name, "LmTestSlow");
    lm_service_list_free(v, n);

    LMT_EQ(lm_service_list(thost(), missing, 2, false, &v, &n), LM_ENOENT);
    LMT_STR(lm_host_error(thost())->message, "Cannot find any service with service name 'LmTestNope'.");
}

static void start_pause_continue_restart_stop(void)
{
    lm_service *v;
    uint32_t pid;

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_START, 0, 0), LM_OK);
    v = tsvc_get("LmTestA");
    LMT_EQ(v->status, LM_SERVICE_RUNNING);
    LMT_TRUE(v->process_id != 0);
    LMT_EQ(v->controls_accepted & LM_SERVICE_ACCEPT_PAUSE_CONTINUE, LM_SERVICE_ACCEPT_PAUSE_CONTINUE);
    pid = v->process_id;
    lm_service_list_free(v, 1);
    /* Already running: nothing to do, and no error. */
    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_START, 0, 0), LM_OK);

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_PAUSE, 0, 0), LM_OK);
    LMT_EQ(state_of("LmTestA"), LM_SERVICE_PAUSED);
    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_CONTINUE, 0, 0), LM_OK);
    LMT_EQ(state_of("LmTestA"), LM_SERVICE_RUNNING);

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_RESTART, 0, 0), LM_OK);
    v = tsvc_get("LmTestA");
    LMT_EQ(v->status, LM_SERVICE_RUNNING);
    LMT_TRUE(v->process_id != 0 && v->process_id != pid); /* a new process */
    lm_service_list_free(v, 1);

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_STOP, 0, 0), LM_OK);
    LMT_EQ(state_of("LmTestA"), LM_SERVICE_STOPPED);
    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_STOP, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_CONTINUE, 0, 0), LM_ESTATE);
}

static void slow_start_follows_checkpoints(void)
{
    /* 2.5 s in START_PENDING with the checkpoint moving every 250 ms and a 1 s wait hint: a waiter that
     * did not follow the checkpoints would give up after the hint. */
    LMT_EQ(lm_service_control(thost(), "LmTestSlow", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(state_of("LmTestSlow"), LM_SERVICE_RUNNING);
    LMT_EQ(lm_service_control(thost(), "LmTestSlow", LM_SERVICE_STOP, 0, 0), LM_OK);
    LMT_EQ(state_of("LmTestSlow"), LM_SERVICE_STOPPED);

    /* The overall timeout. */
    LMT_EQ(lm_service_control(thost(), "LmTestSlow", LM_SERVICE_START, 0, 500), LM_ETIMEDOUT);
    LMT_TRUE(strstr(lm_host_error(thost())->message, "timed out after 500 ms waiting for LmTestSlow") !=
             NULL);
    /* Starting again waits for the start already under way. */
    LMT_EQ(lm_service_control(thost(), "LmTestSlow", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(thost(), "LmTestSlow", LM_SERVICE_STOP, 0, 0), LM_OK);
}

static void stop_with_running_dependents(void)
{
    const char *msg;

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(thost(), "LmTestB", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(thost(), "LmTestC", LM_SERVICE_START, 0, 0), LM_OK);

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_STOP, 0, 0), LM_EDEPEND);
    msg = lm_host_error(thost())->message;
    LMT_TRUE(strncmp(msg, "cannot stop LmTestA: 2 running services depend on it (", 54) == 0);
    LMT_TRUE(strstr(msg, "LmTestB") != NULL);
    LMT_TRUE(strstr(msg, "LmTestC") != NULL);
    LMT_TRUE(strstr(msg, "--force") == NULL); /* the library states the fact; the CLI adds its advice */
    /* C depends on B, so C comes first: the order they must stop in. */
    LMT_TRUE(strstr(msg, "(LmTestC, LmTestB)") != NULL);
    LMT_EQ(state_of("LmTestA"), LM_SERVICE_RUNNING);
    LMT_EQ(state_of("LmTestC"), LM_SERVICE_RUNNING);

    LMT_EQ(lm_service_control(thost(), "LmTestA", LM_SERVICE_STOP, LM_SERVICE_FORCE, 0), LM_OK);
    LMT_EQ(state_of("LmTestA"), LM_SERVICE_STOPPED);
    LMT_EQ(state_of("LmTestB"), LM_SERVICE_STOPPED);
    LMT_EQ(state_of("LmTestC"), LM_SERVICE_STOPPED);
}

static void pause_refused(void)
{
    LMT_EQ(lm_service_control(thost(), "LmTestNoPause", LM_SERVICE_START, 0, 0), LM_OK);
    LMT_EQ(lm_service_control(thost(), "LmTestNoPause", LM_SERVICE_PAUSE, 0, 0), LM_ENOTSUP);
    LMT_STR(lm_host_error(thost())->message,
            "cannot pause LmTestNoPause: the service does not accept pause and continue");
    LMT_EQ(state_of("LmTestNoPause"), LM_SERVICE_RUNNING);
    LMT_EQ(lm_service_control(thost(), "LmTestNoPause", LM_SERVICE_STOP, 0, 0), LM_OK);
}

static void start_types_read_back(void)
{
    static const lm_start_type types[] = {LM_START_AUTOMATIC,         LM_START_DISABLED,  LM_START_MANUAL,
                                          LM_START_AUTOMATIC_DELAYED, LM_START_AUTOMATIC, LM_START_MANUAL};
    lm_service *v;

    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        lm_status st = lm_service_set_start_type(thost(), "LmTestB", types[i]);
        lm_start_type want = types[i];

        if (st == LM_ENOTSUP && types[i] == LM_START_AUTOMATIC_DELAYED) {
            /* Wine's SCM has no SERVICE_CONFIG_DELAYED_AUTO_START_INFO: the refusal must be clear and must
             * leave the start type as it was (Manual, from the step before). */
            const lm_error *e = lm_host_error(thost());

            printf("NOTE: this SCM has no delayed automatic start (%s); checked that it is refused\n",
                   e->message);
            LMT_EQ(e->raw, ERROR_INVALID_LEVEL);
            LMT_STR(e->message, "cannot set the start type of LmTestB to AutomaticDelayed: this service "
                                "control manager has no delayed automatic start");
            want = LM_START_MANUAL;
        } else {
            LMT_EQ(st, LM_OK);
        }
        v = tsvc_get("LmTestB");
        LMT_STR(lm_start_type_name(v->start_type), lm_start_type_name(want));
        lm_service_list_free(v, 1);
    }
}

static void disabled_and_missing(void)
{
    const lm_error *e = lm_host_error(thost());

    LMT_EQ(lm_service_control(thost(), "LmTestOff", LM_SERVICE_START, 0, 0), LM_EDISABLED);
    LMT_STR(e->message, "cannot start LmTestOff: LmTestOff is disabled; set its start type first");
    LMT_EQ(e->raw_kind, LM_RAW_WIN32);
    LMT_EQ(e->raw, ERROR_SERVICE_DISABLED);
    LMT_EQ(state_of("LmTestOff"), LM_SERVICE_STOPPED);

    LMT_EQ(lm_service_control(thost(), "LmNoSuchService", LM_SERVICE_START, 0, 0), LM_ENOENT);
    LMT_EQ(e->raw, ERROR_SERVICE_DOES_NOT_EXIST);
    /* the same sentence as Get-Service's, whatever the SCM said; its code stays on the error */
    LMT_STR(e->message, "Cannot find any service with service name 'LmNoSuchService'.");
    LMT_EQ(lm_service_set_start_type(thost(), "LmNoSuchService", LM_START_MANUAL), LM_ENOENT);
}

static const struct lmt_test tests[] = {
    LMT_TEST(wine_lanman_server_is_stopped_and_disabled),
    LMT_TEST(list_by_name_and_display_name),
    LMT_TEST(start_pause_continue_restart_stop),
    LMT_TEST(slow_start_follows_checkpoints),
    LMT_TEST(stop_with_running_dependents),
    LMT_TEST(pause_refused),
    LMT_TEST(start_types_read_back),
    LMT_TEST(disabled_and_missing),
    LMT_END,
};

const struct lmt_suite lmt_suite_win32_service = {"win32_service", NULL, init, cleanup, tests};
