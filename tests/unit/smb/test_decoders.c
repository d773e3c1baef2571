/* Every SMB2 response decoder of smb2.h against hostile shapes, table-driven: for each one a valid sample
 * message decodes, (a) every truncation of it is refused and (b) every listed corruption of a size, offset,
 * length or count field is refused. Each case runs on an exact-size heap copy, so that under ASan a read one
 * byte past the message is a crash, not a pass. The FileIdBothDirectoryInformation parser of the listing
 * gets hostile chains the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "testlib.h"
#include "smb/client_test.h"
#include "smb/smb2.h"

/* ---- the samples: response bodies, offsets counted from the start of the message (header = 0..63) ---- */

/* NEGOTIATE 3.1.1 (MS-SMB2 2.2.4): an 8-byte security buffer at 128, then PREAUTH (136), ENCRYPTION (184)
 * and SIGNING (200) contexts; 212 bytes. */
static const char neg_body[] = "4100"
                               "0100"
                               "1103"
                               "0300"
                               "000102030405060708090A0B0C0D0E0F"
                               "07000000"
                               "00000100"
                               "00000100"
                               "00000100"
                               "0102030405060708"
                               "0000000000000000"
                               "8000"
                               "0800"
                               "88000000"
                               /* 128: security buffer */
                               "6006060402060105"
                               /* 136: PREAUTH_INTEGRITY, 38 bytes: 1 algorithm, 32-byte salt, SHA-512 */
                               "0100"
                               "2600"
                               "00000000"
                               "0100"
                               "2000"
                               "0100"
                               "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                               "0000"
                               /* 184: ENCRYPTION, 4 bytes: 1 cipher, GCM */
                               "0200"
                               "0400"
                               "00000000"
                               "0100"
                               "0200"
                               "00000000"
                               /* 200: SIGNING, 4 bytes: 1 algorithm, AES-CMAC */
                               "0800"
                               "0400"
                               "00000000"
                               "0100"
                               "0100";

/* SESSION_SETUP (2.2.6): flags 0, a 4-byte token at 72. */
static const char ss_body[] = "0900"
                              "0000"
                              "4800"
                              "0400"
                              "A1020304";

/* TREE_CONNECT (2.2.10): disk, no flags, no capabilities, maximal access 0x001F01FF. */
static const char tree_body[] = "1000"
                                "01"
                                "00"
                                "00000000"
                                "00000000"
                                "FF011F00";

/* CREATE (2.2.14): EndOfFile 18, one 32-byte create context (MxAc) at 152. */
static const char create_body[] = "5900"
                                  "00"
                                  "00"
                                  "01000000"
                                  "1111111111111111"
                                  "2222222222222222"
                                  "3333333333333333"
                                  "4444444444444444"
                                  "0010000000000000"
                                  "1200000000000000"
                                  "20000000"
                                  "00000000"
                                  "8877665544332211"
                                  "0100000000000000"
                                  "98000000"
                                  "20000000"
                                  /* 152: Next 0, name at 16 (4 bytes), data at 24 (8 bytes) */
                                  "00000000"
                                  "1000"
                                  "0400"
                                  "0000"
                                  "1800"
                                  "08000000"
                                  "4D784163"
                                  "00000000"
                                  "00000000"
                                  "FF011F00";

/* CLOSE (2.2.16): no attributes. */
static const char close_body[] = "3C00"
                                 "0000"
                                 "00000000"
                                 "0000000000000000"
                                 "0000000000000000"
                                 "0000000000000000"
                                 "0000000000000000"
                                 "0000000000000000"
                                 "0000000000000000"
                                 "00000000";

/* READ (2.2.20): 8 bytes of data at 80. */
static const char read_body[] = "1100"
                                "50"
                                "00"
                                "08000000"
                                "00000000"
                                "00000000"
                                "0102030405060708";

/* WRITE (2.2.22): 8 bytes written. */
static const char write_body[] = "1100"
                                 "0000"
                                 "08000000"
                                 "00000000"
                                 "0000"
                                 "0000";

/* QUERY_DIRECTORY (2.2.34) and QUERY_INFO (2.2.38): 8 bytes of output at 72. */
static const char qd_body[] = "0900"
                              "4800"
                              "08000000"
                              "0102030405060708";

