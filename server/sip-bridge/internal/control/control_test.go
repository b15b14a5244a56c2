package control

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"
)

func TestAuthDecision(t *testing.T) {
	cases := []struct {
		name       string
		resp       *rpc.GetSIPTrunkAuthenticationResponse
		err        error
		wantStatus int // 0 = accepted
		wantCreds  bool
	}{
		{"server down", nil, errors.New("no response"), 503, false},
		{"open trunk", &rpc.GetSIPTrunkAuthenticationResponse{SipTrunkId: "ST_1"}, nil, 0, false},
		{"no trunk matched (server lets dispatch decide)", &rpc.GetSIPTrunkAuthenticationResponse{}, nil, 0, false},
		{"digest trunk", &rpc.GetSIPTrunkAuthenticationResponse{Username: "u", Password: "p", SipTrunkId: "ST_1"}, nil, 0, true},
		{"username only is not auth", &rpc.GetSIPTrunkAuthenticationResponse{Username: "u"}, nil, 0, false},
		{"drop", &rpc.GetSIPTrunkAuthenticationResponse{Drop: true}, nil, 403, false},
		{"quota", &rpc.GetSIPTrunkAuthenticationResponse{ErrorCode: rpc.SIPTrunkAuthenticationError_SIP_TRUNK_AUTH_ERROR_QUOTA_EXCEEDED}, nil, 503, false},
		{"no trunk found", &rpc.GetSIPTrunkAuthenticationResponse{ErrorCode: rpc.SIPTrunkAuthenticationError_SIP_TRUNK_AUTH_ERROR_NO_TRUNK_FOUND}, nil, 404, false},
	}
	for _, tc := range cases {
		creds, rej := AuthDecision(tc.resp, tc.err)
		status := 0
		if rej != nil {
			status = rej.Status
		}
		if status != tc.wantStatus || (creds != nil) != tc.wantCreds {
			t.Errorf("%s: status %d creds %v", tc.name, status, creds)
		}
	}
}

func TestDispatchDecision(t *testing.T) {
	cases := []struct {
		name string
		resp *rpc.EvaluateSIPDispatchRulesResponse
		err  error
		want int
	}{
		{"accept", &rpc.EvaluateSIPDispatchRulesResponse{Result: rpc.SIPDispatchResult_ACCEPT, RoomName: "call-_1_x"}, nil, 0},
		{"legacy accept", &rpc.EvaluateSIPDispatchRulesResponse{RoomName: "r"}, nil, 0},
		{"legacy pin", &rpc.EvaluateSIPDispatchRulesResponse{RequestPin: true}, nil, 403},
		{"accept without room", &rpc.EvaluateSIPDispatchRulesResponse{Result: rpc.SIPDispatchResult_ACCEPT}, nil, 500},
		{"pin", &rpc.EvaluateSIPDispatchRulesResponse{Result: rpc.SIPDispatchResult_REQUEST_PIN}, nil, 403},
		{"reject", &rpc.EvaluateSIPDispatchRulesResponse{Result: rpc.SIPDispatchResult_REJECT}, nil, 404},
		{"drop (caller not allowed)", &rpc.EvaluateSIPDispatchRulesResponse{Result: rpc.SIPDispatchResult_DROP}, nil, 403},
		{"unknown", &rpc.EvaluateSIPDispatchRulesResponse{Result: 99}, nil, 500},
		{"server error", nil, psrpc.NewErrorf(psrpc.Unavailable, "no servers"), 503},
	}
	for _, tc := range cases {
		rej := DispatchDecision(tc.resp, tc.err)
		got := 0
		if rej != nil {
			got = rej.Status
			if rej.Reason == "" || rej.Why == "" {
				t.Errorf("%s: rejection without reason: %+v", tc.name, rej)
			}
		}
		if got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestSIPErrorCarriesStatus(t *testing.T) {
	err := SIPError(486, "Busy Here", "INVITE failed")
	var pe psrpc.Error
	if !errors.As(err, &pe) {
		t.Fatalf("not a psrpc error: %T", err)
	}
	if pe.Code() == psrpc.OK || pe.Code() == psrpc.Unknown {
		t.Errorf("code %v", pe.Code())
	}
	if code, ok := SIPStatusOf(err); !ok || code != 486 {
		t.Errorf("status %d %v", code, ok)
	}
	if !strings.Contains(err.Error(), "486") || !strings.Contains(err.Error(), "INVITE failed") {
		t.Errorf("message %q", err)
	}
	// A bare SIPStatus wrapped deeper is lifted into a psrpc error for the wire.
	wrapped := withSIPStatus(errors.Join(errors.New("transfer"), &livekit.SIPStatus{Code: 603, Status: "Declined"}))
	if !errors.As(wrapped, &pe) {
		t.Errorf("withSIPStatus: %T", wrapped)
	}
}

type recordingSink struct {
	mu    sync.Mutex
	calls []livekit.SIPCallStatus
}

func (r *recordingSink) UpdateState(_ context.Context, info *livekit.SIPCallInfo) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, info.CallStatus)
	return nil
}

func TestCallStateReportsInOrder(t *testing.T) {
	sink := &recordingSink{}
	st := NewCallState(sink, &livekit.SIPCallInfo{CallId: "SCL_x", CallStatus: livekit.SIPCallStatus_SCS_CALL_INCOMING}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	st.Update(func(i *livekit.SIPCallInfo) { i.CallStatus = livekit.SIPCallStatus_SCS_ACTIVE })
	st.Finish(func(i *livekit.SIPCallInfo) {
		i.CallStatus = livekit.SIPCallStatus_SCS_ERROR
		i.Error = "media timeout"
	})
	st.Update(func(i *livekit.SIPCallInfo) { i.CallStatus = livekit.SIPCallStatus_SCS_ACTIVE }) // after Finish: ignored
	want := []livekit.SIPCallStatus{livekit.SIPCallStatus_SCS_CALL_INCOMING, livekit.SIPCallStatus_SCS_ACTIVE, livekit.SIPCallStatus_SCS_ERROR}
	if len(sink.calls) != len(want) {
		t.Fatalf("reports %v", sink.calls)
	}
	for i := range want {
		if sink.calls[i] != want[i] {
			t.Errorf("report %d = %v, want %v", i, sink.calls[i], want[i])
		}
	}
	if st.Info().Error != "media timeout" {
		t.Errorf("info %+v", st.Info())
	}
}
