/* Atomic file replacement on Windows (lanman/file.h): a temporary file created with CREATE_NEW in the
 * target's directory, FlushFileBuffers, then MoveFileExW with MOVEFILE_REPLACE_EXISTING |
 * MOVEFILE_WRITE_THROUGH. The POSIX half is file_posix.c. */
#include <windows.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanman/file.h"
#include "os/file_pending.h"
#include "os/wide.h"

struct lm_atomic_file {
    HANDLE h;
    wchar_t *path, *tmp;
    char *name; /* the target in UTF-8, for messages */
};

static lm_status win32_status(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
        return LM_ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
    case ERROR_SHARING_VIOLATION:
        return LM_EACCES;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return LM_EIO;
    default:
        return LM_ESYS;
    }
}

static lm_status fail(lm_error *err, DWORD e, const char *what, const char *name)
{
    return lm_error_set(err, win32_status(e), LM_RAW_WIN32, (uint32_t)e, "%s %s (Win32 error %lu)", what,
                        name, (unsigned long)e);
}

static void release(struct lm_atomic_file *f)
{
    free(f->path);
    free(f->tmp);
    free(f->name);
    free(f);
}

lm_status lm_atomic_file_open(const char *path, struct lm_atomic_file **out, lm_error *err)
{
    struct lm_atomic_file *f;
    size_t n;
    DWORD e = ERROR_FILE_EXISTS;

    if (path == NULL || path[0] == '\0')
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "no file name");
    if ((f = calloc(1, sizeof *f)) == NULL)
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    f->h = INVALID_HANDLE_VALUE;
    if ((f->path = lm__wide(path)) == NULL) {
        release(f);
        return lm_error_set(err, LM_EILSEQ, LM_RAW_NONE, 0, "file name is not valid UTF-8");
    }
    n = wcslen(f->path);
    f->name = malloc(strlen(path) + 1);
    f->tmp = malloc((n + 32) * sizeof(wchar_t));
    if (f->name == NULL || f->tmp == NULL) {
        release(f);
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    strcpy(f->name, path);
    /* PATH.tmp-PID-N beside the target: the same volume, so the move is a rename. The name is published
     * before the file exists, so that a console control handler at any point finds it; FILE_SHARE_DELETE
     * lets that handler's DeleteFileW succeed while the file is open (it goes when the process ends). */
    for (unsigned i = 0; i < 100 && e == ERROR_FILE_EXISTS; i++) {
        bool published;

        _snwprintf(f->tmp, n + 32, L"%ls.tmp-%lu-%u", f->path, (unsigned long)GetCurrentProcessId(),
                   (unsigned)(GetTickCount() + i) % 100000u);
        f->tmp[n + 31] = L'\0';
        published = lm__pending_add(f->tmp);
        f->h = CreateFileW(f->tmp, GENERIC_WRITE, FILE_SHARE_DELETE, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                           NULL);
        if (f->h != INVALID_HANDLE_VALUE) {
            *out = f;
            return LM_OK;
        }
        e = GetLastError();
        if (published)
            lm__pending_drop(f->tmp);
    }
    fail(err, e, "cannot create a temporary file beside", path);
    release(f);
    return err->status;
}

lm_status lm_atomic_file_write(struct lm_atomic_file *f, const void *p, size_t n, lm_error *err)
{
    const char *c = p;

    while (n > 0) {
        DWORD chunk = n > 0x40000000u ? 0x40000000u : (DWORD)n, done = 0;

        if (!WriteFile(f->h, c, chunk, &done, NULL) || done == 0)
            return fail(err, GetLastError(), "cannot write the temporary file for", f->name);
        c += done;
        n -= done;
    }
    return LM_OK;
}

lm_status lm_atomic_file_commit(struct lm_atomic_file *f, lm_error *err)
{
    lm_status st = LM_OK;

    if (!FlushFileBuffers(f->h))
        st = fail(err, GetLastError(), "cannot flush the temporary file for", f->name);
    if (!CloseHandle(f->h) && st == LM_OK)
        st = fail(err, GetLastError(), "cannot close the temporary file for", f->name);
    f->h = INVALID_HANDLE_VALUE;
    if (st == LM_OK && !MoveFileExW(f->tmp, f->path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        st = fail(err, GetLastError(), "cannot replace", f->name);
    if (st != LM_OK)
        DeleteFileW(f->tmp);
    lm__pending_drop(f->tmp);
    release(f);
    return st;
}

void lm_atomic_file_abort(struct lm_atomic_file *f)
{
    if (f == NULL)
        return;
    if (f->h != INVALID_HANDLE_VALUE)
        CloseHandle(f->h);
    DeleteFileW(f->tmp);
    lm__pending_drop(f->tmp);
    release(f);
}

void lm_atomic_file_remove_pending(void)
{
    for (size_t i = 0; i < LM__PENDING_MAX; i++) {
        const wchar_t *p = lm__pending_get(i);

        if (p != NULL)
            DeleteFileW(p);
    }
}
