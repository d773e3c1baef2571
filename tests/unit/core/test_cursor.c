#include <string.h>

#include "testlib.h"
#include "core/cursor.h"

static const uint8_t bytes[] = {0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xEF, 0xCD,
                                0xAB, 0x89, 0x67, 0x45, 0x23, 0x01, 0xAA, 0xBB};

static void reads_little_endian(void)
{
    struct lm__cursor c;

    lm__cur_init(&c, bytes, sizeof bytes);
    LMT_EQ(lm__cur_u8(&c), 0x01);
    LMT_EQ(lm__cur_u16(&c), 0x1234);
    LMT_EQ(lm__cur_u32(&c), 0x12345678u);
    LMT_EQ(lm__cur_u64(&c), 0x0123456789ABCDEFull);
    LMT_EQ(lm__cur_remaining(&c), 2);
    LMT_EQ(lm__cur_u16be(&c), 0xAABB);
    LMT_EQ(lm__cur_remaining(&c), 0);
    LMT_EQ(lm__cur_status(&c), LM_OK);
}

static void big_endian(void)
{
    static const uint8_t b[] = {0x00, 0x00, 0x01, 0x02};
    struct lm__cursor c;

    lm__cur_init(&c, b, sizeof b);
    LMT_EQ(lm__cur_u32be(&c), 0x102u);
    LMT_EQ(lm__cur_status(&c), LM_OK);
}

static void overrun_is_sticky_and_reads_zero(void)
{
    struct lm__cursor c;
    uint8_t dst[4] = {9, 9, 9, 9};

    lm__cur_init(&c, bytes, 3);
    LMT_EQ(lm__cur_u32(&c), 0u); /* 4 > 3: error, nothing consumed */
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
    /* A later read that would fit still fails: the error is sticky. */
    LMT_EQ(lm__cur_u8(&c), 0);
    LMT_EQ(lm__cur_u16(&c), 0);
    LMT_EQ(lm__cur_u64(&c), 0u);
    LMT_EQ(lm__cur_remaining(&c), 0);
    lm__cur_copy(&c, dst, sizeof dst);
    LMT_EQ(dst[0], 0);
    LMT_EQ(dst[3], 0);
    LMT_PTR_NULL(lm__cur_take(&c, 0));
}

static void u64_straddling_the_end(void)
{
    struct lm__cursor c;

    lm__cur_init(&c, bytes, 6); /* the low half fits, the high half does not */
    LMT_EQ(lm__cur_u64(&c), 0u);
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
}

static void empty_and_null(void)
{
    struct lm__cursor c;

    lm__cur_init(&c, NULL, 100); /* NULL data never counts as 100 bytes */
    LMT_EQ(lm__cur_remaining(&c), 0);
    LMT_EQ(lm__cur_u8(&c), 0);
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);

    lm__cur_init(&c, bytes, 0);
    LMT_EQ(lm__cur_status(&c), LM_OK);
    lm__cur_skip(&c, 1);
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
}

static void take_copy_skip(void)
{
    struct lm__cursor c;
    const uint8_t *p;
    uint8_t dst[2];

    lm__cur_init(&c, bytes, sizeof bytes);
    p = lm__cur_take(&c, 3);
    LMT_TRUE(p == bytes);
    lm__cur_copy(&c, dst, 2);
    LMT_EQ(dst[0], 0x78);
    LMT_EQ(dst[1], 0x56);
    lm__cur_skip(&c, sizeof bytes - 5);
    LMT_EQ(lm__cur_remaining(&c), 0);
    LMT_EQ(lm__cur_status(&c), LM_OK);
    /* A huge length must not wrap around. */
    lm__cur_seek(&c, 1);
    LMT_PTR_NULL(lm__cur_take(&c, SIZE_MAX));
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
}

static void align_counts_from_start(void)
{
    struct lm__cursor c;

    lm__cur_init(&c, bytes, sizeof bytes);
    lm__cur_align(&c, 8); /* already aligned */
    LMT_EQ(c.off, 0);
    lm__cur_u8(&c);
    lm__cur_align(&c, 4);
    LMT_EQ(c.off, 4);
    lm__cur_align(&c, 4);
    LMT_EQ(c.off, 4);
    lm__cur_u8(&c);
    lm__cur_align(&c, 8);
    LMT_EQ(c.off, 8);
    lm__cur_seek(&c, 15);
    lm__cur_align(&c, 8); /* 16: still inside the 17 bytes */
    LMT_EQ(c.off, 16);
    lm__cur_align(&c, 16);
    LMT_EQ(lm__cur_status(&c), LM_OK);
    lm__cur_u8(&c);
    lm__cur_align(&c, 16); /* would be 32 */
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
}

static void seek_bounds(void)
{
    struct lm__cursor c;

    lm__cur_init(&c, bytes, sizeof bytes);
    lm__cur_seek(&c, sizeof bytes); /* the end itself is fine */
    LMT_EQ(lm__cur_status(&c), LM_OK);
    lm__cur_seek(&c, sizeof bytes + 1);
    LMT_EQ(lm__cur_status(&c), LM_EPROTO);
}

static void sub_cursor_offset_length(void)
{
    struct lm__cursor c, s;

    lm__cur_init(&c, bytes, sizeof bytes);
    lm__cur_u8(&c);
    LMT_TRUE(lm__cur_sub(&c, 3, 4, &s));
    LMT_EQ(lm__cur_u32(&s), 0x12345678u);
    LMT_EQ(lm__cur_u8(&s), 0); /* the sub-cursor ends where its length says */
    LMT_EQ(lm__cur_status(&s), LM_EPROTO);
    LMT_EQ(lm__cur_status(&c), LM_OK); /* the parent is untouched by the sub's overrun */
    LMT_EQ(c.off, 1);

    LMT_TRUE(lm__cur_sub(&c, sizeof bytes, 0, &s)); /* empty at the very end */
    LMT_EQ(lm__cur_remaining(&s), 0);
}

static void sub_cursor_hostile(void)
{
    struct lm__cursor c, s;

    lm__cur_init(&c, bytes, sizeof bytes);
    LMT_TRUE(!lm__cur_sub(&c, 10, 8, &s)); /* 10 + 8 > 17 */
    LMT_EQ(lm__cur_status(&s), LM_EPROTO);
    LMT_EQ(lm__cur_remaining(&s), 0);
    LMT_EQ(lm__cur_status(&c), LM_EPROTO); /* the parent learns of it */

    lm__cur_init(&c, bytes, sizeof bytes);
    LMT_TRUE(!lm__cur_sub(&c, 1, SIZE_MAX, &s)); /* off + len wraps */
    lm__cur_init(&c, bytes, sizeof bytes);
    LMT_TRUE(!lm__cur_sub(&c, SIZE_MAX, 2, &s));
    lm__cur_init(&c, bytes, sizeof bytes);
    LMT_TRUE(!lm__cur_sub(&c, sizeof bytes + 1, 0, &s));
}

static const struct lmt_test tests[] = {
    LMT_TEST(reads_little_endian),
    LMT_TEST(big_endian),
    LMT_TEST(overrun_is_sticky_and_reads_zero),
    LMT_TEST(u64_straddling_the_end),
    LMT_TEST(empty_and_null),
    LMT_TEST(take_copy_skip),
    LMT_TEST(align_counts_from_start),
    LMT_TEST(seek_bounds),
    LMT_TEST(sub_cursor_offset_length),
    LMT_TEST(sub_cursor_hostile),
    LMT_END,
};
const struct lmt_suite lmt_suite_cursor = {"cursor", NULL, NULL, NULL, tests};
