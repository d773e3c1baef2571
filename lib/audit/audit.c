/* lanman audit: the checks of one server. Each check is one function that fills one finding from what the
 * probes saw; the probes run once per host and are shared (the dialect sweep feeds smb1, dialects, signing
 * and encryption; the null session feeds null-session and null-enum).
 *
 * What goes on the wire, by design (DESIGN.md, security stance):
 * - the SMB2/3 dialect sweep (lib/smb/smb1.c): every dialect in one NEGOTIATE, then each dialect below the
 *   server's choice alone, each on its own connection; and one SMB1 NEGOTIATE;
 * - on the sweep's first connection, at the best dialect: a SESSION_SETUP as a made-up user with a random
 *   password (guest; the caller's credentials never go to these probes), a LOGOFF, then an anonymous
 *   SESSION_SETUP and a TREE_CONNECT to IPC$ (null-session), and over that null session srvsvc
 *   NetrShareEnum (null-enum), share-write's TREE_CONNECTs and spooler's svcctl queries;
 * - only when asked for (ms17-010, ms17010.c): the one SMB1 session lanman opens, anonymous (empty account
 *   and password), to IPC$, for one TRANSACTION PeekNamedPipe on FID 0, as nmap's smb-vuln-ms17-010; its
 *   NEGOTIATE is the smb1 probe's, which then sends no other;
 * - the sweep's first NEGOTIATE also offers compression when smbghost runs (no connection of its own; a
 *   server compresses only READ responses asked for so, which none of the probes sends);
 * - with the caller's credentials, on one connection: share permissions, tree connects to C$/ADMIN$, winreg
 *   reads and svcctl queries (access.c, hardening.c, which say what they send).
 * Nothing is created or written on the server. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "crypto/crypto.h"
#include "host/host.h"
#include "lanman/audit.h"
#include "lanman/host.h"
#include "lanman/share.h"
#include "audit/ms17010.h"
#include "smb/conn.h"
#include "smb/smb1.h"

enum {
    C_SMB1,
    C_DIALECTS,
    C_SIGNING,
    C_ENCRYPTION,
    C_NULL_SESSION,
    C_NULL_ENUM,
    C_GUEST,
    C_MS17010,
    C_SHARE_WRITE,
    C_ADMIN_SHARES,
    C_REGISTRY,
    C_SPOOLER,
    C_SMBGHOST,
    C_COUNT
};

/* The checks whose probes log on: over the sweep's connection at the best dialect. */
#define LOGONS (1u << C_GUEST | 1u << C_NULL_SESSION | 1u << C_NULL_ENUM | 1u << C_ENCRYPTION)

/* The checks that run only when asked for by name (or "all"). */
#define ON_REQUEST (1u << C_MS17010)

