# Regenerates the golden bytes of vectors.h: an independent reference computation written from MS-NLMP
# (3.1.5.1.2, 3.3.2, 3.4.4.2) and RFC 4178 4.2, on hmac/hashlib only. Run: python3 vectors.py
import hmac, hashlib, struct
def hm(k, *m): return hmac.new(k, b''.join(m), 'md5').digest()
u16 = lambda s: s.encode('utf-16le')
def av(i, v): return struct.pack('<HH', i, len(v)) + v
def der(tag, c):
    n = len(c)
    if n < 0x80: l = bytes([n])
    else:
        b = n.to_bytes((n.bit_length()+7)//8, 'big'); l = bytes([0x80|len(b)]) + b
    return bytes([tag]) + l + c
OID = lambda b: der(0x06, bytes.fromhex(b))
SPNEGO='2b0601050502'; NTLM='2b06010401823702020a'; NEGOEX='2b06010401823702021e'; MSKRB='2a864882f712010202'; KRB='2a864886f712010202'

rk = bytes.fromhex('0c868a403bfd7a93a3001ef22ef02e3f')  # MS-NLMP 4.2.4.1.1 NTOWFv2(User, Domain, Password)
version = bytes([6,1,0xb1,0x1d,0,0,0,0x0f])
cflags = 0x22888215
neg = b'NTLMSSP\0' + struct.pack('<II', 1, cflags) + struct.pack('<HHI',0,0,40)*2 + version
assert len(neg) == 40
print('NEG', neg.hex())
init = der(0x60, OID(SPNEGO) + der(0xa0, der(0x30, der(0xa0, der(0x30, OID(NTLM))) + der(0xa2, der(0x04, neg)))))
print('INIT', init.hex())

# A Samba/Windows-shaped negTokenInit2
hints = der(0xa3, der(0x30, der(0xa0, der(0x1b, b'not_defined_in_RFC4178@please_ignore'))))
def init2(mechs): return der(0x60, OID(SPNEGO) + der(0xa0, der(0x30, der(0xa0, der(0x30, b''.join(OID(m) for m in mechs))) + hints)))
print('INIT2', init2([NEGOEX, MSKRB, KRB, NTLM]).hex())
print('INIT2_NONTLM', init2([MSKRB, KRB]).hex())

# CHALLENGE with a timestamp
sc = bytes.fromhex('0123456789abcdef')
ts = 0x01d9a2b3c4d5e6f7
ti = (av(2, u16('DOMAIN')) + av(1, u16('SERVER')) + av(4, u16('example.com')) + av(3, u16('server.example.com'))
      + av(7, struct.pack('<Q', ts)) + av(0, b''))
tn = u16('DOMAIN')
chflags = 0xE28A8235
hdr = 56
chal = (b'NTLMSSP\0' + struct.pack('<I', 2) + struct.pack('<HHI', len(tn), len(tn), hdr) + struct.pack('<I', chflags)
        + sc + bytes(8) + struct.pack('<HHI', len(ti), len(ti), hdr + len(tn)) + bytes([10,0,0x7c,0x4f,0,0,0,15]) + tn + ti)
print('CHAL', chal.hex())
cc = bytes.fromhex('1122334455667788')
# client's AV pairs: server's minus EOL, + Flags(2) + ChannelBindings Z16 + TargetName, EOL
cav = (av(2, u16('DOMAIN')) + av(1, u16('SERVER')) + av(4, u16('example.com')) + av(3, u16('server.example.com'))
       + av(7, struct.pack('<Q', ts)) + av(6, struct.pack('<I', 2)) + av(10, bytes(16)) + av(9, u16('cifs/server.example.com')) + av(0, b''))
temp = b'\x01\x01' + bytes(6) + struct.pack('<Q', ts) + cc + bytes(4) + cav + bytes(4)
proof = hm(rk, sc, temp)
ntr = proof + temp
lmr = bytes(24)
skey = hm(rk, proof)
nflags = chflags & cflags
dom, usr, ws = u16('Domain'), u16('User'), u16('COMPUTER')
off = 88
p_dom = off; p_usr = p_dom + len(dom); p_ws = p_usr + len(usr); p_lm = p_ws + len(ws); p_nt = p_lm + len(lmr); p_end = p_nt + len(ntr)
f = lambda l, o: struct.pack('<HHI', l, l, o)
auth = (b'NTLMSSP\0' + struct.pack('<I', 3) + f(len(lmr), p_lm) + f(len(ntr), p_nt) + f(len(dom), p_dom) + f(len(usr), p_usr)
        + f(len(ws), p_ws) + f(0, p_end) + struct.pack('<I', nflags) + version + bytes(16) + dom + usr + ws + lmr + ntr)
mic = hm(skey, neg, chal, auth)
auth = auth[:72] + mic + auth[88:]
print('AUTH', auth.hex())
print('SKEY', skey.hex())
csk = hashlib.md5(skey + b'session key to client-to-server signing key magic constant\0').digest()
ssk = hashlib.md5(skey + b'session key to server-to-client signing key magic constant\0').digest()
mechlist = der(0x30, OID(NTLM))
def sig(k, seq, m): return struct.pack('<I', 1) + hm(k, struct.pack('<I', seq), m)[:8] + struct.pack('<I', seq)
cmic = sig(csk, 0, mechlist)
print('CMIC', cmic.hex())
resp1 = der(0xa1, der(0x30, der(0xa0, der(0x0a, b'\x01')) + der(0xa1, OID(NTLM)) + der(0xa2, der(0x04, chal))))
print('RESP1', resp1.hex())
out2 = der(0xa1, der(0x30, der(0xa2, der(0x04, auth)) + der(0xa3, der(0x04, cmic))))
print('OUT2', out2.hex())
smic = sig(ssk, 0, mechlist)
resp2 = der(0xa1, der(0x30, der(0xa0, der(0x0a, b'\x00')) + der(0xa3, der(0x04, smic))))
print('RESP2', resp2.hex())
# MS-NLMP 4.2.4 context: checksum of "Plaintext" with the client signing key of SessionBaseKey 8de40cca...
sbk = bytes.fromhex('8de40ccadbc14a82f15cb0ad0de95ca3')
csk2 = hashlib.md5(sbk + b'session key to client-to-server signing key magic constant\0').digest()
ssk2 = hashlib.md5(sbk + b'session key to server-to-client signing key magic constant\0').digest()
print('SIG424_C0', sig(csk2, 0, u16('Plaintext')).hex(), 'SIG424_C1', sig(csk2, 1, u16('Plaintext')).hex())
print('SIG424_S0', sig(ssk2, 0, u16('Plaintext')).hex())
