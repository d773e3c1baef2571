/* NetrShareEnum decoded as the response arrives (lm__srvsvc_enum_stream, issue #19): the same bytes cut at
 * every place, and fed a byte at a time, give what the whole stub at once gives (the entries, the tail, or
 * the same error), for Samba's answer, for generated answers at every level that span several RPC fragments,
 * and for every truncation and single-bit flip of them. Then lm__srvsvc_share_pages over a scripted pipe
 * whose answer comes in several fragments: shares arrive before the last fragment, a callback may call on
 * the same binding while the answer is still coming, and one that stops the enumeration leaves the binding
 * usable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipepeer.h"
#include "rpc/ndr.h"
#include "rpc/srvsvc.h"
#include "rpctest.h"
#include "vectors.h"

/* ---- what a decode gave ---- */

struct got {
    lm_status st;
    struct lm__srv_share *list;
    size_t n, cap;
    struct lm__ndr_enum_tail tail;
    unsigned calls; /* fn calls */
};

static lm_status collect(void *ctx, struct lm__srv_share *list, size_t n)
{
    struct got *g = ctx;

    g->calls++;
    LMT_TRUE(n <= LM__SRVSVC_STREAM_BATCH);
    if (g->n + n > g->cap) {
        g->cap = (g->n + n) * 2;
        g->list = realloc(g->list, g->cap * sizeof *g->list);
        LMT_PTR_OK(g->list);
    }
    memcpy(g->list + g->n, list, n * sizeof *list);
    memset(list, 0, n * sizeof *list); /* moved out */
    g->n += n;
    return LM_OK;
}

