// Package room is a call's presence in a LiveKit room: a participant of kind
// SIP that publishes the caller's audio, mixes every subscribed audio track
// back into one 8 kHz stream for the caller, relays SipDTMF data packets both
// ways and reports when the server removed it (or closed the room).
package room

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/media-sdk/mixer"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	lkmedia "github.com/livekit/server-sdk-go/v2/pkg/media"
	"github.com/pion/webrtc/v4"
)

// Options for Join.
type Options struct {
	URL, Token  string
	SampleRate  int // caller-side PCM rate (8000 for G.711)
	JoinTimeout time.Duration
	Log         *slog.Logger
	// OnDTMF receives key presses other participants publish (SipDTMF),
	// to be played to the caller as telephone-events.
	OnDTMF func(code uint32, digit string)
}

// Participant is the joined SIP participant.
type Participant struct {
	room  *lksdk.Room
	track *callerTrack
	mix   *mixer.Mixer
	out   *msdk.SwitchWriter // mixer → caller; empty until the call is answered
	log   *slog.Logger

	mu       sync.Mutex
	remotes  map[string]*remoteAudio // by track SID
	closing  bool
	gone     chan struct{}
	goneOnce sync.Once
	reason   string
	// heard is closed when the first audio track of another participant
	// (the agent) is being mixed: what livekit-sip waits for before it answers.
	heard     chan struct{}
	heardOnce sync.Once
}

type remoteAudio struct {
	track *lkmedia.PCMRemoteTrack
	input *mixer.Input
}

// Join connects to the room with a token minted for this call and publishes
// the caller's audio track. The room's audio is mixed from the start but
// reaches the caller only after SetOutput.
func Join(o Options) (*Participant, error) {
	p := &Participant{
		out:     msdk.NewSwitchWriter(o.SampleRate),
		log:     o.Log,
		remotes: map[string]*remoteAudio{},
		gone:    make(chan struct{}),
		heard:   make(chan struct{}),
	}
	mix, err := mixer.NewMixer(p.out, 20*time.Millisecond, 1, mixer.WithOutputChannel())
	if err != nil {
		return nil, err
	}
	p.mix = mix

	cb := lksdk.NewRoomCallback()
	cb.ParticipantCallback.OnTrackSubscribed = p.onTrackSubscribed
	cb.ParticipantCallback.OnTrackUnsubscribed = p.onTrackUnsubscribed
	cb.ParticipantCallback.OnDataPacket = func(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
		if d, ok := data.(*livekit.SipDTMF); ok && o.OnDTMF != nil {
			o.OnDTMF(d.Code, d.Digit)
		}
	}
	cb.OnDisconnectedWithReason = func(reason lksdk.DisconnectionReason) { p.markGone(string(reason)) }

	room, err := lksdk.ConnectToRoomWithToken(o.URL, o.Token, cb,
		lksdk.WithAutoSubscribe(true),
		lksdk.WithConnectTimeout(o.JoinTimeout))
	if err != nil {
		mix.Stop()
		return nil, fmt.Errorf("join room: %w", err)
	}
	p.room = room

	track, err := newCallerTrack(o.SampleRate, room.LocalParticipant.Identity())
	if err != nil {
		p.Close(livekit.DisconnectReason_CLIENT_INITIATED)
		return nil, err
	}
	p.track = track
	if _, err := room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{
		Name: "phone", Source: livekit.TrackSource_MICROPHONE,
	}); err != nil {
		p.Close(livekit.DisconnectReason_CLIENT_INITIATED)
		return nil, fmt.Errorf("publish caller audio: %w", err)
	}
	return p, nil
}

// Heard is closed once another participant's audio track is subscribed and
// mixed, i.e. someone (the agent) can be heard by the caller.
func (p *Participant) Heard() <-chan struct{} { return p.heard }

// SID and Identity of the SIP participant.
func (p *Participant) SID() string      { return p.room.LocalParticipant.SID() }
func (p *Participant) Identity() string { return p.room.LocalParticipant.Identity() }

// RoomSID blocks until the server assigned it (up to ~2 s after joining).
func (p *Participant) RoomSID() string { return p.room.SID() }

// CallerAudio is where the caller's decoded audio goes (8 kHz PCM → Opus).
func (p *Participant) CallerAudio() msdk.PCM16Writer { return callerAudio{p.track} }

