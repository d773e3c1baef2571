#include "lanman/version.h"

unsigned int lm_version(void)
{
    return LM_VERSION_HEX;
}

const char *lm_version_string(void)
{
    return LM_VERSION_STRING;
}
