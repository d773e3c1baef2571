/* Allocation failure (issue 14): whole flows -- `share list`, `get` and `config apply` -- run again and
 * again, the Nth allocation failing in run N (failalloc.h), until a run ends without reaching its failure.
 * Every run must end in LM_OK or LM_ENOMEM, leave out-parameters alone on failure, and, when it ends in
 * LM_OK, give the same result as a run without failure. A crash is a crash; under ASan a leak fails the run
 * at exit.
 *
 *   test_alloc FLOW      FLOW: share_list | get | get_rogue | config_apply
 *
 * Every flow but get_rogue needs the Samba fixture (LANMAN_SMBD_ENV_FILE); without it: exit 77, reason
 * printed. LMT_ALLOC_N=N runs N only (to look at one failure); LMT_VERBOSE=1 names the runs whose failure was
 * absorbed. Under ASan, the first run that leaks is named (LeakSanitizer's report above it).
 *
 * LMT_ALLOC_XML=1 counts libxml2's allocations too (xmlMemSetup), about 2,700 more in config_apply, nearly
 * all in compiling the built-in schema. Not registered with ctest: libxml2 2.9.14 does not survive them --
 * under ASan it leaks and then crashes (a NULL dereference in xmlSchemaValPredefTypeNode) inside
 * xmlSchemaParse, and a failed xmlNewNs drops a namespace without a word, so a valid document fails
 * validation (EINVAL). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

#include <libxml/xmlmemory.h>

#include "failalloc.h"
#include "rogue.h"
#include "fx.h"
#include "lanman/host.h"
#include "lanman/share.h"
#include "lanman/smb.h"
#include "lanman/xml.h"
#include "vectors.h"

#define EXIT_SKIP 77
#define N(a)      (sizeof(a) / sizeof((a)[0]))

/* One run of a flow. */
struct run {
    lm_status st;
    char msg[LM_ERROR_MESSAGE_MAX]; /* the failure's message */
    char result[512];               /* what the flow produced, compared with the run without failure */
    char bad[512];                  /* a broken promise other than the status (an out-parameter set...) */
};

static void broken(struct run *r, const char *fmt, ...)
{
    va_list ap;

    if (r->bad[0] != '\0')
        return;
    va_start(ap, fmt);
    vsnprintf(r->bad, sizeof r->bad, fmt, ap);
    va_end(ap);
}

/* Stands for "not set" in out-parameters: a failed call must leave it there. */
static char unset_mark;
#define UNSET ((void *)&unset_mark)

static void note(struct run *r, lm_status st, const lm_error *e)
{
    r->st = st;
    snprintf(r->msg, sizeof r->msg, "%s", e != NULL ? e->message : "");
}

static lm_smb_options fixture_options(void)
{
    lm_smb_options o = {0};

    o.port = fx_port();
    o.timeout_ms = 10000;
    return o;
}

static const lm_smb_credentials *fixture_creds(void)
{
    static lm_smb_credentials c;

    c.domain = "";
    c.user = fx("LANMAN_TEST_USER");
    c.password = fx("LANMAN_TEST_PASSWORD");
    return &c;
}

/* lm_host_open to the fixture; LM_OK or the failure noted in r. */
static lm_status open_host(struct run *r, lm_host **h)
{
    lm_host_options o = {0};
    lm_smb_options so = fixture_options();
    lm_error err;
    lm_status st;

    o.server = fx("LANMAN_TEST_HOST");
    o.creds = fixture_creds();
    o.smb = &so;
    *h = UNSET;
    lm_error_clear(&err);
    if ((st = lm_host_open(&o, h, &err)) != LM_OK) {
        if (*h != UNSET)
            broken(r, "lm_host_open set its out-parameter on failure");
        note(r, st, &err);
    }
    return st;
}

/* ---- share list: lm_host_open, lm_share_list, free, close ---- */

