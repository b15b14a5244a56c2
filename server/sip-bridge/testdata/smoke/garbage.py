# Throws junk at a host:port for N seconds: random bytes, short packets, wrong payload types,
# bad versions, oversized, and well-formed PCMU at 10x real time (flood).
import socket, os, random, struct, sys, time
host, port, dur = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + dur; n = 0; seq = 0
while time.time() < end:
    k = random.randrange(6)
    if k == 0: pkt = os.urandom(random.randrange(0, 400))
    elif k == 1: pkt = os.urandom(random.randrange(0, 12))
    elif k == 2: pkt = struct.pack(">BBHII", 0x80, random.choice([8, 18, 96, 127]), seq, seq * 160, 7) + os.urandom(160)
    elif k == 3: pkt = struct.pack(">BBHII", 0x00, 0, seq, seq * 160, 7) + os.urandom(160)
    elif k == 4: pkt = struct.pack(">BBHII", 0x80, 0, seq, seq * 160, 7) + os.urandom(1400)
    else: pkt = struct.pack(">BBHII", 0x80, 0, seq, seq * 160, 9) + bytes([0xff]) * 160
    s.sendto(pkt, (host, port)); n += 1; seq = (seq + 1) & 0xffff
    time.sleep(0.002)
print(f"GARBAGE sent {n} packets to {host}:{port}")
