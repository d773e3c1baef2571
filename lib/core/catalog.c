#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"

/* Sources, by entry:
 * - SMB1, SMB2: Microsoft Learn, "How to detect, enable and disable SMBv1, SMBv2, and SMBv3 in Windows"
 *   (LanmanServer\Parameters SMB1/SMB2, REG_DWORD, "Default: 1 = Enabled (No registry key is created)").
 * - AutoDisconnect: KB 138365 / KB 297684 (minutes, default 15, registry range 0..0xffffffff) and the
 *   security policy "Amount of idle time required before suspending session" (0xffffffff disables).
 * - RequireSecuritySignature, EnableSecuritySignature: "Overview of Server Message Block signing" and
 *   "SMB signing required by default in Windows 11 24H2 / Windows Server 2025".
 * - RestrictNullSessAccess, NullSessionPipes, NullSessionShares: security policy "Network access: Restrict
 *   anonymous access to Named Pipes and Shares" and its companions.
 * - AllowInsecureGuestAuth: Policy CSP LanmanWorkstation/EnableInsecureGuestLogons and the unattend
 *   setting Microsoft-Windows-WorkstationService-AllowInsecureGuestAuth.
 * - PowerShell names: Set-SmbServerConfiguration / Set-SmbClientConfiguration parameter lists.
 * - ServiceDll, ServiceMain: the svchost.exe service layout (Parameters\ServiceDll, the DLL; ServiceMain,
 *   its entry point, "ServiceMain" when absent). ImagePath, FailureCommand: the service key (CreateService's
 *   lpBinaryPathName; SERVICE_FAILURE_ACTIONS' lpCommand). ProviderPath: NetworkProvider, the DLL mpr.dll
 *   loads for SMB paths.
 *
 * Values that load code: every value the catalogue knows that names a DLL, a program, a command line or an
 * entry point Windows loads or runs as SYSTEM (or the service's account) is marked loads_code, in whichever
 * key Windows keeps it. Applying one is code execution on the target, so lanman never writes or deletes
 * them; they are still read and exported. The others are data: NullSessionPipes names pipes, not code. */

#define FLAG(def, note) LM_REG_DWORD, def, note, true, 0, 1
#define SRV             LM__SVC_SERVER, "Parameters"
#define WKS             LM__SVC_WORKSTATION, "Parameters"

/* clang-format off */
/* A value that loads code: no range, no recommendation, and the mark. */
#define CODE(service, subkey, name, type, def, note, meaning) \
    {service, subkey, name, type, def, note, false, 0, 0, meaning, NULL, NULL, NULL, /* loads_code */ true}
#define SERVICE_CODE(service)                                                                                 \
    CODE(service, "Parameters", "ServiceDll", LM_REG_EXPAND_SZ, NULL,                                        \
         "no default: without it svchost.exe has no DLL to load and the service does not start",             \
         "the DLL svchost.exe loads to run the service; lanman never writes it"),                             \
    CODE(service, "Parameters", "ServiceMain", LM_REG_SZ, "ServiceMain", NULL,                               \
         "the function of ServiceDll that svchost.exe calls to start the service; lanman never writes it"),  \
    CODE(service, "", "ImagePath", LM_REG_EXPAND_SZ, NULL,                                                   \
         "no default: the service control manager has no program to start",                                  \
         "the program (and arguments) the service control manager starts; lanman never writes it"),          \
    CODE(service, "", "FailureCommand", LM_REG_SZ, NULL, "absent: nothing runs when the service fails",      \
         "the command line run when the service fails (recovery: run a program); lanman never writes it")

