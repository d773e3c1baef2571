/* The Win32 backend's sessions, open files, connections and server information under Wine. Wine 8's
 * netapi32 has NetServerGetInfo (level 101 only), a NetSessionEnum that succeeds with no sessions, a
 * NetFileEnum that says ERROR_NOT_SUPPORTED, a NetServerDiskEnum that says ERROR_NO_BROWSER_SERVERS_FOUND,
 * and no NetFileClose, NetConnectionEnum or NetServerTransportEnum at all (calling them aborts the
 * process): each must come back as a clear status, and file close must never reach NetFileClose when the
 * files cannot be listed. */
#include <string.h>

#include "svc.h"
#include "testlib.h"

static int init(void)
{
    return thost() != NULL ? 0 : -1;
}

static int cleanup(void)
{
    thost_close();
    return 0;
}

static void sessions(void)
{
    lm_session *v = NULL;
    size_t n = 99;

    LMT_EQ(lm_session_list(thost(), NULL, NULL, &v, &n), LM_OK);
    LMT_EQ(n, 0);
    LMT_PTR_OK(v);
    lm_session_list_free(v, n);
    /* nothing to end: said as such, and NetSessionDel is not asked */
    LMT_EQ(lm_session_close(thost(), "192.0.2.1", NULL), LM_ENOENT);
    LMT_STR(lm_host_error(thost())->message, "no session from 192.0.2.1 on the server");
    LMT_EQ(lm_session_close(thost(), NULL, ""), LM_EINVAL);
}

static void open_files(void)
{
    const lm_error *e = lm_host_error(thost());
    lm_open_file *v = NULL;
    size_t n = 0;

    LMT_EQ(lm_file_list(thost(), NULL, NULL, &v, &n), LM_ENOTSUP);
    LMT_EQ(e->raw_kind, LM_RAW_WIN32);
    LMT_EQ(e->raw, ERROR_NOT_SUPPORTED);
    LMT_STR(e->message, "cannot list open files: NetFileEnum: not supported by this server (is the Server "
                        "service running?)");
    LMT_PTR_NULL(v);
    /* Wine has no NetFileClose: the lookup before it fails first, so the process lives on */
    LMT_EQ(lm_file_close(thost(), 5), LM_ENOTSUP);
    LMT_TRUE(strncmp(e->message, "cannot close open file 5: ", 26) == 0);
    LMT_EQ(lm_file_close_path(thost(), "C:\\Data", &n), LM_ENOTSUP);
}

static void server(void)
{
    lm_server_info *i = NULL;

    LMT_EQ(lm_server_show(thost(), &i), LM_OK);
    LMT_PTR_OK(i);
    LMT_EQ(i->level, 101); /* Wine refuses 102 */
    LMT_EQ(i->platform_id, 500);
    LMT_TRUE(i->name != NULL && i->name[0] != '\0');
    LMT_TRUE((i->type & 0x1000u) != 0); /* SV_TYPE_NT */
    /* NetServerTransportEnum is a stub that would end the process: not called, not supported */
    LMT_EQ(i->transports_status, LM_ENOTSUP);
    LMT_PTR_NULL(i->transports);
    /* NetServerDiskEnum is a FIXME stub answering ERROR_NO_BROWSER_SERVERS_FOUND (6118): no Disks */
    LMT_EQ(i->disks_status, LM_ESYS);
    LMT_PTR_NULL(i->disks);
    LMT_EQ(i->ndisks, 0);
    lm_server_info_free(i);
}

/* NetConnectionEnum is a stub that would end the process under Wine: a clear ERROR_NOT_SUPPORTED instead,
 * and the process lives on. */
static void connections(void)
{
    const lm_error *e = lm_host_error(thost());
    lm_connection *v = NULL;
    size_t n = 99;

    LMT_EQ(lm_share_connections(thost(), "Data", &v, &n), LM_ENOTSUP);
    LMT_EQ(e->raw_kind, LM_RAW_WIN32);
    LMT_EQ(e->raw, ERROR_NOT_SUPPORTED);
    LMT_STR(e->message,
            "cannot list the connections to share 'Data': NetConnectionEnum (Wine's netapi32 does "
            "not implement it): not supported by this server (is the Server service running?)");
    LMT_PTR_NULL(v);
    LMT_EQ(n, 99);
    LMT_EQ(lm_share_connections(thost(), "", &v, &n), LM_EINVAL);
}

static const struct lmt_test tests[] = {
    LMT_TEST(sessions), LMT_TEST(open_files), LMT_TEST(server), LMT_TEST(connections), LMT_END,
};
const struct lmt_suite lmt_suite_win32_session = {"win32_session", NULL, init, cleanup, tests};
