/* The read loop's sizing (lib/smb/get.c, issue #19): a READ never asks for more than the server's
 * MaxReadSize nor more than the credits in hand pay for, the window keeps between its bounds, and compounds
 * keep within SMB_GET_COMPOUND. Exhaustive over the edges of every input. And the parking of early replies
 * in their own receive buffer (conn.c). */
#include <string.h>

#include "testlib.h"
#include "smb/conn.h"

static const uint32_t max_reads[] = {0, 1, 4096, 65535, 65536, 65537, 131072, 1048576, 8388608, UINT32_MAX};
static const uint32_t credit_counts[] = {0, 1, 2, 3, 16, 17, 128, 129, 8192, UINT32_MAX};
static const uint64_t wants[] = {0, 1, 65535, 65536, 65537, 1048576, 1048577, 8388608, (uint64_t)1 << 40};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* The length is exactly the least of want, MaxReadSize and what the credits pay for: so it never exceeds
 * either bound, and a credit-starved loop still reads what it can. */
static void read_len_bounds(void)
{
    int bad = 0;

    for (size_t i = 0; i < N(max_reads); i++)
        for (size_t j = 0; j < N(credit_counts); j++)
            for (size_t k = 0; k < N(wants); k++)
                for (uint32_t reserve = 0; reserve <= 1; reserve++)
                    for (int multi = 0; multi <= 1; multi++) {
                        uint32_t c = credit_counts[j], len;
                        uint64_t paid = c <= reserve ? 0 : multi ? (uint64_t)(c - reserve) * 65536 : 65536;

                        len = lm__smb_read_len(max_reads[i], multi, wants[k], c, reserve);
                        bad |= len > max_reads[i];
                        bad |= len > wants[k];
                        bad |= !multi && len > 65536;
                        /* MS-SMB2 3.1.5.2: the charge, one credit per 64 KiB started, is within the credits
                         * left once reserve is kept back */
                        bad |= multi && len > 0 && (uint64_t)(len - 1) / 65536 + 1 > (uint64_t)c - reserve;
                        bad |= c <= reserve && len != 0;
                        bad |= len != min3(wants[k], max_reads[i], paid);
                    }
    LMT_EQ(bad, 0);
}

static void read_len_examples(void)
{
    LMT_EQ(lm__smb_read_len(8388608, true, SMB_GET_CHUNK, 8192, 1), SMB_GET_CHUNK); /* Samba's defaults */
    LMT_EQ(lm__smb_read_len(131072, true, SMB_GET_CHUNK, 8192, 1), 131072);         /* smb2 max read */
    LMT_EQ(lm__smb_read_len(8388608, true, SMB_GET_CHUNK, 5, 1), 4 * 65536);        /* few credits */
    LMT_EQ(lm__smb_read_len(8388608, true, SMB_GET_CHUNK, 1, 1), 0);                /* only the CLOSE's */
    LMT_EQ(lm__smb_read_len(8388608, false, SMB_GET_CHUNK, 8192, 1), 65536);        /* 2.0.2 */
    LMT_EQ(lm__smb_read_len(8388608, true, 100, 8192, 1), 100);                     /* the file's tail */
}

static void plan_bounds(void)
{
    static const uint64_t bdps[] = {0, 1, 1048576, 4194304, 8388608, 33554432, 268435456, UINT64_MAX / 4};
    int bad = 0;

    for (size_t i = 0; i < N(max_reads); i++)
        for (size_t j = 0; j < N(bdps); j++)
            for (int multi = 0; multi <= 1; multi++) {
                struct lm__read_plan p = lm__smb_read_plan(max_reads[i], multi, bdps[j]);
                uint64_t flight = (uint64_t)p.chunk * (uint64_t)p.window;

                bad |= p.chunk > max_reads[i] || (!multi && p.chunk > 65536);
                bad |= max_reads[i] > 0 && p.chunk == 0;
                bad |= multi && max_reads[i] >= SMB_GET_CHUNK && p.chunk < SMB_GET_CHUNK;
                bad |= p.window < 2 || p.window > SMB_GET_WINDOW;
                /* never more in flight than the cap (beyond one chunk's rounding) */
                bad |= p.chunk > 0 && flight > SMB_GET_MAX_FLIGHT + p.chunk;
                /* at least the floor, where the reads are big enough for the window to hold it */
                bad |= p.chunk > 0 && p.window < SMB_GET_WINDOW && flight < SMB_GET_MIN_FLIGHT;
            }
    LMT_EQ(bad, 0);
}

