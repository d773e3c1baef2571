/* The catalogue of known Lanman settings (LanmanServer\Parameters, LanmanWorkstation\Parameters): type,
 * default, allowed range, meaning, the value security guidance recommends, and the PowerShell name; and
 * checked writes of settings through a host. */
#ifndef LANMAN_CONFIG_H
#define LANMAN_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"
#include "lanman/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lm_setting {
    const char *service; /* "LanmanServer" or "LanmanWorkstation" */
    const char *subkey;  /* "Parameters"; "" for the service's own key (ImagePath), or another subkey */
    const char *name;    /* the value name, as Windows spells it */
    lm_reg_type type;
    const char *def;          /* default when absent, in text form; NULL when no single default exists */
    const char *default_note; /* caveats on the default, or NULL */
    bool boolean;             /* a DWORD flag: 0 = off, 1 = on */
    uint32_t min, max;        /* allowed DWORD range */
    const char *meaning;      /* one line */
    const char *recommended;  /* the value security guidance recommends (text form), or NULL */
    const char *why;          /* the reason, or NULL */
    const char *ps_name;      /* Get-SmbServerConfiguration / Get-SmbClientConfiguration name, or NULL */
    bool loads_code;          /* names code to load or run (a DLL, a program, an entry point): lanman never
                                 writes or deletes it, and config apply skips it */
} lm_setting;

/* The settings of service (NULL: all) one after another: prev NULL gives the first; NULL at the end. The
 * values that load code are not settings: lm_setting_find finds them, this does not list them. The entries
 * are static: never freed. */
LM_API const lm_setting *lm_setting_next(const char *service, const lm_setting *prev);

/* By value name (case-insensitive), or by PowerShell name when the name is one; NULL when unknown. A
 * static entry: never freed. */
LM_API const lm_setting *lm_setting_find(const char *service, const char *name);

/* A registry value as text: numbers in decimal, REG_MULTI_SZ one string per line, REG_BINARY as hex. LM_OK
 * with *text malloc'd (the caller frees it with free()), or a status (malformed data, no memory). */
LM_API lm_status lm_reg_value_text(const lm_reg_value *v, char **text);

/* 1 when v has the recommended value, 0 when not, -1 when the setting recommends nothing. */
LM_API int lm_setting_check(const lm_setting *s, const lm_reg_value *v);

/* Sets service\Parameters\name from text, after checking a known name's type and range (SMB1=banana is
 * refused and nothing is written). type_name ("REG_DWORD", ...) is needed for names the catalogue does not
 * know, and must agree with it for names it knows. A value that loads code (ServiceDll, of any service) is
 * refused with LM_EINVAL. LM_OK, or a status with the reason on the host's error. */
LM_API lm_status lm_config_set(lm_host *h, const char *service, const char *name, const char *type_name,
                               const char *text);

/* The checks of lm_config_set alone, without contacting the host and without writing: LM_OK when
 * lm_config_set(h, service, name, type_name, text) would go on to write, else the status it would return,
 * with the reason on the host's error. */
LM_API lm_status lm_config_check(lm_host *h, const char *service, const char *name, const char *type_name,
                                 const char *text);

/* Deletes service\Parameters\name (a PowerShell name deletes the value Windows keeps), so that its default
 * applies again. A value that loads code is refused with LM_EINVAL, like lm_config_set. LM_OK; LM_ENOENT
 * when the value was not there; other failures on the host's error. */
LM_API lm_status lm_config_unset(lm_host *h, const char *service, const char *name);

#ifdef __cplusplus
}
#endif

#endif
