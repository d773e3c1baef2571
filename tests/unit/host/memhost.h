/* memhost: an in-memory backend for the portable host layer: services with scripted state changes, a
 * registry of values in memory and a share server whose info levels can be refused, with a clock that only
 * moves when the code under test sleeps. A test double of our own interface (lib/host/host.h), for logic
 * tests only; the real backend is proven under Wine (tests/win32). */
#ifndef LANMAN_TEST_MEMHOST_H
#define LANMAN_TEST_MEMHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/host.h"

#define MEMHOST_MAX 24

struct memhost_svc {
    const char *name, *display;
    lm_service_state state;
    lm_start_type start;
    uint32_t accepted;
    /* While pending: polls before the target state is reached, and whether each poll advances the
     * checkpoint. polls = -1: never reached. */
    int polls;
    bool advance;
    uint32_t hint;
    lm_service_state target;
    bool dies;                      /* a start ends in Stopped with exit code 1067 */
    const char *deps[MEMHOST_MAX];  /* dependents, in stop order */
    const char *needs[MEMHOST_MAX]; /* services it depends on (ServicesDependedOn) */
};

/* A live share of the in-memory server. At level 502 its security is sd (a test's self-relative descriptor)
 * when set, else sddl (what share_add was given, as SDDL), else none. */
struct memhost_share {
    char name[32], path[64], remark[64];
    uint32_t type, max_uses, current_uses;
    const uint8_t *sd;
    size_t sd_len;
    char sddl[128];
    uint8_t sdbuf[256]; /* the descriptor bytes an add or a permissions change gave (sd: none) */
    size_t sdbuf_len;
    uint32_t flags; /* level 1005's shi1005_flags, with FX.share_flags */
};

struct memhost_reg {
    const char *key, *name;
    lm_reg_type type;
    const uint8_t *data;
    size_t len;
};

struct memhost {
    struct memhost_svc svc[MEMHOST_MAX];
    size_t nsvc;
    int delay_polls; /* polls a started or controlled service spends pending */
    bool delay_advance;
    uint32_t delay_hint;
    uint64_t clock;
    unsigned sleeps, last_sleep;
    char log[512];  /* "start:A;stop:B;" */
    unsigned calls; /* every primitive call except time */
    struct memhost_reg reg[MEMHOST_MAX];
    size_t nreg;
    lm_status share_status[3]; /* share_enum/get result at 502, 2, 1 */
    unsigned share_calls, add_calls, set_sd_calls;
    unsigned lookups; /* lookup_sid and lookup_names calls */
    bool share_exists;
    uint8_t added_sd[256];
    size_t added_sdlen;
    /* Live shares; none (and not FX.share_table): the two default ones (Data, IPC$). Enumerated share_page
     * at a time (0: all). */
    struct memhost_share shares[MEMHOST_MAX];
    size_t nshares, share_page;
    unsigned share_pages;      /* pages share_enum delivered */
    struct lm__host_info info; /* server_info; info.name "" : not available */
    /* -- sessions and open files (lib/host/session.c) -- */
    struct memhost_session {
        const char *client, *user;
    } sessions[MEMHOST_MAX];
    size_t nsessions;
    lm_status session_status[3]; /* session_enum's result at 502, 1, 10 */
    struct memhost_file {
        uint32_t id;
        const char *path, *user;
    } files[MEMHOST_MAX];
    size_t nfiles;
    lm_status file_status; /* file_enum's result */
    char session_log[256]; /* "enum:502;enum:1;del:\\pc1|-;close:7;" */
};

/* The writable share table and registry of the plan/apply tests (tests/unit/xml), used when the flags in
 * struct memhost_ext are set; other tests keep read-only shares and registry. */
struct memhost_ext {
    bool share_table;  /* F.shares (even when empty) are the server's, and add/set/del change them */
    int share_level;   /* the level share_enum answers at (0: 502) */
    bool reg_writable; /* reg_set writes into F.reg (bytes kept in regdata) */
    uint8_t regdata[MEMHOST_MAX][64];
    char regkey[MEMHOST_MAX][48], regname[MEMHOST_MAX][32];
    bool share_flags;    /* the table's shares answer level 1005 (their flags); off: not supported */
    bool flags_kept;     /* a level 1005 set is accepted and nothing changes, as Samba does */
    const char *fail_op; /* "share_add", "share_set_flags", "share_set", "share_set_sd", "share_del",
                            "reg_set", ... */
    lm_status fail_status;
    unsigned fail_times; /* 0: fail_op fails every time; n: only the next n times */
    unsigned writes;     /* successful changes through any of those */
};

extern struct memhost F;
extern struct memhost_ext FX;
extern struct lm_host memhost;

/* Resets F and memhost to nothing. */
void memhost_reset(void);
struct memhost_svc *memhost_add(const char *name, const char *display, lm_service_state state);

#endif
