/* The SMB1 codecs (smb1.c, smb1_session.c), for the unit tests and the fuzz targets:
 *   - the SMB1 detection of probe and audit: one SMB1 NEGOTIATE request and the decoder of its answer;
 *   - the ms17-010 check's exchange, the one SMB1 session lanman opens: an NT LM 0.12 NEGOTIATE without
 *     extended security, an ANONYMOUS SESSION_SETUP_ANDX (empty account, empty passwords: no credentials
 *     are ever encoded here), a TREE_CONNECT_ANDX to \\HOST\IPC$ and a TRANSACTION PeekNamedPipe on FID 0,
 *     as nmap's smb-vuln-ms17-010 sends them; and the decoders of their answers.
 * Requests are appended NBSS-framed; decoders take the message after the 4-byte NBSS header. Strings are
 * ASCII (Flags2 without SMB_FLAGS2_UNICODE). */
#ifndef LANMAN_SMB_SMB1_H
#define LANMAN_SMB_SMB1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"
#include "lanman/smb.h"

struct lm__sock;

/* Appends the NBSS-framed SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52.1) offering only "NT LM 0.12". */
void lm__smb1_negotiate_req(struct lm__buf *b);

/* Decodes the answer's SMB message (after the 4-byte NBSS header): LM_OK with *accepted set when it is an
 * SMB1 NEGOTIATE response that chose dialect 0 with STATUS_SUCCESS, or any other complete SMB1 or SMB2
 * header (*accepted false); LM_EPROTO when the message is too short for what it claims or is not SMB.
 * *accepted is set on LM_OK only. */
lm_status lm__smb1_negotiate_resp(const uint8_t *p, size_t len, bool *accepted);

/* lm_smb_sweep_dialects with lm__smb_connect_ex's flags for the NEGOTIATE that offers every dialect (the
 * ones offering one dialect alone get none): with LM__SMB_COMPRESSION (smb/conn.h), the audit's smbghost
 * probe rides on the sweep (no connection of its own), and *compression_ctx and *compression_alg (each may be
 * NULL) get whether the server answered with a compression context and its first algorithm (false and 0
 * when it did not choose 3.1.1). keep non-NULL: that connection, negotiated at the server's highest dialect
 * with no session yet, goes to *keep instead of being closed (NULL when it failed), for the caller's logons
 * (one connection less); its options are opt's but for the dialect range, 2.0.2 to 3.1.1. */
lm_status lm__smb_sweep_dialects_ex(const char *host, const lm_smb_options *opt, unsigned flags,
                                    lm_smb_sweep *out, bool *compression_ctx, uint16_t *compression_alg,
                                    lm_smb **keep, lm_error *err);

/* ---- the ms17-010 exchange ---- */

/* The SMB1 commands of the exchange (MS-CIFS 2.2.2.1). */
#define LM__SMB1_COM_TRANSACTION        0x25
#define LM__SMB1_COM_NEGOTIATE          0x72
#define LM__SMB1_COM_SESSION_SETUP_ANDX 0x73
#define LM__SMB1_COM_TREE_CONNECT_ANDX  0x75

/* The NTSTATUS answers that decide the check (MS-ERREF 2.3.1), as nmap's script reads them. */
#define LM__STATUS_INSUFF_SERVER_RESOURCES 0xC0000205u /* unpatched */
#define LM__STATUS_ACCESS_DENIED           0xC0000022u /* patched */
#define LM__STATUS_INVALID_HANDLE          0xC0000008u /* patched */

/* The header fields of a decoded SMB1 response. */
struct lm__smb1_reply {
    uint8_t cmd;
    uint32_t status; /* NTSTATUS (we ask for SMB_FLAGS2_NT_STATUS) */
    uint16_t tid, uid, mid;
};

/* NT LM 0.12 NEGOTIATE without extended security (Samba refuses a non-extended SESSION_SETUP after an
 * extended-security NEGOTIATE). MID 0. */
void lm__smb1_negotiate_nt_req(struct lm__buf *b);

/* The NEGOTIATE response: LM_OK when it is a complete SMB1 NEGOTIATE response (r filled); *accepted when
 * it has STATUS_SUCCESS, 17 parameter words and DialectIndex 0, and then *session_key is its SessionKey
 * (MS-CIFS 2.2.4.52.2), to be echoed in the SESSION_SETUP. An SMB2 message (64 bytes or more) is LM_OK,
 * not accepted, r zeroed. LM_EPROTO otherwise. */
