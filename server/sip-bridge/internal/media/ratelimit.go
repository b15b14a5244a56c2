package media

import (
	"sync"
	"time"
)

// sampleBudget caps caller audio at real time plus a burst. LiveKit's
// PCMLocalTrack queues whatever it is given without bound and drains 20 ms per
// tick, so a peer (or attacker) sending packets faster than real time would
// grow memory and delay for the whole call; excess samples are dropped here.
type sampleBudget struct {
	mu     sync.Mutex
	rate   float64 // samples per second
	burst  float64
	tokens float64
	last   time.Time
}

func newSampleBudget(rate int, burst time.Duration) *sampleBudget {
	b := float64(rate) * burst.Seconds()
	return &sampleBudget{rate: float64(rate), burst: b, tokens: b}
}

// take reports whether n samples fit the budget at now, spending them if so.
func (b *sampleBudget) take(n int, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if float64(n) > b.tokens {
		return false
	}
	b.tokens -= float64(n)
	return true
}
