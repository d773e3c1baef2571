/* Atomic file replacement on POSIX (lanman/file.h): a temporary file created with O_EXCL in the target's
 * directory, fsync, rename, then fsync of the directory so that the rename itself is durable. The Windows
 * half is file_win32.c. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lanman/file.h"
#include "os/file_pending.h"

struct lm_atomic_file {
    int fd;
    char *path, *tmp;
};

static lm_status errno_status(int e)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return LM_ENOENT;
    case EACCES:
    case EPERM:
    case EROFS:
        return LM_EACCES;
    case ENOSPC:
    case EIO:
    case EDQUOT:
    case EFBIG:
        return LM_EIO;
    default:
        return LM_ESYS;
    }
}

static lm_status fail(lm_error *err, int e, const char *what, const char *path)
{
    return lm_error_set(err, errno_status(e), LM_RAW_ERRNO, (uint32_t)e, "%s %s: %s", what, path,
                        strerror(e));
}

static void release(struct lm_atomic_file *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

lm_status lm_atomic_file_open(const char *path, struct lm_atomic_file **out, lm_error *err)
{
    struct lm_atomic_file *f = calloc(1, sizeof *f);
    size_t n = path != NULL ? strlen(path) : 0;
    struct stat old;
    bool keep;
    int e = 0;

    if (n == 0) {
        free(f);
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "no file name");
    }
    if (f == NULL || (f->path = strdup(path)) == NULL || (f->tmp = malloc(n + 32)) == NULL) {
        if (f != NULL)
            release(f);
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    /* A file that is replaced keeps its permissions: the temporary file starts private and gets them right
     * away. A new one is created 0666 and the umask decides, as a shell redirection would. */
    keep = stat(path, &old) == 0 && S_ISREG(old.st_mode);
    /* PATH.tmp-PID-N beside the target: the same file system, so the rename is atomic. O_EXCL never opens
     * someone else's file. The name is published before the file exists, so that a signal at any point
     * finds it (a name taken already can only be a leftover of an earlier process with our PID). */
    for (unsigned i = 0; i < 100; i++) {
        bool published;

        snprintf(f->tmp, n + 32, "%s.tmp-%ld-%u", path, (long)getpid(), (unsigned)(time(NULL) + i) % 100000u);
        published = lm__pending_add(f->tmp);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, keep ? 0600 : 0666);
        if (f->fd >= 0)
            break;
        e = errno;
        if (published)
            lm__pending_drop(f->tmp);
        if (e != EEXIST)
            break;
    }
    if (f->fd < 0) {
        release(f);
        return fail(err, e, "cannot create a temporary file beside", path);
    }
    if (keep) {
        if (old.st_uid != geteuid() || old.st_gid != getegid())
            (void)!fchown(f->fd, old.st_uid, old.st_gid); /* best effort: only root may give a file away */
        if (fchmod(f->fd, old.st_mode & 0777) != 0) {
            e = errno;
            lm_atomic_file_abort(f);
            return fail(err, e, "cannot set the permissions of a temporary file beside", path);
        }
    }
    *out = f;
    return LM_OK;
}

lm_status lm_atomic_file_write(struct lm_atomic_file *f, const void *p, size_t n, lm_error *err)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(f->fd, c, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return fail(err, w < 0 ? errno : EIO, "cannot write", f->tmp);
        c += w;
        n -= (size_t)w;
    }
    return LM_OK;
}

/* The directory of path, so that the rename is made durable too. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL   ? strdup(".")
                : slash == path ? strdup("/")
                                : strndup(path, (size_t)(slash - path));
    int fd = dir != NULL ? open(dir, O_RDONLY | O_CLOEXEC) : -1;

    if (fd >= 0) {
        fsync(fd); /* best effort: the data itself is already on disk */
        close(fd);
    }
    free(dir);
}

lm_status lm_atomic_file_commit(struct lm_atomic_file *f, lm_error *err)
{
    lm_status st = LM_OK;

    if (fsync(f->fd) != 0)
        st = fail(err, errno, "cannot flush", f->tmp);
    if (close(f->fd) != 0 && st == LM_OK)
        st = fail(err, errno, "cannot close", f->tmp);
    f->fd = -1;
    if (st == LM_OK && rename(f->tmp, f->path) != 0)
        st = fail(err, errno, "cannot replace", f->path);
    if (st != LM_OK)
        unlink(f->tmp);
    lm__pending_drop(f->tmp);
    if (st == LM_OK)
        sync_dir(f->path);
    release(f);
    return st;
}

void lm_atomic_file_abort(struct lm_atomic_file *f)
{
    if (f == NULL)
        return;
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    lm__pending_drop(f->tmp);
    release(f);
}

void lm_atomic_file_remove_pending(void)
{
    for (size_t i = 0; i < LM__PENDING_MAX; i++) {
        const char *p = lm__pending_get(i);

        if (p != NULL)
            unlink(p);
    }
}