static const lm_audit_check checks[C_COUNT] = {
    [C_SMB1] = {"smb1", LM_AUDIT_HIGH, "SMB1 accepted (the EternalBlue/WannaCry protocol)",
                "Windows: Set-SmbServerConfiguration -EnableSMB1Protocol $false, or disable the SMB1Protocol "
                "feature (registry LanmanServer\\Parameters SMB1 = 0; CIS, MS Security Guide: 'Configure SMB "
                "v1 server': Disabled); Samba: server min protocol = SMB2_10"},
    [C_DIALECTS] = {"dialects", LM_AUDIT_LOW, "SMB 2.0.2/2.1 accepted, or SMB 3.1.1 missing",
                    "Windows: SMB 3.1.1 needs Windows Server 2016/Windows 10 or later; Samba: server min "
                    "protocol = SMB3_00 and server max protocol = SMB3_11"},
    [C_SIGNING] = {"signing", LM_AUDIT_MEDIUM, "signing not required: the server is an NTLM relay target",
                   "Windows: Set-SmbServerConfiguration -RequireSecuritySignature $true (registry "
                   "LanmanServer\\Parameters RequireSecuritySignature = 1; CIS 2.3.9.2 'Microsoft network "
                   "server: Digitally sign communications (always)': Enabled); Samba: server signing = "
                   "mandatory"},
    [C_ENCRYPTION] =
        {"encryption", LM_AUDIT_LOW, "SMB3 encryption not supported, or not required",
         "Windows: Set-SmbServerConfiguration -EncryptData $true -RejectUnencryptedAccess $true "
         "(or per share: Set-SmbShare -EncryptData $true); Samba: server smb encrypt = required"},
    [C_NULL_SESSION] =
        {"null-session", LM_AUDIT_MEDIUM, "anonymous logon and IPC$ access accepted",
         "Windows: registry LanmanServer\\Parameters RestrictNullSessAccess = 1 (CIS 2.3.10.10) and "
         "Lsa RestrictAnonymous = 1 (CIS 2.3.10.3); Samba: restrict anonymous = 2"},
    [C_NULL_ENUM] = {"null-enum", LM_AUDIT_MEDIUM, "shares listed over an anonymous session",
                     "Windows: Lsa RestrictAnonymousSAM = 1 (CIS 2.3.10.2) and RestrictAnonymous = 1 (CIS "
                     "2.3.10.3), LanmanServer\\Parameters RestrictNullSessAccess = 1; Samba: restrict "
                     "anonymous = 2"},
    [C_GUEST] =
        {"guest", LM_AUDIT_MEDIUM, "a logon as an unknown user is mapped to guest",
         "Windows: disable the Guest account and set LanmanWorkstation\\Parameters "
         "AllowInsecureGuestAuth = 0 on clients; Samba: map to guest = never, and no guest ok shares"},
    [C_MS17010] = {"ms17-010", LM_AUDIT_HIGH,
                   "MS17-010 not installed: SMB1 remote code execution (EternalBlue, CVE-2017-0143 to 0148)",
                   "Windows: install MS17-010 (March 2017 security update, KB4012212/KB4012215 or any later "
                   "cumulative update), and disable SMB1: Set-SmbServerConfiguration -EnableSMB1Protocol "
                   "$false (registry LanmanServer\\Parameters SMB1 = 0); block TCP 445 and 139 at the "
                   "perimeter; Samba: not affected (the flaw is in Windows' SMB1 server), and server min "
                   "protocol = SMB2_10 "
                   "turns SMB1 off"},
    [C_SHARE_WRITE] =
        {"share-write", LM_AUDIT_HIGH,
         "a share writable by Everyone, Anonymous, Guests or Authenticated Users",
         "Windows: Revoke-SmbShareAccess -Name SHARE -AccountName Everyone (or lanman share revoke SHARE "
         "--account Everyone), then Grant-SmbShareAccess to the groups that need to write; Samba: sharesec "
         "SHARE --replace with named groups only, read only = yes or write list = @group, and no guest ok on "
         "writable shares"},
    [C_ADMIN_SHARES] =
        {"admin-shares", LM_AUDIT_INFO,
         "the administrative shares C$/ADMIN$ are reachable with the credentials",
         "Windows: expected for administrators; where they are not needed, registry LanmanServer\\Parameters "
         "AutoShareServer = 0 / AutoShareWks = 0, and keep local administrators off the network (CIS 'Deny "
         "access to this computer from the network': Local account); Samba: remove the [ADMIN$]/[C$] "
         "sections or limit them with valid users"},
    [C_REGISTRY] =
        {"registry", LM_AUDIT_MEDIUM, "SMB hardening values in the registry differ from the recommendation",
         "Windows: registry LanmanServer\\Parameters unless noted (or the Group Policy named): SMB1 = 0 "
         "(MS Security Guide 'Configure SMB v1 server': Disabled); RequireSecuritySignature = 1 (CIS 2.3.9.2 "
         "'Microsoft network server: Digitally sign communications (always)'); RestrictNullSessAccess = 1 "
         "(CIS "
         "2.3.10.10 'Network access: Restrict anonymous access to Named Pipes and Shares'); "
         "NullSessionShares "
         "and NullSessionPipes empty ('Network access: Shares / Named Pipes that can be accessed "
         "anonymously'); RejectUnencryptedAccess = 1 (Set-SmbServerConfiguration); "
         "SmbServerNameHardeningLevel >= 1 ('Microsoft network server: Server SPN target name validation "
         "level'); LanmanWorkstation\\Parameters RequireSecuritySignature = 1 ('Microsoft network client: "
         "Digitally sign communications (always)'), EnablePlainTextPassword = 0 ('Microsoft network client: "
         "Send unencrypted password to third-party SMB servers': Disabled), AllowInsecureGuestAuth = 0 "
         "('Enable insecure guest logons': Disabled); Control\\Lsa LmCompatibilityLevel = 5 (CIS 2.3.11.7 "
         "'Network security: LAN Manager authentication level': 'Send NTLMv2 response only. Refuse LM & "
         "NTLM'), RestrictAnonymous = 1 (CIS 2.3.10.3 'Network access: Do not allow anonymous enumeration "
         "of SAM accounts and shares'), RestrictAnonymousSAM = 1 (CIS 2.3.10.2 'Network access: Do not "
         "allow anonymous enumeration of SAM accounts'); Samba: no Windows registry, see the other checks' "
         "smb.conf lines"},
    [C_SPOOLER] =
        {"spooler", LM_AUDIT_MEDIUM,
         "the Print Spooler runs (an authentication coercion surface: PrinterBug)",
         "Windows: Stop-Service Spooler; Set-Service Spooler -StartupType Disabled (or lanman service stop "
         "Spooler and lanman service set Spooler --start-type disabled) on servers that print nothing; "
         "Group Policy 'Allow Print Spooler to accept client connections': Disabled; Samba: disable spoolss "
         "= yes, or no rpcd_spoolss"},
    [C_SMBGHOST] =
        {"smbghost", LM_AUDIT_INFO,
         "SMB 3.1.1 compression negotiated: the CVE-2020-0796 (SMBGhost) surface, patched or not",
         "Windows: install the March 2020 update (KB4551762; CVE-2020-0796 affects Windows 10 and Server "
         "1903/1909 only); unpatched, registry LanmanServer\\Parameters DisableCompression = 1 "
         "(Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters "
         "DisableCompression -Type DWORD -Value 1) and block TCP 445 at the perimeter; Samba: not affected "
         "(CVE-2020-0796 is in Windows' srv2.sys), nothing to change"},
};

