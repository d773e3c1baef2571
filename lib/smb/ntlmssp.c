/* NTLMSSP client, NTLMv2 only (MS-NLMP). Portable: no OS headers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "core/utf.h"
#include "crypto/crypto.h"
#include "smb/ntlmssp.h"

/* Caps on what we build or keep: a CHALLENGE carries at most two 64 KiB fields. */
#define MSG_CAP  (256u * 1024u)
#define NAME_CAP (64u * 1024u)

#define AUTH_HEADER 88 /* MS-NLMP 2.2.1.3: fixed fields, Version and MIC */
#define NEG_HEADER  40 /* MS-NLMP 2.2.1.1: fixed fields and Version */

/* 100 ns ticks between 1601-01-01 and 1970-01-01 (MS-DTYP 2.3.3 FILETIME). */
#define FILETIME_1970 116444736000000000ull

static const uint8_t ntlmssp_sig[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

/* MS-NLMP 2.2.2.10 VERSION: 6.1 build 7601, NTLMSSP_REVISION_W2K3. Informational only. */
static const uint8_t version[8] = {6, 1, 0xB1, 0x1D, 0, 0, 0, 0x0F};

/* MS-NLMP 3.4.5.2 */
static const char client_sign_magic[] = "session key to client-to-server signing key magic constant";
static const char server_sign_magic[] = "session key to server-to-client signing key magic constant";

struct lm__ntlm {
    uint8_t response_key[16]; /* NTOWFv2, the only thing kept from the password */
    bool anonymous;
    struct lm__buf user, domain, workstation, target; /* UTF-16LE */
    struct lm__buf negotiate;                         /* as sent, for the MIC */
    bool have_key;
    uint8_t session_key[16], client_sign[16], server_sign[16];
    uint32_t client_seq, server_seq;
    bool fixed; /* test hooks */
    uint8_t fixed_cc[8];
    uint64_t fixed_time;
};

lm_status lm__auth_error(lm_error *err, lm_status st, const char *msg)
{
    if (err != NULL)
        lm_error_set(err, st, LM_RAW_NONE, 0, "%s", msg);
    return st;
}

static void wipe_free(struct lm__buf *b)
{
    if (b->data != NULL)
        lm__memzero(b->data, b->alloc);
    lm__buf_free(b);
}

static const char *str(const char *s)
{
    return s != NULL ? s : "";
}

/* Uppercase for the scripts user names are written in (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic):
 * NTOWFv2 upper-cases the user name (MS-NLMP 3.3.2) as Windows' RtlUpcaseUnicodeString does. */
static uint32_t ucs_upper(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
        return c - 0x20;
    if (c == 0xFF)
        return 0x178;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c & ~1u; /* upper case on the even code point */
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1u) != 0 ? c : c - 1; /* upper case on the odd one */
    if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2)
        return c - 0x20;
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    return c;
}

static lm_status upper_utf16(const char *s, struct lm__buf *out)
{
    size_t n = strlen(s);
    lm_status st = LM_OK;

    while (n > 0 && st == LM_OK) {
        uint32_t cp;
        uint8_t u8[4];
        size_t used = lm__utf8_decode((const uint8_t *)s, n, &cp), k;

        if (used == 0)
            return LM_EILSEQ;
        k = lm__utf8_encode(ucs_upper(cp), u8);
        st = lm__utf8_to_utf16le((const char *)u8, k, out);
        s += used;
        n -= used;
    }
    return st;
}

lm_status lm__ntlm_ntowfv2(const char *password, const char *user, const char *domain, uint8_t out[16])
{
    struct lm__buf pw, ud;
    uint8_t nt[16];
    struct lm__iov v;
    lm_status st;

    lm__buf_init(&pw, NAME_CAP);
    lm__buf_init(&ud, NAME_CAP);
    /* NTOWFv1 = MD4(UNICODE(Passwd)) is the HMAC key; an empty password hashes the empty string. */
    st = lm__utf8_to_utf16le(str(password), strlen(str(password)), &pw);
    v = (struct lm__iov){pw.data, pw.len};
    if (st == LM_OK)
        st = lm__md4(&v, 1, nt);
    if (st == LM_OK)
        st = upper_utf16(str(user), &ud);
    if (st == LM_OK)
        st = lm__utf8_to_utf16le(str(domain), strlen(str(domain)), &ud);
    v = (struct lm__iov){ud.data, ud.len};
    if (st == LM_OK)
        st = lm__hmac_md5(nt, sizeof nt, &v, 1, out);
    lm__memzero(nt, sizeof nt);
    wipe_free(&pw);
    wipe_free(&ud);
    return st;
}

