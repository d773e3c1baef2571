/* lanman audit: who can reach and write the shares (share-write, admin-shares).
 *
 * What goes on the wire: srvsvc NetrShareEnum and NetrShareGetInfo (level 502, the share permissions) with
 * the caller's credentials; without them, or when they may not read the permissions, NetrShareEnum over a
 * null session and one TREE_CONNECT per disk share on an anonymous session, whose MaximalAccess tells what
 * that session could do (MS-SMB2 2.2.10). admin-shares is a TREE_CONNECT to C$ and ADMIN$ with the
 * credentials. No file is opened or created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "host/host.h"
#include "lanman/host.h"
#include "lanman/share.h"
#include "smb/conn.h"

/* The access bits that let a client add or change data (MS-SMB2 2.2.13.1.1, MS-DTYP 2.4.3): FILE_WRITE_DATA
 * (FILE_ADD_FILE on a directory), FILE_APPEND_DATA (FILE_ADD_SUBDIRECTORY), GENERIC_WRITE, GENERIC_ALL.
 * WRITE_DAC and WRITE_OWNER are left out: Samba grants them in the MaximalAccess of a read-only share
 * (0x001F00A9 for a guest on one), where they change no data. */
#define WRITE_BITS 0x50000006u

/* The groups whose write access makes a share open to (nearly) everyone. */
static const struct {
    const char *sid, *name;
} broad[] = {
    {"S-1-1-0", "Everyone"},
    {"S-1-5-7", "Anonymous"},
    {"S-1-5-32-546", "Guests"},
    {"S-1-5-11", "Authenticated Users"},
};
#define NBROAD (sizeof broad / sizeof broad[0])

/* The disk shares a check looks at, at most: a server with thousands costs one round trip (or an RPC) each.
 */
#define MAX_DISKS 256

/* The groups of broad[] (as bits) that the share permissions let write: for each group, its allowed bits
 * less its denied ones. */
unsigned lm__audit_broad_writers(const lm_share_access *acl, size_t n)
{
    uint32_t allow[NBROAD] = {0}, deny[NBROAD] = {0};
    unsigned who = 0;

    for (size_t i = 0; i < n; i++) {
        for (size_t g = 0; g < NBROAD; g++) {
            if (acl[i].sid == NULL || strcmp(acl[i].sid, broad[g].sid) != 0)
                continue;
            if (acl[i].type == LM_SHARE_ACCESS_DENY)
                deny[g] |= acl[i].mask;
            else
                allow[g] |= acl[i].mask;
        }
    }
    for (size_t g = 0; g < NBROAD; g++) {
        if (allow[g] & ~deny[g] & WRITE_BITS)
            who |= 1u << g;
    }
    return who;
}

/* "Everyone, Guests" for the bits of who. */
static void who_text(unsigned who, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t g = 0; g < NBROAD; g++) {
        if (who & 1u << g)
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? ", " : "", broad[g].name);
    }
}

static bool is_disk(const lm_share *s)
{
    return (s->type & LM_STYPE_MASK) == LM_STYPE_DISKTREE;
}

/* The share permissions of every disk share (needs credentials that may read level 502). LM_OK with the
 * finding set; LM_EACCES when the permissions cannot be read, with *shares and *n the list as far as the
 * credentials can see it (for the fallback), or another status. */
static lm_status by_dacl(lm_host *h, const lm_audit_check *c, lm_audit_finding *f, lm_share **shares,
                         size_t *n)
{
    struct lm__audit_names names = {0};
    unsigned all = 0;
    size_t disks = 0;
    lm_status st;
    char who[80];

    if ((st = lm_share_list(h, shares, n)) != LM_OK)
        return st;
    for (size_t i = 0; i < *n; i++) {
        lm_share_access *acl;
        size_t na;
        unsigned w;

        if (!is_disk(&(*shares)[i]))
            continue;
        if (disks == MAX_DISKS)
            break;
        if ((st = lm_share_access_list(h, (*shares)[i].name, &acl, &na)) == LM_EACCES)
            return st;
        if (st != LM_OK)
            continue; /* gone since the list, or unreadable: the others still tell */
        disks++;
        w = lm__audit_broad_writers(acl, na);
        lm_share_access_list_free(acl, na);
        if (w != 0)
            lm__audit_names_add(&names, (*shares)[i].name);
        all |= w;
    }
    who_text(all, who, sizeof who);
    if (all != 0)
        lm__audit_set(f, c, LM_AUDIT_FAIL, "share permissions let %s write %zu of %zu disk shares: %s", who,
                      names.shown + names.more, disks, lm__audit_names_text(&names));
    else if (disks == 0)
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "no disk share's permissions could be read");
    else
        lm__audit_set(f, c, LM_AUDIT_PASS,
                      "no share permissions let Everyone, Anonymous, Guests or "
                      "Authenticated Users write (%zu disk share%s)",
                      disks, disks == 1 ? "" : "s");
    return LM_OK;
}

