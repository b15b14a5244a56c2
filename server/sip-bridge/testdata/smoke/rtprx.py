# Counts RTP arriving at a UDP port: packets per payload type, loud G.711 frames, RFC 4733 digits.
import socket, struct, sys, time, audioop
port = int(sys.argv[1]); dur = float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", port)); s.settimeout(0.5)
pts = {}; loud = 0; digits = []; last_ev = None; first = None; src=None
end = time.time() + dur
while time.time() < end:
    try: d, a = s.recvfrom(2048)
    except socket.timeout: continue
    if len(d) < 12: continue
    src = a
    first = first or time.time()
    pt = d[1] & 0x7f; ts = struct.unpack(">I", d[4:8])[0]; pl = d[12 + (d[0] & 0x0f) * 4:]
    pts[pt] = pts.get(pt, 0) + 1
    if pt in (0, 8):
        lin = audioop.ulaw2lin(pl, 2) if pt == 0 else audioop.alaw2lin(pl, 2)
        if audioop.rms(lin, 2) > 300: loud += 1
    elif pt >= 96 and len(pl) >= 4:
        ev = pl[0]
        if last_ev != (ts, ev):
            last_ev = (ts, ev); digits.append("0123456789*#ABCD"[ev] if ev < 16 else "?")
print(f"RTPRX port={port} from={src} packets={pts} loud={loud} digits={''.join(digits)}", flush=True)
