/* One SMB2 response message from the server (MS-SMB2 2.2): the header, then the body decoder the client
 * would run for its command (the error body when the status is an error), as lib/smb does once the frame
 * is in. NEGOTIATE covers the 3.1.1 negotiate contexts; a QUERY_DIRECTORY output buffer goes through the
 * FileIdBothDirectoryInformation chain parser of the listing. */
#include <stdlib.h>

#include "smb/client_test.h"
#include "smb/smb2.h"

#include "fuzz.h"

static void body(struct lm__cursor *msg, uint16_t cmd)
{
    struct lm__cursor out;

    switch (cmd) {
    case SMB2_NEGOTIATE: {
        struct smb2_negotiate_resp r;
        lm__smb2_negotiate_resp(msg, &r);
        break;
    }
    case SMB2_SESSION_SETUP: {
        const uint8_t *tok;
        uint16_t flags;
        size_t len;
        lm__smb2_session_setup_resp(msg, &flags, &tok, &len);
        break;
    }
    case SMB2_TREE_CONNECT: {
        struct smb2_tree_resp r;
        lm__smb2_tree_connect_resp(msg, &r);
        break;
    }
    case SMB2_CREATE: {
        struct smb2_create_resp r;
        lm__smb2_create_resp(msg, &r);
        break;
    }
    case SMB2_CLOSE:
        lm__smb2_close_resp(msg);
        break;
    case SMB2_READ: {
        size_t off;
        uint32_t len;
        /* the decoder's promise: the data it locates lies inside the message */
        if (lm__smb2_read_resp(msg, &off, &len) == LM_OK && len > 0 &&
            (off > msg->len || len > msg->len - off))
            abort();
        break;
    }
    case SMB2_WRITE: {
        uint32_t count;
        lm__smb2_write_resp(msg, &count);
        break;
    }
    case SMB2_IOCTL:
        lm__smb2_ioctl_resp(msg, &out);
        break;
    case SMB2_QUERY_DIRECTORY:
        if (lm__smb2_query_directory_resp(msg, &out) == LM_OK && out.len > 0) {
            lm_smb_dirent *list = NULL;
            size_t n = 0, cap = 0;
            lm__smb_parse_dir_entries(&out, &list, &n, &cap);
            lm_smb_list_free(list, n); /* on error too: what was appended stays for the caller */
        }
        break;
    case SMB2_QUERY_INFO:
        lm__smb2_query_info_resp(msg, &out);
        break;
    default:
        lm__smb2_empty_resp(msg); /* LOGOFF, TREE_DISCONNECT, ECHO */
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__cursor msg;
    struct smb2_hdr h;

    lm__cur_init(&msg, data, size);
    if (lm__smb2_hdr_parse(&msg, &h) != LM_OK)
        return 0;
    lm__ntstatus_name(h.status);
    lm__smb2_cmd_name(h.command);
    if (h.status != NT_STATUS_SUCCESS && h.status != NT_STATUS_MORE_PROCESSING_REQUIRED &&
        h.status != NT_STATUS_BUFFER_OVERFLOW)
        lm__smb2_error_parse(&msg);
    else
        body(&msg, h.command);
    return 0;
}
