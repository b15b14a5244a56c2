package bridge

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/diago"
	"github.com/emiago/sipgo/sip"
	"github.com/livekit/media-sdk/dtmf"
	"github.com/livekit/protocol/livekit"

	"voiceagent/sipbridge/internal/control"
	"voiceagent/sipbridge/internal/media"
	"voiceagent/sipbridge/internal/room"
)

// Participant attributes livekit-sip sets beyond protocol's livekit.AttrSIP* names.
const (
	attrCallIDFull   = livekit.AttrSIPPrefix + "callIDFull"
	attrHangupReason = livekit.AttrSIPPrefix + "hangupReason"
	statusDialing    = "dialing"
	statusRinging    = "ringing"
	statusActive     = "active"
	statusHangup     = "hangup"

	dirInbound  = "inbound"
	dirOutbound = "outbound"
)

// sipDialog is what a call needs from diago's inbound or outbound dialog.
type sipDialog interface {
	Context() context.Context
	Hangup(ctx context.Context) error
	Do(ctx context.Context, req *sip.Request) (*sip.Response, error)
	RemoteContact() *sip.ContactHeader
}

// endReason says why a call ends and who hangs up. The name goes to the
// participant as sip.hangupReason (the worker tells a media timeout from a
// BYE by it) and to /stats.
type endReason struct {
	name       string // hang-up reason: stats, log, sip.hangupReason
	byeByUs    bool   // the bridge sends BYE (else the caller already did)
	failure    string // non-empty: reported as the call's error
	disconnect livekit.DisconnectReason
}

var (
	endCallerBye   = endReason{name: "caller-hangup"}
	endCalleeBye   = endReason{name: "callee-hangup"}
	endTransferred = endReason{name: "transferred", byeByUs: true}
	endShutdown    = endReason{name: "shutdown", byeByUs: true}
	endMaxDuration = endReason{name: "max-call-duration", byeByUs: true}
)

// endRoomGone: removed from the room (the agent hung up) or the room
// closed. The room side chose to end the call, so it is not a failure.
var endRoomGone = endReason{name: "participant-removed", byeByUs: true}

func endMediaTimeout(d time.Duration) endReason {
	return endReason{name: "media-timeout", byeByUs: true, failure: fmt.Sprintf("media timeout: no RTP from the caller for %s", d),
		disconnect: livekit.DisconnectReason_MEDIA_FAILURE}
}

func endFailed(name, why string) endReason {
	return endReason{name: name, byeByUs: true, failure: why}
}

// Call is one SIP leg bridged to one room participant, inbound or outbound.
type Call struct {
	b         *Bridge
	ID        string // LiveKit's SCL_… call id (participant attribute sip.callID)
	SIPCallID string // the SIP Call-ID header
	dir       string
	log       *slog.Logger
	created   time.Time
	state     *control.CallState
	release   func()
	ctx       context.Context // ends when the call is finished
	cancel    context.CancelFunc

	mu          sync.Mutex
	dialog      sipDialog
	part        *room.Participant
	roomName    string
	identity    string
	status      string
	codec       media.Codec
	recv        *media.Receiver
	send        *media.Sender
	watchdog    *media.Watchdog
	answeredAt  time.Time
	topic       bool   // transfer topic registered
	farHost     string // where tel: transfer targets are sent (the peer that talks to us)
	farPort     int
	transferred bool
	referring   *pending // the REFER in progress or done, if any

	endCh    chan endReason
	notifyCh chan notifyResult // REFER progress (NOTIFY sipfrag)
	finished atomic.Bool
}

// newCall registers a call. log must already carry everything known about
// it: c.log is read by other goroutines (transfers, room callbacks, NOTIFYs)
// from here on and is never reassigned.
func (b *Bridge) newCall(id, sipCallID, dir string, release func(), state *control.CallState, log *slog.Logger) *Call {
	c := &Call{
		b: b, ID: id, SIPCallID: sipCallID, dir: dir, created: time.Now(), state: state, release: release,
		log:      log.With("direction", dir),
		endCh:    make(chan endReason, 1),
		notifyCh: make(chan notifyResult, 8),
	}
	c.ctx, c.cancel = context.WithCancel(b.ctx)
	b.wg.Add(1)
	b.calls.add(c)
	return c
}

func (c *Call) participant() *room.Participant {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.part
}

func (c *Call) getDialog() sipDialog {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dialog
}

func (c *Call) answered() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.answeredAt.IsZero()
}

// setStatus moves sip.callStatus on the participant (the worker reads it).
func (c *Call) setStatus(status string) {
	c.mu.Lock()
	c.status = status
	part := c.part
	c.mu.Unlock()
	if part != nil {
		part.SetAttributes(map[string]string{livekit.AttrSIPCallStatus: status})
	}
}

// registerTopic makes livekit-server's transfers for this call reach us.
func (c *Call) registerTopic() error {
	if c.b.svc == nil {
		return nil
	}
	if err := c.b.svc.RegisterCall(c.ID); err != nil {
		return err
	}
	c.mu.Lock()
	c.topic = true
	c.mu.Unlock()
	return nil
}

// requestEnd asks the call's goroutine to end it; the first request wins.
func (c *Call) requestEnd(r endReason) {
	select {
	case c.endCh <- r:
	default:
	}
}