static void got_free(struct got *g)
{
    lm__srv_share_list_free(g->list, g->n);
    memset(g, 0, sizeof *g);
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_share(const struct lm__srv_share *a, const struct lm__srv_share *b)
{
    return same_str(a->info.name, b->info.name) && same_str(a->info.remark, b->info.remark) &&
           same_str(a->info.path, b->info.path) && a->info.type == b->info.type &&
           a->info.level == b->info.level && a->info.max_uses == b->info.max_uses &&
           a->info.current_uses == b->info.current_uses && a->permissions == b->permissions &&
           a->sd_len == b->sd_len && (a->sd_len == 0 || memcmp(a->sd, b->sd, a->sd_len) == 0);
}

/* The whole stub at once: lm__srvsvc_enum_resp. */
static void whole(const uint8_t *p, size_t n, int level, struct got *g)
{
    struct lm__srvsvc_enum_page pg;

    memset(g, 0, sizeof *g);
    g->st = lm__srvsvc_enum_resp(p, n, level, &pg);
    if (g->st == LM_OK) {
        g->list = pg.list;
        g->n = pg.n;
        g->tail = (struct lm__ndr_enum_tail){pg.total, pg.has_resume, pg.resume, pg.werr};
    } else {
        LMT_PTR_NULL(pg.list);
    }
}

/* The stub fed in pieces: cut at a and b (a <= b <= n), or a byte at a time when a is SIZE_MAX. */
static void pieces(const uint8_t *p, size_t n, int level, size_t a, size_t b, struct got *g)
{
    struct lm__srvsvc_enum_stream s;
    lm_status st = LM_OK;

    memset(g, 0, sizeof *g);
    lm__srvsvc_enum_stream_init(&s, level, LM__SRVSVC_MAX_SHARES, collect, g);
    if (a == SIZE_MAX) {
        for (size_t i = 0; i < n && st == LM_OK; i++)
            st = lm__srvsvc_enum_stream_feed(&s, p + i, 1, i + 1 == n);
        if (n == 0)
            st = lm__srvsvc_enum_stream_feed(&s, p, 0, true);
    } else {
        st = lm__srvsvc_enum_stream_feed(&s, p, a, false);
        if (st == LM_OK)
            st = lm__srvsvc_enum_stream_feed(&s, p + a, b - a, false);
        if (st == LM_OK)
            st = lm__srvsvc_enum_stream_feed(&s, p + b, n - b, true);
    }
    g->st = st;
    g->tail = s.tail;
    lm__srvsvc_enum_stream_free(&s);
}

/* Both ways agree: the same status; on success the same entries in the same order, and the same tail. */
static bool agree(const struct got *w, const struct got *s)
{
    if (w->st != s->st)
        return false;
    if (w->st != LM_OK)
        return true;
    if (w->n != s->n || memcmp(&w->tail, &s->tail, sizeof w->tail) != 0)
        return false;
    for (size_t i = 0; i < w->n; i++) {
        if (!same_share(&w->list[i], &s->list[i]))
            return false;
    }
    return true;
}

/* Every single cut, a few double cuts, and a byte at a time. Returns the number of ways that disagreed. */
static unsigned every_split(const uint8_t *p, size_t n, int level)
{
    struct got w, s;
    unsigned bad = 0;

    whole(p, n, level, &w);
    for (size_t a = 0; a <= n; a++) {
        pieces(p, n, level, a, a, &s);
        bad += !agree(&w, &s);
        got_free(&s);
        pieces(p, n, level, a / 2, a, &s);
        bad += !agree(&w, &s);
        got_free(&s);
    }
    pieces(p, n, level, SIZE_MAX, 0, &s);
    bad += !agree(&w, &s);
    got_free(&s);
    got_free(&w);
    return bad;
}

/* ---- generated answers ---- */

/* SHARE_INFO_<level>_CONTAINER with count shares: names "sN", remarks of 0 to 96 characters, paths, at
 * level 502 security descriptors of 1 to 5 bytes (odd sizes move the alignment of what follows). */
static void build_enum(struct lm__buf *b, int level, unsigned count, uint32_t werr)
{
    struct lm__ndr_push n;
    char name[32], remark[128], path[64];

    lm__ndr_push_init(&n, b);
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_u32(&n, (uint32_t)level);
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_u32(&n, count);
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_u32(&n, count);
    for (unsigned i = 0; i < count; i++) {
        lm__ndr_put_ptr(&n, true); /* name */
        if (level == 0)
            continue;
        lm__ndr_put_u32(&n, i % 3 == 0 ? 0 : 0x80000003u); /* type */
        lm__ndr_put_ptr(&n, i % 11 != 5);                  /* remark, sometimes NULL */
        if (level == 1)
            continue;
        lm__ndr_put_u32(&n, i);           /* permissions */
        lm__ndr_put_u32(&n, 0xFFFFFFFFu); /* max_uses */
        lm__ndr_put_u32(&n, i % 7);       /* current_uses */
        lm__ndr_put_ptr(&n, true);        /* path */
        lm__ndr_put_ptr(&n, false);       /* passwd */
        if (level == 2)
            continue;
        lm__ndr_put_u32(&n, i % 5 + 1); /* reserved: the SD's size */
        lm__ndr_put_ptr(&n, i % 4 != 3);
    }
    for (unsigned i = 0; i < count; i++) {
        size_t rl = (i * 7u) % 97u;

        snprintf(name, sizeof name, "s%u", i);
        lm__ndr_put_wstr(&n, name);
        if (level == 0)
            continue;
        memset(remark, 'a' + (int)(i % 26), rl);
        remark[rl] = 0;
        if (i % 11 != 5)
            lm__ndr_put_wstr(&n, remark);
        if (level == 1)
            continue;
        snprintf(path, sizeof path, "C:\\shares\\%u", i);
        lm__ndr_put_wstr(&n, path);
        if (level == 502 && i % 4 != 3) {
            uint8_t sd[5] = {1, 2, 3, 4, (uint8_t)i};
            lm__ndr_put_conf_bytes(&n, sd, i % 5 + 1);
        }
    }
    lm__ndr_put_u32(&n, count); /* TotalEntries */
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_u32(&n, 7); /* ResumeHandle */
    lm__ndr_put_u32(&n, werr);
    LMT_EQ(lm__ndr_push_status(&n), LM_OK);
}

/* ---- decoding ---- */

static void stream_matches_whole_at_every_cut(void)
{
    static const int levels[] = {0, 1, 2, 502};
    struct lm__buf b;
    struct got w;
    size_t n;
    uint8_t *p = lmt_unhex(SAMBA_ENUM1, &n);

    /* Samba's answer: every cut agrees, and agrees with what Samba sent */
    LMT_EQ(every_split(p, n, 1), 0);
    whole(p, n, 1, &w);
    LMT_EQ(w.st, LM_OK);
    LMT_EQ(w.n, 2);
    LMT_STR(w.list[1].info.name, "IPC$");
    got_free(&w);
    /* the same bytes asked at another level: LM_ETYPE, whatever the cuts */
    LMT_EQ(every_split(p, n, 2), 0);
    whole(p, n, 2, &w);
    LMT_EQ(w.st, LM_ETYPE);
    free(p);

    lm__buf_init(&b, 1u << 20);
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        lm__buf_reset(&b);
        build_enum(&b, levels[l], 45, 0);
        LMT_EQ(every_split(b.data, b.len, levels[l]), 0);
        whole(b.data, b.len, levels[l], &w);
        LMT_EQ(w.st, LM_OK);
        LMT_EQ(w.n, 45);
        LMT_STR(w.list[44].info.name, "s44");
        LMT_EQ(w.tail.resume, 7);
        if (levels[l] == 502) {
            LMT_EQ(w.list[4].sd_len, 5);
            LMT_EQ(w.list[4].sd[4], 4);
            LMT_EQ(w.list[3].sd_len, 0);
        }
        if (levels[l] >= 1)
            LMT_PTR_NULL(w.list[5].info.remark);
        got_free(&w);
    }
    lm__buf_free(&b);
}

