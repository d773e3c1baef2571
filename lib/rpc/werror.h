/* The WERROR values (MS-ERREF 2.2) that the interface files test by name, each defined once here. The table
 * in dcerpc.c maps these and every other known WERROR to an LM_E* code and a name for messages. */
#ifndef LM_RPC_WERROR_H
#define LM_RPC_WERROR_H

#define LM__WERR_INSUFFICIENT_BUFFER 0x0000007Au
#define LM__WERR_INVALID_NAME        0x0000007Bu
#define LM__WERR_INVALID_LEVEL       0x0000007Cu
#define LM__WERR_MORE_DATA           0x000000EAu
#define LM__WERR_NO_MORE_ITEMS       0x00000103u

#endif