lm_status lm__smb1_negotiate_nt_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r, bool *accepted,
                                     uint32_t *session_key);

/* The anonymous SESSION_SETUP_ANDX (MS-CIFS 2.2.4.53.1, WordCount 13): AccountName "", PrimaryDomain "",
 * OEMPasswordLen 0, UnicodePasswordLen 0. There is no parameter for credentials, by design. MID 1. */
void lm__smb1_session_setup_req(struct lm__buf *b, uint32_t session_key);

/* Its response: LM_OK for a complete SMB1 SESSION_SETUP_ANDX response (r filled, r->uid the session); on
 * STATUS_SUCCESS it must carry the 3 or 4 words of 2.2.4.53.2 (or MS-SMB 2.2.4.6.2), and *guest is the
 * Action's SMB_SETUP_GUEST bit. LM_EPROTO otherwise. */
lm_status lm__smb1_session_setup_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r, bool *guest);

/* TREE_CONNECT_ANDX (MS-CIFS 2.2.4.55.1) to \\host\IPC$, service "?????". LM_ENAME when host is empty, too
 * long (over 255 bytes) or holds a control character or a backslash; nothing is appended then. MID 2. */
lm_status lm__smb1_tree_connect_req(struct lm__buf *b, uint16_t uid, const char *host);

/* Its response: LM_OK for a complete SMB1 TREE_CONNECT_ANDX response (r filled, r->tid the tree); on
 * STATUS_SUCCESS with at least 3 words. LM_EPROTO otherwise. */
lm_status lm__smb1_tree_connect_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r);

/* SMB_COM_TRANSACTION (MS-CIFS 2.2.4.33.1) named "\PIPE\" with setup PeekNamedPipe (0x0023) on FID 0, no
 * parameters and no data, as nmap's smb-vuln-ms17-010 sends it. MID 3. */
void lm__smb1_peek_fid0_req(struct lm__buf *b, uint16_t uid, uint16_t tid);

/* Its response: LM_OK for a complete SMB1 TRANSACTION response (r filled; r->status is what decides).
 * LM_EPROTO otherwise, another command too. */
lm_status lm__smb1_trans_resp(const uint8_t *p, size_t len, struct lm__smb1_reply *r);

/* How far the exchange got. */
enum lm__smb1_step {
    LM__SMB1_STEP_NEGOTIATE,
    LM__SMB1_STEP_SESSION,
    LM__SMB1_STEP_TREE,
    LM__SMB1_STEP_TRANS,
};

struct lm__smb1_peek {
    enum lm__smb1_step step; /* the step that ended the exchange */
    bool smb1;               /* the NEGOTIATE chose NT LM 0.12 */
    bool guest;              /* the anonymous session came back as guest */
    uint32_t status;         /* that step's NTSTATUS, when it was answered */
    lm_status st;            /* LM_OK when that step was answered and decoded, else why not */
};

/* Runs the exchange against host (opt's port, NetBIOS and timeout for every connect, send and receive) on
 * one connection, and stops at the first step that does not succeed: *out says which and why. Returns
 * LM_OK whenever *out is filled (the outcome is in it), LM_ENOMEM or LM_EINVAL otherwise. Answers over
 * LM__SMB1_FRAME_MAX bytes are refused (LM_EOVERFLOW in out->st). */
#define LM__SMB1_FRAME_MAX 8192
lm_status lm__smb1_peek_fid0(const char *host, const lm_smb_options *opt, struct lm__smb1_peek *out);

/* ---- shared by smb1.c and smb1_session.c ---- */

/* Opens the connection of an SMB1 exchange: opt's port (445, or 139 with NetBIOS and its session request)
 * and timeout. */
lm_status lm__smb1_connect(const char *host, const lm_smb_options *opt, int timeout_ms, struct lm__sock **out,
                           lm_error *err);

/* Appends the NBSS header and the 32-byte SMB1 header (MS-CIFS 2.2.3.1): Flags 0x18, PIDLow "LM". Returns
 * the offset of the frame, for lm__smb1_end. */
size_t lm__smb1_begin(struct lm__buf *b, uint8_t cmd, uint16_t flags2, uint16_t tid, uint16_t uid,
                      uint16_t mid);

/* Writes the NBSS length of the frame that begins at off. */
void lm__smb1_end(struct lm__buf *b, size_t off);

#endif
