/* Replacing a file atomically: the one helper for every file lanman writes (config export -o, get), in the
 * library so that the CLI, the agent and the library's own XML layer share it, and so that one list of
 * temporary files exists per process for lm_atomic_file_remove_pending().
 *
 * The data goes to a new temporary file beside the target (PATH.tmp-PID-N, the same file system); commit
 * flushes it to disk, renames it over the target in one step and flushes the directory (POSIX: fsync,
 * rename, fsync of the directory; Windows: FlushFileBuffers, MoveFileExW with MOVEFILE_REPLACE_EXISTING |
 * MOVEFILE_WRITE_THROUGH). Until then the target is never touched, and abort (or a failed commit) removes
 * the temporary file, so a failure leaves neither a half-written file nor a stray temporary one.
 *
 * Permissions (POSIX): a new file gets the mode the umask gives (0666 & ~umask), as a shell redirection
 * would; a file that is replaced keeps its mode (and, where the process may set them, its owner and
 * group). */
#ifndef LANMAN_FILE_H
#define LANMAN_FILE_H

#include <stddef.h>

#include "lanman/error.h"
#include "lanman/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lm_atomic_file lm_atomic_file;

/* Creates the temporary file beside path; *out is set only on success, and is freed by commit or abort.
 * err (not NULL, as for every call here) names the path and the cause: LM_ENOENT (no such directory),
 * LM_EACCES, or LM_ESYS with the raw errno / Win32 code. */
LM_API lm_status lm_atomic_file_open(const char *path, lm_atomic_file **out, lm_error *err);

/* Appends n bytes. LM_EIO (disk full, ...) with the raw code in err. */
LM_API lm_status lm_atomic_file_write(lm_atomic_file *f, const void *p, size_t n, lm_error *err);

/* Flushes to disk, closes and renames over the target; frees f whatever happens (on failure the temporary
 * file is removed and the target left as it was). */
LM_API lm_status lm_atomic_file_commit(lm_atomic_file *f, lm_error *err);

/* Closes and removes the temporary file; frees f. NULL is fine. */
LM_API void lm_atomic_file_abort(lm_atomic_file *f);

/* Removes every temporary file of an lm_atomic_file that is open in this process, and nothing else. It is
 * async-signal-safe (unlink(2) or DeleteFileW on paths kept in lock-free slots): call it from a SIGINT or
 * SIGTERM handler, or a console control handler, that then ends the process; the targets stay as they
 * were. Up to 16 files open at once are covered. */
LM_API void lm_atomic_file_remove_pending(void);

#ifdef __cplusplus
}
#endif

#endif
