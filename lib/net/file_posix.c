/* Atomic file replacement on POSIX (file.h): a temporary file created with O_EXCL in the target's
 * directory, fsync, rename, then fsync of the directory so that the rename itself is durable. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/file.h"

struct lm__atomic_file {
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

static void release(struct lm__atomic_file *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

lm_status lm__atomic_open(const char *path, struct lm__atomic_file **out, lm_error *err)
{
    struct lm__atomic_file *f = calloc(1, sizeof *f);
    size_t n = path != NULL ? strlen(path) : 0;
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
    /* PATH.tmp-PID-N beside the target: the same file system, so the rename is atomic. O_EXCL never opens
     * someone else's file; mode 0666 lets the umask decide, as a shell redirection would. */
    for (unsigned i = 0; i < 100; i++) {
        snprintf(f->tmp, n + 32, "%s.tmp-%ld-%u", path, (long)getpid(), (unsigned)(time(NULL) + i) % 100000u);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (f->fd >= 0) {
            *out = f;
            return LM_OK;
        }
        if ((e = errno) != EEXIST)
            break;
    }
    release(f);
    return fail(err, e, "cannot create a temporary file beside", path);
}

lm_status lm__atomic_write(struct lm__atomic_file *f, const void *p, size_t n, lm_error *err)
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

lm_status lm__atomic_commit(struct lm__atomic_file *f, lm_error *err)
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
    else
        sync_dir(f->path);
    release(f);
    return st;
}

void lm__atomic_abort(struct lm__atomic_file *f)
{
    if (f == NULL)
        return;
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    release(f);
}