lm_status lm__ntlm_signkey(const uint8_t session_key[16], bool client, uint8_t out[16])
{
    const char *magic = client ? client_sign_magic : server_sign_magic;
    /* The constant's terminating NUL is part of the hashed input. */
    struct lm__iov v[2] = {{session_key, 16}, {magic, strlen(magic) + 1}};

    return lm__md5(v, 2, out);
}

lm_status lm__ntlm_new(const lm_smb_credentials *c, const char *workstation, struct lm__ntlm **out)
{
    struct lm__ntlm *n = calloc(1, sizeof *n);
    lm_status st = LM_OK;

    if (n == NULL)
        return LM_ENOMEM;
    lm__buf_init(&n->user, NAME_CAP);
    lm__buf_init(&n->domain, NAME_CAP);
    lm__buf_init(&n->workstation, NAME_CAP);
    lm__buf_init(&n->target, NAME_CAP);
    lm__buf_init(&n->negotiate, MSG_CAP);
    n->anonymous = c->user == NULL || c->user[0] == '\0';
    if (!n->anonymous) {
        st = lm__ntlm_ntowfv2(c->password, c->user, c->domain, n->response_key);
        if (st == LM_OK)
            st = lm__utf8_to_utf16le(c->user, strlen(c->user), &n->user);
        if (st == LM_OK)
            st = lm__utf8_to_utf16le(str(c->domain), strlen(str(c->domain)), &n->domain);
    }
    if (st == LM_OK)
        st = lm__utf8_to_utf16le(str(workstation), strlen(str(workstation)), &n->workstation);
    if (st != LM_OK) {
        lm__ntlm_free(n);
        return st == LM_EILSEQ ? LM_EINVAL : st;
    }
    *out = n;
    return LM_OK;
}

void lm__ntlm_free(struct lm__ntlm *n)
{
    if (n == NULL)
        return;
    wipe_free(&n->user);
    wipe_free(&n->domain);
    wipe_free(&n->workstation);
    wipe_free(&n->target);
    wipe_free(&n->negotiate);
    lm__memzero(n, sizeof *n);
    free(n);
}

lm_status lm__ntlm_set_target(struct lm__ntlm *n, const char *spn)
{
    lm__buf_reset(&n->target);
    return lm__utf8_to_utf16le(str(spn), strlen(str(spn)), &n->target);
}

void lm__ntlm_set_test_hooks(struct lm__ntlm *n, const uint8_t client_challenge[8], uint64_t filetime)
{
    n->fixed = true;
    memcpy(n->fixed_cc, client_challenge, 8);
    n->fixed_time = filetime;
}

bool lm__ntlm_anonymous(const struct lm__ntlm *n)
{
    return n->anonymous;
}

lm_status lm__ntlm_negotiate(struct lm__ntlm *n, struct lm__buf *out)
{
    struct lm__buf *m = &n->negotiate;

    /* MS-NLMP 2.2.1.1: no OEM domain or workstation is supplied, so both fields are empty. */
    lm__buf_reset(m);
    lm__buf_append(m, ntlmssp_sig, sizeof ntlmssp_sig);
    lm__buf_put_u32(m, 1);
    lm__buf_put_u32(m, LM__NTLMSSP_CLIENT_FLAGS);
    for (int i = 0; i < 2; i++) {
        lm__buf_put_u16(m, 0);
        lm__buf_put_u16(m, 0);
        lm__buf_put_u32(m, NEG_HEADER);
    }
    lm__buf_append(m, version, sizeof version);
    if (lm__buf_status(m) != LM_OK)
        return lm__buf_status(m);
    lm__buf_append(out, m->data, m->len);
    return lm__buf_status(out);
}

