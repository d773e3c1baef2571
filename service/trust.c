/* The files the agent reads and the folders above them: can anyone but a trusted account change them? The
 * agent runs as LocalSystem or root, and its baseline decides what it writes into the registry, so a file
 * or a folder that an ordinary user can change is a way to run code as SYSTEM. The rule is here, in one
 * place; trust_posix.c and trust_win32.c only report what the system says about each object. Portable: no
 * OS headers. */
#include <string.h>

#include "agent.h"

/* What untrusted accounts must not be able to do to an object, by its place on the path. */
static unsigned forbidden(enum agent_fs_place place, bool inherit_only)
{
    switch (place) {
    case AGENT_FS_FILE:
        return inherit_only ? 0 : AGENT_CAN_WRITE | AGENT_CAN_REPLACE | AGENT_CAN_CHMOD;
    case AGENT_FS_PARENT:
        /* Whoever can add an entry to the file's own folder can plant a file the agent has not created
         * yet (the drift log), and an entry inherited by new files reaches the ones the agent creates. */
        return AGENT_CAN_WRITE | AGENT_CAN_REPLACE | AGENT_CAN_CHMOD;
    case AGENT_FS_ANCESTOR:
    default:
        /* Adding entries to a folder higher up (C:\ProgramData, /tmp with its sticky bit) leaves the path
         * alone; renaming one of them, or changing the folder's permissions, does not. */
        return inherit_only ? 0 : AGENT_CAN_REPLACE | AGENT_CAN_CHMOD;
    }
}

static const char *verb(unsigned bit, bool dir)
{
    switch (bit) {
    case AGENT_CAN_WRITE:
        return dir ? "add files to" : "write to";
    case AGENT_CAN_REPLACE:
        return dir ? "rename or delete the entries of" : "replace or delete";
    default:
        return "change the permissions of";
    }
}

bool agent_fs_refuse(const struct agent_fs_obj *o, char *why, size_t size)
{
    char obj[AGENT_CONF_ERROR_MAX];

    if (o->place == AGENT_FS_FILE)
        snprintf(obj, sizeof obj, "it");
    else
        snprintf(obj, sizeof obj, "the folder '%s'", o->path);
    if (!o->owner_trusted) {
        snprintf(why, size, "%s is owned by %s", o->place == AGENT_FS_FILE ? "it" : obj, o->owner);
        return true;
    }
    for (size_t i = 0; i < o->n; i++) {
        const struct agent_fs_grant *g = &o->grants[i];
        unsigned bad = g->can & forbidden(o->place, g->inherit_only);
        if (bad == 0)
            continue;
        snprintf(why, size, "%s can %s %s%s", g->who, verb(bad & -bad, o->is_dir), obj,
                 g->inherit_only ? " (files created in it inherit this)" : "");
        return true;
    }
    return false;
}

struct walk {
    const char *what, *path;
    char *err;
    size_t errsize;
    bool refused;
};

static bool visit(void *ctx, const struct agent_fs_obj *o)
{
    struct walk *w = ctx;
    char why[AGENT_CONF_ERROR_MAX];

    if (!agent_fs_refuse(o, why, sizeof why))
        return true;
    snprintf(w->err, w->errsize,
             "refusing the %s '%s': %s; only %s may be able to change it and the folders above it", w->what,
             w->path, why, agent_plat_trusted());
    w->refused = true;
    return false;
}

enum agent_trust agent_trust_file(const char *what, const char *path, char *err, size_t errsize)
{
    struct walk w = {what, path, err, errsize, false};

    if (agent_plat_examine(path, visit, &w, err, errsize))
        return AGENT_TRUST_OK;
    return w.refused ? AGENT_TRUST_REFUSED : AGENT_TRUST_UNKNOWN;
}