/* Shares delivered as their strings arrive: fed up to the middle of the strings, some entries are out. */
static void stream_delivers_before_the_end(void)
{
    struct lm__buf b;
    struct lm__srvsvc_enum_stream s;
    struct got g;

    memset(&g, 0, sizeof g);
    lm__buf_init(&b, 1u << 20);
    build_enum(&b, 2, 200, 0);
    lm__srvsvc_enum_stream_init(&s, 2, LM__SRVSVC_MAX_SHARES, collect, &g);
    LMT_EQ(lm__srvsvc_enum_stream_feed(&s, b.data, b.len * 3 / 4, false), LM_OK);
    LMT_TRUE(g.n >= 100);
    LMT_TRUE(g.n < 200);
    /* what is held is a window, not the stub fed so far */
    LMT_TRUE(s.carry.len < 512);
    LMT_EQ(lm__srvsvc_enum_stream_feed(&s, b.data + b.len * 3 / 4, b.len - b.len * 3 / 4, true), LM_OK);
    LMT_EQ(g.n, 200);
    LMT_TRUE(g.calls >= 200 / LM__SRVSVC_STREAM_BATCH);
    lm__srvsvc_enum_stream_free(&s);
    got_free(&g);
    /* more entries than the limit: LM_EOVERFLOW before any is delivered */
    lm__srvsvc_enum_stream_init(&s, 2, 199, collect, &g);
    LMT_EQ(lm__srvsvc_enum_stream_feed(&s, b.data, b.len, true), LM_EOVERFLOW);
    LMT_EQ(g.n, 0);
    lm__srvsvc_enum_stream_free(&s);
    lm__buf_free(&b);
}

/* Every truncation and every single-bit flip of Samba's answer and of a generated 502 answer: the stream,
 * cut at a third and two thirds and fed a byte at a time, fails or succeeds exactly as the whole does. */
static void stream_matches_whole_when_hostile(void)
{
    struct lm__buf b;
    size_t n;
    uint8_t *samba = lmt_unhex(SAMBA_ENUM1, &n);
    struct {
        const uint8_t *p;
        size_t n;
        int level;
    } v[2] = {{samba, n, 1}, {NULL, 0, 502}};
    unsigned bad = 0, failed = 0, cases = 0;

    lm__buf_init(&b, 1u << 20);
    build_enum(&b, 502, 6, 0);
    v[1].p = b.data;
    v[1].n = b.len;
    for (size_t k = 0; k < 2; k++) {
        uint8_t *q = malloc(v[k].n);

        LMT_PTR_OK(q);
        for (size_t len = 0; len <= v[k].n; len++) {
            for (size_t bit = 0; bit <= (len == v[k].n ? len * 8 : 0); bit++) {
                struct got w, s;

                memcpy(q, v[k].p, len);
                if (bit > 0)
                    q[(bit - 1) / 8] ^= (uint8_t)(1u << ((bit - 1) % 8));
                whole(q, len, v[k].level, &w);
                failed += w.st != LM_OK;
                pieces(q, len, v[k].level, len / 3, len * 2 / 3, &s);
                bad += !agree(&w, &s);
                got_free(&s);
                pieces(q, len, v[k].level, SIZE_MAX, 0, &s);
                bad += !agree(&w, &s);
                got_free(&s);
                got_free(&w);
                cases++;
            }
        }
        free(q);
    }
    LMT_EQ(bad, 0);
    /* every truncation fails, and so do many flips: the comparison is not between two successes only */
    LMT_TRUE(failed >= (unsigned)(v[0].n + v[1].n));
    LMT_TRUE(cases > failed);
    free(samba);
    lm__buf_free(&b);
}

/* ---- over a scripted pipe ---- */

/* The stub in response fragments of at most 4256 stub bytes, as Samba cuts them. */
static void fragments(struct lm__buf *out, uint32_t call_id, const uint8_t *stub, size_t n)
{
    size_t off = 0;

    do {
        size_t k = n - off > 4256 ? 4256 : n - off;
        uint8_t flags = (uint8_t)((off == 0 ? 1 : 0) | (off + k == n ? 2 : 0));

        pipe_peer_pdu(out, 2, flags, call_id, stub + off, k);
        off += k;
    } while (off < n);
}

struct nested {
    struct lm__rpc *r;
    struct got g;
    unsigned reads_at_first; /* READs of the pipe when the first shares came */
    struct pipe_peer *f;
    lm_status inner; /* what the call from the callback gave */
    char *inner_name;
    lm_status stop; /* returned by the callback from its second call on */
};