static void put_av(struct lm__buf *b, uint16_t id, const void *p, size_t len)
{
    if (len > UINT16_MAX) {
        if (b->err == LM_OK)
            b->err = LM_EOVERFLOW; /* too long for an AV_PAIR */
        return;
    }
    lm__buf_put_u16(b, id);
    lm__buf_put_u16(b, (uint16_t)len);
    lm__buf_append(b, p, len);
}

struct target_info {
    bool have_time, have_flags;
    uint64_t time;
    uint32_t flags;
};

/* Copies the server's AV pairs (MS-NLMP 2.2.2.1) into av with the client's changes of MS-NLMP 3.1.5.1.2:
 * MsvAvFlags gains 0x2 (a MIC follows) when the server sent a timestamp, then MsvAvChannelBindings (Z(16): no
 * TLS channel) and MsvAvTargetName are added before MsvAvEOL. */
static lm_status rewrite_target_info(struct lm__ntlm *n, struct lm__cursor *ti, struct lm__buf *av,
                                     struct target_info *info, lm_error *err)
{
    static const uint8_t no_bindings[16];
    /* No target info at all (an old server) is an empty list; a list that is there must end in MsvAvEOL. */
    bool eol = ti->len == 0;

    memset(info, 0, sizeof *info);
    while (!eol && lm__cur_remaining(ti) > 0) {
        uint16_t id = lm__cur_u16(ti), len = lm__cur_u16(ti);
        struct lm__cursor val;

        if (!lm__cur_sub(ti, ti->off, len, &val))
            break;
        lm__cur_skip(ti, len);
        switch (id) {
        case LM_MSV_AV_EOL:
            eol = true;
            break;
        case LM_MSV_AV_FLAGS:
            if (len != 4)
                return lm__auth_error(err, LM_EPROTO, "NTLMSSP CHALLENGE: MsvAvFlags is not 4 bytes");
            info->have_flags = true;
            info->flags = lm__cur_u32(&val);
            break;
        case LM_MSV_AV_TIMESTAMP:
            if (len != 8)
                return lm__auth_error(err, LM_EPROTO, "NTLMSSP CHALLENGE: MsvAvTimestamp is not 8 bytes");
            info->have_time = true;
            info->time = lm__cur_u64(&val);
            put_av(av, id, val.p, len);
            break;
        case LM_MSV_AV_TARGET_NAME:
        case LM_MSV_AV_CHANNEL_BINDINGS:
            break; /* the client's to give, not the server's */
        default:
            put_av(av, id, val.p, len);
            break;
        }
    }
    if (lm__cur_status(ti) != LM_OK || !eol)
        return lm__auth_error(err, LM_EPROTO, "NTLMSSP CHALLENGE: malformed target info");
    if (info->have_flags || info->have_time) {
        uint8_t f[4];
        uint32_t flags = info->flags | (info->have_time ? 0x2u : 0);

        for (int i = 0; i < 4; i++)
            f[i] = (uint8_t)(flags >> (8 * i));
        put_av(av, LM_MSV_AV_FLAGS, f, sizeof f);
    }
    if (info->have_time)
        put_av(av, LM_MSV_AV_CHANNEL_BINDINGS, no_bindings, sizeof no_bindings);
    if (n->target.len > 0)
        put_av(av, LM_MSV_AV_TARGET_NAME, n->target.data, n->target.len);
    put_av(av, LM_MSV_AV_EOL, NULL, 0);
    return lm__buf_status(av);
}

/* MS-NLMP 3.3.2: the NTLMv2 responses and the SessionBaseKey. */
static lm_status ntlmv2_responses(struct lm__ntlm *n, const uint8_t server_challenge[8], uint64_t time,
                                  const uint8_t cc[8], const struct lm__buf *av, bool lm_zero,
                                  struct lm__buf *nt, uint8_t lm[24], uint8_t session_base[16])
{
    uint8_t proof[16];
    struct lm__iov v[2];
    lm_status st;

