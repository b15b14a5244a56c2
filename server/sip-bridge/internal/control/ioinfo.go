package control

import (
	"context"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"
)

// rpcTimeout bounds each question to livekit-server; a caller waits on it
// while ringing, so a missing server must fail fast (503), not hang.
const rpcTimeout = 5 * time.Second

// IOInfo asks livekit-server about calls. It uses rpc.IOInfoClient:
// livekit-server v1.13.5 serves the SIP methods there, not on IOInfoSIP.
type IOInfo struct {
	client rpc.IOInfoClient
}

// NewIOInfo connects the client to the bus.
func NewIOInfo(bus psrpc.MessageBus) (*IOInfo, error) {
	c, err := rpc.NewIOInfoClient(bus)
	if err != nil {
		return nil, err
	}
	return &IOInfo{client: c}, nil
}

// Authenticate asks which trunk the call belongs to and whether it needs
// credentials. The deprecated flat fields are filled too: servers read
// either, depending on their protocol version.
func (i *IOInfo) Authenticate(ctx context.Context, call *rpc.SIPCall) (*rpc.GetSIPTrunkAuthenticationResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, rpcTimeout)
	defer cancel()
	return i.client.GetSIPTrunkAuthentication(ctx, &rpc.GetSIPTrunkAuthenticationRequest{
		Call:       call,
		SipCallId:  call.LkCallId,
		From:       call.From.GetUser(),
		FromHost:   call.From.GetHost(),
		To:         call.To.GetUser(),
		ToHost:     call.To.GetHost(),
		SrcAddress: call.SourceIp,
	})
}

// Dispatch asks which room the call goes to.
func (i *IOInfo) Dispatch(ctx context.Context, call *rpc.SIPCall, trunkID string) (*rpc.EvaluateSIPDispatchRulesResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, rpcTimeout)
	defer cancel()
	resp, err := i.client.EvaluateSIPDispatchRules(ctx, &rpc.EvaluateSIPDispatchRulesRequest{
		SipTrunkId:    trunkID,
		Call:          call,
		SipCallId:     call.LkCallId,
		CallingNumber: call.From.GetUser(),
		CallingHost:   call.From.GetHost(),
		CalledNumber:  call.To.GetUser(),
		CalledHost:    call.To.GetHost(),
		SrcAddress:    call.SourceIp,
	})
	if err == nil {
		resp.Upgrade()
	}
	return resp, err
}

// UpdateState reports a call's progress. livekit-server v1.13.5 accepts and
// ignores it; newer servers and LiveKit Cloud keep the call history from it.
func (i *IOInfo) UpdateState(ctx context.Context, info *livekit.SIPCallInfo) error {
	ctx, cancel := context.WithTimeout(ctx, rpcTimeout)
	defer cancel()
	_, err := i.client.UpdateSIPCallState(ctx, &rpc.UpdateSIPCallStateRequest{CallInfo: info})
	return err
}
