package bridge

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"sort"
	"time"

	"github.com/emiago/diago"
	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	lksip "github.com/livekit/protocol/sip"
	"github.com/livekit/psrpc"

	"voiceagent/sipbridge/internal/control"
)

// Dial serves CreateSIPParticipant: join the room as the requested
// participant (callStatus "dialing"), INVITE the callee over the outbound
// trunk, and bridge once answered. With wait_until_answered the RPC returns
// after the 200 OK, or fails with the callee's SIP status (486 busy, 408 no
// answer, …); without it, it returns as soon as the participant exists and
// the outcome shows in sip.callStatus, as with livekit-sip.
func (b *Bridge) Dial(ctx context.Context, req *rpc.InternalCreateSIPParticipantRequest) (_ *rpc.InternalCreateSIPParticipantResponse, rpcErr error) {
	if b.stopping.Load() {
		return nil, psrpc.NewError(psrpc.Unavailable, errStopping)
	}
	if req.RoomName == "" {
		return nil, psrpc.NewErrorf(psrpc.InvalidArgument, "room name must be set")
	}
	target, err := buildDialTarget(req, b.announce)
	if err != nil {
		return nil, psrpc.NewError(psrpc.InvalidArgument, err)
	}
	release, ok := b.limiter.Acquire()
	if !ok {
		return nil, psrpc.NewErrorf(psrpc.ResourceExhausted, "max_concurrent_calls (%d) reached", b.limiter.Max())
	}
	id := req.SipCallId
	if id == "" {
		id = lksip.NewCallID()
	}
	b.count.outboundDialed.Add(1)
	log := b.log.With("callID", id, "to", target.uri.String(), "room", req.RoomName, "participant", req.ParticipantIdentity)
	state := control.NewCallState(b.io, &livekit.SIPCallInfo{
		CallId:                id,
		TrunkId:               req.SipTrunkId,
		RoomName:              req.RoomName,
		ParticipantIdentity:   req.ParticipantIdentity,
		ParticipantAttributes: req.ParticipantAttributes,
		CallDirection:         livekit.SIPCallDirection_SCD_OUTBOUND,
		CallStatus:            livekit.SIPCallStatus_SCS_PARTICIPANT_JOINED,
		ToUri:                 &livekit.SIPUri{User: target.to.User, Host: target.to.Host, Port: uint32(target.to.Port)},
		FromUri:               &livekit.SIPUri{User: target.from.User, Host: target.from.Host},
		CreatedAtNs:           time.Now().UnixNano(),
	}, log)
	c := b.newCall(id, "", dirOutbound, release, state, log)
	defer func() { // a bug while dialing ends this call, not the process
		if p := recover(); p != nil {
			b.count.panics.Add(1)
			c.log.Error("panic while dialing", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.finish(endFailed("panic", "internal error"))
			rpcErr = psrpc.NewErrorf(psrpc.Internal, "internal error")
		}
	}()
	c.mu.Lock()
	c.farHost, c.farPort = target.uri.Host, target.uri.Port
	c.mu.Unlock()

	attrs := maps.Clone(req.ParticipantAttributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs[livekit.AttrSIPCallID] = id
	attrs[livekit.AttrSIPCallStatus] = statusDialing
	identity := req.ParticipantIdentity
	if identity == "" {
		identity = "sip_" + target.to.User
	}
	if err := c.registerTopic(); err != nil {
		c.finish(endFailed("register-failed", err.Error()))
		return nil, psrpc.NewError(psrpc.Internal, err)
	}
	if err := c.join(joinParams{room: req.RoomName, identity: identity, name: req.ParticipantName,
		metadata: req.ParticipantMetadata, attrs: attrs, status: statusDialing}); err != nil {
		c.finish(endFailed("room-join-failed", err.Error()))
		return nil, psrpc.NewErrorf(psrpc.Unavailable, "join room %s: %v", req.RoomName, err)
	}
	resp := &rpc.InternalCreateSIPParticipantResponse{
		ParticipantId:       c.participant().SID(),
		ParticipantIdentity: identity,
		SipCallId:           id,
	}

	if !req.WaitUntilAnswered {
		go func() {
			defer c.finishOnPanic("outbound call")
			if err := c.dial(c.ctx, req, target); err != nil {
				return // dial finished the call
			}
			c.finish(c.waitForEnd())
		}()
		return resp, nil
	}
	if err := c.dial(ctx, req, target); err != nil {
		return nil, err
	}
	go func() {
		defer c.finishOnPanic("outbound call")
		c.finish(c.waitForEnd())
	}()
	return resp, nil
}

// dial INVITEs the callee and starts media on answer. On failure it finishes
// the call (leaving the room with callStatus hangup) and returns the error
// for the RPC.
func (c *Call) dial(ctx context.Context, req *rpc.InternalCreateSIPParticipantRequest, t dialTarget) error {
	ringing := c.b.conf.RingingTimeout
	if rt := req.GetRingingTimeout().AsDuration(); rt > 0 {
		ringing = rt
	}
	dctx, cancel := context.WithTimeout(ctx, ringing)
	defer cancel()
	part := c.participant()
	go func() { // removed from the room while ringing: stop ringing the callee
		select {
		case <-part.Gone():
			cancel()
		case <-dctx.Done():
		}
	}()

	headers := []sip.Header{
		&sip.FromHeader{DisplayName: t.fromName, Address: t.from, Params: sip.NewParams()},
		&sip.ToHeader{DisplayName: t.toName, Address: t.to, Params: sip.NewParams()},
	}
	keys := make([]string, 0, len(req.Headers))
	for k := range req.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !isDialogHeader(k) {
			headers = append(headers, sip.NewHeader(k, req.Headers[k]))
		}
	}
	ringingSeen := false
	c.log.Info("dialing", "transport", t.transport, "from", t.from.String())
	d, med, err := c.b.dg.Invite(dctx, t.uri, diago.InviteOptions{
		Transport: t.transport,
		Username:  req.Username,
		Password:  req.Password,
		Headers:   headers,
		OnResponse: func(res *sip.Response) error {
			if (res.StatusCode == 180 || res.StatusCode == 183) && !ringingSeen {
				ringingSeen = true
				c.log.Info("callee ringing", "status", res.StatusCode)
				c.setStatus(statusRinging)
			}
			return nil
		},
	})
	if err != nil {
		rpcErr, reason := dialError(err, dctx, ctx, part, ringing)
		c.log.Info("dial failed", "error", rpcErr.Error())
		end := endFailed(reason, rpcErr.Error())
		end.disconnect = dialDisconnectReason(rpcErr)
		c.finish(end)
		return rpcErr
	}
	sipCallID := ""
	if h := d.InviteRequest.CallID(); h != nil {
		sipCallID = h.Value()
	}
	// Not added to c.log: other goroutines (transfers, room callbacks) read it by now.
	c.b.calls.setSIPCallID(c, sipCallID)
	c.mu.Lock()
	c.dialog = d
	c.mu.Unlock()
	if err := c.startMedia(med); err != nil {
		c.finish(endFailed("media-failed", err.Error()))
		return psrpc.NewError(psrpc.Internal, err)
	}
	part.SetAttributes(map[string]string{attrCallIDFull: sipCallID})
	if digits := req.GetDtmf(); digits != "" {
		c.setStatus("automation")
		if err := c.sendDigits(ctx, digits); err != nil {
			c.log.Warn("could not send the requested digits", "error", err.Error())
		}
	}
	c.b.count.outboundAnswered.Add(1)
	c.mu.Lock()
	c.status = statusActive
	c.mu.Unlock()
	// With wait_until_answered the API caller reads the participant next: it must already say "active".
	part.SetAttributesConfirmed(map[string]string{livekit.AttrSIPCallStatus: statusActive}, 2*time.Second)
	c.state.Update(func(info *livekit.SIPCallInfo) {
		info.SipCallId = sipCallID
		info.CallStatus = livekit.SIPCallStatus_SCS_ACTIVE
		info.StartedAtNs = time.Now().UnixNano()
		info.AudioCodec = c.codec.Name
	})
	c.log.Info("callee answered", "sipCallID", sipCallID)
	return nil
}

func (c *Call) sendDigits(ctx context.Context, digits string) error {
	c.mu.Lock()
	send := c.send
	c.mu.Unlock()
	return send.WriteDigits(ctx, digits)
}

// dialError turns a failed INVITE into the error livekit-server relays:
// the callee's SIP status when there was one, 408 for no answer in time.
func dialError(err error, dctx, rpcCtx context.Context, part interface{ Gone() <-chan struct{} }, ringing time.Duration) (error, string) {
	var resp *sipgo.ErrDialogResponse
	var respVal sipgo.ErrDialogResponse
	switch {
	case errors.As(err, &resp) && resp != nil && resp.Res != nil:
		return control.SIPError(resp.Res.StatusCode, resp.Res.Reason, "INVITE failed"), fmt.Sprintf("callee-%d", resp.Res.StatusCode)
	case errors.As(err, &respVal) && respVal.Res != nil:
		return control.SIPError(respVal.Res.StatusCode, respVal.Res.Reason, "INVITE failed"), fmt.Sprintf("callee-%d", respVal.Res.StatusCode)
	}
	select {
	case <-part.Gone():
		return psrpc.NewErrorf(psrpc.Canceled, "participant left the room while dialing"), "cancelled"
	default:
	}
	if rpcCtx.Err() != nil {
		return psrpc.NewErrorf(psrpc.Canceled, "dial abandoned: %v", rpcCtx.Err()), "cancelled"
	}
	if errors.Is(dctx.Err(), context.DeadlineExceeded) {
		return control.SIPError(408, "Request Timeout", fmt.Sprintf("no answer within %s", ringing)), "no-answer"
	}
	return psrpc.NewErrorf(psrpc.Unavailable, "INVITE failed: %v", err), "dial-error"
}

// dialDisconnectReason is the reason the callee's participant leaves with
// when the dial failed, mapped from the SIP status as livekit-sip does:
// refused (busy, declined, forbidden) → USER_REJECTED, not reached (no answer,
// not found, unavailable) → USER_UNAVAILABLE, trunk errors → SIP_TRUNK_FAILURE.
func dialDisconnectReason(err error) livekit.DisconnectReason {
	code, ok := control.SIPStatusOf(err)
	if !ok {
		return livekit.DisconnectReason_USER_UNAVAILABLE // cancelled or no response at all
	}
	switch {
	case code == 401 || code == 403 || code == 407 || code == 486 || code == 488 || (code >= 600 && code < 700):
		return livekit.DisconnectReason_USER_REJECTED
	case code >= 400 && code < 500:
		return livekit.DisconnectReason_USER_UNAVAILABLE
	case code >= 500 && code < 600:
		return livekit.DisconnectReason_SIP_TRUNK_FAILURE
	}
	return livekit.DisconnectReason_UNKNOWN_REASON
}
