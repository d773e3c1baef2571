/* Response stubs of NetrSessionEnum, NetrFileEnum, NetrFileClose, NetrSessionDel, NetrConnectionEnum and
 * NetrServerDiskEnum captured from Samba 4.17 (Debian 12) answering lanman's requests over the interop
 * fixture (smbd.sh --admins, share "share" at /tmp/sx17/share), with an smbclient over ::1 holding hello.txt
 * open; exactly as they arrived. */
#ifndef LANMAN_TEST_RPC_VECTORS_SESSIONS_H
#define LANMAN_TEST_RPC_VECTORS_SESSIONS_H

/* NetrSessionEnum level 1: two sessions, "::1" and "127.0.0.1", both lmtest. */
static const char SAMBA_SESS1[] = "01 00 00 00 01 00 00 00 08 00 02 00 02 00 00 00 "
                                  "0c 00 02 00 02 00 00 00 10 00 02 00 14 00 02 00 "
                                  "00 00 00 00 07 00 00 00 00 00 00 00 00 00 00 00 "
                                  "18 00 02 00 1c 00 02 00 00 00 00 00 00 00 00 00 "
                                  "00 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00 "
                                  "04 00 00 00 3a 00 3a 00 31 00 00 00 07 00 00 00 "
                                  "00 00 00 00 07 00 00 00 6c 00 6d 00 74 00 65 00 "
                                  "73 00 74 00 00 00 00 00 0a 00 00 00 00 00 00 00 "
                                  "0a 00 00 00 31 00 32 00 37 00 2e 00 30 00 2e 00 "
                                  "30 00 2e 00 31 00 00 00 07 00 00 00 00 00 00 00 "
                                  "07 00 00 00 6c 00 6d 00 74 00 65 00 73 00 74 00 "
                                  "00 00 00 00 02 00 00 00 20 00 02 00 02 00 00 00 "
                                  "00 00 00 00";

/* NetrSessionEnum level 502: Samba has only 0 and 1 (WERR_INVALID_LEVEL, an empty container). */
static const char SAMBA_SESS502[] = "f6 01 00 00 f6 01 00 00 08 00 02 00 00 00 00 00 "
                                    "00 00 00 00 00 00 00 00 0c 00 02 00 00 00 00 00 "
                                    "7c 00 00 00";

/* NetrFileEnum level 3: hello.txt, read and write, opened by root (the admin users mapping). */
static const char SAMBA_FILE3[] = "03 00 00 00 03 00 00 00 08 00 02 00 01 00 00 00 "
                                  "0c 00 02 00 01 00 00 00 03 00 d9 23 03 00 00 00 "
                                  "00 00 00 00 10 00 02 00 14 00 02 00 1c 00 00 00 "
                                  "00 00 00 00 1c 00 00 00 43 00 3a 00 5c 00 74 00 "
                                  "6d 00 70 00 5c 00 73 00 78 00 31 00 37 00 5c 00 "
                                  "73 00 68 00 61 00 72 00 65 00 5c 00 68 00 65 00 "
                                  "6c 00 6c 00 6f 00 2e 00 74 00 78 00 74 00 00 00 "
                                  "05 00 00 00 00 00 00 00 05 00 00 00 72 00 6f 00 "
                                  "6f 00 74 00 00 00 00 00 01 00 00 00 18 00 02 00 "
                                  "00 00 00 00 00 00 00 00";

/* NetrFileClose of an id that is not open: WERR_FILE_NOT_FOUND. */
static const char SAMBA_FCLOSE_MISSING[] = "02 00 00 00";

/* NetrSessionDel of a client with no session: Samba says WERR_ACCESS_DENIED even to an administrator. */
static const char SAMBA_SDEL_NONE[] = "05 00 00 00";

/* NetrConnectionEnum level 1, qualifier "share", an smbclient connected to it: Samba's placeholder entry
 * for that connection (id 1, IPC, 0 opens, 1 user, 3 s, "dummy_user", "IPC$") */
static const char SAMBA_CONN1[] = "01 00 00 00 01 00 00 00 10 00 02 00 01 00 00 00 "
                                  "14 00 02 00 01 00 00 00 01 00 00 00 03 00 00 00 "
                                  "00 00 00 00 01 00 00 00 03 00 00 00 18 00 02 00 "
                                  "1c 00 02 00 0b 00 00 00 00 00 00 00 0b 00 00 00 "
                                  "64 00 75 00 6d 00 6d 00 79 00 5f 00 75 00 73 00 "
                                  "65 00 72 00 00 00 00 00 05 00 00 00 00 00 00 00 "
                                  "05 00 00 00 49 00 50 00 43 00 24 00 00 00 00 00 "
                                  "01 00 00 00 20 00 02 00 01 00 00 00 00 00 00 00";

/* NetrConnectionEnum level 1, qualifier "share", nobody connected: EntriesRead 0, a NULL Buffer */
static const char SAMBA_CONN0[] = "01 00 00 00 01 00 00 00 10 00 02 00 00 00 00 00 "
                                  "00 00 00 00 00 00 00 00 14 00 02 00 00 00 00 00 "
                                  "00 00 00 00";

/* NetrConnectionEnum with a share that does not exist: WERR_INVALID_NAME and an empty container */
static const char SAMBA_CONN_MISSING[] = "01 00 00 00 01 00 00 00 10 00 02 00 00 00 00 00 "
                                         "00 00 00 00 00 00 00 00 14 00 02 00 00 00 00 00 "
                                         "7b 00 00 00";

/* NetrServerDiskEnum level 0: "C:" and the empty name that ends the list; TotalEntries 1, resume 1 */
static const char SAMBA_DISK0[] = "02 00 00 00 08 00 02 00 02 00 00 00 00 00 00 00 "
                                  "02 00 00 00 00 00 00 00 03 00 00 00 43 00 3a 00 "
                                  "00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 "
                                  "01 00 00 00 0c 00 02 00 01 00 00 00 00 00 00 00";

#endif
