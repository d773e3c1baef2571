/* Registry values: raw bytes as a server (BaseRegQueryValue) or the local registry returns them, to text;
 * and text, as the configuration document or the command line carries it, to bytes. The first input byte
 * is the value type; the rest is the data, and also (up to its first NUL) the text. */
#include <stdlib.h>

#include "core/regval.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__regval v, back;
    struct lm__strlist l;
    char *text = NULL, *in;
    lm_error err;

    if (size < 1)
        return 0;
    v.type = data[0] < 0xF0 ? data[0] % 12u : 0x100u + data[0]; /* the known types, and a few unknown ones */
    v.data = (uint8_t *)(uintptr_t)(data + 1);                  /* only read */
    v.len = size - 1;
    lm_error_clear(&err);
    if (lm__regval_to_text(&v, &text, &err) == LM_OK) {
        if (lm__regval_from_text(v.type, text, &back, &err) == LM_OK)
            lm__regval_free(&back);
        free(text);
    }
    if (lm__multisz_parse(data + 1, size - 1, &l) == LM_OK)
        lm__strlist_free(&l);
    if ((in = malloc(size)) == NULL)
        return 0;
    memcpy(in, data + 1, size - 1);
    in[size - 1] = '\0';
    if (lm__regval_from_text(v.type, in, &back, &err) == LM_OK)
        lm__regval_free(&back);
    free(in);
    return 0;
}
