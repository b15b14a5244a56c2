package bridge

import (
	"sync"
	"sync/atomic"
)

// Limiter bounds concurrent calls (max_concurrent_calls): each call holds a
// slot from its first SIP message to its last cleanup, so the RTP port pairs,
// room connections and goroutines a call owns are bounded too.
type Limiter struct {
	max    int64
	active atomic.Int64
}

// NewLimiter allows max calls at once.
func NewLimiter(max int) *Limiter { return &Limiter{max: int64(max)} }

// Full is a cheap pre-check for INVITE floods; Acquire is authoritative.
func (l *Limiter) Full() bool { return l.active.Load() >= l.max }

// Active is the number of slots held.
func (l *Limiter) Active() int { return int(l.active.Load()) }

// Max is the configured capacity.
func (l *Limiter) Max() int { return int(l.max) }

// Acquire takes a slot, or reports false at capacity. The release function
// is idempotent: every exit path of a call may call it.
func (l *Limiter) Acquire() (release func(), ok bool) {
	for {
		n := l.active.Load()
		if n >= l.max {
			return nil, false
		}
		if l.active.CompareAndSwap(n, n+1) {
			var once sync.Once
			return func() { once.Do(func() { l.active.Add(-1) }) }, true
		}
	}
}
