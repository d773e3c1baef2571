/* Windows side of trust.c: the owner and the DACL of a file the agent reads and of every folder above it
 * up to the root of its volume; and the security of the agent's folder, which `install` sets.
 *
 * Trusted are SYSTEM, Administrators, TrustedInstaller and the account the agent runs as (LocalSystem for
 * the service; under Wine, Wine's user, which owns the files Wine maps from the Unix side). CREATOR OWNER
 * and CREATOR GROUP entries stand for whoever creates an entry: the agent itself. Every other SID that an
 * allow entry names is not trusted; deny entries are ignored (a refusal that a deny entry would make
 * unnecessary is the safe mistake). The path is resolved (GetFinalPathNameByHandleW) from a handle to the
 * file, and the folders above are those of the resolved path. */
#include <windows.h>

#include <aclapi.h>
#include <sddl.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "agent.h"
#include "agent_win32.h"
#include "wide.h"

#define TRUSTED_INSTALLER L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"

const char *agent_plat_trusted(void)
{
    return "SYSTEM, Administrators, TrustedInstaller or the agent's own account";
}

/* The process's own user SID (LocalSystem for the service). */
static PSID self_sid(void)
{
    static union {
        TOKEN_USER u;
        BYTE b[512];
    } tu;
    static bool done;
    HANDLE t;
    DWORD got;

    if (!done && OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t)) {
        done = GetTokenInformation(t, TokenUser, &tu, sizeof tu, &got) != 0;
        CloseHandle(t);
    }
    return done ? tu.u.User.Sid : NULL;
}

static bool sid_trusted(PSID sid)
{
    static const WELL_KNOWN_SID_TYPE known[] = {WinLocalSystemSid, WinBuiltinAdministratorsSid,
                                                WinCreatorOwnerSid, WinCreatorGroupSid};
    BYTE buf[SECURITY_MAX_SID_SIZE];
    PSID ti = NULL, self = self_sid();
    bool ok;

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        DWORD n = sizeof buf;
        if (CreateWellKnownSid(known[i], NULL, buf, &n) && EqualSid(sid, buf))
            return true;
    }
    if (self != NULL && EqualSid(sid, self))
        return true;
    if (!ConvertStringSidToSidW(TRUSTED_INSTALLER, &ti))
        return false;
    ok = EqualSid(sid, ti) != 0;
    LocalFree(ti);
    return ok;
}

/* "DOMAIN\name (S-1-...)", or the SID alone, into buf. */
static void sid_name(PSID sid, char *buf, size_t size)
{
    wchar_t name[256], dom[256], *str = NULL;
    DWORD nn = 256, dn = 256;
    SID_NAME_USE use;
    char *s = NULL, *d = NULL, *q = NULL;

    if (ConvertSidToStringSidW(sid, &str))
        q = lm__narrow(str);
    if (LookupAccountSidW(NULL, sid, name, &nn, dom, &dn, &use)) {
        s = lm__narrow(name);
        d = lm__narrow(dom);
    }
    if (s != NULL && d != NULL && *d != '\0')
        snprintf(buf, size, "%s\\%s (%s)", d, s, q != NULL ? q : "?");
    else if (s != NULL)
        snprintf(buf, size, "%s (%s)", s, q != NULL ? q : "?");
    else
        snprintf(buf, size, "%s", q != NULL ? q : "an unknown account");
    free(s);
    free(d);
    free(q);
    if (str != NULL)
        LocalFree(str);
}

static unsigned rights(ACCESS_MASK m)
{
    GENERIC_MAPPING map = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};
    unsigned can = 0;

    MapGenericMask(&m, &map);
    if (m & (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA))
        can |= AGENT_CAN_WRITE;
    if (m & (DELETE | FILE_DELETE_CHILD))
        can |= AGENT_CAN_REPLACE;
    if (m & (WRITE_DAC | WRITE_OWNER))
        can |= AGENT_CAN_CHMOD;
    return can;
}

