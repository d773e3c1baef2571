/* Test-only Windows code: throwaway services made from lanman_testsvc.exe, and raw registry helpers for
 * setting up keys the library itself never creates. */
#ifndef LANMAN_TEST_WIN32_SVC_H
#define LANMAN_TEST_WIN32_SVC_H

#include <windows.h>

#include "lanman/lanman.h"

/* Creates (replacing any old one) a service running lanman_testsvc.exe with args; deps is a
 * double-NUL-terminated list or NULL. 0 on success. */
int tsvc_create(const wchar_t *name, const wchar_t *display, const wchar_t *args, DWORD start,
                const wchar_t *deps);
/* Stops (if running) and deletes it; quiet when it does not exist. */
void tsvc_delete(const wchar_t *name);

/* HKLM\SYSTEM\CurrentControlSet\Services\<key>: create, delete with everything below. 0 on success. */
int treg_create(const wchar_t *key);
void treg_delete(const wchar_t *key);

/* The local target, opened once per suite. */
lm_host *thost(void);
void thost_close(void);

/* The detailed entry of one service (asserts that it exists), freed by the caller with
 * lm_service_list_free(p, 1). */
lm_service *tsvc_get(const char *name);

#endif