static void flow_share_list(struct run *r)
{
    lm_share *list = UNSET;
    size_t n = 12345;
    lm_host *h;
    lm_status st;

    if (open_host(r, &h) != LM_OK)
        return;
    if ((st = lm_share_list(h, &list, &n)) != LM_OK) {
        if (list != UNSET || n != 12345)
            broken(r, "lm_share_list set its out-parameters on failure");
        note(r, st, lm_host_error(h));
    } else {
        size_t len = 0;

        r->st = LM_OK;
        for (size_t i = 0; i < n; i++)
            len += (size_t)snprintf(
                r->result + len, sizeof r->result - len, "%s|%s|%s|%s|%u|%d;", list[i].name,
                list[i].path != NULL ? list[i].path : "-", list[i].remark != NULL ? list[i].remark : "-",
                list[i].sddl != NULL ? list[i].sddl : "-", (unsigned)list[i].type, list[i].level);
        lm_share_list_free(list, n);
    }
    lm_host_close(h);
}

/* ---- get: connect, log on, tree connect, two downloads, close ---- */

/* What a download gave: its bytes hashed (FNV-1a), counted, and the first few kept. */
struct got {
    uint64_t hash, size;
    char head[32];
};

static lm_status got_sink(void *ctx, const void *p, size_t n)
{
    struct got *g = ctx;
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (g->size + i < sizeof g->head - 1)
            g->head[g->size + i] = (char)(b[i] >= 0x20 && b[i] < 0x7F ? b[i] : '.');
        g->hash = (g->hash ^ b[i]) * 0x100000001B3ull;
    }
    g->size += n;
    return LM_OK;
}

/* Connects to host:port (anonymous when creds is NULL) and downloads each of files. */
static void get_flow(struct run *r, const char *host, const lm_smb_options *o,
                     const lm_smb_credentials *creds, const char *share, const char *const *files,
                     size_t nfiles)
{
    lm_smb_tree *t = UNSET;
    lm_smb *s = UNSET;
    lm_error err;
    lm_status st;
    size_t len = 0;

    lm_error_clear(&err);
    if ((st = lm_smb_connect(host, o, &s, &err)) != LM_OK) {
        if (s != UNSET)
            broken(r, "lm_smb_connect set its out-parameter on failure");
        note(r, st, &err);
        return;
    }
    if ((st = lm_smb_login(s, creds)) != LM_OK) {
        note(r, st, lm_smb_error(s));
        lm_smb_close(s);
        return;
    }
    if ((st = lm_smb_tree_connect(s, share, &t)) != LM_OK) {
        if (t != UNSET)
            broken(r, "lm_smb_tree_connect set its out-parameter on failure");
        note(r, st, lm_smb_error(s));
        lm_smb_close(s);
        return;
    }
    r->st = LM_OK;
    for (size_t i = 0; i < nfiles && r->st == LM_OK; i++) {
        struct got g = {0xCBF29CE484222325ull, 0, {0}};

        if ((st = lm_smb_get(t, files[i], got_sink, &g, NULL)) != LM_OK)
            note(r, st, lm_smb_error(s));
        else
            len +=
                (size_t)snprintf(r->result + len, sizeof r->result - len, "%s: %llu bytes %016llx \"%s\"; ",
                                 files[i], (unsigned long long)g.size, (unsigned long long)g.hash, g.head);
    }
    lm_smb_tree_disconnect(t);
    lm_smb_close(s);
}

#define BIG_FILE "alloc.bin"
#define BIG_SIZE (3u * 1024 * 1024 + 17) /* four READs of at most 1 MiB */

static void flow_get(struct run *r)
{
    static const char *const files[] = {"hello.txt", BIG_FILE};
    lm_smb_options o = fixture_options();

    get_flow(r, fx("LANMAN_TEST_HOST"), &o, fixture_creds(), fx("LANMAN_TEST_SHARE"), files, N(files));
}

/* The files flow_get downloads, in the fixture's share (the default fixture has hello.txt only with
 * --populate). */
