// Package media moves a call's audio between RTP and PCM: it reads and
// validates RTP from the caller (G.711 audio, RFC 4733 digits, anything else
// counted and dropped), writes paced G.711 and telephone-events back, and
// watches for silence on the wire (media timeout). It knows nothing of SIP
// signalling or LiveKit rooms.
package media

import (
	"fmt"
	"strings"

	"github.com/livekit/media-sdk/g711"
)

// SampleRate is G.711's clock rate; rooms get caller audio at this rate and
// LiveKit's track resamples to Opus.
const SampleRate = 8000

// FrameSamples is one 20 ms frame at SampleRate, the ptime both sides use.
const FrameSamples = SampleRate / 50

// PayloadTypeComfortNoise (RFC 3389) keeps a call alive without audio.
const PayloadTypeComfortNoise = 13

// Codec is what SDP negotiation settled on for one call.
type Codec struct {
	Name string // "PCMU" or "PCMA"
	// SendPT / RecvPT differ only when the peer remapped a dynamic type.
	SendPT, RecvPT uint8
	// DTMFSendPT / DTMFRecvPT are the telephone-event types; -1 when not negotiated.
	DTMFSendPT, DTMFRecvPT int
}

// CodecFor returns the codec description for a negotiated G.711 name.
func CodecFor(name string, sendPT, recvPT uint8) (Codec, error) {
	switch strings.ToUpper(name) {
	case "PCMU", "PCMA":
		return Codec{Name: strings.ToUpper(name), SendPT: sendPT, RecvPT: recvPT, DTMFSendPT: -1, DTMFRecvPT: -1}, nil
	}
	return Codec{}, fmt.Errorf("codec %q is not supported (PCMU or PCMA only)", name)
}

// WithDTMF adds the telephone-event payload types.
func (c Codec) WithDTMF(sendPT, recvPT uint8) Codec {
	c.DTMFSendPT, c.DTMFRecvPT = int(sendPT), int(recvPT)
	return c
}

func (c Codec) decode(dst []int16, src []byte) {
	if c.Name == "PCMA" {
		g711.DecodeALawTo(dst, src)
	} else {
		g711.DecodeULawTo(dst, src)
	}
}

func (c Codec) encode(dst []byte, src []int16) {
	if c.Name == "PCMA" {
		g711.EncodeALawTo(dst, src)
	} else {
		g711.EncodeULawTo(dst, src)
	}
}
