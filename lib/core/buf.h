/* A growable byte buffer with a hard cap (after curl's dynbuf), and the little-endian writers that go with
 * the cursor's readers.
 *
 * The error is sticky like the cursor's: once an append fails (cap reached, or out of memory) every later
 * append does nothing and lm__buf_status() says why, so an encoder can write a whole message and check
 * once. A peer can never make us allocate past the cap. */
#ifndef LM_CORE_BUF_H
#define LM_CORE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"

/* A piece of a message that is not contiguous (header, body, payload in the caller's buffer). */
struct lm__iov {
    const void *p;
    size_t n;
};

struct lm__buf {
    uint8_t *data;
    size_t len;   /* bytes in use */
    size_t alloc; /* bytes allocated */
    size_t max;   /* hard cap on len */
    lm_status err;
};

/* An empty buffer that may grow to max bytes. Allocates nothing yet. */
void lm__buf_init(struct lm__buf *b, size_t max);

/* Frees the memory and returns b to the empty state (same cap, error cleared). */
void lm__buf_free(struct lm__buf *b);

/* Sets len to 0 and clears the error; keeps the memory. */
void lm__buf_reset(struct lm__buf *b);

lm_status lm__buf_status(const struct lm__buf *b);

/* Makes room for n more bytes without changing len: LM_OK, LM_EOVERFLOW past the cap, LM_ENOMEM. */
lm_status lm__buf_reserve(struct lm__buf *b, size_t n);

/* Appends n zero bytes and returns a pointer to them, or NULL on error. The pointer is valid until the next
 * call that may grow the buffer. */
uint8_t *lm__buf_extend(struct lm__buf *b, size_t n);

void lm__buf_append(struct lm__buf *b, const void *p, size_t n);
void lm__buf_put_u8(struct lm__buf *b, uint8_t v);
void lm__buf_put_u16(struct lm__buf *b, uint16_t v); /* little-endian */
void lm__buf_put_u32(struct lm__buf *b, uint32_t v);
void lm__buf_put_u64(struct lm__buf *b, uint64_t v);
void lm__buf_put_u16be(struct lm__buf *b, uint16_t v);
void lm__buf_put_u32be(struct lm__buf *b, uint32_t v);

/* Appends zero bytes up to the next multiple of align (a power of two). */
void lm__buf_pad(struct lm__buf *b, size_t align);

/* Overwrites bytes already written, e.g. a length or offset known only later. Out of range is an error. */
void lm__buf_set_u16(struct lm__buf *b, size_t off, uint16_t v);
void lm__buf_set_u32(struct lm__buf *b, size_t off, uint32_t v);

/* Hands the contents to the caller, who frees them with free(); the buffer is reset to empty. Returns NULL
 * (and keeps the contents) when the buffer is in error. An empty buffer gives a valid 1-byte allocation so
 * NULL always means failure. The contents are followed by one NUL byte not counted in *len. */
uint8_t *lm__buf_take(struct lm__buf *b, size_t *len);

/* Overwrites memory in a way the compiler may not remove, for keys and passwords. */
void lm__memzero(void *p, size_t n);

#endif