/* The rule on the numbers PERFORMANCE.md quotes: loopback (a BDP under the floor), a 1 Gbit/s link at 50 ms
 * (6.25 MB: 12.5 MB in flight), and a fast long link at the cap, where the reads grow. */
static void plan_examples(void)
{
    struct lm__read_plan p = lm__smb_read_plan(8388608, true, 0);

    LMT_EQ(p.chunk, SMB_GET_CHUNK);
    LMT_EQ(p.window, (int)(SMB_GET_MIN_FLIGHT / SMB_GET_CHUNK));
    p = lm__smb_read_plan(8388608, true, 6250000);
    LMT_EQ(p.chunk, SMB_GET_CHUNK);
    LMT_EQ(p.window, 12);
    p = lm__smb_read_plan(8388608, true, 1000000000);
    LMT_EQ(p.chunk, SMB_GET_MAX_FLIGHT / SMB_GET_WINDOW);
    LMT_EQ(p.window, SMB_GET_WINDOW);
    p = lm__smb_read_plan(131072, true, 1000000000); /* a small MaxReadSize caps them */
    LMT_EQ(p.chunk, 131072);
    LMT_EQ(p.window, SMB_GET_WINDOW);
    p = lm__smb_read_plan(8388608, false, 0); /* 2.0.2 */
    LMT_EQ(p.chunk, 65536);
    LMT_EQ(p.window, SMB_GET_WINDOW);
}

static void compound_bounds(void)
{
    int bad = 0;

    for (uint32_t len = 0; len <= 2 * SMB_GET_COMPOUND + 1; len += len < 70000 ? 1 : 4093) {
        int n = lm__smb_reads_per_compound(len);

        bad |= n < 1 || n > SMB_MAX_CHAIN;
        bad |= n > 1 && (uint64_t)n * len > SMB_GET_COMPOUND;
    }
    LMT_EQ(bad, 0);
    LMT_EQ(lm__smb_reads_per_compound(SMB_GET_CHUNK), 1);
    LMT_EQ(lm__smb_reads_per_compound(8388608), 1);
    LMT_EQ(lm__smb_reads_per_compound(65536),
           SMB_MAX_CHAIN < SMB_GET_COMPOUND / 65536 ? SMB_MAX_CHAIN : SMB_GET_COMPOUND / 65536);
}

/* A reply that arrives early is parked in the frame it came in (lm__smb_take_rx), but only when it ends that
 * frame: a frame that holds more replies stays with the connection, which has yet to hand them out; and
 * only when its buffer is no larger than the caller keeps. */
static void take_rx_whole_frames(void)
{
    struct lm_smb s;
    struct smb_resp r;
    struct lm__buf out, spare;
    uint8_t *frame;

    memset(&s, 0, sizeof s);
    memset(&r, 0, sizeof r);
    lm__buf_init(&s.rx, SMB_FRAME_MAX);
    lm__buf_init(&spare, SMB_FRAME_MAX);
    LMT_PTR_OK(lm__buf_extend(&s.rx, 128)); /* two 64-byte messages in one frame */
    frame = s.rx.data;
    lm__cur_init(&r.msg, frame, 64);
    s.rx_next = 64; /* the first: another follows */
    LMT_TRUE(!lm__smb_take_rx(&s, &r, SIZE_MAX, &out, &spare));
    LMT_TRUE(s.rx.data == frame && s.rx.len == 128);
    lm__cur_init(&r.msg, frame + 64, 64);
    s.rx_next = 0; /* the last */
    /* a buffer larger than the caller keeps (a frame padded by the server) stays with the connection */
    LMT_TRUE(!lm__smb_take_rx(&s, &r, s.rx.alloc - 1, &out, &spare));
    LMT_TRUE(s.rx.data == frame && s.rx.len == 128);
    LMT_TRUE(lm__smb_take_rx(&s, &r, s.rx.alloc, &out, &spare));
    LMT_TRUE(out.data == frame && out.len == 128);
    LMT_TRUE(s.rx.data == NULL && s.rx.len == 0 && s.rx.max == SMB_FRAME_MAX);
    lm__buf_free(&out);
}

static const struct lmt_test read_plan_tests[] = {
    LMT_TEST(read_len_bounds),
    LMT_TEST(read_len_examples),
    LMT_TEST(plan_bounds),
    LMT_TEST(plan_examples),
    LMT_TEST(compound_bounds),
    LMT_TEST(take_rx_whole_frames),
    LMT_END,
};
const struct lmt_suite lmt_suite_smb2_read_plan = {"smb2_read_plan", NULL, NULL, NULL, read_plan_tests};
