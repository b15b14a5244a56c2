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
type Watchdog struct {
	timeout time.Duration
	last    atomic.Int64 // unix nanoseconds of the last media packet (or the start)
}

// NewWatchdog starts the clock at now: a call that never sends a packet
// times out one timeout after it was answered.
func NewWatchdog(timeout time.Duration, now time.Time) *Watchdog {
	w := &Watchdog{timeout: timeout}
	w.last.Store(now.UnixNano())
	return w
}

// Touch records media at now.
func (w *Watchdog) Touch(now time.Time) { w.last.Store(now.UnixNano()) }

// Silent reports how long no media arrived.
func (w *Watchdog) Silent(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, w.last.Load()))
}

// Expired reports whether the caller has been silent for the whole timeout.
func (w *Watchdog) Expired(now time.Time) bool { return w.Silent(now) >= w.timeout }

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