const lm_audit_check *lm_audit_checks(size_t *n)
{
    *n = C_COUNT;
    return checks;
}

uint32_t lm_audit_default_mask(void)
{
    return ((1u << C_COUNT) - 1) & ~ON_REQUEST;
}

int lm_audit_check_index(const char *id)
{
    for (int i = 0; i < C_COUNT; i++) {
        if (id != NULL && strcmp(checks[i].id, id) == 0)
            return i;
    }
    return -1;
}

const char *lm_audit_severity_name(lm_audit_severity s)
{
    switch (s) {
    case LM_AUDIT_HIGH:
        return "high";
    case LM_AUDIT_MEDIUM:
        return "medium";
    case LM_AUDIT_LOW:
        return "low";
    case LM_AUDIT_INFO:
    default:
        return "info";
    }
}

const char *lm_audit_result_name(lm_audit_result r)
{
    return r == LM_AUDIT_FAIL ? "fail" : r == LM_AUDIT_PASS ? "pass" : "unknown";
}

/* What the probes of one host saw. */
struct seen {
    const char *host;
    const lm_smb_options *opt;
    const lm_smb_credentials *creds;
    lm_smb_sweep sweep; /* the dialects accepted, and the NEGOTIATE of the highest */
    bool any, old, has311, smb1;
    bool compression;         /* the sweep offered compression in 3.1.1 (smbghost) */
    bool compression_ctx;     /* and the server answered with a compression context */
    uint16_t compression_alg; /* its first algorithm */
    lm_status smb1_st;
    lm_status peek_st; /* ms17-010's SMB1 exchange (whose NEGOTIATE smb1 uses when both run) */
    struct lm__smb1_peek peek;
    lm_status guest_st;        /* the made-up user's SESSION_SETUP */
    bool guest_is_guest;       /* and the server's IS_GUEST on it */
    lm_status anon_st, ipc_st; /* anonymous SESSION_SETUP, then TREE_CONNECT IPC$ */
    bool anon_is_null;         /* IS_NULL (or IS_GUEST) on the anonymous session */
    bool anon_encrypted;       /* the server made the anonymous session encrypt */
    lm_status cred_st;         /* logon with the caller's credentials (when given) */
    bool cred_encrypted;
};

/* The dialect sweep (lm_smb_sweep_dialects): its NEGOTIATE offering every dialect also offers compression
 * for smbghost when s->compression, and its connection goes to *top (top non-NULL) for the logons. */
