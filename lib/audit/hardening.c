/* lanman audit: the server's own hardening settings (registry) and the Print Spooler (spooler).
 *
 * What goes on the wire: winreg reads of LanmanServer\Parameters and LanmanWorkstation\Parameters, and of
 * three values of Control\Lsa (the host layer's read-only allow-list, lm__reg_read_system), with the
 * caller's credentials (never a write), and svcctl's status of the Spooler service, with the credentials
 * or, without them, over a null session. The recommended values of the Services keys are the settings
 * catalogue's (lib/core/catalog.c), so that `config list` and the audit never disagree; the Lsa values,
 * which the catalogue (Services only) does not hold, are described here in the same form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "core/text.h"
#include "host/host.h"
#include "lanman/config.h"
#include "lanman/registry.h"
#include "lanman/service.h"

#define SRV     "LanmanServer"
#define WKS     "LanmanWorkstation"
#define LSA     "Lsa" /* HKLM\SYSTEM\CurrentControlSet\Control\Lsa, read through lm__reg_read_system */
#define LSA_KEY "Control\\Lsa"

/* The values the registry check reads, in the order it reports them. at_least: a DWORD passes from this
 * value up (the catalogue recommends none for it); 0: the catalogue's recommendation decides. */
static const struct item {
    const char *service, *name;
    uint32_t at_least;
} items[] = {
    {SRV, "SMB1", 0},
    {SRV, "RequireSecuritySignature", 0},
    {SRV, "RestrictNullSessAccess", 0},
    {SRV, "NullSessionShares", 0},
    {SRV, "NullSessionPipes", 0},
    {SRV, "RejectUnencryptedAccess", 0},
    {SRV, "SmbServerNameHardeningLevel", 1},
    {WKS, "RequireSecuritySignature", 0},
    {WKS, "EnablePlainTextPassword", 0},
    {WKS, "AllowInsecureGuestAuth", 0},
    {LSA, "LmCompatibilityLevel", 0},
    /* 2 (Windows 2000's "no access without explicit anonymous permissions") is stricter than 1 */
    {LSA, "RestrictAnonymous", 1},
    {LSA, "RestrictAnonymousSAM", 0},
};
#define NITEMS (sizeof items / sizeof items[0])

/* The Lsa values in the catalogue's form, so that judge() decides them as it does the others. The defaults
 * are Windows Vista/Server 2008's and later's, where the value is absent. */
static const lm_setting lsa_settings[] = {
    {.service = LSA,
     .subkey = "",
     .name = "LmCompatibilityLevel",
     .type = LM_REG_DWORD,
     .def = "3",
     .max = 5,
     .meaning = "the NTLM variants sent and accepted (5: NTLMv2 only, LM and NTLM refused)",
     .recommended = "5"},
    {.service = LSA,
     .subkey = "",
     .name = "RestrictAnonymous",
     .type = LM_REG_DWORD,
     .def = "0",
     .max = 2,
     .meaning = "anonymous enumeration of SAM accounts and shares (1: refused)",
     .recommended = "1"},
    {.service = LSA,
     .subkey = "",
     .name = "RestrictAnonymousSAM",
     .type = LM_REG_DWORD,
     .def = "1",
     .boolean = true,
     .max = 1,
     .meaning = "anonymous enumeration of SAM accounts (1: refused)",
     .recommended = "1"},
};

static const lm_setting *setting_of(const struct item *it)
{
    if (strcmp(it->service, LSA) != 0)
        return lm_setting_find(it->service, it->name);
    for (size_t i = 0; i < sizeof lsa_settings / sizeof lsa_settings[0]; i++) {
        if (strcmp(lsa_settings[i].name, it->name) == 0)
            return &lsa_settings[i];
    }
    return NULL;
}

struct key {
    const char *service;
    lm_reg_value *v;
    size_t n;
    bool present;
};