/* IOCTL (2.2.32): FSCTL_PIPE_TRANSCEIVE, no input back, 8 bytes of output at 112. */
static const char ioctl_body[] = "3100"
                                 "0000"
                                 "17C01100"
                                 "FFFFFFFFFFFFFFFF"
                                 "FFFFFFFFFFFFFFFF"
                                 "70000000"
                                 "00000000"
                                 "70000000"
                                 "08000000"
                                 "00000000"
                                 "00000000"
                                 "0102030405060708";

/* An error response (2.2.2) with 4 bytes of ErrorData (e.g. the size STATUS_BUFFER_TOO_SMALL asks for). */
static const char error_body[] = "0900"
                                 "00"
                                 "00"
                                 "04000000"
                                 "10000000";

/* LOGOFF / TREE_DISCONNECT / ECHO (2.2.8, 2.2.12, 2.2.29). */
static const char simple_body[] = "0400"
                                  "0000";

/* ---- one uniform signature per decoder ---- */
static lm_status d_negotiate(struct lm__cursor *c)
{
    struct smb2_negotiate_resp r;
    return lm__smb2_negotiate_resp(c, &r);
}
static lm_status d_session_setup(struct lm__cursor *c)
{
    const uint8_t *tok;
    uint16_t flags;
    size_t len;
    return lm__smb2_session_setup_resp(c, &flags, &tok, &len);
}
static lm_status d_tree(struct lm__cursor *c)
{
    struct smb2_tree_resp r;
    return lm__smb2_tree_connect_resp(c, &r);
}
static lm_status d_create(struct lm__cursor *c)
{
    struct smb2_create_resp r;
    return lm__smb2_create_resp(c, &r);
}
static lm_status d_close(struct lm__cursor *c)
{
    return lm__smb2_close_resp(c);
}
static lm_status d_read(struct lm__cursor *c)
{
    size_t off;
    uint32_t len;
    lm_status st = lm__smb2_read_resp(c, &off, &len);
    /* the decoder's promise: the data it locates lies inside the message */
    if (st == LM_OK && len > 0 && (off > c->len || len > c->len - off))
        return LM_OK + 1;
    return st;
}
static lm_status d_write(struct lm__cursor *c)
{
    uint32_t count;
    return lm__smb2_write_resp(c, &count);
}
static lm_status d_query_directory(struct lm__cursor *c)
{
    struct lm__cursor out;
    return lm__smb2_query_directory_resp(c, &out);
}
static lm_status d_query_info(struct lm__cursor *c)
{
    struct lm__cursor out;
    return lm__smb2_query_info_resp(c, &out);
}
static lm_status d_ioctl(struct lm__cursor *c)
{
    struct lm__cursor out;
    return lm__smb2_ioctl_resp(c, &out);
}
static lm_status d_error(struct lm__cursor *c)
{
    return lm__smb2_error_parse(c);
}
static lm_status d_simple(struct lm__cursor *c)
{
    return lm__smb2_empty_resp(c);
}

/* A field of the sample and values that must make the decoder fail. */
struct field {
    const char *name;
    size_t at; /* from the start of the message */
    int width; /* 1, 2 or 4 bytes, little-endian */
    uint32_t bad[6];
    size_t nbad;
};