    /* NTLMv2_CLIENT_CHALLENGE (MS-NLMP 2.2.2.7): the "temp" of MS-NLMP 3.3.2, after the 16-byte NTProofStr.
     */
    lm__buf_extend(nt, 16);
    lm__buf_put_u8(nt, 1);
    lm__buf_put_u8(nt, 1);
    lm__buf_extend(nt, 6);
    lm__buf_put_u64(nt, time);
    lm__buf_append(nt, cc, 8);
    lm__buf_extend(nt, 4);
    lm__buf_append(nt, av->data, av->len);
    lm__buf_extend(nt, 4);
    st = lm__buf_status(nt);
    if (st != LM_OK)
        return st;
    v[0] = (struct lm__iov){server_challenge, 8};
    v[1] = (struct lm__iov){nt->data + 16, nt->len - 16};
    st = lm__hmac_md5(n->response_key, 16, v, 2, proof);
    if (st == LM_OK) {
        memcpy(nt->data, proof, 16);
        v[0] = (struct lm__iov){proof, 16};
        st = lm__hmac_md5(n->response_key, 16, v, 1, session_base);
    }
    /* LMv2 (MS-NLMP 2.2.2.4); with a server timestamp the client sends Z(24) instead (MS-NLMP 3.1.5.1.2). */
    if (st == LM_OK && lm_zero) {
        memset(lm, 0, 24);
    } else if (st == LM_OK) {
        v[0] = (struct lm__iov){server_challenge, 8};
        v[1] = (struct lm__iov){cc, 8};
        st = lm__hmac_md5(n->response_key, 16, v, 2, lm);
        memcpy(lm + 16, cc, 8);
    }
    lm__memzero(proof, sizeof proof);
    return st;
}

static void put_field(struct lm__buf *m, size_t len, size_t *off)
{
    lm__buf_put_u16(m, (uint16_t)len);
    lm__buf_put_u16(m, (uint16_t)len);
    lm__buf_put_u32(m, (uint32_t)*off);
    *off += len;
}

static lm_status build_authenticate(struct lm__ntlm *n, uint32_t flags, const uint8_t *lm, size_t lmlen,
                                    const struct lm__buf *nt, struct lm__buf *m)
{
    const struct lm__buf *names[3] = {&n->domain, &n->user, &n->workstation};
    size_t off = AUTH_HEADER;

    if (lmlen > UINT16_MAX || nt->len > UINT16_MAX)
        return LM_EOVERFLOW;
    for (int i = 0; i < 3; i++) {
        if (names[i]->len > UINT16_MAX)
            return LM_EOVERFLOW;
    }
    lm__buf_append(m, ntlmssp_sig, sizeof ntlmssp_sig);
    lm__buf_put_u32(m, 3);
    /* MS-NLMP 2.2.1.3: Lm, Nt, Domain, User, Workstation, EncryptedRandomSessionKey (empty: no KEY_EXCH);
     * the payload follows in the order domain, user, workstation, LM, NT. */
    {
        size_t off_dom = off, off_lm = off + n->domain.len + n->user.len + n->workstation.len;
        size_t off_nt = off_lm + lmlen, off_end = off_nt + nt->len;

        put_field(m, lmlen, &off_lm);
        put_field(m, nt->len, &off_nt);
        for (int i = 0; i < 3; i++)
            put_field(m, names[i]->len, &off_dom);
        put_field(m, 0, &off_end);
    }
    lm__buf_put_u32(m, flags);
    lm__buf_append(m, version, sizeof version);
    lm__buf_extend(m, 16); /* MIC, filled in later */
    for (int i = 0; i < 3; i++)
        lm__buf_append(m, names[i]->data, names[i]->len);
    lm__buf_append(m, lm, lmlen);
    lm__buf_append(m, nt->data, nt->len);
    return lm__buf_status(m);
}

/* What the CHALLENGE_MESSAGE gives (MS-NLMP 2.2.1.2). */
struct challenge {
    uint32_t flags;
    uint8_t server_challenge[8];
    struct lm__cursor target_info; /* into the message */
};