/* The path for messages: without the \\?\ of GetFinalPathNameByHandleW. */
static char *display(const wchar_t *w)
{
    if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0) {
        wchar_t *u = calloc(wcslen(w), sizeof *u);
        char *s;
        if (u == NULL)
            return NULL;
        u[0] = L'\\';
        wcscpy(u + 1, w + 7);
        s = lm__narrow(u);
        free(u);
        return s;
    }
    return lm__narrow(wcsncmp(w, L"\\\\?\\", 4) == 0 ? w + 4 : w);
}

/* What dacl grants accounts other than the trusted ones, into g (room for one entry per ACE, and at least
 * one); returns how many entries it filled. */
static size_t untrusted_grants(PACL dacl, struct agent_fs_grant *g)
{
    size_t n = 0;

    if (dacl == NULL) {
        /* A NULL DACL grants everything to everyone. */
        snprintf(g[0].who, sizeof g[0].who, "Everyone (it has no DACL)");
        g[0].can = AGENT_CAN_WRITE | AGENT_CAN_REPLACE | AGENT_CAN_CHMOD;
        return 1;
    }
    for (DWORD i = 0; i < dacl->AceCount; i++) {
        ACE_HEADER *ace;
        PSID sid = NULL;
        unsigned can;
        if (!GetAce(dacl, i, (void **)&ace))
            continue;
        switch (ace->AceType) {
        case ACCESS_ALLOWED_ACE_TYPE:
        case ACCESS_ALLOWED_CALLBACK_ACE_TYPE:
            sid = &((ACCESS_ALLOWED_ACE *)ace)->SidStart;
            if (sid_trusted(sid))
                continue;
            break;
        case ACCESS_ALLOWED_COMPOUND_ACE_TYPE:
        case ACCESS_ALLOWED_OBJECT_ACE_TYPE:
        case ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE:
            break; /* the mask follows the header in each; whom it names is not looked into */
        default:
            continue; /* deny, audit, label */
        }
        if ((can = rights(((ACCESS_ALLOWED_ACE *)ace)->Mask)) == 0)
            continue;
        if (sid != NULL)
            sid_name(sid, g[n].who, sizeof g[n].who);
        else
            snprintf(g[n].who, sizeof g[n].who, "an account of an object-specific entry");
        g[n].can = can;
        g[n++].inherit_only = (ace->AceFlags & INHERIT_ONLY_ACE) != 0;
    }
    return n;
}

static bool examine_handle(HANDLE h, const wchar_t *wpath, enum agent_fs_place place, agent_fs_visit visit,
                           void *ctx, char *err, size_t errsize)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL;
    PACL dacl = NULL;
    BY_HANDLE_FILE_INFORMATION fi;
    struct agent_fs_grant *g = NULL;
    struct agent_fs_obj o;
    char *path = display(wpath), buf[600];
    DWORD rc;
    bool ok = false;

    memset(&o, 0, sizeof o);
    if (path == NULL) {
        snprintf(err, errsize, "out of memory");
        return false;
    }
    rc = GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                         NULL, &dacl, NULL, &sd);
    if (rc != ERROR_SUCCESS || !GetFileInformationByHandle(h, &fi)) {
        if (rc == ERROR_SUCCESS)
            rc = GetLastError();
        snprintf(err, errsize, "cannot read the security of '%s': %s", path,
                 agent_win32_text(rc, buf, sizeof buf));
        goto out;
    }
    if ((g = calloc(dacl != NULL ? (size_t)dacl->AceCount + 1 : 1, sizeof *g)) == NULL) {
        snprintf(err, errsize, "out of memory");
        goto out;
    }
    o.path = path;
    o.place = place;
    o.is_dir = (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    o.owner_trusted = owner != NULL && sid_trusted(owner);
    if (owner != NULL)
        sid_name(owner, o.owner, sizeof o.owner);
    else
        snprintf(o.owner, sizeof o.owner, "no one");
    o.grants = g;
    o.n = untrusted_grants(dacl, g);
    if (visit(ctx, &o))
        ok = true;
out:
    free(g);
    free(path);
    if (sd != NULL)
        LocalFree(sd);
    return ok;
}

static HANDLE open_for_security(const wchar_t *path, DWORD access, DWORD flags)
{
    /* BACKUP_SEMANTICS: folders open too. */
    return CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | flags, NULL);
}

