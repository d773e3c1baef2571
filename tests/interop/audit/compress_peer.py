#!/usr/bin/env python3
"""compress_peer.py [--algorithm N]: a scripted SMB2 peer on 127.0.0.1 that answers NEGOTIATE only, as a
Windows 10 1903/1909 server does for the audit's smbghost check, which no real server here can (Samba 4.17
negotiates no compression). It prints its port, then answers every connection until it is killed:

- an SMB2 NEGOTIATE: the highest dialect offered (MS-SMB2 2.2.4), no security buffer; for 3.1.1 the preauth
  context (SHA-512) and, when the request offered SMB2_COMPRESSION_CAPABILITIES (2.2.3.1.3), one back with
  --algorithm (default 1, LZNT1; 0 is NONE: no algorithm in common);
- anything else (an SMB1 NEGOTIATE, a SESSION_SETUP): the connection is closed.

It also writes one line per 3.1.1 NEGOTIATE to stderr: "offered compression: 1 2 3" or "no compression
context", for the test to check what the client sent."""
import socket
import struct
import sys
import threading


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def contexts(msg, offset, count):
    """The (type, data) of each negotiate context of a request (offsets count from the SMB2 header)."""
    out, off = [], offset
    for _ in range(count):
        off = (off + 7) & ~7
        if off + 8 > len(msg):
            break
        ctype, length = struct.unpack_from("<HH", msg, off)
        out.append((ctype, msg[off + 8:off + 8 + length]))
        off += 8 + length
    return out


def context(ctype, data):
    return struct.pack("<HHI", ctype, len(data), 0) + data


def negotiate_response(req, algorithm):
    mid = struct.unpack_from("<Q", req, 24)[0]
    ndialects = struct.unpack_from("<H", req, 66)[0]
    ctx_off, nctx = struct.unpack_from("<IH", req, 64 + 28)
    dialects = struct.unpack_from("<%dH" % ndialects, req, 64 + 36)
    dialect = max(dialects)
    hdr = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ16s", 64, 0, 0, 0, 1, 1, 0, mid, 0, 0, 0, b"\0" * 16)
    ctx = b""
    count = 0
    if dialect == 0x0311:
        offered = dict(contexts(req, ctx_off, nctx))
        ctx = context(1, struct.pack("<HHH", 1, 32, 1) + b"\x11" * 32)
        count = 1
        if 3 in offered:
            n = struct.unpack_from("<H", offered[3], 0)[0]
            algs = struct.unpack_from("<%dH" % n, offered[3], 8)
            sys.stderr.write("offered compression: %s\n" % " ".join(str(a) for a in algs))
            ctx += b"\0" * (-len(ctx) % 8) + context(3, struct.pack("<HHIH", 1, 0, 0, algorithm))
            count = 2
        else:
            sys.stderr.write("no compression context\n")
        sys.stderr.flush()
    body = struct.pack("<HHHH16sIIIIQQHHI", 65, 1, dialect, count, bytes(range(16)), 0, 0x100000, 0x100000,
                       0x100000, 0, 0, 128, 0, 128 if count else 0)
    msg = hdr + body + ctx
    return struct.pack(">I", len(msg)) + msg


def serve(conn, algorithm):
    with conn:
        conn.settimeout(10)
        while True:
            nbss = recv_exact(conn, 4)
            if nbss is None or nbss[0] != 0:
                return
            req = recv_exact(conn, int.from_bytes(nbss[1:], "big"))
            if req is None or req[:4] != b"\xfeSMB" or struct.unpack_from("<H", req, 12)[0] != 0:
                return
            conn.sendall(negotiate_response(req, algorithm))


def main():
    algorithm = 1
    if len(sys.argv) == 3 and sys.argv[1] == "--algorithm":
        algorithm = int(sys.argv[2])
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    print(srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, algorithm), daemon=True).start()


if __name__ == "__main__":
    main()
