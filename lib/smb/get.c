/* lm_smb_get: a whole file, read ahead within the granted credits.
 *
 * Round trips: CREATE and the first READ go in one compound (with lm_smb_get_share, the TREE_CONNECT
 * too); a file that fits in it is done after one round trip, and its CLOSE is not waited for (a CLOSE in
 * the compound would save no wait, and would end a larger file's handle after the first READ). Larger files
 * keep a window of reads outstanding; replies may come back in any order (Samba reads asynchronously), and
 * each is handed to the sink in file order, verified or decrypted in place: straight from the receive buffer
 * when it is the next piece, otherwise parked until it is.
 *
 * Sizing (issue #19), the rule in one place (lm__smb_read_plan, lm__smb_read_len,
 * lm__smb_reads_per_compound):
 * - in flight: twice the bandwidth-delay product measured on this download (bytes delivered per ms times
 *   the shortest READ round trip), at least SMB_GET_MIN_FLIGHT and at most SMB_GET_MAX_FLIGHT bytes;
 * - in READs of SMB_GET_CHUNK, larger only where SMB_GET_WINDOW of them would not hold the flight, and
 *   never more than the server's MaxReadSize, 64 KiB without multi-credit requests, nor more than the
 *   credits in hand pay for (one is kept for the CLOSE). On loopback 1 MiB reads and 2, 4 or 8 MiB ones,
 *   with 4 to 16 outstanding, took the same time, and 1 MiB ones hold the least memory (PERFORMANCE.md);
 * - READs sent together go in compounds of at most SMB_GET_COMPOUND bytes, and in further messages beyond:
 *   Samba answers a compound in one frame, so its first reply waits for its last and the replies cannot be
 *   parked without a copy, and a frame cannot exceed 16 MiB (the 24-bit length of MS-SMB2 2.1: Samba 4.17
 *   drops the connection on two 8 MiB READs in one compound). A pipeline of single messages costs no round
 *   trip more.
 *
 * Parking: a reply that arrives early keeps the receive buffer it came in (lm__smb_take_rx), and the
 * connection receives the next frame into a spare one, so that no reply is copied. Only a reply that shares
 * its frame with others (a compound answered in one message) is copied out. The buffers are kept for the
 * whole download and reused: a malloc and free per parked reply gave the pages back to the system each time,
 * and faulting in a fresh zeroed megabyte cost a quarter of the client's CPU on a signed download. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smb/conn.h"

struct slot {
    bool used, done;
    uint64_t mid, off;
    uint32_t len, got;
    int64_t sent_ms;
    const uint8_t *data; /* a parked reply's data, in buf */
    struct lm__buf buf;  /* the frame a parked reply came in, or a copy of its data */
};

struct get {
    struct lm_smb *s;
    struct lm_smb_tree *t; /* NULL until connected, when g->share is to be connected in the open's compound */
    const char *share;
    struct smb2_fileid id;
    uint64_t size, next_off, deliver_off;
    uint32_t chunk;
    int window;
    struct slot slots[SMB_GET_WINDOW];
    struct lm__buf spare[SMB_GET_WINDOW + 1]; /* receive buffers not in use (one more than the slots: rx) */
    int nspare;
    /* the bandwidth-delay product: bytes delivered since start_ms, and the shortest READ round trip */
    int64_t start_ms, rtt_ms;
    lm_smb_sink_fn sink;
    void *ctx;
    lm_smb_stat stat; /* from the CREATE */
};

uint32_t lm__smb_read_len(uint32_t max_read, bool multi_credit, uint64_t want, uint32_t credits,
                          uint32_t reserve)
{
    uint64_t len = want < max_read ? want : max_read;
    uint64_t paid;

    if (credits <= reserve)
        return 0;
    /* MS-SMB2 3.1.5.2: one credit per 64 KiB started; without multi-credit requests one pays for 64 KiB. */
    paid = multi_credit ? (uint64_t)(credits - reserve) * 65536 : 65536;
    return (uint32_t)(len < paid ? len : paid);
}

struct lm__read_plan lm__smb_read_plan(uint32_t max_read, bool multi_credit, uint64_t bdp)
{
    uint64_t flight = 2 * bdp, chunk, n;
    struct lm__read_plan p;

