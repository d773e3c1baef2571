/* lib/host/session.c: the session level fallback 502 -> 1 -> 10 (access denied is the answer that stays),
 * the filters applied again on what a server returns (Samba ignores them), "nothing to close" without a
 * close call, and the share-relative path of open files (the longest share path wins, any case, \ and /). */
#include <stdlib.h>
#include <string.h>

#include "memhost.h"
#include "testlib.h"

static lm_host *H = &memhost;

static void session_levels(void)
{
    lm_session *v;
    size_t n;

    memhost_reset();
    F.sessions[F.nsessions++] = (struct memhost_session){"PC1", "bob"};
    F.session_status[0] = LM_EACCES; /* Windows to a non-administrator */
    LMT_EQ(lm_session_list(H, NULL, NULL, &v, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_EQ(v[0].level, 1);
    lm_session_list_free(v, n);
    LMT_STR(F.session_log, "enum:502;enum:1;");

    /* every level refused: the access denied of 502 is what is said, not 10's "unknown level" */
    memhost_reset();
    F.session_status[0] = LM_EACCES;
    F.session_status[1] = LM_ENOTSUP;
    F.session_status[2] = LM_ENOTSUP;
    LMT_EQ(lm_session_list(H, NULL, NULL, &v, &n), LM_EACCES);
    LMT_STR(lm_host_error(H)->message, "cannot list sessions: refused at level 502");
    LMT_STR(F.session_log, "enum:502;enum:1;enum:10;");

    /* anything else is final */
    memhost_reset();
    F.session_status[0] = LM_ECONNRESET;
    LMT_EQ(lm_session_list(H, NULL, NULL, &v, &n), LM_ECONNRESET);
    LMT_STR(F.session_log, "enum:502;");
}

static void session_filters(void)
{
    lm_session *v;
    size_t n;

    memhost_reset();
    F.sessions[F.nsessions++] = (struct memhost_session){"PC1", "CORP\\bob"};
    F.sessions[F.nsessions++] = (struct memhost_session){"\\\\10.0.0.5", "alice"};
    F.sessions[F.nsessions++] = (struct memhost_session){"pc10", "carol"};
    LMT_EQ(lm_session_list(H, "pc1", NULL, &v, &n), LM_OK); /* any case; not pc10 */
    LMT_EQ(n, 1);
    LMT_STR(v[0].user, "CORP\\bob");
    lm_session_list_free(v, n);
    LMT_EQ(lm_session_list(H, "10.0.0.5", NULL, &v, &n), LM_OK); /* the server's \\ form too */
    LMT_EQ(n, 1);
    lm_session_list_free(v, n);
    LMT_EQ(lm_session_list(H, NULL, "BOB", &v, &n), LM_OK); /* a bare name matches DOMAIN\name */
    LMT_EQ(n, 1);
    lm_session_list_free(v, n);
    LMT_EQ(lm_session_list(H, NULL, "CORP\\alice", &v, &n), LM_OK); /* and the reverse */
    LMT_EQ(n, 1);
    LMT_STR(v[0].client, "\\\\10.0.0.5");
    lm_session_list_free(v, n);
    LMT_EQ(lm_session_list(H, NULL, "EVIL\\bob", &v, &n), LM_OK); /* another domain's bob is not CORP's */
    LMT_EQ(n, 0);
    lm_session_list_free(v, n);
    LMT_EQ(lm_session_list(H, "pc1", "alice", &v, &n), LM_OK); /* both: and */
    LMT_EQ(n, 0);
    LMT_PTR_OK(v);
    lm_session_list_free(v, n);
}

static void session_close(void)
{
    memhost_reset();
    F.sessions[F.nsessions++] = (struct memhost_session){"PC1", "bob"};
    LMT_EQ(lm_session_close(H, NULL, NULL), LM_EINVAL);
    LMT_EQ(lm_session_close(H, "", ""), LM_EINVAL);
    LMT_STR(F.session_log, "");
    LMT_EQ(lm_session_close(H, "PC2", NULL), LM_ENOENT);
    LMT_STR(lm_host_error(H)->message, "no session from PC2 on the server");
    LMT_EQ(lm_session_close(H, NULL, "eve"), LM_ENOENT);
    LMT_STR(F.session_log, "enum:502;enum:502;"); /* looked, and asked no server to close anything */
    F.session_log[0] = '\0';
    LMT_EQ(lm_session_close(H, "pc1", "bob"), LM_OK);
    LMT_STR(F.session_log, "enum:502;del:\\\\pc1|bob;"); /* MS-SRVS wants the \\ form */
}

static void use_shares(void)
{
    static const struct memhost_share shares[] = {
        {.name = "Data", .path = "C:\\Data"},
        {.name = "Sub", .path = "c:/data/sub/"},
        {.name = "C$", .path = "C:\\", .type = LM_STYPE_SPECIAL},
        {.name = "IPC$", .path = "C:\\Data", .type = LM_STYPE_IPC | LM_STYPE_SPECIAL},
    };

    memcpy(F.shares, shares, sizeof shares);
    F.nshares = sizeof shares / sizeof shares[0];
}

static void open_file_shares(void)
{
    lm_open_file *v;
    size_t n;

    memhost_reset();
    use_shares();
    F.files[F.nfiles++] = (struct memhost_file){7, "C:\\Data\\Sub\\x.txt", "bob"};
    F.files[F.nfiles++] = (struct memhost_file){8, "C:\\DATA\\y\\z.txt", "bob"};
    F.files[F.nfiles++] = (struct memhost_file){9, "C:\\Database\\w.mdf", "sql"};
    F.files[F.nfiles++] = (struct memhost_file){10, "\\PIPE\\srvsvc", "bob"};
    LMT_EQ(lm_file_list(H, NULL, NULL, &v, &n), LM_OK);
    LMT_EQ(n, 4);
    LMT_STR(v[0].share, "Sub"); /* the longest path that holds it */
    LMT_STR(v[0].share_relative_path, "x.txt");
    LMT_STR(v[1].share, "Data");
    LMT_STR(v[1].share_relative_path, "y\\z.txt");
    LMT_STR(v[2].share, "C$"); /* C:\Database is not under C:\Data */
    LMT_STR(v[2].share_relative_path, "Database\\w.mdf");
    LMT_PTR_NULL(v[3].share); /* no disk share holds a pipe; IPC$ is not a disk share */
    LMT_PTR_NULL(v[3].share_relative_path);
    lm_file_list_free(v, n);

    /* a share list that fails leaves the files without shares, and the listing stands */
    F.share_status[0] = F.share_status[1] = F.share_status[2] = LM_EACCES;
    LMT_EQ(lm_file_list(H, NULL, NULL, &v, &n), LM_OK);
    LMT_EQ(n, 4);
    LMT_PTR_NULL(v[0].share);
    LMT_EQ(lm_host_error(H)->status, LM_OK);
    lm_file_list_free(v, n);
}

static void open_file_paths(void)
{
    lm_open_file *v;
    size_t n;

    memhost_reset();
    use_shares();
    F.files[F.nfiles++] = (struct memhost_file){7, "C:\\Data\\Sub\\x.txt", "bob"};
    F.files[F.nfiles++] = (struct memhost_file){8, "C:\\DATA\\y\\z.txt", "bob"};
    F.files[F.nfiles++] = (struct memhost_file){9, "C:\\Database\\w.mdf", "sql"};
    LMT_EQ(lm_file_list(H, "c:/data/", NULL, &v, &n), LM_OK); /* any case, either separator */
    LMT_EQ(n, 2);
    LMT_EQ(v[0].id, 7);
    LMT_EQ(v[1].id, 8);
    lm_file_list_free(v, n);
    LMT_EQ(lm_file_list(H, "C:\\Dat", NULL, &v, &n), LM_OK); /* whole components only */
    LMT_EQ(n, 0);
    lm_file_list_free(v, n);
    LMT_EQ(lm_file_list(H, "y", NULL, &v, &n), LM_OK); /* below a share */
    LMT_EQ(n, 1);
    LMT_EQ(v[0].id, 8);
    lm_file_list_free(v, n);
    LMT_EQ(lm_file_list(H, "C:\\Database\\w.mdf", NULL, &v, &n), LM_OK); /* the file itself */
    LMT_EQ(n, 1);
    LMT_EQ(v[0].id, 9);
    lm_file_list_free(v, n);
}

static void open_file_close(void)
{
    size_t closed = 0;

    memhost_reset();
    use_shares();
    F.files[F.nfiles++] = (struct memhost_file){7, "C:\\Data\\Sub\\x.txt", "bob"};
    F.files[F.nfiles++] = (struct memhost_file){8, "C:\\Data\\y\\z.txt", "bob"};
    LMT_EQ(lm_file_close(H, 9), LM_ENOENT);
    LMT_STR(lm_host_error(H)->message, "no open file has FileId 9 on the server");
    LMT_STR(F.session_log, "");
    LMT_EQ(lm_file_close(H, 8), LM_OK);
    LMT_STR(F.session_log, "close:8;");
    F.session_log[0] = '\0';
    LMT_EQ(lm_file_close_path(H, "C:\\Data", &closed), LM_OK);
    LMT_EQ(closed, 2);
    LMT_STR(F.session_log, "close:7;close:8;");
    LMT_EQ(lm_file_close_path(H, "D:\\", &closed), LM_ENOENT);
    /* a server that cannot list open files is not asked to close one */
    F.session_log[0] = '\0';
    F.file_status = LM_ENOTSUP;
    LMT_EQ(lm_file_close(H, 7), LM_ENOTSUP);
    LMT_STR(lm_host_error(H)->message, "cannot close open file 7: no open files here");
    LMT_STR(F.session_log, "");
}

/* A transport address as server show prints it: a NetBIOS name's text without its padding, anything else
 * in hex; memhost has no transport or disk enumeration, so server show keeps them absent (not supported). */
static void transport_addresses(void)
{
    static const uint8_t nb[16] = "FS1            ";
    static const uint8_t bin[3] = {0x00, 0xAB, 0x7F};
    char *s;

    LMT_PTR_OK(s = lm__transport_address(nb, sizeof nb));
    LMT_STR(s, "FS1");
    free(s);
    LMT_PTR_OK(s = lm__transport_address(bin, sizeof bin));
    LMT_STR(s, "00ab7f");
    free(s);
    LMT_PTR_OK(s = lm__transport_address(NULL, 0));
    LMT_STR(s, "");
    free(s);
}

static const struct lmt_test tests[] = {
    LMT_TEST(session_levels),      LMT_TEST(session_filters),
    LMT_TEST(session_close),       LMT_TEST(open_file_shares),
    LMT_TEST(open_file_paths),     LMT_TEST(open_file_close),
    LMT_TEST(transport_addresses), LMT_END,
};
const struct lmt_suite lmt_suite_host_session = {"host_session", NULL, NULL, NULL, tests};
