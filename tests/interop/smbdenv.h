/* The smbd fixture (tests/fixtures/smbd.sh) as C tests see it: the values of its env file, whose path ctest
 * passes in LANMAN_SMBD_ENV_FILE (see lanman_smbd_unit_tests() in tests/interop/CMakeLists.txt). Standard C
 * only, so the same code runs natively and under Wine (which opens the Unix path through its Z: drive). */
#ifndef LANMAN_TEST_SMBDENV_H
#define LANMAN_TEST_SMBDENV_H

/* A suite's skip hook: NULL when the fixture should be up, or the reason to skip (smbd is not installed, so
 * the fixture skipped too). A fixture that should be up but is not is a failure, left to lmt_smbd_init. */
const char *lmt_smbd_skip(void);

/* A suite's init hook: loads the env file; 0, or -1 (printed) when it is missing or unreadable. */
int lmt_smbd_init(void);

/* A value from the env file ("LANMAN_TEST_PORT"), or NULL when it has none. Valid after lmt_smbd_init. */
const char *lmt_smbd_get(const char *key);

#endif