    flight = flight > SMB_GET_MIN_FLIGHT ? flight : SMB_GET_MIN_FLIGHT;
    flight = flight < SMB_GET_MAX_FLIGHT ? flight : SMB_GET_MAX_FLIGHT;
    /* Past SMB_GET_WINDOW chunks in flight, the reads grow instead (to whole 64 KiB credits). */
    chunk = (flight / SMB_GET_WINDOW + 65535) / 65536 * 65536;
    chunk = chunk > SMB_GET_CHUNK ? chunk : SMB_GET_CHUNK;
    p.chunk = lm__smb_read_len(max_read, multi_credit, chunk, UINT32_MAX, 0);
    n = p.chunk > 0 ? (flight + p.chunk - 1) / p.chunk : SMB_GET_WINDOW;
    p.window = n < 2 ? 2 : n > SMB_GET_WINDOW ? SMB_GET_WINDOW : (int)n;
    return p;
}

int lm__smb_reads_per_compound(uint32_t len)
{
    uint32_t n = len == 0 ? SMB_MAX_CHAIN : SMB_GET_COMPOUND / len;

    return n < 1 ? 1 : n > SMB_MAX_CHAIN ? SMB_MAX_CHAIN : (int)n;
}

static int outstanding(const struct get *g)
{
    int n = 0;
    for (int i = 0; i < SMB_GET_WINDOW; i++)
        n += g->slots[i].used;
    return n;
}

static bool multi_credit(const struct lm_smb *s)
{
    return s->dialect != SMB2_DIALECT_202 && (s->server_caps & SMB2_GLOBAL_CAP_LARGE_MTU);
}

/* Sends as many READs as the window and the credits allow: in compounds of unrelated requests of at most
 * SMB_GET_COMPOUND bytes, one message after the other. */
static lm_status issue(struct get *g)
{
    struct lm_smb *s = g->s;
    struct smb_chain c;
    lm_status st = LM_OK;
    int per = s->single ? 1 : lm__smb_reads_per_compound(g->chunk), out = outstanding(g);

    lm__smb_chain_init(&c);
    for (int i = 0; i < SMB_GET_WINDOW && out < g->window && g->next_off < g->size; i++) {
        struct slot *sl = &g->slots[i];
        uint32_t len;

        if (sl->used)
            continue;
        /* Keep a credit in hand so that the CLOSE can always be sent; with nothing outstanding, the last one
         * goes too (a reply will grant more), and without any the send says the server granted none. */
        len = lm__smb_read_len(s->max_read, multi_credit(s), g->size - g->next_off, s->credits, 1);
        if (len > g->chunk)
            len = g->chunk;
        if (len == 0 && out > 0)
            break;
        if (len == 0 && (len = lm__smb_read_len(s->max_read, multi_credit(s), g->chunk, s->credits, 0)) == 0)
            len = g->size - g->next_off < g->chunk ? (uint32_t)(g->size - g->next_off) : g->chunk;
        sl->used = true;
        sl->done = false;
        sl->off = g->next_off;
        sl->len = len;
        sl->got = 0;
        sl->sent_ms = lm__net_now_ms();
        sl->mid = lm__smb_add(s, &c, SMB2_READ, g->t->tid, false, sl->len);
        lm__smb2_read_req(&c.b, &g->id, sl->len, sl->off);
        lm__smb_trace(s, "   READ mid=%llu length=%u offset=%llu (window %d)", (unsigned long long)sl->mid,
                      len, (unsigned long long)sl->off, g->window);
        g->next_off += sl->len;
        out++;
        if (c.n >= per) {
            st = lm__smb_send(s, &c, false);
            lm__smb_chain_free(&c);
            lm__smb_chain_init(&c);
            if (st != LM_OK)
                break;
        }
    }
    if (c.n > 0 && st == LM_OK)
        st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    return st;
}

/* A receive buffer for a parked reply or for the connection: a spare one if there is one, an empty one
 * otherwise (it grows as the frame needs). */
static struct lm__buf park_take(struct get *g)
{
    struct lm__buf b;

    if (g->nspare > 0)
        return g->spare[--g->nspare];
    lm__buf_init(&b, SMB_FRAME_MAX);
    return b;
}

/* Gives sl's buffer back to the spares. */
static void park_release(struct get *g, struct slot *sl)
{
    if (sl->buf.data == NULL)
        return;
    if (g->nspare < SMB_GET_WINDOW + 1)
        g->spare[g->nspare++] = sl->buf;
    else
        lm__buf_free(&sl->buf); /* cannot happen: no more buffers exist than slots and rx */
    lm__buf_init(&sl->buf, SMB_FRAME_MAX);
    sl->data = NULL;
}