static lm_status nested_fn(void *ctx, struct lm__srv_share *list, size_t n)
{
    struct nested *x = ctx;

    if (x->g.calls == 0) {
        struct lm__srv_share s;
        lm_error e;

        x->reads_at_first = (unsigned)x->f->reads;
        /* a call on the same binding while the list is still coming (an export reads each share's flags) */
        memset(&s, 0, sizeof s);
        x->inner = lm__srvsvc_share_get(x->r, NULL, "share", 2, &s, &e);
        x->inner_name = s.info.name;
        s.info.name = NULL;
        lm__srv_share_clear(&s);
    } else if (x->stop != LM_OK) {
        return x->stop;
    }
    return collect(&x->g, list, n);
}

static void pages_stream_over_fragments(void)
{
    struct pipe_peer f;
    struct lm__buf stub, one;
    struct nested x;
    struct lm__srv_share s;
    lm_error e;
    size_t n;
    uint8_t *get = lmt_unhex(SAMBA_GET2, &n);

    lm__buf_init(&stub, 1u << 20);
    lm__buf_init(&one, 1u << 20);
    build_enum(&stub, 2, 300, 0);
    LMT_TRUE(stub.len > 4 * 4256);
    for (int round = 0; round < 2; round++) {
        pipe_peer_init(&f);
        f.message_mode = true;
        fragments(&f.reply[0], 2, stub.data, stub.len); /* NetrShareEnum, call 2 */
        pipe_peer_pdu(&f.reply[1], 2, 3, 3, get, n);    /* NetrShareGetInfo from the callback, call 3 */
        pipe_peer_pdu(&f.reply[2], 2, 3, 4, get, n);    /* the binding afterwards, call 4 */
        f.nreply = 3;
        memset(&x, 0, sizeof x);
        x.f = &f;
        x.r = open_peer(&f);
        x.stop = round == 0 ? LM_OK : LM_ECANCELED;
        LMT_EQ(lm__srvsvc_share_pages(x.r, NULL, 2, 0xFFFFFFFF, nested_fn, &x, &e), x.stop);
        /* the first shares came before the last fragment was read */
        LMT_TRUE(x.reads_at_first < (unsigned)f.reads);
        LMT_EQ(x.inner, LM_OK);
        LMT_PTR_OK(x.inner_name);
        free(x.inner_name);
        if (round == 0) {
            /* every share, in order, and the same as the whole stub gives */
            struct got w;

            whole(stub.data, stub.len, 2, &w);
            LMT_EQ(x.g.n, 300);
            x.g.tail = w.tail; /* the tail is the pager's, not delivered */
            LMT_TRUE(agree(&w, &x.g));
            got_free(&w);
        } else {
            /* the callback's status, and no share after it */
            LMT_EQ(x.g.calls, 1);
            LMT_TRUE(x.g.n > 0 && x.g.n <= LM__SRVSVC_STREAM_BATCH);
        }
        /* the binding is in step: the next call gets its own answer */
        memset(&s, 0, sizeof s);
        LMT_EQ(lm__srvsvc_share_get(x.r, NULL, "share", 2, &s, &e), LM_OK);
        lm__srv_share_clear(&s);
        got_free(&x.g);
        lm__rpc_close(x.r);
        pipe_peer_free(&f);
    }
    /* a page answered with ERROR_MORE_DATA, then the rest from the resume handle, both streamed */
    pipe_peer_init(&f);
    f.message_mode = true;
    lm__buf_reset(&stub);
    build_enum(&stub, 1, 100, 0xEA);
    fragments(&f.reply[0], 2, stub.data, stub.len);
    build_enum(&one, 1, 40, 0);
    fragments(&f.reply[1], 3, one.data, one.len);
    f.nreply = 2;
    memset(&x, 0, sizeof x);
    x.r = open_peer(&f);
    LMT_EQ(lm__srvsvc_share_pages(x.r, NULL, 1, 4096, collect, &x.g, &e), LM_OK);
    LMT_EQ(x.g.n, 140);
    LMT_STR(x.g.list[100].info.name, "s0");
    LMT_EQ(f.sent.data[f.sent.len - 4], 7); /* the resume handle of the first answer */
    got_free(&x.g);
    lm__rpc_close(x.r);
    pipe_peer_free(&f);
    free(get);
    lm__buf_free(&stub);
    lm__buf_free(&one);
}

static const struct lmt_test stream_tests[] = {
    LMT_TEST(stream_matches_whole_at_every_cut),
    LMT_TEST(stream_delivers_before_the_end),
    LMT_TEST(stream_matches_whole_when_hostile),
    LMT_TEST(pages_stream_over_fragments),
    LMT_END,
};
const struct lmt_suite lmt_suite_srvsvc_stream = {"srvsvc_stream", NULL, NULL, NULL, stream_tests};
