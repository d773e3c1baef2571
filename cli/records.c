/* The library's model objects as output records, with PowerShell's property names and enum names. Kept
 * apart from the commands so that the golden-output tests print the same records the commands do. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const char *service_type_name(uint32_t t)
{
    switch (t & ~0x100u) {
    case 0x1:
        return "KernelDriver";
    case 0x2:
        return "FileSystemDriver";
    case 0x10:
        return (t & 0x100u) ? "Win32OwnProcess, InteractiveProcess" : "Win32OwnProcess";
    case 0x20:
        return (t & 0x100u) ? "Win32ShareProcess, InteractiveProcess" : "Win32ShareProcess";
    default:
        return "Unknown";
    }
}

void cli_service_record(struct out *o, const lm_service *s)
{
    out_rec(o);
    out_str(o, "Name", s->name);
    out_str(o, "DisplayName", s->display_name);
    out_str(o, "Status", lm_service_state_name(s->status));
    if (!s->detailed)
        return;
    out_str(o, "StartType", lm_start_type_name(s->start_type));
    out_str(o, "Description", s->description);
    out_str(o, "ServiceType", service_type_name(s->service_type));
    out_num(o, "ProcessId", s->process_id);
    out_str(o, "BinaryPathName", s->binary_path);
    out_str(o, "StartName", s->start_name);
    out_strv(o, "ServicesDependedOn", s->depends_on, s->ndepends_on);
    out_strv(o, "DependentServices", s->dependents, s->ndependents);
    out_bool(o, "CanStop", (s->controls_accepted & LM_SERVICE_ACCEPT_STOP) != 0);
    out_bool(o, "CanPauseAndContinue", (s->controls_accepted & LM_SERVICE_ACCEPT_PAUSE_CONTINUE) != 0);
    out_bool(o, "CanShutdown", (s->controls_accepted & LM_SERVICE_ACCEPT_SHUTDOWN) != 0);
    out_num(o, "Win32ExitCode", s->win32_exit_code);
    out_num(o, "ServiceSpecificExitCode", s->service_exit_code);
}

static const char *share_type_name(uint32_t t)
{
    switch (t & LM_STYPE_MASK) {
    case LM_STYPE_DISKTREE:
        return "FileSystemDirectory";
    case LM_STYPE_PRINTQ:
        return "PrintQueue";
    case LM_STYPE_DEVICE:
        return "CommunicationDevice";
    default:
        return "IPC";
    }
}

void cli_share_row(struct out *o, const lm_share *s)
{
    out_rec(o);
    out_str(o, "Name", s->name);
    out_str(o, "ScopeName", "*");
    out_str(o, "Path", s->path);
    out_str(o, "Description", s->remark);
}

void cli_share_record(struct out *o, const lm_share *s)
{
    cli_share_row(o, s);
    out_str(o, "ShareType", share_type_name(s->type));
    out_bool(o, "Special", (s->type & LM_STYPE_SPECIAL) != 0);
    out_bool(o, "Temporary", (s->type & LM_STYPE_TEMPORARY) != 0);
    /* PowerShell shows "no limit" as 0 */
    out_num(o, "ConcurrentUserLimit", s->max_uses == LM_SHARE_UNLIMITED ? 0 : s->max_uses);
    if (s->level >= 2)
        out_num(o, "CurrentUsers", s->current_uses);
    out_str(o, "SecurityDescriptor", s->sddl);
    if (s->configured)
        out_bool(o, "Configured", true);
    else
        out_num(o, "InfoLevel", (uint64_t)s->level);
}

void cli_setting_record(struct out *o, const char *service, const lm_setting *s, const lm_reg_value *v)
{
    char *text = NULL;
    const char *check = NULL, *type;

    if (v != NULL) {
        int ok = s != NULL ? lm_setting_check(s, v) : -1;
        check = ok == 1 ? "ok" : ok == 0 ? "differs" : NULL;
        lm_reg_value_text(v, &text);
    } else if (s->recommended != NULL && s->def != NULL) {
        check = strcmp(s->recommended, s->def) == 0 ? "ok" : "differs";
    }
    out_rec(o);
    out_str(o, "Service", service);
    out_str(o, "Name", v != NULL ? v->name : s->name);
    type = lm_reg_type_name(v != NULL ? v->type : s->type);
    out_str(o, "Type", type != NULL ? type : "REG_NONE");
    out_str(o, "Value", v == NULL ? s->def : text != NULL ? text : "(unreadable)");
    out_str(o, "Source", v != NULL ? "set" : "default");
    out_str(o, "Recommended", s != NULL ? s->recommended : NULL);
    out_str(o, "Check", check);
    out_str(o, "Meaning", s != NULL ? s->meaning : NULL);
    free(text);
}

static int icmp(const char *a, const char *b)
{
    for (; *a != '\0' && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
        ;
    return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

/* One catalogued setting as PowerShell shows it: flags as booleans, numbers as numbers, lists as lists. */
static void ps_value(struct out *o, const lm_setting *s, const lm_reg_value *v)
{
    char *text = NULL;
    const char *t = s->def;

    if (v != NULL) {
        if (lm_reg_value_text(v, &text) != LM_OK || v->type != s->type) {
            out_str(o, s->ps_name, text); /* not what Windows writes: shown as it is */
            free(text);
            return;
        }
        t = text;
    }
    if (t == NULL) {
        out_str(o, s->ps_name, NULL); /* absent, and no single default */
    } else if (s->boolean) {
        out_bool(o, s->ps_name, strcmp(t, "0") != 0);
    } else if (s->type == LM_REG_DWORD) {
        out_num(o, s->ps_name, strtoull(t, NULL, 10));
    } else if (s->type == LM_REG_MULTI_SZ) {
        char *copy = strdup(t), *items[64];
        size_t n = 0;
        for (char *p = copy, *nl; p != NULL && *p != '\0' && n < 64; p = nl != NULL ? nl + 1 : NULL) {
            if ((nl = strchr(p, '\n')) != NULL)
                *nl = '\0';
            items[n++] = p;
        }
        out_strv(o, s->ps_name, items, n);
        free(copy);
    } else {
        out_str(o, s->ps_name, t);
    }
    free(text);
}

void cli_ps_config_record(struct out *o, const char *service, const lm_reg_value *vals, size_t n)
{
    const lm_setting *sorted[64];
    size_t ns = 0;

    for (const lm_setting *s = lm_setting_next(service, NULL); s != NULL && ns < 64;
         s = lm_setting_next(service, s)) {
        size_t k = ns++;
        if (s->ps_name == NULL) {
            ns--;
            continue;
        }
        for (; k > 0 && icmp(sorted[k - 1]->ps_name, s->ps_name) > 0; k--)
            sorted[k] = sorted[k - 1];
        sorted[k] = s;
    }
    out_rec(o);
    for (size_t k = 0; k < ns; k++) {
        const lm_reg_value *v = NULL;
        for (size_t i = 0; i < n && v == NULL; i++) {
            if (lm_setting_find(service, vals[i].name) == sorted[k])
                v = &vals[i];
        }
        ps_value(o, sorted[k], v);
    }
}
