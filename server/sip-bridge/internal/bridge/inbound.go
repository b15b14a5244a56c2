package bridge

import (
	"fmt"
	"maps"
	"net"
	"net/netip"
	"runtime/debug"
	"time"

	"github.com/emiago/diago"
	"github.com/emiago/sipgo/sip"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	lksip "github.com/livekit/protocol/sip"

	"voiceagent/sipbridge/internal/control"
	"voiceagent/sipbridge/internal/media"
	"voiceagent/sipbridge/internal/room"
	"voiceagent/sipbridge/internal/siputil"
)

// handleInvite runs one inbound call from INVITE to hang-up. diago calls it
// on the INVITE's goroutine and hangs up when it returns, so it blocks for
// the call's lifetime.
//
// INVITE → trunk auth (digest 407 when the trunk has credentials) → dispatch
// rules → 180 Ringing → join the room as a SIP participant → 200 OK → media
// until BYE, removal from the room, media timeout, transfer or shutdown.
func (b *Bridge) handleInvite(d *diago.DialogServerSession) {
	req := d.InviteRequest
	log := b.log.With("sipCallID", callIDOf(req), "source", req.Source())
	var c *Call // set once the call is admitted; a panic then ends it on every side
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		b.count.panics.Add(1)
		log.Error("panic in inbound call", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		if c != nil {
			c.finish(endFailed("panic", "internal error"))
		}
		_ = d.Respond(500, "Server Internal Error", nil) // fails harmlessly once answered
	}()

	release, ok := b.limiter.Acquire()
	if !ok {
		b.refuse(d, &control.Rejection{Status: 503, Reason: "Service Unavailable", Why: "max_concurrent_calls reached"})
		return
	}
	defer release() // idempotent; the call's finish releases it earlier

	id := lksip.NewCallID()
	call := inboundCallInfo(id, req)
	log = log.With("callID", id, "from", call.From.User, "to", call.To.User)
	_ = d.Trying()
	invited := time.Now()
	log.Info("incoming call")

	ctx := d.Context()
	creds, rej := control.AuthDecision(b.io.Authenticate(ctx, call))
	if rej != nil {
		release() // before answering: a final response waits for the caller's ACK
		b.refuseLogged(d, rej, log)
		return
	}
	if creds != nil && !b.checkDigest(d, creds, release, log) {
		return
	}

	b.count.inboundOffered.Add(1)
	state := control.NewCallState(b.io, &livekit.SIPCallInfo{
		CallId:        id,
		SipCallId:     call.SipCallId,
		CallDirection: livekit.SIPCallDirection_SCD_INBOUND,
		CallStatus:    livekit.SIPCallStatus_SCS_CALL_INCOMING,
		FromUri:       call.From,
		ToUri:         call.To,
		CreatedAtNs:   time.Now().UnixNano(),
	}, log)
	disp, err := b.io.Dispatch(ctx, call, "")
	if rej := control.DispatchDecision(disp, err); rej != nil {
		release()
		name := fmt.Sprintf("rejected-%d", rej.Status)
		b.count.end(name)
		state.Finish(func(info *livekit.SIPCallInfo) {
			info.CallStatus, info.Error, info.EndedAtNs = livekit.SIPCallStatus_SCS_ERROR, rej.Why, time.Now().UnixNano()
		})
		b.refuseLogged(d, rej, log)
		return
	}
	c = b.newCall(id, call.SipCallId, dirInbound, release, state,
		log.With("room", disp.RoomName, "participant", disp.ParticipantIdentity))
	c.mu.Lock()
	c.dialog = d
	// tel: transfer targets go to whoever sent us the call (the caller's proxy).
	c.farHost, c.farPort, _ = siputil.HostPort(req.Source())
	c.mu.Unlock()
	state.Update(func(info *livekit.SIPCallInfo) {
		info.TrunkId = disp.SipTrunkId
		info.DispatchRuleId = disp.SipDispatchRuleId
		info.RoomName = disp.RoomName
		info.ParticipantIdentity = disp.ParticipantIdentity
	})

	_ = d.Ringing()
	if err := c.joinInbound(disp, call); err != nil {
		c.finish(endFailed("room-join-failed", err.Error()))
		b.refuseLogged(d, &control.Rejection{Status: 480, Reason: "Temporarily Unavailable", Why: err.Error()}, c.log)
		return
	}
	if ctx.Err() != nil { // CANCEL while we were joining
		c.finish(endReason{name: "caller-cancelled"})
		return
	}
	// Ring until the agent can be heard, so the caller's first second is the
	// greeting, not dead air (livekit-sip answers on the agent's track too).
	part := c.participant()
	waited := time.Now()
	wait := time.NewTimer(b.conf.AnswerWait)
	select {
	case <-part.Heard():
		wait.Stop()
		c.log.Info("agent audio in the room; answering", "waitedMs", time.Since(waited).Milliseconds())
	case <-wait.C:
		c.log.Warn("nobody to hear in the room yet; answering anyway", "waitedMs", time.Since(waited).Milliseconds())
	case <-ctx.Done():
		wait.Stop()
		c.finish(endReason{name: "caller-cancelled"})
		return
	case <-part.Gone():
		wait.Stop()
		c.finish(endFailed("room-closed", "the room closed before the call was answered: "+part.GoneReason()))
		b.refuseLogged(d, &control.Rejection{Status: 480, Reason: "Temporarily Unavailable", Why: "room closed while ringing"}, c.log)
		return
	}

	med, err := d.Answer(diago.AnswerOptions{})
	if err != nil {
		c.log.Warn("answer failed", "error", err.Error())
		c.finish(endFailed("answer-failed", "answer failed: "+err.Error()))
		return
	}
	if err := c.startMedia(med); err != nil {
		c.finish(endFailed("media-failed", err.Error()))
		return
	}
	b.count.inboundAnswered.Add(1)
	c.setStatus(statusActive)
	state.Update(func(info *livekit.SIPCallInfo) {
		info.CallStatus = livekit.SIPCallStatus_SCS_ACTIVE
		info.StartedAtNs = time.Now().UnixNano()
		info.AudioCodec = c.codec.Name
	})
	c.log.Info("call answered", "setupMs", time.Since(invited).Milliseconds())
	c.finish(c.waitForEnd())
}