static bool make_files(void)
{
    char path[4096];
    FILE *f;
    bool ok;

    snprintf(path, sizeof path, "%s/hello.txt", fx("LANMAN_TEST_SHARE_PATH"));
    if ((f = fopen(path, "wb")) == NULL)
        return false;
    ok = fputs("Hello from lanman\n", f) >= 0;
    ok = fclose(f) == 0 && ok;
    snprintf(path, sizeof path, "%s/%s", fx("LANMAN_TEST_SHARE_PATH"), BIG_FILE);
    if (!ok || (f = fopen(path, "wb")) == NULL)
        return false;
    for (uint32_t i = 0; i < BIG_SIZE && ok; i++)
        ok = putc((int)(i * 7 + i / 4093) & 0xFF, f) != EOF;
    ok = fclose(f) == 0 && ok;
    return ok && chmod(path, 0644) == 0;
}

/* ---- get against a scripted rogue server (tests/hostile/rogue.h): SMB 2.1, an anonymous session, a file of
 * ROGUE_SIZE bytes read 4 KiB at a time ---- */

enum { NEGOTIATE = 0, SESSION_SETUP = 1, LOGOFF = 2, TREE_CONNECT = 3, CREATE = 5, CLOSE = 6, READ = 8 };
#define ST_MORE        0xC0000016u
#define ST_END_OF_FILE 0xC0000011u
#define ROGUE_SID      0x0000400000000055ull
#define ROGUE_TID      7
#define ROGUE_SIZE     10000u

static uint8_t rogue_byte(uint64_t off)
{
    return (uint8_t)(off * 7 + off / 4093);
}

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;

    for (; s[0] != '\0' && s[1] != '\0' && n < max; s += 2) {
        char pair[3] = {s[0], s[1], '\0'};
        out[n++] = (uint8_t)strtoul(pair, NULL, 16);
    }
    return n;
}

static size_t rogue_answer(const uint8_t *req, uint16_t cmd, uint64_t mid, int *ss_round, uint8_t *m)
{
    uint8_t *b = m + 64;

    memset(m, 0, 64 + 128);
    switch (cmd) {
    case NEGOTIATE: /* 2.1, max read 4096 */
        return rogue_negotiate_resp(m, 0x0210, mid);
    case SESSION_SETUP: /* the SPNEGO tests' CHALLENGE, then a null session (2.2.6) */
        rogue_put16(b, 9);
        rogue_put16(b + 4, 72);
        if ((*ss_round)++ == 0) {
            size_t tn = unhex(v_resp_challenge, b + 8, 512);
            rogue_hdr(m, SESSION_SETUP, ST_MORE, mid, 0, ROGUE_SID, 0);
            rogue_put16(b + 6, (uint16_t)tn);
            return 72 + tn;
        }
        rogue_hdr(m, SESSION_SETUP, 0, mid, 0, ROGUE_SID, 0);
        rogue_put16(b + 2, 0x0002);
        return 73;
    case TREE_CONNECT: /* 2.2.10: a disk share */
        rogue_hdr(m, TREE_CONNECT, 0, mid, 0, ROGUE_SID, ROGUE_TID);
        rogue_put16(b, 16);
        b[2] = 1;
        return 64 + 16;
    case CREATE: /* 2.2.14 */
        rogue_hdr(m, CREATE, 0, mid, 0, ROGUE_SID, ROGUE_TID);
        rogue_put16(b, 89);
        rogue_put64(b + 48, ROGUE_SIZE);
        rogue_put64(b + 64, 1);
        rogue_put64(b + 72, 2);
        return 64 + 88;
    case READ: { /* 2.2.20 */
        uint32_t want = (uint32_t)req[64 + 4] | (uint32_t)req[64 + 5] << 8 | (uint32_t)req[64 + 6] << 16 |
                        (uint32_t)req[64 + 7] << 24;
        uint64_t off = 0, n;

        for (int i = 0; i < 8; i++)
            off |= (uint64_t)req[64 + 8 + i] << (8 * i);
        if (want > 4096 || off >= ROGUE_SIZE) {
            rogue_hdr(m, READ, off >= ROGUE_SIZE ? ST_END_OF_FILE : 0xC000000Du, mid, 0, ROGUE_SID,
                      ROGUE_TID);
            rogue_put16(b, 9);
            return 64 + 9;
        }
        n = ROGUE_SIZE - off < want ? ROGUE_SIZE - off : want;
        rogue_hdr(m, READ, 0, mid, 0, ROGUE_SID, ROGUE_TID);
        rogue_put16(b, 17);
        b[2] = 80;
        rogue_put32(b + 4, (uint32_t)n);
        for (uint64_t i = 0; i < n; i++)
            b[16 + i] = rogue_byte(off + i);
        return 80 + n;
    }
    case CLOSE:
        rogue_hdr(m, CLOSE, 0, mid, 0, ROGUE_SID, ROGUE_TID);
        rogue_put16(b, 60);
        return 64 + 60;
    default: /* TREE_DISCONNECT, LOGOFF */
        rogue_hdr(m, cmd, 0, mid, 0, ROGUE_SID, cmd == LOGOFF ? 0 : ROGUE_TID);
        rogue_put16(b, 4);
        return 64 + 4;
    }
}

