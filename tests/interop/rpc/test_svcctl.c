/* svcctl (MS-SCMR) against the fixture's smbd (started with --svcctl NAME). What `net rpc service list`
 * prints is compared by svcreg.sh; these check the rest. Samba 4.17 facts they pin down: the built-in
 * services answer RQueryServiceStatus with "stopped"; an rc.init service of "svcctl list" is listed, but
 * its status, start and stop are WERR_ACCESS_DENIED (the script control is compiled out);
 * RChangeServiceConfigW is not implemented (a fault); there is no SERVICE_CONFIG_DELAYED_AUTO_START_INFO and
 * no dependents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcreg.h"
#include "testlib.h"

static char svc_name[128];

static const char *need_svcctl_fixture(void)
{
    const char *why = fx_load();

    if (why != NULL)
        return why;
    svcreg_svcctl_name(svc_name, sizeof svc_name);
    if (svc_name[0] == '\0')
        return "the fixture has no 'svcctl list' service (start it with --svcctl NAME)";
    return NULL;
}

static void open_or_fail(struct svcreg *s)
{
    lm_status st = svcreg_open(s, "svcctl", &lm__svcctl_iface);

    if (st != LM_OK)
        fprintf(stderr, "svcctl open: %s\n", s->x.err.message);
    LMT_EQ(st, LM_OK);
}

static const lm_service *find(const lm_service *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    }
    return NULL;
}

static void list_has_the_services(void)
{
    static const char *const builtin[] = {"Spooler", "NETLOGON", "RemoteRegistry", "WINS"};
    struct svcreg s;
    lm_service *v = NULL, *w = NULL;
    size_t n = 0, m = 0;
    struct lm__ndr_handle scm;
    const lm_service *sp;

    open_or_fail(&s);
    LMT_EQ(lm__svcctl_service_list(s.r, &v, &n, &s.x.err), LM_OK);
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        LMT_TRUE(find(v, n, builtin[i]) != NULL);
    LMT_TRUE(find(v, n, svc_name) != NULL);
    sp = find(v, n, "Spooler");
    LMT_STR(sp->display_name, "Print Spooler");
    LMT_EQ(sp->status, LM_SERVICE_STOPPED);
    /* a 1-byte first buffer: ERROR_MORE_DATA, then the size Samba asked for; the same list */
    LMT_EQ(lm__svcctl_open_scm(s.r, NULL, LM__SC_MANAGER_CONNECT | LM__SC_MANAGER_ENUMERATE, &scm, &s.x.err),
           LM_OK);
    LMT_EQ(lm__svcctl_enum(s.r, &scm, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 1, &w, &m, &s.x.err), LM_OK);
    LMT_EQ(lm__svcctl_close(s.r, &scm, &s.x.err), LM_OK);
    LMT_EQ(m, n);
    for (size_t i = 0; i < n; i++) {
        LMT_STR(w[i].name, v[i].name);
        LMT_STR(w[i].display_name, v[i].display_name);
    }
    printf("%zu services, %s among them\n", n, svc_name);
    lm_service_list_free(v, n);
    lm_service_list_free(w, m);
    svcreg_close(&s);
}

static void spooler_status_and_config(void)
{
    struct svcreg s;
    lm_service st, cfg;
    struct lm__ndr_handle scm, svc;
    char *desc = NULL;

    open_or_fail(&s);
    memset(&st, 0, sizeof st);
    LMT_EQ(lm__svcctl_service_status(s.r, "Spooler", &st, &s.x.err), LM_OK);
    LMT_STR(st.name, "Spooler");
    LMT_EQ(st.status, LM_SERVICE_STOPPED);
    LMT_EQ(st.process_id, 0);
    LMT_TRUE(!st.detailed);
    lm__service_clear(&st);

    LMT_EQ(lm__svcctl_service_config(s.r, "Spooler", &cfg, &s.x.err), LM_OK);
    LMT_TRUE(cfg.detailed);
    LMT_STR(cfg.display_name, "Print Spooler");
    LMT_EQ(cfg.start_type, LM_START_MANUAL); /* no delayed-start level in Samba: left as it is */
    LMT_EQ(cfg.status, LM_SERVICE_STOPPED);
    LMT_PTR_OK(cfg.binary_path);
    LMT_STR(cfg.start_name, "LocalSystem");
    LMT_PTR_OK(cfg.description);
    LMT_TRUE(strlen(cfg.description) > 0);
    LMT_EQ(cfg.ndepends_on, 0);
    LMT_EQ(cfg.ndependents, 0);
    printf("Spooler: '%s', type 0x%x, binary %s, description '%s'\n", cfg.display_name,
           (unsigned)cfg.service_type, cfg.binary_path, cfg.description);

    /* The buffer retries against Samba: 1-byte first asks. */
    LMT_EQ(lm__svcctl_open_scm(s.r, NULL, LM__SC_MANAGER_CONNECT, &scm, &s.x.err), LM_OK);
    LMT_EQ(lm__svcctl_open_service(s.r, &scm, "Spooler", LM__SERVICE_QUERY_CONFIG, &svc, &s.x.err), LM_OK);
    memset(&st, 0, sizeof st);
    LMT_EQ(lm__svcctl_query_config(s.r, &svc, 1, &st, &s.x.err), LM_OK);
    LMT_STR(st.binary_path, cfg.binary_path);
    LMT_EQ(lm__svcctl_query_description(s.r, &svc, 1, &desc, &s.x.err), LM_OK);
    LMT_STR(desc, cfg.description);
    LMT_EQ(lm__svcctl_close(s.r, &svc, &s.x.err), LM_OK);
    LMT_EQ(lm__svcctl_close(s.r, &scm, &s.x.err), LM_OK);
    /* closing twice is a no-op on our side (the handle was zeroed) */
    LMT_EQ(lm__svcctl_close(s.r, &scm, &s.x.err), LM_OK);
    free(desc);
    lm__service_clear(&st);
    lm__service_clear(&cfg);
    svcreg_close(&s);
}

