/* A checked reader for every byte that comes off the wire (after Samba's ndr_pull).
 *
 * The error is sticky: once a read would pass the end, every later read returns zeros and the cursor stays
 * in error, so a decoder can read a whole structure and check once at the end. A hostile length or offset
 * can never make it read outside [p, p + len). */
#ifndef LM_CORE_CURSOR_H
#define LM_CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"

struct lm__cursor {
    const uint8_t *p;
    size_t len; /* bytes at p */
    size_t off; /* read position, 0..len */
    bool err;
};

void lm__cur_init(struct lm__cursor *c, const void *p, size_t len);

/* LM_OK, or LM_EPROTO once any read went out of bounds. */
lm_status lm__cur_status(const struct lm__cursor *c);
size_t lm__cur_remaining(const struct lm__cursor *c);

uint8_t lm__cur_u8(struct lm__cursor *c);
uint16_t lm__cur_u16(struct lm__cursor *c); /* little-endian */
uint32_t lm__cur_u32(struct lm__cursor *c);
uint64_t lm__cur_u64(struct lm__cursor *c);
uint16_t lm__cur_u16be(struct lm__cursor *c);
uint32_t lm__cur_u32be(struct lm__cursor *c);

/* Copies n bytes into dst (zero-filled on error). */
void lm__cur_copy(struct lm__cursor *c, void *dst, size_t n);

/* Returns a pointer to the next n bytes and advances past them, or NULL (and sets the error). */
const uint8_t *lm__cur_take(struct lm__cursor *c, size_t n);

void lm__cur_skip(struct lm__cursor *c, size_t n);

/* Advances to the next multiple of align (a power of two), counted from the cursor's start. */
void lm__cur_align(struct lm__cursor *c, size_t align);

/* Moves to an absolute offset from the cursor's start; offset == len is allowed (end). */
void lm__cur_seek(struct lm__cursor *c, size_t off);

/* A sub-cursor over [off, off + len) of c's whole buffer (an offset/length pair from a header). Out of
 * range: sub is empty and in error, and so is c. Does not move c. Returns !sub->err. */
bool lm__cur_sub(struct lm__cursor *c, size_t off, size_t len, struct lm__cursor *sub);

#endif
