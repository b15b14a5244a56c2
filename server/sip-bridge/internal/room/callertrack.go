package room

import (
	"fmt"
	"sync"
	"sync/atomic"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/media-sdk/opus"
	"github.com/livekit/media-sdk/rtp"
	protologger "github.com/livekit/protocol/logger"
	"github.com/pion/webrtc/v4"
)

// opusRate is WebRTC's Opus clock rate.
const opusRate = 48000

// callerTrack publishes the caller's audio as Opus, encoding each 20 ms
// frame the moment it leaves the jitter buffer. It replaces server-sdk-go's
// PCMLocalTrack, whose unbounded queue is drained by a 10 ms ticker: on a
// busy machine the ticker drops ticks, the queue never catches up, and the
// caller's voice reached the agent over a second late within a minute of
// call (measured: 1.2 s after 15 s on two loaded cores). Incoming RTP is
// already paced by the caller's clock, so no queue is needed; this is the
// chain livekit-sip itself uses (resample → Opus → sample writer → track).
type callerTrack struct {
	*webrtc.TrackLocalStaticSample
	rate   int
	mu     sync.Mutex // one encoder, frames in order
	enc    msdk.PCM16Writer
	bound  atomic.Bool
	closed atomic.Bool
}

func newCallerTrack(sampleRate int, id string) (*callerTrack, error) {
	track, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus}, "phone-"+id, "phone-"+id)
	if err != nil {
		return nil, err
	}
	samples := msdk.FromSampleWriter[opus.Sample](track, opusRate, rtp.DefFrameDur)
	enc, err := opus.Encode(samples, 1, protologger.GetLogger())
	if err != nil {
		return nil, fmt.Errorf("opus encoder: %w", err)
	}
	return &callerTrack{TrackLocalStaticSample: track, rate: sampleRate, enc: msdk.ResampleWriter(enc, sampleRate)}, nil
}

// Bind is called by pion once the track is negotiated; frames before that
// have nowhere to go and are dropped.
func (t *callerTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	params, err := t.TrackLocalStaticSample.Bind(ctx)
	if err == nil {
		t.bound.Store(true)
	}
	return params, err
}

func (t *callerTrack) String() string  { return "CallerTrack" }
func (t *callerTrack) SampleRate() int { return t.rate }

// WriteSample encodes and sends one frame now. Errors are swallowed: a
// frame that cannot be sent (not yet bound, closing) must not stop the RTP
// reader feeding it.
func (t *callerTrack) WriteSample(s msdk.PCM16Sample) error {
	if len(s) == 0 || !t.bound.Load() || t.closed.Load() {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.enc.WriteSample(s)
	return nil
}

func (t *callerTrack) Close() error {
	if t.closed.Swap(true) {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.enc.Close()
}
