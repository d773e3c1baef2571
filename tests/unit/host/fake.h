/* A fake backend for the portable host layer: services with scripted state changes, a registry of values
 * in memory and a share server whose info levels can be refused, with a clock that only moves when the
 * code under test sleeps. A test double of our own interface (lib/host/host.h), for logic tests only; the
 * real backend is proven under Wine (tests/win32). */
#ifndef LANMAN_TEST_FAKE_H
#define LANMAN_TEST_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/host.h"

#define FAKE_MAX 24

struct fake_svc {
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
    bool dies;                   /* a start ends in Stopped with exit code 1067 */
    const char *deps[FAKE_MAX];  /* dependents, in stop order */
    const char *needs[FAKE_MAX]; /* services it depends on (ServicesDependedOn) */
};

/* A live share of the fake server; sd is a self-relative security descriptor or NULL. */
struct fake_share {
    const char *name, *path, *remark;
    uint32_t type, max_uses, current_uses;
    const uint8_t *sd;
    size_t sd_len;
};

struct fake_reg {
    const char *key, *name;
    lm_reg_type type;
    const uint8_t *data;
    size_t len;
};

struct fake {
    struct fake_svc svc[FAKE_MAX];
    size_t nsvc;
    int delay_polls; /* polls a started or controlled service spends pending */
    bool delay_advance;
    uint32_t delay_hint;
    uint64_t clock;
    unsigned sleeps, last_sleep;
    char log[512];  /* "start:A;stop:B;" */
    unsigned calls; /* every primitive call except time */
    struct fake_reg reg[FAKE_MAX];
    size_t nreg;
    lm_status share_status[3]; /* share_enum/get result at 502, 2, 1 */
    unsigned share_calls, add_calls;
    bool share_exists;
    uint8_t added_sd[256];
    size_t added_sdlen;
    /* Live shares; none: the two default ones (Data, IPC$). Enumerated share_page at a time (0: all). */
    struct fake_share shares[FAKE_MAX];
    size_t nshares, share_page;
    unsigned share_pages;      /* pages share_enum delivered */
    struct lm__host_info info; /* server_info; info.name "" : not available */
};

extern struct fake F;
extern struct lm_host fake_host;

/* Resets F and fake_host to nothing. */
void fake_reset(void);
struct fake_svc *fake_add(const char *name, const char *display, lm_service_state state);

#endif
