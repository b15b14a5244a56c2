package control

import (
	"context"
	"log/slog"
	"sync"

	"github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"
)

// StateSink receives call-state snapshots (IOInfo.UpdateState in production).
type StateSink interface {
	UpdateState(ctx context.Context, info *livekit.SIPCallInfo) error
}

// CallState is one call's livekit.SIPCallInfo, reported to the server after
// every change. Reports go out in order on one goroutine and never block the
// call: a slow or absent server must not delay audio or hang-up.
type CallState struct {
	mu     sync.Mutex
	info   *livekit.SIPCallInfo
	queue  chan *livekit.SIPCallInfo
	closed bool
	done   chan struct{}
}

// NewCallState starts reporting for info (sent once immediately).
func NewCallState(sink StateSink, info *livekit.SIPCallInfo, log *slog.Logger) *CallState {
	s := &CallState{info: info, queue: make(chan *livekit.SIPCallInfo, 16), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for snap := range s.queue {
			if err := sink.UpdateState(context.Background(), snap); err != nil {
				log.Debug("call state not reported", "status", snap.CallStatus.String(), "error", err.Error())
			}
		}
	}()
	s.Update(func(*livekit.SIPCallInfo) {})
	return s
}

// Update changes the info and queues a report. When the queue is full (the
// server stopped answering) the snapshot is skipped; the next one carries
// the newer state anyway.
func (s *CallState) Update(change func(*livekit.SIPCallInfo)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	change(s.info)
	snap := proto.Clone(s.info).(*livekit.SIPCallInfo)
	select {
	case s.queue <- snap:
	default:
	}
}

// Info returns a copy of the current state.
func (s *CallState) Info() *livekit.SIPCallInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return proto.Clone(s.info).(*livekit.SIPCallInfo)
}

// Finish applies the final change, reports it and stops the reporter. It
// waits for the queue to drain (bounded by the RPC timeout per report).
func (s *CallState) Finish(change func(*livekit.SIPCallInfo)) {
	s.Update(change)
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	<-s.done
}
