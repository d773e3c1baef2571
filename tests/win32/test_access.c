/* Share access on the Win32 backend under Wine: SIDs named with LookupAccountSidW and names resolved with
 * LookupAccountNameW on Wine's real LSA, an unknown account refused (exit 4's LM_ENOENT) before any share
 * call, and the share calls themselves reported as not supported (Debian's netapi32 has no Samba bridge). */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "svc.h"
#include "core/sddl.h"
#include "host/host.h"

static int init(void)
{
    return thost() == NULL ? -1 : 0;
}

static int cleanup(void)
{
    thost_close();
    return 0;
}

static void sids_named(void)
{
    struct lm__sid sids[3];
    char *names[3] = {NULL, NULL, NULL};

    LMT_EQ(lm__sid_from_string("S-1-5-32-544", &sids[0]), LM_OK);
    LMT_EQ(lm__sid_from_string("S-1-5-18", &sids[1]), LM_OK);
    LMT_EQ(lm__sid_from_string("S-1-5-21-1-2-3-4", &sids[2]), LM_OK);
    LMT_EQ(thost()->ops->lookup_names(thost(), sids, 3, names), LM_OK);
    LMT_PTR_OK(names[0]);
    LMT_STR(names[0], "BUILTIN\\Administrators");
    LMT_PTR_OK(names[1]);
    LMT_STR(names[1], "NT AUTHORITY\\SYSTEM");
    LMT_PTR_NULL(names[2]); /* nobody knows it: ERROR_NONE_MAPPED */
    free(names[0]);
    free(names[1]);
}

static void names_resolved(void)
{
    uint8_t bin[LM__SID_MAX_BYTES];
    size_t len = sizeof bin, used;
    struct lm__sid sid;
    char buf[LM__SID_STRING_MAX];
    const lm_error *e = lm_host_error(thost());

    LMT_EQ(thost()->ops->lookup_sid(thost(), "BUILTIN\\Administrators", bin, &len), LM_OK);
    LMT_EQ(lm__sid_parse(bin, len, &sid, &used), LM_OK);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-5-32-544");
    len = sizeof bin;
    LMT_EQ(thost()->ops->lookup_sid(thost(), "no-such-account-lm", bin, &len), LM_ENOENT);
    LMT_EQ(e->raw, ERROR_NONE_MAPPED);
}

static void share_calls(void)
{
    const lm_error *e = lm_host_error(thost());
    lm_share_access *a;
    size_t n;

    /* the account first: an unknown one is refused before the share is read */
    LMT_EQ(
        lm_share_access_change(thost(), "Data", LM_SHARE_ACCESS_GRANT, "no-such-account-lm", LM_SHARE_READ),
        LM_ENOENT);
    LMT_TRUE(strstr(e->message, "'no-such-account-lm'") != NULL);
    /* Wine's NetShareGetInfo knows no share (NERR_NetNameNotFound) */
    LMT_EQ(lm_share_access_list(thost(), "Data", &a, &n), LM_ENOENT);
    LMT_EQ(e->raw, 2310u);
    LMT_TRUE(strncmp(e->message, "cannot read the permissions of share Data: ", 43) == 0);
    LMT_EQ(lm_share_access_change(thost(), "Data", LM_SHARE_ACCESS_BLOCK, "Guests", LM_SHARE_FULL),
           LM_ENOENT);
}

static const struct lmt_test tests[] = {LMT_TEST(sids_named), LMT_TEST(names_resolved), LMT_TEST(share_calls),
                                        LMT_END};
const struct lmt_suite lmt_suite_win32_access = {"win32_access", NULL, init, cleanup, tests};
