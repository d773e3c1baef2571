/* sspiprobe SPN [USER@REALM]: can this Windows (here: Wine) make a Kerberos AP-REQ for SPN through SSPI, and
 * does its SSPI have the session key attribute that SMB signing needs?
 * Without USER, from the logged-on user's tickets (under Wine: the host's credential cache, KRB5CCNAME); with
 * USER, from explicit credentials, the password in LANMAN_PASSWORD. Prints one line: what worked or what
 * failed, with the SECURITY_STATUS. Exit 0: a first token was made and the attribute exists; 1: not. The
 * Kerberos tests under Wine run it first, so that a limit of Wine's SSPI is told apart from a fault of
 * lanman's. It passes an output buffer of its own: Wine 8 does not implement ISC_REQ_ALLOCATE_MEMORY for
 * Kerberos ("buffer too small"). */
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv)
{
    static unsigned char token[65536];
    SEC_WINNT_AUTH_IDENTITY_W id;
    wchar_t user[256], password[256];
    const char *pw = getenv("LANMAN_PASSWORD");
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp ts;
    SecBuffer out = {sizeof token, SECBUFFER_TOKEN, token};
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &out};
    ULONG attr = 0;
    SecPkgContext_SessionKey key;
    SECURITY_STATUS st, key_st;
    wchar_t *at;

    if (argc < 2 || argc > 3) {
        fwprintf(stderr, L"usage: sspiprobe SPN [USER@REALM]\n");
        return 2;
    }
    memset(&id, 0, sizeof id);
    if (argc == 3) {
        /* user@REALM -> User "user", Domain "REALM", as SSPI callers pass them. */
        if (pw == NULL || wcslen(argv[2]) >= 256 || strlen(pw) >= 256 ||
            MultiByteToWideChar(CP_UTF8, 0, pw, -1, password, 256) == 0) {
            fwprintf(stderr, L"sspiprobe: USER needs LANMAN_PASSWORD (both under 256 characters)\n");
            return 2;
        }
        wcscpy(user, argv[2]);
        at = wcschr(user, L'@');
        if (at != NULL)
            *at++ = L'\0';
        id.User = (unsigned short *)user;
        id.UserLength = (unsigned long)wcslen(user);
        id.Domain = (unsigned short *)(at != NULL ? at : L"");
        id.DomainLength = at != NULL ? (unsigned long)wcslen(at) : 0;
        id.Password = (unsigned short *)password;
        id.PasswordLength = (unsigned long)wcslen(password);
        id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    }
    st = AcquireCredentialsHandleW(NULL, (wchar_t *)L"Kerberos", SECPKG_CRED_OUTBOUND, NULL,
                                   argc == 3 ? &id : NULL, NULL, NULL, &cred, &ts);
    SecureZeroMemory(password, sizeof password);
    if (st != SEC_E_OK) {
        printf("AcquireCredentialsHandle(Kerberos) failed: 0x%08lX\n", (unsigned long)st);
        return 1;
    }
    st = InitializeSecurityContextW(&cred, NULL, argv[1], ISC_REQ_MUTUAL_AUTH | ISC_REQ_INTEGRITY, 0,
                                    SECURITY_NATIVE_DREP, NULL, 0, &ctx, &desc, &attr, &ts);
    FreeCredentialsHandle(&cred);
    if (st != SEC_I_CONTINUE_NEEDED && st != SEC_E_OK) {
        printf("InitializeSecurityContext(%ls) failed: 0x%08lX\n", argv[1], (unsigned long)st);
        return 1;
    }
    /* SMB signing and encryption need the session key (MS-SMB2 3.2.5.3.1). Before the server's answer a
     * Windows SSPI has none yet, but one that has no such attribute at all (Wine 8: a stub) never will. */
    key_st = QueryContextAttributesW(&ctx, SECPKG_ATTR_SESSION_KEY, &key);
    if (key_st == SEC_E_OK)
        FreeContextBuffer(key.SessionKey);
    DeleteSecurityContext(&ctx);
    if (key_st == SEC_E_UNSUPPORTED_FUNCTION) {
        printf(
            "a %lu-byte Kerberos token for %ls, but QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) is not "
            "implemented (0x%08lX): no session key for SMB signing or encryption\n",
            (unsigned long)out.cbBuffer, argv[1], (unsigned long)key_st);
        return 1;
    }
    printf("InitializeSecurityContext(%ls): 0x%08lX, a %lu-byte token\n", argv[1], (unsigned long)st,
           (unsigned long)out.cbBuffer);
    return 0;
}
