/* ms17-010 (EternalBlue): decided as nmap's smb-vuln-ms17-010 decides, from the anonymous SMB1 exchange of
 * lib/smb/smb1_session.c (NEGOTIATE, null SESSION_SETUP_ANDX, TREE_CONNECT_ANDX to IPC$, TRANSACTION
 * PeekNamedPipe on FID 0). The caller's credentials never reach it.
 *
 *   PeekNamedPipe answered STATUS_INSUFF_SERVER_RESOURCES         fail: MS17-010 not installed
 *   PeekNamedPipe answered STATUS_ACCESS_DENIED or INVALID_HANDLE  pass: patched
 *   SMB1 NEGOTIATE refused (an error, an SMB2 answer, a hang-up)   pass: the vulnerable code is not exposed
 *   anything else: no answer, anonymous logon or IPC$ refused,     unknown, with the step and its status
 *   another status, a malformed answer                             (nmap reports "not vulnerable" there,
 *                                                                  which the test could not show) */
#include <stdio.h>

#include "audit/ms17010.h"
#include "smb/smb1.h"

static const char *const step_names[] = {
    [LM__SMB1_STEP_NEGOTIATE] = "the SMB1 NEGOTIATE",
    [LM__SMB1_STEP_SESSION] = "the anonymous SMB1 SESSION_SETUP",
    [LM__SMB1_STEP_TREE] = "the TREE_CONNECT to IPC$",
    [LM__SMB1_STEP_TRANS] = "PeekNamedPipe on FID 0",
};

/* A hang-up after the NEGOTIATE: what a server without SMB1 may do. */
static bool hung_up(lm_status st)
{
    return st == LM_ECONNRESET || st == LM_ENOTCONN;
}

lm_status lm__audit_smb1_seen(const struct lm__smb1_peek *p, bool *accepted)
{
    *accepted = p->step != LM__SMB1_STEP_NEGOTIATE || (p->st == LM_OK && p->smb1);
    if (p->step != LM__SMB1_STEP_NEGOTIATE || p->st == LM_OK)
        return LM_OK;
    /* as lm_smb_probe_smb1: no connection, or no answer, is a status; any other answer is a refusal */
    switch (p->st) {
    case LM_ECONNREFUSED:
    case LM_ETIMEDOUT:
    case LM_EHOSTUNREACH:
    case LM_ENAME:
        return p->st;
    default:
        return LM_OK;
    }
}

lm_audit_result lm__audit_ms17010(lm_status peek_st, const struct lm__smb1_peek *peek, char *detail,
                                  size_t size)
{
    struct lm__smb1_peek p = *peek;
    const char *step;

    if (peek_st != LM_OK) {
        snprintf(detail, size, "the SMB1 exchange could not start: %s", lm_strerror(peek_st));
        return LM_AUDIT_UNKNOWN;
    }
    step = step_names[p.step];
    if (p.step == LM__SMB1_STEP_NEGOTIATE && ((p.st == LM_OK && !p.smb1) || hung_up(p.st))) {
        snprintf(detail, size, "SMB1 refused: not exposed (the NEGOTIATE was %s)",
                 p.st == LM_OK ? "answered without NT LM 0.12" : "answered by closing the connection");
        return LM_AUDIT_PASS;
    }
    if (p.st != LM_OK) {
        snprintf(detail, size, "%s failed: %s", step, lm_strerror(p.st));
        return LM_AUDIT_UNKNOWN;
    }
    if (p.step != LM__SMB1_STEP_TRANS) {
        snprintf(
            detail, size,
            "SMB1 accepted, but %s was refused (NTSTATUS 0x%08X): the PeekNamedPipe test needs an anonymous "
            "session to IPC$",
            step, (unsigned)p.status);
        return LM_AUDIT_UNKNOWN;
    }
    switch (p.status) {
    case LM__STATUS_INSUFF_SERVER_RESOURCES:
        snprintf(
            detail, size,
            "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered STATUS_INSUFF_SERVER_RESOURCES "
            "(0xC0000205): MS17-010 not installed");
        return LM_AUDIT_FAIL;
    case LM__STATUS_ACCESS_DENIED:
    case LM__STATUS_INVALID_HANDLE:
        snprintf(detail, size,
                 "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered %s (0x%08X): patched",
                 p.status == LM__STATUS_ACCESS_DENIED ? "STATUS_ACCESS_DENIED" : "STATUS_INVALID_HANDLE",
                 (unsigned)p.status);
        return LM_AUDIT_PASS;
    default:
        snprintf(
            detail, size,
            "PeekNamedPipe on FID 0 answered NTSTATUS 0x%08X, neither the unpatched nor a patched answer",
            (unsigned)p.status);
        return LM_AUDIT_UNKNOWN;
    }
}