/* Hands parked replies to the sink while they are next in file order. */
static lm_status flush_parked(struct get *g)
{
    for (bool again = true; again;) {
        again = false;
        for (int i = 0; i < SMB_GET_WINDOW; i++) {
            struct slot *sl = &g->slots[i];
            lm_status st;

            if (!sl->used || !sl->done || sl->off != g->deliver_off)
                continue;
            if (sl->got > 0 && (st = g->sink(g->ctx, sl->data, sl->got)) != LM_OK)
                return st;
            g->deliver_off += sl->got;
            park_release(g, sl);
            sl->used = false;
            again = true;
        }
    }
    return LM_OK;
}

/* The plan for what has been measured so far: bytes delivered per ms since the first READ, times the
 * shortest round trip of a READ. */
static void measure(struct get *g, const struct slot *sl)
{
    int64_t now = lm__net_now_ms(), rtt = now - sl->sent_ms, spent = now - g->start_ms;
    struct lm__read_plan p;
    uint64_t bdp = 0;

    if (g->rtt_ms < 0 || rtt < g->rtt_ms)
        g->rtt_ms = rtt;
    if (spent > 0)
        bdp = g->deliver_off / (uint64_t)spent * (uint64_t)g->rtt_ms;
    p = lm__smb_read_plan(g->s->max_read, multi_credit(g->s), bdp);
    g->chunk = p.chunk;
    g->window = p.window;
}

/* One READ reply r for slot sl. A short read leaves the rest of the range to a new request. */
static lm_status complete(struct get *g, struct slot *sl, const struct smb_resp *r)
{
    struct lm_smb *s = g->s;
    struct lm__cursor m = r->msg;
    const uint8_t *data = NULL;
    size_t data_off;
    uint32_t len = 0;
    lm_status st;

    if (r->h.status == NT_STATUS_SUCCESS) {
        if (lm__smb2_read_resp(&m, &data_off, &len) != LM_OK || len > sl->len)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed READ response from %s",
                                s->host);
        data = r->msg.p + data_off;
    } else if (r->h.status != NT_STATUS_END_OF_FILE) {
        return lm__smb_status_error(s, r, "read failed");
    }
    measure(g, sl);
    /* A short read of a file is its end (MS-SMB2 3.3.5.12): it shrank while we read, or the size we were
     * told was stale. Nothing past it is asked for or delivered. */
    if (len < sl->len && sl->off + len < g->size)
        g->size = sl->off + len;
    if (g->next_off > g->size)
        g->next_off = g->size;
    if (sl->off == g->deliver_off) {
        if (len > 0 && (st = g->sink(g->ctx, data, len)) != LM_OK)
            return st;
        g->deliver_off += len;
        sl->used = false;
        return flush_parked(g);
    }
    if (len > 0) {
        struct lm__buf spare = park_take(g);

        /* The frame is kept only when its buffer is about the reply's size (twice, as buffers grow by
         * doubling, plus headers): at most SMB_GET_WINDOW such, whatever size the server makes its frames. */
        if (lm__smb_take_rx(s, r, 2 * ((size_t)sl->len + 4096), &sl->buf, &spare)) {
            sl->data = data; /* the frame's memory moved to the slot, not the bytes */
        } else {
            sl->buf = spare;
            lm__buf_reset(&sl->buf);
            lm__buf_append(&sl->buf, data, len);
            if (lm__buf_status(&sl->buf) != LM_OK)
                return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
            sl->data = sl->buf.data;
        }
    }
    sl->got = len;
    sl->done = true;
    return LM_OK;
}

static void abandon(struct get *g)
{
    for (int i = 0; i < SMB_GET_WINDOW; i++) {
        struct slot *sl = &g->slots[i];
        if (sl->used && !sl->done)
            lm__smb_ignore(g->s, sl->mid);
        lm__buf_free(&sl->buf);
        sl->data = NULL;
        sl->used = false;
    }
    while (g->nspare > 0)
        lm__buf_free(&g->spare[--g->nspare]);
}

/* Slots whose range starts at or past the end (after a short read) are dropped. */
static void drop_beyond(struct get *g)
{
    for (int i = 0; i < SMB_GET_WINDOW; i++) {
        struct slot *sl = &g->slots[i];
        if (sl->used && sl->off >= g->size && !(sl->off == 0 && g->size == 0)) {
            if (!sl->done)
                lm__smb_ignore(g->s, sl->mid);
            park_release(g, sl);
            sl->used = false;
        }
    }
}

