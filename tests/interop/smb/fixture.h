/* Reading the Samba fixture's env file (tests/fixtures/smbd.sh writes it) from C tests, natively and under
 * Wine (which maps the Unix path through drive Z:). */
#ifndef LANMAN_TEST_FIXTURE_H
#define LANMAN_TEST_FIXTURE_H

#include <stdbool.h>

/* Loads the file named by LANMAN_SMBD_ENV_FILE; returns NULL, or the reason it cannot (for a skip). */
const char *fx_load(void);

/* A value of the env file ("LANMAN_TEST_PORT"), or "" when absent. */
const char *fx(const char *key);

unsigned short fx_port(void);

#endif
