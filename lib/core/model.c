#include <stdlib.h>
#include <string.h>

#include "core/model.h"

void lm__names_free(char **names, size_t n)
{
    if (names == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void lm__service_clear(lm_service *s)
{
    free(s->name);
    free(s->display_name);
    free(s->description);
    free(s->binary_path);
    free(s->start_name);
    lm__names_free(s->depends_on, s->ndepends_on);
    lm__names_free(s->dependents, s->ndependents);
    memset(s, 0, sizeof *s);
}

void lm_service_list_free(lm_service *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        lm__service_clear(&list[i]);
    free(list);
}

void lm__reg_value_clear(lm_reg_value *v)
{
    free(v->name);
    free(v->data);
    memset(v, 0, sizeof *v);
}

void lm_reg_list_free(lm_reg_value *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        lm__reg_value_clear(&list[i]);
    free(list);
}

void lm_reg_subkeys_free(char **names, size_t n)
{
    lm__names_free(names, n);
}

void lm__wksta_clear(lm_workstation *w)
{
    free(w->computer_name);
    free(w->lan_group);
    free(w->lan_root);
    memset(w, 0, sizeof *w);
}

void lm_workstation_free(lm_workstation *w)
{
    if (w == NULL)
        return;
    lm__wksta_clear(w);
    free(w);
}

void lm__wksta_user_clear(lm_workstation_user *u)
{
    free(u->user_name);
    free(u->logon_domain);
    free(u->other_domains);
    free(u->logon_server);
    memset(u, 0, sizeof *u);
}

void lm_workstation_user_list_free(lm_workstation_user *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        lm__wksta_user_clear(&list[i]);
    free(list);
}
