package logging

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// limitHandler caps how often one message may be logged, so a flood of junk
// (every unparsable datagram makes sipgo log "failed to parse" with its
// bytes, every refused INVITE one line) cannot turn into a flood of log
// output. Each message text gets a token bucket; lines over it are dropped
// and the next line let through says how many were ("suppressed").
type limitHandler struct {
	slog.Handler
	state *limitState
}

type limitState struct {
	mu      sync.Mutex
	burst   float64
	perSec  float64
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens     float64
	last       time.Time
	suppressed int
}

// maxTrackedMessages bounds the map: messages are library constants, but a
// library formatting data into its message must not grow memory forever.
const maxTrackedMessages = 1000

func newLimitHandler(h slog.Handler, burst int, perSec float64) *limitHandler {
	return &limitHandler{Handler: h, state: &limitState{burst: float64(burst), perSec: perSec, buckets: map[string]*bucket{}, now: time.Now}}
}

func (h *limitHandler) Handle(ctx context.Context, r slog.Record) error {
	suppressed, ok := h.state.allow(r.Message)
	if !ok {
		return nil
	}
	if suppressed > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", suppressed))
	}
	return h.Handler.Handle(ctx, r)
}

func (s *limitState) allow(msg string) (suppressed int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b := s.buckets[msg]
	if b == nil {
		if len(s.buckets) >= maxTrackedMessages {
			s.buckets = map[string]*bucket{}
		}
		b = &bucket{tokens: s.burst, last: now}
		s.buckets[msg] = b
	}
	b.tokens = min(s.burst, b.tokens+now.Sub(b.last).Seconds()*s.perSec)
	b.last = now
	if b.tokens < 1 {
		b.suppressed++
		return 0, false
	}
	b.tokens--
	suppressed, b.suppressed = b.suppressed, 0
	return suppressed, true
}

func (h *limitHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &limitHandler{Handler: h.Handler.WithAttrs(attrs), state: h.state}
}

func (h *limitHandler) WithGroup(name string) slog.Handler {
	return &limitHandler{Handler: h.Handler.WithGroup(name), state: h.state}
}
