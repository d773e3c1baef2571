/* NDR 2.0 (C706 chapter 14, little-endian, ASCII, IEEE) on the checked cursor and the capped buffer.
 *
 * Encoding writes into an lm__buf whose offset 0 is the start of the stub, so that alignment is counted from
 * there. Decoding reads through an lm__ndr: a cursor plus a sticky status for what the cursor cannot see
 * (a bad string, an inconsistent count), so that a decoder can read a whole structure and check once.
 *
 * Nothing here recurses or keeps a list of deferred pointers: a caller decodes an array's fixed parts into
 * the array it allocated (after lm__ndr_count() checked the count against the bytes left), then walks the
 * array again for the pointees, in NDR order. Its memory is bounded by the bytes received. */
#ifndef LM_RPC_NDR_H
#define LM_RPC_NDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"

/* Referent ids start here and grow by 4, as Windows numbers them. */
#define LM__NDR_REF_FIRST 0x00020000u
/* Full pointers remembered per encoder or decoder. */
#define LM__NDR_FULL_MAX 64

/* ---- encoding ---- */

struct lm__ndr_push {
    struct lm__buf *b;
    uint32_t next_ref;
    size_t nfull;
    const void *full_obj[LM__NDR_FULL_MAX];
    uint32_t full_ref[LM__NDR_FULL_MAX];
};

void lm__ndr_push_init(struct lm__ndr_push *n, struct lm__buf *b);
lm_status lm__ndr_push_status(const struct lm__ndr_push *n);

/* Scalars, each aligned to its size first (C706 14.2.2). */
void lm__ndr_put_u8(struct lm__ndr_push *n, uint8_t v);
void lm__ndr_put_u16(struct lm__ndr_push *n, uint16_t v);
void lm__ndr_put_u32(struct lm__ndr_push *n, uint32_t v);

/* A unique (or embedded ref) pointer: a fresh referent id, or 0 for NULL (C706 14.3.10-12). A top-level
 * [ref] pointer has no wire form: write nothing for it. */
void lm__ndr_put_ptr(struct lm__ndr_push *n, bool present);

/* A full pointer ([ptr]): the same object always gets the same referent id, and its pointee is written only
 * the first time; returns true when the caller must write the pointee now. */
bool lm__ndr_put_full_ptr(struct lm__ndr_push *n, const void *obj);

/* A [string] wchar_t* as a conformant varying array (C706 14.3.3.4): max_count, offset 0, actual_count,
 * UTF-16LE units with the terminating NUL. s is UTF-8 (invalid: LM_EILSEQ). */
void lm__ndr_put_wstr(struct lm__ndr_push *n, const char *s);

/* A unique pointer to a [string] wchar_t* at top level (pointee follows at once); NULL s gives a NULL
 * pointer. */
void lm__ndr_put_ptr_wstr(struct lm__ndr_push *n, const char *s);

/* A conformant array of bytes ([size_is(len)] unsigned char*): max_count, then the bytes. */
void lm__ndr_put_conf_bytes(struct lm__ndr_push *n, const void *p, uint32_t len);

/* ---- decoding ---- */

struct lm__ndr {
    struct lm__cursor c;
    lm_status st; /* a semantic error; the cursor keeps its own */
    size_t nfull;
    uint32_t full_ref[LM__NDR_FULL_MAX];
};

void lm__ndr_init(struct lm__ndr *d, const void *p, size_t len);

/* LM_OK, or the first error: LM_EPROTO for bytes past the end or inconsistent counts, LM_EILSEQ for a bad
 * string. */
lm_status lm__ndr_status(const struct lm__ndr *d);

/* Records an error (the first one sticks). Returns the status now in force. */
lm_status lm__ndr_fail(struct lm__ndr *d, lm_status st);

size_t lm__ndr_remaining(const struct lm__ndr *d);

uint8_t lm__ndr_u8(struct lm__ndr *d);
uint16_t lm__ndr_u16(struct lm__ndr *d);
uint32_t lm__ndr_u32(struct lm__ndr *d);

/* A unique or embedded pointer's referent id (0: NULL). */
uint32_t lm__ndr_ptr(struct lm__ndr *d);

/* A full pointer: returns the referent id, and *first tells whether its pointee follows (the id was not
 * seen before). More than LM__NDR_FULL_MAX distinct ids is an error. */