static void serve_get(struct rogue_conn *c, void *arg)
{
    static uint8_t m[64 + 16 + 4200];
    int ss_round = 0;

    (void)arg;
    while (rogue_recv(c)) {
        for (size_t off = 0;;) {
            uint32_t next = rogue_req_next(c, off);
            size_t n = rogue_answer(c->in + off, rogue_req_cmd(c, off), rogue_req_mid(c, off), &ss_round, m);

            if (!rogue_send(c, m, n))
                return;
            if (next == 0)
                break;
            off += next;
        }
    }
}

/* A connection that is closed at once: ends a rogue server's wait when the client failed before connecting.
 */
static void poke(uint16_t port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)connect(fd, (struct sockaddr *)&a, sizeof a);
    close(fd);
}

static struct rogue_server *rogue;
static uint16_t rogue_port;

static void rogue_before(void)
{
    if (!rogue_start(serve_get, NULL, &rogue_port, &rogue)) {
        fprintf(stderr, "FAIL: the rogue server does not start\n");
        exit(1);
    }
}

static void rogue_after(void)
{
    if (rogue == NULL)
        return;
    poke(rogue_port);
    rogue_stop(rogue);
    rogue = NULL;
}

static void flow_get_rogue(struct run *r)
{
    static const char *const files[] = {"f.bin"};
    lm_smb_options o = {0};

    o.port = rogue_port;
    o.timeout_ms = 5000;
    get_flow(r, "127.0.0.1", &o, NULL, "share", files, N(files));
}

/* ---- config apply: parse a document, plan it against the fixture, apply the plan ---- */

#define NEW_SHARE   "AllocTest"
#define FIXTURE_REM "lanman test share" /* tests/fixtures/smbd.sh */

static char doc[4096];
static unsigned attempted = ~0u; /* 1 << lm_step_kind of each step an apply tried (all: unknown) */

/* The document: the fixture's share as it is (compared, no step), and a new share readable by Everyone (an
 * add). A change step would cost each run that reaches it two more share scripts in Samba (its own and its
 * undoing), for little more of our code. */
static bool make_document(void)
{
    char path[4096], win[4096];
    size_t i;

    if (snprintf(path, sizeof path, "%s/alloc", fx("LANMAN_TEST_DIR")) >= (int)sizeof path)
        return false;
    if (mkdir(path, 0755) != 0 && access(path, F_OK) != 0)
        return false;
    win[0] = 'C', win[1] = ':';
    for (i = 0; path[i] != '\0' && i + 3 < sizeof win; i++)
        win[i + 2] = path[i] == '/' ? '\\' : path[i];
    win[i + 2] = '\0';
    return snprintf(doc, sizeof doc,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<lanman-config version=\"1\" xmlns=\"urn:lanman:config:1\">\n"
                    " <host name=\"LANMANTEST\" backend=\"remote\" exported=\"2026-01-01T00:00:00Z\" "
                    "tool-version=\"0.1.0\"/>\n"
                    " <service name=\"LanmanServer\" present=\"false\"/>\n"
                    " <service name=\"LanmanWorkstation\" present=\"false\"/>\n"
                    " <shares>\n"
                    "  <share name=\"%s\" type=\"Disk\" type-flags=\"00000000\" max-uses=\"unlimited\">\n"
                    "   <description>%s</description>\n"
                    "  </share>\n"
                    "  <share name=\"%s\" type=\"Disk\" type-flags=\"00000000\" max-uses=\"10\">\n"
                    "   <path>%s</path>\n"
                    "   <description>made by the allocation test</description>\n"
                    "   <security sddl=\"D:(A;;0x1200a9;;;WD)\">\n"
                    "    <grant sid=\"S-1-1-0\" account=\"Everyone\" access=\"allow\" right=\"Read\" "
                    "mask=\"001200A9\"/>\n"
                    "   </security>\n"
                    "  </share>\n"
                    " </shares>\n"
                    "</lanman-config>\n",
                    fx("LANMAN_TEST_SHARE"), FIXTURE_REM, NEW_SHARE, win) < (int)sizeof doc;
}

