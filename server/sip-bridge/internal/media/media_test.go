package media

import (
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/media-sdk/dtmf"
	"github.com/livekit/media-sdk/g711"
	prtp "github.com/pion/rtp"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func event(code byte, end bool, dur uint16) []byte {
	b := []byte{code, 10, 0, 0}
	if end {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], dur)
	return b
}

// digitPackets mimics /usr/share/sip-tester/dtmf_2833_N.pcap: marker start
// with duration 0, updates, three identical end packets, one timestamp.
func digitPackets(code byte, ts uint32) []struct {
	h prtp.Header
	p []byte
} {
	var out []struct {
		h prtp.Header
		p []byte
	}
	add := func(marker bool, payload []byte) {
		out = append(out, struct {
			h prtp.Header
			p []byte
		}{prtp.Header{Version: 2, PayloadType: 101, Timestamp: ts, SSRC: 0xe05384e, Marker: marker}, payload})
	}
	add(true, event(code, false, 0))
	for d := uint16(320); d <= 1600; d += 320 {
		add(false, event(code, false, d))
	}
	for range 3 {
		add(false, event(code, true, 2240))
	}
	return out
}

func TestDTMFDetector(t *testing.T) {
	var d DTMFDetector
	var got []byte
	feed := func(code byte, ts uint32) {
		for _, pkt := range digitPackets(code, ts) {
			if ev, ok := d.Handle(&pkt.h, pkt.p); ok {
				got = append(got, ev.Digit)
			}
		}
	}
	feed(4, 1000) // zero-duration first packet still reports the digit
	feed(2, 2000)
	feed(2, 3000)  // same key again, new timestamp
	feed(2, 3000)  // identical replay (same pcap twice): marker after end
	feed(11, 4000) // '#'
	if string(got) != "4222#" {
		t.Errorf("digits %q, want %q", got, "4222#")
	}

	// A start packet lost: the first update (no marker) still reports once.
	got = nil
	pk := digitPackets(7, 5000)[1:]
	for _, p := range pk {
		if ev, ok := d.Handle(&p.h, p.p); ok {
			got = append(got, ev.Digit)
		}
	}
	if string(got) != "7" {
		t.Errorf("without start packet: %q", got)
	}

	// Flash-hook (16) and short payloads are not key presses.
	h := prtp.Header{Timestamp: 6000, Marker: true}
	if _, ok := d.Handle(&h, event(16, false, 0)); ok {
		t.Error("flash reported as a key")
	}
	if _, ok := d.Handle(&prtp.Header{Timestamp: 7000, Marker: true}, []byte{1, 2}); ok {
		t.Error("short payload reported")
	}
}

type pcmSink struct {
	mu     sync.Mutex
	frames []msdk.PCM16Sample
}

func (s *pcmSink) String() string  { return "sink" }
func (s *pcmSink) SampleRate() int { return SampleRate }
func (s *pcmSink) Close() error    { return nil }
func (s *pcmSink) WriteSample(p msdk.PCM16Sample) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.frames = append(s.frames, append(msdk.PCM16Sample(nil), p...))
	return nil
}
func (s *pcmSink) count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.frames) }

func tone(n int, amp float64) msdk.PCM16Sample {
	p := make(msdk.PCM16Sample, n)
	for i := range p {
		p[i] = int16(amp * math.Sin(2*math.Pi*440*float64(i)/SampleRate))
	}
	return p
}

func rtpPacket(pt uint8, seq uint16, ts uint32, payload []byte) []byte {
	p := prtp.Packet{Header: prtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: ts, SSRC: 42}, Payload: payload}
	b, _ := p.Marshal()
	return b
}

func newTestReceiver(sink *pcmSink, digits *[]byte) (*Receiver, *Watchdog) {
	codec, _ := CodecFor("PCMU", 0, 0)
	codec = codec.WithDTMF(101, 101)
	wd := NewWatchdog(time.Second, 0, time.Unix(0, 0))
	r := NewReceiver(codec, sink, func(ev dtmf.Event) { *digits = append(*digits, ev.Digit) }, wd, false, quiet)
	return r, wd
}