// joinInbound joins the room the dispatch rule chose, with livekit-sip's
// attributes, and registers the call for transfers first so a transfer
// issued the moment the participant appears already finds it.
func (c *Call) joinInbound(disp *rpc.EvaluateSIPDispatchRulesResponse, call *rpc.SIPCall) error {
	attrs := maps.Clone(disp.ParticipantAttributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs[livekit.AttrSIPCallID] = c.ID
	attrs[attrCallIDFull] = c.SIPCallID
	attrs[livekit.AttrSIPCallStatus] = statusRinging
	if disp.SipTrunkId != "" {
		attrs[livekit.AttrSIPTrunkID] = disp.SipTrunkId
	}
	if disp.SipDispatchRuleId != "" {
		attrs[livekit.AttrSIPDispatchRuleID] = disp.SipDispatchRuleId
	}
	identity := disp.ParticipantIdentity
	if identity == "" {
		identity = "sip_" + call.From.User
	}
	name := disp.ParticipantName
	if name == "" {
		name = "Phone " + call.From.User
	}
	if err := c.registerTopic(); err != nil {
		return fmt.Errorf("register for transfers: %w", err)
	}
	return c.join(joinParams{
		room: disp.RoomName, identity: identity, name: name, metadata: disp.ParticipantMetadata,
		attrs: attrs, preset: disp.RoomPreset, roomConfig: disp.RoomConfig, status: statusRinging,
	})
}

type joinParams struct {
	room, identity, name, metadata string
	attrs                          map[string]string
	preset                         string
	roomConfig                     *livekit.RoomConfiguration
	status                         string
}

// join mints the participant's token (the server's dispatch answer carries
// none) and connects it to the room.
func (c *Call) join(p joinParams) error {
	token, err := lksip.BuildSIPToken(lksip.SIPTokenParams{
		APIKey: c.b.conf.APIKey, APISecret: c.b.conf.APISecret,
		RoomName: p.room, ParticipantIdentity: p.identity, ParticipantName: p.name,
		ParticipantMetadata: p.metadata, ParticipantAttributes: p.attrs,
		RoomPreset: p.preset, RoomConfig: p.roomConfig,
	})
	if err != nil {
		return err
	}
	part, err := room.Join(room.Options{
		URL: c.b.conf.WSURL, Token: token, SampleRate: media.SampleRate,
		JoinTimeout: c.b.conf.RoomJoinTimeout, Log: c.log, OnDTMF: c.onRoomDigit,
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.part, c.roomName, c.identity, c.status = part, p.room, p.identity, p.status
	c.mu.Unlock()
	c.log.Info("joined room", "participantSID", part.SID())
	return nil
}

// checkDigest answers 407 (challenge) or 403 (wrong credentials) and
// reports false, or reports true when the INVITE carries valid credentials.
func (b *Bridge) checkDigest(d *diago.DialogServerSession, creds *control.Credentials, release func(), log interface {
	Info(string, ...any)
}) bool {
	req := d.InviteRequest
	header := ""
	if h := req.GetHeader("Proxy-Authorization"); h != nil {
		header = h.Value()
	} else if h := req.GetHeader("Authorization"); h != nil {
		header = h.Value()
	}
	auth := b.auth
	if creds.Realm != "" && creds.Realm != auth.Realm {
		a := *auth
		a.Realm = creds.Realm
		auth = &a
	}
	result, challenge, why := auth.Check(header, req.Method.String(), callIDOf(req), creds.Username, creds.Password)
	switch result {
	case siputil.AuthOK:
		return true
	case siputil.AuthChallenge:
		release()
		b.count.reject(407)
		log.Info("digest challenge", "why", why)
		res := sip.NewResponseFromRequest(req, 407, "Proxy Authentication Required", nil)
		res.AppendHeader(sip.NewHeader("Proxy-Authenticate", challenge))
		_ = d.WriteResponse(res)
		return false
	default:
		release()
		b.count.reject(403)
		log.Info("INVITE refused", "status", 403, "why", "digest: "+why)
		_ = d.Respond(403, "Forbidden", nil)
		return false
	}
}

func (b *Bridge) refuse(d *diago.DialogServerSession, rej *control.Rejection) {
	b.count.reject(rej.Status)
	res := sip.NewResponseFromRequest(d.InviteRequest, rej.Status, rej.Reason, nil)
	if rej.Status == 503 {
		res.AppendHeader(sip.NewHeader("Retry-After", "5"))
	}
	_ = d.WriteResponse(res)
}

func (b *Bridge) refuseLogged(d *diago.DialogServerSession, rej *control.Rejection, log interface {
	Info(string, ...any)
}) {
	log.Info("INVITE refused", "status", rej.Status, "why", rej.Why)
	b.refuse(d, rej)
}

// inboundCallInfo describes the INVITE the way livekit-server matches trunks
// and rules: normalised numbers, the source IP without port.
func inboundCallInfo(id string, req *sip.Request) *rpc.SIPCall {
	src := req.Source()
	srcIP := src
	if ap, err := netip.ParseAddrPort(src); err == nil {
		srcIP = ap.Addr().String()
	} else if h, _, err := net.SplitHostPort(src); err == nil {
		srcIP = h
	}
	uri := func(u sip.Uri) *livekit.SIPUri {
		return &livekit.SIPUri{User: siputil.NormalizeUser(u.User), Host: u.Host, Port: uint32(u.Port)}
	}
	call := &rpc.SIPCall{LkCallId: id, SourceIp: srcIP, SipCallId: callIDOf(req), Address: uri(req.Recipient)}
	if f := req.From(); f != nil {
		call.From = uri(f.Address)
	}
	if t := req.To(); t != nil {
		call.To = uri(t.Address)
	}
	return call
}
