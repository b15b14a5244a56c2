// Package control is the bridge's side of livekit-server's SIP API over the
// shared Redis (psrpc): it asks the server whether and where to take a call
// (IOInfo: trunk authentication, dispatch rules, call state) and serves the
// server's requests (SIPInternal: outbound dial, transfer). The functions in
// this file turn the server's answers into SIP responses; they are pure.
package control

import (
	"errors"
	"fmt"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"
)

// Rejection is a final SIP response to an INVITE the bridge will not take.
type Rejection struct {
	Status int
	Reason string // reason phrase on the wire
	Why    string // for the log: what the server said
}

func (r *Rejection) Error() string { return fmt.Sprintf("%d %s: %s", r.Status, r.Reason, r.Why) }

// Credentials the trunk requires (digest auth).
type Credentials struct {
	Username, Password, Realm string
}

// AuthDecision maps GetSIPTrunkAuthentication's answer: reject, accept, or
// accept after a digest challenge (creds non-nil). Address and number checks
// happen on the server; a caller from a non-allowed address typically matches
// no trunk and is refused later by dispatch (DROP).
func AuthDecision(resp *rpc.GetSIPTrunkAuthenticationResponse, err error) (*Credentials, *Rejection) {
	if err != nil {
		return nil, &Rejection{503, "Service Unavailable", "trunk authentication failed: " + err.Error()}
	}
	switch resp.GetErrorCode() {
	case rpc.SIPTrunkAuthenticationError_SIP_TRUNK_AUTH_ERROR_QUOTA_EXCEEDED:
		return nil, &Rejection{503, "Service Unavailable", "quota exceeded"}
	case rpc.SIPTrunkAuthenticationError_SIP_TRUNK_AUTH_ERROR_NO_TRUNK_FOUND:
		return nil, &Rejection{404, "Not Found", "no trunk found"}
	}
	if resp.GetDrop() {
		return nil, &Rejection{403, "Forbidden", "trunk configuration drops this call"}
	}
	if resp.GetUsername() != "" && resp.GetPassword() != "" {
		return &Credentials{Username: resp.GetUsername(), Password: resp.GetPassword(), Realm: resp.GetRealm()}, nil
	}
	return nil, nil
}

// DispatchDecision maps EvaluateSIPDispatchRules' answer. Only an ACCEPT with
// a room reaches a room. livekit-sip silently drops DROP results (to hide
// from scanners); this bridge answers 403 so a refused caller hears why.
func DispatchDecision(resp *rpc.EvaluateSIPDispatchRulesResponse, err error) *Rejection {
	if err != nil {
		return &Rejection{503, "Service Unavailable", "dispatch rule evaluation failed: " + err.Error()}
	}
	result := resp.GetResult()
	if result == rpc.SIPDispatchResult_LEGACY_ACCEPT_OR_PIN {
		result = rpc.SIPDispatchResult_ACCEPT
		if resp.GetRequestPin() {
			result = rpc.SIPDispatchResult_REQUEST_PIN
		}
	}
	switch result {
	case rpc.SIPDispatchResult_ACCEPT:
		if resp.GetRoomName() == "" {
			return &Rejection{500, "Server Internal Error", "dispatch accepted the call without a room name"}
		}
		return nil
	case rpc.SIPDispatchResult_REQUEST_PIN:
		return &Rejection{403, "Forbidden", "the dispatch rule requires a PIN, which this bridge does not prompt for"}
	case rpc.SIPDispatchResult_REJECT:
		return &Rejection{404, "Not Found", "no dispatch rule matches the call"}
	case rpc.SIPDispatchResult_DROP:
		return &Rejection{403, "Forbidden", "no trunk or dispatch rule allows this caller"}
	default:
		return &Rejection{500, "Server Internal Error", fmt.Sprintf("unknown dispatch result %v", result)}
	}
}

// SIPError wraps a SIP status from the far end (outbound INVITE, REFER,
// NOTIFY) as a psrpc error livekit-server relays to the API caller: the gRPC
// code follows the SIP class and the SIPStatus travels as a detail, as
// livekit-sip does (so a busy callee reads "486 Busy Here").
func SIPError(code int, reason string, context string) error {
	st := &livekit.SIPStatus{Code: livekit.SIPStatusCode(code), Status: reason}
	return psrpc.NewError(psrpc.ErrorCodeFromGRPC(st.GRPCStatus().Code()), fmt.Errorf("%s: %w", context, st), st)
}

// SIPStatusOf digs the SIP status out of an error made by SIPError.
func SIPStatusOf(err error) (int, bool) {
	var st *livekit.SIPStatus
	if errors.As(err, &st) {
		return int(st.Code), true
	}
	return 0, false
}
