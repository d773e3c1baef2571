/* svcctl response stubs captured from Samba 4.17 (Debian 12) answering lanman over the interop fixture
 * (tests/fixtures/smbd.sh --svcctl lmrpc2svc), one hex string each, exactly as they arrived (the stub after
 * the 24-byte response header). Handles are whatever Samba chose. In SAMBA_SCM_ENUM the SERVICE_STATUS of
 * lmrpc2svc (the first entry) is uninitialised memory from Samba (its rc.init status is compiled out), kept
 * as it came. */
#ifndef LANMAN_TEST_RPC_VECTORS_SVCCTL_H
#define LANMAN_TEST_RPC_VECTORS_SVCCTL_H

/* ROpenSCManagerW */
static const char SAMBA_SCM_OPEN[] = "00 00 00 00 3e 89 ce 19 44 f7 90 4f af 6a 9c 4b "
                                     "47 bc c9 4c 00 00 00 00";

/* REnumServicesStatusW, cbBufSize 0: ERROR_MORE_DATA, 464 bytes needed */
static const char SAMBA_SCM_ENUM_SMALL[] = "00 00 00 00 d0 01 00 00 00 00 00 00 04 00 02 00 "
                                           "00 00 00 00 ea 00 00 00";

/* REnumServicesStatusW, cbBufSize 464 */
static const char SAMBA_SCM_ENUM[] = "d0 01 00 00 b4 00 00 00 c8 00 00 00 a0 6e 4c f8 "
                                     "2c 56 00 00 05 00 00 00 00 00 00 00 00 00 00 00 "
                                     "00 00 00 00 5e fd cc fb dc 00 00 00 ec 00 00 00 "
                                     "10 01 00 00 01 00 00 00 01 00 00 00 00 00 00 00 "
                                     "00 00 00 00 00 00 00 00 00 00 00 00 08 01 00 00 "
                                     "1a 01 00 00 20 00 00 00 01 00 00 00 00 00 00 00 "
                                     "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                     "2e 01 00 00 4c 01 00 00 20 00 00 00 04 00 00 00 "
                                     "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                     "00 00 00 00 7c 01 00 00 86 01 00 00 10 00 00 00 "
                                     "01 00 00 00 00 00 00 00 35 04 00 00 00 00 00 00 "
                                     "00 00 00 00 00 00 00 00 6c 00 6d 00 72 00 70 00 "
                                     "63 00 32 00 73 00 76 00 63 00 00 00 6c 00 6d 00 "
                                     "72 00 70 00 63 00 32 00 73 00 76 00 63 00 00 00 "
                                     "53 00 70 00 6f 00 6f 00 6c 00 65 00 72 00 00 00 "
                                     "50 00 72 00 69 00 6e 00 74 00 20 00 53 00 70 00 "
                                     "6f 00 6f 00 6c 00 65 00 72 00 00 00 4e 00 45 00 "
                                     "54 00 4c 00 4f 00 47 00 4f 00 4e 00 00 00 4e 00 "
                                     "65 00 74 00 20 00 4c 00 6f 00 67 00 6f 00 6e 00 "
                                     "00 00 52 00 65 00 6d 00 6f 00 74 00 65 00 52 00 "
                                     "65 00 67 00 69 00 73 00 74 00 72 00 79 00 00 00 "
                                     "52 00 65 00 6d 00 6f 00 74 00 65 00 20 00 52 00 "
                                     "65 00 67 00 69 00 73 00 74 00 72 00 79 00 20 00 "
                                     "53 00 65 00 72 00 76 00 69 00 63 00 65 00 00 00 "
                                     "57 00 49 00 4e 00 53 00 00 00 57 00 69 00 6e 00 "
                                     "64 00 6f 00 77 00 73 00 20 00 49 00 6e 00 74 00 "
                                     "65 00 72 00 6e 00 65 00 74 00 20 00 4e 00 61 00 "
                                     "6d 00 65 00 20 00 53 00 65 00 72 00 76 00 69 00 "
                                     "63 00 65 00 20 00 28 00 57 00 49 00 4e 00 53 00 "
                                     "29 00 00 00 d0 01 00 00 05 00 00 00 04 00 02 00 "
                                     "00 00 00 00 00 00 00 00";