func TestReceiverRoutesAudioAndDigits(t *testing.T) {
	sink := &pcmSink{}
	var digits []byte
	r, wd := newTestReceiver(sink, &digits)
	now := time.Unix(100, 0)
	frame := make([]byte, FrameSamples)
	g711.EncodeULawTo(frame, tone(FrameSamples, 8000))
	for i := range 10 {
		r.Handle(rtpPacket(0, uint16(i), uint32(i*FrameSamples), frame), now.Add(time.Duration(i)*20*time.Millisecond))
	}
	for _, p := range digitPackets(1, 9999) {
		b, _ := (&prtp.Packet{Header: p.h, Payload: p.p}).Marshal()
		r.Handle(b, now.Add(time.Second))
	}
	if sink.count() != 10 || r.Stats.Audio.Load() != 10 || r.Stats.AudioLoud.Load() != 10 {
		t.Errorf("audio frames %d, stats %d/%d", sink.count(), r.Stats.Audio.Load(), r.Stats.AudioLoud.Load())
	}
	if string(digits) != "1" {
		t.Errorf("digits %q", digits)
	}
	if wd.Expired(now.Add(1500 * time.Millisecond)) {
		t.Error("watchdog expired although media arrived")
	}
	if !wd.Expired(now.Add(2100 * time.Millisecond)) {
		t.Error("watchdog did not expire after a silent second")
	}
}

func TestReceiverDropsGarbage(t *testing.T) {
	sink := &pcmSink{}
	var digits []byte
	r, wd := newTestReceiver(sink, &digits)
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := [][]byte{
		{},
		{0x80},
		make([]byte, 11),                           // shorter than a header
		rtpPacket(0, 1, 1, nil),                    // empty audio payload
		rtpPacket(8, 1, 1, make([]byte, 160)),      // PCMA on a PCMU call
		rtpPacket(96, 1, 1, make([]byte, 160)),     // dynamic type never negotiated
		rtpPacket(101, 1, 1, []byte{1}),            // truncated event
		rtpPacket(0, 1, 1, make([]byte, 1400)),     // 175 ms "frame"
		append([]byte{0x00}, make([]byte, 200)...), // version 0
		{0x90, 0x00, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xff}, // extension bit, header cut short
		{0xbf, 0x00, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1},             // padding + 15 CSRCs, nothing behind
	}
	for range 2000 {
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		garbage = append(garbage, b)
	}
	// The caller talks (SSRC 42); junk arrives while it does. Random bytes
	// that happen to form well-formed PCMU come from other SSRCs and are
	// dropped too; only a packet forging the caller's SSRC could get through.
	r.safeHandle(rtpPacket(0, 1, 160, make([]byte, FrameSamples)))
	forged := 0
	for _, g := range garbage {
		var p prtp.Packet
		if len(g) >= 12 && p.Unmarshal(g) == nil && p.Version == 2 && p.PayloadType == 0 && p.SSRC == 42 && len(p.Payload) > 0 && len(p.Payload) <= maxAudioPayload {
			forged++
		}
		r.safeHandle(g) // must not panic
	}
	if sink.count() != 1+forged || len(digits) != 0 {
		t.Errorf("garbage reached the room: %d frames (1 real, %d forged), digits %q", sink.count(), forged, digits)
	}
	if r.Stats.Malformed.Load() == 0 || r.Stats.WrongPT.Load() == 0 || r.Stats.WrongSSRC.Load() == 0 {
		t.Errorf("not counted: %+v", &r.Stats)
	}
	_ = wd
}

