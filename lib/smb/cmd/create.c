/* SMB2 CREATE (MS-SMB2 2.2.13, 2.2.14). */
#include <string.h>

#include "core/utf.h"
#include "smb/smb2.h"

#define CREATE_REQ_FIXED  57
#define CREATE_RESP_FIXED 89

const struct smb2_fileid lm__smb2_related_fileid = {UINT64_MAX, UINT64_MAX};

lm_status lm__smb2_create_req(struct lm__buf *b, const struct smb2_create_req *r)
{
    size_t at, start;
    lm_status st;

    lm__buf_put_u16(b, CREATE_REQ_FIXED);
    lm__buf_put_u8(b, 0); /* SecurityFlags */
    lm__buf_put_u8(b, 0); /* RequestedOplockLevel: none */
    lm__buf_put_u32(b, SMB2_IMPERSONATION_IMPERSONATE);
    lm__buf_put_u64(b, 0); /* SmbCreateFlags */
    lm__buf_put_u64(b, 0); /* Reserved */
    lm__buf_put_u32(b, r->desired_access);
    lm__buf_put_u32(b, r->file_attributes);
    lm__buf_put_u32(b, r->share_access);
    lm__buf_put_u32(b, r->create_disposition);
    lm__buf_put_u32(b, r->create_options);
    lm__buf_put_u16(b, SMB2_HDR_LEN + CREATE_REQ_FIXED - 1);
    at = b->len;
    lm__buf_put_u16(b, 0); /* NameLength, patched */
    lm__buf_put_u32(b, 0); /* no create contexts */
    lm__buf_put_u32(b, 0);
    start = b->len;
    st = lm__utf8_to_utf16le(r->path, strlen(r->path), b);
    if (st != LM_OK)
        return st;
    if (b->len - start > UINT16_MAX)
        return LM_EPATH;
    lm__buf_set_u16(b, at, (uint16_t)(b->len - start));
    if (b->len == start)
        lm__buf_put_u8(b, 0); /* the buffer is never empty (StructureSize is odd) */
    return lm__buf_status(b);
}

lm_status lm__smb2_create_resp(struct lm__cursor *msg, struct smb2_create_resp *r)
{
    uint16_t size = lm__cur_u16(msg);
    uint32_t ctx_off, ctx_len;
    struct lm__cursor ctx;

    lm__cur_skip(msg, 2 + 4); /* OplockLevel, Flags, CreateAction */
    r->creation = lm__cur_u64(msg);
    r->last_access = lm__cur_u64(msg);
    r->last_write = lm__cur_u64(msg);
    r->change = lm__cur_u64(msg);
    r->allocation_size = lm__cur_u64(msg);
    r->end_of_file = lm__cur_u64(msg);
    r->attributes = lm__cur_u32(msg);
    lm__cur_skip(msg, 4);
    r->id.persistent = lm__cur_u64(msg);
    r->id.volatile_ = lm__cur_u64(msg);
    ctx_off = lm__cur_u32(msg);
    ctx_len = lm__cur_u32(msg);
    if (lm__cur_status(msg) != LM_OK || size != CREATE_RESP_FIXED)
        return LM_EPROTO;
    /* Create contexts: none requested, none read; but a blob that says it is there must be there. */
    return lm__smb2_resp_buffer(msg, CREATE_RESP_FIXED, ctx_off, ctx_len, &ctx) ? LM_OK : LM_EPROTO;
}
