package media

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/media-sdk/dtmf"
	"github.com/livekit/media-sdk/rtp"
	prtp "github.com/pion/rtp"
)

// maxAudioPayload bounds one G.711 packet to 120 ms; bigger is not a phone.
const maxAudioPayload = 960

// PacketReader is the RTP socket (diago's MediaSession in production).
type PacketReader interface {
	ReadRTPRaw(buf []byte) (int, error)
}

// ReceiverStats are per-call counters, read by /stats and the end-of-call log.
type ReceiverStats struct {
	Packets      atomic.Uint64 // every datagram read
	Audio        atomic.Uint64 // G.711 packets accepted
	AudioLoud    atomic.Uint64 // of which not silence (helps tell "no audio" from "silent audio")
	DTMF         atomic.Uint64 // key presses reported
	ComfortNoise atomic.Uint64
	WrongPT      atomic.Uint64 // valid RTP with a payload type not negotiated
	WrongSSRC    atomic.Uint64 // audio from a second source while the first is still talking
	Malformed    atomic.Uint64 // not RTP at all, or truncated
	Flooded      atomic.Uint64 // audio packets dropped for arriving faster than real time
}

// Receiver validates and routes one call's incoming RTP. Garbage never
// reaches the decoder or the room: it is counted and dropped.
type Receiver struct {
	codec    Codec
	audio    rtp.HandlerCloser // jitter buffer → decoder → room
	onDTMF   func(dtmf.Event)
	detector DTMFDetector
	watchdog *Watchdog
	budget   *sampleBudget
	log      *slog.Logger
	Stats    ReceiverStats

	// Audio is latched to one SSRC at a time (Handle runs on one goroutine).
	ssrc      uint32
	ssrcSet   bool
	lastAudio time.Time
}

// ssrcSwitchAfter is how long the current audio source must be silent
// before another SSRC may take over. Legitimate switches (a PBX re-routing
// media after hold or transfer) come with a pause; packets injected by a
// third party while the caller talks are dropped instead of mixed into the
// jitter buffer, which would garble the caller.
const ssrcSwitchAfter = 500 * time.Millisecond

// NewReceiver wires decoded caller audio to out (8 kHz PCM) and key presses
// to onDTMF. With jitterBuffer, audio passes media-sdk's jitter buffer
// (reordering, loss concealment by skipping) before decoding.
func NewReceiver(codec Codec, out msdk.PCM16Writer, onDTMF func(dtmf.Event), wd *Watchdog, jitterBuffer bool, log *slog.Logger) *Receiver {
	r := &Receiver{codec: codec, onDTMF: onDTMF, watchdog: wd, budget: newSampleBudget(SampleRate, 500*time.Millisecond), log: log}
	decode := rtp.NewNopCloser(rtp.HandlerFunc(func(_ *prtp.Header, payload []byte) error {
		pcm := make(msdk.PCM16Sample, len(payload))
		codec.decode(pcm, payload)
		if loud(pcm) {
			r.Stats.AudioLoud.Add(1)
		}
		return out.WriteSample(pcm)
	}))
	if jitterBuffer {
		r.audio = rtp.HandleJitter(decode)
	} else {
		r.audio = decode
	}
	return r
}

// Handle processes one datagram received at now.
func (r *Receiver) Handle(data []byte, now time.Time) {
	r.Stats.Packets.Add(1)
	var p prtp.Packet
	if len(data) < 12 || p.Unmarshal(data) != nil || p.Version != 2 {
		r.Stats.Malformed.Add(1)
		return
	}
	switch pt := p.PayloadType; {
	case pt == r.codec.RecvPT:
		if len(p.Payload) == 0 || len(p.Payload) > maxAudioPayload {
			r.Stats.Malformed.Add(1)
			return
		}
		if r.ssrcSet && p.SSRC != r.ssrc && now.Sub(r.lastAudio) < ssrcSwitchAfter {
			r.Stats.WrongSSRC.Add(1)
			return
		}
		r.ssrc, r.ssrcSet, r.lastAudio = p.SSRC, true, now
		r.watchdog.Touch(now)
		if !r.budget.take(len(p.Payload), now) {
			r.Stats.Flooded.Add(1)
			return
		}
		r.Stats.Audio.Add(1)
		// The jitter buffer keeps the packet; data is our read buffer, reused next read.
		payload := append([]byte(nil), p.Payload...)
		if err := r.audio.HandleRTP(&p.Header, payload); err != nil {
			r.log.Debug("caller audio not delivered", "error", err.Error())
		}
	case r.codec.DTMFRecvPT >= 0 && int(pt) == r.codec.DTMFRecvPT:
		if len(p.Payload) < 4 {
			r.Stats.Malformed.Add(1)
			return
		}
		r.watchdog.Touch(now)
		if ev, ok := r.detector.Handle(&p.Header, p.Payload); ok {
			r.Stats.DTMF.Add(1)
			r.onDTMF(ev)
		}
	case pt == PayloadTypeComfortNoise:
		r.watchdog.Touch(now)
		r.Stats.ComfortNoise.Add(1)
	default:
		r.Stats.WrongPT.Add(1)
	}
}

// Run reads datagrams until the socket is closed (the call ended). A panic
// while handling one packet is logged and that packet dropped: a malformed
// packet must never take the process, or the call, down.
func (r *Receiver) Run(conn PacketReader) error {
	buf := make([]byte, 1600)
	consecutiveErrors := 0
	for {
		n, err := conn.ReadRTPRaw(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			consecutiveErrors++
			if consecutiveErrors > 50 {
				return fmt.Errorf("rtp read keeps failing: %w", err)
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		consecutiveErrors = 0
		r.safeHandle(buf[:n])
	}
}

func (r *Receiver) safeHandle(data []byte) {
	defer func() {
		if p := recover(); p != nil {
			r.Stats.Malformed.Add(1)
			r.log.Error("panic while handling an RTP packet; packet dropped", "panic", fmt.Sprint(p))
		}
	}()
	r.Handle(data, time.Now())
}

// Close stops the jitter buffer's timer goroutine.
func (r *Receiver) Close() { r.audio.Close() }

// loud reports whether a frame is more than line noise (±200 of 32767).
func loud(pcm []int16) bool {
	for _, v := range pcm {
		if v > 200 || v < -200 {
			return true
		}
	}
	return false
}
