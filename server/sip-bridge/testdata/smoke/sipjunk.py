# Malformed SIP over UDP: random bytes, truncated requests, INVITEs without Contact / with broken SDP /
# without SDP / with SRTP only / video only, and a huge header. Prints what came back.
import socket, os, sys, random
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(0.3)
lp = s.getsockname()[1]
def invite(n, extra="", body=None, contact=True, ctype="application/sdp"):
    body = body if body is not None else ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n")
    h = [f"INVITE sip:agent@{host}:{port} SIP/2.0", f"Via: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bKjunk{n}",
         "Max-Forwards: 70", f"From: <sip:junk@127.0.0.1>;tag=j{n}", f"To: <sip:agent@{host}>", f"Call-ID: junk-{n}@x", "CSeq: 1 INVITE"]
    if contact: h.append(f"Contact: <sip:junk@127.0.0.1:{lp}>")
    if ctype: h.append(f"Content-Type: {ctype}")
    h += [extra] if extra else []
    h.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(h) + "\r\n\r\n" + body).encode()
cases = {
  "random bytes": os.urandom(300),
  "truncated": b"INVITE sip:agent@x SIP/2.0\r\nVia: SIP/2.0/UDP",
  "no contact": invite(1, contact=False),
  "sdp garbage": invite(2, body="this is not sdp at all\r\n"),
  "late offer": invite(3, body="", ctype=None),
  "srtp only": invite(4, body="v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 0\r\n"),
  "g729 only": invite(5, body="v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n"),
  "video only": invite(6, body="v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\n"),
  "huge header": invite(7, extra="X-Junk: " + "A" * 30000),
  "bye unknown": (f"BYE sip:agent@{host}:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bKbye\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: nope\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n").encode(),
  "notify unknown": (f"NOTIFY sip:agent@{host}:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bKntf\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: nope2\r\nCSeq: 2 NOTIFY\r\nEvent: refer\r\nContent-Type: message/sipfrag\r\nContent-Length: 16\r\n\r\nSIP/2.0 200 OK\r\n").encode(),
}
for name, pkt in cases.items():
    try: s.sendto(pkt, (host, port))
    except OSError as e: print(f"{name:15s} -> send failed {e}"); continue
    got = []
    try:
        while True:
            d, _ = s.recvfrom(65535); got.append(d.split(b"\r\n", 1)[0].decode(errors="replace"))
    except socket.timeout: pass
    print(f"{name:15s} -> {got or 'no answer'}")
