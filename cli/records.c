/* The library's model objects as output records, with PowerShell's property names and enum names. Kept
 * apart from the commands so that the golden-output tests print the same records the commands do. */
#include <ctype.h>
#include <stdio.h>
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
    /* PowerShell 7's ServiceStartMode name (5 shows Automatic, with DelayedAutoStart apart); the library's
     * name, AutomaticDelayed, is the XML document's. */
    out_str(o, "StartType",
            s->start_type == LM_START_AUTOMATIC_DELAYED ? "AutomaticDelayedStart"
                                                        : lm_start_type_name(s->start_type));
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
    if (s->has_flags) {
        /* What SHARE_INFO_1005 says, as Get-SmbShare names it. */
        out_str(o, "CachingMode", lm_share_caching_mode_name(s->flags));
        out_str(o, "FolderEnumerationMode",
                (s->flags & LM_SHI1005_ACCESS_BASED_ENUM) ? "AccessBased" : "Unrestricted");
        out_bool(o, "EncryptData", (s->flags & LM_SHI1005_ENCRYPT_DATA) != 0);
        out_bool(o, "ContinuouslyAvailable", (s->flags & LM_SHI1005_ENABLE_CA) != 0);
        out_bool(o, "CompressData", (s->flags & LM_SHI1005_COMPRESS_DATA) != 0);
        out_bool(o, "IdentityRemoting", (s->flags & LM_SHI1005_IDENTITY_REMOTING) != 0);
        out_bool(o, "DfsRoot", (s->flags & LM_SHI1005_DFS_ROOT) != 0);
        out_num(o, "ShareFlags", s->flags);
    }
    /* A share the server lists is one it serves (a configured one may or may not be). */
    if (!s->configured)
        out_str(o, "ShareState", "Online");
    if (s->configured)
        out_bool(o, "Configured", true);
    else
        out_num(o, "InfoLevel", (uint64_t)s->level);
}

/* A REG_MULTI_SZ's text (one string a line) as a list: an array in JSON and XML, "a, b" on one line in the
 * table, list and CSV. */