static const lm_reg_value *find_value(const struct key *k, const char *name)
{
    for (size_t i = 0; k->present && i < k->n; i++) {
        if (lm__ascii_casecmp(k->v[i].name, name) == 0)
            return &k->v[i];
    }
    return NULL;
}

/* 1 when the value (or, absent, its default) is as recommended, 0 when not, -1 when it cannot be told (no
 * single default, unreadable data). *shown gets the value as text, one line ("" for an empty list). */
static int judge(const struct item *it, const lm_setting *s, const lm_reg_value *v, char *shown, size_t size)
{
    char *text = NULL, *nl;
    int ok;

    if (v == NULL) {
        if (s->def == NULL) {
            snprintf(shown, size, "absent");
            return -1;
        }
        snprintf(shown, size, "%s by default", s->def[0] != '\0' ? s->def : "empty");
        if (it->at_least > 0)
            return strtoul(s->def, NULL, 10) >= it->at_least;
        return s->recommended != NULL && strcmp(s->def, s->recommended) == 0;
    }
    if (lm_reg_value_text(v, &text) != LM_OK) {
        snprintf(shown, size, "unreadable");
        return -1;
    }
    for (nl = text; (nl = strchr(nl, '\n')) != NULL;)
        *nl = ' ';
    snprintf(shown, size, "%s", text[0] != '\0' ? text : "empty");
    free(text);
    if (it->at_least > 0)
        return v->type == LM_REG_DWORD && v->len == 4 &&
               (uint32_t)(v->data[0] | v->data[1] << 8 | v->data[2] << 16 | (uint32_t)v->data[3] << 24) >=
                   it->at_least;
    ok = lm_setting_check(s, v);
    return ok < 0 ? -1 : ok;
}

void lm__audit_registry_on(lm_host *h, const lm_audit_check *c, lm_audit_finding *f)
{
    struct key keys[2] = {{SRV, NULL, 0, false}, {WKS, NULL, 0, false}};
    lm_reg_value *lsa[NITEMS] = {NULL}; /* by item; NULL: absent (or not an Lsa item) */
    struct lm__audit_names bad = {0};
    size_t good = 0, unsure = 0;
    const char *where = "winreg";
    lm_status st = LM_OK;

    for (int i = 0; i < 2 && st == LM_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s\\Parameters", keys[i].service);
        st = lm_reg_list(h, key, &keys[i].v, &keys[i].n);
        keys[i].present = st == LM_OK;
        if (st == LM_ENOENT)
            st = LM_OK;
    }
    /* Read even where the Services keys are absent: Samba answers these with "not found", which shows the
     * read-only path reaches winreg (interop.audit.servers). Windows always has the Lsa key, so not found is
     * an absent value there. */
    for (size_t i = 0; i < NITEMS && st == LM_OK; i++) {
        if (strcmp(items[i].service, LSA) != 0)
            continue;
        st = lm__reg_read_system(h, LSA_KEY, items[i].name, &lsa[i]);
        if (st == LM_ENOENT)
            st = LM_OK; /* absent: its default */
        else if (st != LM_OK)
            where = "winreg, Control\\Lsa";
    }
    if (st != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "%s (%s: %s)",
                      st == LM_EACCES ? "needs administrator rights" : "cannot read the registry", where,
                      lm_err_name(st));
    } else if (!keys[0].present) {
        lm__audit_set(
            f, c, LM_AUDIT_UNKNOWN,
            "no LanmanServer\\Parameters key: no Windows registry (Samba keeps its settings in smb.conf)");
    } else {
        for (size_t i = 0; i < NITEMS; i++) {
            const struct key *k = strcmp(items[i].service, SRV) == 0 ? &keys[0] : &keys[1];
            const bool in_lsa = strcmp(items[i].service, LSA) == 0;
            const lm_setting *s = setting_of(&items[i]);
            const char *prefix = in_lsa ? "Lsa " : k == &keys[1] ? "Wks " : "";
            char shown[48], entry[96];
            int ok;

            if (s == NULL)
                continue; /* the catalogue and this table are checked together by unit_audit */
            ok = judge(&items[i], s, in_lsa ? lsa[i] : find_value(k, items[i].name), shown, sizeof shown);
            if (ok > 0) {
                good++;
                continue;
            }
            if (ok < 0) {
                unsure++;
                continue;
            }
            if (items[i].at_least > 0)
                snprintf(entry, sizeof entry, "%s%s=%s (want >= %u)", prefix, items[i].name, shown,
                         items[i].at_least);
            else
                snprintf(entry, sizeof entry, "%s%s=%s (want %s)", prefix, items[i].name, shown,
                         s->recommended[0] != '\0' ? s->recommended : "empty");
            lm__audit_names_add(&bad, entry);
        }
        if (bad.shown + bad.more > 0)
            lm__audit_set(f, c, LM_AUDIT_FAIL, "%zu of %zu values not as recommended: %s",
                          bad.shown + bad.more, NITEMS, lm__audit_names_text(&bad));
        else
            lm__audit_set(f, c, LM_AUDIT_PASS, "%zu of %zu values as recommended%s", good, NITEMS,
                          unsure > 0 ? "; the others absent, with no single default" : "");
    }
    for (int i = 0; i < 2; i++)
        lm_reg_list_free(keys[i].v, keys[i].n);
    for (size_t i = 0; i < NITEMS; i++)
        lm_reg_list_free(lsa[i], lsa[i] != NULL ? 1 : 0);
}