/* The length of the root of a resolved path: "\\?\C:\" or "\\?\UNC\server\share\"; 0 when unknown. */
static size_t root_len(const wchar_t *p)
{
    size_t off = wcsncmp(p, L"\\\\?\\", 4) == 0 ? 4 : 0;
    const wchar_t *q;

    if (wcsncmp(p + off, L"UNC\\", 4) == 0) {
        /* server\share\ */
        q = wcschr(p + off + 4, L'\\');
        if (q == NULL || (q = wcschr(q + 1, L'\\')) == NULL)
            return wcslen(p);
        return (size_t)(q - p) + 1;
    }
    if (p[off] != L'\0' && p[off + 1] == L':' && p[off + 2] == L'\\')
        return off + 3;
    return 0;
}

bool agent_plat_examine(const char *path, agent_fs_visit visit, void *ctx, char *err, size_t errsize)
{
    enum agent_fs_place place = AGENT_FS_FILE;
    wchar_t *w = lm__wide(path), *cur = NULL;
    HANDLE h;
    DWORD n, e;
    size_t root;
    char buf[600];
    bool ok = false;

    if (w == NULL) {
        snprintf(err, errsize, "out of memory");
        return false;
    }
    h = open_for_security(w, READ_CONTROL, 0);
    e = h == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
    if (e == ERROR_FILE_NOT_FOUND && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES) {
        /* A link to nothing: what it would create is somewhere else. */
        snprintf(err, errsize, "cannot resolve '%s': it is a link to something that does not exist", path);
        free(w);
        return false;
    }
    if (e == ERROR_FILE_NOT_FOUND) {
        /* Not there (yet): its folder decides who could create it. */
        wchar_t full[MAX_PATH * 4], *slash;
        n = GetFullPathNameW(w, MAX_PATH * 4, full, NULL);
        if (n > 0 && n < MAX_PATH * 4 && (slash = wcsrchr(full, L'\\')) != NULL) {
            slash[slash > full && slash[-1] == L':' ? 1 : 0] = L'\0';
            h = open_for_security(full, READ_CONTROL, 0);
            e = h == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
            place = AGENT_FS_PARENT;
        }
    }
    if (h == INVALID_HANDLE_VALUE) {
        snprintf(err, errsize, "cannot examine '%s': %s", path, agent_win32_text(e, buf, sizeof buf));
        free(w);
        return false;
    }
    n = GetFinalPathNameByHandleW(h, NULL, 0, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (n == 0 || (cur = calloc((size_t)n + 1, sizeof *cur)) == NULL ||
        GetFinalPathNameByHandleW(h, cur, n + 1, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS) == 0 ||
        (root = root_len(cur)) == 0) {
        e = GetLastError();
        snprintf(err, errsize, "cannot resolve '%s': %s", path, agent_win32_text(e, buf, sizeof buf));
        CloseHandle(h);
        goto out;
    }
    ok = examine_handle(h, cur, place, visit, ctx, err, errsize);
    CloseHandle(h);
    while (ok && wcslen(cur) > root) {
        wchar_t *slash = wcsrchr(cur, L'\\');
        if (slash == NULL)
            break;
        /* The root keeps its backslash. */
        cur[(size_t)(slash - cur) < root ? root : (size_t)(slash - cur)] = L'\0';
        place = place == AGENT_FS_FILE ? AGENT_FS_PARENT : AGENT_FS_ANCESTOR;
        if ((h = open_for_security(cur, READ_CONTROL, 0)) == INVALID_HANDLE_VALUE) {
            char *d = display(cur);
            e = GetLastError();
            snprintf(err, errsize, "cannot examine '%s': %s", d != NULL ? d : "?",
                     agent_win32_text(e, buf, sizeof buf));
            free(d);
            ok = false;
            break;
        }
        ok = examine_handle(h, cur, place, visit, ctx, err, errsize);
        CloseHandle(h);
    }
out:
    free(cur);
    free(w);
    return ok;
}

/* Opens the existing agent's folder dir (name in UTF-8), looked at without following a link: a junction
 * would make us change another folder. The handle, which the caller closes once the folder's security is
 * set, only when it is a real folder that a trusted account owns; otherwise INVALID_HANDLE_VALUE, with why
 * on stderr. */
static HANDLE open_existing_folder(const wchar_t *dir, const char *name)
{
    PSECURITY_DESCRIPTOR cur = NULL;
    BY_HANDLE_FILE_INFORMATION fi;
    PSID cur_owner = NULL;
    char buf[600], who[AGENT_WHO_MAX];
    HANDLE h = open_for_security(dir, READ_CONTROL, FILE_FLAG_OPEN_REPARSE_POINT);
    bool ok = false;

    if (h == INVALID_HANDLE_VALUE || !GetFileInformationByHandle(h, &fi) ||
        GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &cur_owner, NULL, NULL, NULL, &cur) !=
            ERROR_SUCCESS) {
        fprintf(stderr, AGENT_NAME ": cannot examine the agent's folder %s: %s\n", name,
                agent_win32_text(GetLastError(), buf, sizeof buf));
    } else if ((fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0 ||
               (fi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
        fprintf(stderr,
                AGENT_NAME ": %s is not a folder but a file or a link; remove it and run install again\n",
                name);
    } else if (cur_owner == NULL || !sid_trusted(cur_owner)) {
        if (cur_owner != NULL)
            sid_name(cur_owner, who, sizeof who);
        fprintf(stderr,
                AGENT_NAME
                ": the agent's folder %s exists and is owned by %s, not by an administrator: what "
                "it holds may have been planted to run code as SYSTEM. Check its contents, delete it "
                "and run install again\n",
                name, cur_owner != NULL ? who : "no one");
    } else {
        ok = true;
    }
    if (cur != NULL)
        LocalFree(cur);
    if (!ok && h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        h = INVALID_HANDLE_VALUE;
    }
    return h;
}

bool agent_secure_folder(const wchar_t *dir)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_ATTRIBUTES sa;
    PSID owner = NULL;
    PACL dacl = NULL;
    BOOL present, defaulted;
    char *name = lm__narrow(dir), buf[600];
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD e;
    bool ok = false;

    if (name == NULL || !ConvertStringSecurityDescriptorToSecurityDescriptorW(AGENT_FOLDER_SDDL,
                                                                              SDDL_REVISION_1, &sd, NULL)) {
        fprintf(stderr, AGENT_NAME ": cannot build the security of the agent's folder\n");
        goto out;
    }
    sa.nLength = sizeof sa;
    sa.lpSecurityDescriptor = sd;
    sa.bInheritHandle = FALSE;
    /* Created with its security in one step: it is never open to others, not even for a moment. */
    if (CreateDirectoryW(dir, &sa)) {
        printf("created %s (SYSTEM and Administrators only)\n", name);
        ok = true;
        goto out;
    }
    if ((e = GetLastError()) != ERROR_ALREADY_EXISTS) {
        fprintf(stderr, AGENT_NAME ": cannot create the agent's folder %s: %s\n", name,
                agent_win32_text(e, buf, sizeof buf));
        goto out;
    }
    /* It exists: only a real folder a trusted account owns gets the agent's security. */
    if ((h = open_existing_folder(dir, name)) == INVALID_HANDLE_VALUE)
        goto out;
    if (!GetSecurityDescriptorOwner(sd, &owner, &defaulted) ||
        !GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted)) {
        fprintf(stderr, AGENT_NAME ": cannot build the security of the agent's folder\n");
        goto out;
    }
    /* SetNamedSecurityInfoW also passes the new inherited entries down to what the folder holds. */
    e = SetNamedSecurityInfoW((wchar_t *)dir, SE_FILE_OBJECT,
                              OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                  PROTECTED_DACL_SECURITY_INFORMATION,
                              owner, NULL, dacl, NULL);
    if (e != ERROR_SUCCESS) {
        fprintf(stderr, AGENT_NAME ": cannot set the security of the agent's folder %s: %s\n", name,
                agent_win32_text(e, buf, sizeof buf));
        goto out;
    }
    printf("%s: security reset (SYSTEM and Administrators only)\n", name);
    ok = true;
out:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    if (sd != NULL)
        LocalFree(sd);
    free(name);
    return ok;
}
