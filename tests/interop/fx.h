/* Short forms of the fixture's values for interop C tests (over smbdenv.h). */
#ifndef LANMAN_TEST_FX_H
#define LANMAN_TEST_FX_H

#include <stdlib.h>

#include "smbdenv.h"

/* A value of the fixture's env file; "" when absent (lmt_smbd_init has checked the file). */
static inline const char *fx(const char *key)
{
    const char *v = lmt_smbd_get(key);
    return v != NULL ? v : "";
}

static inline unsigned short fx_port(void)
{
    return (unsigned short)atoi(fx("LANMAN_TEST_PORT"));
}

/* For tools outside CUnit: NULL when the fixture is up and loaded, else why not. */
static inline const char *fx_load(void)
{
    const char *why = lmt_smbd_skip();
    if (why != NULL)
        return why;
    return lmt_smbd_init() == 0 ? NULL : "the smbd fixture's env file cannot be read";
}

#endif