static lm_status sweep_dialects(struct seen *s, lm_smb **top, lm_error *err)
{
    lm_status st = lm__smb_sweep_dialects_ex(s->host, s->opt, s->compression ? LM__SMB_COMPRESSION : 0,
                                             &s->sweep, &s->compression_ctx, &s->compression_alg, top, err);

    for (size_t i = 0; i < s->sweep.n; i++) {
        s->old |= s->sweep.accepted[i] < 0x0300;
        s->has311 |= s->sweep.accepted[i] == 0x0311;
    }
    s->any = s->sweep.n > 0;
    return st;
}

/* Logs on (creds NULL: anonymously) at the best dialect: on *conn, the sweep's connection, when there is one
 * (its session ended first with lm__smb_logoff, so that a connection lost on the way is closed and *conn
 * set to NULL), else over a fresh connection. For anonymous, also a TREE_CONNECT to IPC$. keep non-NULL: the
 * logged-on connection goes there instead of being closed (NULL when the logon failed), and *conn is NULL
 * from then on. */
static void try_logon(struct seen *s, lm_smb **conn, const lm_smb_credentials *creds, lm_status *st_out,
                      lm_status *ipc_out, lm_smb_info *info, lm_smb **keep)
{
    lm_smb_options o = *s->opt;
    lm_smb *c = NULL;
    lm_status st;

    o.allow_guest = true;
    memset(info, 0, sizeof *info);
    if (conn != NULL && *conn != NULL) {
        c = *conn;
        *conn = NULL;
        if (lm__smb_logoff(c) != LM_OK) { /* the connection is gone: a fresh one */
            lm_smb_close(c);
            c = NULL;
        }
    }
    st = LM_OK;
    if (c != NULL)
        c->opt.allow_guest = true; /* probes: a guest or null session is what they look for */
    else
        st = lm_smb_connect(s->host, &o, &c, NULL);
    if (st == LM_OK && (st = lm_smb_login(c, creds)) == LM_OK) {
        lm_smb_get_info(c, info);
        if (ipc_out != NULL) {
            lm_smb_tree *t;
            *ipc_out = lm_smb_tree_connect(c, "IPC$", &t);
            if (*ipc_out == LM_OK)
                lm_smb_tree_disconnect(t);
        }
        if (keep != NULL) {
            *keep = c;
            c = NULL;
        }
    }
    /* a logon refused leaves the connection good for the next one; anything else, not */
    if (c != NULL && conn != NULL && keep == NULL && (st == LM_OK || st == LM_EAUTH || st == LM_EACCES)) {
        *conn = c;
        c = NULL;
    }
    lm_smb_close(c);
    *st_out = st;
}

static void vset(lm_audit_finding *f, const lm_audit_check *c, lm_audit_result r, const char *fmt, va_list ap)
{
    f->check = c->id;
    f->severity = c->severity;
    f->result = r;
    f->remediation = r == LM_AUDIT_PASS ? "" : c->remediation;
    vsnprintf(f->detail, sizeof f->detail, fmt, ap);
}

static void set(lm_audit_finding *f, int id, lm_audit_result r, const char *fmt, ...)
#if defined(__MINGW32__)
    __attribute__((format(gnu_printf, 4, 5)));
#elif defined(__GNUC__)
    __attribute__((format(printf, 4, 5)));
#endif

static void set(lm_audit_finding *f, int id, lm_audit_result r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(f, &checks[id], r, fmt, ap);
    va_end(ap);
}

void lm__audit_set(lm_audit_finding *f, const lm_audit_check *c, lm_audit_result r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(f, c, r, fmt, ap);
    va_end(ap);
}

void lm__audit_names_add(struct lm__audit_names *l, const char *name)
{
    char esc[sizeof l->text];
    size_t k = 0, len = strlen(l->text);

    for (const unsigned char *p = (const unsigned char *)name; *p != '\0' && k + 5 < sizeof esc; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            k += (size_t)snprintf(esc + k, sizeof esc - k, "\\x%02X", *p);
        else
            esc[k++] = (char)*p;
    }
    esc[k] = '\0';
    if (l->more == 0 && len + (len ? 2 : 0) + k < sizeof l->text) {
        snprintf(l->text + len, sizeof l->text - len, "%s%s", len ? ", " : "", esc);
        l->shown++;
    } else {
        l->more++;
    }
}