/* Puts the fixture back as the document found it, on a connection of its own (an smbd child keeps the share
 * definitions it loaded: one that has seen the old description takes its restoring for no change). */
static void config_after(void)
{
    struct run r;
    lm_host *h;
    lm_status st;

    if (attempted == 0)
        return;
    memset(&r, 0, sizeof r);
    if (open_host(&r, &h) != LM_OK) {
        printf("FAIL: cannot open the fixture to restore it: %s\n", r.msg);
        exit(1);
    }
    if ((attempted & 1u << LM_STEP_SHARE_ADD) != 0 && (st = lm_share_remove(h, NEW_SHARE)) != LM_OK &&
        st != LM_ENOENT) {
        printf("FAIL: cannot remove share %s: %s\n", NEW_SHARE, lm_host_error(h)->message);
        exit(1);
    }
    if ((attempted & 1u << LM_STEP_SHARE_CHANGE) != 0 &&
        lm_share_set(h, fx("LANMAN_TEST_SHARE"), FIXTURE_REM, NULL) != LM_OK) {
        printf("FAIL: cannot restore the fixture's description: %s\n", lm_host_error(h)->message);
        exit(1);
    }
    lm_host_close(h);
    attempted = 0;
}

static void on_step(void *ctx, const lm_plan_step *step, lm_status st, const lm_error *err)
{
    struct run *r = ctx;
    size_t len = strlen(r->result);

    (void)err;
    attempted |= 1u << step->kind; /* even a failed step may have changed the server */
    snprintf(r->result + len, sizeof r->result - len, "%s %s: %s -> %s: %s; ", lm_step_kind_name(step->kind),
             step->object, step->actual != NULL ? step->actual : "(none)",
             step->expected != NULL ? step->expected : "(none)", lm_err_name(st));
}

static void flow_config_apply(struct run *r)
{
    lm_baseline *b = UNSET;
    lm_plan *p = UNSET;
    lm_plan_options opt = {0};
    lm_error err;
    lm_host *h;
    lm_status st;
    size_t done = 99;

    lm_error_clear(&err);
    if ((st = lm_baseline_parse(doc, strlen(doc), "alloc.xml", &b, &err)) != LM_OK) {
        if (b != UNSET)
            broken(r, "lm_baseline_parse set its out-parameter on failure");
        note(r, st, &err);
        return;
    }
    if (open_host(r, &h) == LM_OK) {
        if ((st = lm_plan_compute(h, b, &opt, &p)) != LM_OK) {
            if (p != UNSET)
                broken(r, "lm_plan_compute set its out-parameter on failure");
            note(r, st, lm_host_error(h));
        } else {
            if ((st = lm_plan_apply(h, p, on_step, r, &done)) != LM_OK)
                note(r, st, lm_host_error(h));
            else
                r->st = LM_OK;
            if (st == LM_OK && done != p->n)
                broken(r, "lm_plan_apply did %zu of %zu steps and returned LM_OK", done, p->n);
            lm_plan_free(p);
        }
        lm_host_close(h);
    }
    lm_baseline_free(b);
}

/* ---- the driver ---- */

struct flow {
    const char *name;
    bool fixture;
    void (*run)(struct run *r);
    void (*before)(void), (*after)(void); /* around each run, not counted */
};

static const struct flow flows[] = {
    {"share_list", true, flow_share_list, NULL, NULL},
    {"get", true, flow_get, NULL, NULL},
    {"get_rogue", false, flow_get_rogue, rogue_before, rogue_after},
    {"config_apply", true, flow_config_apply, NULL, config_after},
};

