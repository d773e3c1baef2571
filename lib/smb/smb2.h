/* SMB2/3 wire constants and the per-command codecs (MS-SMB2 2.2), which live in lib/smb/cmd/: one file per
 * command holds its request encoder and its response decoder (cmd/header.c what they share). Decoders take a
 * cursor over ONE whole message (starting at its 64-byte header), because MS-SMB2 offsets are counted from
 * the header. Nothing here does I/O; the flows that string commands together are the files of lib/smb/. */
#ifndef LM_SMB_SMB2_H
#define LM_SMB_SMB2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "lanman/error.h"

#define SMB2_HDR_LEN 64

/* MS-SMB2 2.2.1 */
enum smb2_cmd {
    SMB2_NEGOTIATE = 0,
    SMB2_SESSION_SETUP = 1,
    SMB2_LOGOFF = 2,
    SMB2_TREE_CONNECT = 3,
    SMB2_TREE_DISCONNECT = 4,
    SMB2_CREATE = 5,
    SMB2_CLOSE = 6,
    SMB2_FLUSH = 7,
    SMB2_READ = 8,
    SMB2_WRITE = 9,
    SMB2_LOCK = 10,
    SMB2_IOCTL = 11,
    SMB2_CANCEL = 12,
    SMB2_ECHO = 13,
    SMB2_QUERY_DIRECTORY = 14,
    SMB2_CHANGE_NOTIFY = 15,
    SMB2_QUERY_INFO = 16,
    SMB2_SET_INFO = 17,
    SMB2_OPLOCK_BREAK = 18,
};

#define SMB2_FLAGS_SERVER_TO_REDIR 0x00000001u
#define SMB2_FLAGS_ASYNC_COMMAND   0x00000002u
#define SMB2_FLAGS_RELATED         0x00000004u
#define SMB2_FLAGS_SIGNED          0x00000008u
#define SMB2_FLAGS_DFS_OPERATIONS  0x10000000u

/* Dialects (MS-SMB2 2.2.3) */
#define SMB2_DIALECT_202  0x0202
#define SMB2_DIALECT_210  0x0210
#define SMB2_DIALECT_300  0x0300
#define SMB2_DIALECT_302  0x0302
#define SMB2_DIALECT_311  0x0311
#define SMB2_DIALECT_WILD 0x02FF

#define SMB2_NEGOTIATE_SIGNING_ENABLED  0x0001
#define SMB2_NEGOTIATE_SIGNING_REQUIRED 0x0002

#define SMB2_GLOBAL_CAP_DFS                0x00000001u
#define SMB2_GLOBAL_CAP_LEASING            0x00000002u
#define SMB2_GLOBAL_CAP_LARGE_MTU          0x00000004u
#define SMB2_GLOBAL_CAP_MULTI_CHANNEL      0x00000008u
#define SMB2_GLOBAL_CAP_PERSISTENT_HANDLES 0x00000010u
#define SMB2_GLOBAL_CAP_DIRECTORY_LEASING  0x00000020u
#define SMB2_GLOBAL_CAP_ENCRYPTION         0x00000040u

/* Negotiate contexts (MS-SMB2 2.2.3.1) */
#define SMB2_PREAUTH_INTEGRITY_CAPABILITIES 0x0001
#define SMB2_ENCRYPTION_CAPABILITIES        0x0002
#define SMB2_SIGNING_CAPABILITIES           0x0008
#define SMB2_COMPRESSION_CAPABILITIES       0x0003 /* MS-SMB2 2.2.3.1.3: offered only by the audit's probe */
#define SMB2_PREAUTH_SHA512                 0x0001
#define SMB2_CIPHER_AES128_CCM              0x0001
#define SMB2_CIPHER_AES128_GCM              0x0002
#define SMB2_SIGNING_HMAC_SHA256            0x0000
#define SMB2_SIGNING_AES_CMAC               0x0001
#define SMB2_SIGNING_AES_GMAC               0x0002
#define SMB2_COMPRESSION_NONE               0x0000
#define SMB2_COMPRESSION_LZNT1              0x0001
#define SMB2_COMPRESSION_LZ77               0x0002
#define SMB2_COMPRESSION_LZ77_HUFFMAN       0x0003

/* SESSION_SETUP (MS-SMB2 2.2.6) */
#define SMB2_SESSION_FLAG_IS_GUEST     0x0001
#define SMB2_SESSION_FLAG_IS_NULL      0x0002
#define SMB2_SESSION_FLAG_ENCRYPT_DATA 0x0004

/* TREE_CONNECT (MS-SMB2 2.2.10) */
#define SMB2_SHARE_TYPE_DISK        0x01
#define SMB2_SHARE_TYPE_PIPE        0x02
#define SMB2_SHARE_TYPE_PRINT       0x03
#define SMB2_SHAREFLAG_ENCRYPT_DATA 0x00008000u
#define SMB2_SHARE_CAP_DFS          0x00000008u