lm_status lm__audit_open_host(const struct lm__audit_target *t, const lm_smb_credentials *creds, lm_host **h)
{
    lm_host_options ho = {sizeof ho, t->host, creds, t->opt};

    return lm_host_open(&ho, h, NULL);
}

void lm__audit_target_init(struct lm__audit_target *t, const char *host, const lm_smb_options *opt,
                           const lm_smb_credentials *creds)
{
    memset(t, 0, sizeof *t);
    t->host = host;
    t->opt = opt;
    t->creds = creds;
    t->anon_st = t->cred_st = t->shares_st = LM_ENOTCONN;
}

/* One of t's hosts, opened on first use with creds; its status every later time. */
static lm_status shared_host(struct lm__audit_target *t, const lm_smb_credentials *creds, lm_host **slot,
                             lm_status *st, lm_host **h)
{
    if (*st == LM_ENOTCONN)
        *st = lm__audit_open_host(t, creds, slot);
    *h = *slot;
    return *st;
}

lm_status lm__audit_anon_host(struct lm__audit_target *t, lm_host **h)
{
    /* An empty user and NTLM: the remote backend's null session (never a Kerberos ticket from a cache). */
    static const lm_smb_credentials none = {.user = "", .auth = LM_SMB_AUTH_NTLM};

    return shared_host(t, &none, &t->anon, &t->anon_st, h);
}

lm_status lm__audit_cred_host(struct lm__audit_target *t, lm_host **h)
{
    if (t->creds == NULL)
        return LM_EINVAL;
    return shared_host(t, t->creds, &t->cred, &t->cred_st, h);
}

lm_status lm__audit_anon_shares(struct lm__audit_target *t, const lm_share **shares, size_t *n)
{
    lm_host *h;

    if (t->shares_st == LM_ENOTCONN) {
        t->shares_st = lm__audit_anon_host(t, &h);
        if (t->shares_st == LM_OK)
            t->shares_st = lm_share_list(h, &t->shares, &t->nshares);
    }
    *shares = t->shares;
    *n = t->nshares;
    return t->shares_st;
}

void lm__audit_target_close(struct lm__audit_target *t)
{
    lm_share_list_free(t->shares, t->nshares);
    lm_host_close(t->anon);
    lm_host_close(t->cred);
    t->shares = NULL;
    t->anon = t->cred = NULL;
}

const char *lm__audit_names_text(struct lm__audit_names *l)
{
    if (l->more > 0)
        snprintf(l->out, sizeof l->out, "%s and %zu more", l->text, l->more);
    else
        snprintf(l->out, sizeof l->out, "%s", l->text);
    return l->out;
}

static void check_smb1(const struct seen *s, lm_audit_finding *f)
{
    if (s->smb1_st != LM_OK)
        set(f, C_SMB1, LM_AUDIT_UNKNOWN, "the SMB1 NEGOTIATE failed: %s", lm_strerror(s->smb1_st));
    else if (s->smb1)
        set(f, C_SMB1, LM_AUDIT_FAIL, "SMB1 NEGOTIATE (NT LM 0.12) accepted");
    else
        set(f, C_SMB1, LM_AUDIT_PASS, "SMB1 NEGOTIATE refused");
}

static void check_dialects(const struct seen *s, lm_audit_finding *f)
{
    if (!s->any)
        set(f, C_DIALECTS, LM_AUDIT_UNKNOWN, "no SMB2/3 dialect accepted");
    else
        set(f, C_DIALECTS, s->old || !s->has311 ? LM_AUDIT_FAIL : LM_AUDIT_PASS, "dialects %s accepted%s",
            s->sweep.names, s->has311 ? "" : "; 3.1.1 missing");
}

static void check_signing(const struct seen *s, lm_audit_finding *f)
{
    if (!s->any)
        set(f, C_SIGNING, LM_AUDIT_UNKNOWN, "no SMB2/3 dialect accepted");
    else if (s->sweep.best.signing_required)
        set(f, C_SIGNING, LM_AUDIT_PASS, "signing required (NEGOTIATE SecurityMode)");
    else
        set(f, C_SIGNING, LM_AUDIT_FAIL, "signing %s, not required (NEGOTIATE SecurityMode)",
            s->sweep.best.signing_enabled ? "enabled" : "disabled");
}