// SetOutput routes the room mix to w (the caller's RTP sender); nil stops it.
func (p *Participant) SetOutput(w msdk.PCM16Writer) {
	if old := p.out.Swap(w); old != nil {
		_ = old.Close()
	}
}

// SetAttributes updates this participant's attributes (e.g. sip.callStatus).
func (p *Participant) SetAttributes(attrs map[string]string) {
	p.room.LocalParticipant.SetAttributes(attrs)
}

// SetAttributesConfirmed sets attributes and waits, up to timeout, until
// the server has applied them (it echoes our own participant info back).
// Used where the order matters to someone watching the room: "active"
// before CreateSIPParticipant returns, "hangup" + reason before we leave.
func (p *Participant) SetAttributesConfirmed(attrs map[string]string, timeout time.Duration) bool {
	p.room.LocalParticipant.SetAttributes(attrs)
	deadline := time.Now().Add(timeout)
	for {
		current := p.room.LocalParticipant.Attributes()
		applied := true
		for k, v := range attrs {
			if current[k] != v {
				applied = false
				break
			}
		}
		if applied {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// PublishDTMF announces a caller key press to the room (RoomEvent.DtmfReceived).
func (p *Participant) PublishDTMF(code uint32, digit string) error {
	return p.room.LocalParticipant.PublishDTMF(code, digit)
}

// Gone is closed when the server removed this participant or closed the
// room, or the connection died: the call must then end with a BYE.
func (p *Participant) Gone() <-chan struct{} { return p.gone }

// GoneReason says why Gone closed.
func (p *Participant) GoneReason() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reason
}

func (p *Participant) markGone(reason string) {
	p.mu.Lock()
	closing := p.closing
	if !closing {
		p.reason = reason
	}
	p.mu.Unlock()
	if closing {
		return // our own Close, not the server's doing
	}
	p.goneOnce.Do(func() { close(p.gone) })
}

func (p *Participant) onTrackSubscribed(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	if track.Kind() != webrtc.RTPCodecTypeAudio {
		return
	}
	input := p.mix.NewInput()
	if input == nil {
		return // mixer stopped: call is ending
	}
	remote, err := lkmedia.NewPCMRemoteTrack(track, input, lkmedia.WithTargetSampleRate(p.mix.SampleRate()))
	if err != nil {
		input.Close()
		p.log.Warn("cannot mix room audio track", "track", pub.SID(), "participant", rp.Identity(), "error", err.Error())
		return
	}
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		remote.Close()
		input.Close()
		return
	}
	p.remotes[pub.SID()] = &remoteAudio{track: remote, input: input}
	p.mu.Unlock()
	p.heardOnce.Do(func() { close(p.heard) })
	p.log.Debug("mixing room audio", "track", pub.SID(), "participant", rp.Identity())
}

func (p *Participant) onTrackUnsubscribed(_ *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
	p.mu.Lock()
	r := p.remotes[pub.SID()]
	delete(p.remotes, pub.SID())
	p.mu.Unlock()
	if r != nil {
		r.track.Close()
		r.input.Close()
	}
}

// Close leaves the room (if still in it) with reason — livekit-sip's
// USER_REJECTED for busy/declined, USER_UNAVAILABLE for no answer, … — and
// releases the mixer and tracks. Safe to call more than once.
func (p *Participant) Close(reason livekit.DisconnectReason) {
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		return
	}
	p.closing = true
	remotes := p.remotes
	p.remotes = nil
	p.mu.Unlock()

	p.SetOutput(nil)
	p.mix.Stop()
	for _, r := range remotes {
		r.track.Close()
		r.input.Close()
	}
	if p.track != nil {
		_ = p.track.Close()
	}
	if p.room != nil {
		p.room.DisconnectWithReason(reason)
	}
}

// callerAudio drops frames once the track is closed instead of failing the
// RTP reader: a late packet after hang-up is normal. Closing is the
// Participant's job, not the writer chain's.
type callerAudio struct{ t *callerTrack }

func (c callerAudio) String() string  { return "room" }
func (c callerAudio) SampleRate() int { return c.t.SampleRate() }
func (c callerAudio) Close() error    { return nil }
func (c callerAudio) WriteSample(s msdk.PCM16Sample) error {
	_ = c.t.WriteSample(s)
	return nil
}