/* NTSTATUS values we act on */
#define NT_STATUS_SUCCESS                  0x00000000u
#define NT_STATUS_PENDING                  0x00000103u
#define NT_STATUS_BUFFER_OVERFLOW          0x80000005u
#define NT_STATUS_NO_MORE_FILES            0x80000006u
#define NT_STATUS_MORE_PROCESSING_REQUIRED 0xC0000016u
#define NT_STATUS_END_OF_FILE              0xC0000011u
#define NT_STATUS_INVALID_PARAMETER        0xC000000Du
#define NT_STATUS_NO_SUCH_FILE             0xC000000Fu
#define NT_STATUS_ACCESS_DENIED            0xC0000022u
#define NT_STATUS_OBJECT_NAME_INVALID      0xC0000033u
#define NT_STATUS_OBJECT_NAME_NOT_FOUND    0xC0000034u
#define NT_STATUS_OBJECT_NAME_COLLISION    0xC0000035u
#define NT_STATUS_OBJECT_PATH_NOT_FOUND    0xC000003Au
#define NT_STATUS_LOGON_FAILURE            0xC000006Du
#define NT_STATUS_ACCOUNT_RESTRICTION      0xC000006Eu
#define NT_STATUS_PASSWORD_EXPIRED         0xC0000071u
#define NT_STATUS_ACCOUNT_DISABLED         0xC0000072u
#define NT_STATUS_NOT_SUPPORTED            0xC00000BBu
#define NT_STATUS_BAD_NETWORK_NAME         0xC00000CCu
#define NT_STATUS_REQUEST_NOT_ACCEPTED     0xC00000D0u
#define NT_STATUS_FILE_IS_A_DIRECTORY      0xC00000BAu
#define NT_STATUS_NOT_A_DIRECTORY          0xC0000103u
#define NT_STATUS_CANCELLED                0xC0000120u
#define NT_STATUS_USER_SESSION_DELETED     0xC0000203u
#define NT_STATUS_NETWORK_SESSION_EXPIRED  0xC000035Cu
#define NT_STATUS_ACCESS_VIOLATION         0xC0000005u
#define NT_STATUS_INSUFFICIENT_RESOURCES   0xC000009Au
#define NT_STATUS_PIPE_NOT_AVAILABLE       0xC00000ACu
#define NT_STATUS_INVALID_PIPE_STATE       0xC00000ADu
#define NT_STATUS_PIPE_BUSY                0xC00000AEu
#define NT_STATUS_PIPE_DISCONNECTED        0xC00000B0u
#define NT_STATUS_PIPE_BROKEN              0xC000014Bu
#define NT_STATUS_BAD_NETWORK_PATH         0xC00000BEu
#define NT_STATUS_SHARING_VIOLATION        0xC0000043u
#define NT_STATUS_DELETE_PENDING           0xC0000056u
#define NT_STATUS_PRIVILEGE_NOT_HELD       0xC0000061u
#define NT_STATUS_WRONG_PASSWORD           0xC000006Au
#define NT_STATUS_NO_SUCH_USER             0xC0000064u
#define NT_STATUS_INVALID_HANDLE           0xC0000008u
#define NT_STATUS_INVALID_DEVICE_REQUEST   0xC0000010u
#define NT_STATUS_FILE_CLOSED              0xC0000128u
#define NT_STATUS_OBJECT_NAME_EXISTS       0x40000000u

/* The fixed 64-byte header (MS-SMB2 2.2.1.1/2.2.1.2). */
struct smb2_hdr {
    uint16_t credit_charge;
    uint32_t status; /* responses; ChannelSequence in requests (always 0 here) */
    uint16_t command;
    uint16_t credits; /* CreditRequest / CreditResponse */
    uint32_t flags;
    uint32_t next_command;
    uint64_t message_id;
    uint64_t async_id; /* when SMB2_FLAGS_ASYNC_COMMAND */
    uint32_t tree_id;
    uint64_t session_id;
    uint8_t signature[16];
};

/* Appends a 64-byte header (signature zero). */
void lm__smb2_hdr_put(struct lm__buf *b, const struct smb2_hdr *h);

/* Reads the header at the cursor's start: LM_EPROTO if it is not an SMB2 header. */
lm_status lm__smb2_hdr_parse(struct lm__cursor *c, struct smb2_hdr *h);

/* The NTSTATUS -> LM_E* translator for everything SMB2 returns. */
lm_status lm__ntstatus_to_lm(uint32_t status);

/* A short name for an NTSTATUS ("STATUS_LOGON_FAILURE"), or NULL when unknown. */
const char *lm__ntstatus_name(uint32_t status);

