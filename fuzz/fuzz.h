/* What every fuzz target shares: libFuzzer's entry point (declared, for -Wmissing-prototypes) and a way to
 * cut one input into the several messages of an exchange. Each target is one file defining
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (the fuzz preset) or with replay.c (every
 * native preset: ctest replays the corpus). */
#ifndef LANMAN_FUZZ_H
#define LANMAN_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Takes the next message off *data: a 2-byte little-endian length, then that many bytes (fewer when the
 * input ends first). The last message of an exchange takes whatever is left, with no length. */
static inline const uint8_t *fuzz_take(const uint8_t **data, size_t *size, size_t *len)
{
    const uint8_t *p;
    size_t n;

    if (*size < 2) {
        *data += *size;
        *size = 0;
        *len = 0;
        return *data;
    }
    n = (size_t)((*data)[0] | (*data)[1] << 8);
    *data += 2;
    *size -= 2;
    if (n > *size)
        n = *size;
    p = *data;
    *data += n;
    *size -= n;
    *len = n;
    return p;
}

#endif
