/* MIT Kerberos for krb5_gss.c: include this header, not <gssapi/...> or <krb5/krb5.h>, and call
 * lm__krb5_load() before the first GSS-API or krb5 call.
 *
 * liblanman does not link libgssapi_krb5 and libkrb5 (POSIX): with libk5crypto, libkrb5support, libcom_err,
 * libkeyutils and libresolv behind them, linking them costs every command about 0.5 MiB of resident memory
 * that only a Kerberos logon (and the agent's keytab check) uses; an NTLM session never calls them.
 * krb5api.c opens them on first use through lib/os/dl.h and fills two tables, lm__gss and lm__krb5 (one per
 * library); the defines at the end make each name used here call through them, so the call sites read as
 * plain GSS-API and krb5. The data symbols (the OIDs) are in the tables too: dlsym gives their addresses. A
 * name missing from the lists is an undefined symbol when the programs link. Windows uses SSPI
 * (krb5_sspi.c) and none of this. */
#ifndef LM_SMB_KRB5API_H
#define LM_SMB_KRB5API_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5/krb5.h>

#include <stdbool.h>
#include <stddef.h>

/* The sonames Debian's libgssapi-krb5-2 and libkrb5-3 ship (and the .deb depends on). */
#define LM__GSSAPI_SONAME "libgssapi_krb5.so.2"
#define LM__KRB5_SONAME   "libkrb5.so.3"

/* Makes GSS-API and krb5 callable, once per process (thread-safe): true, or false with one line in why (n
 * bytes) that names the library that could not be loaded and says why. */
bool lm__krb5_load(char *why, size_t n);

/* From libgssapi_krb5: the functions, then the OIDs (variables). */
#define LM__GSS_NAMES(X)              \
    X(gss_acquire_cred)               \
    X(gss_delete_sec_context)         \
    X(gss_display_status)             \
    X(gss_get_mic)                    \
    X(gss_import_name)                \
    X(gss_init_sec_context)           \
    X(gss_inquire_sec_context_by_oid) \
    X(gss_krb5_import_cred)           \
    X(gss_release_buffer)             \
    X(gss_release_buffer_set)         \
    X(gss_release_cred)               \
    X(gss_release_name)               \
    X(gss_verify_mic)                 \
    X(GSS_C_INQ_SSPI_SESSION_KEY)     \
    X(GSS_C_NT_HOSTBASED_SERVICE)     \
    X(GSS_KRB5_NT_PRINCIPAL_NAME)     \
    X(gss_mech_krb5)

/* From libkrb5. */
#define LM__KRB5_NAMES(X)              \
    X(krb5_cc_destroy)                 \
    X(krb5_cc_initialize)              \
    X(krb5_cc_new_unique)              \
    X(krb5_cc_store_cred)              \
    X(krb5_free_context)               \
    X(krb5_free_cred_contents)         \
    X(krb5_free_error_message)         \
    X(krb5_free_keytab_entry_contents) \
    X(krb5_free_principal)             \
    X(krb5_get_error_message)          \
    X(krb5_get_init_creds_keytab)      \
    X(krb5_get_init_creds_password)    \
    X(krb5_init_context)               \
    X(krb5_kt_close)                   \
    X(krb5_kt_get_entry)               \
    X(krb5_kt_resolve)                 \
    X(krb5_parse_name)

/* One pointer per name, of the declared type (for a variable, a pointer to it). */
#define LM__KRB5API_MEMBER(name) __typeof__(name) *name;
struct lm__gss_api {
    LM__GSS_NAMES(LM__KRB5API_MEMBER)
};
struct lm__krb5_api {
    LM__KRB5_NAMES(LM__KRB5API_MEMBER)
};
#undef LM__KRB5API_MEMBER
extern struct lm__gss_api lm__gss;
extern struct lm__krb5_api lm__krb5;

#ifndef LM__KRB5API_LOADER /* the loader names the members by these names */
#define gss_acquire_cred                (*lm__gss.gss_acquire_cred)
#define gss_delete_sec_context          (*lm__gss.gss_delete_sec_context)
#define gss_display_status              (*lm__gss.gss_display_status)
#define gss_get_mic                     (*lm__gss.gss_get_mic)
#define gss_import_name                 (*lm__gss.gss_import_name)
#define gss_init_sec_context            (*lm__gss.gss_init_sec_context)
#define gss_inquire_sec_context_by_oid  (*lm__gss.gss_inquire_sec_context_by_oid)
#define gss_krb5_import_cred            (*lm__gss.gss_krb5_import_cred)
#define gss_release_buffer              (*lm__gss.gss_release_buffer)
#define gss_release_buffer_set          (*lm__gss.gss_release_buffer_set)
#define gss_release_cred                (*lm__gss.gss_release_cred)
#define gss_release_name                (*lm__gss.gss_release_name)
#define gss_verify_mic                  (*lm__gss.gss_verify_mic)
#define GSS_C_INQ_SSPI_SESSION_KEY      (*lm__gss.GSS_C_INQ_SSPI_SESSION_KEY)
#define GSS_C_NT_HOSTBASED_SERVICE      (*lm__gss.GSS_C_NT_HOSTBASED_SERVICE)
#define GSS_KRB5_NT_PRINCIPAL_NAME      (*lm__gss.GSS_KRB5_NT_PRINCIPAL_NAME)
#define gss_mech_krb5                   (*lm__gss.gss_mech_krb5)
#define krb5_cc_destroy                 (*lm__krb5.krb5_cc_destroy)
#define krb5_cc_initialize              (*lm__krb5.krb5_cc_initialize)
#define krb5_cc_new_unique              (*lm__krb5.krb5_cc_new_unique)
#define krb5_cc_store_cred              (*lm__krb5.krb5_cc_store_cred)
#define krb5_free_context               (*lm__krb5.krb5_free_context)
#define krb5_free_cred_contents         (*lm__krb5.krb5_free_cred_contents)
#define krb5_free_error_message         (*lm__krb5.krb5_free_error_message)
#define krb5_free_keytab_entry_contents (*lm__krb5.krb5_free_keytab_entry_contents)
#define krb5_free_principal             (*lm__krb5.krb5_free_principal)
#define krb5_get_error_message          (*lm__krb5.krb5_get_error_message)
#define krb5_get_init_creds_keytab      (*lm__krb5.krb5_get_init_creds_keytab)
#define krb5_get_init_creds_password    (*lm__krb5.krb5_get_init_creds_password)
#define krb5_init_context               (*lm__krb5.krb5_init_context)
#define krb5_kt_close                   (*lm__krb5.krb5_kt_close)
#define krb5_kt_get_entry               (*lm__krb5.krb5_kt_get_entry)
#define krb5_kt_resolve                 (*lm__krb5.krb5_kt_resolve)
#define krb5_parse_name                 (*lm__krb5.krb5_parse_name)
#endif

#endif
