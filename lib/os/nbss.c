/* The NetBIOS session service handshake (RFC 1002 4.3), needed on port 139 only. Portable. */
#include <string.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "os/net.h"

/* RFC 1002 4.3.1 packet types */
#define NBSS_REQUEST  0x81
#define NBSS_POSITIVE 0x82
#define NBSS_NEGATIVE 0x83
#define NBSS_RETARGET 0x84

#define NBSS_NAME_CHARS 15 /* the 16th byte is the suffix (RFC 1001 14, [MS-NBTE]) */
#define NBSS_REPLY_MAX  64 /* the longest valid reply is RETARGET's 6 bytes */

/* RFC 1001 14.1 first-level encoding: the name padded with spaces to 15 bytes plus a suffix byte, each
 * nibble as 'A' + nibble, behind a length byte of 32 and ended by the empty root label (no scope). */
static lm_status put_name(struct lm__buf *b, const char *name, uint8_t suffix)
{
    uint8_t raw[NBSS_NAME_CHARS + 1];
    size_t n = strlen(name);

    if (n == 0 || n > NBSS_NAME_CHARS)
        return LM_ENAME;
    for (size_t i = 0; i < NBSS_NAME_CHARS; i++) {
        unsigned char c = i < n ? (unsigned char)name[i] : ' ';

        /* Names travel in the OEM code page; stay with printable ASCII, which every code page shares. */
        if (c < 0x20 || c > 0x7E)
            return LM_ENAME;
        raw[i] = c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
    }
    raw[NBSS_NAME_CHARS] = suffix;
    lm__buf_put_u8(b, 32);
    for (size_t i = 0; i < sizeof raw; i++) {
        lm__buf_put_u8(b, (uint8_t)('A' + (raw[i] >> 4)));
        lm__buf_put_u8(b, (uint8_t)('A' + (raw[i] & 0x0F)));
    }
    lm__buf_put_u8(b, 0);
    return LM_OK;
}

static const char *negative_reason(uint8_t code)
{
    /* RFC 1002 4.3.4 */
    switch (code) {
    case 0x80:
        return "not listening on called name";
    case 0x81:
        return "not listening for calling name";
    case 0x82:
        return "called name not present";
    case 0x83:
        return "called name present, but insufficient resources";
    case 0x8F:
        return "unspecified error";
    default:
        return "unknown reason";
    }
}

/* What is left of the deadline, for the next call: at least 1 ms, so that a spent deadline times out rather
 * than meaning "the default". */
static int left_ms(int64_t deadline)
{
    int64_t left = deadline - lm__net_now_ms();

    return left < 1 ? 1 : left > INT32_MAX ? INT32_MAX : (int)left;
}

/* Reads one session packet: its type and up to NBSS_REPLY_MAX bytes of body. */
static lm_status read_reply(struct lm__sock *s, int64_t deadline, uint8_t *type, uint8_t *body, size_t *len,
                            lm_error *err)
{
    uint8_t hdr[4];
    struct lm__cursor c;
    uint8_t flags;
    size_t n;
    lm_status st;

    st = lm__net_recv(s, hdr, sizeof hdr, left_ms(deadline));
    if (st != LM_OK)
        return lm_error_set(err, st, LM_RAW_NONE, 0, "NetBIOS session request: no reply: %s",
                            lm_strerror(st));
    lm__cur_init(&c, hdr, sizeof hdr);
    *type = lm__cur_u8(&c);
    flags = lm__cur_u8(&c);
    /* RFC 1002 4.3.1: bit 0 of the flags extends the length to 17 bits. */
    n = ((size_t)(flags & 1) << 16) | lm__cur_u16be(&c);
    if (lm__cur_status(&c) != LM_OK || (flags & 0xFE) != 0 || n > NBSS_REPLY_MAX)
        return lm_error_set(
            err, LM_EPROTO, LM_RAW_NONE, 0,
            "NetBIOS session request: malformed reply (type 0x%02X, flags 0x%02X, length %zu)", *type, flags,
            n);
    st = lm__net_recv(s, body, n, left_ms(deadline));
    if (st != LM_OK)
        return lm_error_set(err, st, LM_RAW_NONE, 0, "NetBIOS session request: short reply: %s",
                            lm_strerror(st));
    *len = n;
    return LM_OK;
}

