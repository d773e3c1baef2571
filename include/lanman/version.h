/* lanman version. The build reads LM_VERSION_MAJOR/MINOR/PATCH from this file; it is the only place the
 * version is written down. */
#ifndef LANMAN_VERSION_H
#define LANMAN_VERSION_H

#include "lanman/export.h"

#define LM_VERSION_MAJOR 0
#define LM_VERSION_MINOR 1
#define LM_VERSION_PATCH 0

#define LM__STR2(x) #x
#define LM__STR(x)  LM__STR2(x)
#define LM_VERSION_STRING \
    LM__STR(LM_VERSION_MAJOR) "." LM__STR(LM_VERSION_MINOR) "." LM__STR(LM_VERSION_PATCH)
#define LM_VERSION_HEX ((LM_VERSION_MAJOR << 16) | (LM_VERSION_MINOR << 8) | LM_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library actually loaded, as LM_VERSION_HEX. */
LM_API unsigned int lm_version(void);

/* The same as "MAJOR.MINOR.PATCH"; a static string, never freed. */
LM_API const char *lm_version_string(void);

#ifdef __cplusplus
}
#endif

#endif
