#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/TARGET/ from the golden bytes of the unit tests (tests/unit), so the
seeds are the same messages the tests check by hand. A maintainer tool: its output is committed, and the
build never runs it. Inputs that fuzzing turned up (crash-*) are kept beside these and not touched here.

    python3 fuzz/seeds.py
"""
import codecs
import os
import re
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def source(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def c_string(path, name):
    """The concatenated literals of `static const char name[] = "..." "...";` with C escapes applied."""
    m = re.search(r"\b" + re.escape(name) + r"\[\]\s*=\s*((?:\s*\"(?:[^\"\\]|\\.)*\"|\s*/\*.*?\*/)+)\s*;",
                  source(path), re.S)
    if not m:
        raise SystemExit("seeds: %s not found in %s" % (name, path))
    parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S))
    return codecs.escape_decode("".join(parts).encode("utf-8"))[0]


def hex_vector(path, name):
    return bytes.fromhex(c_string(path, name).decode("ascii").replace(" ", ""))


def byte_array(path, name):
    m = re.search(r"\b" + re.escape(name) + r"\[\]\s*=\s*\{(.*?)\};", source(path), re.S)
    if not m:
        raise SystemExit("seeds: %s not found in %s" % (name, path))
    return bytes(int(x, 16) for x in re.findall(r"0x([0-9A-Fa-f]{2})", re.sub(r"/\*.*?\*/", "", m.group(1))))


def take(b):
    """fuzz_take's framing (fuzz/fuzz.h): a 2-byte little-endian length, then the bytes."""
    return struct.pack("<H", len(b)) + b


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def smb2_header(cmd, status=0):
    """A response header (MS-SMB2 2.2.1.2): SERVER_TO_REDIR, message id 1, tree 1, session 1."""
    return (b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 1, status, cmd, 1, 1, 0, 1, 0, 1, 1) + bytes(16))


def rpc_pdu(ptype, flags, call_id, body):
    """A connection-oriented PDU (C706 12.6.3.1): v5.0, little-endian data representation."""
    return struct.pack("<BBBBIHHI", 5, 0, ptype, flags, 0x10, 16 + len(body), 0, call_id) + body


def multi_sz(strings):
    return b"".join(s.encode("utf-16-le") + b"\0\0" for s in strings) + b"\0\0"