/* What an anonymous session may do on each disk share: its TREE_CONNECT MaximalAccess. why says why the
 * permissions themselves were not read. */
static void by_tree_connect(const struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f,
                            const lm_share *shares, size_t n, const char *why)
{
    struct lm__audit_names names = {0};
    lm_smb_options o = *t->opt;
    size_t tried = 0, reached = 0;
    lm_smb *anon = lm__host_remote_smb(t->anon), *s = anon;
    lm_status st = LM_OK;

    o.allow_guest = true;
    /* the null session's connection (the same logon, one connection less), else one of its own */
    if (s == NULL && (st = lm_smb_connect(t->host, &o, &s, NULL)) == LM_OK) {
        st = lm_smb_login(s, NULL);
    }
    if (st != LM_OK) {
        lm_smb_close(s);
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "%s, and the anonymous logon failed (%s)", why,
                      lm_err_name(st));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        lm_smb_tree *tr;
        if (!is_disk(&shares[i]))
            continue;
        if (tried == MAX_DISKS)
            break;
        tried++;
        if ((st = lm_smb_tree_connect(s, shares[i].name, &tr)) == LM_ETIMEDOUT || st == LM_ECONNRESET ||
            st == LM_ENOTCONN)
            break; /* the connection is gone: the rest would only wait */
        if (st != LM_OK)
            continue;
        reached++;
        if (tr->maximal_access & WRITE_BITS)
            lm__audit_names_add(&names, shares[i].name);
        lm_smb_tree_disconnect(tr);
    }
    if (s != anon)
        lm_smb_close(s);
    if (names.shown + names.more > 0)
        lm__audit_set(f, c, LM_AUDIT_FAIL,
                      "the anonymous session may write %zu of %zu disk shares "
                      "(TREE_CONNECT MaximalAccess): %s; %s",
                      names.shown + names.more, tried, lm__audit_names_text(&names), why);
    else if (st == LM_ETIMEDOUT || st == LM_ECONNRESET || st == LM_ENOTCONN)
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "the anonymous session was lost after %zu disk shares (%s)",
                      tried, lm_err_name(st));
    else
        lm__audit_set(f, c, LM_AUDIT_PASS,
                      "the anonymous session may write none of %zu disk shares (%zu "
                      "reached; TREE_CONNECT MaximalAccess); %s",
                      tried, reached, why);
}

void lm__audit_share_write(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f)
{
    const char *why = "without credentials (-U) the share permissions were not read";
    const lm_share *anon;
    lm_share *shares = NULL;
    size_t n = 0;
    lm_host *h;
    lm_status st;

    if (t->creds != NULL) {
        if ((st = lm__audit_cred_host(t, &h)) != LM_OK) {
            lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "cannot log on to read the share permissions: %s",
                          lm_strerror(st));
            return;
        }
        st = by_dacl(h, c, f, &shares, &n);
        if (st == LM_OK) {
            lm_share_list_free(shares, n);
            return;
        }
        if (st != LM_EACCES) {
            lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "cannot list the shares: %s", lm_strerror(st));
            return;
        }
        why = "the credentials may not read the share permissions (level 502)";
    }
    if (shares != NULL) {
        by_tree_connect(t, c, f, shares, n, why);
        lm_share_list_free(shares, n);
        return;
    }
    /* The list null-enum got over the null session, if it ran. */
    if ((st = lm__audit_anon_shares(t, &anon, &n)) != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "%s, and the shares cannot be listed anonymously (%s)", why,
                      lm_err_name(st));
        return;
    }
    by_tree_connect(t, c, f, anon, n, why);
}

/* C$ and ADMIN$ with the caller's credentials: a TREE_CONNECT each, nothing opened. */
void lm__audit_admin_shares(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f)
{
    static const char *const admin[] = {"C$", "ADMIN$"};
    char seen[2][48];
    bool reached[2];
    lm_smb *s;
    lm_host *h;
    lm_status st;

    if (t->creds == NULL) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "needs credentials (-U): skipped");
        return;
    }
    /* the credentials' connection, shared with the other checks */
    if ((st = lm__audit_cred_host(t, &h)) == LM_OK && (s = lm__host_remote_smb(h)) == NULL)
        st = LM_ENOTSUP;
    if (st != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "cannot log on with the credentials: %s", lm_strerror(st));
        return;
    }
    for (int i = 0; i < 2; i++) {
        lm_smb_tree *tr;
        lm_status ts = lm_smb_tree_connect(s, admin[i], &tr);
        reached[i] = ts == LM_OK;
        if (reached[i])
            lm_smb_tree_disconnect(tr);
        snprintf(seen[i], sizeof seen[i], "%s %s", admin[i], reached[i] ? "reachable" : lm_err_name(ts));
    }
    lm__audit_set(f, c, reached[0] || reached[1] ? LM_AUDIT_FAIL : LM_AUDIT_PASS,
                  "with the given credentials: %s, %s (TREE_CONNECT only)", seen[0], seen[1]);
}