/* [TREE_CONNECT g->share, when g has no tree yet] + CREATE + READ of the first chunk, each related to the one
 * before (MS-SMB2 3.2.4.1.4): one round trip for a small file. A server that has granted too few credits for
 * all of them gets the READ later, as credits come. With the TREE_CONNECT in front, g->t is set once it
 * connected, also when the CREATE then fails. */
static lm_status open_file(struct get *g, const char *path, bool *first_read)
{
    struct lm_smb *s = g->s;
    struct smb2_create_req cr = {0};
    struct smb2_create_resp cresp;
    struct smb_resp r;
    struct smb_chain c;
    bool with_tree = g->t == NULL;
    uint32_t tid = with_tree ? 0xFFFFFFFFu : g->t->tid; /* related: the new tree's */
    uint64_t mid_tree = UINT64_MAX, rel[2];
    uint16_t read_charge =
        lm__smb_credit_charge(s, s->max_read < SMB_GET_CHUNK ? s->max_read : SMB_GET_CHUNK);
    char what[300];
    lm_status st = LM_OK;

    memset(g->slots, 0, sizeof g->slots);
    g->next_off = 0;
    g->slots[0].sent_ms = lm__net_now_ms();
    cr.desired_access = SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = SMB2_FILE_NON_DIRECTORY;
    if ((cr.path = lm__smb_path(path, false)) == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    path += strspn(path, "/\\");
    *first_read = !s->single && s->credits >= (with_tree ? 2u : 1u) + (read_charge > 0 ? read_charge : 1u);
    lm__smb_chain_init(&c);
    if (with_tree)
        mid_tree = lm__smb_add_tree_connect(s, &c, g->share, &st);
    rel[0] = lm__smb_add_create(s, &c, tid, with_tree, &cr, &st);
    free((char *)cr.path);
    g->id = lm__smb2_related_fileid;
    g->size = g->chunk; /* until CREATE tells */
    if (*first_read) {
        g->slots[0].used = true;
        g->slots[0].len = g->chunk;
        g->slots[0].mid = lm__smb_add(s, &c, SMB2_READ, tid, true, g->chunk);
        lm__smb2_read_req(&c.b, &g->id, g->chunk, 0);
        g->next_off = g->chunk;
    }
    rel[1] = g->slots[0].mid;
    if ((st = lm__smb_send_built(s, &c, st, "path", path)) != LM_OK)
        return st;
    if (with_tree &&
        (st = lm__smb_take_tree(s, mid_tree, g->share, rel, *first_read ? 2 : 1, &g->t)) != LM_OK)
        return st;
    snprintf(what, sizeof what, "cannot open '%s'", path);
    if ((st = lm__smb_recv(s, rel[0], &r)) != LM_OK)
        return st;
    st = lm__smb_check_create(s, &r, what, &rel[1], *first_read ? 1 : 0, &cresp);
    /* A directory is a path of the wrong kind, not a malformed one: the operation fails (exit 1). */
    if (st != LM_OK && s->err.raw_kind == LM_RAW_NTSTATUS && s->err.raw == NT_STATUS_FILE_IS_A_DIRECTORY)
        return lm_error_set(&s->err, LM_ETYPE, LM_RAW_NTSTATUS, s->err.raw,
                            "cannot download '%s': it is a directory (STATUS_FILE_IS_A_DIRECTORY)", path);
    if (st != LM_OK)
        return st;
    g->id = cresp.id;
    g->size = cresp.end_of_file;
    g->stat = (lm_smb_stat){cresp.end_of_file, cresp.allocation_size, cresp.attributes, cresp.creation,
                            cresp.last_access, cresp.last_write,      cresp.change};
    return LM_OK;
}

/* Whether a CREATE that failed with the status in s->err answered about the path itself: then the server
 * took it, and asking again on the tree alone would get the same answer. */
static bool path_answer(const struct lm_smb *s)
{
    uint32_t raw = s->err.raw;

    return s->err.raw_kind != LM_RAW_NTSTATUS || raw == NT_STATUS_OBJECT_NAME_NOT_FOUND ||
           raw == NT_STATUS_OBJECT_PATH_NOT_FOUND || raw == NT_STATUS_OBJECT_NAME_INVALID ||
           raw == NT_STATUS_FILE_IS_A_DIRECTORY;
}

/* Opens the file, with the TREE_CONNECT to g->share in the same compound when g has no tree yet: except
 * where the connection keeps to single requests (lm__smb_retry_single), or where the new tree must be
 * validated before it is used (3.0, 3.0.2: lm__smb_tree_validate): then the tree is connected first, on
 * its own. A server that connects the tree but refuses its CREATE for another reason than the path (a share
 * that requires encryption refuses the CREATE that came unencrypted with its TREE_CONNECT) gets the open
 * again, on the new tree alone. On failure a tree connected here is disconnected again. */
static lm_status open_get(struct get *g, const char *path, bool *first_read)
{
    bool had_tree = g->t != NULL, compound;
    lm_status st;

    if (!had_tree && (g->s->single || lm__smb_tree_validates(g->s)) &&
        (st = lm_smb_tree_connect(g->s, g->share, &g->t)) != LM_OK)
        return st;
    compound = g->t == NULL;
    st = open_file(g, path, first_read);
    if (st != LM_OK && compound && g->t != NULL && st != LM_ESIGNATURE && !path_answer(g->s)) {
        lm__smb_trace(g->s, "the CREATE in the TREE_CONNECT compound failed; again on the tree alone");
        st = open_file(g, path, first_read);
    }
    if (st != LM_OK && !had_tree) {
        lm_smb_tree_disconnect(g->t);
        g->t = NULL;
    }
    return st;
}

/* Takes READ replies, in whatever order they come, and sends more while the file has more. */
static lm_status pump(struct get *g)
{
    struct lm_smb *s = g->s;
    struct smb_resp r;
    lm_status st = LM_OK;

    while (st == LM_OK && outstanding(g) > 0) {
        int i;

        if ((st = lm__smb_recv(s, UINT64_MAX, &r)) != LM_OK)
            break;
        for (i = 0; i < SMB_GET_WINDOW; i++) {
            if (g->slots[i].used && !g->slots[i].done && g->slots[i].mid == r.h.message_id)
                break;
        }
        if (i == SMB_GET_WINDOW)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s answered a READ that was not asked",
                                s->host);
        if ((st = complete(g, &g->slots[i], &r)) != LM_OK)
            break;
        drop_beyond(g);
        if (g->deliver_off >= g->size)
            break; /* anything still out is past the end: abandoned */
        st = issue(g);
    }
    return st;
}