struct sample {
    const char *name;
    const char *body;
    lm_status (*decode)(struct lm__cursor *c);
    const struct field *fields;
    size_t nfields;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* clang-format off */
#define BAD(...) {__VA_ARGS__}, N(((uint32_t[]){__VA_ARGS__}))
/* clang-format on */

static const struct field neg_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 64, 66, 0xFFFF)},
    {"NegotiateContextCount", 70, 2, BAD(0, 4, 65, 0xFFFF)},
    {"SecurityBufferOffset", 120, 2, BAD(0, 64, 127, 205, 0xFFFF)},
    {"SecurityBufferLength", 122, 2, BAD(85, 0xFFFF)},
    {"NegotiateContextOffset", 124, 4, BAD(0, 64, 137, 212, 0xFFFFFFF8, 0xFFFFFFFF)},
    {"PREAUTH DataLength", 138, 2, BAD(0, 5, 0xFFFF)},
    {"PREAUTH HashAlgorithmCount", 144, 2, BAD(0, 2, 0xFFFF)},
    {"PREAUTH SaltLength", 146, 2, BAD(33, 0xFFFF)},
    {"ENCRYPTION DataLength", 186, 2, BAD(0, 3, 0xFFFF)},
    {"ENCRYPTION CipherCount", 192, 2, BAD(0, 2, 0xFFFF)},
    {"SIGNING DataLength", 202, 2, BAD(0, 3, 0xFFFF)},
    {"SIGNING SigningAlgorithmCount", 208, 2, BAD(0, 2, 0xFFFF)},
};
static const struct field ss_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 8, 10, 0xFFFF)},
    {"SecurityBufferOffset", 68, 2, BAD(0, 64, 71, 73, 0xFFFF)},
    {"SecurityBufferLength", 70, 2, BAD(5, 0xFFFF)},
};
static const struct field tree_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 15, 17, 0xFFFF)},
};
static const struct field create_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 88, 90, 0xFFFF)},
    {"CreateContextsOffset", 144, 4, BAD(0, 64, 151, 153, 0xFFFFFFFF)},
    {"CreateContextsLength", 148, 4, BAD(33, 0xFFFFFFFF)},
};
static const struct field close_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 59, 61, 0xFFFF)},
};
static const struct field read_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 16, 18, 0xFFFF)},
    {"DataOffset", 66, 1, BAD(0, 64, 79, 81, 0xFF)},
    {"DataLength", 68, 4, BAD(9, 0x80000000, 0xFFFFFFFF)},
};
static const struct field write_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 16, 18, 0xFFFF)},
};
static const struct field qd_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 8, 10, 0xFFFF)},
    {"OutputBufferOffset", 66, 2, BAD(0, 64, 71, 73, 0xFFFF)},
    {"OutputBufferLength", 68, 4, BAD(9, 0xFFFFFFFF)},
};
static const struct field ioctl_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 48, 50, 0xFFFF)},
    {"InputCount", 92, 4, BAD(9, 0xFFFFFFFF)},
    {"OutputOffset", 96, 4, BAD(0, 64, 111, 113, 0xFFFFFFFF)},
    {"OutputCount", 100, 4, BAD(9, 0xFFFFFFFF)},
};
static const struct field error_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 8, 10, 0xFFFF)},
    {"ByteCount", 68, 4, BAD(5, 0xFFFFFFFF)},
};
static const struct field simple_fields[] = {
    {"StructureSize", 64, 2, BAD(0, 3, 5, 0xFFFF)},
};

static const struct sample samples[] = {
    {"NEGOTIATE", neg_body, d_negotiate, neg_fields, N(neg_fields)},
    {"SESSION_SETUP", ss_body, d_session_setup, ss_fields, N(ss_fields)},
    {"TREE_CONNECT", tree_body, d_tree, tree_fields, N(tree_fields)},
    {"CREATE", create_body, d_create, create_fields, N(create_fields)},
    {"CLOSE", close_body, d_close, close_fields, N(close_fields)},
    {"READ", read_body, d_read, read_fields, N(read_fields)},
    {"WRITE", write_body, d_write, write_fields, N(write_fields)},
    {"QUERY_DIRECTORY", qd_body, d_query_directory, qd_fields, N(qd_fields)},
    {"QUERY_INFO", qd_body, d_query_info, qd_fields, N(qd_fields)},
    {"IOCTL", ioctl_body, d_ioctl, ioctl_fields, N(ioctl_fields)},
    {"ERROR", error_body, d_error, error_fields, N(error_fields)},
    {"SIMPLE", simple_body, d_simple, simple_fields, N(simple_fields)},
};

/* The sample as a whole message: a response header, then the body. */
static uint8_t *sample_message(const struct sample *s, size_t *n)
{
    size_t blen;
    uint8_t *body = lmt_unhex(s->body, &blen), *m = calloc(1, SMB2_HDR_LEN + blen);

    LMT_PTR_OK(m);
    m[0] = 0xFE, m[1] = 'S', m[2] = 'M', m[3] = 'B', m[4] = SMB2_HDR_LEN;
    m[16] = SMB2_FLAGS_SERVER_TO_REDIR;
    memcpy(m + SMB2_HDR_LEN, body, blen);
    free(body);
    *n = SMB2_HDR_LEN + blen;
    return m;
}

/* Decodes the first len bytes of m from an exact-size copy. */
static lm_status decode_copy(const struct sample *s, const uint8_t *m, size_t len)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    struct lm__cursor c;
    lm_status st;

    LMT_PTR_OK(copy);
    memcpy(copy, m, len);
    lm__cur_init(&c, copy, len);
    lm__cur_seek(&c, SMB2_HDR_LEN);
    st = s->decode(&c);
    free(copy);
    return st;
}