func TestReceiverFloodIsCapped(t *testing.T) {
	sink := &pcmSink{}
	var digits []byte
	r, _ := newTestReceiver(sink, &digits)
	now := time.Unix(0, 0)
	frame := make([]byte, FrameSamples)
	// 2000 packets (40 s of audio) in one instant: only the 500 ms burst passes.
	for i := range 2000 {
		r.Handle(rtpPacket(0, uint16(i), uint32(i*FrameSamples), frame), now)
	}
	if got := sink.count(); got != 25 {
		t.Errorf("flood delivered %d frames, want the 25-frame burst", got)
	}
	if r.Stats.Flooded.Load() != 2000-25 {
		t.Errorf("flooded %d", r.Stats.Flooded.Load())
	}
	// Real-time pacing afterwards is fine.
	for i := range 50 {
		now = now.Add(20 * time.Millisecond)
		r.Handle(rtpPacket(0, uint16(3000+i), 0, frame), now)
	}
	if got := sink.count(); got != 75 {
		t.Errorf("paced audio: %d frames, want 75", got)
	}
}

func TestReceiverLatchesOneAudioSource(t *testing.T) {
	sink := &pcmSink{}
	var digits []byte
	r, _ := newTestReceiver(sink, &digits)
	now := time.Unix(0, 0)
	frame := make([]byte, FrameSamples)
	other := func(seq uint16) []byte {
		p := prtp.Packet{Header: prtp.Header{Version: 2, PayloadType: 0, SequenceNumber: seq, SSRC: 7}, Payload: frame}
		b, _ := p.Marshal()
		return b
	}
	for i := range 10 { // caller (SSRC 42) and an intruder (SSRC 7) interleaved
		now = now.Add(20 * time.Millisecond)
		r.Handle(rtpPacket(0, uint16(i), uint32(i*160), frame), now)
		r.Handle(other(uint16(i)), now)
	}
	if sink.count() != 10 || r.Stats.WrongSSRC.Load() != 10 {
		t.Errorf("frames %d, wrong ssrc %d", sink.count(), r.Stats.WrongSSRC.Load())
	}
	// The caller's source goes quiet; a new one (after hold, a PBX re-route) takes over.
	now = now.Add(ssrcSwitchAfter)
	r.Handle(other(100), now)
	if sink.count() != 11 {
		t.Errorf("new source not accepted after a pause: %d frames", sink.count())
	}
}

func TestReceiverRunStopsOnClose(t *testing.T) {
	sink := &pcmSink{}
	var digits []byte
	r, _ := newTestReceiver(sink, &digits)
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(udpReader{conn}) }()
	peer, _ := net.DialUDP("udp", nil, conn.LocalAddr().(*net.UDPAddr))
	frame := make([]byte, FrameSamples)
	for i := range 5 {
		peer.Write([]byte("garbage that is not rtp"))
		peer.Write(rtpPacket(0, uint16(i), uint32(i*160), frame))
	}
	deadline := time.Now().Add(2 * time.Second)
	for sink.count() < 5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	conn.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after close")
	}
	if sink.count() != 5 || r.Stats.Malformed.Load() != 5 {
		t.Errorf("frames %d malformed %d", sink.count(), r.Stats.Malformed.Load())
	}
}

type udpReader struct{ c *net.UDPConn }

func (u udpReader) ReadRTPRaw(b []byte) (int, error) { n, _, err := u.c.ReadFrom(b); return n, err }

type packetLog struct {
	mu   sync.Mutex
	pkts []prtp.Packet
}

func (l *packetLog) WriteRTP(p *prtp.Packet) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pkts = append(l.pkts, prtp.Packet{Header: p.Header, Payload: append([]byte(nil), p.Payload...)})
	return nil
}

