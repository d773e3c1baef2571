/* POSIX side of trust.c: the owner and the mode of a file the agent reads and of every folder above it up
 * to /. Trusted owners are root and the agent's own user (under systemd's DynamicUser, the files it is
 * given). A group or others with write permission (which also covers POSIX ACL entries: the group class
 * bits show their mask) are the accounts that are not trusted.
 *
 * The path is resolved first (realpath), and each object is looked at with lstat, without following a
 * link: a link that appears after realpath is refused. Between the check and the agent's use, only an
 * account that can change the file or a folder above it could swap it, and the check proved there is none
 * but the trusted ones. */
/* realpath and S_ISVTX are XSI, beyond the build's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

const char *agent_plat_trusted(void)
{
    return "root or the agent's own user";
}

static void user_name(uid_t uid, char *buf, size_t size)
{
    struct passwd *pw = getpwuid(uid);

    if (pw != NULL)
        snprintf(buf, size, "user %s (uid %lu)", pw->pw_name, (unsigned long)uid);
    else
        snprintf(buf, size, "uid %lu", (unsigned long)uid);
}

static void group_name(gid_t gid, char *buf, size_t size)
{
    struct group *gr = getgrgid(gid);

    if (gr != NULL)
        snprintf(buf, size, "group %s", gr->gr_name);
    else
        snprintf(buf, size, "group %lu", (unsigned long)gid);
}

static bool examine_one(const char *path, enum agent_fs_place place, agent_fs_visit visit, void *ctx,
                        char *err, size_t errsize)
{
    struct agent_fs_grant g[2];
    struct agent_fs_obj o;
    struct stat st;
    unsigned can;

    if (lstat(path, &st) != 0) {
        snprintf(err, errsize, "cannot examine '%s': %s", path, strerror(errno));
        return false;
    }
    if (S_ISLNK(st.st_mode)) {
        snprintf(err, errsize, "'%s' became a symbolic link while it was examined", path);
        return false;
    }
    memset(&o, 0, sizeof o);
    o.path = path;
    o.place = place;
    o.is_dir = S_ISDIR(st.st_mode);
    o.owner_trusted = st.st_uid == 0 || st.st_uid == geteuid();
    user_name(st.st_uid, o.owner, sizeof o.owner);
    o.grants = g;
    /* Write permission on a folder is also the right to rename and delete its entries, unless the sticky
     * bit keeps that to their owners. */
    can = AGENT_CAN_WRITE | (o.is_dir && !(st.st_mode & S_ISVTX) ? AGENT_CAN_REPLACE : 0);
    if (st.st_mode & S_IWGRP) {
        group_name(st.st_gid, g[o.n].who, sizeof g[o.n].who);
        g[o.n].can = can;
        g[o.n++].inherit_only = false;
    }
    if (st.st_mode & S_IWOTH) {
        snprintf(g[o.n].who, sizeof g[o.n].who, "every user (others)");
        g[o.n].can = can;
        g[o.n++].inherit_only = false;
    }
    return visit(ctx, &o);
}

bool agent_plat_examine(const char *path, agent_fs_visit visit, void *ctx, char *err, size_t errsize)
{
    enum agent_fs_place place = AGENT_FS_FILE;
    char *real = realpath(path, NULL);
    struct stat st;
    bool ok = true;

    if (real == NULL && errno == ENOENT && lstat(path, &st) == 0) {
        /* A link to nothing: what it would create is somewhere else. */
        snprintf(err, errsize, "cannot resolve '%s': it is a link to something that does not exist", path);
        return false;
    }
    if (real == NULL && errno == ENOENT) {
        /* Not there (yet): its folder decides who could create it. */
        char *dir = strdup(path), *slash;
        if (dir == NULL) {
            snprintf(err, errsize, "out of memory");
            return false;
        }
        slash = strrchr(dir, '/');
        if (slash == NULL)
            strcpy(dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
        real = realpath(dir, NULL);
        free(dir);
        place = AGENT_FS_PARENT;
    }
    if (real == NULL) {
        snprintf(err, errsize, "cannot resolve '%s': %s", path, strerror(errno));
        return false;
    }
    for (;;) {
        char *slash;
        if (!examine_one(real, place, visit, ctx, err, errsize)) {
            ok = false;
            break;
        }
        if (strcmp(real, "/") == 0)
            break;
        slash = strrchr(real, '/');
        if (slash == real)
            slash[1] = '\0';
        else
            *slash = '\0';
        place = place == AGENT_FS_FILE ? AGENT_FS_PARENT : AGENT_FS_ANCESTOR;
    }
    free(real);
    return ok;
}