uint32_t lm__ndr_full_ptr(struct lm__ndr *d, bool *first);

/* A conformant array's max_count for elements of at least elem_min bytes each: the count is checked against
 * the bytes left (so a hostile count cannot make the caller allocate more than was received) and against
 * max. Out of range: 0 and an error. */
uint32_t lm__ndr_count(struct lm__ndr *d, size_t elem_min, uint32_t max);

/* A [string] wchar_t* (conformant varying): offset must be 0, actual_count <= max_count, the units must fit
 * in the bytes left, the last unit must be the terminating NUL and no other unit may be NUL. *out gets a
 * new UTF-8 string (free()), only on success. */
lm_status lm__ndr_wstr(struct lm__ndr *d, char **out);

/* The deferred buffer of an RPC_UNICODE_STRING (MS-DTYP 2.3.10) whose Length and MaximumLength (bytes) the
 * caller already read: a conformant varying array of MaximumLength/2 units, offset 0, Length/2 of them sent
 * (odd or inconsistent values: LM_EPROTO). One terminating NUL is dropped when nul_ok (MS-RRP servers count
 * it); any other NUL is LM_EPROTO. *out gets a new UTF-8 string (free()), only on success. */
void lm__ndr_ustr_units(struct lm__ndr *d, uint16_t len, uint16_t max, bool nul_ok, char **out);
/* A varying string of at most max units (offset, actual_count, the units: a [string] WCHAR[max] inside a
 * struct, as DISK_INFO has it), with the checks of lm__ndr_wstr. */
lm_status lm__ndr_vwstr(struct lm__ndr *d, uint32_t max, char **out);

/* A conformant byte array whose size_is value the caller already read (want): max_count must equal it.
 * *out gets a copy (free(); NULL when len is 0), only on success. */
lm_status lm__ndr_conf_bytes(struct lm__ndr *d, uint32_t want, uint8_t **out, size_t *len);

/* ---- context handles and the plain responses (svcctl, winreg) ---- */

/* A context handle as NDR carries it (C706 appendix N: ndr_context_handle): an attributes word and a GUID,
 * 4-aligned. All zero: no handle. */
struct lm__ndr_handle {
    uint8_t b[20];
};

void lm__ndr_put_handle(struct lm__ndr_push *n, const struct lm__ndr_handle *h);
void lm__ndr_handle(struct lm__ndr *d, struct lm__ndr_handle *h);
bool lm__ndr_handle_is_null(const struct lm__ndr_handle *h);

/* lm__ndr_status(), and LM_EPROTO when bytes are left over: a response longer than its IDL is as wrong as
 * a short one. */
lm_status lm__ndr_end(struct lm__ndr *d);

/* A response stub that is a context handle then the WERROR (open and close calls); *h is set only on
 * LM_OK. */
lm_status lm__ndr_handle_werr(const uint8_t *p, size_t n, struct lm__ndr_handle *h, uint32_t *werr);
/* A response stub that is the WERROR alone. */
lm_status lm__ndr_werr(const uint8_t *p, size_t n, uint32_t *werr);

/* ---- enumerations (NetrShareEnum, NetrWkstaUserEnum): the response around the array ---- */

/* The head: Level and the union's switch (both must be level), the container pointer, EntriesRead and the
 * array pointer, then the array's max_count, which must equal EntriesRead (checked by lm__ndr_count against
 * the bytes left for elements of at least elem_min bytes, and against max). Returns the count: 0 when the
 * container or the array is NULL, or on error. */
uint32_t lm__ndr_enum_head(struct lm__ndr *d, uint32_t level, size_t elem_min, uint32_t max);

/* The tail after the array: TotalEntries, the [unique] ResumeHandle and the WERROR. */
struct lm__ndr_enum_tail {
    uint32_t total;
    bool has_resume;
    uint32_t resume;
    uint32_t werr;
};
void lm__ndr_enum_tail(struct lm__ndr *d, struct lm__ndr_enum_tail *t);

/* After a page that answered ERROR_MORE_DATA: LM_OK with *resume set to the page's resume handle, when it
 * moved and the page held entries (n); else LM_EPROTO, "<what>: ERROR_MORE_DATA without progress", so that
 * a server cannot keep a caller in a loop. */
lm_status lm__ndr_enum_next(const struct lm__ndr_enum_tail *t, size_t n, uint32_t *resume, const char *what,
                            lm_error *err);

#endif
