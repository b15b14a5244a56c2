package media

import (
	"context"

	"github.com/livekit/media-sdk/dtmf"
	"github.com/livekit/media-sdk/rtp"
)

// DTMFDetector turns RFC 4733 telephone-event packets into one key press each.
//
// A digit is sent as several packets sharing one RTP timestamp: a start
// packet (marker set, duration often 0 — sipp's pcaps do exactly that, and
// diago's own reader drops such digits), updates, and three end packets. We
// report the digit on its first packet and ignore the rest. A repeat of the
// same key gets a new timestamp; a sender replaying identical packets (the
// same pcap twice) is recognised by a marker after the previous event ended.
type DTMFDetector struct {
	seen    bool
	ssrc    uint32
	ts      uint32
	code    byte
	lastEnd bool
}

// Handle returns the key press this packet starts, if any. Payloads shorter
// than an event (4 bytes) and unknown event codes are ignored.
func (d *DTMFDetector) Handle(h *rtp.Header, payload []byte) (dtmf.Event, bool) {
	ev, err := dtmf.Decode(payload)
	if err != nil {
		return dtmf.Event{}, false
	}
	same := d.seen && h.SSRC == d.ssrc && h.Timestamp == d.ts && ev.Code == d.code
	if same && !(h.Marker && d.lastEnd) {
		d.lastEnd = d.lastEnd || ev.End
		return dtmf.Event{}, false
	}
	d.seen, d.ssrc, d.ts, d.code, d.lastEnd = true, h.SSRC, h.Timestamp, ev.Code, ev.End
	if ev.Digit == 0 {
		return dtmf.Event{}, false // flash-hook and other non-key events
	}
	return ev, true
}

// WriteDigits sends digits to the caller as telephone-events (RFC 4733),
// 20 ms packets at the events stream's clock, starting at startTS so they line
// up with the audio stream.
func WriteDigits(ctx context.Context, events *rtp.Stream, startTS uint32, digits string) error {
	return dtmf.Write(ctx, nil, events, SampleRate, startTS, digits)
}