const char *lm__smb2_cmd_name(uint16_t cmd);

/* The body of an error response (MS-SMB2 2.2.2): structure size 9. Checks only its shape. */
lm_status lm__smb2_error_parse(struct lm__cursor *msg);

/* A body that is only StructureSize 4 and Reserved, both ways: the shape LOGOFF, TREE_DISCONNECT and ECHO
 * share (MS-SMB2 2.2.7, 2.2.11, 2.2.28). */
void lm__smb2_empty_req(struct lm__buf *b);
lm_status lm__smb2_empty_resp(struct lm__cursor *msg);

/* The variable buffer [off, off + len) of a response whose fixed part has StructureSize size: it must follow
 * that part and lie inside the message. false when it does not; len 0 is an empty *out. */
bool lm__smb2_resp_buffer(struct lm__cursor *msg, uint16_t size, uint32_t off, uint32_t len,
                          struct lm__cursor *out);

/* ---- NEGOTIATE (cmd/negotiate.c) ---- */
struct smb2_negotiate_req {
    uint16_t security_mode;
    uint32_t capabilities;
    uint8_t client_guid[16];
    const uint16_t *dialects;
    size_t ndialects;
    /* 3.1.1 contexts, added when dialects include 0x0311 */
    uint8_t salt[32];
    const uint16_t *ciphers; /* preference order */
    size_t nciphers;
    const uint16_t *signing_algs;
    size_t nsigning_algs;
    const uint16_t *compression_algs; /* none: no compression context (lanman never compresses) */
    size_t ncompression_algs;
};

struct smb2_negotiate_resp {
    uint16_t security_mode;
    uint16_t dialect;
    uint8_t server_guid[16];
    uint32_t capabilities;
    uint32_t max_transact, max_read, max_write;
    uint64_t system_time, boot_time; /* FILETIME */
    const uint8_t *security_buffer;  /* points into the message */
    size_t security_len;
    /* 3.1.1 contexts */
    uint16_t preauth_alg;
    uint16_t cipher;      /* 0 when none agreed */
    uint16_t signing_alg; /* SMB2_SIGNING_* ; HMAC_SHA256 (0) when the context is absent */
    bool have_signing_ctx;
    bool have_compression_ctx;
    uint16_t
        compression_alg; /* the first the server lists; SMB2_COMPRESSION_NONE when it has none in common */
};

void lm__smb2_negotiate_req(struct lm__buf *b, const struct smb2_negotiate_req *r);
lm_status lm__smb2_negotiate_resp(struct lm__cursor *msg, struct smb2_negotiate_resp *r);

/* ---- SESSION_SETUP (cmd/session_setup.c) ---- */
void lm__smb2_session_setup_req(struct lm__buf *b, uint8_t security_mode, const uint8_t *token, size_t len);
lm_status lm__smb2_session_setup_resp(struct lm__cursor *msg, uint16_t *session_flags, const uint8_t **token,
                                      size_t *len);

/* ---- LOGOFF (cmd/logoff.c) ---- */
void lm__smb2_logoff_req(struct lm__buf *b);
lm_status lm__smb2_logoff_resp(struct lm__cursor *msg);

/* ---- TREE_CONNECT (cmd/tree_connect.c) ---- */
struct smb2_tree_resp {
    uint8_t share_type;
    uint32_t share_flags;
    uint32_t capabilities;
    uint32_t maximal_access;
};
lm_status lm__smb2_tree_connect_req(struct lm__buf *b, const char *unc);
lm_status lm__smb2_tree_connect_resp(struct lm__cursor *msg, struct smb2_tree_resp *r);

/* ---- TREE_DISCONNECT (cmd/tree_disconnect.c) ---- */
void lm__smb2_tree_disconnect_req(struct lm__buf *b);
lm_status lm__smb2_tree_disconnect_resp(struct lm__cursor *msg);

/* ---- CREATE (cmd/create.c) ---- */
#define SMB2_FILE_READ_DATA            0x00000001u
#define SMB2_FILE_LIST_DIRECTORY       0x00000001u
#define SMB2_FILE_WRITE_DATA           0x00000002u
#define SMB2_FILE_READ_EA              0x00000008u
#define SMB2_FILE_READ_ATTRIBUTES      0x00000080u
#define SMB2_READ_CONTROL              0x00020000u
#define SMB2_SYNCHRONIZE               0x00100000u
#define SMB2_GENERIC_READ              0x80000000u
#define SMB2_FILE_SHARE_READ           0x00000001u
#define SMB2_FILE_SHARE_WRITE          0x00000002u
#define SMB2_FILE_SHARE_DELETE         0x00000004u
#define SMB2_FILE_OPEN                 0x00000001u
#define SMB2_FILE_DIRECTORY_FILE       0x00000001u
#define SMB2_FILE_NON_DIRECTORY        0x00000040u
#define SMB2_IMPERSONATION_IMPERSONATE 2u
#define SMB2_FILE_ATTRIBUTE_DIRECTORY  0x00000010u