/* ROpenServiceW NoSuchService: ERROR_SERVICE_DOES_NOT_EXIST */
static const char SAMBA_SCM_OPEN_MISSING[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                             "00 00 00 00 24 04 00 00";

/* RQueryServiceStatus Spooler */
static const char SAMBA_SCM_STATUS[] = "10 01 00 00 01 00 00 00 01 00 00 00 00 00 00 00 "
                                       "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

/* RQueryServiceStatus lmrpc2svc: ERROR_ACCESS_DENIED */
static const char SAMBA_SCM_STATUS_DENIED[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                              "00 00 00 00 00 00 00 00 00 00 00 00 05 00 00 00";

/* RQueryServiceConfigW Spooler, cbBufSize 0: ERROR_INSUFFICIENT_BUFFER, 212 needed */
static const char SAMBA_SCM_CONFIG_SMALL[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                             "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                             "00 00 00 00 d4 00 00 00 7a 00 00 00";

/* RQueryServiceConfigW Spooler, cbBufSize 8192 */
static const char SAMBA_SCM_CONFIG[] = "10 00 00 00 03 00 00 00 01 00 00 00 00 00 02 00 "
                                       "00 00 00 00 00 00 00 00 00 00 00 00 04 00 02 00 "
                                       "08 00 02 00 2c 00 00 00 00 00 00 00 2c 00 00 00 "
                                       "2f 00 75 00 73 00 72 00 2f 00 6c 00 69 00 62 00 "
                                       "2f 00 78 00 38 00 36 00 5f 00 36 00 34 00 2d 00 "
                                       "6c 00 69 00 6e 00 75 00 78 00 2d 00 67 00 6e 00 "
                                       "75 00 2f 00 73 00 61 00 6d 00 62 00 61 00 2f 00 "
                                       "73 00 76 00 63 00 63 00 74 00 6c 00 2f 00 73 00 "
                                       "6d 00 62 00 64 00 00 00 0c 00 00 00 00 00 00 00 "
                                       "0c 00 00 00 4c 00 6f 00 63 00 61 00 6c 00 53 00 "
                                       "79 00 73 00 74 00 65 00 6d 00 00 00 0e 00 00 00 "
                                       "00 00 00 00 0e 00 00 00 50 00 72 00 69 00 6e 00 "
                                       "74 00 20 00 53 00 70 00 6f 00 6f 00 6c 00 65 00 "
                                       "72 00 00 00 00 20 00 00 00 00 00 00";

/* RQueryServiceConfig2W SERVICE_CONFIG_DESCRIPTION, cbBufSize 0 */
static const char SAMBA_SCM_DESC_SMALL[] = "00 00 00 00 70 00 00 00 7a 00 00 00";

/* RQueryServiceConfig2W SERVICE_CONFIG_DESCRIPTION, cbBufSize 112 */
static const char SAMBA_SCM_DESC[] = "70 00 00 00 04 00 00 00 49 00 6e 00 74 00 65 00 "
                                     "72 00 6e 00 61 00 6c 00 20 00 73 00 65 00 72 00 "
                                     "76 00 69 00 63 00 65 00 20 00 66 00 6f 00 72 00 "
                                     "20 00 73 00 70 00 6f 00 6f 00 6c 00 69 00 6e 00 "
                                     "67 00 20 00 66 00 69 00 6c 00 65 00 73 00 20 00 "
                                     "74 00 6f 00 20 00 70 00 72 00 69 00 6e 00 74 00 "
                                     "20 00 64 00 65 00 76 00 69 00 63 00 65 00 73 00 "
                                     "00 00 00 00 70 00 00 00 00 00 00 00";

/* RQueryServiceConfig2W SERVICE_CONFIG_DELAYED_AUTO_START_INFO: ERROR_INVALID_LEVEL */
static const char SAMBA_SCM_DELAYED[] = "04 00 00 00 00 00 00 00 04 00 00 00 7c 00 00 00";

/* REnumDependentServicesW Spooler, cbBufSize 0 */
static const char SAMBA_SCM_DEPS[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

/* RStartServiceW lmrpc2svc: ERROR_ACCESS_DENIED */
static const char SAMBA_SCM_START_DENIED[] = "05 00 00 00";

/* RControlService Spooler SERVICE_CONTROL_STOP */
static const char SAMBA_SCM_CONTROL[] = "10 01 00 00 01 00 00 00 01 00 00 00 00 00 00 00 "
                                        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

/* RCloseServiceHandle */
static const char SAMBA_SCM_CLOSE[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                      "00 00 00 00 00 00 00 00";

#endif