// startMedia wires RTP ⇄ room once SDP is settled (200 OK sent or received).
func (c *Call) startMedia(med *diago.DialogMedia) error {
	codec, err := negotiatedCodec(med)
	if err != nil {
		return err
	}
	sess := med.MediaSession()
	wd := media.NewWatchdog(c.b.conf.MediaTimeout, c.b.conf.MediaTimeoutInitial, time.Now())
	part := c.participant()
	send := media.NewSender(codec, sess)
	recv := media.NewReceiver(codec, part.CallerAudio(), c.onCallerDigit, wd, true, c.log)
	c.mu.Lock()
	c.codec, c.send, c.recv, c.watchdog = codec, send, recv, wd
	c.answeredAt = time.Now()
	c.mu.Unlock()
	part.SetOutput(send)
	go func() {
		defer c.recoverPanic("rtp reader")
		if err := recv.Run(sess); err != nil {
			c.log.Warn("RTP reader stopped", "error", err.Error())
		}
	}()
	c.log.Info("media flowing", "codec", codec.Name, "local", sess.Laddr.String(), "remote", sess.Raddr.String(), "telephoneEvent", codec.DTMFRecvPT >= 0)
	return nil
}

// negotiatedCodec reads what diago settled on: the first common audio codec
// and the telephone-event type, with the peer's payload type mapping.
func negotiatedCodec(med *diago.DialogMedia) (media.Codec, error) {
	var codec media.Codec
	found := false
	var te *[2]uint8
	for _, c := range med.MediaSession().CommonCodecs() {
		if strings.EqualFold(c.Name, "telephone-event") {
			if te == nil && c.SampleRate == 8000 {
				te = &[2]uint8{c.PayloadType, c.PayloadTypeRecv()}
			}
			continue
		}
		if found {
			continue
		}
		if cc, err := media.CodecFor(c.Name, c.PayloadType, c.PayloadTypeRecv()); err == nil {
			codec, found = cc, true
		}
	}
	if !found {
		return media.Codec{}, fmt.Errorf("no common G.711 codec")
	}
	if te != nil {
		codec = codec.WithDTMF(te[0], te[1])
	}
	return codec, nil
}

// onCallerDigit forwards an RFC 4733 key press as a SipDTMF data packet.
func (c *Call) onCallerDigit(ev dtmf.Event) {
	part := c.participant()
	if part == nil {
		return
	}
	c.log.Info("caller pressed a key", "digit", string(ev.Digit))
	if err := part.PublishDTMF(uint32(ev.Code), string(ev.Digit)); err != nil {
		c.log.Warn("key press not delivered to the room", "digit", string(ev.Digit), "error", err.Error())
	}
}

// onRoomDigit plays a key press published in the room to the caller.
func (c *Call) onRoomDigit(code uint32, digit string) {
	c.mu.Lock()
	send := c.send
	c.mu.Unlock()
	if send == nil || digit == "" {
		return
	}
	go func() {
		defer c.recoverPanic("dtmf writer")
		if err := send.WriteDigits(c.ctx, digit); err != nil && c.ctx.Err() == nil {
			c.log.Warn("key press not sent to the caller", "digit", digit, "error", err.Error())
			return
		}
		c.log.Info("sent key press to the caller", "digit", digit)
	}()
}

// waitForEnd blocks while the answered call runs and says why it ended.
func (c *Call) waitForEnd() endReason {
	c.mu.Lock()
	dialog, part, wd := c.dialog, c.part, c.watchdog
	c.mu.Unlock()
	timedOut := make(chan struct{})
	wctx, stop := context.WithCancel(c.ctx)
	defer stop()
	go func() {
		if wd.Wait(wctx) {
			close(timedOut)
		}
	}()
	maxDur := time.NewTimer(c.b.conf.MaxCallDuration)
	defer maxDur.Stop()
	select {
	case <-dialog.Context().Done():
		if c.dir == dirOutbound {
			return endCalleeBye
		}
		return endCallerBye
	case <-part.Gone():
		c.log.Info("participant left the room; hanging up", "why", part.GoneReason())
		return endRoomGone
	case <-timedOut:
		c.b.count.mediaTimeouts.Add(1)
		return endMediaTimeout(wd.Limit())
	case r := <-c.endCh:
		return r
	case <-maxDur.C:
		return endMaxDuration
	}
}

func (c *Call) stats() CallStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := CallStats{
		CallID: c.ID, SIPCallID: c.SIPCallID, Direction: c.dir, Status: c.status,
		Room: c.roomName, Participant: c.identity, Codec: c.codec.Name,
		DurationSeconds: int64(time.Since(c.created).Seconds()),
	}
	if c.recv != nil {
		rs := &c.recv.Stats
		s.RTPIn = rs.Packets.Load()
		s.RTPInAudioLoud = rs.AudioLoud.Load()
		s.RTPIgnored = rs.WrongPT.Load() + rs.WrongSSRC.Load() + rs.Malformed.Load() + rs.Flooded.Load()
		s.DigitsIn = rs.DTMF.Load()
	}
	if c.send != nil {
		s.RTPOut = c.send.Stats.Frames.Load()
		s.RTPOutLoud = c.send.Stats.LoudFrames.Load()
		s.DigitsOut = c.send.Stats.Digits.Load()
	}
	return s
}