struct smb2_fileid {
    uint64_t persistent, volatile_;
};

struct smb2_create_req {
    uint32_t desired_access;
    uint32_t file_attributes;
    uint32_t share_access;
    uint32_t create_disposition;
    uint32_t create_options;
    const char *path; /* UTF-8, backslashes, relative to the share; "" = the share root */
};

struct smb2_create_resp {
    struct smb2_fileid id;
    uint64_t creation, last_access, last_write, change; /* FILETIME */
    uint64_t allocation_size, end_of_file;
    uint32_t attributes;
};

lm_status lm__smb2_create_req(struct lm__buf *b, const struct smb2_create_req *r);
lm_status lm__smb2_create_resp(struct lm__cursor *msg, struct smb2_create_resp *r);

/* The FileId meaning "the file of the previous operation in this compound" (MS-SMB2 3.2.4.1.4). */
extern const struct smb2_fileid lm__smb2_related_fileid;

/* ---- CLOSE (cmd/close.c) ---- */
void lm__smb2_close_req(struct lm__buf *b, const struct smb2_fileid *id);
lm_status lm__smb2_close_resp(struct lm__cursor *msg);

/* ---- READ (cmd/read.c) ---- */
#define SMB2_READ_RESP_FIXED 16
void lm__smb2_read_req(struct lm__buf *b, const struct smb2_fileid *id, uint32_t length, uint64_t offset);
/* Locates the data of a READ response: *data_off is the offset from the header, checked against the message
 * length msglen. */
lm_status lm__smb2_read_resp(struct lm__cursor *msg, size_t *data_off, uint32_t *data_len);

/* ---- WRITE (cmd/write.c) ---- */
void lm__smb2_write_req(struct lm__buf *b, const struct smb2_fileid *id, uint64_t offset, const void *p,
                        uint32_t len);
lm_status lm__smb2_write_resp(struct lm__cursor *msg, uint32_t *count);

/* ---- QUERY_DIRECTORY (cmd/query_directory.c) ---- */
#define SMB2_FILE_ID_BOTH_DIRECTORY_INFORMATION 0x25
#define SMB2_RESTART_SCANS                      0x01
void lm__smb2_query_directory_req(struct lm__buf *b, const struct smb2_fileid *id, uint8_t flags,
                                  const char *pattern, uint32_t out_len);
/* The output buffer of the response, as a sub-cursor. */
lm_status lm__smb2_query_directory_resp(struct lm__cursor *msg, struct lm__cursor *out);

/* ---- QUERY_INFO (cmd/query_info.c) ---- */
#define SMB2_0_INFO_FILE              0x01
#define SMB2_0_INFO_FILESYSTEM        0x02
#define FILE_BASIC_INFORMATION        4
#define FILE_STANDARD_INFORMATION     5
#define FILE_FS_ATTRIBUTE_INFORMATION 5
void lm__smb2_query_info_req(struct lm__buf *b, const struct smb2_fileid *id, uint8_t info_type,
                             uint8_t klass, uint32_t out_len);
lm_status lm__smb2_query_info_resp(struct lm__cursor *msg, struct lm__cursor *out);

/* ---- IOCTL (cmd/ioctl.c) ---- */
#define FSCTL_PIPE_TRANSCEIVE         0x0011C017u
#define FSCTL_VALIDATE_NEGOTIATE_INFO 0x00140204u
#define SMB2_0_IOCTL_IS_FSCTL         0x00000001u
void lm__smb2_ioctl_req(struct lm__buf *b, const struct smb2_fileid *id, uint32_t ctl, const void *in,
                        uint32_t inlen, uint32_t max_out);
lm_status lm__smb2_ioctl_resp(struct lm__cursor *msg, struct lm__cursor *out);

/* FSCTL_VALIDATE_NEGOTIATE_INFO: the request's input (MS-SMB2 2.2.31.4) and the response's output (MS-SMB2
 * 2.2.32.6). */
struct smb2_vni {
    uint32_t capabilities;
    uint8_t guid[16];
    uint16_t security_mode;
    const uint16_t *dialects; /* the request's list; the response has one dialect */
    size_t ndialects;
    uint16_t dialect;
};
#define SMB2_VNI_RESP_LEN 24
void lm__smb2_vni_req(struct lm__buf *b, const struct smb2_vni *v);
lm_status lm__smb2_vni_resp(struct lm__cursor *out, struct smb2_vni *v);

/* ---- ECHO (cmd/echo.c) ---- */
void lm__smb2_echo_req(struct lm__buf *b);
lm_status lm__smb2_echo_resp(struct lm__cursor *msg);

#endif
