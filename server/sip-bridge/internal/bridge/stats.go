package bridge

import (
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// counters are process totals since start, served on /stats.
type counters struct {
	inboundOffered   atomic.Uint64 // INVITEs that started a call
	inboundAnswered  atomic.Uint64
	outboundDialed   atomic.Uint64
	outboundAnswered atomic.Uint64
	transfersOK      atomic.Uint64
	transfersFailed  atomic.Uint64
	mediaTimeouts    atomic.Uint64
	panics           atomic.Uint64

	mu       sync.Mutex
	rejected map[int]uint64 // by SIP status we answered (inbound) or got (outbound)
	ended    map[string]uint64
}

func (c *counters) reject(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rejected == nil {
		c.rejected = map[int]uint64{}
	}
	c.rejected[status]++
}

func (c *counters) end(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended == nil {
		c.ended = map[string]uint64{}
	}
	c.ended[reason]++
}

// Stats is the /stats document.
type Stats struct {
	UptimeSeconds      int64             `json:"uptimeSeconds"`
	Goroutines         int               `json:"goroutines"` // a leak shows as growth between idle periods
	ActiveCalls        int               `json:"activeCalls"`
	MaxConcurrentCalls int               `json:"maxConcurrentCalls"`
	Totals             map[string]uint64 `json:"totals"`
	RejectedByStatus   map[string]uint64 `json:"rejectedByStatus"`
	EndedByReason      map[string]uint64 `json:"endedByReason"`
	Calls              []CallStats       `json:"calls"`
}

// CallStats describes one live call.
type CallStats struct {
	CallID          string `json:"callID"`
	SIPCallID       string `json:"sipCallID"`
	Direction       string `json:"direction"`
	Status          string `json:"status"`
	Room            string `json:"room"`
	Participant     string `json:"participant"`
	Codec           string `json:"codec,omitempty"`
	DurationSeconds int64  `json:"durationSeconds"`
	RTPIn           uint64 `json:"rtpIn"`
	RTPInAudioLoud  uint64 `json:"rtpInAudioLoud"`
	RTPOut          uint64 `json:"rtpOut"`
	RTPOutLoud      uint64 `json:"rtpOutLoud"`
	RTPIgnored      uint64 `json:"rtpIgnored"`
	DigitsIn        uint64 `json:"digitsIn"`
	DigitsOut       uint64 `json:"digitsOut"`
}

func (c *counters) snapshot(started time.Time, active, max int, calls []CallStats) Stats {
	c.mu.Lock()
	rejected := make(map[string]uint64, len(c.rejected))
	for code, n := range c.rejected {
		rejected[strconv.Itoa(code)] = n
	}
	ended := make(map[string]uint64, len(c.ended))
	for r, n := range c.ended {
		ended[r] = n
	}
	c.mu.Unlock()
	if calls == nil {
		calls = []CallStats{}
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].CallID < calls[j].CallID })
	return Stats{
		UptimeSeconds:      int64(time.Since(started).Seconds()),
		Goroutines:         runtime.NumGoroutine(),
		ActiveCalls:        active,
		MaxConcurrentCalls: max,
		Totals: map[string]uint64{
			"inboundOffered":   c.inboundOffered.Load(),
			"inboundAnswered":  c.inboundAnswered.Load(),
			"outboundDialed":   c.outboundDialed.Load(),
			"outboundAnswered": c.outboundAnswered.Load(),
			"transfersOK":      c.transfersOK.Load(),
			"transfersFailed":  c.transfersFailed.Load(),
			"mediaTimeouts":    c.mediaTimeouts.Load(),
			"panics":           c.panics.Load(),
		},
		RejectedByStatus: rejected,
		EndedByReason:    ended,
		Calls:            calls,
	}
}