/* What the session reply of type with body[0..n) means: LM_OK for a POSITIVE response, an error in err for
 * the others (RFC 1002 4.3.3 to 4.3.5). */
static lm_status reply_status(uint8_t type, const uint8_t *body, size_t n, const char *called, lm_error *err)
{
    struct lm__cursor c;

    lm__cur_init(&c, body, n);
    switch (type) {
    case NBSS_POSITIVE:
        if (n != 0)
            break;
        return LM_OK;
    case NBSS_NEGATIVE: {
        uint8_t code = lm__cur_u8(&c);

        if (n != 1 || lm__cur_status(&c) != LM_OK)
            break;
        /* No raw kind fits NetBIOS codes: the code is in raw and in the message. */
        return lm_error_set(err, LM_ECONNREFUSED, LM_RAW_NONE, code,
                            "NetBIOS session refused for '%s': %s (0x%02X)", called, negative_reason(code),
                            code);
    }
    case NBSS_RETARGET: {
        /* RFC 1002 4.3.5: another address and port. We do not follow it: the caller chose the host. */
        uint32_t ip = lm__cur_u32be(&c);
        uint16_t port = lm__cur_u16be(&c);

        if (n != 6 || lm__cur_status(&c) != LM_OK)
            break;
        return lm_error_set(
            err, LM_ECONNREFUSED, LM_RAW_NONE, 0,
            "NetBIOS session for '%s' retargeted to %u.%u.%u.%u port %u; connect there instead", called,
            (unsigned)(ip >> 24), (unsigned)(ip >> 16 & 0xFF), (unsigned)(ip >> 8 & 0xFF),
            (unsigned)(ip & 0xFF), (unsigned)port);
    }
    default:
        break;
    }
    return lm_error_set(err, LM_EPROTO, LM_RAW_NONE, 0,
                        "NetBIOS session request: unexpected reply (type 0x%02X, length %zu)", type, n);
}

lm_status lm__nbss_session_request(struct lm__sock *s, const char *called, const char *calling,
                                   int timeout_ms, lm_error *err)
{
    struct lm__buf b;
    struct lm__iov iov;
    uint8_t type = 0, body[NBSS_REPLY_MAX];
    size_t n = 0;
    int64_t deadline = lm__net_deadline(timeout_ms); /* one bound for the whole exchange */
    lm_error scratch;
    lm_status st;

    if (err == NULL)
        err = &scratch;
    if (s == NULL || called == NULL || calling == NULL)
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "NetBIOS session request: missing argument");

    /* RFC 1002 4.3.2: header, called name (the server, suffix 0x20), calling name (us, suffix 0x00). */
    lm__buf_init(&b, 4 + 2 * 34);
    lm__buf_put_u8(&b, NBSS_REQUEST);
    lm__buf_put_u8(&b, 0);
    lm__buf_put_u16be(&b, 2 * 34);
    st = put_name(&b, called, 0x20);
    if (st == LM_OK)
        st = put_name(&b, calling, 0x00);
    if (st != LM_OK) {
        lm__buf_free(&b);
        return lm_error_set(err, st, LM_RAW_NONE, 0,
                            "NetBIOS names are 1 to 15 printable ASCII characters: '%s', '%s'", called,
                            calling);
    }
    if (lm__buf_status(&b) != LM_OK) {
        st = lm__buf_status(&b);
        lm__buf_free(&b);
        return lm_error_set(err, st, LM_RAW_NONE, 0, "NetBIOS session request: %s", lm_strerror(st));
    }
    iov.p = b.data;
    iov.n = b.len;
    st = lm__net_sendv(s, &iov, 1, left_ms(deadline));
    lm__buf_free(&b);
    if (st != LM_OK)
        return lm_error_set(err, st, LM_RAW_NONE, 0, "NetBIOS session request: %s", lm_strerror(st));

    st = read_reply(s, deadline, &type, body, &n, err);
    if (st != LM_OK)
        return st;
    return reply_status(type, body, n, called, err);
}