static const lm_setting catalog[] = {
    {SRV, "SMB1", FLAG("1", "SMB1 is not installed at all on Windows 10 1709 / Server 2019 and later; the value "
                            "only matters where the SMB1 feature is present"),
     "SMB 1.0/CIFS server protocol enabled",
     "0", "SMB1 has no pre-authentication integrity or encryption and is what MS17-010 (EternalBlue) attacks",
     "EnableSMB1Protocol", false},
    {SRV, "SMB2", FLAG("1", NULL),
     "SMB 2.x and 3.x server protocol enabled",
     "1", "disabling SMB2/3 leaves only SMB1, or no file sharing at all; Microsoft advises against it",
     "EnableSMB2Protocol", false},
    {SRV, "AutoShareServer", FLAG("1", NULL),
     "create the administrative shares (C$, ADMIN$) on Windows Server editions",
     NULL, NULL, "AutoShareServer", false},
    {SRV, "AutoShareWks", FLAG("1", NULL),
     "create the administrative shares (C$, ADMIN$) on Windows client editions",
     NULL, NULL, "AutoShareWorkstation", false},
    {SRV, "RequireSecuritySignature", FLAG("0", "absent means required (1) on Windows 11 24H2 and on domain "
                                                "controllers, where policy sets it"),
     "the server requires SMB packet signing",
     "1", "unsigned sessions can be tampered with and relayed (NTLM relay)",
     "RequireSecuritySignature", false},
    {SRV, "EnableSecuritySignature", FLAG("0", "SMB1 only: SMB 2.x and 3.x ignore it"),
     "the server signs SMB1 sessions when the client asks",
     NULL, NULL, "EnableSecuritySignature", false},
    {SRV, "RestrictNullSessAccess", FLAG("1", NULL),
     "anonymous (null session) access only to the pipes and shares listed in NullSessionPipes/NullSessionShares",
     "1", "null sessions let anyone on the network enumerate and reach pipes and shares without a password",
     NULL, false},
    {SRV, "NullSessionPipes", LM_REG_MULTI_SZ, NULL,
     "no single default: the list depends on the Windows version and role (domain controllers add netlogon, "
     "samr, lsarpc)", false, 0, 0,
     "named pipes reachable by anonymous (null session) clients",
     "", "every listed pipe is an RPC interface reachable without authentication",
     "NullSessionPipes", false},
    {SRV, "NullSessionShares", LM_REG_MULTI_SZ, "", NULL, false, 0, 0,
     "shares reachable by anonymous (null session) clients",
     "", "every listed share can be read without authentication",
     "NullSessionShares", false},
    {SRV, "Hidden", FLAG("0", NULL),
     "hide the server from network browse lists (net view)",
     NULL, NULL, "ServerHidden", false},
    {SRV, "srvcomment", LM_REG_SZ, "", NULL, false, 0, 0,
     "server comment shown in browse lists (net config server /srvcomment)",
     NULL, NULL, "AnnounceComment", false},
    {SRV, "EncryptData", FLAG("0", NULL),
     "require SMB 3 encryption on every share",
     NULL, NULL, "EncryptData", false},
    {SRV, "RejectUnencryptedAccess", FLAG("1", NULL),
     "with encryption required, refuse clients that cannot encrypt instead of serving them in clear text",
     "1", "0 silently serves encrypted shares unencrypted to SMB 2.x clients",
     "RejectUnencryptedAccess", false},
    {SRV, "AutoDisconnect", LM_REG_DWORD, "15", "0xffffffff disables idle disconnection; 0 disconnects idle "
                                                "sessions within seconds", false, 0, UINT32_MAX,
     "minutes a session may stay idle before the server disconnects it",
     NULL, NULL, "AutoDisconnectTimeout", false},
    {SRV, "SmbServerNameHardeningLevel", LM_REG_DWORD, "0", NULL, false, 0, 2,
     "SPN target name validation of clients: 0 off, 1 accept if the client sends one, 2 required",
     NULL, NULL, "SmbServerNameHardeningLevel", false},

    {WKS, "RequireSecuritySignature", FLAG("0", "absent means required (1) on Windows 11 24H2 and Windows "
                                                "Server 2025"),
     "the client requires SMB packet signing",
     "1", "unsigned sessions can be tampered with and relayed (NTLM relay)",
     "RequireSecuritySignature", false},
    {WKS, "EnableSecuritySignature", FLAG("1", "SMB1 only: SMB 2.x and 3.x ignore it"),
     "the client signs SMB1 sessions when the server allows it",
     NULL, NULL, "EnableSecuritySignature", false},
    {WKS, "EnablePlainTextPassword", FLAG("0", NULL),
     "send clear-text passwords to SMB servers that do not support challenge/response",
     "0", "the password crosses the network in clear text", NULL, false},
    {WKS, "AllowInsecureGuestAuth", LM_REG_DWORD, NULL,
     "no single default: absent means 0 (refused) on Enterprise and Education since Windows 10 1709 and on "
     "every edition since Windows 11 24H2, 1 (allowed) on older Pro and Home", true, 0, 1,
     "the client may log on to SMB servers as an unauthenticated guest",
     "0", "guest sessions are unsigned and unauthenticated: open to tampering and to rogue servers",
     "EnableInsecureGuestLogons", false},

    SERVICE_CODE(LM__SVC_SERVER),
    SERVICE_CODE(LM__SVC_WORKSTATION),
    CODE(LM__SVC_WORKSTATION, "NetworkProvider", "ProviderPath", LM_REG_EXPAND_SZ, NULL,
         "no default: without it Windows has no SMB network provider",
         "the network provider DLL mpr.dll loads for \\\\server paths; lanman never writes it"),
};
/* clang-format on */

