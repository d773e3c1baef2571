/* liblanman: control of the Windows Lanman services, their registry configuration and shares, locally
 * through Win32 and remotely through a portable SMB2 core. This umbrella header includes the whole public
 * API (every header in include/lanman/; tests/install/headers.sh checks it).
 *
 * Conventions of every call:
 *   - it returns lm_status: LM_OK (0) or a negative LM_E* code (error.h);
 *   - it reports a failure's message and raw code one way: on the handle it works on (lm_host_error,
 *     lm_smb_error) or, for a call that has no such handle yet (lm_host_open, lm_smb_connect,
 *     lm_baseline_load, lm_atomic_file_*), through its lm_error *err;
 *   - out-parameters are set only on success; what they own is freed by the paired function named in
 *     the comment (lm_share_list / lm_share_list_free, ...); strings are UTF-8. */
#ifndef LANMAN_LANMAN_H
#define LANMAN_LANMAN_H

#include "lanman/audit.h"
#include "lanman/config.h"
#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/file.h"
#include "lanman/host.h"
#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/session.h"
#include "lanman/share.h"
#include "lanman/smb.h"
#include "lanman/version.h"
#include "lanman/workstation.h"
#include "lanman/xml.h"

#endif