func TestSenderAudioAndDigits(t *testing.T) {
	codec, _ := CodecFor("PCMA", 8, 8)
	codec = codec.WithDTMF(101, 96)
	var log packetLog
	s := NewSender(codec, &log)
	for range 3 {
		_ = s.WriteSample(tone(FrameSamples, 8000))
	}
	if err := s.WriteDigits(context.Background(), "5"); err != nil {
		t.Fatal(err)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	var audio, events []prtp.Packet
	for _, p := range log.pkts {
		switch p.PayloadType {
		case 8:
			audio = append(audio, p)
		case 101:
			events = append(events, p)
		default:
			t.Errorf("unexpected payload type %d", p.PayloadType)
		}
	}
	if len(audio) != 3 || !audio[0].Marker || audio[1].Marker || audio[1].Timestamp-audio[0].Timestamp != FrameSamples {
		t.Errorf("audio packets: %d, marker %v, ts step %d", len(audio), audio[0].Marker, audio[1].Timestamp-audio[0].Timestamp)
	}
	pcm := make([]int16, FrameSamples)
	g711.DecodeALawTo(pcm, audio[0].Payload)
	if !loud(pcm) {
		t.Error("audio payload is not the encoded tone")
	}
	if len(events) < 4 || !events[0].Marker {
		t.Fatalf("event packets: %d", len(events))
	}
	for i, e := range events {
		ev, err := dtmf.Decode(e.Payload)
		if err != nil || ev.Digit != '5' || e.Timestamp != events[0].Timestamp {
			t.Errorf("event %d: %+v ts %d", i, ev, e.Timestamp)
		}
	}
	if last, _ := dtmf.Decode(events[len(events)-1].Payload); !last.End {
		t.Error("last event packet lacks the end bit")
	}
	for i := 1; i < len(log.pkts); i++ {
		if log.pkts[i].SequenceNumber != log.pkts[i-1].SequenceNumber+1 || log.pkts[i].SSRC != log.pkts[0].SSRC {
			t.Errorf("packet %d breaks the sequence", i)
		}
	}
	if s.Stats.Frames.Load() != 3 || s.Stats.LoudFrames.Load() != 3 || s.Stats.Digits.Load() != 1 {
		t.Errorf("stats %+v", &s.Stats)
	}
}

func TestSenderWithoutTelephoneEvent(t *testing.T) {
	codec, _ := CodecFor("PCMU", 0, 0)
	s := NewSender(codec, &packetLog{})
	if err := s.WriteDigits(context.Background(), "1"); err != ErrNoTelephoneEvent {
		t.Errorf("got %v", err)
	}
	if _, err := CodecFor("G729", 18, 18); err == nil {
		t.Error("G729 accepted")
	}
}

func TestWatchdogWait(t *testing.T) {
	wd := NewWatchdog(80*time.Millisecond, 0, time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	// Media keeps arriving for 200 ms, then stops.
	go func() {
		for time.Since(start) < 200*time.Millisecond {
			wd.Touch(time.Now())
			time.Sleep(10 * time.Millisecond)
		}
	}()
	if !wd.Wait(ctx) {
		t.Fatal("watchdog did not fire")
	}
	if took := time.Since(start); took < 260*time.Millisecond || took > time.Second {
		t.Errorf("fired after %v, want ~200ms+80ms", took)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if NewWatchdog(time.Hour, 0, time.Now()).Wait(cctx) {
		t.Error("cancelled wait reported a timeout")
	}
}

func TestWatchdogInitialTimeout(t *testing.T) {
	t0 := time.Unix(0, 0)
	wd := NewWatchdog(2*time.Second, 10*time.Second, t0)
	if wd.Expired(t0.Add(5*time.Second)) || !wd.Expired(t0.Add(10*time.Second)) {
		t.Error("before the first packet the initial timeout applies")
	}
	wd.Touch(t0.Add(6 * time.Second))
	if wd.Expired(t0.Add(7*time.Second)) || !wd.Expired(t0.Add(8*time.Second)) {
		t.Error("after the first packet the media timeout applies")
	}
	if NewWatchdog(5*time.Second, time.Second, t0).Limit() != 5*time.Second {
		t.Error("an initial timeout shorter than the media timeout must not shorten it")
	}
}

func TestSampleBudget(t *testing.T) {
	b := newSampleBudget(8000, 100*time.Millisecond) // 800-sample burst
	t0 := time.Unix(0, 0)
	if !b.take(800, t0) || b.take(1, t0) {
		t.Error("burst not enforced")
	}
	if !b.take(160, t0.Add(20*time.Millisecond)) {
		t.Error("real-time refill not granted")
	}
}
