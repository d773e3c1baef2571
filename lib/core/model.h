/* Freeing the public model types (lm_service, lm_reg_value) and name lists: one definition for the host
 * layer, the backends and the RPC clients. The public list frees (lm_service_list_free, lm_reg_list_free,
 * lm_reg_subkeys_free) are defined with them, in model.c. */
#ifndef LM_CORE_MODEL_H
#define LM_CORE_MODEL_H

#include <stddef.h>

#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/workstation.h"

/* Frees n strings and the array (NULL is fine). */
void lm__names_free(char **names, size_t n);

/* Frees what one element owns and zeroes it (not the element itself). */
void lm__service_clear(lm_service *s);
void lm__reg_value_clear(lm_reg_value *v);
/* The workstation types (lm_workstation_free and lm_workstation_user_list_free are in model.c too). */
void lm__wksta_clear(lm_workstation *w);
void lm__wksta_user_clear(lm_workstation_user *u);

#endif
