#!/usr/bin/env python3
"""smb2flow.py STRACE_LOG PORT: round trips of one SMB2 client, from an strace of it.

The log comes from `strace -xx -s 1048576 -e trace=connect,read,readv,recvfrom,recvmsg,write,writev,sendto,
sendmsg,close`. The socket is the descriptor connected to PORT. A round trip is a receive that returns data
after the client has sent something since its previous receive: the client sent, then waited for (and got)
an answer. Reads that return nothing (EAGAIN on a non-blocking socket) do not count, nor do several reads
of one answer, nor a send that is never followed by a receive (a request whose reply is not waited for,
e.g. a final LOGOFF). This is the same rule lanman's own counter follows (lib/smb/conn.c: `awaiting`).

The bytes of each direction are reassembled and split into NBSS frames and SMB2 messages (compounds
followed through NextCommand), to print the flow: one line per send or receive burst with the commands in
it. Encrypted frames (TRANSFORM_HEADER, 0xFD 'S' 'M' 'B') show as "(encrypted)".
"""
import re
import sys

CMDS = ["NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT", "TREE_DISCONNECT", "CREATE", "CLOSE", "FLUSH",
        "READ", "WRITE", "LOCK", "IOCTL", "CANCEL", "ECHO", "QUERY_DIRECTORY", "CHANGE_NOTIFY", "QUERY_INFO",
        "SET_INFO", "OPLOCK_BREAK"]
SENDS = {"write", "writev", "sendto", "sendmsg"}
RECVS = {"read", "readv", "recvfrom", "recvmsg"}
LINE = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?(\w+)\((\d+),(.*)\)\s+=\s+(-?\d+)")
STR = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')


class Stream:
    """One direction's bytes, cut into SMB2 messages as they complete."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while len(self.buf) >= 4:
            n = int.from_bytes(self.buf[1:4], "big")
            if len(self.buf) < 4 + n:
                break
            frame, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
            out.extend(messages(frame))
        return out


def messages(frame):
    if frame[:4] == b"\xfdSMB":
        return ["(encrypted)"]
    out, off = [], 0
    while off + 64 <= len(frame) and frame[off:off + 4] == b"\xfeSMB":
        cmd = int.from_bytes(frame[off + 12:off + 14], "little")
        flags = int.from_bytes(frame[off + 16:off + 20], "little")
        nxt = int.from_bytes(frame[off + 20:off + 24], "little")
        name = CMDS[cmd] if cmd < len(CMDS) else "0x%04x" % cmd
        out.append(name + ("+" if flags & 4 else ""))  # '+': related to the one before
        if nxt == 0:
            break
        off += nxt
    return out or ["(not SMB2)"]


def main():
    log, port = sys.argv[1], int(sys.argv[2])
    fd = None
    sent = False
    trips = 0
    tx, rx = Stream(), Stream()
    flow = []  # [direction, [commands]]
    for line in open(log, errors="replace"):
        if fd is None:
            m = re.search(r"connect\((\d+), \{sa_family=AF_INET6?, sin6?_port=htons\(%d\)" % port, line)
            if m:
                fd = int(m.group(1))
            continue
        m = LINE.match(line)
        if not m or int(m.group(2)) != fd:
            continue
        call, rest, ret = m.group(1), m.group(3), int(m.group(4))
        if call == "close":
            break
        if ret <= 0 or (call not in SENDS and call not in RECVS):
            continue
        data = b"".join(bytes.fromhex(s.replace("\\x", "")) for s in STR.findall(rest))
        if call in SENDS:
            sent = True
            cmds, d = tx.feed(data[:ret]), "->"
        else:
            if sent:
                trips += 1
                sent = False
            cmds, d = rx.feed(data[:ret]), "<-"
        if not cmds:
            continue
        if flow and flow[-1][0] == d:
            flow[-1][1].extend(cmds)
        else:
            flow.append([d, list(cmds)])
    if fd is None:
        sys.exit("smb2flow: no connect() to port %d in %s" % (port, log))
    for d, cmds in flow:
        print("  %s %s" % (d, " ".join(cmds)))
    print("round trips: %d" % trips)


if __name__ == "__main__":
    main()
