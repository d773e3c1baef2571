/* wkssvc response stubs captured from Samba 4.17 (Debian 12) answering rpcclient's wkssvc_wkstagetinfo and
 * wkssvc_enumerateusers over the interop fixture (tests/fixtures/smbd.sh, netbios name LANMANTEST, a user
 * that is not a member of BUILTIN\Administrators), one hex string each, exactly as they arrived (the stub
 * after the 24-byte response header). */
#ifndef LANMAN_TEST_RPC_VECTORS_WKSSVC_H
#define LANMAN_TEST_RPC_VECTORS_WKSSVC_H

/* NetrWkstaGetInfo level 100 */
static const char SAMBA_WKSTA100[] = "64 00 00 00 04 00 02 00 f4 01 00 00 08 00 02 00 "
                                     "0c 00 02 00 06 00 00 00 01 00 00 00 0b 00 00 00 "
                                     "00 00 00 00 0b 00 00 00 4c 00 41 00 4e 00 4d 00 "
                                     "41 00 4e 00 54 00 45 00 53 00 54 00 00 00 00 00 "
                                     "0a 00 00 00 00 00 00 00 0a 00 00 00 57 00 4f 00 "
                                     "52 00 4b 00 47 00 52 00 4f 00 55 00 50 00 00 00 "
                                     "00 00 00 00";

/* NetrWkstaGetInfo level 101 */
static const char SAMBA_WKSTA101[] = "65 00 00 00 04 00 02 00 f4 01 00 00 08 00 02 00 "
                                     "0c 00 02 00 06 00 00 00 01 00 00 00 10 00 02 00 "
                                     "0b 00 00 00 00 00 00 00 0b 00 00 00 4c 00 41 00 "
                                     "4e 00 4d 00 41 00 4e 00 54 00 45 00 53 00 54 00 "
                                     "00 00 00 00 0a 00 00 00 00 00 00 00 0a 00 00 00 "
                                     "57 00 4f 00 52 00 4b 00 47 00 52 00 4f 00 55 00 "
                                     "50 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 "
                                     "00 00 00 00 00 00 00 00";

/* NetrWkstaGetInfo level 102: WERR_ACCESS_DENIED, a NULL info pointer */
static const char SAMBA_WKSTA102_DENIED[] = "66 00 00 00 00 00 00 00 05 00 00 00";

/* NetrWkstaUserEnum level 1: WERR_ACCESS_DENIED (the resume handle is rpcclient's own, echoed) */
static const char SAMBA_USERS1_DENIED[] = "01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 "
                                          "08 00 02 00 f2 55 00 00 05 00 00 00";

#endif
