/* lib/host/share_access.c: Get-SmbShareAccess's entries with names (well-known ones here, the rest from the
 * backend, SID strings for the unknown), and the changes of Grant-, Revoke-, Block- and
 * Unblock-SmbShareAccess to a share's DACL: one account's entries replaced or removed, the others, the owner
 * and the group kept, deny entries first; unknown accounts and absent entries refused with nothing written.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "memhost.h"
#include "core/sddl.h"

static lm_host *H = &memhost;

#define ALICE "S-1-5-21-1-2-3-1000"

/* One share, Data, whose descriptor is built from grants (with owner BA when owned). */
static void data_share(const char *const *sids, const uint32_t *masks, const bool *deny, size_t n, bool owned)
{
    struct lm__share_grant g[8];
    struct lm__sid owner;
    struct memhost_share *s;
    uint8_t *sd = NULL;
    size_t len = 0;

    memhost_reset();
    FX.share_table = true;
    s = &F.shares[F.nshares++];
    snprintf(s->name, sizeof s->name, "Data");
    snprintf(s->path, sizeof s->path, "C:\\Data");
    for (size_t i = 0; i < n; i++) {
        LMT_EQ(lm__sid_from_string(sids[i], &g[i].sid), LM_OK);
        g[i].mask = masks[i];
        g[i].deny = deny[i];
    }
    LMT_EQ(lm__sid_from_string("BA", &owner), LM_OK);
    LMT_EQ(lm__sd_build(owned ? &owner : NULL, NULL, g, n, &sd, &len), LM_OK);
    LMT_TRUE(len <= sizeof s->sdbuf);
    memcpy(s->sdbuf, sd, len);
    s->sdbuf_len = len;
    free(sd);
}

static void everyone_full(void)
{
    static const char *const sids[] = {"S-1-1-0"};
    static const uint32_t masks[] = {LM__SHARE_RIGHT_FULL};
    static const bool deny[] = {false};

    data_share(sids, masks, deny, 1, true);
}

/* The share's DACL now, as SDDL. */
static const char *sddl_now(void)
{
    static char buf[256];
    char *s = NULL;

    LMT_EQ(lm__sd_to_sddl(F.shares[0].sdbuf, F.shares[0].sdbuf_len, &s, NULL), LM_OK);
    snprintf(buf, sizeof buf, "%s", s);
    free(s);
    return buf;
}

static void access_list_names(void)
{
    static const char *const sids[] = {ALICE, "S-1-1-0", "S-1-5-21-9-9-9-500", "S-1-5-32-545"};
    static const uint32_t masks[] = {LM__SHARE_RIGHT_FULL, LM__SHARE_RIGHT_READ, LM__SHARE_RIGHT_CHANGE,
                                     0x10000000};
    static const bool deny[] = {true, false, false, false};
    lm_share_access *a;
    size_t n;

    data_share(sids, masks, deny, 4, false);
    LMT_EQ(lm_share_access_list(H, "Data", &a, &n), LM_OK);
    LMT_EQ(n, 4);
    LMT_STR(a[0].share, "Data");
    LMT_STR(a[0].account, "DOM\\alice"); /* from the backend */
    LMT_STR(a[0].sid, ALICE);
    LMT_EQ(a[0].type, LM_SHARE_ACCESS_DENY);
    LMT_STR(a[0].right, "Full");
    LMT_STR(a[1].account, "Everyone"); /* well known: named here */
    LMT_STR(a[1].right, "Read");
    LMT_EQ(a[1].type, LM_SHARE_ACCESS_ALLOW);
    LMT_STR(a[2].account, "S-1-5-21-9-9-9-500"); /* nobody knows it */
    LMT_STR(a[2].right, "Change");
    LMT_STR(a[3].account, "BUILTIN\\Users");
    LMT_STR(a[3].right, "Custom(0x10000000)");
    LMT_EQ(a[3].mask, 0x10000000u);
    lm_share_access_list_free(a, n);
    /* one backend call for the two SIDs it is asked about */
    LMT_EQ(F.lookups, 1);

    /* a share with no descriptor is open to everyone */
    data_share(sids, masks, deny, 0, false);
    F.shares[0].sdbuf_len = 0;
    LMT_EQ(lm_share_access_list(H, "Data", &a, &n), LM_OK);
    LMT_EQ(n, 1);
    LMT_STR(a[0].account, "Everyone");
    LMT_STR(a[0].right, "Full");
    lm_share_access_list_free(a, n);

    LMT_EQ(lm_share_access_list(H, "Nope", &a, &n), LM_ENOENT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "Nope") != NULL);

    /* the backend failing to name SIDs fails the listing, with nothing left allocated */
    data_share(sids, masks, deny, 4, false);
    FX.fail_op = "lookup_names";
    FX.fail_status = LM_EACCES;
    LMT_EQ(lm_share_access_list(H, "Data", &a, &n), LM_EACCES);
}

