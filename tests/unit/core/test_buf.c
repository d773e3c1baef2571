#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/buf.h"
#include "core/cursor.h"

static void put_then_read_back(void)
{
    struct lm__buf b;
    struct lm__cursor c;

    lm__buf_init(&b, 1024);
    lm__buf_put_u8(&b, 0xFE);
    lm__buf_put_u16(&b, 0x1234);
    lm__buf_put_u32(&b, 0xDEADBEEF);
    lm__buf_put_u64(&b, 0x0102030405060708ull);
    lm__buf_put_u16be(&b, 0xABCD);
    lm__buf_put_u32be(&b, 0x11223344);
    LMT_EQ(lm__buf_status(&b), LM_OK);
    LMT_EQ(b.len, 1 + 2 + 4 + 8 + 2 + 4);
    /* Exact bytes, not just a round trip. */
    LMT_EQ(b.data[1], 0x34);
    LMT_EQ(b.data[2], 0x12);
    LMT_EQ(b.data[15], 0xAB);
    LMT_EQ(b.data[17], 0x11);

    lm__cur_init(&c, b.data, b.len);
    LMT_EQ(lm__cur_u8(&c), 0xFE);
    LMT_EQ(lm__cur_u16(&c), 0x1234);
    LMT_EQ(lm__cur_u32(&c), 0xDEADBEEFu);
    LMT_EQ(lm__cur_u64(&c), 0x0102030405060708ull);
    LMT_EQ(lm__cur_u16be(&c), 0xABCD);
    LMT_EQ(lm__cur_u32be(&c), 0x11223344u);
    LMT_EQ(lm__cur_remaining(&c), 0);
    lm__buf_free(&b);
}

static void cap_is_hard_and_sticky(void)
{
    struct lm__buf b;
    uint8_t chunk[10] = {0};

    lm__buf_init(&b, 16);
    lm__buf_append(&b, chunk, 10);
    lm__buf_append(&b, chunk, 6); /* exactly at the cap: fine */
    LMT_EQ(lm__buf_status(&b), LM_OK);
    LMT_EQ(b.len, 16);
    lm__buf_put_u8(&b, 1);
    LMT_EQ(lm__buf_status(&b), LM_EOVERFLOW);
    LMT_EQ(b.len, 16);
    LMT_TRUE(b.alloc <= 17); /* never allocated past cap + NUL */
    lm__buf_reset(&b);
    LMT_EQ(lm__buf_status(&b), LM_OK);
    LMT_EQ(b.len, 0);
    /* After reset, a single over-cap request fails without partial writes. */
    lm__buf_append(&b, chunk, 10);
    LMT_PTR_NULL(lm__buf_extend(&b, 7));
    LMT_EQ(b.len, 10);
    LMT_EQ(lm__buf_reserve(&b, SIZE_MAX), LM_EOVERFLOW);
    lm__buf_free(&b);
}

static void huge_cap_does_not_wrap(void)
{
    struct lm__buf b;

    lm__buf_init(&b, SIZE_MAX);
    lm__buf_put_u32(&b, 7);
    LMT_EQ(lm__buf_reserve(&b, SIZE_MAX - 2), LM_EOVERFLOW);
    lm__buf_free(&b);
}

static void zero_cap(void)
{
    struct lm__buf b;
    size_t len = 99;
    uint8_t *p;

    lm__buf_init(&b, 0);
    lm__buf_put_u8(&b, 1);
    LMT_EQ(lm__buf_status(&b), LM_EOVERFLOW);
    LMT_PTR_NULL(lm__buf_take(&b, &len)); /* in error: nothing handed over */
    LMT_EQ(len, 99);
    lm__buf_reset(&b);
    p = lm__buf_take(&b, &len); /* empty but valid */
    LMT_PTR_OK(p);
    LMT_EQ(len, 0);
    LMT_EQ(p[0], 0);
    free(p);
    lm__buf_free(&b);
}

static void take_moves_ownership(void)
{
    struct lm__buf b;
    size_t len;
    uint8_t *p;

    lm__buf_init(&b, 100);
    lm__buf_append(&b, "hello", 5);
    p = lm__buf_take(&b, &len);
    LMT_PTR_OK(p);
    LMT_EQ(len, 5);
    LMT_STR((char *)p, "hello"); /* NUL-terminated */
    LMT_PTR_NULL(b.data);        /* the buffer no longer owns it */
    LMT_EQ(b.len, 0);
    LMT_EQ(b.max, 100);
    lm__buf_append(&b, "x", 1); /* and is usable again */
    LMT_EQ(b.len, 1);
    free(p);
    lm__buf_free(&b);
}

static void pad_and_patch(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 64);
    lm__buf_put_u8(&b, 1);
    lm__buf_pad(&b, 8);
    LMT_EQ(b.len, 8);
    lm__buf_pad(&b, 8);
    LMT_EQ(b.len, 8);
    lm__buf_set_u32(&b, 4, 0xCAFEBABE);
    LMT_EQ(b.data[4], 0xBE);
    LMT_EQ(b.data[7], 0xCA);
    lm__buf_set_u16(&b, 0, 0x0102);
    LMT_EQ(b.data[0], 0x02);
    LMT_EQ(lm__buf_status(&b), LM_OK);
    lm__buf_set_u32(&b, 6, 1); /* runs past len */
    LMT_EQ(lm__buf_status(&b), LM_EINVAL);
    LMT_EQ(b.data[6], 0xFE); /* nothing written */
    lm__buf_reset(&b);
    lm__buf_set_u16(&b, SIZE_MAX, 1);
    LMT_EQ(lm__buf_status(&b), LM_EINVAL);
    lm__buf_free(&b);
}

static void growth_keeps_content(void)
{
    struct lm__buf b;

    lm__buf_init(&b, 1 << 20);
    for (uint32_t i = 0; i < 100000; i++)
        lm__buf_put_u32(&b, i);
    LMT_EQ(lm__buf_status(&b), LM_OK);
    LMT_EQ(b.len, 400000);
    for (uint32_t i = 0; i < 100000; i += 997) {
        struct lm__cursor c;
        lm__cur_init(&c, b.data + 4 * i, 4);
        LMT_EQ(lm__cur_u32(&c), i);
    }
    lm__buf_free(&b);
}

static void memzero_clears(void)
{
    char secret[16] = "hunter2hunter2";

    lm__memzero(secret, sizeof secret);
    for (size_t i = 0; i < sizeof secret; i++)
        LMT_EQ(secret[i], 0);
}

static const struct lmt_test tests[] = {
    LMT_TEST(put_then_read_back),
    LMT_TEST(cap_is_hard_and_sticky),
    LMT_TEST(huge_cap_does_not_wrap),
    LMT_TEST(zero_cap),
    LMT_TEST(take_moves_ownership),
    LMT_TEST(pad_and_patch),
    LMT_TEST(growth_keeps_content),
    LMT_TEST(memzero_clears),
    LMT_END,
};
const struct lmt_suite lmt_suite_buf = {"buf", NULL, NULL, NULL, tests};
