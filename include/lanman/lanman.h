/* liblanman: control of the Windows Lanman services, their registry configuration and shares, locally
 * through Win32 and remotely through a portable SMB2 core. This umbrella header includes the whole public
 * API. */
#ifndef LANMAN_LANMAN_H
#define LANMAN_LANMAN_H

#include "lanman/export.h"
#include "lanman/error.h"
#include "lanman/file.h"
#include "lanman/host.h"
#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/share.h"
#include "lanman/smb.h"
#include "lanman/version.h"
#include "lanman/xml.h"

#endif