static void grant_replaces_allow_entries(void)
{
    static const char *const sids[] = {"S-1-1-0", ALICE, ALICE};
    static const uint32_t masks[] = {LM__SHARE_RIGHT_READ, LM__SHARE_RIGHT_READ, LM__SHARE_RIGHT_FULL};
    static const bool deny[] = {false, false, true};

    data_share(sids, masks, deny, 3, true);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "alice", LM_SHARE_CHANGE), LM_OK);
    /* alice's allow entry replaced, her deny entry kept (first), Everyone untouched, the owner kept */
    LMT_STR(sddl_now(), "O:BAD:(D;;FA;;;" ALICE ")(A;;0x1200a9;;;WD)(A;;0x1301bf;;;" ALICE ")");
    LMT_EQ(F.set_sd_calls, 1);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "Everyone", LM_SHARE_FULL), LM_OK);
    LMT_STR(sddl_now(), "O:BAD:(D;;FA;;;" ALICE ")(A;;0x1301bf;;;" ALICE ")(A;;FA;;;WD)");
    /* a SID string works as an account */
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "S-1-5-32-544", LM_SHARE_READ), LM_OK);
    LMT_TRUE(strstr(sddl_now(), "(A;;0x1200a9;;;BA)") != NULL);
}

static void block_goes_first(void)
{
    everyone_full();
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_BLOCK, "DOM\\alice", LM_SHARE_READ), LM_OK);
    LMT_STR(sddl_now(), "O:BAD:(D;;FA;;;" ALICE ")(A;;FA;;;WD)");
    /* blocking again replaces the deny entry rather than adding another */
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_BLOCK, "alice", LM_SHARE_READ), LM_OK);
    LMT_STR(sddl_now(), "O:BAD:(D;;FA;;;" ALICE ")(A;;FA;;;WD)");
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_UNBLOCK, "alice", LM_SHARE_READ), LM_OK);
    LMT_STR(sddl_now(), "O:BAD:(A;;FA;;;WD)");
}

static void revoke_and_unblock_need_an_entry(void)
{
    everyone_full();
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_REVOKE, "alice", LM_SHARE_READ), LM_ENOENT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "'alice' has no allow entry") != NULL);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_UNBLOCK, "Everyone", LM_SHARE_READ), LM_ENOENT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "'Everyone' has no deny entry") != NULL);
    LMT_EQ(F.set_sd_calls, 0);
    /* revoking the last entry leaves an empty DACL: nobody has access */
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_REVOKE, "Everyone", LM_SHARE_READ), LM_OK);
    LMT_STR(sddl_now(), "O:BAD:");
}

static void refused_before_anything_changes(void)
{
    everyone_full();
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "bob", LM_SHARE_READ), LM_ENOENT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "'bob'") != NULL);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "S-1-x", LM_SHARE_READ), LM_EINVAL);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "", LM_SHARE_READ), LM_EINVAL);
    LMT_EQ(lm_share_access_change(H, "", LM_SHARE_ACCESS_GRANT, "alice", LM_SHARE_READ), LM_EINVAL);
    LMT_EQ(lm_share_access_change(H, "Data", (lm_share_access_op)9, "alice", LM_SHARE_READ), LM_EINVAL);
    LMT_EQ(lm_share_access_change(H, "Nope", LM_SHARE_ACCESS_GRANT, "alice", LM_SHARE_READ), LM_ENOENT);
    LMT_EQ(F.set_sd_calls, 0);
    /* the write itself failing is reported with the share's name */
    FX.fail_op = "share_set_sd";
    FX.fail_status = LM_EACCES;
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "alice", LM_SHARE_READ), LM_EACCES);
    LMT_TRUE(strstr(lm_host_error(H)->message, "share Data") != NULL);
    LMT_STR(sddl_now(), "O:BAD:(A;;FA;;;WD)");
}

/* A well-known name is resolved here, never through the backend. */
static void well_known_names_stay_local(void)
{
    everyone_full();
    F.lookups = 0;
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_GRANT, "BUILTIN\\Administrators", LM_SHARE_FULL),
           LM_OK);
    LMT_EQ(lm_share_access_change(H, "Data", LM_SHARE_ACCESS_BLOCK, "Guests", LM_SHARE_FULL), LM_OK);
    LMT_EQ(F.lookups, 0);
    LMT_STR(sddl_now(), "O:BAD:(D;;FA;;;BG)(A;;FA;;;WD)(A;;FA;;;BA)");
}

static const struct lmt_test tests[] = {
    LMT_TEST(access_list_names),
    LMT_TEST(grant_replaces_allow_entries),
    LMT_TEST(block_goes_first),
    LMT_TEST(revoke_and_unblock_need_an_entry),
    LMT_TEST(refused_before_anything_changes),
    LMT_TEST(well_known_names_stay_local),
    LMT_END,
};
const struct lmt_suite lmt_suite_host_share_access = {"host_share_access", NULL, NULL, NULL, tests};