static void out_lines(struct out *o, const char *name, const char *text)
{
    char *copy = strdup(text), **items;
    size_t n = 0, cap = 1;

    for (const char *p = text; *p != '\0'; p++)
        cap += *p == '\n';
    items = calloc(cap, sizeof *items);
    if (copy == NULL || items == NULL) {
        o->oom = true;
    } else {
        for (char *p = copy, *nl; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
            if ((nl = strchr(p, '\n')) != NULL)
                *nl = '\0';
            items[n++] = p;
        }
        out_strv(o, name, items, n);
    }
    free(items);
    free(copy);
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
    if (v != NULL ? v->type == LM_REG_MULTI_SZ && text != NULL : s->type == LM_REG_MULTI_SZ && s->def != NULL)
        out_lines(o, "Value", v != NULL ? text : s->def);
    else
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
        out_lines(o, s->ps_name, t);
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

/* One entry of a share's permissions, with Get-SmbShareAccess's property names. */
void cli_share_access_record(struct out *o, const lm_share_access *a)
{
    out_rec(o);
    out_str(o, "Name", a->share);
    out_str(o, "ScopeName", "*");
    out_str(o, "AccountName", a->account);
    out_str(o, "AccessControlType", a->type == LM_SHARE_ACCESS_DENY ? "Deny" : "Allow");
    out_str(o, "AccessRight", a->right);
    out_str(o, "SID", a->sid);
}

/* Get-SmbSession's properties that MS-SRVS has. It has no session id (SessionId stays empty) and no dialect;
 * level 10 has no NumOpens and no flags, only 502 has the client type and transport. */
void cli_session_record(struct out *o, const lm_session *s)
{
    out_rec(o);
    out_str(o, "SessionId", NULL);
    out_str(o, "ClientComputerName", s->client);
    out_str(o, "ClientUserName", s->user);
    if (s->level != 10)
        out_num(o, "NumOpens", s->num_opens);
    out_str(o, "ScopeName", "*");
    out_num(o, "SecondsExists", s->seconds_exists);
    out_num(o, "SecondsIdle", s->seconds_idle);
    if (s->level != 10)
        out_bool(o, "IsGuest", (s->user_flags & LM_SESS_GUEST) != 0);
    if (s->level == 502) {
        out_str(o, "ClientType", s->client_type);
        out_str(o, "TransportName", s->transport);
    }
    out_num(o, "InfoLevel", (uint64_t)s->level);
}

/* Get-SmbOpenFile's properties that MS-SRVS has (FILE_INFO_3): FileId is the server's 32-bit id, the one
 * 'file close' takes; the session and the client computer are not in FILE_INFO_3. */
void cli_open_file_record(struct out *o, const lm_open_file *f)
{
    out_rec(o);
    out_num(o, "FileId", f->id);
    out_str(o, "SessionId", NULL);
    out_str(o, "Path", f->path);
    out_str(o, "ShareRelativePath", f->share_relative_path);
    out_str(o, "ClientComputerName", NULL);
    out_str(o, "ClientUserName", f->user);
    out_str(o, "ShareName", f->share);
    out_str(o, "ScopeName", "*");
    out_num(o, "Locks", f->locks);
    out_num(o, "Permissions", f->permissions);
}

/* SV_TYPE_* bits (MS-SRVS 2.2.2.7) by name, in bit order. */
static const char *const server_roles[32] = {"Workstation",
                                             "Server",
                                             "SqlServer",
                                             "DomainController",
                                             "BackupDomainController",
                                             "TimeSource",
                                             "AFP",
                                             "Novell",
                                             "DomainMember",
                                             "PrintQueueServer",
                                             "DialinServer",
                                             "Unix",
                                             "NT",
                                             "WFW",
                                             "MFPN",
                                             "ServerNT",
                                             "PotentialBrowser",
                                             "BackupBrowser",
                                             "MasterBrowser",
                                             "DomainMaster",
                                             "OSF",
                                             "VMS",
                                             "Windows",
                                             "DFS",
                                             "ClusterNT",
                                             "TerminalServer",
                                             "ClusterVirtualServerNT",
                                             NULL,
                                             "DCE",
                                             "AlternateXport",
                                             "LocalListOnly",
                                             "DomainEnum"};

/* What 'net config server' and 'rpcclient srvinfo' show. */
/* Transports: one item each, "NAME address=A network=N vcs=V[ domain=D]"; NULL items when out of memory
 * are left out. */
static void transports_field(struct out *o, const lm_server_info *i)
{
    char **v = calloc(i->ntransports + 1, sizeof *v);
    size_t n = 0;

    for (size_t k = 0; v != NULL && k < i->ntransports; k++) {
        const lm_server_transport *t = &i->transports[k];
        const char *dom = t->domain != NULL ? t->domain : "";
        size_t len = strlen(t->name != NULL ? t->name : "") + strlen(t->address) +
                     strlen(t->net_address != NULL ? t->net_address : "") + strlen(dom) + 64;

        if ((v[n] = malloc(len)) == NULL)
            continue;
        snprintf(v[n], len, "%s address=%s network=%s vcs=%lu%s%s", t->name != NULL ? t->name : "",
                 t->address, t->net_address != NULL ? t->net_address : "", (unsigned long)t->vcs,
                 t->domain != NULL ? " domain=" : "", dom);
        n++;
    }
    out_strv(o, "Transports", v, n);
    for (size_t k = 0; k < n; k++)
        free(v[k]);
    free(v);
}

void cli_server_record(struct out *o, const lm_server_info *i)
{
    char *roles[32], version[32], type[16];
    size_t n = 0;

    for (unsigned b = 0; b < 32; b++) {
        if ((i->type & (1u << b)) && server_roles[b] != NULL)
            roles[n++] = (char *)server_roles[b];
    }
    /* the major version's high bits are flags (MAJOR_VERSION_MASK) */
    snprintf(version, sizeof version, "%lu.%lu", (unsigned long)(i->version_major & 0x0Fu),
             (unsigned long)i->version_minor);
    snprintf(type, sizeof type, "0x%lx", (unsigned long)i->type);
    out_rec(o);
    out_str(o, "Name", i->name);
    out_str(o, "Comment", i->comment);
    out_str(o, "Version", version);
    out_num(o, "PlatformId", i->platform_id);
    out_str(o, "Type", type);
    out_strv(o, "Roles", roles, n);
    if (i->level == 102) {
        out_num(o, "MaxUsers", i->users);
        if (i->disc < 0)
            out_str(o, "AutoDisconnectMinutes", NULL);
        else
            out_num(o, "AutoDisconnectMinutes", (uint64_t)i->disc);
        out_bool(o, "Hidden", i->hidden != 0);
        out_num(o, "AnnounceSeconds", i->announce);
        out_num(o, "AnnounceDeltaMilliseconds", i->anndelta);
        out_num(o, "Licenses", i->licenses);
        out_str(o, "UserPath", i->user_path);
    }
    out_num(o, "InfoLevel", (uint64_t)i->level);
    if (i->transports_status == LM_OK)
        transports_field(o, i);
    if (i->disks_status == LM_OK)
        out_strv(o, "Disks", i->disks, i->ndisks);
}

/* One CONNECTION_INFO_1, with the names net share NAME's users and MS-SRVS give its fields. */
void cli_connection_record(struct out *o, const lm_connection *k)
{
    out_rec(o);
    out_num(o, "ConnectionId", k->id);
    out_str(o, "ShareName", k->net_name);
    out_str(o, "UserName", k->user);
    out_num(o, "NumOpens", k->num_opens);
    out_num(o, "NumUsers", k->num_users);
    out_num(o, "SecondsConnected", k->seconds_connected);
    out_num(o, "Type", k->type);
}