/* Reads the CHALLENGE_MESSAGE; TargetInfoFields are there when NTLMSSP_NEGOTIATE_TARGET_INFO is set. */
static lm_status parse_challenge(const uint8_t *chal, size_t len, struct challenge *ch, lm_error *err)
{
    struct lm__cursor c;
    const uint8_t *sig;

    lm__cur_init(&c, chal, len);
    sig = lm__cur_take(&c, sizeof ntlmssp_sig);
    if (sig == NULL || memcmp(sig, ntlmssp_sig, sizeof ntlmssp_sig) != 0 || lm__cur_u32(&c) != 2)
        return lm__auth_error(err, LM_EPROTO, "NTLMSSP: the server's token is not a CHALLENGE message");
    lm__cur_skip(&c, 8); /* TargetNameFields: not needed */
    ch->flags = lm__cur_u32(&c);
    lm__cur_copy(&c, ch->server_challenge, 8);
    lm__cur_skip(&c, 8);
    lm__cur_init(&ch->target_info, NULL, 0);
    if ((ch->flags & LM__NTLMSSP_NEGOTIATE_TARGET_INFO) != 0) {
        uint16_t tlen = lm__cur_u16(&c);

        lm__cur_skip(&c, 2);
        lm__cur_sub(&c, lm__cur_u32(&c), tlen, &ch->target_info);
    }
    if (lm__cur_status(&c) != LM_OK)
        return lm__auth_error(err, LM_EPROTO, "NTLMSSP: truncated CHALLENGE message");
    return LM_OK;
}

/* The flags of the AUTHENTICATE_MESSAGE: what both sides offer, and what NTLMv2 signing cannot do without. */
static lm_status choose_flags(const struct lm__ntlm *n, uint32_t offered, uint32_t *flags, lm_error *err)
{
    *flags = offered & LM__NTLMSSP_CLIENT_FLAGS;
    if ((*flags & LM__NTLMSSP_NEGOTIATE_UNICODE) == 0)
        return lm__auth_error(err, LM_ENOTSUP, "NTLMSSP: the server does not offer Unicode");
    if (!n->anonymous && (*flags & LM__NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) == 0)
        return lm__auth_error(err, LM_ENOTSUP,
                              "NTLMSSP: the server does not offer extended session security");
    if (n->anonymous)
        *flags |= LM__NTLMSSP_NEGOTIATE_ANONYMOUS;
    return LM_OK;
}

/* The ClientChallenge and the time of the responses: the server's timestamp when it sent one. */
static lm_status client_nonce(const struct lm__ntlm *n, const struct target_info *info, uint8_t cc[8],
                              uint64_t *now)
{
    lm_status st = LM_OK;

    if (n->fixed) {
        memcpy(cc, n->fixed_cc, 8);
        *now = n->fixed_time;
    } else {
        st = lm__random(cc, 8);
        *now = (uint64_t)time(NULL) * 10000000u + FILETIME_1970;
    }
    if (info->have_time)
        *now = info->time;
    return st;
}

/* The AUTHENTICATE_MESSAGE of a user (MS-NLMP 3.1.5.1.2) into m, and the session keys it agrees. */
static lm_status authenticate_user(struct lm__ntlm *n, const struct challenge *ch, const uint8_t *chal,
                                   size_t len, uint32_t flags, const struct lm__buf *av,
                                   const struct target_info *info, struct lm__buf *nt, struct lm__buf *m)
{
    uint8_t cc[8], lm[24], base[16];
    uint64_t now = 0;
    lm_status st = client_nonce(n, info, cc, &now);

    if (st == LM_OK)
        st = ntlmv2_responses(n, ch->server_challenge, now, cc, av, info->have_time, nt, lm, base);
    if (st == LM_OK)
        st = build_authenticate(n, flags, lm, sizeof lm, nt, m);
    if (st == LM_OK) {
        memcpy(n->session_key, base, 16);
        st = lm__ntlm_signkey(n->session_key, true, n->client_sign);
    }
    if (st == LM_OK)
        st = lm__ntlm_signkey(n->session_key, false, n->server_sign);
    /* MS-NLMP 3.1.5.1.2: the MIC over all three messages, keyed with the ExportedSessionKey. */
    if (st == LM_OK && info->have_time) {
        struct lm__iov v[3] = {{n->negotiate.data, n->negotiate.len}, {chal, len}, {m->data, m->len}};
        uint8_t mic[16];

        st = lm__hmac_md5(n->session_key, 16, v, 3, mic);
        memcpy(m->data + LM__NTLMSSP_MIC_OFF, mic, sizeof mic);
    }
    n->have_key = st == LM_OK;
    n->client_seq = n->server_seq = 0;
    lm__memzero(base, sizeof base);
    lm__memzero(lm, sizeof lm);
    return st;
}

