/* The agent's rule for the files it reads (service/trust.c), on made-up paths: what the platform reports
 * for each object is scripted here, so that every place and right is tried on every platform. */
#include <string.h>

#include "agent.h"
#include "testlib.h"

#define W AGENT_CAN_WRITE
#define R AGENT_CAN_REPLACE
#define C AGENT_CAN_CHMOD

/* ---- the platform hooks: a scripted walk ---- */

struct fake_obj {
    const char *path;
    enum agent_fs_place place;
    bool is_dir, owner_trusted;
    struct agent_fs_grant g; /* g.can == 0: none */
};

static const struct fake_obj *walk;
static size_t walk_n;

const char *agent_plat_trusted(void)
{
    return "the trusted";
}

bool agent_plat_examine(const char *path, agent_fs_visit visit, void *ctx, char *err, size_t errsize)
{
    (void)path;
    for (size_t i = 0; i < walk_n; i++) {
        struct agent_fs_obj o = {walk[i].path,
                                 walk[i].place,
                                 walk[i].is_dir,
                                 walk[i].owner_trusted,
                                 "mallory",
                                 &walk[i].g,
                                 walk[i].g.can != 0 ? 1 : 0};
        if (!visit(ctx, &o))
            return false;
    }
    if (walk_n == 0)
        snprintf(err, errsize, "cannot examine it");
    return walk_n > 0;
}

static enum agent_trust judge(const struct fake_obj *objs, size_t n, char *err, size_t size)
{
    walk = objs;
    walk_n = n;
    err[0] = '\0';
    return agent_trust_file("baseline", "/etc/lanman/b.xml", err, size);
}

#define TAIL "; only the trusted may be able to change it and the folders above it"

static void test_safe(void)
{
    /* Reading by others, adding entries to folders higher up (a sticky /tmp, C:\ProgramData), and entries
     * that only new children of folders above inherit are all fine. */
    const struct fake_obj objs[] = {
        {"/etc/lanman/b.xml", AGENT_FS_FILE, false, true, {"x", 0, false}},
        {"/etc/lanman", AGENT_FS_PARENT, true, true, {"x", 0, false}},
        {"/etc", AGENT_FS_ANCESTOR, true, true, {"Users", W, false}},
        {"/", AGENT_FS_ANCESTOR, true, true, {"Authenticated Users", W | R | C, true}},
    };
    char err[AGENT_CONF_ERROR_MAX];

    LMT_EQ(judge(objs, 4, err, sizeof err), AGENT_TRUST_OK);
}

/* refused: the walk of one object at PLACE with one grant, and the message. */
static void refused(enum agent_fs_place place, bool dir, bool owner_ok, unsigned can, bool inherit_only,
                    const char *why)
{
    const struct fake_obj objs[] = {
        {"/etc/lanman/b.xml", AGENT_FS_FILE, false, true, {"x", 0, false}},
        {"/etc/lanman", place, dir, owner_ok, {"Everyone", can, inherit_only}},
    };
    const struct fake_obj *o = place == AGENT_FS_FILE ? &objs[1] : objs;
    char err[AGENT_CONF_ERROR_MAX], want[AGENT_CONF_ERROR_MAX];

    snprintf(want, sizeof want, "refusing the baseline '/etc/lanman/b.xml': %s" TAIL, why);
    LMT_EQ(judge(o, place == AGENT_FS_FILE ? 1 : 2, err, sizeof err), AGENT_TRUST_REFUSED);
    LMT_STR(err, want);
}

static void test_file(void)
{
    refused(AGENT_FS_FILE, false, true, W, false, "Everyone can write to it");
    refused(AGENT_FS_FILE, false, true, R, false, "Everyone can replace or delete it");
    refused(AGENT_FS_FILE, false, true, C, false, "Everyone can change the permissions of it");
    refused(AGENT_FS_FILE, false, false, 0, false, "it is owned by mallory");
}

static void test_parent(void)
{
    refused(AGENT_FS_PARENT, true, true, W, false, "Everyone can add files to the folder '/etc/lanman'");
    refused(AGENT_FS_PARENT, true, true, R, false,
            "Everyone can rename or delete the entries of the folder '/etc/lanman'");
    refused(AGENT_FS_PARENT, true, true, W, true,
            "Everyone can add files to the folder '/etc/lanman' (files created in it inherit this)");
    refused(AGENT_FS_PARENT, true, false, 0, false, "the folder '/etc/lanman' is owned by mallory");
}

static void test_ancestor(void)
{
    refused(AGENT_FS_ANCESTOR, true, true, W | R, false,
            "Everyone can rename or delete the entries of the folder '/etc/lanman'");
    refused(AGENT_FS_ANCESTOR, true, true, C, false,
            "Everyone can change the permissions of the folder '/etc/lanman'");
    refused(AGENT_FS_ANCESTOR, true, false, 0, false, "the folder '/etc/lanman' is owned by mallory");
}

static void test_unknown(void)
{
    char err[AGENT_CONF_ERROR_MAX];

    LMT_EQ(judge(NULL, 0, err, sizeof err), AGENT_TRUST_UNKNOWN);
    LMT_STR(err, "cannot examine it");
}

static const struct lmt_test trust_tests[] = {
    LMT_TEST(test_safe),     LMT_TEST(test_file),    LMT_TEST(test_parent),
    LMT_TEST(test_ancestor), LMT_TEST(test_unknown), LMT_END,
};

const struct lmt_suite lmt_suite_agent_trust = {"agent_trust", NULL, NULL, NULL, trust_tests};
