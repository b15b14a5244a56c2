package control

import (
	"context"
	"errors"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"
)

// Calls is what the SIPInternal service delegates to (the bridge).
type Calls interface {
	// Dial places an outbound call into a room (CreateSIPParticipant).
	Dial(ctx context.Context, req *rpc.InternalCreateSIPParticipantRequest) (*rpc.InternalCreateSIPParticipantResponse, error)
	// Transfer REFERs the call with this sip.callID to transferTo.
	Transfer(ctx context.Context, req *rpc.InternalTransferSIPParticipantRequest) error
}

// Service serves livekit-server's SIPInternal requests on the bus:
// CreateSIPParticipant on topic "" (any bridge may claim it) and
// TransferSIPParticipant on a topic per call (its sip.callID), registered
// while the call lives so the server reaches the bridge that holds it.
type Service struct {
	srv   rpc.SIPInternalServer
	calls Calls
}

// StartService registers the outbound-dial topic and starts serving.
func StartService(bus psrpc.MessageBus, calls Calls) (*Service, error) {
	s := &Service{calls: calls}
	srv, err := rpc.NewSIPInternalServer(handler{s}, bus)
	if err != nil {
		return nil, err
	}
	s.srv = srv
	if err := srv.RegisterCreateSIPParticipantTopic(""); err != nil {
		srv.Kill()
		return nil, err
	}
	return s, nil
}

// RegisterCall makes transfers for callID reach this process.
func (s *Service) RegisterCall(callID string) error {
	return s.srv.RegisterTransferSIPParticipantTopic(callID)
}

// DeregisterCall stops serving transfers for a finished call.
func (s *Service) DeregisterCall(callID string) {
	s.srv.DeregisterTransferSIPParticipantTopic(callID)
}

// Shutdown stops taking new requests and waits for running ones.
func (s *Service) Shutdown() {
	s.srv.DeregisterCreateSIPParticipantTopic("")
	s.srv.Shutdown()
}

type handler struct{ s *Service }

func (h handler) CreateSIPParticipant(ctx context.Context, req *rpc.InternalCreateSIPParticipantRequest) (*rpc.InternalCreateSIPParticipantResponse, error) {
	resp, err := h.s.calls.Dial(ctx, req)
	return resp, withSIPStatus(err)
}

// TransferSIPParticipant answers with an empty message. protocol v1.51 (what
// server-sdk-go v2.19 needs) declares InternalTransferSIPParticipantResponse
// where livekit-server v1.13.5 expects google.protobuf.Empty; with no fields
// set both encode to zero bytes, so the two stay wire compatible (see
// TestPsrpcWireCompatibility).
func (h handler) TransferSIPParticipant(ctx context.Context, req *rpc.InternalTransferSIPParticipantRequest) (*rpc.InternalTransferSIPParticipantResponse, error) {
	err := h.s.calls.Transfer(ctx, req)
	return &rpc.InternalTransferSIPParticipantResponse{}, withSIPStatus(err)
}

// withSIPStatus makes sure a SIP status travels as a psrpc detail even when
// the error was wrapped on the way up.
func withSIPStatus(err error) error {
	if err == nil {
		return nil
	}
	var pe psrpc.Error
	if errors.As(err, &pe) {
		return err
	}
	var st *livekit.SIPStatus
	if errors.As(err, &st) {
		return psrpc.NewError(psrpc.ErrorCodeFromGRPC(st.GRPCStatus().Code()), err, st)
	}
	return err
}