#define CATALOG_N (sizeof catalog / sizeof catalog[0])

const lm_setting *lm__catalog_all(size_t *n)
{
    *n = CATALOG_N;
    return catalog;
}

const lm_setting *lm__catalog_find(const char *service, const char *name)
{
    for (size_t i = 0; i < CATALOG_N; i++) {
        if (lm__ascii_casecmp(catalog[i].service, service) == 0 &&
            lm__ascii_casecmp(catalog[i].name, name) == 0)
            return &catalog[i];
    }
    return NULL;
}

const lm_setting *lm__catalog_find_ps(const char *service, const char *ps_name)
{
    for (size_t i = 0; i < CATALOG_N; i++) {
        if (catalog[i].ps_name == NULL || lm__ascii_casecmp(catalog[i].ps_name, ps_name) != 0)
            continue;
        if (service == NULL || lm__ascii_casecmp(catalog[i].service, service) == 0)
            return &catalog[i];
    }
    return NULL;
}

const lm_setting *lm__catalog_next(const char *service, const lm_setting *prev)
{
    size_t i = prev == NULL ? 0 : (size_t)(prev - catalog) + 1;

    for (; i < CATALOG_N; i++) {
        if (!catalog[i].loads_code && lm__ascii_casecmp(catalog[i].service, service) == 0)
            return &catalog[i];
    }
    return NULL;
}

bool lm__catalog_loads_code(const char *name)
{
    for (size_t i = 0; i < CATALOG_N; i++) {
        if (catalog[i].loads_code && lm__ascii_casecmp(catalog[i].name, name) == 0)
            return true;
    }
    return false;
}

lm_status lm__catalog_refuse_code(const char *service, const char *name, lm_error *err)
{
    return lm__fail(
        err, LM_EINVAL,
        "%s\\Parameters\\%s names code to load; lanman never writes or deletes it (change it with "
        "regedit or reg.exe on the host if you must)",
        service, name);
}

