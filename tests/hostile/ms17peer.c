/* ms17peer: a scripted SMB server on loopback that answers lanman's ms17-010 exchange exactly as Windows 7
 * SP1 does, unpatched or patched (the status codes of MS17-010's PeekNamedPipe on FID 0, as nmap's
 * smb-vuln-ms17-010 reads them), for tests/interop/audit/ms17010.sh: no vulnerable server exists here.
 *
 *   ms17peer MODE LOG
 *     MODE  unpatched       TRANSACTION answered STATUS_INSUFF_SERVER_RESOURCES (0xC0000205)
 *           patched-denied  ... STATUS_ACCESS_DENIED (0xC0000022)
 *           patched-handle  ... STATUS_INVALID_HANDLE (0xC0000008)
 *           anon-refused    the anonymous SESSION_SETUP answered STATUS_ACCESS_DENIED (RestrictAnonymous)
 *           smb1-only       unpatched, and hangs up on SMB2 as Windows XP and Server 2003 do
 *     LOG   every request, one line each: "FRAME <hex>", and after a SESSION_SETUP_ANDX the fields that would
 *           carry credentials: "SESSION wc=13 account='' domain='' oem_password=0 unicode_password=0"
 *
 * Prints its port on stdout, then serves each connection in a process of its own, several at once as Windows
 * does (lanman's audit opens several: one SMB2 NEGOTIATE per dialect, which it answers as Windows 7 does,
 * 2.0.2 and 2.1 only, then the SMB1 exchange), and exits after a minute without a connection, or on SIGTERM.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rogue.h"

#define IDLE_ACCEPTS 12 /* of ROGUE_WAIT_MS each */

enum mode { UNPATCHED, PATCHED_DENIED, PATCHED_HANDLE, ANON_REFUSED, SMB1_ONLY };

static FILE *logf_;
static enum mode mode_;

