package media

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/media-sdk/rtp"
	prtp "github.com/pion/rtp"
)

// PacketWriter is the RTP socket (diago's MediaSession in production).
type PacketWriter interface {
	WriteRTP(p *prtp.Packet) error
}

// SenderStats count what went to the caller.
type SenderStats struct {
	Frames     atomic.Uint64 // 20 ms audio packets sent
	LoudFrames atomic.Uint64
	Digits     atomic.Uint64
	Errors     atomic.Uint64
}

// Sender encodes room audio to G.711 RTP for the caller and sends key
// presses as telephone-events on the same SSRC and sequence (media-sdk's
// SeqWriter keeps them consistent). It is a PCM16 writer: the room's mixer
// calls WriteSample once per 20 ms tick, which is what paces the RTP.
type Sender struct {
	codec  Codec
	audio  *rtp.Stream
	events *rtp.Stream // nil when the call negotiated no telephone-event
	dtmfMu sync.Mutex  // one digit sequence at a time
	closed atomic.Bool
	Stats  SenderStats
}

// NewSender writes to conn with the negotiated codec.
func NewSender(codec Codec, conn PacketWriter) *Sender {
	seq := rtp.NewSeqWriter(&packetWriter{conn: conn})
	s := &Sender{codec: codec, audio: seq.NewStream(codec.SendPT, SampleRate)}
	if codec.DTMFSendPT >= 0 {
		s.events = seq.NewStream(uint8(codec.DTMFSendPT), SampleRate)
	}
	return s
}

func (s *Sender) String() string  { return "G711Sender(" + s.codec.Name + ")" }
func (s *Sender) SampleRate() int { return SampleRate }

// WriteSample sends one frame. Errors are counted, not returned: a failed
// send (peer gone, ICMP unreachable) must not stop the mixer feeding it.
func (s *Sender) WriteSample(pcm msdk.PCM16Sample) error {
	if s.closed.Load() || len(pcm) == 0 {
		return nil
	}
	payload := make([]byte, len(pcm))
	s.codec.encode(payload, pcm)
	if loud(pcm) {
		s.Stats.LoudFrames.Add(1)
	}
	// RFC 3551: the first packet of a talkspurt carries the marker bit.
	first := s.Stats.Frames.Load() == 0 && s.Stats.Errors.Load() == 0
	if err := s.audio.WritePayload(payload, first); err != nil {
		s.Stats.Errors.Add(1)
		return nil
	}
	s.Stats.Frames.Add(1)
	return nil
}

// Close stops sending; later frames are dropped.
func (s *Sender) Close() error {
	s.closed.Store(true)
	return nil
}

// ErrNoTelephoneEvent: the caller's SDP did not offer RFC 4733.
var ErrNoTelephoneEvent = errors.New("caller did not negotiate telephone-event")

// WriteDigits sends digits as RFC 4733 events (about 250 ms each, with gaps).
func (s *Sender) WriteDigits(ctx context.Context, digits string) error {
	if s.events == nil {
		return ErrNoTelephoneEvent
	}
	if s.closed.Load() {
		return nil
	}
	s.dtmfMu.Lock()
	defer s.dtmfMu.Unlock()
	if err := WriteDigits(ctx, s.events, s.audio.GetCurrentTimestamp(), digits); err != nil {
		return err
	}
	s.Stats.Digits.Add(uint64(len(digits)))
	return nil
}

// packetWriter adapts media-sdk's header+payload writes to a socket.
type packetWriter struct{ conn PacketWriter }

func (w *packetWriter) String() string { return "rtp" }

func (w *packetWriter) WriteRTP(h *prtp.Header, payload []byte) (int, error) {
	p := prtp.Packet{Header: *h, Payload: payload}
	if err := w.conn.WriteRTP(&p); err != nil {
		return 0, err
	}
	return len(payload), nil
}
