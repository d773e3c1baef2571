/* What every SMB2 command shares: the header (MS-SMB2 2.2.1), the error response (MS-SMB2 2.2.2), the bodies
 * that are nothing but a StructureSize, the variable buffer of a response, and the NTSTATUS translator. */
#include <string.h>

#include "smb/smb2.h"

static const uint8_t smb2_magic[4] = {0xFE, 'S', 'M', 'B'};

void lm__smb2_hdr_put(struct lm__buf *b, const struct smb2_hdr *h)
{
    lm__buf_append(b, smb2_magic, 4);
    lm__buf_put_u16(b, SMB2_HDR_LEN);
    lm__buf_put_u16(b, h->credit_charge);
    lm__buf_put_u32(b, h->status);
    lm__buf_put_u16(b, h->command);
    lm__buf_put_u16(b, h->credits);
    lm__buf_put_u32(b, h->flags);
    lm__buf_put_u32(b, h->next_command);
    lm__buf_put_u64(b, h->message_id);
    if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
        lm__buf_put_u64(b, h->async_id);
    } else {
        lm__buf_put_u32(b, 0);
        lm__buf_put_u32(b, h->tree_id);
    }
    lm__buf_put_u64(b, h->session_id);
    lm__buf_append(b, h->signature, 16);
}

lm_status lm__smb2_hdr_parse(struct lm__cursor *c, struct smb2_hdr *h)
{
    const uint8_t *magic = lm__cur_take(c, 4);

    if (magic == NULL || memcmp(magic, smb2_magic, 4) != 0 || lm__cur_u16(c) != SMB2_HDR_LEN)
        return LM_EPROTO;
    h->credit_charge = lm__cur_u16(c);
    h->status = lm__cur_u32(c);
    h->command = lm__cur_u16(c);
    h->credits = lm__cur_u16(c);
    h->flags = lm__cur_u32(c);
    h->next_command = lm__cur_u32(c);
    h->message_id = lm__cur_u64(c);
    if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
        h->async_id = lm__cur_u64(c);
        h->tree_id = 0;
    } else {
        h->async_id = 0;
        lm__cur_skip(c, 4);
        h->tree_id = lm__cur_u32(c);
    }
    h->session_id = lm__cur_u64(c);
    lm__cur_copy(c, h->signature, 16);
    return lm__cur_status(c);
}

lm_status lm__smb2_error_parse(struct lm__cursor *msg)
{
    uint16_t size = lm__cur_u16(msg);
    uint32_t count;

    lm__cur_skip(msg, 2);
    count = lm__cur_u32(msg);
    lm__cur_skip(msg, count); /* the error data is not used, but must be there as ByteCount says */
    if (lm__cur_status(msg) != LM_OK || size != 9)
        return LM_EPROTO;
    return LM_OK;
}

void lm__smb2_empty_req(struct lm__buf *b)
{
    lm__buf_put_u16(b, 4); /* StructureSize */
    lm__buf_put_u16(b, 0); /* Reserved */
}

lm_status lm__smb2_empty_resp(struct lm__cursor *msg)
{
    uint16_t size = lm__cur_u16(msg);

    lm__cur_skip(msg, 2);
    return lm__cur_status(msg) == LM_OK && size == 4 ? LM_OK : LM_EPROTO;
}

bool lm__smb2_resp_buffer(struct lm__cursor *msg, uint16_t size, uint32_t off, uint32_t len,
                          struct lm__cursor *out)
{
    if (len == 0) {
        lm__cur_init(out, NULL, 0);
        return true;
    }
    /* The buffer follows the fixed part (whose StructureSize counts the buffer's first byte): an offset into
     * the header or the fields is hostile. */
    return off >= SMB2_HDR_LEN + (uint32_t)size - 1 && lm__cur_sub(msg, off, len, out);
}