static uint32_t dword_of(const struct lm__regval *v)
{
    return (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 | (uint32_t)v->data[2] << 16 |
           (uint32_t)v->data[3] << 24;
}

static lm_status out_of_range(const lm_setting *s, const char *text, lm_status st, lm_error *err)
{
    if (s->boolean) {
        return lm__fail(err, st,
                        "%s\\%s must be 0 or 1 (0 = off, 1 = on; or False/True, $false/$true), not '%s'",
                        s->service, s->name, text);
    }
    return lm__fail(err, st, "%s\\%s must be a number from %lu to %lu, not '%s'", s->service, s->name,
                    (unsigned long)s->min, (unsigned long)s->max, text);
}

/* A flag's text as PowerShell spells it (Set-SmbServerConfiguration -EnableSMB1Protocol $false, or the
 * False that Get-SmbServerConfiguration shows), in any case, as the 0 or 1 the registry keeps; other text as
 * it is. */
static const char *flag_text(const lm_setting *s, const char *text)
{
    const char *t = text[0] == '$' ? text + 1 : text;

    if (!s->boolean)
        return text;
    if (lm__ascii_casecmp(t, "true") == 0)
        return "1";
    if (lm__ascii_casecmp(t, "false") == 0)
        return "0";
    return text;
}

lm_status lm__catalog_check(const lm_setting *s, uint32_t type, const char *text, struct lm__regval *out,
                            lm_error *err)
{
    struct lm__regval v;
    const char *given = text;
    lm_error e;
    lm_status st;

    if (type != s->type) {
        const char *want = lm__regtype_name(s->type), *got = lm__regtype_name(type);
        return lm__fail(err, LM_ETYPE, "%s\\%s is %s, not %s", s->service, s->name, want != NULL ? want : "?",
                        got != NULL ? got : "an unknown type");
    }
    lm_error_clear(&e);
    text = flag_text(s, text);
    st = lm__regval_from_text(type, text, &v, &e);
    if (st != LM_OK) {
        if (type == LM_REG_DWORD)
            return out_of_range(s, given, st == LM_ERANGE ? LM_ERANGE : LM_EINVAL, err);
        return lm__fail(err, st, "%s\\%s: %s", s->service, s->name, e.message);
    }
    if (type == LM_REG_DWORD && (dword_of(&v) < s->min || dword_of(&v) > s->max)) {
        lm__regval_free(&v);
        return out_of_range(s, given, LM_ERANGE, err);
    }
    if (out != NULL)
        *out = v;
    else
        lm__regval_free(&v);
    return LM_OK;
}

lm_status lm__catalog_prepare(const char *service, const char *name, const char *type_name, const char *text,
                              struct lm__regval *out, lm_error *err)
{
    const lm_setting *s = lm__catalog_find(service, name);
    uint32_t type = 0;
    lm_error e;
    lm_status st;

    if (type_name != NULL && lm__regtype_parse(type_name, &type) != LM_OK)
        return lm__fail(
            err, LM_EINVAL,
            "unknown registry type '%s'; use REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD or "
            "REG_BINARY",
            type_name);
    if (s != NULL)
        return lm__catalog_check(s, type_name != NULL ? type : s->type, text, out, err);
    if (type_name == NULL)
        return lm__fail(err, LM_ETYPE, "%s\\%s is not a setting lanman knows; give its type (e.g. REG_DWORD)",
                        service, name);
    lm_error_clear(&e);
    st = lm__regval_from_text(type, text, out, &e);
    if (st != LM_OK)
        return lm__fail(err, st, "%s\\%s: %s", service, name, e.message);
    return LM_OK;
}

/* 1 when v equals text (a value of s in text form), 0 when not, LM_ENOENT when there is nothing to compare
 * (no text, another type, malformed data). */
static int same_as(const lm_setting *s, const char *text, const struct lm__regval *v)
{
    struct lm__regval want;
    int same;

    if (text == NULL || v->type != s->type)
        return LM_ENOENT;
    if (s->type == LM_REG_DWORD && v->len != 4)
        return LM_ENOENT;
    if (lm__regval_from_text(s->type, text, &want, NULL) != LM_OK)
        return LM_ENOENT;
    if (s->type == LM_REG_DWORD) {
        same = dword_of(v) == dword_of(&want);
    } else if (s->type == LM_REG_MULTI_SZ) {
        /* Compare the lists, not the bytes: a missing terminator does not make a value different. */
        struct lm__strlist a = {0}, b = {0};
        same = lm__multisz_parse(v->data, v->len, &a) == LM_OK &&
               lm__multisz_parse(want.data, want.len, &b) == LM_OK && a.n == b.n;
        for (size_t i = 0; same && i < a.n; i++)
            same = strcmp(a.v[i], b.v[i]) == 0;
        lm__strlist_free(&a);
        lm__strlist_free(&b);
    } else {
        same = v->len == want.len && (v->len == 0 || memcmp(v->data, want.data, v->len) == 0);
    }
    lm__regval_free(&want);
    return same;
}

int lm__catalog_is_recommended(const lm_setting *s, const struct lm__regval *v)
{
    return same_as(s, s->recommended, v);
}

int lm__catalog_is_default(const lm_setting *s, const struct lm__regval *v)
{
    return same_as(s, s->def, v);
}

/* ---- the public face of the catalogue (include/lanman/config.h) ---- */

const lm_setting *lm_setting_next(const char *service, const lm_setting *prev)
{
    return lm__catalog_next(service, prev);
}

const lm_setting *lm_setting_find(const char *service, const char *name)
{
    const lm_setting *s = lm__catalog_find(service, name);
    return s != NULL ? s : lm__catalog_find_ps(service, name);
}

lm_status lm_reg_value_text(const lm_reg_value *v, char **text)
{
    struct lm__regval rv = {(uint32_t)v->type, v->data, v->len};
    return lm__regval_to_text(&rv, text, NULL);
}

int lm_setting_check(const lm_setting *s, const lm_reg_value *v)
{
    struct lm__regval rv = {(uint32_t)v->type, v->data, v->len};
    int r = lm__catalog_is_recommended(s, &rv);
    return r == 0 || r == 1 ? r : -1;
}
