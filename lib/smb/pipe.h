/* Named pipes on IPC$ (MS-SMB2 3.2.4.20.2 FSCTL_PIPE_TRANSCEIVE), the transport under DCE/RPC (lib/rpc). */
#ifndef LM_SMB_PIPE_H
#define LM_SMB_PIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "lanman/smb.h"

struct lm__smb_pipe;

/* Opens \PIPE\name on tree (which must be IPC$). When in is not NULL, the first transceive rides in the same
 * compound as the CREATE (one round trip), and its reply is appended to out; *more is set when the reply did
 * not fit (STATUS_BUFFER_OVERFLOW): the rest comes from lm__smb_pipe_read(). */
lm_status lm__smb_pipe_open(lm_smb_tree *t, const char *name, const void *in, size_t inlen,
                            struct lm__buf *out, bool *more, struct lm__smb_pipe **pipe);

/* The same, with the TREE_CONNECT to IPC$ in front, in one compound (the CREATE and the IOCTL are related to
 * it, MS-SMB2 3.2.4.1.4): one round trip where lm_smb_tree_connect() and lm__smb_pipe_open() take two. When
 * the tree connects but the server does not take the CREATE in that compound (e.g. IPC$ requires encryption
 * the session has only just turned on), it opens the pipe again on the new tree. On success *tree is set too;
 * disconnect it after closing the pipe. */
lm_status lm__smb_pipe_open_ipc(lm_smb *s, const char *name, const void *in, size_t inlen,
                                struct lm__buf *out, bool *more, lm_smb_tree **tree,
                                struct lm__smb_pipe **pipe);

/* Writes in and reads the reply (up to max_out bytes) in one IOCTL; appends the reply to out. */
lm_status lm__smb_pipe_transceive(struct lm__smb_pipe *p, const void *in, size_t inlen, size_t max_out,
                                  struct lm__buf *out, bool *more);

/* Reads the next piece of a reply (up to max bytes), appending to out. */
lm_status lm__smb_pipe_read(struct lm__smb_pipe *p, size_t max, struct lm__buf *out, bool *more);

/* n READs of up to max bytes each, sent one after the other before any reply is read, their data appended in
 * order: one round trip for n messages of a message-mode pipe. n is capped by SMB_MAX_CHAIN and the credits.
 * Each READ waits for a message, so the caller must know that at least n more are coming. */
lm_status lm__smb_pipe_read_n(struct lm__smb_pipe *p, unsigned n, size_t max, struct lm__buf *out);

/* Writes without reading. */
lm_status lm__smb_pipe_write(struct lm__smb_pipe *p, const void *in, size_t inlen);

/* Closes (not waiting for the reply) and frees; NULL is fine. */
void lm__smb_pipe_close(struct lm__smb_pipe *p);

#endif