static void log_frame(const struct rogue_conn *c)
{
    fputs("FRAME ", logf_);
    for (size_t i = 0; i < c->inlen; i++)
        fprintf(logf_, "%02x", c->in[i]);
    fputc('\n', logf_);
    fflush(logf_);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* An SMB1 response header for the request in c, with cmd, status, and the ids. */
static size_t smb1_hdr(uint8_t *m, const struct rogue_conn *c, uint32_t status, uint16_t tid, uint16_t uid)
{
    memcpy(m, c->in, 32); /* the request's header: command, PID, MID echoed */
    rogue_put32(m + 5, status);
    m[9] = 0x98;                                                 /* reply, case-insensitive, canonicalized */
    rogue_put16(m + 10, (uint16_t)(get16(c->in + 10) | 0x4000)); /* NT status */
    rogue_put16(m + 24, tid);
    rogue_put16(m + 28, uid);
    return 32;
}

/* Windows 7 SP1 speaks SMB 2.0.2 and 2.1: one NEGOTIATE per dialect from lanman's sweep; anything newer is
 * STATUS_NOT_SUPPORTED. */
static void smb2_negotiate(struct rogue_conn *c)
{
    uint8_t m[128];
    uint16_t best = 0, n;

    if (c->inlen < 64 + 36 || rogue_req_cmd(c, 0) != 0)
        return;
    n = get16(c->in + 64 + 2);
    for (uint16_t i = 0; i < n && 64 + 36 + 2u * i + 2 <= c->inlen; i++) {
        uint16_t d = get16(c->in + 64 + 36 + 2 * i);
        if ((d == 0x0202 || d == 0x0210) && d > best)
            best = d;
    }
    if (best != 0) {
        rogue_send(c, m, rogue_negotiate_resp(m, best, rogue_req_mid(c, 0)));
    } else {
        rogue_hdr(m, 0, 0xC00000BBu, rogue_req_mid(c, 0), 0, 0, 0);
        memset(m + 64, 0, 9);
        rogue_put16(m + 64, 9); /* the error response (MS-SMB2 2.2.2) */
        rogue_send(c, m, 64 + 9);
    }
    rogue_wait_close(c);
}

/* The NT LM 0.12 NEGOTIATE response (MS-CIFS 2.2.4.52.2): extended security when the client asked for it
 * (the smb1 check's probe), else an 8-byte challenge (the ms17-010 exchange). */
static void smb1_negotiate(struct rogue_conn *c)
{
    static const uint8_t words[34] = {0,    0,    0x03, 50,   0,    1,    0,    0x04, 0x41, 0, 0, 0,
                                      0,    1,    0,    0x44, 0x33, 0x22, 0x11, 0xFD, 0xE3, 0, 0, 0,
                                      0xE0, 0x57, 0xC8, 0xD6, 0xC4, 0xDC, 0x01, 0,    0,    8};
    bool ext = get16(c->in + 10) & 0x0800;
    uint8_t m[128];
    size_t n = smb1_hdr(m, c, 0, 0xFFFF, 0);

    m[n++] = 17;
    memcpy(m + n, words, sizeof words);
    if (ext) {
        m[n + 22] = 0x80; /* CAP_EXTENDED_SECURITY */
        m[n + 33] = 0;    /* no challenge */
    }
    n += sizeof words;
    rogue_put16(m + n, ext ? 16 : 8);
    n += 2;
    memset(m + n, 0x5A, ext ? 16 : 8); /* the server GUID, or the challenge */
    n += ext ? 16 : 8;
    rogue_send(c, m, n);
}

/* Logs the fields of a SESSION_SETUP_ANDX request that would carry credentials (MS-CIFS 2.2.4.53.1), then
 * answers: a session (UID 0x0800, Action 0), or STATUS_ACCESS_DENIED. */
static void smb1_session(struct rogue_conn *c)
{
    uint8_t m[64], wc = c->inlen > 32 ? c->in[32] : 0;
    size_t n;

    if (wc == 13 && c->inlen >= 33 + 26 + 2) {
        uint16_t oem = get16(c->in + 33 + 14), uni = get16(c->in + 33 + 16), bc = get16(c->in + 33 + 26);
        const char *p = (const char *)c->in + 33 + 28 + oem + uni, *end = (const char *)c->in + c->inlen;
        const char *account = p < end ? p : "", *domain = "";

        if (p < end && memchr(p, 0, (size_t)(end - p)) != NULL && p + strlen(p) + 1 < end)
            domain = p + strlen(p) + 1;
        if (memchr(account, 0, (size_t)(end > account ? end - account : 0)) == NULL)
            account = "(unterminated)";
        fprintf(logf_, "SESSION wc=13 account='%s' domain='%s' oem_password=%u unicode_password=%u bc=%u\n",
                account, memchr(domain, 0, (size_t)(end > domain ? end - domain : 0)) != NULL ? domain : "",
                oem, uni, bc);
    } else {
        fprintf(logf_, "SESSION wc=%u\n", wc);
    }
    fflush(logf_);
    if (mode_ == ANON_REFUSED) {
        n = smb1_hdr(m, c, 0xC0000022u, 0, 0);
        memset(m + n, 0, 3); /* WordCount 0, ByteCount 0 */
        rogue_send(c, m, n + 3);
        return;
    }
    n = smb1_hdr(m, c, 0, 0, 0x0800);
    memcpy(m + n, "\x03\xFF\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00",
           12); /* AndX none, Action 0; BC 3: 3 NULs */
    rogue_send(c, m, n + 12);
}

static void smb1_tree(struct rogue_conn *c)
{
    uint8_t m[64];
    size_t n = smb1_hdr(m, c, 0, 1, 0x0800);

    memcpy(m + n, "\x03\xFF\x00\x00\x00\x01\x00\x05\x00IPC\0\0", 14); /* OptionalSupport 1; "IPC", "" */
    rogue_send(c, m, n + 14);
}

/* TRANSACTION: what MS17-010 changed. An unpatched srv.sys answers a PeekNamedPipe on FID 0 with
 * STATUS_INSUFF_SERVER_RESOURCES; a patched one with STATUS_ACCESS_DENIED or STATUS_INVALID_HANDLE. */
static void smb1_trans(struct rogue_conn *c)
{
    static const uint32_t status[] = {[UNPATCHED] = 0xC0000205u,
                                      [PATCHED_DENIED] = 0xC0000022u,
                                      [PATCHED_HANDLE] = 0xC0000008u,
                                      [ANON_REFUSED] = 0xC0000022u,
                                      [SMB1_ONLY] = 0xC0000205u};
    uint8_t m[64];
    size_t n = smb1_hdr(m, c, status[mode_], get16(c->in + 24), get16(c->in + 28));

    memset(m + n, 0, 3);
    rogue_send(c, m, n + 3);
}

static void serve(struct rogue_conn *c)
{
    while (rogue_recv(c)) {
        log_frame(c);
        if (c->inlen >= 64 && memcmp(c->in, "\xFESMB", 4) == 0) {
            if (mode_ != SMB1_ONLY)
                smb2_negotiate(c);
            return;
        }
        if (c->inlen < 35 || memcmp(c->in, "\xFFSMB", 4) != 0)
            return;
        switch (c->in[4]) {
        case 0x72:
            smb1_negotiate(c);
            break;
        case 0x73:
            smb1_session(c);
            break;
        case 0x75:
            smb1_tree(c);
            break;
        case 0x25:
            smb1_trans(c);
            break;
        default:
            return; /* TREE_DISCONNECT, LOGOFF, anything else: hang up, as the test is over */
        }
    }
}

int main(int argc, char **argv)
{
    static const char *const modes[] = {"unpatched", "patched-denied", "patched-handle", "anon-refused",
                                        "smb1-only"};
    struct rogue_conn c;
    uint16_t port;
    int lfd, idle = 0;

    if (argc != 3) {
        fprintf(stderr,
                "usage: ms17peer unpatched|patched-denied|patched-handle|anon-refused|smb1-only LOG\n");
        return 2;
    }
    for (mode_ = UNPATCHED; mode_ <= SMB1_ONLY && strcmp(argv[1], modes[mode_]) != 0; mode_++)
        ;
    if (mode_ > SMB1_ONLY || (logf_ = fopen(argv[2], "w")) == NULL || (lfd = rogue_listen(&port)) < 0 ||
        (c.in = malloc(ROGUE_FRAME_MAX)) == NULL) {
        fprintf(stderr, "ms17peer: bad mode, or cannot write %s or listen\n", argv[2]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN); /* no zombies */
    /* the connections' processes append whole lines */
    setvbuf(logf_, NULL, _IOLBF, 0);
    fcntl(fileno(logf_), F_SETFL, O_APPEND);
    printf("%u\n", port);
    fflush(stdout);
    while (idle < IDLE_ACCEPTS) {
        if ((c.fd = rogue_accept(lfd)) < 0) {
            idle++;
            continue;
        }
        idle = 0;
        c.inlen = 0;
        fflush(logf_);
        if (fork() == 0) { /* one process per connection: Windows serves them at once */
            serve(&c);
            close(c.fd);
            fclose(logf_);
            _exit(0);
        }
        close(c.fd);
    }
    free(c.in);
    close(lfd);
    fclose(logf_);
    return 0;
}
