/* The temporary files of lm_atomic_file that exist right now, for lm_atomic_file_remove_pending(), which a
 * signal handler calls at any moment: so the list is a fixed array of lock-free atomic pointers, never a
 * lock or an allocation. Portable; the platform halves (file_posix.c, file_win32.c) store their own path
 * type (char or wchar_t) and remove the files. */
#ifndef LM_OS_FILE_PENDING_H
#define LM_OS_FILE_PENDING_H

#include <stdbool.h>
#include <stddef.h>

#define LM__PENDING_MAX 16

/* Publishes path (a complete, NUL-terminated string that stays valid until it is dropped); false when every
 * slot is taken, in which case the file is simply not covered. */
bool lm__pending_add(const void *path);

/* Withdraws path; call it once the file is gone or renamed, before path is freed. */
void lm__pending_drop(const void *path);

/* Slot i (0 <= i < LM__PENDING_MAX): a published path or NULL. Async-signal-safe. */
const void *lm__pending_get(size_t i);

#endif