static void check_encryption(const struct seen *s, lm_audit_finding *f)
{
    const char *cipher = s->sweep.best.cipher == 2 ? "AES-128-GCM" : "AES-128-CCM";

    if (!s->any)
        set(f, C_ENCRYPTION, LM_AUDIT_UNKNOWN, "no SMB2/3 dialect accepted");
    else if (s->sweep.best.dialect < 0x0300 ||
             (s->sweep.best.cipher == 0 && !(s->sweep.best.capabilities & 0x40)))
        set(f, C_ENCRYPTION, LM_AUDIT_FAIL, "no encryption offered (dialect %s)",
            lm_smb_dialect_name(s->sweep.best.dialect));
    else if (s->anon_encrypted || s->cred_encrypted)
        set(f, C_ENCRYPTION, LM_AUDIT_PASS, "%s, required for the session", cipher);
    else if (s->cred_st == LM_OK || s->anon_st == LM_OK)
        set(f, C_ENCRYPTION, LM_AUDIT_FAIL, "%s offered, not required (a session was set up unencrypted)",
            cipher);
    else
        set(f, C_ENCRYPTION, LM_AUDIT_UNKNOWN, "%s offered; whether it is required needs a session (-U)",
            cipher);
}

static void check_null_session(const struct seen *s, lm_audit_finding *f)
{
    if (s->anon_st != LM_OK)
        set(f, C_NULL_SESSION, LM_AUDIT_PASS, "anonymous logon refused (%s)", lm_err_name(s->anon_st));
    else if (s->ipc_st == LM_OK)
        set(f, C_NULL_SESSION, LM_AUDIT_FAIL, "anonymous logon%s and TREE_CONNECT to IPC$ accepted",
            s->anon_is_null ? " (IS_NULL)" : "");
    else
        set(f, C_NULL_SESSION, LM_AUDIT_PASS, "anonymous logon accepted, IPC$ refused (%s)",
            lm_err_name(s->ipc_st));
}

/* Over the null session's host that share-write and spooler reuse (lm__audit_anon_shares). */
static void check_null_enum(const struct seen *s, struct lm__audit_target *t, lm_audit_finding *f)
{
    const lm_share *shares;
    lm_status st;
    size_t n;

    if (s->anon_st != LM_OK || s->ipc_st != LM_OK) {
        set(f, C_NULL_ENUM, LM_AUDIT_PASS, "no null session to enumerate over");
        return;
    }
    st = lm__audit_anon_shares(t, &shares, &n);
    if (st == LM_OK)
        set(f, C_NULL_ENUM, LM_AUDIT_FAIL, "%zu shares listed anonymously (srvsvc NetrShareEnum)", n);
    else if (st == LM_EACCES || st == LM_EAUTH)
        set(f, C_NULL_ENUM, LM_AUDIT_PASS, "anonymous NetrShareEnum refused (%s)", lm_err_name(st));
    else
        set(f, C_NULL_ENUM, LM_AUDIT_UNKNOWN, "anonymous NetrShareEnum failed: %s", lm_strerror(st));
}

/* A logon as a user that cannot exist, with a random password: IS_GUEST means the server maps unknown users
 * to its guest account. The session policy would refuse a guest result, so this one probe allows it. */