static void missing_service_is_not_found(void)
{
    struct svcreg s;
    lm_service st;
    char **names = NULL;
    size_t n = 0;

    open_or_fail(&s);
    memset(&st, 0, sizeof st);
    LMT_EQ(lm__svcctl_service_status(s.r, "NoSuchService", &st, &s.x.err), LM_ENOENT);
    LMT_EQ(s.x.err.raw_kind, LM_RAW_WERROR);
    LMT_EQ(s.x.err.raw, 1060);
    printf("%s\n", s.x.err.message);
    LMT_PTR_NULL(st.name);
    LMT_EQ(lm__svcctl_service_config(s.r, "NoSuchService", &st, &s.x.err), LM_ENOENT);
    LMT_EQ(lm__svcctl_service_start(s.r, "NoSuchService", &s.x.err), LM_ENOENT);
    LMT_EQ(lm__svcctl_service_dependents(s.r, "NoSuchService", false, &names, &n, &s.x.err), LM_ENOENT);
    svcreg_close(&s);
}

/* Samba 4.17: the rc.init control of "svcctl list" services is compiled out; status, start and stop are
 * WERR_ACCESS_DENIED even for an admin user. */
static void script_service_control_is_denied(void)
{
    struct svcreg s;
    lm_service st;

    open_or_fail(&s);
    memset(&st, 0, sizeof st);
    LMT_EQ(lm__svcctl_service_start(s.r, svc_name, &s.x.err), LM_EACCES);
    LMT_EQ(s.x.err.raw, 5);
    printf("start %s: %s\n", svc_name, s.x.err.message);
    LMT_EQ(lm__svcctl_service_status(s.r, svc_name, &st, &s.x.err), LM_EACCES);
    LMT_EQ(lm__svcctl_service_control(s.r, svc_name, 1, &s.x.err), LM_EACCES);
    /* the built-in Spooler cannot be started either */
    LMT_EQ(lm__svcctl_service_start(s.r, "Spooler", &s.x.err), LM_EACCES);
    svcreg_close(&s);
}

static void spooler_stop_and_dependents(void)
{
    struct svcreg s;
    lm_service st;
    char **names = NULL;
    size_t n = 1;

    open_or_fail(&s);
    /* SERVICE_CONTROL_STOP of the stopped Spooler: Samba answers with its status */
    LMT_EQ(lm__svcctl_service_control(s.r, "Spooler", 1, &s.x.err), LM_OK);
    memset(&st, 0, sizeof st);
    LMT_EQ(lm__svcctl_service_status(s.r, "Spooler", &st, &s.x.err), LM_OK);
    LMT_EQ(st.status, LM_SERVICE_STOPPED);
    lm__service_clear(&st);
    LMT_EQ(lm__svcctl_service_dependents(s.r, "Spooler", false, &names, &n, &s.x.err), LM_OK);
    LMT_EQ(n, 0);
    lm__names_free(names, n);
    n = 1;
    LMT_EQ(lm__svcctl_service_dependents(s.r, "Spooler", true, &names, &n, &s.x.err), LM_OK);
    LMT_EQ(n, 0);
    lm__names_free(names, n);
    svcreg_close(&s);
}

/* Samba 4.17 has no RChangeServiceConfigW: a nca_s_op_rng_error fault, LM_ENOTSUP. */
static void change_start_type_is_not_supported(void)
{
    struct svcreg s;
    lm_status st;

    open_or_fail(&s);
    LMT_EQ(lm__svcctl_service_set_start(s.r, "Spooler", LM_START_MANUAL, &s.x.err), LM_ENOTSUP);
    LMT_EQ(s.x.err.raw_kind, LM_RAW_RPC_FAULT);
    printf("%s\n", s.x.err.message);
    /* the pipe is still usable, and the handles were closed */
    st = lm__svcctl_service_control(s.r, "Spooler", 4, &s.x.err); /* SERVICE_CONTROL_INTERROGATE */
    if (st != LM_OK)
        fprintf(stderr, "interrogate: %s\n", s.x.err.message);
    LMT_EQ(st, LM_OK);
    svcreg_close(&s);
}

static const struct lmt_test svcctl_tests[] = {
    LMT_TEST(list_has_the_services),
    LMT_TEST(spooler_status_and_config),
    LMT_TEST(missing_service_is_not_found),
    LMT_TEST(script_service_control_is_denied),
    LMT_TEST(spooler_stop_and_dependents),
    LMT_TEST(change_start_type_is_not_supported),
    LMT_END,
};
const struct lmt_suite lmt_suite_svcctl = {"svcctl", need_svcctl_fixture, NULL, NULL, svcctl_tests};