void lm__audit_spooler_on(lm_host *h, const lm_audit_check *c, lm_audit_finding *f)
{
    static const char *const spooler[] = {"Spooler"};
    lm_service *svc;
    size_t n;
    lm_status st = lm_service_list(h, spooler, 1, false, &svc, &n);

    if (st == LM_ENOENT) {
        lm__audit_set(f, c, LM_AUDIT_PASS, "no Spooler service (svcctl)");
        return;
    }
    if (st != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "%s (svcctl: %s)",
                      st == LM_EACCES ? "the service manager refused the query" : "cannot query the services",
                      lm_err_name(st));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (lm__ascii_casecmp(svc[i].name, "Spooler") != 0)
            continue;
        lm__audit_set(f, c, svc[i].status == LM_SERVICE_STOPPED ? LM_AUDIT_PASS : LM_AUDIT_FAIL,
                      "Spooler is %s (svcctl)", lm_service_state_name(svc[i].status));
        lm_service_list_free(svc, n);
        return;
    }
    lm_service_list_free(svc, n);
    lm__audit_set(f, c, LM_AUDIT_PASS, "no Spooler service (svcctl)");
}

void lm__audit_registry(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f)
{
    lm_host *h;
    lm_status st;

    if (t->creds == NULL) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "needs credentials (-U) with administrator rights: skipped");
        return;
    }
    if ((st = lm__audit_cred_host(t, &h)) != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "cannot log on with the credentials: %s", lm_strerror(st));
        return;
    }
    lm__audit_registry_on(h, c, f);
}

/* With the credentials, else over a null session (Samba answers svcctl there; Windows does not). */
void lm__audit_spooler(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f)
{
    lm_host *h;
    lm_status st;

    if (t->creds == NULL) {
        /* the null session null-enum and share-write used, if they ran */
        if ((st = lm__audit_anon_host(t, &h)) != LM_OK)
            lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "needs credentials (-U): the null session was refused: %s",
                          lm_strerror(st));
        else
            lm__audit_spooler_on(h, c, f);
        return;
    }
    if ((st = lm__audit_cred_host(t, &h)) != LM_OK) {
        lm__audit_set(f, c, LM_AUDIT_UNKNOWN, "cannot log on with the credentials: %s", lm_strerror(st));
        return;
    }
    lm__audit_spooler_on(h, c, f);
}