static const struct {
    uint32_t status;
    const char *name;
    lm_status lm;
} nt_table[] = {
    {NT_STATUS_SUCCESS, "STATUS_SUCCESS", LM_OK},
    {NT_STATUS_PENDING, "STATUS_PENDING", LM_OK},
    {NT_STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW", LM_OK},
    {NT_STATUS_MORE_PROCESSING_REQUIRED, "STATUS_MORE_PROCESSING_REQUIRED", LM_OK},
    {NT_STATUS_NO_MORE_FILES, "STATUS_NO_MORE_FILES", LM_ENOENT},
    {NT_STATUS_END_OF_FILE, "STATUS_END_OF_FILE", LM_OK},
    {NT_STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER", LM_EINVAL},
    {NT_STATUS_INVALID_HANDLE, "STATUS_INVALID_HANDLE", LM_EPROTO},
    {NT_STATUS_INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST", LM_ENOTSUP},
    {NT_STATUS_FILE_CLOSED, "STATUS_FILE_CLOSED", LM_EPROTO},
    {NT_STATUS_NO_SUCH_FILE, "STATUS_NO_SUCH_FILE", LM_ENOENT},
    {NT_STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED", LM_EACCES},
    {NT_STATUS_OBJECT_NAME_INVALID, "STATUS_OBJECT_NAME_INVALID", LM_ENAME},
    {NT_STATUS_OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND", LM_ENOENT},
    {NT_STATUS_OBJECT_NAME_COLLISION, "STATUS_OBJECT_NAME_COLLISION", LM_EEXIST},
    {NT_STATUS_OBJECT_PATH_NOT_FOUND, "STATUS_OBJECT_PATH_NOT_FOUND", LM_ENOENT},
    {NT_STATUS_SHARING_VIOLATION, "STATUS_SHARING_VIOLATION", LM_EBUSY},
    {NT_STATUS_DELETE_PENDING, "STATUS_DELETE_PENDING", LM_EBUSY},
    {NT_STATUS_PRIVILEGE_NOT_HELD, "STATUS_PRIVILEGE_NOT_HELD", LM_EACCES},
    {NT_STATUS_NO_SUCH_USER, "STATUS_NO_SUCH_USER", LM_EAUTH},
    {NT_STATUS_WRONG_PASSWORD, "STATUS_WRONG_PASSWORD", LM_EAUTH},
    {NT_STATUS_LOGON_FAILURE, "STATUS_LOGON_FAILURE", LM_EAUTH},
    {NT_STATUS_ACCOUNT_RESTRICTION, "STATUS_ACCOUNT_RESTRICTION", LM_EAUTH},
    {NT_STATUS_PASSWORD_EXPIRED, "STATUS_PASSWORD_EXPIRED", LM_EAUTH},
    {NT_STATUS_ACCOUNT_DISABLED, "STATUS_ACCOUNT_DISABLED", LM_EAUTH},
    {NT_STATUS_INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES", LM_ENOMEM},
    {NT_STATUS_PIPE_NOT_AVAILABLE, "STATUS_PIPE_NOT_AVAILABLE", LM_EBUSY},
    {NT_STATUS_INVALID_PIPE_STATE, "STATUS_INVALID_PIPE_STATE", LM_EPROTO},
    {NT_STATUS_PIPE_BUSY, "STATUS_PIPE_BUSY", LM_EBUSY},
    {NT_STATUS_PIPE_DISCONNECTED, "STATUS_PIPE_DISCONNECTED", LM_ECONNRESET},
    {NT_STATUS_PIPE_BROKEN, "STATUS_PIPE_BROKEN", LM_ECONNRESET},
    {NT_STATUS_FILE_IS_A_DIRECTORY, "STATUS_FILE_IS_A_DIRECTORY", LM_EPATH},
    {NT_STATUS_NOT_A_DIRECTORY, "STATUS_NOT_A_DIRECTORY", LM_EPATH},
    {NT_STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED", LM_ENOTSUP},
    {NT_STATUS_BAD_NETWORK_NAME, "STATUS_BAD_NETWORK_NAME", LM_ENOENT},
    {NT_STATUS_BAD_NETWORK_PATH, "STATUS_BAD_NETWORK_PATH", LM_ENOENT},
    {NT_STATUS_REQUEST_NOT_ACCEPTED, "STATUS_REQUEST_NOT_ACCEPTED", LM_EBUSY},
    {NT_STATUS_CANCELLED, "STATUS_CANCELLED", LM_ECANCELED},
    {NT_STATUS_USER_SESSION_DELETED, "STATUS_USER_SESSION_DELETED", LM_ENOTCONN},
    {NT_STATUS_NETWORK_SESSION_EXPIRED, "STATUS_NETWORK_SESSION_EXPIRED", LM_ENOTCONN},
    {NT_STATUS_ACCESS_VIOLATION, "STATUS_ACCESS_VIOLATION", LM_EACCES},
};

const char *lm__ntstatus_name(uint32_t status)
{
    for (size_t i = 0; i < sizeof nt_table / sizeof nt_table[0]; i++) {
        if (nt_table[i].status == status)
            return nt_table[i].name;
    }
    return NULL;
}

lm_status lm__ntstatus_to_lm(uint32_t status)
{
    for (size_t i = 0; i < sizeof nt_table / sizeof nt_table[0]; i++) {
        if (nt_table[i].status == status)
            return nt_table[i].lm;
    }
    /* Severity bits (MS-ERREF 2.3): success and informational codes are not failures. */
    return (status >> 30) < 2 ? LM_OK : LM_EIO;
}

const char *lm__smb2_cmd_name(uint16_t cmd)
{
    static const char *const names[] = {
        "NEGOTIATE",     "SESSION_SETUP", "LOGOFF",   "TREE_CONNECT", "TREE_DISCONNECT",
        "CREATE",        "CLOSE",         "FLUSH",    "READ",         "WRITE",
        "LOCK",          "IOCTL",         "CANCEL",   "ECHO",         "QUERY_DIRECTORY",
        "CHANGE_NOTIFY", "QUERY_INFO",    "SET_INFO", "OPLOCK_BREAK",
    };
    return cmd < sizeof names / sizeof names[0] ? names[cmd] : "UNKNOWN";
}