static void probe_guest(struct seen *s, lm_smb **conn)
{
    uint8_t rnd[12];
    char user[40], pass[40];
    lm_smb_credentials c;
    lm_smb_info info;

    if ((s->guest_st = lm__random(rnd, sizeof rnd)) != LM_OK)
        return;
    snprintf(user, sizeof user, "lanman-audit-%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
    snprintf(pass, sizeof pass, "%02x%02x%02x%02x%02x%02x%02x%02x!A", rnd[4], rnd[5], rnd[6], rnd[7], rnd[8],
             rnd[9], rnd[10], rnd[11]);
    memset(&c, 0, sizeof c);
    c.auth = LM_SMB_AUTH_NTLM; /* a made-up user: only NTLM can be mapped to guest */
    c.user = user;
    c.password = pass;
    try_logon(s, conn, &c, &s->guest_st, NULL, &info, NULL);
    memset(pass, 0, sizeof pass);
    s->guest_is_guest = info.guest;
}

static void check_guest(const struct seen *s, lm_audit_finding *f)
{
    if (s->guest_st == LM_OK && s->guest_is_guest)
        set(f, C_GUEST, LM_AUDIT_FAIL, "an unknown user was logged on as guest (IS_GUEST)");
    else if (s->guest_st == LM_OK)
        set(f, C_GUEST, LM_AUDIT_FAIL, "an unknown user with a random password was logged on");
    else if (s->guest_st == LM_EAUTH || s->guest_st == LM_EACCES)
        set(f, C_GUEST, LM_AUDIT_PASS, "an unknown user was refused (%s)", lm_err_name(s->guest_st));
    else
        set(f, C_GUEST, LM_AUDIT_UNKNOWN, "the guest logon probe failed: %s", lm_strerror(s->guest_st));
}

static void check_ms17010(const struct seen *s, lm_audit_finding *f)
{
    char detail[sizeof f->detail];
    lm_audit_result r = lm__audit_ms17010(s->peek_st, &s->peek, detail, sizeof detail);

    set(f, C_MS17010, r, "%s", detail);
}

static const char *compression_name(uint16_t alg)
{
    switch (alg) {
    case SMB2_COMPRESSION_LZNT1:
        return "LZNT1";
    case SMB2_COMPRESSION_LZ77:
        return "LZ77";
    case SMB2_COMPRESSION_LZ77_HUFFMAN:
        return "LZ77+Huffman";
    default:
        return "another algorithm";
    }
}

/* The sweep's NEGOTIATE offering every dialect, which offered SMB2_COMPRESSION_CAPABILITIES (MS-SMB2
 * 2.2.3.1.3) with 3.1.1: a server that chose 3.1.1 and answered with the context (an algorithm in common)
 * would compress, the surface of CVE-2020-0796; whether it is patched cannot be told from the wire, hence
 * info. */
static void check_smbghost(const struct seen *s, lm_audit_finding *f)
{
    if (!s->any)
        set(f, C_SMBGHOST, LM_AUDIT_UNKNOWN, "no SMB2/3 dialect accepted");
    else if (!s->has311)
        set(f, C_SMBGHOST, LM_AUDIT_PASS, "SMB 3.1.1 not accepted: no compression to negotiate");
    else if (s->compression_ctx && s->compression_alg != SMB2_COMPRESSION_NONE)
        set(f, C_SMBGHOST, LM_AUDIT_FAIL, "SMB 3.1.1 compression negotiated (%s; COMPRESSION_CAPABILITIES)",
            compression_name(s->compression_alg));
    else if (s->compression_ctx)
        set(f, C_SMBGHOST, LM_AUDIT_PASS, "compression context answered with no algorithm in common");
    else
        set(f, C_SMBGHOST, LM_AUDIT_PASS, "no compression context in the 3.1.1 NEGOTIATE response");
}

lm_status lm_audit_host(const char *host, const lm_smb_options *opt, const lm_smb_credentials *creds,
                        uint32_t mask, lm_audit_finding **out, size_t *n)
{
    static const lm_smb_options defaults;
    struct lm__audit_target t;
    lm_audit_finding *f;
    lm_smb *top = NULL;
    struct seen s;
    lm_smb_info info;
    lm_error err;
    lm_status st;
    size_t k = 0;

    if (host == NULL || out == NULL || n == NULL)
        return LM_EINVAL;
    memset(&s, 0, sizeof s);
    s.host = host;
    s.opt = opt != NULL ? opt : &defaults;
    s.creds = creds != NULL && creds->user != NULL && creds->user[0] != '\0' ? creds : NULL;
    if ((f = calloc(C_COUNT, sizeof *f)) == NULL)
        return LM_ENOMEM;
    mask &= (1u << C_COUNT) - 1;
    s.compression = (mask & (1u << C_SMBGHOST)) != 0;

    /* A server that accepts the connection but hangs up on SMB2 (SMB1 only: Windows XP, Server 2003) is
     * reachable, and the SMB1 checks still run on it. */
    if ((st = sweep_dialects(&s, mask & LOGONS ? &top : NULL, &err)) != LM_OK &&
        !((st == LM_ECONNRESET || st == LM_ENOTCONN) && (mask & (1u << C_SMB1 | 1u << C_MS17010)))) {
        f[0].check = LM_AUDIT_UNREACHABLE;
        f[0].severity = LM_AUDIT_INFO;
        f[0].result = LM_AUDIT_UNKNOWN;
        f[0].remediation = "";
        snprintf(f[0].detail, sizeof f[0].detail, "%s", lm_strerror(st));
        *out = f;
        *n = 1;
        return LM_OK;
    }
    /* ms17-010's NEGOTIATE offers NT LM 0.12 alone, as the smb1 probe's: it answers smb1 too (one connection
     * less) */
    if (mask & (1u << C_MS17010))
        s.peek_st = lm__smb1_peek_fid0(host, s.opt, &s.peek);
    if ((mask & (1u << C_SMB1)) && (mask & (1u << C_MS17010)) && s.peek_st == LM_OK)
        s.smb1_st = lm__audit_smb1_seen(&s.peek, &s.smb1);
    else if (mask & (1u << C_SMB1))
        s.smb1_st = lm_smb_probe_smb1(host, s.opt, &s.smb1, NULL);
    lm__audit_target_init(&t, host, s.opt, s.creds);
    /* The sweep's connection at the best dialect carries the guest probe, then the null session, which
     * null-enum, share-write and spooler go on using (connections less). */
    s.guest_st = s.anon_st = s.ipc_st = LM_ENOTCONN;
    if (s.any && (mask & (1u << C_GUEST)))
        probe_guest(&s, &top);
    if (s.any && (mask & (1u << C_NULL_SESSION | 1u << C_NULL_ENUM | 1u << C_ENCRYPTION))) {
        lm_smb *anon = NULL;

        try_logon(&s, &top, NULL, &s.anon_st, &s.ipc_st, &info, &anon);
        s.anon_is_null = info.anonymous || info.guest;
        s.anon_encrypted = info.encrypted_session;
        if (anon != NULL && lm__host_remote_adopt(host, anon, &t.anon) == LM_OK)
            t.anon_st = LM_OK;
        else
            lm_smb_close(anon);
        /* The same anonymous logon refused: the null session's host would be refused alike, so it is not
         * opened. */
        if (s.anon_st == LM_EACCES || s.anon_st == LM_EAUTH)
            t.anon_st = s.anon_st;
    }
    lm_smb_close(top);
    s.cred_st = LM_ENOTCONN;
    if (s.any && s.creds != NULL && (mask & (1u << C_ENCRYPTION))) {
        lm_host *h;
        if ((s.cred_st = lm__audit_cred_host(&t, &h)) == LM_OK && lm_host_smb_info(h, &info) == LM_OK)
            s.cred_encrypted = info.encrypted_session;
    }

    if (mask & (1u << C_SMB1))
        check_smb1(&s, &f[k++]);
    if (mask & (1u << C_DIALECTS))
        check_dialects(&s, &f[k++]);
    if (mask & (1u << C_SIGNING))
        check_signing(&s, &f[k++]);
    if (mask & (1u << C_ENCRYPTION))
        check_encryption(&s, &f[k++]);
    if (mask & (1u << C_NULL_SESSION))
        check_null_session(&s, &f[k++]);
    if (mask & (1u << C_NULL_ENUM))
        check_null_enum(&s, &t, &f[k++]);
    if (mask & (1u << C_GUEST)) {
        if (s.any)
            check_guest(&s, &f[k++]);
        else
            set(&f[k++], C_GUEST, LM_AUDIT_UNKNOWN, "no SMB2/3 dialect accepted");
    }
    if (mask & (1u << C_MS17010))
        check_ms17010(&s, &f[k++]);
    if (mask & (1u << C_SHARE_WRITE))
        lm__audit_share_write(&t, &checks[C_SHARE_WRITE], &f[k++]);
    if (mask & (1u << C_ADMIN_SHARES))
        lm__audit_admin_shares(&t, &checks[C_ADMIN_SHARES], &f[k++]);
    if (mask & (1u << C_REGISTRY))
        lm__audit_registry(&t, &checks[C_REGISTRY], &f[k++]);
    if (mask & (1u << C_SPOOLER))
        lm__audit_spooler(&t, &checks[C_SPOOLER], &f[k++]);
    if (mask & (1u << C_SMBGHOST))
        check_smbghost(&s, &f[k++]);
    lm__audit_target_close(&t);
    *out = f;
    *n = k;
    return LM_OK;
}

void lm_audit_findings_free(lm_audit_finding *f)
{
    free(f);
}