static void put_le(uint8_t *p, int width, uint32_t v)
{
    for (int i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void report(const struct sample *s, const char *what, size_t a, uint32_t b, lm_status st)
{
    if (st != LM_EPROTO)
        fprintf(stderr, "\n%s: %s %zu/0x%X gave %d, not LM_EPROTO\n", s->name, what, a, (unsigned)b, st);
}

static void samples_decode(void)
{
    for (size_t i = 0; i < N(samples); i++) {
        size_t n;
        uint8_t *m = sample_message(&samples[i], &n);
        lm_status st = decode_copy(&samples[i], m, n);

        if (st != LM_OK)
            fprintf(stderr, "\n%s: the valid sample gave %d\n", samples[i].name, st);
        LMT_EQ(st, LM_OK);
        free(m);
    }
}

/* What the decoders give back for the samples, so that the samples are known to be read as intended. */
static void samples_values(void)
{
    struct smb2_negotiate_resp nr;
    struct smb2_create_resp cr;
    struct lm__cursor c, out;
    size_t n, off;
    uint32_t len;
    uint8_t *m;

    m = sample_message(&samples[0], &n);
    lm__cur_init(&c, m, n);
    lm__cur_seek(&c, SMB2_HDR_LEN);
    LMT_EQ(lm__smb2_negotiate_resp(&c, &nr), LM_OK);
    LMT_EQ(nr.dialect, SMB2_DIALECT_311);
    LMT_EQ(nr.security_len, 8);
    LMT_EQ(nr.security_buffer, m + 128);
    LMT_EQ(nr.preauth_alg, SMB2_PREAUTH_SHA512);
    LMT_EQ(nr.cipher, SMB2_CIPHER_AES128_GCM);
    LMT_TRUE(nr.have_signing_ctx);
    LMT_EQ(nr.signing_alg, SMB2_SIGNING_AES_CMAC);
    free(m);

    m = sample_message(&samples[3], &n);
    lm__cur_init(&c, m, n);
    lm__cur_seek(&c, SMB2_HDR_LEN);
    LMT_EQ(lm__smb2_create_resp(&c, &cr), LM_OK);
    LMT_EQ(cr.end_of_file, 18);
    LMT_EQ(cr.attributes, 0x20);
    LMT_EQ(cr.id.persistent, 0x1122334455667788ull);
    free(m);

    m = sample_message(&samples[5], &n);
    lm__cur_init(&c, m, n);
    lm__cur_seek(&c, SMB2_HDR_LEN);
    LMT_EQ(lm__smb2_read_resp(&c, &off, &len), LM_OK);
    LMT_EQ(off, 80);
    LMT_EQ(len, 8);
    free(m);

    m = sample_message(&samples[9], &n);
    lm__cur_init(&c, m, n);
    lm__cur_seek(&c, SMB2_HDR_LEN);
    LMT_EQ(lm__smb2_ioctl_resp(&c, &out), LM_OK);
    LMT_EQ(out.len, 8);
    LMT_EQ(out.p, m + 112);
    free(m);
}

static void every_truncation_fails(void)
{
    for (size_t i = 0; i < N(samples); i++) {
        size_t n;
        uint8_t *m = sample_message(&samples[i], &n);

        for (size_t len = 0; len < n; len++) {
            lm_status st = decode_copy(&samples[i], m, len);
            report(&samples[i], "truncated to", len, 0, st);
            CU_ASSERT_EQUAL(st, LM_EPROTO); /* not fatal: every failing case is reported */
        }
        free(m);
    }
}

static void every_field_corruption_fails(void)
{
    for (size_t i = 0; i < N(samples); i++) {
        size_t n;
        uint8_t *m = sample_message(&samples[i], &n);

        for (size_t f = 0; f < samples[i].nfields; f++) {
            const struct field *fd = &samples[i].fields[f];

            LMT_TRUE(fd->at + (size_t)fd->width <= n);
            for (size_t b = 0; b < fd->nbad; b++) {
                uint8_t *copy = malloc(n);
                lm_status st;

                LMT_PTR_OK(copy);
                memcpy(copy, m, n);
                put_le(copy + fd->at, fd->width, fd->bad[b]);
                st = decode_copy(&samples[i], copy, n);
                report(&samples[i], fd->name, fd->at, fd->bad[b], st);
                CU_ASSERT_EQUAL(st, LM_EPROTO);
                free(copy);
            }
        }
        free(m);
    }
}

/* ---- FileIdBothDirectoryInformation chains (MS-FSCC 2.4.17) ---- */
#define FIDBDI_FIXED 104

/* Appends one entry: a name of nbytes UTF-16LE bytes; next = NextEntryOffset (the entry's own length, 8-byte
 * aligned, when auto_next). */
static size_t put_entry(uint8_t *buf, size_t at, const uint8_t *name, uint32_t nbytes, uint32_t next,
                        bool last, bool auto_next)
{
    size_t len = FIDBDI_FIXED + nbytes, padded = (len + 7) & ~(size_t)7;
    uint8_t *e = buf + at;

    memset(e, 0, padded);
    put_le(e + 0, 4, last ? 0 : auto_next ? (uint32_t)padded : next);
    put_le(e + 40, 4, 1000 + (uint32_t)at); /* EndOfFile */
    put_le(e + 56, 4, 0x20);
    put_le(e + 60, 4, nbytes);
    memcpy(e + FIDBDI_FIXED, name, nbytes);
    return at + (last ? len : padded);
}

static const uint8_t u_dot[] = {'.', 0}, u_dotdot[] = {'.', 0, '.', 0}, u_a[] = {'a', 0, '.', 0, 't', 0},
                     u_b[] = {'b', 0};

/* A valid chain: ".", "..", "a.t", "b". */
static size_t valid_chain(uint8_t *buf)
{
    size_t at = 0;

    at = put_entry(buf, at, u_dot, sizeof u_dot, 0, false, true);
    at = put_entry(buf, at, u_dotdot, sizeof u_dotdot, 0, false, true);
    at = put_entry(buf, at, u_a, sizeof u_a, 0, false, true);
    return put_entry(buf, at, u_b, sizeof u_b, 0, true, true);
}

static lm_status parse_copy(const uint8_t *chain, size_t len, lm_smb_dirent **list, size_t *n)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    struct lm__cursor c;
    size_t cap = 0;
    lm_status st;

    LMT_PTR_OK(copy);
    memcpy(copy, chain, len);
    lm__cur_init(&c, copy, len);
    *list = NULL;
    *n = 0;
    st = lm__smb_parse_dir_entries(&c, list, n, &cap);
    free(copy);
    return st;
}

static lm_status parse_only(const uint8_t *chain, size_t len)
{
    lm_smb_dirent *list;
    size_t n;
    lm_status st = parse_copy(chain, len, &list, &n);

    lm_smb_list_free(list, n);
    return st;
}

static void dir_valid_chain(void)
{
    uint8_t buf[1024];
    size_t len = valid_chain(buf), n;
    lm_smb_dirent *list;

    LMT_EQ(parse_copy(buf, len, &list, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(list[0].name, "a.t");
    LMT_STR(list[1].name, "b");
    LMT_EQ(list[1].st.attributes, 0x20);
    lm_smb_list_free(list, n);
}

static void dir_every_truncation_fails(void)
{
    uint8_t buf[1024];
    size_t len = valid_chain(buf);

    for (size_t l = 0; l < len; l++)
        LMT_EQ(parse_only(buf, l), LM_EPROTO);
}

/* NextEntryOffset of the first entry (".", 106 bytes, padded to 112) and of the last ("b"). */
static void dir_next_entry_offset(void)
{
    static const uint32_t bad_first[] = {
        1,          /* inside its own fixed part: would re-read itself (a loop) */
        8,          /* likewise, aligned */
        104,        /* cuts its name */
        105,        /* likewise */
        0x7FFFFFF8, /* past the end */
        0xFFFFFFF8, /* past the end, would wrap a 32-bit sum */
    };
    uint8_t buf[1024];
    size_t len = valid_chain(buf);

    for (size_t i = 0; i < N(bad_first); i++) {
        uint8_t copy[1024];
        memcpy(copy, buf, len);
        put_le(copy, 4, bad_first[i]);
        LMT_EQ(parse_only(copy, len), LM_EPROTO);
    }
    /* the last entry says another follows, at the very end or past it */
    for (uint32_t next = 8; next < 64; next += 8) {
        uint8_t copy[1024];
        size_t last = len - (FIDBDI_FIXED + sizeof u_b);
        memcpy(copy, buf, len);
        put_le(copy + last, 4, (uint32_t)(len - last) + next - 8);
        LMT_EQ(parse_only(copy, len), LM_EPROTO);
    }
}

static void dir_file_name_length(void)
{
    static const uint32_t bad[] = {3, 7, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFF98};
    uint8_t buf[1024];
    size_t len = valid_chain(buf);

    for (size_t i = 0; i < N(bad); i++) {
        uint8_t copy[1024];
        lm_status st;

        memcpy(copy, buf, len);
        put_le(copy + 60, 4, bad[i]); /* the "." entry */
        st = parse_only(copy, len);
        /* 3 and 7 fit in the entry but are odd: not UTF-16 */
        LMT_EQ(st, bad[i] < 8 ? LM_EILSEQ : LM_EPROTO);
    }
}

static void dir_bad_names(void)
{
    static const struct {
        uint8_t name[8];
        uint32_t len;
        lm_status want;
    } names[] = {
        {{'a', 0, 'b'}, 3, LM_EILSEQ},                     /* odd length */
        {{0x00, 0xD8}, 2, LM_EILSEQ},                      /* lone high surrogate */
        {{0x00, 0xDC}, 2, LM_EILSEQ},                      /* lone low surrogate */
        {{0x00, 0xD8, 'a', 0}, 4, LM_EILSEQ},              /* high surrogate, then not a low one */
        {{'a', 0, 0x00, 0xDC}, 4, LM_EILSEQ},              /* low surrogate first */
        {{'a', 0, 0x00, 0xD8}, 4, LM_EILSEQ},              /* high surrogate at the very end */
        {{0}, 0, LM_EPROTO},                               /* no name at all */
        {{'a', 0, 0, 0, 'b', 0}, 6, LM_EPROTO},            /* an embedded NUL would cut the name short */
        {{'.', 0, 0, 0}, 4, LM_EPROTO},                    /* ... and pass it off as "." */
        {{'a', 0, '/', 0, 'b', 0}, 6, LM_EPROTO},          /* a name is one path component, */
        {{'.', 0, '.', 0, '\\', 0, 'x', 0}, 8, LM_EPROTO}, /* so "..\x" never reaches a local path */
    };

    for (size_t i = 0; i < N(names); i++) {
        uint8_t buf[512];
        size_t len = put_entry(buf, 0, names[i].name, names[i].len, 0, true, true);
        LMT_EQ(parse_only(buf, len), names[i].want);
    }
    {
        /* a surrogate pair is fine: U+1F600 */
        static const uint8_t pair[] = {0x3D, 0xD8, 0x00, 0xDE};
        uint8_t buf[512];
        size_t len = put_entry(buf, 0, pair, sizeof pair, 0, true, true), n;
        lm_smb_dirent *list;

        LMT_EQ(parse_copy(buf, len, &list, &n), LM_OK);
        LMT_EQ(n, 1);
        LMT_STR(list[0].name, "\xF0\x9F\x98\x80");
        lm_smb_list_free(list, n);
    }
}

static void dir_empty_buffer(void)
{
    static const uint8_t none[1];

    LMT_EQ(parse_only(none, 0), LM_EPROTO);
}

/* A long chain (the most a 64 KiB buffer holds) parses to the last entry: no quadratic work, no cap hit. */
static void dir_long_chain(void)
{
    size_t cap = 65536, at = 0, n, count = 0;
    uint8_t *buf = malloc(cap);
    lm_smb_dirent *list;

    LMT_PTR_OK(buf);
    while (at + 2 * (FIDBDI_FIXED + 8) <= cap) {
        at = put_entry(buf, at, u_b, sizeof u_b, 0, false, true);
        count++;
    }
    at = put_entry(buf, at, u_b, sizeof u_b, 0, true, true);
    count++;
    LMT_EQ(parse_copy(buf, at, &list, &n), LM_OK);
    LMT_EQ(n, count);
    lm_smb_list_free(list, n);
    free(buf);
}

static const struct lmt_test decoder_tests[] = {
    LMT_TEST(samples_decode),
    LMT_TEST(samples_values),
    LMT_TEST(every_truncation_fails),
    LMT_TEST(every_field_corruption_fails),
    LMT_END,
};
const struct lmt_suite lmt_suite_smb2_decoders = {"smb2_decoders", NULL, NULL, NULL, decoder_tests};

static const struct lmt_test dirent_tests[] = {
    LMT_TEST(dir_valid_chain),       LMT_TEST(dir_every_truncation_fails),
    LMT_TEST(dir_next_entry_offset), LMT_TEST(dir_file_name_length),
    LMT_TEST(dir_bad_names),         LMT_TEST(dir_empty_buffer),
    LMT_TEST(dir_long_chain),        LMT_END,
};
const struct lmt_suite lmt_suite_smb2_dirents = {"smb2_dirents", NULL, NULL, NULL, dirent_tests};