lm_status lm__ntlm_authenticate(struct lm__ntlm *n, const uint8_t *chal, size_t len, struct lm__buf *out,
                                lm_error *err)
{
    static const uint8_t lm_anonymous[1];
    struct challenge ch;
    struct lm__buf av, nt, m;
    struct target_info info;
    uint32_t flags;
    lm_status st;

    if (n->negotiate.len == 0)
        return lm__auth_error(err, LM_ESTATE, "NTLMSSP: CHALLENGE before NEGOTIATE");
    if ((st = parse_challenge(chal, len, &ch, err)) != LM_OK ||
        (st = choose_flags(n, ch.flags, &flags, err)) != LM_OK)
        return st;
    lm__buf_init(&av, MSG_CAP);
    lm__buf_init(&nt, MSG_CAP);
    lm__buf_init(&m, MSG_CAP);
    st = rewrite_target_info(n, &ch.target_info, &av, &info, err);
    /* MS-NLMP 3.3.2, anonymous: an empty NtChallengeResponse and LmChallengeResponse = Z(1). */
    if (st == LM_OK && n->anonymous)
        st = build_authenticate(n, flags, lm_anonymous, sizeof lm_anonymous, &nt, &m);
    else if (st == LM_OK)
        st = authenticate_user(n, &ch, chal, len, flags, &av, &info, &nt, &m);
    if (st == LM_OK) {
        lm__buf_append(out, m.data, m.len);
        st = lm__buf_status(out);
    }
    if (st != LM_OK && err != NULL && err->status != st)
        lm__auth_error(err, st, "NTLMSSP: cannot build the AUTHENTICATE message");
    wipe_free(&av);
    wipe_free(&nt);
    wipe_free(&m);
    return st;
}

lm_status lm__ntlm_session_key(const struct lm__ntlm *n, uint8_t key[16])
{
    if (!n->have_key)
        return LM_ENOENT;
    memcpy(key, n->session_key, 16);
    return LM_OK;
}

/* MS-NLMP 3.4.4.2 without KEY_EXCH: Version 1, HMAC_MD5(SigningKey, SeqNum || Message)[0..7], SeqNum. */
static lm_status signature(const uint8_t key[16], uint32_t seq, const uint8_t *msg, size_t len,
                           uint8_t sig[LM__NTLMSSP_SIG_LEN])
{
    uint8_t s[4] = {(uint8_t)seq, (uint8_t)(seq >> 8), (uint8_t)(seq >> 16), (uint8_t)(seq >> 24)};
    struct lm__iov v[2] = {{s, 4}, {msg, len}};
    uint8_t mac[16];
    lm_status st = lm__hmac_md5(key, 16, v, 2, mac);

    if (st != LM_OK)
        return st;
    sig[0] = 1;
    sig[1] = sig[2] = sig[3] = 0;
    memcpy(sig + 4, mac, 8);
    memcpy(sig + 12, s, 4);
    return LM_OK;
}

lm_status lm__ntlm_sign(struct lm__ntlm *n, const uint8_t *msg, size_t len, uint8_t sig[LM__NTLMSSP_SIG_LEN])
{
    if (!n->have_key)
        return LM_ESTATE;
    return signature(n->client_sign, n->client_seq++, msg, len, sig);
}

lm_status lm__ntlm_verify(struct lm__ntlm *n, const uint8_t *msg, size_t len,
                          const uint8_t sig[LM__NTLMSSP_SIG_LEN])
{
    uint8_t want[LM__NTLMSSP_SIG_LEN];
    lm_status st;

    if (!n->have_key)
        return LM_ESTATE;
    st = signature(n->server_sign, n->server_seq++, msg, len, want);
    if (st == LM_OK && lm__ct_memcmp(want, sig, sizeof want) != 0)
        st = LM_ESIGNATURE;
    return st;
}
