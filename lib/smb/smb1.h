/* The SMB1 codec of the SMB1 detection (smb1.c), for the unit tests and the fuzz target: the one SMB1
 * NEGOTIATE request lanman sends, and the decoder of its answer. No SMB1 session is built from these. */
#ifndef LANMAN_SMB_SMB1_H
#define LANMAN_SMB_SMB1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"

/* Appends the NBSS-framed SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52.1) offering only "NT LM 0.12". */
void lm__smb1_negotiate_req(struct lm__buf *b);

/* Decodes the answer's SMB message (after the 4-byte NBSS header): LM_OK with *accepted set when it is an
 * SMB1 NEGOTIATE response that chose dialect 0 with STATUS_SUCCESS, or any other complete SMB1 or SMB2
 * header (*accepted false); LM_EPROTO when the message is too short for what it claims or is not SMB.
 * *accepted is set on LM_OK only. */
lm_status lm__smb1_negotiate_resp(const uint8_t *p, size_t len, bool *accepted);

#endif
