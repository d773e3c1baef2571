/* Checked writes of Lanman settings (include/lanman/config.h): the catalogue decides, the registry ops
 * write. Nothing is written when the check fails. */
#include <stdio.h>
#include <stdlib.h>

#include "core/catalog.h"
#include "host/host.h"
#include "lanman/config.h"
#include "lanman/registry.h"

/* The refusal where the host has no SERVICE\Parameters key at all: Samba, which keeps its settings in
 * smb.conf; a key lanman created there would change nothing the server does. */
static lm_status no_key(lm_host *h, const char *service, const char *name)
{
    lm_error was = *lm_host_error(h);

    return lm_error_set(&h->err, LM_ENOENT, was.raw_kind, was.raw,
                        "cannot set %s\\Parameters\\%s: the server has no %s\\Parameters key (Samba keeps "
                        "its settings in smb.conf, not in the registry; see 'lanman probe')",
                        service, name, service);
}

/* The checks of lm_config_set, and the value they give in *v (the caller frees v->data); name becomes the
 * value name Windows keeps. */
static lm_status prepare(lm_host *h, const char *service, const char **name, const char *type_name,
                         const char *text, struct lm__regval *v)
{
    const lm_setting *known = lm_setting_find(service, *name);

    /* A PowerShell name (EnableSMB1Protocol) writes the value Windows keeps (SMB1). */
    if (known != NULL)
        *name = known->name;
    if (lm__catalog_loads_code(*name))
        return lm__catalog_refuse_code(service, *name, &h->err);
    return lm__catalog_prepare(service, *name, type_name, text, v, &h->err);
}

lm_status lm_config_check(lm_host *h, const char *service, const char *name, const char *type_name,
                          const char *text)
{
    struct lm__regval v = {0, NULL, 0};
    lm_status st = prepare(h, service, &name, type_name, text, &v);

    if (st == LM_OK)
        free(v.data);
    return st;
}

lm_status lm_config_set(lm_host *h, const char *service, const char *name, const char *type_name,
                        const char *text)
{
    struct lm__regval v = {0, NULL, 0};
    char key[256];
    lm_status st;

    st = prepare(h, service, &name, type_name, text, &v);
    if (st != LM_OK)
        return st;
    snprintf(key, sizeof key, "%s\\Parameters", service);
    st = lm_reg_set(h, key, name, (lm_reg_type)v.type, v.data, v.len);
    free(v.data);
    if (st == LM_ENOENT)
        return no_key(h, service, name);
    return st;
}

lm_status lm_config_unset(lm_host *h, const char *service, const char *name)
{
    const lm_setting *known = lm_setting_find(service, name);
    char key[256];

    if (known != NULL)
        name = known->name;
    if (lm__catalog_loads_code(name))
        return lm__catalog_refuse_code(service, name, &h->err);
    snprintf(key, sizeof key, "%s\\Parameters", service);
    return lm_reg_delete(h, key, name);
}
