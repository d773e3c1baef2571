/* Replacing a file atomically, for portable code that writes documents (lib/xml): the platform part lives
 * in file_posix.c and file_win32.c, chosen by CMake.
 *
 * The data goes to a new temporary file in the target's directory; commit flushes it to disk and renames
 * it over the target in one step (rename(2); MoveFileExW with MOVEFILE_REPLACE_EXISTING on Windows). Until
 * then the target is never touched, and abort (or a failed commit) removes the temporary file, so a failure
 * leaves neither a half-written file nor a stray temporary one. */
#ifndef LM_NET_FILE_H
#define LM_NET_FILE_H

#include <stddef.h>

#include "lanman/error.h"

struct lm__atomic_file;

/* Creates the temporary file beside path. err (not NULL, as for every call here) names the path and the
 * cause: LM_ENOENT (no such directory), LM_EACCES, or LM_ESYS with the raw errno / Win32 code. */
lm_status lm__atomic_open(const char *path, struct lm__atomic_file **out, lm_error *err);

/* Appends n bytes. LM_EIO (disk full, ...) with the raw code in err. */
lm_status lm__atomic_write(struct lm__atomic_file *f, const void *p, size_t n, lm_error *err);

/* Flushes to disk, closes and renames over the target; frees f whatever happens (on failure the temporary
 * file is removed and the target left as it was). */
lm_status lm__atomic_commit(struct lm__atomic_file *f, lm_error *err);

/* Closes and removes the temporary file; frees f. NULL is fine. */
void lm__atomic_abort(struct lm__atomic_file *f);

#endif