def main():
    # SMB2: every response body of the decoder tests behind a header of its command.
    dec = "tests/unit/smb/test_decoders.c"
    for cmd, body, status in ((0, "neg_body", 0), (1, "ss_body", 0xC0000016), (3, "tree_body", 0),
                              (5, "create_body", 0), (6, "close_body", 0), (8, "read_body", 0),
                              (9, "write_body", 0), (11, "ioctl_body", 0), (14, "qd_body", 0),
                              (16, "qd_body", 0), (5, "error_body", 0xC0000022), (2, "simple_body", 0)):
        write("smb2", "%02d-%s" % (cmd, body.replace("_body", "")),
              smb2_header(cmd, status) + hex_vector(dec, body))

    # TRANSFORM_HEADER: well formed for session 0x0000000100000001, so that only the authentication fails.
    for cipher, name in ((0, "gcm"), (1, "ccm")):
        plain = smb2_header(13) + bytes.fromhex("04000000")
        hdr = b"\xfdSMB" + bytes(16) + bytes(range(1, 17)) + struct.pack("<IHHQ", len(plain), 0, 1,
                                                                          0x0000000100000001)
        write("transform", name, bytes([cipher]) + hdr + plain)

    # NTLMSSP and SPNEGO: the exchange of tests/unit/smb/vectors.h (the golden CHALLENGE and its tokens).
    vec = "tests/unit/smb/vectors.h"
    write("ntlmssp", "challenge-user", b"\0" + hex_vector(vec, "v_challenge"))
    write("ntlmssp", "challenge-anonymous", b"\1" + hex_vector(vec, "v_challenge"))
    write("spnego", "exchange", take(hex_vector(vec, "v_init2")) + take(hex_vector(vec, "v_resp_challenge")) +
          hex_vector(vec, "v_resp_final"))
    write("spnego", "no-hints", take(b"") + take(hex_vector(vec, "v_resp_challenge")))
    write("spnego", "no-ntlmssp", take(hex_vector(vec, "v_init2_no_ntlm")))
    # SPNEGO for Kerberos: the server's tokens of tests/unit/smb/test_spnego_krb.c.
    krb = "tests/unit/smb/test_spnego_krb.c"
    write("spnego_krb", "dc-kerberos", take(hex_vector(krb, "v_krb_init2")) + hex_vector(krb, "v_krb_resp"))
    write("spnego_krb", "ms-krb5", take(hex_vector(krb, "v_krb_init2")) + hex_vector(krb, "v_mskrb_resp"))
    write("spnego_krb", "request-mic", take(b"") + hex_vector(krb, "v_krb_reqmic"))

    # DCE/RPC: Samba's bind_ack, then a response (one fragment, then two) and a fault for call 2.
    rpc = "tests/unit/rpc/vectors.h"
    ack = hex_vector(rpc, "SAMBA_BIND_ACK")
    stub = hex_vector(rpc, "SAMBA_ENUM1")
    one = rpc_pdu(2, 3, 2, struct.pack("<IHBB", len(stub), 0, 0, 0) + stub)
    half = (len(stub) // 2) & ~7
    first = rpc_pdu(2, 1, 2, struct.pack("<IHBB", len(stub), 0, 0, 0) + stub[:half])
    last = rpc_pdu(2, 2, 2, struct.pack("<IHBB", len(stub) - half, 0, 0, 0) + stub[half:])
    fault = rpc_pdu(3, 3, 2, struct.pack("<IHBBI", 0, 0, 0, 0, 0x1C010002) + bytes(4))
    write("dcerpc", "bind-response", take(ack) + take(one))
    write("dcerpc", "bind-fragments", take(ack) + take(first) + take(last))
    write("dcerpc", "bind-fault", take(ack) + take(fault) + take(one))
    write("dcerpc", "bind-reject", take(hex_vector(rpc, "SAMBA_BIND_ACK_REJECT")))

    # NDR: the selector byte of fuzz/ndr.c, then a Samba response stub of that decoder.
    svc = "tests/unit/rpc/vectors_svcctl.h"
    reg = "tests/unit/rpc/vectors_winreg.h"
    for sel, path, name in ((1, rpc, "SAMBA_ENUM1"), (7, rpc, "SAMBA_GET502"), (6, rpc, "SAMBA_GET2"),
                            (7, rpc, "SAMBA_GET_MISSING"), (8, rpc, "SAMBA_ADD"), (9, rpc, "SAMBA_DEL_MISSING"),
                            (10, rpc, "SAMBA_SRV101"), (11, rpc, "SAMBA_SRV102"), (12, svc, "SAMBA_SCM_STATUS"),
                            (13, svc, "SAMBA_SCM_CONFIG"), (14, svc, "SAMBA_SCM_DESC"),
                            (15, svc, "SAMBA_SCM_DELAYED"), (16, svc, "SAMBA_SCM_START_DENIED"),
                            (17, svc, "SAMBA_SCM_ENUM"), (18, svc, "SAMBA_SCM_DEPS"), (18, reg, "SAMBA_REG_CREATE"),
                            (19, reg, "SAMBA_REG_INFO"), (20, reg, "SAMBA_REG_ENUMKEY"),
                            (21, reg, "SAMBA_REG_QUERY_MULTI"), (21, reg, "SAMBA_REG_QUERY_SZ"),
                            (22, reg, "SAMBA_REG_ENUMVAL_BINARY"), (23, reg, "SAMBA_REG_HKLM"),
                            (24, svc, "SAMBA_SCM_START_DENIED")):
        write("ndr", "%02d-%s" % (sel, name.lower()), bytes([sel]) + hex_vector(path, name))

    write("ndr", "25-samba_get1005", bytes([25]) + hex_vector("tests/unit/rpc/vectors.h", "SAMBA_GET1005"))

    # wkssvc: the selector byte of fuzz/wkssvc.c (getinfo 100, 101, 102; user enum 0, 1), then a stub.
    wks, wkst = "tests/unit/rpc/vectors_wkssvc.h", "tests/unit/rpc/test_wkssvc.c"
    for sel, path, name in ((0, wks, "SAMBA_WKSTA100"), (1, wks, "SAMBA_WKSTA101"), (2, wkst, "WKSTA102"),
                            (2, wks, "SAMBA_WKSTA102_DENIED"), (4, wkst, "USERS1"),
                            (4, wks, "SAMBA_USERS1_DENIED")):
        write("wkssvc", "%d-%s" % (sel, name.lower()), bytes([sel]) + hex_vector(path, name))
    # LSA lookups: the selector byte of fuzz/lsarpc.c (decoder | (count - 1) << 2), then a Samba stub.
    lsa = "tests/unit/rpc/vectors_lsarpc.h"
    for sel, count, name in ((0, 1, "SAMBA_LSA_NAMES3_ONE"), (0, 1, "SAMBA_LSA_NAMES3_NONE"),
                             (0, 3, "SAMBA_LSA_NAMES3_SOME"), (1, 3, "SAMBA_LSA_NAMES2_SOME"),
                             (2, 3, "SAMBA_LSA_SIDS2_SOME"), (2, 1, "SAMBA_LSA_SIDS2_NONE")):
        write("lsarpc", name[10:].lower(), bytes([sel | (count - 1) << 2]) + hex_vector(lsa, name))

    # Sessions, open files, connections, transports and disks: the selector byte of fuzz/sessions.c, then
    # the stub.
    ses = "tests/unit/rpc/vectors_sessions.h"
    for sel, name in ((1, "SAMBA_SESS1"), (2, "SAMBA_SESS502"), (3, "SAMBA_FILE3")):
        write("sessions", "%02d-%s" % (sel, name.lower()), bytes([sel]) + hex_vector(ses, name))
    write("sessions", "03-truncated", bytes([3]) + hex_vector(ses, "SAMBA_FILE3")[:-6])
    write("sessions", "02-hand_sess502",
          bytes([2]) + hex_vector("tests/unit/rpc/test_srvsvc_sessions.c", "SESS502"))
    # Connections (4), transports (5: level 0, 6: level 1) and disks (7).
    for sel, name in ((4, "SAMBA_CONN1"), (4, "SAMBA_CONN0"), (4, "SAMBA_CONN_MISSING"), (7, "SAMBA_DISK0")):
        write("sessions", "%02d-%s" % (sel, name.lower()), bytes([sel]) + hex_vector(ses, name))
    for sel, name in ((5, "TRANS0"), (6, "TRANS1")):
        write("sessions", "%02d-hand_%s" % (sel, name.lower()),
              bytes([sel]) + hex_vector("tests/unit/rpc/test_srvsvc_sessions.c", name))

    # Security descriptors: the golden ones of tests/unit/core/test_sddl.c.
    sddl = "tests/unit/core/test_sddl.c"
    write("sddl", "golden1", byte_array(sddl, "golden1"))
    write("sddl", "golden2", byte_array(sddl, "golden2"))
    write("sddl", "null-dacl", byte_array(sddl, "null_dacl"))

    # Shares values, as Windows writes them (sorted Key=Value strings).
    write("shareconf", "windows", b"\0" + multi_sz(["CATimeout=0", "CSCFlags=0", "MaxUses=4294967295",
                                                    "Path=C:\\Data", "Permissions=0", "Remark=Finance",
                                                    "ShareName=Data", "Type=0"]))
    write("shareconf", "minimal", b"\0" + multi_sz(["Path=C:\\", "Type=0"]))
    write("shareconf", "wrong-type", b"\xf1" + "Path=C:\\".encode("utf-16-le"))

    # Registry values: the type byte of fuzz/regval.c, then bytes that are also text.
    for t, name, data in ((1, "sz", "caf\u00e9\0".encode("utf-16-le")), (4, "dword", b"10\0\0"),
                          (11, "qword", b"0x123456789abcdef0"), (7, "multi-sz", multi_sz(["a", "b c"])),
                          (3, "binary", b"0a 1b:2c,3d"), (2, "expand-sz", "%SystemRoot%".encode("utf-16-le"))):
        write("regval", name, bytes([t]) + data)

    # SMB1 NEGOTIATE answers (after the NBSS header): the unit tests' accepted sample, an error answer, and
    # the SMB2 header a server without SMB1 answers with.
    write("smb1", "accepted", bytes.fromhex(c_string("tests/unit/smb/test_smb1.c", "accepted_resp").decode()))
    write("smb1", "refused", bytes.fromhex("FF534D42 72 BB0000C0 98 01C8 0000 0000000000000000 0000 FFFF 4C4D"
                                           " 0000 0000 00 0000"))
    write("smb1", "smb2", bytes.fromhex("FE534D42 4000 0000 00000000 0000 0100 01000000 00000000"
                                        " 0000000000000000 00000000 00000000 0000000000000000"
                                        " 00000000000000000000000000000000"))

    # The ms17-010 exchange's answers, from the unit tests: each decoder of fuzz/smb1.c reads every input.
    for name in ("neg_nt_resp", "sess_resp", "sess_refused", "tree_resp", "trans_unpatched", "trans_denied",
                 "trans_handle"):
        write("smb1", name.replace("_", "-"), hex_vector("tests/unit/smb/test_smb1.c", name))

    # XML: the unit tests' full document (the hostile corpus is read from tests/fixtures/xml in place).
    write("xml", "full.xml", c_string("tests/unit/xml/test_load.c", "doc"))


if __name__ == "__main__":
    main()
