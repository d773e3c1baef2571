/* A Shares registry value (REG_MULTI_SZ of Key=Value strings) as either backend reads it from a hostile or
 * hand-edited registry: parsed, and when it parses, formatted back. The first input byte picks the value
 * type, so that a value of the wrong type is covered too. */
#include "core/regval.h"
#include "core/shareconf.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__regval v;
    struct lm__shareconf sc;
    lm_error err;

    if (size < 1)
        return 0;
    /* REG_MULTI_SZ (7) mostly; any type number up to REG_QWORD (11) otherwise. */
    v.type = data[0] < 0xF0 ? LM_REG_MULTI_SZ : (uint32_t)(data[0] & 0x0F);
    v.data = (uint8_t *)(uintptr_t)(data + 1); /* only read */
    v.len = size - 1;
    lm_error_clear(&err);
    if (lm__shareconf_from_regval("Fuzz", &v, &sc, &err) == LM_OK) {
        struct lm__regval back;
        struct lm__strlist l;

        if (lm__shareconf_format(&sc, &l) == LM_OK)
            lm__strlist_free(&l);
        if (lm__shareconf_to_regval(&sc, &back, &err) == LM_OK)
            lm__regval_free(&back);
        lm__sharetype_decode(sc.type);
        lm__shareconf_free(&sc);
    }
    return 0;
}
