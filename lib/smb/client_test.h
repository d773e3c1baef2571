/* Test-only: helpers of client.c that the unit tests reach directly (STYLE.md: a static helper is exposed
 * through a test-only header, never made public). Nothing outside client.c and tests/ includes this. */
#ifndef LM_SMB_CLIENT_TEST_H
#define LM_SMB_CLIENT_TEST_H

#include <stddef.h>

#include "core/cursor.h"
#include "lanman/smb.h"

/* Appends the entries of one FileIdBothDirectoryInformation chain (MS-FSCC 2.4.17), the output buffer of a
 * QUERY_DIRECTORY response, to *list (*n used of *cap, grown with realloc), leaving out "." and "..". On
 * error the entries appended so far stay in *list for the caller to free. */
lm_status lm__smb_parse_dir_entries(struct lm__cursor *buf, lm_smb_dirent **list, size_t *n, size_t *cap);

#endif
