/* The configuration document (lm_baseline_parse): untrusted XML from a file or the agent's baseline. Every
 * input must give a baseline or an error, with no network, DTD or entity expansion, and nothing leaked. */
#include "lanman/xml.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lm_baseline *b = NULL;
    lm_error err;

    lm_error_clear(&err);
    if (lm_baseline_parse(data, size, "fuzz.xml", &b, &err) == LM_OK)
        lm_baseline_free(b);
    return 0;
}