static unsigned long once(const struct flow *f, unsigned long n, struct run *r, bool *failed)
{
    unsigned long count;

    memset(r, 0, sizeof *r);
    r->st = LM_EINVAL; /* a flow notes every outcome */
    if (f->before != NULL)
        f->before();
    fa_arm(n);
    f->run(r);
    count = fa_disarm();
    *failed = fa_failed();
    if (f->after != NULL)
        f->after();
    return count;
}

static int run_flow(const struct flow *f)
{
    struct run base, r;
    unsigned long total, n, from = 1, enomem = 0, absorbed = 0;
    const char *only = getenv("LMT_ALLOC_N");
    bool failed, leaked = false;
    int failures = 0;

    total = once(f, 0, &base, &failed);
    if (base.st != LM_OK || base.bad[0] != '\0') {
        printf("FAIL %s: without allocation failure: %s: %s %s\n", f->name, lm_err_name(base.st), base.msg,
               base.bad);
        return 1;
    }
    printf("%s: %lu allocations without failure; result: %s\n", f->name, total, base.result);
    if (only != NULL)
        from = strtoul(only, NULL, 10);
    for (n = from;; n++) {
        once(f, n, &r, &failed);
        /* LeakSanitizer reports a leak again at every check: the first run that leaks is the one to name */
        if (!leaked && LEAK_CHECK() != 0) {
            printf("FAIL %s N=%lu: leaked (LeakSanitizer's report above)\n", f->name, n);
            leaked = true;
            failures++;
        }
        if (!failed) {
            if (r.st != LM_OK)
                printf("FAIL %s N=%lu (not reached): %s: %s\n", f->name, n, lm_err_name(r.st), r.msg),
                    failures++;
            break;
        }
        if (r.st == LM_ENOMEM) {
            enomem++;
        } else if (r.st == LM_OK) {
            /* the failure was absorbed (in a close, or something optional): the result must be whole */
            absorbed++;
            if (getenv("LMT_VERBOSE") != NULL)
                printf("%s N=%lu: absorbed\n", f->name, n);
            if (strcmp(r.result, base.result) != 0)
                printf("FAIL %s N=%lu: LM_OK with a different result: %s\n", f->name, n, r.result),
                    failures++;
        } else {
            printf("FAIL %s N=%lu: %s, not ENOMEM: %s\n", f->name, n, lm_err_name(r.st), r.msg);
            failures++;
        }
        if (r.bad[0] != '\0')
            printf("FAIL %s N=%lu: %s\n", f->name, n, r.bad), failures++;
        if (only != NULL) {
            printf("%s N=%lu: %s %s; result: %s\n", f->name, n, lm_err_name(r.st), r.msg, r.result);
            return failures > 0 ? 1 : 0;
        }
    }
    printf("%s: runs N=%lu..%lu: %lu ENOMEM, %lu absorbed (LM_OK, same result), %d failures\n", f->name, from,
           n - 1, enomem, absorbed, failures);
    if (n - from < 10) {
        printf("FAIL %s: only %lu allocations failed: is the --wrap in place?\n", f->name, n - from);
        failures++;
    }
    return failures > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    const struct flow *f = NULL;
    const char *why;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (getenv("LMT_ALLOC_XML") != NULL && xmlMemSetup(free, malloc, realloc, strdup) != 0)
        return 1;
    for (size_t i = 0; argc == 2 && i < N(flows); i++)
        if (strcmp(argv[1], flows[i].name) == 0)
            f = &flows[i];
    if (f == NULL) {
        fprintf(stderr, "usage: test_alloc share_list|get|get_rogue|config_apply\n");
        return 2;
    }
    if (f->fixture) {
        if ((why = fx_load()) != NULL) {
            printf("SKIP %s: %s\n", f->name, why);
            return EXIT_SKIP;
        }
        if (!make_files() || !make_document()) {
            printf("FAIL %s: cannot write the test's files in the fixture\n", f->name);
            return 1;
        }
    }
    if (f->after != NULL)
        f->after(); /* a run before this one may have stopped half-way */
    return run_flow(f);
}
