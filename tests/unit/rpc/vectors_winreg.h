/* winreg response stubs captured from Samba 4.17 (Debian 12) answering lanman over the interop fixture
 * (tests/fixtures/smbd.sh; a share added with `net conf addshare lmregshare`; values set by lanman under
 * HKLM\SOFTWARE\Samba\lanmantest), one hex string each, exactly as they arrived (the stub after the 24-byte
 * response header). Handles are whatever Samba chose. */
#ifndef LANMAN_TEST_RPC_VECTORS_WINREG_H
#define LANMAN_TEST_RPC_VECTORS_WINREG_H

/* OpenLocalMachine */
static const char SAMBA_REG_HKLM[] = "01 00 00 00 4e 25 c4 5d fa e1 49 43 bc 7e 29 2a "
                                     "df e8 a0 cc 00 00 00 00";

/* BaseRegOpenKey SOFTWARE\NoSuchKey: ERROR_FILE_NOT_FOUND */
static const char SAMBA_REG_OPEN_MISSING[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                             "00 00 00 00 02 00 00 00";

/* BaseRegQueryInfoKey LanmanServer\Shares */
static const char SAMBA_REG_INFO[] = "00 00 00 00 00 00 00 00 01 00 00 00 10 00 00 00 "
                                     "00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 "
                                     "78 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

/* BaseRegEnumValue 0 on LanmanServer\Shares: ERROR_NO_MORE_ITEMS */
static const char SAMBA_REG_ENUMVAL_END[] = "02 00 00 80 14 00 02 00 00 40 00 00 00 00 00 00 "
                                            "01 00 00 00 00 00 00 00 18 00 02 00 00 00 00 00 "
                                            "1c 00 02 00 04 00 00 00 00 00 00 00 00 00 00 00 "
                                            "20 00 02 00 04 00 00 00 24 00 02 00 00 00 00 00 "
                                            "03 01 00 00";

/* BaseRegEnumKey 0 on LanmanServer\Shares: "Security" */
static const char SAMBA_REG_ENUMKEY[] = "12 00 00 80 08 00 02 00 00 40 00 00 00 00 00 00 "
                                        "09 00 00 00 53 00 65 00 63 00 75 00 72 00 69 00 "
                                        "74 00 79 00 00 00 00 00 0c 00 02 00 00 00 00 00 "
                                        "10 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                        "00 00 00 00 00 00 00 00";

/* BaseRegQueryValue nosuchvalue: ERROR_FILE_NOT_FOUND */
static const char SAMBA_REG_QUERY_MISSING[] = "14 00 02 00 00 00 00 00 18 00 02 00 00 00 00 00 "
                                              "00 00 00 00 00 00 00 00 1c 00 02 00 00 00 00 00 "
                                              "20 00 02 00 00 00 00 00 02 00 00 00";

/* BaseRegCreateKey SOFTWARE\Samba\lanmantest, which an earlier run created: REG_OPENED_EXISTING_KEY */
static const char SAMBA_REG_CREATE[] = "01 00 00 00 74 2b c5 37 a5 9e f0 4d b6 38 c3 d1 "
                                       "bc f6 de be 08 00 02 00 02 00 00 00 00 00 00 00";

/* BaseRegQueryValue v: REG_SZ "a" */
static const char SAMBA_REG_QUERY_SZ[] = "14 00 02 00 01 00 00 00 18 00 02 00 04 00 00 00 "
                                         "00 00 00 00 04 00 00 00 61 00 00 00 1c 00 02 00 "
                                         "04 00 00 00 20 00 02 00 04 00 00 00 00 00 00 00";

/* BaseRegQueryValue d: REG_DWORD 0x04030201 */
static const char SAMBA_REG_QUERY_DWORD[] = "14 00 02 00 04 00 00 00 18 00 02 00 04 00 00 00 "
                                            "00 00 00 00 04 00 00 00 01 02 03 04 1c 00 02 00 "
                                            "04 00 00 00 20 00 02 00 04 00 00 00 00 00 00 00";

/* BaseRegQueryValue m: REG_MULTI_SZ "a", "b" */
static const char SAMBA_REG_QUERY_MULTI[] = "14 00 02 00 07 00 00 00 18 00 02 00 06 00 00 00 "
                                            "00 00 00 00 06 00 00 00 61 00 62 00 00 00 00 00 "
                                            "1c 00 02 00 06 00 00 00 20 00 02 00 06 00 00 00 "
                                            "00 00 00 00";

/* BaseRegQueryValue bin, 4-byte buffer: ERROR_MORE_DATA, 10 needed */
static const char SAMBA_REG_QUERY_SMALL[] = "14 00 02 00 03 00 00 00 18 00 02 00 0a 00 00 00 "
                                            "00 00 00 00 00 00 00 00 1c 00 02 00 0a 00 00 00 "
                                            "20 00 02 00 00 00 00 00 ea 00 00 00";

/* BaseRegQueryValue bin: REG_BINARY, 10 bytes */
static const char SAMBA_REG_QUERY_BINARY[] = "14 00 02 00 03 00 00 00 18 00 02 00 0a 00 00 00 "
                                             "00 00 00 00 0a 00 00 00 00 ff 10 20 30 40 50 60 "
                                             "70 80 00 00 1c 00 02 00 0a 00 00 00 20 00 02 00 "
                                             "0a 00 00 00 00 00 00 00";

/* BaseRegEnumValue 0, 2-byte buffer: ERROR_MORE_DATA (Samba gives back the size offered) */
static const char SAMBA_REG_ENUMVAL_SMALL[] = "04 00 00 80 14 00 02 00 00 40 00 00 00 00 00 00 "
                                              "02 00 00 00 64 00 00 00 18 00 02 00 04 00 00 00 "
                                              "1c 00 02 00 02 00 00 00 00 00 00 00 00 00 00 00 "
                                              "20 00 02 00 02 00 00 00 24 00 02 00 00 00 00 00 "
                                              "ea 00 00 00";

/* BaseRegEnumValue 1: the default value, REG_SZ "b" */
static const char SAMBA_REG_ENUMVAL_DEFAULT[] = "02 00 00 80 14 00 02 00 00 40 00 00 00 00 00 00 "
                                                "01 00 00 00 00 00 00 00 18 00 02 00 01 00 00 00 "
                                                "1c 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 "
                                                "62 00 00 00 20 00 02 00 04 00 00 00 24 00 02 00 "
                                                "04 00 00 00 00 00 00 00";

/* BaseRegEnumValue 3: "bin", REG_BINARY */
static const char SAMBA_REG_ENUMVAL_BINARY[] = "08 00 00 80 14 00 02 00 00 40 00 00 00 00 00 00 "
                                               "04 00 00 00 62 00 69 00 6e 00 00 00 18 00 02 00 "
                                               "03 00 00 00 1c 00 02 00 0a 00 00 00 00 00 00 00 "
                                               "0a 00 00 00 00 ff 10 20 30 40 50 60 70 80 00 00 "
                                               "20 00 02 00 0a 00 00 00 24 00 02 00 0a 00 00 00 "
                                               "00 00 00 00";

/* BaseRegEnumValue 0 on SOFTWARE\Samba\smbconf\lmregshare: path */
static const char SAMBA_REG_ENUMVAL_SMBCONF[] = "0a 00 00 80 14 00 02 00 00 40 00 00 00 00 00 00 "
                                                "05 00 00 00 70 00 61 00 74 00 68 00 00 00 00 00 "
                                                "18 00 02 00 01 00 00 00 1c 00 02 00 24 00 00 00 "
                                                "00 00 00 00 24 00 00 00 2f 00 74 00 6d 00 70 00 "
                                                "2f 00 72 00 70 00 63 00 32 00 66 00 78 00 2f 00 "
                                                "73 00 68 00 61 00 72 00 65 00 00 00 20 00 02 00 "
                                                "24 00 00 00 24 00 02 00 24 00 00 00 00 00 00 00";

/* BaseRegSetValue, BaseRegDeleteValue: WERR_OK */
static const char SAMBA_REG_OK[] = "00 00 00 00";

/* BaseRegDeleteValue of a deleted value: ERROR_FILE_NOT_FOUND */
static const char SAMBA_REG_DELETE_MISSING[] = "02 00 00 00";

/* BaseRegCloseKey */
static const char SAMBA_REG_CLOSE[] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                      "00 00 00 00 00 00 00 00";

#endif