/* The download: the open (again, once, with single requests after a compound fallback), then the reads. */
static lm_status get_file(struct get *g, const char *path, void (*stat_cb)(void *ctx, const lm_smb_stat *st))
{
    struct lm_smb *s = g->s;
    bool first_read = false;
    lm_status st = open_get(g, path, &first_read);

    /* Opening again is safe: what the failed compound connected or opened is disconnected or closed, and its
     * READ dropped before delivery. */
    if (lm__smb_retry_single(s, st))
        st = open_get(g, path, &first_read);
    if (st != LM_OK)
        return st;
    if (stat_cb != NULL)
        stat_cb(g->ctx, &g->stat);
    if (g->size > g->chunk || !first_read)
        st = issue(g); /* read ahead while the first chunk is on its way */
    if (st == LM_OK)
        st = pump(g);
    abandon(g);
    lm__smb_forget(s, SMB2_CLOSE, g->t->tid, &g->id);
    return st;
}

/* g for a download on s to sink; LM_EPROTO when the server allows no reads. */
static lm_status get_init(struct get *g, struct lm_smb *s, lm_smb_sink_fn sink, void *ctx)
{
    struct lm__read_plan plan;

    memset(g, 0, sizeof *g);
    g->s = s;
    g->sink = sink;
    g->ctx = ctx;
    plan = lm__smb_read_plan(s->max_read, multi_credit(s), 0);
    g->chunk = plan.chunk;
    g->window = plan.window;
    if (g->chunk == 0)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s allows no reads", s->host);
    g->rtt_ms = -1;
    g->start_ms = lm__net_now_ms();
    return LM_OK;
}

lm_status lm_smb_get(lm_smb_tree *t, const char *path, lm_smb_sink_fn sink, void *ctx,
                     void (*stat_cb)(void *ctx, const lm_smb_stat *st))
{
    struct get g;
    lm_status st = get_init(&g, t->s, sink, ctx);

    if (st != LM_OK)
        return st;
    g.t = t;
    return get_file(&g, path, stat_cb);
}

lm_status lm_smb_get_share(lm_smb *s, const char *share, const char *path, lm_smb_sink_fn sink, void *ctx,
                           void (*stat_cb)(void *ctx, const lm_smb_stat *st))
{
    struct get g;
    lm_status st = get_init(&g, s, sink, ctx);

    if (st != LM_OK)
        return st;
    g.share = share;
    st = get_file(&g, path, stat_cb);
    lm_smb_tree_disconnect(g.t);
    return st;
}
