package media

import (
	"context"
	"sync/atomic"
	"time"
)

// Watchdog ends a call whose caller stopped sending media: a phone that lost
// its network never sends BYE, and without this the call (its room
// participant, ports and goroutines) would live until max_call_duration.
// Any valid audio, comfort noise or telephone-event packet counts as alive.
//
// Like livekit-sip, the first packet may take longer (initial) than the gap
// allowed later (timeout): some peers start their RTP late.
type Watchdog struct {
	timeout, initial time.Duration
	last             atomic.Int64 // unix nanoseconds of the last media packet (or the start)
	touched          atomic.Bool
}

// NewWatchdog starts the clock at now.
func NewWatchdog(timeout, initial time.Duration, now time.Time) *Watchdog {
	w := &Watchdog{timeout: timeout, initial: max(initial, timeout)}
	w.last.Store(now.UnixNano())
	return w
}

// Touch records media at now.
func (w *Watchdog) Touch(now time.Time) {
	w.last.Store(now.UnixNano())
	w.touched.Store(true)
}

// Silent reports how long no media arrived.
func (w *Watchdog) Silent(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, w.last.Load()))
}

// Limit is the silence allowed now: initial until the first packet, then timeout.
func (w *Watchdog) Limit() time.Duration {
	if w.touched.Load() {
		return w.timeout
	}
	return w.initial
}

// Expired reports whether the caller has been silent for too long.
func (w *Watchdog) Expired(now time.Time) bool { return w.Silent(now) >= w.Limit() }

// Wait returns when the timeout expires (true) or ctx ends (false). It
// checks four times per timeout, so it fires at most a quarter late.
func (w *Watchdog) Wait(ctx context.Context) bool {
	tick := time.NewTicker(max(w.timeout/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case now := <-tick.C:
			if w.Expired(now) {
				return true
			}
		}
	}
}
